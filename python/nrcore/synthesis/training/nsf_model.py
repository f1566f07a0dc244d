"""The descriptor-conditioned harmonic + modal + filtered-noise model in torch (training only).

Design for real time on one CPU core: everything learned runs at frame rate (one frame every
``hop / reference_rate`` seconds, 11.6 ms by default); the waveform-rate work is a voiced
harmonic source, a bank of damped sinusoids (modal resonators), noise filtered by a 64-band
time-variant filter bank (short-time Fourier grains), a release fade and a soft limiter. The
torch-free runtime (:mod:`nrcore.synthesis.runtime` with :mod:`nrcore._nsf`) computes exactly
the same equations. The seven descriptors stay the control surface; the voicing is the f0
row itself (``f0 = 0`` on unvoiced frames, set at analysis time by
:func:`nrcore.synthesis.data.analysis.conditioning_curves`).

Per frame ``i`` (raw curves ``d_i``: rms, zcr, centroid, rolloff, bandwidth, flatness, f0)::

    x_i = normalise(d_i)                       log of rms/centroid/rolloff/bandwidth/flatness/f0,
                                               then (x - mean) / std of the training corpus
    h_i = GRU(tanh(W_in x_i + b_in), h_{i-1})   causal
    o_i = W_out h_i + b_out = [mix (3) | harmonic logits (K) | band logits (B) |
                               mode offsets (M) | mode logits (M)]
    v   = clamp((f0 - 30) / 20, 0, 1)                                  voicing gate
    harmonic raw amplitudes  a_k = softmax(harm logits)_k mask(k f0) v
    mode frequencies         F_m = centroid 2^(r_m + 0.5 tanh(offset_m)),  r_m = linspace(-3, 2)
    mode raw amplitudes      u_m = sqrt(softmax(mode logits)_m) mask(F_m)
    band raw amplitudes      b_j = sqrt(softmax(band logits)_j);  noise response Mag = T b
                             (T: triangular bands on a log-frequency axis, centres from
                             band_fmin to band_fmax, evaluated at the grain's FFT bins)
    raw powers  R_h = sum a^2 / 2,  R_m = sum u^2 / 2,  R_n = mean over the N-point spectrum of Mag^2
    e = softmax(mix);  g_c = sqrt(e_c / (R_c + 1e-8));  Q = sum_c g_c^2 R_c
    S = rms / sqrt(Q + 1e-12)                  rms by construction
    A_k = S g_h a_k,  Am_m = S g_m u_m + 1e-9,  noise magnitude S g_n Mag

``mask(f) = clamp((0.45 sr - f) / (0.05 sr), 0, 1)`` silences partials near the host Nyquist.

Per output sample ``n`` at host rate ``sr`` (``p = n frame_rate / sr``, ``i = floor(p)``,
``a = p - i``, frame indices clamped to the last frame)::

    harm[n]  = sum_k lerp(A)_k sin(2 pi k phi[n]),    phi[n] = sum_{m<=n} lerp(f0)(m) / sr
    modal[n] = sum_m Am_i,m (Am_i+1,m / Am_i,m)^a sin(2 pi psi_m[n]),
               psi_m[n] = sum_{m'<=n} F_{i(m'),m} / sr         (damped sinusoids: the amplitude
               decays or grows geometrically within a frame, frequency per frame)
    noise[n] = sum_j w[n - (j - 1) H] grain_j[n - (j - 1) H]  sine-windowed grains every H =
               round(hop sr / ref) samples, N = 2H long; grain_j = irfft(rfft(sqrt(3) u_j) *
               lerp(Mag_a, Mag_a+1, alpha_j)) with its own uniform noise u_j (N values), frame
               a = floor(p((j - 1) H)) (0 for j = 0), alpha_j = clamp(p(jH) - a, 0, 1)
    y[n]     = (harm + modal + noise) * clamp((n_total - n) / R, 0, 1)   release fade, R = 20 ms
    out[n]   = limit(y[n]):  y if |y| <= 0.9, else sign(y) (0.9 + 0.1 tanh((|y| - 0.9) / 0.1))

The sine window (``sin(pi (k + 0.5) / N)``) is power-complementary at 50 % overlap, so the
noise power is ``S^2 g_n^2 R_n`` at every sample.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from nrcore.synthesis.modelfile import DESCRIPTOR_COUNT, NSFConfig

# One definition of what training and the torch-free runtime must agree on: descriptor log
# floors, limiter knee, release fade and the noise grains' sizes.
from nrcore.synthesis.runtime import LIMIT_KNEE, LOG_FLOORS, RELEASE_SECONDS, grain_hop, \
    sine_window


def band_matrix(config: NSFConfig, sample_rate: float, hop: int | None = None) -> np.ndarray:
    """``(H + 1, bands)``: each band's triangular response (log frequency) at the FFT bins of
    one grain (N = 2H points, H = ``hop`` or :func:`grain_hop`) at ``sample_rate``. Below the
    first centre the first band is flat, above the last centre the last band falls to 0 one
    band spacing higher; DC is 0."""
    h = grain_hop(config, sample_rate) if hop is None else int(hop)
    freqs = np.arange(h + 1) * sample_rate / (2 * h)
    bands = config.noise_bands
    centres = np.log2(config.band_fmin) + np.arange(bands) * (
        np.log2(config.band_fmax / config.band_fmin) / max(bands - 1, 1))
    spacing = centres[1] - centres[0] if bands > 1 else 1.0
    lf = np.log2(np.maximum(freqs, 1e-9))
    tri = np.maximum(0.0, 1.0 - np.abs(lf[:, None] - centres[None, :]) / spacing)
    tri[lf < centres[0], 0] = 1.0
    tri[0, :] = 0.0
    matrix: np.ndarray = tri
    return matrix


def mode_ratios(modes: int) -> np.ndarray:
    """Base octave offset of each mode from the centroid, ``linspace(-3, 2, modes)``."""
    return np.linspace(-3.0, 2.0, modes) if modes > 1 else np.zeros(1)


def limit(y: torch.Tensor) -> torch.Tensor:
    """The soft limiter of the output stage (never reaches full scale)."""
    a = torch.abs(y)
    over = LIMIT_KNEE + (1.0 - LIMIT_KNEE) * torch.tanh((a - LIMIT_KNEE) / (1.0 - LIMIT_KNEE))
    return torch.where(a <= LIMIT_KNEE, y, torch.sign(y) * over)


def normalise_curves(curves: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """Raw descriptor curves ``(batch, 7, frames)`` to the network's input scale."""
    rows = []
    for d in range(DESCRIPTOR_COUNT):
        v = curves[:, d]
        floor = LOG_FLOORS[d]
        if floor is not None:
            v = torch.log(torch.clamp(v, min=0.0) + floor)
        rows.append((v - mean[d]) / std[d])
    return torch.stack(rows, dim=1)


