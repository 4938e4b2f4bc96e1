"""Names from the input never become live formulas in CSV or Excel output (OWASP CSV injection,
issue 21); numbers stay numbers and our own readers get the names back exactly."""

from __future__ import annotations

import pandas as pd
import pytest
from sdmonitor.figures import kpi_overzicht, wijzigingen
from sdmonitor.publish.element import GridElement
from sdmonitor.safe_output import (
    from_spreadsheet_text,
    spreadsheet_frame,
    spreadsheet_text,
)

PAYLOADS = ["=HYPERLINK(\"http://x\",\"klik\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.mark.parametrize("text", PAYLOADS + ["'=al gequote", "''+twee"])
def test_formula_text_is_quoted_and_comes_back(text):
    safe = spreadsheet_text(text)
    assert safe.startswith("'")
    assert from_spreadsheet_text(safe) == text


@pytest.mark.parametrize("value", [-12.5, 3, None, "-12,5", "+3", "-1.234 %", "Pleegzorg", "", "'gewoon"])
def test_numbers_and_plain_text_untouched(value):
    assert spreadsheet_text(value) == value
    assert from_spreadsheet_text(spreadsheet_text(value)) == value


def test_frame_text_columns_only():
    frame = pd.DataFrame({"tekst": ["=1+1", "-5"], "waarde": [-5.0, 2.0]})
    out = spreadsheet_frame(frame)
    assert out["tekst"].tolist() == ["'=1+1", "-5"] and out["waarde"].tolist() == [-5.0, 2.0]
    assert frame["tekst"].tolist() == ["=1+1", "-5"]  # the element's own data unchanged


def _element() -> GridElement:
    cells = pd.DataFrame({"rij": ["=cmd|'/C calc'!A0", "@aanbieder"], "kolom": ["2025", "2025"],
                          "tekst": ["12", "-3"]})
    element = GridElement("<table></table>", cells, None, titel="t")
    return element


def test_element_to_csv_and_to_excel(tmp_path):
    element = _element()
    data = element.data
    assert "=cmd|'/C calc'!A0" in data.astype(str).to_numpy()  # the analyst's data keeps the real name
    text = element.to_csv(tmp_path / "e.csv").read_text(encoding="utf-8")
    assert "\n'=cmd" in text and "\n'@aanbieder" in text and ",=" not in text
    from openpyxl import load_workbook

    sheet = load_workbook(element.to_excel(tmp_path / "e.xlsx")).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    types = [c.data_type for row in sheet.iter_rows() for c in row]
    assert "f" not in types  # no formula cell
    assert "'=cmd|'/C calc'!A0" in values


def test_kpi_overzicht_csv(tmp_path):
    row = {"nummer": 1, "doel": "=doel", "kpi": "+kpi", "waarde": -4.0, "eenheid": "aantal", "periode": "2025",
           "status": "definitief", "toelichting": "@x", "indicator": "jeugd.kosten", "dimensie": "=HYPERLINK(1)",
           "definitie": "=def", "vorige_periode": "2024", "vorige_waarde": 3.0, "vorige_status": "definitief",
           "referentie": "-ref", "referentie_waarde": 16.5, "referentie_eenheid": "procent"}
    frame = pd.DataFrame([row], columns=kpi_overzicht.COLUMNS)
    path = tmp_path / "kpi-overzicht.csv"
    kpi_overzicht.write_kpi_overzicht_csv(frame, path)
    line = path.read_text(encoding="utf-8").splitlines()[1]
    assert line == ("1,'=doel,'+kpi,-4,aantal,2025,definitief,'@x,jeugd.kosten,'=HYPERLINK(1),'=def,2024,3,definitief,"
                    "'-ref,16.5,procent")
    back = kpi_overzicht.read_kpi_overzicht_csv(path)
    assert back.iloc[0].to_dict() == {**row, "waarde": -4.0}


def test_wijzigingen_csv(tmp_path):
    frame = pd.DataFrame([{"indicator": "jeugd.kosten", "periode": "2025", "dimensie": "-Verblijf+1",
                           "waarde_vorige": 1.0, "waarde": -2.0, "verschil": -3.0}], columns=wijzigingen.COLUMNS)
    path = tmp_path / "wijzigingen.csv"
    wijzigingen.write_wijzigingen(frame, path)
    assert path.read_text(encoding="utf-8").splitlines()[1] == "jeugd.kosten,2025,'-Verblijf+1,1,-2,-3"
    assert wijzigingen.read_wijzigingen(path)["dimensie"].tolist() == ["-Verblijf+1"]
