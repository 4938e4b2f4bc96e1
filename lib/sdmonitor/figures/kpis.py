"""The figure table (`kpis.csv`, INTERFACE.md §3): assembled from the figure modules, written exactly.

Every figure function returns rows in the shape `indicator, periode, dimensie, waarde, eenheid`
built with `rows.rows(...)`, so the report and `kpis.csv` show the very same numbers; `figure_table`
then gives every row its `status` (`figures.status`, one rule) and adds the report grid's rows a
source does not cover (`geen_gegevens`, `waarde` empty).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from sdmonitor import forked
from sdmonitor.figures import (
    aanvullende_tabellen,
    begrotingsregels,
    berichtenkwaliteit,
    contractering,
    doorlooptijden,
    hoge_kosten,
    nowcast,
    prognose_figures,
    prognose_interval,
    toegang,
    toewijzingen,
    trajecten,
    uitnutting,
    vergrijzing,
    zorggebruik,
)
from sdmonitor.figures.rows import COLUMNS, VALUE_COLUMNS, combine
from sdmonitor.figures.status import apply_status
from sdmonitor.ingest.dataset import Dataset
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

# The figure families in the order `figure_table` computes them (a later family may reuse what an
# earlier one memoised on the selection, e.g. the netted cells).
FAMILIES = (zorggebruik, toegang, prognose_figures, toewijzingen, nowcast, prognose_interval, contractering,
            begrotingsregels, uitnutting, vergrijzing, aanvullende_tabellen, doorlooptijden, berichtenkwaliteit,
            hoge_kosten, trajecten)
# With two cores (`figure_table(lanes=2)`) the calling process takes families from the front of
# this order and a forked child from the back, until they meet (`forked.Ends`): the prognosis, its
# interval and the nowcast share the reduced lines and their forecasts (`frame_memo`), the families
# at the back the netted cells, so each lane computes what it shares once; where the lanes meet
# depends on the municipality (the demo's Wijchen: the cells' families weigh most; a small
# national one: the prognosis).
LANE_ORDER = (prognose_interval, prognose_figures, nowcast, toewijzingen, toegang, begrotingsregels, vergrijzing,
              aanvullende_tabellen, berichtenkwaliteit, doorlooptijden, contractering, uitnutting, hoge_kosten,
              trajecten, zorggebruik)


def figure_table(selection, lanes: int = 1) -> pd.DataFrame:
    """Every figure of one Selection (zorggebruik, toegang, prognose, toewijzingen, contractering, ...)
    with its `status`. Raises `status.UndeclaredIndicatorError` for an indicator missing from the
    registry: a figure without a declaration has no defined status, suppression or label.

    `lanes=2`: the families in two processes (`LANE_ORDER`: here and in a forked child), the
    same table. Only for a command's own process: not inside a Jupyter kernel or a forked worker."""
    return apply_status(combine(_family_rows(selection, lanes)), selection)


def command_lanes() -> int:
    """Lanes for a command's own figure table (`run`, `kpis` of one municipality): 2 when this
    process may use two cores, else 1."""
    return min(2, forked.cores())


def _family_rows(selection, lanes: int) -> list[pd.DataFrame]:
    """Every family's rows, in the order of `FAMILIES` (so `combine` sees them as computed one by one)."""
    if lanes >= 2:
        try:
            return _in_two_lanes(selection)
        except Exception:
            # One by one instead (the child is stopped by then): the error raised, a family's or
            # the child's lost, is then the one the first failing family raises, as with one lane.
            pass
    return [family.figure_rows(selection) for family in FAMILIES]


def _in_two_lanes(selection) -> list[pd.DataFrame]:
    ends = forked.Ends(len(LANE_ORDER))

    def take(next_position: Callable[[], int | None]) -> dict[int, pd.DataFrame]:
        done = {}
        while (position := next_position()) is not None:
            done[position] = LANE_ORDER[position].figure_rows(selection)
        return done

    with forked.Beside(lambda: take(ends.back)) as beside:
        by_position = take(ends.front) | beside.result()
    by_family = {LANE_ORDER[position]: rows for position, rows in by_position.items()}
    return [by_family[family] for family in FAMILIES]


def compute_kpis(dataset: Dataset, gemeente: Gemeente, periode: Periode, peildatum: date | None = None) -> pd.DataFrame:
    """The figure table of INTERFACE §3 for one gemeente, periode and peildatum."""
    from sdmonitor.ingest.selection import select

    return figure_table(select(dataset, gemeente, periode, peildatum))


def format_waarde(value: Any) -> str:
    """Exact, locale-free text of a figure: integers without `.0`, other floats as `repr` (round-trips).

    `value` is a frame's cell (a number, None or NaN): pandas types a cell as any scalar."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    if math.isfinite(value) and value == math.floor(value) and abs(value) < 2**63:
        return str(int(value))
    return repr(value)


def write_kpis_csv(table: pd.DataFrame, path: Path) -> bytes:
    """Write the figure table: exactly the contract's columns, UTF-8, `,`, `.`, full precision, `\\n`.
    Returns the bytes written (a command that also keeps them in the edition cache writes them as they are)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    status = table["status"] if "status" in table.columns else pd.Series("", index=table.index)
    # Lists, not the columns: iterating a text column element by element costs eight times as much.
    for ind, per, dim, val, een, st in zip(*(table[c].tolist() for c in VALUE_COLUMNS), status.tolist()):
        writer.writerow([ind, per, "" if pd.isna(dim) else dim, format_waarde(val), een,
                         "" if pd.isna(st) else st])
    from sdmonitor.safe_output import write_atomically

    data = buffer.getvalue().encode("utf-8")
    write_atomically(Path(path), data)  # never a half-written file
    return data


def read_kpis_csv(path: Path | str) -> pd.DataFrame:
    """A `kpis.csv` as `write_kpis_csv` wrote it: codes and periodes stay text, empty dimensie is "",
    empty waarde is NaN. An older file without `status` (before INTERFACE §3 had it, e.g. a previous
    edition for `run --vorige`) reads with status "" (unknown), so comparisons keep working."""
    frame = pd.read_csv(path, dtype={"indicator": "str", "periode": "str", "dimensie": "str", "eenheid": "str",
                                     "status": "str"},
                        keep_default_na=False, na_values={"waarde": [""]})
    frame["waarde"] = frame["waarde"].astype("float64")
    if "status" not in frame.columns:
        frame["status"] = pd.Series("", index=frame.index, dtype="str")
    return frame[COLUMNS]


__all__ = ["FAMILIES", "LANE_ORDER", "command_lanes", "compute_kpis", "figure_table", "format_waarde", "read_kpis_csv",
           "write_kpis_csv"]
