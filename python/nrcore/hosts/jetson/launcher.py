"""``nrcore rack``: the Jetson launcher (and, with ``--sim``, the simulator) around one Rack.

Threads and what they share::

    control thread ──ControlValues (seqlock)──> render thread ──Ring (C)──> audio callback (C)
         │  (ADCs over I2C, GPIO gates,          (Rack.process,             (PortAudio; copy
         │   encoder, button)                     SCHED_FIFO)                or zeros)
         └──SimpleQueue of menu events──> UI thread (menu, screen)
    main thread: the supervisor (threads alive, audio callbacks arriving; else exit non-zero)

The audio callback is C (:mod:`nrcore._audio`): it copies pre-rendered samples out of a
pre-allocated lock-free ring (or writes zeros and counts an underrun when the render thread
fell behind); it never takes the Python interpreter lock, waits for nothing and allocates
nothing, so no Python thread can delay it. The render thread keeps ``queue_blocks`` blocks
ahead, which sets the control-to-sound latency (see BENCHMARKS.md); it sleeps on the ring's
semaphore with the interpreter lock released and runs SCHED_FIFO where permitted. The control
thread owns the buses; a failed I2C read keeps the last good value and is counted.
``audio.output = "sounddevice"`` keeps the old Python callback (the benchmarks' peer).

The configuration is one TOML file (``jetson/rack.toml`` is the annotated example).
"""
from __future__ import annotations

import errno
import gc
import json
import math
import os
import queue
import subprocess
import sys
import threading
import traceback
import time
from copy import deepcopy
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from nrcore._audio import AudioError, Output, Ring, lock_memory, set_thread_realtime
from nrcore.hosts.jetson.menu import wrap_text
from nrcore.hosts.jetson.controls import ControlReader, ControlValues, InputAssignment, calibration_from_config
from nrcore.rack.engine import INPUTS, SYNTH_PARAMS, Rack
from nrcore.hosts.jetson.hardware.ads1x15 import ADCChannel, ADS1x15, Calibration
from nrcore.rack.presets import atomic_write_text, builtin_preset, dumps_toml, save_preset

DEFAULTS: dict[str, Any] = {
    "audio": {"sample_rate": 48000, "block_size": 256, "device": "", "queue_blocks": 3,
              "output": "portaudio", "wav": "", "priority": 60, "lock_memory": True},
    "model": {"path": "nsf_small", "folder": "", "vae": ""},
    "presets": {"f1": "~/.local/share/nrcore/f1.toml", "f2": "~/.local/share/nrcore/f2.toml"},
    "rack": {},
    "synth": {},
    "controls": {"rate_hz": 500.0, "i2c_bus": 1},
    "adc": [],
    "inputs": {k: "none" for k in INPUTS},
    "calibration": {},
    "gpio": {},
    "display": {"driver": "sh1106", "fps": 15.0},
    "board": {"name": "auto", "model_file": "/proc/device-tree/model", "dir": ""},
    "system": {"shutdown": ["systemctl", "poweroff"], "reboot": ["systemctl", "reboot"],
               "calibration_file": "~/.local/share/nrcore/calibration.toml",
               "allow_power": False, "fail_hold_s": 10.0,
               # The menu's settings (model, page, values, inputs); "" keeps nothing.
               "settings_file": ""},
}
SECTIONS = tuple(DEFAULTS)
#: ``portaudio``: the C callback (nrcore._audio); ``sounddevice``: a Python callback (kept as
#: the benchmarks' peer); ``wav``: a file, paced in real time.
OUTPUTS = ("portaudio", "sounddevice", "wav")
#: Line offsets of the simulated gate inputs (``--sim`` with no gate assigned).
SIM_GATE_LINES = (1001, 1002)


def _toml_module() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


#: Sections a board preset (jetson/boards/*.toml) may set.
BOARD_SECTIONS = ("controls", "display", "gpio", "inputs")


def boards_dir(folder: str = "") -> Path | None:
    """Where the board presets are: ``folder``, else /etc/nrcore/boards (install.sh), else
    the source tree's jetson/boards; None if none exists."""
    here = Path(__file__).resolve().parents[4] / "jetson" / "boards"
    for candidate in ([Path(folder)] if folder else [Path("/etc/nrcore/boards"), here]):
        if candidate.is_dir():
            return candidate
    return None


def load_boards(folder: Path) -> dict[str, dict[str, Any]]:
    """Every ``*.toml`` board preset in ``folder``, by file stem."""
    tomllib = _toml_module()
    out = {}
    for file in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(file.read_text())
        except (OSError, ValueError) as exc:
            raise ValueError(f"{file}: {exc}") from None
        unknown = set(data) - {"name", "match", *BOARD_SECTIONS}
        if unknown or not isinstance(data.get("match"), list):
            raise ValueError(f"{file}: a board preset has name, match (a list) and "
                             f"[{'], ['.join(BOARD_SECTIONS)}]; found {sorted(data)}")
        out[file.stem] = data
    return out


