"""Dutch number, money and date formats for everything a report reader sees (babel, nl_NL).

The figure table stays exact; these functions only turn numbers into text.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeGuard

import pandas as pd
from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

LOCALE = "nl_NL"
MISSING = "–"
MINUS = "\u2212"  # a true minus sign: a hyphen reads as a dash and breaks from its number


def _number(value: Any) -> TypeGuard[float | int]:
    """Whether `value` prints as a number: not None, NaN or infinite (a frame's cell may be anything)."""
    if value is None:
        return False
    try:
        return not (bool(pd.isna(value)) or math.isinf(float(value)))
    except (TypeError, ValueError):
        return True


# The locale's own symbols (babel's CLDR data); the digits are grouped by three as nl_NL does.
# Python's formatting of the already rounded Decimal, instead of babel's pattern engine per
# number: a report formats some 20.000 numbers (a test holds the two equal).
_SYMBOLS = str.maketrans({",": get_group_symbol(LOCALE), ".": get_decimal_symbol(LOCALE)})


def getal(value: float | int | None, decimalen: int = 0) -> str:
    """`1301 -> "1.301"`, `getal(2.25, 1) -> "2,3"`, `-299 -> "−299"` (U+2212 minus sign);
    missing values become "–"."""
    if not _number(value):
        return MISSING
    # Half-up rounding as a reader expects (2,25 -> 2,3), on the shortest decimal repr of the float.
    quantum = Decimal(1).scaleb(-decimalen)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{max(decimalen, 0)}f}".translate(_SYMBOLS)
    return MINUS + text[1:] if text.startswith("-") else text


def procent(value: float | None, decimalen: int = 1, fractie: bool = True) -> str:
    """A fraction (`0.133`) or, with `fractie=False`, a percentage value (`13.3`) as "13,3%"."""
    if not _number(value):
        return MISSING
    pct = float(value) * 100.0 if fractie else float(value)
    return f"{getal(pct, decimalen)}%"


def cijfer(value: float | None) -> str:
    """A report mark (rapportcijfer) with one decimal: `7.8 -> "7,8"`."""
    return getal(value, 1)


def euro(value: float | None) -> str:
    """Money for prose: `4_300_000 -> "€ 4,3 mln"`, `299_000 -> "€ 299k"`, `950 -> "€ 950"`."""
    if not _number(value):
        return MISSING
    v = float(value)
    if abs(v) >= 999_500:
        return f"€ {getal(v / 1_000_000, 1)} mln"
    if abs(v) >= 10_000:
        return f"€ {getal(v / 1_000, 0)}k"
    return f"€ {getal(v, 0)}"


def euro_exact(value: float | None) -> str:
    """Whole euros with separators: `1234.5 -> "€ 1.235"` (amounts per client or inhabitant)."""
    if not _number(value):
        return MISSING
    return f"€ {getal(value, 0)}"


def euro_k(value: float | None) -> str:
    """Amounts for tables headed "bedragen x € 1.000": `-299_000 -> "−299"`, `1_130_400 -> "1.130"`."""
    if not _number(value):
        return MISSING
    return getal(float(value) / 1_000.0, 0)


def _as_date(value: date | datetime | str | pd.Timestamp) -> date:
    if isinstance(value, str):
        return pd.Timestamp(value).date()
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date()
    return value


def maand(value: str | date | pd.Timestamp | pd.Period) -> str:
    """`"2026-02" -> "februari 2026"`."""
    if isinstance(value, pd.Period):
        value = value.start_time
    elif isinstance(value, str) and len(value) == 7:
        value = f"{value}-01"
    return format_date(_as_date(value), "MMMM y", locale=LOCALE)


def maand_kort(value: str | date | pd.Timestamp) -> str:
    """Axis label for a month: `"2026-02" -> "feb"`."""
    if isinstance(value, str) and len(value) == 7:
        value = f"{value}-01"
    return format_date(_as_date(value), "MMM", locale=LOCALE).rstrip(".")


def datum(value: date | datetime | str | pd.Timestamp) -> str:
    """`date(2026, 3, 10) -> "10 maart 2026"`."""
    return format_date(_as_date(value), "d MMMM y", locale=LOCALE)


def waarde(value: float | None, eenheid: str) -> str:
    """A figure-table value formatted after its `eenheid` (aantal, euro, fractie, procent, dagen, ...)."""
    if eenheid == "euro":
        return euro_exact(value)
    if eenheid == "fractie":
        return procent(value, 1)
    if eenheid == "procent":
        return procent(value, 1, fractie=False)
    if eenheid == "cijfer":
        return cijfer(value)
    if eenheid in ("aantal", "dagen"):
        return getal(value, 0)
    # Volumes in a bouwsteen unit (uren, etmalen, ...) may be fractional; whole numbers read better.
    return getal(value, 0)


def opsomming(items: list[str]) -> str:
    """A Dutch enumeration: "a", "a en b", "a, b en c" (no comma before "en")."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"


# A cell that reads as a number: "1.301", "−299", "13,3%", "+2,5 %-punt", "€ 4,3 mln", "€ 299k",
# "<5", "7,8", a range "19,6–24,4", with a status mark ("1.301*", "2.240 (deel)"). Placeholders that
# stand where a number would ("–", "x", "geen gegevens", "n.b.") align like one too.
_GETAL = r"[−+-]?(?:€\s?)?[−+-]?\d[\d.]*(?:,\d+)?(?:\s?(?:%(?:-?punt)?|mln|mld|k|dagen|uur|pp))?"
_NUMERIEK = re.compile(rf"<\s?\d+|{_GETAL}(?:\s?(?:[–-]|tot)\s?{_GETAL})?")
_STATUSTEKEN = re.compile(r"(?:\*|\s\((?:deel|deel van het jaar|voorlopig)\))$")
_PLAATSHOUDERS = frozenset({MISSING, "-", "x", "geen gegevens", "n.b.", "n.v.t.", "nvt", "—"})


def is_numeriek(text: str) -> bool:
    """Whether a formatted cell reads as a number (or a placeholder for one), with or without a
    status mark: such a cell is right-aligned in every table, whatever the column's dtype was."""
    t = _STATUSTEKEN.sub("", " ".join(str(text).replace("\u00a0", " ").split()))
    return t.lower() in _PLAATSHOUDERS or bool(_NUMERIEK.fullmatch(t))
