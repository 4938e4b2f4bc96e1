"""What both caches (`ingest.store`, `workbook.edition_cache`) need to be trusted (issue 21).

- Identity is content: `content_hash` hashes every byte of a file (BLAKE2b, stdlib, ~1 GB/s).
  Size, mtime and inode are not an identity: a file corrected to the same size with its old mtime
  restored must give another key. A stat memo (which includes ctime, which `os.utime` cannot set
  back) only saves re-hashing the same file twice within one process; it is never written to disk.
- The cache folder must be this user's alone (`cache_root`): a folder others can write could hand
  us a forged entry. Entries hold only Parquet, CSV and JSON (no pickle), so even then no code runs.
- One lock per entry (`entry_lock`, flock on `<entry>.lock`) with a timeout: two commands at once
  neither write the same entry together nor wait forever.
- A damaged entry is reported on stderr (`say_damaged`) and rebuilt by the caller.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sdmonitor import config
from sdmonitor.errors import UsageError

# (path, size, mtime_ns, ctime_ns, inode) -> digest; this process only (see the module docstring).
_MEMO: dict[tuple, str] = {}
DEFAULT_LOCK_TIMEOUT = 900.0  # seconds: a cold national validation takes minutes


def content_hash(path: Path) -> str:
    """BLAKE2b (256 bit) of the bytes of `path`, memoised within this process by its full stat."""
    try:
        st = os.stat(path)
    except OSError:  # a link to nothing: part of the identity, not an error here (`loader` names it)
        return "onleesbaar"
    if not stat.S_ISREG(st.st_mode):  # never opened: a FIFO blocks, a device never ends
        return f"geen-gewoon-bestand-{stat.S_IFMT(st.st_mode):o}"
    memo_key = (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    digest = _MEMO.get(memo_key)
    if digest is None:
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, lambda: hashlib.blake2b(digest_size=32)).hexdigest()
        _MEMO[memo_key] = digest
    return digest


def input_files(folder: Path) -> list[Path]:
    """Every file below `folder`, hidden files and folders (`.istandaard/`) excepted, sorted."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / name for name in sorted(files) if not name.startswith("."))
    return found


def folder_identity(folder: Path) -> tuple[tuple[str, str], ...]:
    """(relative path, content hash) of every input file of `folder`: any changed, added, removed
    or renamed file gives another identity, whatever its size and times."""
    return tuple((p.relative_to(folder).as_posix(), content_hash(p)) for p in input_files(folder))


def cache_root() -> Path | None:
    """The project's cache folder (`config.cache_dir`), created private if absent and checked:
    a folder, writable by this user, owned by this user and not writable by group or others.
    None with the cache off. Raises `UsageError` (exit 2) naming the folder otherwise."""
    root = config.cache_dir()
    if root is None:
        return None
    hint = "(zet SDMONITOR_CACHE op een eigen map, of op 'off')"
    if root.exists() and not root.is_dir():
        raise UsageError(f"cachemap '{root}' is geen map {hint}")
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise UsageError(f"cachemap '{root}' kan niet worden aangemaakt: {exc.strerror} {hint}") from None
    st = root.stat()
    if st.st_uid != os.getuid():
        raise UsageError(f"cachemap '{root}' is van een andere gebruiker; die wordt niet vertrouwd {hint}")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UsageError(f"cachemap '{root}' is schrijfbaar voor anderen (groep of iedereen); "
                         f"die wordt niet vertrouwd {hint}")
    if not os.access(root, os.W_OK | os.X_OK):
        raise UsageError(f"cachemap '{root}' is niet schrijfbaar {hint}")
    return root


def _lock_timeout() -> float:
    try:
        return float(os.environ.get("SDMONITOR_CACHE_WACHTTIJD", DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@contextmanager
def entry_lock(entry: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of cache entry `entry` (flock on `<entry>.lock` beside it). Waits at
    most `timeout` seconds (default `$SDMONITOR_CACHE_WACHTTIJD`, else 900), then raises
    `UsageError` naming the entry: another command is filling it."""
    limit = _lock_timeout() if timeout is None else timeout
    entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    busy = f"cache-item '{entry}' is na {limit:g} s nog steeds in gebruik door een ander sdmonitor-commando; " \
           "probeer het later opnieuw"
    with file_lock(Path(f"{entry}.lock"), limit, busy):
        yield


@contextmanager
def file_lock(path: Path, timeout: float, busy: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive flock on `path` (created if needed). Waits at most `timeout` seconds,
    calling `on_wait` once when it has to wait, then raises `UsageError(busy)`."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise UsageError(busy) from None
                if not waited and on_wait is not None:
                    on_wait()
                waited = True
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def say_damaged(entry: Path, reason: object) -> None:
    """One line on stderr: a damaged cache entry is rebuilt, not silently trusted or ignored."""
    print(f"sdmonitor: cache-item '{entry}' is beschadigd ({reason}); het wordt opnieuw opgebouwd",
          file=sys.stderr)


__all__ = ["cache_root", "content_hash", "entry_lock", "file_lock", "folder_identity", "input_files", "say_damaged"]
