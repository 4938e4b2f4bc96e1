"""Elements: published HTML plus the data behind it (hand-built tiny frames)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sdmonitor.publish.element import DATA_COLUMNS, Element, ElementGroup, ExactNotAllowed, GridElement, text_blocks
from sdmonitor.publish.suppression import Published

# Jeugdigen per verwijzer (a count of persons): with drempel 5 the 3 is a small number and is
# printed "<5"; without a total row nothing reveals it, so 120 stays visible.
FIGURES = pd.DataFrame({
    "indicator": ["jeugd.verwijzer", "jeugd.verwijzer"],
    "periode": ["2025", "2025"],
    "dimensie": ["a", "b"],
    "waarde": [120.0, 3.0],
    "eenheid": ["aantal", "aantal"],
})


def grid(**kw) -> GridElement:
    pub = Published(FIGURES, drempel=5)
    cells = pd.DataFrame({
        "rij": ["A", "B", "Verschil"],
        "kolom": ["2025", "2025", "2025"],
        "tekst": [pub.get("jeugd.verwijzer", 2025, "a").tekst, pub.get("jeugd.verwijzer", 2025, "b").tekst, "+7"],
        # The last cell is derived (not a figure-table row): no source keys.
        "indicator": ["jeugd.verwijzer", "jeugd.verwijzer", ""],
        "periode": ["2025", "2025", ""],
        "dimensie": ["a", "b", ""],
    })
    return GridElement("<table>t</table>", cells, pub.frame, "Tabel x", **kw)


def test_repr_html_is_the_published_html_unchanged():
    html = '<p class="sd-tekst">Aantal &amp; meer</p>'
    assert Element(html)._repr_html_() == html
    assert grid()._repr_html_() == "<table>t</table>"


def test_data_hides_what_the_report_hides_and_exact_does_not():
    el = grid()
    data = el.data
    assert list(data.columns) == list(DATA_COLUMNS)
    # Printed as in the report: 120 and "<5" (3 < drempel 5), the derived "+7" as is.
    assert list(data["tekst"]) == ["120", "<5", "+7"]
    assert data["waarde"].iloc[0] == 120.0
    assert math.isnan(data["waarde"].iloc[1])  # hidden
    assert math.isnan(data["waarde"].iloc[2])  # no figure-table row
    assert list(data["onderdrukt"]) == [False, True, False]
    exact = el.exact()
    assert exact["waarde"].iloc[1] == 3.0
    assert list(exact["tekst"]) == ["120", "<5", "+7"]  # the text stays the published text


def test_exact_refuses_in_a_publication_run(monkeypatch):
    monkeypatch.setenv("SDMONITOR_PUBLICATIE", "1")
    with pytest.raises(ExactNotAllowed):
        grid().exact()
    with pytest.raises(ExactNotAllowed):
        Element("<p>x</p>").exact()


def test_data_is_only_what_the_grid_prints():
    # rows=["A", "Verschil"]: row B is not printed, so it is not in .data either.
    assert list(grid(rows=["A", "Verschil"]).data["rij"]) == ["A", "Verschil"]
    assert grid(cols=["2024"]).data.empty
    # Two cells at one position: the grid prints the last one.
    cells = pd.DataFrame({"rij": ["A", "A"], "kolom": ["k", "k"], "tekst": ["1", "2"]})
    assert list(GridElement("", cells, None).data["tekst"]) == ["2"]


def test_to_csv_round_trip(tmp_path):
    path = grid().to_csv(tmp_path / "x.csv")
    back = pd.read_csv(path, dtype={"periode": str, "tekst": str}, keep_default_na=False,
                       na_values={"waarde": [""]})
    assert list(back["tekst"]) == ["120", "<5", "+7"]
    assert back["waarde"].iloc[0] == 120.0 and math.isnan(back["waarde"].iloc[1])
    assert list(back["periode"]) == ["2025", "2025", ""]


def test_to_excel_round_trip(tmp_path):
    path = grid().to_excel(tmp_path / "x.xlsx")
    back = pd.read_excel(path, sheet_name="Tabel x", dtype={"tekst": str})
    assert list(back["tekst"]) == ["120", "<5", "+7"]
    assert back["waarde"].iloc[0] == 120.0


def test_text_element_data_is_its_text_blocks():
    html = ('<div class="sd-bevindingen"><h2 class="sd-kop">Belangrijkste bevindingen</h2>'
            "<ul><li>Een.</li><li>Twee &amp; <strong>drie</strong>.</li></ul></div>")
    el = Element(html)
    assert list(el.data["tekst"]) == ["Belangrijkste bevindingen", "Een.", "Twee & drie."]
    assert el.figure is None
    assert Element("").data.empty
    assert text_blocks("<p>a <b>b</b>\n c</p>") == ["a b c"]


def test_group_concatenates_its_members_and_keeps_their_figures():
    fig = Figure()
    first = GridElement("<figure>1</figure>", pd.DataFrame({"rij": ["r"], "kolom": ["k"], "tekst": ["1,5"]}),
                        None, "Eerste", fig)
    second = GridElement("<figure>2</figure>", pd.DataFrame({"rij": ["s"], "kolom": ["k"], "tekst": ["2"]}),
                         None, "Tweede", Figure())
    group = ElementGroup([first, second], "Regio")
    assert group.html == "<figure>1</figure><figure>2</figure>"
    assert group.figure is fig and len(group.figures) == 2
    assert list(group.data["element"]) == ["Eerste", "Tweede"]
    assert list(group.data["tekst"]) == ["1,5", "2"]
    assert first.soort == "figuur" and grid().soort == "tabel"
