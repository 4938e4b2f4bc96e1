"""The Doorlooptijden section (Jeugd, Wmo) and the message quality tables of the Verantwoording."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook import sectie_doorlooptijden as sd
from sdmonitor.workbook.monitor import Monitor

P = Periode(2026, 2)
WIJCHEN = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen")
COLUMNS = ["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]


class FakeSelection:
    tables: dict[str, pd.DataFrame] = {}  # a stand-in, never changed
    peildatum = date(2026, 3, 10)

    def has(self, name):
        return name in self.tables


def monitor(rows):
    return Monitor(WIJCHEN, P, pd.DataFrame(rows, columns=COLUMNS), Path("/x"), date(2026, 3, 10), FakeSelection(),
                   {})


def stage(wet, stap, dim, aantal, clienten, mediaan, boven, breakdown="", periode="2025", status="definitief"):
    name = f"{wet}.doorlooptijd_{stap}" + (f"_{breakdown}" if breakdown else "")
    return [(f"{name}_aantal", periode, dim, aantal, "aantal", status),
            (f"{name}_clienten", periode, dim, clienten, "aantal", status),
            (f"{name}_mediaan", periode, dim, mediaan, "dagen", status),
            (f"{name}_boven_norm", periode, dim, boven, "procent", status)]


def test_without_any_doorlooptijd_the_section_says_niet_beschikbaar():
    m = monitor([("wmo.kosten", "2025", "", 10.0, "euro", "definitief")])
    assert "niet beschikbaar" in m.tabel_doorlooptijden("wmo", "overzicht").html
    assert "niet beschikbaar" in m.tabel_doorlooptijden("wmo", "kwartaal").html
    assert "niet beschikbaar" in m.tabel_berichtenkwaliteit().html


def test_overview_shows_the_stages_with_data_and_names_the_others():
    rows = stage("wmo", "declaratie", "", 300.0, 40.0, 6.0, 18.0) + [
        ("wmo.doorlooptijd_aanvraag_aantal", "2025", "", np.nan, "aantal", "geen_gegevens"),
        ("wmo.doorlooptijd_aanvraag_mediaan", "2025", "", np.nan, "dagen", "geen_gegevens")]
    html = monitor(rows).tabel_doorlooptijden("wmo", "overzicht").html
    assert "Einde zorgmaand → declaratie: mediaan (dagen)" in html and ">18,0%<" in html
    assert "Aanvraag → toewijzing: mediaan" not in html
    assert "Geen gegevens over aanvraag → toewijzing en toewijzing → start zorg" in html
    assert "aanvraag → toewijzing 2 weken" in html  # the Wmo default norm (14 days) in the note


def test_a_norm_reads_in_weeks_when_it_is_whole_weeks():
    assert [sd.norm_tekst(d) for d in (56, 14, 7, 10, 1)] == ["8 weken", "2 weken", "1 week", "10 dagen", "1 dag"]


def test_per_aanbieder_only_aanbieders_with_enough_clients():
    rows = (stage("jeugd", "aanvraag", "", 40.0, 30.0, 21.0, 5.0)
            + stage("jeugd", "aanvraag", "A1", 30.0, 25.0, 20.0, 4.0, breakdown="aanbieder")
            + stage("jeugd", "aanvraag", "B2", 10.0, 3.0, 47.0, 60.0, breakdown="aanbieder"))
    html = monitor(rows).tabel_doorlooptijden("jeugd", "aanbieder", "aanvraag").html
    assert '<th scope="row">A1</th>' in html and "B2" not in html and ">47<" not in html
    assert "1 aanbieder(s) met minder dan 5 cliënten staan niet in de tabel" in html


def test_a_median_per_productcategorie_of_few_clients_is_hidden():
    rows = (stage("jeugd", "start", "", 40.0, 30.0, 21.0, 5.0)
            + stage("jeugd", "start", "45", 36.0, 27.0, 20.0, 4.0)
            + stage("jeugd", "start", "46", 4.0, 3.0, 47.0, 50.0))
    html = sd.tabel_productcategorie(monitor(rows), "jeugd").html
    assert "45 Jeugdhulp ambulant" in html and "46 Jeugdhulp crisis" in html
    assert 'data-dimensie="46">x</td>' in html and ">47<" not in html


def test_message_quality_table_shows_geen_gegevens_for_absent_retouren():
    rows = [("jeugd.declaratieregels_ingediend", "2025", "", 1200.0, "aantal", "definitief"),
            ("jeugd.declaratieregels_afgewezen_aandeel", "2025", "", np.nan, "procent", "geen_gegevens"),
            ("jeugd.declaratieregels_gecrediteerd_aandeel", "2025", "", 2.0, "procent", "definitief")]
    html = monitor(rows).tabel_berichtenkwaliteit().html
    assert "Jeugd: ingediende declaratieregels" in html and ">1.200<" in html
    assert "Jeugd: afgewezen met een retourbericht (325) (%)" in html and "geen gegevens" in html


def test_messages_per_month_are_named_for_a_reader():
    rows = [("berichten.aantal", "2026-01", "JW323", 64.0, "aantal", "definitief"),
            ("berichten.aantal", "2026-01", "WMO301", 88.0, "aantal", "definitief"),
            ("berichten.aantal", "2026-01", "onbekend", 2.0, "aantal", "definitief"),
            ("berichten.aantal", "2026-01", "", 154.0, "aantal", "definitief")]
    html = monitor(rows).tabel_berichten_per_maand().html
    assert "Declaratie Jeugd" in html and "Toewijzing Wmo" in html and "Onbekend (overgeslagen bestand)" in html
    assert "JW323" not in html.replace('data-dimensie="JW323"', "")  # the code only as the cell's source key
