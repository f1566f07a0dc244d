"""``nrcore rack``: the Jetson launcher (and, with ``--sim``, the simulator) around one Rack.

Threads and what they share::

    control thread ──ControlValues (seqlock)──> render thread ──AudioRing──> audio callback
         │  (ADCs over I2C, GPIO gates,                (Rack.process)        (sounddevice;
         │   encoder, button)                                                 copy or zeros)
         └──SimpleQueue of menu events──> UI thread (menu, screen)

The sounddevice callback only copies one pre-rendered block out of a pre-allocated ring (or
writes zeros and counts an underrun when the render thread fell behind); it takes no lock, waits
for nothing and allocates no buffers. The render thread keeps ``queue_blocks`` blocks ahead,
which sets the control-to-sound latency (see BENCHMARKS.md). The control thread owns the buses;
a failed I2C read keeps the last good value and is counted.

The configuration is one TOML file (``jetson/rack.toml`` is the annotated example).
"""
from __future__ import annotations

import math
import os
import queue
import subprocess
import sys
import threading
import time
from copy import deepcopy
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from nrcore.hosts.jetson.controls import ControlReader, ControlValues, InputAssignment, calibration_from_config
from nrcore.rack.engine import INPUTS, SYNTH_PARAMS, Rack
from nrcore.hosts.jetson.hardware.ads1x15 import ADCChannel, ADS1x15, Calibration
from nrcore.rack.presets import atomic_write_text, builtin_preset, dumps_toml, save_preset

DEFAULTS: dict[str, Any] = {
    "audio": {"sample_rate": 48000, "block_size": 256, "device": "", "queue_blocks": 2,
              "output": "sounddevice", "wav": ""},
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
    "system": {"shutdown": ["systemctl", "poweroff"], "reboot": ["systemctl", "reboot"],
               "calibration_file": "~/.local/share/nrcore/calibration.toml"},
}
SECTIONS = tuple(DEFAULTS)


def _toml_module() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def load_config(path: str | Path | None = None, text: str | None = None) -> dict[str, Any]:
    """The rack configuration: DEFAULTS overlaid with a TOML file (or TOML ``text``).

    Raises ValueError naming an unknown section or a malformed value.
    """
    config = deepcopy(DEFAULTS)
    if path is None and text is None:
        return config
    tomllib = _toml_module()
    where = str(path) if path is not None else "config"
    try:
        data = tomllib.loads(text if text is not None else Path(path).read_text())
    except OSError as exc:
        raise ValueError(f"{where}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{where}: not valid TOML ({exc})") from None
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
    return config


def _path(text: str) -> Path:
    return Path(os.path.expanduser(str(text)))


# -- the audio handoff ---------------------------------------------------------------------------
class AudioRing:
    """Pre-allocated blocks between the render thread (writer) and the callback (reader).

    ``written`` and ``read`` only ever grow, each advanced by one side only, so neither side
    needs a lock: a slot is free when ``written - read < slots``.
    """

    def __init__(self, slots: int, block: int) -> None:
        self.blocks = np.zeros((slots, block), dtype=np.float32)
        self._views = list(self.blocks)   # one view per slot, made once
        self.slots = slots
        self.block = block
        self.written = 0
        self.read = 0
        self.underruns = 0

    @property
    def filled(self) -> int:
        return self.written - self.read

    def space(self) -> bool:
        return self.written - self.read < self.slots

    def write(self, samples: np.ndarray) -> None:
        np.copyto(self._views[self.written % self.slots], samples)
        self.written += 1

    def read_into(self, out: np.ndarray) -> bool:
        """Copy the oldest block into ``out`` (1-D); zeros and an underrun if none is ready."""
        if self.written - self.read > 0:
            np.copyto(out, self._views[self.read % self.slots])
            self.read += 1
            return True
        out.fill(0.0)
        self.underruns += 1
        return False


