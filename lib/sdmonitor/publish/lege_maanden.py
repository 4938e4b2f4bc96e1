"""Months without data marked as such in the monthly charts (seed 003 fig. 1: "* geen gegevens
beschikbaar van de maand juni 2024"). A `geen_gegevens` month already draws no bar and breaks its
line (never a 0); without a mark a reader cannot tell a missing month from a scale or a quiet month,
so each run of missing months gets a light band and the words "geen gegevens".
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.transforms import blended_transform_factory

TEKST = "geen gegevens"


def runs(posities: list[int]) -> list[tuple[int, int]]:
    """Consecutive positions as (first, last) runs: [3, 4, 5, 9] -> [(3, 5), (9, 9)]."""
    out: list[tuple[int, int]] = []
    for p in sorted(set(posities)):
        if out and p == out[-1][1] + 1:
            out[-1] = (out[-1][0], p)
        else:
            out.append((p, p))
    return out


def markeer(ax: Any, posities: list[int], kleur: str, toevoeging: dict[int, str] | None = None) -> None:
    """A band and the words "geen gegevens" over each run of x positions (bar or month positions,
    one unit apart); `toevoeging` adds a text per position (the year, in a chart of one line per year)."""
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for first, last in runs(posities):
        ax.axvspan(first - 0.45, last + 0.45, color=kleur, alpha=0.12, linewidth=0, zorder=0)
        extra = sorted({toevoeging[p] for p in range(first, last + 1) if toevoeging and toevoeging.get(p)})
        tekst = TEKST + (f" ({', '.join(extra)})" if extra else "")
        ax.text((first + last) / 2, 0.03, tekst, transform=trans, rotation=90, ha="center", va="bottom",
                fontsize=6.5, color=kleur)


def posities_zonder_gegevens(geen: np.ndarray) -> list[int]:
    """The positions where every series lacks data — only when some position has data (a chart of
    nothing is replaced by one sentence elsewhere)."""
    geen = np.asarray(geen, dtype=bool)
    return [] if geen.all() else [int(i) for i in np.flatnonzero(geen)]


__all__ = ["TEKST", "markeer", "posities_zonder_gegevens", "runs"]
