"""Monthly cells of true care: volume per (client, product, month), then priced and calibrated.

Calibration works on the truth (every month fully declared): volumes are scaled to the seeds'
volume figures, tariffs per group of bouwstenen to the seeds' money figures, PGB amounts per
year to the PGB shares. Because a closed year's lines are all declared by the data cut, the
written data then reproduces those figures exactly (up to cent rounding).

A calibration that differs per year is never a step at January: the factor is a smooth curve
over the months (`year_curve`) that meets each year's target exactly, so volumes and costs
develop gradually as in real data, and only the tariff indexation steps at January.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import catalog
from .catalog import DAGDEEL, ETMAAL, EURO, MINUUT, STUKS, TARIFF_INDEX, UUR
from .profiles import Profile
from .timeline import N_MONTHS, days_in_month, year_of

_GRAIN = {UUR: 0.25, MINUUT: 5.0, DAGDEEL: 1.0, STUKS: 1.0, ETMAAL: 1.0, EURO: 0.01}


def _round_to(x: np.ndarray, grain: np.ndarray) -> np.ndarray:
    return np.maximum(np.round(x / grain) * grain, grain)


def expand(rng: np.random.Generator, ep: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """One row per episode month within 2022-01 .. 2026-12 with its true volume."""
    lo = np.maximum(ep["start"].to_numpy(), 0)
    hi = np.minimum(ep["end"].to_numpy(), N_MONTHS - 1)
    n = np.maximum(hi - lo + 1, 0)
    idx = np.repeat(np.arange(len(ep)), n)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    month = lo[idx] + offs
    book = catalog.by_code()
    specs = {(s.wet, s.bouwsteen): s for s in profile.specs}
    prod = [book[(w, c)] for w, c in zip(ep["wet"], ep["productcode"])]
    unit = np.array([p.regel_eenheid for p in prod])[idx]
    base = np.array([specs[(w, b)].volume if (w, b) in specs else 10.0
                     for w, b in zip(ep["wet"], ep["bouwsteen"])])[idx]
    start, end = ep["start"].to_numpy()[idx], ep["end"].to_numpy()[idx]
    sday, eday = ep["start_day"].to_numpy()[idx], ep["end_day"].to_numpy()[idx]
    dim = days_in_month(month)
    first_day = np.where(month == start, sday, 1)
    last_day = np.where(month == end, np.minimum(eday, dim), dim)
    last_day = np.maximum(last_day, first_day)
    noise = rng.gamma(8.0, 1 / 8.0, len(month))
    vol = base * ep["intensity"].to_numpy()[idx] * noise
    grain = np.array([_GRAIN[u] for u in unit])
    vol = _round_to(vol, grain)
    vol = np.where(unit == ETMAAL, last_day - first_day + 1, vol)
    is_hulpmiddel = ep["bouwsteen"].to_numpy()[idx] == "Hulpmiddelen"
    vol = np.where(is_hulpmiddel, 1.0, vol)
    # One-off housing adaptations: an amount in euros (traplift dearer than most adaptations).
    code = ep["productcode"].to_numpy()[idx]
    euro_amount = np.where(code == "13A02", rng.normal(7800, 900, len(month)),
                           rng.lognormal(np.log(3200), 0.8, len(month)))
    vol = np.where(unit == EURO, np.round(np.maximum(euro_amount, 250.0), 2), vol)
    out = pd.DataFrame({
        "ep": idx,
        "client": ep["client"].to_numpy()[idx],
        "wet": ep["wet"].to_numpy()[idx],
        "bouwsteen": ep["bouwsteen"].to_numpy()[idx],
        "productcode": code,
        "zorgvorm": ep["zorgvorm"].to_numpy()[idx],
        "top": (ep["kind"].to_numpy() == "top")[idx],
        "month": month,
        "jaar": year_of(month),
        "first_day": first_day,
        "last_day": last_day,
        "eenheid": unit,
        "volume": vol.astype("float64"),
    })
    return out


def pick_avan_users(rng: np.random.Generator, cells: pd.DataFrame, users: dict[int, int]) -> pd.DataFrame:
    """Of all AVAN pass holders only some travel in a month: exactly the month's number of users
    (the yearly mean, with a little month-to-month variation) keep their cell."""
    avan = (cells["bouwsteen"] == "Vervoer (AVAN)").to_numpy()
    keep = ~avan
    client, month = cells["client"].to_numpy(), cells["month"].to_numpy()
    for year, mean in users.items():
        d = rng.integers(-9, 10, 12)
        d -= int(round(d.mean()))
        d[-1] -= d.sum()
        for k in range(12):
            m = (year - 2022) * 12 + k
            pool = np.flatnonzero(avan & (month == m))
            # one cell per pass holder: a user is counted once however many passes
            _, first = np.unique(client[pool], return_index=True)
            pool = pool[np.sort(first)]
            want = min(mean + int(d[k]), len(pool))
            keep[rng.choice(pool, size=want, replace=False)] = True
    return cells[keep].reset_index(drop=True)


def _hours(cells: pd.DataFrame) -> pd.Series:
    """Volume in the bouwsteen's unit (minutes count as hours)."""
    return cells["volume"].where(cells["eenheid"] != MINUUT, cells["volume"] / 60.0)


