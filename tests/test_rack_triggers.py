"""Gates through GPIO edges catch 1 ms triggers, in real time, with the simulator's timing.

In ``--sim`` the gates are simulated GPIO lines (nrcore.hosts.jetson.hardware.simbus): driving
one queues an edge event stamped with the monotonic clock, as the kernel's GPIO character
device does. The control thread polls every 2 ms, longer than the pulses, so a pulse is seen
only through the queued edges, exactly as on the documented hardware wiring.
"""
from __future__ import annotations

import time

import numpy as np
from luma.core.device import dummy

from nrcore.hosts.jetson.hardware.simbus import SimLines
from nrcore.hosts.jetson.launcher import SIM_GATE_LINES, Launcher, WavOutput, load_config
from nrcore.hosts.jetson.sim import SimInputs
from nrcore.hosts.jetson.rtcheck import usable_model


def sim_launcher(tmp_path, model):
    config = load_config(text=(
        f'[model]\npath = "{model}"\n'
        f'[presets]\nf1 = "{tmp_path / "f1.toml"}"\nf2 = "{tmp_path / "f2.toml"}"\n'
        f'[system]\ncalibration_file = "{tmp_path / "cal.toml"}"\n'
        '[controls]\nrate_hz = 500\n'))
    return Launcher(config, display=dummy(width=128, height=64, mode="1"), sim=True)


def test_simulated_gates_are_gpio_lines_with_timestamped_edges(tmp_path):
    launcher = sim_launcher(tmp_path, usable_model(tmp_path))
    assert isinstance(launcher.gpio, SimLines)
    assert launcher.controls.assignment.sources["gate1"] == f"gpio:{SIM_GATE_LINES[0]}"
    sim = SimInputs(launcher)
    sim.set("gate1", 5.0, timestamp_ns=123)
    sim.set("gate1", 0.0, timestamp_ns=1_000_123)
    events = launcher.gpio.read_edge_events()
    assert [(e.event_type.name, e.timestamp_ns) for e in events] == [
        ("FALLING_EDGE", 123), ("RISING_EDGE", 1_000_123)]    # active low


def test_thirty_one_millisecond_triggers_are_all_caught_in_real_time(tmp_path):
    launcher = sim_launcher(tmp_path, usable_model(tmp_path))
    sim = SimInputs(launcher)
    output = WavOutput(launcher.ring, tmp_path / "out.wav", launcher.sample_rate)
    launcher.start(output)
    try:
        time.sleep(0.2)
        for _ in range(30):
            sim.set("gate1", 5.0)
            end = time.monotonic() + 0.001      # 1 ms high
            while time.monotonic() < end:
                pass
            sim.set("gate1", 0.0)
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        launcher.stop()
    assert launcher.rack.triggers == 30
    edges = launcher.controls.edge_times()
    assert len(edges) == 30
    # Every pulse was shorter than one control pass: its edges came from the queue.
    assert np.all(np.diff(edges) > 40e6)
