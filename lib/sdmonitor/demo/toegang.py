"""Toegang tables: meldingen, klachten_bezwaren, tevredenheid, smw, veilig_thuis."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .timeline import cut_day

# Meldingen per month (2022 level) per zorgtype and the yearly trend.
MELDINGEN = {
    "GM0296": {"jeugd": 40, "wmo-nieuw": 30, "wmo-klassiek": 55},
    "GM0225": {"jeugd": 17, "wmo-nieuw": 12, "wmo-klassiek": 25},
}
_YEAR_FACTOR = {2022: 0.97, 2023: 1.0, 2024: 1.04, 2025: 0.99, 2026: 1.0}
_WAIT_DAYS = {"jeugd": 32.0, "wmo-nieuw": 26.0, "wmo-klassiek": 16.0}


def meldingen(rng: np.random.Generator, gemeente: str, understaffed: bool) -> pd.DataFrame:
    """Requests at the Sociaal Team. With `understaffed`, jeugd and wmo-nieuw waits grow from
    the summer of 2025 (the seed's rising wachtlijst)."""
    days = np.arange(np.datetime64("2022-01-01"), cut_day() + 1)
    years = days.astype("datetime64[Y]").astype(int) + 1970
    parts = []
    for zorgtype, per_month in MELDINGEN[gemeente].items():
        rate = per_month * 12 / 365 * np.array([_YEAR_FACTOR[y] for y in years])
        n = rng.poisson(rate)
        aangemeld = np.repeat(days, n)
        k = len(aangemeld)
        wait = rng.lognormal(np.log(_WAIT_DAYS[zorgtype]), 0.45, k)
        if understaffed and zorgtype in ("jeugd", "wmo-nieuw"):
            late = (aangemeld - np.datetime64("2025-07-01")).astype(int)
            wait *= 1 + np.clip(late / 120.0, 0, 1.6) * (1.3 if zorgtype == "jeugd" else 0.9)
        spoed = rng.random(k) < 0.06
        wait = np.where(spoed, rng.integers(0, 6, k), np.round(wait)).astype("int64")
        no_kt = (rng.random(k) < 0.09) & ~spoed
        keukentafel = aangemeld + wait.astype("timedelta64[D]")
        afgesloten = np.where(no_kt, aangemeld + rng.integers(2, 40, k).astype("timedelta64[D]"),
                              keukentafel + np.round(rng.lognormal(np.log(35), 0.5, k)).astype("timedelta64[D]"))
        uitkomst = np.where(no_kt, rng.choice(["informatie-advies", "geen"], k, p=[0.7, 0.3]),
                            rng.choice(["maatwerk", "vrij-toegankelijk", "informatie-advies", "geen"], k,
                                       p=[0.62, 0.2, 0.13, 0.05]))
        kt_known = ~no_kt & (keukentafel <= cut_day())
        af_known = afgesloten <= cut_day()
        parts.append(pd.DataFrame({
            "zorgtype": zorgtype,
            "aangemeld_op": aangemeld.astype("datetime64[ns]"),
            "keukentafel_op": np.where(kt_known, keukentafel, np.datetime64("NaT")).astype("datetime64[ns]"),
            "afgesloten_op": np.where(af_known, afgesloten, np.datetime64("NaT")).astype("datetime64[ns]"),
            "spoed": spoed,
            "uitkomst": np.where(af_known, uitkomst, ""),
        }))
    out = pd.concat(parts, ignore_index=True).sort_values(["aangemeld_op", "zorgtype"], kind="mergesort")
    out.insert(0, "gemeente", gemeente)
    out.insert(1, "melding_id", [f"M{gemeente[2:]}-{i:06d}" for i in range(1, len(out) + 1)])
    return out.reset_index(drop=True)


# (klachten, of which formeel) and bezwaren per onderwerp, per year (2026: January-February).
KLACHTEN = {
    "GM0296": {2022: (9, 1), 2023: (11, 2), 2024: (14, 2), 2025: (12, 1), 2026: (2, 0)},
    "GM0225": {2022: (3, 0), 2023: (5, 1), 2024: (4, 1), 2025: (2, 0), 2026: (0, 0)},
}
BEZWAREN = {
    "GM0296": {
        2022: {"wmo": 9, "gehandicaptenparkeren": 5, "jeugd": 2, "leerlingenvervoer": 2},
        2023: {"wmo": 10, "gehandicaptenparkeren": 5, "jeugd": 3, "leerlingenvervoer": 2},
        2024: {"wmo": 13, "gehandicaptenparkeren": 7, "jeugd": 3, "leerlingenvervoer": 2},
        2025: {"wmo": 11, "gehandicaptenparkeren": 6, "jeugd": 3, "leerlingenvervoer": 2},
        2026: {"wmo": 2, "gehandicaptenparkeren": 1},
    },
    "GM0225": {
        2022: {"wmo": 1, "gehandicaptenparkeren": 1},
        2023: {"wmo": 2, "leerlingenvervoer": 1},
        2024: {"wmo": 1},
        2025: {"wmo": 1, "jeugd": 1},
        2026: {},
    },
}


def klachten_bezwaren(rng: np.random.Generator, gemeente: str) -> pd.DataFrame:
    rows = []
    for year, (n, formeel) in KLACHTEN[gemeente].items():
        last = 58 if year == 2026 else 364
        # which klachten of the year were handled formally is random, not date-ordered
        is_formeel = np.isin(np.arange(n), rng.choice(n, size=formeel, replace=False))
        for d, f in zip(np.sort(rng.integers(0, last + 1, n)), is_formeel):
            rows.append(("klacht", np.datetime64(f"{year}-01-01") + d, "sociaal-team",
                         "formeel" if f else "informeel"))
    for year, per in BEZWAREN[gemeente].items():
        last = 58 if year == 2026 else 364
        for onderwerp, n in per.items():
            for d in rng.integers(0, last + 1, n):
                rows.append(("bezwaar", np.datetime64(f"{year}-01-01") + d, onderwerp,
                             "formeel" if rng.random() < 0.35 else "informeel"))
    out = pd.DataFrame(rows, columns=["soort", "ontvangen_op", "onderwerp", "afhandeling"])
    out["ontvangen_op"] = out["ontvangen_op"].astype("datetime64[ns]")
    out = out.sort_values(["ontvangen_op", "soort", "onderwerp"], kind="mergesort").reset_index(drop=True)
    out.insert(0, "gemeente", gemeente)
    out.insert(1, "id", [f"{'K' if s == 'klacht' else 'B'}{gemeente[2:]}-{t.year}-{i:03d}"
                         for i, (s, t) in enumerate(zip(out["soort"], out["ontvangen_op"]), start=1)])
    return out


# Cliëntervaringsonderzoek as quoted in the seeds: (doelgroep, vraag, eenheid) -> {jaar: waarde}.
TEVREDENHEID: dict[str, dict[tuple[str, str, str], dict[int, float]]] = {
    "GM0296": {
        ("jeugdigen", "rapportcijfer-toegang", "cijfer"): {2023: 8.2, 2024: 7.8},
        ("ouders", "rapportcijfer-toegang", "cijfer"): {2023: 6.7, 2024: 6.7},
        ("wmo", "rapportcijfer-toegang", "cijfer"): {2023: 7.7, 2024: 7.7},
        ("jeugdigen", "tevreden-keukentafelgesprek", "cijfer"): {2023: 7.6, 2024: 7.8},
        ("ouders", "tevreden-keukentafelgesprek", "procent"): {2023: 88, 2024: 84},
        ("wmo", "tevreden-keukentafelgesprek", "procent"): {2023: 96, 2024: 97},
        ("ouders", "tevreden-contact-sociaal-team", "procent"): {2023: 75, 2024: 74},
        ("wmo", "tevreden-contact-sociaal-team", "procent"): {2023: 98, 2024: 92},
        ("jeugdigen", "rapportcijfer-kwaliteit", "cijfer"): {2023: 8.0, 2024: 7.5},
        ("ouders", "rapportcijfer-kwaliteit", "cijfer"): {2023: 6.7, 2024: 7.4},
        ("jeugdigen", "tevreden-zorgverlener", "cijfer"): {2023: 8.1, 2024: 7.7},
        ("ouders", "tevreden-zorgverlener", "procent"): {2023: 84, 2024: 89},
        ("wmo", "rapportcijfer-kwaliteit", "cijfer"): {2023: 8.0, 2024: 7.7},
        ("wmo", "tevreden-zorgverlener", "procent"): {2023: 98, 2024: 97},
    },
    "GM0225": {
        ("ouders", "rapportcijfer-toegang", "cijfer"): {2023: 6.8, 2024: 7.7},
        ("wmo", "rapportcijfer-toegang", "cijfer"): {2023: 8.0, 2024: 7.9},
        ("ouders", "tevreden-keukentafelgesprek", "procent"): {2023: 100},
        ("wmo", "tevreden-keukentafelgesprek", "procent"): {2023: 98, 2024: 98},
        ("ouders", "tevreden-contact-sociaal-team", "procent"): {2023: 89, 2024: 100},
        ("wmo", "tevreden-contact-sociaal-team", "procent"): {2023: 96, 2024: 95},
        ("jeugdigen", "rapportcijfer-kwaliteit", "cijfer"): {2023: 8.6},
        ("ouders", "rapportcijfer-kwaliteit", "cijfer"): {2023: 7.2, 2024: 7.5},
        ("jeugdigen", "tevreden-zorgverlener", "cijfer"): {2023: 8.3},
        ("wmo", "rapportcijfer-kwaliteit", "cijfer"): {2023: 7.9, 2024: 7.9},
        ("wmo", "kwaliteit-van-leven", "procent"): {2022: 86, 2024: 79},
    },
}
_RESPONS = {("GM0296", "jeugdigen"): 38, ("GM0296", "ouders"): 112, ("GM0296", "wmo"): 236,
            ("GM0225", "jeugdigen"): 9, ("GM0225", "ouders"): 41, ("GM0225", "wmo"): 118}


def tevredenheid(gemeente: str) -> pd.DataFrame:
    rows = []
    for (doelgroep, vraag, eenheid), per_year in TEVREDENHEID[gemeente].items():
        for jaar, waarde in per_year.items():
            rows.append((gemeente, jaar, doelgroep, vraag, float(waarde), eenheid,
                         _RESPONS[(gemeente, doelgroep)] + (jaar - 2023) * 3))
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "doelgroep", "vraag", "waarde", "eenheid", "respons"])


