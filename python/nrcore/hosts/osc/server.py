"""``nrcore serve``: an OSC server hosting nrcore processors by name, for Max and friends.

Transport: UDP (default, bound to 127.0.0.1) and optionally TCP, with either SLIP framing
(OSC 1.1) or a 4-byte big-endian length before each packet (OSC 1.0, what liblo's
``osc.tcp://`` sends); the framing is read from a connection's first byte and replies use the
same. TCP connections are limited in number and closed when idle.
Every datagram is parsed by python-osc and dispatched here by address; handlers check the
argument count and types themselves (python-osc passes truncated arguments for unknown type
tags), accept an int wherever a float is expected, and answer errors on ``/nrcore/error``.
No error stops the server. Replies carry only int32, float32 and strings (see
:mod:`nrcore.osc_codec`).

Replies go back to the UDP port the sender registered with ``/nrcore/reply_port`` (Max sends
from its ``[udpsend]`` socket and listens with ``[udpreceive]`` on another port), else to
``--reply-port``, else to the sender's own address. A registration belongs to the sending
socket (host and port), so several clients on one computer do not take each other's replies.
Over TCP replies go back on the same connection.

Bounds (:mod:`nrcore.hosts.osc.limits`): every request that allocates is priced from its
sizes before anything is built and refused past the client's or the server's budget
(memory, instances, network depth and width, examples, trainings); trainings can be
cancelled and stop when their instance goes; log lines are truncated and rate-limited. A
client is a sending host. Writing audio files and the instrument's own OSC output need
``--allow file-audio`` / ``--allow osc-output`` at start. Error texts name the OSC message
and never list other clients' instances or the server's folders.
"""
from __future__ import annotations

import argparse
import inspect
import logging
import signal
import socket
import sys
import ipaddress
import re
import threading
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
from pythonosc.osc_packet import OscPacket

from nrcore.processor import REGISTRY
from nrcore.hosts.osc.address import (ID_PATTERN, INSTANCE_COMMANDS, ROOT, SERVER_COMMANDS, check_args,
                      coerce_param_args)
from nrcore.osc_codec import SlipDecoder, encode_message, slip_encode
from nrcore.hosts.osc.engine import (AudioEngine, count as _count, input_rows, process_rows,
                     trigger_takes_curves)
from nrcore.hosts.cancel import TrainingCancelled, cancel_thread
from nrcore.hosts.osc.files import ClientFiles
from nrcore.hosts.osc.limits import (DELAY_PARAMS, Accounts, BoundedLog, Limits,
                                     check_ann, example_bytes, instance_bytes, training_cost)

log = logging.getLogger("nrcore.hosts.osc")
#: Every line the server logs is truncated and rate-limited (a hostile flood must not fill a
#: disk or the Max console the launcher posts to).
LOG_BOUND = BoundedLog()
log.addFilter(LOG_BOUND)
#: What a client may do only when the server was started with ``--allow <name>``.
PERMISSIONS = ("file-audio", "osc-output")
#: Constructor arguments that point the instrument's own OSC output somewhere.
OSC_OUTPUT_ARGUMENTS = frozenset({"osc_port", "osc_host", "osc_prefix"})

DEFAULT_PORT = 9130
#: Trainings at once: each is a thread on the CPU the audio also needs.
MAX_TRAINING = Limits.total_trainings
#: A bound on live instances, so a client cannot grow the server's memory without limit.
MAX_INSTANCES = Limits.total_instances
Reply = Callable[[bytes], None]


class OscError(ValueError):
    """A request the server refuses; its text goes to ``/nrcore/error``."""


def load_processors() -> None:
    """Import every processor module so that REGISTRY is complete.

    ``import nrcore`` imports the processors; modules written later register themselves the
    same way, so the server needs no change for a new processor. The instrument is imported
    explicitly because it lives beside the hosts, not in the core.
    """
    import importlib

    import nrcore  # noqa: F401  (registers the core processors)

    from nrcore.processor import Processor

    for name in ("nrcore.network", "nrcore.ann", "nrcore.learning", "nrcore.synthesis.runtime",
                 "nrcore.rack", "nrcore.instrument"):
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            log.debug("processor module %s not available: %s", name, exc)
            continue
        # Registration happens when a class is defined; a module imported earlier registers
        # again here, in case the registry was reset since (tests restore it).
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Processor) and value.name:
                REGISTRY.setdefault(value.name, value)


