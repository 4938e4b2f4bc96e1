"""One import at a time per folder, and its tables and ledger committed together or not at all.

- `folder_lock`: an exclusive lock on `<DIR>/.istandaard/import.lock` for the whole import. A second
  import into the same folder says it waits, and waits (at most `$SDMONITOR_IMPORT_WACHTTIJD`
  seconds, default 600: an import of a year takes minutes), then refuses (exit 2). Waiting is
  safe because the second import re-reads the ledger after the first has committed, so it skips
  what the first imported. Imports into different folders do not wait for each other.
- `Transaction`: every file an import changes (the tables, the ledger files) is first written
  complete under a temporary name; then the list of renames is written to
  `.istandaard/commit.json` in one atomic step — that is the commit point — and the renames are
  done. `recover`, at the start of the next import (under the lock), finishes the renames of a
  journal left by a crash (roll forward), or removes the temporary files of an import that
  crashed before its commit point (roll back). So the ledger never records rows that are not in
  the tables, nor the other way round.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..cache_io import file_lock
from ..errors import UsageError

FOLDER = ".istandaard"
JOURNAL = "commit.json"
DEFAULT_WAIT = 600.0
TEMP_GLOB = ".*.import-*.tmp"  # every temporary file of an import (see `temp_path`)


def _wait_limit() -> float:
    try:
        return float(os.environ.get("SDMONITOR_IMPORT_WACHTTIJD", DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT


@contextmanager
def folder_lock(out: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the import lock of input folder `out` (see the module docstring)."""
    limit = _wait_limit() if timeout is None else timeout
    (out / FOLDER).mkdir(parents=True, exist_ok=True)
    busy = (f"er loopt al een import in '{out}' en die is na {limit:g} s nog niet klaar; probeer het later "
            "opnieuw (of zet SDMONITOR_IMPORT_WACHTTIJD hoger)")

    def say() -> None:
        print(f"sdmonitor: er loopt al een import in '{out}'; deze import wacht tot die klaar is "
              f"(hooguit {limit:g} s)", file=sys.stderr, flush=True)

    with file_lock(out / FOLDER / "import.lock", limit, busy, on_wait=say):
        yield


def new_token() -> str:
    """Unique per import (process id and 32 random bits): no two imports share a file name."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def temp_path(folder: Path, name: str, token: str) -> Path:
    return folder / f".{name}.import-{token}.tmp"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Transaction:
    """Renames (temporary file -> final name) that become visible together (`commit`)."""

    def __init__(self, out: Path, token: str) -> None:
        self.out, self.token = out, token
        self.renames: list[tuple[Path, Path]] = []
        self.committed = False

    def add(self, temp: Path, target: Path) -> None:
        self.renames.append((temp, target))

    def discard(self) -> None:
        """Remove the temporary files, unless the commit point was passed (`recover` finishes those)."""
        if self.committed:
            return
        for temp, _ in self.renames:
            temp.unlink(missing_ok=True)
        self.renames.clear()

    def commit(self) -> None:
        if not self.renames:
            return
        for temp, _ in self.renames:
            _fsync(temp)
        if len(self.renames) == 1:  # one rename is atomic by itself
            os.replace(*self.renames.pop())
            return
        (self.out / FOLDER).mkdir(parents=True, exist_ok=True)
        journal = self.out / FOLDER / JOURNAL
        tmp = temp_path(self.out / FOLDER, "commit", self.token)
        entries = [[str(t.relative_to(self.out)), str(g.relative_to(self.out))] for t, g in self.renames]
        tmp.write_text(json.dumps({"renames": entries}), encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, journal)  # the commit point
        self.committed = True
        _finish(self.out, journal)
        self.renames.clear()


def _finish(out: Path, journal: Path) -> int:
    """Do the renames of `journal` that are not done yet; returns how many were still to do."""
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        pairs = [(out / t, out / g) for t, g in entries]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"'{journal}' (een onafgemaakte import) is onleesbaar ({exc}); zet de map terug uit een "
                         "back-up, of importeer opnieuw in een nieuwe map") from None
    if any(Path(x).is_absolute() or ".." in Path(x).parts for pair in entries for x in pair):
        raise UsageError(f"'{journal}' noemt bestanden buiten de map; verwijder het en controleer de map")
    done = 0
    for temp, target in pairs:
        if temp.exists():  # not renamed yet (a rename is atomic: it happened or it did not)
            os.replace(temp, target)
            done += 1
    journal.unlink()
    return done


def recover(out: Path) -> str:
    """Finish or undo what a crashed import left in `out` (call under `folder_lock`); returns a
    line for the user, or '' when there was nothing to do."""
    journal = out / FOLDER / JOURNAL
    said = ""
    if journal.is_file():
        n = _finish(out, journal)
        said = f"een afgebroken import is afgemaakt ({n} bestand(en) alsnog op hun plaats gezet)"
    stale = [p for folder in (out, out / FOLDER) if folder.is_dir() for p in folder.glob(TEMP_GLOB)]
    stale += [p for p in out.glob(".*.import.tmp")]  # the spool files of imports before issue 20
    for p in stale:
        p.unlink(missing_ok=True)
    if stale and not said:
        said = f"{len(stale)} tijdelijk(e) bestand(en) van een afgebroken import verwijderd; die import telt niet mee"
    return said
