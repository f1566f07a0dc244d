"""Where Pd 0.53 draws each box of a patch file, from the patch text and Pd's font metrics.

Written from Pd's drawing rules (g_rtext.c, g_text.c, the iemgui files), independent of the
patch generator: a box's text wraps at 60 characters (or its ``, f N`` width) at the last
space, each character is one cell of the font's fixed-width grid (font 12: 7 x 16 pixels),
boxes add 2 + 2 pixels left/right and 3 + 2 top/bottom; inlets and outlets are 7 pixels wide
and spread evenly over the box's width; a cord is a straight line from the middle of an
outlet on the box's bottom edge to the middle of an inlet on the top edge. IEM GUIs take their
declared size, plus their label drawn in their label font.

:func:`problems` lists every pair of overlapping boxes and every cord that passes through a
box other than its two ends, for one canvas and each of its subpatches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

# Pd 0.53 sys_fontspec: point size -> (character width, line height) in pixels
FONTS = {8: (5, 11), 10: (6, 13), 12: (7, 16), 16: (10, 19), 24: (14, 29), 36: (22, 44)}
BOXWIDTH = 60  # characters before an object, message or comment wraps
IOWIDTH = 7
LMARGIN, RMARGIN, TMARGIN, BMARGIN = 2, 2, 3, 2
MESSAGE_FLAG = 4  # the message box's flag on its right edge

# (inlets, outlets) of the vanilla objects the generated patches connect
VANILLA_PORTS = {
    "osc~": (2, 1), "phasor~": (2, 1), "noise~": (1, 1), "sig~": (1, 1), "*~": (2, 1),
    "+~": (2, 1), "-~": (2, 1), "env~": (1, 1), "dac~": (2, 0), "adc~": (1, 2),
    "line~": (2, 1), "loadbang": (1, 1), "metro": (2, 1), "t": None, "delay": (2, 1),
    "*": (2, 1), "==": (2, 1), "spigot": (2, 1), "print": (1, 0), "r": (0, 1),
    "s": (1, 0), "receive": (0, 1), "send": (1, 0), "unpack": None, "expr~": None,
    "wrap~": (1, 1), "abs~": (1, 1), "vcf~": (3, 2), "clip~": (3, 1), "hip~": (2, 1),
    "lop~": (2, 1), "tabplay~": (1, 2), "soundfiler": (1, 2), "readsf~": (2, 2),
    "declare": (0, 0), "inlet": (0, 1), "outlet": (1, 0), "snapshot~": (1, 1),
    "list": None, "route": None, "f": (2, 1), "+": (2, 1), "moses": (2, 2), "sel": None,
    "switch~": (1, 0), "block~": (1, 0), "noise": (1, 1), "outlet~": (1, 0),
    "inlet~": (1, 1), "vline~": (3, 1),
}


@dataclass
class Box:
    index: int
    kind: str            # obj, msg, text, floatatom, listbox, symbolatom, or the IEM class
    x1: int
    y1: int
    x2: int
    y2: int
    text: str = ""
    atoms: list[str] = field(default_factory=list)
    decoration: bool = False   # [cnv]: a background, allowed under boxes
    inner: "Canvas | None" = None  # a subpatch's canvas
    extra: list[tuple[int, int, int, int]] = field(default_factory=list)  # labels

    def rects(self) -> list[tuple[int, int, int, int]]:
        return [(self.x1, self.y1, self.x2, self.y2)] + self.extra


@dataclass
class Canvas:
    name: str
    font: int
    boxes: list[Box] = field(default_factory=list)
    connections: list[tuple[int, int, int, int]] = field(default_factory=list)
    children: list["Canvas"] = field(default_factory=list)


def _unescape(atom: str) -> str:
    return re.sub(r"\\(.)", r"\1", atom)


def _atoms(body: str) -> list[str]:
    """Split a patch line's body into atoms; an escaped ``\\;`` or ``\\,`` stays one atom."""
    return [a for a in re.split(r"(?<!\\) ", body.strip()) if a]


