"""Events: NormalizedArticle -> the delegation visits, signings and promotion conferences it reports.

Input: a normalized article, the `Reference` (gazetteer; the event vocabulary of
seeds/event_lexicon.csv, read once by `load_event_lexicon`) and an `EventContext` (the home
region the fact extractor found, the year context, the regions in context).
Output: `tasks.models.Event` records in text order. Pure functions, no global state; the only
I/O is `load_event_lexicon`.

How sentences become events (sentences from `tasks.normalize.split_sentences`; only sentences
with a vocabulary word are read closely, the rest only for the dates they name):

1. A trip (outbound_visit) is a movement word with a place after it (赴深圳, 前往日本), or one
   that needs a delegation (招商团出发, 小分队出征, 负责同志外出); 拜访/考察 start a trip only
   where a place is named (在日本,…拜访), otherwise they add the companies visited to the trip
   just reported.
2. A signing is a ceremony (集中签约, 签约仪式), an agreement with a named party
   (与常州市签约, 签署合作意向书), a signing at a conference or on a trip, named projects that
   are signed (新一代…项目签约) or that come with their own amount (总投资50亿元的比亚迪…项目:
   one event each, the amount in `amount`). Period totals (新签约项目267个) are facts, not events.
3. A promotion conference is a named 推介会/说明会/洽谈会/… that the region holds; one that it
   attends (参加…推介会), a bare back-reference (洽谈会上) or a habit (多次组织说明会) is not.
4. Plans (将, 拟, 推进…签约), habits (每年, 多次), tallies (赴外地招商20次) and back-references
   (此次签约) are not events.
5. The region is the nearest place before the trigger that can own it (not a destination,
   venue, company or aside; a list gives one event per place), else the conference it happens
   at, else the region the text is about (the last event's region, the home region).
6. The date is the nearest day or month named before the trigger in its part of the sentence;
   当天/现场 take the day last named, 会上/期间/其中 the date of the event last reported, and a
   named project continues the date of its region's ceremony when no other time was named since.
   A date known to the month only is written YYYY-MM, as the contract allows (the seed gold,
   written before that rule, leaves such dates null; the dev gold fills them).
7. The same event reported twice (a lead that sums up the body, a caption, a follow-up sentence
   that names the leader or the companies visited) is kept once, with what each mention adds.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tasks.errors import ConfigError
from tasks.models import Event, NormalizedArticle
from tasks.numbers import Quantity, QuantityScan, find_quantities, quantities_within
from tasks.periods import (
    Period,
    PeriodMention,
    PeriodScan,
    YearContext,
    find_periods,
    find_relative_days,
    periods_within,
    year_context,
)
from tasks.regions import (
    Gazetteer,
    PlaceScan,
    Region,
    RegionMention,
    find_region_mentions,
    places_within,
    reference_fits,
    scan_places,
    short_name,
)

if TYPE_CHECKING:
    from tasks.reference import Reference

EVENT_LEXICON_FILE = "event_lexicon.csv"
ROLES = (
    "move",
    "not_move",
    "visit",
    "lead",
    "delegation",
    "sign",
    "ceremony",
    "agreement",
    "conference",
    "activity",
    "participation",
    "intent",
    "habit",
    "backref",
    "same_day",
    "same_event",
    "same_month",
    "place_cue",
    "place_stop",
    "place",
    "place_suffix",
    "place_abbreviation",
    "org",
    "generic_party",
    "title",
    "tally_unit",
    "project_verb",
    "other_stage",
)
MOVE_VALUES = ("place", "known_place", "delegation")


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class EventLexicon:
    """Event vocabulary from seeds/event_lexicon.csv, one alternation per role (grain: word x role)."""

    words: dict[str, tuple[str, ...]]  # role -> words, longest first
    values: dict[tuple[str, str], str]  # (role, word) -> value
    patterns: dict[str, re.Pattern[str]] = field(repr=False)
    triggers: re.Pattern[str] = field(repr=False)  # words that can start an event
    followups: re.Pattern[str] = field(repr=False)  # words that add to the event just reported (拜访, 带队)

    def find(self, role: str, text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """Leftmost-longest hits of the role's words in text[start:end]."""
        return list(self.patterns[role].finditer(text, start, len(text) if end is None else end))

    def search(self, role: str, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return self.patterns[role].search(text, start, len(text) if end is None else end)

    def value(self, role: str, word: str) -> str:
        return self.values.get((role, word), "")


def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words) or r"(?!)")


def build_event_lexicon(rows: list[dict[str, str]]) -> EventLexicon:
    """Compile lexicon rows (term, role, value); raises ConfigError on a bad row."""
    words: dict[str, list[str]] = {role: [] for role in ROLES}
    values: dict[tuple[str, str], str] = {}
    for row in rows:
        term, role, value = row.get("term", ""), row.get("role", ""), row.get("value", "")
        if not term:
            raise ConfigError(f"{EVENT_LEXICON_FILE}: empty term")
        if role not in ROLES:
            raise ConfigError(f"{EVENT_LEXICON_FILE}: unknown role {role!r} for {term!r}")
        if role == "move" and value not in MOVE_VALUES:
            raise ConfigError(f"{EVENT_LEXICON_FILE}: move word {term!r} needs a value in {MOVE_VALUES}")
        if (role, term) in values:
            raise ConfigError(f"{EVENT_LEXICON_FILE}: duplicate {term!r} as {role}")
        words[role].append(term)
        values[(role, term)] = value
    ordered = {role: tuple(sorted(ws, key=len, reverse=True)) for role, ws in words.items()}
    # Words that make a sentence worth reading closely; 对接/洽谈 and one-character lead words (率) are
    # read only in sentences chosen for another word.
    trigger_words = {
        w for role in ("move", "sign", "ceremony", "conference", "activity", "delegation") for w in ordered[role]
    }
    followup_words = {
        w for role in ("visit", "lead") for w in ordered[role] if len(w) > 1 and values[(role, w)] != "weak"
    }
    return EventLexicon(
        words=ordered,
        values=values,
        patterns={role: _alternation(ws) for role, ws in ordered.items()},
        triggers=_alternation(tuple(sorted(trigger_words, key=len, reverse=True))),
        followups=_alternation(tuple(sorted(followup_words, key=len, reverse=True))),
    )


