"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    """A freshly generated default demo data set (seconds), shared by every test that only reads it.

    Generated here rather than taken from `data/demo/` so a stale local copy can never mask a change
    in the generator.
    """
    from sdmonitor.demo import write_demo_data

    out = tmp_path_factory.mktemp("demo")
    write_demo_data(out, seed=2026)
    return out


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory) -> None:
    """The validated-input cache (`store`) of the test session lives in its own temporary folder,
    never in the developer's ~/.cache; commands started as subprocesses inherit it."""
    import os

    os.environ["SDMONITOR_CACHE"] = str(tmp_path_factory.mktemp("sdmonitor-cache"))
