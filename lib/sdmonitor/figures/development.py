"""Declaration lag: the development triangle and chain-ladder factors (see docs/prognose.md).

A service month's amount is not known at once: providers declare weeks or months later, and
credit and re-declare. The *development age* of a line is how many months after its service
month it was declared. The clock is anchored on the day of the peildatum, so that what is known
on the peildatum is always exactly one whole diagonal of the triangle: with peildatum 10 March,
age 0 of a service month means "declared by the 10th of the service month itself", age 1 "by the
10th of the month after", and service month February has reached age 1 on 10 March. Every earlier
service month is then observed at whole ages only, and no partial month distorts the factors.

All functions are pure numpy/pandas on small aggregated inputs.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from sdmonitor.figures import ladder
from sdmonitor.figures.ladder import MIN_FACTOR

# Assume a service month is complete after this many months (the tail factor is 1).
TAIL_AGE = 15
# Service months per age-to-age factor: recent enough to follow changes in declaring behaviour,
# long enough (two years) to average out single months.
FACTOR_WINDOW = 24


def month_index(maand: pd.Series) -> np.ndarray:
    """`YYYY-MM` -> year * 12 + month - 1, so consecutive months differ by 1."""
    # Parsed once per distinct month (a few dozen) instead of once per line.
    months: pd.Index | pd.Series
    codes, months = pd.factorize(maand)
    if (codes < 0).any():  # a missing month: the per-line parse reports it as before
        months, codes = maand, np.arange(len(maand))
    text = pd.Series(months).astype("str")
    return (text.str[:4].astype("int64") * 12 + text.str[5:7].astype("int64") - 1).to_numpy()[codes]


def index_of(year: int, month: int) -> int:
    """The month index of a calendar month (see `month_index`)."""
    return year * 12 + month - 1


def _day_cutoff(peildatum: date) -> int:
    return peildatum.day


def declared_parts(ingediend_op: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(month index, day, days in that month) of each declaration date, NaN where there is none:
    what `development_age` needs of a date, parsed once (backtests age the same lines many times)."""
    when = pd.to_datetime(ingediend_op)
    declared = (when.dt.year.to_numpy(dtype="float64", na_value=np.nan) * 12
                + when.dt.month.to_numpy(dtype="float64", na_value=np.nan) - 1)
    return (declared, when.dt.day.to_numpy(dtype="float64", na_value=np.nan),
            when.dt.days_in_month.to_numpy(dtype="float64", na_value=np.nan))


def age_from(served: np.ndarray, parts: tuple[np.ndarray, np.ndarray, np.ndarray], peildatum: date) -> np.ndarray:
    """`development_age` from service month indexes and `declared_parts`."""
    declared, day, days_in_month = parts
    cutoff = np.minimum(_day_cutoff(peildatum), days_in_month)
    late_in_month = day > cutoff
    age = declared - served + late_in_month
    age = np.where(np.isnan(age), 0, age)
    return np.maximum(age, 0).astype("int64")


def development_age(maand: pd.Series, ingediend_op: pd.Series, peildatum: date) -> np.ndarray:
    """Development age in whole months of each line, anchored on the day of the peildatum.

    A line declared in month `service + j` on or before day `d` of that month (d = the
    peildatum's day, capped at the month's last day) has age j, after day d age j + 1. Lines
    declared before their service month, or without a date (treated as known), get age 0.
    """
    return age_from(month_index(maand), declared_parts(ingediend_op), peildatum)


def known_on(submitted: np.ndarray, months: np.ndarray, last_month: int, peildatum: date) -> np.ndarray:
    """Which lines an edition knows: declared on or before the peildatum (no date: known) and
    service month index <= `last_month` (the periode). The rule of `selection.select`."""
    return ~(submitted > np.datetime64(pd.Timestamp(peildatum))) & (months <= last_month)


def latest_age(months: np.ndarray, peildatum: date) -> np.ndarray:
    """The development age each service month has reached on the peildatum (negative: not begun)."""
    return index_of(peildatum.year, peildatum.month) - np.asarray(months, dtype="int64")


def triangle(months: np.ndarray, ages: np.ndarray, values: np.ndarray, first: int, last: int,
             peildatum: date, tail_age: int = TAIL_AGE) -> np.ndarray:
    """Cumulative declared amount per service month (rows first..last) and age (0..tail_age).

    Ages beyond `tail_age` are folded into `tail_age`. Cells not yet observed on the peildatum
    are NaN, so every factor below only uses what was really known. (One segment of
    `ladder.stack`.)
    """
    owner = np.zeros(len(months), dtype="int64")
    return ladder.stack(np.array([first]), np.array([last]), np.array([index_of(peildatum.year, peildatum.month)]),
                        np.array([ladder.UNCUT]), owner, months, ages, values, tail_age).cum


def age_to_age_factors(cum: np.ndarray, window: int = FACTOR_WINDOW, from_nothing: bool = False) -> np.ndarray:
    """Volume-weighted age-to-age factors f_k = sum C(m, k+1) / sum C(m, k), k = 0..tail_age-1.

    For each age only the `window` most recent service months observed at age k+1 are used. A
    factor below 1 is kept (credits), floored at `MIN_FACTOR`; one that cannot be estimated (no
    months, or a non-positive denominator) is 1 — except, with `from_nothing`, when nothing is
    declared at age k and something at k+1: then it is infinite (share declared 0 before k+1).
    (One segment of `ladder.age_to_age_factors`.)
    """
    return ladder.age_to_age_factors(cum, np.zeros(1, dtype="int64"), window, from_nothing)[0]


def cumulative_factors(factors: np.ndarray) -> np.ndarray:
    """CDF_k = f_k * f_{k+1} * ... * f_{tail-1}; CDF_tail = 1 (complete)."""
    return ladder.cumulative_factors(np.asarray(factors, dtype="float64")[None, :])[0]


def percent_declared(cdf: np.ndarray, reached: np.ndarray) -> np.ndarray:
    """Expected share of the final amount declared at each month's reached age (0 before age 0)."""
    reached = np.asarray(reached, dtype="int64")
    return ladder.percent_declared(np.asarray(cdf)[None, :], np.zeros(reached.size, dtype="int64"), reached)


__all__ = [
    "FACTOR_WINDOW", "MIN_FACTOR", "TAIL_AGE", "age_from", "age_to_age_factors", "cumulative_factors",
    "declared_parts", "development_age", "known_on",
    "index_of", "latest_age", "month_index", "percent_declared", "triangle",
]
