"""The figures of an edition kept on disk, so the explorer opens fast in a new kernel too.

One folder per edition key under `edities/` of the project's cache folder (`config.cache_dir`:
`$SDMONITOR_CACHE`, default `~/.cache/sdmonitor`; `SDMONITOR_CACHE=off` turns it off):
`kpis.csv` (written and read by `kpis.write_kpis_csv` / `read_kpis_csv`, exact), the input's
`benchmark` rows and the resolved peildatum. The key holds everything the figures depend on:
gemeente and its parameters, periode, peildatum, the data folder with the content hash of every
input file, and the library itself (the content of its modules and of its data files: code lists,
house style, the indicator registry), so a changed input, figure definition or code list is never
served from an old entry; size and mtime are no identity (`cache_io`). `meta.json` holds the hash
of `kpis.csv`: a damaged entry is said on stderr and computed again. Entries are written under the
entry's lock (`cache_io.entry_lock`). The cache lives outside the input folder (inputs are never
written) and is readable by this user only (`cache_io.cache_root` refuses a folder others can
write): the figures are exact, small numbers included, like the internal `kpis.csv`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdmonitor import cache_io, config
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

if TYPE_CHECKING:  # pandas is imported only when an entry is read or written as a table:
    import pandas as pd  # `sdmonitor kpis` copies a hit without it (a fraction of a second)

KEEP = 20  # entries kept; the oldest are removed (a demo edition is ~0,3 MB, a national one ~0,5 MB)


def cache_dir() -> Path | None:
    """`edities/` in the project's cache folder (`config.cache_dir`); None with the cache off."""
    root = cache_io.cache_root()
    return None if root is None else root / "edities"


def folder_fingerprint(folder: Path) -> tuple:
    """(relative path, content hash) of every input file below `folder` (hidden folders such as
    `.istandaard/` excluded): a changed, added, removed or replaced file gives another key, even
    with the same size and its old mtime restored."""
    return cache_io.folder_identity(Path(folder))


def edition_key(gemeente: Gemeente, periode: Periode, peildatum: date | str | None, folder: Path) -> tuple:
    """Everything an edition's figures depend on, but the library (see `entry_name`): gemeente and
    its parameters (they shape some figures, bouwsteengroepen say), periode, the peildatum asked
    for (None: the contract's default; a text names another default rule, `open_edition`'s), the
    data folder and its `folder_fingerprint`."""
    folder = Path(folder).resolve()
    return (gemeente.code, repr(sorted(gemeente.raw.items(), key=str)), str(periode), peildatum, str(folder),
            folder_fingerprint(folder))


