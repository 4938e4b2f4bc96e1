"""Recognising messages by namespace and explaining XSD failures without leaking a BSN."""

from pathlib import Path

import pytest
from sdmonitor.imports.xsd import (
    MessageError,
    MessageType,
    SkipMessage,
    peek_type,
    schema_failure,
    type_of_namespace,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "lib/sdmonitor/data/voorbeelden/istandaard"
REFERENCE = Path(__file__).resolve().parents[3] / "shared/reference/istandaarden"


def test_namespace_gives_type_and_wet():
    kind = type_of_namespace("http://www.istandaarden.nl/ijw/3_2/jw323/schema")
    assert (kind.code, kind.wet) == ("JW323", "jeugd")
    assert type_of_namespace("http://www.istandaarden.nl/iwmo/3_2/wmo301/schema").wet == "wmo"


@pytest.mark.parametrize("ns", ["http://www.istandaarden.nl/ijw/3_1/jw323/schema",   # release 3.1
                                "http://www.istandaarden.nl/iwmo/3_2/jw323/schema",  # mixed up
                                "urn:iets-anders", ""])
def test_wrong_namespace_is_refused(ns):
    with pytest.raises(MessageError, match="namespace"):
        type_of_namespace(ns)


def test_peek_reads_the_root_only(tmp_path):
    assert peek_type(EXAMPLES / "WMO323.xml") == MessageType("wmo", "323")
    plain = tmp_path / "x.xml"
    plain.write_text("<Bericht><Header/></Bericht>")
    with pytest.raises(MessageError, match="namespace"):
        peek_type(plain)


def test_truncated_file_is_reported_with_line(tmp_path):
    text = (EXAMPLES / "JW323.xml").read_text(encoding="utf-8")
    cut = tmp_path / "kapot.xml"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    reason = schema_failure(cut, MessageType("jw", "323"))
    assert reason.startswith("geen geldige XML (afgebroken of beschadigd bestand?): regel ")


def test_invalid_bsn_value_is_never_shown(tmp_path):
    # '99990000' is 8 digits: the Bsn pattern [0-9]{9} fails; the reason must not repeat the value.
    text = (EXAMPLES / "JW323.xml").read_text(encoding="utf-8").replace("999900006", "99990000")
    bad = tmp_path / "bsn.xml"
    bad.write_text(text, encoding="utf-8")
    reason = schema_failure(bad, MessageType("jw", "323"))
    assert reason.startswith("element Bsn (regel 31):")
    assert "99990000" not in reason


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference not present")
def test_official_jw315_date_error_names_element_line_and_value():
    reason = schema_failure(REFERENCE / "jw/berichten/JW315.xml", MessageType("jw", "315"))
    assert reason.startswith("element ToewijzingEinddatum (regel 44): voldoet niet aan de XSD van JW315")
    assert "2027-06-31" in reason


def test_other_personal_data_is_not_shown_either(tmp_path):
    # A birth date that is no date: the failure names the element, not the value.
    text = (EXAMPLES / "JW301.xml").read_text(encoding="utf-8").replace("2010-02-14", "2010-02-30")
    bad = tmp_path / "datum.xml"
    bad.write_text(text, encoding="utf-8")
    reason = schema_failure(bad, MessageType("jw", "301"))
    assert reason.startswith("element Datum (regel ") and "2010-02-30" not in reason


# -- issue 20: a DTD is refused before parsing; other releases and other XML are passed over ----

def _with_doctype(doctype: str, entity_use: str = "0384") -> str:
    head, body = (EXAMPLES / "JW323.xml").read_text(encoding="utf-8").split("\n", 1)
    return f"{head}\n{doctype}\n" + body.replace("<jw323:Ontvanger>0384<", f"<jw323:Ontvanger>{entity_use}<")


@pytest.mark.parametrize("doctype,use", [
    ('<!DOCTYPE jw323:Bericht [<!ENTITY gem "0384">]>', "&gem;"),          # internal entity (crashed libxml2)
    ('<!DOCTYPE jw323:Bericht SYSTEM "http://example.org/x.dtd">', "0384"),  # external DTD: never fetched
    ('<!DOCTYPE jw323:Bericht [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>', "&b;"),  # entity expansion
])
def test_a_document_with_a_dtd_is_refused_before_its_content_is_read(tmp_path, doctype, use):
    path = tmp_path / "dtd.xml"
    path.write_text(_with_doctype(doctype, use), encoding="utf-8")
    with pytest.raises(MessageError, match="DOCTYPE") as exc:
        peek_type(path)
    assert not isinstance(exc.value, SkipMessage)  # a refusal, not a pass-over


def test_other_release_and_other_xml_are_skip_reasons(tmp_path):
    with pytest.raises(SkipMessage, match="release 3.1"):
        type_of_namespace("http://www.istandaarden.nl/ijw/3_1/jw323/schema")
    with pytest.raises(SkipMessage, match="geen iJw/iWmo-namespace"):
        type_of_namespace("urn:iets-anders")
    with pytest.raises(SkipMessage, match="JW399"):
        type_of_namespace("http://www.istandaarden.nl/ijw/3_2/jw399/schema")
    mixed = "http://www.istandaarden.nl/iwmo/3_2/jw323/schema"
    with pytest.raises(MessageError) as exc:
        type_of_namespace(mixed)
    assert not isinstance(exc.value, SkipMessage)  # a broken iStandaard message still fails