def wrap(text_atoms: Sequence[str], limit: int) -> list[str]:
    """Lines as Pd's rtext breaks them: atoms joined by spaces (``;`` ends a line in message
    boxes and comments), each line broken at the last space before ``limit`` characters, or
    hard at ``limit`` when a word is longer."""
    text = ""
    for atom in text_atoms:
        word = _unescape(atom)
        if word == ";":
            text = text.rstrip(" ") + ";\n"
        elif word == ",":
            text = text.rstrip(" ") + ", "
        else:
            text += word + " "
    lines = []
    for para in text.rstrip(" ").split("\n"):
        para = para.strip(" ")
        while len(para) > limit:
            cut = para.rfind(" ", 0, limit + 1)
            if cut <= 0:
                cut = limit
            lines.append(para[:cut].rstrip(" "))
            para = para[cut:].lstrip(" ")
        lines.append(para)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines or [""]


def _text_box(kind: str, index: int, x: int, y: int, atoms: list[str], width: int,
              font: int) -> Box:
    cw, lh = FONTS[font]
    lines = wrap(atoms, width or BOXWIDTH)
    cols = width or max(len(line) for line in lines)
    if kind == "obj":
        cols = max(cols, 3)
    w = cols * cw + LMARGIN + RMARGIN + (MESSAGE_FLAG if kind == "msg" else 0)
    h = len(lines) * lh + TMARGIN + BMARGIN
    return Box(index, kind, x, y, x + w, y + h, " ".join(_unescape(a) for a in atoms), atoms)


