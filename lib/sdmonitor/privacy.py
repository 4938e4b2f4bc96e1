"""Scan published output for identifiers of persons before a report is moved into place.

What is published (and scanned): every file at the top of the report folder — `monitor.html`,
every CSV (`cijfers.csv`, `kpi-overzicht.csv`, `wijzigingen.csv`), `manifest.json` and
`monitor.pdf` when it exists (its text, when `pypdf` is installed; the PDF is printed from the
scanned HTML either way). Not scanned: the folder `intern/` (exact figures, chapter inputs,
executed notebooks), which is never published and readable by the user only. A hex digest in the
manifest is one token with letters, so it cannot pass for a BSN. Embedded images (base64) are
removed before scanning: their text is not readable content and random digit runs in it would
trip the BSN check.

The text is scanned as a reader sees it (`reader_text`): HTML entities unescaped (`&amp;` is `&`,
`&#49;` is `1`), NFKC-normalised (full-width digits are digits), invisible characters (soft hyphen,
zero-width space) removed and non-breaking spaces made spaces. CSV cells are scanned one by one,
except the computed numbers of the figure files (`waarde`, ...: a nine-digit euro amount is no BSN).

Three kinds of hit:
- `client_id`: a `client_id` of the data (declaraties, toewijzingen) appears as a whole token;
- `bsn`: a 9-digit number passing the 11-proef, also written in groups with one kind of
  separator (`123456782`, `1234.56.782`, `111 222 333`, `123-456-782`); not part of a longer
  number or a decimal, and not an amount (`€ 123.456.782`);
- `aanbieder+client`: a provider AGB code within a few characters of a client id — also catches
  client ids too short to scan for on their own.
"""

from __future__ import annotations

import bisect
import csv
import html
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sdmonitor.errors import SdmonitorError

# Client ids shorter than this are not scanned on their own: a pseudonym like "17" would match
# every page number. They still count in the aanbieder+client check.
MIN_ID_LENGTH = 5
# How close (characters) an AGB code and a client id must be to count as a combination.
NEAR = 80

# Nine digits, bare or in the groupings people write a BSN in, with one separator kind (\2);
# not inside a longer token, a decimal ("0.123456782") or a number with decimals ("123456782,5").
_GROUPS = (r"\d{9}", r"\d{4}([ .\-])\d{2}\2\d{3}", r"\d{3}([ .\-])\d{3}\3\d{3}",
           r"\d{3}([ .\-])\d{2}\4\d{4}", r"\d{2}([ .\-])\d{3}\5\d{4}")
