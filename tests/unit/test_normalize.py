"""Normalize on the seed articles: clean simplified text, gold evidence sentences, offsets, encodings.

Pins down: the sentences the gold cuts its evidence from (../shared/gold/seeds) come out verbatim;
traditional text with pinyin glosses, broken entities and byte-shifted mojibake (002, 003) and
reprint-site substitutions (004) come out as clean simplified text; every normalized character
maps back to the raw character it came from; GBK, GB18030 and Big5 copies give the same text as
UTF-8; title and publication date match the gold. The seed gold lives in ../shared and the
tests fail (never skip) without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tasks.models import NormalizedArticle, RawArticle
from tasks.normalize import TextRules, fold_width, load_text_rules, normalize_article, normalize_text, split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "../shared/gold/seeds"
SEED_IDS = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def rules() -> TextRules:
    return load_text_rules(SEEDS)


def seed_path(seed_id: str) -> Path:
    (path,) = (SEEDS / "articles").glob(f"{seed_id}_*.txt")
    return path


def raw_article(data: bytes, uri: str = "test") -> RawArticle:
    return RawArticle(source_name="test", uri=uri, raw=data, fetched_at="2025-01-01T00:00:00Z")


def normalized_seed(seed_id: str, rules: TextRules) -> NormalizedArticle:
    path = seed_path(seed_id)
    return normalize_article(raw_article(path.read_bytes(), str(path)), rules)


def sentences(article: NormalizedArticle) -> set[str]:
    return {article.text[s:e] for s, e in split_sentences(article.text)}


def seed_gold(seed_id: str) -> dict:
    assert SEED_GOLD.is_dir(), f"seed gold missing at {SEED_GOLD}"
    (path,) = SEED_GOLD.glob(f"{seed_id}_*.json")
    return json.loads(path.read_text(encoding="utf-8"))


# Sentences that exercise each text problem of NOTES.md, as the gold renders them.
CLEAN_SENTENCES = {
    "002": [
        # header run into the paragraph; traditional with glosses; the paragraph's lost opening quote
        "上个月去郑州拜访企业,取得不小进展,前天瑞茂通企业再次到园区实地考察粮油码头建设和热源项目推进情况。”",
        # glosses inside real parentheses: 海州區(qū)(高新區(qū)) -> 海州区(高新区)
        "在不久前的昆山投资说明会上,海州区(高新区)共集中签约项目38个,总投资141.7亿元,项目涵盖高端装备制造、"
        "新材料、新医药、现代服务业等多个领域,为海州区(高新区)经济高质量发展注入强劲动力。",
        # byte-shifted mojibake with an entity that lost its "&": “鏈?zhǔn)秸猩?rdquo;
        "密集“走出去”的同时,“链式招商”也被摆到更加重要的位置。",
        "前两月,该区累计开展外出招商活动58批次,拜访企业112家次、对接项目112个;"
        "邀请上海、苏南等地客商来该区洽谈考察69批次、洽谈项目69个。",
    ],
    "003": [
        # mojibake swallowing a full stop: 进行交流?,F(xiàn)場 -> 进行交流。现场
        "现场,云龙区人民政府、淮海经济区金融服务中心与招商银行、招商创投、招商租赁、仁和人寿、"
        "招商启航五家集团金融机构分别签署合作意向书。",
        # 著 -> 着 after t2s; paragraphs glued by a space after a full stop
        "此后的三天行程,每天从早上八点到晚上八点,代表团一直保持着高密度的行程安排、高强度的工作节奏,"
        "先后拜访了深圳宝能集团、华侨城集团、中亚置业集团、华润电力等16家企业,洽谈对接项目近30个。",
        "据统计,今年1—4月份,全市签约引进“765”重大产业项目208个,其中四大战略性新兴产业项目105个,占比48%。",
    ],
    "004": [
        "2023年,在刚刚过去的第一季度,淮安新签约亿元以上项目265个,协议引资额1249.45亿元。",  # 头部季度
        "我市平均每天有300余名精英在外招商,最多达700余名。",  # 蕞多
        "51天开工、151天投产,全球单体最大、智能化程度最高的N型太阳能电池制造车间在淮安诞生。",
        "值得一提的是,在今年的新春第一会上,市委市政府专门邀请10位优秀企业家到主席台第一排就座,"
        "市领导坐在企业家身后。",
    ],
}


@pytest.mark.parametrize("seed_id", sorted(CLEAN_SENTENCES))
def test_seed_sentences_come_out_as_clean_simplified_text(seed_id: str, rules: TextRules) -> None:
    found = sentences(normalized_seed(seed_id, rules))
    for sentence in CLEAN_SENTENCES[seed_id]:
        assert sentence in found


@pytest.mark.parametrize("seed_id", ["002", "003"])
def test_no_gloss_entity_or_mojibake_residue_is_left(seed_id: str, rules: TextRules) -> None:
    text = normalized_seed(seed_id, rules).text
    for residue in ("(shí)", "(qū)", "rdquo;", "lsquo;", "&", "?zhǔn)", "秸猩", ",F", "區", "時"):
        assert residue not in text


def test_page_furniture_is_dropped(rules: TextRules) -> None:
    t001 = normalized_seed("001", rules).text
    t003 = normalized_seed("003", rules).text
    t004 = normalized_seed("004", rules).text
    assert "【字号" not in t001 and "来源:镇江日报" not in t001 and "编辑:张苏宁" not in t001
    assert "2025-08-11 09:25:00" not in t001
    assert not any(line.strip() == "|" for line in t003.split("\n")) and not t003.rstrip().endswith("|")
    assert "由内容质量" not in t004 and "原标题" not in t004 and "13391219793" not in t004


def test_table_rows_keep_their_cells(rules: TextRules) -> None:
    page = ("许昌市招商引资主要指标\n首页 | 新闻 | 招商\n实际到位省外资金 | 736.5亿元 | 同比增长7.4%\n"
            "县(市、区)\t项目数(个)\t合同金额(亿元)\n禹州市\t31\t228.6\n")
    text = normalize_article(raw_article(page.encode()), rules).text
    assert "首页" not in text  # a breadcrumb goes
    assert "实际到位省外资金 | 736.5亿元 | 同比增长7.4%" in text  # a row of figures is no breadcrumb
    # cells apart by a tab are no digit groups of one number (1 158.8); that tab stays, so that normalizing
    # the text again does not join them either
    assert "禹州市 31\t228.6" in text
    assert normalize_text(text, rules)[0] == text


@pytest.mark.parametrize("heading", ["相关新闻:", "【相关新闻】", "[相关阅读]"])
def test_a_list_of_links_to_other_stories_is_dropped_with_its_heading(rules: TextRules, heading: str) -> None:
    page = (f"邢台前7月招商引资成效明显\n1—7月,全市新签约亿元以上项目186个。\n责任编辑:郭静\n{heading}\n"
            "· 邢台1—7月实际利用外资同比增长8.3%\n清河县羊绒产业招商引资签约项目12个\n"
            "下半年,全市将继续开展“招商引资攻坚年”活动,确保完成全年目标任务。\n")
    text = normalize_article(raw_article(page.encode()), rules).text
    assert heading.strip("【】[]:") not in text and "8.3%" not in text and "羊绒" not in text
    assert "下半年,全市将继续开展" in text  # a full sentence ends the list


def test_hard_line_breaks_inside_sentences_are_rejoined_but_headings_are_not(rules: TextRules) -> None:
    lines = normalized_seed("000", rules).text.split("\n")
    text = "\n".join(lines)
    assert "项目总投资1亿美元" in text and "正在冲刺“万亿之城”" in text and "服务业扩大开放综合试点" in text
    assert "党政主官带队出访" in lines and "招商之网撒向全球" in lines
    assert not text.startswith("\n")


def test_seed_evidence_coverage(rules: TextRules) -> None:
    """Share of gold evidence strings that are whole sentences of the normalized text (all of them)."""
    total = found = 0
    for seed_id in SEED_IDS:
        gold = seed_gold(seed_id)
        evidence = {item["evidence"] for item in gold["facts"] + gold["events"]}
        article_sentences = sentences(normalized_seed(seed_id, rules))
        total += len(evidence)
        found += len(evidence & article_sentences)
    print(f"seed evidence sentences found verbatim: {found}/{total} = {found / total:.3f}")
    assert total == 55
    assert found == total


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_title_and_published_match_the_gold(seed_id: str, rules: TextRules) -> None:
    article = normalized_seed(seed_id, rules)
    gold = seed_gold(seed_id)
    assert (article.title, article.published) == (gold["title"], gold["published"])


# Raw spans where a normalized character is not the converted raw character at its offset, by
# design: mojibake repairs and the entity after them; everything else must convert 1:1.
MOJIBAKE_SPANS = {"002": ["鏈?zhǔn)秸猩?rdquo;", "?yōu)?lsquo;", "鏈?zhǔn)秸猩獭⒒鹫猩?,"], "003": ["?,F(xiàn)"]}


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_offset_map_round_trips(seed_id: str, rules: TextRules) -> None:
    article = normalized_seed(seed_id, rules)
    text, raw, offsets = article.text, article.raw_text, article.offsets
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(raw)
    assert all(0 <= a <= b < len(raw) for a, b in zip(offsets, offsets[1:-1]))
    converted = fold_width(rules.converters["t2s"].convert(raw))  # seeds convert 1:1
    assert len(converted) == len(raw)
    substituted = {
        (rule.find[k], rule.replace[k]) for rule in rules.substitutions for k in range(len(rule.find))
    }
    repaired = [
        range(start, start + len(span))
        for span in MOJIBAKE_SPANS.get(seed_id, [])
        for start in _all_indexes(raw, span)
    ]
    for i, ch in enumerate(text):
        source = raw[offsets[i]]
        if ch == converted[offsets[i]]:
            continue
        explained = (
            (source, ch) in substituted  # 头部 -> 第一, 蕞 -> 最, 著 -> 着
            or (source == " " and ch == "\n")  # a paragraph glued by a space after a full stop
            or any(offsets[i] in span for span in repaired)
        )
        assert explained, (i, source, ch)
    # Spans map back to the raw text: the number 1249.45 in seed 004's sentence.
    if seed_id == "004":
        start = text.index("1249.45")
        a, b = article.raw_span(start, start + 7)
        assert raw[a:b] == "1249.45"


def _all_indexes(text: str, sub: str) -> list[int]:
    found, at = [], text.find(sub)
    while at >= 0:
        found.append(at)
        at = text.find(sub, at + 1)
    assert found, sub
    return found


@pytest.mark.parametrize("seed_id", ["000", "002", "003", "004"])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_copy_normalizes_like_utf8(seed_id: str, encoding: str, rules: TextRules) -> None:
    utf8 = normalized_seed(seed_id, rules)
    data = seed_path(seed_id).read_text(encoding="utf-8").encode(encoding)
    copy = normalize_article(raw_article(data), rules)
    assert copy.flags.encoding == "gb18030"
    assert (copy.text, copy.title, copy.published) == (utf8.text, utf8.title, utf8.published)


@pytest.mark.parametrize("seed_id", ["000", "004"])
def test_big5_copy_normalizes_like_utf8(seed_id: str, rules: TextRules) -> None:
    # A Taiwan-style traditional copy of the seed, which Big5 can hold.
    import opencc

    traditional = opencc.OpenCC("s2tw").convert(seed_path(seed_id).read_text(encoding="utf-8"))
    utf8 = normalize_article(raw_article(traditional.encode("utf-8")), rules)
    big5 = normalize_article(raw_article(traditional.encode("big5")), rules)
    assert big5.flags.encoding == "big5" and utf8.flags.encoding == "utf-8"
    assert big5.text == utf8.text
    assert utf8.flags.converted_from == "t2s"
    assert "淮安新签约亿元以上项目265个" in big5.text or "招商引资热潮" in big5.text


def test_utf8_with_bom_decodes(rules: TextRules) -> None:
    data = seed_path("001").read_bytes()
    article = normalize_article(raw_article(b"\xef\xbb\xbf" + data), rules)
    assert article.text == normalized_seed("001", rules).text
    assert not article.raw_text.startswith("\ufeff")


def test_quality_flags_count_what_was_changed(rules: TextRules) -> None:
    f000 = normalized_seed("000", rules).flags
    f002 = normalized_seed("002", rules).flags
    f004 = normalized_seed("004", rules).flags
    assert f000.converted_from == "" and f000.glosses_removed == 0 and f000.mojibake_chars == 0
    assert f002.converted_from == "t2s" and f002.glosses_removed > 100 and f002.encoding == "utf-8"
    assert 1 <= f002.mojibake_chars <= 5 and 0 < f002.mojibake_share < 0.01
    assert f004.substitutions_applied == 11  # 5 x 蕞 and 6 x 头部
    assert f004.furniture_removed >= 3