def select_board(board: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The board preset for ``[board]``: by ``name``, or with ``name = "auto"`` the one whose
    ``match`` strings occur in the device-tree model; ("", {}) when none applies
    (``name = "none"``, not a Jetson, or an unknown model)."""
    name = str(board.get("name", "auto"))
    if name == "none":
        return "", {}
    folder = boards_dir(str(board.get("dir", "")))
    boards = load_boards(folder) if folder is not None else {}
    if name != "auto":
        if name not in boards:
            raise ValueError(f"board.name: {name!r} is not one of "
                             f"{', '.join(['auto', 'none', *boards])}")
        return name, boards[name]
    try:
        model = Path(str(board.get("model_file", "/proc/device-tree/model"))).read_bytes()
    except OSError:
        return "", {}
    text = model.decode("utf-8", "replace").strip("\x00 \n")
    for stem, data in boards.items():
        if any(str(m) in text for m in data["match"]):
            return stem, data
    return "", {}


def load_config(path: str | Path | None = None, text: str | None = None) -> dict[str, Any]:
    """The rack configuration: DEFAULTS, then the board preset (``[board]``, chosen from
    /proc/device-tree/model unless named), then a TOML file (or TOML ``text``).

    Raises ValueError naming an unknown section or a malformed value.
    """
    config = deepcopy(DEFAULTS)
    tomllib = _toml_module()
    where = str(path) if path is not None else "config"
    data: dict[str, Any] = {}
    if path is not None or text is not None:
        try:
            data = tomllib.loads(text if text is not None else Path(str(path)).read_text())
        except OSError as exc:
            raise ValueError(f"{where}: cannot read ({exc.strerror})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{where}: not valid TOML ({exc})") from None
    board = dict(config["board"], **(data.get("board") or {}))
    stem, preset = select_board(board)
    for section in BOARD_SECTIONS:
        config[section].update(preset.get(section, {}))
    config["board"]["selected"] = stem
    if not data:
        return config
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise ValueError(f"{where}: unknown sections {sorted(unknown)}; known: "
                         f"{', '.join(SECTIONS)}")
    for key, value in data.items():
        if key == "adc":
            if not isinstance(value, list):
                raise ValueError(f"{where}: [[adc]] must be an array of tables")
            config["adc"] = value
        elif isinstance(config[key], dict):
            if not isinstance(value, dict):
                raise ValueError(f"{where}: [{key}] must be a table")
            config[key].update(value)
    for key, source in config["inputs"].items():
        from nrcore.hosts.jetson.controls import check_source
        check_source(key, str(source))
    for key in config["synth"]:
        if key not in SYNTH_PARAMS:
            raise ValueError(f"{where}: [synth] {key!r} is not one of {', '.join(SYNTH_PARAMS)}")
    audio = config["audio"]
    if int(audio["block_size"]) not in (32, 64, 128, 256, 512, 1024, 2048):
        raise ValueError(f"{where}: audio.block_size {audio['block_size']!r} is not a power of "
                         "two in [32, 2048]")
    if not 1 <= int(audio["queue_blocks"]) <= 16:
        raise ValueError(f"{where}: audio.queue_blocks {audio['queue_blocks']!r} is outside "
                         "[1, 16]")
    if str(audio["output"]) not in OUTPUTS:
        raise ValueError(f"{where}: audio.output {audio['output']!r} is not one of "
                         f"{', '.join(OUTPUTS)}")
    if not 0 <= int(audio["priority"]) <= 98:
        raise ValueError(f"{where}: audio.priority {audio['priority']!r} is outside [0, 98] "
                         "(0: no real-time scheduling)")
    return config


def _path(text: str) -> Path:
    return Path(os.path.expanduser(str(text)))


# -- the audio handoff ---------------------------------------------------------------------------
#: The lock-free ring between the render thread and the audio callback (C, see nrcore._audio).
AudioRing = Ring


def realtime_thread(priority: int) -> str:
    """Ask SCHED_FIFO at ``priority`` for the calling thread; returns a one-line report."""
    if priority <= 0:
        return "off (audio.priority = 0)"
    err = set_thread_realtime(priority)
    if err == 0:
        return f"SCHED_FIFO {priority}"
    return (f"refused ({errno.errorcode.get(err, err)}): give the user an rtprio limit "
            "(the unit's LimitRTPRIO, or @audio in /etc/security/limits.d)")


def lock_all_memory() -> str:
    """``mlockall`` for the whole process; returns a one-line report."""
    err = lock_memory()
    if err == 0:
        return "locked"
    return (f"refused ({errno.errorcode.get(err, err)}): raise the memlock limit (the unit's "
            "LimitMEMLOCK=infinity)")


class RenderLoop:
    """Turns the published control values into input rows and renders blocks into the ring."""

    def __init__(self, rack: Rack, values: ControlValues, ring: Ring,
                 lock: threading.Lock | None = None, priority: int = 0) -> None:
        self.rack = rack
        # Held while a block renders; the UI and OSC threads take it to change the rack, so a
        # change never lands in the middle of a block. The audio callback never touches it.
        self.lock = lock if lock is not None else threading.Lock()
        self.values = values
        self.ring = ring
        n = ring.block
        self._volts = np.zeros(len(INPUTS))
        self._rows = np.zeros((len(INPUTS), n), dtype=np.float32)
        self._seen = [0, 0]
        self._was_high = [False, False]
        self._pulse = max(1, int(1e-3 * rack.sample_rate))
        self.load = 0.0          # render time / block duration, smoothed
        self.peak_load = 0.0
        self.blocks = 0
        self.priority = priority
        self.sched = "not started"
        self.error: str | None = None
        #: Render time of the last blocks in seconds (a ring; see :meth:`render_times`), and
        #: the render thread's own CPU time for the same blocks: where the wall time is much
        #: longer, the thread was waiting (preempted, or for the interpreter lock).
        self._times = np.zeros(1 << 16)
        self._cpu = np.zeros(1 << 16)
        self._timed = 0
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None

    def inputs_block(self) -> np.ndarray:
        """This block's six input rows from the latest control values (gate pulses that fell
        between two control reads are re-created at the block start)."""
        rises = self.values.read(self._volts)
        rows = self._rows
        rows[:] = self._volts[:, None]
        for g in range(2):
            new = rises[g] - self._seen[g]
            self._seen[g] = rises[g]
            high = self._volts[g] > 2.5
            if new > 0:
                if not high:      # the whole pulse happened between two reads
                    rows[g, :self._pulse] = 5.0
                elif self._was_high[g]:  # low and high again between two reads
                    rows[g, 0] = 0.0
            self._was_high[g] = high
        return rows

    def render_one(self) -> None:
        start = time.perf_counter()
        cpu = time.thread_time()
        rows = self.inputs_block()
        before = self.rack.triggers
        with self.lock:
            out = self.rack.process(rows)
        # A block that starts an impact is marked: the ring notes when it begins to play
        # (the gate-to-sound latency in BENCHMARKS.md).
        self.ring.write(out[0], self.rack.triggers != before)
        spent = time.perf_counter() - start
        self._times[self._timed % self._times.shape[0]] = spent
        self._cpu[self._timed % self._cpu.shape[0]] = time.thread_time() - cpu
        self._timed += 1
        load = spent * self.rack.sample_rate / self.ring.block
        self.load += 0.05 * (load - self.load)
        self.peak_load = max(self.peak_load, load)
        self.blocks += 1

    def render_times(self) -> np.ndarray:
        """Render time per block (inputs, engine, ring write) of the last (at most 65536)
        blocks, in seconds."""
        n = min(self._timed, self._times.shape[0])
        return self._times[:n].copy()

    def render_cpu_times(self) -> np.ndarray:
        """The render thread's CPU time for the blocks of :meth:`render_times`, in seconds."""
        n = min(self._timed, self._cpu.shape[0])
        return self._cpu[:n].copy()

    def restart_timing(self) -> None:
        """Forget the render times so far (the blocks pre-filled before the stream started,
        the first of which pays for first-touch page faults, had no deadline)."""
        self._timed = 0
        self.peak_load = 0.0

    def start(self) -> threading.Thread:
        period = self.ring.block / self.rack.sample_rate

        def loop() -> None:
            self.sched = realtime_thread(self.priority)
            try:
                while not self._stop.is_set():
                    if self.ring.space():
                        self.render_one()
                    else:
                        # Sleeps on the ring's semaphore, interpreter lock released; the
                        # callback posts it as soon as a slot frees.
                        self.ring.wait_space(period)
            except BaseException as exc:  # noqa: BLE001 - reported by the supervisor
                self.error = f"render: {type(exc).__name__}: {exc}"
                traceback.print_exc()   # to the journal; the thread ends

        self.thread = threading.Thread(target=loop, name="nrcore-rack-render", daemon=True)
        self.thread.start()
        return self.thread

    def stop(self) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout=2.0)


