"""The generated explanation of a bouwsteen: what moved and through which part, in Dutch, from
hand-built figure rows; never a hidden number, and borne out by the commentary check."""

import pandas as pd

from sdmonitor.periods import Periode
from sdmonitor.publish import uitleg
from sdmonitor.publish.suppression import Published

P = Periode(2026, 2)
COLS = ["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]


def pub(rows):
    return Published(pd.DataFrame(rows, columns=COLS))


def bouwsteen(wet, naam, eenheid, *, verschil, prijs, volume, mix, kosten, clienten, hoeveelheid, ppe,
              jaar="2025", status="voorlopig"):
    """Rows of one bouwsteen: the year (with `status`) and the year before (definitief)."""
    vorig = str(int(jaar) - 1)
    rows = [(f"{wet}.kostenverschil", jaar, naam, verschil, "euro", status),
            (f"{wet}.kostenverschil_prijs", jaar, naam, prijs, "euro", status),
            (f"{wet}.kostenverschil_volume", jaar, naam, volume, "euro", status),
            (f"{wet}.kostenverschil_mix", jaar, naam, mix, "euro", status),
            (f"{wet}.kosten_bouwsteen", jaar, naam, kosten, "euro", status)]
    for ind, (old, new), unit in ((f"{wet}.clienten", clienten, "aantal"), (f"{wet}.volume", hoeveelheid, eenheid),
                                  (f"{wet}.prijs_per_eenheid", ppe, "euro")):
        rows += [(ind, vorig, naam, old, unit, "definitief"), (ind, jaar, naam, new, unit, status)]
    return rows


# Seed 000's example: more jeugdigen drive the rise, the price per etmaal stays the same.
PLEEGZORG = bouwsteen("jeugd", "Pleegzorg", "etmaal", verschil=120_000.0, prijs=10_000.0, volume=110_000.0,
                      mix=0.0, kosten=1_620_000.0, clienten=(40.0, 51.0), hoeveelheid=(10_000.0, 11_000.0),
                      ppe=(150.0, 151.5))
# Issue 22: dagbesteding volwassenen −24 %, with as many clients as the year before.
DAGBESTEDING = bouwsteen("wmo", "Dagbesteding volwassenen", "dagdeel", verschil=-150_000.0, prijs=30_000.0,
                         volume=-180_000.0, mix=0.0, kosten=700_000.0, clienten=(94.0, 93.0),
                         hoeveelheid=(8_800.0, 6_688.0), ppe=(100.0, 104.0), status="definitief")


def test_more_clients_drive_the_rise_and_the_price_stays():
    out = uitleg.uitleg(pub(PLEEGZORG), "jeugd", "Pleegzorg", P, "jeugdigen", "etmaal")
    # 40 -> 51 jeugdigen (+11, +27,5 %: a stijging); 10.000 -> 11.000 etmalen (+10 %);
    # € 150 -> € 151,50 per etmaal (+1 %, under 3 %: vrijwel gelijk); € 120k of € 1,5 mln is 8 %.
    assert out == [("De kosten van Pleegzorg stegen in 2025 met € 120k, vooral doordat er meer jeugdigen "
                   "(51 tegen 40 een jaar eerder) waren en dus meer etmalen (+10%); de prijs per etmaal bleef "
                   "vrijwel gelijk."),
                   "2025 is nog voorlopig: er komen nog declaraties over dat jaar binnen."]


def test_less_care_per_client_with_a_higher_price():
    out = uitleg.uitleg(pub(DAGBESTEDING), "wmo", "Dagbesteding volwassenen", P, "cliënten", "dagdeel")
    # 94 -> 93 cliënten is stable; 8.800 -> 6.688 dagdelen is −24 %: per client 93,6 -> 71,9 dagdelen.
    # € 100 -> € 104 per dagdeel: +4 %. A definitief year gets no status sentence.
    assert out == [("De kosten van Dagbesteding volwassenen daalden in 2025 met € 150k, vooral doordat er per persoon "
                   "minder dagdelen (−24%) werden geleverd, bij 93 cliënten (94 een jaar eerder); de prijs per "
                   "dagdeel steeg "
                   "met 4%.")]


def test_price_as_the_main_part_and_a_second_part_beside_it():
    rows = bouwsteen("jeugd", "Gezinshuis", "etmaal", verschil=100_000.0, prijs=60_000.0, volume=40_000.0, mix=0.0,
                     kosten=1_100_000.0, clienten=(17.0, 17.0), hoeveelheid=(4_000.0, 4_100.0), ppe=(200.0, 220.0),
                     status="definitief")
    out = uitleg.uitleg(pub(rows), "jeugd", "Gezinshuis", P, "jeugdigen", "etmaal")
    # prijs € 60k is the largest part; volume € 40k is 40 % of the change (>= 25 %): named too.
    # 4.000 -> 4.100 etmalen: +2,5 %, printed as +3%; 17 jeugdigen both years.
    assert out == [("De kosten van Gezinshuis stegen in 2025 met € 100k, vooral door een hogere prijs per etmaal "
                   "(+10%), en ook doordat er per persoon meer etmalen (+3%) werden geleverd, bij 17 jeugdigen "
                   "(17 een jaar eerder).")]


def test_a_hidden_client_count_is_never_named():
    rows = bouwsteen("jeugd", "Jeugdreclassering", "etmaal", verschil=20_000.0, prijs=0.0, volume=20_000.0,
                     mix=0.0, kosten=60_000.0, clienten=(3.0, 8.0), hoeveelheid=(200.0, 300.0), ppe=(150.0, 150.0),
                     status="definitief")
    out = uitleg.uitleg(pub(rows), "jeugd", "Jeugdreclassering", P, "jeugdigen", "etmaal")
    # 3 jeugdigen is "<5": no count, no comparison of counts, no "per persoon"; the price per etmaal of
    # 2024 is about those few jeugdigen and hidden too, so no price clause either.
    assert out == [("De kosten van Jeugdreclassering stegen in 2025 met € 20k, vooral doordat er meer etmalen "
                   "(+50%) werden geleverd.")]
    assert "3" not in out[0].replace("2025", "") and "<5" not in out[0]


def test_no_explanation_without_a_cost_change_to_state():
    geen = [("jeugd.kostenverschil", "2025", "Pleegzorg", float("nan"), "euro", "geen_gegevens")]
    assert uitleg.uitleg(pub(geen), "jeugd", "Pleegzorg", P, "jeugdigen", "etmaal") == []
    assert uitleg.uitleg(pub(PLEEGZORG), "jeugd", "Gezinshuis", P, "jeugdigen", "etmaal") == []


def test_running_year_says_which_months_are_compared():
    rows = bouwsteen("wmo", "Hulp bij het huishouden", "uur", verschil=-30_000.0, prijs=-30_000.0, volume=0.0,
                     mix=0.0, kosten=570_000.0, clienten=(1_150.0, 1_150.0), hoeveelheid=(9_000.0, 9_000.0),
                     ppe=(66.0, 63.0), jaar="2026", status="deelperiode")
    out = uitleg.uitleg(pub(rows), "wmo", "Hulp bij het huishouden", P, "cliënten", "uur", jaar=2026)
    # −€ 30k of € 600k is 5 %: a daling; the price per uur € 66 -> € 63 is −4,5 %.
    assert out == [("De kosten van Hulp bij het huishouden daalden in 2026 met € 30k, vooral door een lagere prijs "
                   "per uur (−5%)."),
                   "2026 loopt nog: vergeleken zijn de maanden januari t/m februari met dezelfde maanden van 2025."]


def test_a_small_change_reads_as_little_change():
    rows = bouwsteen("wmo", "Hulpmiddelen", "stuks", verschil=10_000.0, prijs=10_000.0, volume=0.0, mix=0.0,
                     kosten=1_010_000.0, clienten=(1_160.0, 1_160.0), hoeveelheid=(14_000.0, 14_000.0),
                     ppe=(72.0, 72.72), status="definitief")
    out = uitleg.uitleg(pub(rows), "wmo", "Hulpmiddelen", P, "cliënten", "stuks")
    # € 10k of € 1 mln is 1 %; the price per stuk +1 %.
    assert out == [("De kosten van Hulpmiddelen veranderden in 2025 weinig (€ 10k meer); de prijs per stuk bleef "
                   "vrijwel gelijk.")]


def test_the_generated_sentences_pass_the_commentary_check():
    for rows, wet, naam, wie, eenheid in ((PLEEGZORG, "jeugd", "Pleegzorg", "jeugdigen", "etmaal"),
                                          (DAGBESTEDING, "wmo", "Dagbesteding volwassenen", "cliënten", "dagdeel")):
        p = pub(rows)
        zinnen = uitleg.uitleg(p, wet, naam, P, wie, eenheid)
        assert zinnen and uitleg.controleer(p, wet, naam, zinnen, P) == []


def test_a_direction_is_read_for_the_year_explained_not_the_year_before():
    # The price part is € 20k of € 60k (33 %, >= 25 %): named beside the volume. The year before had a
    # negative price part: "een hogere prijs" must be read for 2025,
    # so the sentence names no other year than 2025 (Druten's demo edition, Jeugdbescherming).
    rows = bouwsteen("jeugd", "Jeugdbescherming", "etmaal", verschil=60_000.0, prijs=20_000.0, volume=40_000.0,
                     mix=0.0, kosten=700_000.0, clienten=(26.0, 32.0), hoeveelheid=(6_000.0, 6_360.0),
                     ppe=(100.0, 104.0), status="definitief")
    rows.append(("jeugd.kostenverschil_prijs", "2024", "Jeugdbescherming", -13_000.0, "euro", "definitief"))
    p = pub(rows)
    zinnen = uitleg.uitleg(p, "jeugd", "Jeugdbescherming", P, "jeugdigen", "etmaal")
    assert zinnen == [("De kosten van Jeugdbescherming stegen in 2025 met € 60k, vooral doordat er meer jeugdigen "
                       "(32 tegen 26 een jaar eerder) waren en dus meer etmalen (+6%), en ook een hogere prijs per "
                       "etmaal (+4%).")]
    assert uitleg.controleer(p, "jeugd", "Jeugdbescherming", zinnen, P) == []


def test_the_check_catches_a_sentence_the_figures_do_not_bear_out():
    p = pub(PLEEGZORG)
    wrong = ["De kosten van Pleegzorg daalden in 2025 met € 120k.",
             "De kosten van Pleegzorg stegen in 2025 met € 150k."]
    assert [w.soort for w in uitleg.controleer(p, "jeugd", "Pleegzorg", wrong, P)] == ["richting", "getal"]


def test_html_is_marked_as_generated_and_escaped():
    html = uitleg.uitleg_html({"A&B": ["De kosten van A&B stegen."], "C": []}, 2025)
    assert 'class="sd-uitleg sd-gegenereerd"' in html and "Wat bewoog er in 2025?" in html
    assert "A&amp;B" in html and html.count("<li>") == 1
    assert uitleg.uitleg_html({"C": []}, 2025) == ""


def test_a_closing_sentence_every_item_shares_is_said_once():
    status = "2025 is nog voorlopig: er komen nog declaraties over dat jaar binnen."
    html = uitleg.uitleg_html({"A": ["Zin over A.", status], "B": ["Zin over B.", status]}, 2025)
    assert html.count(status) == 1 and html.index("Zin over B.") < html.index(status)
    once = uitleg.uitleg_html({"A": ["Zin over A.", status]}, 2025)
    assert "<li>Zin over A. " + status + "</li>" in once
