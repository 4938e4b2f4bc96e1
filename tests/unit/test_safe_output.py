"""safe_output: atomic writes, --out checks, containment, stale temporary folders (issue 9 §10, §11)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

from sdmonitor import safe_output
from sdmonitor.errors import UsageError


def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)


def test_write_atomically_replaces_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "kpis.csv"
    safe_output.write_atomically(target, b"eerste\n")
    assert target.read_bytes() == b"eerste\n"

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_output.os, "fsync", full)
    with pytest.raises(safe_output.OutputError, match="de schijf is vol"):
        safe_output.write_atomically(target, b"tweede, half\n")
    assert target.read_bytes() == b"eerste\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kpis.csv"]


def test_check_output_location(tmp_path):
    (tmp_path / "bestand").write_text("x")
    safe_output.check_output_location(tmp_path / "nieuw" / "reports", folder=True)
    with pytest.raises(UsageError, match="is een bestand; geef een map op"):
        safe_output.check_output_location(tmp_path / "bestand", folder=True)
    with pytest.raises(UsageError, match="is een map"):
        safe_output.check_output_location(tmp_path, folder=False)
    with pytest.raises(UsageError, match="is een bestand, geen map"):
        safe_output.check_output_location(tmp_path / "bestand" / "kpis.csv", folder=False)


def test_contained(tmp_path):
    assert safe_output.contained(tmp_path / "a" / "b", tmp_path) == (tmp_path / "a" / "b").resolve()
    with pytest.raises(UsageError, match="buiten --out"):
        safe_output.contained(tmp_path / ".." / "x", tmp_path)


def test_clean_stale_temp_removes_leftovers_of_gone_processes_only(tmp_path):
    host = safe_output.host()
    dead = tmp_path / f".2026-02.tmp-{host}-{_dead_pid()}-abc"
    own = tmp_path / f".2026-02.tmp-{host}-{os.getpid()}-abc"      # this run's own folder
    living = tmp_path / f".2026-02.tmp-{host}-1-abc"                 # pid 1 lives
    other_host_old = tmp_path / ".2026-02.tmp-anderepc-123-abc"
    other_host_new = tmp_path / ".2026-01.tmp-anderepc-123-abc"
    old_aside = tmp_path / f".2026-02.oud-{host}-{_dead_pid()}-x"
    report = tmp_path / "2026-02"
    for folder in (dead, own, living, other_host_old, other_host_new, old_aside, report):
        folder.mkdir()
    day_ago = time.time() - safe_output.STALE_AFTER_SECONDS - 60
    os.utime(other_host_old, (day_ago, day_ago))
    removed = safe_output.clean_stale_temp(tmp_path)
    assert sorted(removed) == sorted([dead, other_host_old, old_aside])
    assert own.exists() and living.exists() and other_host_new.exists() and report.exists()


def test_an_earlier_kpis_csv_may_be_replaced_with_or_without_status(tmp_path):
    from sdmonitor.safe_output import check_figures_target

    for header in ("indicator,periode,dimensie,waarde,eenheid,status", "indicator,periode,dimensie,waarde,eenheid"):
        target = tmp_path / "kpis.csv"
        target.write_text(header + "\njeugd.kosten,2025,,10,euro,definitief\n", encoding="utf-8")
        check_figures_target(target, tmp_path / "data")  # no UsageError: it is our own file
