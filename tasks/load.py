"""Load: Batch -> database rows, one transaction per batch; plus the run and review audit trail.

Input: a `Batch` (normalized articles, their `ArticleResult`s, the reconcile `CheckResult`s)
and the id of the run loading it. Output: rows in the tables below and a `LoadCounts` of the
rows each table gained. Side effects: writes through the `Engine` it is given, nothing else.

Tables (grain):

    sources          one row per configured source (natural key: name)
    articles         one row per distinct raw document (natural key: sha256 of the raw bytes);
                     raw bytes and decoded text are kept, so nothing fetched is lost
    article_sources  one row per sighting: article x source x uri x fetched_at (reprints stay on record)
    runs             one row per flow run (run_id, a uuid string)
    batches          one row per batch (Batch.key); status loaded | quarantined | approved | rejected
    batch_articles   one row per article position in a batch, pointing at the sighting it came from
    facts            one row per fact: article x metric x region x scope x period x kind x span_start
    events           one row per event mention: article x type x span_start x region
    check_results    one row per distinct check outcome of a batch
    review_decisions one row per reviewer decision on a quarantined batch (append-only audit)

Every write inserts only what is absent (`INSERT ... ON CONFLICT DO NOTHING`, the same
statement on SQLite and PostgreSQL), inside one `engine.begin()` transaction, so a batch is
stored whole or not at all and storing it twice adds no row. Updates in place are few and
deliberate: a batch's status, reasons, counts and timestamps; a fact's `part_of` link (set
once, after its whole has an id); a run's end; a registered source's config.

Batch status, and the call that moves it:

    (new)        --load_batch-->                              loaded
    (new)        --quarantine_batch-->                        quarantined
    quarantined  --record_decision("reject")-->               rejected   (load_batch refuses it)
    quarantined  --record_decision("approve"), load_batch-->  approved   (facts stored now, once)
    quarantined  --load_batch, no decision-->                 loaded     (a later run passed the gates)

The schema itself is created and evolved by the Alembic revisions in `tasks/migrations/`;
the tables below are the same schema for the queries (a test checks the two agree).

Read helpers return pandas DataFrames with a fixed column list (empty frames keep their
columns); timestamps come back as UTC-aware datetimes on both backends.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Select,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Double,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    bindparam,
    case,
    create_engine,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from tasks.errors import ConfigError, LoadError
from tasks.migrations import MIGRATIONS_DIR, alembic_config
from tasks.models import (
    FACT_COLUMNS,
    ArticleResult,
    Batch,
    CheckResult,
    Event,
    Fact,
    NormalizedArticle,
    RawArticle,
)
from tasks.reconcile import PlacedFact

BATCH_STATUSES: tuple[str, ...] = ("loaded", "quarantined", "approved", "rejected")
DECISIONS: tuple[str, ...] = ("approve", "reject")
CHECK_STATUSES: tuple[str, ...] = ("pass", "warn", "fail")

# pg_advisory_xact_lock key that serialises concurrent `migrate` calls on one PostgreSQL database.
_MIGRATION_LOCK_KEY = int.from_bytes(hashlib.sha256(b"zhaoshang migrate").digest()[:8], "big", signed=True)


# --------------------------------------------------------------------------------------------
# Schema (kept identical to tasks/migrations/versions/; see the module docstring)
# --------------------------------------------------------------------------------------------


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back UTC-aware on every backend.

    SQLite has no time zones and returns naive values; PostgreSQL returns the session's
    zone. Converting on the way in and out makes both give the same Python values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give timestamps a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json_type() -> JSON:
    # JSONB on PostgreSQL (indexable, compact); NULL stays SQL NULL rather than JSON 'null'.
    json_type = JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
    return json_type  # type: ignore[return-value]


# Lengths are set only on identifiers this code makes (hashes, keys, statuses); text that comes
# from articles or config is unbounded, so SQLite and PostgreSQL accept exactly the same rows.
METADATA = MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(constraint_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    }
)

sources = Table(
    "sources",
    METADATA,
    Column("name", Text, primary_key=True),
    Column("kind", Text),  # file | folder | url | feed | ... as the sources config says
    Column("config", _json_type()),  # uri and options from the sources config
    Column("home_region", Text),
    Column("created_at", UtcDateTime(), nullable=False),
)

articles = Table(
    "articles",
    METADATA,
    Column("sha256", String(64), primary_key=True),  # of `raw`
    Column("raw", LargeBinary, nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("text", Text, nullable=False),  # normalized; fact and event spans index into it
    Column("uri", Text, nullable=False),  # where it was first seen
    Column("title", Text),
    Column("published", Date),
    Column("home_region", Text),
    Column("quality_flags", _json_type(), nullable=False),  # QualityFlags.to_dict()
    Column("error", Text),
    Column("first_fetched_at", UtcDateTime(), nullable=False),
)

article_sources = Table(
    "article_sources",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_sha256", String(64), ForeignKey("articles.sha256"), nullable=False),
    Column("source_name", Text, ForeignKey("sources.name"), nullable=False),
    Column("uri", Text, nullable=False),
    Column("fetched_at", UtcDateTime(), nullable=False),
    Column("home_region", Text),  # what the source's config said, if anything
    Column("encoding_hint", Text),
    UniqueConstraint("article_sha256", "source_name", "uri", "fetched_at", name="sighting"),
)

runs = Table(
    "runs",
    METADATA,
    Column("run_id", String(64), primary_key=True),
    Column("flow_run_id", String(64)),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("finished_at", UtcDateTime()),
    Column("status", Text, nullable=False),  # "running" until finish_run says otherwise
    Column("parameters", _json_type(), nullable=False),
    Column("summary", _json_type()),
)

batches = Table(
    "batches",
    METADATA,
    Column("key", String(64), primary_key=True),  # Batch.key
    Column("source_name", Text, ForeignKey("sources.name"), nullable=False),
    Column("run_id", String(64), ForeignKey("runs.run_id"), nullable=False),  # the run that created it
    Column("loaded_run_id", String(64), ForeignKey("runs.run_id")),  # the run that stored its facts
    Column("status", String(20), nullable=False),
    Column("reasons", _json_type(), nullable=False),  # names of the failed gates/checks
    Column("article_count", Integer, nullable=False),
    Column("fact_count", Integer, nullable=False),  # facts in the batch's results, stored or not
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    CheckConstraint("status IN ('loaded', 'quarantined', 'approved', 'rejected')", name="status"),
)

batch_articles = Table(
    "batch_articles",
    METADATA,
    Column("batch_key", String(64), ForeignKey("batches.key"), primary_key=True),
    Column("position", Integer, primary_key=True),  # index in Batch.articles
    Column("article_sha256", String(64), ForeignKey("articles.sha256"), nullable=False),
    Column("sighting_id", Integer, ForeignKey("article_sources.id"), nullable=False),
)

facts = Table(
    "facts",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_sha256", String(64), ForeignKey("articles.sha256"), nullable=False),
    Column("batch_key", String(64), ForeignKey("batches.key"), nullable=False),  # the batch that stored it
    Column("fact_index", Integer, nullable=False),  # in its ArticleResult.facts, as FactRef.fact_index
    Column("region", Text, nullable=False),
    Column("parent_region", Text),
    Column("metric", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("period", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("value", Double, nullable=False),
    Column("unit", Text, nullable=False),
    Column("currency", Text),
    Column("approx", Text, nullable=False),
    Column("yoy_pct", Double),
    Column("share_pct", Double),
    Column("evidence", Text, nullable=False),
    Column("span_start", Integer, nullable=False),  # in articles.text
    Column("span_end", Integer, nullable=False),
    Column("raw_span_start", Integer, nullable=False),  # in articles.raw_text
    Column("raw_span_end", Integer, nullable=False),
    Column("uri", Text, nullable=False),  # the article's uri in the batch that stored the fact
    Column("part_of", Integer, ForeignKey("facts.id")),  # the whole this fact is a 其中-part of
    UniqueConstraint(
        "article_sha256", "metric", "region", "scope", "period", "kind", "span_start", name="natural_key"
    ),
    CheckConstraint("kind IN ('actual', 'target')", name="kind"),
    CheckConstraint("approx IN ('exact', 'over', 'about')", name="approx"),
)

events = Table(
    "events",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # sha256 of (article_sha256, type, span_start, region): `region` may be NULL, and NULLs never
    # collide in a multi-column UNIQUE on SQLite, so the key is hashed into one NOT NULL column.
    Column("natural_key", String(64), nullable=False),
    Column("article_sha256", String(64), ForeignKey("articles.sha256"), nullable=False),
    Column("batch_key", String(64), ForeignKey("batches.key"), nullable=False),
    Column("type", Text, nullable=False),
    Column("region", Text),
    Column("leader", Text),
    Column("leader_title", Text),
    Column("start", Text),  # ISO date or month, XXXX for an unknown year (EXTRACT.md)
    Column("end", Text),
    Column("destinations", _json_type(), nullable=False),
    Column("counterparties", _json_type(), nullable=False),
    Column("amount", Double),
    Column("currency", Text),
    Column("evidence", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("raw_span_start", Integer, nullable=False),
    Column("raw_span_end", Integer, nullable=False),
    Column("uri", Text, nullable=False),  # the article's uri in the batch that stored the event
    UniqueConstraint("natural_key", name="natural_key"),
)

check_results = Table(
    "check_results",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_key", String(64), ForeignKey("batches.key"), nullable=False),
    Column("digest", String(64), nullable=False),  # sha256 of the whole CheckResult.to_dict()
    Column("check", Text, nullable=False),
    Column("status", String(10), nullable=False),
    Column("message", Text, nullable=False),
    Column("observed", Double),
    Column("expected", Double),
    Column("tolerance", Double),
    Column("facts", _json_type(), nullable=False),  # [{"article_sha256", "fact_index"}, ...]
    UniqueConstraint("batch_key", "digest", name="batch_digest"),
    CheckConstraint("status IN ('pass', 'warn', 'fail')", name="status"),
)

review_decisions = Table(
    "review_decisions",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_key", String(64), ForeignKey("batches.key"), nullable=False),
    Column("decision", String(10), nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("decided_at", UtcDateTime(), nullable=False),
    CheckConstraint("decision IN ('approve', 'reject')", name="decision"),
)


# --------------------------------------------------------------------------------------------
# Pure row builders: records -> dicts of column values (no database)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadCounts:
    """Rows one call added to each table (0 everywhere when the batch was already stored)."""

    sources: int = 0
    articles: int = 0
    article_sources: int = 0
    batches: int = 0
    batch_articles: int = 0
    facts: int = 0
    events: int = 0
    check_results: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))


def parse_timestamp(value: str) -> datetime:
    """An ISO timestamp as UTC-aware datetime; a value without a zone is taken as UTC (fetch writes UTC)."""
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_published(value: str | None) -> date | None:
    """The contract's `published` (YYYY-MM-DD) as a date; anything else is None.

    The articles gate rejects a malformed date before load; a quarantined batch must still
    keep its articles, and its raw text keeps the date for re-extraction.
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def to_jsonable(value: Any) -> Any:
    """`value` with anything JSON cannot hold (paths, dates, tuples) turned into strings and lists."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def article_row(article: NormalizedArticle, result: ArticleResult | None) -> dict[str, Any]:
    """The `articles` row of one article; title, date and home region from its result when there is one."""
    raw = article.raw
    return {
        "sha256": raw.sha256,
        "raw": raw.raw,
        "raw_text": article.raw_text,
        "text": article.text,
        "uri": raw.uri,
        "title": result.title if result is not None else article.title,
        "published": parse_published(result.published if result is not None else article.published),
        "home_region": result.home_region if result is not None else raw.home_region,
        "quality_flags": article.flags.to_dict(),
        "error": result.error if result is not None and result.error else article.error,
        "first_fetched_at": parse_timestamp(raw.fetched_at),
    }


def sighting_row(raw: RawArticle) -> dict[str, Any]:
    """The `article_sources` row of one fetched document."""
    return {
        "article_sha256": raw.sha256,
        "source_name": raw.source_name,
        "uri": raw.uri,
        "fetched_at": parse_timestamp(raw.fetched_at),
        "home_region": raw.home_region,
        "encoding_hint": raw.encoding_hint,
    }


def _spans(article: NormalizedArticle, span: tuple[int, int], what: str) -> dict[str, int]:
    start, end = span
    if not 0 <= start <= end <= len(article.text):
        raise ValueError(
            f"{what} span {span} lies outside the {len(article.text)}-character text of {article.raw.uri}"
        )
    raw_start, raw_end = article.raw_span(start, end)
    return {"span_start": start, "span_end": end, "raw_span_start": raw_start, "raw_span_end": raw_end}


def fact_key(article_sha256: str, fact: Fact) -> tuple[str, str, str, str, str, str, int]:
    """The natural key of a fact row (the `uq_facts_natural_key` columns, in order)."""
    return (article_sha256, fact.metric, fact.region, fact.scope, fact.period, fact.kind, fact.span[0])


def fact_rows(article: NormalizedArticle, result: ArticleResult, batch_key: str) -> list[dict[str, Any]]:
    """The `facts` rows of one article, in the order of `result.facts` (`part_of` resolved later)."""
    sha = article.raw.sha256
    return [
        {
            "article_sha256": sha,
            "batch_key": batch_key,
            "fact_index": index,
            **fact.to_dict(),
            **_spans(article, fact.span, f"fact {index}"),
            "uri": article.raw.uri,
        }
        for index, fact in enumerate(result.facts)
    ]


def event_key(article_sha256: str, mention: Event) -> str:
    """The hashed natural key of an event row: article x type x span_start x region."""
    key = [article_sha256, mention.type, mention.span[0], mention.region]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()


def event_rows(article: NormalizedArticle, result: ArticleResult, batch_key: str) -> list[dict[str, Any]]:
    """The `events` rows of one article, in the order of `result.events`."""
    sha = article.raw.sha256
    return [
        {
            "natural_key": event_key(sha, evt),
            "article_sha256": sha,
            "batch_key": batch_key,
            **evt.to_dict(),
            **_spans(article, evt.span, f"event {index}"),
            "uri": article.raw.uri,
        }
        for index, evt in enumerate(result.events)
    ]


def check_digest(check: CheckResult) -> str:
    """sha256 of a check outcome, its identity within a batch."""
    canonical = json.dumps(check.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_rows(batch_key: str, checks: Iterable[CheckResult]) -> list[dict[str, Any]]:
    """The `check_results` rows of a batch."""
    return [{"batch_key": batch_key, "digest": check_digest(c), **c.to_dict()} for c in checks]


# --------------------------------------------------------------------------------------------
# Engine and schema
# --------------------------------------------------------------------------------------------


def make_engine(url: str) -> Engine:
    """An engine for `url` (sqlite:///path or postgresql+psycopg://...); raises ConfigError on a bad URL.

    SQLite: creates the file's folder, turns foreign keys on, and opens every transaction with
    BEGIN IMMEDIATE, so a transaction holds the write lock from its start (whole-batch
    atomicity, DDL included, and no lock upgrade deadlocks between concurrent writers).
    A bare `postgresql://` URL is given the psycopg (3) driver this project installs.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url!r} (try sqlite:///path/to.db)") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, json_serializer=_dump_json, connect_args={"timeout": 30})
            _use_sqlite_transactions(engine)
        else:
            engine = create_engine(parsed, json_serializer=_dump_json, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(f"cannot use database URL {url!r}: {exc}") from exc
    return engine


def _dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # Chinese stays readable to anyone querying in SQL


def _use_sqlite_transactions(engine: Engine) -> None:
    # The sqlite3 driver's legacy mode begins transactions only before DML, so DDL and the
    # reads of a load would run outside the transaction; SQLAlchemy's documented remedy.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@lru_cache(maxsize=1)
def _head_revisions() -> frozenset[str]:
    return frozenset(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest schema revision; cheap (a lock and one query) when it is there.

    Safe to call from several processes at once: PostgreSQL callers queue on an advisory lock,
    SQLite callers on the write lock, and each re-reads the revision once it holds the lock.
    """
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
            if current == _head_revisions():
                return
            unknown = current - _all_revisions()
            if unknown:
                raise ConfigError(
                    f"the database schema is at revision {sorted(unknown)}, which this code does not know "
                    f"(newest here: {sorted(_head_revisions())}); upgrade the code"
                )
            command.upgrade(alembic_config(conn), "head")
    except SQLAlchemyError as exc:
        raise LoadError(f"could not migrate the database: {exc}") from exc


@lru_cache(maxsize=1)
def _all_revisions() -> frozenset[str]:
    return frozenset(rev.revision for rev in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions())


# --------------------------------------------------------------------------------------------
# Writes
# --------------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _insert(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT, which offers `on_conflict_do_nothing` with the same API on both backends."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise ConfigError(f"unsupported database {conn.dialect.name!r}: use SQLite or PostgreSQL")


def _insert_absent(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert the rows whose keys are not yet present, as one executemany; returns how many were new.

    No RETURNING on purpose: without it both drivers send one prepared statement for all rows
    (psycopg pipelines it), where RETURNING makes SQLAlchemy build multi-row VALUES text that
    psycopg re-parses per page, several times slower. Both drivers report the rows really
    inserted (a conflict counts 0) in `rowcount`; `preserve_rowcount` keeps it for executemany.
    """
    if not rows:
        return 0
    stmt = _insert(conn, table).on_conflict_do_nothing()
    return conn.execute(stmt, list(rows), execution_options={"preserve_rowcount": True}).rowcount


def register_source(
    engine: Engine, name: str, kind: str | None, config: Mapping[str, Any], home_region: str | None
) -> None:
    """Record a configured source, or refresh its kind, config and home region when it exists."""
    values = {"name": name, "kind": kind, "config": to_jsonable(dict(config)), "home_region": home_region}
    with engine.begin() as conn:
        stmt = _insert(conn, sources).values(**values, created_at=_now())
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[sources.c.name],
                set_={col: stmt.excluded[col] for col in ("kind", "config", "home_region")},
            )
        )


def start_run(
    engine: Engine, run_id: str, parameters: Mapping[str, Any], flow_run_id: str | None = None
) -> None:
    """Record the start of a run (status 'running'); calling it again for the same run changes nothing."""
    row = {
        "run_id": run_id,
        "flow_run_id": flow_run_id,
        "started_at": _now(),
        "status": "running",
        "parameters": to_jsonable(dict(parameters)),
    }
    with engine.begin() as conn:
        _insert_absent(conn, runs, [row])


def finish_run(engine: Engine, run_id: str, status: str, summary: Mapping[str, Any]) -> None:
    """Record how a run ended; raises LoadError for a run that was never started."""
    with engine.begin() as conn:
        result = conn.execute(
            update(runs)
            .where(runs.c.run_id == run_id)
            .values(status=status, finished_at=_now(), summary=to_jsonable(dict(summary)))
        )
        if result.rowcount != 1:
            raise LoadError(f"no run {run_id!r} to finish: call start_run first")


def _store_documents(
    conn: Connection, batch: Batch
) -> tuple[dict[str, int], dict[tuple[str, str, str, datetime], int]]:
    """Sources, articles and sightings of a batch; returns the counts and each sighting's id."""
    raws = [a.raw for a in batch.articles]
    home_region_of = {r.source_name: r.home_region for r in raws}
    source_rows = [
        {"name": name, "kind": None, "config": None, "home_region": home_region_of.get(name),
         "created_at": _now()}
        for name in sorted({batch.source_name, *home_region_of})
    ]
    added_sources = _insert_absent(conn, sources, source_rows)

    hashes = sorted({r.sha256 for r in raws})
    present = set(conn.scalars(select(articles.c.sha256).where(articles.c.sha256.in_(hashes))))
    # Raw bytes are the bulk of a batch: send only the articles the database lacks.
    results: Sequence[ArticleResult | None] = batch.results or [None] * len(batch.articles)
    new_articles: dict[str, dict[str, Any]] = {}
    for article, result in zip(batch.articles, results):
        if article.raw.sha256 not in present:
            new_articles.setdefault(article.raw.sha256, article_row(article, result))
    added_articles = _insert_absent(conn, articles, list(new_articles.values()))

    sighting_rows = {_sighting_key(row): row for row in map(sighting_row, raws)}
    added_sightings = _insert_absent(conn, article_sources, list(sighting_rows.values()))
    sighting_ids = {
        _sighting_key(row._mapping): row.id
        for row in conn.execute(
            select(
                article_sources.c.id,
                article_sources.c.article_sha256,
                article_sources.c.source_name,
                article_sources.c.uri,
                article_sources.c.fetched_at,
            ).where(article_sources.c.article_sha256.in_(hashes))
        )
    }
    counts = {"sources": added_sources, "articles": added_articles, "article_sources": added_sightings}
    return counts, sighting_ids


def _sighting_key(row: Mapping[str, Any]) -> tuple[str, str, str, datetime]:
    return (row["article_sha256"], row["source_name"], row["uri"], row["fetched_at"])


def _store_positions(
    conn: Connection, batch: Batch, sighting_ids: Mapping[tuple[str, str, str, datetime], int]
) -> int:
    rows = [
        {
            "batch_key": batch.key,
            "position": position,
            "article_sha256": article.raw.sha256,
            "sighting_id": sighting_ids[_sighting_key(sighting_row(article.raw))],
        }
        for position, article in enumerate(batch.articles)
    ]
    return _insert_absent(conn, batch_articles, rows)


def _store_facts(conn: Connection, batch: Batch) -> int:
    """Insert the batch's absent facts, then link each 其中-part to the id of its whole."""
    rows: list[dict[str, Any]] = []
    links: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []  # (part key, whole key)
    for article, result in zip(batch.articles, batch.results):
        rows.extend(fact_rows(article, result, batch.key))
        sha = article.raw.sha256
        for fact in result.facts:
            if fact.part_of is None:
                continue
            if not 0 <= fact.part_of < len(result.facts):
                raise ValueError(f"part_of {fact.part_of} is not a fact index of {article.raw.uri}")
            links.append((fact_key(sha, fact), fact_key(sha, result.facts[fact.part_of])))
    added = _insert_absent(conn, facts, rows)
    if not links:
        return added

    key_names = ("article_sha256", "metric", "region", "scope", "period", "kind", "span_start")  # as fact_key
    key_columns = [facts.c[name] for name in key_names]
    hashes = sorted({a.raw.sha256 for a in batch.articles})
    stored = {
        tuple(row[: len(key_names)]): (row.id, row.part_of)
        for row in conn.execute(
            select(*key_columns, facts.c.id, facts.c.part_of).where(facts.c.article_sha256.in_(hashes))
        )
    }
    updates = {}
    for part_key, whole_key in links:
        part_id, current = stored[part_key]
        whole_id = stored[whole_key][0]
        # A part whose natural key equals its whole's collapsed into it: no self-link.
        if current is None and whole_id != part_id:
            updates[part_id] = whole_id
    if updates:
        conn.execute(
            update(facts).where(facts.c.id == bindparam("part_id")).values(part_of=bindparam("whole_id")),
            [{"part_id": part, "whole_id": whole} for part, whole in updates.items()],
        )
    return added


def _store_events(conn: Connection, batch: Batch) -> int:
    rows: dict[str, dict[str, Any]] = {}
    for article, result in zip(batch.articles, batch.results):
        for row in event_rows(article, result, batch.key):
            rows.setdefault(row["natural_key"], row)
    return _insert_absent(conn, events, list(rows.values()))


def _store_checks(conn: Connection, batch: Batch) -> int:
    rows = {row["digest"]: row for row in check_rows(batch.key, batch.checks)}
    return _insert_absent(conn, check_results, list(rows.values()))


def _batch_status(conn: Connection, batch_key: str) -> str | None:
    return conn.scalar(select(batches.c.status).where(batches.c.key == batch_key))


def _latest_decision(conn: Connection, batch_key: str) -> str | None:
    return conn.scalar(
        select(review_decisions.c.decision)
        .where(review_decisions.c.batch_key == batch_key)
        .order_by(review_decisions.c.decided_at.desc(), review_decisions.c.id.desc())
        .limit(1)
    )


def _batch_row(batch: Batch, run_id: str, status: str, reasons: Sequence[str]) -> dict[str, Any]:
    now = _now()
    return {
        "key": batch.key,
        "source_name": batch.source_name,
        "run_id": run_id,
        "loaded_run_id": run_id if status == "loaded" else None,
        "status": status,
        "reasons": list(reasons),
        "article_count": len(batch.articles),
        "fact_count": sum(len(r.facts) for r in batch.results),
        "created_at": now,
        "updated_at": now,
    }


def _require_parallel_results(batch: Batch, required: bool) -> None:
    missing = required and not batch.results
    if missing or (batch.results and len(batch.results) != len(batch.articles)):
        raise ValueError(
            f"batch {batch.key}: {len(batch.results)} results for {len(batch.articles)} articles "
            "(results must be parallel to articles)"
        )


def load_batch(engine: Engine, run_id: str, batch: Batch) -> LoadCounts:
    """Store a batch whole, in one transaction: articles, sightings, facts, events, check results.

    A new batch becomes 'loaded'. A 'quarantined' batch becomes 'approved' when its latest
    review decision is 'approve' (else 'loaded': a later run passed its gates) and only now
    gets its facts. A batch already 'loaded' or 'approved' gains nothing. A 'rejected' batch,
    or anything the database refuses, raises LoadError and writes nothing.
    `run_id` must have been recorded with `start_run`.
    """
    _require_parallel_results(batch, required=bool(batch.articles))
    try:
        with engine.begin() as conn:
            status = _batch_status(conn, batch.key)
            if status == "rejected":
                raise LoadError(f"batch {batch.key} was rejected by a reviewer; it is not loaded")
            documents, sighting_ids = _store_documents(conn, batch)
            added_batches = 0
            if status is None:
                added_batches = _insert_absent(conn, batches, [_batch_row(batch, run_id, "loaded", [])])
            elif status == "quarantined":
                approved = _latest_decision(conn, batch.key) == "approve"
                conn.execute(
                    update(batches)
                    .where(batches.c.key == batch.key)
                    .values(
                        status="approved" if approved else "loaded",
                        loaded_run_id=run_id,
                        fact_count=sum(len(r.facts) for r in batch.results),
                        updated_at=_now(),
                    )
                )
            return LoadCounts(
                **documents,
                batches=added_batches,
                batch_articles=_store_positions(conn, batch, sighting_ids),
                facts=_store_facts(conn, batch),
                events=_store_events(conn, batch),
                check_results=_store_checks(conn, batch),
            )
    except (SQLAlchemyError, ValueError) as exc:
        raise LoadError(f"batch {batch.key} not loaded, nothing of it written: {exc}") from exc


def quarantine_batch(engine: Engine, run_id: str, batch: Batch, reasons: Sequence[str]) -> LoadCounts:
    """Keep a blocked batch's articles (raw bytes included), sightings and check results with the
    reasons it was blocked, in one transaction; no facts or events.

    `batch.results` may be empty (blocked before extraction). Quarantining a batch that is
    already quarantined replaces its reasons; a 'rejected' batch stays rejected; a batch
    already 'loaded' or 'approved' raises LoadError (its facts are in).
    """
    _require_parallel_results(batch, required=False)
    try:
        with engine.begin() as conn:
            status = _batch_status(conn, batch.key)
            if status in ("loaded", "approved"):
                raise LoadError(f"batch {batch.key} is already {status}; it cannot be quarantined")
            documents, sighting_ids = _store_documents(conn, batch)
            added_batches = 0
            if status is None:
                added_batches = _insert_absent(
                    conn, batches, [_batch_row(batch, run_id, "quarantined", reasons)]
                )
            elif status == "quarantined":
                stored = conn.scalar(select(batches.c.reasons).where(batches.c.key == batch.key))
                if stored != list(reasons):
                    conn.execute(
                        update(batches)
                        .where(batches.c.key == batch.key)
                        .values(reasons=list(reasons), updated_at=_now())
                    )
            return LoadCounts(
                **documents,
                batches=added_batches,
                batch_articles=_store_positions(conn, batch, sighting_ids),
                check_results=_store_checks(conn, batch),
            )
    except (SQLAlchemyError, ValueError) as exc:
        raise LoadError(f"batch {batch.key} not quarantined, nothing of it written: {exc}") from exc


def record_decision(engine: Engine, batch_key: str, decision: str, reviewer: str, reason: str) -> None:
    """Record a reviewer's decision on a quarantined batch; 'reject' also marks the batch rejected.

    'approve' only records the decision: the caller then re-extracts the batch from
    `stored_batch_articles` and calls `load_batch`, which flips it to 'approved'.
    Raises ConfigError for an unknown decision, an unknown batch or one not quarantined.
    """
    if decision not in DECISIONS:
        raise ConfigError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    with engine.begin() as conn:
        status = _batch_status(conn, batch_key)
        if status is None:
            raise ConfigError(f"no batch {batch_key!r} in the database")
        if status != "quarantined":
            raise ConfigError(f"batch {batch_key} is {status}; only a quarantined batch takes a decision")
        now = _now()
        conn.execute(
            review_decisions.insert().values(
                batch_key=batch_key, decision=decision, reviewer=reviewer, reason=reason, decided_at=now
            )
        )
        if decision == "reject":
            conn.execute(
                update(batches).where(batches.c.key == batch_key).values(status="rejected", updated_at=now)
            )


# --------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------


def batch_status(engine: Engine, batch_key: str) -> str | None:
    """The stored status of a batch ('loaded', 'quarantined', 'approved', 'rejected'), None if unknown."""
    with engine.connect() as conn:
        return _batch_status(conn, batch_key)


def stored_hashes(engine: Engine, hashes: Collection[str]) -> set[str]:
    """Which of these raw-bytes hashes the `articles` table holds (fetch skips what it already has)."""
    wanted = sorted(set(hashes))
    found: set[str] = set()
    with engine.connect() as conn:
        for start in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
            found.update(conn.scalars(select(articles.c.sha256).where(articles.c.sha256.in_(wanted[start:start + 500]))))
    return found


def stored_batch_articles(engine: Engine, batch_key: str) -> list[RawArticle]:
    """The raw articles of a stored batch, in batch order, as fetched (for re-extraction on approval)."""
    query = (
        select(
            article_sources.c.source_name,
            article_sources.c.uri,
            articles.c.raw,
            article_sources.c.fetched_at,
            article_sources.c.home_region,
            article_sources.c.encoding_hint,
        )
        .select_from(batch_articles)
        .join(articles, articles.c.sha256 == batch_articles.c.article_sha256)
        .join(article_sources, article_sources.c.id == batch_articles.c.sighting_id)
        .where(batch_articles.c.batch_key == batch_key)
        .order_by(batch_articles.c.position)
    )
    with engine.connect() as conn:
        return [
            RawArticle(
                source_name=row.source_name,
                uri=row.uri,
                raw=bytes(row.raw),
                fetched_at=row.fetched_at.isoformat(),
                home_region=row.home_region,
                encoding_hint=row.encoding_hint,
            )
            for row in conn.execute(query)
        ]


# The read queries, shared by the DataFrame helpers and `report_rows` so both see the same columns.


def _runs_query() -> Select[Any]:
    return select(runs).order_by(runs.c.started_at, runs.c.run_id)


def _batches_query(run_id: str | None = None) -> Select[Any]:
    query = select(
        batches.c.key.label("batch_key"),
        batches.c.source_name.label("source"),
        *[c for c in batches.c if c.name not in ("key", "source_name")],
    ).order_by(batches.c.created_at, batches.c.key)
    return query if run_id is None else query.where(batches.c.run_id == run_id)


def _checks_query(batch_key: str | None = None) -> Select[Any]:
    severity = case({"fail": 0, "warn": 1, "pass": 2}, value=check_results.c.status)
    query = select(check_results).order_by(check_results.c.batch_key, severity, check_results.c.id)
    return query if batch_key is None else query.where(check_results.c.batch_key == batch_key)


def _facts_query() -> Select[Any]:
    # `surface`: the number as the normalized text writes it (SUBSTR counts from 1 on both backends).
    surface = func.substr(articles.c.text, facts.c.span_start + 1, facts.c.span_end - facts.c.span_start)
    return (
        select(
            facts, surface.label("surface"), articles.c.title, articles.c.published, articles.c.home_region
        )
        .join(articles, articles.c.sha256 == facts.c.article_sha256)
        .order_by(facts.c.id)
    )


def _decisions_query() -> Select[Any]:
    return select(review_decisions).order_by(review_decisions.c.decided_at, review_decisions.c.id)


def _frame(engine: Engine, query: Select[Any]) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(query)
        frame = pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))
    # Nullable integer columns (part_of) stay integers instead of turning float.
    for column in query.selected_columns:
        if isinstance(column.type, Integer):
            frame[column.name] = frame[column.name].astype("Int64")
    return frame


