"""Write a synthetic corpus: N article files with their gold annotations (tasks/corpus.py).

    .venv/bin/python scripts/generate_corpus.py OUT_DIR [--count N] [--seed S]

Output, under OUT_DIR:

    articles/<source>/<stem>.txt   one folder per source (city-daily, invest-portal, wx-mirror,
                                   wire-service, trad-mirror); reprints (<stem>r) sit under a
                                   second source; give the folders to `zhaoshang run`
    gold/<stem>.json               the gold object of each file (../shared/contract/EXTRACT.md)
    manifest.csv                   one row per file: stem, source, style, script, encoding,
                                   reprint_of, sha256, bytes, facts, events
    corpus.json                    seed, count and totals

Score extraction on it with

    .venv/bin/zhaoshang extract OUT_DIR/articles/*/*.txt --format jsonl > pred.jsonl
    python3 ../shared/eval/score.py OUT_DIR/gold pred.jsonl

Articles are written one at a time (the corpus is never held in memory); the same seed
always writes the same bytes, and the first N files of a larger corpus are the corpus of N.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without an install, too

from tasks.corpus import generate_corpus, load_corpus_kit  # noqa: E402

CORPUS_DATA = ROOT / "benchmarks" / "corpus"
MANIFEST_COLUMNS = ("stem", "source", "style", "script", "encoding", "reprint_of", "sha256", "bytes", "facts", "events")


def write_corpus(out: Path, count: int, seed: int, seeds_dir: Path = ROOT / "seeds") -> dict[str, int]:
    """Write `count` articles of corpus `seed` under `out`; returns the totals written to corpus.json."""
    kit = load_corpus_kit(CORPUS_DATA, seeds_dir)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    totals = {"articles": 0, "reprints": 0, "traditional": 0, "bytes": 0, "facts": 0, "events": 0}
    hashes: set[str] = set()
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        manifest = csv.writer(handle, lineterminator="\n")
        manifest.writerow(MANIFEST_COLUMNS)
        for article in generate_corpus(kit, seed, count):
            if article.sha256 in hashes:
                raise SystemExit(f"generate_corpus: {article.stem} repeats an earlier article's bytes")
            hashes.add(article.sha256)
            path = out / article.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(article.raw)
            (out / "gold" / f"{article.stem}.json").write_text(article.gold_json(), encoding="utf-8")
            facts, events = len(article.gold["facts"]), len(article.gold["events"])
            manifest.writerow([article.stem, article.source, article.style, article.script, article.encoding,
                               article.reprint_of or "", article.sha256, len(article.raw), facts, events])
            totals["articles"] += 1
            totals["reprints"] += article.reprint_of is not None
            totals["traditional"] += article.script == "traditional"
            totals["bytes"] += len(article.raw)
            totals["facts"] += facts
            totals["events"] += events
    (out / "corpus.json").write_text(json.dumps({"seed": seed, "count": count, **totals}, indent=1) + "\n",
                                     encoding="utf-8")
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output folder (created)")
    parser.add_argument("--count", type=int, default=1000, help="article files to write (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    args = parser.parse_args(argv)
    totals = write_corpus(args.out, args.count, args.seed)
    print(f"{totals['articles']} articles ({totals['reprints']} reprints, {totals['traditional']} traditional), "
          f"{totals['bytes'] / 1e6:.1f} MB, {totals['facts']} gold facts, {totals['events']} events -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
