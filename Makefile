# pmo_forecast: `make demo` and `make test` are all a fresh machine needs (Python 3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export MPLBACKEND := Agg

.DEFAULT_GOAL := help
.PHONY: help install demo test test-slow test-all notebooks lab dashboard sample benchmarks lint clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# uv is about 20x faster than pip here; pip is the fallback. Bytecode is compiled at install
	@# (pip does so itself): where PYTHONDONTWRITEBYTECODE is set, every process would otherwise
	@# recompile pandas, scipy and scikit-learn on import (about 5 s of CPU each)
	@( $(BIN)/python -m pip install -q --disable-pip-version-check uv \
	   && $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -e ".[dev]" ) \
	 || $(BIN)/python -m pip install -q --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the package with its dev tools

demo: $(STAMP)  ## run the planning pack on the bundled sample into out/
	$(BIN)/pmo-forecast report data/sample/tasks.csv --projects data/sample/projects.csv \
	  --people data/sample/people.csv --requests data/sample/requests.csv \
	  --scenario data/scenarios/one-more-pm.yaml --scenario data/scenarios/approvals-share.yaml \
	  --trials 10000 --seed 0 --out out

# nbval checks the committed notebook outputs in a kernel whose clock runs a year ahead
# (tests/jupyter): a result that reads the wall clock instead of the data's as-of date fails.
# A cell over 120 s fails with its name (every cell takes under a minute on 2 loaded cores).
# Two pytest workers (the machine has two cores); one file, or one notebook, per worker.
PYTEST := $(BIN)/python -m pytest -q -n 2 --dist loadfile
NBVAL := JUPYTER_PATH=$(CURDIR)/tests/jupyter $(PYTEST) -p no:randomly --nbval \
	--nbval-kernel-name python3-a-year-later --nbval-cell-timeout 120 \
	--nbval-sanitize-with notebooks/sanitize.cfg

test: $(STAMP)  ## the everyday check: unit tests, then every notebook's committed outputs (nbval)
	$(PYTEST) tests pmo_forecast --doctest-modules --ignore=tests/jupyter -m "not slow and not browser"
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then $(NBVAL) notebooks; fi

test-slow: $(STAMP)  ## the slow checks: statistical recoveries, notebooks on a second dataset, browser
	$(BIN)/python -m pytest tests -q -n 2 -m "slow or browser"

test-all: test test-slow  ## every test (what CI runs)

notebooks: $(STAMP)  ## re-execute every notebook in place (after a change to a model or the sample), then commit
	cd notebooks && env -u MPLBACKEND OPENBLAS_NUM_THREADS=1 ../$(BIN)/jupyter nbconvert --to notebook \
	  --execute --inplace --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 \
	  [0-9][0-9]-*.ipynb && ../$(BIN)/python widget_ids.py [0-9][0-9]-*.ipynb

lab: $(STAMP)  ## open JupyterLab on notebooks/
	env -u MPLBACKEND $(BIN)/jupyter lab notebooks

dashboard: $(STAMP)  ## serve the staffing what-if notebook as a Voila dashboard on 127.0.0.1:8866
	env -u MPLBACKEND JUPYTER_PATH=$(CURDIR)/notebooks/jupyter $(BIN)/voila notebooks/05-staffing-what-if.ipynb \
	  --template=offline --no-browser --Voila.ip=127.0.0.1 --port=8866

sample: $(STAMP)  ## regenerate data/sample from the seeded generator
	$(BIN)/pmo-forecast sample --out data/sample

benchmarks: $(STAMP)  ## run the benchmark scripts (prints figures; slow)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check pmo_forecast tests benchmarks

clean:  ## remove the environment and outputs
	rm -rf $(VENV) out .pytest_cache
