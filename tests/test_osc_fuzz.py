"""Bounded fuzz: thousands of malformed and random datagrams, sent only to 127.0.0.1, with
valid requests in between that must keep being answered. Seeded, so it is repeatable."""
from __future__ import annotations

import math
import socket
import struct

import numpy as np
from pythonosc.osc_message import OscMessage

import nrcore
from nrcore.hosts.osc import NrcoreServer, encode_message
from test_osc import registry_unchanged  # noqa: F401  (autouse fixture)

N_DATAGRAMS = 4000
CHECK_EVERY = 100


def _pad(b: bytes) -> bytes:
    return b + b"\0" * (4 - len(b) % 4)


def malformed(rng: np.random.Generator, valid: list[bytes]) -> bytes:
    kind = int(rng.integers(0, 8))
    if kind == 0:                                   # noise
        return rng.bytes(int(rng.integers(0, 300)))
    if kind == 1:                                   # a valid message cut short
        m = valid[int(rng.integers(0, len(valid)))]
        return m[:int(rng.integers(0, len(m)))]
    if kind == 2:                                   # a valid message with flipped bytes
        m = bytearray(valid[int(rng.integers(0, len(valid)))])
        for _ in range(int(rng.integers(1, 6))):
            m[int(rng.integers(0, len(m)))] = int(rng.integers(0, 256))
        return bytes(m)
    if kind == 3:                                   # random type tags, random payload
        tags = "".join(rng.choice(list("ifsbhdtTFNIcrm[]S?x"), int(rng.integers(0, 12))))
        address = rng.choice(["/nrcore/f1/run", "/nrcore/f1/bias", "/nrcore/create",
                              "/nrcore/f1/weights", "/nrcore/ping", "/nrcore/f1"])
        return _pad(address.encode()) + _pad(("," + tags).encode()) + rng.bytes(
            int(rng.integers(0, 64)))
    if kind == 4:                                   # bundles with lying sizes
        body = b"#bundle\0" + rng.bytes(8)
        for _ in range(int(rng.integers(0, 4))):
            size = int(rng.choice([0, 3, 4, 1 << 30, 2**31 - 1, int(rng.integers(0, 64))]))
            body += struct.pack(">i", size if size < 2**31 else -1) + rng.bytes(
                int(rng.integers(0, 40)))
        return body
    if kind == 5:                                   # well-formed messages with hostile values
        address, args = [
            ("/nrcore/f1/run", [float("nan"), float("inf"), -1e38]),
            ("/nrcore/f1/bias", [float("nan")]),
            ("/nrcore/f1/weights", [float("inf")] * 3),
            ("/nrcore/f1/run", [1e30] * 3),
            ("/nrcore/create", ["neuron", "f2", "inputs", 10**6]),
            ("/nrcore/create", ["neuron", "", "inputs"]),
            ("/nrcore/f1/feedback_delay", [2**31 - 1]),
            ("/nrcore/f1/activation", ["\u00e9\u00e9"]),
            ("/nrcore//", []),
            ("/nrcore/f1/run/extra/parts", [1]),
        ][int(rng.integers(0, 10))]
        from pythonosc.osc_message_builder import OscMessageBuilder
        b = OscMessageBuilder(address)
        for a in args:
            b.add_arg(a, "f" if isinstance(a, float) else None)
        return b.build().dgram
    if kind == 6:                                   # huge datagram
        return b"/nrcore/ping\0\0\0\0," + b"i" * 60000
    return bytes(int(rng.integers(0, 4)))          # empty / tiny


