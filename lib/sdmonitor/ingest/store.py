"""The validated input, cached as Parquet and queried with DuckDB (issue 12: speed and scale).

Reading and validating a national input folder (10 M declaration lines) takes minutes and
gigabytes; one municipality's edition needs a few hundred thousand of those lines. So:

- The first command on a folder validates it (`cold`: the heavy tables `declaraties` and
  `toewijzingen` checked in DuckDB and copied from there straight into the entry; the small ones,
  and any table with a problem, by `validation.validate_folder`, so every problem has the same
  messages, file, row, column and value) and stores the validated, typed result in a cache entry:
  the heavy tables as Parquet, the small tables as Parquet too (`rest/`), the dataset's file lists
  and hashes as JSON, plus the counts a scoped read needs (rows per gemeente, the latest
  ingediend_op). No pickle: reading an entry never runs code. Invalid input is never cached: it is
  reported (exit 3) every time, as before.
- The entry is keyed by the content (BLAKE2b, `cache_io.folder_identity`) of every file in the
  input folder and the folder's path. Size and mtime are no identity (a file corrected to the same
  size with its old mtime restored is another input); hashing 150 MB costs a fraction of one
  DuckDB scan (`benchmarks/b6_input_identity.py`), and within one process a stat memo saves
  hashing the same file twice.
- `scoped_dataset(folder, gemeente)` reads only that gemeente's rows of the heavy tables: a DuckDB
  query over the cached Parquet (`WHERE gemeente = ?`; the file is sorted by gemeente, so DuckDB
  skips the other municipalities' row groups). What was left out is recorded in
  `Dataset.scope` so `selection` reports the same reconciliation counts and default peildatum as
  on the whole dataset.

The cache lives outside the input folder (`cache_io.cache_root`: this user's own folder, refused
when others can write it; `SDMONITOR_CACHE=off` disables it); the input folder is only read. An
entry is written to a temporary folder and renamed into place under the entry's lock
(`cache_io.entry_lock`), so a killed command never leaves half an entry and two commands never
fill the same entry together. A damaged entry (truncated Parquet, garbage JSON) is said on stderr,
removed and rebuilt. Entries are private (0700): they hold the raw rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sdmonitor import cache_io
from sdmonitor.ingest.typed import Dataset

HEAVY = ("declaraties", "toewijzingen")
ROW_GROUP_SIZE = 122_880
T = TypeVar("T")
FORMAT = "4"  # bump when the layout of an entry changes: old entries are then ignored


@dataclass(frozen=True)
class Scope:
    """What a scoped dataset leaves out of the heavy tables (see `selection`)."""

    gemeente: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows in the whole input
    other: dict[str, int] = field(default_factory=dict)  # table -> rows of other gemeenten left out
    gemeenten: dict[str, int] = field(default_factory=dict)  # declaraties rows per gemeente
    latest_ingediend_op: date | None = None  # over all gemeenten (the default peildatum)


def fingerprint(folder: Path, root: Path | None = None) -> str:
    """The cache key of `folder`: a hash of its path and every file's content hash (`root` is
    unused; kept for callers of the former signature)."""
    folder = folder.resolve()
    parts = [FORMAT, str(folder)] + [f"{rel}\0{digest}" for rel, digest in cache_io.folder_identity(folder)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _dtypes(name: str) -> dict[str, str]:
    from sdmonitor.ingest.schemas import TABLES

    return {**{c.name: c.dtype for c in TABLES[name].columns}, "_file": "str", "_row": "int64"}


def _counts(dataset: Dataset, duck: dict) -> dict:
    meta: dict = {"rows": {}, "gemeenten": {}, "latest_ingediend_op": None}
    for name in HEAVY:
        if name in duck:
            from sdmonitor.ingest.cold import counts

            rows, per, latest = counts(duck[name][0], duck[name][1])
            meta["rows"][name], meta["gemeenten"][name] = rows, per
            if name == "declaraties":
                meta["latest_ingediend_op"] = latest
        elif dataset.has(name):
            frame = dataset[name]
            meta["rows"][name] = len(frame)
            meta["gemeenten"][name] = {str(k): int(v) for k, v in frame["gemeente"].value_counts().items()}
    if dataset.has("declaraties"):
        latest = dataset["declaraties"]["ingediend_op"].max()
        meta["latest_ingediend_op"] = None if pd.isna(latest) else pd.Timestamp(latest).date().isoformat()
    return meta


def _write_entry(entry: Path, dataset: Dataset, duck: dict | None = None) -> None:
    """Write `dataset` as a cache entry; `duck`: heavy tables checked in DuckDB, as table ->
    (connection, DuckTable), copied from there (`cold`) instead of from `dataset`."""
    duck = duck or {}
    entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=entry.parent))
    try:
        for name in HEAVY:
            if name in duck:
                from sdmonitor.ingest.cold import copy_parquet

                copy_parquet(duck[name][0], duck[name][1], temp / f"{name}.parquet", ROW_GROUP_SIZE)
            elif dataset.has(name):
                # Sorted by gemeente (stable): DuckDB then skips other municipalities' row groups.
                # `_order` keeps the input order, which the readers restore. Sorted by gemeente on
                # integer codes (a string sort of 10 M rows takes many seconds).
                frame = dataset[name]
                table = pa.Table.from_pandas(frame, preserve_index=False)
                table = table.append_column("_order", pa.array(np.arange(len(frame), dtype="int64")))
                codes, _ = pd.factorize(frame["gemeente"], sort=True)
                table = table.take(pa.array(np.argsort(codes, kind="stable")))
                pq.write_table(table, temp / f"{name}.parquet", row_group_size=ROW_GROUP_SIZE)
        (temp / "rest").mkdir()
        for name, frame in dataset.tables.items():
            if name not in HEAVY:
                pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), temp / "rest" / f"{name}.parquet")
        (temp / "dataset.json").write_text(json.dumps({
            "source": None if dataset.source is None else str(dataset.source),
            "files": {n: [str(f) for f in fs] for n, fs in dataset.files.items()},
            "hashes": dataset.hashes}), encoding="utf-8")
        (temp / "meta.json").write_text(json.dumps(_counts(dataset, duck)), encoding="utf-8")
        try:
            os.replace(temp, entry)
        except OSError:  # another command wrote the same entry first: theirs is as good
            shutil.rmtree(temp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _entry_path(root: Path, folder: Path) -> Path:
    """Where the cache under `root` keeps `folder` as it is now."""
    return root / "entries" / fingerprint(folder)


def _entry(folder: Path) -> Path | None:
    """The folder's cache entry, validated and written now if it does not exist yet; None with the
    cache off. Raises `InvalidDataError` (nothing cached) for invalid input. The heavy tables are
    checked and copied in DuckDB where possible (`cold`), the rest as `validation` does."""
    root = cache_io.cache_root()
    if root is None:
        return None
    entry = _entry_path(root, folder)
    if not (entry / "meta.json").is_file():
        with cache_io.entry_lock(entry):
            if not (entry / "meta.json").is_file():  # another command may have filled it meanwhile
                _fill(folder, entry, root)
    return entry


def _fill(folder: Path, entry: Path, root: Path) -> None:
    from sdmonitor.ingest.cold import checked

    shutil.rmtree(entry, ignore_errors=True)  # a partial or damaged entry: replaced as a whole
    with checked(folder, HEAVY, root / "work") as result:
        _write_entry(entry, result.dataset, {n: (result.con, t) for n, t in result.duck.items()})


def _read(folder: Path, gemeente: str | None) -> Dataset | None:
    """The entry of `folder` assembled (see `read_entry`)."""
    return read_entry(folder, lambda entry: _assemble(entry, gemeente))


def read_entry(folder: str | Path, read: Callable[[Path], T]) -> T | None:
    """`read(entry)` on the cache entry of `folder` (validated and written first if needed); None
    with the cache off. A damaged entry is said on stderr, rebuilt (under its lock) and read again."""
    folder = Path(folder)
    entry = _entry(folder)
    if entry is None:
        return None
    try:
        return read(entry)
    except Exception as exc:
        cache_io.say_damaged(entry, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        with cache_io.entry_lock(entry):
            _fill(folder, entry, entry.parent.parent)
        return read(entry)


def _read_heavy(entry: Path, name: str, gemeente: str | None) -> pd.DataFrame:
    import duckdb

    path = str(entry / f"{name}.parquet")
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")  # no unlabelled bars in a notebook's output
        query = ("SELECT * EXCLUDE (_order) FROM read_parquet(?)" + (" WHERE gemeente = ?" if gemeente else "")
                 + " ORDER BY _order")
        relation = con.sql(query, params=[path, gemeente] if gemeente else [path])
        # duckdb 2 names it to_arrow_table, duckdb 1.x arrow
        table = getattr(relation, "to_arrow_table", None) or relation.arrow
        table = table()
    finally:
        con.close()
    return typed_frame(table, name)


def typed_frame(table: pa.Table, name: str) -> pd.DataFrame:
    """Rows of heavy table `name` read from an entry (Arrow) as the typed pandas frame of `Dataset`
    (`split` cuts one read of every municipality into these: the same frame as a scoped read)."""
    frame = table.to_pandas()
    dtypes = _dtypes(name)
    return pd.DataFrame({c: frame[c].astype(dtypes[c]) for c in dtypes}).reset_index(drop=True)


def read_meta(entry: Path) -> dict:
    """The counts of an entry (`meta.json`: rows per table and gemeente, latest ingediend_op)."""
    return json.loads((entry / "meta.json").read_text(encoding="utf-8"))


def base_dataset(entry: Path) -> Dataset:
    """An entry's dataset without its heavy tables: the small tables, file lists and hashes."""
    info = json.loads((entry / "dataset.json").read_text(encoding="utf-8"))
    dataset = Dataset(source=None if info["source"] is None else Path(info["source"]),
                      files={n: [Path(f) for f in fs] for n, fs in info["files"].items()},
                      hashes=dict(info["hashes"]))
    dataset.tables = {p.stem: _read_rest(p) for p in sorted((entry / "rest").glob("*.parquet"))}
    return dataset


