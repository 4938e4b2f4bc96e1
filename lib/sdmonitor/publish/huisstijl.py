"""Public house-style charts for the analyst's own figures: `lijn` and `staaf`.

    from sdmonitor.publish import huisstijl  # also: sdmonitor.publish.charts.lijn / sdmonitor.publish.charts.staaf
    ed = sdmonitor.open_edition("wijchen", "2026-02")
    fig = huisstijl.lijn(ed.series("jeugd.clienten", dimensie="", per="maand"), titel="Cliënten Jeugd")
    fig.savefig("clienten.png")

Both take a tidy DataFrame (such as `Edition.series` or `Edition.compare` return) and return a
matplotlib Figure drawn with the report's own building blocks (`charts`: colours, fonts, Dutch
axis labels, the legend under the plot, hatched small numbers), so a chart in a memo looks like
the report's. Provisional points are marked the way the report marks them: on a line an open
marker joined by a dashed line; under a bar "voorlopig" beneath the category.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sdmonitor.publish import chart_base as charts  # primitives only: `charts` re-exports lijn/staaf
from sdmonitor.publish.formatting import getal, maand_kort

VOORLOPIG_LABEL = "voorlopig"


def _label(value: object) -> str:
    """An x value as the report writes it: "2025-03" -> "mrt 25", other values as text."""
    text = str(value)
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit():
        return f"{maand_kort(text)} {text[2:4]}"
    return text


def _flags(df: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None or column not in df:
        return pd.Series(False, index=df.index)
    return df[column].fillna(False).astype(bool)


def _eenheid(df: pd.DataFrame, eenheid: str | None) -> str:
    if eenheid:
        return eenheid
    if "eenheid" in df and df["eenheid"].nunique() == 1:
        return str(df["eenheid"].iloc[0])
    return "aantal"


def _groups(df: pd.DataFrame, hue: str | None) -> list[tuple[str, pd.DataFrame]]:
    if hue is None:
        return [("", df)]
    return [(str(name), part) for name, part in df.groupby(hue, sort=False)]


def _shown(fig: Figure) -> Figure:
    """Let Jupyter show the Figure as the report's PNG whatever matplotlib backend is active
    (house-style figures are not registered with pyplot, so no inline hook sees them)."""
    fig._repr_png_ = lambda: charts.png_bytes(fig)  # type: ignore[attr-defined]
    return fig


def lijn(df: pd.DataFrame, x: str = "periode", y: str = "waarde", hue: str | None = None, *,
         eenheid: str | None = None, ylabel: str = "", titel: str = "", voorlopig: str | None = "voorlopig",
         onderdrukt: str | None = "onderdrukt") -> Figure:
    """A line chart in the house style: one line per `hue` value (colour and marker), x in the
    order of the sorted `x` values ("YYYY-MM" labelled "jan 25").

    - `eenheid` (aantal, euro, fractie, procent, dagen; default the frame's `eenheid` column)
      sets the Dutch axis labels ("€ 4 mln", "12,5%");
    - rows with `voorlopig` True are drawn as open markers joined by a dashed line to the last
      final point, and the legend explains them;
    - rows with `onderdrukt` True (small numbers) are not drawn."""
    if df.empty:
        raise ValueError("lijn: geen rijen om te tekenen")
    eenheid = _eenheid(df, eenheid)
    xs = sorted(df[x].astype(str).unique())
    pos = {v: i for i, v in enumerate(xs)}
    fig, (ax,) = charts.new_figure()
    colours = charts._colours()["reeksen"]
    landelijk = charts.house_style().get("gebieden", {}).get("NL01", "Nederland")
    any_provisional = False
    for i, (name, part) in enumerate(_groups(df, hue)):
        part = part.assign(_x=part[x].astype(str).map(pos)).sort_values("_x")
        hidden = _flags(part, onderdrukt).to_numpy()
        values = np.where(hidden, np.nan, part[y].to_numpy(dtype="float64"))
        prov = _flags(part, voorlopig).to_numpy()
        px = part["_x"].to_numpy()
        colour, marker = colours[i % len(colours)], charts.MARKERS[i % len(charts.MARKERS)]
        if name == landelijk:  # the country grey, as in the report's comparisons
            colour = charts._colours()["landelijk"]
        label = name if hue is not None and charts._drawn(values) else "_"
        ax.plot(px[~prov], values[~prov], marker=marker, markersize=4, linewidth=1.6, color=colour, label=label)
        if prov.any():
            any_provisional = True
            dx, dy = list(px[prov]), list(values[prov])
            if (~prov).any():  # join the dashed part to the last final point before it
                before = px[~prov] < dx[0]
                if before.any():
                    dx.insert(0, px[~prov][before][-1])
                    dy.insert(0, values[~prov][before][-1])
            ax.plot(dx, dy, linestyle="--", linewidth=1.4, color=colour)
            ax.plot(px[prov], values[prov], linestyle="none", marker=marker, markersize=4,
                    markerfacecolor="white", color=colour)
    if any_provisional:
        ax.plot([], [], linestyle="--", marker="o", markerfacecolor="white", color=charts._colours()["tekst"],
                linewidth=1.2, label=VOORLOPIG_LABEL)
    step = max(1, len(xs) // 12)
    rotate = len(xs) > 6 and any(len(_label(v)) > 4 for v in xs)
    ax.set_xticks(range(len(xs))[::step], [_label(v) for v in xs][::step], rotation=45 if rotate else 0,
                  ha="right" if rotate else "center")
    charts._finish_y(ax, eenheid, ylabel)
    if titel:
        ax.set_title(titel)
    charts._legend(fig, ax, 4)
    return _shown(fig)


def staaf(df: pd.DataFrame, x: str = "periode", y: str = "waarde", hue: str | None = None, *,
          eenheid: str | None = None, ylabel: str = "", titel: str = "", liggend: bool = False,
          gestapeld: bool = False, accent: str | None = None, voorlopig: str | None = "voorlopig",
          onderdrukt: str | None = "onderdrukt", tekst: str | None = "tekst") -> Figure:
    """A bar chart in the house style (`charts.grouped_bars`): one bar per `x` value, grouped or
    (`gestapeld`) stacked per `hue` value; `liggend` for horizontal bars, `accent` names the x
    value drawn dark (the own municipality; "Nederland" grey) in a one-series horizontal chart.

    Small numbers (`onderdrukt`) become the hatched stub with their published `tekst`; an x value
    with a provisional row (`voorlopig`) gets "voorlopig" under its label, as in the report."""
    if df.empty:
        raise ValueError("staaf: geen rijen om te tekenen")
    eenheid = _eenheid(df, eenheid)
    prov = _flags(df, voorlopig)
    provisional = set(df.loc[prov, x].astype(str))
    categorie = df[x].astype(str).map(lambda v: _label(v) + ("\nvoorlopig" if v in provisional else ""))
    data = pd.DataFrame({
        "categorie": categorie.to_numpy(),
        "reeks": df[hue].astype(str).to_numpy() if hue is not None else (ylabel or y),
        "waarde": df[y].to_numpy(dtype="float64"),
        "onderdrukt": _flags(df, onderdrukt).to_numpy(),
        "tekst": (df[tekst].astype(str) if tekst and tekst in df else df[y].map(getal)).to_numpy(),
    })
    order = sorted(df[x].astype(str).unique()) if not liggend else list(dict.fromkeys(df[x].astype(str)))
    rank = {_label(v) + ("\nvoorlopig" if v in provisional else ""): i for i, v in enumerate(order)}
    data = data.sort_values("categorie", key=lambda s: s.map(rank), kind="mergesort")
    if accent is not None:  # the accented category keeps its accent under a "voorlopig" label
        accent = _label(accent) + ("\nvoorlopig" if str(accent) in provisional else "")
    fig, _ = charts.grouped_bars(data, ylabel, eenheid=eenheid, stacked=gestapeld, horizontal=liggend,
                                 highlight=accent)
    if titel:
        fig.axes[0].set_title(titel)
    return _shown(fig)


__all__ = ["VOORLOPIG_LABEL", "lijn", "staaf"]