class SoundDeviceOutput:
    """The sounddevice callback stream: copies ring blocks out, counts xruns."""

    def __init__(self, ring: AudioRing, sample_rate: float, device: Any = None) -> None:
        import sounddevice as sd

        self.ring = ring
        self.xruns = 0
        self._scratch = np.zeros(ring.block, dtype=np.float32)
        self.stream = sd.OutputStream(samplerate=sample_rate, blocksize=ring.block, channels=1,
                                      dtype="float32", device=device or None,
                                      callback=self._callback, latency="low")

    def _callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        # PortAudio's own underflows here; blocks the render thread had not finished are
        # counted by the ring (the launcher's xrun figure is the sum).
        if status.output_underflow:
            self.xruns += 1
        if frames == self.ring.block:
            self.ring.read_into(outdata[:, 0])
        else:  # pragma: no cover - PortAudio honours the fixed block size
            outdata.fill(0.0)
            self.xruns += 1

    @property
    def cpu_load(self) -> float:
        return float(self.stream.cpu_load)

    def start(self) -> None:
        self.stream.start()

    def stop(self) -> None:
        self.stream.stop()
        self.stream.close()


class WavOutput:
    """Pulls ring blocks into a WAV file, paced in real time unless ``fast``."""

    def __init__(self, ring: AudioRing, path: str | Path, sample_rate: float) -> None:
        import soundfile as sf

        self.ring = ring
        self.xruns = 0
        self.file = sf.SoundFile(str(path), mode="w", samplerate=int(sample_rate), channels=1,
                                 subtype="FLOAT")
        self._block = np.zeros(ring.block, dtype=np.float32)
        self.sample_rate = sample_rate
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.cpu_load = 0.0

    def pull(self) -> None:
        self.ring.read_into(self._block)      # a missing block is counted by the ring
        self.file.write(self._block)

    def start(self) -> None:
        period = self.ring.block / self.sample_rate

        def loop() -> None:
            next_at = time.monotonic()
            while not self._stop.is_set():
                self.pull()
                next_at += period
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)

        self.thread = threading.Thread(target=loop, name="nrcore-rack-wav", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout=2.0)
        self.file.close()


# -- the launcher --------------------------------------------------------------------------------
def temperature_c() -> float | None:
    """The hottest thermal zone in degrees Celsius, or None where there is none."""
    best = None
    for zone in Path("/sys/class/thermal").glob("thermal_zone*/temp"):
        try:
            value = int(zone.read_text().strip()) / 1000.0
        except (OSError, ValueError):
            continue
        best = value if best is None else max(best, value)
    return best


