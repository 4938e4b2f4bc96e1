"""The step's credibility constant from the persistence of a group's months (prognose_level)."""

from __future__ import annotations

import numpy as np
import pytest

from sdmonitor.figures import prognose_level as pl

FLAT = np.ones(12)


def test_independent_months_do_not_persist():
    # 10, 12, 10, 12, ...: every deviation is undone the next month; the autocorrelation is
    # negative, read as 0.
    values = np.array([10.0, 12.0] * 12)
    assert pl.persistence(values, 0, FLAT, 1.0) == 0.0


def test_a_level_that_moves_and_stays_persists():
    # 18 months at 10, 18 at 12: mean 11, deviations -1/11 and +1/11; of the 35 neighbour pairs
    # 34 have the same sign and 1 crosses: (34 - 1) / 36.
    values = np.r_[np.full(18, 10.0), np.full(18, 12.0)]
    assert pl.persistence(values, 0, FLAT, 1.0) == pytest.approx(33 / 36)


def test_trend_and_season_are_not_persistence():
    # Growth of 1 % a month and a summer dip, nothing else: no deviation left.
    season = np.array([1.0] * 6 + [0.8] * 2 + [1.1] * 4)
    season = season / season.mean()
    idx = np.arange(36)
    values = 100 * 1.01 ** idx * season[idx % 12]
    assert pl.persistence(values, 0, season, 1.01) == pytest.approx(0.0, abs=1e-9)


def test_too_short_a_history_has_no_persistence():
    assert pl.persistence(np.r_[np.full(6, 10.0), np.full(6, 12.0)], 0, FLAT, 1.0) == 0.0


@pytest.mark.parametrize(("constant", "rho", "expected"), [
    (3.0, 0.0, 3.0),          # independent months: the full constant
    (3.0, 1.0, 1.0),          # fully persistent: 1
    (3.0, 0.25, 1.0 + 2 * 0.5),  # halfway
    (3.0, 0.6, 1.0),          # persistent enough: 1
    (0.0, 0.5, 0.0),          # no step stays no step
])
def test_step_constant(constant, rho, expected):
    settings = pl.Settings(step_credibility=constant)
    assert pl.step_constant(settings, rho) == pytest.approx(expected)


def test_a_quarterly_declarers_season_sits_in_the_first_months():
    # Flat (no index yet): 3 in January, April, July, October, 0 elsewhere (mean 1).
    assert pl.quarter_season(FLAT) == pytest.approx([3.0, 0.0, 0.0] * 4)
    # First months with their own index 1,2 / 0,8 / 1,0 / 1,0 (sum 4): scaled by 12 / 4 = 3.
    season = np.array([1.2, 0.9, 0.9, 0.8, 1.1, 1.1, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    assert pl.quarter_season(season) == pytest.approx([3.6, 0, 0, 2.4, 0, 0, 3.0, 0, 0, 3.0, 0, 0])


def test_an_index_of_zero_stays_zero():
    # Not a number or below 0 (credit lines) counts as 1; a month that never had care stays 0.
    assert pl.usable_season(np.array([np.nan, -0.1, 0.0, 2.0])).tolist() == [1.0, 1.0, 0.0, 2.0]


def _seasonal_index_one_month_at_a_time(values: np.ndarray, first: int, shrink: bool) -> np.ndarray:
    """`seasonal_index` written with a mean and a variance per calendar month (the reference)."""
    if values.size < 25:
        return np.ones(12)
    centred = np.convolve(values, np.r_[0.5, np.ones(11), 0.5] / 12.0, mode="valid")
    pos = np.arange(6, values.size - 6)
    good = centred > 0
    ratios = values[pos[good]] / centred[good]
    moy = (first + pos[good]) % 12
    if np.unique(moy).size < 12:
        return np.ones(12)
    raw = np.array([ratios[moy == k].mean() for k in range(12)])
    counts = np.array([(moy == k).sum() for k in range(12)])
    raw = raw / raw.mean()
    within = [ratios[moy == k].var(ddof=1) for k in range(12) if counts[k] > 1]
    noise = float(np.mean(within)) / counts.mean() if within else raw.var()
    signal = max(raw.var() - noise, 0.0)
    weight = (signal / (signal + noise) if signal + noise > 0 else 0.0) if shrink else 1.0
    return 1.0 + weight * (raw - 1.0)


def test_seasonal_index_equals_a_mean_and_variance_per_month_to_the_bit():
    rng = np.random.default_rng(4)
    for n in list(range(24, 40)) + [60, 97, 120, 150]:  # 1 .. 11 ratios per calendar month
        values = 1e5 * (1 + 0.3 * np.sin(np.arange(n) * np.pi / 6)) * rng.lognormal(0, 0.2, n)
        values[rng.random(n) < 0.1] = 0.0
        for shrink in (True, False):
            want = _seasonal_index_one_month_at_a_time(values, 24_300 + n, shrink)
            assert pl.seasonal_index(values, 24_300 + n, shrink).tobytes() == want.tobytes()
