"""Published elements as data: what a chapter call returns.

A chapter cell (`m.figuur_bouwsteen("jeugd", "verblijf")`) returns an `Element`. In a notebook it
renders as the report shows it (`_repr_html_` is exactly the published HTML); for the analyst it
is also the data behind it:

- `.data`: the tidy table the element shows, one row per printed cell (`rij`, `kolom`, `tekst`
  as printed, `waarde` the published number or empty where the small-numbers rule hides it,
  `onderdrukt`, and the figure-table keys `indicator`, `periode`, `dimensie` and its `status`
  where the cell comes from `kpis.csv`; `tekst` carries the status mark, "1.301*"). A text element
  (findings, commentary, notices) has one row per paragraph or sentence in a single column `tekst`.
- `.exact()`: the same rows with the unsuppressed values of the figure table. For the analyst's
  own checks only: these numbers may identify people and must never be published. In a
  publication run (`sdmonitor run`/`batch`, which set `SDMONITOR_PUBLICATIE`) it refuses.
- `.figure`: the matplotlib Figure of a chart (None for tables and text).
- `.to_csv(path)`, `.to_excel(path)`: `.data` for a memo (never the exact values).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd

#: Set (to anything non-empty) by the runner while it executes the chapters of a publication.
PUBLICATIE_ENV = "SDMONITOR_PUBLICATIE"

KEYS = ("indicator", "periode", "dimensie")
DATA_COLUMNS = ("rij", "kolom", "tekst", "waarde", "onderdrukt", *KEYS, "status")


class ExactNotAllowed(RuntimeError):
    """`.exact()` was called while building a publication."""


class _TextBlocks(HTMLParser):
    """The visible text of paragraphs and list items, one entry per block."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._depth = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.BLOCKS:
            self._depth += 1
            if self._depth == 1:
                self._parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self._depth:
            self._depth -= 1
            if self._depth == 0:
                text = " ".join("".join(self._parts).split())
                if text:
                    self.blocks.append(text)

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._parts.append(data)


def text_blocks(html: str) -> list[str]:
    """The visible text blocks (paragraphs, list items, headings) of an HTML fragment."""
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


class Element:
    """One published element: text (findings, commentary, a notice). See the module docstring."""

    soort = "tekst"

    def __init__(self, html: str, titel: str = "") -> None:
        self.html = html
        self.titel = titel

    figure: Any = None

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.soort}: {self.titel or self.html[:60]!r}>"

    @property
    def data(self) -> pd.DataFrame:
        """The visible text, one row per paragraph, list item or heading (column `tekst`)."""
        return pd.DataFrame({"tekst": text_blocks(self.html)}, dtype="object")

    def exact(self) -> pd.DataFrame:
        """A text element has no hidden values: the same as `.data`."""
        _check_exact_allowed()
        return self.data

    def to_csv(self, path: str | Path) -> Path:
        """`.data` as CSV (UTF-8, comma-separated; Excel users: see `to_excel`)."""
        from sdmonitor.safe_output import spreadsheet_frame

        path = Path(path)
        # Names from the input (bouwsteen, aanbieder) must not become formulas in Excel.
        spreadsheet_frame(self.data).to_csv(path, index=False)
        return path

    def to_excel(self, path: str | Path, sheet: str = "") -> Path:
        """`.data` as an Excel workbook with one sheet."""
        path = Path(path)
        name = (sheet or self.titel or self.soort)[:31]
        for ch in "[]:*?/\\":
            name = name.replace(ch, " ")
        from sdmonitor.safe_output import spreadsheet_frame

        # openpyxl writes a text starting with "=" as a live formula.
        spreadsheet_frame(self.data).to_excel(path, index=False, sheet_name=name or "data")
        return path


def _check_exact_allowed() -> None:
    if os.environ.get(PUBLICATIE_ENV):
        raise ExactNotAllowed(
            "exacte (niet-onderdrukte) waarden zijn niet beschikbaar tijdens het maken van een publicatie; "
            "gebruik .data")


