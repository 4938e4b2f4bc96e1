"""Declaration lines from true cells: declaration lag, credit-and-redeclare corrections, data cut.

Most lines are declared 1-2 months after the service month (early in the month), a tail up to
a year later. About 2.5 % of cells are corrected: the first debit (sometimes with a wrong
volume) is later credited in full (negative volume and bedrag) and declared again.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from .timeline import LAST_WRITTEN_MONTH, cut_day, month_start

# Months between service month and declaration: 1 and 2 most, then a tail to 12.
_LAG_MONTHS = np.arange(1, 13)
_LAG_P = np.array([0.66, 0.17, 0.05, 0.03, 0.02, 0.015, 0.012, 0.01, 0.008, 0.007, 0.006, 0.012])
_LAG_P = _LAG_P / _LAG_P.sum()
CORRECTION_RATE = 0.025

COD327_MIX = {
    # bouwsteen group -> (codes, weights): who refers to this kind of youth care
    "verblijf": (("01", "04", "05", "08"), (0.35, 0.45, 0.12, 0.08)),
    "lta": (("04", "05", "08"), (0.45, 0.45, 0.10)),
    "ggz": (("01", "02", "03", "05", "06"), (0.22, 0.58, 0.06, 0.12, 0.02)),
    "bescherming": (("04", "08"), (0.7, 0.3)),
    "overig": (("01", "02", "03", "05", "06"), (0.62, 0.18, 0.08, 0.07, 0.05)),
}
_GROUP = {
    "Pleegzorg": "verblijf", "Gezinshuis": "verblijf", "Residentieel": "verblijf", "GGZ-verblijf": "verblijf",
    "Jeugdhulp crisis": "verblijf", "LTA": "lta", "Essentiële functies": "lta",
    "Basis GGZ": "ggz", "Specialistische GGZ": "ggz",
    "Jeugdbescherming": "bescherming", "Jeugdreclassering": "bescherming", "Preventief justitieel kader": "bescherming",
}


def pseudonym(seed: int, gemeente: str, client: np.ndarray) -> np.ndarray:
    """Stable pseudonymous person ids: `p` + 12 hex digits (never a 9-digit BSN)."""
    return np.array([
        "p" + hashlib.sha256(f"{seed}:{gemeente}:{c}".encode()).hexdigest()[:12] for c in client
    ])


def providers(wet: str, bouwsteen: str) -> list[str]:
    """A few fixed 8-digit AGB codes per bouwsteen (deterministic, seed independent)."""
    h = int(hashlib.sha256(f"{wet}:{bouwsteen}".encode()).hexdigest(), 16)
    n = 2 + h % 5
    return [f"{73000000 + (h >> (8 * i)) % 990000 + 1000:08d}" for i in range(n)]


def episode_attributes(rng: np.random.Generator, ep: pd.DataFrame) -> pd.DataFrame:
    """Per episode: provider (AGB) and, for jeugd, the verwijzer (COD327)."""
    aanbieder = []
    verwijzer = []
    u = rng.random(len(ep))
    r = rng.random(len(ep))
    for i, (wet, b, zv) in enumerate(zip(ep["wet"], ep["bouwsteen"], ep["zorgvorm"])):
        prov = providers(wet, b) if zv == "ZIN" else providers(wet, "PGB")
        aanbieder.append(prov[int(u[i] * len(prov))])
        if wet == "jeugd":
            codes, w = COD327_MIX[_GROUP.get(b, "overig")]
            cw = np.cumsum(w) / sum(w)
            verwijzer.append(codes[int(np.searchsorted(cw, r[i]))])
        else:
            verwijzer.append("")
    return pd.DataFrame({"aanbieder": aanbieder, "verwijzer": verwijzer}, index=ep.index)


def _declared_on(rng: np.random.Generator, month: np.ndarray) -> np.ndarray:
    lag = rng.choice(_LAG_MONTHS, size=len(month), p=_LAG_P)
    # Most providers declare in the first days of the month; the tail any day.
    early = np.minimum(rng.geometric(0.24, len(month)), 28)
    day = np.where(lag <= 2, early, rng.integers(1, 29, len(month)))
    return month_start(month + lag) + (day - 1).astype("timedelta64[D]")


def _complete_closed_years(cells: pd.DataFrame, t1: np.ndarray, corrected: np.ndarray, t2: np.ndarray,
                           t3: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A client's care in a closed year (up to 2025) is visible at the cut: when the lag tail would
    hide every cell of a (client, bouwsteen, year), its first cell is declared the next month.

    Otherwise a few late starters in December would vanish from the closed year's client counts
    that the seeds quote exactly; the lag tail of all other cells stays as drawn.
    """
    cut = cut_day()
    seen = (t1 <= cut) & (~corrected | (t2 > cut) | (t3 <= cut))
    closed = cells["jaar"].to_numpy() <= 2025
    key = pd.DataFrame({"c": cells["client"], "b": cells["bouwsteen"], "y": cells["jaar"], "seen": seen})
    any_seen = key.groupby(["c", "b", "y"])["seen"].transform("any").to_numpy()
    hidden = closed & ~any_seen
    if hidden.any():
        first = key[hidden].assign(m=cells["month"][hidden]).sort_values("m", kind="mergesort")
        idx = first.drop_duplicates(["c", "b", "y"]).index.to_numpy()
        t1 = t1.copy()
        corrected = corrected.copy()
        t1[idx] = month_start(cells["month"].to_numpy()[idx] + 1) + np.timedelta64(1, "D")
        corrected[idx] = False
    return t1, corrected


def declare(rng: np.random.Generator, cells: pd.DataFrame) -> pd.DataFrame:
    """Declaration lines of the true cells, cut to what is known on the data cut."""
    cells = cells[cells["month"] <= LAST_WRITTEN_MONTH].reset_index(drop=True)
    n = len(cells)
    t1 = _declared_on(rng, cells["month"].to_numpy())
    lag_days = (t1 - month_start(cells["month"].to_numpy())).astype("int64")
    corrected = (rng.random(n) < CORRECTION_RATE) & (lag_days < 95)
    t2 = t1 + rng.integers(20, 90, n).astype("timedelta64[D]")
    t3 = t2 + rng.integers(1, 16, n).astype("timedelta64[D]")
    t1, corrected = _complete_closed_years(cells, t1, corrected, t2, t3)
    wrong = np.where(rng.random(n) < 0.6, rng.uniform(0.7, 1.4, n), 1.0)
    vol = cells["volume"].to_numpy()
    bed = cells["bedrag"].to_numpy()
    grain_vol = np.round(vol * wrong, 2)
    v1 = np.where(corrected, np.where(grain_vol > 0, grain_vol, vol), vol)
    b1 = np.where(corrected, np.round(bed * np.divide(v1, vol, out=np.ones(n), where=vol != 0), 2), bed)
    base = cells.assign(ingediend_op=t1, volume=v1, bedrag=b1)
    c = cells[corrected]
    credit = c.assign(ingediend_op=t2[corrected], volume=-v1[corrected], bedrag=-b1[corrected])
    redeclare = c.assign(ingediend_op=t3[corrected])
    lines = pd.concat([base, credit, redeclare], ignore_index=True)
    lines = lines[lines["ingediend_op"].to_numpy() <= cut_day()]
    return lines.reset_index(drop=True)
