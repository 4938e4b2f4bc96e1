"""Fixtures shared by the whole suite, and the order in which pytest-xdist hands out the test files.

`make test` runs the suite on one pytest-xdist worker per core (`--dist loadscope`). A session
fixture runs once per worker; the expensive ones that only produce files to read (the demo data,
the demo reports in e2e/conftest.py) are built once per test run instead (`shared_once`): the
first worker that needs one builds it in the run's shared temp folder, under a lock, and the others
read the same files. The validated-input and edition caches are shared the same way, so a figure
table computed on one worker is not computed again on the other (the caches are built for several
commands at once: one lock per entry, see `sdmonitor.cache_io`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from shared_build import shared_once, shared_root

# Test files that take minutes (full `sdmonitor run`s, batches, browsers), handed out first so the
# workers finish together: pytest-xdist would otherwise order the files by their number of tests
# (`--loadscope-reorder`), which puts the slowest, one-test files last. Only the order changes;
# a file missing from this list runs after these, in the default order. The Makefile passes
# `--no-loadscope-reorder` so the scheduler keeps this order.
SLOW_FIRST = (
    "tests/e2e/test_bad_input_corpus.py",
    "tests/e2e/test_run_cli.py",
    "tests/e2e/test_wijzigingen_cli.py",
    "tests/e2e/test_batch_cli.py",
    "tests/e2e/test_reproducible.py",
    "tests/e2e/test_batch_dask.py",
    "tests/e2e/test_batch_cluster.py",
    "tests/e2e/test_kpis_all_cli.py",
    "tests/e2e/test_trust_cli.py",
    "tests/e2e/test_trust3_cli.py",
    "tests/e2e/test_walkthrough.py",
    "tests/e2e/test_small_numbers.py",
    "tests/e2e/test_small_numbers_all.py",
    "tests/e2e/test_status_gaps.py",
    "tests/e2e/test_verkenner_browser.py",
    "tests/e2e/test_docs_snippets.py",
    "tests/e2e/test_browser.py",
    "tests/e2e/test_pdf_accessible.py",
    "tests/e2e/test_elements.py",
    "tests/e2e/test_run_kernels.py",
    "tests/e2e/test_contract_examples.py",
    "tests/e2e/test_archive_chain.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    """Slow files first (`SLOW_FIRST`), then the notebooks (nbval: tens of seconds each), then the
    rest, each group in collection order: the same order on every worker, as pytest-xdist requires."""
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}

    def group(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return rank.get(path, len(rank) + (0 if path.startswith("notebooks/") else 1))

    order = {id(item): (group(item), i) for i, item in enumerate(items)}
    items.sort(key=lambda item: order[id(item)])


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    """A freshly generated default demo data set (seconds), shared by every test that only reads it.

    Generated here rather than taken from `data/demo/` so a stale local copy can never mask a change
    in the generator; once per test run, by whichever worker needs it first (`shared_once`).
    """

    def generate(folder: Path) -> str:
        from sdmonitor.demo import write_demo_data

        write_demo_data(folder, seed=2026)
        return str(folder)

    return Path(shared_once(tmp_path_factory, "demo", generate))


@pytest.hookimpl(trylast=True)  # after the tmpdir plugin made `config._tmp_path_factory`
def pytest_configure(config) -> None:
    """The validated-input and edition caches (`store`, `edition_cache`) of the test run live in
    its own temporary folder, never in the developer's ~/.cache, shared by the workers; commands
    started as subprocesses, and the kernels nbval starts for the notebooks, inherit it. Set here
    rather than in a fixture so it is in place before the first notebook's kernel starts (nbval's
    cells take no fixtures)."""
    cache = shared_root(config._tmp_path_factory) / "sdmonitor-cache"  # the same on every worker
    cache.mkdir(mode=0o700, exist_ok=True)
    os.environ["SDMONITOR_CACHE"] = str(cache)


@pytest.fixture()
def lost_sigterm(monkeypatch):
    """A fresh SIGTERM state (`sdmonitor.termination`, restored after the test: a SIGTERM noted in one
    test must not stop the worker's next ones), and a function that sends a SIGTERM whose exception
    is lost, as Python loses one raised in a `__del__` or a weakref callback (printed, not raised)."""
    from sdmonitor import termination

    monkeypatch.setattr(termination, "_STATE", dict(termination._STATE))
    termination._forget()  # the state of a fresh process (as a forked child starts), on the copy

    def send() -> None:
        try:
            termination.on_sigterm(15, None)
        except termination.Terminated:
            pass

    return send
