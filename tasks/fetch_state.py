"""Fetch state under the data folder: what each location gave last time, and a log of every HTTP exchange.

    <data_dir>/fetch_state/<source>.json   one entry per location (URL or file path) of the source:
                                           its `Validators` (ETag, Last-Modified, mtime and size, and
                                           the sha256 of the body they describe)
    <data_dir>/fetch_log/<source>.jsonl    one line per article request: URL, final URL, status,
                                           response headers, fetch time, sha256 of the body (joins
                                           `articles.sha256`) or the error

The state only ever saves work: the flow sends validators only while the database holds the body
they describe, so a lost or stale state file costs a full refetch, never an article. A state file
is replaced whole (write, then rename), so a reader never sees half of one.

Input: Validators and Exchanges from tasks.fetch. Side effects: reads and writes those files.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from tasks.fetch import Exchange, Validators

STATE_VERSION = 1


def _file_stem(source_name: str) -> str:
    # Configured names are already safe; a command-line URL's source is its host, maybe with a port.
    return re.sub(r"[^A-Za-z0-9._-]", "_", source_name)


def state_path(data_dir: Path, source_name: str) -> Path:
    return data_dir / "fetch_state" / f"{_file_stem(source_name)}.json"


def log_path(data_dir: Path, source_name: str) -> Path:
    return data_dir / "fetch_log" / f"{_file_stem(source_name)}.jsonl"


def read_validators(data_dir: Path, source_name: str) -> dict[str, Validators]:
    """The remembered validators of a source by location; empty when there is no (readable) state."""
    try:
        data = json.loads(state_path(data_dir, source_name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return {}
    remembered = {}
    for entry in data.get("locations", []):
        try:
            validators = Validators(**entry)
        except TypeError:
            continue  # an entry from another layout: forget it (a refetch, nothing lost)
        remembered[validators.uri] = validators
    return remembered


def remember_validators(data_dir: Path, source_name: str, fresh: Iterable[Validators]) -> None:
    """Merge fresh validators into the source's state file (fresh ones win) and write it whole."""
    merged = read_validators(data_dir, source_name)
    fresh = list(fresh)
    if not fresh:
        return
    merged.update((v.uri, v) for v in fresh)
    path = state_path(data_dir, source_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "version": STATE_VERSION,
        "source": source_name,
        "locations": [asdict(merged[uri]) for uri in sorted(merged)],
    }
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
    ) as tmp:
        json.dump(body, tmp, ensure_ascii=False, indent=1)
    os.replace(tmp.name, path)


def append_exchanges(data_dir: Path, source_name: str, exchanges: Iterable[Exchange]) -> None:
    """Append one JSON line per exchange to the source's fetch log."""
    lines = [json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in exchanges]
    if not lines:
        return
    path = log_path(data_dir, source_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.writelines(lines)
