"""The prognosis as figure-table rows (INTERFACE §3): prognose, afwijking, prognose_fout, begroting,
realisatie / nog_te_declareren / nog_te_komen, prognose_volume and nulmeting, from the method in
`prognose` (docs/prognose.md).
"""

from __future__ import annotations

from datetime import date
from typing import cast

import numpy as np
import pandas as pd

from sdmonitor.figures.prognose import (
    DEFAULT,
    FIGURE_COLUMNS,
    PIECES,
    WETTEN,
    Settings,
    afwijking,
    backtest,
    forecast,
)
from sdmonitor.periods import Periode


def _rows(indicator: str, periode: str, dimensie: pd.Series | list, waarde: pd.Series | list, eenheid) -> pd.DataFrame:
    frame = pd.DataFrame({"dimensie": list(dimensie), "waarde": np.asarray(waarde, dtype="float64")})
    frame.insert(0, "periode", periode)
    frame.insert(0, "indicator", indicator)
    frame["eenheid"] = list(eenheid) if isinstance(eenheid, (list, pd.Series, np.ndarray)) else eenheid
    return frame


def _closed_year_budget_rows(begroting: pd.DataFrame, periode: Periode) -> list[pd.DataFrame]:
    """`<wet>.begroting` of the closed report years Y-3..Y-1 (total and per begrotingspost): the
    budget a closed year's realisatie (`<wet>.kosten`) is held against."""
    out = []
    for jaar in periode.years[:-1]:
        for wet in WETTEN:
            own = begroting[(begroting["jaar"] == jaar) & (begroting["wet"] == wet)]
            if own.empty:
                continue
            per_post = own.groupby("begrotingspost", as_index=False, sort=True)[["bedrag"]].sum()
            table = _with_total(per_post, "begrotingspost", ["bedrag"])
            out.append(_rows(f"{wet}.begroting", f"{jaar:04d}", table["begrotingspost"], table["bedrag"], "euro"))
    return out


def _with_total(frame: pd.DataFrame, key: str, columns: list[str]) -> pd.DataFrame:
    total = frame[columns].sum().to_frame().T.assign(**{key: ""})
    return pd.concat([total, frame], ignore_index=True)


def _unit_name(code: object) -> str:
    from sdmonitor.ingest.codelists import unit_name

    try:
        return unit_name(str(code))
    except (KeyError, ValueError):
        return "volume"


def _volume(lines: pd.DataFrame) -> pd.Series:
    if {"eenheid", "bouwsteen_eenheid"} <= set(lines.columns):
        from sdmonitor.ingest.netting import volume_in_unit

        return volume_in_unit(lines)
    return lines["volume"].astype("float64")


def _bouwsteen_units(frame: pd.DataFrame, code_column: str) -> dict[tuple[str, str], str]:
    """(wet, bouwsteen) -> unit name, the most common unit code of the bouwsteen."""
    usable = frame.dropna(subset=["bouwsteen", code_column])
    if usable.empty:
        return {}
    modes = usable.groupby(["wet", "bouwsteen"])[code_column].agg(lambda s: s.value_counts().index[0])
    return {cast("tuple[str, str]", key): _unit_name(code) for key, code in modes.items()}


def prognose_rows(lines: pd.DataFrame, periode: Periode, peildatum: date,
                  begroting: pd.DataFrame | None = None, nulmeting: pd.DataFrame | None = None,
                  producten: pd.DataFrame | None = None, settings: Settings = DEFAULT) -> pd.DataFrame:
    """Every prognosis figure row (figure-table shape) from plain frames; see `figure_rows`."""
    year = f"{periode.jaar:04d}"
    parts: list[pd.DataFrame] = []
    money = forecast(lines, ["wet", "begrotingspost"], periode, peildatum, settings=settings)
    if begroting is not None and not begroting.empty:
        money = add_budgeted_posts(money, begroting, periode.jaar)
    for wet in WETTEN:
        own = money[money["wet"] == wet]
        if own.empty:
            continue
        table = _with_total(own[["begrotingspost"] + PIECES], "begrotingspost", PIECES)
        for piece in PIECES:
            parts.append(_rows(f"{wet}.{piece}", year, table["begrotingspost"], table[piece], "euro"))
    if begroting is not None and not begroting.empty:
        dev_rows = afwijking(money, begroting, periode.jaar)
        for wet in WETTEN:
            own = dev_rows[dev_rows["wet"] == wet]
            if own.empty:
                continue
            parts.append(_rows(f"{wet}.begroting", year, own["begrotingspost"], own["begroting"], "euro"))
            if not money[money["wet"] == wet].empty:
                parts.append(_rows(f"{wet}.afwijking", year, own["begrotingspost"], own["afwijking"], "euro"))
    if begroting is not None and not begroting.empty:
        parts += _closed_year_budget_rows(begroting, periode)
    tested = backtest(lines, periode, peildatum, settings=settings)
    for (getoetst, jaar), own in tested.groupby(["wet", "jaar"], sort=True):
        parts.append(_rows(f"{getoetst}.prognose_fout", f"{jaar:04d}", own["begrotingspost"], own["fout_pct"],
                           "procent"))
    parts += _volume_rows(lines, periode, peildatum, settings)
    if nulmeting is not None and not nulmeting.empty:
        parts += _nulmeting_rows(nulmeting, periode, producten)
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "waarde" else "str") for c in FIGURE_COLUMNS})
    out = pd.concat(parts, ignore_index=True)[FIGURE_COLUMNS]
    return out.astype({"indicator": "str", "periode": "str", "dimensie": "str", "waarde": "float64", "eenheid": "str"})


