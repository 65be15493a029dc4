"""Evaluate: a folder of articles + a folder of gold annotations -> the shared scorer's figures.

Runs normalize and extract (the same pure functions as `zhaoshang extract`) over every
.txt/.html file in ARTICLES_DIR and scores the results against the gold JSON files with
../shared/eval/score.py, which is loaded by path so that the project and the checks outside
it use one scorer. Side effects: reads the files; nothing is written.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from tasks.config import PROJECT_ROOT, load_settings
from tasks.errors import ConfigError
from tasks.extract import extract_article
from tasks.models import ArticleResult, RawArticle
from tasks.normalize import normalize_article
from tasks.reference import Reference, load_reference

DEFAULT_SCORER = PROJECT_ROOT.parent / "shared" / "eval" / "score.py"
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def load_scorer(path: Path = DEFAULT_SCORER) -> ModuleType:
    """Import the shared scorer module from its file; ConfigError when it is missing."""
    if not path.is_file():
        raise ConfigError(f"scorer not found: {path}")
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    if spec is None or spec.loader is None:
        raise ConfigError(f"cannot import scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract_folder(articles_dir: Path, ref: Reference) -> list[ArticleResult]:
    """Extraction results for every article file in a folder, in file-name order."""
    results = []
    for path in sorted(p for p in articles_dir.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES):
        raw = RawArticle(source_name="evaluate", uri=str(path), raw=path.read_bytes(), fetched_at="")
        results.append(extract_article(normalize_article(raw, ref.text_rules), ref))
    return results


def evaluate(
    articles_dir: Path, gold_dir: Path, ref: Reference | None = None, scorer_path: Path = DEFAULT_SCORER
) -> dict[str, Any]:
    """Extract every article in `articles_dir` and score against `gold_dir`.

    Returns the scorer's summary (strict/loose precision, recall, F1; events; attribute
    agreement on strict matches) plus `misses` and `extras`: (article, fact) pairs that
    the strict matching left over.
    """
    if not articles_dir.is_dir():
        raise ConfigError(f"not a folder of articles: {articles_dir}")
    if not gold_dir.is_dir():
        raise ConfigError(f"not a folder of gold files: {gold_dir}")
    scorer = load_scorer(scorer_path)
    ref = ref or load_reference(load_settings().seeds_dir)
    predictions = {}
    for result in extract_folder(articles_dir, ref):
        obj = result.to_dict()
        predictions[scorer.key_of(obj["source"])] = obj
    summary: dict[str, Any] = scorer.score(scorer.load_gold(gold_dir), predictions)
    summary["misses"] = summary.pop("_misses")
    summary["extras"] = summary.pop("_extras")
    return summary
