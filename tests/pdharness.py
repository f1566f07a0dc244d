"""Running real Pure Data for the Pd tests: build the bridge, write patches, run pd -batch.

Signals go in through float32 WAV files loaded into arrays and played with [tabplay~]; signal
outlets are recorded with [tabwrite~] into arrays that [soundfiler] writes as float32 WAV
(synchronous, exact). Everything starts in the same logical instant before the first DSP
block, so sample 0 of every input, output and recording coincide.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import soundfile

from nrcore.hosts.pd.help import Patch

ROOT = Path(__file__).resolve().parent.parent
PD_DIR = ROOT / "pd"
PD = shutil.which("pd")
SAMPLE_RATE = 48000
BLOCK = 64

# In -nogui mode Pd prints pd_error() as "error: ...", critical and error-level logpost() as
# "verbose(0): " / "verbose(1): " (a failed creation prints "... couldn't create" that way);
# a patch line connecting boxes that do not exist prints "... connection failed".
_ERROR = re.compile(r"error: |verbose\([01]\): |couldn't create|connection failed")


def build_bridge() -> Path:
    """``make -C pd``: builds nrcore.pd_linux when its source changed; returns its path."""
    result = subprocess.run(["make", "-C", str(PD_DIR), "-s"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"building the bridge failed:\n{result.stdout}\n{result.stderr}")
    return PD_DIR / "nrcore.pd_linux"


@dataclass
class PdRun:
    returncode: int
    output: str

    @property
    def errors(self) -> list[str]:
        """Console lines Pd printed as errors (an "error:" line may lack its newline)."""
        text = re.sub(r"(?<!\n)(error: )", r"\n\1", self.output)
        return [line for line in text.splitlines() if _ERROR.search(line)]


def run_pd(patch: Patch | str | Path, workdir: Path, *, timeout: float = 60,
           env: dict[str, str] | None = None, extra_args: Sequence[str] = (),
           paths: Sequence[Path] = (PD_DIR,), name: str = "main.pd",
           batch: bool = True) -> PdRun:
    """Run ``pd -nogui -noaudio -batch`` on a patch (written into ``workdir`` if a Patch)."""
    if isinstance(patch, Patch):
        patch_path = patch.write(workdir / name)
    else:
        patch_path = Path(patch)
    cmd = [PD, "-nogui", "-noaudio", "-nomidi", "-r", str(SAMPLE_RATE)]
    if batch:
        cmd.append("-batch")
    for p in paths:
        cmd += ["-path", str(p)]
    cmd += list(extra_args)
    cmd += ["-open", str(patch_path)]
    full_env = dict(os.environ)
    full_env.update(env or {})
    result = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=timeout,
                            env=full_env)
    return PdRun(result.returncode, result.stdout + result.stderr)


def quit_patch(ms: float = 100.0) -> Patch:
    """A patch that turns DSP on and quits Pd after ``ms`` of logical time."""
    patch = Patch()
    load = patch.obj(10, 10, "loadbang")
    dsp = patch.msg(10, 40, "; pd dsp 1")
    wait = patch.obj(10, 70, "delay", ms)
    quit_ = patch.msg(10, 100, "; pd quit 0")
    patch.connect(load, 0, dsp, 0)
    patch.connect(load, 0, wait, 0)
    patch.connect(wait, 0, quit_, 0)
    return patch


@dataclass
class Recording:
    """A patch that plays input signals into one object and records its signal outlets."""

    workdir: Path
    creation: Sequence[Any]
    inputs: np.ndarray                      # (signal inlets, samples), float32
    signal_outlets: int
    inlet_of_input: Sequence[int] | None = None
    control_inlet: int | None = None
    messages: list[tuple[int, str]] = field(default_factory=list)  # (sample, message)
    declare_lib: bool = True
    data_outlets: Sequence[int] = ()       # [print] these outlets as "out<k>: ..."
    extra_arrays: Sequence[str] = ()       # more arrays (added by the caller) to write out
    handles: dict[str, Any] = field(default_factory=dict)  # box numbers, after patch()
    block: tuple[int, ...] | None = None   # run it all in a subpatch with [block~ ...]

    def patch(self) -> Patch:
        n_in, samples = self.inputs.shape
        p = Patch(width=900, height=700)
        if self.declare_lib:
            p.declare("-lib", "nrcore")
        load = p.obj(10, 10, "loadbang")
        trig = p.obj(10, 40, "t", "b", "b", "b", "b")
        reader = p.obj(400, 70, "soundfiler")
        # arrays of the inputs and the recordings
        for i in range(n_in):
            p.array(f"in{i}", samples, 600, 10 + 30 * i)
        for k in range(self.signal_outlets):
            p.array(f"out{k}", samples, 700, 10 + 30 * k)
        in_names = " ".join(f"in{i}" for i in range(n_in))
        read = p.msg(400, 40, f"read -resize {self.workdir / 'in.wav'} {in_names}") \
            if n_in else None
        obj = p.obj(10, 300, *self.creation)
        if read is not None:
            p.connect(trig, 3, read, 0)
            p.connect(read, 0, reader, 0)
        start = p.msg(10, 200, "; pd dsp 1")
        p.connect(trig, 1, start, 0)
        players = []
        for i in range(n_in):
            play = p.obj(10 + 90 * i, 250, "tabplay~", f"in{i}")
            players.append(play)
            p.connect(trig, 1, play, 0)
            inlet = self.inlet_of_input[i] if self.inlet_of_input else i
            p.connect(play, 0, obj, inlet)
        for k in range(self.signal_outlets):
            rec = p.obj(10 + 110 * k, 360, "tabwrite~", f"out{k}")
            p.connect(obj, k, rec, 0)
            p.connect(trig, 1, rec, 0)
        for k in self.data_outlets:
            printer = p.obj(10 + 110 * k, 400, "print", f"out{k}")
            p.connect(obj, k, printer, 0)
        control = self.control_inlet
        for at, text in self.messages:
            box = p.msg(200, 120, text)
            p.connect(box, 0, obj, control)
            if at == 0:
                p.connect(trig, 2, box, 0)
            else:
                wait = p.obj(200, 90, "delay", at, 1, "samp")
                p.connect(trig, 1, wait, 0)
                p.connect(wait, 0, box, 0)
        out_names = " ".join([f"out{k}" for k in range(self.signal_outlets)]
                             + list(self.extra_arrays))
        self.handles = {"trigger": trig, "start": 1, "object": obj, "players": players}
        end = p.obj(10, 450, "delay", samples + BLOCK, 1, "samp")
        write = p.msg(10, 480, f"write -wave -bytes 4 {self.workdir / 'out.wav'} {out_names}")
        writer = p.obj(10, 510, "soundfiler")
        quit_ = p.msg(10, 540, "; pd quit 0")
        p.connect(trig, 0, end, 0)
        if self.signal_outlets or self.extra_arrays:
            p.connect(end, 0, write, 0)
            p.connect(write, 0, writer, 0)
            p.connect(writer, 0, quit_, 0)
        else:
            p.connect(end, 0, quit_, 0)
        p.connect(load, 0, trig, 0)
        if self.block:
            p.obj(400, 600, "block~", *self.block)
            outer = Patch()
            outer.declares, p.declares = p.declares, []
            outer.subpatch(10, 10, "dsp", p)
            return outer
        return p

    def run(self, **kwargs: Any) -> tuple[np.ndarray, PdRun]:
        """Run Pd; returns the recorded outlets (outlets, samples) and the run."""
        if self.inputs.shape[0]:
            soundfile.write(self.workdir / "in.wav", self.inputs.T, SAMPLE_RATE,
                            subtype="FLOAT")
        run = run_pd(self.patch(), self.workdir, **kwargs)
        out_path = self.workdir / "out.wav"
        if not self.signal_outlets or not out_path.exists():
            return np.zeros((self.signal_outlets, 0), np.float32), run
        data, sr = soundfile.read(out_path, dtype="float32", always_2d=True)
        assert sr == SAMPLE_RATE
        return np.ascontiguousarray(data.T), run


def printed(run: PdRun, label: str) -> list[list[float]]:
    """The lists a [print <label>] printed, as floats (Pd prints 6 significant digits)."""
    rows = []
    for line in run.output.splitlines():
        if line.startswith(label + ":"):
            rows.append([float(v) for v in line[len(label) + 1:].split()])
    return rows
