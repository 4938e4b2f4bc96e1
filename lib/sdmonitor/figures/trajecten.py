"""Jeugdbescherming and jeugdreclassering in trajecten beside the etmalen of the bouwsteen chart
(seed 000 fig. 16, "Aantal trajecten jeugdbescherming en jeugdreclassering").

A traject is one jeugdige under one product (an OTS, a voogdij, a jeugdreclassering) with care
delivered in the year: the declarations do not carry a maatregel's start and end, so a maatregel
running over the year's end counts in both years, and an OTS followed by a voogdij counts twice.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures.rows import combine, rows
from sdmonitor.figures.zorggebruik import delivered_cells
from sdmonitor.ingest.selection import Selection

#: The begrotingspost (INTERFACE §2) whose bouwstenen are the maatregelen counted in trajecten.
BEGROTINGSPOST = "Bescherming/reclassering"


def _bouwstenen(sel: Selection) -> list[str]:
    book = sel.tables.get("producten")
    if book is None:
        return []
    mask = (book["wet"] == "jeugd") & (book["begrotingspost"] == BEGROTINGSPOST)
    return sorted(str(b) for b in book.loc[mask, "bouwsteen"].dropna().unique())


def trajecten(sel: Selection) -> pd.DataFrame:
    """`jeugd.trajecten`: distinct (jeugdige, productcode) with a delivered cell in the year, per
    bouwsteen of the begrotingspost Bescherming/reclassering and in total (the parts add up: a
    product lies in one bouwsteen); 0 for a year without any."""
    bouwstenen = _bouwstenen(sel)
    if not bouwstenen:
        return combine([])
    cells = delivered_cells(sel, "jeugd")
    cells = cells.loc[cells["bouwsteen"].isin(bouwstenen), ["jaar", "client_id", "productcode", "bouwsteen"]]
    distinct = cells.drop_duplicates(["jaar", "client_id", "productcode"])
    years = pd.Index([str(y) for y in sel.periode.years], name="periode")
    counts = distinct.groupby([distinct["jaar"].astype("str"), "bouwsteen"]).size()
    full = pd.MultiIndex.from_product([years, pd.Index(bouwstenen, dtype="str")])
    per = counts.reindex(full, fill_value=0).astype("float64")
    total = per.groupby(level=0).sum().reindex(years, fill_value=0.0)
    return combine([rows("jeugd.trajecten", total, "aantal"), rows("jeugd.trajecten", per, "aantal")])


def figure_rows(sel: Selection) -> pd.DataFrame:
    """Every figure of this module."""
    return trajecten(sel)


__all__ = ["BEGROTINGSPOST", "figure_rows", "trajecten"]
