"""What a Pd musician meets in real Pd 0.53 (through the nrcore bridge): training in the
background, values typed at a range's bound, one-line errors for every kind of mistake, and
deleting a running object."""
from __future__ import annotations

import gc
import sys
import types
import weakref

import numpy as np
import pytest

from nrcore.ann import MLP
from nrcore.hosts.pd.help import Patch
from pdharness import PD, build_bridge, printed, quit_patch, run_pd
from test_rack_support import tiny_nsf

pytestmark = pytest.mark.skipif(PD is None, reason="Pure Data (pd) is not installed")


@pytest.fixture(scope="module", autouse=True)
def bridge():
    return build_bridge()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A small Sinc-NSF model file (random weights) for the synth and the rack."""
    return tiny_nsf(tmp_path_factory.mktemp("pd_models"), 0)


def with_model(creation, request):
    """The creation arguments, with a model file for the objects that load one."""
    if creation[0] in ("nr.rack~", "nr.synth~"):
        return [*creation, "-model", str(request.getfixturevalue("tiny_model"))]
    return creation


def test_ann_trains_in_the_background_and_sends_the_loss(tmp_path):
    """``train`` returns at once: Pd keeps running (a metro keeps the network answering)
    while a thread trains a copy; the new weights load on Pd's thread and the right outlet
    sends the final loss, the one the Python API gives."""
    p = Patch()
    p.declare("-lib", "nrcore")
    load = p.obj(10, 10, "loadbang")
    teach = p.msg(10, 40, "add 0 0 0.1 0.5 0.9, add 1 1 0.9 0.5 0.1, add 0 1 0.5 0.5 0.5, "
                          "train 100 0.01")
    ann = p.obj(10, 200, "nr.ann", 2, 8, 3, "-seed", 5)
    ticker = p.obj(300, 40, "metro", 1)
    frame = p.msg(300, 70, "0.25 0.75")
    count = p.obj(300, 250, "f")
    step = p.obj(340, 280, "+", 1)
    outputs = p.obj(300, 230, "t", "b")
    done = p.obj(10, 240, "t", "b", "b", "b", "b", "f", "b")
    stop = p.msg(120, 270, "stop")
    loss = p.obj(10, 300, "print", "trained")
    ticks = p.obj(300, 320, "print", "frames-while-training")
    after = p.msg(10, 330, "0.25 0.75")
    result = p.obj(10, 400, "print", "after")
    quit_ = p.msg(150, 400, "; pd quit 0")
    gate = p.obj(10, 370, "spigot")
    open_ = p.msg(80, 340, "1")
    p.connect(load, 0, teach, 0)
    p.connect(load, 0, ticker, 0)
    p.connect(teach, 0, ann, 0)
    p.connect(ticker, 0, frame, 0)
    p.connect(frame, 0, ann, 0)
    p.connect(ann, 0, outputs, 0)
    p.connect(outputs, 0, count, 0)
    p.connect(count, 0, step, 0)
    p.connect(step, 0, count, 1)
    p.connect(ann, 0, gate, 0)
    p.connect(gate, 0, result, 0)
    p.connect(ann, 1, done, 0)
    p.connect(done, 5, stop, 0)       # right to left: stop the metro,
    p.connect(stop, 0, ticker, 0)
    p.connect(done, 4, loss, 0)       # print the loss,
    p.connect(done, 3, count, 0)      # how many frames were answered meanwhile,
    p.connect(count, 0, ticks, 0)
    p.connect(done, 2, open_, 0)      # then one frame through the trained weights,
    p.connect(open_, 0, gate, 1)
    p.connect(done, 1, after, 0)
    p.connect(after, 0, ann, 0)
    p.connect(done, 0, quit_, 0)      # and quit
    run = run_pd(p, tmp_path, timeout=120)
    assert run.returncode == 0, run.output
    assert run.errors == [], run.output
    ref = MLP(sizes=(2, 8, 3), seed=5)
    for example in ((0, 0, 0.1, 0.5, 0.9), (1, 1, 0.9, 0.5, 0.1), (0, 1, 0.5, 0.5, 0.5)):
        ref.add_example(example[:2], example[2:])
    losses = ref.fit(epochs=100, learning_rate=np.float32(0.01))
    [[reported]] = printed(run, "trained")
    np.testing.assert_allclose(reported, losses[-1], rtol=1e-4)
    assert reported < losses[0] / 2
    # Pd was never blocked: the metro kept the network answering while it trained
    frames = printed(run, "frames-while-training")
    assert frames[-1][0] > 1
    # afterwards the object plays the trained weights
    [after_values] = printed(run, "after")
    np.testing.assert_allclose(after_values, ref.process_frame([0.25, 0.75]), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("creation, message", [
    (["nr.rack~"], "variation_max 0.2"),
    (["nr.rack~"], "gate_hysteresis 2.4"),
    (["nr.learn~", 3], "eps 1e-09"),
])
def test_a_value_typed_at_a_bound_is_accepted(tmp_path, request, creation, message):
    """Pd keeps numbers as float32: 0.2 arrives as 0.200000003, which is the bound."""
    p = quit_patch(20)
    p.declare("-lib", "nrcore")
    obj = p.obj(300, 100, *with_model(creation, request))
    box = p.msg(300, 50, f"{message}, print")
    load = p.obj(300, 10, "loadbang")
    p.connect(load, 0, box, 0)
    p.connect(box, 0, obj, 0)  # the leftmost inlet
    run = run_pd(p, tmp_path)
    assert run.errors == [], run.output
    name, value = message.split()
    assert f"{creation[0]}: {name} {float(value):g}" in run.output


def test_a_value_beyond_the_bound_is_still_refused(tmp_path, tiny_model):
    p = quit_patch(20)
    p.declare("-lib", "nrcore")
    obj = p.obj(300, 100, "nr.rack~", "-model", str(tiny_model))
    box = p.msg(300, 50, "variation_max 0.2001")
    load = p.obj(300, 10, "loadbang")
    p.connect(load, 0, box, 0)
    p.connect(box, 0, obj, 6)
    run = run_pd(p, tmp_path)
    assert run.errors == ["error: [nr.rack~] variation_max: 0.2001 is above the maximum; "
                          "allowed: [0, 0.2]"], run.output


# Every kind of user mistake, per object: (creation, message, the one line it must print)
MISTAKES = [
    (["nr.neuron~", 3], "bias a", "[nr.neuron~] bias: 'a' is not a number; allowed: [-100, 100]"),
    (["nr.neuron~", 3], "seed a", "[nr.neuron~] seed: 'a' is not a number; allowed: [0, "),
    (["nr.neuron~", 3], "wobble 1", "[nr.neuron~] unknown message 'wobble'; known: weights"),
    (["nr.neuron~", 3], "weights_at a 1", "[nr.neuron~] weights_at: expected index value"),
    (["nr.net~", 2, 2], "weights 1 2 3", "[nr.net~] weights: expected 4 values (2 rows x 2 "
                                         "columns, row by row) or one value for all, got 3"),
    (["nr.learn~", 3], "report -1", "[nr.learn~] report: expected one interval in ms >= 0"),
    (["nr.ann", 2, 3, 1], "1 2 3", "[nr.ann] list: expected 2 inputs (numbers), got 1 2 3"),
    (["nr.ann", 2, 3, 1], "train", "[nr.ann] train: no examples; record some with add"),
    (["nr.ann", 2, 3, 1], "randomize a", "[nr.ann] randomize: expected [seed], seed an "
                                         "integer in [0, 4294967295]"),
    (["nr.ann", 2, 3, 1], "read nosuchfile.json", "[nr.ann] read: cannot read "),
    (["nr.ann", 2, 3, 1], "add 1 2", "[nr.ann] add: expected 2 inputs then 1 outputs"),
    (["nr.rack~"], "model nonexistent", "[nr.rack~] model: no model 'nonexistent'; allowed: a "
                                        "shipped model (nsf_small) or the path stem"),
    (["nr.rack~"], "interpolation latent", "[nr.rack~] interpolation: 'latent' needs a "
                                           "descriptor VAE: create the object with -vae"),
    (["nr.rack~"], "preset f1 nosuch.json", "[nr.rack~] preset: cannot read "),
    (["nr.rack~"], "preset f3 x.json", "[nr.rack~] preset: expected f1 or f2, then a JSON "
                                       "or TOML file"),
    (["nr.synth~"], "trigger gong", "[nr.synth~] trigger: expected [kind [velocity]] with "
                                    "kind one of kick, tom"),
    (["nr.synth~"], "trigger kick loud", "[nr.synth~] trigger: expected [kind [velocity]]"),
    (["nr.descriptors~"], "hop 3", "[nr.descriptors~] unknown message 'hop'; known: flush, "
                                   "reset, print"),
]


def test_every_mistake_is_one_line_naming_the_object_and_the_allowed_values(tmp_path,
                                                                             request):
    """All the mistakes in one Pd run, one fresh object each, in turn (a [t b b ...] fires
    them right to left): each prints exactly its own line, in order, and nothing else."""
    p = quit_patch(20)
    p.declare("-lib", "nrcore")
    load = p.obj(10, 10, "loadbang")
    fire = p.obj(10, 40, "t", *(["b"] * len(MISTAKES)))
    p.connect(load, 0, fire, 0)
    for k, (creation, message, _) in enumerate(MISTAKES):
        obj = p.obj(300, 100 + 60 * k, *with_model(creation, request))
        box = p.msg(300, 70 + 60 * k, message)
        p.connect(fire, len(MISTAKES) - 1 - k, box, 0)
        p.connect(box, 0, obj, 0)  # the leftmost inlet takes messages
    run = run_pd(p, tmp_path)
    assert run.returncode == 0
    assert "Traceback" not in run.output and "Error:" not in run.output
    assert len(run.errors) == len(MISTAKES), run.output
    for printed_line, (_, message, line) in zip(run.errors, MISTAKES):
        assert printed_line.startswith("error: " + line), (message, printed_line)


def test_a_model_that_fails_to_load_is_reported_and_the_old_one_plays_on(tmp_path, tiny_model):
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "broken.safetensors").write_bytes(b"")
    p = quit_patch(300)
    p.declare("-lib", "nrcore")
    obj = p.obj(300, 100, "nr.rack~", "-model", str(tiny_model))
    box = p.msg(300, 50, f"model {tmp_path / 'broken'}")
    load = p.obj(300, 10, "loadbang")
    p.connect(load, 0, box, 0)
    p.connect(box, 0, obj, 6)
    run = run_pd(p, tmp_path, batch=False)
    assert run.returncode == 0
    assert len(run.errors) == 1, run.output
    assert run.errors[0].startswith(f"error: [nr.rack~] model: cannot load {tmp_path}/broken"), \
        run.output
    assert run.errors[0].endswith("the old model keeps playing")


def test_deleting_a_running_learner_with_a_report_clock_is_safe(tmp_path):
    """A running ``[nr.learn~ 3 -report 10]`` deleted while its clock is set: Pd carries on
    and nothing calls into the deleted object."""
    inner = Patch()
    learner = inner.obj(10, 40, "nr.learn~", 3, "-report", 10)
    show = inner.obj(10, 80, "print", "weights")
    src = inner.obj(10, 10, "osc~", 220)
    inner.connect(src, 0, learner, 0)
    inner.connect(learner, 2, show, 0)
    p = Patch()
    p.declare("-lib", "nrcore")
    p.subpatch(10, 200, "sub", inner)
    load = p.obj(10, 10, "loadbang")
    dsp = p.msg(10, 40, "; pd dsp 1")
    wait = p.obj(200, 40, "delay", 55)
    delete = p.msg(200, 70, "; pd-sub clear")
    later = p.obj(200, 100, "delay", 200)
    alive = p.msg(200, 130, "alive")
    say = p.obj(200, 160, "print", "after")
    quit_ = p.msg(300, 160, "; pd quit 0")
    p.connect(load, 0, dsp, 0)
    p.connect(load, 0, wait, 0)
    p.connect(wait, 0, delete, 0)
    p.connect(wait, 0, later, 0)
    p.connect(later, 0, alive, 0)
    p.connect(alive, 0, say, 0)
    p.connect(later, 0, quit_, 0)
    run = run_pd(p, tmp_path)
    assert run.returncode == 0, run.output
    assert run.errors == [], run.output
    reports = printed(run, "weights")
    assert 4 <= len(reports) <= 6  # every 10 ms until deleted at 55 ms
    assert run.output.rstrip().endswith("after: alive")


class _Clock:
    def __init__(self, callback):
        self.callback = callback

    def delay(self, ms):
        pass

    def unset(self):
        pass


def test_clock_callbacks_do_not_keep_the_object_alive(monkeypatch, tiny_model):
    """py4pd never attaches a clock to its owner (and frees the Python object when Pd deletes
    it): the object must not be kept alive by its own clock's callback. A stand-in for py4pd's
    module (py4pd cannot run on this Pd 0.53) records the callbacks."""
    clocks = []
    host = types.ModuleType("puredata")
    host.SIGNAL, host.DATA, host.FLOAT, host.LIST = "signal", "anything", 1, 3
    host.get_sample_rate = lambda: 48000.0
    host.new_clock = lambda owner, callback: clocks.append(_Clock(callback)) or clocks[-1]
    monkeypatch.setitem(sys.modules, "puredata", host)
    from nrcore.hosts.pd import DescriptorsObject, LearnObject, RackObject
    from nrcore.hosts.pd.ann import AnnObject

    for cls, args in ((LearnObject, [3, "-report", 10]), (DescriptorsObject, []),
                      (AnnObject, [2, 3, 1]), (RackObject, ["-model", str(tiny_model)])):
        obj = cls(args)
        assert clocks and clocks[-1].callback.__name__.startswith("_nr_")
        ref = weakref.ref(obj)
        was = gc.isenabled()
        gc.disable()  # freed by reference counting alone: no cycle through the clock
        try:
            del obj
            assert ref() is None, cls.name
        finally:
            if was:
                gc.enable()
        clocks[-1].callback()  # a late tick finds no object and does nothing


def test_the_comparator_does_what_its_documentation_says():
    """threshold/hysteresis help: the gate opens above threshold + hysteresis/2 and closes
    below threshold - hysteresis/2 (a Schmitt trigger centred on the threshold)."""
    from nrcore.neuron import Neuron

    help_text = Neuron.param("threshold").help
    assert "threshold + hysteresis/2" in help_text and "threshold - hysteresis/2" in help_text
    n = 4000
    ramp = np.concatenate([np.linspace(-1, 1, n), np.linspace(1, -1, n)]).astype(np.float32)
    neuron = Neuron(inputs=1, weights=[1.0], activation="linear", threshold=0.2,
                    hysteresis=0.3, smoothing=0.0)
    y, fire = neuron.process(ramp[np.newaxis])
    opened = np.flatnonzero(np.diff(fire) > 0)[0] + 1
    closed = np.flatnonzero(np.diff(fire) < 0)[0] + 1
    assert y[opened] > 0.35 >= y[opened - 1]
    assert y[closed] < 0.05 <= y[closed - 1]


def test_the_dual_neuron_help_and_its_parameter_give_the_same_ranges():
    from nrcore.hosts.pd import DualNeuronObject

    ranges = DualNeuronObject.processor_class().param("cross_feedback").help
    assert "< 1 static, 1.25-2.5 a tone, >= 3 chaos" in ranges
    assert "Below 1 the outputs follow the joystick, 1.25 to 2.5 they sing a tone, from 3 " \
           "they turn chaotic" in DualNeuronObject.description
