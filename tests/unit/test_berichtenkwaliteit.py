"""Data quality of the message traffic: messages, rejected and credited lines, allocations without declarations."""

from __future__ import annotations

import pandas as pd
import pytest
from figure_builders import WIJCHEN, absent, dataset, day, line, periode, value
from sdmonitor.figures import berichtenkwaliteit as bk
from sdmonitor.figures.kpis import figure_table
from sdmonitor.ingest.selection import select
from sdmonitor.publish.suppression import Published

P = periode("2025-12")
PEIL = day("2026-01-15")
RETOUR_COLS = ["gemeente", "wet", "aanbieder", "referentie", "client_id", "productcode", "periode_begin", "bedrag",
               "retourcode", "verzonden_op"]
BERICHT_COLS = ["gemeente", "wet", "berichttype", "richting", "aanbieder", "dagtekening", "regels", "status", "reden"]
TOEWIJZING_COLS = ["gemeente", "wet", "client_id", "toewijzing_id", "productcode", "toegewezen_op", "ingangsdatum",
                   "einddatum", "volume", "eenheid", "frequentie"]


def _frame(cols, records, dates):
    frame = pd.DataFrame([dict(zip(cols, r)) for r in records], columns=cols)
    for c in dates:
        frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    return frame


# Six accepted ZIN lines in 2025 (one of them a credit) and one PGB line (no 323: not counted).
LINES = [line(c, "2025-03", 1, 100) for c in "abcde"] + [
    line("a", "2025-03", -1, -100, ingediend="2025-05-01"),
    line("f", "2025-03", 1, 100, zorgvorm="PGB"),
]
RETOUREN = _frame(RETOUR_COLS, [
    ("GM0296", "jeugd", "A1", "L1", "x", "45A01", "2025-03-01", 100.0, "9321", "2025-04-15"),  # rejected, two codes
    ("GM0296", "jeugd", "A1", "L1", "x", "45A01", "2025-03-01", 100.0, "9339", "2025-04-15"),
    ("GM0296", "jeugd", "A1", "L2", "y", "45A01", "2025-04-01", 100.0, "0200", "2025-05-15"),  # accepted: no rejection
    ("GM0296", "jeugd", "A2", "L1", "z", "45A01", "2025-04-01", 100.0, "9321", "2025-05-15"),  # another aanbieder's L1
    ("GM0296", "jeugd", "A2", "L3", "z", "45A01", "2025-12-01", 100.0, "9321", "2026-02-01"),  # after the peildatum
], ["periode_begin", "verzonden_op"])
BERICHTEN = _frame(BERICHT_COLS, [
    ("GM0296", "jeugd", "JW323", "in", "A1", "2025-01-10", 5, "verwerkt", None),
    ("GM0296", "jeugd", "JW323", "in", "A1", "2025-01-20", 3, "verwerkt", None),
    ("GM0296", "jeugd", "JW325", "uit", "A1", "2025-01-25", 1, "verwerkt", None),
    ("GM0296", None, None, "in", None, "2025-02-03", 0, "overgeslagen", "geen iStandaard-bericht"),
    ("GM0296", "jeugd", "JW323", "in", "A1", "2026-01-20", 2, "verwerkt", None),  # after the peildatum
    ("GM0296", None, None, "in", None, None, 0, "overgeslagen", "onleesbaar"),      # no date: in no month
], ["dagtekening"])
ALLOCATIONS = _frame(TOEWIJZING_COLS, [
    ("GM0296", "jeugd", "a", "T1", "45A01", "2025-02-20", "2025-03-01", None, 1.0, "04", "2"),  # declared (March)
    ("GM0296", "jeugd", "b", "T2", "45A01", "2025-01-20", "2025-02-01", "2025-02-28", 1.0, "04", "2"),  # ended before
    ("GM0296", "jeugd", "g", "T3", "45A01", "2025-04-20", "2025-05-01", None, 1.0, "04", "2"),  # never declared
    ("GM0296", "jeugd", "h", "T4", "45A01", "2025-11-20", "2025-12-01", None, 1.0, "04", "2"),  # not due yet
], ["toegewezen_op", "ingangsdatum", "einddatum"])


