"""``nrcore export``: the Sinc-NSF model as a TorchScript file for nn~ (Max and Pd).

nn~ calls a scripted method ``m`` when the module has a tensor attribute ``m_params`` =
``[in_channels, in_ratio, out_channels, out_ratio]``; the input is ``(batch, in_channels,
n / in_ratio)``, the output ``(batch, out_channels, n / out_ratio)``. Here ``forward`` takes
the 7 descriptor curves at one frame per ``hop`` (512) host samples and returns ``(batch, 1,
n)`` audio: ``forward_params = [7, 512, 1, 1]``.

nn~ renders one buffer per call, so the exported module is stateful: the GRU state, the
harmonic phase, the noise history of the sinc filters and the last frame's controls carry
over between calls, and consecutive calls render one continuous sound. Each call renders the
segments between the previous call's last frame and this call's frames, so the output lags
the curves by one frame (``hop`` samples, 11.6 ms at 44.1 kHz). In nn~ a frame is always
``hop`` host samples, so at a host rate other than the model's reference rate the curves play
``sr / reference_rate`` times faster; the filters' cutoffs stay in Hz at the ``--sample-rate``
given at export.
"""
from __future__ import annotations

import argparse
import copy
import math
from pathlib import Path
from typing import List

import torch
from torch import nn

from nrcore.synthesis.modelfile import load_model
from nrcore.synthesis.training.nsf_model import LOG_FLOORS, SincNSF, hann_window, taps_at


