"""The OSC address space of ``nrcore serve``, derived from the processors' ``PARAMS``.

Nothing here is written per parameter: every processor in :data:`nrcore.processor.REGISTRY`
gets ``/nrcore/<id>/<param>`` for each declared :class:`~nrcore.params.Param`, with the OSC
type signature following the parameter's kind. The Max package and the address-space page
are generated from :func:`address_space`, and the server validates messages with
:func:`coerce_param_args`, so the three cannot disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from nrcore.params import Param
from nrcore.hosts.osc.engine import trigger_takes_curves

#: Prefix of every address the server answers.
ROOT = "/nrcore"
#: Instance ids are address parts: letters, digits, ``_``, ``-`` and ``.`` (no ``/``, no OSC
#: pattern characters), at most 64 of them.
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
#: Server-level commands (``/nrcore/<command>``); no instance may use these names as its id.
SERVER_COMMANDS = ("ping", "list", "create", "free", "instances", "reply_port", "audio",
                   "describe", "error", "to", "from")
#: Per-instance commands (``/nrcore/<id>/<command>``); no parameter may use these names.
INSTANCE_COMMANDS = ("run", "get", "dump", "reset", "free", "play", "mute", "input",
                     "oscillator", "rate", "example", "train", "cancel", "save", "load", "clear_examples",
                     "trigger", "trigger_curves")


@dataclass(frozen=True)
class Address:
    """One entry of the address space, for documentation and code generation."""

    pattern: str
    types: str
    help: str
    reply: str = ""


def param_types(param: Param) -> str:
    """OSC type signature accepted for ``param``.

    ``f`` also accepts ``i`` (Max sends an int box as ``i``); ``*`` means any count;
    ``s`` is a Max symbol.
    """
    if param.kind in ("float", "int"):
        return "f"
    if param.kind == "bool":
        return "i"
    if param.kind == "choice":
        return "s*" if param.per_element else "s"
    return "f*"  # vector (one per element) or matrix (row-major, current shape)


def server_addresses() -> list[Address]:
    return [
        Address(f"{ROOT}/ping", "*", "Liveness check; the arguments are echoed back.",
                f"{ROOT}/pong *"),
        Address(f"{ROOT}/reply_port", "i [s]", "Send the replies to this client (the sending "
                "socket) to that UDP port on its host (what Max's [udpreceive] listens on). "
                "With `split`, instance replies come as `/nrcore/from <id> <leaf> ...` instead "
                "of `/nrcore/<id>/<leaf> ...`, so a Max abstraction can [route] on its id "
                "(Max substitutes `#1` only as a whole word or at a symbol's start); "
                "`address` restores the default.",
                f"{ROOT}/reply_port i s"),
        Address(f"{ROOT}/to", "s ...", "Same as /nrcore/<id> with the id as the first "
                "argument: `/nrcore/to <id> <command> ...`, or a list of numbers to run. "
                "What a Max abstraction sends ([prepend /nrcore/to #1]).", ""),
        Address(f"{ROOT}/from", "", "(reply only, for clients registered with "
                "`reply_port <port> split`) an instance reply: id, leaf, values.",
                f"{ROOT}/from s:id s:leaf *"),
        Address(f"{ROOT}/list", "", "Names of the processors the server can create.",
                f"{ROOT}/processors s*"),
        Address(f"{ROOT}/instances", "", "Ids and kinds of the live instances.",
                f"{ROOT}/instances s*"),
        Address(f"{ROOT}/create", "s s [s value...]", "Create (or replace) instance <id> of "
                "processor <kind>; keyword arguments follow as name value pairs.",
                f"{ROOT}/created s:id s:kind i:inputs i:outputs"),
        Address(f"{ROOT}/free", "s", "Free instance <id>.", f"{ROOT}/freed s:id"),
        Address(f"{ROOT}/describe", "s", "Parameters of processor <kind>, one reply each.",
                f"{ROOT}/param s:kind s:name s:kind f:min f:max s:unit s:help"),
        Address(f"{ROOT}/audio", "s [...]", "Audio engine: start [sounddevice | file <path.wav>"
                " | none], stop, gain <0..4>, status.",
                f"{ROOT}/audio s:state i:sample_rate i:blocksize"),
        Address(f"{ROOT}/error", "", "(reply only) every error: offending address and text.",
                f"{ROOT}/error s:address s:message"),
    ]


def instance_addresses(cls: type[Any]) -> list[Address]:
    """Addresses of one instance of processor class ``cls`` (``<id>`` stands for its id)."""
    base = f"{ROOT}/<id>"
    out = [
        Address(base, "s ...", "Same as /nrcore/<id>/<first argument> with the rest; a list "
                "of numbers alone means run.", ""),
        Address(f"{base}/run", "f*", "Process one frame (one value per input) at control "
                "rate; the outputs are sent back.", f"{base}/out f*"),
        Address(f"{base}/get", "s", "Current value of a parameter.", f"{base}/param s:name *"),
        Address(f"{base}/dump", "", "Every parameter, one reply each.", f"{base}/param s:name *"),
        Address(f"{base}/reset", "", "Clear signal state, keep parameters.", ""),
        Address(f"{base}/rate", "f|s", "Control rate of run in Hz (runs per second), or auto "
                "(measured from the time between runs): smoothing times and cutoffs then count "
                "seconds of runs. Also a create argument: `rate 33.3`. play returns to the "
                "audio rate.", ""),
        Address(f"{base}/free", "", "Free this instance.", f"{ROOT}/freed s:id"),
    ]
    if getattr(cls, "audio_rate", False):
        out += [
            Address(f"{base}/play", "[i]", "Play output 0 through the audio engine "
                    "(optional output channel, 0-based).", ""),
            Address(f"{base}/mute", "", "Stop playing this instance.", ""),
            Address(f"{base}/input", "f*", "Constant level of each audio input.", ""),
            Address(f"{base}/oscillator", "f*", "Sine frequency (Hz) of each audio input; "
                    "0 keeps the constant level.", ""),
        ]
    if hasattr(cls, "trigger"):
        if trigger_takes_curves(cls):
            out += [
                Address(f"{base}/trigger", "s [f]", "Start a sound from a named example "
                        "(e.g. kick) with an optional velocity.", f"{base}/voice i"),
                Address(f"{base}/trigger_curves", "i f*", "Start a sound from raw descriptor "
                        "curves: the frame count, then the curves row by row.",
                        f"{base}/voice i"),
            ]
        else:
            out.append(Address(f"{base}/trigger", "", "Trigger a sound at the start of the "
                               "next block (a bang).", f"{base}/voice i:triggers so far"))
    if hasattr(cls, "add_example"):
        out += [
            Address(f"{base}/example", "f*", "Add a training example: the inputs followed "
                    "by the target outputs.", f"{base}/examples i:count"),
            Address(f"{base}/train", "[i]", "Fit the network to the examples (optional "
                    "epochs), in the background: the instance keeps answering with its old "
                    "weights until training ends.", f"{base}/trained f:loss"),
            Address(f"{base}/cancel", "", "Stop this instance's training, if one runs; the "
                    "weights stay as they were before `train`.", f"{base}/cancelled"),
            Address(f"{base}/clear_examples", "", "Forget all examples.", f"{base}/examples i"),
            Address(f"{base}/save", "s", "Save the trained network (JSON).", f"{base}/saved s"),
            Address(f"{base}/load", "s", "Load a trained network (JSON).",
                    f"{base}/loaded s i:inputs i:outputs"),
        ]
    for attribute in sorted(dir(cls)):
        # Processor-specific commands: methods ``osc_<command>(args, send)``.
        method = getattr(cls, attribute)
        if attribute.startswith("osc_") and callable(method):
            command = attribute[4:]
            doc = (method.__doc__ or command).strip().split("\n")[0]
            out.append(Address(f"{base}/{command}", "*", doc, f"{base}/{command} *"))
    for p in cls.PARAMS:
        unit = f" ({p.unit})" if p.unit else ""
        out.append(Address(f"{base}/{p.name}", param_types(p),
                           f"{p.help}{unit}; {p.range_text()}; default {_default_text(p)}.",
                           ""))
    return out


def address_space(registry: dict[str, type]) -> dict[str, list[Address]]:
    """Server addresses under ``""`` and each processor's instance addresses under its name."""
    space = {"": server_addresses()}
    for name in sorted(registry):
        space[name] = instance_addresses(registry[name])
    return space


