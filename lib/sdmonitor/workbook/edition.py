"""A query API over one edition's figures, for the analyst in JupyterLab (and the explorer).

    ed = sdmonitor.open_edition("wijchen", "2026-02")
    ed.series("jeugd.clienten", dimensie="", years=[2025, 2026])   # published values, with status
    ed.compare("jeugd.pct_in_zorg", gemeenten=["druten"])         # published values, with status
    ed.indicators()
    ed.figures                                  # the kpis.csv table, EXACT (internal, like intern/kpis.csv)
    ed.series("jeugd.clienten", exact=True)     # exact values: refused while a publication is built
    ed.diff(sdmonitor.open_edition("wijchen", "2025-12"))  # what changed: wijzigingen.csv's rows

`series` and `compare` return what the report publishes: `waarde` is empty where the small-numbers
rule hides the value ("<5", "x" in `tekst`) or where the source has no data (`status`
geen_gegevens, `tekst` "geen gegevens"). Exact values only on request (`exact=True`, `exact()`),
for the analyst's own checks, never for a memo; both refuse while `sdmonitor run` builds a
publication, as `Element.exact()` does.

Figures are computed by the very functions `sdmonitor kpis` uses (`selection.select` +
`kpis.figure_table`), never here. An edition is computed once per process and kept in memory,
keyed by gemeente, periode, peildatum, the data folder and the size and modification time of every
input file (and the municipality's parameters), so a second `open_edition` of an unchanged folder
takes milliseconds; `edition_cache` keeps the same on disk for a new kernel, with the publication
decision (which cells the small-numbers rule hides), so `series` is milliseconds there too. Every
helper returns a DataFrame.

Without a peildatum an edition is read as known shortly after its periode
(`periods.peildatum_kort_na`: at most `KORT_NA_DAGEN` days after its last day): the latest
periode gets the latest `ingediend_op` as in `sdmonitor kpis`, an earlier periode its own data,
not every later revision, so `diff` between two editions is meaningful.
"""

from __future__ import annotations

import fnmatch
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from sdmonitor.figures import nowcast
from sdmonitor.figures.rows import GEEN_GEGEVENS
from sdmonitor.house_style import house_style
from sdmonitor.ingest.selection import NATIONAAL
from sdmonitor.parameters import Gemeente, resolve_gemeente
from sdmonitor.periods import (
    Periode,
    check_peildatum,
    parse_peildatum,
    peildatum_kort_na,
)
from sdmonitor.registry import registry
from sdmonitor.workbook.edition_inputs import benchmark_rows, data_folder

SERIES_COLUMNS = ["indicator", "periode", "dimensie", "waarde", "eenheid", "status", "tekst", "onderdrukt",
                  "voorlopig"]
COMPARE_COLUMNS = ["gebied", "naam", "bron", "periode", "dimensie", "waarde", "eenheid", "status", "tekst",
                   "onderdrukt", "voorlopig"]
IN_RUN_ENV = "SDMONITOR_IN_RUN"
# Figures counted from declaration lines: a period that is still voorlopig (declarations to come,
# see nowcast.VOORLOPIG_DREMPEL*) makes them provisional. Budget, prognosis, nowcast and
# allocation figures are not counts of declarations and carry no mark.
DECLARATIE_FIGUREN = ("*.clienten", "*.clienten_groep", "*.kosten", "*.kosten_bouwsteen", "*.volume",
                      "*.kosten_aanbieder", "*.clienten_aanbieder",
                      "*.realisatie", "*.pgb_aandeel", "*.top25_*", "*.verwijzer", "*.kosten_per_client",
                      "*.kosten_per_inwoner", "*.clienten_per_1000", "jeugd.pct_in_zorg", "*.prijs_per_eenheid",
                      "*.aanbieders*", "*.uitnutting")


def check_exact_allowed() -> None:
    """Raise `ExactNotAllowed` while a publication is built (`sdmonitor run`/`batch` set
    `SDMONITOR_PUBLICATIE` and `SDMONITOR_IN_RUN`): exact values are small numbers about people."""
    import os

    from sdmonitor.publish.element import ExactNotAllowed, _check_exact_allowed

    _check_exact_allowed()
    if os.environ.get(IN_RUN_ENV):
        raise ExactNotAllowed("exacte (niet-onderdrukte) waarden zijn niet beschikbaar tijdens het maken van een "
                              "publicatie; gebruik series() of compare() zonder exact")


