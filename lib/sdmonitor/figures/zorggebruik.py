"""Jeugd and Wmo usage and money (INTERFACE.md §3): one function per figure.

Every figure covers the report years `Y-3 .. Y` (the current year up to the periode) and, when
monthly, every month from January `Y-3` through the periode.

Zeros and gaps, decided once for all figures:
- counts and sums (clienten, kosten, volume, verwijzer) are 0 where there is no data, for the
  total and for every dimension value the product book (or the data) knows;
- ratios (pgb_aandeel, top25_aandeel, pct_in_zorg, kosten_per_client, kosten_per_inwoner) are
  left out when their denominator is 0 or unknown: a ratio of nothing does not exist, and the
  report says "niet beschikbaar" for a missing row. `kpis.csv` therefore only holds numbers.
"""

from __future__ import annotations

import pandas as pd

from sdmonitor.figures.columnar import every_wet, of_wet, rows_of_every_wet, sum_per_wet
from sdmonitor.figures.rows import combine, empty, rows
from sdmonitor.ingest import netting
from sdmonitor.ingest.selection import NATIONAAL, Selection

WETTEN = ("jeugd", "wmo")
MAX_JEUGD_LEEFTIJD = 17
MIN_OUDEREN_LEEFTIJD = 65
TOP_N = 25
WAARNEMING = "waarneming"


# --- shared building blocks -------------------------------------------------------------------

def report_lines(sel: Selection, wet: str) -> pd.DataFrame:
    """The selection's lines of one wet whose service month lies in the report years (shared:
    not to be changed in place)."""
    lines = sel.lines
    return sel.memo(("report_lines", wet),
                    lambda: lines.loc[(lines["wet"] == wet) & lines["jaar"].isin(sel.periode.years)])


def bouwsteen_lines(sel: Selection, wet: str) -> pd.DataFrame:
    """`report_lines` with the edition's product successions applied (`opvolging`): an old
    product counts under its successor's bouwsteen, its volume in the successor's unit, so the
    bouwsteen figures compare like with like across a contract change."""
    from sdmonitor.figures import opvolging

    lines = opvolging.selection_lines(sel)
    if lines is sel.lines:
        return report_lines(sel, wet)
    return lines.loc[(lines["wet"] == wet) & lines["jaar"].isin(sel.periode.years)]


def delivered_cells(sel: Selection, wet: str) -> pd.DataFrame:
    """The cells of one wet in the report years with net volume > 0 (`netting.cells` of
    `report_lines`: a cell lies within one wet and one month, so the selection's cells filtered)."""
    cells = sel.cells()
    return cells.loc[(cells["wet"] == wet) & cells["jaar"].isin(sel.periode.years) & cells["geleverd"]]


def _all_delivered_cells(sel: Selection) -> pd.DataFrame:
    """`delivered_cells` of every wet at once (shared)."""
    def compute() -> pd.DataFrame:
        cells = sel.cells()
        return cells.loc[cells["wet"].isin(WETTEN) & cells["jaar"].isin(sel.periode.years) & cells["geleverd"]]

    return sel.memo(("delivered_cells", WETTEN), compute)


def _years(sel: Selection) -> pd.Index:
    return pd.Index([str(y) for y in sel.periode.years], name="periode")


def _months(sel: Selection) -> pd.Index:
    return pd.Index(sel.periode.months, name="periode")


def _book_values(sel: Selection, wet: str, column: str) -> list[str]:
    """The values of a product-book column for one wet (bouwsteen, begrotingspost)."""
    book = sel.tables.get("producten")
    if book is None:
        return []
    values = book.loc[book["wet"] == wet, column].dropna().unique().tolist()
    return sorted(str(v) for v in values)


def _by_period(values: pd.Series, index: pd.Index) -> pd.Series:
    """A Series keyed by period strings, reindexed onto every report period, gaps 0."""
    values = values.copy()
    values.index = values.index.astype("str")
    return values.reindex(index, fill_value=0).astype("float64")


