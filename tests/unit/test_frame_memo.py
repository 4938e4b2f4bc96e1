"""Tests for sdmonitor.figures.frame_memo: a result per frame object and key, gone with the frame."""

from __future__ import annotations

import gc

import pandas as pd

from sdmonitor.figures import frame_memo


def test_a_result_is_computed_once_per_frame_and_key():
    calls: list[str] = []

    def compute(label: str) -> str:
        calls.append(label)
        return label

    frame = pd.DataFrame({"bedrag": [1.0, 2.0]})
    twin = frame.copy()  # equal values, another frame: its own entry
    assert frame_memo.per_frame(frame, "a", lambda: compute("a")) == "a"
    assert frame_memo.per_frame(frame, "a", lambda: compute("again")) == "a"
    assert frame_memo.per_frame(frame, "b", lambda: compute("b")) == "b"
    assert frame_memo.per_frame(twin, "a", lambda: compute("twin")) == "twin"
    assert calls == ["a", "b", "twin"]


def test_the_entry_goes_with_its_frame():
    frame = pd.DataFrame({"bedrag": [1.0]})
    ident = id(frame)
    frame_memo.per_frame(frame, "a", lambda: 1)
    assert ident in frame_memo._MEMOS
    del frame
    gc.collect()
    assert ident not in frame_memo._MEMOS
