"""The appendix Verantwoording: rows read, used and excluded per source. A mixin of `monitor.Monitor`."""

from __future__ import annotations

import pandas as pd

from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import datum, getal
from sdmonitor.publish.suppression import legend
from sdmonitor.workbook.monitor_basis import MonitorBasis


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
        texts = reconciliation_texts(recon, self.pub, self.years(), part_of_used=(NETTED,))
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
        return self.tabel(cells,
                          caption=f"Verantwoording van de gebruikte gegevens (peildatum {datum(self.peildatum)})",
                          rij_kop="Bron", cols=cols, noot=noot)
