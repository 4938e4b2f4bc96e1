"""`sdmonitor kpis` end to end: a tiny handmade folder, and the demo data when it exists."""

from __future__ import annotations

import csv
import importlib
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = "indicator,periode,dimensie,waarde,eenheid,status"

DECLARATIES = """\
gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,10,04,650.00,2025-04-10
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,-10,04,-650.00,2025-05-10
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,8,04,520.00,2025-05-10
GM0296,jeugd,c2,2007,43A01,43,12345678,04,PGB,2025-03-01,2025-03-31,31,14,1550.00,2025-04-10
GM0296,jeugd,c3,,45A01,45,12345678,02,ZIN,2025-04-01,2025-04-30,120,01,130.00,2025-05-10
GM0296,jeugd,c4,2012,45A01,45,12345678,03,ZIN,2026-01-01,2026-01-31,5,04,325.00,2026-02-10
GM0296,jeugd,c5,2012,45A01,45,12345678,03,ZIN,2026-03-01,2026-03-31,5,04,325.00,2026-04-05
GM0296,wmo,w1,1950,02A01,02,87654321,,ZIN,2026-02-01,2026-02-28,4,04,200.00,2026-03-05
GM0225,jeugd,x1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,10,04,999.00,2025-04-10
"""

PRODUCTEN = """wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid
jeugd,45A01,Begeleiding individueel,Reguliere begeleiding,Ambulant,04
jeugd,43A01,Pleegzorg,Pleegzorg,Verblijf,14
wmo,02A01,Hulp bij het huishouden,Hulp bij het huishouden,Huishoudelijke hulp,04
"""

BEVOLKING = """gemeente,jaar,leeftijd,aantal,soort
GM0296,2025,15,400,waarneming
GM0296,2025,40,600,waarneming
NL01,2025,15,200000,waarneming
"""

MELDINGEN = """gemeente,melding_id,zorgtype,aangemeld_op,keukentafel_op,afgesloten_op,spoed
GM0296,m1,jeugd,2025-01-10,2025-01-24,2025-02-15,false
GM0296,m2,wmo-nieuw,2025-01-20,2025-02-01,,false
GM0296,m3,jeugd,2025-01-25,,2025-01-28,false
"""


def _run(*args: str, cache: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("sdmonitor")
    env = {**os.environ, "SDMONITOR_CACHE": str(cache)} if cache is not None else None
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=600, env=env)


