"""What the nrcore bridge costs inside Pd, measured side by side with vanilla Pd.

1. Bridge cost per 64-sample block: K instances of a passthrough ``.pd_py`` object (perform
   returns its input array) against K instances of vanilla ``[*~ 1]``, both fed by the same
   oscillators, in ``pd -batch``. The difference per instance and block is the bridge's cost:
   the memcpy in and out, taking the GIL, one Python call and reading back the array. The same
   object is also run in py4pd-compatible mode (``NRCORE_PY4PD_COMPAT=1``: lists of Python
   floats in, tuples out, as py4pd 1.x does), to show what per-sample conversion would cost.
2. ``nr.neuron~`` CPU share: K ``[nr.neuron~ 3]`` with weights, bias, feedback and noise
   against K copies of the equivalent vanilla patch of the Pd video (three ``[*~]``, sums,
   ``[noise~]``, ``[expr~ tanh($v1)]``, feedback through ``[delwrite~]``/``[delread~]``, and
   the fire comparator as ``[expr~ $v1 > 0]``). Vanilla's feedback loop cannot be shorter than
   one block (64 samples); the neuron's is one sample. ``[nr.neuron~]`` runs twice: on the
   bridge's direct block path (the kernel's C block function, no Python call per block: the
   default) and on the Python ``perform`` path (``NRCORE_PD_PERFORM=1``, what py4pd does).

Each patch runs D1 and D2 seconds of audio; the cost per audio second is the difference of the
two runs' CPU time (user + system of the pd process, best of ``--repeats``) divided by
D2 - D1, so Pd's and Python's start-up cancel out. Pinned to one core.

Run: ``PYTHONPATH=python .venv/bin/python benchmarks/bench_pd_bridge.py``
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, pin_to_one_core, table

from nrcore.hosts.pd.help import Patch

PD_DIR = Path(ROOT) / "pd"
SR = 48000
BLOCK = 64

PASSTHROUGH = '''import puredata as pd


class Passthrough(pd.NewObject):
    name = "bench.pass~"

    def __init__(self, args):
        self.inlets = pd.SIGNAL
        self.outlets = pd.SIGNAL

    def dsp(self, sr, blocksize, n_in):
        return True

    def perform(self, ins):
        if getattr(pd, "PERFORM_ARRAYS", False):
            return ins
        return (tuple(ins[0]),)
'''


def timed_patch(seconds: float, build) -> Patch:
    p = Patch(width=1200, height=900)
    p.declare("-lib", "nrcore")
    load = p.obj(10, 10, "loadbang")
    dsp = p.msg(10, 40, "; pd dsp 1")
    wait = p.obj(100, 40, "delay", seconds * 1000.0)
    quit_ = p.msg(100, 70, "; pd quit 0")
    p.connect(load, 0, dsp, 0)
    p.connect(load, 0, wait, 0)
    p.connect(wait, 0, quit_, 0)
    build(p)
    return p


def passthrough_patch(count: int, kind: str):
    def build(p: Patch) -> None:
        source = p.obj(10, 100, "osc~", 440)
        for k in range(count):
            obj = p.obj(10 + 60 * (k % 15), 150 + 40 * (k // 15),
                        *(["bench.pass~"] if kind != "vanilla" else ["*~", 1]))
            p.connect(source, 0, obj, 0)
            sink = p.obj(10 + 60 * (k % 15), 170 + 40 * (k // 15), "s~", f"sink{k}")
            p.connect(obj, 0, sink, 0)
    return build


def neuron_patch(count: int, kind: str):
    def build(p: Patch) -> None:
        for k in range(count):
            x0, y0 = 10 + 300 * (k % 4), 100 + 400 * (k // 4)
            sources = [p.obj(x0, y0, "osc~", 110 + k), p.obj(x0 + 60, y0, "osc~", 165.5),
                       p.obj(x0 + 120, y0, "phasor~", 55)]
            if kind == "nrcore":
                neuron = p.obj(x0, y0 + 40, "nr.neuron~", 3, "-weights", 0.8, 0.5, 0.3,
                               "-bias", 0.1, "-feedback", 0.4, "-noise", 0.05)
                for i, s in enumerate(sources):
                    p.connect(s, 0, neuron, i)
                out, fire = (neuron, 0), (neuron, 1)
            else:
                gains = [p.obj(x0 + 60 * i, y0 + 30, "*~", w)
                         for i, w in enumerate((0.8, 0.5, 0.3))]
                for s, g in zip(sources, gains):
                    p.connect(s, 0, g, 0)
                noise = p.obj(x0 + 180, y0, "noise~")
                noise_gain = p.obj(x0 + 180, y0 + 30, "*~", 0.05)
                p.connect(noise, 0, noise_gain, 0)
                back = p.obj(x0 + 240, y0, "delread~", f"fb{k}", 0)
                back_gain = p.obj(x0 + 240, y0 + 30, "*~", 0.4)
                p.connect(back, 0, back_gain, 0)
                total = p.obj(x0, y0 + 60, "+~", 0.1)  # the bias
                for source in gains + [noise_gain, back_gain]:
                    p.connect(source, 0, total, 0)  # Pd sums signals into one inlet
                act = p.obj(x0, y0 + 90, "expr~", "tanh($v1)")
                p.connect(total, 0, act, 0)
                loop = p.obj(x0 + 120, y0 + 120, "delwrite~", f"fb{k}", 10)
                p.connect(act, 0, loop, 0)
                comparator = p.obj(x0, y0 + 120, "expr~", "$v1 > 0")
                p.connect(act, 0, comparator, 0)
                out, fire = (act, 0), (comparator, 0)
            for (box, outlet), name in ((out, f"out{k}"), (fire, f"fire{k}")):
                sink = p.obj(x0, y0 + 160, "s~", name)
                p.connect(box, outlet, sink, 0)
    return build


def cpu_seconds(patch: Patch, workdir: Path, env: dict[str, str], repeats: int) -> float:
    path = patch.write(workdir / "bench.pd")
    cmd = ["pd", "-nogui", "-noaudio", "-nomidi", "-batch", "-r", str(SR),
           "-path", str(PD_DIR), "-path", str(workdir), "-open", str(path)]
    best = float("inf")
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **env},
                                timeout=600)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0 or "error" in result.stdout + result.stderr:
            raise RuntimeError(f"pd failed:\n{result.stdout}\n{result.stderr}")
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def per_audio_second(build, workdir, env, d1, d2, repeats) -> float:
    short = cpu_seconds(timed_patch(d1, build), workdir, env, repeats)
    long = cpu_seconds(timed_patch(d2, build), workdir, env, repeats)
    return max(long - short, 0.0) / (d2 - d1)


def paired_ratios(builds, workdir, d1, d2, repeats) -> list[list[float]]:
    """CPU per audio second of each (build, env), measured in turn ``repeats`` times (A B C A
    B C ...), so a burst of load on the machine hits every contender alike; one list of
    per-round values per contender."""
    rounds: list[list[float]] = [[] for _ in builds]
    for _ in range(repeats):
        for k, (build, env) in enumerate(builds):
            rounds[k].append(per_audio_second(build, workdir, env, d1, d2, 1))
    return rounds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=16)
    parser.add_argument("--short", type=float, default=2.0, help="seconds of audio (run 1)")
    parser.add_argument("--long", type=float, default=12.0, help="seconds of audio (run 2)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    pin_to_one_core()
    subprocess.run(["make", "-C", str(PD_DIR), "-s"], check=True)
    k, d1, d2, reps = args.instances, args.short, args.long, args.repeats
    blocks_per_second = SR / BLOCK
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "bench.pass~.pd_py").write_text(PASSTHROUGH)
        vanilla = per_audio_second(passthrough_patch(k, "vanilla"), work, {}, d1, d2, reps)
        bridge = per_audio_second(passthrough_patch(k, "bridge"), work, {}, d1, d2, reps)
        lists = per_audio_second(passthrough_patch(k, "bridge"), work,
                                 {"NRCORE_PY4PD_COMPAT": "1"}, d1, d2, reps)
        rounds = paired_ratios([(neuron_patch(k, "vanilla"), {}),
                                (neuron_patch(k, "nrcore"), {}),
                                (neuron_patch(k, "nrcore"), {"NRCORE_PD_PERFORM": "1"})],
                               work, d1, d2, reps)
        patch, neuron, neuron_perform = (min(r) for r in rounds)
        direct_ratios = sorted(n / v for n, v in zip(rounds[1], rounds[0]) if v > 0)
        perform_ratios = sorted(n / v for n, v in zip(rounds[2], rounds[0]) if v > 0)

    def us_per_block(total: float) -> float:
        return total / (k * blocks_per_second) * 1e6

    def share(total: float) -> str:
        return f"{100.0 * total / k:.3f} %"

    rows = [
        ("[*~ 1] (vanilla)", f"{us_per_block(vanilla):.3f}", share(vanilla), "1.0"),
        ("passthrough .pd_py, numpy arrays", f"{us_per_block(bridge):.3f}", share(bridge),
         f"{bridge / vanilla:.1f}" if vanilla > 0 else "-"),
        ("passthrough .pd_py, py4pd-style lists", f"{us_per_block(lists):.3f}", share(lists),
         f"{lists / vanilla:.1f}" if vanilla > 0 else "-"),
    ]
    print(f"Bridge cost, {k} instances, 64-sample blocks at {SR} Hz, pd -batch, one core "
          f"(CPU time of {d2:g} s minus {d1:g} s of audio, best of {reps}):\n")
    print(table(rows, ("object", "us per instance per block", "CPU share per instance",
                       "x vanilla")))
    print(f"\nbridge overhead over [*~ 1]: {us_per_block(bridge - vanilla):.3f} us per block "
          f"(arrays), {us_per_block(lists - vanilla):.3f} us per block (py4pd-style lists)\n")
    rows = [
        ("vanilla patch of the Pd video (feedback >= 64 samples)", share(patch), "1.0"),
        ("[nr.neuron~ 3] (feedback 1 sample), direct block path", share(neuron),
         f"{neuron / patch:.2f}" if patch > 0 else "-"),
        ("[nr.neuron~ 3] (feedback 1 sample), Python perform path", share(neuron_perform),
         f"{neuron_perform / patch:.2f}" if patch > 0 else "-"),
    ]
    print(f"Neuron with 3 inputs, weights, bias, feedback 0.4, noise 0.05, {k} instances "
          f"(best of {reps} rounds each):\n")
    print(table(rows, ("patch", "CPU share of one core per instance", "x vanilla")))

    def spread(ratios: list[float]) -> str:
        if not ratios:
            return "-"
        return (f"median {ratios[len(ratios) // 2]:.2f} (rounds: "
                + ", ".join(f"{r:.2f}" for r in ratios) + ")")

    print(f"\nPer round, vanilla and nrcore measured back to back: direct block path x vanilla "
          f"{spread(direct_ratios)}; perform path x vanilla {spread(perform_ratios)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
