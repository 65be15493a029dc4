"""Report rendering: pure functions over row dicts."""

from tasks.report import render_run

RUN = {"run_id": "r1", "started_at": "2026-01-01T00:00:00", "finished_at": None, "status": "completed"}
BATCH = {"batch_key": "b1", "source": "seeds", "article_count": 2, "fact_count": 3, "status": "loaded", "reasons": []}


def fact(region: str, value: float) -> dict:
    return {"batch_key": "b1", "article_sha256": "a" * 64, "fact_index": 0, "region": region,
            "metric": "signed_investment", "scope": "", "period": "2025H1", "kind": "actual", "value": value,
            "unit": "亿元", "approx": "exact", "evidence": f"<b>{region}</b>签约{value}亿元", "surface": str(value),
            "uri": "x/1.txt"}


def rows(**given: object) -> dict:
    base = {"batches": [BATCH], "checks": [], "check_count": 0, "flagged_count": 0, "decisions": [], "facts": [],
            "fact_count": 0, "signed": []}
    return {**base, **given}


def test_a_large_run_shows_its_first_facts_its_total_and_a_chart_of_all() -> None:
    page = render_run(RUN, rows(facts=[fact("镇江市", 12.5)], fact_count=5000,
                                signed=[("镇江市", "2025H1", 12.5), ("扬州市", "2025H1", 40.0)]))
    assert "Facts loaded (5000)" in page
    assert "The first 1 by region, period and metric; all 5000 are in the database." in page
    assert "扬州市 2025H1" in page  # the chart covers facts the table does not show
    assert "<b>镇江市</b>" not in page and "&lt;b&gt;镇江市&lt;/b&gt;" in page


def test_a_run_shown_whole_has_no_note() -> None:
    page = render_run(RUN, rows(facts=[fact("镇江市", 12.5)], fact_count=1))
    assert "Facts loaded (1)" in page and "are in the database" not in page


def test_a_run_with_many_flagged_checks_shows_the_first_and_counts_all() -> None:
    check = {"batch_key": "b1", "check": "conflict", "status": "fail", "message": "<script>x</script>",
             "observed": 1.0, "expected": 2.0, "tolerance": 0.0, "facts": []}
    page = render_run(RUN, rows(checks=[check], check_count=900, flagged_count=300))
    assert "Checks that failed or warned (300 of 900)" in page
    assert "The first 1, failures first; all 300 are in the database" in page
    assert "<script>x" not in page
