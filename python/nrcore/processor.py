"""The processor base class: parameters as attributes, ``process`` on numpy blocks.

A processor is a plain object in the manner of pedalboard: construct it with its one structural
count (``inputs``, ``neurons``) and keyword parameters, call ``process(x)`` (or the object
itself) on float32 arrays shaped ``(inputs, samples)``, read and assign parameters as
attributes. All per-sample work happens in a Cython kernel that keeps its state between calls,
so a signal processed in blocks of any size gives the same samples as one long block.

The API is strict, so a mistake is an error and never a silently different sound:

* every constructor argument but the structural count is keyword-only
  (``DualNeuron(6)`` is a TypeError, ``DualNeuron(inputs=6)`` is meant);
* assigning an attribute a processor does not have (``n.feedbak = 0.9``) raises
  AttributeError with the closest known names;
* assigning :attr:`Processor.sample_rate` re-applies every time constant (parameters in Hz,
  ms or s: cutoffs, smoothing) at the new rate and keeps the signal state; processors whose
  structure is built for one rate (``sample_rate_fixed``, e.g. the neural synth) refuse the
  assignment with a message saying to build a new one;
* ``process(x, sample_rate=sr)`` works as in pedalboard: the block is taken to be at ``sr``
  (the processor's rate is set to it first when it differs); a second positional argument is
  refused with a message, since ``process(x, 44100)`` would otherwise be read as something
  else;
* integer arrays (int16/int32 PCM) are refused by audio-rate processors, as pedalboard does:
  convert them to float first (``x.astype(np.float32) / 32768`` for int16). Control-rate
  processors (``audio_rate = False``) take integer control values as numbers.

Every processor copies and pickles: ``copy.copy``, ``copy.deepcopy``, ``pickle`` and
:meth:`Processor.copy` give an independent processor with the same constructor arguments,
parameters and signal state, so the next block from the copy equals the original's. A pickle
holds only constructor arguments (numbers, names, model paths) and numpy arrays; loading one
never unpickles a model file.
"""
from __future__ import annotations

import copy as _copy
import difflib
import inspect
import math
from typing import Any, ClassVar, Mapping, TypeVar

import numpy as np

from nrcore.params import Param

#: Every concrete processor class by its registry name (used by the CLI, Pd, OSC and the rack).
REGISTRY: dict[str, type["Processor"]] = {}

#: Units of parameters whose kernel value depends on the sample rate (re-applied when it changes).
RATE_UNITS: frozenset[str] = frozenset({"Hz", "ms", "s"})

#: Lowest and highest sample rate (Hz) a processor accepts.
SAMPLE_RATE_RANGE: tuple[float, float] = (1.0, 768000.0)

_P = TypeVar("_P", bound="Processor")


class _ProcessorType(type):
    """Metaclass of processors: a clear error for positional misuse, and the seal.

    After the constructor returns, the instance is sealed: from then on, assigning an unknown
    public attribute raises AttributeError. The constructor's arguments (by name) are kept so
    that copies and pickles can rebuild the processor.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        allowed = _positional_names(cls)
        if len(args) > len(allowed):
            raise TypeError(_positional_message(cls, allowed, args))
        obj = super().__call__(*args, **kwargs)
        given = dict(zip(allowed, args))
        given.update(kwargs)
        object.__setattr__(obj, "_init_arguments", given)
        object.__setattr__(obj, "_sealed", True)
        return obj


def _init_parameters(cls: type) -> list[inspect.Parameter]:
    """The constructor's parameters after ``self``."""
    init = getattr(cls, "__init__")
    return list(inspect.signature(init).parameters.values())[1:]


def _positional_names(cls: type) -> tuple[str, ...]:
    """Names of the constructor arguments that may be given by position."""
    cached = cls.__dict__.get("_positional_cache")
    if cached is not None:
        return tuple(cached)
    names: list[str] = []
    for p in _init_parameters(cls):
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            names.append(p.name)
    type.__setattr__(cls, "_positional_cache", tuple(names))
    return tuple(names)


