"""Bijstelling <jaar>: the P&C link from the edition's parameters, the nulmeting from the data."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from figure_builders import FakeSelection

from sdmonitor.errors import UsageError
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor

G = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen")
PC = {"begroting_bijgesteld_in": "Perspectiefnota 2026", "verwerkt_in": "Programmarapportage mei 2026"}


def monitor(rows, commentary):
    figures = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    return Monitor(G, Periode(2026, 2), figures, Path("/x"), date(2026, 3, 10), FakeSelection(), commentary)


def test_with_a_nulmeting_of_the_year():
    m = monitor([("jeugd.nulmeting_volume", "2026", "Pleegzorg", 100.0, "etmaal")], {"pc_cyclus": PC})
    html = m.bijstelling().html
    assert "Bijstelling 2026</h3>" in html
    assert ("De begroting 2026 is op basis van de nulmeting 2026 (het verwachte zorggebruik per bouwsteen) "
            "bijgesteld in de Perspectiefnota 2026") in html
    assert "tot en met februari 2026) zijn verwerkt in de Programmarapportage mei 2026" in html


def test_without_a_nulmeting_no_claim_about_it():
    m = monitor([("jeugd.nulmeting_volume", "2025", "Pleegzorg", 100.0, "etmaal")], {"pc_cyclus": PC})
    html = m.bijstelling().html
    assert "De begroting 2026 is bijgesteld in de Perspectiefnota 2026" in html


def test_left_out_without_parameters_and_wrong_keys_are_an_error():
    assert monitor([], {}).bijstelling().html == ""
    with pytest.raises(UsageError):
        monitor([], {"pc_cyclus": {"nota": "x"}}).bijstelling()
