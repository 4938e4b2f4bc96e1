"""Small-numbers rule: primary, per-person and secondary suppression on hand-built figure rows."""

import pandas as pd
import pytest

from sdmonitor.publish.suppression import (
    PRIMAIR,
    SECUNDAIR,
    Published,
    SuppressionError,
    counts_persons,
    label,
    mark,
    secondary_until_stable,
)


def frame(rows):
    return pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])


def status(marked, indicator, periode, dimensie=""):
    hit = marked[(marked["indicator"] == indicator) & (marked["periode"] == periode) & (marked["dimensie"] == dimensie)]
    return hit["onderdrukt"].iloc[0]


def test_which_indicators_count_persons():
    assert counts_persons("jeugd.clienten")
    assert counts_persons("wmo.clienten")
    assert counts_persons("jeugd.verwijzer")
    assert counts_persons("veilig_thuis.aantal")
    assert not counts_persons("jeugd.kosten")
    assert not counts_persons("jeugd.pgb_aandeel")


def test_primary_hides_1_to_4_keeps_0_and_5():
    marked = mark(frame([
        ("jeugd.clienten", "2025", "Pleegzorg", 0.0, "aantal"),
        ("jeugd.clienten", "2025", "Gezinshuis", 1.0, "aantal"),
        ("jeugd.clienten", "2025", "Residentieel", 4.0, "aantal"),
        ("jeugd.clienten", "2024", "Residentieel", 5.0, "aantal"),
        ("jeugd.kosten", "2025", "", 3.0, "euro"),       # not persons: 3 euro is shown
    ]), drempel=5)
    assert status(marked, "jeugd.clienten", "2025", "Pleegzorg") == ""
    assert status(marked, "jeugd.clienten", "2025", "Gezinshuis") == PRIMAIR
    assert status(marked, "jeugd.clienten", "2025", "Residentieel") == PRIMAIR
    assert status(marked, "jeugd.clienten", "2024", "Residentieel") == ""
    assert status(marked, "jeugd.kosten", "2025") == ""


def test_threshold_comes_from_parameters():
    marked = mark(frame([("jeugd.clienten", "2025", "", 7.0, "aantal")]), drempel=10)
    assert status(marked, "jeugd.clienten", "2025") == PRIMAIR


def test_secondary_hides_next_smallest_cell_when_total_would_reveal():
    # total 30 = 3 + 10 + 17: with 3 hidden, 30 - 10 - 17 gives it away, so 10 (next smallest) goes too.
    marked = mark(frame([
        ("klachten.aantal", "2025", "", 30.0, "aantal"),
        ("klachten.aantal", "2025", "informeel", 3.0, "aantal"),
        ("klachten.aantal", "2025", "formeel", 10.0, "aantal"),
        ("klachten.aantal", "2025", "overig", 17.0, "aantal"),
    ]))
    assert status(marked, "klachten.aantal", "2025", "informeel") == PRIMAIR
    assert status(marked, "klachten.aantal", "2025", "formeel") == SECUNDAIR
    assert status(marked, "klachten.aantal", "2025", "overig") == ""
    assert status(marked, "klachten.aantal", "2025") == ""


def test_no_secondary_when_two_cells_are_already_hidden():
    # 2 and 3 hidden: total 25 - 20 = 5 only reveals their sum, which is fine.
    marked = mark(frame([
        ("bezwaren.aantal", "2025", "", 25.0, "aantal"),
        ("bezwaren.aantal", "2025", "wmo", 2.0, "aantal"),
        ("bezwaren.aantal", "2025", "jeugd", 3.0, "aantal"),
        ("bezwaren.aantal", "2025", "overig", 20.0, "aantal"),
    ]))
    assert status(marked, "bezwaren.aantal", "2025", "overig") == ""


def test_secondary_over_months_for_additive_counts():
    # Year 2025 = 2 + 8 + 9 = 19 meldingen; January hidden, February (8) is the next smallest.
    marked = mark(frame([
        ("toegang.meldingen", "2025", "jeugd", 19.0, "aantal"),
        ("toegang.meldingen", "2025-01", "jeugd", 2.0, "aantal"),
        ("toegang.meldingen", "2025-02", "jeugd", 8.0, "aantal"),
        ("toegang.meldingen", "2025-03", "jeugd", 9.0, "aantal"),
    ]))
    assert status(marked, "toegang.meldingen", "2025-02", "jeugd") == SECUNDAIR
    assert status(marked, "toegang.meldingen", "2025-03", "jeugd") == ""


def test_amount_per_client_hidden_when_based_on_few_clients():
    marked = mark(frame([
        ("jeugd.clienten", "2025", "", 4.0, "aantal"),
        ("jeugd.kosten_per_client", "2025", "", 12_500.0, "euro"),
        ("wmo.clienten", "2025", "", 400.0, "aantal"),
        ("wmo.kosten_per_client", "2025", "", 3_000.0, "euro"),
    ]))
    assert status(marked, "jeugd.kosten_per_client", "2025") == PRIMAIR
    assert status(marked, "wmo.kosten_per_client", "2025") == ""


