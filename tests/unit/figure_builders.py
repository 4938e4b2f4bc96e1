"""Tiny typed input tables (docs/architecture.md dtypes) for the figure tests.

Each builder takes a few dicts with only the columns a test cares about and fills the rest with
plain defaults, so a test reads as its hand-worked example.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from sdmonitor.ingest.dataset import Dataset
from sdmonitor.parameters import Gemeente
from sdmonitor.periods import Periode

GM = "GM0296"
OTHER = "GM0225"
WIJCHEN = Gemeente(code=GM, naam="Wijchen", slug="wijchen")

DATES = {"periode_begin", "periode_eind", "ingediend_op", "aangemeld_op", "keukentafel_op",
         "afgesloten_op", "ontvangen_op", "toegewezen_op", "ingangsdatum", "einddatum"}
FLOATS = {"volume", "bedrag", "waarde", "uren"}
INTS = {"aantal", "jaar", "leeftijd", "kwartaal", "pashouders", "gebruikers"}
NULLABLE_INTS = {"geboortejaar", "respons", "clienten", "deelnemers"}
BOOLS = {"spoed"}


def typed(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """A DataFrame with the architecture's dtypes for the given columns."""
    frame = pd.DataFrame.from_records(records, columns=columns)
    for col in columns:
        if col in DATES:
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
        elif col in FLOATS:
            frame[col] = frame[col].astype("float64")
        elif col in INTS:
            frame[col] = frame[col].astype("int64")
        elif col in NULLABLE_INTS:
            frame[col] = frame[col].astype("Int64")
        elif col in BOOLS:
            frame[col] = frame[col].astype("bool")
        else:
            frame[col] = frame[col].astype("str")
    return frame


DECL_COLUMNS = ["gemeente", "wet", "client_id", "geboortejaar", "productcode", "productcategorie",
                "aanbieder", "verwijzer", "zorgvorm", "periode_begin", "periode_eind", "volume",
                "eenheid", "bedrag", "ingediend_op"]


def line(client: str, maand: str, volume: float, bedrag: float, *, product: str = "45A01",
         wet: str = "jeugd", gemeente: str = GM, ingediend: str | None = None, zorgvorm: str = "ZIN",
         verwijzer: str | None = "02", geboortejaar: int | None = None, eenheid: str = "04") -> dict:
    """One declaration line; service period the whole month `maand` (YYYY-MM)."""
    start = pd.Timestamp(f"{maand}-01")
    end = start + pd.offsets.MonthEnd(0)
    return {
        "gemeente": gemeente, "wet": wet, "client_id": client, "geboortejaar": geboortejaar,
        "productcode": product, "productcategorie": "45" if wet == "jeugd" else "02",
        "aanbieder": "12345678", "verwijzer": verwijzer if wet == "jeugd" else None,
        "zorgvorm": zorgvorm, "periode_begin": start, "periode_eind": end, "volume": volume,
        "eenheid": eenheid, "bedrag": bedrag,
        "ingediend_op": pd.Timestamp(ingediend) if ingediend else end + pd.Timedelta(days=10),
    }


PRODUCT_COLUMNS = ["wet", "productcode", "omschrijving", "bouwsteen", "begrotingspost", "eenheid"]

PRODUCTEN = [
    {"wet": "jeugd", "productcode": "45A01", "omschrijving": "Begeleiding", "bouwsteen": "Reguliere begeleiding",
     "begrotingspost": "Ambulant", "eenheid": "04"},
    {"wet": "jeugd", "productcode": "43A01", "omschrijving": "Pleegzorg", "bouwsteen": "Pleegzorg",
     "begrotingspost": "Verblijf", "eenheid": "14"},
    {"wet": "jeugd", "productcode": "54A01", "omschrijving": "GGZ", "bouwsteen": "Specialistische GGZ",
     "begrotingspost": "GGZ zorg", "eenheid": "01"},
    {"wet": "wmo", "productcode": "02A01", "omschrijving": "Hulp", "bouwsteen": "Hulp bij het huishouden",
     "begrotingspost": "Huishoudelijke hulp", "eenheid": "04"},
]


def dataset(lines: list[dict], producten: list[dict] | None = None, **tables: pd.DataFrame) -> Dataset:
    """A Dataset of declaraties + producten (+ any typed tables passed by name)."""
    out = {
        "declaraties": typed(lines, DECL_COLUMNS),
        "producten": typed(producten if producten is not None else PRODUCTEN, PRODUCT_COLUMNS),
    }
    out.update(tables)
    return Dataset(tables=out)


def bevolking(records: list[tuple[str, int, int, int, str]]) -> pd.DataFrame:
    """(gemeente, jaar, leeftijd, aantal, soort) tuples."""
    cols = ["gemeente", "jaar", "leeftijd", "aantal", "soort"]
    return typed([dict(zip(cols, r)) for r in records], cols)


MELDING_COLUMNS = ["gemeente", "melding_id", "zorgtype", "aangemeld_op", "keukentafel_op", "afgesloten_op",
                   "spoed", "uitkomst"]


def melding(mid: str, aangemeld: str, keukentafel: str | None = None, afgesloten: str | None = None, *,
            zorgtype: str = "jeugd", gemeente: str = GM, uitkomst: str | None = None) -> dict:
    return {"gemeente": gemeente, "melding_id": mid, "zorgtype": zorgtype, "aangemeld_op": aangemeld,
            "keukentafel_op": keukentafel, "afgesloten_op": afgesloten, "spoed": False, "uitkomst": uitkomst}


def meldingen(records: list[dict]) -> pd.DataFrame:
    return typed(records, MELDING_COLUMNS)


def periode(text: str) -> Periode:
    return Periode.parse(text)


def day(text: str) -> date:
    return date.fromisoformat(text)


def value(table: pd.DataFrame, indicator: str, per: str, dimensie: str = "") -> float:
    """The one waarde of (indicator, periode, dimensie); fails when absent or duplicated."""
    hit = table.loc[(table["indicator"] == indicator) & (table["periode"] == per) & (table["dimensie"] == dimensie)]
    assert len(hit) == 1, f"{indicator} {per} {dimensie!r}: {len(hit)} rows"
    return float(hit["waarde"].iloc[0])


def absent(table: pd.DataFrame, indicator: str, per: str, dimensie: str = "") -> bool:
    hit = table.loc[(table["indicator"] == indicator) & (table["periode"] == per) & (table["dimensie"] == dimensie)]
    return hit.empty


class FakeSelection:
    """Just enough of a Selection for a `Monitor`: its raw tables (none by default) and the peildatum."""

    peildatum = date(2026, 3, 10)

    def __init__(self, tables: dict | None = None) -> None:
        self.tables = dict(tables or {})

    def has(self, name: str) -> bool:
        return name in self.tables
