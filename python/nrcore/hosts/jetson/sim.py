"""``nrcore rack --sim``: the same launcher with simulated hardware.

Inputs not assigned to hardware in the config come from any mix of

* OSC (``--osc PORT``): ``/rack/gate1`` ... ``/rack/cv4`` with one number in volts,
  ``/rack/turn`` (detents, int), ``/rack/click``, ``/rack/long``;
* MIDI (``--midi PORT``, mido): notes below C5 (72) drive gate 1, notes from C5 up gate 2
  (velocity 0 is an off), CC 1-4 set CV 1-4 (0 ... 127 -> -5 ... +5 V);
* a scripted CV file (``--script FILE``): CSV with the header
  ``time,gate1,gate2,cv1,cv2,cv3,cv4`` and optionally ``ui``; times in seconds, values in volts;
  gates step, CVs ramp linearly between rows; ``ui`` holds menu gestures (``turn:+1``,
  ``click``, ``long``; several separated by spaces) applied when the row's time is reached.

The screen is luma's dummy device, saved as PNG frames (``--frames DIR``) or shown in a window
(``--window``, luma.emulator). Audio goes to the sound card, or to a WAV file (``--wav``);
with ``--script --wav --fast`` the whole run is rendered offline, block by block, as fast as
the machine allows (deterministic: the simulator's tests and the benchmarks use it).
"""
from __future__ import annotations

import csv
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from nrcore.rack.engine import INPUTS, SYNTH_PARAMS


class SimInputs:
    """Sets simulated input voltages on a launcher and counts gate rises (so a pulse shorter
    than one control read is still seen)."""

    def __init__(self, launcher: Any) -> None:
        self.launcher = launcher
        self.lock = threading.Lock()   # OSC and MIDI threads may both write

    def set(self, key: str, volts: float, timestamp_ns: int | None = None) -> None:
        """Set an input in volts. A gate on a simulated GPIO line becomes an edge event
        (stamped ``timestamp_ns``, default now) on that line."""
        if key not in INPUTS:
            raise ValueError(f"{key}: not an input; inputs are {', '.join(INPUTS)}")
        volts = float(volts)
        if not np.isfinite(volts):
            raise ValueError(f"{key}: {volts!r} is not a finite voltage")
        controls = self.launcher.controls
        i = INPUTS.index(key)
        source = controls.assignment.sources[key]
        lines: Any = getattr(self.launcher, "gpio", None)
        if source.startswith("gpio:") and hasattr(lines, "drive"):
            with self.lock:
                high = volts > 2.5
                low_active = self.launcher.config["gpio"].get("gates_active_low", True)
                lines.drive(int(source[5:]), int(high != bool(low_active)), timestamp_ns)
                controls.sim_volts[i] = volts
            return
        with self.lock:
            if i < 2 and volts > 2.5 >= controls.sim_volts[i]:
                if i == 0:
                    controls.sim_edge_ns.append(time.monotonic_ns())
                    del controls.sim_edge_ns[:-4096]
                controls.sim_rises[i] += 1
            controls.sim_volts[i] = volts

    def gesture(self, name: str, value: int = 0) -> None:
        if name not in ("turn", "click", "long"):
            raise ValueError(f"ui: {name!r} is not turn, click or long")
        self.launcher.events.put((name, int(value)))


