"""The shared base of the chapter facade: one edition (gemeente, periode, peildatum), its figure
table, the small-numbers rule, the analyst's commentary, the house style, and the helpers every
chapter uses to turn published figures into elements (`element.Element`). The chapters' elements
live in the `hoofdstuk_*` mixins; `monitor.Monitor` composes them.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from sdmonitor.ingest.selection import NATIONAAL
from sdmonitor.parameters import Gemeente, chapter_names
from sdmonitor.periods import Periode
from sdmonitor.publish import alttext, charts, findings, presentation
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element, GridElement
from sdmonitor.publish.formatting import datum, maand, maand_kort, opsomming
from sdmonitor.publish.suppression import Published, legend
from sdmonitor.workbook import hoofdstuk_invoer, reserve
from sdmonitor.workbook.hoofdstuk_invoer import HoofdstukInvoer
from sdmonitor.workbook.onzekerheid import OnzekerheidMixin

TOTAAL = "Totaal"
# How the introduction names each chapter (`opbouw`), in the notebooks' order.
HOOFDSTUK_NAMEN = {"inleiding": "Inleiding", "toegang": "Toegang", "jeugd": "Jeugd", "wmo": "Wmo",
                   "veilig_thuis": "Veilig Thuis", "contractering": "contractering van Wmo en Jeugd",
                   "regio": "de vergelijking met de regio", "bijlage_kpi": "de KPI's van de raad",
                   "verantwoording": "de verantwoording van de gebruikte gegevens"}


def _html(text: str) -> Element:
    """A text element (findings, commentary, a notice, or nothing)."""
    return Element(text)


def _post_label(begrotingspost: str) -> str:
    """The row label of a begrotingspost; the total row has an empty dimensie."""
    return begrotingspost or TOTAAL


class _Labels(dict):
    """Year labels with a fallback for a year not in the dict (`Series.map` calls `__missing__`)."""

    def __init__(self, fallback: Any) -> None:
        super().__init__()
        self.fallback = fallback

    def __missing__(self, key: str) -> str:
        return self.fallback(key)


class MonitorBasis(OnzekerheidMixin):
    """One edition of the monitor for one gemeente and the helpers of its chapter elements."""

    def __init__(self, gemeente: Gemeente, periode: Periode, figures: pd.DataFrame, data_dir: Path,
                 peildatum: date | None = None, selection: Any = None,
                 commentary: dict[str, Any] | None = None, overzicht: pd.DataFrame | None = None,
                 published: Published | None = None) -> None:
        self.gemeente = gemeente
        self._overzicht = overzicht
        self.periode = periode
        self.data_dir = data_dir
        self._peildatum = peildatum
        self._selection = selection
        self.figures = figures
        self.drempel = gemeente.drempel_kleine_aantallen
        # `published`: the same figures already marked and formatted (open_monitor's cache).
        self.pub = published if published is not None else Published(figures, self.drempel)
        self.commentary = commentary or {}
        self.style = charts.house_style()
        self._invoer: HoofdstukInvoer | None = None

    # --- data access ---------------------------------------------------------------------

    @property
    def selection(self) -> Any:
        """The Selection of this edition (loaded on first use: only some elements need raw tables)."""
        if self._selection is None:
            if os.environ.get("SDMONITOR_IN_RUN"):
                # In `sdmonitor run` the runner computed everything a chapter shows (kpis.csv,
                # hoofdstuk-invoer.json): reading the input folder again here could mix a file
                # changed during the run into the report (see `run.kernels.IN_RUN_ENV`).
                raise RuntimeError("dit onderdeel leest de invoermap zelf; in 'sdmonitor run' krijgt een hoofdstuk "
                                   "zijn gegevens alleen van de runner (kpis.csv, hoofdstuk-invoer.json)")
            from sdmonitor.ingest.dataset import load_dataset
            from sdmonitor.ingest.selection import select

            self._selection = select(load_dataset(self.data_dir), self.gemeente, self.periode, self._peildatum)
        return self._selection

    @property
    def peildatum(self) -> date:
        """The explicit peildatum, else the default of the selection (latest ingediend_op)."""
        return self._peildatum or self.selection.peildatum

    def _table(self, name: str) -> pd.DataFrame | None:
        """A raw input table of the selection (loads the data folder: prefer `invoer`)."""
        sel = self.selection
        return sel.tables.get(name) if sel.has(name) else None

    @property
    def invoer(self) -> HoofdstukInvoer:
        """What the chapters need beyond the figure table: the runner's `hoofdstuk-invoer.json`
        beside `kpis.csv`, else computed from the selection (loaded once, on first use)."""
        if self._invoer is None:
            path = self.figures_path.with_name(hoofdstuk_invoer.FILE) if self.figures_path else None
            self._invoer = (hoofdstuk_invoer.read(path) if path is not None and path.is_file()
                            else hoofdstuk_invoer.from_selection(self.selection, self.gemeente))
        return self._invoer

    def _has_table(self, name: str) -> bool:
        """Whether the (optional) input table exists."""
        return name in self.invoer.tabellen

    def _years(self) -> list[str]:
        return [str(y) for y in self.periode.years]

    def _label(self, kind: str, key: str) -> str:
        return str(self.style["labels"].get(kind, {}).get(key, key))

    def _bron(self, key: str) -> str:
        return str(self.style["bron"][key])

    def _jaar_label(self, jaar: str | int, status: str | None = None) -> str:
        """A year as a column or bar label. With the `status` of its figures (`summary_status`), a
        deelperiode says which part ("2026 t/m feb", "2023 (deel)"; `status_weergave`); voorlopig
        and definitief years read plain (their cells and bars carry the mark). Without a status,
        the current year is year-to-date: "2026 t/m feb"."""
        if status is not None:
            return sw.periode_label(str(jaar), status, self.periode) if status == sw.DEELPERIODE else str(jaar)
        if int(jaar) == self.periode.jaar and self.periode.maand < 12:
            return f"{jaar} t/m {maand_kort(str(self.periode))}"
        return str(jaar)

    def _jaar_labels(self, *frames: pd.DataFrame) -> dict[str, str]:
        """Per periode of `frames` (published rows) its label from the status of all its rows, so
        every cell of one year shares one column ("2026 t/m feb" even where one series lacks data).
        A periode of no frame gets `_jaar_label` without status (works with `Series.map`)."""
        parts = [f[["periode", "status"]] for f in frames if "status" in f and len(f)]
        rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({"periode": [], "status": []})
        labels = _Labels(self._jaar_label)
        labels.update({p: self._jaar_label(p, sw.summary_status(g)) for p, g in rows.groupby("periode")["status"]})
        return labels

    def _cells(self, frame: pd.DataFrame, rij: pd.Series | list, kolom: pd.Series | list,
               bron_kpis: bool = True) -> pd.DataFrame:
        """Grid cells from published rows; figure-table rows keep their source keys and their
        `status`, and the printed text carries the status mark ("1.301*", "geen gegevens")."""
        cells = pd.DataFrame({"rij": list(rij), "kolom": list(kolom), "tekst": list(frame["tekst"])})
        if bron_kpis:
            for col in presentation.SOURCE_COLUMNS:
                cells[col] = list(frame[col])
        if "status" in frame:
            cells["status"] = [sw.normal(st) if str(st) else "" for st in frame["status"]]
            cells["tekst"] = [sw.cell_text(t, st) for t, st in zip(cells["tekst"], cells["status"])]
        return cells

    @staticmethod
    def _status_noot(cells: pd.DataFrame, noot: str) -> str:
        """`noot` followed by the explanation of the status marks the cells print (`status_weergave.legend`)."""
        uitleg = sw.legend(cells["status"]) if "status" in cells else ""
        return " ".join(t for t in (noot, "" if uitleg in noot else uitleg) if t)

    def _geen_gegevens(self, rows: pd.DataFrame, caption: str) -> Element | None:
        """The one sentence that replaces a chart whose every value is geen_gegevens, else None."""
        if len(rows) and "status" in rows and not any(sw.has_data(st) for st in rows["status"]):
            return _html(presentation.paragraph_html(
                f"{caption}: geen gegevens over deze periode; de bron dekt die niet."))
        return None

    def _noot(self, *frames: pd.DataFrame) -> str:
        hidden = any(bool(f["verborgen"].any()) for f in frames if "verborgen" in f)
        return legend(self.drempel) if hidden else ""

    def _figure(self, fig: Any, caption: str, alt: str, cells: pd.DataFrame, rij_kop: str, bron: str,
                fig_id: str, noot: str = "", rows: list[str] | None = None, cols: list[str] | None = None) -> Element:
        # What is shown (the figure method) + the message from the same published numbers (alttext).
        boodschap = alttext.message(cells, self.pub, self.periode)
        alt = " ".join(t for t in (alt, boodschap, "De cijfers staan in de tabel bij de figuur.") if t)
        noot = self._status_noot(cells, noot)
        html = presentation.figure_html(fig, caption, alt, cells, rij_kop, bron, fig_id, noot, rows, cols)
        return GridElement(html, cells, self.pub.frame, caption, fig, rows, cols)

    def _tabel(self, cells: pd.DataFrame, caption: str, rij_kop: str = "", rows: list[str] | None = None,
               cols: list[str] | None = None, noot: str = "", bron: str = "") -> GridElement:
        """A numbered report table as an element (see `presentation.table_html`)."""
        noot = self._status_noot(cells, noot)
        html = presentation.table_html(cells, caption, rij_kop, rows, cols, noot, bron)
        return GridElement(html, cells, self.pub.frame, caption, rows=rows, cols=cols)

    def niet_beschikbaar(self, wat: str) -> Element:
        """Notice that an element cannot be shown because its (optional) data is missing."""
        return _html(presentation.not_available_html(f"{wat}: niet beschikbaar in de aangeleverde gegevens."))

    # --- text ----------------------------------------------------------------------------

    def ondertitel(self) -> Element:
        """Gemeente, edition and peildatum, under the chapter title of the introduction."""
        p = self.periode
        return _html(presentation.paragraph_html(
            f"Gemeente {self.gemeente.naam} · jaarbeeld {p.jaar - 1}, t/m {maand(str(p))} · "
            f"peildatum {datum(self.peildatum)}"))

    def opbouw(self) -> Element:
        """How the report is built up, from this municipality's own chapters (`hoofdstukken`; the
        KPI appendix only with a `kpi_set`), so no report announces a chapter it does not have."""
        names = chapter_names(self.gemeente, list(HOOFDSTUK_NAMEN))
        zinnen = []
        if "toegang" in names:
            zinnen.append("Deze monitor begint met een hoofdstuk over de toegang via het Sociaal Team.")
        zorg = [HOOFDSTUK_NAMEN[n] for n in ("jeugd", "wmo") if n in names]
        if len(zorg) == 2:
            zinnen.append("Daarna volgt het zorggebruik, uitgesplitst in de hoofdstukken Jeugd en Wmo.")
        elif zorg:
            zinnen.append(f"Daarna volgt het zorggebruik in het hoofdstuk {zorg[0]}.")
        overig = [HOOFDSTUK_NAMEN[n] for n in names if n in ("veilig_thuis", "contractering", "regio")]
        if overig:
            zinnen.append(f"Verder {'is er een hoofdstuk' if len(overig) == 1 else 'zijn er hoofdstukken'} over "
                          f"{opsomming(overig)}.")
        zinnen.append("Telkens presenteren we de cijfers die relevante ontwikkelingen laten zien, zoals grote "
                      "verschuivingen of bouwstenen waarop we besparingen willen realiseren. We vergelijken met "
                      "voorgaande kalenderjaren, zodat de ontwikkeling zichtbaar is.")
        bijlagen = [HOOFDSTUK_NAMEN[n] for n in names if n in ("bijlage_kpi", "verantwoording")]
        zinnen.append(f"In de bijlage{'n staan' if len(bijlagen) > 1 else ' staat'} {opsomming(bijlagen)}.")
        return _html(presentation.paragraph_html(" ".join(zinnen)))

    def opmerking_bij_de_cijfers(self) -> Element:
        """What the peildatum means for the most recent months."""
        return _html(presentation.paragraph_html(
            f"De cijfers over zorggebruik en kosten zijn gebaseerd op declaraties die uiterlijk op "
            f"{datum(self.peildatum)} waren ingediend, over zorg geleverd tot en met {maand(str(self.periode))}. "
            f"Aantallen personen van 1 tot en met {self.drempel - 1} tonen we als \"<{self.drempel}\"."))

    def bevindingen(self, hoofdstuk: str, niveau: int = 2) -> Element:
        """Generated "Belangrijkste bevindingen" of a chapter (a heading of level `niveau`: 2 right
        under the chapter title, 3 inside a section), followed by the analyst's text."""
        landelijk = None
        if hoofdstuk == "jeugd":
            landelijk = self._benchmark_value(NATIONAAL, "jeugd.pct_in_zorg", str(self.periode.jaar - 1))
        sentences = findings.for_chapter(hoofdstuk, self.pub, self.periode, landelijk)
        sentences += reserve.for_chapter(hoofdstuk, self.pub, self.periode, self.gemeente.raw.get("egalisatiereserve"))
        html = presentation.findings_html(sentences, niveau=niveau)
        kern = self.commentary.get("kernboodschap") if hoofdstuk == "inleiding" else None
        html += presentation.analyst_html(kern, self._kop("Kernboodschap")) + self._tekstcontrole("kernboodschap", kern)
        tekst = (self.commentary.get("duiding") or {}).get(hoofdstuk)
        html += presentation.analyst_html(tekst, self._kop("Duiding")) + self._tekstcontrole(hoofdstuk, tekst)
        return _html(html)

    def _tekstcontrole(self, sectie: str, tekst: Any) -> str:
        """The commentary check's warning box beside the analyst's text, in the workbook only: a
        publication run says the warnings in its summary and `intern/` instead."""
        from sdmonitor.publish import tekstcontrole
        from sdmonitor.publish.element import PUBLICATIE_ENV

        if not tekst or os.environ.get(PUBLICATIE_ENV):
            return ""
        ctx = tekstcontrole.context(self.pub.frame, self.periode, self.gemeente, self.invoer.benchmark)
        return tekstcontrole.waarschuwing_html(tekstcontrole.controleer_tekst(sectie, tekst, ctx))

    def _kop(self, kop: str) -> str:
        """The heading of an analyst block; example text (demo editions) says so."""
        return f"{kop} (voorbeeldtekst bij de demodata)" if self.commentary.get("voorbeeld") else kop

    def duiding(self, sectie: str) -> Element:
        """The analyst's commentary for one section (`duiding: {<sectie>: tekst}`), if any."""
        tekst = (self.commentary.get("duiding") or {}).get(sectie)
        return _html(presentation.analyst_html(tekst, self._kop("Duiding")) + self._tekstcontrole(sectie, tekst))

    def tekst(self, sleutel: str) -> Element:
        """Prose that holds only for some municipalities or inputs (`teksten`): the municipality's
        own text or the project's default, only where its condition holds; else nothing."""
        from sdmonitor.workbook import teksten

        return teksten.tekst(self, sleutel)

    def _per_year_bars(self, indicator: str, labels: str, ylabel: str, caption: str, alt: str, bron: str,
                       fig_id: str, stacked: bool = False, dims: list[str] | None = None,
                       bron_tabel: str | None = None) -> Element:
        """Bars per year and breakdown. A year without data (status geen_gegevens, or no row of a
        source table `bron_tabel` that lacks the year) has no bar and says "geen gegevens" in the
        table; a deelperiode year is labelled and hatched as one (`status_weergave`)."""
        rows = self.pub.select(indicator, self._years(), dims, totaal=False)
        if rows.empty:
            return self.niet_beschikbaar(caption)
        if (zin := self._geen_gegevens(rows, caption)) is not None:
            return zin
        with_data = rows[[sw.has_data(st) for st in rows["status"]]]
        if with_data["verborgen"].any() and (with_data["verborgen"] | (with_data["waarde"] == 0)).all():
            # A chart of hatched stubs only says nothing: one sentence says it better.
            return _html(presentation.paragraph_html(self._alles_verborgen_zin(indicator, caption, dims)))
        leeg = self.jaren_zonder_gegevens(bron_tabel) if bron_tabel else []
        leeg = [j for j in leeg if j not in set(rows["periode"])]  # years the figure table has no row of
        total = self.pub.select(indicator, self._years(), totaal=True)
        kolom = self._jaar_labels(rows, total)
        data = rows.assign(categorie=rows["periode"].map(kolom), reeks=rows["dimensie"].map(lambda d: self._label(labels, d)),
                           onderdrukt=rows["verborgen"])
        fig, _ = charts.grouped_bars(data, ylabel, stacked=stacked)
        cells = self._cells(data, data["reeks"], data["categorie"])
        if not total.empty and dims is None:
            cells = pd.concat([cells, self._cells(total, [TOTAAL] * len(total), total["periode"].map(kolom))])
        noot = self._noot(rows, total)
        if leeg:
            # A source without rows for a year has no figure for it, not a zero.
            cells = pd.concat([cells, pd.DataFrame([{"rij": r, "kolom": self._jaar_label(j), "tekst": sw.GEEN_GEGEVENS_TEKST,
                                                     "status": sw.GEEN_GEGEVENS}
                                                    for r in dict.fromkeys(data["reeks"]) for j in leeg])], ignore_index=True)
        return self._figure(fig, caption, alt, cells, "", bron, fig_id, noot)

    def _alles_verborgen_zin(self, indicator: str, caption: str, dims: list[str] | None) -> str:
        """The one sentence that replaces a chart whose every breakdown value is hidden: the
        published totals per year if there are any, else that every number is small."""
        total = self.pub.select(indicator, self._years(), totaal=True) if dims is None else pd.DataFrame()
        if len(total) and not total["verborgen"].all():
            per_jaar = "; ".join(f"{self._jaar_label(j)}: {t}" for j, t in zip(total["periode"], total["tekst"]))
            return (f"{caption}: {per_jaar}. De uitsplitsing tonen we niet, omdat elk deel kleiner is dan "
                    f"{self.drempel}.")
        if len(total) and total["verborgen"].all() and not total["tekst"].str.startswith("<").all():
            # Totals hidden by the audit (not small themselves): say why without calling them small.
            return (f"{caption}: De aantallen tonen we niet: ze zijn klein, of een klein aantal zou eruit af "
                    "te leiden zijn.")
        return f"{caption}: in elk jaar minder dan {self.drempel}; de aantallen tonen we daarom niet."

    def _benchmark_value(self, gebied: str, indicator: str, periode: str) -> float | None:
        bench = self.invoer.benchmark
        if bench is None:
            return None
        hit = bench[(bench["gebied"] == gebied) & (bench["indicator"] == indicator)
                    & (bench["periode"].astype(str) == periode) & (bench["dimensie"].fillna("") == "")]
        return float(hit["waarde"].iloc[0]) if len(hit) else None
