"""The data-driven instrument: mapping numerics, MIDI files read back with mido, OSC out read
by liblo's oscdump, gesture record/replay, a joystick event stream, train-by-example."""
from __future__ import annotations

import os
import shutil
import struct
import threading
import time

import mido
import numpy as np
import pytest

from nrcore.ann import MLP
from nrcore.instrument import (UNTRAINED_WEIGHT_SCALE, Gesture, Instrument, JoystickInput,
                               MidiFileOutput, open_midi_output)

FRAMES = np.random.default_rng(3).uniform(-1.2, 1.2, (2, 80)).astype(np.float32)


def test_outputs_follow_the_network_and_the_mapping():
    inst = Instrument(inputs=2, hidden=6, ccs=2, seed=9, feedback=0.7, scale="dorian",
                      root=50, low=40, high=90, velocity_low=30, velocity_high=110,
                      input_low=-1.2, input_high=1.2)
    got = inst.process(FRAMES)
    reference = MLP(sizes=(2, 6, 4), seed=9, output_activation="sigmoid", feedback=0.7,
                    weight_scale=UNTRAINED_WEIGHT_SCALE)
    unit = np.clip(2 * (FRAMES.astype(np.float64) + 1.2) / 2.4 - 1, -1, 1).astype(np.float32)
    y = np.clip(reference.process(unit).astype(np.float64), 0, 1)
    allowed = [n for n in range(40, 91) if (n - 50) % 12 in (0, 2, 3, 5, 7, 9, 10)]
    notes = [allowed[min(int(v * len(allowed)), len(allowed) - 1)] for v in y[0]]  # bins
    np.testing.assert_array_equal(got[0], notes)
    np.testing.assert_array_equal(got[1], np.rint(30 + 80 * y[1]))
    np.testing.assert_array_equal(got[2:], np.rint(127 * y[2:]))
    assert len(set(got[0].tolist())) > 3          # the mouse path really moves the notes
    # feedback makes the mapping depend on the past: same frame, different history
    inst.reset()
    a = inst.process(FRAMES[:, :1])
    inst.process(FRAMES[:, 1:40])
    b = inst.process(FRAMES[:, :1])
    assert not np.array_equal(a[2:], b[2:])


def test_bad_settings_are_refused_with_the_name():
    inst = Instrument()
    with pytest.raises(ValueError, match="low 100 is above high 81"):
        inst.low = 100
    assert inst.low == 45
    with pytest.raises(ValueError, match="holds no note"):
        Instrument(scale="major", root=60, low=61, high=61)
    with pytest.raises(ValueError, match="scale: 'bogus'"):
        inst.scale = "bogus"
    with pytest.raises(ValueError, match="cc_numbers: expected 2"):
        inst.cc_numbers = [1, 2, 3]
    with pytest.raises(ValueError, match="network: has 3 inputs"):
        Instrument(inputs=2, network=MLP(sizes=(3, 4, 4)))
    with pytest.raises(ValueError, match="inputs"):
        Instrument(inputs=0)


def _events(path):
    midi = mido.MidiFile(str(path))
    t = 0
    out = []
    for message in midi.tracks[0]:
        t += message.time
        if not message.is_meta:
            out.append((t, message))
    return out


def test_midi_file_holds_the_played_notes(tmp_path):
    path = tmp_path / "played.mid"
    inst = Instrument(midi="file", midi_file=str(path), seed=4, feedback=0.3, channel=3,
                      sample_rate=25.0)
    out = inst.process(FRAMES)
    inst.close()
    events = _events(path)
    notes = [(t, m.note, m.velocity) for t, m in events if m.type == "note_on"]
    offs = [(t, m.note) for t, m in events if m.type == "note_off"]
    changes = [0] + [k for k in range(1, out.shape[1]) if out[0, k] != out[0, k - 1]]
    ticks_per_frame = 960 / 25.0
    assert notes == [(round(k * ticks_per_frame), int(out[0, k]), int(out[1, k]))
                     for k in changes]
    # every note is released: at the next change, and the last one on close
    assert [n for _, n in offs] == [int(out[0, k]) for k in changes]
    assert all(m.channel == 2 for _, m in events)
    cc1 = [m.value for _, m in events if m.type == "control_change" and m.control == 1]
    assert cc1 == [int(v) for k, v in enumerate(out[2]) if k == 0 or v != out[2, k - 1]]


