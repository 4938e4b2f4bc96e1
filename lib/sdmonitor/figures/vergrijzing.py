"""Vergrijzing: the 65+ share of the population, observed and projected (seeds 000 and 003 §4:
"Hier ziet u de prognose van 65-plussers als aandeel van de bevolking. Voor zowel Wijchen als
Nederland").

- `bevolking.aandeel_65plus_prognose` (extra; year; dimensie empty for the gemeente, `NL01` for the
  Netherlands): inhabitants aged 65 and older / all inhabitants on 1 January, a fraction 0–1, from the
  `bevolking` rows with `soort` `prognose`, for every year from the first report year (`Y-3`) on in
  which the area has no `waarneming` rows — so the years that are a projection, up to the last year
  the table projects (CBS: 2040, sometimes 2050).

The observed years are `bevolking.aandeel_65plus` (zorggebruik). Population figures are public CBS
statistics about areas, not counts of clients: the small-numbers rule does not apply to them.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures.rows import combine, empty, rows
from sdmonitor.figures.zorggebruik import MIN_OUDEREN_LEEFTIJD, NATIONAAL, WAARNEMING
from sdmonitor.ingest.selection import Selection

INDICATOR = "bevolking.aandeel_65plus_prognose"


def prognose_shares(bevolking: pd.DataFrame, gebied: str, first_year: int) -> pd.Series:
    """65+ share per projected year (index `periode` as 'YYYY') of one area, from `first_year` on.

    A year counts as projected when the area has only `prognose` rows for it."""
    bev = bevolking.loc[(bevolking["gemeente"] == gebied) & (bevolking["jaar"] >= first_year)]
    observed = set(bev.loc[bev["soort"] == WAARNEMING, "jaar"])
    bev = bev.loc[(bev["soort"] == "prognose") & ~bev["jaar"].isin(observed)]
    if bev.empty:
        return pd.Series(dtype="float64")
    jaar = bev["jaar"].astype("str")
    alle = bev.groupby(jaar)["aantal"].sum().astype("float64")
    oud = bev.loc[bev["leeftijd"] >= MIN_OUDEREN_LEEFTIJD].groupby(jaar)["aantal"].sum().reindex(alle.index,
                                                                                                 fill_value=0)
    share = (oud / alle).loc[alle > 0]
    share.index.name = "periode"
    return share


def figure_rows(sel: Selection) -> pd.DataFrame:
    """`bevolking.aandeel_65plus_prognose` for the gemeente and the Netherlands."""
    if not sel.has("bevolking"):
        return empty()
    first = sel.periode.years[0]
    parts = [rows(INDICATOR, prognose_shares(sel.tables["bevolking"], gebied, first), "fractie", dimensie=dimensie)
             for gebied, dimensie in ((sel.gemeente.code, ""), (NATIONAAL, NATIONAAL))]
    return combine(parts)


__all__ = ["INDICATOR", "figure_rows", "prognose_shares"]
