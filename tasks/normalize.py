"""Normalize: RawArticle -> NormalizedArticle (PLACEHOLDER, to be replaced by the full stage).

Decodes bytes, converts to simplified characters, folds full-width punctuation,
and keeps an offset map back to the raw text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import opencc

from tasks.models import NormalizedArticle, QualityFlags, RawArticle


@dataclass(frozen=True)
class TextRules:
    """Reviewed text-cleaning data from seeds/."""

    seeds_dir: Path


def load_text_rules(seeds_dir: Path) -> TextRules:
    return TextRules(seeds_dir=seeds_dir)


_FOLD = {ord("，"): ",", ord("："): ":", ord("（"): "(", ord("）"): ")", ord("；"): ";", 0xA0: " "}


def normalize_article(raw: RawArticle, rules: TextRules) -> NormalizedArticle:
    try:
        raw_text = raw.raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raw_text = raw.raw.decode("gb18030", errors="replace")
    text = opencc.OpenCC("t2s").convert(raw_text).translate(_FOLD)
    offsets = tuple(range(len(text) + 1))
    return NormalizedArticle(
        raw=raw, raw_text=raw_text, text=text, offsets=offsets, title=None, published=None,
        flags=QualityFlags(), error=None if text.strip() else "empty",
    )
