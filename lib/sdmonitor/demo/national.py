"""National-scale synthetic declarations (`sdmonitor demo-data --scale national`).

For speed and scale work, not for calibration: about 342 municipalities (Wijchen GM0296 and Druten
GM0225 among them, so their `parameters/` apply), service months 2022-01 .. 2026-02, data cut
2026-03-10, about 10 million declaration lines by default (`lines`). Everything is generated
with whole numpy arrays (no Python loop over lines) and written with pyarrow:

- `declaraties.parquet` (typed: dates as date32, amounts as float64), sorted by gemeente and
  service month, in row groups of 122.880 lines, so a reader that filters on gemeente (DuckDB)
  skips the other municipalities' row groups;
- `producten.csv` (the demo product book) and `bevolking.csv` (waarneming on 1 January 2022..2026
  per age 0..105, and NL01 as their sum), so every figure of INTERFACE §3 that needs only these
  tables can be computed.

A line is one month of one care episode (client, product), so no two lines are identical (the
validation would report them as double declarations); about 2 % of the lines are credited by a
credit line a month or two later (net volume 0: no delivered care). Client ids are `n` + 10 hex
digits (letters, so never a BSN). Same seed, same lines, same bytes (pyarrow writes no timestamp).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import catalog
from .lines import providers
from .timeline import DATA_CUT
from .writer import write_csv

DEFAULT_LINES = 10_000_000
N_GEMEENTEN = 342
OWN = ("GM0225", "GM0296")  # the demo municipalities, always present
FIRST_MONTH = np.datetime64("2022-01", "M")
N_MONTHS = 50  # 2022-01 .. 2026-02
YEARS = range(2022, 2027)
ROW_GROUP = 122_880
VERWIJZERS = np.array(["01", "02", "03", "04", "05", "06", "08"])
VERWIJZER_P = np.array([0.25, 0.35, 0.10, 0.10, 0.10, 0.05, 0.05])
CREDIT_SHARE = 0.02
COLUMNS = ["gemeente", "wet", "client_id", "geboortejaar", "productcode", "productcategorie", "aanbieder",
           "verwijzer", "zorgvorm", "periode_begin", "periode_eind", "volume", "eenheid", "bedrag", "ingediend_op"]


def gemeente_codes(rng: np.random.Generator, n: int = N_GEMEENTEN) -> np.ndarray:
    """`n` distinct CBS codes, sorted, always including the demo municipalities."""
    n = max(n, len(OWN))
    own = {int(c[2:]) for c in OWN}
    pool = np.setdiff1d(np.arange(1, 2000), list(own))
    numbers = np.sort(np.concatenate([rng.choice(pool, n - len(own), replace=False), sorted(own)]))
    return np.array([f"GM{k:04d}" for k in numbers])


def _sizes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Inhabitants per municipality: log-normal around 40.000 (Dutch spread: 1.000 .. 900.000)."""
    return np.clip(np.round(rng.lognormal(np.log(40_000), 0.8, n)), 1_000, 900_000).astype("int64")


def _episodes(rng: np.random.Generator, weights: np.ndarray, target: int) -> dict[str, np.ndarray]:
    """Care episodes (gemeente, client, product, first month, months) holding about `target` lines."""
    products = catalog.ALL_PRODUCTS
    p_weight = np.array([p.weight for p in products], dtype=float)
    mean_months = 7.5
    n = int(target / mean_months * 1.15) + 16
    gem = rng.choice(len(weights), size=n, p=weights / weights.sum())
    months = np.minimum(rng.geometric(1 / 9.0, size=n), N_MONTHS)
    start = rng.integers(-8, N_MONTHS, size=n)
    first = np.maximum(start, 0)
    months = np.minimum(start + months, N_MONTHS) - first
    ok = months > 0
    gem, first, months = gem[ok], first[ok], months[ok]
    product = rng.choice(len(products), size=len(gem), p=p_weight / p_weight.sum())
    # Clients per municipality: about 1,4 episodes each; jeugd and wmo clients apart.
    is_jeugd = np.array([p.wet == "jeugd" for p in products])[product]
    client = np.floor(rng.random(len(gem)) * np.maximum(weights[gem] * len(gem) / 1.4, 5)).astype("int64")
    client = client * 2 + is_jeugd
    return {"gem": gem, "client": client, "product": product, "first": first, "months": months}


