"""SIGTERM, handled like Ctrl-C: the command's handler raises `Terminated` (a `KeyboardInterrupt`), so
the same clean-up runs and no half-written output stays.

Except while the process forks. Python runs the at-fork hooks of other modules (logging's lock
release among them) in the parent right after the fork, and an exception raised there — the
handler's, when the signal lands in that moment — is printed and dropped: the command then went on
as if it was never stopped, and with logging's lock still held it could hang. Inside `deferred()`
a SIGTERM is only noted and raised when the block ends.

Python drops an exception in other places too (a `__del__`, a weakref or garbage-collector
callback), and no list of such places is ever complete. So a SIGTERM is also remembered,
and `check()` raises it again at the commands' step boundaries (before each chapter phase, before a
report is published, before the next municipality): a lost one stops the command at its next step,
never after it has published as if nothing was asked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the same clean-up runs (no half-written output stays)."""


_STATE = {"deferring": 0, "pending": False, "received": False}


def _forget() -> None:
    _STATE.update(deferring=0, pending=False, received=False)


# A child forked inside `deferred()` is not inside it: its own SIGTERM ends it as before.
os.register_at_fork(after_in_child=_forget)


def on_sigterm(signum: int, frame: object) -> None:
    """The commands' SIGTERM handler: raise `Terminated`, or note it inside `deferred()`."""
    _STATE["received"] = True
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


def check() -> None:
    """Raise `Terminated` when a SIGTERM has arrived: a step boundary's safety net for a signal whose
    exception Python dropped where it landed (`on_sigterm` raised it, nothing stopped)."""
    if _STATE["received"] and not _STATE["deferring"]:
        raise Terminated()


__all__ = ["Terminated", "check", "deferred", "on_sigterm"]
