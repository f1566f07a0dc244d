"""From network outputs to MIDI: scales, value-to-note/velocity/CC maps, a Standard MIDI File
writer, and the seed's data-driven instrument (a mouse gesture through a small network with
feedback, turned into notes).

Everything here is plain Python and deterministic: the same gesture and network give the same
notes, and the same events give the same file, byte for byte.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np

if TYPE_CHECKING:
    from nrcore.ann import MLP

#: Semitone offsets from the root of each scale.
SCALES: dict[str, tuple[int, ...]] = {
    "chromatic": tuple(range(12)),
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "harmonic_minor": (0, 2, 3, 5, 7, 8, 11),
    "melodic_minor": (0, 2, 3, 5, 7, 9, 11),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
    "major_pentatonic": (0, 2, 4, 7, 9),
    "minor_pentatonic": (0, 3, 5, 7, 10),
    "blues": (0, 3, 5, 6, 7, 10),
    "whole_tone": (0, 2, 4, 6, 8, 10),
}

_PITCH_CLASSES = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_NOTE_PATTERN = re.compile(r"^([A-Ga-g])([#b]*)(-?\d+)?$")


# -- note names -------------------------------------------------------------------------------
def note_number(note: int | str) -> int:
    """A MIDI note number from a number (0..127) or a name such as ``"C4"`` (60), ``"A#3"``,
    ``"Bb2"`` (octave numbers as in scientific pitch, middle C = C4 = 60).

    Parameters
    ----------
    note : int or str
        A note number or a note name with its octave.

    Returns
    -------
    int
        The MIDI note number, 0..127.
    """
    if isinstance(note, str):
        match = _NOTE_PATTERN.match(note.strip())
        if not match or match.group(3) is None:
            raise ValueError(f"note: {note!r} is not a note name like C4, F#3 or Bb2")
        letter, accidentals, octave = match.groups()
        number = (_PITCH_CLASSES[letter.upper()] + accidentals.count("#")
                  - accidentals.count("b") + 12 * (int(octave) + 1))
    else:
        if isinstance(note, bool) or int(note) != note:
            raise ValueError(f"note: {note!r} is not an integer or a note name")
        number = int(note)
    if not 0 <= number <= 127:
        raise ValueError(f"note: {note!r} is outside the MIDI range [0, 127]")
    return number


def pitch_class(root: int | str) -> int:
    """0..11 from a name without octave (``"C"``, ``"F#"``, ``"Eb"``), a note name with one, or
    a number (taken modulo 12).

    Parameters
    ----------
    root : int or str
        A pitch name or a number.

    Returns
    -------
    int
        Semitones above C, 0..11.
    """
    if isinstance(root, str):
        match = _NOTE_PATTERN.match(root.strip())
        if not match:
            raise ValueError(f"root: {root!r} is not a pitch name like C, F# or Eb")
        letter, accidentals, _ = match.groups()
        return (_PITCH_CLASSES[letter.upper()] + accidentals.count("#")
                - accidentals.count("b")) % 12
    if isinstance(root, bool) or int(root) != root:
        raise ValueError(f"root: {root!r} is not an integer or a pitch name")
    return int(root) % 12


def note_name(note: int) -> str:
    """``60 -> "C4"``, sharps for black keys.

    Parameters
    ----------
    note : int
        A MIDI note number, 0..127.

    Returns
    -------
    str
        The name with its octave (middle C = C4).
    """
    number = note_number(note)
    return f"{_SHARP_NAMES[number % 12]}{number // 12 - 1}"


# -- scales and maps --------------------------------------------------------------------------
def scale_notes(scale: str = "major", root: int | str = "C", low: int | str = 48,
                high: int | str = 84) -> tuple[int, ...]:
    """Every note of ``scale`` on ``root`` from ``low`` to ``high`` inclusive, ascending.

    Parameters
    ----------
    scale : str
        A name in :data:`SCALES`.
    root : int or str
        The scale's root (a pitch name or number; only its pitch class counts).
    low, high : int or str
        The note range, MIDI numbers or names, inclusive.

    Returns
    -------
    tuple of int
        MIDI note numbers.

    Raises
    ------
    ValueError
        For an unknown scale (listing the known ones) or a range holding none of its notes.
    """
    if scale not in SCALES:
        raise ValueError(f"scale: {scale!r} is not a known scale; allowed: "
                         f"{', '.join(SCALES)}")
    lo, hi = note_number(low), note_number(high)
    if lo > hi:
        raise ValueError(f"note range: low {lo} is above high {hi}")
    base = pitch_class(root)
    classes = {(base + step) % 12 for step in SCALES[scale]}
    notes = tuple(n for n in range(lo, hi + 1) if n % 12 in classes)
    if not notes:
        raise ValueError(f"note range: [{lo}, {hi}] holds no note of {scale} on "
                         f"{_SHARP_NAMES[base]}")
    return notes


def _position(value: Any, low: float, high: float, what: str) -> np.ndarray:
    """``value`` mapped linearly from [low, high] to [0, 1] and clamped (high < low inverts)."""
    low, high = float(low), float(high)
    if not (math.isfinite(low) and math.isfinite(high)) or low == high:
        raise ValueError(f"{what}: the input range [{low}, {high}] must be finite and not empty")
    arr = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what}: value {value!r} is not finite")
    return np.clip((arr - low) / (high - low), 0.0, 1.0)


def _as_int(result: np.ndarray) -> Any:
    return int(result) if result.ndim == 0 else result.astype(np.int64)


def value_to_note(value: Any, low: float = 0.0, high: float = 1.0, *, scale: str = "major",
                  root: int | str = "C", note_low: int | str = 48,
                  note_high: int | str = 84) -> Any:
    """A note of ``scale`` within [``note_low``, ``note_high``] for ``value`` in [low, high].

    The range is cut into as many equal bins as there are scale notes in it, lowest note
    first; values outside [low, high] take the nearest end. Scalars give an int, arrays an
    int64 array.

    Parameters
    ----------
    value : float or array_like
        The control value(s).
    low, high : float
        The input range mapped onto the notes (high < low inverts).
    scale : str
        A name in :data:`SCALES`.
    root : int or str
        The scale's root.
    note_low, note_high : int or str
        The note range, inclusive.

    Returns
    -------
    int or numpy.ndarray
        MIDI note number(s).
    """
    notes = np.array(scale_notes(scale, root, note_low, note_high))
    position = _position(value, low, high, "value_to_note")
    index = np.minimum((position * len(notes)).astype(np.int64), len(notes) - 1)
    return _as_int(notes[index])


def value_to_velocity(value: Any, low: float = 0.0, high: float = 1.0, *,
                      velocity_min: int = 1, velocity_max: int = 127) -> Any:
    """A note-on velocity in [``velocity_min``, ``velocity_max``] (within 1..127), linear in
    ``value`` over [low, high], rounded to the nearest integer.

    Parameters
    ----------
    value : float or array_like
        The control value(s).
    low, high : float
        The input range.
    velocity_min, velocity_max : int
        Velocities at ``low`` and ``high``, 1..127.

    Returns
    -------
    int or numpy.ndarray
        Velocity (or velocities).
    """
    for name, v in (("velocity_min", velocity_min), ("velocity_max", velocity_max)):
        if isinstance(v, bool) or int(v) != v or not 1 <= v <= 127:
            raise ValueError(f"{name}: {v!r} must be an integer in [1, 127]")
    position = _position(value, low, high, "value_to_velocity")
    return _as_int(np.rint(velocity_min + position * (velocity_max - velocity_min)))


def value_to_cc(value: Any, low: float = 0.0, high: float = 1.0) -> Any:
    """A controller value in 0..127, linear in ``value`` over [low, high], rounded.

    Parameters
    ----------
    value : float or array_like
        The control value(s).
    low, high : float
        The input range mapped onto 0..127.

    Returns
    -------
    int or numpy.ndarray
        Controller value(s).
    """
    return _as_int(np.rint(_position(value, low, high, "value_to_cc") * 127.0))


# -- events -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Note:
    """A note: ``start`` and ``duration`` in seconds, MIDI ``note`` and ``velocity``."""

    start: float
    duration: float
    note: int
    velocity: int
    channel: int = 0

    @property
    def end(self) -> float:
        """``start + duration``, in seconds."""
        return self.start + self.duration


@dataclass(frozen=True)
class ControlChange:
    """A controller change at ``time`` seconds."""

    time: float
    controller: int
    value: int
    channel: int = 0


def _check_event(event: Any) -> None:
    def integer(name: str, value: Any, lo: int, hi: int) -> None:
        if isinstance(value, bool) or int(value) != value or not lo <= value <= hi:
            raise ValueError(f"events: {name} {value!r} must be an integer in [{lo}, {hi}] "
                             f"({event!r})")

    if isinstance(event, Note):
        if not (math.isfinite(event.start) and event.start >= 0.0):
            raise ValueError(f"events: start must be a finite time >= 0 s ({event!r})")
        if not (math.isfinite(event.duration) and event.duration > 0.0):
            raise ValueError(f"events: duration must be a finite time > 0 s ({event!r})")
        integer("note", event.note, 0, 127)
        integer("velocity", event.velocity, 1, 127)
        integer("channel", event.channel, 0, 15)
    elif isinstance(event, ControlChange):
        if not (math.isfinite(event.time) and event.time >= 0.0):
            raise ValueError(f"events: time must be a finite time >= 0 s ({event!r})")
        integer("controller", event.controller, 0, 127)
        integer("value", event.value, 0, 127)
        integer("channel", event.channel, 0, 15)
    else:
        raise ValueError(f"events: expected Note or ControlChange, got {type(event).__name__}")


# -- Standard MIDI File writer ----------------------------------------------------------------
def _variable_length(value: int) -> bytes:
    """MIDI variable-length quantity: 7 bits per byte, most significant first, high bit set on
    all but the last byte."""
    if value < 0 or value > 0x0FFFFFFF:
        raise ValueError(f"delta time {value} ticks is outside [0, 268435455]")
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def midi_file_bytes(events: Iterable[Note | ControlChange], *, tempo_bpm: float = 120.0,
                    ticks_per_beat: int = 480, track_name: str = "nrcore") -> bytes:
    """The bytes of a format-0 Standard MIDI File holding ``events``; see :func:`write_midi`.

    Parameters
    ----------
    events : iterable of Note and ControlChange
        Times in seconds.
    tempo_bpm : float
        Tempo, 1..1000 beats per minute.
    ticks_per_beat : int
        Time resolution, 24..32767 ticks per quarter note.
    track_name : str
        Text of the track-name meta event.

    Returns
    -------
    bytes
        The file's contents.
    """
    events = list(events)
    for event in events:
        _check_event(event)
    tempo_bpm = float(tempo_bpm)
    if not (math.isfinite(tempo_bpm) and 1.0 <= tempo_bpm <= 1000.0):
        raise ValueError(f"tempo_bpm: {tempo_bpm!r} must be in [1, 1000]")
    if isinstance(ticks_per_beat, bool) or int(ticks_per_beat) != ticks_per_beat or not (
            24 <= ticks_per_beat <= 0x7FFF):
        raise ValueError(f"ticks_per_beat: {ticks_per_beat!r} must be an integer in [24, 32767]")
    ticks_per_second = ticks_per_beat * tempo_bpm / 60.0

    def tick(seconds: float) -> int:
        return int(round(seconds * ticks_per_second))

    # (tick, order, sequence, message): at one tick, note-offs go first, then controllers,
    # then note-ons, so a repeated note is released before it sounds again.
    timeline: list[tuple[int, int, int, bytes]] = []
    notes = sorted((e for e in events if isinstance(e, Note)),
                   key=lambda e: (e.channel, e.note, e.start))
    for i, note in enumerate(notes):
        on = tick(note.start)
        off = tick(note.end)
        following = notes[i + 1] if i + 1 < len(notes) else None
        if following and (following.channel, following.note) == (note.channel, note.note):
            # The same key struck again while held: release it when it is struck again.
            off = min(off, tick(following.start))
        off = max(off, on + 1)  # a note lasts at least one tick
        timeline.append((on, 2, len(timeline), bytes([0x90 | note.channel, note.note,
                                                       note.velocity])))
        timeline.append((off, 0, len(timeline), bytes([0x80 | note.channel, note.note, 0])))
    for cc in (e for e in events if isinstance(e, ControlChange)):
        timeline.append((tick(cc.time), 1, len(timeline),
                         bytes([0xB0 | cc.channel, cc.controller, cc.value])))
    timeline.sort(key=lambda item: item[:3])

    name = track_name.encode("utf-8")
    microseconds_per_beat = int(round(60_000_000 / tempo_bpm))
    track = bytearray()
    track += b"\x00\xff\x03" + _variable_length(len(name)) + name
    track += b"\x00\xff\x51\x03" + microseconds_per_beat.to_bytes(3, "big")
    track += b"\x00\xff\x58\x04\x04\x02\x18\x08"  # 4/4, a click every quarter note
    now = 0
    for at, _, _, message in timeline:
        track += _variable_length(at - now) + message
        now = at
    track += b"\x00\xff\x2f\x00"  # end of track
    header = b"MThd" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") + (1).to_bytes(2, "big")
    header += int(ticks_per_beat).to_bytes(2, "big")
    return header + b"MTrk" + len(track).to_bytes(4, "big") + bytes(track)


def write_midi(path: str | Path, events: Iterable[Note | ControlChange], *,
               tempo_bpm: float = 120.0, ticks_per_beat: int = 480,
               track_name: str = "nrcore") -> Path:
    """Write ``events`` to a Standard MIDI File (format 0, one track).

    Times in seconds are converted to ticks at ``tempo_bpm`` and rounded to the nearest tick;
    a note lasts at least one tick, and a note struck again while still held is released when
    it is struck again. The track starts with its name, the tempo and a 4/4 time signature.

    Parameters
    ----------
    path : str or Path
        The ``.mid`` file to write.
    events : iterable of Note and ControlChange
    tempo_bpm : float
        Tempo written into the file, 1..1000 beats per minute.
    ticks_per_beat : int
        Time resolution, 24..32767 ticks per quarter note.
    track_name : str
        Text of the track-name meta event.

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    path.write_bytes(midi_file_bytes(events, tempo_bpm=tempo_bpm, ticks_per_beat=ticks_per_beat,
                                     track_name=track_name))
    return path


