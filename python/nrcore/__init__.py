"""nrcore: artificial neurons as musical instruments.

Processors are plain objects: construct with keyword parameters, call ``process(x)`` on float32
arrays shaped ``(inputs, samples)``, read and assign parameters as attributes.

>>> import nrcore
>>> neuron = nrcore.Neuron(inputs=3, activation="tanh", feedback=0.5, noise=0.01)
"""
from nrcore import _moved
from nrcore.activations import ACTIVATIONS
from nrcore.ann import MLP
from nrcore.instrument import Instrument
from nrcore.learning import LearningNetwork, LearningNeuron
from nrcore.network import DualNeuron, Network
from nrcore.neuron import Neuron
from nrcore.params import Param
from nrcore.processor import REGISTRY, Processor
from nrcore.rack.engine import Rack
from nrcore.synthesis.runtime import DescriptorVAE, ImpactSynth

__version__ = "0.1.0"

_moved.install()

__all__ = [
    "ACTIVATIONS",
    "DescriptorVAE",
    "DualNeuron",
    "ImpactSynth",
    "Instrument",
    "LearningNetwork",
    "LearningNeuron",
    "MLP",
    "Network",
    "Neuron",
    "Param",
    "Processor",
    "REGISTRY",
    "Rack",
    "__version__",
]
