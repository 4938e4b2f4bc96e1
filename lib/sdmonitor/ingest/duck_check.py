"""The rules of one heavy input table checked in DuckDB (issue 12, the cold path).

Every SQL check is derived from the table's `schemas.TableSpec` — the same declarations the pandas
way (`table_check`, pandera) checks: a value that cannot be typed (`duck_read`), an empty value
where none is allowed, allowed values, code lists, patterns, ranges, the rules per `wet`, the
rules between two columns (`RowRule`), identical lines, a client_id that passes the 11-proef and a
productcode missing from producten.

This engine only *decides*: is the table free of problems? Then its typed rows are written
straight into the cache (`cold`), never passing through pandas. When anything is wrong, the
table is checked again the pandas way, which reports every problem with the messages of today
(file, row, column, value, wording, order). The checks here may therefore be stricter than the
pandas way's (a false alarm costs time only), never looser; `tests/unit/test_duck_check.py`
pins both directions on the bad-input corpus and hand-built files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdmonitor.ingest import codelists
from sdmonitor.ingest.duck_read import Source, Unsupported, ident, lit, read_source
from sdmonitor.ingest.schemas import ColumnSpec, TableSpec

_NON_ASCII = "[^\\x00-\\x7F]"
# The operators of `schemas.RowRule` in SQL (`table_check._RULE_OPS` has them in pandas).
_RULE_SQL = {
    "month_ne": "date_trunc('month', {a}) <> date_trunc('month', {b})",
    "gt": "{a} > {b}",
    "month_gt": "date_trunc('month', {a}) > date_trunc('month', {b})",
    "pos_neg": "{a} > 0 AND {b} < 0",
    "neg_pos": "{a} < 0 AND {b} > 0",
}


@dataclass
class DuckTable:
    """A heavy table as DuckDB rows: `view` holds the typed contract columns, `_file`, `_row` and
    `_order` (input order); `clean` when the pandas way would find no problem in it."""

    name: str
    view: str
    rows: int
    files: list[Path] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    clean: bool = False
    failed: list[str] = field(default_factory=list)  # which checks failed (for tests, logs)
    raw: str = ""                # the relation with `<col>__bad`, `_fileno`, `_row` (`duck_subset`)
    source: Source | None = None


def _in(expr: str, values) -> str:
    return f"{expr} IN ({', '.join(lit(v) for v in values)})"


def column_checks(spec: TableSpec, c: ColumnSpec) -> list[tuple[str, str]]:
    """(name, SQL true for a row with a problem) of one column, from its ColumnSpec."""
    v = ident(c.name)
    checks = [(f"{c.name}: type", ident(c.name + "__bad"))]
    if not c.nullable:
        checks.append((f"{c.name}: leeg", f"{v} IS NULL"))
    if c.allowed or c.by_wet:
        # Python and DuckDB may lower-case other scripts differently: refused, the pandas way decides
        checks.append((f"{c.name}: niet-ASCII", f"regexp_matches({v}, {lit(_NON_ASCII)})"))
    if c.allowed:
        checks.append((f"{c.name}: toegestaan", f"NOT {_in(v, c.allowed)}"))
    if c.codelist:
        checks.append((f"{c.name}: codelijst", f"NOT {_in(v, codelists.codes(c.codelist))}"))
    if c.pattern:
        checks.append((f"{c.name}: patroon", f"NOT regexp_matches({v}, {lit(c.pattern)})"))
    if c.min is not None:
        checks.append((f"{c.name}: minimum", f"{v} < {c.min!r}"))
    if c.max is not None:
        checks.append((f"{c.name}: maximum", f"{v} > {c.max!r}"))
    wet = ident("wet")
    for w, list_id in (c.by_wet_codelist or {}).items():
        checks.append((f"{c.name}: codelijst bij {w}",
                       f"{wet} = {lit(w)} AND NOT {_in(v, codelists.codes(list_id))}"))
    for w, allowed in (c.by_wet or {}).items():
        checks.append((f"{c.name}: bij {w}", f"{wet} = {lit(w)} AND NOT {_in(v, allowed)}"))
    if c.only_wet:
        others = [w for w in spec.column("wet").allowed or () if w != c.only_wet]
        checks.append((f"{c.name}: alleen bij {c.only_wet}", f"{_in(wet, others)} AND {v} IS NOT NULL"))
    return checks


def row_checks(spec: TableSpec) -> list[tuple[str, str]]:
    """Every check of one row of `spec` (columns, then `RowRule`s) as (name, SQL)."""
    checks = [chk for c in spec.columns for chk in column_checks(spec, c)]
    for rule in spec.rules:
        a, b = ident(rule.left), ident(rule.right)
        checks.append((f"{rule.column}: {rule.left} {rule.op} {rule.right}",
                       f"{a} IS NOT NULL AND {b} IS NOT NULL AND " + _RULE_SQL[rule.op].format(a=a, b=b)))
    return checks


def check_table(con, folder: Path, spec: TableSpec, producten: pd.DataFrame | None,
                tag: str) -> DuckTable:
    """Read and check `spec`'s table of `folder` in DuckDB; raises `Unsupported` when the table
    must go the pandas way. `producten`: the typed producten table for the productcode rule."""
    if spec.key:
        raise Unsupported("unique keys are checked the pandas way")
    src: Source = read_source(con, folder, spec, tag)
    view = f"{tag}_typed"
    union = " UNION ALL ".join(f"SELECT *, {i} AS _fileno FROM ({s})" for i, s in enumerate(src.selects))
    typed = ", ".join(ident(c.name) for c in spec.columns)
    # CSV cells are typed once into a table (DuckDB spills it to disk beyond its memory limit);
    # typing Parquet columns is cheap, so each check and the copy read the files again.
    # _order: the input order (file, then row).
    kind = "TABLE" if any(p.suffix.lower() == ".csv" for p in src.files) else "VIEW"
    con.execute(f"CREATE {kind} {tag}_raw AS {union}")
    con.execute(f"CREATE VIEW {view} AS SELECT {typed}, _file, _row, "
                f"(_fileno::BIGINT << 40) + _row AS _order FROM {tag}_raw")
    table = DuckTable(spec.name, view, rows=0, files=src.files, hashes=src.hashes, raw=f"{tag}_raw",
                      source=src)
    checks = row_checks(spec)
    sums = ", ".join(f"count(*) FILTER (WHERE coalesce({sql}, false))" for _, sql in checks)
    counts = con.execute(f"SELECT count(*), {sums} FROM {tag}_raw").fetchall()[0]
    table.rows = int(counts[0])
    if table.rows == 0:
        raise Unsupported("no rows: the pandas way says whether that is a problem")
    table.failed = [name for (name, _), n in zip(checks, counts[1:]) if n]
    if not table.failed and "client_id" in spec.column_names and bsn_ids(con, view):
        table.failed.append("client_id: BSN")
    if not table.failed and spec.name == "declaraties" and producten is not None \
            and _has_orphans(con, view, spec, producten):
        table.failed.append("productcode: niet in producten")
    if not table.failed and spec.duplicate_cell and _has_duplicates(con, view, spec):
        table.failed.append("dubbele regels")
    table.clean = not table.failed
    return table


def bsn_ids(con, view: str) -> list[str]:
    """The client_ids that pass the 11-proef. Only ids without a letter can (`privacy.digits_of`
    keeps nine digits after NFKC and dropping spaces, dots, hyphens); those few go through Python."""
    from sdmonitor.privacy import looks_like_bsn

    rows = con.execute(f"SELECT DISTINCT client_id FROM {view} WHERE client_id IS NOT NULL "
                       "AND NOT regexp_matches(client_id, '[A-Za-z]')").fetchall()
    return [v for (v,) in rows if looks_like_bsn(v)]


def _has_orphans(con, view: str, spec: TableSpec, producten: pd.DataFrame) -> bool:
    """A (wet, productcode) that producten does not have (table_check `orphan_products`)."""
    known = producten[["wet", "productcode"]].dropna().astype(str)
    con.register("_producten_known", pd.DataFrame({"wet": known["wet"].tolist(),
                                                   "productcode": known["productcode"].tolist()}))
    try:
        n = con.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT wet, productcode FROM {view}) d "
            f"WHERE {_in('d.wet', spec.column('wet').allowed)} AND d.productcode IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM _producten_known p "
            "WHERE p.wet = d.wet AND p.productcode = d.productcode)").fetchall()[0][0]
    finally:
        con.unregister("_producten_known")
    return n > 0


def duplicate_groups(con, view: str, spec: TableSpec) -> str | None:
    """A temporary table of the lines that occur more than once (every contract column, as
    c0, c1, ...), or None. First on a hash of the line (small), then exactly."""
    # -0.0 and 0.0 are the same number to pandas; + 0.0 makes them one
    cols = [f"({ident(c.name)} + 0.0)" if c.kind == "float" else ident(c.name) for c in spec.columns]
    hashed = f"hash({', '.join(cols)})"
    candidates = (f"SELECT * FROM {view} WHERE {hashed} IN "
                  f"(SELECT h FROM (SELECT {hashed} AS h FROM {view}) GROUP BY h HAVING count(*) > 1)")
    groups = ", ".join(f"c{i}" for i in range(len(cols)))
    dups = f"{view}_dups"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {dups} AS SELECT {groups} FROM (SELECT "
        f"{', '.join(f'{e} AS c{i}' for i, e in enumerate(cols))} FROM ({candidates})) "
        f"GROUP BY {groups} HAVING count(*) > 1")
    return dups if con.execute(f"SELECT count(*) FROM {dups}").fetchall()[0][0] else None


def _has_duplicates(con, view: str, spec: TableSpec) -> bool:
    """Identical lines outside a cell that holds a credit line (table_check `_duplicates`)."""
    dups = duplicate_groups(con, view, spec)
    if dups is None:
        return False
    index = {c.name: i for i, c in enumerate(spec.columns)}

    def cell(prefix: str, name: str) -> str:
        return f"date_trunc('month', {prefix})" if spec.column(name).kind == "date" else prefix

    match = " AND ".join(f"{cell(ident(c), c)} IS NOT DISTINCT FROM {cell(f'k.c{index[c]}', c)}"
                         for c in spec.duplicate_cell)
    credit = " OR ".join(f"{ident(c)} < 0" for c in spec.credit)
    n = con.execute(f"SELECT count(*) FROM {dups} k WHERE NOT EXISTS (SELECT 1 FROM {view} "
                    f"WHERE ({credit}) AND {match})").fetchall()[0][0]
    return n > 0


__all__ = ["DuckTable", "bsn_ids", "check_table", "column_checks", "duplicate_groups", "row_checks"]
