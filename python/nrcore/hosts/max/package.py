"""Generate the Max package ``max/nrcore/`` from the processors' parameter declarations.

Max runs only on macOS and Windows, so Max reaches nrcore over OSC: one ``[nrcore.client]`` in
a patch owns the ``[udpsend]``/``[udpreceive]`` pair and starts the server when it is not
running; one abstraction per processor, ``[nrcore.<name> <id> [name value ...]]``, creates an
instance on the server and talks to it through ``[s nrcore.out]``/``[r nrcore.in]``.

Everything per processor or per parameter (abstractions, help patches, the address-space page)
comes from :data:`nrcore.processor.REGISTRY` and each class's ``PARAMS``; nothing is written
by hand per parameter. ``python -m nrcore.hosts.max.package [DIR]`` rewrites the generated files;
``tests/test_max_package.py`` fails when they are out of date.

Box inlet/outlet counts follow Max's objects (checked against py2max's Max reference in the
tests); a ``.maxpat`` is JSON: ``patcher`` with ``boxes`` and ``lines``.
"""
from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from nrcore.activations import ACTIVATIONS
from nrcore.hosts.max.gen import MSP_OBJECTS, gen_files, gen_params, gen_patchers
from nrcore.hosts.osc.address import address_space_markdown, instance_addresses
from nrcore.hosts.osc.engine import input_rows, trigger_takes_curves
from nrcore.hosts.osc.server import DEFAULT_PORT, load_processors
from nrcore.processor import REGISTRY

PACKAGE = "nrcore"
REPLY_PORT = DEFAULT_PORT + 1
SEND_NAME = "nrcore.out"      # [s nrcore.out]: every abstraction's requests
RECEIVE_NAME = "nrcore.in"    # [r nrcore.in]: every reply from the server
HELLO_NAME = "nrcore.hello"   # [r nrcore.hello]: a server was just started, create again

#: Inlets, outlets and outlet types of the Max objects the generator uses (Max 8/9).
#: ``None`` means "depends on the arguments" and is computed in :func:`_io`.
MAX_OBJECTS: dict[str, tuple[int, int, list[str]]] = {
    "udpsend": (1, 0, []),
    "udpreceive": (1, 1, [""]),
    "prepend": (1, 1, [""]),
    "s": (1, 0, []),
    "r": (0, 1, [""]),
    "print": (1, 0, []),
    "loadbang": (1, 1, ["bang"]),
    "freebang": (1, 1, ["bang"]),
    "patcherargs": (1, 2, ["", ""]),
    "metro": (2, 1, ["bang"]),
    "mousestate": (1, 10, ["int"] * 10),
    "pak": (2, 1, [""]),
    "makenote": (3, 2, ["float", "float"]),
    "noteout": (3, 0, []),
    "ctlout": (3, 0, []),
    "delay": (2, 1, ["bang"]),
    "node.script": (1, 2, ["", ""]),
    "t": (1, 2, ["bang", "bang"]),
    "change": (1, 3, ["", "int", "int"]),
    "counter": (5, 4, ["int", "", "", "int"]),
    "screensize": (1, 2, ["", ""]),
    "midiinfo": (2, 1, [""]),
    "cycle~": (2, 1, ["signal"]),
    "noise~": (1, 1, ["signal"]),
    "*~": (2, 1, ["signal"]),
    "inlet": (0, 1, [""]),
}


def _io(text: str) -> tuple[int, int, list[str]]:
    words = text.split()
    name = words[0]
    args = words[1:]
    if name == "route":
        return 2, len(args) + 1, [""] * (len(args) + 1)
    if name == "unpack":
        types = {"i": "int", "f": "float", "s": ""}
        return 1, len(args), [types.get(a[0], "") for a in args]
    if name == "scale":
        return 6, 1, [""]
    if name == "t":
        types = {"b": "bang", "i": "int", "f": "float", "l": "", "s": ""}
        return 1, len(args), [types.get(a[0], "") for a in args]
    if name in ("pak", "pack"):
        return len(args), 1, [""]
    if name == "gen~":
        stem = text.split("@gen", 1)[1].split()[0]
        _code, n_in, n_out, _what = gen_patchers()[stem]
        return n_in, n_out, ["signal"] * n_out
    if name == "nrcore.client":
        return 0, 0, []
    if name in MSP_OBJECTS:
        _stem, ins, outs = MSP_OBJECTS[name]
        return len(ins), len(outs), ["signal"] * len(outs)
    if name.startswith("nrcore."):       # every processor abstraction: 1 inlet, 2 outlets
        return 1, 2, ["", ""]
    return MAX_OBJECTS[name]


