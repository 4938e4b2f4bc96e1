"""`sdmonitor import istandaard`: a batch of iJw/iWmo 3.2 messages into the tables of an input folder.

The records of every new message are added to what the folder already holds (`regels.py`), and
the tables are then derived again from all of them (`keten.py`: latest allocation versions, 325
rejections, re-sent lines once, 305/307, the verwijzer of each allocation) and written over the
import's earlier rows (`ketentabellen.py`). So an archive imported in several runs gives the same
tables as one import of everything. `geboortejaar` comes from the client block of a 301 (or 315)
of the same pseudonym.

Messages come from files, folders and zip archives (`archive`), read as streams. What is not an
iJw/iWmo 3.2 message (other XML, another release) is listed as passed over with its reason; a
message that fails (XSD, a DTD, unreadable, unknown product, a conflicting identity) is reported
and skipped; the rest is imported. The caller turns failures into exit 3. With `workers` > 1
messages are read and validated in parallel processes; the results are still applied in the
batch's order, so the outcome does not depend on the number of workers. A worker that dies ends
the import (`WorkerCrash`) with nothing committed.

One import at a time per folder; tables and ledger are committed together (`journal`). A BSN-like
value outside the `Bsn` element is masked (`privacy_text`), counted in the summary.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sdmonitor import termination
from sdmonitor.ingest.loader import read_table

from ..errors import SdmonitorError, UsageError
from . import archive, journal, regels
from .archive import MessageSource, Skipped
from .berichten import Message, read_message
from .keten import resolve
from .ketentabellen import write_table
from .ledger import Ledger
from .privacy_text import mask_record, safe_name
from .tables import check_target
from .xsd import MessageError, MessageType, SkipMessage, peek_type

_ORDER = {"315": 0, "301": 1, "305": 2, "307": 3, "323": 4, "325": 5}
TABLES = ("declaraties", "toewijzingen", "aanvragen", "zorgmeldingen", "retouren", "berichten")


class WorkerCrash(SdmonitorError):
    """A reading process died (a crash in the XML library, killed by the system): the import stops,
    nothing is committed (exit 1)."""


@dataclass
class Failure:
    file: str
    reason: str

    def __post_init__(self) -> None:  # no BSN-like run in a printed line, whatever produced it
        self.file, self.reason = safe_name(self.file), safe_name(self.reason)

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
    niet_gelezen: list[Skipped] = field(default_factory=list)    # not an iJw/iWmo 3.2 message
    richting: dict[str, int] = field(default_factory=dict)       # inkomend/uitgaand -> messages
    gemaskeerd: int = 0                                           # BSN-like values masked
    meldingen: list[str] = field(default_factory=list)           # recovery, key notes

    def render(self) -> str:
        lines = [f"{self.gelezen} bericht(en) gelezen in {self.seconden:.1f} s"]
        lines += [f"  {m}" for m in self.meldingen]
        for code, n in sorted(self.geimporteerd.items()):
            what = "geïmporteerd" if code[-3:] in _ORDER else "gecontroleerd (levert geen tabelregels)"
            lines.append(f"  {code}: {n} bericht(en) {what}")
        if self.richting:
            lines.append("  " + ", ".join(f"{k}: {n}" for k, n in sorted(self.richting.items()))
                         + " (richting volgens het berichttype)")
        for table, n in sorted(self.regels.items()):
            lines.append(f"  {table}: {n} regel(s) gelezen")
        if self.dubbel:
            lines.append(f"  {self.dubbel} declaratieregel(s) waren al eerder verstuurd (identiek) en tellen één keer")
        if self.overgeslagen:
            lines.append(f"  {self.overgeslagen} bericht(en) waren al geïmporteerd en zijn overgeslagen")
        if self.gemaskeerd:
            lines.append(f"  {self.gemaskeerd} waarde(n) buiten het element Bsn leken op een BSN en zijn "
                         "vervangen door '*' en een pseudoniem")
        if self.niet_gelezen:
            lines.append(f"{len(self.niet_gelezen)} bestand(en) overgeslagen (geen iJw/iWmo 3.2-bericht):")
            lines += [f"  - {safe_name(str(s))}" for s in self.niet_gelezen]
        if self.mislukt:
            lines.append(f"{len(self.mislukt)} bericht(en) niet geïmporteerd:")
            lines += [f"  - {f}" for f in self.mislukt]
        return "\n".join(lines)


def message_files(paths: list[Path]) -> list[MessageSource]:
    """Every XML message under `paths`: files, folders (recursively), zip archives (`archive.collect`)."""
    return archive.collect(paths)[0]


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
    """Import the messages under `paths` (files, folders, zip archives) into the input folder
    `out` (created if needed); `workers` > 1 reads and validates messages in that many processes.
    One import at a time per folder (`journal.folder_lock`); tables and ledger are committed together."""
    start = time.perf_counter()
    out = Path(out)
    sources, skipped = archive.collect(paths)
    out.mkdir(parents=True, exist_ok=True)
    with journal.folder_lock(out):
        result = ImportResult(gelezen=len(sources), niet_gelezen=list(skipped))
        note = journal.recover(out)
        if note:
            result.meldingen.append(note)
        for table in TABLES:
            check_target(out, table)
        ledger = Ledger.load(out)
        if ledger.berichten and not (out / regels.FOLDER).is_dir():
            # Imported by a version without the record store: the chain cannot be derived again from
            # what the folder remembers, and rewriting its tables would lose the earlier rows.
            raise UsageError(f"{safe_name(str(out))} is gevuld door een eerdere versie van de import, die de "
                             "berichtenketen nog niet bijhield; importeer het hele archief opnieuw in een nieuwe, "
                             "lege map")
        note = ledger.check_key(pseudonym)
        if note:
            result.meldingen.append(note)
        try:
            _import(out, sources, pseudonym, ledger, result, progress, workers)
        finally:
            archive.close_archives()
    result.seconden = time.perf_counter() - start
    return result


def _import(out: Path, sources: list[MessageSource], pseudonym: Callable[[str], str], ledger: Ledger,
            result: ImportResult, progress: bool, workers: int) -> None:
    products = _known_products(out)
    records = regels.load(out)
    typed: list[tuple[MessageSource, MessageType]] = []
    for source in sources:
        try:
            typed.append((source, peek_type(source)))
        except SkipMessage as exc:
            result.niet_gelezen.append(Skipped(source.name, str(exc)))
        except MessageError as exc:
            result.mislukt.append(Failure(source.name, str(exc)))
    typed.sort(key=lambda item: _ORDER.get(item[1].nummer, 9))

    token = journal.new_token()
    txn = journal.Transaction(out, token)
    show = _Progress(len(sources)) if progress else (lambda done: None)
    done = len(sources) - len(typed)
    pool = None
    new: set[str] = set()
    try:
        known = frozenset(r["sha256"] for r in ledger.berichten)
        results: Iterator[tuple[str, Message | None, str | None, int]]
        if workers > 1 and len(typed) > 1:
            # Workers read and validate; this process applies the results in order (315, 301, 323).
            # A ProcessPoolExecutor, not a Pool: a worker that dies raises BrokenProcessPool here
            # instead of leaving its messages unanswered for ever.
            pool = ProcessPoolExecutor(workers, multiprocessing.get_context("fork"), _init_worker, (pseudonym, known))
            with termination.deferred():  # the workers fork here: a SIGTERM in their hooks would be dropped
                results = pool.map(_work, typed, chunksize=32)
        else:
            results = (_read_one(item, pseudonym, known) for item in typed)
        position = 0
        try:
            for (source, kind), (digest, msg, error, masked) in zip(typed, results):
                position += 1
                done += 1
                show(done)
                if ledger.known_hash(digest):  # imported before, or earlier in this batch
                    result.overgeslagen += 1
                    continue
                try:
                    if error is not None or msg is None:
                        raise MessageError(error or "niet gelezen")
                    _check(msg, ledger, products)
                except MessageError as exc:
                    result.mislukt.append(Failure(source.name, str(exc)))
                    continue
                _apply(msg, digest, ledger, records, result)
                new.add(digest[:12])
                result.geimporteerd[kind.code] = result.geimporteerd.get(kind.code, 0) + 1
                way = archive.direction(kind.nummer)
                result.richting[way] = result.richting.get(way, 0) + 1
                result.gemaskeerd += masked
        except BrokenProcessPool:
            near = typed[min(position, len(typed) - 1)][0].name
            raise WorkerCrash(f"een leesproces van de import is onverwacht gestopt (een crash bij het lezen van een "
                              f"bericht, vanaf {near}); de import is afgebroken en er is niets opgeslagen. Probeer "
                              "het opnieuw, met --workers 1 om het bericht te vinden") from None
        if new:
            keten = resolve(records, ledger.berichten, ledger.clienten)
            result.dubbel = sum(n for bericht, n in keten.dubbel.items() if bericht in new)
            owned = {r["sha256"][:12] for r in ledger.berichten}
            for table in TABLES:
                write_table(out, table, keten.tables[table], owned, place=txn.add, token=token)
            regels.save(out, records, place=txn.add, token=token)
            ledger.save(txn)
            txn.commit()  # tables, records and ledger become visible together
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        txn.discard()


def _mask(msg: Message, pseudonym: Callable[[str], str]) -> int:
    """Mask BSN-like values outside the `Bsn` element in every record and the header (see privacy_text)."""
    header = {"afzender": msg.afzender, "ontvanger": msg.ontvanger, "identificatie": msg.identificatie}
    masked = mask_record(header, pseudonym)
    msg.afzender, msg.ontvanger, msg.identificatie = header["afzender"], header["ontvanger"], header["identificatie"]
    for value in vars(msg).values():  # every kind of record a message carries, now and later
        if isinstance(value, list):
            masked += sum(mask_record(r, pseudonym) for r in value if isinstance(r, dict))
    return masked


def _read_one(item: tuple[MessageSource, MessageType], pseudonym: Callable[[str], str],
              known: frozenset[str]) -> tuple[str, Message | None, str | None, int]:
    """(sha256, message, error, values masked) of one message; one whose hash is `known` is not parsed."""
    source, kind = item
    try:
        digest = source.sha256()
    except (OSError, EOFError, ValueError) as exc:
        return "", None, f"niet te lezen: {exc}", 0
    if digest in known:
        return digest, None, None, 0
    try:
        msg = read_message(source, kind, pseudonym)
    except MessageError as exc:
        return digest, None, str(exc), 0
    return digest, msg, None, _mask(msg, pseudonym)


_WORKER: dict = {}


def _init_worker(pseudonym: Callable[[str], str], known: frozenset[str]) -> None:
    _WORKER.update(pseudonym=pseudonym, known=known)


def _work(item: tuple[MessageSource, MessageType]) -> tuple[str, Message | None, str | None, int]:
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
