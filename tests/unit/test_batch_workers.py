"""run/batch_workers.py: a lost worker is reported with the real reason of its own end."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

from sdmonitor.run import batch_workers


class _LateProcess:
    """A dead worker whose exit code another thread records only after a few looks, as the pool's
    management thread does when it wins the race to reap the process."""

    def __init__(self, code: int, after: int) -> None:
        self.code, self.after, self.looks = code, after, 0

    def join(self, timeout: float | None = None) -> None:
        pass

    @property
    def exitcode(self) -> int | None:
        self.looks += 1
        return self.code if self.looks > self.after else None


def test_the_signal_is_named_and_an_exit_code_given_in_words():
    assert batch_workers.reason(-9) == "gestopt door signaal SIGKILL"
    assert batch_workers.reason(3) == "gestopt met afsluitcode 3"
    assert batch_workers.reason(None) == "onbekend gestopt"


def test_an_exit_code_recorded_late_by_another_thread_is_still_found():
    process = _LateProcess(-9, after=3)
    assert batch_workers.exit_code(process, wait_s=5) == -9


def test_an_exit_code_that_never_comes_gives_none_after_the_wait():
    start = time.monotonic()
    assert batch_workers.exit_code(_LateProcess(-9, after=10**9), wait_s=0.1) is None
    assert time.monotonic() - start < 2


def test_a_killed_process_gives_its_signal():
    process = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(60,))
    process.start()
    os.kill(process.pid, signal.SIGKILL)
    assert batch_workers.exit_code(process, wait_s=30) == -signal.SIGKILL
