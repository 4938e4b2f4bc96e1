"""One computation on the machine's second core: run in a forked child while the caller goes on,
its result sent back (issue 25: one municipality's figure families in two lanes); `Ends` shares a
list of work between the two from both ends.

Fork, not spawn: the child shares the parent's memory (a selection of 200k lines is not copied or
pickled), and starts in milliseconds. What crosses the pipe is only the result. The child never
touches what the parent's other threads own (kernels, DuckDB): it computes, sends and exits.

Anything that goes wrong in the child — an exception, a result that cannot be pickled, the child
killed — comes back as `Lost`: the caller then computes the same thing itself, so an error is
raised exactly where and as it would be without the second core.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from sdmonitor import termination

T = TypeVar("T")


class Lost(Exception):
    """The child gave no result (it raised, was killed, or its result could not be sent)."""


def cores() -> int:
    """CPU cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _child(compute: Callable[[], object], send: Connection) -> None:
    # SIGTERM from the parent just ends the child (the command's handler would raise and clean up
    # the parent's files); Ctrl-C reaches the whole process group: the parent handles it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = compute()
    except BaseException:  # the parent computes it again and raises it there, in its own order
        send.send((False, None))
        return
    try:
        send.send((True, result))
    except Exception:  # unpicklable: as if it had failed
        send.send((False, None))


class Ends:
    """Positions 0..n-1 shared by two processes, taken one at a time from the front (the caller)
    and from the back (a forked child made after it) until they meet: each lane starts with what
    shares its own intermediate results, and both end about together whatever the sizes."""

    WAIT = 10.0  # seconds; a claim holds the lock for microseconds, only a killed child holds it longer

    def __init__(self, n: int) -> None:
        # [next from the front, one past the next from the back], in memory the child shares
        self._bounds = multiprocessing.get_context("fork").Array("i", [0, n])

    def front(self) -> int | None:
        """The next position from the front, or None when none is left. `Lost` when the other
        lane died holding the claim."""
        return self._claim(front=True)

    def back(self) -> int | None:
        """The next position from the back, or None when none is left."""
        return self._claim(front=False)

    def _claim(self, front: bool) -> int | None:
        lock = self._bounds.get_lock()
        if not lock.acquire(timeout=self.WAIT):
            raise Lost("het rekenproces ernaast hield zijn claim vast")
        try:
            lo, hi = self._bounds[0], self._bounds[1]
            if lo >= hi:
                return None
            if front:
                self._bounds[0] = lo + 1
                return lo
            self._bounds[1] = hi - 1
            return hi - 1
        finally:
            lock.release()


class Beside(Generic[T]):
    """`compute()` started in a forked child; `result()` waits for it. Use as a context manager:
    leaving the block (also on an error or Ctrl-C in the parent) stops a child still running."""

    def __init__(self, compute: Callable[[], T]) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(compute, send), daemon=True,
                                        name="sdmonitor-beside")
        try:
            with termination.deferred():  # a SIGTERM in the fork's hooks would be dropped there
                self._process.start()
        except BaseException:  # stopped while it forked: the child goes too
            self.stop()
            raise
        finally:
            send.close()  # the parent's copy: EOF on `recv` when the child dies without sending

    def result(self) -> T:
        """The child's result; `Lost` when it gave none."""
        try:
            ok, value = self._receive.recv()
        except (EOFError, OSError):
            ok, value = False, None
        finally:
            self._receive.close()
            self._process.join()
        if not ok:
            raise Lost(f"het rekenproces ernaast gaf geen uitkomst (exitcode {self._process.exitcode})")
        return value

    def stop(self) -> None:
        """Stop the child if it still runs (nothing when it is done)."""
        if self._process.is_alive():
            # SIGKILL, not SIGTERM: the child only computes (nothing to clean up), and a SIGTERM
            # landing in its at-fork hooks, before it took the default action, would be dropped.
            self._process.kill()
        self._process.join()
        self._receive.close()

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["Beside", "Ends", "Lost", "cores"]
