"""The Neurorack instrument: the gate/CV engine, descriptor presets, menu, hardware and launcher.

Importing this package needs only numpy and the nrcore core; the hardware drivers (smbus2,
gpiod, luma.*) and sounddevice are imported when a launcher or driver is actually built.
"""
from .engine import INPUTS, Rack
from .presets import DescriptorPreset, PresetError, builtin_preset, load_preset, save_preset

__all__ = ["INPUTS", "Rack", "DescriptorPreset", "PresetError", "builtin_preset", "load_preset",
           "save_preset"]
