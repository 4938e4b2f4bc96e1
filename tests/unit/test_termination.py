"""termination.py: SIGTERM raises Terminated, except inside `deferred()`, where it is raised when
the block ends (a fork's hooks would drop it); a SIGTERM whose exception was lost is raised again by
`check()`."""

import pytest

from sdmonitor import termination

# Every test here sends SIGTERMs: each starts from, and restores, a state without one.
pytestmark = pytest.mark.usefixtures("lost_sigterm")


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


def test_a_sigterm_whose_exception_was_lost_is_raised_at_the_next_check(lost_sigterm):
    termination.check()  # no SIGTERM: nothing
    lost_sigterm()
    with pytest.raises(termination.Terminated):
        termination.check()


def test_check_inside_deferred_leaves_the_sigterm_to_the_end_of_the_block():
    steps = []
    with pytest.raises(termination.Terminated):
        with termination.deferred():
            termination.on_sigterm(15, None)
            termination.check()  # inside the block: a fork may be under way, so not here either
            steps.append("checked")
    assert steps == ["checked"]
