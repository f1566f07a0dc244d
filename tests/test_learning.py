"""nrcore.LearningNeuron and nrcore.LearningNetwork against their per-sample references,
block invariance, learning behaviour, the divergence guard, parameters and state."""
import contextlib
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import nrcore
from nrcore.activations import ACTIVATIONS
from nrcore.learning import (ALGORITHMS, DEMO_TARGET_BIAS, DEMO_TARGET_WEIGHTS, error_db,
                             learning_demo_signals)
from ref_common import activate as ref_activate, kernel_activations
from ref_learning import learning_network, learning_neuron

SR = 48000.0
BLOCKS = (1, 7, 64, 1000, None)  # None: one long block
# Range of y for every activation (nlc's with the default response 0.5).
Y_BOUNDS = {"linear": (-1e4, 1e4), "tanh": (-1, 1), "sigmoid": (0, 1), "relu": (0, 1e4),
            "hardclip": (-1, 1), "softclip": (-1, 1), "sinefold": (-1, 1), "nlc": (-0.5, 0.5)}


def teaching_signals(n_inputs=3, n=1500, seed=0):
    """Inputs and a target that a tanh neuron can partly follow, stacked target last. The
    target overshoots +-1 at times, so learning from its reachable part is exercised."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / SR
    rows = [np.sin(2 * np.pi * (150 + 90 * i) * t + i) for i in range(n_inputs)]
    x = np.array(rows) + 0.1 * rng.standard_normal((n_inputs, n))
    target = 1.3 * np.tanh(0.9 * x[0] - 0.5 * x[-1] + 0.2) + 0.05 * rng.standard_normal(n)
    return np.vstack([x, target]).astype(np.float32)


def assert_matches(got, want):
    """Kernel output (float32) against the float64 reference rounded the same way."""
    np.testing.assert_allclose(got, np.asarray(want).astype(np.float32), atol=1e-6, rtol=0)


def render_blocks(proc, x, block):
    """Process ``x`` in blocks; returns (outputs, trajectory, trajectory_index) concatenated."""
    if block is None:
        block = x.shape[1]
    outs, trajs, idxs = [], [], []
    for i in range(0, x.shape[1], block):
        outs.append(proc.process(x[:, i:i + block]))
        trajs.append(proc.trajectory)
        idxs.append(proc.trajectory_index)
    return np.concatenate(outs, axis=1), np.concatenate(trajs), np.concatenate(idxs)


# -- the learning neuron against its reference -------------------------------------------------

NEURON_CASES = [
    # (mu, leak, learn_bias, weight_limit): ordinary learning, leaky learning, and a
    # learning rate far past stability so the clamp guard acts (and must act identically).
    (0.4, 0.0, True, 100.0),
    (0.05, 1e-3, False, 100.0),
    (60.0, 0.0, True, 3.0),
]


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("mu,leak,learn_bias,limit", NEURON_CASES)
def test_neuron_matches_reference_in_blocks_of_any_size(activation, algorithm, mu, leak,
                                                        learn_bias, limit):
    x = teaching_signals()
    params = dict(weights=[0.3, -0.2, 0.1], bias=0.05, learn_bias=learn_bias,
                  activation=activation, response=0.5, mu=mu, algorithm=algorithm, leak=leak,
                  eps=1e-3, weight_limit=limit, trajectory_every=50)
    # A sign-error learner and the runaway guard are discontinuous: any difference in the
    # activation can flip a step, so there the reference uses the kernels' tanh and sigmoid.
    chaotic = algorithm == "sign_error" or mu > 10
    with kernel_activations() if chaotic else contextlib.nullcontext():
        want, want_traj, want_idx, want_w, want_b, want_div = learning_neuron(x, **params)
    for block in BLOCKS:
        learner = nrcore.LearningNeuron(inputs=3, **params)
        got, traj, idx = render_blocks(learner, x, block)
        assert_matches(got, want)
        np.testing.assert_allclose(traj, want_traj, atol=1e-6, rtol=0)
        np.testing.assert_array_equal(idx, want_idx)
        np.testing.assert_allclose(learner.current_weights, want_w, atol=1e-6, rtol=0)
        assert learner.current_bias == pytest.approx(want_b, abs=1e-6)
        assert learner.divergences == want_div
    if mu > 10:
        # the runaway case really exercised the guard
        assert want_div > 0 and np.abs(want_traj).max() == pytest.approx(limit)


def test_neuron_frozen_matches_reference_and_keeps_its_weights():
    x = teaching_signals(n=600)
    params = dict(weights=[0.3, -0.2, 0.1], bias=0.05, freeze=True, mu=0.5,
                  trajectory_every=100)
    learner = nrcore.LearningNeuron(inputs=3, **params)
    got = learner.process(x)
    want, want_traj, *_ = learning_neuron(x, **params)
    assert_matches(got, want)
    np.testing.assert_array_equal(learner.current_weights, [0.3, -0.2, 0.1])
    assert np.all(learner.trajectory == [0.3, -0.2, 0.1, 0.05])
    # unfreezing resumes learning from where it is
    learner.freeze = False
    learner.process(x)
    assert not np.allclose(learner.current_weights, [0.3, -0.2, 0.1])


# -- the learning network against its reference ------------------------------------------------

@pytest.mark.parametrize("hidden_activation", ACTIVATIONS)
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_network_matches_reference_in_blocks_of_any_size(hidden_activation, algorithm):
    x = teaching_signals(n=700, seed=1)
    # cycle the output activation too, so every activation appears in both layers
    output_activation = ACTIVATIONS[(ACTIVATIONS.index(hidden_activation) + 3) % len(ACTIVATIONS)]
    params = dict(hidden_activation=hidden_activation, output_activation=output_activation,
                  mu=0.3, algorithm=algorithm, leak=1e-4, weight_limit=50.0,
                  trajectory_every=64)
    net = nrcore.LearningNetwork(inputs=3, hidden=4, seed=5, init_scale=1.5, **params)
    v, c, w, b = net.initial_weights()
    with kernel_activations() if algorithm == "sign_error" else contextlib.nullcontext():
        want, want_traj, want_idx, want_final, want_div = learning_network(x, v=v, c=c, w=w,
                                                                           b=b, **params)
    for block in BLOCKS:
        net.reset()
        got, traj, idx = render_blocks(net, x, block)
        assert_matches(got, want)
        np.testing.assert_allclose(traj, want_traj, atol=1e-6, rtol=0)
        np.testing.assert_array_equal(idx, want_idx)
        assert net.divergences == want_div
    v_now, c_now, w_now, b_now = net.current_layers()
    for got_part, want_part in zip((v_now, c_now, w_now, b_now), want_final):
        np.testing.assert_allclose(got_part, want_part, atol=1e-6, rtol=0)


def test_network_runaway_learning_rate_matches_reference_guard():
    x = teaching_signals(n=500, seed=2)
    params = dict(hidden_activation="linear", output_activation="linear", mu=500.0,
                  algorithm="lms", weight_limit=4.0, trajectory_every=25)
    net = nrcore.LearningNetwork(inputs=3, hidden=3, **params)
    v, c, w, b = net.initial_weights()
    want, want_traj, _, _, want_div = learning_network(x, v=v, c=c, w=w, b=b, **params)
    got = net.process(x)
    assert_matches(got, want)
    np.testing.assert_allclose(net.trajectory, want_traj, atol=1e-6, rtol=0)
    assert net.divergences == want_div > 0 and net.diverged
    assert np.abs(net.current_weights).max() <= 4.0


def test_network_seed_draws_reproducible_initial_weights():
    a = nrcore.LearningNetwork(inputs=2, hidden=5, seed=3)
    b = nrcore.LearningNetwork(inputs=2, hidden=5, seed=3)
    c = nrcore.LearningNetwork(inputs=2, hidden=5, seed=4)
    np.testing.assert_array_equal(a.current_weights, b.current_weights)
    assert not np.array_equal(a.current_weights, c.current_weights)
    v, c0, w, b0 = a.initial_weights()
    assert v.shape == (5, 2) and np.abs(v).max() <= 1 / math.sqrt(2)
    assert np.abs(w).max() <= 1 / math.sqrt(5) and not c0.any() and b0 == 0.0
    assert a.current_weights.shape == (5 * (2 + 2) + 1,)
    # a new seed while playing starts over from the new initial weights
    x = teaching_signals(n_inputs=2, n=300)
    a.process(x)
    a.seed = 4
    np.testing.assert_array_equal(a.current_weights, c.current_weights)
    assert a.samples_seen == 0


# -- learning behaviour -----------------------------------------------------------------------

def test_nlms_linear_equals_padasip_filter_nlms():
    """The mapping stated in the docstring: linear activation, no bias learning, same eps."""
    padasip = pytest.importorskip("padasip")
    rng = np.random.default_rng(4)
    x = rng.standard_normal((4, 3000)).astype(np.float32)
    d = (x.T @ [0.5, -1.0, 0.25, 2.0] + 0.1 * rng.standard_normal(3000)).astype(np.float32)
    learner = nrcore.LearningNeuron(inputs=4, activation="linear", learn_bias=False, mu=0.7,
                                    eps=1e-3)
    y, e = learner.process(np.vstack([x, d]))
    filt = padasip.filters.FilterNLMS(n=4, mu=0.7, eps=1e-3, w="zeros")
    y_ref, e_ref, _ = filt.run(d.astype(np.float64), x.T.astype(np.float64))
    np.testing.assert_allclose(y, y_ref, atol=1e-5)
    np.testing.assert_allclose(e, e_ref, atol=1e-5)
    np.testing.assert_allclose(learner.current_weights, filt.w, atol=1e-9)


@pytest.mark.parametrize("algorithm,mu", [("nlms", 0.1), ("lms", 0.02), ("sign_error", 0.002)])
def test_reachable_target_is_learned_and_unreachable_is_not(algorithm, mu):
    seconds = 2.0
    x, d = learning_demo_signals(SR, seconds, reachable=True)
    learner = nrcore.LearningNeuron(inputs=3, activation="tanh", mu=mu, algorithm=algorithm)
    e = learner.process(np.vstack([x, d]))[1]
    curve = error_db(e, SR, window_s=0.25)
    assert curve[0] > curve[-1] + 20  # the error falls by far more than 20 dB
    assert curve[-1] < -40
    np.testing.assert_allclose(learner.current_weights, DEMO_TARGET_WEIGHTS, atol=0.02)
    assert learner.current_bias == pytest.approx(DEMO_TARGET_BIAS, abs=0.02)
    assert not learner.diverged

    x, d = learning_demo_signals(SR, seconds, reachable=False)
    failing = nrcore.LearningNeuron(inputs=3, activation="tanh", mu=mu, algorithm=algorithm)
    e = failing.process(np.vstack([x, d]))[1]
    assert error_db(e, SR, window_s=0.25)[-1] > -15  # the error stays loud


def test_network_learns_a_reachable_target():
    x, d = learning_demo_signals(SR, 2.0, reachable=True)
    net = nrcore.LearningNetwork(inputs=3, hidden=6, mu=0.3)
    curve = error_db(net.process(np.vstack([x, d]))[1], SR, window_s=0.25)
    assert curve[-1] < curve[0] - 10 and curve[-1] < -30


def test_demo_signals_shapes_and_the_reachable_formula():
    x, d = learning_demo_signals(8000, 0.5, reachable=True)
    assert x.shape == (3, 4000) and d.shape == (4000,)
    assert x.dtype == np.float32 and d.dtype == np.float32
    assert np.abs(x).max() <= 1.0
    np.testing.assert_allclose(d, np.tanh(DEMO_TARGET_WEIGHTS @ x + DEMO_TARGET_BIAS), atol=1e-6)
    _, d_far = learning_demo_signals(8000, 0.5, reachable=False)
    # the unreachable target is orthogonal-ish to every input: no input explains it
    for row in x:
        assert abs(np.corrcoef(row, d_far)[0, 1]) < 0.1
    with pytest.raises(ValueError, match="sr"):
        learning_demo_signals(0, 1.0, True)
    with pytest.raises(ValueError, match="seconds"):
        learning_demo_signals(8000, -1.0, True)


def test_error_db_measures_windowed_power():
    e = np.concatenate([np.full(100, 0.1), np.zeros(100), np.full(50, 1.0)])
    np.testing.assert_allclose(error_db(e, 1000, window_s=0.1), [-20.0, -120.0])


def test_leak_decays_weights_and_flushes_them_to_exact_zero():
    # silent inputs and target: the only thing moving the weights is the leak
    learner = nrcore.LearningNeuron(inputs=2, weights=[1.0, -0.5], bias=0.25, leak=0.01,
                                    activation="linear")
    learner.process(np.zeros((3, 100), np.float32))
    np.testing.assert_allclose(learner.current_weights, np.array([1.0, -0.5]) * 0.99 ** 100,
                               rtol=1e-12)
    learner.process(np.zeros((3, 20000), np.float32))
    assert np.all(learner.current_weights == 0.0) and learner.current_bias == 0.0


def test_trajectory_is_sampled_across_blocks():
    learner = nrcore.LearningNeuron(inputs=3, trajectory_every=10)
    x = teaching_signals(n=95)
    assert learner.process(x[:, :0]).shape == (2, 0)  # an empty block is fine
    learner.process(x[:, :4])
    assert learner.trajectory.shape == (0, 4)
    learner.process(x[:, 4:25])
    np.testing.assert_array_equal(learner.trajectory_index, [10, 20])
    learner.process(x[:, 25:])
    np.testing.assert_array_equal(learner.trajectory_index, [30, 40, 50, 60, 70, 80, 90])
    assert learner.samples_seen == 95
    # row k holds the weights after trajectory_index[k] samples of learning
    upto_90 = nrcore.LearningNeuron(inputs=3)
    upto_90.process(x[:, :90])
    np.testing.assert_array_equal(learner.trajectory[-1, :3], upto_90.current_weights)
    assert learner.trajectory[-1, 3] == upto_90.current_bias
    np.testing.assert_array_equal(learner.trajectory[-1], upto_90.learned_parameters)
    net = nrcore.LearningNetwork(inputs=3, hidden=2, trajectory_every=95)
    net.process(x)
    np.testing.assert_array_equal(net.trajectory[-1], net.learned_parameters)


# -- robustness -------------------------------------------------------------------------------

@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_huge_learning_rate_is_guarded_and_reported(algorithm):
    x = teaching_signals(n=2000)
    learner = nrcore.LearningNeuron(inputs=3, activation="linear", mu=10000.0,
                                    algorithm=algorithm, weight_limit=100.0)
    out = learner.process(x)
    assert np.all(np.isfinite(out)) and np.abs(out).max() <= 1e4
    assert learner.diverged and learner.divergences > 0
    assert np.abs(learner.current_weights).max() <= 100.0
    learner.reset()
    assert not learner.diverged and learner.divergences == 0 and learner.samples_seen == 0
    np.testing.assert_array_equal(learner.current_weights, [0.0, 0.0, 0.0])


def test_stable_learning_does_not_report_divergence():
    x = teaching_signals(n=3000)
    learner = nrcore.LearningNeuron(inputs=3, mu=1.0)
    learner.process(x)
    assert not learner.diverged


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_nan_and_inf_leave_outputs_finite_and_learning_recovers(activation):
    x, d = learning_demo_signals(SR, 1.0, reachable=True)
    clean = np.vstack([x, d])
    bad = clean.copy()
    bad[0, 2000] = np.nan
    bad[1, 2001] = np.inf
    bad[2, 2002] = -np.inf
    bad[3, 2003:2010] = np.nan     # the target too
    bad[0:3, 2010:2020] = 3e38     # finite but absurd
    bad[3, 2020:2030] = -3e38
    learner = nrcore.LearningNeuron(inputs=3, activation=activation, mu=0.1)
    out = learner.process(bad)
    lo, hi = Y_BOUNDS[activation]
    assert np.all(np.isfinite(out))
    assert lo <= out[0].min() and out[0].max() <= hi
    assert np.abs(out[1]).max() <= 1e4
    assert np.all(np.isfinite(learner.current_weights))
    if activation == "tanh":
        # after the bad samples it learns the reachable target again
        assert error_db(out[1], SR, window_s=0.1)[-1] < -40


@settings(max_examples=30, deadline=None)
@given(
    activation=st.sampled_from(ACTIVATIONS),
    algorithm=st.sampled_from(ALGORITHMS),
    mu=st.floats(0.0, 10000.0),
    leak=st.sampled_from([0.0, 1e-4, 0.5]),
    blocks=st.lists(st.integers(1, 300), min_size=1, max_size=6),
    seed=st.integers(0, 1000),
)
def test_property_neuron_block_invariance_and_finiteness(activation, algorithm, mu, leak,
                                                         blocks, seed):
    n = sum(blocks)
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((3, n)) * 10 ** rng.uniform(-3, 6)).astype(np.float32)
    x[rng.random((3, n)) < 0.02] = np.nan
    x[rng.random((3, n)) < 0.02] = np.inf
    params = dict(weights=[90.0, -100.0], activation=activation, algorithm=algorithm, mu=mu,
                  leak=leak, trajectory_every=int(rng.integers(1, 50)))
    whole = nrcore.LearningNeuron(inputs=2, **params)
    want = whole.process(x)
    learner = nrcore.LearningNeuron(inputs=2, **params)
    got, traj, _ = render_blocks_list(learner, x, blocks)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(traj, whole.trajectory)
    assert np.all(np.isfinite(want))
    lo, hi = Y_BOUNDS[activation]
    assert lo <= want[0].min() and want[0].max() <= hi and np.abs(want[1]).max() <= 1e4
    assert np.abs(learner.current_weights).max() <= 100.0


@settings(max_examples=20, deadline=None)
@given(
    hidden_activation=st.sampled_from(ACTIVATIONS),
    output_activation=st.sampled_from(ACTIVATIONS),
    algorithm=st.sampled_from(ALGORITHMS),
    mu=st.floats(0.0, 10000.0),
    blocks=st.lists(st.integers(1, 200), min_size=1, max_size=5),
    seed=st.integers(0, 1000),
)
def test_property_network_block_invariance_and_finiteness(hidden_activation, output_activation,
                                                          algorithm, mu, blocks, seed):
    n = sum(blocks)
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((3, n)) * 10 ** rng.uniform(-3, 6)).astype(np.float32)
    x[rng.random((3, n)) < 0.02] = np.nan
    x[rng.random((3, n)) < 0.02] = -np.inf
    params = dict(hidden_activation=hidden_activation, output_activation=output_activation,
                  algorithm=algorithm, mu=mu, init_scale=100.0, weight_limit=1000.0)
    whole = nrcore.LearningNetwork(inputs=2, hidden=3, **params)
    want = whole.process(x)
    net = nrcore.LearningNetwork(inputs=2, hidden=3, **params)
    got, _, _ = render_blocks_list(net, x, blocks)
    np.testing.assert_array_equal(got, want)
    assert np.all(np.isfinite(want))
    lo, hi = Y_BOUNDS[output_activation]
    assert lo <= want[0].min() and want[0].max() <= hi and np.abs(want[1]).max() <= 1e4
    assert np.abs(net.current_weights).max() <= 1000.0


def render_blocks_list(proc, x, blocks):
    outs, trajs, idxs, at = [], [], [], 0
    for size in blocks:
        outs.append(proc.process(x[:, at:at + size]))
        trajs.append(proc.trajectory)
        idxs.append(proc.trajectory_index)
        at += size
    return np.concatenate(outs, axis=1), np.concatenate(trajs), np.concatenate(idxs)


# -- parameters, state, registry --------------------------------------------------------------

@pytest.mark.parametrize("cls", [nrcore.LearningNeuron, nrcore.LearningNetwork])
@pytest.mark.parametrize("name,value,fragment", [
    ("mu", -0.1, "mu: -0.1 is below the minimum; allowed: [0, 10000]"),
    ("mu", float("inf"), "mu: inf is not a finite number"),
    ("algorithm", "rls", "algorithm: 'rls' is not a known name; allowed: one of nlms, lms, "
                         "sign_error"),
    ("leak", 1.5, "leak: 1.5 is above the maximum; allowed: [0, 1]"),
    ("eps", 0.0, "eps: 0 is below the minimum"),
    ("weight_limit", 0.0, "weight_limit: 0 is below the minimum"),
    ("trajectory_every", 0, "trajectory_every: 0 is below the minimum; allowed: [1, 100000] "
                            "samples"),
    ("trajectory_every", 2.5, "trajectory_every: 2.5 is not an integer"),
    ("freeze", "maybe", "freeze: 'maybe' is not a boolean"),
])
def test_invalid_parameters_raise_value_error_naming_them(cls, name, value, fragment):
    learner = cls(inputs=3)
    before = learner.parameters[name]
    with pytest.raises(ValueError) as err:
        setattr(learner, name, value)
    assert fragment in str(err.value)
    assert learner.parameters[name] == before


def test_invalid_neuron_and_network_specific_values():
    learner = nrcore.LearningNeuron(inputs=3)
    with pytest.raises(ValueError, match=r"weights: expected 3 values \(one per input\), got 2"):
        learner.weights = [1.0, 2.0]
    with pytest.raises(ValueError, match="activation: 'cubic' is not a known name"):
        learner.activation = "cubic"
    net = nrcore.LearningNetwork(inputs=3)
    with pytest.raises(ValueError, match="hidden_activation: 'cubic' is not a known name"):
        net.hidden_activation = "cubic"
    with pytest.raises(ValueError, match="seed: -1 is below the minimum"):
        net.seed = -1
    for bad in (0, 65, 2.5, True):
        with pytest.raises(ValueError, match="inputs"):
            nrcore.LearningNeuron(inputs=bad)
    for bad in (0, 257, 1.5):
        with pytest.raises(ValueError, match="hidden"):
            nrcore.LearningNetwork(inputs=2, hidden=bad)
    with pytest.raises(ValueError, match="unknown parameter 'rate'"):
        nrcore.LearningNeuron(rate=0.1)
    with pytest.raises(ValueError, match=r"expected a float32 array shaped \(4, samples\)"):
        learner.process(np.zeros((3, 10), np.float32))  # the target row is missing


def test_assigning_weights_sets_the_live_and_the_reset_weights():
    learner = nrcore.LearningNeuron(inputs=2, activation="linear", learn_bias=False)
    learner.weights = [0.5, -2.0]
    out = learner.process(np.array([[1.0], [1.0], [0.0]], np.float32))
    assert out[0, 0] == pytest.approx(-1.5)
    learner.process(teaching_signals(n_inputs=2, n=200))
    learner.reset()
    np.testing.assert_array_equal(learner.current_weights, [0.5, -2.0])
    learner.weights = 0.25  # a scalar fills every input
    np.testing.assert_array_equal(learner.current_weights, [0.25, 0.25])


@pytest.mark.parametrize("make", [
    lambda: nrcore.LearningNeuron(inputs=3, mu=0.3, leak=1e-4, trajectory_every=33),
    lambda: nrcore.LearningNetwork(inputs=3, hidden=4, mu=0.3, trajectory_every=33, seed=9),
])
def test_state_round_trip(make):
    x = teaching_signals(n=1200)
    learner = make()
    learner.process(x[:, :500])
    state = learner.get_state()
    tail = learner.process(x[:, 500:])
    other = type(learner)(inputs=3, **({"hidden": 4} if hasattr(learner, "hidden") else {}))
    other.set_state(state)
    np.testing.assert_array_equal(other.process(x[:, 500:]), tail)
    np.testing.assert_array_equal(other.trajectory, learner.trajectory)
    np.testing.assert_array_equal(other.current_weights, learner.current_weights)
    assert other.samples_seen == learner.samples_seen == 1200


def test_state_that_does_not_fit_is_refused():
    learner = nrcore.LearningNeuron(inputs=3)
    state = learner.get_state()
    state["kernel"]["weights"] = np.zeros(2)
    with pytest.raises(ValueError, match="weights has shape"):
        learner.set_state(state)
    state["kernel"]["weights"] = np.array([0.0, np.nan, 0.0])
    with pytest.raises(ValueError, match="finite"):
        learner.set_state(state)
    net = nrcore.LearningNetwork(inputs=3, hidden=2)
    state = net.get_state()
    state["kernel"]["w_hidden"] = np.zeros((3, 3))
    with pytest.raises(ValueError, match="w_hidden has shape"):
        net.set_state(state)


def test_reset_restarts_learning_identically():
    x = teaching_signals(n=800)
    for learner in (nrcore.LearningNeuron(inputs=3, mu=0.5),
                    nrcore.LearningNetwork(inputs=3, hidden=3, mu=0.5)):
        first = learner.process(x)
        learner.reset()
        np.testing.assert_array_equal(learner.process(x), first)


def test_registry_and_declarations():
    assert nrcore.REGISTRY["learn"] is nrcore.LearningNeuron
    assert nrcore.REGISTRY["learnnet"] is nrcore.LearningNetwork
    for cls in (nrcore.LearningNeuron, nrcore.LearningNetwork):
        names = [p.name for p in cls.PARAMS]
        assert len(names) == len(set(names))
        for p in cls.PARAMS:
            assert p.help and p.validate(p.default) is not None
        assert {"mu", "algorithm", "freeze", "leak"} <= set(names)
        assert cls.outputs == ("out", "error")
    assert nrcore.LearningNeuron(inputs=5).input_count == 6


@pytest.mark.parametrize("activation", ["relu", "nlc", "hardclip"])
def test_kinked_activations_learn_from_zero_weights(activation):
    """With every weight at 0 the sum sits exactly on the kink; the one-sided slope there must
    still let the neuron start learning (it would be stuck forever with slope 0)."""
    x, _ = learning_demo_signals(48000, 2.0, reachable=True)
    weights = np.array([0.3, -0.2, 0.15])
    target = np.array([
        ref_activate(activation, float(v), 0.5) for v in weights @ x.astype(np.float64) + 0.1
    ], dtype=np.float32)
    learner = nrcore.LearningNeuron(inputs=3, activation=activation, mu=0.5)
    _, error = learner.process(np.vstack([x, target]))
    assert learner.diverged is False
    assert np.abs(learner.current_weights).max() > 0.05  # it moved off zero
    if activation != "nlc":  # nlc's comparator jump has no gradient: it moves, but not to 0 error
        assert error_db(error, 48000)[-10:].mean() < error_db(error, 48000)[:10].mean() - 20
