"""nrcore serve driven by real, independent OSC peers: liblo's oscsend/oscdump and python-osc.

The server runs as the real ``nrcore serve`` entry point in a subprocess; requests are sent
with ``oscsend`` and the replies read with ``oscdump`` (liblo-tools), so neither end of the
wire is nrcore's own OSC code.
"""
from __future__ import annotations

import os
import queue
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import nrcore
from nrcore.hosts.osc import NrcoreServer, encode_message
from nrcore.osc_codec import SlipDecoder, slip_encode
from nrcore.hosts.osc.server import build_parser, load_processors

ROOT = Path(__file__).resolve().parents[1]
HAVE_LIBLO = shutil.which("oscsend") is not None and shutil.which("oscdump") is not None
needs_liblo = pytest.mark.skipif(not HAVE_LIBLO, reason="liblo-tools (oscsend/oscdump) missing")


@pytest.fixture(autouse=True)
def registry_unchanged():
    """The server registers every processor module it can import; give the registry back as
    it was, so tests elsewhere that iterate it see what ``import nrcore`` registers."""
    from nrcore.processor import REGISTRY

    saved = dict(REGISTRY)
    yield
    REGISTRY.clear()
    REGISTRY.update(saved)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeProcess:
    """``nrcore serve`` (through ``main_serve``) in a subprocess on a free port."""

    def __init__(self, *extra: str) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
        code = "import sys; from nrcore.hosts.osc import main_serve; sys.exit(main_serve(sys.argv[1:]))"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, "--port", "0", "--log-level", "WARNING", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        if "listening on udp" not in line:
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.proc.stderr.read()}")
        words = line.split()     # "nrcore serve: listening on udp HOST:PORT [tcp PORT]"
        self.port = int(words[words.index("udp") + 1].rsplit(":", 1)[1])

    def stop(self) -> str:
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err


class OscDump:
    """liblo's ``oscdump`` on a free port; its lines parsed into (address, types, args)."""

    def __init__(self) -> None:
        self.port = free_udp_port()
        self.proc = subprocess.Popen(["oscdump", "-L", str(self.port)], stdout=subprocess.PIPE,
                                     text=True)
        self.lines: queue.Queue = queue.Queue()
        self.all: list[tuple[str, str, list]] = []
        threading.Thread(target=self._read, daemon=True).start()
        self._wait_until_bound()

    def _wait_until_bound(self, timeout: float = 20.0) -> None:
        """Probe the port until oscdump prints a probe: a loaded machine may take a while to
        start it, and a datagram sent before it binds is lost."""
        deadline = time.monotonic() + timeout
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            while time.monotonic() < deadline:
                probe.sendto(b"/oscdump/probe\0\0,\0\0\0", ("127.0.0.1", self.port))
                try:
                    while self.lines.get(timeout=0.1)[0] != "/oscdump/probe":
                        pass
                except queue.Empty:
                    continue
                while True:              # drop probes still on their way
                    try:
                        item = self.lines.get(timeout=0.05)
                    except queue.Empty:
                        return
                    if item[0] != "/oscdump/probe":
                        self.lines.put(item)
                        return
        self.proc.kill()
        raise RuntimeError(f"oscdump did not bind port {self.port} within {timeout} s")

    def _read(self) -> None:
        for line in self.proc.stdout:
            tokens = shlex.split(line.strip())
            if len(tokens) < 2:
                continue
            address = tokens[1]
            types = tokens[2] if len(tokens) > 2 else ""
            args = []
            for tag, text in zip(types, tokens[3:]):
                args.append(int(text) if tag == "i" else float(text) if tag in "fd" else text)
            self.lines.put((address, types, args))

    def next(self, address: str, timeout: float = 5.0) -> tuple[str, list]:
        """The next reply to ``address`` (other replies are kept in :attr:`all`)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no reply on {address} within {timeout} s; got {self.all}")
            try:
                item = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            self.all.append(item)
            if item[0] == address:
                return item[1], item[2]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=5)


def oscsend(port: int, address: str, types: str = "", *values) -> None:
    subprocess.run(["oscsend", "127.0.0.1", str(port), address, types, *map(str, values)],
                   check=True, timeout=10)


@pytest.fixture(scope="module")
def liblo_session(tmp_path_factory):
    """nrcore serve answering to oscdump's port (oscsend sends from a new port every time, so
    the replies go to ``--reply-port``); clients' files go to ``server.files``."""
    dump = OscDump()
    files = tmp_path_factory.mktemp("served-files")
    server = ServeProcess("--reply-port", str(dump.port), "--files", str(files))
    server.files = files
    try:
        for _ in range(50):                  # oscdump needs a moment to bind
            oscsend(server.port, "/nrcore/ping", "s", "ready")
            try:
                dump.next("/nrcore/pong", timeout=0.2)
                break
            except AssertionError:
                continue
        else:
            raise RuntimeError("oscdump never answered")
        yield server, dump
    finally:
        dump.close()
        server.stop()


