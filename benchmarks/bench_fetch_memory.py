"""Peak memory of what a flow run holds for the whole corpus: the fetch phase, run by
benchmarks/run_all.py in a subprocess of its own.

    .venv/bin/python benchmarks/bench_fetch_memory.py SOURCE_FOLDER...

The flow (flows/article_etl.py) collects every source's `fetch_task` result, a list of RawRefs
(path, hash, fetch time: no bytes), splits it into batches and keeps them in a `pending` list;
bytes are read a window of batches at a time. This lists the folders with the same fetch
functions and holds the same lists, without Prefect or extraction, so it can be measured at
sizes (100,000 articles) the whole flow takes long for. Prints one JSON object: articles, the
raw bytes the references stand for, the resident set size before listing (imports done) and
the peak (VmHWM), in MB.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from bench_common import rss_mb
from tasks import fetch
from tasks.models import Batch

BATCH_SIZE = 200


def main(argv: list[str]) -> int:
    before = rss_mb("VmRSS")
    pending = []  # (batch key, raw references), as the flow keeps them
    for folder in argv:
        spec = fetch.SourceSpec(name=Path(folder).name, kind="folder", location=folder)
        refs = fetch.fetch_source(spec, {}).files
        for batch in fetch.chunk(refs, BATCH_SIZE):
            pending.append((Batch.key_for(spec.name, [r.sha256 for r in batch]), batch))
    stands_for = sum(os.path.getsize(r.path) for _, batch in pending for r in batch)
    print(json.dumps({"articles": sum(len(b) for _, b in pending), "raw_mb": round(stands_for / 1e6, 1),
                      "rss_before_mb": round(before, 1), "peak_rss_mb": round(rss_mb("VmHWM"), 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
