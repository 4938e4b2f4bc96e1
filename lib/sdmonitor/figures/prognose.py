"""Lag-aware year-end prognosis, afwijking from the begroting, and its backtest (docs/prognose.md).

prognose = realisatie (declared so far for Jan..periode of year Y)
         + nog_te_declareren (what will still be declared for those months: chain-ladder
           development with Bornhuetter-Ferguson leaning on an expected level)
         + nog_te_komen (months periode+1..December: the expected level, with trend and
           month-of-year seasonality from earlier years).

The core functions take plain enriched line frames (columns as `netting.enrich` makes them);
`prognose_figures` turns them into figure-table rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from sdmonitor.figures import development as dev
from sdmonitor.figures import kwartaal, ladder, ontwikkelpatroon, prognose_prijs, prognose_shapes
from sdmonitor.figures.frame_memo import per_frame
from sdmonitor.figures.lag_lines import UNKNOWN, LagLines, codes, group_keys
from sdmonitor.figures.prognose_level import (
    Settings,
    expected_level,
    group_season,
    monthly_trend,
    quarter_season,
    seasonal_index,
)
from sdmonitor.figures.segment_sums import segment_sums
from sdmonitor.periods import Periode

FIGURE_COLUMNS = ["indicator", "periode", "dimensie", "waarde", "eenheid"]
WETTEN = ("jeugd", "wmo")
PIECES = ["realisatie", "nog_te_declareren", "nog_te_komen", "prognose"]
ULTIMATE_COLUMNS = ["maand", "gedeclareerd", "leeftijd", "aandeel", "verwacht", "ultimate"]
# A cut of the lines: (periode, peildatum, last month forecast as (year, month)).
Cut = tuple[Periode, date, tuple[int, int]]


DEFAULT = Settings()
# The method before issue 23 (6-month level, one-year trend, no step, no shapes, factors from
# nothing are 1, no quarterly grouping): the nowcast of incomplete months keeps it (its figures
# are not the prognosis', and the monitor's figures outside the prognosis stay as they were).
CLASSIC = Settings(level_window=6, trend_years=1, season_shrink=True, step_credibility=0.0,
                   shapes=False, from_nothing=False, quarterly=False, borrow_pattern=False, price_step=False)


# --------------------------------------------------------------------------------------------
# Cut-offs


def shift_years(day: date, years: int) -> date:
    """The same calendar day `years` earlier or later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def cut(lines: pd.DataFrame, periode: Periode, peildatum: date) -> pd.DataFrame:
    """Lines as known on the peildatum for an edition with this periode.

    The same rule as `selection.select` (ingediend_op <= peildatum, service month <= periode,
    lines without a date count as known), so a cut of a later selection's lines equals the
    selection an earlier edition would have made of the same gemeente.
    """
    known = dev.known_on(pd.to_datetime(lines["ingediend_op"]).to_numpy(), dev.month_index(lines["maand"]),
                         dev.index_of(periode.jaar, periode.maand), peildatum)
    return lines.loc[known]


# --------------------------------------------------------------------------------------------
# Per-month ultimates


def month_ultimates(lines: pd.DataFrame, by: list[str], periode: Periode, peildatum: date,
                    through: tuple[int, int], value: str = "bedrag", settings: Settings = DEFAULT) -> pd.DataFrame:
    """Per group and service month (from the group's first month through `through` = (year,
    month)): what is declared on the peildatum, the expected share declared, the expected level
    and the ultimate (Bornhuetter-Ferguson: declared + (1 - share) * expected).

    `lines` must already be `cut` to the periode and peildatum. Months after the periode or the
    peildatum are not observed (age -1, share 0), so their ultimate is the expected level: the
    run-rate of the months still to come.
    """
    if lines.empty:
        return pd.DataFrame(columns=by + ULTIMATE_COLUMNS)
    reduced = LagLines.of(lines, by, value)
    return lag_ultimates(reduced, np.ones(len(lines), dtype=bool), periode, peildatum, through, settings)


def lag_ultimates(reduced: LagLines, mask: np.ndarray, periode: Periode, peildatum: date,
                  through: tuple[int, int], settings: Settings = DEFAULT) -> pd.DataFrame:
    """`month_ultimates` of the lines in `mask` of already reduced lines."""
    origin = np.zeros(int(np.count_nonzero(mask)), dtype="int64")
    return _ultimates(origin, reduced.code[mask], reduced.month[mask], reduced.ages(mask, peildatum),
                      reduced.value[mask], reduced.keys, list(reduced.by), [(periode, peildatum, through)],
                      settings).drop(columns="origin")


