"""The Neurorack engine: 2 gates and 4 CVs (volts) in, mono impact sounds out.

:class:`Rack` (registry name ``rack``) is the one engine that Pd, the OSC server, the Jetson
launcher and the simulator all run. Its signal inputs are six rows in volts:

===========  ================================================================================
``gate1``    rising edge (above 2.5 V, hysteresis ``gate_hysteresis``) triggers an impact at that
             very sample; retriggering a sounding impact steals it with a ``steal_ms`` fade
``gate2``    while high, a ``freeze_ms`` loop of the output repeats (crossfaded loop points)
``cv1``      -5 V ... +5 V morphs the descriptor curves from preset F1 to preset F2, in
             descriptor space or in the descriptor VAE's latent space (``interpolation``)
``cv2``      scrubs the sounding impact's descriptor frames around "now": 0 V plays them as
             they come, -5 V ... +5 V shifts the frames the voice plays from ``scrub_frames``
             frames back (the recent frames, held at the impact's first) to ``scrub_frames``
             ahead, linearly; moving CV2 moves through the frames faster, slower or backwards
             (granular-like time stretching of the controls). A retrigger always starts the
             new impact from its own frames
``cv3``      scales the RMS and bandwidth curves by ``2 ** (cv3 / 5 V * transient_range)``
``cv4``      -5 V ... +5 V: 0 ... ``variation_max`` (at most 20 %) seeded random variation of
             the descriptors selected by ``variation_mask``, drawn per trigger
===========  ================================================================================

Gates act per sample; CVs are sampled every ``CONTROL_PERIOD`` (128) samples of the rack's own
clock, several times per model frame (86 frames/s), and every change reaches the sounding
impact at its next frame. Both are independent of the host's block size.
Unpatched inputs (0 V) are neutral except CV1, which sits half-way between F1 and F2, and CV4,
which gives half the variation. The output passes a soft limiter (linear to 0.75 of full
scale, then a tanh knee), so it never leaves full scale.

Model switching (:meth:`Rack.load_model`) loads the new model on a background thread; the
audio keeps running on the old one, and at the next block boundary the sounding impact is
crossfaded (equal power, ``model_fade_ms``) into the same impact on the new model, started at
the same frame position and harmonic phase, so the two tones never cancel in the fade. The
synth needs no burn-in, so the first trigger sounds at once.
"""
from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from nrcore._rack import RackKernel
from nrcore.descriptors import DESCRIPTOR_NAMES
from nrcore.params import Param
from nrcore.processor import Processor, as_block
from nrcore.synthesis.runtime import DescriptorVAE, ImpactSynth, check_curves
from nrcore.rack.presets import DescriptorPreset, builtin_preset, load_preset, save_preset, validate_curves

INPUTS = ("gate1", "gate2", "cv1", "cv2", "cv3", "cv4")
#: Synth parameters the rack passes through to its voices (``voices`` is the rack's business).
SYNTH_PARAMS = ("gain", "transpose", "time_stretch", "seed")
#: Voice slots per model: the sounding one, one fading after a steal, one spare.
SLOTS = 3
#: At most this many gate-1 rising edges are honoured per block (more cannot be heard apart).
MAX_EDGES_PER_BLOCK = 64
CV_RANGE_V = 5.0
#: CVs are sampled every this many samples of the rack's own clock (2.7 ms at 48 kHz: several
#: times per model frame), so blocks of any size give the same samples.
CONTROL_PERIOD = 128
_MASK64 = (1 << 64) - 1


def _unit(v: float) -> float:
    return min(max(v, 0.0), 1.0)


def shift_frames(curves: np.ndarray, shift: float) -> np.ndarray:
    """``(7, n)`` curves read ``shift`` frames later (negative: earlier), linearly interpolated,
    clamped to the first and last frame; a negative shift adds ``ceil(-shift)`` frames at the
    end so the impact still plays out to its last frame."""
    n = curves.shape[1]
    total = n + max(0, math.ceil(-shift))
    where = np.clip(np.arange(total) + shift, 0.0, n - 1.0)
    i0 = np.floor(where).astype(np.intp)
    i1 = np.minimum(i0 + 1, n - 1)
    frac = where - i0
    return curves[:, i0] * (1.0 - frac) + curves[:, i1] * frac


