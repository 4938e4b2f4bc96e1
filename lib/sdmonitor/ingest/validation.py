"""Checking an input folder against INTERFACE.md §2 and building the typed `Dataset`.

`validate_folder(folder)` reads every table (`loader`), turns text into types, runs the pandera
schema of each table (`schemas`), the rules that depend on another column (productcategorie per
wet, verwijzer jeugd only, begrotingspost per wet) and the cross-row and cross-table rules of
declaraties. Every failure becomes one `Problem` naming file, row, column and value, in Dutch.
It never writes anything. All checks are vectorised: only failing rows are visited one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdmonitor.errors import InvalidDataError
from sdmonitor.ingest.loader import Problem, make_problem, read_table
from sdmonitor.ingest.schemas import TABLES
from sdmonitor.ingest.table_check import TableCheck, finalise
from sdmonitor.ingest.typed import Dataset

__all__ = ["Prechecked", "Problem", "TableSummary", "ValidationReport", "validate_folder", "validated_dataset"]

MAX_PRINTED = 50


@dataclass
class TableSummary:
    """Per table: rows read, rows without any problem, files it came from."""

    name: str
    rows_read: int = 0
    rows_valid: int = 0
    files: list[str] = field(default_factory=list)


@dataclass
class ValidationReport:
    """The outcome of `validate_folder`: `ok`, all `problems`, and the typed `dataset` when ok."""

    folder: Path
    tables: dict[str, TableSummary] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    dataset: Dataset | None = None
    # Coverage problems (a source starting inside the report window, a month without rows, no PGB):
    # the input is valid, but some figures get status geen_gegevens. Never change `ok`.
    warnings: list[str] = field(default_factory=list)
    # Heavy tables checked in DuckDB: rows per gemeente and month (`coverage.month_summary`).
    heavy_months: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def valid_dataset(self) -> Dataset:
        """The typed dataset; raises `InvalidDataError` (exit 3) listing every problem when not ok."""
        if self.dataset is None:
            raise InvalidDataError(self.render(), self.problems)
        return self.dataset

    def render(self, max_per_table: int = MAX_PRINTED) -> str:
        """A readable Dutch report; at most `max_per_table` problems are printed per table."""
        lines = [f"Controle van invoermap {self.folder}", ""]
        for name in TABLES:
            problems = [p for p in self.problems if p.table == name]
            summary = self.tables.get(name)
            if summary is None and not problems:
                continue
            if summary is not None:
                files = f" ({', '.join(summary.files)})" if summary.files else ""
                lines.append(f"{name}: {_n(summary.rows_read)} rijen gelezen, "
                             f"{_n(summary.rows_valid)} geldig{files}")
            else:
                lines.append(f"{name}:")
            for p in problems[:max_per_table]:
                lines.append(f"  - {p.message}")
            if len(problems) > max_per_table:
                lines.append(f"  ... en nog {_n(len(problems) - max_per_table)} problemen in {name}")
        absent = [n for n in TABLES if n not in self.tables and not TABLES[n].required]
        if absent:
            lines += ["", "Niet aangeleverd (optioneel): " + ", ".join(absent)]
        if self.warnings:
            lines += ["", "Waarschuwingen (dekking van de bronnen; de invoer blijft geldig):"]
            lines += [f"  - {w}" for w in self.warnings]
        lines.append("")
        if self.ok:
            lines.append("Resultaat: de invoer voldoet aan het contract.")
        else:
            n = len(self.problems)
            lines.append(f"Resultaat: {_n(n)} {'probleem' if n == 1 else 'problemen'} gevonden; "
                         "de invoer is ongeldig en er is niets berekend.")
        return "\n".join(lines)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@dataclass
class Prechecked:
    """A table checked by another engine (`duck_check`, `duck_subset`): it is not read here, its
    `problems` are reported in its place, and its rows are not in the report's `dataset`."""

    rows: int
    files: list[Path]
    hashes: dict[str, str]
    rows_valid: int | None = None   # None: all rows
    problems: list[Problem] = field(default_factory=list)  # worded by `table_check` (`duck_subset`)


def validate_folder(folder: Path, prechecked: dict[str, Prechecked] | None = None) -> ValidationReport:
    """Check every table of INTERFACE.md §2 in `folder`; the report's `dataset` is set when ok.
    Tables in `prechecked` are taken as checked (no problems) and left out of the dataset."""
    folder = Path(folder)
    report = ValidationReport(folder)
    typed: dict[str, pd.DataFrame] = {}
    files: dict[str, list[Path]] = {}
    hashes: dict[str, str] = {}
    checkers: dict[str, TableCheck] = {}
    for name, spec in TABLES.items():
        if prechecked and name in prechecked:
            pre = prechecked[name]
            files[name] = pre.files
            hashes.update(pre.hashes)
            valid = pre.rows if pre.rows_valid is None else pre.rows_valid
            report.tables[name] = TableSummary(name, pre.rows, valid,
                                               [p.relative_to(folder).as_posix() for p in pre.files])
            continue
        raw = read_table(folder, name)
        if raw is None:
            if spec.required:
                report.problems.append(make_problem(name, None, message=(
                    f"de verplichte tabel ontbreekt; verwacht {name}.csv, {name}.parquet, "
                    f"{name}.xlsx of een map {name}/")))
            continue
        files[name] = raw.files
        hashes.update(raw.hashes)
        summary = TableSummary(name, files=[p.relative_to(folder).as_posix() for p in raw.files])
        report.tables[name] = summary
        checker = TableCheck(spec, raw)
        frame = checker.run()
        checkers[name] = checker
        if frame is not None and (len(frame) or spec.required):
            typed[name] = frame
        elif frame is not None and not checker.problems:
            del report.tables[name]  # an optional header-only table counts as absent
    if "declaraties" in typed and "producten" in typed and len(typed["declaraties"]):
        checkers["declaraties"].orphan_products(typed["declaraties"], typed["producten"])
    for name in TABLES:
        if prechecked and name in prechecked:
            report.problems.extend(prechecked[name].problems)
        if name not in checkers:
            continue
        checker = checkers[name]
        if name in report.tables:
            report.tables[name].rows_read = checker.rows_read
            report.tables[name].rows_valid = int((~checker.bad_rows).sum()) if checker.typed_ok else 0
        report.problems.extend(checker.problems)
    if report.ok:
        report.dataset = Dataset(tables={n: finalise(TABLES[n], f) for n, f in typed.items()},
                                 source=folder, files=files, hashes=hashes)
    return report


def validated_dataset(folder: Path) -> Dataset:
    """Read and validate `folder` itself (not from the cache); raises `InvalidDataError` (exit 3)
    listing every problem."""
    return validate_folder(folder).valid_dataset()
