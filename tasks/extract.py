"""Extract: NormalizedArticle -> ArticleResult (the facts of one article).

Pure functions; the vocabulary comes from seeds/metric_lexicon.csv through `Lexicon`
(loaded once by `load_lexicon`), places from `tasks.regions`, time expressions from
`tasks.periods`, numbers from `tasks.numbers`. No I/O, no global state.

How a number becomes a fact, sentence by sentence:

1. `find_quantities` gives every count and amount; percents, multiples and fractions
   are kept aside as modifiers (同比增长 -> yoy_pct, 占比 -> share_pct).
2. A count is read with the words around it. When the number comes first
   (36个重大项目集中签约) the head noun of the phrase after it decides what is counted
   and the verb after the noun the stage; when it comes last (新签约亿元以上项目达267个)
   the nearest words before it decide. The measure word must fit the metric
   (次 for trips, 支 for teams, 个/项/家 for projects). A list item with no words of its
   own (来安9个) continues the running metric of its sentence or paragraph.
3. An amount is read from the money word before it (实际使用外资 -> a metric of its own;
   总投资/协议投资 -> the investment of the stage of its count or clause).
4. Numbers that are not promotion metrics are dropped: people, places, durations,
   size classes (10亿元以上项目), the amount of one named project, changes
   (同比增加4项), averages, bases restated before a breakdown (在58个新签约项目中), and
   anything next to an excluded word (产值, 营业收入, 信息 …).
5. The region is the nearest place named before the number that owns it — not a
   destination (赴上海), venue (在苏州举办), masthead (镇江日报) or parenthetical — or a
   我市/全区 reference resolved against the places named so far and the home region,
   else the sentence's running subject; a list of places (济南、青岛…9市) means their
   common parent and 明光、来安各3个 gives each place the number.
6. The period is the nearest time expression before the number (or inside its noun
   phrase: 132个二季度计划开工项目), else the running frame; comparisons (比去年同期)
   and datelines (11月14日电) are not periods of anything.
7. Plan words (计划, 目标, 力争, 确保 …) make a target; 同比增长 and 占比 after a fact
   fill its yoy and share (分别 spreads a list over the facts before it).
8. A figure repeated (headline, lead, body; 超千亿元 for 1249.45亿元) is kept once,
   and facts after 其中 point at their whole through `part_of`.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tasks.errors import ConfigError
from tasks.events import TextFindings, event_context, extract_events
from tasks.models import ArticleResult, Event, Fact, NormalizedArticle
from tasks.numbers import Quantity, scan_quantities
from tasks.periods import (
    Period,
    PeriodMention,
    YearContext,
    find_relative_days,
    listed_quarters,
    scan_periods,
    year_context,
)
from tasks.wordtrie import word_pattern
from tasks.regions import (
    COMPARED_WITH,
    Gazetteer,
    Region,
    RegionMention,
    detect_home_region,
    find_region_mentions,
    is_destination,
    rank_candidates,
    reference_fits,
    scan_places,
    short_name,
    zone_name,
)

if TYPE_CHECKING:
    from tasks.reference import Reference

ROLES = ("stage", "amount", "money", "activity", "team", "noun", "exclude", "unit", "target", "actual", "ignore")
STAGES = ("negotiated", "signed", "landed", "started", "ongoing", "completed")


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: a word and what it signals (grain: one word x role)."""

    text: str
    role: str
    value: str


Hit = tuple[int, int, Term]  # a vocabulary word found in a sentence: start, end, entry


@dataclass(frozen=True)
class Lexicon:
    """Metric vocabulary from seeds/metric_lexicon.csv, compiled for scanning."""

    terms: dict[str, Term]
    pattern: re.Pattern[str] = field(repr=False)
    units: dict[str, frozenset[str]] = field(default_factory=dict)  # measure word -> metrics or "project"

    def scan(self, text: str) -> list[Hit]:
        """Leftmost-longest, non-overlapping vocabulary hits in `text` (phrases marked ignore only
        shadow the words inside them)."""
        terms = self.terms
        return [(m.start(), m.end(), term) for m in self.pattern.finditer(text)
                if (term := terms[m.group(0)]).role != "ignore"]


def build_lexicon(rows: list[dict[str, str]]) -> Lexicon:
    """Compile lexicon rows (term, role, value); raises ConfigError on a bad row."""
    terms: dict[str, Term] = {}
    units: dict[str, frozenset[str]] = {}
    for row in rows:
        term, role, value = row["term"], row["role"], row["value"]
        if not term:
            raise ConfigError("metric_lexicon.csv: empty term")
        if role not in ROLES:
            raise ConfigError(f"metric_lexicon.csv: unknown role {role!r} for {term!r}")
        if role == "stage" and value not in STAGES:
            raise ConfigError(f"metric_lexicon.csv: unknown stage {value!r} for {term!r}")
        if role == "unit":
            units[term] = frozenset(value.split())
            continue
        if term in terms:
            raise ConfigError(f"metric_lexicon.csv: duplicate term {term!r}")
        terms[term] = Term(term, role, value)
    return Lexicon(terms=terms, pattern=re.compile(word_pattern(terms)), units=units)


