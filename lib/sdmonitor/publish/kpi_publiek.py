"""The council's KPIs as printed: the value cell of each KPI row, for the KPI appendix
(`hoofdstuk_kpi.tabel_kpis`) and the published `kpi-overzicht.csv` alike, so the two are equal.

A KPI that is one figure of the figure table is printed from the published figures (the
small-numbers rule applies, the cell carries its source keys); a calculated share is hidden when
a count it is computed from is hidden; any other calculation is formatted from its exact value.
The exact overview (`figures.kpi_overzicht`) stays internal.

Status (the overview's `status`): a figure without data prints "geen gegevens" (never 0 or
blank); a voorlopig value carries "(voorlopig)", a value over part of its period "(deel van het
jaar)" / "(deel van de maand)".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdmonitor.figures.rows import GEEN_GEGEVENS as STATUS_GEEN_GEGEVENS
from sdmonitor.figures.kpis import format_waarde
from sdmonitor.publish.status_weergave import GEEN_GEGEVENS_TEKST
from sdmonitor.publish.suppression import Published

COLUMNS = ["nummer", "doel", "kpi", "waarde", "eenheid", "periode", "status", "tekst", "toelichting", "indicator",
           "dimensie", "definitie", "vorige_periode", "vorige_waarde", "vorige_tekst", "referentie"]
GEEN_VORIGE = "–"
NIET_BESCHIKBAAR = "niet beschikbaar"
GEEN_GEGEVENS = GEEN_GEGEVENS_TEKST


def status_mark(status: str, periode: str) -> str:
    """The mark a printed KPI value carries for its status (one function: replaceable by the
    report's shared status labels)."""
    if status == "voorlopig":
        return " (voorlopig)"
    if status == "deelperiode":
        return " (deel van de maand)" if len(str(periode)) == 7 else " (deel van het jaar)"
    return ""


def _share_reveals_hidden(pub: Published, indicator: str | None, periode: str) -> bool:
    """Whether a share computed from the breakdown of `indicator` uses a hidden count."""
    if not indicator:
        return False
    return bool(pub.select(indicator, [periode], totaal=False)["verborgen"].any())


def kpi_cells(table: pd.DataFrame, pub: Published) -> list[dict]:
    """Per row of an exact KPI overview: the printed value cell, `{"tekst", "waarde"}` plus the
    source keys `indicator, periode, dimensie` when the KPI is one figure. `waarde` is the
    published number (NaN where hidden or not available)."""
    from sdmonitor.figures.kpi_overzicht import SHARE_SOURCES, load_catalogue
    from sdmonitor.publish.formatting import waarde as fmt

    shares = {int(e["nummer"]): SHARE_SOURCES[e["berekening"]] for e in load_catalogue()
              if e.get("berekening") in SHARE_SOURCES}
    cells = []
    for _, r in table.iterrows():
        value, eenheid = r["waarde"], str(r["eenheid"])
        status = str(r.get("status", "") or "")
        if status == STATUS_GEEN_GEGEVENS and r["indicator"]:
            # The figure exists but its source does not cover the periode: no data, not "0".
            cells.append({"tekst": GEEN_GEGEVENS, "waarde": float("nan"), "indicator": r["indicator"],
                          "periode": str(r["periode"]), "dimensie": r["dimensie"]})
            continue
        mark = status_mark(status, str(r["periode"]))
        # The KPI table mixes units in one column: a number of days says so.
        suffix = " dagen" if eenheid == "dagen" else ""
        source = pub.get(r["indicator"], r["periode"], r["dimensie"]) if r["indicator"] else None
        cell: dict = {"tekst": NIET_BESCHIKBAAR, "waarde": float("nan")}
        if source is not None:
            cell = {"tekst": source.tekst + ("" if source.onderdrukt else suffix + mark),
                    "waarde": float("nan") if source.onderdrukt else source.waarde,
                    "indicator": source.indicator, "periode": source.periode, "dimensie": source.dimensie}
        elif pd.notna(value) and _share_reveals_hidden(pub, shares.get(int(r["nummer"])), str(r["periode"])):
            cell = {"tekst": pub.rules.teken_secundair, "waarde": float("nan")}
        elif pd.notna(value):
            cell = {"tekst": fmt(float(value), eenheid) + suffix + mark, "waarde": float(value)}
        cells.append(cell)
    return cells


def vorige_cells(table: pd.DataFrame, pub: Published) -> list[dict]:
    """Per row the printed previous value (`kpi_referentie`), through the same rule as the value
    itself: the previous period's figure as published ("–" where there is no previous period)."""
    previous = table.assign(waarde=table["vorige_waarde"], periode=table["vorige_periode"],
                            status=table["vorige_status"])
    cells = kpi_cells(previous, pub)
    return [c if str(p) else {"tekst": GEEN_VORIGE, "waarde": float("nan")}
            for c, p in zip(cells, table["vorige_periode"])]


def referentie_tekst(row: pd.Series) -> str:
    """"naar rato van 2 van de 12 maanden: 16,7%", "Nederland 2025: € 341", or ""."""
    from sdmonitor.publish.formatting import waarde as fmt

    if not str(row["referentie"]):
        return ""
    if pd.isna(row["referentie_waarde"]):
        return str(row["referentie"])
    suffix = " dagen" if row["referentie_eenheid"] == "dagen" else ""
    return f"{row['referentie']}: {fmt(float(row['referentie_waarde']), str(row['referentie_eenheid']))}{suffix}"


def published_kpi_overzicht(table: pd.DataFrame, pub: Published) -> pd.DataFrame:
    """The exact overview with `waarde` as published and `tekst` as printed, and beside it the
    definition, the previous value as published and the norm or reference (columns `COLUMNS`)."""
    out = table.copy()
    if "status" not in out:
        out["status"] = ""
    cells = kpi_cells(table, pub)
    out["waarde"] = [c["waarde"] for c in cells]
    out["tekst"] = [c["tekst"] for c in cells]
    vorige = vorige_cells(table, pub)
    out["vorige_waarde"] = [c["waarde"] for c in vorige]
    out["vorige_tekst"] = [c["tekst"] for c in vorige]
    out["referentie"] = [referentie_tekst(r) for _, r in table.iterrows()]
    return out[COLUMNS]


def write_published_kpi_overzicht(frame: pd.DataFrame, path: Path) -> None:
    """Write the published `kpi-overzicht.csv` atomically (text cells safe for spreadsheets)."""
    import csv
    import io

    from sdmonitor.publish.cijfers import safe_text
    from sdmonitor.safe_output import write_atomically

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in frame[COLUMNS].itertuples(index=False):
        writer.writerow([int(r.nummer), *(safe_text(v) for v in (r.doel, r.kpi)), format_waarde(r.waarde),
                         *(safe_text(v) for v in (r.eenheid, r.periode, r.status, r.tekst, r.toelichting,
                                                  r.indicator, r.dimensie, r.definitie, r.vorige_periode)),
                         format_waarde(r.vorige_waarde), safe_text(r.vorige_tekst), safe_text(r.referentie)])
    write_atomically(Path(path), buffer.getvalue().encode("utf-8"))


__all__ = ["COLUMNS", "kpi_cells", "published_kpi_overzicht", "referentie_tekst", "vorige_cells",
           "write_published_kpi_overzicht"]
