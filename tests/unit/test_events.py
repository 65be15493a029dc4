"""Events: which sentences report a delegation visit, a signing or a promotion conference, and
with which region, leader, date, places, parties and amount; which sentences report none (plans,
habits, tallies, captions); and that one event told twice is kept once. Sentences come from the
seed articles (seeds/articles) or are written for the test."""

from pathlib import Path

import pytest

from tasks.errors import ConfigError
from tasks.events import EventContext, build_event_lexicon, event_context, extract_events, load_event_lexicon
from tasks.extract import extract_article
from tasks.models import Event, NormalizedArticle, QualityFlags, RawArticle
from tasks.normalize import normalize_article, split_sentences
from tasks.numbers import find_quantities, quantities_within, scan_quantities
from tasks.periods import YearContext, find_periods, periods_within, scan_periods
from tasks.reference import Reference, load_reference
from tasks.regions import places_within, resolve_name, scan_places

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(SEEDS)


def article(text: str, published: str | None = None, title: str | None = None) -> NormalizedArticle:
    raw = RawArticle(source_name="test", uri="test.txt", raw=text.encode(), fetched_at="")
    return NormalizedArticle(
        raw=raw,
        raw_text=text,
        text=text,
        offsets=tuple(range(len(text) + 1)),
        title=title,
        published=published,
        flags=QualityFlags(),
    )


def events(
    ref: Reference, text: str, published: str | None = None, home: str | None = None, title: str | None = None
) -> list[Event]:
    art = article(text, published, title)
    region = resolve_name(home, ref.gazetteer) if home else None
    return list(extract_events(art, ref, event_context(art, ref, region)))


def brief(e: Event) -> tuple:  # type: ignore[type-arg]
    return (e.type, e.region, e.start)


def seed_article(ref: Reference, name: str) -> NormalizedArticle:
    path = next((SEEDS / "articles").glob(f"{name}_*.txt"))
    return normalize_article(RawArticle("seeds", str(path), path.read_bytes(), ""), ref.text_rules)


# A year for the undated 2023 round-up (000) and 淮安 (004) sentences: 2023 is what their texts fix.
YEAR_2023 = "2023年是连云港的“招商引资突破年”。\n"


def test_delegation_led_by_a_party_secretary(ref: Reference) -> None:
    found = events(
        ref, YEAR_2023 + "2月7日,由常州市委书记陈金虎率领的常州经贸代表团,赴深圳开展经贸洽谈活动。"
    )
    assert len(found) == 1
    e = found[0]
    assert brief(e) == ("outbound_visit", "常州市", "2023-02-07")
    assert (e.leader, e.leader_title, e.destinations, e.end) == ("陈金虎", "市委书记", ("深圳",), None)
    assert e.evidence == "2月7日,由常州市委书记陈金虎率领的常州经贸代表团,赴深圳开展经贸洽谈活动。"
    assert e.evidence[e.span[0] - len(YEAR_2023) :].startswith("赴")


def test_span_of_days_and_companies_visited(ref: Reference) -> None:
    text = YEAR_2023 + (
        "2月7日至8日,徐州市委书记宋乐伟率队赴北京,先后拜访了国家能源投资集团有限责任公司、"
        "矿冶科技集团有限公司、中国能建建设集团有限公司等多家央企。"
    )
    (e,) = events(ref, text)
    assert brief(e) == ("outbound_visit", "徐州市", "2023-02-07")
    assert e.end == "2023-02-08"
    assert (e.leader, e.leader_title) == ("宋乐伟", "市委书记")
    assert e.counterparties == (
        "国家能源投资集团有限责任公司",
        "矿冶科技集团有限公司",
        "中国能建建设集团有限公司",
    )


