"""The appendix Verantwoording: rows read, used and excluded per source, and the data quality of the
iJw/iWmo message traffic (`figures.berichtenkwaliteit`). A mixin of `monitor.Monitor`."""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures import doorlooptijden as dl
from sdmonitor.ingest import codelists
from sdmonitor.publish import status_weergave as sw
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import datum, getal, maand
from sdmonitor.publish.suppression import legend
from sdmonitor.workbook import sectie_doorlooptijden
from sdmonitor.workbook.monitor_basis import MonitorBasis
from sdmonitor.workbook.sectie_doorlooptijden import met_gegevens

WETTEN = ("jeugd", "wmo")
# What a reader calls each iJw/iWmo message (the type's number after JW/WMO); the code itself is internal.
BERICHTNAMEN = {"301": "Toewijzing", "302": "Retour toewijzing", "305": "Start zorg", "306": "Retour start zorg",
                "307": "Stop zorg", "308": "Retour stop zorg", "315": "Verzoek om toewijzing",
                "316": "Antwoord op verzoek om toewijzing", "317": "Verzoek om wijziging",
                "318": "Retour verzoek om wijziging", "319": "Antwoord op verzoek om wijziging",
                "320": "Retour antwoordbericht", "323": "Declaratie", "325": "Retour declaratie"}


def berichtnaam(berichttype: str) -> str:
    """`JW323` → "Declaratie Jeugd"; a type without a name → "Ander bericht Jeugd (nummer)"."""
    text = str(berichttype)
    if not text or text == "onbekend":
        return "Onbekend (overgeslagen bestand)"
    wet = "Jeugd" if text.startswith("JW") else "Wmo"
    nummer = text.lstrip("JWMO")
    naam = BERICHTNAMEN.get(nummer)
    return f"{naam} {wet}" if naam else f"Ander bericht {wet} (nummer {nummer})"
# Rows of the message quality table: (indicator after "<wet>.", the row's text).
KWALITEIT = (
    ("declaratieregels_ingediend", "ingediende declaratieregels"),
    ("declaratieregels_afgewezen_aandeel", "afgewezen met een retourbericht (325)"),
    ("declaratieregels_gecrediteerd_aandeel", "gecrediteerd (creditregels)"),
    ("doorlooptijd_declaratie_boven_norm", "later gedeclareerd dan de termijn"),
    ("toewijzingen_zonder_declaratie_aandeel", "toewijzingen zonder declaratie"),
)


