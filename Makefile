# Every set-up step lives here, so a fresh machine needs nothing done by hand.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-all bench bench-prefect fixtures typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(VENV)/.installed-bench: pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

# A second tzdata release (tzdata 2025.2 = IANA 2025b) for the TzSource tests,
# fetched through pip like every other dependency and unpacked under build/.
TZDATA_2025B := build/tzdata-2025.2
$(TZDATA_2025B)/tzdata/zones: | $(BIN)/python
	rm -rf $(TZDATA_2025B)
	$(BIN)/python -m pip download --quiet --no-deps --only-binary=:all: tzdata==2025.2 -d build/wheels
	$(BIN)/python -m zipfile -e build/wheels/tzdata-2025.2-py2.py3-none-any.whl $(TZDATA_2025B)
	touch $@

## make run: set up and plan the shipped example deployment across a DST change
run: $(STAMP)
	$(BIN)/interval-schedule plan examples/deployment.json --now 2026-10-31T12:00:00Z

## make test: set up and run the test suite (doctests included, slow sweeps and benchmarks excluded)
test: $(STAMP) $(TZDATA_2025B)/tzdata/zones
	$(BIN)/python -m pytest -q

## make test-all: also the exhaustive sweeps (every zone, every transition)
test-all: $(STAMP) $(TZDATA_2025B)/tzdata/zones
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

## make fixtures: regenerate tests/data/prefect_*.json with real Prefect 3.9.1
fixtures: $(PREFECT_VENV)/bin/python
	PYTHONTZPATH= $(PREFECT_VENV)/bin/python scripts/generate_prefect_fixtures.py

## make typecheck: mypy over the package (installs mypy into .venv on demand; not part of make test)
typecheck: $(STAMP)
	$(BIN)/python -m pip install --quiet mypy
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) $(PREFECT_VENV) build *.egg-info src/*.egg-info
