"""The explorer: options, callbacks, the result of a Keuze, the widget wiring, the notebook."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.edition import Edition
from sdmonitor.workbook.verkenner import Keuze, Verkenner, periode_label

GM, DRUTEN = "GM0296", "GM0225"
WIJCHEN = Gemeente(code=GM, naam="Wijchen", slug="wijchen", regio_gemeenten=(GM, DRUTEN))
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "verkenner.ipynb"


def figures(rows):
    return pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"]).astype(
        {"indicator": "str", "periode": "str", "dimensie": "str", "waarde": "float64", "eenheid": "str"})


FIGS = figures([
    ("jeugd.clienten", "2024", "", 50, "aantal"),
    ("jeugd.clienten", "2025", "", 40, "aantal"),
    ("jeugd.clienten", "2025", "Pleegzorg", 3, "aantal"),
    ("jeugd.clienten", "2025-12", "", 30, "aantal"),
    ("jeugd.clienten", "2026-01", "", 25, "aantal"),
    ("jeugd.compleetheid", "2025-12", "", 1.0, "fractie"),
    ("jeugd.compleetheid", "2026-01", "", 0.80, "fractie"),  # < 0,95: voorlopig
    ("jeugd.kosten", "2025", "", 1000.0, "euro"),
    ("jeugd.kosten", "2025", "Verblijf", 600.0, "euro"),
    ("jeugd.kosten", "2025", "Ambulant", 400.0, "euro"),
    ("jeugd.kosten_verwacht", "2025", "", 1000.0, "euro"),
    ("jeugd.pct_in_zorg", "2025", "", 12.5, "procent"),
    ("jeugd.pct_in_zorg", "2026", "", 3.0, "procent"),  # year to date (t/m feb)
    ("jeugd.clienten", "2026", "", 20, "aantal"),
    ("jeugd.backtest_prognose", "2025", "", 1.0, "euro"),
    ("wmo.kosten", "2025", "", 500.0, "euro"),
    ("wmo.pgb_aandeel", "2025", "", 0.1, "fractie"),
    ("toegang.meldingen", "2025", "jeugd", 8, "aantal"),
    ("toegang.meldingen", "2025-01", "jeugd", 2, "aantal"),
])
BENCH = pd.DataFrame({"gebied": ["NL01", DRUTEN], "indicator": ["jeugd.pct_in_zorg"] * 2, "periode": ["2025"] * 2,
                      "dimensie": [""] * 2, "waarde": [10.5, 11.0]})


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SDMONITOR_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def v() -> Verkenner:
    return Verkenner(Edition(WIJCHEN, Periode(2026, 2), date(2026, 3, 10), Path("."), FIGS, BENCH))


def test_options(v):
    assert [w for _, w in v.wetten()] == ["jeugd", "wmo", "toegang"]
    # by Dutch name (Compleetheid, Kosten, Percentage, Unieke cliënten, Verwachte); backtests are
    # internal and not offered
    assert [i for _, i in v.indicatoren("jeugd")] == [
        "jeugd.compleetheid", "jeugd.kosten", "jeugd.pct_in_zorg", "jeugd.clienten", "jeugd.kosten_verwacht"]
    assert v.dimensies("jeugd.kosten") == [("Totaal", ""), ("Ambulant", "Ambulant"), ("Verblijf", "Verblijf")]
    assert v.dimensie_soort("jeugd.kosten") == "Begrotingspost"
    assert v.dimensie_soort("jeugd.clienten") == "Bouwsteen"
    # toegang.meldingen has no total row here: no "Totaal" offered
    assert v.dimensies("toegang.meldingen") == [("jeugd", "jeugd")]
    assert v.pers("jeugd.clienten") == [("Per jaar", "jaar"), ("Per maand", "maand")]
    assert v.jaren() == (2023, 2026)


def test_callback_wet_picks_clienten_or_the_first(v):
    up = v.bij_wet("jeugd")
    assert up["indicator"] == "jeugd.clienten"
    assert up["dimensie_soort"] == "Bouwsteen" and up["dimensie"] == ""
    up = v.bij_wet("wmo")  # no wmo.clienten: the first by name ("Aandeel PGB ..." < "Kosten Wmo")
    assert up["indicator"] == "wmo.pgb_aandeel"
    assert up["pers"] == [("Per jaar", "jaar")] and up["per"] == "jaar"


def test_callback_indicator_keeps_what_still_exists(v):
    up = v.bij_indicator("jeugd.kosten", dimensie="Verblijf", per="maand")
    assert up["dimensie"] == "Verblijf"  # kept
    assert up["per"] == "jaar"  # kosten has no months
    up = v.bij_indicator("jeugd.clienten", dimensie="Verblijf", per="maand")
    assert up["dimensie"] == "" and up["per"] == "maand"


def test_resultaat_per_jaar(v):
    r = v.resultaat(v.keuze(indicator="jeugd.clienten", jaren=(2024, 2025)))
    assert r.titel == "Unieke cliënten met geleverde zorg Jeugd"
    assert list(r.data["waarde"]) == [50, 40]
    assert isinstance(r.figuur, Figure)
    assert r.tabel.to_dict() == {"Wijchen": {"2024": "50", "2025": "40"}}
    # no benchmark rows for this indicator: said so, no comparison chart
    assert r.vergelijking_figuur is None and r.vergelijking.empty
    assert any("benchmarktabel" in n for n in r.noten)


def test_resultaat_per_maand_marks_voorlopig(v):
    r = v.resultaat(v.keuze(indicator="jeugd.clienten", per="maand"))
    assert r.tabel.to_dict() == {"Wijchen": {"dec 2025": "30", "jan 2026": "25*"}}
    assert any(n.startswith("* voorlopig") for n in r.noten)


def test_resultaat_small_number_and_breakdown(v):
    r = v.resultaat(v.keuze(indicator="jeugd.clienten", dimensie="Pleegzorg"))
    assert r.titel.endswith("– Pleegzorg")
    assert r.tabel.to_dict() == {"Wijchen": {"2025": "<5"}}
    assert any("<5" in n for n in r.noten)


def test_resultaat_with_region_and_nl(v):
    r = v.resultaat(v.keuze(indicator="jeugd.pct_in_zorg"))
    assert r.tabel.to_dict() == {"Wijchen": {"2025": "12,5%", "2026 t/m feb": "3,0%"}}
    # the comparison holds whole years only: 2026 to date is not comparable with the benchmark
    assert list(zip(r.vergelijking["naam"], r.vergelijking["tekst"])) == [
        ("Wijchen", "12,5%"), ("Druten", "11,0%"), ("Nederland", "10,5%")]
    assert isinstance(r.vergelijking_figuur, Figure)


def test_resultaat_unknown_indicator(v):
    with pytest.raises(KeyError):
        v.resultaat(Keuze(indicator="jeugd.backtest_prognose"))


def test_periode_label():
    assert periode_label("2025") == "2025"
    assert periode_label("2025-03") == "mrt 2025"
    # the edition's own year is year-to-date, as the report writes it; December is a whole year
    assert periode_label("2026", Periode(2026, 2)) == "2026 t/m feb"
    assert periode_label("2025", Periode(2026, 2)) == "2025"
    assert periode_label("2026", Periode(2026, 12)) == "2026"


# --- widgets: set values as a user would ----------------------------------------------------

def test_widgets_follow_the_callbacks(v):
    app = v.app()
    assert app.indicator.value == "jeugd.clienten" and app.laatste.titel.startswith("Unieke cliënten")
    app.wet.value = "wmo"
    assert app.indicator.value == "wmo.pgb_aandeel"
    assert app.laatste.keuze.indicator == "wmo.pgb_aandeel"
    app.wet.value = "jeugd"
    app.indicator.value = "jeugd.kosten"
    assert app.dimensie.description == "Begrotingspost"
    app.dimensie.value = "Verblijf"
    assert app.laatste.tabel.to_dict() == {"Wijchen": {"2025": "€ 600"}}
    app.indicator.value = "jeugd.clienten"
    app.per.value = "maand"
    assert list(app.laatste.tabel.index) == ["dec 2025", "jan 2026"]
    app.jaren.value = (2026, 2026)
    assert list(app.laatste.tabel.index) == ["jan 2026"]


# --- the notebook ----------------------------------------------------------------------------

def cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_notebook_committed_without_outputs():
    for cell in cells():
        if cell["cell_type"] == "code":
            assert cell.get("outputs", []) == [] and cell.get("execution_count") is None


def test_notebook_only_wires_the_library():
    params = [c for c in cells() if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1
    for cell in cells():
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                assert (getattr(node, "module", None) or node.names[0].name).startswith("sdmonitor")


def test_two_gemeenten_in_chart_table_and_comparison(v, monkeypatch):
    druten = Edition(Gemeente(code=DRUTEN, naam="Druten", slug="druten"), Periode(2026, 2), date(2026, 3, 10),
                     Path("."), figures([("jeugd.pct_in_zorg", "2025", "", 9.0, "procent"),
                                         # without its clients the percentage would be hidden ("x")
                                         ("jeugd.clienten", "2025", "", 100, "aantal")]), BENCH)
    import sdmonitor.workbook.edition as edition_module

    monkeypatch.setattr(edition_module, "open_edition", lambda g, *a, **k: druten)
    r = v.resultaat(v.keuze(indicator="jeugd.pct_in_zorg", gemeenten=(GM, DRUTEN), jaren=(2025, 2025)))
    assert r.tabel.to_dict() == {"Wijchen": {"2025": "12,5%"}, "Druten": {"2025": "9,0%"}}
    assert [t.get_text() for t in r.figuur.legends[0].get_texts()] == ["Wijchen", "Druten"]
    # Druten from its own figures (9,0), not from the benchmark (11,0); then NL
    assert list(zip(r.vergelijking["naam"], r.vergelijking["bron"], r.vergelijking["tekst"])) == [
        ("Wijchen", "figuren", "12,5%"), ("Druten", "figuren", "9,0%"), ("Nederland", "benchmark", "10,5%")]


def test_a_gemeente_without_data_is_a_note_not_a_failure(v, monkeypatch):
    import sdmonitor.workbook.edition as edition_module
    from sdmonitor.errors import InvalidDataError

    def no_data(*args, **kwargs):
        raise InvalidDataError("gemeente GM0225 komt niet voor in declaraties")

    monkeypatch.setattr(edition_module, "open_edition", no_data)
    r = v.resultaat(v.keuze(indicator="jeugd.clienten", gemeenten=(GM, DRUTEN)))
    # named, not dropped: its column says "geen gegevens", the note says why; nothing drawn for it
    assert list(r.tabel.columns) == ["Wijchen", "Druten"]
    assert set(r.tabel["Druten"]) == {"geen gegevens"}
    assert any(n.startswith("Druten: geen gegevens") and "komt niet voor" in n for n in r.noten)
    assert [t.get_text() for t in r.figuur.legends[0].get_texts()] == ["Wijchen"] if r.figuur.legends else True


# --- status (issue 19) ---------------------------------------------------------------------------

STATUS_FIGS = pd.DataFrame([
    ("toegang.meldingen", "2023", "", 700.0, "aantal", "deelperiode"),   # registration starts in July
    ("toegang.meldingen", "2024", "", float("nan"), "aantal", "geen_gegevens"),
    ("toegang.meldingen", "2025", "", 1349.0, "aantal", "definitief"),
    ("jeugd.clienten", "2024", "", 1400.0, "aantal", "definitief"),
    ("jeugd.clienten", "2025", "", 1301.0, "aantal", "voorlopig"),
    ("jeugd.clienten", "2025", "Pleegzorg", 3.0, "aantal", "voorlopig"),
], columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])


@pytest.fixture
def vs() -> Verkenner:
    return Verkenner(Edition(WIJCHEN, Periode(2026, 2), date(2026, 3, 10), Path("."), STATUS_FIGS, None))


def test_table_and_chart_take_published_values_with_status(vs):
    r = vs.resultaat(vs.keuze(indicator="toegang.meldingen"))
    # no data reads "geen gegevens" (never 0), a part year is labelled as one
    assert r.tabel.to_dict() == {"Wijchen": {"2023 (deel van het jaar)": "700", "2024": "geen gegevens",
                                             "2025": "1.349"}}
    assert pd.isna(r.data.loc[r.data["periode"] == "2024", "waarde"]).all()
    assert any(n.startswith("geen gegevens") for n in r.noten)
    # the chart draws no bar for 2024: two bars (2023, 2025), not three with a 0
    assert len([p for ax in r.figuur.axes for p in ax.patches if p.get_height() > 0]) == 2


def test_voorlopig_from_status_and_small_numbers_without_their_value(vs):
    r = vs.resultaat(vs.keuze(indicator="jeugd.clienten"))
    assert r.tabel.to_dict() == {"Wijchen": {"2024": "1.400", "2025": "1.301*"}}
    hidden = vs.resultaat(vs.keuze(indicator="jeugd.clienten", dimensie="Pleegzorg"))
    assert hidden.tabel.to_dict() == {"Wijchen": {"2025": "<5*"}}
    assert pd.isna(hidden.data["waarde"]).all()  # the 3 is not in the explorer's data
