"""From hardware to engine inputs: the control thread and the lock-free handoff of its values.

The control thread (:class:`ControlReader`) owns every bus: it reads the ADC channels and GPIO
lines, applies calibration, counts gate pulses and publishes six voltages through
:class:`ControlValues`. The render side only ever *reads* that object: no lock, no queue, no
waiting (a sequence counter tells it when a write overlapped its copy, and it retries a few
times, then uses what it has). Menu gestures (encoder detents, clicks) go to the UI thread in a
``queue.SimpleQueue``, which never blocks its writer.
"""
from __future__ import annotations

import collections
import queue
import threading
import traceback
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from nrcore.rack.engine import INPUTS
from nrcore.hosts.jetson.hardware.ads1x15 import ADCChannel, Calibration
from nrcore.hosts.jetson.hardware.gpio import Button, Encoder, GateLine

GATE_ON_V = 2.5
GATE_OFF_V = 1.5


class ControlValues:
    """Single-writer, many-reader handoff of the six input voltages and gate-1/2 pulse counts.

    A sequence lock: the writer makes the sequence number odd, writes, and makes it even again;
    a reader copies only while the number is even and the same before and after its copy, and
    otherwise retries. After a few failed tries (the writer was preempted mid-write) the reader
    keeps the last consistent values it got, so it never waits and never sees a torn mix.
    No array is allocated on the reader's side (it runs in the audio path).
    """

    def __init__(self) -> None:
        self._volts = np.zeros(len(INPUTS))
        self._rises = np.zeros(2, dtype=np.int64)
        self._seq = 0
        self._scratch = np.zeros(len(INPUTS))
        self._good_volts = np.zeros(len(INPUTS))
        self._good_rises = (0, 0)
        self.torn_reads = 0

    def publish(self, volts: Any, rises: tuple[int, int]) -> None:
        self._seq += 1          # odd: a write is under way
        self._volts[:] = volts
        self._rises[:] = rises
        self._seq += 1          # even: consistent again

    def read(self, out: np.ndarray) -> tuple[int, int]:
        """Copy the latest voltages into ``out`` (float64, 6); returns the pulse counts."""
        for _ in range(4):
            seq = self._seq
            if not seq & 1:
                np.copyto(self._scratch, self._volts)
                rises = (int(self._rises[0]), int(self._rises[1]))
                if self._seq == seq:
                    np.copyto(self._good_volts, self._scratch)
                    self._good_rises = rises
                    break
            self.torn_reads += 1
        np.copyto(out, self._good_volts)
        return self._good_rises


@dataclass
class InputAssignment:
    """Which source feeds each engine input: ``"adc0:2"`` (ADC ``adc0``, pin AIN2),
    ``"gpio:17"`` (line offset 17, gates only), ``"none"`` (0 V), or for the simulator
    ``"sim"`` (set directly)."""

    sources: dict[str, str] = field(default_factory=lambda: {k: "none" for k in INPUTS})

    def __post_init__(self) -> None:
        for key, source in self.sources.items():
            check_source(key, source)
        for key in INPUTS:
            self.sources.setdefault(key, "none")


def check_source(key: str, source: str) -> None:
    if key not in INPUTS:
        raise ValueError(f"inputs: {key!r} is not one of {', '.join(INPUTS)}")
    kind = source.split(":", 1)[0]
    if kind not in ("adc", "gpio", "none", "sim") and not source.startswith("adc"):
        raise ValueError(f"inputs.{key}: {source!r} is not 'adcN:CH', 'gpio:OFFSET', 'sim' or "
                         "'none'")
    if kind == "gpio" and not key.startswith("gate"):
        raise ValueError(f"inputs.{key}: a CV needs an ADC channel, not {source!r}")


