"""The data-driven instrument: control input -> small neural network (with feedback) -> MIDI.

This is the seed's Max patch as a processor: values from a mouse, a joystick or OSC are mapped
onto the network's input range, a small :class:`nrcore.ann.MLP` (random, or trained by
example) turns them into outputs in 0..1, its previous outputs can be fed back into it
(``feedback``) so the mapping becomes "organic", and the outputs become a note of a scale, a
velocity and MIDI CCs (the maps of :mod:`nrcore.midi`). Notes and CCs go to a MIDI output (a mido virtual port where
the system has one, a MIDI file otherwise) and, optionally, to an OSC destination. Input
gestures can be recorded and replayed; a replayed gesture plays the same notes.

Time is the frame clock: frame ``k`` happens at ``k / sample_rate`` seconds (the control
rate), so a MIDI file written from the same input is the same file, byte for byte.

Hosted by ``nrcore serve`` like every processor: ``/nrcore/create instrument i1 inputs 2``,
``/nrcore/i1/run x y`` answers ``note velocity cc...``, ``/nrcore/i1/record start|stop``,
``/nrcore/i1/replay``.
"""
from __future__ import annotations

import json
import os
import socket
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from nrcore import midi
from nrcore.ann import MLP
from nrcore.params import Param
from nrcore.processor import Processor, as_block

MAX_CCS = 16
GESTURE_FORMAT = "nrcore-gesture"


#: The parameters that together make the note range.
_RANGE_PARAMS = ("scale", "root", "low", "high")


# -- MIDI outputs ------------------------------------------------------------------------------

