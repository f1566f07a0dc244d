"""The rack: control-to-sound latency, CPU load per 256-sample block, resident memory.

Run: .venv/bin/python benchmarks/bench_rack.py [--quick]

Model: a Sinc-NSF file with the shipped model's default architecture (hidden 64, 16 harmonics,
41 sinc taps, 4 noise bands), random weights written through nrcore.synthesis.modelfile.save_model. Its
cost per block is that of any trained model of this size.

Peers, side by side in this script, pinned to one core:
- CPU: the bare ImpactSynth (one voice sounding) in the same 256-sample blocks at 48 kHz, the
  work the rack wraps; the rack's overhead is the ratio. Rack cases: one impact sounding; a
  retrigger every block (voice stealing, two voices); gate-2 freeze held; CV2 scrubbing; a model
  crossfade (two models sounding).
- Latency: (1) inside the engine: samples from a gate edge to the first non-zero output sample;
  (2) through the launcher's threads: a simulated gate set at a random moment to the first
  non-silent sample leaving a consumer that pulls blocks in real time as the audio callback
  does (everything except the sound card's own buffer, which adds its output latency).
  The original Neurorack rendered 16 frames of 512 samples per model call (8192 samples, 372 ms
  at 22050 Hz; FIELD-NOTES), a granularity below which its latency could not go.
- Memory: peak resident set of `python -m nrcore.hosts.jetson --sim --fast` rendering 5 s,
  against `python -c "import numpy"` and against loading one ImpactSynth.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from common import ROOT, pin_to_one_core, table

from nrcore.synthesis.modelfile import NSFConfig, expected_shapes, save_model
from nrcore.rack import Rack
from nrcore.hosts.jetson.launcher import Launcher, load_config
from nrcore.hosts.jetson.sim import SimInputs
from nrcore.synthesis.runtime import ImpactSynth

SR = 48000
BLOCK = 256


def make_model(folder: Path, seed: int) -> Path:
    config = NSFConfig()
    rng = np.random.default_rng(seed)
    tensors = {k: 0.2 * rng.standard_normal(s) for k, s in expected_shapes(config).items()}
    tensors["out.bias"][0] = 2.0
    stem = folder / f"bench_nsf_{seed}"
    save_model(stem, config, tensors)
    return stem


def long_curves(frames: int = 1000) -> np.ndarray:
    from nrcore.rack import builtin_preset
    c = builtin_preset("f1", frames).curves
    c[0] = 0.2
    return c


# -- CPU ---------------------------------------------------------------------------------------
def cpu_rows(model_a: Path, model_b: Path, blocks: int, rounds: int = 5) -> list[tuple]:
    """Each case is built afresh (untimed) every round, then ``blocks`` blocks are timed; the
    rounds interleave the cases so that load from elsewhere hits them alike; best round wins."""
    curves = long_curves()

    def synth_case():
        synth = ImpactSynth(model_a, sample_rate=SR, voices=1)
        synth.trigger(curves)
        return lambda: synth.process(BLOCK)

    def rack_case(switch: bool = False, pulse: bool = False, lfo: bool = False, **inputs):
        def build():
            rack = Rack(model_a, sample_rate=SR, f1=curves, f2=curves, model_fade_ms=1000.0)
            x = np.zeros((6, BLOCK), np.float32)
            x[0, 1:] = 5.0
            rack.process(x)
            rack.set_inputs(gate1=5.0, **inputs)
            if switch:
                rack.load_model(model_b, wait=True)
                rack.process(BLOCK)          # the crossfade (1 s) starts here
            if pulse:
                gate = np.zeros((6, BLOCK), np.float32)
                gate[0, :BLOCK // 2] = 5.0
                return lambda: rack.process(gate)
            if lfo:      # CV1 moves at every control point (every 128 samples)
                ramps = [np.zeros((6, BLOCK), np.float32) for _ in range(2)]
                for r, (a, b) in zip(ramps, ((-5.0, 0.0), (0.0, -5.0))):
                    r[0] = 5.0
                    r[2] = np.linspace(a, b, BLOCK)
                turn = [0]

                def step():
                    turn[0] ^= 1
                    return rack.process(ramps[turn[0]])
                return step
            return lambda: rack.process(BLOCK)
        return build

    cases = [
        ("ImpactSynth alone (peer)", synth_case),
        ("rack, one impact sounding", rack_case()),
        ("rack, retrigger every block (steal fades)", rack_case(pulse=True)),
        ("rack, gate-2 freeze held", rack_case(gate2=5.0)),
        ("rack, CV1 moving (LFO)", rack_case(lfo=True)),
        ("rack, CV2 scrubbing", rack_case(cv2=2.5)),
        ("rack, model crossfade (2 models)", rack_case(switch=True)),
    ]
    best = {name: float("inf") for name, _ in cases}
    for _ in range(rounds):
        for name, build in cases:
            step = build()
            start = time.perf_counter()
            for _ in range(blocks):
                step()
            best[name] = min(best[name], (time.perf_counter() - start) / blocks)
    period = BLOCK / SR
    peer = best["ImpactSynth alone (peer)"]
    return [(name, f"{t * 1e6:.0f}", f"{100 * t / period:.1f}", f"{t / peer:.2f}")
            for name, t in best.items()]


# -- latency -----------------------------------------------------------------------------------
def engine_latency(model: Path) -> int:
    worst = 0
    for edge in (0, 1, 100, 255):
        rack = Rack(model, sample_rate=SR)
        x = np.zeros((6, BLOCK), np.float32)
        x[0, edge:] = 5.0
        y = rack.process(x)[0]
        first = int(np.argmax(np.abs(y) > 0))
        worst = max(worst, first - edge)
    return worst


def launcher_latency(model: Path, folder: Path, triggers: int, queue_blocks: int) -> np.ndarray:
    config = load_config(text=f"""
