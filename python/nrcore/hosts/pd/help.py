"""Pd patch files for nrcore: help patches generated from the parameter declarations.

Every nrcore Pd object's ``<name>-help.pd`` (vanilla 0.53 style, with a ``[pd reference]``
subpatch listing inlets, outlets, arguments and messages) is written from the object's adapter
(:mod:`nrcore.hosts.pd`) and its processor's ``PARAMS``, so the help cannot drift from the
code. The library's meta patch and the example patches are written here too.

Run ``python -m nrcore.hosts.pd.help pd/`` to rewrite them, ``python -m nrcore.hosts.pd.help --check pd/`` to
fail if any file on disk differs from what the declarations give.

:class:`Patch` is a small writer of Pd's file format (also used by the tests to build the
patches they run in Pd).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from nrcore import __version__

FONT = 12
LIBRARY = "nrcore"


def escape(atom: Any) -> str:
    """One atom as Pd writes it: numbers as numbers, ``;``, ``,``, ``$`` and spaces escaped."""
    if isinstance(atom, bool):
        return "1" if atom else "0"
    if isinstance(atom, int):
        return str(atom)
    if isinstance(atom, float):
        # 9 significant digits: enough for any float32, which is what Pd keeps
        return f"{atom:.9g}"
    text = str(atom)
    for char in "\\;,$ ":
        text = text.replace(char, "\\" + char)
    return text


def atoms_text(atoms: Iterable[Any]) -> str:
    return " ".join(escape(a) for a in atoms)


def message_text(text: str) -> str:
    """A message box's or comment's text: words kept, ``;``/``,``/``$`` escaped."""
    out = []
    for word in text.split():
        core = word.rstrip(";,")
        tail = word[len(core):]
        if core:
            out.append(core.replace("$", "\\$"))
        # a separator is a token of its own: "a\," would be the symbol "a,"
        out.extend("\\" + c for c in tail)
    return " ".join(out)


@dataclass
class Patch:
    """A Pd canvas being written: boxes are numbered in creation order, as Pd numbers them."""

    width: int = 700
    height: int = 520
    x: int = 0
    y: int = 50
    font: int = FONT
    lines: list[str] = field(default_factory=list)
    declares: list[str] = field(default_factory=list)
    connections: list[tuple[int, int, int, int]] = field(default_factory=list)
    count: int = 0

    def _add(self, line: str) -> int:
        self.lines.append(line)
        self.count += 1
        return self.count - 1

    def declare(self, *atoms: Any) -> int:
        """``[declare ...]``: also written as the ``#X declare`` header Pd acts on at load."""
        self.declares.append(atoms_text(atoms))
        return self._add(f"#X obj {self.width - 220} 10 declare {atoms_text(atoms)};")

    def obj(self, x: int, y: int, *atoms: Any) -> int:
        return self._add(f"#X obj {x} {y} {atoms_text(atoms)};")

    def msg(self, x: int, y: int, text: str) -> int:
        return self._add(f"#X msg {x} {y} {message_text(text)};")

    def text(self, x: int, y: int, text: str, width: int | None = None) -> int:
        suffix = f", f {width}" if width else ""
        return self._add(f"#X text {x} {y} {message_text(text)}{suffix};")

    def floatatom(self, x: int, y: int, width: int = 5, lo: float = 0, hi: float = 0,
                  label: str = "-", receive: str = "-", send: str = "-") -> int:
        return self._add(f"#X floatatom {x} {y} {width} {lo:g} {hi:g} 0 {label} {receive} "
                         f"{send} 0;")

    def slider(self, x: int, y: int, lo: float, hi: float, init: float | None = None,
               width: int = 128, height: int = 15, send: str = "empty",
               receive: str = "empty", label: str = "empty") -> int:
        """A horizontal slider ([hsl]); ``init`` sets its value at load (init flag on)."""
        init_flag = 1 if init is not None else 0
        value = 0 if init is None else int(round((init - lo) / (hi - lo) * (width - 1) * 100))
        return self._add(
            f"#X obj {x} {y} hsl {width} {height} {lo:g} {hi:g} 0 {init_flag} {send} {receive} "
            f"{label} -2 -8 0 10 #fcfcfc #000000 #000000 {value} 1;")

    def toggle(self, x: int, y: int, send: str = "empty", receive: str = "empty") -> int:
        return self._add(f"#X obj {x} {y} tgl 15 0 {send} {receive} empty 17 7 0 10 #fcfcfc "
                         f"#000000 #000000 0 1;")

    def array(self, name: str, size: int, x: int, y: int, save: bool = False,
              width: int = 200, height: int = 140, lo: float = -1, hi: float = 1) -> int:
        """A graph holding one float array (not saved with the patch unless ``save``)."""
        flags = 3 if save else 2  # 1 = save contents, 2 = draw as polygon
        body = ["#N canvas 0 50 450 250 (subpatch) 0;",
                f"#X array {name} {size} float {flags};",
                f"#X coords 0 {hi:g} {size} {lo:g} {width} {height} 1 0 0;"]
        self.lines.extend(body)
        return self._add(f"#X restore {x} {y} graph;")

    def subpatch(self, x: int, y: int, name: str, inner: "Patch", open_on_load: bool = False
                 ) -> int:
        body = inner.render(header=f"#N canvas {inner.x} {inner.y} {inner.width} "
                                   f"{inner.height} {name} {1 if open_on_load else 0};")
        self.lines.extend(body.rstrip("\n").split("\n"))
        return self._add(f"#X restore {x} {y} pd {name};")

    def cnv(self, x: int, y: int, width: int, height: int, label: str = "empty",
            colour: str = "#202020") -> int:
        return self._add(f"#X obj {x} {y} cnv 1 {width} {height} empty empty {label} 8 12 0 "
                         f"13 {colour} #000000 0;")

    def connect(self, source: int, outlet: int, sink: int, inlet: int) -> None:
        self.connections.append((source, outlet, sink, inlet))

    def chain(self, *boxes: int) -> None:
        """Connect outlet 0 of each box to inlet 0 of the next."""
        for a, b in zip(boxes, boxes[1:]):
            self.connect(a, 0, b, 0)

    def render(self, header: str | None = None) -> str:
        head = header or f"#N canvas {self.x} {self.y} {self.width} {self.height} {self.font};"
        out = [head]
        out += [f"#X declare {d};" for d in self.declares]
        out += self.lines
        out += [f"#X connect {a} {b} {c} {d};" for a, b, c, d in self.connections]
        return "\n".join(out) + "\n"

    def write(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.render())
        return path