class MidiFileOutput:
    """Collects the played notes and CCs and writes a Standard MIDI File (through
    :func:`nrcore.midi.write_midi`) on close.

    Parameters
    ----------
    path : str or Path
        The ``.mid`` file written by :meth:`close`.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.events: list[midi.Note | midi.ControlChange] = []
        self._held: dict[tuple[int, int], tuple[float, int]] = {}
        self.closed = False

    def note_on(self, note: int, velocity: int, channel: int, when: float) -> None:
        """Start ``note`` with ``velocity`` on ``channel`` at ``when``.

        Parameters
        ----------
        note : int
            MIDI note number, 0..127.
        velocity : int
            1..127.
        channel : int
            MIDI channel, 0..15.
        when : float
            Time in seconds on the instrument's frame clock.
        """
        self._held[(channel, note)] = (when, velocity)

    def note_off(self, note: int, channel: int, when: float) -> None:
        """Release ``note`` on ``channel`` at ``when``.

        Parameters
        ----------
        note : int
            MIDI note number, 0..127.
        channel : int
            MIDI channel, 0..15.
        when : float
            Time in seconds on the instrument's frame clock.
        """
        start = self._held.pop((channel, note), None)
        if start is not None:
            # A note lasts at least one frame; never zero, which a MIDI file cannot hold.
            duration = max(when - start[0], 1e-3)
            self.events.append(midi.Note(start[0], duration, note, start[1], channel))

    def control(self, number: int, value: int, channel: int, when: float) -> None:
        """Set controller ``number`` to ``value`` on ``channel`` at ``when``.

        Parameters
        ----------
        number : int
            Controller number, 0..119.
        value : int
            0..127.
        channel : int
            MIDI channel, 0..15.
        when : float
            Time in seconds on the instrument's frame clock.
        """
        self.events.append(midi.ControlChange(when, number, value, channel))

    def close(self) -> None:
        """Write the MIDI file (once; later calls do nothing)."""
        if self.closed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        midi.write_midi(self.path, self.events)
        self.closed = True


class MidiPortOutput:
    """A mido output port (a virtual port named ``nrcore`` by default); sends immediately."""

    def __init__(self, port: Any) -> None:
        self.port = port
        self.path = None

    def note_on(self, note: int, velocity: int, channel: int, when: float) -> None:
        """Start ``note`` with ``velocity`` on ``channel`` at ``when``.

        Parameters
        ----------
        note : int
            MIDI note number, 0..127.
        velocity : int
            1..127.
        channel : int
            MIDI channel, 0..15.
        when : float
            Time in seconds on the instrument's frame clock.
        """
        import mido

        self.port.send(mido.Message("note_on", note=note, velocity=velocity, channel=channel))

    def note_off(self, note: int, channel: int, when: float) -> None:
        """Release ``note`` on ``channel`` at ``when``.

        Parameters
        ----------
        note : int
            MIDI note number, 0..127.
        channel : int
            MIDI channel, 0..15.
        when : float
            Time in seconds on the instrument's frame clock.
        """
        import mido

        self.port.send(mido.Message("note_off", note=note, velocity=0, channel=channel))

    def control(self, number: int, value: int, channel: int, when: float) -> None:
        """Set controller ``number`` to ``value`` on ``channel`` at ``when``.

        Parameters
        ----------
        number : int
            Controller number, 0..119.
        value : int
            0..127.
        channel : int
            MIDI channel, 0..15.
        when : float
            Time in seconds on the instrument's frame clock.
        """
        import mido

        self.port.send(mido.Message("control_change", control=number, value=value,
                                    channel=channel))

    def close(self) -> None:
        """Close the port."""
        self.port.close()


def open_midi_output(kind: str = "auto", path: str | Path | None = None,
                     name: str = "nrcore") -> MidiFileOutput | MidiPortOutput | None:
    """A MIDI output: ``virtual`` (mido virtual port), ``file`` (``path``), ``auto`` (virtual
    where the system has one, the file otherwise) or ``none``.

    Parameters
    ----------
    kind : str
        ``auto``, ``virtual``, ``file`` or ``none``.
    path : str or Path, optional
        The MIDI file of ``file`` and ``auto``.
    name : str
        Name of the virtual port.

    Returns
    -------
    MidiFileOutput or MidiPortOutput or None
        The output (None for ``none``).

    Raises
    ------
    ValueError
        ``file``/``auto`` without a path, or an unknown kind.
    RuntimeError
        ``virtual`` where the system has no virtual MIDI ports (no rtmidi or no ALSA seq).
    """
    if kind == "none":
        return None
    if kind in ("virtual", "auto"):
        try:
            import mido

            return MidiPortOutput(mido.open_output(name, virtual=True))
        except Exception as exc:  # ImportError (no rtmidi), SystemError (no /dev/snd/seq)
            if kind == "virtual":
                raise RuntimeError(f"midi: no virtual MIDI port on this system: {exc}") from exc
    if kind in ("file", "auto"):
        if path is None:
            raise ValueError("midi_file: a path is needed to write MIDI to a file")
        return MidiFileOutput(path)
    raise ValueError(f"midi: {kind!r} is not one of auto, virtual, file, none")


# -- gestures ------------------------------------------------------------------------------------
@dataclass
class Gesture:
    """Recorded input frames and the times (s, from the start) they arrived at."""

    times: np.ndarray
    frames: np.ndarray
    #: The network's feedback state when recording began (not saved to files): replaying
    #: from it plays exactly the recorded notes.
    start_state: Any = None

    def save(self, path: str | Path) -> Path:
        """Write the times and frames as JSON.

        Parameters
        ----------
        path : str or Path
            The file to write.

        Returns
        -------
        Path
            ``path``.
        """
        path = Path(path)
        data = {"format": GESTURE_FORMAT, "version": 1, "times": self.times.tolist(),
                "frames": self.frames.tolist()}
        path.write_text(json.dumps(data, allow_nan=False) + "\n")
        return path

    @classmethod
    def load(cls, path: str | Path) -> "Gesture":
        """Read a gesture written by :meth:`save` (plain JSON).

        Parameters
        ----------
        path : str or Path
            The file.

        Returns
        -------
        Gesture
            Its times and frames (no start state).
        """
        data = json.loads(Path(path).read_text())
        if data.get("format") != GESTURE_FORMAT:
            raise ValueError(f"gesture: {path} is not an {GESTURE_FORMAT} file")
        frames = np.array(data["frames"], dtype=np.float64)
        times = np.array(data["times"], dtype=np.float64)
        if frames.ndim != 2 or times.shape != (frames.shape[0],):
            raise ValueError(f"gesture: {path} has {times.size} times for frames shaped "
                             f"{frames.shape}")
        return cls(times, frames)


# -- input devices --------------------------------------------------------------------------------
class JoystickInput:
    """A Linux joystick (``/dev/input/jsN``) read through the kernel's joystick API.

    Each event is 8 bytes: time (u32 ms), value (s16), type (u8: 1 button, 2 axis, | 0x80 for
    the initial state), number (u8). Axes are scaled to -1..1.

    Parameters
    ----------
    device : str
        Path of the joystick device (or any file or FIFO carrying the same events).
    axes : int
        How many axes :meth:`poll` returns.
    """

    EVENT = struct.Struct("<IhBB")

    def __init__(self, device: str = "/dev/input/js0", axes: int = 2) -> None:
        self.fd = os.open(device, os.O_RDONLY | os.O_NONBLOCK)
        self.axes = np.zeros(int(axes), dtype=np.float64)
        self.buttons: dict[int, int] = {}
        self._pending = b""

    def poll(self) -> np.ndarray:
        """Read every waiting event; return the current axis values (-1..1)."""
        while True:
            try:
                chunk = os.read(self.fd, 8 * 64)
            except BlockingIOError:
                break
            if not chunk:
                break
            self._pending += chunk
        usable = len(self._pending) - len(self._pending) % 8
        for offset in range(0, usable, 8):
            _, value, kind, number = self.EVENT.unpack_from(self._pending, offset)
            kind &= 0x7F
            if kind == 2 and number < self.axes.size:
                self.axes[number] = max(-1.0, value / 32767.0)
            elif kind == 1:
                self.buttons[number] = value
        self._pending = self._pending[usable:]
        return self.axes.copy()

    def close(self) -> None:
        """Close the device."""
        os.close(self.fd)


class MouseInput:
    """The mouse through Linux's ``/dev/input/mice`` (PS/2 protocol, every mouse merged).

    Each packet is 3 bytes: buttons and sign bits, then the x and y motion (y up). The motion
    is integrated into a position that stays inside a virtual screen of ``width`` x ``height``
    counts, returned as x and y in -1..1 (the same range Max's patch scales [mousestate] to).

    Parameters
    ----------
    device : str
        Path of the mouse device (or any file or FIFO carrying the same packets).
    width, height : float
        Motion counts from one edge to the other.
    """

    def __init__(self, device: str = "/dev/input/mice", width: float = 1000.0,
                 height: float = 1000.0) -> None:
        if not (width > 0 and height > 0):
            raise ValueError(f"width/height: {width!r}, {height!r} must be positive counts")
        self.fd = os.open(device, os.O_RDONLY | os.O_NONBLOCK)
        self.size = np.array([float(width), float(height)])
        self.position = self.size / 2.0
        self.buttons = 0
        self._pending = b""

    def poll(self) -> np.ndarray:
        """Read every waiting packet; return x and y in -1..1."""
        while True:
            try:
                chunk = os.read(self.fd, 3 * 128)
            except BlockingIOError:
                break
            if not chunk:
                break
            self._pending += chunk
        data = self._pending
        offset = 0
        while offset + 3 <= len(data):
            flags, dx, dy = data[offset:offset + 3]
            if not flags & 0x08:        # bit 3 of a first byte is always set: resynchronise
                offset += 1
                continue
            dx = dx - 256 if flags & 0x10 else dx
            dy = dy - 256 if flags & 0x20 else dy
            self.buttons = flags & 0x07
            self.position = np.clip(self.position + (dx, dy), 0.0, self.size)
            offset += 3
        self._pending = data[offset:]
        position: np.ndarray = 2.0 * self.position / self.size - 1.0
        return position

    def close(self) -> None:
        """Close the device."""
        os.close(self.fd)


# -- the instrument ------------------------------------------------------------------------------
#: Spread of the untrained network's random weights (see :class:`Instrument`): with seed 1 the
#: mouse square plays all 16 notes of the default range, 45-81 minor pentatonic.
UNTRAINED_WEIGHT_SCALE = 3.0


class Instrument(Processor):
    """Input -> MLP (optional feedback) -> note, velocity and CCs, sent as MIDI and OSC.

    Per frame ``k`` (at ``k / sample_rate`` s), with ``x`` the raw inputs::

        u = clip(2 (x - input_low) / (input_high - input_low) - 1, -1, 1)
        y = clip(network(u), 0, 1)   (feedback bends the mapping over time)
        note     = midi.value_to_note(y0): the scale's notes in [low, high], equal bins
        velocity = round(velocity_low + y1 (velocity_high - velocity_low))
        cc_j     = round(127 y_(2+j))

    A note is sent when the quantised note changes (the previous one is released first); a CC
    when its value changes.

    Parameters
    ----------
    inputs : int
        Control inputs (mouse x/y, joystick axes...), 1..64.
    hidden : int
        Hidden units of the default network.
    ccs : int
        MIDI CCs after note and velocity (0..16).
    network : MLP or str or Path, optional
        A network to use instead of a random one (e.g. trained by example), or its JSON file.
        It must have ``inputs`` inputs and ``2 + ccs`` outputs.
    seed : int
        Seed of the default network's random weights.
    midi : str
        ``none`` (default), ``auto``, ``virtual`` or ``file`` (see :func:`open_midi_output`).
    midi_file : str, optional
        Where ``file``/``auto`` write the MIDI file (on :meth:`close`).
    osc_port : int
        Also send ``<osc_prefix>/note i i`` and ``<osc_prefix>/cc i i`` to this UDP port
        (0 = off).
    osc_host : str
        Destination host of the OSC output.
    osc_prefix : str
        Address prefix of the OSC output.
    sample_rate : float
        Control frames per second: the frame clock of MIDI times and gestures.

    Examples
    --------
    >>> import numpy as np
    >>> from nrcore.instrument import Instrument
    >>> inst = Instrument(inputs=2, feedback=0.6, scale="minor", midi="auto",
    ...                   midi_file="played.mid")            # doctest: +SKIP
    >>> xy = np.array([[0.2], [-0.5]], np.float32)             # one mouse frame, -1..1
    >>> note, velocity, cc1, cc74 = inst.process(xy)[:, 0]     # doctest: +SKIP
    >>> inst.close()                                           # doctest: +SKIP
    """

    name = "instrument"
    audio_rate = False
    #: Outputs are MIDI numbers: hosts send them as integers.
    integer_outputs = True
    PARAMS = (
        Param("feedback", 0.0, "Gain of the network's previous outputs fed back into it",
              minimum=-10.0, maximum=10.0, step=0.01),
        Param("scale", "minor_pentatonic", "Scale the notes are quantised to", kind="choice",
              choices=tuple(midi.SCALES)),
        Param("root", 57, "Root note of the scale (MIDI note number)", minimum=0, maximum=127,
              kind="int"),
        Param("low", 45, "Lowest note played (MIDI note number)", minimum=0, maximum=127,
              kind="int"),
        Param("high", 81, "Highest note played (MIDI note number)", minimum=0, maximum=127,
              kind="int"),
        Param("velocity_low", 40, "Velocity at network output 0", minimum=1, maximum=127,
              kind="int"),
        Param("velocity_high", 120, "Velocity at network output 1", minimum=1, maximum=127,
              kind="int"),
        Param("channel", 1, "MIDI channel", minimum=1, maximum=16, kind="int"),
        Param("cc_numbers", 1.0, "Controller number of each CC output (e.g. 1 74)",
              minimum=0, maximum=119, kind="vector"),
        Param("input_low", -1.0, "Raw input value mapped to the network's -1",
              minimum=-1e6, maximum=1e6),
        Param("input_high", 1.0, "Raw input value mapped to the network's +1",
              minimum=-1e6, maximum=1e6),
    )

    def __init__(self, inputs: int = 2, *, hidden: int = 8, ccs: int = 2, network: Any = None,
                 seed: int = 1, midi: str = "none", midi_file: str | None = None,
                 osc_port: int = 0, osc_host: str = "127.0.0.1",
                 osc_prefix: str = "/nrcore/instrument", sample_rate: float = 50.0,
                 **params: Any) -> None:
        super().__init__(sample_rate)
        if isinstance(inputs, bool) or int(inputs) != inputs or not 1 <= inputs <= 64:
            raise ValueError(f"inputs: {inputs!r} must be an integer in [1, 64]")
        if isinstance(ccs, bool) or int(ccs) != ccs or not 0 <= ccs <= MAX_CCS:
            raise ValueError(f"ccs: {ccs!r} must be an integer in [0, {MAX_CCS}]")
        self.inputs = int(inputs)
        self.ccs = int(ccs)
        self.outputs = ("note", "velocity") + tuple(f"cc{j + 1}" for j in range(self.ccs))
        if network is None:
            # Wider random weights than an MLP's default: the untrained network's outputs then
            # cover 0..1 over the input square, so every note of the range is played (with the
            # default 1.0 only 6 notes, 59-67, came out over the whole mouse range).
            network = MLP(sizes=(self.inputs, int(hidden), 2 + self.ccs), seed=seed,
                          output_activation="sigmoid", sample_rate=sample_rate,
                          weight_scale=UNTRAINED_WEIGHT_SCALE)
        elif isinstance(network, (str, Path)):
            network = MLP.load(network)
        if not isinstance(network, MLP):
            raise ValueError(f"network: expected an nrcore.ann.MLP or its JSON file, got "
                             f"{type(network).__name__}")
        if network.inputs != self.inputs or network.n_outputs != 2 + self.ccs:
            raise ValueError(f"network: has {network.inputs} inputs and {network.n_outputs} "
                             f"outputs; the instrument needs {self.inputs} and {2 + self.ccs}")
        self.network = network
        self._lock = threading.RLock()
        self.frame_index = 0
        self.sounding: int | None = None
        self.sounding_channel = 0  # a note ends on the channel it started on
        self.last_cc = [-1] * self.ccs
        self.midi = open_midi_output(midi, midi_file)
        self._osc: socket.socket | None = None
        self.osc_target = (osc_host, int(osc_port))
        self.osc_prefix = osc_prefix
        if osc_port:
            self._osc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._recording: list[tuple[float, np.ndarray]] | None = None
        self._record_start = 0.0
        self.gesture: Gesture | None = None
        self._replay_thread: threading.Thread | None = None
        self._replay_stop = threading.Event()
        self._record_state: Any = None
        if "cc_numbers" not in params:
            params["cc_numbers"] = [1, 74, 71, 91, 93, 10, 7, 11, 2, 4, 5, 12, 13, 16, 17,
                                    18][:self.ccs] or [1]
        self._init_params(params)
        self._notes()

    # -- parameters ---------------------------------------------------------------------------
    def _check(self, param: Param, value: Any) -> Any:
        if param.name == "cc_numbers":
            want = max(self.ccs, 1)
            if value.size == 1 and want > 1:
                value = np.full(want, float(value.ravel()[0]))
            if value.shape != (want,) or np.any(value != np.rint(value)):
                raise ValueError(f"cc_numbers: expected {want} integer controller numbers, "
                                 f"got {value.tolist()}")
        return value

    def _apply(self, name: str, value: Any) -> None:
        if name == "feedback":
            self.network.feedback = value

    def set_state(self, state: Mapping[str, Any]) -> None:
        """Restore a snapshot taken by :meth:`get_state`; the note range (scale, root, low,
        high) is checked once, as a whole, after all parameters are back, since a saved low
        may lie above the current high until the saved high is restored too.

        Parameters
        ----------
        state : mapping
            ``{"params": ..., "kernel": ...}``; either part may be missing.
        """
        before = {k: self._values[k] for k in _RANGE_PARAMS}
        self._range_deferred = True
        try:
            super().set_state(state)
            self._notes()
        except ValueError:
            self._values.update(before)
            raise
        finally:
            self._range_deferred = False

    def set_param(self, name: str, value: Any) -> None:
        # A scale range without notes is refused now, not at the next frame.
        old = self._values.get(name)
        super().set_param(name, value)
        if name in _RANGE_PARAMS and len(self._values) == len(self.PARAMS) \
                and not getattr(self, "_range_deferred", False):
            try:
                self._notes()
            except ValueError:
                self._values[name] = old
                raise

    def _notes(self) -> np.ndarray:
        v = self._values
        return np.array(midi.scale_notes(v["scale"], v["root"], v["low"], v["high"]))

    # -- processing ---------------------------------------------------------------------------
    @property
    def input_count(self) -> int:
        """Control rows :meth:`process` takes (a host's inlets)."""
        return self.inputs

    def process(self, x: Any, *args: Any, sample_rate: float | None = None) -> np.ndarray:
        """Play frames.

        Parameters
        ----------
        x : array_like, shape (inputs, frames)
            Raw input frames (a 1-D array of frames when there is one input).
        *args : Any
            Refused with a TypeError: the frame rate goes by keyword.
        sample_rate : float, optional
            Frame rate in Hz; when it differs, :attr:`sample_rate` is set to it first.

        Returns
        -------
        numpy.ndarray, shape (2 + ccs, frames), float32
            Per frame: the note, the velocity and each CC value (MIDI numbers).
        """
        if args or sample_rate is not None:
            self._check_call(args, sample_rate)
        block = as_block(x, self.inputs, audio=False)
        with self._lock:
            v = self._values
            lo, hi = v["input_low"], v["input_high"]
            span = hi - lo if hi != lo else 1.0
            raw = np.nan_to_num(block.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
            unit = np.clip(2.0 * (raw - lo) / span - 1.0, -1.0, 1.0).astype(np.float32)
            y = np.clip(self.network.process(unit).astype(np.float64), 0.0, 1.0)
            notes = np.atleast_1d(midi.value_to_note(
                y[0], scale=v["scale"], root=v["root"], note_low=v["low"], note_high=v["high"]))
            velocity = np.atleast_1d(midi.value_to_velocity(
                y[1], velocity_min=v["velocity_low"], velocity_max=v["velocity_high"]))
            ccs = midi.value_to_cc(y[2:])
            if self._recording is not None:
                now = time.monotonic() - self._record_start
                for k in range(block.shape[1]):
                    self._recording.append((now, raw[:, k].copy()))
            for k in range(block.shape[1]):
                self._emit(int(notes[k]), int(velocity[k]), ccs[:, k])
                self.frame_index += 1
            out = np.empty((2 + self.ccs, block.shape[1]), dtype=np.float32)
            out[0], out[1], out[2:] = notes, velocity, ccs
            return out

    def _emit(self, note: int, velocity: int, ccs: np.ndarray) -> None:
        when = self.frame_index / self.sample_rate
        channel = self._values["channel"] - 1
        if note != self.sounding:
            if self.sounding is not None:
                self._note(self.sounding, 0, self.sounding_channel, when)
            self._note(note, velocity, channel, when)
            self.sounding, self.sounding_channel = note, channel
        numbers = self._values["cc_numbers"]
        for j in range(self.ccs):
            value = int(ccs[j])
            if value != self.last_cc[j]:
                self.last_cc[j] = value
                self._cc(int(numbers[j]), value, channel, when)

    def _note(self, note: int, velocity: int, channel: int, when: float) -> None:
        """A note-on, or a release when ``velocity`` is 0 (also as OSC: note velocity)."""
        if self.midi is not None:
            if velocity > 0:
                self.midi.note_on(note, velocity, channel, when)
            else:
                self.midi.note_off(note, channel, when)
        self._send_osc("note", note, velocity)

    def _cc(self, number: int, value: int, channel: int, when: float) -> None:
        if self.midi is not None:
            self.midi.control(number, value, channel, when)
        self._send_osc("cc", number, value)

    def _send_osc(self, leaf: str, *values: int) -> None:
        if self._osc is not None:
            from nrcore.osc_codec import encode_message

            try:
                self._osc.sendto(encode_message(f"{self.osc_prefix}/{leaf}", *values),
                                 self.osc_target)
            except OSError:
                pass  # nobody listening: OSC out is best effort, like Max's [udpsend]

    def notes_off(self) -> None:
        """Release the sounding note (if any)."""
        with self._lock:
            if self.sounding is not None:
                self._note(self.sounding, 0, self.sounding_channel,
                           self.frame_index / self.sample_rate)
                self.sounding = None

    def reset(self) -> None:
        """Release the note, forget the network's feedback state and the last CC values."""
        with self._lock:
            self.notes_off()
            self.network.reset()
            self.last_cc = [-1] * self.ccs

    def close(self) -> None:
        """Release the note and close the outputs (this writes the MIDI file)."""
        self.stop_replay()
        self.notes_off()
        if self.midi is not None:
            self.midi.close()
        if self._osc is not None:
            self._osc.close()
            self._osc = None

    def _kernel_state(self) -> dict[str, Any]:
        return {"network": self.network.get_state(), "frame_index": self.frame_index,
                "sounding": -1 if self.sounding is None else self.sounding,
                "sounding_channel": self.sounding_channel,
                "last_cc": list(self.last_cc)}

    def _set_kernel_state(self, state: Mapping[str, Any]) -> None:
        self.network.set_state(state["network"])
        self.frame_index = int(state["frame_index"])
        self.sounding = None if int(state["sounding"]) < 0 else int(state["sounding"])
        self.sounding_channel = int(state.get("sounding_channel", 0))
        self.last_cc = [int(c) for c in state["last_cc"]]

    # -- gestures -----------------------------------------------------------------------------
    def record_start(self) -> None:
        """Start recording every input frame (with its arrival time)."""
        with self._lock:
            self._recording = []
            self._record_start = time.monotonic()
            self._record_state = self.network.get_state()

    def record_stop(self) -> Gesture:
        """Stop recording; the gesture is kept in :attr:`gesture` and returned."""
        with self._lock:
            frames = self._recording or []
            self._recording = None
        times = np.array([t for t, _ in frames], dtype=np.float64)
        values = (np.array([f for _, f in frames], dtype=np.float64) if frames
                  else np.zeros((0, self.inputs)))
        self.gesture = Gesture(times, values, self._record_state)
        return self.gesture

    def replay(self, gesture: Gesture | None = None, realtime: bool = False,
               on_frame: Callable[[np.ndarray], None] | None = None,
               stop: threading.Event | None = None) -> np.ndarray:
        """Play a recorded gesture's frames again, in order; return the outputs per frame.

        The network's feedback state is first set back to where it was when the gesture was
        recorded (or cleared, for a gesture loaded from a file), so with unchanged parameters
        the replay plays the recorded notes. With ``realtime`` the frames keep their recorded
        spacing in time.

        Parameters
        ----------
        gesture : Gesture, optional
            What to play; the last recorded one (:attr:`gesture`) by default.
        realtime : bool
            Keep the recorded spacing in time (else as fast as possible).
        on_frame : callable, optional
            Called with each frame's outputs.
        stop : threading.Event, optional
            Ends the replay early when set.

        Returns
        -------
        numpy.ndarray, shape (2 + ccs, frames), float32
            The outputs of every frame played.
        """
        gesture = gesture or self.gesture
        if gesture is None:
            raise ValueError("replay: nothing recorded yet")
        if gesture.frames.ndim != 2 or gesture.frames.shape[1] != self.inputs:
            raise ValueError(f"replay: the gesture has frames shaped {gesture.frames.shape}; "
                             f"this instrument has {self.inputs} inputs")
        with self._lock:
            self.notes_off()
            self.last_cc = [-1] * self.ccs
            if gesture.start_state is not None:
                self.network.set_state(gesture.start_state)
            else:
                self.network.reset()
        outputs = np.zeros((2 + self.ccs, len(gesture.frames)), dtype=np.float32)
        start = time.monotonic()
        for k, frame in enumerate(gesture.frames):
            if stop is not None and stop.is_set():
                return outputs[:, :k]
            if realtime:
                delay = gesture.times[k] - gesture.times[0] - (time.monotonic() - start)
                if delay > 0:
                    (stop.wait(delay) if stop is not None else time.sleep(delay))
            outputs[:, k] = self.process(frame.reshape(self.inputs, 1))[:, 0]
            if on_frame is not None:
                on_frame(outputs[:, k])
        return outputs

    def follow(self, source: Any, seconds: float, stop: threading.Event | None = None
               ) -> np.ndarray:
        """Play from an input device: poll ``source`` (anything with ``poll()`` returning
        ``inputs`` values, e.g. :class:`MouseInput`, :class:`JoystickInput`) once per frame at
        the frame rate for ``seconds``; return the outputs per frame.

        Parameters
        ----------
        source : object with poll()
            The input device.
        seconds : float
            How long to play, in seconds.
        stop : threading.Event, optional
            Ends early when set.

        Returns
        -------
        numpy.ndarray, shape (2 + ccs, frames), float32
        """
        frames = int(round(float(seconds) * self.sample_rate))
        outputs = np.zeros((2 + self.ccs, frames), dtype=np.float32)
        start = time.monotonic()
        for k in range(frames):
            delay = start + k / self.sample_rate - time.monotonic()
            if delay > 0:
                (stop.wait(delay) if stop is not None else time.sleep(delay))
            if stop is not None and stop.is_set():
                return outputs[:, :k]
            values = np.asarray(source.poll(), dtype=np.float32).reshape(self.inputs, 1)
            outputs[:, k] = self.process(values)[:, 0]
        return outputs

    def stop_replay(self) -> None:
        """Stop a replay started over OSC and wait for it to end (at most 5 s)."""
        thread = self._replay_thread
        if thread is not None:
            self._replay_stop.set()
            thread.join(timeout=5)
            self._replay_thread = None

    # -- OSC commands (``/nrcore/<id>/<command>`` through nrcore serve) -----------------------
    def osc_record(self, args: Sequence[Any], send: Callable[..., None], files: Any) -> None:
        """record start | stop | save <name.json> | load <name.json>: gesture recording.

        File names are relative to the server's files folder (``files``).

        Parameters
        ----------
        args : sequence
            The OSC message's arguments.
        send : callable
            Sends a reply: ``send(leaf, *values)``.
        files : object
            The server's files folder (``files.path(name, suffix)``).
        """
        action = str(args[0]) if args else ""
        if action == "start" and len(args) == 1:
            self.record_start()
            send("record", "recording", 0)
        elif action == "stop" and len(args) == 1:
            send("record", "stopped", len(self.record_stop().frames))
        elif action in ("save", "load") and len(args) == 2:
            path = files.path(args[1], ".json")
            if action == "save":
                if self.gesture is None:
                    raise ValueError("record save: nothing recorded yet")
                self.gesture.save(path)
            else:
                self.gesture = Gesture.load(path)
            send("record", action + "d", len(self.gesture.frames))
        else:
            raise ValueError("record: expected start, stop, save <file.json> or load "
                             "<file.json>")

    def osc_replay(self, args: Sequence[Any], send: Callable[..., None], files: Any) -> None:
        """replay: play the recorded gesture again in real time; outputs go to out.

        Parameters
        ----------
        args : sequence
            The OSC message's arguments (none are taken).
        send : callable
            Sends a reply: ``send(leaf, *values)``.
        files : object
            The server's files folder (unused).
        """
        if args:
            raise ValueError(f"replay: takes no arguments, got {len(args)}")
        gesture = self.gesture
        if gesture is None or not len(gesture.frames):
            raise ValueError("replay: nothing recorded yet")
        self.stop_replay()
        self._replay_stop = threading.Event()

        def run() -> None:
            self.replay(gesture, realtime=True, stop=self._replay_stop,
                        on_frame=lambda out: send("out", *[int(v) for v in out]))
            send("replay", "done", len(gesture.frames))

        self._replay_thread = threading.Thread(target=run, name="nrcore-replay", daemon=True)
        send("replay", "started", len(gesture.frames))
        self._replay_thread.start()


__all__ = ["Gesture", "Instrument", "JoystickInput", "MidiFileOutput", "MidiPortOutput",
           "MouseInput", "open_midi_output"]