def test_labels_and_published_texts():
    assert label(3.0, PRIMAIR, 5) == "<5"
    assert label(12.0, SECUNDAIR, 5) == "x"
    assert label(12.0, "", 5) is None
    pub = Published(frame([
        ("jeugd.clienten", "2025", "", 1301.0, "aantal"),
        ("jeugd.clienten", "2025", "LTA", 2.0, "aantal"),
        ("jeugd.pgb_aandeel", "2025", "", 0.021, "fractie"),
    ]))
    assert pub.get("jeugd.clienten", 2025).tekst == "1.301"
    assert pub.get("jeugd.clienten", "2025", "LTA").tekst == "<5"
    assert pub.get("jeugd.clienten", "2025", "LTA").onderdrukt
    assert pub.get("jeugd.pgb_aandeel", "2025").tekst == "2,1%"
    assert pub.get("jeugd.clienten", "2024") is None


def test_marking_leaves_exact_values_untouched():
    rows = frame([("jeugd.clienten", "2025", "", 3.0, "aantal")])
    marked = mark(rows)
    assert marked["waarde"].tolist() == [3.0]
    assert rows.columns.tolist() == ["indicator", "periode", "dimensie", "waarde", "eenheid"]


def test_hidden_rate_per_person_is_never_shown_as_a_count():
    # pct_in_zorg 0.25 % based on 2 clients: hidden, but as "x" — "<5" would read as a number of persons
    from sdmonitor.publish.suppression import Published

    figures = pd.DataFrame([("jeugd.clienten", "2025", "", 2.0, "aantal"),
                            ("jeugd.pct_in_zorg", "2025", "", 0.25, "procent")],
                           columns=["indicator", "periode", "dimensie", "waarde", "eenheid"])
    published = Published(figures, drempel=5)
    assert published.get("jeugd.clienten", "2025").tekst == "<5"
    assert published.get("jeugd.pct_in_zorg", "2025").tekst == "x"


# --- issue 9 §8: statistics of few persons ----------------------------------------------------

def test_median_based_on_fewer_persons_than_the_threshold_is_hidden():
    marked = mark(frame([
        ("toegang.wachttijd_mediaan", "2025", "", 12.0, "dagen"),
        ("toegang.wachttijd_aantal", "2025", "", 1.0, "aantal"),          # one melding: hidden
        ("toegang.wachttijd_mediaan", "2024", "", 20.0, "dagen"),
        ("toegang.wachttijd_aantal", "2024", "", 5.0, "aantal"),          # five: shown
        ("jeugd.doorlooptijd_toewijzing_mediaan", "2025", "", 30.0, "dagen"),
        ("jeugd.doorlooptijd_toewijzing_aantal", "2025", "", 2.0, "aantal"),
        ("wmo.recidive", "2024", "", 50.0, "procent"),
        ("wmo.beeindigd", "2024", "", 2.0, "aantal"),                     # 1 of 2: hidden
        ("wmo.pgb_aandeel", "2025", "", 0.4, "fractie"),
        ("wmo.clienten", "2025", "", 4.0, "aantal"),
    ]), drempel=5)
    assert status(marked, "toegang.wachttijd_mediaan", "2025") == PRIMAIR
    assert status(marked, "toegang.wachttijd_mediaan", "2024") == ""
    assert status(marked, "jeugd.doorlooptijd_toewijzing_mediaan", "2025") == PRIMAIR
    assert status(marked, "wmo.recidive", "2024") == PRIMAIR
    assert status(marked, "wmo.pgb_aandeel", "2025") == PRIMAIR
    # the hidden statistic is not a count: it shows "x", never "<5"
    p = Published(frame([("toegang.wachttijd_mediaan", "2025", "", 12.0, "dagen"),
                         ("toegang.wachttijd_aantal", "2025", "", 1.0, "aantal")]))
    assert p.get("toegang.wachttijd_mediaan", "2025").tekst == "x"


def test_survey_score_hidden_only_when_its_respons_is_known_and_small():
    marked = mark(frame([
        ("tevredenheid.waarde", "2025", "wmo/rapportcijfer-toegang", 7.5, "cijfer"),
        ("tevredenheid.respons", "2025", "wmo/rapportcijfer-toegang", 2.0, "aantal"),
        ("tevredenheid.waarde", "2024", "wmo/rapportcijfer-toegang", 7.1, "cijfer"),
        ("tevredenheid.respons", "2024", "wmo/rapportcijfer-toegang", 120.0, "aantal"),
        ("tevredenheid.waarde", "2023", "wmo/rapportcijfer-toegang", 7.0, "cijfer"),  # respons unknown
    ]), drempel=5)
    assert status(marked, "tevredenheid.waarde", "2025", "wmo/rapportcijfer-toegang") == PRIMAIR
    assert status(marked, "tevredenheid.waarde", "2024", "wmo/rapportcijfer-toegang") == ""
    assert status(marked, "tevredenheid.waarde", "2023", "wmo/rapportcijfer-toegang") == ""


# --- issue 9 §7: the Verantwoording counts ---------------------------------------------------

