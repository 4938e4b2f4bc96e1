"""Appending to and upserting into the tables of an input folder."""

from pathlib import Path

import pytest

from sdmonitor.errors import UsageError
from sdmonitor.imports.tables import Spool, upsert_csv

ROW = {"gemeente": "GM0296", "wet": "jeugd", "client_id": "c1", "toewijzing_id": "7", "productcode": "45A03",
       "toegewezen_op": "2025-01-01", "ingangsdatum": "2025-01-01", "einddatum": "", "volume": "2.5",
       "eenheid": "04", "frequentie": "2", "reden_einde": "", "aanbieder": "1", "bericht": "b"}


def _spool(out: Path) -> Spool:
    spool = Spool(out, "toewijzingen")
    spool.add([ROW])
    return spool


def test_new_table_is_a_comma_csv(tmp_path):
    target = _spool(tmp_path).commit("x")
    assert target.name == "toewijzingen.csv"
    header, line = target.read_text(encoding="utf-8").splitlines()
    assert header.startswith("gemeente,wet,client_id,toewijzing_id") and line.endswith(",2.5,04,2,,1,b")
    assert [p.name for p in tmp_path.iterdir()] == ["toewijzingen.csv"]  # no spool left behind


def test_append_keeps_the_files_own_columns_separator_and_decimal_comma(tmp_path):
    target = tmp_path / "toewijzingen.csv"
    target.write_text("gemeente;wet;client_id;toewijzing_id;productcode;toegewezen_op;ingangsdatum;einddatum;"
                      "volume;eenheid;frequentie\n"
                      "GM0296;jeugd;c0;6;45A03;2024-01-01;2024-01-01;;1,5;04;2", encoding="utf-8")  # no final \n
    _spool(tmp_path).commit("x")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith(";1,5;04;2")
    assert lines[2] == "GM0296;jeugd;c1;7;45A03;2025-01-01;2025-01-01;;2,5;04;2"


def test_table_folder_gets_a_new_file(tmp_path):
    (tmp_path / "toewijzingen").mkdir()
    target = _spool(tmp_path).commit("istandaard-1")
    assert target == tmp_path / "toewijzingen" / "istandaard-1.csv"


def test_upsert_replaces_rows_with_the_same_key(tmp_path):
    key = ["gebied", "indicator", "periode", "dimensie"]
    row = {"gebied": "GM0034", "indicator": "bevolking.inwoners", "periode": "2023", "dimensie": "",
           "waarde": "1", "eenheid": "aantal"}
    upsert_csv(tmp_path, "benchmark", [row, {**row, "periode": "2022"}], key)
    upsert_csv(tmp_path, "benchmark", [{**row, "waarde": "2"}], key)
    lines = (tmp_path / "benchmark.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["GM0034,bevolking.inwoners,2022,,1,aantal", "GM0034,bevolking.inwoners,2023,,2,aantal"]


def test_upsert_refuses_a_semicolon_file(tmp_path):
    (tmp_path / "bevolking.csv").write_text("gemeente;jaar;leeftijd;aantal;soort\n", encoding="utf-8")
    with pytest.raises(UsageError):
        upsert_csv(tmp_path, "bevolking", [], ["gemeente"])
