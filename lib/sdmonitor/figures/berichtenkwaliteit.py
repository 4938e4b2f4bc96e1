"""Data quality of the message traffic (issue 20 §15; docs/definitions.md "Datakwaliteit van het
berichtenverkeer").

Only what was known on the peildatum counts (messages dated on or before it), in the report years
up to the end of the periode month.

- `berichten.aantal` (year, month; berichttype): messages the import saw, by `dagtekening`, processed
  or skipped; `berichten.overgeslagen` (year): the skipped ones.
- `<wet>.declaratieregels_ingediend` (year of the service month): lines submitted = the ZIN lines in
  `declaraties` (accepted; PGB is paid through the SVB, not declared in 323 messages) + the lines a 325 rejected (a corrected line sent again counts again: two
  submissions). `<wet>.declaratieregels_afgewezen`: the rejected lines (distinct aanbieder and
  `referentie` with a rejecting retourcode: every WJ001 code except 0200 "geen opmerking", 0233 "niet
  beoordeeld" and 8001 "volledig toegewezen"); `_aandeel`: 100 × afgewezen / ingediend.
  `<wet>.afwijzingsreden` (retourcode): rejected lines per code (a line may carry several codes).
- `<wet>.declaratieregels_gecrediteerd`: credit lines (`bedrag` < 0) in `declaraties`; `_aandeel`:
  100 × gecrediteerd / ingediend.
- `<wet>.toewijzingen_declarabel` (year of `ingangsdatum`): allocations known on the peildatum that
  could have been declared on: the declaration norm (`doorlooptijd_normen.declaratie`) after the end
  of their first month has passed on the peildatum. `<wet>.toewijzingen_zonder_declaratie`: those
  without any declaration line on them (same `toewijzing_id` where both tables have one, else the
  same client and productcode with a service month inside the allocation); `_aandeel`: 100 × zonder
  / declarabel.

Late declarations per aanbieder are `<wet>.doorlooptijd_declaratie_aanbieder_boven_norm`
(`figures.doorlooptijden`): one definition, shown in both places.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures import doorlooptijden
from sdmonitor.figures.rows import combine, rows
from sdmonitor.periods import Periode

WETTEN = ("jeugd", "wmo")
# WJ001 codes that accept a line or say nothing about it: not a rejection.
NOT_REJECTED = frozenset({"0200", "0233", "8001"})
INDICATORS = ("berichten.aantal", "berichten.overgeslagen", *(
    f"{wet}.{name}" for wet in WETTEN for name in (
        "declaratieregels_ingediend", "declaratieregels_afgewezen", "declaratieregels_afgewezen_aandeel",
        "afwijzingsreden", "declaratieregels_gecrediteerd", "declaratieregels_gecrediteerd_aandeel",
        "toewijzingen_declarabel", "toewijzingen_zonder_declaratie", "toewijzingen_zonder_declaratie_aandeel")))


def _in_window(dates: pd.Series, periode: Periode) -> pd.Series:
    return dates.between(pd.Timestamp(periode.jaar - 3, 1, 1), pd.Timestamp(periode.end))


def _year(dates: pd.Series) -> pd.Series:
    return dates.dt.year.astype(str)


def berichten_rows(berichten: pd.DataFrame, periode: Periode, peildatum: pd.Timestamp) -> pd.DataFrame:
    """`berichten.aantal` per year and month (total and per berichttype) and `berichten.overgeslagen`."""
    known = berichten.loc[berichten["dagtekening"].notna() & (berichten["dagtekening"] <= peildatum)]
    known = known.loc[_in_window(known["dagtekening"], periode)]
    known = known.assign(jaar=_year(known["dagtekening"]), maand=known["dagtekening"].dt.strftime("%Y-%m"),
                         type=known["berichttype"].fillna("onbekend"))
    parts = []
    for col in ("jaar", "maand"):
        parts.append(rows("berichten.aantal", known.groupby(col).size().astype("float64"), "aantal"))
        parts.append(rows("berichten.aantal", known.groupby([col, "type"]).size().astype("float64"), "aantal"))
    skipped = known.loc[known["status"] == "overgeslagen"].groupby("jaar").size()
    years = sorted(set(known["jaar"]))
    parts.append(rows("berichten.overgeslagen", skipped.reindex(years, fill_value=0).astype("float64"), "aantal"))
    return combine(parts)


def rejected(retouren: pd.DataFrame, periode: Periode, peildatum: pd.Timestamp) -> pd.DataFrame:
    """The rejecting retour rows known on the peildatum with a service month in the window."""
    known = retouren.loc[(retouren["verzonden_op"] <= peildatum) & ~retouren["retourcode"].isin(NOT_REJECTED)]
    return known.loc[_in_window(known["periode_begin"], periode)]


def regels_rows(lines: pd.DataFrame, retouren: pd.DataFrame | None, periode: Periode,
                peildatum: pd.Timestamp) -> pd.DataFrame:
    """Lines submitted, rejected (with `retouren`) and credited, with their shares and reasons."""
    # PGB is paid through the SVB: its lines are no 323 messages.
    lines = lines.loc[(lines["zorgvorm"] == "ZIN") & _in_window(lines["periode_begin"], periode)]
    rej = None if retouren is None else rejected(retouren, periode, peildatum)
    parts = []
    for wet in WETTEN:
        mine = lines.loc[lines["wet"] == wet]
        own_rej = None if rej is None else rej.loc[rej["wet"] == wet]
        if mine.empty and (own_rej is None or own_rej.empty):
            continue
        accepted = mine.groupby(_year(mine["periode_begin"])).size()
        credit = mine.loc[mine["bedrag"] < 0].groupby(_year(mine.loc[mine["bedrag"] < 0, "periode_begin"])).size()
        years = set(accepted.index)
        if own_rej is not None:
            distinct = own_rej.drop_duplicates(["aanbieder", "referentie"])
            n_rej = distinct.groupby(_year(distinct["periode_begin"])).size()
            years |= set(n_rej.index)
        order = sorted(years)
        submitted = accepted.reindex(order, fill_value=0)
        credit = credit.reindex(order, fill_value=0)
        parts += [rows(f"{wet}.declaratieregels_gecrediteerd", credit.astype("float64"), "aantal"),
                  rows(f"{wet}.declaratieregels_gecrediteerd_aandeel",
                       (100.0 * credit / submitted.where(submitted > 0)).dropna(), "procent")]
        if own_rej is not None:
            n_rej = n_rej.reindex(order, fill_value=0)
            submitted = submitted + n_rej
            per_code = own_rej.drop_duplicates(["aanbieder", "referentie", "retourcode"])
            parts += [rows(f"{wet}.declaratieregels_afgewezen", n_rej.astype("float64"), "aantal"),
                      rows(f"{wet}.declaratieregels_afgewezen_aandeel",
                           (100.0 * n_rej / submitted.where(submitted > 0)).dropna(), "procent"),
                      rows(f"{wet}.afwijzingsreden", per_code.groupby(
                          [_year(per_code["periode_begin"]), per_code["retourcode"]]).size().astype("float64"),
                          "aantal")]
        parts.append(rows(f"{wet}.declaratieregels_ingediend", submitted.astype("float64"), "aantal"))
    return combine(parts)


def declared_allocations(alloc: pd.DataFrame, lines: pd.DataFrame) -> pd.Series:
    """Per allocation (index of `alloc`): whether a declaration line is on it (the module docstring)."""
    on_id = pd.Series(False, index=alloc.index)
    if "toewijzing_id" in lines.columns and lines["toewijzing_id"].notna().any():
        ids = set(zip(lines["wet"], lines["toewijzing_id"].dropna()))
        on_id = pd.Series([(w, t) in ids for w, t in zip(alloc["wet"], alloc["toewijzing_id"])], index=alloc.index)
    months = lines[["wet", "client_id", "productcode", "periode_begin"]]
    pairs = alloc[["wet", "client_id", "productcode", "ingangsdatum", "einddatum"]].reset_index().merge(
        months, on=["wet", "client_id", "productcode"], how="inner")
    # A service month inside the allocation: the month begins on or before the allocation's end and
    # ends on or after its start.
    inside = (pairs["periode_begin"] + pd.offsets.MonthEnd(0) >= pairs["ingangsdatum"]) & (
        pairs["einddatum"].isna() | (pairs["periode_begin"] <= pairs["einddatum"]))
    on_client = pd.Series(False, index=alloc.index)
    on_client.loc[pairs.loc[inside, "index"].unique()] = True
    return on_id | on_client


def toewijzingen_rows(toewijzingen: pd.DataFrame, lines: pd.DataFrame, norm: dict[str, int], periode: Periode,
                      peildatum: pd.Timestamp) -> pd.DataFrame:
    """`<wet>.toewijzingen_declarabel`, `_zonder_declaratie` and its share per year of `ingangsdatum`."""
    alloc = toewijzingen.loc[toewijzingen["toegewezen_op"].isna() | (toewijzingen["toegewezen_op"] <= peildatum)]
    alloc = alloc.loc[_in_window(alloc["ingangsdatum"], periode)]
    parts = []
    for wet in WETTEN:
        mine = alloc.loc[alloc["wet"] == wet]
        if mine.empty:
            continue
        due = mine["ingangsdatum"] + pd.offsets.MonthEnd(0) + pd.to_timedelta(norm[wet], unit="D")
        mine = mine.loc[due <= peildatum]
        declared = declared_allocations(mine, lines.loc[lines["wet"] == wet])
        jaar = _year(mine["ingangsdatum"])
        total = mine.groupby(jaar).size()
        without = (~declared).groupby(jaar).sum().reindex(total.index, fill_value=0)
        parts += [rows(f"{wet}.toewijzingen_declarabel", total.astype("float64"), "aantal"),
                  rows(f"{wet}.toewijzingen_zonder_declaratie", without.astype("float64"), "aantal"),
                  rows(f"{wet}.toewijzingen_zonder_declaratie_aandeel",
                       (100.0 * without / total.where(total > 0)).dropna(), "procent")]
    return combine(parts)


def figure_rows(selection) -> pd.DataFrame:
    """All message quality figures of one Selection; figures of an absent table have no rows."""
    periode, peildatum = selection.periode, pd.Timestamp(selection.peildatum)
    tables = selection.tables
    norm = doorlooptijden.normen(selection.gemeente.raw.get("doorlooptijd_normen"))["declaratie"]
    parts = [regels_rows(selection.lines, tables["retouren"] if selection.has("retouren") else None, periode,
                         peildatum)]
    if selection.has("berichten"):
        parts.append(berichten_rows(tables["berichten"], periode, peildatum))
    if selection.has("toewijzingen"):
        parts.append(toewijzingen_rows(tables["toewijzingen"], selection.lines, norm, periode, peildatum))
    return combine(parts)


__all__ = ["INDICATORS", "NOT_REJECTED", "berichten_rows", "declared_allocations", "figure_rows", "regels_rows",
           "rejected", "toewijzingen_rows"]
