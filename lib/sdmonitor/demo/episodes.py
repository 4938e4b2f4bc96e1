"""Episodes of care: who receives which product from when to when (the simulated truth).

An episode is one client on one product for a run of months `start .. end` (month indices,
inclusive; `start` < 0 for care that began before 2022, `end` >= 60 for care running past 2026).
Each bouwsteen is a stock-and-flow process: a stock in care in January 2022, monthly inflow,
geometric durations. Counts the seeds quote are then fixed exactly by adding short episodes of
new clients (or removing short single-episode clients) in the year concerned.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from . import catalog
from .profiles import YEARS, Profile, Spec
from .timeline import N_MONTHS, month_index, year_of

COLUMNS = ["client", "wet", "bouwsteen", "productcode", "start", "end", "start_day", "end_day",
           "intensity", "zorgvorm", "kind"]


def _inflows(spec: Spec) -> tuple[float, list[float]]:
    """Stock in January 2022 and monthly inflow per year that give `spec.yearly` in expectation.

    Distinct clients of a year = the stock surviving into January + all entries of the year.
    """
    p = 1.0 / max(spec.duration, 1.0)
    lam0 = spec.yearly[0] / (spec.duration * (1 - p) + 12)
    stock = lam0 * spec.duration
    s, lams = stock, []
    for target in spec.yearly:
        lam = max(0.0, (target - s * (1 - p)) / 12)
        lams.append(lam)
        surv = (1 - p) ** np.arange(12)
        s = s * (1 - p) ** 12 + lam * surv.sum()
    return stock, lams


def _products(rng: np.random.Generator, wet: str, bouwsteen: str, n: int) -> np.ndarray:
    prods = catalog.products_of(wet, bouwsteen)
    w = np.array([p.weight for p in prods], dtype=float)
    return np.array([p.productcode for p in prods])[rng.choice(len(prods), size=n, p=w / w.sum())]


def _frame(rng: np.random.Generator, wet: str, bouwsteen: str, start: np.ndarray, end: np.ndarray,
           kind: str, pgb: float = 0.0) -> pd.DataFrame:
    n = len(start)
    return pd.DataFrame({
        "client": np.full(n, -1, dtype="int64"),
        "wet": wet,
        "bouwsteen": bouwsteen,
        "productcode": _products(rng, wet, bouwsteen, n),
        "start": start.astype("int64"),
        "end": end.astype("int64"),
        "start_day": rng.integers(1, 29, n),
        "end_day": rng.integers(1, 29, n),
        "intensity": rng.lognormal(-0.1, 0.45, n),
        "zorgvorm": np.where(rng.random(n) < pgb, "PGB", "ZIN"),
        "kind": kind,
    }, columns=COLUMNS)


def simulate_spec(rng: np.random.Generator, spec: Spec) -> pd.DataFrame:
    """Episodes of one bouwsteen (clients not yet assigned)."""
    p = 1.0 / max(spec.duration, 1.0)
    stock, lams = _inflows(spec)
    n0 = rng.poisson(stock)
    s0 = -np.minimum(rng.geometric(p, n0), 36)  # began before 2022 (at most three years before)
    e0 = rng.geometric(p, n0) - 1
    months = np.arange(N_MONTHS)
    # The inflow moves gradually from one year's rate to the next (knots mid-year), as referrals
    # do: a rate that steps at January would make the care level jump with the calendar.
    mids = np.array([(y - YEARS[0]) * 12 + 5.5 for y in YEARS])
    rates = np.interp(months, mids, np.array(lams))
    counts = rng.poisson(rates)
    s1 = np.repeat(months, counts)
    e1 = s1 + rng.geometric(p, len(s1)) - 1
    out = pd.concat([
        _frame(rng, spec.wet, spec.bouwsteen, s0, e0, "stock", spec.pgb),
        _frame(rng, spec.wet, spec.bouwsteen, s1, e1, "main", spec.pgb),
    ], ignore_index=True)
    return out


def _top_clients(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """The very expensive youth: long LTA stays that move to Essentiële functies during 2025."""
    n_lta = int(round(n * 0.8))
    switch = rng.integers(38, 45, n_lta)  # 2025-03 .. 2025-09
    lta = _frame(rng, "jeugd", "LTA", -rng.integers(6, 30, n_lta), switch - 1, "top")
    ef1 = _frame(rng, "jeugd", "Essentiële functies", switch, rng.integers(62, 80, n_lta), "top")
    ef1["start_day"] = 1
    lta["end_day"] = 31
    k = n - n_lta
    ef2 = _frame(rng, "jeugd", "Essentiële functies", rng.integers(30, 41, k), rng.integers(64, 80, k), "top")
    ids = np.arange(n)
    lta["client"] = ids[:n_lta]
    ef1["client"] = ids[:n_lta]
    ef2["client"] = ids[n_lta:]
    return pd.concat([lta, ef1, ef2], ignore_index=True)


def _active(ep: pd.DataFrame, month: int) -> pd.Series:
    return (ep["start"] <= month) & (ep["end"] >= month)


def _assign_clients(rng: np.random.Generator, ep: pd.DataFrame, specs: dict[tuple[str, str], Spec],
                    first_id: int) -> pd.DataFrame:
    """Give every episode a client: a new one, a host already in care (second product), or a
    client returning within 12 months of an ended episode of the same bouwsteen (recidive)."""
    ep = ep.sort_values(["start", "wet", "bouwsteen", "productcode", "end"], kind="mergesort").reset_index(drop=True)
    client = ep["client"].to_numpy().copy()
    start, end = ep["start"].to_numpy(), ep["end"].to_numpy()
    wet, bouw, kind = ep["wet"].to_numpy(), ep["bouwsteen"].to_numpy(), ep["kind"].to_numpy()
    nxt = first_id
    u = rng.random(len(ep))
    v = rng.random(len(ep))
    for i in range(len(ep)):
        if client[i] >= 0:
            continue
        spec = specs.get((wet[i], bouw[i]))
        if spec is not None and spec.attach > 0 and u[i] < spec.attach:
            running = (start[:i] <= start[i]) & (end[:i] >= start[i]) & (client[:i] >= 0) & (wet[:i] == wet[i])
            hosts = np.flatnonzero(running & np.isin(bouw[:i], spec.hosts)
                                   & ~np.isin(client[:i], client[:i][running & (bouw[:i] == bouw[i])]))
            if len(hosts):
                client[i] = client[hosts[int(v[i] * len(hosts))]]
                continue
        if kind[i] == "main" and u[i] > 0.94:
            back = np.flatnonzero((wet[:i] == wet[i]) & (bouw[:i] == bouw[i]) & (end[:i] < start[i])
                                  & (end[:i] >= start[i] - 12) & (client[:i] >= 0))
            if len(back):
                client[i] = client[back[int(v[i] * len(back))]]
                continue
        client[i] = nxt
        nxt += 1
    ep["client"] = client
    return ep


def _birth_years(rng: np.random.Generator, ep: pd.DataFrame, specs: dict[tuple[str, str], Spec]) -> pd.Series:
    """Year of birth per client, from the age range of the client's first episode."""
    first = ep.sort_values(["client", "start"], kind="mergesort").drop_duplicates("client")
    lo = np.array([specs[(w, b)].ages[0] if (w, b) in specs else 10 for w, b in zip(first["wet"], first["bouwsteen"])])
    hi = np.array([specs[(w, b)].ages[1] if (w, b) in specs else 14 for w, b in zip(first["wet"], first["bouwsteen"])])
    top = (first["kind"] == "top").to_numpy()
    lo = np.where(top, 9, lo)
    hi = np.where(top, 12, hi)
    age = lo + np.floor(rng.random(len(first)) * (hi - lo + 1)).astype("int64")
    geb = year_of(np.maximum(first["start"].to_numpy(), 0)) - age
    return pd.Series(geb, index=first["client"].to_numpy(), name="geboortejaar")


