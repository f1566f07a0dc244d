"""Rack hardware layers on simulated buses: ADCs, calibration, I2C errors, GPIO gates, encoder,
button, the control-value handoff and the audio ring."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from nrcore.rack import Rack
from nrcore.hosts.jetson.controls import ControlReader, ControlValues, InputAssignment
from nrcore.hosts.jetson.hardware.ads1x15 import ADCChannel, ADS1x15, Calibration
from nrcore.hosts.jetson.hardware.gpio import Button, Encoder, GateLine
from nrcore.hosts.jetson.launcher import AudioRing, RenderLoop

from test_rack_support import SR, FakeADS, FakeLineRequest, FakeSMBus, model_dir  # noqa: F401


def opamp(volts: float, centre: float = 1.65, gain: float = -0.3) -> float:
    """The reference input stage: Eurorack volts -> ADC pin volts."""
    return centre + gain * volts


def no_sleep(seconds: float) -> None:
    pass


@pytest.mark.parametrize("chip,bits,tolerance", [("ads1115", 16, 0.002), ("ads1015", 12, 0.02)])
def test_adc_reads_calibrated_eurorack_volts(chip, bits, tolerance):
    dev = FakeADS(bits)
    bus = FakeSMBus({0x48: dev})
    adc = ADS1x15(bus, 0x48, chip, sleep=no_sleep)
    channels = [ADCChannel(adc, ch) for ch in range(4)]
    for volts in (-5.0, -2.0, 0.0, 1.234, 5.0):
        for ch in range(4):
            dev.volts[ch] = opamp(volts + ch * 0.1 if volts < 5 else volts)
        for ch, channel in enumerate(channels):
            want = volts + ch * 0.1 if volts < 5 else volts
            assert abs(channel.read() - want) < tolerance
    assert dev.conversions == 20
    with pytest.raises(ValueError, match="address"):
        ADS1x15(bus, 0x20)
    with pytest.raises(ValueError, match="data_rate"):
        ADS1x15(bus, 0x48, "ads1115", data_rate=1000)


def test_two_point_calibration_inverts_any_opamp_stage():
    dev = FakeADS(16)
    adc = ADS1x15(FakeSMBus({0x49: dev}), 0x49, sleep=no_sleep)
    channel = ADCChannel(adc, 2)
    stage = dict(centre=2.0, gain=-0.19)      # a board whose resistors differ from the design
    readings = {}
    for volts in (-5.0, 5.0):
        dev.volts[2] = opamp(volts, **stage)
        channel.read()
        readings[volts] = channel.adc_volts
    channel.calibration = Calibration.from_points(readings[-5.0], readings[5.0])
    for volts in (-4.0, 0.0, 3.3):
        dev.volts[2] = opamp(volts, **stage)
        assert abs(channel.read() - volts) < 0.002
    with pytest.raises(ValueError, match="too close"):
        Calibration.from_points(1.0, 1.0)


def test_i2c_errors_keep_the_last_value_are_counted_and_audio_continues(model_dir):
    dev = FakeADS(16)
    bus = FakeSMBus({0x48: dev})
    adc = ADS1x15(bus, 0x48, sleep=no_sleep)
    channels = {f"adc0:{c}": ADCChannel(adc, c, name=f"adc0:{c}") for c in range(4)}
    assignment = InputAssignment({"gate1": "adc0:0", "cv1": "adc0:1", "cv3": "adc0:2"})
    values = ControlValues()
    reader = ControlReader(channels, assignment, values)
    rack = Rack(model_dir / "tiny_nsf_0", sample_rate=SR)
    ring = AudioRing(4, 256)
    loop = RenderLoop(rack, values, ring)
    out = np.zeros(256, np.float32)

    dev.volts[0] = opamp(5.0)   # gate high
    dev.volts[1] = opamp(3.0)
    reader.poll_once()          # gate 1 and CV1 (the first ADC CV in turn)
    loop.render_one()
    ring.read_into(out)
    volts = np.zeros(6)
    values.read(volts)
    assert abs(volts[2] - 3.0) < 0.002 and rack.triggers == 1

    dev.volts[1] = opamp(-4.0)  # changes, but the bus now fails
    bus.fail_reads = 10**6
    levels = []
    for _ in range(20):
        reader.poll_once()
        loop.render_one()
        ring.read_into(out)
        levels.append(float(np.max(np.abs(out))))
    values.read(volts)
    assert abs(volts[2] - 3.0) < 0.002           # last good value kept
    assert volts[0] == pytest.approx(5.0, abs=0.01)
    # Each pass reads the gate and one ADC CV in turn: 20 passes, 40 failed reads, all counted.
    assert reader.i2c_errors == 20 * 2
    assert channels["adc0:1"].errors == 10 and "Remote I/O" in channels["adc0:1"].last_error
    assert min(levels) > 1e-3 and ring.underruns == 0   # the impact kept sounding

    bus.fail_reads = 0                           # the bus recovers
    reader.poll_once()
    reader.poll_once()                           # a full round of the two ADC CVs
    values.read(volts)
    assert abs(volts[2] + 4.0) < 0.002


def test_gpio_gate_pulse_between_two_reads_still_triggers(model_dir):
    lines = FakeLineRequest([17, 18])
    lines.levels = {17: 1, 18: 1}      # active low: idle high
    gates = {17: GateLine(17, True, 1), 18: GateLine(18, True, 1)}
    values = ControlValues()
    reader = ControlReader({}, InputAssignment({"gate1": "gpio:17", "gate2": "gpio:18"}), values,
                           gpio=lines, gate_lines=gates)
    rack = Rack(model_dir / "tiny_nsf_0", sample_rate=SR)
    ring = AudioRing(2, 256)
    loop = RenderLoop(rack, values, ring)
    out = np.zeros(256, np.float32)
    reader.poll_once()
    loop.render_one()
    ring.read_into(out)
    assert rack.triggers == 0 and np.all(out == 0)
    lines.set(17, 0, after_ms=0.3)     # a 0.5 ms trigger pulse, entirely between two reads
    lines.set(17, 1, after_ms=0.5)
    reader.poll_once()
    loop.render_one()
    ring.read_into(out)
    assert rack.triggers == 1 and np.max(np.abs(out)) > 1e-3
    lines.set(18, 0)                   # gate 2 held: the freeze engages
    reader.poll_once()
    for _ in range(4):
        loop.render_one()
        ring.read_into(out)
    assert rack.frozen


def test_encoder_counts_detents_and_ignores_bounce():
    lines = FakeLineRequest([5, 6])
    lines.levels = {5: 1, 6: 1}
    enc = Encoder(5, 6, steps_per_detent=4, level_a=1, level_b=1)

    def feed_all():
        for e in lines.read_edge_events():
            enc.feed(e)

    def clockwise_detent(bounce: bool):
        # AB: 11 -> 01 -> 00 -> 10 -> 11 is one direction of the Gray sequence
        for offset, level in ((5, 0), (6, 0), (5, 1), (6, 1)):
            lines.set(offset, level, 0.5)
            if bounce:
                lines.set(offset, 1 - level, 0.05)
                lines.set(offset, level, 0.05)

    clockwise_detent(False)
    clockwise_detent(True)
    feed_all()
    first = enc.take()
    for offset, level in ((6, 0), (5, 0), (6, 1), (5, 1)):
        lines.set(offset, level, 0.5)
    feed_all()
    assert abs(first) == 2 and enc.take() == -np.sign(first)
    assert enc.take() == 0


def test_button_debounces_clicks_and_long_presses():
    lines = FakeLineRequest([7])
    lines.levels = {7: 1}
    button = Button(7, debounce_ms=20.0, long_ms=800.0, level=1)

    def step(offset_ms: float):
        for e in lines.read_edge_events():
            button.feed(e)
        return button.poll(lines.clock_ns + int(offset_ms * 1e6))

    for _ in range(5):               # contact bounce on press
        lines.set(7, 0, 0.2)
        lines.set(7, 1, 0.2)
    lines.set(7, 0, 0.2)
    assert step(5) == []             # not yet stable
    assert step(25) == []            # pressed (stable), no gesture yet
    lines.clock_ns += int(100e6)
    lines.set(7, 1, 0.1)
    lines.set(7, 0, 0.1)             # a bounce on release
    lines.set(7, 1, 0.1)
    assert step(30) == ["click"]
    assert button.bounces >= 5
    lines.set(7, 0, 1.0)
    assert step(25) == []
    assert step(900) == ["long"]
    lines.set(7, 1, 1000.0)
    assert step(30) == []            # releasing after a long press is not a click


def test_control_values_are_never_torn():
    values = ControlValues()
    stop = threading.Event()

    def writer():
        k = 0
        while not stop.is_set():
            k += 1
            values.publish(np.full(6, float(k)), (k, k))

    thread = threading.Thread(target=writer)
    thread.start()
    out = np.zeros(6)
    try:
        for _ in range(20000):
            r1, r2 = values.read(out)
            assert np.all(out == out[0]) and r1 == r2 == int(out[0])
    finally:
        stop.set()
        thread.join()


def test_audio_ring_keeps_order_and_counts_underruns():
    ring = AudioRing(3, 4)
    out = np.zeros(4, np.float32)
    assert not ring.read_into(out) and ring.underruns == 1 and np.all(out == 0)
    for k in range(3):
        ring.write(np.full(4, k, np.float32))
    assert not ring.space()
    got = []
    while ring.read_into(out):
        got.append(out[0])
    assert got == [0, 1, 2] and ring.underruns == 2


def test_importing_the_rack_needs_no_hardware_library():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys\n"
            "for m in ('smbus2', 'gpiod', 'luma', 'luma.core', 'luma.oled', 'luma.lcd', 'PIL',\n"
            "          'sounddevice', 'Jetson', 'Jetson.GPIO', 'pythonosc', 'mido'):\n"
            "    sys.modules[m] = None   # importing any of them now raises ImportError\n"
            "import nrcore, nrcore.rack, nrcore.hosts.jetson.launcher, nrcore.hosts.jetson.menu, nrcore.hosts.jetson.sim\n"
            "import nrcore.hosts.jetson.controls, nrcore.hosts.jetson.hardware, nrcore.hosts.jetson.hardware.display\n")
    root = Path(__file__).parents[1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(root / "python"), "PATH": "/usr/bin:/bin"},
                          timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_audio_callback_allocates_no_buffers():
    """The real callback method with real sounddevice flags, with blocks ready and without:
    at most a view object (bytes, not a 1 KiB block) is allocated, and nothing is kept."""
    import tracemalloc

    import sounddevice as sd

    from nrcore.hosts.jetson.launcher import SoundDeviceOutput

    ring = AudioRing(2, 256)
    output = object.__new__(SoundDeviceOutput)   # the stream itself needs a sound card
    output.ring, output.xruns = ring, 0
    outdata = np.zeros((256, 1), np.float32)
    flags = sd.CallbackFlags()
    ring.write(np.ones(256, np.float32))
    output._callback(outdata, 256, None, flags)  # warm up
    assert np.all(outdata == 1.0)
    tracemalloc.start()
    try:
        for i in range(2000):
            if i % 2:
                ring.write(outdata[:, 0])        # the writer side is not under test
            tracemalloc.reset_peak()
            output._callback(outdata, 256, None, flags)
            _, peak = tracemalloc.get_traced_memory()
            assert peak < 512
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert current < 512 and ring.underruns > 0


def test_the_ring_logs_each_underrun_with_the_time_since_the_previous_callback():
    """What the real-time report uses to tell a late render thread (an underrun after a
    callback on time) from a host catching up after its own stall (callbacks back to back)."""
    import time

    ring = AudioRing(2, 64)
    out = np.zeros(64, np.float32)
    ring.read_into(out)                       # nothing written yet: underrun at pull 0
    ring.write(np.ones(64, np.float32))
    time.sleep(0.02)
    assert ring.read_into(out) and np.all(out == 1.0)
    assert not ring.read_into(out)            # at once: underrun at pull 2, ~0 ms after
    events = ring.events()
    assert [(kind, pull) for kind, pull, _ in events] == [("underrun", 0), ("underrun", 2)]
    assert events[1][2] < 0.015e9
    assert ring.underruns == 2 and ring.pulls == 3


def test_stolen_time_summary_finds_the_worst_second():
    """rtcheck's reading of /proc/stat's steal column: totals per CPU and the worst 1 s."""
    import os

    from nrcore.hosts.jetson.rtcheck import StealMonitor

    tick_ms = 1000.0 / os.sysconf("SC_CLK_TCK")
    monitor = StealMonitor()
    # Two CPUs sampled every 0.5 s for 5 s; CPU 1 loses 30 ticks between t = 2.0 and 2.5 s.
    monitor.samples = [(0.5 * i, [i, 100 + (30 if i >= 5 else 0)]) for i in range(11)]
    summary = monitor.summary()
    assert summary["total_ms"] == [round(10 * tick_ms), round(30 * tick_ms)]
    assert summary["worst_second_ms"] == round(30 * tick_ms)
    assert StealMonitor().summary() == {}            # no samples: nothing claimed


def test_underruns_are_the_hosts_after_its_xruns_and_on_catch_up_callbacks():
    from nrcore.hosts.jetson.rtcheck import classify_underruns

    report = {"callback_ms": 5.333, "xrun_events": [
        ["underrun", 100, 5.4],     # on time, the ring empty: the render thread's
        ["host", 200, 12.0],
        ["underrun", 202, 0.2],     # right after the host's own xrun
        ["underrun", 300, 0.377],   # a missed cycle run back to back, no xrun reported
        ["underrun", 400, 2.0],     # early, but not a catch-up
    ]}
    own, host = classify_underruns(report)
    assert [e[1] for e in own] == [100, 400]
    assert [e[1] for e in host] == [202, 300]
    # Without the period (an older report) only the xrun rule applies.
    own, host = classify_underruns({"xrun_events": report["xrun_events"]})
    assert [e[1] for e in own] == [100, 300, 400]