def with_tables(base: Dataset, heavy: dict[str, pd.DataFrame], scope: Scope | None) -> Dataset:
    """`base` (shared small tables) with `heavy` added, in the schema's table order."""
    tables = {**base.tables, **heavy}
    return Dataset(tables={n: tables[n] for n in _table_order() if n in tables}, source=base.source,
                   files=base.files, hashes=base.hashes, scope=scope)


def scope_of(meta: dict, gemeente: str) -> Scope:
    """What a dataset scoped to `gemeente` leaves out, from an entry's `meta.json`."""
    latest = meta["latest_ingediend_op"]
    return Scope(gemeente=gemeente, rows=dict(meta["rows"]),
                 other={n: meta["rows"][n] - meta["gemeenten"][n].get(gemeente, 0) for n in meta["rows"]},
                 gemeenten=dict(meta["gemeenten"].get("declaraties", {})),
                 latest_ingediend_op=date.fromisoformat(latest) if latest else None)


def _assemble(entry: Path, gemeente: str | None) -> Dataset:
    meta = read_meta(entry)
    base = base_dataset(entry)
    heavy = {name: _read_heavy(entry, name, gemeente) for name in HEAVY if (entry / f"{name}.parquet").is_file()}
    return with_tables(base, heavy, scope_of(meta, gemeente) if gemeente else None)