def resample_frames(curves: np.ndarray, frames: int) -> np.ndarray:
    """Linear resampling of ``(7, n)`` curves to ``frames`` frames (end points kept)."""
    n = curves.shape[1]
    if n == frames:
        return curves.copy()
    if n == 1:
        return np.repeat(curves, frames, axis=1)
    src = np.linspace(0.0, n - 1.0, frames)
    return np.stack([np.interp(src, np.arange(n), row) for row in curves])


class _Slot:
    """One voice of one model: an ImpactSynth with a single voice and a fade gain."""

    def __init__(self, synth: ImpactSynth) -> None:
        self.synth = synth
        self.gain = 0.0       # equal-power fade position in [0, 1]
        self.target = 0.0
        self.step = 1.0
        self.start = 0        # rack sample clock at the trigger
        self.offset = 0.0     # frame position at ``start`` (a model switch: > 0)
        self.curves: np.ndarray | None = None   # the whole impact's curves, from frame 0
        self.variation = np.zeros(len(DESCRIPTOR_NAMES))  # per-trigger draws in [-1, 1]

    @property
    def sounding(self) -> bool:
        return self.synth.active_voices > 0

    def silence(self) -> None:
        self.synth.reset()
        self.gain = self.target = 0.0


class _Bank:
    """The voice slots of one loaded model."""

    def __init__(self, model: Any, sample_rate: float, synth_values: Mapping[str, Any]) -> None:
        self.slots = [_Slot(ImpactSynth(model, sample_rate=sample_rate, voices=1,
                                        **dict(synth_values))) for _ in range(SLOTS)]
        self.model = model
        config = self.slots[0].synth.config
        self.frame_rate = config.frame_rate
        self.name = Path(str(model)).stem if model is not None else "nsf_small"


