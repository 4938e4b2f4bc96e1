"""Product succession across contract changes (docs/prognose.md §9).

Municipalities re-contract: on a date old productcodes stop and new ones take over the same care,
sometimes split into several products and billed in another unit (dagbehandeling in dagdelen
becomes four products in uren). A year-on-year comparison that sees codes would read the old
product as a phase-out and the new ones as new products. A *succession* links them:

- declared in the gemeente's parameters, key `productopvolging` (parameters/README.md):
  `{wet, van: [codes], naar: [codes], per: YYYY-MM-DD, omrekening: {van, naar, factor}}`;
- detected where none is declared: within one wet, begrotingspost and bouwsteen group, every
  product that stops in month M-1 and every product that starts in month M (and did not exist
  before) form one succession, provided the old products ran for `MIN_MONTHS` months, the data
  go on for `MIN_MONTHS_AFTER` months after M and the old ones really stopped (nothing after M-1).

`apply` gives the old lines their successor's begrotingspost and bouwsteen (the first new
product's) and their volume in the new unit, so one series runs across the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sdmonitor.figures import development as dev
from sdmonitor.ingest.netting import HOURS_PER_UNIT

# An old product needs this many months of history to be called succeeded (a one-off code is not).
MIN_MONTHS = 6
# Months of data after the change before it is detected (the month after the change must be seen).
MIN_MONTHS_AFTER = 1


@dataclass(frozen=True)
class Opvolging:
    """Old codes `van` succeeded by `naar` from month `per` (YYYY-MM); an old unit is `factor` new
    units. `bron`: "parameters" or "gedetecteerd"."""

    wet: str
    van: tuple[str, ...]
    naar: tuple[str, ...]
    per: str
    factor: float = 1.0
    bron: str = "parameters"

    def beschrijving(self) -> str:
        """Dutch one-liner for the report: which codes, from when, how found."""
        omrekening = "" if self.factor == 1.0 else f", volume omgerekend (1 oude eenheid = {_nl(self.factor)} nieuwe)"
        hoe = "opgegeven in de parameters" if self.bron == "parameters" else "afgeleid uit de declaraties"
        return (f"{self.wet}: {', '.join(self.van)} opgevolgd door {', '.join(self.naar)} per {self.per}"
                f"{omrekening} ({hoe})")


def _nl(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def declared(raw: Mapping[str, Any] | None) -> list[Opvolging]:
    """The successions of the parameters' `productopvolging` list (invalid entries raise ValueError)."""
    out = []
    for entry in (raw or {}).get("productopvolging") or []:
        van, naar = entry.get("van") or [], entry.get("naar") or []
        if not van or not naar or not entry.get("wet") or not entry.get("per"):
            raise ValueError(f"productopvolging: wet, van, naar en per zijn verplicht ({entry})")
        omrekening = entry.get("omrekening") or {}
        factor = omrekening.get("factor")
        if factor is None:
            factor = _unit_factor(str(omrekening.get("van", "")), str(omrekening.get("naar", "")))
        out.append(Opvolging(wet=str(entry["wet"]).lower(), van=tuple(str(c) for c in van),
                             naar=tuple(str(c) for c in naar), per=str(entry["per"])[:7], factor=float(factor)))
    return out


def _unit_factor(old: str, new: str) -> float:
    """New units per old unit for two time units; 1 when either is not a time unit."""
    if old in HOURS_PER_UNIT and new in HOURS_PER_UNIT:
        return HOURS_PER_UNIT[old] / HOURS_PER_UNIT[new]
    return 1.0


def _group_of(groups: Mapping[str, Iterable[str]] | None) -> dict[str, str]:
    """bouwsteen -> its (first) bouwsteen group; a bouwsteen in no group is its own group."""
    out: dict[str, str] = {}
    for name, members in (groups or {}).items():
        for bouwsteen in members or []:
            out.setdefault(str(bouwsteen), str(name))
    return out


