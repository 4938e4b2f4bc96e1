"""The year's tariff step measured on prices, not guessed from a few months' totals
(docs/prognose.md §2b).

Care is paid per unit: a line's bedrag is its volume times the product's tariff, and tariffs
change once a year, in January (indexation, a new contract). The prognosis' own step for the
new year (`prognose_level.expected_level`) compares the first, partly declared months with the
level before: two noisy months, so it is trusted only in part, and a real 12 % tariff step is
then carried at half its size into the year's prognosis. The price per unit is far less noisy
than the total: it does not depend on how many clients there are, nor on how much of a month is
declared yet (a late line costs what an early one does).

Per group and cut, on the lines the cut knows:

- the price ratio of a year Y against Y-1: the year's amount against its volume at the previous
  year's price per unit of the same product (productcode and eenheid): sum(bedrag_Y) /
  sum(volume_Y x price_{Y-1}) over the products present in both years (a Paasche index, so a shift
  between products is volume, not price);
- the *surprise* of the current year: its ratio against the geometric mean of the earlier years'
  ratios (the indexation the trend already carries);
- its credibility tau^2 / (tau^2 + se^2): `se` the ratio's own standard error from the spread of
  the lines around it (nil when every line is volume x tariff), `tau` (`SURPRISE_SD`) how far a
  year's indexation typically strays from the years before.

No price is used where it would mislead: without volumes, with under half of the year's amount
in products priced the year before or fewer than `MIN_LINES` such lines, or without an earlier
year's ratio.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

# How far a year's tariff step typically strays from the indexation of the years before
# (relative): a few percent; 2023's 10-12 % after years of 2-3 % is the rare large one.
SURPRISE_SD = 0.05
# Share of the current year's amount that must be in products priced the year before.
MIN_MATCHED = 0.5
# Fewest priced lines of the current year: the spread of a handful of lines (a few PGB budget
# holders, each at their own rate) cannot tell a tariff step from who happens to be declared.
MIN_LINES = 30
# Earlier years whose price ratios make the expected indexation (as the trend's `trend_years`).
YEARS = 3

# (surprise, credibility-weighted surprise) per (cut position, group code).
Surprises = dict[tuple[int, int], tuple[float, float]]


def _sums(origin: np.ndarray, code: np.ndarray, product: np.ndarray, year: np.ndarray, units: np.ndarray,
          value: np.ndarray) -> pd.DataFrame:
    ok = (product >= 0) & np.isfinite(units) & (units > 0) & np.isfinite(value)
    frame = pd.DataFrame({"o": origin[ok], "g": code[ok], "p": product[ok], "y": year[ok], "b": value[ok],
                          "v": units[ok]})
    frame["bb"], frame["bv"], frame["vv"] = frame["b"] ** 2, frame["b"] * frame["v"], frame["v"] ** 2
    frame["n"] = 1
    return frame.groupby(["o", "g", "p", "y"], sort=True)[["b", "v", "bb", "bv", "vv", "n"]].sum().reset_index()


def _ratios(cells: pd.DataFrame) -> pd.DataFrame:
    """Per (o, g, y): the price ratio of year y against y-1, its relative standard error, the
    share of year y's amount in products priced in y-1 and the number of those lines (n)."""
    before = cells[["o", "g", "p", "y", "b", "v"]].assign(y=cells["y"] + 1)
    before = before.rename(columns={"b": "b0", "v": "v0"})
    both = cells.merge(before, on=["o", "g", "p", "y"], how="left")
    priced = (both["v0"] > 0) & (both["b0"] > 0)
    price = (both["b0"] / both["v0"]).where(priced, 0.0)
    both = both.assign(total=both["b"], b=both["b"].where(priced, 0.0), at_old=both["v"] * price,
                       bb=both["bb"].where(priced, 0.0), bv=both["bv"] * price, vv=both["vv"] * price ** 2,
                       n=both["n"].where(priced, 0))
    sums = ["total", "b", "at_old", "bb", "bv", "vv", "n"]
    per = both.groupby(["o", "g", "y"], sort=True)[sums].sum().reset_index()
    good = (per["at_old"] > 0) & (per["b"] > 0)
    ratio = (per["b"] / per["at_old"]).where(good)
    # Linearised variance of a ratio estimator: sum of (b_i - R v_i p_i)^2 over (sum v_i p_i)^2.
    spread = (per["bb"] - 2 * ratio * per["bv"] + ratio ** 2 * per["vv"]).clip(lower=0.0)
    se = np.sqrt(spread) / per["at_old"] / ratio
    matched = (per["b"] / per["total"]).where(per["total"] > 0, 0.0)
    return per[["o", "g", "y", "n"]].assign(ratio=ratio, se=se, matched=matched)


def surprises(origin: np.ndarray, code: np.ndarray, month: np.ndarray, product: np.ndarray, units: np.ndarray,
              value: np.ndarray, years: Sequence[int], sd: float = SURPRISE_SD) -> Surprises:
    """The current year's price surprise per (cut, group): `origin` the cut of each known line,
    `code` its group, `month` its service month index, `product` its product code (-1: none),
    `units` its volume, `value` its bedrag; `years[cut]` is the cut's year."""
    if origin.size == 0:
        return {}
    cells = _sums(origin, code, product, np.asarray(month) // 12, units, value)
    if cells.empty:
        return {}
    ratios = _ratios(cells)
    ratios = ratios[ratios["ratio"].notna()]
    out: Surprises = {}
    current = np.asarray(years, dtype="int64")
    for _, own in ratios.groupby(["o", "g"], sort=False):
        cut, group = int(own["o"].iloc[0]), int(own["g"].iloc[0])
        year = int(current[cut])
        now = own[own["y"] == year]
        if now.empty or float(now["matched"].iloc[0]) < MIN_MATCHED or int(now["n"].iloc[0]) < MIN_LINES:
            continue
        earlier = own[(own["y"] < year) & (own["y"] >= year - YEARS) & (own["ratio"] > 0)]
        if earlier.empty:
            continue
        surprise = float(now["ratio"].iloc[0]) / float(np.exp(np.log(earlier["ratio"]).mean()))
        se = float(now["se"].iloc[0])
        weight = sd ** 2 / (sd ** 2 + se ** 2) if np.isfinite(se) else 0.0
        out[(cut, group)] = (surprise, 1.0 + weight * (surprise - 1.0))
    return out


__all__ = ["MIN_LINES", "MIN_MATCHED", "SURPRISE_SD", "YEARS", "Surprises", "surprises"]
