"""The generated explanation of a bouwsteen: one or two Dutch sentences that say what moved in
the costs and through which component (seed 000 gives this in words beside each bouwsteen chart).

Read from the published figure table only, so no hidden number is ever stated:

- `<wet>.kostenverschil` and its parts `_prijs`, `_volume`, `_mix` (the price–volume–mix
  decomposition of `figures.contractering`: the year against the same months of the year before,
  as known a year earlier) say how much the costs moved and which part drove it;
- `<wet>.clienten`, `<wet>.volume` and `<wet>.prijs_per_eenheid` (year against year before) say
  what the volume and price parts are in the reader's terms: more clients, more care per client,
  a higher price per etmaal.

Status rules: a `geen_gegevens` or hidden cost change is not explained (no sentence); a hidden
client count ("<5") is not named; a `voorlopig` year says so, a `deelperiode` year says which
months are compared. The sentences are written so that the commentary check
(`tekstcontrole`, section `uitleg_bouwsteen`) bears them out: every number is a published figure
or a change between two of them, every direction word matches its sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from sdmonitor.periods import Periode
from sdmonitor.publish import findings
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.formatting import euro, getal
from sdmonitor.publish.suppression import Published, PublishedFigure

#: A cost change within this share of the base reads as "weinig veranderd".
WEINIG = 0.03
#: A part of the change is named beside the main one when it is at least this share of the change.
BIJDRAGE = 0.25
#: A price change below this percentage reads as "vrijwel gelijk" (the commentary check's
#: STABIEL_PCT: a smaller margin than the check allows would make it warn about our own text).
PRIJS_GELIJK_PCT = 3.0

MEERVOUD = {"etmaal": "etmalen", "uur": "uren", "dagdeel": "dagdelen", "dag": "dagen", "stuks": "stuks",
            "stuk": "stuks", "rit": "ritten", "minuut": "minuten", "week": "weken", "maand": "maanden"}
#: The unit after "prijs per" (the registry's unit "stuks" is a plural).
ENKELVOUD = {"stuks": "stuk"}


@dataclass(frozen=True)
class Bouwsteencijfers:
    """The published figures one explanation is built from (None: no such figure or not shown)."""

    bouwsteen: str
    jaar: int
    verschil: PublishedFigure
    prijs: PublishedFigure | None
    volume: PublishedFigure | None
    mix: PublishedFigure | None
    kosten: PublishedFigure | None
    clienten: tuple[PublishedFigure | None, PublishedFigure | None]  # (year before, year)
    hoeveelheid: tuple[PublishedFigure | None, PublishedFigure | None]
    prijs_per_eenheid: tuple[PublishedFigure | None, PublishedFigure | None]


def _shown(fig: PublishedFigure | None) -> bool:
    return (fig is not None and not fig.onderdrukt and fig.waarde == fig.waarde
            and sw.has_data(fig.status))


def _or_none(fig: PublishedFigure | None) -> PublishedFigure | None:
    return fig if _shown(fig) else None


def cijfers(pub: Published, wet: str, bouwsteen: str, jaar: int) -> Bouwsteencijfers | None:
    """The figures of a bouwsteen's explanation in `jaar`; None when its cost change cannot be
    stated (no row, geen_gegevens, or hidden)."""
    verschil = pub.get(f"{wet}.kostenverschil", jaar, bouwsteen)
    if verschil is None or not _shown(verschil):
        return None

    def two(indicator: str) -> tuple[PublishedFigure | None, PublishedFigure | None]:
        return (_or_none(pub.get(indicator, jaar - 1, bouwsteen)), _or_none(pub.get(indicator, jaar, bouwsteen)))

    def part(naam: str) -> PublishedFigure | None:
        return _or_none(pub.get(f"{wet}.kostenverschil_{naam}", jaar, bouwsteen))

    return Bouwsteencijfers(bouwsteen, jaar, verschil, part("prijs"), part("volume"), part("mix"),
                            _or_none(pub.get(f"{wet}.kosten_bouwsteen", jaar, bouwsteen)),
                            two(f"{wet}.clienten"), two(f"{wet}.volume"), two(f"{wet}.prijs_per_eenheid"))


def _pct(pair: tuple[PublishedFigure | None, PublishedFigure | None]) -> float | None:
    old, new = pair
    if old is None or new is None or not old.waarde:
        return None
    return (new.waarde - old.waarde) / abs(old.waarde) * 100.0


def _signed_pct(pct: float) -> str:
    return f"{'+' if pct >= 0 else '−'}{getal(abs(pct), 0)}%"


def _clienten_deel(c: Bouwsteencijfers, wie: str) -> str:
    """"meer jeugdigen (55 tegen 51 een jaar eerder)" when the count moved beyond the findings'
    thresholds, "55 jeugdigen (51 een jaar eerder)" when it did not; "" when a count is hidden.
    No year number: a direction word reads the year nearest to it, which must stay the year explained."""
    old, new = c.clienten
    if old is None or new is None:
        return ""
    word = findings.trend(old.waarde, new.waarde)
    if word == findings.STABIEL:
        return f"{new.tekst} {wie} ({old.tekst} een jaar eerder)"
    return f"{'meer' if word == findings.STIJGING else 'minder'} {wie} ({new.tekst} tegen {old.tekst} een jaar eerder)"


def _hoeveel(c: Bouwsteencijfers, eenheden: str, stijgt: bool) -> str:
    """"meer etmalen (+3%)"; the number only where the published volumes move the same way as the
    volume part (which compares with the year before as known a year earlier), and as "van … naar"
    where the base is too small for a percentage to mean much."""
    woorden = f"{'meer' if stijgt else 'minder'} {eenheden}"
    pct, (old, new) = _pct(c.hoeveelheid), c.hoeveelheid
    if pct is None or old is None or new is None or (pct > 0) != stijgt or not pct:
        return woorden
    if abs(pct) >= 100:
        return f"{woorden} (van {old.tekst} naar {new.tekst})"
    return f"{woorden} ({_signed_pct(pct)})"


def _per_persoon_mee(c: Bouwsteencijfers, stijgt: bool) -> bool:
    """Whether the volume per client moved the way the volume part did (both counts published)."""
    (c0, c1), (v0, v1) = c.clienten, c.hoeveelheid
    if None in (c0, c1, v0, v1) or not (c0 and c1 and c0.waarde and c1.waarde):
        return False
    assert v0 is not None and v1 is not None
    return (v1.waarde / c1.waarde > v0.waarde / c0.waarde) == stijgt


def _volume_deel(c: Bouwsteencijfers, wie: str, eenheden: str, stijgt: bool) -> str:
    """Why the volume part moved: more or fewer clients, else more or less care per client."""
    hoeveel = _hoeveel(c, eenheden, stijgt)
    clienten = _clienten_deel(c, wie)
    if clienten.startswith("meer" if stijgt else "minder"):
        return f"doordat er {clienten} waren en dus {hoeveel}"
    if clienten and _per_persoon_mee(c, stijgt):
        return f"doordat er per persoon {hoeveel} werden geleverd, bij {clienten}"
    if clienten:
        return f"doordat er {hoeveel} werden geleverd, bij {clienten}"
    return f"doordat er {hoeveel} werden geleverd"


def _prijs_deel(c: Bouwsteencijfers, eenheid: str, stijgt: bool) -> str:
    pct = _pct(c.prijs_per_eenheid)
    richting = "hogere" if stijgt else "lagere"
    return (f"door een {richting} prijs per {ENKELVOUD.get(eenheid, eenheid)}"
            + (f" ({_signed_pct(pct)})" if pct is not None else ""))


def _deel(naam: str, c: Bouwsteencijfers, wie: str, eenheid: str, eenheden: str, stijgt: bool) -> str:
    if naam == "volume":
        return _volume_deel(c, wie, eenheden, stijgt)
    if naam == "prijs":
        return _prijs_deel(c, eenheid, stijgt)
    return f"door een verschuiving naar {'duurdere' if stijgt else 'goedkopere'} producten"


def _prijs_zin(c: Bouwsteencijfers, eenheid: str) -> str:
    """What the price per unit did, when price is not the main part."""
    pct = _pct(c.prijs_per_eenheid)
    if pct is None:
        return ""
    per = ENKELVOUD.get(eenheid, eenheid)
    if abs(pct) < PRIJS_GELIJK_PCT:
        return f"de prijs per {per} bleef vrijwel gelijk"
    return f"de prijs per {per} {'steeg' if pct > 0 else 'daalde'} met {getal(abs(pct), 0)}%"


def _status_zin(c: Bouwsteencijfers, periode: Periode) -> str:
    if c.verschil.status == sw.VOORLOPIG:
        return f"{c.jaar} is nog voorlopig: er komen nog declaraties over dat jaar binnen."
    if c.verschil.status == sw.DEELPERIODE:
        return (f"{c.jaar} loopt nog: vergeleken zijn de maanden januari t/m {periode.maandnaam} met dezelfde "
                f"maanden van {c.jaar - 1}.")
    return ""


def zinnen(c: Bouwsteencijfers, periode: Periode, wie: str, eenheid: str) -> list[str]:
    """The explanation of one bouwsteen (`wie`: "jeugdigen" or "cliënten"; `eenheid`: the unit of
    its volume, "etmaal"): what moved, through which part, and the state of the year."""
    delta = c.verschil.waarde
    basis = (c.kosten.waarde - delta) if c.kosten is not None else None
    per_unit = eenheid != "euro"  # a bouwsteen counted in euros has no volume or price of its own
    eenheden = MEERVOUD.get(eenheid, "eenheden")
    parts = {n: f for n, f in (("volume", c.volume), ("prijs", c.prijs), ("mix", c.mix)) if f is not None}
    if not per_unit:
        parts = {}
    onderwerp = f"De kosten van {c.bouwsteen}"
    out: list[str] = []
    if basis is not None and basis > 0 and abs(delta) / basis < WEINIG:
        zin = f"{onderwerp} veranderden in {c.jaar} weinig ({euro(abs(delta))} {'meer' if delta >= 0 else 'minder'})"
        prijs = _prijs_zin(c, eenheid) if per_unit else ""
        out.append(zin + (f"; {prijs}." if prijs else "."))
    elif delta:
        stijgt = delta > 0
        zin = f"{onderwerp} {'stegen' if stijgt else 'daalden'} in {c.jaar} met {euro(abs(delta))}"
        mee = {n: f for n, f in parts.items() if (f.waarde > 0) == stijgt and f.waarde}
        if mee:
            main = max(mee, key=lambda n: abs(mee[n].waarde))
            zin += ", vooral " + _deel(main, c, wie, eenheid, eenheden, stijgt)
            others = [n for n, f in mee.items() if n != main and abs(f.waarde) >= BIJDRAGE * abs(delta)]
            extra = [_deel(n, c, wie, eenheid, eenheden, stijgt).removeprefix("door ") for n in others]
            zin += "".join(f", en ook {e}" for e in extra)
            if main != "prijs" and "prijs" not in others and (prijs := _prijs_zin(c, eenheid)):
                zin += f"; {prijs}"
        elif not per_unit and (clienten := _clienten_deel(c, wie)):
            zin += f", bij {clienten}"
        out.append(zin + ".")
    else:
        return []
    if (status := _status_zin(c, periode)):
        out.append(status)
    return out


def uitleg(pub: Published, wet: str, bouwsteen: str, periode: Periode, wie: str, eenheid: str,
           jaar: int | None = None) -> list[str]:
    """The explanation of a bouwsteen in `jaar` (default: the last whole year of the edition, the
    current year when the periode is December); [] when its cost change cannot be stated."""
    jaar = jaar if jaar is not None else (periode.jaar if periode.maand == 12 else periode.jaar - 1)
    c = cijfers(pub, wet, bouwsteen, jaar)
    return zinnen(c, periode, wie, eenheid) if c is not None else []


def controleer(pub: Published, wet: str, bouwsteen: str, zinnen: list[str], periode: Periode) -> list[Any]:
    """The commentary check (`tekstcontrole`, section `uitleg_bouwsteen`) of an explanation against
    the figures of its one bouwsteen: the warnings ([] when the sentences hold)."""
    from sdmonitor.publish import tekstcontrole

    frame = pub.frame[(pub.frame["dimensie"] == bouwsteen) & pub.frame["indicator"].str.startswith(f"{wet}.")]
    ctx = tekstcontrole.Context(frame.reset_index(drop=True), periode)
    return tekstcontrole.controleer_tekst("uitleg_bouwsteen", zinnen, ctx)


def uitleg_html(per_bouwsteen: dict[str, list[str]], jaar: int) -> str:
    """The explanations under a bouwsteen chart, one item per bouwsteen, marked as generated
    (`sd-uitleg sd-gegenereerd`) so a reader tells them from the analyst's duiding. A closing
    sentence every item shares ("2025 is nog voorlopig: …") is said once, under the list."""
    lists = [z for z in per_bouwsteen.values() if z]
    if not lists:
        return ""
    shared = lists[0][-1] if len(lists) > 1 and all(len(z) > 1 and z[-1] == lists[0][-1] for z in lists) else ""
    items = "".join(f"<li>{escape(' '.join(z[:-1] if shared else z))}</li>" for z in lists)
    onder = f'<p class="sd-tekst">{escape(shared)}</p>' if shared else ""
    return (f'<div class="sd-uitleg sd-gegenereerd"><p class="sd-kop"><strong>Wat bewoog er in {jaar}?</strong> '
            f"(berekend uit de cijfers)</p><ul>{items}</ul>{onder}</div>")


__all__ = ["BIJDRAGE", "ENKELVOUD", "MEERVOUD", "PRIJS_GELIJK_PCT", "WEINIG", "Bouwsteencijfers", "cijfers",
           "controleer", "uitleg", "uitleg_html", "zinnen"]
