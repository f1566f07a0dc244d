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

from nrcore.hosts.max.gen import gen_files
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
    if name == "pak":
        return len(args), 1, [""]
    if name == "nrcore.client":
        return 0, 0, []
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
              "flonum": (1, 2, ["", "bang"]), "number": (1, 2, ["", "bang"])}[maxclass]
        size = [24.0, 24.0] if maxclass in ("toggle", "button") else [60.0, 22.0]
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
    status = p.obj("print nrcore-launch", 480, 200)
    p.comment("The launcher (Node for Max) pings the server and runs `nrcore serve` if "
              "nothing answers; send it 'command /path/to/nrcore serve' if nrcore is not on "
              "the PATH Max sees.", 480, 230, 330, 3)
    # A server started after the patch loaded has missed the reply-port registration and
    # every [nrcore.*] create: send the registration again, then ask the objects to re-create.
    started = p.obj("route started", 480, 300, 100)
    again = p.obj("t b b", 480, 340, 60)
    hello_all = p.obj(f"s {HELLO_NAME}", 480, 380, 100)
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


def _reply_leaves(cls: type) -> list[str]:
    """Instance reply addresses (``/nrcore/<id>/<leaf>``) other than ``out``."""
    leaves: list[str] = []
    for a in instance_addresses(cls):
        if a.reply.startswith("/nrcore/<id>/"):
            leaf = a.reply.split()[0].rsplit("/", 1)[1]
            if leaf != "out" and leaf not in leaves:
                leaves.append(leaf)
    return leaves


def abstraction(cls: type) -> dict[str, Any]:
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


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or cls.__name__
    return doc.split("\n\n")[0].replace("\n", " ")


def _default_values(cls: type) -> dict[str, Any]:
    """Each parameter's value in a default instance (so vectors have their real length)."""
    try:
        return cls().parameters
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


def _run_frame(cls: type) -> list[float] | None:
    try:
        instance = cls()
    except Exception:
        return None
    rows = input_rows(instance)
    if rows == 0:
        return None
    return [round(0.1 * (i + 1), 2) for i in range(rows)]


def help_patch(cls: type) -> dict[str, Any]:
    """``help/nrcore.<name>.maxhelp``: one message per parameter, commands, outputs printed."""
    name = cls.name
    p = Patch(1100, 700)
    p.comment(f"nrcore.{name}", 20, 10, 400)
    p.comment(_summary(cls), 20, 34, 1000, 2)
    p.obj("nrcore.client", 20, 80)
    p.comment("one [nrcore.client] open in Max: it talks to nrcore serve (and starts it)",
              140, 80, 500)
    help_id = f"help-{name}"
    obj_y = 120 + 32 * (len(cls.PARAMS) + 8)
    main = p.obj(f"nrcore.{name} {help_id}", 20, obj_y, 200)
    out_print = p.obj(f"print {name}-out", 20, obj_y + 50)
    reply_print = p.obj(f"print {name}-reply", 240, obj_y + 50)
    p.connect(main, 0, out_print)
    p.connect(main, 1, reply_print)
    defaults = _default_values(cls)
    y = 120
    for param in cls.PARAMS:
        text = f"{param.name} {_atoms_text(defaults.get(param.name, param.default))}"
        box = p.msg(text, 20, y, min(360.0, 7.0 * len(text) + 12))
        p.connect(box, 0, main)
        p.comment(param.describe(), 400, y, 680)
        y += 32
    commands = [("dump", "every parameter value to the right outlet"),
                ("get " + (cls.PARAMS[0].name if cls.PARAMS else "x"),
                 "one parameter value to the right outlet"),
                ("reset", "clear signal state, keep parameters")]
    frame = _run_frame(cls)
    if frame is not None:
        commands.insert(0, (" ".join(f"{v:g}" for v in frame),
                            "a list of numbers: run one frame at control rate; outputs "
                            "leave the left outlet"))
    addresses = {a.pattern.rsplit("/", 1)[-1] for a in instance_addresses(cls)}
    if "play" in addresses:
        commands += [("play 0", "play output 0 through the server's audio engine, channel 0"),
                     ("mute", "stop playing")]
    if "trigger" in addresses:
        if trigger_takes_curves(cls):
            commands.append(("trigger kick 1.", "start a sound from a named example"))
        else:
            commands.append(("trigger", "trigger a sound (a bang)"))
    if "example" in addresses:
        try:
            probe = cls()
            size = int(getattr(probe, "inputs", 0)) + len(getattr(probe, "outputs", ()))
        except Exception:
            size = 0
        if size:
            commands.append((" ".join(["example"] + ["0.5"] * size),
                             "add a training example: the inputs, then the target outputs"))
        commands += [("train 200", "fit the network to the examples (200 epochs)"),
                     ("save nrcore-net.json", "save the trained network (JSON)")]
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
    for text, what in commands:
        box = p.msg(text, 20, y, min(360.0, 7.0 * len(text) + 12))
        p.connect(box, 0, main)
        p.comment(what, 400, y, 680)
        y += 32
    return p.to_dict(f"help for nrcore.{name}")


