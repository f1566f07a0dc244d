"""3-input tanh neuron with 1-sample feedback at 48 kHz: nrcore vs the Python reference vs Pd.

Run: .venv/bin/python benchmarks/bench_neuron.py

Peers, side by side in this script, pinned to one core, timed in CPU time (user + system of
this thread, or of the Pd process), so a loaded machine slows both alike:
- nrcore.Neuron in 64-sample blocks (Pd's block size) and 4096-sample blocks;
- the per-sample Python/numpy reference from tests/ref_neuron.py;
- the same neuron as a Pd vanilla patch, run by `pd -nogui -noaudio -batch`: three [osc~] into
  [*~] weights, [+~], [expr~ tanh(...)], feedback through [delwrite~]/[delread~]. Pd cannot
  feed back within a block, so its loop delay is 64 samples, not 1: it does less work per
  sample than nrcore. Its cost is measured as (patch with neuron) - (same patch, oscillators
  only), each over two durations to cancel start-up time.
"""
from __future__ import annotations

import resource
import shutil
import subprocess
import time
import tempfile
from pathlib import Path

import numpy as np

from common import alternating_ratio, best_time, pin_to_one_core, table, unlocked_kernel_module

import nrcore
from ref_neuron import reference_neuron

SR = 48000
PARAMS = dict(weights=[0.8, 0.5, 0.3], bias=0.1, activation="tanh", feedback=0.7, feedback_delay=1)


def inputs(seconds: float) -> np.ndarray:
    n = int(seconds * SR)
    t = np.arange(n) / SR
    return np.stack([np.sin(2 * np.pi * f * t) for f in (110.0, 220.5, 331.0)]).astype(np.float32)


def nrcore_rate(block: int, seconds: float = 10.0) -> float:
    x = inputs(seconds)
    neuron = nrcore.Neuron(inputs=3, sample_rate=SR, **PARAMS)

    best = float("inf")
    for _ in range(3):
        start = time.thread_time()  # CPU time: time spent descheduled under load is not counted
        for at in range(0, x.shape[1], block):
            neuron.process(x[:, at:at + block])
        best = min(best, time.thread_time() - start)
    return x.shape[1] / best


def unlocked_twin(proc: nrcore.Neuron, module) -> nrcore.Neuron:  # type: ignore[no-untyped-def]
    """``proc`` with its kernel swapped for a lock-free build of the same source."""
    proc._kernel = module.NeuronKernel(proc.inputs)
    for param in proc.PARAMS:
        proc.set_param(param.name, proc.get_param(param.name))
    proc._kernel.reset()
    return proc


def lock_cost(seconds: float = 1.0) -> tuple[float, float]:
    """What the kernel's lock costs at 64-sample blocks: (median per-round time ratio locked /
    lock-free, ratio of the best times), alternating rounds over ``seconds`` of audio."""
    x = inputs(seconds)
    locked = nrcore.Neuron(inputs=3, sample_rate=SR, **PARAMS)
    free = unlocked_twin(nrcore.Neuron(inputs=3, sample_rate=SR, **PARAMS),
                         unlocked_kernel_module("_neuron"))
    check = x[:, :4096]
    assert np.array_equal(free.process(check), locked.process(check))  # the same samples

    def run(proc: nrcore.Neuron):  # type: ignore[no-untyped-def]
        return lambda: [proc.process(x[:, i:i + 64]) for i in range(0, x.shape[1], 64)]

    median, best = alternating_ratio(run(free), run(locked))
    return median, best


def reference_rate(seconds: float = 0.25) -> float:
    x = inputs(seconds)
    return x.shape[1] / best_time(lambda: reference_neuron(x, sample_rate=SR, **PARAMS), 2)


def pd_patch(seconds: float, variant: str) -> str:
    """A Pd file: three [osc~] into a neuron in a subpatch; ``variant`` is ``oscillators``
    (the subpatch only passes the sum through), ``block64`` (Pd's default block: the feedback
    loop is 64 samples long) or ``block1`` ([block~ 1]: a true 1-sample loop, as nrcore's)."""
    ms = int(seconds * 1000)
    main = [
        "#N canvas 0 0 600 400 12;",
        "#X obj 10 10 loadbang;",
        f"#X msg 10 40 \\; pd dsp 1 \\; stop {ms};",
        "#X obj 10 70 r stop;",
        "#X obj 10 100 delay;",
        "#X msg 10 130 \\; pd quit 0;",
        "#X obj 200 10 osc~ 110;",
        "#X obj 280 10 osc~ 220.5;",
        "#X obj 360 10 osc~ 331;",
    ]
    sub = ["#N canvas 0 0 400 300 neuron 0;",
           "#X obj 10 10 inlet~;", "#X obj 60 10 inlet~;", "#X obj 110 10 inlet~;",
           "#X obj 10 250 outlet~;"]
    wires = []
    if variant == "oscillators":
        sub += ["#X obj 10 100 +~;", "#X obj 10 130 +~;"]
        wires = ["0 0 4 0", "1 0 4 1", "4 0 5 0", "2 0 5 1", "5 0 3 0"]
    else:
        sub += ["#X obj 10 40 *~ 0.8;", "#X obj 60 40 *~ 0.5;", "#X obj 110 40 *~ 0.3;",
                "#X obj 10 70 +~;", "#X obj 10 100 +~;", "#X obj 10 130 +~ 0.1;",
                "#X obj 10 160 +~;", "#X obj 10 190 expr~ tanh($v1);",
                "#X obj 10 220 delwrite~ fb 10;", "#X obj 150 130 delread~ fb 0;",
                "#X obj 150 160 *~ 0.7;"]
        # 4-6 weights, 7-8 sum, 9 bias, 10 + feedback, 11 tanh, 12 delwrite, 13 delread, 14 gain
        wires = ["0 0 4 0", "1 0 5 0", "2 0 6 0", "4 0 7 0", "5 0 7 1", "7 0 8 0", "6 0 8 1",
                 "8 0 9 0", "9 0 10 0", "13 0 14 0", "14 0 10 1", "10 0 11 0", "11 0 12 0",
                 "11 0 3 0"]
        if variant == "block1":
            sub.append("#X obj 250 10 block~ 1;")
    sub += [f"#X connect {w};" for w in wires]
    sub.append("#X restore 200 60 pd neuron;")
    main += sub
    main.append("#X obj 200 250 dac~;")
    # main objects: 0 loadbang, 1 msg, 2 r stop, 3 delay, 4 quit, 5-7 osc~, 8 pd neuron, 9 dac~
    main += [f"#X connect {w};" for w in
             ["0 0 1 0", "2 0 3 0", "3 0 4 0", "5 0 8 0", "6 0 8 1", "7 0 8 2", "8 0 9 0"]]
    return "\n".join(main) + "\n"


