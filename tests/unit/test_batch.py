"""`sdmonitor batch` (run/batch.py): many municipalities, one failure never stops the others."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sdmonitor.errors import ChapterError, UsageError
from sdmonitor.ingest.dataset import Dataset
from sdmonitor.parameters import Gemeente
from sdmonitor.run import batch, runner


@pytest.fixture(autouse=True)
def _no_figures_pass(monkeypatch):
    """These batches run on fake datasets: the figures pass over the input (`kpis_all`) is left out
    here (test_figures_pass_comes_first checks it is called)."""
    monkeypatch.setattr(batch, "_figures_pass", lambda *args, **kwargs: "")


def test_batch_continues_after_a_failure_and_exits_4(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(batch, "load_dataset", lambda path, gemeente=None: Dataset())
    monkeypatch.setattr(batch, "resolve_gemeente",
                        lambda text: Gemeente(code="GM0000", naam=text.capitalize(), slug=text))

    def fake_run(request):
        if request.gemeente == "Druten":
            raise ChapterError("hoofdstuk 'jeugd' faalde")
        return Path("/uit") / request.gemeente.lower() / request.periode

    monkeypatch.setattr(runner, "run", fake_run)
    args = argparse.Namespace(data=".", periode="2026-02", gemeenten="wijchen,druten,beuningen", peildatum=None,
                              out=str(tmp_path), workers=1, executor="local", scheduler=None)
    assert batch.batch_cli(args) == 4
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split() == ["gemeente", "status", "seconden", "melding"]
    assert [line.split()[:2] for line in lines[1:]] == [["Wijchen", "ok"], ["Druten", "mislukt"], ["Beuningen", "ok"]]
    assert "Druten" in captured.err
    # not a terminal: one plain line per finished municipality, and a log file with the table under OUT/logs/
    assert "[2/3] Druten: mislukt na" in captured.err and "[1/3] Wijchen: klaar in" in captured.err
    (log,) = (tmp_path / "logs").glob("batch-2026-02-*.log")
    text = log.read_text(encoding="utf-8")
    assert "Druten: mislukt" in text and "\ngemeente   status" in text


def test_batch_quiet_prints_nothing_but_failures(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(batch, "load_dataset", lambda path, gemeente=None: Dataset())
    monkeypatch.setattr(batch, "resolve_gemeente",
                        lambda text: Gemeente(code="GM0000", naam=text.capitalize(), slug=text))
    monkeypatch.setattr(runner, "run", lambda request: Path("/uit") / request.gemeente.lower())
    args = argparse.Namespace(data=".", periode="2026-02", gemeenten="wijchen", peildatum=None, out=str(tmp_path),
                              workers=1, executor="local", scheduler=None, quiet=True)
    assert batch.batch_cli(args) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert len(list((tmp_path / "logs").glob("*.log"))) == 1


def test_dask_without_dask_is_a_usage_error(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(UsageError, match="dask"):
        batch.batch(".", "2026-02", gemeenten=["wijchen"], executor="dask")


@pytest.mark.parametrize("workers, kernels", [(1, None), (2, 1), (3, 1)])
def test_several_workers_run_one_chapter_kernel_each(monkeypatch, tmp_path, workers, kernels):
    # 2 workers x the default pool of 2 kernels would put 4 kernels on 2 cores
    monkeypatch.setattr(batch, "load_dataset", lambda path, gemeente=None: Dataset())
    monkeypatch.setattr(batch, "resolve_gemeente",
                        lambda text: Gemeente(code="GM0000", naam=text.capitalize(), slug=text))
    seen = []
    monkeypatch.setattr(batch, "_execute", lambda tasks, dataset, n, client, reporter: seen.extend(tasks) or [])
    batch.batch(".", "2026-02", gemeenten=["wijchen", "druten"], out=tmp_path, workers=workers, quiet=True)
    assert [t["kernel_count"] for t in seen] == [kernels, kernels]


def test_largest_municipalities_are_handed_out_first():
    from sdmonitor.run.batch import largest_first

    tasks = [{"gemeente": name} for name in ("Druten", "GM0296", "GM0344", "onbekende naam")]
    # Lines per code: Wijchen 500, Utrecht 9.000, Druten 200; a name that resolves to no code
    # counts as 0 and keeps its place after the others.
    sizes = {"GM0296": 500, "GM0344": 9000, "GM0225": 200}
    order = [t["gemeente"] for t in largest_first(tasks, sizes)]
    assert order == ["GM0344", "GM0296", "Druten", "onbekende naam"]


def test_workers_get_the_largest_first_and_the_summary_keeps_the_order_asked(monkeypatch, tmp_path):
    from sdmonitor.ingest.store import Scope

    # Declaraties lines in the cache: Druten 900, Wijchen 100 -> Druten is handed out first.
    scoped = Dataset(scope=Scope(gemeente="GM0296", gemeenten={"GM0296": 100, "GM0225": 900}))
    monkeypatch.setattr(batch, "load_dataset", lambda path, gemeente=None: scoped)
    handed_out = []

    def execute(tasks, dataset, n, client, reporter):
        handed_out.extend(t["gemeente"] for t in tasks)
        return [batch.BatchResult(t["gemeente"], "ok", 1.0, "", 0) for t in tasks]

    monkeypatch.setattr(batch, "_execute", execute)
    results = batch.batch(".", "2026-02", gemeenten=["wijchen", "druten"], out=tmp_path, workers=2, quiet=True)
    assert handed_out == ["Druten", "Wijchen"]
    assert [r.gemeente for r in results] == ["Wijchen", "Druten"]


def test_figures_pass_comes_first_and_is_logged(monkeypatch, tmp_path):
    # Every chosen municipality's figures in one pass (into the edition cache) before any run.
    monkeypatch.setattr(batch, "load_dataset", lambda path, gemeente=None: Dataset())
    monkeypatch.setattr(batch, "resolve_gemeente",
                        lambda text: Gemeente(code="GM0000", naam=text.capitalize(), slug=text))
    calls = []

    def figures_pass(data_dir, periode, peildatum, chosen, workers):
        calls.append((chosen, workers))
        return "cijfers van 2 van 2 gemeenten in één doorgang"

    monkeypatch.setattr(batch, "_figures_pass", figures_pass)
    monkeypatch.setattr(batch, "_execute", lambda tasks, dataset, n, client, reporter:
                        calls.append("runs") or [batch.BatchResult(t["gemeente"], "ok", 1.0, "", 0) for t in tasks])
    batch.batch(".", "2026-02", gemeenten=["wijchen", "druten"], out=tmp_path, workers=1, quiet=True)
    assert calls == [(["wijchen", "druten"], 1), "runs"]
    (log,) = (tmp_path / "logs").glob("batch-2026-02-*.log")
    assert "cijfers van 2 van 2 gemeenten in één doorgang" in log.read_text(encoding="utf-8")


def test_a_worker_freezes_what_lives_after_its_first_monitor_once(monkeypatch):
    # After a worker's first monitor, what is alive stays for its life: a full collection should not
    # walk it after every later monitor. Only in the batch's own worker processes (reuse_kernels),
    # never in a process that called `batch` in a notebook.
    calls = []
    monkeypatch.setattr(batch, "_FROZEN", {"done": False})
    monkeypatch.setattr(batch.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(batch.gc, "collect", lambda *args: calls.append("collect") or 0)
    monkeypatch.setattr(batch, "_process_kernels", lambda notebooks_dir, kernel_count: None)
    monkeypatch.setattr(runner, "run", lambda request: Path("/uit") / request.gemeente.lower())
    task = {"data": "d", "gemeente": "wijchen", "periode": "2026-02", "peildatum": None, "out": "o",
            "notebooks_dir": None, "kernel_count": 1}
    assert batch._run_one(task).status == "ok"
    assert calls == []  # not a worker of the batch's pool
    for name in ("wijchen", "druten", "beuningen"):
        assert batch._run_one({**task, "gemeente": name, "reuse_kernels": True}).status == "ok"
    assert calls == ["collect", "freeze"]  # once, after the first
