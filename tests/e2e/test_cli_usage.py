"""The command line's usage errors: exit 2 and one readable line, never a traceback."""

import subprocess

from cli_fork import run_cli


def sdmonitor(*args: str) -> subprocess.CompletedProcess:
    return run_cli(list(args))  # `python -m sdmonitor.run.cli`, a process of its own


def test_no_command_is_usage_error():
    r = sdmonitor()
    assert r.returncode == 2


def test_missing_data_folder(tmp_path):
    r = sdmonitor("validate", "--data", str(tmp_path / "nope"))
    assert r.returncode == 2
    assert "bestaat niet" in r.stderr and "Traceback" not in r.stderr


def test_bad_periode(tmp_path):
    r = sdmonitor("kpis", "--data", str(tmp_path), "--gemeente", "wijchen", "--periode", "2026-13",
                  "--out", str(tmp_path / "k.csv"))
    assert r.returncode == 2
    assert "periode" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "k.csv").exists()


def test_unknown_gemeente(tmp_path):
    r = sdmonitor("kpis", "--data", str(tmp_path), "--gemeente", "atlantis", "--periode", "2026-02",
                  "--out", str(tmp_path / "k.csv"))
    assert r.returncode == 2
    assert "atlantis" in r.stderr