def _verified(folder: Path) -> tuple[dict, bytes] | None:
    """(meta, kpis.csv bytes) of an entry, or None when absent or incomplete (`meta.json` is
    written last). A present but damaged entry is said on stderr and removed (then rebuilt)."""
    try:
        meta_text = (folder / "meta.json").read_bytes()
    except OSError:
        return None
    try:
        meta = json.loads(meta_text)
        data = (folder / "kpis.csv").read_bytes()
        if _kpis_hash(data) != meta["kpis_hash"]:
            raise ValueError("kpis.csv wijkt af van zijn hash")
        date.fromisoformat(meta["peildatum"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        cache_io.say_damaged(folder, exc)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return meta, data


def _kpis_hash(data: bytes) -> str:
    """The hash `meta.json` keeps of `kpis.csv`."""
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def copy_figures(key: tuple, target: Path) -> int | None:
    """Write a cached edition's `kpis.csv` to `target` (atomically); the number of figures, or
    None when there is no sound entry (or the cache is off)."""
    from sdmonitor.safe_output import write_atomically

    root = cache_dir()
    if root is None:
        return None
    folder = root / entry_name(key)
    with cache_io.entry_lock(folder):
        found = _verified(folder)
        if found is None:
            return None
        data = found[1]
        write_atomically(Path(target), data)
        os.utime(folder)
    return max(data.count(b"\n") - 1, 0)


def has(key: tuple) -> bool:
    """Whether the cache holds a sound entry for `key` (False with the cache off)."""
    root = cache_dir()
    if root is None:
        return False
    folder = root / entry_name(key)
    with cache_io.entry_lock(folder):
        return _verified(folder) is not None


_LIBRARY: tuple | None = None


def _library_fingerprint() -> tuple:
    """Content hash of every file of the package: its modules and its data (`data/**`: code lists,
    house style, `indicatoren.yaml`), which shape the figures as much as the code. Once per process."""
    global _LIBRARY
    if _LIBRARY is None:
        base = config.PACKAGE_DIR
        files = sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in (".pyc", ".pyo"))
        _LIBRARY = tuple((p.relative_to(base).as_posix(), cache_io.content_hash(p)) for p in files)
    return _LIBRARY


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
    with cache_io.entry_lock(folder):
        found = _verified(folder)
        if found is None:
            return None
        meta = found[0]
        try:
            figures = read_kpis_csv(folder / "kpis.csv")
            bench = None
            if meta.get("benchmark"):
                bench = pd.read_csv(folder / "benchmark.csv",
                                    dtype={c: "str" for c in ("gebied", "indicator", "periode", "dimensie")},
                                    keep_default_na=False, na_values={"waarde": [""]})
                bench["waarde"] = bench["waarde"].astype("float64")
        except (OSError, ValueError, KeyError) as exc:
            cache_io.say_damaged(folder, exc)
            shutil.rmtree(folder, ignore_errors=True)
            return None
        os.utime(folder)  # recently used: kept longest
    return figures, bench, date.fromisoformat(meta["peildatum"])


def store(key: tuple, figures: pd.DataFrame, bench: pd.DataFrame | None, peildatum: date, keep: int = KEEP,
          csv: bytes | None = None) -> None:
    """Write an entry (into a temporary folder, then renamed under the entry's lock: never half an
    entry), keeping the `keep` most recently used entries (`kpis --gemeente ALL` keeps every
    municipality of its pass, so the `batch` after it finds them all). A cache that cannot be
    written is no error: the edition is computed again next time. `csv`: the figures as
    `write_kpis_csv` already wrote them elsewhere (kept as they are, not formatted again)."""
    from sdmonitor.figures.kpis import write_kpis_csv

    root = cache_dir()
    if root is None:
        return
    target = root / entry_name(key)
    temp = None
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(root, 0o700)  # exact figures: this user only
        temp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        if csv is None:
            csv = write_kpis_csv(figures, temp / "kpis.csv")
        else:
            (temp / "kpis.csv").write_bytes(csv)
        if bench is not None:
            bench.to_csv(temp / "benchmark.csv", index=False)
        (temp / "meta.json").write_text(json.dumps({
            "peildatum": peildatum.isoformat(), "benchmark": bench is not None,
            "kpis_hash": _kpis_hash(csv)}), encoding="utf-8")
        with cache_io.entry_lock(target):
            shutil.rmtree(target, ignore_errors=True)
            os.replace(temp, target)
        _prune(root, keep)
    except OSError:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


ONDERDRUKKING = "onderdrukking.csv"


def store_onderdrukking(key: tuple, published: Any) -> None:
    """Add the publication decision (`suppression.write_onderdrukking`: which cells are hidden) to
    an existing entry, so a new kernel needs no audit. No entry, or no cache: nothing."""
    from sdmonitor.publish.suppression import write_onderdrukking

    _add_to_entry(key, lambda folder: write_onderdrukking(published, folder / ONDERDRUKKING))


def _add_to_entry(key: tuple, write: Callable[[Path], object]) -> None:
    """Run `write(folder)` on the verified entry of `key`, under its lock; no entry, or no
    cache: nothing (a cache that cannot be written is no error)."""
    root = cache_dir()
    if root is None:
        return
    folder = root / entry_name(key)
    try:
        with cache_io.entry_lock(folder):
            if _verified(folder) is not None:
                write(folder)
    except OSError:
        pass


def load_onderdrukking(key: tuple) -> dict | None:
    """The publication decision kept with an entry, or None (not kept, unreadable, cache off)."""
    from sdmonitor.publish.suppression import read_onderdrukking

    root = cache_dir()
    if root is None:
        return None
    path = root / entry_name(key) / ONDERDRUKKING
    try:
        return read_onderdrukking(path) if path.is_file() else None
    except (OSError, ValueError, KeyError):
        return None


GEMEENTEN = "gemeenten.json"


def store_gemeenten(key: tuple, codes: tuple[str, ...]) -> None:
    """Keep the municipalities of the input's declaraties with an entry (the explorer offers
    them without reading the input again). No entry, or no cache: nothing."""
    from sdmonitor.safe_output import write_atomically

    _add_to_entry(key, lambda folder: write_atomically(folder / GEMEENTEN, json.dumps(list(codes)).encode("utf-8")))


def load_gemeenten(key: tuple) -> tuple[str, ...]:
    """The municipalities kept with an entry; () when not kept or unreadable."""
    root = cache_dir()
    if root is None:
        return ()
    try:
        codes = json.loads((root / entry_name(key) / GEMEENTEN).read_text(encoding="utf-8"))
        return tuple(str(c) for c in codes)
    except (OSError, ValueError, TypeError):
        return ()


def _prune(root: Path, keep: int = KEEP) -> None:
    entries = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[max(keep, KEEP):]:
        shutil.rmtree(old, ignore_errors=True)
    # Lock files of entries long gone (a day: no command still waits on them) need not pile up.
    for lock in root.glob("*.lock"):
        try:
            if not lock.with_suffix("").exists() and time.time() - lock.stat().st_mtime > 86_400:
                lock.unlink()
        except OSError:
            pass


def clear() -> None:
    """Remove every cached edition."""
    root = cache_dir()
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


__all__ = ["KEEP", "cache_dir", "clear", "copy_figures", "edition_key", "entry_name", "folder_fingerprint", "has",
           "load", "load_gemeenten", "load_onderdrukking", "store", "store_gemeenten", "store_onderdrukking"]
