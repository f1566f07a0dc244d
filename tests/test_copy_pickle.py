"""Copies and pickles of every processor: independent, same parameters, same signal state.

``copy.copy``, ``copy.deepcopy``, ``pickle`` and ``.copy()`` must each give a processor whose
next block equals the original's next block, and processing one must never change the other
(a shallow copy sharing the kernel did: the copy moved the original by up to 1.0).
"""
import copy
import pickle

import numpy as np
import pytest

import nrcore
from nrcore.processor import REGISTRY

NAMES = sorted(REGISTRY)
WAYS = {
    "copy.copy": copy.copy,
    "copy.deepcopy": copy.deepcopy,
    "pickle": lambda p: pickle.loads(pickle.dumps(p)),
    ".copy()": lambda p: p.copy(),
}
#: Non-default settings, so a copy that fell back to defaults would differ.
SETTINGS = {
    "neuron": dict(inputs=2, feedback=0.7, feedback_delay=5, noise=0.05, seed=9,
                   output_cutoff=3000.0, activation="sinefold"),
    "net": dict(neurons=3, inputs=2, recurrent=0.4, noise=0.01, delay=3, cutoff=2000.0),
    "dualneuron": dict(inputs=6, cross_feedback=3.0, noise=0.02, seed=5),
    "learn": dict(inputs=2, mu=0.3, activation="tanh"),
    "learnnet": dict(inputs=2, hidden=3, mu=0.2, seed=4),
    "ann": dict(sizes=(2, 5, 3), seed=7, feedback=0.5),
    "instrument": dict(inputs=2, ccs=1, feedback=0.4, seed=3),
    "synth": dict(gain=0.8, voices=2),
    "rack": dict(volume=0.7),
}


def block(proc, n, seed):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((proc.input_count, n)) * 0.5).astype(np.float32)
    if proc.name == "rack":   # gate 1 rises: an impact sounds
        x[0] = 0.0
        x[0, n // 4:] = 5.0
    if proc.name == "synth":
        x[0] = 0.0
        x[0, n // 4:] = 1.0
    return x


@pytest.fixture(scope="module")
def warmed():
    """One processor of every kind, run for a while so that it has signal state."""
    return _Lazy()


class _Lazy(dict):
    def __missing__(self, name):
        proc = REGISTRY[name](**SETTINGS.get(name, {}))
        proc.process_rows(block(proc, 700, 1))
        if name == "ann":
            proc.add_example([0.1, 0.2], [0.3, 0.4, 0.5])
        self[name] = proc
        return proc


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("name", NAMES)
def test_a_copy_continues_exactly_and_independently(warmed, name, way):
    original = warmed[name]
    twin = WAYS[way](original)
    assert type(twin) is type(original) and twin is not original
    assert twin.sample_rate == original.sample_rate
    for key, value in original.parameters.items():
        np.testing.assert_array_equal(np.asarray(twin.parameters[key], dtype=object),
                                      np.asarray(value, dtype=object), err_msg=key)
    x = block(original, 500, 2)
    before = original.get_state()
    # The copy runs first (and twice as long): the original must not notice.
    twin_out = twin.process_rows(x)
    twin.process_rows(block(original, 300, 3))
    after = original.get_state()
    _assert_same_state(before, after)
    np.testing.assert_array_equal(original.process_rows(x), twin_out)


def _assert_same_state(a, b):
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            _assert_same_state(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for u, v in zip(a, b):
            _assert_same_state(u, v)
    else:
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_mlp_copies_keep_training_examples_and_weights():
    mlp = nrcore.MLP((2, 4, 1), seed=3)
    mlp.add_example([0.0, 1.0], [0.5])
    mlp.randomize(seed=11, weight_scale=2.0)
    twin = pickle.loads(pickle.dumps(mlp))
    xs, ys = twin.examples
    np.testing.assert_array_equal(xs, [[0.0, 1.0]])
    assert twin.seed == 11 and twin.weight_scale == 2.0
    for (w1, b1), (w2, b2) in zip(mlp.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(w1, w2)
        np.testing.assert_array_equal(b1, b2)
    twin.add_example([1.0, 1.0], [0.1])
    assert len(mlp.examples[0]) == 1     # independent lists


def test_a_changed_sample_rate_survives_the_copy():
    n = nrcore.Neuron(1, output_cutoff=500.0)
    n.sample_rate = 96000
    twin = pickle.loads(pickle.dumps(n))
    assert twin.sample_rate == 96000.0
    x = np.random.default_rng(0).standard_normal((1, 300)).astype(np.float32)
    np.testing.assert_array_equal(twin.process(x), n.process(x))


def test_synth_pickles_by_model_name_not_by_model_file_contents():
    synth = nrcore.ImpactSynth("nsf_small", gain=0.5)
    data = pickle.dumps(synth)
    assert b"nsf_small" in data
    # No model tensor travels in the pickle: the model is loaded again (safetensors + JSON).
    assert len(data) < 200_000
    assert pickle.loads(data).get_param("gain") == 0.5


def test_unpickling_refuses_a_class_that_is_not_a_processor():
    from nrcore.processor import _rebuild

    with pytest.raises(TypeError, match="not an nrcore processor class"):
        _rebuild(dict, {}, {})