def load_lexicon(seeds_dir: Path) -> Lexicon:
    """Read seeds/metric_lexicon.csv (columns term, role, value, note)."""
    path = seeds_dir / "metric_lexicon.csv"
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [{k: (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(fh)]
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    return build_lexicon(rows)


# ---------------------------------------------------------------------------------------------
# Working records


@dataclass  # not frozen: made by the hundred per article, and a frozen __init__ costs 3-7 times as much
class Reading:
    """What a number counts: its metric and the qualifier of what is counted."""

    metric: str
    scope: str


@dataclass
class Candidate:
    """A fact being built from one number (grain: one number x region)."""

    quantity: Quantity
    metric: str
    region: Region | None
    period: Period | None
    kind: str
    scope: str
    sentence: tuple[int, int]  # span of the sentence in the article text
    list_index: int = 0  # position among the regions of a 各-list
    yoy_pct: float | None = None
    share_pct: float | None = None
    told_when: bool = True  # whether its sentence gives its time (else it takes the running one)


@dataclass
class Running:
    """What carries from sentence to sentence within an article."""

    topic: Region | None = None  # the region sentences are about when they name none
    period: Period | None = None  # the time frame sentences are in when they state none
    frame: Period | None = None  # the last cumulative frame (a year, half, months to date …)
    period_topic: str | None = None  # key of the topic when `period` was set
    metric: str | None = None  # the project metric a bare list item (来安9个) continues
    scope: str = ""
    money_metric: str | None = None  # the money metric a bare 投资 continues
    event_region: Region | None = None  # the place an event is named after (2019年南昌国际投资贸易洽谈会)
    sentence_no: int = 0  # sentences read so far
    topic_since: int = -1  # sentence that named the topic (-1: the home region by default)
    event_since: int = -1  # sentence that named the event region
    mentions: list[Region] = field(default_factory=list)  # owner regions named so far, in order
    # The latest figure of each (metric, scope): the whole that a breakdown by place divides.
    wholes: dict[tuple[str, str], tuple[Region | None, Period | None]] = field(default_factory=dict)
    totals: list[Candidate] = field(default_factory=list)  # every figure so far (a stated share finds its whole)
    event_day: Period | None = None  # the latest day named at the head of a clause (the day 会上 refers to)
    trip_days: Period | None = None  # the latest span of days named (10月28日至11月1日: what 五天里 refers to)
    breakdown_at: int = -2  # the sentence that last broke a figure down by place (分地区看, 此次签约项目中)


@dataclass(frozen=True)
class ArticleContext:
    """Article-wide inputs of sentence reading."""

    lexicon: Lexicon
    gazetteer: Gazetteer
    years: YearContext
    home: Region | None
    context: frozenset[str]  # keys of regions the article is about (for short names)


@dataclass  # not frozen: made by the hundred per article, and a frozen __init__ costs 3-7 times as much
class Sentence:
    """One sentence and everything found in it."""

    text: str
    base: int  # offset of the sentence in the article
    hits: list[Hit]
    clauses: list[tuple[int, int]]
    quantities: list[Quantity]
    mentions: list[RegionMention]
    periods: list[PeriodMention]

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The span of the clause that holds position `pos`."""
        for span in self.clauses:
            if span[0] <= pos < span[1]:
                return span
        return self.clauses[-1] if self.clauses else (0, len(self.text))

    def terms(self, start: int, end: int) -> list[Hit]:
        """Vocabulary hits that lie within [start, end)."""
        return [h for h in self.hits if start <= h[0] and h[1] <= end]


# ---------------------------------------------------------------------------------------------
# Sentence geometry

_CLAUSE_BREAK = ",;:!?。"
_LIST_JOIN = ("、", "和", "及", "与")
_FRAMING_WORDS = re.compile(
    r"据统计|据了解|据悉|据介绍|据初步统计|今年|去年|同时|此外|另外|其中|目前|当前|仅|而|在|从|自|于|截至|截止|到|共|"
    r"累计|全年|当天|当日|同月|当月|期间|近日|日前|记者|获悉|了解到|比如|例如|首先|其次|一方面|另一方面|上午|下午|晚上|"
    r"表\s?\d+|的|这|里|上|中")  # 表1 2024年1—9月…: a table's caption


# A news dateline or byline opening a lead: 本报讯, 中新网浙江新闻6月3日电, 台海网9月9日讯.
_DATELINE = re.compile(r"^.{0,16}?(?:讯|电|消息)[】\])]?(?=$|\s|\d|[\u4e00-\u9fff])|^本报")  # 【香港商报讯】


_CLAUSE_RE = re.compile(r"[^,;:!?。]+")


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Comma-level clause spans of a sentence; punctuation inside parentheses does not split."""
    if "(" not in sentence:
        return [m.span() for m in _CLAUSE_RE.finditer(sentence)] or [(0, len(sentence))]
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch in _CLAUSE_BREAK and depth == 0:
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans or [(0, len(sentence))]


def _in_parentheses(text: str, pos: int) -> bool:
    open_at = text.rfind("(", 0, pos)
    return open_at != -1 and text.rfind(")", open_at, pos) == -1


def _clause_prefix_is_framing(s: Sentence, pos: int) -> bool:
    """Whether only framing words and time expressions stand between the clause start and `pos`."""
    start = s.clause_of(pos)[0]
    prefix = s.text[start:pos]
    for p in s.periods:
        if start <= p.span[0] and p.span[1] <= pos:
            prefix = prefix.replace(s.text[p.span[0] : p.span[1]], "")
    prefix = _DATELINE.sub("", _PARENTHESES.sub("", prefix))
    return not _FRAMING_WORDS.sub("", prefix).strip(" “”\"")


# ---------------------------------------------------------------------------------------------
# Regions

# Read with `match(text, pos)` right after a place.
_NOT_OWNER_AFTER = re.compile(
    r"(?:日报|晚报|新闻|网|电视台|融媒|发布|在线|报业|广播)|"
    r"(?:(?![与和同及])[\u4e00-\u9fff]){0,10}?(?:公司|集团|银行|大学|学院|研究院|商会|协会)")  # not 与…集团
_VISIT_BEFORE = re.compile(r"拜访|考察|走访|会见|对接")
_COSIGNER_AFTER = re.compile(r"(?:人民政府|政府|管委会)?[、和与]")


def _reports_own_figure(s: Sentence, m: RegionMention) -> bool:
    """Whether another region than the home's lineage is the subject of a figure: a time or a stage or
    money word right after it (一季度佛山市新签约…, 肇庆市前三季度实际使用外资…), not a pair with the home
    (遵义市—东莞市产业合作) nor an origin (台湾客商考察团组)."""
    end = m.span[1]
    if s.text[end : end + 1] in "—-" or s.text[m.span[0] - 1 : m.span[0]] in ("—", "-"):
        return False
    near = [p.span[0] for p in s.periods] + [h[0] for h in s.hits if h[2].role in ("stage", "money", "amount")]
    return any(0 <= start - end <= 3 for start in near)


def _owner_flags(s: Sentence, article: ArticleContext) -> list[bool]:
    """For each mention: can it own a number (not a destination, venue, masthead, organisation or aside)?"""
    text, mentions = s.text, s.mentions
    flags = []
    for m in mentions:
        start, end = m.span
        ok = not _in_parentheses(text, start)
        ok = ok and not is_destination(text, start)
        ok = ok and not (m.kind in ("name", "zone") and _NOT_OWNER_AFTER.match(text, end))
        ok = ok and not _VISIT_BEFORE.search(text, s.clause_of(start)[0], start)  # 拜访了…无锡上机: what was visited
        if ok and m.kind in ("name", "zone") and m.region is not None \
                and not article.gazetteer.related(m.region, article.home):
            ok = _reports_own_figure(s, m)
        elif ok and m.kind == "zone" and m.region is not None and m.region.parent is None:
            # a zone or town named without its place owns a figure as its subject or in a list (下塘镇新签约…,
            # 双墩镇、岗集镇分别…), not after a verb that happens to end a clause (创下开发区项目建设新纪录)
            ok = _reports_own_figure(s, m) or text[end : end + 1] in "、和及" or text.startswith("分别", end)
        if ok and COMPARED_WITH.search(text, max(0, start - 3), start):
            ok = False  # 增速高于全省平均水平, 居全省第三, 占鄂尔多斯市同期的: a yardstick, not an owner
        flags.append(ok)
    for i in range(1, len(mentions)):  # 南岳区依托南岳衡山的文化旅游资源: a place before 的 qualifies a noun
        if flags[i] and mentions[i].kind == "name" and text.startswith("的", mentions[i].span[1]) \
                and any(flags[:i]):
            flags[i] = False
    for i in range(1, len(mentions)):  # 曲靖全市: the whole of the city just named, not the home
        if mentions[i].kind == "reference" and mentions[i - 1].span[1] == mentions[i].span[0] \
                and mentions[i - 1].kind in ("name", "zone"):
            flags[i] = False
    # The rest of a list after a destination (赴深圳、上海) and lists ending in 等地 are destinations too.
    for i in range(1, len(mentions)):
        gap = text[mentions[i - 1].span[1] : mentions[i].span[0]]
        if not flags[i - 1] and (gap in _LIST_JOIN or _PLACES_BETWEEN.fullmatch(gap)):
            flags[i] = False  # 在北京中关村、亦庄和通州新设: places between two of a list are listed too
    for i, m in enumerate(mentions):
        if text[m.span[1] : m.span[1] + 3].startswith(("等地", "等城市", "等国", "等省")):
            for j in _list_around(s, i):
                flags[j] = False
    return flags


def _list_around(s: Sentence, i: int) -> list[int]:
    """The indexes of the 、-list (济南、青岛、潍坊) that mention i belongs to."""
    mentions, text = s.mentions, s.text
    first = last = i
    while first > 0 and text[mentions[first - 1].span[1] : mentions[first].span[0]] in _LIST_JOIN:
        first -= 1
    while last + 1 < len(mentions) and text[mentions[last].span[1] : mentions[last + 1].span[0]] in _LIST_JOIN:
        last += 1
    return list(range(first, last + 1))


_PLACES_BETWEEN = re.compile(r"(?:[\u4e00-\u9fff]{1,6}?[、和及])+")
_NUMERALS_ONLY = re.compile(r"[一二两三四五六七八九十\d]*")
_LIST_OF_CITIES_AFTER = re.compile(r"(?:等|\d+市|[一二三四五六七八九十]+市)")


def _common_parent(regions: list[Region], gaz: Gazetteer) -> Region | None:
    chains = [[r, *gaz.ancestors(r)] for r in regions]
    for candidate in chains[0][1:]:
        if all(candidate.key in {a.key for a in chain} for chain in chains[1:]):
            return candidate
    return None


def _zone_of(owner: Region | None, standard_suffix: str, gaz: Gazetteer) -> Region | None:
    """市开发区 / 经开区: the zone of `owner` (or `owner` itself when it is a zone)."""
    if owner is None or owner.level == "zone" or (standard_suffix and owner.name.endswith(standard_suffix)):
        return owner  # 新区 in a report of 雄安新区 is 雄安新区 itself
    name = zone_name(owner, short_name(owner.name) or owner.name, standard_suffix, "short")
    known = gaz.named(name)
    return known[0] if known else Region(f"zone:{name}", name, "zone", owner.key)


def _resolve_reference(level: str | None, running: Running, article: ArticleContext,
                       deictic: bool = False) -> Region | None:
    """我市 / 全区 / 该县: the latest fitting region named so far (or its ancestor), else home;
    `deictic` (我市, 本市, 全市) means home first when home fits the level."""
    if level is None:
        return running.topic or article.home
    if deictic and article.home is not None and reference_fits(article.home, level):
        return article.home
    for region in reversed(running.mentions[-12:]):
        fitting = _fitting(region, level, article.gazetteer)
        if fitting is not None:
            return fitting
    return _fitting(article.home, level, article.gazetteer) if article.home is not None else None


def _fitting(region: Region, level: str, gaz: Gazetteer) -> Region | None:
    """The region itself or its nearest ancestor that a reference of `level` (市, 县, 区…) can mean."""
    return next((r for r in (region, *gaz.ancestors(region)) if reference_fits(r, level)), None)


def _mention_region(m: RegionMention, running: Running, article: ArticleContext) -> Region | None:
    if m.kind in ("name", "zone"):
        return m.region
    if m.kind == "reference":
        return _resolve_reference(m.level, running, article, deictic=m.text[0] in "我本全")
    # zone_reference: 市开发区 (the zone of the city in context) or a bare 经开区 (the latest zone named)
    home = article.home
    if m.level is None and home is not None and m.zone_suffix and home.name.endswith(m.zone_suffix):
        return home  # 新区 in a report of 雄安新区
    if m.level is None:
        for region in reversed(running.mentions[-12:]):
            if region.level == "zone":
                return region
        owner = running.topic or article.home
    else:
        owner = _resolve_reference(m.level, running, article)
    return _zone_of(owner, m.zone_suffix or "", article.gazetteer)


def _respective_run(q: Quantity, s: Sentence, after: int) -> list[Quantity]:
    """The numbers listed after 分别 (分别为312个、186个和154个) that `q` is one of, in order; [] otherwise."""
    text = s.text
    at = text.find("分别", after, q.span[0])
    if at == -1:
        return []
    run: list[Quantity] = []
    for p in s.quantities:
        if p.span[0] < at or p.kind != q.kind or p.unit != q.unit:
            continue
        if run and text[run[-1].span[1] : p.span[0]] not in ("、", "和", "及", ","):
            break
        run.append(p)
    return run if q in run else []


def _same_sentence_referent(s: Sentence, index: int, flags: list[bool], article: ArticleContext) -> Region | None:
    """What a reference means when the article has no home that fits it, or what 该市 means: the latest
    fitting place named before it in its own sentence (清远市投资促进局表示,全市力争…; 张掖市商务局负责人
    介绍,该市…)."""
    m = s.mentions[index]
    home = article.home
    if m.kind != "reference" or m.level is None:
        return None
    if home is not None and reference_fits(home, m.level) and not m.text.startswith("该"):
        return None
    for i in range(index - 1, -1, -1):
        named = s.mentions[i]
        if flags[i] and named.kind in ("name", "zone") and named.region is not None:
            fitting = _fitting(named.region, m.level, article.gazetteer)
            if fitting is not None:
                return fitting
    return None


def _respective_money_word(q: Quantity, s: Sentence) -> list[Hit]:
    """The money word that amounts listed after 分别 share (到位资金居前三,分别为42.7亿元、24.6亿元): the last
    one before 分别, with no number between them."""
    at = s.text.rfind("分别", 0, q.span[0])
    if at == -1 or not _respective_run(q, s, at):
        return []
    words = [h for h in s.terms(0, at) if h[2].role in ("money", "amount")]
    if not words or any(words[-1][1] <= p.span[0] < at for p in s.quantities):
        return []
    return words[-1:]


_ALL_OF_THEM = re.compile(r"^[均都]|[均都](?:已)?(?:超过|突破|达到|在|有|达|为)?了?$")
_REST = re.compile(r"\s*(?:其余|其他|剩余|另有)")


def _rest_of_breakdown(q: Quantity, s: Sentence, flags: list[bool], running: Running,
                       article: ArticleContext) -> Region | None:
    """…;徐水区、满城区各签约3个;其余14个项目分布在其他县(市、区): the rest of a breakdown by place is
    the whole's, the region the places listed before are parts of."""
    at = s.text.rfind(";", 0, q.span[0])
    if at == -1 or not _REST.match(s.text, at + 1):
        return None
    parts = [r for i, m in enumerate(s.mentions) if flags[i] and m.kind == "name" and m.span[1] <= at
             and (r := _mention_region(m, running, article)) is not None]
    if len(parts) < 2:
        return None
    return _common_parent(parts, article.gazetteer)


def _owners_for(q: Quantity, s: Sentence, flags: list[bool], running: Running, article: ArticleContext) -> list[Region]:
    """The region(s) a number belongs to: nearest owner before it, a list's parent, or each of a 各-list."""
    text = s.text
    rest = _rest_of_breakdown(q, s, flags, running, article)
    if rest is not None:
        return [rest]
    index = max((i for i, m in enumerate(s.mentions) if flags[i] and m.span[1] <= q.span[0]
                 and not _listed_part_before(s, m, q)), default=None)
    while index is not None:
        members = _list_around(s, index)
        gap = text[s.mentions[members[-1]].span[1] : q.span[0]]
        if len(members) > 1:
            regions = [r for r in (_mention_region(s.mentions[j], running, article) for j in members) if r]
            respective = _respective_run(q, s, s.mentions[members[-1]].span[1])
            if len(respective) == len(regions):  # 合肥、芜湖、滁州…分别为312个、186个、154个
                return [regions[respective.index(q)]]
            if gap.startswith("各") or _ALL_OF_THEM.search(gap):  # 各签约4个, 均超过100个, 新签约项目都超过了50个
                return regions
            if _NUMERALS_ONLY.fullmatch(gap):
                # 北京、上海、深圳五个驻外招商局: the places describe what is counted; look further back.
                index = max((i for i in range(members[0]) if flags[i]), default=None)
                continue
            if not _CLAUSE_COMMA.search(gap) or _LIST_OF_CITIES_AFTER.match(gap):
                parent = _common_parent(regions, article.gazetteer)
                if parent is not None:
                    return [parent]
        region = _same_sentence_referent(s, index, flags, article) or _mention_region(s.mentions[index], running, article)
        if region is not None:
            if text[s.mentions[index].span[1] :].startswith("等"):
                parent = article.gazetteer.parent(region)
                return [parent] if parent is not None else [region]
            return [region]
        index = max((i for i in range(index) if flags[i]), default=None)
    if running.event_region is not None and any(
            h[2].role == "activity" and h[2].value == "promotion_events" for h in s.hits):
        return [running.event_region]  # 洽谈会上共有42个项目签约: the event's place
    fallback = running.topic or article.home
    if running.event_region is not None and running.event_since > running.topic_since:
        fallback = running.event_region  # the event stays the subject until a place is named again
    return [fallback] if fallback is not None else []


def _listed_part_before(s: Sentence, m: RegionMention, q: Quantity) -> bool:
    """…项目12个,其中绥芬河市7个、东宁市3个;实际使用外资4860万美元: a place listed as a part after 其中 owns
    nothing after the ; that closes its list."""
    close = s.text.find(";", m.span[1], q.span[0])
    if close == -1:
        return False
    opened = s.text.rfind(";", 0, m.span[0])
    return s.text.find("其中", opened + 1, m.span[0]) != -1


def _sentence_subject(s: Sentence, flags: list[bool], running: Running, article: ArticleContext) -> Region | None:
    """The region a sentence is about: an owner mention heading its clause, not a list item or co-signer."""
    for i, m in enumerate(s.mentions):
        if not flags[i] or not _clause_prefix_is_framing(s, m.span[0]):
            continue
        if i + 1 < len(s.mentions) and s.mentions[i + 1].span[0] == m.span[1] and flags[i + 1] \
                and s.mentions[i + 1].kind in ("name", "zone"):
            continue  # 太原市小店区: the district the city's name only places
        if _PARTS_AHEAD.match(s.text, s.clause_of(m.span[0])[0]) or s.text.startswith("其中"):
            continue  # 其中,厦门签约项目8个: a part, not what the sentences after are about
        if _NUMBER_AHEAD.match(s.text, m.span[1]) or _COSIGNER_AFTER.match(s.text, m.span[1]):
            continue
        if m.kind in ("name", "zone") and m.region is not None \
                and not article.gazetteer.related(m.region, article.home):
            continue  # another city's figure (同属…的肇庆市前三季度…) or a source (香港) is not what follows is about
        region = _mention_region(m, running, article)
        if region is not None:
            return region
    return None


# ---------------------------------------------------------------------------------------------
# Periods

_PARENTHESES = re.compile(r"\([^)]*\)")
_LEADING_PARENTHESES = re.compile(r"^\([^)]*\)")
_QUOTES = re.compile(r"[“”‘’\"《》]")
_PARTS_AHEAD = re.compile(r"\s*其中")
_NUMBER_AHEAD = re.compile(r"(?:\d|[一二两三四五六七八九十]+[个家项])")
_COMPLETING_BEFORE = re.compile(r"完成[^,;。]{0,4}$")
# Nouns that name an event: a year right before one is in its name (2024年…集中签约仪式).
_EVENT_NOUNS = "仪式|推介会|洽谈会|大会|博览会|交易会|论坛|签约活动|招商会|说明会|峰会|恳谈会|对接会"
_EVENT_NAME_AFTER = re.compile(rf"[^,;。\d]{{0,30}}?(?:{_EVENT_NOUNS})")
_RELATIVE_YEARS = ("今年", "去年", "明年", "本年", "全年")  # never in an event's name (今年计划举办集中签约活动4次)
_TARGET_AHEAD = re.compile(r"[^,;。%]{0,30}?\d[\d.]*(?:个|项|亿元|万元|亿美元)[^,;。%]{0,4}的?(?:目标|任务)")
_NOT_YET_BEFORE = re.compile(r"(?:尚未|未|没有|待|拟于近期|近期|拟)[^,;。]{0,3}$")
_LIST_FILLERS = re.compile(r"[、和及与过超\s]")
_CLAUSE_COMMA = re.compile(r"[,;]")
_GOING_OUT = re.compile(r"赴|外出|前往|奔赴|出访|走出去")
_STAGE_WORDS = re.compile(r"项目")  # only a sentence about projects can set the running stage
_SAME_TIME = re.compile(r"\s*(?:同月|当月|同日|当日|当天|同期|同时)")
_COMPARISON_BEFORE = re.compile(r"(?:比|较|与|同|和|于)$")
_EVENT_CUES = ("day", "days", "month")


# 全年力争…, 将…全年: the year ahead, whatever year the paragraph was about
_PLAN_AHEAD = re.compile(r"(?:力争|确保|计划|目标|预计|要|将)")
_PLAN_BEFORE = re.compile(r"(?:力争|确保|计划|目标|预计|将)[^,;。]{0,12}$")


def _sentence_periods(text: str, years: YearContext, running: Running,
                      found: list[PeriodMention]) -> list[PeriodMention]:
    """Time expressions of a sentence (`found`, plus 今天/11日 against the running date) that can
    date a number: not 比去年同期, not a dateline, not the span of a plan (完成年度计划)."""
    month, year = (running.period.start_month, running.period.year) if running.period is not None else (None, None)
    extra = [p for p in find_relative_days(text, years, month, year, running.period)
             if not any(p.span[0] < o.span[1] and o.span[0] < p.span[1] for o in found)]
    kept: list[PeriodMention] = []
    frame = running.frame
    for p in sorted(found + extra, key=lambda p: p.span):
        if p.cue == "since" and years.month is None and frame is not None and frame.year == years.year \
                and frame.last_month is not None:
            p = replace(p, period=Period(years.year, 1, frame.last_month))  # 今年以来 after 截至8月底
        if p.cue == "now" and years.month is None and frame is not None:
            p = replace(p, period=frame)  # 目前 in an undated report of 1-10月: as of the report's frame
        if text.startswith("全年", p.span[0]) and p.span[1] - p.span[0] == 2:
            # 2023年,成都高新区全年… / 全年 in a paragraph about 2023: that whole year
            years_before = [k.period for k in kept if k.cue == "year" and k.period.start_month is None]
            ahead = _PLAN_AHEAD.match(text, p.span[1]) or _PLAN_BEFORE.search(text, 0, p.span[0])
            whole = years_before[-1] if years_before else (None if ahead else frame)
            if whole is not None and whole.year is not None and whole.start_month is None:
                p = replace(p, period=Period(whole.year))
        if p.cue == "to_date" and frame is not None and frame.end_year not in (None, frame.year) \
                and (frame.end_year, frame.last_month) == (p.period.year, p.period.last_month):
            p = replace(p, period=frame)  # 截止到6月底 within 2020年1月至2021年6月
        start, end = p.span
        if _COMPARISON_BEFORE.search(text, max(0, start - 1), start) \
                or text.startswith(("同期", "电", "讯", "基础上"), end):
            continue
        if p.cue in ("year", "quarter", "half", "months") and not text.startswith(_RELATIVE_YEARS, start) \
                and _EVENT_NAME_AFTER.match(text, end):
            continue  # 2024年延吉市重点项目集中签约仪式, 2025年一季度重大项目集中签约仪式: a name, not a time frame
        if p.cue == "year" and text.startswith("今年", start) \
                and any(k.cue == "to_date" and k.period.year == p.period.year for k in kept):
            continue  # 截至10月底,今年签约项目中…: 今年 names which projects, the date is as of 10月底
        if _COMPLETING_BEFORE.search(text, max(0, start - 6), start) and not _TARGET_AHEAD.match(text, end):
            continue  # 完成年度计划的31.5%: the plan's span (but 完成全年新签约项目300个的目标任务 dates the target)
        kept.append(p)
    return kept


def _period_for(q: Quantity, s: Sentence, reserved: dict[int, PeriodMention], running: Running) -> Period | None:
    """The nearest time before the number, else one in its own noun phrase or later in the sentence, else the frame."""
    own = reserved.get(q.span[0])
    if own is not None:
        return own.period
    taken = {id(p) for p in reserved.values()}
    before = [p for p in s.periods if p.span[1] <= q.span[0] and id(p) not in taken]
    if before:
        nearest = before[-1]
        horizon = _PLAN_BEFORE.search(s.text, s.clause_of(nearest.span[0])[0], nearest.span[0])  # 确保上半年…
        if not _clause_prefix_is_framing(s, nearest.span[0]) and not s.text.startswith("全年", nearest.span[0]) \
                and not horizon:
            # 12月26日,芜湖市2022年第四批… / 3月18日,…举行一季度重大项目集中签约: a time inside a name does not
            # replace the finer time that heads the sentence
            finer = [p for p in before[:-1] if _contains(nearest.period, p.period)
                     and _clause_prefix_is_framing(s, p.span[0])]
            if finer:
                return finer[-1].period
        return nearest.period
    after = [p for p in s.periods if p.span[0] >= q.span[1] and p.cue != "year" and id(p) not in taken]
    if after:
        return after[0].period
    return running.period


def _update_period(s: Sentence, subject: Region | None, running: Running, has_facts: bool) -> None:
    """Framing expressions (at the head of their clause, not 目前) set the running period, and the
    cumulative ones (not a day or a month) the frame; a bare year in a sentence without facts (今年 in a
    quote after 10月28日) changes neither."""
    for p in s.periods:
        if p.cue == "now":
            continue  # 目前 dates its own sentence only
        if _clause_prefix_is_framing(s, p.span[0]):
            if not has_facts and p.cue == "year" and running.period is not None and _contains(p.period, running.period):
                continue  # 今年 in a quote after 10月28日 neither moves the date nor widens the frame
            running.period = p.period
            topic = subject or running.topic
            running.period_topic = topic.key if topic is not None else None
            if p.cue not in _EVENT_CUES:
                running.frame = p.period


def _contains(outer: Period, inner: Period) -> bool:
    """Whether `outer` covers every month of `inner` and is wider."""
    if outer.year != inner.year or outer.end_year not in (None, outer.year):
        return False
    o1, o2 = outer.start_month or 1, outer.last_month or 12
    i1, i2 = inner.start_month or 1, inner.last_month or 12
    return o1 <= i1 and i2 <= o2 and (o1, o2) != (i1, i2)


def _is_single_date(period: Period) -> bool:
    """One day or one month (an event's date), not a span."""
    if period.start_day is not None:
        return period.end_day in (None, period.start_day) and period.last_month == period.start_month
    return period.start_month is not None and period.start_month == period.end_month


def _is_event_period(period: Period) -> bool:
    return period.start_day is not None or (period.start_month is not None and period.start_month == period.end_month)


# ---------------------------------------------------------------------------------------------
# Counts

# Words around a qualifier that are not part of it (新签约…项目达: 新, 达), longest first.
_LEADING_FILLERS = ("经认定", "招商引资", "实际到位", "实际利用", "其中", "累计", "共计", "合计", "涉及", "包括", "到位", "共有", "达到", "成功", "集中", "现场", "正式", "认定", "全市",
                    "全省", "全县", "全区", "我市", "本市", "该区", "该县", "当月", "当天", "当日", "当年", "今年", "签约", "引进", "实现", "还有", "就有", "投资",
                    "共", "仅", "已", "有", "达", "为", "是", "的", "了", "从", "在", "以", "中")
_TRAILING_FILLERS = ("就有", "达到", "个数", "分别", "的", "等", "中", "有", "达", "为", "共", "了", "各", "均", "都")
# Words that name the whole genre, so qualify nothing (签下招商项目15个).
_GENERIC_SCOPES = frozenset({"招商", "招商引资"})
# An origin, however written (直接来源于香港的), in the contract's form: 来自香港.
_ORIGIN_START = re.compile(r"^(?:直接)?(?:来源于|来自于|源自)")
_NEWS_LEAD = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:日报|晚报|时报|本报|新闻|网|电|台)讯\s*")  # 吉林日报讯(记者…)
_SCOPE_FILLERS = re.compile(f"^(?:{'|'.join(_LEADING_FILLERS)})+|(?:{'|'.join(_TRAILING_FILLERS)})+$")
_RANGE_SCOPE = re.compile(r"([\d.]+(?:至|-|—|~)[\d.]+(?:亿元|万元|亿美元|万美元))")
_THRESHOLD_SCOPE = re.compile(
    r"(?:投资总额|总投资额|总投资|投资额|投资)?(?:在)?(?P<pre>超过|超|过|逾)?(?P<num>[\d.]+|百|千)?"
    r"(?P<unit>亿元|万元|亿美元|万美元)(?:\([^)]*\))?(?P<post>及以上|以上)?")


def _clean_scope(text: str) -> str:
    """The shortest qualifier: 新签约亿元(1000万美元)以上 -> 亿元以上, 来自上海及周边地区的 -> 来自上海及周边地区."""
    text = _NEWS_LEAD.sub("", _QUOTES.sub("", _PARENTHESES.sub("", text)).strip(" ,、()"))
    span = _RANGE_SCOPE.search(text)
    if span:  # 3至5亿元以上项目 -> 3至5亿元
        return span.group(1)
    m = _THRESHOLD_SCOPE.search(text)
    if m and (m.group("pre") or m.group("post") or m.group("num") is None):
        number = {"百": "100", "千": "1000"}.get(m.group("num") or "", m.group("num") or "")
        threshold = f"{number}{m.group('unit')}以上"
        rest = _SCOPE_FILLERS.sub("", (text[: m.start()] + text[m.end() :]).strip())
        return threshold if not rest or len(rest) > 8 else threshold + rest
    previous = None
    while previous != text:
        previous, text = text, _SCOPE_FILLERS.sub("", text)
    text = _ORIGIN_START.sub("来自", text)
    return text if len(text) <= 20 and text not in _GENERIC_SCOPES else ""


# 以上 after an amount makes it a size class, also after its equivalent in brackets: 亿元(1000万美元)以上.
_ABOVE_AFTER = re.compile(r"(?:\([^)]*\))?及?以上")


def _scope_between(s: Sentence, *ranges: tuple[int, int]) -> str:
    """The qualifier written in the given ranges of a sentence, without stage, plan and done words
    and without place names (the place is the fact's region, not its scope)."""
    pieces = []
    for start, end in ranges:
        drop = []
        for h_start, h_end, term in s.terms(start, end):
            if term.role in ("stage", "target", "actual", "amount"):
                new_before = h_start > start and s.text[h_start - 1] == "新"  # 新签约, 新开工
                drop.append((h_start - new_before, h_end))
        drop += [m.span for m in s.mentions if start <= m.span[0] and m.span[1] <= end
                 and not is_destination(s.text, m.span[0])]  # 来自上海 stays: an origin is a qualifier
        drop += [p.span for p in s.periods if start <= p.span[0] and p.span[1] <= end]
        drop += [q.span for q in s.quantities if start <= q.span[0] and q.span[1] <= end
                 and q.kind == "money" and q.approx == "exact" and not _ABOVE_AFTER.match(s.text, q.span[1])
                 and s.text[q.span[0] - 1 : q.span[0]] not in ("过", "超", "在")]
        drop = [d for d in sorted(set(drop)) if not any(o != d and o[0] <= d[0] and d[1] <= o[1] for o in drop)]
        text = s.text[start:end]
        for d_start, d_end in sorted(drop, reverse=True):
            text = text[: d_start - start] + text[d_end - start :]
        pieces.append(text)
    return _clean_scope("".join(pieces))


_FROM_OUTSIDE = re.compile(r"^[省市县区]外")  # 省外资金, 市外到位资金: funds from outside the region


def _scope_in_word(word: str) -> str:
    """The qualifier a money word carries in itself: 省外资金 -> 省外."""
    m = _FROM_OUTSIDE.match(word)
    return m.group(0) if m else ""


def _unit_fits(lex: Lexicon, unit: str, metric: str) -> bool:
    allowed = lex.units.get(unit)
    if allowed is None:
        return False
    return ("project" in allowed) if metric.endswith("_projects") else metric in allowed


def _negated(text: str, pos: int) -> bool:
    """A stage word that has not happened: 尚未开工, 拟于近期开工."""
    return bool(_NOT_YET_BEFORE.search(text, max(0, pos - 8), pos))


def _negated_later_stage(hits: list[Hit], text: str) -> bool:
    """尚未开工 / 拟于近期开工: a project signed but not yet started or completed."""
    return any(h[2].role == "stage" and h[2].value in ("started", "completed") and _negated(text, h[0]) for h in hits)


_BROUGHT_IN = ("引进", "招引")  # stage words that say a project came, not how far it got


def _pick_stage(stages: list[Hit], limit: int, s: Sentence) -> str:
    """The stage word nearest before `limit`; 引进/招引 yield to a specific stage word."""
    before = [h for h in stages if h[0] < limit] or stages
    specific = [h for h in before if h[2].text not in _BROUGHT_IN]
    return _stage_of((specific or before)[-1], s)


def _stage_of(hit: Hit, s: Sentence) -> str:
    """A stage word's stage. 引进/招引 take the stage from the money reported with them: an agreed or planned
    amount (引进项目43个,协议总投资202亿元) means signed projects, funds in place (引进项目929个,
    到位资金1147亿元) landed ones; without either, the word's own stage (引进 landed, 招引 signed)."""
    term = hit[2]
    if term.text not in _BROUGHT_IN:
        return term.value
    end = _place_part_end(s, hit[1])  # the money of this part of the sentence, not of the place after ;
    money = [h[2] for h in s.hits if hit[1] <= h[0] < end and h[2].role in ("money", "amount")]
    if any(_AGREED.search(t.text) for t in money):
        return "signed"
    if money and all(t.role == "money" and t.value in ("actual_investment", "foreign_investment_utilized") for t in money):
        return "landed"
    return term.value


_AGREED = re.compile(r"协议|合同|签约|计划")  # 计划总投资: the planned total of signed projects


def _place_heads(s: Sentence, pos: int) -> bool:
    """A place is named right at `pos` (湖口县 in …首位;湖口县依托…)."""
    return any(pos <= m.span[0] <= pos + 1 and m.kind in ("name", "zone") for m in s.mentions)


def _place_part_start(s: Sentence, pos: int) -> int:
    """Where the part of a sentence about one place begins: after the last ; before `pos` that a place
    heads (…首位;湖口县…41个;彭泽县签约总额…), else the sentence's start (-1)."""
    at = s.text.rfind(";", 0, pos)
    while at != -1 and not _place_heads(s, at + 1):
        at = s.text.rfind(";", 0, at)
    return at


def _place_part_end(s: Sentence, pos: int) -> int:
    """Where the part of a sentence about one place that holds `pos` ends (see `_place_part_start`)."""
    at = s.text.find(";", pos)
    while at != -1 and not _place_heads(s, at + 1):
        at = s.text.find(";", at + 1)
    return len(s.text) if at == -1 else at


def _combined_stages(text: str, stages: list[Hit]) -> bool:
    """签约、在建项目达26个: one number that adds two stages is not reported."""
    return any(t1.value != t2.value and text[e1:s2] in _LIST_JOIN
               for (_s1, e1, t1), (s2, _e2, t2) in zip(stages, stages[1:], strict=False))


def _read_count(q: Quantity, s: Sentence, lo: int, hi: int, lex: Lexicon, running: Running) -> Reading | None:
    """The metric of a count from the words in its window [lo, hi) (clause, bounded by neighbouring numbers)."""
    reading = _read_count_words(q, s, lo, hi, lex, running)
    if reading is not None and reading.metric == "promotion_events" and q.unit in ("次", "批次", "批") \
            and _GOING_OUT.search(s.text, s.clause_of(q.span[0])[0], q.span[0]):
        return Reading("promotion_trips", reading.scope)  # 赴上海、深圳开展招商活动12次: trips, not events held
    return reading


def _read_count_words(q: Quantity, s: Sentence, lo: int, hi: int, lex: Lexicon,
                      running: Running) -> Reading | None:
    unit, text = q.unit, s.text
    if unit not in lex.units:
        return None
    q_start, q_end = q.span
    if unit == "个" and text[q_end : q_end + 1] == "月":
        return None
    before_hits = s.terms(lo, q_start)
    after_hits = s.terms(q_end, hi)
    after_text = _LEADING_PARENTHESES.sub("", text[q_end:hi])
    if after_text and ("\u4e00" <= after_text[0] <= "\u9fff" or after_text[0] in "“\"") \
            and not _JOINED_NUMBER.match(text, q_end):
        return _read_number_first(q, s, before_hits, after_hits, lex, running)
    return _read_number_last(q, s, lo, before_hits, lex, running)


# After a count, not a noun phrase: the next number of a list (186个和154个), or the plan it is part of
# (新签约亿元以上项目300个的目标任务).
_JOINED_NUMBER = re.compile(r"[和及与][\d一二两三四五六七八九十]|的(?:目标|任务|计划)")


def _read_number_first(q: Quantity, s: Sentence, before_hits: list[Hit], after_hits: list[Hit], lex: Lexicon,
                       running: Running) -> Reading | None:
    """N + noun phrase (+ verb): the head noun is the last noun-like word before the verb that follows it."""
    unit, text, q_end = q.unit, s.text, q.span[1]
    phrase: list[Hit] = []
    verb = None
    for hit in after_hits:
        if hit[2].role == "stage" and phrase:
            verb = hit
            break
        if hit[2].role in ("noun", "team", "activity", "exclude"):
            phrase.append(hit)
    # The head is the first 项目 (6个项目来自行业龙头企业), else the last noun-like word (12家意向企业).
    head = next((h for h in phrase if h[2].role == "noun" and h[2].value == "project"), phrase[-1] if phrase else None)
    if head is None or head[2].role == "exclude":
        return None
    if head[2].role == "noun" and any(h[2].role == "exclude" for h in phrase if h[0] < head[0]):
        return None  # 19个重点考核园区…项目: the number counts the 园区
    if any(h[2].role == "exclude" and text.startswith("的", h[1]) for h in phrase if h[0] < head[0]):
        return None  # 4条招商人员的招商队伍: people
    scope = _scope_between(s, (q_end, head[0]))
    size = _SIZE_AFTER.search(text, head[1], s.clause_of(q.span[0])[1])
    if size and not scope:  # 4个项目投资过50亿元: the size class is the qualifier
        scope = _clean_scope(size.group(0) + "以上")
    if head[2].role == "team":
        return Reading("promotion_teams", _scope_between(s, (q_end, head[1])))
    if head[2].role == "activity":
        return Reading(head[2].value, scope) if _unit_fits(lex, unit, head[2].value) else None
    visits = [h for h in before_hits if h[2].role == "activity"]
    if head[2].value == "company" and visits and visits[-1][2].value == "companies_visited":
        return Reading("companies_visited", scope)
    stage = None
    if verb is not None and not _negated(text, verb[0]):
        stage = _stage_of(verb, s)
    else:
        later = [h for h in after_hits if h[2].role == "stage" and not _negated(text, h[0])]
        earlier = [h for h in before_hits if h[2].role == "stage" and not _negated(text, h[0])]
        if later:
            stage = _stage_of(later[-1], s)
        elif earlier:
            stage = _pick_stage(earlier, q.span[0], s)
        elif head[2].value == "project" and running.metric and running.metric.endswith("_projects") \
                and not (text[q.number_span[0] : q.number_span[1]] == "一" and head[0] == q_end) \
                and not _ON_OFFER.search(text, s.clause_of(q.span[0])[0], q.span[0]):
            # a bare 一个项目 without a stage of its own is a phrase (让一个项目带来一串项目), not a count
            stage = running.metric.removesuffix("_projects")
    if stage is None:
        return None
    metric = f"{stage}_projects"
    return Reading(metric, scope) if _unit_fits(lex, unit, metric) else None


# Projects on offer, not at a stage (发布了…共计40个重点招商项目清单, 推介项目1962个).
_ON_OFFER = re.compile(r"发布|推介|推出|展示|包装|策划|储备|谋划")


def _read_number_last(q: Quantity, s: Sentence, lo: int, before_hits: list[Hit], lex: Lexicon,
                      running: Running) -> Reading | None:
    """noun (+ verb) + N: the nearest words before the number decide."""
    unit, text, q_start = q.unit, s.text, q.span[0]
    for _start, _end, term in reversed(before_hits):
        if term.role == "exclude":
            in_talks = any(h[2].role == "stage" and h[2].value == "negotiated" for h in before_hits)
            if not (term.text == "信息" and in_talks):
                return None
            break
        if term.role in ("noun", "team", "activity", "stage"):
            break
    teams = [h for h in before_hits if h[2].role == "team"]
    activities = [h for h in before_hits if h[2].role == "activity"]
    nouns = [h for h in before_hits if h[2].role == "noun"]
    stages = [h for h in before_hits if h[2].role == "stage" and not _negated(text, h[0])]
    unit_allowed = lex.units.get(unit, frozenset())
    words = [h for h in before_hits if h[2].role in ("team", "activity", "noun", "stage")]
    if words and words[-1][2].role == "team" and teams:
        formed = _FORMED.match(text, lo, teams[-1][0])  # 在长沙、深圳…设立驻外招商工作站7个: what was set up
        return Reading("promotion_teams", _scope_between(s, (formed.end() if formed else lo, teams[-1][1])))
    visiting = bool(activities) and bool(nouns) and nouns[-1][2].value == "company" \
        and activities[-1][2].value == "companies_visited"
    if activities and ("project" not in unit_allowed or not nouns or activities[-1][0] > nouns[-1][0] or visiting):
        for _s, end, term in activities:  # the verb (拜访) comes before its object (客商)
            if _unit_fits(lex, unit, term.value):
                # not the tail of 招商推介会, nor the next item of a list (推介会、项目对接会17场)
                listed = "、" in text[end:q_start] or text.startswith(("和", "及"), end)
                scope = "" if listed else _scope_between(s, (end, q_start))
                return Reading(term.value, scope if len(scope) > 2 else "")
        if "project" not in unit_allowed:
            return None
    if nouns and stages:
        if _combined_stages(text, stages):
            return None
        noun = nouns[-1]
        # 签约项目中已开工建设53个: a stage after 项目中 is the count's, the one before names the whole
        own = [h for h in stages if h[0] > noun[1] and text.startswith("中", noun[1])]
        metric = f"{_stage_of(own[-1], s) if own else _pick_stage(stages, noun[0], s)}_projects"
        if not _unit_fits(lex, unit, metric):
            return None
        stage_end = max((h[1] for h in stages if h[1] <= noun[0]), default=lo)
        after_noun = [] if own else [(noun[1], q_start)]  # …项目中已开工建设53个: no qualifier after 中
        scope = _scope_between(s, (stage_end, noun[0]), *after_noun)
        return Reading(metric, scope or _threshold_scope(s, lo, noun[0]))  # 亿元以上签约项目386个
    if nouns and not stages and _negated_later_stage(before_hits, text):
        return Reading("signed_projects", _scope_between(s, (lo, nouns[-1][0])))  # 拟于近期开工项目1个
    if nouns and running.metric and running.metric.endswith("_projects") and not _stock_of_companies(nouns[-1], s, q_start):
        noun = nouns[-1]
        if _unit_fits(lex, unit, running.metric):
            return Reading(running.metric, _scope_between(s, (lo, noun[0]), (noun[1], q_start)))
        return None
    if not nouns and stages and "project" in unit_allowed and len(text[stages[-1][1] : q_start]) <= 2:
        metric = f"{_pick_stage(stages, q_start, s)}_projects"
        if _unit_fits(lex, unit, metric):
            return Reading(metric, _scope_between(s, (stages[-1][1], q_start)))
        return None
    if not before_hits and running.metric and _unit_fits(lex, unit, running.metric) and _bare_item(s, lo, q_start):
        # A bare list item (来安9个, 过20亿元5个) continues the running metric; 数量 counts the
        # projects the clause before names (工业项目唱主角,数量达到47个): their qualifier is the scope.
        named = _projects_named_before(s, lo) if "数量" in text[lo:q_start] else None
        return Reading(running.metric, named or _threshold_scope(s, lo, q_start) or running.scope)
    return None


_FORMED = re.compile(r".*(?:设立|组建|成立|新设|建立|组成|设有)了?")


def _stock_of_companies(noun: Hit, s: Sentence, q_start: int) -> bool:
    """企业超过3000家 with no stage word before it in its sentence: the companies a place has, not a count
    that continues the running stage."""
    return noun[2].value == "company" and not any(h[2].role == "stage" for h in s.terms(0, q_start))


def _projects_named_before(s: Sentence, pos: int) -> str | None:
    """The qualifier of the last 项目 named before `pos` in the sentence, without a number of its own."""
    projects = [h for h in s.terms(0, pos) if h[2].role == "noun" and h[2].value == "project"]
    if not projects:
        return None
    clause_start = s.clause_of(projects[-1][0])[0]
    if any(clause_start <= q.span[0] < pos for q in s.quantities):
        return None
    return _scope_between(s, (clause_start, projects[-1][0])) or None


# A clause that frames what follows: it ends in 来看/中/情况/方面 or starts with 从/在 (read in place, without
# cutting the text: `$` matches at the end given to `search`).
_CONTEXT_CLAUSE_END = re.compile(r"(?:来看|看|中|情况|方面)[,;:]?\s*$")
_CONTEXT_CLAUSE_START = re.compile(r"\s*(?:从|在)")


def _context_reading(s: Sentence, start: int, end: int) -> Reading | None:
    """A stage and 项目 without a number (从5亿元以上项目新开工情况来看, 签约项目中): the metric that
    the bare list items after it (南谯2个) continue."""
    text = s.text
    if not (_CONTEXT_CLAUSE_END.search(text, start, end) or _CONTEXT_CLAUSE_START.match(text, start, end)):
        return None
    hits = s.terms(start, end)
    for i, (h_start, h_end, term) in enumerate(hits):
        if term.role != "stage" or _negated(s.text, h_start):
            continue
        for n_start, n_end, noun in hits:
            if noun.role == "noun" and noun.value == "project" and (0 <= n_start - h_end <= 8 or 0 <= h_start - n_end <= 4):
                phrase_start = max([start] + [h[1] for h in hits[:i] if h[1] <= min(n_start, h_start) and h[2].role != "stage"])
                return Reading(f"{_stage_of(hits[i], s)}_projects", _scope_between(s, (phrase_start, n_start)))
    return None


def _bare_item(s: Sentence, lo: int, q_start: int) -> bool:
    """Only places, size classes, list joiners and a few function words before the number
    (明光、凤阳各3个, 仅市开发区4个, 过20亿元5个)."""
    gap = s.text[lo:q_start]
    for m in s.mentions:
        if lo <= m.span[0] and m.span[1] <= q_start:
            gap = gap.replace(m.text, "")
    for q in s.quantities:
        if lo <= q.span[0] and q.span[1] <= q_start and q.kind == "money":
            gap = gap.replace(s.text[q.span[0] : q.span[1]], "")
    return len(_LIST_FILLERS.sub("", gap)) <= 4


def _threshold_scope(s: Sentence, lo: int, q_start: int) -> str:
    """The size class written in a list item (过20亿元5个 -> 10亿元以上), else ""."""
    for q in s.quantities:
        if lo <= q.span[0] and q.span[1] <= q_start and q.kind == "money":
            written = s.text[q.span[0] : q.span[1]]
            if q.span[0] > 0 and s.text[q.span[0] - 1] in "过超逾":
                written = s.text[q.span[0] - 1] + written
            return _clean_scope(written if written.endswith("以上") else written + "以上")
    return ""


_SIZE_AFTER = re.compile(r"(?:超过|超|过|逾)(?:[\d.]+|[百千])?(?:亿元|万元|亿美元|万美元)")
_RESTATED_BASE_AFTER = re.compile(r"^[^,;。]{0,24}?中(?:,|有|$)")


def _is_restated_base(q: Quantity, s: Sentence) -> bool:
    """在58个新签约项目中 / 12个签约项目中,…: a total restated before its breakdown."""
    clause = s.clause_of(q.span[0])
    head = s.text[clause[0] : q.span[0]]
    if head.endswith(("在", "从")):
        return True
    return bool(_RESTATED_BASE_AFTER.match(s.text[q.span[1] : clause[1]])) and "其中" not in head


def _is_base_of_next(q: Quantity, s: Sentence, index: int) -> bool:
    """30个市重点项目已开工18个: the first count is the base the second is counted from (not the
    first item of a list: 新落地项目15个、新开工项目12个)."""
    if s.text.startswith(("、", ";"), q.span[1]):
        return False
    clause = s.clause_of(q.span[0])
    for p in s.quantities[index + 1 :]:
        if p.span[0] >= clause[1]:
            break
        if p.kind == "count" and p.unit == q.unit:
            between = s.terms(q.span[1], p.span[0])
            if any(h[2].role == "stage" for h in between) and any(h[2].role == "noun" for h in between):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Amounts

_PLAN_AMOUNT_BEFORE = re.compile(r"完成[^,;。]{0,12}?(?:任务|目标)$")
_DELTA_BEFORE = re.compile(r"(?:增加|增长|减少|下降|提高|提升|多出|高出|高于|超出|增|减|翻)(?:了)?(?:近|约|超|超过)?$")
# 均超过, 均达 is "all of them" (大丰区、盐都区均超过100个; 协议投资均超过100亿元), not an average (均投资);
# 均不足10个 is a bound, no figure.
_AVERAGE_BEFORE = re.compile(r"(?:平均|单个项目|每个项目|均(?=[^超达在为突有过已不]))[^,;。]{0,16}$")
_BOUND_OF_ALL = re.compile(r"[均都](?:不足|不到|低于)")
_FREQUENCY_BEFORE = re.compile(r"每(?:周|月|天|日|年|季度)[^,;。]{0,4}$")
# 一个产业、一个专班, 一个项目一个专班; 签约一个、落地一个、投产一个: a working rule or a slogan, not a tally of one.
_DISTRIBUTIVE = re.compile(r"一[个名套支家项条位张][^、,;。“”一]{1,6}(?:、?一[个名套支家项条位张][^、,;。“”一]{1,6})+"
                           r"|(?:[\u4e00-\u9fff]{1,4}一[个批家项]、)+[\u4e00-\u9fff]{1,4}一[个批家项]")
_SINGLE_PROJECT_AFTER = re.compile(
    r"(?:\([^)]*\))?(?:的(?![\d一二两三四五六七八九十百千]+[个项家])[^,;。]{0,40}?项目"
    r"|[\u4e00-\u9fff“”]{2,24}?项目(?![\u4e00-\u9fff]{0,4}[\d一二两三四五六七八九十]+[个项]))")
# A project named by a 的-phrase, then its amount (签约的锂电池正极材料项目总投资25亿元); not a size class.
# Or by its company (江苏中锂新材料集团年产5万吨电池级碳酸锂项目总投资45亿元).
_NAMED_PROJECT_BEFORE = re.compile(
    r"(?:的(?![^,;。]*?(?:以上|亿元|万元))|公司|集团)[^,;。、的]{4,30}项目(?:计划|协议)?(?:总投资|投资总额|投资)(?:额)?"
    r"(?:为|达|约|超|逾)?$")
_COMPANY_INVESTS = re.compile(r"(?:公司|集团)(?:计划|拟|将|追加|增资)?投资(?:约|近|超|逾)?$")
_PROJECT_UNITS = ("个", "项")  # what projects are counted in (年产5万吨 is a capacity, not a count)
_NAMED_PROJECTS = re.compile(r"[\u4e00-\u9fff]{2,}项目、[^,;。]{2,}项目")  # X项目、Y项目…总投资
_SINGLE_SIGNING = re.compile(r"与[^,;。]{2,40}?(?:签约|签署|签订)")
_THRESHOLD_AFTER = re.compile(r"^(?:\([^)]*\))?(?:及以上|以上)?(?:\([^)]*\))?(?:的)?[^\d,;。、]{0,8}?(?:项目|企业)")


_OF_NUMBER_AFTER = re.compile(r"的[\d一二两三四五六七八九十百千]")
_PROJECT_SOON_AFTER = re.compile(r"[^\d,;。、]{0,4}?项目")
_AND_AMOUNT_AFTER = re.compile(r"[和或][\d一二两三四五六七八九十百千]+[亿万]")
_OVER_WORDS = ("超过", "超", "过", "逾")
_COUNT_AFTER = re.compile(r"(?:的)?(?:有|达|共)?[\d一二两三四五六七八九十百千]+[个家项]")
_PROJECT_BEFORE_END = re.compile(r"(?:项目|企业)[^,;。]{0,6}$")


def _is_threshold(q: Quantity, s: Sentence) -> bool:
    """10亿元以上项目, 过亿元项目, 百亿元和50亿元项目, 项目投资额超过2亿美元: a size class, not a fact."""
    if q.kind != "money":
        return False
    text = s.text
    clause = s.clause_of(q.span[0])
    after = text[q.span[1] : clause[1]]
    if q.value == 1 and text[q.number_span[0] : q.number_span[1]] in ("亿", "万"):
        return True  # a bare 亿元 is always a size class (亿元以上项目)
    before = text[max(clause[0], q.span[0] - 3) : q.span[0]]
    if _THRESHOLD_AFTER.match(after) and not _OF_NUMBER_AFTER.match(after):
        if q.approx == "over" or before.endswith(("超", "过", "在")) or after.startswith(("(", "以上", "及以上")) \
                or _PROJECT_SOON_AFTER.match(after):
            return True
    if _AND_AMOUNT_AFTER.match(after):
        return True
    over = q.approx == "over" or before.endswith(_OVER_WORDS)
    if over and _COUNT_AFTER.match(after):
        return True  # 实际投资超5000万美元的有15个: the size class of the 15
    head = text[clause[0] : q.span[0]]
    item = max(clause[0], text.rfind("、", 0, q.span[0]))  # …360个以上、省外项目实际到位资金950亿元以上: two items
    count_before = any(p.kind == "count" and item <= p.span[0] < q.span[0] for p in s.quantities)
    over = over or head.endswith(_OVER_WORDS)
    return count_before and over and bool(_PROJECT_BEFORE_END.search(head)) and "总" not in head


def _follows_count(q: Quantity, s: Sentence, counts: list[Candidate]) -> bool:
    """6个总投资42亿元的项目: an amount right after a count (only a money word between) is the count's total."""
    for c in counts:
        start = c.quantity.span[1]
        if start <= q.span[0]:
            words = s.terms(start, q.span[0])
            if words and all(h[2].role == "amount" for h in words) and \
                    "".join(h[2].text for h in words) == s.text[start : q.span[0]]:
                return True
    return False


def _read_money(q: Quantity, s: Sentence, lo: int, hi: int, counts: list[Candidate], running: Running,
                previous_money: str | None) -> Reading | None:
    """The metric of an amount from the money or amount word before it and the counts around it."""
    text, q_start = s.text, q.span[0]
    before_hits = s.terms(lo, q_start)
    if any(term.role == "exclude" for _s, _e, term in before_hits):
        return None
    money_words = [h for h in before_hits if h[2].role in ("money", "amount")] or _respective_money_word(q, s)
    if not money_words:
        if previous_money and _bare_item(s, lo, q_start) and not s.terms(lo, q_start):
            return Reading(previous_money, "")  # 分别为412.5亿元、206.3亿元; 烟台48亿元、威海26.7亿元
        return None
    specific = [h for h in money_words if h[2].role == "money" and h[2].text not in ("外资", "内资")]
    word_start, _word_end, word = specific[-1] if specific else money_words[-1]
    if word.role == "money":
        metric = word.value
        if word.text == "外资" and previous_money == "signed_investment":
            metric = "foreign_investment_contracted"  # 总引资…,其中外资
        return Reading(metric, _scope_between(s, (lo, word_start)) or _scope_in_word(word.text))
    stages = [h for h in before_hits if h[2].role == "stage" and h[0] < word_start and not _negated(text, h[0])]
    if stages:
        return Reading(f"{_pick_stage(stages, word_start, s)}_investment", "")
    linked = _linked_count(q, s, counts)
    if linked is not None:
        return Reading(linked.metric.replace("_projects", "_investment"), linked.scope)
    later = [h for h in s.terms(q.span[1], hi) if h[2].role == "stage"]
    if later:
        return Reading(f"{later[-1][2].value}_investment", "")
    if word.text in ("投资", "实际投资") and running.money_metric:
        return Reading(running.money_metric, "")
    if _AGREED.match(word.text):  # 江安县协议投资额58.7亿元: agreed, whatever stage the sentence before was at
        return Reading("signed_investment", "")
    if running.metric and running.metric.endswith("_projects"):
        return Reading(running.metric.replace("_projects", "_investment"), "")
    return None


_OF_BETWEEN = re.compile(r"(?:\([^)]*\))?的")


def _linked_count(q: Quantity, s: Sentence, counts: list[Candidate]) -> Candidate | None:
    """The count an amount belongs to: the one right after 的 (总投资385亿元的29个), the one at the
    same place of a 分别 list, else the latest count before it."""
    text = s.text
    following = [c for c in counts if c.quantity.span[0] >= q.span[1]]
    if following and _OF_BETWEEN.fullmatch(text, q.span[1], following[0].quantity.span[0]):
        return following[0]
    part_start = _place_part_start(s, q.span[0])  # counts of another place's part (…41个;彭泽县签约总额…) are not its
    earlier = [c for c in counts if part_start < c.quantity.span[0] and c.quantity.span[1] <= q.span[0]]
    if not earlier:
        return None
    respectively = text.rfind("分别", 0, q.span[0])
    if respectively != -1 and respectively > earlier[-1].quantity.span[1]:
        amounts = [p for p in s.quantities if p.kind == "money" and p.span[0] > respectively
                   and not _in_parentheses(text, p.span[0])]
        listed = [c for c in earlier if c.list_index == 0]
        if q in amounts and len(amounts) <= len(listed):
            return listed[len(listed) - len(amounts) + amounts.index(q)]
    return earlier[-1]


# ---------------------------------------------------------------------------------------------
# Kind and modifiers

_OBJECT_MARKER = re.compile(r"将(?:原有|原来|其|这|此|该|现有|全部|[^,;。]{0,30}?(?:调整为|整合为|作为|列为|改为|转为|提升为))")
_YOY_BEFORE = re.compile(
    r"(?:同比|比去年同期|比上年同期|比上年|较去年同期|较上年)?(?:分别)?(?:继续)?"
    r"(?:增长|增加|上升|提高|提升|增幅为|增幅|增速为|增速|增)(?:了)?(?:为|达|达到)?$")
_FALL_BEFORE = re.compile(r"(?:下降|减少|下滑|回落|降幅为|降幅|降低)(?:了)?(?:为|达)?$")
_SHARE_BEFORE = re.compile(r"(?:占比|比重|占[^,;。完]{0,12}?(?:的)?|率|份额)(?:分别)?(?:为|达|达到|是)?$")
_COMPLETION_BEFORE = re.compile(r"完成[^,;。]{0,14}?(?:的)?$")
# A change on the month before (环比) and a share of a plan (占全年目标任务的) are neither yoy nor share.
_NOT_YEAR_ON_YEAR = re.compile(r"环比[^,;。\d]{0,4}$|占[^,;。]{0,8}?(?:目标|任务|计划)[^,;。]{0,3}$")


def _false_target(text: str, hit: Hit) -> bool:
    start, end, term = hit
    if term.text == "将":
        return bool(_OBJECT_MARKER.match(text, start))
    if term.text == "任务" and re.search(r"完成[^,;。]{0,8}$", text[:start]) and not re.match(r"[\d.]", text[end:]):
        return True
    return False


_PLAN_CLOSES = re.compile(r"的(?:年度|全年)?(?:目标任务|目标)[。,;]?$")


def _kind(q: Quantity, s: Sentence, hi: int) -> str:
    """target when a plan word governs the number: before it in the sentence (no 已/累计 after it in
    the number's clause), or inside the noun phrase after it (132个二季度计划开工项目)."""
    clause = s.clause_of(q.span[0])
    part_start = _place_part_start(s, q.span[0])  # …将落户河东区;兰陵县签约项目4个: another place's plan word
    before = [h for h in s.hits if part_start < h[0] and h[1] <= q.span[0]]
    plans = [h for h in before if h[2].role == "target" and not _false_target(s.text, h)]
    done = [h for h in before if h[2].role == "actual" and h[0] >= clause[0]]
    if plans and not any(a[0] > plans[-1][0] for a in done):
        return "target"
    for hit in s.terms(q.span[1], hi):
        if hit[2].role == "target" and not _false_target(s.text, hit):
            return "target"
        if hit[2].role in ("noun", "team"):
            break
    if _PLAN_CLOSES.search(s.text, q.span[1], clause[1]):
        return "target"  # 确定了全年到位资金710亿元、新签约项目300个的目标任务: the list is the plan
    return "actual"


def _modifier_kind(q: Quantity, text: str) -> str | None:
    """yoy, fall, share or None for a percent, multiple or fraction, from the words just before it."""
    if q.kind == "points" or text.startswith("基础上", q.span[1]) or "基础上" in text[q.span[1] : q.span[1] + 4]:
        return None
    before = text[max(0, q.span[0] - 16) : q.span[0]]
    if _COMPLETION_BEFORE.search(before) or _NOT_YEAR_ON_YEAR.search(before):
        return None  # 完成年度计划的31.5%, 占全年目标任务的85.2%, 环比增长26.7%
    if _YOY_BEFORE.search(before):
        return "yoy"
    if _FALL_BEFORE.search(before):
        return "fall"
    if q.kind in ("percent", "fraction") and _SHARE_BEFORE.search(before):
        return "share"
    return None


def _attach_modifiers(s: Sentence, candidates: list[Candidate]) -> None:
    """Give each fact the yoy and share that follow it; 分别 spreads a list over the facts before it."""
    text = s.text
    mods: list[tuple[Quantity, str]] = []
    for q in s.quantities:
        if q.kind not in ("percent", "multiple", "fraction"):
            continue
        kind = _modifier_kind(q, text)
        if kind is None and mods and text[mods[-1][0].span[1] : q.span[0]] in ("和", "、", "及"):
            kind = mods[-1][1]  # 分别增长20.8%和5.9%: the second figure continues the first
        if kind is not None:
            mods.append((q, kind))
    if not mods or not candidates:
        return
    firsts = sorted((c for c in candidates if c.list_index == 0), key=lambda c: c.quantity.span[0])
    i = 0
    while i < len(mods):
        q, kind = mods[i]
        group = [mods[i]]
        if "分别" in text[max(0, q.span[0] - 12) : q.span[0]]:
            while i + len(group) < len(mods):
                nxt = mods[i + len(group)]
                if nxt[1] != kind or text[group[-1][0].span[1] : nxt[0].span[0]] not in ("和", "、", "及", ","):
                    break
                group.append(nxt)
        previous = [c for c in firsts if c.quantity.span[1] <= q.span[0]]
        targets = previous[-len(group) :] if len(group) > 1 else previous[-1:]
        for (mq, mkind), target in zip(group, targets, strict=False):
            for c in candidates:  # every region of a 各-list shares the modifier
                if c.quantity is target.quantity:
                    _set_modifier(c, mq, mkind)
        i += len(group)


def _set_modifier(c: Candidate, q: Quantity, kind: str) -> None:
    value = q.value * 100 if q.kind == "multiple" else q.value
    if kind in ("yoy", "fall"):
        if c.yoy_pct is None:
            c.yoy_pct = -value if kind == "fall" else value
    elif c.share_pct is None:
        c.share_pct = value


# ---------------------------------------------------------------------------------------------
# One sentence


_T = TypeVar("_T")


def _starting_in(items: list[_T], starts: list[int], base: int, end: int) -> list[_T]:
    """The items (in text order, `starts` their start offsets) that start in [base, end)."""
    return items[bisect_left(starts, base) : bisect_left(starts, end)]


@dataclass(frozen=True)
class ArticleScan:
    """Everything found in an article's text in one pass each, to be cut into sentences.

    Each list is in text order; each `*_starts` holds the start offsets of its list, for bisecting.
    """

    hits: list[Hit]
    quantities: list[Quantity]
    mentions: list[RegionMention]
    periods: list[PeriodMention]
    hit_starts: list[int]
    quantity_starts: list[int]
    mention_starts: list[int]
    period_starts: list[int]

    @staticmethod
    def of(hits: list[Hit], quantities: list[Quantity], mentions: list[RegionMention],
           periods: list[PeriodMention]) -> ArticleScan:
        """A scan over the four lists (each in text order), indexed by start offset."""
        return ArticleScan(hits, quantities, mentions, periods, [h[0] for h in hits],
                           [q.span[0] for q in quantities], [m.span[0] for m in mentions],
                           [p.span[0] for p in periods])

    def terms_in(self, base: int, end: int) -> list[Hit]:
        """Vocabulary hits of text[base:end], relative to base."""
        return [(h[0] - base, h[1] - base, h[2]) for h in _starting_in(self.hits, self.hit_starts, base, end)
                if h[1] <= end]

    def holds_nothing(self, base: int, end: int) -> bool:
        """No number, place or time in text[base:end]: the sentence can only carry a stage forward."""
        for starts in (self.quantity_starts, self.mention_starts, self.period_starts):
            i = bisect_left(starts, base)
            if i < len(starts) and starts[i] < end:
                return False
        return True

    def sentence(self, text: str, base: int, years: YearContext, running: Running) -> Sentence:
        """The sentence text[base:base+len] with its findings, spans relative to the sentence."""
        end = base + len(text)
        return Sentence(
            text=text, base=base,
            hits=self.terms_in(base, end),
            clauses=_clauses(text),
            quantities=[Quantity((q.span[0] - base, q.span[1] - base),
                                 (q.number_span[0] - base, q.number_span[1] - base),
                                 q.value, q.unit, q.kind, q.currency, q.approx, q.upper)
                        for q in _starting_in(self.quantities, self.quantity_starts, base, end) if q.span[1] <= end],
            mentions=[RegionMention((m.span[0] - base, m.span[1] - base), m.text, m.kind, m.candidates, m.level,
                                    m.zone_suffix)
                      for m in _starting_in(self.mentions, self.mention_starts, base, end) if m.span[1] <= end],
            periods=_sentence_periods(text, years, running, [PeriodMention((p.span[0] - base, p.span[1] - base),
                                                                           p.period, p.cue)
                                                             for p in _starting_in(self.periods, self.period_starts,
                                                                                   base, end)
                                                             if p.span[1] <= end]),
        )


@dataclass
class SentenceWork:
    """One sentence being read: what it holds and the facts found so far (grain: one sentence)."""

    s: Sentence
    article: ArticleContext
    running: Running
    flags: list[bool]  # per mention: can it own a number
    facts_like: list[Quantity]  # counts and amounts that can be facts (they bound each other's windows)
    reserved: dict[int, PeriodMention] = field(default_factory=dict)  # a count's own time (by its start)
    counts: list[Candidate] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)

    def window(self, q: Quantity) -> tuple[int, int]:
        """Where the words of a number are read: its clause, bounded by the neighbouring numbers."""
        clause = self.s.clause_of(q.span[0])
        lo = max([p.span[1] for p in self.facts_like if p.span[1] <= q.span[0]] + [clause[0]])
        hi = min([p.span[0] for p in self.facts_like if p.span[0] >= q.span[1]] + [clause[1]])
        return lo, hi

    def add(self, q: Quantity, reading: Reading, hi: int) -> list[Candidate]:
        """Candidates for a read number: one per owner region (and per size class of a 各-list)."""
        s, running, gaz = self.s, self.running, self.article.gazetteer
        kind = _kind(q, s, hi)
        period = _period_for(q, s, self.reserved, running)
        scopes = _respective_scopes(q, s) or [reading.scope]
        regions: list[Region | None] = [*_owners_for(q, s, self.flags, running, self.article)] or [None]
        added = []
        for li, (region, scope) in enumerate((r, sc) for r in regions for sc in scopes):
            own_period = period
            if period is running.period and period is not None and _is_single_date(period) and region is not None \
                    and running.period_topic not in (None, region.key) \
                    and running.period_topic not in gaz.ancestor_keys(region):
                own_period = running.frame  # a date of another place's event does not date this number
            if kind == "target" and period is running.period and period is not None and period.start_day is not None:
                own_period = Period(self.article.years.year)  # 市本级将组建8支专班 after a trip told: this year's plan
            elif reading.metric == "promotion_teams" and own_period is running.period and own_period is not None \
                    and own_period.start_month is not None:
                own_period = Period(own_period.year)  # 我市已设立3个驻外招商办事处: standing teams, of the year
            added.append(Candidate(q, reading.metric, region, own_period, kind, scope,
                                   (s.base, s.base + len(s.text)), list_index=li,
                                   told_when=period is not running.period))
        self.candidates += added
        return added


