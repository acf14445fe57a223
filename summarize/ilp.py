"""A small integer program, solved exactly by HiGHS through its own Python package (highspy).

`select.cover` states budgeted coverage as one: binary variables for sentences, continuous ones
for concepts, and rows of the form `lower <= sum(a_j * x_j) <= upper`. highspy is the solver's
own thin binding: importing it takes about 15 ms, where scipy.optimize (the same solver behind
`milp`) and scipy.sparse take about 0.4 s, more than a small digest's whole solve.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

INFINITY = float("inf")
# The solve stops once its best choice is proved within this share of the best possible: HiGHS's
# own default (0.01%, as scipy's `milp` solved it before). A looser gap is faster (0.5%: a
# seeds digest's solve 3x faster) but not free: BENCHMARKS.md, the gap of 0.1% to 0.5% cost
# DUC 2004 dev R1 0.28 with cross-validated weights (one cluster's choice flipped).
GAP = 1e-4


@dataclass
class Program:
    """Maximise `sum(gain_j * x_j)` over `n_binary` 0/1 variables then `n_continuous` in [0, 1],
    subject to the rows added; `lower` holds variables fixed at 1 (chosen whatever they gain)."""

    gains: Sequence[float]
    n_binary: int
    rows: list[tuple[Sequence[int], Sequence[float], float, float]] = field(default_factory=list)
    lower: set[int] = field(default_factory=set)

    def add(self, columns: Sequence[int], coefficients: Sequence[float], low: float, high: float) -> None:
        """The row `low <= sum(coefficients * x[columns]) <= high`."""
        if len(columns):
            self.rows.append((columns, coefficients, low, high))

    def add_many(self, rows: Iterable[tuple[Sequence[int], Sequence[float]]], low: float, high: float) -> None:
        for columns, coefficients in rows:
            self.add(columns, coefficients, low, high)

    def solve(self, time_limit: float = 10.0, gap: float = GAP) -> list[float] | None:
        """The variables' values at the best solution found, or None when there is none."""
        import numpy as np
        from highspy import _core as highs

        n = len(self.gains)
        solver = highs._Highs()
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("time_limit", float(time_limit))
        solver.setOptionValue("mip_rel_gap", float(gap))
        inf = solver.getInfinity()
        lp = highs.HighsLp()
        lp.num_col_, lp.num_row_ = n, len(self.rows)
        lp.sense_ = highs.ObjSense.kMaximize
        lp.col_cost_ = np.asarray(self.gains, dtype=float)
        lp.col_lower_ = np.asarray([1.0 if j in self.lower else 0.0 for j in range(n)])
        lp.col_upper_ = np.ones(n)
        lp.row_lower_ = np.asarray([max(-inf, low) for _, _, low, _ in self.rows], dtype=float)
        lp.row_upper_ = np.asarray([min(inf, high) for _, _, _, high in self.rows], dtype=float)
        lengths = [len(columns) for columns, _, _, _ in self.rows]
        lp.a_matrix_.format_ = highs.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
        lp.a_matrix_.index_ = np.asarray([j for columns, _, _, _ in self.rows for j in columns], dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray([a for _, values, _, _ in self.rows for a in values], dtype=float)
        lp.integrality_ = [highs.HighsVarType.kInteger] * self.n_binary + [highs.HighsVarType.kContinuous] * (
            n - self.n_binary
        )
        solver.passModel(lp)
        solver.run()
        solution = solver.getSolution()
        if not solution.value_valid:
            return None
        return list(solution.col_value)
