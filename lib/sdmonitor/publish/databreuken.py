"""Data breaks: a series that changes meaning at a date, declared by the municipality in its
parameters (`databreuken:`) and shown where the series breaks (a marker in the chart and a note
under it) and in the findings.

A break is a fact about how the data came about, not a figure: a product restructuring (Wijchen's
dagbehandeling split into four products from 2025), a source clean-up (AVAN passes unused for two
years ended in April 2023). Without the note a reader takes the jump for a change in care.

Each entry: `datum` (YYYY-MM, the first month of the new situation), `tekst` (Dutch, for the
reader), and what it concerns: `indicator` (e.g. `wmo.avan_pashouders`) and/or `wet` with
`bouwsteen` (the bouwsteen charts and explanations of that wet).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sdmonitor.errors import UsageError
from sdmonitor.periods import MAANDEN
from sdmonitor.publish.formatting import maand_kort

_MAAND = re.compile(r"^(?P<j>\d{4})-(?P<m>0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Databreuk:
    """One declared break in a series."""

    datum: str  # YYYY-MM: the first month of the new situation
    tekst: str
    indicator: str = ""
    wet: str = ""
    bouwsteen: str = ""

    @property
    def jaar(self) -> int:
        return int(self.datum[:4])

    @property
    def maand(self) -> int:
        return int(self.datum[5:7])

    def wanneer(self) -> str:
        """The first month of the new situation in words: "april 2023"."""
        return f"{MAANDEN[self.maand - 1]} {self.jaar}"

    def label(self) -> str:
        """The marker's text in the chart, as its axis reads months: "breuk apr 2023"."""
        return f"breuk {maand_kort(self.datum)} {self.jaar}"

    def onderwerp(self) -> str:
        """What the break is about, as a reader knows it (the bouwsteen, or the indicator's label)."""
        if self.bouwsteen:
            return self.bouwsteen
        from sdmonitor.registry import registry

        reg = registry()
        return reg[self.indicator].label if self.indicator in reg else self.indicator


def lees(raw: Any) -> list[Databreuk]:
    """The `databreuken:` list of a municipality's parameters (absent: none). A malformed entry is
    an error: a break silently dropped would leave a jump unexplained."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise UsageError("databreuken: verwacht een lijst van {datum, tekst, indicator | wet + bouwsteen}")
    out = []
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise UsageError(f"databreuken[{n}]: verwacht een mapping met datum en tekst")
        datum, tekst = str(entry.get("datum", "")).strip(), str(entry.get("tekst", "")).strip()
        if not _MAAND.match(datum):
            raise UsageError(f"databreuken[{n}]: datum {datum!r} is geen maand JJJJ-MM")
        if not tekst:
            raise UsageError(f"databreuken[{n}]: tekst ontbreekt")
        indicator, wet = str(entry.get("indicator", "") or ""), str(entry.get("wet", "") or "").lower()
        bouwsteen = str(entry.get("bouwsteen", "") or "")
        if not indicator and not (wet and bouwsteen):
            raise UsageError(f"databreuken[{n}]: geef een indicator, of een wet met een bouwsteen")
        out.append(Databreuk(datum, tekst, indicator, wet, bouwsteen))
    return out


def van_bouwstenen(breuken: Iterable[Databreuk], wet: str, bouwstenen: Iterable[str],
                   jaren: Iterable[int | str]) -> list[Databreuk]:
    """The breaks of these bouwstenen that fall inside the years shown."""
    wanted, shown = set(bouwstenen), {int(j) for j in jaren}
    return [b for b in breuken if b.wet == wet and b.bouwsteen in wanted and b.jaar in shown]


def van_indicator(breuken: Iterable[Databreuk], indicatoren: Iterable[str], maanden: Iterable[str]) -> list[Databreuk]:
    """The breaks of these indicators that fall inside the months shown."""
    wanted, shown = set(indicatoren), set(maanden)
    return [b for b in breuken if b.indicator in wanted and b.datum in shown]


def noot(breuken: Iterable[Databreuk]) -> str:
    """The note under a chart: one sentence per break, in date order."""
    return " ".join(f"Breuk in de reeks {b.onderwerp()} in {b.wanneer()} (gestreepte lijn). {b.tekst.rstrip('.')}."
                    for b in sorted(breuken, key=lambda b: (b.datum, b.onderwerp())))


def _markeer(ax: Any, x: float, label: str) -> None:
    ax.axvline(x, color="#444444", linestyle=(0, (4, 2)), linewidth=1.2, zorder=5)
    top = ax.get_ylim()[1]
    ax.annotate(label, (x, top), xytext=(3, -3), textcoords="offset points", ha="left", va="top",
                fontsize=7.5, color="#222222")


def markeer_jaren(fig: Any, breuken: Iterable[Databreuk], jaren_per_paneel: dict[str, list[int]]) -> None:
    """A dashed line with "breuk" in each bouwsteen panel (title = bouwsteen, one bar per year)
    where a break falls: before the year's bar when it starts in January, on the bar otherwise."""
    for ax in fig.axes:
        jaren = jaren_per_paneel.get(ax.get_title())
        if not jaren or not ax.get_visible():
            continue
        for b in breuken:
            if b.bouwsteen == ax.get_title() and b.jaar in jaren:
                x = jaren.index(b.jaar) - (0.5 if b.maand == 1 else 0.0)
                _markeer(ax, x, b.label())


def markeer_maanden(ax: Any, breuken: Iterable[Databreuk], maanden: list[str]) -> None:
    """A dashed line with "breuk" between the month before a break and its first month."""
    for b in breuken:
        if b.datum in maanden:
            _markeer(ax, maanden.index(b.datum) - 0.5, b.label())


__all__ = ["Databreuk", "lees", "markeer_jaren", "markeer_maanden", "noot", "van_bouwstenen", "van_indicator"]
