"""``nrcore eval``: a synth model against two DSP references on sounds it never heard.

For each held-out sound (a folder such as the held-out kit of the real corpus, ``nrcore corpus
--source debian``, and procedural impacts with seeds no corpus used) the conditioning curves
are computed (:func:`nrcore.synthesis.data.analysis.conditioning_curves`: the seven
descriptors, f0 = 0 on unvoiced frames, YIN's octave errors and stray partials removed), audio is rendered from them by the torch-free runtime
and by two references without learned parts, and:

* **MR-STFT distance** to the original audio (spectral convergence plus mean absolute
  log-magnitude difference, FFT sizes 2048 to 128, the training loss's measure in numpy);
* **descriptor fidelity**: the descriptors of the rendered audio against the conditioning
  curves, on frames louder than -60 dBFS, pooled over all items: Pearson correlation per
  descriptor (rms, zcr, flatness linear; centroid, rolloff, bandwidth, f0 as log2), f0 on
  voiced frames only, and the **mean descriptor error**: per descriptor the mean absolute
  error divided by the spread (standard deviation) of the target, averaged over the seven.

Every renderer plays each sound ``renders`` times with different noise (8 by default) and the
scores pool all renders: with one render, the f0 correlation of the same model on the same 31
held-out sounds moved between 0.63 and 0.79 with the noise seed alone (a few frames of one
cymbal decide it), which is not a measurement.

The references:

* :class:`BaselineSynth`: a sine at f0 for the tonal part plus noise band-passed from
  centroid - bandwidth to centroid + bandwidth (41-tap windowed sinc at 44.1 kHz), mixed by
  flatness (``clip(4 flatness, 0, 1)``), scaled to the frame's rms;
* :class:`ShapedNoiseSine`: per frame, noise with a Gaussian spectral envelope centred at the
  centroid, standard deviation the bandwidth (short-time Fourier grains), plus a sine at f0,
  mixed by flatness (noise share ``clip(sqrt(flatness) * 3, 0, 1)``, all noise when f0 = 0),
  scaled to the frame's rms.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any, Callable

import numpy as np

from nrcore.synthesis.runtime import DESCRIPTOR_ORDER, ImpactSynth, check_curves

HOP = 512
REFERENCE_RATE = 44100
LOG_SCALE = (False, False, True, True, True, False, True)
REFERENCES = ("baseline", "voice")


def _frame_lerp(values: np.ndarray, n: int, sr: float) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray]:
    """Indices i0, i1 and weights alpha of every sample's frame position."""
    frames = values.shape[-1]
    position = np.arange(n) * (REFERENCE_RATE / HOP / sr)
    index = np.floor(position)
    alpha = position - index
    i0 = np.minimum(index.astype(np.int64), frames - 1)
    i1 = np.minimum(i0 + 1, frames - 1)
    return i0, i1, alpha


class BaselineSynth:
    """The hand-set DSP baseline (see the module docstring), numpy.

    Parameters
    ----------
    sample_rate : float
        Host rate in Hz.
    taps : int
        Sinc taps at 44.1 kHz (scaled with the rate).
    """

    def __init__(self, sample_rate: float = 44100.0, taps: int = 41) -> None:
        self.sample_rate = float(sample_rate)
        self.taps = 2 * int(round((taps - 1) / 2 * sample_rate / REFERENCE_RATE)) + 1
        k = np.arange(self.taps)
        self.window = 0.5 - 0.5 * np.cos(2.0 * np.pi * (k + 1.0) / (self.taps + 1.0))
        self.offsets = k - (self.taps - 1) / 2.0

    def kernel(self, frame: np.ndarray) -> np.ndarray:
        rms, _, centroid, _, bandwidth, flatness, _ = frame
        noisy = float(np.clip(4.0 * flatness, 0.0, 1.0))
        nyquist = 0.5 * self.sample_rate
        lo = min(max(20.0, centroid - bandwidth), nyquist * 0.9) / self.sample_rate
        hi = min(max(centroid + bandwidth, lo * self.sample_rate + 50.0), nyquist)
        hi = hi / self.sample_rate
        band = (2 * hi * np.sinc(2 * hi * self.offsets) - 2 * lo * np.sinc(2 * lo * self.offsets)
                ) * self.window
        power = float(np.sum(band ** 2))
        out: np.ndarray = band * (rms * math.sqrt(noisy) / math.sqrt(power) if power > 0 else 0.0)
        return out

    def render(self, curves: np.ndarray, seed: int = 1) -> np.ndarray:
        """Render raw curves ``(7, frames)``; 1-D float32 at the host rate."""
        curves, _ = check_curves(curves)
        frames = curves.shape[1]
        sr = self.sample_rate
        n = int(round(frames * sr * HOP / REFERENCE_RATE))
        i0, i1, alpha = _frame_lerp(curves, n, sr)
        flat = np.clip(4.0 * curves[5], 0.0, 1.0)
        amp = np.sqrt(2.0) * curves[0] * np.sqrt(1.0 - flat) * (curves[6] < 0.45 * sr)
        f0 = curves[6][i0] + alpha * (curves[6][i1] - curves[6][i0])
        phase = np.cumsum(f0 / sr)
        tonal = (amp[i0] + alpha * (amp[i1] - amp[i0])) * np.sin(2 * np.pi * (phase % 1.0))
        u = np.random.default_rng(seed).uniform(-1, 1, n + self.taps) * math.sqrt(3.0)
        kernels = np.stack([self.kernel(curves[:, i]) for i in range(frames)])
        noise = np.zeros(n)
        for i in range(frames):
            idx = np.flatnonzero(i0 == i)
            if idx.size == 0:
                continue
            seg = u[idx[0]:idx[-1] + self.taps]
            ya = np.convolve(seg, kernels[i], mode="valid")
            yb = np.convolve(seg, kernels[min(i + 1, frames - 1)], mode="valid")
            noise[idx] = ya + alpha[idx] * (yb - ya)
        out: np.ndarray = (tonal + noise).astype(np.float32)
        return out


