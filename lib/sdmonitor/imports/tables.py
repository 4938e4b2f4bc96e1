"""Appending imported rows to the contract tables of an input folder (INTERFACE.md §2).

Rows are first spooled to a hidden file next to the table, so memory stays flat however many
messages an import reads. `commit` then adds them to the table in one replace:

- no table yet: `<table>.csv` is created (UTF-8, `,`-separated);
- `<table>.csv` exists: the rows are appended in that file's own columns, separator and decimal
  mark (a `;` file that uses a decimal comma gets one); a column the file lacks is left out, a
  column it has that the import does not fill stays empty;
- a folder `<table>/`: the rows become a new file `<table>/<name>.csv` in it;
- `<table>.parquet` / `.xlsx`: not changed by an import (`check_target` refuses before anything
  is read), since rewriting an analyst's workbook is not an import's business.

Every temporary file carries the import's own token (`journal.temp_path`), and a new file in a
table folder gets the token in its name too: two imports never write the same file. Within an
import, `prepare` only writes temporary files and hands their renames to a `journal.Transaction`,
so the tables and the ledger become visible together.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

from sdmonitor.ingest.loader import find_sources

from ..errors import UsageError
from .journal import Transaction, new_token, temp_path

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


class Spool:
    """Rows of one table waiting to be committed, in a hidden CSV next to the table."""

    def __init__(self, out: Path, table: str, columns: list[str] | None = None, token: str | None = None) -> None:
        self.out, self.table = out, table
        self.columns = columns or COLUMNS[table]
        self.token = token or new_token()
        self.path = temp_path(out, table, self.token)
        self._fh = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by prepare/discard)
        self._writer = csv.DictWriter(self._fh, self.columns, extrasaction="ignore", lineterminator="\n")
        self._writer.writeheader()
        self.count = 0
        self.handed = False

    def add(self, rows: list[dict]) -> None:
        self._writer.writerows(rows)
        self.count += len(rows)

    def discard(self) -> None:
        """Close and remove the spool, unless `prepare` handed it to a transaction."""
        self._fh.close()
        if not self.handed:
            self.path.unlink(missing_ok=True)

    def prepare(self, txn: Transaction, new_file_name: str) -> Path | None:
        """Write the table's new content under a temporary name and add its rename to `txn`;
        returns the file that will hold the rows (None without rows)."""
        self._fh.close()
        if self.count == 0:
            self.path.unlink(missing_ok=True)
            return None
        sources = find_sources(self.out, self.table)
        if not sources:
            target = self.out / f"{self.table}.csv"
        elif sources[0].is_dir():
            target = _free_name(sources[0], new_file_name)
        else:
            target = sources[0]
            merged = temp_path(target.parent, f"{target.name}-nieuw", self.token)
            _append_csv(target, self.path, merged)
            self.path.unlink(missing_ok=True)
            self.path = merged
        txn.add(self.path, target)
        self.handed = True
        return target

    def commit(self, new_file_name: str) -> Path | None:
        """Add the spooled rows to the table at once (a transaction of its own)."""
        txn = Transaction(self.out, self.token)
        target = self.prepare(txn, new_file_name)
        txn.commit()
        return target


def _free_name(folder: Path, name: str) -> Path:
    """`<folder>/<name>.csv`, or `<name>-2.csv`, … when taken: an import never replaces a file."""
    target, n = folder / f"{name}.csv", 1
    while target.exists():
        n += 1
        target = folder / f"{name}-{n}.csv"
    return target


def _append_csv(target: Path, spool: Path, tmp: Path) -> None:
    """Write `target` with the rows of `spool` appended to `tmp` (the caller renames it)."""
    with open(target, encoding="utf-8-sig", newline="") as fh:
        header_line = fh.readline()
        sample = header_line + "".join(fh.readline() for _ in range(200))
    sep = ";" if header_line.count(";") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=sep))
    comma = sep == ";" and bool(_DECIMAL_COMMA.search(sample.replace("\r", "")))
    shutil.copyfile(target, tmp)
    with open(tmp, "rb+") as fh:  # make sure the old last line ends before ours start
        fh.seek(0, os.SEEK_END)
        if fh.tell():
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) not in (b"\n", b"\r"):
                fh.write(b"\n")
    wanted = [h.strip().lower() for h in header]
    with open(spool, encoding="utf-8", newline="") as src, open(tmp, "a", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst, delimiter=sep, lineterminator="\n")
        for row in csv.DictReader(src):
            values = []
            for name in wanted:
                v = row.get(name) or ""
                values.append(v.replace(".", ",") if comma and name in NUMERIC else v)
            writer.writerow(values)


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
