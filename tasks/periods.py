"""Periods: time expressions in normalized text -> the span of time a number covers.

Pure functions, no I/O. `year_context(text, published)` fixes what 今年 means for an
article (its publication year, else the year its text names, else unknown = XXXX) and
the reporting day that 今天/昨天 count from. `find_periods(text, ctx)` finds every
time expression in a sentence — 上半年, 一季度, 前两月, 1—4月, 今年以来, 去年,
截至3月底, 3月24日, 5月11日至14日, 近3年 — and resolves it to a `Period`, whose
`label()` is the contract's period string (2025H1, 2023Q1, 2023-03,
2020-01/2020-04, 2023-03-24, 2023-03-16/2023-03-24, XXXX-04-28).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tasks.numbers import SENTENCE_BREAKS, runs_across, stands_apart

_CN_MONTH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "本年度": 0, "当年": 0, "全年": 0, "年内": 0, "去年": -1, "上年": -1,
                  "上一年": -1, "前年": -2, "明年": 1, "来年": 1}
UNKNOWN_YEAR = "XXXX"


@dataclass(frozen=True)
class YearContext:
    """What relative dates in one article count from.

    `year` is the article's current year (None when neither the publication date nor
    the text fixes it); `month` the publication month (the end of 截至目前 / 今年以来);
    `today` the reporting day (month, day) of a dateline such as 11月14日电.
    """

    year: int | None = None
    month: int | None = None
    today: tuple[int, int] | None = None
    campaign_month: bool = False  # the text reports a one-month campaign (攻坚月, 招商月)


@dataclass(frozen=True)
class Period:
    """A span of time: whole years, months or days; `year` None means unknown (XXXX)."""

    year: int | None
    start_month: int | None = None  # None: the whole year (or years up to end_year)
    end_month: int | None = None
    start_day: int | None = None
    end_day: int | None = None
    end_year: int | None = None  # a span that ends in a later year (2020年1月至2021年6月)

    def label(self) -> str:
        """The contract's period string."""
        y = _year_str(self.year)
        ey = _year_str(self.end_year if self.end_year is not None else self.year)
        if self.start_month is None:
            if self.end_year is not None and self.end_year != self.year:
                return f"{y}-01/{ey}-12"
            return y
        sm, em = self.start_month, self.end_month or self.start_month
        if self.start_day is not None:
            start = f"{y}-{sm:02d}-{self.start_day:02d}"
            if self.end_day is None or (em, self.end_day) == (sm, self.start_day):
                return start
            return f"{start}/{ey}-{em:02d}-{self.end_day:02d}"
        if ey != y:
            return f"{y}-{sm:02d}/{ey}-{em:02d}"
        if sm == em:
            return f"{y}-{sm:02d}"
        if (sm, em) in ((1, 6), (7, 12)):
            return f"{y}H{1 if sm == 1 else 2}"
        if em - sm == 2 and sm % 3 == 1:
            return f"{y}Q{(sm + 2) // 3}"
        if (sm, em) == (1, 12):
            return y
        return f"{y}-{sm:02d}/{y}-{em:02d}"

    def start_iso(self) -> str | None:
        """The first day (YYYY-MM-DD) or month (YYYY-MM) for an event's start; None for a year."""
        if self.start_month is None:
            return None
        y = _year_str(self.year)
        if self.start_day is None:
            return f"{y}-{self.start_month:02d}"
        return f"{y}-{self.start_month:02d}-{self.start_day:02d}"

    def end_iso(self) -> str | None:
        """The last day of a span of days, else None."""
        if self.start_day is None or self.end_day is None:
            return None
        em = self.end_month or self.start_month
        if (em, self.end_day) == (self.start_month, self.start_day):
            return None
        y = _year_str(self.end_year if self.end_year is not None else self.year)
        return f"{y}-{em:02d}-{self.end_day:02d}"

    @property
    def last_month(self) -> int | None:
        """The last month the period covers (None for whole years)."""
        return self.end_month or self.start_month


@dataclass  # not frozen: made by the hundred per article, and a frozen __init__ costs 3-7 times as much
class PeriodMention:
    """A time expression found in a text (grain: one expression)."""

    span: tuple[int, int]
    period: Period
    cue: str  # year, half, quarter, months, month, day, days, to_date, now, since, recent_years


