"""Level shapes of the prognosis: a phase-out falls to zero, a new product ramps up
(docs/prognose.md §2a).

The expected level of `prognose.expected_level` is a run-rate with a year-on-year trend. Two
situations are not a trend:

- *phase-out*: a product (or a whole begrotingspost) being wound down. Its level falls in a
  straight line and then stays at zero; a growth rate (bounded at -20 %/year) would keep
  most of it alive for years;
- *new product*: a group that started within the last `YOUNG_MONTHS` months has no year-on-year
  trend yet (it needs 18 mature months), so a flat level would freeze it where it stood.

Both are read from a weighted straight line through the group's latest observed months
(`PHASE_WINDOW` or `WINDOW` for a phase-out,
`WINDOW` since its start for a ramp):
`y = declared / share declared` (the chain-ladder ultimate), weight = share declared / level, so a
barely declared month counts little (the Cape Cod idea) and a month's amount is taken to vary in
proportion to its level, as a count does (quasi-Poisson: a ramp's small first months are the
surest). A phase-out is a significantly falling
line (t < -`MIN_T`) that reaches zero within `HORIZON` months: from then on the expected level
is that line, never below zero. A ramp is a significantly rising line of a young group: the
growth continues, damped by `DAMPING` per month (a ramp levels off; undamped it would overshoot).
"""

from __future__ import annotations

import numpy as np

# Observed months a ramp's line is fitted to.
WINDOW = 12
# Observed months a phase-out's line is fitted to: a wind-down starts with a kink, and a year's
# window would mix the level before it into the slope.
PHASE_WINDOW = 6
# Fewest observed months for a line (fewer: two noisy points make a "trend").
MIN_POINTS = 5
# Significance of the slope, in standard errors: month-to-month noise must not look like a shape.
MIN_T = 3.0
# A phase-out reaches zero within this many months after the last observed month: a wind-down
# under way, not a steady decline (a small group losing a few expensive clients declines too).
HORIZON = 12
# A group younger than this (months since its first amount) may ramp.
YOUNG_MONTHS = 24
# Reweighting rounds of the line by its own fitted level (iteratively reweighted least squares).
REWEIGHT = 2
# Smallest fitted level used as a weight, as a share of the line's level at its centre: a line
# reaching zero must not give a month infinite weight.
LEVEL_FLOOR = 0.1
# Monthly damping of a ramp's growth (sum of the growth still to come: DAMPING / (1 - DAMPING) months).
DAMPING = 0.85


def _weighted_line(m: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float, float, float]:
    """Weighted least squares `y = a + b (m - centre)`: (a, b, t of b, centre)."""
    if w.sum() <= 0:
        return float("nan"), 0.0, 0.0, float("nan")
    centre = float((w * m).sum() / w.sum())
    x = m - centre
    sxx = float((w * x * x).sum())
    a = float((w * y).sum() / w.sum())
    if sxx <= 0 or m.size < 3:
        return a, 0.0, 0.0, centre
    b = float((w * x * y).sum() / sxx)
    resid = y - a - b * x
    sigma2 = float((w * resid * resid).sum()) / max(m.size - 2, 1)
    se = np.sqrt(sigma2 / sxx) if sigma2 > 0 else 0.0
    t = b / se if se > 0 else (np.inf if b > 0 else -np.inf if b < 0 else 0.0)
    return a, b, float(t), centre


def fit_line(months: np.ndarray, ultimates: np.ndarray, weights: np.ndarray) -> tuple[float, float, float, float]:
    """The line `y = a + b (m - centre)` through monthly ultimates: (a, b, t of b, centre).

    A month's weight is its `weights` (share declared) divided by its fitted level, refitted
    `REWEIGHT` times: a month's amount varies in proportion to its level (more clients, more
    spread), so where the level moves a lot (a ramp from nothing) the low months are the surer.
    """
    m, y, w = (np.asarray(v, dtype="float64") for v in (months, ultimates, weights))
    a, b, t, centre = _weighted_line(m, y, w)
    for _ in range(REWEIGHT):
        if not np.isfinite(a) or b == 0:
            break
        floor = LEVEL_FLOOR * abs(a)
        if floor <= 0:
            break
        a, b, t, centre = _weighted_line(m, y, w / np.maximum(a + b * (m - centre), floor))
    return a, b, t, centre


def shaped(expected: np.ndarray, months: np.ndarray, declared: np.ndarray, share: np.ndarray,
           reached: np.ndarray, season: np.ndarray | None = None) -> np.ndarray:
    """`expected` (per month in `months`) replaced by a phase-out or ramp line where the group's
    latest observed months show one; otherwise unchanged. `share`: expected share declared per
    month (0 for months not observed), `reached`: their reached age (-1: not observed)."""
    season = np.ones(12) if season is None else season
    # A calendar month with seasonal index 0 (never any care) has no level to put on a line.
    seen = np.flatnonzero((reached >= 0) & (share > 0) & (season[months % 12] > 0))
    active = np.flatnonzero(declared != 0)
    if seen.size < MIN_POINTS or active.size == 0:
        return expected
    last = int(months[seen[-1]])
    # A phase-out must show over the last WINDOW observed months (a lumpy small group — a few
    # expensive clients leaving — can fake a six-month decline, seldom a twelve-month one); its
    # line is the one of the last PHASE_WINDOW or WINDOW months that falls more surely (larger
    # |t|): the short window sees a wind-down that began with a kink.
    best = None
    for window in (WINDOW, PHASE_WINDOW):
        phase = seen[-window:]
        phase = phase[phase >= active[0]]
        if phase.size < MIN_POINTS:
            continue
        a, b, t, centre = fit_line(months[phase], declared[phase] / share[phase] / season[months[phase] % 12],
                                   share[phase])
        falls = np.isfinite(a) and b < 0 and t < -MIN_T and a + b * (last + HORIZON - centre) <= 0
        if window == WINDOW and not falls:
            break
        if falls and (best is None or t < best[2]):
            best = (a, b, t, centre, int(months[phase[0]]))
    if best is not None:
        a, b, _, centre, start = best
        out = expected.copy()
        later = months >= start
        out[later] = np.maximum(a + b * (months[later] - centre), 0.0) * season[months[later] % 12]
        return out
    # The group's own months only: before its first amount it did not exist (a new product).
    use = seen[-WINDOW:]
    use = use[use >= active[0]]
    if use.size < MIN_POINTS:
        return expected
    a, b, t, centre = fit_line(months[use], declared[use] / share[use] / season[months[use] % 12], share[use])
    if not np.isfinite(a):
        return expected
    line = a + b * (months - centre)
    young = last - int(months[active[0]]) < YOUNG_MONTHS
    if young and b > 0 and t > MIN_T:
        at_last = a + b * (last - centre)
        ahead = np.clip(months - last, 0, None)
        growth = b * DAMPING * (1.0 - DAMPING ** ahead) / (1.0 - DAMPING)
        ramp = np.where(months > last, at_last + growth, line)
        out = expected.copy()
        later = months >= int(months[use[0]])
        out[later] = np.maximum(ramp[later], 0.0) * season[months[later] % 12]
        return out
    return expected


__all__ = ["DAMPING", "HORIZON", "LEVEL_FLOOR", "MIN_POINTS", "MIN_T", "PHASE_WINDOW", "REWEIGHT", "WINDOW",
           "YOUNG_MONTHS", "fit_line", "shaped"]
