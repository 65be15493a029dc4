"""A `zhaoshang run` killed with SIGKILL part-way through a multi-batch generated corpus -- after its
first batch is committed, while later ones are in flight -- and then run again, ends with exactly
the database that one uninterrupted run makes (run ids, timestamps and surrogate ids aside): the
killed transaction left nothing, committed batches are skipped, the rest is loaded or quarantined
as before. On SQLite (a hot journal rolled back on the next open) and PostgreSQL (the server
aborts the dead client's transaction)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from flows.cli import main

BATCH_SIZE = "3"


pytestmark = pytest.mark.usefixtures("prefect_harness")  # tests/conftest.py


def committed_batches(db_url: str) -> int:
    """Batches committed so far, read without taking SQLite's write lock; 0 before the schema exists."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM batches")).scalar_one())
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def run_args(sources: list[Path], db_url: str, report_dir: Path) -> list[str]:
    return ["run", *map(str, sources), "--db", db_url, "--batch-size", BATCH_SIZE, "--report-dir", str(report_dir)]


@pytest.mark.slow
def test_a_killed_run_then_a_rerun_equals_one_uninterrupted_run(db_pair, write_corpus, tmp_path, snapshot):
    db_url, reference_url = db_pair
    write_corpus(tmp_path / "corpus", 18)
    sources = sorted(p for p in (tmp_path / "corpus").iterdir() if p.is_dir())

    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "ZHAOSHANG_DATA_DIR": str(tmp_path / "data"),
           "PREFECT_LOGGING_LEVEL": "ERROR"}
    env.pop("PREFECT_API_URL", None)  # its own ephemeral API server, killed with it
    victim = subprocess.Popen([sys.executable, "-m", "flows.cli", *run_args(sources, db_url, tmp_path / "r1")],
                              env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while committed_batches(db_url) == 0 and victim.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(victim.pid, signal.SIGKILL)
    finally:
        victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    killed_at = committed_batches(db_url)
    assert killed_at >= 1

    resumed = main(run_args(sources, db_url, tmp_path / "r2"))
    uninterrupted = main(run_args(sources, reference_url, tmp_path / "r3"))
    assert resumed == uninterrupted  # 0, or 3 when a gate quarantined a batch in both
    assert committed_batches(reference_url) > killed_at  # the kill did stop the run part-way
    after = snapshot(db_url)
    assert after["facts"] and after["articles"]  # batches were loaded, not only quarantined
    assert after == snapshot(reference_url)