def load_event_lexicon(seeds_dir: Path) -> EventLexicon:
    """Read seeds/event_lexicon.csv (columns term, role, value, note)."""
    path = seeds_dir / EVENT_LEXICON_FILE
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [{k: (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(fh)]
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    return build_event_lexicon(rows)


# ---------------------------------------------------------------------------------------------
# Article context


@dataclass(frozen=True)
class EventContext:
    """Article-wide inputs of event reading (grain: one article)."""

    home: Region | None  # the region 我市/全市 mean (from the fact extractor)
    years: YearContext
    regions: frozenset[str] = frozenset()  # keys of regions the article is about (for short names)
    found: TextFindings | None = field(default=None, repr=False, compare=False)  # the fact reader's scans


@dataclass(frozen=True)
class TextFindings:
    """What the fact reader (`tasks.extract`) found in the whole text, cut here into the sentences that
    are read instead of reading each of them again. Each cut gives what reading the sentence alone
    gives; where that is not certain it reads the sentence."""

    text: str
    sentences: list[tuple[int, int]]  # `split_sentences(text)`
    places: PlaceScan
    quantities: QuantityScan
    periods: PeriodScan

    def places_of(self, start: int, end: int, gaz: Gazetteer) -> PlaceScan:
        return places_within(self.places, self.text, start, end, gaz)

    def quantities_of(self, start: int, end: int) -> list[Quantity]:
        cut = quantities_within(self.quantities, self.text, start, end)
        return cut if cut is not None else find_quantities(self.text[start:end])

    def periods_of(self, start: int, end: int, years: YearContext) -> list[PeriodMention]:
        cut = periods_within(self.periods, self.text, start, end, years)
        return cut if cut is not None else find_periods(self.text[start:end], years)


def _findings(article: NormalizedArticle, ctx: EventContext) -> TextFindings | None:
    """The fact reader's findings when they are of this article's text."""
    return ctx.found if ctx.found is not None and ctx.found.text is article.text else None


def _lineage(region: Region | None, gaz: Gazetteer) -> set[str]:
    if region is None:
        return set()
    return {r.key for r in (region, *gaz.ancestors(region)) if r.level != "province" or r.name.endswith("市")}


def event_context(
    article: NormalizedArticle,
    ref: "Reference",
    home: Region | None,
    years: YearContext | None = None,
    found: TextFindings | None = None,
) -> EventContext:
    """The context of one article: its home region, the year 今年 means (`years`, when the caller
    has read it already), the home's lineage and what the caller found in the text (`found`)."""
    if years is None:
        years = year_context((article.title or "") + "\n" + article.text, article.published)
    return EventContext(home=home, years=years, regions=frozenset(_lineage(home, ref.gazetteer)), found=found)


# ---------------------------------------------------------------------------------------------
# Working records


@dataclass
class Draft:
    """An event being built from one mention (grain: one trigger x region)."""

    type: str
    region: Region | None
    span: tuple[int, int]  # of the trigger, in the article text
    sentence: int  # index of the sentence
    evidence: str
    when: Period | None = None  # day or month precision; kept for merging even when not printed
    leader: str | None = None
    leader_title: str | None = None
    destinations: list[str] = field(default_factory=list)
    counterparties: list[str] = field(default_factory=list)
    amount: float | None = None
    currency: str | None = None
    named: bool = False  # the signing of one named project
    name: str = ""  # a conference's or named project's name as written
    backref: bool = False  # a signing known only as "at the event just reported" (签约仪式上,又签下5个项目)
    part: bool = False  # a part of a ceremony reported before it (其中,某区签约项目5个)
    roundup: bool = False  # from a sentence that sums up several regions' events of its type
    own_date: bool = False  # the date was named in its own sentence


@dataclass
class Running:
    """What carries from sentence to sentence."""

    topic: Region | None = None  # the region sentences are about when they name none
    last_day: Period | None = None  # the day last named (for 当天, 现场)
    last_period_sentence: int = -1  # the last sentence that named any time
    signed_among: int = -1  # the last sentence that looks back at the projects signed (签约的项目中)
    leader: tuple[str, str] | None = None  # the leader last named (for 他)
    drafts: list[Draft] = field(default_factory=list)


@dataclass(frozen=True)
class Leader:
    """A leader named in a sentence: 市委书记陈金虎 (率领), 市政府主要领导 (带队)."""

    name: str | None
    title: str
    span: tuple[int, int]
    verb: str  # the lead word after the name
    attends: bool  # 出席/见证: a guest of a ceremony rather than the head of a delegation


@dataclass  # not frozen: made by the hundred per article, and a frozen __init__ costs 3-7 times as much
class Sentence:
    """One sentence under close reading; spans are relative to the sentence."""

    text: str
    base: int
    index: int
    mentions: list[RegionMention]
    owners: list[bool]  # per mention: can it own an event?
    periods: list[PeriodMention]
    segments: list[tuple[int, int]]  # ;-delimited parts (one region's news each in a round-up)
    clauses: list[tuple[int, int]]

    def clause_of(self, pos: int) -> tuple[int, int]:
        for span in self.clauses:
            if span[0] <= pos < span[1]:
                return span
        return (0, len(self.text))

    def segment_of(self, pos: int) -> tuple[int, int]:
        for span in self.segments:
            if span[0] <= pos < span[1]:
                return span
        return (0, len(self.text))


# ---------------------------------------------------------------------------------------------
# Text geometry

_CLAUSE = re.compile(r"[^,;:!?。]+")
_SEGMENT = re.compile(r"[^;]+")
# A time written right before these is a dateline (11月14日电) or a comparison, not an event's date.
_DATELINE_AFTER = ("电", "讯", "消息", "同期")
# A lookahead of first characters lets the regex engine pass over a position on one test.
_DATE_HINT = re.compile(r"(?=[\d今昨前当同])(?:\d{1,2}\s?日|[今昨前当同]天|[今昨当同]日)")  # what can name the day 当天 refers to
_DAY_OR_MONTH = re.compile(r"月|日|天")
# Any time named (a year, a half, 以来 …): a named project no longer continues an earlier ceremony's date.
# (月, 日 and 天 only after a numeral or a pointer: not 天津, 日本, 日照)
_TIME_WORD = re.compile(
    r"(?=[\d一二三四五六七八九十今去明前上下半季当同昨次翌本以目截近日])"
    r"(?:(?:19|20)\d{2}\s?年|[今去明前上]年|半年|季度|[\d一二三四五六七八九十][月日]|[当同今昨前次翌]天|[当同今昨次翌近]日"
    r"|[当同本上下]月|日前|以来|目前|截至)")
_LIST_JOIN = ("、", "和", "及")
_LIST_JOIN_OR_NONE = (*_LIST_JOIN, "")
_HAS_CLAUSES = re.compile(r"[,;。!?]")
# amounts, tallies
_QUANTITY_HINT = re.compile(r"(?=[亿万\d一二两三四五六七八九十百千])(?:[亿万]|[\d一二两三四五六七八九十百千](?:余|多)?\s?(?:次|批|趟|场))")
# 投资促进中心, 项目推进会: a plan word inside the name of an office or a meeting is not a plan.
_ORGAN_AFTER = re.compile(r"中心|委员会|局|系统|处|科|会|办|工作")
_SIGNED_AMONG = re.compile(r"签约(?:的)?项目中")
_NAMED_PROJECT_HINT = re.compile(r"[亿万][^,;。]{0,3}[的\u4e00-\u9fff][^,;。]{0,40}项目")
# 投资35亿元建设海上风电装备制造基地: a project named by what it builds.
_BUILT = re.compile(r"(?=[用主建])(?:用于|主要)?建设(?P<name>[^,;:、。()]{2,30}?(?:基地|产业园|物流园|园区|中心|工厂))")
_PRONOUN = re.compile(r"(?:他|她)(?:又|还|再次|再|也|亲自|随即|便|就)?$")
# A place written before these is a company or masthead (无锡观合医学 is not caught: no suffix).
_NOT_OWNER_AFTER = re.compile(
    r"^(?:日报|晚报|新闻|网|电视台|融媒|发布|在线|报业|广播)|"
    r"^(?:(?![与和同及])[\u4e00-\u9fff]){0,10}?(?:公司|集团|银行|大学|学院|研究院|商会|协会|软件园|产业园|创新园|科技园|创新中心|实验室|基地)"
)
# Words before a place that make it a destination, venue or counterpart rather than an actor.
_NOT_OWNER_BEFORE = re.compile(
    r"(?:赴|到|去|在|来自|前往|飞赴|远赴|奔赴|赶赴|飞抵|抵达|与|同|对接|走进|至|落户|访问|出访|从|向|邀请|来|"
    r"常驻|深入|针对|拜访|考察|走访|会见)$"
)
# A government party of a signing after 与/和 (与常州市签约, 和永修县政府签约) owns it.
_GOVERNMENT_PARTY = re.compile(r"^(?:人民政府|政府|管委会)?$")
_TOWN = re.compile(r"^(?![各全等乡镇])[\u4e00-\u9fff]{1,3}?(?:镇|乡|街道)(?![\u4e00-\u9fff]*?(?:政府|党委))")
_COUNT_BEFORE_NAME = re.compile(r"[\d一二两三四五六七八九十百千]+(?:个|项|家|批)")
# A project name: not a size class, a count or a generic word.
_NOT_A_NAME = re.compile(
    r"以上|以下|左右|亿元|万元|^[至到]|^(?:重大|重点|优质|产业|工业|外资|内资|招商|签约|新|该|此|这|各类|一批)$"
)
_INVESTMENT_BEFORE = re.compile(
    r"(?:计划总投资|总投资额|总投资|投资总额|投资额|计划投资|拟投资|投资|增资)(?:达|为|约|近)?\s?$"
)
# At the event just reported: 洽谈会上, 签约仪式上, 活动现场, 本次推介会共签约….
_AT_THE_EVENT = re.compile(
    r"会上|会期间|仪式上|会现场|专场上|^(?:活动|签约|会议)?现场|(?:本次|此次|本届)[^,;。]{0,10}(?:会|活动)"
)
_SUBJECT_PROJECT_BEFORE = re.compile(
    r"(?P<name>[^,;:、。]{2,40}?)项目(?:和[^,;:、。]{1,8})?(?:已|均|全部|成功|顺利|正式)?$"
)


def _clauses(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CLAUSE.finditer(text)] or [(0, len(text))]


def _segments(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SEGMENT.finditer(text)] or [(0, len(text))]


def _in_parentheses(text: str, pos: int) -> bool:
    open_at = text.rfind("(", 0, pos)
    return open_at != -1 and text.rfind(")", open_at, pos) == -1


def _title_end(text: str, title: str | None) -> int:
    title = (title or "").strip()
    if not title:
        return 0
    at = text.find(title, 0, 400)
    return at + len(title) if at != -1 else 0


def _paragraph_starts(text: str) -> set[int]:
    return {0, *(m.end() for m in re.finditer(r"\n+", text))}


# ---------------------------------------------------------------------------------------------
# Regions


def _is_ancestor(older: Region, younger: Region, gaz: Gazetteer) -> bool:
    return older.key in {a.key for a in gaz.ancestors(younger)}


def _compatible_regions(a: Region | None, b: Region | None, gaz: Gazetteer, nested: bool) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.key == b.key:
        return True
    return nested and (_is_ancestor(a, b, gaz) or _is_ancestor(b, a, gaz))


def _owner_flags(text: str, mentions: list[RegionMention], home: Region | None, gaz: Gazetteer) -> list[bool]:
    flags = []
    for m in mentions:
        start, end = m.span
        ok = not _in_parentheses(text, start) and not _NOT_OWNER_BEFORE.search(
            text[max(0, start - 3) : start]
        )
        if m.kind in ("name", "zone"):
            ok = ok and not _NOT_OWNER_AFTER.match(text[end:])
            ok = ok and (m.region is None or gaz.related(m.region, home))
        flags.append(ok)
    # The rest of a list after a destination (赴深圳、上海) and a place right after one (在常州市金坛区)
    # are destinations too.
    for i in range(1, len(mentions)):
        if not flags[i - 1] and text[mentions[i - 1].span[1] : mentions[i].span[0]] in _LIST_JOIN_OR_NONE:
            flags[i] = False
    return flags


def _mention_region(
    m: RegionMention, text: str, ctx: EventContext, running: Running, gaz: Gazetteer
) -> Region | None:
    """The region a mention names; 我市 is the home region; a place followed by a town
    (广陵区头桥镇) is the town."""
    if m.kind in ("name", "zone"):
        region = m.region
        town = _TOWN.match(text[m.span[1] :])
        if region is not None and region.level == "county" and town:
            name = town.group(0)
            return Region(f"town:{region.key}:{name}", name, "town", region.key)
        return region
    if m.kind == "reference":
        home = ctx.home or running.topic
        if home is None:
            return None
        for r in (home, *gaz.ancestors(home)):
            if m.level == "city" and (r.level == "city" or r.name.endswith("市")):
                return r
            if m.level == "province" and r.level == "province":
                return r
            if m.level in ("prefecture", "league", "banner") and reference_fits(r, m.level):
                return r
            if m.level in ("county", "district") and r.level in ("county", "zone"):
                return r
        return home
    return _zone_of_home(m, ctx, running, gaz)


def _zone_of_home(m: RegionMention, ctx: EventContext, running: Running, gaz: Gazetteer) -> Region | None:
    """市开发区 / 市科教园区: the zone of the home city under its standard name."""
    owner = ctx.home or running.topic
    if owner is None or m.zone_suffix is None:
        return owner
    if owner.level == "zone":
        return owner
    short = short_name(owner.name) or owner.name
    for name in (short + m.zone_suffix, owner.name + m.zone_suffix):
        known = gaz.named(name)
        if known:
            return known[0]
    name = short + m.zone_suffix
    return Region(f"zone:{name}", name, "zone", owner.key)


def _owner_regions(
    s: Sentence, index: int, ctx: EventContext, running: Running, gaz: Gazetteer
) -> list[Region]:
    """The region of owner mention `index`, or of every place in the 、-list it ends
    (梁溪区、惠山区区领导带队; 南京、苏州两市负责同志)."""
    mentions, text = s.mentions, s.text
    first = index
    while (
        first > 0
        and s.owners[first - 1]
        and text[mentions[first - 1].span[1] : mentions[first].span[0]] in _LIST_JOIN
    ):
        first -= 1
    regions: list[Region] = []
    for j in range(first, index + 1):
        region = _mention_region(mentions[j], text, ctx, running, gaz)
        if region is not None and all(r.key != region.key for r in regions):
            regions.append(region)
    return regions


def _or_unknown(regions: list[Region]) -> list[Region | None]:
    """The regions of an event, or one unknown region (the event is still reported)."""
    return list(regions) or [None]


def _owner_before(
    s: Sentence,
    pos: int,
    ctx: EventContext,
    running: Running,
    gaz: Gazetteer,
    limit: int = 0,
    signing: bool = False,
) -> list[Region]:
    """The owner nearest before `pos` (not before `limit`); for a signing, also a government
    party right before the verb (与常州市签约)."""
    for i in range(len(s.mentions) - 1, -1, -1):
        m = s.mentions[i]
        if m.span[1] > pos or m.span[0] < limit:
            continue
        if s.owners[i]:
            return _owner_regions(s, i, ctx, running, gaz)
        if (
            signing
            and m.kind in ("name", "zone")
            and _GOVERNMENT_PARTY.match(s.text[m.span[1] : pos])
            and s.text[max(0, m.span[0] - 1) : m.span[0]] in ("与", "和", "同")
        ):
            region = _mention_region(m, s.text, ctx, running, gaz)
            return [region] if region is not None else []
    return []


def _owner_after(
    s: Sentence, pos: int, ctx: EventContext, running: Running, gaz: Gazetteer, end: int | None = None
) -> list[Region]:
    for i, m in enumerate(s.mentions):
        if m.span[0] >= pos and (end is None or m.span[0] < end) and s.owners[i]:
            return _owner_regions(s, i, ctx, running, gaz)
    return []


# ---------------------------------------------------------------------------------------------
# Places, parties, leaders, amounts

_PLACE_SPLIT = re.compile(r"[、和及与]|以及")
_PLACE_TRIM = re.compile(
    r"^(?:了|到|至|往|首都|一些|中国(?=香港|澳门|台湾))|(?:多国|多地|地区等|等国|等地|各地|一带)$"
)


def _places_after(s: Sentence, pos: int, lex: EventLexicon, gaz: Gazetteer) -> list[str]:
    """The places written after a movement word, as written: 赴深圳、嘉兴拜访 -> 深圳, 嘉兴."""
    text = s.text
    if pos >= len(text) or text[pos] in ",;:。!?":
        return []
    end = s.clause_of(pos)[1]
    stop = lex.search("place_stop", text, pos, end)
    span = text[pos : stop.start() if stop else end]
    places = []
    for item in _PLACE_SPLIT.split(span):
        item = _PLACE_TRIM.sub("", item.strip(' “”"')).strip()
        if not item or re.search(r"\d|[个名家次]", item) or len(item) > 12 or not _is_place(item, lex, gaz):
            continue
        found = (
            [m for m in find_region_mentions(item, gaz) if m.kind == "name"]
            if len(item) >= 4 and item not in gaz.surfaces
            else []
        )
        if len(found) >= 2 and "".join(m.text for m in found) == item:  # 苏州南京
            places += [m.text for m in found]
        else:
            places.append(item)
    return places


_PLACE_COUNT = re.compile(r"[\d一二两三四五六七八九十]+个[^,;、]{0,6}?(?:城市|区域|国家|地区)")


def _names_place(s: Sentence, pos: int, lex: EventLexicon) -> bool:
    """Whether the words at `pos` name a place: a region of the gazetteer, a country or area of the
    vocabulary (日本, 长三角), a name with a place suffix (德国, 粤港澳大湾区), a one-character
    abbreviation (赴日, 赴深) or a number of places (9个重点城市); not 赴企业一线调研."""
    text = s.text
    if text.startswith("中国", pos) and not text.startswith("中国—", pos):
        pos += 2  # 中国香港
    if any(m.span[0] == pos and m.kind in ("name", "zone") for m in s.mentions):
        return True
    if lex.patterns["place"].match(text, pos) or _PLACE_COUNT.match(text, pos):
        return True
    item = re.split(r"[、,;:。和及]", text[pos : pos + 14])[0]
    stop = lex.search("place_stop", item)
    item = item[: stop.start()] if stop else item
    if len(item) == 1:
        return bool(lex.patterns["place_abbreviation"].fullmatch(item))
    return any(item.endswith(suffix) for suffix in lex.words["place_suffix"]) or bool(_COUNTRY_FIRST.match(item))


# A country before a city of it: 韩国首尔, 德国慕尼黑 (not 国内, 国际, 国企 of 全国各地).
_COUNTRY_FIRST = re.compile(r"(?!全国)[\u4e00-\u9fff]{1,4}?国(?![内际企资有家])[\u4e00-\u9fff]{2,}")


def _is_place(item: str, lex: EventLexicon, gaz: Gazetteer) -> bool:
    """A destination as written: a region, a country or area, a name with a place ending or a
    one-character abbreviation (not 拓宽合作领域)."""
    if (
        item in gaz.surfaces
        or lex.patterns["place"].match(item)
        or gaz.surfaces.get(item.removeprefix("中国"))
    ):
        return True
    if len(item) == 1:
        return bool(lex.patterns["place_abbreviation"].fullmatch(item))
    return any(item.endswith(suffix) for suffix in lex.words["place_suffix"]) or any(
        item.startswith(form) for form in gaz.by_prefix.get(item[:2], ())
    ) or bool(_COUNTRY_FIRST.fullmatch(item))


def _merge_places(old: list[str], new: list[str]) -> list[str]:
    merged = list(old)
    for place in new:
        if any(_same_place(place, p) for p in merged):
            continue
        merged.append(place)
    # An abbreviation (赴日, 赴欧) yields to the full name next to it.
    return [p for p in merged if len(p) > 1 or len(merged) == 1]


def _same_place(a: str, b: str) -> bool:
    return a == b or (
        len(a) >= 2 and len(b) >= 2 and (a.endswith(b) or b.endswith(a) or a.startswith(b) or b.startswith(a))
    )


_PARTY_PREFIX = re.compile(r"^(?:了|包括|成功|分别|先后|密集|深入|接连|拟|在|此行第一家客商——|客商——)+")


def _parties(span: str, lex: EventLexicon) -> list[str]:
    """Organisations listed in a span (国家能源投资集团有限责任公司、矿冶科技集团有限公司等多家央企)."""
    span = re.split(r"等|就|进行|开展|在|举行|举办|共同|,|;|。", span, maxsplit=1)[0]
    parties = []
    for item in re.split(r"、|以及", span):
        item = _PARTY_PREFIX.sub("", item.strip(' “”"'))
        item = re.sub(r"(?:[一二两三四五六七八九十\d]+家.*|成功|顺利|正式|分别)$", "", item)
        generic = lex.search("generic_party", item) or lex.search("agreement", item)
        if len(item) < 2 or (generic and not lex.search("org", item)):
            continue  # 拜访企业, 和合作协议签约, 新能源汽车核心部件: no party named
        if re.search(r"\d|[个名次]|企业$|项目", item):
            continue
        parties.append(item)
    return parties


def _organisations(span: str, lex: EventLexicon) -> list[str]:
    """Organisations named in a span by their suffix (鲲鹏资本、耀石锂电科技有限公司与常州市…)."""
    found: list[str] = []
    last_end = -1
    for hit in lex.find("org", span):
        if found and last_end >= 0 and not re.search(r"[、,;:与和及]", span[last_end : hit.start()]):
            found[-1] += span[last_end : hit.end()]  # 集团 + 有限公司
        else:
            cut = max(span.rfind(ch, 0, hit.start()) for ch in "、,;:与和及由")
            org = _PARTY_PREFIX.sub("", span[cut + 1 : hit.end()].strip(' “”"'))
            if len(org) >= 2:
                found.append(org)
        last_end = hit.end()
    return found


def _leaders(s: Sentence, lex: EventLexicon, running: Running) -> list[Leader]:
    """Leaders named before a lead word: 常州市委书记陈金虎率领, 市政府主要领导带队, 他来到."""
    text = s.text
    found: list[Leader] = []
    for hit in lex.find("lead", text):
        verb = hit.group(0)
        attends = lex.value("lead", verb) == "attend"
        before = text[: hit.start()]
        pronoun = _PRONOUN.search(before)
        if pronoun and running.leader is not None:
            found.append(Leader(*running.leader, (pronoun.start(), hit.start()), verb, attends))
            continue
        title_hit = None
        for t in lex.find("title", text, max(0, hit.start() - 12), hit.start()):
            gap = text[t.end() : hit.start()]
            if t.end() == hit.start() or re.fullmatch(r"[\u4e00-\u9fff]{2,3}", gap):
                title_hit = t
        if title_hit is None:
            continue
        name = text[title_hit.end() : hit.start()] or None
        if name is not None and lex.search("title", name):
            continue
        start = _title_start(s, title_hit.start())
        found.append(Leader(name, text[start : title_hit.end()], (start, hit.start()), verb, attends))
    return found


def _title_start(s: Sentence, pos: int) -> int:
    """How far left a title reaches: over its unit (市委, 市国际投资促进中心) but not over a place,
    except the 市 of 常州市委 that belongs to the title."""
    text = s.text
    start = pos
    while start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff" and text[start - 1] not in "由的是和与及在":
        if any(m.span[0] < start <= m.span[1] for m in s.mentions):
            break
        start -= 1
    for m in s.mentions:
        if m.span[1] == start and text[start : start + 1] in ("委", "政"):
            return start - 1
    return start


def _money_near(s: Sentence, pos: int, quantities: list[Quantity], end: int) -> Quantity | None:
    """The amount a signing names: in its clause before the verb (总投资120亿元的15个项目集中签约),
    else the first after it in its part of the sentence; not a size class (亿元以上)."""
    text = s.text
    money = [
        q
        for q in quantities
        if q.kind in ("money", "range")
        and not _in_parentheses(text, q.span[0])
        and not text.startswith(("以上", "及以上"), q.span[1])
        and not text.endswith("以上", 0, q.span[1])
    ]
    clause = s.clause_of(pos)
    before = [q for q in money if clause[0] <= q.span[0] < pos]
    if before:
        return before[-1]
    after = [q for q in money if pos <= q.span[0] < end]
    return after[0] if after else None


# ---------------------------------------------------------------------------------------------
# Dates


def _is_event_date(p: PeriodMention, text: str) -> bool:
    if p.cue not in ("day", "days", "month"):
        return False
    return not text.startswith(_DATELINE_AFTER, p.span[1])


def _date_before(s: Sentence, pos: int) -> Period | None:
    """The nearest day or month named before `pos` in its part of the sentence, else right after
    it in its clause."""
    segment = s.segment_of(pos)
    dates = [p for p in s.periods if _is_event_date(p, s.text) and segment[0] <= p.span[0] < segment[1]]
    before = [p for p in dates if p.span[1] <= pos]
    if before:
        return before[-1].period
    clause = s.clause_of(pos)
    after = [p for p in dates if pos <= p.span[0] < clause[1]]
    return after[0].period if after else None


def _carried_date(s: Sentence, pos: int, lex: EventLexicon, running: Running) -> Period | None:
    """当天/现场: the day last named; 会上/期间/其中: the date of the event last reported; 同月: the month."""
    head = s.text[: s.clause_of(pos)[1]]
    if _ON_THE_TRIP.search(head):
        return None  # 此次出访期间,…签署了备忘录: some day of the trip
    if lex.search("same_event", head) and running.drafts:
        latest = running.drafts[-1]
        if latest.when is not None:
            return latest.when
    if lex.search("same_event", head) and not running.drafts and running.last_day is not None:
        return running.last_day  # 2月26日,全市招商大会召开。…会上,举行了集中签约仪式: the meeting's day
    if lex.search("same_day", head) and running.last_day is not None:
        return running.last_day
    if lex.search("same_month", s.text, 0, pos):
        last = next((d.when for d in reversed(running.drafts) if d.when is not None), running.last_day)
        if last is not None:
            return Period(last.year, last.start_month, last.start_month)
    return None


def _chain_date(region: Region | None, running: Running, gaz: Gazetteer) -> Period | None:
    """A named project continues the date of its region's ceremony, or of the ceremony of a region
    above it, when no time was named since."""
    for d in reversed(running.drafts):
        if d.type in ("signing", "promotion_conference") and (
            _compatible_regions(d.region, region, gaz, nested=False)
            or (d.region is not None and region is not None and _is_ancestor(d.region, region, gaz))
        ):
            if d.when is not None and running.last_period_sentence <= max(d.sentence, running.signed_among):
                return d.when  # no time named since, or 现场签约的项目中 looks back at it after one
            return None
    return None


def _below_latest_ceremony(region: Region, running: Running, gaz: Gazetteer) -> bool:
    latest = next((d for d in reversed(running.drafts) if d.type in ("signing", "promotion_conference")), None)
    return latest is not None and latest.region is not None and _is_ancestor(latest.region, region, gaz)


def _ceremony_continued(d: Draft, s: Sentence, running: Running) -> Draft | None:
    """…集中签约仪式在会展中心举行。市长出席并讲话,46个项目集中签约…: an undated signing of the region of
    the dated signing in the sentence just before, with no time named since, goes on telling that one."""
    latest = running.drafts[-1] if running.drafts else None
    if latest is None or latest.type != "signing" or latest.named or latest.when is None or d.counterparties \
            or _ON_THE_TRIP.search(s.text):
        return None  # an agreement with a party of its own, or one signed on the trip, is another signing
    if s.index - latest.sentence != 1 or latest.region != d.region or running.last_period_sentence > latest.sentence:
        return None
    return latest


def _day_precise(p: Period | None) -> bool:
    return p is not None and p.start_day is not None


def _dates_compatible(a: Period | None, b: Period | None) -> bool:
    if a is None or b is None:
        return True
    if a.year != b.year and a.year is not None and b.year is not None:
        return False
    a0 = ((a.start_month or 0), (a.start_day or 0))
    a1 = ((a.end_month or a.start_month or 13), (a.end_day or a.start_day or 32))
    b0 = ((b.start_month or 0), (b.start_day or 0))
    b1 = ((b.end_month or b.start_month or 13), (b.end_day or b.start_day or 32))
    return a0 <= b1 and b0 <= a1


# ---------------------------------------------------------------------------------------------
# Reading one sentence


def _blocked(s: Sentence, pos: int, lex: EventLexicon) -> bool:
    """A plan, a habit or a back-reference heads the trigger's clause (将参加, 每年赴深, 此次签约)."""
    clause_start = s.clause_of(pos)[0]
    before = s.text[clause_start:pos]
    if lex.search("backref", before):
        return True
    if any(
        not _ORGAN_AFTER.match(s.text, hit.end()) for hit in lex.find("intent", s.text, clause_start, pos)
    ):
        return True
    return bool(lex.search("habit", s.text, clause_start, s.clause_of(pos)[1]))


def _tally_in_clause(s: Sentence, pos: int, quantities: list[Quantity], lex: EventLexicon) -> bool:
    """赴外地招商20次, 推介会20场: a count of trips or events in the trigger's clause makes it a tally."""
    return _tally(s, pos, quantities, lex) is not None


def _tally(s: Sentence, pos: int, quantities: list[Quantity], lex: EventLexicon) -> Quantity | None:
    clause = s.clause_of(pos)
    counts = set(lex.words["tally_unit"])
    return next((q for q in quantities if q.kind == "count" and q.unit in counts and pos < q.span[0] < clause[1]),
                None)


def _read_trips(
    s: Sentence,
    lex: EventLexicon,
    gaz: Gazetteer,
    ctx: EventContext,
    running: Running,
    quantities: list[Quantity],
) -> list[Draft]:
    """Trips: movement words, then (where there is none) a visit or an activity held somewhere away."""
    text = s.text
    drafts = _moves(s, lex, gaz, ctx, running, quantities)
    if not drafts and "在" in text:
        drafts = _visits_abroad(s, lex, gaz, ctx, running)
    if not drafts and ("在" in text or "(" in text):
        drafts = _activities_away(s, lex, gaz, ctx, running, quantities)
    if not drafts:
        drafts = _visits_beside_conference(s, lex, running, quantities)
    for d in drafts:
        d.when = _date_before(s, d.span[0] - s.base)
        d.own_date = d.when is not None
        segment_end = s.segment_of(d.span[0] - s.base)[1]
        for cue in lex.find("place_cue", text, d.span[1] - s.base, segment_end):  # 出发,深入欧洲多地拜访
            if _names_place(s, cue.end(), lex):
                d.destinations = _merge_places(d.destinations, _places_after(s, cue.end(), lex, gaz))
        visit = _party_visit(text, d.span[1] - s.base, lex)
        if visit:
            d.counterparties = _parties(text[visit.end() :], lex)
    return drafts


def _moves(
    s: Sentence,
    lex: EventLexicon,
    gaz: Gazetteer,
    ctx: EventContext,
    running: Running,
    quantities: list[Quantity],
) -> list[Draft]:
    """赴深圳, 前往日本, 招商团出发: one trip per region that moves (several words, one trip)."""
    text = s.text
    drafts: list[Draft] = []
    hits = lex.find("move", text)
    if not hits:
        return drafts
    led_at: list[int] | None = None  # where a delegation or leader is named (read when 出发 needs one)
    not_moves = [m.span() for m in lex.find("not_move", text)]
    for hit in hits:
        pos = hit.start()
        if any(a <= pos < b for a, b in not_moves):
            continue
        kind = lex.value("move", hit.group(0))
        clause_end = s.clause_of(pos)[1]
        stop = lex.search("place_stop", text, hit.end(), clause_end)
        if kind == "known_place":
            if not any(m.span[0] == hit.end() and m.kind in ("name", "zone") for m in s.mentions):
                continue  # 去年, 过去: no place follows
        elif kind == "place":
            if not _names_place(s, hit.end(), lex):
                continue
        else:
            if led_at is None:
                led_at = [m.start() for role in ("delegation", "title") for m in lex.find(role, text)]
            if not any(p < pos for p in led_at):
                continue  # 出发 needs a delegation or a leader
        if _comes_home(s, hit.end(), ctx, gaz):
            continue  # 深圳客商赴我县考察: a visit received, not made
        if stop is not None and stop.group(0) in ("举行", "举办", "召开"):
            segment_end = s.segment_of(pos)[1]
            if lex.search("ceremony", text, stop.end(), segment_end) or lex.search(
                "conference", text, stop.end(), segment_end
            ):
                continue  # 赴上海举行集中签约活动: the signing is the event
        if _blocked(s, pos, lex) or _tally_in_clause(s, pos, quantities, lex):
            continue
        places = _places_after(s, hit.end(), lex, gaz)
        regions = _owner_before(s, pos, ctx, running, gaz) or _fallback(s, pos, lex, running, ctx)
        for region in _or_unknown(regions):
            same = next((d for d in drafts if d.region == region), None)
            if same is not None:
                same.destinations = _merge_places(same.destinations, places)
                continue
            drafts.append(
                Draft(
                    "outbound_visit",
                    region,
                    (s.base + pos, s.base + hit.end()),
                    s.index,
                    text,
                    destinations=_merge_places([], places),
                )
            )
    return drafts


def _visits_beside_conference(
    s: Sentence, lex: EventLexicon, running: Running, quantities: list[Quantity]
) -> list[Draft]:
    """推介会前一天,张振宇率代表团走访了…6家企业: a delegation's visits beside a conference it just held
    away from home are a trip to the conference's place (visits after a trip are the trip's; a sentence
    that counts trips, 带队外出招商320多次, is a tally)."""
    hit = _party_visit(s.text, 0, lex)
    if hit is None or lex.value("visit", hit.group(0)) != "strong" or _blocked(s, hit.start(), lex):
        return []
    counts = set(lex.words["tally_unit"])
    if any(q.kind == "count" and q.unit in counts for q in quantities):
        return []
    segment_start = s.segment_of(hit.start())[0]
    if not (lex.search("lead", s.text, segment_start, hit.start())
            or lex.search("delegation", s.text, segment_start, hit.start())):
        return []
    for d in reversed(running.drafts[-4:]):
        if s.index - d.sentence > 2 or d.type == "outbound_visit":
            break
        if d.type == "promotion_conference" and d.destinations and d.region is not None:
            span = (s.base + hit.start(), s.base + hit.end())
            return [Draft("outbound_visit", d.region, span, s.index, s.text, destinations=list(d.destinations))]
    return []


def _comes_home(s: Sentence, pos: int, ctx: EventContext, gaz: Gazetteer) -> bool:
    """Whether the place at `pos` is the article's own region or a place under it (赴我县, 来淮)."""
    for m in s.mentions:
        if m.span[0] == pos:
            if m.kind in ("reference", "zone_reference"):
                return True
            region = m.region
            return (
                ctx.home is not None
                and region is not None
                and (region.key == ctx.home.key or _is_ancestor(ctx.home, region, gaz))
            )
    return False


def _visits_abroad(
    s: Sentence, lex: EventLexicon, gaz: Gazetteer, ctx: EventContext, running: Running
) -> list[Draft]:
    """在日本,招商小分队密集拜访了…: a visit where the sentence opens on a place away from home, or where
    a delegation is in one (代表团在长沙、株洲等地开展招商考察, 一行在深期间先后走访了…)."""
    text = s.text
    for hit in lex.find("visit", text):
        if lex.value("visit", hit.group(0)) != "strong":
            continue
        cue = None
        for c in lex.find("place_cue", text, s.segment_of(hit.start())[0], hit.start()):
            if c.group(0) == "在":
                cue = c
        if cue is None or _blocked(s, hit.start(), lex):
            continue
        led = any(w.end() == cue.start() for role in ("delegation", "lead") for w in lex.find(role, text, 0, cue.start()))
        if not led and (cue.start() != s.clause_of(cue.start())[0]
                        or not re.match(r"[^,;:。]{1,12}[,;:]", text[cue.end() :])):
            continue
        if not _names_place(s, cue.end(), lex):
            continue
        places = _places_after(s, cue.end(), lex, gaz)
        at_home = [
            m
            for m in s.mentions
            if m.span[0] == cue.end()
            and m.region is not None
            and ctx.home is not None
            and gaz.related(m.region, ctx.home)
        ]
        if not places or at_home:
            continue
        regions = _owner_before(s, hit.start(), ctx, running, gaz) or _fallback(
            s, hit.start(), lex, running, ctx
        )
        return [
            Draft(
                "outbound_visit",
                region,
                (s.base + hit.start(), s.base + hit.end()),
                s.index,
                text,
                destinations=places,
            )
            for region in _or_unknown(regions)
        ]
    return []


def _activities_away(
    s: Sentence, lex: EventLexicon, gaz: Gazetteer, ctx: EventContext, running: Running, quantities: list[Quantity]
) -> list[Draft]:
    """先后在浙江、福建举行招商推介活动, 2019粤港澳大湾区(深圳)精准招商活动: promotion
    activities held away from home."""
    text = s.text
    for hit in lex.find("activity", text):
        if ctx.home is None or _blocked(s, hit.start(), lex) or _tally_in_clause(s, hit.start(), quantities, lex):
            continue  # 在北京、深圳等地举办专场推介活动12场: a tally
        clause = s.clause_of(hit.start())
        cue = next(
            (c for c in lex.find("place_cue", text, clause[0], hit.start()) if c.group(0) == "在"), None
        )
        if cue is not None:
            if not _names_place(s, cue.end(), lex):
                continue
            places, place_at = _places_after(s, cue.end(), lex, gaz), cue.start()
        else:
            venue = re.search(r"\(([\u4e00-\u9fff]{2,6})\)[^,;()]{0,8}$", text[clause[0] : hit.start()])
            places, place_at = ([venue.group(1)] if venue else []), clause[0]
        away = [m.region for m in s.mentions if place_at <= m.span[0] < hit.start() and m.region is not None]
        if not places or any(gaz.related(r, ctx.home) for r in away):
            continue
        regions = _owner_before(s, place_at, ctx, running, gaz) or _fallback(s, place_at, lex, running, ctx)
        return [
            Draft(
                "outbound_visit",
                region,
                (s.base + hit.start(), s.base + hit.end()),
                s.index,
                text,
                destinations=places,
            )
            for region in _or_unknown(regions)
        ]
    return []


def _party_visit(text: str, start: int, lex: EventLexicon) -> re.Match[str] | None:
    """The first 拜访/走访/会见 at or after `start` (对接/洽谈 name no party); of 考察拜访, the last word."""
    found = None
    for hit in lex.find("visit", text, start):
        if found is not None and hit.start() != found.end():
            break
        if lex.value("visit", hit.group(0)) in ("strong", "party"):
            found = hit
    return found


def _fallback(s: Sentence, pos: int, lex: EventLexicon, running: Running, ctx: EventContext) -> list[Region]:
    """No owner named before the trigger: the trip it happens on (此次出访期间), the conference the
    sentence is at (会上), else the topic."""
    if _ON_THE_TRIP.search(s.text, 0, pos):
        for d in reversed(running.drafts):
            if d.type == "outbound_visit" and d.region is not None:
                return [d.region]
    if lex.search("same_event", s.text, 0, pos):
        for d in reversed(running.drafts[-6:]):
            if d.type in ("promotion_conference", "signing") and d.region is not None and not d.named:
                return [d.region]
    region = running.topic or ctx.home
    return [region] if region is not None else []


def _conference_name(s: Sentence, hit: re.Match[str], lex: EventLexicon) -> tuple[int, str]:
    """Where a conference's name starts and the word that ends the words before it (在, 举办, 参加…)."""
    text = s.text
    clause_start = s.clause_of(hit.start())[0]
    head = text[clause_start : hit.start()]
    stops = re.compile(r"(?:在|举办了|举办|举行了|举行|召开|参加|参与|来到|的|了|于|出席|组织|开展|——|—|:)")
    last = None
    for m in stops.finditer(head):
        if not _in_parentheses(head, m.start()):
            last = m
    start = clause_start + (last.end() if last else 0)
    return start, (last.group(0) if last else "")


# A region's own conference held elsewhere, named "(year) region (venue) …会".
_OWN_CONFERENCE = re.compile(r"^(?:\d{4}年?)?(?!中国)([\u4e00-\u9fff]{2,6}?)\([\u4e00-\u9fff]{2,8}\)")


_NO_CLAUSE_MARK = re.compile(r"[^,;:。]*")
_AT_IT_THE = re.compile(r"上[^,;:。]{0,4}的")  # 推介会上签约的项目: a conference named as where things were done
_IN_TURN = re.compile(r"先后|分别|相继|陆续")  # 先后在深圳、上海、北京举办…: one conference in each place


def _read_conferences(
    s: Sentence,
    lex: EventLexicon,
    gaz: Gazetteer,
    ctx: EventContext,
    running: Running,
    quantities: list[Quantity],
) -> list[Draft]:
    text = s.text
    drafts: list[Draft] = []
    for hit in lex.find("conference", text):
        start, stop_word = _conference_name(s, hit, lex)
        name = text[start : hit.end()].strip(' “”"')
        qualifier = text[start : hit.start()]
        if not qualifier.strip() or lex.search("backref", qualifier) or re.fullmatch(r"[、,\s]*", qualifier) \
                or _AT_IT_THE.match(text, hit.end()):
            continue  # 洽谈会上, 本届洽谈会, 对推介会上签约的项目: the conference already reported
        own = _OWN_CONFERENCE.match(name)  # 2019朔州(杭州)产业合作推介会: 朔州's, held in 杭州
        hosts = [m for m in s.mentions if own and m.text == own.group(1) and start <= m.span[0] < hit.start()]
        if not hosts and (stop_word in ("参加", "参与", "出席") or lex.search(
            "participation", text, s.clause_of(hit.start())[0], start
        )):
            continue  # attending another's conference
        tally = _tally(s, hit.start(), quantities, lex)
        if (
            _blocked(s, hit.start(), lex)
            or _COUNT_BEFORE_NAME.match(qualifier.strip())
            or re.match(r"[\d一二两三四五六七八九十百千]+场", qualifier)
        ):
            continue  # 举办推介会20场, 12场推介会: a tally
        previous = drafts[-1] if drafts else None
        between = text[previous.span[1] - s.base : hit.start()] if previous is not None else ""
        after_and = previous is not None and text.endswith("暨", 0, previous.span[1] - s.base)
        if previous is not None and (between.startswith("暨") or (after_and and _NO_CLAUSE_MARK.fullmatch(between))):
            previous.name, previous.span = (
                name,
                (previous.span[0], s.base + hit.end()),
            )  # 华东洽谈会暨合肥洽谈会, 城市推介暨经贸合作洽谈会: one fair, two names
            continue
        in_name = [
            i
            for i, m in enumerate(s.mentions)
            if start <= m.span[0] < hit.start()
            and not _in_parentheses(text, m.span[0])
            and m.kind in ("name", "zone", "reference")
        ]
        regions: list[Region] = []
        venues: list[str] = []
        for i in reversed(in_name):
            region = _mention_region(s.mentions[i], text, ctx, running, gaz)
            if region is not None and gaz.related(region, ctx.home):
                regions = [region]
                break
            if region is not None:
                venues.append(s.mentions[i].text)  # 昆山投资说明会 held by 海州区: 昆山 is the venue
        if not regions and hosts:
            region = _mention_region(hosts[0], text, ctx, running, gaz)
            regions = [region] if region is not None else []
        host = re.match(r"^(?:\d{4})?中国\(([\u4e00-\u9fff]{2,6})\)", name)
        if not regions and not any(s.mentions[i].kind != "reference" for i in in_name) and host:
            # 2024中国(成都)投资推介会: the host city in parentheses
            hosted = [m for m in s.mentions if m.text == host.group(1) and start <= m.span[0] < hit.start()]
            region = _mention_region(hosted[0], text, ctx, running, gaz) if hosted else None
            regions = [region] if region is not None else []
        if not regions:
            regions = (
                _owner_before(s, start, ctx, running, gaz)
                or _owner_after(s, hit.end(), ctx, running, gaz, s.segment_of(hit.start())[1])
                or _fallback(s, start, lex, running, ctx)
            )
        venues += [v for v in re.findall(r"\(([^)]{1,8})\)", name) if not (host and v == host.group(1))]
        clause = s.clause_of(hit.start())
        for cue in lex.find("place_cue", text, clause[0], clause[1]):
            if (
                cue.group(0) == "在"
                and not _in_parentheses(text, cue.start())
                and _names_place(s, cue.end(), lex)
            ):
                venues += _places_after(s, cue.end(), lex, gaz)
        when = _date_before(s, hit.start())
        listed = [v for v in venues if v]
        per_venue = len(listed) >= 2 and _IN_TURN.search(text, clause[0], hit.start())
        if tally is not None and not (per_venue and tally.value == len(listed) and tally.approx == "exact"):
            continue  # 举办推介会20场: a tally; 先后在北京、深圳、西安举办推介会3场: one in each
        for region in _or_unknown(regions[:1]):
            if per_venue:
                for venue in listed:
                    at = text.find(venue, clause[0])
                    drafts.append(
                        Draft(
                            "promotion_conference",
                            region,
                            (s.base + at, s.base + at + len(venue)),
                            s.index,
                            text,
                            when=when,
                            own_date=when is not None,
                            destinations=[venue],
                            name=name,
                        )
                    )
                continue
            drafts.append(
                Draft(
                    "promotion_conference",
                    region,
                    (s.base + hit.start(), s.base + hit.end()),
                    s.index,
                    text,
                    when=when,
                    own_date=when is not None,
                    destinations=_merge_places([], listed),
                    name=name,
                )
            )
    return drafts


def _names_agreement(after: str, lex: EventLexicon) -> bool:
    """签署合作意向书, 签订投资协议: the verb's object is an agreement (not 合同项目, a kind of project)."""
    m = re.match(r"了?(?:战略)?(?:合作|投资|框架)?", after)
    rest = after[m.end() if m else 0 :]
    word = lex.patterns["agreement"].match(rest)
    return word is not None and not rest.startswith("项目", word.end())


def _bilateral(before: str) -> re.Match[str] | None:
    """与/同/和 and the party after it, before a signing verb (与招商银行、…仁和人寿分别签署): 与 first,
    because 和 is also written inside names."""
    for conjunction in ("与", "同", "和"):
        m = re.search(f"{conjunction}([^{conjunction}]{{2,60}})$", before)
        if m:
            return m
    return None


_QUOTED_TERM = re.compile(r"“[^”]{0,4}$")


def _signing_hits(text: str, lex: EventLexicon) -> list[re.Match[str]]:
    """Ceremony words (集中签约) and, outside them, signing verbs (签约), in text order."""
    ceremonies = lex.find("ceremony", text)
    verbs = [
        h for h in lex.find("sign", text) if not any(c.start() <= h.start() < c.end() for c in ceremonies)
    ]
    return sorted(ceremonies + verbs, key=lambda h: h.start())


_ATTENDED = re.compile(r"(?:出席|参加|见证|主持)了?$")


def _read_signings(
    s: Sentence,
    lex: EventLexicon,
    gaz: Gazetteer,
    ctx: EventContext,
    running: Running,
    quantities: list[Quantity],
    context: list[Draft],
) -> list[Draft]:
    """Ceremonies, agreements with a named party, signings at a conference or on a trip, and
    named projects signed (`context`: the trips and conferences of this sentence)."""
    text = s.text
    drafts: list[Draft] = []
    for hit in _signing_hits(text, lex):
        pos, end = hit.start(), hit.end()
        ceremony = hit.group(0) in lex.words["ceremony"]
        clause = s.clause_of(pos)
        before = text[clause[0] : pos]
        if _blocked(s, pos, lex) or text[pos - 1 : pos] == "新" or _QUOTED_TERM.search(text, 0, end) \
                and text.startswith("”", end):
            continue  # plans; 新签约项目267个 is a period's tally; “云签约” is a word, not a signing
        if _tally_in_clause(s, pos, quantities, lex) or _NO_DEAL.search(text, end, clause[1]):
            continue  # 出席签约活动两场: a tally; 签订了目标责任书: a pledge, no investment
        if text.startswith("的", end) and not _bilateral(before) \
                and not any(q.kind == "money" and end < q.span[0] < clause[1] for q in quantities):
            continue  # 对推介会上签约的项目建立专班: the projects signed, told as a noun (not …签约的X项目总投资60亿元)
        trips_or_conferences = [d for d in context if d.sentence == s.index]
        # 推介会上,现场签约项目11个: the signing at the conference just reported (no signing told since)
        at_conference = bool(running.drafts) and running.drafts[-1].type == "promotion_conference" \
            and s.index - running.drafts[-1].sentence <= 2 \
            and bool(lex.search("same_event", text, 0, pos) or hit.group(0).startswith("现场"))
        if ceremony and not at_conference and (
                text.startswith("的", end) or not (before.strip(" 在“") or trips_or_conferences)
                or (text.startswith("上", end) or _ATTENDED.search(before))
                and any(d.type == "signing" for d in running.drafts)):
            continue  # 参加集中签约的15个项目, 签约仪式上, 市长出席签约仪式并致辞: the ceremony already reported
        if text.startswith(("、", "和", "及"), end):
            continue  # 签约、在建项目达26个: stages added together
        bilateral = _bilateral(before)
        party_region = None
        if bilateral:
            party = [
                m
                for m in s.mentions
                if clause[0] + bilateral.start(1) <= m.span[0] < pos and m.kind in ("name", "zone")
            ]
            if party and _GOVERNMENT_PARTY.match(text[party[-1].span[1] : pos]):
                party_region = party[-1]
        agreement = hit.group(0) in ("签署", "签订") and _names_agreement(text[end:], lex)
        named_subject = _SUBJECT_PROJECT_BEFORE.search(before.split("、")[-1])
        named_ok = bool(
            named_subject
            and not _NOT_A_NAME.search(named_subject.group("name"))
            and not _COUNT_BEFORE_NAME.search(named_subject.group("name"))
        ) or bool(re.search(r"等一批[^,;]{0,6}项目[^,;]{0,4}$", before))
        at_event = bool(trips_or_conferences) or bool(_AT_THE_EVENT.search(text, 0, pos))
        breakdown = (
            text.lstrip().startswith("其中")
            and bool(running.drafts)
            and running.drafts[-1].type == "signing"
            and s.index - running.drafts[-1].sentence <= 5
        )
        date = _date_before(s, pos)
        dated = (
            _day_precise(date)
            and not text.startswith("项目", end)
            and any(clause[0] <= p.span[0] < pos for p in s.periods)
        )
        if not (ceremony or bilateral or agreement or named_ok or at_event or breakdown or dated):
            continue
        backref = not (
            ceremony or bilateral or agreement or named_ok or trips_or_conferences or dated or breakdown
        )
        regions = _owner_before(s, pos, ctx, running, gaz, signing=True)
        if party_region is not None and not regions:
            region = _mention_region(party_region, text, ctx, running, gaz)
            regions = [region] if region is not None else []
        if not regions:
            conference = next((d for d in trips_or_conferences if d.type == "promotion_conference"), None)
            regions = [conference.region] if conference is not None and conference.region else []
        regions = regions or _fallback(s, pos, lex, running, ctx)
        if breakdown and not (ceremony or bilateral or agreement or named_ok or dated) \
                and all(r == running.drafts[-1].region for r in regions):
            continue  # 其中,来自北京、天津的项目24个: a part of the signing just reported, by origin
        segment = s.segment_of(pos)
        counterparties: list[str] = []
        if bilateral:
            span = (
                text[clause[0] : clause[0] + bilateral.start()]
                if party_region is not None
                else bilateral.group(1)
            )
            counterparties = _parties(span, lex)
        if named_subject and named_ok and not counterparties:
            counterparties = _organisations(named_subject.group("name"), lex)
        money = _money_near(s, pos, quantities, segment[1]) if len(regions) <= 1 else None
        places: list[str] = []
        for d in trips_or_conferences:
            if s.segment_of(d.span[0] - s.base) == segment:
                places = _merge_places(places, d.destinations)
        for region in _or_unknown(regions):
            same = next(
                (d for d in drafts if d.region == region and s.segment_of(d.span[0] - s.base) == segment),
                None,
            )
            if same is not None:
                same.counterparties += [c for c in counterparties if c not in same.counterparties]
                continue
            d = Draft(
                "signing",
                region,
                (s.base + pos, s.base + end),
                s.index,
                text,
                destinations=places,
                counterparties=counterparties,
                backref=backref,
                part=breakdown,
            )
            if money is not None and money.kind == "money":
                d.amount, d.currency = money.value, money.currency
            drafts.append(d)
    return drafts


def _read_named_projects(
    s: Sentence,
    lex: EventLexicon,
    gaz: Gazetteer,
    ctx: EventContext,
    running: Running,
    quantities: list[Quantity],
    previous: str,
) -> list[Draft]:
    """总投资50亿元的比亚迪新能源乘用车项目: the signing of one named project, with its amount, where
    this or the previous sentence reports projects signed, landed or brought in."""
    text = s.text
    drafts = _read_project_list(s, running)
    if not (lex.search("project_verb", text) or lex.search("project_verb", previous)):
        return drafts
    for q in quantities:
        if q.kind not in ("money", "range") or _in_parentheses(text, q.span[0]):
            continue
        after = text[q.span[1] :]
        m = re.match(r"(?P<de>的)?(?P<name>[^,;:、。()]{2,40}?)项目", after) or _BUILT.match(after)
        if m is None:
            continue
        name = re.split(r"等", m.group("name"))[0]
        if len(name) < 2 or _NOT_A_NAME.search(name) or _COUNT_BEFORE_NAME.match(name):
            continue
        before = text[: q.span[0]]
        if not (m.groupdict().get("de") or _INVESTMENT_BEFORE.search(before)):
            continue  # 50亿元项目: a size class, not an amount of its own
        tail = text[q.span[1] + m.end() : q.span[1] + m.end() + 6]
        if lex.search("other_stage", tail):
            continue  # 总投资…的…项目开工: a project started, not signed
        regions = _owner_before(s, q.span[0], ctx, running, gaz, limit=s.segment_of(q.span[0])[0])
        if not regions:
            regions = _owner_before(s, q.span[0], ctx, running, gaz)
        regions = regions[-1:] or _fallback(s, q.span[0], lex, running, ctx)
        owner = regions[0] if regions else ctx.home
        settled = _settled_in(s, q.span[1] + m.end(), owner, gaz) or _signed_with(s, q.span[0], owner, gaz)
        if settled is not None:
            regions = [settled]
        clause = s.clause_of(q.span[0])
        parties = _organisations(text[clause[0] : q.span[0]], lex)
        name_start = q.span[1] + m.start("name")
        d = Draft(
            "signing",
            regions[0] if regions else None,
            (s.base + name_start, s.base + name_start + len(name)),
            s.index,
            text,
            counterparties=parties,
            named=True,
            name=name,
        )
        upper_of_range = any(
            p.kind == "money" and re.fullmatch(r"至|到|-|~", text[p.span[1] : q.span[0]]) for p in quantities
        )  # 20亿元至30亿元: a range names no one amount
        if q.kind == "money" and not upper_of_range:
            d.amount, d.currency = q.value, q.currency
        drafts.append(d)
    return drafts


_SETTLES = re.compile(r",?(?:将|已|正式|成功|拟)?(?:落户|落地|落户于|落地于)")


def _settled_in(s: Sentence, pos: int, owner: Region | None, gaz: Gazetteer) -> Region | None:
    """…项目落户宜丰县: the county-level place under `owner` that a named project settles in; a park
    inside a county is the county's (落户江宁高新区 in 江宁区), a zone under a city is its own."""
    settles = _SETTLES.match(s.text, pos)
    if settles is None or owner is None:
        return None
    place = next((m.region for m in s.mentions if m.span[0] == settles.end() and m.kind in ("name", "zone")), None)
    if place is None:
        return None
    parent = gaz.parent(place)
    if place.level == "zone" and parent is not None and parent.level == "county":
        place = parent
    if place.level not in ("county", "zone") or not _is_ancestor(owner, place, gaz):
        return None
    return place


_SIGNED_WITH = re.compile(r"(?:签约|签订|签署|签下)了?")


def _signed_with(s: Sentence, pos: int, owner: Region | None, gaz: Gazetteer) -> Region | None:
    """意大利莱昂尼葡萄酒集团与青田县签约总投资1.2亿美元的…项目: the county under `owner` that a company
    signed the named project with."""
    if owner is None:
        return None
    clause_start = s.clause_of(pos)[0]
    for m in reversed(s.mentions):
        start, end = m.span
        if not (clause_start < start and end <= pos) or m.kind not in ("name", "zone") or m.region is None:
            continue
        if s.text[start - 1] == "与" and _SIGNED_WITH.match(s.text, end) and _is_ancestor(owner, m.region, gaz):
            return m.region
        return None
    return None


_PROJECT_LIST = re.compile(
    r"(?:[^,;:、。()]{2,40}?项目、)+[^,;:、。()]{2,40}?项目(?=总投资|投资总额|计划总投资)"
)


def _project_list(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    end = len(text) if end is None else end
    if text.find("项目、", start, end) == -1 or not re.search("总投资|投资总额", text[start:end]):
        return None
    return _PROJECT_LIST.search(text, start, end)


def _read_project_list(s: Sentence, running: Running) -> list[Draft]:
    """其中,A项目、B项目…F项目总投资达100亿元: each project listed as signed at the ceremony just
    reported (its amount is their sum, so none is given)."""
    listed = _project_list(s.text)
    ceremony = next(
        (d for d in reversed(running.drafts[-8:]) if d.type == "signing" and not d.named and not d.part), None
    )
    if listed is None or ceremony is None or s.index - ceremony.sentence > 10:
        return []
    drafts = []
    at = listed.start()
    for item in listed.group(0).split("、"):
        name = re.sub(r"^(?:其中|包括)", "", item).removesuffix("项目")
        start = s.text.find(name, at)
        at = start + len(name)
        drafts.append(
            Draft(
                "signing",
                ceremony.region,
                (s.base + start, s.base + start + len(name)),
                s.index,
                s.text,
                named=True,
                name=name,
                part=True,
            )
        )
    return drafts


def _quantities(s: Sentence, ctx: EventContext) -> list[Quantity]:
    if ctx.found is not None:
        return ctx.found.quantities_of(s.base, s.base + len(s.text))
    return find_quantities(s.text)


def _read_sentence(
    s: Sentence, lex: EventLexicon, gaz: Gazetteer, ctx: EventContext, running: Running, previous: str
) -> list[Draft]:
    quantities = _quantities(s, ctx) if _QUANTITY_HINT.search(s.text) else []
    text = s.text
    trips = _read_trips(s, lex, gaz, ctx, running, quantities)
    conferences = _read_conferences(s, lex, gaz, ctx, running, quantities) if "会" in text else []
    signings = (
        _read_signings(s, lex, gaz, ctx, running, quantities, trips + conferences) if "签" in text else []
    )
    named = _read_named_projects(s, lex, gaz, ctx, running, quantities, previous) if "项目" in text or "建设" in text else []
    if named:
        # A named project's own amount is not the ceremony's; a verb that only names the project
        # is not a second event.
        for d in signings:
            if any(d.amount == n.amount for n in named):
                d.amount = d.currency = None
        # 成功签约总投资50亿元的比亚迪…项目 / …项目签约: the verb reports the named project's signing.
        signings = [
            d
            for d in signings
            if not any(
                n.span[0] <= d.span[0] < n.span[1] + 6
                or (
                    d.span[1] <= n.span[0]
                    and re.fullmatch(r"[^,;。]{0,16}", s.text[d.span[1] - s.base : n.span[0] - s.base])
                )
                for n in named
            )
        ]
    for trip in trips:  # 率团赴杭州出席2019朔州(杭州)推介会: whose trip it is, from the conference attended
        if trip.region is None:
            trip.region = next((c.region for c in conferences if c.region is not None and c.span[0] > trip.span[0]), None)
    drafts = trips + conferences + signings + named
    for d in drafts:
        if d.when is None:
            d.when = _date_before(s, d.span[0] - s.base)
            d.own_date = d.when is not None
        if d.when is None:
            d.when = _carried_date(s, d.span[0] - s.base, lex, running)
        if d.when is None and d.named:
            d.when = _chain_date(d.region, running, gaz)
        if d.when is None and d.type == "signing" and not d.named:
            ceremony = _ceremony_continued(d, s, running)
            if ceremony is not None:
                d.when, d.backref = ceremony.when, True
            elif d.region is not None and _below_latest_ceremony(d.region, running, gaz):
                d.when = _chain_date(d.region, running, gaz)  # 中方县与…集团签约的…项目: at the city's ceremony
    # A round-up (南京赴中国香港,苏州赴日本,…): several regions' events of one type in one part of a sentence.
    for type_ in ("outbound_visit", "signing", "promotion_conference"):
        for segment in s.segments:
            of_type = [
                d
                for d in drafts
                if d.type == type_ and not d.named and segment[0] <= d.span[0] - s.base < segment[1]
            ]
            if len({d.region.key for d in of_type if d.region is not None}) >= 2:
                for d in of_type:
                    d.roundup = True
    _attach_leaders(s, lex, drafts, running)
    return drafts


def _attach_leaders(s: Sentence, lex: EventLexicon, drafts: list[Draft], running: Running) -> None:
    """Give each event the leader named before its trigger; a sentence that only names a leader
    (市长陈之常带队) gives it to the event just reported."""
    leaders = _leaders(s, lex, running)
    for leader in leaders:
        if leader.name is not None:
            running.leader = (leader.name, leader.title)
    if not leaders:
        return
    if drafts:
        for d in drafts:
            pos = d.span[0] - s.base
            fitting = [
                ld for ld in leaders if (d.type == "outbound_visit") != ld.attends or ld.verb == "来到"
            ]
            before = [ld for ld in fitting if ld.span[0] < pos] or fitting
            if before and d.leader_title is None:
                d.leader, d.leader_title = before[-1].name, before[-1].title
        return
    head = ([ld for ld in leaders if not ld.attends] or leaders)[0]
    for d in reversed(running.drafts[-3:]):
        if s.index - d.sentence > 2:
            break
        wanted = d.type == "outbound_visit" if not head.attends else d.type != "outbound_visit"
        if wanted and d.leader_title is None:
            d.leader, d.leader_title = head.name, head.title
            break


def _attach_visits(s: Sentence, lex: EventLexicon, running: Running) -> None:
    """拜访了松下、日立…: the companies a trip just reported visited."""
    hit = _party_visit(s.text, 0, lex)
    if hit is None:
        return
    parties = _parties(s.text[hit.end() :], lex)
    if not parties:
        return
    for d in reversed(running.drafts[-4:]):
        if s.index - d.sentence > 3:
            break
        if d.type == "outbound_visit":
            d.counterparties += [p for p in parties if p not in d.counterparties]
            return


# ---------------------------------------------------------------------------------------------
# The article


_EXPLICIT_YEAR = re.compile(r"((?:19|20)\d{2})\s?年")
_ANY_YEAR = re.compile(r"年")


def _sentence_periods(
    text: str, years: YearContext, running: Running, base: int = 0, findings: TextFindings | None = None
) -> list[PeriodMention]:
    """The days and months a sentence names (an event's date is never a year or a quarter); one
    without a year after one with its own year (2019年3月,…;5月,…) is in that year. `findings` (of the
    text the sentence starts at `base` in) saves reading its times again."""
    if not _DAY_OR_MONTH.search(text):
        return []
    if findings is not None:
        found = findings.periods_of(base, base + len(text), years)
    else:
        found = find_periods(text, years)
    day = running.last_day  # a bare 11日 is in its month and year, 次日 the day after it
    month, year = (day.start_month, day.year) if day is not None else (None, None)
    extra = [
        p
        for p in find_relative_days(text, years, month, year, day)
        if not any(p.span[0] < o.span[1] and o.span[0] < p.span[1] for o in found)
    ]
    periods = sorted(found + extra, key=lambda p: p.span)
    stated: int | None = None
    for i, p in enumerate(periods):
        written = text[p.span[0] : p.span[1]]
        explicit = _EXPLICIT_YEAR.search(written)
        if explicit:
            stated = int(explicit.group(1))
        elif (
            stated is not None
            and stated != p.period.year
            and p.cue in ("day", "days", "month")
            and not _ANY_YEAR.search(written)
        ):
            periods[i] = PeriodMention(p.span, replace(p.period, year=stated), p.cue)
    return periods


def _update_dates(
    s_text: str, periods: list[PeriodMention], index: int, lex: EventLexicon, running: Running
) -> None:
    if _TIME_WORD.search(s_text):
        running.last_period_sentence = index
    for p in periods:
        if s_text.startswith(_DATELINE_AFTER, p.span[1]):
            continue
        if p.cue in ("day", "days"):  # a bare 11日 is in the month of the last day named, not of 自4月
            running.last_day = Period(
                p.period.year,
                p.period.start_month,
                p.period.start_month,
                p.period.start_day,
                p.period.start_day,
            )
    if lex.search("same_day", s_text) and running.last_day is not None:
        running.last_period_sentence = max(running.last_period_sentence, index)


def _context_keys(
    sentences: list[tuple[str, PlaceScan]], title: str, ctx: EventContext, gaz: Gazetteer
) -> frozenset[str]:
    """The regions in context: the home's lineage and the places the event sentences name unambiguously."""
    keys = set(ctx.regions)
    for text, scan in [(title, scan_places(title, gaz)), *sentences]:
        for m in find_region_mentions(text, gaz, scan=scan):
            if m.kind == "name" and len({c.key for c in m.candidates if c.level != "zone"}) == 1:
                keys |= _lineage(m.candidates[0], gaz)
    return frozenset(keys)


def _title_region(title: str, ctx: EventContext, gaz: Gazetteer) -> Region | None:
    regions = [
        m.region
        for m in find_region_mentions(title, gaz, ctx.regions)
        if m.kind in ("name", "zone") and m.region is not None
    ]
    for region in regions:
        if not any(_is_ancestor(region, other, gaz) for other in regions):
            return region
    return None


_ON_THE_TRIP = re.compile(r"出访期间|此行|考察期间|访问期间|行程中")
_NO_DEAL = re.compile(r"责任书|承诺书|军令状")
# What a signing verb needs around it to report one signing (see `_read_signings`).
_SIGNING_ANCHOR = re.compile(
    r"[与和同][^,;。]{1,60}(?:签约|签署|签订|签下)|项目[^,;。]{0,4}签约|等一批|签署|签订|"
    r"会上|期间|仪式|专场|现场|^其中|\d{1,2}\s?日|[今昨当]天|[今昨当]日"
)


def _worth_reading(sentence: str, lex: EventLexicon) -> bool:
    """A cheap look at whether a sentence with a trigger word can report an event: a movement,
    ceremony or conference word, an activity held somewhere (在…, (深圳)), or a signing verb with
    an anchor (与…签约, 会上, a day); a bare 新签约项目267个 cannot."""
    if lex.search("move", sentence) or lex.search("ceremony", sentence) or lex.search("conference", sentence):
        return True
    if lex.search("activity", sentence) and ("在" in sentence or "(" in sentence):
        return True
    if "在" in sentence and lex.search("visit", sentence) and (lex.search("delegation", sentence) or lex.search("lead", sentence)):
        return True  # 代表团在上海、苏州等地考察
    return bool(lex.search("sign", sentence) and _SIGNING_ANCHOR.search(sentence))


def _sentences_with(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]], title_end: int
) -> set[int]:
    """Indexes of the sentences (after the title) in which `pattern` occurs."""
    starts = [m.start() for m in pattern.finditer(text, title_end)]
    found = set()
    for i, (start, end) in enumerate(spans):
        k = bisect_right(starts, start - 1)
        if end > title_end and k < len(starts) and starts[k] < end:
            found.add(i)
    return found


def extract_events(article: NormalizedArticle, ref: "Reference", context: EventContext) -> tuple[Event, ...]:
    """The events of one normalized article, in text order, each reported once."""
    from tasks.normalize import split_sentences

    if article.error is not None:
        return ()
    lex, gaz, text = ref.events, ref.gazetteer, article.text
    found = _findings(article, context)
    spans = found.sentences if found is not None else split_sentences(text)
    title_end = _title_end(text, article.title)
    chosen = {
        i
        for i in _sentences_with(lex.triggers, text, spans, title_end)
        if _worth_reading(text[spans[i][0] : spans[i][1]], lex)
    }
    chosen |= {
        i
        for i, (start, end) in enumerate(spans)
        if end > title_end
        and (("项目" in text[start:end]
              and (_NAMED_PROJECT_HINT.search(text, start, end) or _project_list(text, start, end)))
             or _BUILT.search(text, start, end))
    }
    if not chosen:
        return ()
    followups = _sentences_with(lex.followups, text, spans, title_end) - chosen
    title = article.title or ""
    scans: dict[int, PlaceScan] = {}

    def places(i: int) -> PlaceScan:
        if i not in scans:
            start, end = spans[i]
            if found is not None:
                scans[i] = found.places_of(start, end, gaz)
            else:
                scans[i] = scan_places(text[start:end], gaz)
        return scans[i]

    ctx = EventContext(context.home, context.years, context.regions, found)
    if context.home is None:  # short names (梁溪, 东海) count where the article names their city elsewhere
        sentences = [(text[spans[i][0] : spans[i][1]], places(i)) for i in sorted(chosen)]
        ctx = EventContext(None, context.years, _context_keys(sentences, title, context, gaz), found)
    running = Running(topic=ctx.home or _title_region(title, ctx, gaz))
    paragraph_starts = _paragraph_starts(text)
    previous = ""
    for i, (start, end) in enumerate(spans):
        sentence = text[start:end]
        if start in paragraph_starts and ctx.home is not None:
            running.topic = ctx.home
        if "签约" in sentence and _SIGNED_AMONG.search(sentence):
            running.signed_among = i
        if end <= title_end:
            continue
        recent = bool(running.drafts) and i - running.drafts[-1].sentence <= 3
        if not (i in chosen or (i in followups and recent)) or not _HAS_CLAUSES.search(sentence):
            # Headings and photo captions (no clause punctuation) report nothing; a sentence without
            # a trigger may still name the day that 当天 refers to.
            if _DATE_HINT.search(sentence):
                periods = _sentence_periods(sentence, ctx.years, running, start, found)
                _update_dates(sentence, periods, i, lex, running)
            previous = sentence
            continue
        mentions = find_region_mentions(sentence, gaz, ctx.regions, places(i))
        periods = _sentence_periods(sentence, ctx.years, running, start, found)
        s = Sentence(
            sentence,
            start,
            i,
            mentions,
            _owner_flags(sentence, mentions, ctx.home, gaz),
            periods,
            _segments(sentence),
            _clauses(sentence),
        )
        drafts = _read_sentence(s, lex, gaz, ctx, running, previous)
        if not drafts:
            _attach_visits(s, lex, running)
        running.drafts += drafts
        _update_dates(sentence, periods, i, lex, running)
        actors = [d for d in drafts if d.type != "promotion_conference"] or drafts
        latest = max(actors, key=lambda d: d.span, default=None)
        if latest is not None and latest.region is not None:
            running.topic = latest.region
        previous = sentence
    return tuple(_to_event(d) for d in _merge(running.drafts, gaz))


# ---------------------------------------------------------------------------------------------
# One event per event


def _same_event(kept: Draft, new: Draft, gaz: Gazetteer) -> bool:
    """Whether two mentions report one event (a lead that sums up the body, a caption, a follow-up)."""
    if kept.type != new.type or not _dates_compatible(kept.when, new.when):
        return False
    if kept.named and new.named:
        return kept.name == new.name and kept.amount == new.amount
    if (
        new.backref
        and kept.type == "signing"
        and not kept.named
        and kept.when is not None
        and kept.when == new.when
        and kept.region == new.region
    ):
        return True  # 洽谈会上共有36个项目签约 … 签约仪式上,又签下5个: one ceremony
    nested = kept.roundup or new.roundup
    if not _compatible_regions(kept.region, new.region, gaz, nested):
        return False
    if kept.name and new.name:
        return kept.name == new.name and not (
            kept.destinations and new.destinations and not set(kept.destinations) & set(new.destinations)
        )
    if (
        kept.destinations
        and new.destinations
        and any(_same_place(a, b) for a in kept.destinations for b in new.destinations)
    ):
        return kept.type != "promotion_conference"
    if kept.counterparties and new.counterparties and set(kept.counterparties) & set(new.counterparties):
        return True
    if kept.amount is not None and kept.amount == new.amount and not (kept.named or new.named):
        return True
    bare = not new.destinations and not new.counterparties and new.amount is None and not new.own_date
    return (
        bare
        and new.type == "outbound_visit"
        and new.sentence - kept.sentence <= 2
        and kept.region == new.region
    )


def _better(kept: Draft, new: Draft, gaz: Gazetteer) -> Draft:
    """The mention to keep of two: the dated one, else the more specific region, else the earlier."""
    first, second = kept, new
    if (new.when is not None and kept.when is None) or (
        new.region is not None and kept.region is not None and _is_ancestor(kept.region, new.region, gaz)
    ):
        first, second = new, kept
    first.leader = first.leader or second.leader
    first.leader_title = first.leader_title or second.leader_title
    first.destinations = first.destinations or second.destinations
    first.counterparties = first.counterparties + [
        c for c in second.counterparties if c not in first.counterparties
    ]
    if first.amount is None and second.amount is not None:
        first.amount, first.currency = second.amount, second.currency
    first.roundup = first.roundup and second.roundup
    return first


def _merge(drafts: list[Draft], gaz: Gazetteer) -> list[Draft]:
    kept: list[Draft] = []
    for d in drafts:
        twin = next((k for k in kept if _same_event(k, d, gaz)), None)
        if twin is None:
            kept.append(d)
        else:
            kept[kept.index(twin)] = _better(twin, d, gaz)
    seen: set[tuple[str, int, str | None]] = set()
    unique = []
    for d in sorted(kept, key=lambda d: d.span):
        key = (d.type, d.span[0], d.region.key if d.region else None)
        if key not in seen:  # the load stage keys events on article x type x span x region
            seen.add(key)
            unique.append(d)
    return unique


def _to_event(d: Draft) -> Event:
    """The contract record; a date known to the month only is printed as YYYY-MM (EXTRACT.md)."""
    start = d.when.start_iso() if d.when is not None else None
    end = d.when.end_iso() if d.when is not None else None
    return Event(
        type=d.type,
        region=d.region.name if d.region is not None else None,
        leader=d.leader,
        leader_title=d.leader_title,
        start=start,
        end=end,
        destinations=tuple(d.destinations),
        counterparties=tuple(dict.fromkeys(d.counterparties)),
        amount=None if d.amount is None else round(d.amount, 6),
        currency=d.currency if d.amount is not None else None,
        evidence=d.evidence,
        span=d.span,
    )
