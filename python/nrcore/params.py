"""Parameter declarations: the single source of truth for every processor's controls.

Each processor lists its :class:`Param` objects once. Validation, attribute access, the CLI's
``nrcore render`` flags, the Pd help patches, the Max abstractions, the OSC address space and
the OLED menu are all derived from these declarations, so none of them can drift.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, Sequence

import numpy as np

Kind = Literal["float", "int", "bool", "choice", "vector", "matrix"]


@dataclass(frozen=True)
class Param:
    """One user-facing control of a processor.

    Parameters
    ----------
    name : str
        Attribute name, also the Pd message selector and the OSC address leaf.
    default : Any
        Value at construction. For ``vector``/``matrix`` kinds, a scalar default fills the shape.
    help : str
        One sentence for help patches, menus and ``--help``.
    unit : str
        Physical unit ("Hz", "ms", "samples", "dB", "V") or "" for dimensionless.
    minimum, maximum : float or None
        Inclusive range of every element; ``None`` means unbounded on that side.
    kind : str
        ``float``, ``int``, ``bool``, ``choice`` (one of ``choices``), ``vector`` (1-D float
        array) or ``matrix`` (2-D float array).
    choices : tuple of str
        Allowed names for ``choice`` parameters (and for each element of a list of choices
        when ``per_element`` is set).
    smoothed : bool
        Changes ramp smoothly inside the kernel, so automating it does not click.
    per_element : bool
        For ``choice``: the value may also be a sequence of choices, one per neuron.
    menu : bool
        Shown on the rack's OLED menu and in generated GUIs (large matrices are not).
    """

    name: str
    default: Any
    help: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    kind: Kind = "float"
    choices: tuple[str, ...] = ()
    smoothed: bool = False
    per_element: bool = False
    menu: bool = True
    step: float | None = field(default=None)

    # -- validation ---------------------------------------------------------------------------
    def range_text(self) -> str:
        """The allowed values as shown in errors and help: ``[lo, hi]``, ``one of a, b`` or
        ``0 or 1``.

        Returns
        -------
        str
            The text (without the unit).
        """
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "0 or 1"
        lo = "-inf" if self.minimum is None else _fmt(self.minimum)
        hi = "inf" if self.maximum is None else _fmt(self.maximum)
        return f"[{lo}, {hi}]"

    def _error(self, problem: str) -> ValueError:
        unit = f" {self.unit}" if self.unit else ""
        return ValueError(f"{self.name}: {problem}; allowed: {self.range_text()}{unit}")

    def _check_number(self, x: float) -> float:
        if not math.isfinite(x):
            raise self._error(f"{x!r} is not a finite number")
        if self.minimum is not None and x < self.minimum:
            raise self._error(f"{_fmt(x)} is below the minimum")
        if self.maximum is not None and x > self.maximum:
            raise self._error(f"{_fmt(x)} is above the maximum")
        return x

    def validate(self, value: Any) -> Any:
        """Return ``value`` normalised to this parameter's kind, or raise ValueError.

        Parameters
        ----------
        value : Any
            A number, a string (for bools and choices), a sequence of names (per-element
            choices) or an array (vectors and matrices), in the parameter's unit.

        Returns
        -------
        Any
            float, int, bool, str, tuple of str, or a float64 array.

        Raises
        ------
        ValueError
            ``"name: problem; allowed: range unit"``: the message names the parameter and its
            allowed values.
        """
        kind = self.kind
        if kind == "choice":
            if self.per_element and not isinstance(value, str):
                try:
                    items = list(value)
                except TypeError:
                    raise self._error(f"{value!r} is not a name or a list of names") from None
                return tuple(self.validate_choice(v) for v in items)
            return self.validate_choice(value)
        if kind == "bool":
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered in ("1", "true", "on", "yes"):
                    return True
                if lowered in ("0", "false", "off", "no"):
                    return False
                raise self._error(f"{value!r} is not a boolean")
            if isinstance(value, (bool, int, float, np.integer, np.floating)):
                return bool(self._check_number(float(value)))
            raise self._error(f"{value!r} is not a boolean")
        if kind in ("vector", "matrix"):
            try:
                arr = np.array(value, dtype=np.float64)
            except (TypeError, ValueError):
                raise self._error(f"{value!r} is not numeric") from None
            want = 1 if kind == "vector" else 2
            if arr.ndim == 0:
                arr = arr.reshape((1,) * want)
            if arr.ndim != want:
                raise self._error(f"expected a {want}-D array, got shape {arr.shape}")
            for x in arr.ravel():
                self._check_number(float(x))
            return arr
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self._error(f"{value!r} is not a number") from None
        number = self._check_number(number)
        if kind == "int":
            if number != int(number):
                raise self._error(f"{_fmt(number)} is not an integer")
            return int(number)
        return number

    def validate_choice(self, value: Any) -> str:
        """One name of :attr:`choices`, or ValueError listing them.

        Parameters
        ----------
        value : Any
            The name (converted with ``str``).

        Returns
        -------
        str
            The name.
        """
        text = str(value)
        if text not in self.choices:
            raise self._error(f"{text!r} is not a known name")
        return text

    def describe(self) -> str:
        """One line for help texts: ``name (kind, range unit, default d): help``."""
        unit = f" {self.unit}" if self.unit else ""
        default = self.default
        if isinstance(default, float):
            default = _fmt(default)
        return f"{self.name} ({self.kind}, {self.range_text()}{unit}, default {default}): {self.help}"


def _fmt(x: float) -> str:
    return f"{x:g}"


def find(params: Sequence[Param], name: str) -> Param:
    """The declaration called ``name`` in ``params``.

    Parameters
    ----------
    params : sequence of Param
        Declarations (a processor's ``PARAMS``).
    name : str
        The parameter's name.

    Returns
    -------
    Param
        The declaration.

    Raises
    ------
    KeyError
        When no declaration has that name.
    """
    for p in params:
        if p.name == name:
            return p
    raise KeyError(name)
