"""The kernels' activations against libm: the rational tanh and sigmoid (cython/nrdsp.pxd) are
within 1e-7 of the exact functions over the whole input range, odd, monotonic and bounded;
small values pass unchanged; denormals are still flushed from feedback state."""
from __future__ import annotations

import math

import numpy as np
import pytest

import nrcore
from nrcore._neuron import activate_many
from nrcore.activations import activation_id
from ref_common import tanh_rational

TANH = activation_id("tanh")
SIGMOID = activation_id("sigmoid")
SOFTCLIP = activation_id("softclip")
EXACT = {
    "tanh": np.tanh,
    "sigmoid": lambda x: 0.5 * (1.0 + np.tanh(0.5 * x)),  # 1 / (1 + exp(-x)) without overflow
    "softclip": lambda x: x / (1.0 + np.abs(x)),
}


def sweep() -> np.ndarray:
    """Every scale of input: a dense linear sweep where the functions bend, a logarithmic one
    from the smallest denormal to the largest double, both signs, and the clamp's edge."""
    dense = np.linspace(-40.0, 40.0, 2_000_001)
    logs = np.logspace(-323, 308, 100_001)
    edge = 9.0 + np.arange(-2000, 2001) * np.spacing(9.0)
    x = np.concatenate([dense, logs, -logs, edge, -edge, [0.0, -0.0, np.finfo(float).max]])
    return np.ascontiguousarray(x)


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "softclip"])
def test_error_against_libm_is_below_1e_7_everywhere(name: str) -> None:
    x = sweep()
    got = activate_many(activation_id(name), x)
    want = EXACT[name](x)
    assert np.all(np.isfinite(got))
    err = np.abs(got - want)
    assert err.max() <= 1e-7, (err.max(), x[err.argmax()])
    if name == "tanh":
        assert err.max() <= 2.1e-8  # the bound stated in nrdsp.pxd
    if name == "softclip":
        assert err.max() == 0.0  # computed by its definition


@pytest.mark.parametrize("name", ["tanh", "softclip"])
def test_odd_bounded_and_monotonic(name: str) -> None:
    x = sweep()
    y = activate_many(activation_id(name), x)
    np.testing.assert_array_equal(activate_many(activation_id(name), -x), -y)  # exactly odd
    assert np.all(np.abs(y) <= 1.0)
    if name == "tanh":
        assert np.all(np.abs(y) < 1.0)  # never reaches the rail
    inside = np.linspace(-8.999, 8.999, 8_999_001)  # steps of 2e-6: strictly increasing
    assert np.all(np.diff(activate_many(activation_id(name), inside)) > 0.0)
    # neighbouring doubles anywhere: rounding may reorder outputs by a few ulp, never more
    order = np.argsort(x, kind="stable")
    drop = np.maximum(0.0, -np.diff(y[order]))
    assert np.all(drop <= 8 * np.spacing(np.abs(y[order][1:])))
    for x0 in (1e-3, 0.3, 1.0, 2.5, 5.0, 8.999):
        xs = x0 + np.arange(5000) * np.spacing(x0)
        ys = activate_many(activation_id(name), xs)
        drop = np.maximum(0.0, -np.diff(ys))
        assert np.all(drop <= 8 * np.spacing(ys[1:])), x0


def test_sigmoid_is_monotonic_and_within_0_1() -> None:
    x = np.sort(sweep())
    y = activate_many(SIGMOID, x)
    assert np.all((y > 0.0) & (y < 1.0))
    inside = np.linspace(-17.99, 17.99, 3_598_001)  # steps of 1e-5: strictly increasing
    assert np.all(np.diff(activate_many(SIGMOID, inside)) > 0.0)
    assert np.all(np.maximum(0.0, -np.diff(y)) <= 8 * np.spacing(0.5))  # (0.5 + 0.5 t rounds)
    np.testing.assert_allclose(activate_many(SIGMOID, -x), 1.0 - y, atol=1e-15, rtol=0)


def test_small_values_are_not_flushed() -> None:
    tiny = np.array([1e-30, -1e-30, 1e-20, 1e-100, 1e-300, 2.2250738585072014e-308, 1e-310])
    np.testing.assert_array_equal(activate_many(TANH, tiny), tiny)  # tanh(x) == x exactly
    np.testing.assert_array_equal(activate_many(SOFTCLIP, tiny), tiny)
    # the old exp form (1 - e) / (1 + e) returned 0 below about 1e-17
    assert tanh_rational(1e-20) == 1e-20