def fetch_runs(engine: Engine) -> pd.DataFrame:
    """One row per run, oldest first: the columns of `runs`."""
    return _frame(engine, _runs_query())


def fetch_batches(engine: Engine, run_id: str | None = None) -> pd.DataFrame:
    """One row per batch (created by `run_id`, or all), oldest first: the columns of `batches`,
    with `key` as `batch_key` and `source_name` as `source`."""
    return _frame(engine, _batches_query(run_id))


def fetch_checks(engine: Engine, batch_key: str) -> pd.DataFrame:
    """One row per stored check result of a batch, failures first: the columns of `check_results`."""
    return _frame(engine, _checks_query(batch_key))


def fetch_facts(engine: Engine) -> pd.DataFrame:
    """One row per stored fact: the columns of `facts`, then `surface` (the number as written)
    and its article's title, published and home_region."""
    return _frame(engine, _facts_query())


def report_index_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """What the report's index shows, as plain row dicts: "runs", "batches", "decisions" (one
    row per run, batch and decision: small beside the facts)."""
    queries = {"runs": _runs_query(), "batches": _batches_query(), "decisions": _decisions_query()}
    with engine.connect() as conn:
        return {name: [dict(row) for row in conn.execute(q).mappings()] for name, q in queries.items()}


def run_report_rows(engine: Engine, run_id: str, row_limit: int) -> dict[str, Any]:
    """What one run's report page shows, read for that run alone so that memory and time follow
    the run, not the database: "batches" it created and their "decisions"; "checks", the first
    `row_limit` of their failed and warned checks (failures first), of "flagged_count", of
    "check_count" in all; "facts", the first `row_limit` of what they loaded by region, period
    and metric, plus the facts those checks name, of "fact_count"; and "signed" ((region, period,
    max 亿元) of the actual CNY signed investment, for the chart)."""
    in_run = select(batches.c.key).where(batches.c.run_id == run_id).scalar_subquery()
    first = (_facts_query().where(facts.c.batch_key.in_(in_run)).order_by(None)
             .order_by(facts.c.region, facts.c.period, facts.c.metric, facts.c.id).limit(row_limit))
    signed_query = (select(facts.c.region, facts.c.period, func.max(facts.c.value))
                    .where(facts.c.batch_key.in_(in_run), facts.c.metric == "signed_investment",
                           facts.c.currency == "CNY", facts.c.kind == "actual")
                    .group_by(facts.c.region, facts.c.period))
    with engine.connect() as conn:
        run_batches = [dict(r) for r in conn.execute(_batches_query(run_id)).mappings()]
        of_run = check_results.c.batch_key.in_(in_run)
        flagged = check_results.c.status.in_(("warn", "fail"))
        checks = [dict(r) for r in conn.execute(
            _checks_query().where(of_run, flagged).order_by(None)
            .order_by(check_results.c.status, check_results.c.batch_key, check_results.c.id)  # 'fail' < 'warn'
            .limit(row_limit)).mappings()]
        check_count = conn.execute(select(func.count()).select_from(check_results).where(of_run)).scalar_one()
        flagged_count = conn.execute(select(func.count()).select_from(check_results).where(of_run, flagged)).scalar_one()
        decisions = [dict(r) for r in conn.execute(
            _decisions_query().where(review_decisions.c.batch_key.in_(in_run))).mappings()]
        fact_count = conn.execute(
            select(func.count()).select_from(facts).where(facts.c.batch_key.in_(in_run))).scalar_one()
        signed = conn.execute(signed_query).all()
        shown = [dict(r) for r in conn.execute(first).mappings()]
        # The facts that failed and warned checks name, where the first rows do not hold them.
        named = ({(ref["article_sha256"], ref["fact_index"]) for c in checks for ref in c["facts"] or []}
                 - {(f["article_sha256"], f["fact_index"]) for f in shown})
        wanted = sorted({sha for sha, _ in named})
        for start in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
            rows = conn.execute(_facts_query().where(facts.c.article_sha256.in_(wanted[start:start + 500]))).mappings()
            shown += [dict(r) for r in rows if (r["article_sha256"], r["fact_index"]) in named]
    return {"batches": run_batches, "checks": checks, "check_count": check_count, "flagged_count": flagged_count,
            "decisions": decisions, "facts": shown, "fact_count": fact_count,
            "signed": [(region, period, float(value)) for region, period, value in signed]}


