"""A young group borrows the development pattern of its family (docs/prognose.md §1a).

A group's age-to-age factor for age k needs service months observed at age k+1. A group that
started less than `TAIL_AGE` months ago (a new product, a new begrotingspost) has none for its
late ages, and an unestimable factor is 1: its share declared is then overstated and its
ultimates understated by what still arrives late (on the lag scenarios 7 % of a jeugd month comes
after 8 months: a new product's ultimates were that much low, and its ramp with them).

Reserving practice for an immature triangle is a benchmark pattern (Bornhuetter–Ferguson with an
industry or portfolio development pattern). Here the benchmark is the group's *family*: the
groups of the same wet and declaring pattern (`FAMILY`: the `by` columns that set how a line
develops), summed into one triangle. A group keeps every factor it can estimate itself; only a
factor without any own observation is taken from the family.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sdmonitor.figures import ladder

# The grouping columns that set a line's declaring behaviour: a group borrows from the groups
# that share these (the wet, and quarterly or monthly declaring: `kwartaal.COLUMN`).
FAMILY = ("wet", "_declarant")


def family_of(by: Sequence[str], key: Sequence[object]) -> tuple[object, ...]:
    """The family of a group with key values `key` for the grouping columns `by`."""
    return tuple(value for column, value in zip(by, key) if column in FAMILY)


def estimable(cum: np.ndarray) -> np.ndarray:
    """Per age k (0..tail-1): whether the triangle has a service month observed at age k+1 (so
    `dev.age_to_age_factors` estimates f_k from the group's own months)."""
    return ladder.estimable(cum, np.zeros(1, dtype="int64"))[0]


def family_codes(by: Sequence[str], keys: pd.DataFrame) -> np.ndarray:
    """Per group (row of `keys`, columns `by`) the number of its family, in order of appearance."""
    rows = [tuple(row) for row in keys[list(by)].itertuples(index=False)] if by else [()] * len(keys)
    names: dict[tuple[object, ...], int] = {}
    return np.array([names.setdefault(family_of(by, key), len(names)) for key in rows], dtype="int64")


def family_factors(cut: np.ndarray, family: np.ndarray, month: np.ndarray, age: np.ndarray, value: np.ndarray,
                   now: np.ndarray, tail_age: int, window: int, from_nothing: bool) -> np.ndarray:
    """Age-to-age factors of each family's summed triangle per cut, as (cuts, families, tail_age)
    (NaN: the family has nothing in that cut). Per (aggregated) increment its cut, family, month,
    age and value, in the order they are added; `now`: per cut the month index of its peildatum."""
    families = int(family.max()) + 1 if family.size else 0
    table = np.full((now.size, families, tail_age), np.nan)
    if not family.size:
        return table
    key = cut * families + family
    order = np.argsort(key, kind="stable")
    key, month, age, value = key[order], month[order], age[order], value[order]
    starts = np.r_[0, np.flatnonzero(np.diff(key)) + 1]
    tri = ladder.stack(np.minimum.reduceat(month, starts), np.maximum.reduceat(month, starts),
                       now[key[starts] // families], np.full(starts.size, ladder.UNCUT),
                       ladder.segments_of(starts, key.size), month, age, value, tail_age)
    table[key[starts] // families, key[starts] % families] = ladder.age_to_age_factors(tri.cum, tri.start, window,
                                                                                     from_nothing)
    return table


def borrowed_stacked(own: np.ndarray, cum: np.ndarray, start: np.ndarray, family: np.ndarray) -> np.ndarray:
    """`own` age-to-age factors per stacked triangle (`ladder`), those it cannot estimate taken
    from `family` (per triangle its family's factors)."""
    return np.where(ladder.estimable(cum, start), own, family)


def borrowed(own: np.ndarray, cum: np.ndarray, family: np.ndarray | None) -> np.ndarray:
    """`own` age-to-age factors, those the triangle `cum` cannot estimate taken from `family`
    (factors of the family's summed triangle); without a family `own` itself."""
    if family is None:
        return own
    return borrowed_stacked(own[None, :], cum, np.zeros(1, dtype="int64"), np.asarray(family)[None, :])[0]


__all__ = ["FAMILY", "borrowed", "borrowed_stacked", "estimable", "family_codes", "family_factors", "family_of"]