def _lines(rng: np.random.Generator, ep: dict[str, np.ndarray], target: int) -> dict[str, np.ndarray]:
    """One line per episode month, cut to `target` lines, duplicates of a cell dropped."""
    reps = ep["months"]
    idx = np.repeat(np.arange(len(reps)), reps)
    offset = np.arange(len(idx)) - np.repeat(np.cumsum(reps) - reps, reps)
    month = ep["first"][idx] + offset
    out = {k: ep[k][idx] for k in ("gem", "client", "product")}
    out["month"] = month
    # One line per cell (client, product, service month): two episodes may overlap.
    key = ((out["gem"] * 4_000_000 + out["client"]) * 64 + out["product"]) * 64 + month
    _, first = np.unique(key, return_index=True)
    keep = np.sort(first)[:target]
    return {k: v[keep] for k, v in out.items()}


def _declaraties(rng: np.random.Generator, codes: np.ndarray, weights: np.ndarray, target: int,
                 seed: int) -> pa.Table:
    products = catalog.ALL_PRODUCTS
    n_debit = int(round(target / (1 + CREDIT_SHARE)))
    ln = _lines(rng, _episodes(rng, weights, n_debit), n_debit)
    n = len(ln["month"])
    prod = ln["product"]
    wet = np.array([p.wet for p in products])[prod]
    jeugd = wet == "jeugd"
    unit = np.array([p.regel_eenheid for p in products])
    tarief = np.array([p.tarief_2022 for p in products])
    typical = np.where(unit == catalog.ETMAAL, 25.0, np.where(unit == catalog.MINUUT, 600.0,
                       np.where(unit == catalog.EURO, 2_500.0, np.where(unit == catalog.STUKS, 3.0, 12.0))))
    volume = np.maximum(np.round(rng.gamma(4.0, typical[prod] / 4.0), 2), 0.25)
    year = 2022 + ln["month"] // 12
    index = np.array([catalog.TARIFF_INDEX[y] for y in range(2022, 2027)])[year - 2022]
    bedrag = np.round(volume * tarief[prod] * index, 2)
    month_start = (FIRST_MONTH + ln["month"]).astype("datetime64[D]")
    month_end = (FIRST_MONTH + ln["month"] + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    cut = np.datetime64(DATA_CUT.isoformat(), "D")
    lag = np.round(rng.exponential(25.0, n)).astype("int64") + 1
    ingediend = np.minimum(month_end + lag, cut)  # a late line of the last months is booked on the cut
    pgb = rng.random(n) < 0.08
    # Per client: birth year (jeugd 2006..2025, wmo 1925..1995), per episode: verwijzer and aanbieder.
    h = (ln["client"] * 2_654_435_761 + ln["gem"] * 40_503) % 1_000_003
    geboortejaar = np.where(jeugd, 2006 + h % 20, 1925 + h % 71)
    verwijzer = np.where(jeugd, VERWIJZERS[np.searchsorted(np.cumsum(VERWIJZER_P), (h % 997) / 997, side="right")],
                         None)
    agb = [providers(p.wet, p.bouwsteen) for p in products]
    n_agb = np.array([len(a) for a in agb])
    agb_table = np.array([a[i % len(a)] for a in agb for i in range(6)]).reshape(len(products), 6)
    aanbieder = agb_table[prod, (h % 7919) % n_agb[prod]]
    # Credits: a share of the lines is credited in full a month or two later (when before the cut).
    credit = (rng.random(n) < CREDIT_SHARE) & (ingediend + 45 <= cut)
    c = np.flatnonzero(credit)
    take = np.concatenate([np.arange(n), c])
    sign = np.concatenate([np.ones(n), -np.ones(len(c))])
    booked = np.concatenate([ingediend, ingediend[c] + 30 + (h[c] % 15)])
    gem = codes[ln["gem"]]
    client_num = ln["client"] * 4_096 + ln["gem"]
    uniq, inverse = np.unique(client_num[take], return_inverse=True)
    salt = np.uint64((seed * 0x9E3779B97F4A7C15) % 2**64)
    hashed = (uniq.astype("uint64") * np.uint64(0xBF58476D1CE4E5B9)) ^ salt
    ids = pa.array([f"n{v & 0xFFFFFFFFFF:010x}" for v in hashed.tolist()])
    order = np.lexsort((booked, prod[take], inverse, ln["month"][take], ln["gem"][take]))
    take, sign, booked, inverse = take[order], sign[order], booked[order], inverse[order]
    columns = {
        "gemeente": pa.array(gem[take]).dictionary_encode(),
        "wet": pa.array(wet[take]).dictionary_encode(),
        "client_id": ids.take(pa.array(inverse)),
        "geboortejaar": pa.array(geboortejaar[take], type=pa.int32()),
        "productcode": pa.array(np.array([p.productcode for p in products])[prod[take]]).dictionary_encode(),
        "productcategorie": pa.array(np.array([p.productcategorie for p in products])[prod[take]]).dictionary_encode(),
        "aanbieder": pa.array(aanbieder[take]).dictionary_encode(),
        "verwijzer": pa.array(verwijzer[take], type=pa.string()).dictionary_encode(),
        "zorgvorm": pa.array(np.where(pgb[take], "PGB", "ZIN")).dictionary_encode(),
        "periode_begin": pa.array(month_start[take], type=pa.date32()),
        "periode_eind": pa.array(month_end[take], type=pa.date32()),
        "volume": pa.array(volume[take] * sign),
        "eenheid": pa.array(unit[prod[take]]).dictionary_encode(),
        "bedrag": pa.array(bedrag[take] * sign),
        "ingediend_op": pa.array(booked, type=pa.date32()),
    }
    return pa.table(columns)


def _bevolking(codes: np.ndarray, sizes: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Inhabitants per age on 1 January of each year: a flat-ish Dutch age pyramid, 0,4 % growth a year."""
    ages = np.arange(106)
    shape = np.where(ages < 65, 1.0, np.maximum(1.0 - (ages - 65) / 35.0, 0.01))
    shape = shape / shape.sum()
    rows = []
    for y in YEARS:
        grown = sizes * (1.004 ** (y - 2022))
        counts = np.round(np.outer(grown, shape) * rng.uniform(0.9, 1.1, (len(codes), len(ages)))).astype("int64")
        for code, row in zip(list(codes) + ["NL01"], np.vstack([counts, counts.sum(axis=0)])):
            rows.append(pd.DataFrame({"gemeente": code, "jaar": y, "leeftijd": ages, "aantal": row,
                                      "soort": "waarneming"}))
    return pd.concat(rows, ignore_index=True)


def generate_national(seed: int = 2026, lines: int = DEFAULT_LINES,
                      gemeenten: int = N_GEMEENTEN) -> dict[str, pa.Table | pd.DataFrame]:
    """The national tables: `declaraties` (a pyarrow Table), `producten` and `bevolking` (DataFrames)."""
    if lines < 1:
        raise ValueError("lines must be positive")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 12]))
    codes = gemeente_codes(rng, gemeenten)
    sizes = _sizes(rng, len(codes))
    weights = sizes / sizes.sum()
    from . import _producten

    return {"declaraties": _declaraties(rng, codes, weights, lines, seed),
            "producten": _producten(),
            "bevolking": _bevolking(codes, sizes, rng)}


def write_national(out: Path, seed: int = 2026, lines: int = DEFAULT_LINES,
                   gemeenten: int = N_GEMEENTEN) -> list[Path]:
    """Write the national input folder into `out`; returns the files written. Only into an
    empty folder or an earlier demo folder (`safe_output.prepare_demo_folder`), never over real input."""
    from sdmonitor.safe_output import prepare_demo_folder

    prepare_demo_folder(Path(out))
    from . import LAYOUT

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = generate_national(seed, lines, gemeenten)
    path = out / "declaraties.parquet"
    pq.write_table(tables["declaraties"], path, row_group_size=ROW_GROUP, compression="zstd")
    written = [path]
    for name in ("producten", "bevolking"):
        columns, sort_by = LAYOUT[name]
        write_csv(tables[name], out / f"{name}.csv", columns, sort_by)
        written.append(out / f"{name}.csv")
    return sorted(written)
