"""A batch of messages into an input folder: failures per message, idempotence, verwijzer chain."""

import csv
import shutil
from pathlib import Path

import pytest

from sdmonitor.errors import UsageError
from sdmonitor.imports import writer
from sdmonitor.imports.istandaard import import_istandaard
from sdmonitor.imports.pseudonym import Pseudonymiser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "lib/sdmonitor/data/voorbeelden/istandaard"
FIXTURES = ROOT / "tests/fixtures/istandaard"
REFERENCE = ROOT.parent / "shared/reference/istandaarden"
P = Pseudonymiser("test")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _run(out, *paths):
    return import_istandaard(out, [Path(p) for p in paths], P, progress=False)


def _examples(tmp_path, names=("JW301.xml", "JW323.xml", "WMO301.xml", "WMO323.xml")) -> Path:
    folder = tmp_path / "berichten"
    folder.mkdir()
    for name in names:
        shutil.copy(EXAMPLES / name, folder)
    return folder


def test_examples_import_and_reimport_adds_nothing(tmp_path):
    out, msgs = tmp_path / "data", _examples(tmp_path)
    first = _run(out, msgs)
    assert first.mislukt == [] and first.regels == {"declaraties": 9, "toewijzingen": 3}
    before = (out / "declaraties.csv").read_bytes(), (out / "toewijzingen.csv").read_bytes()
    again = _run(out, msgs, msgs / "JW323.xml")  # the folder and one file of it once more
    assert again.overgeslagen == 5 and again.regels == {} and again.mislukt == []
    assert ((out / "declaraties.csv").read_bytes(), (out / "toewijzingen.csv").read_bytes()) == before


def test_geboortejaar_comes_from_the_301_of_the_same_wet(tmp_path):
    out = tmp_path / "data"
    _run(out, _examples(tmp_path))
    rows = _rows(out / "declaraties.csv")
    # Test BSN 999900006 is born 2010-02-14 in JW301 and 1967-08-13 in WMO301; 999900018 has no 301.
    years = {(r["wet"], r["client_id"]): r["geboortejaar"] for r in rows}
    assert years == {("jeugd", P("999900006")): "2010", ("jeugd", P("999900018")): "",
                     ("wmo", P("999900006")): "1967", ("wmo", P("999900018")): ""}


def _declaration(path: Path, toewijzingen: list[str]) -> None:
    lines = [dict(productcategorie="55", productcode="55A11", periode_begin="2026-05-01",
                  periode_eind="2026-05-31", volume=2, eenheid="04", cents=2000, toewijzing_id=t)
             for t in toewijzingen]
    path.write_bytes(writer.declaratie("jeugd", "0384", "42420001", "77", "2026-06-03", [("999900006", lines)]))


def test_verwijzer_from_315_through_301_to_323(tmp_path):
    msgs = tmp_path / "m"
    msgs.mkdir()
    _declaration(msgs / "a_first_by_name.xml", ["300201", "300202", "999"])  # read last anyway
    shutil.copy(EXAMPLES / "JW301.xml", msgs)
    shutil.copy(FIXTURES / "JW315_gecorrigeerd.xml", msgs)
    result = _run(tmp_path / "data", msgs)
    assert result.mislukt == []
    rows = _rows(tmp_path / "data/declaraties.csv")
    # 300201 answers request 40A12341234 (Verwijzer Type 01), 300202 answers 40A12341235 (Type 02);
    # allocation 999 is unknown: no verwijzer.
    assert [(r["toewijzing_id"], r["verwijzer"]) for r in rows] == [("300201", "01"), ("300202", "02"), ("999", "")]
    assert {r["geboortejaar"] for r in rows} == {"2010"}


def test_verwijzer_chain_across_two_imports(tmp_path):
    out = tmp_path / "data"
    _run(out, EXAMPLES / "JW301.xml", FIXTURES / "JW315_gecorrigeerd.xml")
    _declaration(tmp_path / "later.xml", ["300202"])
    _run(out, tmp_path / "later.xml")
    assert [r["verwijzer"] for r in _rows(out / "declaraties.csv")] == ["02"]


