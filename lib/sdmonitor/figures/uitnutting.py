"""Uitnutting: how much of the allocated care was delivered (seed 003, hulp bij het huishouden 82 %).

- `<wet>.toegewezen_volume` (year; dimensie a bouwsteen): the volume the allocations (301) of the
  bouwsteen's products granted for the days of the year they were active, in the bouwsteen's unit.
  An allocation's volume is per its frequentie (WMO757): `1` per dag × days, `2` per week × days / 7,
  `4` per maand × days / (365,25 / 12); `6` (totaal binnen geldigheidsduur) is spread evenly over
  its days from ingangsdatum to einddatum, and left out while it has no einddatum (its daily rate is
  unknown). Days run from ingangsdatum to einddatum (open: to the end of the periode), cut to the
  year and to the periode end. Time units convert via hours; another unit than the bouwsteen's is
  left out.
- `<wet>.uitnutting` (year; bouwsteen): 100 × the declared `<wet>.volume` of the bouwsteen /
  `toegewezen_volume`; absent when nothing was allocated. The current year is year-to-date and, like
  every recent month, still incomplete in its declarations.

Both sides cover the same care only (issue 20 §6): a declared line counts only when an allocation
in the table covers it (same client, wet and product, its service month within the allocation's
days): a line whose allocation began before the message archive, and so is not in the table,
would otherwise be delivered care without allocated care (uptake above 100 %). Allocated days count
from the first service month of the gemeente's declarations on: before it nothing was declared.

Only allocations known on the peildatum are used (`toewijzingen.known_on`).
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.ingest import netting
from sdmonitor.figures.rows import combine, empty, rows
from sdmonitor.ingest.selection import Selection, periode_end
from sdmonitor.figures.toewijzingen import known_on
from sdmonitor.figures.zorggebruik import report_lines

WETTEN = ("jeugd", "wmo")
DAYS_PER = {"1": 1.0, "2": 7.0, "4": 365.25 / 12}
TOTAAL = "6"
_DAY = pd.Timedelta(days=1)


def allocated(toewijzingen: pd.DataFrame, producten: pd.DataFrame, years: list[int], end: pd.Timestamp,
              begin: pd.Timestamp | None = None) -> pd.DataFrame:
    """Allocated volume per (wet, jaar, bouwsteen) in the bouwsteen's unit (see module docstring);
    days before `begin` (the first declared month) do not count."""
    book = producten[["wet", "productcode", "bouwsteen"]].drop_duplicates(["wet", "productcode"])
    frame = toewijzingen.merge(book, on=["wet", "productcode"], how="inner")
    frame = frame.merge(netting.bouwsteen_units(producten), on=["wet", "bouwsteen"], how="left")
    start = frame["ingangsdatum"]
    stop = frame["einddatum"].fillna(end - _DAY).clip(upper=end - _DAY)
    line_hours = frame["eenheid"].astype("str").map(netting.HOURS_PER_UNIT).astype("float64")
    unit_hours = frame["bouwsteen_eenheid"].astype("str").map(netting.HOURS_PER_UNIT).astype("float64")
    same = frame["eenheid"].astype("str") == frame["bouwsteen_eenheid"].astype("str")
    # Same unit: as allocated; two time units: via hours; anything else has no fixed ratio (NaN: left out).
    factor = (line_hours / unit_hours).mask(same, 1.0)
    freq = frame["frequentie"].astype("str")
    total_days = (frame["einddatum"] - start) / _DAY + 1
    per_day = (frame["volume"] / freq.map(DAYS_PER)).where(freq != TOTAAL, frame["volume"] / total_days)
    per_day = per_day * factor
    out = []
    for jaar in years:
        first = pd.Timestamp(jaar, 1, 1) if begin is None else max(pd.Timestamp(jaar, 1, 1), begin)
        lo = start.clip(lower=first)
        hi = stop.clip(upper=pd.Timestamp(jaar, 12, 31))
        days = ((hi - lo) / _DAY + 1).clip(lower=0)
        vol = (per_day * days).where(days > 0)
        part = frame.assign(v=vol).dropna(subset=["v"])
        out.append(part.groupby(["wet", "bouwsteen"], as_index=False)["v"].sum().assign(jaar=jaar))
    if not out:
        return pd.DataFrame(columns=["wet", "bouwsteen", "v", "jaar"])
    return pd.concat(out, ignore_index=True)


def covered_lines(lines: pd.DataFrame, toewijzingen: pd.DataFrame) -> pd.DataFrame:
    """The lines an allocation of the table covers: same wet, client and product, the service month
    (its first day) within the allocation's days."""
    keys = ["wet", "client_id", "productcode"]
    alloc = toewijzingen[keys + ["ingangsdatum", "einddatum"]].dropna(subset=["ingangsdatum"])
    pairs = lines[keys + ["periode_begin"]].reset_index().merge(alloc, on=keys, how="inner")
    inside = (pairs["periode_begin"] >= pairs["ingangsdatum"].dt.to_period("M").dt.start_time) & (
        pairs["einddatum"].isna() | (pairs["periode_begin"] <= pairs["einddatum"]))
    return lines.loc[lines.index.isin(pairs.loc[inside, "index"])]


def figure_rows(sel: Selection) -> pd.DataFrame:
    """`<wet>.toegewezen_volume` and `<wet>.uitnutting` for the report years."""
    if not sel.has("toewijzingen") or not sel.has("producten"):
        return empty()
    years = list(sel.periode.years)
    table = known_on(sel.tables["toewijzingen"], sel.peildatum)
    end = periode_end(sel.periode)
    begin = sel.lines["periode_begin"].min() if len(sel.lines) else None
    given = allocated(table, sel.tables["producten"], years, end)
    # The ratio's denominator: only the days from the first declared month on.
    held = given if begin is None or pd.isna(begin) else allocated(table, sel.tables["producten"], years, end, begin)
    parts = []
    for wet in WETTEN:
        mine = given.loc[given["wet"] == wet]
        if mine.empty:
            continue
        base = held.loc[held["wet"] == wet].set_index(["jaar", "bouwsteen"])["v"]
        base = base[base > 0]
        lines = covered_lines(report_lines(sel, wet).dropna(subset=["bouwsteen"]), table)
        declared = lines.assign(v=netting.volume_in_unit(lines)).groupby([lines["jaar"], "bouwsteen"])["v"].sum()
        alloc = mine.set_index(["jaar", "bouwsteen"])["v"]
        alloc = alloc[alloc > 0]
        ratio = 100.0 * declared.reindex(base.index, fill_value=0.0) / base
        units = netting.bouwsteen_units(sel.tables["producten"])
        units = units.loc[units["wet"] == wet].set_index("bouwsteen")["bouwsteen_eenheid"].map(netting.unit_name)
        for name, series in ((f"{wet}.toegewezen_volume", alloc), (f"{wet}.uitnutting", ratio)):
            frame = series.rename("waarde").reset_index()
            eenheid = frame["bouwsteen"].map(units) if name.endswith("volume") else "procent"
            parts.append(rows(name, pd.DataFrame({"periode": frame["jaar"].astype(str), "dimensie": frame["bouwsteen"],
                                                  "waarde": frame["waarde"], "eenheid": eenheid})))
    return combine(parts)


__all__ = ["allocated", "covered_lines", "figure_rows"]