def year_curve(month: np.ndarray, values: np.ndarray, targets: dict[int, float]) -> np.ndarray:
    """Per-element factor, piecewise linear in the month (knots at the middle of each target
    year, flat before the first and after the last), such that for every year in `targets` the
    sum of `values * factor` over that year's elements is the target.

    Why: a per-year factor makes a level jump at January that no real series has (and that no
    prognosis made in February can see). A year's total depends mostly on its own knot and a
    little on its neighbours', so a few fixed-point rounds make every total exact.
    """
    month = np.asarray(month, dtype="float64")
    values = np.asarray(values, dtype="float64")
    years = sorted(y for y, t in targets.items() if t > 0)
    if not years:
        return np.ones(month.size)
    knots_x = np.array([(y - 2022) * 12 + 5.5 for y in years])
    year = year_of(month.astype("int64"))
    masks = [year == y for y in years]
    have = np.array([values[m].sum() for m in masks])
    knots = np.where(have > 0, np.array([targets[y] for y in years]) / np.where(have > 0, have, 1.0), 1.0)
    for _ in range(60):
        factor = np.interp(month, knots_x, knots)
        got = np.array([(values[m] * factor[m]).sum() for m in masks])
        ratio = np.where(got > 0, np.array([targets[y] for y in years]) / np.where(got > 0, got, 1.0), 1.0)
        knots = knots * ratio
        if np.all(np.abs(ratio - 1.0) < 1e-12):
            break
    return np.interp(month, knots_x, knots)


def calibrate_volume(cells: pd.DataFrame, targets: dict[tuple[str, tuple[str, ...], int], float]) -> pd.DataFrame:
    """Scale the volume of the targeted bouwstenen to the target of each targeted year (bouwsteen
    units), with one smooth curve per group of bouwstenen so the years in between and after
    follow gradually instead of stepping at January."""
    cells = cells.copy()
    groups: dict[tuple[str, tuple[str, ...]], dict[int, float]] = {}
    for (wet, bouwstenen, year), target in targets.items():
        groups.setdefault((wet, bouwstenen), {})[year] = target
    for (wet, bouwstenen), per_year in groups.items():
        sel = ((cells["wet"] == wet) & cells["bouwsteen"].isin(bouwstenen)).to_numpy()
        unit = cells.loc[sel, "eenheid"].to_numpy()
        grain = np.array([_GRAIN[u] for u in unit])
        month = cells.loc[sel, "month"].to_numpy()
        factor = year_curve(month, _hours(cells[sel]).to_numpy(), per_year)
        vol = _round_to(cells.loc[sel, "volume"].to_numpy() * factor, grain)
        per = np.where(unit == MINUUT, 60.0, 1.0)
        years = year_of(month)
        for year, target in per_year.items():
            # Put the rounding rest on the year's largest cell so the year total is exact.
            in_year = np.flatnonzero(years == year)
            if in_year.size == 0:
                continue
            rest = target - (vol[in_year] / per[in_year]).sum()
            j = in_year[int(np.argmax(vol[in_year]))]
            vol[j] = round(vol[j] + rest * per[j], 2)
        cells.loc[sel, "volume"] = vol
    return cells