_LOCK = threading.RLock()
_DATASETS: dict[tuple, object] = {}
_EDITIONS: dict[tuple, Edition] = {}


def clear_cache() -> None:
    """Forget every cached edition and dataset of this process."""
    with _LOCK:
        _DATASETS.clear()
        _EDITIONS.clear()


def _dataset(folder: Path, fingerprint: tuple):
    from sdmonitor.ingest.dataset import load_dataset

    key = (str(folder), fingerprint)
    with _LOCK:
        if key not in _DATASETS:
            _DATASETS.clear()  # one data folder at a time: a dataset is hundreds of MB
            _DATASETS[key] = load_dataset(folder)
        return _DATASETS[key]


@dataclass(eq=False, repr=False)
class Edition:
    """One edition (gemeente, periode, peildatum) of one data folder, and queries over its figures.

    `figures` is the exact figure table (`kpis.csv`: unsuppressed, internal); `series`, `compare`
    and the explorer give the published values (small-numbers rule, status) unless asked otherwise."""

    gemeente: Gemeente
    periode: Periode
    peildatum: date
    data_dir: Path
    figures: pd.DataFrame
    benchmark: pd.DataFrame | None
    _requested_peildatum: date | None = None
    # The Selection the figures were computed from (None when they came from the disk cache):
    # `open_monitor` hands it to the chapter so raw tables are not read a second time.
    selection: Any = field(default=None, repr=False)
    # Which cells the small-numbers rule hides (`suppression.read_onderdrukking`), when the disk
    # cache had the decision: `published` then needs no audit.
    onderdrukking: dict | None = field(default=None, repr=False)
    _key: tuple | None = field(default=None, repr=False)
    # The municipalities in the input's declaraties (the explorer offers every one of them).
    gemeenten_in_data: tuple[str, ...] = ()

    def __repr__(self) -> str:
        # A short line, not the 6.000-row figure table (a notebook shows this when you type `ed`).
        n = f"{len(self.figures):,}".replace(",", ".")
        return (f"<Edition {self.gemeente.naam} ({self.gemeente.code}) {self.periode}, peildatum "
                f"{self.peildatum.isoformat()}: {n} cijfers van {self.figures['indicator'].nunique()} "
                f"indicatoren uit {self.data_dir}>")

    # --- published values and provisional marks ----------------------------------------

    @property
    def published(self):
        """The figures as the report may show them (`suppression.Published`), made on first use
        (or from the disk cache's decision) and kept."""
        if "_published_cache" not in self.__dict__:
            from sdmonitor.publish.suppression import Published
            from sdmonitor.workbook import edition_cache

            drempel = self.gemeente.drempel_kleine_aantallen
            if self.onderdrukking is not None:
                published = Published(self.figures, drempel, onderdrukking=self.onderdrukking)
            else:
                published = Published(self.figures, drempel)
                if self._key is not None:
                    edition_cache.store_onderdrukking(self._key, published)
            self.__dict__["_published_cache"] = published
        return self.__dict__["_published_cache"]

    def _rows(self, indicator: str) -> pd.DataFrame:
        """The published rows of one indicator, with `voorlopig`: the frame is split by indicator
        once (a query is then a dictionary look-up, not a scan of 6.000 rows)."""
        if "_by_indicator" not in self.__dict__:
            frame = self.published.frame
            frame = frame.assign(onderdrukt=frame["verborgen"].astype(bool))
            if self._has_status():
                frame["voorlopig"] = frame["status"] == "voorlopig"
            else:  # an older cache without statuses: the nowcast thresholds, row by row, once
                frame["voorlopig"] = [self.voorlopig(i, p, d) for i, p, d in
                                      zip(frame["indicator"], frame["periode"], frame["dimensie"])]
            self.__dict__["_by_indicator"] = {str(k): part for k, part in frame.groupby("indicator", sort=False)}
        empty = self.published.frame.iloc[0:0].assign(onderdrukt=False, voorlopig=False)
        return self.__dict__["_by_indicator"].get(indicator, empty)

    def voorlopige_maanden(self, wet: str) -> list[str]:
        """Months (`YYYY-MM`) of the wet whose declarations are still coming in (voorlopig)."""
        return nowcast.voorlopige_maanden(self.figures, wet)

    def exact(self) -> pd.DataFrame:
        """The exact figure table (a copy of `figures`). PRIVACY: for your own checks only; refuses
        while a publication is built."""
        check_exact_allowed()
        return self.figures.copy()

    def _has_status(self) -> bool:
        if "_has_status_cache" not in self.__dict__:
            f = self.figures
            self.__dict__["_has_status_cache"] = "status" in f and bool(f["status"].fillna("").astype(str).ne("").any())
        return self.__dict__["_has_status_cache"]

    def voorlopig(self, indicator: str, periode: str, dimensie: str = "") -> bool:
        """Whether a figure is provisional: its `status` in the figure table is voorlopig (the one
        rule of the report). A table without statuses (older cache): declaration figures of a month
        or year below the nowcast thresholds."""
        if self._has_status():
            fig = self.published.get(indicator, str(periode), dimensie)
            return fig is not None and fig.status == "voorlopig"
        wet = indicator.split(".", 1)[0]
        if wet not in ("jeugd", "wmo") or not any(fnmatch.fnmatchcase(indicator, p) for p in DECLARATIE_FIGUREN):
            return False
        periode = str(periode)
        if len(periode) == 7:
            return periode in self.voorlopige_maanden(wet)
        return nowcast.jaar_voorlopig(self.figures, wet, periode)

    # --- queries ------------------------------------------------------------------------

    def series(self, indicator: str, dimensie: str | Iterable[str] | None = None,
               years: Iterable[int | str] | None = None, per: str | None = None,
               exact: bool = False) -> pd.DataFrame:
        """Rows of one indicator as a tidy DataFrame (columns `SERIES_COLUMNS`), sorted by periode.

        `dimensie`: None for every row, "" for the total only, a value or a list of values;
        `years`: only periodes in these years; `per`: "jaar" or "maand" for only year or month rows.
        Published by default: `waarde` is empty where the value is hidden ("<5"/"x" in `tekst`) or
        has no data (`status` geen_gegevens, `tekst` "geen gegevens"); `status` is the figure
        table's, `voorlopig` is `status == "voorlopig"`. `exact=True` gives the exact `waarde`
        (refused while a publication is built, see `check_exact_allowed`)."""
        if exact:
            check_exact_allowed()
        rows = self._rows(indicator)
        if dimensie is not None:
            wanted = [dimensie] if isinstance(dimensie, str) else list(dimensie)
            rows = rows[rows["dimensie"].isin(wanted)]
        if years is not None:
            rows = rows[rows["periode"].str[:4].isin({str(y) for y in years})]
        if per is not None:
            if per not in ("jaar", "maand"):
                raise ValueError(f"per moet 'jaar' of 'maand' zijn, niet {per!r}")
            rows = rows[rows["periode"].str.len() == (4 if per == "jaar" else 7)]
        out = rows[SERIES_COLUMNS].copy()
        if not exact:  # the published number: nothing where hidden or without data
            out["waarde"] = out["waarde"].where(~out["onderdrukt"] & (out["status"] != GEEN_GEGEVENS))
        out = out.sort_values(["periode", "dimensie"], kind="mergesort")
        return out.reset_index(drop=True)

    def compare(self, indicator: str, gemeenten: Iterable[str] = (), dimensie: str = "",
                years: Iterable[int | str] | None = None, benchmark: bool = True,
                exact: bool = False) -> pd.DataFrame:
        """One row per area and periode (columns `COMPARE_COLUMNS`): this gemeente and `gemeenten`
        from their own figures (same periode, peildatum and data; published values with status, as
        `series`, unless `exact`), then, where the input's `benchmark` table carries the indicator,
        the other municipalities of the region and the Netherlands (`bron` "benchmark"; public
        figures, no small-numbers rule, `status` empty: the benchmark does not say)."""
        parts, seen = [], []
        for ed in [self] + [open_edition(g, str(self.periode), self._requested_peildatum, self.data_dir)
                            for g in gemeenten]:
            if ed.gemeente.code in seen:
                continue
            seen.append(ed.gemeente.code)
            rows = ed.series(indicator, dimensie=dimensie, years=years, exact=exact)
            parts.append(rows.assign(gebied=ed.gemeente.code, naam=ed.gemeente.naam, bron="figuren"))
        bench = self.benchmark
        if benchmark and bench is not None and not bench.empty:
            areas = [a for a in list(self.gemeente.regio_gemeenten) + [NATIONAAL] if a not in seen]
            hit = bench[(bench["indicator"] == indicator) & (bench["dimensie"] == dimensie)
                        & bench["gebied"].isin(areas)]
            if years is not None:
                hit = hit[hit["periode"].str[:4].isin({str(y) for y in years})]
            if len(hit):
                from sdmonitor.publish.formatting import waarde as fmt

                eenheid = self._eenheid(indicator)
                names = house_style().get("gebieden", {})
                parts.append(pd.DataFrame({
                    "gebied": hit["gebied"], "naam": hit["gebied"].map(lambda c: str(names.get(c, c))),
                    "bron": "benchmark", "periode": hit["periode"], "dimensie": hit["dimensie"],
                    "waarde": hit["waarde"], "eenheid": eenheid, "status": "",
                    "tekst": [fmt(v, eenheid) for v in hit["waarde"]], "onderdrukt": False, "voorlopig": False}))
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame({c: pd.Series([], dtype="bool" if c in ("onderdrukt", "voorlopig") else
                                              "float64" if c == "waarde" else "str") for c in COMPARE_COLUMNS})
        out = pd.concat([p[COMPARE_COLUMNS] for p in parts], ignore_index=True)
        order: dict[str, int] = {}
        for code in seen + list(self.gemeente.regio_gemeenten) + [NATIONAAL]:
            order.setdefault(code, len(order))  # the asked gemeenten first, then the region, NL last
        out["_rank"] = out["gebied"].map(lambda c: order.get(c, len(order)))
        out = out.sort_values(["_rank", "gebied", "periode"], kind="mergesort").drop(columns="_rank")
        return out.reset_index(drop=True)

    def _eenheid(self, indicator: str) -> str:
        hit = self.figures.loc[self.figures["indicator"] == indicator, "eenheid"]
        if len(hit):
            return str(hit.iloc[0])
        kind = house_style().get("regio", {}).get("eenheid", {}).get(indicator, "aantal")
        return "aantal" if kind == "per_1000" else str(kind)

    def indicators(self) -> pd.DataFrame:
        """The indicators of this edition: `indicator`, `wet` (jeugd/wmo/… prefix), `naam` (Dutch),
        `omschrijving` (the definition), both from the indicator registry, `eenheid`, `dimensies`
        (the breakdown values, "" for the total), `periodes` ("jaar", "maand" or "jaar, maand": the
        periods present in this edition), `periodiciteit` (the registry's: jaar, maand, schooljaar)
        and `benchmark` (whether the region/NL comparison has it)."""
        reg = registry()
        bench = set(self.benchmark["indicator"]) if self.benchmark is not None else set()
        records = []
        for indicator, part in self.figures.groupby("indicator", sort=True):
            indicator = str(indicator)
            lengths = set(part["periode"].str.len())
            declared = reg[indicator]  # an undeclared indicator is a programming error: KeyError names it
            records.append({
                "indicator": indicator, "wet": indicator.split(".", 1)[0],
                "naam": declared.label, "omschrijving": declared.definitie,
                "eenheid": ", ".join(dict.fromkeys(part["eenheid"])),
                "dimensies": sorted(set(part["dimensie"])),
                "periodes": ", ".join(n for n, k in (("jaar", 4), ("maand", 7)) if k in lengths),
                "periodiciteit": ", ".join(declared.periodiciteit),
                "benchmark": indicator in bench,
            })
        return pd.DataFrame(records, columns=["indicator", "wet", "naam", "omschrijving", "eenheid", "dimensies",
                                              "periodes", "periodiciteit", "benchmark"])

    # --- comparing editions ---------------------------------------------------------------

    def cijfers(self, vorige: pd.DataFrame | None = None) -> pd.DataFrame:
        """The published figure table, as `cijfers.csv` of `sdmonitor run` (columns
        `publish.cijfers.COLUMNS`). `vorige`: an earlier edition's published figures, which the
        run's audit counts as known (it may then hide a cell more, as the run does)."""
        from sdmonitor.publish import cijfers
        from sdmonitor.publish.suppression import Published

        drempel = self.gemeente.drempel_kleine_aantallen
        published = self.published if vorige is None else Published(self.figures, drempel, vorige=vorige)
        return cijfers.cijfers(self.figures, drempel, published)

    def diff(self, other: Edition) -> pd.DataFrame:
        """What changed since `other` (the earlier edition of the same gemeente): the rows of the
        run's `wijzigingen.csv` (`cijfers.compare_published`, columns `WIJZIGINGEN_COLUMNS`:
        published values on both sides, `verschil` empty where a side is hidden, this edition's
        `status`). Both sides as `sdmonitor run` publishes them: `other` on its own, this
        edition audited against it. Open `other` without a peildatum to compare what was known
        then with what is known now."""
        from sdmonitor.errors import UsageError
        from sdmonitor.publish import cijfers

        if other.gemeente.code != self.gemeente.code:
            raise UsageError(f"een editie van {other.gemeente.naam} is niet te vergelijken met een van "
                             f"{self.gemeente.naam}")
        if other.gemeente.drempel_kleine_aantallen != self.gemeente.drempel_kleine_aantallen:
            raise UsageError("de edities hebben een andere drempel voor kleine aantallen")
        vorige = other.cijfers()
        return cijfers.compare_published(vorige, self.cijfers(vorige))


