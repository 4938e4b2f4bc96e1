"""The explorer's downloads: the data of a view as CSV and Excel, its chart as PNG and SVG.

The data is what the view publishes (`Resultaat.data`): the small-numbers rule applied (`waarde`
empty where hidden, `tekst` "<5"/"x"), each figure's `status`; never the exact values. Text from
the input (a bouwsteen, an aanbieder, a gemeente naam) is made harmless for a spreadsheet
(`safe_output.spreadsheet_text`: "=HYPERLINK(...)" stays text). The CSV is written as
`cijfers.csv` is: UTF-8, `,`, `.` decimal, full precision.

Downloads are links with the file in a `data:` URL (`links_html`), so they work in JupyterLab
without a server extension and in an exported notebook.
"""

from __future__ import annotations

import base64
import io
import re
from html import escape

import pandas as pd
from matplotlib.figure import Figure

from sdmonitor.publish.chart_base import png_bytes
from sdmonitor.safe_output import spreadsheet_frame

COLUMNS = ["gemeente", "naam", "indicator", "periode", "dimensie", "waarde", "eenheid", "status", "tekst"]
MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "png": "image/png", "svg": "image/svg+xml"}


def publicatietabel(rows: pd.DataFrame) -> pd.DataFrame:
    """The published rows of a view (`Resultaat.data`) in download form (`COLUMNS`): one row
    per gemeente (or average), periode and dimensie; `waarde` empty where hidden or without data."""
    out = pd.DataFrame({"gemeente": rows["gebied"].astype(str), "naam": rows["naam"].astype(str),
                        "indicator": rows["indicator"].astype(str) if "indicator" in rows else "",
                        "periode": rows["periode"].astype(str), "dimensie": rows["dimensie"].astype(str),
                        "waarde": pd.to_numeric(rows["waarde"], errors="coerce").astype("float64"),
                        "eenheid": rows["eenheid"].astype(str), "status": rows["status"].astype(str),
                        "tekst": rows["tekst"].astype(str)})
    hidden = rows["onderdrukt"].astype(bool).to_numpy() | (out["status"] == "geen_gegevens").to_numpy()
    out.loc[hidden, "waarde"] = float("nan")  # the published number: nothing where hidden
    return out.reset_index(drop=True)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as CSV (UTF-8, `,`, `.` decimal, empty where no value), spreadsheet-safe text."""
    return spreadsheet_frame(table).to_csv(index=False, lineterminator="\n", na_rep="").encode("utf-8")


def excel_bytes(table: pd.DataFrame, sheet: str = "cijfers") -> bytes:
    """The table as an Excel workbook of one sheet (texts never become formulas)."""
    buffer = io.BytesIO()
    spreadsheet_frame(table).to_excel(buffer, index=False, sheet_name=sheet[:31] or "cijfers")
    return buffer.getvalue()


def svg_bytes(fig: Figure) -> bytes:
    """The chart as SVG (no date or software in it: equal charts give equal files)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def bestandsnaam(*parts: str) -> str:
    """A file name from the view's parts: "wijchen-jeugd.kosten-2023-2026"."""
    text = "-".join(p for p in parts if p)
    return re.sub(r"[^0-9A-Za-z._-]+", "_", text).strip("_") or "verkenner"


def bestanden(table: pd.DataFrame, fig: Figure | None, naam: str) -> list[tuple[str, bytes]]:
    """(file name, content) of every download of a view: CSV, Excel and, with a chart, PNG, SVG."""
    files = [(f"{naam}.csv", csv_bytes(table)), (f"{naam}.xlsx", excel_bytes(table))]
    if fig is not None:
        files += [(f"{naam}.png", png_bytes(fig)), (f"{naam}.svg", svg_bytes(fig))]
    return files


def links_html(files: list[tuple[str, bytes]]) -> str:
    """Download links (`<a download>` with a `data:` URL), one per file, labelled by type."""
    links = []
    for name, data in files:
        kind = name.rsplit(".", 1)[-1]
        url = f"data:{MIME[kind]};base64,{base64.b64encode(data).decode('ascii')}"
        label = {"csv": "CSV", "xlsx": "Excel", "png": "PNG", "svg": "SVG"}[kind]
        links.append(f'<a class="sd-download sd-download-{kind}" download="{escape(name)}" href="{url}" '
                     f'title="{escape(name)}">⭳ {label}</a>')
    return '<div class="sd-downloads">Downloaden: ' + " · ".join(links) + "</div>"


__all__ = ["COLUMNS", "bestanden", "bestandsnaam", "csv_bytes", "excel_bytes", "links_html", "publicatietabel",
           "svg_bytes"]