def test_kernel_and_the_reference_mirror_agree_bit_for_bit() -> None:
    x = np.random.default_rng(0).uniform(-12.0, 12.0, 20000)
    x = np.concatenate([x, np.linspace(-40.0, 40.0, 5001), [9.0, -9.0, 18.0, -18.0]])
    got = activate_many(TANH, x)
    np.testing.assert_array_equal(got, [tanh_rational(float(v)) for v in x])
    # sigmoid: the same ratio with its halvings folded into the coefficients, bit for bit
    got = activate_many(SIGMOID, x)
    np.testing.assert_array_equal(got, [0.5 + 0.5 * tanh_rational(0.5 * float(v)) for v in x])


def test_a_decaying_tanh_loop_decays_to_exact_zero() -> None:
    """y[t] = tanh(0.5 y[t-1]): halves every sample down to the 1e-30 denormal floor, then 0
    (the old exp form settled near 1e-16 instead)."""
    neuron = nrcore.Neuron(inputs=1, weights=1.0, feedback=0.5, activation="tanh", smoothing=0)
    x = np.zeros((1, 200), np.float32)
    x[0, 0] = 0.5
    state_at: list[float] = []
    for t in range(200):
        neuron.process(x[:, t:t + 1])
        state_at.append(float(neuron.get_state()["kernel"]["smoothed"][3]))  # output_now
    values = np.array(state_at)
    nonzero = values[values != 0.0]
    # every step until the floor is a real halving (tanh(v) == v there), reaching below 1e-29
    assert nonzero.min() < 1e-29
    assert np.all(nonzero >= 1e-30)
    assert values[-1] == 0.0
    tail = nonzero[nonzero < 1e-8]
    np.testing.assert_allclose(tail[1:] / tail[:-1], 0.5, rtol=1e-12)


def test_denormals_are_still_flushed_from_feedback() -> None:
    neuron = nrcore.Neuron(inputs=1, weights=1.0, feedback=0.9, activation="linear",
                           smoothing=0)
    x = np.zeros((1, 2000), np.float32)
    x[0, 0] = 1e-25
    neuron.process(x)
    state = neuron.get_state()["kernel"]
    line = state["delay_line"]
    assert not np.any((line != 0.0) & (np.abs(line) < 1e-30))
    assert state["smoothed"][3] == 0.0


@pytest.mark.parametrize("proc_name,key", [("neuron", "feedback_delay"), ("net", "delay"),
                                           ("dualneuron", "cross_delay")])
def test_growing_the_delay_while_playing_keeps_the_whole_history(proc_name: str,
                                                                  key: str) -> None:
    """Play an impulse train with delay 3000, then grow the delay to 9000 (past every initial
    ring size) and 100000: the loop replays what was played 9000 and 100000 samples ago."""
    cls = nrcore.REGISTRY[proc_name]
    if proc_name == "neuron":
        proc = cls(inputs=1, weights=1.0, activation="linear", smoothing=0, **{key: 3000})
    elif proc_name == "net":
        proc = cls(neurons=1, inputs=1, weights=1.0, activation="linear", smoothing=0,
                   **{key: 3000})
    else:
        proc = cls(weights=[[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]], activation="linear", bias=0.0,
                   cross_feedback=0.0, smoothing=0, cutoff=0.0, **{key: 3000})
    n_in = proc.input_count
    played = np.zeros((n_in, 120000), np.float32)
    played[0] = np.sin(np.arange(120000) * 0.001).astype(np.float32)
    out = proc.process_rows(played)
    assert np.array_equal(out[0], played[0])  # a plain wire while nothing is fed back
    # now only the loop: silence in, the delayed output fed back with gain 1
    if proc_name == "neuron":
        proc.weights, proc.feedback = [0.0], 1.0
    elif proc_name == "net":
        proc.weights, proc.recurrent = 0.0, 1.0
    else:
        proc.weights, proc.self_feedback = 0.0, 1.0
    history = out[0].astype(np.float64)
    for delay in (9000, 100000):
        setattr(proc, key, delay)
        silence = np.zeros((n_in, 500), np.float32)
        got = proc.process_rows(silence)[0]
        want = history[len(history) - delay:len(history) - delay + 500]
        np.testing.assert_array_equal(got, want.astype(np.float32))
        history = np.concatenate([history, got.astype(np.float64)])


def test_math_module_agrees_with_numpy_reference() -> None:
    # (guards the exact reference itself)
    assert math.tanh(0.5) == pytest.approx(float(np.tanh(0.5)), abs=1e-16)