def test_bad_messages_are_listed_and_the_rest_imported(tmp_path):
    msgs = _examples(tmp_path, ("JW301.xml", "JW323.xml"))
    text = (EXAMPLES / "WMO323.xml").read_text(encoding="utf-8")
    (msgs / "afgebroken.xml").write_text(text[:900], encoding="utf-8")
    (msgs / "oud.xml").write_text(text.replace("iwmo/3_2/wmo323", "iwmo/3_1/wmo323"), encoding="utf-8")
    result = _run(tmp_path / "data", msgs)
    reasons = {Path(f.file).name: f.reason for f in result.mislukt}
    assert set(reasons) == {"afgebroken.xml"}
    assert reasons["afgebroken.xml"].startswith("geen geldige XML (afgebroken of beschadigd bestand?): regel ")
    # Another release is no failure: it is passed over with its reason (issue 20).
    assert [(Path(s.name).name, s.reason) for s in result.niet_gelezen] == [
        ("oud.xml", "namespace van release 3.1: alleen iJw/iWmo 3.2 wordt gelezen")]
    assert result.regels == {"declaraties": 5, "toewijzingen": 2}


def test_same_identity_other_content_is_a_conflict(tmp_path):
    out = tmp_path / "data"
    _run(out, EXAMPLES / "JW323.xml")
    changed = tmp_path / "JW323_bis.xml"
    changed.write_text((EXAMPLES / "JW323.xml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = _run(out, changed)
    assert len(result.mislukt) == 1 and "dezelfde berichtidentificatie" in result.mislukt[0].reason
    assert len(_rows(out / "declaraties.csv")) == 5


def test_declared_product_must_be_in_the_product_book(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "producten.csv").write_text(
        "wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid\n"
        "jeugd,45A03,Ambulant,Ambulant,Ambulant,04\n", encoding="utf-8")
    result = _run(out, EXAMPLES / "JW323.xml", EXAMPLES / "JW301.xml")
    assert [f.reason for f in result.mislukt] == [
        "productcode 45A04 (jeugd) staat niet in producten: vul het regionale productboek aan en importeer opnieuw"]
    assert not (out / "declaraties.csv").exists() and result.regels == {"toewijzingen": 2}


def test_refuses_a_workbook_table(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "declaraties.xlsx").write_bytes(b"")
    with pytest.raises(UsageError, match="declaraties.xlsx"):
        _run(out, EXAMPLES / "JW323.xml")


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not present")
def test_official_jw_folder_reports_exactly_the_two_broken_examples(tmp_path):
    result = _run(tmp_path / "data", REFERENCE / "jw/berichten")
    reasons = {Path(f.file).name: f.reason for f in result.mislukt}
    assert set(reasons) == {"JW315.xml", "JW318.xml"}
    assert "ToewijzingEinddatum" in reasons["JW315.xml"] and "2027-06-31" in reasons["JW315.xml"]
    assert reasons["JW318.xml"].startswith("element RetourCode (regel 33)")
    assert result.regels == {"declaraties": 5, "toewijzingen": 2}


def test_parallel_workers_give_the_same_tables(tmp_path):
    msgs = _examples(tmp_path)
    shutil.copy(FIXTURES / "JW315_gecorrigeerd.xml", msgs)
    serial = _run(tmp_path / "serial", msgs)
    parallel = import_istandaard(tmp_path / "parallel", [msgs], P, progress=False, workers=2)
    assert parallel.regels == serial.regels and parallel.mislukt == serial.mislukt == []
    for table in ("declaraties.csv", "toewijzingen.csv"):
        assert (tmp_path / "parallel" / table).read_bytes() == (tmp_path / "serial" / table).read_bytes()
