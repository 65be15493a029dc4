"""Reconcile grades gaps between numbers: rounding passes, a source's slip warns, a wrong unit fails."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tasks.models import ArticleResult, Fact
from tasks.reconcile import ReconcileConfig, load_reconcile_config, place_facts, reconcile_facts

ROOT = Path(__file__).resolve().parents[2]

# 001 (镇江, 2025): 亿元以上 267 projects in H1, 20 of them from the Greater Bay Area, "占比7.5%".
WHOLE = Fact("镇江市", "江苏省", "signed_projects", "亿元以上", "2025H1", "actual", 267, "个", None, "exact",
             20.8, None, "上半年全市项目招引攻坚成效显著:新签约亿元以上项目达267个,总投资额1158.8亿元")
PART = Fact("镇江市", "江苏省", "signed_projects", "来自大湾区", "2025H1", "actual", 20, "个", None, "exact",
            None, 7.5, "仅今年1-6月,我市新签约项目中来自大湾区的就有20个(占比7.5%),总投资约115亿元(占全市9.9%)。")


@pytest.fixture(scope="module")
def config() -> ReconcileConfig:
    return load_reconcile_config(ROOT / "expectations" / "reconcile_v1.json")


def run(config: ReconcileConfig, *articles: tuple[Fact, ...], levels: dict[str, str] | None = None):
    results = [ArticleResult(f"a{i}", None, None, None, None, facts) for i, facts in enumerate(articles)]
    placed = place_facts(results, [f"sha{i}" for i in range(len(results))], [f"src{i}" for i in range(len(results))])
    return reconcile_facts(placed, config, lambda r: (levels or {}).get(r))


def statuses(checks, name):
    return [c.status for c in checks if c.check == name]


def test_stated_share_within_rounding_passes(config):
    checks = run(config, (WHOLE, PART))
    share = [c for c in checks if c.check == "share_matches"]
    assert [c.status for c in share] == ["pass"]
    assert share[0].expected == pytest.approx(7.4906, abs=1e-3)


def test_share_off_by_a_few_points_warns(config):
    # 003 (徐州, 2020): 105 of 208 stated as 48% although 105/208 = 50.5%.
    whole = replace(WHOLE, region="徐州市", scope="765重大产业", period="2020-01/2020-04", value=208, yoy_pct=None)
    part = replace(PART, region="徐州市", scope="四大战略性新兴产业", period="2020-01/2020-04", value=105,
                   share_pct=48, part_of=0)
    assert statuses(run(config, (whole, part)), "share_matches") == ["warn"]


def test_share_far_off_fails_when_the_text_links_its_base(config):
    assert statuses(run(config, (WHOLE, replace(PART, share_pct=75.0, part_of=0))), "share_matches") == ["fail"]


def test_share_far_off_only_warns_when_its_base_is_inferred(config):
    # 占全市合同外资近七成: a share can be of another measure than the facts at hand.
    checks = [c for c in run(config, (WHOLE, replace(PART, share_pct=75.0))) if c.check == "share_matches"]
    assert [c.status for c in checks] == ["warn"] and "inferred" in checks[0].message


def test_part_above_a_doubtful_whole_only_warns(config):
    # The same sentence holds a larger figure that may be the real whole (263 of 401, linked to 109).
    small = replace(WHOLE, scope="10亿元以上", value=109, yoy_pct=None)
    big = replace(WHOLE, scope="亿元以上", value=401, yoy_pct=None, evidence=small.evidence)
    part = replace(WHOLE, scope="第二产业", value=263, yoy_pct=None, evidence=small.evidence, part_of=0)
    assert statuses(run(config, (small, big, part)), "part_le_whole") == ["warn"]


def test_links_across_regions_or_periods_are_not_part_whole_statements(config):
    other_city = replace(PART, region="宝鸡市", value=929, share_pct=None, part_of=0)
    other_period = replace(PART, period="2025Q1", value=929, share_pct=None, part_of=0)
    assert statuses(run(config, (WHOLE, other_city, other_period)), "part_le_whole") == []


def test_part_larger_than_whole_fails(config):
    part = replace(PART, value=2670, share_pct=None, part_of=0)
    assert "fail" in statuses(run(config, (WHOLE, part)), "part_le_whole")


def test_district_above_its_city_fails_and_below_passes(config):
    city = replace(WHOLE, scope="")
    district = replace(city, region="丹徒区", parent_region="镇江市", value=30, yoy_pct=None)
    assert statuses(run(config, (city, district)), "part_le_whole") == ["pass"]
    assert statuses(run(config, (city, replace(district, value=400))), "part_le_whole") == ["fail"]


def test_districts_summing_above_city_fail(config):
    city = replace(WHOLE, scope="", value=100)
    a = replace(city, region="丹徒区", parent_region="镇江市", value=70, yoy_pct=None)
    b = replace(a, region="京口区", value=60)
    assert statuses(run(config, (city, a, b)), "parts_sum_le_whole") == ["fail"]


def test_wan_for_yi_unit_slip_fails_magnitude(config):
    slip = replace(WHOLE, metric="signed_investment", value=0.1158, unit="亿元", currency="CNY")
    assert statuses(run(config, (slip,), levels={"镇江市": "city"}), "magnitude") == ["fail"]
    fine = replace(slip, value=1158.8)
    assert statuses(run(config, (fine,), levels={"镇江市": "city"}), "magnitude") == []


def test_two_articles_disagreeing_on_one_fact_fail_and_agreeing_pass(config):
    assert statuses(run(config, (WHOLE,), (replace(WHOLE, value=276),)), "conflict") == ["fail"]
    assert statuses(run(config, (WHOLE,), (WHOLE,)), "conflict") == ["pass"]


def test_config_missing_a_rule_is_a_config_error(tmp_path):
    from tasks.errors import ConfigError

    bad = tmp_path / "r.json"
    bad.write_text('{"rules": {"magnitude": {}}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="part_le_whole"):
        load_reconcile_config(bad)
