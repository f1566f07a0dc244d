"""The torch-free real-time synth engine: descriptor curves in, impact sounds out.

:class:`ImpactSynth` (registry name ``synth``) loads a model saved as safetensors + JSON
(:mod:`nrcore.synthesis.modelfile`), computes the frame-rate network in numpy (double
precision), and renders audio with the Cython kernel :class:`nrcore._nsf.NSFVoiceKernel`,
frame by frame: a voiced harmonic source (silent where f0 = 0), a bank of damped sinusoids
(modal resonators) and noise through a 64-band time-variant filter bank (short-time Fourier
grains), each frame's total power set to the rms curve by construction, a 20 ms release
fade when the curves end and a soft limiter (:func:`nrcore._nsf.soft_limit`) so the output
never reaches full scale. The equations are in :mod:`nrcore.synthesis.training.nsf_model`.

* ``trigger(curves)`` runs the network for the first two frames only, so the first samples
  leave in the very next ``process`` block; there is no look-ahead and no burn-in (nothing is
  compiled or cached lazily: the first trigger after loading costs what every trigger costs);
* the curves of a sounding voice can change at any time (``update_curves``); each frame is
  computed from the curves as they are when the voice reaches it, so CV scrubbing and
  interpolation act frame by frame;
* any block size gives the same samples as one long block;
* output is rendered at the host rate directly (cutoffs and bands in Hz, partial masks at the
  host Nyquist), no resampling pass.

This module, :mod:`nrcore.synthesis.modelfile` and :mod:`nrcore._nsf` never import torch.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from nrcore._nsf import NSFFrameNet, NSFVoiceKernel, soft_limit
from nrcore.synthesis.modelfile import DESCRIPTOR_COUNT, ModelFileError, NSFConfig, VAEConfig, load_model, \
    shipped_model
from nrcore.params import Param
from nrcore.processor import Processor, refuse_integer_audio

#: Names of the 7 conditioning descriptors, in row order.
DESCRIPTOR_ORDER = ("rms", "zcr", "centroid", "rolloff", "bandwidth", "flatness", "f0")
#: Log floors per descriptor (None: linear); training (nsf_model) imports them from here.
LOG_FLOORS = (1e-4, None, 1.0, 1.0, 1.0, 1e-6, 1.0)
#: Valid range of each raw descriptor, used to clamp incoming curves (rms and flatness in
#: [0, 1], zcr in [0, 1], frequencies in Hz).
DESCRIPTOR_RANGES = ((0.0, 1.0), (0.0, 1.0), (0.0, 24000.0), (0.0, 24000.0), (0.0, 24000.0),
                     (0.0, 1.0), (0.0, 5000.0))
DEFAULT_MODEL = "nsf_small"
#: Output stage knee (see :func:`nrcore._nsf.soft_limit`) and release fade length.
LIMIT_KNEE = 0.9
RELEASE_SECONDS = 0.02
MAX_VOICES = 16
MAX_FRAMES = 100_000


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    out: np.ndarray = e / e.sum()
    return out


def band_matrix(config: NSFConfig, sample_rate: float) -> np.ndarray:
    """Triangular log-frequency bands at one grain's FFT bins (identical to
    :func:`nrcore.synthesis.training.nsf_model.band_matrix`)."""
    h = grain_hop(config, sample_rate)
    freqs = np.arange(h + 1) * sample_rate / (2 * h)
    bands = config.noise_bands
    centres = np.log2(config.band_fmin) + np.arange(bands) * (
        np.log2(config.band_fmax / config.band_fmin) / max(bands - 1, 1))
    spacing = centres[1] - centres[0] if bands > 1 else 1.0
    lf = np.log2(np.maximum(freqs, 1e-9))
    tri = np.maximum(0.0, 1.0 - np.abs(lf[:, None] - centres[None, :]) / spacing)
    tri[lf < centres[0], 0] = 1.0
    tri[0, :] = 0.0
    out: np.ndarray = tri
    return out


def grain_hop(config: NSFConfig, sample_rate: float) -> int:
    """Samples between noise grains at ``sample_rate``: about the frame hop in host samples
    (see :func:`smooth_size`)."""
    return smooth_size(config.hop * sample_rate / config.reference_rate)


def smooth_size(x: float) -> int:
    """The integer nearest to ``x`` (at least 8) with no prime factor above 7 (the lower one
    on a tie), so the grains' FFTs stay fast at any host rate (512 at the reference rate)."""
    start = max(8, int(round(x)))
    for offset in range(start):
        for n in (start - offset, start + offset):
            if n < 8:
                continue
            m = n
            for p in (2, 3, 5, 7):
                while m % p == 0:
                    m //= p
            if m == 1:
                return n
    return start


