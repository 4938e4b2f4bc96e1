"""Contractering (seed 000 chapter 6): who delivers how much per bouwsteen, and what drives cost.

Figures per wet and bouwsteen (names and definitions in `docs/definitions.md`, "Contractering"):

- `<wet>.aanbieders`: providers with at least one delivered provider-cell in the year;
- `<wet>.aanbieders_top3_aandeel`: bedrag of the three largest providers / all bedrag;
- `<wet>.aanbieders_nieuw` / `_gestopt`: providers delivering this year and not the year before,
  and the other way round;
- `<wet>.prijs_per_eenheid`: bedrag / volume in the bouwsteen's unit;
- `<wet>.kostenverschil` and its parts `_prijs`, `_volume`, `_mix`: a price–volume–mix
  decomposition of the change in bedrag against the year before. The parts add up to the change
  exactly. Each year is compared with the year before as it was known one year before the
  peildatum, over the same months ("appels met appels"): see `compared_periods`.

A *provider-cell* is (client_id, productcode, service month, aanbieder), netted like a cell: net
volume > 0 is delivered care by that provider. Products of a new contract period that continue an
old product are linked through `productmapping` in the gemeente's parameters, so that a renamed
product is one product across the years (its price change is price, not mix).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

import numpy as np
import pandas as pd

from sdmonitor.figures.columnar import first_n, fsum_by
from sdmonitor.figures.rows import combine, rows
from sdmonitor.ingest import netting
from sdmonitor.ingest.selection import Selection
from sdmonitor.periods import Periode

WETTEN = ("jeugd", "wmo")
TOP = 3
PROVIDER_CELL = ["client_id", "productcode", "maand", "aanbieder"]
PARTS = ("prijs", "volume", "mix")
NOW, BEFORE = "nu", "voor"  # the two sides of a compared year (`compared_lines`)
_COLUMNS = ["wet", "client_id", "productcode", "aanbieder", "bouwsteen", "eenheid", "bouwsteen_eenheid", "maand",
            "jaar", "volume", "bedrag", "ingediend_op"]


# --- product mapping ------------------------------------------------------------------------

def product_keys(mapping: Iterable[dict[str, Any]] | None, wet: str) -> dict[str, tuple[str, str | None]]:
    """productcode → (comparison product, bouwsteen or None) for one wet, from `productmapping`.

    Each mapping entry lists the codes (`producten`) that are one product across contract periods
    and optionally the `bouwsteen` they are compared under. The comparison product is the codes
    joined with "+" in the order given, so it reads as what it is.
    """
    keys: dict[str, tuple[str, str | None]] = {}
    for entry in mapping or []:
        if str(entry.get("wet", "")).lower() != wet:
            continue
        codes = [str(c) for c in entry.get("producten", [])]
        bouwsteen = entry.get("bouwsteen")
        for code in codes:
            keys[code] = ("+".join(codes), None if bouwsteen is None else str(bouwsteen))
    return keys


def comparable_lines(lines: pd.DataFrame, mapping: Iterable[dict[str, Any]] | None,
                     wet: str | None = None) -> pd.DataFrame:
    """Lines with `product` (the comparison product) and the mapped `bouwsteen` where the mapping gives
    one; each line takes the mapping of its own wet (or of `wet` when given)."""
    wetten = lines["wet"].astype("str") if wet is None else pd.Series(wet, index=lines.index, dtype="str")
    codes = lines["productcode"].astype("str")
    keys = {w: product_keys(mapping, w) for w in wetten.unique()}
    # a few hundred (wet, code) pairs against many lines
    pairs = pd.MultiIndex.from_arrays([wetten, codes])
    distinct = pairs.unique()
    product = pd.Series([keys[w].get(c, (c, None))[0] for w, c in distinct], index=distinct, dtype="object")
    mapped = pd.Series([keys[w].get(c, (c, None))[1] for w, c in distinct], index=distinct, dtype="object")
    product_of = pd.Series(product.reindex(pairs).to_numpy(), index=lines.index)
    mapped_bouwsteen = pd.Series(mapped.reindex(pairs).to_numpy(), index=lines.index)
    bouwsteen = mapped_bouwsteen.where(mapped_bouwsteen.notna(), lines["bouwsteen"])
    return lines.assign(product=product_of.astype("str"), bouwsteen=bouwsteen)


# --- providers ------------------------------------------------------------------------------

def provider_cell_ids(lines: pd.DataFrame, keys: Sequence[str] = ()) -> pd.Series:
    """Each line's provider-cell within `keys` as a number (-1: a key is missing, no cell), found once
    for all the figures that net provider-cells."""
    return lines.groupby([*keys, *PROVIDER_CELL], sort=False).ngroup().fillna(-1).astype("int64")


def _delivered_provider_cells(lines: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """(`keys`, jaar, bouwsteen, aanbieder, client_id) of each provider-cell with net volume > 0,
    of the lines with a bouwsteen; `_cell` is `provider_cell_ids` when the lines carry it."""
    ids = (lines["_cell"] if "_cell" in lines.columns else provider_cell_ids(lines, keys)).to_numpy()
    lines, cell = lines.loc[ids >= 0], ids[ids >= 0]
    columns = [*keys, "jaar", "bouwsteen", "aanbieder", "client_id"]
    if lines.empty:
        return lines[columns]
    # One number per (keys, jaar, bouwsteen, provider-cell): a cell's lines summed in their own order.
    group = lines.groupby([*keys, "jaar", "bouwsteen"], sort=False).ngroup().to_numpy()
    whole = pd.factorize(group * (int(cell.max()) + 1) + cell)[0]
    volume = pd.Series(lines["volume"].to_numpy(dtype="float64")).groupby(whole, sort=True).sum()
    delivered = netting.delivered(volume).to_numpy()[whole]
    first = ~pd.Series(whole).duplicated().to_numpy()  # one line per provider-cell is enough
    return lines.loc[delivered & first, columns].drop_duplicates()


def per_aanbieder(lines: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Per (`keys`, jaar, bouwsteen, aanbieder): `bedrag` (all lines) and `clienten` (distinct clients with
    a delivered provider-cell). Lines without a bouwsteen are left out. `keys` are further columns
    to group by (`wet`; `gemeente`, `wet` for a table of several municipalities)."""
    lines = lines.dropna(subset=["bouwsteen"])
    key = [*keys, "jaar", "bouwsteen", "aanbieder"]
    cols = [*key, "bedrag", "clienten"]
    if lines.empty:
        return pd.DataFrame({c: pd.Series([], dtype="float64" if c in ("bedrag", "clienten") else "str")
                             for c in cols})
    delivered = _delivered_provider_cells(lines, keys)
    # fsum over the lines themselves: a provider's money does not depend on the order of the lines.
    out = fsum_by(lines, key, ["bedrag"])
    clienten = delivered.groupby(key)["client_id"].nunique()
    out["clienten"] = clienten.reindex(pd.MultiIndex.from_frame(out[key])).fillna(0).to_numpy(dtype="float64")
    out["jaar"] = out["jaar"].astype("int64")
    for column in ("bouwsteen", "aanbieder"):
        out[column] = out[column].astype("str")
    return out[cols]


