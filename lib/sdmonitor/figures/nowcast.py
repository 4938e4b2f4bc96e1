"""Nowcast of incomplete periods: how complete each service month is on the peildatum, and what
its kosten and clienten are expected to come to once every declaration is in (docs/prognose.md §6).

The same development pattern as the prognosis (`prognose.month_ultimates`: chain-ladder shares,
Bornhuetter-Ferguson ultimates). Figures (INTERFACE §3):

- `<wet>.compleetheid` (month): expected share of the month's final bedrag declared on the
  peildatum = 1 / CDF at the month's reached age, from the wet's total triangle (clipped to 0..1);
- `<wet>.kosten_verwacht` (year, month; total and per begrotingspost) = `kosten` + still expected;
- `<wet>.clienten_verwacht` (month) = `clienten` + still expected, from a triangle of distinct
  clients by declaration age.

"Still expected" is exactly 0 for a month that has reached the tail age (complete), so for
complete periods verwacht equals what is declared, to the cent.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from sdmonitor.figures import development as dev
from sdmonitor.figures import prognose
from sdmonitor.figures.rows import combine, empty, rows
from sdmonitor.figures.segment_sums import segment_sums
from sdmonitor.ingest import netting
from sdmonitor.periods import Periode

WETTEN = ("jeugd", "wmo")
# Below this completeness a month's figure is *voorlopig* (status `voorlopig`): more than 1 % of
# its final value (bedrag, or clients for client counts) is still expected. At 5 % a month with
# 1.044 of 1.087 expected jeugd clients read as final.
VOORLOPIG_DREMPEL = 0.99
# A year's realisatie is held against its begroting to the euro: it stays voorlopig until 99 % of
# its expected final kosten is declared (a 4 % gap is larger than most afwijkingen).
VOORLOPIG_DREMPEL_JAAR = 0.99


def month_nowcast(lines: pd.DataFrame, by: list[str], periode: Periode, peildatum: date,
                  settings: prognose.Settings = prognose.CLASSIC) -> pd.DataFrame:
    """Per group and service month through the periode: `month_ultimates` plus `nog` (the amount
    still expected: ultimate - declared, exactly 0 once the month reached the tail age)."""
    known = prognose.cut(lines, periode, peildatum)
    months = prognose.month_ultimates(known, by, periode, peildatum, (periode.jaar, periode.maand),
                                      settings=settings)
    return _with_nog(months, settings)


def _with_nog(months: pd.DataFrame, settings: prognose.Settings) -> pd.DataFrame:
    months = months.copy()
    complete = months["leeftijd"].astype("int64") >= settings.tail_age
    nog = months["ultimate"].astype("float64") - months["gedeclareerd"].astype("float64")
    months["nog"] = nog.where(~complete, 0.0).fillna(0.0)
    return months


def compleetheid(lines: pd.DataFrame, periode: Periode, peildatum: date, months: list[str],
                 settings: prognose.Settings = prognose.CLASSIC) -> pd.DataFrame:
    """Per wet and month in `months`: expected share (0..1) of the final bedrag declared on the
    peildatum, from the wet's total triangle. A month at or past the tail age is 1; a month
    before the wet's first data month gets the share of its reached age. No lines, no rows."""
    frame = month_nowcast(lines, ["wet"], periode, peildatum, settings)
    ages = dev.latest_age(dev.month_index(pd.Series(months, dtype="str")), peildatum).tolist()
    out = []
    for wet, own in frame.groupby("wet", sort=True):
        by_age = dict(zip(own["leeftijd"].astype("int64"), own["aandeel"].astype("float64")))
        share = dict(zip(own["maand"], own["aandeel"].astype("float64")))
        values = [1.0 if age >= settings.tail_age else share.get(maand, by_age.get(age, 1.0))
                  for maand, age in zip(months, ages)]
        # A factor below 1 (net credits still to come) would make the share exceed 1.
        out.append(pd.DataFrame({"wet": wet, "maand": months,
                                 "compleetheid": np.clip(np.asarray(values, dtype="float64"), 0.0, 1.0)}))
    if not out:
        return pd.DataFrame(columns=["wet", "maand", "compleetheid"])
    return pd.concat(out, ignore_index=True)


