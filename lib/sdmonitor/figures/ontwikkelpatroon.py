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
from datetime import date

import numpy as np

from sdmonitor.figures import development as dev

# The grouping columns that set a line's declaring behaviour: a group borrows from the groups
# that share these (the wet, and quarterly or monthly declaring: `kwartaal.COLUMN`).
FAMILY = ("wet", "_declarant")


def family_of(by: Sequence[str], key: Sequence[object]) -> tuple[object, ...]:
    """The family of a group with key values `key` for the grouping columns `by`."""
    return tuple(value for column, value in zip(by, key) if column in FAMILY)


def estimable(cum: np.ndarray) -> np.ndarray:
    """Per age k (0..tail-1): whether the triangle has a service month observed at age k+1 (so
    `dev.age_to_age_factors` estimates f_k from the group's own months)."""
    return (~np.isnan(cum[:, 1:])).any(axis=0)


def family_factors(by: Sequence[str], keys: Sequence[Sequence[object]], group: np.ndarray, month: np.ndarray,
                    age: np.ndarray, value: np.ndarray, peildatum: date, tail_age: int, window: int,
                    from_nothing: bool) -> dict[tuple[object, ...], np.ndarray]:
    """Age-to-age factors of each family's summed triangle. `keys`: per group code its key values;
    `group`, `month`, `age`, `value`: per (aggregated) increment."""
    names: dict[tuple[object, ...], int] = {}
    of_code = np.array([names.setdefault(family_of(by, k), len(names)) for k in keys], dtype="int64")
    family = of_code[group]
    out = {}
    for name, code in names.items():
        own = family == code
        if not own.any():
            continue
        first, last = int(month[own].min()), int(month[own].max())
        cum = dev.triangle(month[own], age[own], value[own], first, last, peildatum, tail_age)
        out[name] = dev.age_to_age_factors(cum, window, from_nothing)
    return out


def borrowed(own: np.ndarray, cum: np.ndarray, family: np.ndarray | None) -> np.ndarray:
    """`own` age-to-age factors, those the triangle `cum` cannot estimate taken from `family`
    (factors of the family's summed triangle); without a family `own` itself."""
    if family is None:
        return own
    return np.where(estimable(cum), own, family)


__all__ = ["FAMILY", "borrowed", "estimable", "family_factors", "family_of"]
