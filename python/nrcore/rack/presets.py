"""Descriptor presets F1 and F2: the two descriptor sets CV1 morphs between, as user files.

A preset is a set of raw descriptor curves shaped ``(7, frames)`` (rows in
:data:`nrcore.descriptors.DESCRIPTOR_NAMES` order, frames at the models' frame rate, 44100 / 512
= 86.1 frames per second). On disk it is JSON or TOML (chosen by the suffix)::

    format = "nrcore-preset"
    version = 1
    name = "soft kick"
    frames = 48

    [descriptors]
    rms = [0.3, 0.27, ...]   # a list of `frames` numbers ...
    zcr = 0.02               # ... or one number, held for every frame
    ...

Saving is atomic (a temporary file in the same folder, flushed and fsynced, then renamed over
the target), so a power cut during a save from the rack's menu leaves either the old or the
new preset, never a torn file.
"""
from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nrcore.descriptors import DESCRIPTOR_NAMES
from nrcore.synthesis.runtime import DESCRIPTOR_RANGES, check_curves

FORMAT = "nrcore-preset"
VERSION = 1
MAX_PRESET_FRAMES = 1024


class PresetError(ValueError):
    """A preset file is missing, malformed or holds values outside the descriptors' ranges."""


@dataclass
class DescriptorPreset:
    """Named raw descriptor curves ``(7, frames)``, float64."""

    name: str
    curves: np.ndarray

    def __post_init__(self) -> None:
        self.curves = validate_curves(self.curves, self.name or "preset")

    @property
    def frames(self) -> int:
        return int(self.curves.shape[1])

    def level(self, descriptor: str) -> float:
        """The descriptor's peak (rms) or mean (others) over the curve: what the menu edits."""
        row = self.curves[_row(descriptor)]
        return float(row.max() if descriptor == "rms" else row.mean())

    def set_level(self, descriptor: str, value: float) -> None:
        """Scale the descriptor's curve so :meth:`level` becomes ``value`` (a flat curve is
        set to ``value`` everywhere). Raises ValueError outside the descriptor's range."""
        d = _row(descriptor)
        lo, hi = DESCRIPTOR_RANGES[d]
        value = float(value)
        if not (math.isfinite(value) and lo <= value <= hi):
            raise ValueError(f"{descriptor}: {value!r} is outside [{lo:g}, {hi:g}]")
        current = self.level(descriptor)
        row = self.curves[d]
        if current > 1e-12:
            row *= value / current
        else:
            row[:] = value
        np.clip(row, lo, hi, out=row)

    def to_dict(self) -> dict[str, Any]:
        descriptors: dict[str, Any] = {}
        for name, row in zip(DESCRIPTOR_NAMES, self.curves):
            values = [float(f"{v:.7g}") for v in row]
            descriptors[name] = values[0] if len(set(values)) == 1 else values
        return {"format": FORMAT, "version": VERSION, "name": self.name, "frames": self.frames,
                "descriptors": descriptors}


def _row(descriptor: str) -> int:
    try:
        return DESCRIPTOR_NAMES.index(descriptor)
    except ValueError:
        raise ValueError(f"descriptor: {descriptor!r} is not one of "
                         f"{', '.join(DESCRIPTOR_NAMES)}") from None


