"""Gates, the rotary encoder and the push button on GPIO lines (gpiod; Jetson.GPIO fallback).

Everything here works on a *line request*: an object with gpiod 2.x's ``LineRequest`` methods
``get_value(offset)``, ``wait_edge_events(timeout)`` and ``read_edge_events()`` returning
events with ``event_type`` (RISING_EDGE / FALLING_EDGE), ``timestamp_ns`` and ``line_offset``.
:func:`request_lines` builds a real one (kernel debounce where the GPIO chip supports it);
:class:`JetsonGPIOLines` gives the same methods on top of Jetson.GPIO for old JetPack kernels
(< 5.10, no GPIO character-device v2 interface). gpiod objects are not thread-safe: one thread
(the launcher's control thread) owns each request.

Debouncing is done again in software from the event timestamps, since many GPIO chips (and
Jetson.GPIO) have no hardware debounce:

* :class:`Button`: a level change counts once it has been stable for ``debounce_ms``; a press
  shorter than ``long_ms`` is a click, a longer one a long press;
* :class:`Encoder`: quadrature decoding through the Gray-code transition table, so contact
  bounce on one line moves the count back and forth and cancels out; one detent is
  ``steps_per_detent`` valid transitions;
* :class:`GateLine`: a gate through a transistor input stage (active low by default), with a
  rising-edge counter so that a pulse shorter than one control period is still seen.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Iterable

RISING, FALLING = "rising", "falling"


def _edge_kind(event: Any) -> str:
    name = getattr(event.event_type, "name", str(event.event_type))
    return RISING if "RISING" in name.upper() else FALLING


def _level(value: Any) -> int:
    name = getattr(value, "name", None)
    if name is not None:
        return 1 if name == "ACTIVE" else 0
    return 1 if int(value) else 0


def request_lines(chip: str, offsets: Iterable[int], consumer: str = "nrcore-rack",
                  debounce_ms: float = 0.0, pull_up: bool = True) -> Any:
    """Request input lines with edge events on both edges through gpiod 2.x.

    Parameters
    ----------
    chip : str
        ``/dev/gpiochip0`` (or its name).
    offsets : iterable of int
        Line offsets on that chip (not board pin numbers: see jetson/README.md).
    debounce_ms : float
        Kernel debounce, where the chip supports it (software debouncing happens anyway).
    """
    import gpiod
    from gpiod.line import Bias, Direction, Edge

    path = chip if chip.startswith("/") else f"/dev/{chip}"
    settings = gpiod.LineSettings(direction=Direction.INPUT, edge_detection=Edge.BOTH,
                                  bias=Bias.PULL_UP if pull_up else Bias.AS_IS,
                                  debounce_period=timedelta(milliseconds=debounce_ms))
    return gpiod.request_lines(path, consumer=consumer, config={tuple(offsets): settings})


@dataclass
class _Event:
    event_type: Any
    timestamp_ns: int
    line_offset: int


class _Kind:
    def __init__(self, name: str) -> None:
        self.name = name


class JetsonGPIOLines:
    """The line-request methods on Jetson.GPIO (BOARD pin numbers as offsets).

    For JetPack releases whose kernel lacks the GPIO v2 character device that gpiod 2.x needs.
    Jetson.GPIO ignores pull-up settings: the inputs need external pull-ups (jetson/README.md).
    """

    def __init__(self, pins: Iterable[int]) -> None:
        import Jetson.GPIO as GPIO  # only importable on a Jetson

        self._gpio = GPIO
        self.offsets = list(pins)
        self._events: list[_Event] = []
        self._cond = threading.Condition()
        if GPIO.getmode() is None:
            GPIO.setmode(GPIO.BOARD)
        elif GPIO.getmode() != GPIO.BOARD:
            raise ValueError("gpio: Jetson.GPIO is already in another numbering mode; the "
                             "rack's lines are BOARD pin numbers")
        for pin in self.offsets:
            GPIO.setup(pin, GPIO.IN)
            GPIO.add_event_detect(pin, GPIO.BOTH, callback=self._on_edge)

    def _on_edge(self, pin: int) -> None:
        kind = "RISING_EDGE" if self._gpio.input(pin) else "FALLING_EDGE"
        with self._cond:
            self._events.append(_Event(_Kind(kind), time.monotonic_ns(), pin))
            self._cond.notify_all()

    def get_value(self, line: int) -> int:
        return int(self._gpio.input(line))

    def wait_edge_events(self, timeout: Any = None) -> bool:
        if isinstance(timeout, timedelta):
            timeout = timeout.total_seconds()
        with self._cond:
            if not self._events:
                self._cond.wait(timeout)
            return bool(self._events)

    def read_edge_events(self, max_events: int | None = None) -> list[_Event]:
        with self._cond:
            taken, self._events = self._events, []
        return taken

    def release(self) -> None:
        for pin in self.offsets:
            self._gpio.remove_event_detect(pin)
        self._gpio.cleanup(self.offsets)


class Button:
    """A debounced push button (active low: pressed pulls the line to ground).

    Feed it edge events (:meth:`feed`) and ask for finished gestures (:meth:`poll`); both take
    timestamps in nanoseconds from the same monotonic clock as the events.
    """

    def __init__(self, offset: int, debounce_ms: float = 20.0, long_ms: float = 800.0,
                 active_low: bool = True, level: int = 1) -> None:
        if not 0.0 <= debounce_ms <= 1000.0:
            raise ValueError(f"debounce_ms: {debounce_ms!r} is outside [0, 1000]")
        if not debounce_ms < long_ms <= 10000.0:
            raise ValueError(f"long_ms: {long_ms!r} must exceed debounce_ms and be <= 10000")
        self.offset = offset
        self.debounce_ns = int(debounce_ms * 1e6)
        self.long_ns = int(long_ms * 1e6)
        self.active_low = active_low
        self._raw = level
        self._raw_since = 0
        self._stable = level
        self._pressed_at: int | None = None
        self._long_sent = False
        self.bounces = 0

    def _pressed_level(self) -> int:
        return 0 if self.active_low else 1

    def feed(self, event: Any) -> None:
        if event.line_offset != self.offset:
            return
        level = 1 if _edge_kind(event) == RISING else 0
        if level != self._raw:
            if event.timestamp_ns - self._raw_since < self.debounce_ns:
                self.bounces += 1
            self._raw = level
            self._raw_since = event.timestamp_ns

    def poll(self, now_ns: int) -> list[str]:
        """Gestures finished by ``now_ns``: ``"click"`` (released before ``long_ms``) and
        ``"long"`` (sent once, as soon as the button has been held ``long_ms``)."""
        out = []
        if self._raw != self._stable and now_ns - self._raw_since >= self.debounce_ns:
            self._stable = self._raw
            if self._stable == self._pressed_level():
                self._pressed_at = self._raw_since
                self._long_sent = False
            else:
                if self._pressed_at is not None and not self._long_sent:
                    out.append("click")
                self._pressed_at = None
        if (self._pressed_at is not None and not self._long_sent
                and now_ns - self._pressed_at >= self.long_ns):
            self._long_sent = True
            out.append("long")
        return out


# Gray-code quadrature: (previous AB, new AB) -> step. Impossible jumps (both lines changed)
# count 0: they are lost edges, not motion.
_QUADRATURE = {
    (0b00, 0b01): +1, (0b01, 0b11): +1, (0b11, 0b10): +1, (0b10, 0b00): +1,
    (0b00, 0b10): -1, (0b10, 0b11): -1, (0b11, 0b01): -1, (0b01, 0b00): -1,
}


class Encoder:
    """A quadrature rotary encoder on two lines; :meth:`take` returns whole detents moved."""

    def __init__(self, offset_a: int, offset_b: int, steps_per_detent: int = 4,
                 level_a: int = 1, level_b: int = 1, reverse: bool = False) -> None:
        if steps_per_detent not in (1, 2, 4):
            raise ValueError(f"steps_per_detent: {steps_per_detent!r} is not 1, 2 or 4")
        self.offset_a, self.offset_b = offset_a, offset_b
        self.steps_per_detent = steps_per_detent
        self._state = (level_a << 1) | level_b
        self._steps = 0
        self._sign = -1 if reverse else 1
        self.invalid = 0

    def feed(self, event: Any) -> None:
        level = 1 if _edge_kind(event) == RISING else 0
        if event.line_offset == self.offset_a:
            new = (level << 1) | (self._state & 1)
        elif event.line_offset == self.offset_b:
            new = (self._state & 0b10) | level
        else:
            return
        if new == self._state:
            return
        step = _QUADRATURE.get((self._state, new), 0)
        if step == 0:
            self.invalid += 1
        self._steps += step
        self._state = new

    def take(self) -> int:
        """Detents turned since the last call (positive: clockwise)."""
        detents = int(self._steps / self.steps_per_detent)
        self._steps -= detents * self.steps_per_detent
        return self._sign * detents


class GateLine:
    """A gate on a GPIO line. The input stage inverts (a transistor pulls the line low while
    the gate is high), hence ``active_low``; rising gate edges are counted."""

    def __init__(self, offset: int, active_low: bool = True, level: int = 1) -> None:
        self.offset = offset
        self.active_low = active_low
        self.high = self._gate(level)
        self.rises = 0
        self._rise_ns: list[int] = []

    def take_rise_times(self) -> list[int]:
        """Event timestamps (ns) of the rising gate edges since the last call."""
        taken, self._rise_ns = self._rise_ns, []
        return taken

    def _gate(self, level: int) -> bool:
        return bool(level) != self.active_low

    def feed(self, event: Any) -> None:
        if event.line_offset != self.offset:
            return
        high = self._gate(1 if _edge_kind(event) == RISING else 0)
        if high and not self.high:
            self.rises += 1
            if len(self._rise_ns) < 4096:
                self._rise_ns.append(int(event.timestamp_ns))
        self.high = high

    @property
    def volts(self) -> float:
        """The gate as the engine sees it: 5 V high, 0 V low."""
        return 5.0 if self.high else 0.0


def initial_level(request: Any, offset: int) -> int:
    return _level(request.get_value(offset))
