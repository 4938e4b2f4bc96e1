"""reserve: the afwijking's consequence for the egalisatiereserve, worked by hand."""

from sdmonitor.workbook import reserve
from sdmonitor.publish.findings import Thresholds

T = Thresholds(afwijking_euro=25_000)


def test_nadeel_is_an_onttrekking():
    assert reserve.gevolg(-299_000, {"naam": "egalisatiereserve Jeugd"}, T) == (
        "Dit verwachte resultaat leidt tot een onttrekking uit de egalisatiereserve Jeugd.")


def test_nadeel_larger_than_the_reserve():
    # 299k nadeel, reserve 200k: 99k falls on the algemene middelen
    text = reserve.gevolg(-299_000, {"naam": "egalisatiereserve Jeugd", "stand": 200_000}, T)
    assert text.endswith("De reserve (€ 200k) is daarvoor niet toereikend: € 99k komt ten laste van de algemene middelen.")


def test_voordeel_at_the_ceiling_falls_free():
    text = reserve.gevolg(331_000, {"naam": "egalisatiereserve WMO", "op_plafond": True}, T)
    assert "storting in de egalisatiereserve WMO" in text and "vervalt de storting" in text


def test_voordeel_partly_up_to_the_ceiling():
    # stand 900k, plafond 1.000k, voordeel 331k: 100k is stored, 231k falls free
    text = reserve.gevolg(331_000, {"naam": "egalisatiereserve WMO", "stand": 900_000, "plafond": 1_000_000}, T)
    assert text.endswith("Tot het plafond (€ 1,0 mln) kan € 100k worden gestort; € 231k valt vrij in de algemene middelen.")


def test_within_the_margin_nothing_is_said():
    assert reserve.gevolg(-24_999, {"naam": "egalisatiereserve Jeugd"}, T) is None
