# Two commands for a fresh machine: `make monitor` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := data/demo
GEMEENTE ?= wijchen
PERIODE ?= 2026-02

.PHONY: monitor test install install-dev demo-data clean

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

## Install dev dependencies and run the whole test suite (unit, e2e, nbval).
test: $(VENV)/.installed-dev demo-data
	$(BIN)/python -m pytest tests notebooks --nbval-lax

clean:
	rm -rf $(VENV) reports/*/ $(DEMO)