def _year_str(year: int | None) -> str:
    return UNKNOWN_YEAR if year is None else f"{year:04d}"


def _month(token: str) -> int | None:
    if token.isdigit():
        value = int(token)
    else:
        value = _CN_MONTH.get(token, 0)
    return value if 1 <= value <= 12 else None




def _y(tag: str) -> str:
    """An optional year before a month or season: 2023年, 今年, 去年 (groups y_<tag>, rel_<tag>)."""
    return rf"(?:(?P<y_{tag}>(?:19|20)\d{{2}})\s?年(?:度)?|(?P<rel_{tag}>今年|本年度|本年|当年|去年|上一年|上年|前年|明年|来年))?"


_M = r"(?:\d{1,2}|十[一二]|[一二两三四五六七八九十])"
_NUM = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,2})"
_TO = r"\s?(?:至|到|-|—|~|－|–)\s?"
_PERIOD_RE = re.compile(
    "|".join(
        [
            # 截至3月底, 截至5月18日, 截至2021年底, 截至目前
            rf"(?P<asof>截至|截止到|截止|截至到|到)\s?(?:(?P<ay>(?:19|20)\d{{2}})\s?年)?"
            rf"(?:(?P<am>{_M})月(?:份)?(?:(?P<ad>\d{{1,2}})日|底|末)?|(?P<aynd>年底|年末)|(?P<anow>目前|发稿时|现在))",
            # 2021年以来, 去年以来: from that year to the report
            r"(?:(?P<ysince>(?:19|20)\d{2})\s?年|(?P<rsince>去年|前年))以来",
            # 2019年至2023年, 2019—2023年
            rf"(?P<yr1>(?:19|20)\d{{2}})\s?年?{_TO}(?P<yr2>(?:19|20)\d{{2}})\s?年(?!\s?\d|底|末)",
            # 2020年1月至2021年6月, 1至2月, 1-10月份, 今年1月至5月
            rf"{_y('mm')}(?P<mm1>{_M})月?(?:份)?{_TO}(?:(?P<my2>(?:19|20)\d{{2}})\s?年)?(?P<mm2>{_M})月(?:份)?(?!\d|\s?\d{{1,2}}日)",
            # 5月11日至14日, 3月16日至3月24日
            rf"{_y('dm')}(?P<dm>{_M})月\s?(?P<dd1>\d{{1,2}})日?{_TO}(?:(?P<dm2>{_M})月)?(?P<dd2>\d{{1,2}})日",
            # 3月24日, 10月 28日
            rf"{_y('sm')}(?P<sm>{_M})月\s?(?P<sd>\d{{1,2}})日",
            # 上半年, 2020年上半年
            rf"{_y('half')}(?P<half>上半年|下半年)",
            # 一季度, 第一季度, 前三季度, 2016年一季度
            rf"{_y('q')}(?P<qprefix>前|第)?(?P<q>[一二三四1-4])季度",
            # 前两月, 前8个月
            rf"{_y('first')}前(?P<first>{_NUM})个?月",
            # 今年以来, 开年以来
            r"(?P<since>今年以来|年初以来|开年以来|今年来|年初至今|今年初以来|入春以来|新年以来)",
            # 9月以来, 3月份以来
            rf"(?P<msince>{_M})月(?:份)?以来",
            # 近3年
            r"(?P<recent>近|过去(?:的)?|最近)(?P<rn>\d|[一二两三四五六七八九十])年",
            # 3月, 今年3月, 2019年3月份, 2月下旬
            rf"{_y('mo')}(?P<mo>{_M})月(?:份)?(?:上旬|中旬|下旬|初|底|末)?(?!\d|\s?\d{{1,2}}日)",
            # 2023年, 2022年全年, 2022年度, 今年, 去年, 全年; 年新增 (a yearly figure of the current year)
            r"(?P<yo>(?:19|20)\d{2})\s?年(?:全年|度)?(?!\d)"
            r"|(?P<relo>今年|本年度|去年|上一年|上年|前年|明年|来年|全年|年内)(?P<whole>全年|度)?"
            r"|(?<![\d今去明全当前上本该同每近])(?P<yearly>年)(?=新增|均|引进|招引|签约)",
            # 目前: up to the publication month
            r"(?<!截至)(?<!截止)(?P<now>目前|当前|现已)",
        ]
    )
)
_QUARTER_LIST = re.compile(r"(?P<quarters>[一二三四1-4](?:、[一二三四1-4])+)季度")