def address_space_markdown(registry: dict[str, type]) -> str:
    """The address space as a Markdown page (generated into the Max package's docs)."""
    lines = ["# nrcore OSC address space", "",
             "Generated from the processors' parameter declarations by `nrcore.hosts.max.package`; do "
             "not edit. Types: `i` int32, `f` float32 (an int is accepted too), `s` string "
             "(a Max symbol), `*` any number of them. Replies use only `i`, `f` and `s`.", ""]
    for name, entries in address_space(registry).items():
        lines += [f"## {'server' if not name else name}", "",
                  "| address | arguments | meaning | reply |", "|---|---|---|---|"]
        for a in entries:
            text = a.help.replace("|", "\\|")
            types = f"`{a.types}`" if a.types else "none"
            lines.append(f"| `{a.pattern}` | {types} | {text} | "
                         f"{'`' + a.reply + '`' if a.reply else ''} |")
        lines.append("")
    return "\n".join(lines)


def _default_text(p: Param) -> str:
    d = p.default
    if isinstance(d, float):
        return f"{d:g}"
    return str(d)


def check_args(args: Sequence[Any], what: str) -> list[Any]:
    """Reject OSC arguments that are not int, float or string (blobs, T/F, nil, MIDI...)."""
    for i, a in enumerate(args):
        if isinstance(a, bool) or not isinstance(a, (int, float, str)):
            raise ValueError(f"{what}: argument {i + 1} ({a!r}) is not an int, float or "
                             "string")
    return list(args)


