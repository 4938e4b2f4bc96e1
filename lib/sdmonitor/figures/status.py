"""The status of every figure (`kpis.csv` column `status`, INTERFACE §3): one rule, one place.

Per row, from the indicator's registry entry (`bron`, `periodiciteit`, `meting`, `compleetheid`),
the coverage of its sources (`ingest.coverage`), the periode/peildatum and the completeness rows
already in the figure table, in this order:

1. a source does not cover the period at all (not delivered, before its start, after its end, a
   gap month; PGB rows and shares without any PGB line) → `geen_gegevens`, `waarde` empty;
2. `meting: vast` (a budget, a set value) → `definitief`;
   a stand built from history (`meting: opgebouwd`, open on the 1st) looks at the month before;
3. `meting: raming` for the current year or later → `voorlopig` (an estimate until the year is over);
4. a source covers only part of the period (starts or stops inside it, a gap month in the year)
   → `deelperiode`;
5. `meting: stroom` and the period is not over (the current year before December, the school year
   to date, the periode month before the peildatum has passed it) → `deelperiode`;
6. the figure's own completeness (`compleetheid: kosten` or `clienten`) below the thresholds of
   `figures.nowcast` → `voorlopig`;
7. else `definitief`.

Missing rows of the report grid (every year Y-3..Y, every month January Y-3..periode) are added as
`geen_gegevens` where rule 1 holds, for every dimension value the indicator has elsewhere; an
indicator the figure modules did not compute at all (an optional table not delivered) stays absent.
"""

from __future__ import annotations

import calendar
from datetime import date

import numpy as np
import pandas as pd

from sdmonitor.figures import nowcast
from sdmonitor.figures.begrotingsregels import PGB_REGEL
from sdmonitor.figures.rows import COLUMNS, DEELPERIODE, DEFINITIEF, GEEN_GEGEVENS, STATUSSEN, VALUE_COLUMNS, VOORLOPIG
from sdmonitor.ingest.coverage import PGB_SOURCE, Dekking, dekking
from sdmonitor.ingest.netting import PGB
from sdmonitor.periods import Periode
from sdmonitor.registry import Indicator, Registry, registry

STATUSES = STATUSSEN
WETTEN = ("jeugd", "wmo")


class UndeclaredIndicatorError(ValueError):
    """The figure table holds an indicator the registry does not declare (a programming error)."""


def period_months(text: str, schooljaar: bool = False) -> list[str]:
    """The months "YYYY-MM" of a figure's periode: `YYYY-MM`, a year `YYYY`, or a school year
    (`YYYY/YYYY`, or `YYYY` = the year it starts for a schooljaar indicator): August..July."""
    text = str(text)
    if len(text) == 7 and text[4] == "-":
        return [text]
    start = int(text[:4])
    if schooljaar or "/" in text:
        return [f"{start:04d}-{m:02d}" for m in range(8, 13)] + [f"{start + 1:04d}-{m:02d}" for m in range(1, 8)]
    return [f"{start:04d}-{m:02d}" for m in range(1, 13)]


def _month_end(month: str) -> date:
    y, m = int(month[:4]), int(month[5:7])
    return date(y, m, calendar.monthrange(y, m)[1])


