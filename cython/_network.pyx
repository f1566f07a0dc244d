# A recurrent network of audio-rate neurons: input matrix, recurrent matrix through a delay,
# per-neuron bias, activation and one-pole output smoothing. The dual neuron is a preset of it.
cimport numpy as cnp
from cpython.pythread cimport PyThread_type_lock, PyThread_allocate_lock, PyThread_free_lock
from libc.math cimport exp, M_PI
from libc.stdint cimport uint64_t
from libc.stdlib cimport calloc, free
from libc.string cimport memcpy, memset

from nrdsp cimport (activate, approach, block_capsule, finite_or_zero, flush, lock_give,
                    lock_take, noise_next, safe, smoothing_coefficient)

import numpy as np

cnp.import_array()

# The history ring keeps at least this many values (rows x neurons) whatever the delay, and
# at least HORIZON_MIN rows, at most HORIZON_MAX (the delay parameter's maximum of 192000 fits),
# so growing the delay while playing replays real history.
DEF HISTORY_BUDGET = 524288
DEF HORIZON_MIN = 4096
DEF HORIZON_MAX = 262144
DEF MAX_ROWS = 256


def history_rows(int n_neurons, Py_ssize_t delay=1):
    """Rows of the history ring of a network of ``n_neurons`` (a power of two): the horizon
    (4 MiB of history, 4096..262144 rows), or the delay rounded up when it is longer."""
    cdef Py_ssize_t rows = HORIZON_MIN
    while rows < HORIZON_MAX and rows * 2 * n_neurons <= HISTORY_BUDGET:
        rows <<= 1
    while rows < delay:
        rows <<= 1
    return rows


cdef struct NetworkState
ctypedef bint (*ramp_fn)(NetworkState* st) noexcept nogil


cdef struct NetworkState:
    PyThread_type_lock lock
    int n_neurons
    int n_inputs
    double response
    int* activation
    # The matrices are held transposed, W^T (inputs, neurons) and R^T (neurons, neurons), so
    # the weights that one input or fed-back output meets in neighbouring neurons are
    # neighbours in memory: the sample loop sums two neurons at once from one (vector) load,
    # each neuron still adding its terms in the reference order. get_state and set_state
    # speak W and R.
    double* weight_target
    double* weight_now
    double* recurrent_target
    double* recurrent_now
    double* bias_target
    double* bias_now
    double noise_target, noise_now
    double param_coef           # one-pole coefficient of parameter smoothing
    double* output_coef         # one-pole coefficient of each neuron's output (1 = off)
    double* y                   # each neuron's (smoothed) output at the previous sample
    double* s_now               # this sample's pre-activations (scratch)
    double* history             # ring of past outputs, (rows, neurons), malloc'd
    Py_ssize_t rows             # a power of two
    Py_ssize_t write            # next row to write
    Py_ssize_t filled           # rows written since the last clear (<= rows)
    Py_ssize_t delay
    # True while any smoothed parameter may still differ from its target; the smoothing loop
    # is skipped otherwise, which changes no sample: approach() of a settled value returns it.
    bint moving
    uint64_t rng
    uint64_t seed
    # the ramp, called through a pointer so that it is never inlined into the sample loop
    ramp_fn ramp


cdef bint _ramp_parameters(NetworkState* st) noexcept nogil:
    """One step of every parameter ramp; False once all have arrived.

    Called through a function pointer (never inlined) rather than code in the sample loop: it
    runs only while something moves, and its pointers and targets would otherwise compete for
    the loop's registers, which costs every sample, moving or not."""
    cdef Py_ssize_t k
    cdef Py_ssize_t n_neurons = st.n_neurons
    cdef double coef = st.param_coef
    cdef double now
    cdef bint moving = False
    cdef double* current = st.bias_now
    cdef const double* target = st.bias_target
    for k in range(n_neurons):
        now = approach(current[k], target[k], coef)
        current[k] = now
        moving = moving or now != target[k]
    current = st.weight_now
    target = st.weight_target
    for k in range(st.n_inputs * n_neurons):
        now = approach(current[k], target[k], coef)
        current[k] = now
        moving = moving or now != target[k]
    current = st.recurrent_now
    target = st.recurrent_target
    for k in range(n_neurons * n_neurons):
        now = approach(current[k], target[k], coef)
        current[k] = now
        moving = moving or now != target[k]
    st.noise_now = approach(st.noise_now, st.noise_target, coef)
    return moving or st.noise_now != st.noise_target


