"""The demo's calendar: month index 0 is January 2022; the simulated truth runs to December 2026."""

from __future__ import annotations

from datetime import date

import numpy as np

FIRST_YEAR = 2022
N_MONTHS = 60  # 2022-01 .. 2026-12: the whole of 2026 is simulated to know the true year total
LAST_WRITTEN_MONTH = 49  # 2026-02: the demo edition's periode
DATA_CUT = date(2026, 3, 10)  # the latest ingediend_op in the demo

_EPOCH = np.datetime64("1970-01-01", "D")


def year_of(month: np.ndarray | int) -> np.ndarray:
    """Calendar year of a month index (works for negative indices: months before 2022)."""
    return FIRST_YEAR + np.floor_divide(month, 12)


def month_start(month: np.ndarray | int) -> np.ndarray:
    """`datetime64[D]` of the first day of a month index."""
    m = np.asarray(month, dtype="int64")
    return (np.datetime64(f"{FIRST_YEAR}-01", "M") + m).astype("datetime64[D]")


def days_in_month(month: np.ndarray | int) -> np.ndarray:
    """Number of days of a month index."""
    m = np.asarray(month, dtype="int64")
    return (month_start(m + 1) - month_start(m)).astype("int64")


def month_label(month: np.ndarray | int) -> np.ndarray:
    """`YYYY-MM` of a month index."""
    return np.datetime_as_string(np.datetime64(f"{FIRST_YEAR}-01", "M") + np.asarray(month, "int64"))


def month_index(label: str) -> int:
    """Month index of `YYYY-MM`."""
    y, m = label.split("-")
    return (int(y) - FIRST_YEAR) * 12 + int(m) - 1


def cut_day() -> np.datetime64:
    return np.datetime64(DATA_CUT.isoformat(), "D")