class _Completeness:
    """The completeness rows of a figure table, per wet: kosten (`<wet>.compleetheid` per month,
    the year rule `nowcast.jaar_voorlopig`) and clienten (`clienten` / `clienten_verwacht`)."""

    def __init__(self, figures: pd.DataFrame) -> None:
        totals = figures.loc[figures["dimensie"] == ""]
        self._values = {(i, p): v for i, p, v in zip(totals["indicator"].tolist(), totals["periode"].tolist(),
                                                     totals["waarde"].tolist())}
        self._figures = figures
        self._years: dict[tuple[str, str], bool] = {}

    def _get(self, indicator: str, periode: str) -> float | None:
        value = self._values.get((indicator, periode))
        return None if value is None or pd.isna(value) else float(value)

    def _clients_share(self, wet: str, months: list[str]) -> float | None:
        pairs: list[tuple[float, float]] = []
        for m in months:
            clients, expected_clients = self._get(f"{wet}.clienten", m), self._get(f"{wet}.clienten_verwacht", m)
            if clients is not None and expected_clients is not None:
                pairs.append((clients, expected_clients))
        expected = sum(v for _, v in pairs)
        return sum(c for c, _ in pairs) / expected if expected > 0 else None

    def voorlopig(self, wet: str, kind: str, periode: str) -> bool:
        """Whether the period's figure of this completeness kind is still expected to change."""
        if len(periode) == 7:
            if kind == "kosten":
                share = self._get(f"{wet}.compleetheid", periode)
            else:
                share = self._clients_share(wet, [periode])
            return share is not None and share < nowcast.VOORLOPIG_DREMPEL
        key = (f"{wet}:{kind}", periode)
        if key not in self._years:
            if kind == "kosten":
                self._years[key] = nowcast.jaar_voorlopig(self._figures, wet, periode[:4])
            else:
                share = self._clients_share(wet, period_months(periode[:4]))
                self._years[key] = share is not None and share < nowcast.VOORLOPIG_DREMPEL_JAAR
        return self._years[key]


def _sources(ind: Indicator, dimensie: str) -> list[str]:
    sources = list(ind.bron)
    # A budget post PGB (or a municipality's own PGB regel) of a declared figure exists only where
    # PGB lines are delivered.
    pgb = (dimensie == PGB and ind.dimensie is not None and ind.dimensie.naam == "begrotingspost") or \
        (dimensie in PGB_REGEL.values() and ind.dimensie is not None and ind.dimensie.naam == "begrotingsregel")
    if pgb and "declaraties" in sources and PGB_SOURCE not in sources:
        sources.append(PGB_SOURCE)
    return sources


def row_status(ind: Indicator, periode_text: str, dimensie: str, dek: Dekking, completeness: _Completeness) -> str:
    """The status of one figure (the module docstring's rules, in order)."""
    periode, peildatum = dek.periode, dek.peildatum
    months = period_months(periode_text, schooljaar=ind.periodiciteit == ("schooljaar",))
    through = str(periode)
    relevant = [m for m in months if m <= through] or months  # a future period (a projection): all of it
    if ind.meting == "opgebouwd" and len(months) == 1:
        # Open at 00:00 on the 1st counts what came in before: the month before decides, not the
        # month itself (a gap in March leaves 1 March known and makes 1 April unknown).
        year, month = int(months[0][:4]), int(months[0][5:7])
        relevant = [f"{year - (month == 1)}-{12 if month == 1 else month - 1:02d}"]
    states = {dek[s].share(relevant) for s in _sources(ind, dimensie)}
    if "niet" in states:
        return GEEN_GEGEVENS
    if ind.meting == "vast":
        return DEFINITIEF
    is_year = len(months) == 12 and months[0].endswith("-01")
    if ind.meting == "raming" and is_year and int(periode_text[:4]) >= periode.jaar:
        return VOORLOPIG
    if "deels" in states:
        return DEELPERIODE
    over = months[-1] <= through and _month_end(months[-1]) <= peildatum
    if ind.meting == "stroom" and not over:
        return DEELPERIODE
    wet = ind.naam.split(".")[0]
    if ind.compleetheid and wet in WETTEN and completeness.voorlopig(wet, ind.compleetheid, periode_text):
        return VOORLOPIG
    return DEFINITIEF