def listed_quarters(text: str) -> tuple[int, list[int]] | None:
    """一、二、三季度: where the list of quarters ends in `text`, and the quarters in order; None without one."""
    listed = _QUARTER_LIST.search(text)
    if listed is None:
        return None
    return listed.end(), [_month(q) or 0 for q in listed.group("quarters").split("、")]


# 今天, 昨日: relative to the reporting day.
_RELATIVE_DAY_RE = re.compile(r"(?P<word>今天|今日|昨天|昨日|前天)")
_SAME_DAY_RE = re.compile(r"当日|当天")
# A day counted from the day last named: 次日 after it, (推介会)前一天 before it.
_NEXT_DAY_RE = re.compile(r"(?=[次翌第隔前])(?:(?P<after>次日|翌日|第二天|隔天)|(?P<before>前一天|前一日))")
_DAY_ONLY_RE = re.compile(r"(?=\d)(?<![\d月])(?P<d>\d{1,2})日")


def _resolve_year(m: re.Match[str], ctx: YearContext, tag: str) -> int | None:
    explicit = m.group(f"y_{tag}")
    if explicit:
        return int(explicit)
    rel = m.group(f"rel_{tag}")
    if rel and ctx.year is not None:
        return ctx.year + _RELATIVE_YEAR[rel]
    return ctx.year


def _past_year(ctx: YearContext, month: int | None) -> int | None:
    """The year of a month already past when the article appeared: 截至12月底 in a January article is
    last year's."""
    if ctx.year is not None and ctx.month is not None and month is not None and month > ctx.month:
        return ctx.year - 1
    return ctx.year


def _day_year(m: re.Match[str], ctx: YearContext, tag: str, month: int) -> int | None:
    """The year of a day or month written without a year: one two months or more after the
    publication month is last year's (11月20日 or 6月 in a January report), unless it is a plan or a
    deadline (将于6月, 力争6月底前)."""
    year = _resolve_year(m, ctx, tag)
    if m.group(f"y_{tag}") or m.group(f"rel_{tag}") or ctx.month is None or year is None \
            or month - ctx.month < 2:
        return year
    text = m.string
    sentence_start = max(text.rfind(ch, 0, m.start()) for ch in "。!?\n") + 1
    if _PLAN_NEAR_BEFORE.search(text, max(sentence_start, m.start() - 8), m.start()) \
            or _PLAN_NEAR_AFTER.match(text, m.end()):
        return year
    return year - 1


_PLAN_NEAR_BEFORE = re.compile(r"(?:将|计划|拟|力争|确保|争取|预计|目标|到|于|在|至|截至|截止)[^,;。]{0,6}$")
_PLAN_NEAR_AFTER = re.compile(r"(?:上旬|中旬|下旬|初|底|末)?(?:前|起|以前|之前|将|要|开始|举办|举行|召开)")


