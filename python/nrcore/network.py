"""Networks of audio-rate neurons, and the Nonlinear Circuits dual neuron as a ready preset.

A :class:`Network` is N neurons that all see the same input signals through an input weight
matrix and each other's past outputs through a recurrent weight matrix. With a recurrent delay
of one sample it is the iterated map ``y[t] = f(W x[t] + R y[t-1] + b)``; a one-pole ``cutoff``
on the outputs turns that map into a leaky, audio-rate oscillator whose speed the cutoff sets.

:class:`DualNeuron` is the instrument of the seed video: two neurons, joystick X, Y and Z into
each, and each output fed into the other (``cross_feedback``). Turning the cross-feedback up
takes it from a static mapping of the joystick, through a self-oscillating tone, into chaos.
:func:`largest_lyapunov_exponent` measures which of those regimes a setting is in.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np

from nrcore._network import NetworkKernel
from nrcore.activations import ACTIVATIONS, activation_id
from nrcore.params import Param
from nrcore.processor import Processor, as_block, check_count

MAX_NEURONS = 64
MAX_INPUTS = 64


def _activation_ids(value: Any, n_neurons: int) -> np.ndarray:
    """Kernel ids for an ``activation`` value: one name for all neurons, or one per neuron."""
    names = [value] * n_neurons if isinstance(value, str) else list(value)
    return np.array([activation_id(name) for name in names], dtype=np.intc)


def _check_activation_count(value: Any, n_neurons: int) -> Any:
    if not isinstance(value, str):
        if len(value) == 1:
            return value[0]
        if len(value) != n_neurons:
            raise ValueError(
                f"activation: expected one name or {n_neurons} names (one per neuron), "
                f"got {len(value)}"
            )
    return value


def _apply_common(kernel: Any, name: str, value: Any, neurons: int, sample_rate: float) -> None:
    """Push a parameter that Network and DualNeuron share to their NetworkKernel."""
    if name == "response":
        kernel.response = value
    elif name == "noise":
        kernel.set_noise(value)
    elif name == "seed":
        kernel.set_seed(value)
    elif name == "cutoff":  # one per neuron, or one for all
        cutoff = np.broadcast_to(np.asarray(value, dtype=np.float64), (neurons,))
        kernel.set_output_cutoff(np.array(cutoff, dtype=np.float64), sample_rate)
    elif name == "smoothing":
        kernel.set_param_smoothing(value / 1000.0, sample_rate)


class Network(Processor):
    """A recurrent network of audio-rate neurons.

    Per sample ``t``, for each neuron ``j`` (all neurons read the outputs of sample ``t - 1``
    or earlier, so their order does not matter)::

        s_j[t] = b_j + sum_i W_ji x_i[t] + sum_k R_jk y_k[t - delay] + noise * r_j[t]
        a_j[t] = activation_j(s_j[t])
        y_j[t] = y_j[t-1] + c_j (a_j[t] - y_j[t-1])        c_j = 1 - exp(-2 pi cutoff_j / sr)

    ``x`` are the input signals (non-finite samples count as 0), ``W`` the input weight matrix
    (neurons x inputs), ``R`` the recurrent matrix (neurons x neurons), ``b`` the biases and
    ``r_j[t]`` seeded white noise in [-1, 1) (one draw per neuron per sample, neurons in order).
    ``c_j = 1`` (``cutoff`` 0) gives the plain map ``y = activation(s)``; a lower cutoff makes
    each neuron a leaky integrator, so the network becomes a continuous-time recurrent network
    sampled at the audio rate. ``s`` is clamped to +-1e4 before the activation and every ``y``
    is clamped to +-1e4 and flushed to 0 below 1e-30. ``W``, ``R``, ``b`` and ``noise`` ramp
    to new values with the one-pole time constant ``smoothing``.

    Parameters
    ----------
    neurons : int
        Number of neurons N (1..64); also the number of output signals.
    inputs : int
        Number of input signals I (0..64). With 0 inputs, ``process`` takes a sample count.
    sample_rate : float
        In Hz; used by ``cutoff`` and ``smoothing``.
    **params
        Any parameter in :attr:`PARAMS`.

    Examples
    --------
    >>> import numpy as np, nrcore
    >>> rng = np.random.default_rng(0)
    >>> net = nrcore.Network(neurons=8, inputs=3, recurrent=rng.normal(0, 0.6, (8, 8)),
    ...                      activation="tanh", cutoff=2000.0)
    >>> out = net.process(rng.uniform(-1, 1, (3, 4800)).astype(np.float32))   # (8, 4800)
    """

    name = "net"
    PARAMS = (
        Param("weights", 0.5, "Input weight matrix: row j, column i is the gain of input i into "
              "neuron j", minimum=-100.0, maximum=100.0, kind="matrix", smoothed=True,
              menu=False),
        Param("recurrent", 0.0, "Recurrent weight matrix: row j, column k is the gain of neuron "
              "k's delayed output into neuron j", minimum=-100.0, maximum=100.0, kind="matrix",
              smoothed=True, menu=False),
        Param("bias", 0.0, "Constant added to each neuron's sum (one per neuron)",
              minimum=-100.0, maximum=100.0, kind="vector", smoothed=True),
        Param("activation", "tanh", "Nonlinearity of each neuron (one name, or one per neuron)",
              kind="choice", choices=ACTIVATIONS, per_element=True),
        Param("response", 0.5, "Comparator spike level of the 'nlc' activation",
              minimum=0.0, maximum=1.0, step=0.01),
        Param("noise", 0.0, "Amplitude of white noise added to each neuron's sum",
              minimum=0.0, maximum=10.0, smoothed=True, step=0.01),
        Param("seed", 1, "Seed of the noise generator", minimum=0, maximum=2**32 - 1, kind="int"),
        Param("cutoff", 0.0, "One-pole low-pass on each neuron's output (0 = off); it makes the "
              "network a leaky, audio-rate oscillator", unit="Hz", minimum=0.0, maximum=96000.0,
              kind="vector", step=10.0),
        Param("delay", 1, "Delay of the recurrent connections", unit="samples", minimum=1,
              maximum=192000, kind="int"),
        Param("smoothing", 20.0, "Time constant of parameter changes, so automation does not "
              "click", unit="ms", minimum=0.0, maximum=10000.0, step=1.0),
    )

    def __init__(self, neurons: int = 8, *, inputs: int = 3, sample_rate: float = 48000.0,
                 **params: Any) -> None:
        super().__init__(sample_rate)
        self.neurons = check_count("neurons", neurons, 1, MAX_NEURONS)
        self.inputs = check_count("inputs", inputs, 0, MAX_INPUTS)
        self.outputs = tuple(f"y{j}" for j in range(self.neurons))
        self._kernel = NetworkKernel(self.neurons, self.inputs)
        self._init_params(params)
        self._kernel.reset()

    @property
    def input_count(self) -> int:
        return self.inputs

    def _check(self, param: Param, value: Any) -> Any:
        n, m = self.neurons, self.inputs
        if param.name in ("weights", "recurrent"):
            shape = (n, m) if param.name == "weights" else (n, n)
            if value.size == 1:
                value = np.full(shape, float(value.ravel()[0]))
            elif value.size == 0 and 0 in shape:
                value = np.zeros(shape)
            if value.shape != shape:
                what = "neurons x inputs" if param.name == "weights" else "neurons x neurons"
                raise ValueError(f"{param.name}: expected shape {shape} ({what}), "
                                 f"got {value.shape}")
        elif param.name in ("bias", "cutoff"):
            if value.size == 1:
                value = np.full(n, float(value.ravel()[0]))
            if value.shape != (n,):
                raise ValueError(f"{param.name}: expected {n} values (one per neuron), "
                                 f"got {value.size}")
        elif param.name == "activation":
            value = _check_activation_count(value, n)
        return value

    def _apply(self, name: str, value: Any) -> None:
        k = self._kernel
        if name == "weights":
            k.set_weights(np.ascontiguousarray(value, dtype=np.float64))
        elif name == "recurrent":
            k.set_recurrent(np.ascontiguousarray(value, dtype=np.float64))
        elif name == "bias":
            k.set_bias(np.ascontiguousarray(value, dtype=np.float64))
        elif name == "activation":
            k.set_activations(_activation_ids(value, self.neurons))
        elif name == "delay":
            k.set_delay(value)
        else:
            _apply_common(k, name, value, self.neurons, self.sample_rate)

    def process(self, x: Any, *args: Any, sample_rate: float | None = None) -> np.ndarray:
        """Render one block.

        Parameters
        ----------
        x : array_like, shape (inputs, samples), or int
            Input signals (float32). A network with 0 inputs also takes a number of samples.
        *args : Any
            Refused with a TypeError (``process(x, 44100)`` would be ambiguous): give the
            sample rate as ``sample_rate=``.
        sample_rate : float, optional
            Rate of the block in Hz; when it differs, :attr:`sample_rate` is set to it first
            (time constants re-applied), as pedalboard does.

        Returns
        -------
        numpy.ndarray, shape (neurons, samples), float32
            Each neuron's output.
        """
        if args or sample_rate is not None:
            self._check_call(args, sample_rate)
        if self.inputs == 0 and isinstance(x, (int, np.integer)) and not isinstance(x, bool):
            if x < 0:
                raise ValueError(f"x: a sample count must be >= 0, got {x}")
            x = np.zeros((0, int(x)), dtype=np.float32)
        block = as_block(x, self.inputs)
        out = np.empty((self.neurons, block.shape[1]), dtype=np.float32)
        self._kernel.process(block, out)
        return out

    def block_capsule(self) -> Any:
        """The direct block path: a ``PyCapsule`` named ``"nrcore.block.v1"``.

        Its ``nrcore_block.process`` (``cython/nrcore_block.h``) renders a block from C without
        the GIL and gives exactly the samples and state advance of :meth:`process`: ``ins``
        are the input rows, ``outs`` one row per neuron. It takes the kernel's lock, as every
        parameter change does, so parameters may change from another thread.

        Returns
        -------
        PyCapsule
            Keeps this processor's kernel alive for as long as it exists.
        """
        return self._kernel.block_capsule()

    def reset(self) -> None:
        self._kernel.reset()

    def copy(self) -> "Network":
        """An independent network with the same parameters and signal state."""
        return super().copy()

    def _kernel_state(self) -> dict[str, np.ndarray]:
        return self._kernel.get_state()

    def _set_kernel_state(self, state: Mapping[str, np.ndarray]) -> None:
        self._kernel.set_state(state)


class DualNeuron(Processor):
    """The Nonlinear Circuits Double Neuron driven by a 3D joystick: a two-neuron network.

    Inputs are the joystick's X, Y and Z. Neuron A (output 0) and neuron B (output 1) each mix
    them through a row of ``weights``, add a ``bias`` (the module's "sense") and the other
    neuron's output from ``cross_delay`` samples ago. It is a :class:`Network` with::

        W = weights (2 x 3)
        R = [[self_feedback,          cross_feedback],
             [sign * cross_feedback,  self_feedback ]]      sign = -1 "opposed", +1 "mutual"
        delay = cross_delay, cutoff = (cutoff, cutoff)

    so, per sample (``c`` the one-pole coefficient of ``cutoff``, ``D`` the delay)::

        A[t] = A[t-1] + c (f(b_A + W_A . x[t] + cross * B[t-D] + self * A[t-D]) - A[t-1])
        B[t] = B[t-1] + c (f(b_B + W_B . x[t] + sign * cross * A[t-D] + self * B[t-D]) - B[t-1])

    The default ``sinefold`` activation (a sine wavefolder, ``f = sin``) is chosen because a
    monotonic one (tanh, sigmoid, softclip) never went chaotic in this loop in our scans, as
    the theory of monotone cyclic feedback systems (Mallet-Paret and Sell, 1996) predicts for
    its continuous-time limit: two such neurons in a delayed loop settle or oscillate. The
    module's own ``nlc`` rectifier/comparator is available, but its flat regions mostly lock the
    pair into a fixed pattern (nearby states merge exactly). The one-pole at 1 kHz and the
    24-sample (0.5 ms at 48 kHz) cross delay make the pair a delayed-feedback oscillator in the
    manner of the Ikeda system: the delay sets the pitch region (about 400 Hz at 48 kHz), the
    cross-feedback the order.

    Regimes of the default patch at 48 kHz. The largest Lyapunov exponent in 1/s
    (:func:`largest_lyapunov_exponent`, 0.2 s measured after 0.1 s settling) is given for the
    joystick held at (0, 0, 0) / (1, 0, 0) / (-0.7, 0.2, -0.4) / moving slowly (X, Y, Z sines
    at 0.5, 0.3, 0.2 Hz):

    ==============  ==========================================  ===============================
    cross_feedback  what you hear                               Lyapunov exponent (1/s)
    ==============  ==========================================  ===============================
    0 .. 1          static: the outputs follow the joystick,    0.25: -2250 / -2976 / -2345 /
                    no sound of their own (below 1 the loop     -2802; 0.5: -1223 / -1807 /
                    is a contraction)                           -1308 / -1755; 1: -139 / -523
    1.25 .. 2.5     a self-oscillating tone at 390 - 410 Hz     about 0 (a limit cycle); 1.5:
                    whose timbre the joystick bends; it         -2 / -6 / -6 / -6; weakly
                    flickers at the edge of chaos near 2        chaotic spots (2: +132 at
                                                                (1, 0, 0))
    3 and above     chaos: a rough, never-repeating texture     3: +353 / +5 / +351 / +382;
                    that still leans with the joystick, noisier 4: +759 / +689 / +680 / +621;
                    as the feedback grows                       6: +1075 / +1070 / +1067 /
                                                                +1085; 10: about +1450
    ==============  ==========================================  ===============================

    ``coupling="mutual"`` (both connections excite, as when the module's outputs are patched
    straight into each other's inputs) stays static up to 2 (exponents -6 to -3156) and is
    chaotic from 2.5 (+119 to +302, +1063 to +1110 at 6), with no tonal stage between.

    Parameters
    ----------
    sample_rate : float
        In Hz.
    inputs : int
        3: one joystick's X, Y, Z into both neurons (through the two rows of ``weights``);
        6: the module's two sets of jacks, X, Y, Z for neuron A then X, Y, Z for neuron B.
    **params
        Any parameter in :attr:`PARAMS`.

    Examples
    --------
    >>> import numpy as np, nrcore
    >>> dual = nrcore.DualNeuron(cross_feedback=6.0)            # chaotic
    >>> joystick = np.zeros((3, 48000), np.float32)             # X, Y, Z held at the centre
    >>> a_and_b = dual.process(joystick)                        # (2, 48000)
    """

    name = "dualneuron"
    neurons = 2
    outputs = ("a", "b")
    input_names = ("x", "y", "z")
    PARAMS = (
        Param("weights", ((1.0, 0.0, 0.5), (0.0, 1.0, -0.5)), "Gain of joystick X, Y, Z "
              "(columns) into neuron A and neuron B (rows)", minimum=-100.0, maximum=100.0,
              kind="matrix", smoothed=True, menu=False),
        Param("bias", (0.3, -0.2), "Offset of each neuron, the module's 'sense' (A, B)",
              minimum=-100.0, maximum=100.0, kind="vector", smoothed=True),
        Param("cross_feedback", 1.5, "Gain of each neuron's delayed output into the other: "
              "< 1 static, 1.25-2.5 a tone, >= 3 chaos", minimum=0.0, maximum=50.0, smoothed=True,
              step=0.05),
        Param("coupling", "opposed", "Sign of the cross connections: opposed, B excites A and "
              "A inhibits B (a tone before chaos); mutual, both excite (outputs patched into "
              "each other's inputs). A change ramps over the smoothing time, as "
              "cross_feedback does",
              kind="choice", choices=("opposed", "mutual")),
        Param("self_feedback", 0.0, "Gain of each neuron's own delayed output into itself",
              minimum=-50.0, maximum=50.0, smoothed=True, step=0.05),
        Param("activation", "sinefold", "Nonlinearity of the neurons (one name, or one each)",
              kind="choice", choices=ACTIVATIONS, per_element=True),
        Param("response", 0.5, "Comparator spike level of the 'nlc' activation",
              minimum=0.0, maximum=1.0, step=0.01),
        Param("noise", 0.0, "Amplitude of white noise added to each neuron's sum",
              minimum=0.0, maximum=10.0, smoothed=True, step=0.01),
        Param("seed", 1, "Seed of the noise generator", minimum=0, maximum=2**32 - 1, kind="int"),
        Param("cutoff", 1000.0, "One-pole low-pass on both outputs (0 = off): lower is darker "
              "and slower", unit="Hz", minimum=0.0, maximum=96000.0, step=10.0),
        Param("cross_delay", 24, "Delay of the cross (and self) feedback; sets the pitch region",
              unit="samples", minimum=1, maximum=192000, kind="int"),
        Param("smoothing", 20.0, "Time constant of parameter changes, so automation does not "
              "click", unit="ms", minimum=0.0, maximum=10000.0, step=1.0),
    )

    def __init__(self, *, sample_rate: float = 48000.0, inputs: int = 3, **params: Any) -> None:
        super().__init__(sample_rate)
        if inputs not in (3, 6) or isinstance(inputs, bool):
            raise ValueError(f"inputs: {inputs!r} must be 3 (one joystick into both neurons) "
                             "or 6 (X, Y, Z for neuron A, then X, Y, Z for neuron B)")
        self.inputs = int(inputs)
        self._kernel = NetworkKernel(2, self.inputs)
        self._init_params(params)
        self._kernel.reset()

    @property
    def input_count(self) -> int:
        return self.inputs

    def input_matrix(self) -> np.ndarray:
        """The network's input matrix: ``weights`` itself for 3 inputs; for 6, neuron A mixes
        inputs 0-2 and neuron B inputs 3-5 (the module's two separate sets of jacks)."""
        weights: np.ndarray = self._values["weights"]
        if self.inputs == 3:
            return weights
        matrix = np.zeros((2, 6))
        matrix[0, :3] = weights[0]
        matrix[1, 3:] = weights[1]
        return matrix

    def _check(self, param: Param, value: Any) -> Any:
        if param.name == "weights":
            if value.size == 1:
                value = np.full((2, 3), float(value.ravel()[0]))
            if value.shape != (2, 3):
                raise ValueError(f"weights: expected shape (2, 3) (neurons A, B x joystick X, "
                                 f"Y, Z), got {value.shape}")
        elif param.name == "bias":
            if value.size == 1:
                value = np.full(2, float(value.ravel()[0]))
            if value.shape != (2,):
                raise ValueError(f"bias: expected 2 values (neuron A, B), got {value.size}")
        elif param.name == "activation":
            value = _check_activation_count(value, 2)
        return value

    def recurrent_matrix(self) -> np.ndarray:
        """The network's recurrent matrix ``R`` for the current parameters."""
        cross = self._values.get("cross_feedback", 0.0)
        own = self._values.get("self_feedback", 0.0)
        sign = 1.0 if self._values.get("coupling") == "mutual" else -1.0
        return np.array([[own, cross], [sign * cross, own]])

    def _apply(self, name: str, value: Any) -> None:
        k = self._kernel
        if name == "weights":
            k.set_weights(np.ascontiguousarray(self.input_matrix(), dtype=np.float64))
        elif name == "bias":
            k.set_bias(np.ascontiguousarray(value, dtype=np.float64))
        elif name in ("cross_feedback", "coupling", "self_feedback"):
            k.set_recurrent(self.recurrent_matrix())
        elif name == "activation":
            k.set_activations(_activation_ids(value, 2))
        elif name == "cross_delay":
            k.set_delay(value)
        else:
            _apply_common(k, name, value, 2, self.sample_rate)

    def process(self, x: Any, *args: Any, sample_rate: float | None = None) -> np.ndarray:
        """Render one block.

        Parameters
        ----------
        x : array_like, shape (inputs, samples)
            Joystick X, Y, Z (float32, nominally -1..1; audio-rate signals work too); with
            ``inputs=6``, X, Y, Z of neuron A, then X, Y, Z of neuron B.
        *args : Any
            Refused with a TypeError (``process(x, 44100)`` would be ambiguous): give the
            sample rate as ``sample_rate=``.
        sample_rate : float, optional
            Rate of the block in Hz; when it differs, :attr:`sample_rate` is set to it first
            (time constants re-applied), as pedalboard does.

        Returns
        -------
        numpy.ndarray, shape (2, samples), float32
            Neuron A and neuron B.
        """
        if args or sample_rate is not None:
            self._check_call(args, sample_rate)
        block = as_block(x, self.inputs, "x (joystick X, Y, Z)" if self.inputs == 3
                         else "x (X, Y, Z of neuron A, then of neuron B)")
        out = np.empty((2, block.shape[1]), dtype=np.float32)
        self._kernel.process(block, out)
        return out

    def block_capsule(self) -> Any:
        """The direct block path: a ``PyCapsule`` named ``"nrcore.block.v1"``.

        Its ``nrcore_block.process`` (``cython/nrcore_block.h``) renders a block from C without
        the GIL and gives exactly the samples and state advance of :meth:`process`: ``ins``
        are the input rows, ``outs`` one row per neuron. It takes the kernel's lock, as every
        parameter change does, so parameters may change from another thread.

        Returns
        -------
        PyCapsule
            Keeps this processor's kernel alive for as long as it exists.
        """
        return self._kernel.block_capsule()

    def reset(self) -> None:
        self._kernel.reset()

    def copy(self) -> "DualNeuron":
        """An independent dual neuron with the same parameters and signal state."""
        return super().copy()

    def _kernel_state(self) -> dict[str, np.ndarray]:
        return self._kernel.get_state()

    def _set_kernel_state(self, state: Mapping[str, np.ndarray]) -> None:
        self._kernel.set_state(state)


def largest_lyapunov_exponent(processor: Network | DualNeuron, x: Any, *,
                              settle: int = 0, perturbation: float = 1e-9,
                              renormalize_every: int = 32, seed: int = 0) -> float:
    """Estimate the largest Lyapunov exponent of a network driven by ``x``, in 1/s.

    Two copies of ``processor`` (its parameters and current signal state; the processor itself
    is not advanced) run side by side on the same input and noise. After ``settle`` samples, the
    second copy's state, the last ``delay`` outputs of every neuron, is moved
    ``perturbation`` away in a seeded random direction. Every ``renormalize_every`` samples the
    distance ``d`` between the two states is logged and the second state pulled back to
    distance ``perturbation`` along the same direction (Benettin's method). The exponent is the
    mean of ``log(d / perturbation)`` per second: below 0 the network forgets small
    differences (it settles, or tracks its input); about 0 on a limit cycle; above 0 nearby
    states fly apart (chaos).

    Parameters
    ----------
    processor : Network or DualNeuron
        The network to measure, in the state to start from.
    x : array_like, shape (inputs, samples)
        Input for the whole run, settling included.
    settle : int
        Samples run before measuring, so the transient from the start state is left out.
    perturbation : float
        Distance between the two states after each renormalisation (state units).
    renormalize_every : int
        Samples between renormalisations; short enough that the difference stays small.
    seed : int
        Seed of the perturbation's direction.

    Returns
    -------
    float
        Exponent in 1/s; ``-inf`` when the two copies merge exactly (a superstable state).
    """
    if not isinstance(processor, (Network, DualNeuron)):
        raise ValueError(f"processor: expected a Network or DualNeuron, got "
                         f"{type(processor).__name__}")
    inputs = processor.inputs
    block = as_block(x, inputs)
    n = block.shape[1]
    settle = int(settle)
    if not 0 <= settle < n:
        raise ValueError(f"settle: {settle} must be in [0, {n - 1}] (the input has {n} samples)")
    if renormalize_every < 1 or n - settle < renormalize_every:
        raise ValueError(f"renormalize_every: {renormalize_every} must be in [1, {n - settle}]")
    if not (math.isfinite(perturbation) and 0.0 < perturbation <= 1e-3):
        raise ValueError(f"perturbation: {perturbation!r} must be in (0, 1e-3]")
    main = processor.copy()
    if settle:
        main.process(block[:, :settle])
    other = main.copy()
    kernel_a, kernel_b = main._kernel, other._kernel
    delay = kernel_a.get_delay()

    rng = np.random.default_rng(seed)
    rows_b, _ = kernel_b.get_recent(delay)
    direction = rng.standard_normal((delay, processor.neurons))
    direction *= perturbation / np.sqrt(np.sum(direction ** 2))
    rows_b = rows_b + direction
    kernel_b.set_recent(rows_b, rows_b[-1])

    total = 0.0
    measured = 0
    at = settle
    while at + renormalize_every <= n:
        piece = np.ascontiguousarray(block[:, at:at + renormalize_every])
        main.process(piece)
        other.process(piece)
        at += renormalize_every
        measured += renormalize_every
        rows_a, _ = kernel_a.get_recent(delay)
        rows_b, _ = kernel_b.get_recent(delay)
        diff = rows_b - rows_a
        distance = float(np.sqrt(np.sum(diff ** 2)))
        if distance == 0.0:
            return float("-inf")
        total += math.log(distance / perturbation)
        rows_b = rows_a + diff * (perturbation / distance)
        kernel_b.set_recent(rows_b, rows_b[-1])
    return total / measured * processor.sample_rate
