"""The explorer behind `notebooks/verkenner.ipynb`: choose gemeente(n), wet, indicator, bouwsteen or
begrotingspost and years; see the house-style chart, the table under it and the region/NL comparison.

All logic is here and testable without a browser: `Verkenner` turns a `Keuze` (the widget state)
into a `Resultaat` (chart, table, comparison) and answers the widgets' callbacks (`bij_wet`,
`bij_indicator`) with plain data. `app()` only wires ipywidgets to those methods. Figures come
from `edition.open_edition` (computed once per edition and process) as published (`series`/
`compare` without `exact`): the small-numbers rule (`tekst`), and each figure's `status` as in the
report — "geen gegevens" in the table and no bar or point (never 0), a voorlopig period "*" in the
table and the report's open marker / "voorlopig" label in the chart, a part year labelled
("2026 t/m feb", "2023 (deel van het jaar)") and left out of the comparison with full years.

Every text shown comes from data (a bouwsteen, begrotingspost or aanbieder name, a gemeente's
naam, an error message): HTML fragments escape it (`html_tekst`, `tabel_html`), and the widgets
show options and descriptions as plain text (ipywidgets 8: `description_allow_html` False).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

import ipywidgets as w
import pandas as pd
from IPython.display import HTML, Image, display
from matplotlib.figure import Figure

from sdmonitor.errors import SdmonitorError
from sdmonitor.periods import Periode
from sdmonitor.publish import charts, huisstijl
from sdmonitor.publish.formatting import maand_kort
from sdmonitor.workbook.edition import Edition, open_edition

TOTAAL = "Totaal"
WETTEN = {"jeugd": "Jeugd", "wmo": "Wmo", "toegang": "Toegang (Sociaal Team)", "veilig_thuis": "Veilig Thuis",
          "klachten": "Klachten", "bezwaren": "Bezwaren", "bevolking": "Bevolking", "tevredenheid": "Tevredenheid",
          "smw": "Schoolmaatschappelijk werk"}
# Internal figures a reader never sees as such (the prognosis' backtests and calibration, the
# counts behind medians): left out of the indicator list, still in `Edition.figures`.
VERBORGEN = ("backtest_", "_kalibratie", "_dekking", "_fout", "_aantal")
START = ("jeugd", "jeugd.clienten")


@dataclass(frozen=True)
class Keuze:
    """The widget state: the first gemeente is the edition's own; `dimensie` "" is the total."""

    indicator: str = START[1]
    dimensie: str = ""
    jaren: tuple[int, int] | None = None
    per: str = "jaar"
    gemeenten: tuple[str, ...] = ()


@dataclass
class Resultaat:
    """What the explorer shows for one Keuze."""

    keuze: Keuze
    titel: str
    data: pd.DataFrame  # compare() rows of the chosen gemeenten: the chart's and the table's numbers
    figuur: Figure | None
    tabel: pd.DataFrame  # periode x gemeente, published text, "*" = voorlopig
    vergelijking: pd.DataFrame  # region/NL rows (benchmark) next to the own figures, per jaar
    vergelijking_figuur: Figure | None
    noten: list[str] = field(default_factory=list)


def periode_label(periode: str, editie: Periode | None = None, status: str = "") -> str:
    """"2025-03" becomes "mrt 2025"; the edition's own, unfinished year reads "2026 t/m feb" as in
    the report; another year the source covers only in part "2023 (deel van het jaar)"; other
    years stay "2025"."""
    if len(periode) == 7:
        return f"{maand_kort(periode)} {periode[:4]}"
    if editie is not None and periode == str(editie.jaar) and editie.maand < 12:
        return f"{periode} t/m {maand_kort(str(editie))}"
    if status == "deelperiode":
        return f"{periode} (deel van het jaar)"
    return periode


def _labels(rows: pd.DataFrame, editie: Periode) -> pd.Series:
    status = rows["status"] if "status" in rows else pd.Series("", index=rows.index)
    return pd.Series([periode_label(p, editie, s) for p, s in zip(rows["periode"], status)], index=rows.index,
                     dtype="str")


