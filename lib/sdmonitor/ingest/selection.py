"""Gemeente / periode / peildatum cut-offs, with reconciliation counts (INTERFACE.md §1).

One `Selection` is what every figure function reads. The cut-offs, and why:

- `declaraties`: the gemeente's lines with `ingediend_op` <= peildatum (what was known on the
  peildatum) and service month <= periode (what the edition reports on). Lines with a service
  month before January Y-3 are kept: the prognosis needs the history. Lines without an
  `ingediend_op` are treated as known.
- `meldingen` aangemeld after the end of the periode month and `klachten_bezwaren` received after
  it are outside every report window, so they are dropped here (and counted). Other dates
  (keukentafel_op, afgesloten_op) after the periode stay in the table: a melding aangemeld before
  the periode end still counts as a melding and as waiting, only its later events fall outside
  the window; the figure functions count events up to the periode end only.
- Every other table is only cut to the gemeente. `bevolking` keeps the national rows (`NL01`),
  `benchmark` and `producten` are kept whole (they compare with, or describe, everyone).
- The peildatum only cuts declaraties, as the contract says.

The command line (`kpis`, `run`) first calls `check_edition`, which refuses (exit 3) an edition
the data cannot describe, instead of a report full of zeros: a gemeente without declaraties (the
message lists the codes that do occur), a periode before the gemeente's first service month, and a
periode after the month of the peildatum (no declaration can be about a month that was still to
come when it was submitted).

`reconciliation` lists, per table, the rows read, the rows used and the rows excluded per reason,
so that `gelezen == gebruikt + sum(excluded)` for every table. For declaraties one more row,
"waarvan verrekend", says how many of the used lines net to no delivered care (a debit and its
credit): they are part of "gebruikt", not an exclusion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

import pandas as pd

from sdmonitor.errors import InvalidDataError
from sdmonitor.ingest import netting
from sdmonitor.ingest.dataset import Dataset
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

T = TypeVar("T")

NATIONAAL = "NL01"
READ = "gelezen"
USED = "gebruikt"
OTHER_GEMEENTE = "andere gemeente"
AFTER_PEILDATUM = "ingediend na peildatum"
AFTER_PERIODE = "dienstmaand na periode"
AANGEMELD_AFTER_PERIODE = "aangemeld na periode"
ONTVANGEN_AFTER_PERIODE = "ontvangen na periode"
# Not an exclusion but a part of "gebruikt": lines whose cell nets to no delivered care (a debit
# cancelled by its credit). They count in kosten, not in clienten.
NETTED = "waarvan verrekend"

# Tables kept whole: they carry no `gemeente` column of their own.
_WHOLE = ("producten", "benchmark")
# Event tables whose rows start after the periode end are outside every report window.
_EVENT_DATE = {
    "meldingen": ("aangemeld_op", AANGEMELD_AFTER_PERIODE),
    "klachten_bezwaren": ("ontvangen_op", ONTVANGEN_AFTER_PERIODE),
}


@dataclass(frozen=True)
class Selection:
    """The data of one edition: one gemeente, one periode, one peildatum."""

    gemeente: Gemeente
    periode: Periode
    peildatum: date
    lines: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    reconciliation: pd.DataFrame
    dataset: Dataset
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """`compute()` once per selection (a derived table several figures start from). The result
        is shared: callers must not change it in place."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def cells(self) -> pd.DataFrame:
        """`netting.cells` of all lines, computed once: every client figure starts from them, and
        a cell lies within one wet and one month, so a figure's cells are a filter of these."""
        return self.memo("cells", lambda: netting.cells(self.lines))

    def has(self, table: str) -> bool:
        """Whether the (optional) table exists in the input."""
        return table in self.tables


def default_peildatum(dataset: Dataset, periode: Periode | None = None) -> date:
    """The latest `ingediend_op` in declaraties (whole file, all gemeenten).

    Without any dated line the end of the periode month is the only sensible date.
    """
    scope = getattr(dataset, "scope", None)
    if scope is not None and scope.latest_ingediend_op is not None:
        return scope.latest_ingediend_op  # over every gemeente, as on the whole input
    if dataset.has("declaraties"):
        latest = dataset["declaraties"]["ingediend_op"].max()
        if pd.notna(latest):
            return pd.Timestamp(latest).date()
    if periode is None:
        raise ValueError("geen peildatum: declaraties heeft geen ingediend_op")
    return periode.end


def periode_end(periode: Periode) -> pd.Timestamp:
    """The first moment after the periode month (exclusive upper bound for dates)."""
    return pd.Timestamp(periode.jaar, periode.maand, 1) + pd.offsets.MonthBegin(1)


def _exclusions(frame: pd.DataFrame, masks: list[tuple[str, pd.Series]]) -> tuple[pd.Series, list[tuple[str, int]]]:
    """Apply exclusion masks in order; each row counts under the first reason that excludes it."""
    keep = pd.Series(True, index=frame.index)
    counts = []
    for reason, excluded in masks:
        hit = keep & excluded.fillna(False).astype(bool)
        counts.append((reason, int(hit.sum())))
        keep &= ~hit
    return keep, counts


def _left_out(dataset: Dataset, table: str) -> int:
    """Rows of other gemeenten a scoped dataset (`store.scoped_dataset`) did not load."""
    scope = getattr(dataset, "scope", None)
    return int(scope.other.get(table, 0)) if scope is not None else 0


def _with_left_out(dataset: Dataset, table: str, read: int,
                   counts: list[tuple[str, int]]) -> tuple[int, list[tuple[str, int]]]:
    extra = _left_out(dataset, table)
    return read + extra, [(r, n + extra if r == OTHER_GEMEENTE else n) for r, n in counts]


