"""Plain-Python mirrors of cython/nrdsp.pxd, written from its definitions, for the references.

Scalar functions on Python floats: the references are per-sample loops on purpose, so they read
like the equations and share no code with the kernels.
"""
from __future__ import annotations

import math

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


def activate(name: str, x: float, response: float = 0.5) -> float:
    if name == "tanh":
        e = math.exp(-2.0 * abs(x))
        t = (1.0 - e) / (1.0 + e)
        return -t if x < 0.0 else t
    if name == "sigmoid":
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