class Verkenner:
    """The explorer over one edition (and, for comparisons, the same edition of other gemeenten)."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        catalogue = edition.indicators()
        keep = ~catalogue["indicator"].map(lambda i: any(part in i for part in VERBORGEN))
        self.catalogue = catalogue[keep].set_index("indicator", drop=False)

    # --- options (what the widgets offer) ------------------------------------------------

    def wetten(self) -> list[tuple[str, str]]:
        """(label, wet) of every domain with figures, Jeugd and Wmo first."""
        present = list(dict.fromkeys(self.catalogue["wet"]))
        order = [w for w in WETTEN if w in present] + [w for w in present if w not in WETTEN]
        return [(WETTEN.get(w, w), w) for w in order]

    def indicatoren(self, wet: str) -> list[tuple[str, str]]:
        """(Dutch name, indicator) of the wet's indicators, by name."""
        part = self.catalogue[self.catalogue["wet"] == wet]
        return sorted(zip(part["naam"], part["indicator"]), key=lambda t: t[0].lower())

    def dimensie_soort(self, indicator: str) -> str:
        """What the breakdown of an indicator is called: Begrotingspost, Bouwsteen, Verwijzer, ..."""
        from sdmonitor.publish.charts import house_style

        dims = {d for d in self.catalogue.at[indicator, "dimensies"] if d}
        wet = indicator.split(".", 1)[0]
        posts = set(house_style()["begrotingsposten"].get(wet, [])) | set(
            (self.edition.gemeente.raw.get("begrotingsposten") or {}).get(wet, []))
        if dims and dims <= posts:
            return "Begrotingspost"
        if indicator.endswith(".verwijzer"):
            return "Verwijzer"
        if indicator.endswith("_groep"):
            return "Groep bouwstenen"
        if wet in ("jeugd", "wmo"):
            return "Bouwsteen"
        return "Onderverdeling"

    def dimensies(self, indicator: str) -> list[tuple[str, str]]:
        """(label, dimensie) of an indicator: "Totaal" ("") first where the total exists."""
        from sdmonitor.publish.charts import house_style

        dims = list(self.catalogue.at[indicator, "dimensies"])
        labels = house_style()["labels"].get("verwijzer", {}) if indicator.endswith(".verwijzer") else {}
        out = [(TOTAAL, "")] if "" in dims else []
        return out + [(str(labels.get(d, d)), d) for d in dims if d]

    def pers(self, indicator: str) -> list[tuple[str, str]]:
        """(label, per) of the periods an indicator has: per jaar and/or per maand."""
        kinds = str(self.catalogue.at[indicator, "periodes"])
        return [(lab, k) for lab, k in (("Per jaar", "jaar"), ("Per maand", "maand")) if k in kinds]

    def jaren(self) -> tuple[int, int]:
        """The edition's report years Y-3 .. Y."""
        years = self.edition.periode.years
        return years[0], years[-1]

    def gemeenten(self) -> list[tuple[str, str]]:
        """(naam, code) of the municipalities in parameters/, the edition's own first."""
        from sdmonitor.parameters import known_gemeenten

        own = self.edition.gemeente
        others = sorted((g.naam, g.code) for g in known_gemeenten() if g.code != own.code)
        return [(own.naam, own.code)] + others

    # --- callbacks (plain data in, plain data out) ---------------------------------------

    def bij_wet(self, wet: str) -> dict[str, Any]:
        """A new wet: its indicators, and the first one's breakdowns and periods."""
        opties = self.indicatoren(wet)
        present = [i for _, i in opties]
        indicator = f"{wet}.clienten" if f"{wet}.clienten" in present else opties[0][1]
        return {"indicatoren": opties, "indicator": indicator, **self.bij_indicator(indicator)}

    def bij_indicator(self, indicator: str, dimensie: str = "", per: str = "") -> dict[str, Any]:
        """A new indicator: its breakdown (label and values; the current one kept where it
        exists) and its periods (the current one kept where possible, else per jaar)."""
        dims = self.dimensies(indicator)
        values = [d for _, d in dims]
        pers = self.pers(indicator)
        kinds = [k for _, k in pers]
        return {"dimensie_soort": self.dimensie_soort(indicator), "dimensies": dims,
                "dimensie": dimensie if dimensie in values else values[0],
                "pers": pers, "per": per if per in kinds else ("jaar" if "jaar" in kinds else kinds[0])}

    def keuze(self, **changes: Any) -> Keuze:
        """The start Keuze of this edition (Jeugd, cliënten, all report years), with `changes`."""
        base = Keuze(jaren=self.jaren(), gemeenten=(self.edition.gemeente.code,))
        return replace(base, **changes)

    # --- the result ----------------------------------------------------------------------

    def resultaat(self, keuze: Keuze) -> Resultaat:
        """Chart, table and region/NL comparison for a Keuze."""
        ind = keuze.indicator
        if ind not in self.catalogue.index:
            raise KeyError(f"indicator {ind!r} bestaat niet in deze editie")
        years = list(range(keuze.jaren[0], keuze.jaren[1] + 1)) if keuze.jaren else None
        own = self.edition.gemeente.code
        others = [g for g in keuze.gemeenten if g != own]
        noten: list[str] = []
        try:
            rows = self.edition.compare(ind, gemeenten=others, dimensie=keuze.dimensie, years=years, benchmark=False)
        except SdmonitorError as exc:  # a chosen gemeente without data in this folder
            noten.append(f"Vergelijking met {', '.join(others)} niet mogelijk: {exc}")
            rows = self.edition.compare(ind, dimensie=keuze.dimensie, years=years, benchmark=False)
        rows = rows[rows["periode"].str.len() == (4 if keuze.per == "jaar" else 7)].reset_index(drop=True)
        rows["label"] = _labels(rows, self.edition.periode)
        naam = str(self.catalogue.at[ind, "naam"])
        dim_label = dict((d, lab) for lab, d in self.dimensies(ind)).get(keuze.dimensie, keuze.dimensie)
        titel = naam + (f" – {dim_label}" if keuze.dimensie else "")
        figuur = self._figuur(rows, keuze)
        if rows["voorlopig"].any():
            noten.append("* voorlopig: van deze periode zijn nog niet alle declaraties binnen; het cijfer kan "
                         "nog veranderen (open rondjes en stippellijn in de grafiek, \"voorlopig\" onder een staaf).")
        if (rows["status"] == "geen_gegevens").any():
            noten.append("geen gegevens: de bron dekt deze periode niet; dat is geen 0 (geen staaf of punt in de "
                         "grafiek).")
        if (rows["status"] == "deelperiode").any():
            noten.append("Een jaar \"t/m\" of \"(deel van het jaar)\" gaat over een deel van het jaar en is niet "
                         "te vergelijken met een heel jaar.")
        if rows["onderdrukt"].any():
            from sdmonitor.publish.suppression import legend

            noten.append(legend(self.edition.gemeente.drempel_kleine_aantallen))
        shown = [g for g in rows["gebied"].unique() if g != own]  # the chosen gemeenten that could be opened
        vergelijking = self.edition.compare(ind, gemeenten=shown, dimensie=keuze.dimensie, years=years)
        # Whole years only: benchmark figures are whole years, a year to date is not comparable.
        whole = (vergelijking["periode"].str.len() == 4) & (vergelijking["status"] != "deelperiode")
        if self.edition.periode.maand < 12:
            whole &= vergelijking["periode"] != str(self.edition.periode.jaar)
        vergelijking = vergelijking[whole].reset_index(drop=True)
        vergelijking["label"] = _labels(vergelijking, self.edition.periode)
        has_bench = bool((vergelijking["bron"] == "benchmark").any())
        if not has_bench:
            noten.append("De benchmarktabel heeft geen regionale of landelijke cijfers voor deze indicator.")
        drawn = vergelijking[vergelijking["status"] != "geen_gegevens"]
        vfig = huisstijl.lijn(drawn, x="label", hue="naam") if has_bench else None
        return Resultaat(keuze, titel, rows, figuur, self.tabel(rows), vergelijking if has_bench else vergelijking.iloc[0:0],
                         vfig, noten)

    @staticmethod
    def _figuur(rows: pd.DataFrame, keuze: Keuze) -> Figure | None:
        """Months as lines (the report's monthly figures), years as bars; one colour per gemeente.
        No title in the figure: the explorer shows it above (a memo adds its own caption)."""
        rows = rows[rows["status"] != "geen_gegevens"] if "status" in rows else rows  # no data: nothing drawn
        if rows.empty:
            return None
        hue = "naam" if rows["naam"].nunique() > 1 else None
        if keuze.per == "maand":
            return huisstijl.lijn(rows, hue=hue)
        return huisstijl.staaf(rows, x="label", hue=hue)

    @staticmethod
    def tabel(rows: pd.DataFrame) -> pd.DataFrame:
        """The table under the chart: one row per periode, one column per gemeente, the published
        text with "*" where voorlopig."""
        if rows.empty:
            return pd.DataFrame()
        text = rows["tekst"] + rows["voorlopig"].astype(bool).map({True: "*", False: ""})
        labels = rows["label"] if "label" in rows else _labels(rows, None)
        table = (rows.assign(Periode=labels, tekst=text)
                 .pivot_table(index="Periode", columns="naam", values="tekst", aggfunc="first", sort=False))
        table = table[list(dict.fromkeys(rows["naam"]))]
        table.columns.name = None
        return table.fillna("")

    # --- widgets -------------------------------------------------------------------------

    def app(self) -> Any:
        """The ipywidgets interface (see `build`)."""
        return build(self)


