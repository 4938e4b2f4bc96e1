"""Edition.diff (the rows of wijzigingen.csv), the short repr, a past periode's own peildatum and the
publication decision kept in the disk cache."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sdmonitor.errors import UsageError
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode
from sdmonitor.publish import cijfers
from sdmonitor.workbook import edition as ed_mod
from sdmonitor.workbook import edition_cache
from sdmonitor.workbook.edition import Edition, open_edition

GM, DRUTEN = "GM0296", "GM0225"
WIJCHEN = Gemeente(code=GM, naam="Wijchen", slug="wijchen", regio_gemeenten=(GM, DRUTEN))
COLS = ["indicator", "periode", "dimensie", "waarde", "eenheid", "status"]


def edition(periode: Periode, rows: list[tuple], gemeente: Gemeente = WIJCHEN) -> Edition:
    figs = pd.DataFrame(rows, columns=COLS).astype({"waarde": "float64"})
    return Edition(gemeente, periode, periode.end, Path("."), figs, None)


OLD = edition(Periode(2026, 1), [
    ("jeugd.kosten", "2025", "", 1000.0, "euro", "voorlopig"),
    ("jeugd.kosten", "2024", "", 800.0, "euro", "definitief"),
    ("toegang.meldingen", "2025", "", 3, "aantal", "definitief"),     # <5 then
    ("toegang.meldingen", "2024", "", 2, "aantal", "definitief"),     # <5 then and now: no row
])
NEW = edition(Periode(2026, 2), [
    ("jeugd.kosten", "2025", "", 1250.5, "euro", "definitief"),     # late declarations came in
    ("jeugd.kosten", "2024", "", 800.0, "euro", "definitief"),      # unchanged: no row
    ("toegang.meldingen", "2025", "", 9, "aantal", "definitief"),   # now published
    ("toegang.meldingen", "2024", "", 4, "aantal", "definitief"),
    ("jeugd.kosten", "2026", "", 300.0, "euro", "deelperiode"),     # new figure: not a change
])


def test_diff_is_what_changed_in_the_published_values_with_status():
    d = NEW.diff(OLD)
    assert list(d.columns) == cijfers.WIJZIGINGEN_COLUMNS
    assert list(zip(d["indicator"], d["periode"])) == [("jeugd.kosten", "2025"), ("toegang.meldingen", "2025")]
    kosten, meldingen = d.iloc[0], d.iloc[1]
    assert (kosten["waarde_vorige"], kosten["waarde"], kosten["verschil"], kosten["status"]) == (
        1000.0, 1250.5, 250.5, "definitief")
    # hidden before ("<5"): no earlier value and no difference, never the hidden 3
    assert pd.isna(meldingen["waarde_vorige"]) and meldingen["waarde"] == 9 and pd.isna(meldingen["verschil"])


def test_diff_has_the_rows_of_wijzigingen_csv(tmp_path):
    # What `sdmonitor run` writes: both editions' cijfers.csv, compared by compare_published.
    cijfers.write_cijfers_csv(OLD.cijfers(), tmp_path / "oud.csv")
    cijfers.write_cijfers_csv(NEW.cijfers(OLD.cijfers()), tmp_path / "nieuw.csv")
    expected = cijfers.compare_published(cijfers.read_cijfers_csv(tmp_path / "oud.csv"),
                                         cijfers.read_cijfers_csv(tmp_path / "nieuw.csv"))
    pd.testing.assert_frame_equal(NEW.diff(OLD), expected)


def test_diff_refuses_another_gemeente():
    druten = Gemeente(code=DRUTEN, naam="Druten", slug="druten", regio_gemeenten=(GM, DRUTEN))
    other = edition(Periode(2026, 1), [("jeugd.kosten", "2025", "", 1.0, "euro", "")], druten)
    with pytest.raises(UsageError, match="Druten"):
        NEW.diff(other)


def test_repr_is_one_short_line_not_the_figure_table():
    text = repr(NEW)
    assert text == "<Edition Wijchen (GM0296) 2026-02, peildatum 2026-02-28: 5 cijfers van 2 indicatoren uit .>" \
        .replace(" .>", f" {Path('.')}>")
    assert "\n" not in text


# --- open_edition: a past periode's own peildatum, the decision in the disk cache -------------

DECL = """gemeente,wet,client_id,geboortejaar,productcode,productcategorie,aanbieder,verwijzer,\
zorgvorm,periode_begin,periode_eind,volume,eenheid,bedrag,ingediend_op
GM0296,jeugd,a,2012,45A01,45,12345678,02,ZIN,2025-01-01,2025-01-31,10,04,100,2025-02-10
GM0296,jeugd,b,2013,45A01,45,12345678,02,ZIN,2025-01-01,2025-01-31,5,04,50,2025-02-10
GM0296,jeugd,b,2013,45A01,45,12345678,02,ZIN,2025-01-01,2025-01-31,5,04,70,2025-06-01
GM0296,jeugd,a,2012,45A01,45,12345678,02,ZIN,2026-01-01,2026-01-31,10,04,120,2026-02-10
"""
PRODUCTEN = """wet,productcode,omschrijving,bouwsteen,begrotingspost,eenheid
jeugd,45A01,Begeleiding,Reguliere begeleiding,Ambulant,04
"""


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Iterator[Path]:
    monkeypatch.setenv("SDMONITOR_CACHE", str(tmp_path / "cache"))
    ed_mod.clear_cache()
    data = tmp_path / "data"
    data.mkdir()
    (data / "declaraties.csv").write_text(DECL, encoding="utf-8")
    (data / "producten.csv").write_text(PRODUCTEN, encoding="utf-8")
    yield data
    ed_mod.clear_cache()


def kosten(ed: Edition, jaar: str) -> float:
    s = ed.series("jeugd.kosten", dimensie="", per="jaar", exact=True)
    return float(s.loc[s["periode"] == jaar, "waarde"].iloc[0])


def test_a_past_periode_opens_with_its_own_peildatum(folder):
    past = open_edition(WIJCHEN, "2025-01", None, folder)
    # 31 January 2025 + 42 days; the line sent on 1 June 2025 was not known then: 100 + 50.
    assert past.peildatum == date(2025, 3, 14)
    assert kosten(past, "2025") == 150
    asked = open_edition(WIJCHEN, "2025-01", "2026-02-10", folder)
    assert asked.peildatum == date(2026, 2, 10) and kosten(asked, "2025") == 220  # + the late 70
    latest = open_edition(WIJCHEN, "2026-01", None, folder)
    assert latest.peildatum == date(2026, 2, 10)  # the latest periode: the latest ingediend_op


def test_the_publication_decision_is_kept_with_the_cached_edition(folder):
    first = open_edition(WIJCHEN, "2026-01", None, folder)
    shown = first.series("jeugd.clienten")
    assert first.onderdrukking is None  # computed here, then written beside the figures
    ed_mod.clear_cache()  # a new kernel
    again = open_edition(WIJCHEN, "2026-01", None, folder)
    assert again.onderdrukking == edition_cache.load_onderdrukking(again._key)
    # both clients counts (2 and 1) are below 5: hidden, in both kernels alike
    assert set(again.onderdrukking.values()) >= {"primair"}
    pd.testing.assert_frame_equal(again.series("jeugd.clienten"), shown)
