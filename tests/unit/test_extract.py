"""Extraction: which numbers become facts, with which region, metric, period, kind, scope,
yoy and share, and which numbers are left out. Sentences come from the seed articles or are
written for the test."""

from pathlib import Path

import pytest

from tasks.errors import ConfigError
from tasks.extract import build_lexicon, extract_article
from tasks.models import Fact, NormalizedArticle, QualityFlags, RawArticle
from tasks.reference import Reference, load_reference

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(SEEDS)


def article(text: str, published: str | None = None, title: str | None = None) -> NormalizedArticle:
    raw = RawArticle(source_name="test", uri="test.txt", raw=text.encode(), fetched_at="")
    return NormalizedArticle(raw=raw, raw_text=text, text=text, offsets=tuple(range(len(text) + 1)),
                             title=title, published=published, flags=QualityFlags())


def facts(ref: Reference, text: str, published: str | None = None, title: str | None = None) -> list[Fact]:
    return list(extract_article(article(text, published, title), ref).facts)


def brief(f: Fact) -> tuple:  # type: ignore[type-arg]
    return (f.region, f.metric, f.period, f.kind, f.value)


ZHENJIANG_LEAD = ("上半年全市项目招引攻坚成效显著:新签约亿元以上项目达267个,总投资额1158.8亿元,"
                  "项目数量和投资额同比分别增长20.8%和5.9%。\n")


def test_counts_amounts_and_respective_growth(ref: Reference) -> None:
    text = "镇江日报记者报道\n" + ZHENJIANG_LEAD
    found = facts(ref, text, published="2025-08-11")
    assert [brief(f) for f in found] == [
        ("镇江市", "signed_projects", "2025H1", "actual", 267),
        ("镇江市", "signed_investment", "2025H1", "actual", 1158.8),
    ]
    assert [(f.yoy_pct, f.scope, f.unit, f.currency) for f in found] == [
        (20.8, "亿元以上", "个", None), (5.9, "亿元以上", "亿元", "CNY")]
    assert found[0].evidence == ZHENJIANG_LEAD.strip()
    assert text[found[0].span[0] : found[0].span[1]] == "267"  # the span is the number's place in the text


def test_parts_shares_and_destinations(ref: Reference) -> None:
    text = ("镇江日报讯 " + ZHENJIANG_LEAD +
            "今年3月,我市再次赴上海举行产业项目集中签约活动,20个来自上海及周边地区的项目现场集中签约,累计总投资165.2亿元。\n"
            "仅今年1-6月,我市新签约项目中来自大湾区的就有20个(占比7.5%),总投资约115亿元(占全市9.9%)。\n")
    found = facts(ref, text, published="2025-08-11")
    shanghai, bay = found[2:4], found[4:6]
    assert [brief(f) for f in shanghai] == [("镇江市", "signed_projects", "2025-03", "actual", 20),
                                            ("镇江市", "signed_investment", "2025-03", "actual", 165.2)]
    assert shanghai[0].scope == "来自上海及周边地区"
    assert [(f.value, f.share_pct, f.approx, f.period) for f in bay] == [
        (20, 7.5, "exact", "2025H1"), (115, 9.9, "about", "2025H1")]


def test_zone_paragraph_and_parts_of_a_whole(ref: Reference) -> None:
    text = ("镇江日报讯 全市招商氛围浓厚。\n"
            "镇江经开区开展新一轮深化招商体制机制改革,将原有8个招商局调整为6个招商局。"
            "截至目前,全区已签约10亿元以上项目7个,其中30亿元以上项目2个,签约央国企项目3个。\n")
    found = facts(ref, text, published="2025-08-11")
    assert {f.region for f in found} == {"镇江经济技术开发区"}
    assert {f.parent_region for f in found} == {"镇江市"}
    teams = [(f.metric, f.value) for f in found if f.metric == "promotion_teams"]
    assert teams == [("promotion_teams", 8), ("promotion_teams", 6)]
    signed = [f for f in found if f.metric == "signed_projects"]
    assert [(f.value, f.scope, f.period) for f in signed] == [
        (7, "10亿元以上", "2025-01/2025-08"), (2, "30亿元以上", "2025-01/2025-08"), (3, "央国企", "2025-01/2025-08")]
    assert signed[1].part_of == found.index(signed[0])


def test_targets_and_activities(ref: Reference) -> None:
    plan = ("2023年,正在冲刺“万亿之城”的常州,今年将围绕新能源、新材料等重点产业,持续开展多层次境内外招商活动,"
            "计划安排全市重大境外经贸活动38场。\n")
    assert [brief(f) for f in facts(ref, plan)] == [("常州市", "promotion_events", "2023", "target", 38)]
    text = ("2023年,扬州各地纷纷派出精兵强将,拉开了春季招商的大幕。"
            "据悉,扬州经开区围绕“三新三高”现代产业体系建设,开展精准对接和宣传推介。"
            "在此期间,经开区将外出招商达到300人次以上,拜访重要客商100家以上,收集重大项目信息100条以上,"
            "力争一季度新签约百亿元和50亿元项目各1个。\n")
    found = facts(ref, text)
    zone = [(f.metric, f.value, f.approx, f.kind, f.period) for f in found if f.region == "扬州经济技术开发区"]
    assert zone == [
        ("promotion_trips", 300, "over", "target", "2023Q1"),
        ("companies_visited", 100, "over", "target", "2023Q1"),
        ("signed_projects", 1, "exact", "target", "2023Q1"),
        ("signed_projects", 1, "exact", "target", "2023Q1"),
    ]
    assert len(zone) == len(found)
    assert sorted(f.scope for f in found if f.metric == "signed_projects") == ["50亿元", "百亿元"]


def test_each_place_of_a_list_gets_the_number(ref: Reference) -> None:
    text = ("全市上半年新签约项目50个。\n"
            "从签约项目数量来看,句容8个,丹阳5个,扬中、京口各3个。\n")
    found = facts(ref, text, title="镇江上半年招商引资成效显著")
    assert [(f.region, f.value) for f in found] == [
        ("镇江市", 50), ("句容市", 8), ("丹阳市", 5), ("扬中市", 3), ("京口区", 3)]
    assert {f.metric for f in found} == {"signed_projects"}


def test_a_list_of_cities_is_their_province(ref: Reference) -> None:
    text = "全省各地招商势头良好。8月份,烟台、威海、日照3市主要领导带队赴外地招商,共外出招商12次,新签约项目17个。\n"
    found = facts(ref, text, title="山东招商情况")
    assert [(f.region, f.metric, f.value) for f in found] == [
        ("山东省", "promotion_trips", 12), ("山东省", "signed_projects", 17)]


@pytest.mark.parametrize(
    "sentence",
    [
        "我市组建北京、上海两个驻外招商局,遴选27名招商人员充实其中。",  # people
        "镇江经开区招商团队50天内奔赴9个重点城市、26个重点区域,累计行程约30700公里。",  # places, durations
        "全市层面,“4232”招商活动体系全面铺开。",  # a programme's name
        "3月,我市与比亚迪签约,项目总投资50亿元。",  # one named project's amount
        "新批总投资超5000万美元项目11个,同比增加2个。",  # 2 is a change (11 is a fact)
        "预计新增年产值215.8亿元。",  # output value
        "实现签约、在建项目达26个。",  # two stages added together
        "招商小分队平均每天要拜访4至5家企业。",  # a per-day range
    ],
)
def test_numbers_that_are_not_facts(ref: Reference, sentence: str) -> None:
    values = [f.value for f in facts(ref, "镇江日报讯 全市招商氛围浓厚。\n" + sentence + "\n", published="2025-08-11")]
    assert values in ([], [2], [11]), values  # only 两个驻外招商局 and the 11 new projects count