def test_changing_the_channel_releases_the_note_where_it_started(tmp_path):
    path = tmp_path / "switch.mid"
    inst = Instrument(midi="file", midi_file=str(path), seed=4, feedback=0.3, channel=1,
                      sample_rate=25.0)
    inst.process(FRAMES[:, :20])
    inst.channel = 5
    inst.process(FRAMES[:, 20:])
    inst.close()
    held: dict[tuple[int, int], int] = {}
    for _, m in _events(path):
        if m.type == "note_on":
            held[(m.channel, m.note)] = held.get((m.channel, m.note), 0) + 1
        elif m.type == "note_off":
            held[(m.channel, m.note)] -= 1
    assert {ch for ch, _ in held} == {0, 4}          # both channels played
    assert all(count == 0 for count in held.values())  # and no note is left hanging


def test_midi_auto_uses_a_virtual_port_or_falls_back_to_a_file(tmp_path):
    output = open_midi_output("auto", tmp_path / "auto.mid")
    try:
        mido.open_output("nrcore-probe", virtual=True).close()
        virtual = True
    except Exception:
        virtual = False
    if virtual:
        assert output.path is None
    else:                                          # this machine: no ALSA sequencer
        assert isinstance(output, MidiFileOutput)
        with pytest.raises(RuntimeError, match="no virtual MIDI port"):
            open_midi_output("virtual")
    output.close()
    with pytest.raises(ValueError, match="midi: 'usb'"):
        open_midi_output("usb")


@pytest.mark.skipif(shutil.which("oscdump") is None, reason="liblo-tools missing")
def test_osc_out_read_by_oscdump():
    from test_osc import OscDump

    dump = OscDump()
    try:
        inst = Instrument(osc_port=dump.port, seed=2, osc_prefix="/inst")
        out = inst.process(FRAMES[:, :10])
        inst.close()
        changes = [0] + [k for k in range(1, 10) if out[0, k] != out[0, k - 1]]
        expected = []
        for k in changes:
            if expected:
                expected.append([expected[-1][0], 0])
            expected.append([int(out[0, k]), int(out[1, k])])
        expected.append([expected[-1][0], 0])       # released on close
        got = [dump.next("/inst/note")[1] for _ in expected]
        assert got == expected
        assert all(set(types) <= {"i"} for _, types, _ in dump.all)
    finally:
        dump.close()


def test_gesture_replay_plays_the_recorded_notes(tmp_path):
    inst = Instrument(midi="file", midi_file=str(tmp_path / "g.mid"), feedback=0.8, seed=6)
    inst.process(FRAMES[:, :20])                   # some history before recording
    inst.record_start()
    recorded = np.concatenate([inst.process(FRAMES[:, k:k + 1]) for k in range(20, 60)], 1)
    gesture = inst.record_stop()
    assert gesture.frames.shape == (40, 2) and np.all(np.diff(gesture.times) >= 0)
    np.testing.assert_array_equal(gesture.frames.T, FRAMES[:, 20:60].astype(np.float64))
    inst.process(FRAMES[:, 60:])                   # play on; the state moves away
    replayed = inst.replay()
    np.testing.assert_array_equal(replayed, recorded)
    # saved and loaded: replayed from a cleared state, like a fresh instrument
    loaded = Gesture.load(gesture.save(tmp_path / "g.json"))
    np.testing.assert_array_equal(loaded.frames, gesture.frames)
    fresh = Instrument(feedback=0.8, seed=6).process(FRAMES[:, 20:60])
    np.testing.assert_array_equal(inst.replay(loaded), fresh)
    # real time keeps the spacing
    spaced = Gesture(np.array([0.0, 0.05, 0.1]), gesture.frames[:3])
    start = time.monotonic()
    inst.replay(spaced, realtime=True)
    assert time.monotonic() - start >= 0.09
    inst.close()


def test_joystick_events_from_a_fifo(tmp_path):
    """The Linux joystick event format, written into a FIFO the reader polls."""
    fifo = tmp_path / "js0"
    os.mkfifo(fifo)
    reader_ready = threading.Event()
    holder = {}

    def open_reader():
        holder["js"] = JoystickInput(str(fifo), axes=2)
        reader_ready.set()

    thread = threading.Thread(target=open_reader)
    thread.start()
    writer = os.open(fifo, os.O_WRONLY)
    thread.join(timeout=5)
    assert reader_ready.wait(5)
    js = holder["js"]
    event = struct.Struct("<IhBB")
    os.write(writer, event.pack(0, 0, 0x82, 0) + event.pack(0, 0, 0x82, 1))  # initial state
    os.write(writer, event.pack(10, 32767, 2, 0) + event.pack(12, -16384, 2, 1)
             + event.pack(13, 1, 1, 0) + event.pack(14, 5, 2, 7)[:5])          # half an event
    time.sleep(0.05)
    axes = js.poll()
    np.testing.assert_allclose(axes, [1.0, -16384 / 32767])
    assert js.buttons == {0: 1}
    os.write(writer, event.pack(14, 5, 2, 7)[5:] + event.pack(20, -32767, 2, 0))
    time.sleep(0.05)
    np.testing.assert_allclose(js.poll(), [-1.0, -16384 / 32767])
    inst = Instrument(seed=1)
    assert inst.process(js.poll().reshape(2, 1)).shape == (4, 1)
    os.close(writer)
    js.close()


