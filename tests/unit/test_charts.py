"""House-style charts: return (Figure, data), deterministic PNG bytes, hidden values not drawn."""

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sdmonitor.publish import charts


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


def test_png_bytes_are_savefigs_bytes_in_one_draw():
    # png_bytes draws once (the layout engine runs inside the draw) where savefig draws twice:
    # the same figure must come out byte for byte as savefig writes it, with the same layout.
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    saved = io.BytesIO()
    fig = charts.bouwsteen_chart(bouwsteen_data(), "Aantal", 2026)[0]
    fig.savefig(saved, format="png", dpi=charts.house_style()["figuur"]["dpi"], metadata={"Software": None})
    drawn = []
    original = FigureCanvasAgg.draw

    def counting(self):
        drawn.append(self)
        return original(self)

    FigureCanvasAgg.draw = counting
    try:
        fig2 = charts.bouwsteen_chart(bouwsteen_data(), "Aantal", 2026)[0]
        canvas = fig2.canvas
        png = charts.png_bytes(fig2)
    finally:
        FigureCanvasAgg.draw = original
    assert png == saved.getvalue()
    assert len(drawn) == 1
    assert fig2.canvas is canvas and fig2.get_layout_engine() is not None  # the figure is left as it was


def test_a_chart_drawn_after_another_on_the_shared_renderer_is_savefigs_bytes():
    # png_bytes draws every chart of one size on one renderer (text measured once per process):
    # nothing of the chart before may reach the next one's pixels.
    import io

    from sdmonitor.publish import chart_base

    other = bouwsteen_data().assign(bouwsteen="Ambulante jeugdhulp", realisatie=[9e5, 1e6, 2e3, 5.0])
    charts.png_bytes(charts.bouwsteen_chart(other, "Uren", 2026)[0])
    renderers = dict(chart_base._RENDERERS)
    saved = io.BytesIO()
    charts.bouwsteen_chart(bouwsteen_data(), "Aantal", 2026)[0].savefig(
        saved, format="png", dpi=charts.house_style()["figuur"]["dpi"], metadata={"Software": None})
    assert charts.png_bytes(charts.bouwsteen_chart(bouwsteen_data(), "Aantal", 2026)[0]) == saved.getvalue()
    assert chart_base._RENDERERS == renderers  # the same size: drawn on the same renderer


def test_png_bytes_uses_the_house_dpi_and_leaves_the_figures_dpi():
    fig = Figure(figsize=(2, 1), dpi=50)
    fig.subplots()
    png = charts.png_bytes(fig)
    dpi = charts.house_style()["figuur"]["dpi"]
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (2 * dpi, 1 * dpi)
    assert fig.dpi == 50


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
    assert len(lines) == 2
    # The hidden 2026 value is not plotted (NaN), so 2026 draws nothing and the legend omits it.
    assert pd.isna(lines[1].get_ydata()[0])
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["2025"]
    assert len(out) == 3


def test_stacked_bars_mark_hidden_segments_on_top_of_the_stack():
    # 2025: formeel hidden ("<5"), informeel 11 -> one hatched stub on top of the 11, labelled "<5"
    import pandas as pd

    from sdmonitor.publish import charts

    data = pd.DataFrame({"categorie": ["2025", "2025"], "reeks": ["Formeel", "Informeel"], "waarde": [1.0, 11.0],
                         "onderdrukt": [True, False], "tekst": ["<5", "11"]})
    fig, _ = charts.grouped_bars(data, "Aantal klachten", stacked=True)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["<5"]
    # the stub starts at the top of the visible stack (11), never at the hidden value
    stubs = [p for p in ax.patches if p.get_hatch() == "///"]
    assert len(stubs) == 1 and stubs[0].get_y() == 11.0


def test_hidden_stub_on_the_highest_stack_fits_in_the_axis():
    # 2024 (20 shown + hidden "<5") is the highest stack: its stub and label sat above the axis
    # and were cut off. The axis now runs past the stub's top, with room for the label.
    data = pd.DataFrame({"categorie": ["2023", "2024", "2024"], "reeks": ["Wmo", "Wmo", "Jeugd"],
                         "waarde": [15.0, 20.0, 2.0], "onderdrukt": [False, False, True],
                         "tekst": ["15", "20", "<5"]})
    fig, _ = charts.grouped_bars(data, "Aantal bezwaren", stacked=True)
    ax = fig.axes[0]
    stub = next(p for p in ax.patches if p.get_hatch() == "///")
    top = stub.get_y() + stub.get_height()
    assert stub.get_y() == 20.0
    assert ax.get_ylim()[1] >= top / 0.9 - 1e-9  # a tenth of the height left for "<5"


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
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
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