def test_restated_headline_figure_is_one_fact(ref: Reference) -> None:
    text = ("不到100天淮安招引投资超千亿元\n"
            "2023年,在刚刚过去的第一季度,淮安新签约亿元以上项目265个,协议引资额1249.45亿元。\n"
            "不到一百天,招引投资超千亿元的背后,淮安有着怎样的创新举措?\n")
    found = facts(ref, text, title="不到100天淮安招引投资超千亿元")
    assert [brief(f) for f in found] == [("淮安市", "signed_projects", "2023Q1", "actual", 265),
                                         ("淮安市", "signed_investment", "2023Q1", "actual", 1249.45)]


def test_unreadable_article_has_no_facts(ref: Reference) -> None:
    empty = article("")
    empty = NormalizedArticle(raw=empty.raw, raw_text="", text="", offsets=(0,), title=None, published=None,
                              flags=QualityFlags(), error="empty")
    result = extract_article(empty, ref)
    assert (result.error, result.facts, result.events) == ("empty", (), ())


def test_lexicon_rows_are_checked() -> None:
    with pytest.raises(ConfigError):
        build_lexicon([{"term": "签约", "role": "stage", "value": "agreed"}])
    with pytest.raises(ConfigError):
        build_lexicon([{"term": "签约", "role": "verb", "value": ""}])
    lex = build_lexicon([{"term": "签约", "role": "stage", "value": "signed"},
                         {"term": "签约金额", "role": "amount", "value": "investment"}])
    assert [h[2].text for h in lex.scan("新签约金额5亿元")] == ["签约金额"]  # the longer word wins


def test_a_province_and_its_cities(ref: Reference) -> None:
    text = ("来源:江西日报\n"
            "一季度,全省新签约亿元以上项目1026个,签约金额5863亿元,同比增长11.2%。"
            "分设区市看,南昌市签约项目186个,签约金额1120亿元;赣州市签约项目172个。\n"
            "全省实际利用外资15.8亿美元,同比下降6.3%。\n"
            "3月18日,南昌高新区举行一季度重大项目集中签约,签约项目23个,总投资320亿元。\n")
    found = facts(ref, text, title="江西省一季度招商引资实现开门红")
    assert [(f.region, f.metric, f.period, f.value) for f in found] == [
        ("江西省", "signed_projects", "XXXXQ1", 1026), ("江西省", "signed_investment", "XXXXQ1", 5863),
        ("南昌市", "signed_projects", "XXXXQ1", 186), ("南昌市", "signed_investment", "XXXXQ1", 1120),
        ("赣州市", "signed_projects", "XXXXQ1", 172),
        ("江西省", "foreign_investment_utilized", "XXXXQ1", 15.8),
        ("南昌高新技术产业开发区", "signed_projects", "XXXX-03-18", 23),
        ("南昌高新技术产业开发区", "signed_investment", "XXXX-03-18", 320),
    ]
    assert (found[1].yoy_pct, found[5].yoy_pct) == (11.2, -6.3)
    assert found[2].parent_region == "江西省" and found[6].parent_region == "南昌市"


def test_a_zone_with_a_name_of_its_own_and_trips(ref: Reference) -> None:
    text = ("上半年,东莞松山湖高新区新引进项目46个,计划总投资312亿元。"
            "园区领导带队赴上海、深圳等地开展招商活动12次,走访企业86家。\n"
            "园区占地面积72平方公里,现有员工15万人,地区生产总值420亿元。\n")
    found = facts(ref, text, published="2024-07-20")
    assert [(f.region, f.metric, f.value) for f in found] == [
        ("东莞松山湖高新技术产业开发区", "signed_projects", 46),
        ("东莞松山湖高新技术产业开发区", "signed_investment", 312),
        ("东莞松山湖高新技术产业开发区", "promotion_trips", 12),
        ("东莞松山湖高新技术产业开发区", "companies_visited", 86),
    ]
    assert {f.period for f in found} == {"2024H1"}


def test_an_invented_report_from_another_province(ref: Reference) -> None:
    """General rules on text written for this test (not from any article): 分别 spreads growth,
    其中 links a part, 力争 makes a target, the masthead names the home city."""
    text = ("来源:绵阳日报\n今年1-6月,全市新签约项目128个,协议总投资652.4亿元,同比分别增长12.5%和18.3%。"
            "其中,亿元以上项目53个。\n全年力争新签约项目260个。\n")
    found = facts(ref, text, title="绵阳上半年招商引资稳中有进", published="2024-07-15")
    assert [(f.region, f.metric, f.scope, f.period, f.kind, f.value, f.yoy_pct, f.part_of) for f in found] == [
        ("绵阳市", "signed_projects", "", "2024H1", "actual", 128, 12.5, None),
        ("绵阳市", "signed_investment", "", "2024H1", "actual", 652.4, 18.3, None),
        ("绵阳市", "signed_projects", "亿元以上", "2024H1", "actual", 53, None, 0),
        ("绵阳市", "signed_projects", "", "2024", "target", 260, None, None),
    ]


@pytest.mark.parametrize(("sentence", "scopes"), [
    # a size class with its dollar equivalent in brackets
    ("今年1至2月,全市新签约亿元(1000万美元)以上项目86个,协议投资额412.5亿元。", ["亿元以上", "亿元以上"]),
    # N大 before other words names a set (four industries), not a count of projects
    ("今年一季度,全市签约项目52个,其中三大主导产业项目31个。", ["", "三大主导产业"]),
    # 项目个数 is "the number of projects"; 招商项目 is every project of the genre
    ("今年一季度,全市开工项目个数48个,签下招商项目20个。", ["", ""]),
    # an origin however it is written
    ("今年一季度,全市来源于澳门的实际使用外资为3.2亿美元。", ["来自澳门"]),
    # funds from outside the region carry their qualifier in the word; 实际到位 and 涉及 qualify nothing
    ("今年一季度,全市实际到位省外资金586.2亿元。", ["省外"]),
    ("今年一季度,全市与12家企业集中签约,涉及项目12个,总投资205.6亿元。", ["", "", ""]),
])
def test_scope_is_the_qualifier_in_its_shortest_form(ref: Reference, sentence: str, scopes: list[str]) -> None:
    found = facts(ref, "镇江日报讯\n" + sentence + "\n", published="2025-04-11")
    assert [f.scope for f in found] == scopes


def test_one_project_in_a_figure_of_speech_is_not_a_count(ref: Reference) -> None:
    text = ("镇江日报讯\n今年一季度,全市新开工项目51个。\n"
            "“我们坚持以商引商,让一个项目带来一串项目。”\n")
    assert [f.value for f in facts(ref, text, published="2025-04-11")] == [51]


def test_a_count_of_the_projects_named_before_takes_their_qualifier(ref: Reference) -> None:
    text = ("镇江日报讯\n今年一季度,全市签约亿元以上项目60个。"
            "从类型看,服务业项目占多数,数量达到35个,占总数的58.3%。\n")
    found = facts(ref, text, published="2025-04-11")
    assert [(f.value, f.scope) for f in found] == [(60, "亿元以上"), (35, "服务业")]