def _mention(m: re.Match[str], ctx: YearContext) -> PeriodMention | None:
    g = m.groupdict()
    span = m.span()
    if g["asof"]:
        year = int(g["ay"]) if g["ay"] else _past_year(ctx, _month(g["am"]) if g["am"] else None)
        if g["anow"]:
            if g["asof"] == "到":
                return None
            return PeriodMention(span, Period(ctx.year, 1, ctx.month) if ctx.month else Period(ctx.year), "to_date")
        if g["aynd"]:
            return PeriodMention(span, Period(year), "to_date")
        month = _month(g["am"])
        if month is None:
            return None
        if g["asof"] == "到" and not g["ad"] and "底" not in m.group(0) and "末" not in m.group(0):
            return None
        if g["ad"] and ctx.campaign_month:  # 截至5月18日 in a campaign month counts from its first day
            return PeriodMention(span, Period(year, month, month, 1, int(g["ad"])), "to_date")
        return PeriodMention(span, Period(year, 1, month), "to_date")
    if g["ysince"] or g["rsince"]:
        if g["rsince"]:
            if ctx.year is None:
                return PeriodMention(span, Period(None), "since")
            first = ctx.year - (1 if g["rsince"] == "去年" else 2)
        else:
            first = int(g["ysince"])
        if ctx.year is None or first >= ctx.year:
            return PeriodMention(span, Period(first), "since")
        if ctx.month == 1:  # reported in January: up to the end of last year
            return PeriodMention(span, Period(first, 1, 12, end_year=ctx.year - 1), "years")
        return PeriodMention(span, Period(first, 1, ctx.month or 12, end_year=ctx.year), "years")
    if g["yr1"]:
        first, last = int(g["yr1"]), int(g["yr2"])
        return PeriodMention(span, Period(first, end_year=last), "years") if first < last else None
    if g["mm1"]:
        m1, m2 = _month(g["mm1"]), _month(g["mm2"])
        if m1 is None or m2 is None:
            return None
        # 1-12月 in a January article is last year's; 力争8月至10月 (not from January) is ahead
        year = _resolve_year(m, ctx, "mm") if g["y_mm"] or g["rel_mm"] or m1 != 1 else _past_year(ctx, m2)
        end_year = int(g["my2"]) if g["my2"] else None
        if end_year is None and m2 < m1:
            return None
        return PeriodMention(span, Period(year, m1, m2, end_year=end_year), "months")
    if g["dm"]:
        month = _month(g["dm"])
        end_month = _month(g["dm2"]) if g["dm2"] else month
        if month is None or end_month is None:
            return None
        d1, d2 = int(g["dd1"]), int(g["dd2"])
        if not (1 <= d1 <= 31 and 1 <= d2 <= 31) or (end_month, d2) < (month, d1):
            return None
        return PeriodMention(span, Period(_day_year(m, ctx, "dm", month), month, end_month, d1, d2), "days")
    if g["sm"]:
        month, day = _month(g["sm"]), int(g["sd"])
        if month is None or not 1 <= day <= 31:
            return None
        return PeriodMention(span, Period(_day_year(m, ctx, "sm", month), month, month, day, day), "day")
    if g["half"]:
        first = g["half"] == "上半年"
        return PeriodMention(span, Period(_resolve_year(m, ctx, "half"), 1 if first else 7, 6 if first else 12), "half")
    if g["q"]:
        q = int(g["q"]) if g["q"].isdigit() else _CN_MONTH[g["q"]]
        if g["qprefix"] == "前":
            return PeriodMention(span, Period(_resolve_year(m, ctx, "q"), 1, 3 * q), "months")
        return PeriodMention(span, Period(_resolve_year(m, ctx, "q"), 3 * q - 2, 3 * q), "quarter")
    if g["first"]:
        n = _month(g["first"])
        if n is None:
            return None
        return PeriodMention(span, Period(_resolve_year(m, ctx, "first"), 1, n), "months")
    if g["since"]:
        return PeriodMention(span, Period(ctx.year, 1, ctx.month) if ctx.month else Period(ctx.year), "since")
    if g["msince"]:
        month = _month(g["msince"])
        if month is None:
            return None
        last = ctx.month if ctx.month is not None and ctx.month >= month else month
        return PeriodMention(span, Period(ctx.year, month, last), "since")
    if g["recent"]:
        n = _month(g["rn"]) if not g["rn"].isdigit() else int(g["rn"])
        if not n or ctx.year is None:
            return PeriodMention(span, Period(ctx.year), "recent_years")
        if n == 1 and g["recent"].startswith("过去"):  # 过去一年 in a review: the year just ended
            return PeriodMention(span, Period(ctx.year - 1), "year")
        return PeriodMention(span, Period(ctx.year - n + 1, end_year=ctx.year), "recent_years")
    if g["mo"]:
        month = _month(g["mo"])
        if month is None:
            return None
        return PeriodMention(span, Period(_day_year(m, ctx, "mo", month), month, month), "month")
    if g["yo"]:
        return PeriodMention(span, Period(int(g["yo"])), "year")
    if g["yearly"]:
        return PeriodMention(span, Period(ctx.year), "year")
    if g["now"]:  # up to the publication month; without one, the year (the caller may know better)
        return PeriodMention(span, Period(ctx.year, 1, ctx.month) if ctx.month else Period(ctx.year), "now")
    if g["relo"]:
        rel = g["relo"]
        year = None if ctx.year is None else ctx.year + _RELATIVE_YEAR[rel]
        return PeriodMention(span, Period(year), "year")
    return None


