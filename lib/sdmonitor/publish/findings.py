"""Generated "Belangrijkste bevindingen": short Dutch sentences from the published figures.

Wording is guarded: "gestegen"/"gedaald" only when the change exceeds BOTH thresholds of the
house style (`bevindingen.min_verandering_relatief`, default more than 5 %, and
`min_verandering_personen`, default more than 5 persons); otherwise "stabiel". A sentence whose
number is hidden by the small-numbers rule is left out, so no suppressed number is ever stated.

Status (INTERFACE §3) decides what may be compared: a `geen_gegevens` figure is never a base for a
change (the sentence says "geen gegevens over <jaar>"); a `deelperiode` year is compared with the
same months of the year before where the indicator's months add up to the year (meldingen), else
the last two full years are compared and the sentence says so; a `voorlopig` value says "(voorlopig)".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TypeGuard

import pandas as pd

from sdmonitor.figures.rows import DEELPERIODE, DEFINITIEF, GEEN_GEGEVENS, VOORLOPIG
from sdmonitor.periods import MAANDEN, Periode
from sdmonitor.publish.charts import house_style
from sdmonitor.publish.formatting import getal
from sdmonitor.publish.suppression import Published, PublishedFigure
from sdmonitor.registry import registry

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


GEEN = GEEN_GEGEVENS
VOLLEDIG = ("", DEFINITIEF, VOORLOPIG)  # a whole period ("": a table written before statuses)


def _shown(fig: PublishedFigure | None) -> TypeGuard[PublishedFigure]:
    return fig is not None and not fig.onderdrukt and pd.notna(fig.waarde) and fig.status != GEEN


def _geen(fig: PublishedFigure | None) -> TypeGuard[PublishedFigure]:
    return fig is not None and fig.status == GEEN


def _waarde(fig: PublishedFigure) -> str:
    """The printed value with its status mark (to be replaced by `status_weergave` once merged)."""
    return fig.tekst + (" (voorlopig)" if fig.status == VOORLOPIG else "")


def _maanden(pub: Published, fig: PublishedFigure) -> tuple[list[str], list[str]]:
    """(months with data, months without) of a year figure's indicator, from its month rows."""
    rows = pub.select(fig.indicator, [f"{fig.periode}-{m:02d}" for m in range(1, 13)], [fig.dimensie])
    met = sorted(rows.loc[~rows["status"].isin([GEEN]) & rows["waarde"].notna(), "periode"])
    zonder = sorted(rows.loc[rows["status"] == GEEN, "periode"])
    return met, zonder


