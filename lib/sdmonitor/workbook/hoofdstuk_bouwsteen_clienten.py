"""Per bouwsteen the clients beside the eenheden, and a bouwsteen's own table of clients and costs
(seed 003: "Figuur 6 – Aantal cliënten" beside "Figuur 7. Eenheden in aantal uur"; Persoonlijke
verzorging: "In Druten krijgen minder dan 5 jongeren deze ondersteuning. De kosten voor 2024 waren
€ 15.658."). Both only where the municipality asks for them in its parameters
(`secties.clienten_per_bouwsteen`, `bouwsteen_tabellen`), so Wijchen's report stays as it is.
A mixin of the `Monitor`: `m.tabellen_bouwsteen("jeugd")`; `ZorggebruikMixin.figuur_bouwsteen` calls
`self.met_clienten(...)`.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.publish.element import Element, ElementGroup, GridElement
from sdmonitor.workbook.monitor_basis import MonitorBasis


class BouwsteenClientenMixin(MonitorBasis):
    """Clients beside the eenheden per bouwsteen, and a bouwsteen's own table (methods of the `Monitor`)."""

    def met_clienten(self, element: Element, wet: str, bouwstenen: list[str], titel: str) -> Element:
        """The bouwsteen chart `element`, followed by the clients per bouwsteen per year when the
        municipality shows them (`secties.clienten_per_bouwsteen: true`)."""
        if not self.gemeente.secties.get("clienten_per_bouwsteen") or not isinstance(element, GridElement):
            return element
        wie = self.label("clienten", wet)
        chart = self.per_year_bars(
            f"{wet}.clienten", labels="bouwsteen", ylabel=f"Aantal {wie}", dims=bouwstenen,
            caption=f"{titel}: aantal {wie} per bouwsteen per jaar",
            alt=f"Staafdiagram van het aantal unieke {wie} met geleverde zorg per bouwsteen ({', '.join(bouwstenen)}), "
                "per jaar.",
            bron=self.bron("declaraties"), fig_id=f"fig-clienten-{wet}-{'-'.join(b.lower() for b in bouwstenen)[:40]}")
        if not isinstance(chart, GridElement):
            # Every count small: the sentence that says so joins the chart's element (its data stays the grid's).
            element.html += chart.html
            return element
        return ElementGroup([element, chart], element.titel)

    def tabellen_bouwsteen(self, wet: str) -> Element:
        """Per bouwsteen of `bouwsteen_tabellen.<wet>` a table of its clients and costs per year
        (small client counts, and what follows from them, hidden by the registry's rule)."""
        gevraagd = [str(b) for b in ((self.gemeente.raw.get("bouwsteen_tabellen") or {}).get(wet) or [])]
        if not gevraagd:
            return Element("")
        return ElementGroup([self._bouwsteen_tabel(wet, b) for b in gevraagd])

    def _bouwsteen_tabel(self, wet: str, bouwsteen: str) -> Element:
        wie = self.label("clienten", wet)
        clienten = self.pub.select(f"{wet}.clienten", self.years(), [bouwsteen])
        kosten = self.pub.select(f"{wet}.kosten_bouwsteen", self.years(), [bouwsteen])
        if clienten.empty and kosten.empty:
            return self.niet_beschikbaar(f"{bouwsteen}: cliënten en kosten")
        labels = self.jaar_labels(clienten, kosten)
        cells = pd.concat([self.cells(clienten, [f"Aantal {wie}"] * len(clienten), clienten["periode"].map(labels)),
                           self.cells(kosten, ["Kosten"] * len(kosten), kosten["periode"].map(labels))],
                          ignore_index=True)
        return self.tabel(cells, caption=f"{bouwsteen}: aantal {wie} en kosten per jaar", rij_kop="",
                          rows=[f"Aantal {wie}", "Kosten"], noot=self.noot(clienten, kosten),
                          bron=self.bron("declaraties"))


__all__ = ["BouwsteenClientenMixin"]
