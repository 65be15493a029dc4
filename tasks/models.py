"""Records passed between stages.

RawArticle -> NormalizedArticle -> ArticleResult (facts + events) -> load.

`Fact`, `Event` and `ArticleResult` mirror ../shared/contract/EXTRACT.md field for
field; `to_dict()` gives exactly the contract's JSON shape. Provenance that the
contract does not print (character spans) rides along in fields that
`to_dict()` leaves out and the load stage stores.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Metric = Literal[
    "negotiated_projects",  # 洽谈/对接/在谈 项目
    "negotiated_investment",
    "signed_projects",  # 签约项目
    "signed_investment",  # 签约总投资/协议投资
    "landed_projects",  # 落地/落户/注册
    "landed_investment",
    "started_projects",  # 开工
    "started_investment",
    "ongoing_projects",  # 在建
    "ongoing_investment",
    "completed_projects",  # 竣工/投产
    "completed_investment",
    "actual_investment",  # 实际到位资金
    "foreign_investment_contracted",  # 合同外资
    "foreign_investment_utilized",  # 实际使用外资
    "companies_visited",  # 拜访企业
    "promotion_trips",  # 外出招商
    "inbound_visits",  # 客商来访
    "promotion_events",  # 推介会/经贸活动
    "promotion_teams",  # 招商队伍/小分队/招商局
]
METRICS: tuple[str, ...] = Metric.__args__  # type: ignore[attr-defined]

Kind = Literal["actual", "target"]
Approx = Literal["exact", "over", "about"]
EventType = Literal["outbound_visit", "signing", "promotion_conference"]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

# Order of the columns of every facts frame (GX suites, reconcile, load).
FACT_COLUMNS: tuple[str, ...] = (
    "region",
    "parent_region",
    "metric",
    "scope",
    "period",
    "kind",
    "value",
    "unit",
    "currency",
    "approx",
    "yoy_pct",
    "share_pct",
    "evidence",
)


@dataclass(frozen=True)
class QualityFlags:
    """What normalize found and changed in one article (grain: one article)."""

    mojibake_chars: int = 0
    mojibake_share: float = 0.0
    glosses_removed: int = 0
    substitutions_applied: int = 0
    furniture_removed: int = 0
    converted_from: str = ""  # OpenCC config applied, "" when the text was already simplified
    encoding: str = "utf-8"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RawArticle:
    """One fetched document, bytes as received (grain: one source document)."""

    source_name: str  # the configured source (or "seeds", "cli")
    uri: str  # file path or URL
    raw: bytes
    fetched_at: str  # ISO timestamp, UTC
    home_region: str | None = None  # from the source's config, if it sets one
    encoding_hint: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


@dataclass(frozen=True)
class RawRef:
    """A fetched document whose bytes wait in a file (grain: one source document).

    What a run holds per article between fetch and normalize, so that it never holds the corpus:
    a local source's own file, or an HTTP body spooled to the data folder. `fetch.read_raw` turns
    it into the RawArticle, batch by batch.
    """

    source_name: str
    uri: str
    path: str  # where the bytes are
    sha256: str  # of the bytes when fetched
    fetched_at: str
    home_region: str | None = None
    encoding_hint: str | None = None


@dataclass(frozen=True)
class NormalizedArticle:
    """Clean simplified text of one article, traceable to the raw text.

    `offsets[i]` is the index in `raw_text` of normalized character `i`;
    `offsets[len(text)]` is `len(raw_text)`, so spans map with `raw_span`.
    """

    raw: RawArticle
    raw_text: str  # decoded, before any cleaning
    text: str
    offsets: tuple[int, ...]
    title: str | None
    published: str | None
    flags: QualityFlags
    error: str | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of `text` back to `raw_text`."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Fact:
    """One number an article states about one region's investment promotion.

    Grain: article x region x metric x scope x period x kind.
    """

    region: str
    parent_region: str | None
    metric: str
    scope: str
    period: str
    kind: str
    value: float
    unit: str
    currency: str | None
    approx: str
    yoy_pct: float | None
    share_pct: float | None
    evidence: str
    # Provenance beyond the contract: span of the number in the normalized text.
    span: tuple[int, int] = (0, 0)
    # Index (in the article's fact list) of the whole this fact is a 其中-part of.
    part_of: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FACT_COLUMNS}


@dataclass(frozen=True)
class Event:
    """A delegation visit, signing ceremony or promotion conference (grain: one event mention)."""

    type: str
    region: str | None
    leader: str | None
    leader_title: str | None
    start: str | None
    end: str | None
    destinations: tuple[str, ...]
    counterparties: tuple[str, ...]
    amount: float | None
    currency: str | None
    evidence: str
    span: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "region": self.region,
            "leader": self.leader,
            "leader_title": self.leader_title,
            "start": self.start,
            "end": self.end,
            "destinations": list(self.destinations),
            "counterparties": list(self.counterparties),
            "amount": self.amount,
            "currency": self.currency,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class ArticleResult:
    """What extraction yields for one article (grain: one input document)."""

    source: str
    title: str | None
    published: str | None
    home_region: str | None
    error: str | None
    facts: tuple[Fact, ...] = field(default_factory=tuple)
    events: tuple[Event, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "home_region": self.home_region,
            "error": self.error,
            "facts": [f.to_dict() for f in self.facts],
            "events": [e.to_dict() for e in self.events],
        }


CheckStatus = Literal["pass", "warn", "fail"]


@dataclass(frozen=True)
class FactRef:
    """Points at one fact: the article (by raw-bytes hash) and the fact's index in that article's list.

    `label`, `evidence` and `surface` copy what a reviewer needs to see (the fact in brief, its
    sentence, the number as written), so a check can be shown even when its batch is quarantined
    and the facts themselves were never loaded.
    """

    article_sha256: str
    fact_index: int
    label: str = ""
    evidence: str = ""
    surface: str = ""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one reconcile rule or expectation (grain: one check x the facts it compared).

    `observed` and `expected` are the numbers compared (e.g. a district's sum and the city total,
    a stated share and the computed one); `tolerance` is what the rule allowed.
    """

    check: str  # rule name, e.g. "part_le_whole", "share_matches", "magnitude"
    status: str  # CheckStatus
    message: str
    observed: float | None = None
    expected: float | None = None
    tolerance: float | None = None
    facts: tuple[FactRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "message": self.message,
            "observed": self.observed,
            "expected": self.expected,
            "tolerance": self.tolerance,
            "facts": [asdict(f) for f in self.facts],
        }


@dataclass(frozen=True)
class Batch:
    """The articles of one source in one run, capped in size (grain: one batch).

    `key` is deterministic in the content (source name + sorted raw hashes), so the same
    input makes the same batch and a rerun can see it was already loaded.
    """

    key: str
    source_name: str
    articles: tuple[NormalizedArticle, ...]
    results: tuple[ArticleResult, ...]  # parallel to `articles`
    checks: tuple[CheckResult, ...] = ()

    @staticmethod
    def key_for(source_name: str, raw_hashes: "list[str] | tuple[str, ...]") -> str:
        digest = hashlib.sha256("\n".join([source_name, *sorted(raw_hashes)]).encode()).hexdigest()
        return digest[:20]
