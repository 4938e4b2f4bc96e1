"""The validated-input cache (`store`): keyed by content, outside the input folder, and a scoped
DuckDB read that gives the same selection as the whole dataset."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from input_folder import input_folder

from sdmonitor.errors import InvalidDataError
from sdmonitor.ingest import store
from sdmonitor.ingest.dataset import load_dataset
from sdmonitor.ingest.selection import check_edition, default_peildatum, select
from sdmonitor.ingest.validation import validated_dataset
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

# Three Wijchen lines (one credited), one Druten line; the latest ingediend_op is Druten's.
DECLARATIES = """\
gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,10,04,650.00,2025-04-10
GM0296,jeugd,c1,2010,45A01,45,12345678,02,ZIN,2025-03-01,2025-03-31,-10,04,-650.00,2025-05-10
GM0296,jeugd,c2,2007,45A01,45,12345678,04,PGB,2026-01-01,2026-01-31,3,04,195.00,2026-02-10
GM0225,jeugd,x1,2010,45A01,45,12345678,02,ZIN,2026-02-01,2026-02-28,10,04,999.00,2026-03-20
"""
WIJCHEN = Gemeente(code="GM0296", naam="Wijchen", slug="wijchen")


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch) -> Path:
    return input_folder(tmp_path, monkeypatch, DECLARATIES)


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_cache_lives_outside_the_input_and_leaves_it_untouched(folder: Path, tmp_path: Path):
    before = _state(folder)
    store.cached_dataset(folder)
    store.scoped_dataset(folder, "GM0296")
    assert _state(folder) == before
    (entry,) = (p for p in (tmp_path / "cache" / "entries").iterdir() if p.is_dir())
    assert sorted(p.name for p in entry.iterdir()) == ["dataset.json", "declaraties.parquet", "meta.json", "rest"]
    assert [p.name for p in (entry / "rest").iterdir()] == ["producten.parquet"]


def test_cached_dataset_equals_the_validated_one(folder: Path):
    direct = validated_dataset(folder)
    first, again = store.cached_dataset(folder), store.cached_dataset(folder)  # written, then read
    for cached in (first, again):
        assert list(cached.tables) == list(direct.tables)
        for name in direct.tables:
            pd.testing.assert_frame_equal(cached[name], direct[name])
        assert cached.hashes == direct.hashes and cached.source == direct.source


def test_a_changed_file_is_a_new_entry(folder: Path, tmp_path: Path):
    assert len(store.scoped_dataset(folder, "GM0296")["declaraties"]) == 3
    # One more Wijchen line: the scoped read must see it (4 lines), from a second entry.
    extra = "GM0296,jeugd,c3,2011,45A01,45,12345678,02,ZIN,2026-02-01,2026-02-28,2,04,130.00,2026-03-01\n"
    with open(folder / "declaraties.csv", "a", encoding="utf-8") as fh:
        fh.write(extra)
    assert len(store.scoped_dataset(folder, "GM0296")["declaraties"]) == 4
    assert len([p for p in (tmp_path / "cache" / "entries").iterdir() if p.is_dir()]) == 2


def test_a_correction_with_the_same_size_and_the_old_mtime_restored_is_seen(folder: Path):
    """Issue 21: size and mtime are no identity; the content is."""
    store.cached_dataset(folder)
    path = folder / "declaraties.csv"
    text = path.read_text(encoding="utf-8").replace("650.00,2025-04-10", "651.00,2025-04-10")  # same size
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the old mtime restored
    assert path.stat().st_size == stat.st_size
    assert store.cached_dataset(folder)["declaraties"]["bedrag"].iloc[0] == 651.0


def test_no_pickle_in_the_cache_code():
    source = Path(store.__file__).read_text(encoding="utf-8")
    assert "pickle" not in source.replace("No pickle", "")


def test_a_damaged_entry_is_said_and_rebuilt(folder: Path, tmp_path: Path, capsys):
    first = store.cached_dataset(folder)
    (entry,) = (p for p in (tmp_path / "cache" / "entries").iterdir() if p.is_dir())
    parquet = entry / "declaraties.parquet"
    parquet.write_bytes(parquet.read_bytes()[:40])  # truncated
    again = store.cached_dataset(folder)
    pd.testing.assert_frame_equal(again["declaraties"], first["declaraties"])
    assert "beschadigd" in capsys.readouterr().err
    (entry / "dataset.json").write_text("{garbage", encoding="utf-8")
    again = store.scoped_dataset(folder, "GM0296")
    assert len(again["declaraties"]) == 3
    err = capsys.readouterr().err
    assert "beschadigd" in err and str(entry) in err


def test_a_cache_others_can_write_is_refused(folder: Path, tmp_path: Path):
    from sdmonitor.errors import UsageError

    root = tmp_path / "cache"
    root.mkdir()
    root.chmod(0o777)
    with pytest.raises(UsageError) as info:
        store.cached_dataset(folder)
    assert str(root) in str(info.value) and info.value.exit_code == 2


def test_a_busy_entry_times_out_with_a_message(folder: Path, tmp_path: Path, monkeypatch):
    import fcntl

    from sdmonitor.errors import UsageError

    monkeypatch.setenv("SDMONITOR_CACHE_WACHTTIJD", "0.3")
    entry = tmp_path / "cache" / "entries" / store.fingerprint(folder)
    entry.parent.mkdir(parents=True)
    with open(f"{entry}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # another command is filling this entry
        with pytest.raises(UsageError) as info:
            store.cached_dataset(folder)
    assert str(entry) in str(info.value) and "in gebruik" in str(info.value)
    assert len(store.cached_dataset(folder)["declaraties"]) == 4  # the lock released: it works


def test_invalid_input_is_reported_every_time_and_never_cached(folder: Path, tmp_path: Path):
    (folder / "declaraties.csv").write_text(DECLARATIES.replace("650.00", "zes"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InvalidDataError) as info:
            load_dataset(folder, gemeente="GM0296")
        assert "declaraties.csv rij 2, kolom bedrag: waarde 'zes'" in str(info.value)
    entries = tmp_path / "cache" / "entries"
    assert not entries.exists() or not any(p.is_dir() for p in entries.iterdir())


def test_scoped_selection_has_the_same_cells_and_counts_as_the_whole_dataset(folder: Path):
    whole = validated_dataset(folder)
    scoped = load_dataset(folder, gemeente="GM0296")
    assert len(scoped["declaraties"]) == 3  # only Wijchen's rows were read
    # The default peildatum is the latest ingediend_op of every gemeente: Druten's 2026-03-20.
    assert default_peildatum(scoped) == default_peildatum(whole) == date(2026, 3, 20)
    periode = Periode.parse("2026-02")
    a, b = select(whole, WIJCHEN, periode), select(scoped, WIJCHEN, periode)
    pd.testing.assert_frame_equal(a.lines, b.lines)
    # gelezen 4 = gebruikt 3 + andere gemeente 1, on both paths.
    pd.testing.assert_frame_equal(a.reconciliation, b.reconciliation)
    recon = b.reconciliation.set_index(["tabel", "reden"])["rijen"]
    assert recon[("declaraties", "gelezen")] == 4 and recon[("declaraties", "andere gemeente")] == 1


def test_scoped_unknown_gemeente_lists_the_codes_of_the_whole_input(folder: Path):
    scoped = load_dataset(folder, gemeente="GM0001")
    with pytest.raises(InvalidDataError) as info:
        check_edition(scoped, Gemeente(code="GM0001", naam="GM0001", slug="gm0001"), Periode.parse("2026-02"),
                      date(2026, 3, 20))
    assert "GM0225 (1 rijen), GM0296 (3 rijen)" in str(info.value)


def test_cache_off_reads_the_folder_itself(folder: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SDMONITOR_CACHE", "off")
    assert store.cached_dataset(folder) is None
    assert len(load_dataset(folder, gemeente="GM0296")["declaraties"]) == 4  # whole, unscoped
    assert not (tmp_path / "cache").exists()


def test_validated_says_whether_the_folder_as_it_is_now_was_validated_before(folder: Path, monkeypatch):
    assert not store.validated(folder)  # never read
    store.cached_dataset(folder)
    assert store.validated(folder)
    with open(folder / "declaraties.csv", "a", encoding="utf-8") as fh:  # changed since: not yet
        fh.write("GM0296,jeugd,c3,2011,45A01,45,12345678,02,ZIN,2026-02-01,2026-02-28,2,04,130.00,2026-03-01\n")
    assert not store.validated(folder)
    (folder / "declaraties.csv").write_text(DECLARATIES.replace("650.00", "zes"), encoding="utf-8")
    with pytest.raises(InvalidDataError):
        load_dataset(folder)
    assert not store.validated(folder)  # refused: never validated
    monkeypatch.setenv("SDMONITOR_CACHE", "off")
    assert not store.validated(folder)
