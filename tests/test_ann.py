"""nrcore.MLP: the frame kernel against its reference, feedback, training by example, JSON."""
import contextlib
import json

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import nrcore
from nrcore.activations import ACTIVATIONS
from nrcore.ann import MLP, activate_array, activation_slope_array
from ref_ann import ReferenceMLP
from ref_common import activate, activate_slope, kernel_activations

BOUNDED = {"tanh": 1.0, "sigmoid": 1.0, "hardclip": 1.0, "softclip": 1.0, "sinefold": 1.0,
           "nlc": 1.0}


def frames(n_inputs=2, n=300, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / 50.0
    rows = [np.sin(2 * np.pi * (0.3 + 0.2 * i) * t + i) for i in range(n_inputs)]
    return (np.array(rows) + 0.1 * rng.standard_normal((n_inputs, n))).astype(np.float32)


def assert_matches(got, want):
    np.testing.assert_allclose(got, np.asarray(want).astype(np.float32), atol=1e-6, rtol=0)


def reference_for(mlp):
    return ReferenceMLP(mlp.get_weights(), mlp.layer_activations(), feedback=mlp.feedback,
                        response=mlp.response)


@pytest.mark.parametrize("hidden", ACTIVATIONS)
@pytest.mark.parametrize("feedback", [0.0, 0.7, -2.5])
def test_matches_reference_for_every_hidden_activation(hidden, feedback):
    mlp = MLP(sizes=(2, 5, 4, 3), seed=3, weight_scale=2.0, activation=hidden,
              output_activation="tanh", feedback=feedback, response=0.3)
    x = frames()
    # with feedback the frames iterate a map with gain (weight_scale 2), where differences
    # grow: there the reference uses the kernels' tanh
    with kernel_activations() if feedback else contextlib.nullcontext():
        want = reference_for(mlp).process(x)
    assert_matches(mlp.process(x), want)


@pytest.mark.parametrize("output", ACTIVATIONS)
def test_matches_reference_for_every_output_activation(output):
    mlp = MLP(sizes=(3, 6, 2), seed=5, output_activation=output, feedback=0.9)
    x = frames(n_inputs=3)
    assert_matches(mlp.process(x), reference_for(mlp).process(x))


def test_one_activation_per_hidden_layer():
    mlp = MLP(sizes=(2, 4, 4, 4, 1), seed=2, activation=["relu", "sinefold", "softclip"],
              output_activation="linear", feedback=0.5)
    assert mlp.layer_activations() == ["relu", "sinefold", "softclip", "linear"]
    x = frames()
    assert_matches(mlp.process(x), reference_for(mlp).process(x))
    with pytest.raises(ValueError, match="activation: expected one name or 3 names"):
        mlp.activation = ["tanh", "tanh"]


@pytest.mark.parametrize("block", [1, 7, 64, 1000])
def test_frames_in_blocks_of_any_size_give_the_same_outputs(block):
    x = frames(n=2000)
    kw = dict(sizes=(2, 8, 3), seed=9, weight_scale=3.0, feedback=1.5)
    whole = MLP(**kw).process(x)
    mlp = MLP(**kw)
    pieces = np.concatenate([mlp.process(x[:, i:i + block]) for i in range(0, 2000, block)],
                            axis=1)
    np.testing.assert_array_equal(pieces, whole)
    assert_matches(pieces, reference_for(MLP(**kw)).process(x))
    one = MLP(**kw)
    np.testing.assert_array_equal(np.stack([one.process_frame(f) for f in x.T], axis=1), whole)


def test_given_weights_compute_the_documented_equations():
    w1 = [[1.0, -2.0], [0.5, 0.25]]
    b1 = [0.1, -0.2]
    w2 = [[2.0, -1.0]]
    b2 = [0.3]
    mlp = MLP(sizes=(2, 2, 1), weights=[(w1, b1), (w2, b2)], activation="tanh",
              output_activation="linear")
    x = np.array([0.4, -0.6])
    h = np.tanh(np.array(w1) @ x + b1)
    assert mlp.process_frame(x)[0] == pytest.approx(float((np.array(w2) @ h + b2)[0]), abs=1e-6)
    # given without feedback columns, the feedback columns are 0 and feedback changes nothing
    first = mlp.get_weights()[0][0]
    assert first.shape == (2, 3) and np.all(first[:, 2] == 0.0)
    mlp.feedback = 5.0
    assert mlp.process_frame(x)[0] == pytest.approx(float((np.array(w2) @ h + b2)[0]), abs=1e-6)
    # with feedback columns: y[t] = w2 tanh(w1 x + wf * feedback * y[t-1] + b1) + b2
    wf = [[0.5], [-0.5]]
    fed = MLP(sizes=(2, 2, 1), weights=[(np.hstack([w1, wf]), b1), (w2, b2)],
              output_activation="linear", feedback=0.8)
    y0 = fed.process_frame(x)[0]
    h1 = np.tanh(np.array(w1) @ x + np.array(wf)[:, 0] * 0.8 * y0 + b1)
    assert fed.process_frame(x)[0] == pytest.approx(float((np.array(w2) @ h1 + b2)[0]), abs=1e-6)


def test_feedback_gives_a_fixed_input_a_life_of_its_own():
    still = np.tile(np.array([[0.3], [0.6]], np.float32), (1, 200))
    plain = MLP(sizes=(2, 8, 2), seed=12, weight_scale=3.0, output_activation="tanh")
    out = plain.process(still)
    assert np.all(out == out[:, :1])  # feed-forward: the same input, the same output
    alive = MLP(sizes=(2, 8, 2), seed=12, weight_scale=3.0, output_activation="tanh",
                feedback=-4.0)
    moving = alive.process(still)
    assert np.abs(np.diff(moving[:, 100:], axis=1)).max() > 0.05  # still changing at frame 100
    alive.reset()
    np.testing.assert_array_equal(alive.process(still), moving)


def test_a_decaying_feedback_loop_flushes_to_exact_zero():
    # y[t] = x[t] + 0.5 y[t-1] through linear units: an impulse decays by halves
    mlp = MLP(sizes=(1, 1, 1), weights=[([[1.0, 1.0]], [0.0]), ([[1.0]], [0.0])],
              activation="linear", output_activation="linear", feedback=0.5)
    x = np.zeros((1, 1200), np.float32)
    x[0, 0] = 1.0
    out = mlp.process(x)[0]
    np.testing.assert_allclose(out[:20], 0.5 ** np.arange(20), rtol=1e-6)
    assert np.all(out[-50:] == 0.0)  # 0.5**t passed 1e-30 near t = 100, never denormal
    assert mlp.get_state()["kernel"]["previous"][0] == 0.0


def test_seeded_weights_are_reproducible():
    a, b, c = MLP(seed=1), MLP(seed=1), MLP(seed=2)
    for (wa, ba), (wb, bb) in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)
        np.testing.assert_array_equal(ba, bb)
    assert not np.array_equal(a.get_weights()[0][0], c.get_weights()[0][0])
    wide = MLP(seed=1, weight_scale=3.0)
    np.testing.assert_allclose(wide.get_weights()[0][0], 3.0 * a.get_weights()[0][0])
    # Glorot range: layer 0 of (2, 8, 3) has 2 + 3 inputs and 8 units
    assert np.abs(a.get_weights()[0][0]).max() <= np.sqrt(6.0 / 13.0)
    a.randomize(2)
    np.testing.assert_array_equal(a.get_weights()[0][0], c.get_weights()[0][0])