def test_a_lead_that_sums_up_the_body_is_not_reported_twice(ref: Reference) -> None:
    text = (
        YEAR_2023 + "可以说,江苏各地的招商分队已经遍布世界多地,南京赴中国香港,苏州赴日本、新加坡,"
        "无锡赴德国、比利时,常州赴欧洲,连云港赴哈萨克斯坦……\n"
        "2月7日起,南京市委市政府赴香港展开经贸合作交流。\n"
        "省委常委、市委书记韩立明在活动中上视频致辞,市长陈之常带队。\n"
        "1月9日上午,由连云港市商务局组织的赴哈萨克斯坦招商团组正式启程,先后前往哈萨克斯坦首都阿斯塔纳、"
        "阿拉木图等城市开展招商活动。"
    )
    found = events(ref, text)
    nanjing = [e for e in found if e.region == "南京市"]
    assert [brief(e) for e in nanjing] == [("outbound_visit", "南京市", "2023-02-07")]
    assert (nanjing[0].leader, nanjing[0].leader_title) == ("陈之常", "市长")  # from the sentence after
    assert [brief(e) for e in found if e.region == "连云港市"] == [
        ("outbound_visit", "连云港市", "2023-01-09")
    ]
    # The lead's other trips have no body here: they stay, undated.
    assert {e.region for e in found if e.start is None} == {"苏州市", "无锡市", "常州市"}


def test_a_list_of_regions_gives_one_event_each(ref: Reference) -> None:
    text = (
        YEAR_2023 + "1月30日凌晨0点,无锡高新区赴欧招商团出发,他们此行瞄准欧洲高水平科研院所,"
        "在比利时、德国等多国展开合作对接。\n"
        "梁溪区、惠山区区领导带队赴北京,梁溪聚焦都市工业、未来产业、教育文创、金融服务等版块,成功签约3个重大项目;"
        "惠山深入对接科创资源和产业项目,考察拜访生物医药、新能源等重点企业,推进项目签约落地。"
    )
    found = [brief(e) for e in events(ref, text)]
    assert found == [
        ("outbound_visit", "无锡国家高新技术产业开发区", "2023-01-30"),
        ("outbound_visit", "梁溪区", None),
        ("outbound_visit", "惠山区", None),
        ("signing", "梁溪区", None),  # 推进项目签约落地 is a plan, not a signing
    ]


def test_named_projects_signed_abroad_carry_their_amounts(ref: Reference) -> None:
    text = (
        YEAR_2023 + "1月30日凌晨0点,无锡高新区赴欧招商团出发,他们此行瞄准欧洲高水平科研院所,"
        "在比利时、德国等多国展开合作对接。\n"
        "短短几天,招商团捷报频传:揭牌成立无锡国家软件园(比利时)创新中心;"
        "实现与欧洲最大医学中心实验室Cerba研究院签约,项目总投资1亿美元,将建全球顶尖的医学中心实验室;"
        "与比利时马科托成功签约,今年将增资5000万美元。"
    )
    signings = [e for e in events(ref, text) if e.type == "signing"]
    assert [(e.region, e.start, e.amount, e.currency) for e in signings] == [
        ("无锡国家高新技术产业开发区", None, 1.0, "USD"),
        ("无锡国家高新技术产业开发区", None, 0.5, "USD"),
    ]
    assert signings[1].counterparties == ("比利时马科托",)


def test_the_day_last_named_dates_a_signing_on_the_scene(ref: Reference) -> None:
    text = (
        "5月11日至14日,我市再赴深圳开展粤港澳大湾区精准招商周活动,点对点精准拜访企业,洽谈对接项目。"
        "11日下午5点,刚刚抵达深圳,参加粤港澳大湾区精准招商周活动的徐州代表团一行,就马不停蹄拜访此行第一家客商——招商局集团。"
        "当天,双方就淮海经济区金融服务中心及后续的产城融合项目合作机会进行交流。"
        "现场,云龙区人民政府、淮海经济区金融服务中心与招商银行、招商创投、招商租赁、仁和人寿、招商启航"
        "五家集团金融机构分别签署合作意向书。"
    )
    found = events(ref, text, published="2020-05-20", home="徐州市")
    assert [brief(e) for e in found] == [
        ("outbound_visit", "徐州市", "2020-05-11"),  # arriving on the 11th is the same trip
        ("signing", "云龙区", "2020-05-11"),
    ]
    trip, signing = found
    assert trip.end == "2020-05-14" and trip.destinations == ("深圳",)
    assert "招商局集团" in trip.counterparties
    assert signing.counterparties == ("招商银行", "招商创投", "招商租赁", "仁和人寿", "招商启航")