class SincNSF(nn.Module):
    """Descriptor-conditioned harmonic + modal + filter-bank noise synth (module docstring).

    Parameters
    ----------
    config : NSFConfig
        Sizes, frame hop, reference rate and descriptor normalisation.
    """

    desc_mean: torch.Tensor     # buffers (register_buffer), typed for mypy
    desc_std: torch.Tensor

    def __init__(self, config: NSFConfig) -> None:
        super().__init__()
        self.config = config
        h = config.hidden
        self.inp = nn.Linear(DESCRIPTOR_COUNT, h)
        self.gru = nn.GRU(h, h, batch_first=True)
        self.out = nn.Linear(h, config.n_controls)
        with torch.no_grad():
            self.out.weight.mul_(0.1)
            self.out.bias.zero_()
        self.register_buffer("desc_mean", torch.tensor(config.descriptor_mean, dtype=torch.float32))
        self.register_buffer("desc_std", torch.tensor(config.descriptor_std, dtype=torch.float32))
        self._bands: dict[float, torch.Tensor] = {}

    # -- frame rate -----------------------------------------------------------------------------
    def frame_outputs(self, curves: torch.Tensor, state: torch.Tensor | None = None
                      ) -> tuple[torch.Tensor, torch.Tensor]:
        """Network outputs ``(batch, frames, n_controls)`` and the final GRU state."""
        x = normalise_curves(curves, self.desc_mean, self.desc_std).transpose(1, 2)
        hidden, state = self.gru(torch.tanh(self.inp(x)), state)
        return self.out(hidden), state

    def band_matrix(self, sample_rate: float, dtype: torch.dtype) -> torch.Tensor:
        key = float(sample_rate)
        if key not in self._bands:
            self._bands[key] = torch.tensor(band_matrix(self.config, sample_rate))
        return self._bands[key].to(dtype)

    def controls(self, curves: torch.Tensor, outputs: torch.Tensor, sample_rate: float
                 ) -> dict[str, torch.Tensor]:
        """Frame controls at the host ``sample_rate``: ``amps`` (B, F, K), ``f0`` (B, F) Hz,
        ``mode_freqs`` and ``mode_amps`` (B, F, M), ``noise`` (B, F, H + 1) magnitudes."""
        c = self.config
        k_count, bands, modes = c.n_harmonics, c.noise_bands, c.n_modes
        o = outputs
        dtype = o.dtype
        curves = curves.to(dtype)
        rms = torch.clamp(curves[:, 0], min=0.0)
        f0 = torch.clamp(curves[:, 6], min=0.0)
        centroid = torch.clamp(curves[:, 2], min=1.0)
        sr = float(sample_rate)
        voicing = torch.clamp((f0 - 30.0) / 20.0, 0.0, 1.0)
        mix = torch.softmax(o[..., 0:3], dim=-1)
        base = 3
        ks = torch.arange(1, k_count + 1, dtype=dtype, device=o.device)
        hmask = torch.clamp((0.45 * sr - ks * f0.unsqueeze(-1)) / (0.05 * sr), 0.0, 1.0)
        harm = torch.softmax(o[..., base:base + k_count], dim=-1) * hmask * voicing.unsqueeze(-1)
        base += k_count
        band_amp = torch.sqrt(torch.softmax(o[..., base:base + bands], dim=-1))
        base += bands
        ratios = torch.tensor(mode_ratios(modes), dtype=dtype, device=o.device)
        freqs = centroid.unsqueeze(-1) * torch.exp2(ratios + 0.5 * torch.tanh(
            o[..., base:base + modes]))
        base += modes
        mmask = torch.clamp((0.45 * sr - freqs) / (0.05 * sr), 0.0, 1.0)
        mode_raw = torch.sqrt(torch.softmax(o[..., base:base + modes], dim=-1)) * mmask
        tri = self.band_matrix(sr, dtype).to(o.device)
        mag = band_amp @ tri.T                                   # (B, F, H + 1)
        n_fft = 2 * (tri.shape[0] - 1)
        r_n = (mag[..., 0] ** 2 + 2.0 * (mag[..., 1:-1] ** 2).sum(-1) + mag[..., -1] ** 2) / n_fft
        r_h = 0.5 * (harm ** 2).sum(-1)
        r_m = 0.5 * (mode_raw ** 2).sum(-1)
        g_h = torch.sqrt(mix[..., 0] / (r_h + 1e-8))
        g_n = torch.sqrt(mix[..., 1] / (r_n + 1e-8))
        g_m = torch.sqrt(mix[..., 2] / (r_m + 1e-8))
        q = g_h ** 2 * r_h + g_n ** 2 * r_n + g_m ** 2 * r_m
        s = rms / torch.sqrt(q + 1e-12)
        return {"amps": (s * g_h).unsqueeze(-1) * harm, "f0": f0,
                "mode_freqs": freqs, "mode_amps": (s * g_m).unsqueeze(-1) * mode_raw + 1e-9,
                "noise": (s * g_n).unsqueeze(-1) * mag}

    # -- waveform rate --------------------------------------------------------------------------
    def n_samples(self, frames: int, sample_rate: float) -> int:
        """Output length for ``frames`` frames at ``sample_rate``."""
        return int(round(frames * sample_rate / self.config.frame_rate))

    def n_noise(self, n: int, sample_rate: float) -> int:
        """Uniform noise values the noise grains of an ``n``-sample sound consume."""
        h = grain_hop(self.config, sample_rate)
        grains = -(-n // h) + 1
        return grains * 2 * h

    def synthesize(self, controls: dict[str, torch.Tensor], sample_rate: float, n: int,
                   noise: torch.Tensor) -> torch.Tensor:
        """Waveform ``(batch, n)`` from frame controls (before fade and limiter). ``noise``:
        uniform in [-1, 1), ``(batch, n_noise(n))``."""
        amps, f0 = controls["amps"], controls["f0"]
        batch, frames = f0.shape
        dtype = amps.dtype
        dev = f0.device
        sr = float(sample_rate)
        ratio = self.config.frame_rate / sr
        hop = sr / self.config.frame_rate
        if hop == int(hop) and n == frames * int(hop):
            return self._synthesize_framed(controls, sr, n, noise, int(hop), ratio)
        position = torch.arange(n, dtype=torch.float64, device=dev) * ratio
        index = torch.floor(position)
        alpha64 = position - index
        alpha = alpha64.to(dtype)
        i0 = torch.clamp(index.long(), max=frames - 1)
        i1 = torch.clamp(index.long() + 1, max=frames - 1)

        # harmonic source: f0 and amplitudes interpolated linearly
        f064 = f0.to(torch.float64)
        f0_s = f064[:, i0] + alpha64 * (f064[:, i1] - f064[:, i0])
        phase = torch.cumsum(f0_s / sr, dim=1)
        phase = phase - torch.floor(phase)
        k = torch.arange(1, amps.shape[-1] + 1, dtype=torch.float64, device=dev)
        kp = phase.unsqueeze(-1) * k
        sines = torch.sin(2.0 * math.pi * (kp - torch.floor(kp))).to(dtype)
        a = alpha.view(1, n, 1)
        amp_s = amps[:, i0] + a * (amps[:, i1] - amps[:, i0])
        harmonic = (amp_s * sines).sum(-1)

        # modal resonators: frequency per frame, geometric amplitude within the frame
        mf = controls["mode_freqs"].to(torch.float64)
        ma = controls["mode_amps"]
        psi = torch.cumsum(mf[:, i0] / sr, dim=1)
        psi = psi - torch.floor(psi)
        mode_sines = torch.sin(2.0 * math.pi * psi).to(dtype)
        log_ratio = torch.log(ma[:, i1] / ma[:, i0])
        mode_amp = ma[:, i0] * torch.exp(a * log_ratio)
        modal = (mode_amp * mode_sines).sum(-1)

        noise_part = self._noise(controls["noise"], sr, n, noise, ratio)
        return harmonic + modal + noise_part

    def _synthesize_framed(self, controls: dict[str, torch.Tensor], sr: float, n: int,
                           noise: torch.Tensor, hop: int, ratio: float) -> torch.Tensor:
        """The same equations when every frame spans exactly ``hop`` samples (training at the
        reference rate): per-frame tensors broadcast over their segment instead of being
        gathered per sample (far less memory and time)."""
        amps, f0 = controls["amps"], controls["f0"]
        batch, frames = f0.shape
        dtype = amps.dtype
        dev = f0.device
        nxt = torch.clamp(torch.arange(frames, device=dev) + 1, max=frames - 1)
        alpha64 = torch.arange(hop, dtype=torch.float64, device=dev) / hop
        alpha = alpha64.to(dtype)
        f064 = f0.to(torch.float64)
        f0_s = f064.unsqueeze(2) + alpha64.view(1, 1, hop) * (f064[:, nxt] - f064).unsqueeze(2)
        phase = torch.cumsum(f0_s.reshape(batch, -1) / sr, dim=1)
        phase = phase - torch.floor(phase)
        # Phases wrap in float64; the sines and products run in the model's dtype.
        k = torch.arange(1, amps.shape[-1] + 1, dtype=dtype, device=dev)
        kp = phase.to(dtype).view(batch, frames, hop, 1) * k
        sines = torch.sin(2.0 * math.pi * (kp - torch.floor(kp)))
        a = alpha.view(1, 1, hop, 1)
        # sum_k (A_a + a (A_b - A_a)) s_k as two batched products over k
        base = torch.matmul(sines, amps.unsqueeze(-1)).squeeze(-1)
        slope = torch.matmul(sines, (amps[:, nxt] - amps).unsqueeze(-1)).squeeze(-1)
        harmonic = (base + alpha.view(1, 1, hop) * slope).reshape(batch, -1)

        mf = controls["mode_freqs"].to(torch.float64) / sr          # (B, F, M) cycles/sample
        start = torch.cumsum(mf * hop, dim=1) - mf * hop            # phase before each frame
        start = (start - torch.floor(start)).to(dtype)
        steps = torch.arange(1, hop + 1, dtype=dtype, device=dev).view(1, 1, hop, 1)
        psi = start.unsqueeze(2) + steps * mf.to(dtype).unsqueeze(2)
        mode_sines = torch.sin(2.0 * math.pi * (psi - torch.floor(psi)))
        ma = controls["mode_amps"]
        mode_amp = ma.unsqueeze(2) * torch.exp(a * torch.log(ma[:, nxt] / ma).unsqueeze(2))
        modal = (mode_amp * mode_sines).sum(-1).reshape(batch, -1)
        return harmonic + modal + self._noise(controls["noise"], sr, n, noise, ratio)

    def _noise(self, mags: torch.Tensor, sr: float, n: int, noise: torch.Tensor,
               ratio: float) -> torch.Tensor:
        batch, frames, bins = mags.shape
        h = bins - 1
        n_fft = 2 * h
        grains = -(-n // h) + 1
        dev = mags.device
        j = torch.arange(grains, dtype=torch.float64, device=dev)
        prev = torch.clamp(j - 1.0, min=0.0) * h * ratio
        a_idx = torch.floor(prev)
        alpha = torch.clamp(j * h * ratio - a_idx, 0.0, 1.0).to(mags.dtype)
        ia = torch.clamp(a_idx.long(), max=frames - 1)
        ib = torch.clamp(a_idx.long() + 1, max=frames - 1)
        mag = mags[:, ia] + alpha.view(1, grains, 1) * (mags[:, ib] - mags[:, ia])
        u = noise[:, :grains * n_fft].reshape(batch, grains, n_fft).to(mags.dtype) * math.sqrt(3.0)
        spec = torch.fft.rfft(u, dim=-1) * mag
        window = torch.tensor(sine_window(n_fft), dtype=mags.dtype, device=dev)
        g = torch.fft.irfft(spec, n=n_fft, dim=-1) * window
        out = g[:, :-1, h:] + g[:, 1:, :h]
        samples: torch.Tensor = out.reshape(batch, -1)[:, :n]
        return samples

    def finish(self, y: torch.Tensor, sample_rate: float) -> torch.Tensor:
        """Release fade over the last 20 ms and the soft limiter."""
        n = y.shape[-1]
        release = max(1, int(round(RELEASE_SECONDS * sample_rate)))
        remaining = torch.arange(n, 0, -1, dtype=y.dtype, device=y.device)
        fade = torch.clamp(remaining / release, max=1.0)
        return limit(y * fade)

    def forward(self, curves: torch.Tensor, sample_rate: float | None = None,
                noise: torch.Tensor | None = None, generator: torch.Generator | None = None
                ) -> torch.Tensor:
        """Render ``(batch, n)`` audio from raw descriptor curves ``(batch, 7, frames)``.

        Parameters
        ----------
        curves : Tensor
            Raw descriptors (rms, zcr, centroid Hz, rolloff Hz, bandwidth Hz, flatness, f0 Hz;
            f0 = 0 marks an unvoiced frame).
        sample_rate : float, optional
            Host rate in Hz (default: the reference rate).
        noise : Tensor, optional
            Uniform noise in [-1, 1) shaped ``(batch, n_noise(n))``; drawn if not given.
        """
        sr = float(sample_rate or self.config.reference_rate)
        outputs, _ = self.frame_outputs(curves)
        controls = self.controls(curves, outputs, sr)
        n = self.n_samples(curves.shape[-1], sr)
        if noise is None:
            noise = torch.rand(curves.shape[0], self.n_noise(n, sr), generator=generator,
                               device=curves.device) * 2.0 - 1.0
        return self.finish(self.synthesize(controls, sr, n, noise), sr)

    # -- files ----------------------------------------------------------------------------------
    def numpy_tensors(self) -> dict[str, np.ndarray]:
        """Weights as the model file stores them (names of :func:`modelfile.expected_shapes`)."""
        keep = {"inp.weight", "inp.bias", "gru.weight_ih_l0", "gru.weight_hh_l0",
                "gru.bias_ih_l0", "gru.bias_hh_l0", "out.weight", "out.bias"}
        return {k: v.detach().cpu().numpy().astype(np.float32)
                for k, v in self.state_dict().items() if k in keep}

    @classmethod
    def from_tensors(cls, config: NSFConfig, tensors: dict[str, np.ndarray]) -> "SincNSF":
        model = cls(config)
        state = model.state_dict()
        for name, value in tensors.items():
            state[name] = torch.as_tensor(np.asarray(value, dtype=np.float32))
        model.load_state_dict(state)
        return model


def multi_resolution_stft_loss(predicted: torch.Tensor, target: torch.Tensor,
                               fft_sizes: tuple[int, ...] = (2048, 1024, 512, 256, 128)
                               ) -> torch.Tensor:
    """Mean over resolutions of spectral convergence plus L1 log-magnitude distance.

    Parameters
    ----------
    predicted, target : Tensor
        Audio ``(batch, n)``.
    fft_sizes : tuple of int
        FFT sizes; hop is a quarter of each, Hann windows.
    """
    total = predicted.new_zeros(())
    for size in fft_sizes:
        window = torch.hann_window(size, device=predicted.device, dtype=predicted.dtype)
        spec = [torch.stft(x, size, size // 4, window=window, return_complex=True).abs()
                for x in (predicted, target)]
        p, t = spec
        convergence = torch.linalg.norm(t - p) / (torch.linalg.norm(t) + 1e-7)
        log_distance = torch.mean(torch.abs(torch.log(p + 1e-5) - torch.log(t + 1e-5)))
        total = total + convergence + log_distance
    return total / len(fft_sizes)


def frame_flatness(y: torch.Tensor, n_fft: int = 2048, hop: int = 512,
                   amin: float = 1e-10) -> torch.Tensor:
    """Spectral flatness per frame ``(batch, frames)``, as :func:`nrcore.descriptors.compute`
    defines it (centred periodic-Hann frames, power spectrum floored at ``amin``), but
    differentiable.

    Parameters
    ----------
    y : Tensor
        Audio ``(batch, n)``.
    n_fft, hop : int
        Frame length and hop in samples.
    amin : float
        Floor of the power spectrum.
    """
    window = torch.hann_window(n_fft, periodic=True, device=y.device, dtype=y.dtype)
    spec = torch.stft(y, n_fft, hop, window=window, center=True, pad_mode="constant",
                      return_complex=True)
    power = torch.clamp(spec.real ** 2 + spec.imag ** 2, min=amin)
    flatness: torch.Tensor = torch.exp(torch.mean(torch.log(power), dim=1)) / torch.mean(power, dim=1)
    return flatness


def _frame_autocorrelation(y: torch.Tensor, frames: int, n_fft: int, hop: int
                           ) -> tuple[torch.Tensor, torch.Tensor]:
    """The first ``frames`` centred (zero-padded), unwindowed frames of ``y`` and their
    linear autocorrelation (``n_fft`` lags), framed as :mod:`nrcore.descriptors` frames YIN."""
    padded = torch.nn.functional.pad(y, (n_fft // 2, n_fft // 2))
    chunk = padded.unfold(-1, n_fft, hop)[:, :frames]
    size = 2 * n_fft
    spectrum = torch.fft.rfft(chunk, n=size, dim=-1)
    acf = torch.fft.irfft(spectrum.real ** 2 + spectrum.imag ** 2, n=size, dim=-1)[..., :n_fft]
    return chunk, acf


def periodicity(y: torch.Tensor, lags: torch.Tensor, n_fft: int = 2048,
                hop: int = 512) -> torch.Tensor:
    """Normalised autocorrelation ``r(lag) / r(0)`` of each centred frame, at a fractional
    lag per frame (linear interpolation between the two nearest whole lags).

    YIN (the f0 of :mod:`nrcore.descriptors`) finds a period where this is high; matching it
    at the target's period and half period teaches the output to be periodic where the
    recording is, without an octave-up alias.

    Parameters
    ----------
    y : Tensor
        Audio ``(batch, n)``.
    lags : Tensor
        Lag in samples per frame ``(batch, frames)``, each in ``[1, n_fft - 2]``.
    n_fft, hop : int
        Frame length and hop in samples (frames as in :func:`frame_flatness`).
    """
    _, acf = _frame_autocorrelation(y, lags.shape[1], n_fft, hop)
    lower = torch.floor(lags).long().clamp(1, n_fft - 2)
    frac = (lags - lower.to(lags.dtype)).clamp(0.0, 1.0)
    below = torch.gather(acf, -1, lower.unsqueeze(-1)).squeeze(-1)
    above = torch.gather(acf, -1, (lower + 1).unsqueeze(-1)).squeeze(-1)
    ratio: torch.Tensor = (below + frac * (above - below)) / (acf[..., 0] + 1e-8)
    return ratio


def yin_difference(y: torch.Tensor, frames: int, sample_rate: float, fmin: float = 50.0,
                   fmax: float = 5000.0, n_fft: int = 2048, hop: int = 512) -> torch.Tensor:
    """YIN's cumulative mean normalised difference ``d'(k)`` of each centred frame, for lags
    ``k`` from ``floor(sr / fmax)`` to ``ceil(sr / fmin)``: ``(batch, frames, lags)``, the
    function whose first trough :func:`nrcore.descriptors.compute` takes as the period
    (same framing, same difference function), differentiable and clamped to [0, 2].

    Parameters
    ----------
    y : Tensor
        Audio ``(batch, n)``.
    frames : int
        Frames to keep (the first ``frames`` of the centred framing).
    sample_rate, fmin, fmax : float
        Rate and f0 search range in Hz.
    n_fft, hop : int
        Frame length and hop in samples.
    """
    min_period = max(1, int(math.floor(sample_rate / fmax)))
    max_period = min(int(math.ceil(sample_rate / fmin)), n_fft - 1)
    chunk, acf = _frame_autocorrelation(y, frames, n_fft, hop)
    energy = torch.cumsum(chunk[..., :max_period] ** 2, dim=-1)      # E(k), k = 1..max
    d = 2.0 * (acf[..., :1] - acf[..., 1:max_period + 1]) - energy
    lags = torch.arange(1, max_period + 1, dtype=y.dtype, device=y.device)
    cmnd = d * lags / (torch.cumsum(d, dim=-1) + 1e-7)
    clamped: torch.Tensor = cmnd[..., min_period - 1:].clamp(0.0, 2.0)
    return clamped


def yin_trough_loss(predicted: torch.Tensor, target: torch.Tensor, f0: torch.Tensor,
                    voiced: torch.Tensor, sample_rate: float, tolerance: float = 0.03,
                    shorter: float = 0.85, softness: float = 0.02) -> torch.Tensor:
    """One-sided YIN loss on voiced frames: the output's difference function must dip at the
    conditioning f0's period at least as deep as the recording's does, and must not dip
    deeper than the recording's at shorter lags (where YIN, which takes the first trough,
    would find an octave or a partial above).

    Longer lags are left free: they only decide YIN's answer where no trough at the period
    exists, and matching them taught the model low resonances that YIN then reported.

    Parameters
    ----------
    predicted, target : Tensor
        Audio ``(batch, n)``.
    f0 : Tensor
        Conditioning f0 in Hz ``(batch, frames)``.
    voiced : Tensor
        Frame weights ``(batch, frames)`` (1 on loud voiced frames, else 0).
    sample_rate : float
        Rate in Hz.
    tolerance : float
        Relative lag window around the period.
    shorter : float
        Lags below ``shorter`` times the period count as "shorter".
    softness : float
        Temperature of the soft minima (difference-function units).
    """
    frames = f0.shape[-1]
    out = yin_difference(predicted, frames, sample_rate)
    ref = yin_difference(target, frames, sample_rate)
    lags, period, near = _lags_near_period(out, f0, sample_rate, tolerance)
    below = lags < shorter * period
    at_period = torch.relu(_soft_min(out, near, softness)
                           - _soft_min(ref, near, softness).detach())
    has_below = below.any(-1).to(out.dtype)
    early = torch.relu(_soft_min(ref, below, softness).detach()
                       - _soft_min(out, below, softness)) * has_below
    loss: torch.Tensor = torch.sum((at_period + early) * voiced) / (torch.sum(voiced) + 1e-8)
    return loss


def yin_octave_loss(predicted: torch.Tensor, f0: torch.Tensor, voiced: torch.Tensor,
                    sample_rate: float, tolerance: float = 0.03, longer: float = 1.15,
                    softness: float = 0.02) -> torch.Tensor:
    """One-sided YIN loss on voiced frames: the output's difference function must dip at the
    conditioning f0's period no higher than anywhere at longer lags.

    Where no trough falls under YIN's threshold, YIN takes the deepest one; a deeper trough at
    twice the period is then reported as an octave below the conditioning. The recording is
    not consulted: its own YIN may be the octave the analysis corrected, and the synth is to
    play the f0 it is given.

    Parameters
    ----------
    predicted : Tensor
        Audio ``(batch, n)``.
    f0 : Tensor
        Conditioning f0 in Hz ``(batch, frames)``.
    voiced : Tensor
        Frame weights ``(batch, frames)`` (1 on loud voiced frames, else 0).
    sample_rate : float
        Rate in Hz.
    tolerance : float
        Relative lag window around the period.
    longer : float
        Lags above ``longer`` times the period count as "longer".
    softness : float
        Temperature of the soft minima (difference-function units).
    """
    frames = f0.shape[-1]
    out = yin_difference(predicted, frames, sample_rate)
    lags, period, near = _lags_near_period(out, f0, sample_rate, tolerance)
    above = lags > longer * period
    at_period = _soft_min(out, near, softness)
    has_above = above.any(-1).to(out.dtype)
    late = torch.relu(at_period - _soft_min(out, above, softness)) * has_above
    loss: torch.Tensor = torch.sum(late * voiced) / (torch.sum(voiced) + 1e-8)
    return loss


def _lags_near_period(cmnd: torch.Tensor, f0: torch.Tensor, sample_rate: float,
                      tolerance: float) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The lags of :func:`yin_difference`'s last axis, the conditioning period per frame
    ``(batch, frames, 1)`` and the mask of lags within ``tolerance`` of it."""
    min_period = max(1, int(math.floor(sample_rate / 5000.0)))
    lags = torch.arange(min_period, min_period + cmnd.shape[-1], dtype=cmnd.dtype,
                        device=cmnd.device)
    period = (sample_rate / torch.clamp(f0, min=30.0)).unsqueeze(-1)
    near = torch.abs(lags - period) <= torch.clamp(tolerance * period, min=1.0)
    return lags, period, near


def _soft_min(x: torch.Tensor, mask: torch.Tensor, softness: float) -> torch.Tensor:
    """Soft minimum of ``x`` over the last axis where ``mask`` is true."""
    masked = torch.where(mask, -x / softness, torch.full_like(x, -1e4))
    result: torch.Tensor = -softness * torch.logsumexp(masked, dim=-1)
    return result


def descriptor_losses(predicted: torch.Tensor, target: torch.Tensor, curves: torch.Tensor,
                      sample_rate: float,
                      terms: tuple[str, ...] = ("flatness", "periodicity", "yin", "octave")
                      ) -> dict[str, torch.Tensor]:
    """Descriptor-consistency terms on the frames where the recording is loud.

    ``flatness``: mean absolute difference of spectral flatness. ``periodicity``: mean absolute
    difference of the normalised autocorrelation at the conditioning f0's period and half
    period, on voiced frames (f0 > 0). ``yin``: :func:`yin_trough_loss` (the output's YIN
    must find the conditioning's period at least as clearly as the recording's does).
    ``octave``: :func:`yin_octave_loss` (no deeper trough of the output's YIN at longer lags
    than at the conditioning's period).

    Parameters
    ----------
    predicted, target : Tensor
        Audio ``(batch, n)`` at ``sample_rate``.
    curves : Tensor
        The conditioning ``(batch, 7, frames)`` (rms row 0, f0 row 6).
    sample_rate : float
        Rate of both signals in Hz.
    terms : tuple of str
        The terms to compute (each costs its own analyses of both signals).
    """
    unknown = set(terms) - {"flatness", "periodicity", "yin", "octave"}
    if unknown:
        raise ValueError(f"terms: {sorted(unknown)} unknown; allowed: flatness, periodicity, "
                         "yin, octave")
    frames = curves.shape[-1]
    loud = (curves[:, 0] > 1e-3).to(predicted.dtype)
    f0 = curves[:, 6]
    voiced = loud * (f0 > 0).to(predicted.dtype)
    out: dict[str, torch.Tensor] = {}
    if "flatness" in terms:
        flat_p = frame_flatness(predicted)[:, :frames]
        flat_t = frame_flatness(target)[:, :frames]
        out["flatness"] = torch.sum(torch.abs(flat_p - flat_t) * loud) / (torch.sum(loud) + 1e-8)
    if "periodicity" in terms:
        period = sample_rate / torch.clamp(f0, min=30.0)
        match = predicted.new_zeros(voiced.shape)
        for lag in (period, period / 2.0):
            lag = lag.clamp(1.0, 2046.0)
            match = match + torch.abs(periodicity(predicted, lag) - periodicity(target, lag))
        out["periodicity"] = torch.sum(match * voiced) / (2.0 * torch.sum(voiced) + 1e-8)
    if "yin" in terms:
        out["yin"] = yin_trough_loss(predicted, target, f0, voiced, sample_rate)
    if "octave" in terms:
        out["octave"] = yin_octave_loss(predicted, f0, voiced, sample_rate)
    return out
