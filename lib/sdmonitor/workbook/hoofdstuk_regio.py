"""Elements of the chapter Regio: the benchmark figures of the own municipality, the region's
municipalities and the Netherlands. A mixin of `monitor.Monitor`.

The own values carry their status: without data "geen gegevens" (no bar, never 0); a part year
("deelperiode") is not set beside the other areas' full years (no bar, the table says why); a
voorlopig value is drawn and marked "(voorlopig)".
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures.rows import GEEN_GEGEVENS as STATUS_GEEN_GEGEVENS
from sdmonitor.publish import charts, presentation
from sdmonitor.publish.element import Element, ElementGroup, GridElement
from sdmonitor.publish.formatting import getal
from sdmonitor.publish.status_weergave import GEEN_GEGEVENS_TEKST
from sdmonitor.workbook.monitor_basis import NATIONAAL, MonitorBasis

GEEN_GEGEVENS = GEEN_GEGEVENS_TEKST
DEELPERIODE_TEKST = "deel van het jaar, niet vergelijkbaar"


def _own_text(tekst: str, status: str) -> tuple[str, bool]:
    """(printed text, comparable) of an own value by its status (replaceable by the report's
    shared status labels)."""
    if status == STATUS_GEEN_GEGEVENS:
        return GEEN_GEGEVENS, False
    if status == "deelperiode":
        return DEELPERIODE_TEKST, False
    return tekst + (" (voorlopig)" if status == "voorlopig" else ""), True


class RegioMixin(MonitorBasis):
    """Regional comparison; expects `MonitorBasis`."""

    def _gebied_naam(self, code: str) -> str:
        return str(self.style.get("gebieden", {}).get(code, code))

    def _regio_text(self, indicator: str, value: float) -> str:
        kind = self.style["regio"]["eenheid"].get(indicator, "per_1000")
        if kind == "per_1000":
            return getal(value, 1)
        from sdmonitor.publish.formatting import waarde as fmt

        return fmt(value, kind)

    def _own_regio_cell(self, indicator: str, year: str) -> dict | None:
        """The own municipality's value for a benchmark indicator, from the figure table (with its
        source keys); the house style maps benchmark indicators to figure-table indicators."""
        spec = self.style["regio"]["eigen_waarde"].get(indicator, {})
        if "indicator" in spec:
            fig = self.pub.get(spec["indicator"], year)
            if fig is None:
                return None
            # Same number format as the other areas in the chart; a hidden value keeps its sign.
            tekst = fig.tekst if fig.onderdrukt or pd.isna(fig.waarde) else self._regio_text(indicator, fig.waarde)
            tekst, comparable = _own_text(tekst, fig.status)
            return {"waarde": fig.waarde if comparable else float("nan"), "tekst": tekst,
                    "onderdrukt": fig.onderdrukt, "vergelijkbaar": comparable,
                    "indicator": fig.indicator, "periode": fig.periode, "dimensie": fig.dimensie}
        return None

    def figuren_regio(self) -> Element:
        """Per benchmark indicator: the own municipality, the region's municipalities and NL, latest year."""
        bench = self.invoer.benchmark
        if bench is None or bench.empty:
            return self.niet_beschikbaar("Regionale vergelijking")
        own = self.gemeente.code
        areas = [a for a in (list(self.gemeente.regio_gemeenten) or [own]) if a != own]
        totals = bench[(bench["dimensie"].fillna("") == "") & (bench["periode"].astype(str).str.len() == 4)]
        totals = totals[totals["periode"].astype(int) <= self.periode.jaar]
        elements = []
        for indicator, part in totals.groupby("indicator", sort=True):
            indicator = str(indicator)
            latest = part["periode"].astype(str).max()
            part = part[part["periode"].astype(str) == latest]
            records = []
            own_rows = part[part["gebied"] == own]
            cell = self._own_regio_cell(indicator, latest)
            if cell is None and len(own_rows):
                v = float(own_rows["waarde"].iloc[0])
                cell = {"waarde": v, "tekst": self._regio_text(indicator, v), "onderdrukt": False}
            if cell is not None:
                records.append({"gebied": own, **cell})
            for area in areas + [NATIONAAL]:
                hit = part[part["gebied"] == area]
                if len(hit):
                    v = float(hit["waarde"].iloc[0])
                    records.append({"gebied": area, "waarde": v, "tekst": self._regio_text(indicator, v),
                                    "onderdrukt": False})
            if len(records) < 2:
                continue
            frame = pd.DataFrame(records)
            frame["categorie"] = frame["gebied"].map(self._gebied_naam)
            label = self._benchmark_label(indicator)
            frame["reeks"] = label
            kind = self.style["regio"]["eenheid"].get(indicator, "aantal")
            drawn = frame[frame.get("vergelijkbaar", pd.Series(True, index=frame.index)).fillna(True).astype(bool)]
            fig, _ = charts.grouped_bars(drawn, label, eenheid="aantal" if kind == "per_1000" else kind,
                                         horizontal=True, highlight=self._gebied_naam(own))
            cells = pd.DataFrame({"rij": frame["categorie"], "kolom": f"{label} {latest}", "tekst": frame["tekst"]})
            for col in presentation.SOURCE_COLUMNS:
                cells[col] = frame[col] if col in frame else ""
            caption = f"{label}, {latest}"
            elements.append(GridElement(presentation.figure_html(
                fig, caption, f"Liggend staafdiagram van {label.lower()} in {latest} voor "
                f"{self.gemeente.naam}, de andere gemeenten in de regio {self.gemeente.regio} en Nederland; "
                f"{self.gemeente.naam} is donker gekleurd. De cijfers staan in de tabel bij de figuur.",
                cells, "Gebied", self.bron("benchmark"), f"fig-regio-{presentation.slug(indicator)}",
                self.noot(frame.rename(columns={"onderdrukt": "verborgen"}))), cells, self.pub.frame, caption, fig))
        if not elements:
            return self.niet_beschikbaar("Regionale vergelijking")
        return ElementGroup(elements, "Regionale vergelijking")

    def figuur_regio_bouwstenen(self, wet: str) -> Element:
        """Clients per 1.000 inhabitants per bouwsteen: own municipality vs the region's average."""
        bench = self.invoer.benchmark
        indicator = f"{wet}.clienten_per_1000"
        titel = f"{self.label('wet', wet)} per bouwsteen in de regio"
        if bench is None:
            return self.niet_beschikbaar(titel)
        own = self.gemeente.code
        areas = [a for a in self.gemeente.regio_gemeenten if a != own]
        part = bench[(bench["indicator"] == indicator) & (bench["dimensie"].fillna("") != "")
                     & bench["gebied"].isin(areas)]
        part = part[part["periode"].astype(str).str.len() == 4]
        part = part[part["periode"].astype(int) <= self.periode.jaar]
        if part.empty:
            return self.niet_beschikbaar(titel)
        latest = part["periode"].astype(str).max()
        part = part[part["periode"].astype(str) == latest]
        # Unweighted mean: every municipality of the region counts once, as in the regional monitor.
        regio = part.groupby("dimensie")["waarde"].mean()
        records = []
        for bouwsteen, v in regio.items():
            eigen = self.pub.get(indicator, latest, str(bouwsteen))
            if eigen is not None:
                tekst, comparable = _own_text(eigen.tekst if eigen.onderdrukt or pd.isna(eigen.waarde)
                                              else getal(eigen.waarde, 1), eigen.status)
                records.append({"categorie": bouwsteen, "reeks": self.gemeente.naam,
                                "waarde": eigen.waarde if comparable else float("nan"), "tekst": tekst,
                                "onderdrukt": eigen.onderdrukt, "vergelijkbaar": comparable})
            records.append({"categorie": bouwsteen, "reeks": "Gemiddelde andere regiogemeenten", "waarde": float(v),
                            "tekst": getal(v, 1), "onderdrukt": False})
        frame = pd.DataFrame(records)
        drawn = frame[frame["vergelijkbaar"].fillna(True).astype(bool)] if "vergelijkbaar" in frame else frame
        fig, _ = charts.grouped_bars(drawn, "Cliënten per 1.000 inwoners", horizontal=True)
        cells = pd.DataFrame({"rij": frame["categorie"], "kolom": frame["reeks"], "tekst": frame["tekst"]})
        return self.figure(fig,
                           caption=f"{self.label('clienten', wet).capitalize()} per 1.000 inwoners per bouwsteen, "
                               f"{self.gemeente.naam} en de regio, {latest}",
                           alt=f"Liggend staafdiagram per bouwsteen van het aantal {self.label('clienten', wet)} per "
                               f"1.000 inwoners in {self.gemeente.naam}, naast het gemiddelde van de andere gemeenten "
                               f"in de regio {self.gemeente.regio}, in {latest}.",
                           cells=cells, rij_kop="Bouwsteen",
                           bron=self.bron("benchmark") + "; " + self.bron("declaraties"),
                           fig_id=f"fig-regio-{wet}-bouwstenen",
                           noot=self.noot(frame.rename(columns={"onderdrukt": "verborgen"})))

    def _benchmark_label(self, indicator: str) -> str:
        """The house style's label, else the registry's (the CBS figures: "... (CBS)"), else the code."""
        known = self.style.get("benchmark_labels", {})
        if indicator in known:
            return str(known[indicator])
        from sdmonitor.registry import registry

        reg = registry()
        return reg[indicator].label if indicator in reg else indicator
