"""The generated gen~ code (``nrcore.hosts.max.gen``) against the Cython kernels, sample by
sample, through the GenExpr reference of ``test_genexpr.py``: every activation and feedback
setting, parameter changes while playing (smoothing), to 1e-6 (float32 outputs: relative to
the size of the value beyond 1). Noise is compared by its statistics only (gen~ has its own
generator); its sample-wise difference is measured in BENCHMARKS-free terms below."""
from __future__ import annotations

import json

import numpy as np
import pytest

import nrcore
from nrcore.activations import ACTIVATIONS
from nrcore.hosts.max import gen
from nrcore.learning import LearningNeuron
from test_genexpr import Program

N = 300
RATE = 48000.0


def _signals(rows: int, n: int = N, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(n) / RATE
    freqs = rng.uniform(80, 2000, rows)
    x = 0.8 * np.sin(2 * np.pi * freqs[:, None] * t) + 0.2 * rng.uniform(-1, 1, (rows, n))
    return x.astype(np.float32)


def _program(code: str, proc) -> Program:
    program = Program(code, proc.sample_rate)
    for name, value in gen.gen_param_values(proc).items():
        program.set(name, value)
    assert all(program.params[k][0] == v for k, v in gen.gen_param_values(proc).items())
    return program


def _close(gen_out: np.ndarray, kernel_out: np.ndarray) -> None:
    kernel = np.asarray(kernel_out, dtype=np.float64)
    error = np.abs(gen_out - kernel) / np.maximum(1.0, np.abs(kernel))
    assert error.max() <= 1e-6, (error.max(), int(error.argmax() % error.shape[-1]))


def _run_both(code: str, proc, x: np.ndarray, changes: dict | None = None) -> None:
    """Run half the block, apply ``changes`` to both, run the rest; compare."""
    program = _program(code, proc)
    half = x.shape[1] // 2
    first = program.run(x[:, :half])
    kernel_first = proc.process(x[:, :half])
    if changes:
        for name, value in changes.items():
            proc.set_param(name, value)
        for name, value in gen.gen_param_values(proc).items():
            program.set(name, value)
    second = program.run(x[:, half:])
    kernel_second = proc.process(x[:, half:])
    _close(np.concatenate([first, second], axis=1),
           np.concatenate([kernel_first, kernel_second], axis=1))


NEURON_FEEDBACK = [dict(feedback=0.0),
                   dict(feedback=0.9, feedback_delay=1),
                   dict(feedback=-1.3, feedback_delay=7, output_cutoff=3000.0),
                   dict(feedback=2.0, feedback_delay=3, feedback_source="fire", threshold=0.2,
                        hysteresis=0.3)]


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("setting", range(len(NEURON_FEEDBACK)))
def test_neuron(activation, setting):
    proc = nrcore.Neuron(inputs=3, weights=[0.8, -0.6, 1.1], bias=0.1, activation=activation,
                         response=0.3, **NEURON_FEEDBACK[setting])
    changes = {"bias": -0.4, "weights": [0.2, 0.9, -1.5], "feedback":
               proc.get_param("feedback") * 0.5, "smoothing": 2.0}
    _run_both(gen.neuron_code(3), proc, _signals(3), changes)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("cross,coupling,delay", [(0.5, "opposed", 1), (1.5, "opposed", 24),
                                                  (3.0, "mutual", 5)])
def test_dual_neuron(activation, cross, coupling, delay):
    proc = nrcore.DualNeuron(activation=activation, cross_feedback=cross, coupling=coupling,
                             cross_delay=delay, self_feedback=0.3, response=0.4)
    changes = {"coupling": "mutual" if coupling == "opposed" else "opposed",
               "cross_feedback": cross + 0.5, "bias": [0.1, 0.2]}
    _run_both(gen.dualneuron_code(), proc, _signals(3, seed=5), changes)


@pytest.mark.parametrize("activations", [ACTIVATIONS[:4], ACTIVATIONS[4:]])
@pytest.mark.parametrize("delay", [1, 4])
def test_network(activations, delay):
    rng = np.random.default_rng(delay)
    proc = nrcore.Network(neurons=4, inputs=3, weights=rng.uniform(-1, 1, (4, 3)),
                          recurrent=rng.uniform(-1.5, 1.5, (4, 4)), bias=rng.uniform(-.3, .3, 4),
                          activation=list(activations), cutoff=[0.0, 500.0, 2000.0, 0.0],
                          delay=delay, response=0.35)
    changes = {"recurrent": rng.uniform(-1.5, 1.5, (4, 4)), "smoothing": 5.0}
    _run_both(gen.network_code(4, 3), proc, _signals(3, seed=7), changes)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("algorithm", ["nlms", "lms", "sign_error"])
def test_learning_neuron(activation, algorithm):
    proc = LearningNeuron(inputs=3, activation=activation, algorithm=algorithm, mu=0.05,
                          leak=1e-4, weight_limit=3.0, response=0.4)
    x = _signals(3, seed=11).astype(np.float64)
    target = np.tanh(0.7 * x[0] - 0.4 * x[1] + 0.2)[None, :]
    block = np.concatenate([x, target]).astype(np.float32)
    changes = {"weights": [0.1, -0.2, 0.3], "mu": 0.2, "freeze": True}
    _run_both(gen.learn_code(3), proc, block, changes)


def test_noise_differs_only_by_its_generator():
    """With noise on, gen~ draws another white sequence: measured here, the output of a
    neuron (noise 0.05, defaults otherwise) differs by about the noise itself, while the level
    matches; the docs quote these numbers."""
    proc = nrcore.Neuron(inputs=3, noise=0.05)
    rng = np.random.default_rng(0)
    program = Program(gen.neuron_code(3), proc.sample_rate,
                      noise=lambda: float(rng.uniform(-1.0, 1.0)))
    for name, value in gen.gen_param_values(proc).items():
        program.set(name, value)
    x = _signals(3, n=4000)
    ours = program.run(x)[0]
    kernel = proc.process(x)[0].astype(np.float64)
    difference = np.sqrt(np.mean((ours - kernel) ** 2))
    assert 0.02 < difference < 0.05                      # about 0.05 / sqrt(3) * sqrt(2) * slope
    assert abs(np.std(ours - np.mean(ours)) - np.std(kernel - np.mean(kernel))) < 0.01
    assert abs(np.mean(ours) - np.mean(kernel)) < 0.01


def test_gendsp_files_are_generated_and_valid():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "max" / "nrcore"
    for rel, text in gen.gen_files().items():
        assert (root / rel).read_text() == text, f"regenerate {rel}"
        patcher = json.loads(text)["patcher"]
        assert patcher["classnamespace"] == "dsp.gen"
        code = next(b["box"] for b in patcher["boxes"] if b["box"]["maxclass"] == "codebox")
        program = Program(code["code"], 48000.0)
        assert code["numinlets"] == program.inputs
        assert code["numoutlets"] == program.outputs
        ins = [b["box"] for b in patcher["boxes"] if b["box"].get("text", "").startswith("in ")]
        outs = [b["box"] for b in patcher["boxes"] if b["box"].get("text", "").startswith("out ")]
        assert len(ins) == program.inputs and len(outs) == program.outputs
