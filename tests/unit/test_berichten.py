"""Reading one message: the contract's conversions, worked out by hand on the official examples."""

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
    assert (a["gemeente"], a["aanbieder"], a["toewijzing_id"], a["productcode"]) == ("GM0384", "42420001", "300201",
                                                                                     "55A11")
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
