"""Public house-style charts `lijn` and `staaf` (also reachable as `charts.lijn` / `charts.staaf`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sdmonitor.publish import charts, huisstijl

SERIE = pd.DataFrame({
    "periode": ["2025-11", "2025-12", "2026-01", "2026-02"],
    "waarde": [10.0, 12.0, 9.0, 3.0],
    "eenheid": "aantal",
    "voorlopig": [False, False, True, True],
    "onderdrukt": [False, False, False, True],
    "tekst": ["10", "12", "9", "<5"],
})


def lines(fig: Figure):
    return [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata())]


def test_lijn_marks_provisional_points_as_the_report():
    fig = huisstijl.lijn(SERIE, titel="Cliënten")
    final, dashed, open_markers = lines(fig)
    # final part: nov, dec (x 0, 1)
    assert list(final.get_xdata()) == [0, 1] and final.get_linestyle() == "-"
    # dashed from the last final point (dec, 12) through jan (9); feb is a small number: not drawn
    assert list(dashed.get_xdata()) == [1, 2, 3] and dashed.get_linestyle() == "--"
    assert dashed.get_ydata()[1] == 9 and np.isnan(dashed.get_ydata()[2])
    assert open_markers.get_markerfacecolor() == "white"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [huisstijl.VOORLOPIG_LABEL]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["nov 25", "dec 25", "jan 26", "feb 26"]
    assert fig.axes[0].get_title() == "Cliënten"


def test_lijn_one_line_per_hue_and_png_in_jupyter():
    df = pd.DataFrame({"periode": ["2024", "2025"] * 2, "waarde": [1.0, 2.0, 3.0, 4.0],
                       "naam": ["Wijchen", "Wijchen", "Nederland", "Nederland"]})
    fig = huisstijl.lijn(df, hue="naam", eenheid="procent")
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Wijchen", "Nederland"]
    from matplotlib.colors import to_rgba

    style = charts.house_style()["kleuren"]
    wijchen, nederland = lines(fig)
    assert to_rgba(wijchen.get_color()) == to_rgba(style["reeksen"][0])
    assert to_rgba(nederland.get_color()) == to_rgba(style["landelijk"])  # the country grey
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_staaf_labels_provisional_categories_and_hides_small_numbers():
    df = SERIE.assign(periode=["2023", "2024", "2025", "2026"])
    fig = huisstijl.staaf(df, ylabel="Aantal")
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["2023", "2024", "2025\nvoorlopig", "2026\nvoorlopig"]
    heights = [p.get_height() for p in fig.axes[0].patches][:4]
    assert heights[:3] == [10.0, 12.0, 9.0] and heights[3] == 0.0  # the hidden one is not drawn
    assert "<5" in [t.get_text() for t in fig.axes[0].texts]  # ... but marked with its text


def test_staaf_accent_survives_the_voorlopig_label():
    df = pd.DataFrame({"naam": ["Wijchen", "Druten", "Nederland"], "waarde": [3.0, 2.0, 1.0],
                       "voorlopig": [True, False, False]})
    fig = huisstijl.staaf(df, x="naam", liggend=True, accent="Wijchen")
    colours = [p.get_facecolor() for p in fig.axes[0].patches]
    style = charts.house_style()["kleuren"]
    from matplotlib.colors import to_rgba

    assert colours == [to_rgba(style["gemeente"]), to_rgba(style["regio"]), to_rgba(style["landelijk"])]


def test_public_names_and_empty_input():
    assert charts.lijn is huisstijl.lijn and charts.staaf is huisstijl.staaf
    with pytest.raises(ValueError):
        huisstijl.lijn(SERIE.iloc[0:0])
    with pytest.raises(AttributeError):
        charts.bestaat_niet  # noqa: B018
