"""Hosts: thin adapters that run nrcore's processors inside other programs.

:mod:`~nrcore.hosts.pd` (Pure Data objects and their help patches), :mod:`~nrcore.hosts.osc`
(the server Max and other OSC clients talk to), :mod:`~nrcore.hosts.max` (the generated Max
package), :mod:`~nrcore.hosts.jetson` (the Neurorack module: launcher, menu, hardware).
None re-implements DSP; each turns its host's inputs into processor calls.
"""
