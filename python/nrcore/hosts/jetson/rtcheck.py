"""A real-time check of the rack launcher on JACK's paced dummy backend, under load.

``python -m nrcore.hosts.jetson.rtcheck --seconds 600`` (``make rack-realtime``) starts its own
JACK server (``jackd -d dummy -r 48000 -p 256``, a private server name), a CPU hog pinned to
the other core, and the real launcher (``nrcore rack --sim``) playing a gate every 200 ms with
an LFO on CV1 through PortAudio's JACK host API; it then prints the launcher's JSON report
(ring underruns, JACK xruns, render time per block, scheduling, gate-to-sound latency).
``tests/test_rack_realtime.py`` runs the same for a few seconds.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

JACKD = "jackd"


def jack_available() -> bool:
    """True when ``jackd`` is installed (Debian: ``jackd2``)."""
    return shutil.which(JACKD) is not None


class JackServer(str):
    """A running JACK server's name (``JACK_DEFAULT_SERVER``); ``proc`` is its process."""

    proc: "subprocess.Popen[bytes]"


@contextmanager
def jack_dummy(rate: int = 48000, period: int = 256, name: str | None = None,
               log: Path | None = None) -> Iterator[JackServer]:
    """Run a private JACK dummy server; yields its name (set ``JACK_DEFAULT_SERVER`` to it).

    Raises RuntimeError (with jackd's own message) when it does not come up in 10 s.
    """
    name = name or f"nrcore-rt-{os.getpid()}"
    env = dict(os.environ, JACK_NO_AUDIO_RESERVATION="1")
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    # -P 80: JACK's process thread above the launcher's threads (render 60), as the audio
    # callback thread is on the Jetson (PortAudio's ALSA thread, asked for priority 61).
    proc = subprocess.Popen([JACKD, "-n", name, "-R", "-P", "80", "-d", "dummy", "-r",
                             str(rate), "-p", str(period)], stdout=out,
                            stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 10.0
        probe_env = dict(os.environ, JACK_DEFAULT_SERVER=name, JACK_NO_START_SERVER="1")
        while True:
            if proc.poll() is not None:
                text = Path(log).read_text() if log else ""
                raise RuntimeError(f"jackd exited with status {proc.returncode}: {text[-400:]}")
            probe = subprocess.run(["jack_lsp"], env=probe_env, capture_output=True,
                                   timeout=10)
            if probe.returncode == 0 and b"system:playback" in probe.stdout:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("jackd did not come up within 10 s")
            time.sleep(0.2)
        server = JackServer(name)
        server.proc = proc
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()  # type: ignore[union-attr]


@contextmanager
def cpu_hog(cpu: int | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """A busy Python loop pinned to ``cpu`` (default: the last CPU), at normal priority."""
    cpus = sorted(os.sched_getaffinity(0))
    target = cpus[-1] if cpu is None else cpu
    code = (f"import os; os.sched_setaffinity(0, {{{target}}})\n"
            "x = 0\nwhile True:\n    x = (x * 1103515245 + 12345) & 0xFFFFFFFF\n")
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()


class StealMonitor:
    """Samples the hypervisor's stolen time per CPU (``/proc/stat``, the ``steal`` column) every
    50 ms while it runs: on a virtual machine, time the host gave to others while a guest
    thread, real-time or not, was ready to run. Nothing on bare metal (all zeros)."""

    def __init__(self, every: float = 0.05) -> None:
        import threading

        self.every = every
        self.samples: list[tuple[float, list[int]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="steal-monitor", daemon=True)

    @staticmethod
    def read() -> list[int]:
        """Stolen clock ticks of each CPU so far (empty where /proc/stat has no such column)."""
        ticks = []
        try:
            with open("/proc/stat") as f:
                for line in f:
                    parts = line.split()
                    if parts[0].startswith("cpu") and parts[0] != "cpu" and len(parts) > 8:
                        ticks.append(int(parts[8]))
        except OSError:
            pass
        return ticks

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), self.read()))
            self._stop.wait(self.every)

    def __enter__(self) -> "StealMonitor":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, Any]:
        """Total stolen ms per CPU over the run, and the worst 1-second window (ms, any CPU)."""
        if len(self.samples) < 2 or not self.samples[0][1]:
            return {}
        tick_ms = 1000.0 / os.sysconf("SC_CLK_TCK")
        first, last = self.samples[0][1], self.samples[-1][1]
        worst = 0.0
        j = 0
        for i in range(len(self.samples)):
            while self.samples[i][0] - self.samples[j][0] > 1.0:
                j += 1
            for cpu in range(len(first)):
                worst = max(worst, (self.samples[i][1][cpu] - self.samples[j][1][cpu]) * tick_ms)
        return {"total_ms": [round((b - a) * tick_ms) for a, b in zip(first, last)],
                "worst_second_ms": round(worst)}


