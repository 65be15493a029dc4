"""Regions: the gazetteer built from seeds/, short names, zones, context for ambiguous and short
county names, references (我市, 全区, 市开发区) and the article's home region."""

from pathlib import Path

import pytest

from tasks.errors import ConfigError
from tasks.regions import (
    Gazetteer,
    build_gazetteer,
    detect_home_region,
    find_region_mentions,
    is_destination,
    load_gazetteer,
    resolve_name,
    short_name,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(SEEDS)


def key_of(gaz: Gazetteer, name: str, parent: str | None = None) -> str:
    matches = [r for r in gaz.named(name) if parent is None or gaz.parent(r).name == parent]  # type: ignore[union-attr]
    assert len(matches) == 1, (name, matches)
    return matches[0].key


@pytest.mark.parametrize(
    ("name", "short"),
    [("镇江市", "镇江"), ("赣榆区", "赣榆"), ("江苏省", "江苏"), ("江华瑶族自治县", "江华"),
     ("广西壮族自治区", "广西"), ("香港特别行政区", "香港"), ("沛县", None), ("城区", None)],
)
def test_short_name(name: str, short: str | None) -> None:
    assert short_name(name, ("瑶族", "壮族")) == short


def test_gazetteer_has_every_level_with_parents(gaz: Gazetteer) -> None:
    jiangsu = gaz.named("江苏省")[0]
    zhenjiang = gaz.named("镇江市")[0]
    assert (jiangsu.level, zhenjiang.level, gaz.parent(zhenjiang)) == ("province", "city", jiangsu)
    tianmen = gaz.named("天门市")[0]  # a county-level city administered by the province
    assert gaz.parent(tianmen).name == "湖北省"  # type: ignore[union-attr]
    haidian = gaz.named("海淀区")[0]  # municipalities have no city level
    assert gaz.parent(haidian).name == "北京市"  # type: ignore[union-attr]
    assert len(gaz.named("鼓楼区")) >= 3


@pytest.mark.parametrize(
    ("written", "name", "parent"),
    [
        ("镇江", "镇江市", "江苏省"),
        ("镇江经开区", "镇江经济技术开发区", "镇江市"),
        ("无锡高新区", "无锡国家高新技术产业开发区", "无锡市"),
        ("科左中旗", "科尔沁左翼中旗", "通辽市"),  # a banner's usual short form
        ("苏州工业园区", "苏州工业园区", "苏州市"),
        ("重庆高新区", "重庆高新技术产业开发区", "重庆市"),
        ("江苏", "江苏省", None),
        ("恩施州", "恩施土家族苗族自治州", "湖北省"),  # an autonomous prefecture: short name + 州
        ("延边州", "延边朝鲜族自治州", "吉林省"),
        ("兰州新区", "兰州新区", "兰州市"),  # a new area named after its city
        ("浦东新区", "浦东新区", "上海市"),  # a district whose name ends in 新区 stays the district
    ],
)
def test_resolve_name(gaz: Gazetteer, written: str, name: str, parent: str | None) -> None:
    region = resolve_name(written, gaz)
    assert region is not None and region.name == name
    assert (gaz.parent(region).name if gaz.parent(region) else None) == parent  # type: ignore[union-attr]


def test_short_county_names_need_their_city_in_context(gaz: Gazetteer) -> None:
    sentence = "从签约项目数量来看,来安9个,凤阳11个,天长7个"
    assert [m.text for m in find_region_mentions(sentence, gaz)] == []
    chuzhou = frozenset({key_of(gaz, "滁州市")})
    found = find_region_mentions(sentence, gaz, chuzhou)
    assert [m.region.name for m in found] == ["来安县", "凤阳县", "天长市"]  # type: ignore[union-attr]


def test_a_zone_suffix_makes_a_short_name_count(gaz: Gazetteer) -> None:
    (m,) = find_region_mentions("今年以来,固始经济开发区在开展招商攻坚活动中", gaz)
    assert m.kind == "zone" and m.region.name == "固始经济开发区"  # type: ignore[union-attr]
    assert gaz.get(m.region.parent).name == "固始县"  # type: ignore[union-attr]


def test_ambiguous_names_follow_context(gaz: Gazetteer) -> None:
    text = "在不久前的昆山投资说明会上,海州区(高新区)共集中签约项目38个"
    lianyungang = frozenset({key_of(gaz, "连云港市")})
    haizhou = [m for m in find_region_mentions(text, gaz, lianyungang) if m.text == "海州区"][0]
    assert gaz.parent(haizhou.region).name == "连云港市"  # type: ignore[arg-type,union-attr]


def test_references_and_zone_references(gaz: Gazetteer) -> None:
    found = find_region_mentions("截至目前,全区已签约5亿元以上项目9个;各园区中,仅市开发区4个", gaz)
    assert [(m.kind, m.level) for m in found] == [("reference", "district"), ("zone_reference", "city")]
    assert find_region_mentions("城市开发区", gaz) == []  # 城市 is a word, not a reference to a city


@pytest.mark.parametrize("text", ["平台中", "中山大学", "高密度的行程安排", "东方纺织"])
def test_ordinary_words_are_not_places(gaz: Gazetteer, text: str) -> None:
    assert [m for m in find_region_mentions(text, gaz) if m.kind == "name"] == []


@pytest.mark.parametrize(("text", "start", "away"), [("我市再赴深圳开展", 4, True), ("在苏州举办", 1, True),
                                                      ("来自上海及周边", 2, True), ("淮安新签约", 0, False)])
def test_is_destination(text: str, start: int, away: bool) -> None:
    assert is_destination(text, start) is away


def test_home_region_from_references_and_source_line(gaz: Gazetteer) -> None:
    text = "上半年全市项目招引攻坚成效显著。镇江经开区招商团队赴深圳开展招商。"
    assert detect_home_region(text, "“镇”有引力背后的招商好办法", gaz, source_lines="来源:镇江日报").name == "镇江市"  # type: ignore[union-attr]
    county = "1-10月,全县实际内联引资35.6亿元。"
    assert detect_home_region(county, None, gaz, source_lines="来源:江华新闻网").name == "江华瑶族自治县"  # type: ignore[union-attr]
    assert detect_home_region("淮安新签约亿元以上项目265个。", None, gaz) is None  # no 我市/全市: no home


def test_a_round_up_of_several_cities_has_no_home(gaz: Gazetteer) -> None:
    text = ("南京赴香港招商,全市签约。常州赴深圳招商,全市签约。苏州赴日本招商,全市签约。"
            "无锡赴德国招商,全市签约。连云港赴哈萨克斯坦招商,全市签约。")
    assert detect_home_region(text, None, gaz) is None


def test_bad_seed_rows_are_config_errors() -> None:
    rows = [{"code": "320000", "name": "江苏省", "level": "province", "parent": ""},
            {"code": "320100", "name": "南京市", "level": "city", "parent": "999999"}]
    with pytest.raises(ConfigError):
        build_gazetteer(rows, [], [], [], [])
    with pytest.raises(ConfigError):
        build_gazetteer(rows[:1], [{"alias": "宁", "name": "南京市", "parent": "不存在市"}], [], [], [])


@pytest.mark.parametrize(
    ("name", "known", "level"),
    [("镇江市", True, "city"), ("江苏省", True, "province"), ("苏州工业园区", True, "county"),
     ("镇江经济技术开发区", True, "zone"), ("东莞松山湖高新技术产业开发区", True, "zone"),
     ("无锡国家高新技术产业开发区", True, "zone"), ("火星市", False, None), ("火星经济开发区", False, None)],
)
def test_names_extraction_produces_are_known(gaz: Gazetteer, name: str, known: bool, level: str | None) -> None:
    assert (gaz.is_known(name), gaz.level_of(name)) == (known, level)


@pytest.mark.parametrize(("text", "name", "level"), [
    ("分地区看,稀土高新区新签约项目46个", "稀土高新技术产业开发区", "zone"),  # a zone with a name of its own
    ("分乡镇看,双墩镇新签约项目6个", "双墩镇", "town"),
    ("下塘镇新签约项目3个", "下塘镇", "town"),
])
def test_a_zone_or_town_named_without_its_place_heading_a_clause(gaz: Gazetteer, text: str, name: str,
                                                                 level: str) -> None:
    found = [m for m in find_region_mentions(text, gaz) if m.kind == "zone"]
    assert [(m.region.name, m.region.level) for m in found] == [(name, level)]  # type: ignore[union-attr]
    assert gaz.is_known(name, parent="包头市") and not gaz.is_known(name)  # known through its region


@pytest.mark.parametrize("text", ["今年开发区引进外资2亿美元", "全省省级开发区新签约项目", "重点镇建设", "各乡镇招商"])
def test_function_words_before_a_suffix_name_no_zone_or_town(gaz: Gazetteer, text: str) -> None:
    assert [m for m in find_region_mentions(text, gaz) if m.kind == "zone"] == []


def test_a_place_only_travelled_to_is_not_home(gaz: Gazetteer) -> None:
    text = "1—6月,全市新签约项目168个。5月18日,我市在深圳举办招商推介会,现场签约项目23个。"
    assert detect_home_region(text, "2024年上半年全市招商引资工作情况", gaz) is None
    assert detect_home_region("湛江日报讯 " + text, None, gaz).name == "湛江市"  # type: ignore[union-attr]


def test_a_paper_whose_name_is_no_place_of_the_story(gaz: Gazetteer) -> None:
    # 三峡日报 is 宜昌's paper; 三峡区 is elsewhere, and the title is about 宜昌高新区
    text = "来源:三峡日报 2024年9月10日\n1—8月,全区新签约招商项目56个。"
    home = detect_home_region(text, "宜昌高新区1—8月新签约项目56个", gaz)
    assert home is not None and home.name == "宜昌高新技术产业开发区"


def test_regions_related_to_an_articles_home(gaz: Gazetteer) -> None:
    home = gaz.regions[key_of(gaz, "宣威市")]
    prefecture, sibling = gaz.regions[key_of(gaz, "曲靖市")], gaz.regions[key_of(gaz, "麒麟区", "曲靖市")]
    town = next(m.region for m in find_region_mentions("下塘镇新签约项目3个", gaz) if m.kind == "zone")
    assert gaz.related(prefecture, home) and gaz.related(home, prefecture)  # up and down the lineage
    assert not gaz.related(sibling, home)  # a neighbour is not the home's
    assert gaz.related(town, home) and gaz.related(sibling, None)  # a bare town is the home's; no home, any


def test_league_and_banner_references(gaz: Gazetteer) -> None:
    text = "2024年,全盟实际使用外资2860万美元,引进盟外到位资金186亿元;阿拉善左旗全旗签约项目21个。"
    refs = [(m.text, m.level) for m in find_region_mentions(text, gaz) if m.kind == "reference"]
    assert refs == [("全盟", "league"), ("全旗", "banner")]  # 盟外 is money from outside, no reference
    assert detect_home_region(text, "阿拉善盟招商引资工作综述", gaz).name == "阿拉善盟"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["其中区外到位资金131.7亿元", "产业集中区建设"])
