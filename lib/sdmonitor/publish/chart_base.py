"""The house style's drawing primitives: the style as data (`data/house_style.yaml`), colours and
their contrast, Dutch axis ticks, figure set-up, legends, the hatched band of a hidden value and
reproducible PNGs, and the grouped bar chart that the report's charts and the analyst's `staaf`
share. `charts` (the report's chart functions) and `huisstijl` (the analyst's `lijn`
and `staaf`) both draw with these, so an analyst's own chart looks like the report's.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display; must precede any pyplot import elsewhere

import math

import matplotlib.image
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, MaxNLocator

from sdmonitor.house_style import house_style
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.formatting import getal, procent

matplotlib.rcParams["svg.hashsalt"] = "sdmonitor"
matplotlib.rcParams["path.simplify"] = True
# Labels are text from the data (bouwsteen names, vragen), never math: "$" must print as "$",
# not start mathtext (an unbalanced "$" would make the chapter fail).
matplotlib.rcParams["text.parse_math"] = False


def _colours() -> dict[str, Any]:
    return house_style()["kleuren"]


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour (0 black .. 1 white)."""
    h = colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 .. 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _decimals_for_step(step: float) -> int:
    """Decimals that tell ticks `step` apart: 5 -> 0, 2.5 -> 1, 0.25 -> 2."""
    if step <= 0 or not math.isfinite(step):
        return 0
    for d in range(0, 4):
        if abs(round(step * 10 ** d) - step * 10 ** d) < 1e-6:
            return d
    return 3


class DutchTickFormatter(Formatter):
    """Dutch tick labels with as many decimals as the tick step needs (the same on every tick):
    "3%, 8%, 13%" becomes "2,5%, 5,0%, 7,5%" where the step asks for it; euros carry "€"."""

    def __init__(self, eenheid: str) -> None:
        self.eenheid = eenheid
        self.decimals = 0
        self.scale = 1.0
        self.suffix = ""

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        values = sorted(float(v) for v in locs)
        factor = 100.0 if self.eenheid == "fractie" else 1.0
        top = max((abs(v) for v in values), default=0.0)
        self.scale, self.suffix = (1e6, " mln") if self.eenheid == "euro" and top >= 1e6 else (1.0, "")
        step = (values[1] - values[0]) * factor / self.scale if len(values) > 1 else 1.0
        self.decimals = _decimals_for_step(step)

    def __call__(self, x: float, pos: int | None = None) -> str:
        if self.eenheid == "fractie":
            return procent(x, self.decimals)
        if self.eenheid == "procent":
            return procent(x, self.decimals, fractie=False)
        if self.eenheid == "euro":
            return "€ " + getal(x / self.scale, self.decimals) + self.suffix
        return getal(x, self.decimals)


def is_count(eenheid: str) -> bool:
    """Units whose axis shows whole numbers only (no 1,5 persons)."""
    return eenheid not in ("fractie", "procent", "euro", "cijfer")


