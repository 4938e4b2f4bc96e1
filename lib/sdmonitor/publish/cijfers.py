"""`cijfers.csv` (INTERFACE §4): every figure as the report publishes it, and the published
comparison with the previous edition (`wijzigingen.csv`).

Built only from `suppression.Published` (its `frame` columns indicator, periode, dimensie,
waarde, eenheid, tekst, verborgen), so the file cannot disagree with the report: `waarde` is
empty where the small-numbers rule hides a figure or where there is no figure (`geen_gegevens`),
`tekst` is the Dutch text the report prints. Indicators the registry marks `intern` (working
figures of the method) are left out. Both files may be opened in a spreadsheet, so text cells
that start like a formula are neutralised (OWASP "CSV injection"); numbers are left as they are.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from sdmonitor.figures.kpis import format_waarde
from sdmonitor.figures.rows import GEEN_GEGEVENS
from sdmonitor.publish.status_weergave import GEEN_GEGEVENS_TEKST
from sdmonitor.publish.suppression import Published
from sdmonitor.safe_output import write_atomically

COLUMNS = ["indicator", "periode", "dimensie", "waarde", "eenheid", "status", "tekst"]
WIJZIGINGEN_COLUMNS = ["indicator", "periode", "dimensie", "waarde_vorige", "waarde", "verschil", "status"]
KEY = ["indicator", "periode", "dimensie"]
# A spreadsheet runs a cell starting with one of these as a formula (tab and CR too, per OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Same tolerance as the exact comparison (`figures.wijzigingen`): only float noise is "unchanged".
TOLERANCE = 1e-12


def safe_text(value: object) -> str:
    """A text cell a spreadsheet will not run: a leading `=`, `+`, `-`, `@` (tab, CR) gets a `'`."""
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _intern_indicators(names: list[str]) -> set[str]:
    from sdmonitor.registry import registry

    reg = registry()
    return {n for n in names if (entry := reg.get(n)) is not None and entry.intern}


def cijfers(figures: pd.DataFrame, drempel: int = 5, published: Published | None = None) -> pd.DataFrame:
    """The published figure table (columns `COLUMNS`; `waarde` NaN where empty), in figure-table
    order. `published`: the same figures already marked (saves marking them twice)."""
    pub = published if published is not None else Published(figures, drempel)
    frame = pub.frame[["indicator", "periode", "dimensie", "waarde", "eenheid", "tekst", "verborgen"]].copy()
    if "status" in figures.columns:
        # Taken by key, not by position: Published may order or filter its rows.
        status = figures[KEY + ["status"]].copy()
        status["dimensie"] = status["dimensie"].fillna("").astype(str)
        status["periode"] = status["periode"].astype(str)
        status["status"] = status["status"].fillna("").astype(str)
        frame = frame.merge(status.drop_duplicates(KEY), on=KEY, how="left")
        frame["status"] = frame["status"].fillna("")
    else:
        frame["status"] = ""
    waarde = pd.to_numeric(frame["waarde"], errors="coerce").astype("float64")
    none = waarde.isna() | (frame["status"] == GEEN_GEGEVENS)
    hidden = frame["verborgen"].astype(bool) & ~none
    frame["tekst"] = frame["tekst"].astype(str).where(~none, GEEN_GEGEVENS_TEKST)
    frame["waarde"] = waarde.where(~(none | hidden))
    frame = frame[~frame["indicator"].isin(_intern_indicators(list(frame["indicator"].unique())))]
    for col in ("indicator", "periode", "dimensie", "eenheid", "status", "tekst"):
        frame[col] = frame[col].fillna("").astype(str)
    return frame[COLUMNS].reset_index(drop=True)


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_cijfers_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write `cijfers.csv` atomically: UTF-8, `,`, `.` decimal, full precision, `\\n`."""
    # Lists, not itertuples: iterating a text column element by element costs eight times as much.
    rows = [[safe_text(i), safe_text(p), safe_text(d), format_waarde(w), safe_text(e), safe_text(s), safe_text(t)]
            for i, p, d, w, e, s, t in zip(*(frame[c].tolist() for c in COLUMNS))]
    write_atomically(Path(path), _csv_bytes(COLUMNS, rows))


def read_cijfers_csv(path: Path) -> pd.DataFrame:
    """A `cijfers.csv` as written by `write_cijfers_csv` (texts stay text, `waarde` float)."""
    frame = pd.read_csv(path, dtype={c: "str" for c in COLUMNS if c != "waarde"}, keep_default_na=False,
                        na_values={"waarde": [""]})
    return frame[COLUMNS].astype({"waarde": "float64"})


def compare_published(vorige: pd.DataFrame, huidige: pd.DataFrame) -> pd.DataFrame:
    """Published figures present in both editions whose published value changed (`WIJZIGINGEN_COLUMNS`).

    Both sides are published values (`cijfers`): a figure hidden (or without a value) on one side
    gets an empty value on that side and an empty `verschil`, so a change inside a hidden cell is
    never shown as a number; hidden on both sides is no published change and no row. `status` is
    this edition's status of the figure."""
    old = vorige[KEY + ["waarde"]].rename(columns={"waarde": "waarde_vorige"})
    both = old.merge(huidige[KEY + ["waarde", "status"]], on=KEY, how="inner")
    a, b = both["waarde_vorige"].to_numpy(dtype="float64"), both["waarde"].to_numpy(dtype="float64")
    scale = np.maximum(np.maximum(np.abs(np.nan_to_num(a)), np.abs(np.nan_to_num(b))), 1.0)
    with np.errstate(invalid="ignore"):
        moved = np.abs(b - a) > TOLERANCE * scale
    changed = (np.isnan(a) != np.isnan(b)) | moved
    out = both.loc[changed].copy()
    out["verschil"] = out["waarde"] - out["waarde_vorige"]  # NaN when either side is empty
    return out[WIJZIGINGEN_COLUMNS].sort_values(KEY, kind="mergesort").reset_index(drop=True)


def write_published_changes(table: pd.DataFrame, path: Path) -> None:
    """Write the published `wijzigingen.csv` atomically (format as `cijfers.csv`)."""
    rows = [[safe_text(r.indicator), safe_text(r.periode), safe_text(r.dimensie), format_waarde(r.waarde_vorige),
             format_waarde(r.waarde), format_waarde(r.verschil), safe_text(r.status)]
            for r in table[WIJZIGINGEN_COLUMNS].itertuples(index=False)]
    write_atomically(Path(path), _csv_bytes(WIJZIGINGEN_COLUMNS, rows))


def previous_cijfers(folder: Path, drempel: int) -> pd.DataFrame | None:
    """The published figures of an earlier edition: its `cijfers.csv`, or (an edition written
    before `cijfers.csv` existed) computed from its exact `kpis.csv` with today's rule; None
    when the folder has neither."""
    from sdmonitor.edition_folder import CIJFERS, exact_figures
    from sdmonitor.figures.kpis import read_kpis_csv

    if (Path(folder) / CIJFERS).is_file():
        return read_cijfers_csv(Path(folder) / CIJFERS)
    exact = exact_figures(folder)
    return None if exact is None else cijfers(read_kpis_csv(exact), drempel)


__all__ = ["COLUMNS", "WIJZIGINGEN_COLUMNS", "cijfers", "compare_published", "previous_cijfers",
           "read_cijfers_csv", "safe_text", "write_cijfers_csv", "write_published_changes"]
