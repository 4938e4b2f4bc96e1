"""Pseudonymisation at the door: a BSN becomes a keyed hash before anything else sees it.

HMAC-SHA256 with the key from `SDMONITOR_PSEUDONYM_KEY` (INTERFACE.md §1). The same key gives the
same pseudonym in every import, so a client stays one `client_id` across deliveries and across
`declaraties` and `toewijzingen`; without the key a pseudonym cannot be traced back to a BSN by
trying all 10^9 numbers. The pseudonym is the first 20 hex digits (80 bits) of the digest: short
enough to read, and a collision among even millions of clients is practically impossible.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from ..errors import UsageError

KEY_VARIABLE = "SDMONITOR_PSEUDONYM_KEY"
LENGTH = 20


class Pseudonymiser:
    """Turns a BSN into a `client_id`. Holds the key; never stores or returns a BSN."""

    def __init__(self, key: str) -> None:
        if not key:
            raise UsageError(f"de sleutel voor pseudonimisering ontbreekt: zet de omgevingsvariabele {KEY_VARIABLE}")
        self._key = key.encode("utf-8")

    def __call__(self, bsn: str) -> str:
        digest = hmac.new(self._key, bsn.strip().encode("ascii"), hashlib.sha256).hexdigest()
        return digest[:LENGTH]

    def __repr__(self) -> str:  # never show the key
        return "Pseudonymiser(<sleutel verborgen>)"


def from_environment() -> Pseudonymiser:
    """The pseudonymiser for `$SDMONITOR_PSEUDONYM_KEY`; `UsageError` (exit 2) when it is not set."""
    return Pseudonymiser(os.environ.get(KEY_VARIABLE, ""))
