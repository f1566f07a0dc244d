"""The Max package: generated files up to date, valid JSON, real Max objects with the right
inlets/outlets (checked with py2max's Max reference and linter), and every message a help
patch sends accepted by a real server when sent the way Max's [udpsend] would."""
from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from pythonosc.osc_message import OscMessage

from nrcore.hosts.max import package as max_package
from nrcore.hosts.osc import NrcoreServer, encode_message
from nrcore.hosts.osc.address import address_space_markdown
from nrcore.hosts.osc.server import load_processors
from nrcore.processor import REGISTRY
from test_osc import registry_unchanged  # noqa: F401  (autouse fixture)

py2max = pytest.importorskip("py2max")
from py2max import Patcher  # noqa: E402
from py2max.maxref import get_object_info, porttypes  # noqa: E402

PACKAGE = Path(__file__).resolve().parents[1] / "max" / "nrcore"
PATCH_FILES = sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".maxpat", ".maxhelp"))
#: Real Max objects missing from py2max 0.6.0's reference, with their Max inlets/outlets.
NOT_IN_PY2MAX = {"node.script": (1, 2)}


def _generated():
    return max_package.generate()


def test_generated_files_are_up_to_date():
    stale = [rel for rel, text in _generated().items()
             if not (PACKAGE / rel).exists() or (PACKAGE / rel).read_text() != text]
    assert not stale, f"run `PYTHONPATH=python python -m nrcore.hosts.max.package` to regenerate: {stale}"
    generated = set(_generated())
    for path in PACKAGE.glob("patchers/nrcore.*.maxpat"):
        assert str(path.relative_to(PACKAGE)) in generated, f"{path} is not generated anymore"
    for path in PACKAGE.glob("help/*.maxhelp"):
        assert str(path.relative_to(PACKAGE)) in generated, f"{path} is not generated anymore"


def test_package_layout():
    load_processors()          # the registry the package is generated from (synth, rack...)
    info = json.loads((PACKAGE / "package-info.json").read_text())
    for key in ("name", "version", "author", "description"):
        assert info[key]
    assert info["name"] == "nrcore"
    for name in REGISTRY:
        assert (PACKAGE / "patchers" / f"nrcore.{name}.maxpat").exists()
        assert (PACKAGE / "help" / f"nrcore.{name}.maxhelp").exists()
    assert (PACKAGE / "examples" / "nrcore.mouse-ann-midi.maxpat").exists()
    assert (PACKAGE / "javascript" / "nrcore-launch.js").exists()
    for doc in ("README.md", "docs/nn-tilde.md", "docs/osc-address-space.md"):
        assert (PACKAGE / doc).read_text().strip()


def _ports(box: dict) -> tuple[int, int]:
    return box.get("numinlets", 0), box.get("numoutlets", 0)


def _abstraction_ports(name: str) -> tuple[int, int]:
    data = json.loads((PACKAGE / "patchers" / f"{name}.maxpat").read_text())
    classes = [b["box"]["maxclass"] for b in data["patcher"]["boxes"]]
    return classes.count("inlet"), classes.count("outlet")


