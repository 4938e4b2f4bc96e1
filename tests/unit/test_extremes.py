"""publish/extremes.py: a variable's smallest and largest value under linear constraints, one
model solved again for each objective."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array

from sdmonitor.publish.extremes import OPTIMAL, UNBOUNDED, Extremes


def program(bounds, eq=None, ub=None):
    out = {"bounds": bounds}
    for kind, rows in (("eq", eq), ("ub", ub)):
        if rows:
            out[f"A_{kind}"] = csr_array(np.array([r[0] for r in rows], dtype=float))
            out[f"b_{kind}"] = np.array([r[1] for r in rows], dtype=float)
    return out


def test_both_ends_of_a_part_of_a_published_total():
    # x0 + x1 = 10 with 1 <= x0 <= 4: x1 lies in 6..9, x0 in 1..4
    lp = Extremes(program([(1.0, 4.0), (0.0, None)], eq=[([1, 1], 10)]))
    ends = {}
    for j in (1, 0):
        for sign in (1.0, -1.0):
            status, x = lp.solve(j, sign)
            assert status == OPTIMAL
            ends[j, sign] = round(float(x[j]), 6)
    assert ends == {(1, 1.0): 6.0, (1, -1.0): 9.0, (0, 1.0): 1.0, (0, -1.0): 4.0}


def test_no_upper_bound_is_unbounded():
    # x0 - x1 <= 0, both >= 0 and x1 without upper bound: x0 can grow without end
    lp = Extremes(program([(0.0, None), (0.0, None)], ub=[([1, -1], 0)]))
    assert lp.solve(0, -1.0) == (UNBOUNDED, None)
    status, x = lp.solve(0, 1.0)
    assert status == OPTIMAL and x[0] == 0.0


def test_contradicting_constraints_give_the_solvers_message():
    # x0 + x1 = 10 while x0 <= 2 and x1 <= 3
    status, x = Extremes(program([(0.0, 2.0), (0.0, 3.0)], eq=[([1, 1], 10)])).solve(0, 1.0)
    assert x is None and status not in (OPTIMAL, UNBOUNDED) and "infeasible" in status


def test_bounds_only():
    lp = Extremes(program([(2.0, 5.0)]))
    assert [round(float(lp.solve(0, s)[1][0]), 6) for s in (1.0, -1.0)] == [2.0, 5.0]