def test_relative_luminance_and_contrast_hand_worked():
    # #1f3864: R 0x1f=31  -> 31/255=0.121569 -> ((0.121569+0.055)/1.055)^2.4 = 0.167364^2.4 = 0.013702
    #          G 0x38=56  -> 0.219608 -> (0.274608/1.055)^2.4 = 0.260292^2.4 = 0.039547
    #          B 0x64=100 -> 0.392157 -> (0.447157/1.055)^2.4 = 0.423846^2.4 = 0.127438
    # L = 0.2126*0.013702 + 0.7152*0.039547 + 0.0722*0.127438 = 0.002913 + 0.028284 + 0.009201 = 0.040398
    # against white (L=1): (1 + 0.05) / (0.040398 + 0.05) = 1.05 / 0.090398 = 11.615
    assert charts.relative_luminance("#1f3864") == pytest.approx(0.040398, abs=1e-5)
    assert charts.contrast_ratio("#1f3864", "#ffffff") == pytest.approx(11.615, abs=1e-3)
    assert charts.contrast_ratio("#ffffff", "#1f3864") == charts.contrast_ratio("#1f3864", "#ffffff")
    assert charts.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    # the weak colours really are weak: #9dc3e6 on white is about 1,8:1
    assert charts.contrast_ratio("#9dc3e6", "#ffffff") == pytest.approx(1.84, abs=0.01)


def test_every_house_colour_meets_3_to_1_against_white_and_its_neighbours():
    style = charts.house_style()
    kleuren, rule = style["kleuren"], style["contrast"]
    minimum = rule["minimum"]
    singles = {k: v for k, v in kleuren.items() if k not in ("reeksen", *rule["uitgezonderd"])}
    weak = [(k, round(charts.contrast_ratio(v, "#ffffff"), 2)) for k, v in singles.items()
            if charts.contrast_ratio(v, "#ffffff") < (rule["tekst_minimum"] if k == "tekst" else minimum)]
    weak += [(c, round(charts.contrast_ratio(c, "#ffffff"), 2)) for c in kleuren["reeksen"]
             if charts.contrast_ratio(c, "#ffffff") < minimum]
    assert weak == []
    # series are drawn in this order (grouped and stacked bars, lines): each pair of neighbours
    series = kleuren["reeksen"]
    pairs = [(f"reeksen[{i}]", a, f"reeksen[{i + 1}]", b) for i, (a, b) in enumerate(zip(series, series[1:]))]
    pairs += [(a, kleuren[a], b, kleuren[b]) for a, b in rule["paren"]]
    close = [(a, b, round(charts.contrast_ratio(ca, cb), 2)) for a, ca, b, cb in pairs
             if charts.contrast_ratio(ca, cb) < minimum]
    assert close == []


def test_count_axis_has_whole_ticks_and_share_axis_shows_small_shares():
    counts = pd.DataFrame({"categorie": ["2024", "2025"], "reeks": ["r", "r"], "waarde": [3.0, 5.0]})
    fig, _ = charts.grouped_bars(counts, "Aantal")
    fig.canvas.draw()
    ticks = fig.axes[0].get_yticks()
    assert all(float(t).is_integer() for t in ticks)  # never 1,5 or 4,5 persons
    shares = pd.DataFrame({"categorie": ["2024", "2025"], "reeks": ["r", "r"], "waarde": [0.02, 0.05]})
    fig, _ = charts.grouped_bars(shares, "Aandeel", eenheid="fractie")
    fig.canvas.draw()
    assert fig.axes[0].get_ylim()[1] < 0.1  # 2-5 % shares are not squashed on a 0-100 % axis
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "5%" in labels or "5,0%" in labels or "4%" in labels


def test_tick_decimals_follow_the_step_and_euros_carry_the_sign():
    fmt = charts.DutchTickFormatter("fractie")
    assert fmt.format_ticks([0.0, 0.025, 0.05, 0.075]) == ["0,0%", "2,5%", "5,0%", "7,5%"]
    assert fmt.format_ticks([0.0, 0.05, 0.10]) == ["0%", "5%", "10%"]
    euro = charts.DutchTickFormatter("euro")
    assert euro.format_ticks([0.0, 2000.0, 4000.0]) == ["€ 0", "€ 2.000", "€ 4.000"]
    assert euro.format_ticks([0.0, 2_500_000.0, 5_000_000.0]) == ["€ 0,0 mln", "€ 2,5 mln", "€ 5,0 mln"]


def test_legend_below_the_plot_lists_only_drawn_series():
    data = pd.DataFrame({"categorie": ["2024", "2025", "2024", "2025"], "reeks": ["Jeugd", "Jeugd", "Overig", "Overig"],
                         "waarde": [4.0, 6.0, 0.0, 0.0]})
    fig, _ = charts.grouped_bars(data, "Aantal", stacked=True)
    assert fig.axes[0].get_legend() is None  # not inside the plot area, where it could cover a bar
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Jeugd"]