@pytest.mark.parametrize(("sentence", "metrics"), [
    # brought in, reported with funds in place: the projects have landed
    ("今年1至5月,全市引进项目126个,实际到位资金88.6亿元。", ["landed_projects", "actual_investment"]),
    # brought in, reported with an agreed amount: the projects are signed
    ("今年1至5月,全市引进项目126个,协议总投资310亿元。", ["signed_projects", "signed_investment"]),
    # ... or with foreign capital actually used
    ("今年1至5月,全市新引进企业项目15个,实际使用外资2.5亿美元。", ["landed_projects", "foreign_investment_utilized"]),
    # brought in, with no money: landed
    ("上半年,全市新引进港澳资项目57个,同比增长1.2倍。", ["landed_projects"]),
    # a specific stage word wins over 引进
    ("今年1至5月,全市签约引进项目126个,到位资金88.6亿元。", ["signed_projects", "actual_investment"]),
])
def test_projects_brought_in_take_their_stage_from_the_money_reported(
        ref: Reference, sentence: str, metrics: list[str]) -> None:
    found = facts(ref, "许昌日报讯\n" + sentence + "\n", published="2024-06-11")
    assert [f.metric for f in found] == metrics


def test_last_year_as_a_whole_dates_its_figure_and_funds_from_outside_are_actual(ref: Reference) -> None:
    text = ("绵阳日报讯\n去年全年,全市签约项目仅为三百二十余个。"
            "一季度,全市省外境内资金实际到位268亿元,同比增长4.1%。\n")
    found = facts(ref, text, published="2025-04-20")
    assert [(f.metric, f.period, f.value, f.approx, f.scope) for f in found] == [
        ("signed_projects", "2024", 320, "over", ""),
        ("actual_investment", "2025Q1", 268, "exact", "省外"),
    ]


def test_the_whole_city_is_the_home_city_after_another_city_is_named(ref: Reference) -> None:
    # a county-level city in its prefecture's paper: 全市 is the county-level city, not the paper's city
    text = ("宣威市一季度招商引资开局良好\n来源:曲靖日报 2024-04-20\n"
            "今年一季度,全市新签约项目18个,总量居曲靖市各县(市、区)第二位。"
            "一季度,全市新开工亿元以上项目9个。\n")
    found = facts(ref, text, published="2024-04-20", title="宣威市一季度招商引资开局良好")
    assert [(f.region, f.metric, f.value) for f in found] == [
        ("宣威市", "signed_projects", 18), ("宣威市", "started_projects", 9)]


def test_the_whole_city_after_a_county_level_city_is_named_is_the_home_city(ref: Reference) -> None:
    text = ("泉州日报讯\n分地区看,晋江市签约项目21个;石狮市签约项目3个。"
            "今年以来,全市累计签约项目386个。\n")
    found = facts(ref, text, published="2024-06-21")
    assert [(f.region, f.value) for f in found] == [("晋江市", 21), ("石狮市", 3), ("泉州市", 386)]


@pytest.mark.parametrize("cue", ["分地区看", "从签约地区看", "分县市区看", "分县(市、区)看", "从县(市、区)来看", "签约项目中"])
def test_breakdown_cues(ref: Reference, cue: str) -> None:
    text = ("沧州日报讯\n8月27日,沧州市重点项目集中签约仪式举行,31个项目集中签约。\n"
            f"{cue},黄骅市签约项目7个。\n")
    assert [f.period for f in facts(ref, text, published="2024-08-28")] == ["2024-08-27", "2024-08-27"]


def test_a_breakdown_by_place_keeps_the_date_of_the_signing_it_breaks_down(ref: Reference) -> None:
    text = ("沧州日报讯\n8月27日,沧州市重点项目集中签约仪式举行,31个项目集中签约,总投资286.4亿元。\n"
            "分地区看,黄骅市签约项目7个,总投资98.2亿元。\n"
            "黄骅市今年新开工项目12个。\n")
    found = facts(ref, text, published="2024-08-28")
    assert [(f.region, f.period, f.value) for f in found] == [
        ("沧州市", "2024-08-27", 31), ("沧州市", "2024-08-27", 286.4),
        ("黄骅市", "2024-08-27", 7), ("黄骅市", "2024-08-27", 98.2), ("黄骅市", "2024", 12)]


def test_another_city_owns_the_figures_of_its_own_sentence_only(ref: Reference) -> None:
    text = ("肇庆日报讯\n一季度,全市新签约项目97个。"
            "据统计,一季度佛山市新签约项目计划总投资约1360亿元,两地产业协作空间广阔。"
            "一季度,全市新开工项目45个。\n")
    found = facts(ref, text, published="2025-04-20")
    assert [(f.region, f.metric, f.value) for f in found] == [
        ("肇庆市", "signed_projects", 97), ("佛山市", "signed_investment", 1360), ("肇庆市", "started_projects", 45)]


def test_a_place_travelled_to_owns_nothing_even_written_with_china_before_it(ref: Reference) -> None:
    text = "张家口日报讯\n6月18日至23日,副市长许颖荣率张家口经贸代表团赴中国香港开展招商活动,先后拜访企业33家。\n"
    found = facts(ref, text, published="2022-06-25")
    assert [(f.region, f.metric, f.value) for f in found] == [("张家口市", "companies_visited", 33)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a size class in two currencies joined by 或
    ("1—5月,全市新签约10亿元以上或1亿美元以上重大项目34个,总投资726.5亿元。",
     [("signed_projects", 34, "10亿元以上"), ("signed_investment", 726.5, "10亿元以上")]),
    ("上半年,全市新签约项目412个,签约资金2318.6亿元。",
     [("signed_projects", 412, ""), ("signed_investment", 2318.6, "")]),
    ("上半年,全市省外2000万元以上项目实际进资826.5亿元。", [("actual_investment", 826.5, "2000万元以上省外项目")]),
    ("今年一季度,全市实际到位省外产业资金42.6亿元。", [("actual_investment", 42.6, "省外")]),
    # capital from Taiwan is reported as foreign capital
    ("截至9月底,全市合同台资4.82亿美元,实际利用台资1.36亿美元。",
     [("foreign_investment_contracted", 4.82, ""), ("foreign_investment_utilized", 1.36, "")]),
    ("1至9月,我市领导带队赴台湾开展经贸交流2次。", [("promotion_trips", 2, "")]),
])
def test_amount_words_and_size_classes_of_other_provinces(ref: Reference, sentence: str, expected: list) -> None:  # type: ignore[type-arg]
    found = facts(ref, "嘉兴日报讯\n" + sentence + "\n", published="2024-06-17")
    assert [(f.metric, f.value, f.scope) for f in found] == expected


def test_the_whole_year_of_a_paragraph_about_last_year_and_a_named_city_as_a_whole(ref: Reference) -> None:
    text = ("宣威日报讯\n2023年,全市实际到位省外资金163.8亿元。全年全市外出招商210批次。\n"
            "一季度曲靖全市实际到位省外资金268.4亿元。\n")
    found = facts(ref, text, published="2024-04-20")
    assert [(f.region, f.period, f.value) for f in found] == [
        ("宣威市", "2023", 163.8), ("宣威市", "2023", 210), ("曲靖市", "2024Q1", 268.4)]


def test_month_on_month_change_and_share_of_a_plan_are_not_yoy_or_share(ref: Reference) -> None:
    text = ("南阳日报讯\n1至10月,全市实际利用省外资金756.3亿元,占全年目标任务的85.2%。"
            "10月份,全市新签约项目19个,环比增长26.7%。\n")
    found = facts(ref, text, published="2024-11-15")
    assert [(f.metric, f.value, f.scope, f.yoy_pct, f.share_pct) for f in found] == [
        ("actual_investment", 756.3, "省外", None, None), ("signed_projects", 19, "", None, None)]


