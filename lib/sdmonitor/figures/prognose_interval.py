"""The 80 % interval around the year-end prognosis, calibrated on the monitor's own backtests
(docs/prognose.md §7).

Backtest origins: every month-end of every *complete* year J in the data (its December has
reached the tail age on the peildatum, and the 12 months before J are there as history): the
prognosis made at periode J-MM with the current edition's lag between periode and peildatum,
against what J really came to. Its error is standardised by what was still unknown then,
`onbekend = |nog_te_declareren| + |nog_te_komen|`:

    z = (werkelijk - prognose) / onbekend

so a February origin (most of the year unknown) and a November origin are comparable. The 10th
and 90th percentiles of z over the origins (per wet and begrotingspost; fewer than
`MIN_ORIGINS` origins: the wet's total, then both wetten's totals) give

    prognose_laag = prognose + min(q10, 0) * onbekend,   prognose_hoog = prognose + max(q90, 0) * onbekend.

On the origins themselves the true year lies inside in 8 of 10 cases by construction. Without
any complete year the interval is not calibrated and falls back to `DEFAULT_Z`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from sdmonitor.figures import development as dev
from sdmonitor.figures import kwartaal, opvolging, prognose, prognose_figures, prognose_situatie
from sdmonitor.figures.lag_lines import LagLines, group_keys
from sdmonitor.figures.rows import combine, empty, rows
from sdmonitor.figures.segment_sums import segment_sums
from sdmonitor.periods import Periode

LOW, HIGH = 0.10, 0.90
# Fewer origins than this cannot place a 10th percentile: borrow from the wider pool.
MIN_ORIGINS = 8
# Uncalibrated fallback (no complete year in the data): the year may still move by half of what
# is unknown either way. Wide on purpose; the report says the interval is not calibrated.
DEFAULT_Z = (-0.5, 0.5)
# Candidate widening factors of the percentiles (see `widening`). At most 2,5: on the lag
# scenarios (benchmarks/prognose_scenarios.py, seeds 1-2) a cap of 1,5 / 2 / 2,5 / 4 gave 60 / 69 /
# 79 / 100 % coverage of the true year; beyond 2,5 the history says more about a changed process
# than about the spread, and the interval stops being informative.
WIDENING = (1.0, 1.25, 1.5, 2.0, 2.5)
BY = ["wet", "begrotingspost"]
# The percentiles' scale per situation (`edition_types`, `prognose_situatie`): per situation the
# 80th percentile of the scale each case needed to hold its outcome (the smallest scale that holds
# 8 times in 10: "no wider than needed"), on the lag scenarios' calibration seeds 1-32
# (`benchmarks/prognose_scenarios.py`, 128 cases per situation); seeds 33-64 are the hold-out
# (docs/prognose.md §8). Strong growth's raw interval is far too wide (its early backtests had no
# trend yet): hence its small scale.
TYPE_FACTORS = {"regulier": 1.23, "stap": 1.33, "groei": 0.43, "kwartaal": 1.11, "afbouw": 1.28, "aanloop": 1.67,
                "opvolging": 1.16}


def origin_peildatum(origin: Periode, periode: Periode, peildatum: date) -> date:
    """The peildatum of a backtest origin: the same lag after its periode as the edition's."""
    lag = dev.index_of(peildatum.year, peildatum.month) - dev.index_of(periode.jaar, periode.maand)
    m = dev.index_of(origin.jaar, origin.maand) + lag
    year, month = m // 12, m % 12 + 1
    last_day = pd.Timestamp(year=year, month=month, day=1).days_in_month
    return date(year, month, min(peildatum.day, last_day))


