"""The database layer against real SQLite and PostgreSQL 15 (every test runs on both).

Pins down: the Alembic migration creates exactly the tables of tasks/load.py and is a no-op
at head, also when two callers race; a batch loads whole or not at all; loading it again adds
no row; a quarantined batch keeps its raw articles and reasons but no facts; approving it loads
its facts exactly once; a reprint is one article with two sightings; and both backends end up
with the same rows.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, event, inspect, select

from tasks import load
from tasks.errors import ConfigError, LoadError
from tasks.load import (
    LoadCounts,
    batch_status,
    fetch_placed_facts,
    fetch_batches,
    fetch_checks,
    fetch_facts,
    fetch_runs,
    finish_run,
    load_batch,
    make_engine,
    report_index_rows,
    run_report_rows,
    migrate,
    quarantine_batch,
    record_decision,
    start_run,
    stored_batch_articles,
    table_counts,
)
from tasks.models import Batch

TABLES = {
    "sources", "articles", "article_sources", "runs", "batches", "batch_articles",
    "facts", "events", "check_results", "review_decisions",
}


def new_run(engine: Engine, **parameters: object) -> str:
    run_id = str(uuid.uuid4())
    start_run(engine, run_id, {"sources": ["seeds"], **parameters})
    return run_id


def stored_rows(engine: Engine) -> dict[str, int]:
    return table_counts(engine)


# ---------------------------------------------------------------------------------- migrations


def test_migrate_creates_every_table_and_is_a_no_op_at_head(empty_engine: Engine) -> None:
    assert set(inspect(empty_engine).get_table_names()) == set()
    migrate(empty_engine)
    assert set(inspect(empty_engine).get_table_names()) == TABLES | {"alembic_version"}
    with empty_engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == ("0001",)

    migrate(empty_engine)  # again: nothing to do, nothing changes
    with empty_engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == ("0001",)
    assert table_counts(empty_engine) == dict.fromkeys(table_counts(empty_engine), 0)
    assert set(table_counts(empty_engine)) == TABLES


def test_migration_matches_the_tables_of_load(db_engine: Engine) -> None:
    with db_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, load.METADATA) == []


def test_concurrent_migrate_calls_both_succeed(db_url: str) -> None:
    engines = [make_engine(db_url), make_engine(db_url)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(engines))

    def run(engine: Engine) -> None:
        barrier.wait()
        try:
            migrate(engine)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engines[0].connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == ("0001",)
    for engine in engines:
        engine.dispose()


def test_unknown_newer_revision_is_reported(db_engine: Engine) -> None:
    with db_engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(ConfigError, match="9999"):
        migrate(db_engine)


# ----------------------------------------------------------------------------------- loading


def test_load_stores_the_batch_and_a_second_load_adds_nothing(db_engine: Engine, seed_batch: Batch) -> None:
    run_id = new_run(db_engine)
    first = load_batch(db_engine, run_id, seed_batch)
    assert first == LoadCounts(
        sources=1, articles=5, article_sources=5, batches=1, batch_articles=5,
        facts=6, events=2, check_results=2,
    )
    after_first = stored_rows(db_engine)
    assert {k: after_first[k] for k in first.to_dict()} == first.to_dict()
    assert batch_status(db_engine, seed_batch.key) == "loaded"

    second = load_batch(db_engine, new_run(db_engine), seed_batch)
    assert second == LoadCounts()
    assert second.total == 0
    after_second = stored_rows(db_engine)
    assert after_second == {**after_first, "runs": after_first["runs"] + 1}


def test_loaded_rows_keep_provenance(db_engine: Engine, seed_batch: Batch) -> None:
    load_batch(db_engine, new_run(db_engine), seed_batch)
    frame = fetch_facts(db_engine)
    by_value = {row.value: row for row in frame.itertuples()}

    with db_engine.connect() as conn:
        raw_texts = dict(conn.execute(select(load.articles.c.sha256, load.articles.c.raw_text)).all())
        raw_bytes = dict(conn.execute(select(load.articles.c.sha256, load.articles.c.raw)).all())
    for article in seed_batch.articles:
        assert bytes(raw_bytes[article.raw.sha256]) == article.raw.raw
    for row in frame.itertuples():
        raw_text = raw_texts[row.article_sha256]
        assert raw_text[row.raw_span_start:row.raw_span_end] == f"{row.value:g}"  # the number itself
        assert row.uri.startswith("seeds/articles/")
    # 其中-parts point at the id of their whole; wholes point nowhere.
    assert by_value[2.0].part_of == by_value[7.0].id
    assert by_value[105.0].part_of == by_value[208.0].id
    assert by_value[105.0].share_pct == 48.0
    assert frame["part_of"].isna().sum() == 4
    assert set(frame.loc[frame["region"] == "镇江市", "home_region"]) == {"镇江市"}

    with db_engine.connect() as conn:
        query = select(load.events.c.destinations).order_by(load.events.c.span_start)
        destinations = conn.scalars(query).all()
    assert destinations == [["奥地利", "韩国"], ["北京"]]


def test_failed_load_writes_nothing_of_the_batch(
    db_engine: Engine, seed_articles: dict, kit, seed_batch: Batch
) -> None:
    earlier = kit.make_batch([seed_articles["002"]])
    load_batch(db_engine, new_run(db_engine), earlier)
    before = stored_rows(db_engine)

    # The last fact of the last article breaks a NOT NULL constraint: everything before it goes too.
    results = list(seed_batch.results)
    broken_fact = replace(results[3].facts[-1], region=None)
    results[3] = replace(results[3], facts=(*results[3].facts[:-1], broken_fact))
    broken = replace(seed_batch, results=tuple(results))
    run_id = new_run(db_engine)
    with pytest.raises(LoadError, match=seed_batch.key):
        load_batch(db_engine, run_id, broken)
    assert stored_rows(db_engine) == {**before, "runs": before["runs"] + 1}
    assert batch_status(db_engine, seed_batch.key) is None


def test_exception_midway_rolls_the_batch_back(db_engine: Engine, seed_batch: Batch) -> None:
    run_id = new_run(db_engine)
    before = stored_rows(db_engine)

    def fail_on_events(conn, cursor, statement, *_):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO EVENTS"):
            raise RuntimeError("injected: the database went away")

    event.listen(db_engine, "before_cursor_execute", fail_on_events)
    try:
        with pytest.raises(RuntimeError, match="injected"):
            load_batch(db_engine, run_id, seed_batch)
    finally:
        event.remove(db_engine, "before_cursor_execute", fail_on_events)
    assert stored_rows(db_engine) == before

    assert load_batch(db_engine, run_id, seed_batch).facts == 6  # and it loads once the fault is gone


def test_reprint_from_another_source_is_one_article_with_two_sightings(
    db_engine: Engine, seed_articles: dict, kit
) -> None:
    original = seed_articles["001"]
    reprint = kit.normalize(kit.read_seed("001", source_name="reprints", fetched_at="2025-08-13T00:00:00Z"))
    run_id = new_run(db_engine)
    load_batch(db_engine, run_id, kit.make_batch([original]))
    counts = load_batch(db_engine, run_id, kit.make_batch([reprint], source_name="reprints"))

    # The new batch brings its own check results; the article and its facts are not stored again.
    assert counts == LoadCounts(sources=1, article_sources=1, batches=1, batch_articles=1, check_results=2)
    rows = stored_rows(db_engine)
    assert (rows["articles"], rows["article_sources"], rows["batches"], rows["facts"]) == (1, 2, 2, 4)


def test_duplicate_articles_in_one_batch_keep_their_positions(
    db_engine: Engine, seed_articles: dict, kit
) -> None:
    twice = kit.make_batch([seed_articles["002"], seed_articles["002"]])
    counts = load_batch(db_engine, new_run(db_engine), twice)
    assert (counts.articles, counts.article_sources, counts.batch_articles) == (1, 1, 2)
    rebuilt = stored_batch_articles(db_engine, twice.key)
    assert Batch.key_for("seeds", [r.sha256 for r in rebuilt]) == twice.key


# ------------------------------------------------------------------------- quarantine, review


def test_quarantine_keeps_articles_and_reasons_but_no_facts(db_engine: Engine, seed_batch: Batch) -> None:
    run_id = new_run(db_engine)
    reasons = ["facts_v1.critical: value > 0", "part_le_whole"]
    counts = quarantine_batch(db_engine, run_id, seed_batch, reasons)
    assert counts == LoadCounts(
        sources=1, articles=5, article_sources=5, batches=1, batch_articles=5, check_results=2
    )

    rows = stored_rows(db_engine)
    assert (rows["facts"], rows["events"], rows["articles"], rows["check_results"]) == (0, 0, 5, 2)
    batch = fetch_batches(db_engine, run_id).iloc[0]
    assert (batch.status, batch.reasons) == ("quarantined", reasons)
    assert (batch.article_count, batch.fact_count) == (5, 6)  # the facts it had, none stored
    assert list(fetch_checks(db_engine, seed_batch.key)["status"]) == ["fail", "pass"]
    assert [r.raw for r in stored_batch_articles(db_engine, seed_batch.key)] == [
        a.raw.raw for a in seed_batch.articles
    ]

    assert quarantine_batch(db_engine, run_id, seed_batch, reasons) == LoadCounts()  # idempotent
    assert stored_rows(db_engine) == rows


def test_quarantine_before_extraction_needs_no_results(db_engine: Engine, seed_articles: dict, kit) -> None:
    blocked = kit.make_batch(list(seed_articles.values()), with_results=False)
    reasons = ["articles_v1.critical: mojibake_share"]
    counts = quarantine_batch(db_engine, new_run(db_engine), blocked, reasons)
    assert (counts.articles, counts.batches, counts.facts) == (5, 1, 0)
    assert fetch_batches(db_engine).iloc[0].fact_count == 0


def test_approving_a_quarantined_batch_loads_its_facts_exactly_once(
    db_engine: Engine, seed_batch: Batch, kit
) -> None:
    quarantine_batch(db_engine, new_run(db_engine), seed_batch, ["magnitude"])
    record_decision(db_engine, seed_batch.key, "approve", "reviewer@example.org", "numbers checked by hand")
    assert batch_status(db_engine, seed_batch.key) == "quarantined"  # until the facts are in

    # What the flow does on approval: rebuild the batch from the stored raw articles and load it.
    raws = stored_batch_articles(db_engine, seed_batch.key)
    assert [r.uri for r in raws] == [a.raw.uri for a in seed_batch.articles]
    assert [r.fetched_at for r in raws] == [a.raw.fetched_at for a in seed_batch.articles]
    rebuilt = kit.make_batch([kit.normalize(r) for r in raws])
    assert rebuilt.key == seed_batch.key

    approving_run = new_run(db_engine, approve=seed_batch.key)
    counts = load_batch(db_engine, approving_run, rebuilt)
    assert counts == LoadCounts(facts=6, events=2)  # articles, sightings and checks were kept already
    assert batch_status(db_engine, seed_batch.key) == "approved"
    assert fetch_batches(db_engine).iloc[0].loaded_run_id == approving_run

    assert load_batch(db_engine, approving_run, rebuilt) == LoadCounts()
    assert stored_rows(db_engine)["facts"] == 6
    with pytest.raises(ConfigError, match="approved"):
        record_decision(db_engine, seed_batch.key, "approve", "someone", "again")
    with pytest.raises(LoadError, match="approved"):
        quarantine_batch(db_engine, approving_run, seed_batch, ["late"])


def test_a_quarantined_batch_that_later_passes_its_gates_is_loaded(
    db_engine: Engine, seed_batch: Batch
) -> None:
    quarantine_batch(db_engine, new_run(db_engine), seed_batch, ["magnitude"])
    later = new_run(db_engine)
    assert load_batch(db_engine, later, seed_batch).facts == 6
    batch = fetch_batches(db_engine).iloc[0]
    # No approve decision: a later run's gates passed, so it is simply 'loaded' (reasons kept as history).
    assert (batch.status, batch.loaded_run_id, batch.reasons) == ("loaded", later, ["magnitude"])


def test_a_rejected_batch_is_never_loaded(db_engine: Engine, seed_batch: Batch) -> None:
    run_id = new_run(db_engine)
    quarantine_batch(db_engine, run_id, seed_batch, ["magnitude"])
    record_decision(db_engine, seed_batch.key, "reject", "reviewer@example.org", "not investment news")
    assert batch_status(db_engine, seed_batch.key) == "rejected"
    before = stored_rows(db_engine)
    with pytest.raises(LoadError, match="rejected"):
        load_batch(db_engine, run_id, seed_batch)
    assert stored_rows(db_engine) == before
    assert before["review_decisions"] == 1


def test_decisions_are_checked(db_engine: Engine, seed_batch: Batch) -> None:
    with pytest.raises(ConfigError, match="no batch"):
        record_decision(db_engine, "nope", "approve", "r", "x")
    load_batch(db_engine, new_run(db_engine), seed_batch)
    with pytest.raises(ConfigError, match="approve, reject"):
        record_decision(db_engine, seed_batch.key, "maybe", "r", "x")
    with pytest.raises(ConfigError, match="loaded"):
        record_decision(db_engine, seed_batch.key, "reject", "r", "x")


# --------------------------------------------------------------------------------- runs, reads


def test_runs_are_recorded_from_start_to_finish(db_engine: Engine, tmp_path) -> None:
    run_id = str(uuid.uuid4())
    start_run(db_engine, run_id, {"source_dir": tmp_path, "dry_run": False})
    start_run(db_engine, run_id, {"source_dir": tmp_path, "dry_run": False})  # a retried task
    finish_run(db_engine, run_id, "completed", {"batches": 1, "facts": 6})

    runs = fetch_runs(db_engine)
    assert len(runs) == 1
    run = runs.iloc[0]
    assert (run.run_id, run.status, run.summary) == (run_id, "completed", {"batches": 1, "facts": 6})
    assert run.parameters == {"source_dir": str(tmp_path), "dry_run": False}
    assert run.started_at.tzinfo is not None and run.finished_at >= run.started_at
    with pytest.raises(LoadError, match="start_run"):
        finish_run(db_engine, "never-started", "failed", {})


def test_batches_are_listed_per_run(db_engine: Engine, seed_articles: dict, kit) -> None:
    first, second = new_run(db_engine), new_run(db_engine)
    load_batch(db_engine, first, kit.make_batch([seed_articles["000"]]))
    quarantine_batch(db_engine, second, kit.make_batch([seed_articles["001"]]), ["magnitude"])
    assert list(fetch_batches(db_engine, first)["status"]) == ["loaded"]
    assert list(fetch_batches(db_engine, second)["status"]) == ["quarantined"]
    assert len(fetch_batches(db_engine)) == 2
    assert fetch_checks(db_engine, "nope").empty and "check" in fetch_checks(db_engine, "nope").columns


def test_placed_facts_give_reconcile_the_facts_of_other_articles(
    db_engine: Engine, seed_batch: Batch, seed_articles: dict
) -> None:
    load_batch(db_engine, new_run(db_engine), seed_batch)
    zhenjiang = seed_articles["001"].raw.sha256
    placed = fetch_placed_facts(db_engine, exclude={zhenjiang})
    assert {p.article_sha256 for p in placed} == {seed_articles["003"].raw.sha256}

    everything = {(p.article_sha256, p.index): p for p in fetch_placed_facts(db_engine)}
    results = {a.raw.sha256: r for a, r in zip(seed_batch.articles, seed_batch.results)}
    assert len(everything) == 6
    for (sha, index), p in everything.items():
        assert p.fact == results[sha].facts[index]  # span and part_of (an index again) included
        assert p.source_name == "seeds"


def test_report_rows_carry_what_the_report_shows(db_engine: Engine, seed_batch: Batch) -> None:
    run_id = new_run(db_engine)
    quarantine_batch(db_engine, run_id, seed_batch, ["magnitude"])
    record_decision(db_engine, seed_batch.key, "approve", "reviewer", "checked")
    load_batch(db_engine, run_id, seed_batch)
    finish_run(db_engine, run_id, "completed", {"batches": 1})

    index = report_index_rows(db_engine)
    assert set(index) == {"runs", "batches", "decisions"}
    (batch,) = index["batches"]
    assert (batch["batch_key"], batch["source"], batch["status"], batch["run_id"]) == (
        seed_batch.key, "seeds", "approved", run_id
    )
    assert [d["decision"] for d in index["decisions"]] == ["approve"]
    assert index["runs"][0]["summary"] == {"batches": 1}

    rows = run_report_rows(db_engine, run_id, row_limit=3)
    assert [c["status"] for c in rows["checks"]] == ["fail"]  # flagged ones only
    assert (rows["check_count"], rows["flagged_count"]) == (2, 1)
    assert rows["checks"][0]["facts"][0].keys() >= {"article_sha256", "fact_index", "label", "evidence", "surface"}
    assert rows["fact_count"] == 6
    named = {(r["article_sha256"], r["fact_index"]) for r in rows["checks"][0]["facts"]}
    shown = {(f["article_sha256"], f["fact_index"]) for f in rows["facts"]}
    assert len(rows["facts"]) >= 3 and named <= shown  # the first rows, and every fact a flagged check names
    assert {f["surface"] for f in rows["facts"]} <= {"267", "1158.8", "7", "2", "208", "105"}
    assert all(f["yoy_pct"] is None or isinstance(f["yoy_pct"], float) for f in rows["facts"])
    assert rows["signed"] and all(isinstance(value, float) for _, _, value in rows["signed"])
    assert run_report_rows(db_engine, "no-such-run", row_limit=3)["fact_count"] == 0


# ------------------------------------------------------------------------------------ engines


def test_sqlite_engine_creates_its_folder_and_enforces_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    migrate(engine)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with engine.begin() as conn:
            conn.execute(load.batch_articles.insert().values(
                batch_key="missing", position=0, article_sha256="0" * 64, sighting_id=1
            ))
    engine.dispose()


def test_registered_source_keeps_its_config_when_batches_arrive(
    db_engine: Engine, seed_batch: Batch
) -> None:
    load.register_source(db_engine, "seeds", "folder", {"uri": Path("seeds/articles")}, "江苏省")
    load.register_source(db_engine, "seeds", "folder", {"uri": "seeds/articles", "glob": "*.txt"}, "江苏省")
    load_batch(db_engine, new_run(db_engine), seed_batch)
    with db_engine.connect() as conn:
        (row,) = conn.execute(select(load.sources)).all()
    assert (row.name, row.kind, row.home_region) == ("seeds", "folder", "江苏省")
    assert row.config == {"uri": "seeds/articles", "glob": "*.txt"}


def test_make_engine_rejects_bad_urls_and_picks_psycopg() -> None:
    with pytest.raises(ConfigError):
        make_engine("not a url")
    with pytest.raises(ConfigError):
        make_engine("nosuchdb://x/y")
    assert make_engine("postgresql://postgres@127.0.0.1:5432/x").dialect.driver == "psycopg"


@pytest.mark.postgres
def test_sqlite_and_postgresql_store_the_same_rows(
    sqlite_url: str, postgres_url: str, seed_articles: dict, kit
) -> None:
    def scenario(engine: Engine) -> tuple[dict[str, int], list[tuple]]:
        migrate(engine)
        run_id = "00000000-0000-0000-0000-000000000001"
        start_run(engine, run_id, {"sources": ["seeds"]})
        load_batch(engine, run_id, kit.make_batch([seed_articles["001"], seed_articles["002"]]))
        quarantined = kit.make_batch([seed_articles["003"], seed_articles["004"]])
        quarantine_batch(engine, run_id, quarantined, ["magnitude"])
        record_decision(engine, quarantined.key, "approve", "r", "ok")
        load_batch(engine, run_id, quarantined)
        load_batch(engine, run_id, kit.make_batch([seed_articles["000"]], source_name="other"))
        facts = fetch_facts(engine).drop(columns=["id", "part_of"])
        return table_counts(engine), sorted(map(tuple, facts.astype(str).to_numpy()))

    engines = [make_engine(sqlite_url), make_engine(postgres_url)]
    (sqlite_counts, sqlite_facts), (pg_counts, pg_facts) = map(scenario, engines)
    assert sqlite_counts == pg_counts
    assert sqlite_counts["facts"] == 6 and sqlite_counts["batches"] == 3
    assert sqlite_facts == pg_facts
    for engine in engines:
        engine.dispose()