def increment_ultimates(frame: pd.DataFrame, by: list[str], periode: Periode, peildatum: date,
                        through: tuple[int, int], settings: Settings = DEFAULT) -> pd.DataFrame:
    """`month_ultimates` from increments already known per group: columns `by` + `_m` (month
    index), `_age` (development age) and `_v` (the amount that arrived at that age). Lets other
    quantities than a line column (distinct clients by declaration age) use the same method."""
    if frame.empty:
        return pd.DataFrame(columns=by + ULTIMATE_COLUMNS)
    keys, code = codes(frame[by], by)
    return _ultimates(np.zeros(len(frame), dtype="int64"), code, frame["_m"].to_numpy(dtype="int64"),
                      frame["_age"].to_numpy(dtype="int64"), frame["_v"].to_numpy(dtype="float64"), keys, by,
                      [(periode, peildatum, through)], settings).drop(columns="origin")


def _month_labels(months: np.ndarray) -> np.ndarray:
    labels = {m: f"{m // 12:04d}-{m % 12 + 1:02d}" for m in np.unique(months).tolist()}
    return np.array([labels[m] for m in months.tolist()], dtype=object)


def _ultimates(origin: np.ndarray, code: np.ndarray, month: np.ndarray, age: np.ndarray, value: np.ndarray,
               keys: pd.DataFrame, by: list[str], cuts: Sequence[Cut], settings: Settings,
               prices: prognose_prijs.Surprises | None = None) -> pd.DataFrame:
    """The per-group method on integer group codes (rows of `keys`; -1 = no group), for every
    (periode, peildatum, through) of `cuts` at once: `origin` says which cut a line is known to,
    and the result's column `origin` which cut a row belongs to. `prices`: the year's price
    surprise per (cut, group) (`prognose_prijs`)."""
    columns = ["origin", *by, *ULTIMATE_COLUMNS]
    present = code >= 0
    if not present.any():
        return pd.DataFrame(columns=columns)
    if not present.all():
        origin, code, month, age, value = (a[present] for a in (origin, code, month, age, value))
    # One grouped sum for every cut and group at once: per (cut, group, month, age) the same sum,
    # over the same lines in the same order, as a sum per cut and group would give. (group, month,
    # age) as one number in the same order: one grouping key instead of three.
    first_month, ages = int(month.min()), int(age.max()) + 1
    span = int(month.max()) - first_month + 1
    cell = (code * span + (month - first_month)) * ages + age
    agg = segment_sums(pd.DataFrame({"_o": origin, "_k": cell, "_v": value}), ["_o"], ["_k"], "_v")
    o_all, k_all = agg["_o"].to_numpy(dtype="int64"), agg["_k"].to_numpy(dtype="int64")
    g_all, m_all, a_all = k_all // (ages * span), k_all // ages % span + first_month, k_all % ages
    v_all = agg["_v"].to_numpy(dtype="float64")
    # One triangle per (cut, group), all stacked (`ladder`): the agg rows are sorted by cut and group.
    starts = np.r_[0, np.flatnonzero((np.diff(o_all) != 0) | (np.diff(g_all) != 0)) + 1]
    seg_cut, seg_group = o_all[starts], g_all[starts]
    last = np.array([dev.index_of(*through) for _, _, through in cuts], dtype="int64")[seg_cut]
    observed = np.array([dev.index_of(p.jaar, p.maand) for p, _, _ in cuts], dtype="int64")[seg_cut]
    now_of_cut = np.array([dev.index_of(d.year, d.month) for _, d, _ in cuts], dtype="int64")
    tri = ladder.stack(np.minimum(m_all[starts], last), last, now_of_cut[seg_cut], observed,
                       ladder.segments_of(starts, g_all.size), m_all, a_all, v_all, settings.tail_age)
    factors = ladder.age_to_age_factors(tri.cum, tri.start, settings.factor_window, settings.from_nothing)
    if settings.borrow_pattern:
        family = ontwikkelpatroon.family_codes(by, keys)
        table = ontwikkelpatroon.family_factors(
            o_all, family[g_all], m_all, a_all, v_all, now_of_cut,
            settings.tail_age, settings.factor_window, settings.from_nothing)
        factors = ontwikkelpatroon.borrowed_stacked(factors, tri.cum, tri.start, table[seg_cut, family[seg_group]])
    cdf = ladder.cumulative_factors(factors)
    share = ladder.percent_declared(cdf, tri.segment, tri.reached)
    quarterly = ((keys[kwartaal.COLUMN] == kwartaal.KWARTAAL).to_numpy() if kwartaal.COLUMN in keys.columns
                 else np.zeros(len(keys), dtype=bool))
    # What each month is expected to cost stays per (cut, group): level, season and shape are read
    # from the group's own series.
    expected = [np.empty(0)]
    for s, (lo, n) in enumerate(zip(tri.start.tolist(), tri.count.tolist())):
        cut, group = int(seg_cut[s]), int(seg_group[s])
        own = slice(lo, lo + n)
        expected.append(_expected(tri.declared[own], cdf[s], tri.reached[own], tri.month[own], int(tri.month[lo]),
                                  settings, (prices or {}).get((cut, group)), bool(quarterly[group])))
    verwacht = np.concatenate(expected)
    out = keys.iloc[seg_group[tri.segment]].reset_index(drop=True) if by else pd.DataFrame(index=range(tri.month.size))
    out.insert(0, "origin", seg_cut[tri.segment])
    out["maand"] = _month_labels(tri.month)
    return out.assign(gedeclareerd=tri.declared, leeftijd=tri.reached, aandeel=share, verwacht=verwacht,
                      ultimate=tri.declared + (1.0 - share) * verwacht)[columns]


