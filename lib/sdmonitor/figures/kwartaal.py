"""Quarterly batch declarers: providers who declare a quarter's care at once (docs/prognose.md §3a).

Such a provider declares nothing for the first months of a quarter until the quarter is over. In
a monthly triangle those months look barely declared — and their share declared differs by the
month's place in the quarter, which one factor per age cannot describe. So a run-rate or a
Bornhuetter-Ferguson step reads the gap as a collapse. The prognosis therefore counts a batch
declarer's lines in the *first month of their quarter* (`quarterly_months`): its care becomes
one amount per quarter, declared together, with its own development pattern and a seasonal
index that learns "everything in the first month of the quarter". Sums over the year are
unchanged; only where in the quarter the money sits moves.

A provider is a batch declarer (`batch_declarers`) when, over the last `WINDOW` months, it
delivered care in at least `MIN_MONTHS` months and declared in at most `MAX_SHARE` times as many
months (a monthly declarer declares about as often as it delivers; a sporadic provider too).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sdmonitor.figures import development as dev
from sdmonitor.figures.frame_memo import per_frame

# Declaration months looked at (two years: enough quarters to tell a pattern from a pause).
WINDOW = 24
# Declaration months per month of care: about 1 for a monthly declarer, 1/3 for a quarterly one.
MAX_SHARE = 0.45
# Care in fewer months than this is too little to call a declaring pattern.
MIN_MONTHS = 9
COLUMN = "_declarant"
KWARTAAL, MAAND = "kwartaal", "maand"


def batch_declarers(lines: pd.DataFrame) -> set[tuple[str, str]]:
    """(wet, aanbieder) of the providers that declare in quarterly batches (found once per frame:
    the prognosis's lines are reduced by it and its interval's edition type asks for it again)."""
    return set(per_frame(lines, ("batch_declarers",), lambda: _batch_declarers(lines)))


def _batch_declarers(lines: pd.DataFrame) -> set[tuple[str, str]]:
    if lines.empty or "aanbieder" not in lines.columns:
        return set()
    when = pd.to_datetime(lines["ingediend_op"])
    declared = (when.dt.year * 12 + when.dt.month - 1).to_numpy(dtype="float64", na_value=np.nan)
    frame = pd.DataFrame({"wet": lines["wet"].astype("str").to_numpy(),
                          "aanbieder": lines["aanbieder"].astype("str").to_numpy(),
                          "d": declared, "m": dev.month_index(lines["maand"])}).dropna(subset=["d"])
    if frame.empty:
        return set()
    last = frame["d"].max()
    recent = frame[frame["d"] > last - WINDOW]
    keys = ["wet", "aanbieder"]
    delivered = recent[(recent["m"] > last - WINDOW) & (recent["m"] <= last)]
    served = delivered.drop_duplicates([*keys, "m"]).groupby(keys).size()
    declaring = recent.drop_duplicates([*keys, "d"]).groupby(keys).size().reindex(served.index)
    chosen = served.index[(served >= MIN_MONTHS).to_numpy() & (declaring <= MAX_SHARE * served).to_numpy()]
    return {(str(wet), str(aanbieder)) for wet, aanbieder in chosen}


def quarterly_months(lines: pd.DataFrame, declarers: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """`lines` with `_declarant` ("kwartaal" / "maand") and, for batch declarers' lines, `maand`
    moved to the first month of its quarter. Without batch declarers: every line "maand"."""
    declarers = batch_declarers(lines) if declarers is None else declarers
    if not declarers or lines.empty:
        return lines.assign(**{COLUMN: MAAND})
    pairs = pd.MultiIndex.from_arrays([lines["wet"].astype("str"), lines["aanbieder"].astype("str")])
    batch = pairs.isin(list(declarers))
    maand = lines["maand"].astype("str")
    # The first month of each distinct maand once, not per line.
    codes, distinct = pd.factorize(maand, use_na_sentinel=False)
    month = distinct.str[5:7].astype("int64")
    first = pd.Series(distinct.str[:5] + ((month - 1) // 3 * 3 + 1).map("{:02d}".format), dtype=maand.dtype)
    quarter_first = pd.Series(first.to_numpy()[codes], index=lines.index, dtype=maand.dtype)
    return lines.assign(maand=maand.where(~batch, quarter_first), **{COLUMN: np.where(batch, KWARTAAL, MAAND)})


__all__ = ["COLUMN", "KWARTAAL", "MAAND", "batch_declarers", "quarterly_months"]
