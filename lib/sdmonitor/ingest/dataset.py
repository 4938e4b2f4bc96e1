"""The one loading interface: every figure, notebook and command gets its data from here."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sdmonitor.errors import UsageError

# The shape itself lives in `typed` (validation and the cache build it); re-exported here, the
# one loading interface.
from sdmonitor.ingest.typed import ALL_TABLES, OPTIONAL_TABLES, REQUIRED_TABLES, Dataset  # noqa: E402,F401

# Set by the runner while chapter kernels run: a pickled Dataset that `load_dataset` returns for
# its own folder instead of reading the files again (one snapshot for the whole run).
SNAPSHOT_ENV = "SDMONITOR_SNAPSHOT"


@contextmanager
def snapshot_environment(dataset: Dataset) -> Iterator[Path]:
    """Pickle `dataset` into a private temporary folder and point `SDMONITOR_SNAPSHOT` at it
    (child processes inherit it); both are removed afterwards. The snapshot holds raw rows, so it
    never lies in a report folder and is readable by this user only; a snapshot left by a run that
    was killed outright is removed by the next run."""
    from sdmonitor.safe_output import clean_stale_snapshots, host

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
    from sdmonitor.ingest import store

    cached = store.scoped_dataset(folder, gemeente) if gemeente else store.cached_dataset(folder)
    if cached is not None:
        return cached
    from sdmonitor.ingest.validation import validated_dataset

    return validated_dataset(folder)
