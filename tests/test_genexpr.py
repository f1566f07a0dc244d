"""An executable reference of the GenExpr subset nrcore emits (``nrcore.hosts.max.gen``), and
tests of it. Max cannot run here, so the generated gen~ code is run by this translator
(GenExpr -> a Python function per sample) and compared with the kernels in
``test_gen_kernels.py``.

Written from Cycling '74's GenExpr documentation (the gen~ operators and GenExpr pages of the
Max user guide), for exactly this subset:

* declarations: ``Param name(default, min=a, max=b);`` (a value set from outside is clamped
  to [min, max]; it starts at the default), ``History name(init);`` (a value kept from one
  sample to the next; in a codebox it is updated by assigning to its name), ``Delay
  name(size);`` with ``name.read(t, interp="none")`` (the value written ``t`` samples ago, t
  in [1, size - 1]) and ``name.write(x)`` (one write per sample);
* statements: ``name = expr;``, ``if (expr) { ... } else { ... }``, ``outN = expr;``;
* expressions: numbers, ``inN``, ``samplerate``, ``pi``, names, ``+ - * /``, comparisons
  (1 or 0), ``&& || !``, ``c ? a : b``, and the operators ``abs clamp min max floor sqrt exp
  tanh sin cos fixnan noise``; ``exp`` overflows to infinity as in C.

Stricter than gen~ on purpose, so the emitted code means the same under any reading of the
rules: a variable must be assigned at the top level before a block assigns it (GenExpr block
scoping), a History may not be read after it was assigned in the same sample, a Delay must be
read before it is written, and a division by zero is an error (the code must never rely on
what gen~ returns for it).
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable

import numpy as np
import pytest

TOKEN = re.compile(r"\s*(?:(//[^\n]*)|(\d+\.\d*(?:[eE][-+]?\d+)?|\d*\.\d+(?:[eE][-+]?\d+)?|"
                   r"\d+(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(\"[^\"]*\")|"
                   r"(<=|>=|==|!=|&&|\|\||[-+*/<>=!?:;(){},.]))")
FUNCTIONS = {"abs": 1, "clamp": 3, "min": 2, "max": 2, "floor": 1, "sqrt": 1, "exp": 1,
             "tanh": 1, "sin": 1, "cos": 1, "fixnan": 1, "noise": 0}


class GenExprError(ValueError):
    pass


def tokenize(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            if text[pos:].strip() == "":
                break
            raise GenExprError(f"cannot read {text[pos:pos + 20]!r}")
        pos = m.end()
        comment, number, name, string, op = m.groups()
        if comment:
            continue
        if number:
            out.append(("num", number))
        elif name:
            out.append(("name", name))
        elif string:
            out.append(("str", string))
        elif op:
            out.append(("op", op))
    return out


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _div(a: float, b: float) -> float:
    if b == 0.0:
        raise GenExprError("division by zero")
    return a / b


RUNTIME = {"_exp": _exp, "_div": _div, "_tanh": math.tanh, "_sin": math.sin, "_cos": math.cos,
           "_floor": lambda x: float(math.floor(x)), "_sqrt": math.sqrt,
           "_fixnan": lambda x: 0.0 if x != x else x,
           "_clamp": lambda x, lo, hi: min(max(x, lo), hi), "_min": min, "_max": max,
           "_abs": abs, "_pi": math.pi}


class Program:
    """A parsed and translated GenExpr program: ``run(inputs) -> outputs`` sample by sample."""

    def __init__(self, text: str, sample_rate: float, noise: Callable[[], float] | None = None
                 ) -> None:
        self.tokens = tokenize(text)
        self.i = 0
        self.params: dict[str, list[float]] = {}     # name -> [value, min, max]
        self.history: dict[str, float] = {}
        self.history_init: dict[str, float] = {}
        self.delays: dict[str, tuple[int, list[float]]] = {}
        self.inputs = 0
        self.outputs = 0
        self.sample_rate = float(sample_rate)
        self.noise = noise or (lambda: 0.0)
        self._top_vars: set[str] = set()
        self._written_history: set[str] = set()
        self._written_delay: set[str] = set()
        body: list[str] = []
        while self.i < len(self.tokens):
            if self._peek() in (("name", "Param"), ("name", "History"), ("name", "Delay")):
                self._declaration()
            else:
                body += self._statement(0, top=True)
        source = "def _step(P, H, D, ins, outs, SR, _noise):\n"
        source += "".join("    " + line + "\n" for line in body) or "    pass\n"
        scope = dict(RUNTIME)
        exec(compile(source, "<genexpr>", "exec"), scope)
        self._step = scope["_step"]
        self.source = source
        self.write_pos = {name: 0 for name in self.delays}

    # -- parsing -------------------------------------------------------------------------------
    def _peek(self, k: int = 0) -> tuple[str, str] | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def _take(self, kind: str | None = None, value: str | None = None) -> str:
        token = self._peek()
        if token is None or (kind and token[0] != kind) or (value and token[1] != value):
            raise GenExprError(f"expected {value or kind}, got {token} at token {self.i}")
        self.i += 1
        return token[1]

    def _number(self) -> float:
        sign = -1.0 if self._peek() == ("op", "-") else 1.0
        if sign < 0:
            self.i += 1
        return sign * float(self._take("num"))

    def _declaration(self) -> None:
        kind = self._take("name")
        name = self._take("name")
        self._take("op", "(")
        value = self._number()
        options = {}
        while self._peek() == ("op", ","):
            self.i += 1
            key = self._take("name")
            self._take("op", "=")
            options[key] = self._number()
        self._take("op", ")")
        self._take("op", ";")
        if name in self.params or name in self.history or name in self.delays:
            raise GenExprError(f"{name} declared twice")
        if kind == "Param":
            lo, hi = options.get("min", -math.inf), options.get("max", math.inf)
            self.params[name] = [min(max(value, lo), hi), lo, hi]
        elif kind == "History":
            self.history[name] = self.history_init[name] = value
        else:
            size = int(value)
            self.delays[name] = (size, [0.0] * size)

    def _statement(self, depth: int, top: bool = False) -> list[str]:
        pad = "    " * depth
        token = self._peek()
        if token == ("name", "if"):
            self.i += 1
            self._take("op", "(")
            condition = self._expression()
            self._take("op", ")")
            lines = [f"{pad}if ({condition}) != 0.0:"] + self._block(depth + 1)
            if self._peek() == ("name", "else"):
                self.i += 1
                lines += [f"{pad}else:"] + self._block(depth + 1)
            return lines
        name = self._take("name")
        if self._peek() == ("op", "."):
            self.i += 1
            method = self._take("name")
            if name not in self.delays or method != "write":
                raise GenExprError(f"{name}.{method}: only Delay.write is a statement")
            if name in self._written_delay:
                raise GenExprError(f"{name} written twice in one sample")
            self._written_delay.add(name)
            self._take("op", "(")
            value = self._expression()
            self._take("op", ")")
            self._take("op", ";")
            return [f"{pad}D[{name!r}].append({value})"]
        self._take("op", "=")
        value = self._expression()
        self._take("op", ";")
        if name in self.params:
            raise GenExprError(f"a Param ({name}) cannot be assigned")
        m = re.fullmatch(r"out(\d+)", name)
        if m:
            self.outputs = max(self.outputs, int(m.group(1)))
            return [f"{pad}outs[{int(m.group(1)) - 1}] = {value}"]
        if name in self.history:
            self._written_history.add(name)
            return [f"{pad}H[{name!r}] = {value}"]
        if top:
            self._top_vars.add(name)
        elif name not in self._top_vars:
            raise GenExprError(f"{name} is first assigned inside a block (block scoping)")
        return [f"{pad}v_{name} = {value}"]

    def _block(self, depth: int) -> list[str]:
        self._take("op", "{")
        lines: list[str] = []
        while self._peek() != ("op", "}"):
            lines += self._statement(depth)
        self._take("op", "}")
        return lines or ["    " * depth + "pass"]

    def _expression(self) -> str:
        condition = self._binary(0)
        if self._peek() == ("op", "?"):
            self.i += 1
            a = self._expression()
            self._take("op", ":")
            b = self._expression()
            return f"(({a}) if ({condition}) != 0.0 else ({b}))"
        return condition

    LEVELS = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/")]

    def _binary(self, level: int) -> str:
        if level == len(self.LEVELS):
            return self._unary()
        left = self._binary(level + 1)
        while self._peek() in [("op", o) for o in self.LEVELS[level]]:
            op = self._take("op")
            right = self._binary(level + 1)
            if op == "||":
                left = f"(1.0 if (({left}) != 0.0 or ({right}) != 0.0) else 0.0)"
            elif op == "&&":
                left = f"(1.0 if (({left}) != 0.0 and ({right}) != 0.0) else 0.0)"
            elif op in ("==", "!=", "<", ">", "<=", ">="):
                left = f"(1.0 if ({left}) {op} ({right}) else 0.0)"
            elif op == "/":
                left = f"_div({left}, {right})"
            else:
                left = f"({left} {op} {right})"
        return left

    def _unary(self) -> str:
        if self._peek() == ("op", "-"):
            self.i += 1
            return f"(-{self._unary()})"
        if self._peek() == ("op", "!"):
            self.i += 1
            return f"(1.0 if ({self._unary()}) == 0.0 else 0.0)"
        return self._primary()

    def _primary(self) -> str:
        token = self._peek()
        if token == ("op", "("):
            self.i += 1
            inner = self._expression()
            self._take("op", ")")
            return f"({inner})"
        if token is not None and token[0] == "num":
            self.i += 1
            return repr(float(token[1]))
        name = self._take("name")
        if self._peek() == ("op", "."):
            self.i += 1
            method = self._take("name")
            if name not in self.delays or method != "read":
                raise GenExprError(f"{name}.{method}: only Delay.read is an expression")
            if name in self._written_delay:
                raise GenExprError(f"{name} read after its write")
            self._take("op", "(")
            time = self._expression()
            self._take("op", ",")
            self._take("name", "interp")
            self._take("op", "=")
            if self._take("str") != '"none"':
                raise GenExprError("only interp=\"none\" is in the subset")
            self._take("op", ")")
            return f"D[{name!r}].read({time})"
        if self._peek() == ("op", "("):
            if name not in FUNCTIONS:
                raise GenExprError(f"{name}() is not in the subset")
            self.i += 1
            args = []
            while self._peek() != ("op", ")"):
                args.append(self._expression())
                if self._peek() == ("op", ","):
                    self.i += 1
            self._take("op", ")")
            if len(args) != FUNCTIONS[name]:
                raise GenExprError(f"{name} takes {FUNCTIONS[name]} arguments")
            return "_noise()" if name == "noise" else f"_{name}({', '.join(args)})"
        m = re.fullmatch(r"in(\d+)", name)
        if m:
            self.inputs = max(self.inputs, int(m.group(1)))
            return f"ins[{int(m.group(1)) - 1}]"
        if name == "samplerate":
            return "SR"
        if name == "pi":
            return "_pi"
        if name in self.params:
            return f"P[{name!r}]"
        if name in self.history:
            if name in self._written_history:
                raise GenExprError(f"History {name} read after its assignment")
            return f"H[{name!r}]"
        if name not in self._top_vars:
            raise GenExprError(f"{name} read before it is assigned")
        return f"v_{name}"

    # -- running ------------------------------------------------------------------------------
    def set(self, name: str, value: float) -> None:
        """Set a Param from outside (clamped to its range), as a message to gen~ does."""
        if name not in self.params:
            raise KeyError(f"no Param {name}")
        entry = self.params[name]
        entry[0] = min(max(float(value), entry[1]), entry[2])

    def reset(self) -> None:
        """gen~'s reset: Histories back to their initial values, Delays cleared."""
        self.history = dict(self.history_init)
        for name, (size, _) in self.delays.items():
            self.delays[name] = (size, [0.0] * size)

    def run(self, x: np.ndarray) -> np.ndarray:
        """Run ``x`` (inputs, samples) through the program; returns (outputs, samples)."""
        x = np.asarray(x, dtype=np.float64)
        n = x.shape[1]
        out = np.zeros((self.outputs, n))
        params = {k: v[0] for k, v in self.params.items()}
        delays = {name: _DelayLine(buffer, self, name) for name, (_, buffer) in
                  self.delays.items()}
        outs = [0.0] * self.outputs
        for t in range(n):
            for line in delays.values():
                line.pending = None
            self._step(params, self.history, delays, x[:, t].tolist(), outs, self.sample_rate,
                       self.noise)
            for line in delays.values():
                line.commit()
            out[:, t] = outs
        return out


