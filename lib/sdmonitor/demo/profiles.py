"""What each demo municipality looks like: care processes per bouwsteen and the seeds' figures.

`yearly` is the wanted number of distinct clients per service year 2022..2026 (2026 as a full,
fully declared year). `duration` is the mean length of one episode of care in months. `attach`
is the chance that an episode belongs to a client already in care in one of `hosts` (a second
product) rather than to a new client. `volume` is the mean monthly volume in the declaration
unit (etmaal products simply count the days in care).

The calibration targets quote the seed documents: Wijchen's "Monitor Sociaal Domein" 2025 t/m
februari 2026 (seed 000) and Druten's monitor 2024 (seed 003).
"""

from __future__ import annotations

from dataclasses import dataclass, field

YEARS = (2022, 2023, 2024, 2025, 2026)


@dataclass(frozen=True)
class Spec:
    """The care process of one bouwsteen in one municipality."""

    wet: str
    bouwsteen: str
    yearly: tuple[int, ...]  # clients per year, 2022..2026
    duration: float
    volume: float = 0.0
    attach: float = 0.0
    hosts: tuple[str, ...] = ()
    ages: tuple[int, int] = (4, 17)
    pgb: float = 0.0
    exact_years: tuple[int, ...] = ()  # years whose distinct-client count is fixed exactly
    scalable: bool = True  # may be rescaled to reach the municipality's total client target


@dataclass(frozen=True)
class Profile:
    """One demo municipality."""

    code: str
    naam: str
    inwoners: dict[int, int]  # total population on 1 January, 2022..2026
    jeugd_0_17: dict[int, int]  # population aged 0-17, 2022..2026 (2025 derived from clients)
    aandeel_65plus: dict[int, float]  # share 65+ for 2022 and 2040 (linear in between)
    specs: tuple[Spec, ...]
    # distinct jeugd clients (all bouwstenen / any verblijf bouwsteen) in a year, fixed exactly
    jeugd_total: dict[int, int] = field(default_factory=dict)
    jeugd_verblijf: dict[int, int] = field(default_factory=dict)
    top_clients: int = 0  # very expensive LTA -> Essentiële functies clients
    top25_bedrag: dict[int, float] = field(default_factory=dict)
    # money: (wet, reference year) -> {group name: (bouwstenen, ZIN bedrag in the reference year)}
    money: dict[tuple[str, int], dict[str, tuple[tuple[str, ...], float]]] = field(default_factory=dict)
    pgb_share: dict[str, dict[int, float]] = field(default_factory=dict)  # wet -> year -> share
    # volume targets: (wet, bouwstenen, year) -> volume in the bouwsteen unit
    volume: dict[tuple[str, tuple[str, ...], int], float] = field(default_factory=dict)
    # monthly distinct clients: (wet, bouwsteen, 'YYYY-MM') -> clients
    monthly_clients: dict[tuple[str, str, str], int] = field(default_factory=dict)
    avan_users: dict[int, int] = field(default_factory=dict)  # mean AVAN users per month
    afwijking_2026: dict[str, dict[str, float]] = field(default_factory=dict)  # wet -> post -> euro
    begroting: dict[tuple[str, int], dict[str, float]] = field(default_factory=dict)  # fixed budgets
    # Fixed budgets per begrotingsregel (the municipality's own finer table), as in its seed.
    begroting_regels: dict[tuple[str, int], dict[str, float]] = field(default_factory=dict)
    year_totals: dict[tuple[str, int], float] = field(default_factory=dict)  # (wet, year) -> total bedrag


def _j(bouwsteen: str, yearly, duration, volume=0.0, **kw) -> Spec:
    return Spec("jeugd", bouwsteen, tuple(yearly), duration, volume, **kw)


def _w(bouwsteen: str, yearly, duration, volume=0.0, **kw) -> Spec:
    kw.setdefault("ages", (66, 94))
    return Spec("wmo", bouwsteen, tuple(yearly), duration, volume, **kw)


VERBLIJF = ("Pleegzorg", "Gezinshuis", "Residentieel", "GGZ-verblijf", "LTA", "Essentiële functies")
_ADULT = (19, 66)

