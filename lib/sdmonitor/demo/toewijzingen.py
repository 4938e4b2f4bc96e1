"""`toewijzingen`: one allocation (iJw/iWmo 301) per episode, consistent with the declarations."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import catalog
from .catalog import DAGDEEL, ETMAAL, EURO, MINUUT, STUKS, UUR
from .timeline import cut_day, month_start

# Reasons an allocation ended (JZ588 for jeugd, WMO588 for wmo) and how often.
_REDEN = {
    "jeugd": (("31", "32", "33", "34", "35", "38", "39"), (0.55, 0.12, 0.05, 0.12, 0.06, 0.05, 0.05)),
    "wmo": (("19", "02", "21", "23", "31", "38", "39"), (0.38, 0.25, 0.06, 0.08, 0.07, 0.06, 0.10)),
}


def build(rng: np.random.Generator, ep: pd.DataFrame, ids: np.ndarray, gemeente: str,
          cells: pd.DataFrame) -> pd.DataFrame:
    """Allocations of the episodes that had begun by the data cut."""
    cut = cut_day()
    start = month_start(ep["start"].to_numpy()) + (ep["start_day"].to_numpy() - 1).astype("timedelta64[D]")
    start = np.where(ep["start"].to_numpy() < 0, month_start(ep["start"].to_numpy()), start)
    end = month_start(ep["end"].to_numpy()) + (ep["end_day"].to_numpy() - 1).astype("timedelta64[D]")
    keep = start <= cut
    book = catalog.by_code()
    unit = np.array([book[(w, c)].regel_eenheid for w, c in zip(ep["wet"], ep["productcode"])])
    # Allocated volume: the episode's mean monthly volume, expressed per week / month / in total.
    mean_month = cells.groupby("ep")["volume"].mean().reindex(np.arange(len(ep))).fillna(1.0).to_numpy()
    freq = np.select([np.isin(unit, [ETMAAL, UUR, DAGDEEL]), unit == STUKS, np.isin(unit, [MINUUT, EURO])],
                     ["2", "4", "6"], "4")
    months = np.clip(ep["end"].to_numpy() - np.maximum(ep["start"].to_numpy(), 0) + 1, 1, 120)
    volume = np.select([unit == ETMAAL, np.isin(unit, [UUR, DAGDEEL]), unit == STUKS, unit == MINUUT, unit == EURO],
                       [np.full(len(ep), 7.0), np.ceil(mean_month * 12 / 52 * 1.15), np.ceil(mean_month * 1.1),
                        np.ceil(mean_month * months / 60.0) * 60.0, np.round(mean_month, 2)], 1.0)
    ended = end <= cut
    reden = np.full(len(ep), "", dtype=object)
    for wet, (codes, w) in _REDEN.items():
        sel = ended & (ep["wet"].to_numpy() == wet) & (rng.random(len(ep)) < 0.85)
        reden[sel] = rng.choice(codes, size=sel.sum(), p=np.array(w) / sum(w))
    toegewezen = start - rng.integers(3, 35, len(ep)).astype("timedelta64[D]")
    out = pd.DataFrame({
        "gemeente": gemeente,
        "wet": ep["wet"].to_numpy(),
        "client_id": ids,
        "toewijzing_id": [f"{gemeente[2:]}{'J' if w == 'jeugd' else 'W'}{i:07d}"
                          for i, w in enumerate(ep["wet"], start=1)],
        "productcode": ep["productcode"].to_numpy(),
        "toegewezen_op": toegewezen.astype("datetime64[ns]"),
        "ingangsdatum": start.astype("datetime64[ns]"),
        "einddatum": np.where(ended, end, np.datetime64("NaT")).astype("datetime64[ns]"),
        "volume": volume.astype("float64"),
        "eenheid": unit,
        "frequentie": freq,
        "reden_einde": reden.astype(str),
    })
    return out[keep].reset_index(drop=True)
