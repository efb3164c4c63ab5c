# Every set-up step lives here, so a fresh machine needs nothing done by hand.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run lint test test-all test-matrix test-prefect bench bench-prefect fixtures capture-deployment typecheck pictures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

APS4_VENV := .venv-apscheduler4
APS4_STAMP := $(APS4_VENV)/.installed
$(APS4_STAMP): pyproject.toml
	$(PYTHON) -m venv $(APS4_VENV)
	$(APS4_VENV)/bin/python -m pip install --quiet -e '.[apscheduler4]' 'pytest>=8' 'time-machine>=2.13'
	touch $@

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

## make lint: ruff (rules in pyproject.toml) and mypy --strict (config in pyproject.toml) over the package; make test runs it first
lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/python -m mypy

## make test: lint, then the test suite (doctests included, slow sweeps and benchmarks excluded);
## the APScheduler 4 adapter's tests run in their own venv (APScheduler 4 cannot sit next to 3.x)
test: lint $(STAMP) $(APS4_STAMP) $(TZDATA_2025B)/tzdata/zones
	$(BIN)/python -m pytest -q
	$(APS4_VENV)/bin/python -m pytest -q -p no:cacheprovider -o addopts='' --doctest-modules \
		tests_apscheduler4 src/interval_schedule/adapters/apscheduler4.py

## make test-matrix: the suite on every supported Python found (3.11-3.13), each with the newest
## dependencies pip picks and with the oldest ones pyproject.toml allows; fails if any cell fails.
## One venv per cell under .venv-matrix/<version>-<newest|oldest>, rebuilt when pyproject.toml changes.
MATRIX_DIR := .venv-matrix
MATRIX_VERSIONS := 3.11 3.12 3.13
PYENV_ROOT ?= $(HOME)/.pyenv
# The oldest versions pyproject.toml allows on each Python (its floors, markers included).
# pyarrow 26 needs numpy 2 at import without saying so in its metadata, so pip would pair it
# with numpy 1.26: the numpy 1.x cells take the last pyarrow that still supports numpy 1.x.
OLDEST_3.11 := 'numpy==1.26.*' 'pendulum==3.0.*' 'pyarrow<26'
OLDEST_3.12 := 'numpy==1.26.*' 'pendulum==3.0.*' 'pyarrow<26'
OLDEST_3.13 := 'numpy==2.1.*' 'pendulum==3.1.*'
# An interpreter for version $(1): pyenv's, else one on PATH that runs (a pyenv shim for a
# version not selected is on PATH but fails).
matrix_python = $(firstword $(wildcard $(PYENV_ROOT)/versions/$(1).*/bin/python$(1)) \
	$(shell python$(1) -c 'import sys; print(sys.executable)' 2>/dev/null))
MATRIX_CELLS = $(foreach v,$(MATRIX_VERSIONS),$(if $(call matrix_python,$(v)),$(v)-newest $(v)-oldest))

$(MATRIX_DIR)/%/.installed: pyproject.toml
	rm -rf $(MATRIX_DIR)/$*
	$(call matrix_python,$(word 1,$(subst -, ,$*))) -m venv $(MATRIX_DIR)/$*
	$(MATRIX_DIR)/$*/bin/python -m pip install --quiet --upgrade pip
	$(MATRIX_DIR)/$*/bin/python -m pip install --quiet --upgrade -e '.[test]' \
		$(if $(filter oldest,$(word 2,$(subst -, ,$*))),$(OLDEST_$(word 1,$(subst -, ,$*))))
	touch $@

test-matrix: $(TZDATA_2025B)/tzdata/zones
	@test -n "$(MATRIX_CELLS)" || { echo "test-matrix: no Python among $(MATRIX_VERSIONS) found"; exit 1; }
	@failed=""; for cell in $(MATRIX_CELLS); do \
		echo "=== test-matrix $$cell"; \
		if $(MAKE) --no-print-directory $(MATRIX_DIR)/$$cell/.installed && \
			$(MATRIX_DIR)/$$cell/bin/python -c 'import sys; from importlib.metadata import version as v; \
				print("python", sys.version.split()[0], *(f"{p} {v(p)}" for p in ("numpy", "pendulum", "tzdata")))' && \
			$(MATRIX_DIR)/$$cell/bin/python -m pytest -q; \
		then echo "=== test-matrix $$cell passed"; else failed="$$failed $$cell"; fi; \
	done; \
	if [ -n "$$failed" ]; then echo "test-matrix FAILED:$$failed"; exit 1; fi; \
	echo "test-matrix passed: $(MATRIX_CELLS)"

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

## make test-prefect: the Prefect API bridge against a real Prefect 3.9.1 server it starts and stops (tests_prefect/)
test-prefect: $(STAMP) $(PREFECT_VENV)/bin/python
	$(BIN)/python -m pytest -q tests_prefect

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

## make pictures: redraw the timeline pictures of docs/ (docs/img/*.svg) with the library itself
pictures: $(STAMP)
	$(BIN)/python scripts/make_pictures.py

## make typecheck: mypy --strict over the package alone (make lint and make test run it too)
typecheck: $(STAMP)
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) $(PREFECT_VENV) $(PREFECT313_VENV) $(APS4_VENV) $(MATRIX_DIR) build *.egg-info src/*.egg-info
