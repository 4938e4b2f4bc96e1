"""Reading the input folder (INTERFACE.md §2) into raw string tables with provenance.

A table is `<table>.csv`, `<table>.parquet` or `<table>.xlsx` in the folder, or a folder `<table>/`
of such files, subfolders included (`declaraties/2025/jan.csv`; read together, in path order). A
data file of another format in a table folder (.xls, .ods, .tsv, ...) is a problem, never skipped.
Each file is read once; `RawTable.hashes` holds the SHA-256 of exactly the bytes parsed.
Everything is read as text, so codes keep their leading zeros; typing is `validation`'s job.
Decisions an analyst may want to know:

- CSV: UTF-8 with or without BOM; the separator is `;` when the header line holds more `;` than
  `,`, else `,`. Only in a `;` file may numbers use a decimal comma (`_decimal_comma` marks those
  rows; `validation` parses them and reports a column that mixes `12,5` and `12.5`).
- Column names are matched case-insensitively after stripping spaces (and NFKC); a name that
  occurs twice in a header (`bedrag;...;Bedrag`) is a problem. Unknown columns are kept
  here and dropped by `validation`. Values are stripped; an empty value is missing (NA).
- `_file` is the path relative to the data folder (`declaraties/2024.csv`); `_row` is the row as a
  spreadsheet counts it: header = row 1, first data row = row 2. Parquet files have no header row
  but are numbered the same way (first record = row 2) so a row number means one thing everywhere.
  Completely blank CSV lines are skipped but still counted, so row numbers match an editor's lines.
- xlsx: a workbook with one sheet is read; with several, the sheet named after the table is read,
  otherwise that is a problem (which sheet is meant is ambiguous). Whole numbers Excel stored as
  numbers in 2-digit code columns (productcategorie 3) are read back as "03".
- A table name that is not a regular file (a FIFO, a device, a link to nothing) is a problem
  naming it, never "niet aangeleverd": reading it could block or never end, skipping it hides it.
- An empty file (no header) is a problem. A header-only file has 0 rows: `validation` reports that
  for the required tables only (an optional table without rows counts as absent).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sdmonitor.privacy import hide_bsn

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
                 value: Any = None, expected: str | None = None,
                 message: str | None = None) -> Problem:
    """A problem whose Dutch line reads `file rij R, kolom C: waarde 'V' — verwacht E` (parts that
    are unknown are left out; `message` replaces the part after the colon)."""
    where = file or table
    if row is not None:
        where += f" rij {row}"
    if column:
        where += f", kolom {column}"
    text_value = None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    # A BSN in the input is reported by its place, never by its value: this message reaches the
    # terminal, logs and the batch summary.
    text_value = None if text_value is None else hide_bsn(text_value)
    if message is None:
        shown = "leeg" if text_value is None else f"waarde '{text_value}'"
        message = f"{shown} — verwacht {expected}" if expected else shown
    return Problem(table, file, row, column, text_value, expected, hide_bsn(f"{where}: {message}"))


@dataclass
class RawTable:
    """One table as read: string columns plus `_file`, `_row`, `_decimal_comma`."""

    name: str
    frame: pd.DataFrame | None
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)  # per file (`_file`): its columns
    hashes: dict[str, str] = field(default_factory=dict)  # per file (`_file`): SHA-256 of the bytes read


def is_regular_file(path: Path) -> bool:
    """Whether `path` (links followed) is a regular file: not a FIFO, device, socket or dangling link."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def find_sources(folder: Path, table: str) -> list[Path]:
    """The files that hold `table` (case-insensitive names); several sources is ambiguous. A
    non-regular entry named like the table is a source too, so `read_table` refuses it by name."""
    found = []
    for entry in sorted(folder.iterdir()):
        name = entry.name.lower()
        if entry.is_dir():
            if name == table:
                found.append(entry)
        elif entry.suffix.lower() in EXTENSIONS and entry.stem.lower() == table:
            found.append(entry)
    return found


# Files an operating system or spreadsheet leaves in a folder; never data.
_JUNK = {"thumbs.db", "desktop.ini"}
# Formats that hold data this tool does not read: in a table folder they are refused, never
# skipped (they may hold part of the table). Other files (notes.txt, a .pdf) are not data.
DATA_LIKE = (".xls", ".xlsm", ".xlsb", ".ods", ".tsv", ".json", ".zip", ".gz", ".parq")
NOT_REGULAR = ("dit is geen gewoon bestand (maar een named pipe/FIFO, apparaat of koppeling naar niets) en wordt "
               "niet gelezen; lever de tabel aan als gewoon .csv-, .parquet- of .xlsx-bestand")


