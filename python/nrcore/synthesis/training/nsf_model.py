"""The descriptor-conditioned Sinc-NSF model in torch (training and export only).

Design for real time on a CPU: everything learned runs at frame rate (one frame every
``hop / reference_rate`` seconds, 11.6 ms by default); the waveform-rate work is a harmonic
source, a noise source, a time-variant windowed-sinc band-pass FIR on the noise, and a small
conditioned pointwise neural waveshaper. The torch-free runtime (:mod:`nrcore.synthesis.runtime`) computes
exactly the same equations.

Per frame ``i`` (curves ``d_i``, 7 descriptors)::

    x_i = normalise(d_i)                      log of rms/centroid/rolloff/bandwidth/f0/flatness,
                                              then (x - mean) / std from the training corpus
    h_i = GRU(tanh(W_in x_i + b_in), h_{i-1})  causal: nothing looks ahead
    o_i = W_out h_i + b_out
    harmonic amplitude of harmonic k:   A_i exp_sigmoid(o[0]) * softmax(o[1:K+1])_k * mask_k(f0_i)
    noise kernel:  g_ib * (LP(hi_ib) - LP(lo_ib)) summed over bands b, Hann-windowed sinc LPs
    shaper gains:  s_ij = tanh(o_j)

Per output sample ``n`` at host rate ``sr`` (``p = n * frame_rate / sr``, ``i = floor(p)``,
``a = p - i``, frame indices clamped to the last frame)::

    phase[n] = sum_{m <= n} f0(m) / sr                     f0 interpolated linearly
    harm[n]  = sum_k amp_k(n) sin(2 pi k phase[n])         amplitudes interpolated linearly
    noise[n] = (1 - a) (K_i * u)[n] + a (K_{i+1} * u)[n]   u: uniform noise * sqrt(3 sr / ref)
    y[n]     = harm[n] + noise[n]
    out[n]   = y[n] + sum_j s_j(n) tanh(w_j y[n])          the neural waveshaper

Cutoffs are in Hz and normalised by the host rate, the sinc kernels keep their length in
seconds (``sinc_taps`` at the reference rate, proportionally more at higher rates), the
harmonic mask follows the host Nyquist, and noise is scaled by ``sqrt(sr / ref)`` so its band
power does not depend on the
rate: the model renders 44.1, 48, 96 kHz directly, with no resampling pass.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from nrcore.synthesis.modelfile import DESCRIPTOR_COUNT, NSFConfig

#: Descriptors (in DESCRIPTOR_NAMES order) that are normalised on a log scale, with the floor
#: added before the log. zcr stays linear.
LOG_FLOORS = (1e-4, None, 1.0, 1.0, 1.0, 1e-6, 1.0)


def hann_window(taps: int) -> np.ndarray:
    """Hann window without its zero end points (every tap contributes), float64."""
    k = np.arange(taps, dtype=np.float64)
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * (k + 1.0) / (taps + 1.0))


def taps_at(config_taps: int, reference_rate: float, sample_rate: float) -> int:
    """Odd number of sinc taps at ``sample_rate`` spanning the same time as ``config_taps`` at
    the reference rate, so the filters' responses in Hz do not depend on the host rate."""
    return 2 * int(round((config_taps - 1) / 2 * sample_rate / reference_rate)) + 1


def exp_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """Positive amplitude in (1e-7, 2): ``2 sigmoid(x) ** ln(10) + 1e-7`` (DDSP's scaling)."""
    return 2.0 * torch.sigmoid(x) ** math.log(10.0) + 1e-7


