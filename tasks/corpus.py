"""Corpus: (seed, index) -> one synthetic investment-promotion article with its gold annotation.

A tool for the benchmarks and the reliability tests, not a pipeline stage. Input: a
`CorpusKit` (sentence templates, page styles, word lists and pinyin glosses from
benchmarks/corpus/, the cities and districts of seeds/regions.csv, an OpenCC s2t converter),
a seed and an article index. Output: `GeneratedArticle`s -- the bytes of the article file as a
news site would serve it, and its gold object in the shape of ../shared/contract/EXTRACT.md.
No I/O beyond `load_corpus_kit`; scripts/generate_corpus.py writes the files.

How an article is made:

1. A draft: the canonical (normalized) text -- a title and paragraphs of sentences, each
   sentence rendered from a template in benchmarks/corpus/templates.csv -- and the facts and
   events that the sentences state, with the sentence as evidence.
2. Every number comes from a `World`: a deterministic function of (seed, region, metric,
   scope, period, kind). Two articles that state the same fact state the same value, a
   district's figure is a share of its city's (the districts of a city sum to less than it),
   a 其中-part is a share of its whole; so the generated batches pass the reconcile checks.
3. A variant: the draft laid out in a page style (benchmarks/corpus/styles.csv): page
   furniture, full-width punctuation, hard line breaks inside sentences, one-line layout,
   traditional characters (OpenCC s2t, only when t2s gives the draft back exactly) with pinyin
   glosses, a legacy encoding (GB18030, Big5). A reprint is the same draft in a second style
   under a second source.

Everything is drawn from `random.Random` seeded by (seed, index), so article i is the same
whatever the corpus size, and a corpus can be streamed without holding it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opencc

from tasks.errors import ConfigError

TEMPLATES_FILE = "templates.csv"
STYLES_FILE = "styles.csv"
VOCABULARY_FILE = "vocabulary.csv"
GLOSSES_FILE = "glosses.csv"

YEARS = range(2019, 2026)
REPRINT_RATE = 0.12
ROUNDUP_RATE = 0.2
# Full-width forms of the ASCII-range punctuation that normalize folds back (NOTES.md conventions).
FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE_DIGITS = "零一两三四五六七八九十"

# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A region an article talks about (grain: one city, district or development zone)."""

    name: str  # full standard name, as the gold writes it
    short: str  # short form as articles write it (镇江, 京口); the full name when none
    level: str  # city | district | zone
    parent: str  # full name of the region one level up
    province: str
    titles: str  # vocabulary kind of its leaders' titles: title_city | title_district | title_county
    mentions: tuple[str, ...] = ()  # ways a zone is written (镇江经开区)


@dataclass(frozen=True)
class City:
    """A prefecture-level city with the districts and counties under it."""

    place: Place
    districts: tuple[Place, ...]


@dataclass(frozen=True)
class Template:
    """One sentence pattern (grain: one row of templates.csv)."""

    id: str
    section: str
    level: str  # city | home | district | zone | any | province
    time: str  # report | since | target | stock | day | span | none
    kind: str  # actual | target
    scopes: tuple[str, ...]
    events: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Style:
    """How one source lays out its pages (grain: one row of styles.csv)."""

    name: str
    source: str
    weight: int
    dated: bool
    script: str  # simplified | traditional
    punctuation: str  # full | half | mixed
    layout: str  # lines | one_line | run_in
    line_break_rate: float
    gloss_rate: float
    encodings: tuple[tuple[str, int], ...]
    paper: str
    header: str
    footer: str


@dataclass(frozen=True)
class CorpusKit:
    """Everything the generator reads, loaded once by `load_corpus_kit`."""

    templates: dict[str, tuple[Template, ...]]  # by section
    styles: tuple[Style, ...]
    vocabulary: dict[str, tuple[str, ...]]
    glosses: dict[str, str]  # traditional character -> toned pinyin
    provinces: tuple[tuple[str, str, tuple[City, ...]], ...]  # (name, short, cities)
    to_traditional: Callable[[str], str]
    to_simplified: Callable[[str], str]

    @property
    def cities(self) -> tuple[City, ...]:
        return tuple(c for _, _, cities in self.provinces for c in cities)


