"""Figures from the optional tables the project adds to the contract for seed elements the contract
has no source for (docs/definitions.md, "Optional tables"): meerzorg (seed 000 §3.3 fig. 13),
vrij toegankelijk aanbod (seed 000 §2.5) and AVAN-passen (seed 000 fig. 25, seed 003 fig. 21).

Each figure comes only from its table, for this gemeente and the report's periods; without the table
there are no rows, and the element in the report says "niet beschikbaar". Nothing is estimated.

- `jeugd.meerzorg_uren` (year; dimensie the table's `soort`): sum of `uren`. No total: with the
  hours of a soort hidden (fewer clients than the threshold), a total would give them away.
- `jeugd.meerzorg_clienten` (year; soort): `clienten` as delivered (a count of persons, no total:
  one jeugdige may have meerzorg of both kinds).
- `toegang.vrij_toegankelijk_deelnemers` (year; dimensie `<doelgroep>: <aanbod>`): `deelnemers`,
  only for rows that give a number.
- `wmo.avan_pashouders`, `wmo.avan_gebruikers` (month; empty): the table's values per maand.
- `beschermd_wonen.<kenmerk>`, `maatschappelijke_opvang.<kenmerk>` (year; empty; kenmerk `clienten`,
  `meldingen` or `wachtenden`): the centrumgemeente's figure for this gemeente (as herkomst or
  woonplaats); `..._regio`: the same for the whole region (`gebied` `regio`). Counts of persons.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures.rows import combine, empty, rows
from sdmonitor.ingest.selection import Selection


def _own(sel: Selection, table: str) -> pd.DataFrame | None:
    if not sel.has(table):
        return None
    frame = sel.tables[table]
    return frame.loc[frame["gemeente"] == sel.gemeente.code]


def meerzorg(sel: Selection) -> pd.DataFrame:
    """`jeugd.meerzorg_uren` and `jeugd.meerzorg_clienten` per soort."""
    frame = _own(sel, "meerzorg")
    if frame is None:
        return empty()
    frame = frame.loc[frame["jaar"].isin(sel.periode.years)]
    jaar = frame["jaar"].astype("str")
    uren = frame.groupby([jaar, frame["soort"]])["uren"].sum()
    known = frame.dropna(subset=["clienten"])
    clienten = known.groupby([known["jaar"].astype("str"), known["soort"]])["clienten"].sum().astype("float64")
    return combine([rows("jeugd.meerzorg_uren", uren, "uur"),
                    rows("jeugd.meerzorg_clienten", clienten, "aantal")])


def vrij_toegankelijk(sel: Selection) -> pd.DataFrame:
    """`toegang.vrij_toegankelijk_deelnemers` per `<doelgroep>: <aanbod>` and year."""
    frame = _own(sel, "vrij_toegankelijk_aanbod")
    if frame is None:
        return empty()
    frame = frame.loc[frame["jaar"].isin(sel.periode.years)].dropna(subset=["deelnemers"])
    values = pd.Series(frame["deelnemers"].astype("float64").to_numpy(),
                       index=pd.MultiIndex.from_arrays([frame["jaar"].astype("str"),
                                                        frame["doelgroep"] + ": " + frame["aanbod"]]))
    return rows("toegang.vrij_toegankelijk_deelnemers", values, "aantal")


def avan(sel: Selection) -> pd.DataFrame:
    """`wmo.avan_pashouders` and `wmo.avan_gebruikers` per month of the report."""
    frame = _own(sel, "avan_passen")
    if frame is None:
        return empty()
    frame = frame.loc[frame["maand"].isin(sel.periode.months)].set_index("maand")
    return combine([rows(f"wmo.avan_{col}", frame[col].astype("float64"), "aantal")
                    for col in ("pashouders", "gebruikers")])


def regionale_voorzieningen(sel: Selection) -> pd.DataFrame:
    """Beschermd wonen and maatschappelijke opvang of this gemeente and its region per year."""
    if not sel.has("regionale_voorzieningen"):
        return empty()
    frame = sel.tables["regionale_voorzieningen"]
    frame = frame.loc[frame["gebied"].isin([sel.gemeente.code, "regio"]) & frame["jaar"].isin(sel.periode.years)]
    indicator = (frame["voorziening"].str.replace("-", "_") + "." + frame["kenmerk"]
                 + frame["gebied"].map(lambda g: "_regio" if g == "regio" else ""))
    return combine([rows(name, part.set_index(part["jaar"].astype("str"))["aantal"].astype("float64"), "aantal")
                    for name, part in frame.groupby(indicator)])


def figure_rows(sel: Selection) -> pd.DataFrame:
    """Every figure of the optional seed tables present in the input."""
    return combine([meerzorg(sel), vrij_toegankelijk(sel), avan(sel), regionale_voorzieningen(sel)])


__all__ = ["avan", "figure_rows", "meerzorg", "regionale_voorzieningen", "vrij_toegankelijk"]