cdef void _network_run(NetworkState* st, const float* const* x, float* const* out,
                       Py_ssize_t n) noexcept nogil:
    """Render n samples from one row per input into one row per neuron; the caller holds the
    lock."""
    cdef Py_ssize_t n_neurons = st.n_neurons
    cdef Py_ssize_t n_inputs = st.n_inputs
    cdef Py_ssize_t t, i, j, k
    cdef double s0, s1, drive, a, y_new
    # The loop runs on locals and raw pointers, written back at the end: stores into the
    # history, the output and the scratch could otherwise alias the state's fields and force
    # every pointer and every scalar to be reloaded after them.
    cdef const double* weight_now = st.weight_now
    cdef const double* recurrent_now = st.recurrent_now
    cdef const double* bias_now = st.bias_now
    cdef const int* activation = st.activation
    cdef const double* output_coef = st.output_coef
    cdef double* y = st.y
    cdef double* s = st.s_now
    cdef double* history = st.history
    cdef Py_ssize_t mask = st.rows - 1
    cdef Py_ssize_t write = st.write
    cdef Py_ssize_t delay = st.delay
    cdef double response = st.response
    cdef double noise_now = st.noise_now
    cdef bint moving = st.moving
    cdef uint64_t rng = st.rng
    cdef ramp_fn ramp = st.ramp
    cdef const double* column
    cdef const double* fed
    cdef double* written
    for t in range(n):
        if moving:
            # approach() of a settled value returns it, so once every parameter has arrived,
            # skipping the ramp changes nothing.
            moving = ramp(st)
            noise_now = st.noise_now
        fed = history + ((write - delay) & mask) * n_neurons
        # s_j = b_j + sum_i W_ji x_i + sum_k R_jk y_k[t - delay] + noise r_j, summed in that
        # order, two neurons at a time: their sums stay in registers (summing all neurons
        # column by column through memory would put a store-to-load round trip on every
        # addition) and form two independent chains. Each pair cleans the inputs again rather
        # than reading a cleaned copy: a separate cleaning pass cost the dual neuron about a
        # third of its time, repeating it costs less.
        for j in range(0, n_neurons - 1, 2):
            s0 = bias_now[j]
            s1 = bias_now[j + 1]
            column = weight_now + j
            for i in range(n_inputs):
                drive = finite_or_zero(x[i][t])
                s0 += column[0] * drive
                s1 += column[1] * drive
                column += n_neurons
            column = recurrent_now + j
            for k in range(n_neurons):
                s0 += column[0] * fed[k]
                s1 += column[1] * fed[k]
                column += n_neurons
            # The generator advances every sample so the noise stream does not depend on when
            # the noise amount is turned up.
            s0 += noise_now * noise_next(&rng)
            s1 += noise_now * noise_next(&rng)
            s[j] = s0
            s[j + 1] = s1
        if n_neurons & 1:   # the last neuron of an odd count, on its own
            j = n_neurons - 1
            s0 = bias_now[j]
            for i in range(n_inputs):
                drive = finite_or_zero(x[i][t])
                s0 += weight_now[i * n_neurons + j] * drive
            for k in range(n_neurons):
                s0 += recurrent_now[k * n_neurons + j] * fed[k]
            s0 += noise_now * noise_next(&rng)
            s[j] = s0
        # Every s_j has read its delayed outputs by now, so the new outputs can go straight
        # into the history (the row read may be this very row, when the delay equals the ring
        # size).
        written = history + write * n_neurons
        for j in range(n_neurons):
            a = activate(activation[j], safe(s[j]), response)
            y_new = flush(safe(y[j] + output_coef[j] * (a - y[j])))
            y[j] = y_new
            written[j] = y_new
            out[j][t] = <float>y_new
        write = (write + 1) & mask
    st.write = write
    st.moving = moving
    st.rng = rng
    st.filled = st.rows if st.filled + n >= st.rows else st.filled + n


