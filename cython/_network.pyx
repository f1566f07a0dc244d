# A recurrent network of audio-rate neurons: input matrix, recurrent matrix through a delay,
# per-neuron bias, activation and one-pole output smoothing. The dual neuron is a preset of it.
cimport numpy as cnp
from libc.math cimport exp, M_PI
from libc.stdint cimport uint64_t

from nrdsp cimport (activate, approach, finite_or_zero, flush, noise_next, safe,
                    smoothing_coefficient)

import numpy as np

cnp.import_array()


cdef class NetworkKernel:
    """Per-sample core of :class:`nrcore.Network` and :class:`nrcore.DualNeuron`.

    Per sample ``t`` and neuron ``j`` (see ``nrcore.network`` for the equations)::

        s_j = b_j + sum_i W_ji x_i[t] + sum_k R_jk y_k[t - delay] + noise * r_j[t]
        y_j[t] = y_j[t-1] + c_j (act_j(s_j) - y_j[t-1])

    All signal state lives here between blocks.
    """

    cdef public int n_neurons
    cdef public int n_inputs
    cdef public double response
    cdef int[::1] activation
    cdef double[:, ::1] weight_target, weight_now          # (neurons, inputs)
    cdef double[:, ::1] recurrent_target, recurrent_now    # (neurons, neurons)
    cdef double[::1] bias_target, bias_now
    cdef double noise_target, noise_now
    cdef double param_coef       # one-pole coefficient of parameter smoothing
    cdef double[::1] output_coef # one-pole coefficient of each neuron's output (1 = off)
    cdef double[::1] y           # each neuron's (smoothed) output at the previous sample
    cdef double[::1] x_now       # this sample's cleaned inputs (scratch)
    cdef double[::1] y_next      # this sample's new outputs (scratch)
    cdef double[:, ::1] history  # ring of past outputs, (size, neurons), size a power of two
    cdef Py_ssize_t history_mask, history_write, delay
    # True while any smoothed parameter may still differ from its target; the smoothing loop is
    # skipped otherwise, which changes no sample: approach() of a settled value returns it.
    cdef bint moving
    cdef uint64_t rng
    cdef uint64_t seed

    def __init__(self, int n_neurons, int n_inputs):
        if n_neurons < 1 or n_inputs < 0:
            raise ValueError(f"NetworkKernel: needs >= 1 neuron and >= 0 inputs, "
                             f"got {n_neurons} and {n_inputs}")
        self.n_neurons = n_neurons
        self.n_inputs = n_inputs
        self.activation = np.ones(n_neurons, dtype=np.intc)
        self.response = 0.5
        self.weight_target = np.zeros((n_neurons, n_inputs))
        self.weight_now = np.zeros((n_neurons, n_inputs))
        self.recurrent_target = np.zeros((n_neurons, n_neurons))
        self.recurrent_now = np.zeros((n_neurons, n_neurons))
        self.bias_target = np.zeros(n_neurons)
        self.bias_now = np.zeros(n_neurons)
        self.output_coef = np.ones(n_neurons)
        self.y = np.zeros(n_neurons)
        self.x_now = np.zeros(max(n_inputs, 1))
        self.y_next = np.zeros(n_neurons)
        self.history = np.zeros((1, n_neurons))
        self.history_mask = 0
        self.delay = 1
        self.param_coef = 1.0
        self.seed = 1
        self.reset()

    # -- parameter setters (called from Python between blocks) ------------------------------
    def set_weights(self, double[:, ::1] weights):
        self.weight_target[:, :] = weights
        self.moving = True

    def set_recurrent(self, double[:, ::1] recurrent):
        self.recurrent_target[:, :] = recurrent
        self.moving = True

    def set_bias(self, double[::1] bias):
        self.bias_target[:] = bias
        self.moving = True

    def set_noise(self, double value):
        self.noise_target = value
        self.moving = True

    def set_activations(self, int[::1] ids):
        self.activation[:] = ids

    def get_activations(self):
        return np.array(self.activation)

    def set_param_smoothing(self, double time_s, double sample_rate):
        self.param_coef = smoothing_coefficient(time_s, sample_rate)

    def set_output_cutoff(self, double[::1] cutoff_hz, double sample_rate):
        """Per-neuron one-pole coefficient; a cutoff of 0 Hz means no smoothing."""
        cdef Py_ssize_t j
        for j in range(self.n_neurons):
            if cutoff_hz[j] <= 0.0:
                self.output_coef[j] = 1.0
            else:
                self.output_coef[j] = 1.0 - exp(-2.0 * M_PI * cutoff_hz[j] / sample_rate)

    def set_delay(self, Py_ssize_t delay):
        """Recurrent delay in samples (>= 1). Grows the ring to a power of two, keeping its
        contents (oldest first), so changing the delay while playing does not drop the loop."""
        cdef Py_ssize_t size = self.history_mask + 1
        cdef Py_ssize_t new_size, i
        if delay < 1:
            raise ValueError(f"delay: {delay} must be >= 1 samples")
        if delay > size:
            new_size = 1
            while new_size < delay:
                new_size <<= 1
            grown = np.zeros((new_size, self.n_neurons))
            for i in range(size):
                grown[new_size - size + i, :] = self.history[
                    (self.history_write + i) & self.history_mask, :]
            self.history = grown
            self.history_mask = new_size - 1
            self.history_write = 0
        self.delay = delay

    def set_seed(self, uint64_t seed):
        self.seed = seed
        self.rng = seed * <uint64_t>0x9E3779B97F4A7C15ULL + 1

    def snap(self):
        """Jump smoothed parameters to their targets (at construction and reset)."""
        self.weight_now[:, :] = self.weight_target
        self.recurrent_now[:, :] = self.recurrent_target
        self.bias_now[:] = self.bias_target
        self.noise_now = self.noise_target
        self.moving = True

    def reset(self):
        self.history[:, :] = 0.0
        self.history_write = 0
        self.y[:] = 0.0
        self.set_seed(self.seed)
        self.snap()

    # -- state ----------------------------------------------------------------------------
    def get_state(self):
        return {
            "weight_now": np.array(self.weight_now),
            "recurrent_now": np.array(self.recurrent_now),
            "bias_now": np.array(self.bias_now),
            "noise_now": np.array([self.noise_now]),
            "y": np.array(self.y),
            "history": np.array(self.history),
            "history_write": np.array([self.history_write], dtype=np.int64),
            "rng": np.array([self.rng], dtype=np.uint64),
        }

    def set_state(self, state):
        n, m = self.n_neurons, self.n_inputs
        shapes = {"weight_now": (n, m), "recurrent_now": (n, n), "bias_now": (n,),
                  "noise_now": (1,), "y": (n,)}
        arrays = {}
        for key, shape in shapes.items():
            arrays[key] = np.asarray(state[key], dtype=np.float64)
            if arrays[key].shape != shape:
                raise ValueError(f"state: {key} has shape {arrays[key].shape}, expected {shape}")
        history = np.asarray(state["history"], dtype=np.float64)
        size = history.shape[0]
        if history.ndim != 2 or history.shape[1] != n:
            raise ValueError(f"state: history has shape {history.shape}, expected (size, {n})")
        if size < self.delay or size & (size - 1):
            raise ValueError(f"state: history length {size} must be a power of two "
                             f">= the delay {self.delay}")
        # fresh contiguous copies: the kernel never aliases the caller's arrays
        self.weight_now = np.ascontiguousarray(arrays["weight_now"]).copy()
        self.recurrent_now = np.ascontiguousarray(arrays["recurrent_now"]).copy()
        self.bias_now = arrays["bias_now"].copy()
        self.noise_now = float(arrays["noise_now"][0])
        self.y = arrays["y"].copy()
        self.history = np.ascontiguousarray(history).copy()
        self.history_mask = size - 1
        self.history_write = int(state["history_write"][0]) & self.history_mask
        self.rng = int(state["rng"][0])
        self.moving = True

    def get_delay(self):
        return self.delay

    # -- processing -----------------------------------------------------------------------
    cdef inline void _smooth_parameters(self) noexcept nogil:
        """One step of every parameter ramp; clears ``moving`` once all have arrived."""
        cdef Py_ssize_t j, k
        cdef bint moving = False
        cdef double now
        for j in range(self.n_neurons):
            now = approach(self.bias_now[j], self.bias_target[j], self.param_coef)
            self.bias_now[j] = now
            moving = moving or now != self.bias_target[j]
            for k in range(self.n_inputs):
                now = approach(self.weight_now[j, k], self.weight_target[j, k], self.param_coef)
                self.weight_now[j, k] = now
                moving = moving or now != self.weight_target[j, k]
            for k in range(self.n_neurons):
                now = approach(self.recurrent_now[j, k], self.recurrent_target[j, k],
                               self.param_coef)
                self.recurrent_now[j, k] = now
                moving = moving or now != self.recurrent_target[j, k]
        self.noise_now = approach(self.noise_now, self.noise_target, self.param_coef)
        self.moving = moving or self.noise_now != self.noise_target

    def process(self, const float[:, ::1] x, float[:, ::1] out):
        """Render ``x.shape[1]`` samples; ``x`` is (inputs, n), ``out`` is (neurons, n)."""
        cdef Py_ssize_t n = x.shape[1]
        cdef Py_ssize_t n_neurons = self.n_neurons
        cdef Py_ssize_t n_inputs = self.n_inputs
        cdef Py_ssize_t t, i, j, k, row
        cdef double s, a, y_prev
        if x.shape[0] != n_inputs or out.shape[0] != n_neurons or out.shape[1] < n:
            raise ValueError(f"process: expected x ({n_inputs}, n) and out ({n_neurons}, n), "
                             f"got {tuple(x.shape)[:2]} and {tuple(out.shape)[:2]}")
        with nogil:
            for t in range(n):
                if self.moving:
                    self._smooth_parameters()
                for i in range(n_inputs):
                    self.x_now[i] = finite_or_zero(x[i, t])
                row = (self.history_write - self.delay) & self.history_mask
                for j in range(n_neurons):
                    s = self.bias_now[j]
                    for i in range(n_inputs):
                        s += self.weight_now[j, i] * self.x_now[i]
                    for k in range(n_neurons):
                        s += self.recurrent_now[j, k] * self.history[row, k]
                    # The generator advances every sample so the noise stream does not depend
                    # on when the noise amount is turned up.
                    s += self.noise_now * noise_next(&self.rng)
                    a = activate(self.activation[j], safe(s), self.response)
                    y_prev = self.y[j]
                    self.y_next[j] = flush(safe(y_prev + self.output_coef[j] * (a - y_prev)))
                # Every neuron reads the previous outputs, so the new ones are written only now.
                for j in range(n_neurons):
                    self.y[j] = self.y_next[j]
                    self.history[self.history_write, j] = self.y_next[j]
                    out[j, t] = <float>self.y_next[j]
                self.history_write = (self.history_write + 1) & self.history_mask
