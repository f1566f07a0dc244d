"""The base of every Pd object for nrcore processors, written to py4pd 1.x's ``puredata.NewObject`` API.

Each Pd object is a thin adapter: it parses the creation arguments into processor parameters,
declares the inlets and outlets, turns messages into ``set_param`` calls and hands each DSP
block to the processor's ``process``. No DSP happens here. The classes below are mixins; a
``.pd_py`` file binds one to the host::

    import puredata as pd
    from nrcore.hosts.pd import NeuronObject

    class nr_neuron(NeuronObject, pd.NewObject):
        name = NeuronObject.name

The same file loads in py4pd 1.x (Pd >= 0.56, Python >= 3.13) and in nrcore's own bridge
(``pd/src/nrcore.c``, Pd >= 0.53). The only difference the adapters see: the bridge hands
``perform`` a float32 numpy array and takes one back (``puredata.PERFORM_ARRAYS``), py4pd hands
tuples of Python floats and wants tuples back.

Conventions of every object
---------------------------
* Creation arguments: structural numbers first (``[nr.net~ 4 3]``: neurons, inputs), then
  ``-name value...`` for any parameter (``-activation nlc``, ``-weights 0.5 0.3 0.8``) or
  option (``-sigweights``).
* Signal inlets come first, then one message inlet (the rightmost). In nrcore's bridge the
  leftmost inlet also takes every message, as vanilla signal objects do (a float there is the
  signal's value while nothing is connected); py4pd's signal inlets take no messages, so the
  rightmost inlet is the one that works in both hosts and in old patches. A message is a parameter name and
  its value(s): ``bias 0.2``, ``activation relu``, ``weights 0.5 0.3 0.8``; matrices come row by
  row; ``<vector>_at i v`` and ``<matrix>_at row col v`` set one element (0-based). ``reset``
  clears the signal state, ``print`` posts every parameter.
* A user's mistake is one console line naming the object, the problem and the allowed values,
  with no traceback: bad creation arguments fail the object with a ValueError (the bridge
  prints its one line; py4pd adds its own "Failed to create" lines), bad messages print an
  error and the object keeps its previous value. Any other exception is an internal fault and
  keeps its traceback.
* Numbers from Pd are 32-bit floats: a value within float32 rounding of a parameter's bound
  (``variation_max 0.2`` arrives as 0.200000003) counts as that bound.
* Audio: ``perform`` runs the processor on each block (py4pd, and any object whose ``render``
  is not plain ``process``); nrcore's bridge first asks :meth:`SignalObject.direct_block` for
  the kernel's C block function and, when it gets one, calls it directly with no Python call
  per block (the samples are identical).

Adding an object for a new processor: a subclass here setting ``name``, ``processor``,
``module``, ``summary``, ``description``, ``arguments`` and ``layout`` (and ``render`` where
the processor is not rows in -> rows out at audio rate), an entry in :data:`OBJECTS`, a
four-line ``pd/<name>.pd_py`` binding it to ``pd.NewObject``, then ``python -m nrcore.hosts.pd.help
pd`` for its help patch.
"""
from __future__ import annotations

import functools
import importlib
import re
import weakref
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Sequence

import numpy as np

from nrcore.params import Param
from nrcore.processor import REGISTRY, Processor

#: Port kinds (mapped to the host's ``puredata.SIGNAL`` / ``puredata.DATA``).
SIGNAL = "signal"
CONTROL = "control"

_METHOD = re.compile(r"in_(\d+)_(.+)")
_FALLBACK_SAMPLE_RATE = 48000.0


@dataclass(frozen=True)
class Port:
    """One inlet or outlet, as documented in the help patch."""

    kind: str
    label: str
    help: str


@dataclass(frozen=True)
class Argument:
    """A structural creation argument (an integer such as the number of inputs)."""

    name: str
    default: int
    help: str
    minimum: int
    maximum: int

    def convert(self, owner: str, value: Any) -> int:
        number = value if isinstance(value, (int, float)) else None
        if number is None or float(number) != int(number) or not (
                self.minimum <= int(number) <= self.maximum):
            raise ValueError(f"{owner}: argument {self.name} must be an integer in "
                             f"[{self.minimum}, {self.maximum}], got {_show([value])}")
        return int(number)


