"""What an analyst's Dutch sentence claims about the figures: numbers (Dutch notation: "1.301",
"13,3%", "€ 4,3 mln", "€ 881k"), years, direction words (stijging, daling, stabiel), comparisons
with the regional or national average, and nadeel/voordeel. Pure text work: `tekstcontrole`
holds the claims against the figures of the element the text stands with.

Deliberately conservative: what cannot be read with certainty is not a claim (a number after
"per", a day before a month name, an age "17 jaar", "meer of minder", a negated or future
direction), so a warning is never the parser's guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sdmonitor.periods import MAANDEN

STIJGING, DALING, STABIEL = "stijging", "daling", "stabiel"
HOGER, LAGER, ROND = "hoger", "lager", "rond"
REGIO, LANDELIJK = "regio", "landelijk"
NADEEL, VOORDEEL = "nadeel", "voordeel"
PROCENT, EURO, AANTAL = "procent", "euro", "aantal"


@dataclass(frozen=True)
class Getal:
    """A number as written: `waarde` in its own scale (4,3 of "€ 4,3 mln"), `schaal` (1e6), and the
    number of decimals written (the precision it claims)."""

    tekst: str
    waarde: float
    decimalen: int
    soort: str  # procent | euro | aantal
    schaal: float = 1.0
    ongeveer: bool = False
    positie: int = 0


@dataclass(frozen=True)
class Jaar:
    """A year named in the text."""

    jaar: int
    positie: int = 0


@dataclass(frozen=True)
class Richting:
    """A direction word: stijging, daling or stabiel (with the year it is about, if named)."""

    soort: str
    woord: str
    jaar: int | None = None
    positie: int = 0


@dataclass(frozen=True)
class Vergelijking:
    """"hoger dan / lager dan / rond het" regional or national average."""

    soort: str  # hoger | lager | rond
    gebied: str  # regio | landelijk
    woord: str
    positie: int = 0


@dataclass(frozen=True)
class Resultaat:
    """"nadeel" or "voordeel": the expected afwijking of the current year."""

    soort: str
    woord: str
    positie: int = 0


Bewering = Getal | Jaar | Richting | Vergelijking | Resultaat

_MAAND = "|".join(MAANDEN)
_NUMBER = re.compile(
    r"(?P<euro>€\s*|\beuro\s+)?(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d+))?"
    r"(?:\s*(?P<unit>%|procent\b|mln\b|miljoen\b|mld\b|miljard\b|k\b|duizend\b))?(?P<euro_na>\s+euro\b)?")
_SCALES = {"mln": 1e6, "miljoen": 1e6, "mld": 1e9, "miljard": 1e9, "k": 1e3, "duizend": 1e3}
_HEDGE = re.compile(r"\b(ongeveer|circa|ca\.|ruim|bijna|zo'n|rond de|afgerond|nagenoeg|krap)\s*$")
# Numbers that are not figures: a rate's base ("per 1.000"), a day of a date, an age, "1-op-1",
# "8 van de 10", an ordinal.
_SKIP_BEFORE = re.compile(r"(\bper\s*|-op-|\bvan de\s|\btot en met\s|\bt/m\s|\bjaar\s+|\bartikel\s+)$")
_SKIP_AFTER = re.compile(rf"^(\s*(jaar\b|jarigen|maanden\b|weken\b|keer\b|-op-|e\b|ste\b|de\b|van de\b|tot en met\b|t/m\b|uur per\b|({_MAAND})\b)|-)")
YEAR_MIN, YEAR_MAX = 1990, 2099

_FUTURE = re.compile(r"\b(verwacht\w*|zal|zullen|streven|streeft|willen|wil|moet|moeten|hopen|komende|"
                     r"gaat|gaan|prognose\w*|raming)\b")
_NEGATION = re.compile(r"\b(niet|geen|nauwelijks)\s+(\w+\s+)?$")
_WORDS = {
    STIJGING: r"stijging|stijgt|steeg|stegen|gestegen|toename|toegenomen|neemt\s+toe|nam\s+toe|namen\s+toe|"
              r"opgelopen|loopt\s+op|liep\s+op|groei|groeit|groeide|gegroeid",
    DALING: r"daling|daalt|daalde|daalden|gedaald|afname|afgenomen|neemt\s+af|nam\s+af|namen\s+af|afneemt|"
            r"teruggelopen|loopt\s+terug|liep\s+terug|gezakt",
    STABIEL: r"stabiel|gelijk\s+gebleven|blijft\s+gelijk|bleef\s+gelijk|vrijwel\s+gelijk|constant",
}
_DIRECTION = re.compile("|".join(rf"\b(?P<{k}>{v})\b" for k, v in _WORDS.items()))
# hoger/lager/meer/minder: a comparison with the average, with an earlier period, or (hoger,
# lager without "dan") an adjective of change ("hogere tarieven"); "meer of minder" says nothing.
_COMPARE = re.compile(r"\b(?P<w>hoger|hogere|lager|lagere|meer|minder)\b(?=(?P<rest>[^.;]{0,60}))")
_AVERAGE = re.compile(r"^\s*(dan\s+)?(het\s+|de\s+)?(?P<g>regionale?|landelijke?|nederland|in\s+de\s+regio|"
                      r"(de\s+)?regio|gemiddelde\s+van\s+de\s+regio|gemiddelde\s+in\s+de\s+regio)")
_EARLIER = re.compile(r"^(\s+[\w-]+){0,3}?\s+dan\s+(vorig\s+jaar|een\s+jaar\s+eerder|het\s+jaar\s+(ervoor|daarvoor)|"
                      r"in\s+(?P<y>\d{4})|vorige\s+maand|de\s+maand\s+ervoor)")
_AROUND = re.compile(r"\b(rond|op|dicht\s+bij|vergelijkbaar\s+met)\s+het\s+(?P<g>regionale|landelijke)\s+gemiddelde|"
                     r"\b(rond|op)\s+het\s+gemiddelde\s+(van|in)\s+(de\s+)?(?P<g2>regio|nederland)")
_RESULT = re.compile(r"\b(?P<nadeel>nadeel|nadelig|tekort|overschrijding)\b|"
                     r"\b(?P<voordeel>voordeel|voordelig|onderschrijding|overschot)\b")
# "in 2025" names the year a direction is about; "ten opzichte van 2024" the year before it.
_YEAR_NEAR = re.compile(r"\b(?P<base>ten\s+opzichte\s+van|t\.o\.v\.|vergeleken\s+met|sinds)?(in|over|)\s*"
                        r"(?<![\d.,])(?P<y>(19|20)\d{2})\b(?![.,]\d)")


def zinnen(tekst: str) -> list[str]:
    """The sentences of a text (a new sentence after . ! ? followed by a capital or a digit)."""
    flat = " ".join(str(tekst).split())
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9€])", flat)
    return [p.strip() for p in parts if p.strip()]


def _gebied(text: str) -> str:
    return LANDELIJK if re.search(r"landelijk|nederland", text) else REGIO


def getallen(zin: str) -> list[Getal | Jaar]:
    """The numbers and years of one sentence (see the module docstring for what is skipped)."""
    out: list[Getal | Jaar] = []
    low = zin.lower()
    for m in _NUMBER.finditer(low):
        before, after = low[:m.start()], low[m.end():]
        if (m.start() > 0 and (low[m.start() - 1].isalnum() or low[m.start() - 1] in "-/")) or \
                _SKIP_BEFORE.search(before) or _SKIP_AFTER.match(after):
            continue
        whole, dec, unit = m.group("int"), m.group("dec") or "", (m.group("unit") or "").strip()
        is_euro = bool(m.group("euro") or m.group("euro_na"))
        value = float(whole.replace(".", "") + (f".{dec}" if dec else ""))
        if not is_euro and not unit and not dec and "." not in whole and YEAR_MIN <= value <= YEAR_MAX:
            out.append(Jaar(int(value), m.start()))
            continue
        soort = PROCENT if unit in ("%", "procent") else EURO if is_euro else AANTAL
        out.append(Getal(zin[m.start():m.end()].strip(), value, len(dec), soort, _SCALES.get(unit, 1.0),
                         bool(_HEDGE.search(before)), m.start()))
    return out


def _year_of(low: str, position: int) -> int | None:
    """The year a direction word is about: "in 2025" nearest to it in the sentence."""
    years = [(abs(m.start() - position), int(m.group("y")) + (1 if m.group("base") else 0))
             for m in _YEAR_NEAR.finditer(low)]
    return min(years)[1] if years else None


def richtingen(zin: str) -> list[Richting | Vergelijking]:
    """Direction words and comparisons with an average of one sentence. A sentence about the
    future (verwachten, zal, streven, prognose) claims no direction of the figures; a negated
    word ("niet gestegen") is not read either way."""
    low = zin.lower()
    out: list[Richting | Vergelijking] = []
    for m in _AROUND.finditer(low):
        out.append(Vergelijking(ROND, _gebied(m.group("g") or m.group("g2") or ""), m.group(0), m.start()))
    future = bool(_FUTURE.search(low))
    for m in _COMPARE.finditer(low):
        word, rest = m.group("w"), m.group("rest")
        if (avg := _AVERAGE.match(rest)) and "dan" in rest[:6]:
            out.append(Vergelijking(HOGER if word.startswith(("hoger", "meer")) else LAGER, _gebied(avg.group("g")),
                                    f"{word}{rest[:avg.end()]}", m.start()))
            continue
        if future or _NEGATION.search(low[:m.start()]):
            continue
        soort = STIJGING if word.startswith(("hoger", "meer")) else DALING
        if (earlier := _EARLIER.match(rest)):
            y = earlier.group("y")
            out.append(Richting(soort, f"{word}{rest[:earlier.end()]}", int(y) + 1 if y else _year_of(low, m.start()),
                                m.start()))
        elif word in ("hoger", "hogere", "lager", "lagere") and not rest.lstrip().startswith(("dan", "of")):
            out.append(Richting(soort, word, _year_of(low, m.start()), m.start()))
    if not future:
        for m in _DIRECTION.finditer(low):
            if _NEGATION.search(low[:m.start()]):
                continue
            soort = next(k for k in _WORDS if m.group(k))
            out.append(Richting(soort, m.group(0), _year_of(low, m.start()), m.start()))
    return sorted(out, key=lambda b: b.positie)


def resultaten(zin: str) -> list[Resultaat]:
    """"nadeel"/"voordeel" words (read in future sentences too: they are about the prognosis)."""
    low = zin.lower()
    return [Resultaat(NADEEL if m.group("nadeel") else VOORDEEL, m.group(0), m.start()) for m in _RESULT.finditer(low)]


def beweringen(zin: str) -> list[Bewering]:
    """Every claim of one sentence, in text order."""
    found: list[Bewering] = [*getallen(zin), *richtingen(zin), *resultaten(zin)]
    return sorted(found, key=lambda b: b.positie)


__all__ = ["AANTAL", "DALING", "EURO", "HOGER", "LAGER", "LANDELIJK", "NADEEL", "PROCENT", "REGIO", "ROND",
           "STABIEL", "STIJGING", "VOORDEEL", "Bewering", "Getal", "Jaar", "Resultaat", "Richting", "Vergelijking",
           "beweringen", "getallen", "resultaten", "richtingen", "zinnen"]
