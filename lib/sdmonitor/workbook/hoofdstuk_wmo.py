"""Elements of the Wmo chapter that not every municipality has (seed 003 §4.1 and §4.2).

Each function takes the chapter's `Monitor` and returns one published element, or nothing when the
municipality's parameters do not ask for it, so one notebook serves every municipality.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.publish import charts, presentation
from sdmonitor.figures import vergrijzing
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import maand
from sdmonitor.workbook import sectie_doorlooptijden
from sdmonitor.workbook.monitor_basis import NATIONAAL, MonitorBasis
from sdmonitor.periods import MAANDEN
from sdmonitor.publish.suppression import legend

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
    return m._tabel(cells, f"Uitnutting {titel}: toegewezen en gedeclareerd volume", "Bouwsteen en jaar",
                    [r for r in rows if r in set(cells["rij"])], [naam for _, naam in parts], noot=noot,
                    bron=m._bron("declaraties"))


def figuur_vergrijzing(m: Monitor) -> Element:
    """The 65+ share of the gemeente and the Netherlands over the report years and on through the
    last projected year of `bevolking` (seed 000 §4.1: "de prognose van 65-plussers als aandeel van
    de bevolking. Voor zowel Wijchen als Nederland"). Projected years are dashed, shaded and marked
    "(prognose)" in the table; without projection rows the figure shows the report years only."""
    namen = {"": m.gemeente.naam, NATIONAAL: "Nederland"}
    gezien = m.pub.select("bevolking.aandeel_65plus", m._years(), dimensies=list(namen))
    prognose = m.pub.select(vergrijzing.INDICATOR, dimensies=list(namen))
    if not ((gezien["dimensie"] == "").any() or (prognose["dimensie"] == "").any()):
        return m.niet_beschikbaar("Vergrijzing (bevolking)")
    later = prognose[prognose["periode"].astype(int) > m.periode.jaar]
    rows = pd.concat([gezien, later], ignore_index=True).sort_values(["dimensie", "periode"], kind="mergesort")
    geprojecteerd = set(prognose.loc[prognose["dimensie"] == "", "periode"]) or set(prognose["periode"])
    vanaf = min((int(j) for j in geprojecteerd), default=None)
    reeks = rows["dimensie"].map(namen)
    data = pd.DataFrame({"jaar": rows["periode"], "reeks": reeks, "waarde": 100.0 * rows["waarde"]})
    fig, _ = charts.compare_lines(data, "% inwoners 65 jaar en ouder", "procent", prognose_vanaf=vanaf)
    jaar = rows["periode"].where(~rows["periode"].isin(geprojecteerd), rows["periode"] + " (prognose)")
    cells = m._cells(rows, jaar, reeks)
    eerste, laatste = rows["periode"].min(), rows["periode"].max()
    titel = f"Aandeel inwoners van 65 jaar en ouder, {eerste}–{laatste}"
    noot = ""
    if vanaf is not None:
        titel += f" (vanaf {vanaf} prognose)"
        noot = (f"Vanaf {vanaf} gaat het om de bevolkingsprognose (gestippeld); tot dan om de waargenomen "
                "bevolking op 1 januari.")
    return m._figure(fig, titel,
                     f"Lijndiagram van het percentage inwoners van 65 jaar en ouder in {m.gemeente.naam} en in "
                     f"Nederland op 1 januari, per jaar van {eerste} tot en met {laatste}.", cells, "Jaar",
                     m._bron("bevolking"), "fig-vergrijzing", noot,
                     rows=list(dict.fromkeys(jaar.sort_values())), cols=[n for n in namen.values() if n in set(reeks)])


def figuur_avan(m: Monitor) -> Element:
    """AVAN pass holders and users per month from January Y-3 (seed 003 figuur 21 "Aantal AVAN-klanten
    met een pas en aantal klanten dat gebruik heeft gemaakt van de pas"; seed 000 figuur 25), from
    the optional table `avan_passen`."""
    if not m._has_table("avan_passen"):
        return m.niet_beschikbaar(f"AVAN-pashouders en -gebruikers (bron: {m._bron('avan_passen')})")
    namen = {"wmo.avan_pashouders": "Pashouders", "wmo.avan_gebruikers": "Gebruikers"}
    rows = pd.concat([m.pub.select(i, m.periode.months, totaal=True).assign(reeks=n) for i, n in namen.items()],
                     ignore_index=True)
    if rows.empty:
        return m.niet_beschikbaar("AVAN-pashouders en -gebruikers")
    data = rows.assign(maand=rows["periode"], onderdrukt=rows["verborgen"])
    fig, _ = charts.series_over_months(data, "Aantal cliënten", soort="line")
    cells = m._cells(data, data["maand"].map(maand), data["reeks"])
    return m._figure(fig, "Aantal AVAN-klanten met een pas en aantal klanten dat de pas gebruikte, per maand",
                     f"Lijndiagram van het aantal cliënten met een AVAN-pas en het aantal dat in de maand met AVAN "
                     f"reisde, per maand van januari {m.periode.jaar - 3} tot en met {maand(str(m.periode))}.",
                     cells, "Maand", m._bron("avan_passen"), "fig-wmo-avan", m._noot(data),
                     rows=[maand(p) for p in m.periode.months if p in set(rows["periode"])],
                     cols=[n for n in namen.values() if n in set(rows["reeks"])])


VOORZIENINGEN = {"beschermd-wonen": "Beschermd wonen en beschermd thuis",
                 "maatschappelijke-opvang": "Maatschappelijke opvang"}
KENMERKEN = {"clienten": "Cliënten met een indicatie", "meldingen": "Nieuwe meldingen", "wachtenden": "Wachtenden"}


def tabel_regionale_voorziening(m: Monitor, voorziening: str) -> Element:
    """Beschermd wonen / maatschappelijke opvang: the centrumgemeente's figures for this gemeente next
    to the region's, per year (seed 000 §4.2: "Van de 848 cliënten met een BW/BT indicatie regionaal
    verblijven er 35 in Wijchen"; "voor herkomst Wijchen in 2025 16 meldingen"), from the optional
    table `regionale_voorzieningen`."""
    titel = VOORZIENINGEN[voorziening]
    if not m._has_table("regionale_voorzieningen"):
        return m.niet_beschikbaar(f"{titel} (bron: {m._bron('regionale_voorzieningen')})")
    prefix = voorziening.replace("-", "_")
    parts, order, eigen = [], [], False
    for kenmerk, label in KENMERKEN.items():
        for suffix, wie in (("", m.gemeente.naam), ("_regio", "regio")):
            rows = m.pub.select(f"{prefix}.{kenmerk}{suffix}", m._years(), totaal=True)
            if not rows.empty:
                rij = f"{label}, {wie}"
                parts.append(m._cells(rows, [rij] * len(rows), rows["periode"].map(m._jaar_label)))
                order.append(rij)
                eigen |= suffix == ""
    if not eigen:  # only the region's figures: nothing about this gemeente to report
        return m.niet_beschikbaar(titel)
    cells = pd.concat(parts, ignore_index=True)
    cols = [m._jaar_label(j) for j in m._years() if m._jaar_label(j) in set(cells["kolom"])]
    noot = " ".join(t for t in (f"Cijfers van de centrumgemeente; {m.gemeente.naam}: inwoners van (of meldingen met "
                                f"herkomst) {m.gemeente.naam}.", legend(m.drempel) if "<" in "".join(cells["tekst"])
                                else "") if t)
    return m._tabel(cells, f"{titel}: {m.gemeente.naam} en de regio", "", order, cols, noot=noot,
                    bron=m._bron("regionale_voorzieningen"))


def tabel_doorlooptijden(m: Monitor, onderdeel: str = "overzicht", stap: str = "declaratie") -> Element:
    """A table of the section Doorlooptijden from the message chain (aanvraag → toewijzing → start zorg,
    einde zorgmaand → declaratie): `overzicht`, `kwartaal`, `productcategorie` or `aanbieder` (of `stap`);
    see `sectie_doorlooptijden`."""
    return sectie_doorlooptijden.tabel(m, "wmo", onderdeel, stap)


__all__ = ["figuur_avan", "figuur_clienten_groep_per_maand", "figuur_vergrijzing", "tabel_doorlooptijden",
           "tabel_regionale_voorziening", "tabel_uitnutting"]
