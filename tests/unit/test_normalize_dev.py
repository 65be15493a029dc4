"""Normalize on the development set (../shared/dev, never copied into the project): how many gold
evidence sentences come out verbatim, and how often title and publication date match the gold.

A measurement with floors, not an exact pin: the figures are printed (run with -s). The floors sit
a little under what the stage reaches (evidence 140/142, title 28/30, published 30/30), so a rule
change that loses sentences fails here. Fails, never skips, when ../shared is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tasks.models import RawArticle
from tasks.normalize import TextRules, load_text_rules, normalize_article, split_sentences

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "../shared"


@pytest.fixture(scope="module")
def rules() -> TextRules:
    return load_text_rules(ROOT / "seeds")


def test_dev_set_evidence_title_and_date(rules: TextRules) -> None:
    articles, gold_dir = SHARED / "dev/articles", SHARED / "gold/dev"
    assert articles.is_dir() and gold_dir.is_dir(), f"dev set missing under {SHARED.resolve()}"
    evidence_total = evidence_found = titles = dates = documents = 0
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = articles / f"{gold_path.stem}.txt"
        raw = RawArticle("dev", str(path), path.read_bytes(), "2025-01-01T00:00:00Z")
        article = normalize_article(raw, rules)
        assert article.error is None
        found = {article.text[s:e] for s, e in split_sentences(article.text)}
        evidence = {item["evidence"] for item in gold["facts"] + gold["events"]}
        evidence_total += len(evidence)
        evidence_found += len(evidence & found)
        titles += article.title == gold["title"]
        dates += article.published == gold["published"]
        documents += 1
    print(
        f"\ndev: evidence sentences {evidence_found}/{evidence_total} = "
        f"{evidence_found / evidence_total:.3f}; "
        f"title {titles}/{documents}; published {dates}/{documents}"
    )
    assert documents == 30
    assert evidence_found / evidence_total >= 0.97
    assert titles >= 26 and dates >= 29