def _truncate_youth(rng: np.random.Generator, ep: pd.DataFrame, geb: pd.Series) -> pd.DataFrame:
    """Jeugdhulp ends in the year a client turns 18, except for a few (verlengde jeugdhulp)."""
    is_j = (ep["wet"] == "jeugd").to_numpy()
    g = geb.reindex(ep["client"]).to_numpy()
    extra = (rng.random(len(ep)) < 0.03).astype("int64")
    last = (g + 17 + extra - 2022) * 12 + 11
    end = np.where(is_j, np.minimum(ep["end"].to_numpy(), last), ep["end"].to_numpy())
    ep = ep.assign(end=end)
    return ep[ep["end"] >= np.maximum(ep["start"], 0)].reset_index(drop=True)


def distinct_in_year(ep: pd.DataFrame, wet: str, bouwstenen: tuple[str, ...] | None, year: int) -> int:
    """Distinct clients with an episode month in `year` (in the given bouwstenen)."""
    lo, hi = (year - 2022) * 12, (year - 2022) * 12 + 11
    sel = (ep["wet"] == wet) & (ep["start"] <= hi) & (ep["end"] >= lo)
    if bouwstenen is not None:
        sel &= ep["bouwsteen"].isin(bouwstenen)
    return int(ep.loc[sel, "client"].nunique())


