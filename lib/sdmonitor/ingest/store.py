"""The validated input, cached as Parquet and queried with DuckDB (issue 12: speed and scale).

Reading and validating a national input folder (10 M declaration lines) takes minutes and
gigabytes; one municipality's edition needs a few hundred thousand of those lines. So:

- The first command on a folder validates it (`cold`: the heavy tables `declaraties` and
  `toewijzingen` checked in DuckDB and copied from there straight into the entry; the small ones,
  and any table with a problem, by `validation.validate_folder`, so every problem has the same
  messages, file, row, column and value) and stores the validated, typed result in a cache entry:
  the heavy tables as Parquet, the small tables pickled, plus the counts a scoped read needs
  (rows per gemeente, the latest ingediend_op). Invalid input is never cached: it is reported
  (exit 3) every time, as before.
- The entry is keyed by the content (SHA-256) of every file in the input folder and the folder's
  path. Hashing 150 MB on every command would cost more than the query, so a small index per
  folder remembers (path, size, mtime) → content hash; a file whose size or mtime changed is
  hashed again, and a changed hash is a new entry (the old one is no longer used).
- `scoped_dataset(folder, gemeente)` reads only that gemeente's rows of the heavy tables: a DuckDB
  query over the cached Parquet (`WHERE gemeente = ?`; the file is sorted by gemeente, so DuckDB
  skips the other municipalities' row groups). What was left out is recorded in
  `Dataset.scope` so `selection` reports the same reconciliation counts and default peildatum as
  on the whole dataset.

The cache lives outside the input folder (`config.cache_dir()`; `SDMONITOR_CACHE=off` disables
it); the input folder is only read. An entry is written to a temporary folder and renamed into
place, so a killed command never leaves half an entry; two commands racing both write, one wins.
Entries are private (0700): they hold the raw rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sdmonitor import config
from sdmonitor.ingest.typed import Dataset

HEAVY = ("declaraties", "toewijzingen")
ROW_GROUP_SIZE = 122_880
FORMAT = "2"  # bump when the layout of an entry changes: old entries are then ignored


@dataclass(frozen=True)
class Scope:
    """What a scoped dataset leaves out of the heavy tables (see `selection`)."""

    gemeente: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows in the whole input
    other: dict[str, int] = field(default_factory=dict)  # table -> rows of other gemeenten left out
    gemeenten: dict[str, int] = field(default_factory=dict)  # declaraties rows per gemeente
    latest_ingediend_op: date | None = None  # over all gemeenten (the default peildatum)


def _files(folder: Path) -> list[Path]:
    """Every file of the input folder (hidden ones excepted): any change invalidates the entry."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fingerprint(folder: Path, root: Path) -> str:
    """The cache key of `folder`: a hash of its path and every file's content hash. Content hashes
    are reused from the folder's index while a file's size and mtime are unchanged."""
    folder = folder.resolve()
    index_path = root / "index" / (hashlib.sha256(str(folder).encode()).hexdigest()[:24] + ".json")
    try:
        known = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    entries, parts = {}, [FORMAT, str(folder)]
    for path in _files(folder):
        rel = path.relative_to(folder).as_posix()
        st = path.stat()
        old = known.get(rel)
        digest = old[2] if old and old[0] == st.st_size and old[1] == st.st_mtime_ns else _sha256(path)
        entries[rel] = [st.st_size, st.st_mtime_ns, digest]
        parts.append(f"{rel}\0{digest}")
    if entries != known:
        _write_private(index_path, json.dumps(entries, sort_keys=True).encode())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


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
        rest = Dataset(tables={n: f for n, f in dataset.tables.items() if n not in HEAVY},
                       source=dataset.source, files=dataset.files, hashes=dataset.hashes)
        with open(temp / "rest.pkl", "wb") as fh:
            pickle.dump(rest, fh, protocol=pickle.HIGHEST_PROTOCOL)
        (temp / "meta.json").write_text(json.dumps(_counts(dataset, duck)), encoding="utf-8")
        try:
            os.replace(temp, entry)
        except OSError:  # another command wrote the same entry first: theirs is as good
            shutil.rmtree(temp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _entry(folder: Path) -> Path | None:
    """The folder's cache entry, validated and written now if it does not exist yet; None with the
    cache off. Raises `InvalidDataError` (nothing cached) for invalid input. The heavy tables are
    checked and copied in DuckDB where possible (`cold`), the rest as `validation` does."""
    root = config.cache_dir()
    if root is None:
        return None
    entry = root / "entries" / fingerprint(folder, root)
    if not (entry / "meta.json").is_file():
        from sdmonitor.ingest.cold import checked

        with checked(folder, HEAVY, root / "work") as result:
            _write_entry(entry, result.dataset, {n: (result.con, t) for n, t in result.duck.items()})
    return entry


def _read_heavy(entry: Path, name: str, gemeente: str | None) -> pd.DataFrame:
    import duckdb

    path = str(entry / f"{name}.parquet")
    con = duckdb.connect()
    try:
        query = ("SELECT * EXCLUDE (_order) FROM read_parquet(?)" + (" WHERE gemeente = ?" if gemeente else "")
                 + " ORDER BY _order")
        relation = con.sql(query, params=[path, gemeente] if gemeente else [path])
        # duckdb 2 names it to_arrow_table, duckdb 1.x arrow
        table = getattr(relation, "to_arrow_table", None) or relation.arrow
        table = table()
    finally:
        con.close()
    frame = table.to_pandas()
    dtypes = _dtypes(name)
    return pd.DataFrame({c: frame[c].astype(dtypes[c]) for c in dtypes}).reset_index(drop=True)


def _assemble(entry: Path, gemeente: str | None) -> Dataset:
    with open(entry / "rest.pkl", "rb") as fh:
        dataset: Dataset = pickle.load(fh)  # written by this user's own command (0700 folder)
    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    tables = dict(dataset.tables)
    for name in HEAVY:
        if (entry / f"{name}.parquet").is_file():
            tables[name] = _read_heavy(entry, name, gemeente)
    order = [n for n in _table_order() if n in tables]
    dataset.tables = {n: tables[n] for n in order}
    if gemeente:
        latest = meta["latest_ingediend_op"]
        dataset.scope = Scope(
            gemeente=gemeente, rows=dict(meta["rows"]),
            other={n: meta["rows"][n] - meta["gemeenten"][n].get(gemeente, 0) for n in meta["rows"]},
            gemeenten=dict(meta["gemeenten"].get("declaraties", {})),
            latest_ingediend_op=date.fromisoformat(latest) if latest else None)
    return dataset


def _table_order() -> list[str]:
    from sdmonitor.ingest.schemas import TABLES

    return list(TABLES)


def ensure(folder: str | Path) -> bool:
    """Validate and cache `folder` unless it is cached already; False when the cache is off.
    Raises `InvalidDataError` for invalid input."""
    return _entry(Path(folder)) is not None


def cached_dataset(folder: str | Path) -> Dataset | None:
    """The whole validated dataset of `folder` from the cache (validated and cached on first use);
    None when the cache is off."""
    entry = _entry(Path(folder))
    return None if entry is None else _assemble(entry, None)


def scoped_dataset(folder: str | Path, gemeente: str) -> Dataset | None:
    """The validated dataset of `folder` with only `gemeente`'s rows of the heavy tables (a DuckDB
    query on the cache); None when the cache is off."""
    entry = _entry(Path(folder))
    return None if entry is None else _assemble(entry, gemeente.upper())


__all__ = ["HEAVY", "Scope", "cached_dataset", "ensure", "fingerprint", "scoped_dataset"]
