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
2. **octave-jump correction**: YIN often lands an octave off for a run of frames (a snare
   at 88 Hz for twelve frames, then at 176 Hz). The voiced frames of the sound are read as one
   sequence and each is moved by a whole number of octaves (at most two, staying within YIN's
   ``F0_RANGE``) along the path that minimises ``JUMP_COST`` per octave of frame-to-frame change
   plus ``SHIFT_COST`` per octave moved (a Viterbi search), so a run is moved when that is
   cheaper than jumping in and out of it and the longer octave wins; a jump wider than
   ``JUMP_CAP`` costs no more than ``JUMP_CAP``, so a stray frame far away does not pull
   the others towards it;
3. **outliers**: a frame whose pitch class (log2 f0 modulo one octave) is more than
   ``OUTLIER_OCTAVES`` from the circular mean of its voiced neighbours' (+-1 frame) is not an
   octave error but another partial (a ride cup's 54 and 112 Hz among 1256 Hz frames); it is
   unvoiced before the path is searched, so it cannot pull the path. After the search, a frame
   still that far from the median of its neighbours on the path (the same pitch class six
   octaves away) is unvoiced too, and so are voiced runs shorter than ``MIN_VOICED_RUN``
   frames; the path is searched again without them;
4. **smoothing**: a 3-frame median over runs of voiced frames.
"""
from __future__ import annotations

import numpy as np

from nrcore.descriptors import DEFAULT_SETTINGS

VOICING_THRESHOLD = 0.6
F0_RANGE = (float(DEFAULT_SETTINGS["fmin"]), float(DEFAULT_SETTINGS["fmax"]))  # YIN's, Hz
OCTAVE_SHIFTS = np.arange(-2, 3)   # whole octaves a frame may be moved by
JUMP_COST = 4.0                    # per octave of change between neighbouring voiced frames
JUMP_CAP = 1.0                     # octaves: a wider jump is a break, not pulled closer
SHIFT_COST = 0.25                  # per octave a frame is moved from YIN's estimate
OUTLIER_OCTAVES = 0.35
MIN_VOICED_RUN = 3


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


def octave_path(log_f0: np.ndarray, low: float = F0_RANGE[0],
                high: float = F0_RANGE[1]) -> np.ndarray:
    """The octave-corrected sequence of voiced log2 f0 values (see the module docstring)."""
    logf = np.asarray(log_f0, dtype=np.float64)
    n = len(logf)
    if n == 0:
        return logf.copy()
    candidates = logf[:, None] + OCTAVE_SHIFTS[None, :]
    allowed = (candidates >= np.log2(low) - 1e-9) & (candidates <= np.log2(high) + 1e-9)
    allowed[:, OCTAVE_SHIFTS == 0] = True
    shift_cost = np.where(allowed, SHIFT_COST * np.abs(OCTAVE_SHIFTS)[None, :], np.inf)
    cost = shift_cost[0].copy()
    back = np.zeros((n, len(OCTAVE_SHIFTS)), dtype=np.int64)
    for i in range(1, n):
        jump = np.abs(candidates[i][:, None] - candidates[i - 1][None, :])
        step = cost[None, :] + JUMP_COST * np.minimum(jump, JUMP_CAP)
        back[i] = np.argmin(step, axis=1)
        cost = step[np.arange(len(OCTAVE_SHIFTS)), back[i]] + shift_cost[i]
    choice = np.empty(n, dtype=np.int64)
    choice[-1] = int(np.argmin(cost))
    for i in range(n - 1, 0, -1):
        choice[i - 1] = back[i, choice[i]]
    return candidates[np.arange(n), choice]


def _drop_short_runs(voiced: np.ndarray, shortest: int) -> np.ndarray:
    out = voiced.copy()
    edges = np.flatnonzero(np.diff(np.concatenate([[0], out.astype(np.int8), [0]])))
    for begin, end in zip(edges[::2], edges[1::2]):
        if end - begin < shortest:
            out[begin:end] = False
    return out


def _off_pitch_class(log_f0: np.ndarray) -> np.ndarray:
    """True where a frame's pitch class (log2 f0 modulo 1) is more than ``OUTLIER_OCTAVES``
    from the circular mean of its own and its neighbours' (+-1 frame, so that a glide of up to
    a third of an octave per frame keeps a well-defined mean): blind to octave errors."""
    angle = 2.0 * np.pi * np.asarray(log_f0, dtype=np.float64)
    unit = np.exp(1j * angle)
    centre = np.angle([np.sum(unit[max(0, j - 1):j + 2]) for j in range(len(unit))])
    return np.asarray(np.abs(np.angle(np.exp(1j * (angle - centre)))) / (2.0 * np.pi)
                      > OUTLIER_OCTAVES, dtype=bool)


def _off_path(path: np.ndarray) -> np.ndarray:
    """True where a frame of the octave path is more than ``OUTLIER_OCTAVES`` from the median
    of its neighbours (+-2 frames)."""
    near = np.array([np.median(path[max(0, j - 2):j + 3]) for j in range(len(path))])
    return np.asarray(np.abs(path - near) > OUTLIER_OCTAVES, dtype=bool)


def clean_f0(f0: np.ndarray, voiced: np.ndarray) -> np.ndarray:
    """Octave-jump correction, outlier removal and 3-frame median smoothing of the voiced
    frames; unvoiced frames get 0 (see the module docstring)."""
    f = np.asarray(f0, dtype=np.float64)
    voiced = np.asarray(voiced, dtype=bool) & (f > 0.0)
    n = len(f)
    logf = np.zeros(n)
    idx = np.flatnonzero(voiced)
    voiced[idx[_off_pitch_class(np.log2(f[idx]))]] = False
    voiced = _drop_short_runs(voiced, MIN_VOICED_RUN)
    idx = np.flatnonzero(voiced)
    voiced[idx[_off_path(octave_path(np.log2(f[idx])))]] = False
    voiced = _drop_short_runs(voiced, MIN_VOICED_RUN)
    idx = np.flatnonzero(voiced)
    logf[idx] = octave_path(np.log2(f[idx]))
    smooth = logf.copy()
    for i in idx:
        lo, hi = max(0, i - 1), min(n, i + 2)
        smooth[i] = float(np.median(logf[lo:hi][voiced[lo:hi]]))
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
