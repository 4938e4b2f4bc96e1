"""Elements of the chapters Toegang (Sociaal Team, tevredenheid, klachten en bezwaren,
schoolmaatschappelijk werk, vrij toegankelijk aanbod) and Veilig Thuis: a mixin of `monitor.Monitor`.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.publish import charts, presentation
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import cijfer, maand, procent
from sdmonitor.workbook import totaal_per_jaar
from sdmonitor.workbook.monitor_basis import TOTAAL, MonitorBasis

INDICATOR = "toegang.vrij_toegankelijk_deelnemers"

class ToegangMixin(MonitorBasis):
    """Toegang and Veilig Thuis elements; expects `MonitorBasis`."""

    def _months_from(self, first_year: int) -> list[str]:
        return [m for m in self.periode.months if int(m[:4]) >= first_year]

    def _monthly_by_dim(self, indicator: str, first_year: int) -> pd.DataFrame:
        rows = self.pub.select(indicator, self._months_from(first_year), totaal=False)
        return rows.assign(maand=rows["periode"], reeks=rows["dimensie"].map(lambda z: self.label("zorgtype", z)),
                           waarde=rows["waarde"], onderdrukt=rows["verborgen"])

    def figuur_meldingen_per_maand(self) -> Element:
        """New meldingen per month per zorgtype, January Y-1 through the periode."""
        data = self._monthly_by_dim("toegang.meldingen", self.periode.jaar - 1)
        if data.empty:
            return self.niet_beschikbaar("Meldingen bij het Sociaal Team")
        caption = f"Aantal nieuwe hulpvragen per maand, {self.periode.jaar - 1} t/m {maand(str(self.periode))}"
        if (zin := self.geen_gegevens(data, caption)) is not None:
            return zin
        # A month without data is no bar (never a 0) and "geen gegevens" in the table.
        fig, _ = charts.series_over_months(data, "Aantal meldingen")
        alt = (f"Staafdiagram van het aantal nieuwe hulpvragen bij het Sociaal Team per maand en per zorgtype, "
               f"van januari {self.periode.jaar - 1} tot en met {maand(str(self.periode))}.")
        cells = self.cells(data, data["maand"].map(maand), data["reeks"])
        return self.figure(fig, caption=caption, alt=alt, cells=cells, rij_kop="Maand", bron=self.bron("meldingen"),
                           fig_id="fig-meldingen", noot=self.noot(data))

    def figuur_wachtlijst(self) -> Element:
        """Meldingen open at the start of each month, per zorgtype."""
        data = self._monthly_by_dim("toegang.wachtlijst", self.periode.jaar - 1)
        if data.empty:
            return self.niet_beschikbaar("Wachtlijst Sociaal Team")
        caption = "Aantal openstaande hulpvragen Sociaal Team aan het begin van de maand"
        if (zin := self.geen_gegevens(data, caption)) is not None:
            return zin
        # A month without data is a gap in the line (never a dip to 0).
        fig, _ = charts.series_over_months(data, "Openstaande hulpvragen", soort="line")
        alt = ("Lijndiagram van het aantal openstaande hulpvragen bij het Sociaal Team op de eerste dag van elke "
               f"maand, per zorgtype, van januari {self.periode.jaar - 1} tot en met {maand(str(self.periode))}.")
        cells = self.cells(data, data["maand"].map(maand), data["reeks"])
        return self.figure(fig, caption=caption, alt=alt, cells=cells, rij_kop="Stand op de 1e van",
                           bron=self.bron("meldingen"), fig_id="fig-wachtlijst", noot=self.noot(data))

    def tabel_wachttijd(self) -> Element:
        """Median days from melding to keukentafelgesprek, per year and zorgtype."""
        rows = self.pub.select("toegang.wachttijd_mediaan", self.years())
        if rows.empty:
            return self.niet_beschikbaar("Wachttijd tot het keukentafelgesprek")
        rij = rows["dimensie"].map(lambda d: self.label("zorgtype", d) if d else TOTAAL)
        cells = self.cells(rows, rij, rows["periode"].map(self.jaar_labels(rows)))
        order = [self.label("zorgtype", d) for d in dict.fromkeys(rows["dimensie"]) if d] + [TOTAAL]
        return self.tabel(cells, caption="Mediane wachttijd in dagen van melding tot keukentafelgesprek",
                          rij_kop="Zorgtype", rows=[r for r in order if r in set(rij)], bron=self.bron("meldingen"),
                          noot=self.noot(rows))

    def tabel_tevredenheid(self, onderdeel: str) -> Element:
        """Results of the cliëntervaringsonderzoek for one section: latest year "was … in <year before>"."""
        spec = self.style["tevredenheid"][onderdeel]
        rows = self.pub.select("tevredenheid.waarde")
        if rows.empty:
            return self.niet_beschikbaar("Cliëntervaringsonderzoek")
        parts = rows["dimensie"].str.split("/", n=1, expand=True)
        rows = rows.assign(doelgroep=parts[0], vraag=parts[1])
        rows = rows[rows["doelgroep"].isin(spec["doelgroepen"]) & rows["vraag"].isin(spec["vragen"])]
        if rows.empty:
            return self.niet_beschikbaar("Cliëntervaringsonderzoek voor dit onderdeel")
        # The survey runs a year behind: the latest year WITH results, not a year without data.
        latest = max(rows.loc[rows["status"] != "geen_gegevens", "periode"], default=max(rows["periode"]))
        years = [str(int(latest) - 1), latest]
        shown = rows[rows["periode"].isin(years)]
        # A score of fewer respondents than the threshold keeps its published "x" (issue 9 §8).
        shown = shown.assign(tekst=[t if h else self._tevreden_text(v, e) for v, e, t, h in
                                    zip(shown["waarde"], shown["eenheid"], shown["tekst"], shown["verborgen"])])
        kolom = shown["doelgroep"].map(lambda d: self.label("doelgroep_kort", d)) + " " + shown["periode"]
        cells = self.cells(shown, shown["vraag"].map(lambda v: self.label("vraag", v)), kolom)
        rows_order = [self.label("vraag", v) for v in spec["vragen"] if v in set(shown["vraag"])]
        cols_order = [f"{self.label('doelgroep_kort', d)} {y}" for d in spec["doelgroepen"]
                      if d in set(shown["doelgroep"]) for y in years]
        return self.tabel(cells, caption=f"Uitkomsten cliëntervaringsonderzoek {years[0]} en {latest}", rij_kop="",
                          rows=rows_order, cols=cols_order,
                          noot=" ".join(filter(None, ["Niet gevraagd of niet bekend: –",
                                                      self.noot(shown)])),
                          bron=self.bron("tevredenheid"))

    @staticmethod
    def _tevreden_text(value: float, eenheid: str) -> str:
        return procent(value, 0, fractie=False) if eenheid == "procent" else cijfer(value)

    def figuur_klachten(self) -> Element:
        """Klachten about the Sociaal Team per year, by afhandeling."""
        caption = "Aantal klachten over het Sociaal Team"
        element = self.per_year_bars("klachten.aantal", labels="afhandeling", ylabel="Aantal klachten",
                                     caption=caption,
                                     alt="Gestapeld staafdiagram van het aantal klachten per jaar, naar informele en "
                                         "formele afhandeling.",
                                     bron=self.bron("klachten_bezwaren"), fig_id="fig-klachten", stacked=True)
        # Every part small: the yearly totals as the seed's chart, not one sentence.
        return totaal_per_jaar.of_totaal(self, element, "klachten.aantal", reeks="Klachten", ylabel="Aantal klachten",
                                         caption=caption, alt="Staafdiagram van het aantal klachten over het Sociaal "
                                         "Team per jaar.", bron=self.bron("klachten_bezwaren"), fig_id="fig-klachten",
                                         uitsplitsing="afhandeling")

    def figuur_bezwaren(self) -> Element:
        """Bezwaren per year, by onderwerp."""
        return self.per_year_bars("bezwaren.aantal", labels="onderwerp", ylabel="Aantal bezwaren",
                                  caption="Aantal bezwaren tegen besluiten",
                                  alt="Gestapeld staafdiagram van het aantal bezwaren per jaar, naar onderwerp.",
                                  bron=self.bron("klachten_bezwaren"), fig_id="fig-bezwaren", stacked=True)

    def figuur_smw(self, onderwijs: str) -> Element:
        """Schoolmaatschappelijk werk per schooljaar (individueel and groep) for PO or VO."""
        rows = self.pub.select("smw.aantal")
        rows = rows[rows["dimensie"].str.startswith(f"{onderwijs}/")]
        naam = "primair onderwijs" if onderwijs == "PO" else "voortgezet onderwijs"
        if rows.empty:
            return self.niet_beschikbaar(f"Schoolmaatschappelijk werk {naam}")
        caption = f"Gebruik van individuele hulp en groepsaanbod per schooljaar in het {onderwijs}"
        if (zin := self.geen_gegevens(rows, caption)) is not None:
            return zin
        soort = rows["dimensie"].str.split("/", n=1).str[1]
        # kpis.csv keys a schooljaar by its first year; the reader sees "2025-2026", and the running
        # school year "2025-2026 t/m feb" (a part: never drawn as if it were a whole school year).
        status = {p: sw.summary_status(g) for p, g in rows.groupby("periode")["status"]}
        schooljaar = rows["periode"].map(lambda p: sw.periode_label(f"{p}-{int(p) + 1}", status[p], self.periode)
                                         if status[p] == sw.DEELPERIODE else f"{p}-{int(p) + 1}")
        data = rows.assign(categorie=schooljaar, reeks=soort.map(
            {"individueel": "Individuele hulp", "groep": "Groepsaanbod"}).fillna(soort), onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, "Aantal leerlingen")
        cells = self.cells(data, data["reeks"], data["categorie"])
        return self.figure(fig, caption=caption,
                           alt=f"Staafdiagram van het aantal leerlingen in het {naam} met individuele hulp en met "
                               "groepsaanbod van schoolmaatschappelijk werk, per schooljaar.",
                           cells=cells, rij_kop="", bron=self.bron("smw"), fig_id=f"fig-smw-{onderwijs.lower()}",
                           noot=self.noot(rows))

    def figuur_veilig_thuis(self, soorten: list[str]) -> Element:
        """Veilig Thuis counts per year for the given soorten."""
        labels = [self.label("veilig_thuis", s) for s in soorten]
        return self.per_year_bars("veilig_thuis.aantal", labels="veilig_thuis", ylabel="Aantal",
                                  caption=f"{' en '.join(labels)} Veilig Thuis uit {self.gemeente.naam}",
                                  alt=f"Staafdiagram van het aantal {' en '.join(label.lower() for label in labels)} "
                                      f"bij Veilig Thuis uit {self.gemeente.naam} per jaar.",
                                  bron=self.bron("veilig_thuis"),
                                  fig_id=f"fig-vt-{presentation.slug('-'.join(soorten))}", dims=soorten,
                                  bron_tabel="veilig_thuis")

    def tabel_vrij_toegankelijk_aanbod(self) -> Element:
        """The offer of the latest year up to the periode, per doelgroep, with its description and provider
        and, where the table gives them, the number of participants per report year (small numbers
        follow the rule)."""
        table = self.invoer.vrij_toegankelijk_aanbod
        titel = "Vrij toegankelijk aanbod"
        if table is None:
            return self.niet_beschikbaar(f"{titel} (bron: {self.bron('vrij_toegankelijk_aanbod')})")
        own = table[(table["gemeente"] == self.gemeente.code) & (table["jaar"] <= self.periode.jaar)]
        if own.empty:
            return self.niet_beschikbaar(titel)
        jaar = int(own["jaar"].max())
        aanbod = own[own["jaar"] == jaar]
        rij = aanbod["doelgroep"] + ": " + aanbod["aanbod"]
        wat = [" — ".join(str(t) for t in (o, a) if isinstance(t, str) and t.strip())
               for o, a in zip(aanbod["omschrijving"], aanbod["aanbieder"].map(lambda a: f"aanbieder: {a}"
                                                                                  if isinstance(a, str) and a.strip()
                                                                                  else ""))]
        cells = pd.DataFrame({"rij": rij, "kolom": "Wat is het aanbod?", "tekst": [w or "–" for w in wat]})
        deelnemers = self.pub.select(INDICATOR, self.years())
        deelnemers = deelnemers[deelnemers["dimensie"].isin(set(rij))]
        cols = ["Wat is het aanbod?"]
        if not deelnemers.empty:
            labels = self.jaar_labels(deelnemers)
            kolom = "Deelnemers " + deelnemers["periode"].map(labels)
            cells = pd.concat([cells, self.cells(deelnemers, deelnemers["dimensie"], kolom)], ignore_index=True)
            cols += [f"Deelnemers {labels[j]}" for j in self.years() if j in set(deelnemers["periode"])]
        uitleg = (f"Aanbod in {jaar}; zonder verwijzing toegankelijk. Deelnemers: zoals de aanbieders ze "
                  "registreren, '–' waar geen aantal is opgegeven.")
        noot = " ".join(t for t in (uitleg, self.noot(deelnemers)) if t)
        return self.tabel(cells, caption=f"{titel}: voor wie is het en wat is het aanbod?", rij_kop="Voor wie is het?",
                          rows=list(dict.fromkeys(rij)), cols=cols, noot=noot,
                          bron=self.bron("vrij_toegankelijk_aanbod"))


__all__ = ["ToegangMixin"]