def _with_total(frame: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """The same provider rows once more under bouwsteen "" (the wet as a whole)."""
    # A client with two bouwstenen at one provider is one client of the provider: the total
    # counts providers and money, never these summed client numbers. Each `keys` group is summed
    # as a frame of its own: pandas' group sum can differ in its last bit with the other rows.
    groups = [frame] if not keys else [own for _, own in frame.groupby(list(keys), sort=True)]
    wholes = [own.groupby([*keys, "jaar", "aanbieder"], as_index=False)[["bedrag", "clienten"]].sum()
              for own in groups]
    return pd.concat([frame, *(whole.assign(bouwsteen="") for whole in wholes)], ignore_index=True)


def concentratie(providers: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Per (`keys`, jaar, bouwsteen) and per (`keys`, jaar) for bouwsteen "": `aanbieders` (providers with
    delivered care) and `top3_aandeel` (bedrag of the three largest providers by bedrag / all bedrag;
    absent when all bedrag is 0 or less)."""
    frame = _with_total(providers, keys)
    group = [*keys, "jaar", "bouwsteen"]
    # fsum: exactly rounded, so the share does not depend on the order of the input rows.
    out = fsum_by(frame, group, ["bedrag"])
    top = fsum_by(first_n(frame, group, "bedrag", TOP), group, ["bedrag"])
    at = pd.MultiIndex.from_frame(out[group])
    top_bedrag = pd.Series(top["bedrag"].to_numpy(), index=pd.MultiIndex.from_frame(top[group])).reindex(at)
    total = out["bedrag"].to_numpy()
    active = (frame["clienten"] > 0).groupby([frame[k] for k in group]).sum().reindex(at)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, top_bedrag.fillna(0.0).to_numpy() / total, np.nan)
    out["jaar"] = out["jaar"].astype("int64")
    out["aanbieders"] = active.to_numpy(dtype="float64")
    out["top3_aandeel"] = share
    return out[[*group, "aanbieders", "top3_aandeel"]]


def in_en_uitstroom(compared: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Per (`keys`, jaar, bouwsteen) and bouwsteen "": `nieuw` providers (delivered care in the year,
    not in the year before) and `gestopt` (the other way round), over `compared_lines`."""
    delivered = _delivered_provider_cells(compared.dropna(subset=["bouwsteen"]), [*keys, "vergelijkjaar", "kant"])
    own = delivered[[*keys, "vergelijkjaar", "kant", "bouwsteen", "aanbieder"]].drop_duplicates()
    # A provider delivers in the wet as a whole when it delivers in any of its bouwstenen.
    whole = own.assign(bouwsteen="").drop_duplicates()
    active = pd.concat([own, whole], ignore_index=True).assign(bouwsteen=lambda f: f["bouwsteen"].astype("str"))
    key = [*keys, "vergelijkjaar", "bouwsteen", "aanbieder"]
    flags = active.assign(now=active["kant"] == NOW, before=active["kant"] == BEFORE)
    sides: pd.DataFrame = flags.groupby(key)[["now", "before"]].any()
    counts = pd.DataFrame({"nieuw": sides["now"] & ~sides["before"], "gestopt": sides["before"] & ~sides["now"]})
    out = counts.groupby(level=key[:-1], sort=True).sum().astype("float64").reset_index()
    return out.rename(columns={"vergelijkjaar": "jaar"})[[*keys, "jaar", "bouwsteen", "nieuw", "gestopt"]]


# --- price, volume, mix ---------------------------------------------------------------------

def prijs_volume_mix(base: pd.DataFrame, current: pd.DataFrame) -> dict[str, float] | None:
    """Decompose the change in bedrag of one bouwsteen between two periods.

    `base` and `current` hold per comparison product `bedrag` and `volume` (one unit). With C the
    total bedrag, Q the total volume, P̄0 = C0/Q0 and p0 a product's base price:

    - volume = (Q1 − Q0) · P̄0            — more or less care at the old average price;
    - mix    = Σ q1·p0 − Q1 · P̄0          — a shift towards dearer or cheaper products;
    - prijs  = Σ (c1 − q1·p0)             — what the same products cost more or less.

    The three add up to C1 − C0 exactly. A product without base volume takes its current price as
    p0 (a new product without predecessor has no price change). Returns None when either period has
    no positive volume: a change from or to nothing has no price or mix.
    """
    return _decompose(_per_product(base), _per_product(current))


def _decompose(base: tuple[pd.Index, np.ndarray, np.ndarray],
               current: tuple[pd.Index, np.ndarray, np.ndarray]) -> dict[str, float] | None:
    """`prijs_volume_mix` of (products in sorted order, bedrag, volume) per period."""
    b_products, b_bedrag, b_volume = base
    c_products, c_bedrag, c_volume = current
    q0_total, q1_total = float(b_volume.sum()), float(c_volume.sum())
    if q0_total <= 0 or q1_total <= 0:
        return None
    c0_total, c1_total = float(b_bedrag.sum()), float(c_bedrag.sum())
    p_avg0 = c0_total / q0_total
    at = b_products.get_indexer(c_products)  # each current product's row in the base; -1: new product
    bedrag0 = np.where(at >= 0, b_bedrag[at], 0.0)
    volume0 = np.where(at >= 0, b_volume[at], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p0 = np.where(volume0 > 0, bedrag0 / volume0, np.nan)
        p1 = np.where(c_volume > 0, c_bedrag / c_volume, np.nan)
    p0 = np.where(np.isnan(p0), np.where(np.isnan(p1), p_avg0, p1), p0)
    at_base_prices = float((c_volume * p0).sum())
    volume_effect = (q1_total - q0_total) * p_avg0
    mix = at_base_prices - q1_total * p_avg0
    prijs = c1_total - at_base_prices
    return {"verschil": c1_total - c0_total, "prijs": prijs, "volume": volume_effect, "mix": mix}


def _per_product(frame: pd.DataFrame) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """(products in sorted order, bedrag, volume summed per product; a missing value counts 0)."""
    codes, products = pd.factorize(frame["product"], sort=True)
    known = codes >= 0  # no product: left out, as groupby leaves out a missing key

    def total(column: str) -> np.ndarray:
        values = frame[column].to_numpy(dtype="float64")[known]
        return np.bincount(codes[known], weights=np.where(np.isnan(values), 0.0, values), minlength=len(products))

    return pd.Index(products), total("bedrag"), total("volume")


def _sums(lines: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`bedrag` and `volume` (in the bouwsteen's unit) summed per `keys`, exactly rounded (fsum): a
    figure must not change in its last digit when the same lines come in another order."""
    return fsum_by(lines.assign(volume=netting.volume_in_unit(lines)), keys, ["bedrag", "volume"])


def compared_lines(lines: pd.DataFrame, years: Iterable[int], periode: Periode, peildatum: date,
                   keys: Sequence[str] = ()) -> pd.DataFrame:
    """The lines of each of `years` (`kant` "nu") and of the year before (`kant` "voor"), made
    comparable ("appels met appels"), with the year compared in `vergelijkjaar`.

    Both sides cover the same months (the current year runs to the periode, so the year before is
    cut to the same months), and the year before is taken as it was known one year before the
    peildatum: both sides then have the same declaration age, so declaration lag does not show
    up as a fall in care. A year compares (per `keys`) only when both sides have lines.
    """
    month = lines["maand"].str[5:7].astype(int).to_numpy()
    jaar = lines["jaar"].to_numpy()
    known_then = pd.Timestamp(peildatum) - pd.DateOffset(years=1)
    declared = (lines["ingediend_op"].isna() | (lines["ingediend_op"] <= known_then)).to_numpy()
    parts = []
    for year in years:
        window = month <= (periode.maand if year == periode.jaar else 12)
        parts.append(lines.loc[(jaar == year) & window].assign(vergelijkjaar=year, kant=NOW))
        parts.append(lines.loc[(jaar == year - 1) & window & declared].assign(vergelijkjaar=year, kant=BEFORE))
    both = pd.concat(parts, ignore_index=True)
    sides = both.groupby([*keys, "vergelijkjaar"])["kant"].transform("nunique")
    return both.loc[sides == 2]


def decompositie(compared: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """The price–volume–mix decomposition per (`keys`, jaar, bouwsteen) of `compared_lines`."""
    group = [*keys, "vergelijkjaar", "bouwsteen"]
    totals = _sums(compared.dropna(subset=["bouwsteen"]), [*group, "kant", "product"])
    # One slice per side and group: the products of a group are in sorted order, as `_per_product` has them.
    slices = cast(dict[tuple, np.ndarray], totals.groupby([*group, "kant"], sort=True).indices)
    products = totals["product"].to_numpy()
    # As `_per_product` has them: a missing sum counts 0, and 0.0 + x (no signed zero).
    bedrag = np.nan_to_num(totals["bedrag"].to_numpy(), nan=0.0) + 0.0
    volume = np.nan_to_num(totals["volume"].to_numpy(), nan=0.0) + 0.0

    def side(at: np.ndarray) -> tuple[pd.Index, np.ndarray, np.ndarray]:
        return pd.Index(products[at]), bedrag[at], volume[at]

    out = []
    for key in sorted({k[:-1] for k in slices}):
        now, before = slices.get((*key, NOW)), slices.get((*key, BEFORE))
        if now is None or before is None:
            continue  # a change from or to nothing has no price or mix
        parts = _decompose(side(before), side(now))
        if parts is not None:
            out.append({**dict(zip([*keys, "jaar", "bouwsteen"], key)), **parts})
    return pd.DataFrame(out, columns=[*keys, "jaar", "bouwsteen", "verschil", *PARTS])


def prijs_per_eenheid(lines: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Per (`keys`, jaar, bouwsteen): bedrag / volume in the bouwsteen's unit (absent when volume ≤ 0)."""
    sums = _sums(lines.dropna(subset=["bouwsteen"]), [*keys, "jaar", "bouwsteen"])
    sums = sums.loc[sums["volume"] > 0]
    return sums.assign(prijs=sums["bedrag"] / sums["volume"])[[*keys, "jaar", "bouwsteen", "prijs"]]


def with_total(pvm: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """The decomposition per bouwsteen with the wet's own total per year (bouwsteen ""): the sum
    over every bouwsteen, also those a publication hides, so a headline says the real total."""
    if pvm.empty:
        return pvm
    totals = fsum_by(pvm, [*keys, "jaar"], ["verschil", *PARTS]).assign(bouwsteen="")
    return pd.concat([pvm, totals[pvm.columns]], ignore_index=True)


# --- figure rows ----------------------------------------------------------------------------

def _rows(indicator: str, frame: pd.DataFrame, column: str, eenheid: str) -> pd.DataFrame:
    frame = frame.dropna(subset=[column])
    return rows(indicator, pd.DataFrame({"periode": frame["jaar"].astype(str), "dimensie": frame["bouwsteen"],
                                         "waarde": frame[column].astype("float64")}), eenheid)


def figure_rows(sel: Selection) -> pd.DataFrame:
    """Every contractering figure of the selection, for the report years: each figure computed once
    for both wetten (grouped by `wet`), then named per wet."""
    years = list(sel.periode.years)
    from sdmonitor.figures import opvolging

    # A product succession (opvolging) is one product across the change, as a productmapping is.
    mapping = list(sel.gemeente.raw.get("productmapping") or []) + [
        {"wet": o.wet, "producten": [*o.van, *o.naar]} for o in opvolging.selection_successions(sel)]
    # Only the columns used here: every filter below copies each column it carries.
    lines = sel.lines.loc[sel.lines["wet"].isin(WETTEN), [c for c in _COLUMNS if c in sel.lines.columns]]
    if lines.empty:
        return combine([])
    keys = ["wet"]
    lines = comparable_lines(lines, mapping)
    lines["_cell"] = provider_cell_ids(lines, keys)
    in_years = lines.loc[lines["jaar"].isin(years)]
    compared = compared_lines(lines, years, sel.periode, sel.peildatum, keys)
    conc = concentratie(per_aanbieder(in_years, keys), keys)
    flows = in_en_uitstroom(compared, keys)
    pvm = with_total(decompositie(compared, keys), keys)
    figures = [("aanbieders", conc, "aanbieders", "aantal"),
               ("aanbieders_top3_aandeel", conc, "top3_aandeel", "fractie"),
               ("aanbieders_nieuw", flows, "nieuw", "aantal"), ("aanbieders_gestopt", flows, "gestopt", "aantal"),
               ("prijs_per_eenheid", prijs_per_eenheid(in_years, keys), "prijs", "euro"),
               ("kostenverschil", pvm, "verschil", "euro"),
               *((f"kostenverschil_{p}", pvm, p, "euro") for p in PARTS)]
    parts = []
    for name, frame, column, eenheid in figures:
        for wet, own in frame.groupby("wet", sort=True):
            parts.append(_rows(f"{wet}.{name}", own, column, eenheid))
    return combine(parts)


__all__ = ["comparable_lines", "compared_lines", "concentratie", "decompositie", "figure_rows", "in_en_uitstroom",
           "per_aanbieder", "provider_cell_ids", "prijs_per_eenheid", "prijs_volume_mix", "product_keys", "with_total"]