def pd_seconds(seconds: float, variant: str, folder: Path) -> float:
    path = folder / f"neuron_{variant}_{int(seconds)}.pd"
    path.write_text(pd_patch(seconds, variant))
    cmd = ["pd", "-nogui", "-noaudio", "-nomidi", "-batch", "-r", str(SR), "-open", str(path)]
    best = float("inf")
    for _ in range(3):
        # Pd's CPU time (user + system), as nrcore's is measured: under load, wall time counts
        # the time either spends waiting for a core
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def pd_rates() -> dict[str, float]:
    """Samples/s of the Pd neuron alone (patch time minus the oscillators-only patch), per
    variant. Each patch runs for two durations, so Pd's start-up time cancels out."""
    durations = {"block64": (30.0, 300.0), "block1": (3.0, 18.0), "oscillators": (30.0, 300.0)}
    per_sample = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for variant, (short, long) in durations.items():
            elapsed = pd_seconds(long, variant, folder) - pd_seconds(short, variant, folder)
            per_sample[variant] = elapsed / ((long - short) * SR)
    base = per_sample["oscillators"]
    return {v: 1.0 / max(per_sample[v] - base, 1e-12) for v in ("block64", "block1")}


def tanh_chain_latency() -> dict[str, float]:
    """ns per step of tanh in a serial chain (benchmarks/tanh_latency.c), the floor of any
    1-sample feedback loop through tanh on this CPU; empty without a C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        return {}
    source = Path(__file__).with_name("tanh_latency.c")
    with tempfile.TemporaryDirectory() as tmp:
        binary = Path(tmp) / "tanh_latency"
        subprocess.run([compiler, "-O3", "-fno-math-errno", "-ffp-contract=off", str(source),
                        "-o", str(binary), "-lm"], check=True)
        lines = subprocess.run([str(binary)], check=True, capture_output=True, text=True).stdout
    return {name: float(ns) for name, ns, _ in (line.split() for line in lines.splitlines())}


def main() -> None:
    pin_to_one_core()
    rows = []
    n64 = nrcore_rate(64)
    n4096 = nrcore_rate(4096)
    ref = reference_rate()
    rows.append(("nrcore.Neuron, 64-sample blocks", f"{n64 / 1e6:.1f} M", f"{n64 / SR:,.0f}x", "1.00"))
    rows.append(("nrcore.Neuron, 4096-sample blocks", f"{n4096 / 1e6:.1f} M", f"{n4096 / SR:,.0f}x",
                 f"{n4096 / n64:.2f}"))
    rows.append(("Python reference (tests/ref_neuron.py)", f"{ref / 1e6:.3f} M", f"{ref / SR:.1f}x",
                 f"{ref / n64:.4f}"))
    if shutil.which("pd"):
        pd = pd_rates()
        rows.append(("Pd vanilla neuron, default 64-sample block: 64-sample feedback",
                     f"{pd['block64'] / 1e6:.1f} M", f"{pd['block64'] / SR:,.0f}x",
                     f"{pd['block64'] / n64:.2f}"))
        rows.append(("Pd vanilla neuron in [block~ 1]: 1-sample feedback", f"{pd['block1'] / 1e6:.2f} M",
                     f"{pd['block1'] / SR:,.0f}x", f"{pd['block1'] / n64:.3f}"))
    print(table(rows, ("3-input tanh neuron, 48 kHz, one core", "samples/s", "times real time",
                       "ratio to nrcore 64")))
    median, best = lock_cost()
    print(f"\nthe kernel lock at 64-sample blocks (Neuron.process, locked / lock-free build of "
          f"the same source, alternating rounds): median {median:.3f}, best-of {best:.3f}")
    latency = tanh_chain_latency()
    if latency:
        floor = 1e3 / latency["nrcore_tanh_rational"]
        print(f"\nactivations in a serial chain (C, this CPU, ns per step; ratio to the exp "
              f"form): glibc tanh {latency['glibc_tanh']:.1f}, exp-form tanh (before) "
              f"{latency['nrcore_tanh_exp']:.1f}, rational tanh (now) "
              f"{latency['nrcore_tanh_rational']:.1f} "
              f"({latency['nrcore_tanh_rational'] / latency['nrcore_tanh_exp']:.2f}); "
              f"exp-form sigmoid {latency['sigmoid_exp']:.1f}, rational sigmoid "
              f"{latency['nrcore_sigmoid_rational']:.1f} "
              f"({latency['nrcore_sigmoid_rational'] / latency['sigmoid_exp']:.2f}); "
              f"softclip {latency['nrcore_softclip']:.1f}. A 1-sample loop through the rational "
              f"tanh cannot exceed {floor:.0f} M samples/s here")


if __name__ == "__main__":
    main()