def test_places_listed_then_their_figures_respectively(ref: Reference) -> None:
    text = ("安徽日报讯\n一季度,全省新签约亿元以上项目1876个。"
            "分市看,合肥、芜湖、滁州新签约亿元以上项目数居前三位,分别为312个、186个和154个。\n")
    found = facts(ref, text, published="2024-04-26")
    assert [(f.region, f.value) for f in found] == [
        ("安徽省", 1876), ("合肥市", 312), ("芜湖市", 186), ("滁州市", 154)]


def test_another_city_paired_with_the_home_or_named_as_an_origin_owns_nothing(ref: Reference) -> None:
    text = ("遵义日报讯\n9月13日下午,遵义市—东莞市产业合作项目签约仪式在东莞举行,现场签约项目16个。"
            "1至9月,全市接待台湾客商考察团组87批次。\n")
    found = facts(ref, text, published="2023-09-18")
    assert [(f.region, f.period, f.value) for f in found] == [
        ("遵义市", "2023-09-13", 16), ("遵义市", "2023-01/2023-09", 87)]


def test_the_whole_year_after_a_year_named_in_its_sentence(ref: Reference) -> None:
    text = "成都日报讯\n2023年,成都高新区全年新签约重大项目72个,总投资1516.3亿元。\n"
    found = facts(ref, text, published="2024-01-19")
    assert [(f.period, f.value) for f in found] == [("2023", 72), ("2023", 1516.3)]


def test_the_whole_prefecture_is_the_home_autonomous_prefecture(ref: Reference) -> None:
    text = ("昌吉日报讯\n前三季度,全州新签约项目412个。1至9月,全州累计开展外出招商活动86次。"
            "从各县市看,昌吉市新签约项目46个。\n")
    found = facts(ref, text, published="2024-10-21")
    assert [(f.region, f.value) for f in found] == [
        ("昌吉回族自治州", 412), ("昌吉回族自治州", 86), ("昌吉市", 46)]


def test_a_plan_closing_its_list_and_a_plans_year_frames_no_later_results(ref: Reference) -> None:
    text = ("包头日报讯\n今年1至7月,全市新签约项目213个。"
            "年初,我市确定了全年到位资金710亿元、新签约亿元以上项目300个的目标任务。"
            "按照计划,全年新开工项目确保达到200个。"
            "分地区看,昆都仑区新签约项目31个。\n")
    found = facts(ref, text, published="2023-08-15")
    assert [(f.region, f.metric, f.kind, f.period, f.value) for f in found] == [
        ("包头市", "signed_projects", "actual", "2023-01/2023-07", 213),
        ("包头市", "actual_investment", "target", "2023", 710),
        ("包头市", "signed_projects", "target", "2023", 300),
        ("包头市", "started_projects", "target", "2023", 200),
        ("昆都仑区", "signed_projects", "actual", "2023-01/2023-07", 31)]


def test_amounts_respectively_of_counts_of_two_stages(ref: Reference) -> None:
    text = "南宁日报讯\n一季度,全市新落地项目15个、新开工项目12个,总投资分别为63.5亿元、58.2亿元。\n"
    found = facts(ref, text, published="2024-04-10")
    assert [(f.metric, f.value) for f in found] == [
        ("landed_projects", 15), ("started_projects", 12), ("landed_investment", 63.5), ("started_investment", 58.2)]


def test_towns_and_zones_named_without_their_place_belong_to_the_home(ref: Reference) -> None:
    text = ("长丰县融媒体中心讯\n1至2月,全县新签约项目25个。"
            "分乡镇看,双墩镇、岗集镇分别新签约项目6个、5个;下塘镇新签约项目3个,总投资8500万元。\n")
    found = facts(ref, text, published="2024-03-29")
    assert [(f.region, f.parent_region, f.value) for f in found] == [
        ("长丰县", "合肥市", 25), ("双墩镇", "长丰县", 6), ("岗集镇", "长丰县", 5),
        ("下塘镇", "长丰县", 3), ("下塘镇", "长丰县", 0.85)]
    assert all(ref.gazetteer.is_known(f.region, f.parent_region) for f in found)


def test_the_province_as_a_yardstick_owns_nothing(ref: Reference) -> None:
    text = ("湖州日报讯\n1—9月,全市实际使用外资7.86亿美元,增速高于全省平均水平5.3个百分点,居全省第三;"
            "新设外资企业96家,合同外资15.4亿美元。\n")
    found = facts(ref, text, published="2024-10-24")
    assert {f.region for f in found} == {"湖州市"} and len(found) == 3


def test_the_amount_of_one_project_named_before_it_is_no_fact(ref: Reference) -> None:
    text = ("温州日报讯\n11月3日,温州在上海举办推介会,现场签约项目28个,总投资336.2亿元。"
            "其中,乐清市签约的智能电气产业园项目总投资45亿元。"
            "新签约的重大产业项目22个,总投资280亿元。\n")
    found = facts(ref, text, published="2023-11-04")
    assert [f.value for f in found] == [28, 336.2, 22, 280]


def test_a_target_for_the_whole_year_in_a_sentence_opened_by_a_quarter(ref: Reference) -> None:
    text = "湖州日报讯\n四季度全市将紧盯百日攻坚行动,力争全年新签约亿元以上项目突破350个。\n"
    found = facts(ref, text, published="2024-10-24")
    assert [(f.kind, f.period, f.value) for f in found] == [("target", "2024", 350)]


def test_in_a_round_up_the_whole_city_is_the_city_named_before_in_its_sentence(ref: Reference) -> None:
    text = ("南方日报讯\n上半年,湛江市新签约项目96个,全市实际使用外资3.2亿美元。"
            "江门市新签约项目85个,全市实际使用外资2.1亿美元。英德市新签约项目12个。"
            "清远市投资促进局表示,全市力争全年签约项目突破200个。\n")
    found = facts(ref, text, published="2024-07-30")
    assert [(f.region, f.value) for f in found][-2:] == [("英德市", 12), ("清远市", 200)]


def test_amounts_listed_after_places_share_the_money_word_before_respectively(ref: Reference) -> None:
    text = ("大理日报讯\n1—5月,全州到位资金186.3亿元。"
            "分县市看,大理市、祥云县、宾川县到位资金居前三,分别为42.7亿元、24.6亿元、17.9亿元。\n")
    found = facts(ref, text, published="2024-06-21")
    assert [(f.region, f.metric, f.value) for f in found] == [
        ("大理白族自治州", "actual_investment", 186.3), ("大理市", "actual_investment", 42.7),
        ("祥云县", "actual_investment", 24.6), ("宾川县", "actual_investment", 17.9)]


def test_background_numbers_of_a_long_report_are_no_facts(ref: Reference) -> None:
    text = ("唐山日报讯\n上半年,全市新签约项目238个,总投资1520亿元。"
            "全市拥有规模以上工业企业2700余家,全区玩具企业超过3000家。"
            "“服务太贴心了。”一家落户曹妃甸的装备制造企业负责人感慨地说。"
            "专班成员每周至少两次外出对接企业。"
            "今年3月,一家电池托盘项目从签约到开工仅用了47天,创下开发区项目建设新纪录。\n")
    found = facts(ref, text, published="2024-07-26")
    assert [(f.region, f.value) for f in found] == [("唐山市", 238), ("唐山市", 1520)]


