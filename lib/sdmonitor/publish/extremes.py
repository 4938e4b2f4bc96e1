"""The smallest and the largest value of each variable over one set of linear constraints: one HiGHS
model whose objective is changed and solved again from the last basis.

scipy's `linprog` builds, checks and solves a new model for every objective. The audit solves
hundreds of such small programmes per edition (a small municipality's monitor: 652 in 61 groups),
and four fifths of that time went to building and checking. This is the same HiGHS that linprog
calls, through scipy's bindings of it (`scipy.optimize._highspy._core`, scipy >= 1.15). A status
other than optimal or unbounded is decided by linprog itself, as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.optimize._highspy import _core as highs
from scipy.sparse import csc_array, vstack

OPTIMAL, UNBOUNDED = "optimaal", "onbegrensd"


class Extremes:
    """Minimise `sign * x[j]` for one `j` at a time under linprog's constraints `program` (keys
    bounds, A_eq, b_eq, A_ub, b_ub as `linprog` takes them)."""

    def __init__(self, program: dict[str, Any]) -> None:
        self.program = program
        self.n = len(program["bounds"])
        # linprog's bounds as two arrays (None: no upper bound); the audit reads them too.
        self.lower = np.array([b[0] for b in program["bounds"]], dtype=float)
        self.upper = np.array([np.inf if b[1] is None else b[1] for b in program["bounds"]], dtype=float)
        self._model: Any = None
        self._cost = -1  # the column whose cost is set in the model

    def _build(self) -> Any:
        program, n = self.program, self.n
        blocks, lower, upper = [], [], []
        if "A_eq" in program:
            blocks.append(program["A_eq"])
            lower.append(program["b_eq"])
            upper.append(program["b_eq"])
        if "A_ub" in program:
            blocks.append(program["A_ub"])
            lower.append(np.full(len(program["b_ub"]), -np.inf))
            upper.append(program["b_ub"])
        matrix = csc_array(vstack(blocks)) if blocks else csc_array((0, n))
        lp = highs.HighsLp()
        lp.num_col_, lp.num_row_ = n, matrix.shape[0]
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_, lp.col_upper_ = self.lower, self.upper
        lp.row_lower_ = np.concatenate(lower) if lower else np.zeros(0)
        lp.row_upper_ = np.concatenate(upper) if upper else np.zeros(0)
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, matrix.shape[0]
        lp.a_matrix_.format_ = highs.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data.astype(float)
        model = highs._Highs()
        model.setOptionValue("output_flag", False)
        # Small programmes solved again and again from the last basis: presolve would only undo that.
        model.setOptionValue("presolve", "off")
        model.passModel(lp)
        return model

    def solve(self, j: int, sign: float) -> tuple[str, np.ndarray | None]:
        """(OPTIMAL, x), (UNBOUNDED, None), or (linprog's message, None) for anything else."""
        if self._model is None:
            self._model = self._build()
        model = self._model
        if self._cost >= 0:
            model.changeColCost(self._cost, 0.0)
        model.changeColCost(j, sign)
        self._cost = j
        model.run()
        status = model.getModelStatus()
        if status == highs.HighsModelStatus.kOptimal:
            return OPTIMAL, np.array(model.getSolution().col_value)
        if status == highs.HighsModelStatus.kUnbounded:
            return UNBOUNDED, None
        res = linprog(np.eye(1, self.n, j).ravel() * sign, **self.program, method="highs")
        if res.status == 0:
            return OPTIMAL, res.x
        return (UNBOUNDED, None) if res.status == 3 else (str(res.message), None)


__all__ = ["OPTIMAL", "UNBOUNDED", "Extremes"]
