"""Demo rows for the project's optional tables (docs/definitions.md, "Optional tables"): meerzorg,
vrij_toegankelijk_aanbod and avan_passen. Plainly synthetic: magnitudes follow the seeds' text
(Wijchen: 305 passes ended in April 2023, on average 237 users a month in 2024 and 215 in 2025;
Druten: 138 passes ended in April 2023), everything else is invented for the demo.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# gemeente -> (pashouders January 2022, passes ended April 2023, monthly growth after, users 2024, users 2025)
AVAN = {"GM0296": (1_480, 305, 4, 237, 215), "GM0225": (640, 138, 2, 96, 91)}
MEERZORG_SOORTEN = ("1-op-1 begeleiding bij verblijf", "1-op-1 begeleiding bij Essentiële functies")
# Seed 000 §2.5: who it is for and (abridged) what the offer is; the participant counts are invented.
AANBOD = (
    ("Inwoners met enkelvoudige hulpvragen", "Spreekuur Sociaal Team", "Inloopspreekuur: wegwijs in het vrij "
     "toegankelijk aanbod, ook tijdens de wachttijd.", "Sociaal Team", 310),
    ("Inwoners met enkelvoudige hulpvragen", "Vraagpunt", "Verdeelpunt naar aanbod van welzijn, Sociaal Team of "
     "elders; via huisartsen met Welzijn op Recept.", "Welzijnsorganisatie", 420),
    ("Jeugd", "Jongerenwerk", "Groepsgerichte ondersteuning voor jeugdigen, met onderwijs en schoolmaatschappelijk "
     "werk.", "Welzijnsorganisatie", 260),
    ("Jeugd", "Sova-training", "Sociale vaardigheidstraining voor jeugdigen.", "Welzijnsorganisatie", 38),
    ("Jeugd", "Kies-cursus", "Spel- en praatgroep voor kinderen met gescheiden ouders.", "Welzijnsorganisatie", 3),
    ("Gezinnen", "Relatie- en scheidingsloket", "Informatie en advies bij relatieproblemen of een (dreigende) "
     "scheiding.", "Sociaal Team en welzijnsorganisatie", 74),
    ("Volwassenen", "Collectief aanbod volwassenen", "Groepen rouwverwerking, niet-aangeboren hersenletsel, "
     "cursus voor mantelzorgers.", "Welzijnsorganisatie", 145),
    ("Ouderen", "Collectief aanbod ouderen", "Inloop, samen koken in de wijk, Meer Bewegen voor Ouderen, "
     "vervoersdienst, duofietsbegeleiders.", "Welzijnsorganisatie", 530),
)


def avan_passen(rng: np.random.Generator, gemeente: str, months: list[str]) -> pd.DataFrame:
    """Pass holders and users per month `months` (YYYY-MM)."""
    start, ended, growth, users_2024, users_2025 = AVAN[gemeente]
    rows, holders = [], start
    for month in months:
        if month == "2023-04":
            holders -= ended  # the clean-up of passes unused for two years
        holders += growth + int(rng.integers(-2, 3))
        target = {"2024": users_2024, "2025": users_2025}.get(month[:4],
                                                              users_2024 + 8 if month < "2024" else users_2025)
        users = int(round(target * (1 + 0.06 * np.sin(int(month[5:]) / 12 * 2 * np.pi)) + rng.integers(-6, 7)))
        rows.append((gemeente, month, holders, users))
    return pd.DataFrame(rows, columns=["gemeente", "maand", "pashouders", "gebruikers"])


def meerzorg(rng: np.random.Generator, gemeente: str) -> pd.DataFrame:
    """Meerzorg hours and clients per soort, 2025 (the year it was first monitored) and 2026 to date."""
    rows = []
    for soort, (uren, clienten) in zip(MEERZORG_SOORTEN, ((5_200, 11), (1_900, 7))):
        rows.append((gemeente, 2025, soort, float(uren + rng.integers(-200, 201)), clienten))
        rows.append((gemeente, 2026, soort, float(round(uren / 6) + rng.integers(-40, 41)), max(clienten - 1, 0)))
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "soort", "uren", "clienten"]).astype({"clienten": "Int64"})


def vrij_toegankelijk_aanbod(rng: np.random.Generator, gemeente: str) -> pd.DataFrame:
    """The offer for 2024 and 2025 with invented participant counts (growing a little)."""
    rows = []
    for jaar, factor in ((2024, 0.92), (2025, 1.0)):
        for doelgroep, aanbod, omschrijving, aanbieder, n in AANBOD:
            deelnemers = int(round(n * factor)) + int(rng.integers(-2, 3)) if n > 5 else n
            rows.append((gemeente, jaar, doelgroep, aanbod, omschrijving, aanbieder, max(deelnemers, 0)))
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "doelgroep", "aanbod", "omschrijving", "aanbieder",
                                       "deelnemers"]).astype({"deelnemers": "Int64"})




# Seed 000 §4.2 (Wijchen): BW/BT 32 of 824 in 2024, 35 of 848 in 2025; wachtenden 63 -> 44 (region);
# MO meldingen herkomst Wijchen 16 in 2025 (average 2023-2025: 19). Region MO counts are invented.
REGIONALE_VOORZIENINGEN = {
    ("GM0296", "beschermd-wonen", "clienten"): {2023: 30, 2024: 32, 2025: 35},
    ("regio", "beschermd-wonen", "clienten"): {2023: 801, 2024: 824, 2025: 848},
    ("regio", "beschermd-wonen", "wachtenden"): {2024: 63, 2025: 44},
    ("GM0296", "maatschappelijke-opvang", "meldingen"): {2023: 20, 2024: 21, 2025: 16},
    ("regio", "maatschappelijke-opvang", "meldingen"): {2023: 402, 2024: 417, 2025: 434},
}


def regionale_voorzieningen() -> pd.DataFrame:
    """The centrumgemeente's BW/BT and MO figures for Wijchen and the region (no randomness)."""
    rows = [(gebied, jaar, voorziening, kenmerk, n)
            for (gebied, voorziening, kenmerk), per_jaar in REGIONALE_VOORZIENINGEN.items()
            for jaar, n in per_jaar.items()]
    return pd.DataFrame(rows, columns=["gebied", "jaar", "voorziening", "kenmerk", "aantal"])


__all__ = ["avan_passen", "meerzorg", "regionale_voorzieningen", "vrij_toegankelijk_aanbod"]
