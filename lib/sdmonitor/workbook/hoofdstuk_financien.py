"""Elements of the betaalbaarheid sections of Jeugd and Wmo: begroting, prognose and realisatie
per begrotingspost or begrotingsregel. A mixin of `monitor.Monitor`.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures import begrotingsregels
from sdmonitor.figures.rows import GEEN_GEGEVENS
from sdmonitor.publish.element import Element
from sdmonitor.publish.formatting import euro, euro_k
from sdmonitor.workbook.monitor_basis import TOTAAL, MonitorBasis, _html, _post_label


def _bedrag(value: float, status: str) -> str:
    """An amount x € 1.000 as printed; a figure whose source does not cover it reads "geen gegevens"."""
    return "geen gegevens" if status == GEEN_GEGEVENS or pd.isna(value) else euro_k(value)


class FinancienMixin(MonitorBasis):
    """Budget tables; expects `MonitorBasis`."""

    def _posten(self, wet: str, present: set[str]) -> list[str]:
        order = list((self.gemeente.raw.get("begrotingsposten") or self.style["begrotingsposten"]).get(wet, []))
        return [p for p in order if p in present] + sorted(present - set(order) - {""})

    def tabel_betaalbaarheid(self, wet: str) -> Element:
        """Begroting, prognose and afwijking of the current year per begrotingspost (x € 1.000)."""
        year = str(self.periode.jaar)
        cols = {"Begroting": f"{wet}.begroting", "Prognose": f"{wet}.prognose", "Afwijking": f"{wet}.afwijking"}
        parts = []
        for kolom, indicator in cols.items():
            r = self.pub.select(indicator, [year])
            parts.append(r.assign(kolom=f"{kolom} {year}"))
        rows = pd.concat(parts, ignore_index=True)
        if rows.empty or not self.pub.has(f"{wet}.prognose"):
            return self.niet_beschikbaar(f"Prognose en begroting {self.label('wet', wet)}")
        rows = rows.assign(tekst=[_bedrag(v, st) for v, st in zip(rows["waarde"], rows["status"])])
        rij = rows["dimensie"].where(rows["dimensie"] != "", TOTAAL)
        cells = self.cells(rows, rij, rows["kolom"]).assign(schaal="1000")
        columns = [f"{k} {year}" for k in cols if f"{k} {year}" in set(rows["kolom"])]
        present = set(rows["dimensie"])
        own = list((self.gemeente.raw.get("begrotingsposten") or {}).get(wet, []))
        # A post the municipality lists without budget or spending (Wijchen's "Stelpost Eigen
        # bijdragen") is shown with 0, as its council table does.
        zero = [p for p in own if p not in present]
        if zero:
            cells = pd.concat([cells, pd.DataFrame({"rij": [p for p in zero for _ in columns],
                                                    "kolom": columns * len(zero), "tekst": "0"})], ignore_index=True)
        order = (own + sorted(present - set(own) - {""}) if own else self._posten(wet, present)) + [TOTAAL]
        noot = "Afwijking = begroting − prognose; negatief is een nadeel."
        from sdmonitor.publish.findings import afwijking_waarde, pgb_zonder_gegevens

        pgb = pgb_zonder_gegevens(self.pub, wet, year)
        zonder_pgb = afwijking_waarde(self.pub, wet, year)
        if pgb and zonder_pgb is not None:
            # The total afwijking counts the PGB budget as unspent because no source delivers PGB.
            noot += (f" PGB zit niet in de aangeleverde gegevens: het totaal van de afwijking telt het begrote PGB "
                     f"({euro(pgb)}) als niet uitgegeven; zonder PGB is de afwijking {euro(abs(zonder_pgb))} "
                     f"({'nadeel' if zonder_pgb < 0 else 'voordeel'}).")
        band = [(post, self.afwijking_band_tekst(wet, post)) for post in set(rows["dimensie"])]
        band = [(post, tekst) for post, tekst in band if tekst]
        if band:
            kolom = "Afwijking: 80%-interval"
            cells = pd.concat([cells, pd.DataFrame({"rij": [_post_label(p) for p, _ in band], "kolom": kolom,
                                                    "tekst": [t for _, t in band]})], ignore_index=True)
            columns.append(kolom)
            noot += (" 80%-interval: de werkelijke afwijking ligt naar de prognoses van eerdere jaren in 8 van de 10 "
                     "gevallen binnen deze marge; ligt 0 ertussen, dan kan het een voordeel of een nadeel worden.")
        return self.tabel(cells,
                          caption=f"Verwachte afwijking {self.label('wet', wet)} {year} ten opzichte van de begroting "
                                  "(bedragen x € 1.000)",
                          rij_kop="Begrotingspost", rows=order, cols=columns, noot=noot, bron=self.bron("begroting"))

    def _kosten_status(self, wet: str, year: int | str) -> str:
        """The status of the wet's total kosten of a year (`kpis.csv`): the one rule for voorlopig."""
        fig = self.pub.get(f"{wet}.kosten", year)
        return fig.status if fig is not None else ""

    def tabel_realisatie_vs_begroting(self, wet: str) -> Element:
        """Realisatie against the budget of the closed year Y-1 (only where `secties.realisatie_vs_begroting`).

        A `voorlopig` year's difference is taken on the expected final amount (`kosten_verwacht`,
        same post): declarations still to come are not an underspend. A post without data (PGB
        when no source delivers it) shows "geen gegevens", and its budget is left out of the
        total's difference."""
        if not self.gemeente.secties.get("realisatie_vs_begroting"):
            return _html("")
        if self.pub.has(f"{wet}.begroting_regel"):
            return self._tabel_realisatie_regels(wet)
        year = self.periode.jaar - 1
        real = self.pub.select(f"{wet}.kosten", [str(year)])
        if real.empty:
            return self.niet_beschikbaar(f"Realisatie en begroting {self.label('wet', wet)} {year}")
        budget = self.pub.select(f"{wet}.begroting", [str(year)]).set_index("dimensie")["waarde"]
        if budget.empty:
            return self.niet_beschikbaar(f"Begroting {self.label('wet', wet)} {year}")
        voorlopig = self._kosten_status(wet, year) == "voorlopig"
        real = real.assign(kolom=f"Realisatie {year}" + ("*" if voorlopig else ""),
                           tekst=[_bedrag(v, st) for v, st in zip(real["waarde"], real["status"])])
        posts = self._posten(wet, set(real["dimensie"]) | set(budget.index))
        basis = self.pub.select(f"{wet}.kosten_verwacht", [str(year)]) if voorlopig else real
        basis_by = dict(zip(basis["dimensie"], basis["waarde"]))
        geen = {d for d, st in zip(basis["dimensie"], basis["status"]) if st == GEEN_GEGEVENS}
        zonder = sum(float(budget.get(p, 0.0)) for p in geen if p)  # budgets nobody reports against
        verschil_kolom = f"Verschil {year}" + (" (verwacht)" if voorlopig else "")

        def verschil(post: str) -> str:
            if post in geen or post not in basis_by:
                return "geen gegevens" if post in geen else euro_k(budget.get(post, 0.0))
            return euro_k(budget.get(post, 0.0) - (zonder if post == "" else 0.0) - basis_by[post])

        extra = pd.DataFrame({
            "rij": [_post_label(p) for p in posts + [""]] * 2,
            "kolom": [f"Begroting {year}"] * (len(posts) + 1) + [verschil_kolom] * (len(posts) + 1),
            "tekst": [euro_k(budget.get(p, 0.0)) for p in posts + [""]] + [verschil(p) for p in posts + [""]],
        })
        cells = pd.concat([self.cells(real, real["dimensie"].map(_post_label), real["kolom"]).assign(schaal="1000"),
                           extra],
                          ignore_index=True)
        columns = [f"Realisatie {year}" + ("*" if voorlopig else ""), f"Begroting {year}", verschil_kolom]
        noot = "Verschil = begroting − realisatie; negatief is een tekort."
        if voorlopig:
            verwacht = basis.assign(kolom=f"Verwacht eindbedrag {year}",
                                    tekst=[_bedrag(v, st) for v, st in zip(basis["waarde"], basis["status"])])
            cells = pd.concat([cells, self.cells(verwacht, verwacht["dimensie"].map(_post_label), verwacht["kolom"])
                               .assign(schaal="1000")], ignore_index=True)
            columns.insert(1, f"Verwacht eindbedrag {year}")
            noot += (" " + self._jaar_voorlopig_noot(wet, year)
                     + " Het verschil is verwacht: berekend op het verwachte "
                     "eindbedrag, want nog niet alle declaraties zijn binnen.")
        if zonder:
            noot += (f" PGB zit niet in de aangeleverde gegevens: het verschil in het totaal is berekend zonder het "
                     f"begrote PGB ({euro(zonder)}).")
        return self.tabel(cells,
                          caption=f"Realisatie {self.label('wet', wet)} {year} ten opzichte van de begroting "
                                  "(bedragen x € 1.000)",
                          rij_kop="Begrotingspost", rows=[_post_label(p) for p in posts + [""]], cols=columns,
                          noot=noot, bron=self.bron("begroting"))

    def _tabel_realisatie_regels(self, wet: str) -> Element:
        """Realisatie against the budget of Y-1 per the municipality's own begrotingsregels.

        A `voorlopig` year: the total's difference is taken on `<wet>.kosten_verwacht` (the
        expected final amount); a regel has no expected amount of its own, so its realisatie is
        raised by the wet's ratio kosten_verwacht / kosten (said in the note)."""
        year = str(self.periode.jaar - 1)
        real = self.pub.select(f"{wet}.kosten_regel", [year])
        budget = self.pub.select(f"{wet}.begroting_regel", [year]).set_index("dimensie")["waarde"]
        if real.empty or budget.empty:
            return self.niet_beschikbaar(f"Realisatie en begroting {self.label('wet', wet)} {year}")
        known = set(real["dimensie"]) | set(budget.index)
        order = begrotingsregels.regel_order(self.gemeente, wet)
        regels = [r for r in order if r in known] + sorted(known - set(order) - {""}) + [""]
        real_by = dict(zip(real["dimensie"], real["waarde"]))
        geen = {d for d, st in zip(real["dimensie"], real["status"]) if st == GEEN_GEGEVENS}
        label = {r: r or "Totaal kosten" for r in regels}
        kosten, verwacht = self.pub.get(f"{wet}.kosten", year), self.pub.get(f"{wet}.kosten_verwacht", year)
        voorlopig = (self._kosten_status(wet, year) == "voorlopig" and kosten is not None and verwacht is not None
                     and kosten.waarde > 0 and pd.notna(verwacht.waarde))
        basis = dict(real_by)
        if voorlopig and kosten is not None and verwacht is not None:
            ratio = verwacht.waarde / kosten.waarde
            basis = {r: v * ratio for r, v in real_by.items()}
            basis[""] = verwacht.waarde
        zonder = sum(float(budget.get(r, 0.0)) for r in geen if r)
        verschil_kolom = f"Verschil {year}" + (" (verwacht)" if voorlopig else "")

        def verschil(r: str) -> str:
            if r in geen or pd.isna(basis.get(r, 0.0)):
                return "geen gegevens"
            return euro_k(budget.get(r, 0.0) - (zonder if r == "" else 0.0) - basis.get(r, 0.0))

        extra = pd.DataFrame({
            "rij": [label[r] for r in regels] * 2,
            "kolom": [f"Budget {year}"] * len(regels) + [verschil_kolom] * len(regels),
            "tekst": [euro_k(budget.get(r, 0.0)) for r in regels] + [verschil(r) for r in regels],
        })
        real_kolom = f"Realisatie {year}" + ("*" if voorlopig else "")
        real = real.assign(kolom=real_kolom, tekst=[_bedrag(v, st) for v, st in zip(real["waarde"], real["status"])])
        cells = pd.concat([self.cells(real, real["dimensie"].map(label), real["kolom"]).assign(schaal="1000"), extra],
                          ignore_index=True)
        columns = [real_kolom, f"Budget {year}", verschil_kolom]
        noot = "Verschil = budget − realisatie; negatief is een tekort. Per begrotingsregel van de gemeente."
        if voorlopig:
            cells = pd.concat([cells, pd.DataFrame({
                "rij": [label[r] for r in regels if r in basis], "kolom": f"Verwacht eindbedrag {year}",
                "tekst": [_bedrag(basis[r], GEEN_GEGEVENS if r in geen else "") for r in regels if r in basis]})],
                ignore_index=True)
            columns.insert(1, f"Verwacht eindbedrag {year}")
            noot += (" " + self._jaar_voorlopig_noot(wet, year)
                     + " Het verschil is verwacht: berekend op het verwachte "
                     "eindbedrag, want nog niet alle declaraties zijn binnen; per begrotingsregel is dat de realisatie "
                     f"verhoogd met dezelfde factor als {self.label('wet', wet)} als geheel.")
        if zonder:
            noot += (f" PGB zit niet in de aangeleverde gegevens: het verschil in het totaal is berekend zonder het "
                     f"begrote PGB ({euro(zonder)}).")
        return self.tabel(cells,
                          caption=f"Budget {self.label('wet', wet)} {year}: realisatie ten opzichte van het budget "
                                  "(bedragen x € 1.000)",
                          rij_kop=f"Budget {self.label('wet', wet)}", rows=[label[r] for r in regels], cols=columns,
                          noot=noot, bron=self.bron("begroting"))
