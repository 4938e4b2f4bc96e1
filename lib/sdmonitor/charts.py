"""House-style charts. Style is data (`data/house_style.yaml`); each function returns the matplotlib
Figure and the DataFrame it plotted (for the data table under the figure and the alt text).

Inputs are tidy frames that the presentation layer already passed through the small-numbers rule:
`waarde` (exact, float), `onderdrukt` (bool: not drawn, marked with a hatched band) and `tekst`
(the published text, e.g. "1.301" or "<5"). Output PNGs are byte-for-byte reproducible.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display; must precede any pyplot import elsewhere

import numpy as np
import pandas as pd
import yaml
from matplotlib.figure import Figure
import math

import matplotlib.patheffects as patheffects
from matplotlib.ticker import Formatter, MaxNLocator

from . import config
from .formatting import getal, maand_kort, procent

matplotlib.rcParams["svg.hashsalt"] = "sdmonitor"
matplotlib.rcParams["path.simplify"] = True
# Labels are text from the data (bouwsteen names, vragen), never math: "$" must print as "$",
# not start mathtext (an unbalanced "$" would make the chapter fail).
matplotlib.rcParams["text.parse_math"] = False


@lru_cache(maxsize=1)
def house_style() -> dict[str, Any]:
    """The house style (`data/house_style.yaml`) as a dict."""
    return yaml.safe_load(config.HOUSE_STYLE.read_text(encoding="utf-8"))


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

    def set_locs(self, locs) -> None:  # noqa: ANN001 - matplotlib's signature
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


def png_bytes(fig: Figure) -> bytes:
    """The Figure as PNG; no timestamp or software metadata, so equal input gives equal bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=house_style()["figuur"]["dpi"], metadata={"Software": None})
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


def _legend(fig: Figure, axes: Any, ncols: int, order: list[str] | None = None) -> None:
    """One legend below the plot area (never over the data), listing only series that were drawn
    (in `order` where given)."""
    handles, labels = [], []
    for ax in np.atleast_1d(axes):
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels and not lab.startswith("_"):
                handles.append(h)
                labels.append(lab)
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
    top = ax.get_ylim()[1]
    ax.bar(x, top * 0.06, width=width, bottom=bottom, color="white", edgecolor=_colours()["onderdrukt"],
           hatch="///", linewidth=0.8)
    ax.annotate(text, (x, bottom + top * 0.06), ha="center", va="bottom", fontsize=7, color=_colours()["tekst"])


def _prepare(data: pd.DataFrame) -> pd.DataFrame:
    out = data.copy()
    if "onderdrukt" not in out:
        out["onderdrukt"] = False
    if "tekst" not in out:
        out["tekst"] = out["waarde"].map(getal)
    return out