# -- the data-driven instrument ---------------------------------------------------------------
def gesture_network(seed: int = 39, feedback: float = 0.6) -> "MLP":
    """The small network of :func:`mouse_to_midi`: 2 inputs (x, y), 6 tanh units, 3 sigmoid
    outputs (pitch, velocity, controller), seeded random weights scaled wide (3x Glorot) so the
    mapping folds the mouse plane, and output feedback so a still mouse can still drift.

    Parameters
    ----------
    seed : int
        Seed of the random weights.
    feedback : float
        Gain of the previous outputs fed back into the first layer.

    Returns
    -------
    nrcore.ann.MLP
        The network.
    """
    from nrcore.ann import MLP

    return MLP(sizes=(2, 6, 3), seed=seed, weight_scale=4.0, feedback=feedback,
               activation="tanh", output_activation="sigmoid")


def example_gesture(seconds: float = 8.0, frame_rate: float = 100.0) -> np.ndarray:
    """A scripted mouse gesture, shape (2, frames), x and y in 0..1: circles that widen, a
    rest in the middle (the mouse held still), then a fast zig-zag sweep.

    Parameters
    ----------
    seconds : float
        Duration in seconds.
    frame_rate : float
        Frames per second.

    Returns
    -------
    numpy.ndarray, shape (2, round(seconds * frame_rate)), float64
    """
    frames = int(round(seconds * frame_rate))
    t = np.arange(frames) / frame_rate
    u = t / seconds
    radius = 0.1 + 0.3 * np.clip(u / 0.4, 0.0, 1.0)
    x = 0.5 + radius * np.cos(2 * np.pi * 0.6 * t)
    y = 0.5 + radius * np.sin(2 * np.pi * 0.9 * t)
    rest = (u >= 0.4) & (u < 0.55)
    at_rest = np.argmax(rest) if rest.any() else 0
    x[rest], y[rest] = x[at_rest], y[at_rest]
    sweep = u >= 0.55
    x[sweep] = np.linspace(x[at_rest], 0.95, sweep.sum()) if sweep.any() else x[sweep]
    y[sweep] = 0.5 + 0.45 * np.abs(((t[sweep] * 2.5) % 2.0) - 1.0) * 2 - 0.45
    return np.clip(np.stack([x, y]), 0.0, 1.0)


