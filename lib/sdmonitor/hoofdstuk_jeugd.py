"""Elements of the Jeugd chapter from the project's optional tables (docs/definitions.md,
"Optional tables"): meerzorg (seed 000 §3.3, figuur 13); and a bouwsteen group's trend against the
Netherlands from `benchmark` (seed 003 figuur 12, jeugd-GGZ Druten tegenover landelijk).

Each function takes the chapter's `Monitor` and returns one published element; without its table
it says "niet beschikbaar".
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from . import charts
from .formatting import getal
from .monitor import Monitor
from .zorggebruik import NATIONAAL


def figuur_meerzorg(m: Monitor) -> HTML:
    """Hours of meerzorg per soort and year (seed 000: "Vanaf 2025 wordt de meerzorg die ingezet wordt
    bij verblijfsproducten apart gemonitord ... 1 op 1 begeleiding bij verblijf en 1 op 1 begeleiding
    bij Essentiële functies"). Hours of a soort with fewer clients than the threshold are hidden."""
    titel = "Meerzorg: aantal uren 1-op-1 begeleiding per jaar"
    if m._table("meerzorg") is None:
        return m.niet_beschikbaar("Meerzorg (tabel meerzorg)")
    return m._per_year_bars("jeugd.meerzorg_uren", "meerzorg", "Aantal uur", titel,
                            "Staafdiagram van het aantal uren meerzorg (1-op-1 begeleiding) per soort en per jaar.",
                            m._bron("meerzorg"), "fig-jeugd-meerzorg")


def figuur_trend_landelijk(m: Monitor, wet: str, groep: str) -> HTML:
    """Clients per 1.000 inhabitants of each bouwsteen of a chart group, the gemeente against the
    Netherlands (`benchmark` rows of `NL01`, `<wet>.clienten_per_1000` with the bouwsteen as dimensie),
    over the complete report years (seed 003: "het aantal jeugd-GGZ-cliënten in Nederland [is] licht
    toegenomen ... terwijl dit in Druten juist is afgenomen"). Per 1.000 inhabitants, so a small
    municipality and the country share one axis; the running year is left out (year-to-date)."""
    titel, bouwstenen = m._group(wet, groep)
    indicator = f"{wet}.clienten_per_1000"
    bench = m._table("benchmark")
    caption = f"Trendontwikkeling {titel}: {m.gemeente.naam} tegenover Nederland"
    if bench is None:
        return m.niet_beschikbaar(f"{caption} (benchmark)")
    jaren = [j for j in m._years() if int(j) < m.periode.jaar or m.periode.maand == 12]
    nl = bench[(bench["gebied"] == NATIONAAL) & (bench["indicator"] == indicator)
               & bench["dimensie"].fillna("").isin(bouwstenen) & bench["periode"].astype(str).isin(jaren)]
    own = m.pub.select(indicator, jaren, bouwstenen)
    if nl.empty or own.empty:
        return m.niet_beschikbaar(caption)
    records = [{"jaar": r["periode"], "reeks": f"{m.gemeente.naam} {r['dimensie']}", "waarde": r["waarde"],
                "tekst": r["tekst"] if r["verborgen"] else getal(float(r["waarde"]), 1), "onderdrukt": r["verborgen"], "bouwsteen": r["dimensie"],
                **{k: r[k] for k in ("indicator", "periode", "dimensie")}} for _, r in own.iterrows()]
    records += [{"jaar": str(p), "reeks": f"Nederland {d}", "waarde": float(v), "tekst": getal(float(v), 1),
                 "onderdrukt": False, "bouwsteen": d} for p, d, v in zip(nl["periode"], nl["dimensie"], nl["waarde"])]
    data = pd.DataFrame(records)
    data = data[data["bouwsteen"].isin(set(own["dimensie"]) & set(nl["dimensie"]))]
    # Pairs per bouwsteen, own first: the first pair gets the house colours of gemeente and land.
    data = data.assign(nl=data["reeks"].str.startswith("Nederland")).sort_values(["bouwsteen", "nl", "jaar"],
                                                                                 kind="mergesort")
    shown = data[~data["onderdrukt"].astype(bool)]
    fig, _ = charts.compare_lines(shown[["jaar", "reeks", "waarde"]], f"{m._label('clienten', wet).capitalize()} "
                                  "per 1.000 inwoners", "aantal")
    cells = pd.DataFrame({"rij": data["jaar"], "kolom": data["reeks"], "tekst": data["tekst"],
                          **{k: data.get(k, "") for k in ("indicator", "periode", "dimensie")}}).fillna("")
    return m._figure(fig, f"{caption} ({m._label('clienten', wet)} per 1.000 inwoners)",
                     f"Lijndiagram per bouwsteen van {titel} van het aantal {m._label('clienten', wet)} per 1.000 "
                     f"inwoners in {m.gemeente.naam} en in Nederland, per jaar.", cells, "Jaar",
                     m._bron("benchmark") + "; " + m._bron("declaraties"), f"fig-{wet}-{groep}-landelijk",
                     m._noot(own), cols=list(dict.fromkeys(data["reeks"])))


__all__ = ["figuur_meerzorg", "figuur_trend_landelijk"]