# A sentence that breaks the figures before it down by place (分地区看,晋江市签约项目21个): its places
# are parts of the region that the event belonged to, so the event's date stays.
_BREAKDOWN = re.compile(r"(?:其中|具体(?:来)?看|(?:本次|此次|这些|上述)?签约(?:的)?项目中"
                        r"|分[^,;。()]{0,4}?(?:\([^)]{0,8}\))?(?:来)?看"
                        r"|从[^,;。()]{1,6}?(?:\([^)]{0,8}\))?[^,;。()]{0,8}?(?:来)?看)")  # 从各县(市、区)到位资金情况看


_OVER_THE_TRIP = re.compile(r"\s*(?:[一二两三四五六七八九十\d]+天(?:时间)?里|此行|此次(?:出访|考察|招商)?期间|访问期间|考察期间|"
                            r"出访期间|活动期间|行程中)")
_MEETING = re.compile(rf"{_EVENT_NOUNS}|会议|推进会|座谈会|推介活动")  # events, and work meetings


def _names_meeting(text: str, pos: int) -> bool:
    """Whether the part of a sentence (between semicolons) that holds `pos` names a meeting: 会上 is at
    one, not on a trip told since (9月12日至16日,市长率团赴德国…)."""
    end = text.find(";", pos)
    return _MEETING.search(text, text.rfind(";", 0, pos) + 1, len(text) if end == -1 else end) is not None


