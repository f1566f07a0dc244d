"""Bus-level stand-ins for ``nrcore rack --sim``: GPIO lines that behave like the kernel's.

:class:`SimLines` has the gpiod 2.x ``LineRequest`` methods the control thread uses. Driving a
line (:meth:`SimLines.drive`) queues an edge event stamped with ``time.monotonic_ns()`` (or a
given time), the way the kernel's GPIO character device stamps an interrupt: a pulse shorter
than the control thread's poll period leaves two queued events, so it is seen exactly as on a
Jetson, and one that the kernel would see is never lost here either. The queue holds at most
``EVENT_QUEUE`` events (the kernel's buffer is finite too; overflow drops the oldest and is
counted). Everything above this class (GateLine, Encoder, Button, ControlReader, the engine)
is the real code.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Iterable

#: Edge events a line request buffers before the oldest are dropped.
EVENT_QUEUE = 1024


@dataclass
class _EventType:
    name: str


RISING_EDGE = _EventType("RISING_EDGE")
FALLING_EDGE = _EventType("FALLING_EDGE")


@dataclass
class SimEdgeEvent:
    """An edge event with gpiod's attribute names."""

    event_type: _EventType
    timestamp_ns: int
    line_offset: int


class SimLines:
    """Input lines with pull-ups (idle level 1) and a timestamped edge-event queue.

    Parameters
    ----------
    offsets : iterable of int
        Line offsets this request holds.
    level : int
        Initial level of every line (1: pulled up).
    """

    def __init__(self, offsets: Iterable[int], level: int = 1) -> None:
        self.offsets = list(offsets)
        self.levels = {o: int(level) for o in self.offsets}
        self._events: list[SimEdgeEvent] = []
        self._cond = threading.Condition()
        self.dropped = 0

    def drive(self, offset: int, level: int, timestamp_ns: int | None = None) -> None:
        """Set a line's level; queues an edge event if it changed."""
        if offset not in self.levels:
            raise ValueError(f"line {offset} is not requested; lines: {self.offsets}")
        level = 1 if level else 0
        with self._cond:
            if self.levels[offset] == level:
                return
            self.levels[offset] = level
            stamp = time.monotonic_ns() if timestamp_ns is None else int(timestamp_ns)
            self._events.append(SimEdgeEvent(RISING_EDGE if level else FALLING_EDGE, stamp,
                                             offset))
            if len(self._events) > EVENT_QUEUE:
                self.dropped += len(self._events) - EVENT_QUEUE
                del self._events[:-EVENT_QUEUE]
            self._cond.notify_all()

    # -- the gpiod LineRequest methods ------------------------------------------------------
    def get_value(self, offset: int) -> int:
        return self.levels[offset]

    def wait_edge_events(self, timeout: Any = None) -> bool:
        if hasattr(timeout, "total_seconds"):
            timeout = timeout.total_seconds()
        with self._cond:
            if not self._events and (timeout is None or timeout > 0):
                self._cond.wait(timeout)
            return bool(self._events)

    def read_edge_events(self, max_events: int | None = None) -> list[SimEdgeEvent]:
        with self._cond:
            taken, self._events = self._events, []
        return taken

    def release(self) -> None:
        pass
