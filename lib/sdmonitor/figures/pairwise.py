"""numpy's float64 sum of many short rows at once, to the bit (the stacked chain ladder, `ladder`).

`ndarray.sum()` of a 1-D float64 array adds pairwise, and below 128 values that is one unrolled
block: fewer than 8 values are added one after the other; otherwise eight running sums take every
eighth value of the first `n - n % 8`, are combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 +
r7)), and the last `n % 8` values are added one by one; the reduction starts from 0.0. A sum in a
different order can differ in the last bit, and a factor that differs in the last bit can move a
figure across a rounding edge: so the stacked sums follow that order exactly.
"""

from __future__ import annotations

import numpy as np

# numpy's pairwise sum splits arrays longer than this (PW_BLOCKSIZE): such rows are left to numpy.
MAX_COUNT = 128
_LANES = 8


def row_sums(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Per row i the sum numpy gives of `values[i, :counts[i]]` as one contiguous 1-D array
    (0.0 for a count of 0). `values`: (rows, width) float64."""
    values = np.asarray(values, dtype="float64")
    counts = np.asarray(counts, dtype="int64")
    rows, width = values.shape
    longer = np.flatnonzero(counts > MAX_COUNT)
    if longer.size:  # numpy's own sum, one by one (a window of more than ten years)
        out = row_sums(values[:, :MAX_COUNT], np.minimum(counts, MAX_COUNT))
        out[longer] = [np.ascontiguousarray(values[i, :counts[i]]).sum() for i in longer.tolist()]
        return out
    out = np.full(rows, -0.0)
    short = counts < _LANES
    for i in range(min(_LANES - 1, width)):
        out = np.where(short & (i < counts), out + values[:, i], out)
    long = np.flatnonzero(~short)
    if long.size:
        own, n = values[long], counts[long]
        blocks = n - n % _LANES
        lanes = own[:, :_LANES].copy()
        for i in range(_LANES, width - _LANES + 1, _LANES):
            lanes = np.where((i < blocks)[:, None], lanes + own[:, i:i + _LANES], lanes)
        r = lanes.T
        total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for t in range(_LANES - 1):
            at = blocks + t
            total = np.where(at < n, total + own[np.arange(long.size), np.minimum(at, width - 1)], total)
        out[long] = total
    return 0.0 + out


__all__ = ["MAX_COUNT", "row_sums"]
