"""Pd vanilla as an independent OSC peer: [oscformat] -> [netsend -u -b] drives the server,
[netreceive -u -b] -> [oscparse] reads its replies (Pd sends every number as a float32, as a
Max flonum does, and every symbol as a string)."""
from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

import nrcore
from test_osc import ServeProcess, free_udp_port

pytestmark = pytest.mark.skipif(shutil.which("pd") is None, reason="Pd not installed")


def pd_patch(server_port: int, reply_port: int) -> str:
    """A patch that registers its reply port, creates a neuron, runs three frames, asks for a
    parameter, makes one bad request, and quits after 2 s. Right-to-left trigger order."""
    return f"""#N canvas 0 0 900 700 12;
#X obj 20 20 loadbang;
#X obj 20 50 t b b b b b b b b;
#X msg 600 80 connect 127.0.0.1 {server_port};
#X msg 520 110 {reply_port};
#X obj 520 140 oscformat nrcore reply_port;
#X msg 440 170 list neuron p1 inputs 2 weights 0.7 -0.4 feedback 0.25 bias 1;
#X obj 440 200 oscformat nrcore create;
#X msg 360 230 0.5 0.25 \\, 0.125 -1 \\, 1 1;
#X obj 360 260 oscformat nrcore p1 run;
#X msg 280 290 symbol bias;
#X obj 280 320 oscformat nrcore p1 get;
#X msg 200 350 symbol loud;
#X obj 200 380 oscformat nrcore p1 bias;
#X obj 20 420 list prepend send;
#X obj 20 450 list trim;
#X obj 20 480 netsend -u -b;
#X obj 500 420 netreceive -u -b {reply_port};
#X obj 500 450 oscparse;
#X obj 500 480 print reply;
#X obj 120 80 delay 2000;
#X msg 120 110 \\; pd quit;
#X connect 0 0 1 0;
#X connect 1 7 2 0;
#X connect 1 6 3 0;
#X connect 1 5 5 0;
#X connect 1 4 7 0;
#X connect 1 3 9 0;
#X connect 1 2 11 0;
#X connect 1 0 19 0;
#X connect 2 0 15 0;
#X connect 3 0 4 0;
#X connect 4 0 13 0;
#X connect 5 0 6 0;
#X connect 6 0 13 0;
#X connect 7 0 8 0;
#X connect 8 0 13 0;
#X connect 9 0 10 0;
#X connect 10 0 13 0;
#X connect 11 0 12 0;
#X connect 12 0 13 0;
#X connect 13 0 14 0;
#X connect 14 0 15 0;
#X connect 16 0 17 0;
#X connect 17 0 18 0;
#X connect 19 0 20 0;
"""


def test_pd_drives_the_server(tmp_path):
    server = ServeProcess()
    try:
        reply_port = free_udp_port()
        patch = tmp_path / "client.pd"
        patch.write_text(pd_patch(server.port, reply_port))
        # -nogui without -batch: in -batch Pd never services its sockets (FIELD-NOTES)
        run = subprocess.run(["pd", "-nogui", "-noaudio", "-nomidi", "-open", str(patch)],
                             capture_output=True, text=True, timeout=30)
    finally:
        server.stop()
    replies = [line.split(":", 1)[1].split() for line in run.stderr.splitlines()
               if line.startswith("reply:")]
    by_address: dict[str, list[list[str]]] = {}
    for words in replies:
        assert words[0] == "list" and words[1] == "nrcore", words
        by_address.setdefault("/".join(words[2:4]) if words[2] == "p1" else words[2],
                              []).append(words)
    assert by_address["reply_port"][0][3] == str(reply_port)
    assert by_address["created"][0][3:] == ["p1", "neuron", "2", "2"]
    reference = nrcore.Neuron(inputs=2, weights=[0.7, -0.4], feedback=0.25, bias=1.0)
    frames = np.array([[0.5, 0.25], [0.125, -1], [1, 1]], dtype=np.float32)
    got = np.array([[float(v) for v in w[4:]] for w in by_address["p1/out"]])
    want = np.stack([reference.process(f.reshape(2, 1))[:, 0] for f in frames])
    np.testing.assert_allclose(got, want, atol=1e-5)     # Pd prints 6 significant digits
    assert by_address["p1/param"][0][4:] == ["bias", "1"]
    error = by_address["error"][0]
    assert error[3] == "/nrcore/p1/bias" and "loud" in " ".join(error[4:])
