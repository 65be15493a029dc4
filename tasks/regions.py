"""Regions: gazetteer of China's administrative divisions and resolution of mentions (PLACEHOLDER)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Gazetteer:
    """Regions by full name, with parents and aliases."""

    seeds_dir: Path


def load_gazetteer(seeds_dir: Path) -> Gazetteer:
    return Gazetteer(seeds_dir=seeds_dir)