def test_server_survives_malformed_datagrams():
    rng = np.random.default_rng(20261122)
    valid = [encode_message("/nrcore/f1/run", 0.1, 0.2, 0.3),
             encode_message("/nrcore/f1/bias", 0.5),
             encode_message("/nrcore/create", "neuron", "f3", "inputs", 2),
             encode_message("/nrcore/ping", 1, 2.5, "x")]
    with NrcoreServer(port=0) as server, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
        client.bind(("127.0.0.1", 0))
        client.settimeout(5.0)
        target = ("127.0.0.1", server.port)
        replies: list[OscMessage] = []

        def exchange(dgram: bytes, until: str, params: list | None = None) -> OscMessage:
            """Send, then read replies (fuzzed pings answer too) up to the one awaited."""
            client.sendto(dgram, target)
            while True:
                data, _ = client.recvfrom(65536)
                message = OscMessage(data)
                replies.append(message)
                if message.address == until and params in (None, message.params):
                    return message

        exchange(encode_message("/nrcore/create", "neuron", "f1", "inputs", 3), "/nrcore/created")
        pongs = 0
        for i in range(N_DATAGRAMS):
            client.sendto(malformed(rng, valid), target)
            if i % CHECK_EVERY == CHECK_EVERY - 1:
                # times out (socket.timeout) if the server stopped answering
                exchange(encode_message("/nrcore/ping", i, "check"), "/nrcore/pong", [i, "check"])
                pongs += 1
        assert pongs == N_DATAGRAMS // CHECK_EVERY
        # still serving: a fresh instance computes exactly what the processor does
        exchange(encode_message("/nrcore/create", "neuron", "clean", "inputs", 3),
                 "/nrcore/created")
        out = exchange(encode_message("/nrcore/clean/run", 0.25, -0.5, 1), "/nrcore/clean/out")
        want = nrcore.Neuron(inputs=3).process(np.array([[0.25], [-0.5], [1]], np.float32))
        np.testing.assert_array_equal(np.float32(out.params), want[:, 0])
        f1 = exchange(encode_message("/nrcore/f1/run", 0.1, 0.2, 0.3), "/nrcore/f1/out")
        assert len(f1.params) == 2
        assert server.stats["malformed"] > N_DATAGRAMS // 10
        assert server.stats["errors"] > 0
    # nothing non-finite ever left the server, and only i/f/s were used
    for message in replies:
        for value in message.params:
            assert isinstance(value, (int, float, str)), (message.address, value)
            if isinstance(value, float):
                assert math.isfinite(value), message.address


def test_hostile_requests_keep_memory_and_log_bounded(tmp_path):
    """A flood of well-formed but hostile requests (huge networks, long delays, deep and wide
    ANNs, example spam, endless trainings, 20 KB addresses, file audio), seeded: the server's
    memory grows by less than one client's budget, the log by a few kilobytes, every request
    is answered, and the server still computes exactly."""
    import io
    import logging

    from nrcore.hosts.osc.limits import Limits

    def rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096

    rng = np.random.default_rng(7)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("nrcore.hosts.osc")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    hostile = [
        lambda k: ("/nrcore/create", ["net", f"n{k}", "neurons", 64, "delay", 192000]),
        lambda k: ("/nrcore/create", ["neuron", f"d{k % 50}", "feedback_delay", 192000]),
        lambda k: ("/nrcore/create", ["ann", f"a{k}", "sizes", *([1024] * 40)]),
        lambda k: ("/nrcore/create", ["ann", "t", "sizes", 2, 64, 1]),
        lambda k: ("/nrcore/t/example", [0.1, 0.2, 0.3]),
        lambda k: ("/nrcore/t/train", [1000000]),
        lambda k: ("/nrcore/" + "x" * 20000, [1]),
        lambda k: ("/nrcore/audio", ["start", "file", f"f{k}.wav"]),
        lambda k: ("/nrcore/create", ["instrument", f"i{k}", "osc_port", 9]),
    ]
    try:
        with NrcoreServer(port=0, files=tmp_path) as server, \
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.bind(("127.0.0.1", 0))
            client.settimeout(10.0)
            target = ("127.0.0.1", server.port)
            before = rss()
            for k in range(600):
                address, args = hostile[int(rng.integers(0, len(hostile)))](k)
                client.sendto(encode_message(address, *args), target)
                if k % 50 == 49:       # paced, and proof that the server keeps answering
                    client.sendto(encode_message("/nrcore/ping", k), target)
                    while OscMessage(client.recvfrom(65536)[0]).params != [k]:
                        pass
            grown = rss() - before
            assert grown < Limits().client_memory + 32 * 2**20, grown / 2**20
            assert server.accounts.client_total("127.0.0.1") <= Limits().client_memory
            assert len(server.instances) <= Limits().client_instances
            assert len(server._training) <= 1
            assert not list(tmp_path.glob("*.wav"))
            client.sendto(encode_message("/nrcore/create", "neuron", "clean", "inputs", 3),
                          target)
            client.sendto(encode_message("/nrcore/clean/run", 0.25, -0.5, 1), target)
            while True:
                message = OscMessage(client.recvfrom(65536)[0])
                if message.address == "/nrcore/clean/out":
                    break
            want = nrcore.Neuron(inputs=3).process(np.array([[0.25], [-0.5], [1]], np.float32))
            np.testing.assert_array_equal(np.float32(message.params), want[:, 0])
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    text = stream.getvalue()
    assert max(len(line) for line in text.splitlines()) < 400
    assert len(text) < 100_000              # unbounded, the addresses alone were ~10 MB
