"""Clients per bouwsteen beside the eenheden, and a bouwsteen's table of clients and costs (seed 003)."""

import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd
from figure_builders import FakeSelection

from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook.monitor import Monitor

DRUTEN = Gemeente(code="GM0225", naam="Druten", slug="druten")


def monitor(rows, secties=None, raw=None):
    figures = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    g = dataclasses.replace(DRUTEN, secties=secties or {}, raw=raw or {})
    return Monitor(g, Periode(2026, 2), figures, Path("/x"), date(2026, 3, 10), FakeSelection(), {})


PV = [("jeugd.clienten", "2024", "Persoonlijke verzorging", 3.0, "aantal"),
      ("jeugd.clienten", "2025", "Persoonlijke verzorging", 6.0, "aantal"),
      ("jeugd.kosten_bouwsteen", "2024", "Persoonlijke verzorging", 15658.0, "euro"),
      ("jeugd.kosten_bouwsteen", "2025", "Persoonlijke verzorging", 20000.0, "euro")]


def test_table_of_clients_and_costs_per_year():
    m = monitor(PV, raw={"bouwsteen_tabellen": {"jeugd": ["Persoonlijke verzorging"]}})
    html = m.tabellen_bouwsteen("jeugd").html
    assert "Persoonlijke verzorging: aantal jeugdigen en kosten per jaar" in html
    assert 'data-indicator="jeugd.clienten" data-periode="2024" data-dimensie="Persoonlijke verzorging">&lt;5</td>' \
        in html  # 3 jeugdigen: under the threshold
    assert 'data-periode="2025" data-dimensie="Persoonlijke verzorging">6</td>' in html


def test_no_table_without_the_parameter():
    assert monitor(PV).tabellen_bouwsteen("jeugd").html == ""


def test_clients_chart_follows_the_bouwsteen_chart_only_when_asked():
    rows = [("jeugd.clienten", "2024", "Pleegzorg", 20.0, "aantal"),
            ("jeugd.clienten", "2025", "Pleegzorg", 18.0, "aantal"),
            ("jeugd.volume", "2024", "Pleegzorg", 5000.0, "etmaal"),
            ("jeugd.volume", "2025", "Pleegzorg", 4800.0, "etmaal")]
    zonder = monitor(rows).figuur_bouwsteen("jeugd", ["Pleegzorg"], "Verblijf")
    met = monitor(rows, secties={"clienten_per_bouwsteen": True}).figuur_bouwsteen("jeugd", ["Pleegzorg"], "Verblijf")
    assert "aantal jeugdigen per bouwsteen per jaar" not in zonder.html
    assert "Verblijf: aantal jeugdigen per bouwsteen per jaar" in met.html
    assert 'data-indicator="jeugd.clienten" data-periode="2025" data-dimensie="Pleegzorg">18</td>' in met.html
    assert met.html.startswith(zonder.html[:200])  # the eenheden chart first
