"""The message of a figure for its alt text, from the same published numbers as the findings.

A figure's alt text says what is shown (written by the figure method) and, generated here from
the figure's data cells: per series the latest value, the direction against the comparable
earlier period (same month a year earlier, or the previous year) and, where the latest year is
still running, that its figures are provisional. Numbers are the published texts ("<5" reads
"minder dan 5"), so the alt text never states a suppressed number. The data table under the
figure remains the full alternative.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.periods import MAANDEN, Periode
from sdmonitor.publish.findings import DALING, STIJGING, trend
from sdmonitor.publish.formatting import maand
from sdmonitor.publish.suppression import Published, counts_persons

MAX_SERIES = 4
# A change below this (relative) reads "ongeveer gelijk" for figures that are not counts of persons.
MIN_RELATIEF = 0.05


def _time_label(periode: str, current: Periode) -> str:
    if len(periode) == 7:
        return maand(periode)
    if int(periode) == current.jaar and current.maand < 12:
        return f"{periode} (januari t/m {MAANDEN[current.maand - 1]})"
    return periode


def _earlier(periode: str, available: list[str]) -> str | None:
    """Same month a year earlier for a month, the previous year for a year (if present)."""
    wanted = f"{int(periode[:4]) - 1}{periode[4:]}"
    return wanted if wanted in available else None


def _spoken(tekst: str) -> str:
    tekst = str(tekst).strip()
    if tekst.startswith("<"):
        return "minder dan " + tekst[1:].strip()
    if tekst == "x":
        return "niet gepubliceerd"
    return tekst


def _direction(indicator: str, old: float, new: float) -> str:
    if counts_persons(indicator):
        word = trend(old, new)
    else:
        change = (new - old) / abs(old) if old else float("inf") if new != old else 0.0
        word = STIJGING if change > MIN_RELATIEF else DALING if change < -MIN_RELATIEF else ""
    return {STIJGING: "hoger dan", DALING: "lager dan"}.get(word, "ongeveer gelijk aan")


def _series_name(part: pd.DataFrame) -> str:
    if "reeks" in part and part["reeks"].notna().any():  # the element named its series itself
        return str(part["reeks"].dropna().iloc[0])
    rows = part["rij"].astype(str)
    if rows.nunique() == 1:
        return str(rows.iloc[0])
    # e.g. rows "Pleegzorg 2024", "Pleegzorg 2025": the words they share name the series
    common = []
    for column in zip(*(r.split() for r in rows)):
        if len(set(column)) > 1:
            break
        common.append(column[0])
    if common:
        return " ".join(common)
    cols = part["kolom"].astype(str)
    return str(cols.iloc[0]) if cols.nunique() == 1 else str(part["dimensie"].iloc[0] or rows.iloc[0])


def _compared(indicator: str, dimensie: str, latest: str, available: list[str], pub: Published,
              periode: Periode) -> str:
    """'1.301 in 2025, hoger dan 2024 (1.200)' for one series (without comparison if not possible)."""
    new = pub.get(indicator, latest, dimensie)
    if new is None:
        return ""
    text = f"{_spoken(new.tekst)} in {_time_label(latest, periode)}"
    earlier = _earlier(latest, available)
    old = pub.get(indicator, earlier, dimensie) if earlier else None
    if (earlier is not None and old is not None and not old.onderdrukt and not new.onderdrukt
            and pd.notna(old.waarde) and pd.notna(new.waarde)):
        text += (f", {_direction(indicator, float(old.waarde), float(new.waarde))} "
                 f"{_time_label(earlier, periode)} ({_spoken(old.tekst)})")
    return text


def _is_empty(part: pd.DataFrame, pub: Published) -> bool:
    """A series that draws nothing (all zero, nothing hidden) is not described, as in the legend."""
    figs = [pub.get(str(i), str(p), str(d)) for i, p, d in zip(part["indicator"], part["periode"], part["dimensie"])]
    return all(f is not None and not f.onderdrukt and f.waarde == 0 for f in figs)


def message(cells: pd.DataFrame, pub: Published, periode: Periode) -> str:
    """Sentences with the latest value and direction per series of a figure's data cells ('' if none).

    Only the figure's first indicator is described (a bouwsteen figure: the realisatie, not the
    prognose and nulmeting). A year still running is not compared with a full year: the last
    complete year is, and the running year's figure follows as provisional."""
    if cells.empty or "indicator" not in cells:
        return ""
    traced = cells[cells["indicator"].fillna("").astype(str) != ""]
    if traced.empty:
        return ""
    traced = traced[traced["indicator"] == traced["indicator"].iloc[0]]
    running_year = str(periode.jaar) if periode.maand < 12 else ""
    groups = [(key, part) for key, part in traced.groupby(["indicator", "dimensie"], sort=False)
              if not _is_empty(part, pub)]
    parts: list[str] = []
    provisional = False
    for (indicator, dimensie), part in groups[:MAX_SERIES]:
        available = sorted(str(p) for p in part["periode"])
        latest = available[-1]
        running = ""
        if latest == running_year and len(available) > 1:
            now = pub.get(str(indicator), latest, str(dimensie))
            running = f"; {latest} t/m {MAANDEN[periode.maand - 1]}: {_spoken(now.tekst)}" if now else ""
            latest = available[-2]
        text = _compared(str(indicator), str(dimensie), latest, available, pub, periode)
        if text:
            parts.append(f"{_series_name(part)}: {text}{running}")
            provisional = provisional or bool(running) or latest == running_year
    if not parts:
        return ""
    out = "Laatste cijfers: " + "; ".join(parts) + "."
    if len(groups) > MAX_SERIES:
        out += f" De overige {len(groups) - MAX_SERIES} reeksen staan in de tabel."
    if provisional:
        out += (f" Het cijfer over {periode.jaar} gaat alleen over januari t/m {MAANDEN[periode.maand - 1]} "
                "en is voorlopig.")
    return out
