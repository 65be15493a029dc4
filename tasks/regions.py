"""Regions: the gazetteer of China's administrative divisions and the resolution of place mentions.

Input: seed tables (regions.csv, region_aliases.csv, zone_suffixes.csv,
region_stopwords.txt, ethnic_groups.txt), read once by `load_gazetteer`.
Output: pure functions over normalized text —

- `find_region_mentions(text, gaz, context)`: places named in a text (镇江市, 镇江, 京口,
  镇江经开区 -> 镇江经济技术开发区) and references to the article's own region (我市, 全区,
  该县, 市开发区), each with its candidate regions, best first;
- `resolve_name(name, gaz, context)`: one written name to a `Region`;
- `detect_home_region(text, title, gaz)`: the region that 我市/全市/本市 refer to.

Names made by rule (short names without 省/市/区/县 or an ethnic-autonomy suffix, zone
names built from a place and a zone suffix) live in code; exceptions live in the seeds.
A short county name (京口, 定远) only counts where its city is in the article's context,
and a name shared by several places (鼓楼区) resolves to the one nearest that context.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tasks.errors import ConfigError

LEVELS = ("province", "city", "county", "zone", "town")
_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}
# Administrative suffixes dropped to make a short name, longest first.
_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "盟", "省", "市", "区", "县", "旗")
# Words that make a name refer to the article's own region: 我市, 全区, 该县, 本省.
# 我市, 全区, 该县 …; and a bare 园区 heading a clause, which a zone's own reports call themselves
# (今年上半年,园区新签约重大项目86个), not 产业园区 or 各园区.
# The lookahead first lets the engine skip a position on one character test.
_REFERENCE_RE = re.compile(r"(?=[我全本该此园])(?:(?P<det>[我全本该此])(?P<level>[省市县区州盟旗])(?![长委场级民属直外内])"
                           r"|(?:^|(?<![\u4e00-\u9fff])|(?<=[全该本我在和与及、]))(?P<park>园区)(?![内外级]))")
# Words before a reference that make it a yardstick (高于全省平均水平, 居全省第三, 占全市的) or the frame of a
# role (作为全市招商引资主战场, 成为全省首个), not the subject.
COMPARED_WITH = re.compile(r"(?:高于|低于|快于|慢于|超过|比|较|居|位居|位列|占|领跑|作为|成为)$")
# The level words of references and which regions they can mean.
# A bare 新区/高新区/开发区 heading a clause: the zone an article is about (…,新区新签约重大项目127个).
_ZONE_SELF = re.compile(r"(?:^|(?<=[,。;:!?\n]))(?:新区|高新区|经开区|开发区)(?=[\u4e00-\u9fff])", re.M)
REFERENCE_LEVELS = {"省": "province", "市": "city", "县": "county", "区": "district", "州": "prefecture",
                    "盟": "league", "旗": "banner", "园区": "park"}  # 盟 and 旗: Inner Mongolia's prefectures and counties


def _reference_level(ref: re.Match[str]) -> str:
    return REFERENCE_LEVELS[ref.group("level") or ref.group("park")]


@dataclass(frozen=True)
class Region:
    """One administrative division or development zone (grain: one region).

    `key` is the 6-digit division code, or `zone:<name>` for a zone without one;
    `parent` is the key of the region one level up.
    """

    key: str
    name: str
    level: str
    parent: str | None = None


@dataclass  # not frozen: made by the hundred per article, and a frozen __init__ costs 3-7 times as much
class RegionMention:
    """A place named in a text, or a reference to the article's own region (grain: one mention).

    kind: `name` (镇江市, 京口), `zone` (镇江经开区, with the synthetic zone region first in
    `candidates`), `reference` (我市, 全区: `level` says which kind of region it means,
    `candidates` is empty) or `zone_reference` (市开发区, 经开区 alone: the zone of the
    region in context).
    """

    span: tuple[int, int]
    text: str
    kind: str
    candidates: tuple[Region, ...] = ()
    level: str | None = None
    zone_suffix: str | None = None  # for zone references: the standard suffix to attach

    @property
    def region(self) -> Region | None:
        """The best candidate (None for a reference)."""
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True)
class Gazetteer:
    """Regions by key, every written form that names them, and the zone suffixes."""

    regions: dict[str, Region]
    surfaces: dict[str, tuple[str, ...]]  # written form -> region keys
    weak: frozenset[str]  # forms that only count where a candidate's ancestor is in context
    by_prefix: dict[str, tuple[str, ...]] = field(repr=False)  # first two characters -> forms, longest first
    zone_suffixes: tuple[tuple[str, str, str], ...] = ()  # (as written, standard, naming), longest first
    by_full_name: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    zone_pattern: re.Pattern[str] = field(default=re.compile(r"(?!)"), repr=False)  # any zone suffix
    unit_pattern: re.Pattern[str] = field(default=re.compile(r"(?!)"), repr=False)  # a named zone or town
    lineage: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)  # key -> ancestor keys
    # Where a form may start: its first two characters are in the forms' first and second characters
    # (a C-speed prefilter for the exact test against `by_prefix`; it consumes the first character only,
    # so that the regex engine can skip to the candidates).
    name_start_pattern: re.Pattern[str] = field(default=re.compile(r".(?=.)", re.S), repr=False)
    # How far past its start the reading of a name looks: the longest form, then the longest zone suffix.
    reach: int = 0

    def get(self, key: str | None) -> Region | None:
        """The region with this key, None for None or an unknown key."""
        return None if key is None else self.regions.get(key)

    def parent(self, region: Region | None) -> Region | None:
        """The region one level up, None at the top."""
        return None if region is None or region.parent is None else self.regions.get(region.parent)

    def ancestors(self, region: Region) -> list[Region]:
        """The region's parents, nearest first."""
        chain = []
        current = self.parent(region)
        while current is not None:
            chain.append(current)
            current = self.parent(current)
        return chain

    def ancestor_keys(self, region: Region) -> frozenset[str]:
        """Keys of the region's parents (precomputed for the regions of the seeds)."""
        known = self.lineage.get(region.key)
        if known is not None:
            return known
        return frozenset(a.key for a in self.ancestors(region))

    def related(self, region: Region, home: Region | None) -> bool:
        """Whether a region can be what an article with this home is about: the home, its ancestors or
        places under it; a zone or town named without a place (稀土高新区, 下塘镇) is the home's."""
        if home is None or region.key == home.key:
            return True
        if region.parent is None and region.level in ("zone", "town"):
            return True
        return home.key in self.ancestor_keys(region) or region.key in self.ancestor_keys(home)

    def named(self, name: str) -> tuple[Region, ...]:
        """Regions whose full standard name is `name`."""
        return tuple(self.regions[k] for k in self.by_full_name.get(name, ()))

    def is_known(self, name: str, parent: str | None = None) -> bool:
        """Whether `name` is the full standard name of a region or zone of the gazetteer (for the gates)."""
        if self.by_full_name.get(name):
            return True
        # A development zone named after a known region (镇江经济技术开发区, 东莞松山湖高新技术产业开发区)
        # is known through its base; a zone or town named on its own (稀土高新技术产业开发区, 下塘镇) through
        # the known region it belongs to.
        if self._zone_base(name) is not None:
            return True
        return parent is not None and bool(self.by_full_name.get(parent)) and self._unit_name(name)

    def _unit_name(self, name: str) -> bool:
        """Whether `name` is what `_unit_mention` makes: a name of 2-3 characters and a standard suffix."""
        standards = {z[1] for z in self.zone_suffixes} | set(_TOWN_SUFFIXES)
        return any(name.endswith(suffix) and 2 <= len(name) - len(suffix) <= 3
                   and _is_unit_name(name[: -len(suffix)]) for suffix in standards)

    def level_of(self, name: str) -> str | None:
        """The level of the region with this full name (for magnitude checks), None if unknown or ambiguous;
        a zone named after a known region is a zone."""
        levels = {r.level for r in self.named(name)}
        if levels:
            return levels.pop() if len(levels) == 1 else None
        return "zone" if self._zone_base(name) is not None else None

    def _zone_base(self, name: str) -> str | None:
        """The place a rule-named zone is named after (镇江 in 镇江经济技术开发区), else None."""
        for _suffix, standard, _naming in self.zone_suffixes:
            if name.endswith(standard) and len(name) > len(standard):
                base = name[: -len(standard)]
                for size in range(len(base), 1, -1):  # the place, then a name of the zone's own (松山湖)
                    if base[:size] in self.surfaces or base[:size] in self.by_full_name:
                        return base[:size]
        return None


