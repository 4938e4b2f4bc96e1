"""`sdmonitor kpis` as an outside party uses it: hand-written input folders (INTERFACE.md §2), and
every figure of §3 worked out by hand from the contract's literal text.

Edition: gemeente GM0296 (Wijchen), periode 2026-02 (report years 2023..2026, months 2023-01 ..
2026-02), peildatum 2026-03-10. GM0225 (Druten) rows are in the same files and must be ignored.
Where the contract is silent the expected value follows docs/definitions.md; those places say so.
"""

from __future__ import annotations

import csv
import math
import os
import re
import subprocess
from pathlib import Path

import pytest
from cli_fork import run_cli

HEADER = "indicator,periode,dimensie,waarde,eenheid,status"
GEMEENTE = "GM0296"
PERIODE = "2026-02"
PEILDATUM = "2026-03-10"
YEARS = ["2023", "2024", "2025", "2026"]
MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)] + ["2026-01", "2026-02"]

PRODUCTEN = """\
wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid
jeugd,45A03,Ambulante begeleiding individueel,Reguliere begeleiding,Ambulant,04
jeugd,45A07,Ambulante begeleiding groep,Reguliere begeleiding,Ambulant,04
jeugd,43A05,Pleegzorg,Pleegzorg,Verblijf,14
jeugd,41A02,Dagbehandeling,Dagbehandeling,Dagbehandeling,16
jeugd,54A01,Specialistische jeugd-GGZ,Specialistische GGZ,GGZ zorg,01
wmo,01A01,Hulp bij het huishouden,Hulp bij het huishouden,Huishoudelijke hulp,04
wmo,02A05,Begeleiding individueel,Begeleiding,Begeleiding,04
wmo,07A03,Dagbesteding ouderen,Dagbesteding ouderen,Dagbesteding,16
"""

# Jeugd lines, `,`-separated. Line tags (#Lnn) are referred to in the hand arithmetic below.
DECLARATIES_JEUGD = """\
gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op
GM0296,jeugd,j01,2008,45A03,45,12345678,02,ZIN,2023-05-01,2023-05-31,10,04,700.00,2023-06-12
GM0296,jeugd,j02,2010,43A05,43,23456789,04,ZIN,2023-11-01,2023-11-30,30,14,3600.00,2023-12-08
GM0296,jeugd,j01,2008,45A03,45,12345678,02,ZIN,2024-03-01,2024-03-31,12,04,840.00,2024-04-10
GM0296,jeugd,j03,2006,54A01,54,34567890,05,ZIN,2024-09-01,2024-09-30,180,01,450.00,2024-10-15
GM0296,jeugd,j04,2012,45A07,45,12345678,06,PGB,2024-06-01,2024-06-30,20,04,1000.00,2024-07-05
GM0296,jeugd,j01,2008,45A03,45,12345678,02,ZIN,2025-03-01,2025-03-31,10,04,750.00,2025-04-10
GM0296,jeugd,j01,2008,45A03,45,12345678,02,ZIN,2025-03-01,2025-03-31,-10,04,-750.00,2025-05-12
GM0296,jeugd,j01,2008,45A03,45,12345678,02,ZIN,2025-03-01,2025-03-31,8,04,600.00,2025-05-12
GM0296,jeugd,j02,2010,43A05,43,23456789,04,ZIN,2025-01-01,2025-01-31,31,14,3720.00,2025-02-07
GM0296,jeugd,j02,2010,41A02,41,23456789,04,ZIN,2025-01-01,2025-01-31,8,16,960.00,2025-02-07
GM0296,jeugd,j02,2010,43A05,43,23456789,04,ZIN,2025-01-01,2025-01-31,0,14,-120.00,2025-03-10
GM0296,jeugd,j05,2008,54A01,54,34567890,05,ZIN,2025-10-01,2025-10-31,240,01,600.00,2025-11-14
GM0296,jeugd,j05,2008,45A03,45,12345678,02,ZIN,2025-12-01,2025-12-31,6,04,450.00,2026-01-09
GM0296,jeugd,j06,2007,45A07,45,12345678,03,ZIN,2025-07-15,2025-07-31,4,04,300.00,2025-08-11
GM0296,jeugd,j07,,45A03,45,12345678,01,ZIN,2025-08-01,2025-08-31,5,04,375.00,2025-09-10
GM0296,jeugd,j08,2011,43A05,43,23456789,04,ZIN,2025-06-01,2025-06-30,30,14,3600.00,2025-07-10
GM0296,jeugd,j08,2011,43A05,43,23456789,04,ZIN,2025-06-01,2025-06-30,-30,14,-3600.00,2025-08-10
GM0296,jeugd,j01,2008,45A03,45,12345678,02,ZIN,2026-01-01,2026-01-31,10,04,780.00,2026-02-10
GM0296,jeugd,j05,2008,45A03,45,12345678,02,ZIN,2026-01-01,2026-01-31,6,04,468.00,2026-02-10
GM0296,jeugd,j02,2010,43A05,43,23456789,04,PGB,2026-02-01,2026-02-28,28,14,3500.00,2026-03-10
GM0296,jeugd,j09,2015,45A03,45,12345678,03,ZIN,2026-02-01,2026-02-28,5,04,390.00,2026-03-20
GM0296,jeugd,j01,2008,45A03,45,12345678,02,ZIN,2026-03-01,2026-03-31,3,04,234.00,2026-03-09
GM0296,jeugd,j06,2007,45A07,45,12345678,03,ZIN,2026-01-01,2026-01-31,4,04,312.00,2026-02-12
GM0296,jeugd,j06,2007,45A07,45,12345678,03,ZIN,2026-01-01,2026-01-31,-4,04,-312.00,2026-03-15
GM0225,jeugd,j01,2008,45A03,45,12345678,02,ZIN,2025-03-01,2025-03-31,10,04,750.00,2025-04-10
GM0225,jeugd,d01,2012,45A03,45,12345678,02,ZIN,2026-02-01,2026-02-28,2,04,150.00,2026-03-25
"""
# In order: 2023 j01 L1, j02 L2; 2024 j01 L3, j03 L4 (180 min), j04 L5 (PGB);
# 2025 j01 L6 + credit L7 + redeclare L8; j02 L9 (Pleegzorg) + L10 (Dagbehandeling, same month)
# + L9c (price correction on the Pleegzorg cell: volume 0, bedrag -120); j05 L11 (GGZ, verwijzer
# 05) + L12 (begeleiding, verwijzer 02); j06 L13 (service period from the 15th); j07 L14 (no
# geboortejaar); j08 L15 + L16 (netted to zero); 2026 j01 L17, j05 L18, j02 L19 (PGB, Feb,
# declared on the peildatum itself: known), j09 L20 (declared 2026-03-20, after the peildatum),
# j01 L21 (service month March, after the periode, declared before the peildatum), j06 L22 +
# credit L23 (credit declared after the peildatum); GM0225 L24, L25 (another gemeente).

