# The audio-rate neuron: a weighted nonlinear mixer with feedback, noise and a comparator.
cimport numpy as cnp
from cpython.pythread cimport PyThread_type_lock, PyThread_allocate_lock, PyThread_free_lock
from libc.math cimport exp, fabs, M_PI
from libc.stdint cimport uint64_t
from libc.stdlib cimport calloc, free
from libc.string cimport memcpy, memset

from nrdsp cimport (ACT_LINEAR, ACT_RELU, activate, approach, block_capsule, finite_or_zero,
                    flush, lock_give, lock_take, noise_next, safe, smoothing_coefficient)

import numpy as np

cnp.import_array()

# The feedback ring holds the last RING_SIZE outputs whatever the delay, so growing the delay
# while playing replays real history (up to the parameter's maximum of 192000 samples); its
# pages are touched only as the loop writes them.
DEF RING_SIZE = 262144
DEF MAX_ROWS = 256


cdef struct NeuronState:
    PyThread_type_lock lock
    int n_inputs
    int activation
    int feedback_from_fire
    int firing
    double response, threshold, hysteresis
    double* weight_target       # (n_inputs,), owned by the kernel object
    double* weight_now
    double bias_target, bias_now
    double feedback_target, feedback_now
    double noise_target, noise_now
    double param_coef           # one-pole coefficient of parameter smoothing
    double output_coef          # one-pole coefficient of output smoothing (1 = off)
    double output_now
    double* ring                # RING_SIZE past fed-back values
    Py_ssize_t write            # next ring slot to write
    Py_ssize_t filled           # ring slots written since reset (<= RING_SIZE)
    Py_ssize_t delay
    uint64_t rng
    uint64_t seed


cdef bint _settled(NeuronState* st) noexcept nogil:
    """True when every smoothed parameter sits exactly on its target."""
    cdef Py_ssize_t i
    if (st.bias_now != st.bias_target or st.feedback_now != st.feedback_target
            or st.noise_now != st.noise_target):
        return False
    for i in range(st.n_inputs):
        if st.weight_now[i] != st.weight_target[i]:
            return False
    return True


