"""Fixtures of the end-to-end tests: the demo reports of Wijchen and Druten, built once per session
and read by the run checks (test_run_cli.py) and the browser test (test_browser.py)."""

from __future__ import annotations

import os

import pytest
from report_checks import demo_data, sdmonitor

from sdmonitor.publish.pdf import find_chromium

PERIODE = "2026-02"
GEMEENTEN = ("wijchen", "druten")


def pdf_wanted() -> bool:
    """Print the PDF where Chromium is installed, and always under CI (where it must be)."""
    return find_chromium() is not None or os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def data(tmp_path_factory):
    return demo_data(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def reports(data, tmp_path_factory):
    """`{gemeente: (CompletedProcess, report folder)}` of `sdmonitor run [--pdf]` on the demo data."""
    out = tmp_path_factory.mktemp("reports")
    extra = ["--pdf"] if pdf_wanted() else []
    results = {}
    for g in GEMEENTEN:
        r = sdmonitor("run", "--data", str(data), "--gemeente", g, "--periode", PERIODE, "--out", str(out), *extra)
        results[g] = (r, out / g / PERIODE)
    return results
