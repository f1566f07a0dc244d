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

    def obj(self, x: int, y: int, *atoms: Any, width: int | None = None) -> int:
        """An object box; ``width`` (characters) widens it, as dragging its edge does."""
        suffix = f", f {width}" if width else ""
        return self._add(f"#X obj {x} {y} {atoms_text(atoms)}{suffix};")

    def msg(self, x: int, y: int, text: str) -> int:
        return self._add(f"#X msg {x} {y} {message_text(text)};")

    def text(self, x: int, y: int, text: str, width: int | None = None) -> int:
        suffix = f", f {width}" if width else ""
        return self._add(f"#X text {x} {y} {message_text(text)}{suffix};")

    def floatatom(self, x: int, y: int, width: int = 5, lo: float = 0, hi: float = 0,
                  label: str = "-", receive: str = "-", send: str = "-",
                  position: int = 0) -> int:
        """A number box; ``label`` drawn left (``position`` 0), right (1), above (2) or below
        (3)."""
        return self._add(f"#X floatatom {x} {y} {width} {lo:g} {hi:g} {position} "
                         f"{escape(label)} {escape(receive)} {escape(send)} 0;")

    def listbox(self, x: int, y: int, width: int = 20) -> int:
        """A list box (Pd 0.52+): shows the last list it received and passes it on."""
        return self._add(f"#X listbox {x} {y} {width} 0 0 0 - - - 0;")

    def slider(self, x: int, y: int, lo: float, hi: float, init: float | None = None,
               width: int = 128, height: int = 15, send: str = "empty",
               receive: str = "empty", label: str = "empty") -> int:
        """A horizontal slider ([hsl]) with its label above it; ``init`` sets its value at
        load (init flag on). Pd keeps a slider's position in whole pixels, so ``init`` is
        rounded to the nearest pixel: choose ``width`` - 1 so that it lands on one."""
        init_flag = 1 if init is not None else 0
        value = 0 if init is None else 100 * int(round((init - lo) / (hi - lo) * (width - 1)))
        return self._add(
            f"#X obj {x} {y} hsl {width} {height} {lo:g} {hi:g} 0 {init_flag} {escape(send)} "
            f"{escape(receive)} {escape(label)} 0 -8 0 10 #fcfcfc #000000 #000000 {value} 1;")

    def number(self, x: int, y: int, lo: float, hi: float, init: float | None = None,
               digits: int = 8, label: str = "empty") -> int:
        """An IEM number box ([nbx]); ``init`` is stored exactly and sent at load."""
        flag = 1 if init is not None else 0
        value = escape(float(init)) if init is not None else "0"
        return self._add(f"#X obj {x} {y} nbx {digits} 14 {lo:g} {hi:g} 0 {flag} empty empty "
                         f"{escape(label)} 0 -8 0 10 #fcfcfc #000000 #000000 {value} 256;")

    def toggle(self, x: int, y: int, send: str = "empty", receive: str = "empty",
               label: str = "empty", init: bool | None = None) -> int:
        """A toggle with its label on its right; ``init`` sets (and sends) its state at load."""
        flag = 1 if init is not None else 0
        on = 1 if init else 0
        return self._add(f"#X obj {x} {y} tgl 15 {flag} {escape(send)} {escape(receive)} "
                         f"{escape(label)} 17 7 0 10 #fcfcfc #000000 #000000 {on} 1;")

    def array(self, name: str, size: int, x: int, y: int, save: bool = False,
              width: int = 200, height: int = 140, lo: float = -1, hi: float = 1) -> int:
        """A graph holding one float array (not saved with the patch unless ``save``)."""
        flags = 3 if save else 2  # 1 = save contents, 2 = draw as polygon
        body = ["#N canvas 0 50 450 250 (subpatch) 0;",
                f"#X array {name} {size} float {flags};",
                f"#X coords 0 {hi:g} {size} {lo:g} {width} {height} 1 0 0;"]
        self.lines.extend(body)
        return self._add(f"#X restore {x} {y} graph;")

    def subpatch(self, x: int, y: int, name: str, inner: "Patch", open_on_load: bool = False,
                 width: int | None = None) -> int:
        """A ``[pd name]`` box holding ``inner``; ``width`` (characters) widens the box."""
        body = inner.render(header=f"#N canvas {inner.x} {inner.y} {inner.width} "
                                   f"{inner.height} {name} {1 if open_on_load else 0};")
        self.lines.extend(body.rstrip("\n").split("\n"))
        suffix = f", f {width}" if width else ""
        return self._add(f"#X restore {x} {y} pd {name}{suffix};")

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
    """Text safe in a Pd comment (Pd's Tcl side mangles braces; a semicolon breaks the
    line)."""
    return text.replace("{", "(").replace("}", ")").replace(";", ",")


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


