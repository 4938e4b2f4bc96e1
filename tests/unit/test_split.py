"""`split`: the heavy tables of every municipality read once and cut per municipality give, for
each one, exactly the dataset of a scoped read (`load_dataset(folder, gemeente=…)`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from input_folder import input_folder

from sdmonitor.ingest import split as split_module
from sdmonitor.ingest.dataset import load_dataset

# Three municipalities interleaved in the file, so a slice must restore each one's input order.
DECLARATIES = """\
gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,10,04,650.00,2025-04-10
GM0225,jeugd,x1,2010,45A01,45,12345678,02,ZIN,2026-02-01,2026-02-28,10,04,999.00,2026-03-20
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,-10,04,-650.00,2025-05-10
GM1234,jeugd,y1,2012,45A01,45,12345678,01,ZIN,2026-01-01,2026-01-31,4,04,260.00,2026-02-05
GM0225,jeugd,x2,2011,45A01,45,12345678,02,PGB,2026-01-01,2026-01-31,2,04,130.00,2026-02-11
GM0296,jeugd,c2,2007,45A01,45,12345678,04,PGB,2026-01-01,2026-01-31,3,04,195.00,2026-02-10
"""


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch) -> Path:
    return input_folder(tmp_path, monkeypatch, DECLARATIES)


def _same(a, b) -> None:
    assert list(a.tables) == list(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert a.scope == b.scope and a.hashes == b.hashes and a.source == b.source and a.files == b.files


def test_each_slice_is_the_scoped_read(folder: Path):
    split = split_module.read_split(folder)
    assert split.gemeenten() == ["GM0225", "GM0296", "GM1234"]
    assert split.sizes() == {"GM0225": 2, "GM0296": 3, "GM1234": 1}
    assert split.bounds["declaraties"] == {"GM0225": (0, 2), "GM0296": (2, 3), "GM1234": (5, 1)}
    for code in ("GM0225", "GM0296", "GM1234", "GM9999"):  # GM9999: no rows, as a scoped read
        _same(split.dataset(code), load_dataset(folder, gemeente=code))
    # the input order within a municipality: c1's debit, its credit, then c2
    assert split.dataset("gm0296")["declaraties"]["bedrag"].tolist() == [650.0, -650.0, 195.0]


def test_only_the_wanted_municipalities_are_read(folder: Path):
    split = split_module.read_split(folder, ["gm1234", "GM0225"])
    assert split.heavy["declaraties"].num_rows == 3
    assert split.bounds["declaraties"] == {"GM0225": (0, 2), "GM1234": (2, 1)}
    _same(split.dataset("GM1234"), load_dataset(folder, gemeente="GM1234"))
    # the counts of what is left out still describe the whole input
    assert split.dataset("GM0225").scope.other == {"declaraties": 4}


def test_municipalities_come_from_the_cache_counts(folder: Path):
    assert split_module.municipalities(folder) == ["GM0225", "GM0296", "GM1234"]


def test_without_cache_every_municipality_gets_the_whole_dataset(folder: Path, monkeypatch):
    monkeypatch.setenv("SDMONITOR_CACHE", "off")
    split = split_module.read_split(folder)
    assert split.gemeenten() == ["GM0225", "GM0296", "GM1234"]
    assert split.sizes() == {"GM0225": 2, "GM0296": 3, "GM1234": 1}
    whole = split.dataset("GM0296")
    assert len(whole["declaraties"]) == 6 and whole.scope is None
    _same(whole, load_dataset(folder, gemeente="GM0296"))
