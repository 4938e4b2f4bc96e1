"""Figure-table rows: the one shape every figure function returns (INTERFACE §3, `kpis.csv`):
`indicator, periode, dimensie, waarde, eenheid`. The figure modules build their rows here and
`kpis` assembles them, so no figure module depends on the assembler.
"""

from __future__ import annotations

import pandas as pd

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


__all__ = ["COLUMNS", "combine", "empty", "rows"]
