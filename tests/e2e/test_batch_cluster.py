"""`sdmonitor batch --executor dask --scheduler ADDRESS` on a real cluster (issue 25): a
`dask.distributed` scheduler and two workers as separate processes on the loopback interface,
as `dask scheduler` / `dask worker` would start them on other machines.

What the workers need (README, "Het hele land op een cluster"): the same Python and sdmonitor
(PYTHONPATH or the same venv), the input folder under the same absolute path (the batch sends the
resolved `--data` path; on several machines a shared disk), and their own SDMONITOR_* settings:
the parameters folder (`SDMONITOR_PARAMETERS`) and a cache (`SDMONITOR_CACHE`). Here the workers
get a cache of their own, as on another machine: they compute every municipality's figures
themselves, and the kpis.csv must still be byte-identical to the local executor's.

Two demo municipalities with a short chapter list (inleiding only, verantwoording always last),
as test_batch_dask.py does; the local executor's batch is the one both compare with
(`local_short_batch`, conftest.py: built once per test run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GEMEENTEN, PERIODE, assert_same_kpis, dask_batch, short_parameters

pytestmark = pytest.mark.e2e


def _start(cmd: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    with open(log, "wb") as fh:  # the child keeps its own handle
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=log.parent)


def _stop(processes: list[subprocess.Popen]) -> None:
    # The workers first, and only when they have gone the scheduler: a worker stopped together with
    # its scheduler can hang in its goodbye until the 30 s below run out.
    for group in (processes[1:], processes[:1]):
        for process in group:
            if process.poll() is None:
                process.terminate()
        for process in group:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_file(path: Path, process: subprocess.Popen, log: Path, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"scheduler stopped ({process.returncode}): {log.read_text(errors='replace')[-2000:]}")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            time.sleep(0.2)
    pytest.fail(f"no scheduler file after {timeout} s: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture()
def cluster(tmp_path):
    """(scheduler address, worker cache): a scheduler and two single-threaded workers, each its own
    process, on 127.0.0.1 with a free port and no dashboard; stopped again in every case."""
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client

    home = tmp_path / "cluster"
    home.mkdir()
    worker_cache = tmp_path / "cache-workers"
    env = {**os.environ, "SDMONITOR_PARAMETERS": str(short_parameters(tmp_path / "parameters")),
           "SDMONITOR_CACHE": str(worker_cache), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    scheduler_file = home / "scheduler.json"
    processes: list[subprocess.Popen] = []
    try:
        log = home / "scheduler.log"
        processes.append(_start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                 "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)], log, env))
        address = _wait_for_file(scheduler_file, processes[0], log)["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for i in (1, 2):
            (home / f"w{i}").mkdir()
            processes.append(_start([sys.executable, "-m", "distributed.cli.dask_worker", address,
                                     "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                     "--name", f"w{i}", "--local-directory", str(home / f"w{i}")],
                                    home / f"worker-{i}.log", env))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=180)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address, worker_cache
    finally:
        _stop(processes)


def test_batch_on_a_real_cluster_writes_the_same_kpis_as_the_local_executor(cluster, data, local_short_batch,
                                                                            tmp_path):
    address, worker_cache = cluster
    remote = tmp_path / "cluster-out"
    r, local = local_short_batch
    assert r.returncode == 0, r.stderr
    dask_batch(data, remote, tmp_path / "cache-client", tmp_path / "parameters", "--scheduler", address)
    assert_same_kpis(local, remote)
    for name in GEMEENTEN:
        manifest = json.loads((remote / name / PERIODE / "manifest.json").read_text(encoding="utf-8"))
        # computed on a worker, in the workers' own cache: not copied from the client's figures pass
        assert manifest["parameters"]["cijfers_uit_cache"] is False
    # the runs happened in the worker processes, with their settings: their cache holds both editions
    assert len([p for p in (worker_cache / "edities").iterdir() if p.is_dir()]) == len(GEMEENTEN)