def test_reply_port_belongs_to_the_registering_socket():
    """Max registers its [udpreceive] port from its [udpsend] socket; another client on the
    same host still gets its replies at its own address."""
    from pythonosc.osc_message import OscMessage

    with NrcoreServer(port=0) as server, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as max_send, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as max_receive, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
        for s in (max_send, max_receive, other):
            s.bind(("127.0.0.1", 0))
            s.settimeout(5)
        target = ("127.0.0.1", server.port)
        max_send.sendto(encode_message("/nrcore/reply_port", max_receive.getsockname()[1]),
                        target)
        assert OscMessage(max_receive.recvfrom(4096)[0]).address == "/nrcore/reply_port"
        max_send.sendto(encode_message("/nrcore/ping", 1), target)
        other.sendto(encode_message("/nrcore/ping", 2), target)
        assert OscMessage(max_receive.recvfrom(4096)[0]).params == [1]
        assert OscMessage(other.recvfrom(4096)[0]).params == [2]


@needs_liblo
def test_ping_and_processor_list(liblo_session):
    server, dump = liblo_session
    oscsend(server.port, "/nrcore/ping", "ifs", 7, 0.25, "hello")
    types, args = dump.next("/nrcore/pong")
    assert types == "ifs" and args == [7, 0.25, "hello"]
    oscsend(server.port, "/nrcore/list")
    _, names = dump.next("/nrcore/processors")
    load_processors()
    assert "neuron" in names and names == sorted(nrcore.REGISTRY)


@needs_liblo
def test_neuron_frames_match_the_processor(liblo_session):
    """A neuron driven frame by frame over OSC gives what the processor gives directly."""
    server, dump = liblo_session
    # bias arrives as an int where a float is due, as Max sends an int box
    oscsend(server.port, "/nrcore/create", "sssisfsfffsi", "neuron", "n1", "inputs", 3,
            "feedback", 0.4, "weights", 0.8, 0.5, 0.3, "bias", 1)
    types, args = dump.next("/nrcore/created")
    assert args == ["n1", "neuron", 3, 2] and types == "ssii"
    reference = nrcore.Neuron(inputs=3, feedback=0.4, weights=[0.8, 0.5, 0.3], bias=1.0,
                              sample_rate=48000.0)
    frames = np.random.default_rng(5).uniform(-1, 1, (12, 3)).round(3)
    for i, frame in enumerate(frames):
        if i == 4:   # change parameters mid-run, on both; the kernel ramps them the same way
            oscsend(server.port, "/nrcore/n1", "sf", "feedback", -0.2)   # Max style
            oscsend(server.port, "/nrcore/n1/weights", "fif", 0.1, 2, -0.5)
            reference.feedback = -0.2
            reference.weights = [0.1, 2.0, -0.5]
        oscsend(server.port, "/nrcore/n1/run", "fff", *frame)
        types, got = dump.next("/nrcore/n1/out")
        assert types == "ff"
        want = reference.process(frame.astype(np.float32).reshape(3, 1))[:, 0]
        np.testing.assert_allclose(got, want, atol=2e-6)   # oscdump prints 6 decimals
    oscsend(server.port, "/nrcore/n1/get", "s", "bias")
    types, args = dump.next("/nrcore/n1/param")
    assert types == "sf" and args == ["bias", 1.0]


