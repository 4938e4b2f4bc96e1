"""Figures from the optional `toewijzingen` table (iJw/iWmo 301 allocations, INTERFACE.md §2).

The unit of most figures is a *zorgperiode*: a client's uninterrupted care under one wet, made by
merging that client's allocations whose days touch or overlap (an allocation ending 31-03 and the
next starting 01-04 is one zorgperiode). A zorgperiode with an end date is an *ending*: no other
allocation of the client under that wet covers the following day.

Figures (figure-table shape, per wet `jeugd`/`wmo` present in the table):

- `<wet>.recidive` (year of the ending, procent): 100 × clients whose care ended in the year and
  who got a new allocation starting within 12 months after that end / clients whose care ended
  in the year. A client counts once per year; it returned if any of its endings in that year was
  followed by a return. Only years whose 12-month window is complete on the peildatum
  (31 December of the year + 12 months <= peildatum) are emitted: a half-observed window would
  understate recidive. `<wet>.beeindigd` and `<wet>.recidive_aantal` (aantal) give the
  denominator and numerator for the same years; a year without endings has `beeindigd` 0 and
  no recidive row (0/0 is not a percentage).
- `<wet>.toewijzingen_actief` (year, aantal): distinct clients with an allocation active on at
  least one day of the year (year-to-date for the periode's year).
- `<wet>.voorzieningen_actief` (year, aantal): distinct allocations (`toewijzing_id`) active in
  the year: the council's "aantal maatwerkvoorzieningen".
- `<wet>.doorlooptijd_toewijzing_mediaan` (year of `toegewezen_op`, dagen): median days from
  `toegewezen_op` to `ingangsdatum` (negative for an allocation issued after care started).
- `<wet>.duur_zorgperiode_mediaan` (year of the ending, dagen): median length in days of the
  zorgperioden that ended in the year, first and last day included.
- `<wet>.beeindigd_volgens_plan` (year of the einddatum, procent; KPI 21): 100 × allocations
  ended in the year (einddatum on or before the peildatum) whose `reden_einde` is "levering
  volgens plan beëindigd" (JZ588 31, WMO588 19) / those ended in the year with any `reden_einde`;
  `<wet>.beeindigd_met_reden` (aantal) is the denominator. A year without such endings has no
  percentage (the status machinery makes it geen_gegevens, never 0). The reason comes from the
  307 stop message or the 301's RedenWijziging (imports/keten.py).

Only allocations known on the peildatum (`toegewezen_op` <= peildatum, or no date) are used, so a
past edition is reproducible. Events after the end of the periode month are outside the window.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from sdmonitor.figures.rows import COLUMNS, combine, empty, rows
from sdmonitor.periods import Periode

WETTEN = ("jeugd", "wmo")
RETURN_WINDOW = pd.DateOffset(months=12)
# Stand-in end for open allocations; far enough for any report, and `+ 1 day` stays in range.
_OPEN_END = pd.Timestamp("2262-01-01")
_DAY = pd.Timedelta(days=1)

INDICATORS = tuple(
    f"{wet}.{name}"
    for wet in WETTEN
    for name in ("recidive", "recidive_aantal", "beeindigd", "toewijzingen_actief",
                 "voorzieningen_actief", "doorlooptijd_toewijzing_mediaan", "duur_zorgperiode_mediaan",
                 "doorlooptijd_toewijzing_aantal", "duur_zorgperiode_aantal", "beeindigd_volgens_plan",
                 "beeindigd_met_reden")
)
# JZ588 / WMO588 "Levering (is) volgens plan beëindigd".
VOLGENS_PLAN = {"jeugd": "31", "wmo": "19"}


def known_on(toewijzingen: pd.DataFrame, peildatum: date) -> pd.DataFrame:
    """Allocations known on the peildatum: issued on or before it (or without an issue date)."""
    issued = toewijzingen["toegewezen_op"]
    return toewijzingen.loc[issued.isna() | (issued <= pd.Timestamp(peildatum))]


def zorgperioden(toewijzingen: pd.DataFrame) -> pd.DataFrame:
    """Merge each client's allocations per wet into uninterrupted zorgperioden.

    Returns `wet, client_id, start, einde` (einde NaT while open), sorted by client and start.
    """
    cols = ["wet", "client_id", "start", "einde"]
    alloc = toewijzingen.dropna(subset=["ingangsdatum"])
    if alloc.empty:
        return pd.DataFrame({c: pd.Series([], dtype="datetime64[ns]" if c in ("start", "einde") else "str")
                             for c in cols})
    alloc = alloc.sort_values(["wet", "client_id", "ingangsdatum"], kind="mergesort")
    end = alloc["einddatum"].fillna(_OPEN_END)
    keys = [alloc["wet"], alloc["client_id"]]
    reach = end.groupby(keys).cummax()
    previous_reach = reach.groupby(keys).shift()
    # A new zorgperiode starts when the allocation begins after the day following everything so far.
    new = previous_reach.isna() | (alloc["ingangsdatum"] > previous_reach + _DAY)
    period_id = new.cumsum()
    out = pd.DataFrame({
        "wet": alloc["wet"], "client_id": alloc["client_id"],
        "start": alloc["ingangsdatum"], "einde": end, "_id": period_id,
    }).groupby("_id", sort=True).agg(wet=("wet", "first"), client_id=("client_id", "first"),
                                     start=("start", "min"), einde=("einde", "max"))
    out["einde"] = out["einde"].where(out["einde"] < _OPEN_END)
    return out.reset_index(drop=True)[cols]


def endings(perioden: pd.DataFrame) -> pd.DataFrame:
    """Ended zorgperioden with `terug`: the start of the client's next zorgperiode (NaT if none)."""
    perioden = perioden.sort_values(["wet", "client_id", "start"], kind="mergesort")
    nxt = perioden.groupby(["wet", "client_id"])["start"].shift(-1)
    out = perioden.assign(terug=nxt)
    return out.loc[out["einde"].notna()].reset_index(drop=True)


