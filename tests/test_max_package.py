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
    for doc in ("README.md", "docs/nn-tilde.md", "docs/osc-address-space.md", "docs/gen.md"):
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
        if name == "gen~":                                    # our generated gen~ code
            stem = box["text"].split("@gen")[1].split()[0]
            code = json.loads((PACKAGE / "patchers" / f"{stem}.gendsp").read_text())
            codebox = next(b["box"] for b in code["patcher"]["boxes"]
                           if b["box"]["maxclass"] == "codebox")
            assert _ports(box) == (codebox["numinlets"], codebox["numoutlets"])
        elif name.startswith("nrcore."):                      # our abstractions
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

    Patches and abstractions are instantiated as Max does: each abstraction box gets its own
    copy of the abstraction with its arguments substituted by
    :func:`max_package.max_substitute` (Max's rule: whole word or a symbol's start only).
    Messages travel depth first, right-to-left where Max does (``unpack``, ``t``,
    ``mousestate``): ``prepend``, ``route``, ``s``/``r``, message boxes (``$1``, ``set``),
    ``patcherargs``, ``loadbang``/``freebang``, ``counter``, ``scale``, ``pack``/``pak``,
    ``change``, ``makenote``, ``noteout``/``ctlout`` (recorded), ``mousestate`` and
    ``screensize`` (from :attr:`mouse` and :attr:`screen`), inlets and outlets.
    ``[nrcore.client]`` runs too: its ``[udpsend]`` sends real OSC datagrams to a real server,
    replies enter at its ``[udpreceive]`` (a real socket), ``[print nrcore-error]`` collects
    errors. ``metro`` is ticked by the test; UI boxes and ``node.script`` do nothing here.
    """

    IGNORED = {"node.script", "metro", "midiinfo", "print"}

    def __init__(self, server_port: int) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(30)
        self.server_port = server_port
        self.receive_port = self.sock.getsockname()[1]
        self.buses: dict[str, list] = {}
        self.errors: list = []
        self.midi: list = []
        self.mouse = (500, 300)
        self.screen = (1440, 900)
        self.client = self.instantiate("nrcore.client", [])

    def close(self) -> None:
        self.sock.close()

    # -- building ------------------------------------------------------------------------------
    def instantiate(self, name: str, args: list, path: Path | None = None,
                    parent: tuple | None = None) -> dict:
        source = path or PACKAGE / "patchers" / f"{name}.maxpat"
        data = json.loads(source.read_text())["patcher"]
        boxes = {}
        for b in data["boxes"]:
            box = dict(b["box"])
            if "text" in box and path is None:
                box["text"] = max_package.max_substitute(box["text"], [str(a) for a in args])
                if name == "nrcore.client":      # the real ports of this test
                    box["text"] = box["text"].replace(str(max_package.REPLY_PORT),
                                                      str(self.receive_port))
            boxes[box["id"]] = box
        wires: dict = {}
        for line in data["lines"]:
            (src, outlet), (dst, inlet) = (line["patchline"]["source"],
                                           line["patchline"]["destination"])
            wires.setdefault((src, outlet), []).append((dst, inlet))
        inst = {"name": name, "args": args, "boxes": boxes, "wires": wires,
                "outputs": ([], []), "children": {}, "parent": parent, "state": {}}
        for box_id, box in boxes.items():
            words = box.get("text", "").split()
            if box["maxclass"] != "newobj" or not words:
                continue
            if words[0] == "r":
                self.buses.setdefault(words[1], []).append((inst, box_id))
            if (words[0].startswith("nrcore.") and words[0] != "nrcore.client"
                    and (PACKAGE / "patchers" / f"{words[0]}.maxpat").exists()):
                inst["children"][box_id] = self.instantiate(words[0], _atoms(" ".join(
                    words[1:])), parent=(inst, box_id))
        return inst

    def load(self, inst: dict) -> None:
        """Max at load: abstractions first, then every [loadbang] bangs and [patcherargs]
        outputs its arguments."""
        for child in inst["children"].values():
            self.load(child)
        for box_id, box in inst["boxes"].items():
            word = box.get("text", "").split()[:1]
            if word == ["patcherargs"]:
                self.emit(inst, box_id, 0, list(inst["args"]))
            if word == ["loadbang"]:
                self.emit(inst, box_id, 0, ["bang"])

    def free(self, inst: dict) -> None:
        for child in inst["children"].values():
            self.free(child)
        for box_id, box in inst["boxes"].items():
            if box.get("text", "").split()[:1] == ["freebang"]:
                self.emit(inst, box_id, 0, ["bang"])
        for name in self.buses:
            self.buses[name] = [(i, b) for i, b in self.buses[name] if i is not inst]

    # -- running -------------------------------------------------------------------------------
    def click(self, inst: dict, box_id: str) -> None:
        self.receive(inst, box_id, 0, ["bang"])

    def tick(self, inst: dict) -> None:
        """One tick of every [metro] in the patch."""
        for box_id, box in inst["boxes"].items():
            if box.get("text", "").split()[:1] == ["metro"]:
                self.emit(inst, box_id, 0, ["bang"])

    def emit(self, inst: dict, box_id: str, outlet: int, message: list) -> None:
        for dst, inlet in inst["wires"].get((box_id, outlet), []):
            self.receive(inst, dst, inlet, message)

    def receive(self, inst: dict, box_id: str, inlet: int, message: list) -> None:
        box = inst["boxes"][box_id]
        kind = box["maxclass"]
        state = inst["state"].setdefault(box_id, {})
        if box_id in inst["children"]:
            child = inst["children"][box_id]
            inlets = sorted((b["patching_rect"][0], i) for i, b in child["boxes"].items()
                            if b["maxclass"] == "inlet")
            self.emit(child, inlets[inlet][1], 0, message)
            return
        if kind == "outlet":
            index = sorted(b["patching_rect"][0] for b in inst["boxes"].values()
                           if b["maxclass"] == "outlet").index(box["patching_rect"][0])
            inst["outputs"][index].append(message)
            if inst["parent"] is not None:
                parent, parent_box = inst["parent"]
                self.emit(parent, parent_box, index, message)
            return
        if kind == "message":
            if message[:1] == ["set"]:
                state["shown"] = message[1:]
                return
            words = box["text"].split()
            args = [] if message == ["bang"] else message
            out = []
            for w in words:
                m = re.fullmatch(r"\$(\d)", w)
                out.append((args[int(m.group(1)) - 1] if int(m.group(1)) <= len(args) else 0)
                           if m else _atoms(w)[0])
            self.emit(inst, box_id, 0, out)
            return
        if kind in ("toggle", "button", "flonum", "number", "umenu", "comment", "ezdac~",
                    "meter~", "inlet"):
            return
        words = box["text"].split()
        name, args = words[0], _atoms(" ".join(words[1:]))
        if name in self.IGNORED:
            return
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
            self.emit(inst, box_id, 0, list(inst["args"]))
        elif name == "t":
            for i in reversed(range(len(args))):
                self.emit(inst, box_id, i, ["bang"] if args[i] == "b" else message)
        elif name == "counter":
            count = state.get("count", int(args[0]))
            self.emit(inst, box_id, 0, [count])
            state["count"] = int(args[0]) if count >= int(args[1]) else count + 1
        elif name == "scale":
            params = state.setdefault("params", [float(a) for a in args[:4]])
            if inlet > 0:
                params[inlet - 1] = float(message[0])
                return
            lo_in, hi_in, lo_out, hi_out = params
            value = lo_out + (float(message[0]) - lo_in) * (hi_out - lo_out) / (hi_in - lo_in)
            self.emit(inst, box_id, 0, [value])
        elif name in ("pack", "pak"):
            values = state.setdefault("values", list(args))
            values[inlet] = message[0]
            if inlet == 0 or name == "pak":
                self.emit(inst, box_id, 0, list(values))
        elif name == "unpack":
            for i in reversed(range(min(len(args), len(message)))):
                self.emit(inst, box_id, i, [message[i]])
        elif name == "change":
            if state.get("last") != message[0]:
                state["last"] = message[0]
                self.emit(inst, box_id, 0, [message[0]])
        elif name == "makenote":
            if inlet == 0:
                self.emit(inst, box_id, 1, [state.get("velocity", args[0])])
                self.emit(inst, box_id, 0, [message[0]])
            elif inlet == 1:
                state["velocity"] = message[0]
        elif name in ("noteout", "ctlout"):
            if message[:1] == ["port"]:
                return
            if inlet == 0:
                self.midi.append((name, message[0]))
        elif name == "mousestate":
            self.emit(inst, box_id, 2, [self.mouse[1]])      # right to left: y, then x
            self.emit(inst, box_id, 1, [self.mouse[0]])
        elif name == "screensize":
            self.emit(inst, box_id, 0, [0, 0, self.screen[0], self.screen[1]])
        elif name == "udpsend":
            assert isinstance(message[0], str) and message[0].startswith("/"), message
            self.sock.sendto(encode_message(message[0], *message[1:]),
                             ("127.0.0.1", self.server_port))
        elif name == "print":
            pass
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
            if message.address == "/nrcore/error":
                self.errors.append(message.params)
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


def _feeds_child(patch: dict, box_id: str) -> bool:
    return any(dst in patch["children"] for dst, _ in patch["wires"].get((box_id, 0), []))


PATCHES_WITH_OBJECTS = sorted(
    p for p in list(PACKAGE.glob("help/*.maxhelp")) + list(PACKAGE.glob("examples/*.maxpat"))
    if "~" not in p.name)


@pytest.mark.parametrize("path", PATCHES_WITH_OBJECTS, ids=lambda p: p.name)
def test_patch_messages_reach_their_instance(path, tmp_path, monkeypatch):
    """Every help and example patch, run under Max's substitution rule against a real server:
    loading it creates its instances; every message box wired into an object reaches the
    instance with no error; the running example (a [metro] tick) sends exactly one frame per
    tick and its outputs show in the patch; a re-announced server gets the instances created
    again ([r nrcore.hello]); closing the patch ([freebang]) frees them."""
    monkeypatch.chdir(tmp_path)                        # 'save nrcore-net.json' lands here
    with NrcoreServer(port=0, files=tmp_path) as server:
        world = MaxWorld(server.port)
        try:
            world.load(world.client)
            world.settle("client")
            patch = world.instantiate(path.stem, [], path=path)
            assert patch["children"]
            world.load(patch)
            world.settle("load")
            assert not world.errors, world.errors
            ids = [child["args"][0] for child in patch["children"].values()]
            assert set(ids) <= set(_instances(world))
            for box_id, box in patch["boxes"].items():
                if box["maxclass"] == "message" and _feeds_child(patch, box_id):
                    world.click(patch, box_id)
                    world.tick(patch)                  # data between the clicks
                    world.settle(box["text"])
                    assert not world.errors, (box["text"], world.errors)
            for child in patch["children"].values():
                before = len(child["outputs"][0])
                for _ in range(5):
                    world.tick(patch)
                world.settle("ticks")
                ticked = len(child["outputs"][0]) - before
                replaying = any(b.get("text") == "replay" for b in patch["boxes"].values())
                # (a replay started by a click sends frames of its own meanwhile; the mouse
                # example's frame count has its own test below)
                assert ticked in (0, 5) or replaying, f"{ticked} frames for 5 ticks"
            shown = [s.get("shown") for s in patch["state"].values() if s.get("shown")]
            if any(b.get("text", "").startswith("metro") for b in patch["boxes"].values()) \
                    and "rack" not in path.name and "synth" not in path.name:
                assert shown, "the running example shows nothing"
            assert not world.errors, world.errors
            # a server started after the patch: the client re-announces, objects re-create
            for key in ids:
                server._free(key, lambda dgram: None)
            world.emit(world.client, next(
                i for i, b in world.client["boxes"].items()
                if b.get("text", "").startswith("route started")), 0, ["bang"])
            world.settle("hello")
            assert set(ids) <= set(_instances(world))
            world.free(patch)
            world.settle("free")
            assert not set(ids) & set(_instances(world))
            assert not world.errors, world.errors
        finally:
            world.close()


def test_mouse_example_sends_one_frame_per_tick(tmp_path, monkeypatch):
    """19 mouse ticks are 19 frames (the old [pak f f] sent 2 per tick) and the screen size
    comes from [screensize]: the screen's right edge is x = +1."""
    monkeypatch.chdir(tmp_path)
    path = PACKAGE / "examples" / "nrcore.mouse-ann-midi.maxpat"
    with NrcoreServer(port=0, files=tmp_path) as server:
        world = MaxWorld(server.port)
        try:
            world.load(world.client)
            patch = world.instantiate(path.stem, [], path=path)
            world.load(patch)
            world.settle("load")
            inst = next(iter(patch["children"].values()))
            world.screen = (1440, 900)
            for k in range(19):
                world.mouse = (1440 * k // 18, 900 - 900 * k // 18)
                world.tick(patch)
            world.settle("mouse")
            assert len(inst["outputs"][0]) == 19
            proc = server.instances["mouse-ann"]
            assert proc.frame_index == 19
            assert not world.errors
        finally:
            world.close()


def _segments(patch: dict) -> list:
    boxes = {b["box"]["id"]: b["box"] for b in patch["boxes"]}
    out = []
    for line in patch["lines"]:
        src_id, outlet = line["patchline"]["source"]
        dst_id, inlet = line["patchline"]["destination"]
        src, dst = boxes[src_id], boxes[dst_id]
        start = (max_package._outlet_x(src, outlet), src["patching_rect"][1]
                 + src["patching_rect"][3])
        end = (max_package._inlet_x(dst, inlet), dst["patching_rect"][1])
        mid = line["patchline"].get("midpoints", [])
        points = [start] + list(zip(mid[::2], mid[1::2])) + [end]
        for a, b in zip(points, points[1:]):
            out.append((src_id, dst_id, a, b))
    return out


def _crosses(a, b, rect) -> bool:
    """Does segment a-b pass through the inside of rect (x, y, w, h)? (Liang-Barsky)"""
    x0, y0 = a
    dx, dy = b[0] - a[0], b[1] - a[1]
    left, top, width, height = rect
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - (left + 1)), (dx, left + width - 1 - x0),
                 (-dy, y0 - (top + 1)), (dy, top + height - 1 - y0)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                lo = max(lo, t)
            else:
                hi = min(hi, t)
    return lo < hi


