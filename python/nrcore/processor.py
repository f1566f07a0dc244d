"""The processor base class: parameters as attributes, ``process`` on numpy blocks.

A processor is a plain object in the manner of pedalboard: construct it with keyword
parameters, call ``process(x)`` (or the object itself) on float32 arrays shaped
``(inputs, samples)``, read and assign parameters as attributes. All per-sample work happens in
a Cython kernel that keeps its state between calls, so a signal processed in blocks of any size
gives the same samples as one long block.
"""
from __future__ import annotations

from typing import Any, ClassVar, Mapping

import numpy as np

from nrcore.params import Param

#: Every concrete processor class by its registry name (used by the CLI, Pd, OSC and the rack).
REGISTRY: dict[str, type["Processor"]] = {}


class Processor:
    """Base class of every nrcore processor.

    Subclasses set :attr:`name` and :attr:`PARAMS` and implement ``_apply``, ``process``,
    ``reset``, ``_kernel_state`` and ``_set_kernel_state``.
    """

    #: Registry name, e.g. ``"neuron"``; the Pd object is ``nr.<name>~``.
    name: ClassVar[str] = ""
    #: The declarations every control surface is derived from.
    PARAMS: ClassVar[tuple[Param, ...]] = ()
    #: True for audio-rate processors (Pd ``~`` objects); False for control-rate ones.
    audio_rate: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for param in cls.PARAMS:
            if param.name not in cls.__dict__:
                setattr(cls, param.name, _param_property(param))
        if cls.name:
            REGISTRY[cls.name] = cls

    def __init__(self, sample_rate: float = 48000.0) -> None:
        sample_rate = float(sample_rate)
        if not (np.isfinite(sample_rate) and 1.0 <= sample_rate <= 768000.0):
            raise ValueError(f"sample_rate: {sample_rate!r} Hz is outside [1, 768000] Hz")
        self.sample_rate = sample_rate
        self._values: dict[str, Any] = {}

    # -- parameters ---------------------------------------------------------------------------
    @classmethod
    def param(cls, name: str) -> Param:
        for p in cls.PARAMS:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in cls.PARAMS)
        raise ValueError(f"{cls.name or cls.__name__}: unknown parameter {name!r}; known: {known}")

    def _init_params(self, given: Mapping[str, Any]) -> None:
        """Validate and apply every declared parameter, the given ones overriding defaults."""
        for key in given:
            self.param(key)
        for p in self.PARAMS:
            self.set_param(p.name, given.get(p.name, p.default))

    def set_param(self, name: str, value: Any) -> None:
        """Set one parameter by name; ValueError naming it and its range if the value is bad."""
        p = self.param(name)
        value = self._check(p, p.validate(value))
        self._values[name] = value
        self._apply(name, value)

    def get_param(self, name: str) -> Any:
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
    def process(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def input_count(self) -> int:
        """How many signal rows :meth:`process_rows` takes (a host's signal inlets)."""
        raise NotImplementedError

    def process_rows(self, rows: np.ndarray) -> np.ndarray:
        """Process all signal inputs stacked as rows (what a host with N signal inlets has).

        Processors whose ``process`` takes several arrays (a learning neuron's target, say)
        override this to split the rows; the default passes them through.
        """
        return self.process(rows)

    def __call__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        return self.process(*args, **kwargs)

    def reset(self) -> None:  # pragma: no cover - abstract
        """Clear all signal state (delays, smoothers, comparators); parameters are kept."""
        raise NotImplementedError

    # -- state --------------------------------------------------------------------------------
    def get_state(self) -> dict[str, Any]:
        """A snapshot of parameters and signal state that :meth:`set_state` restores exactly."""
        return {"params": self.parameters, "kernel": self._kernel_state()}

    def set_state(self, state: Mapping[str, Any]) -> None:
        for name, value in state.get("params", {}).items():
            self.set_param(name, value)
        if "kernel" in state:
            self._set_kernel_state(state["kernel"])

    def _kernel_state(self) -> dict[str, np.ndarray]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _set_kernel_state(self, state: Mapping[str, np.ndarray]) -> None:  # pragma: no cover
        raise NotImplementedError

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


def _param_property(param: Param) -> property:
    def getter(self: Processor) -> Any:
        return self.get_param(param.name)

    def setter(self: Processor, value: Any) -> None:
        self.set_param(param.name, value)

    return property(getter, setter, doc=param.describe())


def check_count(name: str, value: Any, lowest: int, highest: int) -> int:
    """A structural count (inputs, neurons): an integer in [lowest, highest], else ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or int(value) != value or not lowest <= value <= highest:
        raise ValueError(f"{name}: {value!r} must be an integer in [{lowest}, {highest}]")
    return int(value)


def one_per_input(value: np.ndarray, inputs: int, name: str = "weights") -> np.ndarray:
    """A vector parameter with one value per input; a single value applies to every input."""
    if value.size == 1:
        value = np.full(inputs, float(value.ravel()[0]))
    if value.shape != (inputs,):
        raise ValueError(f"{name}: expected {inputs} values (one per input), got {value.size}")
    return value


def as_block(x: Any, channels: int, what: str = "input") -> np.ndarray:
    """``x`` as a C-contiguous float32 array shaped ``(channels, samples)``.

    A 1-D array is accepted when ``channels`` is 1. Raises ValueError describing the shape
    mismatch.
    """
    arr = np.asarray(x, dtype=np.float32)
    if arr.ndim == 1 and channels == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2 or arr.shape[0] != channels:
        raise ValueError(
            f"{what}: expected a float32 array shaped ({channels}, samples), got shape {arr.shape}"
        )
    return np.ascontiguousarray(arr)
