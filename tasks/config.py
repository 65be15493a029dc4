"""Settings read from the environment, in one place. Nothing here runs at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    """Run-wide settings; flags and flow parameters override them."""

    project_root: Path
    seeds_dir: Path
    data_dir: Path
    db_url: str
    report_dir: Path
    batch_size: int


def load_settings() -> Settings:
    """Read ZHAOSHANG_* variables, falling back to folders inside the project."""
    root = Path(os.environ.get("ZHAOSHANG_HOME", PROJECT_ROOT))
    data_dir = Path(os.environ.get("ZHAOSHANG_DATA_DIR", root / "data"))
    return Settings(
        project_root=root,
        seeds_dir=Path(os.environ.get("ZHAOSHANG_SEEDS_DIR", root / "seeds")),
        data_dir=data_dir,
        db_url=os.environ.get("ZHAOSHANG_DB_URL", f"sqlite:///{data_dir / 'zhaoshang.db'}"),
        report_dir=Path(os.environ.get("ZHAOSHANG_REPORT_DIR", data_dir / "reports")),
        batch_size=int(os.environ.get("ZHAOSHANG_BATCH_SIZE", "200")),
    )