def add_budgeted_posts(money: pd.DataFrame, begroting: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """A budgeted begrotingspost without any spending gets prognose 0 (for a wet with data), so
    every afwijking row has its prognose row next to it."""
    budget = begroting.loc[begroting["jaar"].astype("int64") == jaar, ["wet", "begrotingspost"]].dropna()
    budget = budget[budget["wet"].isin(set(money["wet"])) & (budget["begrotingspost"] != "")]
    missing = budget.drop_duplicates().merge(money[["wet", "begrotingspost"]], how="left", indicator=True)
    missing = missing.loc[missing["_merge"] == "left_only", ["wet", "begrotingspost"]]
    if missing.empty:
        return money
    zeros = missing.assign(**{piece: 0.0 for piece in PIECES})
    return pd.concat([money, zeros], ignore_index=True).sort_values(["wet", "begrotingspost"], ignore_index=True)


def _volume_rows(lines: pd.DataFrame, periode: Periode, peildatum: date, settings: Settings) -> list[pd.DataFrame]:
    if lines.empty or "bouwsteen" not in lines.columns:
        return []
    with_volume = lines.assign(_volume=_volume(lines)).dropna(subset=["bouwsteen"])
    volume = forecast(with_volume, ["wet", "bouwsteen"], periode, peildatum, value="_volume", settings=settings)
    units = _bouwsteen_units(lines, "bouwsteen_eenheid") if "bouwsteen_eenheid" in lines.columns else {}
    parts = []
    for wet, own in volume.groupby("wet", sort=True):
        eenheid = [units.get((str(wet), b), "volume") for b in own["bouwsteen"]]
        parts.append(_rows(f"{wet}.prognose_volume", f"{periode.jaar:04d}", own["bouwsteen"], own["prognose"], eenheid))
    return parts


def _nulmeting_rows(nulmeting: pd.DataFrame, periode: Periode, producten: pd.DataFrame | None) -> list[pd.DataFrame]:
    units = _bouwsteen_units(producten, "eenheid") if producten is not None and not producten.empty else {}
    shown = nulmeting[nulmeting["jaar"].astype("int64").isin(periode.years)]
    sums = shown.groupby(["wet", "jaar", "bouwsteen"], as_index=False)[["volume", "bedrag"]].sum(min_count=1)
    parts = []
    for (wet, jaar), own in sums.groupby(["wet", "jaar"], sort=True):
        vol = own.dropna(subset=["volume"])
        eenheid = [units.get((str(wet), b), "volume") for b in vol["bouwsteen"]]
        parts.append(_rows(f"{wet}.nulmeting_volume", f"{jaar:04d}", vol["bouwsteen"], vol["volume"], eenheid))
        money = own.dropna(subset=["bedrag"])
        money = _with_total(money[["bouwsteen", "bedrag"]], "bouwsteen", ["bedrag"]) if not money.empty else money
        parts.append(_rows(f"{wet}.nulmeting_bedrag", f"{jaar:04d}", money["bouwsteen"], money["bedrag"], "euro"))
    return parts


def figure_rows(selection) -> pd.DataFrame:
    """The prognosis figures of one edition (INTERFACE §3): prognose, afwijking, prognose_fout,
    begroting, realisatie / nog_te_declareren / nog_te_komen, prognose_volume, nulmeting.

    The lines are those with the edition's product successions applied (`opvolging`), whose
    `<wet>.productopvolging` rows say where. The backtest cuts the selection's own lines at the earlier
    periode and peildatum: they are
    this gemeente's lines known on the current peildatum, so the cut equals what
    `selection.select(dataset, gemeente, earlier periode, earlier peildatum)` would give.
    """
    from sdmonitor.figures import opvolging

    tables = selection.tables
    # Product successions carry the old products' history into their successors (opvolging).
    out = prognose_rows(
        opvolging.selection_lines(selection), selection.periode, selection.peildatum,
        begroting=tables.get("begroting"), nulmeting=tables.get("nulmeting"), producten=tables.get("producten"),
    )
    applied = opvolging.figure_rows(selection)
    return out if applied.empty else pd.concat([out, applied[out.columns]], ignore_index=True)


__all__ = ["add_budgeted_posts", "figure_rows", "prognose_rows"]
