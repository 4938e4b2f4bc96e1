"""Declaration lines → cells (INTERFACE.md §2): the one place where lines meet the product book.

A *cell* is (client_id, productcode, service month); its net volume > 0 means care was delivered.
Every figure about clients starts from `cells`; every figure about money from `enrich`.
"""

from __future__ import annotations

import pandas as pd

from .codelists import unit_name

PGB = "PGB"


def service_month(declaraties: pd.DataFrame) -> pd.Series:
    """The service month `YYYY-MM` of each line: the month of `periode_begin`."""
    return declaraties["periode_begin"].dt.strftime("%Y-%m")


def enrich(declaraties: pd.DataFrame, producten: pd.DataFrame) -> pd.DataFrame:
    """Lines with `maand`, `jaar`, `bouwsteen`, `begrotingspost` and `bouwsteen_eenheid` attached.

    Every PGB line counts under begrotingspost PGB, whatever its product. The product book is
    keyed by (wet, productcode): the same code may exist under both laws.
    """
    book = producten[["wet", "productcode", "bouwsteen", "begrotingspost", "eenheid"]].rename(
        columns={"eenheid": "bouwsteen_eenheid"}
    ).drop_duplicates(["wet", "productcode"])
    out = declaraties.merge(book, on=["wet", "productcode"], how="left", validate="many_to_one")
    out["maand"] = service_month(out)
    out["jaar"] = out["periode_begin"].dt.year.astype("int64")
    out.loc[out["zorgvorm"] == PGB, "begrotingspost"] = PGB
    return out


def volume_in_unit(lines: pd.DataFrame) -> pd.Series:
    """Each line's volume expressed in its bouwsteen's unit.

    Minutes declared against an hour-based product count as hours (/60); every other
    mismatch is left as declared (the validator reports it).
    """
    vol = lines["volume"].astype("float64")
    minutes_to_hours = (lines["eenheid"] == "01") & (lines["bouwsteen_eenheid"] == "04")
    return vol.where(~minutes_to_hours, vol / 60.0)


def cells(lines: pd.DataFrame) -> pd.DataFrame:
    """Net enriched lines per (wet, client_id, productcode, maand).

    Returns one row per cell with the summed `volume` and `bedrag`, the product's
    `bouwsteen`/`begrotingspost`, and `geleverd` (net volume > 0). Attributes that may differ
    between the lines of one cell (verwijzer, zorgvorm, geboortejaar) are taken from the line
    with the largest volume, so a credit-and-redeclare keeps the redeclared value.
    """
    key = ["wet", "client_id", "productcode", "maand"]
    if lines.empty:
        return pd.DataFrame(columns=key + ["jaar", "volume", "bedrag", "bouwsteen", "begrotingspost",
                                           "verwijzer", "zorgvorm", "geboortejaar", "geleverd"])
    ordered = lines.sort_values(key + ["volume"], ascending=[True] * len(key) + [False], kind="mergesort")
    firsts = ordered.groupby(key, sort=True, dropna=False).first()[
        ["jaar", "bouwsteen", "verwijzer", "zorgvorm", "geboortejaar"]
    ]
    sums = lines.groupby(key, sort=True, dropna=False)[["volume", "bedrag"]].sum()
    out = sums.join(firsts).reset_index()
    out["begrotingspost"] = (
        lines.groupby(key, sort=True, dropna=False)["begrotingspost"].first().to_numpy()
    )
    out["geleverd"] = out["volume"] > 0
    return out


__all__ = ["PGB", "cells", "enrich", "service_month", "unit_name", "volume_in_unit"]
