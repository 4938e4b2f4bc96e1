"""The files of an edition folder that `run` writes before the chapters (INTERFACE §4): the
exact ones in `intern/` (what the chapters read), the published ones at the top."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pandas as pd

from sdmonitor import forked
from sdmonitor.edition_folder import (
    CIJFERS,
    FIGURES,
    INTERN,
    ONDERDRUKKING,
    PRIVATE_DIR,
    intern_dir,
)
from sdmonitor.ingest.dataset import Dataset
from sdmonitor.periods import Periode

KPI_OVERZICHT = "kpi-overzicht.csv"
AUDIT_CSV, AUDIT_TXT = "audit.csv", "audit.txt"


def write_figures(prepared: Any, dataset: Dataset, periode: Periode, folder: Path, drempel: int = 5,
                  vorige: pd.DataFrame | None = None, lanes: int = 1) -> list[str]:
    """The figures of an edition folder (INTERFACE §4): exact `kpis.csv`, `kpi-overzicht.csv` and
    `hoofdstuk-invoer.json` in `intern/` (what the chapters read), the published `cijfers.csv` and
    `kpi-overzicht.csv` at the top. `prepared`: the runner's `Prepared` (figures, selection).

    What is published is decided here, once for the whole edition: marked, then audited against
    everything it publishes and the earlier edition's published figures (`vorige`, as
    `cijfers.previous_cijfers` reads them); a hidden count that stays derivable raises
    `AuditError` and nothing is published. The decision goes to
    `intern/onderdrukking.csv` (the chapters print exactly those cells), the audit to
    `intern/audit.csv` and `intern/audit.txt`. With `lanes` 2 the decision is made in a forked
    process while this one writes the exact files (`forked.Beside`; what it cannot give, this
    process decides itself). Returns the file names written, relative to `folder`."""
    from sdmonitor.figures.kpi_overzicht import kpi_overzicht, write_kpi_overzicht_csv
    from sdmonitor.figures.kpis import write_kpis_csv
    from sdmonitor.publish import cijfers, kpi_publiek
    from sdmonitor.publish.suppression import Published
    from sdmonitor.workbook import hoofdstuk_invoer

    def decide() -> Published:
        return Published(prepared.figures, drempel, vorige=vorige)  # the one publication decision

    intern = private_dir(folder)
    with forked.Beside(decide) if lanes > 1 else nullcontext() as beside:
        write_kpis_csv(prepared.figures, intern / FIGURES)
        overzicht = kpi_overzicht(prepared.figures, prepared.selection, periode)
        write_kpi_overzicht_csv(overzicht, intern / KPI_OVERZICHT)
        # What the chapters need beyond kpis.csv, so no chapter reloads the data folder.
        written = [f"{INTERN}/{FIGURES}", f"{INTERN}/{KPI_OVERZICHT}",
                   *(f"{INTERN}/{name}" for name in hoofdstuk_invoer.write(prepared.selection, intern))]
        try:
            published = beside.result() if beside is not None else decide()
        except forked.Lost:  # decided here: an AuditError is raised here, as with one lane
            published = decide()
    written += write_decision(published, intern)
    cijfers.write_cijfers_csv(cijfers.cijfers(prepared.figures, drempel, published), folder / CIJFERS)
    kpi_publiek.write_published_kpi_overzicht(kpi_publiek.published_kpi_overzicht(overzicht, published),
                                              folder / KPI_OVERZICHT)
    return [CIJFERS, KPI_OVERZICHT, *written]


def write_changes(vorige_dir: Path | None, figures: pd.DataFrame, folder: Path,
                  previous: pd.DataFrame | None = None) -> list[str]:
    """The comparison with the earlier edition: published values in `wijzigingen.csv` (from both
    editions' `cijfers.csv`; an old-layout edition's from its kpis.csv), the exact differences in
    `intern/wijzigingen-exact.csv` (the chapter reads those; needs the earlier exact figures).
    `previous`: the earlier edition's published figures (`cijfers.previous_cijfers`, read once
    for this and the publication decision). Nothing without an earlier edition. Returns the file
    names written, relative to `folder`."""
    from sdmonitor.figures.wijzigingen import FILE, write_edition_changes
    from sdmonitor.publish import cijfers

    if vorige_dir is None:
        return []
    written = [f"{INTERN}/{name}" for name in write_edition_changes(vorige_dir, figures, private_dir(folder))]
    if previous is not None:
        current = cijfers.read_cijfers_csv(folder / CIJFERS)
        cijfers.write_published_changes(cijfers.compare_published(previous, current), folder / FILE)
        written.append(FILE)
    return written


def write_decision(published: Any, intern: Path) -> list[str]:
    """`intern/onderdrukking.csv` (the hidden cells and how they read) and the audit's report."""
    from sdmonitor.publish.suppression import write_onderdrukking

    write_onderdrukking(published, intern / ONDERDRUKKING)
    names = [ONDERDRUKKING]
    if published.audit is not None:
        published.audit.to_frame().to_csv(intern / AUDIT_CSV, index=False, lineterminator="\n")
        (intern / AUDIT_TXT).write_text(published.audit.summary() + "\n", encoding="utf-8")
        names += [AUDIT_CSV, AUDIT_TXT]
    return [f"{INTERN}/{name}" for name in names]


def private_dir(folder: Path) -> Path:
    """`intern/` of the edition being built: created readable by the user only (0700 whatever
    the umask), before anything exact is written into it."""
    intern = intern_dir(folder)
    if not intern.is_dir():
        intern.mkdir()
        intern.chmod(PRIVATE_DIR)
    return intern


__all__ = ["AUDIT_CSV", "AUDIT_TXT", "KPI_OVERZICHT", "private_dir", "write_changes", "write_decision",
           "write_figures"]
