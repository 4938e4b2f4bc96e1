"""Writing output safely: never half a file, never outside the chosen folder, no stale leftovers.

- `write_atomically`: a file is written to a temporary file beside it, flushed to disk and then
  renamed over the target, so a full disk or a kill leaves the old file or the new one, never a
  truncated one.
- `check_figures_target` / `prepare_demo_folder`: `kpis --out` never writes into its input folder or
  over a file that is not an earlier `kpis.csv` (unless `--force`); `demo-data` only into an empty
  folder or an earlier demo folder (marker `.sdmonitor-demo`).
- `check_output_location`: `--out` must be (or can become) a writable folder / file location; a
  file where a folder is meant, or a read-only folder, is a usage error (exit 2) before any work.
- `contained`: a folder derived from names in parameters must stay inside OUT.
- `spreadsheet_text` / `spreadsheet_frame`: a text cell bound for a spreadsheet (CSV or xlsx) that
  Excel would run as a formula (`=`, `+`, `-`, `@`, tab, CR first: a bouwsteen or provider name
  from the input) gets a leading `'` (OWASP CSV injection); numbers stay numbers. Readers of our
  own CSVs undo it with `from_spreadsheet_text`.
- `clean_stale_temp`: `run` builds a report in `.<periode>.tmp-<host>-<pid>-*` beside its target; a
  run killed with SIGKILL (or a power cut) leaves that folder behind, with unsuppressed figures
  in `kpis.csv`. The next run in the same place removes leftovers of processes that are gone.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

from sdmonitor.errors import SdmonitorError, UsageError

# A leftover whose owner cannot be checked (another machine on a shared disk, an old name) is
# removed once it is this old: no run takes a day.
STALE_AFTER_SECONDS = 24 * 3600
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(tmp|oud)-(?:(?P<host>[^-]+)-(?P<pid>\d+)-)?.*$")


class OutputError(SdmonitorError):
    """Output could not be written (disk full, folder removed, ...): nothing was published (exit 4)."""

    exit_code = 4


def host() -> str:
    """This machine's name as used in temporary folder names (no '-' or '.')."""
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:30] or "host"


def temp_prefix(name: str) -> str:
    """Prefix of a temporary folder or file for `name`, naming this host and process."""
    return f".{name}.tmp-{host()}-{os.getpid()}-"


def output_error(path: Path, exc: OSError) -> OutputError:
    """A readable `OutputError` for a failed write."""
    reason = {errno.ENOSPC: "de schijf is vol", errno.EDQUOT: "het schijfquotum is op",
              errno.EROFS: "het bestandssysteem is alleen-lezen",
              errno.EACCES: "geen schrijfrechten"}.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"schrijven naar {path} is mislukt: {reason}; er is niets gepubliceerd "
                       "(een eerdere uitvoer staat er nog ongewijzigd)")


def check_output_location(path: Path, folder: bool) -> None:
    """Usage error when `path` cannot become the output folder (`folder`) or file."""
    path = Path(path)
    if path.exists():
        if folder and not path.is_dir():
            raise UsageError(f"--out '{path}' is een bestand; geef een map op")
        if not folder and path.is_dir():
            raise UsageError(f"--out '{path}' is een map; geef een bestandsnaam op (bijv. {path}/kpis.csv)")
    existing = path if folder and path.is_dir() else path.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"--out '{path}' kan niet worden gemaakt: '{existing}' is een bestand, geen map")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"--out '{path}': in map '{existing}' mag niet geschreven worden (alleen-lezen)")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), dir=path.parent)
    except OSError as exc:
        raise output_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(path, exc) from None
        raise


