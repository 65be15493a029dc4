"""Reconcile: the facts of a batch (and those already loaded) -> CheckResult records.

Checks numbers against each other: parts against wholes, listed parts and districts
summed against their total, stated shares against computed ones, values against the
plausible range of their metric, and the same fact reported with different values
by two articles. Each rule grades the size of the gap into pass / warn / fail with
tolerances from expectations/reconcile_v1.json. Pure: no I/O.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tasks.errors import ConfigError
from tasks.models import ArticleResult, CheckResult, Fact, FactRef

RULES = ("part_le_whole", "parts_sum_le_whole", "share_matches", "magnitude", "conflict")


@dataclass(frozen=True)
class ReconcileConfig:
    """Tolerances per rule, as reviewed in expectations/reconcile_v1.json."""

    rules: dict[str, dict[str, Any]]


def load_reconcile_config(path: Path) -> ReconcileConfig:
    """Read and validate the reconcile tolerances; ConfigError names what is missing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read reconcile config: {exc}") from exc
    rules = data.get("rules", {})
    missing = [r for r in RULES if r not in rules]
    if missing:
        raise ConfigError(f"{path}: rules missing: {', '.join(missing)}")
    return ReconcileConfig(rules=rules)


@dataclass(frozen=True)
class PlacedFact:
    """A fact with the article it came from (grain: one fact)."""

    article_sha256: str
    source_name: str
    index: int
    fact: Fact
    surface: str = ""  # the number as written in the article

    @property
    def ref(self) -> FactRef:
        f = self.fact
        label = f"{f.region} {f.metric} {f.period}{' ' + f.scope if f.scope else ''}: {f.value:g} {f.unit} ({self.source_name})"
        return FactRef(self.article_sha256, self.index, label, f.evidence, self.surface)

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        f = self.fact
        return (f.region, f.metric, f.scope, f.period, f.kind)


def place_facts(
    results: Sequence[ArticleResult], article_hashes: Sequence[str], source_names: Sequence[str],
    texts: Sequence[str] | None = None,
) -> list[PlacedFact]:
    """Flatten a batch's facts, each with its article hash and index (and, given the normalized
    texts, the number as written)."""
    texts = texts if texts is not None else [""] * len(results)
    return [
        PlacedFact(sha, src, i, fact, text[fact.span[0]:fact.span[1]])
        for result, sha, src, text in zip(results, article_hashes, source_names, texts, strict=True)
        for i, fact in enumerate(result.facts)
    ]


def _grade(gap: float, pass_limit: float, warn_limit: float) -> str:
    if gap <= pass_limit:
        return "pass"
    return "warn" if gap <= warn_limit else "fail"


def _fmt(v: float) -> str:
    return f"{v:g}"


def _linked_whole(part: PlacedFact, by_ref: dict[tuple[str, int], PlacedFact]) -> PlacedFact | None:
    """The whole a 其中-part is linked to, if the link states a part of the same thing: same metric,
    period and kind, and the same region or the region it belongs to."""
    if part.fact.part_of is None:
        return None
    whole = by_ref.get((part.article_sha256, part.fact.part_of))
    if whole is None or whole.fact.value <= 0:
        return None
    p, w = part.fact, whole.fact
    same_region = p.region == w.region or p.parent_region == w.region
    return whole if same_region and (p.metric, p.period, p.kind) == (w.metric, w.period, w.kind) else None


def _link_doubt(part: PlacedFact, whole: PlacedFact, facts: Sequence[PlacedFact]) -> str:
    """Why a part above its linked whole may be a misread link rather than inconsistent numbers:
    the part names no narrower scope than its whole, or the same sentence holds a larger figure
    of the same kind that could be the whole. "" when there is no doubt."""
    p = part.fact
    if not p.scope and whole.fact.scope:
        return "the part names no narrower scope than its whole"
    for other in facts:
        o = other.fact
        if (other.article_sha256 == part.article_sha256 and other.index not in (part.index, whole.index)
                and o.evidence == p.evidence and (o.region, o.metric, o.period, o.kind) == (p.region, p.metric, p.period, p.kind)
                and o.value >= p.value):
            return f"the same sentence has {_fmt(o.value)}, which may be the whole"
    return ""


def _capped(status: str, doubt: str) -> str:
    return "warn" if doubt and status == "fail" else status


def check_part_le_whole(facts: Sequence[PlacedFact], rule: dict[str, Any]) -> list[CheckResult]:
    """Each 其中-part (Fact.part_of) is at most its whole."""
    by_ref = {(p.article_sha256, p.index): p for p in facts}
    checks = []
    for part in facts:
        whole = _linked_whole(part, by_ref)
        if whole is None:
            continue
        ratio = part.fact.value / whole.fact.value
        doubt = _link_doubt(part, whole, facts) if ratio > rule["pass_ratio"] else ""
        status = _capped(_grade(ratio, rule["pass_ratio"], rule["warn_ratio"]), doubt)
        checks.append(CheckResult(
            check="part_le_whole", status=status,
            message=(f"{part.fact.region} {part.fact.metric} part '{part.fact.scope}' {_fmt(part.fact.value)} "
                     f"vs whole '{whole.fact.scope}' {_fmt(whole.fact.value)} ({part.fact.period})"
                     + (f"; warn only: {doubt}" if doubt else "")),
            observed=part.fact.value, expected=whole.fact.value, tolerance=rule["pass_ratio"],
            facts=(part.ref, whole.ref),
        ))
    return checks


