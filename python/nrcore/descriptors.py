"""The seven frame-wise audio descriptors that condition nrcore's neural synthesis.

RMS, zero-crossing rate, spectral centroid, roll-off, bandwidth, flatness and YIN f0, with the
same definitions and defaults as librosa 0.11 (``center=True`` with zero padding, periodic Hann
window, ``n_fft`` 2048, hop 512, roll-off at 85 %, bandwidth with p = 2, flatness over the power
spectrum with ``amin`` 1e-10, ZCR over 2048-sample edge-padded frames, ``librosa.yin(fmin=50,
fmax=5000)``). librosa is not needed at run time; the tests compare against it.

Speed comes from sharing work: one windowed STFT feeds all four spectral descriptors (librosa
computes one per descriptor), the per-frame loops over samples, bins and lags run in Cython
(``nrcore._descriptors``), and YIN's autocorrelation uses the shortest FFT that still avoids
wrap-around up to the longest period.

:func:`compute` analyses a whole signal; :class:`StreamingDescriptors` takes blocks of any size
and returns the same frames as soon as each is complete (``flush`` returns the last ones, which
depend on the end of the signal). :func:`sanitize` clamps curves from elsewhere (a VAE, a
file, a user) into range and reports what it changed.

Where nrcore differs from librosa, on purpose:

* **Silence has no pitch.** A frame whose RMS is below :data:`SILENCE_RMS` (1e-10, -200 dBFS;
  digital silence) has f0 = 0 (unvoiced); librosa's YIN reports a period of its shortest lag
  there (about ``fmax``, e.g. 5333 Hz at 48 kHz).
* **Finite for any finite input.** Signals whose peak exceeds 2**64 are analysed scaled by a
  power of two (exact), with ``amin``, the ZCR threshold and the silence level scaled alike, and
  RMS scaled back; flatness no longer overflows to inf (it did from about 1e17).
* **fmax and Nyquist.** ``fmax`` only matters for f0: :func:`compute_spectral_temporal` clips it
  to Nyquist, :func:`compute` and :class:`StreamingDescriptors` refuse an ``fmax`` above
  ``sr / 2`` with a message saying what to pass.
* **Shapes and types** follow librosa: ``(n,)`` gives ``(7, frames)`` and ``(..., n)`` gives
  ``(..., 7, frames)`` (every channel analysed alike); float64 input gives float64 curves,
  anything else float32.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

import nrcore._descriptors as _kernels

#: Descriptor rows, in the order of :func:`compute`'s output.
DESCRIPTOR_NAMES: tuple[str, ...] = ("rms", "zcr", "centroid", "rolloff", "bandwidth", "flatness", "f0")
#: Unit of each row ("" for dimensionless).
DESCRIPTOR_UNITS: tuple[str, ...] = ("", "crossings/sample", "Hz", "Hz", "Hz", "", "Hz")
#: One line per descriptor, for help texts and plots.
DESCRIPTOR_HELP: dict[str, str] = {
    "rms": "root mean square of the 2048-sample frame (full-scale sine: 0.707)",
    "zcr": "sign changes per sample in the frame",
    "centroid": "magnitude-weighted mean frequency of the spectrum",
    "rolloff": "frequency below which 85 % of the spectral magnitude lies",
    "bandwidth": "magnitude-weighted standard deviation of frequency around the centroid",
    "flatness": "geometric over arithmetic mean of the power spectrum (1 = white noise)",
    "f0": "YIN fundamental frequency estimate (0 on silent frames: unvoiced)",
}

#: Analysis settings and their defaults (the keyword arguments of :func:`compute`).
DEFAULT_SETTINGS: dict[str, Any] = {"n_fft": 2048, "hop_length": 512, "fmin": 50.0, "fmax": 5000.0}

ROLL_PERCENT = 0.85
FLATNESS_AMIN = 1e-10
ZCR_THRESHOLD = 1e-10
YIN_TROUGH_THRESHOLD = 0.1
#: Frames with an RMS below this (-200 dBFS) are silence: f0 = 0 (unvoiced).
SILENCE_RMS = 1e-10
#: Signals with a larger peak are analysed scaled down by a power of two (exact), so that no
#: square, FFT or power sum can overflow.
SCALE_ABOVE = 2.0 ** 64
_FLOAT32_MAX = float(np.finfo(np.float32).max)

# Frames analysed per FFT call: large enough to amortise numpy's call overhead, small enough
# that the windowed frames and spectra stay in cache-friendly sizes on long signals.
_CHUNK_FRAMES = 32


def settings(**overrides: Any) -> dict[str, Any]:
    """The full analysis settings with ``overrides`` applied, normalised (ints and floats).

    Range checks that need the sample rate happen in :func:`compute`.

    Parameters
    ----------
    **overrides : Any
        Any of :data:`DEFAULT_SETTINGS` (``n_fft`` and ``hop_length`` in samples, ``fmin`` and
        ``fmax`` in Hz).

    Returns
    -------
    dict
        Every setting.

    Raises
    ------
    ValueError
        Naming an unknown setting and listing the known ones.
    """
    unknown = set(overrides) - set(DEFAULT_SETTINGS)
    if unknown:
        raise ValueError(
            f"unknown descriptor setting(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(DEFAULT_SETTINGS)}"
        )
    merged = dict(DEFAULT_SETTINGS, **overrides)
    return {
        "n_fft": _as_int(merged["n_fft"], "n_fft"),
        "hop_length": _as_int(merged["hop_length"], "hop_length"),
        "fmin": float(merged["fmin"]),
        "fmax": float(merged["fmax"]),
    }


def frame_count(n_samples: int, n_fft: int = 2048, hop_length: int = 512) -> int:
    """Number of centred frames for ``n_samples`` samples (librosa's count).

    Parameters
    ----------
    n_samples : int
        Signal length in samples.
    n_fft : int
        Frame length in samples.
    hop_length : int
        Samples between frame centres.

    Returns
    -------
    int
        ``1 + n_samples // hop_length`` for the default centred, zero-padded frames.
    """
    pad = n_fft // 2
    return 1 + (int(n_samples) + 2 * pad - n_fft) // hop_length


def frame_times(n_frames: int, sr: float, hop_length: int = 512) -> np.ndarray:
    """Centre time in seconds of each frame (frame ``t`` is centred on sample ``t * hop``).

    Parameters
    ----------
    n_frames : int
        Number of frames.
    sr : float
        Sample rate in Hz.
    hop_length : int
        Samples between frame centres.

    Returns
    -------
    numpy.ndarray, shape (n_frames,), float64
        Times in seconds.
    """
    return np.arange(n_frames) * (hop_length / float(sr))


def descriptor_ranges(sr: float) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest meaningful value of each descriptor at sample rate ``sr`` (Hz).

    RMS of audio in [-1, 1] and ZCR and flatness are at most 1; frequencies lie in [0, sr / 2]
    (YIN's shortest period is 2 samples, so its f0 never exceeds sr / 2 either).

    Parameters
    ----------
    sr : float
        Sample rate in Hz.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lowest and highest values, shape (7,) each, in :data:`DESCRIPTOR_UNITS`.
    """
    nyquist = float(sr) / 2.0
    low = np.zeros(len(DESCRIPTOR_NAMES))
    high = np.array([1.0, 1.0, nyquist, nyquist, nyquist, 1.0, nyquist])
    return low, high


class _Analyzer:
    """Settings-derived constants and the frame loop shared by compute() and streaming."""

    def __init__(self, sr: float, n_fft: int, hop_length: int, fmin: float, fmax: float,
                 with_f0: bool = True) -> None:
        sr = float(sr)
        if not (math.isfinite(sr) and sr > 0.0):
            raise ValueError(f"sr: {sr!r} Hz is not a positive sample rate")
        if n_fft < 16:
            raise ValueError(f"n_fft: {n_fft} samples is below the minimum of 16")
        if hop_length < 1:
            raise ValueError(f"hop_length: {hop_length} samples is below the minimum of 1")
        if not (math.isfinite(fmin) and fmin > 0.0):
            raise ValueError(f"fmin: {fmin!r} Hz must be a positive frequency")
        if not math.isfinite(fmax):
            raise ValueError(f"fmax: {fmax!r} Hz is not a finite frequency")
        if not with_f0:
            # fmax only bounds the f0 search: without f0 it is clipped to Nyquist and fmin is
            # not used (only its sign is checked).
            fmax = min(fmax, sr / 2.0)
        elif fmax > sr / 2.0:
            raise ValueError(
                f"fmax: {fmax:g} Hz is above the Nyquist frequency sr / 2 = {sr / 2.0:g} Hz, "
                f"where f0 cannot be measured; pass fmax <= {sr / 2.0:g} (or use "
                f"compute_spectral_temporal if f0 is not needed)"
            )
        if with_f0 and not fmin < fmax:
            raise ValueError(f"fmax: {fmax:g} Hz must lie above fmin ({fmin:g} Hz)")
        if with_f0 and sr / fmin >= n_fft - 1:
            raise ValueError(
                f"fmin: {fmin:g} Hz has a period of {sr / fmin:.1f} samples, which does not fit "
                f"in n_fft = {n_fft}; raise fmin above {sr / (n_fft - 1):.3f} Hz or n_fft above "
                f"{int(math.ceil(sr / fmin)) + 1}"
            )
        self.sr = sr
        self.n_fft = n_fft
        self.hop = hop_length
        self.pad = n_fft // 2
        self.fmin = fmin
        self.fmax = fmax
        self.with_f0 = with_f0
        # Periodic Hann (scipy.signal.get_window("hann", n, fftbins=True)), as librosa uses.
        self.window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)
        self.bin_hz = sr / n_fft
        self.min_period = max(1, int(math.floor(sr / fmax)))
        self.max_period = min(int(math.ceil(sr / fmin)), n_fft - 1)
        if with_f0 and self.max_period - self.min_period < 1:
            raise ValueError(f"fmin/fmax: {fmin:g}..{fmax:g} Hz leaves fewer than two YIN lags")
        # Linear autocorrelation up to lag max_period needs an FFT of at least n_fft + max_period
        # points (longer lags may wrap, shorter ones cannot).
        self.acf_size = _next_fast_len(n_fft + self.max_period)
        # Frames copied into zero-padded rows: numpy's rfft of a ready, contiguous array is
        # about 1.7x faster than asking it to pad (rfft(frames, n=...)).
        self._padded = np.zeros((_CHUNK_FRAMES if with_f0 else 0, self.acf_size))

    def analyze(
        self,
        buf: np.ndarray,
        first: int,
        n_frames: int,
        signal_start: int,
        signal_end: int,
        with_f0: bool = True,
    ) -> np.ndarray:
        """Descriptors of ``n_frames`` frames starting at ``buf[first]``, spaced by the hop.

        ``buf`` is float64 holding zeros outside ``[signal_start, signal_end)`` where a centred
        frame overhangs the signal. Without f0 the result has six rows. The result is float64
        and finite (huge signals are analysed scaled by a power of two, see the module notes).
        """
        out = np.empty((len(DESCRIPTOR_NAMES) - (0 if with_f0 else 1), n_frames), dtype=np.float64)
        if n_frames == 0:
            return out
        end = first + (n_frames - 1) * self.hop + self.n_fft
        if first < 0 or end > buf.shape[0]:
            raise ValueError("frames reach outside the analysis buffer")
        amin, zcr_threshold, silence_rms = FLATNESS_AMIN, ZCR_THRESHOLD, SILENCE_RMS
        peak = float(np.max(np.abs(buf[first:end])))
        exponent = 0
        if peak > SCALE_ABOVE:
            # Exact scaling by 2**-exponent; the thresholds that are absolute levels follow.
            exponent = math.frexp(peak)[1]
            buf = np.ldexp(buf, -exponent)
            amin = max(math.ldexp(amin, -2 * exponent), 1e-300)
            zcr_threshold = math.ldexp(zcr_threshold, -exponent)
            silence_rms = math.ldexp(silence_rms, -exponent)
        rms, zcr, centroid, rolloff, bandwidth, flatness = out[:6]
        _kernels.frame_rms(buf, first, n_frames, self.n_fft, self.hop, rms, 0)
        _kernels.frame_zcr(
            buf, first, n_frames, self.n_fft, self.hop, signal_start, signal_end, zcr_threshold,
            zcr, 0
        )
        frames_all = np.lib.stride_tricks.as_strided(
            buf[first:],
            shape=(n_frames, self.n_fft),
            strides=(buf.strides[0] * self.hop, buf.strides[0]),
            writeable=False,
        )
        silence = silence_rms * silence_rms * self.n_fft
        for start in range(0, n_frames, _CHUNK_FRAMES):
            stop = min(n_frames, start + _CHUNK_FRAMES)
            frames = frames_all[start:stop]
            spectrum = np.fft.rfft(frames * self.window, axis=-1)
            _kernels.spectral_features(
                spectrum, self.bin_hz, ROLL_PERCENT, amin,
                centroid, rolloff, bandwidth, flatness, start,
            )
            if not with_f0:
                continue
            f0 = out[6]
            padded = self._padded[: stop - start]
            padded[:, : self.n_fft] = frames
            spectrum = np.fft.rfft(padded, axis=-1)
            # |X|^2 kept complex (imaginary part 0): numpy's irfft of a complex array is
            # several times faster than of a real one, which it would first convert.
            np.multiply(spectrum, spectrum.conj(), out=spectrum)
            acf = np.fft.irfft(spectrum, n=self.acf_size, axis=-1)[:, : self.max_period + 1]
            _kernels.yin_f0(
                np.ascontiguousarray(acf), buf, first + start * self.hop,
                self.hop, self.min_period, self.max_period, YIN_TROUGH_THRESHOLD, self.sr,
                silence, f0, start,
            )
        if exponent:
            np.ldexp(rms, exponent, out=rms)
        return out