def recon(rows):
    return pd.DataFrame(rows, columns=["tabel", "reden", "rijen"])


def test_reconciliation_small_counts_of_case_tables_are_hidden_with_a_second_cell():
    from sdmonitor.publish.suppression import reconciliation_texts

    r = recon([("meldingen", "gelezen", 40), ("meldingen", "gebruikt", 3), ("meldingen", "andere gemeente", 30),
               ("meldingen", "aangemeld na periode", 7),
               ("producten", "gelezen", 3), ("producten", "gebruikt", 3)])   # a catalogue: exact
    texts = reconciliation_texts(r, Published(frame([])), ["2025"])
    # 3 -> "<5"; 40 - 30 - 7 would give it back, so the next-smallest part (7) is hidden too
    assert texts == ["40", "<5", "30", "x", "3", "3"]


def test_reconciliation_without_other_parts_hides_the_total():
    from sdmonitor.publish.suppression import reconciliation_texts

    r = recon([("klachten_bezwaren", "gelezen", 2), ("klachten_bezwaren", "gebruikt", 2),
               ("klachten_bezwaren", "andere gemeente", 0)])
    assert reconciliation_texts(r, Published(frame([])), ["2025"]) == ["<5", "<5", "0"]
    # 12 read = 12 used: used is hidden because a klachten figure is hidden, so read goes too
    r = recon([("klachten_bezwaren", "gelezen", 12), ("klachten_bezwaren", "gebruikt", 12),
               ("klachten_bezwaren", "andere gemeente", 0)])
    pub = Published(frame([("klachten.aantal", "2025", "", 9.0, "aantal"),
                           ("klachten.aantal", "2025", "formeel", 2.0, "aantal"),
                           ("klachten.aantal", "2025", "informeel", 7.0, "aantal")]))
    assert reconciliation_texts(r, pub, ["2025"]) == ["x", "x", "0"]


def test_reconciliation_used_minus_yearly_totals_must_not_be_small():
    from sdmonitor.publish.suppression import reconciliation_texts

    # 23 used, the report years publish 20: 3 meldingen before the window would be derivable
    r = recon([("meldingen", "gelezen", 23), ("meldingen", "gebruikt", 23)])
    pub = Published(frame([("toegang.meldingen", "2025", "", 20.0, "aantal")]))
    assert reconciliation_texts(r, pub, ["2025"]) == ["x", "x"]
    pub = Published(frame([("toegang.meldingen", "2025", "", 23.0, "aantal")]))
    assert reconciliation_texts(r, pub, ["2025"]) == ["23", "23"]


def _chain(n):
    """Cells 0..n, totals n+1..2n; breakdown i is total n+1+i = cell i + cell i+1, listed so that
    hiding cell n exposes breakdown n-1 first: every pass can hide one cell only."""
    marks = [""] * n + [PRIMAIR] + [""] * n
    amounts = [10.0] * (2 * n + 1)
    groups = [(n + 1 + i, [i, i + 1]) for i in range(n)]
    return marks, amounts, groups


def test_secondary_suppression_runs_until_stable_beyond_twenty_passes():
    # 30 breakdowns in a chain need 30 passes (and one to see nothing changes); the old silent cap
    # of 20 left ten cells published, each breakdown with one hidden cell recomputable.
    marks, amounts, groups = _chain(30)
    assert secondary_until_stable(marks, amounts, groups) == 31
    assert marks[:30] == [SECUNDAIR] * 30 and marks[30] == PRIMAIR
    assert marks[31:] == [""] * 30  # the totals stay published


def test_secondary_suppression_that_does_not_settle_is_an_error():
    marks, amounts, groups = _chain(6)
    with pytest.raises(SuppressionError, match="niet stabiel"):
        secondary_until_stable(marks, amounts, groups, max_passes=3)


def test_kosten_per_aanbieder_hidden_with_its_few_clients_and_a_second_aanbieder():
    # B has 3 clients: its kosten are hidden; kosten 1000 - A - C would give B's 50, so the
    # next-smallest aanbieder (C, 150) is hidden too. The total kosten stay published.
    marked = mark(frame([
        ("jeugd.kosten", "2025", "", 1000.0, "euro"),
        ("jeugd.kosten_aanbieder", "2025", "A", 800.0, "euro"),
        ("jeugd.kosten_aanbieder", "2025", "B", 50.0, "euro"),
        ("jeugd.kosten_aanbieder", "2025", "C", 150.0, "euro"),
        ("jeugd.clienten_aanbieder", "2025", "A", 20.0, "aantal"),
        ("jeugd.clienten_aanbieder", "2025", "B", 3.0, "aantal"),
        ("jeugd.clienten_aanbieder", "2025", "C", 6.0, "aantal"),
    ]))
    assert status(marked, "jeugd.kosten_aanbieder", "2025", "B") == PRIMAIR
    assert status(marked, "jeugd.kosten_aanbieder", "2025", "C") == SECUNDAIR
    assert status(marked, "jeugd.kosten_aanbieder", "2025", "A") == ""
    assert status(marked, "jeugd.kosten", "2025") == ""