class CVScript:
    """A scripted CV file (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        with path.open(newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            need = ["time", *INPUTS]
            missing = [h for h in need if h not in header]
            if missing:
                raise ValueError(f"{path}: the header lacks {', '.join(missing)}; expected "
                                 f"{','.join(need)}[,ui]")
            rows = list(reader)
        if not rows:
            raise ValueError(f"{path}: no rows")
        try:
            self.times = np.array([float(r["time"]) for r in rows])
            self.values = np.array([[float(r[k]) for k in INPUTS] for r in rows])
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
        if np.any(np.diff(self.times) < 0) or not np.all(np.isfinite(self.values)):
            raise ValueError(f"{path}: times must not decrease and values must be finite")
        self.ui = [(float(r["time"]), (r.get("ui") or "").split()) for r in rows]
        self._ui_next = 0
        self._gate_next = 0
        self.duration = float(self.times[-1])

    def at(self, t: float) -> np.ndarray:
        """Input voltages at time ``t``: gates step (last row at or before t), CVs ramp."""
        out = np.empty(len(INPUTS))
        last = max(0, int(np.searchsorted(self.times, t, side="right")) - 1)
        out[:2] = self.values[last, :2]
        for i in range(2, len(INPUTS)):
            out[i] = np.interp(t, self.times, self.values[:, i])
        return out

    def apply(self, t: float, launcher: Any, t0_ns: int | None = None) -> None:
        """Apply the inputs at time ``t`` (s). Gate rows passed since the last call are all
        played in order, so a pulse shorter than the caller's step is not skipped; with
        ``t0_ns`` (the monotonic ns of t = 0) their edges carry their scripted times."""
        sim = getattr(launcher, "_sim_inputs", None) or SimInputs(launcher)
        launcher._sim_inputs = sim
        sources = launcher.controls.assignment.sources
        last = int(np.searchsorted(self.times, t, side="right"))
        for row in range(self._gate_next, last):
            stamp = None if t0_ns is None else t0_ns + int(self.times[row] * 1e9)
            for g, key in enumerate(INPUTS[:2]):
                if sources[key] == "sim" or sources[key].startswith("gpio:"):
                    sim.set(key, float(self.values[row, g]), stamp)
        self._gate_next = max(self._gate_next, last)
        for key, volts in zip(INPUTS[2:], self.at(t)[2:]):
            if sources[key] == "sim":
                sim.set(key, volts)
        while self._ui_next < len(self.ui) and self.ui[self._ui_next][0] <= t:
            for word in self.ui[self._ui_next][1]:
                name, _, value = word.partition(":")
                sim.gesture(name, int(value or 0))
            self._ui_next += 1


def start_osc(sim: SimInputs, port: int) -> Any:
    """A python-osc UDP server on ``port`` in a daemon thread; returns the server.

    Inputs: ``/rack/gate1`` ... ``/rack/cv4`` (volts), ``/rack/turn i``, ``/rack/click``,
    ``/rack/long``. Presets: ``/rack/f1/<descriptor> f`` sets the descriptor's level (as the
    menu does), ``/rack/f1/save`` and ``/rack/f1/load`` write/read the preset file (atomic
    save); the same for ``f2``. ``/rack/set s:name value...`` sets any rack or synth parameter.
    Malformed messages are reported on stderr and change nothing.
    """
    from pythonosc.dispatcher import Dispatcher
    from pythonosc.osc_server import BlockingOSCUDPServer

    dispatcher = Dispatcher()

    def on_input(address: str, *args: Any) -> None:
        # python-osc passes whatever arrived: check it (bad messages are ignored, not fatal).
        if len(args) != 1 or not isinstance(args[0], (int, float)):
            print(f"nrcore rack --sim: {address} wants one number (volts), got {args!r}",
                  file=sys.stderr)
            return
        try:
            sim.set(address.rsplit("/", 1)[1], float(args[0]))
        except ValueError as exc:
            print(f"nrcore rack --sim: {exc}", file=sys.stderr)

    for key in INPUTS:
        dispatcher.map(f"/rack/{key}", on_input)
    launcher = sim.launcher

    def complain(text: str) -> None:
        print(f"nrcore rack: OSC: {text}", file=sys.stderr)

    def on_level(address: str, *args: Any) -> None:
        _, _, which, descriptor = address.split("/")
        if len(args) != 1 or not isinstance(args[0], (int, float)):
            complain(f"{address} wants one number, got {args!r}")
            return
        try:
            with launcher.lock:
                preset = launcher.rack.preset(which)
                preset.set_level(descriptor, float(args[0]))
                launcher.rack.set_preset(which, preset)
        except ValueError as exc:
            complain(str(exc))
        launcher.menu.dirty = True

    def on_file(address: str, *args: Any) -> None:
        _, _, which, verb = address.split("/")
        path = launcher.preset_paths[which]
        try:
            if verb == "save":
                with launcher.lock:
                    preset = launcher.rack.preset(which)
                from nrcore.rack.presets import save_preset
                save_preset(preset, path)            # atomic; this is the OSC thread
            else:
                from nrcore.rack.presets import load_preset
                loaded = load_preset(path)
                with launcher.lock:
                    launcher.rack.set_preset(which, loaded)
        except (OSError, ValueError) as exc:
            complain(f"{address}: {exc}")
        launcher.menu.dirty = True

    def on_set(address: str, *args: Any) -> None:
        if len(args) < 2 or not isinstance(args[0], str):
            complain(f"{address} wants a parameter name and a value, got {args!r}")
            return
        name, values = args[0], list(args[1:])
        try:
            with launcher.lock:
                if name in SYNTH_PARAMS:
                    launcher.rack.synth_param(name, values[0])
                else:
                    launcher.rack.set_param(name, values[0] if len(values) == 1 else values)
        except ValueError as exc:
            complain(str(exc))
        launcher.menu.dirty = True

    from nrcore.descriptors import DESCRIPTOR_NAMES
    for which in ("f1", "f2"):
        for descriptor in DESCRIPTOR_NAMES:
            dispatcher.map(f"/rack/{which}/{descriptor}", on_level)
        dispatcher.map(f"/rack/{which}/save", on_file)
        dispatcher.map(f"/rack/{which}/load", on_file)
    dispatcher.map("/rack/set", on_set)
    def on_turn(address: str, *args: Any) -> None:
        if len(args) != 1 or not isinstance(args[0], (int, float)):
            complain(f"{address} wants one number of detents, got {args!r}")
            return
        sim.gesture("turn", int(args[0]))

    dispatcher.map("/rack/turn", on_turn)
    dispatcher.map("/rack/click", lambda a, *args: sim.gesture("click"))
    dispatcher.map("/rack/long", lambda a, *args: sim.gesture("long"))
    # One thread, so messages act in the order they arrive (a gate's 5 V then 0 V stays a
    # pulse); every handler is short.
    server = BlockingOSCUDPServer(("127.0.0.1", int(port)), dispatcher)
    threading.Thread(target=server.serve_forever, name="nrcore-rack-osc", daemon=True).start()
    return server


MIDI_SPLIT = 72


def midi_handler(sim: SimInputs, split: int = MIDI_SPLIT) -> Any:
    """The mido callback: notes below ``split`` (C5) drive gate 1, notes from it up gate 2
    (a gate stays high while any of its notes is held); CC 1-4 set CV 1-4 (0..127 -> -5..+5 V).
    """
    held: dict[str, set[int]] = {"gate1": set(), "gate2": set()}

    def on_message(msg: Any) -> None:
        if msg.type in ("note_on", "note_off"):
            gate = "gate2" if msg.note >= split else "gate1"
            if msg.type == "note_on" and msg.velocity > 0:
                held[gate].add(msg.note)
            else:
                held[gate].discard(msg.note)
            sim.set(gate, 5.0 if held[gate] else 0.0)
        elif msg.type == "control_change" and 1 <= msg.control <= 4:
            sim.set(f"cv{msg.control}", msg.value / 127.0 * 10.0 - 5.0)

    return on_message


def start_midi(sim: SimInputs, port: str) -> Any:
    """Open a mido input port feeding :func:`midi_handler` (mido's callback thread)."""
    import mido

    return mido.open_input(port, callback=midi_handler(sim))


class _WindowDisplay:
    """The dummy device plus a luma.emulator window showing the same frames."""

    def __init__(self, width: int, height: int) -> None:
        from luma.core.device import dummy
        from luma.emulator.device import pygame

        self.dummy = dummy(width=width, height=height, mode="1")
        self.window = pygame(width=width, height=height, mode="1", scale=4)
        self.width, self.height, self.mode = width, height, "1"

    def display(self, image: Any) -> None:
        self.dummy.display(image)
        self.window.display(image)

    @property
    def image(self) -> Any:
        return self.dummy.image


def run(config: dict[str, Any], args: Any) -> int:
    """Build the launcher on simulated hardware and run it (see the module docstring)."""
    from nrcore.hosts.jetson.launcher import Launcher, run_realtime

    display_cfg = config["display"]
    width, height = int(display_cfg.get("width", 128)), int(display_cfg.get("height", 64))
    try:
        if args.window:
            display: Any = _WindowDisplay(width, height)
        else:
            from luma.core.device import dummy
            display = dummy(width=width, height=height, mode="1")
        launcher = Launcher(config, display=display, sim=True)
        script = CVScript(args.script) if args.script else None
    except (ValueError, OSError, ImportError) as exc:
        print(f"nrcore rack --sim: {exc}", file=sys.stderr)
        return 1
    if args.frames:
        launcher.frame_dir = Path(args.frames)
    sim = SimInputs(launcher)
    setattr(launcher, "_sim_inputs", sim)
    duration = args.duration
    if duration is None and script is not None:
        duration = script.duration
    if args.fast:
        if script is None or not args.wav:
            print("nrcore rack --sim: --fast needs --script and --wav", file=sys.stderr)
            return 2
        launcher.run_offline(duration, script, args.wav)
        print(f"nrcore rack --sim: wrote {args.wav} ({duration:g} s), "
              f"{launcher.frames_written} screen frames", file=sys.stderr)
        return 0
    servers = []
    try:
        if args.osc:
            servers.append(start_osc(sim, args.osc))
        if args.midi:
            servers.append(start_midi(sim, args.midi))
    except (OSError, ImportError, ValueError) as exc:
        print(f"nrcore rack --sim: {exc}", file=sys.stderr)
        return 1
    if script is not None:
        def play() -> None:
            # Like the UI thread (its lock use must not stall the render thread). Edges are
            # stamped when driven, as a kernel stamps the interrupt: late rows count as late.
            from nrcore.hosts.jetson.launcher import realtime_thread
            priority = int(config["audio"]["priority"])
            realtime_thread(max(priority - 40, 1) if priority else 0)
            start_ns = time.monotonic_ns()
            while True:
                t = (time.monotonic_ns() - start_ns) / 1e9
                script.apply(t, launcher)
                if t > script.duration:
                    return
                time.sleep(0.001)

        threading.Thread(target=play, name="nrcore-rack-script", daemon=True).start()
    if args.wav:
        config["audio"]["output"] = "wav"
        config["audio"]["wav"] = args.wav
    try:
        return run_realtime(launcher, config, duration, getattr(args, "report", None))
    finally:
        for server in servers:
            try:
                server.shutdown() if hasattr(server, "shutdown") else server.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
