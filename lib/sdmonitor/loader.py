"""Reading the input folder (INTERFACE.md §2) into raw string tables with provenance.

A table is `<table>.csv`, `<table>.parquet` or `<table>.xlsx` in the folder, or a folder `<table>/`
of such files (read together, in name order). Everything is read as text, so codes keep their
leading zeros; typing is `validation`'s job. Decisions an analyst may want to know:

- CSV: UTF-8 with or without BOM; the separator is `;` when the header line holds more `;` than
  `,`, else `,`. Only in a `;` file may numbers use a decimal comma (`_decimal_comma` marks those
  rows; `validation` parses them and reports a column that mixes `12,5` and `12.5`).
- Column names are matched case-insensitively after stripping spaces; unknown columns are kept
  here and dropped by `validation`. Values are stripped; an empty value is missing (NA).
- `_file` is the path relative to the data folder (`declaraties/2024.csv`); `_row` is the row as a
  spreadsheet counts it: header = row 1, first data row = row 2. Parquet files have no header row
  but are numbered the same way (first record = row 2) so a row number means one thing everywhere.
  Completely blank CSV lines are skipped but still counted, so row numbers match an editor's lines.
- xlsx: a workbook with one sheet is read; with several, the sheet named after the table is read,
  otherwise that is a problem (which sheet is meant is ambiguous). Whole numbers Excel stored as
  numbers in 2-digit code columns (productcategorie 3) are read back as "03".
- An empty file (no header) is a problem. A header-only file has 0 rows: `validation` reports that
  for the required tables only (an optional table without rows counts as absent).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

EXTENSIONS = (".csv", ".parquet", ".xlsx")
# Code columns whose codes are two digits, for numbers a spreadsheet stored without leading zero.
TWO_DIGIT_CODES = ("productcategorie", "eenheid", "verwijzer", "reden_einde")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with where it is. `message` is the full Dutch line."""

    table: str
    file: str | None
    row: int | None
    column: str | None
    value: str | None
    expected: str | None
    message: str

    def __str__(self) -> str:
        return self.message


def make_problem(table: str, file: str | None, row: int | None = None, column: str | None = None,
                 value: object = None, expected: str | None = None,
                 message: str | None = None) -> Problem:
    """A problem whose Dutch line reads `file rij R, kolom C: waarde 'V' — verwacht E` (parts that
    are unknown are left out; `message` replaces the part after the colon)."""
    where = file or table
    if row is not None:
        where += f" rij {row}"
    if column:
        where += f", kolom {column}"
    text_value = None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    if message is None:
        shown = "leeg" if text_value is None else f"waarde '{text_value}'"
        message = f"{shown} — verwacht {expected}" if expected else shown
    return Problem(table, file, row, column, text_value, expected, f"{where}: {message}")


@dataclass
class RawTable:
    """One table as read: string columns plus `_file`, `_row`, `_decimal_comma`."""

    name: str
    frame: pd.DataFrame | None
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)  # per file (`_file`): its columns


def find_sources(folder: Path, table: str) -> list[Path]:
    """The files that hold `table` (case-insensitive names); several sources is ambiguous."""
    found = []
    for entry in sorted(folder.iterdir()):
        name = entry.name.lower()
        if entry.is_dir() and name == table:
            found.append(entry)
        elif entry.is_file() and entry.suffix.lower() in EXTENSIONS and entry.stem.lower() == table:
            found.append(entry)
    return found


def _files_in(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir()
                  if p.is_file() and p.suffix.lower() in EXTENSIONS
                  and not p.name.startswith((".", "~$")))


def read_table(folder: Path, table: str) -> RawTable | None:
    """Read `table` from `folder`; None when the folder does not hold it."""
    sources = find_sources(folder, table)
    if not sources:
        return None
    raw = RawTable(table, None)
    if len(sources) > 1:
        names = ", ".join(p.name for p in sources)
        raw.problems.append(make_problem(table, table, message=(
            f"de tabel staat in meer dan één bron ({names}); lever één bestand of één map aan")))
        return raw
    source = sources[0]
    files = _files_in(source) if source.is_dir() else [source]
    if source.is_dir() and not files:
        raw.problems.append(make_problem(table, f"{source.name}/", message=(
            "de map bevat geen .csv-, .parquet- of .xlsx-bestanden")))
        return raw
    frames = []
    for path in files:
        rel = path.relative_to(folder).as_posix()
        frame, problems = read_file(path, rel, table)
        raw.problems.extend(problems)
        raw.files.append(path)
        if frame is not None:
            frames.append(frame)
            raw.columns[rel] = [c for c in frame.columns if not c.startswith("_")]
    if frames and not raw.problems:
        raw.frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return raw


