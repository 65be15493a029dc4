"""Numbers: text -> the quantities written in it (value, measure word, currency, approximation).

Pure functions over normalized (simplified, half-width) text; no I/O, no state.

`find_quantities(text)` finds every number that carries a unit — Arabic (1158.8亿元,
1.2万家, 5000万美元), Chinese (三十余个, 两千, 百余场, 超千亿元), percentages
(20.8%, 百分之五), multiples (3.5倍), percentage points (2个百分点), tenths (七成),
fractions (3/4, 三分之二) and ranges (4至5家) — and returns them as `Quantity`
records in text order. Money is converted to units of 亿 (10^8) of its currency:
5000万美元 -> 0.5 亿美元, 1.5万亿元 -> 15000 亿元.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace

# Numeral grammar (not reference data): digit and power characters of Chinese numerals.
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_POWER = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_POWER = {"万": 10**4, "亿": 10**8}
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"

# Currencies by the word that names them; money values are reported in 亿 of the currency.
CURRENCIES = {
    "元": "CNY", "人民币": "CNY", "元人民币": "CNY", "美元": "USD", "欧元": "EUR", "日元": "JPY",
    "港元": "HKD", "港币": "HKD", "英镑": "GBP", "韩元": "KRW", "澳元": "AUD", "新台币": "TWD",
}
MONEY_UNIT_NAMES = {"CNY": "亿元", "USD": "亿美元", "EUR": "亿欧元", "JPY": "亿日元", "HKD": "亿港元",
                    "GBP": "亿英镑", "KRW": "亿韩元", "AUD": "亿澳元", "TWD": "亿新台币"}

# Measure words after a count, longest first so 家次 wins over 家.
COUNT_UNITS = (
    "个百分点", "百分点", "家次", "户次", "人次", "批次", "个", "家", "次", "批", "支", "场", "项", "条",
    "名", "人", "位", "户", "件", "天", "周", "座", "所", "处", "届", "轮", "组", "队", "辆", "台", "套",
    "种", "类", "期", "倍", "番", "成", "大", "公里", "亩", "吨", "平方米",
)
_MONEY_WORDS = "|".join(sorted(CURRENCIES, key=len, reverse=True))
_COUNT_WORDS = "|".join(re.escape(u) for u in sorted(COUNT_UNITS, key=len, reverse=True))

APPROX_BEFORE = {
    "约": "about", "大约": "about", "近": "about", "将近": "about", "接近": "about", "不到": "about",
    "不足": "about", "超": "over", "超过": "over", "逾": "over", "突破": "over", "多于": "over",
    "不少于": "over", "至少": "over", "超过了": "over", "突破了": "over",
}
APPROX_AFTER = {"余": "over", "多": "over", "以上": "over", "及以上": "over", "左右": "about", "上下": "about"}
_BEFORE = "|".join(sorted(APPROX_BEFORE, key=len, reverse=True))
# Words whose last character looks like an approximation word but is not one (签约 + 亿元以上).
_FALSE_APPROX = frozenset({"签约", "合约", "协约", "节约", "预约", "邀约", "制约", "公约", "条约", "履约", "违约",
                           "特约", "最近", "附近", "临近", "靠近", "亲近", "就近", "高超", "赶超"})

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 1亿8千万, 2亿5000万: 亿 and a part below it in one amount.
_COMPOUND = r"\d+(?:\.\d+)?亿\d+(?:\.\d+)?(?:千万|万)"
_NUMBER = rf"{_COMPOUND}|(?:{_ARABIC})(?:\s?(?:万亿|亿|万|千|百))?|[{_CN_NUMERAL}]+"

_QUANTITY_RE = re.compile(
    rf"(?P<before>{_BEFORE})?"
    rf"(?:(?P<pct_cn>百分之)(?P<pct_num>[{_CN_NUMERAL}点]+|\d+(?:\.\d+)?)"
    rf"|(?P<frac_den>\d+|[{_CN_NUMERAL}]+)分之(?P<frac_num>\d+|[{_CN_NUMERAL}]+)"
    rf"|(?P<num>{_NUMBER})(?P<inner>余|多)?"
    rf"(?:\s?(?:至|到|-|~|—|－)\s?(?P<num2>{_NUMBER})(?P<inner2>余|多)?)?"
    rf"\s?(?P<unit>%|‰|(?:万亿|亿|万|千)?(?:{_MONEY_WORDS})|{_COUNT_WORDS}|/\d+))"
    rf"(?P<after>及以上|以上|左右|上下|多|余)?"
)


@dataclass  # not frozen: made by the hundred per article, and a frozen __init__ costs 3-7 times as much
class Quantity:
    """One number with its unit as written in a text (grain: one number mention).

    `kind` is count, money, percent, multiple (倍), points (百分点), fraction (3/4, 七成,
    as a percent) or range (4至5家: `value` is the lower bound, `upper` the upper one).
    """

    span: tuple[int, int]  # approximation words + number + unit
    number_span: tuple[int, int]  # the number itself
    value: float
    unit: str  # measure word as written (个, 家次), 亿元/亿美元 for money, % for percents
    kind: str
    currency: str | None = None
    approx: str = "exact"
    upper: float | None = None


def parse_chinese_numeral(text: str) -> float | None:
    """三十五 -> 35, 两千 -> 2000, 一万二千 -> 12000, 百 -> 100, 二〇二三 -> 2023; None if not a numeral."""
    if not text or any(ch not in _CN_NUMERAL for ch in text):
        return None
    if all(ch in _CN_DIGIT for ch in text) and len(text) > 1:  # digit by digit: 二〇二三
        return float(int("".join(str(_CN_DIGIT[ch]) for ch in text)))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL_POWER:
            section += (1 if digit is None else digit) * _CN_SMALL_POWER[ch]
            digit = None
        else:  # 万 / 亿 close a section
            section += digit or 0
            power = _CN_BIG_POWER[ch]
            if section == 0 and total:  # 亿 after 万 in 万亿
                total *= power
            else:
                total = (total + (section or 1)) * power if power == 10**8 else total + (section or 1) * power
            section, digit = 0, None
    return float(total + section + (digit or 0))


_MULTIPLIERS = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "万": 10**4, "千": 10**3, "百": 10**2}
_COMPOUND_PARTS = re.compile(r"(\d+(?:\.\d+)?)亿(\d+(?:\.\d+)?)(千万|万)")
_ARABIC_WITH_MULTIPLIER = re.compile(r"(\d+(?:\.\d+)?)(万亿|亿|万|千|百)?")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_MONEY_UNIT = re.compile(r"(万亿|亿|万|千)?(.+)")
_TRAILING_MULTIPLIER = re.compile(r"(万亿|亿|万|千|百)$")
_ARABIC_DIGITS = re.compile(r"[\d.,]+")


def parse_number(text: str) -> float | None:
    """An Arabic or Chinese number with optional 万/亿/千/百 multiplier: '1.2万' -> 12000, '三十' -> 30."""
    text = text.replace(" ", "").replace(",", "")
    compound = _COMPOUND_PARTS.fullmatch(text)
    if compound:
        below = float(compound.group(2)) * _MULTIPLIERS[compound.group(3)]
        return float(compound.group(1)) * 10**8 + below
    m = _ARABIC_WITH_MULTIPLIER.fullmatch(text)
    if m:
        value = float(m.group(1))
        mult = m.group(2)
        if mult:
            value *= _MULTIPLIERS[mult]
        return value
    return parse_chinese_numeral(text)


def _cn_decimal(text: str) -> float | None:
    """百分之 numbers may carry a decimal point: 二十点五 -> 20.5."""
    if _DECIMAL.fullmatch(text):
        return float(text)
    whole, _, frac = text.partition("点")
    value = parse_chinese_numeral(whole)
    if value is None:
        return None
    if frac:
        if any(ch not in _CN_DIGIT for ch in frac):
            return None
        value += float("0." + "".join(str(_CN_DIGIT[ch]) for ch in frac))
    return value


def _money(value: float, unit: str) -> tuple[float, str, str] | None:
    """Yuan-scale value and a money unit such as 万美元 -> (value in 亿, unit name, currency)."""
    m = _MONEY_UNIT.fullmatch(unit)
    assert m is not None
    scale = _MULTIPLIERS[m.group(1)] if m.group(1) else 1
    currency = CURRENCIES.get(m.group(2))
    if currency is None:
        return None
    return round(value * scale / 10**8, 8), MONEY_UNIT_NAMES[currency], currency


def _approx(before: str | None, inner: str | None, after: str | None) -> str:
    for word in (before, inner, after):
        if word in APPROX_BEFORE:
            return APPROX_BEFORE[word]
        if word in APPROX_AFTER:
            return APPROX_AFTER[word]
    return "exact"


def _quantity_of(m: re.Match[str]) -> Quantity | None:
    before, after = m.group("before"), m.group("after")
    if m.group("pct_cn"):
        value = _cn_decimal(m.group("pct_num"))
        if value is None:
            return None
        return Quantity(m.span(), m.span("pct_num"), value, "%", "percent", approx=_approx(before, None, after))
    if m.group("frac_den"):
        den, num = parse_number(m.group("frac_den")), parse_number(m.group("frac_num"))
        if not den or num is None:
            return None
        return Quantity(m.span(), m.span(), round(100 * num / den, 4), "%", "fraction",
                        approx=_approx(before, None, after))
    number, unit = m.group("num"), m.group("unit")
    value = parse_number(number)
    if value is None:
        return None
    upper = None
    if m.group("num2"):
        multiplier = _TRAILING_MULTIPLIER.search(m.group("num2").strip())
        if multiplier and _ARABIC_DIGITS.fullmatch(number):  # 5至10亿元: 亿 applies to both ends
            value = parse_number(number + multiplier.group(1))
        upper = parse_number(m.group("num2"))
    if value is None:
        return None
    approx = _approx(before, m.group("inner") or m.group("inner2"), after)
    number_span = (m.start("num"), m.end("num2") if m.group("num2") else m.end("num"))
    if unit.startswith("/"):  # 3/4
        den = float(unit[1:])
        if not den or upper is not None:
            return None
        return Quantity(m.span(), (m.start("num"), m.end("unit")), round(100 * value / den, 4), "%", "fraction",
                        approx=approx)
    if unit in ("%", "‰"):
        scale = 1 if unit == "%" else 0.1
        return Quantity(m.span(), number_span, round(value * scale, 6), "%", "percent", approx=approx,
                        upper=None if upper is None else round(upper * scale, 6))
    money = _money(value, unit) if not unit.endswith(COUNT_UNITS) or unit.endswith("元") else None
    if money is not None:
        amount, unit_name, currency = money
        upper_amount = None if upper is None else _money(upper, unit)[0]  # type: ignore[index]
        kind = "range" if upper is not None else "money"
        return Quantity(m.span(), number_span, amount, unit_name, kind, currency, approx, upper_amount)
    if unit == "成":  # 七成 = 70 %
        return Quantity(m.span(), number_span, value * 10, "%", "fraction", approx=approx)
    kind = {"倍": "multiple", "番": "multiple", "个百分点": "points", "百分点": "points"}.get(unit, "count")
    if upper is not None:
        kind = "range"
    return Quantity(m.span(), number_span, value, unit, kind, approx=approx, upper=upper)


def _start_pattern() -> re.Pattern[str]:
    """Where a quantity can start (matching is only tried there, for speed): an approximation word,
    or a numeral whose run of numerals is followed, after at most one space, by something that
    can come after a number (a multiplier, 余/多, a range sign, 分之 or a unit's first character).
    One character is consumed per position, so the positions are a subset of the characters
    the full pattern is tried at, and a superset of those where it can match."""
    after = {u[0] for u in COUNT_UNITS} | {w[0] for w in CURRENCIES} | set("%‰/万亿千百余多至到-~—－分")
    after_class = "".join(sorted(re.escape(ch) for ch in after))
    words = sorted(APPROX_BEFORE, key=len, reverse=True)
    firsts = sorted({w[0] for w in words})
    approx = []
    for first in firsts:
        rests = [w[1:] for w in words if w[0] == first]
        approx.append(f"(?<={first})" if "" in rests else f"(?<={first})(?={'|'.join(rests)})")
    return re.compile(
        rf"[\d{_CN_NUMERAL}{''.join(firsts)}]"
        rf"(?:(?<=[\d{_CN_NUMERAL}])(?=[\d.,{_CN_NUMERAL}]*\s?[{after_class}])|{'|'.join(approx)})"
    )


_QUANTITY_START = _start_pattern()


def _matches(text: str) -> Iterator[re.Match[str]]:
    """`_QUANTITY_RE.finditer(text)`, trying only where a quantity can start."""
    cursor = 0
    for start in _QUANTITY_START.finditer(text):
        i = start.start()
        if i < cursor:
            continue
        m = _QUANTITY_RE.match(text, i)
        if m is not None and m.end() > i:
            cursor = m.end()
            yield m


def find_quantities(text: str) -> list[Quantity]:
    """Every number with a unit in `text`, in order; numbers inside ordinals (第一) are skipped."""
    return scan_quantities(text).quantities


@dataclass(frozen=True)
class QuantityScan:
    """`find_quantities` of a whole text, with every span the pattern matched (kept or not), so that
    the quantities of one of its sentences can be cut from it (`quantities_within`)."""

    quantities: list[Quantity]
    matched: list[tuple[int, int]]


def scan_quantities(text: str) -> QuantityScan:
    """The quantities of `text` and the spans matched while finding them."""
    found = []
    matched = []
    for m in _matches(text):
        matched.append(m.span())
        start = m.start("num") if m.group("num") else m.start()
        previous = text[start - 1] if start > 0 else ""
        if previous and previous in "第初周这那每哪同另":  # ordinals (第一), demonstratives (这一次)
            continue
        if previous and previous in "数几" and not text[start].isdigit():  # vague counts (数十, 几百)
            continue
        following = text[m.end() : m.end() + 1]
        if m.group("num") == "一" and (m.group("unit") == "批" or following == m.group("unit")):
            continue  # 一批项目, 一支支队伍: quantifiers, not counts
        if m.group("num") and (previous.isdigit() or previous.isascii() and previous.isalpha()):
            continue
        if m.group("unit") == "大" and not text.startswith("项目", m.end()):
            continue  # 四大战略性新兴产业: names a set of industries; 5大项目 counts projects
        q = _quantity_of(m)
        before = m.group("before")
        if q is not None and before and m.start() > 0 and text[m.start() - 1] + before in _FALSE_APPROX:
            inner_after = [w for w in (m.group("inner"), m.group("inner2"), m.group("after")) if w]
            approx = APPROX_AFTER.get(inner_after[0], "exact") if inner_after else "exact"
            q = replace(q, span=(m.start() + len(before), q.span[1]), approx=approx)
        if q is not None:
            found.append(q)
    return QuantityScan(found, matched)


# Characters no quantity, time or place pattern reads across: a piece of text between them (a sentence
# of `tasks.normalize.split_sentences`) is read the same alone as within its text.
SENTENCE_BREAKS = "。！？!?”’」』\"'"


def stands_apart(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] has a sentence break or a space on each side (at its edges or outside)."""
    before = start == 0 or text[start - 1].isspace() or text[start - 1] in SENTENCE_BREAKS
    after = end == len(text) or text[end].isspace() or text[end - 1] in SENTENCE_BREAKS
    return before and after


def runs_across(matched: list[tuple[int, int]], pos: int) -> bool:
    """Whether one of `matched` (spans in text order, not overlapping) starts before `pos` and ends
    after it."""
    k = bisect_left(matched, (pos,)) - 1  # the last span that starts before `pos`
    return k >= 0 and matched[k][1] > pos


def quantities_within(scan: QuantityScan, text: str, start: int, end: int) -> list[Quantity] | None:
    """`find_quantities(text[start:end])`, cut from `scan` (of `text`) with spans relative to `start`;
    None where the cut could differ (the piece does not stand apart, or a match runs across its edge),
    and the caller reads the piece itself."""
    if not stands_apart(text, start, end):
        return None
    if runs_across(scan.matched, start) or runs_across(scan.matched, end):
        return None
    return [Quantity((q.span[0] - start, q.span[1] - start),
                     (q.number_span[0] - start, q.number_span[1] - start),
                     q.value, q.unit, q.kind, q.currency, q.approx, q.upper)
            for q in scan.quantities if start <= q.span[0] and q.span[1] <= end]