def _by_period_and(values: pd.Series, index: pd.Index, dims: list[str]) -> pd.Series:
    """A Series keyed by (period, dimension), on every report period x dimension, gaps 0."""
    present = [str(d) for d in values.index.get_level_values(1).unique()] if len(values) else []
    dims = sorted(set(dims) | set(present))
    values = values.copy()
    if len(values):
        values.index = pd.MultiIndex.from_arrays(
            [values.index.get_level_values(0).astype("str"), values.index.get_level_values(1).astype("str")])
    full = pd.MultiIndex.from_product([index, pd.Index(dims, dtype="str")], names=["periode", "dimensie"])
    return values.reindex(full, fill_value=0).astype("float64")


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator where the denominator is non-zero; other periods left out."""
    denominator = denominator.reindex(numerator.index)
    ok = denominator.notna() & (denominator != 0)
    return numerator[ok] / denominator[ok]


def bevolking_per_jaar(sel: Selection, max_leeftijd: int | None = None, min_leeftijd: int = 0,
                       gebied: str | None = None) -> pd.Series:
    """Population on 1 January per report year, aged min_leeftijd..max_leeftijd (default: everyone),
    of this gemeente or of another `gebied` in the table (`NL01`).

    Per year the observation (`waarneming`) is used when there is one, else the `prognose`.
    Years without population are absent.
    """
    if not sel.has("bevolking"):
        return pd.Series(dtype="float64")
    # Asked a dozen times per edition, five of them for everyone: once per question, handed out as a copy.
    return sel.memo(("bevolking_per_jaar", max_leeftijd, min_leeftijd, gebied),
                    lambda: _bevolking_per_jaar(sel, max_leeftijd, min_leeftijd, gebied)).copy()


def _bevolking_per_jaar(sel: Selection, max_leeftijd: int | None, min_leeftijd: int, gebied: str | None) -> pd.Series:
    bev = sel.tables["bevolking"]
    bev = bev.loc[(bev["gemeente"] == (gebied or sel.gemeente.code)) & bev["jaar"].isin(sel.periode.years)]
    bev = bev.loc[bev["leeftijd"] >= min_leeftijd]
    if max_leeftijd is not None:
        bev = bev.loc[bev["leeftijd"] <= max_leeftijd]
    observed_years = set(bev.loc[bev["soort"] == WAARNEMING, "jaar"])
    bev = bev.loc[(bev["soort"] == WAARNEMING) | ~bev["jaar"].isin(observed_years)]
    out = bev.groupby(bev["jaar"].astype("str"))["aantal"].sum().astype("float64")
    out.index.name = "periode"
    return out


# --- figures ----------------------------------------------------------------------------------

def _clienten(sel: Selection) -> pd.DataFrame:
    """`<wet>.clienten`: distinct client_id with a delivered cell, per year and month; total and per bouwsteen.

    A client in two bouwstenen counts once in the total and once in each bouwsteen. Computed once
    per selection (the nowcast and the per-1.000 figures start from it too; not to be changed in place).
    """
    delivered = _all_delivered_cells(sel)
    by_bouwsteen = delivered.dropna(subset=["bouwsteen"])
    year = delivered.groupby(["wet", "jaar"])["client_id"].nunique()
    month = delivered.groupby(["wet", "maand"])["client_id"].nunique()
    year_b = by_bouwsteen.groupby(["wet", "jaar", "bouwsteen"])["client_id"].nunique()
    month_b = by_bouwsteen.groupby(["wet", "maand", "bouwsteen"])["client_id"].nunique()
    parts = []
    for wet in WETTEN:
        bouwstenen = _book_values(sel, wet, "bouwsteen")
        parts += [rows(f"{wet}.clienten", series, "aantal") for series in (
            _by_period(of_wet(year, wet), _years(sel)), _by_period(of_wet(month, wet), _months(sel)),
            _by_period_and(of_wet(year_b, wet), _years(sel), bouwstenen),
            _by_period_and(of_wet(month_b, wet), _months(sel), bouwstenen))]
    return combine(parts)


clienten = every_wet(_clienten)


def bouwsteen_groepen(sel: Selection, wet: str) -> dict[str, list[str]]:
    """Groups of bouwstenen from the gemeente's parameters (`bouwsteengroepen: {wet: {naam: [bouwsteen, ...]}}`)."""
    groups = (sel.gemeente.raw or {}).get("bouwsteengroepen", {}) or {}
    return {str(name): [str(b) for b in members] for name, members in (groups.get(wet) or {}).items()}


def clienten_groep(sel: Selection, wet: str) -> pd.DataFrame:
    """`<wet>.clienten_groep` (extra): distinct clients with a delivered cell in any bouwsteen of a group
    (e.g. all forms of verblijf), per year and month; dimensie is the group name. No groups, no rows."""
    groups = bouwsteen_groepen(sel, wet)
    if not groups:
        return empty()
    delivered = delivered_cells(sel, wet)
    parts = []
    for name, members in sorted(groups.items()):
        sub = delivered.loc[delivered["bouwsteen"].isin(members)]
        for key, index in ((sub["jaar"], _years(sel)), (sub["maand"], _months(sel))):
            parts.append(rows(f"{wet}.clienten_groep", _by_period(sub.groupby(key)["client_id"].nunique(), index),
                              "aantal", dimensie=name))
    return combine(parts)


