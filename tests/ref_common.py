"""Plain-Python mirrors of cython/nrdsp.pxd, written from its definitions, for the references.

Scalar functions on Python floats: the references are per-sample loops on purpose, so they read
like the equations and share no code with the kernels.
"""
from __future__ import annotations

import contextlib
import math
from typing import Iterator

SAFE_LIMIT = 1.0e4
DENORMAL_FLOOR = 1.0e-30
MASK64 = (1 << 64) - 1
ACTIVATIONS = ("linear", "tanh", "sigmoid", "relu", "hardclip", "softclip", "sinefold", "nlc")


def finite_or_zero(x: float) -> float:
    return x if math.isfinite(x) else 0.0


def clamp(x: float, lo: float, hi: float) -> float:
    return min(max(x, lo), hi)


def safe(x: float) -> float:
    if math.isnan(x):
        return 0.0
    return clamp(x, -SAFE_LIMIT, SAFE_LIMIT)


def flush(x: float) -> float:
    return 0.0 if abs(x) < DENORMAL_FLOOR else x


def approach(now: float, target: float, coef: float) -> float:
    gap = target - now
    if abs(gap) < 1.0e-12:
        return target
    return now + coef * gap


# The kernels compute tanh and sigmoid with rational approximations (cython/nrdsp.pxd) within
# 2.1e-8 of the exact functions (tests/test_activations.py bounds that). The references use the
# exact functions; on chaotic or discontinuous settings (a sign-error learner, a runaway guard,
# an iterated map with gain), where any difference grows, they use the approximation instead,
# written out again here from its coefficients, inside ``with kernel_activations():``.
_USE_KERNEL_FORMS = [False]
TANH_P = (1.0, 0.13380314416179453, 0.003494754542539902, 2.0596017438119725e-05,
          1.3337958476421043e-08)
TANH_Q = (1.0, 0.46713631839742686, 0.025873777649009517, 0.0003284298158116519,
          7.769419171906669e-07)


@contextlib.contextmanager
def kernel_activations() -> Iterator[None]:
    """References inside this block use the kernels' tanh and sigmoid approximations."""
    _USE_KERNEL_FORMS[0] = True
    try:
        yield
    finally:
        _USE_KERNEL_FORMS[0] = False


def tanh_rational(x: float) -> float:
    """The kernels' tanh: x P(x^2) / Q(x^2) in the kernel's order; beyond +-9 its value at 9."""
    if abs(x) > 9.0:
        return math.copysign(tanh_rational(9.0), x)
    u = x * x
    u2 = u * u
    num = (x + TANH_P[1] * (x * u)) + (x * u2) * ((TANH_P[2] + TANH_P[3] * u) + TANH_P[4] * u2)
    den = (1.0 + TANH_Q[1] * u) + u2 * ((TANH_Q[2] + TANH_Q[3] * u) + TANH_Q[4] * u2)
    return num / den


def activate(name: str, x: float, response: float = 0.5) -> float:
    if name == "tanh":
        return tanh_rational(x) if _USE_KERNEL_FORMS[0] else math.tanh(x)
    if name == "sigmoid":
        if _USE_KERNEL_FORMS[0]:
            return 0.5 + 0.5 * tanh_rational(0.5 * x)
        return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0
    if name == "relu":
        return max(x, 0.0)
    if name == "hardclip":
        return clamp(x, -1.0, 1.0)
    if name == "softclip":
        return x / (1.0 + abs(x))
    if name == "sinefold":
        return math.sin(x)
    if name == "nlc":
        rect = clamp(x, 0.0, 1.0)
        return rect - response if rect > 0.0 else response
    assert name == "linear", name
    return x


def activate_slope(name: str, x: float, y: float) -> float:
    if name == "tanh":
        return 1.0 - y * y
    if name == "sigmoid":
        return y * (1.0 - y)
    if name == "relu":
        return 1.0 if x >= 0.0 else 0.0
    if name == "hardclip":
        return 1.0 if -1.0 < x < 1.0 else 0.0
    if name == "softclip":
        return 1.0 / ((1.0 + abs(x)) * (1.0 + abs(x)))  # as the kernel: a product, not pow()
    if name == "sinefold":
        return math.cos(x)
    if name == "nlc":
        return 1.0 if 0.0 <= x < 1.0 else 0.0
    return 1.0


class Noise:
    """xorshift64* seeded like the kernels: uniform white noise in [-1, 1)."""

    def __init__(self, seed: int) -> None:
        self.state = (seed * 0x9E3779B97F4A7C15 + 1) & MASK64

    def next(self) -> float:
        s = self.state
        s ^= s >> 12
        s ^= (s << 25) & MASK64
        s ^= s >> 27
        self.state = s
        return (((s * 2685821657736338717) & MASK64) >> 11) * (2.0 / 9007199254740992.0) - 1.0


def smoothing_coefficient(time_s: float, sample_rate: float) -> float:
    if time_s <= 0.0 or sample_rate <= 0.0:
        return 1.0
    return 1.0 - math.exp(-1.0 / (time_s * sample_rate))