def test_a_place_qualifying_a_noun_owns_nothing_and_a_plan_for_the_whole_year_is_ahead(ref: Reference) -> None:
    text = ("衡阳日报讯\n2023年,全市签约项目310个。全年力争签约资金突破350亿元。"
            "南岳区依托南岳衡山的文化旅游资源,今年以来签约文旅康养项目8个。\n")
    found = facts(ref, text, published="2024-11-19")
    assert [(f.region, f.kind, f.period, f.value) for f in found] == [
        ("衡阳市", "actual", "2023", 310), ("衡阳市", "target", "2024", 350),
        ("南岳区", "actual", "2024-01/2024-11", 8)]


def test_a_zone_written_bare_and_in_full_is_one_zone(ref: Reference) -> None:
    text = ("秦皇岛开发区1—8月新签约项目76个\n今年1—8月,秦皇岛经济技术开发区新签约项目76个。"
            "全区新开工项目38个。今年3月,一家电池托盘项目从签约到开工仅用了47天,创下开发区项目建设新纪录。"
            "下一步,开发区将力争全年签约项目100个。\n")
    result = extract_article(article(text, "2024-09-12", "秦皇岛开发区1—8月新签约项目76个"), ref)
    assert result.home_region == "秦皇岛经济技术开发区"
    assert {f.region for f in result.facts} == {"秦皇岛经济技术开发区"}


def test_the_time_of_a_story_about_one_company_frames_nothing_after_it(ref: Reference) -> None:
    text = ("唐山日报讯\n今年1—8月,全市新签约项目76个。"
            "今年上半年,一家德资精密部件企业在曹妃甸追加投资,扩建第二工厂。"
            "项目建设方面,全市新开工项目38个。\n")
    found = facts(ref, text, published="2024-09-12")
    assert [(f.period, f.value) for f in found] == [("2024-01/2024-08", 76), ("2024-01/2024-08", 38)]


def test_task_forces_and_offices_formed_are_teams_and_a_working_rule_is_no_tally(ref: Reference) -> None:
    text = ("榆林日报讯\n今年以来,全市组建了5个产业链招商专班,实行“一个产业、一个专班、一套方案”,"
            "并在西安、深圳设立驻外招商工作站2个、招商联络点3个。\n")
    found = facts(ref, text, published="2024-05-12")
    assert [(f.region, f.metric, f.period, f.value) for f in found] == [
        ("榆林市", "promotion_teams", "2024-01/2024-05", 5), ("榆林市", "promotion_teams", "2024-01/2024-05", 2),
        ("榆林市", "promotion_teams", "2024-01/2024-05", 3)]


def test_a_part_of_a_count_without_a_noun_of_its_own_and_a_list_of_activities(ref: Reference) -> None:
    text = ("鹤壁日报讯\n2023年,全市市级领导带队外出招商38次,其中赴京津冀、长三角17次;"
            "举办各类招商推介会、项目对接会12场。\n")
    found = facts(ref, text, published="2024-01-20")
    assert [(f.metric, f.period, f.value, f.scope, f.part_of) for f in found] == [
        ("promotion_trips", "2023", 38, "", None), ("promotion_trips", "2023", 17, "京津冀、长三角", 0),
        ("promotion_events", "2023", 12, "", None)]  # 项目对接会 is the next item, not a qualifier


def test_the_scope_of_offices_set_up_in_places_is_what_was_set_up(ref: Reference) -> None:
    text = "益阳日报讯\n截至9月底,全市已在长沙、深圳、上海设立驻外招商工作站3个。\n"
    found = facts(ref, text, published="2024-10-08")
    assert [(f.metric, f.value, f.scope) for f in found] == [("promotion_teams", 3, "驻外招商工作站")]


@pytest.mark.parametrize("city", ["盐城市", "聊城市", "白城市"])
def test_a_word_inside_a_place_name_is_not_read(ref: Reference, city: str) -> None:
    found = facts(ref, f"{city}上半年实际到位资金186.4亿元,同比增长13.5%。", published="2024-07-20")
    assert [(f.region, f.metric, f.value) for f in found] == [(city, "actual_investment", 186.4)]  # not 城市


def test_a_papers_lead_in_is_no_scope(ref: Reference) -> None:
    found = facts(ref, "吉林日报讯(记者 王明)白城市上半年实际到位资金186.4亿元。", published="2024-07-20")
    assert [(f.region, f.value, f.scope) for f in found] == [("白城市", 186.4, "")]


def test_a_place_after_a_comparison_word_is_a_yardstick_not_the_next_owner(ref: Reference) -> None:
    text = ("东胜区融媒体中心讯\n上半年,全区新签约项目52个,协议投资额286.4亿元,占鄂尔多斯市同期签约总额的18.6%;"
            "新落地项目31个。\n")
    found = facts(ref, text, published="2024-07-20")
    assert [(f.region, f.metric, f.value) for f in found] == [
        ("东胜区", "signed_projects", 52), ("东胜区", "signed_investment", 286.4), ("东胜区", "landed_projects", 31)]


def test_a_company_given_as_an_example_reports_no_figure_of_the_region(ref: Reference) -> None:
    text = ("安顺日报讯\n前三季度,全市新引进项目126个。以安顺黔航精密锻造有限公司为例,这家企业去年实现营业收入38.6亿元,"
            "先后带动十余家配套企业落户安顺。\n")
    assert [(f.metric, f.value) for f in facts(ref, text, published="2024-11-05")] == [("landed_projects", 126)]


def test_a_reference_framing_a_role_is_not_the_owner(ref: Reference) -> None:
    text = ("西宁晚报讯\n2024年,全市新签约项目326个。西宁经济技术开发区作为全市招商引资主战场,全年引进亿元以上项目42个。\n")
    found = facts(ref, text, published="2025-01-21")
    assert [(f.region, f.value) for f in found] == [("西宁市", 326), ("西宁经济技术开发区", 42)]


def test_a_breakdown_by_place_takes_the_period_of_the_whole_it_divides(ref: Reference) -> None:
    text = ("邢台日报讯\n今年1—8月,全市新签约亿元以上项目263个。\n"
            "今年5月,我市在深圳举办产业合作推介会,现场签约项目19个;7月,又组织企业参加了南亚博览会。\n"
            "分县(市、区)看,南和区、沙河市新签约亿元以上项目分别为28个、25个。\n")
    found = facts(ref, text, published="2024-09-13")
    assert [(f.region, f.period, f.value, f.scope) for f in found] == [
        ("邢台市", "2024-01/2024-08", 263, "亿元以上"), ("邢台市", "2024-05", 19, ""),
        ("南和区", "2024-01/2024-08", 28, "亿元以上"), ("沙河市", "2024-01/2024-08", 25, "亿元以上")]


def test_a_project_named_by_its_company_before_its_amount_is_no_fact(ref: Reference) -> None:
    text = ("海西日报讯\n11月6日,海西州在上海举办推介会,现场签约项目18个,总投资326亿元。"
            "江苏中锂新材料集团年产5万吨电池级碳酸锂项目总投资45亿元,是本次推介会签约的最大单体项目。"
            "其中,上海临江氢能装备有限公司投资的绿氢制储运一体化项目协议投资额68亿元。\n")
    assert [f.value for f in facts(ref, text, published="2024-11-12")] == [18, 326]


def test_projects_on_offer_are_at_no_stage(ref: Reference) -> None:
    text = ("海西日报讯\n11月6日,海西州在上海举办推介会,现场签约项目18个。"
            "推介会上,海西州还发布了盐湖锂资源精深加工等三类、共计40个重点招商项目清单。\n")
    assert [f.value for f in facts(ref, text, published="2024-11-12")] == [18]


