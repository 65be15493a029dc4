"""The article-etl flow: fetch -> normalize -> extract -> reconcile -> gate -> load, per batch.

A batch is the articles of one source in one run, at most `batch_size` of them.
A batch whose blocking expectations fail is quarantined (raw articles and reasons
kept, no facts loaded); the flow then ends Failed, naming the failed expectations.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger

from flows.stage_tasks import (
    engine_for, extract_task, fetch_task, gate_task, load_task, normalize_task, quarantine_task, reconcile_task,
    report_task,
)
from tasks import fetch, load, quality
from tasks.config import load_settings
from tasks.errors import GateFailed
from tasks.models import Batch, CheckResult
from tasks.reconcile import load_reconcile_config
from tasks.reference import load_reference


@dataclass
class BatchOutcome:
    """What happened to one batch in a run."""

    key: str
    source: str
    articles: int
    facts: int
    status: str  # loaded | quarantined | skipped (already loaded)
    warnings: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)


@dataclass
class RunSummary:
    """The flow's return value: one line per batch."""

    run_id: str
    db_url: str
    batches: list[BatchOutcome] = field(default_factory=list)

    report: str | None = None

    @property
    def blocked(self) -> list[BatchOutcome]:
        return [b for b in self.batches if b.status == "quarantined"]

    def to_markdown(self) -> str:
        """The run as a Markdown table, for the Prefect artifact."""
        lines = [f"### zhaoshang run {self.run_id}", "", "| batch | source | articles | facts | outcome | blocked by |",
                 "|---|---|---|---|---|---|"]
        for b in self.batches:
            blocking = "; ".join(b.blocking).replace("|", "\\|")
            lines.append(f"| {b.key} | {b.source} | {b.articles} | {b.facts} | {b.status} | {blocking} |")
        return "\n".join(lines)


def gate_checks(report: quality.GateReport) -> list[CheckResult]:
    """Failed expectations as check results, so the report shows them beside the reconcile checks."""
    return [
        CheckResult(check=f"gx:{o.suite}", status="fail" if o.severity == "critical" else "warn",
                    message=f"{o.name}: {o.unexpected_count} rows, e.g. {', '.join(o.examples[:3])} ({o.notes})")
        for o in [*report.blocking, *report.warnings]
    ]


@flow(name="article-etl")
def article_etl(
    sources: list[str] | None = None,
    db_url: str | None = None,
    batch_size: int | None = None,
    report_dir: str | None = None,
) -> RunSummary:
    """Run every stage over the given sources (files, folders; none: the sample articles)."""
    logger = get_run_logger()
    settings = load_settings()
    db_url = db_url or settings.db_url
    report_dir = report_dir or str(settings.report_dir)
    ref = load_reference(settings.seeds_dir)
    suites = quality.load_suites(settings.project_root / "expectations")
    reconcile_config = load_reconcile_config(settings.project_root / "expectations" / "reconcile_v1.json")
    engine = engine_for(db_url)
    load.migrate(engine)
    summary = RunSummary(run_id=str(uuid.uuid4()), db_url=db_url)
    load.start_run(engine, summary.run_id, {"sources": sources or [], "batch_size": batch_size})

    for spec in fetch.resolve_sources(sources or [], settings.seeds_dir / "articles"):
        raws = fetch_task(spec)
        for raw_batch in fetch.chunk(raws, batch_size or settings.batch_size):
            key = Batch.key_for(spec.name, [r.sha256 for r in raw_batch])
            if load.batch_status(engine, key) in ("loaded", "approved", "rejected"):
                summary.batches.append(BatchOutcome(key, spec.name, len(raw_batch), 0, "skipped"))
                continue
            articles = normalize_task(raw_batch, ref)
            results = extract_task(articles, ref)
            checks = reconcile_task(articles, results, ref, reconcile_config, db_url)
            report = gate_task(articles, results, checks, ref, suites, key, str(Path(report_dir) / "gx" / key))
            batch = Batch(key, spec.name, tuple(articles), tuple(results), tuple(checks) + tuple(gate_checks(report)))
            outcome = BatchOutcome(key, spec.name, len(articles), sum(len(r.facts) for r in results), "loaded",
                                   warnings=[o.name for o in report.warnings],
                                   blocking=[o.name for o in report.blocking]
                                   + [f"{c.check}: {c.message}" for c in checks if c.status == "fail"])
            if report.passed:
                load_task(db_url, summary.run_id, batch)
            else:
                quarantine_task(db_url, summary.run_id, batch, outcome.blocking)
                outcome.status = "quarantined"
            logger.info("batch %s of %s: %d articles, %d facts -> %s", key, spec.name, outcome.articles,
                        outcome.facts, outcome.status)
            summary.batches.append(outcome)

    status = "blocked" if summary.blocked else "completed"
    load.finish_run(engine, summary.run_id, status, {"batches": [asdict(b) for b in summary.batches]})
    summary.report = report_task(db_url, report_dir, summary.to_markdown())
    if summary.blocked:
        failed = sorted({name for b in summary.blocked for name in b.blocking})
        raise GateFailed(", ".join(b.key for b in summary.blocked), failed, summary)
    return summary


if __name__ == "__main__":
    article_etl()
