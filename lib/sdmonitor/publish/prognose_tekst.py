"""The one prognosis message per wet: expected result against the budget, the 80 % range in words,
the chance of a nadeel, and what it would mean for the reserve — stated as a condition, never as a
certainty. Every place that summarises the prognosis (inleiding, the Jeugd and Wmo chapters) takes
its sentences from `bericht`, and the backtest paragraph from `terugblik`.

The chance of a nadeel is read from the published figures alone (afwijking and its 80 % range): the
prognosis is taken as the median and the range ends as the 10th and 90th percentiles of a two-sided
normal distribution (a different spread below and above, as the calibrated interval has). That is
the plainest reading of "8 of 10 outcomes lie in the range" that also gives a chance; the sentence
rounds it to tenths, which is all the calibration supports.
"""

from __future__ import annotations

import math
from typing import Any

from sdmonitor.house_style import house_style
from sdmonitor.periods import Periode
from sdmonitor.publish import findings
from sdmonitor.publish.findings import (
    Thresholds,
    afwijking_band,
    afwijking_waarde,
    default_thresholds,
)
from sdmonitor.publish.formatting import euro
from sdmonitor.publish.suppression import Published

# The 90th percentile of the standard normal: the range's ends lie this many spreads from the median.
Z90 = 1.2815515655446004
HOOFDSTUK_WETTEN = {"inleiding": ("jeugd", "wmo"), "jeugd": ("jeugd",), "wmo": ("wmo",)}


def _tienden(aandeel: float) -> int:
    """A share in whole tenths, halves up (Python's round() would make 0,65 "6" and 0,75 "8")."""
    return math.floor(aandeel * 10 + 0.5 + 1e-9)


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def kans_op_nadeel(afwijking: float, laag: float, hoog: float) -> float:
    """P(afwijking < 0) when `afwijking` is the median and `laag`/`hoog` the 10th/90th percentiles
    (negative = nadeel). A side without spread (the range ends at the median) puts all of that
    side's half on the median's sign."""
    if afwijking == 0:
        return 0.5
    if afwijking > 0:  # a voordeel expected: a nadeel needs a fall of `afwijking` below the median
        spread = (afwijking - laag) / Z90
        return _phi(-afwijking / spread) if spread > 0 else 0.0
    spread = (hoog - afwijking) / Z90
    return _phi(-afwijking / spread) if spread > 0 else 1.0


def kans_tekst(kans: float) -> str:
    """"de kans op een nadeel is ongeveer 7 op 10", in tenths; the ends as "kleiner dan 1 op 10"
    and "groter dan 9 op 10" (never "0 op 10": the model does not rule a side out)."""
    tiende = _tienden(kans)
    if tiende <= 0:
        return "de kans op een nadeel is kleiner dan 1 op 10"
    if tiende >= 10:
        return "de kans op een nadeel is groter dan 9 op 10"
    return f"de kans op een nadeel is ongeveer {tiende} op 10"


def _kant(value: float) -> str:
    return f"een {'nadeel' if value < 0 else 'voordeel'} van {euro(abs(value))}"


def bandbreedte(afwijking: float, laag: float, hoog: float) -> str:
    """The 80 % range of the afwijking as a council member reads it. An end that prints as the
    expected amount itself is no range end worth naming ("nadeel tussen € 211k en € 703k" where
    € 211k is the expectation): then only how far it may go."""
    if laag < 0 < hoog:
        return (f"het kan een voordeel of een nadeel worden; waarschijnlijk tussen {_kant(hoog)} en "
                f"{_kant(laag)}")
    verwacht = euro(abs(afwijking))
    if hoog <= 0:  # a nadeel either way: laag is the largest nadeel
        if euro(abs(hoog)) == verwacht:
            return f"het nadeel kan waarschijnlijk oplopen tot {euro(abs(laag))}"
        if euro(abs(laag)) == verwacht:
            return f"het nadeel wordt waarschijnlijk niet kleiner dan {euro(abs(hoog))}"
        return f"waarschijnlijk ligt het nadeel tussen {euro(abs(hoog))} en {euro(abs(laag))}"
    if euro(laag) == verwacht:
        return f"het voordeel kan waarschijnlijk oplopen tot {euro(hoog)}"
    if euro(hoog) == verwacht:
        return f"het voordeel wordt waarschijnlijk niet kleiner dan {euro(laag)}"
    return f"waarschijnlijk ligt het voordeel tussen {euro(laag)} en {euro(hoog)}"