def test_trained_network_saved_loaded_and_played(tmp_path):
    """Train by example: low corner -> low note, high corner -> high note; the reloaded network
    gives the same outputs bit for bit, and the instrument plays it."""
    net = MLP(sizes=(2, 8, 4), seed=3, output_activation="sigmoid")
    corners = {(-1, -1): [0.02, 0.2, 0.1, 0.9], (1, 1): [0.98, 0.9, 0.9, 0.1],
               (-1, 1): [0.5, 0.5, 0.5, 0.5], (1, -1): [0.5, 0.5, 0.5, 0.5]}
    for x, y in corners.items():
        net.add_example(x, y)
    history = net.fit(epochs=3000, learning_rate=0.02)
    assert history[-1] < 1e-3 < history[0]
    path = net.save(tmp_path / "net.json")
    again = MLP.load(path)
    probe = np.random.default_rng(1).uniform(-1, 1, (2, 50)).astype(np.float32)
    np.testing.assert_array_equal(again.process(probe), net.process(probe))
    inst = Instrument(network=str(path), low=45, high=81)
    out = inst.process(np.array([[-1.0, 1.0], [-1.0, 1.0]], np.float32))
    assert out[0].tolist() == [45, 81]


def test_mouse_packets_from_a_fifo_drive_the_instrument(tmp_path):
    """/dev/input/mice's 3-byte PS/2 packets, written into a FIFO; then follow() plays it."""
    from nrcore.instrument import MouseInput

    fifo = tmp_path / "mice"
    os.mkfifo(fifo)
    holder = {}
    thread = threading.Thread(target=lambda: holder.setdefault(
        "mouse", MouseInput(str(fifo), width=200, height=100)))
    thread.start()
    writer = os.open(fifo, os.O_WRONLY)
    thread.join(timeout=5)
    mouse = holder["mouse"]
    assert mouse.poll().tolist() == [0.0, 0.0]                 # starts in the middle

    def packet(dx, dy, buttons=0):
        flags = 0x08 | buttons | (0x10 if dx < 0 else 0) | (0x20 if dy < 0 else 0)
        return bytes([flags, dx & 0xFF, dy & 0xFF])

    os.write(writer, packet(50, 0) + packet(0, -25, buttons=1) + b"\x00" + packet(1, 1)[:2])
    time.sleep(0.05)
    # +50 of 200 counts -> x 0.5; -25 of 100 -> y -0.5; a byte without bit 3 is skipped
    pos = mouse.poll()
    assert mouse.buttons == 1
    os.write(writer, packet(1, 1)[2:] + packet(127, 127) + packet(127, 127))  # to the corner
    time.sleep(0.05)
    np.testing.assert_allclose(mouse.poll(), [1.0, 1.0])
    np.testing.assert_allclose(pos, [0.5, -0.5])
    inst = Instrument(seed=5, sample_rate=100.0)
    start = time.monotonic()
    out = inst.follow(mouse, 0.1)
    assert out.shape == (4, 10) and time.monotonic() - start >= 0.08
    assert np.all(out[0] == out[0, 0])       # the mouse did not move: the same note
    os.close(writer)
    mouse.close()


def test_untrained_instrument_plays_the_whole_range():
    """Swept over the mouse square, the untrained instrument reaches every note of its range
    (it played 6 of 16 before)."""
    inst = Instrument()
    grid = np.linspace(-1, 1, 41)
    xs, ys = np.meshgrid(grid, grid)
    frames = np.stack([xs.ravel(), ys.ravel()]).astype(np.float32)
    notes = np.concatenate([inst.process(frames[:, k:k + 1])[0] for k in range(frames.shape[1])])
    allowed = inst._notes()
    assert set(notes.tolist()) == set(allowed.tolist())


def test_set_state_restores_a_note_range_above_the_current_one():
    """A saved low above the current high is restored with its high: the range is checked
    once all parameters are back (restoring low first used to raise 'low above high')."""
    inst = Instrument()
    state = inst.get_state()
    saved = (state["params"]["low"], state["params"]["high"])
    inst.low, inst.high = 20, 30
    assert inst.high < saved[0]
    inst.set_state(state)
    assert (inst.low, inst.high) == saved
    bad = {"params": {"low": 100, "high": 101, "scale": "major", "root": "C#"}}
    with pytest.raises(ValueError):
        inst.set_state(bad)      # no note of C# major at 100..101: refused, range unchanged
    assert (inst.low, inst.high) == saved
