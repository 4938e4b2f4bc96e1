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

import math
from datetime import date
from typing import Any, Iterable

import numpy as np
import pandas as pd

from sdmonitor.ingest import netting
from sdmonitor.figures.rows import combine, rows
from sdmonitor.periods import Periode
from sdmonitor.ingest.selection import Selection

WETTEN = ("jeugd", "wmo")
TOP = 3
PROVIDER_CELL = ["client_id", "productcode", "maand", "aanbieder"]
PARTS = ("prijs", "volume", "mix")
_COLUMNS = ["client_id", "productcode", "aanbieder", "bouwsteen", "eenheid", "bouwsteen_eenheid", "maand", "jaar",
            "volume", "bedrag", "ingediend_op"]


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


def comparable_lines(lines: pd.DataFrame, mapping: Iterable[dict[str, Any]] | None, wet: str) -> pd.DataFrame:
    """Lines with `product` (the comparison product) and the mapped `bouwsteen` where the mapping gives one."""
    keys = product_keys(mapping, wet)
    codes = lines["productcode"].astype("str")
    distinct = codes.unique()  # a few hundred codes against many lines
    product = codes.map({c: keys.get(c, (c, None))[0] for c in distinct})
    mapped_bouwsteen = codes.map({c: keys.get(c, (c, None))[1] for c in distinct})
    bouwsteen = mapped_bouwsteen.where(mapped_bouwsteen.notna(), lines["bouwsteen"])
    return lines.assign(product=product.astype("str"), bouwsteen=bouwsteen)


# --- providers ------------------------------------------------------------------------------

def per_aanbieder(lines: pd.DataFrame) -> pd.DataFrame:
    """Per (jaar, bouwsteen, aanbieder): `bedrag` (all lines) and `clienten` (distinct clients with a
    delivered provider-cell). Lines without a bouwsteen are left out."""
    lines = lines.dropna(subset=["bouwsteen"])
    cols = ["jaar", "bouwsteen", "aanbieder", "bedrag", "clienten"]
    if lines.empty:
        return pd.DataFrame({c: pd.Series([], dtype="float64" if c in ("bedrag", "clienten") else "str")
                             for c in cols})
    cells = lines.groupby(["jaar", "bouwsteen"] + PROVIDER_CELL, sort=True)[["volume", "bedrag"]].sum().reset_index()
    # Rounded like netting.cells: debits and credits that cancel are no delivered care.
    delivered = cells.loc[cells["volume"].round(9) > 0]
    key = ["jaar", "bouwsteen", "aanbieder"]
    # fsum over the lines themselves: a provider's money does not depend on the order of the lines.
    bedrag = lines.groupby(key)["bedrag"].agg(math.fsum)
    clienten = delivered.groupby(key)["client_id"].nunique().reindex(bedrag.index, fill_value=0)
    out = pd.DataFrame({"bedrag": bedrag.astype("float64"), "clienten": clienten.astype("float64")}).reset_index()
    out["jaar"] = out["jaar"].astype("int64")
    out["bouwsteen"] = out["bouwsteen"].astype("str")
    out["aanbieder"] = out["aanbieder"].astype("str")
    return out[cols]


def _with_total(frame: pd.DataFrame) -> pd.DataFrame:
    """The same provider rows once more under bouwsteen "" (the wet as a whole)."""
    whole = frame.groupby(["jaar", "aanbieder"], as_index=False)[["bedrag", "clienten"]].sum()
    # A client with two bouwstenen at one provider is one client of the provider: the total
    # counts providers and money, never these summed client numbers.
    return pd.concat([frame, whole.assign(bouwsteen="")], ignore_index=True)