@pytest.mark.parametrize("path", PATCH_FILES, ids=lambda p: p.name)
def test_no_cord_runs_through_a_box(path):
    patch = json.loads(path.read_text())["patcher"]
    boxes = {b["box"]["id"]: b["box"] for b in patch["boxes"]}
    through = []
    for src, dst, a, b in _segments(patch):
        for box_id, box in boxes.items():
            if box_id in (src, dst):
                continue
            if _crosses(a, b, box["patching_rect"]):
                through.append((boxes[src].get("text", src), boxes[dst].get("text", dst),
                                box.get("text", box["maxclass"])))
    assert not through, through[:5]


def test_help_patches_teach():
    """Numbered steps, a running example or audio for every object, package files Max users
    expect."""
    load_processors()
    for path in PACKAGE.glob("help/*.maxhelp"):
        patch = json.loads(path.read_text())["patcher"]
        texts = [b["box"].get("text", "") for b in patch["boxes"]]
        assert any(t.startswith("1. ") for t in texts) and any(t.startswith("2. ")
                                                               for t in texts), path.name
        if "~" in path.name:
            assert "; dsp start" in texts and any(b["box"]["maxclass"] == "ezdac~"
                                                  for b in patch["boxes"])
    for name in ("learn", "learnnet"):
        text = (PACKAGE / "help" / f"nrcore.{name}.maxhelp").read_text()
        assert "the last number is the target" in text
    ann = (PACKAGE / "help" / "nrcore.ann.maxhelp").read_text()
    assert ann.count('"example ') >= 4 and '"load nrcore-net.json"' in ann
    from PIL import Image

    with Image.open(PACKAGE / "icon.png") as icon:
        assert icon.size == (200, 200)
    assert "MIT License" in (PACKAGE / "License.md").read_text()
    info = json.loads((PACKAGE / "package-info.json").read_text())
    assert (PACKAGE / "extras" / info["homepatcher"]).exists()
    import xml.etree.ElementTree as ET

    for name in list(REGISTRY) + list(max_package.MSP_OBJECTS):
        full = name if name.endswith("~") else f"nrcore.{name}"
        page = ET.parse(PACKAGE / "docs" / "refpages" / f"{full}.maxref.xml").getroot()
        assert page.get("name") == full and page.find("methodlist") is not None


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
  post: (...values) => {
    const file = process.env.MAX_API_POSTS;   // what Max's console would show, line by line
    if (file) require("fs").appendFileSync(file, values.join(" ") + "\\n");
    else console.error(values.join(" "));
  },
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
               PYTHONPATH=str(root / "python"), MAX_API_POSTS=str(tmp_path / "posted.txt"))
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


