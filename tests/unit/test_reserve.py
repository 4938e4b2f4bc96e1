"""reserve: the afwijking's consequence for the egalisatiereserve, worked by hand."""

from sdmonitor.publish.findings import Thresholds
from sdmonitor.workbook import reserve

T = Thresholds(afwijking_euro=25_000)


def test_nadeel_is_an_onttrekking():
    assert reserve.gevolg(-299_000, {"naam": "egalisatiereserve Jeugd"}, T) == (
        "Dit verwachte resultaat leidt tot een onttrekking uit de egalisatiereserve Jeugd.")


def test_nadeel_larger_than_the_reserve():
    # 299k nadeel, reserve 200k: 99k falls on the algemene middelen
    text = reserve.gevolg(-299_000, {"naam": "egalisatiereserve Jeugd", "stand": 200_000}, T)
    assert text.endswith("De reserve (€ 200k) is daarvoor niet toereikend: € 99k komt ten laste van de algemene "
                         "middelen.")


def test_voordeel_at_the_ceiling_falls_free():
    text = reserve.gevolg(331_000, {"naam": "egalisatiereserve WMO", "op_plafond": True}, T)
    assert "storting in de egalisatiereserve WMO" in text and "vervalt de storting" in text


def test_voordeel_partly_up_to_the_ceiling():
    # stand 900k, plafond 1.000k, voordeel 331k: 100k is stored, 231k falls free
    text = reserve.gevolg(331_000, {"naam": "egalisatiereserve WMO", "stand": 900_000, "plafond": 1_000_000}, T)
    assert text.endswith("Tot het plafond (€ 1,0 mln) kan € 100k worden gestort; € 231k valt vrij in de algemene "
                         "middelen.")


def test_within_the_margin_nothing_is_said():
    assert reserve.gevolg(-24_999, {"naam": "egalisatiereserve Jeugd"}, T) is None


def test_reserve_uses_the_afwijking_without_an_undelivered_pgb_budget():
    # afwijking 400k of which 381k is a PGB budget without PGB data: 19k is within the margin, so
    # no "storting" (before: a storting of 400k was announced).
    import pandas as pd

    from sdmonitor.periods import Periode
    from sdmonitor.publish.suppression import Published

    p = Published(pd.DataFrame([("jeugd.afwijking", "2026", "", 400_000.0, "euro", "voorlopig"),
                                ("jeugd.begroting", "2026", "PGB", 381_000.0, "euro", "definitief"),
                                ("jeugd.prognose", "2026", "PGB", float("nan"), "euro", "geen_gegevens")],
                               columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]))
    settings = {"jeugd": {"naam": "egalisatiereserve Jeugd"}}
    assert reserve.for_chapter("jeugd", p, Periode(2026, 2), settings, T) == []
    no_data = Published(pd.DataFrame([("jeugd.afwijking", "2026", "", float("nan"), "euro", "geen_gegevens")],
                                     columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]))
    assert reserve.for_chapter("jeugd", no_data, Periode(2026, 2), settings, T) == []
