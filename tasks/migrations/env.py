"""Alembic environment: runs the migrations on the connection that `tasks.load.migrate` passes in.

There is no URL here and no offline mode: the caller owns the engine and the
transaction, so a failed migration leaves the database as it was (PostgreSQL and
SQLite both roll back DDL).
"""

from __future__ import annotations

from alembic import context

from tasks.load import METADATA

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through tasks.load.migrate(engine); this project has no alembic.ini")

context.configure(
    connection=connection,
    target_metadata=METADATA,  # only read when drafting a revision with autogenerate
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
