"""What the report may claim: provisional months and years, the prognosis' range and track record,
and what changed since the last edition. A mixin of `monitor.Monitor` (uses its figure table,
small-numbers rule and house style); one public method per published element.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from sdmonitor.figures import nowcast, wijzigingen
from sdmonitor.periods import MAANDEN
from sdmonitor.publish import presentation, prognose_tekst
from sdmonitor.publish.element import Element, GridElement
from sdmonitor.publish.formatting import euro, euro_k, getal, maand, procent, waarde

if TYPE_CHECKING:
    from sdmonitor.parameters import Gemeente
    from sdmonitor.periods import Periode
    from sdmonitor.publish.suppression import Published
    from sdmonitor.workbook.hoofdstuk_invoer import HoofdstukInvoer

NOG_GEEN_GEGEVENS = "nog geen gegevens"


class OnzekerheidMixin:
    """Report elements about uncertainty; expects the attributes of `monitor.Monitor`."""

    figures: pd.DataFrame
    figures_path: Path | None = None
    # Set by `MonitorBasis.__init__`; declared here so the type checker knows them.
    gemeente: Gemeente
    periode: Periode
    pub: Published
    drempel: int

    if TYPE_CHECKING:  # provided by `MonitorBasis`; no runtime stand-ins that could shadow them
        @property
        def invoer(self) -> HoofdstukInvoer: ...

        def years(self) -> list[str]: ...

        def _table(self, name: str) -> pd.DataFrame | None: ...

        def label(self, kind: str, key: str) -> str: ...

        def bron(self, key: str) -> str: ...

    # --- provisional periods -----------------------------------------------------------

    def _figure_series(self, indicator: str, dimensie: str = "") -> pd.Series:
        f = self.figures
        hit = f[(f["indicator"] == indicator) & (f["dimensie"] == dimensie)]
        return hit.set_index("periode")["waarde"]

    def _status_of(self, indicator: str, periodes: list[str] | None = None) -> pd.Series | None:
        """Status per periode of an indicator's total rows, or None for a table without statuses
        (a kpis.csv written before the column existed: then the nowcast thresholds decide)."""
        f = self.figures
        if "status" not in f or not f["status"].fillna("").astype(str).ne("").any():
            return None
        hit = f[(f["indicator"] == indicator) & (f["dimensie"] == "")]
        if periodes is not None:
            hit = hit[hit["periode"].isin(periodes)]
        return hit.set_index("periode")["status"]

    def voorlopige_maanden(self, wet: str) -> list[str]:
        """Months whose client count is `voorlopig` in the figure table (declarations still to come):
        the figure table's status is the one rule for what a reader sees as voorlopig."""
        status = self._status_of(f"{wet}.clienten")
        if status is None:
            return nowcast.voorlopige_maanden(self.figures, wet)
        months = status[(status == "voorlopig") & (status.index.str.len() == 7)]
        return sorted(months.index)

    def jaar_compleetheid(self, wet: str, jaar: int | str) -> float | None:
        """The share of a year's expected final kosten already declared (kosten / kosten_verwacht)."""
        return nowcast.jaar_compleetheid(self.figures, wet, jaar)

    def jaar_voorlopig(self, wet: str, jaar: int | str) -> bool:
        """Whether the year's total kosten are `voorlopig` in the figure table (the one rule)."""
        status = self._status_of(f"{wet}.kosten", [str(jaar)])
        if status is None:
            return nowcast.jaar_voorlopig(self.figures, wet, jaar)
        return bool((status == "voorlopig").any())

    def _voorlopig_noot(self, months: list[str]) -> str:
        if not months:
            return ""
        return (f"Voorlopig ({maand(months[0])} t/m {maand(months[-1])}): van deze maanden zijn nog niet alle "
                "declaraties binnen; het aantal kan nog stijgen. De open rondjes zijn wat nu is "
                "gedeclareerd, de stippellijn is de verwachte eindstand (uit hoe laat declaraties eerder "
                "binnenkwamen).")

    def _jaar_voorlopig_noot(self, wet: str, jaar: int | str) -> str:
        share = self.jaar_compleetheid(wet, jaar)
        if not self.jaar_voorlopig(wet, jaar):
            return ""
        verwacht = self._figure_series(f"{wet}.kosten_verwacht").get(str(jaar))
        return (f"* {jaar} is voorlopig: op de peildatum is naar verwachting {procent(share, 0)} van de kosten "
                f"gedeclareerd; verwacht eindbedrag {euro(verwacht)}.")

    # --- sources without rows ------------------------------------------------------------

    def jaren_zonder_gegevens(self, table: str, column: str = "jaar") -> list[str]:
        """Report years for which the source table has no row for this gemeente."""
        if column == "jaar":  # precomputed by the runner (hoofdstuk_invoer): no data folder read
            if table not in self.invoer.tabellen:
                return []
            present = set(self.invoer.jaren.get(table, []))
            return [j for j in self.years() if j not in present]
        frame = self._table(table)
        if frame is None:
            return []
        own = frame[frame["gemeente"] == self.gemeente.code] if "gemeente" in frame else frame
        present = {str(int(j)) for j in own[column].dropna().unique()}
        return [j for j in self.years() if j not in present]

    # --- the prognosis' range and track record -------------------------------------------

    def tabel_betrouwbaarheid_prognose(self, wet: str) -> Element:
        """"Hoe betrouwbaar is de prognose?": the prognosis as the monitor would have made it at the
        same month of the last complete years, against the outcome, with its 80 % interval."""
        naam = self.label("wet", wet)
        f = self.figures
        tested = f[f["indicator"].str.startswith(f"{wet}.backtest_") & (f["dimensie"] == "")]
        if tested.empty:
            return Element(presentation.paragraph_html(
                f"Voor {naam} zijn nog geen afgesloten jaren met volledige gegevens "
                "om de prognose op terug te toetsen."))
        wide = tested.pivot_table(index="periode", columns="indicator", values="waarde", aggfunc="first")
        mnd = MAANDEN[self.periode.maand - 1]
        rows, cols = [], ["Prognose", "Uitkomst", "Fout", "80%-interval", "Uitkomst binnen interval?"]
        cells = []
        for jaar, r in wide.iterrows():
            prog, echt = r[f"{wet}.backtest_prognose"], r[f"{wet}.backtest_werkelijk"]
            laag, hoog = r[f"{wet}.backtest_laag"], r[f"{wet}.backtest_hoog"]
            rij = f"{jaar} (gemaakt t/m {mnd} {jaar})"
            rows.append(rij)
            fout = 100.0 * (prog - echt) / echt if echt else float("nan")
            binnen = laag <= echt <= hoog
            for kolom, tekst in zip(cols, [euro(prog), euro(echt), f"{'+' if fout > 0 else ''}{getal(fout, 1)}%",
                                           f"{euro(laag)} – {euro(hoog)}", "ja" if binnen else "nee"]):
                cells.append({"rij": rij, "kolom": kolom, "tekst": tekst})
        dekking = self._figure_series(f"{wet}.prognose_dekking").get(str(self.periode.jaar))
        aantal = self._figure_series(f"{wet}.prognose_kalibratie").get(str(self.periode.jaar))
        noot = ("Prognose: zoals deze monitor hem toen had gemaakt, met alleen de declaraties die op de toenmalige "
                "peildatum binnen waren. Fout = (prognose − uitkomst) / uitkomst. De marge van zo'n eerder jaar is "
                "bepaald zonder dat jaar zelf.")
        html = presentation.table_html(pd.DataFrame(cells), f"Hoe betrouwbaar is de prognose {naam}?",
                                       "Jaar", rows, cols, noot=noot, bron=self.bron("declaraties"))
        n_binnen = sum(c["tekst"] == "ja" for c in cells if c["kolom"] == "Uitkomst binnen interval?")
        html += presentation.paragraph_html(prognose_tekst.terugblik(n_binnen, len(rows), dekking, aantal))
        opvolging = self.opvolging_tekst(wet)
        if opvolging:
            html += presentation.paragraph_html(opvolging)
        # The table's cells are its data; the sentence under it is text.
        return GridElement(html, pd.DataFrame(cells), None, f"Hoe betrouwbaar is de prognose {naam}?")

    def opvolging_tekst(self, wet: str) -> str:
        """Where a product succession was applied (`<wet>.productopvolging`), as one sentence; ""
        without any."""
        f = self.figures
        applied = f.loc[f["indicator"] == f"{wet}.productopvolging", "dimensie"].astype(str)
        if applied.empty:
            return ""
        items = "; ".join(text.split(": ", 1)[-1] for text in sorted(applied))
        return ("De prognose, het interval en de vergelijking per bouwsteen met eerdere jaren tellen de "
                f"historie van opgevolgde producten mee bij hun opvolger: {items}.")

    def afwijking_band_tekst(self, wet: str, dimensie: str = "") -> str:
        """The afwijking's 80 % range as table text (x € 1.000), or "" without one."""
        from sdmonitor.publish.findings import afwijking_band

        band = afwijking_band(self.pub, wet, self.periode.jaar, dimensie)
        if band is None:
            return ""
        return f"{euro_k(band[0])} tot {euro_k(band[1])}"

    # --- what changed since the last edition ---------------------------------------------

    def _wijzigingen(self) -> pd.DataFrame | None:
        """The exact changes beside kpis.csv (`intern/wijzigingen-exact.csv`; a folder of the old
        layout had them as `wijzigingen.csv`). Printed only through the rule (`_text`)."""
        if not self.figures_path:
            return None
        path = self.figures_path.with_name(wijzigingen.EXACT_FILE)
        if not path.is_file():
            path = self.figures_path.with_name(wijzigingen.FILE)
        if not path.is_file():
            return None
        return _read_changes(path)

    def _published_change_count(self, exact: pd.DataFrame) -> int:
        """How many rows the published wijzigingen.csv has (the file the sentence points to), at
        the top of the edition folder when kpis.csv is in its `intern/`; else the exact count."""
        from sdmonitor.edition_folder import INTERN

        if self.figures_path and self.figures_path.parent.name == INTERN:
            published = self.figures_path.parent.parent / wijzigingen.FILE
            if published.is_file():
                return len(_read_changes(published))
        return len(exact)

    def _text(self, indicator: str, value: float, klein: bool = True) -> str:
        found = self.figures.loc[self.figures["indicator"] == indicator, "eenheid"]
        eenheid = str(found.iloc[0]) if len(found) else "aantal"
        if klein and eenheid == "aantal" and 0 < abs(value) < self.drempel:
            return f"<{self.drempel}"
        return euro(value) if eenheid == "euro" else waarde(value, eenheid)

    def wijzigingen_sinds_vorige(self) -> Element:
        """Short chapter: revised past figures, the change in prognosis and afwijking by cause,
        and the figures that moved most. Without an earlier edition one line."""
        table = self._wijzigingen()
        if table is None:
            return Element(presentation.paragraph_html(
                "Er is geen eerdere editie van deze monitor om mee te vergelijken."))
        jaar = str(self.periode.jaar)
        vorige = wijzigingen.earlier_periode(table)
        html = presentation.paragraph_html(
            f"Vergeleken met de vorige editie{f' (t/m {maand(vorige)})' if vorige else ''} zijn "
            f"{getal(self._published_change_count(table))} cijfers gewijzigd: nieuwe maanden, "
            "late declaraties over eerdere maanden en "
            "een bijgestelde prognose. Alle wijzigingen staan in het bestand wijzigingen.csv bij deze monitor.")
        past = [str(y) for y in self.periode.years if str(y) < jaar]
        cells, rows = [], []
        for wet in ("jeugd", "wmo"):
            for _, r in wijzigingen.revisions(table, wet, past).iterrows():
                wat = "Kosten" if r["indicator"].endswith(".kosten") else "Aantal cliënten"
                rij = f"{wat} {self.label('wet', wet)} {r['periode']}"
                rows.append(rij)
                old, new = self._text(r["indicator"], r["waarde_vorige"]), self._text(r["indicator"], r["waarde"])
                # The difference of two published numbers is itself public; of a hidden one it is not.
                verschil = "x" if "<" in old + new else self._text(r["indicator"], r["verschil"], klein=False)
                verschil = ("+" if r["verschil"] > 0 and verschil != "x" else "") + verschil
                for kolom, tekst in (("Vorige editie", old), ("Nu", new), ("Verschil", verschil)):
                    cells.append({"rij": rij, "kolom": kolom, "tekst": tekst})
        if cells:
            html += presentation.table_html(
                pd.DataFrame(cells), "Bijgestelde cijfers over afgesloten jaren (late declaraties)", "Cijfer", rows,
                ["Vorige editie", "Nu", "Verschil"], bron=self.bron("declaraties"))
        sentences = [s for wet in ("jeugd", "wmo") if (s := self._prognose_change_sentence(table, wet, jaar))]
        parts = []
        for _, r in wijzigingen.largest_moves(table, jaar, n=20).iterrows():
            old, new = self._text(r["indicator"], r["waarde_vorige"]), self._text(r["indicator"], r["waarde"])
            if old != new and "<" not in old + new:  # a move the printed figures cannot show is no news
                parts.append(f"{self._indicator_label(r['indicator'])} {r['periode']} ({old} → {new})")
        if parts:
            sentences.append("Het sterkst bijgesteld (relatief) zijn: " + "; ".join(parts[:5]) + ".")
        html += presentation.findings_html(sentences, kop="Wat is er veranderd?")
        if cells:
            return GridElement(html, pd.DataFrame(cells), None, "Wijzigingen sinds de vorige editie")
        return Element(html, "Wijzigingen sinds de vorige editie")

    def _indicator_label(self, indicator: str) -> str:
        wet, _, name = indicator.partition(".")
        labels = {"kosten": "kosten", "clienten": "aantal cliënten", "kosten_per_client": "kosten per cliënt",
                  "kosten_per_inwoner": "kosten per inwoner", "pct_in_zorg": "% jeugdigen in zorg",
                  "pgb_aandeel": "aandeel PGB", "top25_aandeel": "aandeel top-25", "clienten_per_1000":
                  "cliënten per 1.000 inwoners", "meldingen": "meldingen", "wachttijd_mediaan": "mediane wachttijd"}
        return f"{self.label('wet', wet)}: {labels.get(name, name.replace('_', ' '))}".capitalize()

    def _prognose_change_sentence(self, table: pd.DataFrame, wet: str, jaar: str) -> str | None:
        change = wijzigingen.prognose_change(table, wet, jaar)
        if change is None or not self.pub.has(f"{wet}.prognose"):
            return None
        naam = self.label("wet", wet)

        def richting(v: float) -> str:
            return f"{euro(abs(v))} {'hoger' if v > 0 else 'lager'}" if v else "niet veranderd"

        if not change["prognose"]:
            s = f"De prognose {naam} {jaar} is niet veranderd sinds de vorige editie."
        else:
            s = (f"De prognose {naam} {jaar} is {richting(change['prognose'])} dan in de vorige editie: "
                 f"{richting(change['laat'])} door late declaraties over maanden die toen al voorbij waren, en "
                 f"{richting(change['nieuw'])} door de sindsdien gerealiseerde maand(en) en de bijgestelde verwachting "
                 "voor de rest van het jaar.")
        if change["begroting"]:
            s += f" De begroting is {richting(change['begroting'])}."
        if change["afwijking"]:
            kant = "gunstiger" if change["afwijking"] > 0 else "ongunstiger"
            s += f" De afwijking ten opzichte van de begroting is daardoor {euro(abs(change['afwijking']))} {kant}."
        return s


def _read_changes(path: Path) -> pd.DataFrame:
    return wijzigingen.read_wijzigingen(path)


__all__ = ["NOG_GEEN_GEGEVENS", "OnzekerheidMixin"]
