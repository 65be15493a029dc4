"""Defects injected into copies of the seeds are caught: each blocks its batch (exit 3, nothing of
it loaded) or warns, as expectations/ configures, while the clean seeds load with exit 0 and
003's stated 48% (105 of 208 is 50.5%) shows as a warning in the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from flows.cli import main
from tasks.load import make_engine

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLES = ROOT / "seeds" / "articles"


pytestmark = pytest.mark.usefixtures("prefect_harness")  # tests/conftest.py


def seeds_copy(folder: Path, prefix: str = "", old: str = "", new: str = "") -> Path:
    """The five seeds in `folder`, with the first `old` replaced by `new` in the seed `prefix`."""
    shutil.copytree(SEED_ARTICLES, folder)
    if prefix:
        (path,) = folder.glob(f"{prefix}_*.txt")
        body = path.read_text(encoding="utf-8")
        assert old in body, f"{old!r} not in seed {prefix}"
        path.write_text(body.replace(old, new, 1), encoding="utf-8")
    return folder


def facts_and_checks(db_url: str) -> tuple[int, list[tuple[str, str, str]]]:
    with make_engine(db_url).connect() as conn:
        facts = conn.execute(text("SELECT count(*) FROM facts")).scalar_one()
        checks = [tuple(r) for r in conn.execute(text("SELECT \"check\", status, message FROM check_results"))]
    return facts, checks


def run(folder: Path, db_url: str, tmp_path: Path) -> int:
    return main(["run", str(folder), "--db", db_url, "--report-dir", str(tmp_path / "report")])


def test_clean_seeds_load_and_the_48_percent_slip_is_a_warning_in_the_report(sqlite_url, tmp_path):
    assert run(seeds_copy(tmp_path / "clean"), sqlite_url, tmp_path) == 0
    facts, checks = facts_and_checks(sqlite_url)
    assert facts > 30
    assert [c for c in checks if c[1] == "fail"] == []
    assert any(c[0] == "share_matches" and c[1] == "warn" and "48%" in c[2] for c in checks)
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "report").glob("run-*.html"))
    assert "share_matches" in pages and "stated 48%" in pages


@pytest.mark.parametrize(
    ("defect", "prefix", "old", "new", "rule"),
    [
        ("district above its city", "001", "上半年全市项目招引攻坚成效显著",
         "上半年,丹徒区新签约亿元以上项目达400个。上半年全市项目招引攻坚成效显著", "part_le_whole"),
        ("share far from computed", "003", "占比48%。", "占比84%。", "share_matches"),
        ("万 for 亿", "001", "总投资额1158.8亿元", "总投资额1158.8万元", "magnitude"),
        ("part larger than whole", "001", "其中30亿元以上项目2个", "其中30亿元以上项目20个", "part_le_whole"),
    ],
)
def test_defect_blocks_the_batch(defect, prefix, old, new, rule, sqlite_url, tmp_path):
    folder = seeds_copy(tmp_path / "defect", prefix, old, new)
    assert run(folder, sqlite_url, tmp_path) == 3, defect
    facts, checks = facts_and_checks(sqlite_url)
    assert facts == 0
    assert any(c[0] == rule and c[1] == "fail" for c in checks), checks
    with make_engine(sqlite_url).connect() as conn:
        assert conn.execute(text("SELECT status FROM batches")).scalar_one() == "quarantined"


def test_reprint_with_a_different_headline_number_is_blocked(sqlite_url, tmp_path):
    seeds_copy(tmp_path / "first")
    reprint = tmp_path / "reprint"
    reprint.mkdir()
    (original,) = (SEED_ARTICLES).glob("001_*.txt")
    body = original.read_text(encoding="utf-8")
    (reprint / "zhenjiang.txt").write_text(body.replace("新签约亿元以上项目达267个", "新签约亿元以上项目达276个"),
                                           encoding="utf-8")
    assert main(["run", str(tmp_path / "first"), str(reprint), "--db", sqlite_url,
                 "--report-dir", str(tmp_path / "report")]) == 3
    facts, checks = facts_and_checks(sqlite_url)
    assert any(c[0] == "conflict" and c[1] == "fail" and "267" in c[2] and "276" in c[2] for c in checks)
    with make_engine(sqlite_url).connect() as conn:
        statuses = dict(conn.execute(text("SELECT source_name, status FROM batches")).all())
    assert statuses == {"first": "loaded", "reprint": "quarantined"}
