"""The explorer's drill levels, toggles, gemeenten, saved views, downloads and busy line."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.edition import Edition
from sdmonitor.workbook.verkenner import GEMIDDELDE, Verkenner
from sdmonitor.workbook.verkenner_downloads import csv_bytes, excel_bytes
from sdmonitor.workbook.verkenner_keuze import UITSPLITSING, Keuze

GM, DRUTEN, BEUNINGEN = "GM0296", "GM0225", "GM0209"
WIJCHEN = Gemeente(code=GM, naam="Wijchen", slug="wijchen", regio_gemeenten=(GM, DRUTEN, BEUNINGEN))
COLS = ["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]
FIGS = pd.DataFrame([
    ("jeugd.clienten", "2025", "", 40, "aantal", "definitief"),
    ("jeugd.clienten", "2025", "Pleegzorg", 3, "aantal", "definitief"),         # <5
    ("jeugd.clienten", "2025", "Ambulante behandeling", 37, "aantal", "definitief"),
    ("jeugd.clienten", "2025-12", "", 30, "aantal", "definitief"),
    ("jeugd.clienten", "2026-01", "", 25, "aantal", "voorlopig"),
    ("jeugd.clienten", "2026-02", "", 20, "aantal", "voorlopig"),
    ("jeugd.kosten", "2025", "", 1000.0, "euro", "definitief"),
    ("jeugd.kosten", "2025", "Verblijf", 600.0, "euro", "definitief"),
    ("jeugd.kosten", "2025", "Ambulant", 400.0, "euro", "definitief"),
    ("jeugd.kosten_bouwsteen", "2025", "Pleegzorg", 250.0, "euro", "definitief"),
    ("jeugd.kosten_bouwsteen", "2025", "=HYPERLINK(\"x\")", 350.0, "euro", "definitief"),
    ("jeugd.pct_in_zorg", "2025", "", 12.5, "procent", "definitief"),
    ("bevolking.aantal", "2025", "", 40000, "aantal", "definitief"),
    ("bevolking.aantal", "2025", "0-17", 8000, "aantal", "definitief"),
    ("toegang.meldingen", "2025", "", 8, "aantal", "definitief"),
    ("toegang.meldingen", "2025-01", "", 8, "aantal", "definitief"),
], columns=COLS)
BENCH = pd.DataFrame({"gebied": ["NL01", DRUTEN, BEUNINGEN], "indicator": ["jeugd.pct_in_zorg"] * 3,
                      "periode": ["2025"] * 3, "dimensie": [""] * 3, "waarde": [10.5, 11.0, 14.0]})


def edition(gemeente: Gemeente, figs: pd.DataFrame) -> Edition:
    return Edition(gemeente, Periode(2026, 2), date(2026, 3, 10), Path("."), figs, BENCH,
                   gemeenten_in_data=(GM, DRUTEN))


@pytest.fixture
def v(monkeypatch) -> Verkenner:
    monkeypatch.setenv("SDMONITOR_CACHE", "off")
    druten = edition(Gemeente(code=DRUTEN, naam="Druten", slug="druten"), pd.DataFrame([
        ("jeugd.pct_in_zorg", "2025", "", 9.0, "procent", "definitief"),
        ("jeugd.clienten", "2025", "", 100, "aantal", "definitief"),
        ("bevolking.aantal", "2025", "0-17", 4000, "aantal", "definitief"),
    ], columns=COLS))
    import sdmonitor.workbook.edition as edition_module

    monkeypatch.setattr(edition_module, "open_edition", lambda g, *a, **k: druten)
    return Verkenner(edition(WIJCHEN, FIGS))


def test_drill_levels_total_begrotingspost_bouwsteen(v):
    assert [n for _, n in v.niveaus("jeugd.kosten")] == ["", UITSPLITSING, "_bouwsteen"]
    posts = v.resultaat(v.keuze(indicator="jeugd.kosten", niveau=UITSPLITSING, jaren=(2025, 2025)))
    assert posts.tabel.to_dict() == {"Verblijf": {"2025": "€ 600"}, "Ambulant": {"2025": "€ 400"}}
    stenen = v.resultaat(v.keuze(indicator="jeugd.kosten", niveau="_bouwsteen", jaren=(2025, 2025)))
    assert sorted(stenen.tabel.columns) == ['=HYPERLINK("x")', "Pleegzorg"]
    # every bouwsteen side by side in one chart, one bar per bouwsteen
    assert len([p for ax in stenen.figuur.axes for p in ax.patches if p.get_height() > 0]) == 2


def test_drill_keeps_small_numbers_hidden(v):
    r = v.resultaat(v.keuze(indicator="jeugd.clienten", niveau=UITSPLITSING, jaren=(2025, 2025)))
    assert r.tabel.loc["2025", "Pleegzorg"] == "<5"
    assert r.download.loc[r.download["dimensie"] == "Pleegzorg", "waarde"].isna().all()


def test_drill_down_to_aanbieder_keeps_small_numbers_hidden(monkeypatch):
    # Aanbieder B has 3 clients: "<5", and its kosten hidden ("x"); 1000 - 700 would give B's
    # kosten, so the next-smallest aanbieder C's kosten are hidden too ("x").
    monkeypatch.setenv("SDMONITOR_CACHE", "off")
    figs = pd.concat([FIGS, pd.DataFrame([
        ("jeugd.kosten_aanbieder", "2025", "A", 700.0, "euro", "definitief"),
        ("jeugd.kosten_aanbieder", "2025", "B", 100.0, "euro", "definitief"),
        ("jeugd.kosten_aanbieder", "2025", "C", 200.0, "euro", "definitief"),
        ("jeugd.clienten_aanbieder", "2025", "A", 30, "aantal", "definitief"),
        ("jeugd.clienten_aanbieder", "2025", "B", 3, "aantal", "definitief"),
        ("jeugd.clienten_aanbieder", "2025", "C", 7, "aantal", "definitief"),
    ], columns=COLS)], ignore_index=True)
    v = Verkenner(edition(WIJCHEN, figs))
    assert [n for _, n in v.niveaus("jeugd.kosten")] == ["", UITSPLITSING, "_bouwsteen", "_aanbieder"]
    assert ("Alle: aanbieder", "_aanbieder") in v.niveaus("jeugd.clienten")
    assert v.dimensie_soort("jeugd.kosten_aanbieder") == "Aanbieder"
    clienten = v.resultaat(v.keuze(indicator="jeugd.clienten", niveau="_aanbieder", jaren=(2025, 2025)))
    assert clienten.tabel.loc["2025", "A"] == "30"
    assert clienten.tabel.loc["2025", "B"] == "<5"
    assert clienten.download.loc[clienten.download["dimensie"] == "B", "waarde"].isna().all()
    kosten = v.resultaat(v.keuze(indicator="jeugd.kosten", niveau="_aanbieder", jaren=(2025, 2025)))
    assert kosten.tabel.to_dict() == {"A": {"2025": "€ 700"}, "B": {"2025": "x"}, "C": {"2025": "x"}}
    assert kosten.download.loc[kosten.download["dimensie"].isin(["B", "C"]), "waarde"].isna().all()


def test_per_1000_inwoners_of_the_age_group(v):
    r = v.resultaat(v.keuze(indicator="jeugd.clienten", per_1000=True, jaren=(2025, 2025), gemeenten=(GM, DRUTEN)))
    # Wijchen 40 / 8.000 * 1.000 = 5,0; Druten 100 / 4.000 * 1.000 = 25,0
    assert r.tabel.to_dict() == {"Wijchen": {"2025": "5,0"}, "Druten": {"2025": "25,0"}}
    assert any("0-17" in n for n in r.noten)


def test_year_over_year_overlays_the_months(v):
    r = v.resultaat(v.keuze(indicator="jeugd.clienten", per="maand", jaar_op_jaar=True))
    labels = [t.get_text() for t in r.figuur.legends[0].get_texts()]
    assert labels[:2] == ["2025", "2026"]
    ticks = [t.get_text() for t in r.figuur.axes[0].get_xticklabels()]
    assert ticks[0].endswith("jan") and ticks[-1].endswith("dec")  # January to December on one axis


def test_average_of_the_chosen_gemeenten_and_the_region(v):
    r = v.resultaat(v.keuze(indicator="jeugd.pct_in_zorg", gemeenten=(GM, DRUTEN), gemiddelde=True,
                            jaren=(2025, 2025)))
    # (12,5 + 9,0) / 2 = 10,75; the region: Wijchen and Druten from their own figures, Beuningen from
    # the benchmark (Druten's benchmark 11,0 is not used twice): (12,5 + 9,0 + 14,0) / 3
    assert r.tabel.to_dict() == {"Wijchen": {"2025": "12,5%"}, "Druten": {"2025": "9,0%"},
                                 GEMIDDELDE: {"2025": "10,8%"}}
    regio = r.vergelijking[r.vergelijking["gebied"] == "regio"]
    assert list(regio["waarde"]) == [pytest.approx(35.5 / 3)]


def test_every_municipality_in_the_data_can_be_chosen(v):
    codes = [c for _, c in v.gemeenten()]
    assert codes[0] == GM and {DRUTEN, BEUNINGEN} <= set(codes)
    assert ("Beuningen", BEUNINGEN) in v.gemeenten()  # named from the house style's gebieden


def test_deselecting_removes_and_none_chosen_says_so(v):
    only_druten = v.resultaat(v.keuze(indicator="jeugd.clienten", gemeenten=(DRUTEN,), jaren=(2025, 2025)))
    assert list(only_druten.tabel.columns) == ["Druten"]
    nothing = v.resultaat(v.keuze(indicator="jeugd.clienten", gemeenten=()))
    assert nothing.tabel.empty and "Kies een of meer gemeenten." in nothing.noten


def test_a_view_is_saved_as_dict_or_fragment_and_reopens(v):
    k = v.keuze(indicator="jeugd.kosten", niveau=UITSPLITSING, per_1000=True,
                gemeenten=(GM, DRUTEN), jaren=(2024, 2025))
    assert Keuze.uit(k.als_dict()) == k
    assert Keuze.uit(k.als_fragment()) == k
    assert k.als_fragment().startswith("#indicator=jeugd.kosten&")
    with pytest.raises(ValueError, match="indicatr"):
        Keuze.uit({"indicatr": "jeugd.kosten"})
    app = v.app(k.als_fragment())
    assert app.keuze() == k and app.weergave() == k.als_dict()
    assert app.weergave_tekst.value == k.als_fragment()


def test_widgets_keep_the_period_across_wet_and_drop_a_deselected_gemeente(v):
    app = v.app()
    app.per.value = "maand"
    app.wet.value = "toegang"
    assert app.indicator.value == "toegang.meldingen" and app.per.value == "maand"
    app.wet.value = "jeugd"
    assert app.per.value == "maand"
    app.gemeenten.value = (GM, DRUTEN)
    app.per.value = "jaar"
    assert "Druten" in app.laatste.tabel.columns
    app.gemeenten.value = (GM,)
    assert list(app.laatste.tabel.columns) == ["Wijchen"]


def test_busy_line_while_computing(v, monkeypatch):
    app = v.app()
    seen = []
    real = v.resultaat
    monkeypatch.setattr(v, "resultaat", lambda k: seen.append((app.bezig.value, app.bezig.layout.visibility))
                        or real(k))
    app.per.value = "maand"
    assert seen == [("⏳ Bezig met rekenen…", "visible")]
    assert app.bezig.layout.visibility == "hidden"


def test_downloads_are_the_published_values_safe_for_a_spreadsheet(v):
    r = v.resultaat(v.keuze(indicator="jeugd.kosten", niveau="_bouwsteen", jaren=(2025, 2025)))
    table = r.download
    assert list(table.columns) == ["gemeente", "naam", "indicator", "periode", "dimensie", "waarde", "eenheid",
                                   "status", "tekst"]
    text = csv_bytes(table).decode("utf-8")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    back = pd.read_excel(io.BytesIO(excel_bytes(table)), dtype={"dimensie": str})
    assert sorted(back["dimensie"]) == ["'=HYPERLINK(\"x\")", "Pleegzorg"]
    assert sorted(back["waarde"]) == [250.0, 350.0]
    hidden = v.resultaat(v.keuze(indicator="jeugd.clienten", niveau=UITSPLITSING, jaren=(2025, 2025))).download
    assert "3" not in csv_bytes(hidden).decode("utf-8").split("Pleegzorg", 1)[1].split("\n", 1)[0].split(",")[1]


def test_per_1000_with_a_gemeente_without_data_names_it(v, monkeypatch):
    import sdmonitor.workbook.edition as edition_module
    from sdmonitor.errors import InvalidDataError

    def no_data(*args, **kwargs):
        raise InvalidDataError("gemeente GM0225 komt niet voor in declaraties")

    monkeypatch.setattr(edition_module, "open_edition", no_data)
    r = v.resultaat(v.keuze(indicator="jeugd.clienten", per_1000=True, jaren=(2025, 2025), gemeenten=(GM, DRUTEN)))
    assert r.tabel.to_dict() == {"Wijchen": {"2025": "5,0"}, "Druten": {"2025": "geen gegevens"}}
