"""`sdmonitor import istandaard`: a batch of iJw/iWmo 3.2 messages into the tables of an input folder.

The records of every new message are added to what the folder already holds (`regels.py`), and
the tables are then derived again from all of them (`keten.py`: latest allocation versions, 325
rejections, re-sent lines once, 305/307, the verwijzer of each allocation) and written over the
import's earlier rows (`ketentabellen.py`). So an archive imported in several runs gives the same
tables as one import of everything. `geboortejaar` comes from the client block of a 301 (or 315)
of the same pseudonym.

A message that fails (XSD, namespace, unreadable, unknown product, a conflicting identity) is
reported and skipped; the rest is imported. The caller turns failures into exit 3. With
`workers` > 1 messages are read and validated in parallel processes; the results are still applied
in the batch's order, so the outcome does not depend on the number of workers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sdmonitor.ingest.loader import read_table

from ..errors import UsageError
from . import regels
from .berichten import Message, read_message
from .keten import resolve
from .ketentabellen import write_table
from .ledger import Ledger
from .privacy_text import safe_name
from .tables import check_target
from .xsd import MessageError, MessageType, peek_type

_ORDER = {"315": 0, "301": 1, "305": 2, "307": 3, "323": 4, "325": 5}
TABLES = ("declaraties", "toewijzingen", "aanvragen", "zorgmeldingen", "retouren", "berichten")


@dataclass
class Failure:
    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass
class ImportResult:
    """What one import did (counts per table and message type, skipped and failed messages)."""

    gelezen: int = 0
    geimporteerd: dict[str, int] = field(default_factory=dict)   # message type -> messages
    regels: dict[str, int] = field(default_factory=dict)         # table -> records read from new messages
    dubbel: int = 0                                               # re-sent lines of new messages, kept once
    overgeslagen: int = 0                                         # already imported
    mislukt: list[Failure] = field(default_factory=list)
    seconden: float = 0.0

    def render(self) -> str:
        lines = [f"{self.gelezen} bericht(en) gelezen in {self.seconden:.1f} s"]
        for code, n in sorted(self.geimporteerd.items()):
            what = "geïmporteerd" if code[-3:] in _ORDER else "gecontroleerd (levert geen tabelregels)"
            lines.append(f"  {code}: {n} bericht(en) {what}")
        for table, n in sorted(self.regels.items()):
            lines.append(f"  {table}: {n} regel(s) gelezen")
        if self.dubbel:
            lines.append(f"  {self.dubbel} declaratieregel(s) waren al eerder verstuurd (identiek) en tellen één keer")
        if self.overgeslagen:
            lines.append(f"  {self.overgeslagen} bericht(en) waren al geïmporteerd en zijn overgeslagen")
        if self.mislukt:
            lines.append(f"{len(self.mislukt)} bericht(en) niet geïmporteerd:")
            lines += [f"  - {f}" for f in self.mislukt]
        return "\n".join(lines)


def message_files(paths: list[Path]) -> list[Path]:
    """Every message file: a file as given, or the `*.xml` files under a folder (recursively)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".xml"
                            and not p.name.startswith("."))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"'{safe_name(str(path))}' bestaat niet")
    if not files:
        raise UsageError("geen berichten gevonden: geef XML-bestanden of mappen met *.xml-bestanden")
    return files


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _known_products(out: Path) -> set[tuple[str, str]] | None:
    raw = read_table(out, "producten") if out.is_dir() else None
    if raw is None or raw.frame is None or not {"wet", "productcode"} <= set(raw.frame.columns):
        return None
    frame = raw.frame.dropna(subset=["wet", "productcode"])
    return set(zip(frame["wet"].str.strip().str.lower(), frame["productcode"].str.strip()))


