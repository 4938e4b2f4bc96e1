"""Generated findings: guarded wording, never a suppressed number."""

import pandas as pd
import pytest

from sdmonitor.publish import findings
from sdmonitor.publish.findings import Thresholds
from sdmonitor.periods import Periode
from sdmonitor.publish.suppression import Published

P = Periode(2026, 2)
T = Thresholds(relatief=0.05, personen=5, afwijking_euro=25_000)


def pub(rows):
    return Published(pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"]))


def test_trend_needs_both_thresholds():
    assert findings.trend(100, 106, T) == findings.STIJGING   # +6 %, +6 persons
    assert findings.trend(100, 105, T) == findings.STABIEL    # +5 % is not more than 5 %
    assert findings.trend(40, 45, T) == findings.STABIEL      # +12.5 % but only +5 persons
    assert findings.trend(1000, 900, T) == findings.DALING    # -10 %, -100 persons


def test_clients_sentence_with_national_comparison():
    p = pub([("jeugd.clienten", "2025", "", 1301.0, "aantal"),
             ("jeugd.clienten", "2024", "", 1400.0, "aantal"),
             ("jeugd.pct_in_zorg", "2025", "", 13.3, "procent")])
    out = findings.clienten(p, "jeugd", P, landelijk_pct=10.5, thresholds=T)
    assert out[0] == "In 2025 ontvingen 1.301 jeugdigen jeugdhulp (13,3% van de jeugdigen; landelijk 10,5%)."
    # 1400 -> 1301 is -7.1 % and -99 persons: a daling.
    assert out[1] == ("Het aantal jeugdigen met jeugdhulp is in 2025 gedaald ten opzichte van 2024 "
                      "(van 1.400 naar 1.301).")


def test_stable_wording():
    p = pub([("wmo.clienten", "2025", "", 1020.0, "aantal"), ("wmo.clienten", "2024", "", 1000.0, "aantal")])
    # +2 %: stabiel.
    assert "stabiel gebleven" in findings.clienten(p, "wmo", P, thresholds=T)[1]


def test_never_states_a_suppressed_number():
    p = pub([("jeugd.clienten", "2025", "", 3.0, "aantal"), ("jeugd.clienten", "2024", "", 40.0, "aantal")])
    out = findings.clienten(p, "jeugd", P, thresholds=T)
    assert out == []
    assert not any("3" in s for s in out)


def test_afwijking_nadeel_voordeel_and_conform():
    p = pub([("jeugd.afwijking", "2026", "", -299_000.0, "euro"), ("wmo.afwijking", "2026", "", 331_000.0, "euro")])
    assert findings.afwijking(p, "jeugd", P, T) == [
        "Voor 2026 verwachten we op Jeugd een nadeel van € 299k ten opzichte van de begroting."]
    assert findings.afwijking(p, "wmo", P, T) == [
        "Voor 2026 verwachten we op Wmo een voordeel van € 331k ten opzichte van de begroting."]
    small = pub([("jeugd.afwijking", "2026", "", -12_000.0, "euro")])
    assert "ongeveer conform de begroting" in findings.afwijking(small, "jeugd", P, T)[0]


def test_missing_figures_give_no_sentences():
    empty = pub([("jeugd.kosten", "2025", "", 1.0, "euro")])
    assert findings.for_chapter("jeugd", empty, P, thresholds=T) == []
    assert findings.for_chapter("toegang", empty, P, thresholds=T) == []


def test_top25_speaks_of_the_jaarbeeld_year():
    # periode 2026-02: the sentence uses 2025 (0.197 -> "19,7%"), never the two-month share of 2026
    # (the share is published because it is based on 300 jeugdigen, at least the threshold)
    p = pub([("jeugd.top25_aandeel", "2025", "", 0.197, "fractie"),
             ("jeugd.top25_aandeel", "2026", "", 0.282, "fractie"),
             ("jeugd.clienten", "2025", "", 300.0, "aantal")])
    assert findings.top25(p, P) == ["De 25 jeugdigen met de hoogste zorgkosten waren in 2025 goed voor 19,7% "
                                    "van de kosten Jeugd."]


def test_statistics_of_few_persons_give_no_sentence():
    # issue 9 §8: a share based on 3 jeugdigen (below the threshold 5) is not published, so no sentence
    p = pub([("jeugd.top25_aandeel", "2025", "", 1.0, "fractie"),
             ("jeugd.clienten", "2025", "", 3.0, "aantal")])
    assert findings.top25(p, P) == []


def test_median_of_one_melding_gives_no_sentence():
    # issue 9 §8: the 2025 median (jaarbeeld of periode 2026-02) is taken over 1 melding: hidden
    one = pub([("toegang.wachttijd_mediaan", "2025", "", 14.0, "dagen"),
               ("toegang.wachttijd_aantal", "2025", "", 1.0, "aantal")])
    assert not any("wachttijd" in s for s in findings.for_chapter("toegang", one, P, thresholds=T))
    many = pub([("toegang.wachttijd_mediaan", "2025", "", 14.0, "dagen"),
                ("toegang.wachttijd_aantal", "2025", "", 40.0, "aantal")])
    assert "De mediane wachttijd tot het keukentafelgesprek was in 2025 14 dagen." in \
        findings.for_chapter("toegang", many, P, thresholds=T)

def test_afwijking_range_says_when_the_sign_is_uncertain():
    # begroting 10,0 mln; prognose 80 %-interval 9,6 .. 10,2 mln -> afwijking between
    # 10,0 - 10,2 = -0,2 mln (nadeel) and 10,0 - 9,6 = +0,4 mln (voordeel).
    p = pub([("jeugd.afwijking", "2026", "", -50_000.0, "euro"), ("jeugd.begroting", "2026", "", 10_000_000.0, "euro"),
             ("jeugd.prognose_laag", "2026", "", 9_600_000.0, "euro"),
             ("jeugd.prognose_hoog", "2026", "", 10_200_000.0, "euro")])
    out = findings.afwijking(p, "jeugd", P, T)
    assert out[1] == ("Met de onzekerheid van de prognose (80%-interval) ligt de afwijking tussen € 200k nadeel en "
                      "€ 400k voordeel: binnen de onzekerheid, dus nog niet te zeggen of het een voordeel of een nadeel wordt.")


def test_afwijking_range_with_a_certain_sign():
    # interval 10,3 .. 10,9 mln against 10,0 mln: nadeel between 0,3 and 0,9 mln.
    assert findings.afwijking_band(pub([("jeugd.begroting", "2026", "", 10e6, "euro"),
                                        ("jeugd.prognose_laag", "2026", "", 10.3e6, "euro"),
                                        ("jeugd.prognose_hoog", "2026", "", 10.9e6, "euro")]), "jeugd", 2026) == (
        pytest.approx(-0.9e6), pytest.approx(-0.3e6))
    assert findings.bandbreedte_zin(-0.9e6, -0.3e6).endswith("ligt het nadeel tussen € 300k en € 900k.")
    assert findings.bandbreedte_zin(0.1e6, 0.5e6).endswith("ligt het voordeel tussen € 100k en € 500k.")