_THIS_EVENT = re.compile(r"(?:本次|此次)(?:推介会|签约仪式|签约活动|洽谈会|招商会|说明会|恳谈会|集中签约)")
_AT_THE_MEETING = re.compile(r"\s*(?:会上|会议上|大会上|活动上|仪式上|推介会上|签约仪式上|活动现场|会议现场)")
# One person or company as the subject: a story, not the region's tally (一位驻点招商人员…先后拜访了上百家企业,
# 这家企业…带动十余家配套企业落户).
_ANECDOTE = re.compile(r"一位|一名|这位|这家|该企业|该公司")
_COMPANY_EXAMPLE = re.compile(r"\s*以[^,;。]{2,30}?(?:公司|集团|企业|工厂)为例")


def _read_sentence(text: str, base: int, article: ArticleContext, running: Running,
                   scan: ArticleScan) -> list[Candidate]:
    """The candidate facts of one sentence; updates `running` for the sentences after it."""
    if _COMPANY_EXAMPLE.match(text):  # 以…有限公司为例,这家企业…带动十余家配套企业落户: one company's story
        running.sentence_no += 1
        return []
    if scan.holds_nothing(base, base + len(text)):
        if _STAGE_WORDS.search(text):
            plain = Sentence(text, base, scan.terms_in(base, base + len(text)), _clauses(text), [], [], [])
            _update_running(plain, [], None, running, article, [])
        else:
            running.sentence_no += 1
        return []
    s = scan.sentence(text, base, article.years, running)
    flags = _owner_flags(s, article)
    subject = _sentence_subject(s, flags, running, article)
    same_time = bool(_SAME_TIME.match(text))
    breakdown = bool(_BREAKDOWN.match(text))
    # A breakdown's places go on in the sentence right after it (此次签约项目中,…。临湘市签约项目5个…).
    in_breakdown = breakdown or running.breakdown_at == running.sentence_no - 1
    if in_breakdown:
        running.breakdown_at = running.sentence_no
    meeting_day = running.event_day or running.trip_days  # a meeting told before, else one on the trip
    if meeting_day is not None and (_AT_THE_MEETING.match(text) or _THIS_EVENT.search(text)):
        running.period = meeting_day  # 会上,现场集中签约项目16个: on the day of the meeting told before
    if running.trip_days is not None and _OVER_THE_TRIP.match(text):
        running.period = running.trip_days  # 五天里,小分队…走访企业28家: over the days of the trip told before
    if subject is not None and running.period is not None and running.period_topic not in (None, subject.key) \
            and not (in_breakdown and running.period_topic in article.gazetteer.ancestor_keys(subject)) \
            and _is_event_period(running.period) and not same_time:
        running.period = running.frame  # a new subject leaves the previous event's date behind
    if same_time and subject is not None:
        running.period_topic = subject.key  # 同月,两江新区…: the same month, now for another subject
    facts_like = [q for q in s.quantities if q.kind in ("count", "money") and not _in_parentheses(text, q.span[0])
                  and not _is_threshold(q, s)]
    work = SentenceWork(s, article, running, flags, facts_like)
    _read_counts(work)  # counts first: amounts link to them
    _read_amounts(work)
    candidates = sorted(work.candidates, key=lambda c: (c.quantity.span[0], c.list_index))
    _attach_modifiers(s, candidates)
    _date_parts_as_wholes(candidates, breakdown, not text.lstrip().startswith("其中"), running, article.gazetteer)
    _date_listed_quarters(text, candidates, article.years)
    _update_running(s, flags, subject, running, article, candidates)
    return candidates


