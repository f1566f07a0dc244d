"""Descriptors: nrcore.descriptors against librosa 0.11, side by side on the same signal.

The signal is ``--seconds`` of procedural impacts (``nrcore.synthesis.data.corpus``, every kind in turn) at
44.1 kHz, followed by Pd's recorded ``voice.wav`` when Pd's documentation is installed. Rows:

- the six spectral/temporal descriptors (RMS, ZCR, centroid, roll-off, bandwidth, flatness):
  librosa's six feature calls on ``y`` (as a librosa user writes them; each spectral one runs
  its own STFT) against ``nrcore.descriptors.compute_spectral_temporal`` (goal: >= 5x);
- f0: ``librosa.yin(y, fmin=50, fmax=5000, sr=sr)`` against the f0 row of ``compute``
  (timed as ``compute`` minus ``compute_spectral_temporal``);
- all seven: librosa's seven calls against ``compute``;
- ``StreamingDescriptors`` fed 512-sample blocks (times real time).

Checked, not assumed: the script reports the largest relative difference per descriptor, and
the f0 agreement on voiced frames (frames whose RMS is at least 5 % of the loudest frame's and
where librosa's own f0 lies inside [fmin, fmax]); it exits with status 1 if f0 differs by more
than 1 % on any voiced frame or another descriptor by more than 1e-4 relative (1e-6 of the
row's peak for values near zero) or roll-off by more than one FFT bin.

Timing is best-of-``--repeats`` wall time on one pinned core, the contenders interleaved within
each repeat, after one warm-up call of each side (librosa's numba kernels compile on first use;
the agreement checks below double as the warm-up).

Run from the repository root::

    PYTHONPATH=python .venv/bin/python benchmarks/bench_descriptors.py
"""
from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

import numpy as np

from common import best_time, pin_to_one_core, table

from nrcore.synthesis.data import corpus
from nrcore import descriptors

SR = 44100
VOICE = Path("/usr/share/puredata/doc/sound/voice.wav")


def test_signal(seconds: float) -> np.ndarray:
    count = max(1, int(round(seconds)))
    parts = [
        corpus.generate_impact(corpus.IMPACT_KINDS[i % len(corpus.IMPACT_KINDS)], i, sr=SR)
        for i in range(count)
    ]
    if VOICE.is_file():
        voice, voice_sr = corpus.load_audio(VOICE)
        parts.append(corpus.resample(voice, voice_sr, SR) if voice_sr != SR else voice)
    return np.concatenate(parts).astype(np.float32)


def librosa_six(librosa, y: np.ndarray) -> np.ndarray:
    f = librosa.feature
    return np.stack(
        [
            f.rms(y=y)[0],
            f.zero_crossing_rate(y)[0],
            f.spectral_centroid(y=y, sr=SR)[0],
            f.spectral_rolloff(y=y, sr=SR)[0],
            f.spectral_bandwidth(y=y, sr=SR)[0],
            f.spectral_flatness(y=y)[0],
        ]
    )


def librosa_f0(librosa, y: np.ndarray) -> np.ndarray:
    return librosa.yin(y, fmin=50.0, fmax=5000.0, sr=SR)