class _DelayLine:
    def __init__(self, buffer: list[float], program: Program, name: str) -> None:
        self.buffer = buffer
        self.program = program
        self.name = name
        self.pending: float | None = None

    def read(self, time: float) -> float:
        size = len(self.buffer)
        k = int(time)
        if k != time or not 1 <= k <= size - 1:
            raise GenExprError(f"{self.name}.read({time}): outside [1, {size - 1}]")
        return self.buffer[(self.program.write_pos[self.name] - k) % size]

    def append(self, value: float) -> None:
        self.pending = value

    def commit(self) -> None:
        if self.pending is None:
            raise GenExprError(f"{self.name} not written this sample")
        position = self.program.write_pos[self.name]
        self.buffer[position] = self.pending
        self.program.write_pos[self.name] = (position + 1) % len(self.buffer)


# -- tests of the reference itself ------------------------------------------------------------
def test_operators_and_history():
    code = """
    Param gain(0.5, min=0, max=1);
    History h(0);
    Delay d(8);
    v = h;
    w = d.read(2, interp="none");
    out1 = v + gain * in1;
    out2 = w;
    out3 = in1 > 0 ? 1 : (in1 < 0 ? -1 : 0);
    out4 = clamp(exp(1000), -1, 2) + fixnan(0) + (1 && 0) + (1 || 0) + !0;
    d.write(in1);
    h = out1ish = v + 1;
    """
    # 'h = out1ish = ...' is not GenExpr: the reference refuses it
    with pytest.raises(GenExprError):
        Program(code, 48000.0)
    code = code.replace("h = out1ish = v + 1;", "h = v + 1;")
    p = Program(code, 48000.0)
    y = p.run(np.array([[1.0, -2.0, 3.0, 0.0]]))
    np.testing.assert_array_equal(y[0], [0.5, 0.0, 3.5, 3.0])     # h counts samples
    np.testing.assert_array_equal(y[1], [0.0, 0.0, 1.0, -2.0])    # two samples late
    np.testing.assert_array_equal(y[2], [1, -1, 1, 0])
    np.testing.assert_array_equal(y[3], [4.0] * 4)               # 2 + 0 + 0 + 1 + 1
    p.set("gain", 7.0)                                            # clamped to max=1
    assert p.params["gain"][0] == 1.0


@pytest.mark.parametrize("bad", [
    "History h(0); h = 1; out1 = h;",                 # read after assignment
    "Delay d(4); d.write(1); out1 = d.read(1, interp=\"none\");",   # read after write
    "if (in1) { v = 1; } out1 = 0;",                   # first assigned inside a block
    "out1 = 1 / in1;",                                 # division by zero at run time
    "out1 = wobble(in1);",                             # outside the subset
])
def test_reference_refuses_what_the_subset_does_not_cover(bad):
    with pytest.raises(GenExprError):
        Program(bad, 48000.0).run(np.zeros((1, 2)))