def price(cells: pd.DataFrame) -> pd.DataFrame:
    """Raw amounts: volume x 2022 tariff x the year's index (euro products: the amount itself)."""
    book = catalog.by_code()
    tariff = np.array([book[(w, c)].tarief_2022 for w, c in zip(cells["wet"], cells["productcode"])])
    index = cells["jaar"].map(TARIFF_INDEX).to_numpy()
    index = np.where(cells["eenheid"].to_numpy() == EURO, 1.0, index)
    return cells.assign(tarief=tariff * index)


def _top25(cells: pd.DataFrame, bedrag: np.ndarray, year: int) -> float:
    sel = ((cells["wet"] == "jeugd") & (cells["jaar"] == year)).to_numpy()
    per_client = pd.Series(bedrag[sel]).groupby(cells.loc[sel, "client"].to_numpy()).sum()
    return float(per_client.nlargest(25).sum())


def _group_factor(target: float, raw: np.ndarray, sel: np.ndarray, ref: np.ndarray, jaar: np.ndarray) -> float:
    """Tariff factor of one group: target / the group's ZIN amount in the reference year.

    A small group may have no care at all in the reference year (other seeds): then the factor
    comes from the mean yearly amount of the years that have some, instead of dividing by zero.
    """
    have = raw[ref].sum()
    if have > 0:
        return target / have
    per_year = pd.Series(raw[sel]).groupby(jaar[sel]).sum()
    per_year = per_year[per_year > 0]
    return target / per_year.mean() if len(per_year) else 1.0


def calibrate_money(cells: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """Multiply tariffs per group so each group's ZIN bedrag in its reference year is the target,
    the top 25 of the year hits its target, PGB is the wanted share of each year and a wet's
    year total is the target of each year that has one (smooth curves, see `year_curve`)."""
    cells = cells.copy()
    factor = np.ones(len(cells))
    raw = cells["volume"].to_numpy() * cells["tarief"].to_numpy()
    zin = (cells["zorgvorm"] == "ZIN").to_numpy()
    top = cells["top"].to_numpy()
    jaar = cells["jaar"].to_numpy()
    month = cells["month"].to_numpy()
    for (wet, year), groups in profile.money.items():
        for bouwstenen, target in groups.values():
            sel = ((cells["wet"] == wet) & cells["bouwsteen"].isin(bouwstenen)).to_numpy() & ~top
            factor[sel] = _group_factor(target, raw, sel & zin, sel & zin & (jaar == year), jaar)
    for year, target in profile.top25_bedrag.items():
        lo, hi = 0.05, 5.0
        for _ in range(60):  # the top-25 sum grows with the top clients' factor: bisect
            mid = (lo + hi) / 2
            f = np.where(top, mid, factor)
            if _top25(cells, raw * f, year) < target:
                lo = mid
            else:
                hi = mid
        factor = np.where(top, (lo + hi) / 2, factor)
    for wet, shares in profile.pgb_share.items():
        w = (cells["wet"] == wet).to_numpy()
        pgb = w & ~zin
        if not pgb.any():
            continue
        bedrag = raw * factor
        targets = {year: share / (1 - share) * bedrag[w & zin & (jaar == year)].sum() for year, share in shares.items()
                   if (pgb & (jaar == year)).any()}
        factor[pgb] *= year_curve(month[pgb], bedrag[pgb], targets)
    wetten = {wet for wet, _ in profile.year_totals}
    for wet in sorted(wetten):
        sel = (cells["wet"] == wet).to_numpy()
        bedrag = raw[sel] * factor[sel]
        targets = {year: total for (w, year), total in profile.year_totals.items() if w == wet}
        # The money reference years keep their (calibrated) totals: the curve bends toward them.
        for (money_wet, year) in profile.money:
            if money_wet == wet and year not in targets:
                targets[year] = bedrag[jaar[sel] == year].sum()
        factor[sel] *= year_curve(month[sel], bedrag, targets)
    cells["bedrag"] = np.round(raw * factor, 2)
    euro = cells["eenheid"].to_numpy() == EURO
    cells.loc[euro, "volume"] = cells.loc[euro, "bedrag"]
    return cells.drop(columns=["tarief"])


def build(rng: np.random.Generator, ep: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """Calibrated true cells of one municipality."""
    cells = expand(rng, ep, profile)
    if profile.avan_users:
        cells = pick_avan_users(rng, cells, profile.avan_users)
    cells = calibrate_volume(cells, profile.volume)
    return calibrate_money(price(cells), profile)
