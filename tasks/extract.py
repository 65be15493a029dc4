"""Extract: NormalizedArticle -> ArticleResult (PLACEHOLDER)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tasks.models import ArticleResult, NormalizedArticle

if TYPE_CHECKING:
    from tasks.reference import Reference


@dataclass(frozen=True)
class Lexicon:
    """Metric vocabulary from seeds/metric_lexicon.csv."""

    seeds_dir: Path


def load_lexicon(seeds_dir: Path) -> Lexicon:
    return Lexicon(seeds_dir=seeds_dir)


def extract_article(article: NormalizedArticle, ref: "Reference") -> ArticleResult:
    return ArticleResult(
        source=article.raw.uri, title=article.title, published=article.published,
        home_region=article.raw.home_region, error=article.error,
    )