def _label_rect(x: int, y: int, dx: int, dy: int, label: str, size: int
                ) -> tuple[int, int, int, int] | None:
    if label in ("empty", ""):
        return None
    cw = max(1, round(size * 0.6))
    text = _unescape(label)
    return (x + dx, y + dy - size // 2 - 1, x + dx + cw * len(text), y + dy + size // 2 + 1)


def _iem(index: int, cls: str, x: int, y: int, a: list[str]) -> Box:
    if cls in ("hsl", "vsl"):
        w, h = int(a[0]), int(a[1])
        box = Box(index, cls, x, y, x + w, y + h, cls, a)
        label, dx, dy, size = a[8], int(a[9]), int(a[10]), int(a[12])
    elif cls == "tgl":
        s = int(a[0])
        box = Box(index, cls, x, y, x + s, y + s, cls, a)
        label, dx, dy, size = a[4], int(a[5]), int(a[6]), int(a[8])
    elif cls == "bng":
        s = int(a[0])
        box = Box(index, cls, x, y, x + s, y + s, cls, a)
        label, dx, dy, size = a[6], int(a[7]), int(a[8]), int(a[10])
    elif cls == "cnv":
        w, h = int(a[1]), int(a[2])
        box = Box(index, cls, x, y, x + w, y + h, cls, a, decoration=True)
        return box
    elif cls == "nbx":
        digits, h = int(a[0]), int(a[1])
        w = digits * max(1, round(int(a[12]) * 0.6)) + h // 2 + 4
        box = Box(index, cls, x, y, x + w, y + h, cls, a)
        label, dx, dy, size = a[8], int(a[9]), int(a[10]), int(a[12])
    else:
        raise ValueError(f"IEM GUI {cls} is not modelled")
    rect = _label_rect(x, y, dx, dy, label, size)
    if rect:
        box.extra.append(rect)
    return box


def _atom_box(index: int, kind: str, x: int, y: int, a: list[str], font: int) -> Box:
    cw, lh = FONTS[font]
    width = int(a[0]) or 5
    w, h = width * cw + 2 * LMARGIN + 1, lh + TMARGIN + BMARGIN
    box = Box(index, kind, x, y, x + w, y + h, kind, a)
    flag, label = int(a[3]), a[4]
    if label not in ("-", "empty"):
        text = _unescape(label)
        lw = len(text) * cw
        if flag == 0:      # left
            box.extra.append((x - lw - 3, y, x - 3, y + h))
        elif flag == 1:    # right
            box.extra.append((x + w + 3, y, x + w + 3 + lw, y + h))
        elif flag == 2:    # top
            box.extra.append((x, y - lh - 1, x + lw, y - 1))
        else:              # bottom
            box.extra.append((x, y + h + 1, x + lw, y + h + lh + 1))
    return box


def parse(text: str) -> Canvas:
    """The top canvas of a patch file, with its subpatches as children."""
    # join continuation lines: records end with an unescaped ';' at the end of a line
    records = [r.strip() for r in re.split(r"(?<!\\);\s*\n", text) if r.strip()]
    stack: list[Canvas] = []
    root: Canvas | None = None
    for record in records:
        record = record.rstrip(";")
        fields = _atoms(record)
        if fields[:2] == ["#N", "canvas"]:
            font = int(fields[6]) if len(fields) == 7 and root is None else (
                stack[-1].font if stack else 12)
            name = fields[6] if len(fields) > 7 or (root is not None) else "(top)"
            canvas = Canvas(name, font)
            if root is None:
                root = canvas
            else:
                stack[-1].children.append(canvas)
            stack.append(canvas)
            continue
        if not stack or fields[0] != "#X":
            continue
        canvas = stack[-1]
        kind = fields[1]
        index = len(canvas.boxes)
        width = 0
        match = re.search(r"(?<!\\), f (\d+)$", record)
        if match:  # a box width set in the editor: ", f N" (an unescaped comma)
            width = int(match.group(1))
            fields = _atoms(record[:match.start()])
        if kind == "restore":
            finished = stack.pop()
            parent = stack[-1]
            x, y = int(fields[2]), int(fields[3])
            atoms = fields[4:]
            if atoms and atoms[0] == "graph":
                # a graph: its size comes from its #X coords line
                box = Box(len(parent.boxes), "graph", x, y, x + 200, y + 140, "graph", atoms)
                coords = getattr(finished, "_coords", None)
                if coords:
                    box.x2, box.y2 = x + coords[0], y + coords[1]
            else:
                # Pd 0.53 draws a subpatch box at its text's width, whatever ", f N" says
                box = _text_box("obj", len(parent.boxes), x, y, atoms, 0, parent.font)
                box.inner = finished
            parent.boxes.append(box)
            continue
        if kind == "coords":
            canvas._coords = (int(float(fields[6])), int(float(fields[7])))  # type: ignore
            continue
        if kind in ("connect",):
            canvas.connections.append(tuple(int(v) for v in fields[2:6]))  # type: ignore
            continue
        if kind in ("declare", "array", "f"):
            continue
        x, y = int(fields[2]), int(fields[3])
        body = fields[4:]
        if kind in ("obj", "msg", "text"):
            if kind == "obj" and body and body[0] in ("hsl", "vsl", "tgl", "bng", "cnv", "nbx"):
                canvas.boxes.append(_iem(index, body[0], x, y, body[1:]))
            else:
                canvas.boxes.append(_text_box(kind, index, x, y, body, width, canvas.font))
        elif kind in ("floatatom", "listbox", "symbolatom"):
            canvas.boxes.append(_atom_box(index, kind, x, y, body, canvas.font))
        else:
            raise ValueError(f"patch line #X {kind} is not modelled")
    assert root is not None
    return root


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _segment_hits(p: tuple[float, float], q: tuple[float, float],
                  r: tuple[int, int, int, int]) -> bool:
    """Does the segment p-q pass through the inside of rectangle r (Liang-Barsky)?"""
    x1, y1, x2, y2 = r[0] + 0.5, r[1] + 0.5, r[2] - 0.5, r[3] - 0.5
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, p[0] - x1), (dx, x2 - p[0]), (-dy, p[1] - y1), (dy, y2 - p[1])):
        if pk == 0:
            if qk < 0:
                return False
        else:
            t = qk / pk
            if pk < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def ports(box: Box, nrcore_ports: dict[str, tuple[int, int]] | None = None
          ) -> tuple[int, int]:
    """(inlets, outlets) of a box."""
    if box.kind in ("msg", "floatatom", "listbox", "symbolatom", "hsl", "vsl", "tgl", "bng",
                    "nbx"):
        return 1, 1
    if box.kind != "obj" or not box.atoms:
        return 0, 0
    name = _unescape(box.atoms[0])
    if nrcore_ports and box.text in nrcore_ports:
        return nrcore_ports[box.text]
    if name.startswith("nr."):
        return nrcore_object_ports(box.atoms)
    if name == "pd":
        inner = box.inner.boxes if box.inner else []
        names = [b.atoms[0] for b in inner if b.kind == "obj" and b.atoms]
        return (sum(n in ("inlet", "inlet~") for n in names),
                sum(n in ("outlet", "outlet~") for n in names))
    if name in ("t", "trigger"):
        return 1, len(box.atoms) - 1
    if name == "unpack":
        return 1, max(2, len(box.atoms) - 1)
    if name == "pack":
        return max(2, len(box.atoms) - 1), 1
    if name == "list":
        return 2, 1
    if name == "expr~":
        return box.text.count("$v") and max(int(m) for m in re.findall(r"\$[vf](\d)",
                                                                          box.text)), 1
    if name in VANILLA_PORTS and VANILLA_PORTS[name]:
        return VANILLA_PORTS[name]  # type: ignore[return-value]
    raise KeyError(f"ports of [{box.text}] are not known")