def resident_mb() -> float:
    """Resident set size of this process in MiB (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class Launcher:
    """Everything the rack runs, built from a configuration.

    Parameters
    ----------
    config : dict
        From :func:`load_config`.
    bus : object, optional
        An SMBus-like object (default: ``smbus2.SMBus(controls.i2c_bus)`` if ADCs are set up).
    gpio : object, optional
        A gpiod line request for the GPIO lines (default: requested from ``gpio.chip``).
    display : object, optional
        A luma device (default: :func:`~nrcore.hosts.jetson.hardware.display.open_display`).
    sim : bool
        Inputs assigned ``"sim"`` are set through :attr:`controls.sim_volts`.
    """

    def __init__(self, config: Mapping[str, Any], bus: Any = None, gpio: Any = None,
                 display: Any = None, sim: bool = False) -> None:
        from nrcore.hosts.jetson.menu import Menu

        self.config = config
        audio = config["audio"]
        self.sample_rate = float(audio["sample_rate"])
        self.block = int(audio["block_size"])
        model = config["model"]
        vae = model.get("vae") or None
        self.problems: list[str] = []          # hardware that could not be opened
        raw = str(config["system"].get("settings_file", "") or "")
        self.settings_path: Path | None = _path(raw) if raw else None
        self.saved = self._read_settings()
        rack_params = {k: v for k, v in config["rack"].items()}
        rack_params.update({k: v for k, v in self.saved.get("rack", {}).items()
                            if k in self._menu_params()})
        choices = [self._model_ref(model["path"])]
        if self.saved.get("model"):
            choices.insert(0, str(self.saved["model"]))
        for i, choice in enumerate(choices):
            try:
                self.rack = Rack(choice, sample_rate=self.sample_rate,
                                 vae=str(_path(vae)) if vae else None, **rack_params)
                break
            except (OSError, ValueError) as exc:
                if i == len(choices) - 1:
                    raise
                self.problems.append(f"settings: saved model {choice}: {exc}")
        synth = dict(config["synth"])
        synth.update({k: v for k, v in self.saved.get("synth", {}).items() if k in SYNTH_PARAMS})
        for key, value in synth.items():
            self.rack.synth_param(key, value)
        self.preset_paths = {w: _path(config["presets"][w]) for w in ("f1", "f2")}
        for which, path in self.preset_paths.items():
            if path.exists():
                self.rack.load_preset(which, path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                save_preset(builtin_preset(which), path)
        self.values = ControlValues()
        self.events: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.bus = bus
        self.controls = self._build_controls(config, gpio, sim)
        self.ring = AudioRing(int(audio["queue_blocks"]), self.block)
        self.lock = threading.Lock()
        self.render = RenderLoop(self.rack, self.values, self.ring, self.lock,
                                 priority=int(audio["priority"]))
        self.sim = sim
        self.memory = "not asked"
        self._shown_load_error: str | None = None
        self._i2c_seen = (0.0, 0, 0)
        #: Failures seen by the supervisor or the threads: (monotonic s, one line each).
        self.faults: list[tuple[float, str]] = []
        self.display = display if display is not None else self._open_display(config)
        width = getattr(self.display, "width", 128)
        height = getattr(self.display, "height", 64)
        self.menu = Menu(self, width, height, getattr(self.display, "mode", "1"))
        for key, source in self.saved.get("inputs", {}).items():
            try:
                self.controls.assign(key, str(source))
            except ValueError as exc:
                self.problems.append(f"settings: {exc}")
        self.menu.open_path([str(t) for t in self.saved.get("page", [])])
        self._saved_at = 0.0
        self._saved_model = self.rack.model_path
        self.output: Any = None
        self.power_requests: list[str] = []
        self._ui_stop = threading.Event()
        self._ui_thread: threading.Thread | None = None
        self.frames_written = 0
        self.frame_dir: Path | None = None

    @staticmethod
    def _model_ref(text: str) -> str:
        expanded = _path(text)
        return str(expanded) if ("/" in str(text) or expanded.with_suffix(".json").exists()) \
            else str(text)

    def _open_display(self, config: Mapping[str, Any]) -> Any:
        from nrcore.hosts.jetson.hardware.display import open_display
        # The OLED gets its own bus handle even on the ADCs' port: smbus2 sets the slave
        # address per file descriptor, so two threads must not share one handle.
        try:
            return open_display(config["display"])
        except ValueError:
            raise
        except Exception as exc:  # noqa: BLE001 - luma raises its own error types
            # A dead or missing screen must not silence the instrument.
            print(f"nrcore rack: no display ({exc}); running without a screen",
                  file=sys.stderr)
            self.problems.append(f"display: {exc}")
            from luma.core.device import dummy
            return dummy(width=int(config["display"].get("width", 128)),
                         height=int(config["display"].get("height", 64)), mode="1")

    def _build_controls(self, config: Mapping[str, Any], gpio: Any, sim: bool) -> ControlReader:
        from nrcore.hosts.jetson.hardware.gpio import Button, Encoder, GateLine, initial_level, request_lines

        calibrations = calibration_from_config(config["calibration"])
        cal_file = _path(config["system"]["calibration_file"])
        if cal_file.exists():
            try:
                saved = _toml_module().loads(cal_file.read_text())
                calibrations.update(calibration_from_config(saved.get("calibration", {})))
            except (OSError, ValueError) as exc:   # TOMLDecodeError is a ValueError
                raise ValueError(f"{cal_file}: {exc} (fix it, or delete it to recalibrate)"
                                 ) from None
        channels: dict[str, ADCChannel] = {}
        if config["adc"] and self.bus is None:
            try:
                import smbus2
                self.bus = smbus2.SMBus(int(config["controls"]["i2c_bus"]))
            except Exception as exc:  # noqa: BLE001 - ImportError, OSError (no /dev/i2c-N)
                print(f"nrcore rack: I2C bus unavailable ({exc}); the ADC inputs read 0 V",
                      file=sys.stderr)
                self.problems.append(f"i2c: {exc}")
        if config["adc"] and self.bus is not None:
            for i, spec in enumerate(config["adc"]):
                name = str(spec.get("name", f"adc{i}"))
                adc = ADS1x15(self.bus, int(spec.get("address", 0x48 + i)),
                              str(spec.get("chip", "ads1115")),
                              float(spec.get("full_scale", 4.096)), spec.get("data_rate"))
                for ch in range(4):
                    source = f"{name}:{ch}"
                    channels[source] = ADCChannel(adc, ch, calibrations.get(source, Calibration()),
                                                  source)
        sources = {k: str(config["inputs"].get(k, "none")) for k in INPUTS}
        sources = {k: ("none" if v.startswith("adc") and v not in channels else v)
                   for k, v in sources.items()} if self.bus is None else sources
        gpio_cfg = config["gpio"]
        if sim:
            sources = {k: ("sim" if v == "none" else v) for k, v in sources.items()}
            if gpio is None:
                # Simulated gates arrive as GPIO edges, timestamped like the kernel's, so the
                # simulator has the timing of the documented gate wiring (jetson/README.md);
                # lines a board preset or the config names are simulated too.
                from nrcore.hosts.jetson.hardware.simbus import SimLines
                for g, key in enumerate(("gate1", "gate2")):
                    if sources[key] == "sim":
                        sources[key] = f"gpio:{SIM_GATE_LINES[g]}"
                ui = [int(gpio_cfg[k]) for k in ("encoder_a", "encoder_b", "button")
                      if k in gpio_cfg]
                gates = [int(v[5:]) for v in sources.values() if v.startswith("gpio:")]
                gpio = SimLines(gates + ui)
                gpio_cfg = dict(gpio_cfg, gates_active_low=True)
        gate_offsets = [int(s[5:]) for s in sources.values() if s.startswith("gpio:")]
        ui_offsets = [int(gpio_cfg[k]) for k in ("encoder_a", "encoder_b", "button")
                      if k in gpio_cfg]
        offsets = gate_offsets + ui_offsets
        if offsets and gpio is None:
            backend = str(gpio_cfg.get("backend", "gpiod"))
            try:
                if backend == "gpiod":
                    gpio = request_lines(str(gpio_cfg.get("chip", "gpiochip0")), offsets,
                                         debounce_ms=float(gpio_cfg.get("debounce_ms", 0.0)))
                elif backend == "jetson":
                    from nrcore.hosts.jetson.hardware.gpio import JetsonGPIOLines
                    gpio = JetsonGPIOLines(offsets)     # offsets are BOARD pin numbers
                else:
                    raise ValueError(f"gpio.backend: {backend!r} is not 'gpiod' or 'jetson'")
            except ValueError:
                raise
            except Exception as exc:  # noqa: BLE001 - OSError, RuntimeError off a Jetson, ...
                # Without GPIO the menu cannot be driven, but the CVs and the audio still work.
                print(f"nrcore rack: GPIO unavailable ({exc}); running without encoder, "
                      "button and GPIO gates", file=sys.stderr)
                self.problems.append(f"gpio: {exc}")
                gpio = None
                sources = {k: ("none" if v.startswith("gpio:") else v)
                           for k, v in sources.items()}
                gate_offsets = []
                gpio_cfg = {}
        self.gpio = gpio
        low = bool(gpio_cfg.get("gates_active_low", True))
        gate_lines = {o: GateLine(o, low, initial_level(gpio, o)) for o in gate_offsets}
        encoder = button = None
        if "encoder_a" in gpio_cfg and "encoder_b" in gpio_cfg:
            a, b = int(gpio_cfg["encoder_a"]), int(gpio_cfg["encoder_b"])
            encoder = Encoder(a, b, int(gpio_cfg.get("steps_per_detent", 4)),
                              initial_level(gpio, a), initial_level(gpio, b),
                              bool(gpio_cfg.get("reverse", False)))
        if "button" in gpio_cfg:
            o = int(gpio_cfg["button"])
            button = Button(o, float(gpio_cfg.get("debounce_ms", 20.0)),
                            float(gpio_cfg.get("long_ms", 800.0)), level=initial_level(gpio, o))
        return ControlReader(channels, InputAssignment(sources), self.values, gpio, gate_lines,
                             encoder, button, self.events)

    # -- settings kept across restarts ------------------------------------------------------
    @staticmethod
    def _menu_params() -> set[str]:
        return {p.name for p in Rack.PARAMS if p.menu and p.kind not in ("vector", "matrix")}

    def _read_settings(self) -> dict[str, Any]:
        """The settings file, or {} (a corrupt one is reported and ignored: the defaults
        play)."""
        path = self.settings_path
        if path is None or not path.exists():
            return {}
        try:
            data = _toml_module().loads(path.read_text())
        except (OSError, ValueError) as exc:
            self.problems.append(f"settings: {path}: {exc}")
            print(f"nrcore rack: {path}: {exc}; starting from the configuration",
                  file=sys.stderr)
            return {}
        return data if isinstance(data, dict) else {}

    def settings(self) -> dict[str, Any]:
        """What the menu changed and a restart should keep: model, page, the menu's rack and
        synth values, input assignments."""
        return {
            "model": str(self.rack.model_path or ""),
            "page": self.menu.page_path(),
            "rack": {k: self.rack.get_param(k) for k in sorted(self._menu_params())},
            "synth": {k: self.rack.synth_param(k) for k in SYNTH_PARAMS},
            "inputs": dict(self.controls.assignment.sources),
        }

    def save_settings(self) -> Path | None:
        """Write the settings atomically (old or new file, never half of one)."""
        if self.settings_path is None:
            return None
        data = self.settings()
        lines = ["# written by nrcore rack: the menu's settings, restored at start", "",
                 f"model = {json.dumps(data['model'])}",
                 "page = [" + ", ".join(json.dumps(t) for t in data["page"]) + "]"]
        for section in ("rack", "synth", "inputs"):
            lines += ["", f"[{section}]"]
            for key, value in data[section].items():
                if isinstance(value, bool):
                    text = "true" if value else "false"
                elif isinstance(value, (int, float)):
                    text = repr(float(value)) if isinstance(value, float) else str(value)
                else:
                    text = json.dumps(str(value))
                lines.append(f"{key} = {text}")
        self.settings_path.parent.mkdir(parents=True, exist_ok=True)
        path = atomic_write_text(self.settings_path, "\n".join(lines) + "\n")
        self.menu.settings_changed = False
        self._saved_model = self.rack.model_path
        self._saved_at = time.monotonic()
        return path

    def _save_settings_if_changed(self, now: float) -> None:
        changed = self.menu.settings_changed or self.rack.model_path != self._saved_model
        if changed and self.settings_path is not None and now - self._saved_at >= 1.0:
            try:
                self.save_settings()
            except OSError as exc:
                self.fault(f"settings: {exc}")
                self._saved_at = now

    # -- the menu's host interface ----------------------------------------------------------
    def models(self) -> list[str]:
        folder = self.config["model"].get("folder")
        if not folder:
            return []
        out = []
        for cfg in sorted(_path(folder).glob("*.json")):
            try:
                import json
                if json.loads(cfg.read_text()).get("kind") == "nsf":
                    out.append(str(cfg.with_suffix("")))
            except (OSError, ValueError):
                continue
        return out

    def stats(self) -> dict[str, str]:
        out = {"CPU": f"{100 * self.render.load:.0f}% pk {100 * self.render.peak_load:.0f}%"}
        if self.output is not None and getattr(self.output, "cpu_load", None):
            out["PA CPU"] = f"{100 * self.output.cpu_load:.0f}%"
        xruns = self.ring.underruns + (getattr(self.output, "xruns", 0) or 0)
        out["Xruns"] = str(xruns)
        out["I2C err"] = str(self.controls.i2c_errors)
        temp = temperature_c()
        if temp is not None:
            out["Temp"] = f"{temp:.0f} C"
        out["Triggers"] = str(self.rack.triggers)
        out["Model"] = self.rack.model_name + (" ..." if self.rack.switching else "")
        out["RSS"] = f"{resident_mb():.0f} MB"
        out["RT render"] = self.render.sched
        out["RT audio"] = _sched_text(self.ring.callback_sched)
        out["Mem lock"] = self.memory
        if self.faults:
            out["Last fault"] = self.faults[-1][1]
        for problem in self.problems:
            out["Fault " + problem.split(":", 1)[0]] = problem.split(":", 1)[1].strip()[:20]
        return out

    def power(self, action: str) -> str:
        """Shut down or reboot the machine (``action``: "shutdown" or "reboot").

        Only on real hardware, and only when the config says ``system.allow_power = true``;
        in ``--sim`` nothing runs (the request is recorded). Returns what happened, one line.
        """
        if action not in ("shutdown", "reboot"):
            raise ValueError(f"power: {action!r} is not 'shutdown' or 'reboot'")
        self.power_requests.append(action)
        if self.sim:
            return f"{action}: simulated, nothing done"
        if not bool(self.config["system"].get("allow_power", False)):
            return f"{action}: off (system.allow_power)"
        command = self.config["system"].get(action)
        if not command:
            return f"{action}: no system.{action} command"
        try:
            subprocess.Popen(list(command))
        except OSError as exc:
            self.fault(f"{action}: {exc}")
            return f"{action} failed: {exc.strerror}"
        return f"{action}..."

    def fault(self, text: str) -> None:
        """Log a failure (stderr: the journal under systemd) and show it on the screen."""
        print(f"nrcore rack: {text}", file=sys.stderr, flush=True)
        self.faults.append((time.monotonic(), text))
        del self.faults[:-50]
        self.menu.fault = text
        self.menu.dirty = True

    def save_calibration(self) -> Path:
        table = {src: ch.calibration.as_dict() for src, ch in self.controls.channels.items()}
        path = _path(self.config["system"]["calibration_file"])
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# written by the rack menu (Calibrate)", ""]
        for source, cal in table.items():
            lines.append(f'[calibration."{source}"]')
            lines.append(dumps_toml(cal).strip())
            lines.append("")
        return atomic_write_text(path, "\n".join(lines))

    # -- running ----------------------------------------------------------------------------
    def ui_step(self) -> bool:
        """Apply pending menu events; redraw when something changed. Returns True if drawn."""
        changed = False
        while True:
            try:
                event, value = self.events.get_nowait()
            except queue.Empty:
                break
            with self.lock:
                self.menu.handle(event, value)
            changed = True
        if changed or self.menu.dirty:
            self.draw()
            return True
        return False

    def draw(self) -> Any:
        image = self.menu.show(self.display)
        if self.frame_dir is not None:
            self.frame_dir.mkdir(parents=True, exist_ok=True)
            image.save(self.frame_dir / f"frame_{self.frames_written:05d}.png")
            self.frames_written += 1
        return image

    def _ui_loop(self) -> None:
        fps = float(self.config["display"].get("fps", 15.0))
        last_full = 0.0
        while not self._ui_stop.is_set():
            self.watch()
            drawn = self.ui_step()
            now = time.monotonic()
            self._save_settings_if_changed(now)
            if not drawn and now - last_full > 1.0 and self.menu.page.title == "Stats":
                self.menu.dirty = True   # live numbers
                last_full = now
            self._ui_stop.wait(1.0 / fps)

    def watch(self) -> None:
        """Non-fatal failures to the log and the screen: a model that did not load, inputs
        whose every ADC read fails."""
        error = self.rack.load_error
        if error and error != self._shown_load_error:
            self.fault(f"model: {error}")
        self._shown_load_error = error
        now = time.monotonic()
        if now - self._i2c_seen[0] >= 2.0:
            errors = self.controls.i2c_errors
            new = errors - self._i2c_seen[1]
            polls = self.controls.polls - self._i2c_seen[2]
            if new > 0 and new >= polls > 0:
                self.fault(f"I2C: every ADC read fails ({errors} errors); CVs hold")
            self._i2c_seen = (now, errors, self.controls.polls)

    def start(self, output: Any) -> None:
        self.output = output
        if bool(self.config["audio"].get("lock_memory", True)) and not self.sim:
            self.memory = lock_all_memory()
        priority = int(self.config["audio"]["priority"])
        # Every thread of the process that takes the interpreter lock runs SCHED_FIFO (below
        # the render thread) where permitted: a thread holding the lock can then not be
        # preempted by other processes while the render thread waits for it.
        self.controls.start(float(self.config["controls"]["rate_hz"]),
                            priority=max(priority - 5, 0))
        while self.ring.space():          # the first blocks are ready before the stream starts
            self.render.render_one()
        self.render.restart_timing()      # the pre-fill ran before any deadline
        # Everything built so far (modules, models, the menu) lives until exit: frozen out of
        # the collector, a full collection in any thread (holding the interpreter lock the
        # render thread needs) scans only what was made since.
        gc.collect()
        gc.freeze()
        self.render.start()
        output.start()
        self._ui_thread = threading.Thread(target=self._ui_guarded, name="nrcore-rack-ui",
                                           daemon=True)
        self._ui_thread.start()
        self._started_at = time.monotonic()
        self._last_pulls = (self._started_at, self.ring.pulls)

    def _ui_guarded(self) -> None:
        priority = int(self.config["audio"]["priority"])
        realtime_thread(max(priority - 40, 1) if priority else 0)
        try:
            self._ui_loop()
        except BaseException as exc:  # noqa: BLE001 - reported by the supervisor
            self.ui_error: str | None = f"screen: {type(exc).__name__}: {exc}"
            traceback.print_exc()       # to the journal; the thread ends

    def check(self) -> str | None:
        """The supervisor's test, run from the main thread: None while every part runs, else
        what failed (a thread that ended, an audio device that stopped calling back)."""
        now = time.monotonic()
        ui = self._ui_thread
        if ui is not None and not ui.is_alive() and not self._ui_stop.is_set():
            # The screen is the part that failed: the instrument plays on without it (a few
            # times; a screen thread that keeps dying ends the process like any other part).
            error = getattr(self, "ui_error", None) or "screen thread ended"
            self.ui_restarts = getattr(self, "ui_restarts", 0) + 1
            if self.ui_restarts > 3:
                return error
            self.fault(f"{error}; screen replaced by a blank one, still playing")
            from luma.core.device import dummy
            self.display = dummy(width=int(getattr(self.display, "width", 128)),
                                 height=int(getattr(self.display, "height", 64)),
                                 mode=str(getattr(self.display, "mode", "1")))
            self.ui_error = None
            self._ui_thread = threading.Thread(target=self._ui_guarded, name="nrcore-rack-ui",
                                               daemon=True)
            self._ui_thread.start()
        parts = [("render", self.render.thread, self.render.error),
                 ("control", self.controls.thread, self.controls.error)]
        for name, thread, error in parts:
            if thread is not None and not thread.is_alive():
                return error or f"{name} thread ended"
        output = self.output
        if output is not None and getattr(output, "active", True) is False:
            return "audio device lost (the stream stopped)"
        pulls = self.ring.pulls
        since, last = self._last_pulls
        if pulls != last:
            self._last_pulls = (now, pulls)
        elif now - since > AUDIO_TIMEOUT_S:
            return f"audio device lost (no callback for {now - since:.1f} s)"
        return None

    def stop(self) -> None:
        gc.unfreeze()
        self._ui_stop.set()
        if self._ui_thread is not None:
            self._ui_thread.join(timeout=2.0)
        try:
            self._save_settings_if_changed(math.inf)
        except Exception as exc:  # noqa: BLE001 - stopping must go on
            print(f"nrcore rack: settings not saved ({exc})", file=sys.stderr)
        if self.output is not None:
            self.output.stop()
        self.render.stop()
        self.controls.stop()

    def run_offline(self, seconds: float, script: Any = None, wav: Any = None) -> np.ndarray:
        """Run every part in this thread, block by block, as fast as possible (the simulator's
        ``--fast``): script -> controls -> render -> WAV, menu events -> screen."""
        blocks = int(math.ceil(seconds * self.sample_rate / self.block))
        out = np.zeros(blocks * self.block, dtype=np.float32)
        scratch = np.zeros(self.block, dtype=np.float32)
        self.draw()
        for b in range(blocks):
            t = b * self.block / self.sample_rate
            if script is not None:
                script.apply(t, self)
            self.controls.poll_once()
            self.render.render_one()
            self.ring.read_into(scratch)
            out[b * self.block:(b + 1) * self.block] = scratch
            self.ui_step()
        if wav is not None:
            import soundfile as sf
            sf.write(str(wav), out, int(self.sample_rate), subtype="FLOAT")
        return out


# -- the command -----------------------------------------------------------------------------
def show_failure(config: Mapping[str, Any], message: str, display: Any = None) -> Any:
    """Draw a start-up failure on the screen (opened here unless given) and leave it there
    after the process ends; returns the image (None when no screen can be opened)."""
    from PIL import Image, ImageDraw, ImageFont

    if display is None:
        try:
            from nrcore.hosts.jetson.hardware.display import open_display
            display = open_display(config["display"])
        except Exception:  # noqa: BLE001 - no screen: the journal has the message
            return None
    width, height = int(getattr(display, "width", 128)), int(getattr(display, "height", 64))
    mode = str(getattr(display, "mode", "1"))
    rows = 5 if height <= 64 else max(5, height // 24)
    font = ImageFont.load_default(size=max(8, height // rows - 2))
    image = Image.new(mode, (width, height), 0 if mode == "1" else "black")
    draw = ImageDraw.Draw(image)
    on = 1 if mode == "1" else "white"
    lines = ["nrcore rack failed:", *wrap_text(message, font, width - 2)]
    step = height // rows
    for r, line in enumerate(lines[:rows]):
        draw.text((1, r * step), line, font=font, fill=on)
    if hasattr(display, "persist"):
        display.persist = True          # luma clears the screen at exit unless told not to
    display.display(image)
    return image


AUDIO_TIMEOUT_S = 1.5
#: Exit status when a part of the running instrument failed (systemd restarts the unit).
EXIT_FAILED = 3


def open_output(launcher: Launcher, config: Mapping[str, Any]) -> Any:
    """The configured audio output on the launcher's ring (raises AudioError/OSError)."""
    audio = config["audio"]
    kind = str(audio.get("output", "portaudio"))
    if kind == "wav" and audio.get("wav"):
        return WavOutput(launcher.ring, audio["wav"], launcher.sample_rate)
    if kind == "sounddevice":
        return SoundDeviceOutput(launcher.ring, launcher.sample_rate,
                                 audio.get("device") or None)
    priority = int(audio.get("priority", 0))
    launcher.ring.callback_priority = min(priority + 1, 99) if priority > 0 else 0
    return Output(launcher.ring, launcher.sample_rate, audio.get("device") or None)


