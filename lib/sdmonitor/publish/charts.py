"""House-style charts. Style is data (`data/house_style.yaml`); each function returns the matplotlib
Figure and the DataFrame it plotted (for the data table under the figure and the alt text).

Inputs are tidy frames that the presentation layer already passed through the small-numbers rule:
`waarde` (exact, float), `onderdrukt` (bool: not drawn, marked with a hatched band) and `tekst`
(the published text, e.g. "1.301" or "<5"). Output PNGs are byte-for-byte reproducible.
"""

from __future__ import annotations

from typing import Any

import matplotlib.patheffects as patheffects
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sdmonitor.periods import Periode
from sdmonitor.publish import lege_maanden
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.chart_base import (
    LEGEND_ROW_CHARS,
    MARKERS,
    DutchTickFormatter,
    _colours,
    _drawn,
    _finish_value_axis,
    _finish_y,
    _hidden_band,
    _legend,
    _prepare,
    contrast_ratio,
    grouped_bars,
    house_style,
    is_count,
    new_figure,
    png_bytes,
    relative_luminance,
    statuses_of,
)
from sdmonitor.publish.formatting import maand_kort, procent

# The analyst's house-style charts (`charts.lijn`, `charts.staaf`): documented under this name.
from sdmonitor.publish.huisstijl import lijn, staaf


def bouwsteen_chart(data: pd.DataFrame, eenheid_label: str, huidig_jaar: int,
                    voorlopig_jaren: tuple[int, ...] = (),
                    eenheden: dict[str, str] | None = None,
                    periode: Periode | None = None) -> tuple[Figure, pd.DataFrame]:
    """The seed's bouwsteen chart: per bouwsteen, realisatie bars per year (dark blue), the prognose
    as a lighter bar on the current year only, and the nulmeting as a black line per year.
    Each bouwsteen has its own panel and axis; with `eenheden` (bouwsteen -> unit) every axis is
    labelled with its own unit ("Aantal (etmaal)"), so no axis mixes units.

    `data`: columns bouwsteen, jaar, realisatie, prognose, nulmeting (NaN where unknown) and
    optionally `status` (of the realisatie): a year without data has no bar, a voorlopig or
    deelperiode bar is lighter and hatched, and its tick says so (`status_weergave.periode_label`
    with the edition's `periode`: "2026 t/m feb"). Without `status`, the old marks: "*" on
    `huidig_jaar`, "voorlopig" under `voorlopig_jaren`."""
    marked: set[str] = set()
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
        status = statuses_of(part)
        realisatie = part["realisatie"].to_numpy(dtype="float64")
        status[np.isnan(realisatie)] = sw.GEEN_GEGEVENS
        for j in np.flatnonzero(status != sw.GEEN_GEGEVENS):  # no bar (never 0) for a year without data
            ax.bar(x[j], realisatie[j], width=0.5, label="_", **sw.bar_kwargs(status[j], c["realisatie"]))
            marked.add(status[j])
        known = part["nulmeting"].notna().to_numpy()
        if known.any():
            ax.hlines(part["nulmeting"].to_numpy()[known], x[known] - 0.4, x[known] + 0.4,
                      colors=c["nulmeting"], linewidth=2, label="Nulmeting",
                      path_effects=[patheffects.withStroke(linewidth=4, foreground="white")])
        if "status" in part:
            ticks = [sw.periode_label(str(j), st, periode).replace(" ", "\n", 1) for j, st in zip(part["jaar"], status)]
        else:
            ticks = [str(j) + ("*" if j == huidig_jaar else "") + ("\nvoorlopig" if j in voorlopig_jaren else "")
                     for j in part["jaar"]]
        if ncols >= 3:
            # Three panels side by side leave no room for "(voorlopig)" beside "t/m feb": one word a line.
            ticks = [t.replace(" ", "\n") for t in ticks]
        ax.set_xticks(x, ticks)
        if ncols >= 3:
            ax.tick_params(axis="x", labelsize=7)
        ax.set_title(bouwsteen)
        unit = (eenheden or {}).get(bouwsteen)
        _finish_y(ax, "aantal", f"Aantal ({unit})" if unit else (eenheid_label if ax is axes[0] else ""))
    for ax in axes[len(bouwstenen):]:
        ax.set_visible(False)
    extra = [Patch(facecolor=c["realisatie"], label="Realisatie")]
    extra += sw.legend_handles(marked & {sw.VOORLOPIG, sw.DEELPERIODE}, _colours()["onderdrukt"])
    _legend(fig, axes[: len(bouwstenen)], 3, order=["Realisatie", "Prognose", "Nulmeting"], extra=extra)
    return fig, data


