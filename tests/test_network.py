"""nrcore.Network and nrcore.DualNeuron against their per-sample references; block invariance,
robustness, parameters, and the dual neuron's route to chaos."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import nrcore
from nrcore.activations import ACTIVATIONS
from nrcore.network import DualNeuron, Network, largest_lyapunov_exponent
from ref_common import smoothing_coefficient
from ref_network import ReferenceNetwork, dual_neuron_as_network, reference_dual_neuron

SR = 48000.0
BOUNDED = {"tanh": 1.0, "sigmoid": 1.0, "hardclip": 1.0, "softclip": 1.0, "sinefold": 1.0,
           "nlc": 1.0}


def signals(n_inputs=3, n=600, seed=0, scale=1.5):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / SR
    rows = [np.sin(2 * np.pi * (110 + 70 * i) * t + i) * scale for i in range(n_inputs)]
    return (np.array(rows) + 0.2 * rng.standard_normal((n_inputs, n))).astype(np.float32)


def assert_matches(got, want):
    np.testing.assert_allclose(got, np.asarray(want).astype(np.float32), atol=1e-6, rtol=0)


def random_params(neurons, inputs, seed=3, gain=1.2):
    rng = np.random.default_rng(seed)
    return dict(weights=rng.normal(0, 0.8, (neurons, inputs)),
                recurrent=rng.normal(0, gain, (neurons, neurons)),
                bias=rng.normal(0, 0.3, neurons))


SETTINGS = {
    "feed-forward": dict(recurrent=0.0),
    "recurrent": dict(),
    "delay 5": dict(delay=5),
    "leaky": dict(cutoff=[3000.0, 800.0, 0.0, 12000.0]),
}


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("setting", list(SETTINGS))
def test_matches_reference(activation, setting):
    x = signals()
    params = dict(random_params(4, 3), activation=activation, response=0.35, noise=0.05,
                  seed=7)
    params.update(SETTINGS[setting])
    got = Network(neurons=4, inputs=3, sample_rate=SR, **params).process(x)
    want = ReferenceNetwork(4, 3, SR, **params).process(x)
    assert_matches(got, want)


def test_one_activation_per_neuron_matches_reference():
    x = signals(n=500)
    names = ["tanh", "sinefold", "nlc", "relu", "softclip"]
    params = dict(random_params(5, 3, seed=11), activation=names, cutoff=2000.0, delay=3)
    net = Network(neurons=5, inputs=3, sample_rate=SR, **params)
    assert net.activation == tuple(names)
    assert_matches(net.process(x), ReferenceNetwork(5, 3, SR, **params).process(x))


@pytest.mark.parametrize("block", [1, 7, 64, 1000])
def test_blocks_of_any_size_give_the_same_samples(block):
    x = signals(n=3000)
    params = dict(random_params(6, 3, gain=2.0), activation="sinefold", noise=0.1, delay=9,
                  cutoff=4000.0)
    whole = Network(neurons=6, inputs=3, **params).process(x)
    net = Network(neurons=6, inputs=3, **params)
    pieces = np.concatenate([net.process(x[:, i:i + block]) for i in range(0, 3000, block)],
                            axis=1)
    np.testing.assert_array_equal(whole, pieces)
    ref = ReferenceNetwork(6, 3, SR, **params)
    want = np.concatenate([ref.process(x[:, i:i + block]) for i in range(0, 3000, block)], 1)
    assert_matches(pieces, want)


def test_parameter_ramps_match_reference_and_do_not_click():
    x = signals(n=1200)
    start = dict(random_params(3, 3), activation="tanh", smoothing=5.0, noise=0.02)
    net = Network(neurons=3, inputs=3, sample_rate=SR, **start)
    ref = ReferenceNetwork(3, 3, SR, **start)
    got, want = [net.process(x[:, :400])], [ref.process(x[:, :400])]
    change = dict(random_params(3, 3, seed=9, gain=0.5), noise=0.0)
    for key, value in change.items():
        setattr(net, key, value)
    ref.set(**change)
    got.append(net.process(x[:, 400:]))
    want.append(ref.process(x[:, 400:]))
    assert_matches(np.concatenate(got, axis=1), np.concatenate(want, axis=1))
    # the same change applied without smoothing jumps; smoothed, the largest step is smaller
    jump = Network(neurons=3, inputs=3, sample_rate=SR, **{**start, "smoothing": 0.0})
    jump.process(x[:, :400])
    for key, value in change.items():
        setattr(jump, key, value)
    abrupt = np.abs(np.diff(np.concatenate([got[0][:, -1:], jump.process(x[:, 400:])], 1)))
    smooth = np.abs(np.diff(np.concatenate([got[0][:, -1:], got[1]], axis=1)))
    assert smooth[:, :3].max() < abrupt[:, :3].max()


def test_bias_ramp_follows_the_one_pole():
    net = Network(neurons=1, inputs=1, activation="linear", weights=0.0, bias=1.0,
                  smoothing=10.0, sample_rate=SR)
    zeros = np.zeros((1, 3000), np.float32)
    net.process(zeros)
    net.bias = 0.0
    out = net.process(zeros)[0]
    coef = smoothing_coefficient(0.010, SR)
    np.testing.assert_allclose(out, (1.0 - coef) ** np.arange(1, 3001), rtol=1e-6, atol=1e-7)


def test_changing_the_delay_keeps_the_loop_history():
    net = Network(neurons=1, inputs=1, weights=1.0, activation="linear", smoothing=0.0)
    net.process(np.array([[1.0, 2.0, 3.0]], np.float32))
    net.delay = 4
    net.weights = 0.0
    net.recurrent = 1.0
    out = net.process(np.zeros((1, 8), np.float32))[0]
    # The ring holds the whole history whatever the delay: growing it to 4 replays the
    # silence before the 1, then 1, 2, 3.
    ref = ReferenceNetwork(1, 1, weights=1.0, activation="linear", smoothing=0.0)
    ref.process(np.array([[1.0, 2.0, 3.0]], np.float32))
    ref.set(delay=4, weights=0.0, recurrent=1.0)
    np.testing.assert_array_equal(out, ref.process(np.zeros((1, 8), np.float32))[0])
    np.testing.assert_array_equal(out, [0.0, 1.0, 2.0, 3.0, 0.0, 1.0, 2.0, 3.0])


def test_a_delayed_ring_replays_its_pattern():
    net = Network(neurons=1, inputs=1, weights=1.0, activation="linear", smoothing=0.0,
                  delay=4)
    net.process(np.array([[1.0, 2.0, 3.0, 4.0]], np.float32))
    net.weights = 0.0
    net.recurrent = -1.0
    out = net.process(np.zeros((1, 8), np.float32))[0]
    np.testing.assert_array_equal(out, [-1, -2, -3, -4, 1, 2, 3, 4])


def test_the_cutoff_makes_a_leaky_audio_rate_oscillator():
    # Two neurons in an excite/inhibit loop with self-excitation: at cutoff 0 the map jumps
    # every sample; through a one-pole at 200 Hz it oscillates slowly and smoothly.
    recurrent = [[4.0, -2.5], [2.5, 4.0]]
    fast = Network(neurons=2, inputs=0, recurrent=recurrent, bias=[0.1, -0.1])
    slow = Network(neurons=2, inputs=0, recurrent=recurrent, bias=[0.1, -0.1], cutoff=200.0)
    a, b = fast.process(48000), slow.process(48000)
    assert np.all(np.isfinite(b)) and b[0, 24000:].std() > 0.3
    spectrum = np.abs(np.fft.rfft(b[0, 24000:] - b[0, 24000:].mean()))
    peak_hz = np.argmax(spectrum) * SR / 24000
    assert 5.0 < peak_hz < 400.0  # an audio-rate oscillation well below the sample rate
    assert np.abs(np.diff(b[0])).max() < 0.05 < np.abs(np.diff(a[0])).max()


def test_zero_input_network_takes_a_sample_count():
    net = Network(neurons=3, inputs=0, recurrent=np.eye(3) * 0.5, bias=0.2)
    out = net.process(100)
    assert out.shape == (3, 100)
    np.testing.assert_array_equal(out, Network(neurons=3, inputs=0, recurrent=np.eye(3) * 0.5,
                                               bias=0.2).process(np.zeros((0, 100))))
    with pytest.raises(ValueError, match="sample count"):
        net.process(-1)


def test_noise_is_seeded_and_independent_per_neuron():
    zeros = np.zeros((1, 2000), np.float32)
    kw = dict(neurons=2, inputs=1, activation="linear", noise=1.0, weights=0.0)
    a = Network(seed=3, **kw).process(zeros)
    np.testing.assert_array_equal(a, Network(seed=3, **kw).process(zeros))
    assert not np.array_equal(a, Network(seed=4, **kw).process(zeros))
    assert abs(np.corrcoef(a)[0, 1]) < 0.1
    assert -1.0 <= a.min() < -0.9 and 0.9 < a.max() < 1.0


def test_reset_and_state_round_trip():
    x = signals(n=1500)
    params = dict(random_params(4, 3, gain=2.0), activation="sinefold", noise=0.1, delay=40,
                  cutoff=2000.0)
    net = Network(neurons=4, inputs=3, **params)
    first = net.process(x)
    net.reset()
    np.testing.assert_array_equal(net.process(x), first)
    net.reset()
    net.process(x[:, :700])
    state = net.get_state()
    tail = net.process(x[:, 700:])
    other = Network(neurons=4, inputs=3)
    other.set_state(state)
    np.testing.assert_array_equal(other.process(x[:, 700:]), tail)
    twin = Network(neurons=4, inputs=3, **params)
    twin.process(x[:, :700])
    np.testing.assert_array_equal(twin.copy().process(x[:, 700:]), tail)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_nan_inf_and_extreme_weights_stay_finite_bounded_and_recover(activation):
    x = signals(n=800)
    bad = x.copy()
    bad[0, 100] = np.nan
    bad[1, 101] = np.inf
    bad[2, 102] = -np.inf
    bad[:, 103:110] = 3e38
    wild = dict(weights=np.full((4, 3), 100.0), recurrent=np.full((4, 4), -100.0), bias=100.0,
                noise=10.0, activation=activation)
    out = Network(neurons=4, inputs=3, **wild).process(bad)
    assert np.all(np.isfinite(out))
    assert np.abs(out).max() <= BOUNDED.get(activation, 1.0e4)
    if activation == "sigmoid":
        assert out.min() >= 0.0
    calm = dict(random_params(4, 3, gain=0.1), activation=activation, cutoff=5000.0)
    clean = Network(neurons=4, inputs=3, **calm).process(x)
    dirty = Network(neurons=4, inputs=3, **calm).process(bad)
    np.testing.assert_allclose(dirty[:, 300:], clean[:, 300:], atol=1e-6)


def test_decaying_loop_flushes_to_exact_zero():
    net = Network(neurons=2, inputs=1, activation="linear", weights=[[1.0], [0.0]],
                  recurrent=[[0.3, 0.2], [0.2, 0.3]], delay=3, cutoff=5000.0)
    x = np.zeros((1, 20000), np.float32)
    x[0, 0] = 1.0
    out = net.process(x)
    assert np.all(out[:, -100:] == 0.0)
    assert not np.any((out != 0) & (np.abs(out) < np.finfo(np.float32).tiny))
    state = net.get_state()["kernel"]
    history = state["history"]  # the whole history, oldest first: the decay, then silence
    assert np.all(history[-1000:] == 0.0) and np.all(state["y"] == 0.0)
    assert not np.any((history != 0.0) & (np.abs(history) < 1e-30))


@pytest.mark.parametrize("name,value,fragment", [
    ("weights", np.zeros((3, 2)), "weights: expected shape (4, 3) (neurons x inputs), got (3, 2)"),
    ("recurrent", np.zeros((4, 3)), "recurrent: expected shape (4, 4) (neurons x neurons)"),
    ("recurrent", [[0, 0, 0, 200]] * 4,
     "recurrent: 200 is above the maximum; allowed: [-100, 100]"),
    ("bias", [0.1, 0.2], "bias: expected 4 values (one per neuron), got 2"),
    ("activation", ["tanh", "relu"], "activation: expected one name or 4 names"),
    ("activation", "cubic", "activation: 'cubic' is not a known name"),
    ("cutoff", -5.0, "cutoff: -5 is below the minimum; allowed: [0, 96000] Hz"),
    ("delay", 0, "delay: 0 is below the minimum; allowed: [1, 192000] samples"),
    ("delay", 2.5, "delay: 2.5 is not an integer"),
    ("noise", float("inf"), "noise: inf is not a finite number"),
])
def test_invalid_parameters_raise_value_error_naming_them(name, value, fragment):
    net = Network(neurons=4, inputs=3)
    before = net.parameters[name]
    with pytest.raises(ValueError) as err:
        setattr(net, name, value)
    assert fragment in str(err.value)
    np.testing.assert_equal(net.parameters[name], before)


def test_constructor_and_shape_errors():
    with pytest.raises(ValueError, match=r"neurons: 0 must be an integer in \[1, 64\]"):
        Network(neurons=0)
    with pytest.raises(ValueError, match=r"inputs: 65 must be an integer in \[0, 64\]"):
        Network(inputs=65)
    with pytest.raises(ValueError, match="unknown parameter 'gain'"):
        Network(gain=1.0)
    with pytest.raises(ValueError, match=r"expected a float32 array shaped \(3, samples\)"):
        Network(neurons=2, inputs=3).process(np.zeros((2, 10), np.float32))
    with pytest.raises(ValueError, match=r"expected a float32 array shaped \(3, samples\)"):
        DualNeuron().process(np.zeros((2, 10), np.float32))
    with pytest.raises(ValueError, match=r"weights: expected shape \(2, 3\)"):
        DualNeuron(weights=np.zeros((3, 2)))
    with pytest.raises(ValueError, match="cross_feedback: 60 is above the maximum"):
        DualNeuron(cross_feedback=60)
    with pytest.raises(ValueError, match="coupling: 'sideways' is not a known name"):
        DualNeuron(coupling="sideways")


def test_parameters_are_declared_once_and_registered():
    for cls, name in ((Network, "net"), (DualNeuron, "dualneuron")):
        names = [p.name for p in cls.PARAMS]
        assert len(names) == len(set(names))
        for p in cls.PARAMS:
            assert p.help and p.validate(p.default) is not None
        assert nrcore.REGISTRY[name] is cls
    assert nrcore.Network is Network and nrcore.DualNeuron is DualNeuron
    dual = DualNeuron(cross_feedback=3.0)
    assert dual.cross_feedback == 3.0
    dual.coupling = "mutual"
    np.testing.assert_array_equal(dual.recurrent_matrix(), [[0.0, 3.0], [3.0, 0.0]])


# -- the dual neuron ------------------------------------------------------------------------
def joystick(n=2000, seed=5):
    """A slowly wandering joystick: X, Y, Z in -1..1."""
    t = np.arange(n) / SR
    return np.stack([np.sin(2 * np.pi * 3.0 * t), np.cos(2 * np.pi * 2.0 * t),
                     0.5 * np.sin(2 * np.pi * 5.0 * t + seed)]).astype(np.float32)


@pytest.mark.parametrize("params", [
    dict(),
    dict(cross_feedback=6.0),
    dict(coupling="mutual", cross_feedback=3.0, self_feedback=0.4),
    dict(activation="nlc", response=0.3, cross_feedback=2.0, cutoff=0.0, cross_delay=1),
    dict(activation=["tanh", "softclip"], noise=0.05, seed=9, cross_delay=7, cutoff=3000.0),
])
def test_dual_neuron_matches_reference(params):
    x = joystick()
    got = DualNeuron(sample_rate=SR, **params).process(x)
    assert_matches(got, reference_dual_neuron(x, sample_rate=SR, **params))


def test_dual_neuron_is_the_documented_network():
    x = joystick(n=3000)
    params = dict(cross_feedback=4.5, coupling="mutual", self_feedback=-0.3, cross_delay=13)
    dual = DualNeuron(**params).process(x)
    net = Network(neurons=2, inputs=3, **dual_neuron_as_network(**params)).process(x)
    np.testing.assert_array_equal(dual, net)


def test_dual_neuron_blocks_and_state():
    x = joystick(n=2500)
    whole = DualNeuron(cross_feedback=8.0).process(x)
    dual = DualNeuron(cross_feedback=8.0)
    pieces = [dual.process(x[:, i:i + 333]) for i in (0, 333, 666)]
    copy = dual.copy()
    pieces.append(dual.process(x[:, 999:]))
    np.testing.assert_array_equal(np.concatenate(pieces, axis=1), whole)
    np.testing.assert_array_equal(copy.process(x[:, 999:]), whole[:, 999:])


def test_lyapunov_estimate_of_a_linear_map_is_exact():
    # y[t] = 0.5 y[t-1] + x[t]: every difference halves each sample, lambda = ln 0.5 per sample
    net = Network(neurons=1, inputs=1, activation="linear", recurrent=0.5, weights=1.0)
    x = signals(n_inputs=1, n=4000)
    # renormalised often and from a larger distance, so rounding in the difference stays
    # far below the 1e-6 tolerance
    got = largest_lyapunov_exponent(net, x, settle=100, perturbation=1e-4, renormalize_every=8)
    assert got == pytest.approx(math.log(0.5) * SR, rel=1e-6)
    # the processor itself was not advanced
    np.testing.assert_array_equal(net.process(x), Network(
        neurons=1, inputs=1, activation="linear", recurrent=0.5, weights=1.0).process(x))
    with pytest.raises(ValueError, match="settle"):
        largest_lyapunov_exponent(net, x, settle=4000)


CHAOS_POSITIONS = [(0.0, 0.0, 0.0), (1.0, 0.0, 0.0), (-0.7, 0.2, -0.4), (0.5, -0.5, 0.9)]


def held(position, n):
    return np.tile(np.asarray(position, np.float32)[:, None], (1, n))


def slow_path(n):
    t = np.arange(n) / SR
    return np.stack([np.sin(2 * np.pi * 0.5 * t), np.cos(2 * np.pi * 0.3 * t),
                     0.5 * np.sin(2 * np.pi * 0.2 * t)]).astype(np.float32)


@pytest.mark.parametrize("position", CHAOS_POSITIONS + ["moving"])
def test_turning_cross_feedback_up_reaches_chaos(position):
    n = 14400  # 0.1 s settling, then 0.2 s measured
    x = slow_path(n) if position == "moving" else held(position, n)
    low = largest_lyapunov_exponent(DualNeuron(cross_feedback=0.5), x, settle=4800)
    high = largest_lyapunov_exponent(DualNeuron(cross_feedback=6.0), x, settle=4800)
    # per second at 48 kHz: below 0 nearby states converge; well above 0 they fly apart
    assert low < -500.0
    assert high > 500.0


def test_the_tonal_stage_between_static_and_chaotic():
    x = held((0.0, 0.0, 0.0), 48000)
    quiet = DualNeuron(cross_feedback=0.5).process(x)
    tone = DualNeuron(cross_feedback=1.5)
    lam = largest_lyapunov_exponent(tone, x[:, :14400], settle=4800)
    sung = tone.process(x)
    assert quiet[:, 24000:].std(axis=1).max() < 1e-6  # low cross-feedback: a static output
    assert sung[:, 24000:].std(axis=1).min() > 0.2 and abs(lam) < 50.0  # a limit cycle
    spectrum = np.abs(np.fft.rfft(sung[0, 24000:] - sung[0, 24000:].mean()))
    assert 300.0 < np.argmax(spectrum) * SR / 24000 < 500.0  # near 400 Hz, as documented


@settings(max_examples=40, deadline=None)
@given(
    activation=st.sampled_from(ACTIVATIONS),
    gain=st.floats(0.0, 100.0),
    delay=st.integers(1, 40),
    cutoff=st.sampled_from([0.0, 50.0, 3000.0]),
    blocks=st.lists(st.integers(1, 300), min_size=1, max_size=8),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_block_invariance_and_finiteness(activation, gain, delay, cutoff, blocks, seed):
    n = sum(blocks)
    rng = np.random.default_rng(seed % 1000)
    x = (rng.standard_normal((2, n)) * 10 ** rng.uniform(-3, 6)).astype(np.float32)
    params = dict(weights=rng.uniform(-100, 100, (3, 2)),
                  recurrent=np.clip(rng.normal(0, gain, (3, 3)), -100, 100),
                  activation=activation, delay=delay, cutoff=cutoff, noise=0.5, seed=seed)
    whole = Network(neurons=3, inputs=2, **params).process(x)
    net = Network(neurons=3, inputs=2, **params)
    pieces, at = [], 0
    for size in blocks:
        pieces.append(net.process(x[:, at:at + size]))
        at += size
    np.testing.assert_array_equal(np.concatenate(pieces, axis=1), whole)
    assert np.all(np.isfinite(whole))
    assert np.abs(whole).max() <= BOUNDED.get(activation, 1.0e4)


def test_dual_neuron_with_separate_inputs_per_neuron():
    """inputs=6: the module's two sets of jacks; each neuron hears only its own three."""
    rng = np.random.default_rng(5)
    x3 = rng.uniform(-1, 1, (3, 2000)).astype(np.float32)
    params = dict(cross_feedback=3.0, weights=[[0.9, -0.4, 0.3], [0.2, 0.8, -0.6]])
    shared = DualNeuron(**params).process(x3)
    both = DualNeuron(inputs=6, **params).process(np.vstack([x3, x3]))
    np.testing.assert_array_equal(both, shared)  # the same X, Y, Z on both sets of jacks
    other = x3[::-1].copy()
    split = DualNeuron(inputs=6, **params).process(np.vstack([x3, other]))
    # neuron B's own jacks changed, so it differs; A differs only through the cross coupling
    assert np.abs(split[1] - shared[1]).max() > 0.1
    uncoupled = dict(params, cross_feedback=0.0)
    a_alone = DualNeuron(inputs=6, **uncoupled).process(np.vstack([x3, other]))
    np.testing.assert_array_equal(a_alone[0], DualNeuron(**uncoupled).process(x3)[0])
    with pytest.raises(ValueError, match="inputs: 4 must be 3"):
        DualNeuron(inputs=4)
