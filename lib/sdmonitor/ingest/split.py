"""Many municipalities' input in one read (issue 25: `sdmonitor kpis --gemeente ALL`).

`store.scoped_dataset` reads one municipality's rows of the heavy tables with a DuckDB query of
its own; for every municipality of the country that is 342 queries over the same Parquet. Here
each heavy table of the validated-input cache is read once (one DuckDB query, ordered by gemeente
and then by the input order, as Arrow) and cut into one contiguous slice per municipality. A
slice becomes exactly the frame a scoped read gives (`store.typed_frame`, `store.scope_of`), only
when that municipality's figures are computed, so the whole table never becomes a pandas frame.

The Arrow buffers are not touched by Python's reference counting, so worker processes forked
after the read share them with the parent instead of copying them.

With the cache off (`SDMONITOR_CACHE=off`) there is no entry to slice: every municipality gets
the whole validated dataset, exactly as `load_dataset(folder, gemeente=…)` hands it out then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from sdmonitor.ingest import store
from sdmonitor.ingest.typed import Dataset


@dataclass
class Split:
    """Heavy tables sorted by gemeente (`heavy`), each municipality's rows at `bounds[table][code]`
    = (first row, number of rows); `base` holds the small tables every slice shares. Without
    `meta` (cache off) `base` is the whole dataset and is handed out as it is."""

    base: Dataset
    meta: dict | None = None
    heavy: dict[str, pa.Table] = field(default_factory=dict)
    bounds: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def gemeenten(self) -> list[str]:
        """The municipalities with declaraties in the input, sorted by code."""
        if self.meta is not None:
            return sorted(self.meta["gemeenten"].get("declaraties", {}))
        if not self.base.has("declaraties"):
            return []
        return sorted(str(c) for c in self.base["declaraties"]["gemeente"].dropna().unique())

    def sizes(self) -> dict[str, int]:
        """Declaraties rows per municipality (for handing out the largest first)."""
        if self.meta is not None:
            return {str(k): int(v) for k, v in self.meta["gemeenten"].get("declaraties", {}).items()}
        if not self.base.has("declaraties"):
            return {}
        return {str(k): int(v) for k, v in self.base["declaraties"]["gemeente"].value_counts().items()}

    def dataset(self, gemeente: str) -> Dataset:
        """What `load_dataset(folder, gemeente=gemeente)` gives: the municipality's rows of the heavy
        tables (in input order) and the counts of what was left out."""
        if self.meta is None:
            return self.base
        code = gemeente.upper()
        heavy = {}
        for name, table in self.heavy.items():
            start, length = self.bounds[name].get(code, (0, 0))
            heavy[name] = store.typed_frame(table.slice(start, length), name)
        return store.with_tables(self.base, heavy, store.scope_of(self.meta, code))


def _sorted_table(entry: Path, name: str, gemeenten: list[str] | None) -> tuple[pa.Table, dict[str, tuple[int, int]]]:
    """One heavy table of an entry (the wanted municipalities, or all) ordered by gemeente and input
    order, and where each municipality's rows are."""
    import duckdb

    path = str(entry / f"{name}.parquet")
    where = " WHERE gemeente IN (SELECT unnest(?::VARCHAR[]))" if gemeenten is not None else ""
    params: list[object] = [path] + ([gemeenten] if gemeenten is not None else [])
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        counts = con.execute(f"SELECT gemeente, count(*) FROM read_parquet(?){where} GROUP BY gemeente "
                             "ORDER BY gemeente", params).fetchall()
        relation = con.sql(f"SELECT * EXCLUDE (_order) FROM read_parquet(?){where} ORDER BY gemeente, _order",
                           params=params)
        to_arrow = getattr(relation, "to_arrow_table", None) or relation.arrow  # duckdb 2 / 1.x
        table = to_arrow()
    finally:
        con.close()
    bounds, start = {}, 0
    for code, n in counts:
        bounds[str(code)] = (start, int(n))
        start += int(n)
    if start != table.num_rows:  # the counts and the rows come from the same file and filter
        raise ValueError(f"{name}: {table.num_rows} rijen gelezen, {start} geteld")
    return table, bounds


def read_split(folder: str | Path, gemeenten: list[str] | None = None) -> Split:
    """The validated input of `folder` (validated and cached first if needed; `InvalidDataError`
    for invalid input), with the heavy tables read once for `gemeenten` (codes; None: all)."""
    wanted = None if gemeenten is None else sorted({g.upper() for g in gemeenten})

    def read(entry: Path) -> Split:
        split = Split(base=store.base_dataset(entry), meta=store.read_meta(entry))
        for name in store.HEAVY:
            if (entry / f"{name}.parquet").is_file():
                split.heavy[name], split.bounds[name] = _sorted_table(entry, name, wanted)
        return split

    found = store.read_entry(folder, read)
    if found is not None:
        return found
    from sdmonitor.ingest.validation import validated_dataset

    return Split(base=validated_dataset(Path(folder)))


def municipalities(folder: str | Path) -> list[str]:
    """The municipalities with declaraties in the (validated) input of `folder`, without reading
    the heavy tables when the cache holds their counts."""
    found = store.read_entry(folder, lambda entry: sorted(store.read_meta(entry)["gemeenten"].get("declaraties", {})))
    if found is not None:
        return [str(c) for c in found]
    return read_split(folder).gemeenten()


__all__ = ["Split", "municipalities", "read_split"]