cdef void _neuron_run(NeuronState* st, const float* const* x, const float* const* weights,
                      float* out, float* fire, Py_ssize_t n) noexcept nogil:
    """Render n samples; ``weights`` is NULL for the smoothed weight parameters, else one
    audio-rate row per input. The caller holds the lock."""
    cdef Py_ssize_t t, i
    cdef Py_ssize_t n_inputs = st.n_inputs
    cdef bint audio_weights = weights != NULL
    cdef bint ramping = not _settled(st)
    cdef int activation = st.activation
    cdef bint unbounded = activation == ACT_LINEAR or activation == ACT_RELU
    cdef bint from_fire = st.feedback_from_fire
    cdef double response = st.response
    cdef double param_coef = st.param_coef
    cdef double output_coef = st.output_coef
    cdef double upper = st.threshold + 0.5 * st.hysteresis
    cdef double lower = st.threshold - 0.5 * st.hysteresis
    # The loop runs on locals, written back at the end: stores into the delay line could
    # alias the state's fields, which would force a memory round trip on every sample.
    cdef double bias_now = st.bias_now
    cdef double feedback_now = st.feedback_now
    cdef double noise_now = st.noise_now
    cdef double bias_target = st.bias_target
    cdef double feedback_target = st.feedback_target
    cdef double noise_target = st.noise_target
    cdef double output_now = st.output_now
    cdef int firing = st.firing
    cdef uint64_t rng = st.rng
    cdef double* ring = st.ring
    cdef double* weight_now = st.weight_now
    cdef const double* weight_target = st.weight_target
    cdef Py_ssize_t mask = RING_SIZE - 1
    cdef Py_ssize_t write = st.write
    cdef Py_ssize_t delay = st.delay
    cdef double last_feed = ring[(write - 1) & mask]
    cdef double s, y, delayed
    for t in range(n):
        if ramping:
            bias_now = approach(bias_now, bias_target, param_coef)
            feedback_now = approach(feedback_now, feedback_target, param_coef)
            noise_now = approach(noise_now, noise_target, param_coef)
            if not audio_weights:
                for i in range(n_inputs):
                    weight_now[i] = approach(weight_now[i], weight_target[i], param_coef)
        s = bias_now
        if audio_weights:
            for i in range(n_inputs):
                s += finite_or_zero(weights[i][t]) * finite_or_zero(x[i][t])
        else:
            for i in range(n_inputs):
                s += weight_now[i] * finite_or_zero(x[i][t])
        # The generator advances every sample, so the noise heard does not depend on when
        # the noise amount was turned up (as in every nrcore kernel).
        s += noise_now * noise_next(&rng)
        # The feedback term comes last and the range guard is a branch that is (almost) never
        # taken: with 1-sample feedback the loop y -> s -> y is the critical path, and this
        # keeps it to one multiply, one add and the activation.
        delayed = last_feed if delay == 1 else ring[(write - delay) & mask]
        s += feedback_now * delayed
        if not fabs(s) <= 1.0e4:    # (also catches NaN)
            s = safe(s)
        y = activate(activation, s, response)
        if output_coef < 1.0:
            y = output_now + output_coef * (y - output_now)
        # Only the unbounded activations can leave the safe range.
        if unbounded:
            y = safe(y)
        output_now = flush(y)
        if firing:
            if output_now < lower:
                firing = 0
        elif output_now > upper:
            firing = 1
        last_feed = <double>firing if from_fire else output_now
        ring[write] = last_feed
        write = (write + 1) & mask
        out[t] = <float>output_now
        fire[t] = <float>firing
    st.bias_now = bias_now
    st.feedback_now = feedback_now
    st.noise_now = noise_now
    st.output_now = output_now
    st.firing = firing
    st.rng = rng
    st.write = write
    st.filled = RING_SIZE if st.filled + n >= RING_SIZE else st.filled + n


cdef int _neuron_block(void* kernel, const float* const* ins, int n_in, float* const* outs,
                       int n_out, int n) noexcept nogil:
    """The nrcore_block entry point: rows x (inputs), optionally then weights (inputs)."""
    cdef NeuronState* st = <NeuronState*>kernel
    cdef int m = st.n_inputs
    if n < 0 or n_out != 2 or (n_in != m and n_in != 2 * m):
        return -1
    lock_take(st.lock)
    _neuron_run(st, ins, ins + m if n_in == 2 * m else NULL, outs[0], outs[1], n)
    lock_give(st.lock)
    return 0


