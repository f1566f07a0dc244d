# The learning neuron and the learning network: adaptive nonlinear mixers that change their
# weights every sample so that their output follows a target signal.
#
# The equations are written out in python/nrcore/learning.py; tests/ref_learning.py mirrors this
# file operation for operation, so any change to the arithmetic (even its order) needs the same
# change there.
from cpython.pythread cimport PyThread_type_lock, PyThread_allocate_lock, PyThread_free_lock
from libc.math cimport fabs, isfinite
from libc.string cimport memcpy

from nrdsp cimport (ACT_HARDCLIP, ACT_LINEAR, ACT_NLC, ACT_RELU, ACT_SIGMOID, ACT_SINEFOLD,
                    ACT_SOFTCLIP, ACT_TANH, activate, activate_slope, block_capsule, clamp,
                    finite_or_zero, flush, lock_give, lock_take, safe, safe_limit)

import numpy as np

# Algorithm ids; their order is the order of nrcore.learning.ALGORITHMS.
cdef enum:
    ALG_NLMS = 0
    ALG_LMS = 1
    ALG_SIGN_ERROR = 2


cdef inline double error_term(int algorithm, double e) noexcept nogil:
    """What multiplies the gradient: the error itself, or only its sign for sign-error."""
    if algorithm == ALG_SIGN_ERROR:
        if e > 0.0:
            return 1.0
        if e < 0.0:
            return -1.0
        return 0.0
    return e


cdef inline double reachable_target(int kind, double d, double response) noexcept nogil:
    """The target clamped to the activation's output range: the part of it the neuron can
    reach. Learning from this (not from the raw target) bounds what one wild target sample can
    teach, so a click in the target cannot drive a tanh neuron into saturation, where its
    gradient is exactly 0 and it would never learn again."""
    if kind == ACT_TANH or kind == ACT_HARDCLIP or kind == ACT_SOFTCLIP or kind == ACT_SINEFOLD:
        return clamp(d, -1.0, 1.0)
    if kind == ACT_SIGMOID:
        return clamp(d, 0.0, 1.0)
    if kind == ACT_RELU:
        return clamp(d, 0.0, safe_limit())
    if kind == ACT_NLC:
        # outputs are rect - response (rect in (0, 1]) or +response
        return clamp(d, -response, response if response > 1.0 - response else 1.0 - response)
    return clamp(d, -safe_limit(), safe_limit())


cdef inline double guard_weight(double w, double limit, int* hit) noexcept nogil:
    """Clamp one updated weight to +-limit (flagging a hit) and flush denormals left by leak."""
    if fabs(w) > limit:
        hit[0] = 1
        return clamp(w, -limit, limit)
    return flush(w)


DEF MAX_ROWS = 256


# The learners' controls, read by the sample loop and written under the lock.
cdef struct Controls:
    int activation
    int algorithm
    double response
    double mu
    double leak
    double eps
    double weight_limit
    bint frozen
    bint learn_bias
    Py_ssize_t trajectory_every
    long long samples_seen      # samples since reset (drives the trajectory)
    long long divergences       # samples on which the weight guard had to act


