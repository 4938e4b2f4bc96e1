"""Names from the input (bouwsteen, begrotingspost, aanbieder, a gemeente's naam) are shown as text,
never run as HTML: in the explorer's fragments and widgets, and in the report's blocks (issue 21)."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

import ipywidgets as w
import pandas as pd
import pytest

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.publish import presentation
from sdmonitor.workbook import verkenner, verkenner_view
from sdmonitor.workbook.edition import Edition

XSS = "<img src=x onerror=alert(1)>"
SAFE = escape(XSS)
ROWS = [
    ("jeugd.clienten", "2025", "", 40, "aantal"),
    ("jeugd.clienten", "2025", f"bouwsteen {XSS}", 30, "aantal"),          # a bouwsteen from producten
    ("jeugd.kosten", "2025", "", 1000.0, "euro"),
    ("jeugd.kosten", "2025", f"post {XSS}", 1000.0, "euro"),               # a begrotingspost
    ("jeugd.aanbieders", "2025", "", 12, "aantal"),
    ("jeugd.aanbieders", "2025", f"aanbieder {XSS}", 12, "aantal"),         # an aanbieder
]
FIGS = pd.DataFrame(ROWS, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
GEMEENTE = Gemeente(code="GM0296", naam=f"Wijchen {XSS}", slug="wijchen",
                    raw={"begrotingsposten": {"jeugd": [f"post {XSS}"]}})


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SDMONITOR_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def shown(monkeypatch):
    """Every HTML fragment the explorer displays."""
    fragments: list[str] = []

    def display(obj, *args, **kwargs):
        if hasattr(obj, "data") and isinstance(obj.data, str):
            fragments.append(obj.data)

    monkeypatch.setattr(verkenner_view, "display", display)
    return fragments


def _app() -> verkenner_view.App:
    edition = Edition(GEMEENTE, Periode(2026, 2), date(2026, 3, 10), Path("."), FIGS,
                      pd.DataFrame(columns=["gebied", "indicator", "periode", "dimensie", "waarde"]))
    return verkenner.Verkenner(edition).app()


def test_explorer_html_escapes_every_name(shown):
    app = _app()
    seen = 0
    for indicator in ("jeugd.clienten", "jeugd.kosten", "jeugd.aanbieders"):
        if indicator not in [v for _, v in app.indicator.options]:
            continue
        app.indicator.value = indicator
        for _, dimensie in app.dimensie.options:
            if XSS in dimensie:
                app.dimensie.value = dimensie
                seen += 1
    assert seen >= 2
    page = "\n".join(shown)
    assert XSS not in page
    assert page.count(SAFE) >= seen  # the titles name the breakdown, escaped
    assert f"Wijchen {SAFE}" in page  # the gemeente's naam as table header


def test_explorer_error_message_escaped(shown, monkeypatch):
    app = _app()

    def boom(keuze):
        raise ValueError(f"onbekend: {XSS}")

    monkeypatch.setattr(app.verkenner, "resultaat", boom)
    app.toon()
    assert XSS not in "\n".join(shown) and SAFE in shown[-1]


def test_widgets_show_names_as_text():
    app = _app()
    widgets = [app.gemeenten, app.wet, app.indicator, app.dimensie, app.per, app.jaren]
    # ipywidgets 8 renders options and descriptions as text unless a widget allows HTML
    assert all(not getattr(x, "description_allow_html", False) for x in widgets)
    assert not any(isinstance(x, (w.HTML, w.HTMLMath, w.Label)) for x in widgets)
    assert (f"Wijchen {XSS}", "GM0296") in app.gemeenten.options


def test_report_blocks_escape_names():
    cells = pd.DataFrame({"rij": [f"bouwsteen {XSS}"], "kolom": ["2025"], "tekst": [XSS],
                          "indicator": ["jeugd.clienten"], "periode": ["2025"], "dimensie": [XSS]})
    blocks = [presentation.table_html(cells, f"Cliënten {XSS}", rij_kop=XSS, bron=XSS, noot=XSS),
              presentation.findings_html([XSS], kop=XSS), presentation.analyst_html([XSS], kop=XSS),
              presentation.analyst_html(XSS), presentation.paragraph_html(XSS),
              presentation.not_available_html(XSS)]
    for block in blocks:
        assert XSS not in block and SAFE in block