def coerce_param_args(param: Param, args: Sequence[Any], current: Any) -> Any:
    """Turn the OSC arguments of ``/nrcore/<id>/<param>`` into a value for ``set_param``.

    Raises ValueError naming the parameter when the count or types are wrong. ``current`` is
    the present value, whose shape a matrix keeps.
    """
    args = check_args(args, param.name)
    kind = param.kind
    if kind in ("float", "int", "bool"):
        if len(args) != 1:
            raise ValueError(f"{param.name}: expected 1 value, got {len(args)}")
        value = args[0]
        if kind != "bool" and isinstance(value, str):
            raise ValueError(f"{param.name}: {value!r} is not a number")
        return value
    if kind == "choice":
        if not args:
            raise ValueError(f"{param.name}: expected a name, got nothing")
        if len(args) == 1:
            return str(args[0])
        if not param.per_element:
            raise ValueError(f"{param.name}: expected 1 name, got {len(args)}")
        return [str(a) for a in args]
    # vector / matrix: numbers only
    if not args:
        raise ValueError(f"{param.name}: expected at least 1 number, got nothing")
    for a in args:
        if isinstance(a, str):
            raise ValueError(f"{param.name}: {a!r} is not a number")
    values = np.array(args, dtype=np.float64)
    if kind == "matrix":
        shape = np.shape(current)
        if len(shape) != 2 or values.size != shape[0] * shape[1]:
            raise ValueError(f"{param.name}: expected {int(np.prod(shape))} numbers "
                             f"(a {shape[0]}x{shape[1]} matrix, row-major), got {values.size}")
        return values.reshape(shape)
    return values
