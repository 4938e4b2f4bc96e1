"""The one loading interface: every figure, notebook and command gets its data from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InvalidDataError, UsageError

REQUIRED_TABLES = ("declaraties", "producten")
OPTIONAL_TABLES = (
    "begroting", "nulmeting", "bevolking", "meldingen", "klachten_bezwaren", "tevredenheid",
    "smw", "veilig_thuis", "benchmark", "toewijzingen", "begroting_regels",
)
ALL_TABLES = REQUIRED_TABLES + OPTIONAL_TABLES


@dataclass
class Dataset:
    """Typed input tables (see docs/architecture.md for columns and dtypes)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: Path | None = None
    files: dict[str, list[Path]] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.tables

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def load_dataset(path: str | Path) -> Dataset:
    """Read and validate an input folder. Raises `InvalidDataError` (exit 3) listing every problem."""
    from .validation import validate_folder

    folder = Path(path)
    if not folder.is_dir():
        raise UsageError(f"datamap '{folder}' bestaat niet of is geen map")
    report = validate_folder(folder)
    if not report.ok:
        raise InvalidDataError(report.render(), report.problems)
    return report.dataset
