"""What the explorer shows for a view, as data: `Resultaat`, the table under the chart, the notes,
the average of the chosen gemeenten, the period labels, and escaping for the HTML it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import pandas as pd
from matplotlib.figure import Figure

from sdmonitor.periods import Periode
from sdmonitor.publish.formatting import maand_kort
from sdmonitor.publish.formatting import waarde as format_waarde
from sdmonitor.workbook import verkenner_downloads as downloads
from sdmonitor.workbook.verkenner_keuze import Keuze

TOTAAL = "Totaal"
GEMIDDELDE = "Gemiddelde gekozen gemeenten"


@dataclass
class Resultaat:
    """What the explorer shows for one Keuze."""

    keuze: Keuze
    titel: str
    data: pd.DataFrame  # published rows of the chosen gemeenten: the chart's and the table's numbers
    figuur: Figure | None
    tabel: pd.DataFrame  # periode x reeks, published text, "*" = voorlopig
    vergelijking: pd.DataFrame  # region/NL rows (benchmark) next to the own figures, per jaar
    vergelijking_figuur: Figure | None
    noten: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Resultaat {self.titel!r}: {len(self.data)} cijfers, {self.tabel.shape[1]} kolom(men)>"

    @property
    def download(self) -> pd.DataFrame:
        """The view's published data as downloaded (`verkenner_downloads.publicatietabel`)."""
        return downloads.publicatietabel(self.data)

    def bestandsnaam(self) -> str:
        k = self.keuze
        jaren = f"{k.jaren[0]}-{k.jaren[1]}" if k.jaren else ""
        return downloads.bestandsnaam(*k.gemeenten[:3], k.indicator, k.dimensie, k.niveau.strip("_"), jaren,
                                      "per1000" if k.per_1000 else "")


def periode_label(periode: str, editie: Periode | None = None, status: str = "") -> str:
    """"2025-03" becomes "mrt 2025"; the edition's own, unfinished year reads "2026 t/m feb" as in
    the report; another year the source covers only in part "2023 (deel van het jaar)"."""
    if len(periode) == 7:
        return f"{maand_kort(periode)} {periode[:4]}"
    if editie is not None and periode == str(editie.jaar) and editie.maand < 12:
        return f"{periode} t/m {maand_kort(str(editie))}"
    if status == "deelperiode":
        return f"{periode} (deel van het jaar)"
    return periode


def labels(rows: pd.DataFrame, editie: Periode | None) -> pd.Series:
    status = rows["status"] if "status" in rows else pd.Series("", index=rows.index)
    return pd.Series([periode_label(p, editie, s) for p, s in zip(rows["periode"], status)], index=rows.index,
                     dtype="str")


def tabel(rows: pd.DataFrame) -> pd.DataFrame:
    """The table under the chart: one row per periode, one column per reeks (gemeente and/or
    breakdown value), the published text with "*" where voorlopig."""
    if rows.empty:
        return pd.DataFrame()
    text = rows["tekst"] + rows["voorlopig"].astype(bool).map({True: "*", False: ""})
    periodes = rows["label"] if "label" in rows else labels(rows, None)
    column = "reeks" if "reeks" in rows else "naam"
    table = (rows.assign(Periode=periodes, tekst=text)
             .pivot_table(index="Periode", columns=column, values="tekst", aggfunc="first", sort=False))
    table = table[list(dict.fromkeys(rows[column]))]
    table.columns.name = None
    return table.fillna("")


def gemiddelde(rows: pd.DataFrame) -> pd.DataFrame:
    """The average of the chosen gemeenten per periode and dimensie, where every one of them
    has a published value (a hidden or missing value makes the average unknown: none)."""
    parts = []
    for (periode, dim), part in rows.groupby(["periode", "dimensie"], sort=False):
        ok = part["waarde"].notna() & ~part["onderdrukt"].astype(bool)
        value = float(part["waarde"].mean()) if ok.all() else float("nan")
        eenheid = str(part["eenheid"].iloc[0])
        parts.append({"indicator": part["indicator"].iloc[0], "periode": periode, "dimensie": dim,
                      "waarde": value, "eenheid": eenheid, "gebied": "gemiddelde", "naam": GEMIDDELDE,
                      "status": "voorlopig" if part["voorlopig"].any() else str(part["status"].iloc[0]),
                      "tekst": format_waarde(value, eenheid) if ok.all() else "x", "onderdrukt": not ok.all(),
                      "voorlopig": bool(part["voorlopig"].any())})
    return pd.DataFrame(parts)


def status_noten(rows: pd.DataFrame, noten: list[str], drempel: int) -> None:
    """The notes under a view: what "*", "geen gegevens", a part year and "<5" mean, where present."""
    if rows["voorlopig"].any():
        noten.append("* voorlopig: van deze periode zijn nog niet alle declaraties binnen; het cijfer kan "
                     "nog veranderen (open rondjes en stippellijn in de grafiek, \"voorlopig\" onder een staaf).")
    if (rows["status"] == "geen_gegevens").any():
        noten.append("geen gegevens: de bron dekt deze periode niet; dat is geen 0 (geen staaf of punt in de "
                     "grafiek).")
    if (rows["status"] == "deelperiode").any():
        noten.append("Een jaar \"t/m\" of \"(deel van het jaar)\" gaat over een deel van het jaar en is niet "
                     "te vergelijken met een heel jaar.")
    if rows["onderdrukt"].astype(bool).any():
        from sdmonitor.publish.suppression import legend

        noten.append(legend(drempel))


def html_tekst(text: object) -> str:
    """A text from data as HTML text: a name like `<img src=x onerror=...>` is shown, never run."""
    return escape(str(text))


def tabel_html(table: pd.DataFrame) -> str:
    """A result table as HTML, headers (gemeente names, periods) and cells escaped."""
    return table.to_html(classes="sd-tabel", escape=True)


__all__ = ["GEMIDDELDE", "TOTAAL", "Resultaat", "gemiddelde", "html_tekst", "labels", "periode_label", "status_noten",
           "tabel", "tabel_html"]
