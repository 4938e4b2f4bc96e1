"""Hervormingsagenda: the status table from parameters, and nothing recorded without them."""

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from figure_builders import FakeSelection

from sdmonitor.errors import UsageError
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook import hoofdstuk_hervormingsagenda as ha
from sdmonitor.workbook.monitor import Monitor

G = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen")
AGENDA = {"stand": "stand februari 2026", "acties": [
    {"onderdeel": "Buurtgezinnen", "actielijn": "Solide sociale basis", "status": "gestart",
     "toelichting": "Gestart in januari 2026."},
    {"onderdeel": "AMW", "eigenaar": "Sterker", "status": "gepland"},
    {"onderdeel": "POH", "eigenaar": "Sociaal Team", "status": "gestart"},
]}


def monitor(raw=None, commentary=None):
    figures = pd.DataFrame([], columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    g = dataclasses.replace(G, raw=raw or {})
    return Monitor(g, Periode(2026, 2), figures, Path("/x"), date(2026, 3, 10), FakeSelection(), commentary or {})


def test_one_row_per_action_with_what_was_left_out_not_recorded():
    html = monitor({"hervormingsagenda": AGENDA}).overzicht_hervormingsagenda().html
    assert "Stand van zaken Hervormingsagenda Jeugd, stand februari 2026" in html
    assert '<th scope="row">Buurtgezinnen</th>' in html
    assert "Gestart in januari 2026." in html
    # AMW has no actielijn and no toelichting: two cells "niet vastgelegd"; Buurtgezinnen has no eigenaar
    assert html.count("niet vastgelegd") == 2 + 1 + 2
    assert "3 onderdelen: 1 gepland, 2 gestart." in html
    assert html.index("Buurtgezinnen") < html.index(">AMW<") < html.index(">POH<")  # the recorded order


def test_the_editions_own_status_wins():
    edition = {"acties": [{"onderdeel": "Buurtgezinnen", "status": "afgerond"}]}
    html = monitor({"hervormingsagenda": AGENDA}, {"hervormingsagenda": edition}).overzicht_hervormingsagenda().html
    assert "1 onderdeel: 1 afgerond." in html and "AMW" not in html


def test_without_parameters_nothing_is_recorded():
    html = monitor().overzicht_hervormingsagenda().html
    assert "geen stand van zaken van de acties vastgelegd" in html


@pytest.mark.parametrize("raw", [
    {"acties": [{"onderdeel": "X", "status": "bijna klaar"}]},   # unknown status
    {"acties": [{"status": "gestart"}]},                          # no onderdeel
    {"acties": [{"onderdeel": "X", "status": "gestart", "budget": 5}]},  # unknown field
    ["X"],
])
def test_wrong_parameters_are_a_usage_error(raw):
    with pytest.raises(UsageError):
        ha.lees(raw)
