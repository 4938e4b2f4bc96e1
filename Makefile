# Two commands for a fresh machine: `make monitor` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := data/demo
GEMEENTE ?= wijchen
PERIODE ?= 2026-02

.PHONY: monitor test install install-dev demo-data clean lab kernel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# One install with the dev extras, not the plain one first and then this one: it is a plain
# install too (hence both stamps).
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# `make test` writes the demo data after its (dev) install, never with a plain install of its own.
DEMO_INSTALL := $(if $(filter test,$(MAKECMDGOALS)),$(VENV)/.installed-dev,$(VENV)/.installed)
$(DEMO)/declaraties.csv: | $(DEMO_INSTALL)
	$(BIN)/sdmonitor demo-data --out $(DEMO)

demo-data: $(DEMO)/declaraties.csv

## Build the Wijchen monitor for periode 2026-02 from the demo data.
monitor: $(VENV)/.installed demo-data
	$(BIN)/sdmonitor run --data $(DEMO) --gemeente $(GEMEENTE) --periode $(PERIODE)

## Install dev dependencies, lint (ruff) and type-check (mypy; settings in pyproject.toml) — a finding
## fails the target — then run the whole test suite (unit, e2e, nbval), one worker per core
## (pytest-xdist; `--dist loadscope` keeps a notebook's cells, and a test file, on one worker;
## `--no-loadscope-reorder` keeps tests/conftest.py's order, the slowest files first, so the workers
## finish together; the 25 slowest tests are listed at the end).
## nbval runs the notebooks in this environment's Python (`--nbval-current-env`), whatever kernel
## their metadata names, so a machine without the registered "sdmonitor" kernel (CI) runs them too.
test: $(VENV)/.installed-dev demo-data
	$(BIN)/ruff check lib tests tools benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env -n auto --dist loadscope \
		--no-loadscope-reorder --durations=25

## The notebooks ask for the kernel "sdmonitor" (their kernelspec): this .venv's Python, registered
## in .venv (not in ~), so JupyterLab, VS Code & co. never run them in another Python that happens
## to be called python3. `sdmonitor run` names its kernel itself (run/kernels.py: KERNEL).
KERNEL_NAME := sdmonitor
kernel: $(VENV)/.installed
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "Python (sdmonitor)" >/dev/null

## JupyterLab on notebooks/ with the project's kernel: open notebooks/verkenner.ipynb for the
## explorer. LAB_ARGS passes options (--no-browser --port 8899).
LAB_ARGS ?=
lab: $(VENV)/.installed kernel demo-data
	SDMONITOR_HOME=$(CURDIR) $(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

clean:
	rm -rf $(VENV) reports/*/ $(DEMO)
