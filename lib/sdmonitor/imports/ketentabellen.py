"""Putting the chain's tables into an input folder, replacing what earlier imports put there.

Each import writes the whole chain again (`keten.resolve`), so a later version of an allocation
or a later 325 changes rows written before. What belongs to the import is recognised by its
`bericht` column (the message a row came from); everything else in a table stays as it is:

- no table yet: `<table>.csv` is created (UTF-8, `,`-separated); not when there are no rows;
- `<table>.csv`: the rows of imported messages are replaced; other rows (an analyst's own, a PGB
  export) stay, in the file's own columns, separator and decimal mark; columns of the import the
  file lacks are added at the end (the contract allows extra columns);
- a folder `<table>/`: the import's rows are the file `<table>/istandaard.csv` (replaced), next to
  whatever else the folder holds (`declaraties/pgb.csv`);
- `.parquet` / `.xlsx`: refused before anything is read (`tables.check_target`).

Every file is written complete under a temporary name `.<name>.import-<token>.tmp` and then handed
to `place(temporary, final)`: `os.replace` by default, or a transaction's `add` so that the tables
and the ledger become visible together.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

from sdmonitor.ingest.loader import find_sources

from .tables import _DECIMAL_COMMA, COLUMNS, NUMERIC

IMPORT_FILE = "istandaard.csv"
TABLE_COLUMNS: dict[str, list[str]] = {
    "declaraties": COLUMNS["declaraties"] + ["referentie"],
    "toewijzingen": COLUMNS["toewijzingen"] + ["reden_wijziging"],
    "aanvragen": ["gemeente", "wet", "client_id", "aanbieder", "productcategorie", "productcode", "verwijzer",
                  "aangevraagd_op", "ingangsdatum", "referentie", "bericht"],
    "zorgmeldingen": ["gemeente", "wet", "client_id", "toewijzing_id", "aanbieder", "productcategorie",
                      "productcode", "soort", "datum", "reden", "gemeld_op", "bericht"],
    "retouren": ["gemeente", "wet", "aanbieder", "referentie", "client_id", "productcode", "periode_begin",
                 "bedrag", "retourcode", "verzonden_op", "bericht"],
    "berichten": ["gemeente", "wet", "berichttype", "richting", "aanbieder", "dagtekening", "regels", "status",
                  "reden"],
}
# Tables wholly made by the import (no `bericht` column to tell rows apart): replaced whole.
WHOLE = {"berichten"}
Place = Callable[[Path, Path], None]


def temp_name(target: Path, token: str) -> Path:
    """The temporary file a new `target` is written to first (hidden, recognisable as an import's)."""
    return target.with_name(f".{target.stem}.import-{token}.tmp")


def _write(path: Path, columns: list[str], rows: list[dict], sep: str = ",", comma: bool = False, *,
           place: Place = os.replace, token: str = "keten") -> None:
    tmp = temp_name(path, token)
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            values = []
            for name in columns:
                v = str(row.get(name) or "")
                values.append(v.replace(".", ",") if comma and name.strip().lower() in NUMERIC else v)
            writer.writerow(values)
    place(tmp, path)


def _read(path: Path) -> tuple[list[str], list[dict], str, bool]:
    """(header as written, rows keyed by lower-case name, separator, decimal comma?) of a CSV."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    comma = sep == ";" and bool(_DECIMAL_COMMA.search("\n".join(text.splitlines()[:200])))
    reader = csv.reader(text.splitlines(), delimiter=sep)
    header = next(reader, [])
    names = [h.strip().lower() for h in header]
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        row = dict(zip(names, values))
        if comma:
            row = {k: (v.replace(",", ".") if k in NUMERIC else v) for k, v in row.items()}
        rows.append(row)
    return header, rows, sep, comma


def write_table(out: Path, table: str, rows: list[dict], owned: set[str], *, place: Place = os.replace,
                token: str = "keten") -> Path | None:
    """Put the chain's `rows` of `table` into `out`, replacing rows whose `bericht` is in `owned`
    (the messages imported into this folder); returns the file written, None when nothing was."""
    columns = TABLE_COLUMNS[table]
    sources = find_sources(out, table)
    if not sources:
        if not rows:
            return None
        target = out / f"{table}.csv"
        _write(target, columns, rows, place=place, token=token)
        return target
    source = sources[0]
    if source.is_dir():
        target = source / IMPORT_FILE
        if rows or target.exists():  # no rows (any more): the file stays, with its header only
            _write(target, columns, rows, place=place, token=token)
        return target
    header, old, sep, comma = _read(source)
    names = [h.strip().lower() for h in header]
    kept = [] if table in WHOLE else [r for r in old if (r.get("bericht") or "") not in owned]
    out_columns = header + [c for c in columns if c not in names]
    by_name = [c.strip().lower() for c in out_columns]
    _write(source, out_columns, [dict(zip(out_columns, (r.get(n, "") for n in by_name))) for r in kept + rows],
           sep, comma, place=place, token=token)
    return source
