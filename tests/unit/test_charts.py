"""House-style charts: return (Figure, data), deterministic PNG bytes, hidden values not drawn."""

import pandas as pd
from matplotlib.figure import Figure

from sdmonitor import charts


def bouwsteen_data():
    return pd.DataFrame({
        "bouwsteen": ["Pleegzorg"] * 4,
        "jaar": [2023, 2024, 2025, 2026],
        "realisatie": [100.0, 120.0, 130.0, 20.0],
        "prognose": [float("nan")] * 3 + [125.0],
        "nulmeting": [110.0, 115.0, 125.0, 120.0],
    })


def test_house_style_is_data():
    style = charts.house_style()
    assert style["kleuren"]["realisatie"].startswith("#")
    assert style["figuur"]["dpi"] > 0


def test_bouwsteen_chart_draws_realisatie_prognose_and_nulmeting():
    fig, data = charts.bouwsteen_chart(bouwsteen_data(), "Aantal (etmaal)", 2026)
    assert isinstance(fig, Figure)
    assert data["realisatie"].tolist() == [100.0, 120.0, 130.0, 20.0]
    ax = fig.axes[0]
    heights = sorted(round(p.get_height()) for p in ax.patches)
    # 4 realisatie bars + 1 prognose bar (current year only).
    assert heights == [20, 100, 120, 125, 130]
    # One nulmeting line collection with a segment per year.
    assert len(ax.collections[0].get_segments()) == 4


def test_same_input_gives_same_png_bytes():
    a = charts.png_bytes(charts.bouwsteen_chart(bouwsteen_data(), "Aantal", 2026)[0])
    b = charts.png_bytes(charts.bouwsteen_chart(bouwsteen_data(), "Aantal", 2026)[0])
    assert a[:8] == b"\x89PNG\r\n\x1a\n"
    assert a == b


def test_hidden_bar_is_not_drawn_and_labelled():
    data = pd.DataFrame({"categorie": ["2024", "2025"], "reeks": ["Huisarts"] * 2, "waarde": [3.0, 40.0],
                         "onderdrukt": [True, False], "tekst": ["<5", "40"]})
    fig, _ = charts.grouped_bars(data, "Aantal jeugdigen")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "<5" in texts
    # No bar is 3 high: the hidden value is replaced by a hatched stub, never its own height.
    assert all(round(p.get_height(), 6) != 3.0 for p in ax.patches)


def test_dutch_axis_format():
    fig, _ = charts.grouped_bars(pd.DataFrame({"categorie": ["a"], "reeks": ["r"], "waarde": [2500.0]}), "Aantal")
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "2.500" in labels or "2.000" in labels


def test_lines_per_year_one_line_per_year():
    data = pd.DataFrame({"maand": ["2025-01", "2025-02", "2026-01"], "waarde": [10.0, 12.0, 3.0],
                         "onderdrukt": [False, False, True], "tekst": ["10", "12", "<5"]})
    fig, out = charts.lines_per_year(data, "Aantal")
    lines = fig.axes[0].get_lines()
    assert [l.get_label() for l in lines] == ["2025", "2026"]
    # The hidden 2026 value is not plotted (NaN).
    assert pd.isna(lines[1].get_ydata()[0])
    assert len(out) == 3


def test_stacked_bars_mark_hidden_segments_on_top_of_the_stack():
    # 2025: formeel hidden ("<5"), informeel 11 -> one hatched stub on top of the 11, labelled "<5"
    import pandas as pd
    from sdmonitor import charts

    data = pd.DataFrame({"categorie": ["2025", "2025"], "reeks": ["Formeel", "Informeel"], "waarde": [1.0, 11.0],
                         "onderdrukt": [True, False], "tekst": ["<5", "11"]})
    fig, _ = charts.grouped_bars(data, "Aantal klachten", stacked=True)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["<5"]
    # the stub starts at the top of the visible stack (11), never at the hidden value
    stubs = [p for p in ax.patches if p.get_hatch() == "///"]
    assert len(stubs) == 1 and stubs[0].get_y() == 11.0


def test_dollar_signs_in_labels_are_text_not_math():
    # "$x^$" is invalid mathtext: with math parsing on, rendering raises ValueError (issue 9 §13).
    data = bouwsteen_data().assign(bouwsteen="Kosten in $x^$ en $$")
    fig, _ = charts.bouwsteen_chart(data, "Bedrag in $ (x $1)", 2026)
    assert charts.png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"
    bars = pd.DataFrame({"categorie": ["$a", "b$"], "reeks": ["$_{x}$"] * 2, "waarde": [10.0, 40.0]})
    fig, _ = charts.grouped_bars(bars, "$ per $")
    assert charts.png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"
    texts = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "$a" in texts

def test_lines_per_year_draws_voorlopig_months_dashed_with_a_legend_word():
    data = pd.DataFrame({"maand": ["2025-11", "2025-12", "2026-01"], "waarde": [100.0, 80.0, 50.0]})
    verwacht = pd.DataFrame({"maand": ["2025-12", "2026-01"], "waarde": [98.0, 97.0]})
    fig, _ = charts.lines_per_year(data, "Aantal", verwacht)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "voorlopig: verwacht" in labels
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--" and len(line.get_xdata())]
    # 2025: from November's final 100 to December's expected 98; 2026: January's expected 97 alone.
    assert sorted(list(map(float, line.get_ydata())) for line in dashed) == [[97.0], [100.0, 98.0]]


def test_bouwsteen_chart_labels_a_voorlopig_year():
    data = pd.DataFrame({"bouwsteen": ["Pleegzorg"] * 2, "jaar": [2025, 2026], "realisatie": [100.0, 20.0],
                         "prognose": [float("nan"), 110.0], "nulmeting": [float("nan")] * 2})
    fig, _ = charts.bouwsteen_chart(data, "Aantal", 2026, voorlopig_jaren=(2025,))
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["2025\nvoorlopig", "2026*"]
