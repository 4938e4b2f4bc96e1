"""The figure table (`kpis.csv`, INTERFACE.md §3): assembled from the figure modules, written exactly.

Every figure function returns rows in the shape `indicator, periode, dimensie, waarde, eenheid`
built with `rows(...)`, so the report and `kpis.csv` show the very same numbers.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from pathlib import Path

import pandas as pd

from .dataset import Dataset
from .parameters import Gemeente
from .periods import Periode

COLUMNS = ["indicator", "periode", "dimensie", "waarde", "eenheid"]


def empty() -> pd.DataFrame:
    """A figure table without rows (right columns and dtypes)."""
    return pd.DataFrame({
        "indicator": pd.Series([], dtype="str"),
        "periode": pd.Series([], dtype="str"),
        "dimensie": pd.Series([], dtype="str"),
        "waarde": pd.Series([], dtype="float64"),
        "eenheid": pd.Series([], dtype="str"),
    })


def rows(
    indicator: str,
    values: pd.Series | pd.DataFrame,
    eenheid: str | None = None,
    *,
    dimensie: str | None = None,
) -> pd.DataFrame:
    """Figure-table rows from a Series or a DataFrame.

    - a Series indexed by periode gives total rows (`dimensie` ""), or rows for the one `dimensie`
      given; a Series with a two-level index is read as (periode, dimensie);
    - a DataFrame needs `periode` and `waarde`, and may carry `dimensie` and `eenheid` columns.

    `eenheid` applies to every row unless the frame carries its own `eenheid` column.
    """
    if isinstance(values, pd.Series):
        if values.index.nlevels == 2:
            frame = pd.DataFrame({
                "periode": values.index.get_level_values(0),
                "dimensie": values.index.get_level_values(1),
                "waarde": values.to_numpy(),
            })
        else:
            frame = pd.DataFrame({"periode": values.index, "waarde": values.to_numpy()})
    else:
        frame = values.copy()
    if frame.empty:
        return empty()
    if "dimensie" not in frame.columns:
        frame["dimensie"] = "" if dimensie is None else dimensie
    if "eenheid" not in frame.columns:
        if eenheid is None:
            raise ValueError(f"{indicator}: geen eenheid opgegeven")
        frame["eenheid"] = eenheid
    frame["indicator"] = indicator
    out = frame[COLUMNS].astype({"indicator": "str", "periode": "str", "dimensie": "str",
                                 "waarde": "float64", "eenheid": "str"})
    out["dimensie"] = out["dimensie"].fillna("")
    return out.reset_index(drop=True)


def combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate figure rows and sort them deterministically (indicator, periode, dimensie)."""
    parts = [p for p in parts if p is not None and not p.empty]
    if not parts:
        return empty()
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["indicator", "periode", "dimensie", "eenheid"], kind="mergesort").reset_index(drop=True)


def figure_table(selection) -> pd.DataFrame:
    """Every figure of one Selection: zorggebruik, toegang, prognose, toewijzingen and contractering."""
    # Imported here: the figure modules import `rows`/`combine` from this module.
    from . import (aanvullende_tabellen, begrotingsregels, contractering, nowcast, prognose, prognose_interval, toegang, toewijzingen,
                   uitnutting, vergrijzing, zorggebruik)

    return combine([zorggebruik.figure_rows(selection), toegang.figure_rows(selection),
                    prognose.figure_rows(selection), toewijzingen.figure_rows(selection),
                    nowcast.figure_rows(selection), prognose_interval.figure_rows(selection),
                    contractering.figure_rows(selection), begrotingsregels.figure_rows(selection),
                    uitnutting.figure_rows(selection), vergrijzing.figure_rows(selection),
                    aanvullende_tabellen.figure_rows(selection)])


def compute_kpis(dataset: Dataset, gemeente: Gemeente, periode: Periode, peildatum: date | None = None) -> pd.DataFrame:
    """The figure table of INTERFACE §3 for one gemeente, periode and peildatum."""
    from .selection import select

    return figure_table(select(dataset, gemeente, periode, peildatum))


def format_waarde(value: float) -> str:
    """Exact, locale-free text of a figure: integers without `.0`, other floats as `repr` (round-trips)."""
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
    for ind, per, dim, val, een in zip(table["indicator"], table["periode"], table["dimensie"],
                                        table["waarde"], table["eenheid"]):
        writer.writerow([ind, per, "" if pd.isna(dim) else dim, format_waarde(val), een])
    from .safe_output import write_atomically

    write_atomically(Path(path), buffer.getvalue().encode("utf-8"))  # never a half-written file


def read_kpis_csv(path: Path | str) -> pd.DataFrame:
    """A `kpis.csv` as `write_kpis_csv` wrote it: codes and periodes stay text, empty dimensie is ""."""
    frame = pd.read_csv(path, dtype={"indicator": "str", "periode": "str", "dimensie": "str", "eenheid": "str"},
                        keep_default_na=False, na_values={"waarde": [""]})
    frame["waarde"] = frame["waarde"].astype("float64")
    return frame[COLUMNS]


__all__ = ["COLUMNS", "combine", "compute_kpis", "empty", "figure_table", "format_waarde", "read_kpis_csv", "rows",
           "write_kpis_csv"]
