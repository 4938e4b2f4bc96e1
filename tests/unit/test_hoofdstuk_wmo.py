"""Wmo chapter elements a municipality only gets when its parameters ask for them."""

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor

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
    html = monitor(rows).figuur_clienten_groep_per_maand("wmo", "wmo_nieuw").html
    assert "Wmo-nieuw per maand</figcaption>" in html
    # December is still provisional (60 % complete): in the table, marked, and named in the note
    assert "2025 (voorlopig)" in html and "Maanden vanaf december 2025 zijn voorlopig" in html
    wijchen = dataclasses.replace(DRUTEN, raw={})
    assert monitor(rows, wijchen).figuur_clienten_groep_per_maand("wmo", "wmo_nieuw").html == ""


def test_uitnutting_table_per_bouwsteen_and_year():
    rows = [("wmo.toegewezen_volume", "2025", "Hulp bij het huishouden", 1000.0, "uur"),
            ("wmo.volume", "2025", "Hulp bij het huishouden", 820.0, "uur"),
            ("wmo.uitnutting", "2025", "Hulp bij het huishouden", 82.0, "procent"),
            ("wmo.clienten", "2025", "Hulp bij het huishouden", 600.0, "aantal")]
    html = monitor(rows).tabel_uitnutting("wmo", "huishouden").html
    assert '<th scope="row">Hulp bij het huishouden 2025</th>' in html
    assert ('data-indicator="wmo.uitnutting" data-periode="2025" data-dimensie="Hulp bij het huishouden">'
            '82,0%</td>') in html


def test_group_figure_alt_text_names_the_group_not_its_key():
    rows = [("wmo.clienten_groep", "2024-11", "wmo_nieuw", 110.0, "aantal"),
            ("wmo.clienten_groep", "2025-11", "wmo_nieuw", 120.0, "aantal")]
    html = monitor(rows).figuur_clienten_groep_per_maand("wmo", "wmo_nieuw").html
    alt = html[html.index('alt="'):].split('"')[1]
    assert "Wmo-nieuw:" in alt and "wmo_nieuw" not in alt


def test_vergrijzing_runs_on_into_the_prognose_and_marks_it():
    rows = [("bevolking.aandeel_65plus", "2025", "", 0.21, "fractie"),
            ("bevolking.aandeel_65plus", "2026", "", 0.22, "fractie"),
            ("bevolking.aandeel_65plus", "2026", "NL01", 0.20, "fractie"),
            ("bevolking.aandeel_65plus_prognose", "2027", "", 0.23, "fractie"),
            ("bevolking.aandeel_65plus_prognose", "2040", "", 0.30, "fractie"),
            ("bevolking.aandeel_65plus_prognose", "2040", "NL01", 0.256, "fractie")]
    html = monitor(rows).figuur_vergrijzing().html
    assert "Aandeel inwoners van 65 jaar en ouder, 2025–2040 (vanaf 2027 prognose)</figcaption>" in html
    assert '<th scope="row">2040 (prognose)</th>' in html and '<th scope="row">2026</th>' in html
    # 0,30 as a percentage with one decimal; NL 0,256 -> 25,6%
    assert 'data-periode="2040" data-dimensie="">30,0%</td>' in html
    assert 'data-periode="2040" data-dimensie="NL01">25,6%</td>' in html


def test_vergrijzing_without_population_is_niet_beschikbaar():
    html = monitor([("wmo.clienten", "2025", "", 10.0, "aantal")]).figuur_vergrijzing().html
    assert "Vergrijzing (bevolking): niet beschikbaar" in html


def test_avan_figure_per_month_and_without_the_table_niet_beschikbaar():
    rows = [("wmo.avan_pashouders", "2026-01", "", 1300.0, "aantal"),
            ("wmo.avan_gebruikers", "2026-01", "", 220.0, "aantal"),
            ("wmo.avan_pashouders", "2026-02", "", 1304.0, "aantal"),
            ("wmo.avan_gebruikers", "2026-02", "", 3.0, "aantal")]
    m = monitor(rows)
    m.selection.tables = {"avan_passen": pd.DataFrame()}
    m._invoer = None  # chapter inputs are derived from the tables once
    html = m.figuur_avan().html
    assert '<th scope="col">Pashouders</th><th scope="col">Gebruikers</th>' in html
    # 3 users in February: a count of persons below 5
    assert 'data-indicator="wmo.avan_gebruikers" data-periode="2026-02" data-dimensie="">&lt;5</td>' in html
    m.selection.tables = {}
    m._invoer = None  # chapter inputs are derived from the tables once
    assert ("AVAN-pashouders en -gebruikers (bron: Vervoerder AVAN, pashouders en gebruikers): "
            "niet beschikbaar") in m.figuur_avan().html


def test_regional_provision_table_own_and_region_per_year():
    rows = [("beschermd_wonen.clienten", "2024", "", 32.0, "aantal"),
            ("beschermd_wonen.clienten", "2025", "", 35.0, "aantal"),
            ("beschermd_wonen.clienten_regio", "2025", "", 848.0, "aantal")]
    m = monitor(rows)
    m.selection.tables = {"regionale_voorzieningen": pd.DataFrame()}
    m._invoer = None  # chapter inputs are derived from the tables once
    html = m.tabel_regionale_voorziening("beschermd-wonen").html
    assert "Beschermd wonen en beschermd thuis: Druten en de regio</caption>" in html
    assert '<th scope="row">Cliënten met een indicatie, regio</th><td class="sd-num">–</td>' in html  # no 2024
    assert 'data-indicator="beschermd_wonen.clienten_regio" data-periode="2025" data-dimensie="">848</td>' in html
    assert "Maatschappelijke opvang: niet beschikbaar" in m.tabel_regionale_voorziening("maatschappelijke-opvang").html
    m.selection.tables = {}
    m._invoer = None  # chapter inputs are derived from the tables once
    assert ("(bron: Centrumgemeente (beschermd wonen en maatschappelijke opvang)): niet beschikbaar"
            in m.tabel_regionale_voorziening("beschermd-wonen").html)


def test_regional_provision_without_own_figures_is_niet_beschikbaar():
    m = monitor([("beschermd_wonen.clienten_regio", "2025", "", 848.0, "aantal")])
    m.selection.tables = {"regionale_voorzieningen": pd.DataFrame()}
    m._invoer = None  # chapter inputs are derived from the tables once
    assert ("Beschermd wonen en beschermd thuis: niet beschikbaar"
            in m.tabel_regionale_voorziening("beschermd-wonen").html)
