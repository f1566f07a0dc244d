"""nrcore: artificial neurons as musical instruments.

Processors are plain objects: construct with keyword parameters, call ``process(x)`` on float32
arrays shaped ``(inputs, samples)``, read and assign parameters as attributes.

>>> import nrcore
>>> neuron = nrcore.Neuron(inputs=3, activation="tanh", feedback=0.5, noise=0.01)
"""
from .activations import ACTIVATIONS
from .ann import MLP
from .instrument import Instrument
from .learning import LearningNetwork, LearningNeuron
from .network import DualNeuron, Network
from .neuron import Neuron
from .params import Param
from .processor import REGISTRY, Processor
from .rack.engine import Rack
from .synth import DescriptorVAE, ImpactSynth

__version__ = "0.1.0"

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
