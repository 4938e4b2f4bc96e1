"""`begroting` and `nulmeting` from the simulated truth.

The 2026 budget of a municipality whose seed reports an expected deviation is the prognosis the
monitor itself makes on the written data (periode 2026-02, peildatum = the data cut) plus that
deviation, in whole euros: the monitor then shows exactly the seed's afwijking, whatever the
prognosis' error against the simulated truth. Other budgets (and 2026 without a reported
deviation) and every nulmeting are the truth with a plausible estimating error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalog import ALL_PRODUCTS, MINUUT
from .profiles import Profile

POSTS = {
    "jeugd": ("Dagbehandeling", "Verblijf", "Ambulant", "GGZ zorg", "Bescherming/reclassering", "PGB", "Overig"),
    "wmo": ("Huishoudelijke hulp", "Begeleiding", "Hulpmiddelen", "Dagbesteding", "Woonvoorzieningen", "PGB",
            "Overig"),
}


def _post(cells: pd.DataFrame) -> pd.Series:
    book = {(p.wet, p.productcode): p.begrotingspost for p in ALL_PRODUCTS}
    post = pd.Series([book[(w, c)] for w, c in zip(cells["wet"], cells["productcode"])], index=cells.index)
    return post.where(cells["zorgvorm"] != "PGB", "PGB")


def true_totals(cells: pd.DataFrame) -> pd.DataFrame:
    """True bedrag per (wet, jaar, begrotingspost)."""
    return (cells.assign(begrotingspost=_post(cells))
            .groupby(["wet", "jaar", "begrotingspost"], as_index=False).agg(bedrag=("bedrag", "sum")))


def begroting(rng: np.random.Generator, cells: pd.DataFrame, profile: Profile,
              prognose_2026: dict[tuple[str, str], float] | None = None) -> pd.DataFrame:
    """Budget per gemeente, year 2022..2026, wet and begrotingspost.

    `prognose_2026`: (wet, begrotingspost) -> the monitor's prognosis of 2026 on the demo data;
    required for the wetten of `profile.afwijking_2026`.
    """
    truth = true_totals(cells).set_index(["wet", "jaar", "begrotingspost"])["bedrag"]
    rows = []
    for wet, posts in POSTS.items():
        for jaar in range(2022, 2027):
            fixed = profile.begroting.get((wet, jaar))
            for post in posts:
                true = float(truth.get((wet, jaar, post), 0.0))
                draw = rng.uniform(0.94, 1.05)  # drawn for every row: the stream does not depend on the branch
                if fixed is not None:
                    bedrag = round(fixed.get(post, 0.0) / 1000.0) * 1000.0
                elif jaar == 2026 and wet in profile.afwijking_2026:
                    if prognose_2026 is None:
                        raise ValueError("the 2026 budget with a seed deviation needs the 2026 prognosis")
                    afwijking = profile.afwijking_2026[wet].get(post, 0.0)
                    bedrag = float(round(prognose_2026.get((wet, post), 0.0) + afwijking))
                else:
                    bedrag = round(true * draw / 1000.0) * 1000.0
                rows.append((profile.code, jaar, wet, post, bedrag))
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "wet", "begrotingspost", "bedrag"])


def begroting_regels(rng: np.random.Generator, cells: pd.DataFrame, profile: Profile,
                     indeling: dict[str, dict[str, list[str]]], posts: pd.DataFrame) -> pd.DataFrame:
    """Budget per gemeente, year 2022..2026, wet and begrotingsregel (`indeling`: wet → regel → its
    bouwstenen, from the municipality's parameters; PGB is a regel of its own). Fixed where the
    profile has the seed's table, else the truth with a plausible estimating error, scaled so the
    regels add up to the year's budget over the begrotingsposten (`posts`, the `begroting` rows):
    one budget, two breakdowns."""
    from sdmonitor.figures.begrotingsregels import NIET_INGEDEELD, PGB_REGEL

    bouwsteen = {(p.wet, p.productcode): p.bouwsteen for p in ALL_PRODUCTS}
    rows = []
    for wet, regels in indeling.items():
        part = cells.loc[cells["wet"] == wet]
        of = {b: regel for regel, bs in regels.items() for b in bs}
        regel = pd.Series([of.get(bouwsteen[(wet, c)], NIET_INGEDEELD) for c in part["productcode"]],
                          index=part.index).where(part["zorgvorm"] != "PGB", PGB_REGEL[wet])
        truth = part.groupby([part["jaar"], regel])["bedrag"].sum()
        for jaar in range(2022, 2027):
            fixed = profile.begroting_regels.get((wet, jaar))
            names = list(regels) + [PGB_REGEL[wet]]
            draws = rng.uniform(0.94, 1.05, len(names))
            if fixed is not None:
                amounts = [fixed.get(name, 0.0) for name in names]
            else:
                raw = [float(truth.get((jaar, name), 0.0)) * d for name, d in zip(names, draws)]
                target = float(posts.loc[(posts["wet"] == wet) & (posts["jaar"] == jaar), "bedrag"].sum())
                amounts = [round(a * target / sum(raw) / 1000.0) * 1000.0 for a in raw] if sum(raw) > 0 else raw
                # Rounding to thousands must not make the two breakdowns disagree: the largest regel takes it.
                largest = int(np.argmax(amounts))
                amounts[largest] += target - sum(amounts)
            rows += [(profile.code, jaar, wet, n, float(a)) for n, a in zip(names, amounts)]
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "wet", "regel", "bedrag"])


def nulmeting(rng: np.random.Generator, cells: pd.DataFrame, profile: Profile,
              fixed: dict[tuple[str, str, int], float] | None = None) -> pd.DataFrame:
    """Expected volume and bedrag per bouwsteen at the start of each year (estimate of the truth)."""
    vol = cells["volume"].where(cells["eenheid"] != MINUUT, cells["volume"] / 60.0)
    g = (cells.assign(v=vol).groupby(["wet", "bouwsteen", "jaar"], as_index=False)[["v", "bedrag"]].sum())
    err = rng.uniform(0.95, 1.07, len(g))
    g["volume"] = np.round(g["v"] * err)
    g["bedrag"] = np.round(g["bedrag"] * err / 100.0) * 100.0
    for (wet, bouwsteen, jaar), value in (fixed or {}).items():
        sel = (g["wet"] == wet) & (g["bouwsteen"] == bouwsteen) & (g["jaar"] == jaar)
        ratio = value / g.loc[sel, "volume"]
        g.loc[sel, "bedrag"] = np.round(g.loc[sel, "bedrag"] * ratio / 100.0) * 100.0
        g.loc[sel, "volume"] = value
    g["gemeente"] = profile.code
    return g[["gemeente", "jaar", "wet", "bouwsteen", "volume", "bedrag"]]