class Patch:
    """A Max patcher under construction: boxes with ids, patchlines, then JSON."""

    def __init__(self, width: int = 900, height: int = 700) -> None:
        self.width, self.height = width, height
        self.boxes: list[dict[str, Any]] = []
        self.lines: list[dict[str, Any]] = []

    def _add(self, box: dict[str, Any]) -> str:
        box_id = f"obj-{len(self.boxes) + 1}"
        box["id"] = box_id
        self.boxes.append({"box": box})
        return box_id

    def obj(self, text: str, x: float, y: float, width: float | None = None) -> str:
        n_in, n_out, types = _io(text)
        return self._add({"maxclass": "newobj", "numinlets": n_in, "numoutlets": n_out,
                          "outlettype": list(types),
                          "patching_rect": [x, y, width or max(60.0, 7.0 * len(text) + 14),
                                            22.0],
                          "text": text})

    def msg(self, text: str, x: float, y: float, width: float | None = None) -> str:
        return self._add({"maxclass": "message", "numinlets": 2, "numoutlets": 1,
                          "outlettype": [""],
                          "patching_rect": [x, y, width or max(40.0, 7.0 * len(text) + 12),
                                            22.0],
                          "text": text})

    def comment(self, text: str, x: float, y: float, width: float = 300.0,
                lines: int = 1) -> str:
        return self._add({"maxclass": "comment", "numinlets": 1, "numoutlets": 0,
                          "patching_rect": [x, y, width, 20.0 * lines], "text": text})

    def ui(self, maxclass: str, x: float, y: float) -> str:
        io = {"toggle": (1, 1, ["int"]), "button": (1, 1, ["bang"]),
              "flonum": (1, 2, ["", "bang"]), "number": (1, 2, ["", "bang"]),
              "umenu": (1, 3, ["int", "", ""]), "ezdac~": (2, 0, []),
              "meter~": (1, 1, ["float"])}[maxclass]
        size = {"toggle": [24.0, 24.0], "button": [24.0, 24.0], "umenu": [200.0, 22.0],
                "ezdac~": [45.0, 45.0], "meter~": [80.0, 13.0]}.get(maxclass, [60.0, 22.0])
        box = {"maxclass": maxclass, "numinlets": io[0], "numoutlets": io[1],
               "outlettype": list(io[2]), "parameter_enable": 0,
               "patching_rect": [x, y, *size]}
        if maxclass == "flonum":
            box["format"] = 6
        return self._add(box)

    def port(self, kind: str, x: float, y: float, comment: str) -> str:
        if kind == "inlet":
            box = {"maxclass": "inlet", "numinlets": 0, "numoutlets": 1, "outlettype": [""]}
        else:
            box = {"maxclass": "outlet", "numinlets": 1, "numoutlets": 0}
        box.update({"comment": comment, "index": 0, "patching_rect": [x, y, 30.0, 30.0]})
        return self._add(box)

    def connect(self, source: str, outlet: int, destination: str, inlet: int = 0) -> None:
        self.lines.append({"patchline": {"source": [source, outlet],
                                         "destination": [destination, inlet]}})

    def to_dict(self, description: str = "") -> dict[str, Any]:
        height = max([self.height] + [b["box"]["patching_rect"][1] + 60 for b in self.boxes])
        width = max([self.width] + [b["box"]["patching_rect"][0] + b["box"]["patching_rect"][2]
                                    + 40 for b in self.boxes])
        return {"patcher": {
            "fileversion": 1,
            "appversion": {"major": 8, "minor": 6, "revision": 0, "architecture": "x64",
                           "modernui": 1},
            "classnamespace": "box",
            "rect": [100.0, 100.0, float(width), float(height)],
            "bglocked": 0, "openinpresentation": 0, "default_fontsize": 12.0,
            "default_fontface": 0, "default_fontname": "Arial", "gridonopen": 1,
            "gridsize": [15.0, 15.0], "gridsnaponopen": 1, "objectsnaponopen": 1,
            "statusbarvisible": 2, "toolbarvisible": 1, "description": description,
            "digest": "", "tags": "nrcore", "boxes": self.boxes, "lines": self.lines,
            "dependency_cache": [], "autosave": 0,
        }}


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


# -- the client ---------------------------------------------------------------------------------
def client_patch() -> dict[str, Any]:
    """``[nrcore.client]``: the UDP pair, the reply-port registration, error printing and the
    launcher that starts ``nrcore serve`` when no server answers."""
    p = Patch(760, 420)
    p.comment("nrcore.client: have exactly one open in Max. It sends every [s nrcore.out] "
              "request to nrcore serve and hands every reply to [r nrcore.in].", 20, 10, 700, 2)
    r_out = p.obj(f"r {SEND_NAME}", 20, 60)
    send = p.obj(f"udpsend 127.0.0.1 {DEFAULT_PORT}", 20, 200)
    load = p.obj("loadbang", 260, 60)
    # ``split``: instance replies come as /nrcore/from <id> <leaf> ..., so an abstraction
    # can [route #1] on its id (Max substitutes #1 only as a whole word or a symbol's start).
    hello = p.msg(f"/nrcore/reply_port {REPLY_PORT} split", 260, 100, 210)
    receive = p.obj(f"udpreceive {REPLY_PORT}", 20, 260)
    s_in = p.obj(f"s {RECEIVE_NAME}", 20, 320)
    errors = p.obj("route /nrcore/error", 200, 320)
    printer = p.obj("print nrcore-error", 200, 360)
    launcher = p.obj(f"node.script nrcore-launch.js {DEFAULT_PORT} @autostart 1", 480, 140,
                     330)
    status = p.obj("print nrcore-launch", 660, 200)
    p.comment("The launcher (Node for Max) pings the server and runs `nrcore serve` if "
              "nothing answers; send it 'command /path/to/nrcore serve' if nrcore is not on "
              "the PATH Max sees.", 480, 340, 330, 3)
    # A server started after the patch loaded has missed the reply-port registration and
    # every [nrcore.*] create: send the registration again, then ask the objects to re-create.
    started = p.obj("route started", 480, 200, 100)
    again = p.obj("t b b", 480, 240, 60)
    hello_all = p.obj(f"s {HELLO_NAME}", 480, 280, 100)
    p.connect(r_out, 0, send)
    p.connect(load, 0, hello)
    p.connect(hello, 0, send)
    p.connect(receive, 0, s_in)
    p.connect(receive, 0, errors)
    p.connect(errors, 0, printer)
    p.connect(launcher, 0, status)
    p.connect(launcher, 0, started)
    p.connect(started, 0, again)
    p.connect(again, 1, hello)
    p.connect(again, 0, hello_all)
    return p.to_dict("Connects a patch to nrcore serve over OSC (UDP).")


# -- one abstraction per processor ---------------------------------------------------------------
def max_substitute(text: str, args: list[str]) -> str:
    """A box's text as Max instantiates it in an abstraction with arguments ``args``.

    Max replaces ``#N`` (N = 1..9) only where it is a whole word or the start of a symbol
    (``#1`` and ``#1_foo`` become the argument; ``/nrcore/#1`` and ``foo_#1`` stay as written:
    Cycling '74 forum "arguments confusion", CNMAT odot issue 81). An argument that is missing
    becomes 0, as in Max. Used by the tests to run every message path the way Max would.
    """
    words = []
    for word in text.split(" "):
        if len(word) >= 2 and word[0] == "#" and word[1] in "123456789":
            index = int(word[1]) - 1
            word = (args[index] if index < len(args) else "0") + word[2:]
        words.append(word)
    return " ".join(words)


def _reply_leaves(cls: type[Any]) -> list[str]:
    """Instance reply addresses (``/nrcore/<id>/<leaf>``) other than ``out``."""
    leaves: list[str] = []
    for a in instance_addresses(cls):
        if a.reply.startswith("/nrcore/<id>/"):
            leaf = a.reply.split()[0].rsplit("/", 1)[1]
            if leaf != "out" and leaf not in leaves:
                leaves.append(leaf)
    return leaves