class _Progress:
    """One line on stderr, rewritten in place on a terminal, every 1000 messages otherwise."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.stream = total, stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if self.tty and (now - self.last > 0.2 or done == self.total):
            self.last = now
            self.stream.write(f"\rBerichten: {done}/{self.total}")
            if done == self.total:
                self.stream.write("\n")
            self.stream.flush()
        elif not self.tty and (done % 1000 == 0 or done == self.total) and self.total >= 1000:
            print(f"Berichten: {done}/{self.total}", file=self.stream, flush=True)


def import_istandaard(out: Path, paths: list[Path], pseudonym: Callable[[str], str],
                      progress: bool = True, workers: int = 1) -> ImportResult:
    """Import the messages under `paths` into the input folder `out` (created if needed);
    `workers` > 1 reads and validates messages in that many processes."""
    start = time.perf_counter()
    out = Path(out)
    files = message_files(paths)
    out.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        check_target(out, table)
    result = ImportResult(gelezen=len(files))
    products = _known_products(out)
    ledger = Ledger.load(out)
    if ledger.berichten and not (out / regels.FOLDER).is_dir():
        # Imported by a version without the record store: the chain cannot be derived again from
        # what the folder remembers, and rewriting its tables would lose the earlier rows.
        raise UsageError(f"{safe_name(str(out))} is gevuld door een eerdere versie van de import, die de berichtenketen "
                         "nog niet bijhield; importeer het hele archief opnieuw in een nieuwe, lege map")
    records = regels.load(out)

    typed: list[tuple[Path, MessageType]] = []
    for path in files:
        try:
            typed.append((path, peek_type(path)))
        except MessageError as exc:
            result.mislukt.append(Failure(safe_name(str(path)), str(exc)))
    typed.sort(key=lambda item: _ORDER.get(item[1].nummer, 9))

    show = _Progress(len(files)) if progress else (lambda done: None)
    done = len(files) - len(typed)
    pool = None
    new: set[str] = set()
    try:
        known = frozenset(r["sha256"] for r in ledger.berichten)
        results: Iterator[tuple[str, Message | None, str | None]]
        if workers > 1 and len(typed) > 1:
            # Workers read and validate; this process applies the results in order.
            pool = multiprocessing.get_context("fork").Pool(workers, _init_worker, (pseudonym, known))
            results = pool.imap(_work, typed, chunksize=32)
        else:
            results = (_read_one(item, pseudonym, known) for item in typed)
        for (path, kind), (digest, msg, error) in zip(typed, results):
            done += 1
            show(done)
            if ledger.known_hash(digest):  # imported before, or earlier in this batch
                result.overgeslagen += 1
                continue
            try:
                if error is not None or msg is None:
                    raise MessageError(error or "bericht niet gelezen")
                _check(msg, ledger, products)
            except MessageError as exc:
                result.mislukt.append(Failure(safe_name(str(path)), str(exc)))
                continue
            _apply(msg, digest, ledger, records, result)
            new.add(digest[:12])
            result.geimporteerd[kind.code] = result.geimporteerd.get(kind.code, 0) + 1
    finally:
        if pool is not None:
            pool.terminate()
    if new:
        keten = resolve(records, ledger.berichten, ledger.clienten)
        result.dubbel = sum(n for bericht, n in keten.dubbel.items() if bericht in new)
        owned = {r["sha256"][:12] for r in ledger.berichten}
        for table in TABLES:
            write_table(out, table, keten.tables[table], owned)
        regels.save(out, records)
        ledger.save()  # last: a message counts as imported only when its rows are on disk
    result.seconden = time.perf_counter() - start
    return result


def _read_one(item: tuple[Path, MessageType], pseudonym: Callable[[str], str],
              known: frozenset[str]) -> tuple[str, Message | None, str | None]:
    """(sha256, message, error) of one file; a file whose hash is `known` is not parsed."""
    path, kind = item
    digest = _sha256(path)
    if digest in known:
        return digest, None, None
    try:
        return digest, read_message(path, kind, pseudonym), None
    except MessageError as exc:
        return digest, None, str(exc)


_WORKER: dict = {}


def _init_worker(pseudonym: Callable[[str], str], known: frozenset[str]) -> None:
    _WORKER.update(pseudonym=pseudonym, known=known)


def _work(item: tuple[Path, MessageType]) -> tuple[str, Message | None, str | None]:
    return _read_one(item, _WORKER["pseudonym"], _WORKER["known"])


def _check(msg: Message, ledger: Ledger, products: set[tuple[str, str]] | None) -> None:
    if ledger.known_identity(msg.identity):
        raise MessageError(f"een ander bestand met dezelfde berichtidentificatie ({msg.kind.code} van "
                           f"{msg.afzender}, nummer {msg.identificatie}, {msg.dagtekening}) is al geïmporteerd")
    if products is None:
        return
    # Declared products must be in the book (`validate` demands it); an allocation may name a
    # product the region does not monitor (landelijk ingekochte zorg), so 301s are not checked.
    unknown = sorted({(r["wet"], r["productcode"]) for r in msg.declaraties
                      if (r["wet"], r["productcode"]) not in products})
    if unknown:
        codes = ", ".join(f"{code} ({wet})" for wet, code in unknown)
        raise MessageError(f"productcode {codes} staat niet in producten: vul het regionale productboek aan "
                           "en importeer opnieuw")


def _apply(msg: Message, digest: str, ledger: Ledger, records: regels.Records, result: ImportResult) -> None:
    bericht = digest[:12]
    ledger.clienten.update(msg.geboortejaren)
    for kind in regels.KINDS:
        rows = getattr(msg, kind)
        for row in rows:
            row["bericht"] = bericht
        records[kind] += rows
        if rows:
            result.regels[kind] = result.regels.get(kind, 0) + len(rows)
    ledger.add_message({"sha256": digest, "berichttype": msg.kind.code, "afzender": msg.afzender,
                        "ontvanger": msg.ontvanger, "identificatie": msg.identificatie,
                        "dagtekening": msg.dagtekening, "regels": msg.regels,
                        "geimporteerd_op": dt.datetime.now().isoformat(timespec="seconds")})
