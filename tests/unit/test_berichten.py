"""Reading one message: the contract's conversions, worked out by hand on the official examples."""

import tempfile
from pathlib import Path

import pytest
from sdmonitor.imports import writer
from sdmonitor.imports.berichten import euros, gemeente_code, read_message
from sdmonitor.imports.pseudonym import Pseudonymiser
from sdmonitor.imports.xsd import MessageError, MessageType

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "lib/sdmonitor/data/voorbeelden/istandaard"
FIXTURES = ROOT / "tests/fixtures/istandaard"
P = Pseudonymiser("test")
JW323, JW301, JW315 = MessageType("jw", "323"), MessageType("jw", "301"), MessageType("jw", "315")


def test_small_conversions():
    assert euros("5000") == "50.00" and euros("5", -1) == "-0.05" and euros("123456") == "1234.56"
    assert gemeente_code("0384") == "GM0384"
    with pytest.raises(MessageError):
        gemeente_code("384")


def test_official_jw323():
    msg = read_message(EXAMPLES / "JW323.xml", JW323, P)
    lines = msg.declaraties
    # 2 prestaties for client 1 and 3 for client 2.
    assert len(lines) == 5
    # Eurocents 5000 + 24000 + 5000 + 24000 + 21000 = 79000 = TotaalBedrag: 790.00 euro.
    assert sum(float(r["bedrag"]) for r in lines) == 790.00
    assert [r["bedrag"] for r in lines] == ["50.00", "240.00", "50.00", "240.00", "210.00"]
    # Volume 4 + 16 + 4 + 16 + 14 = 54 hours (Eenheid 04).
    assert sum(int(r["volume"]) for r in lines) == 54 and {r["eenheid"] for r in lines} == {"04"}
    first = lines[0]
    assert first["gemeente"] == "GM0384" and first["wet"] == "jeugd" and first["aanbieder"] == "65656055"
    assert first["productcode"] == "45A03" and first["productcategorie"] == "45" and first["zorgvorm"] == "ZIN"
    assert (first["periode_begin"], first["periode_eind"], first["ingediend_op"]) == \
        ("2026-04-01", "2026-04-30", "2026-05-06")
    assert first["client_id"] == P("999900006") and lines[2]["client_id"] == P("999900018")
    assert lines[4]["periode_begin"] == "2026-03-01"  # the March line keeps its own service month
    assert msg.identity == "JW323|65656055|765432198|2026-05-06"


def test_official_wmo323():
    lines = read_message(EXAMPLES / "WMO323.xml", MessageType("wmo", "323"), P).declaraties
    # 5000 + 24000 + 5000 + 24000 = 58000 cents = 580.00 euro; all wmo, categorie 01.
    assert sum(float(r["bedrag"]) for r in lines) == 580.00
    assert {r["wet"] for r in lines} == {"wmo"} and {r["productcategorie"] for r in lines} == {"01"}


def test_official_jw301():
    msg = read_message(EXAMPLES / "JW301.xml", JW301, P)
    a, b = msg.toewijzingen
    assert (a["gemeente"], a["aanbieder"], a["toewijzing_id"], a["productcode"]) == ("GM0384", "42420001", "300201", "55A11")
    assert (a["toegewezen_op"], a["ingangsdatum"], a["einddatum"]) == ("2026-04-01", "2026-04-01", "2026-07-14")
    assert (a["volume"], a["eenheid"], a["frequentie"]) == ("2", "04", "2")
    assert (b["eenheid"], b["referentie"]) == ("16", "40A12341235")
    # Geboortedatum 2010-02-14 of the client block (not the relations' dates).
    assert msg.geboortejaren == {("jeugd", P("999900006")): 2010}


def test_valid_jw315_gives_requests_with_verwijzer():
    msg = read_message(FIXTURES / "JW315_gecorrigeerd.xml", JW315, P)
    assert [(r["referentie"], r["productcode"], r["verwijzer"]) for r in msg.aanvragen] == \
        [("40A12341234", "55A11", "01"), ("40A12341235", "55A12", "02")]
    assert msg.aanvragen[0]["gemeente"] == "GM0384" and msg.aanvragen[0]["aanbieder"] == "42420001"


def _line(**kw):
    line = dict(productcategorie="45", productcode="45A03", periode_begin="2025-01-01",
                periode_eind="2025-01-31", volume=4, eenheid="04", cents=5000, toewijzing_id="1")
    return {**line, **kw}


def test_credit_line_is_negative_bedrag_and_volume(tmp_path):
    path = tmp_path / "m.xml"
    path.write_bytes(writer.declaratie("jeugd", "0296", "12345678", "1", "2025-02-03",
                                       [("999900006", [_line(), _line(volume=-3, cents=-3750)])]))
    debit, credit = read_message(path, JW323, P).declaraties
    assert (debit["volume"], debit["bedrag"]) == ("4", "50.00")
    # DebetCredit C, Bedrag 3750 cents: -37.50 euro and volume -3.
    assert (credit["volume"], credit["bedrag"]) == ("-3", "-37.50")


