"""Doorlooptijden from the message chain: matching, days, medians, shares over the norm, suppression."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from figure_builders import WIJCHEN, absent, dataset, day, line, periode, typed, value
from sdmonitor.errors import UsageError
from sdmonitor.figures import doorlooptijden as dl
from sdmonitor.figures.kpis import figure_table
from sdmonitor.ingest.selection import select
from sdmonitor.publish.suppression import Published

P = periode("2025-12")
PEIL = day("2026-01-15")
AANVRAAG_COLS = ["gemeente", "wet", "client_id", "aanbieder", "productcategorie", "productcode", "verwijzer",
                 "aangevraagd_op", "ingangsdatum", "referentie"]
TOEWIJZING_COLS = ["gemeente", "wet", "client_id", "toewijzing_id", "productcode", "toegewezen_op", "ingangsdatum",
                   "einddatum", "volume", "eenheid", "frequentie", "aanbieder", "productcategorie"]
MELDING_COLS = ["gemeente", "wet", "client_id", "toewijzing_id", "aanbieder", "productcategorie", "productcode",
                "soort", "datum", "reden", "gemeld_op"]


def _dates(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for c in cols:
        frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    return frame


def aanvragen(*rows: tuple) -> pd.DataFrame:
    """(client, aanbieder, productcode or None, aangevraagd_op); jeugd, categorie 45."""
    records = [{"gemeente": "GM0296", "wet": "jeugd", "client_id": c, "aanbieder": a, "productcategorie": "45",
                    "productcode": code, "verwijzer": "02", "aangevraagd_op": d, "ingangsdatum": None, "referentie": f"R{i}"}
               for i, (c, a, code, d) in enumerate(rows)]
    frame = pd.DataFrame(records, columns=AANVRAAG_COLS).astype({"productcode": "object"})
    return _dates(frame, "aangevraagd_op", "ingangsdatum")


def toewijzingen(*rows: tuple) -> pd.DataFrame:
    """(toewijzing_id, client, aanbieder, productcode, toegewezen_op); jeugd; the category is left to
    the other tables (45 for every 45A.. code there)."""
    records = [{"gemeente": "GM0296", "wet": "jeugd", "client_id": c, "toewijzing_id": t, "productcode": code, "toegewezen_op": d,
                    "ingangsdatum": d, "einddatum": None, "volume": 1.0, "eenheid": "04", "frequentie": "2", "aanbieder": a,
                    "productcategorie": None} for t, c, a, code, d in rows]
    return _dates(pd.DataFrame(records, columns=TOEWIJZING_COLS), "toegewezen_op", "ingangsdatum", "einddatum")


def zorgmeldingen(*rows: tuple) -> pd.DataFrame:
    """(toewijzing_id, client, soort, datum, gemeld_op); jeugd, aanbieder A1, categorie 45."""
    records = [{"gemeente": "GM0296", "wet": "jeugd", "client_id": c, "toewijzing_id": t, "aanbieder": "A1",
                    "productcategorie": "45", "productcode": "45A01", "soort": s, "datum": d, "reden": None, "gemeld_op": g}
               for t, c, s, d, g in rows]
    return _dates(pd.DataFrame(records, columns=MELDING_COLS), "datum", "gemeld_op")


REQUESTS = aanvragen(
    ("a", "A1", None, "2025-01-06"),     # -> T1 on 2025-02-05: 30 days
    ("a", "A1", None, "2025-01-20"),     # T1 is taken: -> T2 on 2025-02-10: 21 days
    ("b", "A1", "45A03", "2025-03-01"),  # T3 has another productcode: -> T4 on 2025-04-10: 40 days
    ("c", "A1", None, "2025-04-01"),     # no allocation (yet): no case
    ("d", "A2", None, "2025-05-01"),     # T5 went to another aanbieder: no case
)
ALLOCATIONS = toewijzingen(
    ("T0", "a", "A1", "45A01", "2024-12-01"),  # before the requests: answers none of them
    ("T1", "a", "A1", "45A01", "2025-02-05"),
    ("T2", "a", "A1", "45A01", "2025-02-10"),
    ("T3", "b", "A1", "45A01", "2025-03-15"),
    ("T4", "b", "A1", "45A03", "2025-04-10"),
    ("T5", "d", "A1", "45A01", "2025-05-03"),
)
STARTS = zorgmeldingen(
    ("T1", "a", "start", "2025-02-19", "2025-02-20"),  # 14 days after T1
    ("T1", "a", "start", "2025-03-01", "2025-03-02"),  # a later start of T1: the first one counts
    ("T1", "a", "stop", "2025-06-30", "2025-07-01"),   # a stop is no start
    ("T2", "a", "start", "2025-02-01", "2025-02-03"),  # care before the allocation: 0 days
    ("T4", "b", "start", "2025-12-20", "2026-02-01"),  # reported after the peildatum: unknown
    ("T9", "x", "start", "2025-03-01", "2025-03-01"),  # no such allocation
)
LINES = [
    line("a", "2025-01", 1, 100, product="45A01", ingediend="2025-02-10"),   # 10 days after 31-01
    line("b", "2025-01", 1, 100, product="45A01", ingediend="2025-01-20"),   # inside the month: 0
    line("c", "2025-02", 1, 100, product="45A03", ingediend="2025-05-01"),   # 62 days after 28-02
    line("c", "2025-02", -1, -100, product="45A03", ingediend="2025-06-01"),  # a credit: not a declaration lag
    line("d", "2025-02", 1, 100, product="45A01", ingediend="2025-09-01", zorgvorm="PGB"),  # PGB: not a 323
]


def _selection(gemeente=WIJCHEN, lines=LINES, **tables):
    return select(dataset(lines, **tables), gemeente, P, PEIL)


def test_a_request_gets_the_first_free_allocation_on_or_after_it():
    sel = _selection(aanvragen=REQUESTS, toewijzingen=ALLOCATIONS, zorgmeldingen=STARTS)
    table = dl.figure_rows(sel)
    name = "jeugd.doorlooptijd_aanvraag_"
    assert value(table, name + "aantal", "2025") == 3
    assert value(table, name + "clienten", "2025") == 2           # a twice, b
    assert value(table, name + "mediaan", "2025") == 30           # median of 30, 21, 40
    assert value(table, name + "boven_norm", "2025") == 0         # default norm jeugd 56 days
    assert value(table, name + "mediaan", "2025", "45") == 30     # the one productcategorie
    # quarters of the allocation date: T1, T2 in February, T4 in April
    assert value(table, name + "kwartaal_aantal", "2025", "K1") == 2
    assert value(table, name + "kwartaal_mediaan", "2025", "K1") == 25.5
    assert value(table, name + "kwartaal_mediaan", "2025", "K2") == 40
    assert value(table, name + "aanbieder_aantal", "2025", "A1") == 3
    assert absent(table, name + "aanbieder_aantal", "2025", "A2")


def test_allocation_to_start_uses_the_first_start_known_on_the_peildatum():
    table = dl.figure_rows(_selection(aanvragen=REQUESTS, toewijzingen=ALLOCATIONS, zorgmeldingen=STARTS))
    name = "jeugd.doorlooptijd_start_"
    assert value(table, name + "aantal", "2025") == 2             # T1 (14 days) and T2 (0 days)
    assert value(table, name + "mediaan", "2025") == 7
    assert value(table, name + "kwartaal_aantal", "2025", "K1") == 2


def test_declaration_lag_counts_debit_zin_lines_from_the_end_of_the_month():
    table = dl.figure_rows(_selection())
    name = "jeugd.doorlooptijd_declaratie_"
    assert value(table, name + "aantal", "2025") == 3             # no credit, no PGB line
    assert value(table, name + "mediaan", "2025") == 10           # median of 10, 0, 62
    assert value(table, name + "boven_norm", "2025") == pytest.approx(100 / 3)  # 62 > 56
    assert value(table, name + "kwartaal_aantal", "2025", "K2") == 1  # submitted 1 May


def test_the_norm_is_a_parameter_per_stage_and_wet():
    eigen = dataclasses.replace(WIJCHEN, raw={"doorlooptijd_normen": {"aanvraag": {"jeugd": 25}, "declaratie": 5}})
    table = dl.figure_rows(_selection(gemeente=eigen, aanvragen=REQUESTS, toewijzingen=ALLOCATIONS))
    assert value(table, "jeugd.doorlooptijd_aanvraag_boven_norm", "2025") == pytest.approx(200 / 3)  # 30, 40 > 25
    assert value(table, "jeugd.doorlooptijd_declaratie_boven_norm", "2025") == pytest.approx(200 / 3)  # 10, 62 > 5
    assert dl.normen({"start": 10})["start"] == {"jeugd": 10, "wmo": 10}
    assert dl.normen(None) == dl.DEFAULT_NORMEN


@pytest.mark.parametrize("raw", [{"wachten": 5}, {"start": -1}, {"start": "vier weken"}, {"start": {"wlz": 5}},
                                 {"start": True}])
def test_a_wrong_norm_is_a_usage_error(raw):
    with pytest.raises(UsageError, match="doorlooptijd_normen"):
        dl.normen(raw)


def test_a_median_of_fewer_clients_than_the_threshold_is_hidden():
    five = [line(c, "2025-03", 1, 100, ingediend="2025-04-20") for c in "pqrst"]  # 20 days each
    table = dl.figure_rows(_selection(lines=LINES + five))
    pub = Published(table)
    name = "jeugd.doorlooptijd_declaratie_"
    # 8 lines of 8 clients in 2025: the median is published
    assert pub.get(name + "mediaan", "2025").tekst == "20"
    # one quarter holds the three January/February lines of three clients: count "<5", median hidden
    assert value(table, name + "kwartaal_clienten", "2025", "K1") == 2
    assert pub.get(name + "kwartaal_aantal", "2025", "K1").tekst == "<5"
    assert pub.get(name + "kwartaal_mediaan", "2025", "K1").tekst == "x"
    assert pub.get(name + "kwartaal_boven_norm", "2025", "K1").tekst == "x"


def test_absent_chain_tables_give_geen_gegevens_never_zero():
    table = figure_table(_selection())
    rows = table.loc[table["indicator"] == "jeugd.doorlooptijd_aanvraag_mediaan"]
    assert len(rows) and (rows["status"] == "geen_gegevens").all() and rows["waarde"].isna().all()
    start = table.loc[table["indicator"] == "wmo.doorlooptijd_start_aantal"]
    assert len(start) and (start["status"] == "geen_gegevens").all() and start["waarde"].isna().all()
    # the declaration stage needs only declaraties
    assert value(table, "jeugd.doorlooptijd_declaratie_mediaan", "2025") == 10


def test_allocation_category_comes_from_its_own_column_first():
    alloc = typed([{"wet": "jeugd", "productcode": "45A01", "productcategorie": "46"},
                   {"wet": "jeugd", "productcode": "45A01", "productcategorie": None},
                   {"wet": "jeugd", "productcode": "99Z99", "productcategorie": None}],
                  ["wet", "productcode", "productcategorie"]).replace({"None": None})
    other = typed([{"wet": "jeugd", "productcode": "45A01", "productcategorie": "45"}],
                  ["wet", "productcode", "productcategorie"])
    assert dl.allocation_categories(alloc, other).tolist()[:2] == ["46", "45"]
    assert pd.isna(dl.allocation_categories(alloc, other).iloc[2])
