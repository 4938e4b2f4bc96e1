"""The explorer's ipywidgets: no logic beyond moving values between widgets and the `Verkenner`.

Charts are interactive where ipympl is installed (pan, zoom, the value under the cursor in the
toolbar), drawn by the same house-style functions as the report, which keeps its static PNGs;
without ipympl (or `interactief=False`) the explorer shows the PNG. While a view is computed
(another gemeente's edition takes seconds the first time) a busy line says so. The current view is
`App.weergave()` (a dict) or the fragment in the "Weergave" field; `verkenner.app(view)` reopens it.
The widgets show options and descriptions as plain text (ipywidgets 8: no HTML in them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
from IPython.display import HTML, Image, display

from sdmonitor.publish import charts
from sdmonitor.workbook import verkenner_downloads as downloads
from sdmonitor.workbook.verkenner_keuze import Keuze
from sdmonitor.workbook.verkenner_resultaat import (
    Resultaat,
    html_tekst,
    tabel,
    tabel_html,
)

BEZIG = "⏳ Bezig met rekenen…"


def interactive_available() -> bool:
    """Whether ipympl (interactive matplotlib widgets) is installed."""
    try:
        import ipympl.backend_nbagg  # noqa: F401
    except ImportError:
        return False
    return True


def chart_widget(fig: Any) -> Any:
    """An ipympl canvas for a Figure made without pyplot (the house-style functions); the toolbar
    shows the value under the cursor as the axis writes it ("€ 4,3 mln", "1.301")."""
    from ipympl.backend_nbagg import new_figure_manager_given_figure

    for ax in fig.axes:
        formatter = ax.yaxis.get_major_formatter()
        ax.format_coord = lambda x, y, f=formatter: f"waarde ≈ {f(y, None)}"
    manager = new_figure_manager_given_figure(id(fig), fig)
    canvas = manager.canvas
    canvas.header_visible = False
    canvas.toolbar_position = "left"
    return canvas


@dataclass
class App:
    """The widgets of one explorer and the box that shows them."""

    verkenner: Any  # a `verkenner.Verkenner` (not imported: that module imports this one for `app()`)
    gemeenten: w.SelectMultiple
    wet: w.Dropdown
    indicator: w.Dropdown
    dimensie: w.Dropdown
    niveau: w.Dropdown
    per: w.ToggleButtons
    jaren: w.IntRangeSlider
    per_1000: w.Checkbox
    jaar_op_jaar: w.Checkbox
    gemiddelde: w.Checkbox
    bezig: w.HTML
    downloads: w.HTML
    weergave_tekst: w.Text
    uitvoer: w.Output
    box: w.VBox
    interactief: bool = True
    laatste: Resultaat | None = None
    _busy: bool = False
    _canvases: list = field(default_factory=list)

    def _ipython_display_(self) -> None:
        display(self.box)

    def __repr__(self) -> str:
        return f"<Verkenner-app {self.keuze().als_fragment()}>"

    def keuze(self) -> Keuze:
        """The Keuze the widgets show now."""
        return Keuze(indicator=self.indicator.value, dimensie=self.dimensie.value or "",
                     jaren=(int(self.jaren.value[0]), int(self.jaren.value[1])), per=self.per.value,
                     gemeenten=tuple(self.gemeenten.value), niveau=self.niveau.value or "",
                     per_1000=bool(self.per_1000.value), jaar_op_jaar=bool(self.jaar_op_jaar.value),
                     gemiddelde=bool(self.gemiddelde.value))

    def weergave(self) -> dict[str, Any]:
        """The current view as a dict: `verkenner.app(view)` reopens it."""
        return self.keuze().als_dict()

    def toon(self, *_: Any) -> Resultaat | None:
        """Compute and show the result of the current widget state."""
        if self._busy:
            return None
        self.bezig.value = BEZIG
        self.bezig.layout.visibility = "visible"
        try:
            return self._toon()
        finally:
            self.bezig.value = ""
            self.bezig.layout.visibility = "hidden"

    def _toon(self) -> Resultaat | None:
        keuze = self.keuze()
        self.weergave_tekst.value = keuze.als_fragment()
        self.uitvoer.clear_output(wait=True)
        for canvas in self._canvases:  # the previous view's charts: their widgets would stay in the kernel
            canvas.close()
        self._canvases.clear()
        with self.uitvoer:
            try:
                r = self.verkenner.resultaat(keuze)
            except Exception as exc:  # an analyst sees the reason, not a traceback
                self.downloads.value = ""
                display(HTML(f"<p><strong>Niet te tonen:</strong> {html_tekst(exc)}</p>"))
                return None
            self.downloads.value = downloads.links_html(downloads.bestanden(r.download, r.figuur, r.bestandsnaam()))
            display(HTML(f"<h3>{html_tekst(r.titel)}</h3>"))
            self._chart(r.figuur)
            display(HTML(tabel_html(r.tabel)))
            for noot in r.noten:
                display(HTML(f"<p><em>{html_tekst(noot)}</em></p>"))
            if r.vergelijking_figuur is not None:
                display(HTML("<h4>Vergelijking met de regio en Nederland</h4>"))
                self._chart(r.vergelijking_figuur)
                display(HTML(tabel_html(tabel(r.vergelijking))))
        self.laatste = r
        return r

    def _chart(self, fig: Any) -> None:
        if fig is None:
            return
        if self.interactief and interactive_available():
            canvas = chart_widget(fig)
            self._canvases.append(canvas)
            display(canvas)
        else:
            display(Image(data=charts.png_bytes(fig)))

    def bij_wet(self, change: dict) -> None:
        update = self.verkenner.bij_wet(change["new"], per=self.per.value)  # the period choice survives
        self._busy = True  # one redraw for the whole change, not one per widget
        try:
            self.indicator.options = update["indicatoren"]
            self.indicator.value = update["indicator"]
            self._apply(update)
        finally:
            self._busy = False
        self.toon()

    def bij_indicator(self, change: dict) -> None:
        if self._busy:
            return
        update = self.verkenner.bij_indicator(change["new"], self.dimensie.value or "", self.per.value,
                                              self.niveau.value or "")
        self._busy = True
        try:
            self._apply(update)
        finally:
            self._busy = False
        self.toon()

    def _apply(self, update: dict) -> None:
        self.dimensie.description = update["dimensie_soort"]
        self.dimensie.options = update["dimensies"]
        self.dimensie.value = update["dimensie"]
        self.niveau.options = update["niveaus"]
        self.niveau.value = update["niveau"]
        self.per.options = update["pers"]
        self.per.value = update["per"]


def build(v: Any, start: Keuze | None = None, interactief: bool = True) -> App:
    """The widgets of `v`, wired, on `start` (default the edition's start view); the first result
    is shown at once."""
    start = start or v.keuze()
    style = {"description_width": "110px"}
    layout, right = w.Layout(width="420px"), w.Layout(width="380px")
    known = [c for _, c in v.gemeenten()]
    gemeenten = w.SelectMultiple(options=v.gemeenten(), value=tuple(g for g in start.gemeenten if g in known),
                                 description="Gemeente(n)", rows=5, style=style, layout=layout)
    wet_value = start.wet if start.wet in [x for _, x in v.wetten()] else "jeugd"
    wet = w.Dropdown(options=v.wetten(), value=wet_value, description="Wet / domein", style=style, layout=layout)
    first = v.bij_wet(wet_value, per=start.per)
    opties = [i for _, i in first["indicatoren"]]
    chosen = start.indicator if start.indicator in opties else first["indicator"]
    upd = v.bij_indicator(chosen, start.dimensie, start.per, start.niveau)
    indicator = w.Dropdown(options=first["indicatoren"], value=chosen, description="Indicator", style=style,
                           layout=w.Layout(width="520px"))
    dimensie = w.Dropdown(options=upd["dimensies"], value=upd["dimensie"], description=upd["dimensie_soort"],
                          style=style, layout=right)
    niveau = w.Dropdown(options=upd["niveaus"], value=upd["niveau"], description="Detail", style=style,
                        layout=right)
    per = w.ToggleButtons(options=upd["pers"], value=upd["per"], description="Periode", style=style)
    lo, hi = v.jaren()
    jaren_value = start.jaren if start.jaren and lo <= start.jaren[0] <= start.jaren[1] <= hi else (lo, hi)
    jaren = w.IntRangeSlider(value=jaren_value, min=lo, max=hi, step=1, description="Jaren", style=style,
                             layout=right)
    per_1000 = w.Checkbox(value=start.per_1000, description="Per 1.000 inwoners", indent=False)
    jaar_op_jaar = w.Checkbox(value=start.jaar_op_jaar, description="Maanden jaar op jaar", indent=False)
    gemiddelde = w.Checkbox(value=start.gemiddelde, description="Gemiddelde (gemeenten, regio)", indent=False)
    bezig = w.HTML("", layout=w.Layout(visibility="hidden"))
    bezig.add_class("sd-bezig")
    links = w.HTML("")
    links.add_class("sd-downloads-box")
    fragment = w.Text(value="", description="Weergave", disabled=True, style=style, layout=w.Layout(width="800px"))
    uitvoer = w.Output()
    box = w.VBox([w.HBox([w.VBox([gemeenten, wet, indicator]), w.VBox([dimensie, niveau, per, jaren]),
                          w.VBox([per_1000, jaar_op_jaar, gemiddelde])], layout=w.Layout(flex_flow="row wrap")),
                  bezig, links, uitvoer, fragment])
    box.add_class("sd-verkenner")
    app = App(v, gemeenten, wet, indicator, dimensie, niveau, per, jaren, per_1000, jaar_op_jaar, gemiddelde,
              bezig, links, fragment, uitvoer, box, interactief)
    wet.observe(app.bij_wet, names="value")
    indicator.observe(app.bij_indicator, names="value")
    for widget in (dimensie, niveau, per, jaren, gemeenten, per_1000, jaar_op_jaar, gemiddelde):
        widget.observe(app.toon, names="value")
    app.toon()
    return app


__all__ = ["BEZIG", "App", "build", "chart_widget", "interactive_available"]
