"""Test and modulation signals: oscillators, noise, and a tiny spec language for the CLI.

All functions return float32 arrays of ``round(seconds * sr)`` samples. Oscillators are
phase-accurate (no accumulated drift) and naive (not band-limited): they drive neurons, they
are not meant as finished waveforms.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np


def _phase(freq, seconds: float, sr: float, phase: float = 0.0) -> np.ndarray:
    """Cycles elapsed at each sample (``freq`` may be a constant or a per-sample array in Hz)."""
    n = int(round(seconds * sr))
    freq = np.broadcast_to(np.asarray(freq, dtype=np.float64), (n,))
    return phase + np.concatenate(([0.0], np.cumsum(freq[:-1]))) / sr if n else np.zeros(0)


def sine(freq, seconds: float, sr: float = 48000.0, phase: float = 0.0) -> np.ndarray:
    """Sine wave at ``freq`` Hz, amplitude 1."""
    return np.sin(2 * np.pi * _phase(freq, seconds, sr, phase)).astype(np.float32)


def saw(freq, seconds: float, sr: float = 48000.0, phase: float = 0.0) -> np.ndarray:
    """Rising sawtooth in [-1, 1)."""
    return (2.0 * np.mod(_phase(freq, seconds, sr, phase), 1.0) - 1.0).astype(np.float32)


def triangle(freq, seconds: float, sr: float = 48000.0, phase: float = 0.0) -> np.ndarray:
    """Triangle wave in [-1, 1]."""
    return (1.0 - 4.0 * np.abs(np.mod(_phase(freq, seconds, sr, phase) + 0.25, 1.0) - 0.5)).astype(np.float32)


def square(freq, seconds: float, sr: float = 48000.0, phase: float = 0.0) -> np.ndarray:
    """Square wave of +-1."""
    return np.where(np.mod(_phase(freq, seconds, sr, phase), 1.0) < 0.5, 1.0, -1.0).astype(np.float32)


def noise(seconds: float, sr: float = 48000.0, seed: int = 0) -> np.ndarray:
    """Seeded uniform white noise in [-1, 1)."""
    return np.random.default_rng(seed).uniform(-1.0, 1.0, int(round(seconds * sr))).astype(np.float32)


def step_sequence(values, step_seconds: float, seconds: float, sr: float = 48000.0) -> np.ndarray:
    """A looping sequence of constant steps (e.g. frequencies in Hz), one every ``step_seconds``."""
    n = int(round(seconds * sr))
    index = (np.arange(n) / (step_seconds * sr)).astype(np.int64) % len(values)
    return np.asarray(values, dtype=np.float32)[index]


_SHAPES = {"sine": sine, "saw": saw, "triangle": triangle, "tri": triangle, "square": square}


def from_spec(spec: str, seconds: float, sr: float = 48000.0) -> np.ndarray:
    """A signal from a short text spec, for the CLI and quick scripts.

    ``sine:220`` (also ``saw``, ``triangle``, ``square``), ``noise`` or ``noise:SEED``,
    ``const:0.5``, or the path of a sound file (first channel, resampled if needed is not done:
    the file's rate must equal ``sr``).
    """
    if not (np.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"seconds: {seconds!r} must be a finite number >= 0")
    kind, _, arg = spec.partition(":")

    def number(default: float, parse=float):
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
        out = np.zeros(n, np.float32)
        out[: min(n, len(data))] = data[:n, 0]
        return out
    raise ValueError(
        f"input {spec!r}: expected sine:HZ, saw:HZ, triangle:HZ, square:HZ, noise[:SEED], "
        "const:VALUE or an existing sound file"
    )
