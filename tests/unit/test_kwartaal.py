"""Tests for sdmonitor.figures.kwartaal (quarterly batch declarers) and the prognosis with them."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sdmonitor.figures import kwartaal
from sdmonitor.figures import prognose as prog
from sdmonitor.periods import Periode


def _months(start: str, end: str) -> list[str]:
    return [str(p) for p in pd.period_range(start, end, freq="M")]


def history(end: str = "2025-12", start: str = "2022-01") -> pd.DataFrame:
    """Two providers, 100 a month each, `start` .. `end`. M declares each month on the 5th of the
    month after; Q declares a whole quarter on the 20th of the month after the quarter."""
    rows = []
    for maand in _months(start, end):
        served = pd.Period(maand, "M")
        rows.append(("M", maand, (served + 1).start_time + pd.Timedelta(days=4)))
        quarter_end = pd.Period(f"{served.year}Q{served.quarter}", "Q").end_time.to_period("M")
        rows.append(("Q", maand, (quarter_end + 1).start_time + pd.Timedelta(days=19)))
    frame = pd.DataFrame([{"wet": "jeugd", "aanbieder": a, "client_id": "c", "productcode": "P", "maand": m,
                           "jaar": int(m[:4]), "ingediend_op": when, "bedrag": 100.0, "volume": 1.0,
                           "begrotingspost": "Ambulant", "bouwsteen": "B"} for a, m, when in rows])
    frame["ingediend_op"] = frame["ingediend_op"].astype("datetime64[ns]")
    return frame


def test_a_provider_declaring_once_a_quarter_is_a_batch_declarer():
    assert kwartaal.batch_declarers(history()) == {("jeugd", "Q")}


def test_the_declarers_found_once_per_frame_are_handed_out_as_a_copy():
    lines = history()
    kwartaal.batch_declarers(lines).add(("wmo", "X"))
    assert kwartaal.batch_declarers(lines) == {("jeugd", "Q")}


def test_a_sporadic_provider_is_not():
    # Care in 10 scattered months, each declared the month after: as often as it delivers.
    sporadic = history().loc[lambda f: (f["aanbieder"] == "M")
                             & f["maand"].isin(_months("2024-01", "2025-12")[::2][:10])]
    assert kwartaal.batch_declarers(sporadic.assign(aanbieder="S")) == set()


def test_batch_lines_move_to_the_first_month_of_their_quarter():
    moved = kwartaal.quarterly_months(history("2022-06"), {("jeugd", "Q")})
    q = moved[moved["aanbieder"] == "Q"]
    assert q["maand"].tolist() == ["2022-01"] * 3 + ["2022-04"] * 3
    assert set(q[kwartaal.COLUMN]) == {kwartaal.KWARTAAL}
    assert moved.loc[moved["aanbieder"] == "M", "maand"].tolist() == _months("2022-01", "2022-06")


def test_the_gap_months_of_a_quarterly_declarer_are_not_a_drop():
    # Periode 2025-02 on 10 March 2025: Q has declared nothing of 2025 yet (its Q1 batch comes on
    # 20 April). The year comes to 2 x 12 x 100 = 2.400; read per month, Q's January and February
    # would look like a collapse of half the money.
    flat = prog.Settings(trend=False, seasonality=True, step_credibility=0.0)
    known = prog.cut(history(), Periode(2025, 2), date(2025, 3, 10))
    out = prog.forecast(known, ["wet"], Periode(2025, 2), date(2025, 3, 10), settings=flat).iloc[0]
    assert out["realisatie"] == pytest.approx(200.0)  # M's January and February (5 March)
    assert out["prognose"] == pytest.approx(2400.0, rel=1e-6)


def test_without_the_quarterly_grouping_the_gap_would_read_as_a_drop():
    # The same edition read per month (the classic method): Q's January and February count as
    # barely declared months of a monthly pattern, and the year comes out more than 1 % off.
    flat = prog.Settings(trend=False, seasonality=True, step_credibility=0.0, quarterly=False, from_nothing=False)
    known = prog.cut(history(), Periode(2025, 2), date(2025, 3, 10))
    out = prog.forecast(known, ["wet"], Periode(2025, 2), date(2025, 3, 10), settings=flat).iloc[0]
    assert abs(out["prognose"] - 2400.0) > 24.0


def test_late_in_the_year_the_coming_quarter_is_not_lost():
    # Periode 2025-11 on 10 December 2025, the method as shipped. Declared: M's January ..
    # November (1.100, November on 5 December) and Q's first three quarters (900; its fourth
    # comes on 20 January). Still to come: M's December 100 and Q's fourth quarter 300, counted
    # in October: 2.400. The level must come from a full year before 2025: the months of 2024 in
    # a twelve-month window ending now are only December, a month Q never has money in.
    known = prog.cut(history(), Periode(2025, 11), date(2025, 12, 10))
    out = prog.forecast(known, ["wet"], Periode(2025, 11), date(2025, 12, 10)).iloc[0]
    assert out["realisatie"] == pytest.approx(2000.0)
    assert out["prognose"] == pytest.approx(2400.0, rel=1e-6)


def test_a_short_history_still_knows_the_quarters():
    # Data from January 2024 only (too short for a seasonal index: flat), periode 2025-04 on 10
    # May 2025. Declared: M's January .. April (400), Q's first quarter (300, on 20 April). Q's
    # money sits in the first month of each quarter even without an index: its February and
    # March are not a third of a quarter each still to come. The year: 2.400.
    known = prog.cut(history(start="2024-01"), Periode(2025, 4), date(2025, 5, 10))
    out = prog.forecast(known, ["wet"], Periode(2025, 4), date(2025, 5, 10)).iloc[0]
    assert out["realisatie"] == pytest.approx(700.0)
    assert out["prognose"] == pytest.approx(2400.0, rel=1e-6)