def abstraction(cls: type[Any]) -> dict[str, Any]:
    """``[nrcore.<name> <id> [name value ...]]``: creates instance ``<id>`` on the server.

    Left inlet: a list of numbers runs one frame; ``<param> values`` sets a parameter; any
    instance command (``get``, ``dump``, ``reset``, ``play``...). Left outlet: the outputs of
    ``run``; right outlet: every other reply of this instance, prefixed by its name.

    ``#1`` appears only as a whole word, the one place Max substitutes it besides a symbol's
    start: requests go out as ``/nrcore/to #1 ...`` and replies, which the client asked for in
    the ``split`` form, come in as ``/nrcore/from <id> <leaf> ...`` and pass ``[route #1]``.
    """
    name = cls.name
    p = Patch(760, 460)
    p.comment(f"nrcore.{name}: {_summary(cls)}", 20, 10, 700, 2)
    p.comment("Arguments: <id> [name value ...] (constructor arguments and parameters).",
              20, 50, 700)
    inlet = p.port("inlet", 20, 90,
                   "list of numbers: run one frame; <param> values: set; get/dump/reset...")
    to_server = p.obj("prepend /nrcore/to #1", 20, 140)
    s_out = p.obj(f"s {SEND_NAME}", 20, 180)
    hello = p.obj(f"r {HELLO_NAME}", 260, 86, 110)
    args = p.obj("patcherargs", 260, 113)
    create = p.obj(f"prepend /nrcore/create {name}", 260, 140)
    gone = p.obj("freebang", 580, 90)
    free = p.msg("/nrcore/free #1", 580, 140)
    leaves = _reply_leaves(cls)
    r_in = p.obj(f"r {RECEIVE_NAME}", 20, 230)
    replies = p.obj("route /nrcore/from", 20, 265, 130)
    mine = p.obj("route #1", 20, 300, 80)
    route = p.obj("route out", 20, 335, 80)
    out_outputs = p.port("outlet", 20, 400, "outputs of run (one value per output)")
    out_replies = p.port("outlet", 400, 400, "other replies, led by their name: "
                         + ", ".join(leaves or ["param"]))
    p.connect(inlet, 0, to_server)
    p.connect(to_server, 0, s_out)
    p.connect(hello, 0, args)          # a bang makes [patcherargs] output the arguments again
    p.connect(args, 0, create)
    p.connect(create, 0, s_out)
    p.connect(gone, 0, free)
    p.connect(free, 0, s_out)
    p.connect(r_in, 0, replies)
    p.connect(replies, 0, mine)
    p.connect(mine, 0, route)
    p.connect(route, 0, out_outputs)
    p.connect(route, 1, out_replies)   # "param bias 0.5", "examples 3", "trained 0.001"...
    return p.to_dict(f"nrcore {name} processor hosted by nrcore serve")


def _summary(cls: type[Any]) -> str:
    """The first paragraph of the class docstring (of its module's, when the class's only
    points there: a help patch cannot send the reader to Python source)."""
    doc = inspect.getdoc(cls) or cls.__name__
    first = doc.split("\n\n")[0].replace("\n", " ")
    if "docstring" in first:
        module = inspect.getdoc(sys.modules[cls.__module__]) or first
        first = module.split("\n\n")[0].replace("\n", " ")
    return first


def _default_values(cls: type[Any]) -> dict[str, Any]:
    """Each parameter's value in a default instance (so vectors have their real length)."""
    try:
        values: dict[str, Any] = cls().parameters
        return values
    except Exception:  # e.g. a synth whose model is not shipped yet
        return {p.name: p.default for p in cls.PARAMS}


def _atoms_text(value: Any) -> str:
    if isinstance(value, (np.ndarray, list, tuple)):
        flat = np.asarray(value, dtype=object).ravel().tolist()
        return " ".join(_atoms_text(v) for v in flat)
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        text = f"{value:g}"
        return text if any(c in text for c in ".e") else text + "."
    return str(value)


def _run_frame(cls: type[Any]) -> list[float] | None:
    try:
        instance = cls()
    except Exception:
        return None
    rows = input_rows(instance)
    if rows == 0:
        return None
    return [round(0.1 * (i + 1), 2) for i in range(rows)]


def _demo_inputs(rows: int, learner: bool) -> str:
    """The demo's frame: input 1 follows the sweep ($1), the others are fixed; a learner's
    last number is its target."""
    values = ["$1"] + [f"{0.3 * i:g}" for i in range(1, rows)]
    if learner and rows > 1:
        values[-1] = "0.5"
    return " ".join(values)


def _outlet_x(box: dict[str, Any], index: int) -> float:
    x, _, w, _ = box["patching_rect"]
    n = box["numoutlets"]
    at: float = x + 4.0 if n <= 1 else x + 4.0 + (w - 8.0) * index / (n - 1)
    return at


def _inlet_x(box: dict[str, Any], index: int) -> float:
    x, _, w, _ = box["patching_rect"]
    n = box["numinlets"]
    at: float = x + 4.0 if n <= 1 else x + 4.0 + (w - 8.0) * index / (n - 1)
    return at


def _bus(p: Patch, source: str, destination: str, lane: float) -> None:
    """A cord from ``source`` (outlet 0) to ``destination`` (inlet 0) that drops into a free
    vertical lane at x = ``lane`` and runs along it, so it never crosses another box."""
    boxes = {b["box"]["id"]: b["box"] for b in p.boxes}
    src, dst = boxes[source], boxes[destination]
    sx = _outlet_x(src, 0)
    sy = src["patching_rect"][1] + src["patching_rect"][3]
    dx = _inlet_x(dst, 0)
    dy = dst["patching_rect"][1]
    p.lines.append({"patchline": {"source": [source, 0], "destination": [destination, 0],
                                  "midpoints": [sx, sy + 5.0, lane, sy + 5.0, lane, dy - 12.0,
                                                dx, dy - 12.0]}})