[audio]
sample_rate = {SR}
block_size = {BLOCK}
queue_blocks = {queue_blocks}
[model]
path = "{model}"
[presets]
f1 = "{folder / 'f1.toml'}"
f2 = "{folder / 'f2.toml'}"
[display]
driver = "dummy"
[system]
calibration_file = "{folder / 'cal.toml'}"
""")
    from luma.core.device import dummy
    launcher = Launcher(config, display=dummy(128, 64, mode="1"), sim=True)
    sim = SimInputs(launcher)
    launcher.controls.start(500.0)
    for _ in range(queue_blocks):
        launcher.render.render_one()
    launcher.render.start()
    period = BLOCK / SR
    out = np.zeros(BLOCK, np.float32)
    latencies = []
    rng = np.random.default_rng(0)
    pending: list[float] = []
    stop = threading.Event()

    def consumer():           # the audio callback's part, paced by the clock
        next_at = time.perf_counter()
        while not stop.is_set():
            next_at += period
            delay = next_at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            launcher.ring.read_into(out)
            if pending:
                hit = np.flatnonzero(np.abs(out) > 0)
                if hit.size:
                    # the block's first sample leaves at the start of this period
                    leaves = next_at - period + hit[0] / SR
                    latencies.append(leaves - pending.pop())

    thread = threading.Thread(target=consumer, daemon=True)
    thread.start()
    try:
        for _ in range(triggers):
            deadline = time.perf_counter() + 3.0
            while launcher.rack.sounding and time.perf_counter() < deadline:
                time.sleep(0.005)       # the last impact has ended (read-only look)
            time.sleep((queue_blocks + 2) * period + rng.uniform(0, period))
            pending.append(time.perf_counter())
            sim.set("gate1", 5.0)
            time.sleep(0.02)
            sim.set("gate1", 0.0)
            deadline = time.perf_counter() + 1.0
            while pending and time.perf_counter() < deadline:
                time.sleep(0.001)
            pending.clear()
    finally:
        stop.set()
        thread.join()
        launcher.render.stop()
        launcher.controls.stop()
    return np.array(latencies), launcher.ring.underruns


# -- memory ------------------------------------------------------------------------------------
def child_peak_rss_mb(args: list[str]) -> float:
    env = dict(os.environ, PYTHONPATH=str(Path(ROOT) / "python"))
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
            "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True,
                         capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024.0


def memory_rows(model: Path, folder: Path) -> list[tuple]:
    cfg = folder / "rack.toml"
    cfg.write_text(f"""
[audio]
sample_rate = {SR}
block_size = {BLOCK}
[model]
path = "{model}"
[presets]
f1 = "{folder / 'f1.toml'}"
f2 = "{folder / 'f2.toml'}"
[display]
driver = "dummy"
[system]
calibration_file = "{folder / 'cal.toml'}"
""")
    script = folder / "cv.csv"
    lines = ["time,gate1,gate2,cv1,cv2,cv3,cv4,ui"]
    for k in range(10):
        lines.append(f"{k * 0.5:.2f},5,0,{-5 + k},0,0,0,turn:+1")
        lines.append(f"{k * 0.5 + 0.1:.2f},0,0,{-5 + k},0,0,0,")
    lines.append("5.0,0,0,5,0,0,0,")
    script.write_text("\n".join(lines) + "\n")
    rack = child_peak_rss_mb([sys.executable, "-m", "nrcore.hosts.jetson", "--sim", "--config",
                              str(cfg), "--script", str(script), "--wav",
                              str(folder / "out.wav"), "--fast"])
    numpy_only = child_peak_rss_mb([sys.executable, "-c", "import numpy"])
    synth_only = child_peak_rss_mb([sys.executable, "-c",
                                    f"from nrcore.synthesis.runtime import ImpactSynth; "
                                    f"ImpactSynth({str(model)!r}).process(256)"])
    return [("python + numpy", f"{numpy_only:.0f}"),
            ("python + one ImpactSynth", f"{synth_only:.0f}"),
            ("nrcore rack --sim (5 s, screen, WAV)", f"{rack:.0f}")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer blocks and triggers")
    args = parser.parse_args()
    pin_to_one_core()
    blocks = 60 if args.quick else 150      # 150 blocks: 0.8 s, inside the 1 s model fade
    triggers = 8 if args.quick else 30
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model_a, model_b = make_model(folder, 0), make_model(folder, 1)
        print(f"## Rack: CPU per {BLOCK}-sample block at {SR} Hz (one core)\n")
        print(table(cpu_rows(model_a, model_b, blocks),
                    ("case", "us/block", "% of real time", "x ImpactSynth")))
        print("\n## Rack: control-to-sound latency\n")
        print(f"engine: gate edge to first output sample: {engine_latency(model_a)} samples "
              "(the edge's own sample)\n")
        rows = []
        for q in (1, 2, 4):
            lat, underruns = launcher_latency(model_a, folder, triggers, q)
            lat = lat * 1e3
            bound = ((q + 1) * BLOCK / SR + 2e-3) * 1e3
            rows.append((q, len(lat), f"{np.median(lat):.1f}", f"{np.percentile(lat, 90):.1f}",
                         f"{np.max(lat):.1f}", underruns, f"{bound:.1f}"))
        print(table(rows, ("queue_blocks", "triggers", "median ms", "p90 ms", "max ms",
                           "underruns", "bound: (q + 1) blocks + 2 ms control period")))
        print("\n## Rack: resident memory (peak RSS, MiB)\n")
        print(table(memory_rows(model_a, folder), ("process", "MiB")))


if __name__ == "__main__":
    main()
