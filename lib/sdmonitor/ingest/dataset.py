"""The one loading interface: every figure, notebook and command gets its data from here."""

from __future__ import annotations

from pathlib import Path

from sdmonitor.errors import UsageError

# The shape itself lives in `typed` (validation and the cache build it); re-exported here, the
# one loading interface.
from sdmonitor.ingest.typed import ALL_TABLES, OPTIONAL_TABLES, REQUIRED_TABLES, Dataset  # noqa: F401


def load_dataset(path: str | Path, gemeente: str | None = None) -> Dataset:
    """Read and validate an input folder. Raises `InvalidDataError` (exit 3) listing every problem.

    The validated result comes from the cache when the folder did not change (`store`); with
    `gemeente`, the heavy tables hold only that gemeente's rows (`Dataset.scope` says what was
    left out)."""
    folder = Path(path)
    if not folder.is_dir():
        raise UsageError(f"datamap '{folder}' bestaat niet of is geen map")
    from sdmonitor.ingest import store

    cached = store.scoped_dataset(folder, gemeente) if gemeente else store.cached_dataset(folder)
    if cached is not None:
        return cached
    from sdmonitor.ingest.validation import validated_dataset

    return validated_dataset(folder)
