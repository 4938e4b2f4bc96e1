"""The link to the planning & control cycle (seed 000 §1, "Bijstelling 2026": the nulmeting of the
year, the budget adjusted in the Perspectiefnota, the monitor's results taken into the
Programmarapportage). No input table carries the P&C documents, so the text comes from the
edition's parameters (`parameters/<gemeente>/<periode>.yaml`, key `pc_cyclus`); only whether a
nulmeting of the year exists is read from the data. Without the key the section is left out.
A mixin of the `Monitor`, as every chapter's: `m.bijstelling()`.
"""

from __future__ import annotations

from collections.abc import Mapping

from sdmonitor.errors import UsageError
from sdmonitor.publish import presentation
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import maand
from sdmonitor.workbook.monitor_basis import MonitorBasis

_VELDEN = {"begroting_bijgesteld_in", "verwerkt_in"}


class BijstellingMixin(MonitorBasis):
    """The link to the planning & control cycle (a method of the `Monitor`)."""

    def bijstelling(self) -> Element:
        """"Bijstelling <jaar>": where the budget of the year was adjusted and in which P&C document
        this monitor's results are taken up, from `pc_cyclus: {begroting_bijgesteld_in, verwerkt_in}`."""
        raw = self.commentary.get("pc_cyclus", self.gemeente.raw.get("pc_cyclus"))
        if raw is None:
            return Element("")
        if not isinstance(raw, Mapping) or set(raw) - _VELDEN or not raw:
            raise UsageError(f"parameters: 'pc_cyclus' heeft alleen de velden {', '.join(sorted(_VELDEN))}")
        jaar = self.periode.jaar
        nulmeting = any(not self.pub.select(f"{wet}.nulmeting_volume", [str(jaar)]).empty for wet in ("jeugd", "wmo"))
        zinnen = []
        if raw.get("begroting_bijgesteld_in"):
            basis = f" op basis van de nulmeting {jaar} (het verwachte zorggebruik per bouwsteen)" if nulmeting else ""
            zinnen.append(f"De begroting {jaar} is{basis} bijgesteld in de {raw['begroting_bijgesteld_in']}; deze "
                          "monitor vergelijkt met die actuele begroting.")
        if raw.get("verwerkt_in"):
            zinnen.append(f"De resultaten van deze monitor (zorggebruik tot en met {maand(str(self.periode))}) zijn "
                          f"verwerkt in de {raw['verwerkt_in']} (planning- en controlcyclus).")
        # An unnumbered heading (as the findings'): the section exists only where the parameters give it.
        return Element(f'<div class="sd-gegenereerd"><h3 class="sd-kop">Bijstelling {jaar}</h3>'
                       f'{presentation.paragraph_html(" ".join(zinnen))}</div>')


__all__ = ["BijstellingMixin"]