def test_a_leader_named_by_pronoun_and_a_conference_with_its_signing(ref: Reference) -> None:
    text = (
        "3月16日,市委书记史志军带队赴深圳、嘉兴拜访在淮投资企业总部。\n"
        "一周后的3月24日,他来到2023淮安(杭州)投资环境说明会现场推介,“斩获”47个签约项目、总投资达521.87亿元。\n"
        "4月刚至,他又率团远赴日韩,火热拉开今年全市“3+7+5”系列招商活动境外招商的帷幕。"
    )
    found = events(ref, YEAR_2023 + text, home="淮安市")
    assert [brief(e) for e in found] == [
        ("outbound_visit", "淮安市", "2023-03-16"),
        ("promotion_conference", "淮安市", "2023-03-24"),
        ("signing", "淮安市", "2023-03-24"),
        ("outbound_visit", "淮安市", "2023-04"),  # a month only: YYYY-MM, as the contract allows
    ]
    assert all(e.leader == "史志军" and e.leader_title == "市委书记" for e in found)
    assert found[1].destinations == ("杭州",)
    assert (found[2].amount, found[2].currency) == (521.87, "CNY")
    assert found[3].destinations == ("日韩",)


def test_one_sentence_with_three_regions_news(ref: Reference) -> None:
    text = (
        YEAR_2023
        + "2月下旬,洪泽区在苏州举办招商推介会,与淮安中关村信息谷创新中心、利亚德光电等12家意向企业签约;"
        "3月25日,2023涟水(苏州)招商推介会成功举办,70余名企业家共同书写“春天的故事”;"
        "春节后一个多月的时间中,金湖县先后前往上海、北京、杭州等10余个城市招商考察,并多次组织投资环境说明会、恳谈会……"
    )
    found = events(ref, text, home="淮安市")
    assert [brief(e) for e in found] == [
        ("promotion_conference", "洪泽区", "2023-02"),
        ("signing", "洪泽区", "2023-02"),
        ("promotion_conference", "涟水县", "2023-03-25"),
        ("outbound_visit", "金湖县", None),  # 多次组织…说明会 is a habit, not one conference
    ]
    assert found[1].counterparties == ("淮安中关村信息谷创新中心", "利亚德光电")
    assert found[1].destinations == ("苏州",)
    assert found[3].destinations == ("上海", "北京", "杭州")


def test_a_trip_to_hold_a_signing_is_the_signing(ref: Reference) -> None:
    text = (
        "今年3月,我市再次赴上海举行产业项目集中签约活动,20个来自上海及周边地区的项目现场集中签约,"
        "涉及航空航天、汽车零部件等领域,累计总投资165.2亿元。"
    )
    (e,) = events(ref, text, published="2025-08-11", home="镇江市")
    assert brief(e) == ("signing", "镇江市", "2025-03")
    assert (e.amount, e.currency) == (165.2, "CNY")


def test_the_region_holding_a_conference_can_follow_it(ref: Reference) -> None:
    text = (
        "在不久前的昆山投资说明会上,海州区(高新区)共集中签约项目38个,总投资141.7亿元,"
        "项目涵盖高端装备制造、新材料、新医药、现代服务业等多个领域。"
    )
    found = events(ref, text, published="2023-03-21", home="连云港市")
    assert [brief(e) for e in found] == [
        ("promotion_conference", "海州区", None),
        ("signing", "海州区", None),
    ]
    assert (found[1].amount, found[1].currency) == (141.7, "CNY")


def test_a_named_project_and_a_conference_but_not_stages_added_together(ref: Reference) -> None:
    text = (
        "毫无疑问,招商热潮产生的实绩实效也随之而来:成功举办PCB采购与供应链淮安峰会,实现签约、在建PCB项目达26个,"
        "产业集聚效应日益凸显;大力实施“以情招商”,比亚迪再次扩大了在淮投资,成功签约总投资50亿元的比亚迪新能源乘用车项目。"
    )
    found = events(ref, YEAR_2023 + text, home="淮安市")
    assert [brief(e) for e in found] == [
        ("promotion_conference", "淮安市", None),
        ("signing", "淮安市", None),
    ]
    assert (found[1].amount, found[1].currency) == (50.0, "CNY")


