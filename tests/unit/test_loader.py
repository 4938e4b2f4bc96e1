"""Reading tables as text with provenance: separators, BOM, encodings, folders, xlsx, parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.ingest.loader import read_table


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_absent_table_is_none(tmp_path):
    assert read_table(tmp_path, "producten") is None


def test_comma_csv_keeps_leading_zeros_and_counts_rows_like_a_spreadsheet(tmp_path):
    _write(tmp_path / "producten.csv", "wet,productcode,eenheid\njeugd,45A03,04\nwmo,02A01,16\n")
    raw = read_table(tmp_path, "producten")
    assert raw.problems == []
    assert list(raw.frame["eenheid"]) == ["04", "16"]
    assert list(raw.frame["_row"]) == [2, 3]           # header is row 1
    assert list(raw.frame["_file"]) == ["producten.csv", "producten.csv"]
    assert not raw.frame["_decimal_comma"].any()       # a ,-file never has a decimal comma


def test_semicolon_bom_and_column_names_are_normalised(tmp_path):
    _write(tmp_path / "Begroting.CSV", "\ufeff Gemeente ;JAAR;Bedrag; extra \nGM0296;2025;12,5;x\n")
    raw = read_table(tmp_path, "begroting")
    assert list(raw.frame.columns[:4]) == ["gemeente", "jaar", "bedrag", "extra"]
    assert raw.frame["bedrag"].iloc[0] == "12,5"        # typing is validation's job
    assert raw.frame["_decimal_comma"].all()
    assert raw.columns == {"Begroting.CSV": ["gemeente", "jaar", "bedrag", "extra"]}


def test_blank_lines_are_skipped_but_counted(tmp_path):
    _write(tmp_path / "producten.csv", "wet,productcode\njeugd,A\n\nwmo,B\n")
    raw = read_table(tmp_path, "producten")
    # lines: 1 header, 2 A, 3 blank, 4 B
    assert list(raw.frame["_row"]) == [2, 4]


def test_values_are_stripped_and_empty_is_missing(tmp_path):
    _write(tmp_path / "producten.csv", "wet,productcode,verwijzer\n jeugd , A ,\n")
    frame = read_table(tmp_path, "producten").frame
    assert frame["wet"].iloc[0] == "jeugd"
    assert pd.isna(frame["verwijzer"].iloc[0])


def test_cp1252_is_a_problem_naming_file_and_line(tmp_path):
    _write(tmp_path / "producten.csv", "wet,omschrijving\njeugd,a\nwmo,coördinatie\n", "cp1252")
    raw = read_table(tmp_path, "producten")
    assert raw.frame is None
    [problem] = raw.problems
    assert (problem.file, problem.row) == ("producten.csv", 3)   # ö is on line 3
    assert "geen UTF-8" in problem.message and "0xF6" in problem.message


def test_empty_file_is_a_problem(tmp_path):
    _write(tmp_path / "producten.csv", "")
    [problem] = read_table(tmp_path, "producten").problems
    assert problem.message == "producten.csv: het bestand is leeg (geen kopregel met kolomnamen)"


def test_header_only_file_gives_zero_rows_without_problem(tmp_path):
    _write(tmp_path / "producten.csv", "wet,productcode\n")
    raw = read_table(tmp_path, "producten")
    assert raw.problems == [] and len(raw.frame) == 0
    assert raw.columns == {"producten.csv": ["wet", "productcode"]}


def test_folder_is_read_together_with_relative_paths(tmp_path):
    _write(tmp_path / "declaraties" / "2025-02.csv", "wet,volume\nwmo,2\nwmo,3\n")
    _write(tmp_path / "declaraties" / "2025-01.csv", "wet;volume\njeugd;1,5\n")
    _write(tmp_path / "declaraties" / "notes.txt", "not a table")
    raw = read_table(tmp_path, "declaraties")
    assert list(raw.frame["_file"]) == ["declaraties/2025-01.csv", "declaraties/2025-02.csv",
                                        "declaraties/2025-02.csv"]
    assert list(raw.frame["_row"]) == [2, 2, 3]
    assert list(raw.frame["_decimal_comma"]) == [True, False, False]


def test_two_sources_for_one_table_is_ambiguous(tmp_path):
    _write(tmp_path / "producten.csv", "wet\njeugd\n")
    _write(tmp_path / "producten" / "a.csv", "wet\njeugd\n")
    [problem] = read_table(tmp_path, "producten").problems
    assert "meer dan één bron" in problem.message


def test_ragged_row_names_the_line(tmp_path):
    _write(tmp_path / "producten.csv", "wet,productcode\njeugd,A\nwmo,B,C\n")
    [problem] = read_table(tmp_path, "producten").problems
    assert problem.row == 3 and "3 velden" in problem.message


def test_parquet_is_read_as_text_and_numbered_from_row_2(tmp_path):
    frame = pd.DataFrame({"wet": ["jeugd", "wmo"], "volume": [1.5, 2.0], "jaar": [2025, 2026],
                          "datum": pd.to_datetime(["2025-01-31", "2025-02-28"])})
    frame.to_parquet(tmp_path / "producten.parquet")
    raw = read_table(tmp_path, "producten")
    assert list(raw.frame["volume"]) == ["1.5", "2"]    # whole floats read back as "2"
    assert list(raw.frame["jaar"]) == ["2025", "2026"]
    assert list(raw.frame["datum"]) == ["2025-01-31", "2025-02-28"]
    assert list(raw.frame["_row"]) == [2, 3]


def test_parquet_missing_values_stay_missing(tmp_path):
    frame = pd.DataFrame({"wet": ["jeugd", "wmo"], "geboortejaar": pd.array([2012, None], dtype="Int64"),
                          "verwijzer": ["02", None], "volume": [1.0, float("nan")]})
    frame.to_parquet(tmp_path / "producten.parquet")
    raw = read_table(tmp_path, "producten")
    assert raw.frame["geboortejaar"].iloc[0] == "2012"
    assert raw.frame.loc[1, ["geboortejaar", "verwijzer", "volume"]].isna().all()


def _xlsx(path: Path, sheets: dict[str, list[list]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


def test_xlsx_single_sheet_restores_two_digit_codes(tmp_path):
    import datetime as dt

    _xlsx(tmp_path / "producten.xlsx", {"Blad1": [["Wet", "eenheid", "datum"],
                                                  ["jeugd", 4, dt.datetime(2025, 3, 1)]]})
    raw = read_table(tmp_path, "producten")
    assert raw.problems == []
    assert raw.frame["eenheid"].iloc[0] == "04"          # Excel stored the code as the number 4
    assert raw.frame["datum"].iloc[0] == "2025-03-01"
    assert raw.frame["_row"].iloc[0] == 2


def test_xlsx_with_several_sheets_uses_the_one_named_after_the_table(tmp_path):
    _xlsx(tmp_path / "producten.xlsx", {"Toelichting": [["x"]], "Producten": [["wet"], ["wmo"]]})
    raw = read_table(tmp_path, "producten")
    assert raw.problems == [] and list(raw.frame["wet"]) == ["wmo"]


def test_xlsx_with_several_unnamed_sheets_is_ambiguous(tmp_path):
    _xlsx(tmp_path / "producten.xlsx", {"Blad1": [["wet"], ["wmo"]], "Blad2": [["wet"]]})
    [problem] = read_table(tmp_path, "producten").problems
    assert problem.file == "producten.xlsx" and "2 werkbladen" in problem.message


@pytest.mark.parametrize("name", [".~lock.csv", "~$producten.xlsx"])
def test_lock_files_in_a_table_folder_are_ignored(tmp_path, name):
    _write(tmp_path / "producten" / "a.csv", "wet\njeugd\n")
    _write(tmp_path / "producten" / name, "garbage")
    raw = read_table(tmp_path, "producten")
    assert raw.problems == [] and len(raw.frame) == 1


def test_table_folder_is_read_recursively_and_hashed_as_read(tmp_path):
    import hashlib

    _write(tmp_path / "declaraties" / "2024" / "12.csv", "wet,volume\njeugd,1\n")
    _write(tmp_path / "declaraties" / "2025" / "01.csv", "wet,volume\nwmo,2\n")
    _write(tmp_path / "declaraties" / "2025" / ".~lock.01.csv#", "lock")
    _write(tmp_path / "declaraties" / "notes.txt", "not a table")
    raw = read_table(tmp_path, "declaraties")
    assert list(raw.frame["_file"]) == ["declaraties/2024/12.csv", "declaraties/2025/01.csv"]
    assert raw.hashes == {
        "declaraties/2024/12.csv": hashlib.sha256(b"wet,volume\njeugd,1\n").hexdigest(),
        "declaraties/2025/01.csv": hashlib.sha256(b"wet,volume\nwmo,2\n").hexdigest()}


def test_data_file_of_another_format_in_a_table_folder_is_a_problem(tmp_path):
    _write(tmp_path / "declaraties" / "2025" / "01.csv", "wet,volume\nwmo,2\n")
    (tmp_path / "declaraties" / "2025" / "02.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    raw = read_table(tmp_path, "declaraties")
    assert [p.file for p in raw.problems] == ["declaraties/2025/02.xls"]


@pytest.mark.parametrize("header", ["wet,volume,volume", "wet,Volume,volume ", "wet;VOLUME;volume"])
def test_a_column_name_twice_is_a_problem(tmp_path, header):
    sep = ";" if ";" in header else ","
    _write(tmp_path / "declaraties.csv", header + "\n" + sep.join(["jeugd", "1", "2"]) + "\n")
    raw = read_table(tmp_path, "declaraties")
    assert raw.frame is None
    assert [(p.row, p.column) for p in raw.problems] == [(1, "volume")]
    assert "komt 2 keer voor in de kopregel (kolom 2 en 3)" in raw.problems[0].message


def test_a_column_name_twice_in_xlsx_is_a_problem(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    for row in (["wet", "bedrag", "Bedrag"], ["jeugd", 1, 2]):
        book.active.append(row)
    book.save(tmp_path / "declaraties.xlsx")
    raw = read_table(tmp_path, "declaraties")
    assert raw.frame is None and [p.column for p in raw.problems] == ["bedrag"]
