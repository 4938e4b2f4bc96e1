"""Grouped sums over many segments (backtest origins, years, begrotingsposten) in one pass, to
the bit equal to one `groupby(keys).sum()` per segment.

pandas sums a group in one of two ways: with `numpy.add.reduceat` when the group ids of the
*whole* frame are sorted and no value is NaN, else with a compensated (Kahan) sum. The two can
differ in the last bit. Stacking segments into one frame would let one segment's order or NaN
decide how another is summed, so the segments are split by how pandas would have summed each on
its own, and each part is summed in one grouped pass: a part of sorted, NaN-free segments is
itself sorted and NaN-free (reduceat per group, as alone), the other part is not (Kahan per
group, as alone). Within a segment the rows keep their order, so every sum adds the same values
in the same order.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def segment_sums(frame: pd.DataFrame, segment: list[str], keys: list[str], columns: str | list[str]) -> pd.DataFrame:
    """`frame.groupby(keys, sort=True)[columns].sum()` of every segment (the rows with one value of
    `segment`) as columns `segment + keys + columns`, sorted by segment and keys. Rows with a
    missing key belong to no group (as in `groupby`). `columns` one name: summed as a Series."""
    values = [columns] if isinstance(columns, str) else list(columns)
    out_columns = [*segment, *keys, *values]
    known = frame[segment + keys].notna().all(axis=1).to_numpy()
    frame = frame[out_columns] if known.all() else frame.loc[known, out_columns]
    if frame.empty:
        return frame.reset_index(drop=True)
    seg = _codes(frame, segment)
    if (np.diff(seg) < 0).any():
        order = np.argsort(seg, kind="stable")
        frame, seg = frame.iloc[order], seg[order]
    # A segment is unsorted where a row's key comes before the previous row's (lexicographically).
    same, earlier = seg[1:] == seg[:-1], np.zeros(len(seg) - 1, dtype=bool)
    for key in keys:
        code = _order(frame[key])
        earlier |= same & (code[1:] < code[:-1])
        same &= code[1:] == code[:-1]
    unsorted = np.zeros(seg.max() + 1, dtype=bool)
    unsorted[seg[1:][earlier]] = True
    with_nan = np.zeros(seg.max() + 1, dtype=bool)
    with_nan[seg[frame[values].isna().any(axis=1).to_numpy()]] = True
    fast = ~(unsorted | with_nan)[seg]
    subsets = [frame] if fast.all() or not fast.any() else [frame.loc[fast], frame.loc[~fast]]
    parts = [_grouped_sums(own, [*segment, *keys], columns) for own in subsets]
    out = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True).sort_values(
        [*segment, *keys], kind="stable", ignore_index=True)
    return out[out_columns]


def _grouped_sums(frame: pd.DataFrame, by: list[str], columns: str | list[str]) -> pd.DataFrame:
    """`frame.groupby(by, sort=True)[columns].sum().reset_index()`. Integer keys are grouped as one
    number that sorts as their tuples do: the same groups in the same order, each summed over the
    same rows in the same order and the same way (pandas takes reduceat when the group numbers of
    the rows are sorted, which they are exactly when the tuples are), with one key instead of
    several to factorise and combine (the chain ladder's sums per cut and cell)."""
    dtypes = [d for d in (frame[c].dtype for c in by) if isinstance(d, np.dtype) and d.kind in "iu"]
    numbered = len(by) > 1 and len(dtypes) == len(by)
    lows = [int(frame[c].min()) for c in by] if numbered else []
    spans = [int(frame[c].max()) - low + 1 for c, low in zip(by, lows)]
    if not numbered or math.prod(spans) >= 2 ** 62:
        return frame.groupby(by, sort=True)[columns].sum().reset_index()
    number = np.zeros(len(frame), dtype="int64")
    for c, low, span in zip(by, lows, spans):
        number = number * span + (frame[c].to_numpy(dtype="int64") - low)
    summed = frame[columns].groupby(number, sort=True).sum()
    group = summed.index.to_numpy(dtype="int64")
    out: dict[str, np.ndarray] = {}
    for c, dtype, low, span in reversed(list(zip(by, dtypes, lows, spans))):
        out[c] = (group % span + low).astype(dtype)
        group = group // span
    values = {columns: summed.to_numpy()} if isinstance(columns, str) else {c: summed[c].to_numpy() for c in columns}
    return pd.DataFrame({**{c: out[c] for c in by}, **values})


def _order(values: pd.Series) -> np.ndarray:
    """Numbers that order the rows as their values sort (integers as they are)."""
    if values.dtype.kind in "iu":
        return values.to_numpy()
    return pd.factorize(values, sort=True)[0]


def _codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row, in the sorted order of the rows' values of `columns`."""
    if len(columns) == 1 and frame[columns[0]].dtype.kind in "iu":
        values = frame[columns[0]].to_numpy()
        if values.min() >= 0 and values.max() < 1_000_000:  # small numbers index an array as they are
            return values.astype("int64", copy=False)
    out = np.zeros(len(frame), dtype="int64")
    for column in columns:
        code, uniques = pd.factorize(frame[column], sort=True)
        out = out * len(uniques) + code
    return out


__all__ = ["segment_sums"]
