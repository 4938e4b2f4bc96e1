"""Upserting into the tables of an input folder (the CBS import)."""

import pytest

from sdmonitor.errors import UsageError
from sdmonitor.imports.tables import upsert_csv


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