cdef inline Py_ssize_t trajectory_rows(Controls* c, Py_ssize_t n) noexcept nogil:
    """Trajectory rows a block of n samples writes: multiples of trajectory_every passed."""
    return ((c.samples_seen + n) // c.trajectory_every
            - c.samples_seen // c.trajectory_every)


cdef struct NeuronLearner:
    PyThread_type_lock lock     # the kernel object's lock
    Controls* c                 # the kernel object's controls
    int n_inputs
    double* weights
    double bias
    double* weights_initial
    double bias_initial
    double* clean_input         # scratch: this sample's inputs, NaN/inf zeroed
    double* weights_next        # scratch: candidate weights before the guard


cdef Py_ssize_t _neuron_learn(NeuronLearner* st, const float* const* x, float* out_y,
                              float* out_e, Py_ssize_t n, double* trajectory,
                              long long* trajectory_index) noexcept nogil:
    """Learn over n samples from rows x (inputs, then the target); trajectory rows (inputs + 1
    wide) are written when ``trajectory`` is not NULL. The caller holds the lock."""
    cdef Py_ssize_t n_in = st.n_inputs
    cdef Py_ssize_t t, i, row = 0
    cdef Controls* c = st.c
    cdef double s, y, d, e, xi, norm, step, gradient, keep, candidate, bias_next
    cdef int hit, bad
    keep = 1.0 - c.leak
    for t in range(n):
        # Forward: the prediction uses the weights before this sample's update.
        s = st.bias
        norm = c.eps + (1.0 if c.learn_bias else 0.0)
        for i in range(n_in):
            xi = finite_or_zero(x[i][t])
            st.clean_input[i] = xi
            s += st.weights[i] * xi
            norm += xi * xi
        s = safe(s)
        y = activate(c.activation, s, c.response)
        d = finite_or_zero(x[n_in][t])
        out_y[t] = <float>safe(y)
        out_e[t] = <float>safe(d - y)

        if not c.frozen:
            # Gradient of e^2/2 with respect to the pre-activation sum, e measured from the
            # reachable part of the target.
            e = reachable_target(c.activation, d, c.response) - y
            gradient = error_term(c.algorithm, e) * activate_slope(c.activation, s, y)
            if c.algorithm == ALG_NLMS:
                step = c.mu / norm
            else:
                step = c.mu
            hit = 0
            bad = 0
            for i in range(n_in):
                candidate = keep * st.weights[i] + step * gradient * st.clean_input[i]
                if not isfinite(candidate):
                    bad = 1
                st.weights_next[i] = guard_weight(candidate, c.weight_limit, &hit)
            bias_next = st.bias
            if c.learn_bias:
                candidate = keep * st.bias + step * gradient
                if not isfinite(candidate):
                    bad = 1
                bias_next = guard_weight(candidate, c.weight_limit, &hit)
            if bad:
                # A non-finite update would poison everything after it: keep the previous
                # weights, which are finite by induction.
                c.divergences += 1
            else:
                for i in range(n_in):
                    st.weights[i] = st.weights_next[i]
                st.bias = bias_next
                if hit:
                    c.divergences += 1

        c.samples_seen += 1
        if c.samples_seen % c.trajectory_every == 0:
            if trajectory != NULL:
                for i in range(n_in):
                    trajectory[row * (n_in + 1) + i] = st.weights[i]
                trajectory[row * (n_in + 1) + n_in] = st.bias
                trajectory_index[row] = c.samples_seen
            row += 1
    return row


cdef int _neuron_block(void* kernel, const float* const* ins, int n_in, float* const* outs,
                       int n_out, int n) noexcept nogil:
    """The nrcore_block entry point: rows inputs then target in; y and e out."""
    cdef NeuronLearner* st = <NeuronLearner*>kernel
    if n < 0 or n_in != st.n_inputs + 1 or n_out != 2:
        return -1
    lock_take(st.lock)
    _neuron_learn(st, ins, outs[0], outs[1], n, NULL, NULL)
    lock_give(st.lock)
    return 0


cdef struct NetworkLearner:
    PyThread_type_lock lock     # the kernel object's lock
    Controls* c                 # the kernel object's controls
    int n_inputs
    int n_hidden
    int hidden_activation
    int output_activation
    # Parameters: hidden weights (H, I) row-major, hidden biases (H), output weights (H),
    # output bias; their initial values; scratch, allocated once.
    double* w_hidden
    double* b_hidden
    double* w_out
    double b_out
    double* w_hidden_initial
    double* b_hidden_initial
    double* w_out_initial
    double b_out_initial
    double* clean_input
    double* hidden_sum
    double* hidden_out
    double* hidden_delta
    double* w_hidden_next
    double* b_hidden_next
    double* w_out_next


cdef Py_ssize_t _network_learn(NetworkLearner* st, const float* const* x, float* out_y,
                               float* out_e, Py_ssize_t n, double* trajectory,
                               long long* trajectory_index) noexcept nogil:
    """Learn over n samples from rows x (inputs, then the target); trajectory rows hold every
    parameter flattened as [w_hidden row by row, b_hidden, w_out, b_out] and are written when
    ``trajectory`` is not NULL. The caller holds the lock."""
    cdef Py_ssize_t n_in = st.n_inputs
    cdef Py_ssize_t n_h = st.n_hidden
    cdef Py_ssize_t width = n_h * (n_in + 2) + 1
    cdef Py_ssize_t t, i, j, col, row = 0
    cdef Controls* c = st.c
    cdef double s, y, d, e, xi, hj, input_norm, hidden_norm, step_hidden, step_out
    cdef double delta_out, keep, candidate, b_out_next
    cdef int hit, bad
    keep = 1.0 - c.leak
    for t in range(n):
        input_norm = c.eps + 1.0
        for i in range(n_in):
            xi = finite_or_zero(x[i][t])
            st.clean_input[i] = xi
            input_norm += xi * xi
        # Forward pass.
        hidden_norm = c.eps + 1.0
        s = st.b_out
        for j in range(n_h):
            hj = st.b_hidden[j]
            for i in range(n_in):
                hj += st.w_hidden[j * n_in + i] * st.clean_input[i]
            hj = safe(hj)
            st.hidden_sum[j] = hj
            hj = activate(st.hidden_activation, hj, c.response)
            st.hidden_out[j] = hj
            hidden_norm += hj * hj
            s += st.w_out[j] * hj
        s = safe(s)
        y = activate(st.output_activation, s, c.response)
        d = finite_or_zero(x[n_in][t])
        out_y[t] = <float>safe(y)
        out_e[t] = <float>safe(d - y)

        if not c.frozen:
            # Backward pass, all deltas from the weights before this sample's update.
            e = reachable_target(st.output_activation, d, c.response) - y
            delta_out = error_term(c.algorithm, e) * activate_slope(
                st.output_activation, s, y)
            for j in range(n_h):
                st.hidden_delta[j] = delta_out * st.w_out[j] * activate_slope(
                    st.hidden_activation, st.hidden_sum[j], st.hidden_out[j])
            if c.algorithm == ALG_NLMS:
                # Each layer normalised by the power of its own input (bias input 1).
                step_out = c.mu / hidden_norm
                step_hidden = c.mu / input_norm
            else:
                step_out = c.mu
                step_hidden = c.mu
            hit = 0
            bad = 0
            for j in range(n_h):
                candidate = keep * st.w_out[j] + step_out * delta_out * st.hidden_out[j]
                if not isfinite(candidate):
                    bad = 1
                st.w_out_next[j] = guard_weight(candidate, c.weight_limit, &hit)
                for i in range(n_in):
                    candidate = (keep * st.w_hidden[j * n_in + i]
                                 + step_hidden * st.hidden_delta[j] * st.clean_input[i])
                    if not isfinite(candidate):
                        bad = 1
                    st.w_hidden_next[j * n_in + i] = guard_weight(candidate, c.weight_limit,
                                                                  &hit)
                candidate = keep * st.b_hidden[j] + step_hidden * st.hidden_delta[j]
                if not isfinite(candidate):
                    bad = 1
                st.b_hidden_next[j] = guard_weight(candidate, c.weight_limit, &hit)
            candidate = keep * st.b_out + step_out * delta_out
            if not isfinite(candidate):
                bad = 1
            b_out_next = guard_weight(candidate, c.weight_limit, &hit)
            if bad:
                c.divergences += 1
            else:
                for j in range(n_h):
                    st.w_out[j] = st.w_out_next[j]
                    st.b_hidden[j] = st.b_hidden_next[j]
                    for i in range(n_in):
                        st.w_hidden[j * n_in + i] = st.w_hidden_next[j * n_in + i]
                st.b_out = b_out_next
                if hit:
                    c.divergences += 1

        c.samples_seen += 1
        if c.samples_seen % c.trajectory_every == 0:
            if trajectory != NULL:
                col = row * width
                for j in range(n_h):
                    for i in range(n_in):
                        trajectory[col] = st.w_hidden[j * n_in + i]
                        col += 1
                for j in range(n_h):
                    trajectory[col] = st.b_hidden[j]
                    col += 1
                for j in range(n_h):
                    trajectory[col] = st.w_out[j]
                    col += 1
                trajectory[col] = st.b_out
                trajectory_index[row] = c.samples_seen
            row += 1
    return row


cdef int _network_block(void* kernel, const float* const* ins, int n_in, float* const* outs,
                        int n_out, int n) noexcept nogil:
    """The nrcore_block entry point: rows inputs then target in; y and e out."""
    cdef NetworkLearner* st = <NetworkLearner*>kernel
    if n < 0 or n_in != st.n_inputs + 1 or n_out != 2:
        return -1
    lock_take(st.lock)
    _network_learn(st, ins, outs[0], outs[1], n, NULL, NULL)
    lock_give(st.lock)
    return 0


cdef class _LearnerBase:
    """The lock and controls both learning kernels share. Thread-safe: every method takes the
    lock (``process`` inside its nogil block), so controls, weights and state may change from
    one thread while another learns; a change lands between two blocks."""

    cdef PyThread_type_lock lock
    cdef Controls c

    def __cinit__(self, *args):
        self.lock = PyThread_allocate_lock()
        if self.lock == NULL:
            raise MemoryError("learning kernel: out of memory")
        self.c.activation = 1
        self.c.algorithm = ALG_NLMS
        self.c.response = 0.5
        self.c.mu = 0.1
        self.c.eps = 1e-3
        self.c.weight_limit = 100.0
        self.c.learn_bias = True
        self.c.trajectory_every = 64

    def __dealloc__(self):
        if self.lock != NULL:
            PyThread_free_lock(self.lock)

    @property
    def activation(self):
        return self.c.activation

    @activation.setter
    def activation(self, int value):
        with nogil:
            lock_take(self.lock)
            self.c.activation = value
            lock_give(self.lock)

    @property
    def algorithm(self):
        return self.c.algorithm

    @algorithm.setter
    def algorithm(self, int value):
        with nogil:
            lock_take(self.lock)
            self.c.algorithm = value
            lock_give(self.lock)

    @property
    def response(self):
        return self.c.response

    @response.setter
    def response(self, double value):
        with nogil:
            lock_take(self.lock)
            self.c.response = value
            lock_give(self.lock)

    @property
    def mu(self):
        return self.c.mu

    @mu.setter
    def mu(self, double value):
        with nogil:
            lock_take(self.lock)
            self.c.mu = value
            lock_give(self.lock)

    @property
    def leak(self):
        return self.c.leak

    @leak.setter
    def leak(self, double value):
        with nogil:
            lock_take(self.lock)
            self.c.leak = value
            lock_give(self.lock)

    @property
    def eps(self):
        return self.c.eps

    @eps.setter
    def eps(self, double value):
        with nogil:
            lock_take(self.lock)
            self.c.eps = value
            lock_give(self.lock)

    @property
    def weight_limit(self):
        return self.c.weight_limit

    @weight_limit.setter
    def weight_limit(self, double value):
        with nogil:
            lock_take(self.lock)
            self.c.weight_limit = value
            lock_give(self.lock)

    @property
    def frozen(self):
        return self.c.frozen

    @frozen.setter
    def frozen(self, bint value):
        with nogil:
            lock_take(self.lock)
            self.c.frozen = value
            lock_give(self.lock)

    @property
    def learn_bias(self):
        return self.c.learn_bias

    @learn_bias.setter
    def learn_bias(self, bint value):
        with nogil:
            lock_take(self.lock)
            self.c.learn_bias = value
            lock_give(self.lock)

    @property
    def trajectory_every(self):
        return self.c.trajectory_every

    @trajectory_every.setter
    def trajectory_every(self, Py_ssize_t value):
        if value < 1:
            raise ValueError(f"trajectory_every: {value} must be >= 1")
        with nogil:
            lock_take(self.lock)
            self.c.trajectory_every = value
            lock_give(self.lock)

    @property
    def samples_seen(self):
        return self.c.samples_seen

    @property
    def divergences(self):
        return self.c.divergences

    cdef void _learn(self, const float* const* x, float* out_y, float* out_e, Py_ssize_t n,
                     double* trajectory, long long* trajectory_index) noexcept nogil:
        pass

    cdef Py_ssize_t _width(self):
        return 0

    def process(self, const float[:, ::1] x, float[:, ::1] out, double[:, ::1] trajectory,
                long long[::1] trajectory_index):
        """Learn over ``x.shape[1]`` samples.

        ``x`` is (inputs + 1, n): the input signals, then the target. ``out`` is (2, n): output
        y and error e. ``trajectory`` is (rows, width) and ``trajectory_index`` (rows,), rows at
        least the number of multiples of ``trajectory_every`` that ``samples_seen`` passes in
        this block. Returns the number of rows written, or minus the number of rows needed
        (nothing processed) when the trajectory is too short, which can happen only when
        another thread changed ``trajectory_every`` or the state since the caller sized it.
        """
        cdef Py_ssize_t n = x.shape[1]
        cdef Py_ssize_t i, rows = 0, needed
        cdef Py_ssize_t n_rows = x.shape[0]
        cdef Py_ssize_t capacity = trajectory.shape[0]
        cdef const float* x_rows[MAX_ROWS]
        cdef double* traj = NULL
        cdef long long* index = NULL
        if (n_rows != self._n_rows() or out.shape[0] != 2 or out.shape[1] < n
                or trajectory_index.shape[0] < capacity
                or (capacity > 0 and trajectory.shape[1] != self._width())):
            raise ValueError(f"process: expected x ({self._n_rows()}, n), out (2, n) and a "
                             f"trajectory (rows, {self._width()}), got {tuple(x.shape)[:2]}, "
                             f"{tuple(out.shape)[:2]} and {tuple(trajectory.shape)[:2]}")
        if n == 0:
            return 0
        for i in range(n_rows):
            x_rows[i] = &x[i, 0]
        if capacity > 0:
            traj = &trajectory[0, 0]
            index = &trajectory_index[0]
        with nogil:
            lock_take(self.lock)
            needed = trajectory_rows(&self.c, n)
            if needed <= capacity:
                self._learn(x_rows, &out[0, 0], &out[1, 0], n, traj, index)
                rows = needed
            lock_give(self.lock)
        return rows if needed <= capacity else -needed

    cdef Py_ssize_t _n_rows(self):
        return 0

    def trajectory_rows(self, Py_ssize_t n):
        """Trajectory rows a block of ``n`` samples would write now."""
        cdef Py_ssize_t rows
        with nogil:
            lock_take(self.lock)
            rows = trajectory_rows(&self.c, n)
            lock_give(self.lock)
        return rows

cdef class LearningNeuronKernel(_LearnerBase):
    """Per-sample core of :class:`nrcore.LearningNeuron`; all learning state lives here."""

    cdef NeuronLearner st
    cdef double[::1] _weights, _weights_initial, _clean_input, _weights_next

    def __init__(self, int n_inputs):
        if not 1 <= n_inputs < MAX_ROWS:
            raise ValueError(f"LearningNeuronKernel: n_inputs {n_inputs} must be in "
                             f"[1, {MAX_ROWS - 1}]")
        self._weights = np.zeros(n_inputs)
        self._weights_initial = np.zeros(n_inputs)
        self._clean_input = np.zeros(n_inputs)
        self._weights_next = np.zeros(n_inputs)
        self.st.lock = self.lock
        self.st.c = &self.c
        self.st.n_inputs = n_inputs
        self.st.weights = &self._weights[0]
        self.st.weights_initial = &self._weights_initial[0]
        self.st.clean_input = &self._clean_input[0]
        self.st.weights_next = &self._weights_next[0]
        self.reset()

    @property
    def n_inputs(self):
        return self.st.n_inputs

    cdef Py_ssize_t _n_rows(self):
        return self.st.n_inputs + 1

    cdef Py_ssize_t _width(self):
        return self.st.n_inputs + 1

    cdef void _learn(self, const float* const* x, float* out_y, float* out_e, Py_ssize_t n,
                     double* trajectory, long long* trajectory_index) noexcept nogil:
        _neuron_learn(&self.st, x, out_y, out_e, n, trajectory, trajectory_index)

    # -- setters ----------------------------------------------------------------------------
    def set_initial(self, const double[::1] weights, double bias):
        """Weights and bias used from now on and restored by :meth:`reset`."""
        cdef Py_ssize_t i
        if weights.shape[0] != self.st.n_inputs:
            raise ValueError(f"weights: expected {self.st.n_inputs} values, got {weights.shape[0]}")
        with nogil:
            lock_take(self.lock)
            for i in range(self.st.n_inputs):
                self.st.weights_initial[i] = weights[i]
                self.st.weights[i] = weights[i]
            self.st.bias_initial = bias
            self.st.bias = bias
            lock_give(self.lock)

    def reset(self):
        with nogil:
            lock_take(self.lock)
            memcpy(self.st.weights, self.st.weights_initial, self.st.n_inputs * sizeof(double))
            self.st.bias = self.st.bias_initial
            self.c.samples_seen = 0
            self.c.divergences = 0
            lock_give(self.lock)

    def current(self):
        """(weights copy, bias) as they are now."""
        cdef double[::1] weights = np.empty(self.st.n_inputs)
        cdef double bias
        with nogil:
            lock_take(self.lock)
            memcpy(&weights[0], self.st.weights, self.st.n_inputs * sizeof(double))
            bias = self.st.bias
            lock_give(self.lock)
        return np.asarray(weights), bias

    # -- state ------------------------------------------------------------------------------
    def get_state(self):
        cdef double[::1] weights = np.empty(self.st.n_inputs)
        cdef double bias
        cdef long long seen, divergences
        with nogil:
            lock_take(self.lock)
            memcpy(&weights[0], self.st.weights, self.st.n_inputs * sizeof(double))
            bias = self.st.bias
            seen = self.c.samples_seen
            divergences = self.c.divergences
            lock_give(self.lock)
        return {
            "weights": np.asarray(weights),
            "bias": np.array([bias]),
            "counters": np.array([seen, divergences], dtype=np.int64),
        }

    def set_state(self, state):
        weights_in = np.asarray(state["weights"], dtype=np.float64).reshape(-1)
        bias_in = np.asarray(state["bias"], dtype=np.float64).reshape(-1)
        counters = np.asarray(state["counters"], dtype=np.int64).reshape(-1)
        if weights_in.shape != (self.st.n_inputs,):
            raise ValueError(f"state: weights has shape {weights_in.shape}, "
                             f"expected ({self.st.n_inputs},)")
        if bias_in.shape != (1,) or counters.shape != (2,):
            raise ValueError("state: bias must hold 1 value and counters 2")
        if not (np.all(np.isfinite(weights_in)) and np.isfinite(bias_in[0])):
            raise ValueError("state: weights and bias must be finite")
        if counters[0] < 0 or counters[1] < 0:
            raise ValueError("state: counters must be >= 0")
        cdef const double[::1] weights = np.ascontiguousarray(weights_in)
        cdef double bias = float(bias_in[0])
        cdef long long seen = int(counters[0]), divergences = int(counters[1])
        with nogil:
            lock_take(self.lock)
            memcpy(self.st.weights, &weights[0], self.st.n_inputs * sizeof(double))
            self.st.bias = bias
            self.c.samples_seen = seen
            self.c.divergences = divergences
            lock_give(self.lock)

    def block_capsule(self):
        """A ``nrcore.block.v1`` capsule (cython/nrcore_block.h) running this kernel from C:
        the input rows then the target row in; y and e out (no trajectory)."""
        return block_capsule(self, &self.st, _neuron_block)


cdef class LearningNetworkKernel(_LearnerBase):
    """Per-sample core of :class:`nrcore.LearningNetwork`: one hidden layer, one output,
    online backpropagation every sample."""

    cdef NetworkLearner st
    cdef double[:, ::1] _w_hidden, _w_hidden_initial, _w_hidden_next
    cdef double[::1] _b_hidden, _w_out, _b_hidden_initial, _w_out_initial
    cdef double[::1] _clean_input, _hidden_sum, _hidden_out, _hidden_delta
    cdef double[::1] _b_hidden_next, _w_out_next

    def __init__(self, int n_inputs, int n_hidden):
        if not (1 <= n_inputs < MAX_ROWS and n_hidden >= 1):
            raise ValueError(f"LearningNetworkKernel: needs 1..{MAX_ROWS - 1} inputs and >= 1 "
                             f"hidden units, got {n_inputs} and {n_hidden}")
        self._w_hidden = np.zeros((n_hidden, n_inputs))
        self._w_hidden_initial = np.zeros((n_hidden, n_inputs))
        self._w_hidden_next = np.zeros((n_hidden, n_inputs))
        self._b_hidden = np.zeros(n_hidden)
        self._w_out = np.zeros(n_hidden)
        self._b_hidden_initial = np.zeros(n_hidden)
        self._w_out_initial = np.zeros(n_hidden)
        self._clean_input = np.zeros(n_inputs)
        self._hidden_sum = np.zeros(n_hidden)
        self._hidden_out = np.zeros(n_hidden)
        self._hidden_delta = np.zeros(n_hidden)
        self._b_hidden_next = np.zeros(n_hidden)
        self._w_out_next = np.zeros(n_hidden)
        self.st.lock = self.lock
        self.st.c = &self.c
        self.st.n_inputs = n_inputs
        self.st.n_hidden = n_hidden
        self.st.hidden_activation = 1
        self.st.output_activation = 1
        self.st.w_hidden = &self._w_hidden[0, 0]
        self.st.w_hidden_initial = &self._w_hidden_initial[0, 0]
        self.st.w_hidden_next = &self._w_hidden_next[0, 0]
        self.st.b_hidden = &self._b_hidden[0]
        self.st.w_out = &self._w_out[0]
        self.st.b_hidden_initial = &self._b_hidden_initial[0]
        self.st.w_out_initial = &self._w_out_initial[0]
        self.st.clean_input = &self._clean_input[0]
        self.st.hidden_sum = &self._hidden_sum[0]
        self.st.hidden_out = &self._hidden_out[0]
        self.st.hidden_delta = &self._hidden_delta[0]
        self.st.b_hidden_next = &self._b_hidden_next[0]
        self.st.w_out_next = &self._w_out_next[0]
        self.reset()

    @property
    def n_inputs(self):
        return self.st.n_inputs

    @property
    def n_hidden(self):
        return self.st.n_hidden

    @property
    def hidden_activation(self):
        return self.st.hidden_activation

    @hidden_activation.setter
    def hidden_activation(self, int value):
        with nogil:
            lock_take(self.lock)
            self.st.hidden_activation = value
            lock_give(self.lock)

    @property
    def output_activation(self):
        return self.st.output_activation

    @output_activation.setter
    def output_activation(self, int value):
        with nogil:
            lock_take(self.lock)
            self.st.output_activation = value
            lock_give(self.lock)

    cdef Py_ssize_t _n_rows(self):
        return self.st.n_inputs + 1

    cdef Py_ssize_t _width(self):
        return self.st.n_hidden * (self.st.n_inputs + 2) + 1

    cdef void _learn(self, const float* const* x, float* out_y, float* out_e, Py_ssize_t n,
                     double* trajectory, long long* trajectory_index) noexcept nogil:
        _network_learn(&self.st, x, out_y, out_e, n, trajectory, trajectory_index)

    cdef void _reset(self) noexcept nogil:
        cdef Py_ssize_t h = self.st.n_hidden, m = self.st.n_inputs
        memcpy(self.st.w_hidden, self.st.w_hidden_initial, h * m * sizeof(double))
        memcpy(self.st.b_hidden, self.st.b_hidden_initial, h * sizeof(double))
        memcpy(self.st.w_out, self.st.w_out_initial, h * sizeof(double))
        self.st.b_out = self.st.b_out_initial
        self.c.samples_seen = 0
        self.c.divergences = 0

    def set_initial(self, const double[:, ::1] w_hidden, const double[::1] b_hidden,
                    const double[::1] w_out, double b_out):
        """Parameters used from now on and restored by :meth:`reset` (which this does)."""
        cdef Py_ssize_t h = self.st.n_hidden, m = self.st.n_inputs
        if (w_hidden.shape[0] != h or w_hidden.shape[1] != m or b_hidden.shape[0] != h
                or w_out.shape[0] != h):
            raise ValueError(f"set_initial: expected ({h}, {m}), ({h},), ({h},) arrays")
        with nogil:
            lock_take(self.lock)
            memcpy(self.st.w_hidden_initial, &w_hidden[0, 0], h * m * sizeof(double))
            memcpy(self.st.b_hidden_initial, &b_hidden[0], h * sizeof(double))
            memcpy(self.st.w_out_initial, &w_out[0], h * sizeof(double))
            self.st.b_out_initial = b_out
            self._reset()
            lock_give(self.lock)

    def reset(self):
        with nogil:
            lock_take(self.lock)
            self._reset()
            lock_give(self.lock)

    def current(self):
        """(w_hidden, b_hidden, w_out, b_out) copies as they are now."""
        state = self.get_state()
        return state["w_hidden"], state["b_hidden"], state["w_out"], float(state["b_out"][0])

    def get_state(self):
        cdef Py_ssize_t h = self.st.n_hidden, m = self.st.n_inputs
        cdef double[:, ::1] w_hidden = np.empty((h, m))
        cdef double[::1] b_hidden = np.empty(h)
        cdef double[::1] w_out = np.empty(h)
        cdef double b_out
        cdef long long seen, divergences
        with nogil:
            lock_take(self.lock)
            memcpy(&w_hidden[0, 0], self.st.w_hidden, h * m * sizeof(double))
            memcpy(&b_hidden[0], self.st.b_hidden, h * sizeof(double))
            memcpy(&w_out[0], self.st.w_out, h * sizeof(double))
            b_out = self.st.b_out
            seen = self.c.samples_seen
            divergences = self.c.divergences
            lock_give(self.lock)
        return {
            "w_hidden": np.asarray(w_hidden),
            "b_hidden": np.asarray(b_hidden),
            "w_out": np.asarray(w_out),
            "b_out": np.array([b_out]),
            "counters": np.array([seen, divergences], dtype=np.int64),
        }

    def set_state(self, state):
        h, n_in = self.st.n_hidden, self.st.n_inputs
        w_hidden_in = np.asarray(state["w_hidden"], dtype=np.float64)
        b_hidden_in = np.asarray(state["b_hidden"], dtype=np.float64).reshape(-1)
        w_out_in = np.asarray(state["w_out"], dtype=np.float64).reshape(-1)
        b_out_in = np.asarray(state["b_out"], dtype=np.float64).reshape(-1)
        counters = np.asarray(state["counters"], dtype=np.int64).reshape(-1)
        for name, arr, shape in (("w_hidden", w_hidden_in, (h, n_in)),
                                 ("b_hidden", b_hidden_in, (h,)), ("w_out", w_out_in, (h,)),
                                 ("b_out", b_out_in, (1,)), ("counters", counters, (2,))):
            if arr.shape != shape:
                raise ValueError(f"state: {name} has shape {arr.shape}, expected {shape}")
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"state: {name} must be finite")
        if counters[0] < 0 or counters[1] < 0:
            raise ValueError("state: counters must be >= 0")
        cdef const double[:, ::1] w_hidden = np.ascontiguousarray(w_hidden_in)
        cdef const double[::1] b_hidden = np.ascontiguousarray(b_hidden_in)
        cdef const double[::1] w_out = np.ascontiguousarray(w_out_in)
        cdef double b_out = float(b_out_in[0])
        cdef long long seen = int(counters[0]), divergences = int(counters[1])
        cdef Py_ssize_t hh = h, mm = n_in
        with nogil:
            lock_take(self.lock)
            memcpy(self.st.w_hidden, &w_hidden[0, 0], hh * mm * sizeof(double))
            memcpy(self.st.b_hidden, &b_hidden[0], hh * sizeof(double))
            memcpy(self.st.w_out, &w_out[0], hh * sizeof(double))
            self.st.b_out = b_out
            self.c.samples_seen = seen
            self.c.divergences = divergences
            lock_give(self.lock)

    def block_capsule(self):
        """A ``nrcore.block.v1`` capsule (cython/nrcore_block.h) running this kernel from C:
        the input rows then the target row in; y and e out (no trajectory)."""
        return block_capsule(self, &self.st, _network_block)
