"""Pd objects for neural synthesis: ``[nr.rack~]``, ``[nr.synth~]``, ``[nr.descriptors~]``."""
from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from nrcore.params import Param

from nrcore.hosts.pd.base import (CONTROL, CONTROL_INLET_HELP, PRINT, RESET, SIGNAL, Message, Option, Port,
                                  SignalObject)


class RackObject(SignalObject):
    name = "nr.rack~"
    processor = "rack"
    module = "nrcore.rack.engine"
    summary = "the Neurorack: 2 gates and 4 CVs (volts) in, neural impact sounds out"
    loads_model = True
    description = ("Gate 1 (above 2.5 V) triggers an impact at that sample; gate 2 freezes a "
                   "short loop while high. CV1 (-5..5 V) morphs the descriptor curves from F1 "
                   "to F2, CV2 (0..5 V) scrubs recent frames, CV3 scales loudness and "
                   "bandwidth, CV4 (0..5 V) adds random variation. Signals are in volts, as "
                   "from a DC-coupled interface.")
    options = (Option("model", "Sinc-NSF model: a shipped name or a path stem (absolute, or "
                               "relative to where Pd runs); default: the shipped model",
                      default=""),
               Option("vae", "descriptor VAE that interpolation latent morphs through: a "
                             "shipped name (vae_small) or a path stem; default: none "
                             "(interpolation latent refused)", default=""))
    messages = (Message("trigger", "", "start an impact at the next block, like a gate 1 "
                                       "edge"),
                Message("model", "name", "switch models in the background, crossfading"),
                Message("preset", "f1|f2 file", "load descriptor curves F1 or F2 from a "
                                                "JSON/TOML preset"),
                RESET, PRINT)
    help_arguments = ("-vae", "vae_small")
    help_messages = ("trigger", "model nsf_small")
    help_sources = {0: ("gate", "gate1"), 1: ("gate", "gate2_freeze"),
                    2: ("cv", "cv1_morph", -5, 5), 3: ("cv", "cv2_scrub", 0, 5),
                    4: ("cv", "cv3_level", -5, 5), 5: ("cv", "cv4_vary", 0, 5)}

    @classmethod
    def help_values(cls) -> dict[str, Any]:
        # the declared defaults: documenting the rack must not need its model file
        return {p.name: p.default for p in cls.params()}

    @classmethod
    def layout(cls, structure: dict[str, Any], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        inlets = (Port(SIGNAL, "gate1", "gate 1 (V): a rising edge above 2.5 V triggers"),
                  Port(SIGNAL, "gate2", "gate 2 (V): while high, the output loops (freeze)"),
                  Port(SIGNAL, "cv1", "CV 1 (V): -5 .. +5 morphs F1 into F2"),
                  Port(SIGNAL, "cv2", "CV 2 (V): 0 .. +5 scrubs recent descriptor frames"),
                  Port(SIGNAL, "cv3", "CV 3 (V): scales loudness and bandwidth"),
                  Port(SIGNAL, "cv4", "CV 4 (V): 0 .. +5 random variation per trigger"),
                  Port(CONTROL, "control", CONTROL_INLET_HELP))
        outlets = (Port(SIGNAL, "out", "the impact sound"),)
        return inlets, outlets

    @classmethod
    def constructor_kwargs(cls, structure: dict[str, Any], options: dict[str, Any],
                           sample_rate: float) -> dict[str, Any]:
        model = _find_model(options["model"], "") if options["model"] else None
        kwargs = {"model": model, "sample_rate": sample_rate}
        if options.get("vae"):
            kwargs["vae"] = options["vae"]
        return kwargs

    def receive(self, inlet: int, selector: str, atoms: list[Any]) -> None:
        if selector == "interpolation" and atoms == ["latent"] and not self.nr_options["vae"]:
            raise ValueError("interpolation: 'latent' needs a descriptor VAE: create the object "
                             "with -vae vae_small (or another VAE's path stem)")
        super().receive(inlet, selector, atoms)

    def setup(self) -> None:
        self.nr_loader = None
        self.nr_model_clock = self.new_clock("_nr_model_tick")

    def message_trigger(self, atoms: list[Any]) -> None:
        self.nr_processor.trigger()

    def message_model(self, atoms: list[Any]) -> None:
        if len(atoms) != 1 or not isinstance(atoms[0], str):
            raise ValueError(f"model: expected one model name or path stem; allowed: "
                             f"{_model_choices()}, got {atoms}")
        model = _find_model(atoms[0], self.get_current_dir())
        self.nr_loader = self.nr_processor.load_model(model)
        self.nr_model_clock.delay(20.0)

    def _nr_model_tick(self) -> None:
        # the model loads on a thread: its failure is reported here, on Pd's thread
        loader = self.nr_loader
        if loader is None:
            return
        if loader.is_alive():
            self.nr_model_clock.delay(20.0)
            return
        self.nr_loader = None
        if self.nr_processor.load_error:
            self.report_error(f"model: cannot load {self.nr_processor.load_error}; the old "
                              f"model keeps playing")

    def _patch_path(self, name: str) -> str:
        return name if os.path.isabs(name) else os.path.join(self.get_current_dir(), name)

    def message_preset(self, atoms: list[Any]) -> None:
        if len(atoms) != 2 or atoms[0] not in ("f1", "f2"):
            raise ValueError(f"preset: expected f1 or f2, then a JSON or TOML file, got "
                             f"{atoms}")
        path = self._patch_path(str(atoms[1]))
        if not os.path.isfile(path):
            raise ValueError(f"preset: cannot read {path}: no such file; expected a JSON or "
                             f"TOML preset (absolute, or beside the patch)")
        try:
            self.nr_processor.load_preset(atoms[0], path)
        except OSError as err:
            raise ValueError(f"preset: cannot read {path}: {err.strerror}") from None


class SynthObject(SignalObject):
    name = "nr.synth~"
    processor = "synth"
    module = "nrcore.synthesis.runtime"
    summary = "the descriptor-driven neural impact synthesiser (Sinc-NSF)"
    loads_model = True
    description = ("Renders impacts from curves of seven audio descriptors (loudness, "
                   "zero crossings, centroid, roll-off, bandwidth, flatness, f0) with a small "
                   "neural source-filter model. trigger plays the curves of a procedural "
                   "impact (kick, tom, snare...).")
    options = RackObject.options[:1]  # the model; a VAE is the rack's
    messages = (Message("bang", "", "trigger a kick"),
                Message("trigger", "[kind [velocity]]", "play the descriptor curves of a "
                                                        "procedural impact of this kind"),
                RESET, PRINT)
    help_arguments = ()
    help_messages = ("bang", "trigger snare", "trigger tom 0.5")

    @classmethod
    def help_values(cls) -> dict[str, Any]:
        # the declared defaults: documenting the synth must not need its model file
        return {p.name: p.default for p in cls.params()}

    @classmethod
    def layout(cls, structure: dict[str, Any], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        inlets = (Port(CONTROL, "control", CONTROL_INLET_HELP),)
        outlets = (Port(SIGNAL, "out", "the impact sound"),)
        return inlets, outlets

    @classmethod
    def constructor_kwargs(cls, structure: dict[str, Any], options: dict[str, Any],
                           sample_rate: float) -> dict[str, Any]:
        return RackObject.constructor_kwargs(structure, options, sample_rate)

    def receive(self, inlet: int, selector: str, atoms: list[Any]) -> None:
        if inlet == self.nr_control_inlet and selector == "bang":
            self.message_trigger([])
        else:
            super().receive(inlet, selector, atoms)

    def message_trigger(self, atoms: list[Any]) -> None:
        from nrcore.synthesis.data.corpus import IMPACT_KINDS
        from nrcore.synthesis.runtime import example_curves

        kind = str(atoms[0]) if atoms else "kick"
        if kind not in IMPACT_KINDS or len(atoms) > 2 or (
                len(atoms) == 2 and not isinstance(atoms[1], (int, float))):
            raise ValueError(f"trigger: expected [kind [velocity]] with kind one of "
                             f"{', '.join(IMPACT_KINDS)}, got {atoms}")
        velocity = float(atoms[1]) if len(atoms) > 1 else 1.0
        self.nr_processor.trigger(example_curves(kind), velocity)


class DescriptorsObject(SignalObject):
    """Audio in, descriptor frames out: the analysis half of the neural synthesis.

    :class:`nrcore.descriptors.StreamingDescriptors` has no parameters to declare (its
    settings are fixed at creation), so this adapter builds it from its options. Frames are
    computed in ``perform`` and sent from a clock right after the DSP tick: Pd objects must not
    send messages from inside DSP.
    """

    name = "nr.descriptors~"
    summary = "seven audio descriptors of a signal, one list per analysis frame"
    description = ("Loudness (RMS), zero-crossing rate, spectral centroid, roll-off, "
                   "bandwidth, flatness and f0 (YIN), the descriptors that drive the neural "
                   "synthesis, computed as librosa does (centred frames of n_fft, every hop "
                   "samples). A list goes out as soon as a frame is complete.")
    options = (Option("n_fft", "analysis frame length", default=2048.0, minimum=64,
                      maximum=16384, unit="samples"),
               Option("hop", "samples between frames", default=512.0, minimum=16,
                      maximum=16384, unit="samples"),
               Option("fmin", "lowest f0 searched", default=50.0, minimum=1, maximum=20000,
                      unit="Hz"),
               Option("fmax", "highest f0 searched", default=5000.0, minimum=2,
                      maximum=24000, unit="Hz"))
    messages = (Message("flush", "", "send the last frames as if the signal ended, then "
                                     "start afresh"),
                Message("reset", "", "forget the signal: the next sample starts a new one"),
                Message("print", "", "post the analysis settings"))
    help_messages = ("flush",)
    help_sources = {0: ("adc~", 1)}  # sound in: analyse the sound card's first input

    @classmethod
    def params(cls) -> tuple[Param, ...]:
        return ()

    @classmethod
    def help_values(cls) -> dict[str, Any]:
        return {}

    @classmethod
    def build_processor(cls, structure: dict[str, Any], options: dict[str, Any],
                        param_atoms: dict[str, list[Any]], sample_rate: float) -> Any:
        from nrcore.descriptors import StreamingDescriptors

        return StreamingDescriptors(sample_rate, n_fft=int(options["n_fft"]),
                                    hop_length=int(options["hop"]), fmin=options["fmin"],
                                    fmax=options["fmax"])

    @classmethod
    def layout(cls, structure: dict[str, Any], options: dict[str, Any]
               ) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        from nrcore.descriptors import DESCRIPTOR_NAMES, DESCRIPTOR_UNITS

        inlets = (Port(SIGNAL, "in", "the signal to analyse"),
                  Port(CONTROL, "control", "messages: flush, reset, print"))
        named = [f"{n} ({u})" if u else n for n, u in zip(DESCRIPTOR_NAMES, DESCRIPTOR_UNITS)]
        outlets = (Port(CONTROL, "descriptors", "a list per frame: " + " ".join(named)),)
        return inlets, outlets

    def setup(self) -> None:
        self.nr_pending: list[np.ndarray] = []
        self.nr_clock = self.new_clock("_nr_send")

    def receive(self, inlet: int, selector: str, atoms: list[Any]) -> None:
        if inlet != self.nr_control_inlet or selector not in ("flush", "reset", "print"):
            raise ValueError(f"unknown message '{selector}'; known: flush, reset, print")
        getattr(self, "message_" + selector)(atoms)

    def render(self, block: np.ndarray) -> np.ndarray:
        frames = self.nr_processor.process(block[0])
        if frames.shape[1]:
            self.nr_pending.append(frames)
            self.nr_clock.delay(0)
        return np.zeros((0, block.shape[1]), np.float32)

    def processor_rate(self) -> float:
        return float(self.nr_processor.sr)

    def rebuild(self, sample_rate: float) -> None:
        self.nr_processor = self.build_processor(self.nr_structure, self.nr_options, {},
                                                 sample_rate)

    def _nr_send(self) -> None:
        pending, self.nr_pending = self.nr_pending, []
        for frames in pending:
            for frame in frames.T:
                self.out(0, self._nr_pd.LIST, [float(v) for v in frame])

    def message_flush(self, atoms: list[Any]) -> None:
        self.nr_pending.append(self.nr_processor.flush())
        self._nr_send()

    def message_reset(self, atoms: list[Any]) -> None:
        self.nr_pending = []
        self.nr_processor.reset()

    def message_print(self, atoms: list[Any]) -> None:
        proc = self.nr_processor
        self._nr_pd.post(f"{self.name}: sr {proc.sr:g} n_fft {proc.n_fft} hop "
                         f"{proc.hop_length} fmin {proc.fmin:g} fmax {proc.fmax:g}")


def _shipped_models() -> list[str]:
    """Names of the shipped Sinc-NSF models."""
    from nrcore.synthesis.modelfile import MODELS_DIR

    names = []
    for path in sorted(MODELS_DIR.glob("*.json")):
        try:
            kind = json.loads(path.read_text()).get("kind")
        except (OSError, ValueError):
            continue
        if kind == "nsf":
            names.append(path.stem)
    return names


def _model_choices() -> str:
    return (f"a shipped model ({', '.join(_shipped_models()) or 'none'}) or the path stem of a "
            f"model's .json/.safetensors pair")


def _find_model(name: str, patch_dir: str) -> str:
    """The model a ``model`` message names: a path stem (absolute, beside the patch, or where
    Pd runs) or a shipped name; ValueError naming the choices if there is none."""
    stem = name
    for suffix in (".json", ".safetensors"):
        if stem.endswith(suffix):
            stem = stem[:-len(suffix)]
    candidates = [stem] if os.path.isabs(stem) else [os.path.join(patch_dir, stem), stem]
    for candidate in candidates:
        if os.path.exists(candidate + ".json"):
            return candidate
    if "/" not in stem and stem in _shipped_models():
        return stem
    raise ValueError(f"model: no model '{name}'; allowed: {_model_choices()}")