class VerantwoordingMixin(MonitorBasis):
    """The reconciliation table; expects `MonitorBasis`."""

    def tabel_verantwoording(self) -> Element:
        """Rows read = used + excluded, per input table and reason. Counts of rows that are persons
        or cases follow the small-numbers rule, with secondary suppression (see
        `suppression.reconciliation_texts`)."""
        from sdmonitor.ingest.selection import NETTED
        from sdmonitor.publish.suppression import reconciliation_texts

        recon = self.invoer.verantwoording
        kolom = recon["reden"].astype(str).str.capitalize()
        texts = reconciliation_texts(recon, self.pub, self._years(), part_of_used=(NETTED,))
        from sdmonitor.figures.kpi_overzicht import bron_naam

        # Readers see the source's name, never the internal table name ("klachten_bezwaren").
        cells = pd.DataFrame({"rij": recon["tabel"].astype(str).map(bron_naam), "kolom": kolom, "tekst": texts})
        cols = list(dict.fromkeys(kolom))
        hidden = any(t != getal(v) for t, v in zip(texts, recon["rijen"]))
        noot = ("Per bron geldt: gelezen = gebruikt + de uitgesloten rijen per reden; – : reden niet van toepassing "
                "op deze bron. 'Waarvan verrekend' is een deel van 'gebruikt': declaratieregels die door een "
                "creditregel tegen elkaar wegvallen; ze tellen mee in de kosten, niet in het aantal cliënten.")
        if hidden:
            noot += " " + legend(self.drempel)
        return self._tabel(
            cells, f"Verantwoording van de gebruikte gegevens (peildatum {datum(self.peildatum)})", "Bron",
            cols=cols, noot=noot)

    def _kwaliteit_tabel(self, found: list[tuple[str, pd.DataFrame]], caption: str, rij_kop: str, noot: str,
                         bron: str, cols: list[str] | None = None, kolom=None) -> Element:
        """A table of `found` (row text, published rows), columns the report years unless `kolom` maps a row."""
        frames = [rows for _, rows in found]
        labels = self._jaar_labels(*frames)
        cells = pd.concat([self._cells(rows, [rij] * len(rows), rows["periode"].map(labels) if kolom is None
                                       else kolom(rows)) for rij, rows in found], ignore_index=True)
        if cols is None:
            cols = [labels[j] for j in self._years() if labels[j] in set(cells["kolom"])]
        noot = " ".join(t for t in (noot, self._noot(*frames)) if t)
        return self._tabel(cells, caption, rij_kop, [r for r, _ in found], list(dict.fromkeys(cols)), noot=noot,
                           bron=bron)

    def tabel_berichtenkwaliteit(self) -> Element:
        """Per wet and report year: lines submitted, the shares rejected (325), credited and declared late,
        and allocations without a declaration; then all messages and the skipped ones."""
        norm = dl.normen(self.gemeente.raw.get("doorlooptijd_normen"))["declaratie"]
        found = []
        for wet in WETTEN:
            for naam, tekst in KWALITEIT:
                rows = self.pub.select(f"{wet}.{naam}", self._years(), totaal=True)
                if len(rows):
                    eenheid = "" if naam == "declaratieregels_ingediend" else " (%)"
                    if naam == "doorlooptijd_declaratie_boven_norm":
                        tekst = f"{tekst} ({sectie_doorlooptijden.norm_tekst(norm[wet])} na de zorgmaand)"
                    found.append((f"{self._label('wet', wet)}: {tekst}{eenheid}", rows))
        for naam, tekst in (("berichten.aantal", "Berichten (alle typen)"), ("berichten.overgeslagen",
                                                                            "Overgeslagen berichten")):
            rows = self.pub.select(naam, self._years(), totaal=True)
            if len(rows):
                found.append((tekst, rows))
        if not found or not any(sw.has_data(st) for _, r in found for st in r["status"]):
            return self.niet_beschikbaar("Datakwaliteit van het berichtenverkeer")
        noot = ("Declaratieregels: zorg in natura, naar zorgmaand; ingediend = geaccepteerde plus afgewezen regels (een "
                "gecorrigeerde regel die opnieuw is ingediend telt opnieuw). Afgewezen: een retourcode anders dan 0200, "
                "0233 of 8001. Toewijzingen zonder declaratie: toewijzingen met een ingangsdatum in het jaar waarvan de "
                "declaratietermijn na de eerste maand op de peildatum verstreken is. Geen gegevens: de gemeente leverde "
                "de retour- of berichtgegevens (nog) niet aan.")
        return self._kwaliteit_tabel(found, "Datakwaliteit van het berichtenverkeer iJw/iWmo", "", noot,
                                     f"{self._bron('declaraties')}; {self._bron('berichten')}")

    def tabel_afwijzingsredenen(self) -> Element:
        """Rejected declaration lines per retourcode (WJ001 text) and report year."""
        found = []
        omschrijving = codelists.codes("WJ001")
        for wet in WETTEN:
            rows = self.pub.select(f"{wet}.afwijzingsreden", self._years(), totaal=False)
            rows = met_gegevens(rows)
            for code, own in rows.groupby("dimensie", sort=True):
                found.append((f"{self._label('wet', wet)}: {code} {omschrijving.get(str(code), '')}".strip(), own))
        if not found:
            return self.niet_beschikbaar("Redenen van afwijzing van declaratieregels (retourberichten 325)")
        return self._kwaliteit_tabel(found, "Afgewezen declaratieregels per retourcode", "Retourcode",
                                     "Een regel met meer retourcodes telt bij elke code.", self._bron("berichten"))

    def tabel_berichten_per_maand(self) -> Element:
        """Messages per berichttype in the last twelve months through the periode."""
        maanden = self.periode.months[-12:]
        rows = self.pub.select("berichten.aantal", maanden)
        rows = met_gegevens(rows)
        if rows.empty:
            return self.niet_beschikbaar("Berichten per type en maand (berichtenverkeer iJw/iWmo)")
        found = [(berichtnaam(str(t)) if t else "Totaal", own) for t, own in rows.groupby("dimensie", sort=True)]
        found = [f for f in found if f[0] != "Totaal"] + [f for f in found if f[0] == "Totaal"]
        return self._kwaliteit_tabel(found, "Berichten per soort en maand", "Bericht",
                                     "Naar dagtekening van het bericht.",
                                     self._bron("berichten"), cols=[maand(p) for p in maanden],
                                     kolom=lambda r: r["periode"].map(maand))

    def tabel_late_declaraties(self, wet: str) -> Element:
        """Declarations later than the agreed term per aanbieder in the jaarbeeld year (the figure of the
        Doorlooptijden section, shown here for the data quality)."""
        return sectie_doorlooptijden.tabel_aanbieder(self, wet, "declaratie")