def window_complete(jaar: int, peildatum: date) -> bool:
    """Whether every ending of `jaar` has had its full 12 months observed on the peildatum."""
    return pd.Timestamp(jaar, 12, 31) + RETURN_WINDOW <= pd.Timestamp(peildatum)


def recidive(toewijzingen: pd.DataFrame, years: list[int], peildatum: date) -> pd.DataFrame:
    """`<wet>.recidive`, `<wet>.recidive_aantal` and `<wet>.beeindigd` for the complete years."""
    known = known_on(toewijzingen, peildatum)
    ended = endings(zorgperioden(known))
    ended = ended.assign(
        jaar=ended["einde"].dt.year,
        teruggekeerd=ended["terug"].notna() & (ended["terug"] <= ended["einde"] + RETURN_WINDOW),
    )
    complete = [y for y in years if window_complete(y, peildatum)]
    parts = []
    for wet in _wetten(toewijzingen):
        per_client = (ended.loc[(ended["wet"] == wet) & ended["jaar"].isin(complete)]
                      .groupby(["jaar", "client_id"])["teruggekeerd"].any())
        n_ended = per_client.groupby(level="jaar").size().reindex(complete, fill_value=0)
        n_returned = per_client.groupby(level="jaar").sum().reindex(complete, fill_value=0)
        pct = (100.0 * n_returned / n_ended)[n_ended > 0]
        parts += [
            rows(f"{wet}.beeindigd", _by_year(n_ended), "aantal"),
            rows(f"{wet}.recidive_aantal", _by_year(n_returned), "aantal"),
            rows(f"{wet}.recidive", _by_year(pct), "procent"),
        ]
    return combine(parts)


def actief(toewijzingen: pd.DataFrame, periode: Periode, peildatum: date) -> pd.DataFrame:
    """`<wet>.toewijzingen_actief` (clients) and `<wet>.voorzieningen_actief` (allocations) per year."""
    known = known_on(toewijzingen, peildatum)
    parts = []
    for wet in _wetten(toewijzingen):
        alloc = known.loc[known["wet"] == wet]
        clients, allocations = {}, {}
        for jaar in periode.years:
            first, last = _year_window(jaar, periode)
            active = alloc.loc[(alloc["ingangsdatum"] <= last)
                               & (alloc["einddatum"].isna() | (alloc["einddatum"] >= first))]
            clients[str(jaar)] = float(active["client_id"].nunique())
            allocations[str(jaar)] = float(active["toewijzing_id"].nunique())
        parts += [rows(f"{wet}.toewijzingen_actief", pd.Series(clients, dtype="float64"), "aantal"),
                  rows(f"{wet}.voorzieningen_actief", pd.Series(allocations, dtype="float64"), "aantal")]
    return combine(parts)


def _yearly_median_days(frame: pd.DataFrame, date_col: str, days: pd.Series, periode: Periode,
                        how: str = "median") -> pd.Series:
    """Median of `days` per report year of `date_col` (years without rows are absent);
    `how="count"`: the number of values each median is taken over."""
    medians = {}
    for jaar in periode.years:
        first, last = _year_window(jaar, periode)
        in_year = frame[date_col].between(first, last)
        if in_year.any():
            medians[str(jaar)] = float(getattr(days[in_year], how)())
    return pd.Series(medians, dtype="float64")


