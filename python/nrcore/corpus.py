"""Impact sounds to train on: a seeded procedural generator and a loader for a user's folder.

The generator builds each impact from a few physical ideas, all in closed form (numpy only, no
per-sample Python loops): membranes and kicks are sines with exponential pitch sweeps, plates,
bells, bars and glass are sums of exponentially decaying inharmonic modes whose amplitudes depend
on where they are struck, snares, claps and hi-hats add noise shaped in the frequency domain.
Every random choice comes from one ``numpy.random.Generator`` seeded by ``(seed, kind)``, so
``generate_impact(kind, seed)`` is the same array on every machine and every run.

The loader reads WAV, FLAC and AIFF files (via soundfile), mixes to mono, resamples with a
Kaiser-windowed sinc (no scipy at run time), trims silence and normalises the peak.

Descriptor curves (:mod:`nrcore.descriptors`) of loaded sounds are cached as ``.npz`` files,
either beside the audio or in a cache folder, keyed by a hash of the audio content and of the
analysis settings, so a changed file or a changed setting never returns stale curves.
"""
from __future__ import annotations

import hashlib
import json
import math
import warnings
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

#: The kinds of impact the generator knows, in the order used to spread a corpus evenly.
IMPACT_KINDS: tuple[str, ...] = (
    "kick",
    "tom",
    "snare",
    "clap",
    "hihat",
    "metal",
    "bell",
    "wood",
    "marimba",
    "glass",
)

#: One line per kind, for help texts and the corpus index.
IMPACT_HELP: dict[str, str] = {
    "kick": "sine with an exponential pitch sweep, noise click, soft saturation",
    "tom": "membrane modes (1, 1.59, 2.14, 2.30) sweeping down together, stick click",
    "snare": "short membrane modes plus band-passed noise from the snare wires",
    "clap": "three to five noise bursts a few ms apart, then a band-passed noise tail",
    "hihat": "six band-limited square waves at inharmonic ratios plus noise, high-passed",
    "metal": "rectangular plate modes (m^2/a + n^2 a), amplitudes set by the strike point",
    "bell": "church-bell partials (hum, prime, tierce, quint, nominal, ...) split into beating pairs",
    "wood": "a few heavily damped bar modes and a short click (wood block)",
    "marimba": "tuned bar modes (1, 3.93, 9.24) with a soft mallet",
    "glass": "high, long-ringing modes of a glass bowl and a bright click",
}

#: Bumped whenever a change to the generator changes its output for the same seed.
CORPUS_VERSION = 1

#: Audio file suffixes :func:`load_folder` reads (case-insensitive).
AUDIO_SUFFIXES: tuple[str, ...] = (".wav", ".flac", ".aif", ".aiff", ".aifc")

_TWO_PI = 2.0 * math.pi
# Partials at or above this fraction of the sample rate are left out, so nothing aliases.
_MAX_PARTIAL_FRACTION = 0.45
# A decaying exponential is computed until it has fallen by this factor (-140 dB).
_DECAY_FLOOR = 1.0e-7


# ----------------------------------------------------------------------------------------------
# generator
# ----------------------------------------------------------------------------------------------
def generate_impact(
    kind: str, seed: int, sr: int = 44100, duration: float = 1.0
) -> np.ndarray:
    """One procedural impact sound.

    Parameters
    ----------
    kind : str
        One of :data:`IMPACT_KINDS`.
    seed : int
        Non-negative integer; the same ``(kind, seed, sr, duration)`` gives the same samples.
    sr : int
        Sample rate in Hz (8000 to 192000). All synthesis parameters are in Hz and seconds, so
        the same seed at another rate gives the same sound, band-limited to that rate.
    duration : float
        Length in seconds (0.01 to 30). Sounds that ring longer are faded out over the last
        20 ms, so every clip ends in silence.

    Returns
    -------
    numpy.ndarray
        float32 mono samples, shape ``(round(duration * sr),)``, peak between -12 and -1 dBFS
        (the level is part of the seeded variation).
    """
    kind_index = _check_kind(kind)
    seed = _check_seed(seed)
    sr = _check_sr(sr)
    duration = float(duration)
    if not (math.isfinite(duration) and 0.01 <= duration <= 30.0):
        raise ValueError(f"duration: {duration!r} s is outside [0.01, 30] s")
    n = int(round(duration * sr))
    rng = np.random.default_rng(np.random.SeedSequence([CORPUS_VERSION, kind_index, seed]))
    y = _SYNTHS[kind](rng, n, float(sr))
    y = _finish(y, rng, float(sr))
    return y.astype(np.float32)


