"""Toegang and Jeugd elements from the optional seed tables (vrij toegankelijk aanbod, meerzorg)."""

from datetime import date
from pathlib import Path

import pandas as pd

from sdmonitor.workbook.monitor import Monitor
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

P = Periode(2026, 2)
WIJCHEN = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen")


class FakeSelection:
    peildatum = date(2026, 3, 10)

    def __init__(self, tables):
        self.tables = tables

    def has(self, name):
        return name in self.tables


def monitor(rows, tables):
    figures = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    return Monitor(WIJCHEN, P, figures, Path("/x"), date(2026, 3, 10), FakeSelection(tables), {})


AANBOD = pd.DataFrame({"gemeente": ["GM0296"] * 3 + ["GM0296"], "jaar": [2025, 2025, 2025, 2024],
                       "doelgroep": ["Jeugd", "Jeugd", "Ouderen", "Jeugd"], "aanbod": ["Sova", "Kies", "Inloop", "Oud"],
                       "omschrijving": ["training", "groep", None, "x"], "aanbieder": ["W", None, "W", "W"]})


def test_offer_of_the_latest_year_with_participants_where_given():
    rows = [("toegang.vrij_toegankelijk_deelnemers", "2025", "Jeugd: Sova", 38.0, "aantal"),
            ("toegang.vrij_toegankelijk_deelnemers", "2024", "Jeugd: Sova", 35.0, "aantal"),
            ("toegang.vrij_toegankelijk_deelnemers", "2025", "Jeugd: Kies", 3.0, "aantal")]
    html = monitor(rows, {"vrij_toegankelijk_aanbod": AANBOD}).tabel_vrij_toegankelijk_aanbod().html
    assert "Jeugd: Oud" not in html  # 2024's offer: the table shows the latest year's
    assert '<th scope="row">Jeugd: Sova</th><td class="sd-tekst">training — aanbieder: W</td>' in html  # text: left
    assert '<th scope="col">Deelnemers 2024</th><th scope="col">Deelnemers 2025</th>' in html
    assert 'data-dimensie="Jeugd: Kies">&lt;5</td>' in html  # 3 participants
    assert '<th scope="row">Ouderen: Inloop</th><td class="sd-tekst">aanbieder: W</td>' in html


def test_offer_and_meerzorg_without_their_tables_are_niet_beschikbaar():
    m = monitor([], {})
    assert "Vrij toegankelijk aanbod (bron: Overzicht vrij toegankelijk aanbod (gemeente en welzijnsorganisaties)): niet beschikbaar" in \
        m.tabel_vrij_toegankelijk_aanbod().html
    assert "Meerzorg (bron: Registratie meerzorg gemeente): niet beschikbaar" in m.figuur_meerzorg().html


def test_meerzorg_bars_per_soort():
    rows = [("jeugd.meerzorg_uren", "2025", "bij verblijf", 5200.0, "uur"),
            ("jeugd.meerzorg_clienten", "2025", "bij verblijf", 11.0, "aantal")]
    html = monitor(rows, {"meerzorg": pd.DataFrame()}).figuur_meerzorg().html
    assert "Meerzorg: aantal uren 1-op-1 begeleiding per jaar</figcaption>" in html
    assert 'data-indicator="jeugd.meerzorg_uren" data-periode="2025" data-dimensie="bij verblijf">5.200</td>' in html


BENCH = pd.DataFrame({"gebied": ["NL01", "NL01", "NL01", "GM0209"], "indicator": ["jeugd.clienten_per_1000"] * 4,
                      "periode": ["2024", "2025", "2026", "2025"],
                      "dimensie": ["Basis GGZ", "Basis GGZ", "Basis GGZ", "Basis GGZ"], "waarde": [3.2, 3.3, 0.5, 9.9]})


def test_ggz_trend_against_the_netherlands_complete_years_only():
    rows = [("jeugd.clienten_per_1000", "2024", "Basis GGZ", 4.0, "aantal"),
            ("jeugd.clienten_per_1000", "2025", "Basis GGZ", 3.5, "aantal"),
            ("jeugd.clienten_per_1000", "2026", "Basis GGZ", 0.8, "aantal"),  # year-to-date: left out
            ("jeugd.clienten", "2024", "Basis GGZ", 120.0, "aantal"), ("jeugd.clienten", "2025", "Basis GGZ", 105.0, "aantal")]
    html = monitor(rows, {"benchmark": BENCH}).figuur_trend_landelijk("jeugd", "ggz").html
    assert "Trendontwikkeling Jeugd GGZ: Wijchen tegenover Nederland (jeugdigen per 1.000 inwoners)" in html
    assert '<th scope="col">Wijchen Basis GGZ</th><th scope="col">Nederland Basis GGZ</th>' in html
    # NL 2025 3,3 from benchmark (GM0209's 9,9 is another municipality); own 2025 3,5 from the figure table
    assert '<th scope="row">2025</th><td class="sd-num" data-indicator="jeugd.clienten_per_1000" data-periode="2025" ' \
           'data-dimensie="Basis GGZ">3,5</td><td class="sd-num">3,3</td>' in html
    assert '<th scope="row">2026</th>' not in html


def test_ggz_trend_without_national_rows_is_niet_beschikbaar():
    rows = [("jeugd.clienten_per_1000", "2025", "Basis GGZ", 3.5, "aantal")]
    html = monitor(rows, {"benchmark": BENCH[BENCH["gebied"] != "NL01"]}).figuur_trend_landelijk("jeugd", "ggz").html
    assert "Wijchen tegenover Nederland: niet beschikbaar" in html
