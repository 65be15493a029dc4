"""Batches for the database tests, built from the real seed articles (seeds/articles/*.txt).

Articles go through the real normalize stage. Facts, events and check results are written by
hand here (extraction is developed separately), each anchored on a number or phrase that the
seed text really contains, so spans and raw spans are real.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tasks.models import (
    ArticleResult,
    Batch,
    CheckResult,
    Event,
    Fact,
    FactRef,
    NormalizedArticle,
    RawArticle,
)
from tasks.normalize import normalize_article
from tasks.reference import load_reference

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO_ROOT / "seeds"
FETCHED_AT = "2025-08-12T01:02:03.456789+00:00"


def read_seed(prefix: str, source_name: str = "seeds", fetched_at: str = FETCHED_AT) -> RawArticle:
    """The seed article whose file name starts with `prefix` ("000" ... "004"), as fetched."""
    (path,) = sorted((SEEDS_DIR / "articles").glob(f"{prefix}_*.txt"))
    return RawArticle(
        source_name=source_name,
        uri=str(path.relative_to(REPO_ROOT)),
        raw=path.read_bytes(),
        fetched_at=fetched_at,
        home_region=None,
    )


def normalize(raw: RawArticle) -> NormalizedArticle:
    return normalize_article(raw, load_reference(SEEDS_DIR).text_rules)


def anchored(article: NormalizedArticle, needle: str, mark: str | None = None) -> tuple[tuple[int, int], str]:
    """Span of `mark` (default: all) within the first `needle` of the normalized text, and its sentence."""
    text = article.text
    start = text.index(needle)
    if mark is not None:
        start += needle.index(mark)
        needle = mark
    sentence_start = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [i for i in (text.find("。", start), text.find("\n", start)) if i >= 0]
    sentence_end = min(ends) + 1 if ends else len(text)
    return (start, start + len(needle)), text[sentence_start:sentence_end].strip()


def fact(article: NormalizedArticle, needle: str, **fields: object) -> Fact:
    span, evidence = anchored(article, needle, f"{fields['value']:g}")  # the span covers the number
    values: dict[str, object] = {
        "parent_region": None, "scope": "", "kind": "actual", "unit": "个", "currency": None,
        "approx": "exact", "yoy_pct": None, "share_pct": None, "part_of": None,
    }
    values.update(fields)
    return Fact(evidence=evidence, span=span, **values)  # type: ignore[arg-type]


def event(article: NormalizedArticle, needle: str, **fields: object) -> Event:
    span, evidence = anchored(article, needle)
    values: dict[str, object] = {
        "region": None, "leader": None, "leader_title": None, "start": None, "end": None,
        "destinations": (), "counterparties": (), "amount": None, "currency": None,
    }
    values.update(fields)
    return Event(evidence=evidence, span=span, **values)  # type: ignore[arg-type]


def hand_result(article: NormalizedArticle) -> ArticleResult:
    """Hand-written extraction of a seed article: a few facts (with 其中-parts) and events."""
    name = Path(article.raw.uri).name
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()
    home_region = None
    if name.startswith("001"):
        home_region = "镇江市"
        city = {"region": "镇江市", "parent_region": "江苏省", "period": "2025H1"}
        zone = {"region": "镇江经济技术开发区", "parent_region": "镇江市", "period": "2025-01/2025-08"}
        facts = (
            fact(article, "267", metric="signed_projects", scope="亿元以上", value=267, yoy_pct=20.8, **city),
            fact(article, "1158.8", metric="signed_investment", scope="亿元以上", value=1158.8, unit="亿元",
                 currency="CNY", yoy_pct=5.9, **city),
            fact(article, "项目7个", metric="signed_projects", scope="10亿元以上", value=7, **zone),
            fact(article, "项目2个", metric="signed_projects", scope="30亿元以上", value=2, part_of=2, **zone),
        )
        events = (
            event(article, "远赴奥地利", type="outbound_visit", region="镇江市", destinations=("奥地利", "韩国")),
            # No region: the natural key must still make a second load a no-op.
            event(article, "常驻北京办公", type="outbound_visit", destinations=("北京",)),
        )
    elif name.startswith("003"):
        home_region = "徐州市"
        city = {"region": "徐州市", "parent_region": "江苏省", "period": "2020-01/2020-04"}
        facts = (
            fact(article, "208", metric="signed_projects", scope="", value=208, **city),
            fact(article, "105", metric="signed_projects", scope="四大战略性新兴产业", value=105, share_pct=48.0,
                 part_of=0, **city),
        )
    return ArticleResult(
        source=article.raw.uri, title=article.title, published=article.published,
        home_region=home_region, error=article.error, facts=facts, events=events,
    )


def hand_checks(articles: list[NormalizedArticle], results: list[ArticleResult]) -> tuple[CheckResult, ...]:
    """One passing and one failing reconcile check over the first article that has a 其中-part."""
    for article, result in zip(articles, results):
        parts = [(i, f) for i, f in enumerate(result.facts) if f.part_of is not None]
        if parts:
            index, part = parts[0]
            whole = result.facts[part.part_of]  # type: ignore[index]
            sha = article.raw.sha256
            refs = (FactRef(sha, index), FactRef(sha, part.part_of))  # type: ignore[arg-type]
            return (
                CheckResult("part_le_whole", "pass", f"{part.value:g} <= {whole.value:g}",
                            observed=part.value, expected=whole.value, tolerance=0.0, facts=refs),
                CheckResult("magnitude", "fail", "value far from the usual range", observed=part.value,
                            expected=None, tolerance=None, facts=refs[:1]),
            )
    return ()


def make_batch(
    articles: list[NormalizedArticle],
    *,
    with_results: bool = True,
    source_name: str = "seeds",
    results: list[ArticleResult] | None = None,
) -> Batch:
    """A batch of `articles` with hand-written results and checks (or none, as before extraction)."""
    if results is None:
        results = [hand_result(a) for a in articles] if with_results else []
    return Batch(
        key=Batch.key_for(source_name, [a.raw.sha256 for a in articles]),
        source_name=source_name,
        articles=tuple(articles),
        results=tuple(results),
        checks=hand_checks(articles, results) if results else (),
    )


@pytest.fixture(scope="session")
def seed_articles() -> dict[str, NormalizedArticle]:
    """The five seed articles, normalized, by file-name prefix ("000" ... "004")."""
    return {prefix: normalize(read_seed(prefix)) for prefix in ("000", "001", "002", "003", "004")}


@pytest.fixture
def seed_batch(seed_articles: dict[str, NormalizedArticle]) -> Batch:
    """All five seed articles as one batch from the source "seeds", with hand-written results."""
    return make_batch(list(seed_articles.values()))


@pytest.fixture
def kit() -> SimpleNamespace:
    """The builders above, for tests that make their own articles and batches."""
    return SimpleNamespace(
        read_seed=read_seed, normalize=normalize, make_batch=make_batch, hand_result=hand_result
    )