def reserve_gevolg(afwijking: float, instelling: dict[str, Any] | None, kans: float | None = None) -> str | None:
    """What a nadeel or voordeel would mean for the municipality's reserve, as a condition (the
    prognosis is not a fact yet); None without a reserve in the parameters. With a chance of a
    nadeel between 1 and 9 in 10 both sides are named."""
    if not instelling:
        return None
    naam = str(instelling.get("naam", "egalisatiereserve"))
    stand, plafond = instelling.get("stand"), instelling.get("plafond")
    # The expected side reads "het nadeel zich voordoet"; the other side "er toch een … ontstaat".
    nadeel = ("Als het nadeel zich voordoet" if afwijking < 0 else "Als er toch een nadeel ontstaat") + \
        f", wordt het onttrokken aan de {naam}"
    if afwijking < 0 and stand is not None and -afwijking > float(stand):
        nadeel += (f"; bij het verwachte nadeel is de reserve ({euro(float(stand))}) niet toereikend en komt "
                   f"{euro(-afwijking - float(stand))} ten laste van de algemene middelen")
    vol = bool(instelling.get("op_plafond")) or (stand is not None and plafond is not None
                                                 and float(stand) >= float(plafond))
    voordeel = ("als het voordeel zich voordoet" if afwijking > 0 else "als er toch een voordeel ontstaat") + (
        ", valt het vrij in de algemene middelen, omdat de reserve al op het plafond zit" if vol
        else f", wordt het gestort in de {naam}")
    if not vol and afwijking > 0 and stand is not None and plafond is not None \
            and float(stand) + afwijking > float(plafond):
        ruimte = float(plafond) - float(stand)
        voordeel += (f"; bij het verwachte voordeel kan tot het plafond ({euro(float(plafond))}) {euro(ruimte)} "
                     f"worden gestort en valt {euro(afwijking - ruimte)} vrij in de algemene middelen")
    tiende = _tienden(0.5 if kans is None else kans)
    if tiende >= 10 or (kans is None and afwijking < 0):
        return nadeel + "."
    if tiende <= 0 or (kans is None and afwijking > 0):
        return voordeel[0].upper() + voordeel[1:] + "."
    if afwijking > 0:  # the expected side first
        return f"{voordeel[0].upper() + voordeel[1:]}; {nadeel[0].lower() + nadeel[1:]}."
    return f"{nadeel}; {voordeel}."


def bericht(pub: Published, wet: str, periode: Periode, reserve: dict[str, Any] | None = None,
            thresholds: Thresholds | None = None) -> list[str]:
    """The prognosis message of one wet: one sentence on the result (expected, range, chance) and
    one conditional sentence on the reserve. Nothing without a stated afwijking."""
    t = thresholds or default_thresholds()
    value = afwijking_waarde(pub, wet, periode.jaar)
    if value is None:
        return []
    naam = house_style()["labels"]["wet"][wet]
    pgb_budget = findings.pgb_zonder_gegevens(pub, wet, periode.jaar)
    if abs(value) < t.afwijking_euro:
        zin = (f"Voor {periode.jaar} verwachten we op {naam} uitgaven ongeveer conform de begroting "
               f"(verschil {euro(abs(value))})")
    else:
        zin = (f"Voor {periode.jaar} verwachten we op {naam} {_kant(value)} ten opzichte van de begroting")
    band = afwijking_band(pub, wet, periode.jaar)
    kans = None
    if band is not None:
        laag, hoog = band[0] - pgb_budget, band[1] - pgb_budget
        kans = kans_op_nadeel(value, laag, hoog)
        zin += f": {bandbreedte(value, laag, hoog)}, en {kans_tekst(kans)}"
    out = [zin + "."]
    if pgb_budget:
        out.append(f"PGB zit niet in de aangeleverde gegevens: het begrote PGB ({euro(pgb_budget)}) telt daarom "
                   "niet mee in de afwijking.")
    gevolg = reserve_gevolg(value, reserve, kans)
    if gevolg:
        out.append(gevolg)
    return [" ".join(out)]


def for_chapter(hoofdstuk: str, pub: Published, periode: Periode, reserves: dict[str, Any] | None = None,
                thresholds: Thresholds | None = None) -> list[str]:
    """The prognosis messages a chapter's findings carry: one bullet per wet, the wet's reserve
    sentence inside its own bullet."""
    return [zin for wet in HOOFDSTUK_WETTEN.get(hoofdstuk, ())
            for zin in bericht(pub, wet, periode, (reserves or {}).get(wet), thresholds)]


def _van_de_tien(aandeel: float) -> str:
    return f"{_tienden(aandeel)} van de 10"


def terugblik(binnen: int, jaren: int, dekking: float | None, momenten: int | None) -> str:
    """The backtest in plain Dutch: how often the outcome of earlier years lay within the range
    the monitor would have given then (same month), and over every month-end of those years."""
    if not jaren:
        return ("Er is nog geen afgesloten jaar met volledige gegevens om de marge aan te toetsen; "
                "we tonen daarom een ruime marge.")
    marge = "de marge die deze monitor op hetzelfde moment van het jaar zou hebben gegeven."
    if jaren == 1:
        zin = f"In het vorige afgesloten jaar lag de uitkomst {'binnen' if binnen else 'buiten'} {marge}"
    else:
        zin = f"In {binnen} van de {jaren} vorige jaren lag de uitkomst binnen {marge}"
    if dekking is not None and momenten:
        zin += (f" Kijken we naar elk maandeinde van die jaren, dan lag de uitkomst in ongeveer "
                f"{_van_de_tien(dekking)} gevallen binnen de marge.")
    return zin


__all__ = ["bandbreedte", "bericht", "for_chapter", "kans_op_nadeel", "kans_tekst", "reserve_gevolg", "terugblik"]
