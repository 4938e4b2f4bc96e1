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


def _one(indicator: str, periode: str, dimensie, waarde: float) -> pd.DataFrame:
    return rows.rows(indicator, pd.DataFrame({"periode": [periode], "dimensie": [dimensie], "waarde": [waarde]}),
                     "aantal")


def test_combine_sorts_by_code_point_and_keeps_equal_rows_in_their_order():
    parts = [_one("b.x", "2026", "", 1.0), _one("B.x", "2026", "", 2.0), _one("a.x", "2026", "é", 3.0),
             _one("a.x", "2026", "z", 4.0), _one("a.x", "2025", "", 5.0), _one("b.x", "2026", "", 6.0)]
    out = rows.combine(parts)
    # Upper case before lower case, "z" before "é"; the two equal b.x rows keep 1 before 6.
    assert out["waarde"].tolist() == [2.0, 5.0, 4.0, 3.0, 1.0, 6.0]
    assert out.index.tolist() == list(range(6))
    assert list(out.dtypes) == list(rows.empty().dtypes)


def test_combine_puts_a_missing_key_last_as_pandas_does():
    missing = rows.table(pd.DataFrame({"indicator": ["a.x"], "periode": [None], "dimensie": [""], "waarde": [1.0],
                                       "eenheid": ["aantal"]}))
    out = rows.combine([missing, _one("a.x", "2026", "", 2.0), _one("a.x", "2025", "", 3.0)])
    assert out["waarde"].tolist() == [3.0, 2.0, 1.0]


def test_empty_hands_out_a_fresh_table_each_time():
    first = rows.empty()
    first["extra"] = 1
    assert list(rows.empty().columns) == rows.VALUE_COLUMNS
