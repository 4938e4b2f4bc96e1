"""The situation of a wet's prognosis, which sets its interval's scale (prognose_situatie)."""

from sdmonitor.figures.prognose_situatie import situation


def test_a_batch_declarer_comes_first():
    # Even with a shape that moves the prognosis by 10 %.
    assert situation(100.0, zonder_vorm=90.0, batch=True, opvolging=True) == "kwartaal"


def test_a_shape_that_lowers_the_prognosis_is_a_phase_out_and_one_that_raises_it_a_ramp():
    # Without the shapes 101 against 100: the shape took 1 % off (> 0,5 %): a phase-out.
    assert situation(100.0, zonder_vorm=101.0) == "afbouw"
    # Without the shapes 99: the shape added 1 %: a ramp, before a succession in the same wet.
    assert situation(100.0, zonder_vorm=99.0, opvolging=True) == "aanloop"


def test_a_shape_moving_half_a_percent_or_less_does_not_count():
    # 100 against 100,5: exactly 0,5 % is not more than 0,5 %.
    assert situation(100.0, zonder_vorm=100.5) == "regulier"
    assert situation(100.0, zonder_vorm=100.5, opvolging=True) == "opvolging"


def test_growth_beyond_indexation_comes_before_the_step():
    # Without the trend 93: the trend adds 7 % (> 6 %): growth, though the step moves 3 %.
    assert situation(100.0, zonder_trend=93.0, zonder_stap=97.0) == "groei"
    # A trend of 3 % (an indexation) is not growth; the step's 3 % (> 2 %) is a step.
    assert situation(100.0, zonder_trend=97.0, zonder_stap=97.0) == "stap"
    # A step of 1,5 % is not.
    assert situation(100.0, zonder_trend=97.0, zonder_stap=98.5) == "regulier"


def test_a_falling_trend_is_growth_too_and_unknown_variants_count_as_no_move():
    # Without the trend 108: the trend takes 8 % off.
    assert situation(100.0, zonder_trend=108.0) == "groei"
    assert situation(100.0) == "regulier"