def _read_rest(path: Path) -> pd.DataFrame:
    """A small table back with exactly the dtypes validation gave it (the schema's, where known)."""
    frame = pq.read_table(path).to_pandas()
    dtypes = _dtypes(path.stem)
    return frame.astype({c: t for c, t in dtypes.items() if c in frame.columns})


def _table_order() -> list[str]:
    from sdmonitor.ingest.schemas import TABLES

    return list(TABLES)


def ensure(folder: str | Path) -> bool:
    """Validate and cache `folder` unless it is cached already; False when the cache is off.
    Raises `InvalidDataError` for invalid input."""
    return _entry(Path(folder)) is not None


def validated(folder: str | Path) -> bool:
    """Whether `folder` as it is now was validated and cached before (so reading it cannot refuse
    it); False with the cache off. Reads no table."""
    root = cache_io.cache_root()
    return root is not None and (_entry_path(root, Path(folder)) / "meta.json").is_file()


def cached_dataset(folder: str | Path) -> Dataset | None:
    """The whole validated dataset of `folder` from the cache (validated and cached on first use);
    None when the cache is off."""
    return _read(Path(folder), None)


def scoped_dataset(folder: str | Path, gemeente: str) -> Dataset | None:
    """The validated dataset of `folder` with only `gemeente`'s rows of the heavy tables (a DuckDB
    query on the cache); None when the cache is off."""
    return _read(Path(folder), gemeente.upper())


__all__ = ["HEAVY", "Scope", "base_dataset", "cached_dataset", "ensure", "fingerprint", "read_entry",
           "read_meta", "scope_of", "scoped_dataset", "typed_frame", "validated", "with_tables"]
