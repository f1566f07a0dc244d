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


# -- the generated patches against a real server, the way Max runs them ------------------
def _atoms(text: str) -> list:
    """Max's reading of a message box: ints, floats (with a dot) and symbols."""
    out: list = []
    for token in text.split():
        if re.fullmatch(r"-?\d+", token):
            out.append(int(token))
        elif re.fullmatch(r"-?\d*\.\d*(e-?\d+)?|-?\d+e-?\d+", token):
            out.append(float(token))
        else:
            out.append(token)
    return out


def test_substitution_rule():
    """The rule the simulation below applies (Max's, not a convenient one): whole word and
    leading #N only; a missing argument reads 0."""
    sub = max_package.max_substitute
    assert sub("prepend /nrcore/to #1", ["a1"]) == "prepend /nrcore/to a1"
    assert sub("route #1_x", ["a1"]) == "route a1_x"
    assert sub("prepend /nrcore/#1", ["a1"]) == "prepend /nrcore/#1"
    assert sub("route foo_#1 #2", ["a1"]) == "route foo_#1 0"


class MaxWorld:
    """A small Max for the objects the package uses, run on the generated JSON.

    Each abstraction box is instantiated with its arguments through
    :func:`max_package.max_substitute` (Max's rule). Messages travel depth first, as in Max:
    ``prepend``, ``route`` (first atom or selector; unmatched to the last outlet),
    ``s``/``r`` buses, message boxes, ``patcherargs`` (the arguments on load and on a bang),
    ``loadbang``/``freebang``, inlets and outlets. ``[nrcore.client]`` is run too: its
    ``[udpsend]`` sends real OSC datagrams to a real server, replies enter at its
    ``[udpreceive]`` (a real socket) and its ``[print nrcore-error]`` collects errors.
    """

    def __init__(self, server_port: int) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(30)
        self.server_port = server_port
        self.receive_port = self.sock.getsockname()[1]
        self.buses: dict[str, list] = {}
        self.errors: list = []
        self.loadbangs: list = []
        self.client = self.instantiate("nrcore.client", [])

    def close(self) -> None:
        self.sock.close()

    def instantiate(self, name: str, args: list[str]) -> dict:
        data = json.loads((PACKAGE / "patchers" / f"{name}.maxpat").read_text())["patcher"]
        boxes = {}
        for b in data["boxes"]:
            box = dict(b["box"])
            if "text" in box:
                box["text"] = max_package.max_substitute(box["text"], args)
                if name == "nrcore.client":      # the real ports of this test
                    box["text"] = box["text"].replace(str(max_package.REPLY_PORT),
                                                      str(self.receive_port))
            boxes[box["id"]] = box
        wires: dict = {}
        for line in data["lines"]:
            (src, outlet), (dst, inlet) = (line["patchline"]["source"],
                                           line["patchline"]["destination"])
            wires.setdefault((src, outlet), []).append((dst, inlet))
        inst = {"name": name, "args": args, "boxes": boxes, "wires": wires, "outputs": ([], [])}
        for box_id, box in boxes.items():
            words = box.get("text", "").split()
            if box["maxclass"] == "newobj" and words[0] == "r":
                self.buses.setdefault(words[1], []).append((inst, box_id))
            if box["maxclass"] == "newobj" and words[0] == "loadbang":
                self.loadbangs.append((inst, box_id))
        return inst

    def load(self, inst: dict) -> None:
        """Max at load: every [loadbang] bangs and [patcherargs] outputs its arguments."""
        for box_id, box in inst["boxes"].items():
            if box.get("text", "").split()[:1] == ["patcherargs"]:
                self.emit(inst, box_id, 0, _atoms(" ".join(inst["args"])))
            if box.get("text", "").split()[:1] == ["loadbang"]:
                self.emit(inst, box_id, 0, ["bang"])

    def free(self, inst: dict) -> None:
        for box_id, box in inst["boxes"].items():
            if box.get("text", "").split()[:1] == ["freebang"]:
                self.emit(inst, box_id, 0, ["bang"])
        for name in self.buses:
            self.buses[name] = [(i, b) for i, b in self.buses[name] if i is not inst]

    def inlet(self, inst: dict, message: list) -> None:
        box_id = next(i for i, b in inst["boxes"].items() if b["maxclass"] == "inlet")
        self.emit(inst, box_id, 0, message)

    def emit(self, inst: dict, box_id: str, outlet: int, message: list) -> None:
        for dst, inlet in inst["wires"].get((box_id, outlet), []):
            self.receive(inst, dst, inlet, message)

    def receive(self, inst: dict, box_id: str, inlet: int, message: list) -> None:
        box = inst["boxes"][box_id]
        kind = box["maxclass"]
        if kind == "outlet":
            index = sorted(b["patching_rect"][0] for b in inst["boxes"].values()
                           if b["maxclass"] == "outlet").index(box["patching_rect"][0])
            inst["outputs"][index].append(message)
            return
        if kind == "message":
            self.emit(inst, box_id, 0, _atoms(box["text"]))
            return
        words = box["text"].split()
        name, args = words[0], _atoms(" ".join(words[1:]))
        if name == "prepend":
            self.emit(inst, box_id, 0, args + message)
        elif name == "route":
            assert inlet == 0
            for i, arg in enumerate(args):
                if message and message[0] == arg:
                    self.emit(inst, box_id, i, message[1:] or ["bang"])
                    return
            self.emit(inst, box_id, len(args), message)
        elif name == "s":
            for target, r_id in list(self.buses.get(words[1], [])):
                self.emit(target, r_id, 0, message)
        elif name == "patcherargs":
            self.emit(inst, box_id, 0, _atoms(" ".join(inst["args"])))
        elif name == "t" and words[1:] == ["b", "b"]:
            self.emit(inst, box_id, 1, ["bang"])
            self.emit(inst, box_id, 0, ["bang"])
        elif name == "udpsend":
            assert isinstance(message[0], str) and message[0].startswith("/"), message
            self.sock.sendto(encode_message(message[0], *message[1:]),
                             ("127.0.0.1", self.server_port))
        elif name == "print":
            if words[1:] == ["nrcore-error"]:
                self.errors.append(message)
        else:
            raise AssertionError(f"the simulation has no [{name}]: {box['text']}")

    def settle(self, tag: str) -> list:
        """Ping the server through the patch, then feed every reply into [udpreceive] until
        the pong: the replies to everything sent before have all arrived."""
        self.receive(self.client, self._udpsend(), 0, ["/nrcore/ping", tag])
        udpreceive = next(i for i, b in self.client["boxes"].items()
                          if b.get("text", "").startswith("udpreceive"))
        got = []
        while True:
            message = OscMessage(self.sock.recvfrom(65536)[0])
            got.append(message)
            self.emit(self.client, udpreceive, 0, [message.address, *message.params])
            if message.address == "/nrcore/pong" and message.params == [tag]:
                return got

    def _udpsend(self) -> str:
        return next(i for i, b in self.client["boxes"].items()
                    if b.get("text", "").startswith("udpsend"))