def _date_listed_quarters(text: str, candidates: list[Candidate], years: YearContext) -> None:
    """一、二、三季度全省分别新签约亿元以上项目931个、1155个、1040个: each figure is its quarter's."""
    listed = listed_quarters(text)
    if listed is None:
        return
    end, quarters = listed
    after = [c for c in candidates if c.quantity.span[0] > end]
    if len(after) != len(quarters) or len({c.metric for c in after}) != 1:
        return
    for c, quarter in zip(after, quarters, strict=True):
        year = c.period.year if c.period is not None else years.year
        c.period = Period(year, 3 * quarter - 2, 3 * quarter)


def _date_parts_as_wholes(candidates: list[Candidate], breakdown: bool, by_kind: bool, running: Running,
                          gaz: Gazetteer) -> None:
    """A breakdown by place (分县(市、区)看,南和区…新签约亿元以上项目28个) is of the latest figure of its metric
    and scope for a region above; one by size or industry (从规模看,签约项目中,亿元以上项目408个; `by_kind`:
    not a 其中 right after its whole) is of the latest total of its metric for the same region. Its parts
    take that figure's period, not the date or frame of whatever was told in between. Other figures
    become the wholes of later breakdowns."""
    shared = _whole_of_share(candidates, running, gaz) if breakdown else None
    if shared is not None:  # the figures of the period the share points at are the wholes of what follows
        for t in running.totals:
            if t.period == shared.period and t.region == shared.region:
                running.wholes[(t.metric, t.scope)] = (t.region, t.period)
    # 怀仁市新签约亿元以上项目22个;朔城区、山阴县分别签约20个、15个: parts told without the qualifier of the
    # first go on dividing the same whole.
    named = {c.metric: w for c in candidates if c.scope and (w := running.wholes.get((c.metric, c.scope)))}
    for c in candidates:
        whole = (named.get(c.metric) if breakdown and not c.scope else None) \
            or running.wholes.get((c.metric, c.scope)) or (running.wholes.get((c.metric, "")) if by_kind else None)
        if not breakdown:
            # a plan is no whole of results; 2021年以来累计 is no whole of a year
            if c.kind != "target" and (c.period is None or c.period.end_year in (None, c.period.year)):
                running.wholes[(c.metric, c.scope)] = (c.region, c.period)
        elif shared is not None and c.period is running.period:
            c.period = shared.period
        elif whole is not None and c.period is running.period and whole[0] is not None and c.region is not None \
                and ((by_kind and whole[0] == c.region) or whole[0].key in gaz.ancestor_keys(c.region)):
            c.period = whole[1]
    if not breakdown:
        running.totals += candidates