class GridElement(Element):
    """A table or a chart with its data table: `cells` are the printed cells (rij, kolom, tekst and,
    where traceable, the figure-table keys), `exact_table` the figure table with exact values and
    hidden flags (a `suppression.Published.frame`)."""

    soort = "tabel"

    def __init__(self, html: str, cells: pd.DataFrame, exact_table: pd.DataFrame | None, titel: str = "",
                 figure: Any = None, rows: list[str] | None = None, cols: list[str] | None = None) -> None:
        super().__init__(html, titel)
        # Only what the grid prints (`presentation.grid_rows`): its rows and columns, the last cell
        # of a duplicate position.
        cells = cells.reset_index(drop=True)
        if len(cells):
            shown = pd.Series(True, index=cells.index)
            if rows:
                shown &= cells["rij"].astype(str).isin(rows)
            if cols:
                shown &= cells["kolom"].astype(str).isin(cols)
            cells = cells[shown]
            cells = cells[~cells[["rij", "kolom"]].astype(str).duplicated(keep="last")]
        self.cells = cells
        self._exact_table = exact_table
        self.figure = figure
        if figure is not None:
            self.soort = "figuur"

    def _joined(self) -> pd.DataFrame:
        cells = self.cells.reset_index(drop=True)
        out = pd.DataFrame({"rij": cells["rij"].astype(str), "kolom": cells["kolom"].astype(str),
                            "tekst": cells["tekst"].astype(str)})
        for key in KEYS:
            out[key] = cells[key].fillna("").astype(str) if key in cells else ""
        # The figure's status (publish.status_weergave): "" where the cell is not a figure-table value.
        out["status"] = cells["status"].fillna("").astype(str) if "status" in cells else ""
        exact = pd.Series(float("nan"), index=out.index)
        hidden = pd.Series(False, index=out.index)
        if self._exact_table is not None and len(out):
            table = self._exact_table
            lookup = {k: (float(w), bool(v)) for k, w, v in zip(
                zip(table["indicator"], table["periode"].astype(str), table["dimensie"].fillna("").astype(str)),
                table["waarde"], table["verborgen"])}
            found = [lookup.get(k) for k in zip(out["indicator"], out["periode"], out["dimensie"])]
            exact = pd.Series([f[0] if f else float("nan") for f in found], index=out.index)
            hidden = pd.Series([f[1] if f else False for f in found], index=out.index)
        out.insert(3, "waarde", exact)
        out.insert(4, "onderdrukt", hidden)
        return out

    @property
    def data(self) -> pd.DataFrame:
        """One row per printed cell; `waarde` is empty where the cell is hidden or not a figure-table
        value (a difference or a national value printed beside it)."""
        out = self._joined()
        out.loc[out["onderdrukt"], "waarde"] = float("nan")
        return out[list(DATA_COLUMNS)]

    def exact(self) -> pd.DataFrame:
        """`.data` with the unsuppressed figure-table values. PRIVACY: hidden values are small
        numbers about people; use them only for your own checks, never in a memo or a publication.
        Refuses while the runner builds a publication."""
        _check_exact_allowed()
        return self._joined()[list(DATA_COLUMNS)]


class ElementGroup(Element):
    """Several elements published as one call (one figure per benchmark indicator)."""

    soort = "groep"

    def __init__(self, elements: Iterable[Element], titel: str = "") -> None:
        self.elements = list(elements)
        super().__init__("".join(e.html for e in self.elements), titel)

    @property
    def figure(self) -> Any:
        """The first chart (see `.figures` for all)."""
        return self.figures[0] if self.figures else None

    @property
    def figures(self) -> list[Any]:
        """The charts of the group, in order."""
        return [e.figure for e in self.elements if e.figure is not None]

    @property
    def data(self) -> pd.DataFrame:
        """The rows of every member, with the member's title in column `element`."""
        parts = [e.data.assign(element=e.titel) for e in self.elements]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["element", *DATA_COLUMNS])

    def exact(self) -> pd.DataFrame:
        _check_exact_allowed()
        parts = [e.exact().assign(element=e.titel) for e in self.elements]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["element", *DATA_COLUMNS])
