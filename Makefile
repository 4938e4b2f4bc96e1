# Two commands for a fresh machine: `make monitor` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := data/demo
GEMEENTE ?= wijchen
PERIODE ?= 2026-02

.PHONY: monitor test install install-dev demo-data clean lab

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(DEMO)/declaraties.csv: | $(VENV)/.installed
	$(BIN)/sdmonitor demo-data --out $(DEMO)

demo-data: $(DEMO)/declaraties.csv

## Build the Wijchen monitor for periode 2026-02 from the demo data.
monitor: $(VENV)/.installed demo-data
	$(BIN)/sdmonitor run --data $(DEMO) --gemeente $(GEMEENTE) --periode $(PERIODE)

## Install dev dependencies, lint (ruff) and type-check (mypy; settings in pyproject.toml) — a finding
## fails the target — then run the whole test suite (unit, e2e, nbval), one worker per core
## (pytest-xdist; `--dist loadscope` keeps a notebook's cells, and a test file, on one worker).
test: $(VENV)/.installed-dev demo-data
	$(BIN)/ruff check lib tests tools benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest tests notebooks --nbval-lax -n auto --dist loadscope

## JupyterLab on notebooks/ with the project's kernel "sdmonitor" registered in .venv (not in ~):
## open notebooks/verkenner.ipynb for the explorer. LAB_ARGS passes options (--no-browser --port 8899).
KERNEL_NAME := sdmonitor
LAB_ARGS ?=
lab: $(VENV)/.installed demo-data
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "Python (sdmonitor)" >/dev/null
	SDMONITOR_HOME=$(CURDIR) $(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

clean:
	rm -rf $(VENV) reports/*/ $(DEMO)