def _whole_of_share(candidates: list[Candidate], running: Running, gaz: Gazetteer) -> Candidate | None:
    """The figure a breakdown divides, found by a part's stated share (邵东市合同引资168.3亿元,占全市的16.4%:
    the 1025.6亿元 of the year, not the amount signed on a trip told since; 亿元以上项目124个,占签约项目总数的
    73.8%: this half-year's 168, not last year's 312 told since): its period dates the breakdown."""
    for c in candidates:
        if c.share_pct is None or not c.share_pct or c.region is None:
            continue
        base = c.quantity.value * 100 / c.share_pct
        for t in reversed(running.totals):
            if t.metric == c.metric and t.region is not None \
                    and (t.region == c.region or t.region.key in gaz.ancestor_keys(c.region)) \
                    and abs(t.quantity.value - base) <= 0.01 * base:
                return t
    return None


def _read_counts(work: SentenceWork) -> None:
    s, running, lex = work.s, work.running, work.article.lexicon
    text = s.text
    read_up_to = 0
    for qi, q in enumerate(s.quantities):
        if q.kind != "count" or q not in work.facts_like:
            continue
        lo, hi = work.window(q)
        clause = s.clause_of(q.span[0])
        if clause[0] > read_up_to:  # clauses without numbers before this one may set the running metric
            context = _context_reading(s, read_up_to, clause[0])
            if context is not None:
                running.metric, running.scope = context.metric, context.scope
        read_up_to = max(read_up_to, q.span[1])
        if _DELTA_BEFORE.search(text, lo, q.span[0]) or _AVERAGE_BEFORE.search(text, clause[0], q.span[0]) \
                or _BOUND_OF_ALL.match(text, q.span[0] - 1):
            continue
        if text[q.number_span[0] : q.span[1]] == "一家" or _FREQUENCY_BEFORE.search(text, clause[0], q.span[0]) \
                or _in_distributive(text, q) or _ANECDOTE.search(text, 0, q.span[0]):
            continue  # 一家落户…的企业: an article, not a count; 每周至少两次: a habit; 一位…先后拜访了上百家: a story
        if _is_restated_base(q, s):
            reading = _read_count(q, s, lo, clause[1], lex, running)
            if reading is not None and reading.metric.endswith("_projects"):
                running.metric, running.scope = reading.metric, reading.scope
            continue
        named = None
        if clause[0] > 1 and _RESPECTIVELY_ONLY.fullmatch(text, clause[0], q.span[0]):
            # 叙州区、翠屏区新签约项目数位居前三,分别为15个、12个: the clause before names what is counted
            before = max([p.span[1] for p in work.facts_like if p.span[1] <= clause[0]] + [s.clause_of(clause[0] - 2)[0]])
            named = _read_count(q, s, before, hi, lex, running)
        if named is not None:
            reading = Reading(named.metric, "")
        else:
            reading = _read_count(q, s, lo, hi, lex, running) or _part_of_count(q, s, lo, work.counts)
        if reading is None:
            continue
        for p in s.periods:  # a time inside the count's own noun phrase (132个二季度计划开工项目) is its own
            if q.span[1] <= p.span[0] < hi and not _CLAUSE_COMMA.search(text, q.span[1], p.span[0]):
                work.reserved[q.span[0]] = p
                break
        if _is_base_of_next(q, s, qi) and _kind(q, s, hi) != "target":
            continue
        work.counts += work.add(q, reading, hi)
        if reading.metric.endswith("_projects"):
            running.metric, running.scope = reading.metric, reading.scope


