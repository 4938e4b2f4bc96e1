"""forked: one computation in a forked child, its result or `Lost`."""

import multiprocessing
import os
import signal
import threading
import time

import pytest

from sdmonitor import forked, termination


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
    assert not process.is_alive() and process.exitcode == -signal.SIGKILL  # it only computes: nothing to clean up


def test_ends_share_every_position_once_from_both_ends():
    ends = forked.Ends(5)
    assert [ends.front(), ends.back(), ends.front(), ends.back(), ends.front()] == [0, 4, 1, 3, 2]
    assert ends.front() is None and ends.back() is None


def test_ends_between_two_processes_take_each_position_exactly_once():
    ends = forked.Ends(200)

    def take(claim):
        taken = []
        while (position := claim()) is not None:
            taken.append(position)
        return taken

    with forked.Beside(lambda: take(ends.back)) as beside:
        mine = take(ends.front)
        theirs = beside.result()
    assert sorted(mine + theirs) == list(range(200))
    assert mine == list(range(len(mine))) and theirs == list(range(199, len(mine) - 1, -1))


def test_ends_held_by_a_killed_child_is_lost(monkeypatch):
    ends = forked.Ends(3)
    monkeypatch.setattr(forked.Ends, "WAIT", 0.2)

    def dies_holding_the_claim():
        ends._bounds.get_lock().acquire()
        os.kill(os.getpid(), signal.SIGKILL)

    with forked.Beside(dies_holding_the_claim) as beside:
        with pytest.raises(forked.Lost):
            beside.result()
        with pytest.raises(forked.Lost):
            ends.front()


def test_cores_is_the_affinity():
    assert forked.cores() == len(os.sched_getaffinity(0))


@pytest.mark.usefixtures("lost_sigterm")  # a fresh SIGTERM state, restored after the test
def test_a_sigterm_in_the_forks_hooks_is_raised_after_the_fork_and_the_child_stopped():
    # Python drops an exception raised in an at-fork hook (printed "Exception ignored"): a SIGTERM
    # landing there made `run` go on as if never stopped. This hook sends one at that moment, once.
    armed = [True]
    os.register_at_fork(after_in_parent=lambda: armed and (armed.clear(), os.kill(os.getpid(), signal.SIGTERM)))
    children_before = set(multiprocessing.active_children())
    previous = signal.signal(signal.SIGTERM, termination.on_sigterm)
    try:
        with pytest.raises(termination.Terminated):
            forked.Beside(lambda: time.sleep(30))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not armed  # the hook did send it
    assert set(multiprocessing.active_children()) <= children_before  # the child was stopped
