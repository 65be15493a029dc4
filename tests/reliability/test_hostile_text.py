"""Text carrying SQL, HTML and script -- in an article's body and title, in its file and source
names, in a quarantined batch's check evidence, in a reviewer's name and reason -- goes through a
real run on SQLite and PostgreSQL: it is stored byte for byte, and every page of the report (and
the GX Data Docs of each batch) shows it escaped, never as markup. Complements
tests/flows/test_report_browser.py, which opens a hand-loaded report in Chromium."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select, text

from flows.cli import main
from tasks.load import check_results, make_engine

ROOT = Path(__file__).resolve().parents[2]
SEED_001 = next((ROOT / "seeds" / "articles").glob("001_*.txt"))
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'; DROP TABLE facts;--"
MARKUP = ("<script>alert", "<img src=x", "onerror=alert(1)>")  # what must never reach a page unescaped
LEAD = "上半年全市项目招引攻坚成效显著:"


pytestmark = pytest.mark.usefixtures("prefect_harness")  # tests/conftest.py


class Markup(HTMLParser):
    """The tags and attribute names of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def hostile_copy(folder: Path, slip: bool) -> bytes:
    """Seed 001 under a hostile file name, with hostile text in its title and lead sentence
    (and, with `slip`, its half-year investment in 万元: a magnitude failure that quarantines)."""
    body = SEED_001.read_text(encoding="utf-8")
    title, rest = body.split("\n", 1)
    rest = rest.replace(LEAD, LEAD + HOSTILE, 1)
    if slip:
        rest = rest.replace("总投资额1158.8亿元", "总投资额1158.8万元", 1)
    data = f"{title}{HOSTILE}\n{rest}".encode()
    folder.mkdir(parents=True)
    (folder / "001 <img src=x onerror=alert(1)>.txt").write_bytes(data)
    return data


@pytest.mark.slow
def test_hostile_text_is_stored_byte_for_byte_and_escaped_in_every_page(db_url, tmp_path):
    clean = hostile_copy(tmp_path / "src<b>';DROP TABLE sources;--", slip=False)
    slipped = hostile_copy(tmp_path / "slip<script>", slip=True)
    report = tmp_path / "report"
    assert main(["run", str(tmp_path / "src<b>';DROP TABLE sources;--"), "--db", db_url,
                 "--report-dir", str(report)]) == 0
    assert main(["run", str(tmp_path / "slip<script>"), "--db", db_url, "--report-dir", str(report)]) == 3

    engine = make_engine(db_url)
    with engine.connect() as conn:
        (quarantined,) = conn.execute(text("SELECT key FROM batches WHERE status = 'quarantined'")).scalars()
    assert main(["review", "reject", quarantined, "--db", db_url, "--reviewer", HOSTILE, "--reason", HOSTILE]) == 0
    with engine.connect() as conn:
        raws = {bytes(r.raw) for r in conn.execute(text("SELECT raw FROM articles"))}
        texts = list(conn.execute(text("SELECT text FROM articles")).scalars())
        evidence = list(conn.execute(text("SELECT evidence FROM facts")).scalars())
        check_evidence = [ref["evidence"] for refs in conn.execute(select(check_results.c.facts)).scalars()
                          for ref in refs]
        sources = set(conn.execute(text("SELECT name FROM sources")).scalars())
        decision = conn.execute(text("SELECT reviewer, reason FROM review_decisions")).one()
    engine.dispose()
    assert raws == {clean, slipped}
    assert all(HOSTILE in t for t in texts)
    assert any(HOSTILE in e for e in evidence)
    assert any(HOSTILE in e for e in check_evidence)  # the quarantined batch's failed check
    assert {"src<b>';DROP TABLE sources;--", "slip<script>"} <= sources
    assert tuple(decision) == (HOSTILE, HOSTILE)

    assert main(["report", "--db", db_url, "--out", str(report)]) == 0
    pages = sorted(report.glob("*.html"))
    assert len(pages) == 3  # the index and the two runs (a review is not a run)
    for page in [*pages, *report.glob("gx/**/*.html")]:
        html = page.read_text(encoding="utf-8")
        assert not any(m in html for m in MARKUP), page
    for page in pages:
        markup = Markup()
        markup.feed(page.read_text(encoding="utf-8"))
        assert "script" not in markup.tags and "img" not in markup.tags, page
        assert not any(name.startswith("on") for name in markup.attributes), page
    shown = "".join(p.read_text(encoding="utf-8") for p in pages)
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert escaped in shown  # the evidence and the reviewer are shown, as text
    assert "src&lt;b&gt;&#x27;;DROP TABLE sources;--" in shown and "slip&lt;script&gt;" in shown
