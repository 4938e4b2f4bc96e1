"""Periode and peildatum: the time window of one edition of the monitor (INTERFACE.md §1)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import UsageError

# The years a periode or peildatum may lie in (the same range validation accepts for dates).
FIRST_YEAR, LAST_YEAR = 1900, 2100

# "The data as known shortly after the periode": declarations are sent monthly, so a month after
# the periode's last day the declarations over its last month have come in once (as a monitor
# made then saw them). See `peildatum_kort_na`.
DAGEN_NA_PERIODE = 30

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
    def parse(cls, text: str) -> Periode:
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


# A past periode "as known then": the declarations in by six weeks after the periode's end. Care of
# a month is declared mostly in the month after it, and a monitor over a month is made in the weeks
# after that; six weeks covers that first round of declarations without the late ones of the months
# that follow (which a monitor made then could not have had).
KORT_NA_DAGEN = 42
# A peildatum more than about three months after the periode's end makes the edition a later view
# of a past periode: the colophon says so and how to make the edition as known then.
LATER_DAGEN = 92


def peildatum_kort_na(periode: Periode, laatste: date | None = None, dagen: int = KORT_NA_DAGEN) -> date:
    """A periode's own peildatum: the data as known `dagen` days after the periode's last day,
    never later than the data itself (`laatste`: the latest `ingediend_op`, if known).

    For the latest periode of the data this is `laatste`, the contract's default; an earlier
    periode reads as its own edition did, not with every later revision (so comparing two editions
    compares what was known then). Used by `open_edition` and the colophon's reproduction hint; the
    CLI's `--peildatum` default stays the contract's (INTERFACE §1)."""
    grens = periode.end + timedelta(days=dagen)
    return grens if laatste is None else min(laatste, grens)


def latere_peildatum(periode: Periode, peildatum: date, dagen: int = LATER_DAGEN) -> bool:
    """Whether `peildatum` lies more than `dagen` days after the periode's end, so that declarations
    known only later count in the edition."""
    return peildatum > periode.end + timedelta(days=dagen)