def open_edition(gemeente: str | Gemeente, periode: str | Periode, peildatum: str | date | None = None,
                 data: str | Path | None = None, cache: bool = True) -> Edition:
    """The edition of `gemeente` (code or name from parameters/) for `periode` (YYYY-MM) on
    `peildatum` (default: the periode's own, `periods.peildatum_kort_na`: the latest ingediend_op,
    for an earlier periode at most `KORT_NA_DAGEN` days after its end) from the input folder
    `data` (default: the project's demo data; a relative path is taken from where the kernel runs:
    the notebook's folder in JupyterLab). Kept in memory for this
    process and, with `cache`, on disk (`edition_cache`, for a new kernel). Raises
    `InvalidDataError` (invalid input, edition without data) or `UsageError` (unknown gemeente,
    bad periode, no folder) like `sdmonitor kpis`."""
    from sdmonitor.figures.kpis import figure_table
    from sdmonitor.ingest.selection import check_edition, default_peildatum, select
    from sdmonitor.workbook import edition_cache

    g = gemeente if isinstance(gemeente, Gemeente) else resolve_gemeente(gemeente)
    p = periode if isinstance(periode, Periode) else Periode.parse(periode)
    wanted = peildatum if isinstance(peildatum, date) or peildatum is None else parse_peildatum(peildatum or None)
    check_peildatum(p, wanted)  # a periode after the given peildatum is wrong usage, as in `sdmonitor kpis`
    folder = data_folder(data)
    # The default peildatum is not the CLI's (`None` in its key): an entry of its own.
    key = edition_cache.edition_key(g, p, wanted or EIGEN_PEILDATUM, folder)
    fingerprint = key[-1]
    with _LOCK:
        if key in _EDITIONS:
            return _EDITIONS[key]
        stored = edition_cache.load(key) if cache else None
        if stored is not None:
            figures, bench, resolved = stored
            edition = Edition(g, p, resolved, folder, figures, bench, wanted,
                              onderdrukking=edition_cache.load_onderdrukking(key), _key=key,
                              gemeenten_in_data=edition_cache.load_gemeenten(key))
        else:
            dataset = _dataset(folder, fingerprint)
            resolved = wanted or peildatum_kort_na(p, default_peildatum(dataset, p))
            check_edition(dataset, g, p, resolved)
            selection = select(dataset, g, p, resolved)
            codes = tuple(sorted(dataset["declaraties"]["gemeente"].astype(str).unique()))
            edition = Edition(g, p, selection.peildatum, folder, figure_table(selection), benchmark_rows(dataset),
                              wanted, selection, _key=key if cache else None, gemeenten_in_data=codes)
            if cache:
                edition_cache.store(key, edition.figures, edition.benchmark, edition.peildatum)
                edition_cache.store_gemeenten(key, codes)
        _EDITIONS[key] = edition
        return edition


# The key part of an edition opened without a peildatum (`periods.peildatum_kort_na`).
EIGEN_PEILDATUM = "eigen peildatum van de periode"


__all__ = ["COMPARE_COLUMNS", "EIGEN_PEILDATUM", "SERIES_COLUMNS", "Edition", "benchmark_rows", "check_exact_allowed",
           "clear_cache", "data_folder", "open_edition"]