# Pd 0.53's box metrics at font 12 (sys_fontspec): one character is 7 x 16 pixels; boxes add
# 2 + 2 pixels left/right and 3 + 2 top/bottom, message boxes a 4-pixel flag; text wraps at
# 60 characters (or the box's set width) at the last space. The layout below places every box
# from these sizes so that no two overlap and every cord runs clear of other boxes
# (tests/pdlayout.py checks the written files independently).
CHAR_W, LINE_H = 7, 16
WRAP = 60


def text_lines(text: str, width: int = WRAP) -> list[str]:
    """``text`` broken into lines as Pd breaks a box's text (at the last space before
    ``width`` characters; ``;`` ends a line in message boxes)."""
    lines: list[str] = []
    for para in text.replace("; ", ";\n").split("\n"):
        para = " ".join(para.split())
        while len(para) > width:
            cut = para.rfind(" ", 0, width + 1)
            if cut <= 0:
                cut = width
            lines.append(para[:cut].rstrip())
            para = para[cut:].lstrip()
        lines.append(para)
    return lines or [""]


def box_size(text: str, kind: str = "obj", width: int | None = None) -> tuple[int, int]:
    """Pixel (width, height) of an object, message or comment box holding ``text``."""
    lines = text_lines(text, width or WRAP)
    cols = width or max(len(line) for line in lines)
    if kind == "obj":
        cols = max(cols, 3)
    return cols * CHAR_W + 4 + (4 if kind == "msg" else 0), len(lines) * LINE_H + 5


def inlet_x(x: int, box_width: int, k: int, n: int) -> int:
    """Left edge of inlet (or outlet) ``k`` of ``n`` on a box at ``x``, ``box_width`` wide."""
    return x if n <= 1 else x + round((box_width - 7) * k / (n - 1))


def receiver(cls: Any) -> str:
    """The help patch's named receiver for messages to its example object."""
    return str(cls.name).replace("nr.", "").replace("~", "") + "-help"


def _title(p: Patch, x: int, y: int, cls: Any) -> tuple[int, int]:
    """The object's name as a box, as vanilla help does; a comment for objects that load a
    model file (one instance, the example, is enough). Returns the box's size."""
    if cls.loads_model:
        p.text(x, y, f"[{cls.name}]")
        return box_size(f"[{cls.name}]", "text")
    p.obj(x, y, cls.name)
    return box_size(cls.name)


def _reference(cls: Any, structure: dict[str, Any], options: dict[str, Any]) -> Patch:
    """The [pd reference] subpatch: inlets, outlets, arguments, messages."""
    inlets, outlets = cls.layout(structure, options)
    ref = Patch(width=660, height=600, x=60, y=60)
    y = 10
    w, h = _title(ref, 10, y, cls)
    summary = f"- {cls.summary}"
    ref.text(20 + w, y, summary, width=60)
    y += max(h, box_size(summary, "text", 60)[1]) + 15

    def header(label: str) -> None:
        nonlocal y
        ref._add(f"#X obj 8 {y} cnv 5 620 5 empty empty {label} 8 18 0 13 #202020 #000000 0;")
        y += 30

    def line(text: str, indent: int = 20, width: int = 80) -> None:
        nonlocal y
        text = _clean(text)
        ref.text(indent, y, text, width=width)
        y += box_size(text, "text", width)[1] + 4

    header("INLETS:")
    for k, port in enumerate(inlets):
        kind = "signal" if port.kind == "signal" else "messages"
        line(f"{k}: {port.label} ({kind}) - {port.help}")
        if port.kind == "control":
            for param in cls.params():
                line(_param_line(param), indent=40, width=78)
                if param.kind in ("vector", "matrix"):
                    where = "index" if param.kind == "vector" else "row column"
                    line(f"{param.name}_at <{where} value> - set one element, counting from 0",
                         indent=40, width=78)
            for msg in cls.messages:
                args = f" <{msg.args}>" if msg.args else ""
                line(f"{msg.name}{args} - {msg.help}", indent=40, width=78)
    if any(port.kind == "signal" for port in inlets) and any(
            port.kind == "control" for port in inlets):
        line("In nrcore's own bridge the leftmost inlet takes the same messages (as vanilla "
             "signal objects do); under py4pd only the rightmost does.")
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
    ref._add(f"#X obj 8 {y} cnv 5 620 5 empty empty empty 8 18 0 13 #202020 #000000 0;")
    ref.height = y + 60
    return ref


# A signal source for each signal inlet of a help example, cycled: ("osc~", 220) is an object
# box; ("cv", label, lo, hi) a slider into [sig~]; ("gate", label) a toggle for 0 / 5 V.
_SOURCES: tuple[tuple[Any, ...], ...] = (("osc~", 220), ("phasor~", 330), ("osc~", 110.5),
                                         ("noise~",), ("osc~", 3))
_SLIDER_W = 101  # an odd width: the middle of a symmetric range is a whole pixel