def contained(path: Path, root: Path) -> Path:
    """`path` resolved; a usage error when it does not lie inside `root`."""
    resolved, base = Path(path).resolve(), Path(root).resolve()
    if resolved != base and base not in resolved.parents:
        raise UsageError(f"uitvoermap '{resolved}' zou buiten --out '{base}' liggen; controleer 'naam' in parameters/")
    return resolved


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temp(folder: Path) -> list[Path]:
    """Remove leftovers of earlier runs in `folder` (see the module docstring); returns them."""
    folder = Path(folder)
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    now = time.time()
    for entry in folder.iterdir():
        m = _LEFTOVER.match(entry.name)
        if not m:
            continue
        pid = int(m.group("pid")) if m.group("pid") else None
        mine = m.group("host") == host() and pid is not None
        try:
            old = now - entry.lstat().st_mtime > STALE_AFTER_SECONDS
        except OSError:
            continue
        if (mine and pid is not None and pid != os.getpid() and not _alive(pid)) or (not mine and old):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


# --- what a command may overwrite (issue 21) ------------------------------------------------------

# `figures.rows.COLUMNS` without importing pandas; an older kpis.csv (before `status`) counts too.
KPIS_HEADERS = (b"indicator,periode,dimensie,waarde,eenheid,status", b"indicator,periode,dimensie,waarde,eenheid")
DEMO_MARKER = ".sdmonitor-demo"  # hidden: never an input file, never in the input's identity


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def check_figures_target(path: Path, data: Path, force: bool = False) -> None:
    """`kpis --out`: never into the input folder, and never over a file that is not a `kpis.csv`
    an earlier `sdmonitor kpis` wrote (its header says so), unless `force`. Usage error (exit 2)."""
    path = Path(path)
    if force:
        return
    if _inside(path, Path(data)):
        raise UsageError(f"--out '{path}' ligt in de invoermap '{data}'; sdmonitor schrijft niet in zijn "
                         "invoer (kies een andere plek, of --force)")
    if path.is_file() or path.is_symlink():
        try:
            with open(path, "rb") as fh:
                first = fh.readline(len(KPIS_HEADERS[0]) + 5).rstrip(b"\r\n").lstrip(b"\xef\xbb\xbf")
        except OSError:
            first = b""
        if first not in KPIS_HEADERS:
            raise UsageError(f"--out '{path}' bestaat al en is geen kpis.csv van sdmonitor; het wordt niet "
                             "overschreven (kies een andere naam, of --force)")


def prepare_demo_folder(out: Path) -> None:
    """`demo-data --out`: only an empty (or new) folder or an earlier demo folder (its marker file),
    so demo rows never mix with, or overwrite, real input. Writes the marker."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out '{out}' is een bestand; geef een (lege) map op")
    if out.is_dir() and any(out.iterdir()) and not (out / DEMO_MARKER).is_file():
        raise UsageError(f"--out '{out}' is niet leeg en geen eerdere demomap; demodata wordt alleen in een "
                         "lege map geschreven (of in een map die eerder demodata kreeg)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / DEMO_MARKER).write_text("Demodata van sdmonitor (synthetisch); deze map mag worden overschreven.\n",
                                       encoding="utf-8")
    except OSError as exc:
        raise output_error(out, exc) from None


# --- spreadsheet cells (CSV/formula injection) --------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that is a plain number ("-12,5", "+3", "-1.234 %") is no formula; it stays as written.
_NUMBER_TEXT = re.compile(r"[+-]?\d[\d.,]*(\s?%)?")


def spreadsheet_text(value: object) -> object:
    """`value` safe as a spreadsheet cell: text that would start a formula gets a leading `'`
    (also text that already starts with quotes before such a character, so the reverse,
    `from_spreadsheet_text`, is exact). Anything not text (numbers, None) and number-like text
    are returned unchanged."""
    if not isinstance(value, str) or _NUMBER_TEXT.fullmatch(value):
        return value
    return "'" + value if value.lstrip("'").startswith(_FORMULA_START) else value


def from_spreadsheet_text(value: object) -> object:
    """The text `spreadsheet_text` was given (for readers of our own CSV files)."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value


def spreadsheet_frame(frame: Any) -> Any:
    """A copy of a DataFrame with `spreadsheet_text` applied to every text cell of its text
    (object or string) columns; numeric columns are not touched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith("str"):
            out[column] = out[column].map(spreadsheet_text)
    return out