WIJCHEN = Profile(
    code="GM0296",
    naam="Wijchen",
    inwoners={2022: 41120, 2023: 41260, 2024: 41390, 2025: 41470, 2026: 41560},
    jeugd_0_17={2022: 9990, 2023: 9930, 2024: 9860, 2025: 9780, 2026: 9710},
    aandeel_65plus={2022: 0.228, 2040: 0.306},
    specs=(
        _j("Pleegzorg", (60, 60, 58, 57, 57), 40, ages=(0, 14), scalable=False),
        _j("Gezinshuis", (16, 17, 17, 17, 17), 48, ages=(4, 15), scalable=False),
        _j("Residentieel", (30, 28, 26, 24, 24), 24, ages=(8, 16), scalable=False),
        _j("GGZ-verblijf", (10, 12, 14, 26, 16), 3, ages=(12, 17), scalable=False),
        _j("LTA", (10, 9, 7, 3, 0), 14, ages=(10, 16), scalable=False),
        _j("Essentiële functies", (0, 0, 0, 8, 8), 24, ages=(10, 16), scalable=False),
        _j("Jeugdhulp crisis", (8, 8, 8, 8, 8), 1.5, ages=(10, 17)),
        _j("Dagbehandeling", (45, 44, 42, 40, 40), 48, 38, ages=(3, 12), pgb=0.04),
        _j("Dagbesteding", (30, 32, 34, 40, 40), 48, 30, ages=(6, 17), pgb=0.08),
        _j("Eerste Stap", (60, 58, 52, 42, 42), 36, 12, ages=(2, 12)),
        _j("Reguliere begeleiding", (310, 320, 325, 290, 290), 60, 10, ages=(3, 14), pgb=0.07),
        _j("Specialistische begeleiding", (140, 145, 150, 138, 138), 60, 12, ages=(3, 14), pgb=0.07,
           attach=0.15, hosts=("Jeugdbescherming",)),
        _j("Groepsbegeleiding", (60, 58, 55, 48, 48), 30, 16, ages=(6, 17), attach=0.4,
           hosts=("Reguliere begeleiding", "Ambulante behandeling")),
        _j("Ambulante behandeling", (150, 155, 160, 158, 158), 60, 5, ages=(3, 14), attach=0.15,
           hosts=("Reguliere begeleiding",)),
        _j("Basis GGZ", (180, 185, 190, 170, 170), 48, 300, ages=(6, 15), scalable=False),
        _j("Specialistische GGZ", (200, 210, 225, 235, 235), 60, 420, ages=(6, 15), scalable=False),
        _j("Jeugdbescherming", (70, 72, 75, 68, 68), 60, ages=(0, 17), attach=0.35,
           hosts=("Pleegzorg", "Gezinshuis", "Residentieel")),
        _j("Jeugdreclassering", (12, 13, 14, 16, 16), 18, ages=(12, 17)),
        _j("Preventief justitieel kader", (4, 4, 4, 4, 4), 2, 1, ages=(12, 17)),
        _j("Persoonlijke verzorging", (8, 8, 8, 8, 8), 30, 8, ages=(2, 15), attach=0.5, pgb=0.2,
           hosts=("Dagbehandeling", "Dagbesteding")),
        _j("Vervoer", (10, 10, 10, 10, 10), 24, 30, ages=(4, 15), attach=0.8,
           hosts=("Dagbehandeling", "Dagbesteding")),
        _w("Hulp bij het huishouden", (1150, 1180, 1190, 1170, 1180), 48, 10.5, ages=(66, 95), pgb=0.06),
        _w("Reguliere begeleiding", (260, 270, 280, 295, 300), 18, 16, ages=_ADULT, pgb=0.08),
        _w("Specialistische begeleiding", (120, 130, 150, 158, 160), 18, 18, ages=_ADULT, pgb=0.06),
        _w("Praktische begeleiding", (90, 95, 100, 105, 108), 10, 8, ages=(25, 85)),
        _w("Groepsbegeleiding", (20, 18, 15, 14, 13), 12, 20, ages=_ADULT),
        _w("Dagbesteding volwassenen", (95, 96, 96, 95, 95), 30, 10, ages=(20, 64)),
        _w("Dagbesteding ouderen", (70, 72, 72, 70, 70), 14, 9, ages=(68, 92), attach=0.3,
           hosts=("Hulp bij het huishouden",)),
        _w("Vervoer (AVAN)", (1150, 1000, 1050, 1080, 1100), 60, 7, ages=(55, 95), attach=0.3,
           hosts=("Hulp bij het huishouden",)),
        _w("Hulpmiddelen", (1150, 1160, 1170, 1180, 1190), 48, 1, ages=(55, 95), attach=0.35,
           hosts=("Hulp bij het huishouden",)),
        _w("Woonvoorzieningen", (130, 125, 128, 130, 130), 1, 1, ages=(50, 92), attach=0.3,
           hosts=("Hulp bij het huishouden",)),
    ),
    jeugd_total={2025: 1301},
    jeugd_verblijf={2025: 134},
    top_clients=27,
    top25_bedrag={2026: 4_300_000.0},
    money={
        ("jeugd", 2026): {
            "verblijf": (VERBLIJF, 5_180_000.0),
            "ambulant": (("Reguliere begeleiding", "Specialistische begeleiding", "Groepsbegeleiding",
                          "Ambulante behandeling"), 3_800_000.0),
            "ggz": (("Basis GGZ", "Specialistische GGZ"), 3_600_000.0),
            "dagbehandeling": (("Dagbehandeling", "Dagbesteding", "Eerste Stap"), 1_600_000.0),
            "bescherming": (("Jeugdbescherming", "Jeugdreclassering", "Preventief justitieel kader"),
                            1_050_000.0),
            "overig": (("Persoonlijke verzorging", "Vervoer", "Jeugdhulp crisis"), 350_000.0),
        },
        ("wmo", 2026): {
            "hbh": (("Hulp bij het huishouden",), 4_700_000.0),
            "begeleiding": (("Reguliere begeleiding", "Specialistische begeleiding", "Praktische begeleiding",
                             "Groepsbegeleiding"), 3_900_000.0),
            "dagbesteding": (("Dagbesteding volwassenen", "Dagbesteding ouderen"), 1_550_000.0),
            "hulpmiddelen": (("Hulpmiddelen",), 900_000.0),
            "woon": (("Woonvoorzieningen",), 700_000.0),
            "vervoer": (("Vervoer (AVAN)",), 480_000.0),
        },
    },
    pgb_share={
        "jeugd": {2022: 0.028, 2023: 0.03, 2024: 0.02, 2025: 0.02, 2026: 0.02},
        "wmo": {2022: 0.056, 2023: 0.054, 2024: 0.052, 2025: 0.05, 2026: 0.05},
    },
    volume={
        ("wmo", ("Dagbesteding ouderen",), 2022): 5_690.0,
        ("wmo", ("Dagbesteding ouderen",), 2023): 5_880.0,
        ("wmo", ("Dagbesteding ouderen",), 2024): 5_830.0,
        ("wmo", ("Dagbesteding ouderen",), 2025): 5_780.0,  # ~5.610 declared at the cut
    },
    year_totals={("jeugd", 2022): 17_100_000.0, ("jeugd", 2023): 18_050_000.0, ("jeugd", 2024): 18_950_000.0,
                 ("jeugd", 2025): 19_750_000.0},
    # 2025 is set a little above the seed's 215 because the last months are not fully declared at the cut
    avan_users={2022: 246, 2023: 241, 2024: 237, 2025: 224, 2026: 212},
    # seed 000 §3.5 / §4.5 (x € 1.000, rounded): jeugd 19, -544, 123, -4, 88, 0, 18, total -299. The
    # rounded posts add up to -300, so the unrounded ones must carry +0,5 .. +1,5 between them:
    # these round to the seed's posts and add up to -298,8, which rounds to the seed's total.
    afwijking_2026={
        "jeugd": {"Dagbehandeling": 19_300, "Verblijf": -543_700, "Ambulant": 123_300, "GGZ zorg": -4_000,
                  "Bescherming/reclassering": 88_300, "PGB": 0, "Overig": 18_000},
        "wmo": {"Huishoudelijke hulp": 351_000, "Begeleiding": 0, "Hulpmiddelen": 0, "Dagbesteding": -20_000,
                "Woonvoorzieningen": 0, "PGB": 0, "Overig": 0},
    },
)