@needs_liblo
def test_bad_requests_are_answered_on_the_error_address(liblo_session):
    server, dump = liblo_session
    oscsend(server.port, "/nrcore/create", "ss", "neuron", "n2")
    dump.next("/nrcore/created")
    cases = [
        (("/nrcore/n2/bias", "s", "loud"), "bias: 'loud' is not a number"),
        (("/nrcore/n2/bias", "ff", 1, 2), "bias: expected 1 value, got 2"),
        (("/nrcore/n2/bias", "f", 1000), "above the maximum"),
        (("/nrcore/n2/activation", "s", "bogus"), "'bogus' is not a known name"),
        (("/nrcore/n2/weights", "ff", 1, 2), "weights: expected 3 values"),
        (("/nrcore/n2/run", "ff", 1, 2), "run: expected 3 numbers"),
        (("/nrcore/n2/volume", "f", 1), "unknown parameter 'volume'"),
        (("/nrcore/ghost/run", "f", 1), "no instance 'ghost'"),
        (("/nrcore/create", "ss", "teapot", "t1"), "unknown processor 'teapot'"),
        (("/nrcore/create", "sss", "neuron", "bad/id", "x"), "not a valid id"),
        (("/nrcore/n2/bias", "m", "90403f00"), "is not an int, float or string"),
        (("/nrcore/n2/bias", "N"), "is not an int, float or string"),
        (("/nrcore/n2/bias", "T"), "is not an int, float or string"),
        (("/elsewhere", "i", 1), "unknown address"),
    ]
    for request, expected in cases:
        oscsend(server.port, *request)
        types, (address, message) = dump.next("/nrcore/error")
        assert types == "ss"
        assert address == request[0] and expected in message, (request, message)
    # the server kept serving, and the instance is intact
    oscsend(server.port, "/nrcore/n2/get", "s", "bias")
    assert dump.next("/nrcore/n2/param")[1] == ["bias", 0.0]


@needs_liblo
def test_replies_use_only_int_float_and_string(liblo_session):
    server, dump = liblo_session
    oscsend(server.port, "/nrcore/create", "sssi", "neuron", "n3", "inputs", 2)
    dump.next("/nrcore/created")
    oscsend(server.port, "/nrcore/n3/dump")
    for p in nrcore.Neuron.PARAMS:
        types, args = dump.next("/nrcore/n3/param")
        assert args[0] == p.name
    oscsend(server.port, "/nrcore/describe", "s", "neuron")
    for p in nrcore.Neuron.PARAMS:
        types, args = dump.next("/nrcore/param")
        assert args[:3] == ["neuron", p.name, p.kind]
    assert dump.all and all(set(types) <= set("ifs") for _, types, _ in dump.all)


@needs_liblo
def test_free_and_instances(liblo_session):
    server, dump = liblo_session
    oscsend(server.port, "/nrcore/create", "ss", "neuron", "gone")
    dump.next("/nrcore/created")
    oscsend(server.port, "/nrcore/gone/free")
    assert dump.next("/nrcore/freed")[1] == ["gone"]
    oscsend(server.port, "/nrcore/instances")
    _, items = dump.next("/nrcore/instances")
    assert "gone" not in items[0::2] and "neuron" in items[1::2]


def test_default_bind_is_loopback():
    assert build_parser().parse_args([]).host == "127.0.0.1"
    with NrcoreServer(port=0) as server:
        assert server._udp.getsockname()[0] == "127.0.0.1"


def test_slip_codec_round_trip_with_special_bytes():
    packets = [bytes([0xC0, 0xDB, 1, 2, 0xDC, 0xDD]), b"plain", bytes(range(256))]
    stream = b"".join(slip_encode(p) for p in packets)
    decoder = SlipDecoder()
    got = []
    for i in range(0, len(stream), 7):      # arbitrary chunking, as TCP delivers it
        got += decoder.feed(stream[i:i + 7])
    assert got == packets
    assert decoder.feed(bytes([0xC0, 0xDB, 0x01, 0xC0, 0x41, 0xC0])) == [b"A"]  # bad escape