def _status_line(ax: Any, x: np.ndarray, values: np.ndarray, status: np.ndarray, colour: str, marker: str,
                 label: str, linewidth: float = 1.6) -> None:
    """One series over time drawn by status: solid through final points, a dashed segment into
    each voorlopig or deelperiode point (open marker), a gap (no point, never 0) at geen_gegevens.

    The dashed line runs under the whole series and the solid line over the final points covers
    it, so only the segments that end in a not-final point stay dashed."""
    values = np.where(status == sw.GEEN_GEGEVENS, np.nan, values.astype("float64"))
    final = np.isin(status, [sw.DEFINITIEF])
    if not final.all():
        ax.plot(x, values, linestyle=sw.LINE_STYLE[sw.VOORLOPIG], linewidth=linewidth * 0.85, color=colour)
        ax.plot(x[~final], values[~final], linestyle="none", marker=marker, markersize=4, markerfacecolor="white",
                color=colour)
    ax.plot(x, np.where(final, values, np.nan), marker=marker, markersize=4, linewidth=linewidth, color=colour,
            label=label)


def lines_per_year(data: pd.DataFrame, ylabel: str,
                   verwacht: pd.DataFrame | None = None) -> tuple[Figure, pd.DataFrame]:
    """A monthly figure with one line per year (x: januari..december).

    `data`: columns maand ("YYYY-MM"), waarde, onderdrukt, tekst and optionally `status`: a
    `geen_gegevens` month is a gap in its line (never a 0); a `voorlopig` (or `deelperiode`)
    month an open marker joined by a dashed segment.
    `verwacht` (optional): expected final values of voorlopig months (maand, waarde). Their
    declared value is drawn as an open marker, the expected value as a dashed extension of the
    year's line from its last final month, and the legend says "voorlopig"."""
    data = _prepare(data)
    fig, (ax,) = new_figure()
    years = sorted({m[:4] for m in data["maand"]})
    colours = _colours()["reeksen"]
    expected = set(verwacht["maand"]) if verwacht is not None else set()
    status_all = statuses_of(data)
    marked = set(status_all) & {sw.VOORLOPIG, sw.DEELPERIODE}
    for i, year in enumerate(years):
        in_year = (data["maand"].str[:4] == year).to_numpy()
        part = data[in_year]
        months = part["maand"].str[5:].astype(int).to_numpy()
        values = part["waarde"].where(~part["onderdrukt"]).to_numpy(dtype="float64")
        status = status_all[in_year].copy()
        colour = colours[(len(years) - 1 - i) % len(colours)]
        marker = MARKERS[(len(years) - 1 - i) % len(MARKERS)]
        has_expected = part["maand"].isin(expected).to_numpy()
        label = year if _drawn(np.where(status == sw.GEEN_GEGEVENS, np.nan, values)) else "_"
        if verwacht is not None and has_expected.any():
            # The expected final values replace the dashed segment: declared value open, expected dashed.
            final = ~has_expected & (status == sw.DEFINITIEF)
            shown = np.where(status == sw.GEEN_GEGEVENS, np.nan, values)
            ax.plot(months, np.where(final, shown, np.nan), marker=marker, markersize=4, linewidth=1.6, color=colour,
                    label=label)
            ax.plot(months[~final], shown[~final], linestyle="none", marker=marker, markersize=4,
                    markerfacecolor="white", color=colour)
            _dashed_extension(ax, part, months, shown, final, verwacht, colour)
        else:
            _status_line(ax, months, values, status, colour, marker, label)
    extra = []
    if expected:
        extra = [Line2D([], [], linestyle="--", color=_colours()["tekst"], linewidth=1.2, label="voorlopig: verwacht"),
                 Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", color=_colours()["tekst"],
                        label="voorlopig: nu gedeclareerd")]
    elif marked:
        extra = [Line2D([], [], linestyle="--", marker="o", markerfacecolor="white", color=_colours()["tekst"],
                        linewidth=1.2, label=" / ".join(sw.LEGENDA_LABEL[s] for s in sorted(marked, reverse=True)))]
    ax.set_xticks(range(1, 13), [maand_kort(f"2000-{m:02d}") for m in range(1, 13)])
    _finish_y(ax, "aantal", ylabel)
    gaten: dict[int, str] = {}  # month -> the years whose month lacks data (years that have data)
    for year in years:
        in_year = (data["maand"].str[:4] == year).to_numpy()
        for m in lege_maanden.posities_zonder_gegevens(status_all[in_year] == sw.GEEN_GEGEVENS):
            mm = int(data.loc[in_year, "maand"].iloc[m][5:])
            gaten[mm] = f"{gaten[mm]}, {year}" if mm in gaten else year
    lege_maanden.markeer(ax, list(gaten), _colours()["tekst"], gaten)
    _legend(fig, ax, len(years) + len(extra), extra=extra)
    return fig, data