def sparse_bands(tri: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The band matrix ``(bins, bands)`` as two (band, weight) pairs per bin (triangular bands
    overlap only pairwise), for :class:`nrcore._nsf.NSFFrameNet`."""
    lo = np.zeros((tri.shape[0], 2), dtype=np.int64)
    w = np.zeros((tri.shape[0], 2))
    for k, row in enumerate(tri):
        nz = np.flatnonzero(row)
        if len(nz) > 2:
            raise ValueError("band matrix: more than two bands overlap")
        lo[k, :len(nz)] = nz
        w[k, :len(nz)] = row[nz]
    return lo, w


def sine_window(n: int) -> np.ndarray:
    """Power-complementary grain window ``sin(pi (k + 0.5) / n)``."""
    return np.sin(np.pi * (np.arange(n) + 0.5) / n)


def limit(y: np.ndarray) -> np.ndarray:
    """Numpy reference of the output stage :func:`nrcore._nsf.soft_limit`."""
    y = np.nan_to_num(np.asarray(y, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    a = np.abs(y)
    over = LIMIT_KNEE + (1 - LIMIT_KNEE) * np.tanh((a - LIMIT_KNEE) / (1 - LIMIT_KNEE))
    return np.where(a <= LIMIT_KNEE, y, np.sign(y) * over)


def check_curves(curves: Any, what: str = "curves") -> tuple[np.ndarray, list[str]]:
    """Validate and clamp raw descriptor curves shaped ``(7, frames)``.

    NaN and inf become the lower end of the descriptor's range; values outside
    :data:`DESCRIPTOR_RANGES` are clamped. Both are reported, never silently passed on.

    Returns
    -------
    curves : ndarray of float64, shape (7, frames)
    report : list of str
        One line per descriptor that was changed (empty when the curves were clean).

    Raises
    ------
    ValueError
        If the shape is wrong or there are no frames.
    """
    arr = np.array(curves, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != DESCRIPTOR_COUNT or not 1 <= arr.shape[1] <= MAX_FRAMES:
        raise ValueError(f"{what}: expected descriptor curves shaped (7, frames) with 1 to "
                         f"{MAX_FRAMES} frames ({', '.join(DESCRIPTOR_ORDER)}), got shape "
                         f"{arr.shape}")
    report = []
    for d, (lo, hi) in enumerate(DESCRIPTOR_RANGES):
        row = arr[d]
        bad = ~np.isfinite(row)
        low = row < lo
        high = row > hi
        if bad.any() or low.any() or high.any():
            report.append(f"{what}: {DESCRIPTOR_ORDER[d]}: {int(bad.sum())} NaN/inf, "
                          f"{int(low.sum())} below {lo:g}, {int(high.sum())} above {hi:g} "
                          f"clamped to [{lo:g}, {hi:g}]")
            row[bad] = lo
            np.clip(row, lo, hi, out=row)
    return arr, report


class FrameNetwork:
    """The frame-rate half of the model in numpy: descriptors -> synthesis controls.

    Mirrors :class:`nrcore.synthesis.training.nsf_model.SincNSF` (``frame_outputs`` and
    ``controls``) exactly, in double precision.
    """

    def __init__(self, config: NSFConfig, tensors: Mapping[str, np.ndarray],
                 sample_rate: float) -> None:
        self.config = config
        self.sample_rate = float(sample_rate)
        t = {k: np.asarray(v, dtype=np.float64) for k, v in tensors.items()}
        self.w_in, self.b_in = t["inp.weight"], t["inp.bias"]
        self.w_ih, self.w_hh = t["gru.weight_ih_l0"], t["gru.weight_hh_l0"]
        self.b_ih, self.b_hh = t["gru.bias_ih_l0"], t["gru.bias_hh_l0"]
        self.w_out, self.b_out = t["out.weight"], t["out.bias"]
        self.mean = np.asarray(config.descriptor_mean, dtype=np.float64)
        self.std = np.asarray(config.descriptor_std, dtype=np.float64)
        self.hidden = config.hidden
        self.grain_hop = grain_hop(config, sample_rate)
        self.bands = band_matrix(config, sample_rate)
        self.harmonic_numbers = np.arange(1, config.n_harmonics + 1, dtype=np.float64)
        ratios = np.linspace(-3.0, 2.0, config.n_modes) if config.n_modes > 1 else np.zeros(1)
        self.mode_ratios = ratios

    def normalise(self, frame: np.ndarray) -> np.ndarray:
        """One raw descriptor frame ``(7,)`` (or ``(7, frames)``) to the network's input."""
        out = np.empty_like(frame, dtype=np.float64)
        for d in range(DESCRIPTOR_COUNT):
            v = frame[d]
            if LOG_FLOORS[d] is not None:
                v = np.log(np.maximum(v, 0.0) + LOG_FLOORS[d])
            out[d] = (v - self.mean[d]) / self.std[d]
        return out

    def step(self, frame: np.ndarray, state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One GRU step: raw frame ``(7,)`` and state ``(hidden,)`` -> outputs, new state."""
        x = np.tanh(self.w_in @ self.normalise(frame) + self.b_in)
        gi = self.w_ih @ x + self.b_ih
        gh = self.w_hh @ state + self.b_hh
        h = self.hidden
        r = 0.5 * (1.0 + np.tanh(0.5 * (gi[:h] + gh[:h])))
        z = 0.5 * (1.0 + np.tanh(0.5 * (gi[h:2 * h] + gh[h:2 * h])))
        n = np.tanh(gi[2 * h:] + r * gh[2 * h:])
        state = (1.0 - z) * n + z * state
        return self.w_out @ state + self.b_out, state

    def controls(self, frame: np.ndarray, o: np.ndarray) -> tuple[np.ndarray, float, np.ndarray,
                                                                   np.ndarray, np.ndarray]:
        """Controls of one frame at the host rate: harmonic amplitudes (K), f0 in Hz, mode
        frequencies in Hz and amplitudes (M), noise magnitude response (H + 1 bins)."""
        c = self.config
        k_count, bands, modes = c.n_harmonics, c.noise_bands, c.n_modes
        sr = self.sample_rate
        rms = max(float(frame[0]), 0.0)
        f0 = max(float(frame[6]), 0.0)
        centroid = max(float(frame[2]), 1.0)
        voicing = min(max((f0 - 30.0) / 20.0, 0.0), 1.0)
        mix = _softmax(o[0:3])
        base = 3
        hmask = np.clip((0.45 * sr - self.harmonic_numbers * f0) / (0.05 * sr), 0.0, 1.0)
        harm = _softmax(o[base:base + k_count]) * hmask * voicing
        base += k_count
        band_amp = np.sqrt(_softmax(o[base:base + bands]))
        base += bands
        freqs = centroid * np.exp2(self.mode_ratios + 0.5 * np.tanh(o[base:base + modes]))
        base += modes
        mmask = np.clip((0.45 * sr - freqs) / (0.05 * sr), 0.0, 1.0)
        mode_raw = np.sqrt(_softmax(o[base:base + modes])) * mmask
        mag = self.bands @ band_amp
        n_fft = 2 * self.grain_hop
        r_n = (mag[0] ** 2 + 2.0 * np.sum(mag[1:-1] ** 2) + mag[-1] ** 2) / n_fft
        r_h = 0.5 * np.sum(harm ** 2)
        r_m = 0.5 * np.sum(mode_raw ** 2)
        g_h = math.sqrt(mix[0] / (r_h + 1e-8))
        g_n = math.sqrt(mix[1] / (r_n + 1e-8))
        g_m = math.sqrt(mix[2] / (r_m + 1e-8))
        q = g_h ** 2 * r_h + g_n ** 2 * r_n + g_m ** 2 * r_m
        s = rms / math.sqrt(q + 1e-12)
        return (np.ascontiguousarray(s * g_h * harm), f0, np.ascontiguousarray(freqs),
                np.ascontiguousarray(s * g_m * mode_raw + 1e-9),
                np.ascontiguousarray(s * g_n * mag))


class _Voice:
    """One sounding impact: its curves, GRU state and waveform kernel."""

    def __init__(self, net: FrameNetwork, fast: NSFFrameNet) -> None:
        c = net.config
        self.kernel = NSFVoiceKernel(c.n_harmonics, c.n_modes, net.grain_hop)
        self.net = net
        self.fast = fast
        self.curves = np.zeros((DESCRIPTOR_COUNT, 1))
        self.state = np.zeros(net.hidden)
        self.computed = -1      # last frame whose GRU step has run
        self.last_controls: tuple[Any, ...] | None = None
        self.active = False
        self.velocity = 1.0
        self.age = 0
        self.skip = 0           # frames of the curves skipped at the trigger (a resumed sound)
        self.noise: np.ndarray | None = None   # external grain noise (tests)
        self._mag = np.empty(net.grain_hop + 1)
        self._window = sine_window(2 * net.grain_hop)
        self._uniform = np.empty(2 * net.grain_hop)

    def frame(self, index: int, transpose: float) -> np.ndarray:
        frame = self.curves[:, min(index, self.curves.shape[1] - 1)].copy()
        frame[6] *= transpose
        return frame

    def next_controls(self, transpose: float) -> tuple[Any, ...]:
        """Controls of the next frame in order (the last frame repeats past the end)."""
        index = self.computed + 1
        if index >= self.curves.shape[1] and self.last_controls is not None:
            return self.last_controls
        frame = self.frame(index, transpose)
        c = self.net.config
        amps = np.empty(c.n_harmonics)
        mf = np.empty(c.n_modes)
        ma = np.empty(c.n_modes)
        mag = np.empty(self.net.grain_hop + 1)
        f0 = self.fast.step(frame, self.state, amps, mf, ma, mag)
        self.computed = index
        self.last_controls = (amps, f0, mf, ma, mag)
        return self.last_controls

    def push_grain(self) -> None:
        """Compute and push the next noise grain: the voice's noise filtered by the
        interpolated magnitude response, sine-windowed."""
        k = self.kernel
        k.grain_magnitude(self._mag)
        n_fft = 2 * self.net.grain_hop
        if self.noise is not None:
            j = k.grains_loaded + 1
            u = np.zeros(n_fft)
            part = self.noise[j * n_fft:(j + 1) * n_fft]
            u[:part.shape[0]] = part
        else:
            k.draw_noise(self._uniform)
            u = self._uniform
        grain = np.fft.irfft(np.fft.rfft(u * math.sqrt(3.0)) * self._mag, n_fft) * self._window
        k.push_grain(np.ascontiguousarray(grain))


class ImpactSynth(Processor):
    """Descriptor-driven impact synthesiser (Sinc-NSF), torch-free and streaming.

    Parameters
    ----------
    model : str or Path, optional
        A shipped model name (``"nsf_small"``) or the path/stem of a safetensors + JSON pair.
    sample_rate : float
        Host rate in Hz; the model renders at this rate directly.
    **params
        Any parameter in :attr:`PARAMS`.

    Examples
    --------
    >>> import numpy as np, nrcore.synthesis.runtime as s
    >>> synth = s.ImpactSynth(sample_rate=48000)
    >>> curves = s.example_curves("kick")          # (7, frames) raw descriptors
    >>> voice = synth.trigger(curves)
    >>> block = synth.process(256)                 # (1, 256) float32, the impact has begun
    """

    name = "synth"
    outputs = ("out",)
    #: The frame network's sinc taps are built for one host rate: build a new synth to change.
    sample_rate_fixed = True

    @property
    def input_count(self) -> int:
        """One signal row for hosts: the gate (see :meth:`process`)."""
        return 1
    audio_rate = True
    PARAMS = (
        Param("gain", 1.0, "Output gain", minimum=0.0, maximum=8.0, step=0.01),
        Param("transpose", 0.0, "Shift of the f0 curve of new frames", unit="semitones",
              minimum=-48.0, maximum=48.0, step=0.1),
        Param("time_stretch", 1.0, "Playback time scale of the descriptor curves (2 = twice "
              "as long)", minimum=0.25, maximum=4.0, step=0.01),
        Param("voices", 4, "Number of impacts that can sound at once (the oldest is stolen)",
              minimum=1, maximum=MAX_VOICES, kind="int"),
        Param("seed", 1, "Seed of the noise source (each trigger derives its own)", minimum=0,
              maximum=2**32 - 1, kind="int"),
    )

    def __init__(self, model: str | Path | None = None, *, sample_rate: float = 48000.0,
                 **params: Any) -> None:
        super().__init__(sample_rate)
        if not 8000.0 <= self.sample_rate <= 384000.0:
            raise ValueError(f"sample_rate: {self.sample_rate:g} Hz is outside [8000, 384000] Hz "
                             "(the synth renders at the host rate directly)")
        if model is None:
            model = shipped_model(DEFAULT_MODEL)
        elif isinstance(model, str) and "/" not in model and not model.endswith(
                (".json", ".safetensors")) and not Path(model).with_suffix(".json").exists():
            model = shipped_model(model)
        config, tensors = load_model(model, kind="nsf")
        assert isinstance(config, NSFConfig)
        self.config = config
        self.net = FrameNetwork(config, tensors, self.sample_rate)
        band_lo, band_w = sparse_bands(self.net.bands)
        self.fast_net = NSFFrameNet(
            {k: np.asarray(v, dtype=np.float64) for k, v in tensors.items()},
            np.asarray(config.descriptor_mean, dtype=np.float64),
            np.asarray(config.descriptor_std, dtype=np.float64),
            np.array([-1.0 if f is None else f for f in LOG_FLOORS]),
            config.n_harmonics, config.noise_bands, config.n_modes, band_lo, band_w,
            np.ascontiguousarray(self.net.mode_ratios), self.sample_rate)
        self._voices: list[_Voice] = []
        self._triggers = 0
        self._gate_high = False
        self._pending_noise: np.ndarray | None = None
        self.last_report: list[str] = []
        #: Curves played by gate triggers (see :meth:`process`); a generic drum hit by default.
        self.curves = default_curves()
        self._init_params(params)
        self._resize_voices()

    # -- parameters -------------------------------------------------------------------------
    def _apply(self, name: str, value: Any) -> None:
        if name == "voices" and hasattr(self, "net"):
            self._resize_voices()
        elif name == "time_stretch":
            for v in self._voices:
                if v.active:
                    v.kernel.set_ratio(self._ratio())

    def _resize_voices(self) -> None:
        want = int(self._values.get("voices", 4))
        while len(self._voices) < want:
            self._voices.append(_Voice(self.net, self.fast_net))
        del self._voices[want:]

    def _ratio(self) -> float:
        return self.config.frame_rate / self.sample_rate / float(self._values["time_stretch"])

    # -- playing ----------------------------------------------------------------------------
    def n_samples(self, frames: int) -> int:
        """Length in samples of ``frames`` frames at the host rate (time stretch 1)."""
        return int(round(frames * self.sample_rate / self.config.frame_rate))

    def trigger(self, curves: Any, velocity: float = 1.0, *, position: float = 0.0,
                phase: float = 0.0) -> int:
        """Start an impact from raw descriptor curves ``(7, frames)``; returns the voice index.

        Runs the frame network for the first two frames only; the sound starts at the first
        sample of the next :meth:`process` block. NaN/out-of-range values are clamped and
        listed in :attr:`last_report`.

        Parameters
        ----------
        curves : array_like
            Raw descriptor curves ``(7, frames)``.
        velocity : float
            Gain of this impact, in [0, 8].
        position : float
            Frame position in ``curves`` to begin at, in [0, frames): continues a sound another
            voice was playing (see :meth:`voice_position`). The frame network starts there
            from a zero state.
        phase : float
            Harmonic phase, in cycles, to continue from (with ``position``).
        """
        velocity = float(velocity)
        if not (math.isfinite(velocity) and 0.0 <= velocity <= 8.0):
            raise ValueError(f"velocity: {velocity!r} is outside [0, 8]")
        arr, self.last_report = check_curves(curves)
        position, phase = float(position), float(phase)
        if not (math.isfinite(position) and 0.0 <= position < arr.shape[1]):
            raise ValueError(f"position: {position!r} is outside [0, {arr.shape[1]}) frames")
        if not math.isfinite(phase):
            raise ValueError(f"phase: {phase!r} is not a finite number of cycles")
        skip = int(position)
        arr = arr[:, skip:]
        index = self._free_voice()
        voice = self._voices[index]
        self._triggers += 1
        seed = (int(self._values["seed"]) * 0x9E3779B97F4A7C15 + self._triggers) % 2**64
        frames = arr.shape[1]
        stretch = float(self._values["time_stretch"])
        voice.curves = arr
        voice.skip = skip
        voice.state = np.zeros(self.net.hidden)
        voice.computed = -1
        voice.last_controls = None
        voice.velocity = velocity
        voice.age = self._triggers
        voice.active = True
        voice.noise = self._pending_noise
        self._pending_noise = None
        voice.kernel.start(self.sample_rate, self._ratio(),
                           int(round(frames * stretch * self.sample_rate / self.config.frame_rate)),
                           seed or 1, max(1.0, round(RELEASE_SECONDS * self.sample_rate)))
        if position != skip or phase != 0.0:
            voice.kernel.resume(position - skip, phase - math.floor(phase))
            voice.kernel.set_frames(frames)
        transpose = self._transpose()
        first = voice.next_controls(transpose)
        second = voice.next_controls(transpose)
        voice.kernel.load(*first, *second)
        voice.push_grain()
        voice.push_grain()
        return index

    def update_curves(self, curves: Any, voice: int | None = None) -> None:
        """Replace the curves of a sounding voice (default: the newest); frames not yet
        reached use the new values. The frame count may change, which changes the length.
        Frames are counted as at the trigger (a voice begun at ``position`` skips the same
        frames of the new curves)."""
        arr, self.last_report = check_curves(curves)
        v = self._voices[self._voice_index(voice)]
        v.curves = arr[:, min(v.skip, arr.shape[1] - 1):]
        if v.active:
            v.kernel.set_frames(v.curves.shape[1])

    def voice_position(self, voice: int | None = None) -> tuple[float, float]:
        """Where a voice (default: the newest) has reached: its frame position in the curves
        it was triggered with and its harmonic phase in cycles. ``trigger(curves,
        position=..., phase=...)`` continues the sound from there (on another model: the
        rack's model switch)."""
        v = self._voices[self._voice_index(voice)]
        return v.skip + float(v.kernel.frame_position), float(v.kernel.harmonic_phase)

    def _voice_index(self, voice: int | None) -> int:
        target = self._newest() if voice is None else int(voice)
        if not 0 <= target < len(self._voices):
            raise ValueError(f"voice: {voice!r} is not in [0, {len(self._voices) - 1}]")
        return target

    def _transpose(self) -> float:
        ratio: float = 2.0 ** (float(self._values["transpose"]) / 12.0)
        return ratio

    def _free_voice(self) -> int:
        for i, v in enumerate(self._voices):
            if not v.active:
                return i
        return min(range(len(self._voices)), key=lambda i: self._voices[i].age)

    def _newest(self) -> int:
        return max(range(len(self._voices)), key=lambda i: self._voices[i].age)

    @property
    def grain_hop(self) -> int:
        """Samples between noise grains at the host rate (grains are twice as long)."""
        return self.net.grain_hop

    def noise_length(self, n: int) -> int:
        """Uniform noise values the grains of an ``n``-sample impact consume."""
        return (-(-int(n) // self.grain_hop) + 1) * 2 * self.grain_hop

    @property
    def active_voices(self) -> int:
        return sum(v.active for v in self._voices)

    def set_curves(self, curves: Any) -> None:
        """Set the curves that gate triggers (see :meth:`process`) play; NaN/out-of-range
        values are clamped and listed in :attr:`last_report`."""
        self.curves, self.last_report = check_curves(curves)

    def process(self, x: Any = 512, *args: Any, noise: np.ndarray | None = None,
                sample_rate: float | None = None) -> np.ndarray:
        """Render the next block.

        Parameters
        ----------
        x : int or ndarray
            Number of samples, or an array shaped ``(channels, samples)``: with no channels
            only its length counts; otherwise its first channel is a gate: each rising edge
            through 0.5 triggers :attr:`curves` at that very sample (sample-accurate, the
            rack's trigger input).
        noise : ndarray, optional
            Uniform noise in [-1, 1) for the noise grains of the next voice triggered (2H
            values per grain, H = :attr:`grain_hop`; for comparing with the torch model); by
            default each voice draws its own seeded noise.
        sample_rate : float, optional
            Rate of the block in Hz: must equal :attr:`sample_rate` (the synth is built for
            one rate), else ValueError.

        Returns
        -------
        ndarray of float32, shape (1, samples)
        """
        if args or sample_rate is not None:
            self._check_call(args, sample_rate)
        gate = None
        if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
            n = int(x)
        else:
            refuse_integer_audio(x, "x")
            arr = np.asarray(x, dtype=np.float64)
            if arr.ndim != 2:
                raise ValueError(f"x: expected a sample count or an array shaped (channels, "
                                 f"samples), got shape {arr.shape}")
            n = arr.shape[1]
            if arr.shape[0] > 0:  # (0, samples) is a plain block length, no gate
                gate = np.nan_to_num(arr[0], nan=0.0) > 0.5
        if not 0 <= n <= 10_000_000:
            raise ValueError(f"x: {n} samples is outside [0, 10000000]")
        if noise is not None:
            self._pending_noise = np.ascontiguousarray(noise, dtype=np.float64).ravel()
        out = np.zeros(n, dtype=np.float32)
        if gate is None:
            self._render_into(out, 0, n)
            soft_limit(out, 0, n)
            return out[np.newaxis, :]
        previous = np.concatenate([[self._gate_high], gate[:-1]])
        edges = np.flatnonzero(gate & ~previous)
        if n:
            self._gate_high = bool(gate[-1])
        start = 0
        for edge in edges:
            self._render_into(out, start, int(edge))
            self.trigger(self.curves)
            start = int(edge)
        self._render_into(out, start, n)
        soft_limit(out, 0, n)
        return out[np.newaxis, :]

    def _render_into(self, out: np.ndarray, begin: int, end: int) -> None:
        """Add every active voice's samples ``begin..end`` into ``out``."""
        gain = float(self._values["gain"])
        transpose = self._transpose()
        for voice in self._voices:
            if not voice.active:
                continue
            kernel = voice.kernel
            position = begin
            while position < end:
                done = kernel.render(out, position, end - position, gain * voice.velocity)
                position += done
                if kernel.finished:
                    voice.active = False
                    break
                if kernel.needs_frame:
                    kernel.advance(*voice.next_controls(transpose))
                elif kernel.needs_grain:
                    voice.push_grain()

    def render(self, curves: Any, noise: np.ndarray | None = None, block: int = 4096
               ) -> np.ndarray:
        """Render one whole impact offline (silences other voices first); returns 1-D float32.
        ``noise``: uniform grain noise (see :meth:`process`)."""
        self.reset()
        if noise is not None:
            self._pending_noise = np.ascontiguousarray(noise, dtype=np.float64).ravel()
        self.trigger(curves)
        total = 0
        length = int(round(np.shape(curves)[1] * float(self._values["time_stretch"])
                           * self.sample_rate / self.config.frame_rate))
        chunks = []
        while total < length:
            n = min(block, length - total)
            chunks.append(self.process(n)[0])
            total += n
        return np.concatenate(chunks) if chunks else np.zeros(0, np.float32)

    def reset(self) -> None:
        for v in self._voices:
            v.active = False
            v.age = 0
        self._triggers = 0
        self._gate_high = False

    def _kernel_state(self) -> dict[str, np.ndarray]:
        state: dict[str, np.ndarray] = {"triggers": np.array([self._triggers]),
                                        "gate": np.array([self._gate_high])}
        for i, v in enumerate(self._voices):
            ks = v.kernel.get_state()
            for key, value in ks.items():
                state[f"voice{i}.{key}"] = value
            state[f"voice{i}.curves"] = v.curves.copy()
            state[f"voice{i}.gru"] = v.state.copy()
            state[f"voice{i}.meta"] = np.array([v.computed, v.active, v.age, v.velocity,
                                                v.skip])
            if v.last_controls is not None:
                a, f0, mf, ma, mag = v.last_controls
                state[f"voice{i}.last"] = np.concatenate([a, [f0], mf, ma, mag])
        return state

    def _extra_state(self) -> dict[str, Any]:
        """Copies and pickles also keep the curves that gate triggers play."""
        return {"curves": np.array(self.curves)}

    def _set_extra_state(self, state: Mapping[str, Any]) -> None:
        self.curves = np.array(state["curves"], dtype=np.float64)

    def _set_kernel_state(self, state: Mapping[str, np.ndarray]) -> None:
        self._triggers = int(state["triggers"][0])
        self._gate_high = bool(state["gate"][0]) if "gate" in state else False
        c = self.config
        for i, v in enumerate(self._voices):
            prefix = f"voice{i}."
            ks = {k[len(prefix):]: val for k, val in state.items() if k.startswith(prefix)}
            if not ks:
                continue
            v.kernel.set_state(ks)
            v.curves = np.array(ks["curves"])
            v.state = np.array(ks["gru"])
            meta = ks["meta"]
            computed, active, age, velocity = meta[:4]
            v.computed, v.active, v.age, v.velocity = int(computed), bool(active), int(age), \
                float(velocity)
            v.skip = int(meta[4]) if len(meta) > 4 else 0
            if "last" in ks:
                flat = ks["last"]
                k_, m_ = c.n_harmonics, c.n_modes
                v.last_controls = (flat[:k_].copy(), float(flat[k_]),
                                   flat[k_ + 1:k_ + 1 + m_].copy(),
                                   flat[k_ + 1 + m_:k_ + 1 + 2 * m_].copy(),
                                   flat[k_ + 1 + 2 * m_:].copy())


# -- the descriptor VAE, torch-free ---------------------------------------------------------------
class DescriptorVAE:
    """Numpy runtime of the descriptor-curve VAE (:mod:`nrcore.synthesis.training.vae_model`).

    Curves are fixed-length ``(7, frames)`` raw descriptors; the model works on normalised
    curves (the same log/standardisation as the synth) and maps them back.

    Parameters
    ----------
    model : str or Path, optional
        Shipped name (``"vae_small"``) or the path/stem of a safetensors + JSON pair.
    """

    def __init__(self, model: str | Path | None = "vae_small") -> None:
        if model is None:
            model = "vae_small"
        if isinstance(model, str) and "/" not in model and not model.endswith(
                (".json", ".safetensors")) and not Path(model).with_suffix(".json").exists():
            model = shipped_model(model)
        config, t = load_model(model, kind="vae")
        assert isinstance(config, VAEConfig)
        self.config = config
        self.t = t
        self.mean = np.asarray(config.descriptor_mean, dtype=np.float64)
        self.std = np.asarray(config.descriptor_std, dtype=np.float64)

    @property
    def latent_size(self) -> int:
        return self.config.latent

    def _lin(self, name: str, x: np.ndarray) -> np.ndarray:
        out: np.ndarray = x @ self.t[f"{name}.weight"].T + self.t[f"{name}.bias"]
        return out

    def to_model_space(self, curves: np.ndarray) -> np.ndarray:
        """Raw curves ``(batch, 7, frames)`` to normalised ones."""
        out = np.empty_like(curves, dtype=np.float64)
        for d in range(DESCRIPTOR_COUNT):
            v = curves[:, d]
            if LOG_FLOORS[d] is not None:
                v = np.log(np.maximum(v, 0.0) + LOG_FLOORS[d])
            out[:, d] = (v - self.mean[d]) / self.std[d]
        return out

    def from_model_space(self, x: np.ndarray) -> np.ndarray:
        """Normalised curves back to raw descriptors (clamped to their valid ranges)."""
        out = np.empty_like(x, dtype=np.float64)
        for d in range(DESCRIPTOR_COUNT):
            v = x[:, d] * self.std[d] + self.mean[d]
            if LOG_FLOORS[d] is not None:
                v = np.exp(np.minimum(v, 30.0)) - LOG_FLOORS[d]
            lo, hi = DESCRIPTOR_RANGES[d]
            out[:, d] = np.clip(v, lo, hi)
        return out

    def _batch(self, curves: Any) -> np.ndarray:
        arr = np.asarray(curves, dtype=np.float64)
        if arr.ndim == 2:
            arr = arr[None]
        f = self.config.frames
        if arr.ndim != 3 or arr.shape[1:] != (DESCRIPTOR_COUNT, f):
            raise ValueError(f"curves: expected shape (7, {f}) or (batch, 7, {f}), got "
                             f"{np.shape(curves)}")
        fixed = np.stack([check_curves(c)[0] for c in arr])
        return fixed

    def encode(self, curves: Any) -> tuple[np.ndarray, np.ndarray]:
        """Raw curves -> latent mean and log-variance, each ``(batch, latent)``."""
        x = self.to_model_space(self._batch(curves)).reshape(-1, DESCRIPTOR_COUNT
                                                             * self.config.frames)
        h = np.tanh(self._lin("enc1", x))
        h = np.tanh(self._lin("enc2", h))
        return self._lin("enc_mu", h), self._lin("enc_logvar", h)

    def decode_normalised(self, z: np.ndarray) -> np.ndarray:
        h = np.tanh(self._lin("dec1", z))
        h = np.tanh(self._lin("dec2", h))
        return self._lin("dec_out", h).reshape(-1, DESCRIPTOR_COUNT, self.config.frames)

    def decode(self, z: Any) -> np.ndarray:
        """Latent codes ``(batch, latent)`` (or ``(latent,)``) -> raw curves ``(batch, 7, F)``."""
        z = np.asarray(z, dtype=np.float64)
        if z.ndim == 1:
            z = z[None]
        if z.ndim != 2 or z.shape[1] != self.config.latent or not np.all(np.isfinite(z)):
            raise ValueError(f"z: expected finite codes shaped (batch, {self.config.latent})")
        return self.from_model_space(self.decode_normalised(z))

    def sample(self, n: int, seed: int = 0, temperature: float = 1.0) -> np.ndarray:
        """``n`` new curve sets from the prior, ``(n, 7, frames)``."""
        if not 1 <= int(n) <= 100_000:
            raise ValueError(f"n: {n!r} is outside [1, 100000]")
        if not (math.isfinite(temperature) and 0.0 <= temperature <= 10.0):
            raise ValueError(f"temperature: {temperature!r} is outside [0, 10]")
        z = np.random.default_rng(seed).standard_normal((int(n), self.config.latent))
        return self.decode(z * temperature)

    def interpolate(self, curves_a: Any, curves_b: Any, steps: int = 5) -> np.ndarray:
        """Decode ``steps`` points on the line between the codes of two curve sets."""
        if not 2 <= int(steps) <= 1000:
            raise ValueError(f"steps: {steps!r} is outside [2, 1000]")
        za = self.encode(curves_a)[0][0]
        zb = self.encode(curves_b)[0][0]
        t = np.linspace(0.0, 1.0, int(steps))[:, None]
        return self.decode(za + t * (zb - za))


def morph_curves(curves_a: np.ndarray, curves_b: np.ndarray, t: float) -> np.ndarray:
    """Interpolate two descriptor curve sets ``(7, frames)`` at ``t`` in [0, 1].

    Frequencies, rms and flatness are interpolated geometrically (on the log scale the model
    sees), zero-crossing rate linearly. The shorter set is extended with its last frame.
    """
    t = float(t)
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"t: {t!r} is outside [0, 1]")
    a, _ = check_curves(curves_a, "curves_a")
    b, _ = check_curves(curves_b, "curves_b")
    frames = max(a.shape[1], b.shape[1])
    a = np.pad(a, ((0, 0), (0, frames - a.shape[1])), mode="edge")
    b = np.pad(b, ((0, 0), (0, frames - b.shape[1])), mode="edge")
    out = np.empty_like(a)
    for d, floor in enumerate(LOG_FLOORS):
        if floor is None:
            out[d] = (1 - t) * a[d] + t * b[d]
        else:
            out[d] = np.exp((1 - t) * np.log(a[d] + floor) + t * np.log(b[d] + floor)) - floor
    return check_curves(out)[0]


def default_curves(frames: int = 48) -> np.ndarray:
    """A generic decaying drum hit as raw descriptor curves ``(7, frames)`` (no corpus
    needed): rms falls with a 150 ms time constant, pitch and brightness fall with it."""
    t = np.arange(frames) * 512 / 44100.0
    decay = np.exp(-t / 0.15)
    return np.stack([0.2 * decay + 1e-4, 0.03 + 0.02 * decay, 700.0 + 900.0 * decay,
                     1500.0 + 3000.0 * decay, 900.0 + 600.0 * decay, 0.01 + 0.04 * decay,
                     110.0 + 70.0 * decay])


def example_curves(kind: str = "kick", frames: int = 64, seed: int = 0) -> np.ndarray:
    """Descriptor curves of one procedural impact (for demos and tests).

    Needs :mod:`nrcore.synthesis.data` (numpy only, no torch); f0 is 0 on unvoiced frames
    (:func:`nrcore.synthesis.data.analysis.conditioning_curves`).
    """
    from nrcore.synthesis.data.analysis import conditioning_curves
    from nrcore.synthesis.data.corpus import generate_impact

    duration = frames * 512 / 44100.0
    y = generate_impact(kind, seed, sr=44100, duration=duration)
    curves = conditioning_curves(y, 44100)[:, :frames]
    return check_curves(curves)[0]


__all__ = ["ImpactSynth", "DescriptorVAE", "FrameNetwork", "check_curves", "default_curves",
           "example_curves", "morph_curves",
           "ModelFileError"]
