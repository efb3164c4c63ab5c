# Every set-up step lives here, so a fresh machine needs nothing done by hand.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-all bench bench-prefect fixtures capture-deployment typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(VENV)/.installed-bench: pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

## make run: set up and plan the shipped example deployment across a DST change
run: $(STAMP)
	$(BIN)/interval-schedule plan examples/deployment.json --now 2026-10-31T12:00:00Z

## make test: set up and run the test suite (doctests included, slow sweeps and benchmarks excluded)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## make test-all: also the exhaustive sweeps (every zone, every transition)
test-all: $(STAMP)
	$(BIN)/python -m pytest -q -m ''

## make bench: pytest-benchmark suite with the comparison baselines (installs pandas)
bench: $(VENV)/.installed-bench
	$(BIN)/python -m pytest benchmarks -q --benchmark-only --benchmark-columns=min,median,rounds \
		--benchmark-sort=name --benchmark-json=benchmarks/results/latest.json \
		-o addopts='' -o python_files='bench_*.py'

## make bench-prefect: Prefect 3.9.1's own timings, in a separate venv (Prefect is never a dependency)
PREFECT_VENV := .venv-prefect
$(PREFECT_VENV)/bin/python:
	$(PYTHON) -m venv $(PREFECT_VENV)
	$(PREFECT_VENV)/bin/python -m pip install --quiet prefect==3.9.1

bench-prefect: $(PREFECT_VENV)/bin/python
	PYTHONTZPATH= $(PREFECT_VENV)/bin/python benchmarks/prefect_baseline.py

# Prefect 3.9.1 on Python 3.13 computes dates with whenever instead of pendulum (profile "prefect-py313").
PYTHON313 ?= /root/.pyenv/versions/3.13.0/bin/python3.13
PREFECT313_VENV := .venv-prefect313
$(PREFECT313_VENV)/bin/python:
	$(PYTHON313) -m venv $(PREFECT313_VENV)
	$(PREFECT313_VENV)/bin/python -m pip install --quiet prefect==3.9.1 tzdata==2026.6

## make fixtures: regenerate tests/data/prefect_*.json with real Prefect 3.9.1 on Python 3.11 and 3.13
fixtures: $(PREFECT_VENV)/bin/python $(PREFECT313_VENV)/bin/python
	PYTHONTZPATH= $(PREFECT_VENV)/bin/python scripts/generate_prefect_fixtures.py
	PYTHONTZPATH= $(PREFECT313_VENV)/bin/python scripts/generate_prefect_fixtures.py

## make capture-deployment: record a real Prefect 3.9.1 server's deployment response (tests/data/)
capture-deployment: $(PREFECT_VENV)/bin/python
	PYTHONTZPATH= $(PREFECT_VENV)/bin/python scripts/capture_prefect_deployment.py

## make typecheck: mypy over the package (installs mypy into .venv on demand; not part of make test)
typecheck: $(STAMP)
	$(BIN)/python -m pip install --quiet mypy
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) $(PREFECT_VENV) $(PREFECT313_VENV) build *.egg-info src/*.egg-info
