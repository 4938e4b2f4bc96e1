"""The elements of the chapter "Contractering Wmo en Jeugd" (seed 000 chapter 6).

Each function takes the chapter's `Monitor` and returns one published element, so the notebook
keeps one call per cell: `c.tabel_aanbieders(m, "jeugd")`. The numbers come from the figure table
(`contractering` figures) through the small-numbers rule, like every other chapter.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.publish import charts, presentation
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import euro
from sdmonitor.workbook.monitor import TOTAAL, Monitor

TOP_BOUWSTENEN = 10
DELEN = {"prijs": "Prijs (tarief)", "volume": "Volume (meer of minder zorg)", "mix": "Mix (verschuiving tussen producten)"}


def _wet(m: Monitor, wet: str) -> str:
    return m._label("wet", wet)


def tabel_aanbieders(m: Monitor, wet: str) -> Element:
    """Providers per bouwsteen: how many delivered care in the last two full years, new and stopped
    ones, and the share of the three largest."""
    jaar = m.periode.jaar - 1
    vorig, nu = str(jaar - 1), str(jaar)
    count = m.pub.select(f"{wet}.aanbieders", [vorig, nu])
    if count.empty:
        return m.niet_beschikbaar(f"Aanbieders {_wet(m, wet)}")
    kolommen = {
        (f"{wet}.aanbieders", vorig): f"Aanbieders {vorig}",
        (f"{wet}.aanbieders", nu): f"Aanbieders {nu}",
        (f"{wet}.aanbieders_nieuw", nu): f"Nieuw in {nu}",
        (f"{wet}.aanbieders_gestopt", nu): f"Gestopt in {nu}",
        (f"{wet}.aanbieders_top3_aandeel", nu): f"Aandeel grootste drie {nu}",
    }
    parts = []
    for (indicator, periode), kolom in kolommen.items():
        rows = m.pub.select(indicator, [periode])
        parts.append(rows.assign(kolom=kolom))
    shown = pd.concat(parts, ignore_index=True)
    active = set(count.loc[count["waarde"] > 0, "dimensie"])
    shown = shown[shown["dimensie"].isin(active)]
    rij = shown["dimensie"].map(lambda d: d or TOTAAL)
    cells = m._cells(shown, rij, shown["kolom"])
    order = sorted(d for d in active if d) + [TOTAAL]
    return m._tabel(
        cells, f"Aanbieders {_wet(m, wet)} per bouwsteen, {vorig} en {nu}", "Bouwsteen", rows=order,
        cols=list(kolommen.values()), noot=("Aanbieders met in het jaar geleverde zorg (netto volume groter dan 0). "
                                            "Aandeel grootste drie: deel van de kosten bij de drie aanbieders met de "
                                            "hoogste kosten. " + m._noot(shown)).strip(),
        bron=m._bron("declaraties"))


def _decomposition(m: Monitor, wet: str, jaar: str) -> pd.DataFrame:
    """The published price/volume/mix rows of one year, one row per bouwsteen and part."""
    totals = m.pub.select(f"{wet}.kostenverschil", [jaar], totaal=False)
    parts = [m.pub.select(f"{wet}.kostenverschil_{deel}", [jaar], totaal=False).assign(reeks=label)
             for deel, label in DELEN.items()]
    if totals.empty:
        return pd.DataFrame()
    # The largest changes first; a long tail of small bouwstenen makes the chart unreadable.
    totals = totals.assign(_abs=totals["waarde"].abs().where(~totals["verborgen"], -1.0))
    keep = totals.sort_values("_abs", ascending=False, kind="mergesort").head(TOP_BOUWSTENEN)
    lookup = keep.set_index("dimensie")
    data = pd.concat(parts, ignore_index=True)
    data = data[data["dimensie"].isin(lookup.index)]
    return data.assign(categorie=data["dimensie"], totaal=data["dimensie"].map(lookup["waarde"]),
                       onderdrukt=data["verborgen"] | data["dimensie"].map(lookup["verborgen"]).astype(bool),
                       _order=data["dimensie"].map({d: i for i, d in enumerate(lookup.index)})
                       ).sort_values(["_order"], kind="mergesort")


def figuur_kostenverschil(m: Monitor, wet: str) -> Element:
    """What drives the change in cost per bouwsteen, last full year against the year before."""
    jaar = str(m.periode.jaar - 1)
    data = _decomposition(m, wet, jaar)
    if data.empty:
        return m.niet_beschikbaar(f"Kostenverschil {_wet(m, wet)} naar prijs, volume en mix")
    fig, _ = charts.decomposition_bars(data, f"Verschil in kosten {jaar} t.o.v. {int(jaar) - 1}")
    totals = m.pub.select(f"{wet}.kostenverschil", [jaar], list(dict.fromkeys(data["dimensie"])))
    cells = pd.concat([m._cells(data, data["categorie"], data["reeks"]),
                       m._cells(totals, totals["dimensie"], ["Totaal verschil"] * len(totals))], ignore_index=True)
    caption = f"Verschil in kosten {_wet(m, wet)} {jaar} ten opzichte van {int(jaar) - 1} naar prijs, volume en mix"
    alt = (f"Liggend staafdiagram met per bouwsteen ({_wet(m, wet)}) hoeveel van het verschil in kosten tussen "
           f"{int(jaar) - 1} en {jaar} komt door het tarief, door meer of minder zorg en door een verschuiving "
           "tussen producten; een ruit geeft het totale verschil.")
    noot = (f"Beide jaren zijn vergeleken op hetzelfde moment na afloop: {int(jaar) - 1} zoals bekend een jaar voor "
            f"de peildatum, zodat late declaraties geen daling lijken. De {TOP_BOUWSTENEN} bouwstenen met het "
            "grootste verschil. " + m._noot(data, totals)).strip()
    return m._figure(fig, caption, alt, cells, "Bouwsteen", m._bron("declaraties"), f"fig-{wet}-kostenverschil",
                     noot, rows=list(dict.fromkeys(data["categorie"])),
                     cols=list(DELEN.values()) + ["Totaal verschil"])


def tabel_prijs_per_eenheid(m: Monitor, wet: str) -> Element:
    """Average price per unit per bouwsteen and year (bedrag / volume in the bouwsteen's unit)."""
    rows = m.pub.select(f"{wet}.prijs_per_eenheid", m._years(), totaal=False)
    if rows.empty:
        return m.niet_beschikbaar(f"Gemiddelde prijs per eenheid {_wet(m, wet)}")
    volume = m.figures[(m.figures["indicator"] == f"{wet}.volume") & (m.figures["dimensie"] != "")]
    units = dict(zip(volume["dimensie"], volume["eenheid"]))
    rij = rows["dimensie"].map(lambda d: f"{d} (per {units.get(d, 'eenheid')})")
    cells = m._cells(rows, rij, rows["periode"].map(m._jaar_label))
    return m._tabel(
        cells, f"Gemiddelde prijs per eenheid {_wet(m, wet)} per bouwsteen", "Bouwsteen",
        rows=sorted(dict.fromkeys(rij)), cols=[m._jaar_label(y) for y in m._years()],
        noot=("Kosten gedeeld door het geleverde volume in de eenheid van de bouwsteen. " + m._noot(rows)).strip(),
        bron=m._bron("declaraties"))


def bevindingen(m: Monitor) -> Element:
    """Generated findings: per wet the tariff, volume and mix parts of the cost change of the last
    full year: the figure's own totals (every bouwsteen, also hidden ones), never a sum of the
    bouwstenen that happen to be shown."""
    jaar = str(m.periode.jaar - 1)
    sentences = []
    for wet in ("jeugd", "wmo"):
        found = [m.pub.get(name, jaar) for name in
                 (f"{wet}.kostenverschil", *(f"{wet}.kostenverschil_{deel}" for deel in DELEN))]
        if any(f is None or f.onderdrukt or pd.isna(f.waarde) for f in found):
            continue
        total, *delen = [float(f.waarde) for f in found if f is not None]
        sums = dict(zip(DELEN, delen))
        richting = "hoger" if total >= 0 else "lager"
        sentences.append(
            f"De kosten {_wet(m, wet)} waren in {jaar} {euro(abs(total))} {richting} dan een jaar eerder "
            f"(vergeleken op hetzelfde moment na afloop). Daarvan komt {_signed(sums['prijs'])} door tarieven, "
            f"{_signed(sums['volume'])} door meer of minder zorg en {_signed(sums['mix'])} door een verschuiving "
            "tussen producten.")
        aantal = m.pub.get(f"{wet}.aanbieders", jaar)
        if aantal is not None and not aantal.onderdrukt:
            sentences.append(f"In {jaar} leverden {aantal.tekst} aanbieders zorg onder de {_wet(m, wet)}.")
    html = presentation.findings_html(sentences)
    return Element(html + m.duiding("contractering").html)


def _signed(value: float) -> str:
    """"+ € 150k" / "− € 20k": the sign of a part of a change, in prose."""
    return ("+ " if value >= 0 else "− ") + euro(abs(value))


__all__ = ["bevindingen", "figuur_kostenverschil", "tabel_aanbieders", "tabel_prijs_per_eenheid"]
