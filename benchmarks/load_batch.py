"""Time `tasks.load` on a full-size batch: 200 articles x 20 facts x 2 events, on SQLite and PostgreSQL.

Articles are the five seed articles, each copied 40 times with a distinct trailer (so 200
distinct raw hashes); facts are synthetic, spread over each text. Prints seconds for
migrate (fresh and at head), the first load, the repeated (idempotent) load, and a quarantine.

    .venv/bin/python benchmarks/load_batch.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

from bench_common import scratch_postgres
from tasks.load import load_batch, make_engine, migrate, quarantine_batch, start_run, table_counts
from tasks.models import ArticleResult, Batch, Event, Fact, NormalizedArticle, RawArticle
from tasks.normalize import normalize_article
from tasks.reference import load_reference

ROOT = Path(__file__).resolve().parents[1]


def synthetic_batch(copies: int = 40, facts_per_article: int = 20, source: str = "bench") -> Batch:
    rules = load_reference(ROOT / "seeds").text_rules
    articles: list[NormalizedArticle] = []
    results: list[ArticleResult] = []
    for path in sorted((ROOT / "seeds" / "articles").glob("*.txt")):
        for copy in range(copies):
            raw = RawArticle(source, f"{path.name}#{copy}", path.read_bytes() + f"\n{copy}\n".encode(),
                             "2025-08-12T00:00:00+00:00")
            article = normalize_article(raw, rules)
            step = max(1, len(article.text) // (facts_per_article + 1))
            facts = tuple(
                Fact("镇江市", "江苏省", "signed_projects", "", "2025", "actual", float(i), "个", None, "exact",
                     None, None, article.text[i * step:i * step + 40], span=(i * step, i * step + 1),
                     part_of=0 if i else None)
                for i in range(facts_per_article)
            )
            events = tuple(
                Event("signing", None, None, None, None, None, (), ("某公司",), None, None, "签约",
                      span=(i, i + 2))
                for i in range(2)
            )
            articles.append(article)
            results.append(ArticleResult(raw.uri, None, None, None, None, facts=facts, events=events))
    key = Batch.key_for(source, [a.raw.sha256 for a in articles])
    return Batch(key, source, tuple(articles), tuple(results))


def timed(label: str, fn) -> object:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    print(f"  {label:<28} {time.perf_counter() - start:7.3f} s")
    return value


def bench(url: str, batch: Batch) -> None:
    engine = make_engine(url)
    print(f"{engine.dialect.name}:")
    timed("migrate (fresh)", lambda: migrate(engine))
    timed("migrate (at head)", lambda: migrate(engine))
    run_id = str(uuid.uuid4())
    start_run(engine, run_id, {})
    counts = timed("load_batch (first)", lambda: load_batch(engine, run_id, batch))
    print(f"    inserted {counts}")
    again = timed("load_batch (again)", lambda: load_batch(engine, run_id, batch))
    print(f"    inserted {again.total} rows")
    other = replace(batch, key=batch.key[:-4] + "qqqq", results=())
    timed("quarantine_batch (new key)", lambda: quarantine_batch(engine, run_id, other, ["bench"]))
    print(f"    tables {table_counts(engine)}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="maintenance database URL; a scratch database is made and dropped ('' skips)")
    args = parser.parse_args()
    batch = timed("build batch (normalize)", synthetic_batch)
    print(f"  {len(batch.articles)} articles, {sum(len(r.facts) for r in batch.results)} facts, "
          f"{sum(len(a.raw.raw) for a in batch.articles) / 1e6:.1f} MB raw")
    with tempfile.TemporaryDirectory() as folder:
        bench(f"sqlite:///{folder}/bench.db", batch)
    if args.pg:
        with scratch_postgres(args.pg) as url:
            bench(url, batch)


if __name__ == "__main__":
    main()
