"""The one prognosis message: expected result, 80 % range in words, chance of a nadeel, the
reserve as a condition, each under its own wet; and the backtest in plain Dutch."""

import pandas as pd
import pytest

from sdmonitor.periods import Periode
from sdmonitor.publish import prognose_tekst as pt
from sdmonitor.publish.findings import Thresholds
from sdmonitor.publish.suppression import Published

P = Periode(2026, 2)
T = Thresholds(relatief=0.05, personen=5, afwijking_euro=25_000)
JEUGD_RESERVE = {"naam": "egalisatiereserve Jeugd"}


def pub(rows):
    return Published(pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"]))


def band(wet, afwijking, laag, hoog, begroting=10_000_000.0):
    """A wet's afwijking with its prognosis range (prognose_laag/hoog) against `begroting`."""
    return [(f"{wet}.afwijking", "2026", "", afwijking, "euro"), (f"{wet}.begroting", "2026", "", begroting, "euro"),
            (f"{wet}.prognose_laag", "2026", "", laag, "euro"), (f"{wet}.prognose_hoog", "2026", "", hoog, "euro")]


def test_voordeel_and_nadeel_without_a_range():
    p = pub([("jeugd.afwijking", "2026", "", -299_000.0, "euro"), ("wmo.afwijking", "2026", "", 331_000.0, "euro")])
    assert pt.bericht(p, "jeugd", P, None, T) == [
        "Voor 2026 verwachten we op Jeugd een nadeel van € 299k ten opzichte van de begroting."]
    assert pt.bericht(p, "wmo", P, None, T) == [
        "Voor 2026 verwachten we op Wmo een voordeel van € 331k ten opzichte van de begroting."]


def test_nadeel_with_a_range_on_one_side():
    # begroting 10,0 mln, prognose 10,5 mln in 10,3 .. 10,9 mln: nadeel 500k, between 300k and 900k.
    # Chance: spread above the median (−300k − −500k) / 1,2816 = 156k; P = Φ(500 / 156) = Φ(3,2) > 0,95.
    p = pub(band("jeugd", -500_000.0, 10_300_000.0, 10_900_000.0))
    assert pt.bericht(p, "jeugd", P, None, T) == [
        ("Voor 2026 verwachten we op Jeugd een nadeel van € 500k ten opzichte van de begroting: waarschijnlijk ligt "
        "het nadeel tussen € 300k en € 900k, en de kans op een nadeel is groter dan 9 op 10.")]


def test_a_range_that_starts_at_the_expectation_names_only_how_far_it_goes():
    # Druten's case: nadeel 211k, range 211k .. 703k; "tussen € 211k en € 703k" would repeat the
    # expectation as if it were a range end.
    p = pub(band("jeugd", -211_000.0, 10_211_000.0, 10_703_000.0))
    out = pt.bericht(p, "jeugd", P, None, T)[0]
    assert "het nadeel kan waarschijnlijk oplopen tot € 703k" in out
    assert "tussen" not in out


def test_interval_straddling_zero():
    # prognose 10,1 mln in 9,6 .. 10,2 mln against 10,0 mln: afwijking −100k between +400k and −200k.
    # Chance: spread (400k − −100k) / 1,2816 = 390k; P = Φ(100 / 390) = Φ(0,256) = 0,60 -> 6 op 10.
    p = pub(band("jeugd", -100_000.0, 9_600_000.0, 10_200_000.0))
    assert pt.bericht(p, "jeugd", P, None, T) == [
        ("Voor 2026 verwachten we op Jeugd een nadeel van € 100k ten opzichte van de begroting: het kan een voordeel "
        "of een nadeel worden; waarschijnlijk tussen een voordeel van € 400k en een nadeel van € 200k, en de kans "
        "op een nadeel is ongeveer 6 op 10.")]


def test_chance_of_a_nadeel():
    assert pt.kans_op_nadeel(0.0, -1.0, 1.0) == 0.5
    # Median −100, 90th percentile +200: spread 300 / 1,2816 = 234; Φ(0,427) = 0,665.
    assert pt.kans_op_nadeel(-100.0, -400.0, 200.0) == pytest.approx(0.665, abs=0.001)
    # The mirror image: a voordeel of 100 with the 10th percentile at −200.
    assert pt.kans_op_nadeel(100.0, -200.0, 400.0) == pytest.approx(0.335, abs=0.001)
    # No spread on the side that matters: the sign is the median's.
    assert pt.kans_op_nadeel(-211.0, -703.0, -211.0) == 1.0
    assert pt.kans_op_nadeel(50.0, 50.0, 300.0) == 0.0


def test_chance_wording():
    assert pt.kans_tekst(0.665) == "de kans op een nadeel is ongeveer 7 op 10"
    assert pt.kans_tekst(0.5) == "de kans op een nadeel is ongeveer 5 op 10"
    assert pt.kans_tekst(0.97) == "de kans op een nadeel is groter dan 9 op 10"
    assert pt.kans_tekst(0.02) == "de kans op een nadeel is kleiner dan 1 op 10"


def test_reserve_is_a_condition_never_a_certainty():
    # A nadeel almost certain: only the nadeel side, as a condition.
    assert pt.reserve_gevolg(-299_000, JEUGD_RESERVE, 0.99) == (
        "Als het nadeel zich voordoet, wordt het onttrokken aan de egalisatiereserve Jeugd.")
    # Either side possible: both named, the expected one first.
    assert pt.reserve_gevolg(-100_000, JEUGD_RESERVE, 0.6) == (
        "Als het nadeel zich voordoet, wordt het onttrokken aan de egalisatiereserve Jeugd; als er toch een "
        "voordeel ontstaat, wordt het gestort in de egalisatiereserve Jeugd.")
    # A voordeel with a reserve at its ceiling falls free.
    assert pt.reserve_gevolg(331_000, {"naam": "egalisatiereserve WMO", "op_plafond": True}, 0.02) == (
        "Als het voordeel zich voordoet, valt het vrij in de algemene middelen, omdat de reserve al op het "
        "plafond zit.")
    # A nadeel of 299k against a balance of 200k: 99k on the algemene middelen.
    assert pt.reserve_gevolg(-299_000, {"naam": "egalisatiereserve Jeugd", "stand": 200_000}, None) == (
        "Als het nadeel zich voordoet, wordt het onttrokken aan de egalisatiereserve Jeugd; bij het verwachte "
        "nadeel is de reserve (€ 200k) niet toereikend en komt € 99k ten laste van de algemene middelen.")
    assert pt.reserve_gevolg(-299_000, None, 0.9) is None
    for zin in (pt.reserve_gevolg(-299_000, JEUGD_RESERVE, 0.99), pt.reserve_gevolg(-100_000, JEUGD_RESERVE, 0.6)):
        assert "leidt tot" not in zin and zin.startswith("Als ")


def test_each_message_stands_under_its_own_wet():
    # Jeugd nadeel (chance 6 of 10), Wmo voordeel of 331k with a range 200k .. 450k (chance < 1 of 10).
    p = pub(band("jeugd", -100_000.0, 9_600_000.0, 10_200_000.0)
            + band("wmo", 331_000.0, 5_550_000.0, 5_800_000.0, begroting=6_000_000.0))
    reserves = {"jeugd": JEUGD_RESERVE, "wmo": {"naam": "egalisatiereserve WMO", "op_plafond": True}}
    inleiding = pt.for_chapter("inleiding", p, P, reserves, T)
    assert len(inleiding) == 2
    assert inleiding[0].startswith("Voor 2026 verwachten we op Jeugd") and "egalisatiereserve Jeugd" in inleiding[0]
    assert "WMO" not in inleiding[0] and "Wmo" not in inleiding[0]
    assert inleiding[1].startswith("Voor 2026 verwachten we op Wmo") and "Jeugd" not in inleiding[1]
    assert inleiding[1].endswith("Als het voordeel zich voordoet, valt het vrij in de algemene middelen, omdat de "
                                 "reserve al op het plafond zit.")
    assert pt.for_chapter("wmo", p, P, reserves, T) == [inleiding[1]]
    assert pt.for_chapter("jeugd", p, P, reserves, T) == [inleiding[0]]
    assert pt.for_chapter("toegang", p, P, reserves, T) == []


def test_no_message_without_a_stated_afwijking():
    assert pt.bericht(pub([("jeugd.kosten", "2025", "", 1.0, "euro")]), "jeugd", P, JEUGD_RESERVE, T) == []


def test_conform_leaves_out_a_pgb_budget_without_data():
    # afwijking 400k, of which 381k is a PGB budget no source reports against: 19k, conform.
    frame = pd.DataFrame([("jeugd.afwijking", "2026", "", 400_000.0, "euro", "voorlopig"),
                          ("jeugd.begroting", "2026", "PGB", 381_000.0, "euro", "definitief"),
                          ("jeugd.prognose", "2026", "PGB", float("nan"), "euro", "geen_gegevens")],
                         columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])
    assert pt.bericht(Published(frame), "jeugd", P, None, T) == [
        ("Voor 2026 verwachten we op Jeugd uitgaven ongeveer conform de begroting (verschil € 19k). PGB zit niet "
        "in de aangeleverde gegevens: het begrote PGB (€ 381k) telt daarom niet mee in de afwijking.")]


