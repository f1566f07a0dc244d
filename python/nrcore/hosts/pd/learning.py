"""Pd object for the learning neuron: ``[nr.learn~]``."""
from __future__ import annotations

from typing import Any

from nrcore.hosts.pd.base import (CONTROL, CONTROL_INLET_HELP, PRINT, SIGNAL, Argument, Message, Option,
                                  Port, SignalObject, _signals)


class LearnObject(SignalObject):
    name = "nr.learn~"
    processor = "learn"
    module = "nrcore.learning"
    summary = "a neuron that learns, every sample, to turn its inputs into a target"
    description = ("Mixes the input signals through its weights and activation, compares the "
                   "result y with the target signal and adjusts the weights (NLMS, LMS or "
                   "sign-error). A target the inputs can make is learned and the error falls "
                   "silent; an unreachable one keeps it searching.")
    arguments = (Argument("inputs", 3, "number of input signals", 1, 64),)
    options = (Option("report", "send the weights out every this many ms (0: only on bang)",
                      default=0.0, minimum=0.0, maximum=1e6, unit="ms"),)
    messages = (Message("reset", "", "restore the initial weights and clear the counters"),
                PRINT,
                Message("bang", "", "send the current weights (and bias, last) out"),
                Message("report", "ms", "send the weights every ms milliseconds (0 stops)"))
    help_arguments = (3, "-mu", 0.5, "-report", 100)
    help_messages = ("bang", "report 0", "report 100")

    @classmethod
    def layout(cls, structure: dict[str, Any], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        inlets = _signals("x", structure["inputs"], "input signal {i}")
        inlets += (Port(SIGNAL, "target", "target signal the neuron learns to produce"),
                   Port(CONTROL, "control", CONTROL_INLET_HELP))
        outlets = (Port(SIGNAL, "y", "the neuron's output"),
                   Port(SIGNAL, "error", "target - y, before this sample's update"),
                   Port(CONTROL, "weights", "list: the current weights, then the bias"))
        return inlets, outlets

    def setup(self) -> None:
        self.nr_clock = self.new_clock("_nr_report_tick")
        self.nr_report_ms = 0.0
        self.message_report([self.nr_options["report"]])

    def receive(self, inlet: int, selector: str, atoms: list[Any]) -> None:
        if inlet == self.nr_control_inlet and selector == "bang":
            self.message_bang(atoms)
        else:
            super().receive(inlet, selector, atoms)

    def message_bang(self, atoms: list[Any]) -> None:
        proc = self.nr_processor
        weights = [float(w) for w in proc.current_weights] + [float(proc.current_bias)]
        self.out(len(self.nr_outlets) - 1, self._nr_pd.LIST, weights)

    def message_report(self, atoms: list[Any]) -> None:
        if len(atoms) != 1 or not isinstance(atoms[0], (int, float)) or atoms[0] < 0:
            raise ValueError(f"report: expected one interval in ms >= 0, got {atoms}")
        self.nr_report_ms = float(atoms[0])
        self.nr_clock.unset()
        if self.nr_report_ms > 0:
            self.nr_clock.delay(self.nr_report_ms)

    def _nr_report_tick(self) -> None:
        self.message_bang([])
        if self.nr_report_ms > 0:
            self.nr_clock.delay(self.nr_report_ms)
