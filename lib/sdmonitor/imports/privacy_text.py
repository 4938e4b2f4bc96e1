"""Keeping BSNs out of what an import prints or remembers.

A BSN belongs in the `Bsn` element only, where it is pseudonymised at once. One that turns up in
any other element that reaches a table or the ledger (an allocation number, a provider's
reference, a message identification, free text) is *masked*, not refused: every 9-digit run that
passes the 11-proef is replaced by `*` and its keyed pseudonym (`mask_record`). Refusing would
also refuse the many innocent 9-digit allocation numbers that pass the 11-proef by chance (about
1 in 11); the pseudonym keeps such a number usable as a link (a 323 still finds its 301), since
the same run always gives the same mask. Amounts and volumes are numbers, not identifiers, and are
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sdmonitor.privacy import elfproef

_NINE = re.compile(r"(?<!\d)\d{9}(?!\d)")
NUMBERS = frozenset({"volume", "bedrag"})  # never an identifier (and '123456789.00' is an amount)
_IDENTITY = ("client_id",)  # already a pseudonym


def safe_name(text: str) -> str:
    """A file name or path with every 9-digit run that passes the 11-proef (could be a BSN) masked."""
    return _NINE.sub(lambda m: "*********" if elfproef(m.group(0)) else m.group(0), text)


def mask_text(text: str, pseudonym: Callable[[str], str]) -> str:
    """`text` with every 11-proef-valid 9-digit run replaced by `*` + its pseudonym (12 hex)."""
    return _NINE.sub(lambda m: f"*{pseudonym(m.group(0))[:12]}" if elfproef(m.group(0)) else m.group(0), text)


def mask_record(record: dict, pseudonym: Callable[[str], str]) -> int:
    """Mask BSN-like runs in the text values of one record, in place; returns how many values changed."""
    changed = 0
    for key, value in record.items():
        if isinstance(value, str) and key not in NUMBERS and key not in _IDENTITY and _NINE.search(value):
            masked = mask_text(value, pseudonym)
            if masked != value:
                record[key] = masked
                changed += 1
    return changed
