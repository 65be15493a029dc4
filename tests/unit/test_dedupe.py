"""Dedupe: the same article reprinted by several sources is found, exactly or nearly, and mapped to
one canonical copy; different articles never are.

Built from the seed articles: a reflowed copy, a GBK copy of the traditional seed 002, a reprint
with its own header and footer and a trimmed ending, and chains of reprints.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tasks.dedupe import DedupeConfig, find_duplicates, jaccard, shingles, text_fingerprint
from tasks.models import NormalizedArticle, RawArticle
from tasks.normalize import TextRules, load_text_rules, normalize_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def rules() -> TextRules:
    return load_text_rules(SEEDS)


def seed_text(seed_id: str) -> str:
    (path,) = (SEEDS / "articles").glob(f"{seed_id}_*.txt")
    return path.read_text(encoding="utf-8")


def article(text: str, rules: TextRules, source: str = "test", encoding: str = "utf-8") -> NormalizedArticle:
    raw = RawArticle(source, f"{source}.txt", text.encode(encoding), "2025-01-01T00:00:00Z")
    return normalize_article(raw, rules)


@pytest.fixture(scope="module")
def seeds(rules: TextRules) -> list[NormalizedArticle]:
    return [article(seed_text(s), rules, f"seed{s}") for s in ("000", "001", "002", "003", "004")]


def reprint_of_001() -> str:
    """001 on another site: its own masthead, a reworded sentence, the last paragraph cut."""
    paragraphs = seed_text("001").split("\n\n")
    body = "\n\n".join(paragraphs[2:-2]).replace("产业强市“领跑”", "产业强市“领跑全省”")
    return "转载自:中国江苏网\n\n" + body + "\n\n(责任编辑:王某)\n"


def test_different_articles_are_not_duplicates(seeds: list[NormalizedArticle]) -> None:
    assert find_duplicates(seeds) == {}


def test_a_reflowed_copy_is_an_exact_duplicate(seeds: list[NormalizedArticle], rules: TextRules) -> None:
    reflowed = article("\n\n" + seed_text("004").replace("\n", "\n\n  ") + "\n", rules, "reflowed")
    assert text_fingerprint(reflowed.text) == text_fingerprint(seeds[4].text)
    assert find_duplicates([*seeds, reflowed]) == {5: 4}


def test_a_gbk_copy_of_the_traditional_seed_is_a_duplicate(
    seeds: list[NormalizedArticle], rules: TextRules
) -> None:
    gbk = article(seed_text("002"), rules, "gbk-copy", encoding="gbk")
    assert find_duplicates([gbk, *seeds]) == {3: 0}  # the copy came first, so it is canonical


def test_a_reprint_with_its_own_header_and_a_cut_ending_is_a_near_duplicate(
    seeds: list[NormalizedArticle], rules: TextRules
) -> None:
    reprint = article(reprint_of_001(), rules, "reprint")
    similarity = jaccard(shingles(reprint.text, 5), shingles(seeds[1].text, 5))
    assert 0.5 <= similarity < 1.0
    # The original has the publication date, so it is canonical even though it comes second.
    assert find_duplicates([reprint, *seeds]) == {0: 2}
    assert find_duplicates([reprint, *seeds], DedupeConfig(threshold=0.95)) == {}


def test_chains_of_reprints_form_one_group_with_the_cleanest_copy_canonical(
    seeds: list[NormalizedArticle], rules: TextRules
) -> None:
    original = seeds[1]
    reprint = article(reprint_of_001(), rules, "reprint")
    garbled = dataclasses.replace(
        original, flags=dataclasses.replace(original.flags, mojibake_chars=12, mojibake_share=0.002)
    )
    result = find_duplicates([garbled, reprint, original])
    assert result == {0: 2, 1: 2}


def test_unreadable_and_short_articles(rules: TextRules) -> None:
    empty = article("", rules, "empty")
    short = article("淮安新签约亿元以上项目265个。", rules, "short")
    same_short = article("淮安新签约亿元以上项目265个。\n", rules, "short2")
    other_short = article("淮安新签约亿元以上项目266个。", rules, "short3")
    assert empty.error == "empty"
    assert find_duplicates([empty, empty, short, same_short, other_short]) == {3: 2}


def test_shingles_ignore_layout_and_punctuation() -> None:
    assert shingles("项目 达267个,总投资额。", 3) == shingles("项目达267个总投资额", 3)
    assert shingles("短", 5) == frozenset({"短"}) and shingles(" ,。", 5) == frozenset()


def test_a_reprint_keeps_its_facts_once_but_keeps_what_it_states_differently(rules: TextRules) -> None:
    from dataclasses import replace as _replace

    from tasks.dedupe import collapse_reprints
    from tasks.models import ArticleResult, Fact

    whole = Fact("镇江市", "江苏省", "signed_projects", "亿元以上", "2025H1", "actual", 267, "个", None, "exact",
                 20.8, None, "上半年全市项目招引攻坚成效显著:新签约亿元以上项目达267个,总投资额1158.8亿元。")
    money = _replace(whole, metric="signed_investment", value=1158.8, unit="亿元", currency="CNY", yoy_pct=5.9)
    original = ArticleResult("a.txt", None, None, None, None, (whole, money))
    reprint = ArticleResult("b.txt", None, None, None, None, (_replace(whole, value=276), money))
    articles = [article(seed_text("001"), rules, "a"), article(reprint_of_001(), rules, "b")]
    results, notes = collapse_reprints(articles, [original, reprint], {1: 0})
    assert results[0] == original
    assert [f.value for f in results[1].facts] == [276]  # the differing headline number stays for reconcile
    assert [n.check for n in notes] == ["reprint"] and "b.txt reprints a.txt" in notes[0].message