def help_patch(cls: type[Any]) -> dict[str, Any]:
    """``help/nrcore.<name>.maxhelp``, in numbered steps: the client; a running example that
    shows its outputs (a sweep feeding one frame every 30 ms, or triggers); the server's audio
    for audio processors; then every parameter and command as a message to click."""
    name = cls.name
    p = Patch(1300, 800)
    p.comment(f"nrcore.{name}", 20, 10, 400)
    p.comment(_summary(cls), 20, 34, 1200, 2)
    # -- column A: the steps that make it run ---------------------------------------------
    p.comment("1. One [nrcore.client] open in Max talks to nrcore serve (and starts it).",
              20, 84, 420, 2)
    p.obj("nrcore.client", 20, 128)
    try:
        probe = cls()
        rows = input_rows(probe)
    except Exception:       # e.g. a model not shipped yet: the patch still documents it
        probe, rows = None, 0
    learner = hasattr(cls, "add_example") is False and getattr(cls, "outputs", ()) == (
        "out", "error")
    y = 170
    feeds: str | None = None
    if rows:
        text = ("2. Turn it on: one frame every 30 ms, input 1 sweeping -1..1, the others "
                "fixed")
        if learner:
            text += "; the last number is the target the neuron learns"
        p.comment(text + ". The outputs show below the object.", 20, y, 420, 3)
        toggle = p.ui("toggle", 20, y + 66)
        metro = p.obj("metro 30", 20, y + 100)
        counter = p.obj("counter 0 99", 20, y + 132, 100)
        scale = p.obj("scale 0 99 -1. 1.", 20, y + 164, 130)
        frame = p.msg(_demo_inputs(rows, learner), 20, y + 196)
        p.connect(toggle, 0, metro)
        p.connect(metro, 0, counter)
        p.connect(counter, 0, scale)
        p.connect(scale, 0, frame)
        feeds = frame
        y += 240
    elif hasattr(cls, "trigger"):
        p.comment("2. Turn it on: a new sound every second.", 20, y, 420)
        toggle = p.ui("toggle", 20, y + 28)
        metro = p.obj("metro 1000", 20, y + 62)
        hit = p.msg("trigger kick 1." if trigger_takes_curves(cls) else "trigger", 20, y + 94)
        p.connect(toggle, 0, metro)
        p.connect(metro, 0, hit)
        feeds = hit
        y += 136
    if getattr(cls, "audio_rate", False):
        p.comment("3. Hear it: start the server's audio, then click 'play 0' (right). "
                  "Needs a sound card on the computer running nrcore serve.", 20, y, 420, 2)
        start = p.msg("/nrcore/audio start", 20, y + 46, 150)
        stop = p.msg("/nrcore/audio stop", 180, y + 46, 140)
        s_out = p.obj(f"s {SEND_NAME}", 20, y + 80, 100)
        p.connect(start, 0, s_out)
        p.connect(stop, 0, s_out)
        y += 122
    # -- column B: every parameter and command ----------------------------------------------
    defaults = _default_values(cls)
    entries: list[tuple[str, str]] = []
    for param in cls.PARAMS:
        entries.append((f"{param.name} {_atoms_text(defaults.get(param.name, param.default))}",
                        param.describe()))
    commands = [("dump", "every parameter value to the right outlet"),
                ("get " + (cls.PARAMS[0].name if cls.PARAMS else "x"),
                 "one parameter value to the right outlet"),
                ("reset", "clear signal state, keep parameters")]
    frame_values = _run_frame(cls)
    if frame_values is not None:
        commands.insert(0, (" ".join(f"{v:g}" for v in frame_values),
                            "a list of numbers: run one frame; outputs leave the left outlet"
                            + ("; the last number is the target" if learner else "")))
    addresses = {a.pattern.rsplit("/", 1)[-1] for a in instance_addresses(cls)}
    if ("rate" in addresses and getattr(cls, "audio_rate", False)
            and not getattr(cls, "sample_rate_fixed", False)):
        commands.append(("rate 33.3", "run 33.3 times a second ([metro 30]): smoothing and "
                                      "cutoffs count seconds of runs; 'rate auto' measures it"))
    if "play" in addresses:
        commands += [("play 0", "play output 0 through the server's audio, channel 0"),
                     ("mute", "stop playing")]
    if "trigger" in addresses and not feeds:
        commands.append(("trigger", "trigger a sound"))
    if "example" in addresses and probe is not None:
        n_in = int(getattr(probe, "inputs", 0))
        n_out = len(getattr(probe, "outputs", ()))
        corners = [(0.0, 0.0), (1.0, 1.0), (0.0, 1.0), (1.0, 0.0)]
        for k, corner in enumerate(corners):
            xs = [corner[i % 2] for i in range(n_in)]
            ys = [round(0.1 + 0.8 * ((k + j) % 4) / 3, 2) for j in range(n_out)]
            commands.append(("example " + " ".join(f"{v:g}" for v in xs + ys),
                             "a training example: the inputs, then the target outputs"
                             if k == 0 else "another example"))
        commands += [("train 300", "fit the network to the examples (300 epochs, in the "
                                   "background); 'trained <loss>' comes out on the right"),
                     ("cancel", "stop a training"),
                     ("save nrcore-net.json", "save the trained network (JSON) in the "
                                              "server's files folder"),
                     ("load nrcore-net.json", "load it back (same outputs as when saved)")]
    for attribute in sorted(dir(cls)):
        # Processor-specific commands (``osc_<command>``): the first form their docstring shows.
        if attribute.startswith("osc_") and callable(getattr(cls, attribute)):
            doc = (getattr(cls, attribute).__doc__ or "").strip().split("\n")[0]
            usage, _, what = doc.partition(":")
            command = attribute[4:]
            for form in (f.strip() for f in usage.split("|")):
                if form and "<" not in form:      # forms without a placeholder argument
                    text = form if form.split()[0] == command else f"{command} {form}"
                    commands.append((text, what.strip()))
    entries += commands
    width = min(600.0, max(7.0 * len(text) + 12 for text, _ in entries))
    step = 4 if getattr(cls, "audio_rate", False) else 3
    p.comment(f"{step}. Every parameter and command: click to send it to the object.",
              480, 84, 700)
    row = 120.0
    messages = []
    for text, what in entries:
        messages.append(p.msg(text, 480, row, width))
        p.comment(what, 500 + width, row, 1260 - width, 1)
        row += 32
    # -- the object and its outputs ---------------------------------------------------------
    obj_y = max(y, row) + 30
    help_id = f"help-{name}"
    # Run by the 30 ms demo: its time constants count seconds of runs ('play' returns it to
    # the audio rate).
    timed = (rows and getattr(cls, "audio_rate", False)
             and not getattr(cls, "sample_rate_fixed", False)
             and any(q.unit in ("Hz", "ms", "s") for q in cls.PARAMS))
    main = p.obj(f"nrcore.{name} {help_id}" + (" rate 33.3" if timed else ""), 20, obj_y, 220)
    if feeds is not None:
        _bus(p, feeds, main, 10.0)
    for box in messages:
        _bus(p, box, main, 460.0)
    left = p.obj("prepend set", 20, obj_y + 44, 90)
    shown = p.msg("", 20, obj_y + 76, 220)
    right = p.obj("prepend set", 250, obj_y + 44, 90)
    replies = p.msg("", 250, obj_y + 76, 420)
    p.comment("outputs of each frame (left outlet)", 20, obj_y + 106, 220)
    p.comment("other replies: param name values, examples, trained... (right outlet)",
              250, obj_y + 106, 420)
    p.connect(main, 0, left)
    p.connect(left, 0, shown)
    p.connect(main, 1, right)
    p.connect(right, 0, replies)
    return p.to_dict(f"help for nrcore.{name}")


