"""The projected 65+ share (seed 000 §4.1 vergrijzing to 2040)."""

import pandas as pd

from sdmonitor.figures import vergrijzing


def bev(rows):
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "leeftijd", "aantal", "soort"])


TABLE = bev([
    ("GM0296", 2022, 70, 99, "prognose"),  # before the first report year: not used
    ("GM0296", 2026, 10, 80, "waarneming"), ("GM0296", 2026, 70, 20, "waarneming"),
    ("GM0296", 2026, 10, 1, "prognose"), ("GM0296", 2026, 70, 1, "prognose"),  # observed year: not projected
    ("GM0296", 2027, 10, 70, "prognose"), ("GM0296", 2027, 64, 0, "prognose"), ("GM0296", 2027, 65, 30, "prognose"),
    ("GM0296", 2040, 10, 60, "prognose"), ("GM0296", 2040, 105, 40, "prognose"),
    ("NL01", 2027, 10, 120, "prognose"), ("NL01", 2027, 80, 40, "prognose"),
])


def test_only_years_without_observation_from_the_first_report_year():
    share = vergrijzing.prognose_shares(TABLE, "GM0296", 2023)
    # 2027: aged 65 (30) of 70 + 0 + 30 = 100 -> 0,30; 2040: 40 (105 = 105 and older) of 100 -> 0,40
    assert share.to_dict() == {"2027": 0.3, "2040": 0.4}


def test_netherlands_and_an_area_without_projection():
    # NL 2027: 40 of 120 + 40 = 160 -> 0,25
    assert vergrijzing.prognose_shares(TABLE, "NL01", 2023).to_dict() == {"2027": 0.25}
    assert vergrijzing.prognose_shares(TABLE, "GM0225", 2023).empty