class ControlReader:
    """Reads every assigned input and publishes the voltages; turns encoder and button edges
    into menu events.

    Parameters
    ----------
    channels : mapping of str to ADCChannel
        ADC inputs by source name (``"adc0:2"``).
    assignment : InputAssignment
    values : ControlValues
        Where the voltages go.
    gpio : object, optional
        A line request (gpiod) holding the gate lines, the encoder and the button.
    gate_lines : mapping of int to GateLine
        GPIO gates by line offset.
    encoder, button : optional
    events : queue.SimpleQueue, optional
        Receives ``("turn", detents)``, ``("click", 0)`` and ``("long", 0)``.
    sim_volts : ndarray, optional
        Six voltages written by a simulator for inputs assigned ``"sim"``.
    """

    def __init__(self, channels: Mapping[str, ADCChannel], assignment: InputAssignment,
                 values: ControlValues, gpio: Any = None,
                 gate_lines: Mapping[int, GateLine] | None = None,
                 encoder: Encoder | None = None, button: Button | None = None,
                 events: "queue.SimpleQueue[Any] | None" = None,
                 sim_volts: np.ndarray | None = None,
                 clock_ns: Callable[[], int] = time.monotonic_ns) -> None:
        self.channels = dict(channels)
        self.assignment = assignment
        self.values = values
        self.gpio = gpio
        self.gate_lines = dict(gate_lines or {})
        self.encoder = encoder
        self.button = button
        self.events = events if events is not None else queue.SimpleQueue()
        self.sim_volts = sim_volts if sim_volts is not None else np.zeros(len(INPUTS))
        self.sim_rises = [0, 0]      # pulses a simulator reports (shorter than a poll)
        self._clock = clock_ns
        self._volts = np.zeros(len(INPUTS))
        self._gate_high = [False, False]
        self._rises = [0, 0]
        self._cv_turn = 0
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.error: str | None = None
        self.sched = "normal"
        self.polls = 0
        #: Monotonic ns of recent gate-1 rising edges (GPIO event timestamps where the gate is
        #: a GPIO line, else the time the rise was seen): the latency measurements use them.
        self._edges: collections.deque[int] = collections.deque(maxlen=8192)
        self.sim_edge_ns: list[int] = []   # a simulator's own rise times (gate 1)
        for source in assignment.sources.values():
            if source.startswith("adc") and source not in self.channels:
                raise ValueError(f"inputs: {source!r} names an ADC channel that is not "
                                 f"configured; configured: {', '.join(self.channels) or 'none'}")
            if source.startswith("gpio:") and int(source[5:]) not in self.gate_lines:
                raise ValueError(f"inputs: {source!r} names a GPIO line that is not set up")

    # -- statistics -------------------------------------------------------------------------
    @property
    def i2c_errors(self) -> int:
        return sum(c.errors for c in self.channels.values())

    def assign(self, key: str, source: str) -> None:
        """Re-route an engine input at run time (from the menu)."""
        check_source(key, source)
        if source.startswith("adc") and source not in self.channels:
            raise ValueError(f"inputs.{key}: {source!r} is not a configured ADC channel")
        self.assignment.sources[key] = source

    def sources_for(self, key: str) -> list[str]:
        """Sources the menu may offer for ``key``."""
        out = ["none", *self.channels]
        if key.startswith("gate"):
            out += [f"gpio:{o}" for o in self.gate_lines]
        if "sim" in self.assignment.sources.values():
            out.append("sim")
        return out

    # -- one pass ---------------------------------------------------------------------------
    def _gpio_events(self) -> None:
        if self.gpio is None:
            return
        if not self.gpio.wait_edge_events(0):
            return
        for event in self.gpio.read_edge_events():
            for line in self.gate_lines.values():
                line.feed(event)
            if self.encoder is not None:
                self.encoder.feed(event)
            if self.button is not None:
                self.button.feed(event)

    def poll_once(self) -> None:
        """One pass: GPIO events, both gates, then one ADC CV in turn (round-robin), every
        other input; publish.

        An ADS1115 conversion takes about 1.2 ms, so reading the gates on every pass and the
        ADC CVs one per pass keeps gates sampled every ~2.5 ms (not every ~7.5 ms) while each
        CV still updates at ~100 Hz, above the model's 86 frames/s.
        """
        self._gpio_events()
        adc_cvs = [i for i in range(2, len(INPUTS))
                   if self.assignment.sources[INPUTS[i]] in self.channels]
        turn = adc_cvs[self._cv_turn % len(adc_cvs)] if adc_cvs else None
        self._cv_turn += 1
        for i in range(len(INPUTS)):
            key = INPUTS[i]
            source = self.assignment.sources[key]
            if i >= 2 and source in self.channels and i != turn:
                continue            # read on another pass; the last value stands
            if source == "none":
                v = 0.0
            elif source == "sim":
                v = float(self.sim_volts[i])
            elif source.startswith("gpio:"):
                v = self.gate_lines[int(source[5:])].volts
            else:
                v = self.channels[source].read()
            self._volts[i] = v
            if i < 2:
                self._count_gate(i, v, source)
        self.values.publish(self._volts, (self._rises[0], self._rises[1]))
        self.polls += 1
        if self.encoder is not None:
            turned = self.encoder.take()
            if turned:
                self.events.put(("turn", turned))
        if self.button is not None:
            for gesture in self.button.poll(self._clock()):
                self.events.put((gesture, 0))

    def edge_times(self) -> list[int]:
        """Monotonic ns of the recent gate-1 rises (at most 8192), oldest first."""
        return list(self._edges)

    def _count_gate(self, i: int, volts: float, source: str) -> None:
        if source.startswith("gpio:"):
            line = self.gate_lines[int(source[5:])]
            # Edges counted from the events, so pulses between two polls are not lost.
            if i == 0:
                self._edges.extend(line.take_rise_times())
            self._rises[i] = line.rises
            self._gate_high[i] = line.high
            return
        if source == "sim":
            if i == 0 and self.sim_rises[0] > self._rises[0]:
                self._edges.extend(self.sim_edge_ns[-(self.sim_rises[0] - self._rises[0]):])
            self._rises[i] = max(self._rises[i], self.sim_rises[i])
        high = self._gate_high[i]
        if not high and volts > GATE_ON_V:
            self._gate_high[i] = True
            if source != "sim":
                self._rises[i] += 1
                if i == 0:
                    self._edges.append(self._clock())
        elif high and volts < GATE_OFF_V:
            self._gate_high[i] = False

    # -- the thread -------------------------------------------------------------------------
    def start(self, rate_hz: float = 500.0, priority: int = 0) -> threading.Thread:
        """Start the control thread, ``rate_hz`` passes a second, SCHED_FIFO at ``priority``
        where permitted (0: normal scheduling; :attr:`sched` says what was granted)."""
        period = 1.0 / float(rate_hz)

        def loop() -> None:
            next_at = time.monotonic()
            while not self._stop.is_set():
                self.poll_once()
                next_at += period
                delay = next_at - time.monotonic()
                if delay > 0:
                    if self.gpio is not None and self.gate_lines:
                        # Woken by the first GPIO edge: a gate reaches the render thread at
                        # once, not at the next poll.
                        self.gpio.wait_edge_events(delay)
                    else:
                        self._stop.wait(delay)
                else:
                    next_at = time.monotonic()  # the bus is slower than asked: run flat out

        def guarded() -> None:
            if priority > 0:
                from nrcore._audio import set_thread_realtime
                err = set_thread_realtime(priority)
                self.sched = f"SCHED_FIFO {priority}" if err == 0 else f"refused (errno {err})"
            try:
                loop()
            except BaseException as exc:  # noqa: BLE001 - reported by the supervisor
                self.error = f"control: {type(exc).__name__}: {exc}"
                traceback.print_exc()   # to the journal; the thread ends

        self.thread = threading.Thread(target=guarded, name="nrcore-rack-controls", daemon=True)
        self.thread.start()
        return self.thread

    def stop(self) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout=2.0)


def calibration_from_config(table: Mapping[str, Any]) -> dict[str, Calibration]:
    """``{"adc0:2": {"scale": ..., "offset": ...}}`` to Calibration objects."""
    out = {}
    for source, values in table.items():
        if not isinstance(values, Mapping):
            raise ValueError(f"calibration.{source}: expected a table with scale and offset")
        unknown = set(values) - {"scale", "offset"}
        if unknown:
            raise ValueError(f"calibration.{source}: unknown keys {sorted(unknown)}")
        out[source] = Calibration(float(values.get("scale", Calibration.scale)),
                                  float(values.get("offset", Calibration.offset)))
    return out
