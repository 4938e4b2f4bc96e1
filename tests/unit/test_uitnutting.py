"""uitnutting: allocated volume from 301 allocations against the declared volume, worked by hand."""

import pytest

from figure_builders import WIJCHEN, absent, dataset, line, periode, typed, value
from sdmonitor.figures import uitnutting
from sdmonitor.ingest.selection import select

P = periode("2026-02")
HBH = "Hulp bij het huishouden"
COLUMNS = ["gemeente", "wet", "client_id", "toewijzing_id", "productcode", "toegewezen_op", "ingangsdatum",
           "einddatum", "volume", "eenheid", "frequentie", "reden_einde"]


def alloc(tid, start, end, volume, eenheid, frequentie):
    return {"gemeente": "GM0296", "wet": "wmo", "client_id": "a", "toewijzing_id": tid, "productcode": "02A01",
            "toegewezen_op": start, "ingangsdatum": start, "einddatum": end, "volume": volume, "eenheid": eenheid,
            "frequentie": frequentie, "reden_einde": None}


def test_uitnutting_worked_by_hand():
    allocations = typed([
        # 3 hours per week for 28 days: 3 * 28 / 7 = 12 hours
        alloc("t1", "2025-01-01", "2025-01-28", 3, "04", "2"),
        # 120 minutes per week for 14 days: 2 h / 7 per day * 14 = 4 hours
        alloc("t2", "2025-02-01", "2025-02-14", 120, "01", "2"),
        # a total of 10 hours without an end date: its daily rate is unknown, left out
        alloc("t3", "2025-03-01", None, 10, "04", "6"),
    ], COLUMNS)
    lines = [line("a", "2025-01", 9, 270, wet="wmo", product="02A01"),
             line("a", "2025-02", 3, 90, wet="wmo", product="02A01")]
    table = uitnutting.figure_rows(select(dataset(lines, toewijzingen=allocations), WIJCHEN, P))
    assert value(table, "wmo.toegewezen_volume", "2025", HBH) == pytest.approx(16)
    # declared 9 + 3 = 12 of 16 allocated: 75 %
    assert value(table, "wmo.uitnutting", "2025", HBH) == pytest.approx(75)
    assert absent(table, "wmo.uitnutting", "2024", HBH)  # nothing allocated: no ratio


def test_allocation_spanning_two_years_is_cut_per_year():
    # 1 hour per day from 2024-12-30 to 2025-01-02: 2 days in 2024, 2 in 2025
    allocations = typed([alloc("t1", "2024-12-30", "2025-01-02", 1, "04", "1")], COLUMNS)
    table = uitnutting.figure_rows(select(dataset([line("a", "2025-01", 1, 30, wet="wmo", product="02A01")],
                                                  toewijzingen=allocations), WIJCHEN, P))
    assert value(table, "wmo.toegewezen_volume", "2024", HBH) == pytest.approx(2)
    assert value(table, "wmo.toegewezen_volume", "2025", HBH) == pytest.approx(2)
    assert value(table, "wmo.uitnutting", "2025", HBH) == pytest.approx(50)


def test_lines_of_an_allocation_not_in_the_table_do_not_raise_uptake():
    """Issue 20 §6: care declared on an allocation from before the archive (no 301 in the table)
    is not set against the allocations the table does hold (today 124 %, 118 %, 111 %)."""
    # 1 hour a day through January 2025: 31 hours allocated to client a.
    allocations = typed([alloc("t1", "2025-01-01", "2025-01-31", 1, "04", "1")], COLUMNS)
    lines = [line("a", "2025-01", 31, 930, wet="wmo", product="02A01"),
             line("b", "2025-01", 20, 600, wet="wmo", product="02A01")]  # b: allocation not held
    table = uitnutting.figure_rows(select(dataset(lines, toewijzingen=allocations), WIJCHEN, P))
    assert value(table, "wmo.uitnutting", "2025", HBH) == pytest.approx(100)  # 31 / 31, not 51 / 31


def test_allocated_days_before_the_first_declared_month_do_not_count_in_uptake():
    # 1 hour a day from 2024-12-01 to 2025-02-28; declarations begin in 2025-02 (the archive's start).
    allocations = typed([alloc("t1", "2024-12-01", "2025-02-28", 1, "04", "1")], COLUMNS)
    table = uitnutting.figure_rows(select(dataset([line("a", "2025-02", 14, 420, wet="wmo", product="02A01")],
                                                  toewijzingen=allocations), WIJCHEN, P))
    assert value(table, "wmo.toegewezen_volume", "2025", HBH) == pytest.approx(59)  # what was allocated
    assert value(table, "wmo.uitnutting", "2025", HBH) == pytest.approx(50)  # 14 of the 28 February days
