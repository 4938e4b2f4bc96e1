"""The facade a chapter notebook calls: `m = open_monitor(gemeente, periode, peildatum, data, figures)`.

A Monitor holds one edition (gemeente, periode, peildatum), its figure table (read from the
runner's `kpis.csv`, or computed), the small-numbers rule, and the analyst's commentary. Each
public method returns one published element as `IPython.display.HTML`, so a notebook cell is a
single call. What goes in which chart (bouwstenen, questions, labels) is house-style data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML

from . import alttext, begrotingsregels, charts, config, findings, presentation, reserve
from .formatting import cijfer, datum, euro_exact, euro_k, getal, maand, procent
from .parameters import Gemeente, analyst_commentary, resolve_gemeente
from .periods import MAANDEN, Periode, parse_peildatum
from .onzekerheid import NOG_GEEN_GEGEVENS, OnzekerheidMixin
from .suppression import Published, is_small, legend

NATIONAAL = "NL01"
TOTAAL = "Totaal"


def read_figures(path: str | Path) -> pd.DataFrame:
    """A `kpis.csv` as written by `sdmonitor kpis` (codes and periodes stay text)."""
    frame = pd.read_csv(path, dtype={"indicator": "str", "periode": "str", "dimensie": "str", "eenheid": "str"},
                        keep_default_na=False, na_values={"waarde": [""]})
    frame["waarde"] = frame["waarde"].astype("float64")
    return frame[["indicator", "periode", "dimensie", "waarde", "eenheid"]]


def _html(text: str) -> HTML:
    return HTML(text)


def _post_label(begrotingspost: str) -> str:
    """The row label of a begrotingspost; the total row has an empty dimensie."""
    return begrotingspost or TOTAAL


class Monitor(OnzekerheidMixin):
    """One edition of the monitor for one gemeente, and the report elements of its chapters."""

    def __init__(self, gemeente: Gemeente, periode: Periode, figures: pd.DataFrame, data_dir: Path,
                 peildatum: date | None = None, selection: Any = None,
                 commentary: dict[str, Any] | None = None, overzicht: pd.DataFrame | None = None) -> None:
        self.gemeente = gemeente
        self._overzicht = overzicht
        self.periode = periode
        self.data_dir = data_dir
        self._peildatum = peildatum
        self._selection = selection
        self.figures = figures
        self.drempel = gemeente.drempel_kleine_aantallen
        self.pub = Published(figures, self.drempel)
        self.commentary = commentary or {}
        self.style = charts.house_style()

    # --- data access ---------------------------------------------------------------------

    @property
    def selection(self) -> Any:
        """The Selection of this edition (loaded on first use: only some elements need raw tables)."""
        if self._selection is None:
            from .dataset import load_dataset
            from .selection import select

            self._selection = select(load_dataset(self.data_dir), self.gemeente, self.periode, self._peildatum)
        return self._selection

    @property
    def peildatum(self) -> date:
        """The explicit peildatum, else the default of the selection (latest ingediend_op)."""
        return self._peildatum or self.selection.peildatum

    def _table(self, name: str) -> pd.DataFrame | None:
        sel = self.selection
        return sel.tables.get(name) if sel.has(name) else None

    def _years(self) -> list[str]:
        return [str(y) for y in self.periode.years]

    def _label(self, kind: str, key: str) -> str:
        return str(self.style["labels"].get(kind, {}).get(key, key))

    def _bron(self, key: str) -> str:
        return str(self.style["bron"][key])

    def _jaar_label(self, jaar: str | int) -> str:
        """The current year is year-to-date: "2026 t/m feb"."""
        if int(jaar) == self.periode.jaar and self.periode.maand < 12:
            return f"{jaar} t/m {MAANDEN[self.periode.maand - 1][:3]}"
        return str(jaar)

    def _cells(self, frame: pd.DataFrame, rij: pd.Series | list, kolom: pd.Series | list,
               bron_kpis: bool = True) -> pd.DataFrame:
        """Grid cells from published rows; figure-table rows keep their source keys."""
        cells = pd.DataFrame({"rij": list(rij), "kolom": list(kolom), "tekst": list(frame["tekst"])})
        if bron_kpis:
            for col in presentation.SOURCE_COLUMNS:
                cells[col] = list(frame[col])
        return cells

    def _noot(self, *frames: pd.DataFrame) -> str:
        hidden = any(bool(f["verborgen"].any()) for f in frames if "verborgen" in f)
        return legend(self.drempel) if hidden else ""

    def _figure(self, fig: Any, caption: str, alt: str, cells: pd.DataFrame, rij_kop: str, bron: str,
                fig_id: str, noot: str = "", rows: list[str] | None = None, cols: list[str] | None = None) -> HTML:
        # What is shown (the figure method) + the message from the same published numbers (alttext).
        boodschap = alttext.message(cells, self.pub, self.periode)
        alt = " ".join(t for t in (alt, boodschap, "De cijfers staan in de tabel bij de figuur.") if t)
        html = presentation.figure_html(fig, caption, alt, cells, rij_kop, bron, fig_id, noot, rows, cols)
        return _html(html)

    def niet_beschikbaar(self, wat: str) -> HTML:
        """Notice that an element cannot be shown because its (optional) data is missing."""
        return _html(presentation.not_available_html(f"{wat}: niet beschikbaar in de aangeleverde gegevens."))

    # --- text ----------------------------------------------------------------------------

    def ondertitel(self) -> HTML:
        """Gemeente, edition and peildatum, under the chapter title of the introduction."""
        p = self.periode
        return _html(presentation.paragraph_html(
            f"Gemeente {self.gemeente.naam} · jaarbeeld {p.jaar - 1}, t/m {maand(str(p))} · "
            f"peildatum {datum(self.peildatum)}"))

    def opmerking_bij_de_cijfers(self) -> HTML:
        """What the peildatum means for the most recent months."""
        return _html(presentation.paragraph_html(
            f"De cijfers over zorggebruik en kosten zijn gebaseerd op declaraties die uiterlijk op "
            f"{datum(self.peildatum)} waren ingediend, over zorg geleverd tot en met {maand(str(self.periode))}. "
            f"Aantallen personen van 1 tot en met {self.drempel - 1} tonen we als \"<{self.drempel}\"."))

    def bevindingen(self, hoofdstuk: str, niveau: int = 2) -> HTML:
        """Generated "Belangrijkste bevindingen" of a chapter (a heading of level `niveau`: 2 right
        under the chapter title, 3 inside a section), followed by the analyst's text."""
        landelijk = None
        if hoofdstuk == "jeugd":
            landelijk = self._benchmark_value(NATIONAAL, "jeugd.pct_in_zorg", str(self.periode.jaar - 1))
        sentences = findings.for_chapter(hoofdstuk, self.pub, self.periode, landelijk)
        sentences += reserve.for_chapter(hoofdstuk, self.pub, self.periode, self.gemeente.raw.get("egalisatiereserve"))
        html = presentation.findings_html(sentences, niveau=niveau)
        kern = self.commentary.get("kernboodschap") if hoofdstuk == "inleiding" else None
        html += presentation.analyst_html(kern, self._kop("Kernboodschap"))
        html += presentation.analyst_html((self.commentary.get("duiding") or {}).get(hoofdstuk), self._kop("Duiding"))
        return _html(html)

    def _kop(self, kop: str) -> str:
        """The heading of an analyst block; example text (demo editions) says so."""
        return f"{kop} (voorbeeldtekst bij de demodata)" if self.commentary.get("voorbeeld") else kop

    def duiding(self, sectie: str) -> HTML:
        """The analyst's commentary for one section (`duiding: {<sectie>: tekst}`), if any."""
        return _html(presentation.analyst_html((self.commentary.get("duiding") or {}).get(sectie),
                                               self._kop("Duiding")))

    # --- toegang -------------------------------------------------------------------------

    def _months_from(self, first_year: int) -> list[str]:
        return [m for m in self.periode.months if int(m[:4]) >= first_year]

    def _monthly_by_dim(self, indicator: str, first_year: int) -> pd.DataFrame:
        rows = self.pub.select(indicator, self._months_from(first_year), totaal=False)
        return rows.assign(maand=rows["periode"], reeks=rows["dimensie"].map(lambda z: self._label("zorgtype", z)),
                           waarde=rows["waarde"], onderdrukt=rows["verborgen"])

    def figuur_meldingen_per_maand(self) -> HTML:
        """New meldingen per month per zorgtype, January Y-1 through the periode."""
        data = self._monthly_by_dim("toegang.meldingen", self.periode.jaar - 1)
        if data.empty:
            return self.niet_beschikbaar("Meldingen bij het Sociaal Team")
        fig, _ = charts.series_over_months(data, "Aantal meldingen")
        caption = f"Aantal nieuwe hulpvragen per maand, {self.periode.jaar - 1} t/m {maand(str(self.periode))}"
        alt = (f"Staafdiagram van het aantal nieuwe hulpvragen bij het Sociaal Team per maand en per zorgtype, "
               f"van januari {self.periode.jaar - 1} tot en met {maand(str(self.periode))}.")
        cells = self._cells(data, data["maand"].map(maand), data["reeks"])
        return self._figure(fig, caption, alt, cells, "Maand", self._bron("meldingen"), "fig-meldingen",
                            self._noot(data))

    def figuur_wachtlijst(self) -> HTML:
        """Meldingen open at the start of each month, per zorgtype."""
        data = self._monthly_by_dim("toegang.wachtlijst", self.periode.jaar - 1)
        if data.empty:
            return self.niet_beschikbaar("Wachtlijst Sociaal Team")
        fig, _ = charts.series_over_months(data, "Openstaande hulpvragen", soort="line")
        caption = "Aantal openstaande hulpvragen Sociaal Team aan het begin van de maand"
        alt = ("Lijndiagram van het aantal openstaande hulpvragen bij het Sociaal Team op de eerste dag van elke "
               f"maand, per zorgtype, van januari {self.periode.jaar - 1} tot en met {maand(str(self.periode))}.")
        cells = self._cells(data, data["maand"].map(maand), data["reeks"])
        return self._figure(fig, caption, alt, cells, "Stand op de 1e van", self._bron("meldingen"),
                            "fig-wachtlijst", self._noot(data))

    def tabel_wachttijd(self) -> HTML:
        """Median days from melding to keukentafelgesprek, per year and zorgtype."""
        rows = self.pub.select("toegang.wachttijd_mediaan", self._years())
        if rows.empty:
            return self.niet_beschikbaar("Wachttijd tot het keukentafelgesprek")
        rij = rows["dimensie"].map(lambda d: self._label("zorgtype", d) if d else TOTAAL)
        cells = self._cells(rows, rij, rows["periode"].map(self._jaar_label))
        order = [self._label("zorgtype", d) for d in dict.fromkeys(rows["dimensie"]) if d] + [TOTAAL]
        return _html(presentation.table_html(cells, "Mediane wachttijd in dagen van melding tot keukentafelgesprek",
                                             "Zorgtype", rows=[r for r in order if r in set(rij)],
                                             bron=self._bron("meldingen"), noot=self._noot(rows)))

    def tabel_tevredenheid(self, onderdeel: str) -> HTML:
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
        latest = max(rows["periode"])
        years = [str(int(latest) - 1), latest]
        shown = rows[rows["periode"].isin(years)]
        # A score of fewer respondents than the threshold keeps its published "x" (issue 9 §8).
        shown = shown.assign(tekst=[t if h else self._tevreden_text(v, e) for v, e, t, h in
                                    zip(shown["waarde"], shown["eenheid"], shown["tekst"], shown["verborgen"])])
        kolom = shown["doelgroep"].map(lambda d: self._label("doelgroep_kort", d)) + " " + shown["periode"]
        cells = self._cells(shown, shown["vraag"].map(lambda v: self._label("vraag", v)), kolom)
        rows_order = [self._label("vraag", v) for v in spec["vragen"] if v in set(shown["vraag"])]
        cols_order = [f"{self._label('doelgroep_kort', d)} {y}" for d in spec["doelgroepen"]
                      if d in set(shown["doelgroep"]) for y in years]
        return _html(presentation.table_html(cells, f"Uitkomsten cliëntervaringsonderzoek {years[0]} en {latest}", "",
                                             rows_order, cols_order,
                                             noot=" ".join(filter(None, ["Niet gevraagd of niet bekend: –",
                                                                         self._noot(shown)])),
                                             bron=self._bron("tevredenheid")))

    @staticmethod
    def _tevreden_text(value: float, eenheid: str) -> str:
        return procent(value, 0, fractie=False) if eenheid == "procent" else cijfer(value)

    def _per_year_bars(self, indicator: str, labels: str, ylabel: str, caption: str, alt: str, bron: str,
                       fig_id: str, stacked: bool = False, dims: list[str] | None = None,
                       bron_tabel: str | None = None) -> HTML:
        rows = self.pub.select(indicator, self._years(), dims, totaal=False)
        if rows.empty:
            return self.niet_beschikbaar(caption)
        if rows["verborgen"].any() and (rows["verborgen"] | (rows["waarde"] == 0)).all():
            # A chart of hatched stubs only says nothing: one sentence says it better.
            return _html(presentation.paragraph_html(self._alles_verborgen_zin(indicator, caption, dims)))
        leeg = self.jaren_zonder_gegevens(bron_tabel) if bron_tabel else []
        rows = rows[~rows["periode"].isin(leeg)]
        data = rows.assign(categorie=rows["periode"].map(self._jaar_label),
                           reeks=rows["dimensie"].map(lambda d: self._label(labels, d)), onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, ylabel, stacked=stacked)
        cells = self._cells(data, data["reeks"], data["categorie"])
        total = self.pub.select(indicator, self._years(), totaal=True)
        total = total[~total["periode"].isin(leeg)]
        if not total.empty and dims is None:
            cells = pd.concat([cells, self._cells(total, [TOTAAL] * len(total), total["periode"].map(self._jaar_label))])
        noot = self._noot(rows, total)
        if leeg:
            # A source without rows for a year has no figure for it, not a zero.
            cells = pd.concat([cells, pd.DataFrame([{"rij": r, "kolom": self._jaar_label(j), "tekst": NOG_GEEN_GEGEVENS}
                                                    for r in dict.fromkeys(data["reeks"]) for j in leeg])], ignore_index=True)
            noot = " ".join(t for t in (noot, f"{', '.join(self._jaar_label(j) for j in leeg)}: nog geen gegevens "
                                              "aangeleverd.") if t)
        return self._figure(fig, caption, alt, cells, "", bron, fig_id, noot)

    def _alles_verborgen_zin(self, indicator: str, caption: str, dims: list[str] | None) -> str:
        """The one sentence that replaces a chart whose every breakdown value is hidden: the
        published totals per year if there are any, else that every number is small."""
        total = self.pub.select(indicator, self._years(), totaal=True) if dims is None else pd.DataFrame()
        if len(total) and not total["verborgen"].all():
            per_jaar = "; ".join(f"{self._jaar_label(j)}: {t}" for j, t in zip(total["periode"], total["tekst"]))
            return (f"{caption}: {per_jaar}. De uitsplitsing tonen we niet, omdat elk deel kleiner is dan "
                    f"{self.drempel}.")
        return f"{caption}: in elk jaar minder dan {self.drempel}; de aantallen tonen we daarom niet."

    def figuur_klachten(self) -> HTML:
        """Klachten about the Sociaal Team per year, by afhandeling."""
        return self._per_year_bars("klachten.aantal", "afhandeling", "Aantal klachten",
                                   "Aantal klachten over het Sociaal Team",
                                   "Gestapeld staafdiagram van het aantal klachten per jaar, naar informele en formele afhandeling.",
                                   self._bron("klachten_bezwaren"), "fig-klachten", stacked=True)

    def figuur_bezwaren(self) -> HTML:
        """Bezwaren per year, by onderwerp."""
        return self._per_year_bars("bezwaren.aantal", "onderwerp", "Aantal bezwaren",
                                   "Aantal bezwaren tegen besluiten",
                                   "Gestapeld staafdiagram van het aantal bezwaren per jaar, naar onderwerp.",
                                   self._bron("klachten_bezwaren"), "fig-bezwaren", stacked=True)

    def figuur_smw(self, onderwijs: str) -> HTML:
        """Schoolmaatschappelijk werk per schooljaar (individueel and groep) for PO or VO."""
        rows = self.pub.select("smw.aantal")
        rows = rows[rows["dimensie"].str.startswith(f"{onderwijs}/")]
        naam = "primair onderwijs" if onderwijs == "PO" else "voortgezet onderwijs"
        if rows.empty:
            return self.niet_beschikbaar(f"Schoolmaatschappelijk werk {naam}")
        soort = rows["dimensie"].str.split("/", n=1).str[1]
        # kpis.csv keys a schooljaar by its first year; the reader sees "2025-2026".
        schooljaar = rows["periode"].map(lambda p: f"{p}-{int(p) + 1}")
        data = rows.assign(categorie=schooljaar, reeks=soort.map(
            {"individueel": "Individuele hulp", "groep": "Groepsaanbod"}).fillna(soort), onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, "Aantal leerlingen")
        cells = self._cells(data, data["reeks"], data["categorie"])
        return self._figure(fig, f"Gebruik van individuele hulp en groepsaanbod per schooljaar in het {onderwijs}",
                            f"Staafdiagram van het aantal leerlingen in het {naam} met individuele hulp en met "
                            "groepsaanbod van schoolmaatschappelijk werk, per schooljaar.",
                            cells, "", self._bron("smw"), f"fig-smw-{onderwijs.lower()}", self._noot(rows))

    # --- zorggebruik ---------------------------------------------------------------------

    def figuur_verwijzers(self) -> HTML:
        """Jeugdigen per verwijzer (COD327) per year."""
        rows = self.pub.select("jeugd.verwijzer", self._years(), totaal=False)
        if rows.empty:
            return self.niet_beschikbaar("Verwijzers jeugdhulp")
        data = rows.assign(categorie=rows["dimensie"].map(lambda d: self._label("verwijzer", d)),
                           reeks=rows["periode"].map(self._jaar_label), onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, "Aantal jeugdigen")
        cells = self._cells(data, data["categorie"], data["reeks"])
        return self._figure(fig, f"Herkomst verwijzingen naar jeugdhulp (aantal jeugdigen), {self.periode.jaar - 3} "
                            f"t/m {maand(str(self.periode))}",
                            "Staafdiagram van het aantal jeugdigen met jeugdhulp per verwijzer (zoals Sociaal Team, "
                            "huisarts en gecertificeerde instelling), per jaar.",
                            cells, "Verwijzer", self._bron("declaraties"), "fig-verwijzers", self._noot(rows))

    def figuur_clienten_per_maand(self, wet: str) -> HTML:
        """Distinct clients with delivered care per month, one line per year."""
        rows = self.pub.select(f"{wet}.clienten", self.periode.months, totaal=True)
        if rows.empty:
            return self.niet_beschikbaar("Cliënten per maand")
        data = rows.assign(maand=rows["periode"], onderdrukt=rows["verborgen"])
        wie = self._label("clienten", wet)
        voorlopig = self.pub.select(f"{wet}.clienten_verwacht", self.voorlopige_maanden(wet), totaal=True)
        voorlopig = voorlopig[~voorlopig["verborgen"]]
        fig, _ = charts.lines_per_year(data, f"Aantal {wie}", voorlopig.assign(maand=voorlopig["periode"]))
        cells = self._cells(data, data["maand"].str[5:].astype(int).map(lambda m: MAANDEN[m - 1]), data["maand"].str[:4])
        if len(voorlopig):
            cells = pd.concat([cells, self._cells(voorlopig, voorlopig["periode"].str[5:].astype(int).map(
                lambda m: MAANDEN[m - 1]), voorlopig["periode"].str[:4] + " verwacht (voorlopig)")], ignore_index=True)
        return self._figure(fig, f"Aantal unieke {wie} met gedeclareerde zorg ({self._label('wet', wet)}) per maand",
                            f"Lijndiagram met per jaar een lijn van het aantal unieke {wie} met geleverde zorg per "
                            f"maand, van januari {self.periode.jaar - 3} tot en met {maand(str(self.periode))}.",
                            cells, "Maand", self._bron("declaraties"), f"fig-{wet}-clienten-maand",
                            " ".join(t for t in (self._voorlopig_noot(list(voorlopig["periode"])), self._noot(rows)) if t),
                            rows=MAANDEN)

    def figuur_clienten_per_jaar(self, wet: str) -> HTML:
        """Distinct clients per year (the current year to date)."""
        rows = self.pub.select(f"{wet}.clienten", self._years(), totaal=True)
        if rows.empty:
            return self.niet_beschikbaar("Cliënten per jaar")
        wie = self._label("clienten", wet)
        data = rows.assign(categorie=rows["periode"].map(self._jaar_label), reeks=f"Aantal {wie}",
                           onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, f"Aantal {wie}")
        cells = self._cells(data, data["reeks"], data["categorie"])
        return self._figure(fig, f"Totaal aantal unieke {wie} met ondersteuning vanuit de {self._label('wet', wet)}",
                            f"Staafdiagram van het aantal unieke {wie} met geleverde zorg per jaar; het lopende jaar "
                            "tot en met de laatste maand.", cells, "", self._bron("declaraties"),
                            f"fig-{wet}-clienten-jaar", self._noot(rows))

    def _benchmark_value(self, gebied: str, indicator: str, periode: str) -> float | None:
        bench = self._table("benchmark")
        if bench is None:
            return None
        hit = bench[(bench["gebied"] == gebied) & (bench["indicator"] == indicator)
                    & (bench["periode"].astype(str) == periode) & (bench["dimensie"].fillna("") == "")]
        return float(hit["waarde"].iloc[0]) if len(hit) else None

    def figuur_pct_in_zorg(self) -> HTML:
        """Percentage of youth (0-17) in care, gemeente vs the Netherlands."""
        rows = self.pub.select("jeugd.pct_in_zorg", self._years())
        # A year to date counts fewer clients than the whole year will: no point on the year line.
        deeljaar = self.periode.maand < 12
        if deeljaar:
            rows = rows[rows["periode"] != str(self.periode.jaar)]
        if rows.empty:
            return self.niet_beschikbaar("Percentage jeugdigen in zorg")
        nl = [(j, self._benchmark_value(NATIONAAL, "jeugd.pct_in_zorg", j)) for j in self._years()]
        nl = [(j, v) for j, v in nl if v is not None]
        shown = rows[~rows["verborgen"]]
        data = pd.concat([pd.DataFrame({"jaar": shown["periode"], "reeks": self.gemeente.naam, "waarde": shown["waarde"]}),
                          pd.DataFrame({"jaar": [j for j, _ in nl], "reeks": "Nederland", "waarde": [v for _, v in nl]})])
        fig, _ = charts.compare_lines(data, "% jeugdigen in zorg", "procent")
        cells = self._cells(rows, [self.gemeente.naam] * len(rows), rows["periode"].map(self._jaar_label))
        if nl:
            nl_cells = pd.DataFrame({"rij": "Nederland", "kolom": [self._jaar_label(j) for j, _ in nl],
                                     "tekst": [procent(v, 1, fractie=False) for _, v in nl]})
            cells = pd.concat([cells, nl_cells], ignore_index=True)
        return self._figure(fig, "Percentage jeugdigen (0–17 jaar) in zorg", "Lijndiagram van het percentage jeugdigen "
                            f"van 0 tot en met 17 jaar met jeugdhulp in {self.gemeente.naam}, vergeleken met Nederland, per jaar.",
                            cells, "", self._bron("declaraties") + "; " + self._bron("bevolking"), "fig-pct-in-zorg",
                            " ".join(t for t in (self._noot(rows), (
                                f"{self._jaar_label(self.periode.jaar)} staat niet in de grafiek: een deel van het jaar "
                                "telt minder jeugdigen dan het hele jaar zal tellen en is dus niet te vergelijken met "
                                "hele jaren.") if deeljaar else "") if t))

    def figuur_aantal_jeugdigen(self) -> HTML:
        """Inhabitants aged 0-17 on 1 January per year."""
        rows = self.pub.select("bevolking.aantal", self._years(), dimensies=["0-17"])
        if rows.empty:
            return self.niet_beschikbaar("Aantal jeugdigen (bevolking)")
        data = pd.DataFrame({"categorie": rows["periode"], "reeks": "Jeugdigen 0–17 jaar",
                             "waarde": rows["waarde"], "tekst": rows["tekst"]})
        fig, _ = charts.grouped_bars(data, "Aantal inwoners 0–17 jaar")
        cells = self._cells(rows, ["Jeugdigen 0–17 jaar"] * len(rows), rows["periode"])
        return self._figure(fig, "Aantal jeugdigen (0–17 jaar) op 1 januari",
                            f"Staafdiagram van het aantal inwoners van 0 tot en met 17 jaar in {self.gemeente.naam} "
                            "op 1 januari van elk jaar.", cells, "", self._bron("bevolking"), "fig-aantal-jeugdigen")

    def figuur_pgb_aandeel(self, wet: str) -> HTML:
        """PGB share of the costs per year."""
        rows = self.pub.select(f"{wet}.pgb_aandeel", self._years(), totaal=True)
        if rows.empty:
            return self.niet_beschikbaar("Aandeel PGB")
        data = rows.assign(categorie=rows["periode"].map(self._jaar_label), reeks="PGB", onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, "Aandeel PGB in de kosten", eenheid="fractie")
        cells = self._cells(data, ["Aandeel PGB"] * len(data), data["categorie"])
        return self._figure(fig, f"Percentage PGB {self._label('wet', wet)} van de totale kosten {self._label('wet', wet)}",
                            f"Staafdiagram van het aandeel persoonsgebonden budget in de totale kosten "
                            f"{self._label('wet', wet)}, per jaar.", cells, "", self._bron("declaraties"),
                            f"fig-{wet}-pgb")

    def _group(self, wet: str, groep: str | list[str]) -> tuple[str, list[str]]:
        """Title and bouwstenen of a chart group: house style, overridden per gemeente by
        `bouwsteengroepen: {<wet>: {<groep>: [bouwsteen, ...]}}` in parameters/<gemeente>.yaml."""
        if not isinstance(groep, str):
            return "", list(groep)
        spec = self.style["bouwsteengroepen"][wet][groep]
        own = (self.gemeente.raw.get("bouwsteengroepen") or {}).get(wet, {}).get(groep)
        if isinstance(own, dict):
            return str(own.get("titel", spec["titel"])), list(own.get("bouwstenen", spec["bouwstenen"]))
        if isinstance(own, list):
            return spec["titel"], [str(b) for b in own]
        return spec["titel"], list(spec["bouwstenen"])

    def _grouped_bouwstenen(self, wet: str) -> set[str]:
        return {b for key in self.style["bouwsteengroepen"].get(wet, {}) for b in self._group(wet, key)[1]}

    def _present_bouwstenen(self, wet: str, wanted: list[str]) -> list[str]:
        rows = self.pub.select(f"{wet}.volume", self._years())
        active = set(rows.loc[rows["waarde"].abs() > 0, "dimensie"])
        return [b for b in wanted if b in active]

    def figuur_bouwsteen(self, wet: str, groep: str | list[str], titel: str = "") -> HTML:
        """The bouwsteen chart: realisatie per year, prognose (current year) and nulmeting, in the unit."""
        group_title, wanted = self._group(wet, groep)
        titel = titel or group_title
        bouwstenen = self._present_bouwstenen(wet, wanted)
        if not bouwstenen:
            return _html(presentation.not_available_html(f"{titel}: geen zorggebruik op deze bouwstenen in de periode."))
        return self._bouwsteen_figure(wet, bouwstenen, titel)

    def figuur_overige_bouwstenen(self, wet: str) -> HTML:
        """Every bouwsteen of the data that no house-style group shows, so none is left out."""
        grouped = self._grouped_bouwstenen(wet)
        rows = self.pub.select(f"{wet}.volume", self._years())
        rest = sorted(set(rows.loc[rows["waarde"].abs() > 0, "dimensie"]) - grouped)
        if not rest:
            return _html("")
        return self._bouwsteen_figure(wet, rest, "Overige bouwstenen")

    def _bouwsteen_figure(self, wet: str, bouwstenen: list[str], titel: str) -> HTML:
        year = str(self.periode.jaar)
        parts = []
        for name, indicator, years in (("realisatie", f"{wet}.volume", self._years()),
                                       ("prognose", f"{wet}.prognose_volume", [year]),
                                       ("nulmeting", f"{wet}.nulmeting_volume", self._years())):
            r = self.pub.select(indicator, years, bouwstenen)
            parts.append(r.assign(soort=name))
        long = pd.concat(parts, ignore_index=True)
        wide = long.pivot_table(index=["dimensie", "periode"], columns="soort", values="waarde", aggfunc="first")
        wide = wide.reindex(columns=["realisatie", "prognose", "nulmeting"])
        wide = wide.reindex(pd.MultiIndex.from_product([bouwstenen, self._years()])).reset_index()
        wide.columns = ["bouwsteen", "jaar", "realisatie", "prognose", "nulmeting"]
        wide["jaar"] = wide["jaar"].astype(int)
        units = long.loc[long["soort"] == "realisatie"].groupby("dimensie")["eenheid"].first()
        unit_text = ", ".join(sorted(set(units))) or "volume"
        fig, _ = charts.bouwsteen_chart(wide, f"Aantal ({unit_text})", self.periode.jaar,
                                        tuple(j for j in (self.periode.jaar - 1,) if self.jaar_voorlopig(wet, j)),
                                        eenheden=units.to_dict())
        cells = self._cells(long, long["dimensie"] + " " + long["periode"].map(self._jaar_label),
                            long["soort"].str.capitalize())
        # Clients beside the units (seeds 000 and 003 report both per bouwsteen).
        clients = self.pub.select(f"{wet}.clienten", self._years(), bouwstenen)
        cells = pd.concat([cells, self._cells(clients, clients["dimensie"] + " " + clients["periode"].map(self._jaar_label),
                                              ["Cliënten"] * len(clients))], ignore_index=True)
        rows = [f"{b} {self._jaar_label(y)}" for b in bouwstenen for y in self._years()]
        rows = [r for r in rows if r in set(cells["rij"])]
        caption = f"{titel}: aantal eenheden ({unit_text}) per jaar"
        alt = (f"Staafdiagram per bouwsteen ({', '.join(bouwstenen)}) met de realisatie per jaar van "
               f"{self.periode.jaar - 3} tot en met {self.periode.jaar} in {unit_text}, de prognose voor "
               f"{self.periode.jaar} als lichtere staaf en de nulmeting als zwarte streep.")
        vorig = self.periode.jaar - 1
        noot = (f"{vorig} is voorlopig: nog niet alle declaraties over {vorig} zijn binnen "
                f"(naar verwachting {procent(self.jaar_compleetheid(wet, vorig) or 1, 0)} van de kosten), dus de "
                f"realisatie {vorig} valt nog wat hoger uit. * {self._jaar_label(self.periode.jaar)}: een deel van het jaar."
                if self.jaar_voorlopig(wet, vorig) else f"* {self._jaar_label(self.periode.jaar)}: een deel van het jaar.")
        noot += f" Cliënten: unieke {self._label('clienten', wet)} met geleverde zorg op de bouwsteen in het jaar."
        return self._figure(fig, caption, alt, cells, "Bouwsteen en jaar", self._bron("declaraties"),
                            f"fig-{wet}-{presentation.slug(titel)}", " ".join(t for t in (noot, self._noot(clients)) if t), rows=rows,
                            cols=[c for c in ("Realisatie", "Prognose", "Nulmeting", "Cliënten") if c in set(cells["kolom"])])

    def figuur_verblijf_per_type(self) -> HTML:
        """Jeugdigen per type verblijf, last complete year and the current year."""
        _, wanted = self._group("jeugd", self.style["verblijf_groep"])
        years = [str(self.periode.jaar - 1), str(self.periode.jaar)]
        rows = self.pub.select("jeugd.clienten", years, wanted)
        rows = rows[rows["dimensie"].isin(set(rows.loc[rows["waarde"] > 0, "dimensie"]))]
        if rows.empty:
            return _html(presentation.not_available_html("Jeugdigen in verblijf: geen verblijf in de periode."))
        # The total counts each jeugdige once, also one who had two kinds of verblijf in the year.
        groep = self.style["verblijf_groep"]
        total = self.pub.select("jeugd.clienten_groep", years, [groep])
        rows = pd.concat([rows, total], ignore_index=True)
        data = rows.assign(categorie=rows["dimensie"].replace({groep: TOTAAL}), reeks=rows["periode"].map(self._jaar_label),
                           onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, "Aantal jeugdigen")
        cells = self._cells(data, data["categorie"], data["reeks"])
        noot = "Totaal: unieke jeugdigen in verblijf; wie in het jaar twee soorten verblijf had, telt één keer."
        return self._figure(fig, "Totaal aantal jeugdigen naar type verblijf",
                            "Staafdiagram van het aantal jeugdigen per type verblijf (zoals pleegzorg, gezinshuis en "
                            f"residentieel) en in totaal, in {years[0]} en {years[1]}.", cells, "Type verblijf",
                            self._bron("declaraties"), "fig-verblijf-type", f"{noot} {self._noot(rows)}".strip())

    def figuur_top25(self) -> HTML:
        """Share of the 25 most expensive youths in the costs of the jaarbeeld year (see findings.top25)."""
        jaar = self.periode.jaar - 1
        fig_row = self.pub.select("jeugd.top25_aandeel", [str(jaar)], totaal=True)
        if fig_row.empty:
            return self.niet_beschikbaar("Aandeel top 25")
        if bool(fig_row["verborgen"].iloc[0]):  # based on too few jeugdigen: no chart, no share in the text
            return _html(presentation.not_available_html(
                f"Aandeel top 25 in de kosten {self._jaar_label(jaar)}: niet gepubliceerd. {legend(self.drempel)}"))
        share = float(fig_row["waarde"].iloc[0])
        data = pd.DataFrame({"deel": ["Top 25", "Overige jeugdigen"], "waarde": [share, 1.0 - share]})
        fig, _ = charts.share_donut(data)
        cells = self._cells(fig_row, ["Top 25 duurste jeugdigen"], ["Aandeel in de kosten"])
        cells = pd.concat([cells, pd.DataFrame({"rij": ["Overige jeugdigen"], "kolom": ["Aandeel in de kosten"],
                                                "tekst": [procent(1.0 - share)]})], ignore_index=True)
        top = self.pub.select("jeugd.top25_kosten", [str(jaar)], totaal=True)
        alle = self.pub.get("jeugd.kosten", jaar)
        if not top.empty and not bool(top["verborgen"].iloc[0]) and alle is not None:
            # The seed gives the euros too: "€ 4,3 mln van de € 20,3 mln".
            cells = pd.concat([cells, self._cells(top, ["Top 25 duurste jeugdigen"], ["Kosten"]),
                               pd.DataFrame({"rij": ["Overige jeugdigen"], "kolom": ["Kosten"],
                                             "tekst": [euro_exact(alle.waarde - float(top["waarde"].iloc[0]))]})],
                              ignore_index=True)
        return self._figure(fig, f"Verhouding uitgaven top 25 en overige uitgaven jeugd {self._jaar_label(jaar)}",
                            f"Ringdiagram: de 25 jeugdigen met de hoogste zorgkosten zijn goed voor {procent(share)} "
                            "van de kosten Jeugd, de overige jeugdigen voor de rest.", cells, "",
                            self._bron("declaraties"), "fig-top25")

    def figuur_vergrijzing(self) -> HTML:
        """Share of inhabitants aged 65+ in the gemeente vs the Netherlands."""
        rows = self.pub.select("bevolking.aandeel_65plus", self._years(), dimensies=["", NATIONAAL])
        if rows.empty or not (rows["dimensie"] == "").any():
            return self.niet_beschikbaar("Vergrijzing (bevolking)")
        reeks = rows["dimensie"].map({"": self.gemeente.naam, NATIONAAL: "Nederland"})
        data = pd.DataFrame({"jaar": rows["periode"], "reeks": reeks, "waarde": 100.0 * rows["waarde"]})
        fig, _ = charts.compare_lines(data, "% inwoners 65 jaar en ouder", "procent")
        cells = self._cells(rows, reeks, rows["periode"])
        return self._figure(fig, "Aandeel inwoners van 65 jaar en ouder",
                            f"Lijndiagram van het percentage inwoners van 65 jaar en ouder in {self.gemeente.naam} "
                            "en in Nederland op 1 januari, per jaar.", cells, "", self._bron("bevolking"),
                            "fig-vergrijzing")

    # --- betaalbaarheid ------------------------------------------------------------------

    def _posten(self, wet: str, present: set[str]) -> list[str]:
        order = list((self.gemeente.raw.get("begrotingsposten") or self.style["begrotingsposten"]).get(wet, []))
        return [p for p in order if p in present] + sorted(present - set(order) - {""})

    def tabel_betaalbaarheid(self, wet: str) -> HTML:
        """Begroting, prognose and afwijking of the current year per begrotingspost (x € 1.000)."""
        year = str(self.periode.jaar)
        cols = {"Begroting": f"{wet}.begroting", "Prognose": f"{wet}.prognose", "Afwijking": f"{wet}.afwijking"}
        parts = []
        for kolom, indicator in cols.items():
            r = self.pub.select(indicator, [year])
            parts.append(r.assign(kolom=f"{kolom} {year}"))
        rows = pd.concat(parts, ignore_index=True)
        if rows.empty or not self.pub.has(f"{wet}.prognose"):
            return self.niet_beschikbaar(f"Prognose en begroting {self._label('wet', wet)}")
        rows = rows.assign(tekst=rows["waarde"].map(euro_k))
        rij = rows["dimensie"].where(rows["dimensie"] != "", TOTAAL)
        cells = self._cells(rows, rij, rows["kolom"]).assign(schaal="1000")
        columns = [f"{k} {year}" for k in cols if f"{k} {year}" in set(rows["kolom"])]
        present = set(rows["dimensie"])
        own = list((self.gemeente.raw.get("begrotingsposten") or {}).get(wet, []))
        # A post the municipality lists without budget or spending (Wijchen's "Stelpost Eigen
        # bijdragen") is shown with 0, as its council table does.
        zero = [p for p in own if p not in present]
        if zero:
            cells = pd.concat([cells, pd.DataFrame({"rij": [p for p in zero for _ in columns],
                                                    "kolom": columns * len(zero), "tekst": "0"})], ignore_index=True)
        order = (own + sorted(present - set(own) - {""}) if own else self._posten(wet, present)) + [TOTAAL]
        noot = "Afwijking = begroting − prognose; negatief is een nadeel."
        band = [(post, self.afwijking_band_tekst(wet, post)) for post in set(rows["dimensie"])]
        band = [(post, tekst) for post, tekst in band if tekst]
        if band:
            kolom = "Afwijking: 80%-interval"
            cells = pd.concat([cells, pd.DataFrame({"rij": [_post_label(p) for p, _ in band], "kolom": kolom,
                                                    "tekst": [t for _, t in band]})], ignore_index=True)
            columns.append(kolom)
            noot += (" 80%-interval: de werkelijke afwijking valt naar verwachting in 8 van de 10 gevallen binnen "
                     "deze grenzen (geijkt op de prognoses van eerdere jaren); ligt 0 ertussen, dan is nog niet "
                     "te zeggen of het een voordeel of een nadeel wordt.")
        return _html(presentation.table_html(
            cells, f"Verwachte afwijking {self._label('wet', wet)} {year} ten opzichte van de begroting (bedragen x € 1.000)",
            "Begrotingspost", order, columns, noot=noot, bron=self._bron("begroting")))

    def tabel_realisatie_vs_begroting(self, wet: str) -> HTML:
        """Realisatie against the budget of the closed year Y-1 (only where `secties.realisatie_vs_begroting`)."""
        if not self.gemeente.secties.get("realisatie_vs_begroting"):
            return _html("")
        if self.pub.has(f"{wet}.begroting_regel"):
            return self._tabel_realisatie_regels(wet)
        year = self.periode.jaar - 1
        real = self.pub.select(f"{wet}.kosten", [str(year)])
        if real.empty:
            return self.niet_beschikbaar(f"Realisatie en begroting {self._label('wet', wet)} {year}")
        budget = self.pub.select(f"{wet}.begroting", [str(year)]).set_index("dimensie")["waarde"]
        if budget.empty:
            return self.niet_beschikbaar(f"Begroting {self._label('wet', wet)} {year}")
        voorlopig = self.jaar_voorlopig(wet, year)
        real = real.assign(kolom=f"Realisatie {year}" + ("*" if voorlopig else ""), tekst=real["waarde"].map(euro_k))
        posts = self._posten(wet, set(real["dimensie"]) | set(budget.index))
        real_by = real.set_index("dimensie")["waarde"]
        extra = pd.DataFrame({
            "rij": [_post_label(p) for p in posts + [""]] * 2,
            "kolom": [f"Begroting {year}"] * (len(posts) + 1) + [f"Verschil {year}"] * (len(posts) + 1),
            "tekst": [euro_k(budget.get(p, 0.0)) for p in posts + [""]]
            + [euro_k(budget.get(p, 0.0) - real_by.get(p, 0.0)) for p in posts + [""]],
        })
        cells = pd.concat([self._cells(real, real["dimensie"].map(_post_label), real["kolom"]).assign(schaal="1000"), extra],
                          ignore_index=True)
        columns = [f"Realisatie {year}" + ("*" if voorlopig else ""), f"Begroting {year}", f"Verschil {year}"]
        noot = "Verschil = begroting − realisatie; negatief is een tekort."
        if voorlopig:
            verwacht = self.pub.select(f"{wet}.kosten_verwacht", [str(year)])
            verwacht = verwacht.assign(kolom=f"Verwacht eindbedrag {year}", tekst=verwacht["waarde"].map(euro_k))
            cells = pd.concat([cells, self._cells(verwacht, verwacht["dimensie"].map(_post_label), verwacht["kolom"])
                               .assign(schaal="1000")], ignore_index=True)
            columns.insert(1, f"Verwacht eindbedrag {year}")
            noot += " " + self._jaar_voorlopig_noot(wet, year) + " Het verschil is berekend op de realisatie tot nu toe."
        return _html(presentation.table_html(
            cells, f"Realisatie {self._label('wet', wet)} {year} ten opzichte van de begroting (bedragen x € 1.000)",
            "Begrotingspost", [_post_label(p) for p in posts + [""]], columns, noot=noot, bron=self._bron("begroting")))

    def _tabel_realisatie_regels(self, wet: str) -> HTML:
        """Realisatie against the budget of Y-1 per the municipality's own begrotingsregels."""
        year = str(self.periode.jaar - 1)
        real = self.pub.select(f"{wet}.kosten_regel", [year])
        budget = self.pub.select(f"{wet}.begroting_regel", [year]).set_index("dimensie")["waarde"]
        if real.empty or budget.empty:
            return self.niet_beschikbaar(f"Realisatie en begroting {self._label('wet', wet)} {year}")
        known = set(real["dimensie"]) | set(budget.index)
        order = begrotingsregels.regel_order(self.gemeente, wet)
        regels = [r for r in order if r in known] + sorted(known - set(order) - {""}) + [""]
        real_by = real.set_index("dimensie")["waarde"]
        label = {r: r or "Totaal kosten" for r in regels}
        extra = pd.DataFrame({
            "rij": [label[r] for r in regels] * 2,
            "kolom": [f"Budget {year}"] * len(regels) + [f"Verschil {year}"] * len(regels),
            "tekst": [euro_k(budget.get(r, 0.0)) for r in regels]
            + [euro_k(budget.get(r, 0.0) - real_by.get(r, 0.0)) for r in regels],
        })
        real = real.assign(kolom=f"Realisatie {year}", tekst=real["waarde"].map(euro_k))
        cells = pd.concat([self._cells(real, real["dimensie"].map(label), real["kolom"]).assign(schaal="1000"), extra],
                          ignore_index=True)
        return _html(presentation.table_html(
            cells, f"Budget {self._label('wet', wet)} {year}: realisatie ten opzichte van het budget (bedragen x € 1.000)",
            f"Budget {self._label('wet', wet)}", [label[r] for r in regels],
            [f"Realisatie {year}", f"Budget {year}", f"Verschil {year}"],
            noot="Verschil = budget − realisatie; negatief is een tekort. Per begrotingsregel van de gemeente.",
            bron=self._bron("begroting")))

    # --- Veilig Thuis and regio ----------------------------------------------------------

    def figuur_veilig_thuis(self, soorten: list[str]) -> HTML:
        """Veilig Thuis counts per year for the given soorten."""
        labels = [self._label("veilig_thuis", s) for s in soorten]
        return self._per_year_bars("veilig_thuis.aantal", "veilig_thuis", "Aantal",
                                   f"{' en '.join(labels)} Veilig Thuis uit {self.gemeente.naam}",
                                   f"Staafdiagram van het aantal {' en '.join(l.lower() for l in labels)} bij Veilig "
                                   f"Thuis uit {self.gemeente.naam} per jaar.", self._bron("veilig_thuis"),
                                   f"fig-vt-{presentation.slug('-'.join(soorten))}", dims=soorten,
                                   bron_tabel="veilig_thuis")

    def _gebied_naam(self, code: str) -> str:
        return str(self.style.get("gebieden", {}).get(code, code))

    def _regio_text(self, indicator: str, value: float) -> str:
        kind = self.style["regio"]["eenheid"].get(indicator, "per_1000")
        if kind == "per_1000":
            return getal(value, 1)
        from .formatting import waarde as fmt

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
            tekst = fig.tekst if fig.onderdrukt else self._regio_text(indicator, fig.waarde)
            return {"waarde": fig.waarde, "tekst": tekst, "onderdrukt": fig.onderdrukt,
                    "indicator": fig.indicator, "periode": fig.periode, "dimensie": fig.dimensie}
        return None

    def figuren_regio(self) -> HTML:
        """Per benchmark indicator: the own municipality, the region's municipalities and NL, latest year."""
        bench = self._table("benchmark")
        if bench is None or bench.empty:
            return self.niet_beschikbaar("Regionale vergelijking")
        own = self.gemeente.code
        areas = [a for a in (list(self.gemeente.regio_gemeenten) or [own]) if a != own]
        totals = bench[(bench["dimensie"].fillna("") == "") & (bench["periode"].astype(str).str.len() == 4)]
        totals = totals[totals["periode"].astype(int) <= self.periode.jaar]
        html = []
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
            fig, _ = charts.grouped_bars(frame, label, eenheid="aantal" if kind == "per_1000" else kind,
                                         horizontal=True, highlight=self._gebied_naam(own))
            cells = pd.DataFrame({"rij": frame["categorie"], "kolom": f"{label} {latest}", "tekst": frame["tekst"]})
            for col in presentation.SOURCE_COLUMNS:
                cells[col] = frame[col] if col in frame else ""
            html.append(presentation.figure_html(
                fig, f"{label}, {latest}", f"Liggend staafdiagram van {label.lower()} in {latest} voor "
                f"{self.gemeente.naam}, de andere gemeenten in de regio {self.gemeente.regio} en Nederland; "
                f"{self.gemeente.naam} is donker gekleurd. De cijfers staan in de tabel bij de figuur.",
                cells, "Gebied", self._bron("benchmark"), f"fig-regio-{presentation.slug(indicator)}",
                self._noot(frame.rename(columns={"onderdrukt": "verborgen"}))))
        if not html:
            return self.niet_beschikbaar("Regionale vergelijking")
        return _html("".join(html))

    def figuur_regio_bouwstenen(self, wet: str) -> HTML:
        """Clients per 1.000 inhabitants per bouwsteen: own municipality vs the region's average."""
        bench = self._table("benchmark")
        indicator = f"{wet}.clienten_per_1000"
        titel = f"{self._label('wet', wet)} per bouwsteen in de regio"
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
            fig = self.pub.get(indicator, latest, str(bouwsteen))
            if fig is not None:
                records.append({"categorie": bouwsteen, "reeks": self.gemeente.naam, "waarde": fig.waarde,
                                "tekst": fig.tekst if fig.onderdrukt else getal(fig.waarde, 1),
                                "onderdrukt": fig.onderdrukt})
            records.append({"categorie": bouwsteen, "reeks": "Gemiddelde andere regiogemeenten", "waarde": float(v),
                            "tekst": getal(v, 1), "onderdrukt": False})
        frame = pd.DataFrame(records)
        fig, _ = charts.grouped_bars(frame, "Cliënten per 1.000 inwoners", horizontal=True)
        cells = pd.DataFrame({"rij": frame["categorie"], "kolom": frame["reeks"], "tekst": frame["tekst"]})
        return self._figure(fig, f"{self._label('clienten', wet).capitalize()} per 1.000 inwoners per bouwsteen, "
                            f"{self.gemeente.naam} en de regio, {latest}",
                            f"Liggend staafdiagram per bouwsteen van het aantal {self._label('clienten', wet)} per "
                            f"1.000 inwoners in {self.gemeente.naam}, naast het gemiddelde van de andere gemeenten "
                            f"in de regio {self.gemeente.regio}, in {latest}.", cells, "Bouwsteen",
                            self._bron("benchmark") + "; " + self._bron("declaraties"), f"fig-regio-{wet}-bouwstenen",
                            self._noot(frame.rename(columns={"onderdrukt": "verborgen"})))

    def _benchmark_label(self, indicator: str) -> str:
        known = self.style.get("benchmark_labels", {})
        return str(known.get(indicator, indicator))

    # --- bijlagen ------------------------------------------------------------------------

    def tabel_kpis(self) -> HTML:
        """The 25 KPIs of the council, each with its value or the reason it is not available.

        A KPI that is one figure of the figure table is printed from the published figures (so the
        small-numbers rule applies and the cell carries its source keys); a calculated KPI (a share,
        the uitnutting of the begroting) is formatted from its exact value.
        """
        from .formatting import waarde as fmt
        from .kpi_overzicht import SHARE_SOURCES, kpi_overzicht, load_catalogue

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
        return _html(presentation.table_html(frame, "KPI's in de rapportage", "Nr.", rows, cols,
                                             noot=legend(self.drempel)))

    def _share_reveals_hidden(self, indicator: str | None, periode: str) -> bool:
        """Whether a share computed from the breakdown of `indicator` uses a hidden count."""
        if not indicator:
            return False
        return bool(self.pub.select(indicator, [periode], totaal=False)["verborgen"].any())

    def tabel_verantwoording(self) -> HTML:
        """Rows read = used + excluded, per input table and reason. Counts of rows that are persons
        or cases follow the small-numbers rule, with secondary suppression (see
        `suppression.reconciliation_texts`)."""
        from .selection import NETTED
        from .suppression import reconciliation_texts

        recon = self.selection.reconciliation
        kolom = recon["reden"].astype(str).str.capitalize()
        texts = reconciliation_texts(recon, self.pub, self._years(), part_of_used=(NETTED,))
        from .kpi_overzicht import bron_naam

        # Readers see the source's name, never the internal table name ("klachten_bezwaren").
        cells = pd.DataFrame({"rij": recon["tabel"].astype(str).map(bron_naam), "kolom": kolom, "tekst": texts})
        cols = list(dict.fromkeys(kolom))
        hidden = any(t != getal(v) for t, v in zip(texts, recon["rijen"]))
        noot = ("Per bron geldt: gelezen = gebruikt + de uitgesloten rijen per reden; – : reden niet van toepassing "
                "op deze bron. 'Waarvan verrekend' is een deel van 'gebruikt': declaratieregels die door een "
                "creditregel tegen elkaar wegvallen; ze tellen mee in de kosten, niet in het aantal cliënten.")
        if hidden:
            noot += " " + legend(self.drempel)
        return _html(presentation.table_html(
            cells, f"Verantwoording van de gebruikte gegevens (peildatum {datum(self.peildatum)})", "Bron",
            cols=cols, noot=noot))


def open_monitor(gemeente: str, periode: str, peildatum: str = "", data: str = "", figures: str = "") -> Monitor:
    """The Monitor of one edition: figures from `figures` (a kpis.csv) if given, else computed."""
    g = resolve_gemeente(gemeente)
    p = Periode.parse(periode)
    pdat = parse_peildatum(peildatum) if peildatum else None
    data_dir = Path(data) if data else config.demo_data_dir()
    selection = None
    overzicht = None
    if figures:
        table = read_figures(figures)
        beside = Path(figures).with_name("kpi-overzicht.csv")
        if beside.exists():
            from .kpi_overzicht import read_kpi_overzicht_csv

            overzicht = read_kpi_overzicht_csv(beside)
    else:
        from .dataset import load_dataset
        from .kpis import figure_table
        from .selection import select

        selection = select(load_dataset(data_dir), g, p, pdat)
        table = figure_table(selection)
    monitor = Monitor(g, p, table, data_dir, pdat, selection, analyst_commentary(g, str(p)), overzicht)
    monitor.figures_path = Path(figures) if figures else None  # wijzigingen.csv lies beside it
    return monitor
