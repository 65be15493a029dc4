"""The real flow, driven through `zhaoshang run`, on SQLite and PostgreSQL: the seeds load with
their facts, a second run adds nothing, and a batch carrying a fact that breaks a blocking
expectation exits 3 with nothing of it loaded while its raw articles and reasons are kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from flows.cli import main
from tasks.load import make_engine, table_counts

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLES = ROOT / "seeds" / "articles"
DATA_TABLES = ("articles", "article_sources", "sources", "batches", "batch_articles", "facts", "events",
               "check_results")


pytestmark = pytest.mark.usefixtures("prefect_harness")  # tests/conftest.py


def data_counts(db_url: str) -> dict[str, int]:
    counts = table_counts(make_engine(db_url))
    return {t: counts[t] for t in DATA_TABLES}


def test_seeds_load_once_and_a_rerun_adds_nothing(db_url, tmp_path, capsys):
    assert main(["run", "--db", db_url, "--report-dir", str(tmp_path / "report")]) == 0
    first = data_counts(db_url)
    assert first["articles"] == 5
    assert first["facts"] >= 30  # the five seeds hold 53 gold facts
    assert (tmp_path / "report" / "index.html").exists()
    out = capsys.readouterr().out
    assert "1 batches loaded" in out

    assert main(["run", "--db", db_url, "--report-dir", str(tmp_path / "report")]) == 0
    assert data_counts(db_url) == first
    assert "1 already loaded" in capsys.readouterr().out


def test_sqlite_and_postgresql_end_with_the_same_rows(sqlite_url, postgres_url, tmp_path):
    for url in (sqlite_url, postgres_url):
        assert main(["run", "--db", url, "--report-dir", str(tmp_path / "r")]) == 0
    assert data_counts(sqlite_url) == data_counts(postgres_url)
    query = text("SELECT region, metric, period, value FROM facts ORDER BY region, metric, period, value")
    with make_engine(sqlite_url).connect() as a, make_engine(postgres_url).connect() as b:
        assert [tuple(r) for r in a.execute(query)] == [tuple(r) for r in b.execute(query)]


test_sqlite_and_postgresql_end_with_the_same_rows = pytest.mark.postgres(
    test_sqlite_and_postgresql_end_with_the_same_rows)


def test_a_unit_slip_blocks_the_batch_and_loads_nothing_of_it(db_url, tmp_path, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(SEED_ARTICLES, broken)
    (article,) = broken.glob("001_*.txt")
    body = article.read_text(encoding="utf-8")
    assert "总投资额1158.8亿元" in body
    # A 万-for-亿 slip: the city's half-year signed investment becomes 0.1亿元.
    article.write_text(body.replace("总投资额1158.8亿元", "总投资额1158.8万元"), encoding="utf-8")

    assert main(["run", str(broken), "--db", db_url, "--report-dir", str(tmp_path / "r")]) == 3
    captured = capsys.readouterr()
    assert "quarantined" in captured.out
    assert "checks_v1.critical" in captured.out
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM facts")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM articles WHERE length(raw) > 0")).scalar_one() == 5
        status, reasons = conn.execute(text("SELECT status, reasons FROM batches")).one()
    assert status == "quarantined"
    assert "checks_v1.critical" in str(reasons)


def test_bad_source_is_a_usage_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nowhere"), "--db", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert "is not a file or folder" in capsys.readouterr().err


def test_a_reprint_in_the_same_batch_keeps_its_facts_once(sqlite_url, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    (original,) = SEED_ARTICLES.glob("001_*.txt")
    body = original.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(body, encoding="utf-8")
    (folder / "b.txt").write_text("转载自:某某新闻网\n\n" + body + "\n(责任编辑:王某)\n", encoding="utf-8")
    assert main(["run", str(folder), "--db", sqlite_url, "--report-dir", str(tmp_path / "r")]) == 0
    with make_engine(sqlite_url).connect() as conn:
        per_article = [n for (n,) in conn.execute(text(
            "SELECT count(f.id) FROM articles a LEFT JOIN facts f ON f.article_sha256 = a.sha256 GROUP BY a.sha256"))]
        reprint_checks = conn.execute(text("SELECT count(*) FROM check_results WHERE \"check\" = 'reprint'")).scalar_one()
    assert sorted(per_article)[0] == 0 and sorted(per_article)[1] >= 10  # both articles kept, facts once
    assert reprint_checks == 1
