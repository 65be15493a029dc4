"""Initial schema: sources, articles and their sightings, runs, batches, facts, events, checks, reviews.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Frozen: a later change to the tables in tasks/load.py gets a new revision, never an edit here.
Types are spelled out (plain DateTime, JSON/JSONB) rather than imported from tasks.load, so this
file keeps meaning what it meant when it was written.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    """Create every table of the pipeline (see tasks/load.py for the grain of each)."""
    op.create_table(
        "articles",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("home_region", sa.Text(), nullable=True),
        sa.Column("quality_flags", _json(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("first_fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_articles"))
    )
    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("flow_run_id", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("parameters", _json(), nullable=False),
        sa.Column("summary", _json(), nullable=True),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_runs"))
    )
    op.create_table(
        "sources",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("config", _json(), nullable=True),
        sa.Column("home_region", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sources"))
    )
    op.create_table(
        "article_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("home_region", sa.Text(), nullable=True),
        sa.Column("encoding_hint", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_sha256"], ["articles.sha256"], name=op.f("fk_article_sources_article_sha256")
        ),
        sa.ForeignKeyConstraint(
            ["source_name"], ["sources.name"], name=op.f("fk_article_sources_source_name")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_sources")),
        sa.UniqueConstraint(
            "article_sha256", "source_name", "uri", "fetched_at", name=op.f("uq_article_sources_sighting")
        )
    )
    op.create_table(
        "batches",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("loaded_run_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reasons", _json(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("fact_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('loaded', 'quarantined', 'approved', 'rejected')", name=op.f("ck_batches_status")
        ),
        sa.ForeignKeyConstraint(["loaded_run_id"], ["runs.run_id"], name=op.f("fk_batches_loaded_run_id")),
        sa.ForeignKeyConstraint(["run_id"], ["runs.run_id"], name=op.f("fk_batches_run_id")),
        sa.ForeignKeyConstraint(["source_name"], ["sources.name"], name=op.f("fk_batches_source_name")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_batches"))
    )
    op.create_table(
        "batch_articles",
        sa.Column("batch_key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("article_sha256", sa.String(length=64), nullable=False),
        sa.Column("sighting_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_sha256"], ["articles.sha256"], name=op.f("fk_batch_articles_article_sha256")
        ),
        sa.ForeignKeyConstraint(["batch_key"], ["batches.key"], name=op.f("fk_batch_articles_batch_key")),
        sa.ForeignKeyConstraint(
            ["sighting_id"], ["article_sources.id"], name=op.f("fk_batch_articles_sighting_id")
        ),
        sa.PrimaryKeyConstraint("batch_key", "position", name=op.f("pk_batch_articles"))
    )
    op.create_table(
        "check_results",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("batch_key", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("check", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("observed", sa.Double(), nullable=True),
        sa.Column("expected", sa.Double(), nullable=True),
        sa.Column("tolerance", sa.Double(), nullable=True),
        sa.Column("facts", _json(), nullable=False),
        sa.CheckConstraint("status IN ('pass', 'warn', 'fail')", name=op.f("ck_check_results_status")),
        sa.ForeignKeyConstraint(["batch_key"], ["batches.key"], name=op.f("fk_check_results_batch_key")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_results")),
        sa.UniqueConstraint("batch_key", "digest", name=op.f("uq_check_results_batch_digest"))
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("natural_key", sa.String(length=64), nullable=False),
        sa.Column("article_sha256", sa.String(length=64), nullable=False),
        sa.Column("batch_key", sa.String(length=64), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("leader", sa.Text(), nullable=True),
        sa.Column("leader_title", sa.Text(), nullable=True),
        sa.Column("start", sa.Text(), nullable=True),
        sa.Column("end", sa.Text(), nullable=True),
        sa.Column("destinations", _json(), nullable=False),
        sa.Column("counterparties", _json(), nullable=False),
        sa.Column("amount", sa.Double(), nullable=True),
        sa.Column("currency", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("raw_span_start", sa.Integer(), nullable=False),
        sa.Column("raw_span_end", sa.Integer(), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_sha256"], ["articles.sha256"], name=op.f("fk_events_article_sha256")
        ),
        sa.ForeignKeyConstraint(["batch_key"], ["batches.key"], name=op.f("fk_events_batch_key")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_events_natural_key"))
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_sha256", sa.String(length=64), nullable=False),
        sa.Column("batch_key", sa.String(length=64), nullable=False),
        sa.Column("fact_index", sa.Integer(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("parent_region", sa.Text(), nullable=True),
        sa.Column("metric", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=True),
        sa.Column("approx", sa.Text(), nullable=False),
        sa.Column("yoy_pct", sa.Double(), nullable=True),
        sa.Column("share_pct", sa.Double(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("raw_span_start", sa.Integer(), nullable=False),
        sa.Column("raw_span_end", sa.Integer(), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("part_of", sa.Integer(), nullable=True),
        sa.CheckConstraint("approx IN ('exact', 'over', 'about')", name=op.f("ck_facts_approx")),
        sa.CheckConstraint("kind IN ('actual', 'target')", name=op.f("ck_facts_kind")),
        sa.ForeignKeyConstraint(
            ["article_sha256"], ["articles.sha256"], name=op.f("fk_facts_article_sha256")
        ),
        sa.ForeignKeyConstraint(["batch_key"], ["batches.key"], name=op.f("fk_facts_batch_key")),
        sa.ForeignKeyConstraint(["part_of"], ["facts.id"], name=op.f("fk_facts_part_of")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facts")),
        sa.UniqueConstraint(
            "article_sha256", "metric", "region", "scope", "period", "kind", "span_start",
            name=op.f("uq_facts_natural_key"),
        )
    )
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("batch_key", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("decision IN ('approve', 'reject')", name=op.f("ck_review_decisions_decision")),
        sa.ForeignKeyConstraint(["batch_key"], ["batches.key"], name=op.f("fk_review_decisions_batch_key")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions"))
    )


def downgrade() -> None:
    """Drop every table, children first."""
    op.drop_table("review_decisions")
    op.drop_table("facts")
    op.drop_table("events")
    op.drop_table("check_results")
    op.drop_table("batch_articles")
    op.drop_table("batches")
    op.drop_table("article_sources")
    op.drop_table("sources")
    op.drop_table("runs")
    op.drop_table("articles")
