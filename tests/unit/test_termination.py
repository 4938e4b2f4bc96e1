"""termination.py: SIGTERM raises Terminated, except inside `deferred()`, where it is raised when
the block ends (a fork's hooks would drop it)."""

import pytest

from sdmonitor import termination


def test_sigterm_raises_terminated_a_keyboard_interrupt():
    with pytest.raises(termination.Terminated):
        termination.on_sigterm(15, None)
    assert issubclass(termination.Terminated, KeyboardInterrupt)  # the same clean-up as Ctrl-C


def test_inside_deferred_a_sigterm_is_raised_when_the_outermost_block_ends():
    steps = []
    with pytest.raises(termination.Terminated):
        with termination.deferred():
            with termination.deferred():
                termination.on_sigterm(15, None)  # noted, not raised
                steps.append("after the signal")
            steps.append("inner block ended")  # still deferred: the outer block is open
    assert steps == ["after the signal", "inner block ended"]
    with termination.deferred():  # nothing pending any more: a block without a signal ends quietly
        pass
