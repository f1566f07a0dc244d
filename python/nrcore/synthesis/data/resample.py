"""Band-limited resampling with a Kaiser-windowed sinc (polyphase, numpy only, no scipy)."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np


def resample(
    x: np.ndarray,
    sr_in: float,
    sr_out: float,
    *,
    zero_crossings: int = 32,
    rolloff: float = 0.94,
    kaiser_beta: float = 9.0,
) -> np.ndarray:
    """Band-limited resampling with a Kaiser-windowed sinc (polyphase, numpy only).

    Output sample ``k`` is the band-limited interpolation of ``x`` at input position
    ``k * sr_in / sr_out``; the low-pass cutoff is ``rolloff`` times the lower Nyquist frequency,
    so downsampling does not alias.

    Parameters
    ----------
    x : numpy.ndarray
        1-D samples.
    sr_in, sr_out : float
        Sample rates in Hz. Rates are reduced to a ratio of integers (exact for integer rates).
    zero_crossings : int
        Sinc zero crossings on each side of the kernel (kernel length ``2 * zero_crossings``
        samples at the lower rate); more is sharper and slower.
    rolloff : float
        Cutoff as a fraction of the lower Nyquist frequency (0.5 to 1).
    kaiser_beta : float
        Kaiser window shape; 9 gives about 90 dB stop-band attenuation.

    Returns
    -------
    numpy.ndarray
        float32 samples, ``ceil(len(x) * sr_out / sr_in)`` of them.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x: expected 1-D samples, got shape {x.shape}")
    for name, rate in (("sr_in", sr_in), ("sr_out", sr_out)):
        if not (math.isfinite(float(rate)) and float(rate) > 0.0):
            raise ValueError(f"{name}: {rate!r} Hz is not a positive sample rate")
    if not 0.5 <= rolloff <= 1.0:
        raise ValueError(f"rolloff: {rolloff!r} is outside [0.5, 1]")
    if int(zero_crossings) < 2:
        raise ValueError(f"zero_crossings: {zero_crossings!r} is below 2")
    if float(sr_in).is_integer() and float(sr_out).is_integer():
        ratio = Fraction(int(sr_out), int(sr_in))
    else:
        ratio = Fraction(float(sr_out) / float(sr_in)).limit_denominator(1_000_000)
    up, down = ratio.numerator, ratio.denominator
    if up == down:
        return x.astype(np.float32)
    n_in = x.shape[0]
    n_out = -(-n_in * up // down)
    if n_in == 0:
        return np.zeros(0, dtype=np.float32)
    # Cutoff in cycles per input sample, and the kernel's half width in input samples.
    cutoff = 0.5 * rolloff * min(1.0, up / down)
    half = int(math.ceil(zero_crossings / (2.0 * cutoff)))
    taps = np.arange(-half + 1, half + 1)
    padded = np.concatenate([np.zeros(half), x, np.zeros(half + 1)])
    norm = float(np.i0(kaiser_beta))
    table = None
    if up <= 4096:
        table = _sinc_kernels(np.arange(up) / up, taps, cutoff, half, kaiser_beta, norm)
    out = np.empty(n_out)
    chunk = max(1, 262144 // taps.shape[0])
    for start in range(0, n_out, chunk):
        k = np.arange(start, min(n_out, start + chunk), dtype=np.int64)
        position = k * down
        base = position // up
        phase = position % up
        kernels = table[phase] if table is not None else _sinc_kernels(
            phase / up, taps, cutoff, half, kaiser_beta, norm
        )
        gathered = padded[(base + half)[:, None] + taps[None, :]]
        out[start : start + k.shape[0]] = np.einsum("ij,ij->i", gathered, kernels)
    return out.astype(np.float32)


def _sinc_kernels(
    fraction: np.ndarray, taps: np.ndarray, cutoff: float, half: int, beta: float, norm: float
) -> np.ndarray:
    """Kernels (one row per fractional position) for input taps at ``taps - fraction``."""
    d = taps[None, :] - fraction[:, None]
    window_arg = np.clip(1.0 - (d / half) ** 2, 0.0, None)
    window = np.i0(beta * np.sqrt(window_arg)) / norm
    out: np.ndarray = 2.0 * cutoff * np.sinc(2.0 * cutoff * d) * window
    return out