def _as_output(curves: np.ndarray, dtype: Any) -> np.ndarray:
    """float64 curves as ``dtype`` (float32 or float64); RMS beyond float32's range is clamped
    there, so a float32 result is finite too."""
    if dtype == np.float64:
        return curves
    rms = curves[..., 0, :]
    np.minimum(rms, _FLOAT32_MAX, out=rms)
    return curves.astype(np.float32)


def compute(
    y: np.ndarray,
    sr: float,
    *,
    n_fft: int = 2048,
    hop_length: int = 512,
    fmin: float = 50.0,
    fmax: float = 5000.0,
) -> np.ndarray:
    """The seven descriptor curves of a signal (each channel of a multichannel one).

    Parameters
    ----------
    y : numpy.ndarray
        Samples, shape ``(n,)`` or ``(..., n)`` (channels first, as librosa), n >= 1, finite
        (any finite magnitude).
    sr : float
        Sample rate in Hz.
    n_fft : int
        Frame length in samples for every descriptor (and YIN's frame length).
    hop_length : int
        Samples between frame centres.
    fmin, fmax : float
        YIN search range in Hz (``sr / fmin`` must fit in ``n_fft - 1`` samples and
        ``fmax <= sr / 2``; a larger ``fmax`` is refused, with what to pass instead).

    Returns
    -------
    numpy.ndarray
        Shape ``(7, frame_count(n))`` for 1-D input, ``(..., 7, frame_count(n))`` otherwise;
        float64 for float64 input, float32 for anything else. Rows in
        :data:`DESCRIPTOR_NAMES` order with the units of :data:`DESCRIPTOR_UNITS`; frame ``t``
        is centred on sample ``t * hop_length``. Every value is finite; f0 is 0 on silent
        frames (RMS below :data:`SILENCE_RMS`).
    """
    return _compute(y, sr, n_fft, hop_length, fmin, fmax, with_f0=True)


