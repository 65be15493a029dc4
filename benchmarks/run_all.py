"""Every benchmark on one generated corpus, in one run (`make bench`). Prints figures, asserts nothing.

    .venv/bin/python benchmarks/run_all.py [--count 500] [--seed 1] [--memory 1000,10000] [--flow-memory-max 1000]
                                           [--pg URL | --pg ''] [--work DIR] [--json FILE]

1. writes a corpus of --count articles with scripts/generate_corpus.py (seed --seed);
2. per stage, in this process (benchmarks/bench_corpus.py): the floor (read, decode, OpenCC
   t2s, one regex pass), normalize, extract, both; articles per CPU-second and the share of
   the floor; the extraction score against the corpus gold;
3. the whole flow (benchmarks/bench_flow.py, one subprocess each) on SQLite and on a scratch
   PostgreSQL database (created on the --pg server and dropped): articles per wall-second of
   the first run (the flow's own process after a warm-up run: Prefect's API server start and
   the imports are not charged), as a share of the floor's wall-clock rate; then the run with
   nothing new, as a share of the first, twice: at once (quarantined batches are gated again)
   and after a reviewer closed them;
4. peak resident memory (VmHWM) at each --memory size, each a fresh corpus: of the fetch phase as
   the flow holds it (benchmarks/bench_fetch_memory.py: the part that grows with the corpus,
   cheap at any size), and, up to --flow-memory-max articles, of the whole flow's process on a
   fresh SQLite database; the ratio of the largest size to the smallest.

Defaults take about a quarter of an hour on two busy cores (the whole flow is the slow part);
benchmarks/README.md says which sizes its figures used.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from bench_common import scratch_postgres  # noqa: E402
from bench_corpus import bench_stages, print_stages  # noqa: E402

DEFAULT_PG = os.environ.get("ZHAOSHANG_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def generate(out: Path, count: int, seed: int) -> dict[str, Any]:
    """A corpus of `count` articles in `out` (reused when it is already there with that count)."""
    meta = out / "corpus.json"
    if meta.exists() and json.loads(meta.read_text())["count"] == count:
        return dict(json.loads(meta.read_text()))
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_corpus.py"), str(out), "--count", str(count),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    return dict(json.loads(meta.read_text()))


def flow(corpus: Path, db_url: str, report_dir: Path, rerun: bool) -> dict[str, Any]:
    """benchmarks/bench_flow.py over the corpus's source folders, in a subprocess; its JSON."""
    sources = sorted(str(p) for p in (corpus / "articles").iterdir() if p.is_dir())
    command = [sys.executable, str(BENCH / "bench_flow.py"), "--db", db_url, "--report-dir", str(report_dir), *sources]
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "CRITICAL"}
    done = subprocess.run(command + (["--rerun"] if rerun else []), capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"bench_flow failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def fetch_memory(corpus: Path) -> dict[str, Any]:
    """benchmarks/bench_fetch_memory.py over the corpus's source folders, in a subprocess; its JSON."""
    sources = sorted(str(p) for p in (corpus / "articles").iterdir() if p.is_dir())
    done = subprocess.run([sys.executable, str(BENCH / "bench_fetch_memory.py"), *sources],
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def describe_flow(label: str, result: dict[str, Any], floor_wall: float) -> list[str]:
    first = result["first"]
    rate = first["articles"] / first["seconds"]
    lines = [f"whole flow, {label}: {first['articles']} articles in {first['seconds']:.1f} s = {rate:.1f} articles/s "
             f"= {rate / floor_wall:.2%} of the floor (wall clock); batches {first['batches']}"]
    if "rerun" in result:
        again, reviewed = result["rerun"], result["rerun_reviewed"]
        lines.append(f"  run with nothing new: {again['seconds']:.1f} s = {again['seconds'] / first['seconds']:.1%} of the "
                     f"first (batches {again['batches']}); after a reviewer closed the {result['rejected']} quarantined: "
                     f"{reviewed['seconds']:.1f} s = {reviewed['seconds'] / first['seconds']:.1%}")
    lines.append(f"  process memory: {result['rss_after_warmup_mb']:.0f} MB after warm-up, peak {result['peak_rss_mb']:.0f} MB")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500, help="articles in the corpus (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--memory", default="1000,10000",
                        help="comma-separated corpus sizes for the peak-memory runs ('' skips; README: 1000,10000,100000)")
    parser.add_argument("--flow-memory-max", type=int, default=1000,
                        help="run the whole flow for memory only up to this size; above it only the fetch phase")
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server URL for a scratch database ('' skips)")
    parser.add_argument("--work", type=Path, help="folder for corpora and databases (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="zhaoshang_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                                           "loadavg_at_start": os.getloadavg()}}
    corpus = work / f"corpus_{args.count}"
    meta = generate(corpus, args.count, args.seed)
    figures["corpus"] = meta
    print(f"corpus: {meta['articles']} articles ({meta['reprints']} reprints, {meta['traditional']} traditional), "
          f"{meta['bytes'] / 1e6:.1f} MB, {meta['facts']} gold facts, seed {args.seed}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")

    stages = bench_stages(corpus)
    print_stages(stages)
    floor = stages["rates"]["floor"]
    figures["stages"] = {name: {"articles": r.articles, "cpu_s": r.cpu_s, "wall_s": r.wall_s,
                                "per_cpu_s": r.per_cpu_s, "per_wall_s": r.per_wall_s}
                         for name, r in stages["rates"].items()}
    figures["score"] = stages["score"]

    runs = {"sqlite": f"sqlite:///{work / 'flow.db'}"}
    for path in work.glob("flow.db*"):
        path.unlink()
    figures["flow"] = {}
    figures["flow"]["sqlite"] = flow(corpus, runs["sqlite"], work / "report-sqlite", rerun=True)
    print("\n".join(describe_flow("SQLite", figures["flow"]["sqlite"], floor.per_wall_s)))
    if args.pg:
        with scratch_postgres(args.pg) as pg_url:
            figures["flow"]["postgresql"] = flow(corpus, pg_url, work / "report-pg", rerun=True)
        print("\n".join(describe_flow("PostgreSQL", figures["flow"]["postgresql"], floor.per_wall_s)))

    sizes = [int(s) for s in args.memory.split(",") if s.strip()]
    figures["memory"] = {}
    for size in sizes:
        sized = corpus if size == args.count else work / f"corpus_{size}"
        generate(sized, size, args.seed)
        held = fetch_memory(sized)
        line = (f"memory at {size} articles: fetch phase as the flow holds it {held['peak_rss_mb']:.0f} MB peak "
                f"(references to {held['raw_mb']:.0f} MB of raw bytes)")
        figures["memory"][size] = {"fetch_phase": held}
        if size <= args.flow_memory_max:
            db = work / f"memory_{size}.db"
            db.unlink(missing_ok=True)
            result = flow(sized, f"sqlite:///{db}", work / f"report-{size}", rerun=False)
            figures["memory"][size]["flow"] = result
            line += (f"; whole flow {result['peak_rss_mb']:.0f} MB peak ({result['rss_after_warmup_mb']:.0f} MB after "
                     f"warm-up; first run {result['first']['seconds']:.0f} s, batches {result['first']['batches']})")
        print(line)
    if len(sizes) >= 2:
        low, high = figures["memory"][min(sizes)], figures["memory"][max(sizes)]
        for part in ("fetch_phase", "flow"):
            if part in low and part in high:
                ratio = high[part]["peak_rss_mb"] / low[part]["peak_rss_mb"]
                print(f"peak memory at {max(sizes)} / at {min(sizes)} ({part.replace('_', ' ')}): {ratio:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str) + "\n", encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