def gate_script(path: Path, seconds: float, every: float = 0.2, pulse: float = 0.02) -> int:
    """A CV script: a gate-1 pulse every ``every`` s, CV1 a 0.5 Hz sine, CV3 a slow ramp.
    Returns the number of pulses."""
    lines = ["time,gate1,gate2,cv1,cv2,cv3,cv4"]
    pulses = 0
    t = 0.1
    while t + pulse < seconds - 0.3:
        for when, gate in ((t, 5.0), (t + pulse, 0.0)):
            cv1 = 5.0 * math.sin(2.0 * math.pi * 0.5 * when)
            cv3 = 4.0 * math.sin(2.0 * math.pi * 0.05 * when)
            lines.append(f"{when:.4f},{gate},0,{cv1:.4f},0,{cv3:.4f},0")
        pulses += 1
        t += every
    lines.append(f"{seconds:.4f},0,0,0,0,0,0")
    path.write_text("\n".join(lines) + "\n")
    return pulses


def usable_model(workdir: Path, model: str = "nsf_small") -> str:
    """``model`` if this nrcore loads it, else a model of the default size with random weights
    written to ``workdir`` (the render load is the same; the sound is not the point here)."""
    import numpy as np

    from nrcore.synthesis.modelfile import NSFConfig, expected_shapes, save_model
    from nrcore.synthesis.runtime import ImpactSynth

    try:
        ImpactSynth(model, sample_rate=48000.0, voices=1)
        return model
    except (OSError, ValueError) as exc:
        print(f"rtcheck: {model} does not load ({exc}); using random weights of the default "
              "size", file=sys.stderr)
    config = NSFConfig()
    rng = np.random.default_rng(0)
    tensors = {k: 0.05 * rng.standard_normal(shape)
               for k, shape in expected_shapes(config).items()}
    stem = workdir / "random_nsf"
    save_model(stem, config, tensors)
    return str(stem)


def run_launcher(seconds: float, workdir: Path, server: str, output: str = "portaudio",
                 model: str = "nsf_small", extra: Sequence[str] = ()) -> dict[str, Any]:
    """Run ``nrcore rack --sim`` against JACK server ``server`` for ``seconds``; returns its
    report with ``pulses`` (gates played by the script), ``status`` and ``log`` added."""
    script = workdir / "gates.csv"
    pulses = gate_script(script, seconds)
    config = workdir / "rack.toml"
    config.write_text(
        "[audio]\n"
        f'output = "{output}"\ndevice = "jack"\nsample_rate = 48000\nblock_size = 256\n'
        f'[model]\npath = "{model}"\n'
        f'[presets]\nf1 = "{workdir / "f1.toml"}"\nf2 = "{workdir / "f2.toml"}"\n'
        f'[system]\ncalibration_file = "{workdir / "cal.toml"}"\n')
    report = workdir / f"report-{output}.json"
    env = dict(os.environ, JACK_DEFAULT_SERVER=server, JACK_NO_START_SERVER="1")
    proc = subprocess.run([sys.executable, "-m", "nrcore.hosts.jetson", "--sim", "--config",
                           str(config), "--script", str(script), "--duration", str(seconds),
                           "--report", str(report), *extra],
                          env=env, capture_output=True, text=True, timeout=seconds + 120)
    log = "\n".join(line for line in proc.stderr.splitlines()
                    if line.startswith("nrcore") or "Error" in line)
    if not report.exists():
        raise RuntimeError(f"the launcher wrote no report (status {proc.returncode}): {log}")
    data: dict[str, Any] = json.loads(report.read_text())
    data.update(pulses=pulses, status=proc.returncode, log=log)
    return data