def _read(path: Path) -> dict[tuple[str, str, str], float]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["indicator"], r["periode"], r["dimensie"]): float(r["waarde"] or "nan") for r in csv.DictReader(fh)}


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name, text in [("declaraties", DECLARATIES), ("producten", PRODUCTEN), ("bevolking", BEVOLKING),
                       ("meldingen", MELDINGEN)]:
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_kpis_on_tiny_folder(tiny: Path, tmp_path: Path):
    out = tmp_path / "kpis.csv"
    # peildatum 2026-02-28: the wmo line (ingediend 2026-03-05) is not known yet; c5 is after the periode
    result = _run("kpis", "--data", str(tiny), "--gemeente", "wijchen", "--periode", "2026-02",
                  "--peildatum", "2026-02-28", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[0] == HEADER
    v = _read(out)
    # 2025 jeugd: c1 (net 8 uur), c2 (31 etmaal), c3 (120 min) -> 3 clients; x1 is another gemeente
    assert v[("jeugd.clienten", "2025", "")] == 3
    assert v[("jeugd.clienten", "2025-03", "")] == 2
    assert v[("jeugd.clienten", "2026", "")] == 1            # c4; c5 is after the periode
    assert v[("wmo.clienten", "2026", "")] == 0              # declared after the peildatum
    # kosten 2025: 650 - 650 + 520 + 1550 + 130 = 2200; PGB 1550; Ambulant 520 + 130 = 650
    assert v[("jeugd.kosten", "2025", "")] == 2200
    assert v[("jeugd.kosten", "2025", "PGB")] == 1550
    assert v[("jeugd.kosten", "2025", "Ambulant")] == 650
    assert v[("jeugd.pgb_aandeel", "2025", "")] == pytest.approx(1550 / 2200)
    # volume Reguliere begeleiding 2025: 10 - 10 + 8 + 120/60 = 10 uur
    assert v[("jeugd.volume", "2025", "Reguliere begeleiding")] == 10
    # pct_in_zorg 2025: c1 (15) counts, c2 (18) and c3 (no geboortejaar) don't: 100 * 1 / 400 = 0.25
    assert v[("jeugd.pct_in_zorg", "2025", "")] == pytest.approx(0.25)
    # kosten per inwoner 2025: 2200 / (400 + 600) = 2.2; per client 2200 / 3
    assert v[("jeugd.kosten_per_inwoner", "2025", "")] == pytest.approx(2.2)
    assert v[("jeugd.kosten_per_client", "2025", "")] == pytest.approx(2200 / 3)
    assert v[("jeugd.verwijzer", "2025", "02")] == 2          # c1, c3
    assert v[("jeugd.verwijzer", "2025", "04")] == 1          # c2
    # toegang: 3 meldingen in Jan 2025; on 1 Feb m2 is open (keukentafel on 1 Feb is not before it)
    assert v[("toegang.meldingen", "2025-01", "")] == 3
    assert v[("toegang.wachtlijst", "2025-02", "")] == 1
    assert v[("toegang.wachtlijst", "2025-03", "")] == 0
    # wachttijd 2025: m1 14 days, m2 12 days -> median 13; m3 closed without keukentafel
    assert v[("toegang.wachttijd_mediaan", "2025", "")] == 13
    # rows for every year and month
    # before the declaraties start (2025): a row, empty (status geen_gegevens) — before the status
    # column it was 0
    assert math.isnan(v[("jeugd.clienten", "2023-01", "")])
    assert ("jeugd.clienten", "2026-03", "") not in v


def test_kpis_is_byte_identical_on_rerun(tiny: Path, tmp_path: Path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (a, b):  # each its own cache: both computed, not one copied from the other
        assert _run("kpis", "--data", str(tiny), "--gemeente", "GM0296", "--periode", "2026-02",
                    "--out", str(out), cache=tmp_path / f"cache-{out.stem}").returncode == 0
    assert a.read_bytes() == b.read_bytes()
    # default peildatum = last ingediend_op (2026-04-05): now the wmo line counts
    assert _read(a)[("wmo.clienten", "2026-02", "")] == 1


def test_kpis_reuses_the_edition_cache_only_while_nothing_changed(tiny: Path, tmp_path: Path):
    # Three runs with the session's cache: the second is served from the edition cache (same
    # bytes), the third follows a changed input file at once.
    outs = [tmp_path / f"{n}.csv" for n in ("first", "again", "changed")]
    args = ["--gemeente", "GM0296", "--periode", "2026-02", "--peildatum", "2026-02-28"]
    for out in outs[:2]:
        result = _run("kpis", "--data", str(tiny), *args, "--out", str(out))
        assert result.returncode == 0, result.stderr
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert result.stdout.startswith(f"{len(outs[0].read_text(encoding='utf-8').splitlines()) - 1} cijfers")
    # One more 2025 client (c9, 1 uur Ambulant, 65,00): 3 -> 4 clients, kosten 2200 -> 2265.
    with open(tiny / "declaraties.csv", "a", encoding="utf-8") as fh:
        fh.write("GM0296,jeugd,c9,2011,45A01,45,12345678,02,ZIN,2025-06-01,2025-06-30,1,04,65.00,2025-07-10\n")
    assert _run("kpis", "--data", str(tiny), *args, "--out", str(outs[2])).returncode == 0
    assert _read(outs[0])[("jeugd.clienten", "2025", "")] == 3
    assert _read(outs[2])[("jeugd.clienten", "2025", "")] == 4
    assert _read(outs[2])[("jeugd.kosten", "2025", "")] == 2265


def test_kpis_invalid_data_exits_3(tiny: Path, tmp_path: Path):
    (tiny / "producten.csv").unlink()
    result = _run("kpis", "--data", str(tiny), "--gemeente", "wijchen", "--periode", "2026-02",
                  "--out", str(tmp_path / "k.csv"))
    assert result.returncode == 3
    assert not (tmp_path / "k.csv").exists()


def _demo_available() -> bool:
    try:
        return hasattr(importlib.import_module("sdmonitor.demo"), "write_demo_data")
    except ImportError:
        return False


@pytest.mark.skipif(not _demo_available(), reason="demo data generator not available yet")
def test_kpis_on_demo_data(tmp_path: Path):
    data = tmp_path / "demo"
    assert _run("demo-data", "--out", str(data)).returncode == 0
    out = tmp_path / "kpis.csv"
    result = _run("kpis", "--data", str(data), "--gemeente", "wijchen", "--periode", "2026-02", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[0] == HEADER
    v = _read(out)
    for wet in ("jeugd", "wmo"):
        for year in ("2023", "2024", "2025", "2026"):
            assert v[(f"{wet}.clienten", year, "")] > 0
            assert v[(f"{wet}.kosten", year, "")] > 0
        # the clients of a year are at least those of its busiest month and at most the bouwsteen sum
        mine = [(per, dim, val) for (ind, per, dim), val in v.items() if ind == f"{wet}.clienten"]
        months = [val for per, dim, val in mine if per.startswith("2025-") and dim == ""]
        per_bouwsteen = sum(val for per, dim, val in mine if per == "2025" and dim)
        assert max(months) <= v[(f"{wet}.clienten", "2025", "")] <= per_bouwsteen
        # kosten per begrotingspost add up to the total
        posts = sum(val for (ind, per, dim), val in v.items() if ind == f"{wet}.kosten" and per == "2025" and dim)
        assert posts == pytest.approx(v[(f"{wet}.kosten", "2025", "")])