def bouwsteen_chart(data: pd.DataFrame, eenheid_label: str, huidig_jaar: int,
                    voorlopig_jaren: tuple[int, ...] = (),
                    eenheden: dict[str, str] | None = None) -> tuple[Figure, pd.DataFrame]:
    """The seed's bouwsteen chart: per bouwsteen, realisatie bars per year (dark blue), the prognose
    as a lighter bar on the current year only, and the nulmeting as a black line per year.
    Each bouwsteen has its own panel and axis; with `eenheden` (bouwsteen -> unit) every axis is
    labelled with its own unit ("Aantal (etmaal)"), so no axis mixes units.

    `data`: columns bouwsteen, jaar, realisatie, prognose, nulmeting (NaN where unknown)."""
    c = _colours()
    bouwstenen = list(dict.fromkeys(data["bouwsteen"]))
    ncols = min(len(bouwstenen), 3) or 1
    nrows = -(-len(bouwstenen) // ncols) or 1
    fig, axes = new_figure(ncols, nrows, hoogte=2.9 * nrows)
    for ax, bouwsteen in zip(axes, bouwstenen):
        part = data[data["bouwsteen"] == bouwsteen].sort_values("jaar")
        x = np.arange(len(part))
        current = (part["jaar"] == huidig_jaar).to_numpy() & part["prognose"].notna().to_numpy()
        if current.any():
            ax.bar(x[current], part["prognose"].to_numpy()[current], width=0.7, color=c["prognose"], label="Prognose")
        ax.bar(x, part["realisatie"].fillna(0).to_numpy(), width=0.5, color=c["realisatie"], label="Realisatie")
        known = part["nulmeting"].notna().to_numpy()
        if known.any():
            ax.hlines(part["nulmeting"].to_numpy()[known], x[known] - 0.4, x[known] + 0.4,
                      colors=c["nulmeting"], linewidth=2, label="Nulmeting",
                      path_effects=[patheffects.withStroke(linewidth=4, foreground="white")])
        ax.set_xticks(x, [str(j) + ("*" if j == huidig_jaar else "") + ("\nvoorlopig" if j in voorlopig_jaren else "")
                          for j in part["jaar"]])
        ax.set_title(bouwsteen)
        unit = (eenheden or {}).get(bouwsteen)
        _finish_y(ax, "aantal", f"Aantal ({unit})" if unit else (eenheid_label if ax is axes[0] else ""))
    for ax in axes[len(bouwstenen):]:
        ax.set_visible(False)
    _legend(fig, axes[: len(bouwstenen)], 3, order=["Realisatie", "Prognose", "Nulmeting"])
    return fig, data


def lines_per_year(data: pd.DataFrame, ylabel: str, verwacht: pd.DataFrame | None = None) -> tuple[Figure, pd.DataFrame]:
    """A monthly figure with one line per year (x: januari..december).

    `data`: columns maand ("YYYY-MM"), waarde, onderdrukt, tekst.
    `verwacht` (optional): the *voorlopig* months (maand, waarde = expected final value). Their
    declared value is drawn as an open marker, the expected value as a dashed extension of the
    year's line from its last final month, and the legend says "voorlopig"."""
    data = _prepare(data)
    fig, (ax,) = new_figure()
    years = sorted({m[:4] for m in data["maand"]})
    colours = _colours()["reeksen"]
    provisional = set(verwacht["maand"]) if verwacht is not None else set()
    for i, year in enumerate(years):
        part = data[data["maand"].str[:4] == year]
        months = part["maand"].str[5:].astype(int).to_numpy()
        values = part["waarde"].where(~part["onderdrukt"]).to_numpy(dtype="float64")
        colour = colours[(len(years) - 1 - i) % len(colours)]
        marker = MARKERS[(len(years) - 1 - i) % len(MARKERS)]
        final = ~part["maand"].isin(provisional).to_numpy()
        ax.plot(months[final], values[final], marker=marker, markersize=4, linewidth=1.6, color=colour,
                label=year if _drawn(values) else "_")
        if (~final).any():
            ax.plot(months[~final], values[~final], linestyle="none", marker=marker, markersize=4,
                    markerfacecolor="white", color=colour)
            _dashed_extension(ax, part, months, values, final, verwacht, colour)
    if provisional:
        ax.plot([], [], linestyle="--", color=_colours()["tekst"], linewidth=1.2, label="voorlopig: verwacht")
        ax.plot([], [], linestyle="none", marker="o", markerfacecolor="white", color=_colours()["tekst"],
                label="voorlopig: nu gedeclareerd")
    ax.set_xticks(range(1, 13), [maand_kort(f"2000-{m:02d}") for m in range(1, 13)])
    _finish_y(ax, "aantal", ylabel)
    _legend(fig, ax, len(years) + (2 if provisional else 0))
    return fig, data


def _dashed_extension(ax: Any, part: pd.DataFrame, months: np.ndarray, values: np.ndarray, final: np.ndarray,
                      verwacht: pd.DataFrame, colour: str) -> None:
    """The expected final values of a year's voorlopig months, dashed, joined to its last final month."""
    expected = verwacht.set_index("maand")["waarde"]
    xs = list(months[~final])
    ys = [float(expected.get(m, np.nan)) for m in part["maand"][~final]]
    if final.any():
        xs.insert(0, months[final][-1])
        ys.insert(0, values[final][-1])
    ax.plot(xs, ys, linestyle="--", linewidth=1.4, color=colour)


def series_over_months(data: pd.DataFrame, ylabel: str, soort: str = "bar") -> tuple[Figure, pd.DataFrame]:
    """Months on the x axis, one series per `reeks` (grouped bars or lines).

    `data`: columns maand, reeks, waarde, onderdrukt, tekst."""
    data = _prepare(data)
    fig, (ax,) = new_figure()
    months = sorted(data["maand"].unique())
    series = list(dict.fromkeys(data["reeks"]))
    colours = _colours()["reeksen"]
    x = np.arange(len(months))
    width = 0.8 / max(len(series), 1)
    drawn = 0  # colours go to drawn series only, so neighbours keep the palette's contrast
    for i, name in enumerate(series):
        part = data[data["reeks"] == name].set_index("maand").reindex(months)
        hidden = part["onderdrukt"].fillna(False).astype(bool)
        values = part["waarde"].where(~hidden).to_numpy(dtype="float64")
        label = name if _drawn(values, hidden.to_numpy()) else "_"
        colour = colours[drawn % len(colours)]
        drawn += label != "_"
        if soort == "line":
            ax.plot(x, values, marker=MARKERS[i % len(MARKERS)], markersize=4, linewidth=1.6, color=colour,
                    label=label)
        else:
            ax.bar(x - 0.4 + width * (i + 0.5), np.nan_to_num(values), width=width, color=colour, label=label)
    _finish_y(ax, "aantal", ylabel)
    if soort != "line":
        for i, name in enumerate(series):
            part = data[data["reeks"] == name].set_index("maand").reindex(months)
            for xi, (h, t) in enumerate(zip(part["onderdrukt"].fillna(False), part["tekst"])):
                if h:
                    _hidden_band(ax, xi - 0.4 + width * (i + 0.5), width, t)
    step = max(1, len(months) // 12)
    ax.set_xticks(x[::step], [f"{maand_kort(m)} {m[2:4]}" for m in months][::step], rotation=45, ha="right")
    _legend(fig, ax, 4)
    return fig, data


def grouped_bars(data: pd.DataFrame, ylabel: str, eenheid: str = "aantal", stacked: bool = False,
                 horizontal: bool = False, highlight: str | None = None) -> tuple[Figure, pd.DataFrame]:
    """Bars per `categorie`, one colour per `reeks` (grouped or stacked). With `horizontal` and
    `highlight`, the highlighted categorie (the own municipality) stands out.

    `data`: columns categorie, reeks, waarde, onderdrukt, tekst."""
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
    for i, name in enumerate(series):
        part = data[data["reeks"] == name].set_index("categorie").reindex(categories)
        hidden = part["onderdrukt"].fillna(False).astype(bool).to_numpy()
        values = np.nan_to_num(part["waarde"].to_numpy(dtype="float64"))
        values = np.where(hidden, 0.0, values)
        offset = pos if stacked else pos - 0.4 + width * (i + 0.5)
        label = str(name) if _drawn(values, hidden) else "_"
        colour = [colours[drawn % len(colours)]] * len(categories)
        drawn += label != "_"
        if highlight is not None and len(series) == 1:
            # The own municipality dark, the country grey, the rest of the region light.
            colour = [_colours()["gemeente"] if c == highlight else
                      _colours()["landelijk"] if c == "Nederland" else _colours()["regio"] for c in categories]
        if horizontal:
            draw(offset, values, height=width, left=bottom if stacked else None, color=colour, label=label)
        else:
            draw(offset, values, width=width, bottom=bottom if stacked else None, color=colour, label=label)
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
    if len(series) > 1:
        _legend(fig, ax, 4)
    return fig, data


def share_donut(data: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """A donut of parts of a whole (e.g. top-25 vs rest). `data`: columns deel, waarde (fractions)."""
    fig, (ax,) = new_figure(hoogte=3.0)
    colours = [_colours()["realisatie"], _colours()["prognose"]] + _colours()["reeksen"][3:]
    values = data["waarde"].clip(lower=0).to_numpy(dtype="float64")
    ax.pie(values, labels=[f"{d}\n{procent(v, 1)}" for d, v in zip(data["deel"], values)],
           colors=colours[: len(values)], startangle=90, counterclock=False,
           wedgeprops={"width": 0.38, "edgecolor": "white"})
    ax.set_aspect("equal")
    ax.grid(False)
    return fig, data


def compare_lines(data: pd.DataFrame, ylabel: str, eenheid: str = "procent",
                  prognose_vanaf: int | None = None) -> tuple[Figure, pd.DataFrame]:
    """One line per area over the years (e.g. 65+ share gemeente vs Nederland).

    `data`: columns jaar, reeks, waarde. With `prognose_vanaf`, the years from then on are drawn
    dashed (joined to the last observed year) on a shaded band labelled "prognose"."""
    fig, (ax,) = new_figure(hoogte=3.0)
    series = list(dict.fromkeys(data["reeks"]))
    colours = [_colours()["gemeente"], _colours()["landelijk"]] + _colours()["reeksen"][2:]
    for i, name in enumerate(series):
        part = data[data["reeks"] == name].sort_values("jaar")
        x, y = part["jaar"].astype(int).to_numpy(), part["waarde"].to_numpy(dtype="float64")
        kleur, marker = colours[i % len(colours)], MARKERS[i % len(MARKERS)]
        seen = x < prognose_vanaf if prognose_vanaf is not None else np.ones(len(x), dtype=bool)
        ax.plot(x[seen], y[seen], marker=marker, linewidth=1.8, color=kleur, label=name)
        if not seen.all():
            start = max(int(np.flatnonzero(seen)[-1]), 0) if seen.any() else 0
            ax.plot(x[start:], y[start:], linestyle="--", linewidth=1.6, color=kleur,
                    label=None if seen.any() else name)
    years = sorted(data["jaar"].astype(int).unique())
    if prognose_vanaf is not None and years and years[-1] >= prognose_vanaf:
        ax.axvspan(prognose_vanaf - 0.5, years[-1] + 0.5, color=_colours()["raster"], alpha=0.35, linewidth=0)
        ax.text(prognose_vanaf - 0.3, 0.97, "prognose", transform=ax.get_xaxis_transform(), va="top",
                fontsize=8, color=_colours()["tekst"])
    step = 1 if len(years) <= 10 else 2  # long projections: every other year keeps the labels readable
    ticks = years[::-1][::step][::-1]
    ax.set_xticks(ticks, [str(y) for y in ticks])
    _finish_y(ax, eenheid, ylabel)
    _legend(fig, ax, len(series))
    return fig, data


def decomposition_bars(data: pd.DataFrame, xlabel: str) -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars per `categorie` whose parts (`reeks`) push right when positive and left when
    negative, with a black mark at the net change (`totaal` column, one value per categorie).

    `data`: columns categorie, reeks, waarde, totaal (optionally onderdrukt, tekst). Hidden parts are
    not drawn; the data table under the figure says why."""
    data = _prepare(data)
    categories = list(dict.fromkeys(data["categorie"]))
    series = list(dict.fromkeys(data["reeks"]))
    fig, (ax,) = new_figure(hoogte=max(2.6, 0.42 * len(categories) + 1.4))
    colours = _colours()["reeksen"]
    pos = np.arange(len(categories))
    right, left = np.zeros(len(categories)), np.zeros(len(categories))
    for i, name in enumerate(series):
        part = data[data["reeks"] == name].set_index("categorie").reindex(categories)
        hidden = part["onderdrukt"].fillna(False).astype(bool).to_numpy()
        values = np.where(hidden, 0.0, np.nan_to_num(part["waarde"].to_numpy(dtype="float64")))
        start = np.where(values >= 0, right, left)
        ax.barh(pos, values, height=0.6, left=start, color=colours[i % len(colours)], label=str(name))
        right = right + np.clip(values, 0, None)
        left = left + np.clip(values, None, 0)
    totals = data.drop_duplicates("categorie").set_index("categorie").reindex(categories)
    shown = ~totals["onderdrukt"].fillna(False).astype(bool).to_numpy()
    ax.scatter(totals["totaal"].to_numpy(dtype="float64")[shown], pos[shown], marker="D", s=22,
               color=_colours()["tekst"], zorder=3, label="Totaal verschil")
    ax.axvline(0, color=_colours()["tekst"], linewidth=0.8)
    ax.set_yticks(pos, categories)
    ax.invert_yaxis()
    _finish_value_axis(ax.xaxis, "euro")
    ax.set_xlabel(xlabel)
    ax.yaxis.grid(False)
    ax.xaxis.grid(True, color=_colours()["raster"], linewidth=0.6)
    _legend(fig, ax, len(series) + 1)
    return fig, data


def __getattr__(name: str):
    # The public chart functions for analysts live in `huisstijl` (this module is at its size
    # limit); `charts.lijn` / `charts.staaf` are the documented names. Lazy: huisstijl imports charts.
    if name in ("lijn", "staaf"):
        from . import huisstijl

        return getattr(huisstijl, name)
    raise AttributeError(f"module 'sdmonitor.charts' has no attribute {name!r}")
