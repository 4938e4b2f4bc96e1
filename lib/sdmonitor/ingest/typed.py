"""The in-memory shape of a validated input folder: `Dataset`, a mapping of typed tables (columns
and dtypes in docs/architecture.md). Its own module so that validation (which builds it), the
cache (which stores it) and `dataset.load_dataset` (which hands it out) need not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

REQUIRED_TABLES = ("declaraties", "producten")
OPTIONAL_TABLES = (
    "begroting", "nulmeting", "bevolking", "meldingen", "klachten_bezwaren", "tevredenheid",
    "smw", "veilig_thuis", "benchmark", "toewijzingen", "begroting_regels",
    "meerzorg", "vrij_toegankelijk_aanbod", "avan_passen", "regionale_voorzieningen",
    "aanvragen", "zorgmeldingen", "retouren", "berichten",
)
ALL_TABLES = REQUIRED_TABLES + OPTIONAL_TABLES


@dataclass
class Dataset:
    """Typed input tables (see docs/architecture.md for columns and dtypes)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: Path | None = None
    files: dict[str, list[Path]] = field(default_factory=dict)
    # SHA-256 of the bytes each file was parsed from, keyed by path relative to `source`:
    # exactly what was read, once (manifest.json lists these).
    hashes: dict[str, str] = field(default_factory=dict)
    # Set when the heavy tables hold one gemeente's rows only (`store.scoped_dataset`): what was
    # left out, so `selection` counts and dates as on the whole input.
    scope: Any = None

    def has(self, name: str) -> bool:
        return name in self.tables

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


__all__ = ["ALL_TABLES", "OPTIONAL_TABLES", "REQUIRED_TABLES", "Dataset"]
