"""Generated "Belangrijkste bevindingen": short Dutch sentences from the published figures.

Wording is guarded: "gestegen"/"gedaald" only when the change exceeds BOTH thresholds of the
house style (`bevindingen.min_verandering_relatief`, default more than 5 %, and
`min_verandering_personen`, default more than 5 persons); otherwise "stabiel". A sentence whose
number is hidden by the small-numbers rule is left out, so no suppressed number is ever stated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from sdmonitor.publish.charts import house_style
from sdmonitor.publish.formatting import euro, getal
from sdmonitor.periods import Periode
from sdmonitor.publish.suppression import Published, PublishedFigure

STIJGING = "stijging"
DALING = "daling"
STABIEL = "stabiel"


@dataclass(frozen=True)
class Thresholds:
    """When a change may be called a stijging or daling."""

    relatief: float = 0.05
    personen: float = 5
    afwijking_euro: float = 25_000


@lru_cache(maxsize=1)
def default_thresholds() -> Thresholds:
    """Thresholds from the house style."""
    raw = house_style()["bevindingen"]
    return Thresholds(float(raw["min_verandering_relatief"]), float(raw["min_verandering_personen"]),
                      float(raw["min_afwijking_euro"]))


def trend(old: float, new: float, thresholds: Thresholds | None = None) -> str:
    """"stijging", "daling" or "stabiel": a change counts only above both thresholds."""
    t = thresholds or default_thresholds()
    change = new - old
    relative = abs(change) / abs(old) if old else float("inf")
    if relative > t.relatief and abs(change) > t.personen:
        return STIJGING if change > 0 else DALING
    return STABIEL


def _shown(fig: PublishedFigure | None) -> bool:
    return fig is not None and not fig.onderdrukt and pd.notna(fig.waarde)


def _trend_sentence(subject: str, old: PublishedFigure | None, new: PublishedFigure | None,
                    thresholds: Thresholds | None) -> str | None:
    if not (_shown(old) and _shown(new)):
        return None
    word = trend(old.waarde, new.waarde, thresholds)
    verb = {STIJGING: "gestegen", DALING: "gedaald", STABIEL: "stabiel gebleven"}[word]
    return f"{subject} is in {new.periode} {verb} ten opzichte van {old.periode} (van {old.tekst} naar {new.tekst})."


def clienten(pub: Published, wet: str, periode: Periode, landelijk_pct: float | None = None,
             thresholds: Thresholds | None = None) -> list[str]:
    """Clients in the last complete year (with % in care vs NL for jeugd) and their trend."""
    y1, y2 = str(periode.jaar - 1), str(periode.jaar - 2)
    wie = house_style()["labels"]["clienten"][wet]
    out: list[str] = []
    n = pub.get(f"{wet}.clienten", y1)
    if _shown(n):
        zorg = "jeugdhulp" if wet == "jeugd" else "ondersteuning vanuit de Wmo"
        sentence = f"In {y1} ontvingen {n.tekst} {wie} {zorg}"
        pct = pub.get("jeugd.pct_in_zorg", y1) if wet == "jeugd" else None
        if _shown(pct):
            extra = f"{pct.tekst} van de jeugdigen"
            if landelijk_pct is not None and pd.notna(landelijk_pct):
                extra += f"; landelijk {getal(landelijk_pct, 1)}%"
            sentence += f" ({extra})"
        out.append(sentence + ".")
    s = _trend_sentence(f"Het aantal {wie} met {'jeugdhulp' if wet == 'jeugd' else 'Wmo-ondersteuning'}",
                        pub.get(f"{wet}.clienten", y2), n, thresholds)
    if s:
        out.append(s)
    cur = pub.get(f"{wet}.clienten", periode.jaar)
    if _shown(cur):
        out.append(f"In {periode.jaar} (t/m {periode.maandnaam}) ontvingen {cur.tekst} {wie} "
                   f"{'jeugdhulp' if wet == 'jeugd' else 'Wmo-ondersteuning'}.")
    return out


def afwijking(pub: Published, wet: str, periode: Periode, thresholds: Thresholds | None = None) -> list[str]:
    """Expected deviation from the budget for the current year (negative afwijking = nadeel)."""
    t = thresholds or default_thresholds()
    fig = pub.get(f"{wet}.afwijking", periode.jaar)
    if not _shown(fig):
        return []
    naam = house_style()["labels"]["wet"][wet]
    if abs(fig.waarde) < t.afwijking_euro:
        return [f"Voor {periode.jaar} verwachten we op {naam} uitgaven ongeveer conform de begroting "
                f"(verschil {euro(abs(fig.waarde))})."]
    soort = "nadeel" if fig.waarde < 0 else "voordeel"
    out = [f"Voor {periode.jaar} verwachten we op {naam} een {soort} van {euro(abs(fig.waarde))} "
           "ten opzichte van de begroting."]
    band = afwijking_band(pub, wet, periode.jaar)
    return out + ([bandbreedte_zin(*band)] if band else [])


def afwijking_band(pub: Published, wet: str, jaar: int | str, dimensie: str = "") -> tuple[float, float] | None:
    """The afwijking's 80 % range: (begroting - prognose_hoog, begroting - prognose_laag); None
    without a begroting or interval."""
    begroting = pub.get(f"{wet}.begroting", jaar, dimensie)
    laag, hoog = pub.get(f"{wet}.prognose_laag", jaar, dimensie), pub.get(f"{wet}.prognose_hoog", jaar, dimensie)
    if not (_shown(begroting) and _shown(laag) and _shown(hoog)):
        return None
    return begroting.waarde - hoog.waarde, begroting.waarde - laag.waarde


def _kant(value: float) -> str:
    return f"{euro(abs(value))} {'nadeel' if value < 0 else 'voordeel'}"


def bandbreedte_zin(low: float, high: float) -> str:
    """The afwijking's range in words; says plainly when even the sign is uncertain."""
    if low < 0 < high:
        return (f"Met de onzekerheid van de prognose (80%-interval) ligt de afwijking tussen {_kant(low)} en "
                f"{_kant(high)}: binnen de onzekerheid, dus nog niet te zeggen of het een voordeel of een nadeel wordt.")
    if high <= 0:
        return (f"Met de onzekerheid van de prognose (80%-interval) ligt het nadeel tussen {euro(abs(high))} en "
                f"{euro(abs(low))}.")
    return (f"Met de onzekerheid van de prognose (80%-interval) ligt het voordeel tussen {euro(low)} en "
            f"{euro(high)}.")


