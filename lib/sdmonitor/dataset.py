"""The one loading interface: every figure, notebook and command gets its data from here."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

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


# Set by the runner while chapter kernels run: a pickled Dataset that `load_dataset` returns for
# its own folder instead of reading the files again (one snapshot for the whole run).
SNAPSHOT_ENV = "SDMONITOR_SNAPSHOT"


@contextmanager
def snapshot_environment(dataset: Dataset) -> Iterator[Path]:
    """Pickle `dataset` into a private temporary folder and point `SDMONITOR_SNAPSHOT` at it
    (child processes inherit it); both are removed afterwards. The snapshot holds raw rows, so it
    never lies in a report folder and is readable by this user only; a snapshot left by a run that
    was killed outright is removed by the next run."""
    from .safe_output import clean_stale_snapshots, host

    clean_stale_snapshots()
    folder = Path(tempfile.mkdtemp(prefix=f"sdmonitor-snapshot-{host()}-{os.getpid()}-"))
    path = folder / "dataset.pkl"
    saved = os.environ.get(SNAPSHOT_ENV)
    try:
        with open(path, "wb") as fh:
            pickle.dump(dataset, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.environ[SNAPSHOT_ENV] = str(path)
        yield path
    finally:
        if saved is None:
            os.environ.pop(SNAPSHOT_ENV, None)
        else:
            os.environ[SNAPSHOT_ENV] = saved
        shutil.rmtree(folder, ignore_errors=True)


def _snapshot_for(folder: Path) -> Dataset | None:
    path = os.environ.get(SNAPSHOT_ENV)
    if not path or not Path(path).is_file():
        return None
    with open(path, "rb") as fh:
        dataset = pickle.load(fh)  # written by this user's own runner (see snapshot_environment)
    if dataset.source is None or Path(dataset.source).resolve() != folder.resolve():
        return None
    return dataset


def load_dataset(path: str | Path, gemeente: str | None = None) -> Dataset:
    """Read and validate an input folder. Raises `InvalidDataError` (exit 3) listing every problem.
    Inside a run, the runner's snapshot of the same folder is returned instead (see SNAPSHOT_ENV).

    The validated result comes from the cache when the folder did not change (`store`); with
    `gemeente`, the heavy tables hold only that gemeente's rows (`Dataset.scope` says what was
    left out)."""
    folder = Path(path)
    snapshot = _snapshot_for(folder)
    if snapshot is not None:
        return snapshot
    if not folder.is_dir():
        raise UsageError(f"datamap '{folder}' bestaat niet of is geen map")
    from . import store

    cached = store.scoped_dataset(folder, gemeente) if gemeente else store.cached_dataset(folder)
    return cached if cached is not None else validated_dataset(folder)


def validated_dataset(folder: Path) -> Dataset:
    """Read and validate `folder` itself (no snapshot, no cache)."""
    from .validation import validate_folder

    report = validate_folder(folder)
    if not report.ok:
        raise InvalidDataError(report.render(), report.problems)
    return report.dataset
