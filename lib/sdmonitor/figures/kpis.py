"""The figure table (`kpis.csv`, INTERFACE.md §3): assembled from the figure modules, written exactly.

Every figure function returns rows in the shape `indicator, periode, dimensie, waarde, eenheid`
built with `rows.rows(...)`, so the report and `kpis.csv` show the very same numbers; `figure_table`
then gives every row its `status` (`figures.status`, one rule) and adds the report grid's rows a
source does not cover (`geen_gegevens`, `waarde` empty).
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from sdmonitor.figures import (
    aanvullende_tabellen,
    begrotingsregels,
    berichtenkwaliteit,
    contractering,
    doorlooptijden,
    hoge_kosten,
    nowcast,
    prognose_figures,
    prognose_interval,
    toegang,
    toewijzingen,
    trajecten,
    uitnutting,
    vergrijzing,
    zorggebruik,
)
from sdmonitor.figures.rows import COLUMNS, combine
from sdmonitor.figures.status import apply_status
from sdmonitor.ingest.dataset import Dataset
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

# The figure families in the order `figure_table` computes them (a later family may reuse what an
# earlier one memoised on the selection, e.g. the netted cells).
FAMILIES = (zorggebruik, toegang, prognose_figures, toewijzingen, nowcast, prognose_interval, contractering,
            begrotingsregels, uitnutting, vergrijzing, aanvullende_tabellen, doorlooptijden, berichtenkwaliteit,
            hoge_kosten, trajecten)


def figure_table(selection) -> pd.DataFrame:
    """Every figure of one Selection (zorggebruik, toegang, prognose, toewijzingen, contractering, ...)
    with its `status`. Raises `status.UndeclaredIndicatorError` for an indicator missing from the
    registry: a figure without a declaration has no defined status, suppression or label."""
    return apply_status(combine([family.figure_rows(selection) for family in FAMILIES]), selection)


def compute_kpis(dataset: Dataset, gemeente: Gemeente, periode: Periode, peildatum: date | None = None) -> pd.DataFrame:
    """The figure table of INTERFACE §3 for one gemeente, periode and peildatum."""
    from sdmonitor.ingest.selection import select

    return figure_table(select(dataset, gemeente, periode, peildatum))


def format_waarde(value: Any) -> str:
    """Exact, locale-free text of a figure: integers without `.0`, other floats as `repr` (round-trips).

    `value` is a frame's cell (a number, None or NaN): pandas types a cell as any scalar."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    if math.isfinite(value) and value == math.floor(value) and abs(value) < 2**63:
        return str(int(value))
    return repr(value)


def write_kpis_csv(table: pd.DataFrame, path: Path) -> None:
    """Write the figure table: exactly the contract's columns, UTF-8, `,`, `.`, full precision, `\\n`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    status = table["status"] if "status" in table.columns else pd.Series("", index=table.index)
    for ind, per, dim, val, een, st in zip(table["indicator"], table["periode"], table["dimensie"],
                                            table["waarde"], table["eenheid"], status):
        writer.writerow([ind, per, "" if pd.isna(dim) else dim, format_waarde(val), een,
                         "" if pd.isna(st) else st])
    from sdmonitor.safe_output import write_atomically

    write_atomically(Path(path), buffer.getvalue().encode("utf-8"))  # never a half-written file


def read_kpis_csv(path: Path | str) -> pd.DataFrame:
    """A `kpis.csv` as `write_kpis_csv` wrote it: codes and periodes stay text, empty dimensie is "",
    empty waarde is NaN. An older file without `status` (before INTERFACE §3 had it, e.g. a previous
    edition for `run --vorige`) reads with status "" (unknown), so comparisons keep working."""
    frame = pd.read_csv(path, dtype={"indicator": "str", "periode": "str", "dimensie": "str", "eenheid": "str",
                                     "status": "str"},
                        keep_default_na=False, na_values={"waarde": [""]})
    frame["waarde"] = frame["waarde"].astype("float64")
    if "status" not in frame.columns:
        frame["status"] = pd.Series("", index=frame.index, dtype="str")
    return frame[COLUMNS]


__all__ = ["FAMILIES", "compute_kpis", "figure_table", "format_waarde", "read_kpis_csv", "write_kpis_csv"]
