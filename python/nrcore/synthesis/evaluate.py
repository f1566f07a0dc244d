"""``nrcore eval``: how well a Sinc-NSF model follows its conditioning, against a DSP baseline.

For each held-out impact (a folder, or by default procedural impacts with seeds the shipped
corpus never used) the descriptor curves are computed, audio is rendered from them by the
torch-free runtime, and:

* **descriptor fidelity**: the descriptors of the rendered audio are computed again and
  compared with the conditioning curves: Pearson correlation and mean absolute error per
  descriptor (rms, zcr, flatness linear; centroid, rolloff, bandwidth, f0 as log2 ratios,
  i.e. errors in octaves), over frames where the target is louder than -60 dBFS;
* **multi-resolution spectral distance** to the original audio (spectral convergence plus
  mean absolute log-magnitude difference, FFT sizes 2048 to 128), the training loss's
  measure, here in numpy.

The baseline has no learned parts: the same waveform engine with controls set by hand from
the descriptors (a sine at f0 for the tonal part, noise band-passed from centroid -
bandwidth to centroid + bandwidth for the noisy part, mixed by spectral flatness, scaled to
the frame's rms).
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

from nrcore._nsf import NSFVoiceKernel
from nrcore.synthesis.runtime import DESCRIPTOR_ORDER, ImpactSynth, check_curves, hann_window

HOP = 512
REFERENCE_RATE = 44100
LOG_SCALE = (False, False, True, True, True, False, True)


class BaselineSynth:
    """The hand-set DSP baseline on the runtime's waveform kernel (see the module docstring).

    Parameters
    ----------
    sample_rate : float
        Host rate in Hz.
    taps : int
        Sinc taps at 44.1 kHz (scaled with the rate like the model's).
    """

    def __init__(self, sample_rate: float = 44100.0, taps: int = 41) -> None:
        self.sample_rate = float(sample_rate)
        self.taps = 2 * int(round((taps - 1) / 2 * sample_rate / REFERENCE_RATE)) + 1
        self.window = hann_window(self.taps)
        self.offsets = np.arange(self.taps) - (self.taps - 1) / 2.0

    def controls(self, frame: np.ndarray) -> tuple:
        rms, _, centroid, _, bandwidth, flatness, f0 = frame
        noisy = float(np.clip(4.0 * flatness, 0.0, 1.0))
        nyquist = 0.5 * self.sample_rate
        amps = np.array([math.sqrt(2.0) * rms * math.sqrt(1.0 - noisy)
                         if f0 < 0.45 * self.sample_rate else 0.0])
        lo = min(max(20.0, centroid - bandwidth), nyquist * 0.9) / self.sample_rate
        hi = min(max(centroid + bandwidth, lo * self.sample_rate + 50.0), nyquist)
        hi = hi / self.sample_rate
        band = (2 * hi * np.sinc(2 * hi * self.offsets) - 2 * lo * np.sinc(2 * lo * self.offsets)
                ) * self.window
        power = float(np.sum(band ** 2))
        kernel = band * (rms * math.sqrt(noisy) / math.sqrt(power) if power > 0 else 0.0)
        return amps, float(f0), np.ascontiguousarray(kernel), np.zeros(1)

    def render(self, curves: np.ndarray, seed: int = 1) -> np.ndarray:
        """Render raw curves ``(7, frames)``; 1-D float32 at the host rate."""
        curves, _ = check_curves(curves)
        frames = curves.shape[1]
        n = int(round(frames * self.sample_rate * HOP / REFERENCE_RATE))
        kernel = NSFVoiceKernel(1, self.taps, np.ones(1))
        # Noise scale 1 gives unit-variance noise (sqrt(3) times uniform [-1, 1)).
        kernel.start(self.sample_rate, REFERENCE_RATE / HOP / self.sample_rate, math.sqrt(3.0),
                     n, seed)
        ctl = [self.controls(curves[:, min(i, frames - 1)]) for i in range(frames)]
        kernel.load(*ctl[0], *ctl[min(1, frames - 1)])
        out = np.zeros(n, dtype=np.float32)
        position = 0
        while position < n:
            position += kernel.render(out, position, n - position, 1.0)
            if kernel.needs_frame:
                nxt = min(kernel.frame_index + 2, frames - 1)
                kernel.advance(*ctl[nxt])
        return out


def stft_distance(a: np.ndarray, b: np.ndarray,
                  fft_sizes: tuple[int, ...] = (2048, 1024, 512, 256, 128)) -> float:
    """Multi-resolution STFT distance (spectral convergence + L1 log magnitude), as the
    training loss: ``a`` is the prediction, ``b`` the target (1-D, same length)."""
    n = min(len(a), len(b))
    a, b = np.asarray(a[:n], np.float64), np.asarray(b[:n], np.float64)
    total = 0.0
    for size in fft_sizes:
        hop = size // 4
        window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(size) / size)
        mags = []
        for x in (a, b):
            x = np.pad(x, size // 2, mode="reflect")
            count = 1 + (len(x) - size) // hop
            idx = np.arange(size)[None, :] + hop * np.arange(count)[:, None]
            mags.append(np.abs(np.fft.rfft(x[idx] * window, axis=1)))
        p, t = mags
        total += np.linalg.norm(t - p) / (np.linalg.norm(t) + 1e-7)
        total += np.mean(np.abs(np.log(p + 1e-5) - np.log(t + 1e-5)))
    return total / len(fft_sizes)


def descriptor_fidelity(target: np.ndarray, got: np.ndarray) -> dict[str, dict[str, float]]:
    """Per descriptor: correlation and mean absolute error of ``got`` against ``target``
    (both ``(7, frames)``), on frames where the target rms is above -60 dBFS."""
    frames = min(target.shape[1], got.shape[1])
    target, got = target[:, :frames], got[:, :frames]
    loud = target[0] > 1e-3
    result = {}
    for d, name in enumerate(DESCRIPTOR_ORDER):
        t, g = target[d, loud], got[d, loud]
        if LOG_SCALE[d]:
            t, g = np.log2(np.maximum(t, 1.0)), np.log2(np.maximum(g, 1.0))
        corr = float(np.corrcoef(t, g)[0, 1]) if len(t) > 2 and t.std() > 0 and g.std() > 0 \
            else float("nan")
        result[name] = {"corr": corr, "mae": float(np.mean(np.abs(t - g))) if len(t) else
                        float("nan")}
    return result


def evaluate(model: str | Path | None = None, data: str | Path | None = None, items: int = 30,
             frames: int = 64, seed: int = 777) -> dict:
    """Evaluate a model and the baseline; returns a JSON-ready dict of mean scores."""
    from nrcore.synthesis.data.corpus import IMPACT_KINDS, generate_impact, load_folder
    from nrcore.descriptors import compute

    length = frames * HOP
    if data is None:
        clips = [generate_impact(IMPACT_KINDS[i % len(IMPACT_KINDS)], 1_000_000 + seed * 1000 + i,
                                 sr=REFERENCE_RATE, duration=length / REFERENCE_RATE)
                 for i in range(items)]
    else:
        clips = [imp.audio for imp in load_folder(data, REFERENCE_RATE)][:items]
    if not clips:
        raise ValueError(f"data: no impacts in {data}")
    synth = ImpactSynth(model, sample_rate=REFERENCE_RATE, seed=seed)
    baseline = BaselineSynth(REFERENCE_RATE, synth.config.sinc_taps)
    scores: dict[str, dict] = {"model": {}, "baseline": {}}
    for name in scores:
        scores[name] = {"stft": [], "fidelity": []}
    for clip in clips:
        y = np.zeros(length, dtype=np.float32)
        y[:min(length, len(clip))] = clip[:length]
        curves = compute(y, REFERENCE_RATE)[:, :frames]
        for name, render in (("model", synth.render), ("baseline", baseline.render)):
            out = render(curves)[:length]
            scores[name]["stft"].append(stft_distance(out, y))
            scores[name]["fidelity"].append(descriptor_fidelity(curves,
                                                                compute(out, REFERENCE_RATE)))
    summary: dict = {"items": len(clips), "frames": frames}
    for name, s in scores.items():
        summary[name] = {"stft_distance": float(np.mean(s["stft"]))}
        for d in DESCRIPTOR_ORDER:
            summary[name][d] = {
                k: float(np.nanmean([f[d][k] for f in s["fidelity"]])) for k in ("corr", "mae")}
    return summary


def format_table(summary: dict) -> str:
    lines = [f"held-out impacts: {summary['items']} ({summary['frames']} frames each)",
             f"{'':12}{'model corr':>12}{'model mae':>12}{'base corr':>12}{'base mae':>12}"]
    for d in DESCRIPTOR_ORDER:
        m, b = summary["model"][d], summary["baseline"][d]
        unit = " oct" if LOG_SCALE[DESCRIPTOR_ORDER.index(d)] else ""
        lines.append(f"{d + unit:12}{m['corr']:12.3f}{m['mae']:12.4f}{b['corr']:12.3f}"
                     f"{b['mae']:12.4f}")
    lines.append(f"{'MR-STFT':12}{summary['model']['stft_distance']:24.3f}"
                 f"{summary['baseline']['stft_distance']:24.3f}   (lower is better)")
    return "\n".join(lines)


def main_eval(argv: list[str] | None = None) -> int:
    """Entry point of ``nrcore eval``."""
    p = argparse.ArgumentParser(prog="nrcore eval", description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default=None, help="model stem/path (default: shipped nsf_small)")
    p.add_argument("--data", default=None, help="folder of held-out impacts (default: "
                   "procedural impacts with unseen seeds)")
    p.add_argument("--items", type=int, default=30)
    p.add_argument("--frames", type=int, default=64)
    p.add_argument("--seed", type=int, default=777)
    p.add_argument("--json", default=None, help="also write the scores to this JSON file")
    args = p.parse_args(argv)
    if args.items < 1 or args.frames < 2:
        raise SystemExit("--items must be >= 1 and --frames >= 2")
    summary = evaluate(args.model, args.data, args.items, args.frames, args.seed)
    print(format_table(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_eval())
