"""Elements of the Wmo chapter that not every municipality has (seed 003 §4.1 and §4.2).

`WmoMixin` holds the Monitor methods of this chapter that every municipality has. Each function
takes the chapter's `Monitor` and returns one published element, or nothing when the
municipality's parameters do not ask for it, so one notebook serves every municipality.
"""

from __future__ import annotations

import pandas as pd

from . import charts, presentation
from .element import Element
from .formatting import maand
from .monitor_basis import NATIONAAL, MonitorBasis
from .periods import MAANDEN

Monitor = MonitorBasis  # the functions below take the chapter's Monitor


def figuur_clienten_groep_per_maand(m: Monitor, wet: str, groep: str) -> Element:
    """Unique clients per month of a bouwsteen group the municipality defines (Druten's Wmo-nieuw and
    Wmo-klassiek), one line per year. Months whose declarations are not yet complete are left off the
    line (the group has no expected value of its own) and named in the note."""
    eigen = (m.gemeente.raw.get("bouwsteengroepen") or {}).get(wet, {})
    if groep not in eigen:
        return Element("")
    titel = ((m.gemeente.raw.get("bouwsteengroep_titels") or {}).get(wet, {}) or {}).get(groep, groep)
    rows = m.pub.select(f"{wet}.clienten_groep", m.periode.months, [groep])
    if rows.empty:
        return m.niet_beschikbaar(f"Cliënten {titel}")
    voorlopig = set(m.voorlopige_maanden(wet))
    final = rows[~rows["periode"].isin(voorlopig)]
    data = final.assign(maand=final["periode"], onderdrukt=final["verborgen"])
    wie = m._label("clienten", wet)
    fig, _ = charts.lines_per_year(data, f"Aantal {wie}")
    label = rows["periode"].where(~rows["periode"].isin(voorlopig), rows["periode"] + "*")
    cells = m._cells(rows, rows["periode"].str[5:].astype(int).map(lambda k: MAANDEN[k - 1]),
                     label.str[:4] + label.str[7:].replace("*", " (voorlopig)")).assign(reeks=titel)
    noot = m._noot(rows)
    if voorlopig & set(rows["periode"]):
        eerste = min(voorlopig & set(rows["periode"]))
        noot = (f"Maanden vanaf {maand(eerste)} zijn voorlopig: nog niet alle declaraties zijn binnen. Ze staan in de "
                f"tabel maar niet in de grafiek. {noot}").strip()
    return m._figure(fig, f"Aantal unieke {wie} {titel} per maand",
                     f"Lijndiagram met per jaar een lijn van het aantal unieke {wie} met {titel} per maand.",
                     cells, "Maand", m._bron("declaraties"), f"fig-{wet}-{presentation.slug(groep)}-maand", noot,
                     rows=MAANDEN)


def tabel_uitnutting(m: Monitor, wet: str, groep: str) -> Element:
    """Allocated against delivered volume per bouwsteen of a chart group and year (seed 003: "de
    uitnutting van de hulp bij het huishouden ligt op 82%")."""
    titel, bouwstenen = m._group(wet, groep)
    if not m._has_table("toewijzingen"):
        return m.niet_beschikbaar(f"Uitnutting {titel} (toewijzingen)")
    toegewezen = m.pub.select(f"{wet}.toegewezen_volume", m._years(), bouwstenen)
    if toegewezen.empty:
        return Element("")
    present = sorted(set(toegewezen["dimensie"]))
    parts = [(toegewezen, "Toegewezen"), (m.pub.select(f"{wet}.volume", m._years(), present), "Gedeclareerd"),
             (m.pub.select(f"{wet}.uitnutting", m._years(), present), "Uitnutting")]
    cells = pd.concat([m._cells(r, r["dimensie"] + " " + r["periode"].map(m._jaar_label), [naam] * len(r))
                       for r, naam in parts if not r.empty], ignore_index=True)
    rows = [f"{b} {m._jaar_label(y)}" for b in present for y in m._years()]
    units = dict(zip(toegewezen["dimensie"], toegewezen["eenheid"]))
    noot = ("Toegewezen: het volume dat de toewijzingen voor de dagen van het jaar toekenden; gedeclareerd: het "
            "geleverde volume; uitnutting = gedeclareerd / toegewezen. Eenheid: "
            + ", ".join(f"{u} ({b})" for b, u in sorted(units.items()))
            + f". {m._jaar_label(m.periode.jaar)} is een deel van het jaar en nog niet volledig gedeclareerd. "
            + m._noot(parts[2][0])).strip()
    return m._tabel(cells, f"Uitnutting {titel}: toegewezen en gedeclareerd volume",
                                        "Bouwsteen en jaar", [r for r in rows if r in set(cells["rij"])],
                                        [naam for _, naam in parts], noot=noot, bron=m._bron("declaraties"))


class WmoMixin(MonitorBasis):
    """Wmo elements every municipality has (methods of `monitor.Monitor`)."""

    def figuur_vergrijzing(self) -> Element:
        """Share of inhabitants aged 65+ in the gemeente vs the Netherlands."""
        rows = self.pub.select("bevolking.aandeel_65plus", self._years(), dimensies=["", NATIONAAL])
        if rows.empty or not (rows["dimensie"] == "").any():
            return self.niet_beschikbaar("Vergrijzing (bevolking)")
        reeks = rows["dimensie"].map({"": self.gemeente.naam, NATIONAAL: "Nederland"})
        data = pd.DataFrame({"jaar": rows["periode"], "reeks": reeks, "waarde": 100.0 * rows["waarde"]})
        fig, _ = charts.compare_lines(data, "% inwoners 65 jaar en ouder", "procent")
        cells = self._cells(rows, reeks, rows["periode"])
        return self._figure(fig, "Aandeel inwoners van 65 jaar en ouder",
                            f"Lijndiagram van het percentage inwoners van 65 jaar en ouder in {self.gemeente.naam} "
                            "en in Nederland op 1 januari, per jaar.", cells, "", self._bron("bevolking"),
                            "fig-vergrijzing")


__all__ = ["WmoMixin", "figuur_clienten_groep_per_maand", "tabel_uitnutting"]