def concentratie(providers: pd.DataFrame) -> pd.DataFrame:
    """Per (jaar, bouwsteen) and per jaar for bouwsteen "": `aanbieders` (providers with delivered care)
    and `top3_aandeel` (bedrag of the three largest providers by bedrag / all bedrag; absent when all
    bedrag is 0 or less)."""
    frame = _with_total(providers)
    out = []
    for (jaar, bouwsteen), group in frame.groupby(["jaar", "bouwsteen"], sort=True):
        # fsum: exactly rounded, so the share does not depend on the order of the input rows.
        total = math.fsum(group["bedrag"])
        top = math.fsum(group["bedrag"].nlargest(TOP))
        out.append({"jaar": int(jaar), "bouwsteen": str(bouwsteen),
                    "aanbieders": float((group["clienten"] > 0).sum()),
                    "top3_aandeel": top / total if total > 0 else float("nan")})
    return pd.DataFrame(out, columns=["jaar", "bouwsteen", "aanbieders", "top3_aandeel"])


def in_en_uitstroom(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Per bouwsteen (and ""): `nieuw` providers (delivered care in `now`, not in `before`) and
    `gestopt` (in `before`, not in `now`); `now`/`before` are the lines of the two compared periods."""
    def active(lines: pd.DataFrame) -> dict[str, set[str]]:
        frame = _with_total(per_aanbieder(lines))
        frame = frame.loc[frame["clienten"] > 0]
        return {str(b): set(g["aanbieder"]) for b, g in frame.groupby("bouwsteen")}

    a_now, a_before = active(now), active(before)
    out = [{"bouwsteen": b, "nieuw": float(len(a_now.get(b, set()) - a_before.get(b, set()))),
            "gestopt": float(len(a_before.get(b, set()) - a_now.get(b, set())))}
           for b in sorted(set(a_now) | set(a_before))]
    return pd.DataFrame(out, columns=["bouwsteen", "nieuw", "gestopt"])


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
    b_products, b_bedrag, b_volume = _per_product(base)
    c_products, c_bedrag, c_volume = _per_product(current)
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
    lines = lines.assign(volume=netting.volume_in_unit(lines))
    return lines.groupby(keys, as_index=False).agg(bedrag=("bedrag", math.fsum), volume=("volume", math.fsum))


def _product_totals(lines: pd.DataFrame) -> pd.DataFrame:
    return _sums(lines, ["bouwsteen", "product"])


def compared_periods(lines: pd.DataFrame, jaar: int, periode: Periode,
                     peildatum: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lines of `jaar` and of the year before, made comparable ("appels met appels").

    Both sides cover the same months (the current year runs to the periode, so the year before is
    cut to the same months), and the year before is taken as it was known one year before the
    peildatum: both sides then have the same declaration age, so declaration lag does not show
    up as a fall in care.
    """
    last = periode.maand if jaar == periode.jaar else 12
    window = lines["maand"].str[5:7].astype(int) <= last
    now = lines.loc[(lines["jaar"] == jaar) & window]
    known_then = pd.Timestamp(peildatum) - pd.DateOffset(years=1)
    declared = lines["ingediend_op"].isna() | (lines["ingediend_op"] <= known_then)
    before = lines.loc[(lines["jaar"] == jaar - 1) & window & declared]
    return now, before


def decompositie(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """The price–volume–mix decomposition per bouwsteen of two compared periods (`compared_periods`)."""
    now_t, before_t = _product_totals(now.dropna(subset=["bouwsteen"])), _product_totals(before.dropna(subset=["bouwsteen"]))
    now_by, before_by = dict(tuple(now_t.groupby("bouwsteen"))), dict(tuple(before_t.groupby("bouwsteen")))
    out = []
    for bouwsteen in sorted(set(now_by) | set(before_by)):
        parts = prijs_volume_mix(before_by.get(bouwsteen, before_t.iloc[0:0]), now_by.get(bouwsteen, now_t.iloc[0:0]))
        if parts is not None:
            out.append({"bouwsteen": str(bouwsteen), **parts})
    return pd.DataFrame(out, columns=["bouwsteen", "verschil", *PARTS])


def prijs_per_eenheid(lines: pd.DataFrame) -> pd.DataFrame:
    """Per (jaar, bouwsteen): bedrag / volume in the bouwsteen's unit (absent when volume ≤ 0)."""
    sums = _sums(lines.dropna(subset=["bouwsteen"]), ["jaar", "bouwsteen"])
    sums = sums.loc[sums["volume"] > 0]
    return sums.assign(prijs=sums["bedrag"] / sums["volume"])[["jaar", "bouwsteen", "prijs"]]


def with_total(pvm: pd.DataFrame) -> pd.DataFrame:
    """The decomposition per bouwsteen with the wet's own total per year (bouwsteen ""): the sum
    over every bouwsteen, also those a publication hides, so a headline says the real total."""
    if pvm.empty:
        return pvm
    columns = ["verschil", *PARTS]
    totals = pvm.groupby("jaar", sort=True)[columns].agg(math.fsum).reset_index().assign(bouwsteen="")
    return pd.concat([pvm, totals[pvm.columns]], ignore_index=True)


# --- figure rows ----------------------------------------------------------------------------

def _rows(indicator: str, frame: pd.DataFrame, column: str, eenheid: str) -> pd.DataFrame:
    frame = frame.dropna(subset=[column])
    return rows(indicator, pd.DataFrame({"periode": frame["jaar"].astype(str), "dimensie": frame["bouwsteen"],
                                         "waarde": frame[column].astype("float64")}), eenheid)


def figure_rows(sel: Selection) -> pd.DataFrame:
    """Every contractering figure of the selection, for the report years."""
    years = list(sel.periode.years)
    mapping = sel.gemeente.raw.get("productmapping")
    parts = []
    for wet in WETTEN:
        # Only the columns used here: every filter below copies each column it carries.
        lines = sel.lines.loc[sel.lines["wet"] == wet, [c for c in _COLUMNS if c in sel.lines.columns]]
        if lines.empty:
            continue
        lines = comparable_lines(lines, mapping, wet)
        in_years = lines.loc[lines["jaar"].isin(years)]
        conc = concentratie(per_aanbieder(in_years))
        flows, pvm = [], []
        for jaar in years:
            now, before = compared_periods(lines, jaar, sel.periode, sel.peildatum)
            if now.empty or before.empty:
                continue
            flows.append(in_en_uitstroom(now, before).assign(jaar=jaar))
            pvm.append(decompositie(now, before).assign(jaar=jaar))
        flows_t = pd.concat(flows, ignore_index=True) if flows else pd.DataFrame(columns=["jaar", "bouwsteen", "nieuw", "gestopt"])
        pvm_t = pd.concat(pvm, ignore_index=True) if pvm else pd.DataFrame(columns=["jaar", "bouwsteen", "verschil", *PARTS])
        pvm_t = with_total(pvm_t)
        parts += [_rows(f"{wet}.aanbieders", conc, "aanbieders", "aantal"),
                  _rows(f"{wet}.aanbieders_top3_aandeel", conc, "top3_aandeel", "fractie"),
                  _rows(f"{wet}.aanbieders_nieuw", flows_t, "nieuw", "aantal"),
                  _rows(f"{wet}.aanbieders_gestopt", flows_t, "gestopt", "aantal"),
                  _rows(f"{wet}.prijs_per_eenheid", prijs_per_eenheid(in_years), "prijs", "euro"),
                  _rows(f"{wet}.kostenverschil", pvm_t, "verschil", "euro")]
        parts += [_rows(f"{wet}.kostenverschil_{p}", pvm_t, p, "euro") for p in PARTS]
    return combine(parts)


__all__ = ["comparable_lines", "compared_periods", "concentratie", "decompositie", "figure_rows", "in_en_uitstroom", "per_aanbieder",
           "prijs_per_eenheid", "prijs_volume_mix", "product_keys", "with_total"]
