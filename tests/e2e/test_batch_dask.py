"""`sdmonitor batch --executor dask` (issue 12): the same kpis.csv as the local executor.

Two municipalities of the demo data with a short chapter list (inleiding only, verantwoording
always last) to keep the test short; the dask run uses a LocalCluster of 2 worker processes
(`--workers 2` without `--scheduler`). The local executor's batch is `local_short_batch`
(conftest.py), built once per test run and also the reference of test_batch_cluster.py.
"""

from __future__ import annotations

import json

import pytest
from conftest import GEMEENTEN, PERIODE, assert_same_kpis, dask_batch, short_parameters

pytestmark = pytest.mark.e2e


def test_dask_executor_writes_the_same_kpis_as_the_local_one(data, local_short_batch, tmp_path):
    pytest.importorskip("dask.distributed")
    dask = tmp_path / "dask"

    # Each executor its own cache: each batch computes the figures itself (its figures pass, issue 25),
    # it does not copy the other run's figures.
    r, local = local_short_batch
    assert r.returncode == 0, r.stderr
    r = dask_batch(data, dask, tmp_path / "cache-dask", short_parameters(tmp_path / "parameters"), "--workers", "2")
    assert_same_kpis(local, dask)
    for name in GEMEENTEN:
        for run in (local, dask):
            manifest = json.loads((run / name / PERIODE / "manifest.json").read_text(encoding="utf-8"))
            # the runs take the figures the batch's own pass put into its edition cache
            assert manifest["parameters"]["cijfers_uit_cache"] is True
    # progress as each municipality finishes, not only at the end
    assert "Wijchen: klaar in" in r.stderr and "Druten: klaar in" in r.stderr
