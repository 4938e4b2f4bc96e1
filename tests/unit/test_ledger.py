"""The import ledger and the tables: one import at a time, unique output names, committed together,
a crash repaired by the next import, another pseudonym key refused."""

import csv
import datetime as real_dt
import os
import shutil
import threading
from pathlib import Path

import pytest
from sdmonitor.errors import UsageError
from sdmonitor.imports import istandaard, journal
from sdmonitor.imports.istandaard import WorkerCrash, import_istandaard
from sdmonitor.imports.ledger import Ledger
from sdmonitor.imports.pseudonym import Pseudonymiser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "lib/sdmonitor/data/voorbeelden/istandaard"
P = Pseudonymiser("ledger-sleutel-0123456789")


def _batch(tmp_path: Path, name: str, files: tuple[str, ...]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for f in files:
        shutil.copy(EXAMPLES / f, folder)
    return folder


def _count(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def _temps(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*.tmp"))


def _run(out, *paths, key=P, workers=1):
    return import_istandaard(out, [Path(p) for p in paths], key, progress=False, workers=workers)


def test_a_second_import_waits_then_refuses_naming_the_other(tmp_path, monkeypatch, capsys):
    out = tmp_path / "data"
    out.mkdir()
    monkeypatch.setenv("SDMONITOR_IMPORT_WACHTTIJD", "0.3")
    with journal.folder_lock(out), pytest.raises(UsageError) as exc:  # another import is running
        _run(out, EXAMPLES / "JW323.xml")
    assert exc.value.exit_code == 2 and "er loopt al een import" in str(exc.value)
    assert "deze import wacht" in capsys.readouterr().err
    assert not (out / "declaraties.csv").exists()
    # Once the other has finished, the import runs.
    assert _run(out, EXAMPLES / "JW323.xml").regels == {"declaraties": 5}


def test_two_imports_of_one_delivery_at_once_import_it_once(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    batch = _batch(tmp_path, "b", ("JW301.xml", "JW323.xml"))
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(_run(out, batch))) for _ in range(2)]
    with journal.folder_lock(out):  # both start while the folder is busy, then race for it
        for t in threads:
            t.start()
        threads[0].join(timeout=0.5)
        assert threads[0].is_alive() and not (out / "declaraties.csv").exists()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.overgeslagen for r in results) == [0, 2]  # the second saw what the first committed
    assert _count(out / "declaraties.csv") == 5 and _count(out / "toewijzingen.csv") == 2
    assert len(Ledger.load(out).berichten) == 2


def test_two_imports_in_the_same_second_keep_both_files(tmp_path, monkeypatch):
    class Frozen(real_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 5, 6, 12, 0, 0)

    class FakeDt:
        datetime = Frozen

    monkeypatch.setattr(istandaard, "dt", FakeDt)
    out = tmp_path / "data"
    (out / "declaraties").mkdir(parents=True)  # a table folder: the import's rows are one file in it
    _run(out, EXAMPLES / "JW323.xml")
    _run(out, EXAMPLES / "WMO323.xml")
    files = sorted((out / "declaraties").iterdir())
    assert [f.name for f in files] == ["istandaard.csv"] and _count(files[0]) == 5 + 4
    assert len(Ledger.load(out).berichten) == 2


def test_a_crash_before_the_commit_leaves_nothing_and_the_next_import_counts_once(tmp_path, monkeypatch):
    out = tmp_path / "data"
    batch = _batch(tmp_path, "b", ("JW301.xml", "JW323.xml"))

    def crash(self, *args, **kwargs):
        raise OSError("schijf vol")

    with monkeypatch.context() as m:
        m.setattr(Ledger, "save", crash)
        with pytest.raises(OSError):
            _run(out, batch)
    assert not (out / "declaraties.csv").exists() and _temps(out) == []
    _run(out, batch)
    assert _count(out / "declaraties.csv") == 5  # not 10: the crashed import left no rows
    assert len(Ledger.load(out).berichten) == 2


def test_a_crash_after_the_commit_point_is_finished_by_the_next_import(tmp_path, monkeypatch):
    out = tmp_path / "data"
    batch = _batch(tmp_path, "b", ("JW301.xml", "JW323.xml"))

    def crash(out_, journal_file):
        raise KeyboardInterrupt  # killed right after the journal was written

    with monkeypatch.context() as m:
        m.setattr(journal, "_finish", crash)
        with pytest.raises(KeyboardInterrupt):
            _run(out, batch)
    assert (out / ".istandaard" / "commit.json").is_file() and not (out / "declaraties.csv").exists()
    result = _run(out, batch)
    assert result.meldingen and "afgebroken import is afgemaakt" in result.meldingen[0]
    assert result.overgeslagen == 2 and result.regels == {}
    assert _count(out / "declaraties.csv") == 5 and _count(out / "toewijzingen.csv") == 2
    assert len(Ledger.load(out).berichten) == 2 and _temps(out) == []
    assert not (out / ".istandaard" / "commit.json").exists()


def test_temporary_files_of_a_crashed_import_are_removed(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / ".declaraties.import.tmp").write_text("gemeente\nGM0384\n")  # the old spool name
    (out / ".toewijzingen.import-1-abcd.tmp").write_text("x")
    result = _run(out, EXAMPLES / "JW323.xml")
    assert _temps(out) == [] and "tijdelijk(e) bestand(en)" in result.meldingen[0]
    assert _count(out / "declaraties.csv") == 5


def test_another_key_on_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "data"
    _run(out, EXAMPLES / "JW323.xml")
    fingerprint = (out / ".istandaard" / "sleutel.txt").read_text(encoding="utf-8")
    assert "ledger-sleutel" not in fingerprint and P.matches(fingerprint)
    before = (out / "declaraties.csv").read_bytes()
    with pytest.raises(UsageError) as exc:
        _run(out, EXAMPLES / "WMO323.xml", key=Pseudonymiser("een-andere-sleutel-987654"))
    message = str(exc.value)
    assert exc.value.exit_code == 2 and "\n" not in message
    assert "oorspronkelijke sleutel" in message and "nieuwe map" in message and "original key" in message
    assert (out / "declaraties.csv").read_bytes() == before
    assert _run(out, EXAMPLES / "WMO323.xml").regels == {"declaraties": 4}  # the right key goes on


def test_a_worker_that_dies_ends_the_import_cleanly(tmp_path, monkeypatch):
    batch = _batch(tmp_path, "b", ("JW301.xml", "JW323.xml", "WMO301.xml", "WMO323.xml"))
    real = istandaard._read_one

    def dies_on_wmo323(item, pseudonym, known):
        if item[0].path.name == "WMO323.xml":
            os._exit(139)  # as a segfault in libxml2 would
        return real(item, pseudonym, known)

    monkeypatch.setattr(istandaard, "_read_one", dies_on_wmo323)  # inherited by the forked workers
    out = tmp_path / "data"
    outcome: list = []

    def run() -> None:
        try:
            _run(out, batch, workers=2)
            outcome.append("klaar")
        except WorkerCrash as exc:
            outcome.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout=120)
    assert outcome, "de import hangt na het wegvallen van een werkproces"
    assert isinstance(outcome[0], WorkerCrash) and outcome[0].exit_code != 0
    assert "leesproces" in str(outcome[0]) and "niets opgeslagen" in str(outcome[0])
    assert _temps(out) == [] and not (out / "declaraties.csv").exists()
    assert not (out / ".istandaard" / "berichten.csv").exists()
