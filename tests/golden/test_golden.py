"""Whole-article golden files: the facts extracted from each seed article stay as reviewed.

Each case is `tests/golden/<case>/input.txt` (a seed article) and `expect.json` (its title,
publication date, home region and facts in extraction order, floats rounded). To change an
expectation on purpose, rerun with ZHAOSHANG_UPDATE_GOLDEN=1 and review the diff of expect.json.
Events are not part of these files (tasks.events adds them).
"""

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tasks.extract import extract_article
from tasks.models import RawArticle
from tasks.normalize import normalize_article
from tasks.reference import load_reference

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[1] / "seeds"
CASES = sorted(p.name for p in HERE.iterdir() if (p / "input.txt").is_file())
UPDATE = os.environ.get("ZHAOSHANG_UPDATE_GOLDEN") == "1"


def canonical(path: Path) -> dict[str, Any]:
    ref = load_reference(SEEDS)
    raw = RawArticle(source_name="golden", uri=path.name, raw=path.read_bytes(), fetched_at="")
    result = extract_article(normalize_article(raw, ref.text_rules), ref)
    facts = []
    for fact in result.facts:
        row = fact.to_dict()
        for key in ("value", "yoy_pct", "share_pct"):
            row[key] = None if row[key] is None else round(float(row[key]), 6)
        row["span"] = list(fact.span)
        row["part_of"] = fact.part_of
        facts.append(row)
    return {"title": result.title, "published": result.published, "home_region": result.home_region,
            "error": result.error, "facts": facts}


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    got = canonical(HERE / case / "input.txt")
    expect_path = HERE / case / "expect.json"
    if UPDATE:
        expect_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(expect_path.read_text(encoding="utf-8"))
    assert got == expected