def test_numpy_activations_for_training_follow_the_kernel_formulas():
    xs = np.linspace(-3.0, 3.0, 61)
    for name in ACTIVATIONS:
        ys = activate_array(name, xs, 0.3)
        np.testing.assert_allclose(ys, [activate(name, v, 0.3) for v in xs], atol=1e-15)
        np.testing.assert_allclose(activation_slope_array(name, xs, ys),
                                   [activate_slope(name, v, y) for v, y in zip(xs, ys)],
                                   atol=1e-15)


def smooth_target(x):
    """Within (0, 1), the sigmoid outputs' range, for x in [-1, 1]^2."""
    return np.array([0.5 + 0.4 * np.sin(2.0 * x[0]), 0.5 + 0.4 * x[0] * x[1], 0.6 - 0.3 * x[1]])


@pytest.mark.parametrize("optimizer,rate", [("adam", 0.02), ("sgd", 2.0)])
def test_fit_learns_a_mapping_from_examples(optimizer, rate):
    rng = np.random.default_rng(0)
    mlp = MLP(sizes=(2, 12, 3), seed=1)
    for x in rng.uniform(-1, 1, (40, 2)):
        mlp.add_example(x, smooth_target(x))
    losses = mlp.fit(epochs=1500, learning_rate=rate, optimizer=optimizer)
    assert losses.shape == (1501,)
    assert losses[-1] == pytest.approx(mlp.loss())
    assert losses[-1] < 0.05 * losses[0] and losses[-1] < 2e-3
    # it generalises to points it never saw
    test = rng.uniform(-0.9, 0.9, (20, 2))
    got = np.array([mlp.process_frame(x) for x in test])
    want = np.array([smooth_target(x) for x in test])
    assert np.abs(got - want).max() < 0.08