def test_line_over_two_months_is_refused(tmp_path):
    path = tmp_path / "m.xml"
    path.write_bytes(writer.declaratie("jeugd", "0296", "12345678", "1", "2025-03-03", [
        ("999900006", [_line(periode_begin="2025-01-15", periode_eind="2025-02-14")])]))
    with pytest.raises(MessageError, match="meer dan één kalendermaand"):
        read_message(path, JW323, P)


def test_total_must_match_the_lines(tmp_path):
    text = (EXAMPLES / "JW323.xml").read_text(encoding="utf-8").replace(
        "<ijw:TotaalBedrag>79000<", "<ijw:TotaalBedrag>79001<")
    path = tmp_path / "m.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MessageError, match="790.01 euro, maar de prestaties tellen op tot 790.00"):
        read_message(path, JW323, P)


REF = ROOT.parent / "shared/reference/istandaarden/jw/berichten"


@pytest.mark.skipif(not REF.is_dir(), reason="../shared/reference not present")
def test_official_jw305_jw307_and_jw325():
    start = read_message(REF / "JW305.xml", MessageType("jw", "305"), P).zorgmeldingen
    assert [(m["toewijzing_id"], m["soort"], m["datum"], m["status"]) for m in start] == [
        ("300201", "start", "2026-04-03", "1"), ("300202", "start", "2026-04-15", "1")]
    stop = read_message(REF / "JW307.xml", MessageType("jw", "307"), P).zorgmeldingen
    assert [(m["soort"], m["datum"], m["reden"], m["begindatum"]) for m in stop] == [
        ("stop", "2026-07-17", "31", "2026-04-03"), ("stop", "2026-07-17", "31", "2026-04-15")]
    msg = read_message(REF / "JW325.xml", MessageType("jw", "325"), P)
    # The 325 answers 323 765432198 of 2023-05-07; credit lines, so negative amounts.
    assert {r["declaratie_id"] for r in msg.retouren} == {"765432198|2023-05-07"}
    assert [(r["referentie"], r["bedrag"], r["retourcode"]) for r in msg.retouren] == [
        ("RN001", "-50.00", "0611"), ("RN002", "-140.00", "9339 9340 9341"), ("RN003", "-50.00", "9307")]
    assert msg.retouren[0]["gemeente"] == "GM0384" and msg.retouren[0]["aanbieder"] == "65656055"


def test_301_keeps_version_time_and_reason():
    message = writer.toewijzing("jeugd", "0384", "42420001", "9", "2026-05-01", "999900006", "2010-02-14",
                                [dict(toewijzing_id="0300201", productcategorie="45", productcode="45A03",
                                      ingangsdatum="2026-04-01", einddatum="2026-04-30", volume="+4", eenheid="04",
                                      frequentie="2", reden_wijziging="05", toewijzingstijd="09:15:00")])
    rows = _read_bytes(message, JW301).toewijzingen
    assert [(r["toewijzing_id"], r["volume"], r["reden_wijziging"], r["toewijzingstijd"]) for r in rows] == [
        ("300201", "4", "05", "09:15:00")]


def _read_bytes(message: bytes, kind: MessageType):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.xml"
        path.write_bytes(message)
        return read_message(path, kind, P)


LINE = dict(productcategorie="45", productcode="45A03", periode_begin="2026-05-01", periode_eind="2026-05-31",
            volume=4, eenheid="04", cents=-5000, toewijzing_id="1")


def test_a_volume_written_with_a_plus_sign_is_a_number():
    """Issue 20 §10: `+4` on a credit line became the volume '-+4', refused later by `validate`."""
    message = writer.declaratie("jeugd", "0384", "42420001", "1", "2026-06-03", [("999900006", [LINE])])
    message = message.replace(b"<jw323:GeleverdVolume>4<", b"<jw323:GeleverdVolume>+4<")
    assert _read_bytes(message, JW323).declaraties[0]["volume"] == "-4"


@pytest.mark.parametrize("kind, message, where", [
    (JW323, writer.declaratie("jeugd", "0384", "42420001", "1", "2026-06-03",
                              [("999900006", [dict(LINE, periode_begin="2026-05-20", periode_eind="2026-05-10")])]),
     "element Prestatie"),
    (JW301, writer.toewijzing("jeugd", "0384", "42420001", "2", "2026-05-01", "999900006", "2010-02-14",
                              [dict(toewijzing_id="1", productcategorie="45", productcode="45A03",
                                    ingangsdatum="2026-05-01", einddatum="2026-04-30", volume=4, eenheid="04",
                                    frequentie="2")]),
     "element ToegewezenProduct"),
])
def test_an_end_before_its_begin_is_refused(kind, message, where):
    with pytest.raises(MessageError, match=f"{where} .*ligt vóór de begindatum"):
        _read_bytes(message, kind)