def _rows(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise ConfigError(f"{path}: columns missing: {', '.join(missing)}")
            return list(reader)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _any_short(name: str) -> str:
    """A name without its administrative suffix, for telling which short forms collide (吉林省, 吉林市)."""
    return re.sub(r"(特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|自治州|地区|省|市|区|县)$", "", name)


def _short(name: str) -> str | None:
    for suffix in ("市", "区", "县"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def load_places(seeds_dir: Path, round_trips: Callable[[str], bool]) -> tuple[tuple[str, str, tuple[City, ...]], ...]:
    """Provinces (省/自治区) with their prefecture-level cities (…市) and those cities' districts and
    counties, from seeds/regions.csv. Left out, so that a name in an article means one region:
    names shared by two regions, short forms shared with another region or listed in
    seeds/region_stopwords.txt, and names OpenCC s2t/t2s does not give back unchanged."""
    rows = _rows(seeds_dir / "regions.csv", ("code", "name", "level", "parent"))
    stopwords = {
        line.strip() for line in (seeds_dir / "region_stopwords.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    names = [r["name"] for r in rows]
    taken = _duplicates(names) | _duplicates([_any_short(n) for n in names])

    def usable(name: str) -> bool:
        short = _short(name)
        return (name not in taken and (short is None or (short not in taken and short not in stopwords))
                and name not in stopwords and round_trips(name))

    provinces = []
    for prov in rows:
        if prov["level"] != "province" or not prov["name"].endswith(("省", "自治区")) or prov["name"] == "台湾省":
            continue
        prov_short = re.sub(r"(省|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", prov["name"])
        cities = []
        for row in rows:
            if row["level"] != "city" or row["parent"] != prov["code"] or not row["name"].endswith("市"):
                continue
            if not usable(row["name"]):
                continue
            city = Place(row["name"], _short(row["name"]) or row["name"], "city", prov["name"], prov["name"],
                         "title_city")
            districts = tuple(
                Place(d["name"], _short(d["name"]) or d["name"], "district", city.name, prov["name"],
                      "title_county" if d["name"].endswith("县") else
                      "title_city" if d["name"].endswith("市") else "title_district")
                for d in rows
                if d["level"] == "county" and d["parent"] == row["code"] and len(d["name"]) >= 3
                and d["name"].endswith(("区", "县", "市")) and usable(d["name"])
            )
            if len(districts) >= 2:
                cities.append(City(city, districts))
        if len(cities) >= 3:
            provinces.append((prov["name"], prov_short, tuple(cities)))
    if not provinces:
        raise ConfigError(f"{seeds_dir / 'regions.csv'}: no usable provinces")
    return tuple(provinces)


def _duplicates(items: Sequence[str]) -> set[str]:
    seen: set[str] = set()
    dup: set[str] = set()
    for item in items:
        (dup if item in seen else seen).add(item)
    return dup


def load_corpus_kit(corpus_dir: Path, seeds_dir: Path) -> CorpusKit:
    """Read the generator's data files (see benchmarks/README.md) and the regions from `seeds_dir`."""
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")

    def round_trips(text: str) -> bool:
        return t2s.convert(s2t.convert(text)) == text

    templates: dict[str, list[Template]] = {}
    for row in _rows(corpus_dir / TEMPLATES_FILE, ("id", "section", "level", "time", "kind", "scopes", "events", "text")):
        scopes = tuple("" if s == "-" else s for s in row["scopes"].split("|"))
        events = () if row["events"] == "-" else tuple(row["events"].split("+"))
        templates.setdefault(row["section"], []).append(
            Template(row["id"], row["section"], row["level"], row["time"], row["kind"], scopes, events, row["text"]))
    styles = tuple(
        Style(
            name=r["style"], source=r["source"], weight=int(r["weight"]), dated=r["dated"] == "1",
            script=r["script"], punctuation=r["punctuation"], layout=r["layout"],
            line_break_rate=float(r["line_break_rate"]), gloss_rate=float(r["gloss_rate"]),
            encodings=tuple((e.split(":")[0], int(e.split(":")[1])) for e in r["encodings"].split("|")),
            paper=r["paper"], header=_unescape(r["header"]), footer=_unescape(r["footer"]),
        )
        for r in _rows(corpus_dir / STYLES_FILE, ("style", "source", "weight", "dated", "script", "punctuation",
                                                  "layout", "line_break_rate", "gloss_rate", "encodings", "paper",
                                                  "header", "footer"))
    )
    vocabulary: dict[str, list[str]] = {}
    for row in _rows(corpus_dir / VOCABULARY_FILE, ("kind", "value")):
        vocabulary.setdefault(row["kind"], []).append(row["value"])
    glosses = {r["char"]: r["pinyin"] for r in _rows(corpus_dir / GLOSSES_FILE, ("char", "pinyin"))}
    return CorpusKit(
        templates={k: tuple(v) for k, v in templates.items()},
        styles=styles,
        vocabulary={k: tuple(v) for k, v in vocabulary.items()},
        glosses=glosses,
        provinces=load_places(seeds_dir, round_trips),
        to_traditional=s2t.convert,
        to_simplified=t2s.convert,
    )


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\u00a0", "\u00a0")


# --------------------------------------------------------------------------------------------
# The world: every number as a deterministic function of what it counts
# --------------------------------------------------------------------------------------------

# Per city and year; project counts for scope 亿元以上.
COUNT_BASE: dict[str, tuple[float, float]] = {
    "signed_projects": (120, 600),
    "landed_projects": (60, 300),
    "started_projects": (60, 320),
    "completed_projects": (40, 200),
    "ongoing_projects": (150, 700),
    "negotiated_projects": (100, 500),
    "companies_visited": (400, 3000),
    "promotion_trips": (80, 600),
    "inbound_visits": (60, 400),
    "promotion_events": (12, 90),
}
STOCK_BASE: dict[tuple[str, str], tuple[float, float]] = {  # counts that are not per period
    ("promotion_teams", ""): (10, 60),
    ("promotion_teams", "驻外招商办事处"): (3, 9),
}
MONEY_BASE: dict[str, tuple[float, float]] = {  # 亿 of the currency, per city and year
    "actual_investment": (150, 1800),
    "foreign_investment_utilized": (1.5, 40),
    "foreign_investment_contracted": (3, 80),
}
INVESTMENT_OF = {  # an investment metric -> the count metric of the same stage
    "signed_investment": "signed_projects",
    "landed_investment": "landed_projects",
    "started_investment": "started_projects",
    "completed_investment": "completed_projects",
    "ongoing_investment": "ongoing_projects",
    "negotiated_investment": "negotiated_projects",
}
EVENT_BASE: dict[str, tuple[float, float]] = {  # one ceremony or one trip, for a city
    "signed_projects": (8, 60),
    "companies_visited": (6, 40),
}


@dataclass(frozen=True)
class Period:
    """The time a number covers: the contract's code, the words that say it, its length in months
    (0 for days) and the key the world hashes (a month span, so 2024H1 and 1—6月 agree)."""

    code: str
    phrase: str
    months: int
    key: str


class World:
    """Deterministic values: the same (region, metric, scope, period, kind) gives the same number
    in every article of a seed; districts and parts are shares of their city and whole."""

    def __init__(self, seed: int, cities: Sequence[City]) -> None:
        self.seed = seed
        self.city_of = {d.name: c.place for c in cities for d in c.districts}
        self.districts_of = {c.place.name: c.districts for c in cities}

    def u(self, *key: object) -> float:
        """A uniform number in [0, 1) fixed by the seed and the key."""
        digest = hashlib.blake2b(repr((self.seed, *key)).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") / 2**64

    def between(self, low: float, high: float, *key: object) -> float:
        return low + (high - low) * self.u(*key)

    def weight(self, place: Place) -> float:
        """The share of its city that a district or zone holds (the districts sum to 0.7)."""
        if place.level == "zone":
            return self.between(0.05, 0.12, "zone", place.name)
        siblings = self.districts_of[place.parent]
        raw = {d.name: 0.3 + self.u("weight", d.name) for d in siblings}
        return 0.7 * raw[place.name] / sum(raw.values())

    def value(self, place: Place, metric: str, scope: str, period: Period, kind: str) -> float:
        """The number for one fact; not rounded."""
        if kind == "target":
            year = Period(period.code, period.phrase, 12, period.key)
            return self.value(place, metric, scope, year, "actual") * self.between(1.05, 1.3, "target", place.name,
                                                                                 metric, scope, period.key)
        key = (place.name, metric, scope, period.key)
        if period.months == 0:  # one ceremony or one trip: its own scale, smaller below a city
            share = 1.0 if place.level == "city" else 0.5
            if metric in EVENT_BASE:
                return self.between(*EVENT_BASE[metric], *key) * share
            count = self.value(place, INVESTMENT_OF[metric], scope, period, kind)
            return count * self.between(3, 12, "size", *key)
        if place.level != "city":
            city = Place(place.parent, "", "city", "", "", "")
            return self.value(city, metric, scope, period, kind) * self.weight(place)
        if (metric, scope) in STOCK_BASE:
            return self.between(*STOCK_BASE[(metric, scope)], *key)
        span = period.months / 12 * self.between(0.85, 1.15, "span", *key)
        if metric in MONEY_BASE:
            return self.between(*MONEY_BASE[metric], place.name, metric, scope) * span
        if metric in INVESTMENT_OF:
            count_metric = INVESTMENT_OF[metric]
            if scope == "":
                return self.value(place, metric, "亿元以上", period, kind) * self.between(1.05, 1.25, *key)
            if scope == "10亿元以上":
                return self.value(place, metric, "亿元以上", period, kind) * self.between(0.35, 0.65, *key)
            if scope != "亿元以上":  # a 其中-part
                return self.value(place, metric, "亿元以上", period, kind) * self.between(0.2, 0.75, *key)
            return self.value(place, count_metric, scope, period, kind) * self.between(3, 9, "size", *key)
        if scope == "":
            factor = self.between(1.3, 2.0, *key) if metric.endswith("_projects") else 1.0
            return self.between(*COUNT_BASE[metric], place.name, metric) * span * factor
        if scope == "亿元以上":
            return self.between(*COUNT_BASE[metric], place.name, metric) * span
        base = self.value(place, metric, "亿元以上", period, kind)
        if scope == "10亿元以上":
            return base * self.between(0.05, 0.15, *key)
        return base * self.between(0.2, 0.7, *key)  # a 其中-part (工业, 外资, ...)

    def yoy(self, place: Place, metric: str, scope: str, period: Period) -> float:
        """Year-on-year change in percent, one decimal; signed projects and investment grew."""
        r = self.u("yoy", place.name, metric, scope, period.key)
        if metric.startswith("signed_"):
            return round(3 + 35 * r, 1)
        if r < 0.15:
            return -round(1 + 14 * r / 0.15, 1)
        if r < 0.95:
            return round(2 + 40 * (r - 0.15) / 0.8, 1)
        return (120.0, 150.0, 200.0, 250.0)[int((r - 0.95) / 0.0125) % 4]


def round_count(value: float) -> int:
    return int(round(value))


def round_money(value: float) -> float:
    """亿 with one decimal from 100, two below (a 万-level amount keeps its 万: 0.65 = 6500万)."""
    return round(value, 1) if value >= 100 else round(value, 2)


def two_significant(value: float, direction: str) -> float:
    """`value` rounded to two significant digits: down, up or nearest."""
    if value <= 0:
        return value
    step = 10 ** (math.floor(math.log10(value)) - 1)
    op = {"down": math.floor, "up": math.ceil, "nearest": round}[direction]
    return round(op(round(value / step, 6)) * step, 6)


def fmt_number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


# --------------------------------------------------------------------------------------------
# The draft: canonical text and gold
# --------------------------------------------------------------------------------------------


@dataclass
class Draft:
    """One article before layout: its canonical title and paragraphs and what they state."""

    title: str
    paragraphs: list[list[str]]
    facts: list[dict[str, Any]]
    events: list[dict[str, Any]]
    published: str | None
    home_region: str | None
    city: Place
    province_short: str

    @property
    def body(self) -> str:
        return "\n".join("".join(p) for p in self.paragraphs)


@dataclass
class ArticleTime:
    """The article's report period and (internal) date; `dated` says whether the page prints it."""

    dated: bool
    report: str  # H1 | Q1 | MR | YTD | Y | M
    year: int  # the report's year
    months: int  # N of MR/YTD/M
    date: dt.date  # publication date (printed only when dated)


def _cn(n: int) -> str:
    return CHINESE_DIGITS[n] if 0 < n <= 10 else str(n)


def choose_time(rng: random.Random, dated: bool) -> ArticleTime:
    kinds = ["H1", "Q1", "MR", "YTD", "Y", "M"]
    weights = [30, 15, 20, 10, 15, 10] if dated else [35, 20, 25, 10, 0, 10]
    report = rng.choices(kinds, weights)[0]
    year = rng.choice(YEARS)
    months = 0
    if report == "H1":
        date = dt.date(year, 7, 3) + dt.timedelta(days=rng.randint(0, 58))
    elif report == "Q1":
        date = dt.date(year, 4, 3) + dt.timedelta(days=rng.randint(0, 47))
    elif report in ("MR", "YTD"):
        months = rng.randint(2, 11)
        date = dt.date(year, months + 1, rng.randint(3, 28))
    elif report == "M":
        months = rng.randint(1, 11)
        date = dt.date(year, months + 1, rng.randint(3, 28))
    else:  # a whole year, reported early the next year
        date = dt.date(year + 1, 1, 8) + dt.timedelta(days=rng.randint(0, 75))
    return ArticleTime(dated, report, year, months, date)


def report_period(t: ArticleTime, rng: random.Random) -> Period:
    y, n = t.year, t.months
    explicit = not t.dated
    if t.report == "H1":
        phrases = [f"{y}年上半年", f"{y}年1—6月"] if explicit else ["上半年", "今年上半年", "今年1—6月"]
        return Period(f"{y}H1", rng.choice(phrases), 6, f"{y}-01/{y}-06")
    if t.report == "Q1":
        phrases = [f"{y}年一季度", f"{y}年第一季度"] if explicit else ["一季度", "今年一季度", "第一季度", "1—3月"]
        return Period(f"{y}Q1", rng.choice(phrases), 3, f"{y}-01/{y}-03")
    if t.report == "MR":
        phrases = ([f"{y}年1—{n}月", f"{y}年前{n}个月"] if explicit
                   else [f"1—{n}月", f"1-{n}月", f"前{n}个月", f"今年前{_cn(n)}个月", f"今年1—{n}月"])
        return Period(f"{y}-01/{y}-{n:02d}", rng.choice(phrases), n, f"{y}-01/{y}-{n:02d}")
    if t.report == "YTD":
        phrases = [f"截至{y}年{n}月底"] if explicit else [f"截至{n}月底", f"截至{n}月末"]
        return Period(f"{y}-01/{y}-{n:02d}", rng.choice(phrases), n, f"{y}-01/{y}-{n:02d}")
    if t.report == "M":
        phrases = [f"{y}年{n}月"] if explicit else [f"{n}月份", f"{n}月", f"今年{n}月"]
        return Period(f"{y}-{n:02d}", rng.choice(phrases), 1, f"{y}-{n:02d}/{y}-{n:02d}")
    return Period(f"{y}", rng.choice(["去年", f"{y}年", f"{y}年全年"]), 12, f"{y}-01/{y}-12")


def period_for(time: str, t: ArticleTime, rng: random.Random) -> Period | None:
    """The period of a sentence whose template says `time`; None for sentences without one."""
    py = t.date.year
    if time == "report" or (time == "since" and (not t.dated or t.date.month < 2)):
        return report_period(t, rng)
    if time == "since":
        m = t.date.month
        return Period(f"{py}-01/{py}-{m:02d}", rng.choice(["今年以来", "开年以来", "年初以来", "截至目前"]), m,
                      f"{py}-01/{py}-{m:02d}")
    if time in ("target", "stock"):
        if not t.dated:
            phrases = [f"{py}年", "全年"] if time == "target" else [f"{py}年"]
        elif time == "target":
            phrases = ["今年", f"{py}年"] + ([] if t.report == "Y" else ["全年"])
        else:
            phrases = ["今年"]
        return Period(f"{py}", rng.choice(phrases), 12, f"{py}-01/{py}-12")
    if time == "day":
        day = _event_day(t, rng, 0)
        return Period(day.isoformat(), f"{day.month}月{day.day}日", 0, day.isoformat())
    if time == "span":
        first = _event_day(t, rng, 6)
        last = first + dt.timedelta(days=rng.randint(1, 6))
        phrase = (f"{first.month}月{first.day}日至{last.day}日" if first.month == last.month
                  else f"{first.month}月{first.day}日至{last.month}月{last.day}日")
        code = f"{first.isoformat()}/{last.isoformat()}"
        return Period(code, phrase, 0, code)
    return None


def _event_day(t: ArticleTime, rng: random.Random, room: int) -> dt.date:
    """A day in the publication year, before the publication date with `room` days to spare."""
    start = dt.date(t.date.year, 1, 1)
    latest = t.date - dt.timedelta(days=room + 2)
    if latest < start:
        return start
    earliest = max(start, t.date - dt.timedelta(days=45 + room))
    return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


class Ineligible(Exception):
    """A template cannot be used here (a number rounds to nothing, a fact is already stated)."""


@dataclass
class Sentence:
    """What rendering one template yields."""

    text: str
    facts: list[dict[str, Any]]
    events: list[dict[str, Any]]
    values: dict[str, Any] = field(default_factory=dict)


class Renderer:
    """Renders templates for one article, keeping its facts unique."""

    def __init__(self, kit: CorpusKit, world: World, rng: random.Random, t: ArticleTime, home: Place | None,
                 province_short: str) -> None:
        self.kit, self.world, self.rng, self.t, self.home = kit, world, rng, t, home
        self.province_short = province_short
        self.stated: set[tuple[str, ...]] = set()
        self.used: set[str] = set()
        self.exact_only = False

    def pick(self, kind: str) -> str:
        return self.rng.choice(self.kit.vocabulary[kind])

    def person(self) -> str:
        return self.pick("surname") + "".join(self.pick("given") for _ in range(self.rng.choice((1, 2, 2))))

    def mention(self, place: Place, section: str) -> str:
        if place.level == "zone":
            return self.rng.choice(place.mentions)
        if place.level == "district":
            return place.name
        forms = [place.short, place.name]
        if self.home is not None and place == self.home and section not in ("event", "filler"):
            return self.rng.choices(["全市", "我市", place.short, place.name], [35, 15, 30, 20])[0]
        return self.rng.choice(forms)

    def render(self, template: Template, place: Place, scope: str = "", sub: str = "",
               kind: str | None = None) -> Sentence:
        period = period_for(template.time, self.t, self.rng)
        facts: list[dict[str, Any]] = []
        values: dict[str, Any] = {}
        kind = kind or template.kind

        def slot(m: re.Match[str]) -> str:
            name = m.group(1)
            head, _, rest = name.partition(":")
            if head == "q":
                return self.quantity(rest.split(":"), place, period, kind, scope, sub, facts, template.section)
            if head == "yoy":
                metric, scope_ref = rest.split(":")
                return self.yoy_phrase(self._fact(facts, metric, self._scope(scope_ref, scope, sub)), place, period)
            if head == "yoy2":
                m1, s1, m2, s2 = rest.split(":")
                a = self._fact(facts, m1, self._scope(s1, scope, sub))
                b = self._fact(facts, m2, self._scope(s2, scope, sub))
                for f in (a, b):
                    f["yoy_pct"] = self.world.yoy(place, f["metric"], f["scope"], period)  # type: ignore[arg-type]
                return f"同比分别增长{fmt_number(a['yoy_pct'])}%和{fmt_number(b['yoy_pct'])}%"
            if head == "share":
                metric, scope_ref = rest.split(":")
                part = self._fact(facts, metric, self._scope(scope_ref, scope, sub))
                whole = round_count(self.world.value(place, metric, "亿元以上", period, kind))  # type: ignore[arg-type]
                part["share_pct"] = round(100 * part["value"] / whole, 1)
                return self.rng.choice(["占比", "占总数的"]) + f"{fmt_number(part['share_pct'])}%"
            if head == "n":
                low, high = (int(x) for x in rest.split("-"))
                return str(self.rng.randint(low, high))
            if name in ("S", "SUB"):
                return scope if name == "S" else sub
            return self.word(name, place, period, template.section, values)

        text = _PLACEHOLDER.sub(slot, template.text)
        for f in facts:
            f["evidence"] = text
        events = [self.event(e, place, period, values, facts, text) for e in template.events]
        for f in facts:
            key = (f["region"], f["metric"], f["scope"], f["period"], f["kind"])
            if key in self.stated:
                raise Ineligible(f"{key} already stated")
        for f in facts:
            self.stated.add((f["region"], f["metric"], f["scope"], f["period"], f["kind"]))
        return Sentence(text, facts, events, values)

    @staticmethod
    def _scope(ref: str, scope: str, sub: str) -> str:
        return {"-": "", "$S": scope, "$SUB": sub}.get(ref, ref)

    @staticmethod
    def _fact(facts: list[dict[str, Any]], metric: str, scope: str) -> dict[str, Any]:
        for f in facts:
            if f["metric"] == metric and f["scope"] == scope:
                return f
        raise ConfigError(f"template refers to {metric}/{scope} before stating it")

    def quantity(self, spec: list[str], place: Place, period: Period | None, kind: str, scope: str, sub: str,
                 facts: list[dict[str, Any]], section: str) -> str:
        if period is None:
            raise ConfigError(f"a quantity ({':'.join(spec)}) in a template without a period")
        metric, scope_ref, units = spec[0], spec[1], spec[2]
        forced = spec[3] if len(spec) > 3 else None
        fact_scope = self._scope(scope_ref, scope, sub)
        unit = self.rng.choice(units.split("|"))
        raw = self.world.value(place, metric, fact_scope, period, kind)
        money = unit in ("亿元", "亿美元")
        value: float = round_money(raw) if money else round_count(raw)
        if kind == "target":
            value = two_significant(value, "nearest")
            value = value if money else int(value)
        if value < (0.01 if money else 1):
            raise Ineligible(f"{metric} of {place.name} rounds to nothing")
        approx = forced or ("exact" if self.exact_only or value < 10 else
                            self.rng.choices(["exact", "over", "about"], [75, 15, 10])[0])
        written, value = self.written(value, approx, unit, money)
        facts.append({
            "region": place.name, "parent_region": place.parent, "metric": metric, "scope": fact_scope,
            "period": period.code, "kind": kind, "value": value, "unit": unit,
            "currency": {"亿元": "CNY", "亿美元": "USD"}.get(unit), "approx": approx, "yoy_pct": None,
            "share_pct": None, "evidence": "",
        })
        return written

    def written(self, value: float, approx: str, unit: str, money: bool) -> tuple[str, float]:
        """The number as an article writes it, and the value the gold records for what is written."""
        if approx == "over":
            value = two_significant(value, "down")
        elif approx == "about":
            value = two_significant(value, self.rng.choice(["nearest", "up"]))
        if not money:
            value = int(value)
        if money and value < 1:
            amount = f"{fmt_number(round(value * 10000))}万{unit[1:]}"
        else:
            amount = f"{fmt_number(value)}{unit}"
        number, measure = (amount, "") if money else (fmt_number(value), unit)
        if not money and value <= 10 and unit in ("个", "支", "场", "家") and self.rng.random() < 0.3:
            number = _cn(int(value))
        if approx == "over":
            integral = value == int(value)
            forms = ["超{n}{u}", "逾{n}{u}", "{n}{u}以上"] + (["{n}余{u}", "{n}多{u}"] if integral and not money else [])
            return self.rng.choice(forms).format(n=number, u=measure), value
        if approx == "about":
            return self.rng.choice(["约{n}{u}", "近{n}{u}", "{n}{u}左右"]).format(n=number, u=measure), value
        return f"{number}{measure}", value

    def yoy_phrase(self, fact: dict[str, Any], place: Place, period: Period | None) -> str:
        assert period is not None
        y = self.world.yoy(place, fact["metric"], fact["scope"], period)
        fact["yoy_pct"] = y
        if y >= 100 and y % 10 == 0:
            return f"同比增长{fmt_number(y / 100)}倍"
        if y < 0:
            return f"同比下降{fmt_number(-y)}%"
        return self.rng.choice(["同比增长", "比上年同期增长", "同比增长"]) + f"{fmt_number(y)}%"

    def word(self, name: str, place: Place, period: Period | None, section: str, values: dict[str, Any]) -> str:
        """Every other placeholder; the values it draws are kept for the events of the sentence."""
        if name in values:
            return str(values[name])
        rng = self.rng
        city_short = place.short if place.level == "city" else self._city_short(place)
        if name == "where":
            value = self.mention(place, section)
        elif name == "when":
            assert period is not None
            value = period.phrase
        elif name == "date":
            assert period is not None
            value = period.phrase.split("至")[0]
        elif name == "date2":
            assert period is not None
            value = period.phrase.split("至")[1]
        elif name == "short":
            value = place.short
        elif name == "province_short":
            value = self.province_short
        elif name == "lead_by":
            title = self.pick(place.titles)
            leader = self.person()
            values["leader"], values["title"] = leader, title
            prefix = place.short if place.level == "district" or rng.random() < 0.5 or self.home != place else ""
            value = f"{prefix}{title}{leader}"
        elif name == "dest":
            kind = rng.choice(["dest_domestic", "dest_foreign"])
            dests = rng.sample(self.kit.vocabulary[kind], rng.choice((1, 1, 2)))
            values["destinations"] = dests
            value = "、".join(dests)
        elif name == "place":
            value = rng.choice(self.kit.vocabulary["dest_domestic"][:18])
            values["destinations"] = [value]
        elif name == "meeting":
            where = values.get("place") or self.word("place", place, period, section, values)
            kind = self.pick("meeting")
            value = (f"{self.t.date.year}{place.short}({where}){kind}" if rng.random() < 0.5
                     else f"{place.short}({where}){kind}")
        elif name == "company":
            value = self.pick("brand") + self.pick("industry") + self.pick("company_suffix")
            values["counterparties"] = [value]
        elif name == "foreign_company":
            value = rng.choice(self.kit.vocabulary["dest_foreign"]) + self.pick("foreign_brand") + self.pick("foreign_suffix")
            values["counterparties"] = [value]
        elif name == "project":
            value = self.pick("industry") + self.pick("project_kind")
        elif name == "amount":
            amount = round(rng.uniform(5, 120), rng.choice((0, 0, 1)))
            values["amount_value"], values["currency"] = amount, "CNY"
            value = f"{fmt_number(amount)}亿元"
        elif name == "amount_usd":
            amount = rng.choice([round(rng.uniform(0.3, 0.95), 2), round(rng.uniform(1, 8), 1)])
            values["amount_value"], values["currency"] = amount, "USD"
            value = f"{fmt_number(round(amount * 10000))}万美元" if amount < 1 else f"{fmt_number(amount)}亿美元"
        elif name in ("industry", "industry2"):
            other = values.get("industry" if name == "industry2" else "industry2")
            value = rng.choice([i for i in self.kit.vocabulary["industry"] if i != other])
        elif name == "quote":
            value = self.pick("quote")
        else:
            raise ConfigError(f"unknown placeholder {{{name}}} (city {city_short})")
        values[name] = value
        return str(value)

    def _city_short(self, place: Place) -> str:
        return _short(place.parent) or place.parent

    def event(self, kind: str, place: Place, period: Period | None, values: dict[str, Any],
              facts: list[dict[str, Any]], text: str) -> dict[str, Any]:
        """An event of the sentence; a ceremony's signing carries the total investment it names."""
        start = end = None
        if period is not None and period.months == 0:
            start, _, last = period.code.partition("/")
            end = last or None
        leader = values.get("leader")
        if kind == "signing" and "amount_value" not in values:
            for f in facts:
                if f["metric"] == "signed_investment":
                    values["amount_value"], values["currency"] = f["value"], f["currency"]
        return {
            "type": kind, "region": place.name,
            "leader": leader if kind != "signing" else None,
            "leader_title": values.get("title") if kind != "signing" else None,
            "start": start, "end": end if kind == "outbound_visit" else None,
            "destinations": list(values.get("destinations", [])),
            "counterparties": list(values.get("counterparties", [])) if kind != "promotion_conference" else [],
            "amount": values.get("amount_value") if kind == "signing" else None,
            "currency": values.get("currency") if kind == "signing" else None,
            "evidence": text,
        }


def _zone(rng: random.Random, city: Place) -> Place:
    if rng.random() < 0.5:
        return Place(f"{city.short}经济技术开发区", "", "zone", city.name, city.province, "title_district",
                     (f"{city.short}经开区", f"{city.short}经济技术开发区"))
    return Place(f"{city.short}高新技术产业开发区", "", "zone", city.name, city.province, "title_district",
                 (f"{city.short}高新区", f"{city.short}高新技术产业开发区"))


def _try(renderer: Renderer, templates: Sequence[Template], place: Place, attempts: int = 6,
         **kwargs: Any) -> Sentence | None:
    """Render one of `templates` for `place`; None when none fits after a few tries. A template
    without facts is used once per article (the same sentence twice reads as a copy error)."""
    for _ in range(attempts):
        template = renderer.rng.choice(templates)
        if template.id in renderer.used:
            continue
        scope = renderer.rng.choice(template.scopes)
        try:
            sentence = renderer.render(template, place, scope=scope, **kwargs)
        except Ineligible:
            continue
        if not sentence.facts:
            renderer.used.add(template.id)
        return sentence
    return None


def _section(kit: CorpusKit, section: str, *levels: str) -> tuple[Template, ...]:
    return tuple(t for t in kit.templates.get(section, ()) if t.level in levels)


def draft_city_article(kit: CorpusKit, world: World, rng: random.Random, dated: bool) -> Draft:
    """A city newspaper's report: the city's figures, some districts, activities, events, a target."""
    province, province_short, cities = rng.choice(kit.provinces)
    city = rng.choice(cities)
    place = city.place
    t = choose_time(rng, dated)
    r = Renderer(kit, world, rng, t, place, province_short)
    sentences: list[list[Sentence]] = []

    with_part = rng.random() < 0.45
    r.exact_only = with_part
    lead_templates = _section(kit, "lead", "city", "home")
    lead = None
    for _ in range(6):
        template = rng.choice(lead_templates)
        scope = "亿元以上" if with_part and "亿元以上" in template.scopes else rng.choice(template.scopes)
        try:
            lead = r.render(template, place, scope=scope)
            break
        except Ineligible:
            continue
    assert lead is not None, "a city's own lead always renders"
    r.exact_only = False
    lead_paragraph = [lead]
    lead_scope = lead.facts[0]["scope"]
    if with_part and lead_scope == "亿元以上":
        r.exact_only = True
        part = _try(r, kit.templates["part"], place, sub=r.pick("sub_scope"))
        r.exact_only = False
        if part:
            lead_paragraph.append(part)
    if rng.random() < 0.4:
        money = _try(r, kit.templates["money"], place)
        if money:
            lead_paragraph.append(money)
    sentences.append(lead_paragraph)

    middle: list[list[Sentence]] = []
    for _ in range(rng.randint(2, 4)):
        middle.append([s for s in (_try(r, kit.templates["filler"], place) for _ in range(rng.randint(2, 4))) if s])
    if rng.random() < 0.7:
        middle.append([s for s in (_try(r, _section(kit, "stage", "any"), place) for _ in range(rng.randint(1, 3))) if s])
    if rng.random() < 0.55:
        paragraph = []
        for district in rng.sample(city.districts, min(len(city.districts), rng.randint(1, 3))):
            s = _try(r, kit.templates["district"], district)
            if s:
                paragraph.append(s)
        if rng.random() < 0.25:
            s = _try(r, kit.templates["zone"], _zone(rng, place))
            if s:
                paragraph.append(s)
        middle.append(paragraph)
    if rng.random() < 0.65:
        where = place if rng.random() < 0.6 else rng.choice(city.districts)
        middle.append([s for s in (_try(r, kit.templates["activity"], where) for _ in range(rng.randint(1, 2))) if s])
    if rng.random() < 0.6:
        paragraph = []
        for _ in range(rng.randint(1, 2)):
            where = place if rng.random() < 0.7 else rng.choice(city.districts)
            s = _try(r, kit.templates["event"], where)
            if s:
                paragraph.append(s)
        middle.append(paragraph)
    if rng.random() < 0.4:
        s = _try(r, _section(kit, "target", "any", "city"), place)
        if s:
            middle.append([s])
    rng.shuffle(middle)
    sentences.extend(middle)
    if rng.random() < 0.6:
        s = _try(r, kit.templates["filler"], place)
        if s:
            sentences.append([s])

    title = _title(kit, r, place, lead, t)
    return _draft(title, sentences, t, home=place.name, city=place, province_short=province_short)


def draft_roundup(kit: CorpusKit, world: World, rng: random.Random, dated: bool) -> Draft:
    """A provincial round-up: several cities, each named, so 全市 means nothing (no home region)."""
    province, province_short, cities = rng.choice(kit.provinces)
    t = choose_time(rng, dated)
    r = Renderer(kit, world, rng, t, None, province_short)
    chosen = rng.sample(cities, min(len(cities), rng.randint(2, 4)))
    intro = _try(r, kit.templates["intro"], chosen[0].place)
    sentences: list[list[Sentence]] = [[intro]] if intro else []
    leads = _section(kit, "lead", "city")
    for city in chosen:
        paragraph = [s for s in [_try(r, leads, city.place)] if s]
        if rng.random() < 0.5:
            s = _try(r, kit.templates["event"], city.place)
            if s:
                paragraph.append(s)
        if rng.random() < 0.3:
            s = _try(r, kit.templates["activity"], city.place)
            if s:
                paragraph.append(s)
        if paragraph:
            sentences.append(paragraph)
    title_template = rng.choice(_section(kit, "title", "province"))
    title = r.render(title_template, chosen[0].place).text
    return _draft(title, sentences, t, home=None, city=chosen[0].place, province_short=province_short)


def _title(kit: CorpusKit, r: Renderer, place: Place, lead: Sentence, t: ArticleTime) -> str:
    templates = list(_section(kit, "title", "city"))
    first = lead.facts[0]
    restatable = first["metric"] == "signed_projects" and first["scope"] == "亿元以上" and first["approx"] == "exact"
    if not restatable:
        templates = [tp for tp in templates if "{lead_count}" not in tp.text]
    template = r.rng.choice(templates)
    period = report_period(t, r.rng)
    text = template.text.replace("{lead_count}", str(first["value"])).replace(
        "{title_when}", period.phrase.replace("今年", ""))
    return r.render(Template(template.id, "title", "city", "none", "actual", ("",), (), text), place).text


def _draft(title: str, sentences: list[list[Sentence]], t: ArticleTime, home: str | None, city: Place,
           province_short: str) -> Draft:
    paragraphs = [[s.text for s in p] for p in sentences if p]
    facts = [f for p in sentences for s in p for f in s.facts]
    events = [e for p in sentences for s in p for e in s.events]
    return Draft(title, paragraphs, facts, events, t.date.isoformat() if t.dated else None, home, city,
                 province_short)


# --------------------------------------------------------------------------------------------
# Variants: layout, noise, script, encoding
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedArticle:
    """One article file and its gold (grain: one file of the corpus)."""

    stem: str
    source: str  # the source (folder) it is published under
    style: str
    script: str  # simplified | traditional
    encoding: str
    reprint_of: str | None
    raw: bytes
    gold: dict[str, Any]

    @property
    def path(self) -> str:
        """Where the file goes, relative to the corpus folder (also the gold's `source`)."""
        return str(self.gold["source"])

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def gold_json(self) -> str:
        return json.dumps(self.gold, ensure_ascii=False, indent=1) + "\n"


def _fill(template: str, rng: random.Random, fields: dict[str, str]) -> str:
    def slot(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("n:"):
            low, high = (int(x) for x in name[2:].split("-"))
            return str(rng.randint(low, high))
        return fields[name]

    return _PLACEHOLDER.sub(slot, template)


def _break_line(paragraph: str, rng: random.Random) -> str:
    """A hard line break between two Chinese characters inside a sentence, as print layouts leave."""
    # Print columns are a dozen characters or more wide: no break leaves a heading-short first line.
    spots = [i for i in range(12, len(paragraph) - 4) if _CJK.match(paragraph[i - 1]) and _CJK.match(paragraph[i])]
    if not spots:
        return paragraph
    i = rng.choice(spots)
    return paragraph[:i] + rng.choice(["\n\n", "\n"]) + paragraph[i:]


def _punctuate(text: str, style: Style, rng: random.Random) -> str:
    full = style.punctuation == "full" or (style.punctuation == "mixed" and rng.random() < 0.5)
    if not full:
        return text
    text = text.translate(FULL_WIDTH)
    return text.replace("%", "％") if rng.random() < 0.1 else text


def _gloss(text: str, glosses: dict[str, str], rng: random.Random) -> str:
    return "".join(f"{ch}({glosses[ch]})" if ch in glosses and rng.random() < 0.5 else ch for ch in text)


def layout(kit: CorpusKit, draft: Draft, style: Style, rng: random.Random, encoding: str) -> tuple[str, str]:
    """The page text of a draft in a style, and the script it ended up in. Pinyin glosses come
    only on pages served as UTF-8 (a legacy code page has no tone marks)."""
    names = {f"name{i}" if i else "name": "".join(
        [rng.choice(kit.vocabulary["surname"])] + [rng.choice(kit.vocabulary["given"]) for _ in range(rng.choice((1, 2)))])
        for i in range(5)}
    fields = {
        **{k: v for k, v in names.items()},
        "short": draft.city.short, "province_short": draft.province_short,
        "date": draft.published or "", "time": f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
        "other_title": f"{draft.city.short}举办重点产业链招商对接会", "other_title2": f"{draft.province_short}出台稳外资若干措施",
    }
    fields["paper"] = _fill(style.paper, rng, fields)
    title = _punctuate(draft.title, style, rng)
    paragraphs = [_punctuate("".join(p), style, rng) for p in draft.paragraphs]
    if style.line_break_rate:
        paragraphs = [_break_line(p, rng) if rng.random() < style.line_break_rate else p for p in paragraphs]
    header = _fill(style.header, rng, {**fields, "title": title})
    footer = _fill(style.footer, rng, fields)
    if style.layout == "one_line":
        page = header + " ".join(paragraphs)
    elif style.layout == "run_in":
        page = header + "\n".join(paragraphs)
    else:
        page = header + "\n" + "\n\n".join(paragraphs)
    page = page + ("\n" + footer if footer else "") + "\n"
    script = "simplified"
    canonical = draft.title + "\n" + draft.body
    if style.script == "traditional" and kit.to_simplified(kit.to_traditional(canonical)) == canonical:
        page = kit.to_traditional(page)
        if encoding == "utf-8" and rng.random() < style.gloss_rate:
            page = _gloss(page, kit.glosses, rng)
        script = "traditional"
    return page, script


def choose_encoding(style: Style, rng: random.Random) -> str:
    return rng.choices([name for name, _ in style.encodings], [w for _, w in style.encodings])[0]


def encode(page: str, encoding: str) -> tuple[bytes, str]:
    """The page's bytes in `encoding`, or in UTF-8 when the code page lacks one of its characters."""
    try:
        return page.encode(encoding), encoding
    except UnicodeEncodeError:  # a character the legacy code page lacks: the site would serve UTF-8
        return page.encode("utf-8"), "utf-8"


def _choose_style(kit: CorpusKit, rng: random.Random, dated: bool | None = None, other_than: str | None = None) -> Style:
    styles = [s for s in kit.styles if (dated is None or s.dated == dated) and s.name != other_than]
    return rng.choices(styles, [s.weight for s in styles])[0]


def _gold(draft: Draft, path: str) -> dict[str, Any]:
    return {
        "source": path, "title": draft.title, "published": draft.published, "home_region": draft.home_region,
        "error": None, "facts": draft.facts, "events": draft.events,
    }


def generate_article(kit: CorpusKit, world: World, seed: int, index: int) -> list[GeneratedArticle]:
    """Article `index` of the corpus of `seed`: the original, then its reprint when it has one."""
    rng = random.Random(f"{seed}/{index}")
    style = _choose_style(kit, rng)
    maker = draft_roundup if rng.random() < ROUNDUP_RATE else draft_city_article
    draft = maker(kit, world, rng, style.dated)
    stem = f"{index:06d}"
    variants = [(stem, style, None)]
    if rng.random() < REPRINT_RATE:
        variants.append((stem + "r", _choose_style(kit, rng, dated=style.dated, other_than=style.name), stem))
    articles = []
    for name, variant_style, original in variants:
        encoding = choose_encoding(variant_style, rng)
        page, script = layout(kit, draft, variant_style, rng, encoding)
        raw, encoding = encode(page, encoding)
        path = f"articles/{variant_style.source}/{name}.txt"
        articles.append(GeneratedArticle(name, variant_style.source, variant_style.name, script, encoding, original,
                                         raw, _gold(draft, path)))
    return articles


def generate_corpus(kit: CorpusKit, seed: int, count: int) -> Iterator[GeneratedArticle]:
    """`count` article files of the corpus of `seed`, one at a time (reprints count as files)."""
    world = World(seed, kit.cities)
    made, index = 0, 0
    while made < count:
        for article in generate_article(kit, world, seed, index):
            if made < count:
                made += 1
                yield article
        index += 1
