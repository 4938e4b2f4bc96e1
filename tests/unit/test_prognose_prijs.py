"""The year's price surprise per group (prognose_prijs) and its use in the year's step."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from sdmonitor.figures import development as dev
from sdmonitor.figures import prognose, prognose_prijs
from sdmonitor.periods import Periode


@pytest.fixture(autouse=True)
def few_lines(monkeypatch):
    """These hand-built groups have a handful of lines; the minimum has a test of its own."""
    monkeypatch.setattr(prognose_prijs, "MIN_LINES", 1)


def surprise(rows: list[tuple[int, int, float, float]], year: int = 2025) -> dict:
    """rows: (year, product, volume, bedrag), one line each, all in one group and cut."""
    year_of, product, units, value = (np.array(c) for c in zip(*rows))
    month = np.array([dev.index_of(int(y), 1) for y in year_of])
    zeros = np.zeros(len(rows), dtype="int64")
    return prognose_prijs.surprises(zeros, zeros, month, product.astype("int64"), units.astype("float64"),
                                    value.astype("float64"), [year])


def test_a_tariff_step_beyond_the_usual_indexation_is_the_surprise():
    # Two products indexed 3 % in 2024, 12 % in 2025: ratio 2025 = 1.12, earlier 1.03.
    rows = [(2023, 0, 10, 100.0), (2023, 1, 5, 100.0),
            (2024, 0, 10, 103.0), (2024, 1, 5, 103.0),
            (2025, 0, 10, 115.36), (2025, 1, 5, 115.36)]
    got = surprise(rows)[(0, 0)]
    assert got[0] == pytest.approx(1.12 / 1.03)
    # Every line is volume x tariff: no spread, the surprise is fully trusted.
    assert got[1] == pytest.approx(1.12 / 1.03)


def test_more_of_the_dearer_product_is_volume_not_price():
    # Same 3 % indexation each year; in 2025 four times the volume of the dearer product B.
    rows = [(2023, 0, 10, 100.0), (2023, 1, 5, 100.0),
            (2024, 0, 10, 103.0), (2024, 1, 5, 103.0),
            (2025, 0, 10, 106.09), (2025, 1, 20, 424.36)]
    assert surprise(rows)[(0, 0)] == pytest.approx((1.0, 1.0))


def test_prices_that_vary_per_line_are_trusted_in_part():
    # 2023 and 2024 at 10 per unit; 2025 lines at 9 and 13 per unit: ratio 22 / 20 = 1.1 against
    # 1.0 before. Residuals 9 - 11 and 13 - 11: variance 8 / 20^2 = 0.02, relative 0.02 / 1.21;
    # credibility 0.05^2 / (0.05^2 + 0.02 / 1.21) = 0.13137.
    rows = [(2023, 0, 1, 10.0), (2023, 0, 1, 10.0), (2024, 0, 1, 10.0), (2024, 0, 1, 10.0),
            (2025, 0, 1, 9.0), (2025, 0, 1, 13.0)]
    raw, weighted = surprise(rows)[(0, 0)]
    weight = 0.0025 / (0.0025 + 0.02 / 1.21)
    assert raw == pytest.approx(1.1)
    assert weighted == pytest.approx(1 + weight * 0.1)


def test_no_price_where_it_would_mislead():
    # Most of 2025's money in a product not priced in 2024 (a new contract): no price.
    new_contract = [(2023, 0, 10, 100.0), (2024, 0, 10, 103.0), (2025, 0, 10, 115.36), (2025, 2, 10, 500.0)]
    assert surprise(new_contract) == {}
    # No year before the previous one: no usual indexation to compare with.
    assert surprise([(2024, 0, 10, 100.0), (2025, 0, 10, 112.0)]) == {}
    # Without volumes.
    assert surprise([(2023, 0, 0, 100.0), (2024, 0, 0, 103.0), (2025, 0, 0, 115.36)]) == {}


def test_too_few_lines_of_the_year_give_no_price(monkeypatch):
    monkeypatch.setattr(prognose_prijs, "MIN_LINES", 3)
    history = [(2023, 0, 10, 100.0), (2024, 0, 10, 103.0)]
    assert surprise(history + [(2025, 0, 5, 57.68)] * 2) == {}
    assert surprise(history + [(2025, 0, 5, 57.68)] * 3)[(0, 0)][0] == pytest.approx(1.12 / 1.03)


def steady_lines(price_2025: float, volume_2025: float) -> pd.DataFrame:
    """2023-01..2025-02: 10 units a month at 10 (2023, 2024), in 2025 `volume_2025` units at
    `price_2025`; every line declared on the 1st of its own month."""
    rows = []
    for m in pd.period_range("2023-01", "2025-02", freq="M"):
        volume, price = (volume_2025, price_2025) if m.year == 2025 else (10.0, 10.0)
        rows.append({"wet": "jeugd", "productcode": "45A03", "eenheid": "04", "maand": str(m), "jaar": m.year,
                     "ingediend_op": pd.Timestamp(f"{m}-01"), "volume": volume, "bedrag": volume * price})
    return pd.DataFrame(rows)


FLAT = prognose.Settings(trend=False, seasonality=False)


@pytest.mark.parametrize(("price", "volume", "step"), [
    # A 12 % tariff step: read from the prices, carried in full: Mar..Dec at 112.
    (11.2, 10.0, 1.12),
    # 12 % more care at the old tariff: a volume step, trusted 2 / (2 + 3) (two declared months).
    (10.0, 11.2, 1 + 2 / 5 * 0.12),
])
def test_the_years_step_is_price_times_credible_volume(price, volume, step):
    lines = steady_lines(price, volume)
    out = prognose.forecast(lines, ["wet"], Periode(2025, 2), date(2025, 3, 31), settings=FLAT).iloc[0]
    assert out["realisatie"] == pytest.approx(224.0)
    assert out["nog_te_komen"] == pytest.approx(10 * 100 * step)


def test_without_the_price_step_a_tariff_step_is_trusted_like_volume():
    lines = steady_lines(11.2, 10.0)
    settings = prognose.Settings(trend=False, seasonality=False, price_step=False)
    out = prognose.forecast(lines, ["wet"], Periode(2025, 2), date(2025, 3, 31), settings=settings).iloc[0]
    assert out["nog_te_komen"] == pytest.approx(10 * 100 * (1 + 2 / 5 * 0.12))