def test_tcp_slip_with_python_osc_client():
    """python-osc's TCP client in OSC 1.1 mode (SLIP) talks to the TCP transport."""
    from pythonosc.osc_message import OscMessage
    from pythonosc.osc_message_builder import OscMessageBuilder
    from pythonosc.tcp_client import TCPClient

    def message(address, *args):
        b = OscMessageBuilder(address)
        for a in args:
            b.add_arg(a)
        return b.build()

    with NrcoreServer(port=0, tcp_port=0) as server:
        with TCPClient("127.0.0.1", server.tcp_port, mode="1.1") as client:
            client.send(message("/nrcore/create", "neuron", "t1", "inputs", 2))
            client.send(message("/nrcore/t1/run", 0.5, 1))
            replies = []
            deadline = time.monotonic() + 5
            while len(replies) < 2 and time.monotonic() < deadline:
                replies += [OscMessage(d) for d in client.receive(timeout=1)]
    assert [r.address for r in replies] == ["/nrcore/created", "/nrcore/t1/out"]
    want = nrcore.Neuron(inputs=2).process(np.array([[0.5], [1.0]], np.float32))[:, 0]
    np.testing.assert_allclose(replies[1].params, want, rtol=0, atol=0)


def test_bundles_are_dispatched_in_order():
    from pythonosc.osc_bundle_builder import IMMEDIATELY, OscBundleBuilder
    from pythonosc.osc_message import OscMessage
    from pythonosc.osc_message_builder import OscMessageBuilder

    bundle = OscBundleBuilder(IMMEDIATELY)
    for address, args in (("/nrcore/create", ["neuron", "b1", "inputs", 1]),
                          ("/nrcore/b1/bias", [0.25]), ("/nrcore/b1/get", ["bias"])):
        m = OscMessageBuilder(address)
        for a in args:
            m.add_arg(a)
        bundle.add_content(m.build())
    replies: list[bytes] = []
    with NrcoreServer(port=0) as server:
        server.handle_packet(bundle.build().dgram, replies.append)
    parsed = [OscMessage(r) for r in replies]
    assert [p.address for p in parsed] == ["/nrcore/created", "/nrcore/b1/param"]
    assert parsed[1].params == ["bias", 0.25]


def test_encode_message_never_sends_doubles_or_nan():
    from pythonosc.osc_message import OscMessage

    m = OscMessage(encode_message("/x", np.float64(0.5), np.int64(3), True, float("nan"),
                                  np.array([1.5, 2.5]), 2**40, "s"))
    assert m.params == [0.5, 3, 1, 0.0, 1.5, 2.5, float(2**40), "s"]
    types = m.dgram[m.dgram.index(b",") + 1:].split(b"\0")[0]
    assert types == b"fiiffffs"


def test_audio_engine_blocks_match_one_long_block():
    """Rendering in any block size gives the samples of one long block."""
    from nrcore.hosts.osc import AudioEngine

    def render(sizes):
        engine = AudioEngine(48000.0, 64, channels=2)
        neuron = nrcore.Neuron(inputs=2, weights=[0.9, 0.7], feedback=0.5, noise=0.05)
        voice = engine.play("n", neuron, channel=1)
        voice.set_frequencies(np.array([220.0, 331.0]))
        return np.concatenate([engine.render(n) for n in sizes], axis=1)

    long = render([3000])
    for sizes in ([64] * 46 + [56], [1, 999, 2000], [17] * 176 + [8]):
        np.testing.assert_array_equal(render(sizes), long)
    assert not long[0].any()                     # channel 0 silent
    t = np.arange(3000) / 48000.0
    x = np.stack([np.sin(2 * np.pi * 220 * t), np.sin(2 * np.pi * 331 * t)]).astype(np.float32)
    direct = nrcore.Neuron(inputs=2, weights=[0.9, 0.7], feedback=0.5, noise=0.05).process(x)[0]
    np.testing.assert_allclose(long[1], np.clip(0.5 * direct, -1, 1), atol=1e-6)


