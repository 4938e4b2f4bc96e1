"""Pseudonymisation at the door: a BSN becomes a keyed hash before anything else sees it.

HMAC-SHA256 with the key from `SDMONITOR_PSEUDONYM_KEY` (INTERFACE.md §1). The same key gives the
same pseudonym in every import, so a client stays one `client_id` across deliveries and across
`declaraties` and `toewijzingen`; without the key a pseudonym cannot be traced back to a BSN by
trying all 10^9 numbers. The pseudonym is the first 20 hex digits (80 bits) of the digest: short
enough to read, and a collision among even millions of clients is practically impossible.

The key must be strong (`check_key`): at least 16 characters of which at least 10 different. A
key like "a" or "password" can be guessed, and a guessed key makes every pseudonym reversible by
trying all BSNs. The import ledger keeps a *fingerprint* of the key (`fingerprint`), never the
key: PBKDF2-HMAC-SHA256 of a fixed text with a random salt and many rounds, so checking a guessed
key against it is as slow as a password check. Another key on the same folder is refused, since it
would silently split every client in two.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from ..errors import UsageError

KEY_VARIABLE = "SDMONITOR_PSEUDONYM_KEY"
LENGTH = 20
MIN_LENGTH = 16
MIN_DISTINCT = 10
KEY_RULE = f"minstens {MIN_LENGTH} tekens, waarvan minstens {MIN_DISTINCT} verschillende"
MAKE_KEY = "python -c \"import secrets; print(secrets.token_urlsafe(24))\""
_FINGERPRINT_TEXT = b"sdmonitor pseudonimiseringssleutel"
_ROUNDS = 200_000


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

    def fingerprint(self, salt: str | None = None) -> str:
        """`pbkdf2-sha256$rounds$salt$hash` of the key (a new random salt unless given)."""
        return fingerprint(self._key, salt)

    def matches(self, recorded: str) -> bool:
        """Whether `recorded` (a `fingerprint`) was made with this key."""
        parts = recorded.strip().split("$")
        if len(parts) != 4 or parts[0] != "pbkdf2-sha256" or not parts[1].isdigit():
            return False
        return hmac.compare_digest(fingerprint(self._key, parts[2], int(parts[1])), recorded.strip())


def fingerprint(key: bytes, salt: str | None = None, rounds: int = _ROUNDS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", key + b"\0" + _FINGERPRINT_TEXT, bytes.fromhex(salt), rounds)
    return f"pbkdf2-sha256${rounds}${salt}${digest.hex()}"


def check_key(key: str) -> None:
    """`UsageError` (exit 2) for a missing or weak key (the rule: `KEY_RULE`); never shows the key."""
    if not key:
        raise UsageError(f"de sleutel voor pseudonimisering ontbreekt: zet de omgevingsvariabele {KEY_VARIABLE}")
    if len(key) < MIN_LENGTH or len(set(key)) < MIN_DISTINCT or not key.strip():
        raise UsageError(f"de sleutel in {KEY_VARIABLE} is te zwak (te kort of te weinig verschillende tekens): "
                         f"kies een sleutel van {KEY_RULE} (maak er een met: {MAKE_KEY})")


def from_environment() -> Pseudonymiser:
    """The pseudonymiser for `$SDMONITOR_PSEUDONYM_KEY`; `UsageError` (exit 2) when it is not set
    or too weak (`check_key`)."""
    key = os.environ.get(KEY_VARIABLE, "")
    check_key(key)
    return Pseudonymiser(key)
