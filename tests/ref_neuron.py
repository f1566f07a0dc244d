"""Per-sample reference of nrcore.Neuron, written from its docstring's equations."""
from __future__ import annotations

import math

import numpy as np

from ref_common import Noise, activate, approach, finite_or_zero, flush, safe, smoothing_coefficient


def reference_neuron(x, *, weights, bias=0.0, activation="tanh", response=0.5, feedback=0.0,
                     feedback_delay=1, feedback_source="output", noise=0.0, seed=1,
                     threshold=0.0, hysteresis=0.1, output_cutoff=0.0, smoothing=20.0,
                     sample_rate=48000.0, audio_weights=None):
    """Returns (out, fire) as float64 arrays. Parameters are constant (no ramps) unless the
    caller simulates a change by calling this with ``start`` state; constant parameters start
    at their targets, exactly as a freshly constructed Neuron does."""
    x = np.asarray(x, dtype=np.float32).astype(np.float64)
    n_inputs, n = x.shape
    weights = np.broadcast_to(np.asarray(weights, dtype=np.float64), (n_inputs,))
    rng = Noise(seed)
    history = [0.0] * feedback_delay  # history[-k] is the value fed back k samples ago
    out_now = 0.0
    firing = 0
    out_coef = 1.0 if output_cutoff <= 0 else 1.0 - math.exp(-2 * math.pi * output_cutoff / sample_rate)
    upper = threshold + 0.5 * hysteresis
    lower = threshold - 0.5 * hysteresis
    out = np.zeros(n)
    fire = np.zeros(n)
    for t in range(n):
        s = bias
        for i in range(n_inputs):
            w = weights[i] if audio_weights is None else finite_or_zero(float(np.float32(audio_weights[i, t])))
            s += w * finite_or_zero(x[i, t])
        s += feedback * history[-feedback_delay]
        s += noise * rng.next()
        y = activate(activation, safe(s), response)
        out_now = flush(safe(out_now + out_coef * (y - out_now)))
        if firing:
            if out_now < lower:
                firing = 0
        elif out_now > upper:
            firing = 1
        history.append(float(firing) if feedback_source == "fire" else out_now)
        history.pop(0)
        out[t] = out_now
        fire[t] = firing
    return out, fire


def reference_ramp(start, target, coef, n):
    """The smoothed parameter value at each of n samples, starting from ``start``."""
    now = start
    values = np.zeros(n)
    for t in range(n):
        now = approach(now, target, coef)
        values[t] = now
    return values


__all__ = ["reference_neuron", "reference_ramp", "smoothing_coefficient"]
