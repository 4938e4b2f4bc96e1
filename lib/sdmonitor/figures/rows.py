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
SORT_COLUMNS = ["indicator", "periode", "dimensie", "eenheid"]  # the order of a figure table's rows


def empty() -> pd.DataFrame:
    """A figure table without rows (right columns and dtypes): a copy of one made once (building a
    frame costs ten times as much, and most families return a few empty tables)."""
    global _EMPTY
    if _EMPTY is None:
        _EMPTY = _frame(_text([]), _text([]), _text([]), pd.Series([], dtype="float64"), _text([]))
    return _EMPTY.copy()


_EMPTY: pd.DataFrame | None = None


def _text(values) -> pd.api.extensions.ExtensionArray:
    """A text column (pandas' "str") from any values: numbers become their text, missing stays missing.
    Built as an array, not a Series: a figure module makes some 100 of these tables per edition."""
    return pd.array(np.asarray(values, dtype=object), dtype="str")


def _frame(indicator, periode, dimensie, waarde: pd.Series, eenheid) -> pd.DataFrame:
    return pd.DataFrame({"indicator": indicator, "periode": periode, "dimensie": dimensie, "waarde": waarde,
                         "eenheid": eenheid})


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

    def text(column, fill: str) -> pd.api.extensions.ExtensionArray:
        return _text([fill] * n if column is None else column)

    dimensie_text = text(dims, "" if dimensie is None else dimensie)
    if dims is not None:
        dimensie_text = dimensie_text.fillna("")
    return _frame(text(None, indicator), text(periode, ""), dimensie_text, pd.Series(waarde).astype("float64"),
                  text(eenheden, eenheid or ""))


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """Figure-table rows of many indicators at once: `frame` carries every one of `VALUE_COLUMNS`
    (a family computed in one pass over all its groups); the same text and number types as `rows`."""
    if frame.empty:
        return empty()

    return _frame(_text(frame["indicator"]), _text(frame["periode"]), _text(frame["dimensie"]).fillna(""),
                  pd.Series(frame["waarde"].to_numpy()).astype("float64"), _text(frame["eenheid"]))


def combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate figure rows and sort them deterministically (indicator, periode, dimensie)."""
    parts = [p for p in parts if p is not None and not p.empty]
    if not parts:
        return empty()
    table = pd.concat(parts, ignore_index=True)
    if any(table[c].hasnans for c in SORT_COLUMNS):
        return table.sort_values(SORT_COLUMNS, kind="mergesort").reset_index(drop=True)
    # Python's stable sort of the key tuples is pandas' mergesort of these text columns (code point
    # order, ties in table order), at half its cost on the ~25 tables an edition combines.
    keys = list(zip(*(table[c].tolist() for c in SORT_COLUMNS)))
    return table.take(np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype="int64")).reset_index(drop=True)


__all__ = ["COLUMNS", "DEELPERIODE", "DEFINITIEF", "GEEN_GEGEVENS", "STATUSSEN", "VALUE_COLUMNS", "VOORLOPIG",
           "combine",
           "empty", "rows", "table"]