def mouse_to_midi(gesture: Any, frame_rate: float = 100.0, *, network: Any = None,
                  scale: str = "minor_pentatonic", root: int | str = "A",
                  note_range: tuple[int | str, int | str] = (45, 81), step: float = 0.125,
                  velocity_range: tuple[int, int] = (40, 120), controller: int = 74,
                  rest_speed: float = 0.05, channel: int = 0) -> list[Note | ControlChange]:
    """Turn a mouse gesture into MIDI events through a small network with feedback.

    Every frame of the gesture goes through ``network`` (outputs in 0..1): output 0 picks a
    note of ``scale`` in ``note_range``, output 1 its velocity, output 2 the value of
    ``controller``. Notes fall on a grid of ``step`` seconds: at each step a note starts if the
    picked note differs from the sounding one (the sounding one ends there), is held if it is
    the same, and the instrument rests when the mouse moved slower than ``rest_speed`` (screen
    widths per second) over the last step. The controller is sent at every frame where its
    value changes. Deterministic: the same inputs give the same events.

    Parameters
    ----------
    gesture : array_like, shape (2, frames)
        Mouse x and y per frame, normalised to 0..1.
    frame_rate : float
        Gesture frames per second.
    network : MLP, optional
        2 inputs, 3 outputs; :func:`gesture_network` by default. It is reset first, so a
        given network always plays the gesture the same way.
    scale, root, note_range
        See :func:`value_to_note`.
    step : float
        Grid of note starts in seconds (0.125 s: eighth notes at 120 BPM).
    velocity_range : (int, int)
        Velocities for network output 1 at 0 and 1.
    controller : int
        Controller number for output 2 (74: brightness/cutoff).
    rest_speed : float
        Below this mouse speed the instrument rests.
    channel : int
        MIDI channel 0..15.

    Returns
    -------
    list of Note and ControlChange, in time order
    """
    moves = np.asarray(gesture, dtype=np.float64)
    if moves.ndim != 2 or moves.shape[0] != 2 or moves.shape[1] < 2:
        raise ValueError(f"gesture: expected an array shaped (2, frames) with >= 2 frames, got "
                         f"shape {moves.shape}")
    if not np.all(np.isfinite(moves)):
        raise ValueError("gesture: positions must be finite")
    frame_rate = float(frame_rate)
    if not (math.isfinite(frame_rate) and 1.0 <= frame_rate <= 10000.0):
        raise ValueError(f"frame_rate: {frame_rate!r} must be in [1, 10000] frames per second")
    step = float(step)
    if not (math.isfinite(step) and step * frame_rate >= 1.0):
        raise ValueError(f"step: {step!r} s must be at least one frame (1 / frame_rate)")
    if isinstance(controller, bool) or int(controller) != controller or not 0 <= controller <= 127:
        raise ValueError(f"controller: {controller!r} must be an integer in [0, 127]")
    if isinstance(channel, bool) or int(channel) != channel or not 0 <= channel <= 15:
        raise ValueError(f"channel: {channel!r} must be an integer in [0, 15]")
    if not (math.isfinite(rest_speed) and rest_speed >= 0.0):
        raise ValueError(f"rest_speed: {rest_speed!r} must be >= 0")
    if network is None:
        network = gesture_network()
    if getattr(network, "inputs", None) != 2 or getattr(network, "n_outputs", None) != 3:
        raise ValueError("network: expected an MLP with 2 inputs and 3 outputs")
    network.reset()
    outputs = network.process(moves.astype(np.float32)).astype(np.float64)
    frames = moves.shape[1]
    duration = frames / frame_rate
    notes = value_to_note(outputs[0], scale=scale, root=root, note_low=note_range[0],
                          note_high=note_range[1])
    velocities = value_to_velocity(outputs[1], velocity_min=velocity_range[0],
                                   velocity_max=velocity_range[1])
    cc_values = value_to_cc(outputs[2])

    events: list[Note | ControlChange] = []
    steps = int(math.floor(duration / step + 1e-9))
    frames_per_step = step * frame_rate
    sounding: tuple[float, int, int] | None = None  # (start, note, velocity)

    def finish(at: float) -> None:
        nonlocal sounding
        if sounding is not None:
            start, note, velocity = sounding
            events.append(Note(start, at - start, note, velocity, channel))
            sounding = None

    for k in range(steps):
        at = k * step
        frame = min(int(round(k * frames_per_step)), frames - 1)
        before = max(0, int(round((k - 1) * frames_per_step)))
        travelled = np.hypot(*(moves[:, frame] - moves[:, before])) if frame > before else 0.0
        speed = travelled / max((frame - before) / frame_rate, 1.0 / frame_rate)
        if k > 0 and speed < rest_speed:
            finish(at)
            continue
        note, velocity = int(notes[frame]), int(velocities[frame])
        if sounding is not None and sounding[1] == note:
            continue
        finish(at)
        sounding = (at, note, velocity)
    finish(steps * step if steps * step <= duration else duration)

    last = None
    for i in range(frames):
        if cc_values[i] != last:
            events.append(ControlChange(i / frame_rate, int(controller), int(cc_values[i]),
                                        channel))
            last = cc_values[i]
    events.sort(key=lambda e: (e.start if isinstance(e, Note) else e.time,
                               0 if isinstance(e, ControlChange) else 1))
    return events