def detect(lines: pd.DataFrame, groups: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
           known: Iterable[Opvolging] = ()) -> list[Opvolging]:
    """Undeclared successions in `lines` (see the module docstring); codes in `known` are skipped.

    `groups`: the parameters' `bouwsteengroepen` ({wet: {groep: [bouwsteen, ...]}})."""
    need = {"wet", "productcode", "maand", "bedrag", "begrotingspost", "bouwsteen"}
    if lines.empty or not need <= set(lines.columns):
        return []
    taken = {(o.wet, c) for o in known for c in (*o.van, *o.naar)}
    frame = pd.DataFrame({"wet": lines["wet"].astype("str"), "code": lines["productcode"].astype("str"),
                          "post": lines["begrotingspost"].astype("str"), "bouwsteen": lines["bouwsteen"].astype("str"),
                          "m": dev.month_index(lines["maand"]), "bedrag": lines["bedrag"].astype("float64"),
                          "eenheid": lines["eenheid"].astype("str") if "eenheid" in lines.columns else ""})
    last_data, first_data = int(frame["m"].max()), int(frame["m"].min())
    per_month = frame.groupby(["wet", "code", "m"])["bedrag"].sum()
    active = per_month[per_month > 0].reset_index()
    span = active.groupby(["wet", "code"])["m"].agg(["min", "max", "size"]).reset_index()
    modes = {column: _modes(frame, ["wet", "code"], column) for column in ("post", "bouwsteen", "eenheid")}
    # Plain lists from here on: a wet has some tens of products, each looked at once.
    by_wet: dict[str, list[tuple[str, int, int, int, str, str]]] = {}
    group_of = {wet: _group_of((groups or {}).get(wet)) for wet in set(span["wet"].tolist())}
    for wet, code, first, last, months in zip(*(span[c].tolist() for c in ["wet", "code", "min", "max", "size"])):
        if (wet, code) in taken:
            continue
        post, bouwsteen, eenheid = (modes[c].get((wet, code), "") for c in ("post", "bouwsteen", "eenheid"))
        group = group_of[wet]
        by_wet.setdefault(wet, []).append((f"{post}|{group.get(bouwsteen, bouwsteen)}", int(first), int(last),
                                           int(months), code, eenheid))
    out = []
    for wet in sorted(by_wet):
        products = by_wet[wet]
        for key, start in sorted({(p[0], p[1]) for p in products}):
            if last_data - start < MIN_MONTHS_AFTER or start <= first_data + MIN_MONTHS:
                continue
            old = [p for p in products if p[0] == key and p[2] == start - 1 and p[3] >= MIN_MONTHS]
            if not old:
                continue
            new = [p for p in products if p[0] == key and p[1] == start]
            factor = _unit_factor(_mode(pd.Series([p[5] for p in old], dtype="str")),
                                  _mode(pd.Series([p[5] for p in new], dtype="str")))
            out.append(Opvolging(wet=wet, van=tuple(sorted(p[4] for p in old)), naar=tuple(sorted(p[4] for p in new)),
                                 per=f"{start // 12:04d}-{start % 12 + 1:02d}", factor=factor, bron="gedetecteerd"))
    return out


def _modes(frame: pd.DataFrame, keys: list[str], column: str) -> dict[tuple[str, ...], str]:
    """`_mode` of `column` per group of `keys` in one pass over integer codes ({keys: value}; a
    group whose values are all missing is absent): the most frequent value, on a tie the first seen."""
    coded = [pd.factorize(frame[c]) for c in [*keys, column]]
    known = np.logical_and.reduce([code >= 0 for code, _ in coded])
    combo = np.zeros(int(known.sum()), dtype="int64")
    for code, uniques in coded:
        combo = combo * len(uniques) + code[known]
    # np.unique: per (group, value) its count and first row; per group the largest count, then the first row.
    values, first, counts = np.unique(combo, return_index=True, return_counts=True)
    group = values // len(coded[-1][1])
    order = np.lexsort((first, -counts, group))
    best = order[np.r_[True, group[order][1:] != group[order][:-1]]] if values.size else order
    # The first row of each group's mode holds its keys and value.
    chosen = frame.iloc[np.flatnonzero(known)[first[best]]]
    return {tuple(key): value for *key, value in zip(*(chosen[c].tolist() for c in [*keys, column]))}


