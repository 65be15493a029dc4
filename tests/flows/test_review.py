"""Review of quarantined batches through `zhaoshang review`: show prints the failed check with
its numbers and sentence, approve loads the batch exactly once and records who and why,
reject closes it; every decision lands in the audit table."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from flows.cli import main
from tasks.config import load_settings
from tasks.load import make_engine, migrate, quarantine_batch, start_run, table_counts
from tasks.models import Batch, RawArticle
from tasks.reconcile import load_reconcile_config
from tasks.reference import load_reference
from tasks.review import rebuild_batch

ROOT = Path(__file__).resolve().parents[2]


def quarantined(db_url: str, tmp_path: Path) -> str:
    """Quarantine the seeds with 001's half-year investment written in 万元 instead of 亿元."""
    raws = []
    for path in sorted((ROOT / "seeds" / "articles").glob("*.txt")):
        data = path.read_bytes()
        if path.name.startswith("001_"):
            data = data.replace("总投资额1158.8亿元".encode(), "总投资额1158.8万元".encode())
        raws.append(RawArticle("slipped", str(path), data, "2026-01-01T00:00:00+00:00"))
    key = Batch.key_for("slipped", [r.sha256 for r in raws])
    settings = load_settings()
    batch = rebuild_batch(key, raws, load_reference(settings.seeds_dir),
                          load_reconcile_config(ROOT / "expectations" / "reconcile_v1.json"))
    assert any(c.check == "magnitude" and c.status == "fail" for c in batch.checks)
    engine = make_engine(db_url)
    migrate(engine)
    start_run(engine, "run-1", {})
    quarantine_batch(engine, "run-1", batch, ["magnitude"])
    return key


def test_show_prints_the_failed_check_with_numbers_and_sentence(db_url, tmp_path, capsys):
    key = quarantined(db_url, tmp_path)
    assert main(["review", "list", "--db", db_url]) == 0
    assert key in capsys.readouterr().out
    assert main(["review", "show", key, "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "FAIL magnitude" in out and "0.11588" in out
    assert "总投资额1158.8万元" in out


def test_approve_loads_exactly_once_and_is_audited(db_url, tmp_path, capsys):
    key = quarantined(db_url, tmp_path)
    assert table_counts(make_engine(db_url))["facts"] == 0
    assert main(["review", "approve", key, "--db", db_url]) == 2  # reviewer and reason are required
    assert main(["review", "approve", key, "--db", db_url, "--reviewer", "ana", "--reason", "checked"]) == 0
    loaded = table_counts(make_engine(db_url))
    assert loaded["facts"] > 30
    assert main(["review", "approve", key, "--db", db_url, "--reviewer", "ana", "--reason", "again"]) == 2
    assert table_counts(make_engine(db_url)) | {"runs": 0} == loaded | {"runs": 0}
    with make_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT status FROM batches")).scalar_one() == "approved"
        assert [tuple(r) for r in conn.execute(text("SELECT decision, reviewer, reason FROM review_decisions"))] == [
            ("approve", "ana", "checked")]


def test_reject_closes_the_batch_without_loading(db_url, tmp_path):
    key = quarantined(db_url, tmp_path)
    assert main(["review", "reject", key, "--db", db_url, "--reviewer", "bo", "--reason", "wrong unit"]) == 0
    assert table_counts(make_engine(db_url))["facts"] == 0
    assert main(["review", "approve", key, "--db", db_url, "--reviewer", "bo", "--reason", "x"]) == 2


@pytest.mark.parametrize("args", [["review", "show"], ["review", "show", "nope"]])
def test_unknown_or_missing_batch_is_a_usage_error(args, sqlite_url, capsys):
    assert main([*args, "--db", sqlite_url]) == 2
    assert "review list" in capsys.readouterr().err
