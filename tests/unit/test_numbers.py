"""Numbers: every written form of a count, an amount, a percentage or a range becomes one Quantity
with its value (money in 亿 of its currency), measure word, currency and approximation."""

import pytest

from tasks.numbers import find_quantities, parse_chinese_numeral, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("三十五", 35), ("两千", 2000), ("一万二千", 12000), ("百", 100), ("十", 10), ("二〇二三", 2023),
     ("一百零五", 105), ("千亿", 10**11), ("三", 3)],
)
def test_parse_chinese_numeral(text: str, value: float) -> None:
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize(("text", "value"), [("1.2万", 12000), ("5000万", 5e7), ("1158.8亿", 1.1588e11), ("三十", 30)])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind", "currency", "approx"),
    [
        ("新签约亿元以上项目达267个", 267, "个", "count", None, "exact"),
        ("总投资额1158.8亿元", 1158.8, "亿元", "money", "CNY", "exact"),
        ("今年将增资5000万美元", 0.5, "亿美元", "money", "USD", "exact"),
        ("合同引资1.6万亿元", 16000, "亿元", "money", "CNY", "exact"),
        ("招引投资超千亿元的背后", 1000, "亿元", "money", "CNY", "over"),
        ("三十余个", 30, "个", "count", None, "over"),
        ("开展百余场推介活动", 100, "场", "count", None, "over"),
        ("开展100多次密集拜访", 100, "次", "count", None, "over"),
        ("全市各县区板块外出招商超280次", 280, "次", "count", None, "over"),
        ("深入欧洲多地拜访近15家企业", 15, "家", "count", None, "about"),
        ("洽谈对接项目近30个", 30, "个", "count", None, "about"),
        ("确保全年拜访企业150家以上", 150, "家", "count", None, "over"),
        ("遴选27名招商人员充实其中", 27, "名", "count", None, "exact"),
        ("拜访企业112家次", 112, "家次", "count", None, "exact"),
        ("累计开展外出招商活动58批次", 58, "批次", "count", None, "exact"),
        ("组建两支招商小分队", 2, "支", "count", None, "exact"),
        ("内资项目总投资额达 38.788亿元人民币", 38.788, "亿元", "money", "CNY", "exact"),
        ("实际利用外资4668万美元", 0.4668, "亿美元", "money", "USD", "exact"),
        ("同比分别增长20.8%", 20.8, "%", "percent", None, "exact"),
        ("同比增长2.4倍", 2.4, "倍", "multiple", None, "exact"),
        ("同比提高7.3个百分点", 7.3, "个百分点", "points", None, "exact"),
        ("占协议总额近3/4", 75, "%", "fraction", None, "about"),
        ("其中服务业项目占比超七成", 70, "%", "fraction", None, "over"),
    ],
)
def test_find_quantities_reads_one_quantity(
    text: str, value: float, unit: str, kind: str, currency: str | None, approx: str
) -> None:
    quantities = [q for q in find_quantities(text) if q.kind != "money" or q.value != 1]  # 亿元以上 is a size class
    assert len(quantities) == 1
    q = quantities[0]
    assert (q.value, q.unit, q.kind, q.currency, q.approx) == (pytest.approx(value), unit, kind, currency, approx)


def test_range_keeps_both_ends_and_applies_the_unit_to_both() -> None:
    (q,) = find_quantities("3至8亿元项目有")
    assert (q.kind, q.value, q.upper, q.unit) == ("range", 3, 8, "亿元")
    (per_day,) = find_quantities("平均每天要拜访4至5家企业")
    assert (per_day.kind, per_day.value, per_day.upper) == ("range", 4, 5)


def test_spans_point_at_the_number() -> None:
    text = "新签约亿元以上项目达267个,总投资额1158.8亿元"
    spans = [text[q.number_span[0] : q.number_span[1]] for q in find_quantities(text)]
    assert spans == ["亿", "267", "1158.8亿"]


@pytest.mark.parametrize(
    "text",
    ["第一季度", "一季度完成组建", "数十个城市", "一批接一批", "一支支招商队伍", "扬州这一次的", "2023年", "1至2月"],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_signing_is_not_an_approximation() -> None:
    (q,) = find_quantities("新签约5亿元")
    assert q.approx == "exact" and q.value == 5


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("协议投资额1亿8千万元", 1.8, "亿元"), ("总投资2亿5000万元", 2.5, "亿元"), ("合同外资3亿2千万美元", 3.2, "亿美元"),
])
def test_an_amount_of_yi_and_a_part_below_it(text: str, value: float, unit: str) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.kind) == (value, unit, "money")