#: Callbacks after one of the host's own xruns in which an underrun counts as the host's.
HOST_CATCH_UP_CALLBACKS = 4
#: A callback sooner than this share of the callback period after the previous one is the
#: host running a cycle it missed (its clock stalled), whether or not it reported an xrun.
HOST_CATCH_UP_GAP = 0.25


def classify_underruns(report: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """Split a report's ring underruns (``[kind, callback, ms since the previous]``) into the
    render thread's own and the host's catching up: within :data:`HOST_CATCH_UP_CALLBACKS`
    callbacks after a host xrun, or on a callback that came less than
    :data:`HOST_CATCH_UP_GAP` of a period after the previous one. A host that stalled runs its
    missed cycles back to back and can drain the queue however early the render thread was;
    JACK's dummy driver reports no xrun of its own, so the gap is the only trace there."""
    events = report.get("xrun_events", [])
    host = [pull for kind, pull, _ in events if kind == "host"]
    period_ms = float(report.get("callback_ms", 0.0))
    own: list[Any] = []
    after: list[Any] = []
    for event in events:
        if event[0] != "underrun":
            continue
        near = any(0 <= event[1] - p <= HOST_CATCH_UP_CALLBACKS for p in host)
        early = period_ms > 0 and event[2] < HOST_CATCH_UP_GAP * period_ms
        (after if near or early else own).append(event)
    return own, after


def latencies_ms(report: dict[str, Any]) -> list[float]:
    """Gate edge -> the start of the block that plays it, per trigger (ms)."""
    starts = sorted(report["sound_starts_ns"])
    out: list[float] = []
    if not starts:
        return out
    j = 0
    # Both lists keep the most recent few thousand: pair only edges from the window both cover.
    edges = [e for e in sorted(report["gate_edges_ns"]) if e > starts[0] - 1_000_000_000]
    while edges and len(edges) > len(starts):
        edges.pop(0)
    for edge in edges:
        while j < len(starts) and starts[j] < edge:
            j += 1
        if j < len(starts):
            out.append((starts[j] - edge) / 1e6)
            j += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nrcore.hosts.jetson.rtcheck",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--output", default="portaudio", choices=("portaudio", "sounddevice"))
    parser.add_argument("--no-hog", action="store_true")
    parser.add_argument("--model", default="nsf_small")
    args = parser.parse_args(argv)
    if not jack_available():
        print("rtcheck: jackd is not installed (apt-get install jackd2)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        model = usable_model(work, args.model)
        with jack_dummy(log=work / "jackd.log") as server, StealMonitor() as steal:
            if args.no_hog:
                report = run_launcher(args.seconds, work, server, args.output, model)
            else:
                with cpu_hog():
                    report = run_launcher(args.seconds, work, server, args.output, model)
    lat = sorted(latencies_ms(report))
    own, after_host = classify_underruns(report)
    summary: dict[str, Any] = {"edges": len(report["gate_edges_ns"]),
               "sound_starts": len(report["sound_starts_ns"])}
    summary.update({k: report[k] for k in ("blocks", "callbacks", "underruns", "host_xruns",
                                      "render_ms", "render_cpu_ms", "slow_blocks", "budget_ms", "render_sched",
                                      "callback_sched", "triggers", "pulses", "status")})
    summary["underruns_own"] = len(own)
    summary["underruns_host_catch_up"] = len(after_host)
    summary["underrun_events"] = own + after_host
    if lat:
        summary["latency_ms"] = {"median": lat[len(lat) // 2],
                                 "p99": lat[min(len(lat) - 1, int(0.99 * len(lat)))],
                                 "max": lat[-1]}
    summary.update(seconds=args.seconds, output=args.output, hog=not args.no_hog,
                   load=os.getloadavg(), stolen_ms=steal.summary())
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