def _grid(figures: pd.DataFrame, dek: Dekking, reg: Registry, completeness: _Completeness) -> pd.DataFrame:
    """Rows of the report grid a computed indicator lacks where its sources give no data."""
    periode = dek.periode
    added: list[tuple[str, str, str, float, str]] = []
    # Plain lists per indicator, in row order: pandas per indicator cost more than the rule itself.
    per_indicator: dict[str, list[tuple[str, str, str]]] = {}
    columns = (figures[c].tolist() for c in ("indicator", "periode", "dimensie", "eenheid"))
    for name, per, dim, eenheid in zip(*columns):
        per_indicator.setdefault(str(name), []).append((per, dim, eenheid))
    for name, own in per_indicator.items():
        ind = reg[name]
        if ind.intern or ind.meting == "raming":  # estimates exist for the periods they estimate
            continue
        kinds = {"jaar": [str(y) for y in periode.years], "maand": periode.months}
        have = {(per, dim) for per, dim, _ in own}
        for kind, grid in kinds.items():
            if kind not in ind.periodiciteit:
                continue
            length = 4 if kind == "jaar" else 7
            units = {dim: eenheid for per, dim, eenheid in own if len(per) == length} or {"": own[0][2]}
            for per in grid:
                for dim, eenheid in units.items():
                    if (per, dim) not in have and row_status(ind, per, dim, dek, completeness) == GEEN_GEGEVENS:
                        added.append((name, per, dim, np.nan, eenheid))
    # A declared indicator whose source is not delivered at all has no rows yet: its totals are
    # there as "geen gegevens" (INTERFACE §3: the rows of the report grid must be there, empty).
    computed = set(figures["indicator"])
    for name, ind in reg.items():
        # Units per row (bouwsteen, the survey's cijfer/procent, uur) have no one unit for a total row.
        if name in computed or ind.intern or ind.eenheid in ("bouwsteen", "cijfer", "uur") \
                or "schooljaar" in ind.periodiciteit:
            continue
        if all(dek[s].delivered for s in ind.bron):
            continue
        grid = [str(periode.jaar)] if ind.meting == "raming" else [
            *([str(y) for y in periode.years] if "jaar" in ind.periodiciteit else []),
            *(periode.months if "maand" in ind.periodiciteit else [])]
        added += [(name, per, "", np.nan, ind.eenheid) for per in grid
                  if row_status(ind, per, "", dek, completeness) == GEEN_GEGEVENS]
    return pd.DataFrame(added, columns=VALUE_COLUMNS).astype({"waarde": "float64"})


def apply_status(figures: pd.DataFrame, source, periode: Periode | None = None,
                 reg: Registry | None = None) -> pd.DataFrame:
    """The figure table with column `status` (and grid rows added); `waarde` empty where
    `geen_gegevens`. `source`: a `Selection` or its `Dekking`; `periode` defaults to its own.
    Raises `UndeclaredIndicatorError` for an indicator the registry does not declare."""
    reg = registry() if reg is None else reg
    dek = source if isinstance(source, Dekking) else dekking(source)
    if periode is not None and periode != dek.periode:
        dek = Dekking(periode, dek.peildatum, dek.tables)
    missing = reg.missing(figures["indicator"].unique())
    if missing:
        raise UndeclaredIndicatorError(
            "indicator(en) niet in het indicatorregister (data/indicatoren.yaml): " + ", ".join(missing))
    completeness = _Completeness(figures)
    base = figures[VALUE_COLUMNS]
    grid = _grid(base, dek, reg, completeness)
    table = pd.concat([base, grid], ignore_index=True) if len(grid) else base.copy()
    memo: dict[tuple[str, str, bool], str] = {}
    statuses = []
    for name, per, dim in zip(table["indicator"].tolist(), table["periode"].tolist(), table["dimensie"].tolist()):
        key = (name, per, dim == PGB or dim in PGB_REGEL.values())
        if key not in memo:
            memo[key] = row_status(reg[name], per, dim, dek, completeness)
        statuses.append(memo[key])
    table["status"] = pd.Series(statuses, index=table.index, dtype="str")
    table.loc[table["status"] == GEEN_GEGEVENS, "waarde"] = np.nan  # no data is never 0
    table = table.sort_values(["indicator", "periode", "dimensie", "eenheid"], kind="mergesort")
    return table.reset_index(drop=True)[COLUMNS]


__all__ = [
    "DEELPERIODE",
    "DEFINITIEF",
    "GEEN_GEGEVENS",
    "STATUSES",
    "VOORLOPIG",
    "UndeclaredIndicatorError",
    "apply_status",
    "period_months",
    "row_status",
]
