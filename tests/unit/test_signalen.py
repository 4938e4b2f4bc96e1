"""Findings of what is alarming: a figure beyond its norm, the largest movements of care use, and
the declared breaks; from hand-built figure rows, never a hidden number."""

import pandas as pd

from sdmonitor.periods import Periode
from sdmonitor.publish import signalen
from sdmonitor.publish.suppression import Published

P = Periode(2026, 2)
COLS = ["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]


def pub(rows):
    return Published(pd.DataFrame(rows, columns=COLS))


WACHTTIJD = [("toegang.wachttijd_mediaan", "2025", "jeugd", 34.0, "dagen", "definitief"),
             ("toegang.wachttijd_mediaan", "2026", "jeugd", 80.0, "dagen", "deelperiode"),
             ("toegang.wachttijd_aantal", "2025", "jeugd", 120.0, "aantal", "definitief"),
             ("toegang.wachttijd_aantal", "2026", "jeugd", 25.0, "aantal", "deelperiode"),
             ("toegang.wachttijd_mediaan", "2025", "wmo-nieuw", 27.0, "dagen", "definitief"),
             ("toegang.wachttijd_mediaan", "2026", "wmo-nieuw", 41.0, "dagen", "deelperiode"),
             ("toegang.wachttijd_aantal", "2025", "wmo-nieuw", 200.0, "aantal", "definitief"),
             ("toegang.wachttijd_aantal", "2026", "wmo-nieuw", 30.0, "aantal", "deelperiode")]


def volume(wet, naam, eenheid, old, new, c_old, c_new, status="voorlopig"):
    return [(f"{wet}.volume", "2024", naam, old, eenheid, "definitief"),
            (f"{wet}.volume", "2025", naam, new, eenheid, status),
            (f"{wet}.clienten", "2024", naam, c_old, "aantal", "definitief"),
            (f"{wet}.clienten", "2025", naam, c_new, "aantal", status)]


def test_a_median_wachttijd_over_the_default_norm_is_a_finding():
    out = signalen.for_chapter("toegang", pub(WACHTTIJD), P)
    # Jeugd 80 days > 42 (six weeks); Wmo nieuw 41 days is within the norm: no sentence.
    assert out == [("De mediane wachttijd tot het keukentafelgesprek (Jeugd) was in 2026 (t/m februari) 80 dagen, "
                   "boven de norm van zes weken (42 dagen); in 2025 was dat 34 dagen.")]
    assert out[0] in signalen.for_chapter("inleiding", pub(WACHTTIJD), P)


def test_a_municipality_sets_its_own_norm_or_switches_it_off():
    eigen = {"signalen": {"normen": {"toegang.wachttijd_mediaan": {
        "max": 40, "onderwerp": "De wachttijd ({dimensie})", "norm": "{grens} dagen", "dimensies": ["wmo-nieuw"]}}}}
    assert signalen.for_chapter("toegang", pub(WACHTTIJD), P, eigen) == [
        ("De wachttijd (Wmo nieuw) was in 2026 (t/m februari) 41 dagen, boven de norm van 40 dagen; in 2025 was dat "
        "27 dagen.")]
    uit = {"signalen": {"normen": {"toegang.wachttijd_mediaan": None}}}
    assert signalen.for_chapter("toegang", pub(WACHTTIJD), P, uit) == []


def test_a_hidden_median_is_not_held_against_the_norm():
    rows = [r if r[0] != "toegang.wachttijd_aantal" or r[1] != "2026" else (*r[:3], 3.0, *r[4:]) for r in WACHTTIJD]
    out = signalen.for_chapter("toegang", pub(rows), P)
    # 2026 is about 3 jeugdigen: its median is hidden; 2025 (34 days) is within the norm.
    assert out == []


def test_the_largest_movements_of_care_use():
    rows = (volume("wmo", "Dagbesteding volwassenen", "dagdeel", 8_800.0, 6_688.0, 94.0, 93.0)
            # +10 %: too small
            + volume("wmo", "Hulp bij het huishouden", "uur", 100_000.0, 110_000.0, 1_150.0, 1_160.0)
            + volume("wmo", "Groepsbegeleiding", "uur", 1_000.0, 500.0, 12.0, 4.0)  # 4 clients: hidden, left out
            + volume("wmo", "Woonvoorzieningen", "euro", 500_000.0, 700_000.0, 110.0, 138.0))  # euros are costs
    out = signalen.for_chapter("wmo", pub(rows), P)
    # 8.800 -> 6.688 dagdelen: −24 %.
    assert out == [("Het gebruik van Dagbesteding volwassenen daalde in 2025 (voorlopig) met 24% ten opzichte van "
                   "2024: 6.688 dagdelen tegen 8.800, bij 93 cliënten (in 2024: 94).")]


def test_only_the_largest_few_per_wet():
    rows = []
    for n, (old, new) in enumerate(((100.0, 160.0), (100.0, 70.0), (100.0, 140.0), (100.0, 180.0))):
        rows += volume("jeugd", f"B{n}", "uur", old, new, 20.0, 20.0, status="definitief")
    out = signalen.bewegingen(pub(rows), "jeugd", P, {"min_relatief": 0.15, "min_clienten": 10, "max_per_wet": 3})
    # +80 %, +60 %, +40 % (the −30 % is the fourth largest)
    assert [s.split(" ")[3] for s in out] == ["B3", "B0", "B2"]


def test_declared_breaks_are_findings_of_their_wet():
    raw = {"databreuken": [{"indicator": "wmo.avan_pashouders", "datum": "2023-04",
                            "tekst": "Opschoonactie van de AVAN-passen."},
                           {"wet": "jeugd", "bouwsteen": "Dagbehandeling", "datum": "2019-01", "tekst": "Te oud."}]}
    empty = pub([("wmo.clienten", "2025", "", 100.0, "aantal", "definitief")])
    assert signalen.for_chapter("wmo", empty, P, raw) == [
        "De reeks AVAN-pashouders heeft een breuk in april 2023. Opschoonactie van de AVAN-passen."]
    # 2019 lies before the report years (2023–2026): not a finding.
    assert signalen.for_chapter("jeugd", empty, P, raw) == []