def doorlooptijd(toewijzingen: pd.DataFrame, periode: Periode, peildatum: date) -> pd.DataFrame:
    """`<wet>.doorlooptijd_toewijzing_mediaan`: median days toegewezen_op → ingangsdatum per year."""
    known = known_on(toewijzingen, peildatum).dropna(subset=["toegewezen_op", "ingangsdatum"])
    parts = []
    for wet in _wetten(toewijzingen):
        alloc = known.loc[known["wet"] == wet]
        days = (alloc["ingangsdatum"] - alloc["toegewezen_op"]).dt.days
        parts.append(rows(f"{wet}.doorlooptijd_toewijzing_mediaan",
                          _yearly_median_days(alloc, "toegewezen_op", days, periode), "dagen"))
        parts.append(rows(f"{wet}.doorlooptijd_toewijzing_aantal",
                          _yearly_median_days(alloc, "toegewezen_op", days, periode, "count"), "aantal"))
    return combine(parts)


def duur(toewijzingen: pd.DataFrame, periode: Periode, peildatum: date) -> pd.DataFrame:
    """`<wet>.duur_zorgperiode_mediaan`: median days of the zorgperioden ending in each year."""
    ended = endings(zorgperioden(known_on(toewijzingen, peildatum)))
    # An einddatum after the peildatum is a plan, not yet an ending.
    ended = ended.loc[ended["einde"] <= pd.Timestamp(peildatum)]
    parts = []
    for wet in _wetten(toewijzingen):
        mine = ended.loc[ended["wet"] == wet]
        days = (mine["einde"] - mine["start"]).dt.days + 1
        parts.append(rows(f"{wet}.duur_zorgperiode_mediaan", _yearly_median_days(mine, "einde", days, periode),
                          "dagen"))
        parts.append(rows(f"{wet}.duur_zorgperiode_aantal",
                          _yearly_median_days(mine, "einde", days, periode, "count"), "aantal"))
    return combine(parts)


def reden_einde(toewijzingen: pd.DataFrame, periode: Periode, peildatum: date) -> pd.DataFrame:
    """`<wet>.beeindigd_volgens_plan` and `<wet>.beeindigd_met_reden` per year (module docstring)."""
    if "reden_einde" not in toewijzingen.columns:
        return empty()
    known = known_on(toewijzingen, peildatum)
    ended = known.loc[known["einddatum"].notna() & (known["einddatum"] <= pd.Timestamp(peildatum))
                      & known["reden_einde"].notna() & (known["reden_einde"].astype("str") != "")]
    parts = []
    for wet in _wetten(toewijzingen):
        mine = ended.loc[ended["wet"] == wet]
        plan = mine["reden_einde"].astype("str") == VOLGENS_PLAN[wet]
        totals, shares = {}, {}
        for jaar in periode.years:
            first, last = _year_window(jaar, periode)
            in_year = mine["einddatum"].between(first, last)
            if in_year.any():
                totals[str(jaar)] = float(in_year.sum())
                shares[str(jaar)] = 100.0 * float((plan & in_year).sum()) / float(in_year.sum())
        parts += [rows(f"{wet}.beeindigd_met_reden", pd.Series(totals, dtype="float64"), "aantal"),
                  rows(f"{wet}.beeindigd_volgens_plan", pd.Series(shares, dtype="float64"), "procent")]
    return combine(parts)


def figure_rows(selection) -> pd.DataFrame:
    """All toewijzingen figures of one Selection; no rows when the optional table is absent."""
    if not selection.has("toewijzingen"):
        return empty()
    table = selection.tables["toewijzingen"]
    periode, peildatum = selection.periode, selection.peildatum
    return combine([
        recidive(table, periode.years, peildatum),
        actief(table, periode, peildatum),
        doorlooptijd(table, periode, peildatum),
        duur(table, periode, peildatum),
        reden_einde(table, periode, peildatum),
    ])


def _wetten(toewijzingen: pd.DataFrame) -> list[str]:
    # Only laws present in the table: a zero for a law without allocations would read as "none".
    present = set(toewijzingen["wet"].dropna())
    return [w for w in WETTEN if w in present]


def _year_window(jaar: int, periode: Periode) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day counted in `jaar`; the periode's own year runs to the periode end."""
    last = pd.Timestamp(jaar, 12, 31)
    if jaar == periode.jaar:
        last = min(last, pd.Timestamp(periode.end))
    return pd.Timestamp(jaar, 1, 1), last


def _by_year(series: pd.Series) -> pd.Series:
    return pd.Series(series.to_numpy(dtype="float64"), index=[str(y) for y in series.index])


__all__ = ["COLUMNS", "INDICATORS", "actief", "doorlooptijd", "duur", "endings", "figure_rows",
           "known_on", "recidive", "reden_einde", "window_complete", "zorgperioden"]
