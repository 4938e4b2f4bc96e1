"""Results memoised per input frame, for as long as that frame lives.

One edition's lines are reduced for the lag method by the prognosis, its backtest, its interval
and the interval's edition type (`prognose.reduce`), and aged at the same cuts by several of
them. Each caller takes plain frames, so the shared work is keyed on the frame object itself: a
frame a figure is computed from is never changed in place (as `Selection.memo` requires), and
the entry goes when the frame does (a weak reference, never a stale hit on a reused `id`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_MEMOS: dict[int, tuple[weakref.ref[Any], dict[Hashable, Any]]] = {}


def per_frame(frame: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per (`frame` object, `key`); the same result while `frame` lives. The
    result is shared: callers must not change it in place."""
    entry = _MEMOS.get(id(frame))
    if entry is None or entry[0]() is not frame:
        entry = (weakref.ref(frame, _forget(id(frame))), {})
        _MEMOS[id(frame)] = entry
    memo = entry[1]
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _forget(ident: int) -> Callable[[weakref.ref[Any]], None]:
    def forget(ref: weakref.ref[Any]) -> None:
        if ident in _MEMOS and _MEMOS[ident][0] is ref:
            del _MEMOS[ident]
    return forget


__all__ = ["per_frame"]
