"""``nrcore rack``: the Neurorack launcher's command line (real hardware, or ``--sim``).

Run as ``nrcore rack`` or ``python -m nrcore.hosts.jetson``. This module sits above both the
launcher and the simulator, so neither imports the other's entry point.
"""
from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Sequence

from nrcore.hosts.jetson import sim
from nrcore.hosts.jetson.launcher import Launcher, load_config, run_realtime, show_failure


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nrcore rack",
        description="Run the Neurorack instrument: gates and CVs from ADCs/GPIO (or, with "
                    "--sim, from OSC, MIDI or a CV script) into the neural synth, menu on the "
                    "OLED (or PNG frames), audio to the sound card (or a WAV file).")
    parser.add_argument("--config", help="TOML configuration (see jetson/rack.toml)")
    parser.add_argument("--sim", action="store_true",
                        help="simulated hardware: inputs not assigned in the config come from "
                             "OSC/MIDI/the script; the screen is a luma dummy device")
    parser.add_argument("--osc", type=int, metavar="PORT",
                        help="listen on this UDP port for preset editing (/rack/f1/rms f, "
                             "/rack/f1/save, /rack/f1/load, /rack/set s:param value) and, with "
                             "--sim, inputs (/rack/gate1 ... /rack/cv4 in volts, /rack/turn i, "
                             "/rack/click, /rack/long)")
    parser.add_argument("--midi", metavar="PORT",
                        help="(sim) MIDI input port: notes below C5 -> gate 1, from C5 up -> "
                             "gate 2, CC 1-4 -> CV 1-4")
    parser.add_argument("--script", metavar="CSV",
                        help="(sim) scripted inputs: time,gate1,gate2,cv1,cv2,cv3,cv4[,ui]")
    parser.add_argument("--frames", metavar="DIR", help="(sim) save every screen as PNG here")
    parser.add_argument("--window", action="store_true",
                        help="(sim) show the screen in a window (needs luma.emulator)")
    parser.add_argument("--wav", metavar="FILE", help="write audio to a WAV file instead of "
                        "the sound card")
    parser.add_argument("--duration", type=float, default=None, metavar="S",
                        help="stop after S seconds (default: the script's length, else run "
                             "until interrupted)")
    parser.add_argument("--fast", action="store_true",
                        help="(sim, with --script and --wav) render as fast as possible")
    parser.add_argument("--model", help="model name or path (overrides the config)")
    parser.add_argument("--report", metavar="JSON",
                        help="at the end, write a JSON summary (underruns, host xruns, render "
                             "time per block, scheduling, gate and sound-start times)")
    return parser


def startup_failure(config: dict[str, Any], message: str, started: float) -> int:
    """Log a start-up failure, show it on the screen, and return 1 no sooner than
    ``system.fail_hold_s`` after ``started``: the message stays readable, and systemd's start
    limit (jetson/nrcore-rack.service) stops a unit that can never start."""
    print(f"nrcore rack: {message}", file=sys.stderr, flush=True)
    show_failure(config, message)
    hold = float(config["system"].get("fail_hold_s", 10.0))
    left = started + hold - time.monotonic()
    if left > 0:
        time.sleep(left)
    return 1


def main_rack(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``nrcore rack``; returns the exit status."""
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    try:
        config = load_config(args.config)
    except ValueError as exc:
        if args.sim:
            print(f"nrcore rack: {exc}", file=sys.stderr)
        else:
            startup_failure(load_config(), str(exc), started)
        return 2
    if args.model:
        config["model"]["path"] = args.model
    if args.sim:
        return sim.run(config, args)
    if args.wav:
        config["audio"]["output"] = "wav"
        config["audio"]["wav"] = args.wav
    started = time.monotonic()
    try:
        launcher = Launcher(config)
        if args.osc:
            sim.start_osc(sim.SimInputs(launcher), args.osc)
    except (ValueError, OSError, ImportError) as exc:
        return startup_failure(config, str(exc), started)
    return run_realtime(launcher, config, args.duration, args.report)
