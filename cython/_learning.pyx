# The learning neuron and the learning network: adaptive nonlinear mixers that change their
# weights every sample so that their output follows a target signal.
#
# The equations are written out in python/nrcore/learning.py; tests/ref_learning.py mirrors this
# file operation for operation, so any change to the arithmetic (even its order) needs the same
# change there.
from libc.math cimport fabs, isfinite

from nrdsp cimport (ACT_HARDCLIP, ACT_LINEAR, ACT_NLC, ACT_RELU, ACT_SIGMOID, ACT_SINEFOLD,
                    ACT_SOFTCLIP, ACT_TANH, activate, activate_slope, clamp, finite_or_zero,
                    flush, safe, safe_limit)

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


cdef class LearningNeuronKernel:
    """Per-sample core of :class:`nrcore.LearningNeuron`; all learning state lives here."""

    cdef public int n_inputs
    cdef public int activation
    cdef public int algorithm
    cdef public double response
    cdef public double mu
    cdef public double leak
    cdef public double eps
    cdef public double weight_limit
    cdef public bint frozen
    cdef public bint learn_bias
    cdef public Py_ssize_t trajectory_every
    cdef public long long samples_seen     # samples since reset (drives the trajectory)
    cdef public long long divergences      # samples on which the weight guard had to act
    cdef double[::1] weights
    cdef double bias
    cdef double[::1] weights_initial
    cdef double bias_initial
    cdef double[::1] clean_input            # scratch: this sample's inputs, NaN/inf zeroed
    cdef double[::1] weights_next           # scratch: candidate weights before the guard

    def __init__(self, int n_inputs):
        self.n_inputs = n_inputs
        self.weights = np.zeros(n_inputs)
        self.weights_initial = np.zeros(n_inputs)
        self.clean_input = np.zeros(n_inputs)
        self.weights_next = np.zeros(n_inputs)
        self.activation = 1
        self.algorithm = ALG_NLMS
        self.response = 0.5
        self.mu = 0.1
        self.leak = 0.0
        self.eps = 1e-3
        self.weight_limit = 100.0
        self.learn_bias = True
        self.trajectory_every = 64
        self.reset()

    # -- setters (called from Python between blocks) ----------------------------------------
    def set_initial(self, double[::1] weights, double bias):
        """Weights and bias used from now on and restored by :meth:`reset`."""
        self.weights_initial[:] = weights
        self.bias_initial = bias
        self.weights[:] = weights
        self.bias = bias

    def reset(self):
        self.weights[:] = self.weights_initial
        self.bias = self.bias_initial
        self.samples_seen = 0
        self.divergences = 0

    def current(self):
        """(weights copy, bias) as they are now."""
        return np.array(self.weights), self.bias

    # -- state ------------------------------------------------------------------------------
    def get_state(self):
        return {
            "weights": np.array(self.weights),
            "bias": np.array([self.bias]),
            "counters": np.array([self.samples_seen, self.divergences], dtype=np.int64),
        }

    def set_state(self, state):
        weights = np.asarray(state["weights"], dtype=np.float64).reshape(-1)
        bias = np.asarray(state["bias"], dtype=np.float64).reshape(-1)
        counters = np.asarray(state["counters"], dtype=np.int64).reshape(-1)
        if weights.shape != (self.n_inputs,):
            raise ValueError(f"state: weights has shape {weights.shape}, "
                             f"expected ({self.n_inputs},)")
        if bias.shape != (1,) or counters.shape != (2,):
            raise ValueError("state: bias must hold 1 value and counters 2")
        if not (np.all(np.isfinite(weights)) and np.isfinite(bias[0])):
            raise ValueError("state: weights and bias must be finite")
        if counters[0] < 0 or counters[1] < 0:
            raise ValueError("state: counters must be >= 0")
        np.asarray(self.weights)[:] = weights
        self.bias = float(bias[0])
        self.samples_seen = int(counters[0])
        self.divergences = int(counters[1])

    # -- processing -------------------------------------------------------------------------
    def process(self, const float[:, ::1] x, float[:, ::1] out, double[:, ::1] trajectory,
                long long[::1] trajectory_index):
        """Learn over ``x.shape[1]`` samples.

        ``x`` is (inputs + 1, n): the input signals, then the target. ``out`` is (2, n): output
        y and error e. ``trajectory`` is (rows, inputs + 1) and ``trajectory_index`` (rows,),
        with rows the number of multiples of ``trajectory_every`` that ``samples_seen`` passes
        in this block; returns the number of rows written.
        """
        cdef Py_ssize_t n = x.shape[1]
        cdef Py_ssize_t n_in = self.n_inputs
        cdef Py_ssize_t t, i, row = 0
        cdef double s, y, d, e, xi, norm, step, gradient, keep, candidate, bias_next
        cdef int hit, bad
        with nogil:
            keep = 1.0 - self.leak
            for t in range(n):
                # Forward: the prediction uses the weights before this sample's update.
                s = self.bias
                norm = self.eps + (1.0 if self.learn_bias else 0.0)
                for i in range(n_in):
                    xi = finite_or_zero(x[i, t])
                    self.clean_input[i] = xi
                    s += self.weights[i] * xi
                    norm += xi * xi
                s = safe(s)
                y = activate(self.activation, s, self.response)
                d = finite_or_zero(x[n_in, t])
                out[0, t] = <float>safe(y)
                out[1, t] = <float>safe(d - y)

                if not self.frozen:
                    # Gradient of e^2/2 with respect to the pre-activation sum, e measured
                    # from the reachable part of the target.
                    e = reachable_target(self.activation, d, self.response) - y
                    gradient = error_term(self.algorithm, e) * activate_slope(
                        self.activation, s, y)
                    if self.algorithm == ALG_NLMS:
                        step = self.mu / norm
                    else:
                        step = self.mu
                    hit = 0
                    bad = 0
                    for i in range(n_in):
                        candidate = keep * self.weights[i] + step * gradient * self.clean_input[i]
                        if not isfinite(candidate):
                            bad = 1
                        self.weights_next[i] = guard_weight(candidate, self.weight_limit, &hit)
                    bias_next = self.bias
                    if self.learn_bias:
                        candidate = keep * self.bias + step * gradient
                        if not isfinite(candidate):
                            bad = 1
                        bias_next = guard_weight(candidate, self.weight_limit, &hit)
                    if bad:
                        # A non-finite update would poison everything after it: keep the
                        # previous weights, which are finite by induction.
                        self.divergences += 1
                    else:
                        for i in range(n_in):
                            self.weights[i] = self.weights_next[i]
                        self.bias = bias_next
                        if hit:
                            self.divergences += 1

                self.samples_seen += 1
                if self.samples_seen % self.trajectory_every == 0:
                    for i in range(n_in):
                        trajectory[row, i] = self.weights[i]
                    trajectory[row, n_in] = self.bias
                    trajectory_index[row] = self.samples_seen
                    row += 1
        return row


