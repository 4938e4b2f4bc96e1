"""A chart of a count's yearly totals, for when its breakdown cannot be shown (seed 000 fig. 3,
"Aantal klachten mbt het Sociaal Team": one bar per year). `MonitorBasis.per_year_bars` then
gives one sentence; a reader of the seed sees a chart, so the totals get one when they are published.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from sdmonitor.publish import charts
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element, GridElement


def of_totaal(m: Any, element: Element, indicator: str, *, reeks: str, ylabel: str, caption: str, alt: str,
              bron: str, fig_id: str, uitsplitsing: str) -> Element:
    """`element` when it is a chart or table; else a bar chart of the indicator's published yearly
    totals (`reeks` the bars' name), with a note that the breakdown by `uitsplitsing` is not shown.
    Without a published total with data, `element` (its sentence) stays."""
    if isinstance(element, GridElement):
        return element
    rows = m.pub.select(indicator, m.years(), totaal=True)
    with_data = rows[[sw.has_data(st) for st in rows["status"]]] if len(rows) else rows
    if with_data.empty or with_data["verborgen"].all():
        return element
    labels = m.jaar_labels(rows)
    data = pd.DataFrame({"categorie": rows["periode"].map(labels), "reeks": reeks, "waarde": rows["waarde"],
                         "tekst": rows["tekst"], "status": rows["status"], "onderdrukt": rows["verborgen"]})
    fig, _ = charts.grouped_bars(data, ylabel)
    cells = m.cells(rows, [reeks] * len(rows), rows["periode"].map(labels))
    noot = f"De uitsplitsing naar {uitsplitsing} tonen we niet: elk deel is kleiner dan {m.drempel}."
    return m.figure(fig, caption=caption, alt=alt, cells=cells, rij_kop="", bron=bron, fig_id=fig_id,
                    noot=" ".join(t for t in (noot, m.noot(rows)) if t))


__all__ = ["of_totaal"]