def test_audio_through_osc_into_a_file(tmp_path):
    """create, feed, play and record over OSC: the WAV holds the neuron's own samples."""
    import soundfile as sf
    from pythonosc.osc_message import OscMessage

    wav = tmp_path / "served.wav"
    replies: list[bytes] = []
    with NrcoreServer(port=0, blocksize=128, files=tmp_path, allow=["file-audio"]) as server:
        for address, args in (("/nrcore/create", ["neuron", "a1", "inputs", 2, "feedback", 0.3]),
                              ("/nrcore/a1/input", [0.5, -0.25]),
                              ("/nrcore/a1/oscillator", [440, 0]),
                              ("/nrcore/a1/play", [0]),
                              ("/nrcore/audio", ["gain", 1]),
                              ("/nrcore/audio", ["start", "file", "served.wav"])):
            server.handle_packet(encode_message(address, *args), replies.append)
        time.sleep(0.3)
        server.handle_packet(encode_message("/nrcore/audio", "stop"), replies.append)
    assert all(OscMessage(r).address != "/nrcore/error" for r in replies), \
        [OscMessage(r).params for r in replies]
    audio, sr = sf.read(wav, dtype="float32")
    assert sr == 48000 and audio.shape[0] >= 128 * 10
    n = audio.shape[0]
    t = np.arange(n) / 48000.0
    x = np.stack([np.sin(2 * np.pi * 440 * t), np.full(n, -0.25)]).astype(np.float32)
    want = nrcore.Neuron(inputs=2, feedback=0.3).process(x)[0]
    np.testing.assert_allclose(audio[:, 0], np.clip(want, -1, 1), atol=1e-6)
    assert not audio[:, 1].any()


def test_sounddevice_failure_is_an_error_reply_not_a_crash():
    from pythonosc.osc_message import OscMessage

    replies: list[bytes] = []
    with NrcoreServer(port=0) as server:
        server.handle_packet(encode_message("/nrcore/audio", "start", "sounddevice"),
                             replies.append)
        server.handle_packet(encode_message("/nrcore/ping", 1), replies.append)
        state = OscMessage(replies[0])
        if state.address == "/nrcore/error":     # no sound card here
            assert "sounddevice" in state.params[1]
        else:                                     # a machine with an output device
            assert state.address == "/nrcore/audio" and state.params[0] == "sounddevice"
        assert OscMessage(replies[-1]).address == "/nrcore/pong"


@needs_liblo
def test_train_by_example_over_osc(liblo_session, tmp_path):
    """Wekinator-style: examples in, train, run, save, load into another instance."""
    from nrcore.ann import MLP

    server, dump = liblo_session
    oscsend(server.port, "/nrcore/create", "sssiii", "ann", "a1", "sizes", 2, 8, 1)
    assert dump.next("/nrcore/created")[1] == ["a1", "ann", 2, 1]
    examples = [((0, 0), 0.1), ((1, 1), 0.9), ((0, 1), 0.5), ((1, 0), 0.5)]
    for count, ((x, y), target) in enumerate(examples, start=1):
        oscsend(server.port, "/nrcore/a1/example", "iif", x, y, target)   # ints for inputs
        assert dump.next("/nrcore/a1/examples")[1] == [count]
    oscsend(server.port, "/nrcore/a1/train", "i", 2000)
    types, (loss,) = dump.next("/nrcore/a1/train".replace("train", "trained"), timeout=60)
    assert types == "f" and loss < 1e-3
    for (x, y), target in examples:
        oscsend(server.port, "/nrcore/a1/run", "ff", x, y)
        assert abs(dump.next("/nrcore/a1/out")[1][0] - target) < 0.05
    oscsend(server.port, "/nrcore/a1/save", "s", "a1.json")       # inside --files only
    assert dump.next("/nrcore/a1/saved")[1] == ["a1.json"]
    oscsend(server.port, "/nrcore/create", "sssiii", "ann", "a2", "sizes", 2, 3, 1)
    dump.next("/nrcore/created")
    oscsend(server.port, "/nrcore/a2/load", "s", "a1.json")
    assert dump.next("/nrcore/a2/loaded")[1] == ["a1.json", 2, 1]
    reloaded = MLP.load(server.files / "a1.json")
    for x, y in ((0.25, 0.75), (0.9, 0.1)):
        oscsend(server.port, "/nrcore/a1/run", "ff", x, y)
        first = dump.next("/nrcore/a1/out")[1]
        oscsend(server.port, "/nrcore/a2/run", "ff", x, y)
        second = dump.next("/nrcore/a2/out")[1]
        assert first == second
        want = reloaded.process(np.array([[x], [y]], np.float32))[0, 0]
        assert abs(second[0] - want) < 2e-6
    oscsend(server.port, "/nrcore/a2/save", "s", "a2.txt")
    assert "ending in .json" in dump.next("/nrcore/error")[1][1]
    # a client cannot reach outside the files folder, by absolute path or by '..'
    outside = tmp_path / "outside.json"
    for name in (str(outside), "../outside.json"):
        oscsend(server.port, "/nrcore/a2/save", "s", name)
        assert "files folder" in dump.next("/nrcore/error")[1][1]
    assert not outside.exists() and not (server.files.parent / "outside.json").exists()


