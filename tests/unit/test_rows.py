"""Figure-table rows (`figures.rows`): the one shape of every figure function."""

import pandas as pd

from sdmonitor.figures import rows


def test_rows_from_series_and_two_level_series():
    total = rows.rows("x.aantal", pd.Series([3, 4], index=["2025", "2026"]), "aantal")
    assert total.to_dict("records") == [
        {"indicator": "x.aantal", "periode": "2025", "dimensie": "", "waarde": 3.0, "eenheid": "aantal"},
        {"indicator": "x.aantal", "periode": "2026", "dimensie": "", "waarde": 4.0, "eenheid": "aantal"},
    ]
    idx = pd.MultiIndex.from_tuples([("2025", "PGB")])
    per = rows.rows("x.kosten", pd.Series([1.5], index=idx), "euro")
    assert per[["periode", "dimensie", "waarde"]].values.tolist() == [["2025", "PGB", 1.5]]
    assert list(per.columns) == rows.VALUE_COLUMNS


def test_rows_from_frame_with_own_eenheid():
    frame = pd.DataFrame({"periode": ["2025"], "dimensie": ["B"], "waarde": [2.0], "eenheid": ["uur"]})
    assert rows.rows("x.volume", frame)["eenheid"].tolist() == ["uur"]


def test_table_holds_many_indicators_with_the_types_of_rows():
    frame = pd.DataFrame({"indicator": ["x.aantal", "y.kosten"], "periode": ["2025", "2026"],
                          "dimensie": ["", "PGB"], "waarde": [3, 1.5], "eenheid": ["aantal", "euro"]})
    out = rows.table(frame)
    assert out.to_dict("records") == [
        {"indicator": "x.aantal", "periode": "2025", "dimensie": "", "waarde": 3.0, "eenheid": "aantal"},
        {"indicator": "y.kosten", "periode": "2026", "dimensie": "PGB", "waarde": 1.5, "eenheid": "euro"},
    ]
    single = rows.rows("x.aantal", pd.Series([3], index=["2025"]), "aantal")
    assert list(out.dtypes) == list(single.dtypes)
    assert rows.table(frame.iloc[0:0]).empty
