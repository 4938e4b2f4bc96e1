"""Seed elements of the chapter Jeugd beside the bouwsteen charts (issue 22, item 8): the verblijf
text box with the jeugdigen costing € 100.000 or more, and the top 25 of the current year so far.

Functions over a `Monitor` rather than a mixin (as `waarom`), so the chapter modules stay as they are.
"""

from __future__ import annotations

from typing import Any

from sdmonitor.publish import presentation
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element, GridElement
from sdmonitor.publish.formatting import maand

INDICATOR = "jeugd.clienten_100k"


def hoge_kosten(m: Any) -> Element:
    """The verblijf text box of seed 000 as a table: jeugdigen with zorgkosten of € 100.000 or more
    in a year, per report year; counts under the threshold are hidden by the registry's rule."""
    rows = m.pub.select(INDICATOR, m.years(), totaal=True)
    if rows.empty:
        return m.niet_beschikbaar("Jeugdigen met zorgkosten van € 100.000 of meer")
    labels = m.jaar_labels(rows)
    cells = m.cells(rows, ["Jeugdigen met € 100.000 of meer"] * len(rows), rows["periode"].map(labels))
    noot = ("Per jeugdige alle gedeclareerde bedragen van het jaar samen, creditregels meegeteld. "
            "Een lopend jaar telt alleen wat tot nu toe is gedeclareerd; het aantal groeit nog.")
    return m.tabel(cells, caption="Jeugdigen met zorgkosten van € 100.000 of meer per jaar",
                   noot=" ".join(t for t in (noot, m.noot(rows)) if t), bron=m.bron("declaraties"))


def top25_lopend_jaar(m: Any) -> Element:
    """The top 25 of the current year (seed 000: "top 25 duurste jeugdigen (prognose 2026)").

    There is no prognosis per jeugdige, so what can honestly be shown is the year so far: the 25
    largest sums declared up to the periode against all costs declared so far (status deelperiode),
    labelled as such. In December the year is whole and the chapter's own top 25 covers it."""
    jaar = m.periode.jaar
    rows = m.pub.select("jeugd.top25_aandeel", [str(jaar)], totaal=True)
    if m.periode.maand == 12 or rows.empty or not sw.has_data(str(rows["status"].iloc[0])):
        return Element("")
    element = m.figuur_top25(jaar)
    element.html += presentation.paragraph_html(
        f"Dit zijn de declaraties van januari tot en met {maand(str(m.periode))}, geen prognose voor "
        f"heel {jaar}: de 25 hoogste bedragen per jeugdige tot nu toe, gedeeld door alle kosten tot nu toe. "
        "Een prognose per jeugdige is er niet; over het hele jaar kan het aandeel nog verschuiven.")
    return element


def trajecten_bescherming(m: Any) -> Element:
    """Jeugdbescherming and jeugdreclassering in trajecten per year and bouwsteen (seed 000 fig. 16),
    beside the etmalen of the bouwsteen chart; small counts hidden by the registry's rule."""
    element = m.per_year_bars(
        "jeugd.trajecten", labels="bouwsteen", ylabel="Aantal trajecten",
        caption="Aantal trajecten jeugdbescherming en jeugdreclassering per jaar",
        alt="Staafdiagram van het aantal trajecten jeugdbescherming en jeugdreclassering per bouwsteen, per jaar.",
        bron=m.bron("declaraties"), fig_id="fig-trajecten-bescherming", stacked=True)
    if isinstance(element, GridElement):  # not the sentence that replaces an empty chart
        element.html += presentation.paragraph_html(
            "Een traject is één jeugdige met één maatregel (bijvoorbeeld een ondertoezichtstelling, een voogdij "
            "of jeugdreclassering) waarvoor in het jaar zorg is gedeclareerd. Een maatregel die over de "
            "jaargrens loopt, telt in beide jaren mee; een lopend jaar telt alleen de maanden tot nu toe.")
    return element


__all__ = ["INDICATOR", "hoge_kosten", "top25_lopend_jaar", "trajecten_bescherming"]
