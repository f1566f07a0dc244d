"""OSC round-trip latency and sustained messages/s without loss: nrcore serve vs python-osc.

Run: PYTHONPATH=python .venv/bin/python benchmarks/bench_osc.py [--quick]

Peers, side by side in this script, each a separate process on 127.0.0.1 answering over UDP:
- ``nrcore serve`` (through ``main_serve``, the real CLI path): ``/nrcore/ping`` (parse,
  dispatch, reply) and ``/nrcore/<id>/run`` on a 3-input neuron and a 2-8-3 ANN (a control
  frame computed by the Cython kernels, outputs sent back);
- a bare python-osc ``BlockingOSCUDPServer`` whose ``/ping`` handler sends the arguments back:
  the least a Python OSC server can do per message, the baseline nrcore is compared with.

Latency: sequential request -> reply, median and 99th percentile. Throughput: the client sends
at a fixed rate for one second per step and counts replies; the figure is the highest rate at
which every request was answered.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import numpy as np

from common import ROOT, table

from nrcore.hosts.osc import encode_message

PEER_CODE = r"""
import socket, sys
from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import BlockingOSCUDPServer
from pythonosc.osc_message_builder import OscMessageBuilder
out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
def pong(client, address, *args):
    b = OscMessageBuilder("/pong")
    for a in args:
        b.add_arg(a)
    out.sendto(b.build().dgram, client)
