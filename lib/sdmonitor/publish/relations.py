"""The additive relations among published figures that an attacker can use, from the registry.

The suppression audit (`audit`) needs every linear fact that ties a hidden cell to published ones:
a breakdown and its total (`dimensie.relatie` in the registry: `som`, `deel`, `onder`, with the
total in the indicator itself or in `dimensie.totaal`), the months of a year (`som` where the
registry says the year is the sum of its months; for other counts over a period a month is a
`deel` of its year: a person counted in the year is counted in at least one month), and what the
previous edition published. The relations are derived from the registry and the figure table
alone, so a new indicator is protected because it is declared, not because someone remembered.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from sdmonitor.publish.audit import Cell, Key, Relation
from sdmonitor.registry import Registry

_RELATION_TEXT = {"som": "delen = totaal", "deel": "elk deel ≤ totaal ≤ som van de delen",
                  "onder": "som van de delen ≤ totaal", "binnen": "elk deel ≤ totaal"}


def _holds(soort: str, total: float, parts: list[float]) -> str:
    """The declared relation where the figures bear it out, else the weaker one they do: an
    attacker who assumes more than is true derives wrong intervals, not the hidden values (a
    municipality's bouwsteen groups need not cover every bouwsteen, an uitkomst may be empty)."""
    tol = 1e-6 * max(1.0, abs(total))
    fits = {"som": abs(total - sum(parts)) <= tol, "onder": sum(parts) <= total + tol,
            "deel": all(p <= total + tol for p in parts) and total <= sum(parts) + tol,
            "binnen": all(p <= total + tol for p in parts)}
    order = {"som": ("som", "onder", "binnen"), "deel": ("deel", "binnen"), "onder": ("onder", "binnen"),
             "binnen": ("binnen",)}[soort]
    return next((s for s in order if fits[s]), "")


def _keys(frame: pd.DataFrame) -> list[Key]:
    # `tolist`: iterating a text column element by element costs eight times as much.
    return list(zip(frame["indicator"].astype(str).tolist(), frame["periode"].astype(str).tolist(),
                    frame["dimensie"].fillna("").astype(str).tolist()))


def relations(frame: pd.DataFrame, reg: Registry) -> list[Relation]:
    """Every declared additive relation among the rows of a figure table (counts only: amounts
    and rates are not hidden as counts, so they pin nothing)."""
    values = dict(zip(_keys(frame), frame["waarde"].astype("float64")))
    present = {k for k, v in values.items() if not pd.isna(v)}
    by_indicator: dict[str, list[Key]] = defaultdict(list)
    for key in sorted(present):
        by_indicator[key[0]].append(key)
    out: list[Relation] = []
    for naam, keys in by_indicator.items():
        ind = reg.get(naam)
        if ind is None or not ind.klein_aantal:
            continue
        if ind.dimensie is not None and ind.dimensie.relatie in _RELATION_TEXT:
            parts: dict[str, list[Key]] = defaultdict(list)
            for key in keys:
                if key[2]:
                    parts[key[1]].append(key)
            for periode, delen in parts.items():
                totaal = (ind.totaal_indicator, periode, "")
                delen = [d for d in delen if d in present]
                soort = _holds(ind.dimensie.relatie, values.get(totaal, 0.0), [values[d] for d in delen])
                if totaal in present and delen and soort:
                    out.append(Relation(f"{naam} {periode}: {ind.dimensie.naam}, {_RELATION_TEXT[soort]}",
                                        totaal, tuple(delen), soort))
        if {"jaar", "maand"} <= set(ind.periodiciteit) and ind.meting == "stroom":
            soort = "som" if ind.optelbaar_over_maanden else "deel"
            months: dict[tuple[str, str], list[Key]] = defaultdict(list)
            for key in keys:
                if len(key[1]) == 7:
                    months[(key[1][:4], key[2])].append(key)
            for (year, dim), delen in months.items():
                delen = [d for d in delen if d in present]
                fits = _holds(soort, values.get((naam, year, dim), 0.0), [values[d] for d in delen])
                if (naam, year, dim) in present and delen and fits:
                    label = f"{naam} {year}{' ' + dim if dim else ''}: maanden, {_RELATION_TEXT[fits]}"
                    out.append(Relation(label, (naam, year, dim), tuple(delen), fits))
    return out


def cells(frame: pd.DataFrame, marks: pd.Series, reg: Registry,
          vorige: pd.DataFrame | None = None) -> list[Cell]:
    """The audit's cells: every count with a value, its exact value and its mark; a cell hidden now
    that the previous edition published with the same value is `vast` (the attacker has it).

    `vorige`: the previous edition's published figures (`indicator, periode, dimensie, waarde`,
    `waarde` empty where it was hidden), or None."""
    known: dict[Key, float] = {}
    if vorige is not None and len(vorige):
        shown = vorige[vorige["waarde"].notna()]
        known = dict(zip(_keys(shown), shown["waarde"].astype("float64")))
    out: list[Cell] = []
    counts = {n for n in frame["indicator"].unique() if (ind := reg.get(str(n))) is not None and ind.klein_aantal}
    for key, waarde, mark in zip(_keys(frame), frame["waarde"].astype("float64").tolist(), marks.tolist()):
        if key[0] not in counts or pd.isna(waarde):
            continue  # no value (geen gegevens) is no number to derive
        vast = bool(mark) and known.get(key) == waarde
        out.append(Cell(key, float(waarde), str(mark or ""), vast))
    return out


__all__ = ["cells", "relations"]
