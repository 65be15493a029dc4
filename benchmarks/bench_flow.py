"""Whole-flow timing and peak memory of one process: `article_etl` over corpus folders, run by
benchmarks/run_all.py in a subprocess of its own (so its peak RSS is the flow's alone).

    .venv/bin/python benchmarks/bench_flow.py --db URL --report-dir DIR [--rerun] SOURCE...

Steps, each timed with a wall clock: a warm-up run over one seed article into a scratch SQLite
file (starts Prefect's ephemeral API server, imports Great Expectations, loads the seeds, so
none of that is charged to the first run); the first run over SOURCEs; with --rerun, a second
run over the same SOURCEs (nothing new: loaded batches are skipped, quarantined ones are
gated again), then every quarantined batch is rejected as a reviewer would close it, and a
third run (nothing new and nothing under review). Prints one JSON object: the seconds, the
batch outcomes of each run, the resident set size after the warm-up and the peak (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_common import rss_mb

ROOT = Path(__file__).resolve().parents[1]


def run_flow(sources: list[str], db_url: str, report_dir: str) -> dict[str, Any]:
    """One flow run; its wall time and how many batches ended in each status."""
    from flows.article_etl import article_etl

    start = time.perf_counter()
    state = article_etl(sources=sources, db_url=db_url, report_dir=report_dir, return_state=True)
    seconds = time.perf_counter() - start
    outcome = state.result(raise_on_failure=False)
    summary = getattr(outcome, "summary", outcome)
    if not hasattr(summary, "batches"):
        raise SystemExit(f"bench_flow: the run failed: {type(outcome).__name__}: {outcome}")
    statuses: dict[str, int] = {}
    for batch in summary.batches:
        statuses[batch.status] = statuses.get(batch.status, 0) + 1
    articles = sum(b.articles for b in summary.batches)
    return {"seconds": round(seconds, 2), "articles": articles, "batches": statuses}


def reject_quarantined(db_url: str) -> int:
    """Close every quarantined batch as a reviewer would; returns how many."""
    from tasks import load

    engine = load.make_engine(db_url)
    frame = load.fetch_batches(engine)
    keys = list(frame[frame["status"] == "quarantined"]["batch_key"])
    for key in keys:
        load.record_decision(engine, key, "reject", "benchmark", "closed by benchmarks/bench_flow.py")
    engine.dispose()
    return len(keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", help="corpus folders (one source each)")
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of an empty database")
    parser.add_argument("--report-dir", required=True, help="where the HTML report goes")
    parser.add_argument("--rerun", action="store_true", help="also time the runs with nothing new")
    args = parser.parse_args(argv)
    for name, value in (("PREFECT_SERVER_ANALYTICS_ENABLED", "false"), ("GX_ANALYTICS_ENABLED", "false"),
                        ("DO_NOT_TRACK", "1"), ("PREFECT_LOGGING_LEVEL", "ERROR"),
                        ("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")):
        os.environ.setdefault(name, value)

    scratch = Path(tempfile.mkdtemp(prefix="bench_flow_"))
    try:
        seed = sorted((ROOT / "seeds" / "articles").glob("*.txt"))[0]
        warm_dir = scratch / "warm"
        warm_dir.mkdir()
        shutil.copy(seed, warm_dir / seed.name)
        start = time.perf_counter()
        run_flow([str(warm_dir)], f"sqlite:///{scratch / 'warm.db'}", str(scratch / "report"))
        result: dict[str, Any] = {"warmup_seconds": round(time.perf_counter() - start, 2),
                                  "rss_after_warmup_mb": round(rss_mb("VmRSS"), 1)}
        result["first"] = run_flow(args.sources, args.db, args.report_dir)
        if args.rerun:
            result["rerun"] = run_flow(args.sources, args.db, args.report_dir)
            result["rejected"] = reject_quarantined(args.db)
            result["rerun_reviewed"] = run_flow(args.sources, args.db, args.report_dir)
        result["peak_rss_mb"] = round(rss_mb("VmHWM"), 1)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