# -- examples -------------------------------------------------------------------------------------
def mouse_midi_example() -> dict[str, Any]:
    """The seed's patch: mouse position -> a small network with feedback -> MIDI notes.

    One frame per tick: ``[mousestate]`` sends y (right) before x (left), so ``[pack 0. 0.]``
    with x in its hot left inlet sends one list per poll (``[pak]`` sent two). The screen size
    comes from ``[screensize]`` at load, and ``[midiinfo]`` fills a menu of MIDI outputs."""
    p = Patch(1000, 700)
    p.comment("Mouse -> neural network with feedback -> MIDI notes (the seed's data-driven "
              "instrument). The network, its feedback and the scale mapping run in nrcore "
              "serve ([nrcore.instrument]); Max does the mouse and the MIDI.", 20, 10, 900, 3)
    p.comment("1. One [nrcore.client] talks to nrcore serve.", 20, 70, 320)
    p.obj("nrcore.client", 20, 94)
    p.comment("2. Pick a MIDI output (the menu lists this computer's ports).", 420, 510, 360)
    load = p.obj("loadbang", 420, 534)
    ports = p.obj("midiinfo", 420, 566)
    menu = p.ui("umenu", 420, 598)
    port = p.obj("prepend port", 420, 630, 100)
    load_size = p.obj("loadbang", 300, 190)
    p.comment("3. Turn on: the mouse plays (x and y scaled to -1..1 over your screen).",
              20, 130, 420)
    toggle = p.ui("toggle", 20, 156)
    metro = p.obj("metro 30", 20, 190)
    mouse = p.obj("mousestate", 20, 222, 100)
    size = p.obj("screensize", 300, 222, 90)
    corners = p.obj("unpack 0 0 0 0", 300, 254, 110)
    sx = p.obj("scale 0 1920 -1. 1.", 20, 300, 130)
    sy = p.obj("scale 0 1080 1. -1.", 160, 300, 130)
    pack = p.obj("pack 0. 0.", 20, 340, 100)
    inst = p.obj("nrcore.instrument mouse-ann inputs 2 feedback 0.6 scale minor root 57 "
                 "low 45 high 81", 20, 380, 560)
    unpack = p.obj("unpack i i i i", 20, 420, 130)
    # The instrument answers every frame; a note is played only when it changes (as the
    # Python instrument does), and a CC only when its value changes.
    new_note = p.obj("change", 20, 452, 50)
    note = p.obj("makenote 100 250", 60, 490, 120)
    noteout = p.obj("noteout 1", 60, 690, 80)
    new_cc1 = p.obj("change", 200, 490, 60)
    new_cc2 = p.obj("change", 300, 490, 60)
    cc1 = p.obj("ctlout 1 1", 200, 690, 80)
    cc2 = p.obj("ctlout 74 1", 300, 690, 80)
    p.comment("outputs: note, velocity, CC 1, CC 74 (all 0..127)", 600, 484, 300)
    p.connect(load, 0, ports)
    p.connect(load_size, 0, size)
    p.connect(ports, 0, menu)
    p.connect(menu, 1, port)
    for target in (noteout, cc1, cc2):
        p.connect(port, 0, target)
    p.connect(size, 0, corners)
    p.connect(corners, 2, sx, 2)          # right edge: the x range's top
    p.connect(corners, 3, sy, 2)          # bottom edge: the y range's top
    p.connect(toggle, 0, metro)
    p.connect(metro, 0, mouse)
    p.connect(mouse, 1, sx)
    p.connect(mouse, 2, sy)
    p.connect(sx, 0, pack, 0)             # x last (right-to-left order): the hot inlet
    p.connect(sy, 0, pack, 1)
    p.connect(pack, 0, inst)
    p.connect(inst, 0, unpack)
    shown = p.obj("prepend set", 600, 420, 90)
    p.msg("", 600, 452, 200)
    _bus(p, inst, shown, 590.0)
    p.connect(shown, 0, f"obj-{len(p.boxes)}")
    p.connect(unpack, 0, new_note)
    p.connect(new_note, 0, note, 0)
    p.connect(unpack, 1, note, 1)        # unpack fires right to left: velocity first
    p.connect(note, 0, noteout, 0)
    p.connect(note, 1, noteout, 1)
    p.connect(unpack, 2, new_cc1)
    p.connect(unpack, 3, new_cc2)
    p.connect(new_cc1, 0, cc1)
    p.connect(new_cc2, 0, cc2)
    p.comment("4. Bend it while playing:", 830, 270, 180)
    for i, text in enumerate(("feedback 0.9", "scale major_pentatonic", "record start",
                              "record stop", "replay")):
        box = p.msg(text, 830, 300 + 32 * i, 180)
        _bus(p, box, inst, 815.0)
    return p.to_dict("mouse -> ANN with feedback -> MIDI")