# Schoolmaatschappelijk werk: leerlingen per schooljaar (2025-2026 up to February).
SMW = {
    "GM0296": {("PO", "individueel"): (182, 196, 211, 224, 151), ("PO", "groep"): (88, 104, 118, 131, 84),
               ("VO", "individueel"): (158, 171, 176, 183, 92), ("VO", "groep"): (61, 66, 72, 70, 28)},
    "GM0225": {("PO", "individueel"): (74, 81, 86, 90, 58), ("PO", "groep"): (35, 38, 44, 47, 30),
               ("VO", "individueel"): (52, 55, 60, 63, 39), ("VO", "groep"): (18, 20, 22, 25, 12)},
}


def smw(gemeente: str) -> pd.DataFrame:
    rows = []
    for (onderwijs, soort), values in SMW[gemeente].items():
        for i, aantal in enumerate(values):
            rows.append((gemeente, f"{2021 + i}-{2022 + i}", onderwijs, soort, aantal))
    return pd.DataFrame(rows, columns=["gemeente", "schooljaar", "onderwijs", "soort", "aantal"])


def veilig_thuis(rng: np.random.Generator, gemeente: str) -> pd.DataFrame:
    """Veilig Thuis per quarter 2022-2025 (Wijchen only: Druten has no Veilig Thuis chapter)."""
    base = {"adviesvraag": 38, "melding": 34, "voorwaarden-en-vervolg": 4, "onderzoek": 2}
    rows = []
    for jaar in range(2022, 2026):
        for kw in range(1, 5):
            for soort, mu in base.items():
                rows.append((gemeente, jaar, kw, soort, int(rng.poisson(mu * (1 + 0.04 * (jaar - 2022))))))
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "kwartaal", "soort", "aantal"])
