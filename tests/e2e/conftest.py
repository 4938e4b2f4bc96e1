"""Fixtures of the end-to-end tests: the demo reports of Wijchen and Druten, built once per test
run (whichever pytest-xdist worker needs them first; `shared_once` in tests/conftest.py) and read
by the run checks (test_run_cli.py), the browser and PDF tests and the other report readers."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from report_checks import demo_data, sdmonitor
from shared_build import shared_once

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
    """`{gemeente: (CompletedProcess, report folder)}` of `sdmonitor run [--pdf]` on the demo data.

    The reports are only read (a test that changes one works on a copy), so all workers share one
    build."""
    def build(out: Path) -> dict[str, dict]:
        extra = ["--pdf"] if pdf_wanted() else []
        results = {}
        for g in GEMEENTEN:
            r = sdmonitor("run", "--data", str(data), "--gemeente", g, "--periode", PERIODE, "--out", str(out),
                          *extra)
            results[g] = {"args": r.args, "returncode": r.returncode, "stdout": r.stdout, "stderr": r.stderr,
                          "folder": str(out / g / PERIODE)}
        return results

    built = shared_once(tmp_path_factory, "reports", build)
    return {g: (subprocess.CompletedProcess(b["args"], b["returncode"], b["stdout"], b["stderr"]), Path(b["folder"]))
            for g, b in built.items()}
