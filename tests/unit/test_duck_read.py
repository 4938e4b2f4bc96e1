"""`duck_read`: input files as typed DuckDB rows, exactly as `loader` + `table_check` type them;
and `cold`: the copy into the cache (sorted by gemeente, input order kept) and its counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sdmonitor.ingest import cold
from sdmonitor.ingest.duck_check import check_table
from sdmonitor.ingest.duck_read import WHITESPACE, Unsupported, _stripped, lit, read_source
from sdmonitor.ingest.schemas import TABLES

HEADER = ("gemeente;wet;client_id;geboortejaar;productcode;productcategorie;aanbieder;verwijzer;"
          "zorgvorm;periode_begin;periode_eind;volume;eenheid;bedrag;ingediend_op")


def _rows(con, folder: Path, table: str = "declaraties") -> list[tuple]:
    src = read_source(con, folder, TABLES[table], "t")
    return con.execute(f"SELECT * FROM ({src.selects[0]}) ORDER BY _row").fetchall()


def test_whitespace_is_every_character_str_strip_strips():
    assert WHITESPACE == "".join(chr(i) for i in range(0x110000) if chr(i).isspace())


@pytest.mark.parametrize("text", ["abc", "  abc ", "\u00a0abc\u3000", "\tab c\r", "\x1fabc\x1c",
                                  "a\u2003", "\u200babc", "", "   ", "é ", "\x00a"])
def test_stripping_is_pythons_str_strip(text):
    # NULL where Python's strip leaves nothing (an empty value is missing)
    got = duckdb.sql(f"SELECT {_stripped(lit(text))}").fetchall()[0][0]
    assert got == (text.strip() or None)


def test_a_semicolon_file_with_decimal_commas_is_read_in_dutch_notation(tmp_path: Path):
    (tmp_path / "declaraties.csv").write_text(
        HEADER + "\n"
        "gm0296;JEUGD;c1;2010;45A01;45;1;02;zin;2025-03-01;2025-03-31;2,5;04;1.100,25;2025-04-10\n"
        ";;;;;;;;;;;;;;\n"
        "GM0296;wmo;c2;;02A01;02;1;;PGB;2025-03-01;2025-03-31;3;04;4.000;2025-04-10\n", encoding="utf-8")
    con = duckdb.connect()
    rows = _rows(con, tmp_path)
    # the separators-only line is no row but is counted: rows 2 and 4
    assert [r[-1] for r in rows] == [2, 4]
    names = TABLES["declaraties"].column_names
    first = dict(zip([n for c in names for n in (c, c + "__bad")] + ["_file", "_row"], rows[0]))
    second = dict(zip([n for c in names for n in (c, c + "__bad")] + ["_file", "_row"], rows[1]))
    # canonical spellings: GM0296, jeugd, ZIN; 2,5 -> 2.5; 1.100,25 -> 1100.25; in a file with a
    # decimal comma 4.000 is four thousand
    assert (first["gemeente"], first["wet"], first["zorgvorm"]) == ("GM0296", "jeugd", "ZIN")
    assert (first["volume"], first["bedrag"], second["bedrag"]) == (2.5, 1100.25, 4000.0)
    assert first["periode_begin"] == dt.date(2025, 3, 1) and second["geboortejaar"] is None
    assert not any(v for k, v in first.items() if k.endswith("__bad"))


def test_values_that_cannot_be_typed_are_bad(tmp_path: Path):
    (tmp_path / "declaraties.csv").write_text(
        HEADER.replace(";", ",") + "\n"
        "GM0296,jeugd,c1,2010.5,45A01,45,1,02,ZIN,2025-02-30,1899-12-31,1_000,04,1e11,2025-04-10\n",
        encoding="utf-8")
    row = _rows(duckdb.connect(), tmp_path)[0]
    names = TABLES["declaraties"].column_names
    bad = {c for c, i in zip(names, range(1, 2 * len(names), 2)) if row[i]}
    # 2010.5 not whole; 30 February; before 1900; an underscore; more than 10 billion
    assert bad == {"geboortejaar", "periode_begin", "periode_eind", "volume", "bedrag"}


def test_open_end_9999_is_no_end_in_text_and_in_parquet(tmp_path: Path):
    spec = TABLES["toewijzingen"]
    table = pa.table({
        "gemeente": ["GM0296"], "wet": ["jeugd"], "client_id": ["c1"], "toewijzing_id": ["T1"],
        "productcode": ["45A01"], "toegewezen_op": pa.array([dt.date(2025, 2, 20)]),
        "ingangsdatum": pa.array([dt.date(2025, 3, 1)]), "einddatum": pa.array([dt.date(9999, 12, 31)]),
        "volume": [10.0], "eenheid": ["04"], "frequentie": ["2"]})
    pq.write_table(table, tmp_path / "toewijzingen.parquet")
    con = duckdb.connect()
    src = read_source(con, tmp_path, spec, "t")
    row = con.execute(f"SELECT einddatum, einddatum__bad, _row FROM ({src.selects[0]})").fetchall()
    assert row == [(None, False, 2)]  # first Parquet record = row 2, as in the loader


@pytest.mark.parametrize("content", [b"", HEADER.encode() + b"\n\n" + b"x" * 3, b"a;b\n1;2\n"])
def test_what_duckdb_cannot_read_exactly_is_unsupported(tmp_path: Path, content):
    # empty; a blank line; a missing column
    (tmp_path / "declaraties.csv").write_bytes(content)
    with pytest.raises(Unsupported):
        read_source(duckdb.connect(), tmp_path, TABLES["declaraties"], "t")


def test_copy_sorts_by_gemeente_and_keeps_the_input_order(tmp_path: Path):
    lines = [
        "GM0296,jeugd,c1,2010,45A01,45,1,02,ZIN,2025-03-01,2025-03-31,1,04,10,2025-04-10",
        "GM0225,jeugd,c2,2010,45A01,45,1,02,ZIN,2025-03-01,2025-03-31,2,04,20,2025-04-10",
        "GM0296,jeugd,c3,2010,45A01,45,1,02,ZIN,2025-03-01,2025-03-31,3,04,30,2025-05-10",
    ]
    (tmp_path / "declaraties.csv").write_text(HEADER.replace(";", ",") + "\n" + "\n".join(lines) + "\n",
                                              encoding="utf-8")
    con = duckdb.connect()
    table = check_table(con, tmp_path, TABLES["declaraties"], None, "t")
    assert table.clean and table.rows == 3
    out = tmp_path / "out.parquet"
    cold.copy_parquet(con, table, out, row_group_size=2)
    got = pq.read_table(out).to_pydict()
    # GM0225 (row 3) first, then GM0296's rows 2 and 4; sorting on _order gives back 2, 3, 4
    assert got["gemeente"] == ["GM0225", "GM0296", "GM0296"] and got["_row"][0] == 3
    assert [r for _, r in sorted(zip(got["_order"], got["_row"]))] == [2, 3, 4]
    assert cold.counts(con, table) == (3, {"GM0225": 1, "GM0296": 2}, "2025-05-10")
