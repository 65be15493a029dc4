"""Fixtures of the reliability suite (owner: benchmarks and reliability, issue 7).

- `corpus_kit`: the generator's data (tasks/corpus.py), loaded once;
- `write_corpus`: writes the first N article files of a generated corpus into a folder;
- `db_pair`: two empty databases of one backend (SQLite files, or two PostgreSQL schemas of the
  session database), for comparing a disturbed run with an undisturbed one;
- `snapshot(db_url)`: a database's content without what legitimately differs between two runs (run ids,
  timestamps, surrogate ids), so two databases compare with ==.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from tasks import load
from tasks.corpus import CorpusKit, generate_corpus, load_corpus_kit

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DATA = ROOT / "benchmarks" / "corpus"


@pytest.fixture(scope="session")
def corpus_kit() -> CorpusKit:
    return load_corpus_kit(CORPUS_DATA, ROOT / "seeds")


@pytest.fixture(scope="session")
def write_corpus(corpus_kit: CorpusKit) -> Callable[..., list[Path]]:
    """write_corpus(folder, count, seed=7) -> the article files written, under folder/<source>/."""

    def write(folder: Path, count: int, seed: int = 7) -> list[Path]:
        paths = []
        for article in generate_corpus(corpus_kit, seed, count):
            path = folder / article.source / f"{article.stem}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(article.raw)
            paths.append(path)
        return paths

    return write


def _schema_url(database_url: str) -> str:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return (make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_pair(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """Two empty databases of the same backend: (the one under test, the reference)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'test.db'}", f"sqlite:///{tmp_path / 'db' / 'reference.db'}"
    database = request.getfixturevalue("pg_session_database_url")
    return _schema_url(database), _schema_url(database)


# Columns that differ between two runs over the same input, and are left out of a snapshot.
VOLATILE = {
    "sources": {"created_at"},
    "articles": {"first_fetched_at"},
    "article_sources": {"id", "fetched_at"},
    "batches": {"run_id", "loaded_run_id", "created_at", "updated_at"},
    "batch_articles": {"sighting_id"},
    "facts": {"id", "part_of"},
    "events": {"id"},
    "check_results": {"id"},
    "review_decisions": {"id", "decided_at"},
}


@pytest.fixture(scope="session")
def snapshot() -> Callable[[str], dict[str, list[tuple[Any, ...]]]]:
    """snapshot(db_url) -> the database's content, comparable with == (see `database_snapshot`)."""
    return database_snapshot


def database_snapshot(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every project table but `runs`, as sorted rows of comparable values; surrogate links are
    replaced by what they point at (a sighting by its article, source and uri; a 其中-part's
    whole by its article and fact index)."""
    engine = load.make_engine(db_url)
    tables: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with engine.connect() as conn:
            sightings = {r.id: (r.article_sha256, r.source_name, r.uri)
                         for r in conn.execute(select(load.article_sources))}
            fact_refs = {r.id: (r.article_sha256, r.fact_index) for r in conn.execute(select(load.facts))}
            for table in load.METADATA.sorted_tables:
                if table.name == "runs":
                    continue
                keep = [c for c in table.columns if c.name not in VOLATILE.get(table.name, set())]
                rows = []
                for row in conn.execute(select(table)):
                    values = [_comparable(row._mapping[c.name]) for c in keep]
                    if table.name == "batch_articles":
                        values.append(sightings[row.sighting_id])
                    if table.name == "facts":
                        values.append(fact_refs.get(row.part_of))
                    rows.append(tuple(values))
                tables[table.name] = sorted(rows, key=repr)
    finally:
        engine.dispose()
    return tables


def _comparable(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, (dict, list)):
        return repr(value)
    return value
