"""The seed instruments, rendered: what ``nrcore demo`` writes and plays.

Each scene is a function ``scene(out_dir, sr) -> Scene`` that computes its controls first
(scripted joystick, mouse path, sequences), then renders audio with nrcore processors, then
writes WAV/MIDI/PNG files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import plots, signals
from .neuron import Neuron
from .render import render_blocks, write_wav


@dataclass
class Scene:
    title: str
    listen: str                      # what to listen for
    audio: np.ndarray                # (channels, samples) for playback
    sr: float
    files: list[Path] = field(default_factory=list)


def logistic_steps(n_steps: int, r: float = 3.91, x0: float = 0.31) -> np.ndarray:
    """A chaotic but deterministic sequence in (0, 1): the logistic map."""
    out = np.empty(n_steps)
    x = x0
    for i in range(n_steps):
        x = r * x * (1.0 - x)
        out[i] = x
    return out


def one_pole(x: np.ndarray, sr: float, cutoff_hz: float) -> np.ndarray:
    """Zero-phase-free one-pole low-pass for control signals (glide between steps)."""
    a = 1.0 - np.exp(-2 * np.pi * cutoff_hz / sr)
    y = np.empty_like(x, dtype=np.float64)
    acc = float(x[0]) if len(x) else 0.0
    for i, v in enumerate(x):
        acc += a * (v - acc)
        y[i] = acc
    return y


def single_neuron_scene(out_dir: Path, sr: float = 48000.0, seconds: float = 12.0) -> Scene:
    """The neuron of the Pd video: three signals, tanh, feedback and noise, a firing comparator.

    Inputs: a sequenced sine, a triangle whose pitch is driven by a chaotic sequence, and a slow
    sub sine. The weights are automated at audio rate (slow LFOs), the comparator's gate is fed
    back through a 29 ms delay (the seed's filtered comparator -> reverb -> input loop).
    """
    n = int(seconds * sr)
    melody = signals.step_sequence([110.0, 164.8, 130.8, 196.0, 146.8, 98.0], 0.25, seconds, sr)
    chaos = logistic_steps(int(seconds / 0.125) + 1)
    tri_hz = 70.0 + 260.0 * np.repeat(chaos, int(0.125 * sr))[:n]
    tri_hz = one_pole(tri_hz, sr, 8.0)
    x = np.stack([
        signals.sine(melody, seconds, sr),
        signals.triangle(tri_hz, seconds, sr),
        signals.sine(55.0, seconds, sr),
    ])
    t = np.arange(n) / sr
    weights = np.stack([
        1.2 + 0.9 * np.sin(2 * np.pi * 0.11 * t),
        0.8 + 0.7 * np.sin(2 * np.pi * 0.07 * t + 1.0),
        0.6 + 0.5 * np.sin(2 * np.pi * 0.05 * t + 2.0),
    ]).astype(np.float32)
    neuron = Neuron(inputs=3, sample_rate=sr, activation="tanh", bias=0.05, feedback=0.45,
                    feedback_source="fire", feedback_delay=int(0.029 * sr), noise=0.04,
                    threshold=0.35, hysteresis=0.2, output_cutoff=7000.0, seed=5)
    both = np.concatenate([x, weights])
    out = render_blocks(lambda b: neuron.process(b[:3], weights=b[3:]), both, "single neuron")
    mix = (0.85 * out[0] + 0.15 * (out[1] - out[1].mean())).astype(np.float32)
    wav = write_wav(out_dir / "1-neuron.wav", mix, sr)
    png = plots.waveform_and_spectrogram(out_dir / "1-neuron.png", mix, sr,
                                         "1 · single neuron: 3 inputs, tanh, feedback, noise")
    return Scene("single neuron", "a tanh-saturated mix that gates and stutters when the "
                 "comparator's pulses come back through the feedback delay", mix[None], sr,
                 [wav, png])


def learning_scene(out_dir: Path, sr: float = 48000.0, seconds: float = 6.0) -> Scene:
    """The "Pd machine learning fail" video: a neuron adapts its weights, sample by sample, to
    match a target. A target made from its own inputs is learnt; a sine at a frequency none of
    the inputs has is not, and the failing neuron's output is the sound."""
    from .learning import LearningNeuron, error_db

    from .learning import learning_demo_signals

    outputs, curves = {}, {}
    # A slow learner, to hear the reachable target being found; a fast one on the unreachable
    # target, whose weights then swing at audio rate: the failure becomes a timbre.
    for reachable, label, mu in ((True, "reachable", 6e-4), (False, "unreachable", 0.3)):
        x, target = learning_demo_signals(sr, seconds, reachable=reachable)
        learner = LearningNeuron(inputs=3, sample_rate=sr, activation="tanh", mu=mu)
        out = render_blocks(learner.process, np.vstack([x, target]), f"learning ({label})")
        err = error_db(out[1], sr, window_s=0.02)
        curves[f"{label} target, mu {mu:g}: {err[-10:].mean():.0f} dB after {seconds:g} s"] = (
            np.arange(len(err)) * 0.02, err)
        outputs[label] = out[0]
    files = [write_wav(out_dir / f"4-learning-{label}.wav", y, sr) for label, y in outputs.items()]
    files.append(plots.learning_curves(out_dir / "4-learning-error.png", curves,
                                       "4 · learning neuron (NLMS through tanh): error power"))
    both = np.concatenate([outputs["reachable"], outputs["unreachable"]])
    return Scene("learning neuron", "the reachable target is matched within a fraction of a "
                 "second; the unreachable one is chased forever, a buzzing mis-copy", both[None],
                 sr, files)


SCENES = [single_neuron_scene, learning_scene]


def run(out_dir: Path, sr: float = 48000.0) -> list[Scene]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [scene(out_dir, sr) for scene in SCENES]
