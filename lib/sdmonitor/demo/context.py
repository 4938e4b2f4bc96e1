"""`bevolking` (single years of age, waarneming and prognose) and `benchmark` (region and NL)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .profiles import Profile

AGES = np.arange(0, 106)
OBSERVED = range(2022, 2027)
PROGNOSE = range(2027, 2041)

# Netherlands (CBS-like magnitudes): total, aged 0-17, share 65+ in 2022 and 2040.
NL_TOTAL = {2022: 17_590_672, 2023: 17_811_291, 2024: 17_942_942, 2025: 18_044_027, 2026: 18_121_000}
NL_0_17 = {2022: 3_420_000, 2023: 3_417_000, 2024: 3_411_000, 2025: 3_402_000, 2026: 3_391_000}
NL_65 = {2022: 0.199, 2040: 0.256}


def _shape() -> dict[str, np.ndarray]:
    """Relative size of each single year of age within the groups 0-17, 18-64, 65+."""
    young = 0.9 + 0.01 * AGES[:18]
    adult = 1.0 + 0.3 * np.exp(-(((AGES[18:65] - 55) / 10.0) ** 2)) - 0.15 * np.exp(-(((AGES[18:65] - 24) / 5.0) ** 2))
    old = np.exp(-(AGES[65:] - 65) / 11.0)
    old[-1] = old[-1] * 1.5  # 105 means 105 and older
    return {"young": young, "adult": adult, "old": old}


def _spread(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to `weights` that add up to `total` (largest remainder)."""
    raw = total * weights / weights.sum()
    base = np.floor(raw).astype("int64")
    rest = total - base.sum()
    order = np.argsort(-(raw - base), kind="mergesort")
    base[order[:rest]] += 1
    return base


def _series(values: Mapping[int, float], years: range, growth: float) -> dict[int, float]:
    last = max(values)
    return {y: values[y] if y in values else values[last] * (1 + growth) ** (y - last) for y in years}


def population(code: str, total: dict[int, int], young: dict[int, int], share65: dict[int, float]) -> pd.DataFrame:
    """Population by single year of age for 2022..2040 (observed to 2026, then prognose)."""
    shape = _shape()
    years = range(2022, 2041)
    tot = _series(total, years, 0.002)
    yng = _series(young, years, -0.006)
    y0, y1 = min(share65), max(share65)
    rows = []
    for y in years:
        s65 = share65[y0] + (share65[y1] - share65[y0]) * (y - y0) / (y1 - y0)
        n_tot = int(round(tot[y]))
        n_young = int(round(yng[y]))
        n_old = int(round(n_tot * s65))
        counts = np.concatenate([_spread(n_young, shape["young"]), _spread(n_tot - n_young - n_old, shape["adult"]),
                                 _spread(n_old, shape["old"])])
        soort = "waarneming" if y in OBSERVED else "prognose"
        rows.append(pd.DataFrame({"gemeente": code, "jaar": y, "leeftijd": AGES, "aantal": counts, "soort": soort}))
    return pd.concat(rows, ignore_index=True)


def bevolking(profiles: list[Profile], young_overrides: dict[str, dict[int, int]]) -> pd.DataFrame:
    parts = [population("NL01", NL_TOTAL, NL_0_17, NL_65)]
    for p in profiles:
        parts.append(population(p.code, p.inwoners, young_overrides.get(p.code, p.jeugd_0_17), p.aandeel_65plus))
    return pd.concat(parts, ignore_index=True)


# Regional comparison (figures in the style of CBS / the regional monitor): per municipality
# pct_in_zorg (2025), jeugd and wmo clients per 1,000 inhabitants, costs per inhabitant (2025).
_REGION = {
    "GM1945": (11.4, 24.0, 78.0, 365.0, 300.0),  # Berg en Dal
    "GM0209": (10.9, 24.5, 72.0, 352.0, 285.0),  # Beuningen
    "GM0252": (10.2, 21.5, 70.0, 318.0, 292.0),  # Heumen
    "GM0944": (9.7, 19.5, 81.0, 301.0, 318.0),  # Mook en Middelaar
    "GM0268": (12.6, 23.0, 88.0, 402.0, 335.0),  # Nijmegen
    "NL01": (10.5, 20.0, 77.0, 338.0, 305.0),
}
_TREND = {2022: 0.94, 2023: 0.965, 2024: 0.985, 2025: 1.0}
_BOUWSTEEN_PER_1000 = {"Residentieel": 0.45, "Ambulante behandeling": 2.9, "Specialistische GGZ": 4.1,
                       "Basis GGZ": 3.3, "Reguliere begeleiding": 6.2, "Specialistische begeleiding": 2.6,
                       "Pleegzorg": 1.1}


# Wmo clients per 1,000 inhabitants per bouwsteen (regional-monitor-like magnitudes; synthetic).
_WMO_BOUWSTEEN_PER_1000 = {"Hulp bij het huishouden": 24.0, "Hulpmiddelen": 31.0, "Vervoer (AVAN)": 12.0,
                           "Reguliere begeleiding": 6.5, "Specialistische begeleiding": 3.4,
                           "Dagbesteding volwassenen": 2.1, "Dagbesteding ouderen": 1.6, "Woonvoorzieningen": 2.8}


def benchmark_wmo_bouwstenen(rng: np.random.Generator) -> pd.DataFrame:
    """`wmo.clienten_per_1000` per bouwsteen for the region's other municipalities and NL, 2022-2025
    (the regional Wmo comparison per bouwsteen of seed 000 §4.2). Its own stream: the other benchmark
    rows stay as they were."""
    rows = []
    for gebied, (_pct, _j, w1000, _jk, _wk) in _REGION.items():
        for year, t in _TREND.items():
            for bouwsteen, base in _WMO_BOUWSTEEN_PER_1000.items():
                rows.append((gebied, "wmo.clienten_per_1000", str(year), bouwsteen,
                             round(base * (w1000 / 77.0) * (0.96 + 0.04 * t) * rng.uniform(0.85, 1.15), 2)))
    return pd.DataFrame(rows, columns=["gebied", "indicator", "periode", "dimensie", "waarde"]).astype(
        {"waarde": "float64"})


def benchmark(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for gebied, (pct, j1000, w1000, jk, wk) in _REGION.items():
        for year, t in _TREND.items():
            jitter = 1 + rng.uniform(-0.015, 0.015)
            per = str(year)
            rows += [
                (gebied, "jeugd.pct_in_zorg", per, "", round(pct * t * jitter, 1)),
                (gebied, "jeugd.clienten_per_1000", per, "", round(j1000 * t * jitter, 1)),
                (gebied, "wmo.clienten_per_1000", per, "", round(w1000 * (0.96 + 0.04 * t) * jitter, 1)),
                (gebied, "jeugd.kosten_per_inwoner", per, "", round(jk * t * t * jitter, 0)),
                (gebied, "wmo.kosten_per_inwoner", per, "", round(wk * t * jitter, 0)),
            ]
            for bouwsteen, base in _BOUWSTEEN_PER_1000.items():
                rows.append((gebied, "jeugd.clienten_per_1000", per, bouwsteen,
                             round(base * (pct / 10.5) * jitter * rng.uniform(0.85, 1.15), 2)))
    for year in range(2022, 2041):
        share = NL_65[2022] + (NL_65[2040] - NL_65[2022]) * (year - 2022) / 18
        rows.append(("NL01", "bevolking.aandeel_65plus", str(year), "", round(share, 4)))
    return pd.DataFrame(rows, columns=["gebied", "indicator", "periode", "dimensie", "waarde"]).astype(
        {"waarde": "float64"})
