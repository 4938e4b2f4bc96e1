"""`--periode` after `--peildatum` is wrong usage (exit 2) in kpis, run, batch and open_edition,
said before the data is read; a periode after the peildatum the data gives stays exit 3."""

from __future__ import annotations

from datetime import date

import pytest

from sdmonitor.errors import UsageError
from sdmonitor.periods import Periode, check_peildatum
from sdmonitor.run import batch as batch_module
from sdmonitor.run import cli, runner
from sdmonitor.workbook import edition

FRAGMENT = "periode 2026-05 ligt na de peildatum 2026-03-01"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    def no_data(*args, **kwargs):
        raise AssertionError("the data is read although the arguments contradict each other")

    for module in (runner, batch_module):
        monkeypatch.setattr(module, "load_dataset", no_data)
    monkeypatch.setattr(edition, "_dataset", no_data)
    (tmp_path / "data").mkdir()
    return tmp_path


def test_check_peildatum():
    check_peildatum(Periode(2026, 3), date(2026, 3, 1))  # the peildatum's own month is fine
    check_peildatum(Periode(2026, 5), None)
    with pytest.raises(UsageError, match=FRAGMENT):
        check_peildatum(Periode(2026, 5), date(2026, 3, 1))


def test_kpis_exit_2(folder, capsys):
    code = cli.main(["kpis", "--data", str(folder / "data"), "--gemeente", "GM0296", "--periode", "2026-05",
                     "--peildatum", "2026-03-01", "--out", str(folder / "kpis.csv")])
    assert code == 2
    assert FRAGMENT in capsys.readouterr().err
    assert not (folder / "kpis.csv").exists()


def test_run_exit_2(folder):
    with pytest.raises(UsageError, match=FRAGMENT):
        runner.run(runner.RunRequest(folder / "data", "GM0296", "2026-05", peildatum="2026-03-01", out=folder / "out"))


def test_batch_exit_2_once(folder):
    with pytest.raises(UsageError, match=FRAGMENT):
        batch_module.batch(folder / "data", "2026-05", gemeenten=["GM0296"], peildatum="2026-03-01",
                           out=folder / "out", quiet=True)


def test_open_edition_usage_error(folder):
    with pytest.raises(UsageError, match=FRAGMENT):
        edition.open_edition("GM0296", "2026-05", "2026-03-01", str(folder / "data"), cache=False)