# Druten, seed 003 §3.4: realisatie 2024 per budget line (x € 1.000) and its budget.
DRUTEN_JEUGD_2024 = {
    "Persoonlijke verzorging": (("Persoonlijke verzorging",), 16_000.0, 68_000.0),
    "Verblijf": (("Pleegzorg", "Gezinshuis", "Residentieel", "GGZ-verblijf", "Essentiële functies"),
                 1_130_000.0, 1_334_000.0),
    "Begeleiding ambulant": (("Reguliere begeleiding", "Specialistische begeleiding", "Groepsbegeleiding"),
                             740_000.0, 581_000.0),
    "Behandeling ambulant": (("Ambulante behandeling",), 608_000.0, 554_000.0),
    "Dagbehandeling": (("Dagbehandeling", "Dagbesteding"), 527_000.0, 372_000.0),
    "Vervoersdiensten": (("Vervoer",), 24_000.0, 25_000.0),
    "Basis en spec. GGZ": (("Basis GGZ", "Specialistische GGZ"), 1_538_000.0, 1_515_000.0),
    "Landelijk Transitie Arrangement": (("LTA",), 90_000.0, 87_000.0),
    "Jeugdbescherming": (("Jeugdbescherming",), 308_000.0, 319_000.0),
    "Jeugdreclassering": (("Jeugdreclassering",), 61_000.0, 35_000.0),
    "Activiteiten preventief justitieel kader": (("Preventief justitieel kader",), 2_000.0, 68_000.0),
    "Jeugdhulp crisis": (("Jeugdhulp crisis",), 9_000.0, 0.0),
}
DRUTEN_PGB_2024 = (101_000.0, 93_000.0)