# Wmo lines: a `;`-separated file with BOM, decimal comma, upper-case headers and an extra column,
# in the same `declaraties/` folder (§2: "a folder <table>/ of such files (read together)").
DECLARATIES_WMO = """\
\ufeffGEMEENTE;Wet;Client_ID;Geboortejaar;Productcode;Productcategorie;Aanbieder;Verwijzer;Zorgvorm;Periode_Begin;Periode_Eind;Volume;Eenheid;Bedrag;Ingediend_Op;Opmerking
GM0296;wmo;w01;1950;01A01;01;45678901;;ZIN;2023-02-01;2023-02-28;8;04;280,00;2023-03-10;eerste
GM0296;wmo;w02;1948;07A03;07;56789012;;PGB;2025-04-01;2025-04-30;12;16;540,00;2025-05-06;
GM0296;wmo;w01;1950;01A01;01;45678901;;ZIN;2025-04-01;2025-04-30;6;04;222,50;2025-05-06;
GM0296;wmo;w03;1960;02A05;02;45678901;;ZIN;2026-02-01;2026-02-28;90;01;75,25;2026-03-06;minuten
GM0296;wmo;w01;1950;01A01;01;45678901;;ZIN;2026-01-01;2026-01-31;8;04;304,00;2026-02-09;
GM0296;wmo;w02;1948;02A05;02;45678901;;ZIN;2026-01-01;2026-01-31;2,5;04;125,00;2026-02-11;half uur
GM0225;wmo;w01;1950;01A01;01;45678901;;ZIN;2025-04-01;2025-04-30;6;04;999,00;2025-05-06;
"""

# Budget, `;`-separated with decimal comma. Other year and other gemeente must not count.
BEGROTING = """\
gemeente;jaar;wet;begrotingspost;bedrag
GM0296;2026;jeugd;Ambulant;12500,00
GM0296;2026;jeugd;Verblijf;30000,50
GM0296;2026;jeugd;PGB;15000
GM0296;2026;wmo;Huishoudelijke hulp;4000,25
GM0296;2026;wmo;Begeleiding;1000
GM0296;2025;jeugd;Ambulant;99999,00
GM0225;2026;jeugd;Ambulant;77777,00
"""

BEVOLKING = """\
gemeente,jaar,leeftijd,aantal,soort
GM0296,2023,0,100,waarneming
GM0296,2023,10,120,waarneming
GM0296,2023,17,110,waarneming
GM0296,2023,18,105,waarneming
GM0296,2023,40,300,waarneming
GM0296,2023,80,150,waarneming
GM0296,2023,105,2,waarneming
GM0296,2024,0,98,waarneming
GM0296,2024,10,122,waarneming
GM0296,2024,17,112,waarneming
GM0296,2024,18,104,waarneming
GM0296,2024,40,302,waarneming
GM0296,2024,80,155,waarneming
GM0296,2024,105,3,waarneming
GM0296,2025,0,95,waarneming
GM0296,2025,10,125,waarneming
GM0296,2025,17,115,waarneming
GM0296,2025,18,100,waarneming
GM0296,2025,40,305,waarneming
GM0296,2025,80,160,waarneming
GM0296,2025,105,3,waarneming
GM0296,2025,0,999,prognose
GM0296,2026,0,94,prognose
GM0296,2026,10,126,prognose
GM0296,2026,17,116,prognose
GM0296,2026,18,101,prognose
GM0296,2026,40,306,prognose
GM0296,2026,80,162,prognose
GM0296,2026,105,4,prognose
NL01,2025,17,200000,waarneming
NL01,2025,40,500000,waarneming
GM0225,2025,10,50,waarneming
"""
# GM0296 0-17 per year: 2023 100+120+110 = 330; 2024 98+122+112 = 332; 2025 95+125+115 = 335
#   (the 2025 prognose row is ignored: waarneming exists, docs/definitions.md); 2026 (prognose
#   only) 94+126+116 = 336.
# GM0296 all ages: 2023 330+105+300+150+2 = 887; 2024 332+104+302+155+3 = 896;
#   2025 335+100+305+160+3 = 903; 2026 336+101+306+162+4 = 909.

