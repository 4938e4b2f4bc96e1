"""The files of one heavy input table as DuckDB rows, typed per column as `loader` + `table_check`
would type them, without any row passing through pandas (issue 12, the cold path).

Each file becomes one SELECT with, per contract column of `schemas`, the typed value (`<col>`) and
whether a value that is there could not be typed (`<col>__bad`: not a number, no date, outside
the date range, too large, not whole). Provenance as in `loader`: `_file` (path relative to the
data folder) and `_row` (header = row 1; a Parquet file's first record = row 2), blank rows left
out but counted, values stripped as Python's `str.strip()` does, an empty value missing.

The reader is deliberately conservative: whatever it cannot reproduce exactly — an .xlsx, a table
in several sources, a file with a duplicate or missing column, a blank line or a quote after a
space in a CSV, a CSV DuckDB cannot parse strictly (ragged rows, not UTF-8), a `;` file mixing
decimal notations, a Parquet type it does not model — raises `Unsupported`, and the table goes the
pandas way (`validation`), which reports it with the messages of today.
"""

from __future__ import annotations

import csv
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sdmonitor.ingest.loader import (
    _files_in,
    duplicate_column,
    find_sources,
    is_regular_file,
)
from sdmonitor.ingest.schemas import ColumnSpec, TableSpec
from sdmonitor.ingest.table_check import FIRST_DATE, LAST_DATE, MAX_ABS_NUMBER, OPEN_END

# What Python's str.strip() strips (the loader strips every value so). Python's Unicode database has
# no white-space character above U+3000 (test_duck_read checks the whole range): scanning only up to
# there keeps ~0,9 s of CPU out of the start of every command that reads input.
WHITESPACE = "".join(chr(i) for i in range(0x3001) if chr(i).isspace())
# A number pandas' `to_numeric` reads exactly as DuckDB does (no `1_000`, `inf`, `0x10`).
STRICT_NUMBER = r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?"
# table_check's notations of a `;` file, in RE2 (ASCII digits: other digits are refused anyway).
COMMA_NUMBER = r"[-+]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]*),[0-9]+"
GROUPED = r"[-+]?[0-9]{1,3}(\.[0-9]{3})+"
DOT_NUMBER = r"[-+]?[0-9]*\.[0-9]+"
ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_BLOCK = 1 << 23


class Unsupported(Exception):
    """This table must be checked the pandas way (see the module docstring)."""


@dataclass
class Source:
    """The files of one table, read by DuckDB: one SELECT per file (same columns)."""

    files: list[Path] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # per file relative to the folder
    selects: list[str] = field(default_factory=list)
    # per file: its header as written and where DuckDB holds it (`duck_subset` reads rows back)
    layouts: list[Layout] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    path: Path
    rel: str
    names: list[str]
    sep: str | None = None      # CSV: the separator
    table: str | None = None    # CSV: the DuckDB table of its text cells (c0, c1, ...)


def lit(value: object) -> str:
    """A SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _canonical(name: str) -> str:
    return unicodedata.normalize("NFKC", str(name)).strip().lower()


def _edge(codepoint: str) -> str:
    wide = sorted({ord(ch) for ch in WHITESPACE if ord(ch) > 32})
    return f"({codepoint} <= 32 OR {codepoint} IN ({', '.join(map(str, wide))}))"


def _stripped(expr: str) -> str:
    """`expr` stripped as str.strip() does, NULL when empty. DuckDB's trim with a set of
    characters is slow, so only a value that starts or ends with one of them takes it."""
    full = f"trim({expr}, {lit(WHITESPACE)})"
    return (f"NULLIF(CASE WHEN {_edge(f'unicode({expr})')} OR {_edge(f'unicode(right({expr}, 1))')} "
            f"THEN {full} ELSE {expr} END, '')")


def read_source(con, folder: Path, spec: TableSpec, tag: str) -> Source:
    """The table's files as DuckDB SELECTs; `tag` names the raw tables it creates."""
    sources = find_sources(folder, spec.name)
    if len(sources) != 1:
        raise Unsupported("no single source")
    files, others = _files_in(sources[0]) if sources[0].is_dir() else ([sources[0]], [])
    if others or not files or any(p.suffix.lower() not in (".csv", ".parquet") for p in files):
        raise Unsupported("not only CSV and Parquet")
    if not all(is_regular_file(p) for p in files):  # a FIFO would block DuckDB; `loader` refuses it by name
        raise Unsupported("not a regular file")
    src = Source()
    for i, path in enumerate(files):
        rel = path.relative_to(folder).as_posix()
        if path.suffix.lower() == ".csv":
            digest, select, layout = _csv_select(con, path, rel, spec, f"{tag}_{i}")
        else:
            digest, select, layout = _parquet_select(con, path, rel, spec)
        src.layouts.append(layout)
        src.files.append(path)
        src.hashes[rel] = digest
        src.selects.append(select)
    return src


