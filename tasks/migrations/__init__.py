"""Alembic migrations of the project database, driven from code (no alembic.ini).

`tasks.load.migrate(engine)` is the one way to bring a database to the newest
revision. It hands its open connection to `env.py` through
`Config.attributes["connection"]`, so a migration runs inside the caller's
transaction.

To write a new revision, describe the change in the tables of `tasks/load.py`
first, then let Alembic draft the migration against a database at the current
head and review the draft by hand:

    from alembic import command
    from tasks.load import make_engine, migrate
    from tasks.migrations import alembic_config

    engine = make_engine("sqlite:///scratch.db")
    migrate(engine)
    with engine.begin() as conn:
        command.revision(alembic_config(conn), message="what changes", autogenerate=True)

Revisions are numbered `0001`, `0002`, ... (`--rev-id`) so their order reads from the file names.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection) -> Config:
    """An Alembic config whose env.py migrates `connection` (an open connection, ideally in a transaction)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config
