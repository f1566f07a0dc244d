"""Conditioning curves for the synth: the seven descriptors with a voiced/unvoiced f0.

:func:`nrcore.descriptors.compute` gives YIN's f0 on every frame, also on noise, where it is
meaningless (a snare gets a harmonic comb from it) and with octave jumps at the ends of
sounds. :func:`conditioning_curves` keeps the seven descriptors as the control surface and
cleans the f0 row at analysis time:

1. **voicing**: the normalised autocorrelation of the frame (2048 samples, Hann-free, centred
   like the descriptors) at YIN's period ``tau = sr / f0``,
   ``r = sum x[n] x[n + tau] / sqrt(sum x[n]^2 sum x[n + tau]^2)``; YIN's aperiodicity is
   about ``1 - r``. Frames with ``r < VOICING_THRESHOLD`` or rms below -70 dBFS are unvoiced
   and get ``f0 = 0`` (the synth's harmonic source is silent at f0 = 0);
2. **octave-jump correction**: a voiced f0 more than 0.8 octaves away from the median of the
   voiced frames within +-4 frames is moved by whole octaves towards that median;
3. **smoothing**: a 3-frame median over runs of voiced frames.
"""
from __future__ import annotations

import numpy as np

VOICING_THRESHOLD = 0.6


def periodicity(y: np.ndarray, f0: np.ndarray, sr: float, n_fft: int = 2048,
                hop: int = 512) -> np.ndarray:
    """Normalised autocorrelation at the period ``sr / f0`` per frame, in [-1, 1] (0 where
    f0 is 0 or the period does not fit the frame)."""
    x = np.asarray(y, dtype=np.float64)
    padded = np.pad(x, n_fft // 2)
    out = np.zeros(len(f0))
    for i, f in enumerate(np.asarray(f0, dtype=np.float64)):
        if not f > 0.0:
            continue
        tau = int(round(sr / f))
        if tau < 2 or tau > n_fft // 2:
            continue
        frame = padded[i * hop:i * hop + n_fft]
        a, b = frame[:n_fft - tau], frame[tau:]
        den = np.sqrt(np.dot(a, a) * np.dot(b, b))
        out[i] = float(np.dot(a, b) / den) if den > 1e-20 else 0.0
    return out


def clean_f0(f0: np.ndarray, voiced: np.ndarray) -> np.ndarray:
    """Octave-jump correction and 3-frame median smoothing of the voiced frames; unvoiced
    frames get 0 (see the module docstring)."""
    f = np.where(voiced, np.asarray(f0, dtype=np.float64), 0.0)
    logf = np.log2(np.maximum(f, 1e-9))
    fixed = logf.copy()
    n = len(f)
    for i in np.flatnonzero(voiced):
        lo, hi = max(0, i - 4), min(n, i + 5)
        near = logf[lo:hi][voiced[lo:hi]]
        med = float(np.median(near))
        jump = logf[i] - med
        if abs(jump) > 0.8:
            fixed[i] = logf[i] - np.round(jump)
    smooth = fixed.copy()
    for i in np.flatnonzero(voiced):
        lo, hi = max(0, i - 1), min(n, i + 2)
        window = fixed[lo:hi][voiced[lo:hi]]
        smooth[i] = float(np.median(window))
    return np.where(voiced, np.exp2(smooth), 0.0)


def conditioning_curves(y: np.ndarray, sr: float) -> np.ndarray:
    """The seven descriptor curves ``(7, frames)`` of ``y`` with f0 = 0 on unvoiced frames
    and octave jumps removed (see the module docstring); float32."""
    from nrcore.descriptors import compute

    curves = np.array(compute(y, sr), dtype=np.float32)
    r = periodicity(y, curves[6], sr)
    voiced = (r >= VOICING_THRESHOLD) & (curves[0] > 10 ** (-70 / 20))
    curves[6] = clean_f0(curves[6], voiced).astype(np.float32)
    return curves