def new_figure(ncols: int = 1, nrows: int = 1, hoogte: float | None = None) -> tuple[Figure, np.ndarray]:
    """A Figure in the house style (not registered with pyplot, so nothing leaks between cells)."""
    style = house_style()
    font = style["lettertype"]
    matplotlib.rcParams.update({
        "font.family": font["familie"], "font.size": font["grootte"], "axes.titlesize": font["titel"],
        "axes.edgecolor": _colours()["raster"], "axes.labelcolor": _colours()["tekst"],
        "xtick.color": _colours()["tekst"], "ytick.color": _colours()["tekst"],
        "text.parse_math": False,
    })
    size = style["figuur"]
    fig = Figure(figsize=(size["breedte"], hoogte or size["hoogte"]), dpi=size["dpi"], layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.grid(True, color=_colours()["raster"], linewidth=0.6)
        ax.set_axisbelow(True)
    return fig, axes


# One Agg renderer per (width, height, dpi) for the whole process. matplotlib keeps its text
# measurements per renderer, and a renderer per chart measured the same tick labels, legend entries
# and titles again in every chart (the bouwsteen charts of a monitor repeat most of them). A
# renderer is cleared before each draw, so a chart's pixels do not depend on the charts before it.
_RENDERERS: dict[tuple[int, int, float], RendererAgg] = {}


class _SharedRendererCanvas(FigureCanvasAgg):
    """`FigureCanvasAgg` drawing on the process's renderer of its size and dpi."""

    def get_renderer(self) -> RendererAgg:
        width, height = self.get_width_height(physical=True)
        key = (width, height, float(self.figure.dpi))
        renderer = _RENDERERS.get(key)
        if renderer is None:
            renderer = _RENDERERS[key] = RendererAgg(width, height, self.figure.dpi)
        self.renderer, self._lastKey = renderer, key
        return renderer


def png_bytes(fig: Figure) -> bytes:
    """The Figure as PNG; no timestamp or software metadata, so equal input gives equal bytes.

    The same bytes as `fig.savefig(format="png", dpi=<house dpi>)`, in one draw instead of two:
    with a layout engine, savefig first draws the whole figure without output only to run the
    layout, then draws it again. `Figure.draw` runs the layout engine itself before it draws, so
    one Agg draw gives the same layout and pixels (a fifth of a chart's drawing time saved)."""
    old_canvas, old_dpi = fig.canvas, fig.dpi
    canvas = _SharedRendererCanvas(fig)  # becomes fig.canvas; the old one is put back below
    try:
        fig.dpi = house_style()["figuur"]["dpi"]
        canvas.draw()
        buf = io.BytesIO()
        # What savefig's print_png does after its draw: the RGBA buffer through Pillow.
        no_software: dict[str, Any] = {"Software": None}  # None drops the key (typed as str only)
        matplotlib.image.imsave(buf, canvas.buffer_rgba(), format="png", origin="upper", dpi=fig.dpi,
                                metadata=no_software)
    finally:
        fig.dpi = old_dpi
        fig.set_canvas(old_canvas)
    return buf.getvalue()


def _finish_value_axis(axis: Any, eenheid: str) -> None:
    """Locator and Dutch formatter of a value axis: whole ticks for counts, decimals after the step."""
    axis.set_major_locator(MaxNLocator(nbins=6, integer=is_count(eenheid), steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(DutchTickFormatter(eenheid))


def _finish_y(ax: Any, eenheid: str, ylabel: str) -> None:
    _finish_value_axis(ax.yaxis, eenheid)
    ax.set_ylabel(ylabel)
    lo, hi = ax.get_ylim()
    # A share axis runs to just above the largest share (a 0-100 % axis hides 2-5 % shares);
    # an all-zero count axis still shows 0..1 rather than collapsing.
    ax.set_ylim(min(0, lo), max(hi, 0.01 if eenheid == "fractie" else 1))


def _legend(fig: Figure, axes: Any, ncols: int, order: list[str] | None = None, extra: list[Any] | None = None) -> None:
    """One legend below the plot area (never over the data), listing only series that were drawn
    (in `order` where given), then the `extra` handles (series proxies, the status marks)."""
    handles, labels = [], []
    for ax in np.atleast_1d(axes):
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels and not lab.startswith("_"):
                handles.append(h)
                labels.append(lab)
    for h in extra or []:
        if h.get_label() not in labels:
            handles.append(h)
            labels.append(h.get_label())
    if order:
        rank = {name: i for i, name in enumerate(order)}
        pairs = sorted(zip(handles, labels), key=lambda p: rank.get(p[1], len(rank)))
        handles, labels = [h for h, _ in pairs], [lab for _, lab in pairs]
    if handles:
        ncols = max(1, min(ncols, len(labels)))
        # A legend row wider than the figure is cut off: fewer columns (more rows) until the
        # longest row fits (about 95 characters at the house font size and figure width).
        while ncols > 1 and max(sum(len(lab) + 6 for lab in labels[i:i + ncols])
                                for i in range(0, len(labels), ncols)) > LEGEND_ROW_CHARS:
            ncols -= 1
        fig.legend(handles, labels, loc="outside lower center", ncols=ncols, frameon=False)


LEGEND_ROW_CHARS = 95
# Lines differ by marker as well as colour, so no series is told apart by colour alone.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _drawn(values: np.ndarray, hidden: np.ndarray | None = None) -> bool:
    """Does a series show anything: a non-zero value or a hatched (hidden) small number?"""
    shown = np.nan_to_num(np.asarray(values, dtype="float64")) != 0
    return bool(shown.any() or (hidden is not None and np.asarray(hidden, dtype=bool).any()))


def _hidden_band(ax: Any, x: float, width: float, text: str, bottom: float = 0.0) -> None:
    """A hatched stub where a small number is hidden, labelled with its published text ("<5")."""
    lo, top = ax.get_ylim()
    stub = top * 0.06
    ax.bar(x, stub, width=width, bottom=bottom, color="white", edgecolor=_colours()["onderdrukt"],
           hatch="///", linewidth=0.8)
    ax.annotate(text, (x, bottom + stub), ha="center", va="bottom", fontsize=7, color=_colours()["tekst"],
                annotation_clip=False)
    if bottom + stub > 0.9 * top:
        # On top of the highest stack the stub and its label would be cut off by the axis: the
        # axis grows to hold them (the label takes about a tenth of the height).
        ax.set_ylim(lo, (bottom + stub) / 0.9)


def _prepare(data: pd.DataFrame) -> pd.DataFrame:
    out = data.copy()
    if "onderdrukt" not in out:
        out["onderdrukt"] = False
    if "tekst" not in out:
        out["tekst"] = out["waarde"].map(getal)
    return out


def statuses_of(data: pd.DataFrame) -> np.ndarray:
    """The normalised `status` of every row ("definitief" where the frame has no such column)."""
    if "status" not in data:
        return np.full(len(data), sw.DEFINITIEF, dtype=object)
    return np.array([sw.normal(s) for s in data["status"]], dtype=object)


def grouped_bars(data: pd.DataFrame, ylabel: str, eenheid: str = "aantal", stacked: bool = False,
                 horizontal: bool = False, highlight: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Bars per `categorie`, one colour per `reeks` (grouped or stacked). With `horizontal` and
    `highlight`, the highlighted categorie (the own municipality) stands out.

    `data`: columns categorie, reeks, waarde, onderdrukt, tekst and optionally `status`: a
    `geen_gegevens` value draws no bar (never a 0), `voorlopig` and `deelperiode` bars are drawn
    lighter and hatched (`status_weergave.BAR_STYLE`) and the legend explains them."""
    data = _prepare(data)
    categories = list(dict.fromkeys(data["categorie"]))
    series = list(dict.fromkeys(data["reeks"]))
    hoogte = max(2.6, 0.32 * len(categories) + 1.2) if horizontal else None
    fig, (ax,) = new_figure(hoogte=hoogte)
    colours = _colours()["reeksen"]
    pos = np.arange(len(categories))
    width = 0.8 if stacked else 0.8 / max(len(series), 1)
    bottom = np.zeros(len(categories))
    # Per category, the published texts of hidden stacked segments: marked once on top of the stack.
    stacked_hidden: list[list[str]] = [[] for _ in categories]
    draw = ax.barh if horizontal else ax.bar
    drawn = 0  # colours go to drawn series only, so neighbours keep the palette's contrast
    proxies: list[Any] = []  # one plain patch per series: its bars may all be hatched
    marked: set[str] = set()
    for i, name in enumerate(series):
        part = data[data["reeks"] == name].set_index("categorie").reindex(categories)
        hidden = part["onderdrukt"].fillna(False).astype(bool).to_numpy()
        status = statuses_of(part)
        # A category without a row of this series (or without a value) has no data either: no bar.
        status[part["waarde"].isna().to_numpy() & ~hidden] = sw.GEEN_GEGEVENS
        nodata = status == sw.GEEN_GEGEVENS
        values = np.nan_to_num(part["waarde"].to_numpy(dtype="float64"))
        values = np.where(hidden | nodata, 0.0, values)
        offset = pos if stacked else pos - 0.4 + width * (i + 0.5)
        shown = _drawn(values, hidden)
        colour = [colours[drawn % len(colours)]] * len(categories)
        if shown:
            proxies.append(Patch(facecolor=colour[0], label=str(name)))
        drawn += shown
        if highlight is not None and len(series) == 1:
            # The own municipality dark, the country grey, the rest of the region light.
            colour = [_colours()["gemeente"] if c == highlight else
                      _colours()["landelijk"] if c == "Nederland" else _colours()["regio"] for c in categories]
        for j in np.flatnonzero(~nodata):
            # One bar at a time: its status decides its fill (lighter, hatched) on the series colour.
            style = sw.bar_kwargs(status[j], colour[j])
            marked |= {status[j]} & {sw.VOORLOPIG, sw.DEELPERIODE}
            if horizontal:
                draw(offset[j], values[j], height=width, left=bottom[j] if stacked else None, label="_", **style)
            else:
                draw(offset[j], values[j], width=width, bottom=bottom[j] if stacked else None, label="_", **style)
        if not stacked and not horizontal:
            for xi, h, t in zip(offset, hidden, part["tekst"]):
                if h:
                    _hidden_band(ax, xi, width, t)
        if stacked:
            bottom = bottom + values
            for ci, (h, t) in enumerate(zip(hidden, part["tekst"])):
                if h:
                    stacked_hidden[ci].append(str(t))
    if stacked and not horizontal:
        _finish_y(ax, eenheid, ylabel)
        for ci, texts in enumerate(stacked_hidden):
            if texts:
                _hidden_band(ax, pos[ci], width, "/".join(dict.fromkeys(texts)), bottom=float(bottom[ci]))
    if horizontal:
        ax.set_yticks(pos, categories)
        ax.invert_yaxis()
        _finish_value_axis(ax.xaxis, eenheid)
        ax.set_xlabel(ylabel)
        ax.yaxis.grid(False)
        ax.xaxis.grid(True, color=_colours()["raster"], linewidth=0.6)
    else:
        ax.set_xticks(pos, categories, rotation=30 if max(len(str(c)) for c in categories) > 12 else 0,
                      ha="right" if max(len(str(c)) for c in categories) > 12 else "center")
        _finish_y(ax, eenheid, ylabel)
    status_handles = sw.legend_handles(marked, _colours()["onderdrukt"])
    if len(series) > 1 or status_handles:
        _legend(fig, ax, 4, extra=(proxies if len(series) > 1 else []) + status_handles)
    return fig, data