def _source_size(source: tuple[Any, ...]) -> tuple[int, int]:
    """(width, height above the object's top) a source stack needs."""
    if source[0] == "cv":
        return max(_SLIDER_W, 6 * len(source[1])), 75
    if source[0] == "gate":
        return 17 + 6 * len(source[1]) + 4, 90
    return box_size(atoms_text(source))[0], 35


def _place_source(p: Patch, x: int, obj_y: int, source: tuple[Any, ...]) -> int:
    """Build one source stack whose last box ends 9 pixels above ``obj_y``; its last box."""
    if source[0] == "cv":
        _, label, lo, hi = source
        # at 0 V (or its bottom) from the start, as the [sig~] below it
        start = 0.0 if lo <= 0 <= hi else float(lo)
        slider = p.slider(x, obj_y - 55, lo, hi, start, width=_SLIDER_W, label=label)
        sig = p.obj(x, obj_y - 30, "sig~")
        p.connect(slider, 0, sig, 0)
        return sig
    if source[0] == "gate":
        toggle = p.toggle(x, obj_y - 85, label=source[1])
        volts = p.obj(x, obj_y - 57, "*", 5)
        sig = p.obj(x, obj_y - 30, "sig~")
        p.chain(toggle, volts, sig)
        return sig
    return p.obj(x, obj_y - 30, *source)


def _play_range(param: Any) -> tuple[float, float] | None:
    """The range a slider covers for a float parameter, or None for a number box only."""
    lo, hi = param.minimum, param.maximum
    if lo is None or hi is None:
        return None
    if hi - lo <= 20:
        return float(lo), float(hi)
    if param.unit:
        return None  # Hz, ms, V...: typed or dragged in a number box
    return float(max(lo, -4.0)), float(min(hi, 4.0))


def _pixel_width(value: float, lo: float, hi: float) -> int | None:
    """A slider width (100..160 pixels) on which ``value`` is a whole pixel, so the slider can
    start there exactly (Pd keeps slider positions in pixels); None if there is none."""
    if not lo <= value <= hi:
        return None
    for width in range(120, 161):
        steps = (value - lo) / (hi - lo) * (width - 1)
        if abs(steps - round(steps)) < 1e-9 and \
                abs(lo + (hi - lo) * round(steps) / (width - 1) - value) < 1e-12:
            return width
    for width in range(100, 120):
        steps = (value - lo) / (hi - lo) * (width - 1)
        if abs(steps - round(steps)) < 1e-9:
            return width
    return None


