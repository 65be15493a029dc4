"""Periods: time expressions resolve against the publication date or the year the text names,
and print as the contract's period strings (2025H1, 2023Q1, 2020-01/2020-04, 2023-03-24, XXXX…)."""

import pytest

from tasks.periods import Period, YearContext, find_periods, find_relative_days, year_context

PUBLISHED_2025_08 = YearContext(year=2025, month=8, today=(8, 11))
UNDATED_2023 = YearContext(year=2023)
UNKNOWN = YearContext()


@pytest.mark.parametrize(
    ("text", "ctx", "label"),
    [
        ("上半年全市项目招引攻坚成效显著", PUBLISHED_2025_08, "2025H1"),
        ("仅今年1-6月,我市新签约项目中", PUBLISHED_2025_08, "2025H1"),
        ("在刚刚过去的第一季度", UNDATED_2023, "2023Q1"),
        ("今年一季度,我市新引进外资项目41个", YearContext(year=2016, month=4), "2016Q1"),
        ("前两月,该区累计开展外出招商活动58批次", YearContext(year=2023, month=3), "2023-01/2023-02"),
        ("据统计,今年1—4月份,全市签约引进", YearContext(year=2020), "2020-01/2020-04"),
        ("1~5月,全市新增合同外资16亿美元", YearContext(year=2020, month=6), "2020-01/2020-05"),
        ("1到10月,该县累计新签约", UNKNOWN, "XXXX-01/XXXX-10"),
        ("2020年1月至2021年6月,各县区主要领导", UNKNOWN, "2020-01/2021-06"),
        ("今年以来,海州区招商队伍已前往", YearContext(year=2023, month=3), "2023Q1"),
        ("截至目前,全区已签约10亿元以上项目7个", PUBLISHED_2025_08, "2025-01/2025-08"),
        ("截至8月底,高新区累计引进项目37个", UNKNOWN, "XXXX-01/XXXX-08"),
        ("截至3月底", UNDATED_2023, "2023Q1"),
        ("一周后的3月24日,他来到", UNDATED_2023, "2023-03-24"),
        ("5月11日至14日,我市再赴深圳", YearContext(year=2020), "2020-05-11/2020-05-14"),
        ("从1月16日至1月25日,苏州工业园区", UNDATED_2023, "2023-01-16/2023-01-25"),
        ("10月 28日,第四届中国—东盟博览会隆重开幕", UNKNOWN, "XXXX-10-28"),
        ("去年,扬州新引进亿元以上项目512个", YearContext(year=2024, month=2), "2023"),
        ("今年3月,我市再次赴上海", PUBLISHED_2025_08, "2025-03"),
        ("2月下旬,洪泽区在苏州举办招商推介会", UNDATED_2023, "2023-02"),
        ("近3年,上海成为镇江市外项目来源最多的城市", PUBLISHED_2025_08, "2023-01/2025-12"),
        ("即年新增签约项目总投资4000亿元以上", UNDATED_2023, "2023"),
        ("目前在手在谈项目信息21条", PUBLISHED_2025_08, "2025-01/2025-08"),
        ("2024年全年,全市新签约项目88个", YearContext(year=2025, month=1), "2024"),
        ("去年全年,全市签约项目仅为三百二十余个", PUBLISHED_2025_08, "2024"),  # one period, not 去年 and 全年
        ("今年全年力争新签约项目300个", PUBLISHED_2025_08, "2025"),
        ("2024年度新签约项目88个", YearContext(year=2025, month=1), "2024"),
        ("2019年至2023年,全市累计签约亿元以上项目超4000个", YearContext(year=2024, month=1), "2019-01/2023-12"),
        ("2019—2023年,全市累计签约", YearContext(year=2024, month=1), "2019-01/2023-12"),
        ("9月以来,我市先后赴深圳、上海等地", YearContext(year=2024, month=10), "2024-09/2024-10"),
        # a month past when the article appeared is last year's: as of December, read in January
        ("截至12月底,全市在建招商项目412个", YearContext(year=2024, month=1), "2023"),
        ("1—12月,全市新签约项目", YearContext(year=2024, month=1), "2023"),
        ("力争8月至10月新签约项目80个", YearContext(year=2023, month=8), "2023-08/2023-10"),  # a plan ahead
    ],
)
def test_first_period(text: str, ctx: YearContext, label: str) -> None:
    periods = find_periods(text, ctx)
    assert periods, text
    assert periods[0].period.label() == label


def test_campaign_month_counts_from_its_first_day() -> None:
    ctx = YearContext(campaign_month=True)
    (p,) = find_periods("截至5月18日,全市新签约项目52个", ctx)
    assert p.period.label() == "XXXX-05-01/XXXX-05-18"


@pytest.mark.parametrize(
    ("text", "published", "year"),
    [
        ("2023年,在刚刚过去的第一季度,淮安新签约亿元以上项目265个", None, 2023),
        ("去年……2019年3月,我市举办了峰会。今年的活动", None, 2020),
        ("今年1-5月,成都招商引资到位资金412.3亿元,比2019年同期增加120.5亿元", None, 2020),
        ("一周后的3月24日,他来到2023淮安(杭州)投资环境说明会现场推介", None, 2023),
        ("此次考察行程约1800公里", None, None),
        ("到2025年,力争引进项目100个", None, None),
        ("截至2022年2月底,晋城市新签约亿元以上项目66个", None, 2022),  # an as-of date, not a horizon
        ("任意正文", "2025-08-11", 2025),
    ],
)
def test_year_context(text: str, published: str | None, year: int | None) -> None:
    assert year_context(text, published).year == year


