"""HTML emitters for the published elements of a chapter: figure, table, findings, analyst text
and "niet beschikbaar" notices, with the hooks the report numbers and styles (class names below).

A data cell in a column of numbers, or that reads as a number itself, is `td.sd-num` (right-aligned),
any other `td.sd-tekst`.
Every number printed from the figure table in a table cell carries `data-indicator`,
`data-periode` and `data-dimensie` (never the raw value), so a test can trace it to `kpis.csv`.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Hashable, Iterable
from html import escape
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from sdmonitor.publish.charts import png_bytes
from sdmonitor.publish.formatting import is_numeriek

SOURCE_COLUMNS = ("indicator", "periode", "dimensie")


def slug(text: str) -> str:
    """An HTML id from Dutch text: "Aantal cliënten (Wmo)" -> "aantal-clienten-wmo"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def _cell(tag: str, text: str, source: dict[str, str] | None = None, cls: str = "", scope: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    if scope:
        attrs += f' scope="{scope}"'
    if source and source.get("indicator"):
        attrs += "".join(f' data-{k}="{escape(str(source.get(k, "") or ""))}"' for k in SOURCE_COLUMNS)
        if source.get("schaal"):
            # The printed number is the value divided by this (tables "bedragen x € 1.000").
            attrs += f' data-schaal="{escape(str(source["schaal"]))}"'

    return f"<{tag}{attrs}>{escape(text)}</{tag}>"


# A printed number (with its status mark or period): "1.301*", "−€ 299k", "16,3% (deel van het
# jaar)", "30 (feb 2025)", "2024-02"; and the texts that stand in a number's place.
_GETAL = re.compile(r"^[−+-]?\s?(€\s?)?[<>]?\s?[−-]?\d[\d.,-]*\s?(%|mln|k|dagen|uur)?\*?(\s\(.*\))?$")
_IN_PLAATS_VAN_GETAL = {"", "–", "x", "geen gegevens", "niet beschikbaar"}


def numeric_columns(cells: pd.DataFrame) -> set[str]:
    """The columns whose printed cells are numbers (right-aligned, issue 22 §11), whether or not a
    cell comes from the figure table: a difference or a regional value is a number too."""
    out = set()
    for col, texts in cells.groupby(cells["kolom"].astype(str))["tekst"]:
        words = [str(t).strip() for t in texts if str(t).strip() not in _IN_PLAATS_VAN_GETAL
                 and not str(t).strip().startswith("<")]
        if all(_GETAL.match(w) for w in words):
            out.add(str(col))
    return out


def _uitlijning(tekst: str, kolom_getallen: bool) -> str:
    """The class that aligns a data cell: right in a column of numbers, and any cell that reads as
    a number itself ("1.301", "<5", "x", "geen gegevens"), also in a column that holds some text."""
    return "sd-num" if kolom_getallen or is_numeriek(tekst) else "sd-tekst"


def grid_rows(cells: pd.DataFrame, rij_kop: str, rows: list[str] | None = None,
              cols: list[str] | None = None) -> str:
    """`<thead>` and `<tbody>` of a grid from long cells (columns rij, kolom, tekst and optionally
    indicator, periode, dimensie). Missing cells print as "–"."""
    rows = rows or list(dict.fromkeys(cells["rij"].astype(str)))
    cols = cols or list(dict.fromkeys(cells["kolom"].astype(str)))
    lookup: dict[tuple[str, str], dict[Hashable, Any]] = {}
    for record in cells.to_dict("records"):
        lookup[(str(record["rij"]), str(record["kolom"]))] = record
    # An empty corner is a plain cell: a header without text is announced as nothing (axe empty-table-header).
    corner = _cell("th", rij_kop, scope="col") if rij_kop.strip() else "<td></td>"
    head = "<thead><tr>" + corner + "".join(_cell("th", c, scope="col") for c in cols) + "</tr></thead>"
    body = []
    numeric = numeric_columns(cells) if len(cells) else set(cols)
    # A missing cell ("–") aligns with the numbers of its column, also where some text stands beside
    # them, and in a column without any cell (a year without survey results): a grid of values.
    met_getallen = numeric | {str(c) for c, t in zip(cells["kolom"], cells["tekst"])
                              if is_numeriek(str(t)) and any(ch.isdigit() for ch in str(t))}
    met_getallen |= set(cols) - (set(cells["kolom"].astype(str)) if len(cells) else set())
    for r in rows:
        tds = []
        for c in cols:
            cls = "sd-num" if c in met_getallen else "sd-tekst"
            rec = lookup.get((r, c))
            if rec is None:
                tds.append(_cell("td", "–", cls=cls))
                continue
            source = {k: "" if pd.isna(rec.get(k)) else str(rec.get(k)) for k in SOURCE_COLUMNS + ("schaal",)
                      if k in rec}
            tekst = str(rec["tekst"])
            tds.append(_cell("td", tekst, source, cls=_uitlijning(tekst, c in numeric)))
        body.append("<tr>" + _cell("th", r, scope="row") + "".join(tds) + "</tr>")
    return head + "<tbody>" + "".join(body) + "</tbody>"


def table_html(cells: pd.DataFrame, caption: str, rij_kop: str = "", rows: list[str] | None = None,
               cols: list[str] | None = None, noot: str = "", bron: str = "") -> str:
    """A numbered report table: `<table class="sd-table"><caption><span class="sd-tab-no"></span>`;
    the report fills the hook with "Tabel 3. " (shown on its own, a table has no number: no label)."""
    foot = ""
    if noot or bron:
        parts = [escape(noot)] if noot else []
        if bron:
            parts.append("Bron: " + escape(bron))
        foot = f'<tfoot><tr><td colspan="{1 + len(cols or set(cells["kolom"]))}" class="sd-noot">' \
               + "<br>".join(parts) + "</td></tr></tfoot>"
    return (f'<table class="sd-table"><caption><span class="sd-tab-no"></span>{escape(caption)}'
            f"</caption>{grid_rows(cells, rij_kop, rows, cols)}{foot}</table>")


def figure_html(fig: Figure, caption: str, alt: str, data_cells: pd.DataFrame, rij_kop: str = "",
                bron: str = "", fig_id: str = "", noot: str = "", rows: list[str] | None = None,
                cols: list[str] | None = None) -> str:
    """A numbered figure: embedded PNG with Dutch alt text, caption, source and its data table."""
    png = base64.b64encode(png_bytes(fig)).decode("ascii")
    fig_id = fig_id or "fig-" + slug(caption)
    table = (f'<table class="sd-datatable">{grid_rows(data_cells, rij_kop, rows, cols)}</table>'
             if not data_cells.empty else "")
    note = f'<p class="sd-noot">{escape(noot)}</p>' if noot else ""
    return (f'<figure class="sd-figure" id="{escape(fig_id)}">'
            f'<img src="data:image/png;base64,{png}" alt="{escape(alt)}">'
            f'<figcaption><span class="sd-fig-no"></span>{escape(caption)}</figcaption>'
            f'<p class="sd-bron">Bron: {escape(bron)}</p>{note}'
            f'<details class="sd-data"><summary>Cijfers bij deze figuur</summary>{table}</details></figure>')


def findings_html(sentences: Iterable[str], kop: str = "Belangrijkste bevindingen", niveau: int = 2) -> str:
    """Generated findings, marked as generated (`sd-bevindingen sd-gegenereerd`), under a real
    heading of level `niveau` (unnumbered: it is not in the table of contents)."""
    items = "".join(f"<li>{escape(s)}</li>" for s in sentences)
    if not items:
        return ""
    return (f'<div class="sd-bevindingen sd-gegenereerd"><h{niveau} class="sd-kop">{escape(kop)}</h{niveau}>'
            f"<ul>{items}</ul></div>")


def analyst_html(text: str | list | None, kop: str = "Duiding") -> str:
    """The analyst's own commentary, visibly distinct from generated text (`sd-analist`)."""
    if not text:
        return ""
    if isinstance(text, list):
        body = "<ul>" + "".join(f"<li>{escape(str(t))}</li>" for t in text) + "</ul>"
    else:
        body = "".join(f"<p>{escape(p.strip())}</p>" for p in str(text).split("\n\n") if p.strip())
    return f'<div class="sd-analist"><p class="sd-kop"><strong>{escape(kop)}</strong></p>{body}</div>'


def paragraph_html(text: str) -> str:
    """Generated prose (with numbers) outside the findings block."""
    return f'<p class="sd-tekst">{escape(text)}</p>'


def not_available_html(text: str) -> str:
    """Notice for a figure or section whose (optional) input is missing."""
    return f'<p class="sd-nb">{escape(text)}</p>'