MELDINGEN = """\
gemeente,melding_id,zorgtype,aangemeld_op,keukentafel_op,afgesloten_op,spoed,uitkomst
GM0296,M12,jeugd,2022-12-20,2023-01-05,2023-02-01,false,maatwerk
GM0296,M01,jeugd,2023-03-15,2023-04-01,2023-05-20,false,maatwerk
GM0296,M02,wmo-nieuw,2024-11-20,2024-12-04,2025-01-10,false,maatwerk
GM0296,M03,wmo-klassiek,2025-01-01,2025-01-15,2025-02-01,false,informatie-advies
GM0296,M04,jeugd,2025-01-10,2025-02-01,,false,
GM0296,M05,jeugd,2025-01-20,,2025-02-01,true,geen
GM0296,M11,wmo-klassiek,2025-06-02,2025-06-30,2025-08-01,false,vrij-toegankelijk
GM0296,M06,wmo-nieuw,2025-12-31,2026-01-12,,false,
GM0296,M07,jeugd,2026-01-05,,,false,
GM0296,M08,wmo-klassiek,2026-02-01,2026-03-03,,false,
GM0296,M09,jeugd,2026-03-02,,,false,
GM0225,M10,jeugd,2025-05-05,2025-05-20,,false,
"""

KLACHTEN_BEZWAREN = """\
gemeente,id,soort,ontvangen_op,onderwerp,afhandeling
GM0296,K1,klacht,2023-06-01,sociaal-team,informeel
GM0296,K2,klacht,2025-01-01,jeugd,formeel
GM0296,K3,klacht,2025-12-31,wmo,informeel
GM0296,K4,klacht,2026-02-28,wmo,informeel
GM0296,K5,klacht,2026-03-01,jeugd,formeel
GM0296,B1,bezwaar,2024-04-10,gehandicaptenparkeren,formeel
GM0296,B2,bezwaar,2025-05-05,wmo,formeel
GM0296,B3,bezwaar,2025-09-09,wmo,formeel
GM0296,B4,bezwaar,2026-01-02,leerlingenvervoer,formeel
GM0296,B6,bezwaar,2022-12-31,jeugd,formeel
GM0225,B5,bezwaar,2025-05-05,wmo,formeel
"""

VEILIG_THUIS = """\
gemeente,jaar,kwartaal,soort,aantal
GM0296,2022,4,melding,50
GM0296,2023,1,adviesvraag,10
GM0296,2023,2,adviesvraag,12
GM0296,2023,3,melding,7
GM0296,2024,4,onderzoek,2
GM0296,2025,1,melding,9
GM0296,2025,2,voorwaarden-en-vervolg,3
GM0296,2025,4,melding,11
GM0296,2026,1,adviesvraag,4
GM0225,2025,1,melding,100
"""

Key = tuple[str, str, str]


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _kpis(data: Path, out: Path, *extra: str, cache: Path | None = None) -> subprocess.CompletedProcess:
    args = ["kpis", "--data", str(data), "--gemeente", GEMEENTE, "--periode", PERIODE, *extra, "--out", str(out)]
    env = {**os.environ, "SDMONITOR_CACHE": str(cache)} if cache is not None else None
    return run_cli(args, timeout=300, env=env)  # `python -m sdmonitor.run.cli`, a process of its own


def _read(path: Path) -> tuple[dict[Key, float], dict[Key, str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh))
    values = {(r["indicator"], r["periode"], r["dimensie"]): float(r["waarde"] or "nan") for r in raw}
    units = {(r["indicator"], r["periode"], r["dimensie"]): r["eenheid"] for r in raw}
    assert len(values) == len(raw), "a (indicator, periode, dimensie) key occurs twice"
    return values, units, raw


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("contract") / "data", {
        "producten.csv": PRODUCTEN,
        "declaraties/jeugd.csv": DECLARATIES_JEUGD,
        "declaraties/wmo.csv": DECLARATIES_WMO,
        "begroting.csv": BEGROTING,
        "bevolking.csv": BEVOLKING,
        "meldingen.csv": MELDINGEN,
        "klachten_bezwaren.csv": KLACHTEN_BEZWAREN,
        "veilig_thuis.csv": VEILIG_THUIS,
    })


