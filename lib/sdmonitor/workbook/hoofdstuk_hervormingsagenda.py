"""The Hervormingsagenda Jeugd: the status of the municipality's own actions (seed 000 §6, "Hieronder
de stand van zaken van de onderdelen"), as a table from its parameters (`hervormingsagenda:`).

A policy section, not a figure: what is shown is what the municipality recorded, nothing is computed.
The stand belongs to an edition: the edition's file (`parameters/<gemeente>/<periode>.yaml`) wins over
the municipality's (`parameters/<gemeente>.yaml`). Without the key the section says that nothing is
recorded, so one notebook serves every municipality. A mixin of the `Monitor`: `m.overzicht_hervormingsagenda()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sdmonitor.errors import UsageError
from sdmonitor.publish import presentation
from sdmonitor.publish.element import Element
from sdmonitor.workbook.monitor_basis import MonitorBasis

#: The statuses an action can have, in the order of its course.
STATUSSEN = ("gepland", "in voorbereiding", "gestart", "afgerond", "gestopt")
_VELDEN = {"onderdeel", "actielijn", "eigenaar", "status", "toelichting"}
NIET_VASTGELEGD = "niet vastgelegd"
BRON = "Gemeente, stand van zaken Hervormingsagenda Jeugd (parameters)"


@dataclass(frozen=True)
class Actie:
    """One action of the local programme."""

    onderdeel: str
    status: str
    actielijn: str = ""
    eigenaar: str = ""
    toelichting: str = ""


def lees(raw: Any) -> tuple[str, list[Actie]]:
    """`(stand, acties)` from the parameters' `hervormingsagenda:` (`stand`: as of when, in words;
    `acties`: list of {onderdeel, status, actielijn, eigenaar, toelichting}); ("", []) without it."""
    if raw is None:
        return "", []
    if not isinstance(raw, Mapping) or not isinstance(raw.get("acties", []), list):
        raise UsageError("parameters: 'hervormingsagenda' heeft 'stand' en een lijst 'acties'")
    acties = []
    for i, item in enumerate(raw.get("acties") or [], start=1):
        if not isinstance(item, Mapping) or set(item) - _VELDEN or not item.get("onderdeel"):
            raise UsageError(f"parameters: hervormingsagenda, actie {i}: velden {', '.join(sorted(_VELDEN))}; "
                             "'onderdeel' is verplicht")
        status = str(item.get("status", ""))
        if status not in STATUSSEN:
            raise UsageError(f"parameters: hervormingsagenda, actie {i} ({item['onderdeel']}): status '{status}' "
                             f"is niet een van: {', '.join(STATUSSEN)}")
        acties.append(Actie(**{k: " ".join(str(v).split()) for k, v in item.items()}))
    return str(raw.get("stand") or ""), acties


class HervormingsagendaMixin(MonitorBasis):
    """The Hervormingsagenda Jeugd (a method of the `Monitor`)."""

    def overzicht_hervormingsagenda(self) -> Element:
        """The status overview: one row per action (onderdeel) with its actielijn, eigenaar, status and
        toelichting; a field the municipality left out reads "niet vastgelegd"."""
        raw = self.commentary.get("hervormingsagenda", self.gemeente.raw.get("hervormingsagenda"))
        stand, acties = lees(raw)
        if not acties:
            return Element(presentation.not_available_html(
                "Hervormingsagenda Jeugd: voor deze gemeente is geen stand van zaken van de acties vastgelegd."))
        kolommen = ("Actielijn", "Eigenaar", "Status", "Toelichting")
        cells = pd.DataFrame([{"rij": a.onderdeel, "kolom": k, "tekst": getattr(a, k.lower()) or NIET_VASTGELEGD}
                              for a in acties for k in kolommen])
        per_status = ", ".join(f"{n} {s}" for s in STATUSSEN if (n := sum(a.status == s for a in acties)))
        aantal = f"{len(acties)} {'onderdeel' if len(acties) == 1 else 'onderdelen'}"
        caption = "Stand van zaken Hervormingsagenda Jeugd" + (f", {stand}" if stand else "")
        return self.tabel(cells, caption=caption, rij_kop="Onderdeel", rows=[a.onderdeel for a in acties],
                          cols=list(kolommen), noot=f"{aantal}: {per_status}.", bron=BRON)


__all__ = ["BRON", "NIET_VASTGELEGD", "STATUSSEN", "Actie", "HervormingsagendaMixin", "lees"]
