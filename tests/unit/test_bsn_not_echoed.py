"""`validate` names the place of a BSN found in the input (file, row, column), never its value:
not on stdout, stderr or in the problems (issue 21)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli_fork import run_cli

from sdmonitor.ingest.loader import make_problem
from sdmonitor.privacy import HIDDEN, hide_bsn

BSN = "111222333"  # passes the 11-proef
FULL_WIDTH = "１１１２２２３３３"


def test_hide_bsn():
    assert hide_bsn(f"waarde '{BSN}' en '111 222 333' en '{FULL_WIDTH}'") == \
        f"waarde '{HIDDEN}' en '{HIDDEN}' en '{HIDDEN}'"
    assert hide_bsn("waarde '111222334' en GM０２９６") == "waarde '111222334' en GM０２９６"  # no BSN: as written


def test_make_problem_never_holds_the_value():
    p = make_problem("declaraties", "declaraties.csv", 4, "geboortejaar", BSN, "een jaartal")
    assert BSN not in p.message and BSN not in repr(p)
    assert p.message.startswith("declaraties.csv rij 4, kolom geboortejaar: ")


def _plant(data: Path) -> None:
    path = data / "declaraties.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")

    def put(i: int, column: str, value: str) -> None:
        cells = lines[i].rstrip("\n").split(",")
        cells[header.index(column)] = value
        lines[i] = ",".join(cells) + "\n"

    put(1, "client_id", BSN)            # rij 2
    put(2, "geboortejaar", BSN)         # rij 3: a generic "waarde ... verwacht" problem
    put(3, "productcode", FULL_WIDTH)   # rij 4: a message template with the value
    put(4, "client_id", "111.222.333")  # rij 5: grouped
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("cache", ["off", "cache"])
def test_validate_reports_the_place_not_the_bsn(tmp_path, demo_data, cache):
    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    _plant(data)
    env = {**os.environ, "SDMONITOR_CACHE": "off" if cache == "off" else str(tmp_path / "cache")}
    r = run_cli(["validate", "--data", str(data)], env=env, timeout=300)  # a process of its own
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    for place in ("rij 2, kolom client_id", "rij 3, kolom geboortejaar", "rij 4, kolom productcode",
                  "rij 5, kolom client_id"):
        assert f"declaraties.csv {place}" in out, out
    for value in (BSN, FULL_WIDTH, "111.222.333"):
        assert value not in out
