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


def test_periode_label_abbreviates_maart_as_mrt():
    # Issue 22 §11: "t/m maa" read as a typo; the Dutch abbreviation is "mrt".
    assert sw.periode_label("2025", "deelperiode", Periode(2025, 3)) == "2025 t/m mrt"
    assert sw.periode_label("2025", "deelperiode", Periode(2025, 5)) == "2025 t/m mei"


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


# --- a chart helper reads the status -------------------------------------------------------

def _published(rows):
    import pandas as pd

    from sdmonitor.publish.suppression import Published

    frame = pd.DataFrame(rows, columns=["indicator", "periode", "dimensie", "waarde", "eenheid", "status"])
    return Published(frame, 5)


def test_grouped_bars_draw_by_status():
    import pandas as pd

    from sdmonitor.publish import charts

    data = pd.DataFrame({"categorie": ["2023", "2024", "2025", "2026 t/m feb"], "reeks": "Cliënten",
                         "waarde": [float("nan"), 120.0, 130.0, 20.0], "onderdrukt": False,
                         "tekst": ["geen gegevens", "120", "130", "20"],
                         "status": ["geen_gegevens", "definitief", "voorlopig", "deelperiode"]})
    fig, _ = charts.grouped_bars(data, "Aantal")
    bars = [p for p in fig.axes[0].patches if p.get_height() > 0]
    assert len(bars) == 3  # no bar (not even of height 0) for the year without data
    assert len(fig.axes[0].patches) == 3
    assert [b.get_hatch() for b in bars] == [None, sw.bar_style("voorlopig").hatch, sw.bar_style("deelperiode").hatch]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["voorlopig", "deel van de periode"]


def test_lines_per_year_gap_and_dashed_voorlopig_month():
    import numpy as np
    import pandas as pd

    from sdmonitor.publish import charts

    data = pd.DataFrame({"maand": ["2025-01", "2025-02", "2025-03", "2025-04"], "waarde": [10.0, float("nan"), 12.0, 9.0],
                         "onderdrukt": False, "tekst": ["10", "geen gegevens", "12", "9"],
                         "status": ["definitief", "geen_gegevens", "definitief", "voorlopig"]})
    fig, _ = charts.lines_per_year(data, "Aantal")
    lines = fig.axes[0].get_lines()
    solid = [ln for ln in lines if ln.get_linestyle() == "-"]
    dashed = [ln for ln in lines if ln.get_linestyle() == "--"]
    assert dashed, "the segment into the voorlopig month is dashed"
    y = np.asarray(solid[0].get_ydata(), dtype=float)
    assert np.isnan(y[1]) and 0.0 not in y  # a gap, never a dip to 0
    assert np.isnan(y[3])  # the voorlopig month is not on the solid line


def test_per_year_bars_cells_and_data_carry_status(tmp_path):
    from datetime import date

    from sdmonitor.parameters import Gemeente
    from sdmonitor.workbook.monitor import Monitor

    rows = [("klachten.aantal", "2023", "formeel", float("nan"), "aantal", "geen_gegevens"),
            ("klachten.aantal", "2024", "formeel", 12.0, "aantal", "definitief"),
            ("klachten.aantal", "2025", "formeel", 14.0, "aantal", "voorlopig"),
            ("klachten.aantal", "2026", "formeel", 3.0, "aantal", "deelperiode")]
    pub = _published(rows)
    m = Monitor(Gemeente(code="GM0296", naam="Wijchen", slug="wijchen", raw={}), FEB,
                pub.frame.drop(columns=["tekst", "verborgen", "onderdrukt"]), tmp_path, date(2026, 3, 10), object(), {},
                published=pub)
    el = m.figuur_klachten()
    data = el.data.set_index("kolom")
    assert "status" in el.data.columns
    assert data.loc["2023", "tekst"] == "geen gegevens"
    assert data.loc["2025", "tekst"] == "14*"
    assert data.loc["2026 t/m feb", "tekst"] == "<5 (deel)"
    assert data.loc["2026 t/m feb", "status"] == "deelperiode"
    assert len([p for p in el.figure.axes[0].patches if p.get_height() > 0 and p.get_hatch() != "///"]) == 2
    assert "* voorlopig" in el.html and "geen gegevens: de bron" in el.html
