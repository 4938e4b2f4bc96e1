"""Shipped iStandaard code lists: content, look-ups, and agreement with the reference pages."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from sdmonitor.ingest import codelists
from sdmonitor.config import CODELISTS_DIR

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "istandaarden"
SOURCES = {  # list id -> reference page it was extracted from
    "JZ020": "jw/codelijsten/JZ020_Productcategorie",
    "WMO020": "wmo/codelijsten/WMO020_Productcategorie.md",
    "WJ756": "jw/codelijsten/WJ756_Eenheid.md",
    "COD327": "jw/codelijsten/COD327_Code_verwijzer.md",
    "WMO757": "wmo/codelijsten/WMO757_Frequentie.md",
    "JZ588": "jw/codelijsten/JZ588_Reden_beeindiging.md",
    "WMO588": "wmo/codelijsten/WMO588_Reden_beeindiging.md",
    "COD043": "jw/codelijsten/COD043_Indicatie_debet_credit.md",
}
# Pages whose codes are spread over several tables (one per kind of message).
ALL_TABLE_SOURCES = {"WJ001": "jw/codelijsten/WJ001_Retourcode.md"}


def test_every_needed_list_is_shipped():
    assert set(SOURCES) | set(ALL_TABLE_SOURCES) <= set(codelists.available())


def test_wj001_holds_the_codes_of_every_table_once():
    codes = codelists.codes("WJ001")
    # 0200 is in the first table, 9321 in the declarations table, 9367 in the last one; 8187 is in
    # three tables and S300 in two: each once.
    assert codes["0200"] == "Geen opmerking over deze berichtklasse."
    assert codes["9321"] == "Het ingediende volume overschrijdt het toegewezen volume."
    assert "9367" in codes and "8187" in codes and "S300" in codes
    assert len(codes) == 58


def test_wj756_codes_are_the_seven_units():
    assert list(codelists.codes("WJ756")) == ["01", "04", "14", "16", "82", "83", "84"]
    assert codelists.codes("WJ756")["14"] == "Etmaal"


def test_cod327_has_no_code_07():
    assert list(codelists.codes("COD327")) == ["01", "02", "03", "04", "05", "06", "08"]


def test_is_valid_keeps_leading_zeros_exact():
    assert codelists.is_valid("WMO020", "03")
    assert not codelists.is_valid("WMO020", "3")     # a stripped leading zero is not a code
    assert codelists.is_valid("JZ020", "45")
    assert not codelists.is_valid("JZ020", "01")     # 01 is a wmo category, not a jeugd one
    assert not codelists.is_valid("WJ756", None)


def test_codes_returns_a_copy():
    codelists.codes("COD043")["X"] = "changed"
    assert "X" not in codelists.codes("COD043")


def test_unknown_list_is_a_clear_error():
    with pytest.raises(KeyError, match="onbekende codelijst"):
        codelists.codes("XX999")


@pytest.mark.parametrize("code,name", [("01", "minuut"), ("04", "uur"), ("14", "etmaal"),
                                       ("16", "dagdeel"), ("82", "stuks"), ("83", "euro"),
                                       ("84", "stuks")])
def test_unit_name(code, name):
    assert codelists.unit_name(code) == name


def test_unit_name_unknown_code():
    with pytest.raises(KeyError):
        codelists.unit_name("05")


def _reference_rows(text: str) -> list[tuple[str, str]]:
    """The first two cells of the rows of the first Markdown table headed `Code`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\s*\|\s*Code\s*\|", line))
    rows = []
    for line in lines[start + 2:]:
        if not line.strip().startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append((cells[0], cells[1]))
    return rows


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not available")
@pytest.mark.parametrize("list_id", sorted(SOURCES))
def test_shipped_csv_equals_reference(list_id):
    with open(CODELISTS_DIR / f"{list_id}.csv", encoding="utf-8", newline="") as fh:
        shipped = [(r["code"], r["omschrijving"]) for r in csv.DictReader(fh)]
    reference = _reference_rows((REFERENCE / SOURCES[list_id]).read_text(encoding="utf-8"))
    assert shipped == reference


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not available")
def test_wj001_equals_all_reference_tables():
    text = (REFERENCE / ALL_TABLE_SOURCES["WJ001"]).read_text(encoding="utf-8")
    rows: dict[str, str] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.strip().startswith("|") and re.fullmatch(r"[0-9A-Z]{4}", cells[0]):
            rows.setdefault(cells[0], cells[1])
    assert codelists.codes("WJ001") == rows