@needs_liblo
def test_instrument_record_and_replay_over_osc(liblo_session):
    server, dump = liblo_session
    oscsend(server.port, "/nrcore/create", "sssisf", "instrument", "i1", "inputs", 2,
            "feedback", 0.6)
    assert dump.next("/nrcore/created")[1] == ["i1", "instrument", 2, 4]
    oscsend(server.port, "/nrcore/i1/run", "ff", 0.3, 0.3)          # history before
    dump.next("/nrcore/i1/out")
    oscsend(server.port, "/nrcore/i1/record", "s", "start")
    assert dump.next("/nrcore/i1/record")[1] == ["recording", 0]
    recorded = []
    for x, y in np.random.default_rng(2).uniform(-1, 1, (8, 2)).round(3):
        oscsend(server.port, "/nrcore/i1/run", "ff", x, y)
        types, out = dump.next("/nrcore/i1/out")
        assert types == "iiii"                                        # MIDI numbers as ints
        recorded.append(out)
    oscsend(server.port, "/nrcore/i1/record", "s", "stop")
    assert dump.next("/nrcore/i1/record")[1] == ["stopped", 8]
    oscsend(server.port, "/nrcore/i1/replay")
    assert dump.next("/nrcore/i1/replay")[1] == ["started", 8]
    replayed = [dump.next("/nrcore/i1/out", timeout=10)[1] for _ in range(8)]
    assert dump.next("/nrcore/i1/replay", timeout=10)[1] == ["done", 8]
    assert replayed == recorded


def tiny_nsf_model(directory: Path) -> str:
    """A small random-weight Sinc-NSF model file (the shipped one may not exist yet)."""
    from nrcore.synthesis.modelfile import NSFConfig, expected_shapes, save_model

    config = NSFConfig(hidden=8)
    rng = np.random.default_rng(0)
    tensors = {k: rng.normal(0, 0.3, shape).astype(np.float32)
               for k, shape in expected_shapes(config).items()}
    save_model(directory / "tiny", config, tensors)
    return str(directory / "tiny")


def test_synth_plays_through_the_engine(tmp_path):
    """The neural synth slots into the engine as a generator (no audio inputs)."""
    from pythonosc.osc_message import OscMessage
    from nrcore.synthesis.runtime import ImpactSynth, example_curves

    model = tiny_nsf_model(tmp_path)
    replies: list[bytes] = []
    with NrcoreServer(port=0, files=tmp_path) as server:
        for address, args in (("/nrcore/create", ["synth", "s1", "model", Path(model).name]),
                              ("/nrcore/s1/play", [1]), ("/nrcore/audio", ["gain", 1]),
                              ("/nrcore/s1/trigger", ["kick", 0.8])):
            server.handle_packet(encode_message(address, *args), replies.append)
        assert [OscMessage(r).address for r in replies] == [
            "/nrcore/created", "/nrcore/audio", "/nrcore/s1/voice"], \
            [OscMessage(r).params for r in replies]
        audio = np.concatenate([server.engine.render(n) for n in (100, 412, 2048)], axis=1)
    reference = ImpactSynth(model, sample_rate=48000.0)
    reference.trigger(example_curves("kick"), 0.8)
    want = reference.process(2560)[0]
    assert np.abs(want).max() > 1e-4
    np.testing.assert_allclose(audio[1], np.clip(want, -1, 1), atol=1e-6)
    assert not audio[0].any()