def _exit_guard(seconds: float, status: int) -> threading.Timer:
    """Ends the process with ``status`` if an orderly stop hangs (a dead audio server)."""
    def force() -> None:
        print(f"nrcore rack: stopping hung; exiting with status {status}", file=sys.stderr,
              flush=True)
        os._exit(status)

    timer = threading.Timer(seconds, force)
    timer.daemon = True
    timer.start()
    return timer


def _percentiles_ms(seconds: np.ndarray) -> dict[str, float]:
    """p50, p99 and max of durations in seconds, as milliseconds (zeros when empty)."""
    return {k: float(np.percentile(seconds, q) * 1e3) if seconds.size else 0.0
            for k, q in (("p50", 50), ("p99", 99), ("max", 100))}


def write_report(launcher: Launcher, path: str | Path) -> dict[str, Any]:
    """A JSON summary of a run (xruns, render times, scheduling, latency marks)."""
    import json

    times = launcher.render.render_times()
    cpu = launcher.render.render_cpu_times()
    slow = times > 0.5 * launcher.block / launcher.sample_rate
    output = launcher.output
    report = {
        "blocks": int(launcher.render.blocks),
        "callbacks": int(launcher.ring.pulls),
        "underruns": int(launcher.ring.underruns),
        "host_xruns": int(getattr(output, "xruns", 0) or 0),
        "host_xrun_at_callback": int(launcher.ring.host_underflow_at),
        # The mean callback period: the host's pace, against which a callback's gap is read.
        "callback_ms": (launcher.ring.frames / launcher.ring.pulls / launcher.sample_rate * 1e3
                        if launcher.ring.pulls else 0.0),
        # [kind, callback number, ms since the previous callback] per ring underrun and host
        # xrun (the last 4096): an underrun right after a host xrun, with callbacks coming
        # faster than one per period, is the host catching up, not a late render thread.
        "xrun_events": [[kind, pull, round(gap / 1e6, 3)]
                        for kind, pull, gap in launcher.ring.events()],
        "render_ms": _percentiles_ms(times),
        "render_cpu_ms": _percentiles_ms(cpu),
        # Blocks that took over half the budget: wall and CPU ms of each (the difference is
        # time the render thread spent waiting).
        "slow_blocks": [[round(float(w) * 1e3, 2), round(float(c) * 1e3, 2)]
                        for w, c in zip(times[slow][-200:], cpu[slow][-200:])],
        "budget_ms": launcher.block / launcher.sample_rate * 1e3,
        "render_sched": launcher.render.sched,
        "callback_sched": int(launcher.ring.callback_sched),
        "memory": launcher.memory,
        "triggers": int(launcher.rack.triggers),
        "gate_edges_ns": list(launcher.controls.edge_times()),
        "sound_starts_ns": launcher.ring.mark_times(),
        "faults": [text for _, text in launcher.faults],
        "device": str(getattr(output, "device_name", type(output).__name__)),
    }
    Path(path).write_text(json.dumps(report, indent=1))
    return report


