"""What the chapters need beyond the figure table, computed once by the runner and written beside
`kpis.csv` as `hoofdstuk-invoer.json`, so a chapter notebook never reloads the data folder.

Small things the figure table does not hold:

- `benchmark`: the benchmark rows of the own gemeente, the other municipalities of its region and
  the Netherlands (public CBS-style figures; `figuren_regio`, the national line of the Jeugd
  chapter and its findings);
- `verantwoording`: the reconciliation of the selection (rows read, used and excluded per table
  and reason; exact, like `manifest.json`: the Verantwoording chapter applies the rule);
- `tabellen` and `jaren`: which (optional) input tables exist, and per table with a `jaar` column
  the years it has rows for (a year without rows is "nog geen gegevens", not zero);
- `vrij_toegankelijk_aanbod`: the own gemeente's rows of that optional table (what is offered, by
  whom: text the Toegang chapter prints; no persons).

Like `kpis.csv` the file is internal (exact counts), never a data download.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sdmonitor.ingest.selection import NATIONAAL

FILE = "hoofdstuk-invoer.json"
AANBOD = "vrij_toegankelijk_aanbod"
AANBOD_COLUMNS = ["gemeente", "jaar", "doelgroep", "aanbod", "omschrijving", "aanbieder"]


@dataclass(frozen=True)
class HoofdstukInvoer:
    """The chapter inputs of one edition (see the module docstring)."""

    tabellen: frozenset[str]
    jaren: dict[str, list[str]]
    benchmark: pd.DataFrame | None
    verantwoording: pd.DataFrame
    vrij_toegankelijk_aanbod: pd.DataFrame | None = None


def _years(frame: pd.DataFrame, gemeente_code: str, column: str = "jaar") -> list[str]:
    own = frame[frame["gemeente"] == gemeente_code] if "gemeente" in frame else frame
    return sorted({str(int(j)) for j in own[column].dropna().unique()})


def _benchmark_rows(bench: pd.DataFrame, gemeente: Any) -> pd.DataFrame:
    """The rows of the areas a chapter compares: own gemeente, its region, the Netherlands."""
    areas = {gemeente.code, NATIONAAL, *gemeente.regio_gemeenten}
    return bench[bench["gebied"].isin(areas)]


def from_selection(selection: Any, gemeente: Any = None) -> HoofdstukInvoer:
    """The chapter inputs of a `selection.Selection` (of `gemeente`, default the selection's)."""
    gemeente = gemeente or selection.gemeente
    tables = selection.tables
    bench = tables.get("benchmark") if selection.has("benchmark") else None
    aanbod = tables.get(AANBOD) if selection.has(AANBOD) else None
    recon = getattr(selection, "reconciliation", None)
    return HoofdstukInvoer(
        tabellen=frozenset(name for name in tables if selection.has(name)),
        jaren={name: _years(t, gemeente.code) for name, t in sorted(tables.items())
               if isinstance(t, pd.DataFrame) and "jaar" in t},
        benchmark=None if bench is None else _benchmark_rows(bench, gemeente),
        verantwoording=recon if recon is not None else pd.DataFrame(columns=["tabel", "reden", "rijen"]),
        vrij_toegankelijk_aanbod=None if aanbod is None else aanbod[aanbod["gemeente"] == gemeente.code].reindex(
            columns=AANBOD_COLUMNS),
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    # Through JSON text so numpy scalars and NaN become plain JSON (null).
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def write(selection: Any, folder: Path) -> list[str]:
    """Write `hoofdstuk-invoer.json` into `folder`; returns the file names written."""
    invoer = from_selection(selection)
    doc = {
        "tabellen": sorted(invoer.tabellen),
        "jaren": invoer.jaren,
        "benchmark": None if invoer.benchmark is None else _records(invoer.benchmark),
        "verantwoording": _records(invoer.verantwoording),
        AANBOD: None if invoer.vrij_toegankelijk_aanbod is None else _records(invoer.vrij_toegankelijk_aanbod),
    }
    (folder / FILE).write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                               encoding="utf-8")
    return [FILE]


def read(path: Path) -> HoofdstukInvoer:
    """Read a `hoofdstuk-invoer.json` written by `write`."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    bench = doc.get("benchmark")
    benchmark = None
    if bench is not None:
        benchmark = pd.DataFrame(bench, columns=list(bench[0]) if bench else ["gebied", "indicator", "periode",
                                                                              "dimensie", "waarde"])
        benchmark["dimensie"] = benchmark["dimensie"].fillna("")
        benchmark["periode"] = benchmark["periode"].astype(str)
    recon = pd.DataFrame(doc["verantwoording"], columns=["tabel", "reden", "rijen"]) if not doc["verantwoording"] \
        else pd.DataFrame(doc["verantwoording"])
    aanbod = doc.get(AANBOD)
    if aanbod is not None:
        aanbod = pd.DataFrame(aanbod, columns=AANBOD_COLUMNS).astype({"jaar": "int64"})
    return HoofdstukInvoer(tabellen=frozenset(doc["tabellen"]), jaren={k: list(v) for k, v in doc["jaren"].items()},
                           benchmark=benchmark, verantwoording=recon, vrij_toegankelijk_aanbod=aanbod)
