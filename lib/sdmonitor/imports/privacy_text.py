"""Keeping BSNs out of what an import prints or remembers."""

from __future__ import annotations

import re

from sdmonitor.privacy import elfproef

_NINE = re.compile(r"(?<!\d)\d{9}(?!\d)")


def safe_name(text: str) -> str:
    """A file name or path with every 9-digit run that passes the 11-proef (could be a BSN) masked."""
    return _NINE.sub(lambda m: "*********" if elfproef(m.group(0)) else m.group(0), text)