cdef class NeuronKernel:
    """Per-sample core of :class:`nrcore.Neuron`; all signal state lives here between blocks.

    Thread-safe: every method takes the kernel's lock (``process`` inside its nogil block), so
    parameters, state and delay may change from one thread while another processes; a change
    lands between two blocks.
    """

    cdef NeuronState st
    cdef double[::1] _weight_target   # owners of st.weight_target / st.weight_now
    cdef double[::1] _weight_now

    def __cinit__(self, int n_inputs):
        if not 1 <= n_inputs <= MAX_ROWS // 2:
            raise ValueError(f"NeuronKernel: n_inputs {n_inputs} must be in [1, {MAX_ROWS // 2}]")
        self.st.lock = PyThread_allocate_lock()
        self.st.ring = <double*>calloc(RING_SIZE, sizeof(double))
        if self.st.lock == NULL or self.st.ring == NULL:
            raise MemoryError("NeuronKernel: out of memory")

    def __dealloc__(self):
        if self.st.lock != NULL:
            PyThread_free_lock(self.st.lock)
        free(self.st.ring)

    def __init__(self, int n_inputs):
        self._weight_target = np.zeros(n_inputs)
        self._weight_now = np.zeros(n_inputs)
        self.st.weight_target = &self._weight_target[0]
        self.st.weight_now = &self._weight_now[0]
        self.st.n_inputs = n_inputs
        self.st.activation = 1
        self.st.param_coef = 1.0
        self.st.output_coef = 1.0
        self.st.delay = 1
        self.st.seed = 1
        self.reset()

    # -- scalar parameters (read and written under the lock) --------------------------------
    @property
    def n_inputs(self):
        return self.st.n_inputs

    @property
    def activation(self):
        return self.st.activation

    @activation.setter
    def activation(self, int value):
        with nogil:
            lock_take(self.st.lock)
            self.st.activation = value
            lock_give(self.st.lock)

    @property
    def response(self):
        return self.st.response

    @response.setter
    def response(self, double value):
        with nogil:
            lock_take(self.st.lock)
            self.st.response = value
            lock_give(self.st.lock)

    @property
    def threshold(self):
        return self.st.threshold

    @threshold.setter
    def threshold(self, double value):
        with nogil:
            lock_take(self.st.lock)
            self.st.threshold = value
            lock_give(self.st.lock)

    @property
    def hysteresis(self):
        return self.st.hysteresis

    @hysteresis.setter
    def hysteresis(self, double value):
        with nogil:
            lock_take(self.st.lock)
            self.st.hysteresis = value
            lock_give(self.st.lock)

    @property
    def feedback_from_fire(self):
        return bool(self.st.feedback_from_fire)

    @feedback_from_fire.setter
    def feedback_from_fire(self, bint value):
        with nogil:
            lock_take(self.st.lock)
            self.st.feedback_from_fire = value
            lock_give(self.st.lock)

    # -- parameter setters ------------------------------------------------------------------
    def set_weights(self, const double[::1] weights):
        cdef Py_ssize_t i
        if weights.shape[0] != self.st.n_inputs:
            raise ValueError(f"weights: expected {self.st.n_inputs} values, got {weights.shape[0]}")
        with nogil:
            lock_take(self.st.lock)
            for i in range(self.st.n_inputs):
                self.st.weight_target[i] = weights[i]
            lock_give(self.st.lock)

    def set_bias(self, double value):
        with nogil:
            lock_take(self.st.lock)
            self.st.bias_target = value
            lock_give(self.st.lock)

    def set_feedback(self, double value):
        with nogil:
            lock_take(self.st.lock)
            self.st.feedback_target = value
            lock_give(self.st.lock)

    def set_noise(self, double value):
        with nogil:
            lock_take(self.st.lock)
            self.st.noise_target = value
            lock_give(self.st.lock)

    def set_param_smoothing(self, double time_s, double sample_rate):
        cdef double coef = smoothing_coefficient(time_s, sample_rate)
        with nogil:
            lock_take(self.st.lock)
            self.st.param_coef = coef
            lock_give(self.st.lock)

    def set_output_cutoff(self, double cutoff_hz, double sample_rate):
        cdef double coef = 1.0
        if cutoff_hz > 0.0:
            coef = 1.0 - exp(-2.0 * M_PI * cutoff_hz / sample_rate)
        with nogil:
            lock_take(self.st.lock)
            self.st.output_coef = coef
            lock_give(self.st.lock)

    def set_delay(self, Py_ssize_t delay):
        """Feedback delay in samples, in [1, 262144]. The ring always holds the last 262144
        fed-back values, so changing the delay while playing replays the real history."""
        if not 1 <= delay <= RING_SIZE:
            raise ValueError(f"feedback_delay: {delay} must be in [1, {RING_SIZE}] samples")
        with nogil:
            lock_take(self.st.lock)
            self.st.delay = delay
            lock_give(self.st.lock)

    def get_delay(self):
        return self.st.delay

    def set_seed(self, uint64_t seed):
        with nogil:
            lock_take(self.st.lock)
            self.st.seed = seed
            self.st.rng = seed * <uint64_t>0x9E3779B97F4A7C15ULL + 1
            lock_give(self.st.lock)

    cdef void _snap(self) noexcept nogil:
        cdef Py_ssize_t i
        for i in range(self.st.n_inputs):
            self.st.weight_now[i] = self.st.weight_target[i]
        self.st.bias_now = self.st.bias_target
        self.st.feedback_now = self.st.feedback_target
        self.st.noise_now = self.st.noise_target

    def snap(self):
        """Jump smoothed parameters to their targets (at construction and reset)."""
        with nogil:
            lock_take(self.st.lock)
            self._snap()
            lock_give(self.st.lock)

    cdef void _clear_ring(self) noexcept nogil:
        """Zero the ring; only the slots written since the last clear can be non-zero."""
        cdef Py_ssize_t start, filled = self.st.filled
        if filled >= RING_SIZE:
            memset(self.st.ring, 0, RING_SIZE * sizeof(double))
        elif filled > 0:
            start = (self.st.write - filled) & (RING_SIZE - 1)
            if start + filled <= RING_SIZE:
                memset(self.st.ring + start, 0, filled * sizeof(double))
            else:
                memset(self.st.ring + start, 0, (RING_SIZE - start) * sizeof(double))
                memset(self.st.ring, 0, (filled - (RING_SIZE - start)) * sizeof(double))
        self.st.filled = 0

    def reset(self):
        with nogil:
            lock_take(self.st.lock)
            self._clear_ring()
            self.st.write = 0
            self.st.filled = 0
            self.st.output_now = 0.0
            self.st.firing = 0
            self.st.rng = self.st.seed * <uint64_t>0x9E3779B97F4A7C15ULL + 1
            self._snap()
            lock_give(self.st.lock)

    # -- state ----------------------------------------------------------------------------
    def get_state(self):
        """Every signal value: smoothed parameters, comparator, loop history, noise generator.

        ``delay_line`` holds the ring's written part, oldest first, as a power-of-two ring
        (at least the delay long) with ``delay_write`` the next slot to write.
        """
        cdef double[::1] weight_now = np.empty(self.st.n_inputs)
        cdef double[::1] smoothed = np.empty(4)
        cdef double[::1] line
        cdef Py_ssize_t size, filled, i, write
        cdef int firing
        cdef uint64_t rng
        cdef bint copied = False
        while not copied:
            with nogil:
                lock_take(self.st.lock)
                filled = self.st.filled if self.st.filled > self.st.delay else self.st.delay
                lock_give(self.st.lock)
            size = 1
            while size < filled + 4096 and size < RING_SIZE:
                size <<= 1      # a margin for blocks processed until the copy below
            line = np.zeros(size)
            with nogil:
                lock_take(self.st.lock)
                if size >= self.st.filled and size >= self.st.delay:
                    copied = True
                    write = self.st.write
                    for i in range(size):
                        # oldest first: the newest sample lands at size - 1, delay_write = 0
                        line[i] = self.st.ring[(write - size + i) & (RING_SIZE - 1)]
                    for i in range(self.st.n_inputs):
                        weight_now[i] = self.st.weight_now[i]
                    smoothed[0] = self.st.bias_now
                    smoothed[1] = self.st.feedback_now
                    smoothed[2] = self.st.noise_now
                    smoothed[3] = self.st.output_now
                    firing = self.st.firing
                    rng = self.st.rng
                lock_give(self.st.lock)
        return {
            "weight_now": np.asarray(weight_now),
            "smoothed": np.asarray(smoothed),
            "firing": np.array([firing], dtype=np.int64),
            "delay_line": np.asarray(line),
            "delay_write": np.array([0], dtype=np.int64),
            "rng": np.array([rng], dtype=np.uint64),
        }

    def set_state(self, state):
        """Restore a :meth:`get_state` dictionary (from this or any neuron of as many inputs)."""
        weight_now_in = np.asarray(state["weight_now"], dtype=np.float64)
        smoothed_in = np.asarray(state["smoothed"], dtype=np.float64).reshape(-1)
        line_in = np.asarray(state["delay_line"], dtype=np.float64)
        if weight_now_in.shape != (self.st.n_inputs,):
            raise ValueError(f"state: weight_now has shape {weight_now_in.shape}, "
                             f"expected ({self.st.n_inputs},)")
        if smoothed_in.shape != (4,):
            raise ValueError(f"state: smoothed has shape {smoothed_in.shape}, expected (4,)")
        for name, arr in (("weight_now", weight_now_in), ("smoothed", smoothed_in),
                          ("delay_line", line_in)):
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"state: {name} holds NaN or inf")
        cdef Py_ssize_t size = line_in.shape[0] if line_in.ndim == 1 else 0
        if size < 1 or size & (size - 1) or size > RING_SIZE:
            raise ValueError(f"state: delay_line length {size} must be a power of two "
                             f"in [1, {RING_SIZE}]")
        cdef const double[::1] weight_now = np.ascontiguousarray(weight_now_in)
        cdef const double[::1] smoothed = np.ascontiguousarray(smoothed_in)
        cdef const double[::1] line = np.ascontiguousarray(line_in)
        cdef Py_ssize_t line_write = int(state["delay_write"][0]) & (size - 1)
        cdef int firing = 1 if int(state["firing"][0]) else 0
        cdef uint64_t rng = int(state["rng"][0])
        cdef Py_ssize_t i
        with nogil:
            lock_take(self.st.lock)
            self._clear_ring()
            # oldest first, so the newest sample of the state is the one before write = 0
            for i in range(size):
                self.st.ring[RING_SIZE - size + i] = line[(line_write + i) & (size - 1)]
            self.st.write = 0
            self.st.filled = size
            for i in range(self.st.n_inputs):
                self.st.weight_now[i] = weight_now[i]
            self.st.bias_now = smoothed[0]
            self.st.feedback_now = smoothed[1]
            self.st.noise_now = smoothed[2]
            self.st.output_now = smoothed[3]
            self.st.firing = firing
            self.st.rng = rng
            lock_give(self.st.lock)

    # -- processing -----------------------------------------------------------------------
    def process(self, const float[:, ::1] x, const float[:, ::1] weights,
                float[:, ::1] out):
        """Render ``x.shape[1]`` samples. ``weights`` is (inputs, n) audio-rate weights, or
        shaped (0, 0) to use the smoothed weight parameters. ``out`` is (2, n): output, fire."""
        cdef Py_ssize_t n = x.shape[1]
        cdef Py_ssize_t i, m = self.st.n_inputs
        cdef bint audio_weights = weights.shape[0] > 0
        cdef const float* x_rows[MAX_ROWS]
        cdef const float* w_rows[MAX_ROWS]
        if (x.shape[0] != m or out.shape[0] != 2 or out.shape[1] < n
                or (audio_weights and (weights.shape[0] != m or weights.shape[1] != n))):
            raise ValueError(f"process: expected x ({m}, n), weights ({m}, n) or (0, 0) and "
                             f"out (2, n), got {tuple(x.shape)[:2]}, "
                             f"{tuple(weights.shape)[:2]} and {tuple(out.shape)[:2]}")
        if n == 0:
            return
        for i in range(m):
            x_rows[i] = &x[i, 0]
            if audio_weights:
                w_rows[i] = &weights[i, 0]
        with nogil:
            lock_take(self.st.lock)
            _neuron_run(&self.st, x_rows, w_rows if audio_weights else NULL,
                        &out[0, 0], &out[1, 0], n)
            lock_give(self.st.lock)

    def block_capsule(self):
        """A ``nrcore.block.v1`` capsule (cython/nrcore_block.h) running this kernel from C:
        ins are the input rows, then optionally one audio-rate weight row per input; outs are
        output and fire."""
        return block_capsule(self, &self.st, _neuron_block)


def activate_many(int kind, const double[::1] x, double response=0.5):
    """The kernels' activation ``kind`` (an id of nrcore.activations) applied to each value of
    ``x`` in float64, exactly as the sample loops compute it (for tests and benchmarks)."""
    cdef Py_ssize_t i
    cdef double[::1] y = np.empty(x.shape[0])
    with nogil:
        for i in range(x.shape[0]):
            y[i] = activate(kind, x[i], response)
    return np.asarray(y)
