"""``nrcore export``: the synth model as a TorchScript file for nn~ (Max and Pd).

nn~ calls a scripted method ``m`` when the module has a tensor attribute ``m_params`` =
``[in_channels, in_ratio, out_channels, out_ratio]``; the input is ``(batch, in_channels,
n / in_ratio)``, the output ``(batch, out_channels, n / out_ratio)``. Here ``forward`` takes
the 7 descriptor curves at one frame per ``hop`` (512) host samples and returns ``(batch, 1,
n)`` audio: ``forward_params = [7, 512, 1, 1]``.

nn~ renders one buffer per call, so the exported module is stateful: the GRU state, the
harmonic and modal phases, the tail of the last noise grain and the last frame's controls
carry over between calls, and consecutive calls render one continuous sound. Each call renders
the segments between the previous call's last frame and this call's frames, so the output
lags the curves by one frame (``hop`` samples, 11.6 ms at 44.1 kHz). In nn~ a frame is always
``hop`` host samples, so at a host rate other than the model's reference rate the curves play
``sr / reference_rate`` times faster; cutoffs, partial masks and the noise bands stay in Hz at
the sample rate given at export. The equations are those of
:class:`nrcore.synthesis.training.nsf_model.SincNSF` (harmonics, modal resonators, 64-band
noise grains, soft limiter); no release fade (nn~ streams have no end).
"""
from __future__ import annotations

import argparse
import copy
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, List

import torch
from torch import nn

from nrcore.synthesis.modelfile import NSFConfig, load_model
from nrcore.synthesis.runtime import LIMIT_KNEE, LOG_FLOORS, sine_window
from nrcore.synthesis.training.nsf_model import SincNSF, band_matrix, mode_ratios


