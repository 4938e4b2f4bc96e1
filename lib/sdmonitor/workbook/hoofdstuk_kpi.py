"""The appendix with the council's KPIs: a mixin of `monitor.Monitor`."""

from __future__ import annotations

import pandas as pd

from sdmonitor.publish import presentation
from sdmonitor.publish.element import Element
from sdmonitor.workbook.monitor_basis import MonitorBasis
from sdmonitor.publish.suppression import legend


class KpiMixin(MonitorBasis):
    """The KPI table; expects `MonitorBasis`."""

    def tabel_kpis(self) -> Element:
        """The 25 KPIs of the council, each with its value or the reason it is not available.

        A KPI that is one figure of the figure table is printed from the published figures (so the
        small-numbers rule applies and the cell carries its source keys); a calculated KPI (a share,
        the uitnutting of the begroting) is formatted from its exact value.
        """
        from sdmonitor.publish.formatting import waarde as fmt
        from sdmonitor.figures.kpi_overzicht import SHARE_SOURCES, kpi_overzicht, load_catalogue

        shares = {int(e["nummer"]): SHARE_SOURCES[e["berekening"]] for e in load_catalogue()
                  if e.get("berekening") in SHARE_SOURCES}

        # The runner's kpi-overzicht.csv when there is one: no second computation, no raw data read.
        table = self._overzicht if self._overzicht is not None else kpi_overzicht(
            self.figures, self.selection, self.periode)
        cols = ["Doel", "KPI", "Waarde", "Periode", "Toelichting"]
        # A KPI with several parts (Jeugd and Wmo) has several rows: number them 4a, 4b, ...
        numbers = [str(n) for n in table["nummer"]]
        counts = {n: numbers.count(n) for n in numbers}
        seen: dict[str, int] = {}
        rows = []
        for n in numbers:
            seen[n] = seen.get(n, 0) + 1
            rows.append(n if counts[n] == 1 else f"{n}{'abcdefghij'[seen[n] - 1]}")
        cells = []
        for n, (_, r) in zip(rows, table.iterrows()):
            value, eenheid = r["waarde"], str(r["eenheid"])
            # The KPI table mixes units in one column: a number of days says so.
            suffix = " dagen" if eenheid == "dagen" else ""
            source = self.pub.get(r["indicator"], r["periode"], r["dimensie"]) if r["indicator"] else None
            waarde_cell: dict = {"tekst": "niet beschikbaar"}
            if source is not None:
                waarde_cell = {"tekst": source.tekst + ("" if source.onderdrukt else suffix),
                               "indicator": source.indicator, "periode": source.periode,
                               "dimensie": source.dimensie}
            elif pd.notna(value) and self._share_reveals_hidden(shares.get(int(r["nummer"])), str(r["periode"])):
                waarde_cell = {"tekst": self.pub.rules.teken_secundair}
            elif pd.notna(value):
                waarde_cell = {"tekst": fmt(float(value), eenheid) + suffix}
            for c, v in zip(cols, [r["doel"], r["kpi"], None, r["periode"], r["toelichting"]]):
                cell = dict(waarde_cell) if c == "Waarde" else {"tekst": "" if pd.isna(v) else str(v)}
                cells.append({"rij": n, "kolom": c, **cell})
        frame = pd.DataFrame(cells)
        for col in presentation.SOURCE_COLUMNS:
            frame[col] = frame[col].fillna("") if col in frame else ""
        return self._tabel(frame, "KPI's in de rapportage", "Nr.", rows, cols,
                                             noot=legend(self.drempel))

    def _share_reveals_hidden(self, indicator: str | None, periode: str) -> bool:
        """Whether a share computed from the breakdown of `indicator` uses a hidden count."""
        if not indicator:
            return False
        return bool(self.pub.select(indicator, [periode], totaal=False)["verborgen"].any())
