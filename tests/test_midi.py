"""nrcore.midi: scales and maps, the Standard MIDI File writer (read back with mido), and the
mouse-gesture instrument."""
import mido
import numpy as np
import pytest

from nrcore import midi
from nrcore.ann import MLP
from nrcore.midi import ControlChange, Note


def test_scales_are_ascending_within_an_octave():
    for name, steps in midi.SCALES.items():
        assert steps[0] == 0 and list(steps) == sorted(set(steps)) and steps[-1] < 12, name
    assert midi.scale_notes("major", "C", 60, 72) == (60, 62, 64, 65, 67, 69, 71, 72)
    assert midi.scale_notes("minor_pentatonic", "A", 57, 69) == (57, 60, 62, 64, 67, 69)
    assert midi.scale_notes("dorian", "D", 62, 74) == (62, 64, 65, 67, 69, 71, 72, 74)
    assert midi.scale_notes("chromatic", 0, 60, 63) == (60, 61, 62, 63)
    assert midi.scale_notes("blues", "E", "E2", "E3") == (40, 43, 45, 46, 47, 50, 52)


def test_note_names():
    assert midi.note_number("C4") == 60 and midi.note_number("A4") == 69
    assert midi.note_number("Bb2") == 46 and midi.note_number("C#-1") == 1
    assert midi.note_number("G9") == 127 and midi.note_number(0) == 0
    assert midi.note_name(61) == "C#4" and midi.note_name(21) == "A0"
    assert midi.pitch_class("Eb") == 3 and midi.pitch_class("B#") == 0
    assert midi.pitch_class(70) == 10
    with pytest.raises(ValueError, match="note: 'H2' is not a note name"):
        midi.note_number("H2")
    with pytest.raises(ValueError, match=r"outside the MIDI range \[0, 127\]"):
        midi.note_number("G#9")
    with pytest.raises(ValueError, match="scale: 'ionian9' is not a known scale"):
        midi.scale_notes("ionian9")
    with pytest.raises(ValueError, match=r"note range: \[61, 61\] holds no note of major on C"):
        midi.scale_notes("major", "C", 61, 61)


def test_value_to_note_cuts_the_range_into_equal_bins():
    notes = midi.scale_notes("major", "C", 60, 72)  # 8 notes: bins of 1/8
    values = (np.arange(8) + 0.5) / 8
    assert [midi.value_to_note(v, scale="major", root="C", note_low=60, note_high=72)
            for v in values] == list(notes)
    assert midi.value_to_note(0.0, note_low=60, note_high=72) == 60
    assert midi.value_to_note(1.0, note_low=60, note_high=72) == 72
    assert midi.value_to_note(-5.0, note_low=60, note_high=72) == 60  # clamped
    assert midi.value_to_note(0.124, note_low=60, note_high=72) == 60
    assert midi.value_to_note(0.126, note_low=60, note_high=72) == 62
    # any input range, also inverted; arrays give arrays
    assert midi.value_to_note(-1.0, -1.0, 1.0, note_low=60, note_high=72) == 60
    assert midi.value_to_note(1.0, 1.0, -1.0, note_low=60, note_high=72) == 60
    got = midi.value_to_note(np.array([0.0, 0.5, 1.0]), scale="minor_pentatonic", root="A",
                             note_low=57, note_high=69)
    np.testing.assert_array_equal(got, [57, 64, 69])
    with pytest.raises(ValueError, match="value_to_note: value nan is not finite"):
        midi.value_to_note(float("nan"))
    with pytest.raises(ValueError, match="must be finite and not empty"):
        midi.value_to_note(0.5, 1.0, 1.0)


def test_velocity_and_cc_maps():
    assert midi.value_to_velocity(0.0) == 1 and midi.value_to_velocity(1.0) == 127
    assert midi.value_to_velocity(0.5, velocity_min=40, velocity_max=120) == 80
    assert midi.value_to_velocity(9.0, 0.0, 10.0, velocity_min=1, velocity_max=101) == 91
    assert midi.value_to_cc(0.0) == 0 and midi.value_to_cc(1.0) == 127
    assert midi.value_to_cc(0.5) == 64 and midi.value_to_cc(2.0) == 127
    np.testing.assert_array_equal(midi.value_to_cc(np.array([-1.0, 0.0, 1.0]), -1.0, 1.0),
                                  [0, 64, 127])
    with pytest.raises(ValueError, match=r"velocity_min: 0 must be an integer in \[1, 127\]"):
        midi.value_to_velocity(0.5, velocity_min=0)