def open_verkenner(gemeente: str, periode: str, peildatum: str = "", data: str = "") -> Verkenner:
    """The explorer for one edition (notebook parameters as in the chapter notebooks)."""
    return Verkenner(open_edition(gemeente, periode, peildatum or None, data or None))


def html_tekst(text: object) -> str:
    """A text from data as HTML text: a name like `<img src=x onerror=...>` is shown, never run."""
    return escape(str(text))


def tabel_html(table: pd.DataFrame) -> str:
    """A result table as HTML, headers (gemeente names, periods) and cells escaped."""
    return table.to_html(classes="sd-tabel", escape=True)


# --- ipywidgets wiring: no logic beyond moving values between widgets and the Verkenner ---------

@dataclass
class App:
    """The widgets of one explorer and the box that shows them."""

    verkenner: Verkenner
    gemeenten: w.SelectMultiple
    wet: w.Dropdown
    indicator: w.Dropdown
    dimensie: w.Dropdown
    per: w.ToggleButtons
    jaren: w.IntRangeSlider
    uitvoer: w.Output
    box: w.VBox
    laatste: Resultaat | None = None
    _busy: bool = False

    def _ipython_display_(self) -> None:
        display(self.box)

    def keuze(self):
        """The Keuze the widgets show now."""
        return self.verkenner.keuze(indicator=self.indicator.value, dimensie=self.dimensie.value or "",
                                    per=self.per.value, jaren=tuple(self.jaren.value),
                                    gemeenten=tuple(self.gemeenten.value))

    def toon(self, *_: Any) -> Resultaat | None:
        """Compute and show the result of the current widget state."""
        if self._busy:
            return None
        self.uitvoer.clear_output(wait=True)
        with self.uitvoer:
            try:
                r = self.verkenner.resultaat(self.keuze())
            except Exception as exc:  # noqa: BLE001 - an analyst sees the reason, not a traceback
                display(HTML(f"<p><strong>Niet te tonen:</strong> {html_tekst(exc)}</p>"))
                return None
            display(HTML(f"<h3>{html_tekst(r.titel)}</h3>"))
            if r.figuur is not None:
                display(Image(data=charts.png_bytes(r.figuur)))
            display(HTML(tabel_html(r.tabel)))
            for noot in r.noten:
                display(HTML(f"<p><em>{html_tekst(noot)}</em></p>"))
            if r.vergelijking_figuur is not None:
                display(HTML("<h4>Vergelijking met de regio en Nederland</h4>"))
                display(Image(data=charts.png_bytes(r.vergelijking_figuur)))
                display(HTML(tabel_html(self.verkenner.tabel(r.vergelijking))))
        self.laatste = r
        return r

    def bij_wet(self, change: dict) -> None:
        update = self.verkenner.bij_wet(change["new"])
        self._busy = True  # one redraw for the whole change, not one per widget
        try:
            self.indicator.options = update["indicatoren"]
            self.indicator.value = update["indicator"]
            self._apply(update)
        finally:
            self._busy = False
        self.toon()

    def bij_indicator(self, change: dict) -> None:
        if self._busy:
            return
        update = self.verkenner.bij_indicator(change["new"], self.dimensie.value or "", self.per.value)
        self._busy = True
        try:
            self._apply(update)
        finally:
            self._busy = False
        self.toon()

    def _apply(self, update: dict) -> None:
        self.dimensie.description = update["dimensie_soort"]
        self.dimensie.options = update["dimensies"]
        self.dimensie.value = update["dimensie"]
        self.per.options = update["pers"]
        self.per.value = update["per"]


