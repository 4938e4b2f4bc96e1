"""A batch of messages into an input folder: failures per message, idempotence, verwijzer chain."""

import csv
import shutil
import sys
import zipfile
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
    assert result.regels == {"declaraties": 5, "toewijzingen": 2, "zorgmeldingen": 4, "retouren": 3}


def test_parallel_workers_give_the_same_tables(tmp_path):
    msgs = _examples(tmp_path)
    shutil.copy(FIXTURES / "JW315_gecorrigeerd.xml", msgs)
    serial = _run(tmp_path / "serial", msgs)
    parallel = import_istandaard(tmp_path / "parallel", [msgs], P, progress=False, workers=2)
    assert parallel.regels == serial.regels and parallel.mislukt == serial.mislukt == []
    for table in ("declaraties.csv", "toewijzingen.csv"):
        assert (tmp_path / "parallel" / table).read_bytes() == (tmp_path / "serial" / table).read_bytes()


# --- the chain over imports (issue 20 §1-3, §10) -----------------------------------------------

sys.path.insert(0, str(ROOT / "tests"))
from istandaard_archive import build

TABLES = ("declaraties", "toewijzingen", "aanvragen", "zorgmeldingen", "retouren", "berichten")


def _archive_folders(tmp_path) -> list[Path]:
    """The generated archive's deliveries as folders (the zipped one unpacked here: reading zips
    is the import's business in imports/archive.py, on another branch)."""
    archive = build(tmp_path / "archief")
    folders = []
    for name in archive.deliveries:
        path = archive.folder / name
        if name.endswith(".zip"):
            with zipfile.ZipFile(path) as zf:
                zf.extractall(archive.folder / "uitgepakt")
            path = archive.folder / "uitgepakt" / name[:-4]
        folders.append(path)
    return folders


def test_imports_one_delivery_at_a_time_give_the_tables_of_one_import(tmp_path):
    folders = _archive_folders(tmp_path)
    whole = _run(tmp_path / "ineens", *folders)
    assert whole.mislukt == []
    for folder in folders:
        assert _run(tmp_path / "per-maand", folder).mislukt == []
    for table in TABLES:
        assert (tmp_path / "per-maand" / f"{table}.csv").read_bytes() == \
            (tmp_path / "ineens" / f"{table}.csv").read_bytes(), table
    # And in the opposite order of deliveries (a late delivery found afterwards).
    for folder in reversed(folders):
        _run(tmp_path / "omgekeerd", folder)
    for table in TABLES:
        assert (tmp_path / "omgekeerd" / f"{table}.csv").read_bytes() == \
            (tmp_path / "ineens" / f"{table}.csv").read_bytes(), table


def _allocation(path: Path, ident: str, dagtekening: str, volume: int, **extra) -> None:
    product = dict(toewijzing_id="5001", productcategorie="45", productcode="45A03", ingangsdatum="2026-01-01",
                   volume=volume, eenheid="04", frequentie="4", **extra)
    path.write_bytes(writer.toewijzing("jeugd", "0384", "42420001", ident, dagtekening, "999900006", "2010-02-14",
                                       [product]))


def test_a_later_version_in_a_later_import_replaces_the_row(tmp_path):
    out = tmp_path / "data"
    _allocation(tmp_path / "v1.xml", "1", "2026-01-01", 4)
    _run(out, tmp_path / "v1.xml")
    _allocation(tmp_path / "v2.xml", "2", "2026-03-01", 6, reden_wijziging="04")
    _run(out, tmp_path / "v2.xml")
    rows = _rows(out / "toewijzingen.csv")
    assert [(r["toewijzing_id"], r["volume"], r["reden_wijziging"]) for r in rows] == [("5001", "6", "04")]
    _allocation(tmp_path / "v3.xml", "3", "2026-03-05", 6, einddatum="2026-01-01", reden_wijziging="13")
    _run(out, tmp_path / "v3.xml")
    assert _rows(out / "toewijzingen.csv") == []  # withdrawn: as if never sent


def test_a_325_in_a_later_import_takes_the_rejected_line_out(tmp_path):
    out = tmp_path / "data"
    _run(out, EXAMPLES / "JW323.xml")
    assert len(_rows(out / "declaraties.csv")) == 5
    lines = _rows(out / "declaraties.csv")
    first = lines[0]
    retour = tmp_path / "JW325.xml"
    retour.write_bytes(writer.retour("0384", first["aanbieder"], "91", "2026-05-20", ("765432198", "2026-05-06"),
                                     [("999900006", [dict(productcategorie="45", productcode=first["productcode"],
                                                          periode_begin=first["periode_begin"],
                                                          periode_eind=first["periode_eind"], volume=4, eenheid="04",
                                                          cents=5000, toewijzing_id=first["toewijzing_id"],
                                                          referentie=first["referentie"], retourcodes=["9307"])])]))
    assert _run(out, retour).mislukt == []
    after = _rows(out / "declaraties.csv")
    assert [r["referentie"] for r in after] == [r["referentie"] for r in lines[1:]]
    assert sum(float(r["bedrag"]) for r in after) == 790.00 - 50.00
    assert [r["retourcode"] for r in _rows(out / "retouren.csv")] == ["9307"]


def test_an_identical_resend_is_kept_once_and_counted(tmp_path):
    """Issue 20 §3: the same line sent twice on one day made every monitor fail (exit 3)."""
    out = tmp_path / "data"
    resent = tmp_path / "JW323_opnieuw.xml"
    resent.write_text((EXAMPLES / "JW323.xml").read_text(encoding="utf-8")
                      .replace("<ijw:Identificatie>", "<ijw:Identificatie>9"), encoding="utf-8")
    result = _run(out, EXAMPLES / "JW323.xml", resent)
    assert result.mislukt == [] and result.dubbel == 5
    assert "5 declaratieregel(s) waren al eerder verstuurd" in result.render()
    assert len(_rows(out / "declaraties.csv")) == 5


