"""Tests for sdmonitor.figures.prognose and sdmonitor.figures.development, on tiny hand-built enriched lines."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from sdmonitor.figures import development as dev
from sdmonitor.figures import prognose as prog
from sdmonitor.figures import prognose_figures
from sdmonitor.ingest import netting
from sdmonitor.periods import Periode

NO_TREND_NO_SEASON = prog.Settings(trend=False, seasonality=False)


def make_lines(rows: list[tuple], wet: str = "jeugd") -> pd.DataFrame:
    """Enriched lines from (maand, ingediend_op, bedrag[, begrotingspost[, bouwsteen]]) tuples."""
    records = []
    for row in rows:
        maand, ingediend, bedrag = row[:3]
        post = row[3] if len(row) > 3 else "Ambulant"
        bouwsteen = row[4] if len(row) > 4 else "Reguliere begeleiding"
        begin = pd.Timestamp(f"{maand}-01")
        records.append({
            "wet": wet, "client_id": "c1", "productcode": "45A03", "maand": maand, "jaar": begin.year,
            "periode_begin": begin, "ingediend_op": pd.Timestamp(ingediend) if ingediend else pd.NaT,
            "volume": bedrag / 10.0, "bedrag": float(bedrag), "zorgvorm": "PGB" if post == "PGB" else "ZIN",
            "bouwsteen": bouwsteen, "begrotingspost": post, "bouwsteen_eenheid": "04", "eenheid": "04",
        })
    frame = pd.DataFrame(records)
    frame["ingediend_op"] = frame["ingediend_op"].astype("datetime64[ns]")
    return frame


def months(start: str, end: str) -> list[str]:
    return [str(p) for p in pd.period_range(start, end, freq="M")]


# ---------------------------------------------------------------------------------------------
# development age and triangle


def test_development_age_is_anchored_on_the_day_of_the_peildatum():
    maand = pd.Series(["2025-01"] * 6)
    ingediend = pd.Series(pd.to_datetime([
        "2025-01-10",  # service month itself, on day 10 (<= 10): age 0
        "2025-01-20",  # service month, after day 10: counts from the next cut-off: age 1
        "2025-02-10",  # one month later, on day 10: age 1
        "2025-02-11",  # one month later, after day 10: age 2
        "2024-12-30",  # declared before the service month: age 0
        None,          # no date: treated as known from the start: age 0
    ]))
    ages = dev.development_age(maand, ingediend, date(2025, 3, 10))
    assert ages.tolist() == [0, 1, 1, 2, 0, 0]


def test_development_age_caps_the_day_at_the_end_of_a_short_month():
    # Peildatum day 31; in February the cut-off is the 28th, so 28 Feb is still age 1 of January.
    ages = dev.development_age(pd.Series(["2025-01", "2025-01"]),
                               pd.Series(pd.to_datetime(["2025-02-28", "2025-03-01"])), date(2025, 3, 31))
    assert ages.tolist() == [1, 2]


def test_latest_age_of_each_service_month_on_the_peildatum():
    # On 10 March 2025: January has reached age 2, February age 1, March age 0, April not begun.
    idx = np.array([dev.index_of(2025, m) for m in (1, 2, 3, 4)])
    assert dev.latest_age(idx, date(2025, 3, 10)).tolist() == [2, 1, 0, -1]


def test_chain_ladder_factors_and_ultimates_on_a_three_month_triangle():
    # Peildatum 31 March (ages = whole calendar months), tail after age 2.
    #   Jan: 100 at age 0, 50 at age 1, 10 at age 2 -> cumulative 100, 150, 160
    #   Feb: 120 at age 0, 60 at age 1               -> cumulative 120, 180, (not yet seen)
    #   Mar:  90 at age 0                            -> cumulative  90, (not yet seen)
    m = [dev.index_of(2025, 1)] * 3 + [dev.index_of(2025, 2)] * 2 + [dev.index_of(2025, 3)]
    ages = [0, 1, 2, 0, 1, 0]
    values = [100, 50, 10, 120, 60, 90]
    first = dev.index_of(2025, 1)
    cum = dev.triangle(np.array(m), np.array(ages), np.array(values), first, first + 2, date(2025, 3, 31), tail_age=2)
    assert np.isnan(cum[1, 2]) and np.isnan(cum[2, 1])
    factors = dev.age_to_age_factors(cum)
    # f0 = (150 + 180) / (100 + 120) = 1.5 ; f1 = 160 / 150 = 1.0667 (only January is seen at age 2)
    assert factors == pytest.approx([1.5, 160 / 150])
    cdf = dev.cumulative_factors(factors)
    # CDF0 = 1.5 * 16/15 = 1.6 ; CDF1 = 16/15 ; CDF2 = 1
    assert cdf == pytest.approx([1.6, 16 / 15, 1.0])
    # Chain-ladder ultimates: Jan 160 * 1 = 160 ; Feb 180 * 16/15 = 192 ; Mar 90 * 1.6 = 144
    latest = np.array([160, 180, 90]) * cdf[[2, 1, 0]]
    assert latest == pytest.approx([160, 192, 144])
    # Share declared: 1/CDF -> 1, 15/16, 1/1.6 = 0.625 ; a month not begun has share 0
    assert dev.percent_declared(cdf, np.array([2, 1, 0, -1])) == pytest.approx([1, 15 / 16, 0.625, 0])


def test_factor_below_one_is_kept_for_credits():
    # 100 declared at age 0, then a credit of -20 at age 1: f0 = 80 / 100 = 0.8
    first = dev.index_of(2025, 1)
    cum = dev.triangle(np.array([first, first]), np.array([0, 1]), np.array([100.0, -20.0]), first, first,
                       date(2025, 2, 28), tail_age=1)
    assert dev.age_to_age_factors(cum) == pytest.approx([0.8])


# ---------------------------------------------------------------------------------------------
# expected level: run-rate, seasonality, trend


def test_run_rate_with_seasonality_for_months_still_to_come():
    # Three years of an exact season: January 120, July 80, every other month 100 (year mean
    # (120 + 80 + 10*100) / 12 = 100). The centred 12-month average is then 100 everywhere, so
    # the ratios are exactly 1.2 / 0.8 / 1.0 in every year: no noise, full weight to the season.
    season = np.ones(12)
    season[0], season[6] = 1.2, 0.8
    values = np.tile(100.0 * season, 3)
    first = dev.index_of(2022, 1)
    assert prog.seasonal_index(values, first) == pytest.approx(season)
    # Deseasonalised level of the last 6 months (Jul..Dec 2024) = 100; projected:
    # Jan 2025 = 100 * 1.2 = 120, Mar 2025 = 100, Jul 2025 = 100 * 0.8 = 80
    targets = np.array([dev.index_of(2025, 1), dev.index_of(2025, 3), dev.index_of(2025, 7)])
    expected = prog.expected_level(values, first, targets, prog.Settings(trend=True, seasonality=True))
    assert expected == pytest.approx([120, 100, 80])


def test_seasonal_index_is_flat_without_enough_history():
    # 24 months cannot give a centred 12-month average for every calendar month
    assert prog.seasonal_index(np.arange(24, dtype=float) + 100, dev.index_of(2023, 1)).tolist() == [1.0] * 12


def test_trend_is_last_twelve_months_against_twelve_before_and_bounded():
    # 12 months at 100 then 12 at 110: yearly growth 1320/1200 = 1.1, per month 1.1 ** (1/12)
    assert (prog.monthly_trend(np.r_[np.full(12, 100.0), np.full(12, 110.0)], (0.8, 1.25))
            == pytest.approx(1.1 ** (1 / 12)))
    # Doubling is capped at the upper bound 1.25 a year
    assert (prog.monthly_trend(np.r_[np.full(12, 100.0), np.full(12, 200.0)], (0.8, 1.25))
            == pytest.approx(1.25 ** (1 / 12)))


def test_trend_with_a_short_history_compares_the_same_calendar_months():
    # 18 months: 12 at 100, then 6 at 110. The last 6 (6 x 110 = 660) against the same 6 calendar
    # months a year before (6 x 100 = 600): growth 1.1 a year, per month 1.1 ** (1/12)
    assert (prog.monthly_trend(np.r_[np.full(12, 100.0), np.full(6, 110.0)], (0.8, 1.25))
            == pytest.approx(1.1 ** (1 / 12)))
    # 17 months leave only 5 to compare (fewer than MIN_TREND_MONTHS = 6): no trend
    assert prog.monthly_trend(np.r_[np.full(12, 100.0), np.full(5, 110.0)], (0.8, 1.25)) == 1.0


# ---------------------------------------------------------------------------------------------
# the year-end prognosis


def lagged_history(last: str, noisy_last: float | None = None) -> pd.DataFrame:
    """Every service month 2023-01..last costs 100: 10 declared on the 5th of the month itself
    (age 0 at a peildatum on the 28th), 90 on the 5th of the month after (age 1)."""
    rows = []
    for m in months("2023-01", last):
        start = pd.Timestamp(f"{m}-05")
        rows.append((m, start, 10.0))
        rows.append((m, start + pd.offsets.MonthBegin(1) + pd.Timedelta(days=4), 90.0))
    frame = make_lines(rows)
    if noisy_last is not None:
        # More care that month (volume with it), not a dearer tariff.
        frame.loc[(frame["maand"] == last) & (frame["bedrag"] == 10.0), ["bedrag", "volume"]] = [noisy_last,
                                                                                               noisy_last / 10.0]
    return frame


def test_bornhuetter_ferguson_leans_on_the_expected_level_for_a_fresh_month():
    # Peildatum 28 Feb 2025: Feb 2025 is at age 0 with 30 declared instead of the usual 10.
    # f0 = sum(100) / sum(10) = 10 over the 24 months seen at age 1, so 1/CDF0 = 0.1.
    # Chain ladder would say 30 * 10 = 300. With the level of the mature months (100):
    # BF = 30 + (1 - 0.1) * 100 = 120.
    lines = lagged_history("2025-02", noisy_last=30.0)
    lines = lines[lines["ingediend_op"] <= "2025-02-28"]
    mature = prog.Settings(level="mature")
    per = prog.month_ultimates(lines, ["wet"], Periode(2025, 2), date(2025, 2, 28), (2025, 2), settings=mature)
    feb = per[per["maand"] == "2025-02"].iloc[0]
    assert feb["aandeel"] == pytest.approx(0.1)
    assert feb["verwacht"] == pytest.approx(100.0)
    assert feb["ultimate"] == pytest.approx(120.0)
    # Classic Cape Cod level over the last 6 observed months (Sep 2024..Feb 2025): declared
    # 5 * 100 + 30 over an exposure of 5 * 1 + 0.1 -> 530 / 5.1 = 103.92; BF 30 + 0.9 * 103.92
    per = prog.month_ultimates(lines, ["wet"], Periode(2025, 2), date(2025, 2, 28), (2025, 2),
                               settings=prog.CLASSIC)
    feb = per[per["maand"] == "2025-02"].iloc[0]
    assert feb["verwacht"] == pytest.approx(530 / 5.1)
    assert feb["ultimate"] == pytest.approx(30 + 0.9 * 530 / 5.1)
    # Default: the level from the 10 months of 2024 in the 12-month window (100); the year's own
    # step from Jan + Feb 2025: actual 130 / expected 100 * (1 + 0.1) = 1.1818, trusted
    # 1.1 / (1.1 + 3) = 0.2683 -> step 1.0488, expected 104.88; BF 30 + 0.9 * 104.88.
    per = prog.month_ultimates(lines, ["wet"], Periode(2025, 2), date(2025, 2, 28), (2025, 2))
    feb = per[per["maand"] == "2025-02"].iloc[0]
    assert feb["verwacht"] == pytest.approx(100 * (1 + 1.1 / 4.1 * (130 / 110 - 1)))
    assert feb["ultimate"] == pytest.approx(30 + 0.9 * 100 * (1 + 1.1 / 4.1 * (130 / 110 - 1)))


# The default level of the test above: 2024 level 100 times the year's own step (see there).
CAPE_COD_LEVEL = 100 * (1 + 1.1 / 4.1 * (130 / 110 - 1))


def test_forecast_pieces_add_up_to_the_prognose():
    lines = lagged_history("2025-02", noisy_last=30.0)
    out = prog.forecast(lines, ["wet"], Periode(2025, 2), date(2025, 2, 28))
    row = out.iloc[0]
    # realisatie: Jan 10 + 90 (90 declared 5 Feb) = 100, Feb 30 -> 130
    # nog_te_declareren: Jan complete (0) + Feb 0.9 * level
    # nog_te_komen: Mar..Dec 10 months * level (flat history: no season)
    assert row["realisatie"] == pytest.approx(130.0)
    assert row["nog_te_declareren"] == pytest.approx(0.9 * CAPE_COD_LEVEL)
    assert row["nog_te_komen"] == pytest.approx(10 * CAPE_COD_LEVEL)
    assert row["prognose"] == pytest.approx(130 + 10.9 * CAPE_COD_LEVEL)


def test_lines_after_the_peildatum_or_periode_are_not_used():
    # The full history runs to 2025-06, but the edition is periode 2025-02 on 28 Feb 2025:
    # exactly the previous test's prognosis (with the noisy February) must come out.
    lines = lagged_history("2025-06", noisy_last=None)
    lines.loc[(lines["maand"] == "2025-02") & (lines["bedrag"] == 10.0), ["bedrag", "volume"]] = [30.0, 3.0]
    out = prog.forecast(lines, ["wet"], Periode(2025, 2), date(2025, 2, 28))
    assert out.iloc[0]["prognose"] == pytest.approx(130 + 10.9 * CAPE_COD_LEVEL)


def test_a_budget_line_without_recent_data_is_forecast_at_zero():
    # Verblijf only had care in 2023 (100 a month, declared at once); nothing since.
    rows = [(m, f"{m}-01", 100.0, "Verblijf") for m in months("2023-01", "2023-12")]
    rows += [(m, f"{m}-01", 50.0, "Ambulant") for m in months("2023-01", "2025-02")]
    out = prog.forecast(make_lines(rows), ["wet", "begrotingspost"], Periode(2025, 2), date(2025, 3, 10),
                        settings=NO_TREND_NO_SEASON).set_index("begrotingspost")
    assert out.loc["Verblijf", "prognose"] == pytest.approx(0.0)
    # Ambulant: 2 months declared (100) + 10 months at 50 = 600
    assert out.loc["Ambulant", "prognose"] == pytest.approx(600.0)


def test_no_lines_gives_no_prognosis():
    empty = make_lines([("2025-01", "2025-01-01", 1.0)]).iloc[0:0]
    assert prog.forecast(empty, ["wet"], Periode(2025, 2), date(2025, 3, 10)).empty
    rows = prognose_figures.prognose_rows(empty, Periode(2025, 2), date(2025, 3, 10))
    assert list(rows.columns) == prog.FIGURE_COLUMNS and rows.empty


def test_every_pgb_line_counts_under_begrotingspost_pgb():
    declaraties = make_lines([("2025-01", "2025-01-01", 70.0), ("2025-01", "2025-01-01", 30.0)])
    declaraties = declaraties.drop(columns=["bouwsteen", "begrotingspost", "bouwsteen_eenheid", "maand", "jaar"])
    declaraties["zorgvorm"] = ["ZIN", "PGB"]
    producten = pd.DataFrame({"wet": ["jeugd"], "productcode": ["45A03"], "bouwsteen": ["Reguliere begeleiding"],
                              "begrotingspost": ["Ambulant"], "eenheid": ["04"]})
    lines = netting.enrich(declaraties, producten)
    out = prog.forecast(lines, ["wet", "begrotingspost"], Periode(2025, 1), date(2025, 1, 31))
    # Both lines are the same Ambulant product; the PGB one (30) counts under PGB.
    assert out.set_index("begrotingspost")["realisatie"].to_dict() == {"Ambulant": 70.0, "PGB": 30.0}


# ---------------------------------------------------------------------------------------------
# afwijking


def test_afwijking_is_begroting_minus_prognose_negative_is_nadeel():
    prognose = pd.DataFrame({"wet": ["jeugd", "jeugd"], "begrotingspost": ["Ambulant", "PGB"],
                             "prognose": [120.0, 30.0]})
    begroting = pd.DataFrame({"gemeente": ["GM0296"] * 3, "jaar": [2025, 2025, 2024], "wet": ["jeugd"] * 3,
                              "begrotingspost": ["Ambulant", "Verblijf", "Ambulant"], "bedrag": [100.0, 50.0, 999.0]})
    out = prog.afwijking(prognose, begroting, 2025).set_index("begrotingspost")
    # Ambulant: 100 - 120 = -20 (nadeel); Verblijf budgeted, no spending: 50 - 0 = 50
    assert out.loc["Ambulant", "afwijking"] == pytest.approx(-20.0)
    assert out.loc["Verblijf", "afwijking"] == pytest.approx(50.0)
    # PGB has spending but no budget line: no afwijking of its own ...
    assert "PGB" not in out.index
    # ... but it counts as unbudgeted in the total: (100 + 50) - (120 + 30) = 0 ; the 2024 line is ignored
    assert out.loc["", "begroting"] == pytest.approx(150.0)
    assert out.loc["", "afwijking"] == pytest.approx(0.0)


def test_no_begroting_for_the_year_gives_no_afwijking():
    prognose = pd.DataFrame({"wet": ["wmo"], "begrotingspost": ["Begeleiding"], "prognose": [10.0]})
    begroting = pd.DataFrame({"gemeente": ["GM0296"], "jaar": [2024], "wet": ["wmo"],
                              "begrotingspost": ["Begeleiding"], "bedrag": [100.0]})
    assert prog.afwijking(prognose, begroting, 2025).empty


# ---------------------------------------------------------------------------------------------
# backtest


def test_backtest_against_what_the_earlier_years_came_to():
    # 100 a month 2022-01..2024-02 and from 2025-01; 110 a month 2024-03..2024-12. Everything is
    # declared on the first of its service month, so nothing is late.
    rows = []
    for m in months("2022-01", "2025-02"):
        rows.append((m, f"{m}-01", 110.0 if "2024-03" <= m <= "2024-12" else 100.0))
    out = prog.backtest(make_lines(rows), Periode(2025, 2), date(2025, 3, 10)).set_index(["jaar", "begrotingspost"])
    # 2024 as seen on 10 Mar 2024 at periode 2024-02: Jan+Feb 200 + 10 * 100 = 1200 (the last 12
    # months were as high as the 12 before: no trend). Werkelijk 2 * 100 + 10 * 110 = 1300.
    # fout = 100 * (1200 - 1300) / 1300 = -7.6923 %
    assert out.loc[(2024, ""), "prognose"] == pytest.approx(1200.0)
    assert out.loc[(2024, ""), "werkelijk"] == pytest.approx(1300.0)
    assert out.loc[(2024, ""), "fout_pct"] == pytest.approx(-100 / 13)
    assert out.loc[(2024, "Ambulant"), "fout_pct"] == pytest.approx(-100 / 13)
    # 2023 on 10 Mar 2023: 14 months of history at 100 -> 1200 against 1200: 0 %
    assert out.loc[(2023, ""), "fout_pct"] == pytest.approx(0.0)


def test_backtest_needs_a_year_of_history_before_the_tested_year():
    # Data from 2023-01: 2024 has its 12 months before it, 2023 has none
    rows = [(m, f"{m}-01", 100.0) for m in months("2023-01", "2025-02")]
    out = prog.backtest(make_lines(rows), Periode(2025, 2), date(2025, 3, 10))
    assert sorted(out["jaar"].unique()) == [2024]


def test_shift_years_keeps_the_calendar_day():
    assert prog.shift_years(date(2026, 3, 10), -1) == date(2025, 3, 10)
    assert prog.shift_years(date(2024, 2, 29), -1) == date(2023, 2, 28)


# ---------------------------------------------------------------------------------------------
# figure rows


def test_figure_rows_shape_and_indicators():
    rows = []
    for m in months("2022-01", "2025-02"):
        rows.append((m, f"{m}-01", 100.0, "Ambulant", "Reguliere begeleiding"))
        rows.append((m, f"{m}-01", 40.0, "PGB", "Reguliere begeleiding"))
    lines = make_lines(rows)
    begroting = pd.DataFrame({"gemeente": ["GM0296"] * 2, "jaar": [2025] * 2, "wet": ["jeugd"] * 2,
                              "begrotingspost": ["Ambulant", "Verblijf"], "bedrag": [1000.0, 80.0]})
    nulmeting = pd.DataFrame({"gemeente": ["GM0296"] * 2, "jaar": [2025, 2019], "wet": ["jeugd"] * 2,
                              "bouwsteen": ["Reguliere begeleiding"] * 2, "volume": [150.0, 1.0],
                              "bedrag": [1500.0, 1.0]})
    producten = pd.DataFrame({"wet": ["jeugd"], "productcode": ["45A03"], "bouwsteen": ["Reguliere begeleiding"],
                              "begrotingspost": ["Ambulant"], "eenheid": ["04"]})
    sel = SimpleNamespace(lines=lines, periode=Periode(2025, 2), peildatum=date(2025, 3, 10),
                          tables={"begroting": begroting, "nulmeting": nulmeting, "producten": producten})
    out = prognose_figures.figure_rows(sel)
    assert list(out.columns) == prog.FIGURE_COLUMNS
    get = out.set_index(["indicator", "periode", "dimensie"])
    # Flat 140 a month, all declared at once: prognose 12 * 140 = 1680 (Ambulant 1200, PGB 480)
    assert get.loc[("jeugd.prognose", "2025", ""), "waarde"] == pytest.approx(1680.0)
    assert get.loc[("jeugd.prognose", "2025", "PGB"), "waarde"] == pytest.approx(480.0)
    assert get.loc[("jeugd.realisatie", "2025", ""), "waarde"] == pytest.approx(280.0)
    assert get.loc[("jeugd.nog_te_komen", "2025", ""), "waarde"] == pytest.approx(1400.0)
    # afwijking Ambulant 1000 - 1200 = -200 ; Verblijf budgeted, no care: 80 - 0 = 80 (and a
    # prognose row of 0 next to it) ; total (1000 + 80) - 1680 = -600 (PGB unbudgeted)
    assert get.loc[("jeugd.afwijking", "2025", "Ambulant"), "waarde"] == pytest.approx(-200.0)
    assert get.loc[("jeugd.afwijking", "2025", "Verblijf"), "waarde"] == pytest.approx(80.0)
    assert get.loc[("jeugd.prognose", "2025", "Verblijf"), "waarde"] == 0.0
    assert get.loc[("jeugd.afwijking", "2025", ""), "waarde"] == pytest.approx(-600.0)
    assert get.loc[("jeugd.begroting", "2025", ""), "eenheid"] == "euro"
    # backtest for 2024 and 2023: a flat history is forecast exactly
    assert get.loc[("jeugd.prognose_fout", "2024", ""), "waarde"] == pytest.approx(0.0)
    assert get.loc[("jeugd.prognose_fout", "2023", ""), "eenheid"] == "procent"
    # volume in the bouwsteen's unit: (100 + 40) / 10 = 14 uur a month -> 168 uur
    assert get.loc[("jeugd.prognose_volume", "2025", "Reguliere begeleiding"), "waarde"] == pytest.approx(168.0)
    assert get.loc[("jeugd.prognose_volume", "2025", "Reguliere begeleiding"), "eenheid"] == "uur"
    # nulmeting passed through for report years only (2019 is outside 2022..2025)
    assert get.loc[("jeugd.nulmeting_volume", "2025", "Reguliere begeleiding"), "waarde"] == 150.0
    assert get.loc[("jeugd.nulmeting_bedrag", "2025", ""), "waarde"] == 1500.0
    assert not (out["periode"] == "2019").any()
    # no wmo data at all: no wmo rows
    assert not out["indicator"].str.startswith("wmo.").any()


def test_sparse_history_with_empty_calendar_months_gives_a_finite_level():
    # 30 months of history where every March is empty: the seasonal index for March would be 0;
    # the projected level must stay a finite, non-negative number (never NaN in kpis.csv).
    import numpy as np

    from sdmonitor.figures import prognose

    ultimates = np.array([0.0 if m % 12 == 2 else 100.0 for m in range(30)])
    out = prognose.expected_level(ultimates, 0, np.arange(30, 36), prognose.Settings())
    assert np.isfinite(out).all() and (out >= 0).all()


def test_budget_of_the_closed_years_is_a_figure():
    # periode 2026-02: closed report years 2023..2025. 2025 jeugd: Verblijf 100 + Ambulant 50 = 150;
    # 2026 is the current year (handled with the prognose), 2021 lies outside the report years.
    begroting = pd.DataFrame({
        "gemeente": ["GM0296"] * 5, "jaar": [2025, 2025, 2026, 2021, 2024],
        "wet": ["jeugd", "jeugd", "jeugd", "jeugd", "wmo"],
        "begrotingspost": ["Verblijf", "Ambulant", "Verblijf", "Verblijf", "Begeleiding"],
        "bedrag": [100.0, 50.0, 999.0, 7.0, 30.0]})
    rows = pd.concat(prognose_figures._closed_year_budget_rows(begroting, Periode(2026, 2)))
    got = {(r.indicator, r.periode, r.dimensie): r.waarde for r in rows.itertuples()}
    assert got == {("jeugd.begroting", "2025", ""): 150.0, ("jeugd.begroting", "2025", "Ambulant"): 50.0,
                   ("jeugd.begroting", "2025", "Verblijf"): 100.0, ("wmo.begroting", "2024", ""): 30.0,
                   ("wmo.begroting", "2024", "Begeleiding"): 30.0}


def test_chain_ladder_factors_on_a_3x3_triangle_by_hand():
    # Cumulative triangle (rows: service months, columns: ages 0..2), NaN = not yet observed.
    cum = np.array([[100.0, 150.0, 165.0],
                    [110.0, 165.0, np.nan],
                    [120.0, np.nan, np.nan]])
    # f0 = (150 + 165) / (100 + 110) = 1.5; f1 = 165 / 150 = 1.1.
    factors = dev.age_to_age_factors(cum)
    assert factors == pytest.approx([1.5, 1.1])
    # CDF0 = 1.5 * 1.1 = 1.65, CDF1 = 1.1, CDF2 = 1; ultimates 165, 165 * 1.1 = 181.5, 120 * 1.65 = 198.
    cdf = dev.cumulative_factors(factors)
    assert cdf == pytest.approx([1.65, 1.1, 1.0])
    latest = np.array([165.0, 165.0, 120.0])
    assert latest * cdf[::-1] == pytest.approx([165.0, 181.5, 198.0])
    assert dev.percent_declared(cdf, np.array([2, 1, 0, -1])) == pytest.approx([1.0, 1 / 1.1, 1 / 1.65, 0.0])


def test_a_factor_from_nothing_declared_is_infinite_for_the_prognosis():
    # Nothing at age 0, 100 and 120 at age 1 (a batch declarer): classic factor 1 (share 1 at age
    # 0, as if complete), with from_nothing infinite (share 0: nothing of it is in yet).
    cum = np.array([[0.0, 100.0], [0.0, 120.0], [0.0, np.nan]])
    assert dev.age_to_age_factors(cum) == pytest.approx([1.0])
    assert np.isinf(dev.age_to_age_factors(cum, from_nothing=True)[0])
    cdf = dev.cumulative_factors(dev.age_to_age_factors(cum, from_nothing=True))
    assert dev.percent_declared(cdf, np.array([0, 1])) == pytest.approx([0.0, 1.0])


def test_trend_over_several_years_is_the_geometric_mean():
    # Three years of 12 months at 100, 110, 121 and a fourth at 133.1 * 1.0 (10 % a year) except
    # the last year at 127.05 (5 %): one year says 1.05, three years (1.1 * 1.1 * 1.05)^(1/3).
    values = np.r_[np.full(12, 100.0), np.full(12, 110.0), np.full(12, 121.0), np.full(12, 127.05)]
    assert prog.monthly_trend(values, (0.8, 1.25)) ** 12 == pytest.approx(1.05)
    assert prog.monthly_trend(values, (0.8, 1.25), years=3) ** 12 == pytest.approx((1.1 * 1.1 * 1.05) ** (1 / 3))