@pytest.mark.parametrize(
    "text",
    [
        # Period tallies are facts, not events.
        "上半年全市项目招引攻坚成效显著:新签约亿元以上项目达267个,总投资额1158.8亿元。",
        "去年,县委主要领导带队赴省外招商12批,接待来访客商60余批次。",
        "今年以来,全市共举办招商推介会20场,签约项目56个。",
        # Plans and habits.
        "下一步,我市将继续赴长三角、珠三角举办招商推介会,力争引进更多优质项目。",
        "我市将深圳作为桥头堡,每年常态化赴深举办市级招商活动。",
        "近期,市领导还将率队赴粤港澳大湾区深入推进对接项目。",
        # Not a promotion trip: no place is travelled to, or the visitors come to the region.
        "近日,深圳客商一行赴我市考察,市领导陪同。",
        "3月5日,县长王五赴企业一线调研,详细了解企业生产经营情况。",
        # A photo caption (no clause punctuation) and a bare back-reference.
        "鲲鹏资本、耀石锂电科技有限公司与常州市在深圳签约",
        "此次签约为淮海经济区金融服务中心成功引入金融机构、融资租赁、产业基金、创新孵化等多种业态。",
    ],
)
def test_sentences_that_report_no_event(ref: Reference, text: str) -> None:
    assert events(ref, text, published="2023-03-21", home="镇江市") == []


def test_a_back_reference_to_a_ceremony_is_the_same_signing(ref: Reference) -> None:
    # Written for the test: a fair with two names joined by 暨, then two sentences at its ceremony.
    text = (
        "本报讯 6月12日上午,第五届华东经贸合作洽谈会暨2022年合肥国际投资贸易洽谈会隆重开幕。\n"
        "洽谈会上共有36个项目成功签约。\n"
        "签约仪式上,共签订外资项目5项,总投资3.2亿美元。"
    )
    found = events(ref, text)
    assert [brief(e) for e in found] == [
        ("promotion_conference", "合肥市", "2022-06-12"),  # one conference under both its names
        ("signing", "合肥市", "2022-06-12"),
    ]


def test_every_event_of_the_seeds_has_its_sentence_and_a_unique_load_key(ref: Reference) -> None:
    for name in ("000", "001", "002", "003", "004"):
        art = seed_article(ref, name)
        result = extract_article(art, ref)  # events are wired into the contract object
        assert result.events, name
        sentences = {art.text[a:b] for a, b in split_sentences(art.text)}
        keys = set()
        for e in result.events:
            assert e.evidence in sentences
            assert art.text[e.span[0] : e.span[1]] in e.evidence
            keys.add((e.type, e.span[0], e.region))
        assert len(keys) == len(result.events), name


def test_the_fact_readers_scans_cut_into_sentences_read_as_the_sentences_alone(ref: Reference) -> None:
    # extract_article passes its whole-text scans to the events, which cut them into sentences; a cut
    # must give what reading the sentence alone gives, also where a date, an amount or a zone runs
    # over a line break or a sentence starts with a zone suffix.
    edges = "高新区3月上旬\n18日签约5万\n元项目。2023\n年1至\n3月,我市签约12个项目。高新区新签约\n项目5个"
    texts = [seed_article(ref, name).text for name in ("000", "001", "002", "003", "004")] + [edges]
    years = YearContext(2023, 5, (5, 3))
    for text in texts:
        places = scan_places(text, ref.gazetteer)
        quantities, periods = scan_quantities(text), scan_periods(text, years)
        for start, end in split_sentences(text):
            piece = text[start:end]
            cut = places_within(places, text, start, end, ref.gazetteer)
            alone = scan_places(piece, ref.gazetteer)
            assert (cut.forms, cut.zone_starts, cut.references.keys()) == (
                alone.forms, alone.zone_starts, alone.references.keys()), piece
            assert quantities_within(quantities, text, start, end) in (None, find_quantities(piece)), piece
            cut_periods = periods_within(periods, text, start, end, years)
            assert cut_periods in (None, find_periods(piece, years)), piece


def test_events_are_the_same_with_and_without_the_fact_readers_scans(ref: Reference) -> None:
    for name in ("000", "001", "002", "003", "004"):
        art = seed_article(ref, name)
        with_scans = extract_article(art, ref).events
        home = resolve_name(extract_article(art, ref).home_region or "", ref.gazetteer)
        assert extract_events(art, ref, event_context(art, ref, home)) == with_scans, name