def test_a_refused_message_is_not_recorded_so_its_correction_imports(tmp_path):
    """Issue 20 §10: a message with an impossible line is refused and not remembered."""
    out = tmp_path / "data"
    line = dict(productcategorie="45", productcode="45A03", periode_begin="2026-05-20", periode_eind="2026-05-10",
                volume=2, eenheid="04", cents=2000, toewijzing_id="1")
    bad = tmp_path / "fout.xml"
    bad.write_bytes(writer.declaratie("jeugd", "0384", "42420001", "77", "2026-06-03", [("999900006", [line])]))
    result = _run(out, bad)
    assert len(result.mislukt) == 1 and "ligt vóór de begindatum" in result.mislukt[0].reason
    good = tmp_path / "goed.xml"  # the corrected delivery keeps its identification
    good.write_bytes(writer.declaratie("jeugd", "0384", "42420001", "77", "2026-06-03",
                                       [("999900006", [dict(line, periode_begin="2026-05-01",
                                                            periode_eind="2026-05-31")])]))
    result = _run(out, good)
    assert result.mislukt == [] and len(_rows(out / "declaraties.csv")) == 1


def test_rows_not_from_messages_stay_in_the_table(tmp_path):
    """A PGB export next to the imported lines survives every import (csv and folder form)."""
    pgb = ("gemeente,wet,client_id,productcode,productcategorie,aanbieder,zorgvorm,periode_begin,periode_eind,"
           "volume,eenheid,bedrag,ingediend_op\n"
           "GM0384,jeugd,p1,45A03,45,SVB,PGB,2026-04-01,2026-04-30,3,04,150.00,2026-05-10\n")
    as_csv = tmp_path / "csv"
    as_csv.mkdir()
    (as_csv / "declaraties.csv").write_text(pgb, encoding="utf-8")
    as_folder = tmp_path / "map"
    (as_folder / "declaraties").mkdir(parents=True)
    (as_folder / "declaraties" / "pgb.csv").write_text(pgb, encoding="utf-8")
    for out in (as_csv, as_folder):
        _run(out, EXAMPLES / "JW323.xml")
        _run(out, EXAMPLES / "JW301.xml")  # a second import rewrites the imported rows
    rows = _rows(as_csv / "declaraties.csv")
    assert [r["zorgvorm"] for r in rows] == ["PGB"] + ["ZIN"] * 5
    assert _rows(as_folder / "declaraties" / "pgb.csv")[0]["zorgvorm"] == "PGB"
    assert len(_rows(as_folder / "declaraties" / "istandaard.csv")) == 5


def test_a_folder_of_the_former_import_is_refused_not_rewritten(tmp_path):
    out = tmp_path / "data"
    _run(out, EXAMPLES / "JW323.xml")
    shutil.rmtree(out / ".istandaard" / "regels")  # as a folder the former import made
    before = (out / "declaraties.csv").read_bytes()
    with pytest.raises(UsageError, match="eerdere versie"):
        _run(out, EXAMPLES / "JW301.xml")
    assert (out / "declaraties.csv").read_bytes() == before


def test_a_later_allocation_without_request_is_the_gemeentes_referral(tmp_path):
    """Issue 20 §5: the fallback by product lent the first episode's verwijzer (02) to a later
    allocation without a 315; an allocation without a request is the gemeente's (COD327 01)."""
    product = dict(productcategorie="45", productcode="45A03", volume=2, eenheid="04", frequentie="4")
    msgs = tmp_path / "m"
    msgs.mkdir()
    (msgs / "315.xml").write_bytes(writer.aanvraag("jeugd", "0384", "42420001", "1", "2025-01-02", "999900006",
                                                   "2010-02-14", [dict(product, referentie="R1", verwijzer="02",
                                                                       ingangsdatum="2025-01-06")]))
    (msgs / "301a.xml").write_bytes(writer.toewijzing("jeugd", "0384", "42420001", "2", "2025-01-05", "999900006",
                                                      "2010-02-14", [dict(product, toewijzing_id="1", referentie="R1",
                                                                          ingangsdatum="2025-01-06",
                                                                          einddatum="2025-03-31")]))
    (msgs / "301b.xml").write_bytes(writer.toewijzing("jeugd", "0384", "42420001", "3", "2025-09-01", "999900006",
                                                      "2010-02-14", [dict(product, toewijzing_id="2",
                                                                          ingangsdatum="2025-09-01")]))
    lines = [dict(productcategorie="45", productcode="45A03", periode_begin=f"2025-{m}-01",
                  periode_eind=f"2025-{m}-28", volume=2, eenheid="04", cents=2000, toewijzing_id=t)
             for m, t in (("02", "1"), ("10", "2"))]
    (msgs / "323.xml").write_bytes(writer.declaratie("jeugd", "0384", "42420001", "4", "2025-11-05",
                                                     [("999900006", lines)]))
    assert _run(tmp_path / "data", msgs).mislukt == []
    rows = _rows(tmp_path / "data" / "declaraties.csv")
    assert [(r["toewijzing_id"], r["verwijzer"]) for r in rows] == [("1", "02"), ("2", "01")]
    assert [r["verwijzer"] for r in _rows(tmp_path / "data" / "aanvragen.csv")] == ["02"]