class NNTildeNSF(nn.Module):
    """Scriptable streaming wrapper of :class:`SincNSF` for nn~ (see the module docstring)."""

    def __init__(self, model: SincNSF, sample_rate: float) -> None:
        super().__init__()
        c = model.config
        self.inp = copy.deepcopy(model.inp)
        self.gru = copy.deepcopy(model.gru)
        self.out = copy.deepcopy(model.out)
        self.hop = int(c.hop)
        self.sample_rate = float(sample_rate)
        self.reference_rate = float(c.reference_rate)
        self.n_harmonics = int(c.n_harmonics)
        self.bands = int(c.noise_bands)
        self.shapers = int(c.shaper_units)
        self.hidden = int(c.hidden)
        self.band_fmin = float(c.band_fmin)
        self.log_span = float(math.log(c.band_fmax / c.band_fmin))
        self.taps = taps_at(c.sinc_taps, c.reference_rate, sample_rate)
        self.noise_scale = float(math.sqrt(3.0 * sample_rate / c.reference_rate))
        self.register_buffer("forward_params", torch.tensor([7, self.hop, 1, 1]))
        self.register_buffer("shaper_slopes", model.shaper_slopes.detach().clone())
        self.register_buffer("desc_mean", model.desc_mean.clone())
        self.register_buffer("desc_std", model.desc_std.clone())
        self.register_buffer("log_floor", torch.tensor([f if f is not None else 1.0
                                                        for f in LOG_FLOORS]))
        self.register_buffer("use_log", torch.tensor([f is not None for f in LOG_FLOORS]))
        self.register_buffer("window", torch.tensor(hann_window(self.taps), dtype=torch.float32))
        self.register_buffer("harmonic_numbers",
                             torch.arange(1, self.n_harmonics + 1, dtype=torch.float32))
        self.register_buffer("tap_offsets", torch.arange(self.taps, dtype=torch.float32)
                             - (self.taps - 1) / 2.0)
        # Streaming state (batch 1 until a call with another batch size resets it).
        self.register_buffer("state", torch.zeros(1, 1, self.hidden))
        self.register_buffer("phase", torch.zeros(1, dtype=torch.float64))
        self.register_buffer("noise_tail", torch.zeros(1, self.taps - 1))
        self.register_buffer("prev_amps", torch.zeros(1, 1, self.n_harmonics))
        self.register_buffer("prev_f0", torch.zeros(1, 1))
        self.register_buffer("prev_kernel", torch.zeros(1, 1, self.taps))
        self.register_buffer("prev_shaper", torch.zeros(1, 1, self.shapers))
        self.register_buffer("started", torch.zeros(1, dtype=torch.bool))

    @torch.jit.export
    def reset(self, batch: int = 1) -> None:
        """Forget the previous calls: the next call starts a new sound."""
        self.state = torch.zeros(1, batch, self.hidden)
        self.phase = torch.zeros(batch, dtype=torch.float64)
        self.noise_tail = torch.zeros(batch, self.taps - 1)
        self.prev_amps = torch.zeros(batch, 1, self.n_harmonics)
        self.prev_f0 = torch.zeros(batch, 1)
        self.prev_kernel = torch.zeros(batch, 1, self.taps)
        self.prev_shaper = torch.zeros(batch, 1, self.shapers)
        self.started = torch.zeros(1, dtype=torch.bool)

    def _exp_sigmoid(self, x: torch.Tensor) -> torch.Tensor:
        return 2.0 * torch.sigmoid(x) ** math.log(10.0) + 1e-7

    def _controls(self, curves: torch.Tensor) -> List[torch.Tensor]:
        v = torch.where(self.use_log.view(1, 7, 1),
                        torch.log(torch.clamp(curves, min=0.0) + self.log_floor.view(1, 7, 1)),
                        curves)
        x = ((v - self.desc_mean.view(1, 7, 1)) / self.desc_std.view(1, 7, 1)).transpose(1, 2)
        hidden, self.state = self.gru(torch.tanh(self.inp(x)), self.state)
        o = self.out(hidden)
        k, b, sr = self.n_harmonics, self.bands, self.sample_rate
        f0 = torch.clamp(curves[:, 6], min=0.0)
        gain = self._exp_sigmoid(o[..., 0:1])
        dist = torch.softmax(o[..., 1:1 + k], dim=-1)
        mask = torch.clamp((0.45 * sr - self.harmonic_numbers * f0.unsqueeze(-1)) / (0.05 * sr),
                           0.0, 1.0)
        amps = gain * dist * mask
        base = 1 + k
        band_gain = self._exp_sigmoid(o[..., base:base + b])
        low = self.band_fmin * torch.exp(torch.sigmoid(o[..., base + b:base + 2 * b])
                                         * self.log_span)
        high = low * torch.exp2(0.1 + 4.0 * torch.sigmoid(o[..., base + 2 * b:base + 3 * b]))
        lo = torch.clamp(low / sr, max=0.5).unsqueeze(-1)
        hi = torch.clamp(high / sr, max=0.5).unsqueeze(-1)
        m = self.tap_offsets
        bandpass = 2.0 * hi * torch.sinc(2.0 * hi * m) - 2.0 * lo * torch.sinc(2.0 * lo * m)
        kernel = (band_gain.unsqueeze(-1) * bandpass).sum(dim=-2) * self.window
        shaper = torch.tanh(o[..., base + 3 * b:base + 3 * b + self.shapers])
        return [amps, f0, kernel, shaper]

    @torch.jit.export
    def render(self, curves: torch.Tensor, noise: torch.Tensor) -> torch.Tensor:
        """``forward`` with given uniform noise ``(batch, frames * hop)`` in [-1, 1)."""
        batch, frames = curves.shape[0], curves.shape[2]
        if self.state.shape[1] != batch:
            self.reset(batch)
        hop = self.hop
        amps, f0, kernel, shaper = self._controls(curves)
        if not bool(self.started[0]):
            self.prev_amps = amps[:, :1]
            self.prev_f0 = f0[:, :1]
            self.prev_kernel = kernel[:, :1]
            self.prev_shaper = shaper[:, :1]
            self.started = torch.ones(1, dtype=torch.bool)
        all_amps = torch.cat([self.prev_amps, amps], 1)
        all_f0 = torch.cat([self.prev_f0, f0], 1).to(torch.float64)
        all_kernel = torch.cat([self.prev_kernel, kernel], 1)
        all_shaper = torch.cat([self.prev_shaper, shaper], 1)
        alpha64 = torch.arange(hop, dtype=torch.float64) / hop
        alpha = alpha64.to(torch.float32)

        f0_s = all_f0[:, :-1].unsqueeze(2) + alpha64.view(1, 1, hop) * (
            all_f0[:, 1:] - all_f0[:, :-1]).unsqueeze(2)
        phase = self.phase.unsqueeze(1) + torch.cumsum(f0_s.reshape(batch, -1)
                                                       / self.sample_rate, dim=1)
        phase = phase - torch.floor(phase)
        self.phase = phase[:, -1]
        ks = torch.arange(1, self.n_harmonics + 1, dtype=torch.float64)
        sines = torch.sin(2.0 * math.pi * phase.unsqueeze(-1) * ks).to(torch.float32)
        a0, a1 = all_amps[:, :-1], all_amps[:, 1:]
        amps_s = a0.unsqueeze(2) + alpha.view(1, 1, hop, 1) * (a1 - a0).unsqueeze(2)
        harmonic = (amps_s * sines.view(batch, frames, hop, -1)).sum(-1)

        source = noise * self.noise_scale
        padded = torch.cat([self.noise_tail, source], 1)
        self.noise_tail = padded[:, padded.shape[1] - (self.taps - 1):]
        windows = padded.unfold(1, self.taps, 1).reshape(batch, frames, hop, self.taps)
        flipped = all_kernel.flip(-1)
        pair = torch.stack([flipped[:, :-1], flipped[:, 1:]], dim=-1)
        y01 = torch.matmul(windows, pair)
        y0, y1 = y01[..., 0], y01[..., 1]
        filtered = y0 + alpha.view(1, 1, hop) * (y1 - y0)

        y = harmonic + filtered
        g0, g1 = all_shaper[:, :-1], all_shaper[:, 1:]
        gains = g0.unsqueeze(2) + alpha.view(1, 1, hop, 1) * (g1 - g0).unsqueeze(2)
        out = y + (gains * torch.tanh(y.unsqueeze(-1) * self.shaper_slopes)).sum(-1)
        self.prev_amps = amps[:, -1:]
        self.prev_f0 = f0[:, -1:]
        self.prev_kernel = kernel[:, -1:]
        self.prev_shaper = shaper[:, -1:]
        out = torch.nan_to_num(out, 0.0, 0.0, 0.0)
        return out.reshape(batch, 1, frames * hop)

    @torch.jit.export
    def get_sample_rate(self) -> int:
        """The host rate (Hz) this export was made for."""
        return int(round(self.sample_rate))

    @torch.jit.export
    def set_sample_rate(self, sample_rate: int) -> int:
        """nn~ (1.6 and later) calls this with the host's rate when it loads the model. The
        filters, partial masks and noise bands were computed for the export's rate, so a host
        at another rate is refused with a message nn~ prints (instead of playing mistuned);
        the message names the command that exports for that rate."""
        exported = int(round(self.sample_rate))
        if int(sample_rate) != exported:
            raise ValueError("nrcore: this model was exported for " + str(exported)
                             + " Hz but the host runs at " + str(int(sample_rate))
                             + " Hz; export it again for this rate: nrcore export "
                             + "--sample-rate " + str(int(sample_rate)))
        return 0

    def forward(self, curves: torch.Tensor) -> torch.Tensor:
        """Descriptor curves ``(batch, 7, n / hop)`` -> audio ``(batch, 1, n)``."""
        noise = torch.rand(curves.shape[0], curves.shape[2] * self.hop) * 2.0 - 1.0
        return self.render(curves, noise)