_BSN = re.compile(r"(?<![\w.,\-])(" + "|".join(_GROUPS) + r")(?![\w])(?![.,\-]\d)")
_AMOUNT_BEFORE = re.compile(r"€\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
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


def reader_text(text: str) -> str:
    """`text` as a reader sees it: entities unescaped (twice, for `&amp;amp;`), NFKC-normalised,
    invisible characters removed, non-breaking and thin spaces as plain spaces."""
    text = html.unescape(html.unescape(text))
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return re.sub(r"[\u00a0\u2007\u2009\u202f]", " ", text)


def digits_of(value: str) -> str:
    """The digits of `value` when it is nine digits with only spaces, dots or hyphens between."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    digits = re.sub(r"[ .\-]", "", text)
    return digits if len(digits) == 9 and digits.isdigit() and digits.isascii() else ""


def looks_like_bsn(value: str) -> bool:
    """A value that is nine digits (optionally grouped) passing the 11-proef: probably a BSN."""
    digits = digits_of(value)
    return bool(digits) and elfproef(digits)


HIDDEN = "[BSN verborgen]"


def hide_bsn(text: str) -> str:
    """`text` with every BSN-like number (11-proef, bare or grouped) replaced by `HIDDEN`: for
    messages about the input (`validate`, logs), which say where a value is, never the value."""
    def hide(m: re.Match) -> str:
        return HIDDEN if elfproef(re.sub(r"[ .\-]", "", m.group(1))) else m.group(0)

    text = _BSN.sub(hide, text)
    readable = unicodedata.normalize("NFKC", text)  # full-width digits are digits to a reader too
    # Only a BSN that NFKC reveals costs the text its original characters.
    return text if _BSN.sub(hide, readable) == readable else _BSN.sub(hide, readable)


def _token_pattern(tokens: Iterable[str]) -> re.Pattern | None:
    words = sorted({t for t in tokens if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


_WORD_RUN = re.compile(r"\w+")


def words_of(text: str) -> set[str]:
    """The distinct runs of word characters in `text`."""
    return set(_WORD_RUN.findall(text))


def _is_word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(_WORD_RUN.match(text[i]))


class TokenIndex:
    r"""Where any of many identifiers occurs in a text as a whole token (not inside a longer word),
    longer identifiers first — the matches of `(?<!\w)(id1|id2|...)(?!\w)` — without compiling
    one regular expression of every identifier: built once, a dictionary lookup per word of text.

    An identifier is filed under its first run of word characters; in a text, that run is a
    whole word run (the characters around it are outside \w or inside the identifier), so each
    word of the text is looked up once and the few candidates are compared in place."""

    def __init__(self, tokens: Iterable[str]) -> None:
        self.by_run: dict[str, list[tuple[int, str]]] = {}
        loose = []
        for word in sorted({t for t in tokens if t}, key=len, reverse=True):
            run = _WORD_RUN.search(word)
            if run is None:
                loose.append(word)  # no word character at all (e.g. "--"): rare, kept as a pattern
            else:
                self.by_run.setdefault(run.group(), []).append((run.start(), word))
        self.loose = _token_pattern(loose)

    def __bool__(self) -> bool:
        return bool(self.by_run) or self.loose is not None

    def find(self, text: str, words: set[str] | None = None) -> list[tuple[int, str]]:
        """(position, identifier) of every occurrence, left to right, not overlapping. `words`: the
        text's word runs (`words_of`), when the caller has them for several indexes."""
        found: list[tuple[int, str]] = []
        last_end = 0
        # A clean report has no identifier's first run among its words: a set operation says so,
        # and the word-by-word search below (a Python step per word) runs only when one is there.
        words = words_of(text) if words is None else words
        runs = () if self.by_run.keys().isdisjoint(words) else _WORD_RUN.finditer(text)
        for m in runs:
            for offset, word in self.by_run.get(m.group(), ()):
                start = m.start() - offset
                end = start + len(word)
                if (start >= last_end and text.startswith(word, start) and not _is_word_char(text, start - 1)
                        and not _is_word_char(text, end)):
                    found.append((start, word))
                    last_end = end
                    break
        if self.loose is not None:
            found += [(m.start(), m.group(1)) for m in self.loose.finditer(text)]
            found.sort()
        return found


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


@dataclass(frozen=True)
class Identifiers:
    """The identifiers a report is scanned for, indexed once (not per file)."""

    long_ids: TokenIndex
    all_ids: TokenIndex
    aanbieders: TokenIndex

    @classmethod
    def build(cls, client_ids: Iterable[str], aanbieders: Iterable[str] = ()) -> Identifiers:
        ids = set(client_ids)
        return cls(TokenIndex(c for c in ids if len(c) >= MIN_ID_LENGTH), TokenIndex(ids), TokenIndex(aanbieders))


def scan_text(text: str, client_ids: set[str] | Identifiers, aanbieders: set[str] | frozenset[str] = frozenset(),
              file: str = "") -> list[Hit]:
    """Every identifier in `text` (see the module docstring for the three kinds). `client_ids` may
    be an `Identifiers` index built once for many texts (then `aanbieders` is in it)."""
    index = client_ids if isinstance(client_ids, Identifiers) else Identifiers.build(client_ids, aanbieders)
    hits: list[Hit] = []
    words = words_of(text)
    for start, word in index.long_ids.find(text, words):
        hits.append(Hit(file, "client_id", mask(word), _line_of(text, start)))
    for m in _BSN.finditer(text):
        digits = re.sub(r"[ .\-]", "", m.group(1))
        if elfproef(digits) and not _AMOUNT_BEFORE.search(text, max(0, m.start() - 3), m.start()):
            hits.append(Hit(file, "bsn", mask(digits), _line_of(text, m.start())))
    # An aanbieder counts only beside an identifier: without one, its codes (in every contract
    # table) are not looked up at all.
    id_positions = [start for start, _ in index.all_ids.find(text, words)] if index.aanbieders else []
    if id_positions:
        for start, word in index.aanbieders.find(text, words):
            i = bisect.bisect_left(id_positions, start - NEAR)
            if i < len(id_positions) and id_positions[i] <= start + NEAR:
                hits.append(Hit(file, "aanbieder+client", mask(word), _line_of(text, start)))
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


# Columns of the figure files that hold computed numbers, not text from the input: a budget of
# 123456782 euro is not a BSN (a whole-euro amount has nine digits in a large municipality).
COMPUTED_COLUMNS = ("waarde", "waarde_vorige", "verschil")


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _csv_text(path: Path) -> str:
    # One line per row, cells separated by tabs: a comma or semicolon must not hide a cell's start.
    raw = path.read_text(encoding="utf-8-sig")
    sep = ";" if raw.split("\n", 1)[0].count(";") > raw.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(raw), delimiter=sep))
    computed = {i for i, name in enumerate(rows[0] if rows else []) if name.strip().lower() in COMPUTED_COLUMNS}
    return "\n".join("\t".join("" if i in computed and k and _number(cell) else cell
                                 for i, cell in enumerate(row)) for k, row in enumerate(rows))