def rack_control_example() -> dict[str, Any]:
    """The Neurorack from Max: gate 1 (trigger), gate 2 (freeze), CV 1..4 and the controls of
    ``[nrcore.rack]``, played by the server's audio engine."""
    rack_cls = REGISTRY["rack"]
    names = list(getattr(rack_cls, "input_names", ()))
    p = Patch(1100, 640)
    p.comment("Neurorack control: the rack engine runs in nrcore serve and plays through its "
              "audio engine (sounddevice). Gate 1 triggers an impact, gate 2 freezes a loop, "
              "CV 1..4 (volts, -5..+5) morph, scrub, shape and vary the descriptors. To run "
              "the synth inside MSP instead, see docs/nn-tilde.md.", 20, 10, 1000, 3)
    p.obj("nrcore.client", 20, 80)
    rack = p.obj("nrcore.rack rack1", 20, 480, 160)
    s_out = p.obj(f"s {SEND_NAME}", 860, 200, 100)
    for i, text in enumerate(("/nrcore/audio start", "/nrcore/audio stop",
                              "/nrcore/audio gain 0.5")):
        _bus(p, p.msg(text, 860, 90 + 30 * i, 170), s_out, 850.0)
    play = p.msg("play 0", 20, 120)
    _bus(p, play, rack, 10.0)
    button = p.ui("button", 120, 120)
    trigger = p.msg("trigger", 160, 120)
    p.comment("gate 1", 100, 150, 60)
    p.connect(button, 0, trigger)
    _bus(p, trigger, rack, 10.0)
    # the held input levels, one per rack input (gate 1 stays low: the trigger is a bang)
    pak = p.obj("pak " + " ".join(["0."] * len(names)), 20, 400, 300)
    held = p.obj("prepend input", 20, 440, 110)
    p.connect(pak, 0, held)
    p.connect(held, 0, rack)
    toggle = p.ui("toggle", 160, 200)
    volts = p.obj("scale 0 1 0. 5.", 160, 240, 110)
    p.comment("gate 2 (freeze)", 160, 170, 120)
    p.connect(toggle, 0, volts)
    p.connect(volts, 0, pak, 1)
    for j in range(2, len(names)):
        x = 340 + 100 * (j - 2)
        p.comment(f"{names[j]} (V)", x, 170, 90)
        number = p.ui("flonum", x, 200)
        p.connect(number, 0, pak, j)
    x = 20
    controls = [q for q in rack_cls.PARAMS if q.kind in ("float", "int") and q.menu][:6]
    for param in controls:
        p.comment(f"{param.name} {param.unit}".strip(), x, 570, 130)
        number = p.ui("flonum" if param.kind == "float" else "number", x, 600)
        tag = p.obj(f"prepend {param.name}", x, 635, 130)
        p.connect(number, 0, tag)
        _bus(p, tag, rack, 10.0)
        x += 150
    printer = p.obj("print rack", 240, 530)
    p.connect(rack, 1, printer)
    return p.to_dict("Neurorack control: gates, CVs and controls of the rack engine")


# -- MSP: the gen~ objects --------------------------------------------------------------------
def msp_abstraction(name: str) -> dict[str, Any]:
    """``[nrcore.<name>~ @param value ...]``: signal inlets -> ``[gen~ @gen nrcore.gen.<x>]``
    -> signal outlets; ``@name value`` arguments and messages to the left inlet set Params."""
    gen_stem, inlets, outlets = MSP_OBJECTS[name]
    p = Patch(700, 360)
    p.comment(f"{name}: {gen_patchers()[gen_stem][3]}; 1-sample feedback inside MSP (gen~). "
              "Arguments: @<param> <value>; messages '<param> <value>' to the left inlet.",
              20, 10, 660, 2)
    width = max(200.0, 110.0 * len(inlets))
    gen = p.obj(f"gen~ @gen {gen_stem}", 20, 180, width)
    boxes = {b["box"]["id"]: b["box"] for b in p.boxes}
    for i, text in enumerate(inlets):
        x = _inlet_x(boxes[gen], i) - 4.0
        port = p.port("inlet", x, 70, text)
        p.boxes[-1]["box"]["index"] = i
        p.connect(port, 0, gen, i)
    args = p.obj("patcherargs", width + 60, 110, 90)
    p.comment("@param value arguments", width + 160, 110, 160)
    p.connect(args, 1, gen, 0)           # right outlet: each @attribute as 'name value'
    for j, text in enumerate(outlets):
        x = _outlet_x(boxes[gen], j) - 4.0
        port = p.port("outlet", x, 280, text)
        p.boxes[-1]["box"]["index"] = j
        p.connect(gen, j, port, 0)
    return p.to_dict(f"{name}: nrcore in MSP through gen~")


def msp_help(name: str) -> dict[str, Any]:
    """``help/<name>.maxhelp``: audio on, signals into the object, its output to the DAC and a
    meter, and every Param as a message."""
    gen_stem, inlets, outlets = MSP_OBJECTS[name]
    p = Patch(1200, 800)
    p.comment(name, 20, 10, 400)
    p.comment(f"{gen_patchers()[gen_stem][3]}: the same equations as nrcore's kernels, as "
              "gen~ code (generated; checked sample by sample against the kernels outside "
              "Max). Noise uses gen~'s own generator.", 20, 34, 1100, 2)
    p.comment("1. Audio on (the DAC below also toggles it).", 20, 84, 400)
    load = p.obj("loadbang", 20, 108)
    dsp = p.msg("; dsp start", 20, 140, 90)
    p.connect(load, 0, dsp)
    width = max(200.0, 110.0 * len(inlets))
    params = gen_params(gen_stem)
    column = max(520.0, 120.0 + width)
    obj_y = max(330.0, 130.0 + 28.0 * len(params) + 30.0)
    top = obj_y - 150.0
    p.comment("2. Signals in: sines (and noise) into the inputs.", 20, top, 420)
    main = p.obj(name, 20, obj_y, width)
    boxes = {b["box"]["id"]: b["box"] for b in p.boxes}
    freqs = [110, 167, 0.3, 55]
    for i in range(len(inlets)):
        x = _inlet_x(boxes[main], i) - 4.0
        if name == "nrcore.learn~" and i == len(inlets) - 1:
            source = p.obj("cycle~ 55", x, top + 50, 80)
            p.comment("target", x, top + 26, 60)
            p.connect(source, 0, main, i)
        elif i == 2:
            noise = p.obj("noise~", x, top + 50, 60)
            level = p.obj("*~ 0.1", x, top + 90, 60)
            p.connect(noise, 0, level)
            p.connect(level, 0, main, i)
        else:
            source = p.obj(f"cycle~ {freqs[i]:g}", x, top + 50, 80)
            p.connect(source, 0, main, i)
    p.comment("3. Out: to the speakers (quietly) and a meter.", 40 + width, obj_y + 70, 300)
    gain = p.obj("*~ 0.2", 20, obj_y + 70, 60)
    dac = p.ui("ezdac~", 20, obj_y + 104)
    meter = p.ui("meter~", 20 + width - 80, obj_y + 70)
    p.connect(main, 0, gain)
    p.connect(gain, 0, dac, 0)
    p.connect(gain, 0, dac, 1)
    p.connect(main, len(outlets) - 1, meter)
    p.comment("4. Every parameter (gen~ Param): click to set it. Names as in nrcore; a choice "
              "is its index (activation: " + ", ".join(f"{i} {a}" for i, a in
                                                         enumerate(ACTIVATIONS)) + ").",
              column, 84, 660, 2)
    row = 130.0
    for pname, default, lo, hi in params:
        text = f"{pname} {default:g}"
        box = p.msg(text, column, row, 170)
        p.comment(f"range {lo:g} .. {hi:g}", column + 190, row, 200)
        _bus(p, box, main, column - 20.0)
        row += 28
    return p.to_dict(f"help for {name}")


