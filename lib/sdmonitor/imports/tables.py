"""The contract columns an import writes (INTERFACE.md §2), and writing into an input folder's tables.

- `COLUMNS`: the columns of the contract tables the imports fill (`ketentabellen` adds the chain's
  own columns to `declaraties` and `toewijzingen`).
- `check_target`: an import writes CSV only; a `.parquet` / `.xlsx` table is refused before anything
  is read, since rewriting an analyst's workbook is not an import's business.
- `upsert_csv`: the CBS import's rows, replacing earlier rows with the same key.

The iStandaard import writes its tables whole from the message chain (`ketentabellen`).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from sdmonitor.ingest.loader import find_sources

from ..errors import UsageError

COLUMNS = {
    "declaraties": ["gemeente", "wet", "client_id", "geboortejaar", "productcode", "productcategorie",
                    "aanbieder", "verwijzer", "zorgvorm", "periode_begin", "periode_eind", "volume",
                    "eenheid", "bedrag", "ingediend_op", "toewijzing_id", "bericht"],
    "toewijzingen": ["gemeente", "wet", "client_id", "toewijzing_id", "productcode", "toegewezen_op",
                     "ingangsdatum", "einddatum", "volume", "eenheid", "frequentie", "reden_einde",
                     "aanbieder", "bericht"],
    "bevolking": ["gemeente", "jaar", "leeftijd", "aantal", "soort"],
    "benchmark": ["gebied", "indicator", "periode", "dimensie", "waarde", "eenheid"],
}
NUMERIC = {"volume", "bedrag", "waarde"}
_DECIMAL_COMMA = re.compile(r"(^|;)\s*-?\d+,\d+\s*(;|$)")


def check_target(out: Path, table: str) -> None:
    """Refuse (exit 2) when the table exists in a form an import does not append to."""
    for source in find_sources(out, table) if out.is_dir() else []:
        if source.is_file() and source.suffix.lower() != ".csv":
            raise UsageError(f"{source.name} bestaat al in {out}; een import voegt alleen toe aan een CSV-bestand "
                             f"of een map {table}/ — zet de tabel om of kies een andere --out")


def upsert_csv(out: Path, table: str, rows: list[dict], key: list[str]) -> Path:
    """Put `rows` into `<out>/<table>.csv`, replacing earlier rows with the same `key` (so importing
    the same CBS file twice changes nothing). The file is rewritten in one replace, `,`-separated."""
    out.mkdir(parents=True, exist_ok=True)
    check_target(out, table)
    sources = find_sources(out, table)
    if sources and sources[0].is_dir():
        raise UsageError(f"{table}/ is een map in {out}; een CBS-import schrijft alleen naar {table}.csv")
    target = sources[0] if sources else out / f"{table}.csv"
    columns = COLUMNS[table]
    old: list[dict] = []
    if target.is_file():
        with open(target, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
            fh.seek(0)
            if first.count(";") > first.count(","):
                raise UsageError(f"{target.name} is met ';' gescheiden; een CBS-import vult alleen een ','-bestand aan")
            reader = csv.DictReader(fh)
            old = [{k.strip().lower(): v for k, v in r.items() if k} for r in reader]
            columns = columns + [c for c in (reader.fieldnames or []) if c.strip().lower() not in columns]
    new_keys = {tuple(str(r.get(k, "")) for k in key) for r in rows}
    kept = [r for r in old if tuple(str(r.get(k, "") or "") for k in key) not in new_keys]
    tmp = target.with_name(f".{target.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept + rows)
    os.replace(tmp, target)
    return target