@dataclass(frozen=True)
class Option:
    """A creation flag that is not a processor parameter (``-sigweights``, ``-report 100``)."""

    name: str
    help: str
    default: Any = False
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""

    @property
    def takes_value(self) -> bool:
        return not isinstance(self.default, bool)

    def convert(self, owner: str, atoms: Sequence[Any]) -> Any:
        if not self.takes_value:
            if atoms:
                raise ValueError(f"{owner}: -{self.name} takes no value, got {list(atoms)}")
            return True
        if isinstance(self.default, str):
            if len(atoms) != 1:
                raise ValueError(f"{owner}: -{self.name} needs one name, got {list(atoms)}")
            return str(atoms[0])
        if len(atoms) != 1 or not isinstance(atoms[0], (int, float)):
            raise ValueError(f"{owner}: -{self.name} needs one number, got {list(atoms)}")
        value = float(atoms[0])
        if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum):
            raise ValueError(f"{owner}: {self.name} {value:g} is outside "
                             f"[{self.minimum:g}, {self.maximum:g}] {self.unit}".rstrip())
        return value


@dataclass(frozen=True)
class Message:
    """A control message that is not a parameter (``reset``, ``print``, ``bang``)."""

    name: str
    args: str
    help: str


RESET = Message("reset", "", "clear the signal state (delays, smoothers); parameters stay")
PRINT = Message("print", "", "post every parameter's current value to the Pd console")


def weak_callback(owner: Any, method: str) -> Callable[[], None]:
    """A callable running ``owner.<method>()`` that does not keep ``owner`` alive.

    py4pd never attaches a ``new_clock`` clock to its owner: a clock whose callback held the
    object strongly would keep it alive after Pd deleted it, and its next tick would write to
    a freed Pd object (a crash). With this callback the Python object dies with its Pd object,
    its clocks are freed with it, and a late tick does nothing.
    """
    ref = weakref.ref(owner)

    def tick() -> None:
        target = ref()
        if target is not None:
            getattr(target, method)()

    tick.__name__ = method  # py4pd reads the callback's __name__
    return tick


def _show(atoms: Sequence[Any]) -> str:
    """Atoms as a Pd user typed them: ``3 -0.5 tanh``."""
    return " ".join(f"{a:g}" if isinstance(a, float) else str(a) for a in atoms)


def _is_flag(atom: Any) -> bool:
    """``-name`` (Pd turns ``-0.5`` into a float, so a str starting with '-' is a flag)."""
    return isinstance(atom, str) and len(atom) > 1 and atom[0] == "-" and not (
        atom[1].isdigit() or atom[1] == ".")


def message_atoms(selector: str, call_args: tuple[Any, ...]) -> list[Any]:
    """The atoms of a message, from how py4pd and the bridge call ``in_<n>_<selector>``.

    ``bang`` comes with no argument, ``float`` and ``symbol`` with the value, ``list`` and any
    other selector with one list of atoms (py4pd's documentation also shows ``*args``, so
    separate atoms are accepted too).
    """
    if selector == "bang":
        return []
    if selector in ("float", "symbol"):
        return [call_args[0]] if call_args else []
    if len(call_args) == 1 and isinstance(call_args[0], (list, tuple)):
        return list(call_args[0])
    return list(call_args)