def _expected(declared: np.ndarray, cdf: np.ndarray, reached: np.ndarray, months: np.ndarray,
              first: int, settings: Settings, price: tuple[float, float] | None = None,
              quarterly: bool = False) -> np.ndarray:
    """Expected level for every month from the chain-ladder ultimates of the mature months.
    `quarterly`: a batch declarer's group (`kwartaal`), whose money sits in the first month of
    each quarter."""
    tail = len(cdf) - 1
    pct_by_age = 1.0 / cdf
    # Smallest age from which every later age is at least mature_pct declared.
    below = np.flatnonzero(pct_by_age < settings.mature_pct)
    mature_age = int(below[-1] + 1) if below.size else 0
    mature = reached >= mature_age
    factor = cdf[np.clip(reached, 0, tail)]
    # A month with nothing expected declared yet (infinite factor) has no chain-ladder ultimate.
    chain_ladder = np.where(np.isfinite(factor), declared * np.where(np.isfinite(factor), factor, 0.0), 0.0)
    share = np.where(reached >= 0, 1.0 / factor, 0.0)
    season = None
    if mature.any():
        upto = int(np.flatnonzero(mature)[-1]) + 1
        seen = reached >= 0
        recent = (months[seen], declared[seen], share[seen])
        season = group_season(chain_ladder[:upto], first, settings, quarterly)
        expected = expected_level(chain_ladder[:upto], first, months, settings,
                                  recent if settings.level == "cape_cod" else None, price, season)
    else:
        started = np.flatnonzero((reached >= 0) & np.isfinite(factor))
        if started.size == 0:
            return np.zeros(months.size)
        # Short history: no month is mature yet, so the plain chain-ladder run-rate is all there is.
        recent_ul = chain_ladder[started][-settings.level_window:]
        expected = np.full(months.size, max(float(recent_ul.mean()), 0.0))
        if quarterly:
            expected = expected * quarter_season(np.ones(12))[months % 12]
    if settings.shapes:
        expected = prognose_shapes.shaped(expected, months, declared, share, reached, season)
    return expected


# --------------------------------------------------------------------------------------------
# Year-end prognosis


def forecast(lines: pd.DataFrame, by: list[str], periode: Periode, peildatum: date,
             value: str = "bedrag", settings: Settings = DEFAULT) -> pd.DataFrame:
    """Prognosis of the whole year `periode.jaar` per group, as known on the peildatum.

    Returns `by` + realisatie, nog_te_declareren, nog_te_komen, prognose. Groups without any
    line (in the whole history) are absent.
    """
    return forecast_lag(reduce(lines, by, value, settings), periode, peildatum, settings)


def reduce(lines: pd.DataFrame, by: list[str], value: str = "bedrag", settings: Settings = DEFAULT) -> LagLines:
    """The lines as the prognosis develops them: quarterly batch declarers' lines in the first
    month of their quarter, in groups of their own (`kwartaal`), reduced once (`LagLines`) per
    frame: the prognosis, its backtest and its interval start from the same edition's lines."""
    return per_frame(lines, ("reduce", tuple(by), value, settings.quarterly),
                     lambda: _reduce(lines, by, value, settings))