# ------------------------------------------------------------------------------------------
# Help patches
# ------------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    """Text safe in a Pd comment (Pd's Tcl side mangles braces)."""
    return text.replace("{", "(").replace("}", ")")


def _value_atoms(value: Any) -> list[Any]:
    import numpy as np

    if isinstance(value, np.ndarray):
        return [float(v) if not float(v).is_integer() else int(v) for v in value.ravel()]
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, bool):
        return [int(value)]
    if isinstance(value, float) and value.is_integer():
        return [int(value)]
    return [value]


def _param_line(param: Any) -> str:
    unit = f" {param.unit}" if param.unit else ""
    if param.kind == "matrix":
        what = "values, row by row"
    elif param.kind == "vector":
        what = "values"
    elif param.kind == "choice" and param.per_element:
        what = "name(s)"
    elif param.kind == "choice":
        what = "name"
    else:
        what = param.kind
    default = " ".join(str(a) for a in _value_atoms(param.default)) if not isinstance(
        param.default, tuple) else "see help"
    return (f"{param.name} <{what}> - {param.help}. {param.range_text()}{unit}, default "
            f"{default}")


def _title(p: Patch, x: int, y: int, cls: Any) -> int:
    """The object's name as a box, as vanilla help does; a comment for objects that load a
    model file (one instance, the example, is enough)."""
    return p.text(x, y, f"[{cls.name}]") if cls.loads_model else p.obj(x, y, cls.name)