def _kosten_totaal(sel: Selection, wet: str) -> pd.Series:
    totals = sel.memo(("kosten_totaal", WETTEN),
                      lambda: sum_per_wet({w: report_lines(sel, w) for w in WETTEN}, ["jaar"], "bedrag").to_frame())
    return _by_period(of_wet(totals["bedrag"], wet), _years(sel))


def _kosten(sel: Selection) -> pd.DataFrame:
    """`<wet>.kosten`: sum of bedrag of all lines (credits included) whose service month is in the year;
    total and per begrotingspost (every PGB line under `PGB`)."""
    per_post = sum_per_wet({w: report_lines(sel, w).dropna(subset=["begrotingspost"]) for w in WETTEN},
                           ["jaar", "begrotingspost"], "bedrag")
    return combine([part for wet in WETTEN for part in (
        rows(f"{wet}.kosten", _kosten_totaal(sel, wet), "euro"),
        rows(f"{wet}.kosten", _by_period_and(of_wet(per_post, wet), _years(sel),
                                             _book_values(sel, wet, "begrotingspost") + [netting.PGB]), "euro"))])


kosten = every_wet(_kosten)


def _kosten_bouwsteen(sel: Selection) -> pd.DataFrame:
    """`<wet>.kosten_bouwsteen` (extra): kosten per bouwsteen of the product (PGB lines included),
    product successions applied (`bouwsteen_lines`)."""
    per = sum_per_wet({w: bouwsteen_lines(sel, w).dropna(subset=["bouwsteen"]) for w in WETTEN},
                      ["jaar", "bouwsteen"], "bedrag")
    return combine([rows(f"{wet}.kosten_bouwsteen", _by_period_and(of_wet(per, wet), _years(sel),
                                                                   _book_values(sel, wet, "bouwsteen")), "euro")
                    for wet in WETTEN])


kosten_bouwsteen = every_wet(_kosten_bouwsteen)


def _kosten_aanbieder(sel: Selection) -> pd.DataFrame:
    """`<wet>.kosten_aanbieder` (extra, explorer): kosten per aanbieder (AGB) per year, PGB lines
    included: the same lines as `<wet>.kosten`, so the aanbieders add up to its total."""
    per = sum_per_wet({w: report_lines(sel, w).dropna(subset=["aanbieder"]) for w in WETTEN}, ["jaar", "aanbieder"],
                      "bedrag")
    return combine([rows(f"{wet}.kosten_aanbieder", _by_period_and(of_wet(per, wet), _years(sel), []), "euro")
                    for wet in WETTEN])


kosten_aanbieder = every_wet(_kosten_aanbieder)


def _clienten_aanbieder(sel: Selection) -> pd.DataFrame:
    """`<wet>.clienten_aanbieder` (extra, explorer): distinct clients per aanbieder per year with a
    delivered cell of that aanbieder — its own lines of the cell netted (a cell is netted over all
    aanbieders, INTERFACE §3; here each aanbieder's share of it must have net volume > 0, so a
    credit by one aanbieder does not count as care by another)."""
    per = {}
    for wet in WETTEN:  # netted on each wet's own lines, as `sum_per_wet` sums
        lines = report_lines(sel, wet).dropna(subset=["aanbieder"])
        net = lines.groupby([*netting.CELL_KEY, "jaar", "aanbieder"], sort=False)["volume"].sum().reset_index()
        delivered = net.loc[netting.delivered(net["volume"])]
        per[wet] = delivered.groupby(["jaar", "aanbieder"])["client_id"].nunique()
    return combine([rows(f"{wet}.clienten_aanbieder", _by_period_and(per[wet], _years(sel), []), "aantal")
                    for wet in WETTEN])


clienten_aanbieder = every_wet(_clienten_aanbieder)