def _skipped(path: Path, directory: Path) -> bool:
    parts = path.relative_to(directory).parts
    return any(p.startswith((".", "~$")) for p in parts) or path.name.lower() in _JUNK


def _files_in(directory: Path) -> tuple[list[Path], list[Path]]:
    """(table files, data files of another format or not regular) in `directory` and all its
    subfolders (`declaraties/2025/jan.csv`), in path order. Hidden files, Office lock files (`~$`)
    and Thumbs.db/desktop.ini are skipped."""
    files, others = [], []
    for p in sorted(directory.rglob("*")):
        if p.is_dir() or _skipped(p, directory):
            continue
        if not is_regular_file(p):  # a FIFO `jan.csv` is refused, not skipped (nor opened)
            if p.suffix.lower() in EXTENSIONS + DATA_LIKE:
                others.append(p)
            continue
        if p.suffix.lower() in EXTENSIONS:
            files.append(p)
        elif p.suffix.lower() in DATA_LIKE:
            others.append(p)
    return files, others


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
    files, others = _files_in(source) if source.is_dir() else ([source], [])
    if not source.is_dir() and not is_regular_file(source):
        files, others = [], [source]
    for path in others:
        # Never silently skip something in a table folder: it may be data in another format.
        raw.problems.append(make_problem(table, path.relative_to(folder).as_posix(), message=(
            NOT_REGULAR if not is_regular_file(path) else
            "dit bestand in de tabelmap is geen .csv, .parquet of .xlsx en kan niet gelezen worden; "
            "sla het op als .csv of .xlsx, of zet het buiten de map")))
    if not source.is_dir() and not files:
        return raw
    if source.is_dir() and not files:
        raw.problems.append(make_problem(table, f"{source.name}/", message=(
            "de map bevat geen .csv-, .parquet- of .xlsx-bestanden")))
        return raw
    frames = []
    for path in files:
        rel = path.relative_to(folder).as_posix()
        try:
            data = path.read_bytes()  # read once: parsed and hashed from these same bytes
        except OSError as exc:
            raw.problems.append(make_problem(table, rel, message=f"bestand kan niet gelezen worden ({exc})"))
            continue
        raw.hashes[rel] = hashlib.sha256(data).hexdigest()
        frame, problems = read_file(path, rel, table, data)
        raw.problems.extend(problems)
        raw.files.append(path)
        if frame is not None:
            frames.append(frame)
            raw.columns[rel] = [c for c in frame.columns if not c.startswith("_")]
    if frames and not raw.problems:
        raw.frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return raw


