# A recurrent network of audio-rate neurons: input matrix, recurrent matrix through a delay,
# per-neuron bias, activation and one-pole output smoothing. The dual neuron is a preset of it.
cimport numpy as cnp
from libc.math cimport exp, M_PI
from libc.stdint cimport uint64_t

from nrdsp cimport (activate, approach, finite_or_zero, flush, noise_next, safe,
                    smoothing_coefficient)

import numpy as np

cnp.import_array()


cdef _transpose_into(const double[:, ::1] src, double[:, ::1] dst):
    """dst = src.T, for the kernel's transposed matrices; shapes must match exactly."""
    cdef Py_ssize_t i, j
    if src.shape[0] != dst.shape[1] or src.shape[1] != dst.shape[0]:
        raise ValueError(f"expected a ({dst.shape[1]}, {dst.shape[0]}) matrix, "
                         f"got {tuple(src.shape)[:2]}")
    for i in range(src.shape[0]):
        for j in range(src.shape[1]):
            dst[j, i] = src[i, j]


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
    # The matrices are held transposed, W^T (inputs, neurons) and R^T (neurons, neurons), so
    # the weights that one input or fed-back output meets in neighbouring neurons are
    # neighbours in memory: the sample loop sums two neurons at once from one (vector) load,
    # each neuron still adding its terms in the reference order. get_state and set_state
    # speak W and R.
    cdef double[:, ::1] weight_target, weight_now
    cdef double[:, ::1] recurrent_target, recurrent_now
    cdef double[::1] bias_target, bias_now
    cdef double noise_target, noise_now
    cdef double param_coef       # one-pole coefficient of parameter smoothing
    cdef double[::1] output_coef # one-pole coefficient of each neuron's output (1 = off)
    cdef double[::1] y           # each neuron's (smoothed) output at the previous sample
    cdef double[::1] s_now       # this sample's pre-activations (scratch)
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
        self.weight_target = np.zeros((n_inputs, n_neurons))
        self.weight_now = np.zeros((n_inputs, n_neurons))
        self.recurrent_target = np.zeros((n_neurons, n_neurons))
        self.recurrent_now = np.zeros((n_neurons, n_neurons))
        self.bias_target = np.zeros(n_neurons)
        self.bias_now = np.zeros(n_neurons)
        self.output_coef = np.ones(n_neurons)
        self.y = np.zeros(n_neurons)
        self.s_now = np.zeros(n_neurons)
        self.history = np.zeros((1, n_neurons))
        self.history_mask = 0
        self.delay = 1
        self.param_coef = 1.0
        self.seed = 1
        self.reset()

    # -- parameter setters (called from Python between blocks) ------------------------------
    def set_weights(self, double[:, ::1] weights):
        _transpose_into(weights, self.weight_target)
        self.moving = True

    def set_recurrent(self, double[:, ::1] recurrent):
        _transpose_into(recurrent, self.recurrent_target)
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
            "weight_now": np.array(np.asarray(self.weight_now).T, order="C"),
            "recurrent_now": np.array(np.asarray(self.recurrent_now).T, order="C"),
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
        self.weight_now = np.array(arrays["weight_now"].T, order="C")
        self.recurrent_now = np.array(arrays["recurrent_now"].T, order="C")
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
    cdef bint _ramp_parameters(self) noexcept nogil:
        """One step of every parameter ramp; False once all have arrived.

        A method (called through the vtable, so never inlined) rather than code in the sample
        loop: it runs only while something moves, and its pointers and targets would otherwise
        compete for the loop's registers, which costs every sample, moving or not."""
        cdef Py_ssize_t k
        cdef Py_ssize_t n_neurons = self.n_neurons
        cdef double coef = self.param_coef
        cdef double now
        cdef bint moving = False
        cdef double* current = &self.bias_now[0]
        cdef const double* target = &self.bias_target[0]
        for k in range(n_neurons):
            now = approach(current[k], target[k], coef)
            current[k] = now
            moving = moving or now != target[k]
        current = &self.weight_now[0, 0]
        target = &self.weight_target[0, 0]
        for k in range(self.n_inputs * n_neurons):
            now = approach(current[k], target[k], coef)
            current[k] = now
            moving = moving or now != target[k]
        current = &self.recurrent_now[0, 0]
        target = &self.recurrent_target[0, 0]
        for k in range(n_neurons * n_neurons):
            now = approach(current[k], target[k], coef)
            current[k] = now
            moving = moving or now != target[k]
        self.noise_now = approach(self.noise_now, self.noise_target, coef)
        return moving or self.noise_now != self.noise_target

    def process(self, const float[:, ::1] x, float[:, ::1] out):
        """Render ``x.shape[1]`` samples; ``x`` is (inputs, n), ``out`` is (neurons, n)."""
        cdef Py_ssize_t n = x.shape[1]
        cdef Py_ssize_t n_neurons = self.n_neurons
        cdef Py_ssize_t n_inputs = self.n_inputs
        cdef Py_ssize_t t, i, j, k
        cdef double s0, s1, drive, a, y_new
        if x.shape[0] != n_inputs or out.shape[0] != n_neurons or out.shape[1] < n:
            raise ValueError(f"process: expected x ({n_inputs}, n) and out ({n_neurons}, n), "
                             f"got {tuple(x.shape)[:2]} and {tuple(out.shape)[:2]}")
        if n == 0:
            return
        # The loop runs on locals and raw pointers, written back at the end: stores into the
        # history, the output and the scratch could otherwise alias the object's fields and
        # force every memoryview's data pointer and every scalar to be reloaded after them.
        cdef const float* x_data = &x[0, 0]
        cdef Py_ssize_t x_stride = x.strides[0] // sizeof(float)
        cdef float* out_data = &out[0, 0]
        cdef Py_ssize_t out_stride = out.strides[0] // sizeof(float)
        cdef const double* weight_now = &self.weight_now[0, 0]
        cdef const double* recurrent_now = &self.recurrent_now[0, 0]
        cdef const double* bias_now = &self.bias_now[0]
        cdef const int* activation = &self.activation[0]
        cdef const double* output_coef = &self.output_coef[0]
        cdef double* y = &self.y[0]
        cdef double* s = &self.s_now[0]
        cdef double* history = &self.history[0, 0]
        cdef Py_ssize_t mask = self.history_mask
        cdef Py_ssize_t write = self.history_write
        cdef Py_ssize_t delay = self.delay
        cdef double response = self.response
        cdef double noise_now = self.noise_now
        cdef bint moving = self.moving
        cdef uint64_t rng = self.rng
        cdef const double* column
        cdef const double* fed
        cdef double* written
        with nogil:
            for t in range(n):
                if moving:
                    # approach() of a settled value returns it, so once every parameter has
                    # arrived, skipping the ramp changes nothing.
                    moving = self._ramp_parameters()
                    noise_now = self.noise_now
                fed = history + ((write - delay) & mask) * n_neurons
                # s_j = b_j + sum_i W_ji x_i + sum_k R_jk y_k[t - delay] + noise r_j, summed in
                # that order, two neurons at a time: their sums stay in registers (summing all
                # neurons column by column through memory would put a store-to-load round trip
                # on every addition) and form two independent chains. Each pair cleans the
                # inputs again rather than reading a cleaned copy: a separate cleaning pass cost
                # the dual neuron about a third of its time, repeating it costs less.
                for j in range(0, n_neurons - 1, 2):
                    s0 = bias_now[j]
                    s1 = bias_now[j + 1]
                    column = weight_now + j
                    for i in range(n_inputs):
                        drive = finite_or_zero(x_data[i * x_stride + t])
                        s0 += column[0] * drive
                        s1 += column[1] * drive
                        column += n_neurons
                    column = recurrent_now + j
                    for k in range(n_neurons):
                        s0 += column[0] * fed[k]
                        s1 += column[1] * fed[k]
                        column += n_neurons
                    # The generator advances every sample so the noise stream does not depend
                    # on when the noise amount is turned up.
                    s0 += noise_now * noise_next(&rng)
                    s1 += noise_now * noise_next(&rng)
                    s[j] = s0
                    s[j + 1] = s1
                if n_neurons & 1:   # the last neuron of an odd count, on its own
                    j = n_neurons - 1
                    s0 = bias_now[j]
                    for i in range(n_inputs):
                        drive = finite_or_zero(x_data[i * x_stride + t])
                        s0 += weight_now[i * n_neurons + j] * drive
                    for k in range(n_neurons):
                        s0 += recurrent_now[k * n_neurons + j] * fed[k]
                    s0 += noise_now * noise_next(&rng)
                    s[j] = s0
                # Every s_j has read its delayed outputs by now, so the new outputs can go
                # straight into the history (the row read may be this very row, when the delay
                # equals the ring size).
                written = history + write * n_neurons
                for j in range(n_neurons):
                    a = activate(activation[j], safe(s[j]), response)
                    y_new = flush(safe(y[j] + output_coef[j] * (a - y[j])))
                    y[j] = y_new
                    written[j] = y_new
                    out_data[j * out_stride + t] = <float>y_new
                write = (write + 1) & mask
        self.history_write = write
        self.moving = moving
        self.rng = rng
