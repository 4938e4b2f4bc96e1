"""What a KPI value needs beside it to mean something (issue 22 §2): its definition (the
indicator registry, else the catalogue), the previous value (the period before, at the same
point: the year before; a month a year earlier; a current year's spend to date against the same
months of the year before), and a norm or reference where one exists (catalogue `norm`, or
`referentie`: `naar_rato` — the share of the year that has passed, so "16,3% uitnutting" reads
against 16,7% of two months — or `landelijk` — the Netherlands' value of the same indicator
and year from the benchmark table).

Exact values, like the rest of the overview; `kpi_publiek` prints them through the
small-numbers rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from sdmonitor.figures.rows import DEELPERIODE, DEFINITIEF, GEEN_GEGEVENS, VOORLOPIG
from sdmonitor.periods import Periode

COLUMNS = ["definitie", "vorige_periode", "vorige_waarde", "vorige_status", "referentie", "referentie_waarde",
           "referentie_eenheid"]
NATIONAAL = "NL01"  # the benchmark's area of the Netherlands (`ingest.selection.NATIONAAL`)
WEAKEST_FIRST = (GEEN_GEGEVENS, DEELPERIODE, VOORLOPIG, DEFINITIEF)
# `kpi_overzicht`'s look-ups, passed in (it calls this module): part, periode -> value / status.
Value = Callable[[pd.DataFrame, dict, str], float]
Status = Callable[[pd.DataFrame, dict, str], str]


def definitie(entry: dict, part: dict | None) -> str:
    """The registry's definition of the KPI's indicator (one place for each truth), else the
    catalogue's own (a calculation, or a KPI without source)."""
    from sdmonitor.registry import registry

    reg = registry()
    indicator = (part or {}).get("indicator")
    text = reg[indicator].definitie if indicator and indicator in reg else entry["definitie"]
    return " ".join(str(text).split())


def vorige_periode(periode: str) -> str:
    """The period before a KPI's period: the year before; a month a year earlier (seasons)."""
    if len(periode) == 4 and periode.isdigit():
        return str(int(periode) - 1)
    if len(periode) == 7:
        return f"{int(periode[:4]) - 1}{periode[4:]}"
    return ""


def uitnutting_tot(figures: pd.DataFrame, jaar: int, maand: int, wetten: list[str], value: Value) -> tuple[float, str]:
    """(100 × expected spend of January..`maand` of `jaar` / its budget, weakest status): a current
    year's uitnutting at the same point one year earlier."""
    months = [f"{jaar}-{m:02d}" for m in range(1, maand + 1)]
    rows = figures[figures["indicator"].isin([f"{w}.kosten_verwacht" for w in wetten]) & (figures["dimensie"] == "")
                   & figures["periode"].isin(months)]
    begroting = [value(figures, {"indicator": f"{w}.begroting"}, str(jaar)) for w in wetten]
    if len(rows) != len(months) * len(wetten) or any(pd.isna(b) for b in begroting) or sum(begroting) == 0:
        return float("nan"), ""
    status = next((s for s in WEAKEST_FIRST if s in set(rows["status"])), "")
    return 100.0 * float(rows["waarde"].sum()) / sum(begroting), status


def _previous(figures: pd.DataFrame, entry: dict, part: dict, row: pd.Series, periode: Periode, value: Value,
              status: Status) -> tuple[str, float, str]:
    if entry["periode"] == "lopend_jaar":
        if part.get("berekening") != "uitnutting_begroting" or periode.maand == 12:
            return "", float("nan"), ""
        wetten = list((part.get("argumenten") or {}).get("wetten", []))
        return (f"{periode.jaar - 1}", *uitnutting_tot(figures, periode.jaar - 1, periode.maand, wetten, value))
    before = vorige_periode(str(row["periode"]))
    if not before:
        return "", float("nan"), ""
    found = value(figures, part, before)
    return before, found, status(figures, part, before) if pd.notna(found) else ""


def _reference(entry: dict, part: dict, row: pd.Series, periode: Periode,
               benchmark: pd.DataFrame | None) -> tuple[str, float, str]:
    """(text, value, eenheid) of the KPI's norm or reference, or ("", NaN, "")."""
    norm = part.get("norm") or entry.get("norm")
    if norm:
        return str(norm["tekst"]), float(norm.get("waarde", float("nan"))), str(norm.get("eenheid", row["eenheid"]))
    kind = part.get("referentie") or entry.get("referentie")
    if kind == "naar_rato" and entry["periode"] == "lopend_jaar":
        return (f"naar rato van {periode.maand} van de 12 maanden", 100.0 * periode.maand / 12, "procent")
    if kind == "landelijk" and benchmark is not None and part.get("indicator"):
        hit = benchmark[(benchmark["gebied"] == NATIONAAL) & (benchmark["indicator"] == part["indicator"])
                        & (benchmark["periode"].astype(str) == str(row["periode"]))
                        & (benchmark["dimensie"].fillna("") == "")]
        if len(hit):
            return f"Nederland {row['periode']}", float(hit["waarde"].iloc[0]), str(row["eenheid"])
    return "", float("nan"), ""


def benchmark_of(source: Any) -> pd.DataFrame | None:
    """The benchmark table of a Selection, if it has one."""
    if hasattr(source, "has") and hasattr(source, "tables") and source.has("benchmark"):
        return source.tables.get("benchmark")
    return None


def aanvullen(overzicht: pd.DataFrame, parts: list[tuple[dict, dict | None]], figures: pd.DataFrame,
              periode: Periode, value: Value, status: Status, benchmark: pd.DataFrame | None = None) -> pd.DataFrame:
    """The overview with `COLUMNS` added: `parts` are the (catalogue entry, onderdeel) of each of its
    rows (None for a KPI without source), `figures` normalised as `kpi_overzicht` reads them."""
    out = overzicht.copy()
    values: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for (entry, part), (_, row) in zip(parts, overzicht.iterrows(), strict=True):
        values["definitie"].append(definitie(entry, part))
        prev = ("", float("nan"), "") if part is None else _previous(figures, entry, part, row, periode, value, status)
        ref = ("", float("nan"), "") if part is None else _reference(entry, part, row, periode, benchmark)
        for col, v in zip(COLUMNS[1:], (*prev, *ref)):
            values[col].append(v)
    for col in COLUMNS:
        out[col] = values[col]
    return out


__all__ = ["COLUMNS", "aanvullen", "benchmark_of", "definitie", "uitnutting_tot", "vorige_periode"]
