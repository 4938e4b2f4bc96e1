"""begrotingsregels: a municipality's own budget lines, on a tiny hand-worked example."""

import dataclasses

from figure_builders import WIJCHEN, dataset, line, periode, typed, value

from sdmonitor.figures import begrotingsregels as br
from sdmonitor.ingest.selection import select

P = periode("2026-02")
INDELING = {"begrotingsregels_jeugd": {"Verblijf": ["Pleegzorg"], "Begeleiding ambulant": ["Reguliere begeleiding"]}}
GEMEENTE = dataclasses.replace(WIJCHEN, raw=INDELING)


def _budget(records):
    cols = ["gemeente", "jaar", "wet", "regel", "bedrag"]
    return typed([dict(zip(cols, r)) for r in records], cols)


def test_kosten_per_regel_add_up_and_pgb_is_its_own_regel():
    # 2025: Pleegzorg ZIN 1.000 -> Verblijf; begeleiding ZIN 200 -> Begeleiding ambulant;
    # begeleiding PGB 50 -> PGB jeugd; GGZ ZIN 300 is in no regel -> Overig (niet ingedeeld)
    lines = [line("a", "2025-03", 1, 1000, product="43A01", eenheid="14"), line("b", "2025-03", 2, 200),
             line("c", "2025-03", 1, 50, zorgvorm="PGB"), line("d", "2025-03", 60, 300, product="54A01", eenheid="01")]
    budget = _budget([("GM0296", 2025, "jeugd", "Verblijf", 900),
                      ("GM0296", 2025, "jeugd", "Begeleiding ambulant", 250),
                      ("GM0296", 2025, "jeugd", "PGB jeugd", 40)])
    table = br.figure_rows(select(dataset(lines, begroting_regels=budget), GEMEENTE, P))
    assert value(table, "jeugd.kosten_regel", "2025", "Verblijf") == 1000
    assert value(table, "jeugd.kosten_regel", "2025", "Begeleiding ambulant") == 200
    assert value(table, "jeugd.kosten_regel", "2025", "PGB jeugd") == 50
    assert value(table, "jeugd.kosten_regel", "2025", "Overig (niet ingedeeld)") == 300
    assert value(table, "jeugd.kosten_regel", "2025") == 1000 + 200 + 50 + 300
    assert value(table, "jeugd.kosten_regel", "2024", "Verblijf") == 0  # every report year, gaps 0
    assert value(table, "jeugd.begroting_regel", "2025", "Verblijf") == 900
    assert value(table, "jeugd.begroting_regel", "2025") == 900 + 250 + 40


def test_no_regels_no_rows():
    table = br.figure_rows(select(dataset([line("a", "2025-03", 1, 10)]), WIJCHEN, P))
    assert table.empty


def test_regel_order_is_the_municipalitys_then_pgb():
    assert br.regel_order(GEMEENTE, "jeugd") == ["Verblijf", "Begeleiding ambulant", "PGB jeugd"]
    assert br.regel_order(GEMEENTE, "wmo") == []
