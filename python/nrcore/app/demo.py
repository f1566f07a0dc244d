"""The seed instruments, rendered: what ``nrcore demo`` writes and plays.

Each scene is a function ``scene(out_dir, sr) -> Scene`` that computes its controls first
(scripted joystick, mouse path, sequences), then renders audio with nrcore processors, then
writes WAV/MIDI/PNG files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nrcore import plots
from nrcore import signals
from nrcore.neuron import Neuron
from nrcore.render import render_blocks, write_wav


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


def dc_block(x: np.ndarray, sr: float, cutoff_hz: float = 10.0) -> np.ndarray:
    """Remove DC (a held joystick is DC at the neurons' outputs) before listening."""
    out: np.ndarray = (x - one_pole(x, sr, cutoff_hz)).astype(np.float32)
    return out


def dual_neuron_scene(out_dir: Path, sr: float = 48000.0, seconds: float = 12.0) -> Scene:
    """The joystick dual neuron of the Eurorack video: X, Y, Z into both neurons, each output
    fed into the other. The joystick circles slowly while the cross-feedback is turned up from
    the tonal regime into chaos and back; the two outputs also drive a synth voice (pitch from
    A, filter cutoff from B), as in the seed patch."""
    from nrcore.network import DualNeuron

    n = int(seconds * sr)
    t = np.arange(n) / sr
    joystick = np.stack([0.8 * np.sin(2 * np.pi * 0.21 * t), 0.7 * np.sin(2 * np.pi * 0.13 * t + 1),
                         0.6 * np.sin(2 * np.pi * 0.08 * t + 2)]).astype(np.float32)
    # cross-feedback schedule (time s, value): tone, into chaos, back to a tone
    schedule = np.interp(t, [0, 2, 7, 9, seconds], [1.5, 1.5, 6.0, 6.0, 1.5])
    dual = DualNeuron(sample_rate=sr)
    block = 512

    def process(x_block: np.ndarray, start: list[int] = [0]) -> np.ndarray:
        dual.cross_feedback = float(schedule[min(start[0], n - 1)])
        start[0] += x_block.shape[1]
        return dual.process(x_block)

    ab = render_blocks(process, joystick, "dual neuron", block=block)
    a, b = ab
    stereo = np.stack([dc_block(a, sr), dc_block(b, sr)])
    files = [write_wav(out_dir / "2-dual-neuron.wav", stereo, sr)]
    # the seed's synth voice: a saw whose pitch follows A and whose low-pass follows B
    a_slow, b_slow = one_pole(a, sr, 30.0), one_pole(b, sr, 30.0)
    pitch = 110.0 * 2.0 ** (1.5 * a_slow)
    voice = signals.saw(pitch, seconds, sr).astype(np.float64)
    cutoff = 300.0 * 2.0 ** (3.0 + 2.5 * b_slow)
    coef = 1.0 - np.exp(-2 * np.pi * np.minimum(cutoff, 0.45 * sr) / sr)
    filtered = np.empty(n)
    acc = 0.0
    for i in range(n):
        acc += coef[i] * (voice[i] - acc)
        filtered[i] = acc
    voice_out = (0.5 * filtered + 0.5 * stereo.mean(axis=0)).astype(np.float32)
    files.append(write_wav(out_dir / "2-dual-neuron-voice.wav", voice_out, sr))
    files.append(plots.waveform_and_spectrogram(out_dir / "2-dual-neuron.png", stereo[0], sr,
                 "2 · dual neuron, output A: tone (cross-feedback 1.5) -> chaos (6) -> tone"))
    sec = int(sr)
    files.append(plots.phase_portrait(
        out_dir / "2-dual-neuron-phase.png", a, b, "2 · dual neuron phase portrait (A against B)",
        segments=[("tone, cross-feedback 1.5", slice(int(0.5 * sec), 2 * sec)),
                  ("chaos, cross-feedback 6", slice(7 * sec, 9 * sec))]))
    return Scene("dual neuron", "left/right are the two neurons: a bent tone that breaks into a "
                 "rough chaotic texture as the cross-feedback rises, and settles back; the "
                 "-voice file is the synth they drive", stereo, sr, files)


def render_notes(notes: Any, seconds: float, sr: float) -> np.ndarray:
    """A plucked-sine rendering of MIDI notes, so the MIDI scene can be heard without a synth."""
    out = np.zeros(int(seconds * sr) + int(sr))
    for note in notes:
        start = int(note.start * sr)
        length = int((note.duration + 0.3) * sr)
        t = np.arange(length) / sr
        freq = 440.0 * 2.0 ** ((note.note - 69) / 12.0)
        envelope = np.exp(-t * 6.0) * np.minimum(t / 0.003, 1.0)
        tone = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)
        out[start:start + length] += (note.velocity / 127.0) * envelope * tone
    return out[: int(seconds * sr)].astype(np.float32)


