"""Thin Prefect task wrappers around the pure stages in tasks/.

They live here rather than at the bottom of each tasks/ module so that the pure
modules (and `zhaoshang extract`) never import Prefect. Each wrapper adds only
retries, logging or naming. Inputs are large and unhashable (bytes, engines), so
no task caches: a rerun is made cheap by the load's batch key instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks import fetch, load, quality, report
from tasks.extract import extract_article
from tasks.models import ArticleResult, Batch, CheckResult, NormalizedArticle, RawArticle
from tasks.normalize import normalize_article
from tasks.reconcile import ReconcileConfig, place_facts, reconcile_facts
from tasks.reference import Reference


@lru_cache(maxsize=4)
def engine_for(db_url: str) -> "load.Engine":
    """One engine (and connection pool) per database URL per process."""
    return load.make_engine(db_url)


@task(name="fetch", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def fetch_task(spec: fetch.SourceSpec) -> list[RawArticle]:
    raws = list(fetch.read_articles(spec, fetch.list_article_paths(spec)))
    get_run_logger().info("fetched %d articles from %s (%s)", len(raws), spec.name, spec.location)
    return raws


@task(name="normalize", cache_policy=NO_CACHE)
def normalize_task(raws: Sequence[RawArticle], ref: Reference) -> list[NormalizedArticle]:
    return [normalize_article(raw, ref.text_rules) for raw in raws]


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(articles: Sequence[NormalizedArticle], ref: Reference) -> list[ArticleResult]:
    return [extract_article(article, ref) for article in articles]


@task(name="reconcile", cache_policy=NO_CACHE)
def reconcile_task(
    articles: Sequence[NormalizedArticle], results: Sequence[ArticleResult], ref: Reference,
    config: ReconcileConfig, db_url: str,
) -> list[CheckResult]:
    placed = place_facts(results, [a.raw.sha256 for a in articles], [a.raw.source_name for a in articles],
                         [a.text for a in articles])
    loaded = load.fetch_placed_facts(engine_for(db_url), exclude={a.raw.sha256 for a in articles})
    return reconcile_facts(placed, config, ref.gazetteer.level_of, loaded)


@task(name="gate", cache_policy=NO_CACHE)
def gate_task(
    articles: Sequence[NormalizedArticle], results: Sequence[ArticleResult], checks: Sequence[CheckResult],
    ref: Reference, suites: dict, batch_key: str, docs_dir: str,
) -> quality.GateReport:
    frames = {
        "articles": quality.articles_frame(articles, results),
        "facts": quality.facts_frame(articles, results, ref.gazetteer.is_known),
        "checks": quality.checks_frame(checks),
    }
    report = quality.validate_frames(frames, suites, Path(docs_dir), batch_key)
    logger = get_run_logger()
    for outcome in report.blocking:
        logger.error("BLOCKING %s (%d rows, e.g. %s)", outcome.name, outcome.unexpected_count, list(outcome.examples[:3]))
    for outcome in report.warnings:
        logger.warning("warning %s (%d rows)", outcome.name, outcome.unexpected_count)
    return report


@task(name="load", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def load_task(db_url: str, run_id: str, batch: Batch) -> load.LoadCounts:
    return load.load_batch(engine_for(db_url), run_id, batch)


@task(name="quarantine", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def quarantine_task(db_url: str, run_id: str, batch: Batch, reasons: list[str]) -> None:
    load.quarantine_batch(engine_for(db_url), run_id, batch, reasons)


@task(name="report", cache_policy=NO_CACHE)
def report_task(db_url: str, report_dir: str, summary_markdown: str) -> str:
    """Write the HTML data-quality report and attach a summary artifact to the flow run."""
    from prefect.artifacts import create_markdown_artifact

    index = report.write_report(engine_for(db_url), Path(report_dir))
    create_markdown_artifact(
        key="data-quality-report",
        markdown=f"{summary_markdown}\n\nFull report: `{index}`",
        description="Batches, gate outcomes and checks of this run",
    )
    return str(index)
