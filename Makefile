# Two commands (see README): `make run` and `make test`. Both build the virtualenv
# from the pinned constraints first; nothing installed by hand is needed.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: setup run test bench bench-extract clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/zhaoshang run

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

bench: setup  # the README's figures: about 40 minutes on 2 cores (the whole flow over 100,000 articles)
	$(BIN)/python benchmarks/run_all.py --count 2000 --memory 10000,100000 --flow-memory-max 100000

bench-extract: setup  # extraction speed on the seed articles, interpreted, then compiled as deployed (setup.py)
	$(BIN)/python benchmarks/bench_extract.py
	rm -rf build/compiled && $(BIN)/python scripts/build_compiled.py build/compiled
	cd build/compiled && PYTHONPATH=. ZHAOSHANG_HOME=$(CURDIR) $(CURDIR)/$(BIN)/python $(CURDIR)/benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) data build