def test_backtest_in_plain_dutch():
    assert pt.terugblik(2, 2, 0.8, 24) == (
        "In 2 van de 2 vorige jaren lag de uitkomst binnen de marge die deze monitor op hetzelfde moment van het "
        "jaar zou hebben gegeven. Kijken we naar elk maandeinde van die jaren, dan lag de uitkomst in ongeveer "
        "8 van de 10 gevallen binnen de marge.")
    assert pt.terugblik(0, 1, None, None) == (
        "In het vorige afgesloten jaar lag de uitkomst buiten de marge die deze monitor op hetzelfde moment van het "
        "jaar zou hebben gegeven.")
    # 0,65 and 0,75 round half up to 7 and 8 tenths.
    assert pt.terugblik(1, 2, 0.65, 24).endswith("in ongeveer 7 van de 10 gevallen binnen de marge.")
    assert pt.kans_tekst(0.75) == "de kans op een nadeel is ongeveer 8 op 10"
    for zin in (pt.terugblik(2, 2, 0.8, 24), pt.terugblik(0, 0, None, None)):
        assert "toetsmoment" not in zin and "geijkt" not in zin


def test_a_voordeel_beyond_the_ceiling_is_partly_stored():
    # balance 900k, ceiling 1,0 mln, voordeel 331k: 100k can be stored, 231k falls free.
    instelling = {"naam": "egalisatiereserve WMO", "stand": 900_000, "plafond": 1_000_000}
    assert pt.reserve_gevolg(331_000, instelling, 0.02) == (
        "Als het voordeel zich voordoet, wordt het gestort in de egalisatiereserve WMO; bij het verwachte voordeel "
        "kan tot het plafond (€ 1,0 mln) € 100k worden gestort en valt € 231k vrij in de algemene middelen.")
