"""The audio-rate artificial neuron: a weighted nonlinear mixer.

Inputs are weighted and summed with a bias, the neuron's own delayed output (feedback) and seeded
white noise; the sum goes through an activation; a comparator with hysteresis "fires" when the
output crosses a threshold. This is the neuron of the seed patches (three signals, tanh,
feedback, noise) and, with ``activation="nlc"``, one half of the Nonlinear Circuits neuron.
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from nrcore._neuron import NeuronKernel
from nrcore.activations import ACTIVATIONS, activation_id
from nrcore.params import Param
from nrcore.processor import Processor, as_block, check_count, one_per_input

MAX_INPUTS = 64
_NO_AUDIO_WEIGHTS = np.zeros((0, 0), dtype=np.float32)  # tells the kernel to use the parameter


class Neuron(Processor):
    """A weighted nonlinear mixer at audio rate, with feedback, noise and a firing comparator.

    Per sample ``t``::

        s[t] = bias + sum_i w_i x_i[t] + feedback * f[t - feedback_delay] + noise * r[t]
        y[t] = activation(s[t])                  (then optional one-pole smoothing)
        fire[t] = comparator(y[t], threshold, hysteresis)   (0 or 1)

    where ``f`` is the output ``y`` (or the fire gate, with ``feedback_source="fire"``) and ``r``
    is seeded white noise in [-1, 1).

    Parameters
    ----------
    inputs : int
        Number of input signals (1..64).
    sample_rate : float
        In Hz; used by the smoothing times and the output cutoff.
    **params
        Any parameter in :attr:`PARAMS`, e.g. ``weights=[0.5, 0.3, 0.8]``.

    Examples
    --------
    >>> import numpy as np, nrcore
    >>> n = nrcore.Neuron(inputs=3, weights=[0.8, 0.5, 0.3], activation="tanh", feedback=0.4)
    >>> x = np.random.default_rng(0).uniform(-1, 1, (3, 4800)).astype(np.float32)
    >>> out, fire = n.process(x)
    """

    name = "neuron"
    outputs = ("out", "fire")
    PARAMS = (
        Param("weights", 0.5, "Gain of each input before summing (one per input)", minimum=-100.0,
              maximum=100.0, kind="vector", smoothed=True),
        Param("bias", 0.0, "Constant added to the weighted sum (the NLC 'sense' offset)",
              minimum=-100.0, maximum=100.0, smoothed=True, step=0.01),
        Param("activation", "tanh", "Nonlinearity applied to the sum", kind="choice",
              choices=ACTIVATIONS),
        Param("response", 0.5, "Comparator spike level of the 'nlc' activation",
              minimum=0.0, maximum=1.0, step=0.01),
        Param("feedback", 0.0, "Gain of the neuron's own delayed output added to the sum",
              minimum=-100.0, maximum=100.0, smoothed=True, step=0.01),
        Param("feedback_delay", 1, "Delay of the feedback path", unit="samples", minimum=1,
              maximum=192000, kind="int"),
        Param("feedback_source", "output", "What is fed back: the output or the fire gate",
              kind="choice", choices=("output", "fire")),
        Param("noise", 0.0, "Amplitude of white noise added to the sum", minimum=0.0,
              maximum=10.0, smoothed=True, step=0.01),
        Param("seed", 1, "Seed of the noise generator", minimum=0, maximum=2**32 - 1, kind="int"),
        Param("threshold", 0.0, "Centre of the comparator: the fire gate opens when the output "
              "rises above threshold + hysteresis/2 and closes when it falls below "
              "threshold - hysteresis/2",
              minimum=-10.0, maximum=10.0, step=0.01),
        Param("hysteresis", 0.1, "Gap between the firing (threshold + half of it) and "
              "releasing (threshold - half of it) levels",
              minimum=0.0, maximum=10.0, step=0.01),
        Param("output_cutoff", 0.0, "One-pole low-pass on the output (0 = off)", unit="Hz",
              minimum=0.0, maximum=96000.0, step=10.0),
        Param("smoothing", 20.0, "Time constant of parameter changes, so automation does not click",
              unit="ms", minimum=0.0, maximum=10000.0, step=1.0),
    )

    def __init__(self, inputs: int = 3, *, sample_rate: float = 48000.0, **params: Any) -> None:
        super().__init__(sample_rate)
        self.inputs = check_count("inputs", inputs, 1, MAX_INPUTS)
        self._kernel = NeuronKernel(self.inputs)
        self._init_params(params)
        self._kernel.reset()

    @property
    def input_count(self) -> int:
        return self.inputs

    def _check(self, param: Param, value: Any) -> Any:
        if param.name == "weights":
            return one_per_input(value, self.inputs)
        return value

    def _apply(self, name: str, value: Any) -> None:
        k = self._kernel
        sr = self.sample_rate
        if name == "weights":
            k.set_weights(np.ascontiguousarray(value, dtype=np.float64))
        elif name == "bias":
            k.set_bias(value)
        elif name == "activation":
            k.activation = activation_id(value)
        elif name == "response":
            k.response = value
        elif name == "feedback":
            k.set_feedback(value)
        elif name == "feedback_delay":
            k.set_delay(value)
        elif name == "feedback_source":
            k.feedback_from_fire = value == "fire"
        elif name == "noise":
            k.set_noise(value)
        elif name == "seed":
            k.set_seed(value)
        elif name == "threshold":
            k.threshold = value
        elif name == "hysteresis":
            k.hysteresis = value
        elif name == "output_cutoff":
            k.set_output_cutoff(value, sr)
        elif name == "smoothing":
            k.set_param_smoothing(value / 1000.0, sr)

    def process(self, x: Any, *args: Any, weights: Any = None,
                sample_rate: float | None = None) -> np.ndarray:
        """Render one block.

        Parameters
        ----------
        x : array_like, shape (inputs, samples)
            Input signals (float32; a 1-D array when ``inputs == 1``).
        *args : Any
            Refused with a TypeError (``process(x, 44100)`` would be ambiguous): give the
            sample rate as ``sample_rate=``.
        weights : array_like, shape (inputs, samples), optional
            Audio-rate weights for this block, replacing the ``weights`` parameter.
        sample_rate : float, optional
            Rate of the block in Hz; when it differs, :attr:`sample_rate` is set to it first
            (time constants re-applied), as pedalboard does.

        Returns
        -------
        numpy.ndarray, shape (2, samples), float32
            Row 0 the neuron's output, row 1 the fire gate (0 or 1).
        """
        if args or sample_rate is not None:
            self._check_call(args, sample_rate)
        block = as_block(x, self.inputs)
        if weights is None:
            w = _NO_AUDIO_WEIGHTS
        else:
            w = as_block(weights, self.inputs, "weights (audio rate)")
            if w.shape[1] != block.shape[1]:
                raise ValueError(
                    f"weights (audio rate): {w.shape[1]} samples, but x has {block.shape[1]}"
                )
        out = np.empty((2, block.shape[1]), dtype=np.float32)
        self._kernel.process(block, w, out)
        return out

    def block_capsule(self) -> Any:
        """The direct block path: a ``PyCapsule`` named ``"nrcore.block.v1"``.

        Its ``nrcore_block.process`` (``cython/nrcore_block.h``) renders a block from C without
        the GIL and gives exactly the samples and state advance of :meth:`process`: ``ins``
        are the ``inputs`` signal rows, then optionally ``inputs`` audio-rate weight rows;
        ``outs`` are the output and the fire gate. It takes the kernel's lock, as every
        parameter change does, so parameters may change from another thread.

        Returns
        -------
        PyCapsule
            Keeps this processor's kernel alive for as long as it exists.
        """
        return self._kernel.block_capsule()

    def reset(self) -> None:
        self._kernel.reset()

    def _kernel_state(self) -> dict[str, np.ndarray]:
        return self._kernel.get_state()

    def _set_kernel_state(self, state: Mapping[str, np.ndarray]) -> None:
        self._kernel.set_state(state)
