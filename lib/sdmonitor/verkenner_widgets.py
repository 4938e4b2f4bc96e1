"""ipywidgets wiring of the explorer: widgets call `Verkenner` methods and show the `Resultaat`.

No logic here beyond moving values between widgets and the Verkenner (tested in
tests/unit/test_verkenner.py by setting widget values, as a user would).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as w
from IPython.display import HTML, Image, display

from . import charts
from .verkenner import Resultaat, Verkenner


@dataclass
class App:
    """The widgets of one explorer and the box that shows them."""

    verkenner: Verkenner
    gemeenten: w.SelectMultiple
    wet: w.Dropdown
    indicator: w.Dropdown
    dimensie: w.Dropdown
    per: w.ToggleButtons
    jaren: w.IntRangeSlider
    uitvoer: w.Output
    box: w.VBox
    laatste: Resultaat | None = None
    _busy: bool = False

    def _ipython_display_(self) -> None:
        display(self.box)

    def keuze(self):
        """The Keuze the widgets show now."""
        return self.verkenner.keuze(indicator=self.indicator.value, dimensie=self.dimensie.value or "",
                                    per=self.per.value, jaren=tuple(self.jaren.value),
                                    gemeenten=tuple(self.gemeenten.value))

    def toon(self, *_: Any) -> Resultaat | None:
        """Compute and show the result of the current widget state."""
        if self._busy:
            return None
        self.uitvoer.clear_output(wait=True)
        with self.uitvoer:
            try:
                r = self.verkenner.resultaat(self.keuze())
            except Exception as exc:  # noqa: BLE001 - an analyst sees the reason, not a traceback
                display(HTML(f"<p><strong>Niet te tonen:</strong> {exc}</p>"))
                return None
            display(HTML(f"<h3>{r.titel}</h3>"))
            if r.figuur is not None:
                display(Image(data=charts.png_bytes(r.figuur)))
            display(HTML(r.tabel.to_html(classes="sd-tabel")))
            for noot in r.noten:
                display(HTML(f"<p><em>{noot}</em></p>"))
            if r.vergelijking_figuur is not None:
                display(HTML("<h4>Vergelijking met de regio en Nederland</h4>"))
                display(Image(data=charts.png_bytes(r.vergelijking_figuur)))
                display(HTML(self.verkenner.tabel(r.vergelijking).to_html(classes="sd-tabel")))
        self.laatste = r
        return r

    def bij_wet(self, change: dict) -> None:
        update = self.verkenner.bij_wet(change["new"])
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
        update = self.verkenner.bij_indicator(change["new"], self.dimensie.value or "", self.per.value)
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
        self.per.options = update["pers"]
        self.per.value = update["per"]


def build(v: Verkenner) -> App:
    """The widgets of `v`, wired; the first result is shown at once."""
    start = v.keuze()
    style = {"description_width": "110px"}
    layout = w.Layout(width="420px")
    gemeenten = w.SelectMultiple(options=v.gemeenten(), value=start.gemeenten, description="Gemeente(n)",
                                 rows=3, style=style, layout=layout)
    wet = w.Dropdown(options=v.wetten(), value="jeugd", description="Wet / domein", style=style, layout=layout)
    first = v.bij_wet("jeugd")
    indicator = w.Dropdown(options=first["indicatoren"], value=first["indicator"], description="Indicator",
                           style=style, layout=w.Layout(width="520px"))
    right = w.Layout(width="380px")
    dimensie = w.Dropdown(options=first["dimensies"], value=first["dimensie"],
                          description=first["dimensie_soort"], style=style, layout=right)
    per = w.ToggleButtons(options=first["pers"], value=first["per"], description="Periode", style=style)
    lo, hi = v.jaren()
    jaren = w.IntRangeSlider(value=(lo, hi), min=lo, max=hi, step=1, description="Jaren", style=style,
                             layout=right)
    uitvoer = w.Output()
    box = w.VBox([w.HBox([w.VBox([gemeenten, wet, indicator]), w.VBox([dimensie, per, jaren])],
                         layout=w.Layout(flex_flow="row wrap")), uitvoer])
    app = App(v, gemeenten, wet, indicator, dimensie, per, jaren, uitvoer, box)
    wet.observe(app.bij_wet, names="value")
    indicator.observe(app.bij_indicator, names="value")
    for widget in (dimensie, per, jaren, gemeenten):
        widget.observe(app.toon, names="value")
    app.toon()
    return app


__all__ = ["App", "build"]
