"""A broken commentary file (`parameters/<gemeente>/<periode>.yaml`) stops `run` and each
municipality of `batch` before the data is read or any chapter runs: exit 2, file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdmonitor.errors import UsageError
from sdmonitor.run import batch as batch_module
from sdmonitor.run import kernels, runner


@pytest.fixture
def broken(tmp_path, monkeypatch) -> Path:
    params = tmp_path / "params"
    (params / "wijchen").mkdir(parents=True)
    (params / "wijchen.yaml").write_text("cbs_code: GM0296\nnaam: Wijchen\n", encoding="utf-8")
    (params / "wijchen" / "2026-02.yaml").write_text("kernboodschap: goed\nduiding: [open\n", encoding="utf-8")
    monkeypatch.setenv("SDMONITOR_PARAMETERS", str(params))
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data").mkdir()

    def too_late(*args, **kwargs):
        raise AssertionError("the data is read or a chapter kernel started despite the broken commentary")

    monkeypatch.setattr(runner, "load_dataset", too_late)
    monkeypatch.setattr(batch_module, "load_dataset", lambda *a, **k: None)
    monkeypatch.setattr(kernels.KernelPool, "start", too_late)
    monkeypatch.setattr(runner, "chapters_for", lambda g, nb_dir: [("inleiding", nb_dir / "00_inleiding.ipynb")])
    return tmp_path


def test_run_stops_before_any_chapter(broken):
    with pytest.raises(UsageError) as info:
        runner.run(runner.RunRequest(broken / "data", "wijchen", "2026-02", out=broken / "out",
                                     notebooks_dir=broken / "notebooks"))
    message = str(info.value)
    assert "commentaarbestand" in message and "2026-02.yaml, regel " in message
    assert info.value.exit_code == 2
    assert not (broken / "out").exists()


def test_batch_fails_that_municipality_before_any_chapter(broken):
    results = batch_module.batch(broken / "data", "2026-02", gemeenten=["wijchen"], out=broken / "out",
                                 notebooks_dir=broken / "notebooks", quiet=True)
    assert [(r.status, r.exit_code) for r in results] == [("mislukt", 2)]
    assert "2026-02.yaml, regel " in results[0].message
