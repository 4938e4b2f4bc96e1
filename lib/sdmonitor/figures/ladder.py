"""Development triangles of many segments at once: every (backtest origin, group) of a prognosis
and every family it borrows from, stacked into one array instead of a Python loop over small ones
(issue 25 §3). The definitions are those of `development` (which calls these with one segment);
each sum adds the same values in the same order as a triangle of its own would (`pairwise`).

Segment s owns rows `start[s] .. start[s] + count[s] - 1` of the stacked arrays: its service months
`first[s] ..` in order, one column per development age 0..tail_age.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sdmonitor.figures import pairwise

# Guard for degenerate groups (a tiny budget line with a large credit): a factor below this says
# more about one line than about declaring behaviour. No upper bound: a large early factor only
# means little is declared at that age, and Bornhuetter-Ferguson then leans on the expected level.
MIN_FACTOR = 0.5
# A segment without a periode cut: every month it has is observed (the families' triangles).
UNCUT = np.iinfo("int64").max


@dataclass(frozen=True)
class Triangles:
    """Stacked cumulative triangles: `cum` (rows, tail_age + 1), NaN where a cell is not observed;
    per row its segment, service month index, reached age (-1: after the periode, not observed)
    and declared amount (all ages)."""

    start: np.ndarray
    count: np.ndarray
    segment: np.ndarray
    month: np.ndarray
    reached: np.ndarray
    declared: np.ndarray
    cum: np.ndarray


def stack(first: np.ndarray, last: np.ndarray, now: np.ndarray, observed: np.ndarray, owner: np.ndarray,
          month: np.ndarray, age: np.ndarray, value: np.ndarray, tail_age: int) -> Triangles:
    """Per segment s the triangle of service months `first[s]..last[s]` as known at month index
    `now[s]` (the peildatum's month), months after `observed[s]` (the periode) not observed; the
    increments `value` at (`month`, `age`) belong to segment `owner`, in the order they are added.
    Ages beyond `tail_age` are folded into it; increments after a segment's last month are left out."""
    first, last = (np.asarray(a, dtype="int64") for a in (first, last))
    count = last - first + 1
    start = np.r_[0, np.cumsum(count)[:-1]].astype("int64")
    rows = int(count.sum())
    segment = segments_of(start, rows)
    months = first[segment] + (np.arange(rows, dtype="int64") - start[segment])
    reached = np.where(months > np.asarray(observed, dtype="int64")[segment], -1,
                       np.asarray(now, dtype="int64")[segment] - months)
    owner, month, age = (np.asarray(a, dtype="int64") for a in (owner, month, age))
    value = np.asarray(value, dtype="float64")
    inside = (month >= first[owner]) & (month <= last[owner])
    row = (start[owner] + month - first[owner])[inside]
    width = tail_age + 1
    inc = np.zeros(rows * width)
    np.add.at(inc, row * width + np.minimum(age[inside], tail_age), value[inside])
    cum = np.cumsum(inc.reshape(rows, width), axis=1)
    cum[np.arange(width)[None, :] > reached[:, None]] = np.nan
    declared = np.bincount(row, weights=value[inside], minlength=rows)
    return Triangles(start, count, segment, months, reached, declared, cum)


def segments_of(start: np.ndarray, rows: int) -> np.ndarray:
    """The segment of each of `rows` stacked rows, segment s starting at row `start[s]`."""
    return np.repeat(np.arange(start.size, dtype="int64"), np.diff(np.r_[start, rows]))


def _observed_at(cum: np.ndarray, start: np.ndarray,
                 segment: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(seen, total, rank): per row and age k whether C(m, k+1) is observed, per segment and k how
    many months are, and per row how many of its segment's observed months are this one or later."""
    seen = ~np.isnan(cum[:, 1:])
    counted = seen.astype("int64")
    if start.size == 0:
        return seen, np.zeros((0, seen.shape[1]), dtype="int64"), counted
    total = np.add.reduceat(counted, start, axis=0)
    before = np.cumsum(counted, axis=0) - counted
    rank = total[segment] - (before - before[start][segment])
    return seen, total, rank


def estimable(cum: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Per segment and age k (0..tail-1): whether a service month is observed at age k+1."""
    return np.logical_or.reduceat(~np.isnan(cum[:, 1:]), start, axis=0)


def age_to_age_factors(cum: np.ndarray, start: np.ndarray, window: int, from_nothing: bool = False) -> np.ndarray:
    """Volume-weighted age-to-age factors per segment (`development.age_to_age_factors`):
    f_k = sum C(m, k+1) / sum C(m, k) over the `window` most recent months observed at age k+1
    (every one for a window of 0 or less); below 1 kept (credits), floored at `MIN_FACTOR`; 1 where
    it cannot be estimated — or, with `from_nothing`, infinite where nothing is declared at k and
    something at k+1."""
    segment = segments_of(start, cum.shape[0])
    seen, total, rank = _observed_at(cum, start, segment)
    segments, ages = total.shape
    used = np.minimum(total, window) if window > 0 else total
    width = int(used.max()) if used.size else 0
    # Per (segment, k) its months in order, left-aligned: the sums numpy makes of `cum[rows, k]`.
    row, k = np.nonzero(seen & (rank <= used[segment]))
    slot = segment[row] * ages + k
    position = used[segment[row], k] - rank[row, k]
    den_values, num_values = np.zeros((segments * ages, width)), np.zeros((segments * ages, width))
    den_values[slot, position] = cum[row, k]
    num_values[slot, position] = cum[row, k + 1]
    den = pairwise.row_sums(den_values, used.ravel()).reshape(segments, ages)
    num = pairwise.row_sums(num_values, used.ravel()).reshape(segments, ages)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.maximum(num / den, MIN_FACTOR)
    factors = np.where((used > 0) & (den > 0), ratio, 1.0)
    if from_nothing:
        factors = np.where((used > 0) & (den == 0) & (num > 0), np.inf, factors)
    return factors


def cumulative_factors(factors: np.ndarray) -> np.ndarray:
    """Per row of `factors` (segments, tail): CDF_k = f_k * ... * f_{tail-1}; CDF_tail = 1."""
    cdf = np.ones((factors.shape[0], factors.shape[1] + 1))
    cdf[:, :-1] = np.cumprod(factors[:, ::-1], axis=1)[:, ::-1]
    return cdf


def percent_declared(cdf: np.ndarray, segment: np.ndarray, reached: np.ndarray) -> np.ndarray:
    """Per row (of `segment`) the expected share of its month declared at its reached age (0
    before age 0): one over its segment's CDF at that age."""
    reached = np.asarray(reached, dtype="int64")
    tail = cdf.shape[1] - 1
    pct = 1.0 / cdf[segment, np.clip(reached, 0, tail)]
    return np.where(reached < 0, 0.0, pct)


__all__ = ["MIN_FACTOR", "UNCUT", "Triangles", "age_to_age_factors", "cumulative_factors", "estimable",
           "percent_declared", "segments_of", "stack"]