def compute_spectral_temporal(
    y: np.ndarray,
    sr: float,
    *,
    n_fft: int = 2048,
    hop_length: int = 512,
    fmin: float = 50.0,
    fmax: float = 5000.0,
) -> np.ndarray:
    """The first six rows of :func:`compute` (everything but f0), skipping YIN's cost.

    Parameters
    ----------
    y : numpy.ndarray
        Samples, shape ``(n,)`` or ``(..., n)``.
    sr : float
        Sample rate in Hz.
    n_fft, hop_length : int
        As for :func:`compute`, in samples.
    fmin, fmax : float
        Unused (f0 is not computed), accepted for symmetry with :func:`compute`; ``fmax``
        is clipped to Nyquist, so the defaults work at any sample rate.

    Returns
    -------
    numpy.ndarray
        Shape ``(6, frames)`` or ``(..., 6, frames)``, float64 for float64 input, else float32.
    """
    return _compute(y, sr, n_fft, hop_length, fmin, fmax, with_f0=False)


def _compute(
    y: Any, sr: float, n_fft: int, hop_length: int, fmin: float, fmax: float, with_f0: bool
) -> np.ndarray:
    cfg = settings(n_fft=n_fft, hop_length=hop_length, fmin=fmin, fmax=fmax)
    analyzer = _Analyzer(sr, cfg["n_fft"], cfg["hop_length"], cfg["fmin"], cfg["fmax"],
                         with_f0=with_f0)
    dtype = np.float64 if getattr(y, "dtype", None) == np.float64 else np.float32
    try:
        arr = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("y: not a numeric array of samples") from None
    if arr.ndim == 0:
        raise ValueError("y: expected samples shaped (n,) or (..., n), got a single number")
    n = arr.shape[-1]
    if n == 0:
        raise ValueError("y: no samples; need at least 1")
    if not np.all(np.isfinite(arr)):
        raise ValueError("y: contains NaN or infinite samples")
    channels = arr.reshape(-1, n)
    pad = analyzer.pad
    n_frames = frame_count(n, analyzer.n_fft, analyzer.hop)
    rows = len(DESCRIPTOR_NAMES) - (0 if with_f0 else 1)
    result = np.empty((channels.shape[0], rows, n_frames), dtype=np.float64)
    buf = np.zeros(n + 2 * pad)
    for c, samples in enumerate(channels):
        buf[pad : pad + n] = samples
        result[c] = analyzer.analyze(buf, 0, n_frames, pad, pad + n, with_f0=with_f0)
    return _as_output(result, dtype).reshape(arr.shape[:-1] + (rows, n_frames))