@pytest.mark.parametrize("path", PATCH_FILES, ids=lambda p: p.name)
def test_patch_is_valid_max(path):
    data = json.loads(path.read_text())                       # valid JSON
    patcher = data["patcher"]
    boxes = {b["box"]["id"]: b["box"] for b in patcher["boxes"]}
    assert len(boxes) == len(patcher["boxes"])
    for box in boxes.values():
        assert len(box.get("outlettype", [])) == box["numoutlets"] or box["maxclass"] == \
            "outlet"
        if box["maxclass"] != "newobj":
            assert get_object_info(box["maxclass"]) is not None, box["maxclass"]
            continue
        name = box["text"].split()[0]
        if name.startswith("nrcore."):                        # our abstractions
            assert _ports(box) == _abstraction_ports(name), box["text"]
        elif name in NOT_IN_PY2MAX:
            assert _ports(box) == NOT_IN_PY2MAX[name]
        else:
            assert get_object_info(name) is not None, f"{name} is not a Max object"
            ref_in, ref_out = porttypes.port_counts(name, box["text"])
            assert box["numoutlets"] == ref_out, (box["text"], ref_out)
            assert ref_in is None or box["numinlets"] <= ref_in, (box["text"], ref_in)
    for line in patcher["lines"]:
        source, outlet = line["patchline"]["source"]
        destination, inlet = line["patchline"]["destination"]
        assert outlet < boxes[source]["numoutlets"]
        assert inlet < boxes[destination]["numinlets"]
    # py2max's own linter: no errors, no overlaps/off-canvas/port-order warnings, and no
    # unknown objects but ours and the ones its reference lacks
    findings = Patcher.from_file(path).lint()
    problems = []
    for f in findings:
        if f.code == "W-UNKNOWN-OBJECT":
            name = re.search(r"object '([^']+)'", f.message).group(1)
            if name.startswith("nrcore.") or name in NOT_IN_PY2MAX:
                continue
        problems.append(str(f))
    assert not problems


def test_every_parameter_is_documented():
    load_processors()
    page = (PACKAGE / "docs" / "osc-address-space.md").read_text()
    assert page == address_space_markdown(REGISTRY)
    for name, cls in REGISTRY.items():
        help_text = (PACKAGE / "help" / f"nrcore.{name}.maxhelp").read_text()
        for p in cls.PARAMS:
            assert f"/nrcore/<id>/{p.name}`" in page
            assert json.dumps(p.describe())[1:-1] in help_text, (name, p.name)


# -- the generated patches against a real server --------------------------------------------
def _atoms(text: str) -> list:
    """Max's reading of a message box: ints, floats (with a dot) and symbols."""
    out = []
    for token in text.split():
        if re.fullmatch(r"-?\d+", token):
            out.append(int(token))
        elif re.fullmatch(r"-?\d*\.\d*(e-?\d+)?|-?\d+e-?\d+", token):
            out.append(float(token))
        else:
            out.append(token)
    return out


def _max_send(sock, port, atoms):
    """What [udpsend] does with a message: the selector is the address, the rest arguments."""
    sock.sendto(encode_message(atoms[0], *atoms[1:]), ("127.0.0.1", port))


def _replies(sock, until: str):
    got = []
    while True:
        message = OscMessage(sock.recvfrom(65536)[0])
        got.append(message)
        if message.address == until:
            return got


PATCHES_WITH_OBJECTS = sorted(list(PACKAGE.glob("help/*.maxhelp"))
                              + list(PACKAGE.glob("examples/*.maxpat")))