def build(v: Verkenner) -> App:
    """The widgets of `v`, wired; the first result is shown at once."""
    start = v.keuze()
    style = {"description_width": "110px"}
    layout = w.Layout(width="420px")
    gemeenten = w.SelectMultiple(options=v.gemeenten(), value=start.gemeenten, description="Gemeente(n)",
                                 rows=3, style=style, layout=layout)
    wet = w.Dropdown(options=v.wetten(), value="jeugd", description="Wet / domein", style=style, layout=layout)
    first = v.bij_wet("jeugd")
    indicator = w.Dropdown(options=first["indicatoren"], value=first["indicator"], description="Indicator",
                           style=style, layout=w.Layout(width="520px"))
    right = w.Layout(width="380px")
    dimensie = w.Dropdown(options=first["dimensies"], value=first["dimensie"],
                          description=first["dimensie_soort"], style=style, layout=right)
    per = w.ToggleButtons(options=first["pers"], value=first["per"], description="Periode", style=style)
    lo, hi = v.jaren()
    jaren = w.IntRangeSlider(value=(lo, hi), min=lo, max=hi, step=1, description="Jaren", style=style,
                             layout=right)
    uitvoer = w.Output()
    box = w.VBox([w.HBox([w.VBox([gemeenten, wet, indicator]), w.VBox([dimensie, per, jaren])],
                         layout=w.Layout(flex_flow="row wrap")), uitvoer])
    app = App(v, gemeenten, wet, indicator, dimensie, per, jaren, uitvoer, box)
    wet.observe(app.bij_wet, names="value")
    indicator.observe(app.bij_indicator, names="value")
    for widget in (dimensie, per, jaren, gemeenten):
        widget.observe(app.toon, names="value")
    app.toon()
    return app


__all__ = ["App", "build"]


__all__ = ["App", "Keuze", "Resultaat", "Verkenner", "build", "html_tekst", "open_verkenner", "periode_label",
           "tabel_html"]
