"""The data-quality report opens in headless Chromium with no console errors, shows a quarantined
batch's failed check with its sentence, and shows article text (HTML, script, SQL) escaped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tasks.config import load_settings
from tasks.load import load_batch, make_engine, migrate, quarantine_batch, start_run
from tasks.models import Batch, RawArticle
from tasks.reconcile import load_reconcile_config
from tasks.reference import load_reference
from tasks.report import write_report
from tasks.review import rebuild_batch

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = "<script>console.error('escaped')</script><img src=x onerror=alert(1)>'; DROP TABLE facts;--"


def batch_of(source: str, replace: tuple[str, str] | None = None) -> Batch:
    raws = []
    for path in sorted((ROOT / "seeds" / "articles").glob("*.txt")):
        data = path.read_bytes()
        if replace and path.name.startswith("001_"):
            data = data.replace(replace[0].encode(), replace[1].encode())
        raws.append(RawArticle(source, f"{source}/{path.name}", data, "2026-01-01T00:00:00+00:00"))
    key = Batch.key_for(source, [r.sha256 for r in raws])
    return rebuild_batch(key, raws, load_reference(load_settings().seeds_dir),
                         load_reconcile_config(ROOT / "expectations" / "reconcile_v1.json"))


@pytest.fixture
def report_dir(sqlite_url, tmp_path) -> Path:
    engine = make_engine(sqlite_url)
    migrate(engine)
    start_run(engine, "run-clean", {})
    hostile = "上半年全市项目招引攻坚成效显著:" + HOSTILE
    load_batch(engine, "run-clean", batch_of("clean", ("上半年全市项目招引攻坚成效显著:", hostile)))
    start_run(engine, "run-slip", {})
    slipped = batch_of("slip", ("总投资额1158.8亿元", "总投资额1158.8万元"))
    quarantine_batch(engine, "run-slip", slipped, ["magnitude"])
    write_report(engine, tmp_path / "report")
    return tmp_path / "report"


def test_report_pages_open_without_console_errors(report_dir, tmp_path):
    pages = sorted(report_dir.glob("*.html"))
    assert len(pages) == 3  # the index and one page per run
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (errors.append("dialog " + d.message), d.dismiss()))
            for html_page in pages:
                page.goto(html_page.as_uri())
                page.screenshot(path=str(tmp_path / f"{html_page.stem}.png"), full_page=True)
            slip_page = next(p for p in pages if "run-slip" in p.name)
            page.goto(slip_page.as_uri())
            body = page.inner_text("body")
        finally:
            browser.close()
    assert errors == []
    assert "magnitude" in body and "1158.8万元" in body
    assert all((tmp_path / f"{p.stem}.png").stat().st_size > 10_000 for p in pages)


def test_article_text_is_escaped_in_every_page(report_dir):
    clean_page = (report_dir / "run-run-clean.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;console.error(" in clean_page
    for page in report_dir.glob("*.html"):
        assert "<script>" not in page.read_text(encoding="utf-8")
        assert "<img src=x" not in page.read_text(encoding="utf-8")
