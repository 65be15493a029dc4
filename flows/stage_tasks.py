"""Thin Prefect task wrappers around the pure stages in tasks/.

They live here rather than at the bottom of each tasks/ module so that the pure
modules (and `zhaoshang extract`) never import Prefect. Each wrapper adds only
retries, logging or naming. Inputs are large and unhashable (bytes, engines), so
no task caches: a rerun is made cheap by the load's batch key instead.

`batch_runner` and `extract_batches` choose where normalize and extract run (threads,
or a Dask cluster) and keep a bounded window of batches in flight there.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import opaque, quote

from tasks import fetch, fetch_state, load, quality, report
from tasks.errors import ConfigError
from tasks.dedupe import collapse_reprints, find_duplicates
from tasks.extract import extract_article
from tasks.models import ArticleResult, Batch, CheckResult, NormalizedArticle, RawArticle, RawRef
from tasks.normalize import normalize_article
from tasks.reconcile import ReconcileConfig, place_facts, reconcile_facts
from tasks.reference import Reference

T = TypeVar("T")


@lru_cache(maxsize=4)
def engine_for(db_url: str) -> "load.Engine":
    """One engine (and connection pool) per database URL per process."""
    return load.make_engine(db_url)


@lru_cache(maxsize=4)
def shared_throttle(min_interval_s: float) -> fetch.HostThrottle:
    """One per-host throttle per process, so sources on the same host are paced together."""
    return fetch.HostThrottle(min_interval_s)


@task(name="fetch", retries=2, retry_delay_seconds=[5, 30], cache_policy=NO_CACHE)
def fetch_task(
    spec: fetch.SourceSpec, policy: fetch.FetchPolicy, db_url: str, data_dir: str
) -> list[RawRef]:
    """Fetch one source; an incremental source yields only articles the database lacks, each once.

    Returns references, not bytes: bodies fetched over HTTP are spooled to `data_dir/raw/`, and
    batches read their bytes when they are processed, so a run holds a window of batches, never
    the corpus. Remembered validators are used only while the database holds the body they
    describe, so a run that fetched but never stored an article fetches it in full again.
    """
    logger, engine, state_dir = get_run_logger(), engine_for(db_url), Path(data_dir)
    remembered = fetch_state.read_validators(state_dir, spec.name) if spec.incremental else {}
    stored = load.stored_hashes(engine, {v.sha256 for v in remembered.values()})
    previous = {uri: v for uri, v in remembered.items() if v.sha256 in stored}
    with fetch.make_client(policy) as client:
        fetcher = fetch.HttpFetcher(client, policy, throttle=shared_throttle(policy.min_interval_s))
        result = fetch.fetch_source(spec, previous, fetcher)
    fetch_state.append_exchanges(state_dir, spec.name, result.exchanges)
    raws = result.files + [fetch.spool(article, state_dir / "raw") for article in result.articles]
    if spec.incremental:
        fetch_state.remember_validators(state_dir, spec.name, result.validators)
        raws = fetch.first_of_each_body(raws)
        known = load.stored_hashes(engine, {r.sha256 for r in raws})
        raws = [r for r in raws if r.sha256 not in known]
    for uri, reason in result.failures:
        logger.warning("could not fetch %s: %s", uri, reason)
    logger.info("%s (%s): %d articles to process, %d unchanged, %d already stored, %d failed",
                spec.name, spec.location, len(raws), result.unchanged, len(result.files) + len(result.articles) - len(raws),
                len(result.failures))
    return raws


TASK_RUNNERS = ("thread", "dask")


def batch_runner(kind: str, dask_address: str | None = None) -> TaskRunner:
    """The task runner that batches are normalized and extracted on (enter it with `with`).

    "thread": threads of the flow's process. "dask": the Dask scheduler at `dask_address`, or
    without one a LocalCluster of one single-threaded worker process per core (extract is
    CPU-bound Python, so processes rather than threads are what run it in parallel).
    """
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        cluster = {"n_workers": os.cpu_count() or 2, "threads_per_worker": 1, "processes": True,
                   "dashboard_address": None}
        return DaskTaskRunner(cluster_kwargs=cluster)
    raise ConfigError(f"task_runner {kind!r} is not one of {', '.join(TASK_RUNNERS)}")


def _slots(runner: TaskRunner) -> int:
    """How many batches to keep submitted at once: two per worker thread, so none idles."""
    client = getattr(runner, "client", None)
    threads = sum(client.nthreads().values()) if client is not None else (os.cpu_count() or 2)
    return max(2, 2 * threads)


def extract_batches(
    runner: TaskRunner, batches: Iterable[Sequence[RawRef]], ref: Reference
) -> Iterator[tuple[list[NormalizedArticle], list[ArticleResult]]]:
    """Normalize and extract every batch on `runner`, in parallel; yield the results in batch order.

    Only a window of batches is in flight at a time: their bytes are read when they are
    submitted, so a long run holds a few batches' bytes and results, never the corpus.
    """
    pending: deque[tuple[PrefectFuture, PrefectFuture]] = deque()
    upcoming = iter(batches)
    for raws in itertools.islice(upcoming, _slots(runner)):
        pending.append(_submit_batch(runner, raws, ref))
    while pending:
        articles, results = pending.popleft()
        yield list(articles.result().items), list(results.result().items)
        for raws in itertools.islice(upcoming, 1):
            pending.append(_submit_batch(runner, raws, ref))


def _submit_batch(
    runner: TaskRunner, refs: Sequence[RawRef], ref: Reference
) -> tuple[PrefectFuture, PrefectFuture]:
    raws = [fetch.read_raw(raw_ref) for raw_ref in refs]  # here, so remote workers need no shared disk
    if isinstance(runner, ThreadPoolTaskRunner):
        # quote: passed as is; opaque: the future's result. Neither is walked by Prefect looking
        # for futures (that walk took half of a run). Not on Dask: it turns annotations, which are
        # tuples, into plain tuples.
        articles = runner.submit(normalize_task, {"raws": quote(raws), "ref": quote(ref)})
        return articles, runner.submit(extract_task, {"articles": opaque(articles), "ref": quote(ref)})
    articles = runner.submit(normalize_task, {"raws": raws, "ref": ref})
    return articles, runner.submit(extract_task, {"articles": articles, "ref": ref})


@dataclass(frozen=True)
class Records(Generic[T]):
    """A batch's records as one task result. Prefect keeps, for the whole flow run, an entry
    (a copy of the task's state) for every element of a list a task returns: 100,000 articles
    made memory grow with the corpus. One object is one entry."""

    items: tuple[T, ...]


@task(name="normalize", cache_policy=NO_CACHE)
def normalize_task(raws: Sequence[RawArticle], ref: Reference) -> Records[NormalizedArticle]:
    return Records(tuple(normalize_article(raw, ref.text_rules) for raw in raws))


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(articles: Records[NormalizedArticle], ref: Reference) -> Records[ArticleResult]:
    return Records(tuple(_extract_or_record(article, ref) for article in articles.items))


def _extract_or_record(article: NormalizedArticle, ref: Reference) -> ArticleResult:
    """One article's extraction; an exception on one article becomes its recorded error (as in
    `zhaoshang extract`), so the rest of the batch goes on and the article is kept for review."""
    try:
        return extract_article(article, ref)
    except Exception as exc:
        return ArticleResult(source=article.raw.uri, title=article.title, published=article.published,
                             home_region=None, error=f"internal error: {type(exc).__name__}: {exc}")


@task(name="reconcile", cache_policy=NO_CACHE)
def reconcile_task(
    articles: Sequence[NormalizedArticle], results: Sequence[ArticleResult], ref: Reference,
    config: ReconcileConfig, db_url: str,
) -> Records[CheckResult]:
    placed = place_facts(results, [a.raw.sha256 for a in articles], [a.raw.source_name for a in articles],
                         [a.text for a in articles])
    # Only the stored facts that share a key with this batch's: what the conflict rule compares.
    loaded = load.fetch_placed_facts(engine_for(db_url), exclude={a.raw.sha256 for a in articles},
                                     keys={p.key for p in placed})
    return Records(tuple(reconcile_facts(placed, config, ref.gazetteer.level_of, loaded)))


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
def report_task(db_url: str, report_dir: str, run_id: str, summary_markdown: str) -> str:
    """Write this run's page of the HTML data-quality report and the index, and attach a summary
    artifact to the flow run."""
    from prefect.artifacts import create_markdown_artifact

    index = report.write_report(engine_for(db_url), Path(report_dir), run_id)
    create_markdown_artifact(
        key="data-quality-report",
        markdown=f"{summary_markdown}\n\nFull report: `{index}`",
        description="Batches, gate outcomes and checks of this run",
    )
    return str(index)


@task(name="dedupe", cache_policy=NO_CACHE)
def dedupe_task(
    articles: Sequence[NormalizedArticle], results: Sequence[ArticleResult]
) -> tuple[list[ArticleResult], list[CheckResult]]:
    """Keep the facts of reprinted articles once (a reprint keeps only what it states differently)."""
    collapsed, notes = collapse_reprints(articles, results, find_duplicates(articles))
    if notes:
        get_run_logger().info("%d reprints in the batch: their shared facts kept once", len(notes))
    return collapsed, notes
