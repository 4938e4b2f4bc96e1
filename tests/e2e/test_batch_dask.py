"""`sdmonitor batch --executor dask` (issue 12): the same kpis.csv as the local executor.

Two municipalities of the demo data with a short chapter list (inleiding only, verantwoording
always last) to keep the test short; the dask run uses a LocalCluster of 2 worker processes
(`--workers 2` without `--scheduler`).
"""

from __future__ import annotations

import json

import pytest
from report_checks import ROOT, demo_data, sdmonitor

pytestmark = pytest.mark.e2e
PERIODE = "2026-02"


def test_dask_executor_writes_the_same_kpis_as_the_local_one(tmp_path):
    pytest.importorskip("dask.distributed")
    data = demo_data(tmp_path)
    params = tmp_path / "parameters"
    params.mkdir()
    for name in ("wijchen", "druten"):
        text = (ROOT / "parameters" / f"{name}.yaml").read_text(encoding="utf-8")
        lines = [("hoofdstukken: [inleiding]" if line.startswith("hoofdstukken:") else line)
                 for line in text.splitlines()]
        (params / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"SDMONITOR_PARAMETERS": str(params)}
    local, dask = tmp_path / "local", tmp_path / "dask"

    # Each executor its own cache: each batch computes the figures itself (its figures pass, issue 25),
    # it does not copy the other run's figures.
    r = sdmonitor("batch", "--data", str(data), "--periode", PERIODE, "--gemeenten", "wijchen,druten",
                  "--out", str(local), env={**env, "SDMONITOR_CACHE": str(tmp_path / "cache-local")})
    assert r.returncode == 0, r.stderr
    r = sdmonitor("batch", "--data", str(data), "--periode", PERIODE, "--gemeenten", "wijchen,druten",
                  "--executor", "dask", "--workers", "2", "--out", str(dask),
                  env={**env, "SDMONITOR_CACHE": str(tmp_path / "cache-dask")})
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    for name in ("wijchen", "druten"):
        a = (local / name / PERIODE / "intern" / "kpis.csv").read_bytes()
        b = (dask / name / PERIODE / "intern" / "kpis.csv").read_bytes()
        assert a == b and len(a) > 1000
        for run in (local, dask):
            manifest = json.loads((run / name / PERIODE / "manifest.json").read_text(encoding="utf-8"))
            # the runs take the figures the batch's own pass put into its edition cache
            assert manifest["parameters"]["cijfers_uit_cache"] is True
    # progress as each municipality finishes, not only at the end
    assert "Wijchen: klaar in" in r.stderr and "Druten: klaar in" in r.stderr
