"""Only for the compiled build: `ZHAOSHANG_COMPILE=1 pip install .` compiles the extraction modules
with mypyc (about 1.4 times the speed of the same code interpreted; outputs are the same, which
tests/deploy/test_compiled_build.py checks). Without it the package is plain Python, as in development,
so an edited module is never shadowed by a stale compiled one. Everything else is in pyproject.toml."""

import os

from setuptools import setup

# The pure stages that run per article (normalize, extract and what they call). Modules with I/O,
# the models passed between stages and the flows stay interpreted.
COMPILED = [
    "tasks/wordtrie.py",
    "tasks/numbers.py",
    "tasks/periods.py",
    "tasks/regions.py",
    "tasks/normalize.py",
    "tasks/events.py",
    "tasks/extract.py",
]

ext_modules = []
if os.environ.get("ZHAOSHANG_COMPILE") == "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3")

setup(ext_modules=ext_modules)