def stream(y: np.ndarray, block: int) -> np.ndarray:
    analyzer = descriptors.StreamingDescriptors(SR)
    outs = [analyzer.process(y[i : i + block]) for i in range(0, y.shape[0], block)]
    outs.append(analyzer.flush())
    return np.concatenate(outs, axis=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="seconds of impacts (default 30)")
    parser.add_argument("--repeats", type=int, default=5, help="timing repeats, best kept (default 5)")
    args = parser.parse_args()
    try:
        import librosa
    except ImportError:
        print("librosa is not installed: pip install librosa (benchmark peer)", file=sys.stderr)
        return 2
    pin_to_one_core()
    y = test_signal(args.seconds)
    seconds = y.shape[0] / SR

    ours = descriptors.compute(y, SR)
    theirs = np.vstack([librosa_six(librosa, y), librosa_f0(librosa, y)[None, :]])
    streamed = stream(y, 512)

    # Interleaved: each repeat times every contender once, so a burst of load from another
    # process hits both sides of a ratio alike instead of one side's whole series.
    contenders = {
        "lib6": lambda: librosa_six(librosa, y),
        "libf0": lambda: librosa_f0(librosa, y),
        "our6": lambda: descriptors.compute_spectral_temporal(y, SR),
        "our7": lambda: descriptors.compute(y, SR),
        "stream": lambda: stream(y, 512),
    }
    best = {name: float("inf") for name in contenders}
    for _ in range(args.repeats):
        for name, fn in contenders.items():
            best[name] = min(best[name], best_time(fn, 1))
    t_lib6, t_libf0, t_our6, t_our7, t_stream = (best[k] for k in contenders)
    t_ourf0 = max(t_our7 - t_our6, 1e-9)

    def row(name: str, t_lib: float | None, t_ours: float) -> tuple:
        lib_ms = f"{t_lib * 1e3:.1f}" if t_lib is not None else "-"
        ratio = f"{t_lib / t_ours:.1f}x" if t_lib is not None else "-"
        return (name, lib_ms, f"{t_ours * 1e3:.1f}", f"{seconds / t_ours:.0f}x", ratio)

    rows = [
        row("6 spectral/temporal descriptors", t_lib6, t_our6),
        row("f0 (YIN, 50-5000 Hz)", t_libf0, t_ourf0),
        row("all 7", t_lib6 + t_libf0, t_our7),
        row("all 7, streaming, 512-sample blocks", None, t_stream),
    ]
    print(
        f"signal: {seconds:.1f} s at {SR} Hz ({ours.shape[1]} frames), numpy {np.__version__}, "
        f"librosa {metadata.version('librosa')}, one core, best of {args.repeats}\n"
    )
    print(table(rows, ("what", "librosa ms", "nrcore ms", "nrcore x real time", "speed-up")))

    # -- agreement --------------------------------------------------------------------------
    failures = []
    print("\nlargest difference from librosa per descriptor:")
    bin_hz = SR / 2048
    for d, name in enumerate(descriptors.DESCRIPTOR_NAMES[:6]):
        a, b = ours[d].astype(np.float64), theirs[d]
        floor = 1e-6 * float(np.max(np.abs(b)))
        rel = np.abs(a - b) / np.maximum(np.abs(b), floor)
        line = f"  {name:9s} relative {rel.max():.2e}"
        if name == "rolloff":
            off_bins = np.abs(a - b) / bin_hz
            line += f", {np.count_nonzero(off_bins > 0.5)} frames off by a bin"
            if off_bins.max() > 1.5:
                failures.append("rolloff differs by more than one bin")
        elif rel.max() > 1e-4:
            failures.append(f"{name} differs by {rel.max():.2e} relative")
        print(line)
    rms = ours[0]
    f0_ours, f0_lib = ours[6].astype(np.float64), theirs[6]
    voiced = (rms >= 0.05 * rms.max()) & (f0_lib >= 50.0) & (f0_lib <= 5000.0)
    f0_rel = np.abs(f0_ours - f0_lib) / f0_lib
    print(
        f"  f0        voiced frames {int(voiced.sum())}/{voiced.size}: largest relative "
        f"difference {f0_rel[voiced].max():.2e}, median {np.median(f0_rel[voiced]):.2e}; "
        f"all frames within 1 %: {np.mean(f0_rel <= 0.01) * 100:.2f} %"
    )
    if f0_rel[voiced].max() > 0.01:
        failures.append("f0 differs by more than 1 % on a voiced frame")
    stream_diff = float(np.max(np.abs(streamed - ours)))
    print(f"  streaming vs offline: largest difference {stream_diff:.2e}")
    if streamed.shape != ours.shape or not np.allclose(streamed, ours, rtol=1e-5, atol=1e-6):
        failures.append("streaming frames differ from offline frames")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