def test_fit_with_minibatches_is_seeded_and_keeps_the_feedback_columns():
    rng = np.random.default_rng(3)
    data = [(x, smooth_target(x)) for x in rng.uniform(-1, 1, (30, 2))]
    runs = []
    for _ in range(2):
        mlp = MLP(sizes=(2, 6, 3), seed=4, feedback=0.5)
        feedback_columns = mlp.get_weights()[0][0][:, 2:].copy()
        for x, y in data:
            mlp.add_example(x, y)
        runs.append(mlp.fit(epochs=200, batch_size=7, seed=11))
        np.testing.assert_array_equal(mlp.get_weights()[0][0][:, 2:], feedback_columns)
    np.testing.assert_array_equal(runs[0], runs[1])
    assert runs[0][-1] < runs[0][0]


def test_a_far_too_large_learning_rate_leaves_finite_weights():
    mlp = MLP(sizes=(2, 8, 3), seed=1, activation="linear", output_activation="linear")
    rng = np.random.default_rng(0)
    for x in rng.uniform(-100, 100, (20, 2)):
        mlp.add_example(x, np.full(3, 50.0 * x.sum()))
    losses = mlp.fit(epochs=50, learning_rate=10.0, optimizer="sgd")
    assert np.all(np.isfinite(losses))
    for w, b in mlp.get_weights():
        assert np.all(np.abs(w) <= 1e4) and np.all(np.abs(b) <= 1e4)
    assert np.all(np.isfinite(mlp.process_frame([1e4, -1e4])))


def test_training_errors_name_the_problem():
    mlp = MLP(sizes=(2, 4, 3))
    with pytest.raises(ValueError, match="fit: no examples"):
        mlp.fit()
    with pytest.raises(ValueError, match="x: expected 2 input values, got 3"):
        mlp.add_example([1, 2, 3], [0, 0, 0])
    with pytest.raises(ValueError, match="y: expected 3 output values, got 1"):
        mlp.add_example([1, 2], [0])
    with pytest.raises(ValueError, match="must be finite"):
        mlp.add_example([np.nan, 2], [0, 0, 0])
    mlp.add_example([0, 1], [0, 1, 0])
    with pytest.raises(ValueError, match=r"epochs: 0 must be an integer in \[1, 1000000\]"):
        mlp.fit(epochs=0)
    with pytest.raises(ValueError, match=r"learning_rate: -1.0 must be in \(0, 10\]"):
        mlp.fit(learning_rate=-1)
    with pytest.raises(ValueError, match="optimizer: 'rmsprop' is not one of adam, sgd"):
        mlp.fit(optimizer="rmsprop")
    mlp.clear_examples()
    assert mlp.examples[0].shape == (0, 2)


def test_save_and_load_json_give_identical_outputs(tmp_path):
    rng = np.random.default_rng(5)
    mlp = MLP(sizes=(2, 7, 3), seed=8, feedback=0.6, activation="sinefold",
              output_activation="sigmoid")
    for x in rng.uniform(0, 1, (12, 2)):
        mlp.add_example(x, smooth_target(x))
    mlp.fit(epochs=100)
    x = frames(n=400)
    mlp.process(x[:, :150])  # the feedback state is saved too
    path = mlp.save(tmp_path / "model.json")
    data = json.loads(path.read_text())  # plain JSON, nothing pickled
    assert data["format"] == "nrcore.mlp" and data["sizes"] == [2, 7, 3]
    assert path.read_bytes()[:1] == b"{"
    loaded = MLP.load(path)
    np.testing.assert_array_equal(loaded.process(x[:, 150:]), mlp.process(x[:, 150:]))
    for (wa, ba), (wb, bb) in zip(loaded.get_weights(), mlp.get_weights()):
        np.testing.assert_array_equal(wa, wb)  # bit for bit
        np.testing.assert_array_equal(ba, bb)
    np.testing.assert_array_equal(loaded.examples[1], mlp.examples[1])
    assert loaded.parameters == mlp.parameters
    loaded.reset()
    mlp.reset()
    np.testing.assert_array_equal(loaded.process(x), mlp.process(x))


def test_load_rejects_what_it_did_not_write(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}')
    with pytest.raises(ValueError, match="not an nrcore.mlp model"):
        MLP.load(bad)
    bad.write_text("not json")
    with pytest.raises(ValueError, match="is not valid JSON"):
        MLP.load(bad)
    bad.write_text(json.dumps({"format": "nrcore.mlp", "version": 1, "sizes": [2, 3],
                               "layers": [{"weights": [[1, 2]], "bias": [0]}]}))
    with pytest.raises(ValueError, match=r"weights: layer 0 matrix has shape \(1, 2\)"):
        MLP.load(bad)