def short_name(name: str, ethnic_groups: tuple[str, ...] = ()) -> str | None:
    """镇江市 -> 镇江, 江华瑶族自治县 -> 江华, 广西壮族自治区 -> 广西; None when too short (沛县)."""
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            if suffix.startswith("自治") or suffix == "特别行政区":
                base = base.removesuffix("各族")
                stripped = True
                while stripped:
                    stripped = False
                    for group in ethnic_groups:
                        for form in (group, group[:-1]):
                            if form and base.endswith(form) and len(base) - len(form) >= 2:
                                base = base[: -len(form)]
                                stripped = True
            return base if len(base) >= 2 else None
    return None


def zone_name(base: Region | None, written_base: str, standard_suffix: str, naming: str) -> str:
    """The standard name of a zone: 镇江 + 经开区 -> 镇江经济技术开发区.

    `naming` short uses the place's short form as written (镇江, 金坛); full uses the
    region's full name (滁州市科教园区).
    """
    if naming == "full" and base is not None:
        return base.name + standard_suffix
    return written_base + standard_suffix


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise ConfigError(f"{path}: missing columns {missing}")
            return [{k: (v or "").strip() for k, v in row.items()} for row in reader]
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _read_lines(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def build_gazetteer(
    region_rows: list[dict[str, str]],
    alias_rows: list[dict[str, str]],
    zone_rows: list[dict[str, str]],
    stopwords: list[str],
    ethnic_groups: list[str],
) -> Gazetteer:
    """Assemble the gazetteer from seed rows; raises ConfigError on a bad reference."""
    regions: dict[str, Region] = {}
    for row in region_rows:
        if row["code"] in regions:
            raise ConfigError(f"regions.csv: duplicate code {row['code']}")
        if row["level"] not in LEVELS:
            raise ConfigError(f"regions.csv: bad level {row['level']!r} for {row['code']}")
        regions[row["code"]] = Region(row["code"], row["name"], row["level"], row["parent"] or None)
    for region in regions.values():
        if region.parent is not None and region.parent not in regions:
            raise ConfigError(f"regions.csv: parent {region.parent} of {region.name} is missing")

    by_full_name: dict[str, list[str]] = defaultdict(list)
    for region in regions.values():
        by_full_name[region.name].append(region.key)

    stop = frozenset(stopwords)
    groups = tuple(sorted(ethnic_groups, key=len, reverse=True))
    surfaces: dict[str, list[str]] = defaultdict(list)
    weak: set[str] = set()
    for region in regions.values():
        if region.name not in stop:
            surfaces[region.name].append(region.key)
        short = short_name(region.name, groups)
        if short and short not in stop and short != region.name:
            surfaces[short].append(region.key)
            if region.name.endswith(("自治州", "自治县", "自治旗")):  # 恩施州, 江华县: short name + its level
                surfaces[short + region.name[-1]].append(region.key)

    for row in alias_rows:
        parents = [k for k in by_full_name.get(row["parent"], ())] if row["parent"] else []
        if row["parent"] and not parents:
            raise ConfigError(f"region_aliases.csv: unknown parent {row['parent']!r} for {row['alias']!r}")
        targets = [k for k in by_full_name.get(row["name"], ()) if not parents or regions[k].parent in parents]
        if not targets:  # a zone without a division code
            key = f"zone:{row['name']}"
            regions[key] = Region(key, row["name"], "zone", parents[0] if parents else None)
            by_full_name[row["name"]].append(key)
            targets = [key]
        surfaces[row["alias"]].extend(t for t in targets if t not in surfaces[row["alias"]])
        if row["name"] not in surfaces:
            surfaces[row["name"]] = list(targets)

    # Short forms of counties and two-character aliases are ordinary-looking words: they need context.
    for form, keys in surfaces.items():
        full = any(regions[k].name == form for k in keys)
        if not full and len(form) <= 2 and all(regions[k].level in ("county", "zone") for k in keys):
            weak.add(form)
        if len(form) <= 2 and any(regions[k].level == "zone" for k in keys):
            weak.add(form)

    by_prefix: dict[str, list[str]] = defaultdict(list)
    for form in surfaces:
        if len(form) >= 2:
            by_prefix[form[:2]].append(form)
    zone_suffixes = tuple(
        sorted(((r["suffix"], r["standard"], r["naming"]) for r in zone_rows), key=lambda t: -len(t[0]))
    )
    return Gazetteer(
        regions=regions,
        surfaces={k: tuple(v) for k, v in surfaces.items()},
        weak=frozenset(weak),
        by_prefix={k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_prefix.items()},
        zone_suffixes=zone_suffixes,
        by_full_name={k: tuple(v) for k, v in by_full_name.items()},
        zone_pattern=re.compile("|".join(re.escape(z[0]) for z in zone_suffixes) or r"(?!)"),
        # matched at the start of the text or of a clause (`_units`); 分乡镇看 is a heading, not a town
        unit_pattern=re.compile(r"(?P<name>[\u4e00-\u9fff]{2,3}?)(?P<suffix>"
                                + "|".join(re.escape(w) for w in (*(z[0] for z in zone_suffixes), *_TOWN_SUFFIXES))
                                + r")(?!看)"),
        lineage={key: frozenset(_ancestor_keys(key, regions)) for key in regions},
        reach=max((len(f) for f in surfaces), default=0) + max((len(z[0]) for z in zone_suffixes), default=0),
        name_start_pattern=re.compile("[" + "".join(sorted({re.escape(f[0]) for f in by_prefix})) + "](?=["
                                      + "".join(sorted({re.escape(f[1]) for f in by_prefix})) + "])"),
    )


def _ancestor_keys(key: str, regions: dict[str, Region]) -> list[str]:
    chain, parent = [], regions[key].parent
    while parent is not None and parent in regions:
        chain.append(parent)
        parent = regions[parent].parent
    return chain


def load_gazetteer(seeds_dir: Path) -> Gazetteer:
    """Read the region seed tables under `seeds_dir` (see seeds/README.md)."""
    return build_gazetteer(
        _read_csv(seeds_dir / "regions.csv", ("code", "name", "level", "parent")),
        _read_csv(seeds_dir / "region_aliases.csv", ("alias", "name", "parent")),
        _read_csv(seeds_dir / "zone_suffixes.csv", ("suffix", "standard", "naming")),
        _read_lines(seeds_dir / "region_stopwords.txt"),
        _read_lines(seeds_dir / "ethnic_groups.txt"),
    )


def rank_candidates(regions: list[Region], gaz: Gazetteer, context: frozenset[str]) -> list[Region]:
    """Order candidate regions: those in context or under a region in context first, then by level."""

    def score(region: Region) -> tuple[int, int, str]:
        closeness = 0
        if region.key in context:
            closeness = 3
        elif gaz.ancestor_keys(region) & context:
            closeness = 2
        return (-closeness, _LEVEL_RANK[region.level], region.key)

    return sorted(regions, key=score)


def _in_context(region: Region, gaz: Gazetteer, context: frozenset[str]) -> bool:
    if region.key in context:
        return True
    # A province is too wide a context for short county names, except a municipality (重庆市).
    return any(a.key in context for a in gaz.ancestors(region) if a.level != "province" or a.name.endswith("市"))


def _match_at(
    text: str, i: int, gaz: Gazetteer, context: frozenset[str],
    known: dict[tuple[str, bool], tuple[Region, ...]] | None = None,
    forms: tuple[tuple[str, bool], ...] | None = None,
) -> tuple[str | None, tuple[Region, ...]]:
    """The longest form starting at `i` that names a region here (weak forms need context), with its
    candidates ranked for `context`; `known` remembers the rankings of forms already met in the text,
    `forms` may pass `_forms_at(text, i, gaz)`."""
    known = {} if known is None else known
    for form, needs_context in _forms_at(text, i, gaz) if forms is None else forms:
        ranked = known.get((form, needs_context))
        if ranked is None:
            candidates = [gaz.regions[k] for k in gaz.surfaces[form]]
            if needs_context:
                candidates = [r for r in candidates if _in_context(r, gaz, context)]
            ranked = tuple(rank_candidates(candidates, gaz, context)) if candidates else ()
            known[(form, needs_context)] = ranked
        if ranked:
            return form, ranked
    return None, ()


def _forms_at(text: str, i: int, gaz: Gazetteer) -> tuple[tuple[str, bool], ...]:
    """The forms written at `i`, longest first, each with whether it needs context here (a weak form
    does, unless a zone suffix follows it: 固始经济开发区 names its place). Context-free."""
    return tuple(
        (form, form in gaz.weak and not _zone_after(text, i + len(form), gaz))
        for form in gaz.by_prefix.get(text[i : i + 2], ())
        if text.startswith(form, i)
    )


def _zone_after(text: str, end: int, gaz: Gazetteer) -> tuple[str, str, str] | None:
    """The zone suffix (as written, standard, naming) that starts at `end`, longest first."""
    m = gaz.zone_pattern.match(text, end)
    if m is None:
        return None
    return next(z for z in gaz.zone_suffixes if z[0] == m.group(0))


@dataclass  # not frozen: made by the hundred per article, and a frozen __init__ costs 3-7 times as much
class PlaceScan:
    """Where in a text place names, references and zone suffixes may start (context-free, reusable)."""

    name_starts: tuple[int, ...]
    references: dict[int, re.Match[str]]
    zone_starts: frozenset[int]
    forms: dict[int, tuple[tuple[str, bool], ...]] = field(default_factory=dict)  # `_forms_at` of each start
    units: dict[int, re.Match[str]] = field(default_factory=dict)  # named zones and towns (`_units`)


def scan_places(text: str, gaz: Gazetteer) -> PlaceScan:
    """The context-free part of finding mentions; `find_region_mentions` resolves it for a context."""
    prefixes = gaz.by_prefix
    zone_starts: set[int] = set()
    for m in gaz.zone_pattern.finditer(text):
        zone_starts.add(m.start() - 1)  # 市开发区
        zone_starts.add(m.start())
    forms = {}
    for m in gaz.name_start_pattern.finditer(text):
        i = m.start()
        if text[i : i + 2] in prefixes:
            written = _forms_at(text, i, gaz)
            if written:  # a start where no form is written finds nothing
                forms[i] = written
    return PlaceScan(
        name_starts=tuple(forms),
        references={m.start(): m for m in _REFERENCE_RE.finditer(text)},
        zone_starts=frozenset(zone_starts),
        forms=forms,
        units=_units(text, gaz),
    )


def _units(text: str, gaz: Gazetteer) -> dict[int, re.Match[str]]:
    """Zones and towns named without a place at the head of a clause (分地区看,稀土高新区…; 下塘镇…)."""
    if not gaz.zone_suffixes:
        return {}
    found = {}
    for start in (0, *(m.end() for m in _CLAUSE_START_AFTER.finditer(text))):  # a match holds no clause mark
        m = gaz.unit_pattern.match(text, start)
        if m is not None and _is_unit_name(m.group("name")):
            found[start] = m
    return found


# What a named zone or town heads the clause after (tried only there, for speed).
_CLAUSE_START_AFTER = re.compile(r"[,、;:。!?\n“]")


def places_within(scan: PlaceScan, text: str, start: int, end: int, gaz: Gazetteer) -> PlaceScan:
    """`scan_places(text[start:end], gaz)`, reusing the forms of `scan` (of `text`): a form read far
    enough from the piece's end reads the same within the piece; those near it are read again."""
    piece = text[start:end]
    if not gaz.reach:  # a gazetteer not made by `build_gazetteer`: nothing known about how far names reach
        return scan_places(piece, gaz)
    starts = scan.name_starts
    forms: dict[int, tuple[tuple[str, bool], ...]] = {}
    near = end - gaz.reach
    for k in range(bisect_left(starts, start), bisect_left(starts, end - 1)):
        i = starts[k]
        written = scan.forms[i] if i < near else _forms_at(piece, i - start, gaz)
        if written:
            forms[i - start] = written
    zone_starts: set[int] = set()
    for m in gaz.zone_pattern.finditer(piece):
        zone_starts.add(m.start() - 1)
        zone_starts.add(m.start())
    return PlaceScan(
        name_starts=tuple(forms),
        references={m.start(): m for m in _REFERENCE_RE.finditer(piece)},
        zone_starts=frozenset(zone_starts),
        forms=forms,
        units=_units(piece, gaz),
    )


def find_region_mentions(
    text: str, gaz: Gazetteer, context: frozenset[str] = frozenset(), scan: PlaceScan | None = None
) -> list[RegionMention]:
    """Places and own-region references in `text`, left to right, longest match first.

    `context` holds keys of regions the article is about; weak forms (short county
    names) only count under them, and ambiguous names rank candidates by them. `scan`
    may pass `scan_places(text, gaz)` when the text is read for several contexts.
    """
    scan = scan or scan_places(text, gaz)
    mentions: list[RegionMention] = []
    forms = scan.forms
    references, zone_starts, units = scan.references, scan.zone_starts, scan.units
    cursor = 0
    known: dict[tuple[str, bool], tuple[Region, ...]] = {}
    for i in sorted({*forms, *references, *zone_starts, *units}):
        if i < cursor:
            continue
        written = forms.get(i)
        form, ranked = _match_at(text, i, gaz, context, known, written) if written else (None, ())
        if form is None:
            ref = references.get(i)
            if ref is not None:
                level = _reference_level(ref)
                mentions.append(RegionMention(ref.span(), ref.group(0), "reference", level=level))
                cursor = ref.end()
                continue
            zone_ref = _zone_reference(text, i, gaz) if i in zone_starts else None
            if zone_ref is not None:
                mentions.append(zone_ref)
                cursor = zone_ref.span[1]
                continue
            unit = units.get(i)
            if unit is not None:
                mentions.append(_unit_mention(unit, gaz))
                cursor = unit.end()
            continue
        end = i + len(form)
        zone = _zone_after(text, end, gaz)
        infix = ""
        if zone is None and ranked[0].level != "zone" and _infix_suffix_ahead(text, end):
            named = _ZONE_NAME_INFIX.match(text, end)  # 东莞松山湖高新区: a zone with a name of its own
            if named is not None:
                zone = _zone_after(text, named.end(), gaz)
                infix = named.group(0) if zone is not None else ""
        if zone is not None and ranked[0].level != "zone":
            suffix, standard, naming = zone
            base = ranked[0]
            base_form = (short_name(base.name) or base.name) if form == base.name else form
            name = zone_name(base, base_form + infix, standard, "short" if infix else naming)
            zone_keys = gaz.surfaces.get(form + infix + suffix) or gaz.by_full_name.get(name)
            if zone_keys:
                zone_region = gaz.regions[zone_keys[0]]
            else:
                zone_region = Region(f"zone:{name}", name, "zone", base.key)
            zone_end = end + len(infix) + len(suffix)
            mentions.append(RegionMention((i, zone_end), text[i:zone_end], "zone", (zone_region, *ranked)))
            cursor = zone_end
            continue
        mentions.append(RegionMention((i, end), form, "name", ranked))
        cursor = end
    return mentions


# A zone's own name between its place and its suffix (松山湖 in 东莞松山湖高新区): 2-3 characters, no
# function words (南京市各开发区, 全市的开发区 are not zones).
def _infix_suffix_ahead(text: str, end: int) -> bool:
    """Whether a zone suffix that `_ZONE_NAME_INFIX` looks for starts 2 or 3 characters after `end`
    (a cheap look before that pattern, for speed)."""
    return text.startswith(_ZONE_INFIX_SUFFIXES, end + 2) or text.startswith(_ZONE_INFIX_SUFFIXES, end + 3)


_ZONE_INFIX_SUFFIXES = ("经济技术开发区", "经开区", "高新区", "高新技术产业开发区", "经济开发区", "工业园区")
_ZONE_NAME_INFIX = re.compile(r"(?![^,;。]{0,3}[各的和及与等全在了是为对])[\u4e00-\u9fff]{2,3}(?="
                              + "|".join(_ZONE_INFIX_SUFFIXES) + ")")


# Words whose last character is a level word but that are not a reference to one (城市 + 开发区).
_WORDS_ENDING_IN_LEVEL = frozenset({"城市", "都市", "超市", "上市", "股市", "楼市", "车市", "门市", "集市", "夜市", "街区",
                                    "社区", "园区", "景区", "城区", "片区", "辖区", "地区", "小区", "郊区", "市区", "郡县"})


def _unit_mention(unit: re.Match[str], gaz: Gazetteer) -> RegionMention:
    """A zone or town named without a place; its parent is unknown here (the article's home, where
    it has one, see `tasks.extract`)."""
    suffix = unit.group("suffix")
    standard = next((z[1] for z in gaz.zone_suffixes if z[0] == suffix), suffix)
    name = unit.group("name") + standard
    level = "town" if suffix in _TOWN_SUFFIXES else "zone"
    known = gaz.by_full_name.get(name)
    region = gaz.regions[known[0]] if known else Region(f"{level}:{name}", name, level, None)
    return RegionMention(unit.span(), unit.group(0), "zone", (region,))


def _is_unit_name(name: str) -> bool:
    """A zone's or town's own name, not function words or a verb before a suffix (省级开发区, 创下开发区)."""
    return not _NOT_A_UNIT_NAME.search(name) and name[-1] not in _VERB_ENDINGS


_TOWN_SUFFIXES = ("镇", "街道")
_VERB_ENDINGS = "上下到出进入成为了着过"  # 创下开发区…, 进入开发区…: a verb before a bare suffix, not a name
# Characters that a zone's or town's own name does not hold (省级开发区, 重点镇, 各乡镇, 全市的开发区).
_NOT_A_UNIT_NAME = re.compile(r"[的在和与及是为了等各全该本我市县区省级国重点特色中心其他这所有新老原年月日季度乡]")


def _zone_reference(text: str, i: int, gaz: Gazetteer) -> RegionMention | None:
    """市开发区, 区经开区 or a bare 经开区/高新区 at the start of a clause: a zone of the region in context."""
    start = i
    owner_level = None
    if text[i] in "市县区" and (i == 0 or text[i - 1 : i + 1] not in _WORDS_ENDING_IN_LEVEL):
        owner_level = REFERENCE_LEVELS[text[i]]
        i += 1
    elif i > 0 and _is_name_char(text[i - 1]) and text[i - 1] not in "全该本我在和与及、":
        return None
    zone = _zone_after(text, i, gaz)
    if zone is None or zone[0] in ("工业园区",):
        return None
    suffix, standard, _ = zone
    return RegionMention((start, i + len(suffix)), text[start : i + len(suffix)], "zone_reference",
                         level=owner_level, zone_suffix=standard)


def _is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def resolve_name(name: str, gaz: Gazetteer, context: frozenset[str] = frozenset()) -> Region | None:
    """One written place name (镇江, 鼓楼区, 镇江经开区) to its best region, or None."""
    mentions = [m for m in find_region_mentions(name, gaz, context) if m.kind in ("name", "zone")]
    if len(mentions) == 1 and mentions[0].span == (0, len(name)):
        return mentions[0].region
    return None


def reference_fits(region: Region, level: str) -> bool:
    """Whether 我市/全区/该县/全省 (`level`) can mean `region`."""
    if level == "province":
        return region.level == "province"
    if level == "city":
        return region.level == "city" or region.name.endswith("市")
    if level == "prefecture":  # 全州: an autonomous prefecture (恩施州)
        return region.level == "city" and region.name.endswith("州")
    if level == "park":  # 园区, 新区: a zone (苏州工业园区 and 两江新区 have a county's code, 雄安新区 a city's)
        return region.level == "zone" or region.name.endswith(("园区", "新区"))
    if level == "league":  # 全盟: 阿拉善盟
        return region.level == "city" and region.name.endswith("盟")
    if level == "banner":  # 全旗: 阿拉善左旗, 鄂温克族自治旗
        return region.level == "county" and region.name.endswith("旗")
    if level == "county":
        return region.level == "county" and not region.name.endswith(("区", "市"))
    # 全区: a zone, a district, or a new area with a city's rank (雄安新区)
    return region.level == "zone" or (region.level == "county" and region.name.endswith("区")) \
        or region.name.endswith("新区")


_MASTHEAD_RE = re.compile(r"(?:日报|晚报|发布|新闻|网|电视台|融媒|广播|商务|招商网|在线|之窗|手机报)")  # match(text, pos)
_MASTHEAD_NAME_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:日报|晚报|新闻网|网讯|融媒|发布)")
# Words before a place that make it a destination, venue or counterpart rather than an actor.
_DESTINATION_BEFORE = re.compile(
    "(?:赴|到|去|在|来自|来自于|来源于|源自|前往|飞赴|远赴|奔赴|飞抵|抵达|与|对接|走进|至|落户|访问|出访|从|向|邀请|来)$")


