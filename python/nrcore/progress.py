"""A dependency-free progress line on stderr for long renders."""
from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class Progress:
    """``with Progress("dual neuron", total) as bar: bar.update(n)``; silent when not a TTY
    unless ``force`` is set, and always prints a final line with the elapsed time.

    Parameters
    ----------
    label : str
        Name shown on the line.
    total : int
        Units of work (samples) in all.
    stream : text stream, optional
        Where to print (stderr by default).
    force : bool
        Draw the bar even when ``stream`` is not a terminal.
    """

    def __init__(self, label: str, total: int, stream: TextIO | None = None,
                 force: bool = False) -> None:
        self.label, self.total, self.done = label, max(int(total), 1), 0
        self.stream = stream or sys.stderr
        self.live = force or getattr(self.stream, "isatty", lambda: False)()
        self.started = time.perf_counter()
        self._last = -1

    def update(self, n: int) -> None:
        """Count ``n`` more units done and redraw the bar when the percentage changed.

        Parameters
        ----------
        n : int
            Units just finished.
        """
        self.done = min(self.done + int(n), self.total)
        percent = 100 * self.done // self.total
        if self.live and percent != self._last:
            self._last = percent
            filled = percent // 5
            self.stream.write(f"\r  {self.label:<24} [{'#' * filled}{'.' * (20 - filled)}] {percent:3d}%")
            self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: Any) -> None:
        elapsed = time.perf_counter() - self.started
        end = "\r" if self.live else ""
        self.stream.write(f"{end}  {self.label:<24} done in {elapsed:.2f} s{' ' * 20}\n")
        self.stream.flush()
