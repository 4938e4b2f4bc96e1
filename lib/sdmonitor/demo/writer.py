"""Byte-stable CSV output: fixed column order, sorted rows, fixed number formats, `\\n` endings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def _text(col: pd.Series, decimals: int | None) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(col):
        return col.dt.strftime("%Y-%m-%d").fillna("")
    if pd.api.types.is_bool_dtype(col):
        return col.map({True: "true", False: "false"})
    if pd.api.types.is_float_dtype(col):
        fmt = f"{{:.{2 if decimals is None else decimals}f}}"
        out = col.map(lambda x: "" if pd.isna(x) else fmt.format(x))
        return out.str.replace(r"^-(0\.0*)$", r"\1", regex=True)  # no "-0.00"
    if pd.api.types.is_integer_dtype(col):
        return col.astype("Int64").astype("string").fillna("")
    return col.astype("string").fillna("")


def write_csv(df: pd.DataFrame, path: Path, columns: list[str], sort_by: list[str],
              decimals: dict[str, int] | None = None) -> None:
    """Write `df[columns]` sorted by `sort_by` (stable) as UTF-8, `,`-separated, `.` decimal."""
    decimals = decimals or {}
    df = df.sort_values(sort_by, kind="mergesort").reset_index(drop=True)
    text = pd.DataFrame({c: _text(df[c], decimals.get(c)) for c in columns})
    path.parent.mkdir(parents=True, exist_ok=True)
    text.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")

