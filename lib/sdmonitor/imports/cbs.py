"""`sdmonitor import cbs`: population (`bevolking`) and benchmark rows (`benchmark`) from CBS.

Files are read by `cbs_csv` (StatLine CSV with labels or codes, OData-column CSV, OData v3/v4
JSON; UTF-8, UTF-16 or cp1252) and recognised by their measure columns (`cbs_tabellen`); the
converters are `cbs_kwb` and `cbs_lang` (shared checks in `cbs_regels`), `--online` is `cbs_online`:

- *Kerncijfers wijken en buurten* (KWB): one row per area and year (`Peildatum` 1-1-YYYY); the same
  figure has a different column suffix per KWB year (the first filled one counts); a one-decimal
  percentage column in which no value carries a separator lost it in the export (`114` is 11,4 %).
- *03759ned* -> `bevolking`; *85098NED*, *86050NED*/*85043NED*, *84849NED* -> `benchmark`.
  Dimensions the monitor does not use are reduced to their total (`Totaal burgerlijke staat`,
  `T001019`); a dimension with several values and no total is refused.

Refused, with one message and exit 3, before anything is written: a negative value, a decimal
count (`12,7` inwoners), a percentage above 100, two different values for one row, a year after
the current one, codes where labels are needed (Leeftijd `10010`), no rows for the asked
municipality. With `--gemeente G` the rows of G, the other municipalities of its region
(`regio_gemeenten` in parameters/) and the Netherlands (NL01) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidDataError, UsageError
from . import cbs_tabellen as T
from .cbs_csv import Table, read_table
from .cbs_kwb import is_kwb, kwb_benchmark
from .cbs_lang import long_rows
from .cbs_online import Fetch, fetch_json, online_tables
from .cbs_regels import Selectie, selectie
from .tables import upsert_csv

ONLINE_YEARS = 6  # the report's four years and two before: enough for any edition, small for the API
__all__ = ["CbsResult", "Selectie", "convert", "import_csv", "import_online", "kwb_benchmark", "selectie"]


@dataclass
class CbsResult:
    bevolking: int = 0
    benchmark: int = 0
    bron: str = ""
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{self.bevolking} bevolkingsregel(s)"] if self.bevolking else []
        parts += [f"{self.benchmark} benchmarkregel(s)"] if self.benchmark else []
        text = f"{self.bron}: {' en '.join(parts) or 'geen regels'} geschreven"
        return "\n".join([text, *(f"- {n}" for n in self.notes)])


# -- Writing --------------------------------------------------------------------------------------

def _write(out: Path, bevolking: list[dict], benchmark: list[dict], bron: str, notes: list[str]) -> CbsResult:
    if bevolking:
        upsert_csv(out, "bevolking", bevolking, ["gemeente", "jaar", "leeftijd", "soort"])
    if benchmark:
        upsert_csv(out, "benchmark", benchmark, ["gebied", "indicator", "periode", "dimensie"])
    return CbsResult(len(bevolking), len(benchmark), bron, notes)


def convert(table: Table, sel: Selectie) -> tuple[list[dict], list[dict], list[str]]:
    """(bevolking rows, benchmark rows, notes) of one table; refuses before anything is written."""
    if is_kwb(table):
        rows = kwb_benchmark(table, sel)
        if not rows:
            raise InvalidDataError(f"{table.source}: geen gemeenteregels"
                                   f"{' voor ' + sel.gemeente if sel.gemeente else ''}")
        if sel.gemeente and not any(r["gebied"] == sel.gemeente for r in rows):
            raise InvalidDataError(f"{table.source}: geen regels voor {sel.gemeente}")
        return [], rows, []
    tabel, rows, notes = long_rows(table, sel)
    return (rows, [], notes) if tabel is T.BEVOLKING else ([], rows, notes)


def import_csv(out: Path, path: Path, gemeente: str | None = None, sel: Selectie | None = None) -> CbsResult:
    """Import a downloaded CBS file (CSV or OData JSON) into `out` (rows of the same key are replaced)."""
    sel = sel or selectie(gemeente)
    table = read_table(path)
    bevolking, benchmark, notes = convert(table, sel)
    if table.skipped:
        notes.insert(0, f"{table.skipped} regel(s) met titel, eenheden of bronvermelding overgeslagen")
    return _write(out, bevolking, benchmark, path.name, notes)


def import_online(out: Path, sel: Selectie, timeout: float, fetch: Fetch = fetch_json) -> CbsResult:
    """Fetch every known table for the selection from CBS open data; nothing is written unless all
    requests answered. A table CBS does not have or whose columns are not recognised is a note."""
    if not sel.gemeente or sel.gebieden is None:
        raise UsageError("--online vraagt om --gemeente (alle gemeenten ophalen is te groot)")
    if timeout <= 0:
        raise UsageError("--timeout moet een positief aantal seconden zijn")
    kwb_years = {tid: year for year, tid in T.KWB_TABLES.items()}
    bevolking: list[dict] = []
    benchmark: list[dict] = []
    kwb: list[dict] = []
    notes: list[str] = []
    years = list(range(sel.jaar_nu - ONLINE_YEARS + 1, sel.jaar_nu + 1))
    for table_id, table in online_tables(sorted(sel.gebieden), timeout, fetch, years):
        if isinstance(table, str):
            notes.append(f"{table_id} niet gebruikt: {table}")
            continue
        try:
            if table_id in kwb_years:
                kwb += kwb_benchmark(table, sel, kwb_years[table_id])
                continue
            b, m, n = convert(table, sel)
        except InvalidDataError as exc:
            notes.append(f"{table_id} niet gebruikt: {exc}")
            continue
        bevolking, benchmark, notes = bevolking + b, benchmark + m, notes + n
    # A figure in its own table (85098NED, 86050NED) wins over the KWB copy, which CBS rounds to 5.
    own = {(r["gebied"], r["indicator"], r["periode"]) for r in benchmark}
    benchmark += [r for r in kwb if (r["gebied"], r["indicator"], r["periode"]) not in own]
    if not bevolking and not benchmark:
        raise InvalidDataError("CBS open data gaf geen bruikbare regels voor " + sel.gemeente + ": " + "; ".join(notes))
    return _write(out, bevolking, benchmark, "CBS open data", notes)