def _children_by_parent(facts: Sequence[PlacedFact]) -> dict[tuple[str, ...], list[PlacedFact]]:
    """Facts of sub-regions keyed by (parent region, metric, scope, period, kind)."""
    groups: dict[tuple[str, ...], list[PlacedFact]] = defaultdict(list)
    for p in facts:
        f = p.fact
        if f.parent_region:
            groups[(f.parent_region, f.metric, f.scope, f.period, f.kind)].append(p)
    return groups


def check_regions_within_parent(facts: Sequence[PlacedFact], part_rule: dict[str, Any],
                                sum_rule: dict[str, Any]) -> list[CheckResult]:
    """A district's figure is at most its city's, and the districts sum to at most the city total."""
    wholes = {p.key: p for p in facts if p.fact.approx != "over"}
    checks = []
    for (parent, metric, scope, period, kind), children in _children_by_parent(facts).items():
        whole = wholes.get((parent, metric, scope, period, kind))
        if whole is None or whole.fact.value <= 0:
            continue
        by_region: dict[str, PlacedFact] = {}
        for child in children:  # one figure per district; the largest if restated
            if child.fact.region not in by_region or child.fact.value > by_region[child.fact.region].fact.value:
                by_region[child.fact.region] = child
        for child in by_region.values():
            ratio = child.fact.value / whole.fact.value
            checks.append(CheckResult(
                check="part_le_whole", status=_grade(ratio, part_rule["pass_ratio"], part_rule["warn_ratio"]),
                message=(f"{child.fact.region} {metric} {_fmt(child.fact.value)} vs {parent} "
                         f"{_fmt(whole.fact.value)} ({period}{', ' + scope if scope else ''})"),
                observed=child.fact.value, expected=whole.fact.value, tolerance=part_rule["pass_ratio"],
                facts=(child.ref, whole.ref),
            ))
        if len(by_region) >= 2:
            total = sum(c.fact.value for c in by_region.values())
            checks.append(CheckResult(
                check="parts_sum_le_whole",
                status=_grade(total / whole.fact.value, sum_rule["pass_ratio"], sum_rule["warn_ratio"]),
                message=(f"{len(by_region)} districts of {parent} sum to {_fmt(total)} {metric} vs "
                         f"{_fmt(whole.fact.value)} ({period})"),
                observed=total, expected=whole.fact.value, tolerance=sum_rule["pass_ratio"],
                facts=tuple(c.ref for c in by_region.values()) + (whole.ref,),
            ))
    return checks


def check_parts_sum(facts: Sequence[PlacedFact], rule: dict[str, Any]) -> list[CheckResult]:
    """The listed 其中-parts of one whole sum to at most the whole."""
    by_ref = {(p.article_sha256, p.index): p for p in facts}
    parts: dict[tuple[str, int], list[PlacedFact]] = defaultdict(list)
    for p in facts:
        whole = _linked_whole(p, by_ref)
        if whole is not None:
            parts[(whole.article_sha256, whole.index)].append(p)
    checks = []
    for whole_ref, same in parts.items():
        whole = by_ref[whole_ref]
        if len(same) < 2:
            continue
        total = sum(m.fact.value for m in same)
        checks.append(CheckResult(
            check="parts_sum_le_whole",
            status=_grade(total / whole.fact.value, rule["pass_ratio"], rule["warn_ratio"]),
            message=f"{len(same)} parts of {whole.fact.region} {whole.fact.metric} sum to {_fmt(total)} vs {_fmt(whole.fact.value)}",
            observed=total, expected=whole.fact.value, tolerance=rule["pass_ratio"],
            facts=tuple(m.ref for m in same) + (whole.ref,),
        ))
    return checks


def _share_base(part: PlacedFact, facts: Sequence[PlacedFact]) -> tuple[PlacedFact | None, bool]:
    """The whole a stated share refers to, and whether the text links it (a 其中-whole) rather than
    it being inferred (the largest figure of the same article, region, metric, period and kind
    under another scope: the share may be of another measure, 占全市合同外资近七成)."""
    by_ref = {(p.article_sha256, p.index): p for p in facts}
    linked = _linked_whole(part, by_ref)
    if linked is not None:
        return linked, True
    candidates = [
        p for p in facts
        if p.article_sha256 == part.article_sha256 and p.index != part.index
        and p.fact.region == part.fact.region and p.fact.metric == part.fact.metric
        and p.fact.period == part.fact.period and p.fact.kind == part.fact.kind
        and p.fact.scope != part.fact.scope and p.fact.share_pct is None and p.fact.value > part.fact.value
    ]
    return (max(candidates, key=lambda p: p.fact.value) if candidates else None), False


