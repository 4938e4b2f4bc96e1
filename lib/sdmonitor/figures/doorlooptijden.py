"""Doorlooptijden from the message chain (issue 20 §14; docs/definitions.md "Doorlooptijden").

Three stages, each a set of *cases* with a number of days and the date that dates the case:

- `aanvraag`: request (315, `aanvragen.aangevraagd_op`) → allocation (301, `toewijzingen.toegewezen_op`).
  A request is matched to the first allocation on or after its date of the same gemeente, wet,
  client, aanbieder (where `toewijzingen` has one) and productcategorie (and productcode when the
  request names one); each allocation answers at most one request, the earliest open one. Dated by
  `toegewezen_op`: a request still without allocation is no case (yet).
- `start`: allocation (301) → start of care (305, the earliest `zorgmeldingen` start of the same
  `toewijzing_id`). Care that began before the allocation (a retroactive allocation) waited 0 days
  after it. Dated by the start `datum`.
- `declaratie`: end of the service month → `ingediend_op` of the 323 line (debit ZIN lines; a
  line declared inside its own month counts 0). Dated by `ingediend_op`.

Only what was known on the peildatum counts (messages dated on or before it), and only cases
dated in a report year up to the end of the periode month. Per stage and wet, with the breakdowns
productcategorie (and the total, dimensie ""), kwartaal (`K1`..`K4` of the case's date) and
aanbieder, four figures per year: `_aantal` (cases), `_clienten` (distinct clients among them),
`_mediaan` (days) and `_boven_norm` (procent of cases with more days than the municipality's norm,
`doorlooptijd_normen` in parameters/). The median and the share are declared per person of
`_clienten` in the registry, so they are hidden where fewer clients than the threshold are behind them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from sdmonitor.errors import UsageError
from sdmonitor.figures.rows import combine, empty, table
from sdmonitor.periods import Periode

WETTEN = ("jeugd", "wmo")
STAGES = ("aanvraag", "start", "declaratie")
BREAKDOWNS = {"": "productcategorie", "kwartaal": "kwartaal", "aanbieder": "aanbieder"}
MEASURES = ("aantal", "clienten", "mediaan", "boven_norm")
QUARTERS = {1: "K1", 2: "K2", 3: "K3", 4: "K4"}
UNITS = {"aantal": "aantal", "clienten": "aantal", "mediaan": "dagen", "boven_norm": "procent"}
# Defaults in days, justified in docs/definitions.md: the Awb term (8 weeks) for a Jeugd request and
# the Wmo 2015 term (2 weeks) for a Wmo one; four weeks to the start of care; eight weeks to declare.
DEFAULT_NORMEN: dict[str, dict[str, int]] = {
    "aanvraag": {"jeugd": 56, "wmo": 14},
    "start": {"jeugd": 28, "wmo": 28},
    "declaratie": {"jeugd": 56, "wmo": 56},
}
CASE_COLUMNS = ["wet", "client_id", "aanbieder", "productcategorie", "datum", "dagen"]


def indicator(wet: str, stage: str, breakdown: str, measure: str) -> str:
    """The figure name, e.g. `jeugd.doorlooptijd_aanvraag_kwartaal_mediaan`."""
    middle = f"_{breakdown}" if breakdown else ""
    return f"{wet}.doorlooptijd_{stage}{middle}_{measure}"


INDICATORS = tuple(indicator(w, s, b, m) for w in WETTEN for s in STAGES for b in BREAKDOWNS for m in MEASURES)


def normen(raw: Mapping[str, Any] | None) -> dict[str, dict[str, int]]:
    """The norms per stage and wet from a municipality's `doorlooptijd_normen` (a number of days per
    stage, or per stage a mapping wet → days); stages or wetten not given keep the default."""
    out = {s: dict(v) for s, v in DEFAULT_NORMEN.items()}
    for stage, value in (raw or {}).items():
        if stage not in out:
            raise UsageError(f"doorlooptijd_normen: onbekende stap '{stage}' (verwacht {', '.join(STAGES)})")
        per_wet = value if isinstance(value, Mapping) else {w: value for w in WETTEN}
        for wet, days in per_wet.items():
            if wet not in WETTEN or isinstance(days, bool) or not isinstance(days, int) or days < 0:
                raise UsageError(f"doorlooptijd_normen.{stage}: '{wet}: {days}' moet een wet (jeugd, wmo) "
                                 "met een geheel aantal dagen (0 of meer) zijn")
            out[stage][wet] = days
    return out


def _known(frame: pd.DataFrame, column: str, peildatum: pd.Timestamp) -> pd.DataFrame:
    return frame.loc[frame[column].notna() & (frame[column] <= peildatum)]


def _cases(frame: pd.DataFrame, datum: pd.Series, dagen: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame({c: frame[c] if c in frame.columns else pd.Series(pd.NA, index=frame.index, dtype="object")
                        for c in CASE_COLUMNS[:4]})
    out["datum"] = datum
    out["dagen"] = dagen.astype("float64")
    return out.reset_index(drop=True)


def allocation_categories(toewijzingen: pd.DataFrame, *sources: pd.DataFrame) -> pd.Series:
    """Each allocation's productcategorie: its own column where the import wrote it, else the
    category the other tables give its productcode (same wet; the most frequent one)."""
    own = toewijzingen["productcategorie"] if "productcategorie" in toewijzingen else pd.Series(
        pd.NA, index=toewijzingen.index, dtype="object")
    known = [s[["wet", "productcode", "productcategorie"]].dropna() for s in sources if len(s)]
    if not known:
        return own
    pairs = pd.concat(known, ignore_index=True)
    mapping = pairs.groupby(["wet", "productcode"])["productcategorie"].agg(lambda v: v.value_counts().index[0])
    keys = pd.MultiIndex.from_arrays([toewijzingen["wet"], toewijzingen["productcode"]])
    derived = pd.Series(mapping.reindex(keys).to_numpy(), index=toewijzingen.index, dtype="object")
    return own.where(own.notna(), derived)


def aanvraag_cases(aanvragen: pd.DataFrame, toewijzingen: pd.DataFrame, peildatum: pd.Timestamp,
                   categories: pd.Series | None = None) -> pd.DataFrame:
    """Requests matched to their allocation (the module docstring's rule), with days between."""
    req = _known(aanvragen, "aangevraagd_op", peildatum)
    alloc = _known(toewijzingen, "toegewezen_op", peildatum).copy()
    cats = categories if categories is not None else allocation_categories(toewijzingen)
    alloc["productcategorie"] = cats.reindex(alloc.index)
    with_aanbieder = "aanbieder" in alloc.columns and alloc["aanbieder"].notna().any()
    keys = ["gemeente", "wet", "client_id", "productcategorie"] + (["aanbieder"] if with_aanbieder else [])
    req = req.sort_values("aangevraagd_op", kind="mergesort")
    alloc = alloc.sort_values(["toegewezen_op", "toewijzing_id"], kind="mergesort")
    # Positions per key (not a frame per key: a municipality has thousands of clients), in the
    # sorted order; an allocation with a missing key answers no request.
    alloc = alloc.loc[alloc[keys].notna().all(axis=1)]
    groups = alloc.groupby(keys, sort=False).indices
    given_on, given_code = list(alloc["toegewezen_op"]), list(alloc["productcode"])
    taken: set[int] = set()
    matched_req, matched_date = [], []
    for idx, key, asked, code in zip(req.index, zip(*(req[k] for k in keys)), req["aangevraagd_op"],
                                     req["productcode"]):
        positions = groups.get(key)
        if positions is None:
            continue
        for at in positions:
            given = given_on[at]
            if at in taken or given < asked or (isinstance(code, str) and code != given_code[at]):
                continue
            taken.add(at)
            matched_req.append(idx)
            matched_date.append(given)
            break
    if not matched_req:
        return _cases(req.iloc[:0], pd.Series([], dtype="datetime64[ns]"), pd.Series([], dtype="float64"))
    hit = req.loc[matched_req]
    given = pd.Series(matched_date, index=hit.index, dtype="datetime64[ns]")
    return _cases(hit, given, (given - hit["aangevraagd_op"]).dt.days)


def start_cases(toewijzingen: pd.DataFrame, zorgmeldingen: pd.DataFrame, peildatum: pd.Timestamp) -> pd.DataFrame:
    """Allocations with their first start message: days from `toegewezen_op` to the start (at least 0)."""
    starts = _known(zorgmeldingen.loc[zorgmeldingen["soort"] == "start"], "gemeld_op", peildatum)
    first = (starts.sort_values("datum", kind="mergesort")
             .drop_duplicates(["gemeente", "wet", "toewijzing_id"], keep="first"))
    alloc = _known(toewijzingen, "toegewezen_op", peildatum)[["gemeente", "wet", "toewijzing_id", "toegewezen_op"]]
    both = first.merge(alloc, on=["gemeente", "wet", "toewijzing_id"], how="inner")
    days = (both["datum"] - both["toegewezen_op"]).dt.days.clip(lower=0)
    return _cases(both, both["datum"], days)


def declaratie_cases(lines: pd.DataFrame) -> pd.DataFrame:
    """Debit ZIN lines: days from the last day of the service month to `ingediend_op` (at least 0)."""
    debit = lines.loc[(lines["bedrag"] > 0) & (lines["zorgvorm"] == "ZIN") & lines["ingediend_op"].notna()]
    month_end = debit["periode_begin"] + pd.offsets.MonthEnd(0)
    days = (debit["ingediend_op"] - month_end).dt.days.clip(lower=0)
    return _cases(debit, debit["ingediend_op"], days)


def _window(periode: Periode) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(periode.jaar - 3, 1, 1), pd.Timestamp(periode.end)


def stage_rows(cases: pd.DataFrame, stage: str, norm: Mapping[str, int], periode: Periode) -> pd.DataFrame:
    """The four figures per breakdown of one stage (see the module docstring), per year: one
    grouping over (wet, breakdown, year, dimension) gives every row of the stage at once."""
    first, last = _window(periode)
    cases = cases.loc[cases["datum"].between(first, last) & cases["wet"].isin(WETTEN)]
    if cases.empty:
        return empty()
    # Only the columns the figures need, clients as numbers: the cases are stacked once per breakdown.
    client = pd.factorize(cases["client_id"])[0].astype("float64")
    client[client < 0] = np.nan
    slim = pd.DataFrame({"wet": cases["wet"].to_numpy(), "jaar": cases["datum"].dt.year.to_numpy(), "client": client,
                         "dagen": cases["dagen"].to_numpy(dtype="float64"),
                         "_over": (cases["dagen"] > cases["wet"].map(dict(norm)).astype("float64")).to_numpy()})
    dims = {"": cases["productcategorie"], "kwartaal": cases["datum"].dt.quarter.map(QUARTERS),
            "aanbieder": cases["aanbieder"]}
    frames = [slim.assign(_breakdown=breakdown, _dim=np.asarray(dims[breakdown], dtype=object))
              for breakdown in BREAKDOWNS]
    frames.append(slim.assign(_breakdown="", _dim=""))  # the total row of the stage
    data = pd.concat(frames, ignore_index=True)
    grouped = data.loc[data["_dim"].notna()].groupby(["wet", "_breakdown", "jaar", "_dim"], sort=True)
    values = pd.DataFrame({"aantal": grouped.size().astype("float64"),
                           "clienten": grouped["client"].nunique().astype("float64"),
                           "mediaan": grouped["dagen"].median(), "boven_norm": 100.0 * grouped["_over"].mean()})
    long = values.reset_index().melt(id_vars=["wet", "_breakdown", "jaar", "_dim"], value_vars=list(MEASURES),
                                     var_name="measure", value_name="waarde")
    return combine([table(pd.DataFrame({
        "indicator": [indicator(w, stage, b, m) for w, b, m in zip(long["wet"], long["_breakdown"], long["measure"])],
        "periode": long["jaar"].astype(str), "dimensie": long["_dim"], "waarde": long["waarde"],
        "eenheid": long["measure"].map(UNITS)}))])


def figure_rows(selection) -> pd.DataFrame:
    """All doorlooptijd figures of one Selection; a stage whose tables are absent has no rows (the
    status gives its grid geen_gegevens)."""
    norm = normen(selection.gemeente.raw.get("doorlooptijd_normen"))
    peildatum = pd.Timestamp(selection.peildatum)
    tables = selection.tables
    parts = [stage_rows(declaratie_cases(selection.lines), "declaratie", norm["declaratie"], selection.periode)]
    if selection.has("toewijzingen"):
        alloc = tables["toewijzingen"]
        if selection.has("aanvragen"):
            sources = [tables["aanvragen"], selection.lines]
            if selection.has("zorgmeldingen"):
                sources.append(tables["zorgmeldingen"])
            cats = allocation_categories(alloc, *sources)
            cases = aanvraag_cases(tables["aanvragen"], alloc, peildatum, cats)
            parts.append(stage_rows(cases, "aanvraag", norm["aanvraag"], selection.periode))
        if selection.has("zorgmeldingen"):
            parts.append(stage_rows(start_cases(alloc, tables["zorgmeldingen"], peildatum), "start", norm["start"],
                                    selection.periode))
    return combine(parts) if parts else empty()


__all__ = ["BREAKDOWNS", "DEFAULT_NORMEN", "INDICATORS", "MEASURES", "STAGES", "aanvraag_cases",
           "allocation_categories", "declaratie_cases", "figure_rows", "indicator", "normen", "stage_rows",
           "start_cases"]
