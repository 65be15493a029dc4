"""The article-etl flow: fetch -> normalize -> extract -> reconcile -> gate -> load, per batch.

A batch is the articles of one source in one run, at most `batch_size` of them.
A batch whose blocking expectations fail is quarantined (raw articles and reasons
kept, no facts loaded); the flow then ends Failed, naming the failed expectations.

Sources are fetched concurrently. Batches are normalized and extracted in parallel on the
chosen task runner (threads of this process, or a Dask cluster), then reconciled, gated and
loaded one at a time in batch order: each batch is checked against everything loaded before
it, so the database ends the same whichever runner did the work.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote

from flows.stage_tasks import (
    batch_runner, dedupe_task, engine_for, extract_batches, fetch_task, gate_task, load_task, quarantine_task,
    reconcile_task, report_task,
)
from tasks import fetch, load, quality
from tasks.config import load_settings
from tasks.errors import GateFailed
from tasks.sources import resolve_sources, sources_config_for
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
    fetch_failures: list[str] = field(default_factory=list)  # sources whose fetch failed outright

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
    sources_file: str | None = None,
    task_runner: Literal["thread", "dask"] = "thread",
    dask_address: str | None = None,
) -> RunSummary:
    """Run every stage over the given sources: files, folders, http(s) URLs of pages or feeds,
    names of sources or groups in the sources config (default deploy/sources.yaml); none: the
    sample articles.

    `task_runner="dask"` extracts the batches on the Dask scheduler at `dask_address`, or on a
    local cluster of one worker process per core when no address is given.
    """
    logger = get_run_logger()
    settings = load_settings()
    db_url = db_url or settings.db_url
    config = sources_config_for(sources_file, settings.project_root)
    specs = resolve_sources(sources or [], config, settings.seeds_dir / "articles")
    report_dir = report_dir or str(settings.report_dir)
    ref = load_reference(settings.seeds_dir)
    suites = quality.load_suites(settings.project_root / "expectations")
    reconcile_config = load_reconcile_config(settings.project_root / "expectations" / "reconcile_v1.json")
    engine = engine_for(db_url)
    load.migrate(engine)
    summary = RunSummary(run_id=str(uuid.uuid4()), db_url=db_url)
    load.start_run(engine, summary.run_id, {"sources": sources or [], "batch_size": batch_size,
                                            "task_runner": task_runner, "dask_address": dask_address})
    for spec in specs:
        if config.source(spec.name) == spec:
            load.register_source(engine, spec.name, spec.kind, asdict(spec), spec.home_region)

    fetched = [fetch_task.submit(spec, config.policy, db_url, str(settings.data_dir)) for spec in specs]
    pending: list[tuple[str, str, list]] = []  # (batch key, source, raw articles) still to process
    for spec, future in zip(specs, fetched):
        raws = future.result(raise_on_failure=False)
        if isinstance(raws, BaseException):
            logger.error("fetching %s failed: %s", spec.name, raws)
            summary.fetch_failures.append(f"{spec.name}: {raws}")
            continue
        for raw_batch in fetch.chunk(raws, batch_size or settings.batch_size):
            key = Batch.key_for(spec.name, [r.sha256 for r in raw_batch])
            if load.batch_status(engine, key) in ("loaded", "approved", "rejected"):
                summary.batches.append(BatchOutcome(key, spec.name, len(raw_batch), 0, "skipped"))
            else:
                pending.append((key, spec.name, raw_batch))

    # Batches are extracted in parallel, then checked and loaded one by one in order, so each
    # is reconciled against everything loaded before it. No work, no cluster to start.
    # Records go to tasks in quote(): Prefect would otherwise walk every object of every batch
    # looking for futures (half the run's time on 500 articles).
    with batch_runner(task_runner if pending else "thread", dask_address) as runner:
        extracted = extract_batches(runner, [raws for _, _, raws in pending], ref)
        for (key, source, _), (articles, extracted_results) in zip(pending, extracted):
            results, reprints = dedupe_task(quote(articles), quote(extracted_results))
            checks = [*reconcile_task(quote(articles), quote(results), quote(ref), reconcile_config, db_url).items,
                      *reprints]
            docs_dir = str(Path(report_dir) / "gx" / key)
            report = gate_task(quote(articles), quote(results), quote(checks), quote(ref), quote(suites), key, docs_dir)
            all_checks = tuple(checks) + tuple(gate_checks(report))
            batch = Batch(key, source, tuple(articles), tuple(results), all_checks)
            outcome = BatchOutcome(key, source, len(articles), sum(len(r.facts) for r in results), "loaded",
                                   warnings=[o.name for o in report.warnings],
                                   blocking=[o.name for o in report.blocking]
                                   + [f"{c.check}: {c.message}" for c in checks if c.status == "fail"])
            if report.passed:
                load_task(db_url, summary.run_id, quote(batch))
            else:
                quarantine_task(db_url, summary.run_id, quote(batch), outcome.blocking)
                outcome.status = "quarantined"
            logger.info("batch %s of %s: %d articles, %d facts -> %s", key, source, outcome.articles,
                        outcome.facts, outcome.status)
            summary.batches.append(outcome)

    status = "blocked" if summary.blocked else "fetch_failed" if summary.fetch_failures else "completed"
    load.finish_run(engine, summary.run_id, status, {"batches": [asdict(b) for b in summary.batches],
                                                     "fetch_failures": summary.fetch_failures})
    summary.report = report_task(db_url, report_dir, summary.run_id, summary.to_markdown())
    if summary.blocked:
        failed = sorted({name for b in summary.blocked for name in b.blocking})
        raise GateFailed(", ".join(b.key for b in summary.blocked), failed, summary)
    if summary.fetch_failures:
        raise fetch.FetchError(f"{len(summary.fetch_failures)} source(s) could not be fetched: "
                               + "; ".join(summary.fetch_failures))
    return summary


if __name__ == "__main__":
    article_etl()