def _number(value: Any) -> Any:
    """Integral floats from Pd as int, so integer parameters accept them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _snap_to_bound(param: Param, value: Any) -> Any:
    """A Pd float that equals a bound after float32 rounding, as that bound.

    Pd keeps numbers as float32, so a typed ``0.2`` reaches Python as 0.200000003 and would be
    refused by a range of [0, 0.2]; a value inside the range is never changed.
    """
    if not isinstance(value, float) or isinstance(value, bool):
        return value
    for bound in (param.minimum, param.maximum):
        if bound is not None and value != bound and np.isfinite(bound) and \
                abs(bound) < 3.4e38 and np.float32(value) == np.float32(bound):
            return float(bound)
    return value


_NUMERIC_KINDS = ("float", "int", "vector", "matrix")


def atoms_to_value(param: Param, atoms: Sequence[Any], current: Any) -> Any:
    """A parameter value from Pd atoms; ValueError naming the parameter if the count is wrong.

    ``current`` is the parameter's present value: it gives a matrix its shape, so matrices can
    arrive as one flat, row-by-row list. Numbers within float32 rounding of a bound are that
    bound (see :func:`_snap_to_bound`).
    """
    atoms = [_number(_snap_to_bound(param, a)) for a in atoms]
    if not atoms:
        raise ValueError(f"{param.name}: needs a value; allowed: {param.range_text()}")
    if param.kind in _NUMERIC_KINDS:
        for a in atoms:
            if not isinstance(a, (int, float)):
                unit = f" {param.unit}" if param.unit else ""
                raise ValueError(f"{param.name}: {_show([a])!r} is not a number; allowed: "
                                 f"{param.range_text()}{unit}")
    if param.kind == "matrix":
        shape = np.shape(current)
        if len(atoms) == 1:
            return atoms[0]
        if len(shape) == 2 and len(atoms) == shape[0] * shape[1]:
            return [atoms[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])]
        rows, cols = (shape + (0, 0))[:2]
        raise ValueError(f"{param.name}: expected {rows * cols} values ({rows} rows x {cols} "
                         f"columns, row by row) or one value for all, got {len(atoms)}")
    if param.kind == "vector":
        return atoms
    if param.kind == "choice" and param.per_element and len(atoms) > 1:
        return [str(a) for a in atoms]
    if len(atoms) != 1:
        raise ValueError(f"{param.name}: expected one value, got {len(atoms)} "
                         f"({' '.join(str(a) for a in atoms)})")
    value = atoms[0]
    if param.kind == "choice":
        return str(value)
    return value


def _format_value(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return " ".join(f"{v:g}" for v in value.ravel())
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class PdObject:
    """Mixin for a Pd object wrapping one nrcore processor (see the module docstring).

    Class attributes describe the object; :meth:`layout` gives its inlets and outlets for given
    creation arguments, so :mod:`nrcore.hosts.pd.help` documents exactly what the object builds.
    """

    #: Pd object name, e.g. ``nr.neuron~``.
    name: ClassVar[str] = ""
    #: Registry name of the processor and the module that registers it.
    processor: ClassVar[str] = ""
    module: ClassVar[str] = ""
    #: One line for the help patch title.
    summary: ClassVar[str] = ""
    #: Longer description for the help patch.
    description: ClassVar[str] = ""
    #: Structural creation arguments, in order.
    arguments: ClassVar[tuple[Argument, ...]] = ()
    #: Creation flags that are not parameters.
    options: ClassVar[tuple[Option, ...]] = ()
    #: Control messages that are not parameters.
    messages: ClassVar[tuple[Message, ...]] = (RESET, PRINT)
    #: Creation arguments the help patch's example object uses.
    help_arguments: ClassVar[tuple[Any, ...]] = ()
    #: Extra message boxes of the help patch's example (before the parameters).
    help_messages: ClassVar[tuple[str, ...]] = ()
    #: Signal source box of the help example per signal inlet (default: oscillators).
    help_sources: ClassVar[dict[int, tuple[Any, ...]]] = {}
    #: Inputs of a list-in object: its help patch gets one slider per input.
    help_list_inputs: ClassVar[int] = 0
    #: Creating one loads a model file: other help patches name it instead of creating it.
    loads_model: ClassVar[bool] = False

    # -- description (no Pd needed) ---------------------------------------------------------
    @classmethod
    def processor_class(cls) -> type[Processor]:
        if cls.module:
            importlib.import_module(cls.module)
        try:
            return REGISTRY[cls.processor]
        except KeyError:
            raise ValueError(f"{cls.name}: processor {cls.processor!r} is not available "
                             f"(module {cls.module or 'nrcore'})") from None

    @classmethod
    def params(cls) -> tuple[Param, ...]:
        return cls.processor_class().PARAMS

    @classmethod
    def layout(cls, structure: dict[str, int], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        """(inlets, outlets) for the given creation arguments."""
        raise NotImplementedError

    @classmethod
    def control_messages(cls) -> tuple[str, ...]:
        """Every selector the message inlet understands."""
        names = [p.name for p in cls.params()]
        names += [f"{p.name}_at" for p in cls.params() if p.kind in ("vector", "matrix")]
        names += [m.name for m in cls.messages]
        return tuple(names)

    @classmethod
    def parse_arguments(cls, args: Sequence[Any]
                        ) -> tuple[dict[str, int], dict[str, list[Any]], dict[str, Any]]:
        """Split creation arguments into structure, parameter atoms and options.

        Raises ValueError naming the object and the problem.
        """
        args = list(args)
        positional: list[Any] = []
        while args and not _is_flag(args[0]):
            positional.append(args.pop(0))
        if len(positional) > len(cls.arguments):
            usage = " ".join(a.name for a in cls.arguments) or "no numbers"
            raise ValueError(f"{cls.name}: too many arguments "
                             f"({_show(positional[len(cls.arguments):])}); takes {usage}, then "
                             f"-name value flags")
        structure = {a.name: a.default for a in cls.arguments}
        for arg, value in zip(cls.arguments, positional):
            structure[arg.name] = arg.convert(cls.name, value)
        param_names = {p.name for p in cls.params()}
        option_by_name = {o.name: o for o in cls.options}
        params: dict[str, list[Any]] = {}
        options = {o.name: o.default for o in cls.options}
        while args:
            flag = args.pop(0)[1:]
            atoms: list[Any] = []
            while args and not _is_flag(args[0]):
                atoms.append(args.pop(0))
            if flag in param_names:
                params[flag] = atoms
            elif flag in option_by_name:
                options[flag] = option_by_name[flag].convert(cls.name, atoms)
            else:
                known = ", ".join("-" + n for n in sorted(param_names | set(option_by_name)))
                raise ValueError(f"{cls.name}: unknown flag -{flag}; known: {known}")
        return structure, params, options

    # -- life in the host ---------------------------------------------------------------------
    def __init__(self, args: Sequence[Any] = ()) -> None:
        import puredata  # the host's module: py4pd or the nrcore bridge

        self._nr_pd = puredata
        self._nr_arrays = bool(getattr(puredata, "PERFORM_ARRAYS", False))
        self._nr_bridge = getattr(puredata, "BRIDGE", None) is not None
        try:
            structure, param_atoms, options = self.parse_arguments(args)
            self.nr_structure = structure
            self.nr_options = options
            self.nr_processor = self.make_processor(self.host_sample_rate(), param_atoms)
        except ValueError as exc:
            # one line naming the object: "nr.neuron~: bias: 1000 is above the maximum; ..."
            raise ValueError(self.named(str(exc))) from None
        inlets, outlets = self.layout(structure, options)
        self.nr_inlets, self.nr_outlets = inlets, outlets
        self.inlets = tuple(self._port_kind(p) for p in inlets)
        self.outlets = tuple(self._port_kind(p) for p in outlets)
        controls = [i for i, p in enumerate(inlets) if p.kind == CONTROL]
        self.nr_control_inlet = controls[-1] if controls else -1
        self.nr_signal_inlets = sum(p.kind == SIGNAL for p in inlets)
        self.nr_blocksize = 64
        self.setup()

    def setup(self) -> None:
        """Hook for subclasses, run at the end of ``__init__``."""

    def new_clock(self, method: str) -> Any:
        """A host clock calling ``self.<method>()`` in Pd's logical time, holding ``self``
        weakly (see :func:`weak_callback`); it is freed with the object."""
        return self._nr_pd.new_clock(self, weak_callback(self, method))

    def _port_kind(self, port: Port) -> Any:
        return self._nr_pd.SIGNAL if port.kind == SIGNAL else self._nr_pd.DATA

    def host_sample_rate(self) -> float:
        getter = getattr(self._nr_pd, "get_sample_rate", None)
        sr = float(getter()) if getter else 0.0
        return sr if sr > 0 else _FALLBACK_SAMPLE_RATE

    @classmethod
    def constructor_kwargs(cls, structure: dict[str, Any], options: dict[str, Any],
                           sample_rate: float) -> dict[str, Any]:
        """Keyword arguments of the processor's constructor, apart from its parameters."""
        return {**structure, "sample_rate": sample_rate}

    @classmethod
    def build_processor(cls, structure: dict[str, Any], options: dict[str, Any],
                        param_atoms: dict[str, list[Any]], sample_rate: float) -> Processor:
        """The processor with the creation flags as its initial parameters.

        Flags are converted against a default instance (matrices need their shape), then passed
        to the constructor, exactly as ``Cls(**structure, sample_rate=sr, **params)``.
        """
        proc_cls = cls.processor_class()
        kwargs = cls.constructor_kwargs(structure, options, sample_rate)
        probe = proc_cls(**kwargs)
        params = {}
        for name, atoms in param_atoms.items():
            params[name] = atoms_to_value(proc_cls.param(name), atoms, probe.get_param(name))
        return proc_cls(**kwargs, **params)

    @classmethod
    def help_values(cls) -> dict[str, Any]:
        """Parameter values the help example shows: those of the example object."""
        structure, param_atoms, options = cls.parse_arguments(cls.help_arguments)
        return cls.build_processor(structure, options, param_atoms, 48000.0).parameters

    def make_processor(self, sample_rate: float, param_atoms: dict[str, list[Any]]) -> Processor:
        return self.build_processor(self.nr_structure, self.nr_options, param_atoms,
                                    sample_rate)

    # -- messages -----------------------------------------------------------------------------
    def __getattr__(self, attr: str) -> Any:
        # Only called for attributes that do not exist: route in_<inlet>_<selector>.
        match = _METHOD.fullmatch(attr)
        if match is None:
            raise AttributeError(f"{type(self).__name__!s} has no attribute {attr!r}")
        return functools.partial(self._nr_receive, int(match.group(1)), match.group(2))

    @classmethod
    def named(cls, text: str) -> str:
        """``text`` starting with the object's name (once)."""
        return text if text.startswith(cls.name + ":") else f"{cls.name}: {text}"

    def report_error(self, text: str) -> None:
        """One error line in the Pd console naming this object (the bridge adds the name
        itself; py4pd prints the text as given)."""
        if self._nr_bridge:
            self.error(text[len(self.name) + 2:] if text.startswith(self.name + ": ") else text)
        else:
            self.error(self.named(text))

    def _nr_receive(self, inlet: int, selector: str, *call_args: Any) -> None:
        atoms = message_atoms(selector, call_args)
        # py4pd 1.2.3 numbers inlets from 0; earlier 1.x builds numbered them from 1. The
        # message inlet is always the rightmost, so index len(inlets) can only mean it.
        if inlet == len(self.nr_inlets) and self.nr_control_inlet == inlet - 1:
            inlet = self.nr_control_inlet
        # nrcore's bridge also delivers messages to the leftmost inlet, as vanilla does
        if inlet == 0 and self.nr_control_inlet >= 0:
            inlet = self.nr_control_inlet
        try:
            self.receive(inlet, selector, atoms)
        except ValueError as exc:
            # a bad value is the user's, not a bug: one clear line, no traceback
            self.report_error(str(exc))

    def receive(self, inlet: int, selector: str, atoms: list[Any]) -> None:
        """Handle one message; ValueError (printed as an error) for anything not understood."""
        if inlet != self.nr_control_inlet:
            raise ValueError(f"inlet {inlet} takes signals only; messages go to the leftmost "
                             f"or the rightmost inlet ({self.nr_control_inlet})")
        proc = self.nr_processor
        names = {p.name for p in proc.PARAMS}
        if selector in names:
            param = proc.param(selector)
            proc.set_param(selector, atoms_to_value(param, atoms, proc.get_param(selector)))
        elif selector.endswith("_at") and selector[:-3] in names:
            self.set_element(selector[:-3], atoms)
        elif selector in {m.name for m in self.messages}:
            getattr(self, "message_" + selector)(atoms)
        else:
            raise ValueError(f"unknown message '{selector}'; known: "
                             f"{', '.join(self.control_messages())}")

    def set_element(self, name: str, atoms: list[Any]) -> None:
        """``<vector>_at i v`` / ``<matrix>_at row col v``: change one element (0-based)."""
        proc = self.nr_processor
        param = proc.param(name)
        value = np.array(proc.get_param(name), dtype=np.float64)
        want = value.ndim + 1
        if param.kind not in ("vector", "matrix") or len(atoms) != want or not all(
                isinstance(a, (int, float)) for a in atoms):
            where = "index" if value.ndim == 1 else "row column"
            raise ValueError(f"{name}_at: expected {where} value, got {atoms}")
        index = tuple(int(a) for a in atoms[:-1])
        if any(i != a for i, a in zip(index, atoms[:-1])) or any(
                not 0 <= i < n for i, n in zip(index, value.shape)):
            raise ValueError(f"{name}_at: index {list(atoms[:-1])} is outside the shape "
                             f"{value.shape} (indices count from 0)")
        value[index] = atoms[-1]
        proc.set_param(name, value)

    def message_reset(self, atoms: list[Any]) -> None:
        self.nr_processor.reset()

    def message_print(self, atoms: list[Any]) -> None:
        for name, value in self.nr_processor.parameters.items():
            self._nr_pd.post(f"{self.name}: {name} {_format_value(value)}")

    def nr_free(self) -> None:
        """Called by the bridge when Pd deletes the object (edit, close, quit), with the GIL:
        stop what the object started (threads), quickly; its outlets are gone afterwards."""

    def rebuild(self, sample_rate: float) -> None:
        """A new processor at another sample rate, with the same parameters (state restarts)."""
        cls = self.processor_class()
        kwargs = self.constructor_kwargs(self.nr_structure, self.nr_options, sample_rate)
        self.nr_processor = cls(**kwargs, **self.nr_processor.parameters)


