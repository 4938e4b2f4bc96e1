"""Worker processes of `sdmonitor batch --workers N` that survive a lost worker (issue 21).

A worker process that dies (kill -9, the OOM killer) breaks a `ProcessPoolExecutor`: every
municipality still running or waiting in it fails with `BrokenProcessPool`, although only one
worker was lost. So the municipalities lost that way are run once more, each on a fresh worker of
its own (side by side, `workers` at a time): the innocent ones now succeed, and one whose worker
dies again is reported with the real reason (the signal or exit code of its own process).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

# Test hook: a worker running this municipality kills itself (SIGKILL), as the OOM killer would.
KILL_HOOK = "SDMONITOR_TEST_KILL_WORKER"


def maybe_die(gemeente: str) -> None:
    """The test hook of `KILL_HOOK` (nothing unless that variable names `gemeente`)."""
    if os.environ.get(KILL_HOOK, "").lower() == gemeente.lower():
        os.kill(os.getpid(), signal.SIGKILL)


def reason(exitcode: int | None) -> str:
    """A worker's end in words: the signal that killed it, or its exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"gestopt door signaal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"gestopt door signaal {-exitcode}"
    return f"gestopt met afsluitcode {exitcode}" if exitcode is not None else "onbekend gestopt"


def exit_code(process: Any, wait_s: float = 30.0) -> int | None:
    """The exit code of a worker process that has ended (None only if it is still unknown after
    `wait_s` seconds).

    The pool's own management thread reaps the same dead process at the same moment; the thread that
    loses that race gets ECHILD from waitpid and multiprocessing reports no exit code yet. So ask
    again until the winner has recorded it.
    """
    deadline = time.monotonic() + wait_s
    process.join(timeout=wait_s)
    while process.exitcode is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return process.exitcode


def run_isolated(run_one: Callable[[dict[str, Any]], Any], task: dict[str, Any],
                 failed: Callable[[str, str], Any]) -> Any:
    """`run_one(task)` on a fresh worker process of its own; `failed(gemeente, message)` when that
    worker dies too, with the reason taken from its own exit code."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        future = pool.submit(run_one, task)
        processes = list((getattr(pool, "_processes", None) or {}).values())
        try:
            return future.result()
        except BrokenProcessPool:
            code = exit_code(processes[0]) if processes else None
            return failed(task["gemeente"], f"werkproces {reason(code)}, ook bij een tweede poging op een nieuw "
                                            "werkproces")


def retry_lost(run_one: Callable[[dict[str, Any]], Any], tasks: list[dict[str, Any]], workers: int,
               failed: Callable[[str, str], Any]) -> list[Any]:
    """Each lost municipality once more on its own fresh worker, `workers` at a time."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as threads:
        return list(threads.map(lambda t: run_isolated(run_one, t, failed), tasks))


__all__ = ["KILL_HOOK", "exit_code", "maybe_die", "reason", "retry_lost", "run_isolated"]
