"""Declared data breaks: read from parameters, a note in words and a marker in the chart."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from sdmonitor.errors import UsageError
from sdmonitor.publish import databreuken as d

AVAN = {"indicator": "wmo.avan_pashouders", "datum": "2023-04", "tekst": "Opschoonactie van de AVAN-passen."}
SPLIT = {"wet": "jeugd", "bouwsteen": "Dagbehandeling", "datum": "2025-01", "tekst": "Opgesplitst in vier producten"}


def test_read_and_select():
    breuken = d.lees([AVAN, SPLIT])
    assert breuken[1] == d.Databreuk("2025-01", "Opgesplitst in vier producten", "", "jeugd", "Dagbehandeling")
    assert d.lees(None) == []
    assert d.van_bouwstenen(breuken, "jeugd", ["Dagbehandeling", "Pleegzorg"], ["2023", "2024", "2025"]) == [breuken[1]]
    assert d.van_bouwstenen(breuken, "jeugd", ["Dagbehandeling"], ["2022", "2023", "2024"]) == []
    assert d.van_bouwstenen(breuken, "wmo", ["Dagbehandeling"], ["2025"]) == []
    assert d.van_indicator(breuken, ["wmo.avan_pashouders"], ["2023-03", "2023-04"]) == [breuken[0]]
    assert d.van_indicator(breuken, ["wmo.avan_pashouders"], ["2024-01"]) == []


@pytest.mark.parametrize("entry", [{"datum": "2025-13", "tekst": "x", "indicator": "a.b"},
                                   {"datum": "2025-01-01", "tekst": "x", "indicator": "a.b"},
                                   {"datum": "2025-01", "tekst": "", "indicator": "a.b"},
                                   {"datum": "2025-01", "tekst": "x", "wet": "jeugd"},
                                   "2025-01"])
def test_a_malformed_entry_is_an_error(entry):
    with pytest.raises(UsageError):
        d.lees([entry])


def test_note_in_words_in_date_order():
    assert d.noot(d.lees([SPLIT, AVAN])) == (
        "Breuk in de reeks AVAN-pashouders in april 2023 (gestreepte lijn). Opschoonactie van de AVAN-passen. "
        "Breuk in de reeks Dagbehandeling in januari 2025 (gestreepte lijn). Opgesplitst in vier producten.")


def test_marker_before_the_first_year_of_the_new_situation():
    fig, axes = plt.subplots(1, 2)
    axes[0].set_title("Dagbehandeling")
    axes[1].set_title("Dagbesteding")
    d.markeer_jaren(fig, d.lees([SPLIT]), {"Dagbehandeling": [2023, 2024, 2025, 2026], "Dagbesteding": [2023, 2024]})
    # 2025 is the third bar (x = 2); a January break lies between the bars of 2024 and 2025.
    assert [tuple(line.get_xdata()) for line in axes[0].lines] == [(1.5, 1.5)]
    assert [t.get_text() for t in axes[0].texts] == ["breuk jan 2025"]
    assert len(axes[1].lines) == 0 and len(axes[1].texts) == 0
    plt.close(fig)


def test_marker_between_months():
    fig, ax = plt.subplots()
    d.markeer_maanden(ax, d.lees([AVAN]), ["2023-02", "2023-03", "2023-04", "2023-05"])
    assert [tuple(line.get_xdata()) for line in ax.lines] == [(1.5, 1.5)]
    plt.close(fig)
