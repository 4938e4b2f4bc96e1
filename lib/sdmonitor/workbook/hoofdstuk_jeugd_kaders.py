"""Seed elements of the chapter Jeugd beside the bouwsteen charts (issue 22, item 8): the verblijf
text box with the jeugdigen costing € 100.000 or more, and the top 25 of the current year so far.

A mixin of the `Monitor`, as every chapter's: `m.hoge_kosten()`; on `JeugdMixin`, whose `figuur_top25` the
top 25 of the current year builds on.
"""

from __future__ import annotations

from sdmonitor.publish import presentation
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element, GridElement
from sdmonitor.publish.formatting import maand
from sdmonitor.workbook.hoofdstuk_jeugd import JeugdMixin

INDICATOR = "jeugd.clienten_100k"


class JeugdKadersMixin(JeugdMixin):
    """The Jeugd elements beside the bouwsteen charts (methods of the `Monitor`)."""

    def hoge_kosten(self) -> Element:
        """The verblijf text box of seed 000 as a table: jeugdigen with zorgkosten of € 100.000 or more
        in a year, per report year; counts under the threshold are hidden by the registry's rule."""
        rows = self.pub.select(INDICATOR, self.years(), totaal=True)
        if rows.empty:
            return self.niet_beschikbaar("Jeugdigen met zorgkosten van € 100.000 of meer")
        labels = self.jaar_labels(rows)
        cells = self.cells(rows, ["Jeugdigen met € 100.000 of meer"] * len(rows), rows["periode"].map(labels))
        noot = ("Per jeugdige alle gedeclareerde bedragen van het jaar samen, creditregels meegeteld. "
                "Een lopend jaar telt alleen wat tot nu toe is gedeclareerd; het aantal groeit nog.")
        return self.tabel(cells, caption="Jeugdigen met zorgkosten van € 100.000 of meer per jaar",
                          noot=" ".join(t for t in (noot, self.noot(rows)) if t), bron=self.bron("declaraties"))

    def top25_lopend_jaar(self) -> Element:
        """The top 25 of the current year (seed 000: "top 25 duurste jeugdigen (prognose 2026)").

        There is no prognosis per jeugdige, so what can honestly be shown is the year so far: the 25
        largest sums declared up to the periode against all costs declared so far (status deelperiode),
        labelled as such. In December the year is whole and the chapter's own top 25 covers it."""
        jaar = self.periode.jaar
        rows = self.pub.select("jeugd.top25_aandeel", [str(jaar)], totaal=True)
        if self.periode.maand == 12 or rows.empty or not sw.has_data(str(rows["status"].iloc[0])):
            return Element("")
        element = self.figuur_top25(jaar)
        element.html += presentation.paragraph_html(
            f"Dit zijn de declaraties van januari tot en met {maand(str(self.periode))}, geen prognose voor "
            f"heel {jaar}: de 25 hoogste bedragen per jeugdige tot nu toe, gedeeld door alle kosten tot nu toe. "
            "Een prognose per jeugdige is er niet; over het hele jaar kan het aandeel nog verschuiven.")
        return element

    def trajecten_bescherming(self) -> Element:
        """Jeugdbescherming and jeugdreclassering in trajecten per year and bouwsteen (seed 000 fig. 16),
        beside the etmalen of the bouwsteen chart; small counts hidden by the registry's rule."""
        element = self.per_year_bars(
            "jeugd.trajecten", labels="bouwsteen", ylabel="Aantal trajecten",
            caption="Aantal trajecten jeugdbescherming en jeugdreclassering per jaar",
            alt="Staafdiagram van het aantal trajecten jeugdbescherming en jeugdreclassering per bouwsteen, per jaar.",
            bron=self.bron("declaraties"), fig_id="fig-trajecten-bescherming", stacked=True)
        if isinstance(element, GridElement):  # not the sentence that replaces an empty chart
            element.html += presentation.paragraph_html(
                "Een traject is één jeugdige met één maatregel (bijvoorbeeld een ondertoezichtstelling, een voogdij "
                "of jeugdreclassering) waarvoor in het jaar zorg is gedeclareerd. Een maatregel die over de "
                "jaargrens loopt, telt in beide jaren mee; een lopend jaar telt alleen de maanden tot nu toe.")
        return element


__all__ = ["INDICATOR", "JeugdKadersMixin"]
