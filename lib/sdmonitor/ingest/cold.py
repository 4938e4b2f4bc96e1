"""The cold path of the cache (issue 12): validating an input folder the first time, with the heavy
tables (`declaraties`, `toewijzingen`) checked in DuckDB and copied from there straight into the
cache entry, sorted by gemeente — 10 M national lines never become a pandas frame.

- Each heavy table is read and checked by `duck_check` (rules derived from `schemas`). A table it
  finds free of problems is `Prechecked` for `validation.validate_folder`, which checks the other
  tables the pandas way as before.
- A heavy table in which DuckDB finds anything wrong has its suspect rows checked the pandas way
  (`duck_subset`), so every problem has the messages of today (file, row, column, value, wording,
  order) without 10 M rows in pandas. A table DuckDB cannot read exactly as the loader does (or a
  `;` file with problems) is checked the pandas way in full. Invalid input raises
  `InvalidDataError` (exit 3) and is never cached.
- DuckDB works in a private temporary database next to the cache, with a memory limit
  (`SDMONITOR_DUCKDB_MEMORY`, default 512MB) beyond which it spills to disk.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from sdmonitor.ingest.coverage import DATE_COLUMNS
from sdmonitor.ingest.duck_check import DuckTable, check_table
from sdmonitor.ingest.duck_read import Unsupported, ident, lit
from sdmonitor.ingest.duck_subset import check_suspects
from sdmonitor.ingest.loader import read_table
from sdmonitor.ingest.schemas import TABLES
from sdmonitor.ingest.table_check import TableCheck
from sdmonitor.ingest.typed import Dataset
from sdmonitor.ingest.validation import Prechecked, ValidationReport, validate_folder

MEMORY_ENV = "SDMONITOR_DUCKDB_MEMORY"
_SQL_TYPES = {"str": "VARCHAR", "date": "TIMESTAMP", "float": "DOUBLE", "int": "BIGINT",
              "Int": "BIGINT", "bool": "BOOLEAN"}


@dataclass
class Checked:
    """A valid folder: the small tables (and heavy ones DuckDB could not take) in `dataset`, the
    heavy tables DuckDB found clean in `duck` (rows in `con`)."""

    dataset: Dataset
    con: object
    duck: dict[str, DuckTable] = field(default_factory=dict)


def _producten(folder: Path) -> pd.DataFrame | None:
    """The typed producten table as `validate_folder` has it, for the productcode rule."""
    raw = read_table(folder, "producten")
    return None if raw is None else TableCheck(TABLES["producten"], raw).run()


@contextmanager
def _connection(workroot: Path) -> Iterator[object]:
    """A private temporary DuckDB database under `workroot`, with the memory limit; removed after."""
    import duckdb

    workroot.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix=".duck-", dir=workroot))
    con = duckdb.connect(str(work / "check.duckdb"))
    try:
        # No progress bar: in a notebook it would print unlabelled bars into the chapter's output.
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = {lit(os.environ.get(MEMORY_ENV, '512MB'))}")
        con.execute(f"SET temp_directory = {lit(str(work / 'spill'))}")
        con.execute("SET preserve_insertion_order = true")
        yield con
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def _precheck(con, folder: Path, heavy: tuple[str, ...]) -> tuple[dict[str, DuckTable], dict[str, Prechecked]]:
    """The heavy tables DuckDB found clean, and what `validate_folder` takes as checked."""
    import duckdb

    producten = _producten(folder)
    duck: dict[str, DuckTable] = {}
    prechecked: dict[str, Prechecked] = {}
    for name in heavy:
        # Whatever DuckDB cannot do with a file (an odd column name, a type, a full disk) is
        # no error of the input: that table is then checked the pandas way, as before.
        try:
            table = check_table(con, folder, TABLES[name], producten, tag=f"t_{name}")
            if table.clean:
                duck[name] = table
                prechecked[name] = Prechecked(table.rows, table.files, table.hashes)
            elif (worded := check_suspects(con, table, producten)) is not None:
                prechecked[name] = worded
        except (Unsupported, duckdb.Error, pa.ArrowException, OSError):
            duck.pop(name, None)
            prechecked.pop(name, None)
    return duck, prechecked


def report(folder: Path, heavy: tuple[str, ...], workroot: Path) -> ValidationReport:
    """`validate_folder`'s report with the heavy tables checked in DuckDB (`sdmonitor validate`):
    the same problems and counts, in bounded memory."""
    with _connection(workroot) as con:
        duck, prechecked = _precheck(con, folder, heavy)
        result = validate_folder(folder, prechecked)
        if result.ok:
            result.heavy_months = {name: month_summary(con, table) for name, table in duck.items()}
        return result


def month_summary(con, table: DuckTable) -> pd.DataFrame:
    """`coverage.month_summary` of a heavy table computed in DuckDB: rows per gemeente and month
    (and PGB rows), so `validate`'s coverage warnings never read the rows into memory."""
    date_column = ident(DATE_COLUMNS[table.name])
    pgb = "count(*) FILTER (WHERE zorgvorm = 'PGB')" if "zorgvorm" in TABLES[table.name].column_names else "0"
    return con.execute(
        f"SELECT gemeente, strftime({date_column}, '%Y-%m') AS maand, count(*) AS n, {pgb} AS pgb "
        f"FROM {table.view} WHERE {date_column} IS NOT NULL GROUP BY ALL ORDER BY ALL").df()


@contextmanager
def checked(folder: Path, heavy: tuple[str, ...], workroot: Path) -> Iterator[Checked]:
    """Validate `folder` (heavy tables in DuckDB where possible); raises `InvalidDataError`."""
    with _connection(workroot) as con:
        duck, prechecked = _precheck(con, folder, heavy)
        yield Checked(validate_folder(folder, prechecked).valid_dataset(), con, duck)


def copy_parquet(con, table: DuckTable, path: Path, row_group_size: int) -> None:
    """Write the typed rows sorted by gemeente with `_order` (the input order, which `store`
    restores; sorting on gemeente alone is a third faster than on both)."""
    spec = TABLES[table.name]
    cols = [f"CAST({ident(c.name)} AS {_SQL_TYPES[c.kind]}) AS {ident(c.name)}" for c in spec.columns]
    con.execute(f"COPY (SELECT {', '.join(cols)}, _file, _row, _order FROM {table.view} "
                f"ORDER BY gemeente) TO {lit(str(path))} "
                f"(FORMAT parquet, ROW_GROUP_SIZE {row_group_size})")


def counts(con, table: DuckTable) -> tuple[int, dict[str, int], str | None]:
    """(rows, rows per gemeente, latest ingediend_op or None) of a DuckDB table, for `meta.json`."""
    per = dict(con.execute(f"SELECT gemeente, count(*) FROM {table.view} GROUP BY gemeente "
                           "ORDER BY gemeente").fetchall())
    latest = None
    if "ingediend_op" in TABLES[table.name].column_names:
        value = con.execute(f"SELECT max(ingediend_op) FROM {table.view}").fetchall()[0][0]
        latest = None if value is None else value.isoformat()
    return table.rows, {str(k): int(v) for k, v in per.items()}, latest


__all__ = ["MEMORY_ENV", "Checked", "checked", "copy_parquet", "counts", "report"]
