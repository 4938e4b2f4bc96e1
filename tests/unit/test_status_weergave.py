"""The one rule for how a figure's status reads and looks (publish.status_weergave)."""

import math

import pytest

from sdmonitor.periods import Periode
from sdmonitor.publish import status_weergave as sw

FEB = Periode(2026, 2)


def test_normal_reads_old_files_as_definitief():
    assert sw.normal("") == sw.DEFINITIEF
    assert sw.normal(None) == sw.DEFINITIEF
    assert sw.normal(math.nan) == sw.DEFINITIEF
    assert sw.normal("voorlopig") == sw.VOORLOPIG


@pytest.mark.parametrize(("tekst", "status", "expected"), [
    ("1.301", "definitief", "1.301"),
    ("1.301", "", "1.301"),
    ("1.301", "voorlopig", "1.301*"),
    ("1.301*", "voorlopig", "1.301*"),  # never doubled
    ("2.240", "deelperiode", "2.240 (deel)"),
    ("<5", "deelperiode", "<5 (deel)"),
    ("x", "voorlopig", "x*"),
    ("0", "geen_gegevens", "geen gegevens"),  # never a 0 for absent data
    ("geen gegevens", "voorlopig", "geen gegevens"),
])
def test_cell_text(tekst, status, expected):
    assert sw.cell_text(tekst, status) == expected


@pytest.mark.parametrize(("text", "status", "expected"), [
    ("2026", "deelperiode", "2026 t/m feb"),
    ("2025-2026", "deelperiode", "2025-2026 t/m feb"),
    ("2023", "deelperiode", "2023 (deel)"),  # the source starts inside the year
    ("2024-2025", "deelperiode", "2024-2025 (deel)"),  # not the running school year
    ("2025", "voorlopig", "2025 (voorlopig)"),
    ("2025", "definitief", "2025"),
    ("2022", "geen_gegevens", "2022"),
])
def test_periode_label(text, status, expected):
    assert sw.periode_label(text, status, FEB) == expected


def test_periode_label_december_ends_the_year_and_no_periode_says_deel():
    assert sw.periode_label("2026", "deelperiode", Periode(2026, 12)) == "2026 (deel)"
    assert sw.periode_label("2026", "deelperiode") == "2026 (deel)"
    assert sw.periode_label("2025-2026", "deelperiode", Periode(2025, 9)) == "2025-2026 t/m sep"


def test_legend_explains_only_the_marks_present():
    assert sw.legend(["definitief", ""]) == ""
    text = sw.legend(["geen_gegevens", "voorlopig", "definitief"])
    assert text.startswith("* voorlopig")
    assert "geen gegevens" in text and "(deel)" not in text
    both = sw.legend(["deelperiode", "voorlopig"])
    assert both.index("* voorlopig") < both.index("(deel) deelperiode")


def test_summary_status_is_the_most_cautious_with_data():
    assert sw.summary_status(["definitief", "voorlopig"]) == "voorlopig"
    assert sw.summary_status(["voorlopig", "deelperiode", "geen_gegevens"]) == "deelperiode"
    assert sw.summary_status(["geen_gegevens", "geen_gegevens"]) == "geen_gegevens"
    assert sw.summary_status([]) == "geen_gegevens"


def test_comparable_never_a_part_against_a_whole():
    assert sw.comparable("definitief", "voorlopig")
    assert not sw.comparable("deelperiode", "definitief")
    assert not sw.comparable("voorlopig", "deelperiode")
    assert not sw.comparable("geen_gegevens", "definitief")
    assert not sw.comparable("deelperiode", "deelperiode")
    assert sw.comparable("deelperiode", "deelperiode", same_part=True)


def test_bar_styles_differ_from_each_other_and_from_the_hidden_band():
    hatches = {st: sw.bar_style(st).hatch for st in ("definitief", "voorlopig", "deelperiode")}
    assert hatches["definitief"] is None
    assert len(set(hatches.values())) == 3
    assert "///" not in hatches.values()  # the hidden small-number band's hatch
    assert sw.bar_kwargs("voorlopig", "#1f3864")["hatch"] == sw.bar_style("voorlopig").hatch
    assert sw.bar_kwargs("definitief", "#1f3864") == {"color": "#1f3864"}
    labels = [h.get_label() for h in sw.legend_handles(["deelperiode", "definitief", "voorlopig"])]
    assert labels == ["voorlopig", "deel van de periode"]