def test_an_unreadable_article_has_no_events(ref: Reference) -> None:
    raw = RawArticle(source_name="test", uri="x.txt", raw=b"", fetched_at="")
    art = NormalizedArticle(
        raw=raw,
        raw_text="",
        text="",
        offsets=(0,),
        title=None,
        published=None,
        flags=QualityFlags(),
        error="empty",
    )
    assert extract_events(art, ref, EventContext(home=None, years=event_context(art, ref, None).years)) == ()


def test_the_vocabulary_is_checked_when_loaded() -> None:
    assert load_event_lexicon(SEEDS).words["ceremony"]  # the seed file loads
    with pytest.raises(ConfigError, match="unknown role"):
        build_event_lexicon([{"term": "赴", "role": "travel", "value": ""}])
    with pytest.raises(ConfigError, match="needs a value"):
        build_event_lexicon([{"term": "赴", "role": "move", "value": ""}])
    with pytest.raises(ConfigError, match="duplicate"):
        build_event_lexicon(
            [{"term": "签约", "role": "sign", "value": ""}, {"term": "签约", "role": "sign", "value": ""}]
        )


@pytest.mark.parametrize(("sentence", "destinations"), [
    ("3月15日,市长李四率领潍坊市经贸代表团赴韩国首尔开展招商活动。", ["韩国首尔"]),  # a country, then its city
    ("3月15日,市长李四率领潍坊市经贸代表团赴德国开展招商活动。", ["德国"]),
])
def test_a_trip_to_a_city_written_after_its_country(ref: Reference, sentence: str, destinations: list[str]) -> None:
    found = events(ref, "潍坊日报讯\n" + sentence + "\n", published="2024-03-20")
    assert [(brief(e), list(e.destinations)) for e in found] == [(("outbound_visit", "潍坊市", "2024-03-15"), destinations)]


def test_a_national_body_is_not_a_country() -> None:
    from tasks.events import _COUNTRY_FIRST

    assert _COUNTRY_FIRST.fullmatch("韩国首尔") and _COUNTRY_FIRST.fullmatch("美国硅谷")
    assert not _COUNTRY_FIRST.fullmatch("全国工商联") and not _COUNTRY_FIRST.fullmatch("国内外")


def test_a_signing_on_the_spot_at_a_conference_is_a_signing_too(ref: Reference) -> None:
    text = "佛山日报讯\n9月12日,佛山市在新加坡举办投资合作推介会,现场签约外资项目8个,投资总额5.6亿美元。\n"
    found = events(ref, text, published="2023-09-13")
    assert [(brief(e), e.amount) for e in found] == [
        (("promotion_conference", "佛山市", "2023-09-12"), None), (("signing", "佛山市", "2023-09-12"), 5.6)]


def test_a_trip_to_attend_the_citys_own_conference_held_elsewhere(ref: Reference) -> None:
    # "2019朔州(杭州)…推介会" is 朔州's conference held in 杭州, not another's that the trip attends
    text = "标题\n4月3日,副市长毛晨率团赴杭州出席2019朔州(杭州)产业合作推介会,推介朔州投资环境。\n"
    found = events(ref, text, published="2019-04-05")
    assert [brief(e) for e in found] == [("outbound_visit", "朔州市", "2019-04-03"),
                                         ("promotion_conference", "朔州市", "2019-04-03")]
    other = "标题\n4月3日,市长李四率团赴杭州出席2019中国(杭州)投资博览会。\n"
    assert [e.type for e in events(ref, other, published="2019-04-05")] == ["outbound_visit"]


def test_a_city_signing_with_a_company_owns_the_signing_and_a_quoted_word_is_no_signing(ref: Reference) -> None:
    text = ("标题\n4月2日,福州市与意大利斯坦霍夫集团签署投资合作协议,项目总投资3300万美元。\n"
            "线上推介与线下洽谈齐头并进,“云招商”“云签约”成为新常态。\n")
    found = events(ref, text, published="2023-04-05")
    assert [(brief(e), list(e.counterparties)) for e in found] == [
        (("signing", "福州市", "2023-04-02"), ["意大利斯坦霍夫集团"])]


