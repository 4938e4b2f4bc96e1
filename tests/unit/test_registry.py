"""The indicator registry: its checks on load, and that everything derives from it."""

import pandas as pd
import pytest

from sdmonitor.publish.suppression import Published, Rules, counts_persons
from sdmonitor.registry import RegistryError, parse, registry

ENTRY = {
    "label": "Jongeren bij de jongerenwerker",
    "definitie": "Aantal verschillende jongeren dat in het jaar bij de jongerenwerker kwam.",
    "eenheid": "aantal", "telt": "personen", "bron": ["jongerenwerk"], "periodiciteit": ["jaar"],
    "meting": "stroom",
}


def test_expands_wet_keys_with_label_and_references():
    reg = registry()
    assert reg["jeugd.clienten"].label == "Unieke cliënten met geleverde zorg Jeugd"
    assert reg["wmo.clienten"].label == "Unieke cliënten met geleverde zorg Wmo"
    assert reg["wmo.kosten_per_client"].per_persoon == "wmo.clienten"
    assert reg["jeugd.verwijzer"].totaal_indicator == "jeugd.clienten"
    assert reg["toegang.meldingen"].totaal_indicator == "toegang.meldingen"


def test_every_indicator_has_a_definition_and_a_source():
    for naam, ind in registry().items():
        assert len(ind.definitie) > 30, naam
        assert ind.bron, naam


def test_unknown_indicator_is_named():
    with pytest.raises(KeyError, match="jeugd.bestaat_niet"):
        registry()["jeugd.bestaat_niet"]


@pytest.mark.parametrize(("change", "message"), [
    ({"kleur": "rood"}, "onbekende sleutel"),
    ({"telt": "mensen"}, "telt 'mensen'"),
    ({"telt": "geen"}, "reden nodig"),
    ({"periodiciteit": ["week"]}, "periodiciteit 'week'"),
    ({"dimensie": {"naam": "x", "relatie": "som", "extra": 1}}, "dimensie"),
    ({"per_persoon": "jeugd.kosten"}, "geen aantal personen"),
    ({"per_persoon": "bestaat.niet"}, "onbekende indicator"),
])
def test_breaches_are_errors(change, message):
    with pytest.raises(RegistryError, match=message):
        registry().with_entries({"jongerenwerk.bezoekers": {**ENTRY, **change}})


def test_missing_field_is_an_error():
    entry = {k: v for k, v in ENTRY.items() if k != "bron"}
    with pytest.raises(RegistryError, match="ontbreken: bron"):
        parse({"jongerenwerk.bezoekers": entry})


def test_a_new_person_count_is_suppressed_by_its_registry_entry_alone():
    # Declared in the registry only: the house style names no indicator.
    reg = registry().with_entries({"jongerenwerk.bezoekers": ENTRY})
    rules = Rules.from_registry(reg)
    figures = pd.DataFrame([("jongerenwerk.bezoekers", "2025", "", 3.0, "aantal"),
                            ("jongerenwerk.bezoekers", "2024", "", 12.0, "aantal")],
                           columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    pub = Published(figures, drempel=5, rules=rules)
    assert pub.get("jongerenwerk.bezoekers", "2025").tekst == "<5"
    assert pub.get("jongerenwerk.bezoekers", "2024").tekst == "12"


def test_an_undeclared_indicator_counts_persons():
    assert counts_persons("nieuw.iets_zonder_registratie")
    assert not counts_persons("jeugd.kosten")


def test_opting_out_needs_a_reason_and_then_publishes_exact():
    reg = registry().with_entries({"jongerenwerk.bezoekers": {**ENTRY, "reden": "openbaar jaarverslag"}})
    assert not Rules.from_registry(reg).registry["jongerenwerk.bezoekers"].klein_aantal
    assert "jongerenwerk.bezoekers" not in Rules.from_registry(reg).personen


def test_definitions_page_is_generated_from_the_registry():
    from pathlib import Path

    from sdmonitor.registry import definitions_markdown

    page = Path(__file__).resolve().parents[2] / "docs" / "indicatoren.md"
    assert page.read_text(encoding="utf-8") == definitions_markdown(registry()), \
        "docs/indicatoren.md is out of date: run `python tools/indicatoren_doc.py`"
    assert "| `jeugd.clienten` | Unieke cliënten met geleverde zorg Jeugd |" in page.read_text(encoding="utf-8")
