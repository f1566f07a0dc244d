"""Pd objects for nrcore processors, written to py4pd 1.x's ``puredata.NewObject`` API.

The adapters live in :mod:`nrcore.hosts.pd.base` (conventions every object follows) and one
module per family: :mod:`~nrcore.hosts.pd.neurons`, :mod:`~nrcore.hosts.pd.learning`,
:mod:`~nrcore.hosts.pd.ann`, :mod:`~nrcore.hosts.pd.synthesis`. :mod:`nrcore.hosts.pd.help`
generates each object's help patch from the same declarations.
"""
from __future__ import annotations

from nrcore.hosts.pd.ann import AnnObject
from nrcore.hosts.pd.base import CONTROL, SIGNAL, PdObject
from nrcore.hosts.pd.learning import LearnObject
from nrcore.hosts.pd.neurons import DualNeuronObject, NetObject, NeuronObject
from nrcore.hosts.pd.synthesis import DescriptorsObject, RackObject, SynthObject

#: Every Pd object by name (the .pd_py files bind these; the help generator documents them).
OBJECTS: dict[str, type[PdObject]] = {
    cls.name: cls for cls in (NeuronObject, DualNeuronObject, NetObject, LearnObject, AnnObject,
                              DescriptorsObject, SynthObject, RackObject)
}

__all__ = ["AnnObject", "CONTROL", "DescriptorsObject", "DualNeuronObject", "LearnObject",
           "NetObject", "NeuronObject", "OBJECTS", "PdObject", "RackObject", "SIGNAL",
           "SynthObject"]
