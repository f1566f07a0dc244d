"""A seeded procedural generator of impact sounds (the training corpus's source).

Each impact is built from a few physical ideas, all in closed form (numpy only, no per-sample
Python loops): membranes and kicks are sines with exponential pitch sweeps, plates, bells, bars
and glass are sums of exponentially decaying inharmonic modes whose amplitudes depend on where
they are struck, snares, claps and hi-hats add noise shaped in the frequency domain. Every random
choice comes from one ``numpy.random.Generator`` seeded by ``(seed, kind)``, so
``generate_impact(kind, seed)`` is the same array on every machine and every run.
:func:`nrcore.synthesis.data.corpus.generate_corpus` writes many of them to disk.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

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
    freqs: Sequence[float] | np.ndarray,
    amps: Sequence[float] | np.ndarray,
    taus: Sequence[float] | np.ndarray,
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
    out: np.ndarray = np.tanh(drive * y) / math.tanh(drive)
    return out


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
    out: np.ndarray = y + rng.uniform(0.05, 0.2) * _click(rng, n, sr, rng.uniform(0.002, 0.005), 2000.0)
    return out


def _snare(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f = rng.uniform(150.0, 260.0)
    ratios = np.array([1.0, 1.594, 2.136, 2.653])
    amps = np.array([1.0, *rng.uniform(0.2, 0.6, 3)])
    taus = rng.uniform(0.05, 0.15) * np.array([1.0, 0.7, 0.5, 0.4])
    drum = _modes(n, sr, f * ratios, amps, taus)
    wires = _shaped_noise(rng, n, sr, rng.uniform(1000.0, 2500.0), rng.uniform(6000.0, 12000.0))
    wires *= _decay(n, sr, rng.uniform(0.08, 0.3))
    mix = rng.uniform(0.4, 0.8)
    out: np.ndarray = ((1.0 - mix) * drum / max(np.max(np.abs(drum)), 1e-9) + mix * 0.35 * wires) * _attack(
        n, sr, 0.0005
    )
    return out


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
    out: np.ndarray = noise * env * _attack(n, sr, 0.0003)
    return out


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
    out: np.ndarray = y + rng.uniform(0.0, 0.1) * max(np.max(np.abs(y)), 1e-9) * _click(
        rng, n, sr, 0.002, 3000.0
    )
    return out


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
    out: np.ndarray = _modes(n, sr, freqs, amps, taus) * _attack(n, sr, rng.uniform(0.0005, 0.002))
    return out


def _wood(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f1 = rng.uniform(300.0, 1200.0)
    ratios = [1.0, rng.uniform(2.3, 2.9), rng.uniform(3.8, 4.6), rng.uniform(5.5, 6.5)]
    tau = rng.uniform(0.02, 0.08)
    amps = [1.0, *rng.uniform(0.2, 0.6, 3)]
    taus = [tau, tau * 0.6, tau * 0.4, tau * 0.3]
    y = _modes(n, sr, [f1 * r for r in ratios], amps, taus) * _attack(n, sr, 0.0003)
    out: np.ndarray = y + rng.uniform(0.05, 0.25) * _click(rng, n, sr, 0.0015, 2000.0)
    return out


def _marimba(rng: np.random.Generator, n: int, sr: float) -> np.ndarray:
    f1 = rng.uniform(110.0, 900.0)
    hardness = rng.uniform(0.0, 1.0)
    tau = rng.uniform(0.3, 0.9)
    ratios = [1.0, 3.93, 9.24]
    # A harder mallet (shorter contact) excites the upper bar modes more.
    amps = [1.0, 0.1 + 0.4 * hardness, 0.02 + 0.2 * hardness]
    taus = [tau, tau * 0.35, tau * 0.12]
    attack = 0.004 - 0.003 * hardness
    out: np.ndarray = _modes(n, sr, [f1 * r for r in ratios], amps, taus) * _attack(n, sr, attack)
    return out


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
    out: np.ndarray = y + rng.uniform(0.05, 0.2) * _click(rng, n, sr, 0.001, 5000.0)
    return out


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
