from datetime import date

import pytest

from sdmonitor.errors import UsageError
from sdmonitor.periods import Periode, parse_peildatum


def test_parse_and_years():
    p = Periode.parse("2026-02")
    assert (p.jaar, p.maand) == (2026, 2)
    assert str(p) == "2026-02"
    assert p.years == [2023, 2024, 2025, 2026]
    assert p.maandnaam == "februari"
    assert p.end == date(2026, 2, 28)


def test_months_run_from_january_y_minus_3_through_the_periode():
    months = Periode.parse("2026-02").months
    # 3 full years (36 months) + January and February 2026 = 38
    assert len(months) == 38
    assert months[0] == "2023-01" and months[-1] == "2026-02"


@pytest.mark.parametrize("bad", ["2026-13", "2026-2", "feb 2026", "", "2026-00"])
def test_bad_periode_is_a_usage_error(bad):
    with pytest.raises(UsageError):
        Periode.parse(bad)


def test_peildatum():
    assert parse_peildatum(None) is None
    assert parse_peildatum("2026-03-10") == date(2026, 3, 10)
    with pytest.raises(UsageError):
        parse_peildatum("2026-02-30")


def test_peildatum_kort_na_is_six_weeks_after_the_periode_but_never_after_the_data():
    from sdmonitor.periods import KORT_NA_DAGEN, peildatum_kort_na

    assert KORT_NA_DAGEN == 42
    # January 2025 ends on the 31st; 42 days later is 14 March 2025, long before the data's end.
    assert peildatum_kort_na(Periode(2025, 1), date(2026, 2, 10)) == date(2025, 3, 14)
    # The latest periode: the data's own latest date comes first (the contract's default).
    assert peildatum_kort_na(Periode(2026, 1), date(2026, 2, 10)) == date(2026, 2, 10)
    assert peildatum_kort_na(Periode(2025, 2), date(2026, 1, 1), dagen=0) == date(2025, 2, 28)
    # Without the data's date, the limit itself: maart 2025 ends on the 31st, + 42 days = 12 mei.
    assert peildatum_kort_na(Periode(2025, 3)) == date(2025, 5, 12)


def test_latere_peildatum_after_about_three_months():
    from sdmonitor.periods import latere_peildatum

    maart = Periode(2025, 3)  # + 92 days = 1 juli 2025
    assert not latere_peildatum(maart, date(2025, 7, 1))
    assert latere_peildatum(maart, date(2025, 7, 2))
    assert latere_peildatum(maart, date(2026, 3, 10))
    assert not latere_peildatum(Periode(2026, 2), date(2026, 3, 10))