def test_dateline_sets_today_for_relative_days() -> None:
    ctx = year_context("台海网9月9日讯 (记者)昨天上午,签约仪式在厦门举行", None)
    assert ctx.today == (9, 9)
    (p,) = find_relative_days("昨天上午,签约仪式在厦门举行", ctx)
    assert p.period.label() == "XXXX-09-08"


def test_bare_day_takes_the_month_in_context() -> None:
    (p,) = find_relative_days("11日下午5点,刚刚抵达深圳", YearContext(year=2020), month=5)
    assert p.period.label() == "2020-05-11"


@pytest.mark.parametrize(
    ("period", "label", "start", "end"),
    [
        (Period(2023, 2, 2, 7, 7), "2023-02-07", "2023-02-07", None),
        (Period(2020, 5, 5, 11, 14), "2020-05-11/2020-05-14", "2020-05-11", "2020-05-14"),
        (Period(None, 4, 4, 28, 28), "XXXX-04-28", "XXXX-04-28", None),
        (Period(2019, 3, 3), "2019-03", "2019-03", None),
        (Period(2025), "2025", None, None),
        (Period(None, 1, 6), "XXXXH1", "XXXX-01", None),
    ],
)
def test_labels_and_event_dates(period: Period, label: str, start: str | None, end: str | None) -> None:
    assert (period.label(), period.start_iso(), period.end_iso()) == (label, start, end)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("11月20日,推介会在上海举行", "2024-11-20"),  # reported in January: last November's
        ("11月18日至21日,代表团赴上海、苏州", "2024-11-18/2024-11-21"),
        ("3月5日,我市赴深圳招商", "2024-03-05"),  # reported as done, so not this year's March
        ("6月,市长率队赴上海开展招商对接", "2024-06"),
        ("2月1日起施行", "2025-02-01"),  # a month ahead: could be either, stays this year's
        ("今年11月20日将举办推介会", "2025-11-20"),  # said to be this year's
        ("推介会将于6月18日在深圳举办", "2025-06-18"),  # a plan
        ("力争6月底前全部开工", "2025-06"),  # a deadline
    ],
)
def test_a_day_or_month_after_the_publication_month_is_last_years_unless_planned(text: str, label: str) -> None:
    (p,) = find_periods(text, YearContext(year=2025, month=1))
    assert p.period.label() == label


def test_a_bare_day_is_in_the_year_of_the_month_in_context() -> None:
    (p,) = find_relative_days("12日,推介会在深圳举办", YearContext(year=2025, month=1), month=11, year=2024)
    assert p.period.label() == "2024-11-12"


@pytest.mark.parametrize(("last_day", "label"), [
    (Period(2024, 11, 11, 6, 6), "2024-11-07"), (Period(2024, 12, 12, 31, 31), "2025-01-01"),
    (Period(None, 2, 2, 28, 28), "XXXX-02-29"),
])
def test_the_next_day_follows_the_day_last_named(last_day: Period, label: str) -> None:
    (p,) = find_relative_days("次日,代表团转赴东莞", YearContext(year=2024, month=11), last_day=last_day)
    assert p.period.label() == label


@pytest.mark.parametrize(("last_day", "label"), [
    (Period(2024, 11, 11, 13, 13), "2024-11-12"), (Period(2024, 3, 3, 1, 1), "2024-02-29"),
])
def test_the_day_before_precedes_the_day_last_named(last_day: Period, label: str) -> None:
    (p,) = find_relative_days("推介会前一天,代表团走访了6家企业", YearContext(year=2024, month=11), last_day=last_day)
    assert p.period.label() == label


def test_the_same_day_before_any_day_is_named_is_the_reporting_day() -> None:
    ctx = year_context("2024年一季度…\n冀云保定3月28日讯 当日上午,签约仪式举行", None)
    (p,) = find_relative_days("当日上午,签约仪式举行", ctx)
    assert p.period.label() == "2024-03-28"
    # after a day is named, 当日 is that day: the caller's running date, not the reporting day
    assert find_relative_days("当日上午,签约仪式举行", ctx, last_day=Period(2024, 3, 3, 26, 26)) == []


@pytest.mark.parametrize("text", ["过去一年,全市新签约项目386个", "过去的一年,全市新签约项目386个"])
def test_the_past_year_in_a_review_is_the_year_just_ended(text: str) -> None:
    (p,) = find_periods(text, YearContext(year=2023, month=2))
    assert p.period.label() == "2022"


@pytest.mark.parametrize(("text", "label"), [
    ("去年以来,全市组建了8个产业链招商专班", "2021-01/2022-07"), ("前年以来,累计签约项目420个", "2020-01/2022-07"),
])
def test_since_last_year_runs_from_its_january_to_the_report(text: str, label: str) -> None:
    (p,) = find_periods(text, YearContext(year=2022, month=7))
    assert p.period.label() == label


@pytest.mark.parametrize(("ctx", "label"), [
    (YearContext(year=2024, month=1), "2021-01/2023-12"),  # a January review: up to the end of last year
    (YearContext(year=2024, month=6), "2021-01/2024-06"),
])
def test_since_a_year_runs_to_the_report(ctx: YearContext, label: str) -> None:
    (p,) = find_periods("2021年以来,全市累计签约项目1693个", ctx)
    assert p.period.label() == label