def test_variable_length_quantities_follow_the_smf_specification():
    # examples from the Standard MIDI File 1.0 specification
    cases = {0x00: "00", 0x40: "40", 0x7F: "7f", 0x80: "8100", 0x2000: "c000",
             0x3FFF: "ff7f", 0x4000: "818000", 0x100000: "c08000", 0x1FFFFF: "ffff7f",
             0x200000: "81808000", 0x0FFFFFFF: "ffffff7f"}
    for value, text in cases.items():
        assert midi._variable_length(value).hex() == text


def read_back(path):
    """(seconds, message) for every channel message in the file, with absolute times."""
    f = mido.MidiFile(path)
    out, now = [], 0.0
    for message in f:  # iterating a MidiFile yields delta times in seconds
        now += message.time
        if not message.is_meta:
            out.append((round(now, 4), message))  # the tempo is stored to the microsecond
    return f, out


def test_write_midi_reads_back_with_mido(tmp_path):
    events = [
        Note(0.0, 0.5, 60, 100),
        Note(0.5, 0.25, 64, 90, channel=2),
        Note(0.75, 1.0, 67, 1),
        ControlChange(0.0, 74, 0),
        ControlChange(0.6, 74, 127, channel=2),
        Note(1.0, 0.25, 72, 127),
    ]
    path = midi.write_midi(tmp_path / "out.mid", events, tempo_bpm=90.0, ticks_per_beat=960,
                           track_name="test track")
    f, messages = read_back(path)
    assert f.type == 0 and len(f.tracks) == 1 and f.ticks_per_beat == 960
    metas = {m.type: m for m in f.tracks[0] if m.is_meta}
    assert metas["set_tempo"].tempo == 666667  # 60e6 / 90 microseconds per beat
    assert metas["track_name"].name == "test track"
    assert metas["time_signature"].numerator == 4
    ons = [(t, m.note, m.velocity, m.channel) for t, m in messages if m.type == "note_on"]
    offs = [(t, m.note, m.channel) for t, m in messages if m.type == "note_off"]
    ccs = [(t, m.control, m.value, m.channel) for t, m in messages if m.type == "control_change"]
    assert ons == [(0.0, 60, 100, 0), (0.5, 64, 90, 2), (0.75, 67, 1, 0), (1.0, 72, 127, 0)]
    assert sorted(offs) == [(0.5, 60, 0), (0.75, 64, 2), (1.25, 72, 0), (1.75, 67, 0)]
    assert ccs == [(0.0, 74, 0, 0), (0.6, 74, 127, 2)]
    assert f.length == pytest.approx(1.75)
    # deterministic: the same events give the same bytes, in any order
    again = midi.write_midi(tmp_path / "again.mid", list(reversed(events)), tempo_bpm=90.0,
                            ticks_per_beat=960, track_name="test track")
    assert again.read_bytes() == path.read_bytes()


def test_a_note_struck_again_while_held_is_released_first(tmp_path):
    events = [Note(0.0, 1.0, 60, 80), Note(0.5, 1.0, 60, 90), Note(0.5, 0.5, 64, 70)]
    _, messages = read_back(midi.write_midi(tmp_path / "o.mid", events))
    timeline = [(t, m.type, m.note) for t, m in messages]
    assert timeline == [(0.0, "note_on", 60), (0.5, "note_off", 60), (0.5, "note_on", 60),
                        (0.5, "note_on", 64), (1.0, "note_off", 64), (1.5, "note_off", 60)]