_RESPECTIVELY_ONLY = re.compile(r"\s*分别(?:为|是|达|有|达到)?")
_PART_HEAD = re.compile(r"[,;]?其中(?:赴|到|在|来自|对)?")


def _part_of_count(q: Quantity, s: Sentence, lo: int, counts: list[Candidate]) -> Reading | None:
    """外出招商46次,其中赴长三角、粤港澳大湾区21次: a part of the count just read, in its unit, with no
    noun of its own; what it is a part of is its scope."""
    head = _PART_HEAD.match(s.text, lo)
    if not counts or head is None or counts[-1].quantity.unit != q.unit:
        return None
    qualifier = s.text[head.end() : q.span[0]]
    if not 2 <= len(qualifier) <= 16 or _PART_BREAK.search(qualifier):
        return None
    return Reading(counts[-1].metric, _clean_scope(qualifier))


_PART_BREAK = re.compile(r"[\d,;:。]")


def _in_distributive(text: str, q: Quantity) -> bool:
    if text[q.number_span[0] : q.number_span[1]] != "一":
        return False
    return any(m.start() <= q.number_span[0] < m.end()
               for m in _DISTRIBUTIVE.finditer(text, max(0, q.number_span[0] - 24), q.span[1] + 24))


def _read_amounts(work: SentenceWork) -> None:
    s, running, counts = work.s, work.running, work.counts
    text = s.text
    single_signing: bool | None = None  # read when the first amount needs it
    previous_money: str | None = None
    for q in s.quantities:
        if q.kind != "money" or q not in work.facts_like:
            continue
        lo, hi = work.window(q)
        clause = s.clause_of(q.span[0])
        if _DELTA_BEFORE.search(text, lo, q.span[0]) or _AVERAGE_BEFORE.search(text, clause[0], q.span[0]) \
                or _BOUND_OF_ALL.match(text, q.span[0] - 1):
            continue
        if _SINGLE_PROJECT_AFTER.match(text, q.span[1]) and not _follows_count(q, s, counts):
            continue
        if _NAMED_PROJECT_BEFORE.search(text, clause[0], q.span[0]) and not any(
                p.kind == "count" and p.unit in _PROJECT_UNITS and clause[0] <= p.span[0] < q.span[0]
                for p in s.quantities):
            continue  # 乐清市签约的智能电气产业园项目总投资45亿元: one named project's amount
        if _COMPANY_INVESTS.search(text, clause[0], q.span[0]):
            continue  # 深圳启辰海洋科技有限公司投资35亿元建设…基地: one company's project
        plan = _PLAN_AMOUNT_BEFORE.search(text, lo, q.span[0])
        if plan and previous_money:  # 实际内联引资35.6亿元,完成市分配任务25亿元的142.4%: the plan's amount
            reading: Reading | None = Reading(previous_money, "")
        else:
            reading = _read_money(q, s, lo, hi, counts, running, previous_money)
        if reading is None:
            continue
        if reading.metric.endswith("_investment") and reading.metric != "actual_investment" \
                and len(_respective_run(q, s, 0)) >= 2:
            # 新落地项目15个、新开工项目12个,总投资分别为63.5亿元、58.2亿元: each count's own amount
            linked = _linked_count(q, s, counts)
            if linked is not None and linked.metric.endswith("_projects"):
                reading = Reading(linked.metric.replace("_projects", "_investment"), reading.scope or linked.scope)
        if single_signing is None:
            single_signing = not counts and bool(_SINGLE_SIGNING.search(text) or _NAMED_PROJECTS.search(text))
        if single_signing and not reading.metric.startswith(("foreign", "actual")):
            continue  # 与Cerba研究院签约,项目总投资1亿美元: one named project's amount
        if not reading.scope and reading.metric.endswith("_investment"):
            linked = _linked_count(q, s, counts)  # 总投资168.2亿元 after 集中开工项目17个: the count's qualifier
            if linked is not None and linked.metric == reading.metric.replace("_investment", "_projects"):
                reading = Reading(reading.metric, linked.scope)
        previous_money = reading.metric
        if reading.metric.endswith("_investment") and reading.metric != "actual_investment":
            running.metric = reading.metric.replace("_investment", "_projects")  # 签约项目投资总额5230亿元
        for c in work.add(q, reading, hi):
            if plan:  # a plan's amount covers the plan's year
                c.kind, c.period = "target", Period(c.period.year if c.period else work.article.years.year)
        running.money_metric = reading.metric


def _respective_scopes(q: Quantity, s: Sentence) -> list[str]:
    """新签约百亿元和50亿元项目各1个: one fact per size class before 各."""
    text = s.text
    if not text[: q.span[0]].endswith("各"):
        return []
    clause = s.clause_of(q.span[0])
    classes = [p for p in s.quantities if p.kind == "money" and clause[0] <= p.span[0] < q.span[0]]
    if len(classes) < 2:
        return []
    return [_clean_scope(text[p.span[0] : p.span[1]]) for p in classes]


_NAME_BREAK = re.compile(r"[,;:。()]")


def _names_event(s: Sentence, m: RegionMention) -> bool:
    """2019年南昌国际投资贸易洽谈会: a place heading the name of a promotion event."""
    for start, _end, term in s.hits:
        if term.role == "activity" and term.value == "promotion_events" and 0 <= start - m.span[1] <= 14 \
                and not _NAME_BREAK.search(s.text, m.span[1], start):
            return True
    return False


_ONE_OF = re.compile(r"一(?:家|个|位|名)")


def _update_running(s: Sentence, flags: list[bool], subject: Region | None, running: Running,
                    article: ArticleContext, candidates: list[Candidate]) -> None:
    """Carry what this sentence named (places, event places, subject, time, stage) to the next ones."""
    for i, m in enumerate(s.mentions):
        if flags[i]:
            region = _mention_region(m, running, article)
            if region is not None:
                running.mentions.append(region)
                if _names_event(s, m):
                    running.event_region, running.event_since = region, running.sentence_no
    running.sentence_no += 1
    if subject is not None:
        running.topic, running.topic_since = subject, running.sentence_no
    elif running.topic is None:  # no home and no subject yet: the owner of this sentence's facts
        running.topic = next((c.region for c in candidates if c.region is not None), None)
    # A plan's 全年 frames no later results, nor does the time of a story about one company (今年上半年,
    # 一家德资企业在开发区追加投资…).
    if (candidates and any(c.kind != "target" for c in candidates)) or (not candidates and not _ONE_OF.search(s.text)):
        _update_period(s, subject, running, bool(candidates))
    for p in s.periods:  # the day of a meeting that set targets is still the day 会上 refers to
        if p.cue in ("day", "days") and _clause_prefix_is_framing(s, p.span[0]) and _names_meeting(s.text, p.span[0]):
            running.event_day = p.period
        if p.cue == "days":
            running.trip_days = p.period
    # A stage and 项目 without a number after the last fact (从签约项目数量来看) sets the running metric.
    last = max((c.quantity.span[1] for c in candidates), default=0)
    context = _context_reading(s, last, len(s.text))
    if context is not None:
        running.metric, running.scope = context.metric, context.scope


