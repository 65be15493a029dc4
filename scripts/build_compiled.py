"""Build the compiled package (setup.py with ZHAOSHANG_COMPILE=1: mypyc) and unpack it into OUT_DIR.

Usage: .venv/bin/python scripts/build_compiled.py OUT_DIR

With OUT_DIR first on PYTHONPATH, `tasks` and `flows` come from the compiled build and everything else
from the virtualenv; set ZHAOSHANG_HOME to the project for its seeds. Takes about a minute (gcc).
The deployed image (deploy/Dockerfile) is built the same way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_compiled(out_dir: Path) -> None:
    """Build the wheel from a copy of the sources (the checkout stays clean) and unpack it into out_dir."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
            ".git", ".venv", "data", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
        wheels = Path(tmp) / "wheels"
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(source)],
            env={**os.environ, "ZHAOSHANG_COMPILE": "1"}, check=True,
        )
        (wheel,) = wheels.glob("zhaoshang-*.whl")
        out_dir.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(out_dir)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    build_compiled(Path(argv[0]))
    print(f"compiled package in {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
