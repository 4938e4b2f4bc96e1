"""hoge_kosten: jeugdigen with a year's bedrag of € 100.000 or more, on hand-worked lines."""

from figure_builders import WIJCHEN, dataset, line, periode, value

from sdmonitor.figures import hoge_kosten as hk
from sdmonitor.ingest.selection import select

P = periode("2026-02")  # report years 2023..2026


def _table(lines):
    return hk.clienten_hoge_kosten(select(dataset(lines), WIJCHEN, P))


def test_threshold_is_per_client_per_year_and_inclusive():
    t = _table([
        # a: 60.000 + 40.000 in 2025 = 100.000 exactly -> counts
        line("a", "2025-03", 1, 60_000), line("a", "2025-09", 1, 40_000),
        # b: 99.999,99 in 2025 -> does not count
        line("b", "2025-05", 1, 99_999.99),
        # c: 80.000 in 2024 and 80.000 in 2025: neither year reaches 100.000
        line("c", "2024-12", 1, 80_000), line("c", "2025-01", 1, 80_000),
        # d: 150.000 in 2025 with a credit of 60.000 -> 90.000: does not count
        line("d", "2025-02", 1, 150_000), line("d", "2025-02", -1, -60_000),
        # e: 120.000 in 2026 (year to date) -> counts in 2026
        line("e", "2026-01", 1, 120_000),
    ])
    assert value(t, "jeugd.clienten_100k", "2025") == 1  # a
    assert value(t, "jeugd.clienten_100k", "2024") == 0
    assert value(t, "jeugd.clienten_100k", "2026") == 1  # e
    assert value(t, "jeugd.clienten_100k", "2023") == 0


def test_wmo_lines_are_not_jeugd():
    t = _table([line("a", "2025-03", 1, 200_000, wet="wmo")])
    assert value(t, "jeugd.clienten_100k", "2025") == 0
