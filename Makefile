# erplink — two commands matter: `make demo` and `make test`. Both build .venv from requirements.txt when missing.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.erplink-installed

.PHONY: demo test live bench venv system-deps lint clean dag-files

# The venv is rebuilt when requirements.txt or pyproject.toml change. uv (itself pinned) installs the exact pins.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	@$(UV) pip install --quiet --python $(PY) -r requirements.txt
	@$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

# PostgreSQL 15, docker-compose (to validate the compose file), Redis and Chromium (the live deployment's broker
# and the browser its tests drive) come from Debian's packages when missing.
system-deps:
	@bash scripts/ensure-system-deps

demo: $(STAMP)
	@$(PY) scripts/demo.py

# Lint, format and types of the library first: a finding fails `make test` before any test runs. The tests run in
# three pytest processes at once (scripts/run-tests says which and why); `$(PY) -m pytest` runs them in one.
test: $(STAMP) lint system-deps
	@bash scripts/run-tests

# ruff and mypy (pinned in requirements.txt) read their settings from pyproject.toml.
lint: $(STAMP)
	@$(VENV)/bin/ruff check plugins/erplink
	@$(VENV)/bin/ruff format --check plugins/erplink
	@$(VENV)/bin/mypy

# The live deployment (docker-compose.yaml's services as local processes, see README "Running it for real"), up
# until Ctrl-C. The live tests (tests/live, part of `make test`) start the same one for themselves.
live: $(STAMP) system-deps
	@$(PY) -m tests.live

# Sizes, latency and scenarios are options: make bench BENCH_ARGS="--sizes 1000,10000 --latency-ms 25"
bench: $(STAMP)
	@$(PY) -m bench $(BENCH_ARGS)

# The tenants' DAG files (dags/erplink_tenants_NN.py) for the tenants file's `dag_files.shards`, after changing it.
dag-files: $(STAMP)
	@$(PY) -m erplink.dagfactory.dag_files dags --write

clean:
	rm -rf $(VENV) .airflow .erplink