def _dashed_extension(ax: Any, part: pd.DataFrame, months: np.ndarray, values: np.ndarray, final: np.ndarray,
                      verwacht: pd.DataFrame, colour: str) -> None:
    """The expected final values of a year's voorlopig months, dashed, joined to its last final month."""
    expected = verwacht.set_index("maand")["waarde"]
    xs = list(months[~final])
    ys = [float(expected.get(m, v)) for m, v in zip(part["maand"][~final], values[~final])]
    if final.any():
        xs.insert(0, months[final][-1])
        ys.insert(0, values[final][-1])
    ax.plot(xs, ys, linestyle="--", linewidth=1.4, color=colour)


def series_over_months(data: pd.DataFrame, ylabel: str, soort: str = "bar") -> tuple[Figure, pd.DataFrame]:
    """Months on the x axis, one series per `reeks` (grouped bars or lines).

    `data`: columns maand, reeks, waarde, onderdrukt, tekst and optionally `status`: a
    `geen_gegevens` month draws no bar and is a gap in a line (never a 0); `voorlopig` and
    `deelperiode` bars are lighter and hatched, line segments into them dashed."""
    data = _prepare(data)
    fig, (ax,) = new_figure()
    months = sorted(data["maand"].unique())
    series = list(dict.fromkeys(data["reeks"]))
    colours = _colours()["reeksen"]
    x = np.arange(len(months))
    width = 0.8 / max(len(series), 1)
    drawn = 0  # colours go to drawn series only, so neighbours keep the palette's contrast
    marked: set[str] = set()
    proxies: list[Any] = []
    geen = np.ones(len(months), dtype=bool)  # months without data in every series: marked as such
    for i, name in enumerate(series):
        part = data[data["reeks"] == name].set_index("maand").reindex(months)
        hidden = part["onderdrukt"].fillna(False).astype(bool)
        status = statuses_of(part)
        status[part["waarde"].isna().to_numpy() & ~hidden.to_numpy()] = sw.GEEN_GEGEVENS
        geen &= status == sw.GEEN_GEGEVENS
        values = part["waarde"].where(~hidden).to_numpy(dtype="float64")
        values = np.where(status == sw.GEEN_GEGEVENS, np.nan, values)
        shown = _drawn(values, hidden.to_numpy())
        label = name if shown else "_"
        colour = colours[drawn % len(colours)]
        drawn += shown
        marked |= set(status[~np.isnan(values)]) & {sw.VOORLOPIG, sw.DEELPERIODE}
        if soort == "line":
            _status_line(ax, x, values, status, colour, MARKERS[i % len(MARKERS)], label)
        else:
            if shown:
                proxies.append(Patch(facecolor=colour, label=str(name)))
            xs = x - 0.4 + width * (i + 0.5)
            for j in np.flatnonzero(~np.isnan(values)):
                ax.bar(xs[j], values[j], width=width, label="_", **sw.bar_kwargs(status[j], colour))
    _finish_y(ax, "aantal", ylabel)
    lege_maanden.markeer(ax, lege_maanden.posities_zonder_gegevens(geen), _colours()["tekst"])
    if soort != "line":
        for i, name in enumerate(series):
            part = data[data["reeks"] == name].set_index("maand").reindex(months)
            for xi, (h, t) in enumerate(zip(part["onderdrukt"].fillna(False), part["tekst"])):
                if h:
                    _hidden_band(ax, xi - 0.4 + width * (i + 0.5), width, t)
    step = max(1, len(months) // 12)
    ax.set_xticks(x[::step], [f"{maand_kort(m)} {m[2:4]}" for m in months][::step], rotation=45, ha="right")
    if soort == "line":
        extra = [Line2D([], [], linestyle="--", marker="o", markerfacecolor="white", color=_colours()["tekst"],
                        linewidth=1.2, label=" / ".join(sw.LEGENDA_LABEL[s] for s in sorted(marked, reverse=True)))]
        _legend(fig, ax, 4, extra=extra if marked else None)
    else:
        _legend(fig, ax, 4, extra=proxies + sw.legend_handles(marked, _colours()["onderdrukt"]))
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


__all__ = ["DutchTickFormatter", "LEGEND_ROW_CHARS", "MARKERS", "bouwsteen_chart", "compare_lines", "contrast_ratio",
           "decomposition_bars", "grouped_bars", "house_style", "is_count", "lijn", "lines_per_year", "new_figure",
           "png_bytes", "relative_luminance", "series_over_months", "share_donut", "staaf"]