def test_places_between_two_venues_of_a_list_are_venues_too(ref: Reference) -> None:
    text = "武清报讯\n今年,全区在北京中关村、亦庄和通州新设了三个驻京招商工作站。\n"
    assert [(f.region, f.value) for f in facts(ref, text, published="2024-10-30", title="武清区招商工作综述")] == [
        ("武清区", 3)]


def test_an_agreed_amount_is_signed_whatever_stage_came_before(ref: Reference) -> None:
    text = "宜宾日报讯\n一季度,全市新开工项目45个,总投资203.8亿元。江安县协议投资额58.7亿元,居全市第一。\n"
    found = facts(ref, text, published="2024-04-09")
    assert [(f.region, f.metric, f.value) for f in found][-1] == ("江安县", "signed_investment", 58.7)


def test_a_heading_over_a_round_figure_restates_the_exact_one(ref: Reference) -> None:
    text = ("辽宁日报讯\n辽宁省三大招商活动签约总额超4500亿元\n"
            "1—10月,全省成功签约项目463个,签约总额4562.47亿元。\n")
    found = facts(ref, text, published="2022-10-12")
    assert [(f.metric, f.value) for f in found] == [("signed_projects", 463), ("signed_investment", 4562.47)]


def test_at_the_meeting_is_the_day_of_the_meeting_told_before(ref: Reference) -> None:
    text = ("阜阳日报讯\n2月26日,阜阳市召开全市招商引资大会,明确全年力争新签约亿元以上项目600个以上。"
            "会议通报,2023年,全市新签约亿元以上项目531个。会上,现场集中签约项目16个,总投资118.6亿元。\n")
    found = facts(ref, text, published="2024-02-27")
    assert [(f.period, f.kind, f.value) for f in found] == [
        ("2024", "target", 600), ("2023", "actual", 531), ("2024-02-26", "actual", 16), ("2024-02-26", "actual", 118.6)]


def test_the_parts_of_a_sentence_about_different_places_do_not_share_money_words(ref: Reference) -> None:
    text = ("九江日报讯\n从各地看,瑞昌市新签约亿元以上项目68个,签约总额352.6亿元;湖口县依托钢铁产业基础,全年引进"
            "产业链上下游项目41个;彭泽县签约总额达到218亿元。一季度,全省亿元以上开工项目363个;投资总额1921亿元。\n")
    found = facts(ref, text, published="2024-01-20")
    assert [(f.region, f.metric, f.value, f.scope) for f in found][2:] == [
        ("湖口县", "landed_projects", 41, "产业链上下游"), ("彭泽县", "signed_investment", 218, ""),
        ("江西省", "started_projects", 363, "亿元以上"), ("江西省", "started_investment", 1921, "亿元以上")]


def test_the_year_of_a_target_to_complete_dates_the_target(ref: Reference) -> None:
    text = ("许昌日报讯\n1—11月,全市新签约亿元以上项目286个,完成年度目标的95.3%。"
            "下一步,全市将确保完成全年新签约亿元以上项目300个的目标任务。\n")
    found = facts(ref, text, published="2023-12-10")
    assert [(f.period, f.kind, f.value) for f in found] == [("2023-01/2023-11", "actual", 286), ("2023", "target", 300)]


def test_a_breakdowns_places_go_on_in_the_next_sentence(ref: Reference) -> None:
    text = ("岳阳日报讯\n9月15日,岳阳(深圳)先进制造业招商推介会在深圳举行,现场签约项目23个,总投资186.5亿元。"
            "此次签约项目中,石化新材料项目9个,总投资104.3亿元。临湘市签约项目5个,总投资38亿元。\n"
            "临湘市今年新开工项目12个。\n")
    found = facts(ref, text, published="2023-09-18")
    assert [(f.region, f.period, f.value) for f in found][-3:] == [
        ("临湘市", "2023-09-15", 5), ("临湘市", "2023-09-15", 38), ("临湘市", "2023", 12)]


def test_a_tables_caption_dates_its_rows(ref: Reference) -> None:
    text = ("许昌市商务局\n表1 2024年1—9月全市招商引资主要指标\n新签约亿元以上项目 | 156个 | 同比增长12.2%\n"
            "实际使用外资 | 1.36亿美元 | 同比下降12.5%\n")
    found = facts(ref, text, published="2024-10-21")
    assert [(f.metric, f.period, f.value, f.yoy_pct) for f in found] == [
        ("signed_projects", "2024-01/2024-09", 156, 12.2), ("foreign_investment_utilized", "2024-01/2024-09", 1.36, -12.5)]


def test_a_part_listed_after_other_owns_nothing_after_its_list(ref: Reference) -> None:
    text = ("牡丹江日报讯\n1—7月,全市新签约对俄合作项目12个,其中绥芬河市7个、东宁市3个;实际使用外资4860万美元。"
            "截至7月底,全市已设立驻外招商工作组6个。\n")
    found = facts(ref, text, published="2024-08-12")
    assert [(f.region, f.metric, f.value) for f in found][-2:] == [
        ("牡丹江市", "foreign_investment_utilized", 0.486), ("牡丹江市", "promotion_teams", 6)]


def test_a_respective_list_counts_what_the_clause_before_names(ref: Reference) -> None:
    text = ("宜宾日报讯\n一季度,全市新开工项目45个。分区县看,叙州区、翠屏区新签约项目数位居前二,分别为15个、12个。\n")
    found = facts(ref, text, published="2024-04-09")
    assert [(f.region, f.metric, f.value, f.scope) for f in found][1:] == [
        ("叙州区", "signed_projects", 15, ""), ("翠屏区", "signed_projects", 12, "")]


def test_a_story_of_one_person_or_company_reports_no_tally(ref: Reference) -> None:
    text = ("九江日报讯\n2023年,全市新签约亿元以上项目612个。瑞昌市一位驻点招商人员告诉记者,去年他在深圳驻点了将近十个月,"
            "先后拜访了上百家企业。\n")
    assert [f.value for f in facts(ref, text, published="2024-01-20")] == [612]


def test_totals_over_a_trip_take_the_trip_span(ref: Reference) -> None:
    text = ("十堰日报讯\n10月28日至11月1日,张湾区招商小分队赴长三角招商。10月30日,小分队在台州拜访企业。"
            "五天里,小分队走访企业28家,对接项目14个。\n")
    found = facts(ref, text, published="2024-11-08")
    assert [(f.period, f.value) for f in found] == [("2024-10-28/2024-11-01", 28), ("2024-10-28/2024-11-01", 14)]


def test_a_breakdown_by_size_takes_the_period_of_its_total(ref: Reference) -> None:
    text = ("晋中日报讯\n2023年,全市新签约招商引资项目612个。从更长的时间维度看,2021年以来,全市累计签约项目1693个。\n"
            "从规模看,签约项目中,亿元以上项目408个,占比66.7%。\n")
    found = facts(ref, text, published="2024-01-16")
    assert [(f.period, f.value) for f in found][-1] == ("2023", 408)


def test_this_years_projects_as_of_a_month_end(ref: Reference) -> None:
    text = "延吉日报讯\n截至10月底,全市今年签约项目中已开工建设53个,开工率40.2%;已竣工投产项目19个。\n"
    found = facts(ref, text, published="2024-11-10")
    assert [(f.metric, f.period, f.value, f.scope, f.share_pct) for f in found] == [
        ("started_projects", "2024-01/2024-10", 53, "", 40.2), ("completed_projects", "2024-01/2024-10", 19, "", None)]