def check_shares(facts: Sequence[PlacedFact], rule: dict[str, Any]) -> list[CheckResult]:
    """A stated share against part / whole, in percentage points."""
    checks = []
    for part in facts:
        stated = part.fact.share_pct
        if stated is None:
            continue
        whole, linked = _share_base(part, facts)
        if whole is None or whole.fact.value <= 0:
            continue
        computed = 100.0 * part.fact.value / whole.fact.value
        gap = abs(stated - computed)
        if not linked:
            doubt = "the base is inferred, not linked by the text"
        else:
            doubt = _link_doubt(part, whole, facts) if part.fact.value > whole.fact.value else ""
        status = _capped(_grade(gap, rule["pass_points"], rule["warn_points"]), doubt)
        checks.append(CheckResult(
            check="share_matches", status=status,
            message=(f"{part.fact.region} {part.fact.metric} '{part.fact.scope}': {_fmt(part.fact.value)} of "
                     f"{_fmt(whole.fact.value)} is {computed:.2f}%, stated {_fmt(stated)}%"
                     + (f"; warn only: {doubt}" if doubt and status == "warn" and gap > rule["warn_points"] else "")),
            observed=stated, expected=round(computed, 4), tolerance=rule["pass_points"],
            facts=(part.ref, whole.ref),
        ))
    return checks


def check_magnitude(facts: Sequence[PlacedFact], rule: dict[str, Any],
                    level_of: Callable[[str], str | None]) -> list[CheckResult]:
    """Values outside the plausible range of their metric and region level."""
    checks = []
    factor = float(rule["warn_factor"])
    for p in facts:
        bounds = rule["bounds"].get(p.fact.metric)
        if not bounds:
            continue
        level = level_of(p.fact.region) or "default"
        low, high = bounds.get(level, bounds["default"])
        v = p.fact.value
        if low <= v <= high:
            continue
        status = "warn" if low / factor <= v <= high * factor else "fail"
        checks.append(CheckResult(
            check="magnitude", status=status,
            message=f"{p.fact.region} ({level}) {p.fact.metric} {_fmt(v)} {p.fact.unit} outside [{_fmt(low)}, {_fmt(high)}]",
            observed=v, expected=low if v < low else high, tolerance=factor, facts=(p.ref,),
        ))
    return checks


def check_conflicts(facts: Sequence[PlacedFact], loaded: Sequence[PlacedFact], rule: dict[str, Any]) -> list[CheckResult]:
    """The same fact with different values in two articles (this batch or already loaded)."""
    groups: dict[tuple[str, ...], list[PlacedFact]] = defaultdict(list)
    for p in [*facts, *loaded]:
        groups[p.key].append(p)
    checks = []
    batch_refs = {(p.article_sha256, p.index) for p in facts}
    seen_pairs: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    for members in groups.values():
        if len({m.article_sha256 for m in members}) < 2:
            continue
        for a in members:
            if (a.article_sha256, a.index) not in batch_refs:
                continue
            for b in members:
                if b.article_sha256 == a.article_sha256:
                    continue
                pair = tuple(sorted([(a.article_sha256, a.index), (b.article_sha256, b.index)]))
                if pair in seen_pairs:
                    continue
                seen_pairs.add(pair)  # type: ignore[arg-type]
                va, vb = a.fact.value, b.fact.value
                gap_pct = 100.0 * abs(va - vb) / max(abs(va), abs(vb), 1e-9)
                approx = "exact" not in (a.fact.approx, b.fact.approx)
                limit = rule["approx_pass_pct"] if approx or a.fact.approx != b.fact.approx else rule["pass_pct"]
                status = "pass" if gap_pct <= limit else rule["severity"]
                f = a.fact
                checks.append(CheckResult(
                    check="conflict", status=status,
                    message=(f"{f.region} {f.metric} {f.period}{' ' + f.scope if f.scope else ''}: "
                             f"{_fmt(va)} ({a.source_name}) vs {_fmt(vb)} ({b.source_name})"),
                    observed=va, expected=vb, tolerance=limit, facts=(a.ref, b.ref),
                ))
    return checks


def reconcile_facts(
    facts: Sequence[PlacedFact],
    config: ReconcileConfig,
    level_of: Callable[[str], str | None],
    loaded: Sequence[PlacedFact] = (),
) -> list[CheckResult]:
    """Run every rule on a batch's facts; `loaded` are facts already in the database."""
    r = config.rules
    return [
        *check_part_le_whole(facts, r["part_le_whole"]),
        *check_parts_sum(facts, r["parts_sum_le_whole"]),
        *check_regions_within_parent(facts, r["part_le_whole"], r["parts_sum_le_whole"]),
        *check_shares(facts, r["share_matches"]),
        *check_magnitude(facts, r["magnitude"], level_of),
        *check_conflicts(facts, loaded, r["conflict"]),
    ]