# Where a time expression can start (a cheap look before the full pattern is tried, for speed):
# a digit that begins a month (3月, 1-4月, 1季度) or a year (2023年), a Chinese month or quarter
# number, or a word that begins one of the relative forms. The leading lookahead (every first character
# of the alternatives) only lets the engine reject most positions at once.
_PERIOD_START = re.compile(
    r"(?=[\d一二两三四五六七八九十今本当去上明来全前下第年开入新近过最截到目现])(?:"
    r"\d(?=\d?[月份季至到\-—~－–\s]|\d{3}\s?[年至到\-—~－–])"
    r"|[一二两三四五六七八九十](?=[一二]?(?:月|季|至|到|-|—|~|个月))|(?:今|本|当|去|上|明|来|全|前)(?=年|一年)"
    r"|[上下](?=半年)|前(?=[一二两三四五六七八九十\d])|第(?=[一二三四1-4]季)|年(?=初|新增|均|引进|招引|签约|内)"
    r"|开(?=年以来)|入(?=春以来)|新(?=年以来)|(?:近|过去|最近)(?=的?[\d一二两三四五六七八九十]年)|截|到(?=\d|[一二三四五六七八九十]+月|年底|年末)"
    r"|目(?=前)|当(?=前)|现(?=已))")


def find_periods(text: str, ctx: YearContext) -> list[PeriodMention]:
    """Every time expression in `text`, resolved against `ctx`, in text order."""
    return scan_periods(text, ctx).periods


@dataclass(frozen=True)
class PeriodScan:
    """`find_periods` of a whole text for a year context, with every span the pattern matched (resolved
    or not), so that the periods of one of its sentences can be cut from it (`periods_within`)."""

    ctx: YearContext
    periods: list[PeriodMention]
    matched: list[tuple[int, int]]


def scan_periods(text: str, ctx: YearContext) -> PeriodScan:
    """The time expressions of `text` and the spans matched while finding them."""
    found = []
    matched = []
    cursor = 0
    for start in _PERIOD_START.finditer(text):
        i = start.start()
        if i < cursor:
            continue
        m = _PERIOD_RE.match(text, i)
        if m is None or m.end() == i:
            continue
        cursor = m.end()
        matched.append(m.span())
        mention = _mention(m, ctx)
        if mention is not None:
            found.append(mention)
    return PeriodScan(ctx, found, matched)


_DIGIT_AHEAD = re.compile(r"\s?\d")  # what `(?!\d|\s?\d{1,2}日)` after a month may look at past a sentence


def periods_within(
    scan: PeriodScan, text: str, start: int, end: int, ctx: YearContext
) -> list[PeriodMention] | None:
    """`find_periods(text[start:end], ctx)`, cut from `scan` (of `text`) with spans relative to `start`;
    None where the cut could differ (another year context, a piece that does not stand apart, a match
    across its edge, a digit right after it that the month patterns look at), and the caller reads
    the piece itself."""
    if scan.ctx != ctx or not stands_apart(text, start, end):
        return None
    if text[end - 1 : end] not in SENTENCE_BREAKS and _DIGIT_AHEAD.match(text, end):
        return None
    if runs_across(scan.matched, start) or runs_across(scan.matched, end):
        return None
    return [PeriodMention((p.span[0] - start, p.span[1] - start), p.period, p.cue)
            for p in scan.periods if start <= p.span[0] and p.span[1] <= end]


