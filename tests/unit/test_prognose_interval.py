"""Tests for sdmonitor.figures.prognose_interval: origins, calibration quantiles and the interval."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from sdmonitor.figures import prognose_interval as pi
from sdmonitor.periods import Periode


def z_frame(values: list[float], wet: str = "jeugd", post: str = "", jaar: int = 2024) -> pd.DataFrame:
    return pd.DataFrame({"jaar": jaar, "maand": range(1, len(values) + 1), "wet": wet, "begrotingspost": post,
                         "prognose": 0.0, "onbekend": 1.0, "werkelijk": 0.0, "z": values})


TEN = [-0.45, -0.35, -0.25, -0.15, -0.05, 0.05, 0.15, 0.25, 0.35, 0.45]


def test_quantiles_are_the_10th_and_90th_percentile_of_the_standardised_errors():
    # Ten sorted values, linear interpolation: q10 at position 0.1 * 9 = 0.9 -> -0.45 + 0.9 * 0.1 = -0.36;
    # q90 at position 8.1 -> 0.35 + 0.1 * 0.1 = 0.36.
    low, high, n = pi.quantiles(z_frame(TEN), "jeugd", "")
    assert (low, high, n) == (pytest.approx(-0.36), pytest.approx(0.36), 10)


def test_interval_is_prognose_plus_quantile_times_what_is_unknown_and_covers_8_of_10_origins():
    # prognose 100, onbekend 50: 100 - 0.36 * 50 = 82 and 100 + 0.36 * 50 = 118.
    made = pd.DataFrame({"wet": ["jeugd"], "begrotingspost": [""], "prognose": [100.0], "onbekend": [50.0]})
    out = pi.interval(made, z_frame(TEN))
    assert out["prognose_laag"][0] == pytest.approx(82) and out["prognose_hoog"][0] == pytest.approx(118)
    # On the origins themselves: z in [-0.36, 0.36] for -0.35 .. 0.35 = 8 of the 10.
    inside = [(-0.36 <= z <= 0.36) for z in TEN]
    assert sum(inside) == 8


def test_a_one_sided_history_still_holds_the_prognosis():
    # All errors positive (the method was always low): q10 = 0.19 > 0 -> the low end is the prognosis itself.
    values = [0.1 * k + 0.1 for k in range(10)]
    low, high, _ = pi.quantiles(z_frame(values), "jeugd", "")
    assert low == 0.0 and high == pytest.approx(0.91)


def test_a_post_with_few_origins_borrows_the_wet_total_then_both_wetten_then_the_default():
    z = pd.concat([z_frame(TEN), z_frame([5.0, 5.0, 5.0], post="Verblijf")], ignore_index=True)
    assert pi.quantiles(z, "jeugd", "Verblijf")[2] == 10  # the jeugd total's ten origins
    assert pi.quantiles(z, "wmo", "Begeleiding")[2] == 10  # no wmo origins: every wet total
    assert pi.quantiles(z.iloc[0:0], "jeugd", "") == (pi.DEFAULT_Z[0], pi.DEFAULT_Z[1], 0)


def test_origin_peildatum_keeps_the_editions_lag_and_day():
    # Edition 2026-02 on 10 March 2026: one month and ten days after -> origin 2024-07 on 10 August 2024.
    assert pi.origin_peildatum(Periode(2024, 7), Periode(2026, 2), date(2026, 3, 10)) == date(2024, 8, 10)
    # Day 31 in a short month becomes its last day.
    assert pi.origin_peildatum(Periode(2024, 1), Periode(2026, 2), date(2026, 3, 31)) == date(2024, 2, 29)


def test_complete_years_need_a_year_of_history_and_a_december_at_the_tail_age():
    # Data from January 2022; on 10 March 2026 December 2024 is 15 months old (complete),
    # December 2025 is not; 2022 has no year before it.
    lines = pd.DataFrame({"maand": ["2022-01", "2025-12"]})
    assert pi.complete_years(lines, date(2026, 3, 10)) == [2023, 2024]
    assert pi.complete_years(lines, date(2026, 2, 10)) == [2023]


def test_backtest_table_calibrates_without_the_tested_year():
    # Year 2023 origins all z = 1 (12 of them), year 2024 all z = -1. Tested 2024 at month 2 with
    # the interval from 2023 only: [prognose + 0 * 10, prognose + 1 * 10] = [100, 110]; werkelijk 90 is outside.
    a = z_frame([1.0] * 12, jaar=2023).assign(prognose=100.0, onbekend=10.0, werkelijk=110.0)
    b = z_frame([-1.0] * 12, jaar=2024).assign(prognose=100.0, onbekend=10.0, werkelijk=90.0)
    table = pi.backtest_table(pd.concat([a, b], ignore_index=True), maand=2)
    row = table[table["jaar"] == 2024].iloc[0]
    assert (row["prognose_laag"], row["prognose_hoog"]) == (pytest.approx(100), pytest.approx(110))
    assert not row["binnen"] and row["fout_pct"] == pytest.approx(100 * 10 / 90)
    cov = pi.coverage(pd.concat([a, b], ignore_index=True))
    assert cov.set_index("wet")["dekking"]["jeugd"] == 0.0 and np.all(cov["origins"] == 24)


def test_widening_is_the_smallest_factor_that_holds_out_of_sample():
    # 2023: z = TEN (-0.45 .. 0.45); 2024: z = 2 x TEN (-0.9 .. 0.9); werkelijk = z (prognose 0, onbekend 1).
    # 2023 left out, calibrated on 2024: +-0.72 c -> all ten inside for c >= 1.
    # 2024 left out, calibrated on 2023: +-0.36 c -> c = 1 or 1.25: |z| 0.1, 0.3 inside (4 of 10) -> 14/20 = 70 %;
    # c = 1.5: +-0.54 also holds 0.5 (6 of 10) -> 16/20 = 80 %: the factor is 1.5.
    a = z_frame(TEN, jaar=2023).assign(werkelijk=TEN)
    b = z_frame([2 * v for v in TEN], jaar=2024).assign(werkelijk=[2 * v for v in TEN])
    assert pi.widening(pd.concat([a, b], ignore_index=True)) == 1.5
    assert pi.widening(a) == 1.0  # one complete year: nothing to leave out


def test_each_wet_gets_its_own_widening():
    # jeugd as above (1.5); wmo has the same spread in both years: 2024 left out, calibrated on
    # 2023: +-0.36 holds 8 of 10, and 2023 on 2024 the same -> 80 % at factor 1.
    a = z_frame(TEN, jaar=2023).assign(werkelijk=TEN)
    b = z_frame([2 * v for v in TEN], jaar=2024).assign(werkelijk=[2 * v for v in TEN])
    c = z_frame(TEN, wet="wmo", jaar=2023).assign(werkelijk=TEN)
    d = z_frame(TEN, wet="wmo", jaar=2024).assign(werkelijk=TEN)
    assert pi.factors(pd.concat([a, b, c, d], ignore_index=True)) == {"jeugd": 1.5, "wmo": 1.0}
    # the factor scales the percentiles of that wet only: +-0.36 * 1.5 * 50 around 100 for jeugd
    made = pd.DataFrame({"wet": ["jeugd", "wmo"], "begrotingspost": ["", ""], "prognose": [100.0, 100.0],
                         "onbekend": [50.0, 50.0]})
    out = pi.interval(made, pd.concat([a, c], ignore_index=True), {"jeugd": 1.5, "wmo": 1.0})
    assert out["prognose_hoog"].tolist() == [pytest.approx(127), pytest.approx(118)]
