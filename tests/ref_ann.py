"""Per-frame reference of nrcore.MLP, written from its docstring's equations.

Plain Python loops over units on floats; the weights come in as (matrix, bias) pairs with the
first matrix holding the feedback columns.
"""
from __future__ import annotations

import numpy as np

from ref_common import activate, finite_or_zero, flush, safe


class ReferenceMLP:
    def __init__(self, layers, activations, feedback=0.0, response=0.5):
        self.layers = [(np.asarray(w, float).tolist(), np.asarray(b, float).tolist())
                       for w, b in layers]
        self.activations = list(activations)
        self.feedback = feedback
        self.response = response
        self.n_out = len(self.layers[-1][1])
        self.previous = [0.0] * self.n_out

    def process(self, x):
        x = np.asarray(x, dtype=np.float32).astype(np.float64)
        out = np.zeros((self.n_out, x.shape[1]))
        for t in range(x.shape[1]):
            h = [finite_or_zero(v) for v in x[:, t]]
            h += [self.feedback * y for y in self.previous]
            for (w, b), name in zip(self.layers, self.activations):
                nxt = []
                for row, bias in zip(w, b):
                    s = bias
                    for weight, value in zip(row, h):
                        s += weight * value
                    nxt.append(safe(activate(name, safe(s), self.response)))
                h = nxt
            self.previous = [flush(v) for v in h]
            out[:, t] = self.previous
        return out


__all__ = ["ReferenceMLP"]
