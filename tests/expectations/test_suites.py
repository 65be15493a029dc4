"""The expectation suites are reviewed source: canonical JSON, each expectation explained, and the
gate passes the gold annotations of the seeds while blocking deliberately broken facts."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tasks.models import ArticleResult, Fact, RawArticle
from tasks.normalize import normalize_article
from tasks.quality import articles_frame, checks_frame, facts_frame, load_suites, validate_frames
from tasks.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]
SUITES_DIR = ROOT / "expectations"
GOLD_DIR = ROOT / ".." / "shared" / "gold" / "seeds"


def test_every_suite_is_canonical_json_with_notes():
    paths = sorted(SUITES_DIR.glob("*.json"))
    assert paths, "no suites found"
    for path in paths:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n", f"{path.name} is not in canonical form"
        assert data["meta"]["table_version"] == 1
        for expectation in data.get("expectations", []):
            assert expectation["meta"]["notes"], f"{path.name}: {expectation['type']} has no notes"


@pytest.fixture(scope="module")
def gold_batch():
    """The five seeds, normalized, with their gold facts as the extraction result."""
    ref = load_reference(ROOT / "seeds")
    articles, results = [], []
    for gold_path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = ROOT / "seeds" / "articles" / (gold_path.stem + ".txt")
        raw = RawArticle("seeds", str(path), path.read_bytes(), "2026-01-01T00:00:00+00:00")
        articles.append(normalize_article(raw, ref.text_rules))
        facts = tuple(Fact(**{k: f[k] for k in f}) for f in gold["facts"])
        results.append(ArticleResult(str(path), gold["title"], gold["published"], gold["home_region"], None, facts))
    return ref, articles, results


def frames(ref, articles, results, checks=()):
    return {
        "articles": articles_frame(articles, results),
        "facts": facts_frame(articles, results, ref.gazetteer.is_known),
        "checks": checks_frame(list(checks)),
    }


def test_gold_facts_of_the_seeds_pass_every_blocking_expectation(gold_batch):
    ref, articles, results = gold_batch
    report = validate_frames(frames(ref, articles, results), load_suites(SUITES_DIR))
    assert [o.name for o in report.blocking] == []
    assert len(report.outcomes) > 15


def test_broken_facts_are_blocked_with_named_expectations(gold_batch):
    ref, articles, results = gold_batch
    first = results[1]
    broken_facts = (
        replace(first.facts[0], metric="signed_everything"),  # not in the vocabulary
        replace(first.facts[1], currency=None),  # money without a currency
        replace(first.facts[2], period="H1 2025"),  # not the contract's period format
        replace(first.facts[3], evidence="这句话不在文章里。"),  # provenance lost
        *first.facts[4:],
    )
    broken = [results[0], replace(first, facts=broken_facts), *results[2:]]
    report = validate_frames(frames(ref, articles, broken), load_suites(SUITES_DIR))
    failed = " | ".join(o.name for o in report.blocking)
    assert not report.passed
    for column in ("(metric)", "(currency_consistent)", "(period)", "(evidence_in_text)"):
        assert column in failed
