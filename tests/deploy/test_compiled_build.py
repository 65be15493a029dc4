"""The compiled build (setup.py with ZHAOSHANG_COMPILE=1, as deploy/Dockerfile installs it) is the
same program as the interpreted code: its extraction modules are native, and `zhaoshang extract`
prints byte-identical lines for the seeds, the dev set and the written set. Builds the wheel with
mypyc once (about a minute)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from flows.cli import main as zhaoshang

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
NATIVE = ["wordtrie", "numbers", "periods", "regions", "normalize", "events", "extract"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compiled")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_compiled.py"), str(out)], check=True,
                   capture_output=True)
    return out


def _run_compiled(compiled: Path, code: str, *args: str) -> str:
    """Run python code with the compiled package first on the path, outside the checkout."""
    env = {**os.environ, "PYTHONPATH": str(compiled), "ZHAOSHANG_HOME": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=compiled, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


def test_the_extraction_modules_are_native(compiled: Path) -> None:
    code = "import importlib; print(*(importlib.import_module('tasks.' + m).__file__ for m in %r))" % NATIVE
    files = _run_compiled(compiled, code).split()
    assert [Path(f).name.split(".")[0] for f in files] == NATIVE
    assert all(f.endswith(".so") and f.startswith(str(compiled)) for f in files)


def test_compiled_extract_prints_what_the_interpreted_code_prints(compiled: Path) -> None:
    files = sorted(str(p) for d in (ROOT / "seeds" / "articles", SHARED / "dev" / "articles",
                                    ROOT / "tests" / "written" / "articles") for p in d.glob("*.txt"))
    assert len(files) >= 200
    interpreted = io.StringIO()
    with redirect_stdout(interpreted):
        assert zhaoshang(["extract", *files]) == 0
    native = _run_compiled(compiled, "import sys; from flows.cli import main; sys.exit(main())", "extract", *files)
    assert native.splitlines() == interpreted.getvalue().splitlines()
    assert native.count('"error": null') == len(files)