class StreamingDescriptors:
    """Descriptors of a signal arriving in blocks: the same frames as :func:`compute`.

    A centred frame is complete once the sample ``n_fft // 2`` after its centre has arrived
    (:attr:`latency_samples`); :meth:`process` returns every frame completed by the block.
    The last frames overhang the end of the signal, so they come from :meth:`flush`, which
    treats the signal as ended. Concatenating all outputs along the frame axis gives
    ``compute(whole_signal)`` (to float rounding), whatever the block sizes.

    Parameters
    ----------
    sr : float
        Sample rate in Hz.
    n_fft, hop_length, fmin, fmax :
        As for :func:`compute`.
    """

    def __init__(
        self,
        sr: float,
        n_fft: int = 2048,
        hop_length: int = 512,
        fmin: float = 50.0,
        fmax: float = 5000.0,
    ) -> None:
        cfg = settings(n_fft=n_fft, hop_length=hop_length, fmin=fmin, fmax=fmax)
        self._analyzer = _Analyzer(sr, cfg["n_fft"], cfg["hop_length"], cfg["fmin"], cfg["fmax"])
        self.sr = self._analyzer.sr
        self.n_fft = self._analyzer.n_fft
        self.hop_length = self._analyzer.hop
        self.fmin = self._analyzer.fmin
        self.fmax = self._analyzer.fmax
        self._buf = np.zeros(4 * self.n_fft)
        self.reset()

    @property
    def latency_samples(self) -> int:
        """Samples between a frame's centre arriving and the frame being returned."""
        return self.n_fft - self._analyzer.pad

    @property
    def frames_done(self) -> int:
        """Frames returned since the last reset or flush."""
        return self._next_frame

    @property
    def samples_received(self) -> int:
        """Samples received since the last reset or flush."""
        return self._received

    def reset(self) -> None:
        """Forget the signal: the next block starts a new one."""
        pad = self._analyzer.pad
        # The buffer starts at the next frame's first sample; before the signal that is the
        # centred frames' zero padding, stored as real zeros.
        self._origin = -pad
        self._buf[:pad] = 0.0
        self._length = pad
        self._received = 0
        self._next_frame = 0

    def process(self, block: np.ndarray) -> np.ndarray:
        """Append a block of samples; return the descriptors of every frame it completed.

        Parameters
        ----------
        block : numpy.ndarray
            Mono samples, shape ``(n,)`` or ``(1, n)``, any n >= 0. NaN/inf count as 0 (a
            stream must not stop on one bad sample).

        Returns
        -------
        numpy.ndarray
            float32, shape ``(7, new_frames)``.
        """
        samples = _as_mono(block, "block")
        if samples.shape[0]:
            samples = np.where(np.isfinite(samples), samples, 0.0)
            self._append(samples)
            self._received += samples.shape[0]
        a = self._analyzer
        # Frame t needs signal samples up to t * hop - pad + n_fft - 1.
        complete = (self._received - self.n_fft + a.pad) // a.hop + 1
        return self._emit(max(0, complete - self._next_frame), signal_end=None)

    def flush(self) -> np.ndarray:
        """Return the remaining frames as if the signal ended here, then reset.

        Returns
        -------
        numpy.ndarray
            float32, shape ``(7, frames)``; empty when no sample was received.
        """
        if self._received == 0:
            self.reset()
            return np.empty((len(DESCRIPTOR_NAMES), 0), dtype=np.float32)
        a = self._analyzer
        signal_end = self._length
        self._append(np.zeros(a.pad))
        total = frame_count(self._received, a.n_fft, a.hop)
        out = self._emit(total - self._next_frame, signal_end=signal_end)
        self.reset()
        return out

    # -- internals --------------------------------------------------------------------------
    def _append(self, samples: np.ndarray) -> None:
        need = self._length + samples.shape[0]
        if need > self._buf.shape[0]:
            grown = np.zeros(max(need, 2 * self._buf.shape[0]))
            grown[: self._length] = self._buf[: self._length]
            self._buf = grown
        self._buf[self._length : need] = samples
        self._length = need

    def _emit(self, n_frames: int, signal_end: int | None) -> np.ndarray:
        a = self._analyzer
        if n_frames <= 0:
            return np.empty((len(DESCRIPTOR_NAMES), 0), dtype=np.float32)
        signal_start = max(0, -self._origin)
        if signal_end is None:
            # While streaming, no complete frame reads past the received samples.
            signal_end = self._length
        out = _as_output(a.analyze(self._buf, 0, n_frames, signal_start, signal_end),
                         np.float32)
        self._next_frame += n_frames
        # Drop the samples no later frame needs; keep the rest at the buffer's start.
        drop = n_frames * a.hop
        keep = self._length - drop
        if keep > 0:
            self._buf[:keep] = self._buf[drop : self._length]
        self._length = max(0, keep)
        self._origin += drop
        return out


