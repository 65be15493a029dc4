"""Exceptions for batch-level problems. Record-level problems are values (`ArticleResult.error`).

    ZhaoshangError
    ├── ConfigError        bad usage or configuration        (exit 2)
    ├── GateFailed         a blocking expectation failed     (exit 3, batch quarantined)
    └── LoadError          the database refused a batch      (exit 1)
"""

from __future__ import annotations


class ZhaoshangError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(ZhaoshangError):
    """Bad usage or configuration: the message says what to change."""


class GateFailed(ZhaoshangError):
    """A blocking expectation failed for a batch."""

    def __init__(self, batch_key: str, failed: list[str], summary: object | None = None) -> None:
        self.batch_key = batch_key
        self.failed = failed
        self.summary = summary  # the run's summary, so the caller can still report every batch
        super().__init__(f"batch {batch_key} blocked by: {', '.join(failed)}")


class LoadError(ZhaoshangError):
    """The database could not take a batch; nothing of it was written."""
