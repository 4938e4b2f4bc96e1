"""The facade a chapter notebook calls: `m = open_monitor(gemeente, periode, peildatum, data, figures)`.

A Monitor holds one edition (gemeente, periode, peildatum), its figure table (read from the
runner's `kpis.csv`, or computed), the small-numbers rule, and the analyst's commentary. Each
public method returns one published element (`element.Element`: its HTML as the report shows it,
and its data), so a notebook cell is a single call. The methods live per chapter in the
`hoofdstuk_*` mixins on the shared base `monitor_basis.MonitorBasis`.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd

from sdmonitor import config
from sdmonitor.edition_folder import ONDERDRUKKING
from sdmonitor.figures.kpis import read_kpis_csv
from sdmonitor.parameters import analyst_commentary, resolve_gemeente
from sdmonitor.periods import MAANDEN, Periode, parse_peildatum
from sdmonitor.publish.suppression import Published, read_onderdrukking
from sdmonitor.workbook.hoofdstuk_bijstelling import BijstellingMixin
from sdmonitor.workbook.hoofdstuk_bouwsteen_clienten import BouwsteenClientenMixin
from sdmonitor.workbook.hoofdstuk_contractering import ContracteringMixin
from sdmonitor.workbook.hoofdstuk_financien import FinancienMixin
from sdmonitor.workbook.hoofdstuk_hervormingsagenda import HervormingsagendaMixin
from sdmonitor.workbook.hoofdstuk_jeugd import JeugdMixin
from sdmonitor.workbook.hoofdstuk_jeugd_kaders import JeugdKadersMixin
from sdmonitor.workbook.hoofdstuk_kpi import KpiMixin
from sdmonitor.workbook.hoofdstuk_regio import RegioMixin
from sdmonitor.workbook.hoofdstuk_toegang import ToegangMixin
from sdmonitor.workbook.hoofdstuk_verantwoording import VerantwoordingMixin
from sdmonitor.workbook.hoofdstuk_wmo import WmoMixin
from sdmonitor.workbook.hoofdstuk_zorggebruik import ZorggebruikMixin
from sdmonitor.workbook.monitor_basis import NATIONAAL, TOTAAL, MonitorBasis

__all__ = ["MAANDEN", "NATIONAAL", "TOTAAL", "Monitor", "MonitorBasis", "open_monitor", "read_figures"]


def read_figures(path: str | Path) -> pd.DataFrame:
    """A `kpis.csv` as written by `sdmonitor kpis` (codes and periodes stay text)."""
    return read_kpis_csv(path)


# The runner's figures of the last edition opened in this process, keyed by the files' identity
# (path, size, mtime) and the threshold: in a shared chapter kernel (`run.kernels`) the next
# chapter neither parses kpis.csv again nor marks and formats its ~12.000 rows again (~1 s).
_RUNNER_FIGURES: dict[tuple, tuple[pd.DataFrame, pd.DataFrame | None, Published]] = {}


def _identity(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def _runner_figures(path: Path, drempel: int) -> tuple[pd.DataFrame, pd.DataFrame | None, Published]:
    """(figures, kpi-overzicht or None, Published) of a runner's `kpis.csv`; each call gets its
    own copies, so what one chapter does to them cannot reach the next."""
    beside = path.with_name("kpi-overzicht.csv")
    key = (_identity(path), _identity(beside), _identity(path.with_name(ONDERDRUKKING)), drempel)
    cached = _RUNNER_FIGURES.get(key) if key[0] is not None else None
    if cached is None:
        table = read_figures(path)
        overzicht = None
        if beside.exists():
            from sdmonitor.figures.kpi_overzicht import read_kpi_overzicht_csv

            overzicht = read_kpi_overzicht_csv(beside)
        # In a run the runner decided (and audited) once what the edition publishes: every chapter
        # prints exactly those cells.
        decision = path.with_name(ONDERDRUKKING)
        marks = read_onderdrukking(decision) if decision.is_file() else None
        cached = (table, overzicht, Published(table.copy(), drempel, onderdrukking=marks))
        _RUNNER_FIGURES.clear()  # one edition at a time
        _RUNNER_FIGURES[key] = cached
    table, overzicht, published = cached
    own = copy.copy(published)
    own.frame = published.frame.copy()
    return table.copy(), None if overzicht is None else overzicht.copy(), own


class Monitor(BijstellingMixin, ToegangMixin, JeugdKadersMixin, JeugdMixin, ZorggebruikMixin, BouwsteenClientenMixin,
              WmoMixin, FinancienMixin, RegioMixin, KpiMixin, VerantwoordingMixin, ContracteringMixin,
              HervormingsagendaMixin, MonitorBasis):
    """One edition of the monitor for one gemeente, and the report elements of its chapters."""


def open_monitor(gemeente: str, periode: str, peildatum: str = "", data: str = "", figures: str = "") -> Monitor:
    """The Monitor of one edition: figures from `figures` (a kpis.csv) if given, else those of the
    edition (`edition.open_edition`: computed once, then cached)."""
    g = resolve_gemeente(gemeente)
    p = Periode.parse(periode)
    pdat = parse_peildatum(peildatum) if peildatum else None
    data_dir = Path(data) if data else config.demo_data_dir()
    selection = None
    overzicht = None
    published = None
    if figures:
        table, overzicht, published = _runner_figures(Path(figures), g.drempel_kleine_aantallen)
    else:
        # The query API's edition: figures computed once per edition and kept (memory and disk,
        # keyed by the input files, parameters and library), so a chapter opened on its own, or
        # the next chapter in a new kernel, does not compute them again. Raw tables, where an
        # element needs them, are loaded on first use (`MonitorBasis.selection`).
        from sdmonitor.workbook.edition import open_edition

        edition = open_edition(g, p, pdat, data_dir)
        table, selection = edition.figures.copy(), edition.selection
        pdat = edition.peildatum  # the periode's own (`peildatum_kort_na`): raw tables are cut the same way
    monitor = Monitor(g, p, table, data_dir, pdat, selection, analyst_commentary(g, str(p)), overzicht, published)
    monitor.figures_path = Path(figures) if figures else None  # the chapter inputs and exact changes lie beside it
    return monitor