def mouse_to_midi_scene(out_dir: Path, sr: float = 48000.0) -> Scene:
    """The Max video's data-driven instrument: a mouse gesture through a small network with
    feedback becomes MIDI notes and a controller (a scripted gesture stands in for the mouse)."""
    from nrcore.midi import ControlChange, Note, example_gesture, mouse_to_midi, write_midi

    frame_rate = 100.0
    gesture = example_gesture(seconds=8.0, frame_rate=frame_rate)
    events = mouse_to_midi(gesture, frame_rate)
    notes = [e for e in events if isinstance(e, Note)]
    controls = [e for e in events if isinstance(e, ControlChange)]
    seconds = gesture.shape[1] / frame_rate
    files = [write_midi(out_dir / "3-mouse-to-midi.mid", events)]
    audio = render_notes(notes, seconds + 0.5, sr)
    files.append(write_wav(out_dir / "3-mouse-to-midi.wav", audio, sr))
    gesture_t = np.arange(gesture.shape[1]) / frame_rate
    files.append(plots.piano_roll(
        out_dir / "3-mouse-to-midi.png",
        [(nt.start, nt.duration, nt.note, nt.velocity) for nt in notes], gesture_t, gesture,
        f"3 · mouse -> network with feedback -> {len(notes)} notes, {len(controls)} CC changes"))
    return Scene("mouse to MIDI", "circles give winding pentatonic lines, the held mouse rests, "
                 "the fast zig-zag folds into wide leaps: not random, not linear", audio[None], sr,
                 files)


def learning_scene(out_dir: Path, sr: float = 48000.0, seconds: float = 6.0) -> Scene:
    """The "Pd machine learning fail" video: a neuron adapts its weights, sample by sample, to
    match a target. A target made from its own inputs is learnt; a sine at a frequency none of
    the inputs has is not, and the failing neuron's output is the sound."""
    from nrcore.learning import LearningNeuron, error_db

    from nrcore.learning import learning_demo_signals

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


def neural_synthesis_scene(out_dir: Path, sr: float = 48000.0) -> Scene:
    """The Neurorack's sound engine: impacts from descriptor curves with the shipped Sinc-NSF
    model, a morph between two descriptor sets, and curves sampled from the descriptor VAE."""
    import soundfile

    from nrcore.app.synth_demo import render_synth_demo

    synth_dir = out_dir / "5-neural-synthesis"
    files = render_synth_demo(synth_dir, sr)
    impacts, file_sr = soundfile.read(str(synth_dir / "synth_impacts.wav"), dtype="float32")
    return Scene("neural synthesis", "one impact per kind from the curves of sounds the model "
                 "never heard (the originals are in synth_impacts_sources.wav), a kick morphing "
                 "into a bell, and new impacts from the VAE", impacts[None], float(file_sr), files)


SCENES = [single_neuron_scene, dual_neuron_scene, mouse_to_midi_scene, learning_scene,
          neural_synthesis_scene]


def run(out_dir: Path, sr: float = 48000.0) -> list[Scene]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    scenes = [scene(out_dir, sr) for scene in SCENES]
    for scene in scenes:  # figure writers return None without matplotlib (nrcore[plots])
        scene.files = [f for f in scene.files if f is not None]
    return scenes
