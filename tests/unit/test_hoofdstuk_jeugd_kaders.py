"""Seed elements of the chapter Jeugd (hoge kosten, top 25 so far, trajecten) and the klachten
chart of yearly totals, on hand-made figure rows."""

from datetime import date
from pathlib import Path

import pandas as pd
from figure_builders import FakeSelection

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor

WIJCHEN = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen")
FEB = Periode(2026, 2)


def monitor(rows, periode=FEB):
    figures = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    return Monitor(WIJCHEN, periode, figures, Path("/x"), date(2026, 3, 10), FakeSelection({}), {})


def test_hoge_kosten_table_hides_a_count_under_the_threshold():
    rows = [("jeugd.clienten_100k", "2024", "", 36.0, "aantal"), ("jeugd.clienten_100k", "2025", "", 3.0, "aantal")]
    html = monitor(rows).hoge_kosten().html
    assert "Jeugdigen met zorgkosten van € 100.000 of meer per jaar" in html
    assert 'data-indicator="jeugd.clienten_100k" data-periode="2024" data-dimensie="">36</td>' in html
    assert 'data-periode="2025" data-dimensie="">&lt;5</td>' in html  # 3 < 5
    assert ">3<" not in html


def test_hoge_kosten_without_the_figure_is_niet_beschikbaar():
    assert "niet beschikbaar" in monitor([]).hoge_kosten().html


def test_top25_of_the_year_so_far_is_labelled_as_such():
    rows = [("jeugd.top25_aandeel", "2026", "", 0.25, "fractie"), ("jeugd.top25_aandeel", "2025", "", 0.2, "fractie"),
            ("jeugd.clienten", "2026", "", 300.0, "aantal")]
    html = monitor(rows).top25_lopend_jaar().html
    assert "Verhouding uitgaven top 25 en overige uitgaven jeugd 2026 t/m feb" in html
    assert "januari tot en met februari 2026, geen prognose voor heel 2026" in html
    assert 'id="fig-top25-2026"' in html
    assert "25,0%" in html and "75,0%" in html  # top 25 and the rest


def test_top25_of_the_year_so_far_not_in_december():
    rows = [("jeugd.top25_aandeel", "2026", "", 0.25, "fractie")]
    assert monitor(rows, Periode(2026, 12)).top25_lopend_jaar().html == ""


def test_trajecten_per_bouwsteen_and_year():
    rows = [("jeugd.trajecten", "2024", "Jeugdbescherming", 40.0, "aantal"),
            ("jeugd.trajecten", "2025", "Jeugdbescherming", 35.0, "aantal"),
            ("jeugd.trajecten", "2024", "Jeugdreclassering", 12.0, "aantal"),
            ("jeugd.trajecten", "2025", "Jeugdreclassering", 9.0, "aantal"),
            ("jeugd.trajecten", "2024", "", 52.0, "aantal"), ("jeugd.trajecten", "2025", "", 44.0, "aantal")]
    html = monitor(rows).trajecten_bescherming().html
    assert "Aantal trajecten jeugdbescherming en jeugdreclassering per jaar" in html
    assert 'data-indicator="jeugd.trajecten" data-periode="2025" data-dimensie="">44</td>' in html
    assert "Een traject is één jeugdige met één maatregel" in html


def test_klachten_with_every_part_small_is_a_chart_of_the_totals():
    rows = [("klachten.aantal", "2024", "", 14.0, "aantal"), ("klachten.aantal", "2024", "formeel", 2.0, "aantal"),
            ("klachten.aantal", "2024", "informeel", 12.0, "aantal"),
            ("klachten.aantal", "2025", "", 12.0, "aantal"), ("klachten.aantal", "2025", "formeel", 1.0, "aantal"),
            ("klachten.aantal", "2025", "informeel", 11.0, "aantal")]
    html = monitor(rows).figuur_klachten().html
    assert "<img" in html  # a chart, not one sentence
    assert 'data-indicator="klachten.aantal" data-periode="2025" data-dimensie="">12</td>' in html
    assert "De uitsplitsing naar afhandeling tonen we niet: elk deel is kleiner dan 5." in html
    assert 'data-dimensie="informeel"' not in html  # 11 would give away the formele 1
