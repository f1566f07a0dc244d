"""Plain-Python references of the learning neuron and learning network.

Written from the equations in the docstrings of ``nrcore.learning`` (never calling the kernels),
per sample and in the same order of operations, so that the kernels must agree to 1e-6.
"""
from __future__ import annotations

import math

import numpy as np

from ref_common import (SAFE_LIMIT, activate, activate_slope, clamp, finite_or_zero, flush,
                        safe)

ALGORITHMS = ("nlms", "lms", "sign_error")


def error_term(algorithm: str, e: float) -> float:
    if algorithm == "sign_error":
        return 1.0 if e > 0.0 else (-1.0 if e < 0.0 else 0.0)
    return e


def reachable_target(activation: str, d: float, response: float) -> float:
    """The target clamped to the activation's output range."""
    if activation in ("tanh", "hardclip", "softclip", "sinefold"):
        return clamp(d, -1.0, 1.0)
    if activation == "sigmoid":
        return clamp(d, 0.0, 1.0)
    if activation == "relu":
        return clamp(d, 0.0, SAFE_LIMIT)
    if activation == "nlc":
        return clamp(d, -response, max(response, 1.0 - response))
    return clamp(d, -SAFE_LIMIT, SAFE_LIMIT)


class Guard:
    """The weight guard: clamp to +-limit (remembering that it acted), flush denormals, and
    notice non-finite candidates."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.hit = False
        self.bad = False

    def __call__(self, candidate: float) -> float:
        if not math.isfinite(candidate):
            self.bad = True
        if abs(candidate) > self.limit:
            self.hit = True
            return clamp(candidate, -self.limit, self.limit)
        return flush(candidate)


def learning_neuron(x: np.ndarray, *, weights, bias: float = 0.0, learn_bias: bool = True,
                    activation: str = "tanh", response: float = 0.5, mu: float = 0.1,
                    algorithm: str = "nlms", leak: float = 0.0, eps: float = 1e-3,
                    freeze: bool = False, weight_limit: float = 100.0,
                    trajectory_every: int = 64):
    """Run the learning neuron over ``x`` (inputs + 1, n), target last.

    Returns ``(out (2, n), trajectory (rows, inputs + 1), trajectory_index (rows,),
    final_weights, final_bias, divergences)``.
    """
    x = np.asarray(x, dtype=np.float64)
    n_in = x.shape[0] - 1
    w = [float(v) for v in np.broadcast_to(np.asarray(weights, dtype=np.float64), (n_in,))]
    b = float(bias)
    keep = 1.0 - leak
    out = np.zeros((2, x.shape[1]))
    trajectory, index = [], []
    divergences = 0
    for t in range(x.shape[1]):
        xs = [finite_or_zero(float(x[i, t])) for i in range(n_in)]
        s = b
        norm = eps + (1.0 if learn_bias else 0.0)
        for i in range(n_in):
            s += w[i] * xs[i]
            norm += xs[i] * xs[i]
        s = safe(s)
        y = activate(activation, s, response)
        d = finite_or_zero(float(x[n_in, t]))
        out[0, t] = safe(y)
        out[1, t] = safe(d - y)
        if not freeze:
            e = reachable_target(activation, d, response) - y
            gradient = error_term(algorithm, e) * activate_slope(activation, s, y)
            step = mu / norm if algorithm == "nlms" else mu
            guard = Guard(weight_limit)
            w_next = [guard(keep * w[i] + step * gradient * xs[i]) for i in range(n_in)]
            b_next = guard(keep * b + step * gradient) if learn_bias else b
            if guard.bad:
                divergences += 1
            else:
                w, b = w_next, b_next
                if guard.hit:
                    divergences += 1
        if (t + 1) % trajectory_every == 0:
            trajectory.append(w + [b])
            index.append(t + 1)
    return (out, np.array(trajectory).reshape(-1, n_in + 1), np.array(index, dtype=np.int64),
            np.array(w), b, divergences)


def learning_network(x: np.ndarray, *, v, c, w, b: float, hidden_activation: str = "tanh",
                     output_activation: str = "tanh", response: float = 0.5, mu: float = 0.1,
                     algorithm: str = "nlms", leak: float = 0.0, eps: float = 1e-3,
                     freeze: bool = False, weight_limit: float = 100.0,
                     trajectory_every: int = 64):
    """Run the learning network over ``x`` (inputs + 1, n), target last, from the initial
    parameters ``v`` (hidden, inputs), ``c`` (hidden,), ``w`` (hidden,), ``b``.

    Returns ``(out (2, n), trajectory, trajectory_index, (v, c, w, b), divergences)``.
    """
    x = np.asarray(x, dtype=np.float64)
    n_in = x.shape[0] - 1
    v = [[float(a) for a in row] for row in np.asarray(v, dtype=np.float64)]
    c = [float(a) for a in c]
    w = [float(a) for a in w]
    b = float(b)
    n_h = len(w)
    keep = 1.0 - leak
    out = np.zeros((2, x.shape[1]))
    trajectory, index = [], []
    divergences = 0
    for t in range(x.shape[1]):
        xs = [finite_or_zero(float(x[i, t])) for i in range(n_in)]
        input_norm = eps + 1.0
        for i in range(n_in):
            input_norm += xs[i] * xs[i]
        hidden_norm = eps + 1.0
        s = b
        a, h = [], []
        for j in range(n_h):
            aj = c[j]
            for i in range(n_in):
                aj += v[j][i] * xs[i]
            aj = safe(aj)
            hj = activate(hidden_activation, aj, response)
            a.append(aj)
            h.append(hj)
            hidden_norm += hj * hj
            s += w[j] * hj
        s = safe(s)
        y = activate(output_activation, s, response)
        d = finite_or_zero(float(x[n_in, t]))
        out[0, t] = safe(y)
        out[1, t] = safe(d - y)
        if not freeze:
            e = reachable_target(output_activation, d, response) - y
            delta = error_term(algorithm, e) * activate_slope(output_activation, s, y)
            delta_h = [delta * w[j] * activate_slope(hidden_activation, a[j], h[j])
                       for j in range(n_h)]
            if algorithm == "nlms":
                step_out, step_hidden = mu / hidden_norm, mu / input_norm
            else:
                step_out = step_hidden = mu
            guard = Guard(weight_limit)
            w_next = [guard(keep * w[j] + step_out * delta * h[j]) for j in range(n_h)]
            v_next = [[guard(keep * v[j][i] + step_hidden * delta_h[j] * xs[i])
                       for i in range(n_in)] for j in range(n_h)]
            c_next = [guard(keep * c[j] + step_hidden * delta_h[j]) for j in range(n_h)]
            b_next = guard(keep * b + step_out * delta)
            if guard.bad:
                divergences += 1
            else:
                v, c, w, b = v_next, c_next, w_next, b_next
                if guard.hit:
                    divergences += 1
        if (t + 1) % trajectory_every == 0:
            trajectory.append([a for row in v for a in row] + c + w + [b])
            index.append(t + 1)
    width = n_h * (n_in + 2) + 1
    return (out, np.array(trajectory).reshape(-1, width), np.array(index, dtype=np.int64),
            (np.array(v), np.array(c), np.array(w), b), divergences)