def test_figures_listed_by_quarter_are_each_their_quarters(ref: Reference) -> None:
    text = "河南日报讯\n分季度看,一、二、三季度全省分别新签约亿元以上项目931个、1155个、1040个。\n"
    found = facts(ref, text, published="2024-10-29")
    assert [(f.period, f.value) for f in found] == [("2024Q1", 931), ("2024Q2", 1155), ("2024Q3", 1040)]


def test_a_year_in_an_events_name_is_no_time_frame(ref: Reference) -> None:
    text = "延吉日报讯\n10月18日,2024年延吉市重点项目集中签约仪式举行,现场签约项目21个,总投资84.9亿元。\n"
    found = facts(ref, text, published="2024-10-20")
    assert [(f.period, f.value) for f in found] == [("2024-10-18", 21), ("2024-10-18", 84.9)]


def test_a_city_placing_its_district_is_not_the_subject(ref: Reference) -> None:
    text = ("并州观察\n今年一季度,太原市小店区新签约项目47个,签约总额236.8亿元,签约额居全市各县(市、区)前列。"
            "其中,10亿元以上项目6个,签约额142.5亿元,占全区签约总额的60.2%。\n")
    found = facts(ref, text, published="2023-04-20", title="太原小店区一季度招商引资跑出加速度")
    assert {f.region for f in found} == {"小店区"}


def test_a_bracketed_papers_lead_and_this_conference_keep_the_day(ref: Reference) -> None:
    text = ("【香港商报讯】5月28日,2024惠州(香港)投资推介会在香港举行。推介会上,32个项目现场签约。"
            "2023年惠州实现地区生产总值5639.7亿元。从签约项目看,本次推介会签约项目中石化能源新材料项目11个。\n"
            "4月1日上午,惠州市2024年一季度重大项目集中签约仪式举行,21个项目现场签约。\n")
    found = facts(ref, text, published="2024-05-29", title="惠州香港推介会签约项目32个")
    assert [(f.period, f.value) for f in found] == [("2024-05-28", 32), ("2024-05-28", 11), ("2024-04-01", 21)]


def test_a_new_area_with_a_citys_rank_is_what_xinqu_and_quanqu_mean(ref: Reference) -> None:
    text = ("雄安新区讯\n2024年前三季度,新区新签约产业项目108个。前三季度,全区新开工产业项目39个。"
            "雄县、容城县加快承接产业转移。新区将力争全年新签约产业项目150个以上。\n")
    found = facts(ref, text, published="2024-10-20", title="雄安新区前三季度新签约产业项目108个")
    assert [(f.region, f.value) for f in found] == [("雄安新区", 108), ("雄安新区", 39), ("雄安新区", 150)]


def test_each_of_listed_places_and_their_respective_amounts(ref: Reference) -> None:
    text = ("荆门日报讯\n上半年,全市新签约项目58个。分区域看,京山市签约项目12个,总投资86.4亿元;"
            "东宝区、掇刀区各签约6个,总投资分别为32.5亿元、28.1亿元;其余34个项目分布在其他县(市、区),总投资120.3亿元。\n")
    found = [(f.region, f.metric, f.value) for f in facts(ref, text, published="2024-07-10")]
    assert ("东宝区", "signed_projects", 6.0) in found and ("掇刀区", "signed_projects", 6.0) in found
    assert ("东宝区", "signed_investment", 32.5) in found and ("掇刀区", "signed_investment", 28.1) in found
    assert ("东宝区", "signed_investment", 28.1) not in found
    assert ("荆门市", "signed_projects", 34.0) in found and ("荆门市", "signed_investment", 120.3) in found


def test_the_same_day_after_a_dateline_is_the_reporting_day(ref: Reference) -> None:
    text = "荆楚网荆门4月12日讯 当日上午,荆门市2024年一季度重大项目集中签约仪式举行,32个项目集中签约,总投资206亿元。"
    found = facts(ref, text)
    assert [brief(f) for f in found] == [
        ("荆门市", "signed_projects", "2024-04-12", "actual", 32.0),
        ("荆门市", "signed_investment", "2024-04-12", "actual", 206.0),
    ]


def test_at_the_meeting_is_the_day_of_the_meeting_not_of_a_trip_told_since(ref: Reference) -> None:
    text = ("荆门日报讯\n1月16日,全市招商引资工作推进大会召开。去年,全市新签约亿元以上项目420个。"
            "去年8月,荆门(深圳)投资说明会在深圳举行;10月9日至13日,市长刘建华率团赴日本、韩国开展招商活动。"
            "会上,12个重大项目集中签约,总投资186亿元。\n")
    signed = [brief(f) for f in facts(ref, text, published="2024-01-17") if f.value in (12.0, 186.0)]
    assert [period for _r, _m, period, _k, _v in signed] == ["2024-01-16", "2024-01-16"]


def test_one_companys_investment_is_its_project_not_a_figure_of_the_region(ref: Reference) -> None:
    text = ("荆门日报讯\n6月18日,荆门(杭州)招商推介会现场签约项目15个,总投资96亿元,其中合同外资1.5亿美元。"
            "其中:\n——浙江恒川新材料有限公司投资28亿元建设高性能薄膜生产基地,落户掇刀区;\n"
            "——德国瓦尔特机械集团将投资6000万美元建设精密轴承产业园,落户京山市。\n")
    found = [(f.metric, f.value) for f in facts(ref, text, published="2024-06-20")]
    assert found == [("signed_projects", 15.0), ("signed_investment", 96.0), ("foreign_investment_contracted", 1.5)]


def test_that_city_is_the_city_its_own_sentence_names(ref: Reference) -> None:
    text = ("荆楚日报讯\n前三季度,荆门市新签约项目186个。宜昌市新签约项目240个,襄阳市新签约项目302个。"
            "荆门市商务局负责人介绍,该市今年已赴长三角、珠三角开展招商活动21次。\n")
    found = [(f.region, f.metric, f.value) for f in facts(ref, text, published="2024-10-20")]
    assert ("荆门市", "promotion_trips", 21.0) in found


def test_a_plans_own_horizon_dates_its_target(ref: Reference) -> None:
    text = ("京山日报讯\n一季度,全市新签约项目23个。二季度,全市力争新签约亿元以上项目15个以上,"
            "确保上半年实际到位资金突破40亿元。\n")
    targets = [(f.metric, f.period, f.value) for f in facts(ref, text, published="2024-04-14") if f.kind == "target"]
    assert targets == [("signed_projects", "2024Q2", 15.0), ("actual_investment", "2024H1", 40.0)]


def test_two_targets_listed_with_a_pause_mark_are_two_facts(ref: Reference) -> None:
    text = ("荆门日报讯\n上半年,全市新签约项目100个。确保全年新签约亿元以上项目360个以上、"
            "省外亿元以上项目实际到位资金950亿元以上。\n")
    targets = [(f.metric, f.value) for f in facts(ref, text, published="2024-08-12") if f.kind == "target"]
    assert targets == [("signed_projects", 360.0), ("actual_investment", 950.0)]


@pytest.mark.parametrize("group", ["东宝区、掇刀区均超过40个", "东宝区、掇刀区新签约项目都超过了40个",
                                   "东宝区、掇刀区新签约项目均为40个以上"])
def test_a_figure_said_of_a_group_of_places_is_each_ones(ref: Reference, group: str) -> None:
    text = f"荆门日报讯\n上半年,全市新签约项目186个。京山市新签约项目52个,居全市首位;{group}。\n"
    found = [(f.region, f.metric, f.value, f.approx, f.scope) for f in facts(ref, text, published="2024-07-10")]
    assert ("东宝区", "signed_projects", 40.0, "over", "") in found
    assert ("掇刀区", "signed_projects", 40.0, "over", "") in found


