"""The why beside the bouwsteen charts of the chapters Jeugd and Wmo: the generated explanation of
each bouwsteen (`publish.uitleg`) with the analyst's duiding, and the municipality's declared data
breaks (`publish.databreuken`) as a marker in the chart and a note under it.

Functions over a `Monitor` rather than a mixin, so the chapter modules only call in.
"""

from __future__ import annotations

import os
from typing import Any

from sdmonitor.publish import databreuken, uitleg
from sdmonitor.publish.element import Element

#: Groups whose duiding a chapter notebook shows itself (the verblijf text follows the chart of
#: jeugdigen per type verblijf): not repeated under the bouwsteen chart.
EIGEN_DUIDING = frozenset({"verblijf"})


def breuken(m: Any) -> list[databreuken.Databreuk]:
    """The municipality's declared data breaks (`databreuken:` in its parameters)."""
    return databreuken.lees(m.gemeente.raw.get("databreuken"))


def breuken_bouwstenen(m: Any, wet: str, bouwstenen: list[str]) -> list[databreuken.Databreuk]:
    """The declared breaks of these bouwstenen within the report years."""
    return databreuken.van_bouwstenen(breuken(m), wet, bouwstenen, m.years())


def markeer_bouwsteen_chart(m: Any, fig: Any, wet: str, bouwstenen: list[str]) -> str:
    """Draw the breaks into a bouwsteen chart (one panel per bouwsteen, one bar per report year)
    and return the note for under it ("" without breaks)."""
    found = breuken_bouwstenen(m, wet, bouwstenen)
    if not found:
        return ""
    jaren = [int(j) for j in m.years()]
    databreuken.markeer_jaren(fig, found, {b: jaren for b in bouwstenen})
    return databreuken.noot(found)


def markeer_maand_chart(m: Any, fig: Any, indicatoren: list[str], maanden: list[str]) -> str:
    """Draw the breaks of these indicators into a chart over `maanden` (its one axis) and return
    the note for under it ("" without breaks)."""
    found = databreuken.van_indicator(breuken(m), indicatoren, maanden)
    if not found or not fig.axes:
        return ""
    databreuken.markeer_maanden(fig.axes[0], found, maanden)
    return databreuken.noot(found)


def met_uitleg(m: Any, element: Element, wet: str, bouwstenen: list[str], groep: Any = None) -> Element:
    """The bouwsteen chart with, under it, what moved per bouwsteen (generated) and the analyst's
    duiding of the group (`duiding.<groep>`) when there is one."""
    jaar = m.periode.jaar if m.periode.maand == 12 else m.periode.jaar - 1
    wie = m.label("clienten", wet)
    eenheden = _eenheden(m, wet, bouwstenen)
    per = {b: uitleg.uitleg(m.pub, wet, b, m.periode, wie, eenheden.get(b, ""), jaar) for b in bouwstenen}
    for b in breuken_bouwstenen(m, wet, bouwstenen):
        if b.jaar in (jaar, jaar - 1) and per.get(b.bouwsteen):
            # The comparison crosses the break: say so where the reader reads the change.
            let_op = f"Let op: de reeks heeft een breuk in {b.wanneer()} (zie de noot bij de figuur)."
            per[b.bouwsteen] = [*per[b.bouwsteen], let_op]
    per, boxes = _gecontroleerd(m, wet, per)
    extra = uitleg.uitleg_html(per, jaar) + boxes
    if isinstance(groep, str) and groep not in EIGEN_DUIDING:
        extra += m.duiding(groep).html
    if extra:
        element.html += extra
    return element


def _gecontroleerd(m: Any, wet: str, per: dict[str, list[str]]) -> tuple[dict[str, list[str]], str]:
    """The explanations the commentary check bears out; one it does not is left out (a generated
    sentence never contradicts its own numbers), and in the workbook a warning box says so."""
    from sdmonitor.publish import tekstcontrole
    from sdmonitor.publish.element import PUBLICATIE_ENV

    kept, boxes = dict(per), ""
    for bouwsteen, zinnen in per.items():
        warnings = uitleg.controleer(m.pub, wet, bouwsteen, zinnen, m.periode) if zinnen else []
        if warnings:
            kept[bouwsteen] = []
            if not os.environ.get(PUBLICATIE_ENV):
                boxes += tekstcontrole.waarschuwing_html(warnings)
    return kept, boxes


def _eenheden(m: Any, wet: str, bouwstenen: list[str]) -> dict[str, str]:
    rows = m.pub.select(f"{wet}.volume", m.years(), bouwstenen)
    return {str(k): str(v) for k, v in rows.groupby("dimensie")["eenheid"].first().items()}


__all__ = ["EIGEN_DUIDING", "breuken", "breuken_bouwstenen", "markeer_bouwsteen_chart", "markeer_maand_chart",
           "met_uitleg"]