def _instances(world: MaxWorld) -> list:
    world.receive(world.client, world._udpsend(), 0, ["/nrcore/instances"])
    replies = world.settle("instances")
    return next(r.params for r in replies if r.address == "/nrcore/instances")[::2]


PATCHES_WITH_OBJECTS = sorted(list(PACKAGE.glob("help/*.maxhelp"))
                              + list(PACKAGE.glob("examples/*.maxpat")))


@pytest.mark.parametrize("path", PATCHES_WITH_OBJECTS, ids=lambda p: p.name)
def test_patch_messages_reach_their_instance(path, tmp_path, monkeypatch):
    """Every [nrcore.<name> <id> ...] box of a help or example patch, instantiated under Max's
    substitution rule and run against a real server: its load creates the instance, every
    message box wired into it reaches the instance with no error, run outputs leave the left
    outlet and every other reply the right one, a re-announced server gets it created again
    ([r nrcore.hello]), and closing the patch ([freebang]) frees it."""
    monkeypatch.chdir(tmp_path)                        # 'save nrcore-net.json' lands here
    patch = json.loads(path.read_text())["patcher"]
    boxes = {b["box"]["id"]: b["box"] for b in patch["boxes"]}
    objects = {i: b["text"].split() for i, b in boxes.items()
               if b["maxclass"] == "newobj" and b["text"].startswith("nrcore.")
               and b["text"].split()[0] != "nrcore.client"}
    assert objects
    with NrcoreServer(port=0, files=tmp_path) as server:
        world = MaxWorld(server.port)
        try:
            world.load(world.client)
            world.settle("client")
            for box_id, words in objects.items():
                inst = world.instantiate(words[0], words[1:])
                world.load(inst)
                world.settle("load")
                assert not world.errors, world.errors
                assert words[1] in _instances(world)
                rows = server.instances[words[1]].input_count
                messages = [boxes[line["patchline"]["source"][0]].get("text")
                            for line in patch["lines"]
                            if line["patchline"]["destination"][0] == box_id
                            and boxes[line["patchline"]["source"][0]]["maxclass"] == "message"]
                for text in messages:
                    world.inlet(inst, _atoms(text))
                    if rows:                           # data between the clicks (mouse...)
                        world.inlet(inst, [0.25] * rows)
                    world.settle(text)
                    assert not world.errors, (text, world.errors)
                if rows:
                    before = len(inst["outputs"][0])
                    world.inlet(inst, [0.5] * rows)
                    world.settle("run")
                    outputs = inst["outputs"][0][before:]
                    assert outputs and all(isinstance(v, (int, float))
                                           for out in outputs for v in out), outputs
                world.inlet(inst, ["dump"])
                world.settle("dump")
                params = [m for m in inst["outputs"][1] if m[0] == "param"]
                assert {m[1] for m in params} >= {p.name for p in
                                                  type(server.instances[words[1]]).PARAMS}
                assert not world.errors, world.errors
                # a server started after the patch: the client re-announces, objects re-create
                server._free(words[1], lambda dgram: None)
                world.emit(world.client, next(
                    i for i, b in world.client["boxes"].items()
                    if b.get("text", "").startswith("route started")), 0, ["bang"])
                world.settle("hello")
                assert words[1] in _instances(world)
                world.free(inst)
                world.settle("free")
                assert words[1] not in _instances(world)
                assert not world.errors, world.errors
        finally:
            world.close()


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
