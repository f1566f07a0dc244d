"""nrcore.Neuron against its per-sample reference, block invariance, robustness, parameters."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import nrcore
from nrcore.activations import ACTIVATIONS
from ref_common import smoothing_coefficient
from ref_neuron import reference_neuron, reference_ramp

SR = 48000.0


def signals(n_inputs=3, n=600, seed=0, scale=1.5):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / SR
    rows = [np.sin(2 * np.pi * (110 + 70 * i) * t + i) * scale for i in range(n_inputs)]
    x = np.array(rows) + 0.2 * rng.standard_normal((n_inputs, n))
    return x.astype(np.float32)


def assert_matches(got, want):
    """Kernel output (float32) against the float64 reference rounded the same way."""
    np.testing.assert_allclose(got, np.asarray(want).astype(np.float32), atol=1e-6, rtol=0)


def render_blocks(proc, x, block, **kwargs):
    pieces = [proc.process(x[:, i:i + block], **kwargs) for i in range(0, x.shape[1], block)]
    return np.concatenate(pieces, axis=1)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("feedback,delay,source", [(0.0, 1, "output"), (0.9, 1, "output"),
                                                   (-1.7, 5, "output"), (0.6, 3, "fire")])
def test_matches_reference(activation, feedback, delay, source):
    x = signals()
    params = dict(weights=[0.8, -0.5, 0.3], bias=0.1, activation=activation, response=0.4,
                  feedback=feedback, feedback_delay=delay, feedback_source=source, noise=0.05,
                  seed=7, threshold=0.2, hysteresis=0.1)
    neuron = nrcore.Neuron(inputs=3, sample_rate=SR, **params)
    got = neuron.process(x)
    want_out, want_fire = reference_neuron(x, sample_rate=SR, **params)
    assert_matches(got[0], want_out)
    np.testing.assert_array_equal(got[1], want_fire)


@pytest.mark.parametrize("cutoff", [0.0, 300.0, 5000.0])
def test_output_smoothing_matches_reference(cutoff):
    x = signals(n=800)
    params = dict(weights=[1.0, 0.5, 0.5], activation="hardclip", feedback=0.5,
                  output_cutoff=cutoff)
    got = nrcore.Neuron(inputs=3, sample_rate=SR, **params).process(x)
    want, _ = reference_neuron(x, sample_rate=SR, **params)
    assert_matches(got[0], want)
    if cutoff:
        # a low-pass makes the output smoother than the unsmoothed neuron
        raw = nrcore.Neuron(inputs=3, sample_rate=SR, **{**params, "output_cutoff": 0.0}).process(x)
        assert np.abs(np.diff(got[0])).mean() < np.abs(np.diff(raw[0])).mean()


def test_audio_rate_weights_match_reference():
    x = signals(n=500)
    t = np.arange(500) / SR
    w = np.array([np.sin(2 * np.pi * 3 * t), np.cos(2 * np.pi * 5 * t), 0.5 + 0 * t], dtype=np.float32)
    neuron = nrcore.Neuron(inputs=3, sample_rate=SR, feedback=0.3, activation="softclip")
    got = neuron.process(x, weights=w)
    want, _ = reference_neuron(x, weights=0.5, feedback=0.3, activation="softclip",
                               sample_rate=SR, audio_weights=w)
    assert_matches(got[0], want)


@pytest.mark.parametrize("block", [1, 7, 64, 1000])
def test_blocks_of_any_size_give_the_same_samples(block):
    x = signals(n=3000)
    params = dict(weights=[0.9, 0.4, -0.6], feedback=1.3, feedback_delay=17, noise=0.2,
                  output_cutoff=2000.0, activation="sinefold")
    whole = nrcore.Neuron(inputs=3, **params).process(x)
    pieces = render_blocks(nrcore.Neuron(inputs=3, **params), x, block)
    np.testing.assert_array_equal(whole, pieces)


def test_parameter_changes_ramp_without_a_click():
    neuron = nrcore.Neuron(inputs=1, weights=1.0, activation="linear", smoothing=10.0,
                           sample_rate=SR)
    ones = np.ones((1, 5000), np.float32)
    neuron.process(ones)
    neuron.weights = [0.0]
    out = neuron.process(ones)[0]
    coef = smoothing_coefficient(0.010, SR)
    np.testing.assert_allclose(out, reference_ramp(1.0, 0.0, coef, 5000), atol=1e-6)
    assert np.abs(np.diff(out)).max() < 0.01  # a jump of 1.0 became a ramp
    assert out[-1] < 1e-4  # and it arrives


def test_comparator_fires_with_hysteresis():
    t = np.arange(4800) / SR
    x = np.sin(2 * np.pi * 50 * t)[np.newaxis].astype(np.float32)
    neuron = nrcore.Neuron(inputs=1, weights=1.0, activation="linear", threshold=0.5,
                           hysteresis=0.2, sample_rate=SR)
    out, fire = neuron.process(x)
    rises = np.flatnonzero(np.diff(fire) > 0) + 1
    falls = np.flatnonzero(np.diff(fire) < 0) + 1
    assert len(rises) == 5 and len(falls) == 5  # once per cycle of the 50 Hz sine
    assert np.all(out[rises] > 0.6) and np.all(out[rises - 1] <= 0.6)
    assert np.all(out[falls] < 0.4) and np.all(out[falls - 1] >= 0.4)


def test_nlc_activation_follows_the_field_notes_model():
    # rect = clamp(sum + sense, 0, 1); out = rect - response if rect > 0 else +response
    x = np.array([[-0.5, 0.0, 0.25, 0.8, 2.0]], np.float32)
    neuron = nrcore.Neuron(inputs=1, weights=1.0, bias=0.1, activation="nlc", response=0.3)
    out = neuron.process(x)[0]
    np.testing.assert_allclose(out, [0.3, 0.1 - 0.3, 0.35 - 0.3, 0.9 - 0.3, 1.0 - 0.3], atol=1e-7)


def test_noise_is_seeded_and_reproducible():
    zeros = np.zeros((1, 1000), np.float32)
    a = nrcore.Neuron(inputs=1, activation="linear", noise=1.0, seed=3).process(zeros)[0]
    b = nrcore.Neuron(inputs=1, activation="linear", noise=1.0, seed=3).process(zeros)[0]
    c = nrcore.Neuron(inputs=1, activation="linear", noise=1.0, seed=4).process(zeros)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert -1.0 <= a.min() < -0.9 and 0.9 < a.max() < 1.0 and abs(a.mean()) < 0.1


def test_reset_restarts_the_same_signal():
    x = signals(n=700)
    neuron = nrcore.Neuron(inputs=3, feedback=0.8, noise=0.1, feedback_delay=9)
    first = neuron.process(x)
    neuron.reset()
    np.testing.assert_array_equal(neuron.process(x), first)


def test_state_round_trip():
    x = signals(n=1200)
    neuron = nrcore.Neuron(inputs=3, feedback=0.9, noise=0.1, feedback_delay=40, output_cutoff=900)
    neuron.process(x[:, :500])
    state = neuron.get_state()
    tail = neuron.process(x[:, 500:])
    other = nrcore.Neuron(inputs=3)
    other.set_state(state)
    np.testing.assert_array_equal(other.process(x[:, 500:]), tail)


def test_changing_the_feedback_delay_keeps_the_loop_history():
    neuron = nrcore.Neuron(inputs=1, weights=1.0, feedback=0.0, activation="linear", smoothing=0)
    neuron.process(np.array([[1.0, 2.0, 3.0]], np.float32))
    neuron.feedback_delay = 4
    neuron.weights = [0.0]
    neuron.feedback = 1.0
    out = neuron.process(np.zeros((1, 8), np.float32))[0]
    # 4 samples back are 0 (before the 1), 1, 2, 3: the loop replays them every 4 samples
    np.testing.assert_array_equal(out, [0.0, 1.0, 2.0, 3.0, 0.0, 1.0, 2.0, 3.0])
    neuron.feedback_delay = 10000  # beyond the initial ring: it grows and keeps the newest
    neuron.feedback_delay = 2
    np.testing.assert_array_equal(neuron.process(np.zeros((1, 4), np.float32))[0],
                                  [2.0, 3.0, 2.0, 3.0])


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_nan_and_inf_inputs_leave_outputs_finite_and_recover(activation):
    x = signals(n=600)
    bad = x.copy()
    bad[0, 100] = np.nan
    bad[1, 101] = np.inf
    bad[2, 102] = -np.inf
    bad[0, 103:110] = 3e38
    params = dict(weights=[50.0, -80.0, 100.0], feedback=100.0, activation=activation, noise=1.0)
    out = nrcore.Neuron(inputs=3, **params).process(bad)
    assert np.all(np.isfinite(out))
    bound = {"tanh": 1, "sigmoid": 1, "hardclip": 1, "softclip": 1, "sinefold": 1, "nlc": 1}
    assert np.abs(out[0]).max() <= bound.get(activation, 1.0e4)
    # the bad samples did not leave a permanent mark: with a fast-decaying loop, the output
    # converges back to the clean run
    calm = dict(weights=[0.5, 0.5, 0.5], feedback=0.3, activation=activation)
    clean = nrcore.Neuron(inputs=3, **calm).process(x)
    dirty = nrcore.Neuron(inputs=3, **calm).process(bad)
    np.testing.assert_allclose(dirty[:, 200:], clean[:, 200:], atol=1e-6)


@pytest.mark.parametrize("activation", ["linear", "tanh", "sinefold", "softclip"])
def test_decaying_feedback_flushes_to_exact_zero(activation):
    neuron = nrcore.Neuron(inputs=1, weights=1.0, feedback=0.5, activation=activation)
    x = np.zeros((1, 5000), np.float32)
    x[0, 0] = 1.0
    out = neuron.process(x)[0]
    assert out[-1] == 0.0  # 0.5**n would be denormal near n = 1030, zero since
    tiny = out[(out != 0) & (np.abs(out) < np.finfo(np.float32).tiny)]
    assert tiny.size == 0
    state = neuron.get_state()["kernel"]
    line = state["delay_line"]  # the whole history, oldest first: the decay, then silence
    assert np.all(line[-1000:] == 0.0)  # the loop is silent, not denormal
    assert not np.any((line != 0.0) & (np.abs(line) < 1e-30))


@pytest.mark.parametrize("name,value,fragment", [
    ("feedback", 1000.0, "feedback: 1000 is above the maximum; allowed: [-100, 100]"),
    ("activation", "cubic", "activation: 'cubic' is not a known name"),
    ("feedback_delay", 0, "feedback_delay: 0 is below the minimum"),
    ("feedback_delay", 2.5, "feedback_delay: 2.5 is not an integer"),
    ("noise", float("nan"), "noise: nan is not a finite number"),
    ("weights", [1.0, 2.0], "weights: expected 3 values (one per input), got 2"),
    ("smoothing", "fast", "smoothing: 'fast' is not a number"),
])
def test_invalid_parameters_raise_value_error_naming_them(name, value, fragment):
    neuron = nrcore.Neuron(inputs=3)
    before = neuron.parameters[name]
    with pytest.raises(ValueError) as err:
        setattr(neuron, name, value)
    assert fragment in str(err.value)
    np.testing.assert_equal(neuron.parameters[name], before)  # nothing was half-applied


def test_constructor_errors():
    with pytest.raises(ValueError, match="inputs"):
        nrcore.Neuron(inputs=0)
    with pytest.raises(ValueError, match="unknown parameter 'gain'"):
        nrcore.Neuron(gain=2.0)
    with pytest.raises(ValueError, match=r"expected a float32 array shaped \(3, samples\)"):
        nrcore.Neuron(inputs=3).process(np.zeros((2, 10), np.float32))


def test_parameters_are_attributes_and_declared_once():
    neuron = nrcore.Neuron(inputs=2, bias=0.25)
    assert neuron.bias == 0.25
    neuron.activation = "relu"
    assert neuron.parameters["activation"] == "relu"
    names = [p.name for p in nrcore.Neuron.PARAMS]
    assert len(names) == len(set(names))
    for p in nrcore.Neuron.PARAMS:
        assert p.help and p.validate(p.default) is not None
    assert nrcore.REGISTRY["neuron"] is nrcore.Neuron


@settings(max_examples=40, deadline=None)
@given(
    activation=st.sampled_from(ACTIVATIONS),
    feedback=st.floats(-100, 100),
    delay=st.integers(1, 50),
    blocks=st.lists(st.integers(1, 300), min_size=1, max_size=8),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_block_invariance_and_finiteness(activation, feedback, delay, blocks, seed):
    n = sum(blocks)
    rng = np.random.default_rng(seed % 1000)
    x = (rng.standard_normal((2, n)) * 10 ** rng.uniform(-3, 6)).astype(np.float32)
    params = dict(weights=[3.0, -2.0], activation=activation, feedback=feedback,
                  feedback_delay=delay, noise=0.5, seed=seed)
    whole = nrcore.Neuron(inputs=2, **params).process(x)
    neuron = nrcore.Neuron(inputs=2, **params)
    pieces, at = [], 0
    for size in blocks:
        pieces.append(neuron.process(x[:, at:at + size]))
        at += size
    np.testing.assert_array_equal(np.concatenate(pieces, axis=1), whole)
    assert np.all(np.isfinite(whole)) and np.abs(whole).max() <= 1.0e4


def test_a_state_with_nan_is_refused_and_the_neuron_keeps_playing():
    neuron = nrcore.Neuron(inputs=1, output_cutoff=1000.0, feedback=0.5)
    x = np.ones((1, 100), np.float32)
    neuron.process(x)
    state = neuron.get_state()
    state["kernel"]["smoothed"][3] = np.nan
    with pytest.raises(ValueError, match="state: smoothed holds NaN or inf"):
        neuron.set_state(state)
    assert np.all(np.isfinite(neuron.process(x)))