def read_file(path: Path, rel: str, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one file as strings with provenance; problems instead of exceptions."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path, rel, table)
        if suffix == ".xlsx":
            return _read_xlsx(path, rel, table)
        return _finish(_to_text_frame(pd.read_parquet(path)), rel, table, decimal_comma=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a problem, never a traceback
        return None, [make_problem(table, rel, message=(
            f"bestand kan niet gelezen worden ({type(exc).__name__}: {exc})"))]


def _read_csv(path: Path, rel: str, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        return None, [make_problem(table, rel, message="het bestand is leeg (geen kopregel met kolomnamen)")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        byte = data[exc.start:exc.start + 1].hex().upper()
        return None, [make_problem(table, rel, line, message=(
            f"het bestand is geen UTF-8 (byte 0x{byte} op regel {line}); "
            "sla het op als 'CSV UTF-8'"))]
    header = text.split("\n", 1)[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            return None, [make_problem(table, rel, int(m.group(2)), message=(
                f"regel {m.group(2)} heeft {m.group(3)} velden, de kopregel {m.group(1)} "
                f"(scheidingsteken '{sep}')"))]
        return None, [make_problem(table, rel, message=f"het bestand is geen leesbare CSV ({exc})")]
    frame["_row"] = pd.RangeIndex(2, len(frame) + 2).to_numpy()
    return _finish(frame, rel, table, decimal_comma=sep == ";")


def _read_xlsx(path: Path, rel: str, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    with pd.ExcelFile(path) as book:
        sheets = book.sheet_names
        if len(sheets) > 1:
            named = [s for s in sheets if s.strip().lower() == table]
            if not named:
                return None, [make_problem(table, rel, message=(
                    f"de werkmap heeft {len(sheets)} werkbladen ({', '.join(sheets)}) en geen "
                    f"daarvan heet '{table}'; welk blad bedoeld is, is niet duidelijk"))]
            sheets = named
        frame = pd.read_excel(book, sheet_name=sheets[0], dtype=object)
    if len(frame.columns) == 0:
        return None, [make_problem(table, rel, message="het werkblad is leeg (geen kopregel met kolomnamen)")]
    return _finish(_to_text_frame(frame, pad_codes=True), rel, table, decimal_comma=False)


def _cell_text(value: object, pad: bool) -> object:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:02d}" if pad and 0 <= value < 10 else str(value)
    return str(value)


def _to_text_frame(frame: pd.DataFrame, pad_codes: bool = False) -> pd.DataFrame:
    """Typed cells (parquet, Excel) back to the text a CSV would hold."""
    out = {}
    for col in frame.columns:
        series = frame[col]
        pad = pad_codes and str(col).strip().lower() in TWO_DIGIT_CODES
        if pd.api.types.is_datetime64_any_dtype(series):
            text = series.dt.strftime("%Y-%m-%d")
            has_time = series.notna() & (series != series.dt.normalize())
            text = text.where(~has_time, series.astype(str))
        elif pd.api.types.is_string_dtype(series) and not pad:
            text = series
        else:
            text = pd.Series([_cell_text(v, pad) for v in series.tolist()], index=series.index,
                             dtype="object")
        out[str(col)] = text.astype("str")
    result = pd.DataFrame(out, index=frame.index)
    result["_row"] = pd.RangeIndex(2, len(frame) + 2).to_numpy()
    return result


def _finish(frame: pd.DataFrame, rel: str, table: str,
            decimal_comma: bool) -> tuple[pd.DataFrame | None, list[Problem]]:
    rows = frame.pop("_row").astype("int64")
    names = [str(c).strip().lower() for c in frame.columns]
    seen, dup = set(), []
    for n in names:
        if n in seen:
            dup.append(n)
        seen.add(n)
    if dup:
        return None, [make_problem(table, rel, column=dup[0], message=(
            f"de kolom '{dup[0]}' komt meer dan eens voor in de kopregel"))]
    frame.columns = names
    clean = {}
    for col in names:
        values = frame[col].astype("str").str.strip()
        clean[col] = values.mask(values == "")
    out = pd.DataFrame(clean, index=frame.index)
    if len(names):
        out = out.loc[~out.isna().all(axis=1)]  # blank lines are not rows
    out["_file"] = pd.Series(rel, index=out.index, dtype="str")
    out["_row"] = rows.loc[out.index]
    out["_decimal_comma"] = decimal_comma
    return out.reset_index(drop=True), []
