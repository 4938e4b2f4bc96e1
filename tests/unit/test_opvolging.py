"""Tests for sdmonitor.figures.opvolging (product succession) on tiny hand-built lines."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sdmonitor.figures import opvolging
from sdmonitor.figures import prognose as prog
from sdmonitor.periods import Periode


def _months(start: str, end: str) -> list[str]:
    return [str(p) for p in pd.period_range(start, end, freq="M")]


def lines(rows: list[tuple[str, str, float, float, str]], post: str = "Dagbehandeling",
          bouwsteen: str = "Dagbehandeling") -> pd.DataFrame:
    """Lines from (productcode, maand, bedrag, volume, eenheid), each declared on the 5th of the month after."""
    out = []
    for code, maand, bedrag, volume, eenheid in rows:
        served = pd.Timestamp(f"{maand}-01")
        out.append({"wet": "jeugd", "client_id": "c1", "productcode": code, "maand": maand, "jaar": served.year,
                    "ingediend_op": served + pd.offsets.MonthBegin(1) + pd.Timedelta(days=4), "bedrag": bedrag,
                    "volume": volume, "eenheid": eenheid, "begrotingspost": post, "bouwsteen": bouwsteen,
                    "zorgvorm": "ZIN"})
    frame = pd.DataFrame(out)
    frame["ingediend_op"] = frame["ingediend_op"].astype("datetime64[ns]")
    return frame


def split_in_july() -> pd.DataFrame:
    """DB (dagdelen, 10 a month, 1.000 euro) Jan 2023 .. Jun 2024; from Jul 2024 two hour products
    U1, U2 (20 uur, 500 euro each: the same 10 dagdelen) — plus an unrelated steady product X."""
    old = [("DB", m, 1000.0, 10.0, "16") for m in _months("2023-01", "2024-06")]
    new = [(c, m, 500.0, 20.0, "04") for m in _months("2024-07", "2024-12") for c in ("U1", "U2")]
    steady = [("X", m, 300.0, 3.0, "04") for m in _months("2023-01", "2024-12")]
    return lines(old + new + steady)


def test_a_product_that_stops_and_two_that_start_the_next_month_are_one_succession():
    found = opvolging.detect(split_in_july())
    # 1 dagdeel = 4 uur: an old unit is 4 new ones.
    assert found == [opvolging.Opvolging("jeugd", ("DB",), ("U1", "U2"), "2024-07", 4.0, "gedetecteerd")]


def test_no_succession_across_begrotingsposten_or_without_a_stop():
    data = split_in_july()
    data.loc[data["productcode"].isin(["U1", "U2"]), "begrotingspost"] = "Ambulant"
    assert opvolging.detect(data) == []
    # The old product goes on after the new ones start: not succeeded.
    more = pd.concat([split_in_july(), lines([("DB", "2024-09", 1000.0, 10.0, "16")])], ignore_index=True)
    assert opvolging.detect(more) == []


def test_bouwsteen_groups_let_a_successor_have_another_bouwsteen():
    data = split_in_july()
    data.loc[data["productcode"].isin(["U1", "U2"]), "bouwsteen"] = "Dagbehandeling uren"
    assert opvolging.detect(data) == []
    groups = {"jeugd": {"dagbehandeling": ["Dagbehandeling", "Dagbehandeling uren"]}}
    assert [o.naar for o in opvolging.detect(data, groups)] == [("U1", "U2")]


def test_declared_successions_and_their_unit_conversion():
    raw = {"productopvolging": [
        {"wet": "Jeugd", "van": ["DB"], "naar": ["U1", "U2"], "per": "2024-07-01",
         "omrekening": {"van": "16", "naar": "04"}},
        {"wet": "wmo", "van": ["HH1"], "naar": ["HH2"], "per": "2025-06-01", "omrekening": {"factor": 0.5}},
    ]}
    assert opvolging.declared(raw) == [
        opvolging.Opvolging("jeugd", ("DB",), ("U1", "U2"), "2024-07", 4.0),
        opvolging.Opvolging("wmo", ("HH1",), ("HH2",), "2025-06", 0.5),
    ]
    with pytest.raises(ValueError):
        opvolging.declared({"productopvolging": [{"wet": "jeugd", "van": ["A"]}]})
    # A declared succession is not detected a second time.
    assert [o.bron for o in opvolging.successions(split_in_july(), raw)] == ["parameters", "parameters"]


def test_applying_a_succession_merges_the_history_into_the_successor():
    data = split_in_july()
    data.loc[data["productcode"].isin(["U1", "U2"]), "bouwsteen"] = "Dagbehandeling uren"
    found = [opvolging.Opvolging("jeugd", ("DB",), ("U1", "U2"), "2024-07", 4.0)]
    merged = opvolging.apply(data, found)
    old = merged[merged["productcode"] == "DB"]
    assert set(old["bouwsteen"]) == {"Dagbehandeling uren"}
    assert set(old["eenheid"]) == {"04"}
    assert old["volume"].tolist() == [40.0] * 18  # 10 dagdelen = 40 uur
    assert old["bedrag"].tolist() == [1000.0] * 18  # money untouched
    # One series in uur across the change: 40 uur a month in every month of 2023 and 2024.
    per_month = merged[merged["bouwsteen"] == "Dagbehandeling uren"].groupby("maand")["volume"].sum()
    assert per_month.tolist() == [40.0] * 24


def test_the_volume_prognosis_of_the_successor_carries_the_old_history():
    # Periode 2024-09 on 28 Oct 2024: every month through September is declared (the 5th after).
    data = split_in_july()
    data.loc[data["productcode"].isin(["U1", "U2"]), "bouwsteen"] = "Dagbehandeling uren"
    merged = opvolging.apply(data, opvolging.detect(data, {"jeugd": {"db": ["Dagbehandeling",
                                                                             "Dagbehandeling uren"]}}))
    flat = prog.Settings(trend=False, seasonality=False)
    known = prog.cut(merged, Periode(2024, 9), date(2024, 10, 28))
    out = prog.forecast(known, ["bouwsteen"], Periode(2024, 9), date(2024, 10, 28), value="volume", settings=flat)
    uren = out.set_index("bouwsteen").loc["Dagbehandeling uren", "prognose"]
    # 40 uur in each of the 12 months of 2024 (Jan..Jun as converted dagdelen).
    assert uren == pytest.approx(480.0)


def test_the_report_sentence_names_codes_month_and_source():
    text = opvolging.Opvolging("jeugd", ("DB",), ("U1", "U2"), "2024-07", 4.0, "gedetecteerd").beschrijving()
    assert text == ("jeugd: DB opgevolgd door U1, U2 per 2024-07, volume omgerekend (1 oude eenheid = 4 nieuwe) "
                    "(afgeleid uit de declaraties)")


def test_modes_are_the_most_frequent_value_per_group_and_the_first_seen_on_a_tie():
    frame = pd.DataFrame({"wet": ["jeugd"] * 5 + ["wmo"] * 2, "code": ["A", "A", "A", "B", "B", "C", "C"],
                          "post": ["x", "y", "y", "q", "p", None, None]})
    got = opvolging._modes(frame, ["wet", "code"], "post")
    # A: y twice against x once; B: q and p once each, q seen first; C: only missing values, no mode.
    assert got == {("jeugd", "A"): "y", ("jeugd", "B"): "q"}
