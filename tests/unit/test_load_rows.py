"""The pure row builders of tasks/load.py: records -> column values, no database.

Pins down: spans map back into the raw text through the normalize offsets; a span outside
the text is refused; natural keys and check digests are stable and tell different records
apart (including a NULL region); timestamps are stored in UTC; a malformed `published`
does not stop an article from being kept; parameters become plain JSON.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tasks.load import (
    LoadCounts,
    article_row,
    check_digest,
    check_rows,
    event_key,
    event_rows,
    fact_key,
    fact_rows,
    parse_published,
    parse_timestamp,
    sighting_row,
    to_jsonable,
)
from tasks.models import (
    ArticleResult,
    CheckResult,
    Event,
    Fact,
    FactRef,
    NormalizedArticle,
    QualityFlags,
    RawArticle,
)

# A sentence of seed 002, with a pinyin gloss in the raw text that normalize drops.
RAW_TEXT = "前两月,该区累计开展外出招商活动(huó dòng)58批次,拜访企业112家次。"
GLOSS = "(huó dòng)"
TEXT = RAW_TEXT.replace(GLOSS, "")


def normalized() -> NormalizedArticle:
    gloss_at = RAW_TEXT.index(GLOSS)
    offsets = [i if i < gloss_at else i + len(GLOSS) for i in range(len(TEXT))] + [len(RAW_TEXT)]
    raw = RawArticle(
        source_name="seeds", uri="seeds/articles/002.txt", raw=RAW_TEXT.encode(),
        fetched_at="2025-08-12T09:00:00+08:00",
    )
    return NormalizedArticle(
        raw=raw, raw_text=RAW_TEXT, text=TEXT, offsets=tuple(offsets), title="连云港", published="2023-03-21",
        flags=QualityFlags(glosses_removed=1),
    )


def trips_fact(span: tuple[int, int], **changes: object) -> Fact:
    values: dict[str, object] = dict(
        region="赣榆区", parent_region="连云港市", metric="promotion_trips", scope="", period="2023-01/2023-02",
        kind="actual", value=58, unit="批次", currency=None, approx="exact", yoy_pct=None, share_pct=None,
        evidence=TEXT, span=span,
    )
    values.update(changes)
    return Fact(**values)  # type: ignore[arg-type]


def visit(region: str | None) -> Event:
    return Event(
        type="outbound_visit", region=region, leader=None, leader_title=None, start=None, end=None,
        destinations=("上海", "苏南"), counterparties=(), amount=None, currency=None, evidence=TEXT, span=(0, 3),
    )


def test_fact_spans_map_through_the_offsets_to_the_raw_text() -> None:
    article = normalized()
    start = TEXT.index("58")
    result = ArticleResult("s", None, None, None, None, facts=(trips_fact((start, start + 2)),))
    (row,) = fact_rows(article, result, "b1")
    assert (row["span_start"], row["span_end"]) == (start, start + 2)
    assert row["raw_span_start"] == start + len(GLOSS)
    assert RAW_TEXT[row["raw_span_start"]:row["raw_span_end"]] == "58"
    assert (row["batch_key"], row["fact_index"], row["uri"], row["metric"], row["value"]) == (
        "b1", 0, "seeds/articles/002.txt", "promotion_trips", 58
    )
    assert "part_of" not in row and "span" not in row  # resolved to ids at load time


def test_a_span_outside_the_text_is_refused() -> None:
    result = ArticleResult("s", None, None, None, None, facts=(trips_fact((len(TEXT), len(TEXT) + 2)),))
    with pytest.raises(ValueError, match="outside"):
        fact_rows(normalized(), result, "b1")


def test_event_rows_keep_lists_and_a_key_that_tells_a_missing_region_apart() -> None:
    article = normalized()
    (row,) = event_rows(article, ArticleResult("s", None, None, None, None, events=(visit(None),)), "b1")
    assert row["destinations"] == ["上海", "苏南"] and row["region"] is None
    assert row["natural_key"] == event_key(article.raw.sha256, visit(None))
    assert event_key(article.raw.sha256, visit(None)) != event_key(article.raw.sha256, visit("赣榆区"))
    assert len(row["natural_key"]) == 64


def test_fact_key_is_the_natural_key_columns() -> None:
    fact = trips_fact((30, 32))
    assert fact_key("abc", fact) == ("abc", "promotion_trips", "赣榆区", "", "2023-01/2023-02", "actual", 30)
    assert fact_key("abc", fact) != fact_key("abc", trips_fact((30, 32), kind="target"))


def test_check_digest_is_stable_and_covers_every_field() -> None:
    refs = (FactRef("abc", 0), FactRef("abc", 1))
    check = CheckResult(
        "part_le_whole", "fail", "105 > 100", observed=105.0, expected=100.0, tolerance=0.0, facts=refs
    )
    assert check_digest(check) == check_digest(CheckResult(**{**check.__dict__}))
    assert check_digest(check) != check_digest(CheckResult(**{**check.__dict__, "facts": refs[:1]}))
    assert check_digest(check) != check_digest(CheckResult(**{**check.__dict__, "status": "warn"}))
    (row,) = check_rows("b1", [check])
    assert row["facts"] == [
        {"article_sha256": "abc", "fact_index": 0, "label": "", "evidence": "", "surface": ""},
        {"article_sha256": "abc", "fact_index": 1, "label": "", "evidence": "", "surface": ""},
    ]
    assert (row["batch_key"], row["check"], row["digest"]) == ("b1", "part_le_whole", check_digest(check))


def test_article_row_prefers_the_extraction_result() -> None:
    article = normalized()
    row = article_row(article, None)
    assert (row["title"], row["published"], row["home_region"]) == ("连云港", date(2023, 3, 21), None)
    assert row["quality_flags"]["glosses_removed"] == 1
    assert row["raw"] == RAW_TEXT.encode() and row["sha256"] == article.raw.sha256
    assert row["first_fetched_at"] == datetime(2025, 8, 12, 1, 0, tzinfo=UTC)

    result = ArticleResult("s", "标题", "2023-03-22", "连云港市", None)
    row = article_row(article, result)
    assert (row["title"], row["published"], row["home_region"]) == ("标题", date(2023, 3, 22), "连云港市")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-08-11", date(2025, 8, 11)), (None, None), ("", None), ("XXXX-04-28", None), ("2025-08", None)],
)
def test_parse_published_keeps_only_iso_dates(value: str | None, expected: date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-08-12T09:00:00+08:00", datetime(2025, 8, 12, 1, 0, tzinfo=UTC)),
        ("2025-08-12T01:00:00Z", datetime(2025, 8, 12, 1, 0, tzinfo=UTC)),
        ("2025-08-12T01:00:00", datetime(2025, 8, 12, 1, 0, tzinfo=UTC)),
    ],
)
def test_parse_timestamp_gives_utc(value: str, expected: datetime) -> None:
    assert parse_timestamp(value) == expected
    assert parse_timestamp(value).tzinfo == UTC


def test_sighting_row_and_json_parameters() -> None:
    row = sighting_row(normalized().raw)
    assert (row["source_name"], row["uri"], row["fetched_at"].hour) == ("seeds", "seeds/articles/002.txt", 1)
    assert to_jsonable({"dir": Path("/data/in"), "since": date(2025, 1, 1), "ids": (1, 2)}) == {
        "dir": "/data/in", "since": "2025-01-01", "ids": [1, 2]
    }


def test_load_counts_total() -> None:
    assert LoadCounts(articles=2, facts=5).total == 7
    assert LoadCounts().total == 0
    assert LoadCounts(events=1).to_dict()["events"] == 1
