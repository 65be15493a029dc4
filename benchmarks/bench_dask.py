"""Wall time of one flow run with the thread task runner and with Dask, on a generated corpus.
Prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_dask.py [--count 200] [--batch-size 20] [--address tcp://HOST:8786]

Writes --count articles with scripts/generate_corpus.py, runs `article_etl` once as a warm-up
(one seed article: Prefect's ephemeral API server, imports and the seed tables are not charged),
then over the corpus with `task_runner="thread"` and with `task_runner="dask"` (a LocalCluster of
one process per core that the run starts and stops, or the scheduler at --address), each into a
fresh SQLite file. Prints one JSON object: articles, batches, seconds and articles per second of
each run, and whether both databases hold the same number of facts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed_run(sources: list[str], db_url: str, report_dir: str, batch_size: int, **runner: object) -> dict:
    from flows.article_etl import article_etl

    start = time.perf_counter()
    state = article_etl(sources=sources, db_url=db_url, report_dir=report_dir, batch_size=batch_size,
                        return_state=True, **runner)
    seconds = time.perf_counter() - start
    outcome = state.result(raise_on_failure=False)
    summary = getattr(outcome, "summary", outcome)
    articles = sum(b.articles for b in summary.batches)
    return {"seconds": round(seconds, 1), "articles": articles, "batches": len(summary.batches),
            "articles_per_second": round(articles / seconds, 2)}


def fact_count(db_url: str) -> int:
    from tasks.load import make_engine, table_counts

    return table_counts(make_engine(db_url))["facts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--address", help="a running Dask scheduler (default: a LocalCluster per run)")
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

    with tempfile.TemporaryDirectory(prefix="bench-dask-") as work:
        work_dir = Path(work)
        corpus = work_dir / "corpus"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_corpus.py"), "--count", str(args.count),
                        str(corpus)], check=True, capture_output=True)
        # One folder per generated source (city-daily, invest-portal, ...).
        sources = sorted(str(p) for p in (corpus / "articles").iterdir() if p.is_dir())
        seed = sorted((ROOT / "seeds" / "articles").glob("*.txt"))[0]
        timed_run([str(seed)], f"sqlite:///{work_dir / 'warmup.db'}", str(work_dir / "r0"), args.batch_size)

        figures: dict[str, object] = {"count": args.count, "batch_size": args.batch_size, "cores": os.cpu_count()}
        for name, runner in (("thread", {"task_runner": "thread"}),
                             ("dask", {"task_runner": "dask", "dask_address": args.address})):
            db_url = f"sqlite:///{work_dir / (name + '.db')}"
            figures[name] = timed_run(sources, db_url, str(work_dir / name), args.batch_size, **runner)
            figures[name]["facts"] = fact_count(db_url)  # type: ignore[index]
        figures["same_fact_count"] = figures["thread"]["facts"] == figures["dask"]["facts"]  # type: ignore[index]
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
