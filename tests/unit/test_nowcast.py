"""Tests for sdmonitor.figures.nowcast: compleetheid, kosten_verwacht and clienten_verwacht on hand-worked
triangles, and the property that a complete period's verwacht is exactly what is declared."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from sdmonitor.figures import nowcast, prognose
from sdmonitor.periods import Periode

# Tail after age 2, no trend or season, level = mean of the mature months' chain-ladder ultimates:
# small enough to work out by hand.
HAND = prognose.Settings(tail_age=2, trend=False, seasonality=False, level="mature")
PERIODE = Periode(2025, 3)
# Day 31: every declaration in the month counts at that month's age (whole calendar months).
PEILDATUM = date(2025, 3, 31)


def line(maand: str, ingediend: str, bedrag: float, client: str = "a", volume: float | None = None,
         post: str = "Ambulant", product: str = "45A03") -> dict:
    begin = pd.Timestamp(f"{maand}-01")
    return {"wet": "jeugd", "client_id": client, "productcode": product, "maand": maand, "jaar": begin.year,
            "periode_begin": begin, "ingediend_op": pd.Timestamp(ingediend),
            "volume": bedrag / 10.0 if volume is None else volume, "bedrag": float(bedrag),
            "zorgvorm": "ZIN", "bouwsteen": "Reguliere begeleiding", "begrotingspost": post}


def frame(records: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(records)
    out["ingediend_op"] = out["ingediend_op"].astype("datetime64[ns]")
    return out


def money_triangle() -> pd.DataFrame:
    # Jan: 100 at age 0, 50 at age 1, 10 at age 2 -> cumulative 100, 150, 160
    # Feb: 120 at age 0, 60 at age 1               -> cumulative 120, 180
    # Mar:  90 at age 0                            -> cumulative  90
    return frame([
        line("2025-01", "2025-01-20", 100), line("2025-01", "2025-02-20", 50), line("2025-01", "2025-03-20", 10),
        line("2025-02", "2025-02-20", 120), line("2025-02", "2025-03-20", 60),
        line("2025-03", "2025-03-20", 90),
    ])


def test_compleetheid_is_one_over_the_cumulative_factor_at_the_reached_age():
    # f0 = (150 + 180) / (100 + 120) = 1.5;  f1 = 160 / 150 = 16/15
    # CDF0 = 1.5 * 16/15 = 1.6 -> March (age 0): 1 / 1.6 = 0.625
    # CDF1 = 16/15             -> February (age 1): 15/16 = 0.9375
    # January has reached the tail age 2: 1.  December 2024 (age 3, no data): complete, 1.
    out = nowcast.compleetheid(money_triangle(), PERIODE, PEILDATUM, ["2024-12", "2025-01", "2025-02", "2025-03"], HAND)
    assert out["compleetheid"].tolist() == pytest.approx([1.0, 1.0, 0.9375, 0.625])
    assert set(out["wet"]) == {"jeugd"}


def test_kosten_verwacht_adds_what_is_still_expected_bornhuetter_ferguson():
    # Mature (share >= 85 %) from age 1: January and February. Their chain-ladder ultimates:
    # 160 * 1 = 160 and 180 * 16/15 = 192 -> expected level E = (160 + 192) / 2 = 176.
    # February: 180 + (1 - 15/16) * 176 = 180 + 11 = 191
    # March:     90 + (1 - 0.625) * 176 =  90 + 66 = 156
    # January (complete): 160.  Year 2025 through March: 160 + 191 + 156 = 507 = 430 + 77.
    kosten = pd.DataFrame({"periode": ["2022", "2023", "2024", "2025", "2025", "2025"],
                           "dimensie": ["", "", "", "", "Ambulant", "PGB"],
                           "waarde": [0.0, 0.0, 0.0, 430.0, 430.0, 0.0]})
    out = nowcast.kosten_verwacht(money_triangle(), kosten, "jeugd", PERIODE, PEILDATUM, HAND)
    total = out[out["dimensie"] == ""].set_index("periode")["waarde"]
    assert total["2025-01"] == 160 and total["2025-02"] == pytest.approx(191) and total["2025-03"] == pytest.approx(156)
    assert total["2025"] == pytest.approx(507)
    assert total["2024"] == 0 and total["2024-12"] == 0
    ambulant = out[out["dimensie"] == "Ambulant"].set_index("periode")["waarde"]
    assert ambulant["2025"] == pytest.approx(507)
    pgb = out[out["dimensie"] == "PGB"].set_index("periode")["waarde"]
    assert pgb["2025"] == 0 and pgb["2025-03"] == 0
    assert set(out["indicator"]) == {"jeugd.kosten_verwacht"} and set(out["eenheid"]) == {"euro"}


def client_triangle() -> pd.DataFrame:
    # January: a, b at age 0; d at age 0 but credited at age 1 (net 0); c at age 1; e at age 2
    #   counted at age 0: a b d = 3; age 1: a b c = 3; age 2: a b c e = 4
    # February: a, b at age 0; c at age 1 -> 2, 3
    # March: a at age 0 -> 1
    return frame([
        line("2025-01", "2025-01-20", 10, "a"), line("2025-01", "2025-01-20", 10, "b"),
        line("2025-01", "2025-01-20", 10, "d"), line("2025-01", "2025-02-20", -10, "d"),
        line("2025-01", "2025-02-20", 10, "c"), line("2025-01", "2025-03-20", 10, "e"),
        line("2025-02", "2025-02-20", 10, "a"), line("2025-02", "2025-02-20", 10, "b"),
        line("2025-02", "2025-03-20", 10, "c"),
        line("2025-03", "2025-03-20", 10, "a"),
    ])


def test_client_increments_count_distinct_delivered_clients_by_declaration_age():
    inc = nowcast.client_increments(client_triangle(), PEILDATUM, tail_age=2)
    got = {(int(m) % 12 + 1, int(a)): v for m, a, v in zip(inc["_m"], inc["_age"], inc["_v"])}
    # January 3, +0, +1; February 2, +1; March 1 (zero increments are left out).
    assert got == {(1, 0): 3, (1, 2): 1, (2, 0): 2, (2, 1): 1, (3, 0): 1}


def test_a_client_counts_once_per_wet_and_month_and_a_line_without_client_not_at_all():
    lines = frame([
        # a: two products in January, both delivered at age 0 -> one client
        line("2025-01", "2025-01-20", 10, "a"), line("2025-01", "2025-01-20", 10, "a", product="45A01"),
        # b: one product credited at age 1 (net 0), the other delivered at age 1 -> counted from age 1
        line("2025-01", "2025-01-20", 10, "b"), line("2025-01", "2025-02-20", -10, "b"),
        line("2025-01", "2025-02-20", 10, "b", product="45A01"),
        # a line without a client is in no cell
        line("2025-01", "2025-01-20", 10, None),
        # a in February under the Wmo: a series of its own
        {**line("2025-02", "2025-02-20", 10, "a"), "wet": "wmo"},
    ])
    inc = nowcast.client_increments(lines, PEILDATUM, tail_age=2)
    got = {(w, int(m) % 12 + 1, int(a)): v for w, m, a, v in zip(inc["wet"], inc["_m"], inc["_age"], inc["_v"])}
    # January: a b at age 0 = 2, at age 1 a b = 2 (b's first product credited, its second came)
    assert got == {("jeugd", 1, 0): 2, ("wmo", 2, 0): 1}
    assert list(inc["wet"]) == ["jeugd", "wmo"]


def test_clienten_verwacht_from_the_client_triangle():
    # f0 = (3 + 3) / (3 + 2) = 1.2;  f1 = 4 / 3  -> CDF0 = 1.6, CDF1 = 4/3
    # shares: February 3/4, March 1/1.6 = 0.625; both below 85 %, so only January (age 2) is
    # mature: E = 4.  February: 3 + 0.25 * 4 = 4;  March: 1 + 0.375 * 4 = 2.5.
    clienten = pd.Series({"2025-01": 4.0, "2025-02": 3.0, "2025-03": 1.0})
    out = nowcast.clienten_verwacht(client_triangle(), clienten, "jeugd", PERIODE, PEILDATUM, HAND)
    got = out.set_index("periode")["waarde"]
    assert got["2025-01"] == 4 and got["2025-02"] == pytest.approx(4.0) and got["2025-03"] == pytest.approx(2.5)
    assert got["2024-12"] == 0
    assert set(out["dimensie"]) == {""} and set(out["eenheid"]) == {"aantal"}


def test_no_lines_give_no_compleetheid_rows():
    empty = money_triangle().iloc[0:0]
    assert nowcast.compleetheid(empty, PERIODE, PEILDATUM, ["2025-01"], HAND).empty


# ---------------------------------------------------------------------------------------------
# Property: complete periods are what is declared, exactly


@st.composite
def declared_lines(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    records = []
    for _ in range(n):
        month = draw(st.integers(min_value=0, max_value=26))  # 2023-01 .. 2025-03
        delay = draw(st.integers(min_value=0, max_value=20))
        year, mon = 2023 + month // 12, month % 12 + 1
        when = pd.Timestamp(year=year, month=mon, day=15) + pd.DateOffset(months=delay)
        bedrag = draw(st.integers(min_value=-300, max_value=1000))
        records.append(line(f"{year:04d}-{mon:02d}", when.strftime("%Y-%m-%d"), bedrag,
                            client=draw(st.sampled_from("abcde")), volume=float(np.sign(bedrag) or 1),
                            post=draw(st.sampled_from(["Ambulant", "Verblijf"]))))
    return frame(records)


@hyp_settings(max_examples=40, deadline=None)
@given(declared_lines())
def test_complete_periods_verwacht_equals_declared(lines):
    peildatum = date(2025, 4, 10)
    periode = Periode(2025, 3)
    lines = prognose.cut(lines, periode, peildatum)
    if lines.empty:
        return
    complete_months = [m for m in periode.months if m <= "2023-12"]  # age >= 15 on 10 April 2025
    declared = lines.groupby("maand")["bedrag"].sum().reindex(periode.months, fill_value=0.0)
    year = lines.groupby(lines["maand"].str[:4])["bedrag"].sum()
    kosten = pd.DataFrame({"periode": ["2023", "2023"], "dimensie": ["", "Ambulant"],
                           "waarde": [year.get("2023", 0.0), lines.loc[(lines["jaar"] == 2023) &
                                      (lines["begrotingspost"] == "Ambulant"), "bedrag"].sum()]})
    out = nowcast.kosten_verwacht(lines, kosten, "jeugd", periode, peildatum)
    total = out[out["dimensie"] == ""].set_index("periode")["waarde"]
    for m in complete_months:
        assert total[m] == declared[m]
    assert total["2023"] == kosten["waarde"][0]
    assert out[(out["dimensie"] == "Ambulant")].set_index("periode")["waarde"]["2023"] == kosten["waarde"][1]
    complete = nowcast.compleetheid(lines, periode, peildatum, complete_months)
    assert (complete["compleetheid"] == 1.0).all()
    clienten = pd.Series(np.arange(len(periode.months), dtype="float64"), index=periode.months)
    verwacht = nowcast.clienten_verwacht(lines, clienten, "jeugd", periode, peildatum).set_index("periode")["waarde"]
    for m in complete_months:
        assert verwacht[m] == clienten[m]


def test_voorlopig_rules_read_the_figure_table():
    f = pd.DataFrame({
        "indicator": ["jeugd.compleetheid"] * 3 + ["jeugd.kosten", "jeugd.kosten_verwacht"] * 2,
        "periode": ["2025-12", "2026-01", "2026-02", "2025", "2025", "2024", "2024"],
        "dimensie": [""] * 7,
        # 0,995 >= 0,99 final; 0,96 and 0,40 below: voorlopig
        "waarde": [0.995, 0.96, 0.40, 97.0, 100.0, 100.0, 100.0],
        "eenheid": ["fractie"] * 3 + ["euro"] * 4,
    })
    assert nowcast.voorlopige_maanden(f, "jeugd") == ["2026-01", "2026-02"]
    assert nowcast.voorlopige_maanden(f, "wmo") == []
    # 2025: 97 of 100 expected = 0,97 < 0,99 -> voorlopig; 2024: 100/100 = 1 -> final
    assert nowcast.jaar_compleetheid(f, "jeugd", 2025) == pytest.approx(0.97)
    assert nowcast.jaar_voorlopig(f, "jeugd", "2025") is True
    assert nowcast.jaar_voorlopig(f, "jeugd", 2024) is False
    # no kosten_verwacht for 2023: unknown, not voorlopig
    assert nowcast.jaar_compleetheid(f, "jeugd", 2023) is None
    assert nowcast.jaar_voorlopig(f, "jeugd", 2023) is False