# -- one column, text or native, to its typed value and `__bad` ---------------------------------
_SQL_TYPES = {"str": "VARCHAR", "date": "DATE", "float": "DOUBLE", "int": "BIGINT", "Int": "BIGINT"}


@dataclass
class Col:
    """One contract column in layers (`_select`), each computed once per cell: `p` the cell of the
    file (stripped text or a native value; NULL when empty), `q` the text after open-end and
    notation handling, `x` the converted value, then `value` and `bad`. A layer names the
    earlier ones `@p`, `@q`, `@x`."""

    p: str
    q: str = "@p"
    x: str = "@q"
    value: str = "@x"
    bad: str = "false"


def _text_column(c: ColumnSpec, p: str, dutch: str | None = None) -> Col:
    """A text cell `p` typed as `table_check` types text; `dutch` (number columns of a `;` file
    with a decimal comma): SQL true for a value in Dutch notation (see `_notation`)."""
    if c.kind == "str":
        v = "upper(@q)" if c.upper else "@q"
        choices = c.allowed or (tuple(v for vs in c.by_wet.values() for v in vs) if c.by_wet else None)
        if choices:
            cases = " ".join(f"WHEN {lit(x.lower())} THEN {lit(x)}" for x in dict.fromkeys(choices))
            v = f"(CASE lower({v}) {cases} ELSE {v} END)"
        return Col(p, x=v)
    if c.kind == "date":
        q = f"(CASE WHEN @p = {lit(OPEN_END)} THEN NULL ELSE @p END)" if c.open_end else "@p"
        x = f"(CASE WHEN regexp_full_match(@q, {lit(ISO_DATE)}) THEN CAST(try_strptime(@q, '%Y-%m-%d') AS DATE) END)"
        return Col(p, q, x, bad=f"(@q IS NOT NULL AND coalesce(NOT (@x BETWEEN {_date_range()}), true))")
    if c.kind in ("float", "int", "Int"):
        q = f"(CASE WHEN {dutch} THEN replace(replace(@p, '.', ''), ',', '.') ELSE @p END)" if dutch else "@p"
        x = f"(CASE WHEN regexp_full_match(@q, {lit(STRICT_NUMBER)}) THEN TRY_CAST(@q AS DOUBLE) END)"
        return Col(p, q, x, *_number(c, "@q IS NOT NULL"))
    raise Unsupported(f"kind {c.kind}")


def _date_range() -> str:
    return f"DATE {lit(FIRST_DATE.date().isoformat())} AND DATE {lit(LAST_DATE.date().isoformat())}"


def _number(c: ColumnSpec, present: str) -> tuple[str, str]:
    """(value, bad) of a number column from `@x` (DOUBLE; NULL: not a number)."""
    ok = f"(isfinite(@x) AND abs(@x) <= {MAX_ABS_NUMBER!r}"
    ok += " AND @x = floor(@x))" if c.kind != "float" else ")"
    bad = f"({present} AND coalesce(NOT {ok}, true))"
    value = "@x" if c.kind == "float" else f"(CASE WHEN {ok} THEN CAST(@x AS BIGINT) END)"
    return value, bad


def _plain(con, source: str, col: str, c: ColumnSpec) -> bool:
    """Whether every distinct value of text column `col` already is its canonical text (stripped,
    canonical spelling) or empty: then the column is taken as it is, with no work per row.
    Few distinct values (codes) make this much cheaper than stripping 10 M cells."""
    if c.kind != "str":
        return False
    text = _text_column(c, _stripped("v"))
    expr = text.x.replace("@q", text.q).replace("@p", text.p)
    # a table first: in one query DuckDB would push the test below DISTINCT, onto every row
    con.execute(f"CREATE OR REPLACE TEMP TABLE _distinct AS SELECT DISTINCT {col} AS v FROM {source}")
    # an empty value is missing: NULLIF(col, '') is as cheap as the column itself
    return con.execute(f"SELECT count(*) FROM _distinct WHERE v <> '' AND NOT coalesce({expr} = v, false)"
                       ).fetchall()[0][0] == 0