def _namen(months: list[str]) -> str:
    names = [MAANDEN[int(m[5:7]) - 1] for m in months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _jaar(pub: Published, fig: PublishedFigure, periode: Periode) -> str:
    """The year of a figure as a reader must read it: "2026 (t/m februari)" for the year to date,
    "2023 (vanaf juli)" or "2025 (zonder maart, waarover geen gegevens zijn)" for a year the source
    covers in part (one function: replaceable by `status_weergave`'s label)."""
    if fig.status != DEELPERIODE or len(fig.periode) != 4:
        return fig.periode
    if int(fig.periode) == periode.jaar:
        return f"{fig.periode} (t/m {periode.maandnaam})"
    met, zonder = _maanden(pub, fig)
    if met and zonder and max(zonder) < min(met):
        return f"{fig.periode} (vanaf {MAANDEN[int(min(met)[5:7]) - 1]})"
    if met and zonder and min(zonder) > max(met):
        return f"{fig.periode} (t/m {MAANDEN[int(max(met)[5:7]) - 1]})"
    if zonder:
        return f"{fig.periode} (zonder {_namen(zonder)}, waarover geen gegevens zijn)"
    return f"{fig.periode} (een deel van het jaar)"


def _zin(subject: str, old_p: str, new_p: str, old: str, new: str, word: str, extra: str = "") -> str:
    verb = {STIJGING: "gestegen", DALING: "gedaald", STABIEL: "stabiel gebleven"}[word]
    return f"{subject} is in {new_p} {verb} ten opzichte van {old_p} (van {old} naar {new}){extra}."


def _voorlopig_zin(*figs: PublishedFigure) -> str:
    jaren = [f.periode for f in figs if f.status == VOORLOPIG]
    return (f" Het cijfer over {' en '.join(jaren)} is voorlopig: het wordt naar verwachting hoger zodra alle "
            "declaraties binnen zijn." if jaren else "")


def _same_months(pub: Published, subject: str, old: PublishedFigure, new: PublishedFigure,
                 thresholds: Thresholds | None) -> str | None:
    """A part year against the same months of the year before (months that add up to the year)."""
    met, zonder = _maanden(pub, new)
    if not met:
        return None
    before = [pub.get(new.indicator, f"{old.periode}{m[4:]}", new.dimensie) for m in met]
    now = [pub.get(new.indicator, m, new.dimensie) for m in met]
    shown = [f for f in before + now if _shown(f)]
    if len(shown) < len(before) + len(now):
        return None  # a hidden or absent month: no sum can be stated
    a, b = sum(f.waarde for f in shown[:len(before)]), sum(f.waarde for f in shown[len(before):])
    waarom = (f"; over {_namen(zonder)} {new.periode} zijn geen gegevens" if zonder
              else f"; {new.periode} t/m {MAANDEN[int(max(met)[5:7]) - 1]}")
    return _zin(subject, old.periode, new.periode, getal(a), getal(b), trend(a, b, thresholds),
                f", vergeleken over dezelfde maanden{waarom}")


def _last_full_years(pub: Published, indicator: str, dimensie: str, until: int) -> list[PublishedFigure]:
    """The two latest whole years (definitief or voorlopig) up to `until`, newest first."""
    figs = [pub.get(indicator, y, dimensie) for y in range(until, until - 4, -1)]
    return [f for f in figs if _shown(f) and f.status in VOLLEDIG][:2]


def _trend_sentence(subject: str, old: PublishedFigure | None, new: PublishedFigure | None,
                    thresholds: Thresholds | None, pub: Published | None = None,
                    periode: Periode | None = None) -> str | None:
    """The change from `old` to `new`, or what can be said instead (module docstring)."""
    if _geen(old) and _shown(new):
        return f"{subject} is niet te vergelijken met {old.periode}: over {old.periode} zijn geen gegevens."
    if _geen(new):
        return f"{subject}: geen gegevens over {new.periode}."
    if not (_shown(old) and _shown(new)):
        return None
    if old.status in VOLLEDIG and new.status in VOLLEDIG:
        return (_zin(subject, old.periode, new.periode, old.tekst, new.tekst,
                     trend(old.waarde, new.waarde, thresholds)) + _voorlopig_zin(old, new))
    if pub is None or periode is None:
        return None
    reg = registry()
    if new.indicator in reg and reg[new.indicator].optelbaar_over_maanden:
        return _same_months(pub, subject, old, new, thresholds)
    full = _last_full_years(pub, new.indicator, new.dimensie, int(new.periode))
    if len(full) < 2:
        return None
    recent, earlier = full
    deel = new if new.status == DEELPERIODE else old
    return (_zin(subject, earlier.periode, recent.periode, earlier.tekst, recent.tekst,
                 trend(earlier.waarde, recent.waarde, thresholds),
                 f"; dit zijn de laatste twee volledige jaren, want {_jaar(pub, deel, periode)} "
                 "is geen volledig jaar") + _voorlopig_zin(earlier, recent))


def clienten(pub: Published, wet: str, periode: Periode, landelijk_pct: float | None = None,
             thresholds: Thresholds | None = None) -> list[str]:
    """Clients in the last complete year (with % in care vs NL for jeugd) and their trend."""
    y1, y2 = str(periode.jaar - 1), str(periode.jaar - 2)
    wie = house_style()["labels"]["clienten"][wet]
    out: list[str] = []
    n = pub.get(f"{wet}.clienten", y1)
    if _shown(n):
        zorg = "jeugdhulp" if wet == "jeugd" else "ondersteuning vanuit de Wmo"
        voorlopig = "(voorlopig) " if n.status == VOORLOPIG else ""
        sentence = f"In {_jaar(pub, n, periode)} ontvingen {voorlopig}{n.tekst} {wie} {zorg}"
        pct = pub.get("jeugd.pct_in_zorg", y1) if wet == "jeugd" else None
        if _shown(pct) and pct.status in VOLLEDIG:
            extra = f"{_waarde(pct)} van de jeugdigen"
            if landelijk_pct is not None and pd.notna(landelijk_pct):
                extra += f"; landelijk {getal(landelijk_pct, 1)}%"
            sentence += f" ({extra})"
        out.append(sentence + ".")
    s = _trend_sentence(f"Het aantal {wie} met {'jeugdhulp' if wet == 'jeugd' else 'Wmo-ondersteuning'}",
                        pub.get(f"{wet}.clienten", y2), n, thresholds, pub, periode)
    if s:
        out.append(s)
    cur = pub.get(f"{wet}.clienten", periode.jaar)
    if _shown(cur):
        out.append(f"In {periode.jaar} (t/m {periode.maandnaam}) ontvingen {cur.tekst} {wie} "
                   f"{'jeugdhulp' if wet == 'jeugd' else 'Wmo-ondersteuning'}.")
    return out


def pgb_zonder_gegevens(pub: Published, wet: str, jaar: int | str) -> float:
    """The budgeted PGB of a year whose PGB costs no source delivers (0 when PGB is in the data).

    Why: with no PGB lines the prognosis of post PGB is `geen_gegevens`, so begroting − prognose of
    the wet would count the whole PGB budget as an underspend."""
    prognose = pub.get(f"{wet}.prognose", jaar, "PGB") or pub.get(f"{wet}.kosten", jaar, "PGB")
    budget = pub.get(f"{wet}.begroting", jaar, "PGB")
    return float(budget.waarde) if _geen(prognose) and _shown(budget) else 0.0


def afwijking_waarde(pub: Published, wet: str, jaar: int | str) -> float | None:
    """The expected afwijking of a year that may be stated (without a PGB budget nobody spends
    against in the data), or None when it is hidden or has no data."""
    fig = pub.get(f"{wet}.afwijking", jaar)
    if not _shown(fig):
        return None
    return fig.waarde - pgb_zonder_gegevens(pub, wet, jaar)


def afwijking_band(pub: Published, wet: str, jaar: int | str, dimensie: str = "") -> tuple[float, float] | None:
    """The afwijking's 80 % range: (begroting - prognose_hoog, begroting - prognose_laag); None
    without a begroting or interval."""
    begroting = pub.get(f"{wet}.begroting", jaar, dimensie)
    laag, hoog = pub.get(f"{wet}.prognose_laag", jaar, dimensie), pub.get(f"{wet}.prognose_hoog", jaar, dimensie)
    if not (_shown(begroting) and _shown(laag) and _shown(hoog)):
        return None
    return begroting.waarde - hoog.waarde, begroting.waarde - laag.waarde


def pgb(pub: Published, wet: str, periode: Periode) -> list[str]:
    """The PGB share of the costs in the last complete year; without PGB in the data, that."""
    fig = pub.get(f"{wet}.pgb_aandeel", periode.jaar - 1)
    naam = house_style()["labels"]["wet"][wet]
    if _geen(fig):
        # No source delivers PGB: a 0 % share would be a claim about money nobody reported.
        return [(f"PGB {naam} zit niet in de aangeleverde gegevens: het aandeel PGB in de kosten over "
                f"{fig.periode} is niet bekend.")]
    if not _shown(fig):
        return []
    return [f"Het aandeel PGB in de kosten {naam} was in {_jaar(pub, fig, periode)} {_waarde(fig)}."]


def top25(pub: Published, periode: Periode) -> list[str]:
    """The share of the 25 most expensive youths in the costs of the jaarbeeld year Y-1.

    Why not the current year: two months in, the few very expensive (often late-declared) trajects
    weigh far more than they will over the whole year, so a year-to-date share overstates it.
    """
    fig = pub.get("jeugd.top25_aandeel", periode.jaar - 1)
    if not _shown(fig):
        return []
    return [(f"De 25 jeugdigen met de hoogste zorgkosten waren in {_jaar(pub, fig, periode)} "
            f"goed voor {_waarde(fig)} van de kosten Jeugd.")]


def toegang(pub: Published, periode: Periode, thresholds: Thresholds | None = None) -> list[str]:
    """Meldingen, wachtlijst, wachttijd, klachten and bezwaren."""
    y1, y2 = str(periode.jaar - 1), str(periode.jaar - 2)
    out: list[str] = []
    m1 = pub.get("toegang.meldingen", y1)
    if _shown(m1):
        out.append(f"In {_jaar(pub, m1, periode)} kwamen {_waarde(m1)} nieuwe hulpvragen (meldingen) binnen bij "
                   "het Sociaal Team.")
    s = _trend_sentence("Het aantal meldingen", pub.get("toegang.meldingen", y2), m1, thresholds, pub, periode)
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
        out.append(f"De mediane wachttijd tot het keukentafelgesprek was in {_jaar(pub, d, periode)} "
                   f"{_waarde(d)} dagen.")
    k = pub.get("klachten.aantal", y1)
    if _shown(k):
        out.append(f"In {_jaar(pub, k, periode)} zijn {_waarde(k)} klachten ontvangen over het Sociaal Team.")
    b = pub.get("bezwaren.aantal", y1)
    if _shown(b):
        out.append(f"In {_jaar(pub, b, periode)} zijn {_waarde(b)} bezwaren ontvangen tegen besluiten over hulp.")
    return out


def veilig_thuis(pub: Published, periode: Periode, thresholds: Thresholds | None = None) -> list[str]:
    """Adviesvragen and meldingen from the gemeente, last complete year vs the year before."""
    y1, y2 = str(periode.jaar - 1), str(periode.jaar - 2)
    out: list[str] = []
    for soort, woord in (("adviesvraag", "adviesvragen"), ("melding", "meldingen")):
        new = pub.get("veilig_thuis.aantal", y1, soort)
        s = _trend_sentence(f"Het aantal {woord} bij Veilig Thuis", pub.get("veilig_thuis.aantal", y2, soort),
                            new, thresholds, pub, periode)
        if s:
            out.append(s)
    return out


def for_chapter(hoofdstuk: str, pub: Published, periode: Periode, landelijk_pct: float | None = None,
                thresholds: Thresholds | None = None) -> list[str]:
    """All generated findings of one chapter (`inleiding`, `toegang`, `jeugd`, `wmo`, `veilig_thuis`)."""
    if hoofdstuk == "jeugd":
        return (clienten(pub, "jeugd", periode, landelijk_pct, thresholds) + pgb(pub, "jeugd", periode)
                + top25(pub, periode))
    if hoofdstuk == "wmo":
        return clienten(pub, "wmo", periode, None, thresholds) + pgb(pub, "wmo", periode)
    if hoofdstuk == "toegang":
        return toegang(pub, periode, thresholds)
    if hoofdstuk == "veilig_thuis":
        return veilig_thuis(pub, periode, thresholds)
    return []