cdef class LearningNetworkKernel:
    """Per-sample core of :class:`nrcore.LearningNetwork`: one hidden layer, one output,
    online backpropagation every sample."""

    cdef public int n_inputs
    cdef public int n_hidden
    cdef public int hidden_activation
    cdef public int output_activation
    cdef public int algorithm
    cdef public double response
    cdef public double mu
    cdef public double leak
    cdef public double eps
    cdef public double weight_limit
    cdef public bint frozen
    cdef public Py_ssize_t trajectory_every
    cdef public long long samples_seen
    cdef public long long divergences
    # Parameters: hidden weights (H, I), hidden biases (H), output weights (H), output bias.
    cdef double[:, ::1] w_hidden
    cdef double[::1] b_hidden
    cdef double[::1] w_out
    cdef double b_out
    cdef double[:, ::1] w_hidden_initial
    cdef double[::1] b_hidden_initial
    cdef double[::1] w_out_initial
    cdef double b_out_initial
    # Scratch, allocated once.
    cdef double[::1] clean_input
    cdef double[::1] hidden_sum
    cdef double[::1] hidden_out
    cdef double[::1] hidden_delta
    cdef double[:, ::1] w_hidden_next
    cdef double[::1] b_hidden_next
    cdef double[::1] w_out_next

    def __init__(self, int n_inputs, int n_hidden):
        self.n_inputs = n_inputs
        self.n_hidden = n_hidden
        self.w_hidden = np.zeros((n_hidden, n_inputs))
        self.b_hidden = np.zeros(n_hidden)
        self.w_out = np.zeros(n_hidden)
        self.w_hidden_initial = np.zeros((n_hidden, n_inputs))
        self.b_hidden_initial = np.zeros(n_hidden)
        self.w_out_initial = np.zeros(n_hidden)
        self.clean_input = np.zeros(n_inputs)
        self.hidden_sum = np.zeros(n_hidden)
        self.hidden_out = np.zeros(n_hidden)
        self.hidden_delta = np.zeros(n_hidden)
        self.w_hidden_next = np.zeros((n_hidden, n_inputs))
        self.b_hidden_next = np.zeros(n_hidden)
        self.w_out_next = np.zeros(n_hidden)
        self.hidden_activation = 1
        self.output_activation = 1
        self.algorithm = ALG_NLMS
        self.response = 0.5
        self.mu = 0.1
        self.leak = 0.0
        self.eps = 1e-3
        self.weight_limit = 100.0
        self.trajectory_every = 64
        self.reset()

    def set_initial(self, double[:, ::1] w_hidden, double[::1] b_hidden, double[::1] w_out,
                    double b_out):
        """Parameters used from now on and restored by :meth:`reset`."""
        self.w_hidden_initial[:, :] = w_hidden
        self.b_hidden_initial[:] = b_hidden
        self.w_out_initial[:] = w_out
        self.b_out_initial = b_out
        self.reset()

    def reset(self):
        self.w_hidden[:, :] = self.w_hidden_initial
        self.b_hidden[:] = self.b_hidden_initial
        self.w_out[:] = self.w_out_initial
        self.b_out = self.b_out_initial
        self.samples_seen = 0
        self.divergences = 0

    def current(self):
        """(w_hidden, b_hidden, w_out, b_out) copies as they are now."""
        return (np.array(self.w_hidden), np.array(self.b_hidden), np.array(self.w_out),
                self.b_out)

    def get_state(self):
        return {
            "w_hidden": np.array(self.w_hidden),
            "b_hidden": np.array(self.b_hidden),
            "w_out": np.array(self.w_out),
            "b_out": np.array([self.b_out]),
            "counters": np.array([self.samples_seen, self.divergences], dtype=np.int64),
        }

    def set_state(self, state):
        h, n_in = self.n_hidden, self.n_inputs
        w_hidden = np.asarray(state["w_hidden"], dtype=np.float64)
        b_hidden = np.asarray(state["b_hidden"], dtype=np.float64).reshape(-1)
        w_out = np.asarray(state["w_out"], dtype=np.float64).reshape(-1)
        b_out = np.asarray(state["b_out"], dtype=np.float64).reshape(-1)
        counters = np.asarray(state["counters"], dtype=np.int64).reshape(-1)
        for name, arr, shape in (("w_hidden", w_hidden, (h, n_in)), ("b_hidden", b_hidden, (h,)),
                                 ("w_out", w_out, (h,)), ("b_out", b_out, (1,)),
                                 ("counters", counters, (2,))):
            if arr.shape != shape:
                raise ValueError(f"state: {name} has shape {arr.shape}, expected {shape}")
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"state: {name} must be finite")
        if counters[0] < 0 or counters[1] < 0:
            raise ValueError("state: counters must be >= 0")
        # (numpy views: a typed memoryview cannot be assigned from a Python array object)
        np.asarray(self.w_hidden)[:, :] = w_hidden
        np.asarray(self.b_hidden)[:] = b_hidden
        np.asarray(self.w_out)[:] = w_out
        self.b_out = float(b_out[0])
        self.samples_seen = int(counters[0])
        self.divergences = int(counters[1])

    def process(self, const float[:, ::1] x, float[:, ::1] out, double[:, ::1] trajectory,
                long long[::1] trajectory_index):
        """Learn over ``x.shape[1]`` samples; ``x`` is (inputs + 1, n) with the target last,
        ``out`` is (2, n): y and e. Trajectory rows hold every parameter flattened as
        [w_hidden row by row, b_hidden, w_out, b_out]; returns the number of rows written."""
        cdef Py_ssize_t n = x.shape[1]
        cdef Py_ssize_t n_in = self.n_inputs
        cdef Py_ssize_t n_h = self.n_hidden
        cdef Py_ssize_t t, i, j, col, row = 0
        cdef double s, y, d, e, xi, hj, input_norm, hidden_norm, step_hidden, step_out
        cdef double delta_out, keep, candidate, b_out_next
        cdef int hit, bad
        with nogil:
            keep = 1.0 - self.leak
            for t in range(n):
                input_norm = self.eps + 1.0
                for i in range(n_in):
                    xi = finite_or_zero(x[i, t])
                    self.clean_input[i] = xi
                    input_norm += xi * xi
                # Forward pass.
                hidden_norm = self.eps + 1.0
                s = self.b_out
                for j in range(n_h):
                    hj = self.b_hidden[j]
                    for i in range(n_in):
                        hj += self.w_hidden[j, i] * self.clean_input[i]
                    hj = safe(hj)
                    self.hidden_sum[j] = hj
                    hj = activate(self.hidden_activation, hj, self.response)
                    self.hidden_out[j] = hj
                    hidden_norm += hj * hj
                    s += self.w_out[j] * hj
                s = safe(s)
                y = activate(self.output_activation, s, self.response)
                d = finite_or_zero(x[n_in, t])
                out[0, t] = <float>safe(y)
                out[1, t] = <float>safe(d - y)

                if not self.frozen:
                    # Backward pass, all deltas from the weights before this sample's update.
                    e = reachable_target(self.output_activation, d, self.response) - y
                    delta_out = error_term(self.algorithm, e) * activate_slope(
                        self.output_activation, s, y)
                    for j in range(n_h):
                        self.hidden_delta[j] = delta_out * self.w_out[j] * activate_slope(
                            self.hidden_activation, self.hidden_sum[j], self.hidden_out[j])
                    if self.algorithm == ALG_NLMS:
                        # Each layer normalised by the power of its own input (bias input 1).
                        step_out = self.mu / hidden_norm
                        step_hidden = self.mu / input_norm
                    else:
                        step_out = self.mu
                        step_hidden = self.mu
                    hit = 0
                    bad = 0
                    for j in range(n_h):
                        candidate = keep * self.w_out[j] + step_out * delta_out * self.hidden_out[j]
                        if not isfinite(candidate):
                            bad = 1
                        self.w_out_next[j] = guard_weight(candidate, self.weight_limit, &hit)
                        for i in range(n_in):
                            candidate = (keep * self.w_hidden[j, i]
                                         + step_hidden * self.hidden_delta[j] * self.clean_input[i])
                            if not isfinite(candidate):
                                bad = 1
                            self.w_hidden_next[j, i] = guard_weight(candidate, self.weight_limit,
                                                                    &hit)
                        candidate = keep * self.b_hidden[j] + step_hidden * self.hidden_delta[j]
                        if not isfinite(candidate):
                            bad = 1
                        self.b_hidden_next[j] = guard_weight(candidate, self.weight_limit, &hit)
                    candidate = keep * self.b_out + step_out * delta_out
                    if not isfinite(candidate):
                        bad = 1
                    b_out_next = guard_weight(candidate, self.weight_limit, &hit)
                    if bad:
                        self.divergences += 1
                    else:
                        for j in range(n_h):
                            self.w_out[j] = self.w_out_next[j]
                            self.b_hidden[j] = self.b_hidden_next[j]
                            for i in range(n_in):
                                self.w_hidden[j, i] = self.w_hidden_next[j, i]
                        self.b_out = b_out_next
                        if hit:
                            self.divergences += 1

                self.samples_seen += 1
                if self.samples_seen % self.trajectory_every == 0:
                    col = 0
                    for j in range(n_h):
                        for i in range(n_in):
                            trajectory[row, col] = self.w_hidden[j, i]
                            col += 1
                    for j in range(n_h):
                        trajectory[row, col] = self.b_hidden[j]
                        col += 1
                    for j in range(n_h):
                        trajectory[row, col] = self.w_out[j]
                        col += 1
                    trajectory[row, col] = self.b_out
                    trajectory_index[row] = self.samples_seen
                    row += 1
        return row
