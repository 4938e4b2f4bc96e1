"""A young group borrows the late development factors of its family (ontwikkelpatroon)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from sdmonitor.figures import ontwikkelpatroon as op
from sdmonitor.figures import prognose as prog
from sdmonitor.periods import Periode

NAN = np.nan


def test_a_factor_is_estimable_where_a_month_was_observed_one_age_later():
    # Two service months, ages 0..3: the first seen up to age 1, the second only at age 0.
    cum = np.array([[100.0, 150.0, NAN, NAN],
                    [80.0, NAN, NAN, NAN]])
    assert op.estimable(cum).tolist() == [True, False, False]


def test_only_the_factors_without_own_observation_are_borrowed():
    cum = np.array([[100.0, 150.0, NAN, NAN]])
    own = np.array([1.5, 1.0, 1.0])
    family = np.array([1.2, 1.1, 2.0])
    assert op.borrowed(own, cum, family).tolist() == [1.5, 1.1, 2.0]
    assert op.borrowed(own, cum, None) is own


def test_the_family_is_the_wet_and_the_declaring_pattern():
    assert op.family_of(["wet", "begrotingspost", "_declarant"], ("jeugd", "Ambulant", "maand")) == ("jeugd", "maand")
    assert op.family_of(["begrotingspost"], ("Ambulant",)) == ()


def _lines(post: str, start: str) -> list[dict]:
    """Per service month from `start` through 2024-12: 100 declared on its first day (age 0) and
    100 on the first day three months later (age 3), when that is known on 5 January 2025."""
    out = []
    for maand in pd.period_range(start, "2024-12", freq="M"):
        for later in (0, 3):
            when = (maand + later).to_timestamp()
            if when <= pd.Timestamp("2025-01-05"):
                out.append({"wet": "jeugd", "begrotingspost": post, "maand": str(maand), "ingediend_op": when,
                            "bedrag": 100.0})
    return out


def test_a_new_post_gets_the_late_factor_of_its_wet():
    # "Oud" runs since 2023 and shows that half of a month arrives at age 3 (factor 2 from age 2
    # to 3). "Nieuw" started in November 2024: on 5 January 2025 November is at age 2 and
    # December at age 1, so "Nieuw" never saw an age 3 and its own factor would be 1.
    lines = pd.DataFrame(_lines("Oud", "2023-01") + _lines("Nieuw", "2024-11"))
    lines["ingediend_op"] = lines["ingediend_op"].astype("datetime64[ns]")
    settings = prog.Settings(trend=False, seasonality=False, shapes=False, step_credibility=0.0)
    got = prog.month_ultimates(lines, ["wet", "begrotingspost"], Periode(2024, 12), date(2025, 1, 5),
                               (2024, 12), settings=settings)
    nieuw = got[got["begrotingspost"] == "Nieuw"].set_index("maand")
    # Borrowed: share declared 1/2 at ages 1 and 2; no month of "Nieuw" is mature, so its level
    # is the mean chain-ladder ultimate (100 x 2 = 200 each); ultimate = 100 + (1 - 1/2) x 200.
    assert nieuw["aandeel"].tolist() == [0.5, 0.5]
    assert nieuw["ultimate"].tolist() == [200.0, 200.0]
    # Without borrowing the missing factor is 1: both months look complete at 100.
    alone = prog.month_ultimates(lines, ["wet", "begrotingspost"], Periode(2024, 12), date(2025, 1, 5),
                                 (2024, 12), settings=prog.Settings(trend=False, seasonality=False, shapes=False,
                                                                     step_credibility=0.0, borrow_pattern=False))
    assert alone[alone["begrotingspost"] == "Nieuw"]["ultimate"].tolist() == [100.0, 100.0]


def test_family_codes_number_the_families_in_order_of_appearance():
    keys = pd.DataFrame({"wet": ["jeugd", "jeugd", "wmo", "jeugd"],
                         "begrotingspost": ["A", "B", "C", "D"],
                         "_declarant": ["maand", "maand", "maand", "kwartaal"]})
    assert op.family_codes(["wet", "begrotingspost", "_declarant"], keys).tolist() == [0, 0, 1, 2]
    assert op.family_codes([], pd.DataFrame(index=range(1))).tolist() == [0]


def test_family_factors_per_cut_from_the_summed_triangle_of_its_groups():
    # Cut 0 (peildatum month 2), family 0: month 0 has 100 at age 0 and 50 at age 1 (C = 100, 150),
    # month 1 (reached age 1) 100 at age 0 and nothing later (C = 100, 100): f0 = 250 / 200; age 2
    # is not observed for any month, f1 = 1. Family 1 only appears in cut 1 (peildatum month 1):
    # month 0 with 40 at age 0 and 20 at age 1: f0 = 60 / 40.
    cut = np.array([0, 0, 0, 1, 1])
    family = np.array([0, 0, 0, 1, 1])
    month = np.array([0, 0, 1, 0, 0])
    age = np.array([0, 1, 0, 0, 1])
    value = np.array([100.0, 50.0, 100.0, 40.0, 20.0])
    table = op.family_factors(cut, family, month, age, value, np.array([2, 1]), tail_age=2, window=24,
                              from_nothing=False)
    assert table.shape == (2, 2, 2)
    assert table[0, 0].tolist() == [1.25, 1.0]
    assert table[1, 1].tolist() == [1.5, 1.0]
    assert np.isnan(table[0, 1]).all() and np.isnan(table[1, 0]).all()  # nothing of that family in that cut


def test_stacked_borrowing_takes_only_the_unestimable_factors():
    cum = np.array([[100.0, 150.0, NAN],   # triangle 0 saw age 1, never age 2
                    [NAN, NAN, NAN]])      # triangle 1 saw nothing
    own = np.array([[1.5, 1.0], [1.0, 1.0]])
    family = np.array([[1.2, 1.1], [1.3, 1.4]])
    got = op.borrowed_stacked(own, cum, np.array([0, 1]), family)
    assert got.tolist() == [[1.5, 1.1], [1.3, 1.4]]
