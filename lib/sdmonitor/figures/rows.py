"""Figure-table rows: the one shape every figure function returns (INTERFACE §3, `kpis.csv`):
`indicator, periode, dimensie, waarde, eenheid` (`VALUE_COLUMNS`). The figure modules build their
rows here and `kpis` assembles them, so no figure module depends on the assembler; `kpis` then adds
the `status` of every row (`figures.status`), giving `COLUMNS`, the columns of `kpis.csv`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# The status of a figure (INTERFACE §3, column `status`): the one list of its values.
DEFINITIEF, VOORLOPIG, DEELPERIODE, GEEN_GEGEVENS = "definitief", "voorlopig", "deelperiode", "geen_gegevens"
STATUSSEN = (DEFINITIEF, VOORLOPIG, DEELPERIODE, GEEN_GEGEVENS)
VALUE_COLUMNS = ["indicator", "periode", "dimensie", "waarde", "eenheid"]
COLUMNS = VALUE_COLUMNS + ["status"]


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
    periode: pd.Index | pd.Series
    dims: pd.Index | pd.Series | None
    if isinstance(values, pd.Series):
        index = values.index
        periode = index.get_level_values(0) if index.nlevels == 2 else index
        dims = index.get_level_values(1) if index.nlevels == 2 else None
        waarde, eenheden = values.to_numpy(), None
    else:
        periode, waarde = values["periode"], values["waarde"].to_numpy()
        dims = values["dimensie"] if "dimensie" in values.columns else None
        eenheden = values["eenheid"] if "eenheid" in values.columns else None
    n = len(waarde)
    if n == 0:
        return empty()
    if eenheden is None and eenheid is None:
        raise ValueError(f"{indicator}: geen eenheid opgegeven")

    def text(column, fill: str) -> pd.Series:
        # Built column by column from plain arrays: a figure module makes some 200 of these tables.
        if column is None:
            return pd.Series(np.full(n, fill, dtype=object), dtype="str")
        return pd.Series(np.asarray(column, dtype=object), dtype=object).astype("str")

    dimensie_text = text(dims, "" if dimensie is None else dimensie)
    if dims is not None:
        dimensie_text = dimensie_text.fillna("")
    return pd.DataFrame({
        "indicator": text(None, indicator), "periode": text(periode, ""), "dimensie": dimensie_text,
        "waarde": pd.Series(waarde).astype("float64"), "eenheid": text(eenheden, eenheid or ""),
    })


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """Figure-table rows of many indicators at once: `frame` carries every one of `VALUE_COLUMNS`
    (a family computed in one pass over all its groups); the same text and number types as `rows`."""
    if frame.empty:
        return empty()

    def text(column: str) -> pd.Series:
        return pd.Series(np.asarray(frame[column], dtype=object), dtype=object).astype("str")

    return pd.DataFrame({"indicator": text("indicator"), "periode": text("periode"),
                         "dimensie": text("dimensie").fillna(""),
                         "waarde": pd.Series(frame["waarde"].to_numpy()).astype("float64"),
                         "eenheid": text("eenheid")})


def combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate figure rows and sort them deterministically (indicator, periode, dimensie)."""
    parts = [p for p in parts if p is not None and not p.empty]
    if not parts:
        return empty()
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["indicator", "periode", "dimensie", "eenheid"], kind="mergesort").reset_index(drop=True)


__all__ = ["COLUMNS", "DEELPERIODE", "DEFINITIEF", "GEEN_GEGEVENS", "STATUSSEN", "VALUE_COLUMNS", "VOORLOPIG",
           "combine",
           "empty", "rows", "table"]
