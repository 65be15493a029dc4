"""Throughput of extraction (articles per CPU-second of this process, i.e. one core), printed, not asserted.

Usage: .venv/bin/python benchmarks/bench_extract.py [ARTICLE ...]   (default: the five seed articles)
       make bench-extract   (this, for the interpreted code and for the compiled build, side by side)

Normalizes each article once, then times the facts alone (`extract_facts`), the whole
`extract_article` (facts and events), normalize + extract together, and the `zhaoshang extract`
command itself (reading each file and printing its JSON line, in this process), repeating the set
until a few seconds of CPU time have passed. Seed articles are about 7 KB. The first line says
whether the extraction modules are compiled (setup.py) or interpreted.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from pathlib import Path

import tasks.extract
from flows.cli import main as zhaoshang
from tasks.config import load_settings
from tasks.extract import extract_article, extract_facts
from tasks.models import RawArticle
from tasks.normalize import normalize_article
from tasks.reference import load_reference


def rate(fn, items: list, seconds: float = 3.0) -> float:
    """Items per second of fn over items, repeated for at least `seconds`."""
    done, start = 0, time.process_time()
    while True:
        for item in items:
            fn(item)
        done += len(items)
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return done / elapsed


def main(argv: list[str]) -> int:
    settings = load_settings()
    paths = [Path(a) for a in argv] or sorted((settings.seeds_dir / "articles").glob("*.txt"))
    ref = load_reference(settings.seeds_dir)
    raws = [RawArticle("bench", str(p), p.read_bytes(), "") for p in paths]
    articles = [normalize_article(r, ref.text_rules) for r in raws]
    size = sum(len(r.raw) for r in raws) / len(raws) / 1024
    facts = sum(len(extract_article(a, ref).facts) for a in articles)
    facts_rate = rate(lambda a: extract_facts(a, ref), articles)
    extract_rate = rate(lambda a: extract_article(a, ref), articles)
    pipeline_rate = rate(lambda r: extract_article(normalize_article(r, ref.text_rules), ref), raws)
    with contextlib.redirect_stdout(io.StringIO()):
        command_rate = rate(lambda batch: zhaoshang(["extract", *batch]), [[str(p) for p in paths]]) * len(paths)
    build = "compiled" if tasks.extract.__file__.endswith(".so") else "interpreted"
    print(f"{build}: {Path(tasks.extract.__file__).name}")
    print(f"{len(paths)} articles, mean {size:.1f} KB, {facts} facts")
    print(f"extract_facts:          {facts_rate:7.0f} articles/s (one core)")
    print(f"extract_article:        {extract_rate:7.0f} articles/s (one core, facts and events)")
    print(f"normalize + extract:    {pipeline_rate:7.0f} articles/s (one core)")
    print(f"zhaoshang extract:      {command_rate:7.0f} articles/s (one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
