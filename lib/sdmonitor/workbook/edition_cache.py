"""The figures of an edition kept on disk, so the explorer opens fast in a new kernel too.

One folder per edition key under `edities/` of the project's cache folder (`config.cache_dir`:
`$SDMONITOR_CACHE`, default `~/.cache/sdmonitor`; `SDMONITOR_CACHE=off` turns it off):
`kpis.csv` (written and read by `kpis.write_kpis_csv` / `read_kpis_csv`, exact), the input's
`benchmark` rows and the resolved peildatum. The key holds everything the figures depend on:
gemeente and its parameters, periode, peildatum, the data folder with the size and modification
time of every input file, and the library itself (size and mtime of its modules), so a changed
input or a changed figure definition is never served from an old entry. The cache lives outside
the input folder (inputs are never written) and is readable by this user only: the figures are
exact, small numbers included, like the internal `kpis.csv`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from typing import TYPE_CHECKING

from sdmonitor import config
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

if TYPE_CHECKING:  # pandas is imported only when an entry is read or written as a table:
    import pandas as pd  # `sdmonitor kpis` copies a hit without it (a fraction of a second)

KEEP = 20  # entries kept; the oldest are removed (a demo edition is ~0,3 MB)


def cache_dir() -> Path | None:
    """`edities/` in the project's cache folder (`config.cache_dir`); None with the cache off."""
    root = config.cache_dir()
    return None if root is None else root / "edities"


def folder_fingerprint(folder: Path) -> tuple:
    """Name, size, mtime and inode of every input file below `folder` (hidden folders such as
    `.istandaard/` excluded): a changed, added, removed or replaced file gives another key."""
    entries = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            st = (Path(root) / name).stat()
            entries.append((os.path.relpath(Path(root) / name, folder), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(entries)


def edition_key(gemeente: Gemeente, periode: Periode, peildatum: date | None, folder: Path) -> tuple:
    """Everything an edition's figures depend on, but the library (see `entry_name`): gemeente and
    its parameters (they shape some figures, bouwsteengroepen say), periode, the peildatum asked
    for (None: the default), the data folder and its `folder_fingerprint`."""
    folder = Path(folder).resolve()
    return (gemeente.code, repr(sorted(gemeente.raw.items(), key=str)), str(periode), peildatum, str(folder),
            folder_fingerprint(folder))


def copy_figures(key: tuple, target: Path) -> int | None:
    """Write a cached edition's `kpis.csv` to `target` (atomically); the number of figures, or
    None when there is no entry (or the cache is off)."""
    from sdmonitor.safe_output import write_atomically

    root = cache_dir()
    if root is None:
        return None
    folder = root / entry_name(key)
    try:
        data = (folder / "kpis.csv").read_bytes()
        (folder / "meta.json").stat()  # written last: without it the entry is incomplete
    except OSError:
        return None
    write_atomically(Path(target), data)
    os.utime(folder)
    return max(data.count(b"\n") - 1, 0)


def _library_fingerprint() -> tuple:
    files = sorted(config.PACKAGE_DIR.rglob("*.py"))
    return tuple((str(p.relative_to(config.PACKAGE_DIR)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def entry_name(key: tuple) -> str:
    """The folder name of an edition key (a hash of the key and the library fingerprint)."""
    text = repr((key, _library_fingerprint()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def load(key: tuple) -> tuple[pd.DataFrame, pd.DataFrame | None, date] | None:
    """(figures, benchmark rows or None, peildatum) of a cached edition, or None."""
    import pandas as pd

    from sdmonitor.figures.kpis import read_kpis_csv

    root = cache_dir()
    if root is None:
        return None
    folder = root / entry_name(key)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        figures = read_kpis_csv(folder / "kpis.csv")
        bench = None
        if meta.get("benchmark"):
            bench = pd.read_csv(folder / "benchmark.csv", dtype={c: "str" for c in ("gebied", "indicator", "periode",
                                                                                    "dimensie")},
                                keep_default_na=False, na_values={"waarde": [""]})
            bench["waarde"] = bench["waarde"].astype("float64")
        os.utime(folder)  # recently used: kept longest
        return figures, bench, date.fromisoformat(meta["peildatum"])
    except (OSError, ValueError, KeyError):
        return None  # absent, half-removed or from an older layout: compute again


def store(key: tuple, figures: pd.DataFrame, bench: pd.DataFrame | None, peildatum: date) -> None:
    """Write an entry (into a temporary folder, then renamed: never half an entry). A cache that
    cannot be written is no error: the edition is simply computed again next time."""
    from sdmonitor.figures.kpis import write_kpis_csv

    root = cache_dir()
    if root is None:
        return
    try:
        root.mkdir(parents=True, exist_ok=True)
        os.chmod(root, 0o700)  # exact figures: this user only
        temp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        write_kpis_csv(figures, temp / "kpis.csv")
        if bench is not None:
            bench.to_csv(temp / "benchmark.csv", index=False)
        (temp / "meta.json").write_text(json.dumps({"peildatum": peildatum.isoformat(),
                                                    "benchmark": bench is not None}), encoding="utf-8")
        target = root / entry_name(key)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(temp, target)
        _prune(root)
    except OSError:
        shutil.rmtree(locals().get("temp", root / ".none"), ignore_errors=True)


def _prune(root: Path) -> None:
    entries = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def clear() -> None:
    """Remove every cached edition."""
    root = cache_dir()
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


__all__ = ["cache_dir", "clear", "copy_figures", "edition_key", "entry_name", "folder_fingerprint", "load", "store"]