def pgb(pub: Published, wet: str, periode: Periode) -> list[str]:
    """The PGB share of the costs in the last complete year."""
    fig = pub.get(f"{wet}.pgb_aandeel", periode.jaar - 1)
    if not _shown(fig):
        return []
    naam = house_style()["labels"]["wet"][wet]
    return [f"Het aandeel PGB in de kosten {naam} was in {fig.periode} {fig.tekst}."]


def top25(pub: Published, periode: Periode) -> list[str]:
    """The share of the 25 most expensive youths in the costs of the jaarbeeld year Y-1.

    Why not the current year: two months in, the few very expensive (often late-declared) trajects
    weigh far more than they will over the whole year, so a year-to-date share overstates it.
    """
    fig = pub.get("jeugd.top25_aandeel", periode.jaar - 1)
    if not _shown(fig):
        return []
    return [f"De 25 jeugdigen met de hoogste zorgkosten waren in {periode.jaar - 1} "
            f"goed voor {fig.tekst} van de kosten Jeugd."]


def toegang(pub: Published, periode: Periode, thresholds: Thresholds | None = None) -> list[str]:
    """Meldingen, wachtlijst, wachttijd, klachten and bezwaren."""
    y1, y2 = str(periode.jaar - 1), str(periode.jaar - 2)
    out: list[str] = []
    m1 = pub.get("toegang.meldingen", y1)
    if _shown(m1):
        out.append(f"In {y1} kwamen {m1.tekst} nieuwe hulpvragen (meldingen) binnen bij het Sociaal Team.")
    s = _trend_sentence("Het aantal meldingen", pub.get("toegang.meldingen", y2), m1, thresholds)
    if s:
        out.append(s)
    w = pub.get("toegang.wachtlijst", str(periode))
    if _shown(w):
        sentence = f"Op 1 {periode.maandnaam} {periode.jaar} stonden {w.tekst} hulpvragen open"
        before = pub.get("toegang.wachtlijst", f"{periode.jaar - 1}-{periode.maand:02d}")
        if _shown(before):
            sentence += f" (een jaar eerder {before.tekst})"
        out.append(sentence + ".")
    d = pub.get("toegang.wachttijd_mediaan", y1)
    if _shown(d):
        out.append(f"De mediane wachttijd tot het keukentafelgesprek was in {y1} {d.tekst} dagen.")
    k = pub.get("klachten.aantal", y1)
    if _shown(k):
        out.append(f"In {y1} zijn {k.tekst} klachten ontvangen over het Sociaal Team.")
    b = pub.get("bezwaren.aantal", y1)
    if _shown(b):
        out.append(f"In {y1} zijn {b.tekst} bezwaren ontvangen tegen besluiten over hulp.")
    return out


def veilig_thuis(pub: Published, periode: Periode, thresholds: Thresholds | None = None) -> list[str]:
    """Adviesvragen and meldingen from the gemeente, last complete year vs the year before."""
    y1, y2 = str(periode.jaar - 1), str(periode.jaar - 2)
    out: list[str] = []
    for soort, woord in (("adviesvraag", "adviesvragen"), ("melding", "meldingen")):
        new = pub.get("veilig_thuis.aantal", y1, soort)
        s = _trend_sentence(f"Het aantal {woord} bij Veilig Thuis", pub.get("veilig_thuis.aantal", y2, soort),
                            new, thresholds)
        if s:
            out.append(s)
    return out


def for_chapter(hoofdstuk: str, pub: Published, periode: Periode, landelijk_pct: float | None = None,
                thresholds: Thresholds | None = None) -> list[str]:
    """All generated findings of one chapter (`inleiding`, `toegang`, `jeugd`, `wmo`, `veilig_thuis`)."""
    if hoofdstuk == "jeugd":
        return (clienten(pub, "jeugd", periode, landelijk_pct, thresholds) + pgb(pub, "jeugd", periode)
                + top25(pub, periode) + afwijking(pub, "jeugd", periode, thresholds))
    if hoofdstuk == "wmo":
        return clienten(pub, "wmo", periode, None, thresholds) + pgb(pub, "wmo", periode) + afwijking(
            pub, "wmo", periode, thresholds)
    if hoofdstuk == "toegang":
        return toegang(pub, periode, thresholds)
    if hoofdstuk == "veilig_thuis":
        return veilig_thuis(pub, periode, thresholds)
    if hoofdstuk == "inleiding":
        return afwijking(pub, "jeugd", periode, thresholds) + afwijking(pub, "wmo", periode, thresholds)
    return []
