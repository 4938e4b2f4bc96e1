"""Tests for sdmonitor.figures.prognose.forecast_lags (the prognosis at many backtest origins in one
pass) and sdmonitor.figures.segment_sums, on a tiny hand-built triangle."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from sdmonitor.figures import prognose as prog
from sdmonitor.figures.segment_sums import segment_sums
from sdmonitor.periods import Periode

# Tail age 2, the level the plain mean of the mature months' chain-ladder ultimates (no season,
# trend, step, shapes or quarterly grouping): every number below follows by hand.
PLAIN = prog.Settings(tail_age=2, level="mature", trend=False, seasonality=False, step_credibility=0.0,
                      shapes=False, quarterly=False)


def lines() -> pd.DataFrame:
    """jeugd/A: January and February 2024 declare 50 in their own month and 50 the month after;
    March 80 and then 20. wmo/B: March 30, in its own month. Declared on the 5th."""
    rows = [("jeugd", "A", "2024-01", "2024-01-05", 50.0), ("jeugd", "A", "2024-01", "2024-02-05", 50.0),
            ("jeugd", "A", "2024-02", "2024-02-05", 50.0), ("jeugd", "A", "2024-02", "2024-03-05", 50.0),
            ("jeugd", "A", "2024-03", "2024-03-05", 80.0), ("jeugd", "A", "2024-03", "2024-04-05", 20.0),
            ("wmo", "B", "2024-03", "2024-03-05", 30.0)]
    frame = pd.DataFrame(rows, columns=["wet", "begrotingspost", "maand", "ingediend_op", "bedrag"])
    return frame.assign(ingediend_op=pd.to_datetime(frame["ingediend_op"]))


CUTS = [(Periode(2024, 2), date(2024, 2, 28)),   # origin 0
        (Periode(2024, 3), date(2024, 3, 28)),   # origin 1
        (Periode(2024, 2), date(2024, 3, 28))]   # origin 2: the same periode, a month later


def test_every_origin_is_forecast_by_hand_in_one_pass():
    reduced = prog.reduce(lines(), ["wet", "begrotingspost"], settings=PLAIN)
    out = prog.forecast_lags(reduced, CUTS, PLAIN)
    # Origin 0 (periode Feb, 28 Feb): January known at age 1 (50, 100), February at age 0 (50).
    #   f0 = 100 / 50 = 2, f1 = 1 (nothing seen at age 2): share January 1, February 1/2.
    #   Mature (share >= 0,85): January, chain-ladder 100 -> level 100 for every month.
    #   realisatie 100 + 50; nog_te_declareren (1 - 1/2) x 100 = 50; nog_te_komen March-December
    #   10 x 100 = 1.000; prognose 1.200. wmo/B has no line known yet: no row.
    # Origin 1 (periode Mar, 28 Mar): January (50, 100, 100), February (50, 100), March (80).
    #   f0 = (100 + 100) / (50 + 50) = 2, f1 = 100 / 100 = 1: share March 1/2; level mean(100, 100).
    #   realisatie 100 + 100 + 80 = 280; nog_te_declareren 1/2 x 100 = 50; nog_te_komen 9 x 100;
    #   prognose 1.230. wmo/B: March 30, nothing seen at age 1 so f0 = 1 and March is complete
    #   and mature: level 30, realisatie 30, nog_te_komen 9 x 30 = 270, prognose 300.
    # Origin 2 (periode Feb, 28 Mar): January (50, 100, 100), February (50, 100); March is after the
    #   periode. Shares 1 and 1, level 100: realisatie 200, nog_te_declareren 0, nog_te_komen 1.000.
    expected = pd.DataFrame({
        "origin": [0, 1, 1, 2], "wet": ["jeugd", "jeugd", "wmo", "jeugd"], "begrotingspost": ["A", "A", "B", "A"],
        "realisatie": [150.0, 280.0, 30.0, 200.0], "nog_te_declareren": [50.0, 50.0, 0.0, 0.0],
        "nog_te_komen": [1000.0, 900.0, 270.0, 1000.0], "prognose": [1200.0, 1230.0, 300.0, 1200.0]})
    got = out[list(expected.columns)].astype({"wet": object, "begrotingspost": object})
    pd.testing.assert_frame_equal(got, expected.astype({"wet": object, "begrotingspost": object}),
                                  check_dtype=False)


def test_one_origin_alone_is_the_same_forecast():
    # forecast_lag is forecast_lags at one cut: the method is defined once.
    reduced = prog.reduce(lines(), ["wet", "begrotingspost"], settings=PLAIN)
    together = prog.forecast_lags(reduced, CUTS, PLAIN)
    for position, (periode, peildatum) in enumerate(CUTS):
        alone = prog.forecast_lag(reduced, periode, peildatum, PLAIN)
        own = together[together["origin"] == position].drop(columns="origin").reset_index(drop=True)
        pd.testing.assert_frame_equal(own, alone, check_exact=True)


def test_the_lines_are_reduced_once_and_a_forecast_handed_out_again_is_a_copy():
    # The prognosis, its backtest and its interval start from the same lines (frame_memo).
    frame = lines()
    reduced = prog.reduce(frame, ["wet", "begrotingspost"], settings=PLAIN)
    assert prog.reduce(frame, ["wet", "begrotingspost"], settings=PLAIN) is reduced
    assert prog.reduce(frame, ["wet"], settings=PLAIN) is not reduced
    first = prog.forecast_lags(reduced, CUTS, PLAIN)
    first["prognose"] = 0.0  # a caller changing its result changes nobody else's
    assert prog.forecast_lags(reduced, CUTS, PLAIN)["prognose"].tolist() == [1200.0, 1230.0, 300.0, 1200.0]


def test_no_cut_and_no_known_line_give_no_rows():
    reduced = prog.reduce(lines(), ["wet", "begrotingspost"], settings=PLAIN)
    assert prog.forecast_lags(reduced, [], PLAIN).empty
    assert prog.forecast_lags(reduced, [(Periode(2023, 6), date(2023, 7, 28))], PLAIN).empty


def test_segment_sums_sum_each_segment_as_pandas_sums_it_alone():
    # Group g1 holds 2^-53, 2^-53, 1. 1 + 2^-53 lies halfway between 1 and the next double and
    # rounds (to even) back to 1. numpy's reduceat adds the first value to the sum of the others:
    # 2^-53 + (2^-53 + 1) = 1. A compensated sum adds in order, 2^-53 + 2^-53 = 2^-52 exactly, then
    # 1: 1 + 2^-52. Segment "s" is sorted by its key, so pandas alone sums it with reduceat;
    # segment "t" is not (g2 before g1) and pandas alone compensates (Kahan).
    tiny = 2.0 ** -53
    frame = pd.DataFrame({"seg": ["s", "s", "s", "s", "t", "t", "t", "t"],
                          "key": ["g1", "g1", "g1", "g2", "g2", "g1", "g1", "g1"],
                          "v": [tiny, tiny, 1.0, 5.0, 5.0, tiny, tiny, 1.0]})
    out = segment_sums(frame, ["seg"], ["key"], "v")
    assert out["seg"].tolist() == ["s", "s", "t", "t"] and out["key"].tolist() == ["g1", "g2", "g1", "g2"]
    assert out["v"].tolist() == [1.0, 5.0, 1.0 + 2.0 ** -52, 5.0]
    for seg, own in frame.groupby("seg"):
        alone = own.groupby("key")["v"].sum()
        assert np.array_equal(out.loc[out["seg"] == seg, "v"].to_numpy(), alone.to_numpy())


def test_segment_sums_of_integer_keys_group_and_sum_as_pandas_alone():
    # Integer segment and key (the chain ladder's cut and cell) are grouped as one number: the same
    # groups in the same order, each summed the same way (values as in the test above: cut 0 is
    # sorted by cell and sums by reduceat, cut 1 is not and sums with compensation).
    tiny = 2.0 ** -53
    frame = pd.DataFrame({"_o": [0, 0, 0, 0, 1, 1, 1, 1], "_k": [-2, -2, -2, 7, 7, -2, -2, -2],
                          "_v": [tiny, tiny, 1.0, 5.0, 5.0, tiny, tiny, 1.0]})
    out = segment_sums(frame, ["_o"], ["_k"], "_v")
    assert out.to_dict("list") == {"_o": [0, 0, 1, 1], "_k": [-2, 7, -2, 7], "_v": [1.0, 5.0, 1.0 + 2.0 ** -52, 5.0]}
    assert out["_o"].dtype == out["_k"].dtype == "int64"


def test_segment_sums_leave_rows_with_a_missing_key_out():
    frame = pd.DataFrame({"seg": ["s", "s", None], "key": ["a", None, "a"], "v": [1.0, 2.0, 4.0]})
    out = segment_sums(frame, ["seg"], ["key"], ["v"])
    assert out.to_dict("list") == {"seg": ["s"], "key": ["a"], "v": [pytest.approx(1.0)]}