def complete_years(lines: pd.DataFrame, peildatum: date, tail_age: int = dev.TAIL_AGE) -> list[int]:
    """Years whose December has reached the tail age on the peildatum and whose 12 months before
    are in the data (the history a prognosis needs)."""
    if lines.empty:
        return []
    first = int(dev.month_index(lines["maand"]).min())
    now = dev.index_of(peildatum.year, peildatum.month)
    return [j for j in range(first // 12 + 1, peildatum.year)
            if first <= dev.index_of(j - 1, 1) and now - dev.index_of(j, 12) >= tail_age]


def _with_totals(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    totals = frame.groupby([c for c in frame.columns if c not in columns + ["begrotingspost"]],
                           as_index=False)[columns].sum().assign(begrotingspost="")
    return pd.concat([totals, frame], ignore_index=True)


def origins(lines: pd.DataFrame, periode: Periode, peildatum: date,
            settings: prognose.Settings = prognose.DEFAULT) -> pd.DataFrame:
    """One row per complete year J, origin month (1..12), wet and begrotingspost (plus the wet
    total, begrotingspost ""): prognose, onbekend, werkelijk, z (NaN where onbekend is 0)."""
    return _origins(prognose.reduce(lines, BY, settings=settings), lines, periode, peildatum, settings)


def _origins(reduced: LagLines, lines: pd.DataFrame, periode: Periode, peildatum: date,
             settings: prognose.Settings) -> pd.DataFrame:
    """`origins` of the lines already reduced (`prognose.reduce`): every origin forecast in one
    pass, and one frame with the origin's jaar and maand as columns for what follows."""
    columns = ["jaar", "maand", *BY, "prognose", "onbekend", "werkelijk", "z"]
    years = complete_years(lines, peildatum, settings.tail_age)
    if not years:
        return pd.DataFrame(columns=columns)
    at = [Periode(jaar, maand) for jaar in years for maand in range(1, 13)]
    made = prognose.forecast_lags(reduced, [(o, origin_peildatum(o, periode, peildatum)) for o in at], settings)
    cut = made["origin"].to_numpy(dtype="int64")
    made = made.assign(jaar=np.array([o.jaar for o in at], dtype="int64")[cut],
                       maand=np.array([o.maand for o in at], dtype="int64")[cut],
                       onbekend=made["nog_te_declareren"].abs() + made["nog_te_komen"].abs())
    keys = ["jaar", "maand", *BY]
    # Every origin of a year is held against the same outcome: the year's lines known now.
    both = made[keys + ["prognose", "onbekend"]].merge(_outcomes(lines, years), on=keys, how="outer").fillna(0.0)
    sums = ["prognose", "onbekend", "werkelijk"]
    totals = segment_sums(both, ["jaar", "maand"], ["wet"], sums).assign(begrotingspost="")
    # Per origin its wet totals first, then its posts (as `_with_totals` orders one origin).
    result = (pd.concat([totals.assign(_part=0), both.assign(_part=1)], ignore_index=True)
              .sort_values(["jaar", "maand", "_part"], kind="stable", ignore_index=True))
    unknown = result["onbekend"].where(result["onbekend"] > 0)
    result["z"] = (result["werkelijk"] - result["prognose"]) / unknown
    return result[columns]


def _outcomes(lines: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """What each complete year came to per wet and begrotingspost (`werkelijk`), repeated for
    its twelve origin months."""
    year = lines["maand"].str[:4]
    complete = year.isin([f"{jaar:04d}" for jaar in years]).to_numpy()
    own = lines.loc[complete]
    actual = group_keys(own, BY).assign(jaar=year[complete].astype("int64").to_numpy(),
                                        werkelijk=own["bedrag"].astype("float64"))
    actual = segment_sums(actual, ["jaar"], BY, ["werkelijk"])
    return actual.merge(pd.DataFrame({"maand": np.arange(1, 13, dtype="int64")}), how="cross")


def quantiles(z: pd.DataFrame, wet: str, post: str) -> tuple[float, float, int]:
    """(low, high, origins used) for one wet and begrotingspost from the origins' z: its own when
    there are `MIN_ORIGINS`, else the wet total's, else both wetten's totals, else `DEFAULT_Z`
    (0 origins). Always low <= 0 <= high, so the interval holds the prognosis."""
    return _quantiles(_pools(z), wet, post)


def _pools(z: pd.DataFrame) -> dict[tuple[str, str] | None, np.ndarray]:
    """The known z per (wet, begrotingspost), and under None those of every total."""
    known = z.dropna(subset=["z"])
    pools: dict[tuple[str, str] | None, np.ndarray] = {
        (str(w), str(p)): g["z"].to_numpy() for (w, p), g in known.groupby(["wet", "begrotingspost"], sort=False)}
    pools[None] = known.loc[known["begrotingspost"] == "", "z"].to_numpy()
    return pools


def _quantiles(pools: dict[tuple[str, str] | None, np.ndarray], wet: str, post: str) -> tuple[float, float, int]:
    for key in [(wet, post), (wet, ""), None]:
        values = pools.get(key, np.empty(0))
        if values.size >= MIN_ORIGINS:
            low, high = np.quantile(values, [LOW, HIGH])
            return min(float(low), 0.0), max(float(high), 0.0), int(values.size)
    return DEFAULT_Z[0], DEFAULT_Z[1], 0


def _inside(table: pd.DataFrame) -> pd.Series:
    return (table["werkelijk"] >= table["prognose_laag"]) & (table["werkelijk"] <= table["prognose_hoog"])


def widening(z: pd.DataFrame, wet: str | None = None) -> float:
    """How much the percentiles must be widened for the interval to hold out of sample: the
    smallest factor in `WIDENING` for which intervals calibrated without a year cover at least 80 %
    of that year's origins (wet totals, every year left out in turn); with fewer than two
    complete years 1. When no factor reaches 80 %, the one that covers most (the smallest of ties).

    Percentiles from one or two years hold in sample by construction but miss when the next
    year's error differs (demo: the first year, with a short history, was forecast low).
    `wet`: only that wet's origins are checked (each wet has its own declaring behaviour)."""
    totals = z[(z["begrotingspost"] == "") & ((z["wet"] == wet) if wet else True)]
    years = sorted(totals["jaar"].unique())
    if len(years) < 2:
        return 1.0
    best, best_cover = 1.0, -1.0
    for factor in WIDENING:
        parts = [interval(totals[totals["jaar"] == j], z[z["jaar"] != j], factor) for j in years]
        cover = float(_inside(pd.concat(parts, ignore_index=True)).mean())
        if cover >= HIGH - LOW:
            return factor
        if cover > best_cover:
            best, best_cover = factor, cover
    return best


def factors(z: pd.DataFrame) -> dict[str, float]:
    """`widening` per wet present in the origins."""
    return {str(w): widening(z, str(w)) for w in sorted(z["wet"].unique())}


def edition_types(lines: pd.DataFrame, periode: Periode, peildatum: date,
                  settings: prognose.Settings = prognose.DEFAULT) -> dict[str, str]:
    """Per wet the situation of the edition's prognosis (`prognose_situatie.situation`), which
    sets the interval's scale (`TYPE_FACTORS`): read from how much the prognosis moves without
    the shapes, the trend or the year's own step, and from batch declarers and successions."""
    if lines.empty:
        return {}
    known = prognose.cut(lines, periode, peildatum)
    if len(known) == len(lines):
        # An edition's own lines are all known at its own cut: the lines themselves, so the reduced
        # lines and the method's own forecast are those the interval and the prognosis made of them.
        known = lines
    reduced = prognose.reduce(known, BY, settings=settings)  # the variants differ in the method, not the lines
    # Per begrotingspost, as the prognosis itself: a shape belongs to a post, not to the wet's sum.
    def per_wet(variant: prognose.Settings) -> pd.Series:
        return prognose.forecast_lag(reduced, periode, peildatum, variant).groupby("wet")["prognose"].sum()

    made = per_wet(settings)
    without = {"vorm": per_wet(replace(settings, shapes=False)), "trend": per_wet(replace(settings, trend=False)),
               "stap": per_wet(replace(settings, step_credibility=0.0))}
    batch = {w for w, _ in kwartaal.batch_declarers(known)} if settings.quarterly else set()
    succeeded = {o.wet for o in opvolging.detect(known)}
    out = {}
    for wet, value in made.items():
        other = {name: float(series.get(wet, value)) for name, series in without.items()}
        out[str(wet)] = prognose_situatie.situation(float(value), other["vorm"], other["trend"], other["stap"],
                                                    batch=wet in batch, opvolging=wet in succeeded)
    return out


def type_factors(types: dict[str, str]) -> dict[str, float]:
    """The interval scale per wet for its edition type."""
    return {wet: TYPE_FACTORS.get(kind, 1.0) for wet, kind in types.items()}


def interval(made: pd.DataFrame, z: pd.DataFrame, factor: float | dict[str, float] = 1.0) -> pd.DataFrame:
    """`made` (wet, begrotingspost, prognose, onbekend; "" = total) with prognose_laag,
    prognose_hoog and `kalibratie` (origins used); the percentiles times `factor` (`widening`;
    one number, or one per wet)."""
    out = made.copy()
    pools = _pools(z)
    bounds = [_quantiles(pools, str(w), str(p)) for w, p in zip(out["wet"], out["begrotingspost"])]
    factors = (out["wet"].map(factor).fillna(1.0) if isinstance(factor, dict) else pd.Series(factor, index=out.index))
    scale = factors.to_numpy(dtype="float64")
    low = scale * np.array([b[0] for b in bounds], dtype="float64")
    high = scale * np.array([b[1] for b in bounds], dtype="float64")
    out["prognose_laag"] = out["prognose"] + low * out["onbekend"]
    out["prognose_hoog"] = out["prognose"] + high * out["onbekend"]
    out["kalibratie"] = [b[2] for b in bounds]
    return out


def current(lines: pd.DataFrame, periode: Periode, peildatum: date, begroting: pd.DataFrame | None = None,
            settings: prognose.Settings = prognose.DEFAULT) -> pd.DataFrame:
    """The edition's prognosis per wet and begrotingspost (as `<wet>.prognose`) with `onbekend`."""
    return _current(prognose.forecast(lines, BY, periode, peildatum, settings=settings), begroting, periode)


def _current(money: pd.DataFrame, begroting: pd.DataFrame | None, periode: Periode) -> pd.DataFrame:
    if begroting is not None and not begroting.empty:
        money = prognose_figures.add_budgeted_posts(money, begroting, periode.jaar)
    money = money.assign(onbekend=money["nog_te_declareren"].abs() + money["nog_te_komen"].abs())
    return _with_totals(money[BY + ["prognose", "onbekend"]], ["prognose", "onbekend"])


def backtest_table(z: pd.DataFrame, maand: int, years: int = 2, factor: float | dict[str, float] = 1.0) -> pd.DataFrame:
    """"Hoe betrouwbaar is de prognose?": per wet (totals) for the last `years` complete years,
    the prognosis made at `maand` against the outcome, its error and the 80 % interval then,
    calibrated without that year's own origins (leave one year out, so the check is honest)."""
    totals = z[z["begrotingspost"] == ""]
    last = sorted(totals["jaar"].unique())[-years:]
    out = []
    for jaar in last:
        others = z[z["jaar"] != jaar]
        pool = others if others["z"].notna().sum() >= MIN_ORIGINS else z
        made = totals[(totals["jaar"] == jaar) & (totals["maand"] == maand)]
        out.append(interval(made, pool, factor))
    if not out:
        return pd.DataFrame()
    table = pd.concat(out, ignore_index=True)
    table["fout_pct"] = (100.0 * (table["prognose"] - table["werkelijk"])
                         / table["werkelijk"].where(table["werkelijk"] != 0))
    table["binnen"] = (table["werkelijk"] >= table["prognose_laag"]) & (table["werkelijk"] <= table["prognose_hoog"])
    return table


def coverage(z: pd.DataFrame, factor: float | dict[str, float] = 1.0) -> pd.DataFrame:
    """Per wet: the share of all origins (totals) whose outcome fell inside the interval
    calibrated without that origin's year (leave one year out); `origins` counted."""
    totals = z[z["begrotingspost"] == ""]
    out = []
    for jaar in sorted(totals["jaar"].unique()):
        others = z[z["jaar"] != jaar]
        pool = others if others["z"].notna().sum() >= MIN_ORIGINS else z
        out.append(interval(totals[totals["jaar"] == jaar], pool, factor))
    if not out:
        return pd.DataFrame(columns=["wet", "dekking", "origins"])
    table = pd.concat(out, ignore_index=True)
    inside = (table["werkelijk"] >= table["prognose_laag"]) & (table["werkelijk"] <= table["prognose_hoog"])
    return table.assign(_in=inside).groupby("wet").agg(dekking=("_in", "mean"), origins=("_in", "size")).reset_index()


def interval_rows(lines: pd.DataFrame, periode: Periode, peildatum: date, begroting: pd.DataFrame | None = None,
                  settings: prognose.Settings = prognose.DEFAULT) -> pd.DataFrame:
    """Figure rows: `<wet>.prognose_laag/_hoog` (Y, "" and per begrotingspost), and the extras
    `<wet>.prognose_kalibratie` (origins behind the total's interval), `<wet>.prognose_dekking`
    (leave-one-year-out coverage), `<wet>.backtest_prognose/_laag/_hoog/_werkelijk` (per
    complete year J, the prognosis made at the same month)."""
    if lines.empty:
        return empty()
    reduced = prognose.reduce(lines, BY, settings=settings)  # aged at every origin: parse the lines once
    z = _origins(reduced, lines, periode, peildatum, settings)
    factor = type_factors(edition_types(lines, periode, peildatum, settings))
    made = interval(_current(prognose.forecast_lag(reduced, periode, peildatum, settings), begroting, periode), z,
                    factor)
    year = f"{periode.jaar:04d}"
    parts = []
    for wet, own in made.groupby("wet", sort=True):
        parts.append(rows(f"{wet}.prognose_laag", own.assign(periode=year, dimensie=own["begrotingspost"],
                                                             waarde=own["prognose_laag"]), "euro"))
        parts.append(rows(f"{wet}.prognose_hoog", own.assign(periode=year, dimensie=own["begrotingspost"],
                                                             waarde=own["prognose_hoog"]), "euro"))
        total = own[own["begrotingspost"] == ""]
        parts.append(rows(f"{wet}.prognose_kalibratie", pd.Series(total["kalibratie"].to_numpy(dtype="float64"),
                                                                  index=[year] * len(total)), "aantal"))
    for _, row in coverage(z, factor).iterrows():
        parts.append(rows(f"{row['wet']}.prognose_dekking",
                          pd.Series([float(row["dekking"])], index=[year]), "fractie"))
    tested = backtest_table(z, periode.maand, factor=factor)
    for _, row in tested.iterrows():
        for name in ("prognose", "prognose_laag", "prognose_hoog", "werkelijk"):
            indicator = f"{row['wet']}.backtest_{name.replace('prognose_', '')}"
            parts.append(rows(indicator, pd.Series([float(row[name])], index=[f"{int(row['jaar']):04d}"]), "euro"))
    return combine(parts)


def figure_rows(selection) -> pd.DataFrame:
    """The interval figures of one selection (see `interval_rows`), on the lines with the
    edition's product successions applied, as the prognosis itself."""
    return interval_rows(opvolging.selection_lines(selection),
                         selection.periode, selection.peildatum, selection.tables.get("begroting"))


__all__ = [
    "DEFAULT_Z",
    "HIGH",
    "LOW",
    "MIN_ORIGINS",
    "TYPE_FACTORS",
    "backtest_table",
    "complete_years",
    "coverage",
    "current",
    "edition_types",
    "factors",
    "figure_rows",
    "interval",
    "interval_rows",
    "origin_peildatum",
    "origins",
    "quantiles",
    "type_factors",
    "widening",
]
