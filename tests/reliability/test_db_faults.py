"""The database going away in the middle of a batch's load leaves nothing of that batch, and the
run after it completes the work: the database then holds exactly what an undisturbed run leaves.

PostgreSQL: the loading connection's backend is terminated with pg_terminate_backend from another
connection while the batch's transaction is open (its articles, sightings and batch row already
written, the facts about to be). SQLite: the driver reports a disk I/O error at the same point.
A transient fault (the first attempt only) is absorbed by the load task's retries within the run;
a lasting one fails the run (exit 1) and the next run finishes it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from flows.cli import main
from flows.stage_tasks import engine_for
from tasks.models import Batch, RawArticle

ROOT = Path(__file__).resolve().parents[2]
BATCH_SIZE = "2"  # the five seeds make three batches: 000+001, 002+003, 004


pytestmark = pytest.mark.usefixtures("prefect_harness")  # tests/conftest.py


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    shutil.copytree(ROOT / "seeds" / "articles", folder)
    return folder


def batch_keys(inbox: Path) -> list[str]:
    """The keys the flow gives the inbox's batches (files in name order, BATCH_SIZE at a time)."""
    paths = sorted(inbox.glob("*.txt"))
    size = int(BATCH_SIZE)
    return [Batch.key_for(inbox.name, [RawArticle("", "", p.read_bytes(), "").sha256 for p in paths[i:i + size]])
            for i in range(0, len(paths), size)]


def run(inbox: Path, db_url: str, tmp_path: Path) -> int:
    return main(["run", str(inbox), "--db", db_url, "--batch-size", BATCH_SIZE,
                 "--report-dir", str(tmp_path / "report")])


class DatabaseGoesAway:
    """Makes the database fail while the facts of one batch are being inserted.

    `lasting`: on every attempt (else on the first only). On PostgreSQL the connection's server
    process is terminated from a second connection; on SQLite the driver's error is raised.
    """

    def __init__(self, db_url: str, batch_key: str, server_url: str | None, lasting: bool) -> None:
        self.engine, self.batch_key, self.lasting = engine_for(db_url), batch_key, lasting
        self.server_dsn = (make_url(server_url).set(drivername="postgresql").render_as_string(hide_password=False)
                           if server_url else None)
        self.faults = 0

    def __enter__(self) -> DatabaseGoesAway:
        event.listen(self.engine, "before_cursor_execute", self.before_execute)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self.before_execute)

    def before_execute(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith("INSERT INTO FACTS") or self.batch_key not in repr(parameters):
            return
        if self.faults and not self.lasting:
            return
        self.faults += 1
        if self.server_dsn is None:
            raise OperationalError(statement, parameters, sqlite3.OperationalError("disk I/O error (injected)"))
        pid = conn.connection.dbapi_connection.info.backend_pid
        with psycopg.connect(self.server_dsn, autocommit=True) as killer:
            assert killer.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone() == (True,)


def rows_of_batch(db_url: str, batch_key: str, hashes: list[str]) -> dict[str, int]:
    with engine_for(db_url).connect() as conn:
        counts = {table: conn.execute(text(f"SELECT count(*) FROM {table} WHERE batch_key = :k"), {"k": batch_key})
                  .scalar_one() for table in ("batch_articles", "facts", "events", "check_results")}
        counts["batches"] = conn.execute(text("SELECT count(*) FROM batches WHERE key = :k"),
                                         {"k": batch_key}).scalar_one()
        for name, table in (("articles", "articles"), ("sightings", "article_sources")):
            column = "sha256" if table == "articles" else "article_sha256"
            counts[name] = sum(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {column} = :h"), {"h": h})
                               .scalar_one() for h in hashes)
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("lasting", [False, True], ids=["transient", "lasting"])
def test_the_database_going_away_mid_load_leaves_no_partial_batch(db_pair, inbox, tmp_path, snapshot, request,
                                                                    lasting):
    db_url, reference_url = db_pair
    assert run(inbox, reference_url, tmp_path) == 0  # undisturbed: three batches loaded
    keys = batch_keys(inbox)
    assert len(keys) == 3
    server_url = request.getfixturevalue("pg_server_url") if db_url.startswith("postgresql") else None
    second = sorted(inbox.glob("*.txt"))[2:4]
    hashes = [RawArticle("", "", p.read_bytes(), "").sha256 for p in second]

    with DatabaseGoesAway(db_url, keys[1], server_url, lasting) as fault:
        code = run(inbox, db_url, tmp_path)
    if lasting:
        assert code == 1  # the load task gave up after its retries; the run failed
        assert fault.faults == 3
        assert rows_of_batch(db_url, keys[1], hashes) == dict.fromkeys(
            ("batch_articles", "facts", "events", "check_results", "batches", "articles", "sightings"), 0)
        assert rows_of_batch(db_url, keys[0], [])["facts"] > 0  # the batch before it stays loaded
        assert run(inbox, db_url, tmp_path) == 0  # the next run completes the work
    else:
        assert code == 0  # the retry found a working connection
        assert fault.faults == 1
    assert snapshot(db_url) == snapshot(reference_url)
