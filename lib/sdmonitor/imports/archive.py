"""Where messages come from: files, folders (recursively) and zip archives (nested too), read as
streams: nothing is extracted to disk, and no archive is read whole into memory.

A `MessageSource` is a file on disk plus, inside an archive, the member names that lead to the
message (`("2025/maart.zip", "JW323_1.xml")` for a zip inside a zip). It is small and picklable,
so a worker process opens its own stream. `collect` walks the paths given to an import and
returns the XML messages and, for everything it passes over, one reason each (`Skipped`):
a file that is not XML, an encrypted or unreadable archive member. Whether an XML file is an
iJw/iWmo 3.2 message is decided later, from its root element (`xsd.peek_type`).

The direction of a message follows from its type, not from the folder it was found in (an
archive's `inbox/` and `outbox/` are often mixed up): `direction` says whether the gemeente sent
it (301, 319, 325, …) or received it (315, 323, …).
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import UsageError
from .privacy_text import safe_name

# Sent by the gemeente (the rest of iJw/iWmo 3.2 is sent by the aanbieder): allocations (301),
# the answer to a change request (319), the declaration answer (325) and the returns on the
# aanbieder's start, stop and requests (306, 308, 316, 318).
_FROM_GEMEENTE = frozenset({"301", "306", "308", "316", "318", "319", "325"})
_ZIP_SUFFIXES = (".zip",)


@dataclass(frozen=True, order=True)
class MessageSource:
    """One message: `path` on disk, and the chain of member names inside (nested) zip archives."""

    path: Path
    members: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """For people: `archief.zip!maart/JW323.xml` (a 9-digit BSN-like run masked)."""
        return safe_name("!".join([str(self.path), *self.members]))

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """A binary stream of the message (decompressed as it is read)."""
        if not self.members:
            with open(self.path, "rb") as fh:
                yield fh
            return
        archive = _archive(self.path, self.members[:-1])
        info = archive.getinfo(self.members[-1])
        with archive.open(info) as stream:
            if info.file_size <= _IN_MEMORY:
                # lxml reads a zip member's stream 4x slower than a file; one message in memory
                # (not the archive) is cheap: a 323 of 1.000 lines is about 1 MB.
                yield io.BytesIO(stream.read())
            else:
                yield stream

    def sha256(self) -> str:
        """SHA-256 of the message's own bytes (for a member: decompressed), the ledger's identity."""
        digest = hashlib.sha256()
        with self.open() as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()


# Open archives of this process, by (pid, path, members): reading the central directory of a zip
# with 20.000 members for every message would cost more than the messages. Keyed by process id,
# since a forked worker must not share the parent's file offset.
_OPEN: dict[tuple[int, Path, tuple[str, ...]], zipfile.ZipFile] = {}
_MAX_OPEN = 8
_IN_MEMORY = 16 * 1024 * 1024  # a member up to this size is read at once, a larger one streamed


def _archive(path: Path, members: tuple[str, ...]) -> zipfile.ZipFile:
    key = (os.getpid(), path, members)
    found = _OPEN.get(key)
    if found is None:
        if len(_OPEN) >= _MAX_OPEN:
            close_archives()
        if members:  # a zip inside a zip: read through the outer one, never unpacked
            found = zipfile.ZipFile(_archive(path, members[:-1]).open(members[-1]))
        else:
            found = zipfile.ZipFile(path)
        _OPEN[key] = found
    return found


def close_archives() -> None:
    """Close the archives this process opened (an import calls it when done)."""
    for key in [k for k in _OPEN if k[0] == os.getpid()]:
        with suppress(Exception):
            _OPEN[key].close()
    _OPEN.clear()


@dataclass(frozen=True)
class Skipped:
    """A file or member that is not read as a message, with the reason why (Dutch)."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def direction(nummer: str) -> str:
    """'uitgaand' for a message the gemeente sends (301, 325, …), 'inkomend' for one it receives."""
    return "uitgaand" if nummer in _FROM_GEMEENTE else "inkomend"


def _hidden(name: str) -> bool:
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _is_zip(name: str) -> bool:
    return name.lower().endswith(_ZIP_SUFFIXES)


def _is_xml(name: str) -> bool:
    return name.lower().endswith(".xml")


def _walk_zip(outer: MessageSource, stream: IO[bytes], found: list[MessageSource],
              skipped: list[Skipped]) -> None:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        skipped.append(Skipped(outer.name, f"geen leesbaar zip-archief ({exc})"))
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or _hidden(info.filename):
                continue
            source = MessageSource(outer.path, (*outer.members, info.filename))
            if info.flag_bits & 0x1:
                skipped.append(Skipped(source.name, "versleuteld in het archief: niet gelezen"))
            elif _is_zip(info.filename):
                with archive.open(info) as inner:
                    _walk_zip(source, inner, found, skipped)
            elif _is_xml(info.filename):
                found.append(source)
            else:
                skipped.append(Skipped(source.name, "geen XML-bestand"))


def collect(paths: list[Path]) -> tuple[list[MessageSource], list[Skipped]]:
    """Every XML message under `paths` (files, folders, zip archives; hidden files ignored), in a
    fixed order, and what was passed over with its reason. `UsageError` for a path that does not
    exist or when there is no XML message at all."""
    found: list[MessageSource] = []
    skipped: list[Skipped] = []
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(str(p.relative_to(path))))
        elif path.is_file():
            files = [path]
        else:
            raise UsageError(f"'{safe_name(str(path))}' bestaat niet")
        for file in files:
            source = MessageSource(file)
            if _is_zip(file.name) or (path == file and zipfile.is_zipfile(file)):
                with open(file, "rb") as fh:
                    _walk_zip(source, fh, found, skipped)
            elif _is_xml(file.name) or path == file:  # a file named on the command line is tried
                found.append(source)
            else:
                skipped.append(Skipped(source.name, "geen XML-bestand"))
    if not found:
        raise UsageError("geen berichten gevonden: geef XML-bestanden, mappen of zip-archieven met *.xml-bestanden")
    return found, skipped
