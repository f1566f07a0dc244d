"""The ``nrcore`` command: demo, render, params, and the subcommands of other modules."""
from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from nrcore import __version__
from nrcore.params import Param
from nrcore.processor import REGISTRY, Processor


def _load_processors() -> None:
    import nrcore  # noqa: F401  (importing the package registers every processor)


# -- demo -----------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from nrcore.app import demo
    from nrcore.app.playback import PlaybackUnavailable, output_device_problem, play

    out_dir = Path(args.out)
    print(f"nrcore {__version__}: rendering the seed instruments into {out_dir}/")
    scenes = demo.run(out_dir, sr=args.sr)
    for scene in scenes:
        print(f"\n{scene.title}: {scene.listen}")
        for f in scene.files:
            print(f"  {f}")
    from nrcore import plots
    if not plots.available():
        print(f"\nPNG figures skipped: matplotlib is not installed "
              f"(pip install '{plots.PLOTS_EXTRA}' adds them); everything else was written.")
    if args.play:
        problem = output_device_problem()
        if problem:
            print(f"\nnot playing: {problem}. Everything was written to {out_dir}/.")
        else:
            for scene in scenes:
                print(f"playing: {scene.title}")
                try:
                    play(scene.audio, scene.sr)
                except PlaybackUnavailable as err:
                    print(f"not playing: {err}")
                    break
    return 0


# -- render ---------------------------------------------------------------------------------
def _add_param_option(parser: argparse.ArgumentParser, p: Param) -> None:
    flag = "--" + p.name.replace("_", "-")
    unit = f" ({p.unit})" if p.unit else ""
    text = f"{p.help}{unit}. Range {p.range_text()}, default {p.default}."
    if p.kind in ("vector", "matrix") or (p.kind == "choice" and p.per_element):
        parser.add_argument(flag, dest=p.name, nargs="+", metavar="V", help=text)
    elif p.kind == "choice":
        parser.add_argument(flag, dest=p.name, choices=p.choices, help=text)
    else:
        parser.add_argument(flag, dest=p.name, metavar="V", help=text)


def _construct(cls: type[Any], n_rows: int, sr: float, params: dict[str, Any]) -> Processor:
    """The processor that takes ``n_rows`` input rows: ``inputs=n_rows``, or ``n_rows - 1``
    for a learner, whose last row is its target."""
    accepted = inspect.signature(cls.__init__).parameters
    proc: Processor
    if "inputs" not in accepted:
        proc = cls(sample_rate=sr, **params)
    else:
        proc = cls(sample_rate=sr, inputs=n_rows, **params)
        if proc.input_count != n_rows and n_rows > 1:
            proc = cls(sample_rate=sr, inputs=n_rows - 1, **params)
    if proc.input_count != n_rows:
        raise ValueError(f"{cls.name} takes {proc.input_count} input rows "
                         f"({', '.join(getattr(proc, 'input_names', ())) or 'signals'}), "
                         f"got {n_rows} -i sources")
    return proc


def cmd_render(args: argparse.Namespace) -> int:
    from nrcore import signals
    from nrcore.render import render_blocks, write_wav

    cls = REGISTRY[args.processor]
    params = {p.name: getattr(args, p.name) for p in cls.PARAMS if getattr(args, p.name) is not None}
    for name, value in params.items():
        if cls.param(name).kind == "matrix":
            rows = int(getattr(args, "rows") or 1)
            flat = np.array(value, dtype=float)
            params[name] = flat.reshape(rows, -1)
    if not (args.seconds > 0 and args.sr > 0):
        raise ValueError(f"--seconds {args.seconds:g} and --sr {args.sr:g} must be positive")
    inputs = args.input or ["sine:220", "saw:110.5", "triangle:331"]
    proc = _construct(cls, len(inputs), args.sr, params)
    x = np.stack([signals.from_spec(spec, args.seconds, args.sr) for spec in inputs])
    y = render_blocks(proc.process_rows, x, args.processor, force=sys.stderr.isatty())
    write_wav(Path(args.out), y, args.sr, peak=None)
    outputs = ", ".join(getattr(proc, "outputs", ())) or f"{y.shape[0]} channels"
    print(f"wrote {args.out}: {y.shape[1] / args.sr:g} s, channels: {outputs}")
    return 0


