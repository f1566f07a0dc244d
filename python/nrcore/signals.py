"""Test and modulation signals: oscillators, noise, and a tiny spec language for the CLI.

All functions return float32 arrays of ``round(seconds * sr)`` samples. Oscillators are
phase-accurate (no accumulated drift) and naive (not band-limited): they drive neurons, they
are not meant as finished waveforms.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _phase(freq: ArrayLike, seconds: float, sr: float, phase: float = 0.0) -> NDArray[np.float64]:
    """Cycles elapsed at each sample (``freq`` may be a constant or a per-sample array in Hz)."""
    n = int(round(seconds * sr))
    hz = np.broadcast_to(np.asarray(freq, dtype=np.float64), (n,))
    if not n:
        return np.zeros(0)
    cycles: NDArray[np.float64] = phase + np.concatenate(([0.0], np.cumsum(hz[:-1]))) / sr
    return cycles



def sine(freq: ArrayLike, seconds: float, sr: float = 48000.0,
         phase: float = 0.0) -> NDArray[np.float32]:
    """Sine wave at ``freq`` Hz, amplitude 1.

    Parameters
    ----------
    freq : float or array_like
        Frequency in Hz: a constant, or one value per sample.
    seconds : float
        Duration in seconds.
    sr : float
        Sample rate in Hz.
    phase : float
        Starting phase in cycles (0..1).

    Returns
    -------
    numpy.ndarray, shape (round(seconds * sr),), float32
    """
    return np.sin(2 * np.pi * _phase(freq, seconds, sr, phase)).astype(np.float32)


def saw(freq: ArrayLike, seconds: float, sr: float = 48000.0,
         phase: float = 0.0) -> NDArray[np.float32]:
    """Rising sawtooth in [-1, 1).

    Parameters
    ----------
    freq : float or array_like
        Frequency in Hz: a constant, or one value per sample.
    seconds : float
        Duration in seconds.
    sr : float
        Sample rate in Hz.
    phase : float
        Starting phase in cycles (0..1).

    Returns
    -------
    numpy.ndarray, shape (round(seconds * sr),), float32
    """
    return (2.0 * np.mod(_phase(freq, seconds, sr, phase), 1.0) - 1.0).astype(np.float32)


def triangle(freq: ArrayLike, seconds: float, sr: float = 48000.0,
         phase: float = 0.0) -> NDArray[np.float32]:
    """Triangle wave in [-1, 1].

    Parameters
    ----------
    freq : float or array_like
        Frequency in Hz: a constant, or one value per sample.
    seconds : float
        Duration in seconds.
    sr : float
        Sample rate in Hz.
    phase : float
        Starting phase in cycles (0..1).

    Returns
    -------
    numpy.ndarray, shape (round(seconds * sr),), float32
    """
    return (1.0 - 4.0 * np.abs(np.mod(_phase(freq, seconds, sr, phase) + 0.25, 1.0) - 0.5)).astype(np.float32)


def square(freq: ArrayLike, seconds: float, sr: float = 48000.0,
         phase: float = 0.0) -> NDArray[np.float32]:
    """Square wave of +-1.

    Parameters
    ----------
    freq : float or array_like
        Frequency in Hz: a constant, or one value per sample.
    seconds : float
        Duration in seconds.
    sr : float
        Sample rate in Hz.
    phase : float
        Starting phase in cycles (0..1).

    Returns
    -------
    numpy.ndarray, shape (round(seconds * sr),), float32
    """
    return np.where(np.mod(_phase(freq, seconds, sr, phase), 1.0) < 0.5, 1.0, -1.0).astype(np.float32)


def noise(seconds: float, sr: float = 48000.0, seed: int = 0) -> NDArray[np.float32]:
    """Seeded uniform white noise in [-1, 1).

    Parameters
    ----------
    seconds : float
        Duration in seconds.
    sr : float
        Sample rate in Hz.
    seed : int
        Seed of numpy's PCG64 generator.

    Returns
    -------
    numpy.ndarray, shape (round(seconds * sr),), float32
    """
    return np.random.default_rng(seed).uniform(-1.0, 1.0, int(round(seconds * sr))).astype(np.float32)


def step_sequence(values: Sequence[float], step_seconds: float, seconds: float,
                  sr: float = 48000.0) -> NDArray[np.float32]:
    """A looping sequence of constant steps (e.g. frequencies in Hz), one every ``step_seconds``.

    Parameters
    ----------
    values : sequence of float
        The steps, in any unit (Hz for a melody).
    step_seconds : float
        Duration of each step in seconds.
    seconds : float
        Total duration in seconds.
    sr : float
        Sample rate in Hz.

    Returns
    -------
    numpy.ndarray, shape (round(seconds * sr),), float32
    """
    n = int(round(seconds * sr))
    index = (np.arange(n) / (step_seconds * sr)).astype(np.int64) % len(values)
    steps: NDArray[np.float32] = np.asarray(values, dtype=np.float32)[index]
    return steps


_SHAPES: dict[str, Callable[..., NDArray[np.float32]]] = {"sine": sine, "saw": saw, "triangle": triangle, "tri": triangle, "square": square}


def from_spec(spec: str, seconds: float, sr: float = 48000.0) -> NDArray[np.float32]:
    """A signal from a short text spec, for the CLI and quick scripts.

    Parameters
    ----------
    spec : str
        ``sine:220`` (also ``saw``, ``triangle``, ``square``; the number in Hz), ``noise`` or
        ``noise:SEED``, ``const:0.5``, or the path of a sound file (its first channel; it is
        not resampled: the file's rate must equal ``sr``).
    seconds : float
        Duration in seconds.
    sr : float
        Sample rate in Hz.

    Returns
    -------
    numpy.ndarray, shape (round(seconds * sr),), float32

    Raises
    ------
    ValueError
        For a spec that is none of the above, listing the accepted forms.
    """
    if not (np.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"seconds: {seconds!r} must be a finite number >= 0")
    kind, _, arg = spec.partition(":")

    def number(default: float, parse: Callable[[str], Any] = float) -> Any:
        try:
            return parse(arg) if arg else default
        except ValueError:
            raise ValueError(f"input {spec!r}: {arg!r} is not a number") from None

    if kind in _SHAPES:
        return _SHAPES[kind](number(220.0), seconds, sr)
    if kind == "noise":
        return noise(seconds, sr, number(0, int))
    if kind == "const":
        return np.full(int(round(seconds * sr)), number(0.0), np.float32)
    path = Path(spec)
    if path.is_file():
        import soundfile

        data, file_sr = soundfile.read(str(path), dtype="float32", always_2d=True)
        if file_sr != sr:
            raise ValueError(f"input {spec!r}: file is {file_sr} Hz, expected {sr:g} Hz")
        n = int(round(seconds * sr))
        out: NDArray[np.float32] = np.zeros(n, np.float32)
        out[: min(n, len(data))] = data[:n, 0]
        return out
    raise ValueError(
        f"input {spec!r}: expected sine:HZ, saw:HZ, triangle:HZ, square:HZ, noise[:SEED], "
        "const:VALUE or an existing sound file"
    )
