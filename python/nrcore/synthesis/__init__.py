"""Neural synthesis: the descriptor-driven Sinc-NSF impact synth and the descriptor VAE.

Layers, bottom up: :mod:`~nrcore.synthesis.modelfile` (safetensors + JSON model files, never
unpickled), :mod:`~nrcore.synthesis.runtime` (the torch-free runtime every host plays),
:mod:`~nrcore.synthesis.evaluate` (measures a model against DSP references),
:mod:`~nrcore.synthesis.data` (sounds to train on) and :mod:`~nrcore.synthesis.training` (the
only place that imports torch).
"""
from nrcore.synthesis.runtime import DescriptorVAE, ImpactSynth, example_curves

__all__ = ["DescriptorVAE", "ImpactSynth", "example_curves"]
