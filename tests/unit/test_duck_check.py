"""Parity of the two validation engines: the cold path (`cold`: heavy tables checked in DuckDB,
`duck_check`/`duck_read`) reports exactly the problems of `validation.validate_folder` (pandas)
— same file, row, column, value, message, order — and caches the same typed tables.

Each case is a tiny hand-built folder: a valid base (two Wijchen lines, one Druten line, one
allocation) with one change. Besides the full problem lists, every case pins the DuckDB verdict:
a table with a problem must never be "clean" in DuckDB (that would cache invalid input), and a
valid table that DuckDB can read must be clean (else the fast path would never be taken).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sdmonitor.errors import InvalidDataError
from sdmonitor.ingest import cold, store
from sdmonitor.ingest.cold import _producten
from sdmonitor.ingest.duck_check import check_table, row_checks
from sdmonitor.ingest.duck_read import Unsupported
from sdmonitor.ingest.schemas import TABLES
from sdmonitor.ingest.validation import validate_folder

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bad_input"
HEADER = ("gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,"
          "zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op")
LINES = [
    "GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,10,04,650.00,2025-04-10",
    "GM0296,wmo,c2,1950,02A01,02,87654321,,PGB,2025-03-01,2025-03-31,2.5,04,100.25,2025-04-10",
    "GM0225,jeugd,x1,2010,45A01,45,12345678,02,ZIN,2026-02-01,2026-02-28,10,04,999.00,2026-03-20",
]
PRODUCTEN = ("wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid\n"
             "jeugd,45A01,Begeleiding,Reguliere begeleiding,Ambulant,04\n"
             "wmo,02A01,Begeleiding,Begeleiding,Begeleiding,04\n")
TOEWIJZINGEN = ("gemeente,wet,client_id,toewijzing_id,productcode,toegewezen_op,ingangsdatum,einddatum,"
                "volume,eenheid,frequentie,reden_einde\n"
                "GM0296,jeugd,c1,T1,45A01,2025-02-20,2025-03-01,,10,04,2,\n")


def _csv(lines: list[str], header: str = HEADER) -> str:
    return "\n".join([header] + lines) + "\n"


def _replace(row: int, column: str, value: str, lines: list[str] | None = None) -> list[str]:
    """LINES with one cell changed (`row`: 0-based data line)."""
    out = [ln.split(",") for ln in (lines or LINES)]
    out[row][HEADER.split(",").index(column)] = value
    return [",".join(r) for r in out]


def _typed_columns(lines: list[str]) -> dict:
    """LINES as a typed Parquet table (dates as date32, numbers as numbers)."""
    rows = [ln.split(",") for ln in lines]
    cols = {}
    for i, name in enumerate(HEADER.split(",")):
        values = [r[i] or None for r in rows]
        kind = TABLES["declaraties"].column(name).kind
        if kind == "date":
            cols[name] = pa.array(pd.to_datetime(pd.Series(values)).dt.date, pa.date32())
        elif kind == "float":
            cols[name] = pa.array([float(v) for v in values], pa.float64())
        elif kind == "Int":
            cols[name] = pa.array([None if v is None else int(v) for v in values], pa.int32())
        else:
            cols[name] = pa.array(values, pa.string()).dictionary_encode()
    return cols


def _folder(tmp_path: Path, files: dict[str, object]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    base = {"producten.csv": PRODUCTEN, "toewijzingen.csv": TOEWIJZINGEN,
            "declaraties.csv": _csv(LINES)}
    for name, content in {**base, **files}.items():
        if content is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, pa.Table):
            pq.write_table(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


# (name, files, declaraties valid?) — `None` removes a base file.
CASES = [
    ("valid", {}, True),
    ("bad_number", {"declaraties.csv": _csv(_replace(0, "volume", "tien"))}, False),
    # several problems: ordered by check (column order), then row, as the pandas way orders them
    ("several_problems", {"declaraties.csv": _csv(_replace(0, "eenheid", "99", _replace(
        2, "gemeente", "GM02960", _replace(1, "volume", "x", LINES + [LINES[2]]))))}, False),
    ("number_with_underscore", {"declaraties.csv": _csv(_replace(0, "volume", "1_000"))}, False),
    ("number_infinity", {"declaraties.csv": _csv(_replace(0, "volume", "inf"))}, False),
    ("number_too_large", {"declaraties.csv": _csv(_replace(0, "bedrag", "1e308"))}, False),
    ("bad_date", {"declaraties.csv": _csv(_replace(0, "ingediend_op", "2025-02-30"))}, False),
    ("date_not_iso", {"declaraties.csv": _csv(_replace(0, "ingediend_op", "10-04-2025"))}, False),
    ("date_1899", {"declaraties.csv": _csv(_replace(0, "ingediend_op", "1899-12-31"))}, False),
    ("date_9999", {"declaraties.csv": _csv(_replace(0, "ingediend_op", "9999-12-31"))}, False),
    ("code_not_in_list", {"declaraties.csv": _csv(_replace(1, "eenheid", "99"))}, False),
    ("categorie_other_wet", {"declaraties.csv": _csv(_replace(1, "productcategorie", "45"))}, False),
    ("verwijzer_on_wmo", {"declaraties.csv": _csv(_replace(1, "verwijzer", "02"))}, False),
    ("unknown_wet", {"declaraties.csv": _csv(_replace(0, "wet", "jeugdzorg"))}, False),
    ("gemeente_pattern", {"declaraties.csv": _csv(_replace(0, "gemeente", "GM296"))}, False),
    ("geboortejaar_range", {"declaraties.csv": _csv(_replace(0, "geboortejaar", "1800"))}, False),
    ("geboortejaar_not_whole", {"declaraties.csv": _csv(_replace(0, "geboortejaar", "2010.5"))}, False),
    ("empty_required", {"declaraties.csv": _csv(_replace(0, "client_id", ""))}, False),
    ("month_crossing", {"declaraties.csv": _csv(_replace(0, "periode_eind", "2025-04-02"))}, False),
    ("end_before_begin", {"declaraties.csv": _csv(_replace(0, "periode_begin", "2025-03-05",
                                                           _replace(0, "periode_eind", "2025-03-02")))}, False),
    ("future_month", {"declaraties.csv": _csv(_replace(0, "ingediend_op", "2025-02-10"))}, False),
    ("negative_volume_debit", {"declaraties.csv": _csv(_replace(0, "volume", "-10"))}, False),
    ("duplicate_line", {"declaraties.csv": _csv(LINES + [LINES[0]])}, False),
    ("duplicate_after_credit", {"declaraties.csv": _csv(LINES + [
        LINES[0].replace(",10,04,650.00", ",-10,04,-650.00"), LINES[0]])}, True),
    ("bsn_client", {"declaraties.csv": _csv(_replace(0, "client_id", "111222333"))}, False),
    ("orphan_product", {"declaraties.csv": _csv(_replace(0, "productcode", "45A99"))}, False),
    ("missing_column", {"declaraties.csv": _csv([ln.rsplit(",", 1)[0] for ln in LINES],
                                                HEADER.rsplit(",", 1)[0])}, False),
    ("missing_optional_columns", {"declaraties.csv": _csv(
        [",".join(v for i, v in enumerate(ln.split(",")) if i not in (3, 7)) for ln in LINES],
        ",".join(v for i, v in enumerate(HEADER.split(",")) if i not in (3, 7)))}, True),
    ("extra_column", {"declaraties.csv": _csv([ln + ",x" for ln in LINES], HEADER + ",opmerking")}, True),
    ("upper_case_header_and_values", {"declaraties.csv": _csv(
        [ln.replace("jeugd", "JEUGD").replace("GM0296", "gm0296") for ln in LINES], HEADER.upper())}, True),
    ("decimal_comma_in_comma_file", {"declaraties.csv": _csv(_replace(1, "volume", '"2,5"'))}, False),
    # `;` files: 2,5 and 1.100,25 (Dutch, so 1.100 is thousands); a column mixing 100,25 and 650.00;
    # a column whose only notation is 1.000 (thousands or decimal?)
    ("decimal_comma_semicolon", {"declaraties.csv": _csv(
        [ln.replace(",", ";").replace("2.5", "2,5").replace("100.25", "1.100,25").replace(".00", ",00")
         for ln in LINES], HEADER.replace(",", ";"))}, True),
    ("semicolon_mixed_notation", {"declaraties.csv": _csv(
        [ln.replace(",", ";").replace("100.25", "100,25") for ln in LINES], HEADER.replace(",", ";"))}, False),
    ("semicolon_ambiguous_thousands", {"declaraties.csv": _csv(
        [ln.replace(",", ";").replace("2.5", "2").replace("100.25", "1.000").replace("650.00", "650")
         .replace("999.00", "999") for ln in LINES], HEADER.replace(",", ";"))}, False),
    ("empty_file", {"declaraties.csv": ""}, False),
    ("header_only", {"declaraties.csv": HEADER + "\n"}, False),
    ("bom_and_crlf", {"declaraties.csv": b"\xef\xbb\xbf" + _csv(LINES).replace("\n", "\r\n").encode()}, True),
    ("blank_line", {"declaraties.csv": _csv(LINES[:1] + [""] + LINES[1:])}, True),
    ("separators_only_line", {"declaraties.csv": _csv(LINES[:1] + [",,,,,,,,,,,,,,"] + LINES[1:])}, True),
    ("whitespace_and_nbsp", {"declaraties.csv": _csv(
        [ln.replace("c1", " c1\u00a0").replace(",ZIN,", ", ZIN\t,") for ln in LINES])}, True),
    ("quoted_fields", {"declaraties.csv": _csv(['"' + ln.replace(",", '","') + '"' for ln in LINES])}, True),
    ("quote_after_space", {"declaraties.csv": _csv(_replace(0, "aanbieder", ' "12345678"'))}, True),
    ("ragged_row", {"declaraties.csv": _csv(LINES + [LINES[0] + ",extra"])}, False),
    ("not_utf8", {"declaraties.csv": _csv(_replace(0, "aanbieder", "Zorg\u00e9")).encode("cp1252")}, False),
    ("folder_two_files", {"declaraties.csv": None,
                          "declaraties/2025.csv": _csv(LINES[:2]), "declaraties/2026.csv": _csv(LINES[2:])}, True),
    ("folder_one_bad_file", {"declaraties.csv": None, "declaraties/2025.csv": _csv(LINES[:2]),
                             "declaraties/2026.csv": _csv(_replace(0, "volume", "x", LINES[2:]))}, False),
    ("xlsx_in_folder", {"declaraties.csv": None, "declaraties/a.csv": _csv(LINES),
                        "declaraties/b.xls": b"x"}, False),
    ("parquet_typed", {"declaraties.csv": None, "declaraties.parquet": pa.table(_typed_columns(LINES))}, True),
    ("parquet_text", {"declaraties.csv": None, "declaraties.parquet": pa.table(
        {k: pa.array(v) for k, v in zip(HEADER.split(","), zip(*[ln.split(",") for ln in LINES]))})}, True),
    ("parquet_wrong_type_text", {"declaraties.csv": None, "declaraties.parquet": pa.table(
        {k: pa.array(v) for k, v in zip(HEADER.split(","),
                                        zip(*[ln.split(",") for ln in _replace(2, "volume", "veel")]))})}, False),
    ("parquet_int_code", {"declaraties.csv": None, "declaraties.parquet": pa.table(
        {**_typed_columns(LINES), "eenheid": pa.array([4, 4, 4], pa.int64())})}, False),
    ("parquet_int_volume", {"declaraties.csv": None, "declaraties.parquet": pa.table(
        {**_typed_columns(LINES), "volume": pa.array([10, 2, 10], pa.int64()),
         "bedrag": pa.array([650, 100, 999], pa.int64())})}, True),
    ("parquet_nan_volume", {"declaraties.csv": None, "declaraties.parquet": pa.table(
        {**_typed_columns(LINES), "volume": pa.array([10.0, float("nan"), 10.0])})}, False),
    ("parquet_timestamps", {"declaraties.csv": None, "declaraties.parquet": pa.table(
        {**_typed_columns(LINES), "ingediend_op": pa.array(pd.to_datetime(
            ["2025-04-10", "2025-04-10", "2026-03-20"]), pa.timestamp("us"))})}, True),
    ("parquet_timestamp_with_time", {"declaraties.csv": None, "declaraties.parquet": pa.table(
        {**_typed_columns(LINES), "ingediend_op": pa.array(pd.to_datetime(
            ["2025-04-10 00:00", "2025-04-10 13:45", "2026-03-20 00:00"]), pa.timestamp("us"))})}, False),
    ("parquet_column_named_file_row_number", {"declaraties.csv": None, "declaraties.parquet": pa.table(
        {**_typed_columns(LINES), "file_row_number": pa.array([7, 8, 9])})}, True),
    ("open_end_allocation", {"toewijzingen.csv": TOEWIJZINGEN.replace("2025-03-01,,", "2025-03-01,9999-12-31,")}, True),
    ("allocation_bad_frequentie", {"toewijzingen.csv": TOEWIJZINGEN.replace(",04,2,", ",04,77,")}, True),
]


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SDMONITOR_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _cold(folder: Path) -> list[str]:
    try:
        store.ensure(folder)
    except InvalidDataError as exc:
        return [p.message for p in exc.problems]
    return []


def _verdict(folder: Path, name: str) -> bool | None:
    """DuckDB's verdict on one heavy table: clean, not clean, or None (the pandas way's)."""
    con = duckdb.connect()
    try:
        return check_table(con, folder, TABLES[name], _producten(folder), tag="t").clean
    except Unsupported:
        return None
    finally:
        con.close()


@pytest.mark.parametrize("name,files,valid", CASES, ids=[c[0] for c in CASES])
def test_both_engines_report_the_same_problems(tmp_path: Path, cache: Path, name, files, valid):
    folder = _folder(tmp_path, files)
    report = validate_folder(folder)
    expected = [p.message for p in report.problems]
    assert _cold(folder) == expected
    # `sdmonitor validate` prints the cold path's report: the same text, counts included.
    assert cold.report(folder, store.HEAVY, cache / "work").render() == report.render()
    for table in ("declaraties", "toewijzingen"):
        has_problems = any(p.table == table for p in report.problems)
        verdict = _verdict(folder, table)
        assert not (has_problems and verdict), f"{table}: DuckDB calls a table with problems clean"
        if table == "declaraties":
            assert has_problems != valid, expected
    if report.ok:  # the cached typed tables are the pandas way's
        cached = store.cached_dataset(folder)
        for table, frame in report.dataset.tables.items():
            pd.testing.assert_frame_equal(cached[table], frame)
        assert cached.hashes == report.dataset.hashes and cached.files == report.dataset.files


# Valid cases DuckDB must take itself (the fast path), not leave to pandas.
FAST = ["valid", "duplicate_after_credit", "missing_optional_columns", "extra_column",
        "upper_case_header_and_values", "decimal_comma_semicolon", "bom_and_crlf",
        "separators_only_line", "whitespace_and_nbsp", "quoted_fields", "folder_two_files",
        "parquet_typed", "parquet_text", "parquet_int_volume", "parquet_timestamps", "open_end_allocation"]


@pytest.mark.parametrize("name", FAST)
def test_valid_tables_take_the_duckdb_path(tmp_path: Path, name):
    files = next(c[1] for c in CASES if c[0] == name)
    assert _verdict(_folder(tmp_path, files), "declaraties") is True


# Layouts DuckDB reads differently from pandas: they go the pandas way (still the same messages).
@pytest.mark.parametrize("name", ["blank_line", "quote_after_space", "ragged_row", "not_utf8",
                                  "empty_file", "header_only", "missing_column", "xlsx_in_folder",
                                  "semicolon_mixed_notation", "semicolon_ambiguous_thousands"])
def test_layouts_duckdb_does_not_read_exactly_go_the_pandas_way(tmp_path: Path, name):
    files = next(c[1] for c in CASES if c[0] == name)
    assert _verdict(_folder(tmp_path, files), "declaraties") is None


CORPUS_CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file())


@pytest.mark.parametrize("case", CORPUS_CASES)
def test_bad_input_corpus_same_problems_on_the_cold_path(tmp_path: Path, cache: Path, case):
    folder = tmp_path / case
    shutil.copytree(CORPUS / case, folder)
    expected = [p.message for p in validate_folder(folder).problems]
    assert _cold(folder) == expected and expected
    # Invalid input is never cached (the entry's lock file may stay: it holds no data)
    assert not (cache / "entries").exists() or not [p for p in (cache / "entries").iterdir() if p.suffix != ".lock"]


def test_every_rule_of_the_spec_becomes_a_check():
    names = [n for n, _ in row_checks(TABLES["declaraties"])]
    # a type check per column (17: the contract's 15 and the import's toewijzing_id, referentie); not
    # empty except the nullable geboortejaar, verwijzer, toewijzing_id and referentie (13)
    assert sum(n.endswith(": type") for n in names) == 17
    assert sum(n.endswith(": leeg") for n in names) == 13
    assert {"verwijzer: alleen bij jeugd", "productcategorie: codelijst bij wmo", "eenheid: codelijst",
            "gemeente: patroon", "geboortejaar: minimum", "zorgvorm: toegestaan"} <= set(names)
    # the five RowRules of declaraties, in their order
    ops = (" month_ne ", " gt ", " month_gt ", " pos_neg ", " neg_pos ")
    assert [n for n in names if any(op in n for op in ops)] == [
        "periode_eind: periode_begin month_ne periode_eind", "periode_eind: periode_begin gt periode_eind",
        "periode_begin: periode_begin month_gt ingediend_op", "volume: bedrag pos_neg volume",
        "volume: bedrag neg_pos volume"]


# Invalid cases whose problems are worded on the suspect rows only (`duck_subset`), with how many
# rows that is: the bad row, or the rows of the cell of an identical line (2 + the original).
SUBSET = {"several_problems": 3, "bad_number": 1, "code_not_in_list": 1, "verwijzer_on_wmo": 1, "duplicate_line": 2,
          "bsn_client": 1, "orphan_product": 1, "month_crossing": 1, "parquet_wrong_type_text": 1,
          "parquet_nan_volume": 1, "parquet_timestamp_with_time": 1, "folder_one_bad_file": 1}


@pytest.mark.parametrize("name", sorted(SUBSET))
def test_problems_are_worded_on_the_suspect_rows_only(tmp_path: Path, name, monkeypatch):
    from sdmonitor.ingest import duck_subset

    folder = _folder(tmp_path, next(c[1] for c in CASES if c[0] == name))
    seen = []
    real = duck_subset._raw_subset
    monkeypatch.setattr(duck_subset, "_raw_subset",
                        lambda *a: seen.append(real(*a)) or seen[-1])
    con = duckdb.connect()
    producten = _producten(folder)
    table = check_table(con, folder, TABLES["declaraties"], producten, tag="t")
    worded = duck_subset.check_suspects(con, table, producten)
    expected = [p for p in validate_folder(folder).problems if p.table == "declaraties"]
    assert worded is not None and worded.problems == expected
    assert len(seen[0].frame) == SUBSET[name]
