"""Toewijzingen figures: zorgperioden, recidive, active allocations, doorlooptijd, duur."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd

from sdmonitor.figures import toewijzingen as tw
from sdmonitor.periods import Periode

PERIODE = Periode(2026, 2)  # report years 2023..2026
PEILDATUM = date(2026, 3, 15)  # 2023 and 2024 have a complete 12-month window, 2025 not


def alloc(client, start, end, *, wet="jeugd", tid=None, issued=None):
    """One allocation row; `end=None` is open, `issued` defaults to the start date."""
    return {
        "gemeente": "GM0296", "wet": wet, "client_id": client,
        "toewijzing_id": tid or f"{client}-{start}", "productcode": "45A03",
        "toegewezen_op": issued or start, "ingangsdatum": start, "einddatum": end,
    }


def table(*allocations) -> pd.DataFrame:
    frame = pd.DataFrame(list(allocations))
    for col in ("toegewezen_op", "ingangsdatum", "einddatum"):
        frame[col] = pd.to_datetime(frame[col])
    return frame.astype({"wet": "str", "client_id": "str", "toewijzing_id": "str"})


def value(figures: pd.DataFrame, indicator: str, periode: str) -> float | None:
    hit = figures.loc[(figures["indicator"] == indicator) & (figures["periode"] == periode)]
    assert len(hit) <= 1
    return None if hit.empty else float(hit["waarde"].iloc[0])


def test_consecutive_allocations_form_one_zorgperiode():
    # A ends 31-03, B starts 01-04: B covers the day after A's end, so no ending on 31-03.
    t = table(alloc("a", "2024-01-01", "2024-03-31"), alloc("a", "2024-04-01", "2024-06-30"))
    perioden = tw.zorgperioden(t)
    assert len(perioden) == 1
    assert perioden["start"].iloc[0] == pd.Timestamp("2024-01-01")
    assert perioden["einde"].iloc[0] == pd.Timestamp("2024-06-30")


def test_overlapping_and_open_allocations_merge_and_stay_open():
    # B (open) starts inside A: one zorgperiode, still open, so no ending at all.
    t = table(alloc("a", "2024-01-01", "2024-03-31"), alloc("a", "2024-02-01", None))
    perioden = tw.zorgperioden(t)
    assert len(perioden) == 1 and pd.isna(perioden["einde"].iloc[0])
    assert tw.endings(perioden).empty


def test_gap_of_one_day_is_an_ending():
    # A ends 31-03, B starts 02-04: 01-04 is not covered, so A's care ended.
    t = table(alloc("a", "2024-01-01", "2024-03-31"), alloc("a", "2024-04-02", "2024-06-30"))
    assert len(tw.zorgperioden(t)) == 2


def test_recidive_counts_return_within_12_months_only():
    t = table(
        # a: ends 31-03-2024, back 01-07-2024 (3 months later) -> returned
        alloc("a", "2024-01-01", "2024-03-31"), alloc("a", "2024-07-01", "2024-09-30"),
        # b: ends 31-01-2024, back 01-03-2025 (13 months later) -> not returned
        alloc("b", "2023-06-01", "2024-01-31"), alloc("b", "2025-03-01", None),
        # c: ends 31-05-2024 into a new allocation 01-06-2024 -> not an ending in May;
        #    the merged zorgperiode ends 31-08-2024, no return -> ended, not returned
        alloc("c", "2024-01-01", "2024-05-31"), alloc("c", "2024-06-01", "2024-08-31"),
        # d: open since 2023 -> never ended
        alloc("d", "2023-01-01", None),
    )
    figures = tw.recidive(t, PERIODE.years, PEILDATUM)
    # 2024 endings: a (31-03 and again 30-09), b (31-01), c (31-08) -> 3 distinct clients.
    # a returned after its 31-03 ending -> 1 of 3 = 33.33...%
    assert value(figures, "jeugd.beeindigd", "2024") == 3
    assert value(figures, "jeugd.recidive_aantal", "2024") == 1
    assert abs(value(figures, "jeugd.recidive", "2024") - 100 * 1 / 3) < 1e-9


def test_return_exactly_twelve_months_after_the_end_counts():
    # ends 31-03-2023; 31-03-2024 is exactly 12 months later -> returned (1 of 1 = 100%)
    t = table(alloc("a", "2023-01-01", "2023-03-31"), alloc("a", "2024-03-31", None))
    figures = tw.recidive(t, PERIODE.years, PEILDATUM)
    assert value(figures, "jeugd.recidive", "2023") == 100.0


def test_year_without_endings_has_zero_ended_and_no_percentage():
    # Only open care: 2023 and 2024 are complete years with 0 endings -> no recidive row.
    t = table(alloc("d", "2023-01-01", None))
    figures = tw.recidive(t, PERIODE.years, PEILDATUM)
    assert value(figures, "jeugd.beeindigd", "2023") == 0
    assert value(figures, "jeugd.beeindigd", "2024") == 0
    assert value(figures, "jeugd.recidive", "2023") is None


def test_incomplete_windows_are_not_reported():
    # 2025: 31-12-2025 + 12 months = 31-12-2026 > peildatum 15-03-2026 -> incomplete, no rows.
    t = table(alloc("a", "2025-01-01", "2025-02-28"), alloc("a", "2025-05-01", None))
    figures = tw.recidive(t, PERIODE.years, PEILDATUM)
    assert set(figures["periode"]) == {"2023", "2024"}
    assert tw.window_complete(2024, date(2025, 12, 31))
    assert not tw.window_complete(2024, date(2025, 12, 30))


def test_allocations_issued_after_the_peildatum_are_unknown():
    # The return was issued after the peildatum -> on that peildatum the client had not returned.
    t = table(alloc("a", "2023-01-01", "2023-03-31"),
              alloc("a", "2023-06-01", None, issued="2026-04-01"))
    figures = tw.recidive(t, PERIODE.years, PEILDATUM)
    assert value(figures, "jeugd.recidive", "2023") == 0.0


def test_actief_counts_clients_and_allocations_per_year():
    t = table(
        alloc("a", "2023-01-01", "2023-03-31", tid="t1"),
        alloc("a", "2023-04-01", "2024-01-31", tid="t2"),  # active in 2023 and 2024
        alloc("b", "2024-06-01", None, tid="t3"),           # active 2024 onwards
        alloc("c", "2026-03-01", None, tid="t4"),           # starts after the periode end (2026-02)
        alloc("z", "2024-01-01", None, tid="t5", wet="wmo"),
    )
    figures = tw.actief(t, PERIODE, PEILDATUM)
    assert value(figures, "jeugd.toewijzingen_actief", "2023") == 1  # a
    assert value(figures, "jeugd.voorzieningen_actief", "2023") == 2  # t1, t2
    assert value(figures, "jeugd.toewijzingen_actief", "2024") == 2  # a (t2), b
    assert value(figures, "jeugd.toewijzingen_actief", "2026") == 1  # b only; c starts after 2026-02
    assert value(figures, "wmo.toewijzingen_actief", "2022") is None
    assert value(figures, "wmo.toewijzingen_actief", "2023") == 0
    assert value(figures, "wmo.toewijzingen_actief", "2025") == 1


def test_doorlooptijd_is_median_days_from_toewijzing_to_start():
    t = table(
        alloc("a", "2024-02-11", None, issued="2024-02-01"),  # 10 days
        alloc("b", "2024-03-21", None, issued="2024-03-01"),  # 20 days
        alloc("c", "2024-05-01", None, issued="2024-05-31"),  # -30 days (issued after start)
    )
    figures = tw.doorlooptijd(t, PERIODE, PEILDATUM)
    # median of (-30, 10, 20) = 10
    assert value(figures, "jeugd.doorlooptijd_toewijzing_mediaan", "2024") == 10.0
    assert value(figures, "jeugd.doorlooptijd_toewijzing_mediaan", "2023") is None


def test_duur_is_median_length_of_ended_zorgperioden():
    t = table(
        alloc("a", "2024-01-01", "2024-01-31"),                           # 31 days
        alloc("b", "2024-01-01", "2024-03-31"), alloc("b", "2024-04-01", "2024-04-30"),  # 121 days
        alloc("c", "2024-06-01", "2024-06-10"),                           # 10 days
    )
    figures = tw.duur(t, PERIODE, PEILDATUM)
    # b: 01-01..30-04-2024 = 31 + 29 + 31 + 30 = 121 days; median of (10, 31, 121) = 31
    assert value(figures, "jeugd.duur_zorgperiode_mediaan", "2024") == 31.0


def test_figure_rows_without_the_table_is_empty_with_contract_columns():
    selection = SimpleNamespace(has=lambda name: False, tables={}, periode=PERIODE, peildatum=PEILDATUM)
    out = tw.figure_rows(selection)
    assert out.empty and list(out.columns) == ["indicator", "periode", "dimensie", "waarde", "eenheid"]


def test_figure_rows_with_the_table_has_every_indicator_in_the_known_list():
    t = table(alloc("a", "2023-01-01", "2023-03-31"), alloc("a", "2023-06-01", None))
    selection = SimpleNamespace(has=lambda name: name == "toewijzingen", tables={"toewijzingen": t},
                                periode=PERIODE, peildatum=PEILDATUM)
    out = tw.figure_rows(selection)
    assert set(out["indicator"]) <= set(tw.INDICATORS)
    # a ended 31-03-2023 and came back 01-06-2023 -> 100% recidive in 2023
    assert value(out, "jeugd.recidive", "2023") == 100.0


def test_beeindigd_volgens_plan_from_the_stop_reason():
    """KPI 21 (issue 20 §4): of the allocations ended in 2025 with a reason, the share 'volgens plan'."""
    rows = [dict(alloc("a", "2025-01-01", "2025-03-31"), reden_einde="31"),       # jeugd: volgens plan
            dict(alloc("b", "2025-01-01", "2025-06-30"), reden_einde="33"),       # voortijdig, door aanbieder
            dict(alloc("c", "2025-01-01", "2025-07-31"), reden_einde="36"),       # initiated by the gemeente
            dict(alloc("d", "2025-01-01", "2025-08-31"), reden_einde=None),       # no reason: not counted
            dict(alloc("e", "2025-01-01", "2026-05-31"), reden_einde="31"),       # ends after the peildatum
            dict(alloc("f", "2025-01-01", "2025-09-30", wet="wmo"), reden_einde="19")]
    out = tw.reden_einde(table(*rows), PERIODE, PEILDATUM)
    assert value(out, "jeugd.beeindigd_met_reden", "2025") == 3
    assert abs(value(out, "jeugd.beeindigd_volgens_plan", "2025") - 100 / 3) < 1e-9
    assert value(out, "wmo.beeindigd_volgens_plan", "2025") == 100  # WMO588 19 is its 'volgens plan'
    assert value(out, "jeugd.beeindigd_volgens_plan", "2024") is None  # no endings: no 0 %
