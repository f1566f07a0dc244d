"""A control-rate multilayer perceptron for data-driven instruments, trainable by example.

The network maps a frame of control values (a mouse position, joystick axes, sensor readings)
to a frame of outputs (pitch, velocity, a CC, synth parameters), one frame at a time. With
``feedback`` above 0 the previous frame's outputs are fed back into the first layer, which gives
a fixed input a life of its own: the "not random, but not linear either" character of the seed
video. Weights are seeded random, given, or trained from examples in the manner of Wekinator
and FluCoMa: ``add_example(x, y)`` a few times, ``fit()``, play. Models are saved as JSON.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from nrcore._ann import MLPKernel
from nrcore.activations import ACTIVATIONS, activation_id
from nrcore.params import Param
from nrcore.processor import Processor, as_block

MAX_UNITS = 1024
FORMAT = "nrcore.mlp"
FORMAT_VERSION = 1


# -- numpy activations for training (the kernel uses nrdsp.pxd; these follow the same formulas) --
def activate_array(name: str, x: np.ndarray, response: float = 0.5) -> np.ndarray:
    """The activation ``name`` applied elementwise to a float64 array.

    Parameters
    ----------
    name : str
        One of :data:`nrcore.activations.ACTIVATIONS` (an unknown name is the identity).
    x : numpy.ndarray
        Pre-activations.
    response : float
        Comparator spike level of ``nlc``.

    Returns
    -------
    numpy.ndarray
        ``f(x)``, same shape.
    """
    out: np.ndarray
    if name == "tanh":
        out = np.tanh(x)
    elif name == "sigmoid":
        with np.errstate(over="ignore"):
            out = 1.0 / (1.0 + np.exp(-x))
    elif name == "relu":
        out = np.where(x > 0.0, x, 0.0)
    elif name == "hardclip":
        out = np.clip(x, -1.0, 1.0)
    elif name == "softclip":
        out = x / (1.0 + np.abs(x))
    elif name == "sinefold":
        out = np.sin(x)
    elif name == "nlc":
        rect = np.clip(x, 0.0, 1.0)
        out = np.where(rect > 0.0, rect - response, response)
    else:
        out = x.copy()
    return out


def activation_slope_array(name: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """d activation / dx at pre-activations ``x`` with outputs ``y``.

    Parameters
    ----------
    name : str
        One of :data:`nrcore.activations.ACTIVATIONS`.
    x : numpy.ndarray
        Pre-activations.
    y : numpy.ndarray
        ``activate_array(name, x)``.

    Returns
    -------
    numpy.ndarray
        The slope, same shape (one-sided at kinks, as the kernels).
    """
    out: np.ndarray
    if name == "tanh":
        out = 1.0 - y * y
    elif name == "sigmoid":
        out = y * (1.0 - y)
    elif name == "relu":  # right-hand slope at the kink, as the kernels (nrdsp.pxd)
        out = (x >= 0.0).astype(np.float64)
    elif name == "hardclip":
        out = ((x > -1.0) & (x < 1.0)).astype(np.float64)
    elif name == "softclip":
        out = 1.0 / ((1.0 + np.abs(x)) * (1.0 + np.abs(x)))
    elif name == "sinefold":
        out = np.cos(x)
    elif name == "nlc":
        # the comparator's step has no gradient; the rectifier has slope 1 inside its range
        out = ((x >= 0.0) & (x < 1.0)).astype(np.float64)
    else:
        out = np.ones_like(x)
    return out


def _clip_safe(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.clip(np.nan_to_num(x, nan=0.0, posinf=1.0e4, neginf=-1.0e4), -1.0e4, 1.0e4)
    return out


class MLP(Processor):
    """A multilayer perceptron evaluated one control frame at a time, with output feedback.

    For each frame ``t``, with ``x[t]`` the inputs (non-finite values count as 0) and
    ``y[t-1]`` the previous frame's outputs (0 after ``reset``)::

        h_0 = [x[t], feedback * y[t-1]]                      (inputs + outputs values)
        h_l = f_l(W_l h_{l-1} + b_l)        for l = 1 .. L   (pre-activations clamped to +-1e4)
        y[t] = h_L

    ``f_l`` is ``activation`` for the hidden layers and ``output_activation`` for the last.
    ``W_1`` has a column for every input and for every output: the feedback columns. With
    ``feedback = 0`` (the default) the network is a plain feed-forward mapping. Every ``h_l`` is
    clamped to +-1e4, and ``y`` (output and fed back) is flushed to 0 below 1e-30.

    Weights start seeded random (uniform, Glorot-scaled by ``weight_scale``) or are given. The
    network is trained by example with :meth:`add_example` and :meth:`fit` (full-batch Adam or
    plain gradient descent on the mean squared error, the feedback inputs held at 0 while
    training), and saved and loaded as JSON with :meth:`save` / :meth:`load`.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``(inputs, hidden..., outputs)``; at least two entries, each 1..1024.
    seed : int
        Seed of the random initial weights.
    weight_scale : float
        Multiplies the random weights' range; above 1 the untrained mapping is wilder.
    weights : sequence of (matrix, bias) pairs, optional
        Given weights, one pair per layer (see :meth:`set_weights`), instead of random ones.
    sample_rate : float
        Control frames per second. The network itself does not depend on it; it is the frame
        rate hosts schedule ``process`` at.
    **params
        Any parameter in :attr:`PARAMS`.

    Examples
    --------
    >>> import nrcore
    >>> mlp = nrcore.MLP(sizes=(2, 8, 3), seed=4, feedback=0.5)
    >>> mlp.add_example([0.0, 0.0], [0.2, 0.5, 0.1])
    >>> mlp.add_example([1.0, 1.0], [0.9, 0.8, 0.7])
    >>> losses = mlp.fit(epochs=500)
    >>> frame = mlp.process_frame([0.3, 0.7])            # three values in (0, 1)
    """

    name = "ann"
    audio_rate = False
    PARAMS = (
        Param("activation", "tanh", "Nonlinearity of the hidden layers (one name, or one per "
              "hidden layer)", kind="choice", choices=ACTIVATIONS, per_element=True),
        Param("output_activation", "sigmoid", "Nonlinearity of the output layer (sigmoid: "
              "outputs in 0..1, ready for MIDI)", kind="choice", choices=ACTIVATIONS),
        Param("response", 0.5, "Comparator spike level of the 'nlc' activation",
              minimum=0.0, maximum=1.0, step=0.01),
        Param("feedback", 0.0, "Gain of the previous outputs fed back into the first layer "
              "(0 = a plain mapping)", minimum=-10.0, maximum=10.0, step=0.01),
    )

    def __init__(self, sizes: Sequence[int] = (2, 8, 3), *, seed: int = 1,
                 weight_scale: float = 1.0, weights: Any = None, sample_rate: float = 100.0,
                 **params: Any) -> None:
        super().__init__(sample_rate)
        try:
            layer_sizes = [int(s) for s in sizes]
            exact = all(int(s) == s and not isinstance(s, bool) for s in sizes)
        except (TypeError, ValueError):
            raise ValueError(f"sizes: {sizes!r} is not a sequence of integers") from None
        if not exact or len(layer_sizes) < 2 or not all(1 <= s <= MAX_UNITS for s in layer_sizes):
            raise ValueError(f"sizes: {sizes!r} must be >= 2 integers (inputs, hidden..., "
                             f"outputs), each in [1, {MAX_UNITS}]")
        self.sizes = tuple(layer_sizes)
        self.inputs = layer_sizes[0]
        self.n_outputs = layer_sizes[-1]
        self.outputs = tuple(f"y{j}" for j in range(self.n_outputs))
        self._kernel = MLPKernel([self.inputs + self.n_outputs] + layer_sizes[1:])
        self._examples_x: list[np.ndarray] = []
        self._examples_y: list[np.ndarray] = []
        self.seed = 0
        self.weight_scale = 1.0
        self._init_params(params)
        if weights is None:
            self.randomize(seed, weight_scale)
        else:
            self.seed = self._check_seed(seed)
            self.weight_scale = self._check_scale(weight_scale)
            self.set_weights(weights)

    @property
    def input_count(self) -> int:
        return self.inputs

    # -- parameters -----------------------------------------------------------------------
    @property
    def hidden_layers(self) -> int:
        """Number of hidden layers (``len(sizes) - 2``)."""
        return len(self.sizes) - 2

    def _check(self, param: Param, value: Any) -> Any:
        if param.name == "activation" and not isinstance(value, str):
            if len(value) == 1:
                return value[0]
            if len(value) != self.hidden_layers:
                raise ValueError(f"activation: expected one name or {self.hidden_layers} names "
                                 f"(one per hidden layer), got {len(value)}")
        return value

    def layer_activations(self) -> list[str]:
        """The activation name of every layer, hidden layers first, the output layer last."""
        hidden = self._values["activation"]
        names = [hidden] * self.hidden_layers if isinstance(hidden, str) else list(hidden)
        return names + [self._values["output_activation"]]

    def _apply(self, name: str, value: Any) -> None:
        k = self._kernel
        if name in ("activation", "output_activation"):
            if "activation" in self._values and "output_activation" in self._values:
                ids = [activation_id(n) for n in self.layer_activations()]
                k.set_activations(np.array(ids, dtype=np.intc))
        elif name == "response":
            k.response = value
        elif name == "feedback":
            k.feedback = value

    # -- weights --------------------------------------------------------------------------
    @staticmethod
    def _check_seed(seed: Any) -> int:
        if isinstance(seed, bool) or int(seed) != seed or not 0 <= seed <= 2**32 - 1:
            raise ValueError(f"seed: {seed!r} must be an integer in [0, 4294967295]")
        return int(seed)

    @staticmethod
    def _check_scale(scale: Any) -> float:
        value = float(scale)
        if not (math.isfinite(value) and 0.0 <= value <= 100.0):
            raise ValueError(f"weight_scale: {value!r} must be in [0, 100]")
        return value

    def _shapes(self) -> list[tuple[int, int]]:
        wide = [self.inputs + self.n_outputs] + list(self.sizes[1:])
        return [(wide[l + 1], wide[l]) for l in range(len(wide) - 1)]

    def randomize(self, seed: int | None = None, weight_scale: float | None = None) -> None:
        """New random weights: layer ``l`` uniform in ``+-weight_scale * sqrt(6 / (fan_in +
        fan_out))`` (feedback columns included), biases 0. The same seed gives the same weights
        on every machine (numpy's PCG64).

        Parameters
        ----------
        seed : int, optional
            New seed in [0, 2**32 - 1]; the current one (:attr:`seed`) when omitted.
        weight_scale : float, optional
            New scale in [0, 100]; the current one when omitted.
        """
        if seed is not None:
            self.seed = self._check_seed(seed)
        if weight_scale is not None:
            self.weight_scale = self._check_scale(weight_scale)
        rng = np.random.default_rng(self.seed)
        layers = []
        for rows, cols in self._shapes():
            limit = self.weight_scale * math.sqrt(6.0 / (rows + cols))
            layers.append((rng.uniform(-limit, limit, (rows, cols)), np.zeros(rows)))
        self.set_weights(layers)

    def set_weights(self, layers: Any) -> None:
        """Set every layer's weight matrix and bias.

        Parameters
        ----------
        layers : sequence of (matrix, bias)
            One pair per layer: matrix ``(units, units of the layer before)`` and bias
            ``(units,)``. The first matrix may have ``inputs`` columns (the feedback columns
            are then 0) or ``inputs + outputs`` columns (the last ``outputs`` take the fed-back
            outputs). Values must be finite and within +-1e4.
        """
        shapes = self._shapes()
        try:
            pairs = [(w, b) for w, b in layers]
        except (TypeError, ValueError):
            raise ValueError("weights: expected a sequence of (matrix, bias) pairs") from None
        if len(pairs) != len(shapes):
            raise ValueError(f"weights: expected {len(shapes)} (matrix, bias) pairs, one per "
                             f"layer, got {len(pairs)}")
        flat = []
        for l, ((w, b), (rows, cols)) in enumerate(zip(pairs, shapes)):
            w = np.array(w, dtype=np.float64, ndmin=2)
            b = np.array(b, dtype=np.float64, ndmin=1)
            if l == 0 and w.shape == (rows, self.inputs):
                w = np.concatenate([w, np.zeros((rows, self.n_outputs))], axis=1)
            if w.shape != (rows, cols):
                want = f"({rows}, {cols})"
                if l == 0:
                    want = f"({rows}, {self.inputs}) or ({rows}, {cols}) with feedback columns"
                raise ValueError(f"weights: layer {l} matrix has shape {w.shape}, expected {want}")
            if b.shape != (rows,):
                raise ValueError(f"weights: layer {l} bias has shape {b.shape}, expected ({rows},)")
            for name, arr in (("matrix", w), ("bias", b)):
                if not np.all(np.isfinite(arr)) or np.abs(arr).max(initial=0.0) > 1.0e4:
                    raise ValueError(f"weights: layer {l} {name} must be finite and within "
                                     f"[-1e4, 1e4]")
            flat += [w.ravel(), b]
        self._kernel.set_params(np.ascontiguousarray(np.concatenate(flat)))

    def get_weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of every layer's (matrix, bias); the first matrix includes the feedback
        columns."""
        flat = self._kernel.get_params()
        layers, at = [], 0
        for rows, cols in self._shapes():
            w = flat[at:at + rows * cols].reshape(rows, cols)
            at += rows * cols
            layers.append((w.copy(), flat[at:at + rows].copy()))
            at += rows
        return layers

    # -- processing -----------------------------------------------------------------------
    def process(self, x: Any, *args: Any, sample_rate: float | None = None) -> np.ndarray:
        """Compute frames in order, keeping the feedback state between calls.

        Parameters
        ----------
        x : array_like, shape (inputs, frames)
            Input frames (float32; a 1-D array of frames when there is one input).
        *args : Any
            Refused with a TypeError: the frame rate goes by keyword.
        sample_rate : float, optional
            Frame rate in Hz; when it differs, :attr:`sample_rate` is set to it first.

        Returns
        -------
        numpy.ndarray, shape (outputs, frames), float32
        """
        if args or sample_rate is not None:
            self._check_call(args, sample_rate)
        block = as_block(x, self.inputs, audio=False)
        out = np.empty((self.n_outputs, block.shape[1]), dtype=np.float32)
        self._kernel.process(block, out)
        return out

    def process_frame(self, values: Sequence[float]) -> np.ndarray:
        """One frame: ``inputs`` values in, ``outputs`` values out (1-D arrays).

        Parameters
        ----------
        values : sequence of float
            ``inputs`` values.

        Returns
        -------
        numpy.ndarray, shape (outputs,), float32
        """
        frame = np.asarray(values, dtype=np.float32).reshape(-1)
        if frame.shape[0] != self.inputs:
            raise ValueError(f"values: expected {self.inputs} values, got {frame.shape[0]}")
        return self.process(frame[:, np.newaxis])[:, 0]

    def reset(self) -> None:
        """Forget the previous outputs (the feedback state); weights and examples stay."""
        self._kernel.reset()

    def _kernel_state(self) -> dict[str, np.ndarray]:
        state = dict(self._kernel.get_state())
        state["weights"] = self._kernel.get_params()
        return state

    def _set_kernel_state(self, state: Mapping[str, np.ndarray]) -> None:
        if "weights" in state:
            flat = np.ascontiguousarray(state["weights"], dtype=np.float64)
            if flat.shape != (self._kernel.parameter_count(),):
                raise ValueError(f"state: weights has shape {flat.shape}, expected "
                                 f"({self._kernel.parameter_count()},)")
            self._kernel.set_params(flat)
        self._kernel.set_state(state)

    def _extra_state(self) -> dict[str, Any]:
        """What copies and pickles keep beyond parameters and weights: the training examples
        and the seed and scale of the last :meth:`randomize`."""
        xs, ys = self.examples
        return {"examples_x": xs, "examples_y": ys, "seed": self.seed,
                "weight_scale": self.weight_scale}

    def _set_extra_state(self, state: Mapping[str, Any]) -> None:
        self.seed = self._check_seed(state["seed"])
        self.weight_scale = self._check_scale(state["weight_scale"])
        self.clear_examples()
        for x, y in zip(state["examples_x"], state["examples_y"]):
            self.add_example(x, y)

    # -- training by example ----------------------------------------------------------------
    def add_example(self, x: Sequence[float], y: Sequence[float]) -> None:
        """Record one example: ``inputs`` values and the ``outputs`` values they should give.

        Parameters
        ----------
        x : sequence of float
            ``inputs`` input values (finite).
        y : sequence of float
            ``outputs`` target values (finite).
        """
        xv = np.asarray(x, dtype=np.float64).reshape(-1)
        yv = np.asarray(y, dtype=np.float64).reshape(-1)
        if xv.shape != (self.inputs,):
            raise ValueError(f"x: expected {self.inputs} input values, got {xv.size}")
        if yv.shape != (self.n_outputs,):
            raise ValueError(f"y: expected {self.n_outputs} output values, got {yv.size}")
        if not (np.all(np.isfinite(xv)) and np.all(np.isfinite(yv))):
            raise ValueError("add_example: x and y must be finite numbers")
        self._examples_x.append(xv)
        self._examples_y.append(yv)

    def clear_examples(self) -> None:
        """Forget every recorded example."""
        self._examples_x.clear()
        self._examples_y.clear()

    @property
    def examples(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the recorded examples: inputs ``(count, inputs)``, outputs
        ``(count, outputs)``."""
        if not self._examples_x:
            return np.zeros((0, self.inputs)), np.zeros((0, self.n_outputs))
        return np.array(self._examples_x), np.array(self._examples_y)

    def loss(self) -> float:
        """Mean squared error of the current weights on the examples (feedback inputs at 0)."""
        xs, ys = self.examples
        if not len(xs):
            raise ValueError("loss: no examples; add some with add_example(x, y)")
        layers = self.get_weights()
        return float(np.mean((self._forward(layers, xs)[-1][1] - ys) ** 2))

    def _forward(self, layers: list[tuple[np.ndarray, np.ndarray]], xs: np.ndarray
                 ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per layer (pre-activation, activation) for a batch, feedback inputs at 0."""
        names = self.layer_activations()
        response = self._values["response"]
        h = xs
        trace: list[tuple[np.ndarray, np.ndarray]] = []
        for l, (w, b) in enumerate(layers):
            if l == 0:
                w = w[:, :self.inputs]
            s = _clip_safe(h @ w.T + b)
            h = _clip_safe(activate_array(names[l], s, response))
            trace.append((s, h))
        return trace

    def fit(self, epochs: int = 1000, learning_rate: float = 0.01, optimizer: str = "adam",
            batch_size: int | None = None, seed: int = 0) -> np.ndarray:
        """Train on the recorded examples by gradient descent on the mean squared error.

        Starts from the current weights (call :meth:`randomize` to start afresh). The feedback
        inputs are held at 0 while training, so the network learns the plain mapping and
        ``feedback`` then bends it while playing. Every weight is clamped to +-1e4 after each
        step and pre-activations to +-1e4, so even a far too large ``learning_rate`` leaves
        finite (if useless) weights: watch the returned losses. Not real-time: plain numpy.

        Parameters
        ----------
        epochs : int
            Passes over the examples (1..1,000,000).
        learning_rate : float
            Step size, in (0, 10].
        optimizer : str
            ``"adam"`` (default; beta1 0.9, beta2 0.999, eps 1e-8) or ``"sgd"``.
        batch_size : int, optional
            Examples per step; all of them (full batch) by default. Batches are drawn in a
            shuffled order seeded by ``seed``.
        seed : int
            Seed of the batch order.

        Returns
        -------
        numpy.ndarray
            The loss (mean squared error over all examples) before each epoch's updates,
            followed by the final loss: ``epochs + 1`` values.
        """
        if isinstance(epochs, bool) or int(epochs) != epochs or not 1 <= epochs <= 1_000_000:
            raise ValueError(f"epochs: {epochs!r} must be an integer in [1, 1000000]")
        learning_rate = float(learning_rate)
        if not (math.isfinite(learning_rate) and 0.0 < learning_rate <= 10.0):
            raise ValueError(f"learning_rate: {learning_rate!r} must be in (0, 10]")
        if optimizer not in ("adam", "sgd"):
            raise ValueError(f"optimizer: {optimizer!r} is not one of adam, sgd")
        xs, ys = self.examples
        count = len(xs)
        if count == 0:
            raise ValueError("fit: no examples; add some with add_example(x, y)")
        if batch_size is None:
            batch_size = count
        if isinstance(batch_size, bool) or int(batch_size) != batch_size or batch_size < 1:
            raise ValueError(f"batch_size: {batch_size!r} must be a positive integer")
        batch_size = min(int(batch_size), count)
        names = self.layer_activations()
        layers = [(w.copy(), b.copy()) for w, b in self.get_weights()]
        # Only the first ``inputs`` columns of layer 0 see data while training.
        params = [layers[0][0][:, :self.inputs]] + [w for w, _ in layers[1:]]
        params = [p.copy() for p in params]
        biases = [b for _, b in layers]
        moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params + biases]
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        rng = np.random.default_rng(seed)
        history = np.empty(int(epochs) + 1)
        step = 0

        def forward(batch_x: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
            h = batch_x
            trace = [(h, h)]       # the input layer has no pre-activation: never read
            for l in range(len(params)):
                s = _clip_safe(h @ params[l].T + biases[l])
                h = _clip_safe(activate_array(names[l], s, self._values["response"]))
                trace.append((s, h))
            return trace

        for epoch in range(int(epochs)):
            history[epoch] = np.mean((forward(xs)[-1][1] - ys) ** 2)
            order = rng.permutation(count) if batch_size < count else np.arange(count)
            for start in range(0, count, batch_size):
                pick = order[start:start + batch_size]
                trace = forward(xs[pick])
                # d(mean squared error)/d(output), averaged over the batch and the outputs
                grad_h = 2.0 * (trace[-1][1] - ys[pick]) / (len(pick) * self.n_outputs)
                grads_w: list[np.ndarray] = [np.zeros(0)] * len(params)
                grads_b: list[np.ndarray] = [np.zeros(0)] * len(params)
                for l in range(len(params) - 1, -1, -1):
                    s, h = trace[l + 1]
                    grad_s = grad_h * activation_slope_array(names[l], s, h)
                    grads_w[l] = grad_s.T @ trace[l][1]
                    grads_b[l] = grad_s.sum(axis=0)
                    grad_h = grad_s @ params[l]
                step += 1
                for i, (p, g) in enumerate(zip(params + biases, grads_w + grads_b)):
                    if optimizer == "sgd":
                        p -= learning_rate * g
                    else:
                        m, v = moments[i]
                        m *= beta1
                        m += (1.0 - beta1) * g
                        v *= beta2
                        v += (1.0 - beta2) * g * g
                        m_hat = m / (1.0 - beta1 ** step)
                        v_hat = v / (1.0 - beta2 ** step)
                        p -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)
                    np.clip(p, -1.0e4, 1.0e4, out=p)
        history[-1] = np.mean((forward(xs)[-1][1] - ys) ** 2)
        first = np.concatenate([params[0], layers[0][0][:, self.inputs:]], axis=1)
        self.set_weights([(first, biases[0])] + list(zip(params[1:], biases[1:])))
        return history

    # -- files ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Everything needed to rebuild this network exactly, as JSON-ready Python values."""
        xs, ys = self.examples
        params = {}
        for p in self.PARAMS:
            value = self._values[p.name]
            params[p.name] = list(value) if isinstance(value, tuple) else value
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "sizes": list(self.sizes),
            "seed": self.seed,
            "weight_scale": self.weight_scale,
            "sample_rate": self.sample_rate,
            "params": params,
            "layers": [{"weights": w.tolist(), "bias": b.tolist()} for w, b in self.get_weights()],
            "examples": {"inputs": xs.tolist(), "outputs": ys.tolist()},
            "state": {"previous_outputs": self._kernel.get_state()["previous"].tolist()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "MLP":
        """Rebuild a network from :meth:`to_dict`'s values (a parsed JSON model).

        Parameters
        ----------
        data : mapping
            ``format``, ``version``, ``sizes``, ``layers`` and optionally ``seed``,
            ``weight_scale``, ``sample_rate``, ``params``, ``examples``, ``state``.

        Returns
        -------
        MLP
            The network, its examples and feedback state restored.

        Raises
        ------
        ValueError
            For another format or version, or malformed fields.
        """
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise ValueError(f"model: not an {FORMAT} model (the 'format' field is missing or "
                             f"different)")
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"model: version {data.get('version')!r} is not supported "
                             f"(expected {FORMAT_VERSION})")
        try:
            layers = [(layer["weights"], layer["bias"]) for layer in data["layers"]]
            mlp = cls(sizes=data["sizes"], seed=data.get("seed", 0),
                      weight_scale=data.get("weight_scale", 1.0), weights=layers,
                      sample_rate=data.get("sample_rate", 100.0), **data.get("params", {}))
            examples = data.get("examples", {})
            for x, y in zip(examples.get("inputs", []), examples.get("outputs", [])):
                mlp.add_example(x, y)
            previous = data.get("state", {}).get("previous_outputs")
        except (KeyError, TypeError) as err:
            raise ValueError(f"model: malformed ({err!r})") from None
        if previous is not None:
            mlp._kernel.set_state({"previous": previous})
        return mlp

    def save(self, path: str | Path) -> Path:
        """Write the model (sizes, parameters, weights, examples, feedback state) as JSON.

        Floats are written with Python's shortest round-trip repr, so :meth:`load` restores
        every weight bit for bit.

        Parameters
        ----------
        path : str or Path
            The JSON file to write.

        Returns
        -------
        Path
            ``path``.
        """
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), allow_nan=False, indent=1) + "\n")
        return path

    @classmethod
    def load(cls, path: str | Path) -> "MLP":
        """Read a model written by :meth:`save` (plain JSON; never unpickles anything).

        Parameters
        ----------
        path : str or Path
            The JSON file.

        Returns
        -------
        MLP
            The network.
        """
        try:
            data = json.loads(Path(path).read_text())
        except json.JSONDecodeError as err:
            raise ValueError(f"model: {path} is not valid JSON ({err})") from None
        return cls.from_dict(data)