class NrcoreServer:
    """Hosts processor instances and answers OSC requests.

    Parameters
    ----------
    host : str
        Address to bind; loopback unless told otherwise.
    port : int
        UDP port (0 picks a free one; read :attr:`port` after :meth:`start`).
    tcp_port : int or None
        Also listen for OSC over TCP (SLIP or length-prefixed framing) on this port (0 picks
        one).
    reply_port : int or None
        Default UDP port for replies; ``None`` answers to the sender's own port.
    sample_rate : float
        In Hz, passed to audio-rate processors and the audio engine.
    blocksize : int
        Audio engine block in samples.
    files : str or Path, optional
        The only folder clients may save to and load from (default: the current folder).
    limits : Limits, optional
        Budgets and bounds (:class:`nrcore.hosts.osc.limits.Limits` defaults).
    allow : iterable of str
        Permissions given to clients: ``file-audio`` (``/nrcore/audio start file x.wav``),
        ``osc-output`` (the instrument's ``osc_port``/``osc_host``/``osc_prefix``).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 tcp_port: int | None = None, reply_port: int | None = None,
                 sample_rate: float = 48000.0, blocksize: int = 256,
                 files: str | Path | None = None, limits: Limits | None = None,
                 allow: Any = ()) -> None:
        load_processors()
        self.limits = limits if limits is not None else Limits()
        self.allow = frozenset(allow)
        unknown = self.allow - set(PERMISSIONS)
        if unknown:
            raise ValueError(f"allow: {', '.join(sorted(unknown))} is not one of "
                             f"{', '.join(PERMISSIONS)}")
        LOG_BOUND.line = self.limits.log_line
        LOG_BOUND.burst, LOG_BOUND.rate = self.limits.log_burst, self.limits.log_rate
        LOG_BOUND.tokens = LOG_BOUND.burst      # a new server starts with a full allowance
        self.accounts = Accounts(self.limits)
        self.files = ClientFiles(Path.cwd() if files is None else files)
        self.host = host
        self.port = int(port)
        self.tcp_port = tcp_port
        self.default_reply_port = reply_port
        self.sample_rate = float(sample_rate)
        self.lock = threading.RLock()
        self.engine = AudioEngine(sample_rate, blocksize, lock=self.lock)
        self.instances: dict[str, Any] = {}
        self.reply_ports: dict[tuple[str, int], int] = {}
        #: Clients (sender host, port) that asked for ``/nrcore/from <id> <leaf>`` replies.
        self.split_replies: set[tuple[str, int]] = set()
        #: Running trainings: instance id -> (client, thread).
        self._training: dict[str, tuple[Any, threading.Thread]] = {}
        self.stats = {"packets": 0, "messages": 0, "errors": 0, "malformed": 0,
                      "tcp_refused": 0, "tcp_idle_closed": 0}
        self._client = "127.0.0.1"      # the host whose message is being handled
        #: Instances used at control rate (``rate``): their run clock.
        self._rates: dict[str, RunClock] = {}
        self._udp: socket.socket | None = None
        self._tcp: socket.socket | None = None
        self._tcp_slots = threading.BoundedSemaphore(self.limits.tcp_connections)
        self._tcp_conns: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> "NrcoreServer":
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        udp = socket.socket(family, socket.SOCK_DGRAM)
        # A large receive buffer rides out bursts while a handler runs.
        udp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        udp.bind((self.host, self.port))
        udp.settimeout(0.2)
        self._udp = udp
        self.port = udp.getsockname()[1]
        self._stop.clear()
        self._spawn(self._udp_loop, "nrcore-osc-udp")
        if self.tcp_port is not None:
            tcp = socket.socket(family, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            tcp.bind((self.host, int(self.tcp_port)))
            tcp.listen(self.limits.tcp_connections)
            tcp.settimeout(0.2)
            self._tcp = tcp
            self.tcp_port = tcp.getsockname()[1]
            self._spawn(self._tcp_accept_loop, "nrcore-osc-tcp")
        log.info("serving OSC on udp %s:%d%s", self.host, self.port,
                 f" and tcp {self.host}:{self.tcp_port}" if self._tcp else "")
        if not is_loopback(self.host):
            log.warning("bound to %s: any computer that can reach this address can create "
                        "instances and use this server's CPU and memory (budgets apply); bind "
                        "127.0.0.1 unless you mean it", self.host, extra={"always": True})
        return self

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for key in list(self._training):
            self._cancel_training(key)
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()
        if self._tcp is not None:
            self._tcp.close()
            self._tcp = None
        for conn in list(self._tcp_conns):
            _shutdown(conn)
        if self._udp is not None:
            self._udp.close()
            self._udp = None
        self.engine.stop()
        with self.lock:
            # Closing finishes what instances hold open (an instrument's MIDI file, a replay).
            for proc in self.instances.values():
                _close(proc)
            self.instances.clear()
            for key in list(self.accounts.owner):
                self.accounts.drop(key)

    def __enter__(self) -> "NrcoreServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- transports -----------------------------------------------------------------------------
    def _udp_loop(self) -> None:
        sock = self._udp
        assert sock is not None
        while not self._stop.is_set():
            try:
                data, sender = sock.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                continue
            host, port = sender[0], sender[1]

            def reply(dgram: bytes, host: str = host, port: int = port) -> None:
                target = self.reply_ports.get((host, port), self.default_reply_port or port)
                if (host, port) in self.split_replies:
                    dgram = split_reply(dgram)
                try:
                    sock.sendto(dgram, (host, target))
                except OSError as exc:  # the peer went away; nothing to answer
                    log.debug("reply to %s:%d failed: %s", host, target, exc)

            self.handle_packet(data, reply, (host, port))

    def _tcp_accept_loop(self) -> None:
        """Accept connections while a slot is free; one thread per connection, at most
        ``limits.tcp_connections`` of them; a connection over the limit is closed at once."""
        listener = self._tcp
        assert listener is not None
        while not self._stop.is_set():
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                continue
            if not self._tcp_slots.acquire(blocking=False):
                self.stats["tcp_refused"] += 1
                log.warning("tcp: %d connections already open; refused one",
                            self.limits.tcp_connections)
                _shutdown(conn)
                continue
            self._tcp_conns.add(conn)
            threading.Thread(target=self._serve_tcp_slot, args=(conn,),
                             name="nrcore-osc-tcp-conn", daemon=True).start()

    def _serve_tcp_slot(self, conn: socket.socket) -> None:
        try:
            self._serve_tcp(conn)
        except Exception as exc:  # a broken connection must not lose its slot
            log.debug("tcp connection failed: %s", exc)
        finally:
            self._tcp_conns.discard(conn)
            _shutdown(conn)
            self._tcp_slots.release()

    def _serve_tcp(self, conn: socket.socket) -> None:
        """One TCP connection: SLIP frames (OSC 1.1) or length-prefixed packets (OSC 1.0),
        told apart by the first byte (the length of a packet under 16 MB starts with 0; a SLIP
        stream with END or an OSC packet's '/' or '#'). Closed after ``limits.tcp_idle``
        seconds without data."""
        peer = tuple(conn.getpeername()[:2])
        client = peer[0]
        send_lock = threading.Lock()
        framing: list[str] = []
        decoder = SlipDecoder()
        pending = bytearray()

        def reply(dgram: bytes) -> None:
            frame = (len(dgram).to_bytes(4, "big") + dgram if framing == ["length"]
                     else slip_encode(dgram))
            with send_lock:
                try:
                    conn.sendall(frame)
                except OSError as exc:
                    log.debug("tcp reply failed: %s", exc)

        conn.settimeout(0.5)
        idle_since = time.monotonic()
        while not self._stop.is_set():
            try:
                data = conn.recv(65536)
            except socket.timeout:
                if time.monotonic() - idle_since > self.limits.tcp_idle:
                    self.stats["tcp_idle_closed"] += 1
                    log.info("tcp: closed a connection idle for %.0f s", self.limits.tcp_idle)
                    return
                continue
            except OSError:
                return
            if not data:
                return
            idle_since = time.monotonic()
            if not framing:
                framing.append("length" if data[0] == 0 else "slip")
            if framing == ["slip"]:
                packets = decoder.feed(data)
            else:
                pending.extend(data)
                packets = []
                while len(pending) >= 4:
                    size = int.from_bytes(pending[:4], "big")
                    if size > decoder.max_packet:
                        log.warning("tcp: a %d-byte packet is over the %d-byte limit; closed "
                                    "the connection", size, decoder.max_packet)
                        return
                    if len(pending) < 4 + size:
                        break
                    packets.append(bytes(pending[4:4 + size]))
                    del pending[:4 + size]
            for packet in packets:
                self.handle_packet(packet, reply, (str(client), 0))

    # -- dispatch -------------------------------------------------------------------------------
    def handle_packet(self, data: bytes, reply: Reply,
                      sender: tuple[str, int] = ("127.0.0.1", 0)) -> None:
        """Parse one OSC packet (message or bundle) and answer each message in it.

        ``reply`` sends one datagram back; ``sender`` (host, port) identifies the client for
        ``/nrcore/reply_port``.
        """
        self.stats["packets"] += 1
        try:
            messages = [timed.message for timed in OscPacket(data).messages]
        except Exception as exc:  # ParseError, and python-osc raises others on odd input
            self.stats["malformed"] += 1
            log.debug("dropped a malformed packet of %d bytes: %s", len(data), exc)
            return
        for message in messages:
            self.stats["messages"] += 1
            try:
                address = message.address
                params = [_as_sent(a) if isinstance(a, float) else a for a in message.params]
            except Exception as exc:
                self.stats["malformed"] += 1
                log.debug("dropped an unreadable message: %s", exc)
                continue
            try:
                with self.lock:
                    self._client = str(sender[0])
                    self.dispatch(address, params, reply, sender)
            except Exception as exc:  # every failure is answered; the server keeps serving
                self.stats["errors"] += 1
                if isinstance(exc, KeyError):
                    text = str(exc.args[0]) if exc.args else "missing key"
                elif isinstance(exc, (ValueError, RuntimeError, TypeError)):
                    text = str(exc)
                else:  # a bug rather than a bad request: keep the type, log the traceback
                    text = repr(exc)
                    log.debug("traceback", exc_info=True)
                text = scrub_paths(text)
                log.warning("%s: %s", _printable(address), text)
                # Bounded, so the reply always fits in one datagram.
                reply(encode_message(f"{ROOT}/error", _printable(address), text[:1000]))

    def dispatch(self, address: str, args: list[Any], reply: Reply,
                 sender: tuple[str, int]) -> None:
        prefix = ROOT + "/"
        if not address.startswith(prefix):
            raise OscError(f"unknown address (everything starts with {prefix})")
        parts = address[len(prefix):].split("/")
        if len(parts) == 1:
            name = parts[0]
            if name == "to":
                # ``/nrcore/to <id> ...``: the id as a word (Max substitutes #1 only there).
                if not args or not isinstance(args[0], (str, int)) or isinstance(args[0], bool):
                    raise OscError("/nrcore/to: expected <id> then a command or numbers")
                name, args = str(args[0]), args[1:]
            elif name in SERVER_COMMANDS:
                getattr(self, f"_cmd_{name}")(args, reply, sender)
                return
            proc = self._instance(name)
            if args and isinstance(args[0], str):
                self._instance_command(name, proc, args[0], args[1:], reply)
            else:
                self._instance_command(name, proc, "run", args, reply)
            return
        if len(parts) == 2:
            name, command = parts
            self._instance_command(name, self._instance(name), command, args, reply)
            return
        raise OscError("unknown address")

    def _instance(self, name: str) -> Any:
        proc = self.instances.get(name)
        if proc is None:
            # Other clients' ids are not listed: a client learns only its own.
            raise OscError(f"no instance {name!r}; create it with {ROOT}/create <kind> "
                           f"{name}")
        return proc

    # -- server commands ----------------------------------------------------------------------
    def _cmd_ping(self, args: list[Any], reply: Reply, sender: Any) -> None:
        reply(encode_message(f"{ROOT}/pong", *check_args(args, "ping")))

    def _cmd_reply_port(self, args: list[Any], reply: Reply, sender: Any) -> None:
        form = "address"
        if len(args) == 2 and isinstance(args[1], str):
            form = args[1]
            if form not in ("address", "split"):
                raise OscError(f"/nrcore/reply_port: reply form {form!r} is not address or "
                               "split")
            args = args[:1]
        port = _one_int(args, "/nrcore/reply_port", 1, 65535)
        key = tuple(sender)
        if len(self.reply_ports) >= MAX_INSTANCES and key not in self.reply_ports:
            oldest = next(iter(self.reply_ports))   # forget the oldest client
            self.reply_ports.pop(oldest)
            self.split_replies.discard(oldest)
        self.reply_ports[key] = port
        if form == "split":
            self.split_replies.add(key)
        else:
            self.split_replies.discard(key)
        reply(encode_message(f"{ROOT}/reply_port", port, form))

    def _cmd_list(self, args: list[Any], reply: Reply, sender: Any) -> None:
        reply(encode_message(f"{ROOT}/processors", *sorted(REGISTRY)))

    def _cmd_instances(self, args: list[Any], reply: Reply, sender: Any) -> None:
        items: list[str] = []
        for key in sorted(self.instances):
            items += [key, type(self.instances[key]).name]
        reply(encode_message(f"{ROOT}/instances", *items))

    def _cmd_describe(self, args: list[Any], reply: Reply, sender: Any) -> None:
        args = check_args(args, "describe")
        if len(args) != 1 or not isinstance(args[0], str):
            raise OscError("describe: expected 1 processor name")
        cls = _processor_class(args[0])
        for p in cls.PARAMS:
            lo = -3.4e38 if p.minimum is None else p.minimum
            hi = 3.4e38 if p.maximum is None else p.maximum
            reply(encode_message(f"{ROOT}/param", cls.name, p.name, p.kind, float(lo),
                                 float(hi), p.unit, p.help))

    def _cmd_error(self, args: list[Any], reply: Reply, sender: Any) -> None:
        raise OscError("/nrcore/error is a reply address")

    def _cmd_create(self, args: list[Any], reply: Reply, sender: Any) -> None:
        args = check_args(args, "create")
        if len(args) < 2 or not isinstance(args[0], str):
            raise OscError("create: expected <kind> <id> [name value ...]")
        cls = _processor_class(args[0])
        key = str(args[1])
        if not ID_PATTERN.match(key) or key in SERVER_COMMANDS:
            raise OscError(f"create: {key!r} is not a valid id (letters, digits, _ - .; not "
                           f"one of {', '.join(SERVER_COMMANDS)})")
        client = self._client
        limits = self.limits
        if key not in self.instances and len(self.instances) >= limits.total_instances:
            raise OscError(f"/nrcore/create: {limits.total_instances} instances live on this "
                           "server; free some first")
        if (self.accounts.owner.get(key) != client
                and self.accounts.client_count(client) >= limits.client_instances):
            raise OscError(f"/nrcore/create: this client has {limits.client_instances} "
                           "instances, its limit; free some first (/nrcore/free <id>)")
        kwargs = _keyword_args(cls, args[2:])
        refused = OSC_OUTPUT_ARGUMENTS & kwargs.keys()
        if refused and "osc-output" not in self.allow:
            raise OscError(f"/nrcore/create {cls.name}: {', '.join(sorted(refused))} needs the "
                           "server started with --allow osc-output")
        for name in MODEL_ARGUMENTS & kwargs.keys():
            kwargs[name] = self._model_path(name, kwargs[name])
        rate = kwargs.pop("rate", None)
        if rate is not None:
            rate = _rate_value(rate, "/nrcore/create rate")
            if rate != "auto":
                kwargs["sample_rate"] = rate
        check_ann(cls.name, kwargs, limits)
        values = {p.name: p.default for p in cls.PARAMS}
        values.update(kwargs)
        size = instance_bytes(cls.name, kwargs, values)
        self.accounts.check(client, f"/nrcore/create {cls.name}", size, replacing=key)
        signature = inspect.signature(cls.__init__)
        if (getattr(cls, "audio_rate", False) and "sample_rate" in signature.parameters
                and "sample_rate" not in kwargs):
            kwargs["sample_rate"] = self.sample_rate
        proc = cls(**kwargs)
        old = self.instances.get(key)
        if old is not None:
            self._cancel_training(key)
            self.engine.remove(key)
            _close(old)
        self.instances[key] = proc
        self.accounts.set(key, client, size)
        self._rates.pop(key, None)
        if rate is not None:
            self._rates[key] = RunClock(rate)
        reply(encode_message(f"{ROOT}/created", key, cls.name, input_rows(proc),
                             _count(proc, "outputs")))

    def _model_path(self, argument: str, value: Any) -> str:
        """A model a client named: a shipped model, or a model file in the files folder."""
        name = str(value)
        if name in shipped_models():
            return name
        try:
            path = self.files.path(f"{name}.json", ".json")
        except ValueError:
            path = None
        if path is None or not path.is_file():
            raise OscError(f"create: {argument} must be a shipped model "
                           f"({', '.join(sorted(shipped_models()))}) or the name of a model in "
                           f"the files folder, got {name!r}")
        return str(path.with_suffix(""))

    def _cmd_free(self, args: list[Any], reply: Reply, sender: Any) -> None:
        args = check_args(args, "free")
        if len(args) != 1:
            raise OscError("free: expected 1 id")
        self._free(str(args[0]), reply)

    def _free(self, key: str, reply: Reply) -> None:
        proc = self._instance(key)
        self._rates.pop(key, None)
        self._cancel_training(key)
        self.engine.remove(key)
        del self.instances[key]
        self.accounts.drop(key)
        _close(proc)
        reply(encode_message(f"{ROOT}/freed", key))

    def _cmd_audio(self, args: list[Any], reply: Reply, sender: Any) -> None:
        args = check_args(args, "audio")
        if not args or not isinstance(args[0], str):
            raise OscError("audio: expected start [backend [path]], stop, gain <g> or status")
        action = args[0]
        engine = self.engine
        if action == "start":
            backend = str(args[1]) if len(args) > 1 else "sounddevice"
            if backend == "file" and "file-audio" not in self.allow:
                raise OscError("/nrcore/audio start file: writing audio files needs the "
                               "server started with --allow file-audio")
            path = self.files.path(args[2], ".wav") if len(args) > 2 else None
            engine.start(backend, path)
        elif action == "stop":
            engine.stop()
        elif action == "gain":
            engine.set_gain(_one_float(args[1:], "audio gain"))
        elif action != "status":
            raise OscError(f"audio: unknown action {action!r}")
        reply(encode_message(f"{ROOT}/audio", engine.backend, int(engine.sample_rate),
                             engine.blocksize))

    # -- instance commands --------------------------------------------------------------------
    def _instance_command(self, key: str, proc: Any, command: str, args: list[Any],
                          reply: Reply) -> None:
        args = check_args(args, f"{key}/{command}")
        base = f"{ROOT}/{key}"
        if command in INSTANCE_COMMANDS:
            if command == "run":
                clock = self._rates.get(key)
                if clock is not None:
                    clock.tick(proc)
                values = _run(proc, args)
                # Class attributes looked up on the class: a miss on an instance goes through
                # the processor's did-you-mean __getattr__ (milliseconds).
                if getattr(type(proc), "integer_outputs", False):
                    values = [int(round(v)) for v in values]
                reply(encode_message(f"{base}/out", *values))
            elif command == "rate":
                if len(args) != 1:
                    raise OscError(f"{base}/rate: expected 1 rate in Hz (runs per second) or "
                                   "auto")
                if not hasattr(proc, "sample_rate"):
                    raise OscError(f"{base}/rate: {type(proc).name} has no rate")
                rate = _rate_value(args[0], f"{base}/rate")
                if rate != "auto":
                    proc.sample_rate = rate
                self._rates[key] = RunClock(rate)
            elif command == "get":
                if len(args) != 1 or not isinstance(args[0], str):
                    raise OscError("get: expected 1 parameter name")
                reply(encode_message(f"{base}/param", args[0], *_param_atoms(proc, args[0])))
            elif command == "dump":
                for p in type(proc).PARAMS:
                    reply(encode_message(f"{base}/param", p.name, *_param_atoms(proc, p.name)))
            elif command == "reset":
                _no_args(args, "reset")
                proc.reset()
            elif command == "free":
                _no_args(args, "free")
                self._free(key, reply)
            elif command in ("play", "mute", "input", "oscillator"):
                self._audio_command(key, proc, command, args)
            elif command in ("trigger", "trigger_curves"):
                reply(encode_message(f"{base}/voice", _trigger(proc, command, args)))
            else:
                self._training_command(key, proc, command, args, reply)
            return
        hook = (getattr(proc, f"osc_{command}")
                if callable(getattr(type(proc), f"osc_{command}", None)) else None)
        if callable(hook):
            # A processor's own command: it answers through ``send(leaf, *values)``.
            def send(leaf: str, *values: Any) -> None:
                reply(encode_message(f"{base}/{leaf}", *values))

            hook(args, send, self.files)
            return
        param = type(proc).param(command)  # ValueError naming the known parameters
        value = coerce_param_args(param, args, proc.get_param(command))
        if command in DELAY_PARAMS and key in self.accounts.owner:
            # A longer delay line is an allocation: priced before it is made.
            changed = dict(proc.parameters)
            changed[command] = value
            size = instance_bytes(type(proc).name, _structure(proc), changed)
            more = size - self.accounts.instance.get(key, 0)
            if more > 0:
                self.accounts.check(self._client, f"{ROOT}/{key}/{command}", more)
            proc.set_param(command, value)
            self.accounts.instance[key] = max(size, self.accounts.instance.get(key, 0))
            return
        proc.set_param(command, value)

    def _audio_command(self, key: str, proc: Any, command: str, args: list[Any]) -> None:
        if not getattr(type(proc), "audio_rate", False):
            raise OscError(f"{command}: {type(proc).name} is a control-rate processor; use run")
        if command == "play":
            channel = _one_int(args, "play", 0, self.engine.channels - 1) if args else 0
            # Played by the audio engine: its time constants follow the engine's rate again.
            self._rates.pop(key, None)
            if getattr(proc, "sample_rate", self.engine.sample_rate) != self.engine.sample_rate:
                proc.sample_rate = self.engine.sample_rate
            self.engine.play(key, proc, channel)
        elif command == "mute":
            _no_args(args, "mute")
            self.engine.mute(key)
        else:
            values = np.array(_numbers(args, command), dtype=np.float64)
            voice = self.engine.voice(key, proc)
            if command == "input":
                voice.set_levels(values)
            else:
                voice.set_frequencies(values)

    def _training_command(self, key: str, proc: Any, command: str, args: list[Any],
                          reply: Reply) -> None:
        base = f"{ROOT}/{key}"
        if not hasattr(type(proc), "add_example"):
            raise OscError(f"{command}: {type(proc).name} cannot be trained by example")
        if command == "example":
            values = _numbers(args, "example")
            n_in = _count(proc, "inputs")
            n_out = _count(proc, "outputs")
            if len(values) != n_in + n_out:
                raise OscError(f"example: expected {n_in} inputs then {n_out} outputs "
                               f"({n_in + n_out} numbers), got {len(values)}")
            if _example_count(proc) >= self.limits.examples:
                raise OscError(f"{base}/example: {self.limits.examples} examples is the limit; "
                               f"train, or {base}/clear_examples")
            more = example_bytes(n_in, n_out)
            self.accounts.check(self._client, f"{base}/example", more)
            proc.add_example(values[:n_in], values[n_in:])
            self.accounts.extra[key] = self.accounts.extra.get(key, 0) + more
            reply(encode_message(f"{base}/examples", _example_count(proc)))
        elif command == "clear_examples":
            _no_args(args, "clear_examples")
            proc.clear_examples()
            self.accounts.extra[key] = 0
            reply(encode_message(f"{base}/examples", _example_count(proc)))
        elif command == "train":
            kwargs = {}
            if args:
                kwargs["epochs"] = _one_int(args, f"{base}/train", 1, 1_000_000)
            if _example_count(proc) == 0:
                raise OscError(f"{base}/train: no examples; add some with {base}/example "
                               "<inputs...> <targets...>")
            self._train(key, proc, kwargs, reply)
        elif command == "cancel":
            _no_args(args, "cancel")
            # Idempotent: a training that finished just before the click leaves nothing to
            # stop, and the answer (no training runs now) is the same either way.
            self._cancel_training(key)
            reply(encode_message(f"{base}/cancelled"))
        elif command in ("save", "load"):
            if len(args) != 1 or not isinstance(args[0], str):
                raise OscError(f"{command}: expected 1 file name ending in .json")
            path = self.files.path(args[0], ".json")
            if command == "save":
                proc.save(path)
                reply(encode_message(f"{base}/saved", args[0]))
            else:
                # ``load`` builds a new network (its sizes may differ): it replaces the instance.
                # The file was written within a budget; the result is priced before it is kept.
                loaded = type(proc).load(path)
                size = instance_bytes(type(proc).name, _structure(loaded), loaded.parameters)
                self.accounts.check(self._client, f"{base}/load", size, replacing=key)
                self._cancel_training(key)
                self.instances[key] = loaded
                self.accounts.set(key, self._client, size)
                reply(encode_message(f"{base}/loaded", args[0], input_rows(self.instances[key]),
                                     _count(self.instances[key], "outputs")))


    def _train(self, key: str, proc: Any, kwargs: dict[str, Any], reply: Reply) -> None:
        """Fit without stopping the server: a copy trains in a thread, then its weights are
        swapped in between two messages. The instance keeps playing meanwhile. The training is
        priced first (memory and multiply-adds, from the layer sizes, examples and epochs) and
        can be stopped: ``cancel``, ``free``, a replacing ``create`` or ``load``, server stop."""
        base = f"{ROOT}/{key}"
        client = self._client
        limits = self.limits
        if not all(hasattr(proc, m) for m in ("to_dict", "from_dict", "get_weights",
                                              "set_weights")):
            raise OscError(f"{base}/train: {type(proc).name} cannot be trained in the "
                           "background")
        if key in self._training:
            raise OscError(f"{base}/train: {key} is already training; {base}/cancel stops it")
        if len(self._training) >= limits.total_trainings:
            raise OscError(f"{base}/train: {limits.total_trainings} networks are already "
                           "training on this server; try again when one answers /trained")
        mine = sum(1 for c, _ in self._training.values() if c == client)
        if mine >= limits.client_trainings:
            raise OscError(f"{base}/train: this client already has {mine} training (its "
                           f"limit); wait for /trained or cancel it")
        sizes = [int(v) for v in getattr(proc, "sizes", ())] or [1, 1]
        epochs = int(kwargs.get("epochs", 1000))
        memory, work = training_cost(sizes, _example_count(proc), epochs)
        if work > limits.training_work:
            most = max(1, int(limits.training_work / max(work / epochs, 1.0)))
            raise OscError(f"{base}/train: {epochs} epochs on {_example_count(proc)} examples "
                           f"is too much work for this server; at most {most} epochs")
        self.accounts.check(client, f"{base}/train", memory)
        copy = type(proc).from_dict(proc.to_dict())
        self.accounts.extra[key] = self.accounts.extra.get(key, 0) + memory

        def work_() -> None:
            try:
                loss = copy.fit(**kwargs)
                with self.lock:
                    current = self._training.get(key)
                    if current is None or current[1] is not threading.current_thread():
                        return             # cancelled while the lock was awaited
                    live: Any = self.instances.get(key)
                    if live is proc:
                        live.set_weights(copy.get_weights())
                    self._training.pop(key, None)
                reply(encode_message(f"{base}/trained", float(_loss_value(loss))))
            except TrainingCancelled:
                log.info("%s/train: cancelled", base)
            except Exception as exc:
                log.warning("%s/train: %s", base, exc)
                reply(encode_message(f"{ROOT}/error", f"{base}/train",
                                     scrub_paths(str(exc))[:1000]))
            finally:
                with self.lock:
                    current = self._training.get(key)
                    if current is not None and current[1] is threading.current_thread():
                        self._training.pop(key, None)
                    if key in self.accounts.extra and self.instances.get(key) is proc:
                        self.accounts.extra[key] = max(0, self.accounts.extra[key] - memory)

        def guarded() -> None:
            try:
                work_()
            except TrainingCancelled:  # arrived after the work was done
                pass

        thread = threading.Thread(target=guarded, name=f"nrcore-train-{key}", daemon=True)
        self._training[key] = (client, thread)
        thread.start()

    def _cancel_training(self, key: str) -> bool:
        """Stop the training of ``key`` (its weights stay as before); True if one ran.

        The training thread gets :class:`TrainingCancelled` raised at its next Python
        bytecode (between two numpy steps of ``fit``), so it ends within one step."""
        entry = self._training.pop(key, None)
        if entry is None:
            return False
        cancel_thread(entry[1])
        return True


# -- helpers ------------------------------------------------------------------------------------
class RunClock:
    """The control rate of an instance driven by ``run``: fixed (Hz), or ``auto``: measured
    from the time between runs (a running median of the last 9 intervals) and given to the
    processor as its ``sample_rate`` when it moves by more than 20 %, so smoothing times and
    cutoffs count seconds, not runs."""

    def __init__(self, rate: float | str) -> None:
        self.rate = rate
        self.last: float | None = None
        self.intervals: list[float] = []

    def tick(self, proc: Any, now: float | None = None) -> None:
        if self.rate != "auto":
            return
        now = time.monotonic() if now is None else now
        if self.last is not None:
            self.intervals = (self.intervals + [now - self.last])[-9:]
        self.last = now
        if len(self.intervals) < 3:
            return
        interval = float(np.median(self.intervals))
        if interval <= 0.0:
            return
        rate = min(max(1.0 / interval, 1.0), 768000.0)
        if abs(rate - proc.sample_rate) > 0.2 * proc.sample_rate:
            try:
                proc.sample_rate = rate
            except ValueError as exc:    # e.g. a cutoff above the new Nyquist frequency
                log.info("rate auto: %s", exc)


def _rate_value(value: Any, what: str) -> float | str:
    if value == "auto":
        return "auto"
    if isinstance(value, str) or isinstance(value, bool):
        raise OscError(f"{what}: {value!r} is not a rate in Hz or auto")
    rate = float(value)
    if not (np.isfinite(rate) and 1.0 <= rate <= 768000.0):
        raise OscError(f"{what}: {value!r} Hz is outside [1, 768000]")
    return rate


def _as_sent(value: float) -> float:
    """A float32 argument as the decimal its sender typed: 0.2 arrives as 0.2000000030, and a
    maximum of 0.2 must accept it. The shortest decimal that round-trips through float32 (what
    a Max flonum shows) is taken; a value that is not a float32 (an OSC double) is kept."""
    if not abs(value) <= 3.4028234663852886e38:   # NaN, inf or beyond float32: as it came
        return value
    single = np.float32(value)
    if float(single) != value:
        return value
    return float(str(single))


def _processor_class(name: str) -> type[Any]:
    cls = REGISTRY.get(name)
    if cls is None:
        raise OscError(f"unknown processor {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return cls


def _network_arguments(cls: type[Any]) -> set[str]:
    """Constructor arguments a network client may set: the declared parameters, structural
    numbers (inputs, neurons, sizes: a numeric default) and a shipped model's name. File
    paths and network destinations (a MIDI file, an OSC host) stay with the local user."""
    signature = inspect.signature(cls.__init__)
    names = {p.name for p in cls.PARAMS}
    for name, p in signature.parameters.items():
        if name == "self" or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        default = p.default
        numeric = isinstance(default, (int, float)) and not isinstance(default, bool)
        sizes = isinstance(default, tuple) and all(isinstance(v, int) for v in default)
        if numeric or sizes or name in MODEL_ARGUMENTS:
            names.add(name)
    return names


def _keyword_args(cls: type[Any], args: list[Any]) -> dict[str, Any]:
    """``name value [value...]`` pairs; a value list ends at the next known name. ``rate``
    (the control rate of ``run``, or ``auto``) is the server's, for processors with a rate."""
    names = _network_arguments(cls)
    if "sample_rate" in inspect.signature(cls.__init__).parameters:
        names.add("rate")
    kwargs: dict[str, Any] = {}
    i = 0
    while i < len(args):
        key = args[i]
        if not isinstance(key, str) or key not in names:
            raise OscError(f"create: {key!r} is not an argument of {cls.name}; known: "
                           f"{', '.join(sorted(names))}")
        values = []
        i += 1
        while i < len(args) and not (isinstance(args[i], str) and args[i] in names):
            values.append(args[i])
            i += 1
        if not values:
            raise OscError(f"create: {key} has no value")
        kwargs[key] = values[0] if len(values) == 1 else values
    return kwargs


#: Constructor arguments naming a model: over the network only a shipped model's name.
MODEL_ARGUMENTS = frozenset({"model", "vae"})


def shipped_models() -> set[str]:
    """Names of the models that ship with the package (``nrcore/synthesis/models/*.json``)."""
    from nrcore.synthesis.modelfile import MODELS_DIR
    return {p.stem for p in MODELS_DIR.glob("*.json")}


def _run(proc: Any, args: list[Any]) -> list[float]:
    values = _numbers(args, "run")
    n_in = input_rows(proc)
    if n_in and len(values) != n_in:
        raise OscError(f"run: expected {n_in} numbers (one per input), got {len(values)}")
    frame = np.array(values, dtype=np.float32).reshape(-1, 1)
    out = np.asarray(process_rows(proc, frame), dtype=np.float32)
    if out.ndim == 2:
        out = out[:, -1]
    return [float(v) for v in out.ravel()]


def _trigger(proc: Any, command: str, args: list[Any]) -> int:
    """Start a sound: a bang, a named example or raw curves; returns the voice (or the count
    of triggers so far, for a processor that does not report voices)."""
    if not hasattr(type(proc), "trigger"):
        raise OscError(f"{command}: {type(proc).name} cannot be triggered")
    if not trigger_takes_curves(type(proc)):
        if command != "trigger" or args:
            raise OscError(f"{command}: {type(proc).name} takes a bare trigger (no arguments)")
        proc.trigger()
        return int(getattr(proc, "triggers", 0))
    if command == "trigger":
        if not args or not isinstance(args[0], str) or len(args) > 2:
            raise OscError("trigger: expected <example name> [velocity]")
        examples = getattr(sys.modules[type(proc).__module__], "example_curves", None)
        if examples is None:
            raise OscError(f"trigger: {type(proc).name} has no named examples")
        velocity = _one_float(args[1:], "trigger velocity") if len(args) > 1 else 1.0
        return int(proc.trigger(examples(args[0]), velocity))
    values = _numbers(args, "trigger_curves")
    if not values or values[0] != int(values[0]) or values[0] < 1:
        raise OscError("trigger_curves: expected <frames> then the curves row by row")
    frames = int(values[0])
    curves = np.array(values[1:], dtype=np.float64)
    if curves.size == 0 or curves.size % frames:
        raise OscError(f"trigger_curves: {curves.size} values do not make rows of {frames} "
                       "frames")
    return int(proc.trigger(curves.reshape(-1, frames)))


def _param_atoms(proc: Any, name: str) -> list[Any]:
    value = proc.get_param(name)
    if isinstance(value, np.ndarray):
        return [float(v) for v in value.ravel()]
    if isinstance(value, (tuple, list)):
        return list(value)
    return [value]


def _numbers(args: list[Any], what: str) -> list[float]:
    for a in args:
        if isinstance(a, str):
            raise OscError(f"{what}: {a!r} is not a number")
    values = [float(a) for a in args]
    if not all(np.isfinite(values)):
        raise OscError(f"{what}: values must be finite")
    return values


def _one_int(args: list[Any], what: str, lo: int, hi: int) -> int:
    if len(args) != 1 or isinstance(args[0], str):
        raise OscError(f"{what}: expected 1 integer in [{lo}, {hi}]")
    value = float(args[0])
    if value != int(value) or not lo <= value <= hi:
        raise OscError(f"{what}: {args[0]!r} is not an integer in [{lo}, {hi}]")
    return int(value)


def _one_float(args: list[Any], what: str) -> float:
    if len(args) != 1 or isinstance(args[0], str):
        raise OscError(f"{what}: expected 1 number")
    return float(args[0])


def _no_args(args: list[Any], what: str) -> None:
    if args:
        raise OscError(f"{what}: takes no arguments, got {len(args)}")


def _example_count(proc: Any) -> int:
    for attribute in ("n_examples", "example_count"):
        if hasattr(type(proc), attribute):
            return int(getattr(proc, attribute))
    examples = getattr(proc, "examples", None)
    if isinstance(examples, tuple) and len(examples) == 2:
        return len(examples[0])        # (inputs, outputs) arrays, one row per example
    if examples is not None:
        try:
            return len(examples)
        except TypeError:
            pass
    return -1


def _loss_value(loss: Any) -> float:
    if isinstance(loss, dict):
        loss = loss.get("loss", next(iter(loss.values()), 0.0))
    if isinstance(loss, (list, tuple, np.ndarray)):
        loss = np.asarray(loss, dtype=np.float64).ravel()
        loss = loss[-1] if loss.size else 0.0
    try:
        return float(loss)
    except (TypeError, ValueError):
        return 0.0


def _close(proc: Any) -> None:
    close = getattr(proc, "close", None)
    if callable(close):
        try:
            close()
        except Exception as exc:
            log.warning("closing %s failed: %s", type(proc).name, exc)


#: An absolute file path (not an OSC address under /nrcore/): only its last part is shown.
_PATH = re.compile(r"(?<![\w/])(?:[A-Za-z]:[\\/]|/(?!nrcore/))(?:[^/\\\s'\":,;]+[/\\])+"
                   r"([^/\\\s'\":,;]+)")


def scrub_paths(text: str) -> str:
    """An error text without the server's folders: every absolute path becomes its file name,
    so a network client learns nothing about the disk."""
    return _PATH.sub(r"\1", text)


def split_reply(dgram: bytes) -> bytes:
    """An instance reply ``/nrcore/<id>/<leaf> values...`` as ``/nrcore/from <id> <leaf>
    values...`` (the form Max abstractions can [route] on); other replies unchanged."""
    # Rewritten in place (address and type tags), the arguments' bytes reused as they are.
    end = dgram.find(b"\0")
    if end < 0 or not dgram.startswith(b"/nrcore/"):
        return dgram
    parts = dgram[:end].split(b"/")
    if len(parts) != 4:
        return dgram
    tags_at = (end + 4) & ~3
    tags_end = dgram.find(b"\0", tags_at)
    if tags_end < 0 or dgram[tags_at:tags_at + 1] != b",":
        return dgram
    rest = dgram[(tags_end + 4) & ~3:]
    ident = parts[2]
    if ident.isdigit() and str(int(ident)).encode() == ident and int(ident) < 2**31:
        # Max reads a numeric argument (#1 = 7) as an int: [route 7] matches an int only.
        tag, word = b"i", int(ident).to_bytes(4, "big")
    else:
        tag, word = b"s", _osc_string(ident)
    return b"".join([_osc_string(b"/nrcore/from"),
                     _osc_string(b"," + tag + b"s" + dgram[tags_at + 1:tags_end]),
                     word, _osc_string(parts[3]), rest])


def _osc_string(raw: bytes) -> bytes:
    """An OSC string: the bytes, a NUL, padded with NULs to a multiple of 4."""
    return raw + b"\0" * (4 - len(raw) % 4)


def is_loopback(host: str) -> bool:
    """True when ``host`` is a loopback address or ``localhost``."""
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shutdown(conn: socket.socket) -> None:
    try:
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    conn.close()


def _structure(proc: Any) -> dict[str, Any]:
    """The structural sizes of a live instance, as a create request would name them."""
    out: dict[str, Any] = {}
    for name in ("inputs", "neurons", "hidden", "ccs"):
        value = getattr(proc, name, None)
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            out[name] = int(value)
    sizes = getattr(proc, "sizes", None)
    if isinstance(sizes, (tuple, list)):
        out["sizes"] = [int(v) for v in sizes]
    return out


def _printable(address: str) -> str:
    return address.encode("ascii", "replace").decode("ascii")[:200]


# -- command line --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nrcore serve",
        description="OSC server hosting nrcore processors (for Max, Pd, any OSC client).")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; 0.0.0.0 opens it to the "
                             "network)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"UDP port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--tcp", type=int, default=None, metavar="PORT",
                        help="also accept OSC over TCP on PORT (SLIP or OSC 1.0 "
                             "length-prefixed framing, told apart per connection)")
    parser.add_argument("--allow", action="append", default=[], choices=PERMISSIONS,
                        help="let clients write audio files (file-audio) or point the "
                             "instrument's OSC output at a port (osc-output); repeatable")
    defaults = Limits()
    parser.add_argument("--client-memory", type=float, default=defaults.client_memory / 2**20,
                        metavar="MB", help="memory one client's instances may hold (default "
                        "%(default)g MB)")
    parser.add_argument("--total-memory", type=float, default=defaults.total_memory / 2**20,
                        metavar="MB", help="memory all clients may hold (default %(default)g "
                        "MB)")
    parser.add_argument("--tcp-connections", type=int, default=defaults.tcp_connections,
                        help="TCP connections open at once (default %(default)s)")
    parser.add_argument("--tcp-idle", type=float, default=defaults.tcp_idle, metavar="S",
                        help="close a TCP connection silent this long (default %(default)g s)")
    parser.add_argument("--reply-port", type=int, default=None,
                        help="UDP port for replies (default: the sender's port; clients can "
                             "set theirs with /nrcore/reply_port)")
    parser.add_argument("--audio", default="none", choices=("none", "sounddevice", "file"),
                        help="start the audio engine with this backend (default none; "
                             "/nrcore/audio start also starts it later)")
    parser.add_argument("--audio-file", default=None,
                        help="WAV path for --audio file")
    parser.add_argument("--files", default=None, metavar="DIR",
                        help="the only folder clients may save to and load from (default: the "
                             "current folder); names in messages are relative to it")
    parser.add_argument("--sample-rate", type=float, default=48000.0, help="Hz")
    parser.add_argument("--blocksize", type=int, default=256, help="samples per audio block")
    parser.add_argument("--log-level", default="INFO",
                        choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    return parser


def main_serve(argv: list[str] | None = None) -> int:
    """Entry point of ``nrcore serve``; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="%(asctime)s nrcore serve %(levelname)s: %(message)s")
    if args.log_level != "DEBUG":
        # python-osc warns on the root logger for every malformed datagram; the server counts
        # them instead, so a flood of garbage does not become a flood of log lines.
        for handler in logging.getLogger().handlers:
            handler.addFilter(lambda record: "pythonosc" not in record.pathname)
    from dataclasses import replace

    limits = replace(Limits(), client_memory=int(args.client_memory * 2**20),
                     total_memory=int(args.total_memory * 2**20),
                     tcp_connections=max(1, args.tcp_connections), tcp_idle=args.tcp_idle)
    server = NrcoreServer(args.host, args.port, args.tcp, args.reply_port, args.sample_rate,
                          args.blocksize, files=args.files, limits=limits, allow=args.allow)
    if not is_loopback(args.host):
        print(f"nrcore serve: warning: listening on {args.host}, beyond this computer; "
              "anyone who can reach it can use this server (use --host 127.0.0.1 to keep it "
              "local)", file=sys.stderr, flush=True)
    try:
        server.start()
    except OSError as exc:
        print(f"nrcore serve: cannot bind {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    if args.audio != "none":
        try:
            server.engine.start(args.audio, args.audio_file)
        except RuntimeError as exc:
            log.error("%s; serving without audio", exc)
    # The ready line: scripts (and the Max launcher) wait for it.
    tcp = f" tcp {server.tcp_port}" if server.tcp_port is not None else ""
    print(f"nrcore serve: listening on udp {server.host}:{server.port}{tcp}", flush=True)
    done = threading.Event()

    def finish(signum: int, _frame: Any) -> None:
        done.set()

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    done.wait()
    server.stop()
    log.info("stopped after %d packets (%d malformed, %d errors)", server.stats["packets"],
             server.stats["malformed"], server.stats["errors"])
    return 0
