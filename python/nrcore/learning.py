"""Learning neurons: adaptive nonlinear mixers that teach themselves to follow a target.

This is the "machine learning" half of the seeds: a neuron takes several waveforms, mixes them
through a nonlinearity, compares the result with a target waveform and adjusts its weights every
sample. When the target can be made from the inputs the error falls away; when it cannot, the
neuron keeps searching, and the sound of that failure is part of the instrument.

Two processors share one calling convention:

* :class:`LearningNeuron` (registry ``learn``): one neuron, LMS / NLMS / sign-error.
* :class:`LearningNetwork` (registry ``learnnet``): one hidden layer and one output neuron,
  online backpropagation every sample (the seed's "Neural Network Failure" experiment).

Calling convention
------------------
``process(x)`` takes one float32 array shaped ``(inputs + 1, samples)``: the ``inputs`` signal
rows first, **the target last** (``np.vstack([signals, target])``). It returns float32
``(2, samples)``: row 0 the output ``y``, row 1 the error ``e = target - y``. The target is a
signal like the others so that Pd (``nr.learn~``: signal inlets, then the target inlet), the OSC
server and the CLI all drive the processor the same way; :attr:`input_count` says how many rows
to send. After each ``process`` call, :attr:`trajectory` and :attr:`trajectory_index` hold the
weights sampled every ``trajectory_every`` samples during that block, and
:attr:`current_weights` the weights now.

Robustness
----------
Whatever the learning rate, no NaN or inf leaves these processors. Inputs and targets that are
NaN/inf count as 0. Every updated weight is clamped to ``+-weight_limit``; an update that would
make any weight non-finite is discarded (the previous, finite weights are kept). Each sample on
which either guard acts counts as a divergence: :attr:`divergences` counts them,
:attr:`diverged` is true once any occurred, and :meth:`reset` clears both.

The weights learn from the *reachable* part of the target: the target clamped to the output
range of the activation (``[-1, 1]`` for tanh, ``[0, 1]`` for sigmoid, ...; ``+-1e4`` for
linear). Without this, one loud click in the target drives a tanh neuron deep into saturation,
where its slope is exactly 0 and it never learns again; with it, the neuron recovers. The error
output ``e`` is still measured from the raw target.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np

from nrcore._learning import LearningNetworkKernel, LearningNeuronKernel
from nrcore.activations import ACTIVATIONS, activation_id
from nrcore.params import Param
from nrcore.processor import Processor, as_block, check_count, one_per_input

#: Weight-update rules, in the kernel's numbering.
ALGORITHMS: tuple[str, ...] = ("nlms", "lms", "sign_error")

MAX_INPUTS = 64
MAX_HIDDEN = 256

ALGORITHM_HELP = {
    "nlms": "normalised LMS: step mu / (eps + |x|^2), stable for 0 < mu < 2 (linear)",
    "lms": "plain LMS: step mu, stable only for mu below about 2 / (inputs * input power)",
    "sign_error": "sign-error LMS: only the sign of the error drives the step (robust, slow)",
}

# Parameters both learners share, declared once.
_MU = Param("mu", 0.1, "Learning rate (step size) of every weight update", minimum=0.0,
            maximum=10000.0, step=0.01)
_ALGORITHM = Param("algorithm", "nlms", "Weight-update rule: nlms, lms or sign_error",
                   kind="choice", choices=ALGORITHMS)
_LEAK = Param("leak", 0.0, "Fraction of every weight forgotten per sample, pulling unused "
              "weights back to 0", minimum=0.0, maximum=1.0, step=1e-6)
_EPS = Param("eps", 1e-3, "Regulariser of the NLMS step, so silent inputs do not blow it up",
             minimum=1e-9, maximum=1000.0, step=1e-3)
_FREEZE = Param("freeze", False, "Stop learning; the output keeps using the current weights",
                kind="bool")
_WEIGHT_LIMIT = Param("weight_limit", 100.0, "Every weight is clamped to +-this; reaching it "
                      "counts as divergence", minimum=1e-3, maximum=1e6, step=1.0)
_TRAJECTORY_EVERY = Param("trajectory_every", 64, "Record the weights once every this many "
                          "samples", unit="samples", minimum=1, maximum=100000, kind="int",
                          menu=False)
_RESPONSE = Param("response", 0.5, "Comparator spike level of the 'nlc' activation",
                  minimum=0.0, maximum=1.0, step=0.01)


#: The controls both learners share, in the order help texts and menus show them.
_LEARNING_CONTROLS = (_RESPONSE, _MU, _ALGORITHM, _LEAK, _EPS, _FREEZE, _WEIGHT_LIMIT,
                      _TRAJECTORY_EVERY)


class _Learner(Processor):
    """What both learners share: the (inputs + 1)-row calling convention, the trajectory, the
    divergence report."""

    outputs = ("out", "error")
    _kernel: Any

    def __init__(self, inputs: int, sample_rate: float) -> None:
        super().__init__(sample_rate)
        self.inputs = check_count("inputs", inputs, 1, MAX_INPUTS)
        self.trajectory = np.zeros((0, 0))
        self.trajectory_index = np.zeros(0, dtype=np.int64)

    @property
    def input_count(self) -> int:
        """Rows ``process`` expects: the input signals plus the target (last)."""
        return self.inputs + 1

    @property
    def divergences(self) -> int:
        """Samples since the last reset on which the weight guard had to act."""
        return int(self._kernel.divergences)

    @property
    def diverged(self) -> bool:
        """True once the weights ran into ``weight_limit`` or an update was non-finite."""
        return bool(self._kernel.divergences > 0)

    @property
    def samples_seen(self) -> int:
        """Samples processed since the last reset."""
        return int(self._kernel.samples_seen)

    def _set_common(self, name: str, value: Any) -> bool:
        """Push a parameter both learners share to the kernel; False if it is not one."""
        k = self._kernel
        if name == "mu":
            k.mu = value
        elif name == "algorithm":
            k.algorithm = ALGORITHMS.index(value)
        elif name == "leak":
            k.leak = value
        elif name == "eps":
            k.eps = value
        elif name == "freeze":
            k.frozen = value
        elif name == "weight_limit":
            k.weight_limit = value
        elif name == "trajectory_every":
            k.trajectory_every = value
        elif name == "response":
            k.response = value
        else:
            return False
        return True

    def process(self, x: Any, *args: Any, sample_rate: float | None = None) -> np.ndarray:
        """Learn over one block.

        Parameters
        ----------
        x : array_like, shape (inputs + 1, samples)
            The input signals, then the target signal as the last row (float32).
        *args : Any
            Refused with a TypeError (``process(x, 44100)`` would be ambiguous): give the
            sample rate as ``sample_rate=``.
        sample_rate : float, optional
            Rate of the block in Hz; when it differs, :attr:`sample_rate` is set to it first.

        Returns
        -------
        numpy.ndarray, shape (2, samples), float32
            Row 0 the output ``y`` (computed before this sample's weight update), row 1 the
            error ``e = target - y``.

        Notes
        -----
        Afterwards :attr:`trajectory` (rows, weights) and :attr:`trajectory_index` (rows,) hold
        the weights after every ``trajectory_every``-th sample since the last reset that fell
        in this block, and the number of samples learned at that point.
        """
        if args or sample_rate is not None:
            self._check_call(args, sample_rate)
        block = as_block(x, self.input_count, "x (input signals, then the target row)")
        n = block.shape[1]
        rows = self._kernel.trajectory_rows(n)
        out = np.empty((2, n), dtype=np.float32)
        while True:
            trajectory = np.empty((rows, self._trajectory_width()), dtype=np.float64)
            index = np.empty(rows, dtype=np.int64)
            written = self._kernel.process(block, out, trajectory, index)
            if written >= 0:
                break
            rows = -written  # another thread changed trajectory_every or the state meanwhile
        # Straight into the instance dict: two known attributes, no strict-setattr check on
        # the audio path (it costs ~0.2 us a call).
        self.__dict__.update(trajectory=trajectory[:written], trajectory_index=index[:written])
        return out

    def block_capsule(self) -> Any:
        """The direct block path: a ``PyCapsule`` named ``"nrcore.block.v1"``.

        Its ``nrcore_block.process`` (``cython/nrcore_block.h``) learns over a block from C
        without the GIL and gives exactly the samples and learning of :meth:`process`: ``ins``
        are the input rows then the target row, ``outs`` the output ``y`` and the error ``e``.
        It does not update :attr:`trajectory`. It takes the kernel's lock, as every parameter
        change does, so parameters may change from another thread.

        Returns
        -------
        PyCapsule
            Keeps this processor's kernel alive for as long as it exists.
        """
        return self._kernel.block_capsule()

    def _trajectory_width(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def reset(self) -> None:
        """Restore the initial weights and clear the sample and divergence counters."""
        self._kernel.reset()
        self.trajectory = np.zeros((0, self._trajectory_width()))
        self.trajectory_index = np.zeros(0, dtype=np.int64)

    def _kernel_state(self) -> dict[str, np.ndarray]:
        state: dict[str, np.ndarray] = self._kernel.get_state()
        return state

    def _set_kernel_state(self, state: Mapping[str, np.ndarray]) -> None:
        self._kernel.set_state(state)


class LearningNeuron(_Learner):
    """A neuron that learns, every sample, to turn its inputs into a target signal.

    Per sample ``t``, with ``x`` the inputs (NaN/inf read as 0) and ``d`` the target::

        s[t] = b + sum_i w_i x_i[t]                 (clamped to +-1e4)
        y[t] = f(s[t])                              (the activation)
        e[t] = d[t] - y[t]                          (the error output)
        r    = clamp(d[t], output range of f) - y[t]    (the error it learns from)
        g    = E(r) * f'(s[t])                      (E(r) = r; sign(r) for sign_error)
        step = mu / (eps + [1 if learn_bias] + sum_i x_i[t]^2)   (nlms)
             = mu                                                 (lms, sign_error)
        w_i <- clamp((1 - leak) w_i + step g x_i[t], +-weight_limit)
        b   <- clamp((1 - leak) b   + step g,        +-weight_limit)   (if learn_bias)

    ``y`` and ``e`` use the weights before the update (the a-priori error, as in every LMS
    text). With ``activation="linear"`` and ``learn_bias=False`` this is exactly the NLMS
    adaptive filter (padasip's ``FilterNLMS``: ``w += mu / (eps + x.x) * x * e``; for linear
    ``r = e`` unless the target exceeds +-1e4). Learning
    stops while ``freeze`` is on. The weights are guarded (see the module's "Robustness").

    Parameters
    ----------
    inputs : int
        Number of input signals (1..64); ``process`` takes ``inputs + 1`` rows, the target last.
    sample_rate : float
        In Hz (kept for hosts; learning itself is per sample).
    **params
        Any parameter in :attr:`PARAMS`. ``weights`` and ``bias`` are the initial values,
        restored by :meth:`reset`; assigning them also sets the live weights.

    Examples
    --------
    >>> import numpy as np, nrcore
    >>> from nrcore.learning import learning_demo_signals
    >>> x, d = learning_demo_signals(48000, 1.0, reachable=True)
    >>> learner = nrcore.LearningNeuron(inputs=3, activation="tanh", mu=0.5)
    >>> y, e = learner.process(np.vstack([x, d]))
    >>> learner.current_weights      # close to the target's mixing weights  # doctest: +SKIP
    """

    name = "learn"
    PARAMS = (
        Param("weights", 0.0, "Initial weight of each input (restored by reset). Setting it "
              "restarts learning from these weights and the initial bias: the learned bias is "
              "reset too",
              minimum=-1e6, maximum=1e6, kind="vector", menu=False),
        Param("bias", 0.0, "Initial bias (restored by reset). Setting it restarts learning "
              "from it and the initial weights", minimum=-1e6, maximum=1e6,
              step=0.01, menu=False),
        Param("learn_bias", True, "Also learn the bias, as a weight on a constant input of 1",
              kind="bool"),
        Param("activation", "tanh", "Nonlinearity f of the neuron", kind="choice",
              choices=ACTIVATIONS),
        *_LEARNING_CONTROLS,
    )

    def __init__(self, inputs: int = 3, *, sample_rate: float = 48000.0, **params: Any) -> None:
        super().__init__(inputs, sample_rate)
        self._kernel = LearningNeuronKernel(self.inputs)
        self._init_params(params)
        self.reset()

    def _check(self, param: Param, value: Any) -> Any:
        if param.name == "weights":
            return one_per_input(value, self.inputs)
        return value

    def _apply(self, name: str, value: Any) -> None:
        k = self._kernel
        if self._set_common(name, value):
            return
        if name in ("weights", "bias"):
            weights = self._values.get("weights", np.zeros(self.inputs))
            bias = self._values.get("bias", 0.0)
            k.set_initial(np.ascontiguousarray(weights, dtype=np.float64), float(bias))
        elif name == "learn_bias":
            k.learn_bias = value
        elif name == "activation":
            k.activation = activation_id(value)

    def _trajectory_width(self) -> int:
        return self.inputs + 1

    @property
    def current_weights(self) -> np.ndarray:
        """The input weights now, shape (inputs,) (a copy)."""
        weights: np.ndarray = self._kernel.current()[0]
        return weights

    @property
    def current_bias(self) -> float:
        """The bias now."""
        return float(self._kernel.current()[1])

    @property
    def learned_parameters(self) -> np.ndarray:
        """Every learned value now, ``[w_1 .. w_inputs, b]``: the columns of :attr:`trajectory`
        (what ``nr.learn~`` sends from its weights outlet)."""
        weights, bias = self._kernel.current()
        return np.append(weights, bias)


class LearningNetwork(_Learner):
    """A one-hidden-layer network that learns a target signal by online backpropagation.

    ``hidden`` neurons each mix all inputs; one output neuron mixes the hidden outputs. Per
    sample ``t``, with ``x`` the inputs (NaN/inf read as 0) and ``d`` the target::

        a_j = clamp(c_j + sum_i V_ji x_i, +-1e4)      h_j = g(a_j)       (hidden layer)
        s   = clamp(b + sum_j W_j h_j, +-1e4)         y = f(s)           (output)
        e   = d - y                                   (the error output)
        r   = clamp(d, output range of f) - y         (the error it learns from)
        delta   = E(r) f'(s)                          (E(r) = r; sign(r) for sign_error)
        delta_j = delta W_j g'(a_j)                   (with W before the update)
        W_j <- (1 - leak) W_j + step_out delta h_j        b   <- (1 - leak) b   + step_out delta
        V_ji <- (1 - leak) V_ji + step_hid delta_j x_i    c_j <- (1 - leak) c_j + step_hid delta_j

    with ``step_out = mu / (eps + 1 + sum_j h_j^2)`` and ``step_hid = mu / (eps + 1 +
    sum_i x_i^2)`` for ``nlms`` (each layer normalised by the power of its own input, the 1
    being the bias input), and both ``mu`` for ``lms`` and ``sign_error``. Every updated value
    is clamped to ``+-weight_limit`` (see the module's "Robustness").

    The initial weights are seeded: ``V`` and ``W`` uniform in ``+-init_scale / sqrt(fan_in)``
    (fan-in ``inputs`` and ``hidden``), biases 0. Changing ``seed`` or ``init_scale`` draws new
    initial weights and resets. :attr:`trajectory` rows hold every parameter flattened as
    ``[V row by row, c, W, b]``.

    Parameters
    ----------
    inputs : int
        Number of input signals (1..64); ``process`` takes ``inputs + 1`` rows, the target last.
    hidden : int
        Number of hidden neurons (1..256).
    sample_rate : float
        In Hz (kept for hosts; learning itself is per sample).
    **params
        Any parameter in :attr:`PARAMS`.
    """

    name = "learnnet"
    PARAMS = (
        Param("hidden_activation", "tanh", "Nonlinearity g of the hidden neurons",
              kind="choice", choices=ACTIVATIONS),
        Param("output_activation", "tanh", "Nonlinearity f of the output neuron",
              kind="choice", choices=ACTIVATIONS),
        *_LEARNING_CONTROLS,
        Param("init_scale", 1.0, "Spread of the seeded initial weights (times 1/sqrt(fan-in))",
              minimum=0.0, maximum=100.0, step=0.1),
        Param("seed", 1, "Seed of the initial weights", minimum=0, maximum=2**32 - 1,
              kind="int"),
    )

    def __init__(self, inputs: int = 3, *, hidden: int = 4, sample_rate: float = 48000.0,
                 **params: Any) -> None:
        super().__init__(inputs, sample_rate)
        if isinstance(hidden, bool) or int(hidden) != hidden or not 1 <= hidden <= MAX_HIDDEN:
            raise ValueError(f"hidden: {hidden!r} must be an integer in [1, {MAX_HIDDEN}]")
        self.hidden = int(hidden)
        self._kernel = LearningNetworkKernel(self.inputs, self.hidden)
        self._init_params(params)
        self.reset()

    def initial_weights(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """The seeded starting point ``(V (hidden, inputs), c (hidden,), W (hidden,), b)``."""
        rng = np.random.default_rng(self._values.get("seed", 1))
        scale = self._values.get("init_scale", 1.0)
        v = rng.uniform(-1.0, 1.0, (self.hidden, self.inputs)) * (scale / math.sqrt(self.inputs))
        w = rng.uniform(-1.0, 1.0, self.hidden) * (scale / math.sqrt(self.hidden))
        return v, np.zeros(self.hidden), w, 0.0

    def _apply(self, name: str, value: Any) -> None:
        k = self._kernel
        if self._set_common(name, value):
            return
        if name in ("seed", "init_scale"):
            v, c, w, b = self.initial_weights()
            k.set_initial(np.ascontiguousarray(v), c, np.ascontiguousarray(w), b)
        elif name == "hidden_activation":
            k.hidden_activation = activation_id(value, name)
        elif name == "output_activation":
            k.output_activation = activation_id(value, name)

    def _trajectory_width(self) -> int:
        return self.hidden * (self.inputs + 2) + 1

    @property
    def current_weights(self) -> np.ndarray:
        """Every parameter now, flattened as ``[V row by row, c, W, b]`` (a copy)."""
        v, c, w, b = self._kernel.current()
        return np.concatenate([v.ravel(), c, w, [b]])

    @property
    def learned_parameters(self) -> np.ndarray:
        """Every learned value now, the columns of :attr:`trajectory` (same as
        :attr:`current_weights`)."""
        return self.current_weights

    def current_layers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """The parameters now as ``(V (hidden, inputs), c (hidden,), W (hidden,), b)``."""
        layers: tuple[np.ndarray, np.ndarray, np.ndarray, float] = self._kernel.current()
        return layers


def learning_demo_signals(sr: float, seconds: float, reachable: bool
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and a target for the "learning, and failing to learn" demo.

    The inputs are the three waveforms of the seed patch: a sine at 220 Hz, a triangle at
    330 Hz whose frequency wobbles slowly (+-3 % at 0.5 Hz), and a sawtooth at 110 Hz, all
    amplitude 1. The target is

    * ``reachable=True``: ``tanh(0.9 sine - 0.6 triangle + 0.4 saw + 0.1)``
      (:data:`DEMO_TARGET_WEIGHTS`, :data:`DEMO_TARGET_BIAS`), exactly what a
      ``LearningNeuron(inputs=3, activation="tanh")`` can produce, so its error falls towards
      silence;
    * ``reachable=False``: ``0.8 sin(2 pi 277 t)``, a sine at a frequency that none of the
      inputs contains. It lies outside their span (and outside anything a static neuron can
      make of them), so the error stays loud whatever the neuron does.

    Parameters
    ----------
    sr : float
        Sample rate in Hz.
    seconds : float
        Duration in seconds.
    reachable : bool
        Which target to return.

    Returns
    -------
    inputs : numpy.ndarray, shape (3, samples), float32
    target : numpy.ndarray, shape (samples,), float32
    """
    sr = float(sr)
    if not (math.isfinite(sr) and sr > 0.0):
        raise ValueError(f"sr: {sr!r} Hz must be a positive number")
    if not (math.isfinite(seconds) and seconds >= 0.0):
        raise ValueError(f"seconds: {seconds!r} must be a finite number >= 0")
    n = int(round(seconds * sr))
    t = np.arange(n) / sr
    sine = np.sin(2.0 * np.pi * 220.0 * t)
    # Triangle with a slow frequency wobble: integrate the instantaneous frequency for phase.
    triangle_freq = 330.0 * (1.0 + 0.03 * np.sin(2.0 * np.pi * 0.5 * t))
    triangle_phase = np.concatenate(([0.0], np.cumsum(triangle_freq[:-1]) / sr))
    triangle = 1.0 - 4.0 * np.abs(np.mod(triangle_phase + 0.25, 1.0) - 0.5)
    saw = 2.0 * np.mod(110.0 * t, 1.0) - 1.0
    inputs = np.vstack([sine, triangle, saw]).astype(np.float32)
    if reachable:
        mix = DEMO_TARGET_WEIGHTS @ inputs.astype(np.float64) + DEMO_TARGET_BIAS
        target = np.tanh(mix)
    else:
        target = 0.8 * np.sin(2.0 * np.pi * 277.0 * t)
    return inputs, target.astype(np.float32)


#: Mixing weights of the reachable demo target (sine, triangle, saw).
DEMO_TARGET_WEIGHTS = np.array([0.9, -0.6, 0.4])
#: Bias of the reachable demo target.
DEMO_TARGET_BIAS = 0.1


def error_db(error: np.ndarray, sr: float, window_s: float = 0.01,
             floor_db: float = -120.0) -> np.ndarray:
    """The error's power in dB over time: the mean of ``e^2`` in consecutive windows.

    Parameters
    ----------
    error : numpy.ndarray, shape (samples,)
        An error signal (row 1 of a learner's output).
    sr : float
        Sample rate in Hz.
    window_s : float
        Window length in seconds (at least one sample).
    floor_db : float
        Lower bound of the result, so silence plots as a floor and not as -inf.

    Returns
    -------
    numpy.ndarray, shape (windows,)
        ``10 log10(mean(e^2))`` per window (dB relative to full scale 1.0); a trailing partial
        window is dropped.
    """
    size = max(1, int(round(window_s * sr)))
    e = np.asarray(error, dtype=np.float64).reshape(-1)
    windows = e.size // size
    power = np.mean(e[: windows * size].reshape(windows, size) ** 2, axis=1)
    db: np.ndarray = np.maximum(10.0 * np.log10(np.maximum(power, 1e-300)), floor_db)
    return db