@pytest.fixture(scope="module")
def result(folder: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("out") / "kpis.csv"
    proc = _kpis(folder, out, "--peildatum", PEILDATUM)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, *_read(out)


def _series(values: dict[Key, float], indicator: str, periods: list[str], dim: str = "") -> dict[str, float]:
    """Every period's value (None where empty: status geen_gegevens); a missing row fails (rows must
    exist for every period)."""
    missing = [p for p in periods if (indicator, p, dim) not in values]
    assert not missing, f"{indicator} [{dim}] has no row for {missing}"
    return {p: None if math.isnan(values[(indicator, p, dim)]) else values[(indicator, p, dim)] for p in periods}


# The declaraties of the examples start in 2023-02: earlier months have no data (empty, status
# geen_gegevens), not 0 as before the status column. Meldingen cover the whole window.
FIRST_MONTH = "2023-02"


def _months(nonzero: dict[str, float], first: str = FIRST_MONTH) -> dict[str, float]:
    return {m: nonzero.get(m, 0.0) if m >= first else None for m in MONTHS}


def _months_toegang(nonzero: dict[str, float]) -> dict[str, float]:
    return _months(nonzero, MONTHS[0])


# --- file format -------------------------------------------------------------------------------

def test_file_format(result):
    out, _, _, raw = result
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert "\r" not in text
    lines = text.split("\n")
    assert lines[0] == HEADER
    assert lines[-1] == "" and all(lines[1:-1])
    for r in raw:
        # `.` decimal, no thousands sep; empty exactly where there is no data
        assert re.fullmatch(r"-?\d+(\.\d+)?", r["waarde"]) or (r["waarde"] == "" and r["status"] == "geen_gegevens"), r
        assert r["status"] in ("definitief", "voorlopig", "deelperiode", "geen_gegevens"), r
        assert re.fullmatch(r"\d{4}(-\d{2})?", r["periode"]), r        # YYYY or YYYY-MM
    units = {"aantal", "euro", "fractie", "procent", "dagen", "uur", "minuut", "etmaal", "dagdeel", "stuks"}
    assert {r["eenheid"] for r in raw} <= units
    # Totals have an empty dimensie (written as nothing between the commas).
    assert any(line.startswith("jeugd.clienten,2025,,5,aantal,") for line in lines)


def test_rerun_is_byte_identical_and_default_peildatum(folder: Path, tmp_path: Path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (a, b):  # each its own cache: both computed, not one copied from the other
        proc = _kpis(folder, out, cache=tmp_path / f"cache-{out.stem}")
        assert proc.returncode == 0, proc.stderr
    assert a.read_bytes() == b.read_bytes()
    v, _, _ = _read(a)
    # Default peildatum = latest ingediend_op in declaraties = 2026-03-25 (GM0225 L25; the whole
    # file, docs/definitions.md). Now j09 (L20, 2026-03-20) is known and j06's credit (L23,
    # 2026-03-15) nets L22 away. L21 stays out: service month after the periode.
    # 2026 jeugd: j01, j05, j02, j09 = 4; kosten 780 + 468 + 3500 + 390 + 312 - 312 = 5138.
    assert v[("jeugd.clienten", "2026", "")] == 4
    assert v[("jeugd.clienten", "2026-01", "")] == 2                  # j01, j05
    assert v[("jeugd.clienten", "2026-02", "")] == 2                  # j02, j09
    assert v[("jeugd.kosten", "2026", "")] == 5138


# --- jeugd -------------------------------------------------------------------------------------

def test_jeugd_clienten(result):
    _, v, units, _ = result
    # 2023: j01 (L1), j02 (L2) = 2. 2024: j01, j03, j04 = 3.
    # 2025: j01 (8 net after L6-L8), j02, j05, j06, j07 = 5; j08 nets to 0 (not care); GM0225 ignored.
    # 2026: j01 (L17), j05 (L18), j02 (L19), j06 (L22, credit after peildatum) = 4; j09 declared
    #   after the peildatum, L21 service month after the periode.
    assert _series(v, "jeugd.clienten", YEARS) == {"2023": 2, "2024": 3, "2025": 5, "2026": 4}
    assert _series(v, "jeugd.clienten", MONTHS) == _months({
        "2023-05": 1, "2023-11": 1, "2024-03": 1, "2024-06": 1, "2024-09": 1,
        # 2025-01: j02 in Pleegzorg and Dagbehandeling counts once; 2025-06: j08 netted -> 0
        "2025-01": 1, "2025-03": 1, "2025-07": 1, "2025-08": 1, "2025-10": 1, "2025-12": 1,
        "2026-01": 3, "2026-02": 1})  # 2026-01: j01, j05, j06; 2026-02: j02 (PGB)
    assert units[("jeugd.clienten", "2025", "")] == "aantal"
    # per bouwsteen per year; a client in two bouwstenen counts in each.
    expected = {
        # 24: j01,j04; 25: j01,j05,j06,j07; 26: j01,j05,j06
        "Reguliere begeleiding": {"2023": 1, "2024": 2, "2025": 4, "2026": 3},
        "Pleegzorg": {"2023": 1, "2024": 0, "2025": 1, "2026": 1},              # j02; j08 netted in 2025
        "Dagbehandeling": {"2023": 0, "2024": 0, "2025": 1, "2026": 0},         # j02 2025-01
        "Specialistische GGZ": {"2023": 0, "2024": 1, "2025": 1, "2026": 0},    # j03 2024, j05 2025
    }
    for bouwsteen, per_year in expected.items():
        assert _series(v, "jeugd.clienten", YEARS, bouwsteen) == per_year, bouwsteen
    assert _series(v, "jeugd.clienten", MONTHS, "Pleegzorg") == _months(
        {"2023-11": 1, "2025-01": 1, "2026-02": 1})
    assert _series(v, "jeugd.clienten", MONTHS, "Dagbehandeling") == _months({"2025-01": 1})
    assert _series(v, "jeugd.clienten", MONTHS, "Reguliere begeleiding") == _months({
        "2023-05": 1, "2024-03": 1, "2024-06": 1, "2025-03": 1, "2025-07": 1, "2025-08": 1,
        "2025-12": 1, "2026-01": 3})


def test_jeugd_kosten(result):
    _, v, units, _ = result
    # 2023: 700 + 3600 = 4300. 2024: 840 + 450 + 1000 = 2290.
    # 2025: (750 - 750 + 600) + (3720 - 120) + 960 + 600 + 450 + 300 + 375 + (3600 - 3600) = 6885.
    # 2026: 780 + 468 + 3500 + 312 = 5060 (L20 after peildatum, L21 after periode, L23 after peildatum).
    assert _series(v, "jeugd.kosten", YEARS) == {"2023": 4300, "2024": 2290, "2025": 6885, "2026": 5060}
    assert units[("jeugd.kosten", "2026", "")] == "euro"
    expected = {
        # 2024: j04's 1000 is PGB, so under PGB not Ambulant. 2025: 600 + 450 + 300 + 375 = 1725.
        # 2026: 780 + 468 + 312 = 1560.
        "Ambulant": {"2023": 700, "2024": 840, "2025": 1725, "2026": 1560},
        "Verblijf": {"2023": 3600, "2024": 0, "2025": 3600, "2026": 0},      # 3720 - 120; 2026 j02 is PGB
        "Dagbehandeling": {"2023": 0, "2024": 0, "2025": 960, "2026": 0},
        "GGZ zorg": {"2023": 0, "2024": 450, "2025": 600, "2026": 0},
        "PGB": {"2023": 0, "2024": 1000, "2025": 0, "2026": 3500},
    }
    for post, per_year in expected.items():
        assert _series(v, "jeugd.kosten", YEARS, post) == per_year, post


def test_jeugd_volume(result):
    _, v, units, _ = result
    expected = {
        # uur: 2023 10; 2024 12 + 20 = 32; 2025 (10 - 10 + 8) + 6 + 4 + 5 = 23; 2026 10 + 6 + 4 = 20
        ("Reguliere begeleiding", "uur"): {"2023": 10, "2024": 32, "2025": 23, "2026": 20},
        # etmaal: 2023 30; 2025 31 + (30 - 30); 2026 28 (PGB line, same bouwsteen)
        ("Pleegzorg", "etmaal"): {"2023": 30, "2024": 0, "2025": 31, "2026": 28},
        ("Dagbehandeling", "dagdeel"): {"2023": 0, "2024": 0, "2025": 8, "2026": 0},
        ("Specialistische GGZ", "minuut"): {"2023": 0, "2024": 180, "2025": 240, "2026": 0},
    }
    for (bouwsteen, unit), per_year in expected.items():
        assert _series(v, "jeugd.volume", YEARS, bouwsteen) == per_year, bouwsteen
        assert {units[("jeugd.volume", y, bouwsteen)] for y in YEARS} == {unit}


def test_jeugd_ratios(result):
    _, v, units, _ = result
    approx = pytest.approx
    # pgb_aandeel: 2023 0 / 4300; 2024 1000 / 2290; 2025 0 / 6885; 2026 3500 / 5060
    assert _series(v, "jeugd.pgb_aandeel", YEARS) == approx(
        {"2023": 0, "2024": 1000 / 2290, "2025": 0, "2026": 3500 / 5060}, rel=1e-12)
    assert units[("jeugd.pgb_aandeel", "2024", "")] == "fractie"
    # top25_aandeel: fewer than 25 clients each year -> the top 25 is everyone -> 1
    assert _series(v, "jeugd.top25_aandeel", YEARS) == {y: 1 for y in YEARS}
    # pct_in_zorg = 100 x clients aged year - geboortejaar <= 17 / bevolking 0-17:
    # 2023: j01 (15), j02 (13) = 2 / 330.  2024: j01 (16), j04 (12); j03 (2024-2006 = 18) no = 2 / 332.
    # 2025: j01 (17), j02 (15), j05 (17); j06 (18) no, j07 (no geboortejaar) no = 3 / 335.
    # 2026: j02 (16); j01, j05 (18), j06 (19) no = 1 / 336.
    assert _series(v, "jeugd.pct_in_zorg", YEARS) == approx(
        {"2023": 100 * 2 / 330, "2024": 100 * 2 / 332, "2025": 100 * 3 / 335, "2026": 100 * 1 / 336}, rel=1e-12)
    assert units[("jeugd.pct_in_zorg", "2025", "")] == "procent"
    # kosten_per_client: 4300 / 2; 2290 / 3; 6885 / 5; 5060 / 4
    assert _series(v, "jeugd.kosten_per_client", YEARS) == approx(
        {"2023": 2150, "2024": 2290 / 3, "2025": 1377, "2026": 1265}, rel=1e-12)
    # kosten_per_inwoner: kosten / all ages on 1 January (887, 896, 903, 909)
    assert _series(v, "jeugd.kosten_per_inwoner", YEARS) == approx(
        {"2023": 4300 / 887, "2024": 2290 / 896, "2025": 6885 / 903, "2026": 5060 / 909}, rel=1e-12)
    assert units[("jeugd.kosten_per_inwoner", "2026", "")] == "euro"


def test_jeugd_verwijzer(result):
    _, v, _, _ = result
    # distinct clients with a delivered cell under the code; j05 in 2025 under 05 (L11) and 02 (L12).
    expected = {
        "01": {"2023": 0, "2024": 0, "2025": 1, "2026": 0},   # j07
        "02": {"2023": 1, "2024": 1, "2025": 2, "2026": 2},   # j01; 2025 j01, j05; 2026 j01, j05
        "03": {"2023": 0, "2024": 0, "2025": 1, "2026": 1},   # j06 (2026: credit after peildatum; j09 not known)
        "04": {"2023": 1, "2024": 0, "2025": 1, "2026": 1},   # j02 (j08 netted, not counted)
        "05": {"2023": 0, "2024": 1, "2025": 1, "2026": 0},   # j03, j05
        "06": {"2023": 0, "2024": 1, "2025": 0, "2026": 0},   # j04 (PGB)
    }
    for code, per_year in expected.items():
        assert _series(v, "jeugd.verwijzer", YEARS, code) == per_year, code


def test_top25_with_more_than_25_clients(tmp_path: Path):
    # 27 clients in 2025: client k declares 100 x k euro; client 27 declares 2700, credits it and
    # redeclares 50, so its per-client sum is 50 although it has the largest single line.
    lines = [DECLARATIES_JEUGD.splitlines()[0]]
    for k in range(1, 28):
        lines.append(f"GM0296,jeugd,t{k:02d},2012,45A03,45,12345678,02,ZIN,2025-05-01,2025-05-31,{k},04,"
                     f"{100 * k}.00,2025-06-10")
    lines.append("GM0296,jeugd,t27,2012,45A03,45,12345678,02,ZIN,2025-05-01,2025-05-31,-27,04,-2700.00,2025-07-10")
    lines.append("GM0296,jeugd,t27,2012,45A03,45,12345678,02,ZIN,2025-05-01,2025-05-31,1,04,50.00,2025-07-10")
    data = _write(tmp_path / "data", {"producten.csv": PRODUCTEN, "declaraties.csv": "\n".join(lines) + "\n"})
    out = tmp_path / "kpis.csv"
    proc = _kpis(data, out, "--peildatum", PEILDATUM)
    assert proc.returncode == 0, proc.stderr
    v, _, _ = _read(out)
    # per-client sums 100, 200, ..., 2600 and 50; total 100 x (1 + ... + 26) + 50 = 35100 + 50 = 35150.
    # top 25: clients 2..26 = 100 x (351 - 1) = 35000.
    assert v[("jeugd.top25_aandeel", "2025", "")] == pytest.approx(35000 / 35150, rel=1e-12)
    assert v[("jeugd.kosten", "2025", "")] == 35150
    assert v[("jeugd.clienten", "2025", "")] == 27


# --- wmo ---------------------------------------------------------------------------------------

def test_wmo(result):
    _, v, units, _ = result
    approx = pytest.approx
    # 2023: w01 280 (8 uur). 2024: nothing. 2025: w02 PGB 540 (12 dagdeel), w01 222.50 (6 uur).
    # 2026: w01 304 (8 uur, Jan), w02 125 (2,5 uur Begeleiding, Jan), w03 75.25 (90 minuten in an
    #   uur-bouwsteen = 1.5 uur Begeleiding, Feb).
    assert _series(v, "wmo.clienten", YEARS) == {"2023": 1, "2024": 0, "2025": 2, "2026": 3}
    assert _series(v, "wmo.clienten", MONTHS) == _months({"2023-02": 1, "2025-04": 2, "2026-01": 2, "2026-02": 1})
    assert _series(v, "wmo.clienten", YEARS, "Hulp bij het huishouden") == {"2023": 1, "2024": 0, "2025": 1, "2026": 1}
    assert _series(v, "wmo.clienten", YEARS, "Dagbesteding ouderen") == {"2023": 0, "2024": 0, "2025": 1, "2026": 0}
    assert _series(v, "wmo.clienten", YEARS, "Begeleiding") == {"2023": 0, "2024": 0, "2025": 0, "2026": 2}
    assert _series(v, "wmo.clienten", MONTHS, "Begeleiding") == _months({"2026-01": 1, "2026-02": 1})
    # kosten: 280; 0; 540 + 222.50 = 762.50; 304 + 125 + 75.25 = 504.25
    assert _series(v, "wmo.kosten", YEARS) == {"2023": 280, "2024": 0, "2025": 762.5, "2026": 504.25}
    assert _series(v, "wmo.kosten", YEARS, "Huishoudelijke hulp") == {"2023": 280, "2024": 0, "2025": 222.5,
                                                                      "2026": 304}
    assert _series(v, "wmo.kosten", YEARS, "PGB") == {"2023": 0, "2024": 0, "2025": 540, "2026": 0}
    assert _series(v, "wmo.kosten", YEARS, "Dagbesteding") == {"2023": 0, "2024": 0, "2025": 0, "2026": 0}
    assert _series(v, "wmo.kosten", YEARS, "Begeleiding") == {"2023": 0, "2024": 0, "2025": 0, "2026": 200.25}
    # volume in the bouwsteen's unit; minutes -> hours for the uur-bouwsteen (docs/definitions.md)
    assert _series(v, "wmo.volume", YEARS, "Hulp bij het huishouden") == {"2023": 8, "2024": 0, "2025": 6, "2026": 8}
    # Begeleiding 2026: 2.5 + 90 / 60 = 4 uur
    assert _series(v, "wmo.volume", YEARS, "Begeleiding") == {"2023": 0, "2024": 0, "2025": 0, "2026": 4}
    assert _series(v, "wmo.volume", YEARS, "Dagbesteding ouderen") == {"2023": 0, "2024": 0, "2025": 12, "2026": 0}
    assert units[("wmo.volume", "2026", "Begeleiding")] == "uur"
    assert units[("wmo.volume", "2025", "Dagbesteding ouderen")] == "dagdeel"
    # Ratios with a zero denominator (2024: kosten 0, clienten 0) are absent (docs/definitions.md).
    assert {k[1] for k in v if k[0] == "wmo.pgb_aandeel"} == {"2023", "2025", "2026"}
    assert _series(v, "wmo.pgb_aandeel", ["2023", "2025", "2026"]) == approx(
        {"2023": 0, "2025": 540 / 762.5, "2026": 0}, rel=1e-12)
    assert {k[1] for k in v if k[0] == "wmo.kosten_per_client"} == {"2023", "2025", "2026"}
    assert _series(v, "wmo.kosten_per_client", ["2023", "2025", "2026"]) == approx(
        {"2023": 280, "2025": 762.5 / 2, "2026": 504.25 / 3}, rel=1e-12)
    # kosten_per_inwoner: bevolking is known every year, so 2024 is 0 / 896 = 0
    assert _series(v, "wmo.kosten_per_inwoner", YEARS) == approx(
        {"2023": 280 / 887, "2024": 0, "2025": 762.5 / 903, "2026": 504.25 / 909}, rel=1e-12)


# --- prognose ----------------------------------------------------------------------------------

def test_prognose_and_afwijking(result):
    _, v, units, _ = result
    # begroting 2026 of GM0296 (the 2025 row and GM0225's are not it):
    # jeugd 12500 + 30000.50 + 15000 = 57500.50; wmo 4000.25 + 1000 = 5000.25
    budget = {"jeugd": {"Ambulant": 12500.0, "Verblijf": 30000.5, "PGB": 15000.0},
              "wmo": {"Huishoudelijke hulp": 4000.25, "Begeleiding": 1000.0}}
    assert {k for k in v if k[0].endswith(".prognose") and k[1] != "2026"} == set()
    for wet, posts in budget.items():
        total = v[(f"{wet}.prognose", "2026", "")]
        assert total >= 0 and units[(f"{wet}.prognose", "2026", "")] == "euro"
        # afwijking = begroting - prognose, exactly (as a reader recomputes it from this file)
        assert v[(f"{wet}.afwijking", "2026", "")] == sum(posts.values()) - total
        for post, bedrag in posts.items():
            assert v[(f"{wet}.afwijking", "2026", post)] == bedrag - v[(f"{wet}.prognose", "2026", post)], post
    # The prognose starts from what is declared so far (docs/prognose.md: realisatie = kosten 2026).
    assert v[("jeugd.realisatie", "2026", "")] == 5060
    assert v[("wmo.realisatie", "2026", "")] == 504.25


# --- toegang -----------------------------------------------------------------------------------

def test_meldingen(result):
    _, v, units, _ = result
    # aangemeld_op in the period; M12 (2022) before the window, M09 (March 2026) after the periode,
    # M10 another gemeente. 2023: M01. 2024: M02. 2025: M03, M04, M05, M11, M06. 2026: M07, M08.
    assert _series(v, "toegang.meldingen", YEARS) == {"2023": 1, "2024": 1, "2025": 5, "2026": 2}
    assert units[("toegang.meldingen", "2025", "")] == "aantal"
    assert _series(v, "toegang.meldingen", MONTHS) == _months_toegang({
        "2023-03": 1, "2024-11": 1, "2025-01": 3, "2025-06": 1, "2025-12": 1, "2026-01": 1, "2026-02": 1})
    expected = {
        "jeugd": {"2023": 1, "2024": 0, "2025": 2, "2026": 1},          # M01; M04, M05; M07
        "wmo-nieuw": {"2023": 0, "2024": 1, "2025": 1, "2026": 0},      # M02; M06
        "wmo-klassiek": {"2023": 0, "2024": 0, "2025": 2, "2026": 1},   # M03, M11; M08 (on 1 Feb)
    }
    for zorgtype, per_year in expected.items():
        assert _series(v, "toegang.meldingen", YEARS, zorgtype) == per_year, zorgtype
    assert _series(v, "toegang.meldingen", MONTHS, "jeugd") == _months_toegang(
        {"2023-03": 1, "2025-01": 2, "2026-01": 1})
    assert _series(v, "toegang.meldingen", MONTHS, "wmo-klassiek") == _months_toegang(
        {"2025-01": 1, "2025-06": 1, "2026-02": 1})


def test_wachtlijst(result):
    _, v, _, _ = result
    # open at 00:00 on the 1st: aangemeld before that day, neither keukentafel nor afgesloten before it.
    # 2023-01-01: M12 (aangemeld 2022-12-20, keukentafel 2023-01-05).
    # 2023-04-01: M01 (keukentafel on 2023-04-01 itself is not before that day).
    # 2024-12-01: M02 (keukentafel 2024-12-04).
    # 2025-01-01: M03 aangemeld on the 1st is not yet open -> 0.
    # 2025-02-01: M04 (keukentafel on 1 Feb) and M05 (afgesloten on 1 Feb, no keukentafel) = 2.
    # 2026-01-01: M06 (aangemeld 2025-12-31). 2026-02-01: M07; M08 aangemeld on 1 Feb not yet.
    assert _series(v, "toegang.wachtlijst", MONTHS) == _months_toegang({
        "2023-01": 1, "2023-04": 1, "2024-12": 1, "2025-02": 2, "2026-01": 1, "2026-02": 1})
    assert _series(v, "toegang.wachtlijst", MONTHS, "jeugd") == _months_toegang(
        {"2023-01": 1, "2023-04": 1, "2025-02": 2, "2026-02": 1})
    assert _series(v, "toegang.wachtlijst", MONTHS, "wmo-nieuw") == _months_toegang({"2024-12": 1, "2026-01": 1})
    assert _series(v, "toegang.wachtlijst", MONTHS, "wmo-klassiek") == _months_toegang({})
    assert not any(k[0] == "toegang.wachtlijst" and len(k[1]) == 4 for k in v)


def test_wachttijd_mediaan(result):
    _, v, units, _ = result
    # days aangemeld -> keukentafel, by the keukentafel's year:
    # 2023: M12 2022-12-20 -> 2023-01-05 = 16, M01 2023-03-15 -> 2023-04-01 = 17 -> median 16.5
    # 2024: M02 2024-11-20 -> 2024-12-04 = 14
    # 2025: M03 14 (wmo-klassiek), M04 2025-01-10 -> 2025-02-01 = 22 (jeugd), M11 2025-06-02 ->
    #       2025-06-30 = 28 (wmo-klassiek) -> median 22; M05 closed without keukentafel: in none.
    # 2026: M06 2025-12-31 -> 2026-01-12 = 12. M08's keukentafel (2026-03-03) is after the periode:
    #       outside the year-to-date window (docs/definitions.md).
    assert _series(v, "toegang.wachttijd_mediaan", YEARS) == {"2023": 16.5, "2024": 14, "2025": 22, "2026": 12}
    assert units[("toegang.wachttijd_mediaan", "2025", "")] == "dagen"
    assert _series(v, "toegang.wachttijd_mediaan", ["2023", "2025"], "jeugd") == {"2023": 16.5, "2025": 22}
    assert _series(v, "toegang.wachttijd_mediaan", ["2025"], "wmo-klassiek") == {"2025": 21}  # (14 + 28) / 2
    assert _series(v, "toegang.wachttijd_mediaan", ["2024", "2026"], "wmo-nieuw") == {"2024": 14, "2026": 12}
    # A median of nothing does not exist (docs/definitions.md): e.g. jeugd 2024, wmo-klassiek 2026.
    assert ("toegang.wachttijd_mediaan", "2024", "jeugd") not in v
    assert ("toegang.wachttijd_mediaan", "2026", "wmo-klassiek") not in v


def test_klachten_bezwaren(result):
    _, v, units, _ = result
    # klachten: 2023 K1 (informeel); 2025 K2 (formeel, on 1 Jan), K3 (informeel, on 31 Dec);
    # 2026 K4 (28 Feb); K5 (1 March 2026) is after the periode.
    assert _series(v, "klachten.aantal", YEARS) == {"2023": 1, "2024": 0, "2025": 2, "2026": 1}
    assert _series(v, "klachten.aantal", YEARS, "informeel") == {"2023": 1, "2024": 0, "2025": 1, "2026": 1}
    assert _series(v, "klachten.aantal", YEARS, "formeel") == {"2023": 0, "2024": 0, "2025": 1, "2026": 0}
    assert units[("klachten.aantal", "2025", "")] == "aantal"
    # bezwaren: 2024 B1; 2025 B2, B3; 2026 B4; B6 (2022) before the window, B5 another gemeente.
    assert _series(v, "bezwaren.aantal", YEARS) == {"2023": 0, "2024": 1, "2025": 2, "2026": 1}
    assert _series(v, "bezwaren.aantal", YEARS, "wmo") == {"2023": 0, "2024": 0, "2025": 2, "2026": 0}
    assert _series(v, "bezwaren.aantal", YEARS, "gehandicaptenparkeren") == {"2023": 0, "2024": 1, "2025": 0, "2026": 0}
    assert _series(v, "bezwaren.aantal", YEARS, "leerlingenvervoer") == {"2023": 0, "2024": 0, "2025": 0, "2026": 1}
    assert _series(v, "bezwaren.aantal", YEARS, "jeugd") == {y: 0 for y in YEARS}


def test_veilig_thuis(result):
    _, v, units, _ = result
    # 2023: adviesvraag 10 + 12 = 22, melding 7. 2024: onderzoek 2. 2025: melding 9 + 11 = 20,
    # voorwaarden-en-vervolg 3. 2026: adviesvraag 4 (Q1). 2022 and GM0225 rows not counted.
    expected = {
        "adviesvraag": {"2023": 22, "2024": 0, "2025": 0, "2026": 4},
        "melding": {"2023": 7, "2024": 0, "2025": 20, "2026": 0},
        "onderzoek": {"2023": 0, "2024": 2, "2025": 0, "2026": 0},
        "voorwaarden-en-vervolg": {"2023": 0, "2024": 0, "2025": 3, "2026": 0},
    }
    for soort, per_year in expected.items():
        assert _series(v, "veilig_thuis.aantal", YEARS, soort) == per_year, soort
        assert units[("veilig_thuis.aantal", "2025", soort)] == "aantal"


def test_prognose_of_a_complete_past_year(folder: Path, tmp_path: Path):
    # Periode 2024-12, peildatum 2026-04-01: every month of 2024 is 16+ months old, complete by
    # docs/prognose.md ("complete after 15 months"), and no month is still to come, so the
    # prognose is exactly what was declared: jeugd 840 + 450 + 1000 = 2290 (PGB 1000); wmo 0.
    out = tmp_path / "kpis.csv"
    args = ["kpis", "--data", str(folder), "--gemeente", GEMEENTE, "--periode", "2024-12", "--peildatum", "2026-04-01",
            "--out", str(out)]
    proc = run_cli(args, timeout=300)
    assert proc.returncode == 0, proc.stderr
    v, _, _ = _read(out)
    assert v[("jeugd.prognose", "2024", "")] == 2290
    assert v[("jeugd.prognose", "2024", "Ambulant")] == 840
    assert v[("jeugd.prognose", "2024", "GGZ zorg")] == 450
    assert v[("jeugd.prognose", "2024", "PGB")] == 1000
    assert v[("wmo.prognose", "2024", "")] == 0
    # No begroting for 2024: no afwijking rows.
    assert not any(k[0].endswith(".afwijking") for k in v)
    # Report years are now 2021..2024.
    assert _series(v, "jeugd.clienten", ["2021", "2022", "2023", "2024"]) == {"2021": None, "2022": None, "2023": 2,
                                                                              "2024": 3}
