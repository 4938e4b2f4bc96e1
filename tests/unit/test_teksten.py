"""Municipality-specific prose comes from parameters and holds only where its data is there
(issue 22 §9: Wijchen's meerzorg sentence was printed in Druten's report beside "niet beschikbaar")."""

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sdmonitor import config
from sdmonitor.parameters import Gemeente, resolve_gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook import teksten
from sdmonitor.workbook.monitor import Monitor

P = Periode(2026, 2)
MEERZORG = "Vanaf 2025 wordt de meerzorg"


class Tables:
    def __init__(self, names, frames=None):
        self.tables = {n: pd.DataFrame() for n in names} | (frames or {})
        self.peildatum = date(2026, 3, 10)

    def has(self, name):
        return name in self.tables


def monitor(gemeente, tables=(), rows=(), frames=None):
    figures = pd.DataFrame(list(rows), columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    return Monitor(gemeente, P, figures, Path("/x"), date(2026, 3, 10), Tables(tables, frames), {})


def _text(element):
    return " ".join(element.data["tekst"]) if element.html else ""


def test_meerzorg_sentence_only_for_the_municipality_that_writes_it_and_has_the_data():
    wijchen, druten = resolve_gemeente("wijchen"), resolve_gemeente("druten")
    assert _text(monitor(wijchen, ["meerzorg"]).tekst("meerzorg")).startswith(MEERZORG)
    assert _text(monitor(wijchen, []).tekst("meerzorg")) == ""  # no meerzorg table: no sentence about it
    assert _text(monitor(druten, ["meerzorg"]).tekst("meerzorg")) == ""  # Druten writes none
    # A regional file with only other municipalities' rows: the element says "niet beschikbaar", no sentence.
    others = {"meerzorg": pd.DataFrame({"gemeente": ["GM0225"], "jaar": [2025]})}
    assert _text(monitor(wijchen, frames=others).tekst("meerzorg")) == ""
    own = {"meerzorg": pd.DataFrame({"gemeente": ["GM0296"], "jaar": [2025]})}
    assert _text(monitor(wijchen, frames=own).tekst("meerzorg")).startswith(MEERZORG)


def test_default_text_follows_its_condition_and_a_municipality_may_replace_or_drop_it():
    g = Gemeente(code="GM0001", naam="Testdorp", slug="testdorp")
    rows = [("beschermd_wonen.clienten", "2025", "", 35.0, "aantal")]
    assert "naast dat van de regio" in _text(monitor(g, rows=rows).tekst("beschermd_wonen_tabel"))
    assert _text(monitor(g).tekst("beschermd_wonen_tabel")) == ""  # no figures: the table is not there
    eigen = Gemeente(code="GM0001", naam="Testdorp", slug="testdorp",
                     raw={"teksten": {"beschermd_wonen_tabel": "Eigen zin.", "vrij_toegankelijk_tabel": ""}})
    assert _text(monitor(eigen, rows=rows).tekst("beschermd_wonen_tabel")) == "Eigen zin."
    assert _text(monitor(eigen, ["vrij_toegankelijk_aanbod"]).tekst("vrij_toegankelijk_tabel")) == ""


def test_an_unknown_key_is_an_error_not_silence():
    with pytest.raises(KeyError):
        teksten.entry({}, "meerzorgg")


def _markdown(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_no_chapter_notebook_names_a_municipality_or_carries_its_own_prose():
    names = [resolve_gemeente(p.stem).naam for p in sorted(config.parameters_dir().glob("*.yaml"))]
    for path in sorted(config.notebooks_dir().glob("[0-9][0-9]_*.ipynb")):
        text = _markdown(path)
        assert MEERZORG not in text, path.name
        assert not [n for n in names if n in text], path.name
        # A sentence about a table the input may lack is printed with the table's condition.
        assert "De tabel zet het aantal inwoners" not in text and "De tabel geeft een niet-uitputtend" not in text
