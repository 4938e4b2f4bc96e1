"""`sdmonitor kpis --gemeente ALL` end to end (issue 25) on national demo data: one folder per
municipality, each `kpis.csv` byte for byte what `kpis --gemeente <code>` writes for it.

To keep the test short, the national set (200.000 lines) is cut to six municipalities (all their
rows, every other table whole): the pass covers all of them, three are compared with single runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from report_checks import sdmonitor

pytestmark = pytest.mark.e2e
PERIODE = "2026-02"
KEPT = ("GM0011", "GM0021", "GM0195", "GM0296", "GM0344", "GM1279")
COMPARED = ("GM0011", "GM0296", "GM1279")


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    full = tmp_path_factory.mktemp("national-full")
    r = sdmonitor("demo-data", "--scale", "national", "--lines", "200000", "--out", str(full))
    assert r.returncode == 0, r.stderr
    folder = tmp_path_factory.mktemp("national")
    table = pq.read_table(full / "declaraties.parquet")
    kept = table.filter(pc.is_in(pc.cast(table["gemeente"], "string"), value_set=pa.array(KEPT)))
    assert sorted(set(pc.cast(kept["gemeente"], "string").to_pylist())) == list(KEPT)
    pq.write_table(kept, folder / "declaraties.parquet")
    for other in full.iterdir():
        if other.name != "declaraties.parquet" and other.is_file():
            shutil.copy(other, folder / other.name)
    return folder


def test_all_municipalities_in_one_pass_as_each_alone(national: Path, tmp_path: Path):
    out = tmp_path / "alle"
    env = {"SDMONITOR_CACHE": str(tmp_path / "cache")}
    r = sdmonitor("kpis", "--data", str(national), "--gemeente", "ALL", "--periode", PERIODE, "--out", str(out),
                  env=env)
    assert r.returncode == 0, r.stderr
    assert "6 van 6 gemeenten" in r.stdout
    assert sorted(p.name for p in out.iterdir()) == list(KEPT)
    assert all((out / code / "kpis.csv").is_file() for code in KEPT)
    for code in COMPARED:  # each alone, in a cache of its own: computed, not copied from the pass
        single = tmp_path / f"{code}.csv"
        r = sdmonitor("kpis", "--data", str(national), "--gemeente", code, "--periode", PERIODE, "--out", str(single),
                      env={"SDMONITOR_CACHE": str(tmp_path / f"cache-{code}")})
        assert r.returncode == 0, r.stderr
        assert (out / code / "kpis.csv").read_bytes() == single.read_bytes()
    # the pass filled the edition cache: a single run of one of them now copies its figures
    again = tmp_path / "again.csv"
    r = sdmonitor("kpis", "--data", str(national), "--gemeente", "GM0344", "--periode", PERIODE, "--out", str(again),
                  env=env)
    assert r.returncode == 0, r.stderr
    assert again.read_bytes() == (out / "GM0344" / "kpis.csv").read_bytes()


def test_an_out_that_is_a_file_is_refused(national: Path, tmp_path: Path):
    target = tmp_path / "kpis.csv"
    target.write_text("indicator,periode,dimensie,waarde,eenheid,status\n", encoding="utf-8")
    r = sdmonitor("kpis", "--data", str(national), "--gemeente", "ALL", "--periode", PERIODE, "--out", str(target))
    assert r.returncode == 2
    assert "is een bestand; geef een map op" in r.stderr and "Traceback" not in r.stderr
    r = sdmonitor("kpis", "--data", str(national), "--gemeente", "GM0296", "--periode", PERIODE, "--out",
                  str(tmp_path / "x.csv"), "--workers", "2")
    assert r.returncode == 2 and "--workers hoort bij --gemeente ALL" in r.stderr