def nrcore_object_ports(atoms: Sequence[str]) -> tuple[int, int]:
    """(inlets, outlets) of an nrcore object box, from its adapter's layout."""
    from nrcore.hosts.pd import OBJECTS

    def atom(text: str) -> object:
        try:
            return float(text)
        except ValueError:
            return _unescape(text)

    cls = OBJECTS[_unescape(atoms[0])]
    structure, _, options = cls.parse_arguments([atom(a) for a in atoms[1:]])
    inlets, outlets = cls.layout(structure, options)
    return len(inlets), len(outlets)


def _port_x(box: Box, k: int, n: int) -> float:
    width = box.x2 - box.x1 - (MESSAGE_FLAG if box.kind == "msg" else 0)
    if n <= 1:
        return box.x1 + IOWIDTH / 2
    return box.x1 + (width - IOWIDTH) * k / (n - 1) + IOWIDTH / 2


def problems(canvas: Canvas, nrcore_ports: dict[str, tuple[int, int]] | None = None,
             where: str = "") -> list[str]:
    """Overlapping boxes and cords through boxes, in this canvas and its subpatches."""
    found = []
    here = f"{where}/{canvas.name}" if where else canvas.name
    solid = [b for b in canvas.boxes if not b.decoration]
    for i, a in enumerate(solid):
        for b in solid[i + 1:]:
            if any(_overlap(ra, rb) for ra in a.rects() for rb in b.rects()):
                found.append(f"{here}: [{a.text}] ({a.x1},{a.y1}) overlaps [{b.text}] "
                             f"({b.x1},{b.y1})")
    for src, outlet, sink, inlet in canvas.connections:
        a, b = canvas.boxes[src], canvas.boxes[sink]
        n_out = ports(a, nrcore_ports)[1]
        n_in = ports(b, nrcore_ports)[0]
        start = (_port_x(a, outlet, n_out), a.y2)
        end = (_port_x(b, inlet, n_in), b.y1)
        for other in solid:
            if other.index in (src, sink):
                continue
            if any(_segment_hits(start, end, r) for r in other.rects()):
                found.append(f"{here}: the cord [{a.text}] {outlet} -> [{b.text}] {inlet} "
                             f"passes through [{other.text}]")
        # a cord through its own ends' labels or text is fine; one going up is hard to read
        if end[1] < start[1] - 2:
            found.append(f"{here}: the cord [{a.text}] {outlet} -> [{b.text}] {inlet} runs "
                         f"upwards")
    for child in canvas.children:
        found += problems(child, nrcore_ports, here)
    return found
