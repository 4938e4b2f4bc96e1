"""Reading CBS files as they really arrive: StatLine CSV downloads and OData JSON.

- *StatLine CSV* ("CSV met labels" / "CSV met codes"): `;`-separated, quoted, a title line above
  the header and source/copyright lines below the data; numbers in Dutch notation (`1.023`,
  `12,7`, `1.234,5`); the CBS symbols `.` (gegevens ontbreken) and `x` (geheim) are missing, `-`
  (nihil) is 0. A second header line with units (`"";"";"aantal"`) is skipped.
- *OData-column CSV* (the TypedDataSet saved as CSV, as in the KWB export): column names like
  `AantalInwoners_5`, codes padded with spaces, numbers without separators.
- *OData JSON*: v3 (`{"value": [{"RegioS": "GM0296", "BevolkingOp1Januari_1": 1023}, ...]}`, the
  CBS open-data API's TypedDataSet) and v4 (`{"value": [{"Measure": "M000352", "Value": 1023.0,
  ...}]}`, long: pivoted to one column per measure code).

Text is UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode-tekst"), or cp1252 (a file
re-saved by Excel on Windows). The result is a `Table` of strings; numbers are read per column by
`ColumnNumbers`, which refuses notation it cannot read unambiguously.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidDataError, UsageError

MISSING = {"", ".", "x", "X", "?"}  # CBS: . ontbreekt, x geheim; ? is not CBS but never a number
NIHIL = {"-", "–"}  # CBS: nihil (zero)
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")  # 1.023, 17.942.942
_DUTCH = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")
_PLAIN = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_SUFFIX = re.compile(r"_\d+$")
_UNIT = re.compile(r"\s*\(([^()]*)\)\s*$")
MAX_BYTES = 200 * 1024 * 1024


@dataclass
class Table:
    """A CBS table as strings: `columns` as in the file, `rows` of equal length, `titles` a
    readable title per column where the source has one (OData metadata), `numbers` the notation
    of the numbers (`statline`: Dutch, `plain`: `.` decimal, no grouping)."""

    source: str
    columns: list[str]
    rows: list[list[str]]
    numbers: str = "plain"
    titles: dict[str, str] = field(default_factory=dict)
    skipped: int = 0  # metadata, footer and unit lines left out
    lines: list[int] = field(default_factory=list)  # the file's line number of each row (CSV)

    def where(self, k: int) -> str:
        """Where row `k` is, for a message: the line of a CSV, the record of a JSON answer."""
        return f"{self.source}, regel {self.lines[k]}" if self.lines else f"{self.source}, record {k + 1}"


def canon(name: str) -> str:
    """A column name or label compared loosely: no accents, unit, `_NN` suffix, case or punctuation
    (`Regio's` = `RegioS`, `Bevolking op 1 januari (aantal)` = `BevolkingOp1Januari_1`)."""
    text = _UNIT.sub("", _SUFFIX.sub("", str(name).strip()))
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if c.isalnum())


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else cp1252 (Excel on Windows); never a traceback."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InvalidDataError(f"{name}: de tekens zijn niet te lezen als UTF-8 of Windows-1252 (cp1252), "
                               f"byte {exc.start}; sla het bestand op als 'CSV UTF-8'") from None


def read_table(path: Path) -> Table:
    """A downloaded CBS file (CSV or OData JSON) as a `Table`."""
    if not path.is_file():
        raise UsageError(f"bestand '{path}' bestaat niet")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidDataError(f"{path.name}: groter dan {MAX_BYTES // 2**20} MB; download alleen de "
                               "gemeenten en jaren die de monitor nodig heeft")
    text = decode(path.read_bytes(), path.name)
    if text.lstrip().startswith(("{", "[")):
        try:
            return odata_table(json.loads(text), path.name)
        except json.JSONDecodeError as exc:
            raise InvalidDataError(f"{path.name}: geen geldige JSON (regel {exc.lineno}: {exc.msg})") from None
    return csv_table(text, path.name)


def _delimiter(text: str) -> str:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    counts = {d: sum(ln.count(d) for ln in lines) for d in (";", "\t", ",")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def csv_table(text: str, name: str) -> Table:
    """A CSV text: the header is the first line with the file's usual number of fields; lines
    before it (title) and after the data (source, copyright) are left out."""
    sep = _delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    parsed, line_of = [], []
    for r in reader:
        parsed.append(r)
        line_of.append(reader.line_num)
    widths = Counter(len(r) for r in parsed if len(r) > 1)
    if not widths:
        raise InvalidDataError(f"{name}: geen tabel gevonden (geen regel met meer dan één kolom)")
    width = widths.most_common(1)[0][0]
    # Excel pads a title line with empty cells to the table's width: a header has two names or more.
    start = next((i for i, r in enumerate(parsed) if len(r) == width and _filled(r) >= 2), None)
    if start is None:
        raise InvalidDataError(f"{name}: geen kopregel met kolomnamen gevonden")
    header = [h.strip() for h in parsed[start]]
    rows, lines, skipped = [], [], start
    for i, r in enumerate(parsed[start + 1:], start=start + 1):
        if _filled(r) <= 1:
            skipped += 1  # source, copyright or an empty line (padded or not)
            continue
        if len(r) != width:
            raise InvalidDataError(f"{name}: regel {line_of[i]} heeft {len(r)} kolommen, de kop "
                                   f"heeft er {width}; is het bestand beschadigd of met de hand bewerkt?")
        if not r[0].strip() and all(_unit_like(c) for c in r):
            skipped += 1  # a second header line with units
            continue
        rows.append([c.strip() for c in r])
        lines.append(line_of[i])
    numbers = "statline" if sep == ";" else "plain"
    return Table(name, header, rows, numbers, skipped=skipped, lines=lines)


def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c.strip())


def _unit_like(cell: str) -> bool:
    cell = cell.strip()
    return not cell or not re.search(r"\d", cell)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def odata_table(payload: Any, name: str) -> Table:
    """OData v3 (one column per measure) or v4 (a `Measure`/`Value` pair per row, pivoted)."""
    values = payload.get("value") if isinstance(payload, dict) else payload
    if isinstance(payload, dict) and values is None and isinstance(payload.get("d"), dict):
        values = payload["d"].get("results")  # OData v2/v3 verbose JSON
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise InvalidDataError(f"{name}: JSON zonder lijst 'value' met records; verwacht een export van "
                               "de CBS open-data-API (TypedDataSet of Observations)")
    if values and "Measure" in values[0] and "Value" in values[0]:
        return _pivot_v4(values, name)
    columns: list[str] = []
    for v in values:
        columns += [k for k in v if k not in columns and not k.startswith(("odata.", "@", "__"))]
    rows = [[_cell(v.get(c)) for c in columns] for v in values]
    return Table(name, columns, rows, "plain")


def _pivot_v4(values: list[dict], name: str) -> Table:
    skip = {"Id", "ID", "Measure", "Value", "ValueAttribute", "StringValue"}
    dims = [k for k in values[0] if k not in skip and not k.startswith(("@", "odata."))]
    measures: list[str] = []
    cells: dict[tuple, dict[str, str]] = {}
    for v in values:
        measure = str(v.get("Measure", "")).strip()
        if measure not in measures:
            measures.append(measure)
        key = tuple(_cell(v.get(d)) for d in dims)
        cell = cells.setdefault(key, {})
        if measure in cell:
            raise InvalidDataError(f"{name}: meting {measure} staat twee keer voor {dict(zip(dims, key))}")
        # ValueAttribute: None (a value), Missing, Impossible, Confidential ...: only None is a number.
        attribute = str(v.get("ValueAttribute") or "None")
        cell[measure] = _cell(v.get("Value")) if attribute == "None" else ""
    rows = [list(key) + [cell.get(m, "") for m in measures] for key, cell in cells.items()]
    return Table(name, dims + measures, rows, "plain")


class ColumnNumbers:
    """How one column writes its numbers, decided from all of its values: a StatLine column with a
    decimal comma or a thousands dot is Dutch; `12.7` in a column that also has `1,5` cannot be read
    and is refused; in a `plain` table a dot is the decimal mark."""

    def __init__(self, values: list[str], numbers: str, column: str, source: str) -> None:
        self.column, self.source = column, source
        texts = [v.strip() for v in values if v.strip() not in MISSING | NIHIL]
        if numbers == "plain":
            self.dutch = False
            bad = next((t for t in texts if not _PLAIN.match(t)), None)
        else:
            has_comma = any("," in t for t in texts)
            odd_dot = [t for t in texts if "." in t and not _GROUPED.match(t.split(",")[0])]
            if has_comma and odd_dot:
                raise InvalidDataError(f"{source}: kolom '{column}' schrijft getallen op twee manieren "
                                       f"('{odd_dot[0]}' met een decimale punt naast decimale komma's); "
                                       "dat is niet eenduidig te lezen")
            self.dutch = not odd_dot  # 1.023 is a thousand and twenty-three in a StatLine download
            pattern = _DUTCH if self.dutch else _PLAIN
            bad = next((t for t in texts if not pattern.match(t)), None)
        if bad is not None:
            raise InvalidDataError(f"{source}: kolom '{column}' bevat '{bad}', geen getal")

    def value(self, text: str) -> float | None:
        """The number of one cell; None when CBS marks it missing."""
        text = (text or "").strip()
        if text in MISSING:
            return None
        if text in NIHIL:
            return 0.0
        if self.dutch:
            text = text.replace(".", "").replace(",", ".")
        return float(text)


def has_separator(values: list[str]) -> bool:
    """Whether any value of a column carries a decimal or thousands separator."""
    return any(("," in v or "." in v.strip(".")) for v in values if v.strip() not in MISSING | NIHIL)
