"""The regional product book of the demo (jeugdregio Rijk van Nijmegen, shared by both municipalities).

Codes follow the regional style `45A03`: the first two digits are the iStandaard productcategorie
(JZ020 for jeugd, WMO020 for wmo), then a letter and a number. Units are WJ756 codes. GGZ is
declared in minutes against an hour-based bouwsteen (the figures convert minutes to hours);
every other product is declared in its bouwsteen's unit.
"""

from __future__ import annotations

from dataclasses import dataclass

# Tariff index per service year relative to 2022 (indexations of 5 %, 6,3 %, 4,5 %, 4 %).
TARIFF_INDEX = {2022: 1.0, 2023: 1.05, 2024: 1.116, 2025: 1.166, 2026: 1.213}

ETMAAL, UUR, MINUUT, DAGDEEL, STUKS, EURO = "14", "04", "01", "16", "82", "83"


@dataclass(frozen=True)
class Product:
    """One product of the regional product book, with its 2022 tariff per declared unit."""

    wet: str
    productcode: str
    omschrijving: str
    bouwsteen: str
    begrotingspost: str
    eenheid: str  # the bouwsteen's unit, as written in `producten`
    regel_eenheid: str  # the unit on the declaration line
    tarief_2022: float
    weight: float = 1.0  # relative share of the bouwsteen's clients getting this product

    @property
    def productcategorie(self) -> str:
        return self.productcode[:2]


def _p(wet: str, code: str, oms: str, bouwsteen: str, post: str, eenheid: str, tarief: float,
       weight: float = 1.0, regel_eenheid: str | None = None) -> Product:
    return Product(wet, code, oms, bouwsteen, post, eenheid, regel_eenheid or eenheid, tarief, weight)


JEUGD: tuple[Product, ...] = (
    # Verblijf
    _p("jeugd", "44A01", "Pleegzorg regulier", "Pleegzorg", "Verblijf", ETMAAL, 62.0, 3),
    _p("jeugd", "44A02", "Pleegzorg met opvoedondersteuning", "Pleegzorg", "Verblijf", ETMAAL, 88.0, 1),
    _p("jeugd", "44A11", "Gezinshuis middelzwaar", "Gezinshuis", "Verblijf", ETMAAL, 205.0, 2),
    _p("jeugd", "44A12", "Gezinshuis zwaar", "Gezinshuis", "Verblijf", ETMAAL, 245.0, 1),
    _p("jeugd", "43A01", "Residentieel verblijf met behandeling", "Residentieel", "Verblijf", ETMAAL, 285.0, 2),
    _p("jeugd", "43A02", "Residentieel verblijf intensief", "Residentieel", "Verblijf", ETMAAL, 330.0, 1),
    _p("jeugd", "43A21", "GGZ-verblijf (bed) met behandeling", "GGZ-verblijf", "Verblijf", ETMAAL, 470.0),
    _p("jeugd", "55A01", "LTA zeer intensief GGZ-verblijf", "LTA", "Verblijf", ETMAAL, 560.0, 1),
    _p("jeugd", "55A02", "LTA JeugdzorgPlus / JSGLVG-verblijf", "LTA", "Verblijf", ETMAAL, 600.0, 1),
    _p("jeugd", "43A31", "Essentiële functie verblijf intensief", "Essentiële functies", "Verblijf", ETMAAL, 520.0, 2),
    _p("jeugd", "43A32", "Essentiële functie verblijf gesloten", "Essentiële functies", "Verblijf", ETMAAL, 585.0, 1),
    # Dagbehandeling
    _p("jeugd", "41A01", "Dagbehandeling (voor-/naschools)", "Dagbehandeling", "Dagbehandeling", UUR, 62.0),
    _p("jeugd", "41A11", "Onderwijstoeleidende dagbesteding / BSO+", "Dagbesteding", "Dagbehandeling", UUR, 42.0),
    _p("jeugd", "45A51", "Eerste Stap (lokaal)", "Eerste Stap", "Dagbehandeling", UUR, 48.0),
    # Ambulant
    _p("jeugd", "45A01", "Reguliere begeleiding individueel", "Reguliere begeleiding", "Ambulant", UUR, 61.0),
    _p("jeugd", "45A03", "Specialistische begeleiding individueel", "Specialistische begeleiding", "Ambulant", UUR,
       77.0),
    _p("jeugd", "45A05", "Begeleiding groep", "Groepsbegeleiding", "Ambulant", UUR, 27.0),
    _p("jeugd", "45A11", "Orthopedagogische behandeling basis", "Ambulante behandeling", "Ambulant", UUR, 94.0, 2),
    _p("jeugd", "45A12", "Orthopedagogische behandeling specialistisch", "Ambulante behandeling", "Ambulant", UUR,
       108.0, 1),
    # GGZ zorg (declared in minutes)
    _p("jeugd", "54A01", "Basis GGZ behandeling", "Basis GGZ", "GGZ zorg", UUR, 1.55, regel_eenheid=MINUUT),
    _p("jeugd", "54A11", "Specialistische GGZ behandeling", "Specialistische GGZ", "GGZ zorg", UUR, 1.95, 3,
       regel_eenheid=MINUUT),
    _p("jeugd", "54A12", "Specialistische GGZ diagnostiek", "Specialistische GGZ", "GGZ zorg", UUR, 2.10, 1,
       regel_eenheid=MINUUT),
    # Bescherming/reclassering (per day)
    _p("jeugd", "48A01", "Ondertoezichtstelling (OTS)", "Jeugdbescherming", "Bescherming/reclassering", ETMAAL, 24.0,
       4),
    _p("jeugd", "48A02", "Voogdij", "Jeugdbescherming", "Bescherming/reclassering", ETMAAL, 19.0, 1),
    _p("jeugd", "47A01", "Jeugdreclassering regulier", "Jeugdreclassering", "Bescherming/reclassering", ETMAAL, 17.0),
    _p("jeugd", "49A01", "Activiteit preventief justitieel kader", "Preventief justitieel kader",
       "Bescherming/reclassering", STUKS, 175.0),
    # Overig
    _p("jeugd", "40A01", "Persoonlijke verzorging", "Persoonlijke verzorging", "Overig", UUR, 52.0),
    _p("jeugd", "42A01", "Vervoer jeugdhulp (rit)", "Vervoer", "Overig", STUKS, 22.0),
    _p("jeugd", "46A01", "Crisisopvang jeugd", "Jeugdhulp crisis", "Overig", ETMAAL, 410.0),
)