def test_state_round_trip_includes_weights():
    x = frames(n=300)
    mlp = MLP(sizes=(2, 5, 2), seed=3, feedback=1.2)
    mlp.process(x[:, :100])
    state = mlp.get_state()
    tail = mlp.process(x[:, 100:])
    other = MLP(sizes=(2, 5, 2), seed=99)
    other.set_state(state)
    np.testing.assert_array_equal(other.process(x[:, 100:]), tail)


@pytest.mark.parametrize("output", ACTIVATIONS)
def test_nan_inf_and_extreme_weights_stay_finite_and_recover(output):
    x = frames(n=300)
    bad = x.copy()
    bad[0, 50] = np.nan
    bad[1, 51] = np.inf
    bad[:, 52:55] = -3e38
    huge = MLP(sizes=(2, 4, 2), seed=1, weight_scale=100.0, activation="linear",
               output_activation=output, feedback=10.0)
    huge.set_weights([(np.clip(w * 1e3, -1e4, 1e4), b + 1e4) for w, b in huge.get_weights()])
    out = huge.process(bad)
    assert np.all(np.isfinite(out)) and np.abs(out).max() <= BOUNDED.get(output, 1.0e4)
    calm = dict(sizes=(2, 4, 2), seed=1, output_activation=output, feedback=0.2)
    clean, dirty = MLP(**calm).process(x), MLP(**calm).process(bad)
    np.testing.assert_allclose(dirty[:, 120:], clean[:, 120:], atol=1e-6)


@pytest.mark.parametrize("kwargs,fragment", [
    (dict(sizes=(2,)), "sizes: (2,) must be >= 2 integers"),
    (dict(sizes=(2, 0, 1)), "each in [1, 1024]"),
    (dict(sizes=(2, 2.5, 1)), "sizes: (2, 2.5, 1) must be >= 2 integers"),
    (dict(seed=-1), "seed: -1 must be an integer"),
    (dict(weight_scale=1e9), "weight_scale: 1000000000.0 must be in [0, 100]"),
    (dict(feedback=11.0), "feedback: 11 is above the maximum; allowed: [-10, 10]"),
    (dict(output_activation="step"), "output_activation: 'step' is not a known name"),
    (dict(weights=[([[1.0, 2.0]], [0.0])]), "weights: expected 2 (matrix, bias) pairs"),
])
def test_invalid_arguments_raise_value_error_naming_them(kwargs, fragment):
    with pytest.raises(ValueError) as err:
        MLP(**kwargs)
    assert fragment in str(err.value)


def test_registered_as_a_control_rate_processor():
    assert nrcore.REGISTRY["ann"] is MLP and nrcore.MLP is MLP
    assert MLP.audio_rate is False
    names = [p.name for p in MLP.PARAMS]
    assert len(names) == len(set(names))
    with pytest.raises(ValueError, match=r"expected a float32 array shaped \(2, samples\)"):
        MLP().process(np.zeros((3, 4), np.float32))
    with pytest.raises(ValueError, match="values: expected 2 values, got 1"):
        MLP().process_frame([1.0])


@settings(max_examples=40, deadline=None)
@given(
    hidden=st.sampled_from(ACTIVATIONS),
    output=st.sampled_from(ACTIVATIONS),
    feedback=st.floats(-10, 10),
    scale=st.floats(0.0, 100.0),
    blocks=st.lists(st.integers(1, 50), min_size=1, max_size=6),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_block_invariance_and_finiteness(hidden, output, feedback, scale, blocks, seed):
    n = sum(blocks)
    rng = np.random.default_rng(seed % 1000)
    x = (rng.standard_normal((3, n)) * 10 ** rng.uniform(-3, 30)).astype(np.float32)
    x[rng.random((3, n)) < 0.05] = np.nan
    kw = dict(sizes=(3, 5, 2), seed=seed, weight_scale=scale, activation=hidden,
              output_activation=output, feedback=feedback)
    whole = MLP(**kw).process(x)
    mlp = MLP(**kw)
    pieces, at = [], 0
    for size in blocks:
        pieces.append(mlp.process(x[:, at:at + size]))
        at += size
    np.testing.assert_array_equal(np.concatenate(pieces, axis=1), whole)
    assert np.all(np.isfinite(whole)) and np.abs(whole).max() <= BOUNDED.get(output, 1.0e4)