# -- package files Max users expect -------------------------------------------------------------
def overview_patch() -> dict[str, Any]:
    """``extras/nrcore.overview.maxpat`` (the package's home patcher): every object, one line
    each, and where to start."""
    p = Patch(1000, 700)
    p.comment("nrcore: artificial neurons as musical instruments", 20, 10, 900)
    p.comment("Two ways in. Over OSC, [nrcore.client] plus one object per processor, hosted "
              "by `nrcore serve` (control rate, or the server's own audio). Inside MSP, the "
              "gen~ objects (nrcore.*~) run the neurons per sample with 1-sample feedback. "
              "Each object's help patch is in help/ (alt-click an object in a patch).",
              20, 36, 940, 3)
    y = 110.0
    p.comment("OSC objects (start here: examples/nrcore.mouse-ann-midi.maxpat)", 20, y, 600)
    y += 30
    for name in sorted(REGISTRY):
        # Comments, not objects: an object here would create an instance on the server.
        p.comment(f"[nrcore.{name} <id>]", 20, y, 230)
        p.comment(_summary(REGISTRY[name])[:140], 270, y, 700)
        y += 32
    y += 10
    p.comment("MSP objects (gen~)", 20, y, 600)
    y += 30
    for name, (stem, _ins, _outs) in MSP_OBJECTS.items():
        p.obj(name, 20, y, 230)
        p.comment(gen_patchers()[stem][3], 270, y, 700)
        y += 32
    return p.to_dict("nrcore overview")


