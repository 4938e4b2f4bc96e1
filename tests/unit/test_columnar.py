"""Columnar building blocks (`figures.columnar`): exact group sums, top n per group, per-wet figures."""

import math
from types import SimpleNamespace

import pandas as pd

from sdmonitor.figures import columnar


def test_fsum_by_is_the_exact_sum_per_group_sorted_by_key():
    # 0.1 + 0.2 + 0.3 in float is 0.6000000000000001; the exactly rounded sum is 0.6
    frame = pd.DataFrame({"wet": ["wmo", "jeugd", "jeugd", "jeugd", None],
                          "bedrag": [5.0, 0.1, 0.2, 0.3, 7.0], "volume": [1.0, 1.0, 2.0, float("nan"), 1.0]})
    out = columnar.fsum_by(frame, ["wet"], ["bedrag", "volume"])
    assert out["wet"].tolist() == ["jeugd", "wmo"]  # sorted; the row without a wet is in no group
    assert out["bedrag"].tolist() == [0.6, 5.0]
    assert math.isnan(out["volume"].iloc[0]) and out["volume"].iloc[1] == 1.0  # a missing value stays missing


def test_first_n_takes_the_largest_per_group_and_leaves_missing_values_out():
    frame = pd.DataFrame({"g": ["a", "a", "a", "b", "b"], "v": [1.0, 3.0, 2.0, float("nan"), 4.0]})
    top = columnar.first_n(frame, ["g"], "v", 2)
    assert sorted(zip(top["g"], top["v"])) == [("a", 2.0), ("a", 3.0), ("b", 4.0)]


def test_of_wet_takes_one_wet_without_its_level():
    values = pd.Series([1, 2], index=pd.MultiIndex.from_tuples([("jeugd", 2025), ("wmo", 2025)]))
    assert columnar.of_wet(values, "wmo").to_dict() == {2025: 2}
    assert columnar.of_wet(values.iloc[0:1], "wmo").empty


def test_sum_per_wet_sums_each_wet_on_its_own_lines():
    lines = pd.DataFrame({"wet": ["jeugd", "wmo", "jeugd"], "jaar": [2025, 2025, 2026], "bedrag": [10.0, 4.0, 1.0]})
    out = columnar.sum_per_wet({w: lines.loc[lines["wet"] == w] for w in ("jeugd", "wmo")}, ["jaar"], "bedrag")
    assert out.to_dict() == {("jeugd", 2025): 10.0, ("jeugd", 2026): 1.0, ("wmo", 2025): 4.0}


def test_every_wet_computes_once_per_selection_and_gives_each_wet_its_rows():
    calls = []

    def _aantal(sel):
        calls.append(sel)
        return pd.DataFrame({"indicator": ["jeugd.aantal", "wmo.aantal"], "waarde": [1.0, 2.0]})

    memo: dict = {}
    sel = SimpleNamespace(memo=lambda key, compute: memo.setdefault(key, compute()) if key not in memo else memo[key])
    aantal = columnar.every_wet(_aantal)
    assert aantal(sel, "wmo")["waarde"].tolist() == [2.0]
    assert aantal(sel, "jeugd")["waarde"].tolist() == [1.0]
    assert len(calls) == 1 and aantal.__name__ == "aantal"
