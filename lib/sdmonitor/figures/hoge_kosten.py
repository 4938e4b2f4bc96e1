"""Young people with very high care costs (seed 000, the verblijf text box: "een groep van ongeveer
25 jeugdigen met zorgkosten van € 100.000 of meer"): a count of persons per report year.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures.rows import rows
from sdmonitor.figures.zorggebruik import report_lines
from sdmonitor.ingest.selection import Selection

#: The seed's threshold: a year's declared bedrag of one client of at least € 100.000.
GRENS = 100_000.0


def clienten_hoge_kosten(sel: Selection, wet: str = "jeugd", grens: float = GRENS) -> pd.DataFrame:
    """`jeugd.clienten_100k`: clients whose declared bedrag of the year (every line of the year,
    credits included, as `jeugd.kosten`) sums to at least `grens`; 0 in a year without any."""
    lines = report_lines(sel, wet)
    per_client = lines.groupby([lines["jaar"].astype("str"), "client_id"])["bedrag"].sum()
    hoog = per_client[per_client >= grens]
    counts = hoog.groupby(level=0).size() if len(hoog) else pd.Series(dtype="float64")
    years = pd.Index([str(y) for y in sel.periode.years], name="periode")
    counts.index = counts.index.astype("str")
    return rows(f"{wet}.clienten_100k", counts.reindex(years, fill_value=0).astype("float64"), "aantal")


def figure_rows(sel: Selection) -> pd.DataFrame:
    """Every figure of this module."""
    return clienten_hoge_kosten(sel, "jeugd")


__all__ = ["GRENS", "clienten_hoge_kosten", "figure_rows"]