def _reduce(lines: pd.DataFrame, by: list[str], value: str, settings: Settings) -> LagLines:
    prepared = kwartaal.quarterly_months(lines) if settings.quarterly else lines
    if not settings.quarterly or (prepared[kwartaal.COLUMN] == kwartaal.MAAND).all():
        return LagLines.of(lines, by, value)
    return LagLines.of(prepared, [*by, kwartaal.COLUMN], value)


def forecast_lag(reduced: LagLines, periode: Periode, peildatum: date, settings: Settings = DEFAULT) -> pd.DataFrame:
    """`forecast` of already reduced lines; groups split by declaring pattern (`reduce`) are summed back."""
    out = forecast_lags(reduced, [(periode, peildatum)], settings).drop(columns="origin")
    return out.reset_index(drop=True)


def forecast_lags(reduced: LagLines, cuts: Sequence[tuple[Periode, date]],
                  settings: Settings = DEFAULT) -> pd.DataFrame:
    """`forecast_lag` at every (periode, peildatum) of `cuts` in one pass (backtests forecast the
    same lines at many origins): column `origin` is the cut's position in `cuts`, then `by` and
    the pieces, sorted by origin and group. A cut without any group known has no rows."""
    cuts = tuple(cuts)
    # The interval's edition type forecasts the same cut with four variants of the method, and the
    # prognosis and its interval the edition's own cut: the result per (cuts, settings) is kept
    # with the reduced lines, and handed out as a copy.
    made = per_frame(reduced, ("forecast", cuts, settings), lambda: _forecast_lags(reduced, cuts, settings))
    return made.copy()


def _forecast_lags(reduced: LagLines, cuts: tuple[tuple[Periode, date], ...], settings: Settings) -> pd.DataFrame:
    by = [c for c in reduced.by if c != kwartaal.COLUMN]
    origin, line, age = per_frame(reduced, ("at", cuts), lambda: reduced.at(cuts))
    prices = None
    product, units = reduced.product, reduced.units
    if settings.price_step and product is not None and units is not None:
        prices = per_frame(reduced, ("prices", cuts), lambda: prognose_prijs.surprises(
            origin, reduced.code[line], reduced.month[line], product[line], units[line], reduced.value[line],
            [p.jaar for p, _ in cuts]))
    months = _ultimates(origin, reduced.code[line], reduced.month[line], age, reduced.value[line], reduced.keys,
                        list(reduced.by), [(periode, peildatum, (periode.jaar, 12)) for periode, peildatum in cuts],
                        settings, prices)
    if months.empty:
        return pd.DataFrame(columns=["origin", *by, *PIECES])
    cut = months["origin"].to_numpy(dtype="int64")
    month = dev.month_index(months["maand"])
    year = np.array([periode.jaar for periode, _ in cuts], dtype="int64")[cut]
    observed = np.array([dev.index_of(periode.jaar, periode.maand) for periode, _ in cuts], dtype="int64")[cut]
    own_year = month // 12 == year
    months = months[own_year]
    past = month[own_year] <= observed[own_year]
    pieces = pd.DataFrame({
        "origin": months["origin"],
        **{name: months[name] for name in by},
        "realisatie": months["gedeclareerd"].where(past, 0.0),
        "nog_te_declareren": (months["ultimate"] - months["gedeclareerd"]).where(past, 0.0),
        "nog_te_komen": months["ultimate"].where(~past, 0.0),
    })
    if by:
        out = segment_sums(pieces, ["origin"], by, PIECES[:3])
    else:
        sums = [own[PIECES[:3]].sum().to_frame().T.assign(origin=o) for o, own in pieces.groupby("origin", sort=True)]
        out = pd.concat(sums, ignore_index=True)[["origin", *PIECES[:3]]] if sums else pieces[["origin", *PIECES[:3]]]
    out["prognose"] = out[PIECES[:3]].sum(axis=1)
    return out.reset_index(drop=True)


def naive_run_rate(lines: pd.DataFrame, periode: Periode, peildatum: date, value: str = "bedrag") -> float:
    """Declared so far for Jan..periode of the year x 12 / months: the uncorrected run-rate."""
    known = cut(lines, periode, peildatum)
    so_far = known.loc[known["maand"].str[:4] == f"{periode.jaar:04d}", value].sum()
    return float(so_far) * 12.0 / periode.maand


# --------------------------------------------------------------------------------------------
# Afwijking from the begroting


