"""The problems of a heavy table DuckDB found wrong, worded the pandas way on the suspect rows only.

`duck_check` decides whether a table is clean. When it is not, the problems must read exactly as
`table_check` words them (file, row, column, value, order). Checking all 10 M rows in pandas for
that would cost what the cold path saves, so only the *suspect* rows go through `TableCheck`:
every row a row check flags (each check is at least as strict as the pandas one), every row with
a BSN-like client_id or an unknown productcode, and every row in a cell of identical lines (with
the cell's credit lines, which decide whether a repeat is allowed). The problems of `table_check`
are per row, in (check, row) order, so checking a subset that holds every failing row gives the
same list; the identical-line rule sees whole cells, so it gives the same pairs too.

Not for a `;` file: there the reading of `4.000` depends on the whole column of the file
(`table_check._parse_number`), so such a table is checked the pandas way in full. When the subset
holds no problem after all (DuckDB was stricter), the caller also falls back to the full check.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sdmonitor.ingest.duck_check import DuckTable, bsn_ids, duplicate_groups, row_checks
from sdmonitor.ingest.duck_read import Layout, ident, lit
from sdmonitor.ingest.loader import RawTable, _arrow_text_frame, _finish
from sdmonitor.ingest.schemas import TABLES
from sdmonitor.ingest.table_check import TableCheck
from sdmonitor.ingest.validation import Prechecked

_BATCH = 1 << 16


def _suspects(con, table: DuckTable, producten: pd.DataFrame | None) -> str:
    """A temporary table (_fileno, _row) of the suspect rows; its name."""
    spec = TABLES[table.name]
    raw, out = f"{table.view}_raw_rows", f"{table.view}_suspects"
    conditions = [f"coalesce({sql}, false)" for _, sql in row_checks(spec)]
    if "client_id" in spec.column_names:
        ids = bsn_ids(con, table.view)
        if ids:
            conditions.append(f"client_id IN ({', '.join(lit(v) for v in ids)})")
    if table.name == "declaraties" and producten is not None:
        known = producten[["wet", "productcode"]].dropna().astype(str)
        con.register("_producten_known", pd.DataFrame({"wet": known["wet"].tolist(),
                                                       "productcode": known["productcode"].tolist()}))
        allowed = ", ".join(lit(w) for w in spec.column("wet").allowed or ())
        conditions.append(f"(wet IN ({allowed}) AND productcode IS NOT NULL AND NOT EXISTS (SELECT 1 "
                          "FROM _producten_known p WHERE p.wet = r.wet AND p.productcode = r.productcode))")
    groups = duplicate_groups(con, table.view, spec) if spec.duplicate_cell else None
    if groups:
        index = {c.name: i for i, c in enumerate(spec.columns)}

        def cell(expr: str, name: str) -> str:
            return f"date_trunc('month', {expr})" if spec.column(name).kind == "date" else expr

        match = " AND ".join(f"{cell('r.' + ident(c), c)} IS NOT DISTINCT FROM {cell(f'k.c{index[c]}', c)}"
                             for c in spec.duplicate_cell)
        conditions.append(f"EXISTS (SELECT 1 FROM {groups} k WHERE {match})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {out} AS SELECT _fileno, _row FROM {raw} r "
                f"WHERE {' OR '.join(conditions)}")
    if table.name == "declaraties" and producten is not None:
        con.unregister("_producten_known")
    return out


def _rows(con, suspects: str, fileno: int) -> list[int]:
    return [r for (r,) in con.execute(f"SELECT _row FROM {suspects} WHERE _fileno = {fileno} "
                                      "ORDER BY _row").fetchall()]


def _parquet_rows(path, rows: list[int]) -> pa.Table:
    """The records `rows` (row numbers: first record = 2) of a Parquet file, as the loader reads
    them, one batch at a time (the whole file is never in memory)."""
    wanted = pd.Index(rows) - 2
    parts, offset = [], 0
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=_BATCH):
        inside = wanted[(wanted >= offset) & (wanted < offset + batch.num_rows)]
        if len(inside):
            parts.append(pa.Table.from_batches([batch]).take(pa.array(inside - offset)))
        offset += batch.num_rows
    if not parts:
        return parquet.schema_arrow.empty_table()
    return pa.concat_tables(parts).combine_chunks()


def _layouts(table: DuckTable) -> list[Layout]:
    if table.source is None:
        raise ValueError(f"{table.name}: not read by DuckDB, so there are no rows to read back")
    return table.source.layouts


def _raw_subset(con, table: DuckTable, suspects: str) -> RawTable:
    """The suspect rows as the loader's `RawTable` (text cells, `_file`, `_row`)."""
    frames, columns = [], {}
    for fileno, layout in enumerate(_layouts(table)):
        rows = _rows(con, suspects, fileno)
        if layout.table:  # CSV: DuckDB's text cells, which `_finish` strips as the loader does
            cells = ", ".join(f"c{i}" for i in range(len(layout.names)))
            frame = con.execute(f"SELECT {cells}, rowid + 2 AS _row FROM {layout.table} WHERE rowid + 2 IN "
                                f"(SELECT _row FROM {suspects} WHERE _fileno = {fileno}) ORDER BY rowid").fetchdf()
            frame.columns = [*layout.names, "_row"]
            frame = frame.astype({n: "str" for n in layout.names})
        else:
            frame = _arrow_text_frame(_parquet_rows(layout.path, rows))
            frame["_row"] = rows
        frame, problems = _finish(frame, layout.rel, table.name, decimal_comma=False, header=layout.names)
        assert frame is not None and not problems  # the header was checked when DuckDB read the file
        columns[layout.rel] = [c for c in frame.columns if not c.startswith("_")]
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return RawTable(table.name, frame, files=list(table.files), columns=columns, hashes=dict(table.hashes))


def check_suspects(con, table: DuckTable, producten: pd.DataFrame | None) -> Prechecked | None:
    """The problems of a table DuckDB found wrong, as `validate_folder` would report them; None
    when this table must be checked in full the pandas way (a `;` file, or no problem found)."""
    if any(layout.sep == ";" for layout in _layouts(table)):
        return None
    spec = TABLES[table.name]
    con.execute(f"CREATE OR REPLACE TEMP VIEW {table.view}_raw_rows AS SELECT * FROM {table.raw}")
    raw = _raw_subset(con, table, _suspects(con, table, producten))
    checker = TableCheck(spec, raw)
    typed = checker.run()
    if table.name == "declaraties" and producten is not None and typed is not None and len(typed):
        checker.orphan_products(typed, producten)  # as validate_folder does after all tables
    if not checker.problems:
        return None
    return Prechecked(table.rows, table.files, table.hashes,
                      rows_valid=table.rows - int(checker.bad_rows.sum()), problems=checker.problems)


__all__ = ["check_suspects"]
