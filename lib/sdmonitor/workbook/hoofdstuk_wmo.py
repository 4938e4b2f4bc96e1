"""Elements of the Wmo chapter that not every municipality has (seed 003 §4.1 and §4.2).

A mixin of the `Monitor`, as every chapter's: each method returns one published element, or nothing
when the municipality's parameters do not ask for it, so one notebook serves every municipality with one
call per cell: `m.figuur_avan()`. The section Doorlooptijden is `m.tabel_doorlooptijden("wmo", ...)`, shared
with Jeugd (`ZorggebruikMixin`).
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures import vergrijzing
from sdmonitor.periods import MAANDEN
from sdmonitor.publish import charts, presentation
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import maand
from sdmonitor.publish.suppression import legend
from sdmonitor.workbook import waarom
from sdmonitor.workbook.monitor_basis import NATIONAAL, MonitorBasis

VOORZIENINGEN = {"beschermd-wonen": "Beschermd wonen en beschermd thuis",
                 "maatschappelijke-opvang": "Maatschappelijke opvang"}
KENMERKEN = {"clienten": "Cliënten met een indicatie", "meldingen": "Nieuwe meldingen", "wachtenden": "Wachtenden"}


class WmoMixin(MonitorBasis):
    """The Wmo elements that not every municipality has (methods of the `Monitor`)."""

    def figuur_clienten_groep_per_maand(self, wet: str, groep: str) -> Element:
        """Unique clients per month of a bouwsteen group the municipality defines (Druten's Wmo-nieuw and
        Wmo-klassiek), one line per year. Months whose declarations are not yet complete are left off the
        line (the group has no expected value of its own) and named in the note."""
        eigen = (self.gemeente.raw.get("bouwsteengroepen") or {}).get(wet, {})
        if groep not in eigen:
            return Element("")
        titel = ((self.gemeente.raw.get("bouwsteengroep_titels") or {}).get(wet, {}) or {}).get(groep, groep)
        rows = self.pub.select(f"{wet}.clienten_groep", self.periode.months, [groep])
        if rows.empty:
            return self.niet_beschikbaar(f"Cliënten {titel}")
        voorlopig = set(self.voorlopige_maanden(wet))
        final = rows[~rows["periode"].isin(voorlopig)]
        data = final.assign(maand=final["periode"], onderdrukt=final["verborgen"])
        wie = self.label("clienten", wet)
        fig, _ = charts.lines_per_year(data, f"Aantal {wie}")
        label = rows["periode"].where(~rows["periode"].isin(voorlopig), rows["periode"] + "*")
        cells = self.cells(rows, rows["periode"].str[5:].astype(int).map(lambda k: MAANDEN[k - 1]),
                           label.str[:4] + label.str[7:].replace("*", " (voorlopig)")).assign(reeks=titel)
        noot = self.noot(rows)
        if voorlopig & set(rows["periode"]):
            eerste = min(voorlopig & set(rows["periode"]))
            noot = (f"Maanden vanaf {maand(eerste)} zijn voorlopig: nog niet alle declaraties zijn binnen. Ze staan "
                    f"in de tabel maar niet in de grafiek. {noot}").strip()
        return self.figure(fig, caption=f"Aantal unieke {wie} {titel} per maand",
                           alt=f"Lijndiagram met per jaar een lijn van het aantal unieke {wie} met {titel} per maand.",
                           cells=cells, rij_kop="Maand", bron=self.bron("declaraties"),
                           fig_id=f"fig-{wet}-{presentation.slug(groep)}-maand", noot=noot, rows=MAANDEN)

    def tabel_uitnutting(self, wet: str, groep: str) -> Element:
        """Allocated against delivered volume per bouwsteen of a chart group and year (seed 003: "de
        uitnutting van de hulp bij het huishouden ligt op 82%")."""
        titel, bouwstenen = self.group(wet, groep)
        if not self.has_table("toewijzingen"):
            return self.niet_beschikbaar(f"Uitnutting {titel} (toewijzingen)")
        toegewezen = self.pub.select(f"{wet}.toegewezen_volume", self.years(), bouwstenen)
        if toegewezen.empty:
            return Element("")
        present = sorted(set(toegewezen["dimensie"]))
        parts = [(toegewezen, "Toegewezen"),
                 (self.pub.select(f"{wet}.volume", self.years(), present), "Gedeclareerd"),
                 (self.pub.select(f"{wet}.uitnutting", self.years(), present), "Uitnutting")]
        cells = pd.concat([self.cells(r, r["dimensie"] + " " + r["periode"].map(self.jaar_label), [naam] * len(r))
                           for r, naam in parts if not r.empty], ignore_index=True)
        rows = [f"{b} {self.jaar_label(y)}" for b in present for y in self.years()]
        units = dict(zip(toegewezen["dimensie"], toegewezen["eenheid"]))
        noot = ("Toegewezen: het volume dat de toewijzingen voor de dagen van het jaar toekenden; gedeclareerd: het "
                "geleverde volume; uitnutting = gedeclareerd / toegewezen. Eenheid: "
                + ", ".join(f"{u} ({b})" for b, u in sorted(units.items()))
                + f". {self.jaar_label(self.periode.jaar)} is een deel van het jaar en nog niet volledig "
                "gedeclareerd. "
                + self.noot(parts[2][0])).strip()
        return self.tabel(cells, caption=f"Uitnutting {titel}: toegewezen en gedeclareerd volume",
                          rij_kop="Bouwsteen en jaar", rows=[r for r in rows if r in set(cells["rij"])],
                          cols=[naam for _, naam in parts], noot=noot, bron=self.bron("declaraties"))

    def figuur_vergrijzing(self) -> Element:
        """The 65+ share of the gemeente and the Netherlands over the report years and on through the
        last projected year of `bevolking` (seed 000 §4.1: "de prognose van 65-plussers als aandeel van
        de bevolking. Voor zowel Wijchen als Nederland"). Projected years are dashed, shaded and marked
        "(prognose)" in the table; without projection rows the figure shows the report years only."""
        namen = {"": self.gemeente.naam, NATIONAAL: "Nederland"}
        gezien = self.pub.select("bevolking.aandeel_65plus", self.years(), dimensies=list(namen))
        prognose = self.pub.select(vergrijzing.INDICATOR, dimensies=list(namen))
        if not ((gezien["dimensie"] == "").any() or (prognose["dimensie"] == "").any()):
            return self.niet_beschikbaar("Vergrijzing (bevolking)")
        later = prognose[prognose["periode"].astype(int) > self.periode.jaar]
        rows = pd.concat([gezien, later], ignore_index=True).sort_values(["dimensie", "periode"], kind="mergesort")
        geprojecteerd = set(prognose.loc[prognose["dimensie"] == "", "periode"]) or set(prognose["periode"])
        vanaf = min((int(j) for j in geprojecteerd), default=None)
        reeks = rows["dimensie"].map(namen)
        data = pd.DataFrame({"jaar": rows["periode"], "reeks": reeks, "waarde": 100.0 * rows["waarde"]})
        fig, _ = charts.compare_lines(data, "% inwoners 65 jaar en ouder", "procent", prognose_vanaf=vanaf)
        jaar = rows["periode"].where(~rows["periode"].isin(geprojecteerd), rows["periode"] + " (prognose)")
        cells = self.cells(rows, jaar, reeks)
        eerste, laatste = rows["periode"].min(), rows["periode"].max()
        titel = f"Aandeel inwoners van 65 jaar en ouder, {eerste}–{laatste}"
        noot = ""
        if vanaf is not None:
            titel += f" (vanaf {vanaf} prognose)"
            noot = (f"Vanaf {vanaf} gaat het om de bevolkingsprognose (gestippeld); tot dan om de waargenomen "
                    "bevolking op 1 januari.")
        return self.figure(fig, caption=titel,
                           alt=f"Lijndiagram van het percentage inwoners van 65 jaar en ouder in {self.gemeente.naam} "
                               f"en in Nederland op 1 januari, per jaar van {eerste} tot en met {laatste}.",
                           cells=cells, rij_kop="Jaar", bron=self.bron("bevolking"), fig_id="fig-vergrijzing",
                           noot=noot, rows=list(dict.fromkeys(jaar.sort_values())),
                           cols=[n for n in namen.values() if n in set(reeks)])

    def figuur_avan(self) -> Element:
        """AVAN pass holders and users per month from January Y-3 (seed 003 figuur 21 "Aantal AVAN-klanten
        met een pas en aantal klanten dat gebruik heeft gemaakt van de pas"; seed 000 figuur 25), from
        the optional table `avan_passen`."""
        if not self.has_table("avan_passen"):
            return self.niet_beschikbaar(f"AVAN-pashouders en -gebruikers (bron: {self.bron('avan_passen')})")
        namen = {"wmo.avan_pashouders": "Pashouders", "wmo.avan_gebruikers": "Gebruikers"}
        rows = pd.concat([self.pub.select(i, self.periode.months, totaal=True).assign(reeks=n)
                          for i, n in namen.items()], ignore_index=True)
        if rows.empty:
            return self.niet_beschikbaar("AVAN-pashouders en -gebruikers")
        data = rows.assign(maand=rows["periode"], onderdrukt=rows["verborgen"])
        fig, _ = charts.series_over_months(data, "Aantal cliënten", soort="line")
        breuk_noot = waarom.markeer_maand_chart(self, fig, list(namen), sorted(data["maand"].unique()))
        cells = self.cells(data, data["maand"].map(maand), data["reeks"])
        return self.figure(fig,
                           caption="Aantal AVAN-klanten met een pas en aantal klanten dat de pas gebruikte, per maand",
                           alt=f"Lijndiagram van het aantal cliënten met een AVAN-pas en het aantal dat in de maand "
                               f"met AVAN reisde, per maand van januari {self.periode.jaar - 3} tot en met "
                               f"{maand(str(self.periode))}.",
                           cells=cells, rij_kop="Maand", bron=self.bron("avan_passen"), fig_id="fig-wmo-avan",
                           noot=" ".join(t for t in (breuk_noot, self.noot(data)) if t),
                           rows=[maand(p) for p in self.periode.months if p in set(rows["periode"])],
                           cols=[n for n in namen.values() if n in set(rows["reeks"])])

    def tabel_regionale_voorziening(self, voorziening: str) -> Element:
        """Beschermd wonen / maatschappelijke opvang: the centrumgemeente's figures for this gemeente next
        to the region's, per year (seed 000 §4.2: "Van de 848 cliënten met een BW/BT indicatie regionaal
        verblijven er 35 in Wijchen"; "voor herkomst Wijchen in 2025 16 meldingen"), from the optional
        table `regionale_voorzieningen`."""
        titel = VOORZIENINGEN[voorziening]
        if not self.has_table("regionale_voorzieningen"):
            return self.niet_beschikbaar(f"{titel} (bron: {self.bron('regionale_voorzieningen')})")
        prefix = voorziening.replace("-", "_")
        parts, order, eigen = [], [], False
        for kenmerk, label in KENMERKEN.items():
            for suffix, wie in (("", self.gemeente.naam), ("_regio", "regio")):
                rows = self.pub.select(f"{prefix}.{kenmerk}{suffix}", self.years(), totaal=True)
                if not rows.empty:
                    rij = f"{label}, {wie}"
                    parts.append(self.cells(rows, [rij] * len(rows), rows["periode"].map(self.jaar_label)))
                    order.append(rij)
                    eigen |= suffix == ""
        if not eigen:  # only the region's figures: nothing about this gemeente to report
            return self.niet_beschikbaar(titel)
        cells = pd.concat(parts, ignore_index=True)
        cols = [self.jaar_label(j) for j in self.years() if self.jaar_label(j) in set(cells["kolom"])]
        naam = self.gemeente.naam
        noot = " ".join(t for t in (f"Cijfers van de centrumgemeente; {naam}: inwoners van (of meldingen met "
                                    f"herkomst) {naam}.", legend(self.drempel) if "<" in "".join(cells["tekst"])
                                    else "") if t)
        return self.tabel(cells, caption=f"{titel}: {naam} en de regio", rij_kop="", rows=order, cols=cols,
                          noot=noot, bron=self.bron("regionale_voorzieningen"))


__all__ = ["KENMERKEN", "VOORZIENINGEN", "WmoMixin"]
