"""The bridge's direct block path in real Pd: for every audio-rate object whose kernel hands
the bridge a block function (``direct_block()``), the samples recorded in Pd are bit for bit
those of the Python ``perform`` path (``NRCORE_PD_PERFORM=1``), and both equal the Python API."""
from __future__ import annotations

import numpy as np
import pytest

from nrcore.hosts.pd import OBJECTS
from nrcore.learning import LearningNeuron, learning_demo_signals
from nrcore.network import DualNeuron, Network
from nrcore.neuron import Neuron
from pdharness import BLOCK, PD, SAMPLE_RATE, Recording, build_bridge

pytestmark = pytest.mark.skipif(PD is None, reason="Pure Data (pd) is not installed")

SR = float(SAMPLE_RATE)
N = BLOCK * 40
CHANGE = BLOCK * 17
DIRECT_LINE = "direct block path"


@pytest.fixture(scope="module", autouse=True)
def bridge():
    return build_bridge()


def noise(rows, seed=0, scale=1.0):
    return (scale * np.random.default_rng(seed).uniform(-1, 1, (rows, N))).astype(np.float32)


def learn_block():
    signals, target = learning_demo_signals(SR, N / SR, reachable=True)
    return np.vstack([signals, target[np.newaxis]]).astype(np.float32)


# (creation, inputs, signal outlets, control inlet, message at CHANGE, reference processor,
#  the same change on the reference, keyword rows for the reference's process)
CASES = {
    "neuron": (["nr.neuron~", 3, "-weights", 0.75, -0.5, 0.25, "-feedback", 0.5, "-noise",
                0.125, "-threshold", 0.25], noise(3), 2, 3, "activation nlc, feedback_delay 7",
               lambda: Neuron(inputs=3, sample_rate=SR, weights=[0.75, -0.5, 0.25],
                              feedback=0.5, noise=0.125, threshold=0.25),
               lambda p: (setattr(p, "activation", "nlc"), setattr(p, "feedback_delay", 7))),
    "neuron-sigweights": (["nr.neuron~", 2, "-sigweights", "-feedback", -0.25],
                          np.vstack([noise(2), noise(2, seed=1, scale=2.0)]), 2, 4,
                          "bias 0.25", None, None),
    "dualneuron": (["nr.dualneuron~", "-cross_feedback", 3], noise(3, scale=0.5), 2, 3,
                   "coupling mutual, weights_at 0 1 0.5",
                   lambda: DualNeuron(sample_rate=SR, cross_feedback=3.0),
                   lambda p: (setattr(p, "coupling", "mutual"), _set_at(p, "weights", (0, 1),
                                                                        0.5))),
    "net": (["nr.net~", 3, 2, "-recurrent", 0, 1.5, 0, 0, 0, 1.5, -1.5, 0, 0, "-cutoff", 800],
            noise(2), 3, 2, "bias_at 2 0.25",
            lambda: Network(neurons=3, inputs=2, sample_rate=SR, cutoff=800.0,
                            recurrent=[[0, 1.5, 0], [0, 0, 1.5], [-1.5, 0, 0]]),
            lambda p: _set_at(p, "bias", (2,), 0.25)),
    "learn": (["nr.learn~", 3, "-mu", 0.5], learn_block(), 2, 4, "algorithm lms, mu 0.25",
              lambda: LearningNeuron(inputs=3, sample_rate=SR, mu=0.5),
              lambda p: (setattr(p, "algorithm", "lms"), setattr(p, "mu", 0.25))),
}


def _set_at(proc, name, index, value):
    array = np.array(getattr(proc, name), dtype=np.float64)
    array[index] = value
    setattr(proc, name, array)


def _has_capsule(creation):
    cls = OBJECTS[creation[0]]
    return hasattr(cls.processor_class(), "block_capsule")


@pytest.mark.parametrize("case", sorted(CASES))
def test_direct_path_gives_the_samples_of_perform_and_of_the_python_api(tmp_path, case):
    creation, x, outlets, control, message, make_ref, change = CASES[case]
    runs = {}
    for mode, env in (("direct", {}), ("perform", {"NRCORE_PD_PERFORM": "1"})):
        work = tmp_path / mode
        work.mkdir()
        rec = Recording(work, creation, x, outlets, control_inlet=control,
                        messages=[(CHANGE, message)])
        out, run = rec.run(env=env)
        assert run.errors == [], run.output
        runs[mode] = (out, run)
    direct, perform = runs["direct"][0], runs["perform"][0]
    # the direct path is taken wherever the kernel offers one, and never when told not to
    assert (DIRECT_LINE in runs["direct"][1].output) == _has_capsule(creation)
    assert DIRECT_LINE not in runs["perform"][1].output
    assert "shape changed" not in runs["direct"][1].output  # it stayed direct throughout
    assert direct.shape == (outlets, N)
    np.testing.assert_array_equal(direct, perform)
    assert np.abs(direct).max() > 0.01
    if make_ref is not None:
        ref = make_ref()
        first = ref.process(x[:, :CHANGE])
        change(ref)
        expected = np.hstack([first, ref.process(x[:, CHANGE:])])
        np.testing.assert_allclose(direct, expected, rtol=0, atol=1e-6)


def test_the_neuron_has_a_direct_path():
    # the goal of the direct path: [nr.neuron~] costs no Python call per block
    assert _has_capsule(["nr.neuron~"])


def test_direct_path_with_and_without_copying_the_inlets(tmp_path):
    """Pd reuses signal vectors: when an inlet's vector is free once the object has read it,
    Pd may give it to an outlet, and the bridge copies the inlets first; when the inputs are
    still read after the object (here by a [+~] that also takes its output), nothing is
    copied. Both give the Python API's samples."""
    import soundfile

    from pdharness import run_pd

    creation, x, outlets, _, _, make_ref, _ = CASES["neuron"]
    expected = make_ref().process(x)
    lines = {}
    for shared in (False, True):
        work = tmp_path / f"shared{int(shared)}"
        work.mkdir()
        rec = Recording(work, creation, x, outlets)
        patch = rec.patch()
        if shared:
            for k, player in enumerate(rec.handles["players"]):
                keep = patch.obj(600, 400 + 30 * k, "+~")
                patch.connect(player, 0, keep, 0)
                patch.connect(rec.handles["object"], 0, keep, 1)
        soundfile.write(work / "in.wav", x.T, SAMPLE_RATE, subtype="FLOAT")
        run = run_pd(patch, work)
        assert run.errors == [], run.output
        out, _ = soundfile.read(work / "out.wav", dtype="float32", always_2d=True)
        np.testing.assert_allclose(out.T, expected, rtol=0, atol=1e-6)
        lines[shared] = [line for line in run.output.splitlines() if DIRECT_LINE in line]
    assert lines[False] == ["verbose(3): [nr.neuron~] direct block path (inlets copied)"]
    assert lines[True] == ["verbose(3): [nr.neuron~] direct block path"]
