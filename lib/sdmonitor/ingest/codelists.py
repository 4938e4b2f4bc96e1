"""The iStandaard code lists shipped with the package (`data/codelists/<ID>.csv`, `code,omschrijving`).

The CSV files are extracted from the iJw/iWmo 3.2 reference pages by `tools/extract_codelists.py`
and committed, so an installed package needs nothing outside itself.
"""

from __future__ import annotations

import csv
from functools import cache

from sdmonitor.config import CODELISTS_DIR

# Short lower-case unit names for WJ756, as used in figure rows (`eenheid`) and report text.
_UNIT_NAMES = {
    "01": "minuut",
    "04": "uur",
    "14": "etmaal",
    "16": "dagdeel",
    "82": "stuks",
    "83": "euro",
    "84": "stuks",
}


def available() -> list[str]:
    """Ids of the shipped code lists, e.g. `['COD043', 'COD327', 'JZ020', ...]`."""
    return sorted(p.stem for p in CODELISTS_DIR.glob("*.csv"))


@cache
def _load(list_id: str) -> dict[str, str]:
    path = CODELISTS_DIR / f"{list_id}.csv"
    if not path.is_file():
        raise KeyError(f"onbekende codelijst '{list_id}' (beschikbaar: {', '.join(available())})")
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["code"]: row["omschrijving"] for row in csv.DictReader(fh)}


def codes(list_id: str) -> dict[str, str]:
    """`code -> omschrijving` of one code list (a copy: callers may not change the shipped list)."""
    return dict(_load(list_id.upper()))


def is_valid(list_id: str, code: object) -> bool:
    """Whether `code` (exactly as written, leading zeros included) is in the code list."""
    return isinstance(code, str) and code in _load(list_id.upper())


def unit_name(eenheid_code: str) -> str:
    """Short lower-case Dutch unit name of a WJ756 code: '04' -> 'uur', '14' -> 'etmaal'."""
    code = str(eenheid_code).strip()
    if code not in _UNIT_NAMES:
        raise KeyError(f"onbekende WJ756-eenheid '{eenheid_code}'")
    return _UNIT_NAMES[code]
