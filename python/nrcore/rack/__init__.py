"""The Neurorack instrument: the gate/CV engine and descriptor presets, shared by every host
(Python, Pd, OSC, the Jetson module in :mod:`nrcore.hosts.jetson`)."""
from nrcore.rack.engine import INPUTS, Rack
from nrcore.rack.presets import DescriptorPreset, PresetError, builtin_preset, load_preset, save_preset

__all__ = ["INPUTS", "Rack", "DescriptorPreset", "PresetError", "builtin_preset", "load_preset",
           "save_preset"]