def _reference(cls: Any, structure: dict, options: dict) -> Patch:
    """The [pd reference] subpatch: inlets, outlets, arguments, messages."""
    inlets, outlets = cls.layout(structure, options)
    ref = Patch(width=620, height=600, x=60, y=60)
    y = 10
    _title(ref, 10, y, cls)
    ref.text(140, y, f"- {cls.summary}", width=60)
    y += 40

    def header(label: str) -> None:
        nonlocal y
        ref._add(f"#X obj 8 {y} cnv 5 600 5 empty empty {label} 8 18 0 13 #202020 #000000 0;")
        y += 30

    def line(text: str, indent: int = 20, width: int = 72) -> None:
        nonlocal y
        ref.text(indent, y, _clean(text), width=width)
        y += 20 * (1 + len(text) // (width + 4))

    header("INLETS:")
    for k, port in enumerate(inlets):
        kind = "signal" if port.kind == "signal" else "messages"
        line(f"{k}: {port.label} ({kind}) - {port.help}")
        if port.kind == "control":
            for param in cls.params():
                line(_param_line(param), indent=40, width=68)
                if param.kind in ("vector", "matrix"):
                    where = "index" if param.kind == "vector" else "row column"
                    line(f"{param.name}_at <{where} value> - set one element, counting from 0",
                         indent=40, width=68)
            for msg in cls.messages:
                args = f" <{msg.args}>" if msg.args else ""
                line(f"{msg.name}{args} - {msg.help}", indent=40, width=68)
    header("OUTLETS:")
    for k, port in enumerate(outlets):
        kind = "signal" if port.kind == "signal" else "messages"
        line(f"{k}: {port.label} ({kind}) - {port.help}")
    header("ARGUMENTS:")
    if not cls.arguments:
        line("no numbers; only flags")
    for k, arg in enumerate(cls.arguments):
        line(f"{k + 1}) {arg.name} - {arg.help} (default {arg.default})"
             if arg.default else f"{k + 1}) {arg.name} - {arg.help}")
    if cls.params():
        line("then any parameter as a flag: -name value... (e.g. -" + cls.params()[0].name
             + " ...) sets its initial value")
    for opt in cls.options:
        symbolic = isinstance(opt.default, str)
        value = (" <name>" if symbolic else " <number>") if opt.takes_value else ""
        unit = f" {opt.unit}" if opt.unit else ""
        default = f" (default {opt.default:g}{unit})" if opt.takes_value and not symbolic \
            else ""
        line(f"-{opt.name}{value} - {opt.help}{default}")
    y += 10
    ref._add(f"#X obj 8 {y} cnv 5 600 5 empty empty empty 8 18 0 13 #202020 #000000 0;")
    ref.height = y + 60
    return ref


# A signal source for each signal inlet of a help example, cycled.
_SOURCES = (("osc~", 220), ("phasor~", 330), ("osc~", 110.5), ("noise~",), ("osc~", 3))


def help_patch(cls: Any) -> Patch:
    """``<name>-help.pd`` for one adapter class, from its declarations."""
    from nrcore.hosts.pd import SIGNAL

    structure, param_atoms, options = cls.parse_arguments(cls.help_arguments)
    values = cls.help_values()
    menu = {param.name for param in cls.params() if param.menu}
    inlets, outlets = cls.layout(structure, options)
    p = Patch(width=760, height=660)
    p.declare("-lib", LIBRARY)
    _title(p, 20, 15, cls)
    p.text(150, 15, f"- {cls.summary}")
    p._add("#X obj 7 45 cnv 1 745 1 empty empty empty 8 12 0 13 #000000 #000000 0;")
    p.text(20, 55, _clean(cls.description), width=100)
    ref = _reference(cls, structure, options)
    p.subpatch(560, 15, "reference", ref)
    p.text(660, 15, "<= click")

    # the live example: sources in a row, message boxes in two columns, the object below
    top = 140
    p.msg(20, top, "; pd dsp 1")
    p.msg(110, top, "; pd dsp 0")
    signal_inlets = [k for k, port in enumerate(inlets) if port.kind == SIGNAL]
    control = max((k for k, port in enumerate(inlets) if port.kind != SIGNAL), default=None)
    boxes: list[str] = []
    if control is not None:
        boxes = list(cls.help_messages)
        boxes += [f"{name} {' '.join(str(a) for a in _value_atoms(value))}"
                  for name, value in values.items() if name in menu]
        boxes += [m.name for m in cls.messages if not m.args and m.name not in boxes]
        p.text(220, top, "messages go to the rightmost inlet (the values shown are the "
                         "defaults or the example's):", width=65)
    rows = (len(boxes) + 1) // 2
    grid_y = top + 80
    obj_y = max(grid_y + 25 * rows + 20, top + 120)
    obj = p.obj(20, obj_y, cls.name, *cls.help_arguments)
    for n, k in enumerate(signal_inlets):
        source = cls.help_sources.get(k, _SOURCES[n % len(_SOURCES)])
        box = p.obj(20 + 90 * (n % 8), top + 40 + 25 * (n // 8), *source)
        p.connect(box, 0, obj, k)
    for n, text in enumerate(boxes):
        column, row = divmod(n, rows)
        box = p.msg(300 + 230 * column, grid_y + 25 * row, text)
        p.connect(box, 0, obj, control)
    out_y = obj_y + 50
    for k, port in enumerate(outlets):
        if port.kind == SIGNAL:
            level = p.obj(20 + 110 * k, out_y, "env~")
            meter = p.floatatom(20 + 110 * k, out_y + 30, 5)
            p.connect(obj, k, level, 0)
            p.connect(level, 0, meter, 0)
        else:
            show = p.obj(20 + 110 * k, out_y, "print", f"{cls.name}-{port.label}")
            p.connect(obj, k, show, 0)
    if any(port.kind == SIGNAL for port in outlets):
        p.text(20 + 110 * len(outlets), out_y + 30, "<= levels (dB)")
    first_signal = next((k for k, port in enumerate(outlets) if port.kind == SIGNAL), None)
    if first_signal is not None:
        gain = p.obj(20, out_y + 70, "*~", 0.1)
        dac = p.obj(20, out_y + 100, "dac~")
        p.connect(obj, first_signal, gain, 0)
        p.connect(gain, 0, dac, 0)
        p.connect(gain, 0, dac, 1)
    p._add(f"#X obj 7 {out_y + 140} cnv 1 745 1 empty empty empty 8 12 0 13 #000000 #000000 0;")
    from nrcore.hosts.pd import OBJECTS

    others = [c for name, c in OBJECTS.items() if name != cls.name]
    p.text(20, out_y + 150, "see also:")
    light = [c.name for c in others if not c.loads_model]
    for n, name in enumerate(light):
        p.obj(100 + 130 * (n % 5), out_y + 150 + 30 * (n // 5), name)
    rows = (len(light) + 4) // 5
    heavy = [c.name for c in others if c.loads_model]
    if heavy:
        p.text(100, out_y + 150 + 30 * rows, "and (they load a model) " + " ".join(heavy))
        rows += 1
    p.text(20, out_y + 160 + 30 * rows, f"nrcore {__version__} - the same object loads in "
                                        f"py4pd 1.x; see README.md", width=100)
    p.height = out_y + 220 + 30 * rows
    return p


def meta_patch() -> Patch:
    """``nrcore-meta.pd``: what deken and Pd's help browser read about the library."""
    from nrcore.hosts.pd import OBJECTS

    meta = Patch(width=420, height=220, x=60, y=60)
    y = 10
    for key, value in (("NAME", LIBRARY), ("VERSION", __version__),
                       ("AUTHOR", "the nrcore contributors"), ("LICENSE", "MIT"),
                       ("DESCRIPTION", "artificial neurons as musical instruments: audio-rate "
                                       "neurons, networks, learning neurons and a control-rate "
                                       "network on one Cython core"),
                       ("OBJECTS", " ".join(OBJECTS)),
                       ("REQUIRES", "the nrcore bridge (nrcore.pd_linux, Pd 0.53+) or py4pd 1.x "
                                    "(Pd 0.56+) with the nrcore Python package")):
        meta.text(10, y, f"{key} {value}", width=60)
        y += 40
    p = Patch(width=300, height=120)
    p.subpatch(10, 10, "META", meta)
    return p


# ------------------------------------------------------------------------------------------
# Example patches: the seeds, rebuilt with nrcore objects
# ------------------------------------------------------------------------------------------

def _example_header(p: Patch, title: str, text: str) -> None:
    # examples live in pd/examples: the library and the .pd_py files are one folder up
    p.declare("-path", "..", "-lib", LIBRARY)
    p.text(20, 15, title)
    p.text(20, 40, _clean(text), width=95)
    p.msg(20, 110, "; pd dsp 1")
    p.msg(110, 110, "; pd dsp 0")


def _slider_to(p: Patch, x: int, y: int, label: str, lo: float, hi: float, init: float,
               message: str, target: int, inlet: int) -> None:
    """A labelled slider whose value goes to ``target`` as ``message`` ($1 = the value)."""
    p.text(x, y, label)
    slider = p.slider(x, y + 20, lo, hi, init)
    shown = p.floatatom(x + 140, y + 18, 6)
    box = p.msg(x, y + 45, message)
    p.connect(slider, 0, shown, 0)
    p.connect(slider, 0, box, 0)
    p.connect(box, 0, target, inlet)


def example_neuron() -> Patch:
    """The Pd video: three oscillators mixed by one neuron, with bias, feedback and noise."""
    p = Patch(width=820, height=640)
    _example_header(p, "One artificial neuron with feedback and noise",
                    "Three oscillators are weighted, summed with a bias, the neuron's own "
                    "output one sample ago (feedback) and noise, and folded through the "
                    "activation. Move the weights and the feedback; try relu, and linear "
                    "with hardclip for plain mixing.")
    sources = [p.obj(20, 150, "osc~", 110), p.obj(110, 150, "osc~", 165.5),
               p.obj(200, 150, "phasor~", 55)]
    neuron = p.obj(20, 520, "nr.neuron~", 3, "-weights", 0.8, 0.5, 0.3, "-feedback", 0.4,
                   "-noise", 0.05)
    for k, box in enumerate(sources):
        p.connect(box, 0, neuron, k)
    controls = [("weight 1", -2, 2, 0.8, "weights_at 0 $1"),
                ("weight 2", -2, 2, 0.5, "weights_at 1 $1"),
                ("weight 3", -2, 2, 0.3, "weights_at 2 $1"),
                ("bias", -1, 1, 0, "bias $1"),
                ("feedback", -2, 2, 0.4, "feedback $1"),
                ("noise", 0, 1, 0.05, "noise $1")]
    for k, (label, lo, hi, init, message) in enumerate(controls):
        x = 300 + 250 * (k % 2)
        y = 150 + 85 * (k // 2)
        _slider_to(p, x, y, label, lo, hi, init, message, neuron, 3)
    p.text(300, 410, "activation:")
    for k, name in enumerate(("tanh", "relu", "hardclip", "linear", "sinefold", "softclip")):
        box = p.msg(300 + 130 * (k % 3), 435 + 28 * (k // 3), f"activation {name}")
        p.connect(box, 0, neuron, 3)
    gain = p.obj(20, 570, "*~", 0.2)
    dac = p.obj(20, 600, "dac~")
    p.connect(neuron, 0, gain, 0)
    p.connect(gain, 0, dac, 0)
    p.connect(gain, 0, dac, 1)
    level = p.obj(200, 570, "env~")
    fire = p.floatatom(200, 600, 5)
    p.connect(neuron, 1, level, 0)
    p.connect(level, 0, fire, 0)
    p.text(260, 600, "<= level of the fire gate (dB)")
    return p


def example_dualneuron() -> Patch:
    """The joystick seed: X, Y, Z into the dual neuron; its outputs play a synth voice."""
    p = Patch(width=820, height=660)
    _example_header(p, "The joystick and the dual neuron",
                    "Sliders stand in for the 3D joystick. X, Y and Z go into both neurons; "
                    "each neuron's output feeds the other (cross_feedback). Below 1 the "
                    "outputs follow the joystick; 1.25 to 3 they sing; above 4 they turn "
                    "chaotic. Neuron A sets the pitch of a sawtooth, neuron B its filter.")
    dual = p.obj(20, 420, "nr.dualneuron~", "-cross_feedback", 2)
    for k, axis in enumerate("XYZ"):
        x = 20 + 250 * k
        p.text(x, 150, f"joystick {axis}")
        slider = p.slider(x, 170, -1, 1, 0)
        ramp = p.msg(x, 200, "$1 20")
        line = p.obj(x, 230, "line~")
        p.connect(slider, 0, ramp, 0)
        p.connect(ramp, 0, line, 0)
        p.connect(line, 0, dual, k)
    _slider_to(p, 20, 280, "cross_feedback", 0, 8, 2, "cross_feedback $1", dual, 3)
    for k, name in enumerate(("opposed", "mutual")):
        box = p.msg(270 + 150 * k, 325, f"coupling {name}")
        p.connect(box, 0, dual, 3)
    # the neurons themselves, quietly, left and right
    raw_a = p.obj(20, 470, "*~", 0.05)
    raw_b = p.obj(120, 470, "*~", 0.05)
    # the synth voice: A -> pitch, B -> filter centre
    pitch = p.obj(300, 470, "*~", 150)
    pitch_offset = p.obj(300, 500, "+~", 220)
    saw = p.obj(300, 530, "phasor~")
    centre = p.obj(450, 470, "*~", 1200)
    centre_offset = p.obj(450, 500, "+~", 1500)
    filt = p.obj(300, 560, "vcf~", 4)
    voice = p.obj(300, 590, "*~", 0.15)
    dac = p.obj(20, 620, "dac~")
    p.connect(dual, 0, raw_a, 0)
    p.connect(dual, 1, raw_b, 0)
    p.connect(raw_a, 0, dac, 0)
    p.connect(raw_b, 0, dac, 1)
    p.chain(pitch, pitch_offset, saw, filt, voice)
    p.connect(dual, 0, pitch, 0)
    p.connect(dual, 1, centre, 0)
    p.connect(centre, 0, centre_offset, 0)
    p.connect(centre_offset, 0, filt, 1)
    p.connect(voice, 0, dac, 0)
    p.connect(voice, 0, dac, 1)
    return p


def example_learning() -> Patch:
    """The "machine learning fail" seed: learning a reachable target, failing on another."""
    p = Patch(width=860, height=700)
    _example_header(p, "A neuron learning a target waveform - and failing",
                    "A sine, a wobbling triangle and a sawtooth go into a learning neuron. "
                    "The reachable target is tanh(0.9 sine - 0.6 triangle + 0.4 saw + 0.1): "
                    "the weights move to 0.9, -0.6, 0.4 and the error falls silent. The "
                    "unreachable target, a sine at 277 Hz, is in none of the inputs: the "
                    "neuron keeps searching and the error stays loud.")
    sine = p.obj(20, 150, "osc~", 220)
    wobble = p.obj(150, 150, "osc~", 0.5)
    depth = p.obj(150, 175, "*~", 9.9)
    centre = p.obj(150, 200, "+~", 330)
    tri_phase = p.obj(150, 225, "phasor~")
    quarter = p.obj(150, 250, "+~", 0.25)
    wrap = p.obj(150, 275, "wrap~")
    half = p.obj(150, 300, "-~", 0.5)
    fold = p.obj(150, 325, "abs~")
    scale = p.obj(150, 350, "*~", -4)
    triangle = p.obj(150, 375, "+~", 1)
    p.chain(wobble, depth, centre, tri_phase, quarter, wrap, half, fold, scale, triangle)
    saw_phase = p.obj(300, 150, "phasor~", 110)
    saw_scale = p.obj(300, 175, "*~", 2)
    saw = p.obj(300, 200, "-~", 1)
    p.chain(saw_phase, saw_scale, saw)
    reachable = p.obj(450, 300, "expr~", "tanh(0.9*$v1 - 0.6*$v2 + 0.4*$v3 + 0.1)")
    p.connect(sine, 0, reachable, 0)
    p.connect(triangle, 0, reachable, 1)
    p.connect(saw, 0, reachable, 2)
    odd = p.obj(650, 150, "osc~", 277)
    unreachable = p.obj(650, 175, "*~", 0.8)
    p.connect(odd, 0, unreachable, 0)
    p.text(450, 150, "target:")
    choose = p.toggle(450, 175)
    p.text(475, 175, "unreachable")
    split = p.obj(450, 205, "t", "f", "f")
    inverse = p.obj(450, 235, "==", 0)
    gain_reach = p.obj(450, 340, "*~", 1)
    gain_odd = p.obj(650, 340, "*~", 0)
    target = p.obj(450, 370, "+~")
    p.connect(choose, 0, split, 0)
    p.connect(split, 1, inverse, 0)
    p.connect(inverse, 0, gain_reach, 1)
    p.connect(split, 0, gain_odd, 1)
    p.connect(reachable, 0, gain_reach, 0)
    p.connect(unreachable, 0, gain_odd, 0)
    p.connect(gain_reach, 0, target, 0)
    p.connect(gain_odd, 0, target, 1)
    learner = p.obj(20, 470, "nr.learn~", 3, "-mu", 0.5, "-report", 100)
    p.connect(sine, 0, learner, 0)
    p.connect(triangle, 0, learner, 1)
    p.connect(saw, 0, learner, 2)
    p.connect(target, 0, learner, 3)
    messages = ["mu 0.05", "mu 0.5", "algorithm nlms", "algorithm lms",
                "algorithm sign_error", "freeze 1", "freeze 0", "reset"]
    p.text(450, 410, "learning:")
    for k, text in enumerate(messages):
        box = p.msg(530 + 140 * (k % 2), 410 + 25 * (k // 2), text)
        p.connect(box, 0, learner, 4)
    y_gain = p.obj(20, 520, "*~", 0.2)
    e_gain = p.obj(120, 520, "*~", 0.2)
    dac = p.obj(20, 550, "dac~")
    p.connect(learner, 0, y_gain, 0)
    p.connect(learner, 1, e_gain, 0)
    p.connect(y_gain, 0, dac, 0)
    p.connect(e_gain, 0, dac, 1)
    p.text(20, 580, "left: the neuron's output, right: the error")
    level = p.obj(250, 520, "env~")
    error_db = p.floatatom(250, 550, 5)
    p.connect(learner, 1, level, 0)
    p.connect(level, 0, error_db, 0)
    p.text(300, 550, "<= error level (dB)")
    weights = p.obj(450, 520, "unpack", "f", "f", "f", "f")
    p.connect(learner, 2, weights, 0)
    for k, label in enumerate(("w sine", "w triangle", "w saw", "bias")):
        box = p.floatatom(450 + 90 * k, 550, 6)
        p.connect(weights, k, box, 0)
        p.text(450 + 90 * k, 575, label)
    return p


def example_neurorack() -> Patch:
    """The Neurorack: a clock on gate 1, a toggle on gate 2, four CV sliders in volts."""
    p = Patch(width=860, height=600)
    _example_header(p, "The Neurorack",
                    "A metro plays gate 1 (a 5 V pulse of 50 ms); the toggle holds gate 2 "
                    "(freeze). The sliders are the four CVs in volts: CV1 morphs the sound "
                    "from preset F1 to F2, CV2 scrubs back through recent frames, CV3 makes "
                    "it louder and brighter, CV4 varies each hit.")
    rack = p.obj(20, 470, "nr.rack~")
    p.text(20, 150, "gate 1: a hit every")
    clock_on = p.toggle(20, 175)
    metro = p.obj(20, 200, "metro", 600)
    edge = p.obj(20, 225, "t", "b", "b")
    high = p.msg(20, 250, "5")
    wait = p.obj(80, 250, "delay", 50)
    low = p.msg(80, 275, "0")
    gate1 = p.obj(20, 300, "sig~")
    p.connect(clock_on, 0, metro, 0)
    p.connect(metro, 0, edge, 0)
    p.connect(edge, 1, high, 0)
    p.connect(edge, 0, wait, 0)
    p.connect(wait, 0, low, 0)
    p.connect(high, 0, gate1, 0)
    p.connect(low, 0, gate1, 0)
    p.connect(gate1, 0, rack, 0)
    p.text(160, 150, "gate 2: freeze")
    freeze = p.toggle(160, 175)
    volts = p.obj(160, 200, "*", 5)
    gate2 = p.obj(160, 300, "sig~")
    p.chain(freeze, volts, gate2)
    p.connect(gate2, 0, rack, 1)
    for k, (label, lo, hi) in enumerate((("CV1 morph F1 > F2", -5, 5), ("CV2 scrub", 0, 5),
                                         ("CV3 transient", -5, 5), ("CV4 variation", 0, 5))):
        x = 300 + 270 * (k % 2)
        y = 150 + 80 * (k // 2)
        p.text(x, y, f"{label} (V)")
        slider = p.slider(x, y + 20, lo, hi, 0)
        shown = p.floatatom(x + 140, y + 18, 6)
        ramp = p.msg(x, y + 45, "$1 20")
        line = p.obj(x + 70, y + 45, "line~")
        p.connect(slider, 0, shown, 0)
        p.connect(slider, 0, ramp, 0)
        p.connect(ramp, 0, line, 0)
        p.connect(line, 0, rack, 2 + k)
    for k, text in enumerate(("trigger", "volume 1", "volume 0.5", "freeze_ms 50",
                              "freeze_ms 100")):
        box = p.msg(300 + 110 * k, 330, text)
        p.connect(box, 0, rack, 6)
    gain = p.obj(20, 520, "*~", 0.5)
    dac = p.obj(20, 550, "dac~")
    p.connect(rack, 0, gain, 0)
    p.connect(gain, 0, dac, 0)
    p.connect(gain, 0, dac, 1)
    return p


def example_patches() -> dict[str, Patch]:
    return {"neuron-feedback-noise.pd": example_neuron(),
            "joystick-dualneuron.pd": example_dualneuron(),
            "learning-neuron.pd": example_learning(),
            "neurorack.pd": example_neurorack()}


def all_patches() -> dict[str, Patch]:
    """Every generated file, by its path relative to the ``pd/`` folder."""
    from nrcore.hosts.pd import OBJECTS

    files = {f"{name}-help.pd": help_patch(cls) for name, cls in OBJECTS.items()}
    files[f"{LIBRARY}-meta.pd"] = meta_patch()
    for name, patch in example_patches().items():
        files[f"examples/{name}"] = patch
    return files


def write_all(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    written = []
    for rel, patch in all_patches().items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(patch.write(path))
    return written


def check_all(folder: str | Path) -> list[str]:
    """Files under ``folder`` that differ from (or lack) what the declarations give."""
    folder = Path(folder)
    stale = []
    for rel, patch in all_patches().items():
        path = folder / rel
        if not path.exists() or path.read_text() != patch.render():
            stale.append(rel)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nrcore.hosts.pd.help",
        description="Write (or check) the Pd help, meta and example patches of nrcore.")
    parser.add_argument("folder", nargs="?", default="pd", help="the pd/ folder (default: pd)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any file is missing or differs")
    args = parser.parse_args(argv)
    if args.check:
        stale = check_all(args.folder)
        for rel in stale:
            print(f"out of date: {Path(args.folder) / rel}", file=sys.stderr)
        return 1 if stale else 0
    for path in write_all(args.folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