class ShapedNoiseSine:
    """The shaped-noise-plus-sine DSP voice (see the module docstring), numpy.

    Parameters
    ----------
    sample_rate : float
        Host rate in Hz.
    """

    def __init__(self, sample_rate: float = 44100.0) -> None:
        self.sample_rate = float(sample_rate)

    def render(self, curves: np.ndarray, seed: int = 1) -> np.ndarray:
        """Render raw curves ``(7, frames)``; 1-D float32 at the host rate."""
        curves, _ = check_curves(curves)
        frames = curves.shape[1]
        sr = self.sample_rate
        n = int(round(frames * sr * HOP / REFERENCE_RATE))
        h = max(8, int(round(HOP * sr / REFERENCE_RATE)))
        rms, centroid, bandwidth, flatness, f0 = (curves[i] for i in (0, 2, 4, 5, 6))
        share = np.where(f0 > 0, np.clip(np.sqrt(flatness) * 3.0, 0.0, 1.0), 1.0)
        i0, i1, alpha = _frame_lerp(curves, n, sr)
        tone_amp = np.sqrt(2.0 * (1.0 - share)) * rms
        f0_s = f0[i0] + alpha * (f0[i1] - f0[i0])
        phase = np.cumsum(f0_s / sr)
        tone = (tone_amp[i0] + alpha * (tone_amp[i1] - tone_amp[i0])) * np.sin(
            2 * np.pi * (phase % 1.0)) * (f0_s < 0.45 * sr)
        n_fft = 2 * h
        freqs = np.fft.rfftfreq(n_fft, 1.0 / sr)
        window = np.sin(np.pi * (np.arange(n_fft) + 0.5) / n_fft)
        rng = np.random.default_rng(seed)
        grains = -(-n // h) + 1
        out = np.zeros((grains + 1) * h)
        for j in range(grains):
            i = min(int(round(j * h * REFERENCE_RATE / HOP / sr)), frames - 1)
            env = np.exp(-0.5 * ((freqs - centroid[i]) / max(bandwidth[i], 20.0)) ** 2)
            env[0] = 0.0
            power = (env[0] ** 2 + 2 * np.sum(env[1:-1] ** 2) + env[-1] ** 2) / n_fft
            spec = np.fft.rfft(rng.uniform(-1, 1, n_fft) * math.sqrt(3.0)) * env
            grain = np.fft.irfft(spec, n_fft) * window
            scale = rms[i] * math.sqrt(share[i] / power) if power > 0 else 0.0
            out[j * h:j * h + n_fft] += scale * grain
        noise = out[h:h + n]
        rendered: np.ndarray = (tone + noise).astype(np.float32)
        return rendered


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
        total += float(np.linalg.norm(t - p) / (np.linalg.norm(t) + 1e-7))
        total += np.mean(np.abs(np.log(p + 1e-5) - np.log(t + 1e-5)))
    return total / len(fft_sizes)


def _scaled(target: np.ndarray, got: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Loud frames of both curve sets, frequencies as log2 (f0 where both are voiced)."""
    frames = min(target.shape[1], got.shape[1])
    t, g = target[:, :frames].astype(np.float64), got[:, :frames].astype(np.float64)
    loud = t[0] > 1e-3
    for d in range(7):
        if LOG_SCALE[d]:
            t[d], g[d] = np.log2(np.maximum(t[d], 1.0)), np.log2(np.maximum(g[d], 1.0))
    return t[:, loud], g[:, loud], loud


def descriptor_fidelity(target: np.ndarray, got: np.ndarray) -> dict[str, dict[str, float]]:
    """Per descriptor: correlation and mean absolute error of ``got`` against ``target``
    (both ``(7, frames)``), on frames where the target rms is above -60 dBFS (f0: where the
    target is voiced too)."""
    t_all, g_all, _ = _scaled(target, got)
    result = {}
    for d, name in enumerate(DESCRIPTOR_ORDER):
        t, g = t_all[d], g_all[d]
        if d == 6:
            voiced = t > 0
            t, g = t[voiced], g[voiced]
        corr = float(np.corrcoef(t, g)[0, 1]) if len(t) > 2 and t.std() > 0 and g.std() > 0 \
            else float("nan")
        result[name] = {"corr": corr, "mae": float(np.mean(np.abs(t - g))) if len(t) else
                        float("nan")}
    return result


def pooled_scores(pairs: list[tuple[np.ndarray, np.ndarray]],
                  spreads: dict[str, float] | None = None) -> dict[str, Any]:
    """Correlation per descriptor and the mean descriptor error over all items' loud frames.

    ``pairs`` holds ``(conditioning curves, descriptors of the rendered audio)`` per item;
    ``spreads`` (per descriptor) replaces the targets' own standard deviations as the error
    scale (so a class's errors are on the scale of the whole set). The result's ``spreads``
    entry gives the scales used.
    """
    ts, gs = [], []
    for target, got in pairs:
        t, g, _ = _scaled(target, got)
        ts.append(t)
        gs.append(g)
    t_all, g_all = np.concatenate(ts, axis=1), np.concatenate(gs, axis=1)
    out: dict[str, Any] = {}
    errors = []
    used: dict[str, float] = {}
    for d, name in enumerate(DESCRIPTOR_ORDER):
        t, g = t_all[d], g_all[d]
        if d == 6:
            voiced = t > 0
            t, g = t[voiced], g[voiced]
        corr = float(np.corrcoef(t, g)[0, 1]) if len(t) > 2 and t.std() > 0 and g.std() > 0 \
            else float("nan")
        mae = float(np.mean(np.abs(t - g))) if len(t) else float("nan")
        spread = spreads[name] if spreads else (float(t.std()) if len(t) > 1 else float("nan"))
        out[name] = {"corr": corr, "mae": mae}
        used[name] = spread
        if spread > 0 and np.isfinite(mae):
            errors.append(mae / spread)
    out["mean_descriptor_error"] = float(np.mean(errors)) if errors else float("nan")
    out["spreads"] = used
    return out


def _clips_from_folder(data: str | Path, items: int) -> list[tuple[str, str, np.ndarray]]:
    from nrcore.synthesis.data.corpus import load_folder
    from nrcore.synthesis.data.real import classify, read_classes

    classes = read_classes(data)
    clips = []
    for imp in load_folder(data, REFERENCE_RATE)[:items]:
        cls = classes.get(imp.name) or imp.kind or classify(Path(imp.name).stem)
        clips.append((imp.name, cls, imp.audio))
    return clips


def _procedural_clips(items: int, length: int, seed: int) -> list[tuple[str, str, np.ndarray]]:
    from nrcore.synthesis.data.impacts import IMPACT_KINDS, generate_impact

    out = []
    for i in range(items):
        kind = IMPACT_KINDS[i % len(IMPACT_KINDS)]
        y = generate_impact(kind, 1_000_000 + seed * 1000 + i, sr=REFERENCE_RATE,
                            duration=length / REFERENCE_RATE)
        out.append((f"{kind}-{i}", kind, y))
    return out


def evaluate_set(synth: ImpactSynth, clips: list[tuple[str, str, np.ndarray]], frames: int,
                 seed: int = 777, plots: str | Path | None = None, label: str = "set",
                 renders: int = 1) -> dict[str, Any]:
    """Scores of the model and both references on one set of clips (see the module
    docstring); per class too. ``plots``: folder for spectrogram PNGs (one per class);
    ``renders``: renders per sound and renderer, each with its own noise, pooled."""
    from nrcore.descriptors import compute
    from nrcore.synthesis.data.analysis import conditioning_curves

    length = frames * HOP
    baseline, voice = BaselineSynth(REFERENCE_RATE), ShapedNoiseSine(REFERENCE_RATE)
    base_seed = int(synth.seed)

    def model_render(curves: np.ndarray, take: int) -> np.ndarray:
        synth.seed = base_seed + take      # each render's noise is derived from the seed
        return synth.render(curves)

    renderers: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
        "model": model_render,
        "baseline": lambda curves, r: baseline.render(curves, seed=1 + r),
        "voice": lambda curves, r: voice.render(curves, seed=1 + r),
    }
    per: dict[str, dict[str, list[Any]]] = {k: {"stft": [], "pairs": [], "cls": []} for k in renderers}
    examples: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
    for name, cls, clip in clips:
        y = np.zeros(length, dtype=np.float32)
        y[:min(length, len(clip))] = clip[:length]
        curves = conditioning_curves(y, REFERENCE_RATE)[:, :frames]
        rendered = {}
        for key, render in renderers.items():
            distances = []
            for take in range(renders):
                out = np.zeros(length, dtype=np.float32)
                r = render(curves, take)[:length]
                out[:len(r)] = r
                if take == 0:
                    rendered[key] = out
                distances.append(stft_distance(out, y))
                per[key]["pairs"].append((curves, compute(out, REFERENCE_RATE)))
                per[key]["cls"].append(cls)
            per[key]["stft"].extend([float(np.mean(distances))] * renders)
        examples.setdefault(cls, (y, rendered))
    synth.seed = base_seed
    classes = sorted(set(per["model"]["cls"]))
    summary: dict[str, Any] = {"set": label, "items": len(clips), "frames": frames,
                               "renders": renders, "classes": {}}
    for key, s in per.items():
        summary[key] = {"stft_distance": float(np.mean(s["stft"])), **pooled_scores(s["pairs"])}
    spreads = summary["model"]["spreads"]  # the targets' spreads: the same for every renderer
    for cls in classes:
        idx = [i for i, c in enumerate(per["model"]["cls"]) if c == cls]
        summary["classes"][cls] = {"items": len(idx) // renders, **{
            key: {"stft_distance": float(np.mean([per[key]["stft"][i] for i in idx])),
                  "mean_descriptor_error": pooled_scores(
                      [per[key]["pairs"][i] for i in idx], spreads)["mean_descriptor_error"]}
            for key in per}}
    if plots is not None:
        summary["plots"] = write_plots(examples, Path(plots), label)
    return summary


def write_plots(examples: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]], folder: Path,
                label: str) -> list[str]:
    """One PNG per class: the original beside the model and the two references."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nrcore import plots

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for cls, (y, rendered) in sorted(examples.items()):
        panels = [("original", y)] + [(k, v) for k, v in rendered.items()]
        fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 3.2), sharey=True)
        for ax, (title, audio) in zip(axes, panels):
            db, freqs, times = plots.spectrogram_db(audio, REFERENCE_RATE)
            db = db - max(float(db.max()), -120.0)
            ax.pcolormesh(times, freqs, db, shading="auto", vmin=-80, vmax=0)
            ax.set_yscale("symlog", linthresh=500)
            ax.set_ylim(20, REFERENCE_RATE / 2)
            ax.set_title(f"{title}", fontsize=9)
            ax.set_xlabel("s")
        axes[0].set_ylabel(f"{cls} (Hz)")
        fig.suptitle(f"{label}: {cls}", fontsize=10)
        fig.tight_layout()
        path = folder / f"{label}-{cls}.png"
        fig.savefig(path, dpi=72)
        plt.close(fig)
        written.append(str(path))
    return written


def evaluate(model: str | Path | None = None, data: str | Path | None = None, items: int = 30,
             frames: int = 64, seed: int = 777, procedural: int | None = None,
             plots: str | Path | None = None, renders: int = 8) -> dict[str, Any]:
    """Evaluate a model and both references; returns a JSON-ready dict.

    Parameters
    ----------
    model : path, optional
        Model stem (default: the shipped model).
    data : path, optional
        Folder of held-out sounds (its ``index.json`` names the classes).
    items : int
        At most this many sounds per set.
    frames : int
        Frames per sound (512 samples at 44.1 kHz each).
    procedural : int, optional
        Procedural impacts to add as a second set (default: ``items`` when no ``data``, else
        none).
    plots : path, optional
        Folder for spectrogram PNGs.
    renders : int
        Renders per sound and renderer, each with its own noise; the scores pool them.
    """
    synth = ImpactSynth(model, sample_rate=REFERENCE_RATE, seed=seed)
    sets = []
    if data is not None:
        clips = _clips_from_folder(data, items)
        if not clips:
            raise ValueError(f"data: no impacts in {data}")
        sets.append(evaluate_set(synth, clips, frames, seed, plots, Path(data).name or "data",
                                 renders))
    count = (items if data is None else 0) if procedural is None else procedural
    if count:
        sets.append(evaluate_set(synth, _procedural_clips(count, frames * HOP, seed), frames,
                                 seed, plots, "procedural", renders))
    # Compatibility: the first set's scores at the top level.
    summary = dict(sets[0])
    summary["sets"] = sets
    return summary


def format_table(summary: dict[str, Any]) -> str:
    """The scores as text tables (one per set, then per class)."""
    lines = []
    for s in summary.get("sets", [summary]):
        lines.append(f"{s['set']}: {s['items']} sounds ({s['frames']} frames each, "
                     f"{s.get('renders', 1)} renders each, pooled); correlation of output descriptors with the conditioning (f0: voiced "
                     "frames)")
        lines.append(f"{'':14}" + "".join(f"{k:>12}" for k in ("model", "baseline", "voice")))
        for d in DESCRIPTOR_ORDER:
            lines.append(f"{d + ' corr':14}" + "".join(
                f"{s[k][d]['corr']:12.3f}" for k in ("model", "baseline", "voice")))
        lines.append(f"{'mean desc err':14}" + "".join(
            f"{s[k]['mean_descriptor_error']:12.3f}" for k in ("model", "baseline", "voice")))
        lines.append(f"{'MR-STFT':14}" + "".join(
            f"{s[k]['stft_distance']:12.3f}" for k in ("model", "baseline", "voice"))
            + "   (lower is better)")
        lines.append(f"  per class MR-STFT (model / baseline / voice), mean descriptor error "
                     "(model / baseline / voice):")
        for cls, c in s["classes"].items():
            lines.append(f"  {cls:12} n={c['items']:<3} " + " / ".join(
                f"{c[k]['stft_distance']:.3f}" for k in ("model", "baseline", "voice"))
                + "    " + " / ".join(f"{c[k]['mean_descriptor_error']:.3f}"
                                      for k in ("model", "baseline", "voice")))
        lines.append("")
    return "\n".join(lines).rstrip()


def main_eval(argv: list[str] | None = None) -> int:
    """Entry point of ``nrcore eval``."""
    p = argparse.ArgumentParser(prog="nrcore eval", description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default=None, help="model stem/path (default: shipped nsf_small)")
    p.add_argument("--data", default=None, help="folder of held-out sounds, e.g. the heldout/ "
                   "folder of `nrcore corpus --source debian` (default: procedural impacts "
                   "with unseen seeds only)")
    p.add_argument("--items", type=int, default=30, help="at most this many sounds per set")
    p.add_argument("--procedural", type=int, default=None, help="procedural impacts to "
                   "evaluate as well (default: --items without --data, else 0)")
    p.add_argument("--frames", type=int, default=64)
    p.add_argument("--seed", type=int, default=777)
    p.add_argument("--renders", type=int, default=8, help="renders per sound and renderer, "
                   "each with its own noise; scores pool them (default 8)")
    p.add_argument("--plots", default=None, help="write spectrogram PNGs (original, model, "
                   "references; one per class and set) into this folder")
    p.add_argument("--json", default=None, help="also write the scores to this JSON file")
    args = p.parse_args(argv)
    if args.items < 1 or args.frames < 2:
        raise SystemExit("--items must be >= 1 and --frames >= 2")
    if not 1 <= args.renders <= 64:
        raise SystemExit(f"--renders: {args.renders} is outside 1..64")
    if args.data is not None and not Path(args.data).is_dir():
        raise SystemExit(f"--data: {args.data} is not a folder")
    try:
        summary = evaluate(args.model, args.data, args.items, args.frames, args.seed,
                           args.procedural, args.plots, args.renders)
    except ValueError as error:
        raise SystemExit(f"nrcore eval: {error}") from None
    print(format_table(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_eval())