def test_rack_plays_through_the_engine(tmp_path):
    """The rack: six inputs in volts held by /input, a bare /trigger, audio from the engine."""
    from pythonosc.osc_message import OscMessage
    from nrcore.rack import Rack

    model = tiny_nsf_model(tmp_path)
    volts = [0.0, 0.0, 2.0, 0.0, 1.0, 0.0]              # gate1 gate2 cv1..cv4
    replies: list[bytes] = []
    with NrcoreServer(port=0, files=tmp_path) as server:
        for address, args in (("/nrcore/create", ["rack", "r1", "model", Path(model).name]),
                              # float32 0.2 is 0.2000000030: the maximum 0.2 must take it
                              ("/nrcore/r1/variation_max", [0.2]),
                              ("/nrcore/r1/input", volts), ("/nrcore/r1/play", [0]),
                              ("/nrcore/audio", ["gain", 1]), ("/nrcore/r1/trigger", []),
                              ("/nrcore/r1/trigger", ["kick"])):
            server.handle_packet(encode_message(address, *args), replies.append)
        got = [(OscMessage(r).address, OscMessage(r).params) for r in replies]
        assert [a for a, _ in got] == ["/nrcore/created", "/nrcore/audio", "/nrcore/r1/voice",
                                       "/nrcore/error"], got
        assert got[0][1] == ["r1", "rack", 6, 1] and "bare trigger" in got[3][1][1]
        audio = np.concatenate([server.engine.render(n) for n in (256, 256, 512)], axis=1)
    reference = Rack(model, sample_rate=48000.0, variation_max=0.2)
    reference.trigger()
    held = np.repeat(np.array(volts, np.float32)[:, None], 256, axis=1)
    want = np.concatenate([reference.process(held)[0] for _ in range(4)])
    assert np.abs(want).max() > 1e-4
    np.testing.assert_allclose(audio[0], np.clip(want, -1, 1), atol=1e-6)


SOUNDDEVICE_SCRIPT = r"""
import time
from pythonosc.osc_message import OscMessage
from nrcore.hosts.osc import NrcoreServer, encode_message
replies = []
with NrcoreServer(port=0, blocksize=256) as server:
    for address, args in (("/nrcore/create", ["neuron", "n", "inputs", 1]),
                          ("/nrcore/n/oscillator", [220]), ("/nrcore/n/play", [0]),
                          ("/nrcore/audio", ["start", "sounddevice"])):
        server.handle_packet(encode_message(address, *args), replies.append)
    time.sleep(0.2)
    server.handle_packet(encode_message("/nrcore/n/bias", 0.5), replies.append)  # meanwhile
    server.handle_packet(encode_message("/nrcore/audio", "stop"), replies.append)
    blocks = server.engine.blocks_rendered
print([OscMessage(r).address for r in replies], [OscMessage(r).params for r in replies][-1])
print("blocks", blocks)
"""


@pytest.mark.skipif(not Path("/usr/share/alsa/alsa.conf").exists(), reason="no ALSA config")
def test_sounddevice_backend_runs_on_an_alsa_null_device(tmp_path):
    """A real PortAudio output stream (ALSA's null device: it runs the callback, unpaced)."""
    conf = tmp_path / "asound.conf"
    conf.write_text("</usr/share/alsa/alsa.conf>\npcm.!default { type null }\n")
    env = dict(os.environ, ALSA_CONFIG_PATH=str(conf), PYTHONPATH=str(ROOT / "python"))
    run = subprocess.run([sys.executable, "-c", SOUNDDEVICE_SCRIPT], capture_output=True,
                         text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0].startswith("['/nrcore/created', '/nrcore/audio', '/nrcore/audio']"), lines
    assert "'none'" in lines[0]                  # stopped again
    assert int(lines[1].split()[1]) > 10         # the callback rendered blocks


