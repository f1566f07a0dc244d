"""Bounds of ``nrcore serve``: what one client may make the server allocate, compute or log.

Whoever can reach the port can send requests, so every request that allocates is priced
*before* anything is allocated, from the sizes the request names (neurons, delay lengths,
layer sizes, example counts), and refused with a one-line error when it would pass the
client's budget or the server's. A client is one sending socket (UDP host and port) or one TCP
connection. The log is bounded too: lines are truncated and rate-limited, so a flood of
hostile datagrams cannot fill a disk or a Max console.

The memory prices are upper bounds of what the kernels allocate, measured on this machine
(``tests/test_osc_fuzz.py`` checks them against the process's resident memory): a delay line
is a power-of-two ring of float64 per neuron, an MLP keeps its weights about three times
(Python arrays, kernel copy, transposed copy), training holds a copy of the network, two Adam
moments and the activations of every example.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

#: Bytes every instance is charged at least (the object, its kernel, small buffers).
BASE_BYTES = 256 * 1024
#: Parameters whose value sizes a delay line (``name: lines per instance`` from the kind).
DELAY_PARAMS = ("feedback_delay", "delay", "cross_delay")


@dataclass(frozen=True)
class Limits:
    """The server's bounds; the defaults suit one musician's computer.

    Parameters
    ----------
    client_memory : int
        Bytes one client's instances (and their examples and trainings) may hold.
    total_memory : int
        Bytes all clients together may hold.
    client_instances, total_instances : int
        Live instances per client and in all.
    ann_layers : int
        Most weight layers of a network (``len(sizes) - 1``).
    ann_width : int
        Most units in one layer.
    examples : int
        Most training examples one instance keeps.
    client_trainings, total_trainings : int
        Trainings running at once per client and in all (each is a thread on the CPU the
        audio also needs).
    training_work : float
        Most multiply-adds one training may take (epochs x examples x weights x 6).
    tcp_connections : int
        TCP connections open at once (each holds one thread).
    tcp_idle : float
        Seconds a TCP connection may stay silent before it is closed.
    log_line : int
        Characters of one log line; the rest is cut and its length said.
    log_burst, log_rate : float
        Log lines allowed at once, then per second; the count dropped is logged later.
    """

    client_memory: int = 64 * 2**20
    total_memory: int = 512 * 2**20
    client_instances: int = 256
    total_instances: int = 1024
    ann_layers: int = 16
    ann_width: int = 1024
    examples: int = 10_000
    client_trainings: int = 1
    total_trainings: int = 2
    training_work: float = 2e11
    tcp_connections: int = 16
    tcp_idle: float = 120.0
    log_line: int = 300
    log_burst: float = 50.0
    log_rate: float = 10.0


def _next_pow2(n: int) -> int:
    size = 1
    while size < n:
        size <<= 1
    return size


def _int(value: Any, default: int) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    if not np.isfinite(number):
        return default
    return int(min(max(number, 0.0), 2**40))


def ann_sizes(kwargs: Mapping[str, Any], default: tuple[int, ...] = (2, 8, 3)) -> list[int]:
    """The layer sizes a request names (``sizes 2 8 1``), as integers (unchecked)."""
    sizes = kwargs.get("sizes", default)
    if isinstance(sizes, (int, float)) and not isinstance(sizes, bool):
        sizes = [sizes]
    if not isinstance(sizes, (list, tuple, np.ndarray)):
        return list(default)
    return [_int(s, 0) for s in sizes]


def check_ann(kind: str, kwargs: Mapping[str, Any], limits: Limits) -> None:
    """Refuse a network deeper or wider than the limits, before anything is built."""
    if kind == "ann":
        sizes = ann_sizes(kwargs)
    elif kind == "instrument":
        sizes = [_int(kwargs.get("inputs", 2), 2), _int(kwargs.get("hidden", 8), 8),
                 2 + _int(kwargs.get("ccs", 2), 2)]
    else:
        return
    if len(sizes) - 1 > limits.ann_layers:
        raise ValueError(f"/nrcore/create {kind}: {len(sizes) - 1} weight layers; this server "
                         f"allows at most {limits.ann_layers}")
    if sizes and max(sizes) > limits.ann_width:
        raise ValueError(f"/nrcore/create {kind}: a layer of {max(sizes)} units; this server "
                         f"allows at most {limits.ann_width} per layer")


def instance_bytes(kind: str, kwargs: Mapping[str, Any], values: Mapping[str, Any]) -> int:
    """Upper bound (bytes) of what an instance of processor ``kind`` allocates.

    Parameters
    ----------
    kind : str
        Processor name (``neuron``, ``net``, ``ann``...).
    kwargs : mapping
        Constructor arguments of the request (structural sizes).
    values : mapping
        Parameter values in force (the request's, else the current or default ones): the
        delay lengths.
    """
    total = BASE_BYTES
    delay = max([_int(values.get(name, 0), 0) for name in DELAY_PARAMS] + [0])
    ring = _next_pow2(delay + 1) * 8 if delay else 0
    if kind == "neuron":
        total += ring + 64 * _int(kwargs.get("inputs", 3), 3)
    elif kind == "dualneuron":
        total += 2 * ring + 128 * _int(kwargs.get("inputs", 3), 3)
    elif kind == "net":
        neurons = _int(kwargs.get("neurons", 8), 8)
        inputs = _int(kwargs.get("inputs", 3), 3)
        total += neurons * ring + 4 * 8 * neurons * (neurons + inputs + 4)
    elif kind in ("ann", "instrument"):
        if kind == "ann":
            sizes = ann_sizes(kwargs)
        else:
            sizes = [_int(kwargs.get("inputs", 2), 2), _int(kwargs.get("hidden", 8), 8),
                     2 + _int(kwargs.get("ccs", 2), 2)]
        weights = sum((a + sizes[-1] + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
        total += 4 * 8 * weights
    elif kind == "learn":
        total += 64 * _int(kwargs.get("inputs", 3), 3)
    elif kind == "learnnet":
        inputs = _int(kwargs.get("inputs", 3), 3)
        hidden = _int(kwargs.get("hidden", 4), 4)
        total += 8 * 8 * hidden * (inputs + 2) + 2 * 2**20
    elif kind in ("synth", "rack"):
        total += 4 * 2**20          # a shipped model's weights and the voice buffers
    return total


def example_bytes(inputs: int, outputs: int) -> int:
    """Bytes one recorded example holds (two small numpy arrays)."""
    return 2 * 112 + 8 * (inputs + outputs)


def training_cost(sizes: list[int], examples: int, epochs: int) -> tuple[int, float]:
    """(bytes, multiply-adds) of one training run of an MLP with layer ``sizes``."""
    weights = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    memory = 6 * 8 * weights + 4 * 8 * examples * sum(sizes) + BASE_BYTES
    return memory, 6.0 * epochs * max(examples, 1) * weights


class Accounts:
    """Who owns which instance and how many bytes each is charged; thread-safe enough for
    the server, which changes it under its own lock."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.owner: dict[str, Any] = {}
        self.instance: dict[str, int] = {}      # bytes of the instance itself
        self.extra: dict[str, int] = {}         # bytes of its examples and training

    def charged(self, key: str) -> int:
        return self.instance.get(key, 0) + self.extra.get(key, 0)

    def client_total(self, client: Any) -> int:
        return sum(self.charged(k) for k, c in self.owner.items() if c == client)

    def total(self) -> int:
        return sum(self.charged(k) for k in self.owner)

    def client_count(self, client: Any) -> int:
        return sum(1 for c in self.owner.values() if c == client)

    def check(self, client: Any, what: str, more: int, replacing: str | None = None) -> None:
        """Refuse ``more`` bytes for ``client`` when a budget would be passed."""
        freed = self.charged(replacing) if replacing in self.owner else 0
        mine = self.client_total(client) - (
            freed if replacing is not None and self.owner.get(replacing) == client else 0)
        if mine + more > self.limits.client_memory:
            raise ValueError(f"{what}: needs {more / 2**20:.1f} MB; this client holds "
                             f"{mine / 2**20:.1f} MB of its {self.limits.client_memory / 2**20:.0f}"
                             " MB budget; free instances or ask for less")
        if self.total() - freed + more > self.limits.total_memory:
            raise ValueError(f"{what}: needs {more / 2**20:.1f} MB, more than the server has "
                             "left; try again later or ask for less")

    def set(self, key: str, client: Any, size: int) -> None:
        self.owner[key] = client
        self.instance[key] = int(size)
        self.extra[key] = 0

    def drop(self, key: str) -> None:
        self.owner.pop(key, None)
        self.instance.pop(key, None)
        self.extra.pop(key, None)


class BoundedLog(logging.Filter):
    """Truncates every record of a logger to ``line`` characters and lets through at most
    ``burst`` records at once and ``rate`` per second after that; the number dropped is said in
    the next record that passes. A record logged with ``extra={"always": True}`` (the
    server's own start-up warnings) is truncated but never dropped: a flood of hostile
    requests must not hide that the server listens beyond this computer."""

    def __init__(self, line: int = 300, burst: float = 50.0, rate: float = 10.0) -> None:
        super().__init__()
        self.line, self.burst, self.rate = int(line), float(burst), float(rate)
        self.tokens = float(burst)
        self.stamp = time.monotonic()
        self.dropped = 0
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        with self._lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if getattr(record, "always", False):
                pass
            elif self.tokens < 1.0:
                self.dropped += 1
                return False
            else:
                self.tokens -= 1.0
            dropped, self.dropped = self.dropped, 0
        text = record.getMessage()
        if len(text) > self.line:
            text = f"{text[:self.line]}... ({len(text) - self.line} more characters)"
        if dropped:
            text = f"({dropped} log lines dropped) {text}"
        record.msg, record.args = text, None
        return True
