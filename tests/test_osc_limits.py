"""Abuse tests of ``nrcore serve``'s bounds: budgets priced before allocating, training that can
be stopped, a bounded log, permissions given at start, TCP framings and connection limits, and
error texts that leak nothing. The peers are real: UDP/TCP sockets, liblo's ``oscsend`` over
``osc.tcp://``, the server's own process memory read from /proc."""
from __future__ import annotations

import io
import logging
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import replace

import numpy as np
import pytest
from pythonosc.osc_message import OscMessage

from nrcore.hosts.osc import NrcoreServer, encode_message
from nrcore.hosts.osc.limits import Limits, instance_bytes
from nrcore.osc_codec import SlipDecoder, slip_encode
from test_osc import registry_unchanged  # noqa: F401  (autouse fixture)


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


class Client:
    """A UDP client of an in-process server: send, then read replies up to a pong."""

    def __init__(self, server: NrcoreServer) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(20)
        self.target = ("127.0.0.1", server.port)
        self.n = 0

    def ask(self, address: str, *args) -> list[OscMessage]:
        self.n += 1
        self.sock.sendto(encode_message(address, *args), self.target)
        self.sock.sendto(encode_message("/nrcore/ping", self.n), self.target)
        got = []
        while True:
            message = OscMessage(self.sock.recvfrom(65536)[0])
            if message.address == "/nrcore/pong" and message.params == [self.n]:
                return got
            got.append(message)

    def error(self, address: str, *args) -> str:
        replies = self.ask(address, *args)
        errors = [r.params[1] for r in replies if r.address == "/nrcore/error"]
        assert errors, [(r.address, r.params) for r in replies]
        return errors[0]

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def served(tmp_path):
    with NrcoreServer(port=0, files=tmp_path) as server:
        client = Client(server)
        try:
            yield server, client
        finally:
            client.close()


def test_memory_is_priced_before_allocating(served):
    """The issue's 80-byte request (a 64-neuron net with 192000-sample delays, 128 MB) is
    refused from its sizes; nothing is allocated; a later delay change is priced too."""
    server, client = served
    before = _rss()
    text = client.error("/nrcore/create", "net", "big", "neurons", 64, "delay", 192000)
    assert "/nrcore/create net" in text and "MB" in text and "budget" in text
    assert _rss() - before < 16 * 2**20
    assert "big" not in server.instances
    # under the budget: fine; growing past it by a parameter: refused, value unchanged
    assert client.ask("/nrcore/create", "net", "n1", "neurons", 16)[0].address == \
        "/nrcore/created"
    server.accounts.limits = replace(server.limits, client_memory=8 * 2**20)
    delay = server.instances["n1"].get_param("delay")
    text = client.error("/nrcore/n1/delay", 192000)
    assert "/nrcore/n1/delay" in text
    assert server.instances["n1"].get_param("delay") == delay


def test_price_is_an_upper_bound_of_what_is_allocated():
    """The prices the budget uses cover the kernels' real allocations (resident memory)."""
    import nrcore
    from nrcore.ann import MLP

    cases = [("net", {"neurons": 32}, {"delay": 96000},
              lambda: nrcore.Network(neurons=32, delay=96000)),
             ("ann", {"sizes": [512, 512, 512]}, {},
              lambda: MLP(sizes=(512, 512, 512)))]
    for kind, kwargs, values, build in cases:
        before = _rss()
        keep = build()
        grown = _rss() - before
        assert instance_bytes(kind, kwargs, values) >= grown, (kind, grown)
        del keep


def test_network_depth_width_examples_and_instances_are_bounded(tmp_path):
    limits = replace(Limits(), examples=3, client_instances=4)
    with NrcoreServer(port=0, files=tmp_path, limits=limits) as server:
        client = Client(server)
        before = _rss()
        text = client.error("/nrcore/create", "ann", "deep", "sizes", *([1024] * 101))
        assert "100 weight layers" in text and "at most 16" in text
        text = client.error("/nrcore/create", "ann", "wide", "sizes", 2, 5000, 1)
        assert "5000 units" in text
        assert _rss() - before < 16 * 2**20
        assert client.ask("/nrcore/create", "ann", "a", "sizes", 2, 4, 1)[0].params[0] == "a"
        for count in (1, 2, 3):
            assert client.ask("/nrcore/a/example", 0.1, 0.2, 0.3)[0].params == [count]
        assert "3 examples is the limit" in client.error("/nrcore/a/example", 0.1, 0.2, 0.3)
        for i in range(3):
            client.ask("/nrcore/create", "neuron", f"n{i}")
        assert "limit" in client.error("/nrcore/create", "neuron", "n9")
        assert client.ask("/nrcore/create", "neuron", "n0", "inputs", 2)[0].address == \
            "/nrcore/created"                   # replacing one's own instance is fine
        client.close()


