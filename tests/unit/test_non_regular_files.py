"""A FIFO (or a link to nothing) named like a table is refused by name, never read and never
"niet aangeleverd" (issue 21). The FIFO is never opened: no reader or writer ever attaches."""

from __future__ import annotations

import os
import shutil

import pytest
from cli_fork import run_cli

from sdmonitor.cache_io import folder_identity
from sdmonitor.ingest.loader import read_table


def test_fifo_table_file_is_a_problem(tmp_path):
    os.mkfifo(tmp_path / "meldingen.csv")
    raw = read_table(tmp_path, "meldingen")
    assert raw is not None and raw.frame is None
    assert [p.file for p in raw.problems] == ["meldingen.csv"]
    assert "geen gewoon bestand" in raw.problems[0].message


def test_fifo_in_a_table_folder_and_a_dangling_link_are_problems(tmp_path):
    folder = tmp_path / "meldingen"
    folder.mkdir()
    (folder / "2024.csv").write_text("gemeente,wet\nGM0296,jeugd\n", encoding="utf-8")
    os.mkfifo(folder / "2025.csv")
    (folder / "2026.csv").symlink_to(tmp_path / "weg.csv")
    raw = read_table(tmp_path, "meldingen")
    assert sorted(p.file for p in raw.problems) == ["meldingen/2025.csv", "meldingen/2026.csv"]
    assert all("geen gewoon bestand" in p.message for p in raw.problems)
    assert raw.frame is None


def test_cache_identity_does_not_open_a_fifo(tmp_path):
    (tmp_path / "producten.csv").write_text("x\n", encoding="utf-8")
    os.mkfifo(tmp_path / "meldingen.csv")
    identity = dict(folder_identity(tmp_path))
    assert identity["meldingen.csv"].startswith("geen-gewoon-bestand")


@pytest.mark.parametrize("command", ["validate", "kpis"])
@pytest.mark.parametrize("table", ["meldingen", "declaraties"])
def test_cli_exit_3_naming_the_fifo(tmp_path, demo_data, command, table):
    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    (data / f"{table}.csv").unlink()
    os.mkfifo(data / f"{table}.csv")
    env = {**os.environ, "SDMONITOR_CACHE": str(tmp_path / "cache")}
    args = ["--data", str(data)]
    if command == "kpis":
        args += ["--gemeente", "GM0296", "--periode", "2026-02", "--out", str(tmp_path / "kpis.csv")]
    r = run_cli([command, *args], env=env, timeout=300)  # `python -m sdmonitor.run.cli`, a process of its own
    assert r.returncode == 3, r.stdout + r.stderr
    assert f"{table}.csv: dit is geen gewoon bestand" in r.stdout + r.stderr