def _reconciliation_rows(table: str, read: int, used: int, counts: list[tuple[str, int]]) -> list[dict]:
    out = [{"tabel": table, "reden": READ, "rijen": read}, {"tabel": table, "reden": USED, "rijen": used}]
    out += [{"tabel": table, "reden": reason, "rijen": n} for reason, n in counts]
    return out


def netted_lines(lines: pd.DataFrame) -> int:
    """How many lines sit in a cell whose net volume is not positive (netted away by a credit line)."""
    if lines.empty:
        return 0
    return int((~netting.delivered(netting.net_volume_per_line(lines))).sum())


def found_codes(counts: pd.Series, code: str, limit: int = 10) -> str:
    """The municipalities the data does hold, for the message about one it does not: all of them
    when few, else the `limit` codes nearest to the one asked (a typo is usually a digit off) and
    how many more — a national file would otherwise print 342 codes."""
    if counts.empty:
        return "geen"
    shown = counts
    if len(counts) > limit:
        asked = int(code[2:]) if code[2:].isdigit() else 0
        distance = pd.Series([abs(int(c[2:]) - asked) if str(c)[2:].isdigit() else 10**9 for c in counts.index],
                             index=counts.index)
        shown = counts.loc[distance.sort_values(kind="stable").index[:limit]].sort_index()
    text = ", ".join(f"{c} ({n} rijen)" for c, n in shown.items())
    rest = len(counts) - len(shown)
    return text + (f" en {rest} andere gemeenten" if rest else "")


def check_edition(dataset: Dataset, gemeente: Gemeente, periode: Periode, peildatum: date) -> None:
    """Raise `InvalidDataError` when the data holds nothing to report for this edition."""
    decl = dataset["declaraties"]
    code = gemeente.code.upper()
    own = decl[decl["gemeente"] == code]
    if own.empty:
        scope = getattr(dataset, "scope", None)
        counts = (pd.Series(scope.gemeenten, dtype="int64") if scope is not None
                  else decl["gemeente"].value_counts()).sort_index()
        raise InvalidDataError(
            f"gemeente {code} komt niet voor in declaraties; wel gevonden: {found_codes(counts, code)}. "
            "Controleer --gemeente en de cbs_code in parameters/")
    first = own["periode_begin"].min().to_period("M")
    asked = pd.Period(str(periode), freq="M")
    if asked < first:
        raise InvalidDataError(
            f"periode {periode} ligt vóór de eerste zorgmaand in declaraties van {code} "
            f"({first}); er is niets over te rapporteren")
    if asked > pd.Period(pd.Timestamp(peildatum), freq="M"):
        raise InvalidDataError(
            f"periode {periode} ligt na de peildatum {peildatum.isoformat()}: over zorg in die maand "
            "kan nog niets gedeclareerd zijn. Kies een eerdere periode of een latere peildatum")


def select(dataset: Dataset, gemeente: Gemeente, periode: Periode, peildatum: date | None = None) -> Selection:
    """Cut the dataset to one edition of the monitor (see module docstring for every rule)."""
    if peildatum is None:
        peildatum = default_peildatum(dataset, periode)
    code = gemeente.code.upper()
    end = periode_end(periode)
    recon: list[dict] = []

    decl = dataset["declaraties"]
    keep, counts = _exclusions(decl, [
        (OTHER_GEMEENTE, decl["gemeente"] != code),
        (AFTER_PEILDATUM, decl["ingediend_op"] > pd.Timestamp(peildatum)),
        (AFTER_PERIODE, decl["periode_begin"] >= end),
    ])
    used = decl.loc[keep]
    read, counts = _with_left_out(dataset, "declaraties", len(decl), counts)
    recon += _reconciliation_rows("declaraties", read, len(used), counts)
    lines = netting.enrich(used, dataset["producten"]).reset_index(drop=True)
    # Only the count here: the cells themselves (`Selection.cells`) when a figure needs them, so a
    # run whose figures come from the edition cache never makes them.
    recon.append({"tabel": "declaraties", "reden": NETTED, "rijen": netted_lines(lines)})

    tables: dict[str, pd.DataFrame] = {}
    for name, frame in dataset.tables.items():
        if name == "declaraties":
            continue
        if name in _WHOLE or "gemeente" not in frame.columns:
            tables[name] = frame
            recon += _reconciliation_rows(name, len(frame), len(frame), [])
            continue
        allowed = [code, NATIONAAL] if name == "bevolking" else [code]
        masks = [(OTHER_GEMEENTE, ~frame["gemeente"].isin(allowed))]
        if name in _EVENT_DATE:
            column, reason = _EVENT_DATE[name]
            masks.append((reason, frame[column] >= end))
        keep, counts = _exclusions(frame, masks)
        tables[name] = frame.loc[keep].reset_index(drop=True)
        read, counts = _with_left_out(dataset, name, len(frame), counts)
        recon += _reconciliation_rows(name, read, int(keep.sum()), counts)

    reconciliation = pd.DataFrame(recon, columns=["tabel", "reden", "rijen"]).astype(
        {"tabel": "str", "reden": "str", "rijen": "int64"}
    )
    return Selection(gemeente=gemeente, periode=periode, peildatum=peildatum, lines=lines,
                     tables=tables, reconciliation=reconciliation, dataset=dataset)


__all__ = ["NETTED", "Selection", "check_edition", "default_peildatum", "netted_lines", "periode_end", "select"]