def _table(**tables):
    return bk.figure_rows(select(dataset(LINES, **tables), WIJCHEN, P, PEIL))


def test_rejected_lines_and_their_share_of_all_submitted_lines():
    table = _table(retouren=RETOUREN)
    # rejected: A1/L1 (two codes, one line) and A2/L1; not the 0200 line, not the one sent after the peildatum
    assert value(table, "jeugd.declaratieregels_afgewezen", "2025") == 2
    assert value(table, "jeugd.declaratieregels_ingediend", "2025") == 8      # 6 ZIN lines + 2 rejected
    assert value(table, "jeugd.declaratieregels_afgewezen_aandeel", "2025") == 25
    assert value(table, "jeugd.afwijzingsreden", "2025", "9321") == 2
    assert value(table, "jeugd.afwijzingsreden", "2025", "9339") == 1
    assert absent(table, "jeugd.afwijzingsreden", "2025", "0200")


def test_credited_lines_without_retouren():
    table = _table()
    assert value(table, "jeugd.declaratieregels_gecrediteerd", "2025") == 1
    assert value(table, "jeugd.declaratieregels_ingediend", "2025") == 6      # no PGB line
    assert value(table, "jeugd.declaratieregels_gecrediteerd_aandeel", "2025") == pytest.approx(100 / 6)
    assert absent(table, "jeugd.declaratieregels_afgewezen", "2025")         # no retouren: no number


def test_messages_per_type_per_month_and_skipped():
    table = _table(berichten=BERICHTEN)
    assert value(table, "berichten.aantal", "2025-01", "JW323") == 2
    assert value(table, "berichten.aantal", "2025-01", "JW325") == 1
    assert value(table, "berichten.aantal", "2025-02", "onbekend") == 1
    assert value(table, "berichten.aantal", "2025") == 4
    assert value(table, "berichten.overgeslagen", "2025") == 1
    assert absent(table, "berichten.aantal", "2026-01")


def test_allocations_without_declarations():
    table = _table(toewijzingen=ALLOCATIONS)
    # due on the peildatum (first month's end + 56 days): T1, T2, T3; T4 (December) is not due yet
    assert value(table, "jeugd.toewijzingen_declarabel", "2025") == 3
    # T1: a's March line; T2 (February) has no line inside it; T3 has none
    assert value(table, "jeugd.toewijzingen_zonder_declaratie", "2025") == 2
    assert value(table, "jeugd.toewijzingen_zonder_declaratie_aandeel", "2025") == pytest.approx(200 / 3)


def test_an_allocation_number_on_the_line_decides_where_there_is_one():
    alloc = ALLOCATIONS.iloc[[2]]  # T3: client g, never a line of its own client
    lines = dataset(LINES).tables["declaraties"].assign(toewijzing_id=["T3"] + [None] * (len(LINES) - 1))
    assert bk.declared_allocations(alloc, lines).tolist() == [True]


def test_small_counts_and_shares_follow_the_rule():
    pub = Published(_table(retouren=RETOUREN))
    assert pub.get("jeugd.declaratieregels_afgewezen", "2025").tekst == "<5"
    assert pub.get("jeugd.afwijzingsreden", "2025", "9339").tekst == "<5"
    assert pub.get("jeugd.declaratieregels_afgewezen_aandeel", "2025").tekst != "x"  # 8 submitted lines


def test_absent_message_tables_are_geen_gegevens():
    table = figure_table(select(dataset(LINES), WIJCHEN, P, PEIL))
    for name in ("berichten.aantal", "jeugd.declaratieregels_afgewezen_aandeel", "wmo.toewijzingen_zonder_declaratie"):
        rows = table.loc[table["indicator"] == name]
        assert len(rows) and (rows["status"] == "geen_gegevens").all() and rows["waarde"].isna().all(), name