def test_a_name_shared_by_places_in_context_is_the_homes(ref: Reference) -> None:
    text = ("鞍山日报讯\n1—8月,全市实际到位内资286.4亿元。分地区看,海城市实际到位内资68.2亿元,居各县(市)区首位;"
            "铁西区、千山区分别完成41.5亿元和35.9亿元。不过,与大连、沈阳等城市相比,我市在利用外资方面仍有差距。\n")
    found = [(f.region, f.parent_region, f.value) for f in facts(ref, text, published="2022-09-14")]
    assert ("铁西区", "鞍山市", 41.5) in found


def test_this_years_plan_to_hold_signing_events_is_this_years_not_a_name(ref: Reference) -> None:
    text = ("荆楚网荆门3月28日讯 当日上午,荆门市2024年一季度重大项目集中签约仪式举行,36个项目集中签约。"
            "据悉,今年我市计划举办重大项目集中签约活动4次。")
    targets = [brief(f) for f in facts(ref, text) if f.kind == "target"]
    assert targets == [("荆门市", "promotion_events", "2024", "target", 4.0)]


def test_a_parts_stated_share_finds_the_whole_it_divides(ref: Reference) -> None:
    text = ("荆门日报讯\n2023年,全市新签约项目386个,合同引资1025.6亿元。"
            "去年9月16日至18日,市委书记率团赴深圳招商,签约项目12个,合同引资86.5亿元。"
            "从各县市区看,京山市合同引资168.3亿元,占全市的16.4%;东宝区、掇刀区分别新签约项目41个、38个。\n")
    parts = {f.region: f.period for f in facts(ref, text, published="2024-02-03") if f.region != "荆门市"}
    assert parts == {"京山市": "2023", "东宝区": "2023", "掇刀区": "2023"}


def test_a_group_amount_and_a_groups_bound(ref: Reference) -> None:
    text = ("荆门日报讯\n2023年,全市新签约项目312个。分县市区看,京山市签约项目58个;"
            "东宝区、掇刀区协议投资均超过100亿元;沙洋县、钟祥市新签约项目均不足10个。\n")
    found = [(f.region, f.metric, f.value) for f in facts(ref, text, published="2024-01-20")]
    assert ("东宝区", "signed_investment", 100.0) in found and ("掇刀区", "signed_investment", 100.0) in found
    assert not [f for f in found if f[0] in ("沙洋县", "钟祥市")]  # 均不足10个: a bound, no figure


@pytest.mark.parametrize("slogan", ["一个产业一个专班,一条链一张图", "签约一个、落地一个、投产一个"])
def test_a_slogan_of_ones_is_no_tally(ref: Reference, slogan: str) -> None:
    text = f"荆门日报讯\n上半年,全市新签约项目126个。“我们坚持{slogan}。”\n"
    assert [f.value for f in facts(ref, text, published="2024-07-03")] == [126.0]


def test_a_plan_after_a_trip_is_this_years_and_another_parts_plan_word_governs_nothing(ref: Reference) -> None:
    text = ("荆门日报讯\n2023年9月12日至15日,市委书记率团赴深圳招商,签约项目12个。"
            "市长要求,2024年,全市新签约亿元以上项目不少于200个。市本级将组建8支产业链招商专班。"
            "5月9日,荆门(上海)推介会现场签约项目12个。其中,总投资50亿元的隔膜项目将落户掇刀区;"
            "京山市签约项目4个、总投资48亿元。\n")
    found = {(f.region, f.metric, f.value): (f.period, f.kind) for f in facts(ref, text, published="2024-05-10")}
    assert found[("荆门市", "promotion_teams", 8.0)] == ("2024", "target")
    assert found[("京山市", "signed_projects", 4.0)] == ("2024-05-09", "actual")


def test_a_kinds_stated_share_finds_the_total_it_divides_across_an_older_total(ref: Reference) -> None:
    text = ("荆门日报讯\n上半年,全市新签约招商引资项目168个,签约总额826.4亿元。"
            "这份成绩单,是在去年高基数基础上取得的。2024年,全市新签约招商引资项目312个。"
            "签约项目中,亿元以上项目124个,占签约项目总数的73.8%;10亿元以上项目23个。\n")
    parts = {f.value: f.period for f in facts(ref, text, published="2025-07-24") if f.scope}
    assert parts == {124.0: "2025H1", 23.0: "2025H1"}


def test_parts_told_without_the_qualifier_of_the_first_divide_the_same_whole(ref: Reference) -> None:
    text = ("荆门日报讯\n3月28日,我市在北京举办产业合作对接会,现场签约项目14个。"
            "1至5月,全市新签约亿元以上项目94个。分县区看,京山市新签约亿元以上项目22个,居全市第一;"
            "东宝区、掇刀区分别签约20个、15个。\n")
    parts = {f.region: f.period for f in facts(ref, text, published="2024-06-19") if f.region != "荆门市"}
    assert parts == {"京山市": "2024-01/2024-05", "东宝区": "2024-01/2024-05", "掇刀区": "2024-01/2024-05"}


def test_standing_teams_told_without_a_time_of_their_own_are_the_years(ref: Reference) -> None:
    text = ("荆门日报讯\n1至10月,全市新签约项目218个。"
            "我市已在深圳、上海、北京设立3个驻外招商办事处,组建8个产业链招商专班。\n")
    teams = {f.value: f.period for f in facts(ref, text, published="2024-11-26") if f.metric == "promotion_teams"}
    assert teams == {3.0: "2024", 8.0: "2024"}


def test_the_period_a_share_points_at_dates_the_breakdowns_after_it(ref: Reference) -> None:
    text = ("荆门日报讯\n上半年,全市新签约招商引资项目168个,签约总额826.4亿元。"
            "这份成绩单,是在去年高基数基础上取得的。2024年,全市新签约招商引资项目312个,签约总额1532.6亿元。"
            "签约项目中,亿元以上项目124个,占签约项目总数的73.8%。"
            "分县区看,东宝区签约项目35个、签约额196.2亿元;掇刀区签约项目29个、签约额148.7亿元。\n")
    parts = {(f.region, f.value): f.period for f in facts(ref, text, published="2025-07-24") if f.region != "荆门市"}
    assert set(parts.values()) == {"2025H1"} and len(parts) == 4


def test_a_breakdown_head_naming_what_it_breaks_down(ref: Reference) -> None:
    text = ("荆门日报讯\n1至5月,全市实际到位资金386.2亿元。全市力争上半年到位资金突破450亿元。"
            "从各县(市、区)到位资金情况看,京山市到位资金61.8亿元,钟祥市52.3亿元。\n")
    parts = {f.region: f.period for f in facts(ref, text, published="2024-06-15") if f.region != "荆门市"}
    assert parts == {"京山市": "2024-01/2024-05", "钟祥市": "2024-01/2024-05"}


def test_a_summary_box_restating_the_lead_without_a_time_adds_nothing(ref: Reference) -> None:
    text = ("荆门日报讯\n2023年,全市新签约项目412个,总投资1286.5亿元。"
            "今年,全市将继续深化产业链招商。\n■新签约项目412个,总投资1286.5亿元\n")
    found = [brief(f) for f in facts(ref, text, published="2024-02-06")]
    assert found == [("荆门市", "signed_projects", "2023", "actual", 412.0),
                     ("荆门市", "signed_investment", "2023", "actual", 1286.5)]
