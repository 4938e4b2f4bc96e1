"""Reading StatLine CSV and OData JSON: encodings, title/footer lines, Dutch numbers, v4 pivot."""

import json

import pytest

from sdmonitor.errors import InvalidDataError
from sdmonitor.imports.cbs_csv import (
    ColumnNumbers,
    canon,
    csv_table,
    odata_table,
    read_table,
)
from sdmonitor.imports.cbs_tabellen import WMO, is_total, matches

STATLINE = ('"Een titel"\n'
            '"Regio\'s";"Perioden";"Wmo-cliënten (aantal)"\n'
            '"";"";"aantal"\n'
            '"Wijchen";"2023";"2.050"\n'
            '"Bron: CBS"\n')


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings(tmp_path, encoding):
    (tmp_path / "w.csv").write_bytes(STATLINE.encode(encoding))
    table = read_table(tmp_path / "w.csv")
    assert table.columns == ["Regio's", "Perioden", "Wmo-cliënten (aantal)"]
    assert table.rows == [["Wijchen", "2023", "2.050"]]
    assert table.skipped == 3  # title, units line, source
    assert table.numbers == "statline"


def test_undecodable_bytes_are_one_message(tmp_path):
    (tmp_path / "w.csv").write_bytes(STATLINE.encode("utf-8") + b"\x81\x8d\x90")  # not UTF-8, not cp1252
    with pytest.raises(InvalidDataError, match="UTF-8 of Windows-1252"):
        read_table(tmp_path / "w.csv")


def test_a_short_line_inside_the_data_is_refused():
    text = '"A";"Perioden";"X"\n"a";"2023";"1"\n"b";"2023"\n"c";"2023";"3"\n'
    with pytest.raises(InvalidDataError, match="regel 3 heeft 2 kolommen"):
        csv_table(text, "t.csv")


@pytest.mark.parametrize(("values", "numbers", "expected"), [
    (["1.023", "17.942.942", "5"], "statline", [1023, 17942942, 5]),  # thousands dots
    (["12,7", "1.234,5", "-"], "statline", [12.7, 1234.5, 0]),  # decimal comma; '-' is nihil
    (["12.7", "3"], "statline", [12.7, 3]),  # a dot that is no grouping: a decimal point
    (["1.023", ".", "x"], "plain", [1.023, None, None]),  # OData/JSON: the dot is decimal
])
def test_numbers(values, numbers, expected):
    reader = ColumnNumbers(values, numbers, "k", "t.csv")
    assert [reader.value(v) for v in values] == expected


def test_mixed_notation_is_refused():
    with pytest.raises(InvalidDataError, match="op twee manieren"):
        ColumnNumbers(["12.7", "1,5"], "statline", "k", "t.csv")
    with pytest.raises(InvalidDataError, match="'12 %', geen getal"):
        ColumnNumbers(["12 %"], "statline", "k", "t.csv")


def test_odata_v4_is_pivoted_and_attributes_are_missing():
    payload = {"value": [
        {"Id": 0, "Measure": "M1", "ValueAttribute": "None", "Value": 5.0, "RegioS": "GM0296", "Perioden": "2023JJ00"},
        {"Id": 1, "Measure": "M2", "ValueAttribute": "Confidential", "Value": None, "RegioS": "GM0296",
         "Perioden": "2023JJ00"},
        {"Id": 2, "Measure": "M1", "ValueAttribute": "None", "Value": 7.5, "RegioS": "NL01", "Perioden": "2023JJ00"}]}
    table = odata_table(json.loads(json.dumps(payload)), "t.json")
    assert table.columns == ["RegioS", "Perioden", "M1", "M2"]
    assert table.rows == [["GM0296", "2023JJ00", "5", ""], ["NL01", "2023JJ00", "7.5", ""]]


def test_names_and_totals():
    assert canon("Regio's") == canon("RegioS") == "regios"
    assert canon("Bevolking op 1 januari (aantal)") == canon("BevolkingOp1Januari_1")
    assert is_total("T001019") and is_total("Totaal burgerlijke staat") and not is_total("Ongehuwd")
    rate, count = WMO.metingen
    assert matches(rate, "Wmo-cliënten per 1 000 inwoners (per 1 000 inwoners)")
    assert matches(count, "Wmo-cliënten (aantal)") and not matches(count, "Wmo-cliënten per 1 000 inwoners")
