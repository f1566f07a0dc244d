"""The dual neuron and an 8-neuron network at 48 kHz: nrcore vs numpy vs the Python reference.

Run: .venv/bin/python benchmarks/bench_networks.py

Peers, side by side in this script, pinned to one core:
- nrcore.DualNeuron / nrcore.Network in 64-sample blocks (Pd's block size) and 4096-sample
  blocks;
- a per-sample numpy loop (matrix-vector products over the neurons, as one would write it in
  numpy: the recurrence through the previous sample rules out vectorising over time);
- the per-sample Python reference from tests/ref_network.py (which also runs every parameter
  ramp every sample).

Patches: the dual neuron's default (sinefold, cross-feedback 1.5, 24-sample cross delay, 1 kHz
one-pole), joystick held still; the network: 8 tanh neurons, 3 inputs, a seeded random
recurrent matrix (spectral radius about 1.3), 1-sample delay, 4 kHz one-pole, three sines in.
Each peer's output is checked against nrcore's before timing.
"""
from __future__ import annotations

import numpy as np

from common import alternating_ratio, best_time, pin_to_one_core, table, unlocked_kernel_module

import nrcore
from ref_network import ReferenceNetwork, dual_neuron_as_network

SR = 48000


def network_patch() -> dict:
    rng = np.random.default_rng(8)
    return dict(weights=rng.normal(0, 0.7, (8, 3)),
                recurrent=rng.normal(0, 1.3 / np.sqrt(8), (8, 8)), bias=rng.normal(0, 0.2, 8),
                activation="tanh", cutoff=4000.0, delay=1)


def network_inputs(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return np.stack([np.sin(2 * np.pi * f * t) for f in (110.0, 165.0, 0.5)]).astype(np.float32)


def joystick(seconds: float) -> np.ndarray:
    return np.tile(np.array([[0.3], [-0.2], [0.1]], np.float32), (1, int(seconds * SR)))


def numpy_network(x: np.ndarray, weights, recurrent, bias, activation, cutoff, delay) -> np.ndarray:
    """The Network equations as a per-sample numpy loop (constant parameters, no noise)."""
    f = {"tanh": np.tanh, "sinefold": np.sin}[activation]
    weights, recurrent = np.asarray(weights, float), np.asarray(recurrent, float)
    bias = np.asarray(bias, float)
    coef = 1.0 - np.exp(-2 * np.pi * np.asarray(cutoff, float) / SR)
    xs = x.astype(np.float64)
    n_neurons = len(bias)
    ring = np.zeros((delay, n_neurons))  # ring[t % delay] holds y[t - delay]
    y = np.zeros(n_neurons)
    out = np.empty((n_neurons, xs.shape[1]))
    for t in range(xs.shape[1]):
        s = bias + weights @ xs[:, t] + recurrent @ ring[t % delay]
        y = y + coef * (f(s) - y)
        ring[t % delay] = y
        out[:, t] = y
    return out


def blocks_rate(make, x: np.ndarray, block: int) -> float:
    proc = make()

    def run():
        for start in range(0, x.shape[1], block):
            proc.process(x[:, start:start + block])

    return x.shape[1] / best_time(run, 3)


def measure(name, make, x_long, x_short, numpy_params, reference) -> list[tuple]:
    # agreement first: the peers compute the same signal
    want = make().process(x_short)
    got_numpy = numpy_network(x_short, **numpy_params)
    got_ref = reference(x_short)
    agree_numpy = float(np.abs(got_numpy - want).max())
    agree_ref = float(np.abs(got_ref - want).max())
    n64 = blocks_rate(make, x_long, 64)
    n4096 = blocks_rate(make, x_long, 4096)
    npy = x_short.shape[1] / best_time(lambda: numpy_network(x_short, **numpy_params), 2)
    ref = x_short.shape[1] / best_time(lambda: reference(x_short), 2)

    def row(label, rate, note=""):
        return (f"{name}: {label}", f"{rate / 1e6:.3f} M", f"{rate / SR:,.1f}x",
                f"{rate / n64:.4f}", note)

    return [
        row("nrcore, 64-sample blocks", n64),
        row("nrcore, 4096-sample blocks", n4096),
        row("numpy per-sample loop", npy, f"max diff {agree_numpy:.1e}"),
        row("Python reference (tests/ref_network.py)", ref, f"max diff {agree_ref:.1e}"),
    ]


def lock_cost(make, x: np.ndarray) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """What the kernel's lock costs at 64-sample blocks: (median per-round time ratio locked /
    lock-free build of the same source, ratio of the best times), alternating rounds."""
    module = unlocked_kernel_module("_network")
    locked, free = make(), make()
    free._kernel = module.NetworkKernel(free._kernel.n_neurons, free._kernel.n_inputs)
    for param in free.PARAMS:
        free.set_param(param.name, free.get_param(param.name))
    free._kernel.reset()
    assert np.array_equal(free.process(x[:, :4096]), locked.process(x[:, :4096]))

    def run(proc):  # type: ignore[no-untyped-def]
        return lambda: [proc.process(x[:, i:i + 64]) for i in range(0, x.shape[1], 64)]

    return alternating_ratio(run(free), run(locked))


def main() -> None:
    pin_to_one_core()
    for name, make, x in (
            ("dual neuron", lambda: nrcore.DualNeuron(sample_rate=SR), joystick(1.0)),
            ("8-neuron network",
             lambda: nrcore.Network(neurons=8, inputs=3, sample_rate=SR, **network_patch()),
             network_inputs(1.0))):
        median, best = lock_cost(make, x)
        print(f"{name}: the kernel lock at 64-sample blocks (locked / lock-free build, "
              f"alternating rounds): median {median:.3f}, best-of {best:.3f}")
    dual_net = dual_neuron_as_network()
    dual_numpy = {k: dual_net[k] for k in ("weights", "recurrent", "bias", "activation",
                                           "cutoff", "delay")}
    rows = measure(
        "dual neuron",
        lambda: nrcore.DualNeuron(sample_rate=SR),
        joystick(10.0), joystick(0.1), dual_numpy,
        lambda x: ReferenceNetwork(2, 3, SR, **dual_net).process(x),
    )
    patch = network_patch()
    rows += measure(
        "8-neuron network",
        lambda: nrcore.Network(neurons=8, inputs=3, sample_rate=SR, **patch),
        network_inputs(4.0), network_inputs(0.1), patch,
        lambda x: ReferenceNetwork(8, 3, SR, **patch).process(x),
    )
    print(table(rows, ("48 kHz, one core", "samples/s", "times real time",
                       "ratio to nrcore 64", "agreement with nrcore (0.1 s)")))


if __name__ == "__main__":
    main()
