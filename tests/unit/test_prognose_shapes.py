"""Tests for sdmonitor.figures.prognose_shapes (phase-out to zero, ramp of a new product)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from sdmonitor.figures import prognose as prog
from sdmonitor.figures import prognose_shapes as shapes
from sdmonitor.periods import Periode


def test_fit_line_by_hand():
    # y = 10, 8, 6, 4 at months 0..3, equal weights: slope -2, an exact fit (reweighting by the
    # fitted level moves the centre, not the line).
    a, b, t, centre = shapes.fit_line(np.arange(4), np.array([10.0, 8.0, 6.0, 4.0]), np.ones(4))
    assert b == pytest.approx(-2.0)
    assert a + b * (np.arange(4) - centre) == pytest.approx([10.0, 8.0, 6.0, 4.0])
    assert t < -1e9  # no residual (beyond rounding): as significant as it gets


def test_fit_line_weighs_months_by_their_level(monkeypatch):
    # y = 10, 20, 30, 60 at months 0..3. Equal weights: centre 1.5, mean 30, slope
    # sum(x y) / sum(x^2) = 80 / 5 = 16; fitted 6, 22, 38, 54. One reweighting round, weights
    # 1/6, 1/22, 1/38, 1/54 (sum 1450/5643): centre 867/1450, level there 2526/145, slope
    # 1520/109 = 13,94: the big last month (the noisiest, as amounts vary with the level) pulls less.
    monkeypatch.setattr(shapes, "REWEIGHT", 1)
    a, b, _, centre = shapes.fit_line(np.arange(4), np.array([10.0, 20.0, 30.0, 60.0]), np.ones(4))
    assert (a, b, centre) == (pytest.approx(2526 / 145), pytest.approx(1520 / 109), pytest.approx(867 / 1450))
    monkeypatch.setattr(shapes, "REWEIGHT", 0)
    assert shapes.fit_line(np.arange(4), np.array([10.0, 20.0, 30.0, 60.0]), np.ones(4))[1] == pytest.approx(16.0)


def _lines(amounts: dict[str, float]) -> pd.DataFrame:
    """One line per month, declared on the 5th of the month after."""
    rows = [{"wet": "jeugd", "client_id": "c", "productcode": "P", "maand": m, "jaar": int(m[:4]),
             "ingediend_op": pd.Period(m, "M").end_time.normalize() + pd.Timedelta(days=5), "bedrag": v,
             "volume": 1.0, "begrotingspost": "Verblijf", "bouwsteen": "B"} for m, v in amounts.items()]
    frame = pd.DataFrame(rows)
    frame["ingediend_op"] = frame["ingediend_op"].astype("datetime64[ns]")
    return frame


def test_a_phase_out_goes_to_zero():
    # 120 a month through 2023, then 10 less every month from Jan 2024: 110, 100, ..., 10 in Nov
    # 2024, 0 from Dec 2024 (not declared at all). Periode 2024-09, peildatum 28 Oct: Jan..Sep 2024
    # known (110 .. 30). The line reaches 0 in December: Oct 20 + Nov 10 + Dec 0 are still to come,
    # and 2025 is 0. A trend (at most -20 % a year) would keep about 30 a month going.
    amounts = {str(p): 120.0 for p in pd.period_range("2022-01", "2023-12", freq="M")}
    amounts |= {str(p): 120.0 - 10.0 * (i + 1) for i, p in enumerate(pd.period_range("2024-01", "2024-11", freq="M"))}
    lines = _lines(amounts)
    known = prog.cut(lines, Periode(2024, 9), date(2024, 10, 28))
    plain = prog.Settings(seasonality=False)  # no calendar pattern in these numbers
    out = prog.forecast(known, ["wet"], Periode(2024, 9), date(2024, 10, 28), settings=plain).iloc[0]
    assert out["realisatie"] == pytest.approx(sum(110.0 - 10.0 * i for i in range(9)))
    assert out["nog_te_komen"] == pytest.approx(20.0 + 10.0 + 0.0, abs=1e-6)
    classic = prog.forecast(known, ["wet"], Periode(2024, 9), date(2024, 10, 28),
                            settings=prog.Settings(shapes=False, seasonality=False)).iloc[0]
    assert classic["nog_te_komen"] > 50.0
    # The next year: nothing left.
    nxt = prog.cut(lines, Periode(2025, 1), date(2025, 2, 28))
    assert prog.forecast(nxt, ["wet"], Periode(2025, 1), date(2025, 2, 28), settings=plain)["prognose"].sum() == \
        pytest.approx(0.0, abs=1e-6)


def test_a_steady_series_keeps_its_level():
    # Noise around a flat level is no shape: the expected level is left alone.
    expected = np.full(14, 100.0)
    months = np.arange(24_000, 24_014)
    declared = np.r_[100 + np.array([3, -2, 1, -4, 2, 0, -1, 3, -3, 1, 2, -2]), 0.0, 0.0]
    share = np.r_[np.ones(12), 0.0, 0.0]
    reached = np.r_[np.arange(12, 0, -1), -1, -1]
    assert np.array_equal(shapes.shaped(expected, months, declared, share, reached), expected)


def test_a_new_product_ramps_with_damped_growth():
    # A product from Jan 2024 growing 10 a month (10, 20, .., 60 in Jun), all declared. After the
    # last observed month the growth goes on damped: month h after June adds 10 * 0.85^h.
    months = np.arange(24_288, 24_288 + 9)  # Jan .. Sep 2024 (index 2024*12)
    declared = np.r_[10.0 * np.arange(1, 7), 0.0, 0.0, 0.0]
    share = np.r_[np.ones(6), 0.0, 0.0, 0.0]
    reached = np.r_[np.arange(6, 0, -1), -1, -1, -1]
    out = shapes.shaped(np.full(9, 35.0), months, declared, share, reached)
    assert out[:6] == pytest.approx(10.0 * np.arange(1, 7))
    d = shapes.DAMPING
    assert out[6:] == pytest.approx([60 + 10 * d, 60 + 10 * (d + d**2), 60 + 10 * (d + d**2 + d**3)])