class NNTildeNSF(nn.Module):
    """Scriptable streaming wrapper of :class:`SincNSF` for nn~ (see the module docstring)."""

    if TYPE_CHECKING:   # buffers (register_buffer), typed for mypy; TorchScript never sees these
        forward_params: torch.Tensor
        desc_mean: torch.Tensor
        desc_std: torch.Tensor
        log_floor: torch.Tensor
        use_log: torch.Tensor
        harmonic_numbers: torch.Tensor
        ratios: torch.Tensor
        window: torch.Tensor
        tri: torch.Tensor
        state: torch.Tensor
        phase: torch.Tensor
        mode_phase: torch.Tensor
        noise_tail: torch.Tensor
        prev_amps: torch.Tensor
        prev_f0: torch.Tensor
        prev_mf: torch.Tensor
        prev_ma: torch.Tensor
        started: torch.Tensor

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
        self.modes = int(c.n_modes)
        self.hidden = int(c.hidden)
        self.knee = float(LIMIT_KNEE)
        self.register_buffer("forward_params", torch.tensor([7, self.hop, 1, 1]))
        self.register_buffer("desc_mean", model.desc_mean.clone())
        self.register_buffer("desc_std", model.desc_std.clone())
        self.register_buffer("log_floor", torch.tensor([f if f is not None else 1.0
                                                        for f in LOG_FLOORS]))
        self.register_buffer("use_log", torch.tensor([f is not None for f in LOG_FLOORS]))
        self.register_buffer("harmonic_numbers",
                             torch.arange(1, self.n_harmonics + 1, dtype=torch.float32))
        self.register_buffer("ratios", torch.tensor(mode_ratios(self.modes), dtype=torch.float32))
        self.register_buffer("window", torch.tensor(sine_window(2 * self.hop),
                                                    dtype=torch.float32))
        self.register_buffer("tri", torch.tensor(band_matrix(c, sample_rate, self.hop),
                                                 dtype=torch.float32))
        # Streaming state (batch 1 until a call with another batch size resets it).
        self.register_buffer("state", torch.zeros(1, 1, self.hidden))
        self.register_buffer("phase", torch.zeros(1, dtype=torch.float64))
        self.register_buffer("mode_phase", torch.zeros(1, self.modes, dtype=torch.float64))
        self.register_buffer("noise_tail", torch.zeros(1, self.hop))
        self.register_buffer("prev_amps", torch.zeros(1, 1, self.n_harmonics))
        self.register_buffer("prev_f0", torch.zeros(1, 1))
        self.register_buffer("prev_mf", torch.zeros(1, 1, self.modes))
        self.register_buffer("prev_ma", torch.full((1, 1, self.modes), 1e-9))
        self.register_buffer("started", torch.zeros(1, dtype=torch.bool))

    @torch.jit.export
    def reset(self, batch: int = 1) -> None:
        """Forget the previous calls: the next call starts a new sound."""
        self.state = torch.zeros(1, batch, self.hidden)
        self.phase = torch.zeros(batch, dtype=torch.float64)
        self.mode_phase = torch.zeros(batch, self.modes, dtype=torch.float64)
        self.noise_tail = torch.zeros(batch, self.hop)
        self.prev_amps = torch.zeros(batch, 1, self.n_harmonics)
        self.prev_f0 = torch.zeros(batch, 1)
        self.prev_mf = torch.zeros(batch, 1, self.modes)
        self.prev_ma = torch.full((batch, 1, self.modes), 1e-9)
        self.started = torch.zeros(1, dtype=torch.bool)

    def _controls(self, curves: torch.Tensor) -> List[torch.Tensor]:
        v = torch.where(self.use_log.view(1, 7, 1),
                        torch.log(torch.clamp(curves, min=0.0) + self.log_floor.view(1, 7, 1)),
                        curves)
        x = ((v - self.desc_mean.view(1, 7, 1)) / self.desc_std.view(1, 7, 1)).transpose(1, 2)
        hidden, self.state = self.gru(torch.tanh(self.inp(x)), self.state)
        o = self.out(hidden)
        k, b, m, sr = self.n_harmonics, self.bands, self.modes, self.sample_rate
        rms = torch.clamp(curves[:, 0], min=0.0)
        f0 = torch.clamp(curves[:, 6], min=0.0)
        centroid = torch.clamp(curves[:, 2], min=1.0)
        voicing = torch.clamp((f0 - 30.0) / 20.0, 0.0, 1.0)
        mix = torch.softmax(o[..., 0:3], dim=-1)
        hmask = torch.clamp((0.45 * sr - self.harmonic_numbers * f0.unsqueeze(-1)) / (0.05 * sr),
                            0.0, 1.0)
        harm = torch.softmax(o[..., 3:3 + k], dim=-1) * hmask * voicing.unsqueeze(-1)
        base = 3 + k
        band_amp = torch.sqrt(torch.softmax(o[..., base:base + b], dim=-1))
        base += b
        freqs = centroid.unsqueeze(-1) * torch.exp2(self.ratios + 0.5 * torch.tanh(
            o[..., base:base + m]))
        base += m
        mmask = torch.clamp((0.45 * sr - freqs) / (0.05 * sr), 0.0, 1.0)
        mode_raw = torch.sqrt(torch.softmax(o[..., base:base + m], dim=-1)) * mmask
        mag = torch.matmul(band_amp, self.tri.t())
        n_fft = 2 * self.hop
        r_n = (mag[..., 0] ** 2 + 2.0 * (mag[..., 1:-1] ** 2).sum(-1) + mag[..., -1] ** 2) / n_fft
        r_h = 0.5 * (harm ** 2).sum(-1)
        r_m = 0.5 * (mode_raw ** 2).sum(-1)
        g_h = torch.sqrt(mix[..., 0] / (r_h + 1e-8))
        g_n = torch.sqrt(mix[..., 1] / (r_n + 1e-8))
        g_m = torch.sqrt(mix[..., 2] / (r_m + 1e-8))
        q = g_h ** 2 * r_h + g_n ** 2 * r_n + g_m ** 2 * r_m
        s = rms / torch.sqrt(q + 1e-12)
        return [(s * g_h).unsqueeze(-1) * harm, f0, freqs,
                (s * g_m).unsqueeze(-1) * mode_raw + 1e-9, (s * g_n).unsqueeze(-1) * mag]

    @torch.jit.export
    def render(self, curves: torch.Tensor, noise: torch.Tensor) -> torch.Tensor:
        """``forward`` with given uniform noise ``(batch, frames * 2 * hop)`` in [-1, 1)
        (one grain of ``2 hop`` values per frame)."""
        batch, frames = curves.shape[0], curves.shape[2]
        if self.state.shape[1] != batch:
            self.reset(batch)
        hop = self.hop
        sr = self.sample_rate
        amps, f0, mf, ma, mag = self._controls(curves)
        if not bool(self.started[0]):
            self.prev_amps = amps[:, :1]
            self.prev_f0 = f0[:, :1]
            self.prev_mf = mf[:, :1]
            self.prev_ma = ma[:, :1]
            self.started = torch.ones(1, dtype=torch.bool)
        all_amps = torch.cat([self.prev_amps, amps], 1)
        all_f0 = torch.cat([self.prev_f0, f0], 1).to(torch.float64)
        all_mf = torch.cat([self.prev_mf, mf], 1)
        all_ma = torch.cat([self.prev_ma, ma], 1)
        alpha64 = torch.arange(hop, dtype=torch.float64) / hop
        alpha = alpha64.to(torch.float32)

        f0_s = all_f0[:, :-1].unsqueeze(2) + alpha64.view(1, 1, hop) * (
            all_f0[:, 1:] - all_f0[:, :-1]).unsqueeze(2)
        phase = self.phase.unsqueeze(1) + torch.cumsum(f0_s.reshape(batch, -1) / sr, dim=1)
        phase = phase - torch.floor(phase)
        self.phase = phase[:, -1]
        kp = phase.to(torch.float32).view(batch, frames, hop, 1) * self.harmonic_numbers
        sines = torch.sin(2.0 * math.pi * (kp - torch.floor(kp)))
        a0, a1 = all_amps[:, :-1], all_amps[:, 1:]
        harmonic = (torch.matmul(sines, a0.unsqueeze(-1)).squeeze(-1) + alpha.view(1, 1, hop)
                    * torch.matmul(sines, (a1 - a0).unsqueeze(-1)).squeeze(-1))

        step = all_mf[:, :-1].to(torch.float64) / sr                     # (B, F, M)
        start = self.mode_phase.unsqueeze(1) + torch.cumsum(step * hop, dim=1) - step * hop
        start = start - torch.floor(start)
        end = start[:, -1] + step[:, -1] * hop
        self.mode_phase = end - torch.floor(end)
        ks = torch.arange(1, hop + 1, dtype=torch.float32).view(1, 1, hop, 1)
        psi = start.to(torch.float32).unsqueeze(2) + ks * step.to(torch.float32).unsqueeze(2)
        mode_sines = torch.sin(2.0 * math.pi * (psi - torch.floor(psi)))
        m0, m1 = all_ma[:, :-1], all_ma[:, 1:]
        mode_amp = m0.unsqueeze(2) * torch.exp(alpha.view(1, 1, hop, 1)
                                               * torch.log(m1 / m0).unsqueeze(2))
        modal = (mode_amp * mode_sines).sum(-1)

        n_fft = 2 * hop
        u = noise.reshape(batch, frames, n_fft) * math.sqrt(3.0)
        grains = torch.fft.irfft(torch.fft.rfft(u, dim=-1) * mag, n=n_fft, dim=-1) * self.window
        heads = grains[..., :hop]
        tails = torch.cat([self.noise_tail.unsqueeze(1), grains[:, :-1, hop:]], 1)
        self.noise_tail = grains[:, -1, hop:]
        y = (harmonic + modal + heads + tails).reshape(batch, frames * hop)

        self.prev_amps = amps[:, -1:]
        self.prev_f0 = f0[:, -1:]
        self.prev_mf = mf[:, -1:]
        self.prev_ma = ma[:, -1:]
        y = torch.nan_to_num(y, 0.0, 0.0, 0.0)
        a = torch.abs(y)
        knee = self.knee
        over = knee + (1.0 - knee) * torch.tanh((a - knee) / (1.0 - knee))
        y = torch.where(a <= knee, y, torch.sign(y) * over)
        return y.reshape(batch, 1, frames * hop)

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
        noise = torch.rand(curves.shape[0], curves.shape[2] * 2 * self.hop) * 2.0 - 1.0
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
    assert isinstance(config, NSFConfig)
    torch_model = SincNSF.from_tensors(config, tensors).eval()
    import warnings

    with warnings.catch_warnings():
        # torch 2.13 marks TorchScript deprecated, but nn~ loads TorchScript only.
        warnings.simplefilter("ignore", DeprecationWarning)
        scripted: Any = torch.jit.script(NNTildeNSF(torch_model, sample_rate))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    scripted.save(str(out))
    return out


def main_export(argv: list[str] | None = None) -> int:
    """Entry point of ``nrcore export``."""
    p = argparse.ArgumentParser(prog="nrcore export", description="Export a synth model "
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
