"""What reconcile reads from the database for one batch does not grow with the database: with the
batch's fact keys, `fetch_placed_facts` returns exactly the stored facts the conflict rule could
compare with (same region, metric, scope, period and kind), in the order of a full read -- and
nothing else, however many facts are stored. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tasks.load import fetch_placed_facts, load_batch, make_engine, migrate, start_run
from tasks.models import Batch, RawArticle
from tasks.reconcile import load_reconcile_config
from tasks.reference import load_reference
from tasks.review import rebuild_batch

ROOT = Path(__file__).resolve().parents[2]


def test_a_batch_reads_only_the_facts_it_can_conflict_with(db_url):
    ref = load_reference(ROOT / "seeds")
    config = load_reconcile_config(ROOT / "expectations" / "reconcile_v1.json")
    raws = [RawArticle("seeds", str(p), p.read_bytes(), "2026-01-01T00:00:00+00:00")
            for p in sorted((ROOT / "seeds" / "articles").glob("*.txt"))]
    engine = make_engine(db_url)
    migrate(engine)
    start_run(engine, "run-1", {})
    batch = rebuild_batch(Batch.key_for("seeds", [r.sha256 for r in raws]), raws, ref, config)
    load_batch(engine, "run-1", batch)

    everything = fetch_placed_facts(engine)
    assert len(everything) > 30
    keys = {p.key for p in everything if p.fact.region == "镇江市"} | {("镇江市", "signed_projects", "", "1999", "actual")}
    wanted = fetch_placed_facts(engine, keys=keys)
    assert wanted == [p for p in everything if p.key in keys]
    assert 0 < len(wanted) < len(everything)
    assert fetch_placed_facts(engine, keys=set()) == []
    sha_001 = next(r.sha256 for r in raws if "/001_" in r.uri)
    assert fetch_placed_facts(engine, exclude={sha_001}, keys=keys) == [p for p in wanted if p.article_sha256 != sha_001]
    engine.dispose()