# -- examples -------------------------------------------------------------------------------------
def mouse_midi_example() -> dict[str, Any]:
    """The seed's patch: mouse position -> a small network with feedback -> MIDI notes."""
    p = Patch(1000, 640)
    p.comment("Mouse -> neural network with feedback -> MIDI notes (the seed's data-driven "
              "instrument). The network, its feedback and the scale mapping run in nrcore "
              "serve ([nrcore.instrument]); Max does the mouse and the MIDI.", 20, 10, 900, 3)
    p.obj("nrcore.client", 20, 80)
    toggle = p.ui("toggle", 20, 120)
    metro = p.obj("metro 30", 20, 160)
    mouse = p.obj("mousestate", 20, 200)
    p.comment("screen pixels -> -1..1 (set your screen size)", 320, 240, 300)
    sx = p.obj("scale 0 1920 -1. 1.", 20, 240, 130)
    sy = p.obj("scale 0 1080 1. -1.", 160, 240, 130)
    pak = p.obj("pak f f", 20, 280, 100)
    inst = p.obj("nrcore.instrument mouse-ann inputs 2 feedback 0.6 scale minor root 57 "
                 "low 45 high 81", 20, 320, 560)
    unpack = p.obj("unpack i i i i", 20, 370, 130)
    # The instrument answers every frame; a note is played only when it changes (as the
    # Python instrument does), and a CC only when its value changes.
    new_note = p.obj("change", 20, 400, 60)
    note = p.obj("makenote 100 250", 20, 440, 120)
    noteout = p.obj("noteout 1", 20, 480, 80)
    new_cc1 = p.obj("change", 160, 440, 60)
    new_cc2 = p.obj("change", 260, 440, 60)
    cc1 = p.obj("ctlout 1 1", 160, 480, 80)
    cc2 = p.obj("ctlout 74 1", 260, 480, 80)
    p.comment("outputs: note, velocity, CC 1, CC 74 (all 0..127)", 360, 370, 400)
    p.connect(toggle, 0, metro)
    p.connect(metro, 0, mouse)
    p.connect(mouse, 1, sx)
    p.connect(mouse, 2, sy)
    p.connect(sx, 0, pak, 0)
    p.connect(sy, 0, pak, 1)
    p.connect(pak, 0, inst)
    p.connect(inst, 0, unpack)
    p.connect(unpack, 0, new_note)
    p.connect(new_note, 0, note, 0)
    p.connect(unpack, 1, note, 1)        # unpack fires right to left: velocity first
    p.connect(note, 0, noteout, 0)
    p.connect(note, 1, noteout, 1)
    p.connect(unpack, 2, new_cc1)
    p.connect(unpack, 3, new_cc2)
    p.connect(new_cc1, 0, cc1)
    p.connect(new_cc2, 0, cc2)
    for i, text in enumerate(("feedback 0.9", "scale major_pentatonic", "record start",
                              "record stop", "replay")):
        p.connect(p.msg(text, 20 + 180 * i, 560), 0, inst)
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
        p.connect(p.msg(text, 860, 90 + 30 * i, 170), 0, s_out)
    play = p.msg("play 0", 20, 120)
    p.connect(play, 0, rack)
    button = p.ui("button", 120, 120)
    trigger = p.msg("trigger", 160, 120)
    p.comment("gate 1", 100, 150, 60)
    p.connect(button, 0, trigger)
    p.connect(trigger, 0, rack)
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
        x = 300 + 100 * (j - 2)
        p.comment(f"{names[j]} (V)", x, 170, 90)
        number = p.ui("flonum", x, 200)
        p.connect(number, 0, pak, j)
    x = 20
    controls = [q for q in rack_cls.PARAMS if q.kind in ("float", "int") and q.menu][:6]
    for param in controls:
        p.comment(f"{param.name} {param.unit}".strip(), x, 290, 130)
        number = p.ui("flonum" if param.kind == "float" else "number", x, 320)
        tag = p.obj(f"prepend {param.name}", x, 355, 130)
        p.connect(number, 0, tag)
        p.connect(tag, 0, rack)
        x += 150
    printer = p.obj("print rack", 240, 530)
    p.connect(rack, 1, printer)
    return p.to_dict("Neurorack control: gates, CVs and controls of the rack engine")


#: Node for Max script behind [nrcore.client]: starts ``nrcore serve`` when no server answers.
LAUNCH_SCRIPT = r"""// nrcore-launch.js: generated by nrcore.hosts.max.package (Node for Max, [node.script]).
// Pings nrcore serve on 127.0.0.1:<port>; when nothing answers within 700 ms it runs
// `nrcore serve --port <port>` and reports on its left outlet: "running <port>" (a server was
// already there), "started <port>", "exited <code>" or "error <text>".
// Arguments: [node.script nrcore-launch.js <port> [command ...]] (default command: nrcore serve).
// Messages: start (check and launch), stop (end the server this script started),
// command <program> [args...] (when nrcore is not on the PATH Max sees), port <n>.
const maxApi = require("max-api");
const dgram = require("dgram");
const { spawn } = require("child_process");

let port = parseInt(process.argv[2] || "%(port)d", 10);
let command = process.argv.length > 3 ? process.argv.slice(3)
  : [process.platform === "win32" ? "nrcore.exe" : "nrcore", "serve"];
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
    child.stderr.on("data", (data) => maxApi.post(String(data)));
    child.on("exit", (code) => {
      child = null;
      maxApi.outlet("exited", code === null ? -1 : code);
    });
  });
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
            "tags": ["neural network", "osc", "midi", "synthesis"], "website": ""}


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
