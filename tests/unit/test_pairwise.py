"""numpy's float64 sum of short rows, emulated for many rows at once (pairwise.row_sums)."""

from __future__ import annotations

import numpy as np

from sdmonitor.figures import pairwise

BIG = 2.0 ** 53  # above it the spacing of doubles is 2: adding 1 rounds (to the even neighbour)


def _numpy(values: np.ndarray, counts: np.ndarray) -> list[float]:
    return [float(np.ascontiguousarray(values[i, :n]).sum()) for i, n in enumerate(counts.tolist())]


def test_fewer_than_eight_values_are_added_one_after_the_other():
    # 2^53 + 1 is halfway between 2^53 and 2^53 + 2 and rounds to 2^53 (even): every 1 is lost.
    row = np.array([[BIG, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]])
    assert pairwise.row_sums(row, np.array([7])).tolist() == [BIG]


def test_eight_or_more_values_go_through_eight_running_sums():
    # Nine values: lanes 2^53, 1, ..., 1 combined as ((2^53 + 1) + (1 + 1)) + ((1 + 1) + (1 + 1)) =
    # 2^53 + 6, then the ninth value: 2^53 + 7 is halfway and rounds to 2^53 + 8 (even).
    row = np.array([[BIG] + [1.0] * 8])
    assert pairwise.row_sums(row, np.array([9])).tolist() == [BIG + 8.0]
    # With sixteen values each lane also takes its second value first: lane 0 = 2^53 + 1 = 2^53,
    # lanes 1..7 = 2, so 2^53 + 2 + 4 + 8 = 2^53 + 14.
    row = np.array([[BIG] + [1.0] * 15])
    assert pairwise.row_sums(row, np.array([16])).tolist() == [BIG + 14.0]


def test_rows_of_different_lengths_in_one_call_and_an_empty_row():
    values = np.array([[1.5, 2.5, 99.0], [4.0, 99.0, 99.0], [99.0, 99.0, 99.0]])
    assert pairwise.row_sums(values, np.array([2, 1, 0])).tolist() == [4.0, 4.0, 0.0]


def test_a_negative_zero_sum_is_positive_zero_as_in_numpy():
    got = pairwise.row_sums(np.array([[-0.0, -0.0]]), np.array([2]))
    assert got[0] == 0.0 and not np.signbit(got[0])


def test_equal_to_numpy_to_the_bit_on_random_rows():
    rng = np.random.default_rng(7)
    for width in (1, 7, 8, 9, 24, 31, 128, 200):
        values = rng.standard_normal((60, width)) * 10.0 ** rng.integers(-3, 9, size=(60, width))
        counts = rng.integers(0, width + 1, size=60)
        got = pairwise.row_sums(values, counts)
        assert got.tolist() == _numpy(values, counts)
