"""forked: one computation in a forked child, its result or `Lost`."""

import os
import signal
import threading
import time

import pytest

from sdmonitor import forked


def test_result_comes_back_from_the_child():
    parent = os.getpid()
    with forked.Beside(lambda: (os.getpid() != parent, [1, 2, 3])) as beside:
        assert beside.result() == (True, [1, 2, 3])


def test_the_child_sees_the_parents_memory_without_it_being_passed():
    big = list(range(100_000))  # reached through the closure: fork shares it, nothing is pickled on the way in
    with forked.Beside(lambda: sum(big)) as beside:
        assert beside.result() == 4_999_950_000


def test_an_exception_in_the_child_is_lost_not_raised_there():
    def fails():
        raise ValueError("in het kind")

    with forked.Beside(fails) as beside, pytest.raises(forked.Lost):
        beside.result()


def test_a_killed_child_is_lost():
    def dies():
        os.kill(os.getpid(), signal.SIGKILL)

    with forked.Beside(dies) as beside, pytest.raises(forked.Lost, match="exitcode -9"):
        beside.result()


def test_an_unpicklable_result_is_lost():
    with forked.Beside(lambda: threading.Lock()) as beside, pytest.raises(forked.Lost):
        beside.result()


def test_leaving_the_block_stops_a_child_still_running():
    with forked.Beside(lambda: time.sleep(60)) as beside:
        process = beside._process
        assert process.is_alive()
    assert not process.is_alive() and process.exitcode == -signal.SIGTERM


def test_cores_is_the_affinity():
    assert forked.cores() == len(os.sched_getaffinity(0))
