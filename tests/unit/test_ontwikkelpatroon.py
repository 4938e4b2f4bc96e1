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
