"""Columnar building blocks for the figure families: exact group sums and "first n per group" over a
whole lines table at once, so a figure is one pass over all its groups (wet, bouwsteen, jaar, and
`gemeente` when a table holds several municipalities) instead of a Python loop over small frames.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd


def fsum_by(frame: pd.DataFrame, keys: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """`columns` summed exactly (`math.fsum`) per `keys`: one row per group, sorted by the keys,
    groups with a missing key left out, keys as columns — what `groupby(keys).agg(math.fsum)`
    gives, without a pandas call per group. An exactly rounded sum does not depend on the order
    of the lines, so a figure does not change in its last digit when the input is reordered."""
    grouped = frame.groupby(list(keys), sort=True)
    codes = grouped.ngroup().fillna(-1).to_numpy(dtype="int64")  # NaN (-1): a missing key
    out = grouped.size().reset_index()[list(keys)]
    known = codes >= 0
    order = np.argsort(codes[known], kind="stable")
    ends = np.cumsum(np.bincount(codes[known], minlength=len(out)))
    starts = ends - np.bincount(codes[known], minlength=len(out))
    for column in columns:
        values = frame[column].to_numpy(dtype="float64")[known][order].tolist()
        out[column] = np.array([math.fsum(values[a:b]) for a, b in zip(starts.tolist(), ends.tolist())],
                               dtype="float64")
    return out


def first_n(frame: pd.DataFrame, keys: Sequence[str], by: str, n: int) -> pd.DataFrame:
    """The `n` rows with the largest `by` per group of `keys` (rows without `by` left out), as
    `nlargest(n)` per group gives them."""
    ordered = frame.loc[frame[by].notna()].sort_values(by, ascending=False, kind="mergesort")
    return ordered.loc[ordered.groupby(list(keys), sort=False).cumcount() < n]


def of_wet(values: pd.Series, wet: str) -> pd.Series:
    """The part of a Series keyed by (wet, ...) that belongs to one wet, without the wet level."""
    if len(values) and wet in set(values.index.get_level_values(0)):
        return values.xs(wet, level=0)
    return pd.Series(dtype="float64")


def sum_per_wet(frames: Mapping[str, pd.DataFrame], keys: list[str], column: str) -> pd.Series:
    """`column` summed per (wet, *keys), each wet on its own frame: pandas' group sum can differ in its
    last bit with the other rows of the frame (seen on the national data: a wet's kosten summed beside
    the other wet's lines), and the published figures are each wet's own sums."""
    return pd.concat({wet: frame.groupby(keys)[column].sum() for wet, frame in frames.items()}, names=["wet"])


def rows_of_every_wet(sel: Any, compute: Callable[[Any], pd.DataFrame]) -> pd.DataFrame:
    """`compute(sel)`, the figure rows of every wet at once, once per selection (shared)."""
    return sel.memo(("rows_of_every_wet", compute.__module__, compute.__name__), lambda: compute(sel))


def every_wet(compute: Callable[[Any], pd.DataFrame]) -> Callable[[Any, str], pd.DataFrame]:
    """`figure(sel, wet)` from a function that computes a figure's rows of every wet at once (grouped
    by wet): computed once per selection, the wet's own rows taken from it."""
    def figure(sel: Any, wet: str) -> pd.DataFrame:
        table = rows_of_every_wet(sel, compute)
        return table.loc[table["indicator"].str.startswith(f"{wet}.")].reset_index(drop=True)

    figure.__doc__ = compute.__doc__
    figure.__name__ = compute.__name__.lstrip("_")
    return figure


__all__ = ["every_wet", "first_n", "fsum_by", "of_wet", "rows_of_every_wet", "sum_per_wet"]