def _mode(values: pd.Series) -> str:
    counts = values.astype("str").value_counts()
    return str(counts.index[0]) if len(counts) else ""


def successions(lines: pd.DataFrame, raw: Mapping[str, Any] | None) -> list[Opvolging]:
    """Declared successions of the parameters plus those detected in `lines`."""
    own = declared(raw)
    return own + detect(lines, (raw or {}).get("bouwsteengroepen"), own)


def apply(lines: pd.DataFrame, opvolgingen: Iterable[Opvolging]) -> pd.DataFrame:
    """`lines` with the old products' lines carried into their successor: begrotingspost and
    bouwsteen of the first new product (as found in `lines`), volume times `factor`. Lines are
    otherwise untouched (bedrag, productcode, months); without successions `lines` itself."""
    opvolgingen = list(opvolgingen)
    if not opvolgingen or lines.empty:
        return lines
    out = lines.copy()
    wet, code = out["wet"].astype("str"), out["productcode"].astype("str")
    for o in opvolgingen:
        old = (wet == o.wet) & code.isin(o.van)
        target = out.loc[(wet == o.wet) & code.isin(o.naar)]
        if not old.any():
            continue
        for column in ("begrotingspost", "bouwsteen", "bouwsteen_eenheid"):
            if column in out.columns and not target.empty:
                out.loc[old, column] = _mode(target[column])
        if "volume" in out.columns and o.factor != 1.0:
            out.loc[old, "volume"] = out.loc[old, "volume"].astype("float64") * o.factor
        if "eenheid" in out.columns and not target.empty and o.factor != 1.0:
            out.loc[old, "eenheid"] = _mode(target["eenheid"])
    return out


def selection_successions(selection: Any) -> list[Opvolging]:
    """The successions of one selection (its lines and its gemeente's parameters), found once per
    selection: the prognosis, its interval and the bouwsteen figures all use them."""
    memo = getattr(selection, "_memo", None)
    if memo is None:
        return successions(selection.lines, getattr(getattr(selection, "gemeente", None), "raw", None))
    if "opvolging" not in memo:
        memo["opvolging"] = successions(selection.lines, getattr(getattr(selection, "gemeente", None), "raw", None))
    return list(memo["opvolging"])


def selection_lines(selection: Any) -> pd.DataFrame:
    """The selection's lines with its successions applied (`apply`); its own lines without any."""
    found = selection_successions(selection)
    if not found:
        return selection.lines
    memo = getattr(selection, "_memo", None)
    if memo is None:
        return apply(selection.lines, found)
    if "opvolging_lines" not in memo:
        memo["opvolging_lines"] = apply(selection.lines, found)
    return memo["opvolging_lines"]


def figure_rows(selection: Any) -> pd.DataFrame:
    """`<wet>.productopvolging` rows (intern): per succession applied, periode = the year of the
    change, dimensie = its description, waarde = the volume factor. None without successions."""
    from sdmonitor.figures.rows import combine, empty, rows

    found = selection_successions(selection)
    if not found:
        return empty()
    parts = [rows(f"{o.wet}.productopvolging", pd.DataFrame({"periode": [o.per[:4]], "dimensie": [o.beschrijving()],
                                                            "waarde": [float(o.factor)]}), "cijfer")
             for o in found]
    return combine(parts)


def beschrijvingen(opvolgingen: Iterable[Opvolging]) -> list[str]:
    """The report's lines saying where a succession was applied."""
    return [o.beschrijving() for o in opvolgingen]


__all__ = ["MIN_MONTHS", "MIN_MONTHS_AFTER", "Opvolging", "apply", "beschrijvingen", "declared",
           "detect", "figure_rows",
           "selection_lines", "selection_successions", "successions"]