def fix_year_count(rng: np.random.Generator, ep: pd.DataFrame, wet: str, bouwstenen: tuple[str, ...] | None,
                   year: int, target: int, filler: str, next_id: int, protected: tuple[str, ...] = (),
                   filler_duration: float | None = None) -> tuple[pd.DataFrame, int]:
    """Make the distinct clients of `year` exactly `target`: add episodes of new clients starting
    in the year in the `filler` bouwsteen (short ones, or with the given mean duration), or drop
    clients whose only episode lies within the year."""
    have = distinct_in_year(ep, wet, bouwstenen, year)
    lo = (year - 2022) * 12
    if have < target:
        k = target - have
        s = lo + rng.integers(1, 9, k)
        if filler_duration:
            e = s + rng.geometric(1 / filler_duration, k) - 1
        else:
            e = np.minimum(s + rng.integers(0, 3, k), lo + 10)
        add = _frame(rng, wet, filler, s, e, "filler")
        add["client"] = np.arange(next_id, next_id + k)
        return pd.concat([ep, add], ignore_index=True), next_id + k
    if have > target:
        # Drop whole clients who first came into care during the year (so earlier years keep
        # their counts), preferring those whose care also ended within the year.
        mine = ep[ep["wet"] == wet]
        g = mine.groupby("client")
        first, last = g["start"].min(), g["end"].max()
        ok = g["kind"].agg(lambda k: set(k) <= {"main", "filler"})
        ok &= ~g["bouwsteen"].agg(lambda b: bool(set(b) & set(protected)))
        if bouwstenen is not None:
            ok &= g["bouwsteen"].agg(lambda b: set(b) <= set(bouwstenen))
        cand = first.index[ok & (first >= lo) & (first <= lo + 11)]
        inside = (last.reindex(cand) <= lo + 11).to_numpy()
        order = np.concatenate([rng.permutation(cand[inside]), rng.permutation(cand[~inside])])
        drop = order[: have - target]
        return ep[~ep["client"].isin(drop)].reset_index(drop=True), next_id
    return ep, next_id


def active_clients(ep: pd.DataFrame, wet: str, bouwsteen: str, month: int) -> int:
    sel = (ep["wet"] == wet) & (ep["bouwsteen"] == bouwsteen) & _active(ep, month)
    return int(ep.loc[sel, "client"].nunique())


def fix_month_count(rng: np.random.Generator, ep: pd.DataFrame, wet: str, bouwsteen: str, label: str,
                    target: int, next_id: int, spec: Spec) -> tuple[pd.DataFrame, int]:
    """Make the clients in care in one month exactly `target`: new clients starting that month, or
    end some running episodes (that started before the month) just before it."""
    m = month_index(label)
    have = active_clients(ep, wet, bouwsteen, m)
    if have < target:
        k = target - have
        s = np.full(k, m)
        add = _frame(rng, wet, bouwsteen, s, s + rng.geometric(1 / spec.duration, k) - 1, "main", spec.pgb)
        add["client"] = np.arange(next_id, next_id + k)
        return pd.concat([ep, add], ignore_index=True), next_id + k
    ep = ep.copy()
    for _ in range(5):  # a client with two running episodes needs both ended: repeat until exact
        if have <= target:
            break
        cand = ep.index[(ep["wet"] == wet) & (ep["bouwsteen"] == bouwsteen) & _active(ep, m)
                        & (ep["start"] < m) & (ep["kind"] != "top")]
        if cand.empty:
            break
        pick = rng.choice(cand.to_numpy(), size=min(have - target, len(cand)), replace=False)
        ep.loc[pick, "end"] = m - 1
        ep.loc[pick, "end_day"] = 28
        have = active_clients(ep, wet, bouwsteen, m)
    return ep, next_id


