"""Fetch: source specs -> RawArticle records, and RawArticles -> batches.

Local files and folders only for now (`.txt` and `.html`); the bytes are read as they
are on disk, nothing is decoded here. Side effects: reads files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tasks.errors import ConfigError
from tasks.models import RawArticle

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class SourceSpec:
    """Where one source's articles come from (grain: one configured or named source)."""

    name: str
    kind: str  # "folder" | "file"
    location: str
    home_region: str | None = None
    encoding: str | None = None


def resolve_sources(args: Sequence[str], default_dir: Path) -> list[SourceSpec]:
    """Turn the CLI's SOURCE arguments into specs; no arguments means the sample articles.

    Raises ConfigError for a source that names nothing readable.
    """
    if not args:
        return [SourceSpec(name="seeds", kind="folder", location=str(default_dir))]
    specs = []
    for arg in args:
        if arg.startswith(("http://", "https://")):
            raise ConfigError(f"source {arg!r}: fetching over HTTP is not available in this version; "
                              "save the page to a file or folder and pass that path")
        path = Path(arg)
        if path.is_dir():
            specs.append(SourceSpec(name=path.resolve().name, kind="folder", location=str(path)))
        elif path.is_file():
            specs.append(SourceSpec(name=path.resolve().parent.name, kind="file", location=str(path)))
        else:
            raise ConfigError(f"source {arg!r} is not a file or folder (give a .txt/.html file or a folder of them)")
    return specs


def list_article_paths(spec: SourceSpec) -> list[Path]:
    """The files of a source, sorted so batches are deterministic."""
    location = Path(spec.location)
    if spec.kind == "file":
        return [location]
    return sorted(p for p in location.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def read_articles(spec: SourceSpec, paths: Iterable[Path]) -> Iterator[RawArticle]:
    """Read each file's bytes; an unreadable file becomes an article with empty bytes (normalize flags it)."""
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        yield RawArticle(
            source_name=spec.name,
            uri=str(path),
            raw=data,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            home_region=spec.home_region,
            encoding_hint=spec.encoding,
        )


def chunk(items: Sequence[RawArticle], size: int) -> list[list[RawArticle]]:
    """Split one source's articles into batches of at most `size`."""
    if size < 1:
        raise ConfigError(f"batch size must be at least 1, got {size}")
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
