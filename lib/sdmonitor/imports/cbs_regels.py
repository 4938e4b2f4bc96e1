"""Shared by the CBS converters: which areas to keep, how a row is checked, written once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import InvalidDataError
from .cbs_csv import canon

_YEAR = re.compile(r"^(\d{4})(JJ00)?\s*\**\s*$")
_CODE = re.compile(r"^(GM\d{4}|NL0[01])$")


@dataclass(frozen=True)
class Selectie:
    """Which areas to keep (None: every municipality and NL01), names that stand for codes, and
    the current year (a later year cannot be observed yet)."""

    gebieden: frozenset[str] | None = None
    namen: tuple[tuple[str, str], ...] = ()
    jaar_nu: int = dt.date.today().year
    gemeente: str | None = None

    def code(self, text: str) -> str | None:
        text = (text or "").strip()
        upper = text.upper()
        if upper in ("NL00", "NL01", "NL"):
            return "NL01"
        if _CODE.match(upper):
            return upper
        # StatLine labels: "Utrecht (gemeente)" is the municipality, "Utrecht (PV)" the province.
        m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text)
        if m and m.group(2).strip().lower() != "gemeente":
            return None
        return dict(self.namen).get(canon(m.group(1) if m else text))

    def keeps(self, code: str | None) -> bool:
        if code is None or not (code.startswith("GM") or code == "NL01"):
            return False
        return self.gebieden is None or code in self.gebieden


def selectie(gemeente: str | None, regio: Iterable[str] = (), jaar_nu: int | None = None) -> Selectie:
    """The selection for `--gemeente` (its region and NL too), with the names CBS label files use."""
    from ..house_style import house_style
    from ..parameters import known_gemeenten

    namen = {"nederland": "NL01"}
    for code, naam in (house_style().get("gebieden") or {}).items():
        namen[canon(str(naam))] = str(code)
    for g in known_gemeenten():
        namen[canon(g.naam)] = g.code
    gebieden = frozenset({gemeente, "NL01", *regio}) if gemeente else None
    return Selectie(gebieden, tuple(sorted(namen.items())), jaar_nu or dt.date.today().year, gemeente)


def parse_year(text: str) -> int | None:
    """The year of a CBS period (`2024`, `2024JJ00`, `2024*`) or KWB Peildatum; None for a half year."""
    m = _YEAR.match((text or "").strip())
    if m:
        return int(m.group(1))
    m = re.match(r"^\s*\d{1,2}-\d{1,2}-(\d{4})\s*$", text or "")  # KWB Peildatum 1-1-2023
    return int(m.group(1)) if m else None


def fmt(value: float) -> str:
    """A value as the tables write it: whole numbers without `.0`, full precision otherwise."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def check(value: float, meting_naam: str, geheel: bool, maximum: float | None, where: str, text: str) -> None:
    """Refuse a negative value, a decimal count and a value above its maximum."""
    if value < 0:
        raise InvalidDataError(f"{where}: {meting_naam} is negatief ('{text}'); CBS publiceert geen negatieve "
                               "aantallen of percentages — is het bestand bewerkt?")
    if geheel and not float(value).is_integer():
        raise InvalidDataError(f"{where}: {meting_naam} '{text}' is geen geheel getal; een aantal personen "
                               "heeft geen decimalen (is de decimale komma of de duizendtallenpunt verkeerd gelezen?)")
    if maximum is not None and value > maximum:
        raise InvalidDataError(f"{where}: {meting_naam} '{text}' is groter dan {fmt(maximum)}")


class Rows:
    """Output rows by key: the same key twice with another value is refused, the same value kept once."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows: dict[tuple, dict] = {}
        self.dupes = 0

    def add(self, key: tuple, row: dict, value_field: str, what: str) -> None:
        old = self.rows.get(key)
        if old is None:
            self.rows[key] = row
        elif old[value_field] != row[value_field]:
            raise InvalidDataError(f"{self.source}: {what} staat twee keer in het bestand, met "
                                   f"{old[value_field]} en {row[value_field]}; welke geldt is niet te zeggen "
                                   "(staat er een uitsplitsing in die geen totaal heeft?)")
        else:
            self.dupes += 1


def future(year: int, sel: Selectie, where: str) -> None:
    """Refuse a year after the current one."""
    if year > sel.jaar_nu:
        raise InvalidDataError(f"{where}: jaar {year} ligt na het huidige jaar {sel.jaar_nu}; CBS-waarnemingen "
                               "uit de toekomst bestaan niet (een prognose hoort niet in deze import)")


def add_benchmark(out: Rows, gebied: str | None, indicator: str, year: int, value: float, eenheid: str) -> None:
    """One benchmark row (total, no dimensie) into `out`."""
    row = {"gebied": gebied, "indicator": indicator, "periode": str(year), "dimensie": "",
           "waarde": fmt(value), "eenheid": eenheid}
    out.add((gebied, indicator, str(year)), row, "waarde", f"{indicator} van {gebied} in {year}")