class SignalObject(PdObject):
    """An audio-rate object: ``perform`` runs the processor on every DSP block."""

    def direct_block(self) -> Any:
        """The kernel's C block function for nrcore's bridge, or None to use ``perform``.

        A ``PyCapsule`` named ``"nrcore.block.v1"`` (``cython/nrcore_block.h``) whose
        ``process``, fed the signal inlets' rows, gives exactly what ``perform`` gives. The
        bridge asks at every DSP start (right after :meth:`dsp`, which may rebuild the
        processor), keeps the capsule, and calls it with no Python call per block; it falls
        back to ``perform`` when this returns None or the kernel's shape changes. Only objects
        whose block is the processor's plain ``process(rows)`` have one (``render`` not
        overridden, see :meth:`plain_block`); py4pd never calls this.
        """
        if not self.plain_block():
            return None
        make = getattr(self.nr_processor, "block_capsule", None)
        return make() if make is not None else None

    def plain_block(self) -> bool:
        """True when a block is ``self.nr_processor.process(rows)`` and nothing else."""
        return type(self).render is SignalObject.render

    def processor_rate(self) -> float:
        return float(self.nr_processor.sample_rate)

    def dsp(self, sample_rate: float, blocksize: int, signal_inlets: int) -> bool:
        if float(sample_rate) != self.processor_rate():
            self.rebuild(float(sample_rate))
        self.nr_blocksize = int(blocksize)
        return True

    def perform(self, ins: Any) -> Any:
        block = np.asarray(ins, dtype=np.float32)
        if block.ndim != 2:  # py4pd with no signal inlets hands an empty tuple
            block = block.reshape(self.nr_signal_inlets, self.nr_blocksize)
        out = self.render(block)
        if self._nr_arrays:
            return out
        return tuple(tuple(row) for row in out.tolist())

    def render(self, block: np.ndarray) -> np.ndarray:
        """One block of signal inlets (rows) -> one block of signal outlets (rows)."""
        return self.nr_processor.process(block)


class ControlObject(PdObject):
    """A control-rate object: lists in, lists out; no DSP (so no ``perform``)."""



def _signals(prefix: str, count: int, help_text: str) -> tuple[Port, ...]:
    return tuple(Port(SIGNAL, f"{prefix}{i + 1}", help_text.format(i=i + 1))
                 for i in range(count))


CONTROL_INLET_HELP = "messages: parameters (name value...), reset, print"