@pytest.mark.parametrize("text", [
    "兰州日报讯\n上半年,全市新组建了12支招商小分队,累计外出招商260余次,走访企业900多家。\n",  # 余次: a tally
    "兰州日报讯\n今年1至10月,全市在北京、深圳、杭州等地举办专场推介活动12场。\n",  # activities away, counted
])
def test_tallies_of_trips_and_activities_are_no_events(ref: Reference, text: str) -> None:
    assert events(ref, text, published="2024-07-22", home="兰州市") == []


def test_a_speech_at_the_signing_reported_before_is_no_second_signing(ref: Reference) -> None:
    text = ("兰州日报讯\n6月20日,全市举行重大项目集中签约活动,签约项目108个。"
            "市委主要领导在签约活动上表示,将持续优化营商环境。\n")
    found = events(ref, text, published="2024-06-21", home="兰州市")
    assert [brief(e) for e in found] == [("signing", "兰州市", "2024-06-20")]


def test_a_breakdown_by_origin_is_part_of_the_signing_just_reported(ref: Reference) -> None:
    text = ("8月27日,我市在北京举行京津冀产业协作项目集中签约仪式,现场签约项目30个,总投资286亿元。"
            "其中,来自北京、天津的项目24个,总投资231.5亿元,占签约总额的80.9%。"
            "其中,任丘市签约项目6个,总投资41亿元。")
    found = events(ref, text, published="2024-08-29", home="沧州市")
    assert [brief(e) for e in found] == [("signing", "沧州市", "2024-08-27"), ("signing", "任丘市", "2024-08-27")]


def test_a_leader_attending_the_signing_just_reported_is_no_second_signing(ref: Reference) -> None:
    text = ("5月20日上午,孝义市2024年重点招商项目集中签约仪式在市会议中心举行,现场签约项目11个,总投资87.3亿元。"
            "市长王海涛出席签约仪式并致辞。")
    found = events(ref, text, published="2024-05-21", home="孝义市")
    assert [brief(e) for e in found] == [("signing", "孝义市", "2024-05-20")]
    assert (found[0].leader, found[0].leader_title) == ("王海涛", "市长")


def test_the_same_day_after_the_next_day_is_that_next_day(ref: Reference) -> None:
    text = ("11月6日,齐齐哈尔市招商推介会在深圳举行,现场签约项目9个。"
            "次日,代表团转赴东莞考察企业。当天,齐齐哈尔市人民政府与东莞市粤丰食品集团有限公司签署战略合作协议。")
    found = events(ref, text, published="2024-11-12", home="齐齐哈尔市")
    assert ("signing", "齐齐哈尔市", "2024-11-07") in [brief(e) for e in found]


def test_a_delegations_visits_the_day_before_its_conference_are_a_trip_there(ref: Reference) -> None:
    text = ("6月18日,荆门市(杭州)招商推介会在杭州举行,现场签约项目15个,总投资96亿元。"
            "推介会前一天,市长刘建华率荆门市代表团先后走访了杭州海康威视数字技术股份有限公司等8家企业。")
    found = events(ref, text, published="2024-06-20", home="荆门市")
    visits = [e for e in found if e.type == "outbound_visit"]
    assert [(brief(e), list(e.destinations)) for e in visits] == [
        (("outbound_visit", "荆门市", "2024-06-17"), ["杭州"])]


def test_counted_trips_beside_a_conference_are_a_tally_not_a_trip(ref: Reference) -> None:
    text = ("6月18日,荆门市(杭州)招商推介会在杭州举行。"
            "今年以来,市领导带队外出招商46批次,走访对接企业300余家。")
    found = events(ref, text, published="2024-06-20", home="荆门市")
    assert [e.type for e in found] == ["promotion_conference"]


def test_a_delegation_in_places_away_visiting_companies_is_a_trip(ref: Reference) -> None:
    text = ("5月8日至10日,市委书记周立新率荆门市党政代表团在宁波、绍兴等地考察,"
            "先后走访宁波均胜电子股份有限公司、浙江卧龙电驱集团等企业12家。")
    found = events(ref, text, published="2024-05-12", home="荆门市")
    assert [(brief(e), e.end, list(e.destinations)) for e in found] == [
        (("outbound_visit", "荆门市", "2024-05-08"), "2024-05-10", ["宁波", "绍兴"])]


