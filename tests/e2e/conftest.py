"""Fixtures of the end-to-end tests: the demo reports of Wijchen and Druten, built once per test
run (whichever pytest-xdist worker needs them first; `shared_once` in tests/conftest.py) and read
by the run checks (test_run_cli.py), the browser and PDF tests and the other report readers; and
the local executor's short batch that the dask executors are compared with."""

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
ROOT = Path(__file__).resolve().parents[2]


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


def short_parameters(folder: Path, chapters: tuple[str, ...] = ("inleiding",)) -> Path:
    """Wijchen's and Druten's parameters with a short chapter list (`chapters`, inleiding only by
    default; verantwoording is always last), in `folder`: runs and batches that check something
    other than every chapter."""
    folder.mkdir()
    for name in GEMEENTEN:
        text = (ROOT / "parameters" / f"{name}.yaml").read_text(encoding="utf-8")
        lines = [(f"hoofdstukken: [{', '.join(chapters)}]" if line.startswith("hoofdstukken:") else line)
                 for line in text.splitlines()]
        (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def local_short_batch(data, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """(CompletedProcess, out folder) of `sdmonitor batch` with the local executor: Wijchen and Druten
    with `short_parameters`, in a cache of its own (the batch computes its figures itself). The
    reference of test_batch_dask.py and test_batch_cluster.py, which only read it: built once per
    test run."""
    def build(folder: Path) -> dict:
        params = short_parameters(folder / "parameters")
        out = folder / "local"
        r = sdmonitor("batch", "--data", str(data), "--periode", PERIODE, "--gemeenten", ",".join(GEMEENTEN),
                      "--out", str(out), env={"SDMONITOR_PARAMETERS": str(params),
                                              "SDMONITOR_CACHE": str(folder / "cache-local")})
        return {"args": r.args, "returncode": r.returncode, "stdout": r.stdout, "stderr": r.stderr, "out": str(out)}

    b = shared_once(tmp_path_factory, "local-short-batch", build)
    return subprocess.CompletedProcess(b["args"], b["returncode"], b["stdout"], b["stderr"]), Path(b["out"])


def dask_batch(data: Path, out: Path, cache: Path, parameters: Path, *executor: str) -> subprocess.CompletedProcess:
    """`sdmonitor batch` of `GEMEENTEN` with the dask executor (`executor`: its options), checked to
    succeed without a traceback."""
    r = sdmonitor("batch", "--data", str(data), "--periode", PERIODE, "--gemeenten", ",".join(GEMEENTEN),
                  "--executor", "dask", *executor, "--out", str(out),
                  env={"SDMONITOR_PARAMETERS": str(parameters), "SDMONITOR_CACHE": str(cache)})
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return r


def assert_same_kpis(local: Path, other: Path) -> None:
    """Every municipality's `kpis.csv` byte for byte the same in two batch outputs (and not empty)."""
    for name in GEMEENTEN:
        a = (local / name / PERIODE / "intern" / "kpis.csv").read_bytes()
        b = (other / name / PERIODE / "intern" / "kpis.csv").read_bytes()
        assert a == b and len(a) > 1000