def normalise_curves(curves: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """Raw descriptor curves ``(batch, 7, frames)`` to the network's input scale."""
    rows = []
    for d in range(DESCRIPTOR_COUNT):
        v = curves[:, d]
        if LOG_FLOORS[d] is not None:
            v = torch.log(torch.clamp(v, min=0.0) + LOG_FLOORS[d])
        rows.append((v - mean[d]) / std[d])
    return torch.stack(rows, dim=1)


class SincNSF(nn.Module):
    """Descriptor-conditioned harmonic-plus-noise Sinc-NSF (see the module docstring).

    Parameters
    ----------
    config : NSFConfig
        Sizes, frame hop, reference rate and descriptor normalisation.
    """

    def __init__(self, config: NSFConfig) -> None:
        super().__init__()
        self.config = config
        h = config.hidden
        self.inp = nn.Linear(DESCRIPTOR_COUNT, h)
        self.gru = nn.GRU(h, h, batch_first=True)
        self.out = nn.Linear(h, config.n_controls)
        # Waveshaper slopes spread from gentle to hard so the units model different curvatures.
        self.shaper_slopes = nn.Parameter(torch.linspace(0.5, 4.0, config.shaper_units))
        with torch.no_grad():
            # Start quiet with little shaping: the STFT loss then grows what the data needs.
            self.out.weight.mul_(0.1)
            self.out.bias.zero_()
        self.register_buffer("desc_mean", torch.tensor(config.descriptor_mean, dtype=torch.float32))
        self.register_buffer("desc_std", torch.tensor(config.descriptor_std, dtype=torch.float32))
        self.register_buffer("window", torch.tensor(hann_window(config.sinc_taps),
                                                    dtype=torch.float32))

    # -- frame rate -----------------------------------------------------------------------------
    def frame_outputs(self, curves: torch.Tensor, state: torch.Tensor | None = None
                      ) -> tuple[torch.Tensor, torch.Tensor]:
        """Network outputs ``(batch, frames, n_controls)`` and the final GRU state."""
        x = normalise_curves(curves, self.desc_mean, self.desc_std).transpose(1, 2)
        hidden, state = self.gru(torch.tanh(self.inp(x)), state)
        return self.out(hidden), state

    def controls(self, curves: torch.Tensor, outputs: torch.Tensor, sample_rate: float
                 ) -> dict[str, torch.Tensor]:
        """Frame-rate synthesis controls from the network outputs at the host ``sample_rate``.

        Returns a dict of ``amps`` (batch, frames, K), ``f0`` (batch, frames) in Hz, ``kernel``
        (batch, frames, taps) and ``shaper`` (batch, frames, J).
        """
        c = self.config
        k_count, bands, j_count = c.n_harmonics, c.noise_bands, c.shaper_units
        f0 = torch.clamp(curves[:, 6], min=0.0)
        o = outputs
        gain = exp_sigmoid(o[..., 0:1])
        dist = torch.softmax(o[..., 1:1 + k_count], dim=-1)
        harmonic_numbers = torch.arange(1, k_count + 1, dtype=o.dtype, device=o.device)
        # Soft Nyquist mask: full below 0.40 sr, silent above 0.45 sr (no aliasing, no click).
        mask = torch.clamp((0.45 * sample_rate - harmonic_numbers * f0.unsqueeze(-1))
                           / (0.05 * sample_rate), 0.0, 1.0)
        amps = gain * dist * mask
        base = 1 + k_count
        band_gain = exp_sigmoid(o[..., base:base + bands])
        log_span = math.log(c.band_fmax / c.band_fmin)
        low = c.band_fmin * torch.exp(torch.sigmoid(o[..., base + bands:base + 2 * bands])
                                      * log_span)
        # Band width 0.1 to 4.1 octaves above the low cutoff.
        widths = torch.sigmoid(o[..., base + 2 * bands:base + 3 * bands])
        high = low * torch.exp2(0.1 + 4.0 * widths)
        kernel = self.band_kernel(low, high, band_gain, sample_rate)
        shaper = torch.tanh(o[..., base + 3 * bands:base + 3 * bands + j_count])
        return {"amps": amps, "f0": f0, "kernel": kernel, "shaper": shaper}

    def band_kernel(self, low: torch.Tensor, high: torch.Tensor, gain: torch.Tensor,
                    sample_rate: float) -> torch.Tensor:
        """Sum of windowed-sinc band-passes ``(..., bands)`` -> kernels ``(..., taps)``."""
        taps = taps_at(self.config.sinc_taps, self.config.reference_rate, sample_rate)
        m = torch.arange(taps, dtype=low.dtype, device=low.device) - (taps - 1) / 2.0
        window = self.window if taps == self.config.sinc_taps else torch.tensor(
            hann_window(taps), device=low.device)
        lo = torch.clamp(low / sample_rate, max=0.5).unsqueeze(-1)
        hi = torch.clamp(high / sample_rate, max=0.5).unsqueeze(-1)
        bandpass = 2.0 * hi * torch.sinc(2.0 * hi * m) - 2.0 * lo * torch.sinc(2.0 * lo * m)
        return (gain.unsqueeze(-1) * bandpass).sum(dim=-2) * window.to(low.dtype)

    # -- waveform rate --------------------------------------------------------------------------
    def n_samples(self, frames: int, sample_rate: float) -> int:
        """Output length for ``frames`` frames at ``sample_rate``."""
        return int(round(frames * sample_rate / self.config.frame_rate))

    def synthesize(self, controls: dict[str, torch.Tensor], sample_rate: float,
                   noise: torch.Tensor) -> torch.Tensor:
        """Waveform ``(batch, n)`` from frame controls; ``noise`` is uniform in [-1, 1),
        shaped ``(batch, n)``, and sets the output length."""
        amps, f0, kernel, shaper = (controls[k] for k in ("amps", "f0", "kernel", "shaper"))
        batch, frames = f0.shape
        n = noise.shape[-1]
        hop = sample_rate / self.config.frame_rate
        if hop == int(hop) and n == frames * int(hop):
            return self._synthesize_framed(amps, f0, kernel, shaper, sample_rate, noise, int(hop))
        dtype = amps.dtype
        position = torch.arange(n, dtype=torch.float64, device=f0.device) * (
            self.config.frame_rate / sample_rate)
        index = torch.floor(position)
        alpha = (position - index).to(dtype)
        i0 = torch.clamp(index.long(), max=frames - 1)
        i1 = torch.clamp(index.long() + 1, max=frames - 1)

        def lerp(x: torch.Tensor) -> torch.Tensor:  # frames on dim 1 -> samples on dim 1
            a = alpha.view(1, n, *([1] * (x.dim() - 2)))
            return x[:, i0] + a * (x[:, i1] - x[:, i0])

        f0_s = lerp(f0.to(torch.float64).unsqueeze(-1)).squeeze(-1)
        phase = torch.cumsum(f0_s / sample_rate, dim=1)
        phase = phase - torch.floor(phase)
        k = torch.arange(1, amps.shape[-1] + 1, dtype=torch.float64, device=f0.device)
        sines = torch.sin(2.0 * math.pi * phase.unsqueeze(-1) * k)
        harmonic = (lerp(amps).to(torch.float64) * sines).sum(-1).to(dtype)

        taps = kernel.shape[-1]
        source = noise.to(dtype) * math.sqrt(3.0 * sample_rate / self.config.reference_rate)
        padded = torch.nn.functional.pad(source, (taps - 1, 0))
        windows = padded.unfold(-1, taps, 1)  # windows[b, n, j] = u[n + j - taps + 1]
        flipped = kernel.flip(-1)              # flipped[j] = h[taps - 1 - j] pairs with u[n - k]
        y0 = (windows * flipped[:, i0]).sum(-1)
        y1 = (windows * flipped[:, i1]).sum(-1)
        filtered = y0 + alpha.unsqueeze(0) * (y1 - y0)

        y = harmonic + filtered
        gains = lerp(shaper)
        slopes = self.shaper_slopes.to(dtype)
        return y + (gains * torch.tanh(y.unsqueeze(-1) * slopes)).sum(-1)

    def _synthesize_framed(self, amps: torch.Tensor, f0: torch.Tensor, kernel: torch.Tensor,
                           shaper: torch.Tensor, sample_rate: float, noise: torch.Tensor,
                           hop: int) -> torch.Tensor:
        """The same equations when every frame spans exactly ``hop`` samples (training at the
        reference rate): per-frame tensors broadcast over their segment instead of being
        gathered per sample, which needs far less memory and time."""
        batch, frames = f0.shape
        dtype = amps.dtype
        last = torch.clamp(torch.arange(frames, device=f0.device) + 1, max=frames - 1)
        alpha64 = torch.arange(hop, dtype=torch.float64, device=f0.device) / hop
        alpha = alpha64.to(dtype)

        def lerp(x: torch.Tensor) -> torch.Tensor:  # (B, F, ...) -> (B, F, hop, ...)
            a = alpha.view(1, 1, hop, *([1] * (x.dim() - 2)))
            return x.unsqueeze(2) + a * (x[:, last] - x).unsqueeze(2)

        f064 = f0.to(torch.float64)
        f0_s = f064.unsqueeze(2) + alpha64.view(1, 1, hop) * (f064[:, last] - f064).unsqueeze(2)
        phase = torch.cumsum(f0_s.reshape(batch, -1) / sample_rate, dim=1)
        phase = phase - torch.floor(phase)
        k = torch.arange(1, amps.shape[-1] + 1, dtype=torch.float64, device=f0.device)
        sines = torch.sin(2.0 * math.pi * phase.unsqueeze(-1) * k).to(dtype)
        harmonic = (lerp(amps) * sines.view(batch, frames, hop, -1)).sum(-1)

        taps = kernel.shape[-1]
        source = noise.to(dtype) * math.sqrt(3.0 * sample_rate / self.config.reference_rate)
        padded = torch.nn.functional.pad(source, (taps - 1, 0))
        windows = padded.unfold(-1, taps, 1).view(batch, frames, hop, taps)
        flipped = kernel.flip(-1)
        pair = torch.stack([flipped, flipped[:, last]], dim=-1)  # (B, F, taps, 2)
        y01 = torch.matmul(windows, pair)                          # (B, F, hop, 2)
        y0, y1 = y01[..., 0], y01[..., 1]
        filtered = y0 + alpha.view(1, 1, hop) * (y1 - y0)

        y = harmonic + filtered
        gains = lerp(shaper)
        slopes = self.shaper_slopes.to(dtype)
        out = y + (gains * torch.tanh(y.unsqueeze(-1) * slopes)).sum(-1)
        return out.reshape(batch, frames * hop)

    def forward(self, curves: torch.Tensor, sample_rate: float | None = None,
                noise: torch.Tensor | None = None, generator: torch.Generator | None = None
                ) -> torch.Tensor:
        """Render ``(batch, n)`` audio from raw descriptor curves ``(batch, 7, frames)``.

        Parameters
        ----------
        curves : Tensor
            Raw descriptors (rms, zcr, centroid Hz, rolloff Hz, bandwidth Hz, flatness, f0 Hz).
        sample_rate : float, optional
            Host rate in Hz (default: the reference rate).
        noise : Tensor, optional
            Uniform noise in [-1, 1) shaped ``(batch, n)``; drawn if not given.
        """
        sr = float(sample_rate or self.config.reference_rate)
        outputs, _ = self.frame_outputs(curves)
        controls = self.controls(curves, outputs, sr)
        if noise is None:
            n = self.n_samples(curves.shape[-1], sr)
            noise = torch.rand(curves.shape[0], n, generator=generator,
                               device=curves.device) * 2.0 - 1.0
        return self.synthesize(controls, sr, noise)

    # -- files ----------------------------------------------------------------------------------
    def numpy_tensors(self) -> dict[str, np.ndarray]:
        """Weights as the model file stores them (names of :func:`modelfile.expected_shapes`)."""
        keep = {"inp.weight", "inp.bias", "gru.weight_ih_l0", "gru.weight_hh_l0",
                "gru.bias_ih_l0", "gru.bias_hh_l0", "out.weight", "out.bias", "shaper_slopes"}
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