def export_nn(model: str | Path, out: str | Path, sample_rate: float = 44100.0) -> Path:
    """Script a saved Sinc-NSF model for nn~ and write it as a TorchScript ``.ts`` file.

    Parameters
    ----------
    model : str or Path
        A shipped model name or the stem/path of a safetensors + JSON pair.
    out : str or Path
        Destination file.
    sample_rate : float
        Host rate in Hz the filters are designed for.
    """
    from nrcore.synthesis.modelfile import shipped_model

    if isinstance(model, str) and "/" not in model and not Path(model).with_suffix(
            ".json").exists():
        model = shipped_model(model)
    if not (math.isfinite(sample_rate) and 8000.0 <= sample_rate <= 192000.0):
        raise ValueError(f"sample_rate: {sample_rate!r} Hz is outside [8000, 192000]")
    config, tensors = load_model(model, kind="nsf")
    torch_model = SincNSF.from_tensors(config, tensors).eval()
    import warnings

    with warnings.catch_warnings():
        # torch 2.13 marks TorchScript deprecated, but nn~ loads TorchScript only.
        warnings.simplefilter("ignore", DeprecationWarning)
        scripted = torch.jit.script(NNTildeNSF(torch_model, sample_rate))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    scripted.save(str(out))
    return out


def main_export(argv: list[str] | None = None) -> int:
    """Entry point of ``nrcore export``."""
    p = argparse.ArgumentParser(prog="nrcore export", description="Export a Sinc-NSF model "
                                "as TorchScript for nn~ (forward_params = [7, 512, 1, 1]).")
    p.add_argument("--model", default="nsf_small", help="shipped name or model stem/path")
    p.add_argument("--out", default="nrcore_nsf.ts", help="output .ts file")
    p.add_argument("--sample-rate", type=float, default=44100.0, help="host rate in Hz")
    args = p.parse_args(argv)
    path = export_nn(args.model, args.out, args.sample_rate)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB): method forward, "
          "forward_params [7, 512, 1, 1]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_export())
