"""trajecten: jeugdbescherming/jeugdreclassering counted as (jeugdige, product) per year, by hand."""

from figure_builders import PRODUCTEN, WIJCHEN, dataset, line, periode, value

from sdmonitor.figures import trajecten as tr
from sdmonitor.ingest.selection import select

P = periode("2026-02")  # report years 2023..2026

BOEK = PRODUCTEN + [
    {"wet": "jeugd", "productcode": "48A01", "omschrijving": "OTS", "bouwsteen": "Jeugdbescherming",
     "begrotingspost": "Bescherming/reclassering", "eenheid": "14"},
    {"wet": "jeugd", "productcode": "48A02", "omschrijving": "Voogdij", "bouwsteen": "Jeugdbescherming",
     "begrotingspost": "Bescherming/reclassering", "eenheid": "14"},
    {"wet": "jeugd", "productcode": "47A01", "omschrijving": "JR", "bouwsteen": "Jeugdreclassering",
     "begrotingspost": "Bescherming/reclassering", "eenheid": "14"},
]


def _table(lines):
    return tr.trajecten(select(dataset(lines, BOEK), WIJCHEN, P))


def test_a_traject_is_a_jeugdige_under_a_product_in_the_year():
    t = _table([
        # a: OTS in three months of 2025 -> 1 traject; then voogdij in 2025 -> a second one
        line("a", "2025-01", 31, 3100, product="48A01", eenheid="14"),
        line("a", "2025-02", 28, 2800, product="48A01", eenheid="14"),
        line("a", "2025-06", 30, 3000, product="48A01", eenheid="14"),
        line("a", "2025-09", 30, 3000, product="48A02", eenheid="14"),
        # b: OTS over the year's end -> one in 2024 and one in 2025
        line("b", "2024-12", 31, 3100, product="48A01", eenheid="14"),
        line("b", "2025-01", 31, 3100, product="48A01", eenheid="14"),
        # c: jeugdreclassering in 2025, credited in full -> not delivered, no traject
        line("c", "2025-04", 30, 3000, product="47A01", eenheid="14"),
        line("c", "2025-04", -30, -3000, product="47A01", eenheid="14"),
        # d: jeugdreclassering in 2025
        line("d", "2025-05", 31, 3100, product="47A01", eenheid="14"),
        # e: begeleiding is no maatregel
        line("e", "2025-05", 10, 1000),
    ])
    assert value(t, "jeugd.trajecten", "2025", "Jeugdbescherming") == 3   # a OTS, a voogdij, b OTS
    assert value(t, "jeugd.trajecten", "2025", "Jeugdreclassering") == 1  # d
    assert value(t, "jeugd.trajecten", "2025") == 4
    assert value(t, "jeugd.trajecten", "2024", "Jeugdbescherming") == 1   # b
    assert value(t, "jeugd.trajecten", "2023") == 0
    assert set(t["dimensie"]) == {"", "Jeugdbescherming", "Jeugdreclassering"}


def test_without_maatregel_products_no_rows():
    t = tr.trajecten(select(dataset([line("a", "2025-01", 1, 10)]), WIJCHEN, P))
    assert t.empty