def _positional_message(cls: type, allowed: tuple[str, ...], args: tuple[Any, ...]) -> str:
    name = cls.__name__
    keywords = [p.name for p in _init_parameters(cls) if p.kind == p.KEYWORD_ONLY]
    example = ", ".join(f"{k}=..." for k in keywords[:3])
    shown = ", ".join(repr(a) for a in args)
    if not allowed:
        return (f"{name}({shown}): {name} takes keyword arguments only, e.g. "
                f"{name}({example}); a bare number is ambiguous")
    return (f"{name}({shown}): only {allowed[0]!r} may be given by position; pass the rest by "
            f"keyword, e.g. {name}({args[0]!r}, {example})")


class _UnknownAttribute(AttributeError):
    """AttributeError for an unknown public name, its did-you-mean hint computed when read."""

    def __init__(self, obj: "Processor", name: str) -> None:
        super().__init__(name)
        self._where = obj
        self._missing = name

    def __str__(self) -> str:
        where = self._where
        return (f"{type(where).__name__} has no attribute {self._missing!r}"
                f"{_suggest(self._missing, where._public_names())}")


def _suggest(name: str, known: Any) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known``, or an empty string."""
    close = difflib.get_close_matches(name, sorted(set(known)), n=2, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


def check_sample_rate(value: Any, what: str = "sample_rate") -> float:
    """A sample rate in Hz as a float, or ValueError naming the allowed range.

    Parameters
    ----------
    value : float
        The rate in Hz (a number; bools and strings are refused).
    what : str
        Name used in the error message.

    Returns
    -------
    float
        The rate in Hz.
    """
    lo, hi = SAMPLE_RATE_RANGE
    if isinstance(value, (bool, str, bytes)) or not isinstance(value, (int, float, np.integer,
                                                                         np.floating)):
        raise ValueError(f"{what}: {value!r} is not a number; allowed: [{lo:g}, {hi:g}] Hz")
    rate = float(value)
    if not (math.isfinite(rate) and lo <= rate <= hi):
        raise ValueError(f"{what}: {value!r} Hz is outside the allowed [{lo:g}, {hi:g}] Hz")
    return rate


class Processor(metaclass=_ProcessorType):
    """Base class of every nrcore processor.

    Subclasses set :attr:`name` and :attr:`PARAMS` and implement ``_apply``, ``process``,
    ``reset``, ``_kernel_state`` and ``_set_kernel_state``. Everything else (parameter
    attributes and validation, strict attributes, the sample rate, copies and pickles, state
    snapshots) is implemented here once.

    Parameters
    ----------
    sample_rate : float
        Rate in Hz at which ``process`` is called (samples per second for audio-rate
        processors, frames per second for control-rate ones).
    """

    #: Registry name, e.g. ``"neuron"``; the Pd object is ``nr.<name>~``.
    name: ClassVar[str] = ""
    #: The declarations every control surface is derived from.
    PARAMS: ClassVar[tuple[Param, ...]] = ()
    #: True for audio-rate processors (Pd ``~`` objects); False for control-rate ones.
    audio_rate: ClassVar[bool] = True
    #: True where the processor's structure is built for one rate (assigning it is refused).
    sample_rate_fixed: ClassVar[bool] = False

    _values: dict[str, Any]
    _sample_rate: float

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for param in cls.PARAMS:
            if param.name not in cls.__dict__:
                setattr(cls, param.name, _param_property(param))
        if cls.name:
            REGISTRY[cls.name] = cls

    def __init__(self, sample_rate: float = 48000.0) -> None:
        self._values = {}
        self.sample_rate = sample_rate

    # -- strict attributes --------------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        if (not name.startswith("_") and self.__dict__.get("_sealed", False)
                and name not in self.__dict__ and not hasattr(type(self), name)):
            raise AttributeError(
                f"{type(self).__name__} has no attribute {name!r}{_suggest(name, self._public_names())}"
                f"; parameters: {', '.join(p.name for p in self.PARAMS)}")
        object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup failed. The hint is worked out only when the message
        # is read: hasattr() and getattr(..., default) misses stay as cheap as on any object.
        if name.startswith("_"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        raise _UnknownAttribute(self, name)

    def _public_names(self) -> list[str]:
        names = [n for n in dir(type(self)) if not n.startswith("_")]
        names += [n for n in self.__dict__ if not n.startswith("_")]
        return names

    # -- sample rate --------------------------------------------------------------------------
    @property
    def sample_rate(self) -> float:
        """Rate in Hz at which ``process`` is called.

        Assigning it re-applies every parameter whose unit is Hz, ms or s (cutoffs, smoothing
        times, delays in time units) at the new rate; parameter values and signal state are
        kept. Processors with ``sample_rate_fixed`` refuse the assignment.
        """
        return self._sample_rate

    @sample_rate.setter
    def sample_rate(self, value: Any) -> None:
        rate = check_sample_rate(value)
        old = self.__dict__.get("_sample_rate")
        if old is None:
            object.__setattr__(self, "_sample_rate", rate)
            return
        if rate == old:
            return
        if self.sample_rate_fixed and self.__dict__.get("_sealed", False):
            raise ValueError(
                f"sample_rate: {type(self).__name__} is built for {old:g} Hz and cannot change "
                f"rate; create a new one with sample_rate={rate:g}")
        object.__setattr__(self, "_sample_rate", rate)
        try:
            self._rate_changed(old)
        except Exception:
            object.__setattr__(self, "_sample_rate", old)
            self._rate_changed(rate)
            raise

    def _rate_changed(self, old: float) -> None:
        """Hook: re-apply everything that depends on the sample rate (default: every parameter
        in Hz, ms or s)."""
        for p in self.PARAMS:
            if p.unit in RATE_UNITS and p.name in self._values:
                self._apply(p.name, self._values[p.name])

    def _check_call(self, extra: tuple[Any, ...], sample_rate: Any) -> None:
        """Checks of a ``process`` call's optional arguments (the pedalboard convention)."""
        if extra:
            raise TypeError(
                f"{type(self).__name__}.process takes one positional argument (the block); got "
                f"{len(extra)} more ({', '.join(repr(e) for e in extra)[:60]}). Give the "
                f"sample rate by keyword, process(x, sample_rate={extra[0]!r}), or assign "
                f".sample_rate")
        if sample_rate is not None:
            self.sample_rate = sample_rate

    # -- parameters ---------------------------------------------------------------------------
    @classmethod
    def param(cls, name: str) -> Param:
        """The declaration of parameter ``name``.

        Parameters
        ----------
        name : str
            A name in :attr:`PARAMS`.

        Returns
        -------
        Param
            Its declaration.

        Raises
        ------
        ValueError
            For an unknown name, listing the known ones (and the closest).
        """
        for p in cls.PARAMS:
            if p.name == name:
                return p
        names = [p.name for p in cls.PARAMS]
        raise ValueError(f"{cls.name or cls.__name__}: unknown parameter {name!r}"
                         f"{_suggest(str(name), names)}; known: {', '.join(names)}")

    def _init_params(self, given: Mapping[str, Any]) -> None:
        """Validate and apply every declared parameter, the given ones overriding defaults."""
        for key in given:
            self.param(key)
        for p in self.PARAMS:
            self.set_param(p.name, given.get(p.name, p.default))

    def set_param(self, name: str, value: Any) -> None:
        """Set one parameter by name.

        Parameters
        ----------
        name : str
            A name in :attr:`PARAMS`.
        value : Any
            The new value, in the parameter's unit (see ``Param.describe``).

        Raises
        ------
        ValueError
            Naming the parameter and its allowed values when the name or value is bad; the
            old value is kept.
        """
        p = self.param(name)
        value = self._check(p, p.validate(value))
        self._values[name] = value
        self._apply(name, value)

    def get_param(self, name: str) -> Any:
        """The current value of one parameter (arrays are copies).

        Parameters
        ----------
        name : str
            A name in :attr:`PARAMS`.

        Returns
        -------
        Any
            The value, in the parameter's unit.
        """
        self.param(name)
        value = self._values[name]
        if isinstance(value, np.ndarray):
            value = value.copy()
        return value

    @property
    def parameters(self) -> dict[str, Any]:
        """Current value of every parameter (arrays are copies)."""
        return {p.name: self.get_param(p.name) for p in self.PARAMS}

    def _check(self, param: Param, value: Any) -> Any:
        """Hook for checks that depend on the instance (array shapes); returns the value."""
        return value

    def _apply(self, name: str, value: Any) -> None:
        """Hook: push a validated value to the kernel."""
        raise NotImplementedError

    # -- processing ---------------------------------------------------------------------------
    def process(self, x: Any, *args: Any, **kwargs: Any) -> np.ndarray:  # pragma: no cover
        """Process one block (implemented by every processor).

        Parameters
        ----------
        x : array_like, shape (inputs, samples)
            The input block.
        *args, **kwargs : Any
            Processor-specific keyword options (``sample_rate=`` for all).

        Returns
        -------
        numpy.ndarray, shape (outputs, samples), float32
            The output block.
        """
        raise NotImplementedError

    @property
    def input_count(self) -> int:
        """How many signal rows :meth:`process_rows` takes (a host's signal inlets)."""
        raise NotImplementedError

    def process_rows(self, rows: np.ndarray) -> np.ndarray:
        """Process all signal inputs stacked as rows (what a host with N signal inlets has).

        Processors whose ``process`` takes several arrays (a learning neuron's target, say)
        override this to split the rows; the default passes them through.

        Parameters
        ----------
        rows : numpy.ndarray, shape (input_count, samples)
            Every signal input, one row each.

        Returns
        -------
        numpy.ndarray, shape (outputs, samples), float32
            The output block.
        """
        return self.process(rows)

    def __call__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        """Same as :meth:`process`."""
        return self.process(*args, **kwargs)

    def reset(self) -> None:  # pragma: no cover - abstract
        """Clear all signal state (delays, smoothers, comparators); parameters are kept."""
        raise NotImplementedError

    # -- state --------------------------------------------------------------------------------
    def get_state(self) -> dict[str, Any]:
        """A snapshot of parameters and signal state that :meth:`set_state` restores exactly.

        Returns
        -------
        dict
            ``{"params": {name: value}, "kernel": {name: numpy.ndarray}}``.
        """
        return {"params": self.parameters, "kernel": self._kernel_state()}

    def set_state(self, state: Mapping[str, Any]) -> None:
        """Restore a snapshot taken by :meth:`get_state` (of a processor built alike).

        Parameters
        ----------
        state : mapping
            ``{"params": ..., "kernel": ...}``; either part may be missing.
        """
        for name, value in state.get("params", {}).items():
            self.set_param(name, value)
        if "kernel" in state:
            self._set_kernel_state(state["kernel"])

    def _kernel_state(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _set_kernel_state(self, state: Mapping[str, Any]) -> None:  # pragma: no cover
        raise NotImplementedError

    # -- copies and pickles -------------------------------------------------------------------
    def _constructor_arguments(self) -> dict[str, Any]:
        """The constructor arguments that rebuild this processor's structure (parameters and
        signal state come from :meth:`get_state`). Subclasses whose structure can change after
        construction (a switched model) override this."""
        declared = {p.name for p in self.PARAMS}
        given = dict(self.__dict__.get("_init_arguments", {}))
        arguments = {k: v for k, v in given.items() if k not in declared}
        if any(p.name == "sample_rate" for p in _init_parameters(type(self))):
            arguments["sample_rate"] = self.sample_rate
        return arguments

    def _extra_state(self) -> dict[str, Any]:
        """Hook: Python-side state outside :meth:`get_state` that copies keep (examples...)."""
        return {}

    def _set_extra_state(self, state: Mapping[str, Any]) -> None:
        """Hook: restore what :meth:`_extra_state` returned."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self._constructor_arguments(), self.get_state(),
                           self._extra_state()))

    def copy(self: _P) -> _P:
        """An independent processor with the same parameters and signal state.

        The next block from the copy equals the original's; processing one never changes
        the other. Same as ``copy.deepcopy(processor)``.

        Returns
        -------
        Processor
            The copy, of the same class.
        """
        arguments = _copy.deepcopy(self._constructor_arguments())
        state = _copy.deepcopy(self.get_state())
        extra = _copy.deepcopy(self._extra_state())
        twin = _rebuild(type(self), arguments, state, extra)
        assert isinstance(twin, type(self))
        return twin

    def __copy__(self: _P) -> _P:
        # A shallow copy sharing the kernel would let one change the other: always deep.
        return self.copy()

    def __deepcopy__(self: _P, memo: dict[int, Any]) -> _P:
        return self.copy()

    def __repr__(self) -> str:
        shown = []
        for p in self.PARAMS:
            v = self._values.get(p.name)
            if isinstance(v, np.ndarray):
                text = np.array2string(v, precision=3, separator=", ", threshold=8)
            else:
                text = repr(v)
            shown.append(f"{p.name}={text}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _rebuild(cls: type[_P], arguments: Mapping[str, Any], state: Mapping[str, Any],
             extra: Mapping[str, Any] | None = None) -> _P:
    """Build ``cls(**arguments)`` and restore its state: how copies and pickles are made."""
    if not (isinstance(cls, type) and issubclass(cls, Processor)):
        raise TypeError(f"processor: {cls!r} is not an nrcore processor class")
    obj = cls(**arguments)
    obj.set_state(state)
    if extra:
        obj._set_extra_state(extra)
    return obj


def _param_property(param: Param) -> property:
    def getter(self: Processor) -> Any:
        return self.get_param(param.name)

    def setter(self: Processor, value: Any) -> None:
        self.set_param(param.name, value)

    return property(getter, setter, doc=param.describe())


def check_count(name: str, value: Any, lowest: int, highest: int) -> int:
    """A structural count (inputs, neurons) as an int.

    Parameters
    ----------
    name : str
        Name used in the error message.
    value : int
        The count (an integral float is accepted; bools are not).
    lowest, highest : int
        Inclusive range.

    Returns
    -------
    int
        The count.

    Raises
    ------
    ValueError
        Naming the count and its allowed range.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or int(value) != value or not lowest <= value <= highest:
        raise ValueError(f"{name}: {value!r} must be an integer in [{lowest}, {highest}]")
    return int(value)


def one_per_input(value: np.ndarray, inputs: int, name: str = "weights") -> np.ndarray:
    """A vector parameter with one value per input; a single value applies to every input.

    Parameters
    ----------
    value : numpy.ndarray
        One value, or ``inputs`` values.
    inputs : int
        Number of inputs.
    name : str
        Parameter name used in the error message.

    Returns
    -------
    numpy.ndarray, shape (inputs,)
        The values.
    """
    if value.size == 1:
        value = np.full(inputs, float(value.ravel()[0]))
    if value.shape != (inputs,):
        raise ValueError(f"{name}: expected {inputs} values (one per input), got {value.size}")
    return value


def refuse_integer_audio(x: Any, what: str = "input") -> None:
    """TypeError for integer PCM (a numpy array of ints), saying how to convert it.

    Parameters
    ----------
    x : Any
        The block an audio-rate processor was given.
    what : str
        Name used in the message.

    Raises
    ------
    TypeError
        When ``x`` is a numpy array of signed or unsigned integers.
    """
    if isinstance(x, np.ndarray) and x.dtype.kind in "iu":
        scale = f"{2 ** (8 * x.dtype.itemsize - 1)}" if x.dtype.kind == "i" else "its range"
        raise TypeError(
            f"{what}: {x.dtype} audio is not accepted (its scale is ambiguous); convert it to "
            f"float in [-1, 1] first, e.g. x.astype(np.float32) / {scale}")


def as_block(x: Any, channels: int, what: str = "input", *, audio: bool = True) -> np.ndarray:
    """``x`` as a C-contiguous float32 array shaped ``(channels, samples)``.

    Parameters
    ----------
    x : array_like
        The block; a 1-D array is accepted when ``channels`` is 1.
    channels : int
        Rows expected.
    what : str
        Name used in error messages.
    audio : bool
        True for audio signals: integer numpy arrays (PCM) are refused, as pedalboard does,
        because their scale is ambiguous. False for control values, where integers are numbers.

    Returns
    -------
    numpy.ndarray, shape (channels, samples), float32
        The block (a copy only where conversion was needed).

    Raises
    ------
    TypeError
        For integer audio, saying how to convert it.
    ValueError
        Describing a shape mismatch.
    """
    if audio:
        refuse_integer_audio(x, what)
    arr = np.asarray(x, dtype=np.float32)
    if arr.ndim == 1 and channels == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2 or arr.shape[0] != channels:
        raise ValueError(
            f"{what}: expected a float32 array shaped ({channels}, samples), got shape {arr.shape}"
        )
    return np.ascontiguousarray(arr)