def test_a_named_project_settling_in_a_county_is_that_countys_signing(ref: Reference) -> None:
    text = ("9月12日,荆门市重大项目集中签约仪式举行,现场签约项目20个,总投资168亿元。"
            "其中,总投资30亿元的新能源电池隔膜项目落户京山市,总投资12亿元的磷化工项目将落户钟祥市。")
    found = events(ref, text, published="2024-09-13", home="荆门市")
    named = [(brief(e), e.amount) for e in found if e.region != "荆门市"]
    assert named == [(("signing", "京山市", "2024-09-12"), 30.0), (("signing", "钟祥市", "2024-09-12"), 12.0)]


def test_a_county_signing_named_projects_at_the_citys_ceremony_takes_its_day(ref: Reference) -> None:
    text = ("9月12日,荆门市重大项目集中签约仪式举行,现场签约项目20个,总投资168亿元。"
            "东宝区与湖北宏泰新材料有限公司签约总投资18亿元的高性能纤维项目,沙洋县签约总投资9亿元的稻米加工项目。")
    found = events(ref, text, published="2024-09-13", home="荆门市")
    assert [brief(e) for e in found if e.region != "荆门市"] == [
        ("signing", "东宝区", "2024-09-12"), ("signing", "沙洋县", "2024-09-12")]


def test_a_conference_named_promotion_and_signing_is_one_conference(ref: Reference) -> None:
    text = "4月16日,2024荆门市(深圳)投资环境推介暨项目签约会在深圳举行。"
    found = events(ref, text, published="2024-04-17", home="荆门市")
    conferences = [e for e in found if e.type == "promotion_conference"]
    assert [(brief(e), list(e.destinations)) for e in conferences] == [
        (("promotion_conference", "荆门市", "2024-04-16"), ["深圳"])]


def test_a_city_promotion_and_trade_fair_joined_by_and_is_one_conference(ref: Reference) -> None:
    text = "5月16日,中国荆门(上海)城市推介暨经贸合作洽谈会在沪举办。"
    found = events(ref, text, published="2024-05-17", home="荆门市")
    assert [brief(e) for e in found] == [("promotion_conference", "荆门市", "2024-05-16")]


def test_a_trip_written_as_a_visit_to_places_is_a_trip(ref: Reference) -> None:
    text = "9月1日至6日,市长刘建华率代表团先后到访德国法兰克福、慕尼黑,拜访企业、对接项目。"
    found = events(ref, text, published="2024-09-09", home="荆门市")
    assert [(brief(e), e.end) for e in found] == [(("outbound_visit", "荆门市", "2024-09-01"), "2024-09-06")]


def test_a_signing_told_on_after_its_ceremony_is_that_ceremony(ref: Reference) -> None:
    text = ("荆楚网荆门3月28日讯 当日上午,荆门市2024年一季度重大项目集中签约仪式举行。"
            "市长刘建华出席并讲话,36个项目集中签约,总投资218亿元。"
            "其中,来自北京、天津的项目9个。"
            "签约项目中,总投资30亿元的新型储能电池项目落户京山市。")
    found = events(ref, text, home="荆门市")
    assert [(brief(e), e.amount) for e in found] == [
        (("signing", "荆门市", "2024-03-28"), 218.0), (("signing", "京山市", "2024-03-28"), 30.0)]


def test_projects_named_by_what_they_build_settle_in_their_counties_on_the_day_signed(ref: Reference) -> None:
    text = ("6月18日,2024荆门(杭州)招商推介会在杭州举行。推介会上,28个项目现场签约,总投资186亿元。"
            "去年,荆门地区生产总值达2300亿元。"
            "现场签约的项目中,不乏“大块头”。其中:\n"
            "——浙江恒川新材料有限公司投资28亿元建设高性能薄膜生产基地,落户掇刀区;\n"
            "——杭州云拓物流集团投资6亿元建设农产品冷链物流园,落户沙洋县。")
    found = events(ref, text, published="2024-06-20", home="荆门市")
    assert [(brief(e), e.amount) for e in found if e.region != "荆门市"] == [
        (("signing", "掇刀区", "2024-06-18"), 28.0), (("signing", "沙洋县", "2024-06-18"), 6.0)]