def _base(rng: np.random.Generator, profile: Profile,
          specs: dict[tuple[str, str], Spec]) -> tuple[pd.DataFrame, pd.Series]:
    """The stock-and-flow episodes with clients and birth years, before any exact fix."""
    parts = [simulate_spec(rng, s) for s in specs.values()]
    top = _top_clients(rng, profile.top_clients) if profile.top_clients else None
    ep = pd.concat(parts, ignore_index=True)
    # GGZ beds are for short stays only.
    ggz = ep["bouwsteen"] == "GGZ-verblijf"
    ep.loc[ggz, "end"] = np.minimum(ep.loc[ggz, "end"], np.maximum(ep.loc[ggz, "start"], 0) + 5)
    # LTA moved to Essentiële functies in 2025: no LTA after 2025 for anyone.
    lta = ep["bouwsteen"] == "LTA"
    ep.loc[lta, "end"] = np.minimum(ep.loc[lta, "end"], 47)
    ep = ep[ep["end"] >= np.maximum(ep["start"], 0)]
    if top is not None:
        ep = pd.concat([top, ep], ignore_index=True)
    ep = _assign_clients(rng, ep, specs, profile.top_clients)
    geb = _birth_years(rng, ep, specs)
    return _truncate_youth(rng, ep, geb), geb


def simulate(rng: np.random.Generator, profile: Profile) -> tuple[pd.DataFrame, pd.Series]:
    """All episodes of one municipality with their clients, and each client's year of birth."""
    specs = {(s.wet, s.bouwsteen): s for s in profile.specs}
    if profile.jeugd_total:
        # A trial run measures how far returning clients and ageing out pull the total down.
        year, target = next(iter(profile.jeugd_total.items()))
        trial_rng = np.random.default_rng(rng.integers(2**62))
        f = 1.0
        for _ in range(2):
            trial, _g = _base(trial_rng, profile, _scale(profile, specs, f))
            f *= 0.99 * target / max(distinct_in_year(trial, "jeugd", None, year), 1)
        specs = _scale(profile, specs, f)
    ep, geb = _base(rng, profile, specs)
    next_id = int(ep["client"].max()) + 1

    for spec in specs.values():
        for year in spec.exact_years:
            target = spec.yearly[year - YEARS[0]]
            ep, next_id = fix_year_count(rng, ep, spec.wet, (spec.bouwsteen,), year, target, spec.bouwsteen, next_id)
    for year, target in profile.jeugd_verblijf.items():
        ep, next_id = fix_year_count(rng, ep, "jeugd", catalog.JEUGD_VERBLIJF, year, target, "GGZ-verblijf", next_id)
    protected = catalog.JEUGD_VERBLIJF + tuple(s.bouwsteen for s in specs.values() if s.exact_years)
    for year, target in profile.jeugd_total.items():
        ep, next_id = fix_year_count(rng, ep, "jeugd", None, year, target, "Reguliere begeleiding", next_id,
                                     protected=protected, filler_duration=24)
    for (wet, bouwsteen, label), target in profile.monthly_clients.items():
        ep, next_id = fix_month_count(rng, ep, wet, bouwsteen, label, target, next_id, specs[(wet, bouwsteen)])

    # New clients from the fixes need a year of birth too (young, so they stay under 18).
    missing = np.setdiff1d(ep["client"].unique(), geb.index.to_numpy())
    if len(missing):
        first = ep[ep["client"].isin(missing)].sort_values(["client", "start"]).drop_duplicates("client")
        lo_hi = [specs.get((w, b), Spec(w, b, (0,) * 5, 1, ages=(6, 15))).ages
                 for w, b in zip(first["wet"], first["bouwsteen"])]
        lo = np.array([a[0] for a in lo_hi])
        hi = np.array([min(a[1], 15) if w == "jeugd" else a[1] for a, w in zip(lo_hi, first["wet"])])
        age = lo + np.floor(rng.random(len(first)) * (np.maximum(hi - lo, 0) + 1)).astype("int64")
        geb = pd.concat([geb, pd.Series(year_of(first["start"].to_numpy()) - age, index=first["client"].to_numpy())])
    ep = ep.sort_values(["wet", "client", "start", "productcode"], kind="mergesort").reset_index(drop=True)
    return ep, geb.sort_index().rename("geboortejaar")


def _scale(profile: Profile, specs: dict[tuple[str, str], Spec], f: float) -> dict[tuple[str, str], Spec]:
    """Specs with the scalable jeugd bouwstenen' client numbers multiplied by `f`."""
    out = {}
    for key, s in specs.items():
        if s.wet == "jeugd" and s.scalable:
            s = replace(s, yearly=(*(int(round(v * f)) for v in s.yearly),))
        out[key] = s
    return out