def test_a_district_name_that_is_part_of_a_common_word_is_no_mention(gaz: Gazetteer, text: str) -> None:
    assert [m.text for m in find_region_mentions(text, gaz) if m.kind == "name"] == []  # 中区 of 台中市


def test_an_industrial_park_named_without_its_place(gaz: Gazetteer) -> None:
    found = [m for m in find_region_mentions("武清开发区新签约项目58个;京滨工业园新签约项目32个", gaz) if m.kind == "zone"]
    assert [m.region.name for m in found][-1] == "京滨工业园"  # type: ignore[union-attr]


def test_a_zone_calls_itself_the_park(gaz: Gazetteer) -> None:
    text = "今年上半年,园区新签约重大项目86个;全市各类产业园区、在园区内的企业。园区新设外资企业178家。"
    parks = [m.span[0] for m in find_region_mentions(text, gaz) if m.level == "park"]
    assert parks == [6, text.rindex("园区新设")]  # not 产业园区, nor 园区内
    home = detect_home_region(text, "苏州工业园区上半年招引重大项目86个", gaz)
    assert home is not None and home.name == "苏州工业园区"


def test_a_zones_report_of_itself_names_its_home(gaz: Gazetteer) -> None:
    text = "1—10月,新区新签约重大项目127个。今年,新区还在深圳新设了3个驻外招商联络处。"
    home = detect_home_region(text, "重庆两江新区:开放招商按下快进键", gaz)
    assert home is not None and home.name == "两江新区"
    assert detect_home_region(text, "宝鸡市招商引资综述", gaz) is None  # only when the title names a zone
