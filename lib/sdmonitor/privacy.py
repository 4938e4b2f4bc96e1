"""Scan published output for identifiers of persons before a report is moved into place.

What is published (and scanned): `monitor.html`, `kpi-overzicht.csv` and the executed notebooks in
`notebooks/` — they sit in the report folder and carry every output the chapters produced, so a
leak there is as real as one in the HTML. Not scanned: `kpis.csv` (internal, aggregates only, its
full-precision floats would be noise) and `manifest.json` (hashes and versions; hex digests would
give false BSN hits). Embedded images (base64) are removed before scanning: their text is not
readable content and random digit runs in it would trip the BSN check.

Three kinds of hit:
- `client_id`: a `client_id` of the data (declaraties, toewijzingen) appears as a whole token;
- `bsn`: a 9-digit number passing the 11-proef (not part of a longer number or a decimal);
- `aanbieder+client`: a provider AGB code within a few characters of a client id — also catches
  client ids too short to scan for on their own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import SdmonitorError

# Client ids shorter than this are not scanned on their own: a pseudonym like "17" would match
# every page number. They still count in the aanbieder+client check.
MIN_ID_LENGTH = 5
# How close (characters) an AGB code and a client id must be to count as a combination.
NEAR = 80

# Not inside a longer token, a decimal ("0.123456782") or a number with decimals ("123456782,5").
_BSN = re.compile(r"(?<![\w.,])(\d{9})(?![\w])(?![.,]\d)")
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]*")
_IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "application/pdf")


class PrivacyError(SdmonitorError):
    """Published output contains person identifiers; the report is not published (exit 4)."""

    exit_code = 4


@dataclass(frozen=True)
class Hit:
    """One identifier found; `value` is masked so the message itself does not leak it."""

    file: str
    kind: str
    value: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind} {self.value}"


def mask(value: str) -> str:
    return value[:3] + "*" * max(len(value) - 3, 0)


def elfproef(number: str) -> bool:
    """BSN 11-proef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11."""
    if len(number) != 9 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8])) - digits[8]
    return total % 11 == 0


def _token_pattern(tokens: Iterable[str]) -> re.Pattern | None:
    words = sorted({t for t in tokens if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def scan_text(text: str, client_ids: set[str], aanbieders: set[str] | frozenset[str] = frozenset(),
              file: str = "") -> list[Hit]:
    """Every identifier in `text` (see the module docstring for the three kinds)."""
    hits: list[Hit] = []
    long_ids = {c for c in client_ids if len(c) >= MIN_ID_LENGTH}
    pattern = _token_pattern(long_ids)
    if pattern:
        for m in pattern.finditer(text):
            hits.append(Hit(file, "client_id", mask(m.group(1)), _line_of(text, m.start())))
    for m in _BSN.finditer(text):
        if elfproef(m.group(1)):
            hits.append(Hit(file, "bsn", mask(m.group(1)), _line_of(text, m.start())))
    all_ids = _token_pattern(client_ids)
    agb = _token_pattern(aanbieders)
    if all_ids and agb:
        id_positions = [m.start() for m in all_ids.finditer(text)]
        for m in agb.finditer(text):
            if any(abs(p - m.start()) <= NEAR for p in id_positions):
                hits.append(Hit(file, "aanbieder+client", mask(m.group(1)), _line_of(text, m.start())))
    return hits


def _notebook_text(path: Path) -> str:
    # Sources and every non-image output, one string per line so line numbers stay meaningful.
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts: list[str] = []
    for cell in nb.get("cells", []):
        parts.append("".join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts.append("".join(out.get("traceback", [])))
            for mime, value in out.get("data", {}).items():
                if mime not in _IMAGE_MIMES:
                    parts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list)
                                 else json.dumps(value))
    return "\n".join(parts)


def published_files(folder: Path) -> list[Path]:
    """The files of a report folder that are scanned (see the module docstring)."""
    folder = Path(folder)
    files = [folder / "monitor.html", folder / "kpi-overzicht.csv"]
    files += sorted((folder / "notebooks").glob("*.ipynb"))
    return [f for f in files if f.is_file()]


def identifiers(dataset) -> tuple[set[str], set[str]]:
    """(client ids, aanbieder codes) of the whole dataset, all municipalities."""
    client_ids: set[str] = set()
    aanbieders: set[str] = set()
    for table in ("declaraties", "toewijzingen"):
        if dataset.has(table) and "client_id" in dataset[table].columns:
            client_ids |= {str(v) for v in dataset[table]["client_id"].dropna().unique()}
    if dataset.has("declaraties") and "aanbieder" in dataset["declaraties"].columns:
        aanbieders |= {str(v) for v in dataset["declaraties"]["aanbieder"].dropna().unique()}
    return client_ids, aanbieders


def scan_report(folder: Path, dataset) -> list[Hit]:
    """Scan every published file of a report folder against the identifiers of `dataset`."""
    client_ids, aanbieders = identifiers(dataset)
    hits: list[Hit] = []
    for path in published_files(folder):
        if path.suffix == ".ipynb":
            text = _notebook_text(path)
        else:
            text = path.read_text(encoding="utf-8-sig")
        text = _DATA_URI.sub("data:", text)
        hits += scan_text(text, client_ids, aanbieders, file=str(path.relative_to(folder)))
    return hits


def assert_clean(folder: Path, dataset) -> None:
    """Raise `PrivacyError` listing (masked) hits if any published file leaks an identifier."""
    hits = scan_report(folder, dataset)
    if hits:
        shown = "; ".join(str(h) for h in hits[:5])
        more = f" (en nog {len(hits) - 5})" if len(hits) > 5 else ""
        raise PrivacyError(
            f"het rapport bevat {len(hits)} mogelijke persoonsgegeven(s) en is niet gepubliceerd: {shown}{more}")
