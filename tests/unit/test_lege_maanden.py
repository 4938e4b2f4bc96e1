"""A month without data is marked "geen gegevens" in the monthly charts, never drawn as 0."""

import numpy as np
import pandas as pd

from sdmonitor.publish import charts, lege_maanden


def _texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def _months(maanden, status, reeks="Jeugd"):
    return pd.DataFrame({"maand": maanden, "reeks": reeks,
                         "waarde": [np.nan if s == "geen_gegevens" else 10.0 for s in status],
                         "onderdrukt": False, "tekst": ["" if s == "geen_gegevens" else "10" for s in status],
                         "status": status})


def test_runs_of_consecutive_positions():
    assert lege_maanden.runs([9, 3, 4, 5]) == [(3, 5), (9, 9)]
    assert lege_maanden.runs([]) == []


def test_nothing_to_mark_when_nothing_has_data():
    assert lege_maanden.posities_zonder_gegevens(np.array([True, True])) == []
    assert lege_maanden.posities_zonder_gegevens(np.array([False, True, False])) == [1]


def test_bars_mark_the_month_every_series_lacks():
    maanden = ["2024-05", "2024-06", "2024-07"]
    data = pd.concat([_months(maanden, ["definitief", "geen_gegevens", "definitief"]),
                      _months(maanden, ["definitief", "geen_gegevens", "definitief"], "Wmo")])
    fig, _ = charts.series_over_months(data, "Aantal")
    assert _texts(fig).count("geen gegevens") == 1
    assert len(fig.axes[0].patches) >= 4  # 2 months x 2 series drawn; juni has no bar


def test_a_month_one_series_has_is_not_marked():
    maanden = ["2024-05", "2024-06"]
    data = pd.concat([_months(maanden, ["definitief", "geen_gegevens"]),
                      _months(maanden, ["definitief", "definitief"], "Wmo")])
    fig, _ = charts.series_over_months(data, "Aantal")
    assert "geen gegevens" not in _texts(fig)


def test_lines_per_year_name_the_year_of_the_missing_month():
    maanden = [f"2024-{m:02d}" for m in range(1, 13)] + [f"2025-{m:02d}" for m in range(1, 13)]
    status = ["definitief"] * 24
    status[5] = "geen_gegevens"  # juni 2024
    data = _months(maanden, status).drop(columns="reeks")
    fig, _ = charts.lines_per_year(data, "Aantal")
    assert _texts(fig) == ["geen gegevens (2024)"]
