"""Normalize throughput on seed-sized articles: prints articles/s (one core, one process).

Run: .venv/bin/python benchmarks/bench_normalize.py [--rounds N]
Reads the five seed articles (about 7 KB each), warms up (OpenCC, the word list), then times
`normalize_article` over them. The target is 1,000 articles/s per core. Throughput is measured
in CPU time of this process (what one core does, even when other work shares the machine) and
in wall-clock time. Prints figures only; asserts nothing (speed is not a test).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tasks.models import RawArticle
from tasks.normalize import load_text_rules, normalize_article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="passes over the five seeds per timing")
    parser.add_argument("--repeats", type=int, default=5, help="timings; the median is reported")
    args = parser.parse_args()

    rules = load_text_rules(SEEDS)
    raws = [
        RawArticle("seeds", str(path), path.read_bytes(), "2025-01-01T00:00:00Z")
        for path in sorted((SEEDS / "articles").glob("*.txt"))
    ]
    for raw in raws:  # warm-up: lazy word list, regex caches
        normalize_article(raw, rules)
    mean_kb = statistics.mean(len(r.raw) for r in raws) / 1024
    print(f"{len(raws)} seed articles, mean {mean_kb:.1f} KB")
    for raw in raws:
        start = time.process_time()
        for _ in range(50):
            normalize_article(raw, rules)
        per = (time.process_time() - start) / 50
        name = Path(raw.uri).name
        print(f"  {name}: {len(raw.raw) / 1024:.1f} KB  {per * 1000:.2f} ms CPU  {1 / per:,.0f} articles/s")
    cpu_rates, wall_rates = [], []
    for _ in range(args.repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.rounds):
            for raw in raws:
                normalize_article(raw, rules)
        count = args.rounds * len(raws)
        cpu_rates.append(count / (time.process_time() - cpu))
        wall_rates.append(count / (time.perf_counter() - wall))
    print(
        f"normalize throughput: {statistics.median(cpu_rates):,.0f} articles/s per core (CPU time; "
        f"median of {args.repeats}, min {min(cpu_rates):,.0f}, max {max(cpu_rates):,.0f}); "
        f"wall clock {statistics.median(wall_rates):,.0f} articles/s"
    )


if __name__ == "__main__":
    main()
