"""Toegang and the other non-declaration figures (INTERFACE.md §3): one function per figure.

The report window runs from 1 January `Y-3` up to and including the last day of the periode
month; an event (aangemeld, keukentafelgesprek, afgesloten, ontvangen) after the periode end is
in no figure, also not in the current year's.

Counts are 0 for every period without events (per dimension value: the contract's values plus
any others in the data); medians are left out for a period without any waiting time (a median
of nothing does not exist). A missing optional table gives no rows at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sdmonitor.figures.rows import combine, empty, rows
from sdmonitor.ingest.selection import Selection, periode_end

ZORGTYPES = ["jeugd", "wmo-klassiek", "wmo-nieuw"]
AFHANDELINGEN = ["formeel", "informeel"]
ONDERWERPEN = ["gehandicaptenparkeren", "jeugd", "leerlingenvervoer", "overig", "sociaal-team", "wmo"]
VT_SOORTEN = ["adviesvraag", "melding", "onderzoek", "voorwaarden-en-vervolg"]
# Schooljaren run from 1 August.
SCHOOLJAAR_START_MAAND = 8


# --- window helpers ---------------------------------------------------------------------------

def _in_window(sel: Selection, dates: pd.Series) -> pd.Series:
    start = pd.Timestamp(sel.periode.years[0], 1, 1)
    return dates.notna() & (dates >= start) & (dates < periode_end(sel.periode))


def _year_index(sel: Selection) -> pd.Index:
    return pd.Index([str(y) for y in sel.periode.years], name="periode")


def _month_index(sel: Selection) -> pd.Index:
    return pd.Index(sel.periode.months, name="periode")


def _count(sel: Selection, frame: pd.DataFrame, date_col: str, monthly: bool, dim_col: str | None,
           dims: list[str]) -> list[pd.Series]:
    """Counts of rows whose `date_col` lies in each year (and month), total and per `dim_col` value."""
    frame = frame.loc[_in_window(sel, frame[date_col])]
    keys = [(frame[date_col].dt.strftime("%Y"), _year_index(sel))]
    if monthly:
        keys.append((frame[date_col].dt.strftime("%Y-%m"), _month_index(sel)))
    out = []
    for key, index in keys:
        out.append(frame.groupby(key).size().reindex(index, fill_value=0).astype("float64"))
        if dim_col is not None:
            sub = frame.dropna(subset=[dim_col])
            values = sorted(set(dims) | {str(v) for v in sub[dim_col].unique()})
            full = pd.MultiIndex.from_product([index, pd.Index(values, dtype="str")], names=["periode", "dimensie"])
            counts = sub.groupby([key.loc[sub.index], sub[dim_col].astype("str")]).size()
            out.append(counts.reindex(full, fill_value=0).astype("float64"))
    return out


def _median_days(sel: Selection, frame: pd.DataFrame, end_col: str, dim_col: str | None,
                 how: str = "median") -> list[pd.Series]:
    """Median days `aangemeld_op` → `end_col` per year of `end_col`, total and per `dim_col` value
    (`how="count"`: the number of meldingen each median is taken over)."""
    frame = frame.loc[_in_window(sel, frame[end_col]) & frame["aangemeld_op"].notna()]
    days = (frame[end_col] - frame["aangemeld_op"]).dt.days.astype("float64")
    year = frame[end_col].dt.strftime("%Y")
    out = [getattr(days.groupby(year), how)()]
    if dim_col is not None:
        out.append(getattr(days.groupby([year, frame[dim_col].astype("str")]), how)())
    return [s for s in out if len(s)]


def _table(sel: Selection, name: str) -> pd.DataFrame | None:
    return sel.tables[name] if sel.has(name) else None


# --- meldingen --------------------------------------------------------------------------------

def meldingen(sel: Selection) -> pd.DataFrame:
    """`toegang.meldingen`: meldingen with aangemeld_op in the year / month; total and per zorgtype."""
    frame = _table(sel, "meldingen")
    if frame is None:
        return empty()
    return combine([rows("toegang.meldingen", s, "aantal")
                    for s in _count(sel, frame, "aangemeld_op", True, "zorgtype", ZORGTYPES)])


def afgesloten(sel: Selection) -> pd.DataFrame:
    """`toegang.afgesloten` (extra, uitstroom): meldingen with afgesloten_op in the year / month."""
    frame = _table(sel, "meldingen")
    if frame is None:
        return empty()
    return combine([rows("toegang.afgesloten", s, "aantal")
                    for s in _count(sel, frame, "afgesloten_op", True, "zorgtype", ZORGTYPES)])


def _open_at(frame: pd.DataFrame, starts: pd.DatetimeIndex) -> np.ndarray:
    """Boolean matrix (melding x month start): open at 00:00 on that day.

    Open means aangemeld before the day, and neither keukentafelgesprek nor afsluiting before it.
    "Before" is strict (INTERFACE §3): a melding aangemeld on the 1st is not yet open that month,
    and one whose keukentafelgesprek or afsluiting falls on the 1st is still open at 00:00 that day.
    """
    day = starts.to_numpy()[None, :]
    aangemeld = frame["aangemeld_op"].to_numpy()[:, None]
    keukentafel = frame["keukentafel_op"].to_numpy()[:, None]
    afgesloten = frame["afgesloten_op"].to_numpy()[:, None]
    # NaT compares False, so an empty keukentafel_op / afgesloten_op never ends the wait.
    return (aangemeld < day) & ~(keukentafel < day) & ~(afgesloten < day)


def wachtlijst(sel: Selection) -> pd.DataFrame:
    """`toegang.wachtlijst`: meldingen open at 00:00 on the first day of each month; total and per zorgtype."""
    frame = _table(sel, "meldingen")
    if frame is None:
        return empty()
    index = _month_index(sel)
    starts = pd.DatetimeIndex([pd.Timestamp(f"{m}-01") for m in index])
    is_open = _open_at(frame, starts)
    parts = [rows("toegang.wachtlijst", pd.Series(is_open.sum(axis=0).astype("float64"), index=index), "aantal")]
    zorgtypes = frame["zorgtype"].astype("str")
    for zt in sorted(set(ZORGTYPES) | set(zorgtypes.dropna().unique())):
        mask = (zorgtypes == zt).fillna(False).to_numpy()
        counts = pd.Series(is_open[mask].sum(axis=0).astype("float64"), index=index)
        parts.append(rows("toegang.wachtlijst", counts, "aantal", dimensie=zt))
    return combine(parts)


def wachttijd_mediaan(sel: Selection) -> pd.DataFrame:
    """`toegang.wachttijd_mediaan`: median days aangemeld_op → keukentafel_op over meldingen whose
    keukentafel_op is in the year; a melding closed without keukentafelgesprek is not in it."""
    frame = _table(sel, "meldingen")
    if frame is None:
        return empty()
    return _median_and_count(sel, frame, "keukentafel_op", "toegang.wachttijd")


def doorlooptijd_mediaan(sel: Selection) -> pd.DataFrame:
    """`toegang.doorlooptijd_mediaan` (extra): median days aangemeld_op → afgesloten_op over meldingen
    afgesloten in the year."""
    frame = _table(sel, "meldingen")
    if frame is None:
        return empty()
    return _median_and_count(sel, frame, "afgesloten_op", "toegang.doorlooptijd")


def _median_and_count(sel: Selection, frame: pd.DataFrame, until: str, name: str) -> pd.DataFrame:
    """`<name>_mediaan` (days aangemeld_op → `until`, per zorgtype) with `<name>_aantal`, the number
    of meldingen it is based on: a median of one or two is not published."""
    return combine([rows(f"{name}_mediaan", s, "dagen") for s in _median_days(sel, frame, until, "zorgtype")]
                   + [rows(f"{name}_aantal", s, "aantal")
                      for s in _median_days(sel, frame, until, "zorgtype", "count")])


MAATWERK = "maatwerk"


def doorlooptijd_maatwerk(sel: Selection) -> pd.DataFrame:
    """`toegang.doorlooptijd_maatwerk_mediaan` (KPI 15): median days aangemeld_op → afgesloten_op over
    meldingen afgesloten in the year with uitkomst `maatwerk` (the request ended in a maatwerkvoorziening);
    total and per wet (`jeugd`; `wmo` = wmo-nieuw and wmo-klassiek together). `toegang.maatwerk_afgesloten`
    counts those meldingen (the persons the median rests on)."""
    frame = _table(sel, "meldingen")
    if frame is None or "uitkomst" not in frame.columns:
        return empty()
    frame = frame.loc[frame["uitkomst"] == MAATWERK]
    frame = frame.assign(wet=frame["zorgtype"].astype("str").str.split("-").str[0])
    medians = _median_days(sel, frame, "afgesloten_op", "wet")
    counts = _count(sel, frame, "afgesloten_op", False, "wet", ["jeugd", "wmo"])
    return combine([rows("toegang.doorlooptijd_maatwerk_mediaan", s, "dagen") for s in medians]
                   + [rows("toegang.maatwerk_afgesloten", s, "aantal") for s in counts])


def uitkomst(sel: Selection) -> pd.DataFrame:
    """`toegang.uitkomst` (extra): meldingen afgesloten in the year per uitkomst (empty uitkomst: no row)."""
    frame = _table(sel, "meldingen")
    if frame is None or "uitkomst" not in frame.columns or frame["uitkomst"].isna().all():
        return empty()
    # Only the per-uitkomst breakdown: the total is `toegang.afgesloten`.
    series = _count(sel, frame, "afgesloten_op", False, "uitkomst", [])[1:]
    return combine([rows("toegang.uitkomst", s, "aantal") for s in series])


# --- klachten, bezwaren, tevredenheid, smw, veilig thuis ---------------------------------------

def _klachten_bezwaren(sel: Selection, soort: str, indicator: str, dim_col: str, dims: list[str]) -> pd.DataFrame:
    frame = _table(sel, "klachten_bezwaren")
    if frame is None:
        return empty()
    frame = frame.loc[frame["soort"] == soort]
    return combine([rows(indicator, s, "aantal") for s in _count(sel, frame, "ontvangen_op", False, dim_col, dims)])


def klachten(sel: Selection) -> pd.DataFrame:
    """`klachten.aantal`: klachten with ontvangen_op in the year; total and per afhandeling."""
    return _klachten_bezwaren(sel, "klacht", "klachten.aantal", "afhandeling", AFHANDELINGEN)


def bezwaren(sel: Selection) -> pd.DataFrame:
    """`bezwaren.aantal`: bezwaren with ontvangen_op in the year; total and per onderwerp."""
    return _klachten_bezwaren(sel, "bezwaar", "bezwaren.aantal", "onderwerp", ONDERWERPEN)


def tevredenheid(sel: Selection) -> pd.DataFrame:
    """`tevredenheid.waarde` (extra): per year and `<doelgroep>/<vraag>`; eenheid `cijfer` or `procent`.

    Duplicate rows for one year, doelgroep and vraag are averaged.
    """
    frame = _table(sel, "tevredenheid")
    if frame is None:
        return empty()
    frame = frame.loc[frame["jaar"].isin(sel.periode.years)]
    if frame.empty:
        return empty()
    keys = [frame["jaar"].astype("str").rename("periode"),
            (frame["doelgroep"] + "/" + frame["vraag"]).rename("dimensie")]
    grouped = frame.groupby(keys + [frame["eenheid"].rename("eenheid")])["waarde"].mean()
    out = [rows("tevredenheid.waarde", grouped.rename("waarde").reset_index())]
    if "respons" in frame.columns:
        # `tevredenheid.respons`: respondents behind the score, where the survey says (a score of
        # one or two respondents is not published).
        respons = frame["respons"].astype("Float64").groupby(keys).sum(min_count=1).dropna()
        if len(respons):
            out.append(rows("tevredenheid.respons", respons.astype("float64").rename("waarde").reset_index(),
                            "aantal"))
    return combine(out)


def schooljaren(sel: Selection) -> list[str]:
    """The schooljaren (`2025-2026`) overlapping the report window that started by the periode end."""
    out = []
    for start in range(sel.periode.years[0] - 1, sel.periode.jaar + 1):
        if pd.Timestamp(start, SCHOOLJAAR_START_MAAND, 1) < periode_end(sel.periode):
            out.append(f"{start}-{start + 1}")
    return out


def smw(sel: Selection) -> pd.DataFrame:
    """`smw.aantal` (extra): leerlingen per schooljaar and `<onderwijs>/<soort>`; only schooljaren that
    overlap the report window and began by the periode end.

    `periode` is the year the schooljaar starts (`2025` for 2025-2026): kpis.csv only knows `YYYY` and
    `YYYY-MM` periods.
    """
    frame = _table(sel, "smw")
    if frame is None:
        return empty()
    jaren = schooljaren(sel)
    frame = frame.loc[frame["schooljaar"].isin(jaren)]
    if frame.empty:
        return empty()
    start = frame["schooljaar"].astype("str").str[:4]
    per = frame.groupby([start, (frame["onderwijs"] + "/" + frame["soort"]).astype("str")])["aantal"].sum()
    dims = sorted({str(d) for d in per.index.get_level_values(1)})
    full = pd.MultiIndex.from_product([pd.Index([j[:4] for j in jaren], dtype="str"), pd.Index(dims, dtype="str")])
    return rows("smw.aantal", per.reindex(full, fill_value=0).astype("float64"), "aantal")


def veilig_thuis(sel: Selection) -> pd.DataFrame:
    """`veilig_thuis.aantal`: sum of aantal per year and soort.

    A quarter that starts after the periode month is outside the report window and not counted.
    """
    frame = _table(sel, "veilig_thuis")
    if frame is None:
        return empty()
    quarter_start = pd.to_datetime(
        {"year": frame["jaar"], "month": (frame["kwartaal"] - 1) * 3 + 1, "day": 1}, errors="coerce")
    frame = frame.loc[frame["jaar"].isin(sel.periode.years) & (quarter_start < periode_end(sel.periode))]
    index = _year_index(sel)
    values = sorted(set(VT_SOORTEN) | {str(s) for s in frame["soort"].unique()})
    full = pd.MultiIndex.from_product([index, pd.Index(values, dtype="str")], names=["periode", "dimensie"])
    per = frame.groupby([frame["jaar"].astype("str"), frame["soort"].astype("str")])["aantal"].sum()
    return rows("veilig_thuis.aantal", per.reindex(full, fill_value=0).astype("float64"), "aantal")


def figure_rows(sel: Selection) -> pd.DataFrame:
    """Every toegang figure of the selection (figures of missing tables are absent)."""
    return combine([meldingen(sel), afgesloten(sel), wachtlijst(sel), wachttijd_mediaan(sel),
                    doorlooptijd_mediaan(sel), doorlooptijd_maatwerk(sel), uitkomst(sel), klachten(sel), bezwaren(sel),
                    tevredenheid(sel), smw(sel), veilig_thuis(sel)])


__all__ = ["afgesloten", "bezwaren", "doorlooptijd_maatwerk", "doorlooptijd_mediaan", "figure_rows", "klachten",
           "meldingen",
           "schooljaren", "smw", "tevredenheid", "uitkomst", "veilig_thuis", "wachtlijst",
           "wachttijd_mediaan"]
