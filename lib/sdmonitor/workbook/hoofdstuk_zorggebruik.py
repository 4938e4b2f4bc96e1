"""Care-use elements shared by the chapters Jeugd and Wmo: clients per month and year, the PGB
share, the bouwsteen charts and the section Doorlooptijden. A mixin of `monitor.Monitor`.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.periods import MAANDEN
from sdmonitor.publish import charts, presentation
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import maand, procent
from sdmonitor.workbook import sectie_doorlooptijden, waarom
from sdmonitor.workbook.hoofdstuk_bouwsteen_clienten import BouwsteenClientenMixin
from sdmonitor.workbook.monitor_basis import _html


class ZorggebruikMixin(BouwsteenClientenMixin):
    """Clients and bouwsteen charts of a wet; expects `MonitorBasis`."""

    def figuur_clienten_per_maand(self, wet: str) -> Element:
        """Distinct clients with delivered care per month, one line per year."""
        rows = self.pub.select(f"{wet}.clienten", self.periode.months, totaal=True)
        if rows.empty:
            return self.niet_beschikbaar("Cliënten per maand")
        data = rows.assign(maand=rows["periode"], onderdrukt=rows["verborgen"])
        wie = self.label("clienten", wet)
        # Voorlopig months by the clients' own status (their completeness), with the expected final count.
        maanden = list(rows.loc[rows["status"] == sw.VOORLOPIG, "periode"])
        voorlopig = self.pub.select(f"{wet}.clienten_verwacht", maanden, totaal=True)
        voorlopig = voorlopig[~voorlopig["verborgen"] & voorlopig["status"].map(sw.has_data).astype(bool)]
        fig, _ = charts.lines_per_year(data, f"Aantal {wie}", voorlopig.assign(maand=voorlopig["periode"]))
        cells = self.cells(data, data["maand"].str[5:].astype(int).map(lambda m: MAANDEN[m - 1]), data["maand"].str[:4])
        if len(voorlopig):
            cells = pd.concat([cells, self.cells(voorlopig, voorlopig["periode"].str[5:].astype(int).map(
                lambda m: MAANDEN[m - 1]), voorlopig["periode"].str[:4] + " verwacht (voorlopig)")], ignore_index=True)
        return self.figure(fig,
                           caption=f"Aantal unieke {wie} met gedeclareerde zorg ({self.label('wet', wet)}) per maand",
                           alt=f"Lijndiagram met per jaar een lijn van het aantal unieke {wie} met geleverde zorg per "
                               f"maand, van januari {self.periode.jaar - 3} tot en met {maand(str(self.periode))}.",
                           cells=cells, rij_kop="Maand", bron=self.bron("declaraties"),
                           fig_id=f"fig-{wet}-clienten-maand",
                           noot=" ".join(t for t in (self._voorlopig_noot(list(voorlopig["periode"])),
                                                     self.noot(rows)) if t),
                           rows=MAANDEN)

    def figuur_clienten_per_jaar(self, wet: str) -> Element:
        """Distinct clients per year (the current year to date)."""
        rows = self.pub.select(f"{wet}.clienten", self.years(), totaal=True)
        if rows.empty:
            return self.niet_beschikbaar("Cliënten per jaar")
        wie = self.label("clienten", wet)
        if (zin := self.geen_gegevens(rows, f"Aantal {wie} per jaar")) is not None:
            return zin
        data = rows.assign(categorie=rows["periode"].map(self.jaar_labels(rows)), reeks=f"Aantal {wie}",
                           onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, f"Aantal {wie}")
        cells = self.cells(data, data["reeks"], data["categorie"])
        return self.figure(fig,
                           caption=f"Totaal aantal unieke {wie} met ondersteuning vanuit de {self.label('wet', wet)}",
                           alt=f"Staafdiagram van het aantal unieke {wie} met geleverde zorg per jaar; het lopende "
                               "jaar tot en met de laatste maand, als deel van het jaar gemarkeerd.",
                           cells=cells, rij_kop="", bron=self.bron("declaraties"), fig_id=f"fig-{wet}-clienten-jaar",
                           noot=self.noot(rows))

    def figuur_pgb_aandeel(self, wet: str) -> Element:
        """PGB share of the costs per year."""
        rows = self.pub.select(f"{wet}.pgb_aandeel", self.years(), totaal=True)
        if rows.empty:
            return self.niet_beschikbaar("Aandeel PGB")
        caption = f"Percentage PGB {self.label('wet', wet)} van de totale kosten {self.label('wet', wet)}"
        if (zin := self.geen_gegevens(rows, caption)) is not None:
            return zin
        data = rows.assign(categorie=rows["periode"].map(self.jaar_labels(rows)), reeks="PGB",
                           onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, "Aandeel PGB in de kosten", eenheid="fractie")
        cells = self.cells(data, ["Aandeel PGB"] * len(data), data["categorie"])
        return self.figure(fig, caption=caption,
                           alt=f"Staafdiagram van het aandeel persoonsgebonden budget in de totale kosten "
                               f"{self.label('wet', wet)}, per jaar.",
                           cells=cells, rij_kop="", bron=self.bron("declaraties"), fig_id=f"fig-{wet}-pgb")

    def _grouped_bouwstenen(self, wet: str) -> set[str]:
        return {b for key in self.style["bouwsteengroepen"].get(wet, {}) for b in self.group(wet, key)[1]}

    def _present_bouwstenen(self, wet: str, wanted: list[str]) -> list[str]:
        rows = self.pub.select(f"{wet}.volume", self.years())
        active = set(rows.loc[rows["waarde"].abs() > 0, "dimensie"])
        return [b for b in wanted if b in active]

    def figuur_bouwsteen(self, wet: str, groep: str | list[str], titel: str = "") -> Element:
        """The bouwsteen chart: realisatie per year, prognose (current year) and nulmeting, in the unit."""
        group_title, wanted = self.group(wet, groep)
        titel = titel or group_title
        bouwstenen = self._present_bouwstenen(wet, wanted)
        if not bouwstenen:
            return _html(presentation.not_available_html(
                f"{titel}: geen zorggebruik op deze bouwstenen in de periode."))
        element = waarom.met_uitleg(self, self._bouwsteen_figure(wet, bouwstenen, titel), wet, bouwstenen, groep)
        return self.met_clienten(element, wet, bouwstenen, titel)

    def figuur_overige_bouwstenen(self, wet: str) -> Element:
        """Every bouwsteen of the data that no house-style group shows, so none is left out."""
        grouped = self._grouped_bouwstenen(wet)
        rows = self.pub.select(f"{wet}.volume", self.years())
        rest = sorted(set(rows.loc[rows["waarde"].abs() > 0, "dimensie"]) - grouped)
        if not rest:
            return _html("")
        return waarom.met_uitleg(self, self._bouwsteen_figure(wet, rest, "Overige bouwstenen"), wet, rest)

    def _bouwsteen_figure(self, wet: str, bouwstenen: list[str], titel: str) -> Element:
        year = str(self.periode.jaar)
        parts = []
        for name, indicator, years in (("realisatie", f"{wet}.volume", self.years()),
                                       ("prognose", f"{wet}.prognose_volume", [year]),
                                       ("nulmeting", f"{wet}.nulmeting_volume", self.years())):
            r = self.pub.select(indicator, years, bouwstenen)
            parts.append(r.assign(soort=name))
        long = pd.concat(parts, ignore_index=True)
        wide = long.pivot_table(index=["dimensie", "periode"], columns="soort", values="waarde", aggfunc="first")
        wide = wide.reindex(columns=["realisatie", "prognose", "nulmeting"])
        wide = wide.reindex(pd.MultiIndex.from_product([bouwstenen, self.years()])).reset_index()
        wide.columns = ["bouwsteen", "jaar", "realisatie", "prognose", "nulmeting"]
        # The realisatie's status per bar: geen_gegevens draws none, voorlopig/deelperiode hatched.
        real = long[long["soort"] == "realisatie"].set_index(["dimensie", "periode"])["status"]
        wide["status"] = [real.get((b, j), sw.GEEN_GEGEVENS) for b, j in zip(wide["bouwsteen"], wide["jaar"])]
        wide["jaar"] = wide["jaar"].astype(int)
        units = long.loc[long["soort"] == "realisatie"].groupby("dimensie")["eenheid"].first()
        unit_text = ", ".join(sorted(set(units))) or "volume"
        fig, _ = charts.bouwsteen_chart(wide, f"Aantal ({unit_text})", self.periode.jaar,
                                        tuple(j for j in (self.periode.jaar - 1,) if self.jaar_voorlopig(wet, j)),
                                        eenheden={str(b): str(u) for b, u in units.items()},
                                        periode=self.periode)
        breuk_noot = waarom.markeer_bouwsteen_chart(self, fig, wet, bouwstenen)
        clients = self.pub.select(f"{wet}.clienten", self.years(), bouwstenen)
        kolom = self.jaar_labels(long[long["soort"] == "realisatie"], clients)
        cells = self.cells(long, long["dimensie"] + " " + long["periode"].map(kolom),
                            long["soort"].str.capitalize())
        # Clients beside the units (seeds 000 and 003 report both per bouwsteen).
        cells = pd.concat([cells, self.cells(clients, clients["dimensie"] + " " + clients["periode"].map(kolom),
                                              ["Cliënten"] * len(clients))], ignore_index=True)
        rows = [f"{b} {kolom[y]}" for b in bouwstenen for y in self.years()]
        rows = [r for r in rows if r in set(cells["rij"])]
        caption = f"{titel}: aantal eenheden ({unit_text}) per jaar"
        alt = (f"Staafdiagram per bouwsteen ({', '.join(bouwstenen)}) met de realisatie per jaar van "
               f"{self.periode.jaar - 3} tot en met {self.periode.jaar} in {unit_text}, de prognose voor "
               f"{self.periode.jaar} als lichtere staaf en de nulmeting als zwarte streep.")
        vorig = self.periode.jaar - 1
        noot = (f"{vorig} is voorlopig: nog niet alle declaraties over {vorig} zijn binnen "
                f"(naar verwachting {procent(self.jaar_compleetheid(wet, vorig) or 1, 0)} van de kosten), dus de "
                f"realisatie {vorig} valt nog wat hoger uit." if self.jaar_voorlopig(wet, vorig) else "")
        noot = (f"{noot} Cliënten: unieke {self.label('clienten', wet)} met geleverde zorg op de bouwsteen "
                "in het jaar.").strip()
        return self.figure(fig, caption=caption, alt=alt, cells=cells, rij_kop="Bouwsteen en jaar",
                           bron=self.bron("declaraties"), fig_id=f"fig-{wet}-{presentation.slug(titel)}",
                           noot=" ".join(t for t in (noot, breuk_noot, self.noot(clients)) if t), rows=rows,
                           cols=[c for c in ("Realisatie", "Prognose", "Nulmeting", "Cliënten")
                                 if c in set(cells["kolom"])])

    def tabel_doorlooptijden(self, wet: str, onderdeel: str = "overzicht", stap: str = "declaratie") -> Element:
        """A table of the section Doorlooptijden of `wet` from the message chain (aanvraag → toewijzing → start
        zorg, einde zorgmaand → declaratie): `overzicht`, `kwartaal`, `productcategorie` or `aanbieder` (of
        `stap`); see `sectie_doorlooptijden`."""
        return sectie_doorlooptijden.tabel(self, wet, onderdeel, stap)
