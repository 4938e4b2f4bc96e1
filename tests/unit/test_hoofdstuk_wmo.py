"""Wmo chapter elements a municipality only gets when its parameters ask for them."""

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd

from sdmonitor import hoofdstuk_wmo as w
from sdmonitor.monitor import Monitor
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

P = Periode(2026, 2)
DRUTEN = Gemeente(code="GM0225", naam="Druten", slug="druten", raw={
    "bouwsteengroepen": {"wmo": {"wmo_nieuw": ["Reguliere begeleiding"]}},
    "bouwsteengroep_titels": {"wmo": {"wmo_nieuw": "Wmo-nieuw"}}})


class FakeSelection:
    tables: dict = {"toewijzingen": pd.DataFrame()}
    peildatum = date(2026, 3, 10)

    def has(self, name):
        return name in self.tables


def monitor(rows, gemeente=DRUTEN):
    figures = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    return Monitor(gemeente, P, figures, Path("/x"), date(2026, 3, 10), FakeSelection(), {})


def test_group_figure_only_where_the_municipality_defines_the_group():
    rows = [("wmo.clienten_groep", "2025-11", "wmo_nieuw", 120.0, "aantal"),
            ("wmo.clienten_groep", "2025-12", "wmo_nieuw", 80.0, "aantal"),
            ("wmo.compleetheid", "2025-11", "", 1.0, "fractie"), ("wmo.compleetheid", "2025-12", "", 0.6, "fractie")]
    html = w.figuur_clienten_groep_per_maand(monitor(rows), "wmo", "wmo_nieuw").html
    assert "Wmo-nieuw per maand</figcaption>" in html
    # December is still provisional (60 % complete): in the table, marked, and named in the note
    assert "2025 (voorlopig)" in html and "Maanden vanaf december 2025 zijn voorlopig" in html
    wijchen = dataclasses.replace(DRUTEN, raw={})
    assert w.figuur_clienten_groep_per_maand(monitor(rows, wijchen), "wmo", "wmo_nieuw").html == ""


def test_uitnutting_table_per_bouwsteen_and_year():
    rows = [("wmo.toegewezen_volume", "2025", "Hulp bij het huishouden", 1000.0, "uur"),
            ("wmo.volume", "2025", "Hulp bij het huishouden", 820.0, "uur"),
            ("wmo.uitnutting", "2025", "Hulp bij het huishouden", 82.0, "procent"),
            ("wmo.clienten", "2025", "Hulp bij het huishouden", 600.0, "aantal")]
    html = w.tabel_uitnutting(monitor(rows), "wmo", "huishouden").html
    assert '<th scope="row">Hulp bij het huishouden 2025</th>' in html
    assert 'data-indicator="wmo.uitnutting" data-periode="2025" data-dimensie="Hulp bij het huishouden">82,0%</td>' in html


def test_group_figure_alt_text_names_the_group_not_its_key():
    rows = [("wmo.clienten_groep", "2024-11", "wmo_nieuw", 110.0, "aantal"),
            ("wmo.clienten_groep", "2025-11", "wmo_nieuw", 120.0, "aantal")]
    html = w.figuur_clienten_groep_per_maand(monitor(rows), "wmo", "wmo_nieuw").html
    alt = html[html.index('alt="'):].split('"')[1]
    assert "Wmo-nieuw:" in alt and "wmo_nieuw" not in alt