def maxref(name: str, digest: str, description: str, inlets: list[str], outlets: list[str],
           arguments: list[tuple[str, str]], methods: list[tuple[str, str]]) -> str:
    """A ``.maxref.xml`` reference page (Max's object reference format)."""
    from xml.etree import ElementTree as ET

    root = ET.Element("c74object", name=name, module="nrcore", category="nrcore")
    ET.SubElement(root, "digest").text = digest
    ET.SubElement(root, "description").text = description
    meta = ET.SubElement(root, "metadatalist")
    ET.SubElement(meta, "metadata", name="author").text = "nrcore contributors"
    ET.SubElement(meta, "metadata", name="tag").text = "nrcore"
    inlet_list = ET.SubElement(root, "inletlist")
    for i, text in enumerate(inlets):
        ET.SubElement(ET.SubElement(inlet_list, "inlet", id=str(i), type="signal/message"),
                      "digest").text = text
    outlet_list = ET.SubElement(root, "outletlist")
    for i, text in enumerate(outlets):
        ET.SubElement(ET.SubElement(outlet_list, "outlet", id=str(i), type="signal/message"),
                      "digest").text = text
    arg_list = ET.SubElement(root, "objarglist")
    for arg, text in arguments:
        ET.SubElement(ET.SubElement(arg_list, "objarg", name=arg, optional="1", type="list"),
                      "digest").text = text
    method_list = ET.SubElement(root, "methodlist")
    for method, text in methods:
        ET.SubElement(ET.SubElement(method_list, "method", name=method), "digest").text = text
    ET.indent(root)
    return ('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def maxref_pages() -> dict[str, str]:
    pages: dict[str, str] = {}
    for name in sorted(REGISTRY):
        cls = REGISTRY[name]
        methods = [(p.name, p.describe()) for p in cls.PARAMS]
        methods += [(a.pattern.rsplit("/", 1)[-1], a.help) for a in instance_addresses(cls)
                     if a.pattern.count("/") == 3 and a.pattern.rsplit("/", 1)[-1]
                     not in {p.name for p in cls.PARAMS}]
        methods.insert(0, ("list", "numbers: run one frame (one value per input)"))
        pages[f"docs/refpages/nrcore.{name}.maxref.xml"] = maxref(
            f"nrcore.{name}", _summary(cls)[:120], _summary(cls),
            ["requests: a list runs a frame, '<param> values' sets, commands"],
            ["outputs of each frame", "other replies (param, examples, trained...)"],
            [("id", "the instance's name on the server (a word or a number)"),
             ("name value ...", "constructor arguments and parameters")], methods)
    for name, (stem, inlets, outlets) in MSP_OBJECTS.items():
        methods = [(pname, f"gen~ Param, {lo:g} .. {hi:g}, default {default:g}")
                   for pname, default, lo, hi in gen_params(stem)]
        pages[f"docs/refpages/{name}.maxref.xml"] = maxref(
            name, gen_patchers()[stem][3], gen_patchers()[stem][3] + " (gen~ code generated "
            "from nrcore's PARAMS)", list(inlets), list(outlets),
            [("@param value", "initial parameter values")], methods)
    return pages


LICENSE_TEXT = """MIT License

Copyright (c) nrcore contributors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def icon_png() -> bytes:
    """``icon.png`` (200 x 200): three inputs into a neuron with its feedback loop, drawn with
    Pillow."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (200, 200), (24, 28, 36))
    draw = ImageDraw.Draw(image)
    for y in (50, 100, 150):
        draw.line([(20, y), (95, 100)], fill=(120, 200, 255), width=6)
    draw.ellipse([80, 65, 150, 135], outline=(255, 190, 80), width=8)
    draw.line([(150, 100), (190, 100)], fill=(255, 190, 80), width=6)
    draw.arc([95, 20, 185, 110], start=200, end=360, fill=(255, 110, 110), width=5)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


#: Node for Max script behind [nrcore.client]: starts ``nrcore serve`` when no server answers.
LAUNCH_SCRIPT = r"""// nrcore-launch.js: generated by nrcore.hosts.max.package (Node for Max, [node.script]).
// Pings nrcore serve on 127.0.0.1:<port>; when nothing answers within 700 ms it runs
// `nrcore serve --port <port>` and reports on its left outlet: "running <port>" (a server was
// already there), "started <port>", "exited <code>" or "error <text>".
// Arguments: [node.script nrcore-launch.js <port> [command ...]] (default command: nrcore serve,
// run from the virtual environment ~/nrcore-venv when there is one, else from the PATH).
// Messages: start (check and launch), stop (end the server this script started),
// command <program> [args...] (when nrcore is not on the PATH Max sees), port <n>.
const maxApi = require("max-api");
const dgram = require("dgram");
const { spawn } = require("child_process");

let port = parseInt(process.argv[2] || "%(port)d", 10);
// The install steps in README.md make ~/nrcore-venv (Windows: %%USERPROFILE%%\nrcore-venv).
const venvNrcore = require("path").join(require("os").homedir(), "nrcore-venv",
  ...(process.platform === "win32" ? ["Scripts", "nrcore.exe"] : ["bin", "nrcore"]));
let command = process.argv.length > 3 ? process.argv.slice(3)
  : [require("fs").existsSync(venvNrcore) ? venvNrcore
     : (process.platform === "win32" ? "nrcore.exe" : "nrcore"), "serve"];
let child = null;

function oscString(text) {
  const raw = Buffer.from(text + "\0", "ascii");
  const padded = Buffer.alloc(Math.ceil(raw.length / 4) * 4);
  raw.copy(padded);
  return padded;
}

function ping(callback) {
  const socket = dgram.createSocket("udp4");
  let done = false;
  const finish = (answer) => {
    if (done) return;
    done = true; clearTimeout(timer); socket.close(); callback(answer);
  };
  const timer = setTimeout(() => finish(false), 700);
  socket.on("message", () => finish(true));
  socket.on("error", () => finish(false));
  socket.send(Buffer.concat([oscString("/nrcore/ping"), oscString(",")]), port, "127.0.0.1");
}

function start() {
  ping((running) => {
    if (running) { maxApi.outlet("running", port); return; }
    if (child) return;
    child = spawn(command[0], command.slice(1).concat(["--port", String(port)]),
                  { windowsHide: true });
    child.on("error", (err) => maxApi.outlet("error", String(err.message)));
    let announced = false;
    child.stdout.on("data", (data) => {
      if (!announced && String(data).includes("listening")) {
        announced = true;
        maxApi.outlet("started", port);
      }
    });
    child.stderr.on("data", (data) => post(String(data)));
    child.on("exit", (code) => {
      child = null;
      maxApi.outlet("exited", code === null ? -1 : code);
    });
  });
}

// The server's output goes to the Max console, bounded: lines cut at 300 characters, at most
// 50 at once and 10 a second after that; the number dropped is said with the next line.
let postTokens = 50;
let postStamp = Date.now();
let postDropped = 0;
function post(text) {
  for (const line of text.split("\n")) {
    if (!line) continue;
    const now = Date.now();
    postTokens = Math.min(50, postTokens + (now - postStamp) / 100);
    postStamp = now;
    if (postTokens < 1) { postDropped += 1; continue; }
    postTokens -= 1;
    const cut = line.length > 300
      ? line.slice(0, 300) + "... (" + (line.length - 300) + " more characters)" : line;
    maxApi.post((postDropped ? "(" + postDropped + " lines dropped) " : "") + cut);
    postDropped = 0;
  }
}

function stopChild() { if (child) child.kill(); }

maxApi.addHandler("start", start);
maxApi.addHandler("stop", stopChild);
maxApi.addHandler("command", (...words) => { command = words.map(String); });
maxApi.addHandler("port", (value) => { port = parseInt(value, 10); });
// The server this script started ends with it (Max closing the patch ends the script).
process.on("SIGTERM", () => { stopChild(); process.exit(0); });
process.on("exit", stopChild);
start();
""" % {"port": DEFAULT_PORT}


def launch_script() -> str:
    return LAUNCH_SCRIPT


# -- the package ----------------------------------------------------------------------------
def package_info() -> dict[str, Any]:
    from nrcore import __version__

    return {"name": PACKAGE, "displayname": "nrcore", "version": __version__,
            "author": "nrcore contributors",
            "description": "Artificial neurons as musical instruments: neurons, networks, "
                           "learning neurons, a data-driven instrument and a neural synth, "
                           "hosted by `nrcore serve` and reached over OSC.",
            "max_version_min": "8.0", "os": {"macintosh": {"platform": ["x64", "aarch64"]},
                                              "windows": {"platform": ["x64"]}},
            "tags": ["neural network", "osc", "midi", "synthesis", "gen~"], "website": "",
            "homepatcher": "nrcore.overview.maxpat"}


def generate() -> dict[str, str]:
    """Every generated file of the package, by path relative to ``max/nrcore/``."""
    load_processors()
    files: dict[str, str] = {
        "package-info.json": _json(package_info()),
        "patchers/nrcore.client.maxpat": _json(client_patch()),
        "javascript/nrcore-launch.js": launch_script(),
        "examples/nrcore.mouse-ann-midi.maxpat": _json(mouse_midi_example()),
        "docs/osc-address-space.md": address_space_markdown(REGISTRY),
    }
    if "rack" in REGISTRY:
        files["examples/nrcore.rack-control.maxpat"] = _json(rack_control_example())
    for name in sorted(REGISTRY):
        cls = REGISTRY[name]
        files[f"patchers/nrcore.{name}.maxpat"] = _json(abstraction(cls))
        files[f"help/nrcore.{name}.maxhelp"] = _json(help_patch(cls))
    files.update(gen_files())
    for name in MSP_OBJECTS:
        files[f"patchers/{name}.maxpat"] = _json(msp_abstraction(name))
        files[f"help/{name}.maxhelp"] = _json(msp_help(name))
    files["extras/nrcore.overview.maxpat"] = _json(overview_patch())
    files.update(maxref_pages())
    files["License.md"] = LICENSE_TEXT
    return files


def write(root: str | Path) -> list[Path]:
    """Write the generated files under ``root`` (``max/nrcore``); return the paths written."""
    root = Path(root)
    written = []
    for rel, text in generate().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    icon = root / "icon.png"
    icon.write_bytes(icon_png())
    written.append(icon)
    return written


def default_root() -> Path:
    return Path(__file__).resolve().parents[4] / "max" / PACKAGE


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0]) if argv else default_root()
    for path in write(root):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