def read_file(path: Path, rel: str, table: str,
              data: bytes | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one file as strings with provenance; problems instead of exceptions. `data` are the
    file's bytes when the caller already read them (so what is parsed is what was hashed)."""
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes() if data is None else data
        if suffix == ".csv":
            return _read_csv(data, rel, table)
        if suffix == ".xlsx":
            return _read_xlsx(data, rel, table)
        arrow = pq.read_table(io.BytesIO(data))
        return _finish(_arrow_text_frame(arrow), rel, table, decimal_comma=False,
                       header=[str(c) for c in arrow.column_names])
    except Exception as exc:
        return None, [make_problem(table, rel, message=(
            f"bestand kan niet gelezen worden ({type(exc).__name__}: {exc})"))]


def _read_csv(data: bytes, rel: str, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
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
    # pandas renames a repeated column ("bedrag.1"), so the header is read as written first.
    names = next(csv.reader([header.rstrip("\r")], delimiter=sep), [])
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
    return _finish(frame, rel, table, decimal_comma=sep == ";", header=names)


def _read_xlsx(data: bytes, rel: str, table: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    with pd.ExcelFile(io.BytesIO(data)) as book:
        sheets = [str(s) for s in book.sheet_names]
        if len(sheets) > 1:
            named = [s for s in sheets if s.strip().lower() == table]
            if not named:
                return None, [make_problem(table, rel, message=(
                    f"de werkmap heeft {len(sheets)} werkbladen ({', '.join(sheets)}) en geen "
                    f"daarvan heet '{table}'; welk blad bedoeld is, is niet duidelijk"))]
            sheets = named
        frame = pd.read_excel(book, sheet_name=sheets[0], dtype=object, header=None)
    if frame.empty:
        return None, [make_problem(table, rel, message="het werkblad is leeg (geen kopregel met kolomnamen)")]
    # The header row as written (pandas would rename a repeated column to "bedrag.1").
    names = ["" if pd.isna(v) else str(v) for v in frame.iloc[0].tolist()]
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = [f"{n}\x00{i}" for i, n in enumerate(names)]  # unique while converting
    text = _to_text_frame(frame, pad_codes=True)
    text.columns = [c.split("\x00")[0] if c != "_row" else c for c in text.columns]
    return _finish(text, rel, table, decimal_comma=False, header=names)


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
        pad = pad_codes and str(col).split("\x00")[0].strip().lower() in TWO_DIGIT_CODES
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


def _arrow_column_text(column: pa.ChunkedArray) -> pd.Series | None:
    """One typed Parquet column as the text `_cell_text` gives, computed on whole arrays (no
    Python call per cell); None for a type this does not cover (then `_to_text_frame` does it)."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column, kind = pc.cast(column, kind.value_type), kind.value_type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return column.to_pandas().astype("str")
    if pa.types.is_date(kind) or pa.types.is_integer(kind) or pa.types.is_boolean(kind):
        return pc.cast(column, pa.string()).to_pandas().astype("str")
    if pa.types.is_floating(kind):
        values = column.to_numpy().astype("float64")
        whole = np.isfinite(values) & (np.abs(values) < 2**53)
        whole[whole] = values[whole] == np.floor(values[whole])
        text = pd.Series(pc.cast(pa.array(values), pa.string()).to_numpy(zero_copy_only=False), dtype="object")
        text[whole] = pd.Series(values[whole].astype("int64")).astype("str").to_numpy()
        text[np.isnan(values)] = None
        # Python writes exponents with two digits (1e-07) where Arrow writes 1e-7: those few
        # values go through Python so the text is the same as before.
        odd = ~whole & text.str.contains("e", regex=False).fillna(False).to_numpy(dtype=bool)
        text[odd] = [_cell_text(float(v), False) for v in values[odd]]
        return text.astype("str")
    return None


def _arrow_text_frame(table: pa.Table) -> pd.DataFrame:
    """A Parquet table as text (see `_to_text_frame`), column by column on whole arrays; a column
    of another type (timestamps, decimals) takes the pandas path."""
    out: dict[str, pd.Series] = {}
    rest = []
    for name, column in zip(table.column_names, table.columns):
        text = _arrow_column_text(column)
        if text is None:
            rest.append(name)
        else:
            out[str(name)] = text
    if rest:
        other = _to_text_frame(table.select(rest).to_pandas())
        for name in rest:
            out[str(name)] = other[str(name)]
    result = pd.DataFrame({str(n): out[str(n)] for n in table.column_names})
    result["_row"] = pd.RangeIndex(2, table.num_rows + 2).to_numpy()
    return result


def duplicate_column(header: list[str]) -> tuple[str, list[int]] | None:
    """The first column name that occurs twice (compared stripped, case-insensitive, NFKC) and
    its 1-based positions, or None."""
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(header, start=1):
        seen.setdefault(unicodedata.normalize("NFKC", str(name)).strip().lower(), []).append(i)
    for name, positions in seen.items():
        if len(positions) > 1:
            return name, positions
    return None


def _finish(frame: pd.DataFrame, rel: str, table: str, decimal_comma: bool,
            header: list[str] | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    rows = frame.pop("_row").astype("int64")
    dup = duplicate_column(header if header is not None else [str(c) for c in frame.columns])
    if dup:
        name, positions = dup
        return None, [make_problem(table, rel, 1, column=name, message=(
            f"de kolom '{name}' komt {len(positions)} keer voor in de kopregel (kolom "
            f"{' en '.join(str(p) for p in positions)}); welke bedoeld is, is niet eenduidig — "
            "geef elke kolom één naam"))]
    names = [unicodedata.normalize("NFKC", str(c)).strip().lower() for c in frame.columns]
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
