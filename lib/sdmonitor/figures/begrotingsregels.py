"""A municipality's own budget lines (begrotingsregels), finer than the contract's begrotingsposten.

Druten reports Jeugd in 13 lines (seed 003 §3.4): each line is a group of bouwstenen, PGB is a line
of its own. The grouping is municipality data (`begrotingsregels_<wet>` in its parameters), the
budget per line an optional input table (`begroting_regels`, docs/definitions.md). Figures:

- `<wet>.kosten_regel` (year; dimensie a regel, or empty for the total): sum of `bedrag` of the lines
  whose service month is in the year — ZIN lines by the regel of their bouwsteen, every PGB line in
  the PGB regel, lines of a bouwsteen in no regel in "Overig (niet ingedeeld)", so the regels add up
  to `<wet>.kosten`;
- `<wet>.begroting_regel` (year; dimensie a regel, or empty): the `begroting_regels` bedrag.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures.rows import combine, rows
from sdmonitor.ingest import netting
from sdmonitor.ingest.selection import Selection
from sdmonitor.parameters import Gemeente

WETTEN = ("jeugd", "wmo")
PGB_REGEL = {"jeugd": "PGB jeugd", "wmo": "PGB Wmo"}
NIET_INGEDEELD = "Overig (niet ingedeeld)"


def regels(gemeente: Gemeente, wet: str) -> dict[str, list[str]]:
    """regel → its bouwstenen, in the order of the municipality's table; {} when it has none."""
    raw = gemeente.raw.get(f"begrotingsregels_{wet}") or {}
    return {str(regel): [str(b) for b in bouwstenen] for regel, bouwstenen in raw.items()}


def regel_order(gemeente: Gemeente, wet: str) -> list[str]:
    """The regels as the table lists them: the municipality's own, then PGB."""
    own = list(regels(gemeente, wet))
    return own + [PGB_REGEL[wet]] if own else []


def regel_of_lines(lines: pd.DataFrame, indeling: dict[str, list[str]], wet: str) -> pd.Series:
    """The regel of each line: PGB lines in the PGB regel, others by their bouwsteen."""
    by_bouwsteen = {b: regel for regel, bouwstenen in indeling.items() for b in bouwstenen}
    regel = lines["bouwsteen"].map(by_bouwsteen).fillna(NIET_INGEDEELD).astype("str")
    return regel.where(lines["zorgvorm"] != netting.PGB, PGB_REGEL[wet])


def figure_rows(sel: Selection) -> pd.DataFrame:
    """`<wet>.kosten_regel` and `<wet>.begroting_regel` for the wetten the municipality has regels for."""
    parts = []
    years = [str(y) for y in sel.periode.years]
    for wet in WETTEN:
        indeling = regels(sel.gemeente, wet)
        if not indeling:
            continue
        lines = sel.lines.loc[(sel.lines["wet"] == wet) & sel.lines["jaar"].isin(sel.periode.years)]
        jaar = lines["jaar"].astype("str")
        per = lines.groupby([jaar, regel_of_lines(lines, indeling, wet)])["bedrag"].sum()
        names = regel_order(sel.gemeente, wet) + sorted(set(per.index.get_level_values(1)) - set(indeling)
                                                        - {PGB_REGEL[wet]})
        full = pd.MultiIndex.from_product([years, names], names=["periode", "dimensie"])
        per = per.reindex(full, fill_value=0.0).astype("float64")
        total = lines.groupby(jaar)["bedrag"].sum().reindex(years, fill_value=0.0).astype("float64")
        parts += [rows(f"{wet}.kosten_regel", per, "euro"), rows(f"{wet}.kosten_regel", total, "euro")]
        if sel.has("begroting_regels"):
            budget = sel.tables["begroting_regels"]
            budget = budget.loc[(budget["wet"] == wet) & budget["jaar"].isin(sel.periode.years)]
            by = budget.groupby([budget["jaar"].astype("str"), budget["regel"].astype("str")])["bedrag"].sum()
            parts += [rows(f"{wet}.begroting_regel", by, "euro"),
                      rows(f"{wet}.begroting_regel", by.groupby(level=0).sum(), "euro")]
    return combine(parts)


__all__ = ["NIET_INGEDEELD", "PGB_REGEL", "figure_rows", "regel_of_lines", "regel_order", "regels"]