def _wait(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_training_is_cancelled_and_stops_with_its_instance(served):
    """`train 1000000` can be cancelled (weights untouched) and freeing the instance stops
    it; a second training of the same client waits its turn."""
    server, client = served
    client.ask("/nrcore/create", "ann", "t", "sizes", 2, 16, 1)
    for x, y, z in ((0, 0, 0.1), (1, 1, 0.9), (0, 1, 0.5)):
        client.ask("/nrcore/t/example", x, y, z)
    weights = [w.copy() for w, _ in server.instances["t"].get_weights()]
    assert client.ask("/nrcore/t/train", 1000000) == []
    thread = server._training["t"][1]
    assert "already training" in client.error("/nrcore/t/train", 10)
    client.ask("/nrcore/create", "ann", "u", "sizes", 2, 3, 1)
    client.ask("/nrcore/u/example", 0, 0, 0)
    assert "its limit" in client.error("/nrcore/u/train", 10)
    assert [r.address for r in client.ask("/nrcore/t/cancel")] == ["/nrcore/t/cancelled"]
    assert _wait(lambda: not thread.is_alive())
    for w, (now, _) in zip(weights, server.instances["t"].get_weights()):
        np.testing.assert_array_equal(w, now)
    # cancel is idempotent: nothing to stop is no error (a training may end just before)
    assert [r.address for r in client.ask("/nrcore/t/cancel")] == ["/nrcore/t/cancelled"]
    client.ask("/nrcore/t/train", 1000000)
    thread = server._training["t"][1]
    assert [r.address for r in client.ask("/nrcore/free", "t")] == ["/nrcore/freed"]
    assert _wait(lambda: not thread.is_alive())
    assert server._training == {}
    client.ask("/nrcore/u/clear_examples")
    text = client.error("/nrcore/u/train")
    assert "/nrcore/u/example" in text and "add_example" not in text


def test_log_is_truncated_and_rate_limited(tmp_path):
    """300 hostile datagrams with 20 KB addresses (12 MB of log before): the log stays a
    few kilobytes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("nrcore.hosts.osc")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    started = time.monotonic()
    try:
        with NrcoreServer(port=0, files=tmp_path) as server:
            client = Client(server)
            huge = encode_message("/nrcore/" + "x" * 20000, 1)
            for i in range(300):
                client.sock.sendto(huge, client.target)
                if i % 50 == 49:               # paced, so the socket buffer drops none
                    client.ask("/nrcore/ping")
            assert server.stats["errors"] == 300
            client.close()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    text = stream.getvalue()
    lines = text.splitlines()
    assert lines and max(len(line) for line in lines) < 400
    elapsed = time.monotonic() - started
    limits = Limits()                              # the burst, then 10 lines a second
    assert len(lines) <= limits.log_burst + limits.log_rate * elapsed + 2
    assert len(text) < 300 * 20000 / 50


def test_permissions_are_given_at_start(served, tmp_path):
    server, client = served
    text = client.error("/nrcore/audio", "start", "file", "x.wav")
    assert "--allow file-audio" in text
    assert not (tmp_path / "x.wav").exists()
    text = client.error("/nrcore/create", "instrument", "i", "osc_port", 9999)
    assert "--allow osc-output" in text
    with NrcoreServer(port=0, files=tmp_path, allow=["osc-output"]) as open_server:
        other = Client(open_server)
        assert other.ask("/nrcore/create", "instrument", "i", "osc_port", 9999)[0].address == \
            "/nrcore/created"
        other.close()


def test_errors_leak_nothing(served, tmp_path):
    """A client learns neither other instances' ids nor the server's folders."""
    server, client = served
    client.ask("/nrcore/create", "neuron", "secret-one")
    text = client.error("/nrcore/ghost/run", 1.0)
    assert "secret-one" not in text and "ghost" in text
    client.ask("/nrcore/create", "ann", "a", "sizes", 2, 2, 1)
    for name in ("../x.json", "/etc/x.json"):
        text = client.error("/nrcore/a/save", name)
        assert str(tmp_path) not in text and "files folder" in text


def test_warning_when_bound_beyond_loopback(caplog):
    from nrcore.hosts.osc.server import LOG_BOUND
    for _ in range(200):        # exhaust the log's rate budget, as a flood would
        LOG_BOUND.filter(logging.LogRecord("nrcore.hosts.osc", logging.WARNING, "", 0,
                                           "flood", None, None))
    with caplog.at_level(logging.WARNING, logger="nrcore.hosts.osc"):
        with NrcoreServer(host="0.0.0.0", port=0):
            pass
    assert any("0.0.0.0" in r.getMessage() and "127.0.0.1" in r.getMessage()
               for r in caplog.records)


# -- TCP ------------------------------------------------------------------------------------
def _read_frame(sock: socket.socket, framing: str) -> OscMessage:
    """The next reply on a TCP connection, in the given framing."""
    if framing == "length":
        head = b""
        while len(head) < 4:
            head += sock.recv(4 - len(head))
        size = int.from_bytes(head, "big")
        body = b""
        while len(body) < size:
            body += sock.recv(size - len(body))
        return OscMessage(body)
    decoder, pending = _SLIP.setdefault(sock.fileno(), (SlipDecoder(), []))
    while not pending:
        pending.extend(decoder.feed(sock.recv(65536)))
    return OscMessage(pending.pop(0))


#: Per socket: its SLIP decoder and the packets read but not yet returned.
_SLIP: dict = {}


@pytest.mark.parametrize("framing", ["length", "slip"])
def test_tcp_framings_answer_in_kind(framing, tmp_path):
    with NrcoreServer(port=0, tcp_port=0, files=tmp_path) as server:
        with socket.create_connection(("127.0.0.1", server.tcp_port), timeout=10) as sock:
            for message in (encode_message("/nrcore/create", "neuron", "t1", "inputs", 2),
                            encode_message("/nrcore/t1/run", 0.5, -0.25)):
                sock.sendall(len(message).to_bytes(4, "big") + message if framing == "length"
                             else slip_encode(message))
            assert _read_frame(sock, framing).address == "/nrcore/created"
            out = _read_frame(sock, framing)
            assert out.address == "/nrcore/t1/out" and len(out.params) == 2


@pytest.mark.skipif(shutil.which("oscsend") is None, reason="liblo-tools missing")
def test_liblo_osc_tcp_reaches_the_server(tmp_path):
    """liblo's own TCP client (OSC 1.0 length-prefixed framing) is a real peer."""
    with NrcoreServer(port=0, tcp_port=0, files=tmp_path) as server:
        subprocess.run(["oscsend", f"osc.tcp://127.0.0.1:{server.tcp_port}", "/nrcore/create",
                        "sssi", "neuron", "lo", "inputs", "2"], check=True, timeout=10)
        assert _wait(lambda: "lo" in server.instances, 10)
        assert server.instances["lo"].inputs == 2
        subprocess.run(["oscsend", f"osc.tcp://127.0.0.1:{server.tcp_port}", "/nrcore/lo/bias",
                        "f", "0.25"], check=True, timeout=10)
        assert _wait(lambda: abs(server.instances["lo"].bias - 0.25) < 1e-6, 10)


def test_tcp_connections_are_limited_and_idle_ones_closed(tmp_path):
    """12 silent connections to a server allowing 3: never more than 3 connection threads;
    the rest are refused at once, the 3 closed when idle; then the slots serve again."""
    limits = replace(Limits(), tcp_connections=3, tcp_idle=1.0)
    with NrcoreServer(port=0, tcp_port=0, files=tmp_path, limits=limits) as server:
        threads_before = threading.active_count()
        socks = [socket.create_connection(("127.0.0.1", server.tcp_port), timeout=10)
                 for _ in range(12)]
        try:
            peak = 0
            deadline = time.monotonic() + 20
            while (server.stats["tcp_refused"] + server.stats["tcp_idle_closed"] < 12
                   and time.monotonic() < deadline):
                peak = max(peak, threading.active_count() - threads_before)
                time.sleep(0.01)
            assert server.stats["tcp_refused"] + server.stats["tcp_idle_closed"] == 12
            assert 1 <= server.stats["tcp_idle_closed"] and peak <= 3
            for sock in socks:                      # every one was closed by the server
                try:
                    assert sock.recv(16) == b""
                except ConnectionResetError:
                    pass
            with socket.create_connection(("127.0.0.1", server.tcp_port), timeout=10) as sock:
                sock.sendall(slip_encode(encode_message("/nrcore/ping", 7)))
                assert _read_frame(sock, "slip").params == [7]
        finally:
            for sock in socks:
                sock.close()


def test_paths_are_scrubbed_from_error_texts():
    from nrcore.hosts.osc.server import scrub_paths

    assert scrub_paths("/home/me/nrcore/models/x.json: format_version 1 is not supported") == \
        "x.json: format_version 1 is not supported"
    assert scrub_paths("/nrcore/t/train: add some with /nrcore/t/example") == \
        "/nrcore/t/train: add some with /nrcore/t/example"


def test_split_replies_carry_the_same_values():
    """The Max form of a reply: ``/nrcore/<id>/<leaf> args`` -> ``/nrcore/from <id> <leaf>
    args``, the arguments unchanged; server replies stay as they are."""
    from nrcore.hosts.osc.server import split_reply

    for args in ([], [1, 2.5, "x"], ["abc"], [0.25] * 7):
        for address in ("/nrcore/a/out", "/nrcore/abcd/param", "/nrcore/help-neuron/examples",
                        "/nrcore/pong"):
            message = OscMessage(split_reply(encode_message(address, *args)))
            parts = address.split("/")
            if len(parts) == 4:
                assert message.address == "/nrcore/from"
                assert message.params == [parts[2], parts[3]] + args
            else:
                assert (message.address, message.params) == (address, args)
    # a numeric id comes back as an int, as Max's [route 7] (from #1 = 7) expects
    assert OscMessage(split_reply(encode_message("/nrcore/7/out", 0.5))).params == \
        [7, "out", 0.5]
    assert OscMessage(split_reply(encode_message("/nrcore/07/out", 0.5))).params == \
        ["07", "out", 0.5]
