"""Benchmark of the torch-free Sinc-NSF runtime (nrcore.synthesis.runtime) against the torch model.

Measures, on one core at 48 kHz (the process is pinned to one CPU, torch to one thread):

* real-time factor of the streaming runtime (512-sample blocks, an impact retriggered every
  64 frames) and of the torch model rendering the same curves offline in one call;
* trigger-to-first-sample latency: wall time of ``trigger`` plus the first 64-sample block,
  for the first trigger after loading and for later ones (no burn-in);
* resident memory of a process that loads the runtime and renders (never importing torch),
  and of one that imports torch and loads the model;
* training throughput of the torch model on CPU (batch 8 clips of 64 frames).

Run: ``PYTHONPATH=python .venv/bin/python benchmarks/bench_synth.py [--model STEM]``.
A cut in the middle of the streaming loop would not finish a voice: the loop retriggers a
64-frame impact every 64 frames, so one voice is always sounding.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.join(HERE, "..", "python")


def example_curves(frames: int = 64) -> np.ndarray:
    from nrcore.synthesis.runtime import example_curves as ec
    return np.concatenate([ec(k, frames=frames, seed=5) for k in ("kick", "snare", "bell")], 1)


PEAK_HELPER = """
def peak_kb():
    # VmHWM restarts at exec, unlike ru_maxrss, which keeps the forking parent's peak.
    with open("/proc/self/status") as f:
        return [int(line.split()[1]) for line in f if line.startswith("VmHWM")][0]
"""


def rss_of(code: str) -> tuple[int, str]:
    """Peak resident memory in MB of a fresh Python process running ``code``, and the last
    word before the number it prints."""
    env = dict(os.environ, PYTHONPATH=PYTHON_DIR)
    out = subprocess.run([sys.executable, "-c", PEAK_HELPER + code], capture_output=True, text=True, env=env,
                         check=True)
    verdict, kb = out.stdout.split()[-2:]
    return int(kb) // 1024, verdict


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=None)
    p.add_argument("--seconds", type=float, default=20.0)
    args = p.parse_args()
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass
    from nrcore.synthesis.runtime import ImpactSynth

    sr = 48000
    t0 = time.perf_counter()
    synth = ImpactSynth(args.model, sample_rate=sr)
    load_s = time.perf_counter() - t0
    curves = example_curves()
    single = curves[:, :64]

    # Trigger-to-first-sample latency, first trigger after loading vs later ones.
    lat = []
    for _ in range(30):
        synth.reset()
        t = time.perf_counter()
        synth.trigger(single)
        synth.process(64)
        lat.append(time.perf_counter() - t)

    # Streaming real-time factor: 512-sample blocks, retrigger every 64 frames.
    synth.reset()
    n_total = int(args.seconds * sr)
    every = synth.n_samples(64)
    t = time.perf_counter()
    cpu = time.process_time()
    done = 0
    kinds = [curves[:, i * 64:(i + 1) * 64] for i in range(3)]
    while done < n_total:
        if done % every < 512:
            synth.trigger(kinds[(done // every) % 3])
        synth.process(512)
        done += 512
    runtime_rtf = done / sr / (time.perf_counter() - t)
    runtime_cpu_rtf = done / sr / (time.process_time() - cpu)

    torch_rtf = train_rate = float("nan")
    try:
        import torch
        from nrcore.synthesis.modelfile import load_model, shipped_model
        from nrcore.synthesis.training.nsf_model import SincNSF, multi_resolution_stft_loss
        torch.set_num_threads(1)
        config, tensors = load_model(args.model or shipped_model("nsf_small"), kind="nsf")
        model = SincNSF.from_tensors(config, tensors).eval()
        c = torch.tensor(np.tile(curves, (1, int(np.ceil(args.seconds * sr / 512 / 192)))
                                 )[None], dtype=torch.float32)
        with torch.no_grad():
            model(c[..., :64], float(sr))
            t = time.perf_counter()
            y = model(c, float(sr))
            torch_rtf = y.shape[-1] / sr / (time.perf_counter() - t)
        model.train()
        opt = torch.optim.Adam(model.parameters(), 1e-4)
        batch = torch.tensor(np.stack([kinds[i % 3] for i in range(8)]), dtype=torch.float32)
        target = torch.randn(8, 64 * 512) * 0.1
        t = time.perf_counter()
        steps = 5
        for _ in range(steps):
            loss = multi_resolution_stft_loss(model(batch), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
        train_rate = steps * 8 * 64 * 512 / sr / (time.perf_counter() - t)
    except ImportError:
        pass

    model_arg = repr(args.model)
    runtime_mb, verdict = rss_of(textwrap.dedent(f"""
        import sys, numpy as np
        from nrcore.synthesis.runtime import ImpactSynth
        s = ImpactSynth({model_arg}, sample_rate=48000)
        s.trigger(np.tile(np.array([[0.1], [0.1], [2000], [5000], [1500], [0.1], [200]]), 64))
        s.process(44100)
        print("torch-free" if "torch" not in sys.modules else "TORCH-IMPORTED",
              peak_kb())
    """))
    try:
        torch_mb, _ = rss_of(textwrap.dedent(f"""
            import torch
            from nrcore.synthesis.modelfile import load_model, shipped_model
            from nrcore.synthesis.training.nsf_model import SincNSF
            cfg, t = load_model({model_arg} or shipped_model("nsf_small"))
            m = SincNSF.from_tensors(cfg, t)
            with torch.no_grad():
                m(torch.rand(1, 7, 64) * 1000)
            print("torch", peak_kb())
        """))
    except subprocess.CalledProcessError:
        torch_mb = float("nan")

    print("| measure (one core, 48 kHz) | value |")
    print("|---|---|")
    print(f"| runtime real-time factor, streaming 512-sample blocks | {runtime_rtf:.0f}x |")
    print(f"| the same by this process's CPU time (less sensitive to other load) | "
          f"{runtime_cpu_rtf:.0f}x |")
    print(f"| torch model real-time factor, offline one call (peer) | {torch_rtf:.0f}x |")
    print(f"| runtime / torch speed ratio | {runtime_rtf / torch_rtf:.2f} |")
    print(f"| trigger + first 64-sample block, first trigger after load | "
          f"{lat[0] * 1e3:.2f} ms |")
    print(f"| trigger + first 64-sample block, median of later triggers | "
          f"{np.median(lat[1:]) * 1e3:.2f} ms |")
    print(f"| model load (safetensors + JSON) | {load_s * 1e3:.1f} ms |")
    print(f"| resident memory, runtime process ({verdict}) | {runtime_mb} MB |")
    print(f"| resident memory, torch process with the model (peer) | {torch_mb} MB |")
    print(f"| training throughput, CPU, 1 thread, batch 8 | {train_rate:.2f} s of audio/s |")


if __name__ == "__main__":
    main()