def test_write_midi_rejects_bad_events(tmp_path):
    for event, fragment in [
        (Note(0.0, 0.5, 128, 100), "note 128 must be an integer in [0, 127]"),
        (Note(0.0, 0.5, 60, 0), "velocity 0 must be an integer in [1, 127]"),
        (Note(-1.0, 0.5, 60, 10), "start must be a finite time >= 0 s"),
        (Note(0.0, 0.0, 60, 10), "duration must be a finite time > 0 s"),
        (ControlChange(0.0, 7, 200), "value 200 must be an integer in [0, 127]"),
        (ControlChange(0.0, 7, 20, channel=16), "channel 16 must be an integer in [0, 15]"),
        ("note", "expected Note or ControlChange, got str"),
    ]:
        with pytest.raises(ValueError) as err:
            midi.write_midi(tmp_path / "x.mid", [event])
        assert fragment in str(err.value)
    with pytest.raises(ValueError, match=r"tempo_bpm: 0.0 must be in \[1, 1000\]"):
        midi.write_midi(tmp_path / "x.mid", [], tempo_bpm=0)


def test_mouse_to_midi_is_deterministic_and_in_scale(tmp_path):
    gesture = midi.example_gesture(seconds=8.0, frame_rate=100.0)
    events = midi.mouse_to_midi(gesture, 100.0, scale="dorian", root="D", note_range=(50, 86))
    assert events == midi.mouse_to_midi(gesture, 100.0, scale="dorian", root="D",
                                        note_range=(50, 86))
    notes = [e for e in events if isinstance(e, Note)]
    ccs = [e for e in events if isinstance(e, ControlChange)]
    allowed = set(midi.scale_notes("dorian", "D", 50, 86))
    assert len(notes) >= 16 and all(n.note in allowed for n in notes)
    assert len({n.note for n in notes}) >= 5  # it plays a tune, not one note
    assert all(40 <= n.velocity <= 120 for n in notes)
    assert len({n.velocity for n in notes}) >= 5
    # on the grid, never overlapping, within the gesture
    for n in notes:
        assert (n.start / 0.125) == pytest.approx(round(n.start / 0.125))
        assert n.duration >= 0.125 - 1e-9 and n.end <= 8.0 + 1e-9
    for a, b in zip(notes, notes[1:]):
        assert a.end <= b.start + 1e-9
    # the mouse rests from 3.2 s to 4.4 s: silence after the first step of the rest
    assert not [n for n in notes if 3.5 <= n.start < 4.375]
    assert not [n for n in notes if n.start < 3.375 and n.end > 3.5]
    # the controller changes with the gesture and only on changes
    assert len(ccs) > 50 and all(e.controller == 74 for e in ccs)
    assert all(a.value != b.value for a, b in zip(ccs, ccs[1:]))
    # the events make a valid file that mido reads back note for note
    _, messages = read_back(midi.write_midi(tmp_path / "g.mid", events))
    ons = [(t, m.note) for t, m in messages if m.type == "note_on"]
    assert ons == [(pytest.approx(n.start), n.note) for n in notes]


def test_feedback_in_the_network_changes_the_tune():
    gesture = midi.example_gesture(seconds=4.0)
    with_feedback = midi.mouse_to_midi(gesture, network=midi.gesture_network(feedback=0.6))
    without = midi.mouse_to_midi(gesture, network=midi.gesture_network(feedback=0.0))
    tune = [(e.start, e.note) for e in with_feedback if isinstance(e, Note)]
    plain = [(e.start, e.note) for e in without if isinstance(e, Note)]
    assert tune != plain


def test_mouse_to_midi_errors():
    gesture = midi.example_gesture(seconds=1.0)
    with pytest.raises(ValueError, match=r"gesture: expected an array shaped \(2, frames\)"):
        midi.mouse_to_midi(gesture.T)
    with pytest.raises(ValueError, match="network: expected an MLP with 2 inputs and 3 outputs"):
        midi.mouse_to_midi(gesture, network=MLP(sizes=(2, 4, 2)))
    with pytest.raises(ValueError, match="step: 0.001 s must be at least one frame"):
        midi.mouse_to_midi(gesture, step=0.001)
    bad = gesture.copy()
    bad[0, 3] = np.nan
    with pytest.raises(ValueError, match="gesture: positions must be finite"):
        midi.mouse_to_midi(bad)
