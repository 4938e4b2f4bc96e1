"""The appendix with the council's KPIs: a mixin of `monitor.Monitor`."""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures.rows import GEEN_GEGEVENS
from sdmonitor.periods import Periode
from sdmonitor.publish import presentation
from sdmonitor.publish.element import Element
from sdmonitor.publish.suppression import legend
from sdmonitor.workbook.monitor_basis import MonitorBasis

VORIGE_NOOT = ("Vorige waarde: het jaar ervoor; bij een maandcijfer dezelfde maand een jaar eerder; bij het lopende "
               "jaar dezelfde maanden van het jaar ervoor. Een begrotingscijfer over een deel van het jaar staat naast "
               "het deel van het jaar dat voorbij is (naar rato).")


class KpiMixin(MonitorBasis):
    """The KPI table; expects `MonitorBasis`."""

    def tabel_kpis(self) -> Element:
        """The 25 KPIs of the council, each with its value or the reason it is not available.

        The value cells come from `kpi_publiek.kpi_cells`, which also writes the published
        `kpi-overzicht.csv`: the printed table and that file cannot differ.
        """
        from sdmonitor.figures.kpi_overzicht import kpi_overzicht
        from sdmonitor.publish.kpi_publiek import kpi_cells, referentie_tekst, vorige_cells

        # The runner's kpi-overzicht.csv when there is one: no second computation, no raw data read.
        table = self._overzicht if self._overzicht is not None else kpi_overzicht(
            self.figures, self.selection, self.periode)
        # The definition shares the KPI's cell: eight columns do not fit the printed page.
        cols = ["Doel", "KPI en definitie", "Waarde", "Periode", "Vorige waarde", "Norm of referentie", "Toelichting"]
        # A KPI with several parts (Jeugd and Wmo) has several rows: number them 4a, 4b, ...
        numbers = [str(n) for n in table["nummer"]]
        counts = {n: numbers.count(n) for n in numbers}
        seen: dict[str, int] = {}
        rows = []
        for n in numbers:
            seen[n] = seen.get(n, 0) + 1
            rows.append(n if counts[n] == 1 else f"{n}{'abcdefghij'[seen[n] - 1]}")
        cells = []
        for n, (_, r), value_cell, vorige in zip(rows, table.iterrows(), kpi_cells(table, self.pub),
                                                 vorige_cells(table, self.pub)):
            number_cells = {"Waarde": value_cell,
                            "Vorige waarde": {**vorige, "tekst": _met_periode(vorige, r, self.periode)}}
            definitie = "" if pd.isna(r["definitie"]) else str(r["definitie"])
            kpi = f"{r['kpi']}: {definitie}" if definitie else str(r["kpi"])
            for c, v in zip(cols, [r["doel"], kpi, None, r["periode"], None, referentie_tekst(r), r["toelichting"]]):
                cell = ({k: w for k, w in number_cells[c].items() if k != "waarde"} if c in number_cells
                        else {"tekst": "" if pd.isna(v) else str(v)})
                cells.append({"rij": n, "kolom": c, **cell})
        frame = pd.DataFrame(cells)
        for col in presentation.SOURCE_COLUMNS:
            frame[col] = frame[col].fillna("") if col in frame else ""
        statuses = set(table["status"]) if "status" in table else set()
        noot = " ".join(t for t in (legend(self.drempel), _status_noot(statuses), VORIGE_NOOT) if t)
        return self.tabel(frame, caption="KPI's in de rapportage", rij_kop="Nr.", rows=rows, cols=cols, noot=noot)


def _met_periode(cell: dict, row: pd.Series, periode: Periode) -> str:
    """A previous value with the period it is about: "1.409 (2024)", "102 (feb 2025)", and for
    the current year's spend to date "16,3% (t/m feb 2025)"; a dash alone where there is none."""
    from sdmonitor.publish.formatting import maand_kort
    from sdmonitor.publish.kpi_publiek import GEEN_VORIGE

    vorige = str(row["vorige_periode"])
    # A previous value not shown (hidden, geen gegevens) stays the rule's own text: "<5", not "<5 (2024)".
    if cell["tekst"] == GEEN_VORIGE or not vorige or pd.isna(cell.get("waarde", float("nan"))):
        return str(cell["tekst"])
    if len(vorige) == 7:
        label = f"{maand_kort(vorige)} {vorige[:4]}"
    elif str(row["periode"]) == str(periode.jaar) and periode.maand < 12:
        label = f"t/m {maand_kort(str(periode))} {vorige}"
    else:
        label = vorige
    return f"{cell['tekst']} ({label})"


def _status_noot(statuses: set[str]) -> str:
    """What the status marks in the value column mean (only those that occur)."""
    parts = []
    if "voorlopig" in statuses:
        parts.append("(voorlopig): nog niet alle declaraties zijn binnen; het cijfer kan nog veranderen.")
    if "deelperiode" in statuses:
        parts.append("(deel van het jaar): het cijfer gaat over een deel van de periode (het lopende jaar tot nu "
                     "toe, of de bron dekt niet het hele jaar).")
    if GEEN_GEGEVENS in statuses:
        parts.append("Geen gegevens: de bron dekt deze periode niet; dat is geen 0.")
    return " ".join(parts)
