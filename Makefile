# Every set-up step lives here, so a fresh machine needs nothing done by hand.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-all test-matrix bench bench-prefect fixtures typecheck clean

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

## make test-matrix: the suite on every supported Python found (3.11-3.13), each with the newest
## dependencies pip picks and with the oldest ones pyproject.toml allows; fails if any cell fails.
## One venv per cell under .venv-matrix/<version>-<newest|oldest>, rebuilt when pyproject.toml changes.
MATRIX_DIR := .venv-matrix
MATRIX_VERSIONS := 3.11 3.12 3.13
PYENV_ROOT ?= $(HOME)/.pyenv
# The oldest versions pyproject.toml allows on each Python (its floors, markers included).
OLDEST_3.11 := 'numpy==1.26.*' 'pendulum==3.0.*'
OLDEST_3.12 := 'numpy==1.26.*' 'pendulum==3.0.*'
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

test-matrix:
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

## make fixtures: regenerate tests/data/prefect_*.json with real Prefect 3.9.1
fixtures: $(PREFECT_VENV)/bin/python
	PYTHONTZPATH= $(PREFECT_VENV)/bin/python scripts/generate_prefect_fixtures.py

## make typecheck: mypy over the package (installs mypy into .venv on demand; not part of make test)
typecheck: $(STAMP)
	$(BIN)/python -m pip install --quiet mypy
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) $(PREFECT_VENV) $(MATRIX_DIR) build *.egg-info src/*.egg-info
