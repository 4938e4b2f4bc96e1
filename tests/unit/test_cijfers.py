"""cijfers.csv and the published wijzigingen.csv: figures as the report publishes them."""

from __future__ import annotations

import math

import pandas as pd

from sdmonitor.publish.cijfers import (
    cijfers,
    compare_published,
    previous_cijfers,
    read_cijfers_csv,
    safe_text,
    write_cijfers_csv,
    write_published_changes,
)

NAN = math.nan


def _figures(status: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame({
        "indicator": ["jeugd.clienten", "jeugd.clienten", "jeugd.clienten", "jeugd.kosten", "jeugd.kosten",
                      "wmo.clienten", "jeugd.backtest_prognose"],
        "periode": ["2025", "2025", "2025", "2025", "2025", "2024", "2025"],
        "dimensie": ["", "verblijf", "=1+2", "", "@SUM(A1)", "", ""],
        "waarde": [1301.0, 3.0, 1298.0, -1234.5, -1234.5, NAN, 999.0],
        "eenheid": ["aantal", "aantal", "aantal", "euro", "euro", "aantal", "euro"],
        "status": ["definitief", "definitief", "definitief", "voorlopig", "voorlopig", "geen_gegevens", "definitief"],
    })
    return frame if status else frame.drop(columns="status")


# Written out by hand: the small count (3) is "<5" with an empty waarde, the cell that would give
# it away (1301 - 1298) is "x", the negative amount keeps its "-" in waarde, the texts starting
# with "=" / "@" get a "'", geen_gegevens has no waarde, the backtest (intern) is left out.
EXPECTED = (
    "indicator,periode,dimensie,waarde,eenheid,status,tekst\n"
    "jeugd.clienten,2025,,1301,aantal,definitief,1.301\n"
    "jeugd.clienten,2025,verblijf,,aantal,definitief,<5\n"
    "jeugd.clienten,2025,'=1+2,,aantal,definitief,x\n"
    "jeugd.kosten,2025,,-1234.5,euro,voorlopig,€ −1.235\n"
    "jeugd.kosten,2025,'@SUM(A1),-1234.5,euro,voorlopig,€ −1.235\n"
    "wmo.clienten,2024,,,aantal,geen_gegevens,geen gegevens\n"
)


def test_cijfers_csv_as_published(tmp_path):
    write_cijfers_csv(cijfers(_figures(), 5), tmp_path / "cijfers.csv")
    assert (tmp_path / "cijfers.csv").read_text(encoding="utf-8") == EXPECTED


def test_without_status_column_status_is_empty_and_nan_is_geen_gegevens(tmp_path):
    write_cijfers_csv(cijfers(_figures(status=False), 5), tmp_path / "c.csv")
    lines = (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "jeugd.clienten,2025,,1301,aantal,,1.301"
    assert lines[-1] == "wmo.clienten,2024,,,aantal,,geen gegevens"


def test_safe_text():
    assert [safe_text(t) for t in ("=A1", "+1", "-x", "@f", "\tx", "a=b", "<5", "")] == \
        ["'=A1", "'+1", "'-x", "'@f", "'\tx", "a=b", "<5", ""]


def test_read_back(tmp_path):
    write_cijfers_csv(cijfers(_figures(), 5), tmp_path / "cijfers.csv")
    back = read_cijfers_csv(tmp_path / "cijfers.csv")
    assert back["waarde"].dtype == "float64" and back.loc[0, "waarde"] == 1301.0
    assert back.loc[1, "tekst"] == "<5" and pd.isna(back.loc[1, "waarde"])


def _one(indicator: str, dimensie: str, waarde: float, periode: str = "2025") -> dict:
    return {"indicator": indicator, "periode": periode, "dimensie": dimensie, "waarde": waarde, "eenheid": "aantal"}


def test_published_changes_hide_changes_inside_suppressed_cells(tmp_path):
    vorige = pd.DataFrame([_one("wmo.clienten", "", 120.0), _one("wmo.clienten", "a", 2.0),
                           _one("wmo.clienten", "b", 118.0), _one("wmo.clienten", "", 50.0, "2024"),
                           _one("wmo.clienten", "a", 45.0, "2024"), _one("wmo.clienten", "b", 5.0, "2024")])
    huidige = pd.DataFrame([_one("wmo.clienten", "", 121.0), _one("wmo.clienten", "a", 3.0),
                            _one("wmo.clienten", "b", 118.0), _one("wmo.clienten", "", 50.0, "2024"),
                            _one("wmo.clienten", "a", 47.0, "2024"), _one("wmo.clienten", "b", 3.0, "2024")])
    write_published_changes(compare_published(cijfers(vorige, 5), cijfers(huidige, 5)), tmp_path / "w.csv")
    # 2025 a (2 -> 3, "<5" both times) and b ("x" both times): no published change, no row.
    # 2024 a (45 -> 47, now "x") and b (5 -> 3, now "<5"): the earlier published value, nothing
    # for now and no verschil. The total 120 -> 121 is published on both sides.
    assert (tmp_path / "w.csv").read_text(encoding="utf-8") == (
        "indicator,periode,dimensie,waarde_vorige,waarde,verschil,status\n"
        "wmo.clienten,2024,a,45,,,\n"
        "wmo.clienten,2024,b,5,,,\n"
        "wmo.clienten,2025,,120,121,1,\n")


def test_previous_cijfers_old_and_new_layout(tmp_path):
    from sdmonitor.figures.kpis import write_kpis_csv

    old = tmp_path / "oud"
    old.mkdir()
    write_kpis_csv(_figures(status=False), old / "kpis.csv")
    new = tmp_path / "nieuw"
    (new / "intern").mkdir(parents=True)
    write_kpis_csv(_figures(status=False), new / "intern" / "kpis.csv")
    assert previous_cijfers(old, 5)["tekst"].tolist()[1] == "<5"
    assert previous_cijfers(new, 5)["tekst"].tolist()[1] == "<5"
    write_cijfers_csv(cijfers(_figures(), 5), new / "cijfers.csv")
    assert previous_cijfers(new, 5)["status"].tolist()[0] == "definitief"  # cijfers.csv is preferred
    assert previous_cijfers(tmp_path, 5) is None
