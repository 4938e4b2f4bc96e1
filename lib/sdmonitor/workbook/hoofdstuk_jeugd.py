"""Elements of the chapter Jeugd only: verwijzers, jeugdigen in zorg, verblijf, the top 25, meerzorg and
the trend of a bouwsteen group against the Netherlands. A mixin of `monitor.Monitor`.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.publish import charts, presentation
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import euro_exact, getal, maand, procent
from sdmonitor.publish.suppression import legend
from sdmonitor.workbook.hoofdstuk_zorggebruik import ZorggebruikMixin
from sdmonitor.workbook.monitor_basis import NATIONAAL, TOTAAL, _html


class JeugdMixin(ZorggebruikMixin):
    """Jeugd elements; expects `MonitorBasis` (and the bouwsteen groups of `ZorggebruikMixin`)."""

    def figuur_verwijzers(self) -> Element:
        """Jeugdigen per verwijzer (COD327) per year."""
        rows = self.pub.select("jeugd.verwijzer", self.years(), totaal=False)
        if rows.empty:
            return self.niet_beschikbaar("Verwijzers jeugdhulp")
        data = rows.assign(categorie=rows["dimensie"].map(lambda d: self.label("verwijzer", d)),
                           reeks=rows["periode"].map(self.jaar_labels(rows)), onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, "Aantal jeugdigen")
        cells = self.cells(data, data["categorie"], data["reeks"])
        return self.figure(fig,
                           caption=f"Herkomst verwijzingen naar jeugdhulp (aantal jeugdigen), {self.periode.jaar - 3} "
                               f"t/m {maand(str(self.periode))}",
                           alt="Staafdiagram van het aantal jeugdigen met jeugdhulp per verwijzer (zoals Sociaal Team, "
                               "huisarts en gecertificeerde instelling), per jaar.",
                           cells=cells, rij_kop="Verwijzer", bron=self.bron("declaraties"), fig_id="fig-verwijzers",
                           noot=self.noot(rows))

    def figuur_pct_in_zorg(self) -> Element:
        """Percentage of youth (0-17) in care, gemeente vs the Netherlands."""
        rows = self.pub.select("jeugd.pct_in_zorg", self.years())
        # A part of a year counts fewer clients than the whole year will: no point on the year line
        # (and a year without data none either); both stay in the table with their mark.
        deel = rows[rows["status"] == sw.DEELPERIODE]
        deeljaar = self.periode.maand < 12 and str(self.periode.jaar) in set(deel["periode"])
        table_rows = rows
        rows = rows[[st not in (sw.DEELPERIODE, sw.GEEN_GEGEVENS) for st in rows["status"]]]
        if rows.empty:
            return self.niet_beschikbaar("Percentage jeugdigen in zorg")
        nl = [(j, self.benchmark_value(NATIONAAL, "jeugd.pct_in_zorg", j)) for j in self.years()]
        nl = [(j, v) for j, v in nl if v is not None]
        shown = rows[~rows["verborgen"]]
        data = pd.concat([pd.DataFrame({"jaar": shown["periode"], "reeks": self.gemeente.naam,
                                        "waarde": shown["waarde"]}),
                          pd.DataFrame({"jaar": [j for j, _ in nl], "reeks": "Nederland",
                                        "waarde": [v for _, v in nl]})])
        fig, _ = charts.compare_lines(data, "% jeugdigen in zorg", "procent")
        labels = self.jaar_labels(table_rows)
        cells = self.cells(table_rows, [self.gemeente.naam] * len(table_rows), table_rows["periode"].map(labels))
        if nl:
            nl_cells = pd.DataFrame({"rij": "Nederland", "kolom": [labels[j] for j, _ in nl],
                                     "tekst": [procent(v, 1, fractie=False) for _, v in nl]})
            cells = pd.concat([cells, nl_cells], ignore_index=True)
        return self.figure(fig, caption="Percentage jeugdigen (0–17 jaar) in zorg",
                           alt="Lijndiagram van het percentage jeugdigen "
f"van 0 tot en met 17 jaar met jeugdhulp in {self.gemeente.naam}, vergeleken met Nederland, per jaar.",
                           cells=cells, rij_kop="", bron=self.bron("declaraties") + "; " + self.bron("bevolking"),
                           fig_id="fig-pct-in-zorg",
                           noot=" ".join(t for t in (self.noot(rows), (
                                    f"{labels[str(self.periode.jaar)]} staat niet in de grafiek: een deel van het jaar "
                                    "telt minder jeugdigen dan het hele jaar zal tellen en is dus niet te "
                                    "vergelijken met "
                                    "hele jaren.") if deeljaar else "") if t))

    def figuur_aantal_jeugdigen(self) -> Element:
        """Inhabitants aged 0-17 on 1 January per year."""
        rows = self.pub.select("bevolking.aantal", self.years(), dimensies=["0-17"])
        if rows.empty:
            return self.niet_beschikbaar("Aantal jeugdigen (bevolking)")
        labels = self.jaar_labels(rows)
        data = pd.DataFrame({"categorie": rows["periode"].map(labels), "reeks": "Jeugdigen 0–17 jaar",
                             "waarde": rows["waarde"], "tekst": rows["tekst"], "status": rows["status"]})
        fig, _ = charts.grouped_bars(data, "Aantal inwoners 0–17 jaar")
        cells = self.cells(rows, ["Jeugdigen 0–17 jaar"] * len(rows), rows["periode"].map(labels))
        return self.figure(fig, caption="Aantal jeugdigen (0–17 jaar) op 1 januari",
                           alt=f"Staafdiagram van het aantal inwoners van 0 tot en met 17 jaar in {self.gemeente.naam} "
                               "op 1 januari van elk jaar.",
                           cells=cells, rij_kop="", bron=self.bron("bevolking"), fig_id="fig-aantal-jeugdigen")

    def figuur_verblijf_per_type(self) -> Element:
        """Jeugdigen per type verblijf, last complete year and the current year."""
        _, wanted = self.group("jeugd", self.style["verblijf_groep"])
        years = [str(self.periode.jaar - 1), str(self.periode.jaar)]
        rows = self.pub.select("jeugd.clienten", years, wanted)
        rows = rows[rows["dimensie"].isin(set(rows.loc[rows["waarde"] > 0, "dimensie"]))]
        if rows.empty:
            return _html(presentation.not_available_html("Jeugdigen in verblijf: geen verblijf in de periode."))
        # The total counts each jeugdige once, also one who had two kinds of verblijf in the year.
        groep = self.style["verblijf_groep"]
        total = self.pub.select("jeugd.clienten_groep", years, [groep])
        rows = pd.concat([rows, total], ignore_index=True)
        data = rows.assign(categorie=rows["dimensie"].replace({groep: TOTAAL}),
                           reeks=rows["periode"].map(self.jaar_labels(rows)),
                           onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, "Aantal jeugdigen")
        cells = self.cells(data, data["categorie"], data["reeks"])
        noot = "Totaal: unieke jeugdigen in verblijf; wie in het jaar twee soorten verblijf had, telt één keer."
        return self.figure(fig, caption="Totaal aantal jeugdigen naar type verblijf",
                           alt="Staafdiagram van het aantal jeugdigen per type verblijf (zoals pleegzorg, gezinshuis "
                               f"en residentieel) en in totaal, in {years[0]} en {years[1]}.",
                           cells=cells, rij_kop="Type verblijf", bron=self.bron("declaraties"),
                           fig_id="fig-verblijf-type", noot=f"{noot} {self.noot(rows)}".strip())

    def figuur_top25(self, jaar: int | None = None) -> Element:
        """Share of the 25 most expensive youths in the costs of the jaarbeeld year (see findings.top25),
        or of `jaar` (the current year so far: `JeugdKadersMixin.top25_lopend_jaar`)."""
        jaar = self.periode.jaar - 1 if jaar is None else jaar
        fig_row = self.pub.select("jeugd.top25_aandeel", [str(jaar)], totaal=True)
        if fig_row.empty:
            return self.niet_beschikbaar("Aandeel top 25")
        if bool(fig_row["verborgen"].iloc[0]):  # based on too few jeugdigen: no chart, no share in the text
            return _html(presentation.not_available_html(
                f"Aandeel top 25 in de kosten {self.jaar_label(jaar)}: niet gepubliceerd. {legend(self.drempel)}"))
        share = float(fig_row["waarde"].iloc[0])
        data = pd.DataFrame({"deel": ["Top 25", "Overige jeugdigen"], "waarde": [share, 1.0 - share]})
        fig, _ = charts.share_donut(data)
        cells = self.cells(fig_row, ["Top 25 duurste jeugdigen"], ["Aandeel in de kosten"])
        cells = pd.concat([cells, pd.DataFrame({"rij": ["Overige jeugdigen"], "kolom": ["Aandeel in de kosten"],
                                                "tekst": [procent(1.0 - share)]})], ignore_index=True)
        top = self.pub.select("jeugd.top25_kosten", [str(jaar)], totaal=True)
        alle = self.pub.get("jeugd.kosten", jaar)
        if not top.empty and not bool(top["verborgen"].iloc[0]) and alle is not None:
            # The seed gives the euros too: "€ 4,3 mln van de € 20,3 mln".
            cells = pd.concat([cells, self.cells(top, ["Top 25 duurste jeugdigen"], ["Kosten"]),
                               pd.DataFrame({"rij": ["Overige jeugdigen"], "kolom": ["Kosten"],
                                             "tekst": [euro_exact(alle.waarde - float(top["waarde"].iloc[0]))]})],
                              ignore_index=True)
        return self.figure(fig, caption=f"Verhouding uitgaven top 25 en overige uitgaven jeugd {self.jaar_label(jaar)}",
                           alt=f"Ringdiagram: de 25 jeugdigen met de hoogste zorgkosten zijn goed voor "
                               f"{procent(share)} van de kosten Jeugd, de overige jeugdigen voor de rest.",
                           cells=cells, rij_kop="", bron=self.bron("declaraties"),
                           fig_id="fig-top25" if jaar == self.periode.jaar - 1 else f"fig-top25-{jaar}")

    def figuur_meerzorg(self) -> Element:
        """Hours of meerzorg per soort and year (seed 000: "Vanaf 2025 wordt de meerzorg die ingezet wordt
        bij verblijfsproducten apart gemonitord ... 1 op 1 begeleiding bij verblijf en 1 op 1 begeleiding
        bij Essentiële functies"). Hours of a soort with fewer clients than the threshold are hidden."""
        titel = "Meerzorg: aantal uren 1-op-1 begeleiding per jaar"
        if not self.has_table("meerzorg"):
            return self.niet_beschikbaar(f"Meerzorg (bron: {self.bron('meerzorg')})")
        return self.per_year_bars("jeugd.meerzorg_uren", labels="meerzorg", ylabel="Aantal uur", caption=titel,
                                  alt="Staafdiagram van het aantal uren meerzorg (1-op-1 begeleiding) per soort en per "
                                      "jaar.",
                                  bron=self.bron("meerzorg"), fig_id="fig-jeugd-meerzorg")

    def figuur_trend_landelijk(self, wet: str, groep: str) -> Element:
        """Clients per 1.000 inhabitants of each bouwsteen of a chart group, the gemeente against the
        Netherlands (`benchmark` rows of `NL01`, `<wet>.clienten_per_1000` with the bouwsteen as dimensie),
        over the complete report years (seed 003: "het aantal jeugd-GGZ-cliënten in Nederland [is] licht
        toegenomen ... terwijl dit in Druten juist is afgenomen"). Per 1.000 inhabitants, so a small
        municipality and the country share one axis; the running year is left out (year-to-date)."""
        titel, bouwstenen = self.group(wet, groep)
        indicator = f"{wet}.clienten_per_1000"
        bench = self.invoer.benchmark
        caption = f"Trendontwikkeling {titel}: {self.gemeente.naam} tegenover Nederland"
        if bench is None:
            return self.niet_beschikbaar(f"{caption} (benchmark)")
        jaren = [j for j in self.years() if int(j) < self.periode.jaar or self.periode.maand == 12]
        nl = bench[(bench["gebied"] == NATIONAAL) & (bench["indicator"] == indicator)
                   & bench["dimensie"].fillna("").isin(bouwstenen) & bench["periode"].astype(str).isin(jaren)]
        own = self.pub.select(indicator, jaren, bouwstenen)
        if nl.empty or own.empty:
            return self.niet_beschikbaar(caption)
        records = [{"jaar": r["periode"], "reeks": f"{self.gemeente.naam} {r['dimensie']}", "waarde": r["waarde"],
                    "tekst": r["tekst"] if r["verborgen"] else getal(float(r["waarde"]), 1),
                    "onderdrukt": r["verborgen"], "bouwsteen": r["dimensie"],
                    **{k: r[k] for k in ("indicator", "periode", "dimensie")}} for _, r in own.iterrows()]
        records += [{"jaar": str(p), "reeks": f"Nederland {d}", "waarde": float(v), "tekst": getal(float(v), 1),
                     "onderdrukt": False, "bouwsteen": d}
                    for p, d, v in zip(nl["periode"], nl["dimensie"], nl["waarde"])]
        data = pd.DataFrame(records)
        data = data[data["bouwsteen"].isin(set(own["dimensie"]) & set(nl["dimensie"]))]
        # Pairs per bouwsteen, own first: the first pair gets the house colours of gemeente and land.
        data = data.assign(nl=data["reeks"].str.startswith("Nederland")).sort_values(["bouwsteen", "nl", "jaar"],
                                                                                     kind="mergesort")
        shown = data[~data["onderdrukt"].astype(bool)]
        fig, _ = charts.compare_lines(shown[["jaar", "reeks", "waarde"]], f"{self.label('clienten', wet).capitalize()} "
                                      "per 1.000 inwoners", "aantal")
        cells = pd.DataFrame({"rij": data["jaar"], "kolom": data["reeks"], "tekst": data["tekst"],
                              **{k: data.get(k, "") for k in ("indicator", "periode", "dimensie")}}).fillna("")
        return self.figure(fig, caption=f"{caption} ({self.label('clienten', wet)} per 1.000 inwoners)",
                           alt=f"Lijndiagram per bouwsteen van {titel} van het aantal {self.label('clienten', wet)} "
                               f"per 1.000 inwoners in {self.gemeente.naam} en in Nederland, per jaar.",
                           cells=cells, rij_kop="Jaar", bron=self.bron("benchmark") + "; " + self.bron("declaraties"),
                           fig_id=f"fig-{wet}-{groep}-landelijk", noot=self.noot(own),
                           cols=list(dict.fromkeys(data["reeks"])))


__all__ = ["JeugdMixin"]