DRUTEN = Profile(
    code="GM0225",
    naam="Druten",
    inwoners={2022: 19310, 2023: 19390, 2024: 19450, 2025: 19520, 2026: 19580},
    jeugd_0_17={2022: 4090, 2023: 4070, 2024: 4050, 2025: 4030, 2026: 4010},
    aandeel_65plus={2022: 0.215, 2040: 0.292},
    specs=(
        _j("Pleegzorg", (18, 17, 16, 16, 15), 40, ages=(0, 14)),
        _j("Gezinshuis", (3, 3, 4, 4, 4), 36, ages=(4, 15)),
        _j("Residentieel", (4, 3, 3, 3, 3), 12, ages=(8, 16)),
        _j("GGZ-verblijf", (2, 2, 2, 2, 2), 3, ages=(12, 17)),
        _j("LTA", (1, 1, 1, 1, 0), 30, ages=(10, 13)),
        _j("Essentiële functies", (0, 0, 0, 1, 1), 12, ages=(10, 15)),
        _j("Jeugdhulp crisis", (2, 2, 2, 2, 2), 1, ages=(10, 17)),
        _j("Dagbehandeling", (15, 16, 18, 19, 19), 14, 38, ages=(3, 12)),
        _j("Dagbesteding", (10, 14, 18, 20, 21), 14, 30, ages=(6, 17), pgb=0.1),
        _j("Reguliere begeleiding", (110, 115, 120, 120, 118), 16, 11, ages=(4, 17), pgb=0.05),
        _j("Specialistische begeleiding", (45, 48, 52, 52, 50), 16, 13, ages=(4, 17), pgb=0.05),
        _j("Groepsbegeleiding", (15, 15, 15, 14, 14), 10, 16, ages=(6, 17), attach=0.4,
           hosts=("Reguliere begeleiding",)),
        _j("Ambulante behandeling", (75, 70, 62, 60, 58), 10, 5, ages=(3, 17)),
        _j("Basis GGZ", (175, 152, 130, 125, 120), 6, 300, ages=(6, 17), exact_years=(2022, 2023, 2024)),
        _j("Specialistische GGZ", (207, 218, 229, 235, 238), 12, 420, ages=(6, 17),
           exact_years=(2022, 2023, 2024)),
        _j("Jeugdbescherming", (22, 22, 21, 21, 20), 20, ages=(0, 17), attach=0.3,
           hosts=("Pleegzorg", "Gezinshuis")),
        _j("Jeugdreclassering", (5, 5, 6, 6, 6), 10, ages=(12, 17)),
        _j("Preventief justitieel kader", (2, 2, 2, 2, 2), 1, 1, ages=(12, 17)),
        _j("Persoonlijke verzorging", (3, 3, 3, 3, 3), 20, 8, ages=(2, 15)),
        _j("Vervoer", (3, 3, 3, 3, 3), 12, 30, ages=(4, 15), attach=0.7, hosts=("Dagbehandeling",)),
        _w("Hulp bij het huishouden", (780, 790, 800, 810, 815), 48, 10.0, ages=(66, 95), pgb=0.04),
        _w("Reguliere begeleiding", (130, 142, 165, 170, 172), 18, 15, ages=_ADULT, pgb=0.05),
        _w("Specialistische begeleiding", (50, 52, 56, 60, 62), 18, 18, ages=_ADULT, pgb=0.04),
        _w("Praktische begeleiding", (40, 38, 32, 30, 30), 10, 7, ages=(25, 85)),
        _w("Groepsbegeleiding", (18, 20, 12, 11, 10), 12, 20, ages=_ADULT),
        _w("Dagbesteding volwassenen", (40, 40, 36, 35, 35), 30, 10, ages=(20, 64)),
        _w("Dagbesteding ouderen", (28, 30, 32, 33, 33), 14, 9, ages=(68, 92), attach=0.3,
           hosts=("Hulp bij het huishouden",)),
        _w("Vervoer (AVAN)", (520, 400, 420, 430, 440), 60, 7, ages=(55, 95), attach=0.3,
           hosts=("Hulp bij het huishouden",)),
        _w("Hulpmiddelen", (520, 530, 545, 560, 570), 48, 1, ages=(55, 95), attach=0.35,
           hosts=("Hulp bij het huishouden",)),
        _w("Woonvoorzieningen", (60, 58, 62, 60, 60), 1, 1, ages=(50, 92), attach=0.3,
           hosts=("Hulp bij het huishouden",)),
    ),
    money={
        ("jeugd", 2024): {k: (v[0], v[1]) for k, v in DRUTEN_JEUGD_2024.items()},
        ("wmo", 2024): {
            "hbh": (("Hulp bij het huishouden",), 2_250_000.0),
            "begeleiding": (("Reguliere begeleiding", "Specialistische begeleiding", "Praktische begeleiding",
                             "Groepsbegeleiding"), 1_450_000.0),
            "dagbesteding": (("Dagbesteding volwassenen", "Dagbesteding ouderen"), 420_000.0),
            "hulpmiddelen": (("Hulpmiddelen",), 380_000.0),
            "woon": (("Woonvoorzieningen",), 300_000.0),
            "vervoer": (("Vervoer (AVAN)",), 180_000.0),
        },
    },
    pgb_share={
        "jeugd": {2022: 0.021, 2023: 0.02, 2024: DRUTEN_PGB_2024[0] / 5_154_000.0, 2025: 0.018, 2026: 0.018},
        "wmo": {2022: 0.036, 2023: 0.035, 2024: 0.034, 2025: 0.034, 2026: 0.033},
    },
    volume={
        ("jeugd", ("Basis GGZ", "Specialistische GGZ"), 2022): 10_172.0,
        ("jeugd", ("Basis GGZ", "Specialistische GGZ"), 2023): 11_040.0,
        ("jeugd", ("Basis GGZ", "Specialistische GGZ"), 2024): 12_127.0,
        ("wmo", ("Praktische begeleiding",), 2022): 2_410.0,
        ("wmo", ("Praktische begeleiding",), 2023): 2_278.0,
        ("wmo", ("Praktische begeleiding",), 2024): 1_886.0,
        ("wmo", ("Praktische begeleiding",), 2025): 1_810.0,
        ("wmo", ("Dagbesteding ouderen",), 2022): 2_590.0,
        ("wmo", ("Dagbesteding ouderen",), 2023): 2_675.0,
        ("wmo", ("Dagbesteding ouderen",), 2024): 2_767.0,
        ("wmo", ("Dagbesteding ouderen",), 2025): 2_810.0,
    },
    # seed 003 §3.4: 2024 is € 356k above the realisatie 2023
    year_totals={("jeugd", 2023): 5_154_000.0 - 356_000.0},
    monthly_clients={
        ("wmo", "Hulp bij het huishouden", "2024-01"): 655,
        ("wmo", "Hulp bij het huishouden", "2024-12"): 676,
    },
    avan_users={2022: 96, 2023: 92, 2024: 94, 2025: 90, 2026: 88},
    begroting={
        ("jeugd", 2024): {
            "Dagbehandeling": 372_000.0,
            "Verblijf": 1_334_000.0 + 87_000.0,
            "Ambulant": 581_000.0 + 554_000.0,
            "GGZ zorg": 1_515_000.0,
            "Bescherming/reclassering": 319_000.0 + 35_000.0 + 68_000.0,
            "PGB": 93_000.0,
            "Overig": 68_000.0 + 25_000.0 + 0.0,
        },
    },
    # Seed 003 §3.4, "Budget 2024" (x € 1.000): the same money as `begroting` 2024, per regel.
    begroting_regels={
        ("jeugd", 2024): {
            "Persoonlijke verzorging": 68_000.0, "Verblijf": 1_334_000.0, "Begeleiding ambulant": 581_000.0,
            "Behandeling ambulant": 554_000.0, "Dagbehandeling": 372_000.0, "Vervoersdiensten": 25_000.0,
            "Basis en spec. GGZ": 1_515_000.0, "Landelijk Transitie Arrangement": 87_000.0,
            "Jeugdbescherming": 319_000.0, "Jeugdreclassering": 35_000.0,
            "Activiteiten preventief justitieel kader": 68_000.0, "Jeugdhulp crisis": 0.0, "PGB jeugd": 93_000.0,
        },
    },
)

PROFILES: tuple[Profile, ...] = (WIJCHEN, DRUTEN)
