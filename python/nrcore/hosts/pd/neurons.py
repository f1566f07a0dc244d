"""Pd objects for the audio-rate neurons: ``[nr.neuron~]``, ``[nr.dualneuron~]``, ``[nr.net~]``."""
from __future__ import annotations

from typing import Any

import numpy as np

from nrcore.hosts.pd.base import CONTROL, CONTROL_INLET_HELP, SIGNAL, Argument, Option, Port, SignalObject, _signals


class NeuronObject(SignalObject):
    name = "nr.neuron~"
    processor = "neuron"
    module = "nrcore.neuron"
    summary = "an artificial neuron at audio rate: a weighted nonlinear mixer"
    description = ("Weights each input signal, sums them with a bias, the neuron's own delayed "
                   "output (feedback) and white noise, and sends the sum through an "
                   "activation. The fire outlet is a comparator gate (0 or 1) on the output.")
    arguments = (Argument("inputs", 3, "number of input signals", 1, 64),)
    options = (Option("sigweights", "one more signal inlet per input: audio-rate weights, "
                      "replacing the weights parameter"),)
    help_arguments = (3, "-weights", 0.8, 0.5, 0.3, "-feedback", 0.4, "-noise", 0.05)
    help_sources = {0: ("adc~", 1)}  # sound in: the first input is the sound card's

    @classmethod
    def layout(cls, structure: dict[str, Any], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        n = structure["inputs"]
        inlets = _signals("x", n, "input signal {i}")
        if options.get("sigweights"):
            inlets += _signals("w", n, "audio-rate weight of input {i}")
        inlets += (Port(CONTROL, "control", CONTROL_INLET_HELP),)
        outlets = (Port(SIGNAL, "out", "the neuron's output"),
                   Port(SIGNAL, "fire", "comparator gate: goes to 1 when the output rises "
                                        "above threshold + hysteresis/2, back to 0 when it "
                                        "falls below threshold - hysteresis/2"))
        return inlets, outlets

    def plain_block(self) -> bool:
        # with -sigweights the rows are the inputs then the weights, the order the kernel's
        # block function takes them in (a kernel that cannot returns -1: perform is used)
        return True

    def render(self, block: np.ndarray) -> np.ndarray:
        if self.nr_options.get("sigweights"):
            n = self.nr_structure["inputs"]
            return self.nr_processor.process(block[:n], weights=block[n:])
        return self.nr_processor.process(block)


class DualNeuronObject(SignalObject):
    name = "nr.dualneuron~"
    processor = "dualneuron"
    module = "nrcore.network"
    summary = "the Nonlinear Circuits dual neuron, played with a 3D joystick"
    description = ("Two neurons A and B each mix joystick X, Y and Z through a row of the 2 x 3 "
                   "weights matrix, add a bias and the other neuron's delayed output "
                   "(cross_feedback). Below 1 the outputs follow the joystick, 1.25 to 2.5 "
                   "they sing a tone, from 3 they turn chaotic (cross_feedback's own "
                   "ranges). With 6 inputs each neuron has its own X, Y, Z jacks, "
                   "as on the module.")
    arguments = (Argument("inputs", 3, "3: one joystick into both neurons; 6: X, Y, Z for "
                                       "neuron A, then X, Y, Z for neuron B", 3, 6),)
    help_arguments = (3, "-cross_feedback", 2)
    help_sources = {0: ("cv", "joystick_X", -1, 1), 1: ("cv", "joystick_Y", -1, 1),
                    2: ("cv", "joystick_Z", -1, 1)}

    @classmethod
    def layout(cls, structure: dict[str, Any], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        if structure["inputs"] == 6:
            inlets = tuple(Port(SIGNAL, f"{neuron}{axis}", f"joystick {axis.upper()} into "
                                f"neuron {neuron.upper()}")
                           for neuron in "ab" for axis in "xyz")
        else:
            inlets = (Port(SIGNAL, "x", "joystick X (into both neurons, through the weights)"),
                      Port(SIGNAL, "y", "joystick Y"),
                      Port(SIGNAL, "z", "joystick Z"))
        inlets += (Port(CONTROL, "control", CONTROL_INLET_HELP),)
        outlets = (Port(SIGNAL, "a", "neuron A"), Port(SIGNAL, "b", "neuron B"))
        return inlets, outlets


class NetObject(SignalObject):
    name = "nr.net~"
    processor = "net"
    module = "nrcore.network"
    summary = "a recurrent network of audio-rate neurons"
    description = ("N neurons all see the input signals through the weights matrix (neurons x "
                   "inputs) and each other's delayed outputs through the recurrent matrix "
                   "(neurons x neurons). Matrices arrive row by row; weights_at and "
                   "recurrent_at change one element.")
    arguments = (Argument("neurons", 4, "number of neurons (and output signals)", 1, 64),
                 Argument("inputs", 2, "number of input signals (0 for a free-running "
                                       "network)", 0, 64))
    help_arguments = (3, 2, "-recurrent", 0, 1.5, 0, 0, 0, 1.5, 1.5, 0, 0, "-cutoff", 800)

    @classmethod
    def layout(cls, structure: dict[str, Any], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        inlets = _signals("x", structure["inputs"], "input signal {i}")
        inlets += (Port(CONTROL, "control", CONTROL_INLET_HELP),)
        outlets = _signals("y", structure["neurons"], "output of neuron {i}")
        return inlets, outlets