def _volume(sel: Selection) -> pd.DataFrame:
    """`<wet>.volume`: signed sum of volume per bouwsteen, in the bouwsteen's unit (minutes → hours).
    A contract figure (INTERFACE §3): each line under its own product's bouwsteen, so product
    successions are not applied here (they are in the prognosis and `kosten_bouwsteen`)."""
    frames = {w: report_lines(sel, w).dropna(subset=["bouwsteen"]) for w in WETTEN}
    sums = sum_per_wet({w: f.assign(_vol=netting.volume_in_unit(f)) for w, f in frames.items()}, ["jaar", "bouwsteen"],
                       "_vol")
    book = netting.bouwsteen_units(sel.tables["producten"])
    parts = []
    for wet in WETTEN:
        per = _by_period_and(of_wet(sums, wet), _years(sel), _book_values(sel, wet, "bouwsteen"))
        frame = per.rename("waarde").reset_index()
        units = book.loc[book["wet"] == wet].set_index("bouwsteen")["bouwsteen_eenheid"]
        frame["eenheid"] = frame["dimensie"].map(units).map(netting.unit_name, na_action="ignore")
        # A bouwsteen only known from the data (not in the product book) has no unit: keep the code.
        frame["eenheid"] = frame["eenheid"].fillna("onbekend")
        parts.append(rows(f"{wet}.volume", frame))
    return combine(parts)


volume = every_wet(_volume)


def pgb_aandeel(sel: Selection, wet: str) -> pd.DataFrame:
    """`<wet>.pgb_aandeel`: PGB bedrag / all bedrag per year (a fraction; absent when all bedrag is 0)."""
    lines = report_lines(sel, wet)
    pgb = lines.loc[lines["zorgvorm"] == netting.PGB]
    share = _ratio(_by_period(pgb.groupby("jaar")["bedrag"].sum(), _years(sel)), _kosten_totaal(sel, wet))
    return rows(f"{wet}.pgb_aandeel", share, "fractie")


def top25_aandeel(sel: Selection, wet: str = "jeugd") -> pd.DataFrame:
    """`jeugd.top25_aandeel`: the 25 largest per-client bedrag sums of the year / all bedrag of the year;
    and `jeugd.top25_kosten` (extra): those 25 sums in euros (seed 000 fig. 21 in €).

    With fewer than 25 clients all clients are the top: the share is 1.
    """
    lines = report_lines(sel, wet)
    per_client = lines.groupby(["jaar", "client_id"])["bedrag"].sum()
    top = per_client.groupby(level=0, group_keys=False).nlargest(TOP_N)
    top = _by_period(top.groupby(level=0).sum() if len(top) else pd.Series(dtype="float64"), _years(sel))
    share = _ratio(top, _kosten_totaal(sel, wet))
    return combine([rows(f"{wet}.top25_aandeel", share, "fractie"),
                    rows(f"{wet}.top25_kosten", top[share.index], "euro")])


def client_geboortejaar(sel: Selection, wet: str = "jeugd") -> pd.Series:
    """Each client's geboortejaar: the latest declared non-empty value over all the client's lines."""
    lines = sel.lines.loc[(sel.lines["wet"] == wet) & sel.lines["geboortejaar"].notna()]
    lines = lines.sort_values("ingediend_op", ascending=False, kind="mergesort")
    return lines.drop_duplicates("client_id").set_index("client_id")["geboortejaar"]


def pct_in_zorg(sel: Selection, wet: str = "jeugd") -> pd.DataFrame:
    """`jeugd.pct_in_zorg`: 100 x distinct clients of the year aged 0-17 / bevolking aged 0-17 on 1 January.

    Age is year - geboortejaar; 17 counts, 18 does not. A client without geboortejaar, or born
    after the year (a negative age), cannot be placed in 0-17 and is not counted. Years without
    population 0-17 are left out.
    """
    delivered = delivered_cells(sel, wet)
    clients = delivered[["jaar", "client_id"]].drop_duplicates()
    born = pd.to_numeric(clients["client_id"].map(client_geboortejaar(sel, wet)), errors="coerce")
    age = clients["jaar"].astype("float64") - born.astype("float64")
    young = clients.loc[age.notna() & (age >= 0) & (age <= MAX_JEUGD_LEEFTIJD)]
    counts = _by_period(young.groupby("jaar")["client_id"].nunique(), _years(sel))
    pct = 100.0 * _ratio(counts, bevolking_per_jaar(sel, MAX_JEUGD_LEEFTIJD))
    return rows(f"{wet}.pct_in_zorg", pct, "procent")


def verwijzer(sel: Selection, wet: str = "jeugd") -> pd.DataFrame:
    """`jeugd.verwijzer`: distinct clients with a delivered cell under each COD327 verwijzer code.

    A cell's verwijzer is that of its latest positive line (see `netting.cells`); cells without a
    verwijzer are in no row.
    """
    delivered = delivered_cells(sel, wet).dropna(subset=["verwijzer"])
    per = _by_period_and(delivered.groupby(["jaar", "verwijzer"])["client_id"].nunique(),
                         _years(sel), [])
    return rows(f"{wet}.verwijzer", per, "aantal")


