"""Fixtures shared by the whole test tree. Each group says who owns it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from tasks.load import make_engine, migrate

# --------------------------------------------------------------------------------------------
# Databases (owner: the load layer, tasks/load.py)
#
# Every test gets an empty database of its own: SQLite as a file in tmp_path; PostgreSQL as a
# fresh schema inside one database that this test session creates (zhaoshang_test_<uuid8>, via
# the `postgres` maintenance database) and drops at its end. The server comes from
# ZHAOSHANG_TEST_PG_URL. If it cannot be reached the PostgreSQL tests FAIL: they never skip.
# --------------------------------------------------------------------------------------------

DEFAULT_TEST_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _libpq_dsn(sqlalchemy_url: str) -> str:
    """The same server and credentials as a libpq connection string, for psycopg itself."""
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """SQLAlchemy URL of the PostgreSQL maintenance database; fails the test if the server is down."""
    url = os.environ.get("ZHAOSHANG_TEST_PG_URL", DEFAULT_TEST_PG_URL)
    try:
        with psycopg.connect(_libpq_dsn(url), connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        pytest.fail(
            f"PostgreSQL is unreachable at {make_url(url)!r}: {exc}\n"
            "Start the server or point ZHAOSHANG_TEST_PG_URL at one; PostgreSQL tests never skip.",
            pytrace=False,
        )
    return url


@pytest.fixture(scope="session")
def pg_session_database_url(pg_server_url: str) -> Iterator[str]:
    """A database created for this test session, dropped (connections and all) when it ends."""
    name = f"zhaoshang_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_libpq_dsn(pg_server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq_dsn(pg_server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """URL of an empty SQLite file in a folder that does not exist yet (make_engine creates it)."""
    return f"sqlite:///{tmp_path / 'db' / 'zhaoshang.db'}"


@pytest.fixture
def postgres_url(pg_session_database_url: str) -> str:
    """URL of an empty schema of its own in the session database (search_path points at it)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq_dsn(pg_session_database_url), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return (
        make_url(pg_session_database_url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database on each backend in turn."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


@pytest.fixture
def empty_engine(db_url: str) -> Iterator[Engine]:
    """An engine on an empty, unmigrated database (each backend in turn)."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_engine(empty_engine: Engine) -> Engine:
    """An engine on a database migrated to the newest schema (each backend in turn)."""
    migrate(empty_engine)
    return empty_engine


# --------------------------------------------------------------------------------------------
# Prefect (owner: the flow, flows/)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API server for the flow runs of one test module (its start, seconds
    on a busy machine, is paid once per module). Modules use it with
    `pytestmark = pytest.mark.usefixtures("prefect_harness")`, or tests ask for it by name."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
