"""Old import paths from before the package was split into layers, kept working.

``import nrcore.synth`` (or ``from nrcore.pdadapter import NeuronObject`` in an old ``.pd_py``
file) still works: a finder on ``sys.meta_path`` answers each old name with the module at its
new place, so both names are the same module object and nothing is imported twice. New code
should use the new names; nothing here is imported unless an old name is asked for.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType
from typing import Sequence

#: old dotted name -> new dotted name
MOVED: dict[str, str] = {
    "nrcore.synth": "nrcore.synthesis.runtime",
    "nrcore.modelfile": "nrcore.synthesis.modelfile",
    "nrcore.evaluate": "nrcore.synthesis.evaluate",
    "nrcore.corpus": "nrcore.synthesis.data.corpus",
    "nrcore.impacts": "nrcore.synthesis.data.impacts",
    "nrcore.resample": "nrcore.synthesis.data.resample",
    "nrcore.nsf_model": "nrcore.synthesis.training.nsf_model",
    "nrcore.vae_model": "nrcore.synthesis.training.vae_model",
    "nrcore.train": "nrcore.synthesis.training.train",
    "nrcore.export_nn": "nrcore.synthesis.training.export_nn",
    "nrcore.pdadapter": "nrcore.hosts.pd",
    "nrcore.pdhelp": "nrcore.hosts.pd.help",
    "nrcore.maxgen": "nrcore.hosts.max.package",
    "nrcore.osc": "nrcore.hosts.osc",
    "nrcore.osc.address": "nrcore.hosts.osc.address",
    "nrcore.osc.codec": "nrcore.osc_codec",
    "nrcore.osc.engine": "nrcore.hosts.osc.engine",
    "nrcore.osc.files": "nrcore.hosts.osc.files",
    "nrcore.osc.server": "nrcore.hosts.osc.server",
    "nrcore.rack.launcher": "nrcore.hosts.jetson.launcher",
    "nrcore.rack.sim": "nrcore.hosts.jetson.sim",
    "nrcore.rack.menu": "nrcore.hosts.jetson.menu",
    "nrcore.rack.controls": "nrcore.hosts.jetson.controls",
    "nrcore.rack.hardware": "nrcore.hosts.jetson.hardware",
    "nrcore.rack.hardware.ads1x15": "nrcore.hosts.jetson.hardware.ads1x15",
    "nrcore.rack.hardware.display": "nrcore.hosts.jetson.hardware.display",
    "nrcore.rack.hardware.gpio": "nrcore.hosts.jetson.hardware.gpio",
    "nrcore.cli": "nrcore.app.cli",
    "nrcore.demo": "nrcore.app.demo",
    "nrcore.synth_demo": "nrcore.app.synth_demo",
    "nrcore.playback": "nrcore.app.playback",
}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        # The import system returns whatever sys.modules holds under the old name once this
        # returns, so the old name becomes the real module (one object, its __spec__ intact).
        sys.modules[module.__name__] = importlib.import_module(self.target)


class MovedModuleFinder(importlib.abc.MetaPathFinder):
    """Finds each old name of :data:`MOVED` as an alias of its new module."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(new))


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once): an old name below a moved package
    (``nrcore.osc.server``) would otherwise be found again by the path finder inside the new
    package's folder and loaded a second time as a separate module."""
    if not any(isinstance(f, MovedModuleFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, MovedModuleFinder())
