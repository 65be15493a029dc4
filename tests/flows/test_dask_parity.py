"""Scale-out parity: the flow run with `task_runner="dask"` on a Dask LocalCluster of two worker
processes leaves the database exactly as the single-process (thread) run does: every row of every
data table, ids included, with only timestamps and run ids differing. The normalize and extract
tasks are checked to have run on the cluster, once per batch. On PostgreSQL too."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from flows.article_etl import article_etl
from tasks.load import METADATA, make_engine

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLES = ROOT / "seeds" / "articles"
BATCH_SIZE = 2  # five seed articles -> three batches, so batches really run side by side
# Differ between any two runs by design: when things happened and which run did them.
VOLATILE_COLUMNS = frozenset(
    {
        "fetched_at",
        "first_fetched_at",
        "created_at",
        "updated_at",
        "decided_at",
        "run_id",
        "loaded_run_id",
        "started_at",
        "finished_at",
        "flow_run_id",
    }
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[object]:
    """Two single-threaded worker processes, as a production scheduler would have more of."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


def snapshot(db_url: str) -> dict[str, list[str]]:
    """Every row of every data table as sorted JSON, leaving out the volatile columns."""
    engine = make_engine(db_url)
    present = set(inspect(engine).get_table_names())
    rows: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table in METADATA.sorted_tables:
            if table.name == "runs" or table.name not in present:
                continue
            columns = [c for c in table.columns if c.name not in VOLATILE_COLUMNS]
            rows[table.name] = sorted(
                json.dumps(
                    dict(row._mapping),
                    default=lambda v: v.hex() if isinstance(v, bytes) else str(v),
                    ensure_ascii=False,
                    sort_keys=True,
                )
                for row in conn.execute(select(*columns))
            )
    engine.dispose()
    return rows


def run_flow(db_url: str, tmp_path: Path, **runner: object) -> object:
    return article_etl(
        sources=[str(SEED_ARTICLES)],
        db_url=db_url,
        batch_size=BATCH_SIZE,
        report_dir=str(tmp_path / "reports" / str(runner.get("task_runner", "thread"))),
        **runner,
    )


def completed_on(cluster: object) -> Counter[str]:
    """How many tasks of each name (the prefix of a Dask key) the cluster's scheduler has completed."""
    return Counter(
        {name: prefix.state_counts["memory"] for name, prefix in cluster.scheduler.task_prefixes.items()}
    )


@pytest.fixture(scope="module")
def thread_run(tmp_path_factory) -> tuple[object, dict[str, list[str]]]:
    """The reference: the single-process run's summary and database snapshot (SQLite)."""
    tmp_path = tmp_path_factory.mktemp("thread")
    db_url = f"sqlite:///{tmp_path / 'thread.db'}"
    summary = run_flow(db_url, tmp_path, task_runner="thread")
    assert len(summary.batches) == 3 and all(b.status == "loaded" for b in summary.batches)
    return summary, snapshot(db_url)


def test_dask_run_leaves_the_same_database_as_the_thread_run(sqlite_url, tmp_path, dask_cluster, thread_run):
    thread_summary, expected = thread_run
    before = completed_on(dask_cluster)
    dask_summary = run_flow(
        sqlite_url, tmp_path, task_runner="dask", dask_address=dask_cluster.scheduler_address
    )

    assert [(b.key, b.status, b.facts) for b in dask_summary.batches] == [
        (b.key, b.status, b.facts) for b in thread_summary.batches
    ]
    ran = completed_on(dask_cluster) - before
    assert (ran["normalize_task"], ran["extract_task"]) == (3, 3), ran  # once per batch, on the cluster
    assert expected["facts"] and expected["articles"] and expected["batch_articles"]
    assert snapshot(sqlite_url) == expected


@pytest.mark.postgres
def test_dask_run_on_postgresql_matches_the_thread_run_on_sqlite(
    postgres_url, tmp_path, dask_cluster, thread_run
):
    run_flow(postgres_url, tmp_path, task_runner="dask", dask_address=dask_cluster.scheduler_address)
    assert snapshot(postgres_url) == thread_run[1]
