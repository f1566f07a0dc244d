"""``nrcore serve``: an OSC server hosting nrcore processors by name, for Max and friends.

Transport: UDP (default, bound to 127.0.0.1) and optionally TCP with SLIP framing (OSC 1.1).
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
"""
from __future__ import annotations

import argparse
import inspect
import logging
import signal
import socket
import socketserver
import sys
import threading
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
from nrcore.hosts.osc.files import ClientFiles

log = logging.getLogger("nrcore.hosts.osc")

DEFAULT_PORT = 9130
#: Trainings at once: each is a thread on the CPU the audio also needs.
MAX_TRAINING = 2
#: A bound on live instances, so a client cannot grow the server's memory without limit.
MAX_INSTANCES = 1024
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
        Also listen for OSC over TCP with SLIP framing on this port (0 picks one).
    reply_port : int or None
        Default UDP port for replies; ``None`` answers to the sender's own port.
    sample_rate : float
        In Hz, passed to audio-rate processors and the audio engine.
    blocksize : int
        Audio engine block in samples.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 tcp_port: int | None = None, reply_port: int | None = None,
                 sample_rate: float = 48000.0, blocksize: int = 256,
                 files: str | Path | None = None) -> None:
        load_processors()
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
        self._training: set[str] = set()
        self.stats = {"packets": 0, "messages": 0, "errors": 0, "malformed": 0}
        self._udp: socket.socket | None = None
        self._tcp: socketserver.ThreadingTCPServer | None = None
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
            server = self

            class Handler(socketserver.BaseRequestHandler):
                def handle(self) -> None:
                    server._serve_tcp(self.request)

            class TCPServer(socketserver.ThreadingTCPServer):
                address_family = family
                allow_reuse_address = True

            tcp = TCPServer((self.host, int(self.tcp_port)), Handler)
            tcp.daemon_threads = True
            self._tcp = tcp
            self.tcp_port = tcp.server_address[1]
            self._spawn(tcp.serve_forever, "nrcore-osc-tcp")
        log.info("serving OSC on udp %s:%d%s", self.host, self.port,
                 f" and tcp (SLIP) {self.host}:{self.tcp_port}" if self._tcp else "")
        return self

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        if self._tcp is not None:
            self._tcp.shutdown()
            self._tcp.server_close()
            self._tcp = None
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()
        if self._udp is not None:
            self._udp.close()
            self._udp = None
        self.engine.stop()
        with self.lock:
            # Closing finishes what instances hold open (an instrument's MIDI file, a replay).
            for proc in self.instances.values():
                _close(proc)
            self.instances.clear()

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
                try:
                    sock.sendto(dgram, (host, target))
                except OSError as exc:  # the peer went away; nothing to answer
                    log.debug("reply to %s:%d failed: %s", host, target, exc)

            self.handle_packet(data, reply, (host, port))

    def _serve_tcp(self, conn: socket.socket) -> None:
        decoder = SlipDecoder()
        peer = tuple(conn.getpeername()[:2])
        send_lock = threading.Lock()

        def reply(dgram: bytes) -> None:
            with send_lock:
                try:
                    conn.sendall(slip_encode(dgram))
                except OSError as exc:
                    log.debug("tcp reply failed: %s", exc)

        conn.settimeout(0.5)
        while not self._stop.is_set():
            try:
                data = conn.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            for packet in decoder.feed(data):
                self.handle_packet(packet, reply, peer)

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
                log.warning("%s: %s", address, text)
                # Bounded, so the reply always fits in one datagram.
                reply(encode_message(f"{ROOT}/error", _printable(address), text[:2000]))

    def dispatch(self, address: str, args: list[Any], reply: Reply,
                 sender: tuple[str, int]) -> None:
        prefix = ROOT + "/"
        if not address.startswith(prefix):
            raise OscError(f"unknown address (everything starts with {prefix})")
        parts = address[len(prefix):].split("/")
        if len(parts) == 1:
            name = parts[0]
            if name in SERVER_COMMANDS:
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
            known = ", ".join(sorted(self.instances)) or "none"
            raise OscError(f"no instance {name!r} (live: {known}); create it with "
                           f"{ROOT}/create <kind> {name}")
        return proc

    # -- server commands ----------------------------------------------------------------------
    def _cmd_ping(self, args: list[Any], reply: Reply, sender: Any) -> None:
        reply(encode_message(f"{ROOT}/pong", *check_args(args, "ping")))

    def _cmd_reply_port(self, args: list[Any], reply: Reply, sender: Any) -> None:
        port = _one_int(args, "reply_port", 1, 65535)
        if len(self.reply_ports) >= MAX_INSTANCES and tuple(sender) not in self.reply_ports:
            self.reply_ports.pop(next(iter(self.reply_ports)))  # forget the oldest client
        self.reply_ports[tuple(sender)] = port
        reply(encode_message(f"{ROOT}/reply_port", port))

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
        if key not in self.instances and len(self.instances) >= MAX_INSTANCES:
            raise OscError(f"create: {MAX_INSTANCES} instances already live; free some first")
        kwargs = _keyword_args(cls, args[2:])
        for name in MODEL_ARGUMENTS & kwargs.keys():
            kwargs[name] = self._model_path(name, kwargs[name])
        signature = inspect.signature(cls.__init__)
        if (getattr(cls, "audio_rate", False) and "sample_rate" in signature.parameters
                and "sample_rate" not in kwargs):
            kwargs["sample_rate"] = self.sample_rate
        proc = cls(**kwargs)
        old = self.instances.get(key)
        if old is not None:
            self.engine.remove(key)
            _close(old)
        self.instances[key] = proc
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
        self.engine.remove(key)
        del self.instances[key]
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
                values = _run(proc, args)
                if getattr(proc, "integer_outputs", False):
                    values = [int(round(v)) for v in values]
                reply(encode_message(f"{base}/out", *values))
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
        hook = getattr(proc, f"osc_{command}", None)
        if callable(hook):
            # A processor's own command: it answers through ``send(leaf, *values)``.
            def send(leaf: str, *values: Any) -> None:
                reply(encode_message(f"{base}/{leaf}", *values))

            hook(args, send, self.files)
            return
        param = type(proc).param(command)  # ValueError naming the known parameters
        proc.set_param(command, coerce_param_args(param, args, proc.get_param(command)))

    def _audio_command(self, key: str, proc: Any, command: str, args: list[Any]) -> None:
        if not getattr(type(proc), "audio_rate", False):
            raise OscError(f"{command}: {type(proc).name} is a control-rate processor; use run")
        if command == "play":
            channel = _one_int(args, "play", 0, self.engine.channels - 1) if args else 0
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
        if not hasattr(proc, "add_example"):
            raise OscError(f"{command}: {type(proc).name} cannot be trained by example")
        if command == "example":
            values = _numbers(args, "example")
            n_in = _count(proc, "inputs")
            n_out = _count(proc, "outputs")
            if len(values) != n_in + n_out:
                raise OscError(f"example: expected {n_in} inputs then {n_out} outputs "
                               f"({n_in + n_out} numbers), got {len(values)}")
            proc.add_example(values[:n_in], values[n_in:])
            reply(encode_message(f"{base}/examples", _example_count(proc)))
        elif command == "clear_examples":
            _no_args(args, "clear_examples")
            proc.clear_examples()
            reply(encode_message(f"{base}/examples", _example_count(proc)))
        elif command == "train":
            kwargs = {}
            if args:
                kwargs["epochs"] = _one_int(args, "train", 1, 1_000_000)
            self._train(key, proc, kwargs, reply)
        elif command in ("save", "load"):
            if len(args) != 1 or not isinstance(args[0], str):
                raise OscError(f"{command}: expected 1 file name ending in .json")
            path = self.files.path(args[0], ".json")
            if command == "save":
                proc.save(path)
                reply(encode_message(f"{base}/saved", args[0]))
            else:
                # ``load`` builds a new network (its sizes may differ): it replaces the instance.
                self.instances[key] = type(proc).load(path)
                reply(encode_message(f"{base}/loaded", args[0], input_rows(self.instances[key]),
                                     _count(self.instances[key], "outputs")))


    def _train(self, key: str, proc: Any, kwargs: dict[str, Any], reply: Reply) -> None:
        """Fit without stopping the server: a copy trains in a thread, then its weights are
        swapped in between two messages. The instance keeps playing meanwhile."""
        base = f"{ROOT}/{key}"
        if not all(hasattr(proc, m) for m in ("to_dict", "from_dict", "get_weights",
                                              "set_weights")):
            raise OscError(f"train: {type(proc).name} cannot be trained in the background")
        if key in self._training:
            raise OscError(f"train: {key} is already training")
        if len(self._training) >= MAX_TRAINING:
            raise OscError(f"train: {MAX_TRAINING} networks are already training; try again "
                           "when one answers /trained")
        copy = type(proc).from_dict(proc.to_dict())
        self._training.add(key)

        def work() -> None:
            try:
                loss = copy.fit(**kwargs)
                with self.lock:
                    if self.instances.get(key) is proc:
                        proc.set_weights(copy.get_weights())
                reply(encode_message(f"{base}/trained", float(_loss_value(loss))))
            except Exception as exc:
                log.warning("%s/train: %s", base, exc)
                reply(encode_message(f"{ROOT}/error", f"{base}/train", str(exc)))
            finally:
                self._training.discard(key)

        threading.Thread(target=work, name=f"nrcore-train-{key}", daemon=True).start()


# -- helpers ------------------------------------------------------------------------------------
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


def _processor_class(name: str) -> type:
    cls = REGISTRY.get(name)
    if cls is None:
        raise OscError(f"unknown processor {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return cls


def _network_arguments(cls: type) -> set[str]:
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


def _keyword_args(cls: type, args: list[Any]) -> dict[str, Any]:
    """``name value [value...]`` pairs; a value list ends at the next known name."""
    names = _network_arguments(cls)
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
    if not hasattr(proc, "trigger"):
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
        if hasattr(proc, attribute):
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
                        help="also accept OSC over TCP with SLIP framing on PORT")
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
    server = NrcoreServer(args.host, args.port, args.tcp, args.reply_port, args.sample_rate,
                          args.blocksize, files=args.files)
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