def test_learning_neuron_runs_frame_by_frame_with_its_target_row():
    """A learner's run takes its inputs and then the target (its ``input_count`` rows); the
    weights it learns over OSC are the weights it learns directly."""
    from pythonosc.osc_message import OscMessage
    from nrcore.learning import LearningNeuron

    rng = np.random.default_rng(4)
    frames = rng.uniform(-1, 1, (40, 3)).astype(np.float32)
    target = np.tanh(frames @ np.array([0.5, -0.3, 0.8], np.float32))[:, None]
    rows = np.concatenate([frames, target], axis=1)
    replies: list[bytes] = []
    with NrcoreServer(port=0) as server:
        server.handle_packet(encode_message("/nrcore/create", "learn", "l1", "inputs", 3,
                                            "mu", 0.5), replies.append)
        for row in rows:
            server.handle_packet(encode_message("/nrcore/l1/run", *row.tolist()),
                                 replies.append)
        server.handle_packet(encode_message("/nrcore/l1/run", 1, 2, 3), replies.append)
    parsed = [OscMessage(r) for r in replies]
    assert parsed[0].params == ["l1", "learn", 4, 2]
    got = np.array([m.params for m in parsed[1:-1]], np.float32)
    direct = LearningNeuron(inputs=3, mu=0.5)
    want = np.stack([direct.process_rows(r.reshape(4, 1))[:, 0] for r in rows])
    np.testing.assert_array_equal(got, want)
    assert parsed[-1].address == "/nrcore/error" and "expected 4 numbers" in parsed[-1].params[1]


@needs_liblo
def test_serve_with_the_file_audio_backend(tmp_path):
    """``nrcore serve --audio file``: the engine runs from start-up; what oscsend plays lands
    in the WAV file, and a clean stop (SIGTERM) closes it."""
    import soundfile as sf

    wav = tmp_path / "serve.wav"
    dump = OscDump()
    server = ServeProcess("--audio", "file", "--audio-file", str(wav), "--blocksize", "128",
                          "--reply-port", str(dump.port))
    try:
        oscsend(server.port, "/nrcore/create", "sssi", "neuron", "w1", "inputs", 1)
        oscsend(server.port, "/nrcore/w1/oscillator", "f", 330)
        oscsend(server.port, "/nrcore/w1/play", "i", 1)
        oscsend(server.port, "/nrcore/ping", "s", "played")
        dump.next("/nrcore/pong", timeout=20)      # the server has handled everything before
        time.sleep(0.4)
    finally:
        err = server.stop()
        dump.close()
    assert server.proc.returncode == 0, err
    audio, sr = sf.read(wav, dtype="float32")
    assert sr == 48000 and audio.shape[1] == 2
    assert not audio[:, 0].any()                     # channel 0 never played
    playing = np.flatnonzero(audio[:, 1])
    assert playing.size > 4800                       # at least 0.1 s of the neuron
    # from the block it started in (its first sample is tanh(0) = 0), the neuron's own
    # output of a 330 Hz sine, at the engine's gain 0.5
    start = playing[0] // 128 * 128
    n = audio.shape[0] - start
    x = np.sin(2 * np.pi * 330 * np.arange(n) / 48000.0).astype(np.float32)
    want = 0.5 * nrcore.Neuron(inputs=1).process(x)[0]
    np.testing.assert_allclose(audio[start:, 1], want, atol=1e-6)


def test_clients_cannot_name_files_or_destinations_when_creating():
    """Over the network, create takes declared parameters, structural numbers and shipped
    model names: no MIDI file path, no OSC destination, no model path."""
    from pythonosc.osc_message import OscMessage

    replies: list[bytes] = []
    with NrcoreServer(port=0) as server:
        for args in (["instrument", "i1", "midi_file", "/tmp/victim.mid"],
                     ["instrument", "i2", "osc_host", "10.0.0.1"],
                     ["synth", "s1", "model", "/tmp/evil"]):
            server.handle_packet(encode_message("/nrcore/create", *args), replies.append)
        server.handle_packet(encode_message("/nrcore/create", "synth", "s2", "model",
                                            "nsf_small"), replies.append)
    messages = [OscMessage(r) for r in replies]
    errors = [m.params[1] for m in messages if m.address == "/nrcore/error"]
    assert len(errors) == 3
    assert "'midi_file' is not an argument of instrument" in errors[0]
    assert "'osc_host' is not an argument of instrument" in errors[1]
    assert "model must be a shipped model" in errors[2]
    assert messages[-1].address == "/nrcore/created" and messages[-1].params[:2] == ["s2", "synth"]
