"""Quality gates: a batch's frames -> a GateReport from the Great Expectations suites in expectations/.

Suites are reviewed JSON files named `<table>_v<N>.<severity>.json`; a failed
expectation of a `critical` suite blocks the batch, one of a `warning` suite is
recorded. Frame builders are pure; `validate_frames` imports Great Expectations
lazily (it takes seconds) and runs with an ephemeral context.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tasks.errors import ConfigError
from tasks.numbers import MONEY_UNIT_NAMES
from tasks.models import FACT_COLUMNS, ArticleResult, CheckResult, NormalizedArticle

SEVERITIES = ("critical", "warning")
MONEY_UNITS: tuple[str, ...] = tuple(MONEY_UNIT_NAMES.values())

# Columns the fact suite sees: the contract's fields, then what the gate computes.
FACT_FRAME_COLUMNS: tuple[str, ...] = (
    *FACT_COLUMNS, "article_sha256", "evidence_in_text", "region_known", "currency_consistent",
)
ARTICLE_FRAME_COLUMNS: tuple[str, ...] = (
    "article_sha256", "uri", "error", "text_chars", "mojibake_share", "fact_count",
)
CHECK_FRAME_COLUMNS: tuple[str, ...] = ("check", "status", "message")


def articles_frame(articles: Sequence[NormalizedArticle], results: Sequence[ArticleResult]) -> pd.DataFrame:
    """One row per distinct raw document of the batch, where it first appears: the same bytes
    under two names (two empty files, a page saved twice) are one article, as load stores them."""
    rows: dict[str, dict[str, Any]] = {}
    for a, r in zip(articles, results, strict=True):
        rows.setdefault(a.raw.sha256, {
            "article_sha256": a.raw.sha256,
            "uri": a.raw.uri,
            "error": a.error,
            "text_chars": len(a.text),
            "mojibake_share": a.flags.mojibake_share,
            "fact_count": len(r.facts),
        })
    return pd.DataFrame(list(rows.values()), columns=list(ARTICLE_FRAME_COLUMNS))


def facts_frame(
    articles: Sequence[NormalizedArticle],
    results: Sequence[ArticleResult],
    region_known: Callable[[str, str | None], bool],
) -> pd.DataFrame:
    """One row per fact of the batch: article x region x metric x scope x period x kind."""
    rows = []
    for article, result in zip(articles, results, strict=True):
        for fact in result.facts:
            row = fact.to_dict()
            row["article_sha256"] = article.raw.sha256
            row["evidence_in_text"] = bool(fact.evidence) and fact.evidence in article.text
            row["region_known"] = region_known(fact.region, fact.parent_region)
            row["currency_consistent"] = (fact.currency is None) == (fact.unit not in MONEY_UNITS)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(FACT_FRAME_COLUMNS))
    return frame.astype({"value": "float64", "yoy_pct": "float64", "share_pct": "float64"})


def checks_frame(checks: Sequence[CheckResult]) -> pd.DataFrame:
    """One row per reconcile result of the batch."""
    return pd.DataFrame([{c: getattr(ch, c) for c in CHECK_FRAME_COLUMNS} for ch in checks],
                        columns=list(CHECK_FRAME_COLUMNS))


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result on one batch (grain: suite x expectation)."""

    suite: str
    severity: str
    name: str  # e.g. "facts_v1.critical: expect_column_values_to_be_in_set(metric)"
    notes: str
    success: bool
    unexpected_count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class GateReport:
    """All expectation outcomes for one batch."""

    outcomes: tuple[ExpectationOutcome, ...]

    @property
    def blocking(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "critical"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == "warning"]

    @property
    def passed(self) -> bool:
        return not self.blocking


def load_suites(suites_dir: Path) -> dict[str, dict[str, Any]]:
    """Read every `<table>_v<N>.<severity>.json` suite; ConfigError for a malformed one."""
    suites = {}
    for path in sorted(suites_dir.glob("*_v*.*.json")):
        name = path.name.removesuffix(".json")
        if name.rsplit(".", 1)[-1] not in SEVERITIES:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}: not valid JSON: {exc}") from exc
        if data.get("name") != name or not isinstance(data.get("expectations"), list):
            raise ConfigError(f"{path}: a suite needs \"name\": \"{name}\" and a list of \"expectations\"")
        suites[name] = data
    if not suites:
        raise ConfigError(f"no expectation suites in {suites_dir}")
    return suites


def _expectation_name(suite: str, config: Any) -> str:
    kwargs = config.kwargs
    target = kwargs.get("column") or ",".join(kwargs.get("column_list") or []) or ""
    condition = kwargs.get("row_condition")
    if isinstance(condition, dict):
        condition = condition.get("pass_through_filter", condition)
    where = f" where {condition}" if condition else ""
    return f"{suite}: {config.type}({target}){where}"


def validate_frames(
    frames: dict[str, pd.DataFrame], suites: dict[str, dict[str, Any]], docs_dir: Path | None = None,
    batch_key: str = "batch",
) -> GateReport:
    """Validate each table's frame against its suites (table = the suite name before `_v`).

    With `docs_dir`, Great Expectations also writes its Data Docs for these validations there.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.core.expectation_suite import ExpectationSuite

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}  # type: ignore[assignment]
    if docs_dir is not None:
        context.add_data_docs_site(site_name="zhaoshang", site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
    datasource = context.data_sources.add_pandas("zhaoshang")
    validations = []  # (definition, the frame it validates)
    for suite_name, data in suites.items():
        table = suite_name.split("_v", 1)[0]
        if table not in frames:
            continue
        suite = context.suites.add(ExpectationSuite(**{k: data[k] for k in ("name", "expectations", "meta") if k in data}))
        definition = datasource.add_dataframe_asset(f"{suite_name}@{batch_key}").add_batch_definition_whole_dataframe(
            "batch")
        validations.append((context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{suite_name}@{batch_key}", data=definition, suite=suite)), frames[table]))
    outcomes = []
    for validation, frame in validations:
        suite_name, severity = validation.suite.name, validation.suite.name.rsplit(".", 1)[-1]
        result = validation.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
        for res in result.results:
            details = res.result or {}
            outcomes.append(ExpectationOutcome(
                suite=suite_name,
                severity=severity,
                name=_expectation_name(suite_name, res.expectation_config),
                notes=str((res.expectation_config.meta or {}).get("notes", "")),
                success=bool(res.success),
                unexpected_count=int(details.get("unexpected_count") or 0),
                examples=tuple(str(v) for v in (details.get("partial_unexpected_list") or [])[:5]),
            ))
    if docs_dir is not None:
        # Once per batch, from the stored results of every suite (a checkpoint action per suite
        # rebuilt the site six times: 2.5 s of a batch's 3.5 s).
        context.build_data_docs(site_names=["zhaoshang"])
    return GateReport(outcomes=tuple(outcomes))