# ---------------------------------------------------------------------------------------------
# The article


def _context_regions(found: list[RegionMention], gaz: Gazetteer) -> frozenset[str]:
    """Keys of the regions an article names (`found`: its mentions without context, i.e. in full
    or by a strong short name), with their ancestors.

    Names shared by several places (海州区) count only once the others have fixed the context.
    """
    def with_ancestors(region: Region) -> set[str]:
        return {r.key for r in (region, *gaz.ancestors(region))
                if r.level != "province" or r.name.endswith("市")}  # municipalities act as cities

    mentions = [m for m in found if m.kind in ("name", "zone") and m.region is not None]
    keys: set[str] = set()
    for m in mentions:
        if len({c.key for c in m.candidates if c.level != "zone"} or {m.candidates[0].key}) == 1:
            keys |= with_ancestors(m.candidates[0])
    fixed = frozenset(keys)
    for m in mentions:
        ranked = rank_candidates(list(m.candidates), gaz, fixed)
        if ranked[0].key in fixed or any(a.key in fixed for a in gaz.ancestors(ranked[0])):
            keys |= with_ancestors(ranked[0])
    return frozenset(keys)


def _paragraph_starts(text: str) -> set[int]:
    starts = {0}
    for m in re.finditer(r"\n+", text):
        starts.add(m.end())
    return starts


def _title_end(text: str, title: str) -> int:
    title = title.strip()
    if not title:
        return 0
    at = text.find(title, 0, 400)
    return at + len(title) if at != -1 else 0


_SOURCE_WORD = re.compile(r"来源|來源|日报|日報|网讯|網訊|新闻网|新聞網")


def _source_lines(article: NormalizedArticle, ref: Reference) -> str:
    """Source and masthead lines of the raw text (来源:江华新闻网), in simplified characters:
    normalization drops them as page furniture, but they name the article's home."""
    from tasks.normalize import convert_script, fold_width

    raw = article.raw_text[:20000]
    found: list[str] = []
    last_end = -1
    for m in _SOURCE_WORD.finditer(raw):
        if m.start() < last_end:
            continue
        start, end = raw.rfind("\n", 0, m.start()) + 1, raw.find("\n", m.end())
        last_end = len(raw) if end == -1 else end
        found.append(raw[start:last_end])
    lines = "\n".join(found)
    converter = ref.text_rules.converters.get("t2s") if lines else None
    return fold_width(convert_script(lines, converter)) if converter is not None else lines


def _title_topic(title: str, article: ArticleContext, running: Running) -> Region | None:
    """The most specific place a title names (武进区 in 常州武进春季招商月)."""
    regions = []
    for m in find_region_mentions(title, article.gazetteer, article.context):
        region = _mention_region(m, running, article)
        if region is not None:
            regions.append(region)
    for region in regions:
        running.mentions.append(region)
    for region in regions:
        if not any(region.key in {a.key for a in article.gazetteer.ancestors(other)} for other in regions):
            return region
    return None


def extract_facts(article: NormalizedArticle, ref: Reference) -> tuple[tuple[Fact, ...], Region | None]:
    """The facts of one normalized article, in text order, repeats merged, and its home region."""
    facts, home, _years, _found = _read_facts(article, ref)
    return facts, home


def _read_facts(
    article: NormalizedArticle, ref: Reference
) -> tuple[tuple[Fact, ...], Region | None, YearContext, TextFindings]:
    """`extract_facts`, with the year context and what it found in the text (the events reuse them)."""
    from tasks.normalize import split_sentences

    text = article.text
    gaz, lex = ref.gazetteer, ref.lexicon
    title = article.title or ""
    places = scan_places(text, gaz)
    context = _context_regions(find_region_mentions(text, gaz, scan=places) + find_region_mentions(title, gaz), gaz)
    mentions = find_region_mentions(text, gaz, context, places)
    home = detect_home_region(text, title, gaz, context, _source_lines(article, ref), mentions)
    if home is not None:
        home_keys = {home.key, *(a.key for a in gaz.ancestors(home) if a.level != "province")}
        if not home_keys <= context:  # the home region can make more short names count
            context |= home_keys
            mentions = find_region_mentions(text, gaz, context, places)
    mentions, home = _one_name_per_zone(mentions, home)
    mentions = _home_first(mentions, home, gaz)
    years = year_context(title + "\n" + text, article.published)
    actx = ArticleContext(lex, gaz, years, home, context)
    running = Running(topic=home)
    title_topic = _title_topic(title, actx, running)
    if running.topic is None:
        running.topic = title_topic
    title_end = _title_end(text, title)
    paragraph_starts = _paragraph_starts(text)

    sentences = split_sentences(text)
    found = TextFindings(text, sentences, places, scan_quantities(text), scan_periods(text, years))
    hits = _outside_names(lex.scan(text), mentions)
    scan = ArticleScan.of(hits, found.quantities.quantities, mentions, found.periods.periods)
    candidates: list[Candidate] = []
    for start, end in found.sentences:
        if end <= title_end:
            continue
        if start in paragraph_starts and home is not None:
            running.topic, running.topic_since = home, -1  # a paragraph starts about the home region
        candidates += _read_sentence(text[start:end], start, actx, running, scan)
    return _to_facts(_merge_repeats(candidates), text, years, gaz, home), home, years, found


def _outside_names(hits: list[Hit], mentions: list[RegionMention]) -> list[Hit]:
    """The vocabulary hits that are not inside a place's name (城市 in 盐城市, 白城市)."""
    names = [m.span for m in mentions if m.kind == "name"]
    kept, i = [], 0
    for hit in hits:
        while i < len(names) and names[i][1] <= hit[0]:
            i += 1
        if i == len(names) or hit[1] <= names[i][0]:
            kept.append(hit)
    return kept


def _home_first(mentions: list[RegionMention], home: Region | None, gaz: Gazetteer) -> list[RegionMention]:
    """A name shared by places in the article's context (铁西区 of 沈阳 and of 鞍山, in a 鞍山 report that
    compares itself with 沈阳) is the one under the home."""
    if home is None:
        return mentions
    preferred = []
    for m in mentions:
        first = m.candidates[0] if m.candidates else None
        if m.kind == "name" and first is not None and len(m.candidates) > 1 and first.key != home.key \
                and home.key not in gaz.ancestor_keys(first):
            under_home = [c for c in m.candidates[1:] if home.key in gaz.ancestor_keys(c)]
            if under_home:
                m = replace(m, candidates=(under_home[0], *(c for c in m.candidates if c != under_home[0])))
        preferred.append(m)
    return preferred


_BARE_ZONE = re.compile(r"(?<!经济|技术|产业)开发区$")


def _one_name_per_zone(mentions: list[RegionMention], home: Region | None
                       ) -> tuple[list[RegionMention], Region | None]:
    """A place's zone written bare (秦皇岛开发区) where the article also names it in full (秦皇岛经济技术
    开发区) is that zone: one zone, one name."""
    full: dict[str, Region] = {}  # parent key -> the zone written in full
    for m in mentions:
        region = m.region
        if m.kind == "zone" and region is not None and region.parent and not _BARE_ZONE.search(m.text) \
                and region.name.endswith("开发区"):
            full.setdefault(region.parent, region)
    renamed: dict[str, Region] = {}  # key of the zone written bare -> the zone written in full
    unified = []
    for m in mentions:
        bare = m.region if m.kind == "zone" and _BARE_ZONE.search(m.text) else None
        target = full.get(bare.parent or "") if bare is not None and bare.level == "zone" else None
        if bare is not None and target is not None:
            renamed[bare.key] = target
            m = replace(m, candidates=(target, *m.candidates[1:]))
        unified.append(m)
    return unified, (renamed.get(home.key, home) if home is not None else None)


def _merge_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """Keep one of a figure stated twice (headline, lead, body), the most precise; drop a round
    approximate figure (超千亿元) that restates an exact one of the same metric (1249.45亿元)."""
    kept: list[Candidate] = []
    for c in candidates:
        twin = next((k for k in kept if _same_figure(k, c)), None)
        if twin is None:
            kept.append(c)
        elif _precision(c) > _precision(twin):
            kept[kept.index(twin)] = c
    return [c for c in kept if not any(_restates(c, other) for other in kept if other is not c)]


def _same_figure(a: Candidate, b: Candidate) -> bool:
    if a.metric != b.metric or a.kind != b.kind or a.region != b.region or a.quantity.unit != b.quantity.unit:
        return False
    va, vb = a.quantity.value, b.quantity.value
    if abs(va - vb) > 0.005 * max(abs(va), abs(vb)):
        return False
    if a.scope != b.scope:
        return False
    # ■新签约项目412个 in a summary box, with no time of its own: the 412 the lead dated
    restated = not (a.told_when and b.told_when) and va == vb and a.quantity.approx == b.quantity.approx
    return restated or _periods_overlap(a.period, b.period)


def _restates(rough: Candidate, exact: Candidate) -> bool:
    q, e = rough.quantity, exact.quantity
    if q.approx == "exact" or e.approx != "exact" or rough.metric != exact.metric or rough.region != exact.region:
        return False
    if q.unit != e.unit or rough.kind != exact.kind or not _periods_overlap(rough.period, exact.period):
        return False
    digits = len(re.sub(r"0+$", "", str(int(q.value))))
    if digits > 2 or q.value != int(q.value):
        return False  # only round figures (千, 100, 70, 超4500) restate
    if q.approx == "over":
        return q.value <= e.value < (1.5 if digits == 1 else 1.05) * q.value
    return digits == 1 and abs(e.value - q.value) <= 0.15 * q.value


def _precision(c: Candidate) -> tuple[bool, int, int]:
    """Exact before approximate, then more stated details (yoy, share), then more digits."""
    details = (c.yoy_pct is not None) + (c.share_pct is not None)
    return (c.quantity.approx == "exact", details, len(re.sub(r"\D", "", f"{c.quantity.value:g}")))


def _periods_overlap(a: Period | None, b: Period | None) -> bool:
    if a is None or b is None:
        return True
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    return (a.start_month or 1) <= (b.last_month or 12) and (b.start_month or 1) <= (a.last_month or 12)


def _to_facts(candidates: list[Candidate], text: str, years: YearContext, gaz: Gazetteer,
              home: Region | None) -> tuple[Fact, ...]:
    facts: list[Fact] = []
    for c in candidates:
        if c.region is None:
            continue
        q = c.quantity
        parent = gaz.get(c.region.parent)
        if parent is None and c.region.level in ("zone", "town") and c.region != home:
            parent = home  # a zone or town named without its place is the home's
        s0, s1 = c.sentence
        facts.append(
            Fact(
                region=c.region.name,
                parent_region=parent.name if parent is not None else None,
                metric=c.metric,
                scope=c.scope,
                period=(c.period or Period(years.year)).label(),
                kind=c.kind,
                value=round(q.value, 6),
                unit=q.unit if q.kind == "money" else ("个" if q.unit == "大" else q.unit),
                currency=q.currency,
                approx=q.approx,
                yoy_pct=None if c.yoy_pct is None else round(c.yoy_pct, 4),
                share_pct=None if c.share_pct is None else round(c.share_pct, 4),
                evidence=text[s0:s1],
                span=(s0 + q.number_span[0], s0 + q.number_span[1]),
            )
        )
    return _link_parts(facts, text)


def _link_parts(facts: list[Fact], text: str) -> tuple[Fact, ...]:
    """A fact after 其中 in its sentence is a part of the latest earlier fact of its metric before 其中."""
    linked = list(facts)
    for i, f in enumerate(facts):
        sentence_start = max(text.rfind(ch, 0, f.span[0]) for ch in "。!?\n") + 1
        marker = text.rfind("其中", sentence_start, f.span[0])
        if marker == -1:
            continue
        for j in range(i - 1, -1, -1):
            whole = facts[j]
            if whole.span[0] < marker and whole.metric == f.metric:
                linked[i] = replace(f, part_of=j)
                break
    return tuple(linked)


def extract_article(article: NormalizedArticle, ref: Reference) -> ArticleResult:
    """The contract object for one article: its fields and facts (events come from tasks.events)."""
    home: str | None = None
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()
    if article.error is None:
        facts, region, years, found = _read_facts(article, ref)
        home = region.name if region is not None else None
        events = extract_events(article, ref, event_context(article, ref, region, years, found))
    return ArticleResult(
        source=article.raw.uri,
        title=article.title,
        published=article.published,
        home_region=home,
        error=article.error,
        facts=facts,
        events=events,
    )