# -- params ---------------------------------------------------------------------------------
def cmd_params(args: argparse.Namespace) -> int:
    names = [args.processor] if args.processor else sorted(REGISTRY)
    for name in names:
        cls = REGISTRY[name]
        rate = "audio rate" if cls.audio_rate else "control rate"
        print(f"{name} ({cls.__name__}, {rate})")
        for p in cls.PARAMS:
            print(f"  {p.describe()}")
        print()
    return 0


#: Subcommands that own their argument parsing: name -> (module, function, one-line help).
DELEGATED = {
    "corpus": ("nrcore.synthesis.data.corpus", "main", "write a procedural impact corpus (WAV + index.json)"),
    "train": ("nrcore.synthesis.training.train", "main_train", "train the Sinc-NSF model or the descriptor VAE (needs torch)"),
    "eval": ("nrcore.synthesis.evaluate", "main_eval", "descriptor fidelity and spectral distance against a DSP baseline"),
    "export": ("nrcore.synthesis.training.export_nn", "main_export", "export a model as TorchScript for nn~ (needs torch)"),
    "serve": ("nrcore.hosts.osc", "main_serve", "OSC server hosting processors (for Max and others)"),
    "rack": ("nrcore.hosts.jetson.main", "main_rack", "the Neurorack launcher (--sim: simulated hardware)"),
}


def build_parser() -> argparse.ArgumentParser:
    _load_processors()
    parser = argparse.ArgumentParser(prog="nrcore", description=__doc__)
    parser.add_argument("--version", action="version", version=f"nrcore {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="render (and play) the seed instruments")
    demo.add_argument("--out", default="demo-out", help="output folder (default: demo-out)")
    demo.add_argument("--sr", type=float, default=48000.0, help="sample rate in Hz")
    demo.add_argument("--play", action="store_true", help="play through the sound card if any")
    demo.set_defaults(func=cmd_demo)

    render = sub.add_parser("render", help="render one processor to a WAV file")
    render_sub = render.add_subparsers(dest="processor", required=True, metavar="PROCESSOR")
    for name in sorted(REGISTRY):
        cls = REGISTRY[name]
        if not cls.audio_rate:
            continue
        one = render_sub.add_parser(name, help=(cls.__doc__ or "").strip().splitlines()[0])
        one.add_argument("-i", "--input", action="append", metavar="SPEC",
                         help="an input signal: sine:HZ, saw:HZ, triangle:HZ, square:HZ, "
                              "noise[:SEED], const:V or a WAV file; repeat per input (for "
                              "a learner, the last one is the target)")
        one.add_argument("--seconds", type=float, default=4.0)
        one.add_argument("--sr", type=float, default=48000.0)
        one.add_argument("-o", "--out", default=f"{name}.wav")
        if any(p.kind == "matrix" for p in cls.PARAMS):
            one.add_argument("--rows", type=int, help="rows of matrix parameters")
        for p in cls.PARAMS:
            _add_param_option(one, p)
        one.set_defaults(func=cmd_render)

    for name, (_, _, text) in DELEGATED.items():
        sub.add_parser(name, help=text, add_help=False)

    params = sub.add_parser("params", help="list processors and their parameters")
    params.add_argument("processor", nargs="?", choices=sorted(REGISTRY))
    params.set_defaults(func=cmd_params)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in DELEGATED:
        import importlib

        module, function, _ = DELEGATED[argv[0]]
        return int(getattr(importlib.import_module(module), function)(argv[1:]) or 0)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
        return status
    except ValueError as err:
        print(f"nrcore: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
