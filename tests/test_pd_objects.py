"""The nrcore Pd objects in real Pd 0.53 (through the nrcore bridge): every object's output
recorded inside Pd equals the nrcore Python API's output for the same inputs and parameters,
and bad arguments or messages print a clear error while the patch keeps running."""
from __future__ import annotations

import numpy as np
import pytest

from nrcore.ann import MLP
from nrcore.learning import LearningNeuron, learning_demo_signals
from nrcore.network import DualNeuron, Network
from nrcore.neuron import Neuron
from nrcore.hosts.pd import OBJECTS
from nrcore.rack.engine import Rack
from nrcore.synthesis.runtime import ImpactSynth, example_curves
from nrcore.hosts.pd.help import Patch
from pdharness import (BLOCK, PD, SAMPLE_RATE, Recording, build_bridge, printed,
                       quit_patch, run_pd)
from test_rack_support import tiny_nsf

pytestmark = pytest.mark.skipif(PD is None, reason="Pure Data (pd) is not installed")

SR = float(SAMPLE_RATE)
N = BLOCK * 75  # 0.1 s
CHANGE = BLOCK * 30  # a message arrives before this sample (a block boundary)
MODES = [pytest.param({}, id="arrays"),
         pytest.param({"NRCORE_PY4PD_COMPAT": "1"}, id="py4pd-lists")]


@pytest.fixture(scope="module", autouse=True)
def bridge():
    return build_bridge()


