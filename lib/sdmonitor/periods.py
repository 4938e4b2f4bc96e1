"""Periode and peildatum: the time window of one edition of the monitor (INTERFACE.md §1)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .errors import UsageError

# The years a periode or peildatum may lie in (the same range validation accepts for dates).
FIRST_YEAR, LAST_YEAR = 1900, 2100

MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]


@dataclass(frozen=True)
class Periode:
    """The last month reported on. The report covers years `jaar - 3 .. jaar`."""

    jaar: int
    maand: int

    @classmethod
    def parse(cls, text: str) -> "Periode":
        m = re.fullmatch(r"([0-9]{4})-([0-9]{2})", str(text).strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise UsageError(f"periode '{text}' is geen geldige maand; verwacht YYYY-MM, bijv. 2026-02")
        if not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:  # 0000-01 would crash date arithmetic
            raise UsageError(f"periode '{text}' ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}")
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return f"{self.jaar:04d}-{self.maand:02d}"

    @property
    def years(self) -> list[int]:
        """The four report years `Y-3 .. Y`."""
        return list(range(self.jaar - 3, self.jaar + 1))

    @property
    def months(self) -> list[str]:
        """Every month `YYYY-MM` from January `Y-3` through the periode."""
        return [f"{y:04d}-{m:02d}" for y in range(self.jaar - 3, self.jaar + 1)
                for m in range(1, 13) if (y, m) <= (self.jaar, self.maand)]

    @property
    def end(self) -> date:
        """Last day of the periode month."""
        return date(self.jaar, self.maand, calendar.monthrange(self.jaar, self.maand)[1])

    @property
    def maandnaam(self) -> str:
        return MAANDEN[self.maand - 1]


def check_peildatum(periode: Periode, peildatum: date | None) -> None:
    """A given peildatum before the periode's month contradicts the periode: nothing of that month
    can be declared yet. Wrong usage (exit 2) whatever the data holds, so it is said before the
    data is read; a peildatum taken from the data is `selection.check_edition`'s (exit 3)."""
    if peildatum is not None and (periode.jaar, periode.maand) > (peildatum.year, peildatum.month):
        raise UsageError(
            f"periode {periode} ligt na de peildatum {peildatum.isoformat()}: over zorg in die maand "
            "kan nog niets gedeclareerd zijn. Kies een eerdere periode of een latere peildatum")


def parse_peildatum(text: str | None) -> date | None:
    """`YYYY-MM-DD` or None."""
    if text is None:
        return None
    value = str(text).strip()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"peildatum '{text}' is geen geldige datum; verwacht YYYY-MM-DD") from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise UsageError(f"peildatum '{text}' ligt niet tussen {FIRST_YEAR} en {LAST_YEAR}")
    return parsed
