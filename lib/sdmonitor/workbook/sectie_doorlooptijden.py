"""The tables of the section "Doorlooptijden" (Jeugd and Wmo chapters) and the late declarations per
aanbieder of the Verantwoording, from the figures of `figures.doorlooptijden`.

Each function takes the chapter's Monitor and a wet and returns one published element; where the
figure table has no doorlooptijd of the wet at all, the element says "niet beschikbaar". Every
number is the published text of its figure (small numbers hidden by the registry's rule).
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures import doorlooptijden as dl
from sdmonitor.ingest import codelists
from sdmonitor.ingest.schemas import PRODUCTCATEGORIE_LIST
from sdmonitor.publish import presentation
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element
from sdmonitor.workbook.monitor_basis import TOTAAL, MonitorBasis

Monitor = MonitorBasis  # the functions below take the chapter's Monitor

STAPPEN = {"aanvraag": "Aanvraag → toewijzing", "start": "Toewijzing → start zorg",
           "declaratie": "Einde zorgmaand → declaratie"}
BRONNEN = {"aanvraag": ("aanvragen", "toewijzingen"), "start": ("toewijzingen", "zorgmeldingen"),
           "declaratie": ("declaraties",)}
ONDERDELEN = ("overzicht", "kwartaal", "productcategorie", "aanbieder")


def norm_tekst(dagen: int) -> str:
    """A norm as the law and contracts write it: whole weeks in weeks ("8 weken"), else days ("10 dagen")."""
    if dagen and dagen % 7 == 0:
        return "1 week" if dagen == 7 else f"{dagen // 7} weken"
    return f"{dagen} dag" if dagen == 1 else f"{dagen} dagen"


def _normen(m: Monitor) -> dict[str, dict[str, int]]:
    return dl.normen(m.gemeente.raw.get("doorlooptijd_normen"))


def _has_data(rows: pd.DataFrame) -> bool:
    return bool(len(rows)) and any(sw.has_data(st) for st in rows["status"])


def met_gegevens(rows: pd.DataFrame) -> pd.DataFrame:
    """The published rows that hold data (not geen_gegevens)."""
    return rows.loc[rows["status"].map(sw.has_data).to_numpy(dtype=bool)]


def _bronnen(m: Monitor, stappen: list[str]) -> str:
    tables = dict.fromkeys(t for s in stappen for t in BRONNEN[s])
    return "; ".join(m._bron(t) for t in tables)


def _noot(m: Monitor, wet: str, *frames: pd.DataFrame) -> str:
    norm = _normen(m)
    return " ".join(t for t in (
        "Mediaan: de helft van de gevallen duurde korter, de helft langer. Norm van de gemeente: "
        + "; ".join(f"{STAPPEN[s].lower()} {norm_tekst(norm[s][wet])}" for s in dl.STAGES) + ".",
        m._noot(*frames)) if t)


def _stappen_met_gegevens(m: Monitor, wet: str) -> list[str]:
    return [s for s in dl.STAGES if _has_data(m.pub.select(dl.indicator(wet, s, "", "aantal"), m._years(), totaal=True))]


def tabel_overzicht(m: Monitor, wet: str) -> Element:
    """Per stage and report year: the median, the share over the norm and the number of cases."""
    wetnaam = m._label("wet", wet)
    titel = f"Doorlooptijden {wetnaam}"
    if not _stappen_met_gegevens(m, wet):
        return m.niet_beschikbaar(f"{titel} (berichtenverkeer iJw/iWmo)")
    norm = _normen(m)
    stappen = _stappen_met_gegevens(m, wet)
    found: list[tuple[str, pd.DataFrame]] = []
    for stap in stappen:
        naam = STAPPEN[stap]
        for measure, wat in (("mediaan", "mediaan (dagen)"), ("boven_norm", f"langer dan {norm_tekst(norm[stap][wet])}"),
                             ("aantal", "aantal gevallen")):
            rows = m.pub.select(dl.indicator(wet, stap, "", measure), m._years(), totaal=True)
            if not rows.empty:
                found.append((f"{naam}: {wat}", rows))
    frames = [rows for _, rows in found]
    labels = m._jaar_labels(*frames)  # one label per year over every row, so a year is one column
    cells = pd.concat([m._cells(rows, [rij] * len(rows), rows["periode"].map(labels)) for rij, rows in found],
                      ignore_index=True)
    order = [rij for rij, _ in found]
    cols = [labels[j] for j in m._years() if labels[j] in set(cells["kolom"])]
    zonder = [STAPPEN[s].lower() for s in STAPPEN if s not in stappen]
    noot = _noot(m, wet, *frames) + (f" Geen gegevens over {' en '.join(zonder)}: de berichten daarvoor (verzoek om "
                                     "toewijzing 315, startbericht 305) zijn niet aangeleverd." if zonder else "")
    return m._tabel(cells, f"{titel}: mediaan in dagen en aandeel langer dan de norm", "Stap", order,
                    list(dict.fromkeys(cols)), noot=noot, bron=_bronnen(m, stappen))


def _quarters(m: Monitor) -> list[tuple[str, str]]:
    """(year, `K<n>`) of the last eight quarters through the periode's quarter."""
    last = (m.periode.jaar, (m.periode.maand - 1) // 3 + 1)
    out = []
    for i in range(7, -1, -1):
        n = last[0] * 4 + last[1] - 1 - i
        out.append((str(n // 4), f"K{n % 4 + 1}"))
    return out


def tabel_kwartaal(m: Monitor, wet: str) -> Element:
    """Median days and share over the norm per stage for the last eight quarters."""
    titel = f"Doorlooptijden {m._label('wet', wet)} per kwartaal"
    stappen = _stappen_met_gegevens(m, wet)
    if not stappen:
        return m.niet_beschikbaar(f"{titel} (berichtenverkeer iJw/iWmo)")
    quarters = _quarters(m)
    norm = _normen(m)
    parts, order, frames = [], [], []
    for stap in stappen:
        for measure, wat in (("mediaan", "mediaan (dagen)"), ("boven_norm", f"langer dan {norm_tekst(norm[stap][wet])}")):
            rows = m.pub.select(dl.indicator(wet, stap, "kwartaal", measure), sorted({j for j, _ in quarters}))
            wanted = set(quarters)
            rows = rows.loc[[(p, d) in wanted for p, d in zip(rows["periode"], rows["dimensie"])]] if len(rows) else rows
            if rows.empty:
                continue
            rij = f"{STAPPEN[stap]}: {wat}"
            parts.append(m._cells(rows, [rij] * len(rows), rows["periode"] + " " + rows["dimensie"]))
            order.append(rij)
            frames.append(rows)
    if not parts:
        return m.niet_beschikbaar(titel)
    cells = pd.concat(parts, ignore_index=True)
    cols = [f"{j} {k}" for j, k in quarters if f"{j} {k}" in set(cells["kolom"])]
    noot = _noot(m, wet, *frames) + " Kwartaal van de datum waarop het geval eindigt (toewijzing, start zorg of " \
        "indiening); het lopende kwartaal is nog niet compleet."
    return m._tabel(cells, titel, "Stap", order, cols, noot=noot, bron=_bronnen(m, stappen))


def _categorie(wet: str, code: str) -> str:
    naam = codelists.codes(PRODUCTCATEGORIE_LIST[wet]).get(code)
    return TOTAAL if code == "" else (f"{code} {naam}" if naam else code)


def tabel_productcategorie(m: Monitor, wet: str) -> Element:
    """Median days per productcategorie and stage in the jaarbeeld year (the last complete year)."""
    jaar = str(m.periode.jaar - 1)
    titel = f"Mediane doorlooptijd {m._label('wet', wet)} per productcategorie, {jaar}"
    stappen = _stappen_met_gegevens(m, wet)
    if not stappen:
        return m.niet_beschikbaar(f"{titel} (berichtenverkeer iJw/iWmo)")
    parts, frames = [], []
    for stap in stappen:
        rows = m.pub.select(dl.indicator(wet, stap, "", "mediaan"), [jaar])
        rows = met_gegevens(rows)
        if rows.empty:
            continue
        parts.append(m._cells(rows, rows["dimensie"].map(lambda d: _categorie(wet, d)), [STAPPEN[stap]] * len(rows)))
        frames.append(rows)
    if not parts:
        return m.niet_beschikbaar(titel)
    cells = pd.concat(parts, ignore_index=True)
    order = sorted(set(cells["rij"]) - {TOTAAL}) + [TOTAAL]
    return m._tabel(cells, titel, "Productcategorie", [r for r in order if r in set(cells["rij"])],
                    [STAPPEN[s] for s in stappen if STAPPEN[s] in set(cells["kolom"])], noot=_noot(m, wet, *frames),
                    bron=_bronnen(m, stappen))


def tabel_aanbieder(m: Monitor, wet: str, stap: str) -> Element:
    """Per aanbieder (AGB code) in the jaarbeeld year: cases, median and share over the norm. Only
    aanbieders whose median is published are listed; the note says how many are left out."""
    jaar = str(m.periode.jaar - 1)
    norm = _normen(m)[stap][wet]
    titel = f"{STAPPEN[stap]} {m._label('wet', wet)} per aanbieder, {jaar}"
    mediaan = m.pub.select(dl.indicator(wet, stap, "aanbieder", "mediaan"), [jaar])
    mediaan = met_gegevens(mediaan)
    if mediaan.empty:
        return m.niet_beschikbaar(f"{titel} (berichtenverkeer iJw/iWmo)")
    shown = set(mediaan.loc[~mediaan["verborgen"], "dimensie"])
    if not shown:
        return Element(presentation.paragraph_html(
            f"{titel}: bij elke aanbieder gaat het om minder dan {m.drempel} cliënten; de doorlooptijden per "
            "aanbieder tonen we daarom niet."))
    kolommen = {"aantal": "Aantal gevallen", "mediaan": "Mediaan (dagen)", "boven_norm": f"Langer dan {norm_tekst(norm)}"}
    parts, frames = [], []
    for measure, kolom in kolommen.items():
        rows = m.pub.select(dl.indicator(wet, stap, "aanbieder", measure), [jaar], sorted(shown))
        parts.append(m._cells(rows, rows["dimensie"], [kolom] * len(rows)))
        frames.append(rows)
    cells = pd.concat(parts, ignore_index=True)
    weg = len(set(mediaan["dimensie"]) - shown)
    noot = " ".join(t for t in (
        "Aanbieder: AGB-code." + (f" {weg} aanbieder(s) met minder dan {m.drempel} cliënten staan niet in de tabel."
                                  if weg else ""), m._noot(*frames)) if t)
    return m._tabel(cells, titel, "Aanbieder", sorted(shown), list(kolommen.values()), noot=noot,
                    bron=_bronnen(m, [stap]))


def tabel(m: Monitor, wet: str, onderdeel: str = "overzicht", stap: str = "declaratie") -> Element:
    """One table of the section: `overzicht`, `kwartaal`, `productcategorie` or `aanbieder` (of `stap`)."""
    if onderdeel not in ONDERDELEN:
        raise ValueError(f"onbekend onderdeel '{onderdeel}' (verwacht {', '.join(ONDERDELEN)})")
    if onderdeel == "aanbieder":
        return tabel_aanbieder(m, wet, stap)
    return {"overzicht": tabel_overzicht, "kwartaal": tabel_kwartaal,
            "productcategorie": tabel_productcategorie}[onderdeel](m, wet)


__all__ = ["ONDERDELEN", "STAPPEN", "norm_tekst", "tabel", "tabel_aanbieder", "tabel_kwartaal", "tabel_overzicht",
           "tabel_productcategorie"]