def _native_column(c: ColumnSpec, col: str, kind: pa.DataType, plain=lambda: False) -> Col:
    """A typed Parquet column, typed as the loader's text of it would be. `plain()`: whether
    the (text) column may be taken as it is (`_plain`)."""
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return Col(f"NULLIF({col}, '')") if plain() else _text_column(c, _stripped(col))
    if pa.types.is_integer(kind):
        if c.kind in ("float", "int", "Int"):
            return Col(f"CAST({col} AS DOUBLE)", value=_number(c, "@x IS NOT NULL")[0],
                       bad=_number(c, "@x IS NOT NULL")[1])
        return _text_column(c, f"CAST({col} AS VARCHAR)")
    if pa.types.is_float64(kind) and c.kind in ("float", "int", "Int"):
        # NaN is an empty cell to the loader
        return Col(f"(CASE WHEN NOT isnan({col}) THEN {col} END)", value=_number(c, "@x IS NOT NULL")[0],
                   bad=_number(c, "@x IS NOT NULL")[1])
    if pa.types.is_date32(kind) or (pa.types.is_timestamp(kind) and kind.tz is None):
        if c.kind != "date":
            raise Unsupported("date in a non-date column")
        x = "CAST(@p AS DATE)"
        if c.open_end:
            x = f"(CASE WHEN CAST(@p AS DATE) = DATE {lit(OPEN_END)} THEN NULL ELSE CAST(@p AS DATE) END)"
        bad = f"(@x IS NOT NULL AND NOT (@x BETWEEN {_date_range()}))"
        if pa.types.is_timestamp(kind):  # a time of day makes it text the date check refuses
            bad = f"({bad} OR (@p IS NOT NULL AND @p <> CAST(CAST(@p AS DATE) AS TIMESTAMP)))"
        return Col(col, x=x, bad=bad)
    if pa.types.is_boolean(kind) and c.kind == "str":
        return _text_column(c, f"(CASE {col} WHEN true THEN 'true' WHEN false THEN 'false' END)")
    raise Unsupported(f"Parquet type {kind} for {c.name}")


def _blank_other(kind: pa.DataType, col: str) -> str:
    """Whether a column outside the contract is empty in a row, as the loader's text of it."""
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return f"{_stripped(col)} IS NULL"
    if pa.types.is_floating(kind):
        return f"({col} IS NULL OR isnan({col}))"
    return f"{col} IS NULL"


def _select(spec: TableSpec, columns: dict[str, Col], blanks: list[str], rel: str, row: str,
            source: str) -> str:
    """One file's rows: contract columns typed (`<col>`, `<col>__bad`), `_file`, `_row`; a row
    that is empty in every column of the file is left out (its number is still counted)."""
    def name(layer: str, c: str) -> str:
        return ident(f"{layer}__{c}")

    def sub(expr: str, c: str) -> str:
        return expr.replace("@p", name("p", c)).replace("@q", name("q", c)).replace("@x", name("x", c))

    present = [c.name for c in spec.columns if c.name in columns]
    l1 = [f"{columns[c].p} AS {name('p', c)}" for c in present]
    l1 += [f"{b} AS {ident(f'b__{i}')}" for i, b in enumerate(blanks)]
    blank = [f"{name('p', c)} IS NULL" for c in present] + [ident(f"b__{i}") for i in range(len(blanks))]
    l2 = [f"{sub(columns[c].q, c)} AS {name('q', c)}" for c in present]
    l3 = [f"{sub(columns[c].x, c)} AS {name('x', c)}" for c in present]
    out = []
    for c in spec.columns:
        if c.name in columns:
            value, bad = sub(columns[c.name].value, c.name), sub(columns[c.name].bad, c.name)
        else:  # an optional column this file leaves out
            value, bad = f"CAST(NULL AS {_SQL_TYPES[c.kind]})", "false"
        out.append(f"{value} AS {ident(c.name)}, {bad} AS {ident(c.name + '__bad')}")
    sql = (f"SELECT {', '.join(l1)}, {lit(rel)} AS _file, CAST({row} AS BIGINT) AS _row FROM {source}")
    sql = f"SELECT *, {', '.join(l2)} FROM ({sql}) WHERE NOT ({' AND '.join(blank)})"
    sql = f"SELECT *, {', '.join(l3)} FROM ({sql})"
    return f"SELECT {', '.join(out)}, _file, _row FROM ({sql})"


def _header(names: list[str], spec: TableSpec) -> dict[str, int]:
    """Canonical name -> position; a duplicate or a missing contract column is the pandas way's."""
    if duplicate_column(names):
        raise Unsupported("duplicate column")
    canon = [_canonical(n) for n in names]
    if any(c.present and c.name not in canon for c in spec.columns):
        raise Unsupported("missing column")
    return {n: i for i, n in enumerate(canon)}


