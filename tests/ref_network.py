"""Per-sample references of nrcore.Network and nrcore.DualNeuron, written from their docstrings.

Plain Python loops on floats, one neuron at a time, sharing no code with the kernel. Parameter
ramps run every sample for every smoothed value (the kernel skips settled ramps; that must not
change a sample).
"""
from __future__ import annotations

import math

import numpy as np

from ref_common import (Noise, activate, approach, finite_or_zero, flush, safe,
                        smoothing_coefficient)

SMOOTHED = ("weights", "recurrent", "bias", "noise")


def _next_power_of_two(n: int) -> int:
    size = 1
    while size < n:
        size *= 2
    return size


class ReferenceNetwork:
    """The equations of ``nrcore.Network``: construct, ``set(**params)``, ``process(x)``."""

    def __init__(self, neurons, inputs, sample_rate=48000.0, **params):
        self.n, self.m = neurons, inputs
        self.sr = sample_rate
        self.p = dict(weights=0.5, recurrent=0.0, bias=0.0, activation="tanh", response=0.5,
                      noise=0.0, seed=1, cutoff=0.0, delay=1, smoothing=20.0)
        # The kernel's ring: the largest power of two of rows holding at most 524288 values,
        # kept within 4096..262144 rows; it grows (never shrinks) for a longer delay.
        self.capacity = 4096
        while self.capacity < 262144 and self.capacity * 2 * neurons <= 524288:
            self.capacity *= 2
        self.past = [[0.0] * neurons] * self.capacity  # past[-d] = outputs d samples ago
        self.y = [0.0] * neurons
        self.set(**params)
        self.rng = Noise(self.p["seed"])
        # a new network starts with every smoothed value at its target
        self.now = {key: self._target(key) for key in SMOOTHED}

    def _target(self, key):
        n, m = self.n, self.m
        value = self.p[key]
        if key == "weights":
            return np.broadcast_to(np.asarray(value, float), (n, m)).tolist()
        if key == "recurrent":
            return np.broadcast_to(np.asarray(value, float), (n, n)).tolist()
        if key == "bias":
            return np.broadcast_to(np.asarray(value, float), (n,)).tolist()
        return float(value)

    def set(self, **params):
        self.p.update(params)
        if "seed" in params and hasattr(self, "rng"):
            self.rng = Noise(params["seed"])
        if self.p["delay"] > self.capacity:
            grown = _next_power_of_two(self.p["delay"])
            self.past = [[0.0] * self.n] * (grown - self.capacity) + self.past
            self.capacity = grown
        self.targets = {key: self._target(key) for key in SMOOTHED}

    def process(self, x):
        x = np.asarray(x, dtype=np.float32).astype(np.float64)
        n, m = self.n, self.m
        names = self.p["activation"]
        names = [names] * n if isinstance(names, str) else list(names)
        cutoffs = np.broadcast_to(np.asarray(self.p["cutoff"], float), (n,))
        coefs = [1.0 if c <= 0 else 1.0 - math.exp(-2 * math.pi * c / self.sr) for c in cutoffs]
        ramp = smoothing_coefficient(self.p["smoothing"] / 1000.0, self.sr)
        delay = self.p["delay"]
        out = np.zeros((n, x.shape[1]))
        now, target = self.now, self.targets
        for t in range(x.shape[1]):
            for j in range(n):
                now["bias"][j] = approach(now["bias"][j], target["bias"][j], ramp)
                for i in range(m):
                    now["weights"][j][i] = approach(now["weights"][j][i],
                                                    target["weights"][j][i], ramp)
                for k in range(n):
                    now["recurrent"][j][k] = approach(now["recurrent"][j][k],
                                                      target["recurrent"][j][k], ramp)
            now["noise"] = approach(now["noise"], target["noise"], ramp)
            inputs = [finite_or_zero(x[i, t]) for i in range(m)]
            delayed = self.past[-delay]
            new = []
            for j in range(n):
                s = now["bias"][j]
                for i in range(m):
                    s += now["weights"][j][i] * inputs[i]
                for k in range(n):
                    s += now["recurrent"][j][k] * delayed[k]
                s += now["noise"] * self.rng.next()
                a = activate(names[j], safe(s), self.p["response"])
                new.append(flush(safe(self.y[j] + coefs[j] * (a - self.y[j]))))
            self.y = new
            self.past.append(new)
            if len(self.past) > self.capacity:
                self.past.pop(0)
            out[:, t] = new
        return out


def dual_neuron_as_network(weights=((1.0, 0.0, 0.5), (0.0, 1.0, -0.5)), bias=(0.3, -0.2),
                           cross_feedback=1.5, coupling="opposed", self_feedback=0.0,
                           activation="sinefold", response=0.5, noise=0.0, seed=1,
                           cutoff=1000.0, cross_delay=24, smoothing=20.0):
    """The Network parameters of a DualNeuron, from the DualNeuron docstring."""
    sign = -1.0 if coupling == "opposed" else 1.0
    recurrent = [[self_feedback, cross_feedback], [sign * cross_feedback, self_feedback]]
    return dict(weights=weights, recurrent=recurrent, bias=bias, activation=activation,
                response=response, noise=noise, seed=seed, cutoff=[cutoff, cutoff],
                delay=cross_delay, smoothing=smoothing)


def reference_dual_neuron(x, sample_rate=48000.0, **params):
    net = ReferenceNetwork(2, 3, sample_rate, **dual_neuron_as_network(**params))
    return net.process(x)


__all__ = ["ReferenceNetwork", "dual_neuron_as_network", "reference_dual_neuron"]
