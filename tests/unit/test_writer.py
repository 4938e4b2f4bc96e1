"""The message writer makes messages that pass their own XSD (the round trip and benchmark rely on it)."""

import pytest
from lxml import etree
from sdmonitor.imports import writer
from sdmonitor.imports.xsd import schema, type_of_namespace

PRODUCT = dict(toewijzing_id="1", productcategorie="45", productcode="45A03", ingangsdatum="2025-01-01",
               volume=4, eenheid="04", frequentie="2", referentie="R1", verwijzer="02")
LINE = dict(productcategorie="45", productcode="45A03", periode_begin="2025-01-01", periode_eind="2025-01-31",
            volume=4, eenheid="04", cents=5000, toewijzing_id="1")


def _valid(message: bytes) -> bool:
    root = etree.fromstring(message)
    xsd = schema(type_of_namespace(etree.QName(root).namespace))
    return xsd.validate(etree.ElementTree(root)) or pytest.fail(str(xsd.error_log))


@pytest.mark.parametrize("wet", ["jeugd", "wmo"])
def test_every_written_message_is_valid(wet):
    cat = "45" if wet == "jeugd" else "01"
    assert _valid(writer.declaratie(wet, "0296", "12345678", "1", "2025-02-03",
                                   [("999900006", [dict(LINE, productcategorie=cat),
                                                   dict(LINE, productcategorie=cat, volume=-4, cents=-5000)])]))
    assert _valid(writer.toewijzing(wet, "0296", "12345678", "2", "2025-01-01", "999900006", "2010-01-01",
                                    [dict(PRODUCT, productcategorie=cat)]))
    assert _valid(writer.aanvraag(wet, "0296", "12345678", "3", "2024-12-01", "999900006", "2010-01-01",
                                  [dict(PRODUCT, productcategorie=cat)]))


def test_credit_total_is_written_as_credit():
    root = etree.fromstring(writer.declaratie("jeugd", "0296", "1", "1", "2025-02-03",
                                              [("999900006", [dict(LINE, volume=-1, cents=-700)])]))
    total = root.find(".//{*}TotaalIngediendBedrag")
    assert [e.text for e in total] == ["700", "C"]


@pytest.mark.parametrize("wet", ["jeugd", "wmo"])
def test_start_stop_and_versions_are_valid(wet):
    cat = "45" if wet == "jeugd" else "01"
    melding = dict(toewijzing_id="1", productcategorie=cat, productcode="45A03", ingangsdatum="2025-01-01",
                   begindatum="2025-01-06", einddatum="2025-03-31", reden="02")
    assert _valid(writer.zorgmelding(wet, "0296", "12345678", "4", "2025-01-07", "999900006", "2010-01-01",
                                     [melding]))
    assert _valid(writer.zorgmelding(wet, "0296", "12345678", "5", "2025-04-01", "999900006", "2010-01-01",
                                     [dict(melding, status="3")], stop=True))
    assert _valid(writer.toewijzing(wet, "0296", "12345678", "6", "2025-03-01", "999900006", "2010-01-01",
                                    [dict(PRODUCT, productcategorie=cat, einddatum="2025-03-31", reden_wijziging="05",
                                          toewijzingstijd="09:30:00")]))


def test_retour_is_valid_and_names_the_declaration():
    message = writer.retour("0296", "12345678", "7", "2025-02-10", ("1", "2025-02-03"),
                            [("999900006", [dict(LINE, referentie="1-1", retourcodes=["9307"])])])
    assert _valid(message)
    root = etree.fromstring(message)
    assert [e.text for e in root.find(".//{*}DeclaratieIdentificatie")] == ["1", "2025-02-03"]


def test_reference_numbers_are_unique_across_messages():
    """ReferentieNummer is unique per provider: the same line position in two messages differs."""
    refs = [etree.fromstring(writer.declaratie("jeugd", "0296", "1", ident, "2025-02-03", [("999900006", [LINE])]))
            .find(".//{*}ReferentieNummer").text for ident in ("1", "2")]
    assert refs[0] != refs[1]
