"""Where an edition's inputs come from: the data folder, and the input's benchmark rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdmonitor import config


def benchmark_rows(dataset) -> pd.DataFrame | None:
    """The input's `benchmark` rows (gebied, indicator, periode, dimensie, waarde), or None."""
    if not dataset.has("benchmark"):
        return None
    bench = dataset["benchmark"]
    return pd.DataFrame({"gebied": bench["gebied"].astype(str), "indicator": bench["indicator"].astype(str),
                         "periode": bench["periode"].astype(str), "dimensie": bench["dimensie"].fillna("").astype(str),
                         "waarde": bench["waarde"].astype("float64")})


def data_folder(data: str | Path | None) -> Path:
    """The input folder `data` (relative to where the kernel runs: in JupyterLab that is the
    notebook's folder), else the project's demo data; `UsageError` when there is no folder."""
    from sdmonitor.errors import UsageError

    folder = Path(data).expanduser() if data else config.demo_data_dir()
    if not folder.is_dir():
        raise UsageError(f"datamap '{folder.resolve()}' bestaat niet of is geen map")
    return folder.resolve()


__all__ = ["benchmark_rows", "data_folder"]