def _pdf_text(path: Path) -> str:
    """The PDF's text, one line per text run. A line of extracted text joins a table's cells with
    spaces ("104 118 131"), which would read as a BSN written in groups; text runs keep cells apart
    while a BSN typed in a sentence stays within its run."""
    try:
        from pypdf import PdfReader
    except ImportError:  # the PDF is printed from monitor.html, which is scanned
        return ""
    runs: list[str] = []

    def visit(text: str, *_args) -> None:
        if text.strip():
            runs.append(text.strip())

    for page in PdfReader(str(path)).pages:
        page.extract_text(visitor_text=visit)
    return "\n".join(runs)


def published_files(folder: Path) -> list[Path]:
    """The files of a report folder that are scanned: every file at its top (subfolders such as
    `intern/` are not published)."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file())


def published_text(path: Path) -> str:
    """The readable text of one published file, as a reader sees it (see `reader_text`)."""
    suffix = path.suffix.lower()
    if suffix == ".ipynb":
        text = _notebook_text(path)
    elif suffix == ".csv":
        text = _csv_text(path)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    elif suffix in (".png", ".jpg", ".jpeg", ".svg"):
        return ""
    else:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    return reader_text(_DATA_URI.sub("data:", text))


def identifiers(dataset) -> tuple[set[str], set[str]]:
    """(client ids, aanbieder codes) of the whole dataset, all municipalities."""
    client_ids: set[str] = set()
    aanbieders: set[str] = set()
    for table in ("declaraties", "toewijzingen"):
        if dataset.has(table) and "client_id" in dataset[table].columns:
            client_ids |= {reader_text(str(v)) for v in dataset[table]["client_id"].dropna().unique()}
    if dataset.has("declaraties") and "aanbieder" in dataset["declaraties"].columns:
        aanbieders |= {str(v) for v in dataset["declaraties"]["aanbieder"].dropna().unique()}
    return client_ids, aanbieders


def scan_report(folder: Path, dataset, names: Iterable[str] | None = None) -> list[Hit]:
    """Scan every published file of a report folder (or only those `names`) against the
    identifiers of `dataset`."""
    index = Identifiers.build(*identifiers(dataset))  # once per report, not per file
    hits: list[Hit] = []
    wanted = None if names is None else set(names)
    for path in published_files(folder):
        if wanted is not None and path.name not in wanted:
            continue
        hits += scan_text(published_text(path), index, file=path.relative_to(folder).as_posix())
    return hits


def assert_clean(folder: Path, dataset, names: Iterable[str] | None = None) -> None:
    """Raise `PrivacyError` listing (masked) hits if any published file (or any of `names`)
    leaks an identifier."""
    hits = scan_report(folder, dataset, names)
    if hits:
        shown = "; ".join(str(h) for h in hits[:5])
        more = f" (en nog {len(hits) - 5})" if len(hits) > 5 else ""
        raise PrivacyError(
            f"het rapport bevat {len(hits)} mogelijke persoonsgegeven(s) en is niet gepubliceerd: {shown}{more}")