def afwijking(prognose: pd.DataFrame, begroting: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """`afwijking = begroting - prognose` per wet and begrotingspost (negative = nadeel).

    `prognose` has wet, begrotingspost, prognose. Per begrotingspost only where the begroting
    has a line for it (a budgeted post without spending has prognose 0). The wet total
    (begrotingspost "") is the total begroting minus the total prognose: spending on a post
    without a budget line counts as unbudgeted (begroting 0) in the total, so the total
    afwijking always equals `<wet>.begroting - <wet>.prognose`.
    """
    columns = ["wet", "begrotingspost", "begroting", "prognose", "afwijking"]
    budget = begroting.loc[begroting["jaar"].astype("int64") == jaar]
    if budget.empty:
        return pd.DataFrame(columns=columns)
    budget = budget.assign(begrotingspost=budget["begrotingspost"].astype("str").fillna("").replace("<NA>", ""))
    per_post = budget.groupby(["wet", "begrotingspost"], as_index=False)[["bedrag"]].sum()
    per_post = per_post.rename(columns={"bedrag": "begroting"})
    spent = prognose.groupby(["wet", "begrotingspost"], as_index=False)["prognose"].sum()
    posts = per_post[per_post["begrotingspost"] != ""].merge(spent, on=["wet", "begrotingspost"], how="left")
    posts["prognose"] = posts["prognose"].fillna(0.0)
    totals = per_post.groupby("wet", as_index=False)["begroting"].sum()
    totals = totals.merge(spent.groupby("wet", as_index=False)["prognose"].sum(), on="wet", how="left")
    totals["prognose"] = totals["prognose"].fillna(0.0)
    totals["begrotingspost"] = ""
    out = pd.concat([totals, posts], ignore_index=True)
    out["afwijking"] = out["begroting"] - out["prognose"]
    return out[columns].sort_values(["wet", "begrotingspost"], ignore_index=True)


# --------------------------------------------------------------------------------------------
# Backtest


def backtest(lines: pd.DataFrame, periode: Periode, peildatum: date, years_back: tuple[int, ...] = (1, 2),
             settings: Settings = DEFAULT) -> pd.DataFrame:
    """The prognosis made at the same month one and two years earlier against what that year
    really came to (all its lines known on the current peildatum).

    Per wet and begrotingspost plus the wet total (begrotingspost ""): jaar, prognose,
    werkelijk, fout_pct = 100 * (prognose - werkelijk) / werkelijk. A year is backtested only
    when the data hold at least the 12 service months before it (the history the method needs)
    and its werkelijk is not 0.
    """
    columns = ["wet", "begrotingspost", "jaar", "prognose", "werkelijk", "fout_pct"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    first = int(dev.month_index(lines["maand"]).min())
    by = ["wet", "begrotingspost"]
    reduced = reduce(lines, by, settings=settings)
    tested = [(k, periode.jaar - k) for k in years_back if first <= dev.index_of(periode.jaar - k - 1, 1)]
    made = forecast_lags(reduced, [(Periode(jaar, periode.maand), shift_years(peildatum, -k)) for k, jaar in tested],
                         settings)
    out = []
    for position, (_, jaar) in enumerate(tested):
        then = made[made["origin"] == position]
        year_lines = lines.loc[lines["maand"].str[:4] == f"{jaar:04d}"]
        actual = group_keys(year_lines, by).assign(werkelijk=year_lines["bedrag"].astype("float64"))
        actual = actual.groupby(by, as_index=False)[["werkelijk"]].sum()
        both = then[by + ["prognose"]].merge(actual, on=by, how="outer").fillna({"prognose": 0.0, "werkelijk": 0.0})
        totals = both.groupby("wet", as_index=False)[["prognose", "werkelijk"]].sum().assign(begrotingspost="")
        both = pd.concat([totals, both], ignore_index=True).assign(jaar=jaar)
        out.append(both)
    if not out:
        return pd.DataFrame(columns=columns)
    result = pd.concat(out, ignore_index=True)
    result = result[result["werkelijk"] != 0].copy()
    result["fout_pct"] = 100.0 * (result["prognose"] - result["werkelijk"]) / result["werkelijk"]
    return result[columns].sort_values(["wet", "jaar", "begrotingspost"], ignore_index=True)


__all__ = [
    "CLASSIC",
    "DEFAULT",
    "PIECES",
    "UNKNOWN",
    "Settings",
    "afwijking",
    "backtest",
    "cut",
    "expected_level",
    "forecast",
    "forecast_lag",
    "forecast_lags",
    "increment_ultimates",
    "lag_ultimates",
    "month_ultimates",
    "monthly_trend",
    "naive_run_rate",
    "reduce",
    "seasonal_index",
    "shift_years",
]