class Rack(Processor):
    """The Neurorack engine (see the module docstring for the inputs).

    Parameters
    ----------
    model : str or Path, optional
        Shipped model name or path stem of the Sinc-NSF model (default: the shipped one).
    sample_rate : float
        Host rate in Hz.
    vae : str or Path or DescriptorVAE, optional
        Descriptor VAE for ``interpolation="latent"``.
    **params
        Any parameter in :attr:`PARAMS` (``f1``/``f2`` take curves ``(7, frames)``).

    Examples
    --------
    >>> rack = Rack("nsf_small", sample_rate=48000)
    >>> rack.set_inputs(cv1=2.0)
    >>> x = np.zeros((6, 256), np.float32); x[0, 10:] = 5.0   # gate 1 rises at sample 10
    >>> y = rack.process(x)                                     # (1, 256), sound from sample 10
    """

    name = "rack"
    #: Voices and the freeze loop are built for one host rate: build a new rack to change.
    sample_rate_fixed = True
    inputs = len(INPUTS)
    input_names = INPUTS
    outputs = ("out",)

    @property
    def input_count(self) -> int:
        return len(INPUTS)
    audio_rate = True
    PARAMS = (
        Param("volume", 1.0, "Output level", minimum=0.0, maximum=4.0, smoothed=True, step=0.05),
        Param("freeze_ms", 80.0, "Length of the gate-2 freeze loop", unit="ms", minimum=50.0,
              maximum=100.0, step=1.0),
        Param("freeze_fade_ms", 5.0, "Crossfade at the loop point and into/out of the freeze",
              unit="ms", minimum=0.5, maximum=25.0, step=0.5),
        Param("steal_ms", 5.0, "Fade-out of an impact stolen by a retrigger", unit="ms",
              minimum=0.5, maximum=50.0, step=0.5),
        Param("model_fade_ms", 50.0, "Crossfade from the old to the new model on a switch",
              unit="ms", minimum=5.0, maximum=1000.0, step=5.0),
        Param("interpolation", "descriptors", "Where CV1 morphs F1 into F2",
              kind="choice", choices=("descriptors", "latent")),
        Param("scrub_frames", 32, "Descriptor frames CV2 shifts the impact back (-5 V) or "
              "ahead (+5 V)", minimum=2,
              maximum=256, kind="int", step=1),
        Param("transient_range", 1.0, "CV3 scaling of RMS and bandwidth at +5 V (2**range; "
              "-5 V divides)", unit="octaves", minimum=0.0, maximum=2.0, step=0.05),
        Param("transient_tilt", 6.0, "CV3 boost (+5 V) or cut (-5 V) of the band above "
              "1.5 kHz", unit="dB", minimum=0.0, maximum=12.0, step=0.5),
        Param("variation_max", 0.2, "CV4 random variation at +5 V (fraction of the value)",
              minimum=0.0, maximum=0.2, step=0.01),
        Param("variation_mask", (1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0), "Descriptors CV4 varies "
              "(1 = varied, 0 = kept), in order " + ", ".join(DESCRIPTOR_NAMES), minimum=0.0,
              maximum=1.0, kind="vector", menu=False),
        Param("gate_hysteresis", 1.0, "Gates go low again below 2.5 V minus this", unit="V",
              minimum=0.0, maximum=2.4, step=0.1),
        Param("seed", 1, "Seed of the CV4 variation", minimum=0, maximum=2**31 - 1, kind="int"),
        # Default 0: the factory preset (a compact default keeps generated help readable).
        Param("f1", 0.0, "Descriptor curves at CV1 = -5 V (7 rows: " + ", ".join(DESCRIPTOR_NAMES)
              + "; one column per frame); a single 0 restores the factory preset",
              kind="matrix", menu=False),
        Param("f2", 0.0, "Descriptor curves at CV1 = +5 V (7 rows: " + ", ".join(DESCRIPTOR_NAMES)
              + "; one column per frame); a single 0 restores the factory preset",
              kind="matrix", menu=False),
    )

    def __init__(self, model: Any = None, *, sample_rate: float = 48000.0, vae: Any = None,
                 **params: Any) -> None:
        super().__init__(sample_rate)
        self._kernel = RackKernel(self.sample_rate)
        self._synth_values: dict[str, Any] = {}
        self._bank = _Bank(model, self.sample_rate, self._synth_values)
        self._retiring: list[_Bank] = []
        self._pending: _Bank | None = None
        self._loader: threading.Thread | None = None
        self.load_error: str | None = None
        self.model_path = model
        if isinstance(vae, DescriptorVAE) or vae is None:
            self._vae = vae
        else:
            self._vae = DescriptorVAE(vae)
        self._held = np.zeros(len(INPUTS), dtype=np.float32)
        self._rises = np.zeros(MAX_EDGES_PER_BLOCK, dtype=np.intp)
        self._hold = np.zeros(0, dtype=np.uint8)
        self._live = np.zeros(0, dtype=np.float32)
        self._clock = 0
        self._triggers = 0
        self._controls = np.zeros(5)  # alpha, scrub, shape factor, variation amount, tilt
        self._steer_key: tuple[Any, ...] | None = None
        self._param_version = 0
        self._morph_cache: tuple[Any, np.ndarray] | None = None
        self._latent_codes: tuple[np.ndarray, np.ndarray] | None = None
        self.last_curves: np.ndarray | None = None  # what the sounding voice was last given
        self.preset_names = {"f1": "", "f2": ""}
        self._init_params(params)
        self._kernel.reset()          # start at the given volume, not ramping to it

    # -- copies and pickles -----------------------------------------------------------------
    def _constructor_arguments(self) -> dict[str, Any]:
        """Rebuild with the model playing now (after a switch, not the one built with)."""
        arguments = super()._constructor_arguments()
        arguments["model"] = self.model_path
        return arguments

    #: What a copy does not take over from the original's attributes: the kernel (its state
    #: is in get_state), the background model loader, and what the constructor rebuilds.
    _NOT_COPIED = frozenset({"_kernel", "_loader", "_values", "_vae", "_init_arguments",
                             "_sealed", "_sample_rate"})

    def _extra_state(self) -> dict[str, Any]:
        """Copies and pickles keep every Python-side attribute but :attr:`_NOT_COPIED`: the
        voice slots with their synths (a sounding impact continues in the copy), a model
        switch under way, the controls, held inputs and preset names."""
        return {k: v for k, v in self.__dict__.items()
                if k not in self._NOT_COPIED and not isinstance(v, threading.Thread)}

    def _set_extra_state(self, state: Mapping[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)

    # -- parameters -------------------------------------------------------------------------
    def _check(self, param: Param, value: Any) -> Any:
        if param.name in ("f1", "f2"):
            if value.shape == (1, 1) and value[0, 0] == 0.0:
                self.preset_names[param.name] = builtin_preset(param.name).name
                return builtin_preset(param.name).curves
            return validate_curves(value, param.name)
        if param.name == "variation_mask" and value.shape != (len(DESCRIPTOR_NAMES),):
            raise ValueError(f"variation_mask: expected {len(DESCRIPTOR_NAMES)} values "
                             f"({', '.join(DESCRIPTOR_NAMES)}), got {value.shape[0]}")
        if param.name == "interpolation" and value == "latent" and self._vae is None:
            raise ValueError("interpolation: 'latent' needs a descriptor VAE (Rack(vae=...))")
        return value

    def _apply(self, name: str, value: Any) -> None:
        self._param_version += 1
        k = self._kernel
        sr = self.sample_rate
        if name == "volume":
            k.volume_target = float(value)
        elif name == "freeze_ms":
            # Whole samples, never shorter than asked (50 ms stays >= 50 ms).
            k.loop_len = max(2, math.ceil(value * 1e-3 * sr - 1e-9))
        elif name == "freeze_fade_ms":
            k.fade_len = max(1, math.ceil(value * 1e-3 * sr - 1e-9))
        elif name == "gate_hysteresis":
            k.hysteresis = float(value)
        elif name in ("f1", "f2", "interpolation"):
            self._morph_cache = None
            self._latent_codes = None

    def synth_param(self, name: str, value: Any = None) -> Any:
        """Read (``value`` None) or set a pass-through synth parameter on every voice."""
        if name not in SYNTH_PARAMS:
            raise ValueError(f"synth_param: {name!r} is not one of {', '.join(SYNTH_PARAMS)}")
        if value is None:
            return self._bank.slots[0].synth.get_param(name)
        for bank in [self._bank, *self._retiring]:
            for slot in bank.slots:
                slot.synth.set_param(name, value)
        self._synth_values[name] = self._bank.slots[0].synth.get_param(name)
        self._param_version += 1
        return self._synth_values[name]

    # -- presets ----------------------------------------------------------------------------
    def preset(self, which: str) -> DescriptorPreset:
        if which not in ("f1", "f2"):
            raise ValueError(f"which: {which!r} is not 'f1' or 'f2'")
        return DescriptorPreset(self.preset_names[which], self.get_param(which))

    def set_preset(self, which: str, preset: DescriptorPreset) -> None:
        self.set_param(which, preset.curves)
        self.preset_names[which] = preset.name

    def load_preset(self, which: str, path: str | Path) -> DescriptorPreset:
        """Load F1 or F2 from a JSON/TOML file."""
        preset = load_preset(path)
        self.set_preset(which, preset)
        return preset

    def save_preset(self, which: str, path: str | Path) -> Path:
        """Save F1 or F2 atomically (TOML for ``.toml``, JSON otherwise)."""
        return save_preset(self.preset(which), path)

    # -- inputs as values -------------------------------------------------------------------
    def set_inputs(self, **volts: float) -> None:
        """Hold input values (volts) used by ``process(n_samples)``: gate1, gate2, cv1..cv4."""
        for key, value in volts.items():
            if key not in INPUTS:
                raise ValueError(f"{key}: not an input; inputs are {', '.join(INPUTS)}")
            v = float(value)
            if not math.isfinite(v):
                raise ValueError(f"{key}: {value!r} V is not a finite voltage")
            self._held[INPUTS.index(key)] = v

    @property
    def held_inputs(self) -> dict[str, float]:
        return {k: float(v) for k, v in zip(INPUTS, self._held)}

    # -- model switching --------------------------------------------------------------------
    def load_model(self, model: Any, wait: bool = False) -> threading.Thread:
        """Load ``model`` on a background thread; the switch happens at a block boundary with a
        ``model_fade_ms`` crossfade. Errors land in :attr:`load_error` (audio is unaffected)."""
        values = dict(self._synth_values)

        def work() -> None:
            try:
                bank = _Bank(model, self.sample_rate, values)
            except Exception as exc:  # noqa: BLE001 - any failure must leave the audio running
                self.load_error = f"{model}: {exc}"
                return
            self.load_error = None
            self._pending = bank  # a single reference assignment: the handoff to process()

        thread = threading.Thread(target=work, name="nrcore-rack-model", daemon=True)
        self._loader = thread
        thread.start()
        if wait:
            thread.join()
        return thread

    @property
    def model_name(self) -> str:
        return self._bank.name

    @property
    def switching(self) -> bool:
        """True while a model is loading or the old one is still fading out."""
        loading = self._loader is not None and self._loader.is_alive()
        return loading or self._pending is not None or bool(self._retiring)

    def _take_pending(self) -> None:
        bank = self._pending
        if bank is None:
            return
        self._pending = None
        old = self._bank
        step = 1.0 / max(1.0, float(self._values["model_fade_ms"]) * 1e-3 * self.sample_rate)
        sounding = self._sounding_slot()
        for slot in old.slots:
            slot.target = 0.0
            slot.step = step
        self._retiring.append(old)
        self._bank = bank
        self.model_path = bank.model
        if sounding is not None and sounding.curves is not None:
            # The same impact continues on the new model from the frame position and harmonic
            # phase it had reached: in phase, the crossfade neither dips nor combs.
            position, phase = sounding.synth.voice_position()
            position = min(position, sounding.curves.shape[1] - 1.0)
            new = bank.slots[0]
            new.synth.trigger(sounding.curves, position=position, phase=phase)
            new.curves = sounding.curves
            new.offset = position
            new.variation = sounding.variation.copy()
            new.start = self._clock
            new.gain, new.target, new.step = 0.0, 1.0, step

    # -- control mapping --------------------------------------------------------------------
    def _map_controls(self, cv: Any) -> tuple[float, float, float, float, float]:
        """CV1..CV4 in volts (NaN/inf count as 0 V) to (alpha, scrub frames, shape factor,
        variation amount, tilt)."""
        v = [float(c) if math.isfinite(c) else 0.0 for c in cv]
        alpha = _unit((v[0] + CV_RANGE_V) / (2.0 * CV_RANGE_V))
        # Frames, signed; in 1/8 frame steps so ADC noise does not re-steer every control point.
        scrub = round(max(-1.0, min(1.0, v[1] / CV_RANGE_V))
                      * float(self._values["scrub_frames"]) * 8.0) / 8.0
        hardness = max(-1.0, min(1.0, v[2] / CV_RANGE_V))
        shape = 2.0 ** (hardness * float(self._values["transient_range"]))
        # The audible side of CV3: the band above 1.5 kHz up or down by transient_tilt dB.
        tilt = 10.0 ** (hardness * float(self._values["transient_tilt"]) / 20.0) - 1.0
        amount = _unit((v[3] + CV_RANGE_V) / (2.0 * CV_RANGE_V)) * float(
            self._values["variation_max"])
        return alpha, scrub, shape, amount, tilt

    def morph(self, alpha: float) -> np.ndarray:
        """F1 -> F2 curves at ``alpha`` in [0, 1] (descriptor or latent space), ``(7, frames)``."""
        alpha = _unit(float(alpha))
        key = (round(alpha * 1024.0), self._values["interpolation"])
        if self._morph_cache is not None and self._morph_cache[0] == key:
            return self._morph_cache[1]
        f1, f2 = self._values["f1"], self._values["f2"]
        if self._values["interpolation"] == "latent":
            assert self._vae is not None
            if self._latent_codes is None:
                frames = self._vae.config.frames
                z1 = self._vae.encode(resample_frames(f1, frames))[0][0]
                z2 = self._vae.encode(resample_frames(f2, frames))[0][0]
                self._latent_codes = (z1, z2)
            z1, z2 = self._latent_codes
            curves: np.ndarray = self._vae.decode(z1 + alpha * (z2 - z1))[0]
        else:
            frames = max(f1.shape[1], f2.shape[1])
            a = resample_frames(f1, frames)
            b = resample_frames(f2, frames)
            curves = a + alpha * (b - a)
        self._morph_cache = (key, curves)
        return curves

    def current_curves(self, variation: np.ndarray | None = None) -> np.ndarray:
        """The curves the controls ask for now: morph (CV1), transient scaling (CV3) and
        variation (CV4, with per-descriptor draws ``variation`` in [-1, 1])."""
        alpha, _, shape, amount, _ = self._controls
        curves = self.morph(alpha).copy()
        curves[DESCRIPTOR_NAMES.index("rms")] *= shape
        curves[DESCRIPTOR_NAMES.index("bandwidth")] *= shape
        if variation is not None and amount > 0.0:
            mask = self._values["variation_mask"]
            curves *= (1.0 + amount * mask * variation)[:, None]
        return check_curves(curves)[0]

    def _variation_draw(self) -> np.ndarray:
        """Per-trigger draws in [-1, 1), one per descriptor, from (seed, trigger number).

        SplitMix64: a few integer operations per value, where a numpy Generator costs tens of
        microseconds to construct on every trigger.
        """
        state = (int(self._values["seed"]) * 0x9E3779B97F4A7C15 + self._triggers) & _MASK64
        out = np.empty(len(DESCRIPTOR_NAMES))
        for d in range(out.shape[0]):
            state = (state + 0x9E3779B97F4A7C15) & _MASK64
            z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
            z ^= z >> 31
            out[d] = (z >> 11) * (2.0 / 9007199254740992.0) - 1.0
        return out

    # -- voices -----------------------------------------------------------------------------
    def _frames_elapsed(self, slot: _Slot, frame_rate: float, now: int | None = None) -> float:
        """The impact's frame position at rack sample ``now`` (default: the clock), counted
        from the impact's first frame (a voice continued after a model switch included)."""
        stretch = float(slot.synth.get_param("time_stretch"))
        now = self._clock if now is None else now
        return slot.offset + (now - slot.start) * frame_rate / self.sample_rate / stretch

    def _sounding_slot(self) -> _Slot | None:
        best = None
        for slot in self._bank.slots:
            if slot.sounding and slot.target > 0.0 and (best is None or slot.start > best.start):
                best = slot
        return best

    def _trigger(self) -> None:
        bank = self._bank
        step = 1.0 / max(1.0, float(self._values["steal_ms"]) * 1e-3 * self.sample_rate)
        for slot in bank.slots:
            if slot.sounding and slot.target > 0.0:
                slot.target, slot.step = 0.0, step
        free = [s for s in bank.slots if not s.sounding]
        if free:
            slot = free[0]
        else:  # every slot still fading: cut the quietest (it is nearly silent anyway)
            slot = min(bank.slots, key=lambda s: s.gain)
            slot.silence()
        self._triggers += 1
        slot.variation = self._variation_draw()
        curves = self.current_curves(slot.variation)
        slot.synth.trigger(curves)
        slot.curves = curves
        slot.offset = 0.0
        slot.start = self._clock
        slot.gain, slot.target, slot.step = 1.0, 1.0, step
        self.last_curves = curves
        if self._controls[1] != 0.0:
            self._steer()            # CV2 shifts the new impact's own frames from its frame 1

    def _steer(self) -> None:
        """Give the sounding voice the curves the controls ask for (they apply from its next
        frame), shifted by CV2's frame offset."""
        slot = self._sounding_slot()
        if slot is None:
            return
        key = (self._controls.tobytes(), id(slot), slot.start, self._param_version)
        if key == self._steer_key:
            return
        curves = self.current_curves(slot.variation)
        shift = float(self._controls[1])
        if shift != 0.0:
            curves = shift_frames(curves, shift)
        self._give(slot, curves)
        self._steer_key = key

    def _give(self, slot: _Slot, curves: np.ndarray) -> None:
        """New whole-impact curves for a voice (it plays the frames it has not reached)."""
        if slot.curves is None or curves.shape != slot.curves.shape or not np.array_equal(
                curves, slot.curves):
            slot.synth.update_curves(curves)
            slot.curves = curves
            self.last_curves = curves

    def _render(self, start: int, stop: int) -> None:
        n = stop - start
        if n <= 0:
            return
        self._render_voices(start, stop)
        self._kernel.tilt_segment(self._live, start, stop)

    def _render_voices(self, start: int, stop: int) -> None:
        n = stop - start
        for bank in [self._bank, *self._retiring]:
            for slot in bank.slots:
                if not slot.sounding:
                    continue
                block = slot.synth.process(n)[0]
                slot.gain = self._kernel.fade_add(block, self._live, start, slot.gain,
                                                  slot.target, slot.step)
                if slot.target == 0.0 and slot.gain <= 0.0:
                    slot.silence()
        self._retiring = [b for b in self._retiring if any(s.sounding for s in b.slots)]

    # -- processing -------------------------------------------------------------------------
    def process(self, x: Any = 256, *args: Any, sample_rate: float | None = None) -> np.ndarray:
        """Render one block.

        Parameters
        ----------
        x : int or ndarray
            Either a sample count (the inputs are the values held by :meth:`set_inputs`) or
            the six input signals in volts, float32 ``(6, samples)``: gate1, gate2, cv1..cv4.
        sample_rate : float, optional
            Rate of the block in Hz: must equal :attr:`sample_rate` (the rack is built for
            one rate), else ValueError.

        Returns
        -------
        ndarray of float32, shape (1, samples)
        """
        if args or sample_rate is not None:
            self._check_call(args, sample_rate)
        if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
            n = int(x)
            if not 0 <= n <= 10_000_000:
                raise ValueError(f"x: {n} samples is outside [0, 10000000]")
            rows = np.repeat(self._held[:, None], n, axis=1)
        else:
            rows = as_block(x, len(INPUTS), "x")
            n = rows.shape[1]
        if self._live.shape[0] < n:
            self._live = np.zeros(n, dtype=np.float32)
            self._hold = np.zeros(n, dtype=np.uint8)
        live = self._live[:n]
        hold = self._hold[:n]
        live[:] = 0.0
        self._take_pending()
        edges = self._kernel.gates_process(rows[0], rows[1], self._rises, hold)
        # Events in sample order: control points on the rack's own clock (every
        # CONTROL_PERIOD samples, so any block size sees the same ones) and gate-1 edges.
        grid = (-self._clock) % CONTROL_PERIOD
        e = 0
        position = 0
        while grid < n or e < edges:
            if e >= edges or grid <= int(self._rises[e]):
                at = grid
                grid += CONTROL_PERIOD
                controls = self._map_controls(rows[2:, at])
                if controls == tuple(self._controls):
                    continue        # nothing changed
                self._render(position, at)
                self._clock += at - position
                position = at
                self._controls[:] = controls
                self._kernel.tilt_target = controls[4]
                self._steer()
            else:
                at = int(self._rises[e])
                e += 1
                self._render(position, at)
                self._clock += at - position
                position = at
                self._trigger()
        self._render(position, n)
        self._clock += n - position
        out = np.empty((1, n), dtype=np.float32)
        self._kernel.finish(live, hold, out[0])
        return out

    def trigger(self) -> None:
        """Trigger an impact at the start of the next block (a menu or OSC 'bang')."""
        self._trigger()

    # -- state ------------------------------------------------------------------------------
    @property
    def triggers(self) -> int:
        return self._triggers

    @property
    def frozen(self) -> bool:
        return bool(self._kernel.frozen_now)

    @property
    def sounding(self) -> bool:
        return any(s.sounding for b in [self._bank, *self._retiring] for s in b.slots)

    def reset(self) -> None:
        # The controls as a new rack has them: the next block maps the CVs afresh (a stale
        # mapping would be taken as "unchanged" and CV3's tilt would start where it ended).
        self._controls[:] = 0.0
        self._steer_key = None
        self._kernel.tilt_target = 0.0
        self._kernel.reset()
        for bank in [self._bank, *self._retiring]:
            for slot in bank.slots:
                slot.silence()
        self._retiring = []
        self._clock = 0
        self._triggers = 0

    def _kernel_state(self) -> dict[str, np.ndarray]:
        """Gates, the freeze ring and loop, levels and counters. Sounding impacts are not part
        of the snapshot: :meth:`set_state` restores a silent rack with the same freeze buffer
        (a model's voices live in the synth, and a preset change re-derives everything else).
        """
        state = {f"rack.{k}": v for k, v in self._kernel.get_state().items()}
        state["rack.counters"] = np.array([self._clock, self._triggers], dtype=np.int64)
        return state

    def _set_kernel_state(self, state: Mapping[str, np.ndarray]) -> None:
        for bank in [self._bank, *self._retiring]:
            for slot in bank.slots:
                slot.silence()
        self._retiring = []
        self._kernel.set_state({k[5:]: v for k, v in state.items() if k.startswith("rack.")})
        self._clock, self._triggers = (int(v) for v in state["rack.counters"])