@pytest.mark.parametrize("path", PATCHES_WITH_OBJECTS, ids=lambda p: p.name)
def test_patch_messages_are_accepted_by_the_server(path, tmp_path, monkeypatch):
    """Every [nrcore.<name> <id> ...] box of a help or example patch is created on a real
    server the way its abstraction does it ([patcherargs] -> [prepend /nrcore/create <name>]),
    then every message box wired into it goes through the abstraction's [prepend /nrcore/#1]
    as Max's [udpsend] would send it. No reply may be an error, and every reply must be one
    the abstraction's [route] listens to."""
    monkeypatch.chdir(tmp_path)                        # 'save nrcore-net.json' lands here
    patch = json.loads(path.read_text())["patcher"]
    boxes = {b["box"]["id"]: b["box"] for b in patch["boxes"]}
    objects = {i: b["text"].split() for i, b in boxes.items()
               if b["maxclass"] == "newobj" and b["text"].startswith("nrcore.")
               and b["text"].split()[0] != "nrcore.client"}
    assert objects
    sent = 0
    with NrcoreServer(port=0) as server, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        s.settimeout(30)
        for box_id, words in objects.items():
            instance = words[1]
            abstraction = json.loads((PACKAGE / "patchers" / f"{words[0]}.maxpat").read_text())
            texts = {b["box"].get("text", "") for b in abstraction["patcher"]["boxes"]}
            prepend = next(t for t in texts if t.startswith("prepend /nrcore/#1")).split()[1]
            create = next(t for t in texts if t.startswith("prepend /nrcore/create")).split()[1:]
            route = next(t for t in texts if t.startswith("route ")).split()[1:]
            listened = {r.replace("#1", instance) for r in route}
            _max_send(s, server.port, create + _atoms(" ".join(words[1:])))
            _max_send(s, server.port, ["/nrcore/ping", "created"])
            replies = _replies(s, "/nrcore/pong")
            assert [r.address for r in replies] == ["/nrcore/created", "/nrcore/pong"], \
                [(r.address, r.params) for r in replies]
            rows = replies[0].params[2]
            # data flowing between the clicks, as from [mousestate] (so a recording has frames)
            frame = [prepend.replace("#1", instance)] + [0.25] * rows if rows else None
            messages = [boxes[line["patchline"]["source"][0]].get("text")
                        for line in patch["lines"]
                        if line["patchline"]["destination"][0] == box_id
                        and boxes[line["patchline"]["source"][0]]["maxclass"] == "message"]
            for text in messages:
                _max_send(s, server.port, [prepend.replace("#1", instance)] + _atoms(text))
                if frame:
                    _max_send(s, server.port, frame)
                _max_send(s, server.port, ["/nrcore/ping", text])
                replies = _replies(s, "/nrcore/pong")
                errors = [r.params for r in replies if r.address == "/nrcore/error"]
                assert not errors, (text, errors)
                for r in replies[:-1]:
                    assert r.address in listened, (text, r.address, listened)
                sent += 1
    assert sent > 0


# -- the launcher script, run by Node with a stand-in for Max's max-api module ----------------
MAX_API_STANDIN = """
// Stand-in for Max's max-api: outlets become JSON lines on stdout, handlers can be called
// by writing 'name arg...' lines on stdin (as Max messages would).
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


def _launcher(tmp_path, port, *command):
    import os
    import subprocess

    modules = tmp_path / "node_modules" / "max-api"
    modules.mkdir(parents=True, exist_ok=True)
    (modules / "index.js").write_text(MAX_API_STANDIN)
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, NODE_PATH=str(tmp_path / "node_modules"),
               PYTHONPATH=str(root / "python"))
    return subprocess.Popen(["node", str(PACKAGE / "javascript" / "nrcore-launch.js"),
                             str(port), *command], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)


def _ping(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(encode_message("/nrcore/ping", "up"), ("127.0.0.1", port))
        try:
            return OscMessage(s.recvfrom(4096)[0]).params == ["up"]
        except socket.timeout:
            return False


@pytest.mark.skipif(__import__("shutil").which("node") is None, reason="Node.js missing")
def test_launcher_starts_a_server_only_when_none_answers(tmp_path):
    import sys

    port = _free_port()
    command = [sys.executable, "-c",
               "import sys; from nrcore.hosts.osc import main_serve; sys.exit(main_serve(sys.argv[1:]))"]
    node = _launcher(tmp_path, port, *command)
    try:
        assert json.loads(node.stdout.readline()) == ["started", port]
        assert _ping(port)                             # a real server answers on that port
        second = _launcher(tmp_path, port, *command)   # a second patch finds it running
        try:
            assert json.loads(second.stdout.readline()) == ["running", port]
        finally:
            second.terminate()
            second.wait(timeout=10)
        assert _ping(port)
        node.stdin.write("stop\n")
        node.stdin.flush()
        assert json.loads(node.stdout.readline())[0] == "exited"
        assert not _ping(port)                         # the server it started is gone
    finally:
        node.terminate()
        node.wait(timeout=10)
