"""SIGTERM, handled like Ctrl-C: the command's handler raises `Terminated` (a `KeyboardInterrupt`), so
the same clean-up runs and no half-written output stays.

Except while the process forks. Python runs the at-fork hooks of other modules (logging's lock
release among them) in the parent right after the fork, and an exception raised there — the
handler's, when the signal lands in that moment — is printed and dropped: the command then went on
as if it was never stopped, and with logging's lock still held it could hang. Inside `deferred()`
a SIGTERM is only noted and raised when the block ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the same clean-up runs (no half-written output stays)."""


_STATE = {"deferring": 0, "pending": False}


def _forget() -> None:
    _STATE.update(deferring=0, pending=False)


# A child forked inside `deferred()` is not inside it: its own SIGTERM ends it as before.
os.register_at_fork(after_in_child=_forget)


def on_sigterm(signum: int, frame: object) -> None:
    """The commands' SIGTERM handler: raise `Terminated`, or note it inside `deferred()`."""
    if _STATE["deferring"]:
        _STATE["pending"] = True
        return
    raise Terminated()


@contextmanager
def deferred() -> Iterator[None]:
    """A SIGTERM arriving inside the block is raised as `Terminated` when the block ends."""
    _STATE["deferring"] += 1
    try:
        yield
    finally:
        _STATE["deferring"] -= 1
        if not _STATE["deferring"] and _STATE["pending"]:
            _STATE["pending"] = False
            raise Terminated()


__all__ = ["Terminated", "deferred", "on_sigterm"]