def run_realtime(launcher: Launcher, config: Mapping[str, Any], duration: float | None,
                 report: str | None = None) -> int:
    """Run until ``duration`` (or SIGINT/SIGTERM), supervising every part: a thread that ends
    or an audio device that stops calling back is logged, shown on the screen, and ends the
    process with status 3 (systemd restarts it). Returns the exit status."""
    import signal

    try:
        output = open_output(launcher, config)
    except (AudioError, OSError, ImportError) as exc:
        print(f"nrcore rack: no audio output ({exc}); use --wav FILE", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - sounddevice's PortAudioError
        print(f"nrcore rack: no audio output ({exc}); use --wav FILE", file=sys.stderr)
        return 1
    stopping = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)   # the render thread gets the interpreter lock sooner
    priority = int(config["audio"]["priority"])
    try:
        policy = (os.sched_getscheduler(0), os.sched_getparam(0))
    except (AttributeError, OSError):   # pragma: no cover - not Linux
        policy = None
    supervisor_sched = realtime_thread(max(priority - 40, 1) if priority else 0)

    def restore() -> None:
        sys.setswitchinterval(switch_interval)
        if policy is not None:           # the calling thread goes on as it came (a test, a host)
            try:
                os.sched_setscheduler(0, policy[0], policy[1])
            except OSError:
                pass

    try:
        launcher.start(output)
    except (AudioError, OSError) as exc:
        launcher.fault(f"audio: {exc}")
        guard = _exit_guard(5.0, 1)
        launcher.stop()
        guard.cancel()
        restore()
        return 1
    print(f"nrcore rack: running {launcher.rack.model_name} at {launcher.sample_rate:g} Hz, "
          f"{launcher.block}-sample blocks, {launcher.ring.slots} queued, on "
          f"{getattr(output, 'device_name', type(output).__name__)}", file=sys.stderr)
    status = 0
    failure = None
    reported_sched = False
    try:
        end = None if duration is None else time.monotonic() + duration
        while (end is None or time.monotonic() < end) and not stopping.is_set():
            stopping.wait(0.1)
            if not reported_sched and launcher.render.sched != "not started":
                reported_sched = True
                print(f"nrcore rack: render thread {launcher.render.sched}; audio callback "
                      f"{_sched_text(launcher.ring.callback_sched)}; other threads "
                      f"{supervisor_sched}; memory {launcher.memory}", file=sys.stderr)
            failure = launcher.check()
            if failure is not None:
                launcher.fault(failure)
                status = EXIT_FAILED
                break
    except KeyboardInterrupt:
        pass
    finally:
        if failure is not None:
            try:
                launcher.draw()      # the fault on the screen before the process goes
            except Exception:  # noqa: BLE001 - the screen may be what failed
                pass
        guard = _exit_guard(5.0, status or EXIT_FAILED)
        launcher.stop()
        guard.cancel()
        restore()
        if report:
            write_report(launcher, report)
        stats = launcher.stats()
        print("nrcore rack: " + ", ".join(f"{k} {v}" for k, v in stats.items()),
              file=sys.stderr)
    return status


def _sched_text(result: int) -> str:
    if result == -1:
        return "not called yet"
    if result == 0:
        return "real-time"
    return f"refused ({errno.errorcode.get(result, result)})"