def fetch_placed_facts(
    engine: Engine, exclude: Collection[str] = (), keys: Collection[tuple[str, str, str, str, str]] | None = None
) -> list[PlacedFact]:
    """The stored facts as reconcile reads them, leaving out the articles in `exclude` (sha256s),
    usually the batch being reconciled. `part_of` and the index are positions in the article's
    fact list, as at extraction.

    With `keys`, only the facts whose (region, metric, scope, period, kind) is one of them: all
    that the conflict rule compares a batch with. Without it every stored fact is read, which
    grows with the database; with it a batch reads what it can conflict with (in id order too).
    """
    whole = facts.alias("whole")
    query = (
        select(
            facts.c.id,
            facts.c.article_sha256,
            batches.c.source_name,
            facts.c.fact_index,
            *[facts.c[name] for name in FACT_COLUMNS],
            facts.c.span_start,
            facts.c.span_end,
            whole.c.fact_index.label("whole_index"),
        )
        .join(batches, batches.c.key == facts.c.batch_key)
        .outerjoin(whole, whole.c.id == facts.c.part_of)
        .order_by(facts.c.id)
    )
    if exclude:
        query = query.where(facts.c.article_sha256.not_in(sorted(exclude)))
    with engine.connect() as conn:
        if keys is None:
            rows = list(conn.execute(query))
        else:
            wanted = set(keys)
            regions = sorted({key[0] for key in wanted})
            rows = []
            for start in range(0, len(regions), 500):  # stay under SQLite's bound-parameter limit
                chunk = query.where(facts.c.region.in_(regions[start:start + 500]))
                rows.extend(r for r in conn.execute(chunk) if (r.region, r.metric, r.scope, r.period, r.kind) in wanted)
            rows.sort(key=lambda r: r.id)
    return [
        PlacedFact(
            article_sha256=row.article_sha256,
            source_name=row.source_name,
            index=row.fact_index,
            fact=Fact(
                **{name: row._mapping[name] for name in FACT_COLUMNS},
                span=(row.span_start, row.span_end),
                part_of=row.whole_index,
            ),
        )
        for row in rows
    ]


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows in each project table, in dependency order (Alembic's own version table left out)."""
    with engine.connect() as conn:
        return {
            table.name: conn.scalar(select(func.count()).select_from(table)) or 0
            for table in METADATA.sorted_tables
        }
