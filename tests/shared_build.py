"""Build an expensive, read-only test input once per test run, not once per pytest-xdist worker."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def shared_root(tmp_path_factory) -> Path:
    """This test run's temp folder common to all pytest-xdist workers (each worker's own basetemp
    is a folder in it); without xdist the session's basetemp."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def shared_once(tmp_path_factory, name: str, build: Callable[[Path], Any]) -> Any:
    """`build(folder)` once per test run, whichever worker asks first; its result (JSON) and the
    files it wrote in `folder` are what every worker gets. A build that raises is not kept: the
    next worker that asks builds again (and reports its own failure)."""
    root = shared_root(tmp_path_factory)
    folder = root / f"shared-{name}"
    done = root / f"shared-{name}.json"
    with _exclusive(root / f"shared-{name}.lock"):
        if not done.exists():
            if folder.exists():  # a failed build's leftovers
                shutil.rmtree(folder)
            folder.mkdir()
            result = build(folder)
            done.write_text(json.dumps(result), encoding="utf-8")
    return json.loads(done.read_text(encoding="utf-8"))
