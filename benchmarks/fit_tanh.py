"""Fit the rational tanh of cython/nrdsp.pxd: tanh(x) ~ x P(x^2) / Q(x^2) on [0, 9].

Run: .venv/bin/python benchmarks/fit_tanh.py   (about 2 minutes; scipy is a dev dependency)

A minimax fit of the absolute error by linear programming: for a trial bound E the conditions
|x P(v) - tanh(x) Q(v)| <= E Q(v) on a grid (v = (x/9)^2, P(0) = Q(0) = 1 so that the result is
x itself for tiny x) are linear in the coefficients; bisection finds the smallest feasible E.
The rows are divided by E, so the solver's absolute feasibility tolerance (1e-7) scales with the
bound. Prints the coefficients in the x^2 form the kernel uses, and the error of that form
evaluated in float64 against numpy's tanh on a fine grid up to 12.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

CLAMP = 9.0
DEGREE = 4  # of P and of Q, in x^2


def feasible(e: float, x: np.ndarray) -> np.ndarray | None:
    f = np.tanh(x)
    v = (x / CLAMP) ** 2
    p = np.stack([x * v ** k for k in range(1, DEGREE + 1)], 1)
    q = np.stack([v ** k for k in range(1, DEGREE + 1)], 1)
    a = np.vstack([np.hstack([p, -(f + e)[:, None] * q]), np.hstack([-p, (f - e)[:, None] * q])])
    b = np.concatenate([(f + e) - x, x - (f - e)])
    res = linprog(np.zeros(2 * DEGREE), A_ub=a / e, b_ub=b / e,
                  bounds=[(None, None)] * (2 * DEGREE), method="highs")
    return res.x if res.status == 0 else None


def main() -> None:
    x = np.unique(np.concatenate([np.linspace(0.0, CLAMP, 1500), np.linspace(0.0, 2.0, 300)]))
    lo, hi, best = 1e-11, 1e-4, None
    for _ in range(28):
        e = float(np.sqrt(lo * hi))
        sol = feasible(e, x)
        if sol is None:
            lo = e
        else:
            hi, best = e, sol
    assert best is not None
    a = [best[k] / CLAMP ** (2 * (k + 1)) for k in range(DEGREE)]
    b = [best[DEGREE + k] / CLAMP ** (2 * (k + 1)) for k in range(DEGREE)]
    print(f"grid bound {hi:.3g}")
    print("P:", ", ".join(repr(float(c)) for c in [1.0] + a))
    print("Q:", ", ".join(repr(float(c)) for c in [1.0] + b))
    grid = np.linspace(0.0, 12.0, 2_000_001)
    xc = np.minimum(grid, CLAMP)
    u = xc * xc
    num = xc * (1.0 + sum(c * u ** (k + 1) for k, c in enumerate(a)))
    den = 1.0 + sum(c * u ** (k + 1) for k, c in enumerate(b))
    print(f"max |error| against numpy tanh on [0, 12]: {np.abs(num / den - np.tanh(grid)).max():.3g}")


if __name__ == "__main__":
    main()
