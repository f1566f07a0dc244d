"""The nrcore bridge (pd/src/nrcore.c) in real Pd 0.53: loading .pd_py files, the py4pd API
subset, perform() data paths, and that Python failures never take Pd down."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nrcore.hosts.pd.help import Patch
from pdharness import BLOCK, PD, PD_DIR, Recording, build_bridge, printed, quit_patch, run_pd

pytestmark = pytest.mark.skipif(PD is None, reason="Pure Data (pd) is not installed")

FIXTURES = Path(__file__).resolve().parent / "pd_fixtures"
PATHS = (PD_DIR, FIXTURES)


@pytest.fixture(scope="module", autouse=True)
def bridge():
    return build_bridge()


def lib_recording(tmp_path, creation, inputs, outlets, **kwargs):
    rec = Recording(tmp_path, creation, inputs, outlets, **kwargs)
    patch = rec.patch()
    patch.declares.append("-lib bridgetest")
    return rec, patch


def run_recording(rec, patch, **kwargs):
    import soundfile

    soundfile.write(rec.workdir / "in.wav", rec.inputs.T, 48000, subtype="FLOAT")
    run = run_pd(patch, rec.workdir, paths=PATHS, **kwargs)
    data, _ = soundfile.read(rec.workdir / "out.wav", dtype="float32", always_2d=True)
    return np.ascontiguousarray(data.T), run


def signals(rows, n=BLOCK * 20, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, (rows, n)).astype(np.float32)


def test_perform_gets_one_float32_array_and_outputs_are_exact(tmp_path):
    x = signals(2)
    rec, patch = lib_recording(tmp_path, ["bt.probe~"], x, 2)
    out, run = run_recording(rec, patch)
    assert run.errors == []
    assert "probe dsp 48000 64 2" in run.output
    # one (inlets, blocksize) float32 ndarray: no per-sample Python objects
    assert "probe perform ndarray float32 2 64" in run.output
    np.testing.assert_array_equal(out, x)


def test_py4pd_compat_mode_hands_lists_of_floats(tmp_path):
    x = signals(2)
    rec, patch = lib_recording(tmp_path, ["bt.probe~"], x, 2)
    out, run = run_recording(rec, patch, env={"NRCORE_PY4PD_COMPAT": "1"})
    assert run.errors == []
    assert "probe perform tuple float 2 64" in run.output
    np.testing.assert_array_equal(out, x)


def test_float_messages_reach_the_message_inlet(tmp_path):
    x = signals(1)
    rec, patch = lib_recording(tmp_path, ["bt.gain~", 2], x, 1, control_inlet=1,
                               messages=[(BLOCK * 10, "0.5")])
    out, run = run_recording(rec, patch)
    assert run.errors == []
    np.testing.assert_array_equal(out[0, :BLOCK * 10], 2 * x[0, :BLOCK * 10])
    np.testing.assert_array_equal(out[0, BLOCK * 10:], np.float32(0.5) * x[0, BLOCK * 10:])


def test_py4pd_tuple_returns_and_float64_views_are_accepted(tmp_path):
    x = signals(2)
    rec, patch = lib_recording(tmp_path, ["bt.tuples~"], x[:1], 2)
    out, run = run_recording(rec, patch)
    assert run.errors == []
    np.testing.assert_allclose(out[0], 2 * x[0], atol=1e-7)
    np.testing.assert_allclose(out[1], -x[0], atol=1e-7)

    flat_dir = tmp_path / "flat"
    flat_dir.mkdir()
    rec, patch = lib_recording(flat_dir, ["bt.flat~"], x, 2)
    out, run = run_recording(rec, patch)
    assert run.errors == []
    np.testing.assert_allclose(out[0], x[0] + 1, atol=1e-6)
    np.testing.assert_allclose(out[1], 0.5 * x[1], atol=1e-7)


def test_exception_in_perform_prints_traceback_and_silences_only_that_object(tmp_path):
    x = signals(1)
    rec = Recording(tmp_path, ["bt.raise~", 5], x, 1, extra_arrays=["healthy"])
    patch = rec.patch()
    patch.declares.append("-lib bridgetest")
    # a healthy neighbour fed the same signal, recorded alongside
    healthy = patch.obj(500, 300, "bt.gain~", 1)
    patch.array("healthy", x.shape[1], 700, 400)
    rec_box = patch.obj(500, 360, "tabwrite~", "healthy")
    patch.connect(rec.handles["players"][0], 0, healthy, 0)
    patch.connect(healthy, 0, rec_box, 0)
    patch.connect(rec.handles["trigger"], rec.handles["start"], rec_box, 0)
    out, run = run_recording(rec, patch)
    assert run.returncode == 0, run.output
    assert "ZeroDivisionError: deliberate failure in perform" in run.output
    assert "bridgetest.pd_py" in run.output and "in perform" in run.output  # the traceback
    assert "output is silent until DSP restarts" in run.output
    assert run.output.count("perform() raised") == 1  # reported once, not once per block
    np.testing.assert_array_equal(out[0, :5 * BLOCK], x[0, :5 * BLOCK])
    assert not out[0, 5 * BLOCK:].any()
    np.testing.assert_array_equal(out[1], x[0])  # the neighbour never stopped


@pytest.mark.parametrize("kind, expected", [
    ("shape", "perform() returned an array shaped (3, 64); expected (2, 64)"),
    ("none", "perform() returned a NoneType"),
    ("short", "perform(): output 1 has 63 samples; expected 64"),
    ("text", "perform() returned a str"),
])
def test_bad_perform_returns_print_the_problem_and_output_silence(tmp_path, kind, expected):
    x = signals(1, n=BLOCK * 4)
    rec, patch = lib_recording(tmp_path, ["bt.bad~", kind], x, 2)
    out, run = run_recording(rec, patch)
    assert run.returncode == 0
    assert expected in run.output
    assert not out.any()


def message_patch(messages: list[tuple[int, str]]) -> Patch:
    p = Patch()
    p.declare("-lib", "nrcore", "-lib", "bridgetest")
    load = p.obj(10, 10, "loadbang")
    obj = p.obj(10, 200, "bt.msg")
    sel = p.obj(10, 250, "print", "sel")
    val = p.obj(100, 250, "print", "val")
    p.connect(obj, 0, sel, 0)
    p.connect(obj, 1, val, 0)
    boxes = []
    for inlet, text in messages:
        box = p.msg(10, 100, text)
        p.connect(box, 0, obj, inlet)
        boxes.append(box)
    quit_ = p.msg(300, 100, "; pd quit 0")
    # fan out right to left so the messages arrive in order, then quit
    trigger = p.obj(10, 40, "t", *(["b"] * (len(boxes) + 1)))
    p.connect(load, 0, trigger, 0)
    p.connect(trigger, 0, quit_, 0)
    for k, box in enumerate(boxes):
        p.connect(trigger, len(boxes) - k, box, 0)
    return p


def test_messages_arrive_as_py4pd_delivers_them(tmp_path):
    run = run_pd(message_patch([(0, "bang"), (0, "2.5"), (0, "symbol abc"), (0, "1 2.5 x"),
                                (1, "set 3 -1.5 word")]), tmp_path, paths=PATHS)
    assert run.errors == []
    lines = [line for line in run.output.splitlines() if line.startswith(("sel:", "val:"))]
    # ([print] writes "list" before a list that starts with a symbol)
    assert lines == [
        "sel: symbol bang",
        "sel: symbol float", "val: list float 2.5",
        "sel: symbol symbol", "val: list str abc",
        "sel: symbol list", "val: list int float str 1 2.5 x",
        "sel: symbol set", "val: list int float str 3 -1.5 word",
    ]


def test_failing_message_handlers_report_and_pd_keeps_running(tmp_path):
    run = run_pd(message_patch([(1, "boom"), (1, "bad"), (1, "badout"), (1, "nosuch 1"),
                                (0, "7")]), tmp_path, paths=PATHS)
    assert run.returncode == 0
    out = run.output
    assert "in_1_boom() raised: KeyError: 'boom in a message handler'" in out
    assert "Traceback (most recent call last)" in out
    assert "in_1_bad returned a int; message methods must return None" in out
    assert "self.out: outlet 5 does not exist; this object has 2 outlet(s)" in out
    assert "inlet 1 does not understand 'nosuch' (the class defines no in_1_nosuch)" in out
    assert "val: list float 7" in out  # the last message still worked


def test_clock_calls_back_in_logical_time(tmp_path):
    p = Patch()
    p.declare("-lib", "nrcore", "-lib", "bridgetest")
    load = p.obj(10, 10, "loadbang")
    trig = p.obj(10, 40, "t", "b", "b")
    ms = p.msg(10, 70, "30")
    clock = p.obj(10, 100, "bt.clock")
    after = p.obj(10, 130, "t", "b", "f", "b")
    timer = p.obj(200, 100, "timer")
    show = p.obj(10, 160, "print", "fired")
    elapsed = p.obj(200, 160, "print", "elapsed")
    quit_ = p.msg(10, 200, "; pd quit 0")
    p.connect(load, 0, trig, 0)
    p.connect(trig, 1, timer, 0)   # start the timer
    p.connect(trig, 0, ms, 0)
    p.connect(ms, 0, clock, 0)
    p.connect(clock, 0, after, 0)
    p.connect(after, 2, timer, 1)  # stop it when the clock fires
    p.connect(after, 1, show, 0)
    p.connect(after, 0, quit_, 0)
    p.connect(timer, 0, elapsed, 0)
    run = run_pd(p, tmp_path, paths=PATHS)
    assert run.errors == []
    assert printed(run, "fired") == [[30.0]]
    assert printed(run, "elapsed") == [[30.0]]


def test_creation_failures_name_the_problem_and_the_patch_runs_on(tmp_path):
    p = quit_patch(50)
    p.declare("-lib", "nrcore", "-lib", "bridgetest")
    p.obj(300, 10, "bt.badinit", 1, 2)
    p.obj(300, 40, "bt.badports")
    alive = p.obj(300, 70, "loadbang")
    show = p.obj(300, 100, "print", "alive")
    p.connect(alive, 0, show, 0)
    run = run_pd(p, tmp_path, paths=PATHS)
    assert run.returncode == 0
    # a ValueError is the user's mistake: one line naming the object, no traceback
    assert "error: [bt.badinit] argument count must be 0, got 2\n" in run.output
    assert "Traceback" not in run.output
    assert "self.inlets[0] must be puredata.SIGNAL or puredata.DATA" in run.output
    assert run.output.count("couldn't create") == 2
    assert "alive: bang" in run.output


def test_python_prints_and_module_api_go_to_the_pd_console(tmp_path):
    p = quit_patch(10)
    p.declare("-lib", "nrcore", "-lib", "bridgetest")
    p.obj(300, 10, "bt.info")
    run = run_pd(p, tmp_path, paths=PATHS)
    assert run.errors == []
    assert "info arrays True" in run.output
    assert "info sr 48000" in run.output
    assert "info via print" in run.output


def test_virtual_environment_comes_from_NRCORE_VENV(tmp_path):
    venv = PD_DIR.parent / ".venv"
    link = tmp_path / "linked-venv"
    link.symlink_to(venv, target_is_directory=True)
    p = quit_patch(10)
    p.declare("-lib", "nrcore", "-lib", "bridgetest")
    p.obj(300, 10, "bt.info")
    run = run_pd(p, tmp_path, paths=PATHS, env={"NRCORE_VENV": str(link)})
    assert run.errors == []
    assert f"info prefix {link}" in run.output

    missing = tmp_path / "no-such-venv"
    run = run_pd(p, tmp_path, paths=PATHS, env={"NRCORE_VENV": str(missing)})
    assert run.returncode == 0  # Pd itself is fine; the Python objects cannot be created
    assert f"nrcore: no Python at '{missing}/bin/python'; set the NRCORE_VENV" in run.output
    assert "couldn't create" in run.output
