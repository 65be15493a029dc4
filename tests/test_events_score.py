"""Event extraction on the shared sets stays above its bars (events strict F1 by ../shared/eval/score.py:
type, region and start date match).

The bars sit a little under what extraction achieved when they were set (seeds 0.739, dev 0.926 at
the time of writing: bars 0.70 and 0.89). The seed gold fills only full dates and leaves month-only
dates null, while the contract (and the dev gold) write them as YYYY-MM, which the extractor does:
that costs the seeds about ten strict matches (loose F1 0.957). The shared folders live beside the
project; when they are missing the test fails rather than skips.
"""

from pathlib import Path

import pytest

from tasks.evaluate import evaluate

SHARED = Path(__file__).resolve().parents[1] / "../shared"
SEEDS_EVENTS_STRICT_F1_BAR = 0.70
DEV_EVENTS_STRICT_F1_BAR = 0.89


@pytest.mark.parametrize(
    ("articles", "gold", "bar"),
    [
        (SHARED / "seeds/articles", SHARED / "gold/seeds", SEEDS_EVENTS_STRICT_F1_BAR),
        (SHARED / "dev/articles", SHARED / "gold/dev", DEV_EVENTS_STRICT_F1_BAR),
    ],
    ids=["seeds", "dev"],
)
def test_events_strict_f1_above_bar(articles: Path, gold: Path, bar: float) -> None:
    assert articles.is_dir() and gold.is_dir(), f"shared data missing: {articles}, {gold}"
    summary = evaluate(articles, gold, scorer_path=SHARED / "eval/score.py")
    events = summary["events"]
    assert events["strict"]["f1"] >= bar, events
    assert events["loose"]["f1"] >= events["strict"]["f1"]