def kosten_per_client(sel: Selection, wet: str) -> pd.DataFrame:
    """`<wet>.kosten_per_client` (KPI 24): kosten / clienten per year; absent for a year without clients."""
    delivered = _all_delivered_cells(sel)
    per_wet = sel.memo(("clienten_per_jaar", WETTEN),
                       lambda: delivered.groupby(["wet", "jaar"])[["client_id"]].nunique())
    n = _by_period(of_wet(per_wet["client_id"], wet), _years(sel))
    return rows(f"{wet}.kosten_per_client", _ratio(_kosten_totaal(sel, wet), n), "euro")


def kosten_per_inwoner(sel: Selection, wet: str) -> pd.DataFrame:
    """`<wet>.kosten_per_inwoner` (KPI 25): kosten / total bevolking on 1 January; absent without bevolking."""
    return rows(f"{wet}.kosten_per_inwoner", _ratio(_kosten_totaal(sel, wet), bevolking_per_jaar(sel)), "euro")


def bevolking(sel: Selection) -> pd.DataFrame:
    """`bevolking.aantal` (extra): inhabitants on 1 January per year, in total and aged "0-17" and
    "65+"; `bevolking.aandeel_65plus` (extra): the 65+ share as a fraction, for this gemeente
    (dimensie empty) and the Netherlands (dimensie `NL01`) — the vergrijzing comparison."""
    if not sel.has("bevolking"):
        return empty()
    parts = [rows("bevolking.aantal", bevolking_per_jaar(sel), "aantal"),
             rows("bevolking.aantal", bevolking_per_jaar(sel, MAX_JEUGD_LEEFTIJD), "aantal", dimensie="0-17"),
             rows("bevolking.aantal", bevolking_per_jaar(sel, None, MIN_OUDEREN_LEEFTIJD), "aantal", dimensie="65+")]
    for gebied, dimensie in ((None, ""), (NATIONAAL, NATIONAAL)):
        share = _ratio(bevolking_per_jaar(sel, None, MIN_OUDEREN_LEEFTIJD, gebied),
                       bevolking_per_jaar(sel, None, 0, gebied))
        parts.append(rows("bevolking.aandeel_65plus", share, "fractie", dimensie=dimensie))
    return combine(parts)


def clienten_per_1000(sel: Selection, wet: str) -> pd.DataFrame:
    """`<wet>.clienten_per_1000` (extra, regional comparison): 1.000 x clienten / total bevolking on
    1 January, per year, in total and per bouwsteen; absent without bevolking."""
    inwoners = bevolking_per_jaar(sel)
    if inwoners.empty:
        return empty()
    counts = clienten(sel, wet)
    counts = counts.loc[counts["periode"].str.len() == 4]
    per = counts["periode"].map(inwoners)
    ok = per.notna() & (per > 0)
    frame = counts.loc[ok, ["periode", "dimensie"]].assign(waarde=1000.0 * counts.loc[ok, "waarde"] / per[ok],
                                                           eenheid="aantal")
    return rows(f"{wet}.clienten_per_1000", frame)


def figure_rows(sel: Selection) -> pd.DataFrame:
    """Every zorggebruik figure of the selection."""
    parts = [rows_of_every_wet(sel, compute)
             for compute in (_clienten, _kosten, _kosten_bouwsteen, _kosten_aanbieder, _clienten_aanbieder, _volume)]
    for wet in WETTEN:
        parts += [clienten_groep(sel, wet), pgb_aandeel(sel, wet), kosten_per_client(sel, wet),
                  kosten_per_inwoner(sel, wet), clienten_per_1000(sel, wet)]
    parts += [top25_aandeel(sel, "jeugd"), pct_in_zorg(sel, "jeugd"), verwijzer(sel, "jeugd"), bevolking(sel)]
    return combine(parts)


__all__ = ["WETTEN", "bevolking", "bevolking_per_jaar", "clienten_per_1000", "bouwsteen_groepen", "client_geboortejaar",
           "clienten", "clienten_aanbieder", "clienten_groep",
           "delivered_cells",
           "figure_rows", "kosten", "kosten_aanbieder", "kosten_bouwsteen", "kosten_per_client", "kosten_per_inwoner",
           "pct_in_zorg", "pgb_aandeel", "report_lines", "top25_aandeel", "verwijzer", "volume"]
