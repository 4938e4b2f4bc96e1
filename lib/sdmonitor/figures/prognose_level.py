"""The expected level of the prognosis: seasonality, trend, run-rate and the year's own step
(docs/prognose.md §2), and the method's `Settings`. Split from `prognose` (one concern: what a
month is expected to cost); `prognose` re-exports both."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sdmonitor.figures import development as dev
from sdmonitor.figures import pairwise


@dataclass(frozen=True)
class Settings:
    """Tuning of the method; the defaults are documented in docs/prognose.md."""

    tail_age: int = dev.TAIL_AGE
    factor_window: int = dev.FACTOR_WINDOW
    # A service month is *mature* once at least this share of it is expected to be declared;
    # mature months (chain-ladder ultimates) set the expected level for the others.
    mature_pct: float = 0.85
    # Mature months averaged into the level: enough to damp one noisy month, few enough to follow.
    level_window: int = 12
    # "cape_cod": the level also learns from the fresh months, weighted by their share declared;
    # "mature": only from the mature months.
    level: str = "cape_cod"
    # Year-on-year growth of the mature months, carried forward month by month: care costs grow
    # (tariff indexation, volume) and a flat run-rate made in February falls short by most of a
    # year's growth (measured on demo seeds 2026, 1, 7, 3, 11: bias about -3 % without it).
    trend: bool = True
    trend_bounds: tuple[float, float] = (0.8, 1.25)
    seasonality: bool = True
    # Shrink the seasonal index toward 1 by its signal-to-noise (empirical Bayes).
    season_shrink: bool = False
    # Years of year-on-year ratios averaged into the trend (geometric mean).
    trend_years: int = 3
    # Credibility constant of the latest year's own step (months declared at which it counts
    # half) when the group's months are independent draws around its level; where a month's
    # deviation persists into the next (clients who stay), the latest months say more about the
    # rest of the year and the constant falls toward 1 (`step_constant`). 0: no step, the level
    # runs on smoothly across January.
    step_credibility: float = 3.0
    # A phase-out falls to zero and a new product ramps up (`prognose_shapes`), instead of a trend.
    shapes: bool = True
    # An age-to-age factor from nothing declared to something is infinite (share declared 0),
    # not 1: a quarterly batch declarer's first months are not yet declared at all.
    from_nothing: bool = True
    # Quarterly batch declarers' lines counted in the first month of their quarter (`kwartaal`).
    quarterly: bool = True
    # A factor a group cannot estimate (a young group's late ages) is its family's
    # (`ontwikkelpatroon`: same wet and declaring pattern), not 1.
    borrow_pattern: bool = True
    # The year's step split into price and volume: the price part read from the price per unit of
    # the year's declared lines (`prognose_prijs`), only the volume part trusted by credibility.
    price_step: bool = True


# Fewest months compared year on year for a trend: fewer would let a single month set the growth.
MIN_TREND_MONTHS = 6




def seasonal_index(values: np.ndarray, first: int, shrink: bool = True) -> np.ndarray:
    """Month-of-year index (mean 1) from a monthly series starting at month index `first`.

    Classical ratio to a centred 2x12 moving average, so a trend is not mistaken for season.
    The raw index is shrunk toward 1 by how much of its spread is signal rather than noise
    (empirical Bayes: between-month variance against the within-month variance of the ratios).
    Without a ratio for every calendar month the index is flat. `shrink=False`: the raw index.
    """
    values = np.asarray(values, dtype="float64")
    flat = np.ones(12)
    if values.size < 25:
        return flat
    weights = np.r_[0.5, np.ones(11), 0.5] / 12.0
    centred = np.convolve(values, weights, mode="valid")  # centred on positions 6 .. n-7
    pos = np.arange(6, values.size - 6)
    good = centred > 0
    ratios = values[pos[good]] / centred[good]
    moy = (first + pos[good]) % 12
    counts = np.bincount(moy, minlength=12)
    if (counts == 0).any():
        return flat
    # Per calendar month its ratios in order, left-aligned: mean and variance of each as numpy
    # makes them of `ratios[moy == k]` (the same sums, `pairwise`), in one call for all twelve.
    order = np.argsort(moy, kind="stable")
    by_month = np.zeros((12, int(counts.max())))
    by_month[moy[order], np.arange(moy.size) - np.repeat(np.cumsum(counts) - counts, counts)] = ratios[order]
    means = pairwise.row_sums(by_month, counts) / counts
    deviation = by_month - means[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        variances = pairwise.row_sums(deviation * deviation, counts) / (counts - 1)
    raw = means / means.mean()
    within = variances[counts > 1].tolist()
    noise = float(np.mean(within)) / counts.mean() if within else raw.var()
    signal = max(raw.var() - noise, 0.0)
    weight = (signal / (signal + noise) if signal + noise > 0 else 0.0) if shrink else 1.0
    return 1.0 + weight * (raw - 1.0)


def usable_season(season: np.ndarray) -> np.ndarray:
    """The seasonal index as the projection uses it: an index that is not a number or below 0
    (credit lines in sparse data) counts as 1; an index of 0 stays 0 (a calendar month that never
    had care: a quarterly declarer's money sits in the first month of each quarter)."""
    return np.where(np.isfinite(season) & (season >= 0), season, 1.0)


# The first month of each quarter: where a quarterly batch declarer's money sits (`kwartaal`).
QUARTER_FIRST = np.arange(12) % 3 == 0


def quarter_season(season: np.ndarray) -> np.ndarray:
    """A quarterly batch declarer's seasonal index: 0 in the second and third month of each
    quarter (its money is counted in the first), the first months keeping their own index, mean
    1 over the year. Its history may be too short for an index (then flat): the quarters still
    are not."""
    first = np.where(QUARTER_FIRST, season, 0.0)
    total = float(first.sum())
    return first * 12.0 / total if total > 0 else np.where(QUARTER_FIRST, 3.0, 0.0)


def group_season(ultimates: np.ndarray, first: int, settings: Settings, quarterly: bool = False) -> np.ndarray:
    """The seasonal index a group's projection uses, from its mature months' ultimates (a monthly
    series from month index `first`): flat without `settings.seasonality`; `usable_season`;
    a quarterly batch declarer's group (`quarterly`) in the quarters' first months
    (`quarter_season`)."""
    season = seasonal_index(ultimates, first, settings.season_shrink) if settings.seasonality else np.ones(12)
    season = usable_season(season)
    return quarter_season(season) if quarterly else season


def monthly_trend(values: np.ndarray, bounds: tuple[float, float], years: int = 1) -> float:
    """Monthly growth factor from the last k months against the same k calendar months a year
    before (k = 12, or fewer down to `MIN_TREND_MONTHS` when the history is shorter): comparing
    the same calendar months cancels seasonality, and a January tariff indexation shows up as
    the year's growth. With `years` > 1 and history enough, the geometric mean of that ratio over
    up to `years` consecutive years (one year's ratio carries the noise of two years' sums,
    and it is projected more than a year ahead). 1 without enough history."""
    values = np.asarray(values, dtype="float64")
    k = min(12, values.size - 12)
    if k < MIN_TREND_MONTHS:
        return 1.0
    logs = []
    for back in range(years if k == 12 else 1):
        end = values.size - 12 * back
        if end - k - 12 < 0:
            break
        recent, before = values[end - k:end].sum(), values[end - k - 12:end - 12].sum()
        if recent <= 0 or before <= 0:
            break
        logs.append(np.log(recent / before))
    if not logs:
        return 1.0
    return float(np.clip(np.exp(np.mean(logs)), *bounds)) ** (1.0 / 12.0)


# Mature months whose persistence sets the step's credibility constant: three years.
PERSISTENCE_WINDOW = 36


def persistence(ultimates: np.ndarray, first: int, season: np.ndarray, growth: float) -> float:
    """Lag-1 autocorrelation (0 .. 1) of the mature months around their seasonal, trending level:
    0 when each month is an independent draw, toward 1 when a month's deviation carries into the
    next (a caseload of clients who stay). 0 with fewer than 13 months."""
    values = np.asarray(ultimates, dtype="float64")[-PERSISTENCE_WINDOW:]
    idx = np.arange(first, first + np.asarray(ultimates).size)[-PERSISTENCE_WINDOW:]
    # Calendar months without care (index 0: a quarterly declarer's second and third months) say
    # nothing about persistence; the months that have it follow each other.
    has = season[idx % 12] > 0
    values, idx = values[has], idx[has]
    if values.size < 13:
        return 0.0
    level = values / season[idx % 12] / growth ** (idx - idx[0])
    if not np.all(np.isfinite(level)) or level.mean() <= 0:
        return 0.0
    resid = level / level.mean() - 1.0
    denominator = float((resid ** 2).sum())
    if denominator <= 0:
        return 0.0
    return float(np.clip((resid[1:] * resid[:-1]).sum() / denominator, 0.0, 1.0))


def step_constant(settings: Settings, rho: float) -> float:
    """The step's credibility constant: `step_credibility` for independent months, falling
    linearly to 1 at a persistence of 0,5 and beyond (lag scenarios with independent months
    favour 3; the demo's client trajectories, persistence 0,4-0,9, favour 1)."""
    if settings.step_credibility <= 1.0:
        return settings.step_credibility
    return 1.0 + (settings.step_credibility - 1.0) * max(0.0, 1.0 - 2.0 * rho)


def expected_level(ultimates: np.ndarray, first: int, targets: np.ndarray, settings: Settings,
                   recent: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                   price: tuple[float, float] | None = None, season: np.ndarray | None = None) -> np.ndarray:
    """Expected final amount for each target month index.

    Seasonality and trend come from the mature months' ultimates (`ultimates`, a monthly series
    from month index `first`). The level is taken at the centre of the last `level_window`
    months and projected to each target month with the trend and that month's seasonal index:

    - `recent` = (month index, declared, share declared) of the latest observed months: Cape
      Cod level = sum(declared) / sum(share x season x trend), so a fresh month counts in
      proportion to how much of it is already declared (one noisy month cannot swing it);
    - without `recent`: the last mature ultimates over their seasonal, trending weights.

    `season`: the group's seasonal index when the caller has it (`group_season`, computed from
    `ultimates` otherwise).

    `price` = (surprise, credibility-weighted surprise) of the year's price per unit
    (`prognose_prijs`): the year's step is then that price step times the volume step, and only
    the volume step (what the months show beyond the price) is trusted in proportion to how much
    of them is declared.
    """
    ultimates = np.asarray(ultimates, dtype="float64")
    targets = np.asarray(targets, dtype="int64")
    if ultimates.size == 0:
        return np.zeros(targets.size)
    if season is None:
        season = group_season(ultimates, first, settings)
    growth = monthly_trend(ultimates, settings.trend_bounds, settings.trend_years) if settings.trend else 1.0
    idx = np.arange(first, first + ultimates.size)[-settings.level_window:]
    centre = idx.mean()
    # A ratio of sums, not a mean of ratios: a calendar month with index 0 has nothing to divide.
    weight = season[idx % 12] * growth ** (idx - centre)
    level = ultimates[-settings.level_window:].sum() / weight.sum() if weight.sum() > 0 else np.nan
    step, step_year = 1.0, None
    if recent is not None:
        seen_months, seen_declared, seen_share = (np.asarray(a) for a in recent)
        position = np.arange(seen_months.size)
        in_window = position >= seen_months.size - settings.level_window
        year = seen_months // 12 == seen_months.max() // 12
        # The latest calendar year's months set its own step (a January tariff indexation is a
        # step, not smooth growth): the level comes from the months before, the step from the
        # year's months against that level, trusted in proportion to how much of them is declared.
        split = settings.step_credibility > 0 and bool((in_window & ~year).any())
        take = in_window
        if split:
            # A full window of months before the year, however late in it the edition is: a
            # window ending now would hold only one or two of them by November, and a quarterly
            # declarer's last two months of a year are empty (their money sits in October).
            take = (year & in_window) | (~year & (position >= np.count_nonzero(~year) - settings.level_window))
        ridx, declared, share = seen_months[take], seen_declared[take], seen_share[take]
        now = year[take]
        before = ~now if split else np.ones(ridx.size, dtype=bool)
        centre = ridx[before].mean()
        exposure = (share * season[ridx % 12] * growth ** (ridx - centre))
        if exposure[before].sum() > 0:
            level = declared[before].sum() / exposure[before].sum()
        if split and np.isfinite(level) and level > 0 and exposure[now].sum() > 0:
            actual = declared[now].sum() / (level * exposure[now].sum())
            # Persistence of the years before: the step's own months would make a step look persistent.
            history = np.arange(first, first + ultimates.size) // 12 < ridx.max() // 12
            constant = step_constant(settings, persistence(ultimates[history], first, season, growth))
            weight = share[now].sum() / (share[now].sum() + constant)
            surprise, priced = price if price is not None else (1.0, 1.0)
            step, step_year = priced * (1.0 + weight * (actual / surprise - 1.0)), int(ridx.max() // 12)
    if not np.isfinite(level):
        # Degenerate history (all zeros, say): the plain mean is the only honest level.
        level = float(np.mean(ultimates[-settings.level_window:]))
    stepped = np.where(step_year is not None and targets // 12 >= (step_year or 0), step, 1.0)
    return np.maximum(level * stepped * growth ** (targets - centre) * season[targets % 12], 0.0)


__all__ = ["MIN_TREND_MONTHS", "PERSISTENCE_WINDOW", "Settings", "expected_level", "group_season", "monthly_trend",
           "persistence",
           "quarter_season", "seasonal_index", "step_constant", "usable_season"]