def client_increments(lines: pd.DataFrame, peildatum: date, tail_age: int = dev.TAIL_AGE) -> pd.DataFrame:
    """Distinct clients by declaration age: per wet and service month, how many clients first
    count as delivered (a cell with net volume > 0, netting only the lines declared up to that
    age) at each age. Columns wet, `_m`, `_age`, `_v` for `prognose.increment_ultimates`.

    Cumulated over the ages, row k is the number of distinct delivered clients of the month as it
    would have been counted k months after it; at the latest age it equals `<wet>.clienten`.
    A credit can make a later count smaller, so an increment may be negative.
    """
    columns = ["wet", "_m", "_age", "_v"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    # Integer codes in the sorted order of the keys: one grouping key instead of five texts and
    # numbers, with the rows in the same order, so each cell's volume at each age is summed as the
    # grouping on the five columns summed it (pandas' choice of summation follows that order).
    wet, wetten = pd.factorize(lines["wet"], sort=True)
    client, clients = pd.factorize(lines["client_id"], sort=True)
    product, products = pd.factorize(lines["productcode"], sort=True)
    month = dev.month_index(lines["maand"])
    age = np.minimum(dev.development_age(lines["maand"], lines["ingediend_op"], peildatum), tail_age)
    volume = lines["volume"].astype("float64").to_numpy()
    keep = (wet >= 0) & (client >= 0) & (product >= 0)  # a line without a key is in no cell (groupby)
    if not keep.all():
        wet, client, product, month, age = (a[keep] for a in (wet, client, product, month, age))
        volume = volume[keep]
    if wet.size == 0:
        return pd.DataFrame(columns=columns)
    first, span = int(month.min()), int(month.max()) - int(month.min()) + 1
    ages = tail_age + 1
    # One number per key, most significant first: (wet, client, month) is a client's month, and
    # with the product a cell; // and % take the parts back.
    client_month = (wet.astype("int64") * len(clients) + client) * span + (month - first)
    cell = client_month * len(products) + product
    sums = pd.Series(volume).groupby(cell * ages + age, sort=True).sum()
    key = sums.index.to_numpy()
    cells, row = np.unique(key // ages, return_inverse=True)
    wide = np.zeros((cells.size, ages))
    wide[row, key % ages] = sums.to_numpy()
    delivered = netting.delivered(pd.DataFrame(np.cumsum(wide, axis=1))).to_numpy()  # delivered by each age
    # A client counts once per month, however many of its products are delivered.
    owners, owner = np.unique(cells // len(products), return_inverse=True)
    per_client = np.zeros((owners.size, ages), dtype=bool)
    np.logical_or.at(per_client, owner, delivered)
    wet_month = owners // span // len(clients) * span + owners % span  # the client left out
    groups, group = np.unique(wet_month, return_inverse=True)
    counts = np.zeros((groups.size, ages))
    np.add.at(counts, group, per_client.astype("float64"))
    increments = np.diff(counts, axis=1, prepend=0.0)
    out = pd.DataFrame({"wet": np.repeat(np.asarray(wetten, dtype=object)[groups // span], ages),
                        "_m": np.repeat(groups % span + first, ages).astype("int64"),
                        "_age": np.tile(np.arange(ages, dtype="int64"), groups.size),
                        "_v": increments.ravel()})
    return out[out["_v"] != 0].reset_index(drop=True)


def clienten_nog(lines: pd.DataFrame, periode: Periode, peildatum: date,
                 settings: prognose.Settings = prognose.CLASSIC) -> pd.DataFrame:
    """Per wet and service month through the periode: distinct clients declared so far
    (`gedeclareerd`) and still expected (`nog`, Bornhuetter-Ferguson on the client triangle)."""
    known = prognose.cut(lines, periode, peildatum)
    increments = client_increments(known, peildatum, settings.tail_age)
    months = prognose.increment_ultimates(increments, ["wet"], periode, peildatum,
                                          (periode.jaar, periode.maand), settings)
    return _with_nog(months, settings)


def _monthly(values: pd.Series, months: list[str]) -> pd.Series:
    return values.groupby(level=0).sum().reindex(months, fill_value=0.0).astype("float64")


def kosten_verwacht(lines: pd.DataFrame, kosten: pd.DataFrame, wet: str, periode: Periode, peildatum: date,
                    settings: prognose.Settings = prognose.CLASSIC) -> pd.DataFrame:
    """`<wet>.kosten_verwacht` rows: declared bedrag + still expected, per report year (current
    year through the periode) and month, in total and per begrotingspost.

    `kosten` are the wet's `<wet>.kosten` rows (year; total and per begrotingspost): a year's
    verwacht is that very figure plus what is still expected, so a complete year equals it
    exactly. Lines without a begrotingspost count in the total only.
    """
    own = lines.loc[lines["wet"] == wet]
    months = periode.months
    years = [str(y) for y in periode.years]
    nowcast = month_nowcast(own, ["begrotingspost"], periode, peildatum, settings)
    nowcast = nowcast[nowcast["maand"].isin(months)]
    report = own.loc[own["maand"].isin(months)]
    posts = sorted(set(kosten["dimensie"]) - {""})
    # Every begrotingspost in one grouped sum (per post and month the same lines in the same
    # order as a sum per post); the total over all lines, including those without a post.
    declared = pd.concat([pd.concat({"": _monthly(report.groupby("maand")["bedrag"].sum(), months)}),
                          _per_post(report, "bedrag", posts, months)])
    nog = pd.concat([pd.concat({"": _monthly(nowcast.set_index("maand")["nog"], months)}),
                     _per_post(nowcast, "nog", posts, months)])
    year = (kosten.set_index(["dimensie", "periode"])["waarde"]
            .reindex(pd.MultiIndex.from_product([["", *posts], years]), fill_value=0.0))
    nog_year = nog.groupby([nog.index.get_level_values(0), nog.index.get_level_values(1).str[:4]], sort=False).sum()
    nog_year = nog_year.reindex(year.index, fill_value=0.0)
    return combine([rows(f"{wet}.kosten_verwacht", (year + nog_year).swaplevel(), "euro"),
                    rows(f"{wet}.kosten_verwacht", (declared + nog).swaplevel(), "euro")])


def _per_post(frame: pd.DataFrame, column: str, posts: list[str], months: list[str]) -> pd.Series:
    """The monthly sums of `column` per begrotingspost (as `_monthly` of each post's rows) as one
    (begrotingspost, maand) series over every post and month, 0 where there is nothing."""
    sums = segment_sums(frame, ["begrotingspost"], ["maand"], column).set_index(["begrotingspost", "maand"])[column]
    return sums.reindex(pd.MultiIndex.from_product([posts, months]), fill_value=0.0).astype("float64")


def _to_years(monthly: pd.Series, years: list[str]) -> pd.Series:
    return monthly.groupby(monthly.index.str[:4]).sum().reindex(years, fill_value=0.0)


def clienten_verwacht(lines: pd.DataFrame, clienten_month: pd.Series, wet: str, periode: Periode,
                      peildatum: date, settings: prognose.Settings = prognose.CLASSIC) -> pd.DataFrame:
    """`<wet>.clienten_verwacht` rows (month, total): `clienten_month` (the month's
    `<wet>.clienten`, indexed by month) + the clients still expected for it."""
    return _clienten_verwacht(clienten_nog(lines.loc[lines["wet"] == wet], periode, peildatum, settings),
                              clienten_month, wet, periode)


def _clienten_verwacht(nog: pd.DataFrame, clienten_month: pd.Series, wet: str, periode: Periode) -> pd.DataFrame:
    """`clienten_verwacht` from `clienten_nog` of lines of any wetten (each wet its own group)."""
    months = periode.months
    nog_per_month = _monthly(nog.loc[nog["wet"] == wet].set_index("maand")["nog"], months)
    base = clienten_month.reindex(months, fill_value=0.0).astype("float64")
    return rows(f"{wet}.clienten_verwacht", base + nog_per_month, "aantal")


def figure_rows(selection) -> pd.DataFrame:
    """compleetheid, kosten_verwacht and clienten_verwacht of one selection (INTERFACE §3)."""
    from sdmonitor.figures import zorggebruik

    lines, periode, peildatum = selection.lines, selection.periode, selection.peildatum
    if lines.empty:
        return empty()
    parts = []
    complete = compleetheid(lines, periode, peildatum, periode.months)
    # The client triangle of both wetten at once: each wet is its own group, as apart.
    nog = clienten_nog(lines, periode, peildatum)
    for wet in WETTEN:
        if not (lines["wet"] == wet).any():
            continue
        own = complete[complete["wet"] == wet].set_index("maand")["compleetheid"]
        parts.append(rows(f"{wet}.compleetheid", own, "fractie"))
        kosten = zorggebruik.kosten(selection, wet)
        parts.append(kosten_verwacht(lines, kosten[kosten["periode"].str.len() == 4], wet, periode, peildatum))
        clienten = zorggebruik.clienten(selection, wet)
        month_total = clienten[(clienten["periode"].str.len() == 7) & (clienten["dimensie"] == "")]
        parts.append(_clienten_verwacht(nog, month_total.set_index("periode")["waarde"], wet, periode))
    return combine(parts)


def _series(figures: pd.DataFrame, indicator: str, dimensie: str = "") -> pd.Series:
    hit = figures[(figures["indicator"] == indicator) & (figures["dimensie"] == dimensie)]
    return hit.set_index("periode")["waarde"]


def voorlopige_maanden(figures: pd.DataFrame, wet: str) -> list[str]:
    """Months of a figure table whose compleetheid is below `VOORLOPIG_DREMPEL` (declarations to come).
    The one rule for what the report, the explorer and the query API mark as voorlopig."""
    share = _series(figures, f"{wet}.compleetheid")
    return sorted(share.index[share < VOORLOPIG_DREMPEL])


def jaar_compleetheid(figures: pd.DataFrame, wet: str, jaar: int | str) -> float | None:
    """The share of a year's expected final kosten already declared (kosten / kosten_verwacht)."""
    kosten = _series(figures, f"{wet}.kosten").get(str(jaar))
    verwacht = _series(figures, f"{wet}.kosten_verwacht").get(str(jaar))
    if kosten is None or verwacht is None or not verwacht:
        return None
    return float(kosten) / float(verwacht)


def jaar_voorlopig(figures: pd.DataFrame, wet: str, jaar: int | str) -> bool:
    """A year is voorlopig while less than `VOORLOPIG_DREMPEL_JAAR` of its kosten is declared."""
    share = jaar_compleetheid(figures, wet, jaar)
    return share is not None and share < VOORLOPIG_DREMPEL_JAAR


__all__ = ["VOORLOPIG_DREMPEL", "VOORLOPIG_DREMPEL_JAAR", "jaar_compleetheid", "jaar_voorlopig", "voorlopige_maanden",
           "client_increments", "clienten_nog", "clienten_verwacht", "compleetheid",
           "figure_rows", "kosten_verwacht", "month_nowcast"]
