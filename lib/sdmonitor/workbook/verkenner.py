"""The explorer behind `notebooks/verkenner.ipynb`: choose gemeente(n), wet, indicator, bouwsteen or
begrotingspost, a drill level and years; see the house-style chart, the table under it, the
region/NL comparison, and download the data (CSV, Excel) and the chart (PNG, SVG).

All logic is here and testable without a browser: `Verkenner` turns a `Keuze` (the widget state,
`verkenner_keuze`) into a `Resultaat` and answers the widgets' callbacks with plain data;
`verkenner_view` only wires ipywidgets to it, `verkenner_downloads` makes the files. Figures come
from `edition.open_edition` as published (`series` without `exact`): the small-numbers rule
(`tekst`), and each figure's `status` as in the report — "geen gegevens" in the table and no bar
or point (never 0), a voorlopig period "*" in the table and the report's open marker / "voorlopig"
label in the chart, a part year labelled ("2026 t/m feb") and left out of the comparison.

Drill-down: total → the indicator's own breakdown (begrotingspost for costs) → a sibling figure's
breakdown (`<indicator>_bouwsteen`; `<indicator>_aanbieder` where the figure table has one), every
value side by side; hidden values stay hidden at every level (they come from the same `Published`).

Every text shown comes from data: HTML fragments escape it (`html_tekst`, `tabel_html`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

import pandas as pd
from matplotlib.figure import Figure

from sdmonitor.errors import SdmonitorError
from sdmonitor.publish import huisstijl
from sdmonitor.publish.formatting import euro_exact, getal, maand_kort
from sdmonitor.publish.formatting import waarde as format_waarde
from sdmonitor.workbook.edition import Edition, open_edition
from sdmonitor.workbook.verkenner_keuze import (
    DRILL_SUFFIXES,
    START,
    UITSPLITSING,
    Keuze,
)
from sdmonitor.workbook.verkenner_resultaat import (
    GEMIDDELDE,
    TOTAAL,
    Resultaat,
    gemiddelde,
    html_tekst,
    labels,
    periode_label,
    status_noten,
    tabel,
    tabel_html,
)

WETTEN = {"jeugd": "Jeugd", "wmo": "Wmo", "toegang": "Toegang (Sociaal Team)", "veilig_thuis": "Veilig Thuis",
          "klachten": "Klachten", "bezwaren": "Bezwaren", "bevolking": "Bevolking", "tevredenheid": "Tevredenheid",
          "smw": "Schoolmaatschappelijk werk"}
# Internal figures a reader never sees as such (the prognosis' backtests and calibration, the
# counts behind medians): left out of the indicator list, still in `Edition.figures`.
VERBORGEN = ("backtest_", "_kalibratie", "_dekking", "_fout", "_aantal")
# Per 1.000 inwoners of the wet's own age group (`bevolking.aantal` per leeftijdsgroep; "" all).
LEEFTIJDSGROEP = {"jeugd": "0-17"}
REGIO_GEMIDDELDE = "Regio (gemiddelde)"


class Verkenner:
    """The explorer over one edition (and, for comparisons, the same edition of other gemeenten)."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        catalogue = edition.indicators()
        keep = ~catalogue["indicator"].map(lambda i: any(part in i for part in VERBORGEN))
        self.catalogue = catalogue[keep].set_index("indicator", drop=False)

    def __repr__(self) -> str:
        return f"<Verkenner {self.edition!r}>"

    # --- options (what the widgets offer) ------------------------------------------------

    def wetten(self) -> list[tuple[str, str]]:
        """(label, wet) of every domain with figures, Jeugd and Wmo first."""
        present = [str(w) for w in dict.fromkeys(self.catalogue["wet"])]
        order = [w for w in WETTEN if w in present] + [w for w in present if w not in WETTEN]
        return [(WETTEN.get(w, w), w) for w in order]

    def indicatoren(self, wet: str) -> list[tuple[str, str]]:
        """(Dutch name, indicator) of the wet's indicators, by name."""
        part = self.catalogue[self.catalogue["wet"] == wet]
        return sorted(zip(part["naam"], part["indicator"]), key=lambda t: t[0].lower())

    def _dims(self, indicator: str) -> list[str]:
        """The breakdown values of an indicator ("" for the total)."""
        return [str(d) for d in cast("list[str]", self.catalogue.loc[indicator, "dimensies"])]

    def dimensie_soort(self, indicator: str) -> str:
        """What the breakdown of an indicator is called: Begrotingspost, Bouwsteen, Verwijzer, ..."""
        from sdmonitor.publish.charts import house_style

        dims = {d for d in self._dims(indicator) if d}
        wet = indicator.split(".", 1)[0]
        posts = set(house_style()["begrotingsposten"].get(wet, [])) | set(
            (self.edition.gemeente.raw.get("begrotingsposten") or {}).get(wet, []))
        if dims and dims <= posts:
            return "Begrotingspost"
        if indicator.endswith(".verwijzer"):
            return "Verwijzer"
        if indicator.endswith("_groep"):
            return "Groep bouwstenen"
        if indicator.endswith("_aanbieder"):
            return "Aanbieder"
        if wet in ("jeugd", "wmo"):
            return "Bouwsteen"
        return "Onderverdeling"

    def dimensies(self, indicator: str) -> list[tuple[str, str]]:
        """(label, dimensie) of an indicator: "Totaal" ("") first where the total exists."""
        from sdmonitor.publish.charts import house_style

        dims = list(self._dims(indicator))
        labels = house_style()["labels"].get("verwijzer", {}) if indicator.endswith(".verwijzer") else {}
        out = [(TOTAAL, "")] if "" in dims else []
        return out + [(str(labels.get(d, d)), d) for d in dims if d]

    def niveaus(self, indicator: str) -> list[tuple[str, str]]:
        """The drill levels of an indicator: the chosen value, then every value of its own
        breakdown, then of a sibling figure's (`<indicator>_bouwsteen`, `_aanbieder`)."""
        out = [("Gekozen waarde", "")]
        if any(d for d in self._dims(indicator)):
            out.append((f"Alle: {self.dimensie_soort(indicator).lower()}", UITSPLITSING))
        for suffix, label in DRILL_SUFFIXES:
            sibling = indicator + suffix
            if sibling in self.catalogue.index and any(self._dims(sibling)):
                out.append((f"Alle: {label}", suffix))
        return out

    def pers(self, indicator: str) -> list[tuple[str, str]]:
        """(label, per) of the periods an indicator has: per jaar and/or per maand."""
        kinds = str(self.catalogue.at[indicator, "periodes"])
        return [(lab, k) for lab, k in (("Per jaar", "jaar"), ("Per maand", "maand")) if k in kinds]

    def jaren(self) -> tuple[int, int]:
        """The edition's report years Y-3 .. Y."""
        years = self.edition.periode.years
        return years[0], years[-1]

    def naam(self, code: str) -> str:
        """A gemeente's name: from parameters/, else the house style's `gebieden`, else its code."""
        from sdmonitor.house_style import house_style
        from sdmonitor.parameters import known_gemeenten

        if code == self.edition.gemeente.code:
            return self.edition.gemeente.naam
        named = {g.code: g.naam for g in known_gemeenten()}
        return named.get(code) or str(house_style().get("gebieden", {}).get(code, code))

    def gemeenten(self) -> list[tuple[str, str]]:
        """(naam, code) of every municipality the data or parameters/ know: the edition's own
        first, then those in the declaraties, the benchmark and parameters/, by name."""
        from sdmonitor.parameters import known_gemeenten

        own = self.edition.gemeente.code
        codes = set(self.edition.gemeenten_in_data) | {g.code for g in known_gemeenten()}
        if self.edition.benchmark is not None:
            codes |= {c for c in self.edition.benchmark["gebied"] if str(c).startswith("GM")}
        others = sorted(((self.naam(c), c) for c in codes if c != own), key=lambda t: t[0].lower())
        return [(self.edition.gemeente.naam, own)] + others

    # --- callbacks (plain data in, plain data out) ---------------------------------------

    def bij_wet(self, wet: str, per: str = "") -> dict[str, Any]:
        """A new wet: its indicators, and the first one's breakdowns and periods (`per` kept
        where the new indicator has it)."""
        opties = self.indicatoren(wet)
        present = [i for _, i in opties]
        indicator = f"{wet}.clienten" if f"{wet}.clienten" in present else opties[0][1]
        return {"indicatoren": opties, "indicator": indicator, **self.bij_indicator(indicator, per=per)}

    def bij_indicator(self, indicator: str, dimensie: str = "", per: str = "", niveau: str = "") -> dict[str, Any]:
        """A new indicator: its breakdown, drill levels and periods (the current ones kept where
        they exist, else the total, the chosen value and per jaar)."""
        dims = self.dimensies(indicator)
        values = [d for _, d in dims]
        pers = self.pers(indicator)
        kinds = [k for _, k in pers]
        niveaus = self.niveaus(indicator)
        return {"dimensie_soort": self.dimensie_soort(indicator), "dimensies": dims,
                "dimensie": dimensie if dimensie in values else values[0],
                "pers": pers, "per": per if per in kinds else ("jaar" if "jaar" in kinds else kinds[0]),
                "niveaus": niveaus, "niveau": niveau if niveau in [n for _, n in niveaus] else ""}

    def keuze(self, **changes: Any) -> Keuze:
        """The start Keuze of this edition (Jeugd, cliënten, all report years), with `changes`."""
        return replace(Keuze(jaren=self.jaren(), gemeenten=(self.edition.gemeente.code,)), **changes)

    # --- the result ----------------------------------------------------------------------

    def _rijen(self, indicator: str, dims: list[str] | None, gemeenten: tuple[str, ...], years: list[int] | None,
               noten: list[str]) -> pd.DataFrame:
        """Published rows of `indicator` (`dims`: these values, None every value) per chosen
        gemeente, from its own edition; a gemeente without data is named in `noten` and gets
        "geen gegevens" rows (shown in the table, nothing drawn), never dropped."""
        from sdmonitor.workbook import edition as edition_module

        own = self.edition
        parts, missing = [], []
        for code in dict.fromkeys(gemeenten):
            try:
                ed = own if code == own.gemeente.code else edition_module.open_edition(
                    code, str(own.periode), own._requested_peildatum, own.data_dir)
                part = ed.series(indicator, dimensie=dims, years=years)
                parts.append(part.assign(gebied=code, naam=ed.gemeente.naam if ed is not own else own.gemeente.naam))
            except SdmonitorError as exc:
                noten.append(f"{self.naam(code)}: geen gegevens in deze invoer ({exc})")
                missing.append(code)
        rows = pd.concat(parts, ignore_index=True) if parts else own.series(indicator, dimensie=dims, years=years)
        if not parts:
            rows = rows.assign(gebied="", naam="").iloc[0:0]
        keys = rows[["periode", "dimensie", "eenheid"]].drop_duplicates()
        for code in missing:
            parts.append(keys.assign(indicator=indicator, gebied=code, naam=self.naam(code), waarde=float("nan"),
                                     status="geen_gegevens", tekst="geen gegevens", onderdrukt=False, voorlopig=False))
        return pd.concat([rows, *parts[len(parts) - len(missing):]], ignore_index=True) if missing else rows

    def _per_1000(self, rows: pd.DataFrame, wet: str, noten: list[str]) -> pd.DataFrame:
        """Counts and euros per 1.000 inwoners of the wet's age group, on 1 January of the year."""
        groep = LEEFTIJDSGROEP.get(wet, "")
        if not rows["eenheid"].isin(["aantal", "euro"]).all():
            noten.append("Per 1.000 inwoners geldt alleen voor aantallen en bedragen; deze cijfers zijn ongewijzigd.")
            return rows
        out = []
        from sdmonitor.workbook import edition as edition_module

        for code, part in rows.groupby("gebied", sort=False):
            if (part["status"] == "geen_gegevens").all():
                out.append(part)  # a gemeente without data (named in the notes): nothing to divide
                continue
            ed = self.edition if code == self.edition.gemeente.code else edition_module.open_edition(
                str(code), str(self.edition.periode), self.edition._requested_peildatum, self.edition.data_dir)
            pop = ed.series("bevolking.aantal", dimensie=groep, per="jaar")
            inwoners = dict(zip(pop["periode"], pop["waarde"]))
            n = part["periode"].str[:4].map(inwoners).astype("float64")
            waarde = part["waarde"] / n * 1000
            eenheid = part["eenheid"].where(part["eenheid"] == "euro", "per_1000")
            tekst = [t if pd.isna(v) or h else euro_exact(v) if e == "euro" else getal(v, 1)
                     for v, t, h, e in zip(waarde, part["tekst"], part["onderdrukt"], part["eenheid"])]
            tekst = [t if pd.notna(v) or h or s == "geen_gegevens" else "geen gegevens"
                     for v, t, h, s in zip(waarde, tekst, part["onderdrukt"], part["status"])]
            out.append(part.assign(waarde=waarde, eenheid=eenheid, tekst=tekst))
        groep_tekst = f"van {groep} jaar" if groep else "(alle leeftijden)"
        noten.append(f"Per 1.000 inwoners {groep_tekst} op 1 januari van het jaar (tabel bevolking).")
        return pd.concat(out, ignore_index=True)

    def resultaat(self, keuze: Keuze) -> Resultaat:
        """Chart, table, downloads and region/NL comparison for a Keuze."""
        if keuze.indicator not in self.catalogue.index:
            raise KeyError(f"indicator {keuze.indicator!r} bestaat niet in deze editie")
        ind, dims = keuze.indicator, cast("list[str] | None", [keuze.dimensie])
        if keuze.niveau:
            ind, dims = (ind if keuze.niveau == UITSPLITSING else ind + keuze.niveau), None
            if ind not in self.catalogue.index:
                raise KeyError(f"niveau {keuze.niveau!r} bestaat niet voor {keuze.indicator}")
        years = list(range(keuze.jaren[0], keuze.jaren[1] + 1)) if keuze.jaren else None
        noten: list[str] = []
        if not keuze.gemeenten:
            noten.append("Kies een of meer gemeenten.")
        rows = self._rijen(ind, dims, keuze.gemeenten, years, noten)
        if dims is None:
            rows = rows[rows["dimensie"] != ""]
        rows = rows[rows["periode"].str.len() == (4 if keuze.per == "jaar" else 7)].reset_index(drop=True)
        if keuze.per_1000 and len(rows):
            rows = self._per_1000(rows, keuze.wet, noten)
        if keuze.gemiddelde and rows["gebied"].nunique() > 1:
            rows = pd.concat([rows, gemiddelde(rows)], ignore_index=True)
        rows["label"] = labels(rows, self.edition.periode)
        several_dims, several_areas = rows["dimensie"].nunique() > 1, rows["naam"].nunique() > 1
        rows["reeks"] = [f"{n}: {d or TOTAAL}" if several_dims and several_areas else (d or TOTAAL) if several_dims
                         else n for n, d in zip(rows["naam"], rows["dimensie"])]
        naam = str(self.catalogue.at[keuze.indicator, "naam"])
        dim_label = {d: lab for lab, d in self.dimensies(keuze.indicator)}.get(keuze.dimensie, keuze.dimensie)
        level = {n: lab for lab, n in self.niveaus(keuze.indicator)}.get(keuze.niveau, "")
        titel = naam + (f" – {level.split(': ', 1)[-1]}" if keuze.niveau else f" – {dim_label}" if keuze.dimensie
                        else "") + (" per 1.000 inwoners" if keuze.per_1000 else "")
        figuur = self._figuur(rows, keuze)
        status_noten(rows, noten, self.edition.gemeente.drempel_kleine_aantallen)
        vergelijking, vfig = self._vergelijking(keuze, rows, years, noten)
        return Resultaat(keuze, titel, rows, figuur, tabel(rows), vergelijking, vfig, noten)

    def _vergelijking(self, keuze: Keuze, rows: pd.DataFrame, years: list[int] | None,
                      noten: list[str]) -> tuple[pd.DataFrame, Figure | None]:
        """Region and NL from the benchmark beside the chosen gemeenten (whole years, one value)."""
        own = self.edition.gemeente.code
        if keuze.niveau or keuze.per_1000:
            return rows.iloc[0:0], None
        shown = [g for g in rows["gebied"].unique() if g not in (own, "gemiddelde")
                 and not (rows.loc[rows["gebied"] == g, "status"] == "geen_gegevens").all()]
        v = self.edition.compare(keuze.indicator, gemeenten=shown, dimensie=keuze.dimensie, years=years)
        if own not in keuze.gemeenten:
            v = v[v["gebied"] != own]
        whole = (v["periode"].str.len() == 4) & (v["status"] != "deelperiode")
        if self.edition.periode.maand < 12:
            whole &= v["periode"] != str(self.edition.periode.jaar)
        v = v[whole].reset_index(drop=True)
        bench = v[v["bron"] == "benchmark"]
        if bench.empty:
            noten.append("De benchmarktabel heeft geen regionale of landelijke cijfers voor deze indicator.")
            return v.iloc[0:0], None
        if keuze.gemiddelde:
            # every municipality of the region the comparison has, from its own figures or the benchmark
            regio = v[v["gebied"].isin(self.edition.gemeente.regio_gemeenten) & v["waarde"].notna()]
            avg = regio.groupby("periode", as_index=False)["waarde"].mean()
            if len(avg):
                eenheid = str(bench["eenheid"].iloc[0])
                v = pd.concat([v, avg.assign(gebied="regio", naam=REGIO_GEMIDDELDE, bron="benchmark", dimensie="",
                                             eenheid=eenheid, status="", onderdrukt=False, voorlopig=False,
                                             tekst=[format_waarde(x, eenheid) for x in avg["waarde"]])],
                              ignore_index=True)
        v["label"] = labels(v, self.edition.periode)
        drawn = v[v["status"] != "geen_gegevens"]
        return v, huisstijl.lijn(drawn, x="label", hue="naam")

    @staticmethod
    def _figuur(rows: pd.DataFrame, keuze: Keuze) -> Figure | None:
        """Months as lines (year over year: one line per year over jan..dec), years as bars; one
        colour per reeks. No title in the figure: the explorer shows it above."""
        rows = rows[rows["status"] != "geen_gegevens"]
        if rows.empty:
            return None
        hue = "reeks" if rows["reeks"].nunique() > 1 else None
        if keuze.per == "maand" and keuze.jaar_op_jaar:
            overlay = rows.assign(maand=[f"{p[5:]} {maand_kort(p)}" for p in rows["periode"]],
                                  jaar=[f"{r} {p[:4]}" if hue else p[:4]
                                        for r, p in zip(rows["reeks"], rows["periode"])])
            return huisstijl.lijn(overlay, x="maand", hue="jaar")
        if keuze.per == "maand":
            return huisstijl.lijn(rows, hue=hue)
        return huisstijl.staaf(rows, x="label", hue=hue)

    tabel = staticmethod(tabel)  # the table under the chart (`verkenner_resultaat.tabel`)

    # --- widgets -------------------------------------------------------------------------

    def app(self, view: dict[str, Any] | str | None = None) -> Any:
        """The ipywidgets interface (`verkenner_view.build`), opened on a saved `view` if given."""
        from sdmonitor.workbook.verkenner_view import build

        return build(self, Keuze.uit(view, self.keuze()) if view else None)


def open_verkenner(gemeente: str, periode: str, peildatum: str = "", data: str = "") -> Verkenner:
    """The explorer for one edition (notebook parameters as in the chapter notebooks)."""
    return Verkenner(open_edition(gemeente, periode, peildatum or None, data or None))


__all__ = ["GEMIDDELDE", "START", "TOTAAL", "Keuze", "Resultaat", "Verkenner", "html_tekst", "open_verkenner",
           "periode_label", "tabel_html"]