WMO: tuple[Product, ...] = (
    _p("wmo", "01A01", "Hulp bij het huishouden 1", "Hulp bij het huishouden", "Huishoudelijke hulp", UUR, 31.5, 3),
    _p("wmo", "01A02", "Hulp bij het huishouden 2", "Hulp bij het huishouden", "Huishoudelijke hulp", UUR, 35.5, 1),
    _p("wmo", "02A01", "Begeleiding regulier", "Reguliere begeleiding", "Begeleiding", UUR, 61.0),
    _p("wmo", "02A02", "Begeleiding specialistisch", "Specialistische begeleiding", "Begeleiding", UUR, 76.0),
    _p("wmo", "02A05", "Praktische begeleiding", "Praktische begeleiding", "Begeleiding", UUR, 44.0),
    _p("wmo", "09A01", "Begeleiding in groepsverband", "Groepsbegeleiding", "Begeleiding", UUR, 24.0),
    _p("wmo", "07A01", "Dagbesteding volwassenen", "Dagbesteding volwassenen", "Dagbesteding", DAGDEEL, 47.0),
    _p("wmo", "07A11", "Dagbesteding ouderen basis", "Dagbesteding ouderen", "Dagbesteding", DAGDEEL, 51.0, 2),
    _p("wmo", "07A12", "Dagbesteding ouderen specialistisch", "Dagbesteding ouderen", "Dagbesteding", DAGDEEL, 67.0, 1),
    _p("wmo", "08A01", "Collectief vervoer AVAN (rit)", "Vervoer (AVAN)", "Overig", STUKS, 14.0),
    _p("wmo", "11A01", "Rolstoel (huur per maand)", "Hulpmiddelen", "Hulpmiddelen", STUKS, 38.0, 2),
    _p("wmo", "12A01", "Scootmobiel (huur per maand)", "Hulpmiddelen", "Hulpmiddelen", STUKS, 55.0, 2),
    _p("wmo", "14A01", "Overig hulpmiddel (huur per maand)", "Hulpmiddelen", "Hulpmiddelen", STUKS, 24.0, 1),
    _p("wmo", "13A01", "Woningaanpassing", "Woonvoorzieningen", "Woonvoorzieningen", EURO, 1.0, 2),
    _p("wmo", "13A02", "Traplift", "Woonvoorzieningen", "Woonvoorzieningen", EURO, 1.0, 1),
)

ALL_PRODUCTS: tuple[Product, ...] = JEUGD + WMO

# Verblijf bouwstenen (etmaal-based stays) of jeugd, in report order.
JEUGD_VERBLIJF = ("Pleegzorg", "Gezinshuis", "Residentieel", "GGZ-verblijf", "LTA", "Essentiële functies")


def products_of(wet: str, bouwsteen: str) -> list[Product]:
    """The products of one bouwsteen, in book order."""
    return [p for p in ALL_PRODUCTS if p.wet == wet and p.bouwsteen == bouwsteen]


def bouwstenen(wet: str) -> list[str]:
    """Bouwstenen of one law, in book order."""
    seen: dict[str, None] = {}
    for p in ALL_PRODUCTS:
        if p.wet == wet:
            seen.setdefault(p.bouwsteen, None)
    return list(seen)


def by_code() -> dict[tuple[str, str], Product]:
    """(wet, productcode) -> Product."""
    return {(p.wet, p.productcode): p for p in ALL_PRODUCTS}
