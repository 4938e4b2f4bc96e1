"""What the expected afwijking means for the egalisatiereserve (seed 000 §1 and §3.5).

Settings per wet in the municipality's parameters (`egalisatiereserve`, parameters/README.md):
`naam`, and as far as the municipality gives them `stand` (the reserve's balance), `plafond` (its
ceiling) or `op_plafond: true` when only that is known. Nothing is assumed that is not given: without
a balance the sentence names the direction (onttrekking, storting) and no amounts.
"""

from __future__ import annotations

from typing import Any

from sdmonitor.periods import Periode
from sdmonitor.publish.findings import Thresholds, afwijking_waarde, default_thresholds
from sdmonitor.publish.formatting import euro
from sdmonitor.publish.suppression import Published

HOOFDSTUK_WETTEN = {"inleiding": ("jeugd", "wmo"), "jeugd": ("jeugd",), "wmo": ("wmo",)}


def gevolg(afwijking: float, instelling: dict[str, Any], thresholds: Thresholds | None = None) -> str | None:
    """The consequence of an afwijking (negative = nadeel) for the reserve, in one or two sentences;
    None when the afwijking is within the 'ongeveer conform de begroting' margin."""
    t = thresholds or default_thresholds()
    if abs(afwijking) < t.afwijking_euro:
        return None
    naam = str(instelling.get("naam", "egalisatiereserve"))
    stand, plafond = instelling.get("stand"), instelling.get("plafond")
    if afwijking < 0:
        text = f"Dit verwachte resultaat leidt tot een onttrekking uit de {naam}."
        if stand is not None and -afwijking > float(stand):
            tekort = -afwijking - float(stand)
            text += (f" De reserve ({euro(float(stand))}) is daarvoor niet toereikend: {euro(tekort)} komt ten laste "
                     "van de algemene middelen.")
        return text
    text = f"Dit verwachte resultaat leidt normaliter tot een storting in de {naam}."
    full = bool(instelling.get("op_plafond")) or (stand is not None and plafond is not None
                                                  and float(stand) >= float(plafond))
    if full:
        return text + (" Omdat deze reserve al op het maximale plafond zit, vervalt de storting en valt het "
                       "resultaat vrij in de algemene middelen.")
    if stand is not None and plafond is not None and float(stand) + afwijking > float(plafond):
        ruimte = float(plafond) - float(stand)
        return text + (f" Tot het plafond ({euro(float(plafond))}) kan {euro(ruimte)} worden gestort; "
                       f"{euro(afwijking - ruimte)} valt vrij in de algemene middelen.")
    return text


def for_chapter(hoofdstuk: str, pub: Published, periode: Periode, settings: dict[str, Any] | None,
                thresholds: Thresholds | None = None) -> list[str]:
    """The reserve sentences of a chapter's findings (after its afwijking sentence)."""
    out = []
    for wet in HOOFDSTUK_WETTEN.get(hoofdstuk, ()):
        instelling = (settings or {}).get(wet)
        # The same afwijking the findings state: none without data, never one that counts an
        # undelivered PGB budget as underspent.
        value = afwijking_waarde(pub, wet, periode.jaar)
        if not instelling or value is None:
            continue
        sentence = gevolg(value, instelling, thresholds)
        if sentence:
            out.append(sentence)
    return out


__all__ = ["for_chapter", "gevolg"]