def validate_curves(curves: Any, what: str = "curves") -> np.ndarray:
    """Raw curves as float64 ``(7, frames)``; ValueError naming the descriptor that is out of
    range (presets are user data: they are refused, not silently clamped)."""
    arr = np.array(curves, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != len(DESCRIPTOR_NAMES) or not (
            1 <= arr.shape[1] <= MAX_PRESET_FRAMES):
        raise ValueError(f"{what}: expected curves shaped (7, frames) with 1 to "
                         f"{MAX_PRESET_FRAMES} frames, got shape {arr.shape}")
    _, report = check_curves(arr, what)
    if report:
        raise ValueError("; ".join(report))
    return arr


# -- the built-in pair ---------------------------------------------------------------------------
def builtin_preset(which: str, frames: int = 48) -> DescriptorPreset:
    """The factory F1 (a soft, low, dark thump) or F2 (a short, bright, noisy hit)."""
    k = np.arange(frames, dtype=np.float64)
    if which == "f1":
        rows = [0.30 * np.exp(-k / 14.0), np.full(frames, 0.02), 350.0 + 250.0 * np.exp(-k / 6.0),
                np.full(frames, 700.0), np.full(frames, 500.0), np.full(frames, 0.02),
                55.0 + 25.0 * np.exp(-k / 4.0)]
        name = "soft low thump"
    elif which == "f2":
        rows = [0.40 * np.exp(-k / 5.0), np.full(frames, 0.15), 2500.0 + 1500.0 * np.exp(-k / 3.0),
                np.full(frames, 7000.0), np.full(frames, 3000.0), np.full(frames, 0.3),
                np.full(frames, 220.0)]
        name = "bright noisy hit"
    else:
        raise ValueError(f"which: {which!r} is not 'f1' or 'f2'")
    return DescriptorPreset(name, np.stack(rows))


# -- files ---------------------------------------------------------------------------------------
def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PresetError(f"{path}: not valid TOML ({exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PresetError(f"{path}: not valid JSON ({exc})") from None


def preset_from_dict(data: Any, where: str = "preset") -> DescriptorPreset:
    """Build a preset from the parsed file contents; PresetError says what is wrong."""
    if not isinstance(data, dict):
        raise PresetError(f"{where}: not a table/object")
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise PresetError(f"{where}: format {data.get('format')!r} version "
                          f"{data.get('version')!r}; expected {FORMAT!r} version {VERSION}")
    frames = data.get("frames")
    if isinstance(frames, bool) or not isinstance(frames, int) or not (
            1 <= frames <= MAX_PRESET_FRAMES):
        raise PresetError(f"{where}: frames must be an integer in [1, {MAX_PRESET_FRAMES}], got "
                          f"{frames!r}")
    table = data.get("descriptors")
    if not isinstance(table, dict):
        raise PresetError(f"{where}: missing the descriptors table")
    unknown = set(table) - set(DESCRIPTOR_NAMES)
    missing = [n for n in DESCRIPTOR_NAMES if n not in table]
    if unknown or missing:
        raise PresetError(f"{where}: descriptors: unknown {sorted(unknown) or 'none'}, missing "
                          f"{missing or 'none'}")
    rows = []
    for name in DESCRIPTOR_NAMES:
        value = table[name]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            rows.append(np.full(frames, float(value)))
        elif isinstance(value, list) and len(value) == frames and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            rows.append(np.array(value, dtype=np.float64))
        else:
            raise PresetError(f"{where}: {name} must be a number or a list of {frames} numbers")
    try:
        return DescriptorPreset(str(data.get("name", "")), np.stack(rows))
    except ValueError as exc:
        raise PresetError(f"{where}: {exc}") from None


def load_preset(path: str | Path) -> DescriptorPreset:
    """Read a JSON or TOML preset (by suffix)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PresetError(f"{path}: cannot read ({exc})") from None
    return preset_from_dict(_parse(path, text), str(path))


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def dumps_toml(data: dict[str, Any]) -> str:
    """A preset dictionary as TOML (the subset presets need: scalars, lists, one table)."""
    lines = []
    tables = []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, table in tables:
        lines.append("")
        lines.append(f"[{key}]")
        for k, v in table.items():
            lines.append(f"{k} = {_toml_value(v)}")
    return "\n".join(lines) + "\n"


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` so that ``path`` holds either its old or its new contents, whatever
    happens: temporary file in the same folder, fsync, rename, fsync of the folder."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - folders that cannot be opened (some platforms)
        return path
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return path


def save_preset(preset: DescriptorPreset, path: str | Path) -> Path:
    """Save atomically as TOML (``.toml``) or JSON (anything else)."""
    path = Path(path)
    data = preset.to_dict()
    text = dumps_toml(data) if path.suffix.lower() == ".toml" else json.dumps(data, indent=1) + "\n"
    return atomic_write_text(path, text)