# -- the nn~ route: the export takes the host's rate -------------------------------------------
def test_nn_tilde_export_takes_the_host_rate_or_refuses(tmp_path):
    """nn~ (1.6+) calls ``set_sample_rate(int)`` with the host's rate when it loads a model and
    prints the exception text when the call raises. The export answers 0 at its own rate and
    refuses another rate with the command that exports for it."""
    import warnings

    torch = pytest.importorskip("torch")
    from nrcore.synthesis.modelfile import NSFConfig, save_model
    from nrcore.synthesis.training.export_nn import export_nn
    from nrcore.synthesis.training.nsf_model import SincNSF

    torch.manual_seed(0)
    model = SincNSF(NSFConfig(descriptor_mean=[-3.0, 0.1, 7.5, 8.0, 7.0, -3.0, 4.0],
                              descriptor_std=[1.5, 0.1, 0.8, 0.8, 0.6, 2.0, 2.0]))
    save_model(tmp_path / "m", model.config, model.numpy_tensors())
    path = export_nn(tmp_path / "m", tmp_path / "m.ts", sample_rate=48000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        scripted = torch.jit.load(str(path))
    assert scripted.get_sample_rate() == 48000
    assert scripted.set_sample_rate(48000) == 0
    with pytest.raises(Exception) as refused:
        scripted.set_sample_rate(44100)
    text = str(refused.value)
    assert "exported for 48000 Hz" in text and "nrcore export --sample-rate 44100" in text


def test_help_texts_do_not_send_the_reader_to_python():
    for path in PACKAGE.glob("help/*.maxhelp"):
        assert "docstring" not in path.read_text(), path.name


def test_a_numeric_id_reaches_its_instance(tmp_path):
    """[nrcore.neuron 7]: Max makes #1 the int 7; requests carry it, replies come back with an
    int id that [route 7] matches."""
    with NrcoreServer(port=0, files=tmp_path) as server:
        world = MaxWorld(server.port)
        try:
            world.load(world.client)
            inst = world.instantiate("nrcore.neuron", [7])
            world.load(inst)
            inlet = next(i for i, b in inst["boxes"].items() if b["maxclass"] == "inlet")
            world.emit(inst, inlet, 0, ["bias", 0.5])
            world.emit(inst, inlet, 0, [0.1, 0.2, 0.3])
            world.emit(inst, inlet, 0, ["get", "bias"])
            world.settle("numeric")
            assert not world.errors, world.errors
            assert len(inst["outputs"][0]) == 1
            assert inst["outputs"][1] == [["param", "bias", 0.5]]
        finally:
            world.close()


@pytest.mark.skipif(__import__("shutil").which("node") is None, reason="Node.js missing")
def test_launcher_bounds_what_it_posts_to_the_max_console(tmp_path):
    """A server that floods its error output (500 lines of 5,000 characters): the launcher
    posts at most its burst plus 10 lines a second, each cut to about 300 characters."""
    import sys
    import time

    flood = ("import sys\nfor _ in range(500): print('x' * 5000, file=sys.stderr, flush=True)\n"
             "print('listening', flush=True)\n")
    started = time.monotonic()
    port = _free_port()
    node = _launcher(tmp_path, port, sys.executable, "-c", flood)
    try:
        assert json.loads(node.stdout.readline()) == ["started", port]
        assert json.loads(node.stdout.readline())[0] == "exited"
    finally:
        node.terminate()
        node.wait(timeout=10)
    elapsed = time.monotonic() - started
    posted = (tmp_path / "posted.txt").read_text().splitlines()
    assert posted and len(posted) <= 50 + 10 * elapsed + 1
    assert max(len(line) for line in posted) < 360