cdef int _network_block(void* kernel, const float* const* ins, int n_in, float* const* outs,
                        int n_out, int n) noexcept nogil:
    """The nrcore_block entry point: one row per input in, one row per neuron out."""
    cdef NetworkState* st = <NetworkState*>kernel
    if n < 0 or n_in != st.n_inputs or n_out != st.n_neurons:
        return -1
    lock_take(st.lock)
    _network_run(st, ins, outs, n)
    lock_give(st.lock)
    return 0


cdef class NetworkKernel:
    """Per-sample core of :class:`nrcore.Network` and :class:`nrcore.DualNeuron`.

    Per sample ``t`` and neuron ``j`` (see ``nrcore.network`` for the equations)::

        s_j = b_j + sum_i W_ji x_i[t] + sum_k R_jk y_k[t - delay] + noise * r_j[t]
        y_j[t] = y_j[t-1] + c_j (act_j(s_j) - y_j[t-1])

    All signal state lives here between blocks. Thread-safe: every method takes the kernel's
    lock (``process`` inside its nogil block), so parameters, state and the delay may change
    from one thread while another processes; a change lands between two blocks.
    """

    cdef NetworkState st
    # owners of the fixed-size arrays the state points into
    cdef int[::1] _activation
    cdef double[:, ::1] _weight_target, _weight_now, _recurrent_target, _recurrent_now
    cdef double[::1] _bias_target, _bias_now, _output_coef, _y, _s_now

    def __cinit__(self, int n_neurons, int n_inputs):
        if not (1 <= n_neurons <= MAX_ROWS and 0 <= n_inputs <= MAX_ROWS):
            raise ValueError(f"NetworkKernel: needs 1..{MAX_ROWS} neurons and 0..{MAX_ROWS} "
                             f"inputs, got {n_neurons} and {n_inputs}")
        self.st.lock = PyThread_allocate_lock()
        self.st.rows = history_rows(n_neurons)
        self.st.history = <double*>calloc(self.st.rows * n_neurons, sizeof(double))
        if self.st.lock == NULL or self.st.history == NULL:
            raise MemoryError("NetworkKernel: out of memory")

    def __dealloc__(self):
        if self.st.lock != NULL:
            PyThread_free_lock(self.st.lock)
        free(self.st.history)

    def __init__(self, int n_neurons, int n_inputs):
        self.st.n_neurons = n_neurons
        self.st.n_inputs = n_inputs
        self._activation = np.ones(n_neurons, dtype=np.intc)
        self._weight_target = np.zeros((n_inputs, n_neurons))
        self._weight_now = np.zeros((n_inputs, n_neurons))
        self._recurrent_target = np.zeros((n_neurons, n_neurons))
        self._recurrent_now = np.zeros((n_neurons, n_neurons))
        self._bias_target = np.zeros(n_neurons)
        self._bias_now = np.zeros(n_neurons)
        self._output_coef = np.ones(n_neurons)
        self._y = np.zeros(n_neurons)
        self._s_now = np.zeros(n_neurons)
        self.st.activation = &self._activation[0]
        # (a 0-input network has empty input matrices: any valid pointer will do)
        self.st.weight_target = &self._weight_target[0, 0] if n_inputs else &self._bias_target[0]
        self.st.weight_now = &self._weight_now[0, 0] if n_inputs else &self._bias_now[0]
        self.st.recurrent_target = &self._recurrent_target[0, 0]
        self.st.recurrent_now = &self._recurrent_now[0, 0]
        self.st.bias_target = &self._bias_target[0]
        self.st.bias_now = &self._bias_now[0]
        self.st.output_coef = &self._output_coef[0]
        self.st.y = &self._y[0]
        self.st.s_now = &self._s_now[0]
        self.st.response = 0.5
        self.st.delay = 1
        self.st.param_coef = 1.0
        self.st.seed = 1
        self.st.ramp = _ramp_parameters
        self.reset()

    @property
    def n_neurons(self):
        return self.st.n_neurons

    @property
    def n_inputs(self):
        return self.st.n_inputs

    @property
    def response(self):
        return self.st.response

    @response.setter
    def response(self, double value):
        with nogil:
            lock_take(self.st.lock)
            self.st.response = value
            lock_give(self.st.lock)

    # -- parameter setters ------------------------------------------------------------------
    cdef _set_matrix(self, const double[:, ::1] src, double* dst, Py_ssize_t rows,
                     Py_ssize_t cols):
        """dst (cols, rows) = src.T under the lock; src must be (rows, cols)."""
        cdef Py_ssize_t i, j
        if src.shape[0] != rows or src.shape[1] != cols:
            raise ValueError(f"expected a ({rows}, {cols}) matrix, got {tuple(src.shape)[:2]}")
        with nogil:
            lock_take(self.st.lock)
            for i in range(rows):
                for j in range(cols):
                    dst[j * rows + i] = src[i, j]
            self.st.moving = True
            lock_give(self.st.lock)

    def set_weights(self, const double[:, ::1] weights):
        self._set_matrix(weights, self.st.weight_target, self.st.n_neurons, self.st.n_inputs)

    def set_recurrent(self, const double[:, ::1] recurrent):
        self._set_matrix(recurrent, self.st.recurrent_target, self.st.n_neurons,
                         self.st.n_neurons)

    def set_bias(self, const double[::1] bias):
        cdef Py_ssize_t j
        if bias.shape[0] != self.st.n_neurons:
            raise ValueError(f"bias: expected {self.st.n_neurons} values, got {bias.shape[0]}")
        with nogil:
            lock_take(self.st.lock)
            for j in range(self.st.n_neurons):
                self.st.bias_target[j] = bias[j]
            self.st.moving = True
            lock_give(self.st.lock)

    def set_noise(self, double value):
        with nogil:
            lock_take(self.st.lock)
            self.st.noise_target = value
            self.st.moving = True
            lock_give(self.st.lock)

    def set_activations(self, const int[::1] ids):
        cdef Py_ssize_t j
        if ids.shape[0] != self.st.n_neurons:
            raise ValueError(f"activation: expected {self.st.n_neurons} ids, got {ids.shape[0]}")
        with nogil:
            lock_take(self.st.lock)
            for j in range(self.st.n_neurons):
                self.st.activation[j] = ids[j]
            lock_give(self.st.lock)

    def get_activations(self):
        return np.array(self._activation)

    def set_param_smoothing(self, double time_s, double sample_rate):
        cdef double coef = smoothing_coefficient(time_s, sample_rate)
        with nogil:
            lock_take(self.st.lock)
            self.st.param_coef = coef
            lock_give(self.st.lock)

    def set_output_cutoff(self, const double[::1] cutoff_hz, double sample_rate):
        """Per-neuron one-pole coefficient; a cutoff of 0 Hz means no smoothing."""
        cdef Py_ssize_t j
        if cutoff_hz.shape[0] != self.st.n_neurons:
            raise ValueError(f"cutoff: expected {self.st.n_neurons} values, "
                             f"got {cutoff_hz.shape[0]}")
        coefs = np.ones(self.st.n_neurons)
        for j in range(self.st.n_neurons):
            if cutoff_hz[j] > 0.0:
                coefs[j] = 1.0 - exp(-2.0 * M_PI * cutoff_hz[j] / sample_rate)
        cdef const double[::1] c = coefs
        with nogil:
            lock_take(self.st.lock)
            for j in range(self.st.n_neurons):
                self.st.output_coef[j] = c[j]
            lock_give(self.st.lock)

    def set_delay(self, Py_ssize_t delay):
        """Recurrent delay in samples (>= 1). The ring keeps the last history_rows() outputs
        whatever the delay, so changing the delay while playing replays real history; a delay
        beyond it grows the ring (keeping its contents, oldest first)."""
        cdef Py_ssize_t rows, i, n = self.st.n_neurons
        cdef double* grown
        cdef double* old
        if delay < 1 or delay > 2 ** 24:
            raise ValueError(f"delay: {delay} must be in [1, {2 ** 24}] samples")
        while True:
            with nogil:
                lock_take(self.st.lock)
                rows = self.st.rows
                if delay <= rows:
                    self.st.delay = delay
                lock_give(self.st.lock)
            if delay <= rows:
                return
            # allocate outside the lock, then copy and swap under it
            rows = history_rows(n, delay)
            grown = <double*>calloc(rows * n, sizeof(double))
            if grown == NULL:
                raise MemoryError(f"delay: no memory for a {delay}-sample history")
            old = NULL
            with nogil:
                lock_take(self.st.lock)
                if self.st.rows < rows:
                    for i in range(self.st.rows):
                        # oldest first, so the newest row lands just before write = 0
                        memcpy(grown + (rows - self.st.rows + i) * n,
                               self.st.history + ((self.st.write + i) & (self.st.rows - 1)) * n,
                               n * sizeof(double))
                    old = self.st.history
                    self.st.history = grown
                    self.st.filled = self.st.rows if self.st.filled > 0 else 0
                    self.st.rows = rows
                    self.st.write = 0
                    grown = NULL
                lock_give(self.st.lock)
            free(old)
            free(grown)     # (NULL unless another thread grew the ring meanwhile)

    def get_delay(self):
        return self.st.delay

    def set_seed(self, uint64_t seed):
        with nogil:
            lock_take(self.st.lock)
            self.st.seed = seed
            self.st.rng = seed * <uint64_t>0x9E3779B97F4A7C15ULL + 1
            lock_give(self.st.lock)

    cdef void _snap(self) noexcept nogil:
        cdef Py_ssize_t n = self.st.n_neurons, m = self.st.n_inputs
        memcpy(self.st.weight_now, self.st.weight_target, n * m * sizeof(double))
        memcpy(self.st.recurrent_now, self.st.recurrent_target, n * n * sizeof(double))
        memcpy(self.st.bias_now, self.st.bias_target, n * sizeof(double))
        self.st.noise_now = self.st.noise_target
        self.st.moving = True

    def snap(self):
        """Jump smoothed parameters to their targets (at construction and reset)."""
        with nogil:
            lock_take(self.st.lock)
            self._snap()
            lock_give(self.st.lock)

    cdef void _clear_history(self) noexcept nogil:
        """Zero the ring; only the rows written since the last clear can be non-zero."""
        cdef Py_ssize_t n = self.st.n_neurons, rows = self.st.rows
        cdef Py_ssize_t start, filled = self.st.filled
        if filled >= rows:
            memset(self.st.history, 0, rows * n * sizeof(double))
        elif filled > 0:
            start = (self.st.write - filled) & (rows - 1)
            if start + filled <= rows:
                memset(self.st.history + start * n, 0, filled * n * sizeof(double))
            else:
                memset(self.st.history + start * n, 0, (rows - start) * n * sizeof(double))
                memset(self.st.history, 0, (filled - (rows - start)) * n * sizeof(double))
        self.st.filled = 0

    def reset(self):
        with nogil:
            lock_take(self.st.lock)
            self._clear_history()
            self.st.write = 0
            memset(self.st.y, 0, self.st.n_neurons * sizeof(double))
            self.st.rng = self.st.seed * <uint64_t>0x9E3779B97F4A7C15ULL + 1
            self._snap()
            lock_give(self.st.lock)

    # -- state ----------------------------------------------------------------------------
    cdef Py_ssize_t _copy_recent(self, double[:, ::1] dst, Py_ssize_t count) noexcept nogil:
        """The last ``count`` history rows, oldest first, into dst; the caller holds the lock."""
        cdef Py_ssize_t i, n = self.st.n_neurons
        for i in range(count):
            memcpy(&dst[i, 0], self.st.history
                   + ((self.st.write - count + i) & (self.st.rows - 1)) * n, n * sizeof(double))
        return count

    def get_state(self):
        """Every signal value: smoothed parameters, outputs, history, noise generator.

        ``history`` holds the ring's written part (at least the delay), oldest first, as a
        power-of-two ring with ``history_write`` = 0 the next row to write.
        """
        cdef Py_ssize_t n = self.st.n_neurons, m = self.st.n_inputs
        cdef Py_ssize_t size, need, i
        cdef bint copied = False
        cdef double[:, ::1] history
        cdef double[:, ::1] weight_now = np.empty((n, m))
        cdef double[:, ::1] recurrent_now = np.empty((n, n))
        cdef double[::1] bias_now = np.empty(n)
        cdef double[::1] y = np.empty(n)
        cdef double noise_now = 0.0
        cdef uint64_t rng = 0
        while not copied:
            with nogil:
                lock_take(self.st.lock)
                need = self.st.filled if self.st.filled > self.st.delay else self.st.delay
                lock_give(self.st.lock)
            size = 1
            while size < need + 4096 and size < self.st.rows:
                size <<= 1      # a margin for blocks processed until the copy below
            history = np.zeros((size, n))
            with nogil:
                lock_take(self.st.lock)
                if size >= self.st.filled and size >= self.st.delay and size <= self.st.rows:
                    copied = True
                    self._copy_recent(history, size)
                    for i in range(m * n):   # W^T (inputs, neurons) -> W (neurons, inputs)
                        weight_now[i % n, i // n] = self.st.weight_now[i]
                    for i in range(n * n):
                        recurrent_now[i % n, i // n] = self.st.recurrent_now[i]
                    memcpy(&bias_now[0], self.st.bias_now, n * sizeof(double))
                    memcpy(&y[0], self.st.y, n * sizeof(double))
                    noise_now = self.st.noise_now
                    rng = self.st.rng
                lock_give(self.st.lock)
        return {
            "weight_now": np.asarray(weight_now),
            "recurrent_now": np.asarray(recurrent_now),
            "bias_now": np.asarray(bias_now),
            "noise_now": np.array([noise_now]),
            "y": np.asarray(y),
            "history": np.asarray(history),
            "history_write": np.array([0], dtype=np.int64),
            "rng": np.array([rng], dtype=np.uint64),
        }

    def set_state(self, state):
        """Restore a :meth:`get_state` dictionary (from this or any network of the same
        shape)."""
        n, m = self.st.n_neurons, self.st.n_inputs
        shapes = {"weight_now": (n, m), "recurrent_now": (n, n), "bias_now": (n,),
                  "noise_now": (1,), "y": (n,)}
        arrays = {}
        for key, shape in shapes.items():
            arrays[key] = np.asarray(state[key], dtype=np.float64)
            if arrays[key].shape != shape:
                raise ValueError(f"state: {key} has shape {arrays[key].shape}, expected {shape}")
            if not np.all(np.isfinite(arrays[key])):
                raise ValueError(f"state: {key} holds NaN or inf")
        history_in = np.asarray(state["history"], dtype=np.float64)
        if history_in.ndim != 2 or history_in.shape[1] != n:
            raise ValueError(f"state: history has shape {history_in.shape}, expected (size, {n})")
        cdef Py_ssize_t size = history_in.shape[0]
        if size < 1 or size & (size - 1):
            raise ValueError(f"state: history length {size} must be a power of two")
        if not np.all(np.isfinite(history_in)):
            raise ValueError("state: history holds NaN or inf")
        # the ring must hold the state's history: grow it first (outside the state's lock)
        if size > self.st.rows:
            keep = self.st.delay
            self.set_delay(size)
            self.set_delay(keep)
        cdef const double[:, ::1] history = np.ascontiguousarray(history_in)
        cdef const double[:, ::1] weight_now = np.ascontiguousarray(arrays["weight_now"].T)
        cdef const double[:, ::1] recurrent_now = np.ascontiguousarray(arrays["recurrent_now"].T)
        cdef const double[::1] bias_now = np.ascontiguousarray(arrays["bias_now"])
        cdef const double[::1] y = np.ascontiguousarray(arrays["y"])
        cdef double noise_now = float(arrays["noise_now"][0])
        cdef Py_ssize_t write = int(state["history_write"][0]) & (size - 1)
        cdef uint64_t rng = int(state["rng"][0])
        cdef Py_ssize_t i, rows
        cdef Py_ssize_t nn = n, mm = m
        with nogil:
            lock_take(self.st.lock)
            self._clear_history()
            rows = self.st.rows
            for i in range(size):   # oldest first, the newest just before write = 0
                memcpy(self.st.history + (rows - size + i) * nn,
                       &history[(write + i) & (size - 1), 0], nn * sizeof(double))
            self.st.write = 0
            self.st.filled = size
            if mm:
                memcpy(self.st.weight_now, &weight_now[0, 0], nn * mm * sizeof(double))
            memcpy(self.st.recurrent_now, &recurrent_now[0, 0], nn * nn * sizeof(double))
            memcpy(self.st.bias_now, &bias_now[0], nn * sizeof(double))
            memcpy(self.st.y, &y[0], nn * sizeof(double))
            self.st.noise_now = noise_now
            self.st.rng = rng
            self.st.moving = True
            lock_give(self.st.lock)

    def get_recent(self, Py_ssize_t count):
        """(history of the last ``count`` samples oldest first (count, neurons), outputs y)."""
        cdef Py_ssize_t n = self.st.n_neurons
        if not 1 <= count <= self.st.rows:
            raise ValueError(f"count: {count} must be in [1, {self.st.rows}]")
        cdef double[:, ::1] rows = np.empty((count, n))
        cdef double[::1] y = np.empty(n)
        with nogil:
            lock_take(self.st.lock)
            if count <= self.st.rows:
                self._copy_recent(rows, count)
            memcpy(&y[0], self.st.y, n * sizeof(double))
            lock_give(self.st.lock)
        return np.asarray(rows), np.asarray(y)

    def set_recent(self, rows_in, y_in):
        """Overwrite the last ``len(rows)`` history rows (oldest first) and the outputs y."""
        cdef Py_ssize_t n = self.st.n_neurons, i
        cdef const double[:, ::1] rows = np.ascontiguousarray(rows_in, dtype=np.float64)
        cdef const double[::1] y = np.ascontiguousarray(y_in, dtype=np.float64)
        cdef Py_ssize_t count = rows.shape[0]
        if rows.shape[1] != n or y.shape[0] != n or not 1 <= count <= self.st.rows:
            raise ValueError(f"set_recent: expected (count <= {self.st.rows}, {n}) rows and "
                             f"{n} outputs")
        if not (np.all(np.isfinite(rows_in)) and np.all(np.isfinite(y_in))):
            raise ValueError("set_recent: values must be finite")
        with nogil:
            lock_take(self.st.lock)
            if count <= self.st.rows:
                for i in range(count):
                    memcpy(self.st.history
                           + ((self.st.write - count + i) & (self.st.rows - 1)) * n,
                           &rows[i, 0], n * sizeof(double))
                if self.st.filled < count:
                    self.st.filled = count
            memcpy(self.st.y, &y[0], n * sizeof(double))
            lock_give(self.st.lock)

    # -- processing -----------------------------------------------------------------------
    def process(self, const float[:, ::1] x, float[:, ::1] out):
        """Render ``x.shape[1]`` samples; ``x`` is (inputs, n), ``out`` is (neurons, n)."""
        cdef Py_ssize_t n = x.shape[1]
        cdef Py_ssize_t i
        cdef const float* x_rows[MAX_ROWS]
        cdef float* out_rows[MAX_ROWS]
        if (x.shape[0] != self.st.n_inputs or out.shape[0] != self.st.n_neurons
                or out.shape[1] < n):
            raise ValueError(f"process: expected x ({self.st.n_inputs}, n) and out "
                             f"({self.st.n_neurons}, n), got {tuple(x.shape)[:2]} and "
                             f"{tuple(out.shape)[:2]}")
        if n == 0:
            return
        for i in range(self.st.n_inputs):
            x_rows[i] = &x[i, 0]
        for i in range(self.st.n_neurons):
            out_rows[i] = &out[i, 0]
        with nogil:
            lock_take(self.st.lock)
            _network_run(&self.st, x_rows, out_rows, n)
            lock_give(self.st.lock)

    def block_capsule(self):
        """A ``nrcore.block.v1`` capsule (cython/nrcore_block.h) running this kernel from C:
        one row per input in, one row per neuron out."""
        return block_capsule(self, &self.st, _network_block)