def sanitize(curves: np.ndarray, sr: float) -> tuple[np.ndarray, list[str]]:
    """Descriptor curves made safe to condition on: NaN filled, everything clamped to range.

    NaN values take the nearest earlier finite value of the same descriptor (the first finite
    value for leading NaNs; the descriptor's lowest value when a whole row is NaN). Values
    outside :func:`descriptor_ranges` (including +-inf) are clamped.

    Parameters
    ----------
    curves : numpy.ndarray
        Shape ``(..., 7, frames)``, rows in :data:`DESCRIPTOR_NAMES` order.
    sr : float
        Sample rate in Hz the curves refer to (sets the frequency limits).

    Returns
    -------
    (numpy.ndarray, list of str)
        A float32 copy of the curves, and one line per descriptor that needed changes, e.g.
        ``"f0: 3 NaN values filled from neighbouring frames; 2 values above 22050 Hz
        clamped"``. An empty list means the curves were already clean.
    """
    sr = float(sr)
    if not (math.isfinite(sr) and sr > 0.0):
        raise ValueError(f"sr: {sr!r} Hz is not a positive sample rate")
    try:
        arr = np.array(curves, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("curves: not a numeric array") from None
    if arr.ndim < 2 or arr.shape[-2] != len(DESCRIPTOR_NAMES):
        raise ValueError(
            f"curves: expected shape (..., {len(DESCRIPTOR_NAMES)}, frames) with rows "
            f"{', '.join(DESCRIPTOR_NAMES)}; got {arr.shape}"
        )
    low, high = descriptor_ranges(sr)
    rows = arr.reshape(-1, len(DESCRIPTOR_NAMES), arr.shape[-1])
    report: list[str] = []
    for d, name in enumerate(DESCRIPTOR_NAMES):
        unit = f" {DESCRIPTOR_UNITS[d]}" if DESCRIPTOR_UNITS[d] and DESCRIPTOR_UNITS[d] != "crossings/sample" else ""
        problems = []
        nan_count = 0
        for curve in rows[:, d, :]:
            missing = np.isnan(curve)
            if missing.any():
                nan_count += int(missing.sum())
                curve[:] = _fill_nan(curve, missing, low[d])
        if nan_count:
            problems.append(f"{nan_count} NaN value{'s' if nan_count != 1 else ''} filled from neighbouring frames")
        values = rows[:, d, :]
        below = int(np.count_nonzero(values < low[d]))
        above = int(np.count_nonzero(values > high[d]))
        if below:
            problems.append(f"{below} value{'s' if below != 1 else ''} below {low[d]:g}{unit} clamped")
        if above:
            problems.append(f"{above} value{'s' if above != 1 else ''} above {high[d]:g}{unit} clamped")
        np.clip(values, low[d], high[d], out=values)
        if problems:
            report.append(f"{name}: " + "; ".join(problems))
    return rows.reshape(arr.shape).astype(np.float32), report


def _fill_nan(curve: np.ndarray, missing: np.ndarray, fallback: float) -> np.ndarray:
    """Forward-fill NaNs; leading NaNs take the first finite value; all-NaN becomes fallback."""
    valid = ~missing
    if not valid.any():
        return np.full_like(curve, fallback)
    index = np.where(valid, np.arange(curve.shape[0]), 0)
    np.maximum.accumulate(index, out=index)
    filled = curve[index]
    first = int(np.argmax(valid))
    filled[:first] = curve[first]
    return filled


def _as_mono(x: Any, what: str) -> np.ndarray:
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim == 2 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.ndim != 1:
        raise ValueError(f"{what}: expected mono samples shaped (n,) or (1, n), got shape {arr.shape}")
    return np.ascontiguousarray(arr)


def _as_int(value: Any, name: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: {value!r} is not an integer") from None
    if not number.is_integer():
        raise ValueError(f"{name}: {value!r} is not an integer")
    return int(number)


def _next_fast_len(n: int) -> int:
    """Smallest even 2^a 3^b 5^c >= n (sizes pocketfft transforms fastest)."""
    best = 1 << (max(1, n - 1)).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            size = p35
            while size < n:
                size *= 2
            if size % 2 == 0 and size < best:
                best = size
            p35 *= 3
        p5 *= 5
    return best