def test_bouwsteen_chart_one_unit_per_axis():
    data = pd.DataFrame({"bouwsteen": ["Pleegzorg", "Pleegzorg", "GGZ", "GGZ"], "jaar": [2025, 2026, 2025, 2026],
                         "realisatie": [10.0, 4.0, 100.0, 30.0], "prognose": [float("nan"), 12.0, float("nan"), 90.0],
                         "nulmeting": [9.0, 9.0, 80.0, 80.0]})
    fig, _ = charts.bouwsteen_chart(data, "Aantal (etmaal, uur)", 2026, eenheden={"Pleegzorg": "etmaal", "GGZ": "uur"})
    assert [ax.get_ylabel() for ax in fig.axes[:2]] == ["Aantal (etmaal)", "Aantal (uur)"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Realisatie", "Prognose", "Nulmeting"]


def test_colours_go_to_drawn_series_only():
    # "Overig" is all zero: not drawn, so "Wmo" takes the next palette colour and stays its neighbour
    data = pd.DataFrame({"categorie": ["2025"] * 3, "reeks": ["Jeugd", "Overig", "Wmo"], "waarde": [4.0, 0.0, 6.0]})
    fig, _ = charts.grouped_bars(data, "Aantal", stacked=True)
    palette = charts.house_style()["kleuren"]["reeksen"]
    from matplotlib.colors import to_hex
    colours = [to_hex(c.patches[0].get_facecolor()) for c in fig.axes[0].containers]
    assert colours[0] == palette[0] and colours[2] == palette[1]


def test_decomposition_bars_push_parts_left_and_right_of_zero():
    # Pleegzorg: prijs +30, volume -50, mix +10 -> bars from 0..30 and 30..40 on the right, -50..0 on the left
    data = pd.DataFrame({"categorie": ["Pleegzorg"] * 3, "reeks": ["Prijs", "Volume", "Mix"],
                         "waarde": [30.0, -50.0, 10.0], "totaal": [-10.0] * 3})
    fig, _ = charts.decomposition_bars(data, "Verschil")
    bars = sorted((round(p.get_x(), 6), round(p.get_width(), 6)) for p in fig.axes[0].patches)
    assert bars == [(0.0, -50.0), (0.0, 30.0), (30.0, 10.0)]
    assert charts.png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_legend_of_long_labels_wraps_instead_of_running_off_the_figure():
    # four labels of ~33 characters: (33 + 6) * 4 = 156 > 95, so two columns (2 * 39 = 78)
    data = pd.DataFrame({"categorie": ["Pleegzorg"] * 4,
                         "reeks": [f"Een lange legendanaam nummer {i} xyz" for i in range(4)],
                         "waarde": [1.0, -2.0, 3.0, 1.0], "totaal": [3.0] * 4})
    fig, _ = charts.decomposition_bars(data, "Verschil")
    assert fig.legends[0]._ncols == 2


def test_compare_lines_draws_the_prognose_dashed_from_the_last_observed_year():
    data = pd.DataFrame({"jaar": ["2025", "2026", "2027", "2028"] * 2, "reeks": ["A"] * 4 + ["NL"] * 4,
                         "waarde": [20.0, 21.0, 22.0, 23.0, 19.0, 19.5, 20.0, 20.5]})
    fig, _ = charts.compare_lines(data, "%", "procent", prognose_vanaf=2027)
    ax = fig.axes[0]
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    # per series one dashed line over 2026 (last observed, for continuity), 2027 and 2028
    assert [list(line.get_xdata()) for line in dashed] == [[2026, 2027, 2028], [2026, 2027, 2028]]
    assert any(t.get_text() == "prognose" for t in ax.texts)


def test_three_bouwsteen_panels_break_tick_labels_word_by_word():
    # Side by side, "2025 (voorlopig)" and "2026 t/m feb" ran into each other under the bars.
    from sdmonitor.periods import Periode

    rows = [dict(bouwsteen=b, jaar=j, realisatie=100.0, prognose=float("nan"), nulmeting=float("nan"), status=st)
            for b in ("A", "B", "C")
            for j, st in ((2024, "definitief"), (2025, "voorlopig"), (2026, "deelperiode"))]
    fig, _ = charts.bouwsteen_chart(pd.DataFrame(rows), "Aantal", 2026, periode=Periode(2026, 2))
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["2024", "2025\n(voorlopig)", "2026\nt/m\nfeb"]
    assert fig.axes[0].get_xticklabels()[0].get_fontsize() == 7
    one, _ = charts.bouwsteen_chart(pd.DataFrame(rows[:3]), "Aantal", 2026, periode=Periode(2026, 2))
    assert [t.get_text() for t in one.axes[0].get_xticklabels()][-1] == "2026\nt/m feb"
