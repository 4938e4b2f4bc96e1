"""Declaration lines → cells (INTERFACE.md §2): the one place where lines meet the product book.

A *cell* is (client_id, productcode, service month); its net volume > 0 means care was delivered.
Every figure about clients starts from `cells`; every figure about money from `enrich`.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd

from sdmonitor.ingest.codelists import unit_name as codelist_unit_name

PandasT = TypeVar("PandasT", pd.Series, pd.DataFrame)

PGB = "PGB"
MINUUT = "01"
UUR = "04"
DAGDEEL = "16"


def unit_name(code: str) -> str:
    """The short WJ756 name of a unit code (`04` → `uur`); the code itself when unknown."""
    try:
        return codelist_unit_name(str(code))
    except KeyError:
        return str(code)


def service_month(declaraties: pd.DataFrame) -> pd.Series:
    """The service month `YYYY-MM` of each line: the month of `periode_begin`."""
    return declaraties["periode_begin"].dt.strftime("%Y-%m")


def bouwsteen_units(producten: pd.DataFrame) -> pd.DataFrame:
    """The unit of each (wet, bouwsteen): the most common unit code of its products.

    A bouwsteen whose products use different units gets the most common one (ties: lowest code),
    so a bouwsteen's volume is always expressed in one unit.
    """
    counts = (producten.dropna(subset=["bouwsteen", "eenheid"])
              .groupby(["wet", "bouwsteen", "eenheid"], sort=True).size().rename("n").reset_index())
    counts = counts.sort_values(["wet", "bouwsteen", "n", "eenheid"], ascending=[True, True, False, True],
                                kind="mergesort")
    return (counts.drop_duplicates(["wet", "bouwsteen"])[["wet", "bouwsteen", "eenheid"]]
            .rename(columns={"eenheid": "bouwsteen_eenheid"}).reset_index(drop=True))


def enrich(declaraties: pd.DataFrame, producten: pd.DataFrame) -> pd.DataFrame:
    """Lines with `maand`, `jaar`, `bouwsteen`, `begrotingspost` and `bouwsteen_eenheid` attached.

    Every PGB line counts under begrotingspost PGB, whatever its product. The product book is
    keyed by (wet, productcode): the same code may exist under both laws. A product code missing
    from the book leaves bouwsteen/begrotingspost empty (the validator reports it).
    """
    book = producten[["wet", "productcode", "bouwsteen", "begrotingspost"]].drop_duplicates(["wet", "productcode"])
    out = declaraties.merge(book, on=["wet", "productcode"], how="left", validate="many_to_one")
    out = out.merge(bouwsteen_units(producten), on=["wet", "bouwsteen"], how="left", validate="many_to_one")
    out["maand"] = service_month(out)
    out["jaar"] = out["periode_begin"].dt.year.astype("int64")
    out.loc[out["zorgvorm"] == PGB, "begrotingspost"] = PGB
    return out


# Time units of WJ756 in hours: 01 minuut, 04 uur, 16 "Dagdeel (4 uur)" (the code list's own text).
HOURS_PER_UNIT = {MINUUT: 1 / 60, UUR: 1.0, DAGDEEL: 4.0}


def volume_in_unit(lines: pd.DataFrame) -> pd.Series:
    """Each line's volume expressed in its bouwsteen's unit.

    Time units convert into each other through hours (minutes, hours, dagdelen of 4 hours); every
    other mismatch (etmaal against stuks, say) has no fixed ratio and is summed as declared.
    """
    vol = lines["volume"].astype("float64")
    line_hours, unit_hours = _hours(lines["eenheid"]), _hours(lines["bouwsteen_eenheid"])
    convertible = ~np.isnan(line_hours) & ~np.isnan(unit_hours)
    factor = np.where(convertible, line_hours / np.where(convertible, unit_hours, 1.0), 1.0)
    return vol * pd.Series(factor, index=lines.index, dtype="float64")


def _hours(units: pd.Series) -> np.ndarray:
    """Hours per unit code (NaN: not a time unit), looked up once per distinct code."""
    codes, distinct = pd.factorize(units.astype("str"))
    hours = np.array([HOURS_PER_UNIT.get(str(u), np.nan) for u in distinct] + [np.nan], dtype="float64")
    return hours[codes]  # code -1 (missing) takes the NaN at the end


CELL_KEY = ["wet", "client_id", "productcode", "maand"]
_CELL_ATTRS = ["jaar", "bouwsteen", "begrotingspost", "verwijzer", "zorgvorm", "geboortejaar"]


def delivered(net_volume: PandasT) -> PandasT:
    """Whether a cell's net volume (a Series, or a frame of them) is delivered care: positive once
    rounded, so that float noise of debits and credits that cancel is not."""
    return net_volume.round(9) > 0


def net_volume_per_line(lines: pd.DataFrame) -> pd.Series:
    """The net volume of each line's cell (the `volume` of `cells`, without ranking the lines for
    the cell's attributes): enough to count what netting leaves out."""
    return lines.groupby(CELL_KEY, sort=False, dropna=False)["volume"].transform("sum")


def cells(lines: pd.DataFrame) -> pd.DataFrame:
    """Net enriched lines per (wet, client_id, productcode, maand).

    Returns one row per cell with the summed `volume` and `bedrag`, the product's
    `bouwsteen`/`begrotingspost`, and `geleverd` (net volume > 0). Attributes that may differ
    between the lines of one cell (verwijzer, zorgvorm, geboortejaar, begrotingspost) come from
    the latest declared line with a positive volume (ties: larger volume), so a credit-and-redeclare
    keeps the redeclared value.
    """
    attrs = [c for c in _CELL_ATTRS if c in lines.columns]
    if lines.empty:
        frame = lines.iloc[0:0]
        out = frame[CELL_KEY + attrs].copy()
        out["volume"] = pd.Series([], dtype="float64")
        out["bedrag"] = pd.Series([], dtype="float64")
        out["geleverd"] = pd.Series([], dtype="bool")
        return out
    grouped = lines.groupby(CELL_KEY, sort=True, dropna=False)
    sums = grouped[["volume", "bedrag"]].sum()
    # The ranking sorts the ranking columns only, and each cell's first line in that order gives
    # its attributes: sorting whole lines and dropping duplicate keys moved every text column.
    order = ["_pos", "ingediend_op", "volume"] if "ingediend_op" in lines.columns else ["_pos", "volume"]
    ranking = pd.DataFrame({"_pos": (lines["volume"] > 0).to_numpy(),
                            **{c: lines[c].to_numpy() for c in order[1:]}})
    ranked = ranking.sort_values(order, ascending=False, kind="mergesort", na_position="last").index.to_numpy()
    cell = grouped.ngroup().to_numpy()[ranked]  # ngroup numbers the cells in the order of `sums`
    first = np.empty(len(sums), dtype="int64")
    leading = ~pd.Series(cell).duplicated().to_numpy()
    first[cell[leading]] = ranked[leading]
    out = sums.reset_index()
    for column in attrs:
        out[column] = lines[column].iloc[first].reset_index(drop=True)
    out["geleverd"] = delivered(out["volume"])
    return out


__all__ = ["CELL_KEY", "PGB", "bouwsteen_units", "cells", "enrich", "service_month", "unit_name",
           "volume_in_unit"]