def generate_corpus(
    out_dir: str | Path,
    n: int,
    seed: int = 0,
    sr: int = 44100,
    *,
    duration: float = 1.0,
    kinds: Sequence[str] | None = None,
    subtype: str = "PCM_24",
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write ``n`` impacts as WAV files plus ``index.json`` into ``out_dir``.

    Kinds are taken in turn (``i % len(kinds)``), so every kind is equally represented; each
    file's own seed is derived from ``(seed, i)`` and recorded in the index, so
    ``generate_impact(item["kind"], item["seed"], sr, duration)`` reproduces any file.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write into (created if missing). Existing files of the same names are replaced.
    n : int
        Number of sounds (1 or more).
    seed : int
        Corpus seed (non-negative).
    sr : int
        Sample rate in Hz.
    duration : float
        Length of every sound in seconds.
    kinds : sequence of str, optional
        Subset of :data:`IMPACT_KINDS` to draw from (default: all).
    subtype : str
        soundfile subtype, e.g. ``"PCM_24"`` (default), ``"PCM_16"`` or ``"FLOAT"``.
    progress : callable, optional
        Called as ``progress(done, n)`` after each file.

    Returns
    -------
    list of Path
        The WAV files, in index order.
    """
    import soundfile as sf

    n = int(n)
    if n < 1:
        raise ValueError(f"n: {n} sounds requested; need at least 1")
    seed = _check_seed(seed)
    sr = _check_sr(sr)
    chosen = tuple(IMPACT_KINDS if kinds is None else kinds)
    if not chosen:
        raise ValueError("kinds: empty; name at least one of " + ", ".join(IMPACT_KINDS))
    for kind in chosen:
        _check_kind(kind)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(n - 1)))
    paths: list[Path] = []
    items: list[dict[str, Any]] = []
    for i in range(n):
        kind = chosen[i % len(chosen)]
        item_seed = corpus_item_seed(seed, i)
        audio = generate_impact(kind, item_seed, sr=sr, duration=duration)
        path = out / f"{i:0{width}d}_{kind}.wav"
        sf.write(str(path), audio, sr, subtype=subtype)
        paths.append(path)
        items.append({"file": path.name, "kind": kind, "seed": item_seed})
        if progress is not None:
            progress(i + 1, n)
    index = {
        "generator": "nrcore.corpus",
        "corpus_version": CORPUS_VERSION,
        "seed": seed,
        "sample_rate": sr,
        "duration": float(duration),
        "subtype": subtype,
        "kinds": list(chosen),
        "items": items,
    }
    (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    return paths


def corpus_item_seed(corpus_seed: int, index: int) -> int:
    """The seed of item ``index`` in a corpus made with ``corpus_seed`` (a 32-bit integer)."""
    state = np.random.SeedSequence([_check_seed(corpus_seed), int(index)]).generate_state(1)
    return int(state[0])


# -- building blocks ---------------------------------------------------------------------------
def _time(n: int, sr: float) -> np.ndarray:
    return np.arange(n, dtype=np.float64) / sr


def _decay_length(tau: float, sr: float, n: int) -> int:
    """Samples until exp(-t / tau) falls below the floor (at most n)."""
    return int(min(n, math.ceil(tau * sr * -math.log(_DECAY_FLOOR)) + 1))


def _attack(n: int, sr: float, attack_s: float) -> np.ndarray:
    """A raised-cosine ramp from 0 to 1 over ``attack_s`` (a mallet's contact time), then 1."""
    env = np.ones(n)
    m = min(n, int(round(attack_s * sr)))
    if m > 0:
        env[:m] = 0.5 - 0.5 * np.cos(math.pi * np.arange(m) / m)
    return env


def _modes(
    n: int,
    sr: float,
    freqs: Sequence[float],
    amps: Sequence[float],
    taus: Sequence[float],
) -> np.ndarray:
    """Sum of decaying sines a * exp(-t / tau) * sin(2 pi f t), each stopped at -140 dB."""
    out = np.zeros(n)
    t = _time(n, sr)
    limit = _MAX_PARTIAL_FRACTION * sr
    for f, a, tau in zip(freqs, amps, taus):
        if not (0.0 < f < limit) or a == 0.0 or tau <= 0.0:
            continue
        m = _decay_length(tau, sr, n)
        out[:m] += a * np.exp(-t[:m] / tau) * np.sin(_TWO_PI * f * t[:m])
    return out


def _swept_phase(f_start: float, f_end: float, sweep_tau: float, n: int, sr: float) -> np.ndarray:
    """Phase in radians of f(t) = f_end + (f_start - f_end) exp(-t / tau), integrated exactly."""
    t = _time(n, sr)
    return _TWO_PI * (f_end * t + (f_start - f_end) * sweep_tau * (1.0 - np.exp(-t / sweep_tau)))


def _shaped_noise(
    rng: np.random.Generator,
    n: int,
    sr: float,
    low_hz: float | None = None,
    high_hz: float | None = None,
    order: int = 2,
) -> np.ndarray:
    """White noise through Butterworth-shaped high/low-pass magnitudes (zero phase), unit RMS."""
    noise = rng.standard_normal(n)
    if n < 2:
        return noise
    spectrum = np.fft.rfft(noise)
    f = np.fft.rfftfreq(n, 1.0 / sr)
    gain = np.ones_like(f)
    if low_hz is not None:
        with np.errstate(divide="ignore"):
            ratio = np.where(f > 0.0, low_hz / np.maximum(f, 1e-12), np.inf)
        gain /= np.sqrt(1.0 + ratio ** (2 * order))
    if high_hz is not None:
        gain /= np.sqrt(1.0 + (f / high_hz) ** (2 * order))
    shaped = np.fft.irfft(spectrum * gain, n)
    rms = math.sqrt(float(np.mean(shaped * shaped)))
    return shaped / rms if rms > 0.0 else shaped


def _decay(n: int, sr: float, tau: float) -> np.ndarray:
    return np.exp(-_time(n, sr) / tau)


def _click(rng: np.random.Generator, n: int, sr: float, tau: float, low_hz: float) -> np.ndarray:
    """A short high-passed noise burst: a stick or mallet hitting a hard surface."""
    m = _decay_length(tau, sr, n)
    out = np.zeros(n)
    out[:m] = _shaped_noise(rng, m, sr, low_hz=low_hz) * _decay(m, sr, tau)
    return out


def _finish(y: np.ndarray, rng: np.random.Generator, sr: float) -> np.ndarray:
    """Ramp in over 0.1 ms, fade the last 20 ms, set a seeded peak between -12 and -1 dBFS."""
    n = y.shape[0]
    # No mean subtraction: a decaying impact's first half-cycle legitimately carries DC, and
    # removing the mean would leave a constant offset under the whole tail.
    y = y * _attack(n, sr, 0.0001)
    fade = min(n, int(round(0.02 * sr)))
    if fade > 1:
        y[n - fade :] *= 0.5 + 0.5 * np.cos(math.pi * np.arange(fade) / (fade - 1))
    peak = float(np.max(np.abs(y))) if n else 0.0
    level = 10.0 ** (rng.uniform(-12.0, -1.0) / 20.0)
    if peak > 0.0:
        y = y * (level / peak)
    return y


# -- the kinds ---------------------------------------------------------------------------------
def _kick(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f_end = rng.uniform(40.0, 65.0)
    f_start = f_end * rng.uniform(2.0, 5.0)
    sweep_tau = rng.uniform(0.015, 0.06)
    body_tau = rng.uniform(0.15, 0.5)
    body = np.sin(_swept_phase(f_start, f_end, sweep_tau, n, sr)) * _decay(n, sr, body_tau)
    body *= _attack(n, sr, 0.0005)
    y = body + rng.uniform(0.05, 0.35) * _click(rng, n, sr, rng.uniform(0.002, 0.006), 1500.0)
    drive = rng.uniform(1.0, 3.0)
    return np.tanh(drive * y) / math.tanh(drive)


def _tom(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f_end = rng.uniform(70.0, 260.0)
    ratio = rng.uniform(1.15, 1.6)
    sweep_tau = rng.uniform(0.03, 0.1)
    tau = rng.uniform(0.15, 0.6)
    phase = _swept_phase(f_end * ratio, f_end, sweep_tau, n, sr)
    # Circular membrane overtones ride on the same pitch sweep and die faster.
    y = np.sin(phase) * _decay(n, sr, tau)
    for overtone in (1.594, 2.136, 2.296):
        y += rng.uniform(0.1, 0.4) * np.sin(overtone * phase) * _decay(n, sr, tau * rng.uniform(0.2, 0.5))
    y *= _attack(n, sr, 0.001)
    return y + rng.uniform(0.05, 0.2) * _click(rng, n, sr, rng.uniform(0.002, 0.005), 2000.0)


def _snare(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f = rng.uniform(150.0, 260.0)
    ratios = np.array([1.0, 1.594, 2.136, 2.653])
    amps = np.array([1.0, *rng.uniform(0.2, 0.6, 3)])
    taus = rng.uniform(0.05, 0.15) * np.array([1.0, 0.7, 0.5, 0.4])
    drum = _modes(n, sr, f * ratios, amps, taus)
    wires = _shaped_noise(rng, n, sr, rng.uniform(1000.0, 2500.0), rng.uniform(6000.0, 12000.0))
    wires *= _decay(n, sr, rng.uniform(0.08, 0.3))
    mix = rng.uniform(0.4, 0.8)
    return ((1.0 - mix) * drum / max(np.max(np.abs(drum)), 1e-9) + mix * 0.35 * wires) * _attack(
        n, sr, 0.0005
    )


def _clap(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    noise = _shaped_noise(rng, n, sr, rng.uniform(700.0, 1200.0), rng.uniform(2500.0, 5000.0))
    t = _time(n, sr)
    env = np.zeros(n)
    start = 0.0
    for _ in range(int(rng.integers(3, 6))):
        tau = rng.uniform(0.003, 0.008)
        after = t >= start
        env[after] += rng.uniform(0.6, 1.0) * np.exp(-(t[after] - start) / tau)
        start += rng.uniform(0.006, 0.014)
    start -= 0.004
    after = t >= start
    env[after] += rng.uniform(0.3, 0.6) * np.exp(-(t[after] - start) / rng.uniform(0.08, 0.3))
    return noise * env * _attack(n, sr, 0.0003)


def _hihat(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    is_open = rng.random() < 0.35
    tau = rng.uniform(0.2, 0.5) if is_open else rng.uniform(0.025, 0.08)
    m = _decay_length(tau, sr, n)
    t = _time(m, sr)
    scale = rng.uniform(0.8, 1.6)
    limit = _MAX_PARTIAL_FRACTION * sr
    metal = np.zeros(m)
    # Six detuned square waves (the classic analogue hi-hat cluster), summed from odd harmonics
    # up to 0.45 sr so nothing aliases.
    for base in (205.3, 304.4, 369.6, 522.7, 540.0, 800.0):
        f = base * scale * rng.uniform(0.98, 1.02)
        k = 1
        while k * f < limit and k <= 31:
            metal += np.sin(_TWO_PI * k * f * t) / k
            k += 2
    hp = rng.uniform(6000.0, 9000.0)
    metal = _highpass_fft(metal, sr, hp)
    metal /= max(float(np.sqrt(np.mean(metal * metal))), 1e-12)
    noise = _shaped_noise(rng, m, sr, low_hz=hp)
    mix = rng.uniform(0.3, 0.7)
    out = np.zeros(n)
    out[:m] = ((1.0 - mix) * metal + mix * noise) * np.exp(-t / tau) * _attack(m, sr, 0.0003)
    return out


def _highpass_fft(x: np.ndarray, sr: float, low_hz: float, order: int = 4) -> np.ndarray:
    spectrum = np.fft.rfft(x)
    f = np.fft.rfftfreq(x.shape[0], 1.0 / sr)
    with np.errstate(divide="ignore"):
        ratio = np.where(f > 0.0, low_hz / np.maximum(f, 1e-12), np.inf)
    return np.fft.irfft(spectrum / np.sqrt(1.0 + ratio ** (2 * order)), x.shape[0])


def _metal(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f1 = rng.uniform(120.0, 600.0)
    aspect = rng.uniform(0.55, 1.0)
    strike_x, strike_y = rng.uniform(0.1, 0.9, 2)
    decay_time = rng.uniform(0.8, 2.5)
    damping_slope = rng.uniform(0.3, 0.7)
    freqs, amps, taus = [], [], []
    base = 1.0 / aspect + aspect
    # Simply supported rectangular plate: f_mn proportional to m^2 / a + n^2 a; a mode's
    # amplitude is its shape at the strike point.
    for m_i in range(1, 9):
        for n_i in range(1, 9):
            ratio = (m_i * m_i / aspect + n_i * n_i * aspect) / base
            shape = math.sin(m_i * math.pi * strike_x) * math.sin(n_i * math.pi * strike_y)
            freqs.append(f1 * ratio)
            amps.append(shape * rng.uniform(0.5, 1.0) / math.sqrt(ratio))
            taus.append(decay_time * ratio ** -damping_slope)
    y = _modes(n, sr, freqs, amps, taus) * _attack(n, sr, rng.uniform(0.0002, 0.001))
    return y + rng.uniform(0.0, 0.1) * max(np.max(np.abs(y)), 1e-9) * _click(
        rng, n, sr, 0.002, 3000.0
    )


def _bell(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    prime = rng.uniform(200.0, 900.0)
    # hum, prime, tierce, quint, nominal and upper partials of a tuned church bell.
    ratios = np.array([0.5, 1.0, 1.2, 1.5, 2.0, 2.5, 2.67, 3.0, 4.0, 5.33, 6.0])
    levels = np.array([0.6, 0.8, 0.7, 0.3, 1.0, 0.4, 0.5, 0.3, 0.25, 0.15, 0.1])
    decay_time = rng.uniform(0.8, 2.5)
    freqs, amps, taus = [], [], []
    for ratio, level in zip(ratios, levels):
        f = prime * ratio * (1.0 + rng.uniform(-0.015, 0.015))
        split = rng.uniform(0.2, 2.0)
        tau = decay_time * ratio ** -0.8
        a = level * rng.uniform(0.6, 1.0)
        # An imperfect bell splits each partial into a close pair, heard as slow beating.
        freqs += [f, f + split]
        amps += [a, a * rng.uniform(0.3, 0.9)]
        taus += [tau, tau * rng.uniform(0.8, 1.2)]
    return _modes(n, sr, freqs, amps, taus) * _attack(n, sr, rng.uniform(0.0005, 0.002))


def _wood(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f1 = rng.uniform(300.0, 1200.0)
    ratios = [1.0, rng.uniform(2.3, 2.9), rng.uniform(3.8, 4.6), rng.uniform(5.5, 6.5)]
    tau = rng.uniform(0.02, 0.08)
    amps = [1.0, *rng.uniform(0.2, 0.6, 3)]
    taus = [tau, tau * 0.6, tau * 0.4, tau * 0.3]
    y = _modes(n, sr, [f1 * r for r in ratios], amps, taus) * _attack(n, sr, 0.0003)
    return y + rng.uniform(0.05, 0.25) * _click(rng, n, sr, 0.0015, 2000.0)


def _marimba(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f1 = rng.uniform(110.0, 900.0)
    hardness = rng.uniform(0.0, 1.0)
    tau = rng.uniform(0.3, 0.9)
    ratios = [1.0, 3.93, 9.24]
    # A harder mallet (shorter contact) excites the upper bar modes more.
    amps = [1.0, 0.1 + 0.4 * hardness, 0.02 + 0.2 * hardness]
    taus = [tau, tau * 0.35, tau * 0.12]
    attack = 0.004 - 0.003 * hardness
    return _modes(n, sr, [f1 * r for r in ratios], amps, taus) * _attack(n, sr, attack)


def _glass(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f1 = rng.uniform(900.0, 3000.0)
    ratios = [1.0, rng.uniform(2.2, 2.5), rng.uniform(4.0, 4.5), rng.uniform(6.3, 7.0), rng.uniform(9.0, 10.5)]
    tau = rng.uniform(0.4, 1.5)
    amps = [1.0, *rng.uniform(0.2, 0.7, 4)]
    taus = [tau * r**-0.6 for r in ratios]
    freqs, mode_amps, mode_taus = [], [], []
    for f, a, t in zip(ratios, amps, taus):
        split = rng.uniform(0.5, 4.0)
        freqs += [f1 * f, f1 * f + split]
        mode_amps += [a, a * 0.5]
        mode_taus += [t, t]
    y = _modes(n, sr, freqs, mode_amps, mode_taus) * _attack(n, sr, 0.0002)
    return y + rng.uniform(0.05, 0.2) * _click(rng, n, sr, 0.001, 5000.0)


_SYNTHS: dict[str, Callable[[np.random.Generator, int, float], np.ndarray]] = {
    "kick": _kick,
    "tom": _tom,
    "snare": _snare,
    "clap": _clap,
    "hihat": _hihat,
    "metal": _metal,
    "bell": _bell,
    "wood": _wood,
    "marimba": _marimba,
    "glass": _glass,
}


# ----------------------------------------------------------------------------------------------
# resampling
# ----------------------------------------------------------------------------------------------
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
    return 2.0 * cutoff * np.sinc(2.0 * cutoff * d) * window


# ----------------------------------------------------------------------------------------------
# loading a folder
# ----------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Impact:
    """One loaded impact sound.

    Attributes
    ----------
    name : str
        Path relative to the loaded folder (POSIX separators).
    path : Path or None
        Source file, or None for audio made in memory.
    audio : numpy.ndarray
        float32 mono samples at ``sr``.
    sr : int
        Sample rate of ``audio`` in Hz.
    source_sr : int
        Sample rate of the file before resampling, in Hz.
    kind : str or None
        The kind, from a corpus ``index.json`` or from a kind name in the file name.
    """

    name: str
    path: Path | None
    audio: np.ndarray
    sr: int
    source_sr: int
    kind: str | None = None
    _descriptor_memo: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.audio.shape[0] / float(self.sr)

    def descriptors(self, cache_dir: str | Path | None = None, **settings: Any) -> np.ndarray:
        """The (7, frames) descriptor curves, cached (see :func:`cached_descriptors`)."""
        key = descriptor_cache_key(self.audio, self.sr, settings)
        if key not in self._descriptor_memo:
            beside = None if cache_dir is not None or self.path is None else self.path
            self._descriptor_memo[key] = cached_descriptors(
                self.audio, self.sr, cache_dir=cache_dir, beside=beside, **settings
            )
        return self._descriptor_memo[key]


def load_audio(path: str | Path) -> tuple[np.ndarray, int]:
    """Read an audio file as float32 mono (channels averaged) and its sample rate in Hz.

    Raises ValueError naming the file if it cannot be decoded, is empty or holds NaN/inf.
    """
    import soundfile as sf

    path = Path(path)
    try:
        data, sr = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception as error:  # soundfile raises LibsndfileError, RuntimeError, TypeError...
        raise ValueError(f"{path}: cannot read audio ({error})") from None
    if data.shape[0] == 0:
        raise ValueError(f"{path}: holds no samples")
    mono = data.mean(axis=1, dtype=np.float64).astype(np.float32)
    if not np.all(np.isfinite(mono)):
        raise ValueError(f"{path}: holds NaN or infinite samples")
    return mono, int(sr)


def prepare_impact(
    audio: np.ndarray,
    source_sr: int,
    sr: int,
    *,
    trim_db: float | None = -60.0,
    peak_db: float | None = -1.0,
    preroll_ms: float = 1.0,
    max_duration: float | None = None,
) -> np.ndarray:
    """Resample, trim and normalise one mono sound (what :func:`load_folder` does per file).

    Parameters
    ----------
    audio : numpy.ndarray
        1-D samples at ``source_sr``.
    source_sr, sr : int
        Sample rates in Hz, before and after.
    trim_db : float or None
        Silence threshold in dB relative to the peak: everything before the first and after the
        last sample louder than this is cut. None keeps everything.
    peak_db : float or None
        Peak level after normalisation in dBFS (at most 0). None keeps the level.
    preroll_ms : float
        Milliseconds kept before the first sample above the threshold.
    max_duration : float or None
        Longest result in seconds (longer sounds are cut and faded over 10 ms).

    Returns
    -------
    numpy.ndarray
        float32 samples at ``sr``; all zeros stay all zeros.
    """
    if not (math.isfinite(preroll_ms) and preroll_ms >= 0.0):
        raise ValueError(f"preroll_ms: {preroll_ms!r} ms must be 0 or more")
    y = np.asarray(audio, dtype=np.float32)
    if int(source_sr) != int(sr):
        y = resample(y, source_sr, sr)
    peak = float(np.max(np.abs(y))) if y.shape[0] else 0.0
    if trim_db is not None and peak > 0.0:
        if trim_db >= 0.0:
            raise ValueError(f"trim_db: {trim_db} dB must be below 0 dB")
        loud = np.flatnonzero(np.abs(y) > peak * 10.0 ** (trim_db / 20.0))
        start = max(0, int(loud[0]) - int(round(preroll_ms * 1e-3 * sr)))
        y = y[start : int(loud[-1]) + 1]
    if max_duration is not None:
        limit = int(round(max_duration * sr))
        if limit < 1:
            raise ValueError(f"max_duration: {max_duration} s is shorter than one sample")
        if y.shape[0] > limit:
            y = y[:limit].copy()
            fade = min(limit, int(round(0.01 * sr)))
            y[limit - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    if peak_db is not None:
        if peak_db > 0.0:
            raise ValueError(f"peak_db: {peak_db} dBFS is above 0 dBFS")
        peak = float(np.max(np.abs(y))) if y.shape[0] else 0.0
        if peak > 0.0:
            y = y * np.float32(10.0 ** (peak_db / 20.0) / peak)
    return np.ascontiguousarray(y, dtype=np.float32)


def load_folder(
    path: str | Path,
    sr: int,
    *,
    recursive: bool = True,
    trim_db: float | None = -60.0,
    peak_db: float | None = -1.0,
    preroll_ms: float = 1.0,
    max_duration: float | None = None,
    min_duration: float = 0.01,
    on_error: str = "raise",
) -> list[Impact]:
    """Load every WAV/FLAC/AIFF impact in a folder: mono, resampled, trimmed, normalised.

    Parameters
    ----------
    path : str or Path
        The folder.
    sr : int
        Sample rate of the loaded audio in Hz.
    recursive : bool
        Also load files in sub-folders.
    trim_db, peak_db, preroll_ms, max_duration :
        See :func:`prepare_impact`.
    min_duration : float
        Sounds shorter than this (seconds, after trimming) are left out with a warning.
    on_error : str
        ``"raise"``: a file that cannot be decoded raises ValueError naming it. ``"skip"``: it is
        left out with a warning.

    Returns
    -------
    list of Impact
        Sorted by relative path. Kinds come from a corpus ``index.json`` in the folder or from a
        kind name (see :data:`IMPACT_KINDS`) in the file name.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ValueError(f"path: {folder} is not a folder")
    sr = _check_sr(sr)
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error: {on_error!r} is not one of raise, skip")
    pattern = "**/*" if recursive else "*"
    files = sorted(
        p for p in folder.glob(pattern) if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
    )
    kinds = _index_kinds(folder)
    impacts: list[Impact] = []
    for file in files:
        name = file.relative_to(folder).as_posix()
        try:
            raw, source_sr = load_audio(file)
        except ValueError as error:
            if on_error == "raise":
                raise
            warnings.warn(f"skipped {name}: {error}", stacklevel=2)
            continue
        audio = prepare_impact(
            raw,
            source_sr,
            sr,
            trim_db=trim_db,
            peak_db=peak_db,
            preroll_ms=preroll_ms,
            max_duration=max_duration,
        )
        if audio.shape[0] < min_duration * sr:
            warnings.warn(
                f"skipped {name}: {audio.shape[0] / sr:.4f} s after trimming is shorter than "
                f"min_duration {min_duration} s",
                stacklevel=2,
            )
            continue
        kind = kinds.get(name) or _kind_from_name(file.stem)
        impacts.append(Impact(name, file, audio, sr, source_sr, kind))
    return impacts


def _index_kinds(folder: Path) -> dict[str, str]:
    """file name -> kind from a corpus index.json, if the folder has a readable one."""
    index = folder / "index.json"
    if not index.is_file():
        return {}
    try:
        data = json.loads(index.read_text())
        return {
            str(item["file"]): str(item["kind"])
            for item in data.get("items", [])
            if str(item.get("kind")) in IMPACT_KINDS
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        warnings.warn(f"{index}: not a corpus index; kinds taken from file names", stacklevel=3)
        return {}


def _kind_from_name(stem: str) -> str | None:
    tokens = [t for t in "".join(c if c.isalnum() else " " for c in stem.lower()).split()]
    for token in tokens:
        for kind in IMPACT_KINDS:
            if token == kind or token.rstrip("s") == kind:
                return kind
    return None


# ----------------------------------------------------------------------------------------------
# descriptor cache
# ----------------------------------------------------------------------------------------------
#: Bumped whenever a change to nrcore.descriptors changes its output; part of every cache key.
DESCRIPTOR_CACHE_VERSION = 1
_CACHE_SUFFIX = ".nrdesc.npz"


def descriptor_cache_key(audio: np.ndarray, sr: int, settings: dict[str, Any] | None = None) -> str:
    """SHA-256 (hex) of the float32 samples, the sample rate and the analysis settings."""
    from . import descriptors

    merged = descriptors.settings(**(settings or {}))
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(audio, dtype="<f4").tobytes())
    digest.update(
        json.dumps(
            {"sr": int(sr), "settings": merged, "version": DESCRIPTOR_CACHE_VERSION},
            sort_keys=True,
        ).encode()
    )
    return digest.hexdigest()


def descriptor_cache_path(
    key: str, *, cache_dir: str | Path | None = None, beside: str | Path | None = None
) -> Path | None:
    """Where the curves of ``key`` are cached: ``cache_dir/KEY.npz`` or ``<beside>.nrdesc.npz``."""
    if cache_dir is not None:
        return Path(cache_dir) / f"{key}.npz"
    if beside is not None:
        beside = Path(beside)
        return beside.with_name(beside.name + _CACHE_SUFFIX)
    return None


def cached_descriptors(
    audio: np.ndarray,
    sr: int,
    *,
    cache_dir: str | Path | None = None,
    beside: str | Path | None = None,
    **settings: Any,
) -> np.ndarray:
    """Descriptor curves of ``audio``, read from the cache when the key matches, else computed.

    The cache file stores the key; a file whose key differs (the audio or the settings changed),
    or that cannot be read, is recomputed and replaced. Cache files are read with
    ``allow_pickle=False``, so a planted pickle is never executed. A cache that cannot be written
    (read-only folder) only costs a warning.

    Parameters
    ----------
    audio : numpy.ndarray
        1-D float32 samples.
    sr : int
        Sample rate in Hz.
    cache_dir : str or Path, optional
        Folder of ``KEY.npz`` files (created if missing). Takes precedence over ``beside``.
    beside : str or Path, optional
        An audio file; the cache is ``<file>.nrdesc.npz`` next to it.
    **settings :
        Passed to :func:`nrcore.descriptors.compute` (``n_fft``, ``hop_length``, ``fmin``,
        ``fmax``).

    Returns
    -------
    numpy.ndarray
        float32 array shaped (7, frames).
    """
    from . import descriptors

    key = descriptor_cache_key(audio, sr, settings)
    where = descriptor_cache_path(key, cache_dir=cache_dir, beside=beside)
    if where is not None and where.is_file():
        try:
            with np.load(where, allow_pickle=False) as stored:
                if str(stored["key"]) == key:
                    curves = np.asarray(stored["curves"], dtype=np.float32)
                    if curves.ndim == 2 and curves.shape[0] == len(descriptors.DESCRIPTOR_NAMES):
                        return curves
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # unreadable or foreign: recompute and overwrite below
    curves = descriptors.compute(audio, sr, **settings)
    if where is not None:
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            tmp = where.with_name(where.name + ".tmp.npz")
            np.savez(tmp, key=np.array(key), curves=curves)
            tmp.replace(where)
        except OSError as error:
            warnings.warn(f"descriptor cache not written to {where}: {error}", stacklevel=2)
    return curves


# ----------------------------------------------------------------------------------------------
# validation helpers
# ----------------------------------------------------------------------------------------------
def _check_kind(kind: str) -> int:
    try:
        return IMPACT_KINDS.index(str(kind))
    except ValueError:
        raise ValueError(
            f"kind: unknown impact kind {kind!r}; allowed: {', '.join(IMPACT_KINDS)}"
        ) from None


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or int(seed) < 0:
        raise ValueError(f"seed: {seed!r} is not a non-negative integer")
    return int(seed)


def _check_sr(sr: float) -> int:
    try:
        value = float(sr)
    except (TypeError, ValueError):
        raise ValueError(f"sr: {sr!r} is not a sample rate in Hz") from None
    if not (math.isfinite(value) and value.is_integer() and 8000 <= value <= 192000):
        raise ValueError(f"sr: {sr!r} Hz is not an integer in [8000, 192000] Hz")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m nrcore.corpus OUT_DIR [--n N] [--seed S] [--sr HZ] [--duration S]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m nrcore.corpus", description="Write a procedural impact corpus (WAV + index.json)."
    )
    parser.add_argument("out_dir", help="folder to write into")
    parser.add_argument("--n", type=int, default=500, help="number of sounds (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--sr", type=int, default=44100, help="sample rate in Hz (default 44100)")
    parser.add_argument("--duration", type=float, default=1.0, help="seconds per sound (default 1)")
    parser.add_argument("--kinds", default=None, help="comma-separated subset of " + ",".join(IMPACT_KINDS))
    args = parser.parse_args(argv)
    kinds = None if args.kinds is None else [k.strip() for k in args.kinds.split(",") if k.strip()]
    try:
        paths = generate_corpus(
            args.out_dir, args.n, seed=args.seed, sr=args.sr, duration=args.duration, kinds=kinds
        )
    except ValueError as error:
        parser.error(str(error))
    print(f"wrote {len(paths)} impacts and index.json to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
