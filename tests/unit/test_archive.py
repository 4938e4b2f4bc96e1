"""Messages out of zip archives and nested folders, read as streams; what is passed over, and why."""

import csv
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from sdmonitor.errors import UsageError
from sdmonitor.imports.archive import MessageSource, collect, direction
from sdmonitor.imports.istandaard import import_istandaard
from sdmonitor.imports.pseudonym import Pseudonymiser
from sdmonitor.imports.xsd import MessageType, peek_type

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "lib/sdmonitor/data/voorbeelden/istandaard"
P = Pseudonymiser("test-archief-sleutel-0123")
NAMES = ("JW301.xml", "JW323.xml", "WMO301.xml", "WMO323.xml")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _other_release() -> bytes:
    return (EXAMPLES / "WMO323.xml").read_bytes().replace(b"iwmo/3_2/wmo323", b"iwmo/3_1/wmo323")


def _archive(tmp_path: Path) -> Path:
    """An archive as it arrives: folders per direction (an outgoing 301 filed under inbox/), a
    zip inside the zip, a PDF, a Mac resource fork, other XML and a message of release 3.1."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(EXAMPLES / "WMO323.xml", "WMO323.xml")
    path = tmp_path / "archief.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(EXAMPLES / "JW301.xml", "inbox/2026/JW301.xml")
        z.write(EXAMPLES / "JW323.xml", "inbox/2026/JW323.xml")
        z.write(EXAMPLES / "WMO301.xml", "outbox/WMO301.xml")
        z.writestr("outbox/maart.zip", inner.getvalue())
        z.writestr("inbox/leesmij.pdf", b"%PDF-1.4")
        z.writestr("__MACOSX/inbox/._JW301.xml", b"\x00\x05")
        z.writestr("inbox/instellingen.xml", b"<?xml version='1.0'?><config><a/></config>")
        z.writestr("inbox/oud.xml", _other_release())
    return path


def test_collect_walks_a_zip_with_folders_and_a_nested_zip(tmp_path):
    sources, skipped = collect([_archive(tmp_path)])
    assert [s.members for s in sources] == [("inbox/2026/JW301.xml",), ("inbox/2026/JW323.xml",),
                                           ("inbox/instellingen.xml",), ("inbox/oud.xml",),
                                           ("outbox/WMO301.xml",), ("outbox/maart.zip", "WMO323.xml")]
    assert [(s.name.split("!", 1)[1], s.reason) for s in skipped] == [("inbox/leesmij.pdf", "geen XML-bestand")]


def test_a_member_streams_its_own_bytes(tmp_path):
    source = MessageSource(_archive(tmp_path), ("outbox/maart.zip", "WMO323.xml"))
    with source.open() as fh:
        assert fh.read() == (EXAMPLES / "WMO323.xml").read_bytes()
    assert source.sha256() == hashlib.sha256((EXAMPLES / "WMO323.xml").read_bytes()).hexdigest()
    assert peek_type(source) == MessageType("wmo", "323")
    assert source.name.endswith("archief.zip!outbox/maart.zip!WMO323.xml")


def test_importing_the_zip_equals_importing_the_files(tmp_path):
    folder = tmp_path / "los"
    folder.mkdir()
    for name in NAMES:
        shutil.copy(EXAMPLES / name, folder)
    loose = import_istandaard(tmp_path / "uit-map", [folder], P, progress=False)
    zipped = import_istandaard(tmp_path / "uit-zip", [_archive(tmp_path)], P, progress=False)
    assert zipped.mislukt == [] and zipped.regels == loose.regels == {"declaraties": 9, "toewijzingen": 3}
    for table in ("declaraties.csv", "toewijzingen.csv"):
        assert _rows(tmp_path / "uit-zip" / table) == _rows(tmp_path / "uit-map" / table)
    # Nothing is extracted: the output folder holds the tables and the ledger only.
    assert sorted(p.name for p in (tmp_path / "uit-zip").iterdir()) == [".istandaard", "berichten.csv",
                                                                        "declaraties.csv", "toewijzingen.csv"]


def test_other_xml_and_other_releases_are_listed_not_failed(tmp_path):
    result = import_istandaard(tmp_path / "uit", [_archive(tmp_path)], P, progress=False)
    assert result.mislukt == []
    reasons = {s.name.split("!")[-1]: s.reason for s in result.niet_gelezen}
    assert reasons == {
        "inbox/leesmij.pdf": "geen XML-bestand",
        "inbox/instellingen.xml": "element 'config' zonder namespace: geen iStandaard-bericht",
        "inbox/oud.xml": "namespace van release 3.1: alleen iJw/iWmo 3.2 wordt gelezen",
    }
    text = result.render()
    assert "3 bestand(en) overgeslagen (geen iJw/iWmo 3.2-bericht):" in text
    assert "inbox/oud.xml: namespace van release 3.1" in text


def test_direction_follows_the_type_not_the_folder(tmp_path):
    # JW301 was filed under inbox/, WMO323 under outbox/: a 301 is sent by the gemeente, a 323 received.
    result = import_istandaard(tmp_path / "uit", [_archive(tmp_path)], P, progress=False)
    assert result.richting == {"uitgaand": 2, "inkomend": 2}
    ledger = {r["berichttype"]: r["richting"] for r in _rows(tmp_path / "uit" / ".istandaard" / "berichten.csv")}
    assert ledger == {"JW301": "uitgaand", "WMO301": "uitgaand", "JW323": "inkomend", "WMO323": "inkomend"}
    assert [direction(n) for n in ("301", "325", "319", "315", "323", "305", "307")] == \
        ["uitgaand"] * 3 + ["inkomend"] * 4


def test_nested_folders_are_walked_and_a_missing_path_is_a_usage_error(tmp_path):
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    shutil.copy(EXAMPLES / "JW323.xml", deep)
    (tmp_path / "a" / ".verborgen.xml").write_text("<x/>")
    sources, skipped = collect([tmp_path / "a"])
    assert [s.path for s in sources] == [deep / "JW323.xml"] and skipped == []
    with pytest.raises(UsageError, match="bestaat niet"):
        collect([tmp_path / "nergens"])


def test_a_damaged_zip_is_listed_with_its_reason(tmp_path):
    bad = tmp_path / "kapot.zip"
    bad.write_bytes(b"PK\x03\x04 dit is geen zip")
    shutil.copy(EXAMPLES / "JW323.xml", tmp_path)
    sources, skipped = collect([tmp_path])
    assert [s.path.name for s in sources] == ["JW323.xml"]
    assert len(skipped) == 1 and skipped[0].name.endswith("kapot.zip")
    assert skipped[0].reason.startswith("geen leesbaar zip-archief")