def _list_player(p: Patch, cls: Any, top: int, inputs: int) -> int:
    """One slider per input of a list-in object ([nr.ann]): moving any of them sends the
    whole list (through [pack], each slider also banging it) to the example's receiver.
    Returns the y below."""
    p.text(20, top, "play: move the inputs")
    top += 30
    step = 140
    xs = [20 + step * k for k in range(inputs)]
    width = step * (inputs - 1) + 7 if inputs > 1 else 60
    pack = p.obj(20, top + 70, "pack", *(["f"] * inputs),
                 width=max(3, (width - 4 + CHAR_W - 1) // CHAR_W))
    for k, x in enumerate(xs):
        slider = p.slider(x, top + 12, 0, 1, 0.5, width=121, label=f"input_{k + 1}")
        if k == 0:
            p.connect(slider, 0, pack, 0)
        else:
            both = p.obj(x, top + 37, "t", "b", "f")
            p.connect(slider, 0, both, 0)
            p.connect(both, 1, pack, k)
            p.connect(both, 0, pack, 0)
    send = p.obj(20, top + 100, "s", receiver(cls))
    p.connect(pack, 0, send, 0)
    return top + 121


def _controls(p: Patch, cls: Any, top: int, right: int, values: dict[str, Any]) -> int:
    """Sliders, number boxes and toggles for every menu parameter, each sending through a
    message box to the example's named receiver (no cord leaves the cell). Returns the y
    below them."""
    rcv = receiver(cls)
    cells = [param for param in cls.params()
             if param.menu and param.kind in ("float", "int", "bool")]
    if not cells:
        return top
    col_w = max(box_size(f"; {rcv} {param.name} $1", "msg")[0] for param in cells) + 16
    col_w = max(col_w, 150)
    columns = max(1, (right - 20) // col_w)
    p.text(20, top, "play: each control sends its parameter to the object")
    top += 30
    for n, param in enumerate(cells):
        row, column = divmod(n, columns)
        x, y = 20 + col_w * column, top + 120 * row
        unit = f" ({param.unit})" if param.unit else ""
        p.text(x, y, f"{param.name}{unit}")
        value = values.get(param.name, param.default)
        if param.kind == "bool":
            widget = p.toggle(x, y + 42, init=bool(value))
        else:
            lo = param.minimum if param.minimum is not None else -1e37
            hi = param.maximum if param.maximum is not None else 1e37
            widget = p.number(x, y + 42, lo, hi, float(value))
            span = _play_range(param) if param.kind == "float" else None
            if span is not None:
                width = _pixel_width(float(value), *span)
                slider = p.slider(x, y + 22, span[0], span[1],
                                  float(value) if width else None, width=width or 120)
                p.connect(slider, 0, widget, 0)
        box = p.msg(x, y + 70, f"; {rcv} {param.name} $1")
        p.connect(widget, 0, box, 0)
    rows = (len(cells) + columns - 1) // columns
    return top + 120 * rows


def _presets(p: Patch, cls: Any, top: int, right: int, values: dict[str, Any]) -> int:
    """Message boxes sent to the named receiver: the example's messages, every choice of
    every menu choice parameter, vector and matrix values, and the plain messages."""
    rcv = receiver(cls)
    texts: list[str] = list(cls.help_messages)
    for param in cls.params():
        if param.kind == "choice" and param.menu:
            texts += [f"{param.name} {choice}" for choice in param.choices]
        elif param.kind in ("vector", "matrix"):
            value = values.get(param.name, param.default)
            texts.append(f"{param.name} {' '.join(str(a) for a in _value_atoms(value))}")
    texts += [m.name for m in cls.messages if not m.args and m.name not in texts]
    if not texts:
        return top
    p.text(20, top, f"presets and messages, sent to [r {rcv}]:")
    top += 30
    x, y, row_h = 20, top, 0
    for text in texts:
        w, h = box_size(f"; {rcv} {text}", "msg")
        if x + w > right and x > 20:
            x, y, row_h = 20, y + row_h + 10, 0
        p.msg(x, y, f"; {rcv} {text}")
        x += w + 12
        row_h = max(row_h, h)
    return y + row_h


def _outputs(p: Patch, cls: Any, obj: int, x0: int, obj_bottom: int, width: int,
             outlets: Sequence[Any]) -> int:
    """Level meters, a volume-controlled [dac~] and printing behind a toggle; the y below."""
    from nrcore.hosts.pd import SIGNAL

    bottom = obj_bottom
    n = len(outlets)
    for k, port in enumerate(outlets):
        x = inlet_x(x0, width, k, n)
        if port.kind == SIGNAL and k == 0:
            volume = p.obj(84, obj_bottom + 15, "r", "$0-volume")
            ramp = p.msg(84, obj_bottom + 42, "$1 30")
            line = p.obj(84, obj_bottom + 70, "line~")
            gain = p.obj(x, obj_bottom + 100, "*~", width=10)
            dac = p.obj(x, obj_bottom + 130, "dac~")
            p.chain(volume, ramp, line)
            p.connect(line, 0, gain, 1)
            p.connect(obj, k, gain, 0)
            p.connect(gain, 0, dac, 0)
            p.connect(gain, 0, dac, 1)
            bottom = max(bottom, obj_bottom + 151)
        elif port.kind == SIGNAL:
            level = p.obj(x, obj_bottom + 15, "env~")
            meter = p.floatatom(x, obj_bottom + 45, 5, label=f"{port.label}_dB", position=1)
            p.connect(obj, k, level, 0)
            p.connect(level, 0, meter, 0)
            bottom = max(bottom, obj_bottom + 66)
        else:
            show = p.listbox(x + 130, obj_bottom + 45, 25)
            gate = p.obj(x, obj_bottom + 45, "spigot")
            toggle = p.toggle(x + 75, obj_bottom + 5, label="print")
            printer = p.obj(x, obj_bottom + 75, "print", f"{cls.name}-{port.label}")
            p.connect(obj, k, show, 0)
            p.connect(obj, k, gate, 0)
            p.connect(toggle, 0, gate, 1)
            p.connect(gate, 0, printer, 0)
            bottom = max(bottom, obj_bottom + 96)
    return bottom


def help_patch(cls: Any) -> Patch:
    """``<name>-help.pd`` for one adapter class, from its declarations."""
    from nrcore.hosts.pd import SIGNAL

    structure, param_atoms, options = cls.parse_arguments(cls.help_arguments)
    values = cls.help_values()
    inlets, outlets = cls.layout(structure, options)
    right = 900
    p = Patch(width=right + 20, height=700)
    # header: title, summary, the reference and the library, none overlapping
    tw, th = _title(p, 20, 12, cls)
    summary = f"- {cls.summary}"
    summary_chars = (620 - (35 + tw)) // CHAR_W
    p.text(35 + tw, 12, summary, width=summary_chars)
    ref = _reference(cls, structure, options)
    p.subpatch(650, 12, "reference", ref)
    p.text(650 + box_size("pd reference")[0] + 8, 12, "<= open")
    p._add(f"#X obj 650 44 declare -lib {LIBRARY};")
    p.declares.append(f"-lib {LIBRARY}")
    head = max(12 + th, 12 + box_size(summary, "text", summary_chars)[1], 65) + 8
    p._add(f"#X obj 7 {head} cnv 1 {right} 1 empty empty empty 8 12 0 13 #000000 #000000 0;")
    description = _clean(cls.description)
    p.text(20, head + 10, description, width=120)
    y = head + 10 + box_size(description, "text", 120)[1] + 20

    # DSP and volume, for objects with signals
    if any(port.kind == SIGNAL for port in (*inlets, *outlets)):
        dsp_toggle = p.toggle(20, y, label="DSP")
        dsp = p.msg(20, y + 25, "; pd dsp $1")
        p.connect(dsp_toggle, 0, dsp, 0)
        if any(port.kind == SIGNAL for port in outlets):
            p.slider(150, y + 10, 0, 1, 0.2, width=126, send="$0-volume", label="volume")
        y += 70

    # the example object, sources above its signal inlets, the receiver above its control
    signal_inlets = [k for k, port in enumerate(inlets) if port.kind == SIGNAL]
    sources = {k: cls.help_sources.get(k, _SOURCES[n % len(_SOURCES)])
               for n, k in enumerate(signal_inlets)}
    text = atoms_text([cls.name, *cls.help_arguments])
    spacing = max([_source_size(s)[0] for s in sources.values()] +
                  [box_size(f"r {receiver(cls)}")[0] if inlets and inlets[0].kind != SIGNAL
                   else 0]) + 15
    min_width = max(box_size(text)[0], 330 if cls.name != "nr.ann" else 360,
                    (len(inlets) - 1) * spacing + 7)
    chars = None
    if min_width > box_size(text)[0]:
        chars = (min_width - 4 + CHAR_W - 1) // CHAR_W
    width, height = box_size(text, "obj", chars)
    lift = max([_source_size(s)[1] for s in sources.values()] + [35])
    obj_y = y + lift
    obj = p.obj(20, obj_y, cls.name, *cls.help_arguments, width=chars)
    n_in = len(inlets)
    for k, port in enumerate(inlets):
        x = inlet_x(20, width, k, n_in)
        if port.kind == SIGNAL:
            box = _place_source(p, x, obj_y, sources[k])
        else:
            box = p.obj(x, obj_y - 30, "r", receiver(cls))
        p.connect(box, 0, obj, k)
    y = _outputs(p, cls, obj, 20, obj_y + height, width, outlets) + 30
    if cls.help_list_inputs:
        y = _list_player(p, cls, y, cls.help_list_inputs) + 20
    y = _controls(p, cls, y, right, values) + 20
    y = _presets(p, cls, y, right, values) + 30

    # see also, version
    p._add(f"#X obj 7 {y} cnv 1 {right} 1 empty empty empty 8 12 0 13 #000000 #000000 0;")
    y += 12
    from nrcore.hosts.pd import OBJECTS

    others = [c for name, c in OBJECTS.items() if name != cls.name]
    p.text(20, y, "see also:")
    x = 100
    for c in others:
        if c.loads_model:
            continue
        w = box_size(c.name)[0]
        p.obj(x, y, c.name)
        x += w + 15
    heavy = [c.name for c in others if c.loads_model]
    if heavy:
        note = "and (they load a model) " + " ".join(heavy)
        p.text(100, y + 30, note)
    y += 60
    note = (f"nrcore {__version__} - the same object loads in py4pd 1.x (messages then go to "
            f"the rightmost inlet); see README.md")
    p.text(20, y, note, width=120)
    p.height = y + 60
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
        y += box_size(f"{key} {value}", "text", 60)[1] + 10
    p = Patch(width=300, height=120)
    p.subpatch(10, 10, "META", meta)
    return p


# ------------------------------------------------------------------------------------------
# Example patches: the seeds, rebuilt with nrcore objects
# ------------------------------------------------------------------------------------------

def _example_header(p: Patch, title: str, text: str) -> int:
    """Title, description, the library and the DSP/volume controls; returns the y below."""
    # examples live in pd/examples: the library and the .pd_py files are one folder up
    p.declares.append(f"-path .. -lib {LIBRARY}")
    p.text(20, 12, title)
    declare = f"declare -path .. -lib {LIBRARY}"
    p._add(f"#X obj {p.width - 40 - box_size(declare)[0]} 12 {declare};")
    text = _clean(text)
    p.text(20, 45, text, width=110)
    y = 45 + box_size(text, "text", 110)[1] + 20
    toggle = p.toggle(20, y, label="DSP")
    dsp = p.msg(20, y + 25, "; pd dsp $1")
    p.connect(toggle, 0, dsp, 0)
    p.slider(150, y + 10, 0, 1, 0.2, width=126, send="$0-volume", label="volume")
    return y + 80


def _volume_out(p: Patch, source: int, outlet: int, x: int, y: int, chain_x: int,
                chain_y: int) -> int:
    """``source``'s outlet through the volume slider into both channels of [dac~]; the
    volume chain ([r $0-volume] -> ramp -> [line~]) is a column at ``chain_x`` from
    ``chain_y`` that must end above ``y``. Returns the y below the [dac~]."""
    volume = p.obj(chain_x, chain_y, "r", "$0-volume")
    ramp = p.msg(chain_x, chain_y + 27, "$1 30")
    line = p.obj(chain_x, chain_y + 55, "line~")
    gain = p.obj(x, y, "*~", width=10)
    dac = p.obj(x, y + 30, "dac~")
    p.chain(volume, ramp, line)
    p.connect(line, 0, gain, 1)
    p.connect(source, outlet, gain, 0)
    p.connect(gain, 0, dac, 0)
    p.connect(gain, 0, dac, 1)
    return y + 51


def _slider_cell(p: Patch, x: int, y: int, label: str, lo: float, hi: float, init: float,
                 message: str) -> None:
    """A labelled slider and number box (both starting at ``init`` exactly) whose value
    goes out through a message box ``message`` (``; receiver selector ... $1``). 118 pixels
    tall, no cord leaves it."""
    p.text(x, y, label)
    number = p.number(x, y + 42, lo, hi, init)
    width = _pixel_width(init, lo, hi)
    slider = p.slider(x, y + 22, lo, hi, init if width else None, width=width or 120)
    p.connect(slider, 0, number, 0)
    box = p.msg(x, y + 70, message)
    p.connect(number, 0, box, 0)


def _messages(p: Patch, rcv: str, texts: Sequence[str], x0: int, y: int, right: int,
              label: str) -> int:
    """A label, then message boxes ``; rcv text`` in rows; returns the y below them."""
    p.text(x0, y, label)
    y += 28
    x, row_h = x0, 0
    for text in texts:
        w, h = box_size(f"; {rcv} {text}", "msg")
        if x + w > right and x > x0:
            x, y, row_h = x0, y + row_h + 10, 0
        p.msg(x, y, f"; {rcv} {text}")
        x += w + 12
        row_h = max(row_h, h)
    return y + row_h


def example_neuron() -> Patch:
    """The Pd video: three signals mixed by one neuron, with bias, feedback and noise."""
    p = Patch(width=900, height=760)
    rcv = "neuron-example"
    y = _example_header(p, "One artificial neuron with feedback and noise",
                        "Three signals (the sound card's first input, a sawtooth and a "
                        "sine) are weighted, summed with a bias, the neuron's own output one "
                        "sample ago (feedback) and noise, and folded through the activation. "
                        "Move the weights and the feedback, try relu, and linear with "
                        "hardclip for plain mixing.")
    controls = [("weight 1", -2, 2, 0.8, "weights_at 0 $1"),
                ("weight 2", -2, 2, 0.5, "weights_at 1 $1"),
                ("weight 3", -2, 2, 0.3, "weights_at 2 $1"),
                ("bias", -1, 1, 0, "bias $1"),
                ("feedback", -2, 2, 0.4, "feedback $1"),
                ("noise", 0, 1, 0.05, "noise $1")]
    for k, (label, lo, hi, init, message) in enumerate(controls):
        _slider_cell(p, 20 + 280 * (k % 3), y + 120 * (k // 3), label, lo, hi, init,
                     f"; {rcv} {message}")
    y += 240
    y = _messages(p, rcv, [f"activation {name}" for name in
                           ("tanh", "relu", "hardclip", "linear", "sinefold", "softclip")],
                  20, y, 860, "activation:") + 30
    creation = ["nr.neuron~", 3, "-weights", 0.8, 0.5, 0.3, "-feedback", 0.4, "-noise", 0.05]
    text = atoms_text(creation)
    width = box_size(text)[0]
    obj_y = y + 35
    neuron = p.obj(20, obj_y, *creation)
    sources = [("adc~", 1), ("phasor~", 55), ("osc~", 165.5)]
    for k, source in enumerate(sources):
        box = p.obj(inlet_x(20, width, k, 4), obj_y - 30, *source)
        p.connect(box, 0, neuron, k)
    control = p.obj(inlet_x(20, width, 3, 4), obj_y - 30, "r", rcv)
    p.connect(control, 0, neuron, 3)
    bottom = obj_y + box_size(text)[1]
    level = p.obj(inlet_x(20, width, 1, 2), bottom + 15, "env~")
    fire = p.floatatom(inlet_x(20, width, 1, 2), bottom + 45, 5, label="fire_gate_dB",
                       position=1)
    p.connect(neuron, 1, level, 0)
    p.connect(level, 0, fire, 0)
    y = _volume_out(p, neuron, 0, 20, bottom + 100, 84, bottom + 15)
    p.height = y + 40
    return p


def example_dualneuron() -> Patch:
    """The joystick seed: X, Y, Z into the dual neuron; its outputs play a synth voice."""
    p = Patch(width=900, height=860)
    rcv = "joystick-example"
    y = _example_header(p, "The joystick and the dual neuron",
                        "Sliders stand in for the 3D joystick. X, Y and Z go into both "
                        "neurons, and each neuron's output feeds the other (cross_feedback): "
                        "below 1 the outputs follow the joystick, 1.25 to 2.5 they sing, "
                        "from 3 they turn chaotic. Neuron A sets the pitch of a sawtooth, "
                        "neuron B its filter.")
    _slider_cell(p, 20, y, "cross_feedback", 0, 8, 2, f"; {rcv} cross_feedback $1")
    _messages(p, rcv, ["coupling opposed", "coupling mutual", "reset"], 300, y, 860,
              "coupling:")
    y += 140
    creation = ["nr.dualneuron~", "-cross_feedback", 2]
    chars = 57
    width, height = box_size(atoms_text(creation), "obj", chars)
    obj_y = y + 100
    dual = p.obj(20, obj_y, *creation, width=chars)
    for k, axis in enumerate("XYZ"):
        x = inlet_x(20, width, k, 4)
        slider = p.slider(x, obj_y - 85, -1, 1, 0, width=101, label=f"joystick_{axis}")
        ramp = p.msg(x, obj_y - 62, "$1 20")
        line = p.obj(x, obj_y - 35, "line~")
        p.chain(slider, ramp, line)
        p.connect(line, 0, dual, k)
    control = p.obj(inlet_x(20, width, 3, 4), obj_y - 30, "r", rcv)
    p.connect(control, 0, dual, 3)
    bottom = obj_y + height
    b_x = inlet_x(20, width, 1, 2)
    pitch = p.obj(20, bottom + 25, "*~", 150)
    pitch_offset = p.obj(20, bottom + 55, "+~", 220)
    saw = p.obj(20, bottom + 85, "phasor~")
    centre = p.obj(b_x, bottom + 25, "*~", 1200)
    centre_offset = p.obj(b_x, bottom + 55, "+~", 1500)
    filt = p.obj(200, bottom + 125, "vcf~", 4)
    p.chain(pitch, pitch_offset, saw)
    p.connect(dual, 0, pitch, 0)
    p.connect(dual, 1, centre, 0)
    p.connect(centre, 0, centre_offset, 0)
    p.connect(saw, 0, filt, 0)
    p.connect(centre_offset, 0, filt, 1)
    p.text(90, bottom + 25, "A: pitch")
    p.text(b_x + 80, bottom + 25, "B: filter")
    y = _volume_out(p, filt, 0, 200, bottom + 175, b_x + 80, bottom + 60)
    p.height = y + 40
    return p


def _learning_signals() -> Patch:
    """[pd signals]: the three inputs and the target, as four signal outlets."""
    s = Patch(width=600, height=420, x=80, y=80)
    s.text(20, 10, "sine, wobbling triangle, sawtooth, and the target (reachable: a mix "
                   "of the three, unreachable: a sine at 277 Hz)", width=80)
    top = 60
    sine = s.obj(20, top + 225, "osc~", 220)
    tri = [s.obj(124, top + 25 * k, *atoms) for k, atoms in enumerate(
        (("osc~", 0.5), ("*~", 9.9), ("+~", 330), ("phasor~",), ("+~", 0.25), ("wrap~",),
         ("-~", 0.5), ("abs~",), ("*~", -4), ("+~", 1)))]
    s.chain(*tri)
    saw = [s.obj(228, top + 175 + 25 * k, *atoms) for k, atoms in enumerate(
        (("phasor~", 110), ("*~", 2), ("-~", 1)))]
    s.chain(*saw)
    odd = s.obj(332, top + 200, "osc~", 277)
    odd_gain = s.obj(332, top + 225, "*~", 0.8)
    s.chain(odd, odd_gain)
    choose = s.obj(436, top + 225, "r", "learning-target")
    row = top + 255
    outs = [s.obj(60, row, "outlet~"), s.obj(164, row, "outlet~"), s.obj(268, row, "outlet~")]
    target = s.obj(20, row + 40, "expr~", "if($f5, $v4, tanh(0.9*$v1 - 0.6*$v2 + 0.4*$v3 + 0.1))")
    target_out = s.obj(520, row + 80, "outlet~")
    for k, end in enumerate((sine, tri[-1], saw[-1])):
        s.connect(end, 0, outs[k], 0)
        s.connect(end, 0, target, k)
    s.connect(odd_gain, 0, target, 3)
    s.connect(choose, 0, target, 4)
    s.connect(target, 0, target_out, 0)
    return s


def example_learning() -> Patch:
    """The "machine learning fail" seed: learning a reachable target, failing on another."""
    p = Patch(width=900, height=820)
    rcv = "learning-example"
    y = _example_header(p, "A neuron learning a target waveform - and failing",
                        "A sine, a wobbling triangle and a sawtooth go into a learning neuron. "
                        "The reachable target is tanh(0.9 sine - 0.6 triangle + 0.4 saw + "
                        "0.1): the weights move to 0.9, -0.6, 0.4 and the error falls silent. "
                        "The unreachable target, a sine at 277 Hz, is in none of the inputs: "
                        "the neuron keeps searching and the error stays loud.")
    p.toggle(20, y, send="learning-target", label="unreachable_target")
    y = _messages(p, rcv, ["mu 0.05", "mu 0.5", "algorithm nlms", "algorithm lms",
                           "algorithm sign_error", "freeze 1", "freeze 0", "reset"],
                  20, y + 35, 860, "learning:") + 40
    creation = ["nr.learn~", 3, "-mu", 0.5, "-report", 100]
    chars = 57
    width, height = box_size(atoms_text(creation), "obj", chars)
    obj_y = y + 70
    signals = p.subpatch(20, y, "signals", _learning_signals())
    learner = p.obj(20, obj_y, *creation, width=chars)
    for k in range(4):
        p.connect(signals, k, learner, k)
    control = p.obj(inlet_x(20, width, 4, 5), obj_y - 30, "r", rcv)
    p.connect(control, 0, learner, 4)
    bottom = obj_y + height
    error_x = inlet_x(20, width, 1, 3)
    level = p.obj(error_x, bottom + 15, "env~")
    error_db = p.floatatom(error_x, bottom + 45, 5, label="error_dB", position=1)
    p.connect(learner, 1, level, 0)
    p.connect(level, 0, error_db, 0)
    weights_x = inlet_x(20, width, 2, 3)
    weights = p.obj(weights_x, bottom + 15, "unpack", "f", "f", "f", "f")
    p.connect(learner, 2, weights, 0)
    for k, label in enumerate(("w_sine", "w_triangle", "w_saw", "bias")):
        box = p.floatatom(weights_x + 85 * k, bottom + 60, 6, label=label, position=3)
        p.connect(weights, k, box, 0)
    y = _volume_out(p, learner, 0, 20, bottom + 100, 84, bottom + 15)
    p.text(110, y - 21, "the neuron's output")
    p.height = y + 40
    return p


def example_neurorack() -> Patch:
    """The Neurorack: a clock on gate 1, a toggle on gate 2, four CV sliders in volts."""
    p = Patch(width=900, height=720)
    rcv = "neurorack-example"
    y = _example_header(p, "The Neurorack",
                        "A metro plays gate 1 (a 5 V pulse of 50 ms), the freeze toggle holds "
                        "gate 2, and the sliders are the four CVs in volts: CV1 morphs the sound "
                        "from preset F1 to F2, CV2 scrubs back through recent frames, CV3 "
                        "makes it louder and brighter, CV4 varies each hit.")
    from nrcore.hosts.pd import RackObject

    modes = RackObject.processor_class().param("interpolation").choices
    y = _messages(p, rcv, ["trigger", "volume 1", "volume 0.5", "freeze_ms 50",
                           "freeze_ms 100", *[f"interpolation {mode}" for mode in modes]],
                  20, y, 860, "messages:") + 40
    width, height = box_size("nr.rack~ -vae vae_small", "obj", 100)
    obj_y = y + 110
    rack = p.obj(20, obj_y, "nr.rack~", "-vae", "vae_small", width=100)
    x0 = inlet_x(20, width, 0, 7)
    clock = p.toggle(x0, obj_y - 105, label="clock")
    metro = p.obj(x0, obj_y - 80, "metro", 600)
    pulse = p.msg(x0, obj_y - 55, "5, 0 0 50")
    gate1 = p.obj(x0, obj_y - 30, "vline~")
    p.chain(clock, metro, pulse, gate1)
    p.connect(gate1, 0, rack, 0)
    x1 = inlet_x(20, width, 1, 7)
    freeze = p.toggle(x1, obj_y - 85, label="freeze")
    volts = p.obj(x1, obj_y - 57, "*", 5)
    gate2 = p.obj(x1, obj_y - 30, "sig~")
    p.chain(freeze, volts, gate2)
    p.connect(gate2, 0, rack, 1)
    for k, (label, lo, hi) in enumerate((("CV1_morph", -5, 5), ("CV2_scrub", 0, 5),
                                         ("CV3_level", -5, 5), ("CV4_vary", 0, 5))):
        x = inlet_x(20, width, 2 + k, 7)
        slider = p.slider(x, obj_y - 85, lo, hi, 0, width=101, label=label)
        ramp = p.msg(x, obj_y - 62, "$1 20")
        line = p.obj(x, obj_y - 35, "line~")
        p.chain(slider, ramp, line)
        p.connect(line, 0, rack, 2 + k)
    control = p.obj(inlet_x(20, width, 6, 7), obj_y - 30, "r", rcv)
    p.connect(control, 0, rack, 6)
    bottom = obj_y + height
    y = _volume_out(p, rack, 0, 20, bottom + 100, 84, bottom + 15)
    p.height = y + 40
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