def find_relative_days(text: str, ctx: YearContext, month: int | None = None,
                       year: int | None = None, last_day: Period | None = None) -> list[PeriodMention]:
    """今天/昨天 against the reporting day, a bare 11日 against `month` of `year` (the month in
    context; its year defaults to the article's), and 次日/第二天 (前一天) against `last_day`, the day
    last named: the day after (before) it. 当日 before any day is named is the reporting day
    (保定3月28日讯 当日上午…)."""
    if "日" not in text and "天" not in text:
        return []  # every form ends in 日 or 天 (a cheap look first, for speed)
    found = []
    if last_day is not None and last_day.start_month is not None and last_day.start_day is not None:
        for m in _NEXT_DAY_RE.finditer(text):
            # a leap year stands in for an unknown one, so that 2月29日 has a next day
            day_named = dt.date(last_day.year or 2000, last_day.start_month, last_day.start_day)
            following = day_named + dt.timedelta(days=1 if m.group("after") else -1)
            year_after = None if last_day.year is None else following.year
            found.append(PeriodMention(m.span(), Period(year_after, following.month, following.month,
                                                        following.day, following.day), "day"))
    elif ctx.today is not None:
        month_today, day_today = ctx.today
        for m in _SAME_DAY_RE.finditer(text):
            found.append(PeriodMention(m.span(), Period(ctx.year, month_today, month_today, day_today, day_today),
                                       "day"))
    if ctx.today is not None:
        today_month, today_day = ctx.today
        for m in _RELATIVE_DAY_RE.finditer(text):
            back = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}[m.group("word")]
            day, mon = today_day - back, today_month
            if day < 1:  # the day before the 1st: stay in the month, the span still covers it
                day = 1
            found.append(PeriodMention(m.span(), Period(ctx.year, mon, mon, day, day), "day"))
    if month is not None:
        for m in _DAY_ONLY_RE.finditer(text):
            day = int(m.group("d"))
            if 1 <= day <= 31:
                found.append(PeriodMention(m.span(), Period(year or ctx.year, month, month, day, day), "day"))
    return sorted(found, key=lambda p: p.span)


# 2023年, or a year heading an event's name (2023淮安(杭州)投资环境说明会, 2017中国企业500强高峰论坛).
_EXPLICIT_YEAR_RE = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})(?:\s?年(?!代)|(?=[\u4e00-\u9fff(])(?![公余多万亿千百个家名人元米吨亩次批场支项条户位天台辆套件]))")
_HORIZON_BEFORE = ("到", "至", "力争", "预计", "计划", "目标", "~", "-", "—")
_DATELINE_RE = re.compile(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯|消息)")
_DATELINE_WORDS = ("日电", "日讯", "日消息")  # what every dateline contains (a cheap look first, for speed)
_ISO_DATE_RE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_CAMPAIGN_RE = re.compile(r"(?:攻坚|招商|活动|服务)月")


def year_context(text: str, published: str | None) -> YearContext:
    """The year context of an article from its publication date, else from the years its text names.

    Without a publication date, 今年 is the latest year the text names as past or present;
    a year named together with 去年 in one sentence, or compared with (比2019年同期), makes
    今年 the year after it.
    """
    today = None
    dateline = _DATELINE_RE.search(text) if any(word in text for word in _DATELINE_WORDS) else None
    if dateline:
        today = (int(dateline.group("m")), int(dateline.group("d")))
    campaign = bool(_CAMPAIGN_RE.search(text))
    if published:
        y, mo, d = (int(part) for part in published.split("-"))
        return YearContext(year=y, month=mo, today=today or (mo, d), campaign_month=campaign)
    candidates: list[int] = []
    for sentence in re.split(r"[。!?\n]", text):
        if "19" not in sentence and "20" not in sentence:
            continue  # no year can be named (a cheap look before the pattern, for speed)
        years = []
        for m in _EXPLICIT_YEAR_RE.finditer(sentence):
            before = sentence[max(0, m.start() - 2) : m.start()]
            is_year_word = sentence.startswith("年", m.end(1)) or sentence.startswith(" 年", m.end(1))
            if is_year_word and any(before.endswith(word) for word in _HORIZON_BEFORE) \
                    and not before.endswith(("截至", "截止")):
                continue  # 到2025年: a plan's horizon, not the article's year (截至2022年2月底 is a date)
            if re.search(r"[比较]$", before) and sentence.startswith("同期", m.end()):
                candidates.append(int(m.group(1)) + 1)  # 比2019年同期增加: this year is 2020
                continue
            years.append(int(m.group(1)))
        if not years:
            continue
        if "去年" in sentence and "今年" not in sentence:
            candidates.append(max(years) + 1)
        else:
            candidates.extend(years)
    year = max(candidates) if candidates else None
    return YearContext(year=year, month=None, today=today, campaign_month=campaign)
