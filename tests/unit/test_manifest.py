"""manifest.json: hashes of inputs, stable layout."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pandas as pd

from sdmonitor.run.manifest import build_manifest, input_hashes, sha256_file, write_manifest

# SHA-256 of the three bytes "abc" (FIPS 180-2 test vector).
SHA_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_sha256_of_known_bytes(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"abc")
    assert sha256_file(tmp_path / "a.csv") == SHA_ABC


def test_input_hashes_relative_posix_paths_and_no_hidden_files(tmp_path):
    (tmp_path / "declaraties").mkdir()
    (tmp_path / "declaraties" / "2025.csv").write_bytes(b"abc")
    (tmp_path / ".~lock.producten.csv#").write_bytes(b"x")
    assert input_hashes(tmp_path) == {"declaraties/2025.csv": SHA_ABC}


def _manifest(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "producten.csv").write_bytes(b"abc")
    return build_manifest(
        parameters={"gemeente": "GM0296", "periode": "2026-02"}, peildatum=date(2026, 3, 10),
        data=tmp_path / "data", timings={"hoofdstuk.jeugd": 1.23456},
        reconciliation=pd.DataFrame({"tabel": ["declaraties"], "reden": ["gebruikt"], "rijen": [3]}),
        created_at=datetime(2026, 3, 11, 9, 30, tzinfo=UTC))


def test_manifest_content(tmp_path):
    m = _manifest(tmp_path)
    assert m["peildatum"] == "2026-03-10"
    assert m["inputs"] == {"producten": [SHA_ABC]}  # by table, no file names
    assert m["timings_seconds"] == {"hoofdstuk.jeugd": 1.235}
    assert m["reconciliation"] == [{"tabel": "declaraties", "reden": "gebruikt", "rijen": 3}]
    assert m["created_at"] == "2026-03-11T09:30:00+00:00"
    assert "pandas" in m["packages"] and "papermill" in m["packages"] and "sdmonitor" in m["packages"]


def test_write_manifest_sorted_and_stable(tmp_path):
    m = _manifest(tmp_path)
    write_manifest(m, tmp_path / "a.json")
    write_manifest(dict(reversed(list(m.items()))), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    keys = list(json.loads((tmp_path / "a.json").read_text(encoding="utf-8")))
    assert keys == sorted(keys)


def test_inputs_by_table_without_file_names():
    from sdmonitor.run.manifest import table_hashes

    hashes = {"declaraties/jansen-2025.csv": "b", "declaraties/2024.csv": "a", "producten.xlsx": "c",
              "notities van jansen.txt": "d"}
    assert table_hashes(hashes) == {"declaraties": ["a", "b"], "overig": ["d"], "producten": ["c"]}


def test_no_reconciliation_key_without_one(tmp_path):
    (tmp_path / "data").mkdir()
    m = build_manifest(parameters={}, peildatum=date(2026, 3, 10), data=tmp_path / "data", timings={},
                       reconciliation=None)
    assert "reconciliation" not in m
