"""Stacked development triangles (ladder): many chain ladders in one array, each as its own."""

from __future__ import annotations

import numpy as np
import pytest

from sdmonitor.figures import ladder

NAN = np.nan


def _two_segments() -> ladder.Triangles:
    # Segment 0: months 0..2 on now = 2 (reached 2, 1, 0), tail age 2; an age-5 increment folds into 2.
    # Segment 1: months 0..1 on now = 3 but observed (periode) = 0: month 1 is not observed at all;
    # an increment of month 2 lies after its last month and is left out.
    owner = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1])
    month = np.array([0, 0, 0, 1, 1, 2, 0, 1, 2])
    age = np.array([0, 1, 5, 0, 1, 0, 0, 0, 0])
    value = np.array([100.0, 50.0, 10.0, 80.0, 20.0, 90.0, 10.0, 5.0, 7.0])
    return ladder.stack(np.array([0, 0]), np.array([2, 1]), np.array([2, 3]), np.array([2, 0]), owner, month, age,
                        value, tail_age=2)


def test_stacked_triangles_cumulate_fold_the_tail_and_hide_what_is_not_observed():
    tri = _two_segments()
    assert tri.start.tolist() == [0, 3] and tri.count.tolist() == [3, 2]
    assert tri.segment.tolist() == [0, 0, 0, 1, 1]
    assert tri.month.tolist() == [0, 1, 2, 0, 1]
    assert tri.reached.tolist() == [2, 1, 0, 3, -1]
    np.testing.assert_array_equal(tri.cum, np.array([[100.0, 150.0, 160.0],
                                                     [80.0, 100.0, NAN],
                                                     [90.0, NAN, NAN],
                                                     [10.0, 10.0, 10.0],
                                                     [NAN, NAN, NAN]]))
    # Declared per month over all ages, also for a month not observed; month 2 of segment 1 is outside.
    assert tri.declared.tolist() == [160.0, 100.0, 90.0, 10.0, 5.0]


def test_factors_per_segment_use_the_latest_months_of_the_window():
    tri = _two_segments()
    factors = ladder.age_to_age_factors(tri.cum, tri.start, window=24)
    # Segment 0: f0 = (150 + 100) / (100 + 80), f1 = 160 / 150; segment 1: nothing grows.
    assert factors.tolist() == [[250.0 / 180.0, 160.0 / 150.0], [1.0, 1.0]]
    # A window of one month: f0 from month 1 alone (100 / 80).
    assert ladder.age_to_age_factors(tri.cum, tri.start, window=1)[0].tolist() == [1.25, 160.0 / 150.0]
    assert ladder.estimable(tri.cum, tri.start).tolist() == [[True, True], [True, True]]


def test_a_factor_from_nothing_a_credit_and_an_unestimable_age():
    cum = np.array([[0.0, 50.0, 10.0],    # segment 0: nothing at age 0, then a credit of 40
                    [NAN, NAN, NAN]])     # segment 1: no month observed
    start = np.array([0, 1])
    plain = ladder.age_to_age_factors(cum, start, window=24)
    assert plain.tolist() == [[1.0, 0.5], [1.0, 1.0]]  # 10 / 50 = 0,2 floored at MIN_FACTOR
    assert ladder.age_to_age_factors(cum, start, window=24, from_nothing=True).tolist() == [[np.inf, 0.5], [1.0, 1.0]]
    assert ladder.estimable(cum, start).tolist() == [[True, True], [False, False]]


def test_cumulative_factors_and_share_declared_per_row():
    cdf = ladder.cumulative_factors(np.array([[1.5, 2.0], [1.0, 1.0]]))
    assert cdf.tolist() == [[3.0, 2.0, 1.0], [1.0, 1.0, 1.0]]
    share = ladder.percent_declared(cdf, np.array([0, 0, 0, 1]), np.array([0, 1, -1, 5]))
    assert share.tolist() == [pytest.approx(1 / 3), 0.5, 0.0, 1.0]


def _one_by_one(cum: np.ndarray, window: int, from_nothing: bool) -> np.ndarray:
    """The definition for one triangle, written as a plain loop (the reference)."""
    factors = np.ones(cum.shape[1] - 1)
    for k in range(cum.shape[1] - 1):
        rows = np.flatnonzero(~np.isnan(cum[:, k + 1]))[-window:]
        if rows.size == 0:
            continue
        den = cum[rows, k].sum()
        if den > 0:
            factors[k] = max(cum[rows, k + 1].sum() / den, ladder.MIN_FACTOR)
        elif from_nothing and den == 0 and cum[rows, k + 1].sum() > 0:
            factors[k] = np.inf
    return factors


def test_stacked_factors_equal_each_triangle_alone_to_the_bit():
    rng = np.random.default_rng(3)
    for _ in range(40):
        counts = rng.integers(1, 40, size=12)
        start = np.r_[0, np.cumsum(counts)[:-1]]
        # Values of very different sizes, so a sum in another order would differ in the last bits.
        inc = np.round(rng.standard_normal((counts.sum(), 8)) * 10.0 ** rng.integers(0, 8, size=(counts.sum(), 8)), 2)
        inc[rng.random(inc.shape) < 0.2] = 0.0
        cum = np.cumsum(inc, axis=1)
        reached = np.concatenate([np.arange(n)[::-1] - rng.integers(0, 3) for n in counts.tolist()])
        cum[np.arange(8)[None, :] > reached[:, None]] = NAN
        for window, from_nothing in ((24, True), (5, False), (0, False)):
            got = ladder.age_to_age_factors(cum, start, window, from_nothing)
            want = [_one_by_one(cum[s:s + n], window, from_nothing) for s, n in zip(start, counts)]
            assert got.tobytes() == np.array(want).tobytes()
