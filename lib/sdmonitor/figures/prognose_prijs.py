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


# Largest dense (cut, group, product, year) key space summed with one `bincount`; beyond it the
# keys present are found by sorting.
DENSE_CELLS = 2_000_000
SUMS = ("b", "v", "bb", "bv", "vv", "n")


def _sums(origin: np.ndarray, code: np.ndarray, product: np.ndarray, year: np.ndarray, units: np.ndarray,
          value: np.ndarray) -> pd.DataFrame:
    """Per (cut, group, product, year): sum of bedrag (b), volume (v), b^2, b x v, v^2 and lines (n).
    Integer keys and `bincount`: the backtest stacks some 30 cuts of every line, and a pandas
    grouping on four keys over millions of rows would cost as much as the rest of the prognosis."""
    ok = (product >= 0) & np.isfinite(units) & (units > 0) & np.isfinite(value)
    o, g, p, y, b, v = origin[ok], code[ok], product[ok], year[ok], value[ok], units[ok]
    if o.size == 0:
        return pd.DataFrame(columns=["o", "g", "p", "y", *SUMS])
    first = int(y.min())
    dims = (int(o.max()) + 1, int(g.max()) + 1, int(p.max()) + 1, int(y.max()) - first + 1)
    key = np.ravel_multi_index((o, g, p, y - first), dims)
    # Dense: one slot per possible key, the present ones picked after; sparse: the present keys only.
    dense = int(np.prod(dims)) <= DENSE_CELLS
    cells, slot = (key, key) if dense else np.unique(key, return_inverse=True)
    weights = {"b": b, "v": v, "bb": b * b, "bv": b * v, "vv": v * v, "n": None}
    size = int(np.prod(dims)) if dense else cells.size
    sums = {name: np.bincount(slot, weights=w, minlength=size) for name, w in weights.items()}
    if dense:
        cells = np.flatnonzero(sums["n"])
        sums = {name: total[cells] for name, total in sums.items()}
    co, cg, cp, cy = np.unravel_index(cells, dims)
    return pd.DataFrame({"o": co, "g": cg, "p": cp, "y": cy + first, **sums})


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
    year = np.asarray(years, dtype="int64")[ratios["o"].to_numpy(dtype="int64")]
    now = ratios[(ratios["y"] == year) & (ratios["matched"] >= MIN_MATCHED) & (ratios["n"] >= MIN_LINES)]
    prior = ratios[(ratios["y"] < year) & (ratios["y"] >= year - YEARS) & (ratios["ratio"] > 0)]
    usual = prior.assign(log=np.log(prior["ratio"])).groupby(["o", "g"])["log"].mean()
    both = now.set_index(["o", "g"]).join(usual, how="inner")
    if both.empty:
        return {}
    surprise = (both["ratio"] / np.exp(both["log"])).to_numpy(dtype="float64")
    se = both["se"].to_numpy(dtype="float64")
    # A ratio without a standard error is not trusted at all (infinite variance: weight 0).
    variance = np.where(np.isfinite(se), se ** 2, np.inf)
    weight = sd ** 2 / (sd ** 2 + variance)
    priced = 1.0 + weight * (surprise - 1.0)
    keys = [(int(o), int(g)) for o, g in both.index]
    return {key: (float(a), float(b)) for key, a, b in zip(keys, surprise, priced)}


__all__ = ["MIN_LINES", "MIN_MATCHED", "SURPRISE_SD", "YEARS", "Surprises", "surprises"]
