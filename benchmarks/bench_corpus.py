"""Per-stage throughput on a generated corpus, against a floor, plus the extraction score on its gold.

    .venv/bin/python benchmarks/bench_corpus.py CORPUS_DIR

CORPUS_DIR is what scripts/generate_corpus.py writes. Every rate is articles per CPU-second of
this one process (what one core does, however busy the machine is), over one pass of the whole
corpus, after a warm-up pass over its first 20 files:

    floor      read the bytes, decode, OpenCC t2s, one regex pass for numbers with units: the
               least any pipeline must do with an article
    normalize  `normalize_article`
    extract    `extract_article` on normalized articles
    both       normalize + extract, as `zhaoshang extract` does

The extraction results are then scored against CORPUS_DIR/gold with ../shared/eval/score.py.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import opencc

from tasks.config import load_settings
from tasks.evaluate import load_scorer
from tasks.extract import extract_article
from tasks.models import ArticleResult, NormalizedArticle, RawArticle
from tasks.normalize import normalize_article
from tasks.reference import load_reference

# Numbers with the units the metrics use: what a one-pass extractor would look for.
NUMBER_WITH_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?(?:元|美元|个|家次|家|批次|次|场|支)")


@dataclass(frozen=True)
class Rate:
    """One timed pass: articles, CPU seconds and wall seconds."""

    articles: int
    cpu_s: float
    wall_s: float

    @property
    def per_cpu_s(self) -> float:
        return self.articles / self.cpu_s if self.cpu_s else float("inf")

    @property
    def per_wall_s(self) -> float:
        return self.articles / self.wall_s if self.wall_s else float("inf")


def timed_pass(fn: Callable[[Any], Any], items: Sequence[Any]) -> tuple[Rate, list[Any]]:
    """Apply `fn` to every item once; the rate and the results."""
    for item in items[:20]:  # warm-up: lazy word lists, regex caches, converter start-up
        fn(item)
    cpu, wall = time.process_time(), time.perf_counter()
    out = [fn(item) for item in items]
    return Rate(len(items), time.process_time() - cpu, time.perf_counter() - wall), out


def corpus_paths(corpus: Path) -> list[Path]:
    return sorted((corpus / "articles").glob("*/*.txt"))


def floor_article(path: Path, converter: Any) -> int:
    """The floor's work for one file; returns how many numbers with units it found."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    return len(NUMBER_WITH_UNIT.findall(converter.convert(text)))


def bench_stages(corpus: Path) -> dict[str, Any]:
    """Floor, normalize, extract and normalize + extract over the corpus, and the score."""
    paths = corpus_paths(corpus)
    ref = load_reference(load_settings().seeds_dir)
    t2s = opencc.OpenCC("t2s")
    floor, _ = timed_pass(lambda p: floor_article(p, t2s), paths)
    raws = [RawArticle(p.parent.name, str(p), p.read_bytes(), "2026-01-01T00:00:00+00:00") for p in paths]
    normalize, articles = timed_pass(lambda r: normalize_article(r, ref.text_rules), raws)
    extract, results = timed_pass(lambda a: extract_article(a, ref), articles)
    both, _ = timed_pass(lambda r: extract_article(normalize_article(r, ref.text_rules), ref), raws)
    return {
        "articles": len(paths),
        "mb": sum(len(r.raw) for r in raws) / 1e6,
        "rates": {"floor": floor, "normalize": normalize, "extract": extract, "normalize+extract": both},
        "score": score(corpus, articles, results),
    }


def score(corpus: Path, articles: Sequence[NormalizedArticle], results: Sequence[ArticleResult]) -> dict[str, Any]:
    """The shared scorer's summary of `results` against CORPUS/gold (articles pair by file stem)."""
    scorer = load_scorer()
    predictions = {scorer.key_of(a.raw.uri): r.to_dict() for a, r in zip(articles, results, strict=True)}
    summary: dict[str, Any] = scorer.score(scorer.load_gold(corpus / "gold"), predictions)
    summary.pop("_misses", None)
    summary.pop("_extras", None)
    return summary


def print_stages(figures: dict[str, Any], out: Any = sys.stdout) -> None:
    floor = figures["rates"]["floor"]
    print(f"{'stage':<20}{'articles/s (CPU)':>18}{'share of floor':>16}", file=out)
    for name, rate in figures["rates"].items():
        print(f"{name:<20}{rate.per_cpu_s:>18,.0f}{rate.per_cpu_s / floor.per_cpu_s:>15.1%}", file=out)
    s = figures["score"]
    print(f"extraction on the corpus gold: strict F1 {s['strict']['f1']:.3f} (P {s['strict']['precision']:.3f}, "
          f"R {s['strict']['recall']:.3f}), loose F1 {s['loose']['f1']:.3f} on {s['gold_facts']} facts; "
          f"events strict F1 {s['events']['strict']['f1']:.3f} on {s['events']['gold']}", file=out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    figures = bench_stages(Path(argv[0]))
    print(f"{figures['articles']} articles, {figures['mb']:.1f} MB")
    print_stages(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