@pytest.mark.parametrize(("sentence", "places"), [
    ("今年以来,我市先后在北京、深圳、西安举办专题推介会3场。", ["北京", "深圳", "西安"]),  # one in each place
    ("今年以来,我市相继在上海、杭州举办投资推介会。", ["上海", "杭州"]),
    ("今年以来,我市先后在北京、深圳等地举办专题推介会12场。", []),  # a tally
])
def test_conferences_held_in_turn_in_listed_places_are_one_each(ref: Reference, sentence: str, places: list) -> None:
    found = events(ref, "荆门日报讯\n" + sentence, published="2024-06-20", home="荆门市")
    assert [(e.type, e.start, list(e.destinations)) for e in found] == [
        ("promotion_conference", None, [p]) for p in places]


def test_a_named_project_a_company_signed_with_a_county_is_that_countys(ref: Reference) -> None:
    text = ("9月8日,荆门(米兰)经贸合作推介会在意大利米兰举行,现场签约项目6个,总投资3.2亿美元。"
            "其中,意大利贝塔精密机械集团与京山市签约总投资1.2亿美元的精密轴承项目。")
    found = events(ref, text, published="2024-09-10", home="荆门市")
    assert [(brief(e), e.amount) for e in found if e.region != "荆门市"] == [(("signing", "京山市", "2024-09-08"), 1.2)]


def test_a_countys_own_signing_after_the_citys_ceremony_takes_its_day(ref: Reference) -> None:
    text = ("3月24日,荆门市2024年一季度重大项目集中签约活动举行,活动现场共签约项目32个,总投资186.4亿元。"
            "此次签约项目涵盖商贸物流、生物医药等领域。"
            "沙洋县与湖南鑫瑞医药集团签约的中药材精深加工产业园项目总投资20亿元。")
    found = events(ref, text, published="2024-03-25", home="荆门市")
    assert [(brief(e), e.amount) for e in found] == [
        (("signing", "荆门市", "2024-03-24"), 186.4), (("signing", "沙洋县", "2024-03-24"), 20.0)]


def test_a_trips_conferences_their_signings_and_an_agreement_some_day_of_the_trip(ref: Reference) -> None:
    text = ("4月7日至12日,市长刘建华率荆门市经贸代表团赴韩国、日本开展招商活动。"
            "代表团先后到访首尔、大阪2个城市,举办推介会两场,出席签约活动两场。"
            "4月8日,荆门(首尔)投资合作推介会在首尔举行。"
            "推介会上,现场签约项目11个,总投资3.2亿美元。"
            "此次出访期间,代表团还与韩国中小企业振兴公团签署了友好合作备忘录。")
    found = events(ref, text, published="2024-04-15", home="荆门市")
    assert [brief(e) for e in found] == [
        ("outbound_visit", "荆门市", "2024-04-07"), ("promotion_conference", "荆门市", "2024-04-08"),
        ("signing", "荆门市", "2024-04-08"), ("signing", "荆门市", None)]


def test_at_a_work_meeting_a_ceremony_takes_the_meetings_day_and_pledges_are_no_signings(ref: Reference) -> None:
    text = ("2月26日,全市招商引资工作大会召开。会上,举行了全市第一批重点项目集中签约仪式,共签约项目23个,总投资216.8亿元。"
            "会上,各县市区负责人签订了2024年度招商引资目标责任书。")
    found = events(ref, text, published="2024-02-27", home="荆门市")
    assert [brief(e) for e in found] == [("signing", "荆门市", "2024-02-26")]


def test_an_on_site_signing_after_its_conference_and_projects_signed_at_the_same_event(ref: Reference) -> None:
    text = ("4月21日,2024荆门(广州)招商引资推介会在广州举行。"
            "市长刘建华出席并推介荆门,现场签约项目19个,总投资132.7亿元。"
            "同场签约的还有广州嘉德物流集团投资20亿元的冷链物流枢纽项目,将落户掇刀区。"
            "他要求,各县市区要对推介会上签约的项目建立专班,倒排工期。")
    found = events(ref, text, published="2024-04-22", home="荆门市")
    assert [(brief(e), e.amount) for e in found] == [
        (("promotion_conference", "荆门市", "2024-04-21"), None), (("signing", "荆门市", "2024-04-21"), 132.7),
        (("signing", "掇刀区", "2024-04-21"), 20.0)]