def noise(rows, n=N, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    return (scale * rng.uniform(-1, 1, (rows, n))).astype(np.float32)


def in_two_parts(proc, x, change, **kwargs):
    """Process x[:, :change], apply the change (a callable), then the rest."""
    first = proc.process(x[:, :CHANGE], **{k: v[:, :CHANGE] for k, v in kwargs.items()})
    change(proc)
    second = proc.process(x[:, CHANGE:], **{k: v[:, CHANGE:] for k, v in kwargs.items()})
    return np.hstack([first, second])


def assert_same(pd_out, reference):
    assert pd_out.shape == reference.shape
    np.testing.assert_allclose(pd_out, reference, rtol=0, atol=1e-6)


@pytest.mark.parametrize("env", MODES)
def test_neuron_matches_the_python_api(tmp_path, env):
    x = noise(3)
    rec = Recording(tmp_path, ["nr.neuron~", 3, "-weights", 0.75, -0.5, 0.25, "-feedback", 0.5,
                               "-noise", 0.125, "-seed", 7, "-threshold", 0.25],
                    x, 2, control_inlet=3,
                    messages=[(0, "bias 0.125"), (CHANGE, "activation nlc, response 0.25")])
    out, run = rec.run(env=env)
    assert run.errors == []
    ref = Neuron(inputs=3, sample_rate=SR, weights=[0.75, -0.5, 0.25], feedback=0.5,
                 noise=0.125, seed=7, threshold=0.25)
    ref.bias = 0.125

    def change(n):
        n.activation = "nlc"
        n.response = 0.25

    assert_same(out, in_two_parts(ref, x, change))
    assert out[1].any() and set(np.unique(out[1])) <= {0.0, 1.0}  # the fire gate fired


@pytest.mark.parametrize("block, rate", [((256,), SR), ((64, 1, 2), 2 * SR)],
                         ids=["block-256", "upsampled-2x"])
def test_neuron_follows_block_size_and_sample_rate_of_its_subpatch(tmp_path, block, rate):
    """Under [block~ 256] the bridge hands 256-sample blocks; under [block~ 64 1 2] the
    subpatch runs at twice Pd's rate, and the object rebuilds its processor at that rate when
    DSP starts: the parameters it had (here a bias set after creation) become the new
    processor's initial values, without a smoothing ramp."""
    x = noise(3)
    rec = Recording(tmp_path, ["nr.neuron~", 3, "-feedback", 0.5, "-output_cutoff", 3000,
                               "-smoothing", 5], x, 2, control_inlet=3,
                    messages=[(0, "bias 0.25")], block=block)
    out, run = rec.run()
    assert run.errors == []
    ref = Neuron(inputs=3, sample_rate=rate, feedback=0.5, output_cutoff=3000.0,
                 smoothing=5.0)
    if rate == SR:
        ref.bias = 0.25        # set by message: ramps over the smoothing time
    else:
        ref = Neuron(inputs=3, sample_rate=rate, feedback=0.5, output_cutoff=3000.0,
                     smoothing=5.0, bias=0.25)
    assert_same(out, ref.process(x))


def test_neuron_with_signal_weights_matches_the_python_api(tmp_path):
    x = noise(2)
    w = noise(2, seed=1, scale=2.0)
    rec = Recording(tmp_path, ["nr.neuron~", 2, "-sigweights", "-activation", "softclip",
                               "-feedback", -0.25], np.vstack([x, w]), 2, control_inlet=4,
                    messages=[(CHANGE, "feedback_delay 5")])
    out, run = rec.run()
    assert run.errors == []
    ref = Neuron(inputs=2, sample_rate=SR, activation="softclip", feedback=-0.25)
    expected = in_two_parts(ref, x, lambda n: setattr(n, "feedback_delay", 5), weights=w)
    assert_same(out, expected)


@pytest.mark.parametrize("env", MODES)
def test_dualneuron_matches_the_python_api(tmp_path, env):
    joystick = noise(3, scale=0.5)
    rec = Recording(tmp_path, ["nr.dualneuron~", "-cross_feedback", 2, "-cutoff", 1500],
                    joystick, 2, control_inlet=3,
                    messages=[(CHANGE, "weights_at 0 1 0.5, coupling mutual, "
                                       "cross_feedback 3")])
    out, run = rec.run(env=env)
    assert run.errors == []
    ref = DualNeuron(sample_rate=SR, cross_feedback=2.0, cutoff=1500.0)

    def change(d):
        w = d.weights
        w[0, 1] = 0.5
        d.weights = w
        d.coupling = "mutual"
        d.cross_feedback = 3.0

    assert_same(out, in_two_parts(ref, joystick, change))


def test_net_matches_the_python_api(tmp_path):
    x = noise(2)
    recurrent = [0, 1.5, 0, 0, 0, 1.5, -1.5, 0, 0]
    rec = Recording(tmp_path, ["nr.net~", 3, 2, "-recurrent", *recurrent, "-cutoff", 800,
                               "-activation", "tanh", "sinefold", "relu"],
                    x, 3, control_inlet=2,
                    messages=[(CHANGE, "weights 0.5 -0.5 0.25 0.75 1 -1, bias_at 2 0.25")])
    out, run = rec.run()
    assert run.errors == []
    ref = Network(neurons=3, inputs=2, sample_rate=SR,
                  recurrent=np.reshape(recurrent, (3, 3)), cutoff=800.0,
                  activation=["tanh", "sinefold", "relu"])

    def change(net):
        net.weights = [[0.5, -0.5], [0.25, 0.75], [1, -1]]
        net.bias = [0.0, 0.0, 0.25]

    assert_same(out, in_two_parts(ref, x, change))


def test_free_running_net_without_inputs_matches_the_python_api(tmp_path):
    rec = Recording(tmp_path, ["nr.net~", 2, 0, "-recurrent", 0, 2, -2, 0, "-noise", 0.5,
                               "-cutoff", 2000],
                    np.zeros((0, N), np.float32), 2, control_inlet=0)
    out, run = rec.run()
    assert run.errors == []
    ref = Network(neurons=2, inputs=0, sample_rate=SR, recurrent=[[0, 2], [-2, 0]], noise=0.5,
                  cutoff=2000.0)
    assert_same(out, ref.process(N))
    assert np.abs(out).max() > 0.1


@pytest.mark.parametrize("env", MODES)
def test_learn_matches_the_python_api_and_reports_its_weights(tmp_path, env):
    signals, target = learning_demo_signals(SR, N / SR, reachable=True)
    block = np.vstack([signals, target[np.newaxis]])
    rec = Recording(tmp_path, ["nr.learn~", 3, "-mu", 0.5], block, 2, control_inlet=4,
                    data_outlets=[2],
                    messages=[(CHANGE, "algorithm lms, mu 0.25"), (N, "bang")])
    out, run = rec.run(env=env)
    assert run.errors == []
    ref = LearningNeuron(inputs=3, sample_rate=SR, mu=0.5)

    def change(learner):
        learner.algorithm = "lms"
        learner.mu = 0.25

    assert_same(out, in_two_parts(ref, block, change))
    reported = printed(run, "out2")
    assert len(reported) == 1
    expected = list(ref.current_weights) + [ref.current_bias]
    np.testing.assert_allclose(reported[0], expected, rtol=1e-5, atol=1e-6)  # [print]: %g


def test_learn_freeze_and_reset_messages(tmp_path):
    signals, target = learning_demo_signals(SR, N / SR, reachable=False)
    block = np.vstack([signals, target[np.newaxis]])
    rec = Recording(tmp_path, ["nr.learn~", 3, "-mu", 1], block, 2, control_inlet=4,
                    messages=[(CHANGE, "freeze 1, reset")])
    out, run = rec.run()
    assert run.errors == []
    ref = LearningNeuron(inputs=3, sample_rate=SR, mu=1.0)

    def change(learner):
        learner.freeze = True
        learner.reset()

    assert_same(out, in_two_parts(ref, block, change))


def test_ann_frames_match_the_python_api(tmp_path):
    frames = np.random.default_rng(3).uniform(-1, 1, (12, 2)).round(3)
    p = Patch()
    p.declare("-lib", "nrcore")
    load = p.obj(10, 10, "loadbang")
    trig = p.obj(10, 40, "t", "b", "b")
    feed = p.msg(10, 80, ", ".join(" ".join(f"{v:g}" for v in f) for f in frames))
    ann = p.obj(10, 120, "nr.ann", 2, 5, 3, "-seed", 4, "-feedback", 0.75,
                "-output_activation", "tanh")
    split = p.obj(10, 150, "t", "l", "b")
    count = p.obj(100, 180, "f")
    step = p.obj(140, 180, "+", 3)
    setter = p.obj(10, 210, "array", "set", "annout")
    p.array("annout", frames.shape[0] * 3, 400, 10)
    write = p.msg(10, 250, f"write -wave -bytes 4 {tmp_path / 'ann.wav'} annout")
    writer = p.obj(10, 280, "soundfiler")
    quit_ = p.msg(10, 310, "; pd quit 0")
    p.connect(load, 0, trig, 0)
    p.connect(trig, 1, feed, 0)
    p.connect(feed, 0, ann, 0)
    p.connect(ann, 0, split, 0)
    p.connect(split, 1, count, 0)     # onset of this frame, then advance it
    p.connect(count, 0, step, 0)
    p.connect(step, 0, count, 1)
    p.connect(count, 0, setter, 1)
    p.connect(split, 0, setter, 0)
    p.connect(trig, 0, write, 0)
    p.connect(write, 0, writer, 0)
    p.connect(writer, 0, quit_, 0)
    run = run_pd(p, tmp_path)
    assert run.errors == []
    import soundfile

    recorded, _ = soundfile.read(tmp_path / "ann.wav", dtype="float32")
    ref = MLP(sizes=(2, 5, 3), seed=4, feedback=0.75, output_activation="tanh")
    expected = np.stack([ref.process_frame(np.float32(f)) for f in frames]).ravel()
    np.testing.assert_allclose(recorded, expected, rtol=0, atol=1e-6)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A small Sinc-NSF model file (random weights) for the synth and the rack."""
    return tiny_nsf(tmp_path_factory.mktemp("pd_models"), 0)


def blocks(proc, x, n, events=()):
    """Run ``proc`` over n samples in Pd's 64-sample blocks; ``events``: (sample, callable)
    applied before the block starting at that sample. ``x``: rows or None (count only)."""
    pending = dict(events)
    out = []
    for start in range(0, n, BLOCK):
        if start in pending:
            pending.pop(start)(proc)
        out.append(proc.process(BLOCK if x is None else x[:, start:start + BLOCK]))
    return np.hstack(out)


def test_rack_matches_the_python_api(tmp_path, tiny_model):
    volts = np.zeros((6, N), np.float32)
    volts[0, 100:2000] = 5.0       # gate 1 rises at sample 100
    volts[0, 3000:] = 5.0          # and again
    volts[2] = 1.5                 # CV1: part-way from F1 to F2
    volts[4] = -1.0                # CV3: a little quieter and narrower
    rec = Recording(tmp_path, ["nr.rack~", "-model", str(tiny_model), "-volume", 0.5], volts,
                    1, control_inlet=6, messages=[(CHANGE, "trigger, transient_range 2")])
    out, run = rec.run()
    assert run.errors == []
    ref = Rack(str(tiny_model), sample_rate=SR, volume=0.5)

    def change(rack):
        rack.trigger()
        rack.transient_range = 2.0

    assert_same(out, blocks(ref, volts, N, [(CHANGE, change)]))
    assert np.abs(out[:, 100:]).max() > 0.01 and not out[:, :100].any()


def test_synth_matches_the_python_api(tmp_path, tiny_model):
    rec = Recording(tmp_path, ["nr.synth~", "-model", str(tiny_model), "-gain", 0.5],
                    np.zeros((0, N), np.float32), 1, control_inlet=0,
                    messages=[(0, "trigger snare"), (CHANGE, "trigger kick 0.5, transpose 3")])
    out, run = rec.run()
    assert run.errors == []
    ref = ImpactSynth(str(tiny_model), sample_rate=SR, gain=0.5)
    ref.trigger(example_curves("snare"), 1.0)

    def change(synth):
        synth.trigger(example_curves("kick"), 0.5)
        synth.transpose = 3.0

    assert_same(out, blocks(ref, None, N, [(CHANGE, change)]))
    assert np.abs(out).max() > 0.01


def model_arguments(cls, model):
    return ["-model", str(model)] if cls.name in ("nr.rack~", "nr.synth~") else []


def test_every_object_instantiates_from_a_patch_file(tmp_path, tiny_model):
    p = quit_patch(20)
    p.declare("-lib", "nrcore")
    for k, cls in enumerate(OBJECTS.values()):
        extra = model_arguments(cls, tiny_model)
        p.obj(200, 20 + 40 * k, cls.name, *extra)
        p.obj(400, 20 + 40 * k, cls.name, *cls.help_arguments, *extra)
    run = run_pd(p, tmp_path)
    assert run.returncode == 0
    assert run.errors == []
    assert "couldn't create" not in run.output


@pytest.mark.parametrize("creation, problem", [
    (["nr.neuron~", 0], "[nr.neuron~] argument inputs must be an integer in [1, 64], got 0"),
    (["nr.neuron~", 3, "-colour", "red"], "[nr.neuron~] unknown flag -colour; known:"),
    (["nr.neuron~", 3, "-bias", 1000],
     "[nr.neuron~] bias: 1000 is above the maximum; allowed: [-100, 100]"),
    (["nr.neuron~", 3, "-activation", "wobbly"],
     "[nr.neuron~] activation: 'wobbly' is not a known name; allowed: one of linear, tanh"),
    (["nr.neuron~", 2, 3, 4], "[nr.neuron~] too many arguments (3 4); takes inputs"),
    (["nr.net~", 2, 2, "-weights", 1, 2, 3],
     "[nr.net~] weights: expected 4 values (2 rows x 2 columns"),
    (["nr.learn~", 3, "-report", -5], "[nr.learn~] report -5 is outside [0, 1e+06] ms"),
    (["nr.ann", 3], "[nr.ann] give at least two layer sizes"),
    (["nr.rack~", "-model", "nonexistent"],
     "[nr.rack~] model: no model 'nonexistent'; allowed: a shipped model (nsf_small)"),
])
def test_bad_creation_arguments_print_the_problem_and_the_patch_runs_on(tmp_path, creation,
                                                                         problem):
    p = quit_patch(20)
    p.declare("-lib", "nrcore")
    p.obj(300, 10, *creation)
    alive = p.obj(300, 50, "loadbang")
    show = p.obj(300, 80, "print", "alive")
    p.connect(alive, 0, show, 0)
    run = run_pd(p, tmp_path)
    assert run.returncode == 0
    # one line naming the object, the problem and the allowed values; no traceback
    assert "error: " + problem in run.output
    assert "Traceback" not in run.output and "ValueError" not in run.output
    assert "couldn't create" in run.output
    assert "alive: bang" in run.output


def test_bad_messages_print_the_problem_and_keep_the_previous_values(tmp_path):
    x = noise(3)
    bad = ["bias 1000", "activation wobbly", "weights 1 2", "weights_at 5 1", "nosuch 1",
           "feedback", "seed -3", "bias a"]
    rec = Recording(tmp_path, ["nr.neuron~", 3, "-bias", 0.25], x, 2, control_inlet=3,
                    messages=[(CHANGE, ", ".join(bad))])
    out, run = rec.run()
    assert run.returncode == 0
    for problem in ["bias: 1000 is above the maximum; allowed: [-100, 100]",
                    "activation: 'wobbly' is not a known name",
                    "weights: expected 3 values (one per input), got 2",
                    "weights_at: index [5] is outside the shape (3,)",
                    "unknown message 'nosuch'; known: weights, bias, activation",
                    "feedback: needs a value",
                    "seed: -3 is below the minimum",
                    "bias: 'a' is not a number"]:
        assert problem in run.output, problem
    assert len(run.errors) == len(bad)
    # nothing changed: the whole signal is what the creation arguments alone give
    assert_same(out, Neuron(inputs=3, sample_rate=SR, bias=0.25).process(x))


def test_inner_signal_inlets_refuse_messages_with_pd_s_own_error(tmp_path):
    p = quit_patch(20)
    p.declare("-lib", "nrcore")
    obj = p.obj(300, 100, "nr.neuron~", 2)
    box = p.msg(300, 50, "bias 0.5")
    load = p.obj(300, 10, "loadbang")
    p.connect(load, 0, box, 0)
    p.connect(box, 0, obj, 1)
    run = run_pd(p, tmp_path)
    assert run.returncode == 0
    assert "inlet: expected 'signal' but got 'bias'" in run.output


@pytest.mark.parametrize("creation, inputs, control", [
    (["nr.neuron~", 3, "-feedback", 0.5], 3, 3),
    (["nr.learn~", 3], 4, 4),
])
def test_messages_on_the_leftmost_inlet_act_as_on_the_rightmost(tmp_path, creation, inputs,
                                                               control):
    """Vanilla signal objects take messages on their leftmost inlet; nrcore's objects take
    them on both (the rightmost stays for py4pd and old patches)."""
    x = noise(inputs)
    messages = [(0, "bias 0.125"), (CHANGE, "activation relu, reset")]
    outs = []
    for inlet in (0, control):
        work = tmp_path / f"inlet{inlet}"
        work.mkdir()
        rec = Recording(work, creation, x, 2, control_inlet=inlet, messages=messages)
        out, run = rec.run()
        assert run.errors == []
        outs.append(out)
    np.testing.assert_array_equal(outs[0], outs[1])
    plain = Recording(tmp_path, creation, x, 2).run()[0]
    assert not np.array_equal(outs[0], plain)  # the messages did act


def test_descriptors_frames_match_the_python_api(tmp_path):
    n = 48 * 512  # 24576 samples: 45 complete frames
    t = np.arange(n) / SR
    signal = (0.5 * np.sin(2 * np.pi * 220 * t) * np.linspace(0, 1, n)
              + 0.05 * noise(1, n)[0]).astype(np.float32)[np.newaxis]
    rec = Recording(tmp_path, ["nr.descriptors~"], signal, 0, control_inlet=1,
                    extra_arrays=["desc"])
    p = rec.patch()
    # each list goes into the array "desc" at 7 x its frame number
    split = p.obj(10, 330, "t", "l", "b")
    count = p.obj(100, 360, "f")
    step = p.obj(140, 360, "+", 7)
    setter = p.obj(10, 390, "array", "set", "desc")
    p.array("desc", 7 * 64, 700, 500)
    p.connect(rec.handles["object"], 0, split, 0)
    p.connect(split, 1, count, 0)
    p.connect(count, 0, step, 0)
    p.connect(step, 0, count, 1)
    p.connect(count, 0, setter, 1)
    p.connect(split, 0, setter, 0)
    import soundfile

    soundfile.write(tmp_path / "in.wav", signal.T, SAMPLE_RATE, subtype="FLOAT")
    run = run_pd(p, tmp_path)
    assert run.errors == []
    recorded, _ = soundfile.read(tmp_path / "out.wav", dtype="float32")
    from nrcore.descriptors import StreamingDescriptors

    expected = StreamingDescriptors(SR).process(signal[0])
    frames = expected.shape[1]
    assert frames >= 40
    got = recorded[:7 * frames].reshape(frames, 7).T
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


ANN_TRAINING = """#N canvas 0 50 450 300 12;
#X declare -lib nrcore;
#X obj 10 10 loadbang;
#X obj 10 40 t b b;
#X msg 10 70 \\; {r} add 0 0 0.1 0.5 0.9 \\; {r} add 1 1 0.9 0.5 0.1 \\; {r} train 1000000;
#X obj 200 70 delay 20;
#X msg 200 100 {then};
#N canvas 0 50 300 200 sub 0;
#X obj 10 10 r {r};
#X obj 10 40 nr.ann 2 64 64 3;
#X connect 0 0 1 0;
#X restore 10 200 pd sub;
#X connect 0 0 1 0;
#X connect 1 0 3 0;
#X connect 1 1 2 0;
#X connect 3 0 4 0;
"""


@pytest.mark.parametrize("then", ["\\; pd quit 0", "\\; pd-sub clear \\; pd quit 0"])
def test_quitting_pd_or_deleting_an_ann_while_it_trains_ends_cleanly(tmp_path, then):
    """A long training runs on a thread inside numpy; Pd's exit unloads numpy's libraries.
    Before the bridge ran Python's exit functions (which stop the training) Pd crashed on 7
    of 10 such quits; deleting the object stops its training first (nr_free)."""
    build_bridge()
    path = tmp_path / "main.pd"
    path.write_text(ANN_TRAINING.format(r="anntrain", then=then))
    for _ in range(3):
        run = run_pd(path, tmp_path)
        assert run.returncode == 0, run.output
        assert run.errors == [], run.output


def test_a_background_training_stops_when_asked():
    from nrcore.hosts.pd.ann import _Training

    mlp = MLP(sizes=(2, 64, 64, 3), seed=1)
    mlp.add_example([0, 0], [0.1, 0.5, 0.9])
    training = _Training(mlp, 1_000_000, 0.01)
    assert training.thread.is_alive()
    training.stop()
    assert not training.thread.is_alive()
    assert training.weights is None        # the result of a cancelled fit is not kept
