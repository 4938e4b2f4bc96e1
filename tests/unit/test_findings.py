"""Generated findings: guarded wording, never a suppressed number."""

import pandas as pd
import pytest

from sdmonitor.periods import Periode
from sdmonitor.publish import findings
from sdmonitor.publish.findings import Thresholds
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
    assert findings.top25(p, P) == [("De 25 jeugdigen met de hoogste zorgkosten waren in 2025 goed voor 19,7% "
                                    "van de kosten Jeugd.")]


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

def test_afwijking_range_with_a_certain_sign():
    # interval 10,3 .. 10,9 mln against 10,0 mln: nadeel between 0,3 and 0,9 mln.
    assert findings.afwijking_band(pub([("jeugd.begroting", "2026", "", 10e6, "euro"),
                                        ("jeugd.prognose_laag", "2026", "", 10.3e6, "euro"),
                                        ("jeugd.prognose_hoog", "2026", "", 10.9e6, "euro")]), "jeugd", 2026) == (
        pytest.approx(-0.9e6), pytest.approx(-0.3e6))


# --- status (issue 19): hand-built figure tables with a status per row --------------------------

def spub(rows):
    return Published(pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]))


def test_geen_gegevens_is_never_a_base_for_a_change():
    # 2024 has no data (the old table said 0): never "gestegen van 0 naar 2.687".
    p = spub([("jeugd.clienten", "2024", "", 0.0, "aantal", "geen_gegevens"),
              ("jeugd.clienten", "2025", "", 2687.0, "aantal", "definitief")])
    out = findings.clienten(p, "jeugd", P, thresholds=T)
    assert out == ["In 2025 ontvingen 2.687 jeugdigen jeugdhulp.",
                   "Het aantal jeugdigen met jeugdhulp is niet te vergelijken met 2024: over 2024 zijn geen gegevens."]
    assert not any("van 0" in s or "gestegen" in s for s in out)


def test_a_part_year_of_meldingen_is_compared_over_the_same_months():
    # 2024: 100 a month (1.200); 2025: 110 a month but March has no data (1.210 over 11 months).
    # The year totals would read "stabiel, van 1.200 naar 1.210"; over the same 11 months it is
    # 1.100 -> 1.210: +10 % and +110, a stijging.
    rows = [("toegang.meldingen", "2024", "", 1200.0, "aantal", "definitief"),
            ("toegang.meldingen", "2025", "", 1210.0, "aantal", "deelperiode")]
    for m in range(1, 13):
        rows.append(("toegang.meldingen", f"2024-{m:02d}", "", 100.0, "aantal", "definitief"))
        rows.append(("toegang.meldingen", f"2025-{m:02d}", "", float("nan") if m == 3 else 110.0, "aantal",
                     "geen_gegevens" if m == 3 else "definitief"))
    out = findings.toegang(spub(rows), P, T)
    assert out[0] == ("In 2025 (zonder maart, waarover geen gegevens zijn) kwamen 1.210 nieuwe hulpvragen "
                      "(meldingen) binnen bij het Sociaal Team.")
    assert out[1] == ("Het aantal meldingen is in 2025 gestegen ten opzichte van 2024 (van 1.100 naar 1.210), "
                      "vergeleken over dezelfde maanden; over maart 2025 zijn geen gegevens.")


def test_a_part_year_without_months_compares_the_last_two_full_years():
    # 2025 covers only part of the year: 2023 -> 2024 (1.000 -> 1.100, +10 %) is compared instead.
    p = spub([("wmo.clienten", "2023", "", 1000.0, "aantal", "definitief"),
              ("wmo.clienten", "2024", "", 1100.0, "aantal", "definitief"),
              ("wmo.clienten", "2025", "", 600.0, "aantal", "deelperiode")])
    out = findings.clienten(p, "wmo", P, thresholds=T)
    assert out[0] == "In 2025 (een deel van het jaar) ontvingen 600 cliënten ondersteuning vanuit de Wmo."
    assert out[1] == ("Het aantal cliënten met Wmo-ondersteuning is in 2024 gestegen ten opzichte van 2023 "
                      "(van 1.000 naar 1.100); dit zijn de laatste twee volledige jaren, want 2025 (een deel van "
                      "het jaar) is geen volledig jaar.")


def test_a_voorlopig_value_says_so():
    p = spub([("jeugd.clienten", "2024", "", 1400.0, "aantal", "definitief"),
              ("jeugd.clienten", "2025", "", 1301.0, "aantal", "voorlopig")])
    out = findings.clienten(p, "jeugd", P, thresholds=T)
    assert out[0] == "In 2025 ontvingen (voorlopig) 1.301 jeugdigen jeugdhulp."
    assert out[1] == ("Het aantal jeugdigen met jeugdhulp is in 2025 gedaald ten opzichte van 2024 (van 1.400 naar "
                      "1.301). Het cijfer over 2025 is voorlopig: het wordt naar verwachting hoger zodra alle "
                      "declaraties binnen zijn.")


def test_pgb_not_in_the_data_is_said_not_zero():
    p = spub([("wmo.pgb_aandeel", "2025", "", 0.0, "fractie", "geen_gegevens")])
    assert findings.pgb(p, "wmo", P) == [
        "PGB Wmo zit niet in de aangeleverde gegevens: het aandeel PGB in de kosten over 2025 is niet bekend."]


