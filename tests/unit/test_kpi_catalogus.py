"""The packaged KPI catalogue: the council's 25 KPIs, each mapped to a known figure or berekening."""

from __future__ import annotations

import pytest

from sdmonitor.figures import kpi_overzicht as ko
from sdmonitor.figures import toewijzingen

# Figure-table indicators produced by the figure modules (names fixed in the project brief),
# plus the toewijzingen figures. A catalogue `indicator` outside this list can never get a value.
KNOWN_INDICATORS = {
    "jeugd.clienten", "wmo.clienten", "jeugd.kosten", "wmo.kosten", "jeugd.pgb_aandeel",
    "wmo.pgb_aandeel", "jeugd.verwijzer", "jeugd.kosten_per_client", "wmo.kosten_per_client",
    "jeugd.kosten_per_inwoner", "wmo.kosten_per_inwoner", "jeugd.pct_in_zorg",
    "jeugd.prognose", "wmo.prognose", "jeugd.begroting", "wmo.begroting", "jeugd.afwijking",
    "wmo.afwijking",
    "toegang.wachtlijst", "toegang.wachttijd_mediaan", "toegang.doorlooptijd_mediaan",
    "toegang.doorlooptijd_maatwerk_mediaan",
    "toegang.meldingen", "toegang.afgesloten", "toegang.uitkomst", "klachten.aantal",
    "bezwaren.aantal", "tevredenheid.waarde",
} | set(toewijzingen.INDICATORS)

SEED_GOALS = {  # Bijlage 1 of the Wijchen monitor: goal -> its KPI numbers
    "Inwoners zo snel mogelijk helpen": {1, 2, 3, 4},
    "Juiste hulp, zo dicht mogelijk bij huis": {5, 6, 7, 8},
    "Zoveel mogelijk inwoners helpen in het sociaal Team": {9, 10, 11, 12},
    "Inzicht hebben in de vraag van Wmo en jeugdhulp": {13, 14, 15},
    "Keuzevrijheid voor inwoners bij zorgaanbieders": {16, 17},
    "Tevredenheid van inwoners over de zorg": {18},
    "Kwalitatief goede zorg bieden aan onze inwoners": {19, 20, 21},
    "Zo weinig mogelijk klachten": {22},
    "Betaalbare zorg bieden": {23, 24, 25},
}
INPUT_TABLES = {"declaraties", "producten", "begroting", "nulmeting", "bevolking", "meldingen",
                "klachten_bezwaren", "tevredenheid", "smw", "veilig_thuis", "benchmark", "toewijzingen"}


@pytest.fixture(scope="module")
def catalogue():
    return ko.load_catalogue()


def test_25_kpis_numbered_1_to_25(catalogue):
    assert [e["nummer"] for e in catalogue] == list(range(1, 26))


def test_goals_follow_the_seed(catalogue):
    goals = {}
    for e in catalogue:
        goals.setdefault(e["doel"], set()).add(e["nummer"])
    assert goals == SEED_GOALS


def test_every_indicator_is_known_and_every_berekening_resolves(catalogue):
    for entry in catalogue:
        for part in ko.onderdelen(entry):
            if part.get("indicator"):
                assert part["indicator"] in KNOWN_INDICATORS, (entry["nummer"], part["indicator"])
            if part.get("berekening"):
                assert callable(ko.resolve_berekening(part["berekening"]))


def test_sources_are_input_tables_or_null_with_a_reason(catalogue):
    for entry in catalogue:
        if entry["bron"] is None:
            assert entry["reden"].strip(), entry["nummer"]
            assert not ko.onderdelen(entry)
        else:
            assert set(entry["bron"]) <= INPUT_TABLES, entry["nummer"]
            assert ko.onderdelen(entry), entry["nummer"]


def test_only_the_screeners_kpi_has_no_source(catalogue):
    # KPI 21 (effectiviteit) comes from the stop reasons of the 307s since issue 20 §4.
    assert {e["nummer"] for e in catalogue if e["bron"] is None} == {11}
    assert [o["indicator"] for o in ko.onderdelen(next(e for e in catalogue if e["nummer"] == 21))] == [
        "jeugd.beeindigd_volgens_plan", "wmo.beeindigd_volgens_plan"]


def test_validation_rejects_a_missing_number_and_an_unknown_berekening(catalogue):
    broken = [dict(e) for e in catalogue if e["nummer"] != 7]
    with pytest.raises(ValueError, match="1..25"):
        ko.validate_catalogue(broken)
    wrong = [dict(e) for e in catalogue]
    wrong[5] = {**wrong[5], "berekening": "bestaat_niet"}
    wrong[5].pop("onderdelen", None)
    with pytest.raises(ValueError, match="bestaat_niet"):
        ko.validate_catalogue(wrong)


def test_validation_rejects_a_missing_key(catalogue):
    wrong = [dict(e) for e in catalogue]
    del wrong[0]["definitie"]
    with pytest.raises(ValueError, match="definitie"):
        ko.validate_catalogue(wrong)


def test_each_load_is_a_copy_of_its_own():
    # A caller changing its entries changes nobody else's.
    first = ko.load_catalogue()
    first[0]["naam"] = "veranderd"
    first.pop()
    again = ko.load_catalogue()
    assert len(again) == ko.N_KPIS and again[0]["naam"] != "veranderd"