_MASTHEAD_SUFFIX_AT = re.compile(r"(?=[日晚新网融发])(?=日报|晚报|新闻网|网讯|融媒|发布)")


def _masthead_names(text: str) -> list[re.Match[str]]:
    """The matches of `_MASTHEAD_NAME_RE` in `text`, searched only near its masthead words: a match
    ends with one of them and starts at most four characters before it."""
    windows: list[list[int]] = []
    for m in _MASTHEAD_SUFFIX_AT.finditer(text):
        start, end = max(0, m.start() - 4), m.start() + 3
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [m for start, end in windows for m in _MASTHEAD_NAME_RE.finditer(text, start, min(end, len(text)))]


def is_destination(text: str, start: int) -> bool:
    """Whether the place named at `start` is where someone goes or comes from (赴深圳, 在苏州, 来自上海,
    赴中国香港)."""
    if text.startswith("中国", start - 2):
        start -= 2
    return bool(_DESTINATION_BEFORE.search(text, max(0, start - 3), start))


def detect_home_region(
    text: str, title: str | None, gaz: Gazetteer, context: frozenset[str] = frozenset(), source_lines: str = "",
    mentions: list[RegionMention] | None = None,
) -> Region | None:
    """The region that 我市/全市/本市 (or 全县, 全区, 全省) mean in an article, else None.

    Regions named in the title, the masthead or source line (镇江日报, 天门网讯; `source_lines`
    holds source lines that normalization dropped as page furniture), and as the subject of
    sentences score highest; destinations (赴深圳) score low. The winner must
    fit the article's most used reference word (市, 县, 区 or 省). `mentions` may pass the
    text's mentions when the caller already found them with the same context.
    """
    references: dict[str, int] = defaultdict(int)
    for ref in _REFERENCE_RE.finditer(text):
        if not COMPARED_WITH.search(text, max(0, ref.start() - 3), ref.start()):
            references[_reference_level(ref)] += 1
    title_mentions = find_region_mentions(title or "", gaz, context)
    titled = [m.region for m in title_mentions if m.region is not None and m.kind in ("name", "zone")]
    if any(reference_fits(r, "park") for r in titled):  # 1—10月,新区新签约…: a zone's report of itself
        references["park"] += len(_ZONE_SELF.findall(text))
    if not references:
        return None
    scores: dict[str, float] = defaultdict(float)
    regions: dict[str, Region] = {}
    named_as_actor: set[str] = set()  # regions named other than as a destination (or under one that is)
    for masthead in _masthead_names(text + "\n" + source_lines):  # 天门网讯, 来源:江华新闻网
        for key in gaz.surfaces.get(masthead.group(1), ()):
            # A city's paper reporting on one of its counties (曲靖日报: 宣威市一季度…): the county's.
            below = [r for r in titled if key in gaz.ancestor_keys(r)]
            if titled and not below and not any(r.key == key or r.key in gaz.ancestor_keys(gaz.regions[key])
                                                for r in titled):
                continue  # 三峡日报 over a title about 宜昌: the paper's name is no place of the story
            region = below[0] if below else gaz.regions[key]
            scores[region.key] += 5
            regions[region.key] = region
            named_as_actor.add(region.key)
    for source, weight in ((title or "", 3.0), (text, 1.0)):
        if source is text:
            found = mentions if mentions is not None else find_region_mentions(source, gaz, context)
        else:
            found = title_mentions
        for m in found:
            if m.kind not in ("name", "zone") or m.region is None:
                continue
            region = m.region
            w = weight
            start, end = m.span
            if _MASTHEAD_RE.match(source, end):
                w += 4
            if start < 120 and source is text:
                w += 1
            if is_destination(source, start):
                w *= 0.3
            else:
                named_as_actor.add(region.key)
            scores[region.key] += w
            regions[region.key] = region
            parent = gaz.parent(region)
            if parent is not None and region.level != "zone":
                scores[parent.key] += 0.3 * w
                regions[parent.key] = parent
    for level, _count in sorted(references.items(), key=lambda kv: -kv[1]):
        fitting = [k for k in scores if reference_fits(regions[k], level)]
        if not fitting:
            continue
        best = max(fitting, key=lambda k: (scores[k], -_LEVEL_RANK[regions[k].level]))
        if best not in named_as_actor and not any(best in gaz.ancestor_keys(regions[k]) for k in named_as_actor):
            return None  # 我市在深圳举办推介会: a place only travelled to is not home
        lineage = {best, *(a.key for a in gaz.ancestors(regions[best]))}
        rivals = [k for k in fitting if k != best and scores[k] >= 0.5 * scores[best]
                  and regions[k].level == regions[best].level and k not in lineage
                  and best not in {a.key for a in gaz.ancestors(regions[k])}]
        if len(rivals) >= 2:  # a round-up of several cities: 全市 means a different one in each paragraph
            return None
        return regions[best]
    return None
