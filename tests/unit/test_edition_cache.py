"""The edition cache's key and the copy `sdmonitor kpis` serves from it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.figures.kpis import write_kpis_csv
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.workbook import edition_cache

WIJCHEN = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen")
P = Periode(2026, 2)
FIGURES = pd.DataFrame({"indicator": ["jeugd.clienten", "jeugd.kosten"], "periode": ["2025", "2025"],
                        "dimensie": ["", ""], "waarde": [3.0, 2200.5], "eenheid": ["aantal", "euro"]})


@pytest.fixture
def cache(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("SDMONITOR_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def folder(tmp_path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "declaraties.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return data


def test_copy_figures_gives_exactly_the_stored_kpis_csv(cache, folder, tmp_path):
    key = edition_cache.edition_key(WIJCHEN, P, None, folder)
    assert edition_cache.copy_figures(key, tmp_path / "out.csv") is None  # nothing stored yet
    assert not (tmp_path / "out.csv").exists()
    edition_cache.store(key, FIGURES, None, date(2026, 3, 10))
    assert edition_cache.copy_figures(key, tmp_path / "out.csv") == 2
    write_kpis_csv(FIGURES, tmp_path / "direct.csv")
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "direct.csv").read_bytes()


def test_an_entry_stored_with_the_bytes_already_written_holds_those_bytes(cache, folder, tmp_path):
    key = edition_cache.edition_key(WIJCHEN, P, None, folder)
    written = write_kpis_csv(FIGURES, tmp_path / "direct.csv")
    edition_cache.store(key, FIGURES, None, date(2026, 3, 10), csv=written)
    assert edition_cache.copy_figures(key, tmp_path / "out.csv") == 2
    assert (tmp_path / "out.csv").read_bytes() == written
    figures, bench, peildatum = edition_cache.load(key)
    assert figures["indicator"].tolist() == FIGURES["indicator"].tolist() and bench is None
    assert peildatum == date(2026, 3, 10)


def test_copy_figures_with_the_cache_off_is_none(monkeypatch, folder, tmp_path):
    monkeypatch.setenv("SDMONITOR_CACHE", "off")
    key = edition_cache.edition_key(WIJCHEN, P, None, folder)
    edition_cache.store(key, FIGURES, None, date(2026, 3, 10))
    assert edition_cache.copy_figures(key, tmp_path / "out.csv") is None


def test_an_incomplete_entry_is_not_served(cache, folder, tmp_path):
    key = edition_cache.edition_key(WIJCHEN, P, None, folder)
    edition_cache.store(key, FIGURES, None, date(2026, 3, 10))
    (cache / "edities" / edition_cache.entry_name(key) / "meta.json").unlink()
    assert edition_cache.copy_figures(key, tmp_path / "out.csv") is None


def test_the_key_follows_every_input_and_setting(folder):
    def key(**kw):
        args = {"gemeente": WIJCHEN, "periode": P, "peildatum": None, "folder": folder} | kw
        return edition_cache.edition_key(**args)

    base = key()
    assert key() == base
    assert key(peildatum=date(2026, 3, 10)) != base
    assert key(periode=Periode(2026, 3)) != base
    assert key(gemeente=Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", raw={"drempel": 10})) != base
    path = folder / "declaraties.csv"
    stat = path.stat()
    # Same size and mtime, but another file put in its place (a new inode): another key.
    replacement = folder / "new.tmp"
    replacement.write_text("a,b\n3,4\n", encoding="utf-8")
    os.replace(replacement, path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert key() != base
    replaced = key()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # touched: the same content
    assert key() == replaced
    touched = key()
    (folder / ".verborgen").write_text("x", encoding="utf-8")  # hidden files are no input
    assert key() == touched
    (folder / "bevolking.csv").write_text("x", encoding="utf-8")
    assert key() != touched


def test_a_same_size_correction_with_the_old_mtime_restored_is_another_key(folder):
    """Issue 21: the file corrected in place (same inode, same size, old mtime) is another input."""
    base = edition_cache.edition_key(WIJCHEN, P, None, folder)
    path = folder / "declaraties.csv"
    stat = path.stat()
    with open(path, "r+b") as fh:
        fh.write(b"a,b\n9,2\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_ino) == (stat.st_size, stat.st_ino)
    assert edition_cache.edition_key(WIJCHEN, P, None, folder) != base


def test_the_library_key_covers_the_package_data_files(monkeypatch, tmp_path):
    """A changed code list, house style or indicator registry is a changed figure definition."""
    from sdmonitor import config

    package = tmp_path / "pkg"
    (package / "data" / "codelists").mkdir(parents=True)
    (package / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (package / "data" / "indicatoren.yaml").write_text("a: 1\n", encoding="utf-8")
    (package / "data" / "codelists" / "JZ020.csv").write_text("code\n01\n", encoding="utf-8")
    monkeypatch.setattr(config, "PACKAGE_DIR", package)
    names = []
    for change in (None, "indicatoren.yaml", "codelists/JZ020.csv"):
        if change:
            with open(package / "data" / change, "a", encoding="utf-8") as fh:
                fh.write("b: 2\n")
        monkeypatch.setattr(edition_cache, "_LIBRARY", None)  # a new process
        names.append(edition_cache.entry_name(("k",)))
    assert len(set(names)) == 3


def test_a_damaged_entry_is_said_and_computed_again(cache, folder, tmp_path, capsys):
    key = edition_cache.edition_key(WIJCHEN, P, None, folder)
    edition_cache.store(key, FIGURES, None, date(2026, 3, 10))
    entry = cache / "edities" / edition_cache.entry_name(key)
    data = (entry / "kpis.csv").read_bytes()
    (entry / "kpis.csv").write_bytes(data[: len(data) // 2])  # truncated
    assert edition_cache.copy_figures(key, tmp_path / "out.csv") is None  # not served: computed again
    assert not (tmp_path / "out.csv").exists()
    assert "beschadigd" in capsys.readouterr().err
    edition_cache.store(key, FIGURES, None, date(2026, 3, 10))
    (entry / "meta.json").write_text("{garbage", encoding="utf-8")
    assert edition_cache.load(key) is None
    err = capsys.readouterr().err
    assert "beschadigd" in err and str(entry) in err


DECLARATIES = """\
gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op
GM0296,jeugd,a,2012,45A01,45,12345678,02,ZIN,2025-01-01,2025-01-31,10,04,100,2025-02-10
GM0296,jeugd,b,2013,45A01,45,12345678,02,ZIN,2026-01-01,2026-01-31,5,04,50,2026-02-10
"""
PRODUCTEN = """wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid
jeugd,45A01,Begeleiding,Reguliere begeleiding,Ambulant,04
"""


def test_the_runner_takes_an_unchanged_editions_figures_from_the_cache(cache, tmp_path):
    from sdmonitor.ingest.dataset import load_dataset
    from sdmonitor.run.runner import prepare

    data = tmp_path / "invoer"
    data.mkdir()
    (data / "declaraties.csv").write_text(DECLARATIES, encoding="utf-8")
    (data / "producten.csv").write_text(PRODUCTEN, encoding="utf-8")
    first = prepare(load_dataset(data), WIJCHEN, P, None, data)
    again = prepare(load_dataset(data), WIJCHEN, P, None, data)
    assert (first.from_cache, again.from_cache) == (False, True)
    pd.testing.assert_frame_equal(again.figures, first.figures)
    assert again.selection is not None and again.peildatum == date(2026, 2, 10)
    # 2025: client a only (1 client, € 100); then one more 2025 client: computed again.
    value = first.figures.set_index(["indicator", "periode", "dimensie"])["waarde"]
    assert value[("jeugd.clienten", "2025", "")] == 1
    with open(data / "declaraties.csv", "a", encoding="utf-8") as fh:
        fh.write("GM0296,jeugd,c,2014,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,1,04,7,2025-04-10\n")
    changed = prepare(load_dataset(data), WIJCHEN, P, None, data)
    assert not changed.from_cache
    waarde = changed.figures.set_index(["indicator", "periode", "dimensie"])["waarde"]
    assert waarde[("jeugd.clienten", "2025", "")] == 2
    # Without the folder (an in-memory dataset) nothing is cached.
    assert not prepare(load_dataset(data), WIJCHEN, P, None).from_cache


def test_a_pass_keeps_all_its_entries_and_an_ordinary_store_keeps_keep(cache, folder):
    # `kpis --gemeente ALL` stores one entry per municipality with keep = KEEP + their number, so the
    # batch after it finds them all; an ordinary store keeps the KEEP most recently used.
    def key(i: int) -> tuple:
        return edition_cache.edition_key(Gemeente(code=f"GM{i:04d}", naam=f"G{i}", slug=f"g{i}"), P, None, folder)

    many = edition_cache.KEEP + 5
    for i in range(many):
        edition_cache.store(key(i), FIGURES, None, date(2026, 3, 10), keep=many)
    assert all(edition_cache.has(key(i)) for i in range(many))
    edition_cache.store(key(many), FIGURES, None, date(2026, 3, 10))
    entries = [p for p in (cache / "edities").iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(entries) == edition_cache.KEEP and edition_cache.has(key(many))
    assert not edition_cache.has(key(0))