# -- Parquet ------------------------------------------------------------------------------------
def _parquet_select(con, path: Path, rel: str, spec: TableSpec) -> tuple[str, str, Layout]:
    digest = _sha256_scan(path, csv_guards=False)
    try:
        schema = pq.read_schema(path)
    except Exception as exc:
        raise Unsupported("unreadable Parquet") from exc
    names = [str(n) for n in schema.names]
    _header(names, spec)
    if "file_row_number" in names:  # DuckDB's own name for the row number
        raise Unsupported("a column named file_row_number")
    source = f"read_parquet({lit(str(path))}, file_row_number=true)"
    columns, blanks = {}, []
    for name, field_ in zip(names, schema):
        col = ident(name)
        c = next((c for c in spec.columns if c.name == _canonical(name)), None)
        if c is None:
            blanks.append(_blank_other(field_.type, col))
            continue
        columns[c.name] = _native_column(c, col, field_.type, lambda col=col, c=c: _plain(con, source, col, c))
    return (digest, _select(spec, columns, blanks, rel, "file_row_number + 2", source),
            Layout(path, rel, names))


# -- CSV ----------------------------------------------------------------------------------------
def _sha256_scan(path: Path, csv_guards: bool) -> str:
    """SHA-256 of the file; with `csv_guards`, `Unsupported` for what DuckDB reads differently from
    pandas: a blank line (DuckDB skips it, pandas counts it), a quote after a space or tab
    (pandas keeps it as text), a bare carriage return."""
    h = hashlib.sha256()
    tail = b""
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            h.update(block)
            if csv_guards:
                window = tail + block
                if (b"\n\n" in window or b"\n\r\n" in window or b' "' in window or b'\t"' in window
                        or window.count(b"\r") != window.count(b"\r\n") + window.endswith(b"\r")):
                    raise Unsupported("CSV layout pandas reads differently")
                tail = block[-2:]
    return h.hexdigest()


def _csv_select(con, path: Path, rel: str, spec: TableSpec, table: str) -> tuple[str, str, Layout]:
    digest = _sha256_scan(path, csv_guards=True)
    with open(path, "rb") as fh:
        first = fh.read(1 << 16)
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    if not first.strip() or b"\n" not in first:
        raise Unsupported("empty or unusual CSV")
    try:
        header = first.split(b"\n", 1)[0].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unsupported("not UTF-8") from exc
    sep = ";" if header.count(";") > header.count(",") else ","
    names = next(csv.reader([header.rstrip("\r")], delimiter=sep), [])
    pos = _header(names, spec)
    cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(names))) + "}"
    try:
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv({lit(str(path))}, delim={lit(sep)}, "
            f"header=true, quote='\"', escape='\"', null_padding=true, auto_detect=false, "
            f"strict_mode=true, columns={cols}, all_varchar=true)")
    except Exception as exc:
        raise Unsupported(f"DuckDB cannot read the CSV: {exc}") from exc
    text = {n: _stripped(f"c{i}") for n, i in pos.items()}
    dutch = _notation(con, table, spec, text) if sep == ";" else {}
    columns = {c.name: Col(f"NULLIF(c{pos[c.name]}, '')") if _plain(con, table, f"c{pos[c.name]}", c)
               else _text_column(c, text[c.name], dutch.get(c.name))
               for c in spec.columns if c.name in text}
    contract = {pos[c] for c in columns}
    blanks = [f"{_stripped(f'c{i}')} IS NULL" for i in range(len(names)) if i not in contract]
    return digest, _select(spec, columns, blanks, rel, "rowid + 2", table), Layout(path, rel, names, sep, table)


def _notation(con, table: str, spec: TableSpec, text: dict[str, str]) -> dict[str, str]:
    """Per number column of a `;` file, the loader's reading of its notation (table_check
    `_parse_number`): with a decimal comma somewhere, `4.000` is four thousand; a column mixing
    12,5 and 12.5, or with only `4.000`-like values, is a problem (the pandas way reports it)."""
    numbers = [c.name for c in spec.columns if c.kind in ("float", "int", "Int") and c.name in text]
    if not numbers:
        return {}
    aggs = []
    for n in numbers:
        t = text[n]
        comma = f"regexp_full_match({t}, {lit(COMMA_NUMBER)})"
        grouped = f"regexp_full_match({t}, {lit(GROUPED)})"
        dot = f"(regexp_full_match({t}, {lit(DOT_NUMBER)}) AND NOT {grouped})"
        aggs += [f"coalesce(bool_or({comma}), false)", f"coalesce(bool_or({grouped}), false)",
                 f"coalesce(bool_or({dot}), false)"]
    flags = con.execute(f"SELECT {', '.join(aggs)} FROM {table}").fetchall()[0]
    out = {}
    for k, n in enumerate(numbers):
        comma, grouped, dot = flags[3 * k: 3 * k + 3]
        if (comma and dot) or (grouped and not comma and not dot):
            raise Unsupported("mixed or ambiguous decimal notation")
        if comma:  # on the stripped cell, `@p` of `_text_column`
            out[n] = f"(regexp_full_match(@p, {lit(COMMA_NUMBER)}) OR regexp_full_match(@p, {lit(GROUPED)}))"
    return out


__all__ = ["Layout", "Source", "Unsupported", "ident", "lit", "read_source"]
