"""Max's install steps (max/nrcore/README.md) with the wheel: nrcore in ~/nrcore-venv of a
throwaway home, and the package's launcher (run by Node with a stand-in for Max's max-api)
starting `nrcore serve` from that venv with no PATH set-up, and a real OSC answer from it."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from pythonosc.osc_message import OscMessage

from nrcore.osc_codec import encode_message
from test_install_support import ROOT, base_python, clean_env, run, tree_wheel

LAUNCHER = ROOT / "max" / "nrcore" / "javascript" / "nrcore-launch.js"
MAX_API_STANDIN = """
const handlers = {};
require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
  const [name, ...args] = line.trim().split(/\\s+/);
  if (handlers[name]) handlers[name](...args);
});
module.exports = {
  addHandler: (name, fn) => { handlers[name] = fn; },
  outlet: (...values) => console.log(JSON.stringify(values)),
  post: (...values) => console.error(values.join(" ")),
};
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js missing")
def test_launcher_runs_nrcore_serve_from_the_readme_venv(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    # README step 1, literally, with this session's wheel for "nrcore"
    venv = home / "nrcore-venv"
    assert run([base_python(), "-m", "venv", venv], cwd=tmp_path).returncode == 0
    install = run([venv / "bin/python", "-m", "pip", "install", "-q", f"{tree_wheel()}[osc]"],
                  cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    params = run([venv / "bin/nrcore", "params"], cwd=tmp_path)
    assert params.returncode == 0 and "neuron" in params.stdout
    modules = tmp_path / "node_modules" / "max-api"
    modules.mkdir(parents=True)
    (modules / "index.js").write_text(MAX_API_STANDIN)
    port = _free_port()
    env = clean_env(HOME=str(home), NODE_PATH=str(tmp_path / "node_modules"),
                    PATH="/usr/bin:/bin")  # no nrcore on PATH: only the venv can serve
    node = subprocess.Popen(["node", str(LAUNCHER), str(port)], cwd=tmp_path, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = node.stdout.readline()
        assert json.loads(line) == ["started", port], line + node.stderr.read(2000)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(5)
            s.sendto(encode_message("/nrcore/ping", "up"), ("127.0.0.1", port))
            assert OscMessage(s.recvfrom(4096)[0]).params == ["up"]
        node.stdin.write("stop\n")
        node.stdin.flush()
        assert json.loads(node.stdout.readline())[0] == "exited"
    finally:
        node.terminate()
        node.wait(timeout=10)
