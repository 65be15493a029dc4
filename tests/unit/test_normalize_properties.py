"""Normalize as properties, with hypothesis: it never raises on any bytes, it is idempotent, and
its offset map is always well formed.

Inputs are arbitrary bytes and texts, and -- to reach the interesting rules -- texts spliced from
the seed articles with the debris the cleaning rules exist for (glosses, "?" markers, broken
entities, full-width and odd spaces, line breaks).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tasks.models import RawArticle
from tasks.normalize import (
    TextRules,
    UndecodableError,
    decode_bytes,
    load_text_rules,
    normalize_article,
    normalize_text,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_TEXT = "".join(path.read_text(encoding="utf-8") for path in sorted((SEEDS / "articles").glob("*.txt")))
DEBRIS = [
    "\n", "\n\n", " ", "?", "??", "!", "！", "(", ")", "（", "）", ",", "，", "。", "“", "”", "&", ";", "|", ":",
    "：", "【", "】", "１２３", "1 234", " 158.8", "\u3000", "\u00a0", "\ufffd", "\ue000", "\r", "\t", "头部",
    "蕞", "著", "著力", "ABC", "…", "—", "(shí)", "?zhǔn)", "&amp;", "&rdquo;", "rdquo;", "lsquo;", "&#12290;",
    "来源:常州发布", "【字号:  】【打印", "2023-03-21",
]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def rules() -> TextRules:
    return load_text_rules(SEEDS)


@st.composite
def spliced_texts(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            start = draw(st.integers(0, len(SEED_TEXT) - 1))
            parts.append(SEED_TEXT[start : start + draw(st.integers(0, 120))])
        else:
            parts.append(draw(st.sampled_from(DEBRIS)))
    return "".join(parts)


TEXTS = spliced_texts() | st.text(max_size=200)


def check_offsets(raw: str, text: str, offsets: tuple[int, ...]) -> None:
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(raw)
    assert all(0 <= a <= b for a, b in zip(offsets, offsets[1:]))
    assert all(a < len(raw) for a in offsets[:-1])


@SETTINGS
@given(data=st.binary(max_size=600))
def test_never_raises_on_arbitrary_bytes(rules: TextRules, data: bytes) -> None:
    try:
        raw_text, _ = decode_bytes(data, None)
    except UndecodableError:
        raw_text = None
    if raw_text is not None:
        check_offsets(raw_text, *normalize_text(raw_text, rules)[:2])  # raises nothing itself
    article = normalize_article(RawArticle("test", "test", data, "2025-01-01T00:00:00Z"), rules)
    assert article.error in (None, "empty", "binary", "undecodable")
    assert (article.error is None) == bool(article.text)
    check_offsets(article.raw_text, article.text, article.offsets)


@SETTINGS
@given(data=st.binary(max_size=300), hint=st.sampled_from([None, "gbk", "big5", "utf-8", "latin-1", "bogus"]))
def test_never_raises_with_any_encoding_hint(rules: TextRules, data: bytes, hint: str | None) -> None:
    raw = RawArticle("test", "test", data, "2025-01-01T00:00:00Z", encoding_hint=hint)
    article = normalize_article(raw, rules)
    assert article.error in (None, "empty", "binary", "undecodable")


@SETTINGS
@given(raw=TEXTS)
@example(raw="&amp;rdquo;?zhǔn)")  # an entity decoded into the start of a mojibake run
@example(raw="&amp;rdquo;rdquo;rdquo;")  # an entity right after another that lost its "&"
@example(raw="?１２３\t１２３拼经济，")  # cells apart by a tab, which look like digit groups once it is a space
def test_normalizing_normalized_text_changes_nothing(rules: TextRules, raw: str) -> None:
    text, offsets, _ = normalize_text(raw, rules)
    check_offsets(raw, text, offsets)
    again, again_offsets, _ = normalize_text(text, rules)
    assert again == text
    assert list(again_offsets) == list(range(len(text) + 1))


@SETTINGS
@given(raw=TEXTS)
def test_text_is_clean(rules: TextRules, raw: str) -> None:
    text = normalize_text(raw, rules)[0]
    assert "\r" not in text and "\ufffd" not in text and "\n\n" not in text
    assert text == text.strip()
    assert not any("\uff01" <= c <= "\uff5e" or c in "\u3000\u00a0\t" for c in text)
