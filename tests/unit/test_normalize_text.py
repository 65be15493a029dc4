"""Normalize, piece by piece: decoding, glosses, entities, width, substitutions, lines, dates, errors.

Pins down each cleaning rule on a sentence from the seeds (or one written for the test): what
changes, and -- as important -- what must stay (real parentheses, 头部企业, 著名, 。、“”…, spaces
between names). Also the record-level errors and the seed-file validation.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from tasks.errors import ConfigError
from tasks.models import RawArticle
from tasks.normalize import (
    TextRules,
    UndecodableError,
    decode_bytes,
    find_published,
    fold_width,
    load_text_rules,
    normalize_article,
    normalize_text,
    split_sentences,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def rules() -> TextRules:
    return load_text_rules(SEEDS)


def clean(text: str, rules: TextRules) -> str:
    return normalize_text(text, rules)[0]


def raw_article(data: bytes, hint: str | None = None) -> RawArticle:
    return RawArticle("test", "test", data, "2025-01-01T00:00:00Z", encoding_hint=hint)


# --- glosses, entities, mojibake -----------------------------------------------------------------


def test_pinyin_glosses_go_and_real_parentheses_stay(rules: TextRules) -> None:
    raw = "海州區(qū)(高新區(qū))共集中簽(qiān)約項(xiàng)目38個(gè)"
    text, offsets, report = normalize_text(raw, rules)
    assert text == "海州区(高新区)共集中签约项目38个"
    assert report.glosses_removed == 5 and report.converted_from == "t2s"
    assert raw[offsets[text.index("(")]] == "("


def test_a_gloss_of_several_syllables_and_english_in_parentheses(rules: TextRules) -> None:
    assert clean("开展外出招商活动(huó dòng)58批次", rules) == "开展外出招商活动58批次"
    assert clean("与吉宝集团(Keppel)签约", rules) == "与吉宝集团(Keppel)签约"  # no tone marks: not a gloss


def test_entities_real_double_escaped_and_without_ampersand(rules: TextRules) -> None:
    assert clean("&ldquo;链式招商&rdquo;也被摆到&amp;nbsp;更加重要的位置", rules) == "“链式招商”也被摆到 更加重要的位置"
    assert clean("从‘地毯式招商’转变为lsquo;地图式招商rsquo;", rules) == "从‘地毯式招商’转变为‘地图式招商’"
    assert clean("进行交流&#12290;现场", rules) == "进行交流。现场"


def test_byte_shifted_gbk_mojibake_is_realigned(rules: TextRules) -> None:
    # 003: the "。" of 。現 lost its lead byte; the run reads back in step at "F" (0x46, trail of 現).
    text, _, report = normalize_text("雙方進(jìn)行交流?,F(xiàn)場,云龍區(qū)人民政府", rules)
    assert text == "双方进行交流。现场,云龙区人民政府"
    assert report.mojibake_chars == 0


def test_unrepairable_mojibake_is_dropped_and_counted(rules: TextRules) -> None:
    text, _, report = normalize_text("推進(jìn)整合?yōu)化各類平臺(tái)\ufffd,項(xiàng)目\ue000落地", rules)
    assert "?" not in text and "\ufffd" not in text and "\ue000" not in text and "yōu" not in text
    assert report.mojibake_chars == 3


def test_question_marks_of_real_questions_stay(rules: TextRules) -> None:
    raw = "不到一百天,招引投资超千亿元的背后,淮安有着怎样的创新举措?\n而项目从何而来?靠的是招商引资。"
    assert clean(raw, rules) == raw


# --- script, width, substitutions ----------------------------------------------------------------


def test_full_width_folds_to_half_width_but_chinese_punctuation_stays() -> None:
    assert fold_width("2月7日，由常州（港澳）：１２３％；ＡＢＣ！？") == "2月7日,由常州(港澳):123%;ABC!?"
    kept = "。、“”‘’…—"
    assert fold_width(kept) == kept
    assert fold_width("作者:\u00a0\u00a0编辑\u3000张") == "作者:  编辑 张"


def test_reprint_substitutions_need_their_context(rules: TextRules) -> None:
    assert clean("在刚刚过去的头部季度,淮安新签约亿元以上项目265个。", rules) == (
        "在刚刚过去的第一季度,淮安新签约亿元以上项目265个。"
    )
    assert clean("我们将围绕‘争头部、创唯一’总体目标,头部时间收集企业投资动向。", rules) == (
        "我们将围绕‘争第一、创唯一’总体目标,第一时间收集企业投资动向。"
    )
    unchanged = "引进一批头部企业,头部排名前十的企业落户,头部会员单位参加。"
    assert clean(unchanged, rules) == unchanged
    assert clean("全球单体蕞大、智能化程度蕞高", rules) == "全球单体最大、智能化程度最高"


def test_zhe_after_t2s_only_where_simplified_writes_zhe(rules: TextRules) -> None:
    assert clean("代表團一直保持著高密度的行程安排,著力在重特大項目招引上謀求突破", rules) == (
        "代表团一直保持着高密度的行程安排,着力在重特大项目招引上谋求突破"
    )
    assert clean("著名企業擁有著作權,成效顯著", rules) == "著名企业拥有著作权,成效显著"


def test_taiwan_text_uses_the_taiwan_config(rules: TextRules) -> None:
    text, _, report = normalize_text("這家軟體公司的網路資訊平台在臺北上線,軟體下載量創新高。", rules)
    assert report.converted_from == "tw2sp"
    assert text == "这家软件公司的网络信息平台在台北上线,软件下载量创新高。"


def test_already_simplified_text_is_not_marked_converted(rules: TextRules) -> None:
    assert normalize_text("淮安新签约亿元以上项目265个。", rules)[2].converted_from == ""


# --- numbers, spaces, lines ----------------------------------------------------------------------


def test_numbers_split_by_group_spaces_are_joined(rules: TextRules) -> None:
    assert clean("总投资额1 158.8亿元,新增1 234 567元", rules) == "总投资额1158.8亿元,新增1234567元"
    assert clean("10月 28日,签下招商项目 15个", rules) == "10月 28日,签下招商项目 15个"


def test_a_space_inside_a_common_word_goes_but_spaces_between_names_stay(rules: TextRules) -> None:
    assert clean("洽谈会期 间,淮安共签约38个项目,强化交通物 流链接。", rules) == (
        "洽谈会期间,淮安共签约38个项目,强化交通物流链接。"
    )
    byline = "现代快报+记者 熊平平 徐苏宁 陈敏"
    assert clean(byline, rules) == byline


def test_broken_lines_rejoin_and_headings_stay_apart(rules: TextRules) -> None:
    raw = (
        "\n\n短短几天,招商团捷报频传:实现与欧洲最大医学中心实验室Cerba研究院签约,项目总投资1亿\n\n"
        "美元,将建全球顶尖的医学中心实验室。\n\n招商之网撒向全球\n\n眼下,一批接一批江苏各地的招商团正在登机出海。\n"
    )
    assert clean(raw, rules).split("\n") == [
        "短短几天,招商团捷报频传:实现与欧洲最大医学中心实验室Cerba研究院签约,项目总投资1亿美元,将建全球顶尖的医学中心实验室。",
        "招商之网撒向全球",
        "眼下,一批接一批江苏各地的招商团正在登机出海。",
    ]


def test_a_break_after_a_finished_sentence_on_the_line_is_rejoined(rules: TextRules) -> None:
    # The broken sentence has no comma before the break, but it follows a finished one: body text.
    raw = "东台市一季度签约项目12个。大丰区紧\n\n盯主导产业招大引强,新开工项目9个。\n"
    assert clean(raw, rules) == "东台市一季度签约项目12个。大丰区紧盯主导产业招大引强,新开工项目9个。"


def test_a_caption_or_a_list_item_is_not_joined_to_the_next_paragraph(rules: TextRules) -> None:
    raw = "发布会现场(3月22日摄)。新华网 记者 摄\n据了解,2021年,保山市引进市外到位资金。\n■陕西省将开展百余场推介活动\n10月27日,记者获悉。"
    assert len(clean(raw, rules).split("\n")) == 4


def test_paragraphs_glued_by_a_space_after_a_full_stop_are_split(rules: TextRules) -> None:
    raw = "對接生機勃發的粵港澳大灣區(qū)。 5月11日至14日,我市再赴深圳開展精準招商周活動。"
    assert clean(raw, rules) == "对接生机勃发的粤港澳大湾区。\n5月11日至14日,我市再赴深圳开展精准招商周活动。"


def test_header_run_into_the_first_paragraph_is_cut(rules: TextRules) -> None:
    raw = "時(shí)間:2023-03-21來(lái)源:未知 作者:acetouzi 點(diǎn)擊: 次上個(gè)月去鄭州拜訪企業(yè)。"
    text, _, report = normalize_text(raw, rules)
    assert text == "上个月去郑州拜访企业。"
    assert report.published == "2023-03-21" and report.furniture_removed == 1


def test_split_sentences_follows_the_evidence_convention() -> None:
    text = (
        "据悉,招商小分队平均每天要拜访4至5家企业,“最多的一天拜访了7家,午饭基本都是在车上解决的。”"
        "招商小分队队员沈笑介绍。\n党政主官带队出访\n淮安有着怎样的创新举措?累计行程约30700公里……"
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "据悉,招商小分队平均每天要拜访4至5家企业,“最多的一天拜访了7家,午饭基本都是在车上解决的。”",
        "招商小分队队员沈笑介绍。",
        "党政主官带队出访",
        "淮安有着怎样的创新举措?",
        "累计行程约30700公里……",
    ]


# --- title and date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["上半年新签约项目数量和投资规模缘何双提升", "2025-08-11 09:25:00", "来源:镇江日报"], "2025-08-11"),
        (["江宁区15个重大项目集中签约", "发布时间:2021-10-15 来源:江宁区人民政府"], "2021-10-15"),
        (["湖北今年招商引资签1219个亿元项目", "06.05.2019  18:10"], "2019-05-06"),
        (["2014年07月30日 星期三", "半年引进浙商回归项目303个"], "2014-07-30"),
        (["辽宁三大招商活动签约总额超4500亿元", "2022", "10/12", "14:44"], "2022-10-12"),
        (["洛阳一季度招商引资实现开门红", "来源:洛阳日报 2024-04-18"], "2024-04-18"),
        (["许昌签约项目46个", "作者:王丽 丨 2024年5月9日 丨 浏览量 1024"], "2024-05-09"),
        (["汕头前5月新签约项目142个", "香港商报网讯 2024年06月20日 记者 林卓铭"], "2024-06-20"),
        (["一季度“开门红”!招商引资成绩单来了", "投资促进 2024-04-09 18:02 发表于四川"], "2024-04-09"),  # a post's stamp
        (["原创 蚌埠发布 2025年01月09日 18:30 安徽", "532个!蚌埠2024年招引亿元以上项目成绩单出炉"], "2025-01-09"),
        (["去年12月入选服务业扩大开放综合试点,2019年3月举办推介会。"], None),
        (["2023年3月1日,记者从市商务局获悉"], None),  # a body sentence, not a masthead
        (["记者从市商务局获悉,2023年3月1日签约"], None),
        (["发布时间:2023-02-30"], None),
    ],
)
def test_published_is_read_from_the_masthead(lines: list[str], expected: str | None) -> None:
    assert find_published(lines, "\n".join(lines)) == expected


def test_news_agency_dateline_takes_the_only_year_in_the_text() -> None:
    text = "中新网江苏新闻11月14日电 (记者 孙权)整个金秋招商月期间签约项目102个。2020无锡锡山金秋招商月成果发布。"
    assert find_published([text], text) == "2020-11-14"
    assert find_published(["台海网9月9日讯 昨天上午签约。"], "台海网9月9日讯 昨天上午签约。") is None


def test_title_is_the_heading_above_the_dateline(rules: TextRules) -> None:
    raw = "图片新闻\n\n保山2021年引进市外到位资金1138.03亿元\n\n2022年03月22日 17:02:15 | 来源:新华网\n\n22日,据保山市发布会消息。"
    _, _, report = normalize_text(raw, rules)
    assert report.title == "保山2021年引进市外到位资金1138.03亿元" and report.published == "2022-03-22"
    _, _, none = normalize_text("其中,厦门签约项目8个。\n1-10月,全县工作情况如下:\n主要指标完成情况\n", rules)
    assert none.title is None


# --- bytes, HTML, errors -------------------------------------------------------------------------


def test_decode_bytes_recognises_the_encodings() -> None:
    text = "连云港招商引资“热力图”上一片红火。"
    assert decode_bytes(text.encode("utf-8"), None) == (text, "utf-8")
    assert decode_bytes(text.encode("utf-16"), None) == (text, "utf-16")
    assert decode_bytes(text.encode("gb18030"), None) == (text, "gb18030")
    traditional = "連雲港招商引資熱力圖上一片紅火,投資總額達一百億元。"
    assert decode_bytes(traditional.encode("big5"), "big5") == (traditional, "big5")
    assert decode_bytes(traditional.encode("big5"), None) == (traditional, "big5")


def test_decode_bytes_refuses_binary_and_garbage() -> None:
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), None)
    with pytest.raises(UndecodableError, match="undecodable"):
        decode_bytes(b"\x80\xff" * 60, None)


@pytest.mark.parametrize(
    ("data", "error"),
    [(b"", "empty"), (b" \n\t \r\n", "empty"), (b"\x00\x01\x02binary\x00" * 20, "binary"),
     (b"\x80\xff" * 60, "undecodable"), ("\n【字号:  】【打印\n".encode(), "empty")],
)
def test_unreadable_articles_get_an_error_and_empty_text(data: bytes, error: str, rules: TextRules) -> None:
    article = normalize_article(raw_article(data), rules)
    assert article.error == error and article.text == "" and article.offsets[-1] == len(article.raw_text)


def test_html_page_gives_title_date_and_article_text(rules: TextRules) -> None:
    page = (
        "<!DOCTYPE html><html><head><meta charset=\"gbk\"><title>不到100天淮安招引投资超千亿元_新闻</title>"
        "<meta property=\"article:published_time\" content=\"2023-04-02T08:00:00+08:00\"></head><body>"
        "<div class=\"nav\">首页 | 新闻 | 招商</div><article><h1>不到100天淮安招引投资超千亿元</h1>"
        "<p>2023年，在刚刚过去的头部季度，淮安新签约亿元以上项目265个，协议引资额1249.45亿元。</p>"
        "<p>发展靠项目支撑。而项目从何而来？靠的是招商引资。</p></article>"
        "<footer>版权所有 苏ICP备12345678号</footer></body></html>"
    )
    article = normalize_article(raw_article(page.encode("gbk")), rules)
    assert article.error is None and article.flags.encoding == "gb18030"
    assert article.title == "不到100天淮安招引投资超千亿元"
    assert article.published == "2023-04-02"
    assert "2023年,在刚刚过去的第一季度,淮安新签约亿元以上项目265个,协议引资额1249.45亿元。" in article.text
    assert "<p>" not in article.text and "ICP" not in article.text and "首页" not in article.text


def test_text_rules_survive_pickling(rules: TextRules) -> None:
    again = pickle.loads(pickle.dumps(rules))
    assert clean("頭部季度", again) == clean("頭部季度", rules) == "第一季度"


# --- seed-file validation ------------------------------------------------------------------------


def _copy_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    target.mkdir()
    for name in ("substitutions.csv", "furniture_patterns.csv", "opencc_variants.csv"):
        shutil.copy(SEEDS / name, target / name)
    return target


def test_a_bad_regex_names_the_file_and_line(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path)
    with open(seeds / "furniture_patterns.csv", "a", encoding="utf-8") as handle:
        handle.write('broken,line,,"^(unclosed",a bad row\n')
    lines = (seeds / "furniture_patterns.csv").read_text(encoding="utf-8").count("\n")
    with pytest.raises(ConfigError, match=rf"furniture_patterns.csv line {lines}: bad regex"):
        load_text_rules(seeds)


def test_a_substitution_that_changes_length_is_refused(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path)
    with open(seeds / "substitutions.csv", "a", encoding="utf-8") as handle:
        handle.write("头部,第一名,,季度,too long\n")
    with pytest.raises(ConfigError, match=r"substitutions.csv line \d+: replace must have as many"):
        load_text_rules(seeds)


def test_a_missing_seed_file_or_unknown_config_is_a_config_error(tmp_path: Path) -> None:
    seeds = _copy_seeds(tmp_path)
    (seeds / "substitutions.csv").unlink()
    with pytest.raises(ConfigError, match="substitutions.csv: seed file is missing"):
        load_text_rules(seeds)
    (tmp_path / "again").mkdir()
    seeds = _copy_seeds(tmp_path / "again")
    with open(seeds / "opencc_variants.csv", "a", encoding="utf-8") as handle:
        handle.write("nosuchconfig,某,bad\n")
    with pytest.raises(ConfigError, match="unknown OpenCC config 'nosuchconfig'"):
        load_text_rules(seeds)
