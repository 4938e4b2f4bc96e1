"""Same inputs and peildatum → byte-identical kpis.csv and an identical HTML apart from the timestamp."""

from __future__ import annotations

import json
import re

import pytest
from report_checks import sdmonitor

pytestmark = pytest.mark.e2e


def _run(data, out, cache):
    # Each run its own cache: two computations are compared, not a file with its cached copy.
    r = sdmonitor("run", "--data", str(data), "--gemeente", "druten", "--periode", "2025-03",
                  "--peildatum", "2026-03-01", "--out", str(out), env={"SDMONITOR_CACHE": str(cache)})
    assert r.returncode == 0, r.stderr
    edition = out / "druten" / "2025-03"
    manifest = json.loads((edition / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["cijfers_uit_cache"] is False
    return edition


def test_two_runs_are_identical_but_for_the_timestamp(demo_data, tmp_path):
    first = _run(demo_data, tmp_path / "a", tmp_path / "cache-a")
    second = _run(demo_data, tmp_path / "b", tmp_path / "cache-b")
    assert (first / "intern" / "kpis.csv").read_bytes() == (second / "intern" / "kpis.csv").read_bytes()
    assert (first / "cijfers.csv").read_bytes() == (second / "cijfers.csv").read_bytes()
    assert (first / "kpi-overzicht.csv").read_bytes() == (second / "kpi-overzicht.csv").read_bytes()
    a = (first / "monitor.html").read_text(encoding="utf-8").splitlines()
    b = (second / "monitor.html").read_text(encoding="utf-8").splitlines()
    assert len(a) == len(b)
    differing = [(x, y) for x, y in zip(a, b) if x != y]
    assert len(differing) <= 1, differing[:3]
    for x, _ in differing:
        assert re.search(r"\d{1,2}:\d{2}", x), "only the generation time may differ"