d = Dispatcher()
d.map("/ping", pong, needs_reply_address=True)
server = BlockingOSCUDPServer(("127.0.0.1", 0), d)
server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
print("listening on udp 127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
"""
SERVE_CODE = "import sys; from nrcore.hosts.osc import main_serve; sys.exit(main_serve(sys.argv[1:]))"


def start(code: str, *args: str) -> tuple[subprocess.Popen, int, int | None]:
    """A server process; its UDP port and TCP port (or None) from its ready line."""
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    words = proc.stdout.readline().split()
    port = int(words[words.index("udp") + 1].rsplit(":", 1)[1])
    tcp = int(words[words.index("tcp") + 1]) if "tcp" in words else None
    return proc, port, tcp


class Client:
    def __init__(self, port: int) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(2.0)
        self.target = ("127.0.0.1", port)

    def round_trips(self, dgram: bytes, n: int) -> np.ndarray:
        times = np.empty(n)
        for i in range(n):
            start = time.perf_counter()
            self.sock.sendto(dgram, self.target)
            self.sock.recvfrom(65536)
            times[i] = time.perf_counter() - start
        return times

    def sustained(self, dgram: bytes, rate: float, seconds: float = 1.0) -> tuple[int, int]:
        """Send at ``rate`` messages/s for ``seconds``; return (sent, answered)."""
        received = [0]
        done = threading.Event()

        def receive() -> None:
            self.sock.settimeout(0.1)
            while True:
                try:
                    self.sock.recvfrom(65536)
                    received[0] += 1
                except socket.timeout:
                    if done.is_set():
                        return

        thread = threading.Thread(target=receive)
        thread.start()
        total = int(rate * seconds)
        start = time.perf_counter()
        for i in range(total):
            due = start + i / rate
            while time.perf_counter() < due:
                pass
            self.sock.sendto(dgram, self.target)
        time.sleep(0.5)        # let the last replies arrive
        done.set()
        thread.join()
        self.sock.settimeout(2.0)
        return total, received[0]


def best_lossless(client: Client, dgram: bytes, rates: list[float]) -> tuple[float, list]:
    best = 0.0
    steps = []
    for rate in rates:
        sent, answered = client.sustained(dgram, rate)
        steps.append((rate, sent, answered))
        if answered == sent:
            best = rate
        else:
            break
    return best, steps


def main() -> None:
    quick = "--quick" in sys.argv
    n = 500 if quick else 3000
    rates = [1000, 2000, 5000, 10000, 15000, 20000, 30000, 40000]
    if quick:
        rates = rates[:4]
    rows, throughput = [], []
    serve, serve_port, _ = start(SERVE_CODE, "--port", "0", "--log-level", "ERROR")
    peer, peer_port, _ = start(PEER_CODE)
    try:
        nr = Client(serve_port)
        nr.sock.sendto(encode_message("/nrcore/create", "neuron", "n1", "inputs", 3), nr.target)
        nr.sock.recvfrom(65536)
        nr.sock.sendto(encode_message("/nrcore/create", "ann", "a1", "sizes", 2, 8, 3),
                       nr.target)
        nr.sock.recvfrom(65536)
        po = Client(peer_port)
        # A Max client: requests as /nrcore/to <id> ..., replies in the split form.
        mx = Client(serve_port)
        mx.sock.sendto(encode_message("/nrcore/reply_port", mx.sock.getsockname()[1],
                                      "split"), mx.target)
        mx.sock.recvfrom(65536)
        cases = [
            ("python-osc peer: /ping -> /pong", po, encode_message("/ping", 1, 0.5, "x")),
            ("nrcore serve: /nrcore/ping -> /nrcore/pong", nr,
             encode_message("/nrcore/ping", 1, 0.5, "x")),
            ("nrcore serve: /nrcore/n1/run (neuron, 3 in)", nr,
             encode_message("/nrcore/n1/run", 0.1, 0.2, 0.3)),
            ("nrcore serve: /nrcore/a1/run (ann 2-8-3)", nr,
             encode_message("/nrcore/a1/run", 0.1, 0.2)),
            ("nrcore serve, as Max sends it: /nrcore/to n1 0.1 0.2 0.3 -> /nrcore/from", mx,
             encode_message("/nrcore/to", "n1", 0.1, 0.2, 0.3)),
        ]
        from pythonosc.osc_message import OscMessage

        medians = {}
        for label, client, dgram in cases:
            client.sock.sendto(dgram, client.target)
            answer = OscMessage(client.sock.recvfrom(65536)[0])
            assert answer.address in ("/pong", "/nrcore/pong", "/nrcore/n1/out",
                                      "/nrcore/a1/out", "/nrcore/from"), (
                label, answer.address, answer.params)
            client.round_trips(dgram, 200)                       # warm up
            t = client.round_trips(dgram, n) * 1e6
            medians[label] = np.median(t)
            rows.append((label, f"{np.median(t):.0f}", f"{np.percentile(t, 99):.0f}"))
        # TCP with SLIP framing, driven by python-osc's own TCP client (OSC 1.1 mode)
        from pythonosc.tcp_client import TCPClient

        tcp_proc, _, tcp_port = start(SERVE_CODE, "--port", "0", "--tcp", "0",
                                      "--log-level", "ERROR")
        try:
            if tcp_port is not None:
                # OSC 1.1 (SLIP) and OSC 1.0 (length-prefixed, what liblo's osc.tcp sends)
                for mode, framing in (("1.1", "SLIP"), ("1.0", "length-prefixed")):
                    with TCPClient("127.0.0.1", tcp_port, mode=mode) as tcp:
                        message = OscMessage(encode_message("/nrcore/ping", 1, 0.5, "x"))
                        times = np.empty(n)
                        for i in range(n + 200):
                            begin = time.perf_counter()
                            tcp.send(message)
                            while not tcp.receive(timeout=2):
                                pass
                            if i >= 200:
                                times[i - 200] = (time.perf_counter() - begin) * 1e6
                        label = (f"nrcore serve, TCP {framing} (python-osc TCPClient "
                                 f"{mode}): /nrcore/ping")
                        medians[label] = np.median(times)
                        rows.append((label, f"{np.median(times):.0f}",
                                     f"{np.percentile(times, 99):.0f}"))
        finally:
            tcp_proc.terminate()
            tcp_proc.wait()
        for label, client, dgram in cases[:3]:
            best, steps = best_lossless(client, dgram, rates)
            throughput.append((label, f"{best:.0f}",
                               "; ".join(f"{r:.0f}/s: {a}/{s}" for r, s, a in steps)))
    finally:
        serve.terminate()
        peer.terminate()
        serve.wait()
        peer.wait()
    peer_label = cases[0][0]
    print("Round trip on 127.0.0.1 (us), %d requests each:\n" % n)
    print(table([r + (f"{medians[r[0]] / medians[peer_label]:.2f}",) for r in rows],
                ("request", "median", "p99", "median / python-osc peer")))
    print("\nSustained rate with every request answered (1 s per step):\n")
    print(table(throughput, ("request", "lossless msgs/s", "steps: answered/sent")))


if __name__ == "__main__":
    main()