class RenderLoop:
    """Turns the published control values into input rows and renders blocks into the ring."""

    def __init__(self, rack: Rack, values: ControlValues, ring: AudioRing,
                 lock: threading.Lock | None = None) -> None:
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
        rows = self.inputs_block()
        start = time.perf_counter()
        with self.lock:
            out = self.rack.process(rows)
        spent = time.perf_counter() - start
        load = spent * self.rack.sample_rate / self.ring.block
        self.load += 0.05 * (load - self.load)
        self.peak_load = max(self.peak_load, load)
        self.ring.write(out[0])
        self.blocks += 1

    def start(self) -> threading.Thread:
        period = self.ring.block / self.rack.sample_rate

        def loop() -> None:
            while not self._stop.is_set():
                if self.ring.space():
                    self.render_one()
                else:
                    time.sleep(period / 4)

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
        self.rack = Rack(self._model_ref(model["path"]), sample_rate=self.sample_rate,
                         vae=str(_path(vae)) if vae else None,
                         **{k: v for k, v in config["rack"].items()})
        for key, value in config["synth"].items():
            self.rack.synth_param(key, value)
        self.preset_paths = {w: _path(config["presets"][w]) for w in ("f1", "f2")}
        for which, path in self.preset_paths.items():
            if path.exists():
                self.rack.load_preset(which, path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                save_preset(builtin_preset(which), path)
        self.values = ControlValues()
        self.events: queue.SimpleQueue = queue.SimpleQueue()
        self.problems: list[str] = []          # hardware that could not be opened
        self.bus = bus
        self.controls = self._build_controls(config, gpio, sim)
        self.ring = AudioRing(int(audio["queue_blocks"]), self.block)
        self.lock = threading.Lock()
        self.render = RenderLoop(self.rack, self.values, self.ring, self.lock)
        self.display = display if display is not None else self._open_display(config)
        width = getattr(self.display, "width", 128)
        height = getattr(self.display, "height", 64)
        self.menu = Menu(self, width, height, getattr(self.display, "mode", "1"))
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
            saved = _toml_module().loads(cal_file.read_text())
            calibrations.update(calibration_from_config(saved.get("calibration", {})))
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
        if sim:
            sources = {k: ("sim" if v == "none" else v) for k, v in sources.items()}
        gpio_cfg = config["gpio"]
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
        if self.output is not None and getattr(self.output, "cpu_load", 0.0):
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
        for problem in self.problems:
            out["Fault " + problem.split(":", 1)[0]] = problem.split(":", 1)[1].strip()[:20]
        return out

    def power(self, action: str) -> None:
        self.power_requests.append(action)
        command = self.config["system"].get(action)
        if command:
            subprocess.Popen(list(command))

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
            drawn = self.ui_step()
            now = time.monotonic()
            if not drawn and now - last_full > 1.0 and self.menu.page.title == "Stats":
                self.menu.dirty = True   # live numbers
                last_full = now
            self._ui_stop.wait(1.0 / fps)

    def start(self, output: Any) -> None:
        self.output = output
        self.controls.start(float(self.config["controls"]["rate_hz"]))
        while self.ring.space():          # the first blocks are ready before the stream starts
            self.render.render_one()
        self.render.peak_load = 0.0       # the pre-fill ran before any deadline
        self.render.start()
        output.start()
        self._ui_thread = threading.Thread(target=self._ui_loop, name="nrcore-rack-ui",
                                           daemon=True)
        self._ui_thread.start()

    def stop(self) -> None:
        self._ui_stop.set()
        if self._ui_thread is not None:
            self._ui_thread.join(timeout=2.0)
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
def run_realtime(launcher: Launcher, config: Mapping[str, Any], duration: float | None) -> int:
    audio = config["audio"]
    if audio.get("output") == "wav" and audio.get("wav"):
        output: Any = WavOutput(launcher.ring, audio["wav"], launcher.sample_rate)
    else:
        try:
            output = SoundDeviceOutput(launcher.ring, launcher.sample_rate,
                                       audio.get("device") or None)
        except Exception as exc:  # noqa: BLE001 - PortAudio raises its own error types
            print(f"nrcore rack: no audio output ({exc}); use --wav FILE", file=sys.stderr)
            return 1
    launcher.start(output)
    print(f"nrcore rack: running {launcher.rack.model_name} at {launcher.sample_rate:g} Hz, "
          f"{launcher.block}-sample blocks, {launcher.ring.slots} queued", file=sys.stderr)
    try:
        end = None if duration is None else time.monotonic() + duration
        while end is None or time.monotonic() < end:
            time.sleep(0.1)
    except KeyboardInterrupt:
        pass
    finally:
        launcher.stop()
        stats = launcher.stats()
        print("nrcore rack: " + ", ".join(f"{k} {v}" for k, v in stats.items()),
              file=sys.stderr)
    return 0
