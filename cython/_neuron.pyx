# The audio-rate neuron: a weighted nonlinear mixer with feedback, noise and a comparator.
cimport numpy as cnp
from libc.math cimport exp, M_PI
from libc.stdint cimport uint64_t

from nrdsp cimport (ACT_LINEAR, ACT_RELU, activate, approach, finite_or_zero, flush, noise_next, safe,
                    smoothing_coefficient)

import numpy as np

cnp.import_array()


cdef class NeuronKernel:
    """Per-sample core of :class:`nrcore.Neuron`; all signal state lives here between blocks."""

    cdef public int n_inputs
    cdef public int activation
    cdef public double response
    cdef public double threshold
    cdef public double hysteresis
    cdef public int feedback_from_fire
    cdef double[::1] weight_target
    cdef double[::1] weight_now
    cdef double bias_target, bias_now
    cdef double feedback_target, feedback_now
    cdef double noise_target, noise_now
    cdef double param_coef      # one-pole coefficient of parameter smoothing
    cdef double output_coef     # one-pole coefficient of output smoothing (1 = off)
    cdef double output_now
    cdef int firing
    cdef double[::1] delay_line
    cdef Py_ssize_t delay_mask, delay_write, delay
    cdef uint64_t rng
    cdef uint64_t seed

    def __init__(self, int n_inputs):
        self.n_inputs = n_inputs
        self.weight_target = np.zeros(n_inputs)
        self.weight_now = np.zeros(n_inputs)
        self.activation = 1
        self.param_coef = 1.0
        self.output_coef = 1.0
        self.delay_line = np.zeros(4096)
        self.delay_mask = 4095
        self.delay = 1
        self.seed = 1
        self.reset()

    # -- parameter setters (called from Python between blocks) ------------------------------
    def set_weights(self, double[::1] weights):
        self.weight_target[:] = weights

    def set_bias(self, double value):
        self.bias_target = value

    def set_feedback(self, double value):
        self.feedback_target = value

    def set_noise(self, double value):
        self.noise_target = value

    def set_param_smoothing(self, double time_s, double sample_rate):
        self.param_coef = smoothing_coefficient(time_s, sample_rate)

    def set_output_cutoff(self, double cutoff_hz, double sample_rate):
        if cutoff_hz <= 0.0:
            self.output_coef = 1.0
        else:
            self.output_coef = 1.0 - exp(-2.0 * M_PI * cutoff_hz / sample_rate)

    def set_delay(self, Py_ssize_t delay):
        """Feedback delay in samples (>= 1). Grows the ring buffer to a power of two, keeping
        its contents, so changing the delay while playing does not drop the loop."""
        cdef Py_ssize_t size = self.delay_mask + 1
        cdef Py_ssize_t new_size, i
        if delay > size:
            # at least 4096 samples, so short delay changes replay real history
            new_size = 4096
            while new_size < delay:
                new_size <<= 1
            grown = np.zeros(new_size)
            for i in range(size):
                # oldest first, so the most recent sample stays at delay_write - 1
                grown[new_size - size + i] = self.delay_line[(self.delay_write + i) & self.delay_mask]
            self.delay_line = grown
            self.delay_mask = new_size - 1
            self.delay_write = 0
        self.delay = delay

    def set_seed(self, uint64_t seed):
        self.seed = seed
        self.rng = seed * <uint64_t>0x9E3779B97F4A7C15ULL + 1

    cdef bint settled(self):
        """True when every smoothed parameter sits exactly on its target."""
        cdef Py_ssize_t i
        if (self.bias_now != self.bias_target or self.feedback_now != self.feedback_target
                or self.noise_now != self.noise_target):
            return False
        for i in range(self.n_inputs):
            if self.weight_now[i] != self.weight_target[i]:
                return False
        return True

    def snap(self):
        """Jump smoothed parameters to their targets (at construction and reset)."""
        self.weight_now[:] = self.weight_target
        self.bias_now = self.bias_target
        self.feedback_now = self.feedback_target
        self.noise_now = self.noise_target

    def reset(self):
        self.delay_line[:] = 0.0
        self.delay_write = 0
        self.output_now = 0.0
        self.firing = 0
        self.set_seed(self.seed)
        self.snap()

    # -- state ----------------------------------------------------------------------------
    def get_state(self):
        return {
            "weight_now": np.array(self.weight_now),
            "smoothed": np.array([self.bias_now, self.feedback_now, self.noise_now,
                                  self.output_now]),
            "firing": np.array([self.firing], dtype=np.int64),
            "delay_line": np.array(self.delay_line),
            "delay_write": np.array([self.delay_write], dtype=np.int64),
            "rng": np.array([self.rng], dtype=np.uint64),
        }

    def set_state(self, state):
        weight_now = np.asarray(state["weight_now"], dtype=np.float64)
        delay_line = np.asarray(state["delay_line"], dtype=np.float64)
        size = delay_line.shape[0]
        if weight_now.shape != (self.n_inputs,):
            raise ValueError(f"state: weight_now has shape {weight_now.shape}, "
                             f"expected ({self.n_inputs},)")
        for name in ("weight_now", "smoothed", "delay_line"):
            if not np.all(np.isfinite(np.asarray(state[name], dtype=np.float64))):
                raise ValueError(f"state: {name} holds NaN or inf")
        if size < self.delay or size & (size - 1):
            raise ValueError(f"state: delay_line length {size} must be a power of two "
                             f">= the feedback delay {self.delay}")
        self.weight_now = weight_now.copy()
        self.bias_now, self.feedback_now, self.noise_now, self.output_now = (
            float(v) for v in state["smoothed"])
        self.firing = int(state["firing"][0])
        self.delay_line = delay_line.copy()
        self.delay_mask = size - 1
        self.delay_write = int(state["delay_write"][0]) & self.delay_mask
        self.rng = int(state["rng"][0])

    # -- processing -----------------------------------------------------------------------
    def process(self, const float[:, ::1] x, const float[:, ::1] weights,
                float[:, ::1] out):
        """Render ``x.shape[1]`` samples. ``weights`` is (inputs, n) audio-rate weights, or
        shaped (0, 0) to use the smoothed weight parameters. ``out`` is (2, n): output, fire."""
        cdef Py_ssize_t n = x.shape[1]
        cdef Py_ssize_t t, i
        cdef Py_ssize_t n_inputs = self.n_inputs
        cdef bint audio_weights = weights.shape[0] > 0
        cdef bint ramping = not self.settled()
        cdef int activation = self.activation
        cdef bint unbounded = activation == ACT_LINEAR or activation == ACT_RELU
        cdef bint from_fire = self.feedback_from_fire
        cdef double response = self.response
        cdef double param_coef = self.param_coef
        cdef double output_coef = self.output_coef
        cdef double upper = self.threshold + 0.5 * self.hysteresis
        cdef double lower = self.threshold - 0.5 * self.hysteresis
        # The loop runs on locals, written back at the end: stores into the delay line could
        # alias the object's fields, which would force a memory round trip on every sample.
        cdef double bias_now = self.bias_now
        cdef double feedback_now = self.feedback_now
        cdef double noise_now = self.noise_now
        cdef double output_now = self.output_now
        cdef int firing = self.firing
        cdef uint64_t rng = self.rng
        cdef double* ring = &self.delay_line[0]
        cdef double* weight_now = &self.weight_now[0]
        cdef const double* weight_target = &self.weight_target[0]
        cdef Py_ssize_t mask = self.delay_mask
        cdef Py_ssize_t write = self.delay_write
        cdef Py_ssize_t delay = self.delay
        cdef double last_feed = ring[(write - 1) & mask]
        cdef double s, y, delayed
        with nogil:
            for t in range(n):
                if ramping:
                    bias_now = approach(bias_now, self.bias_target, param_coef)
                    feedback_now = approach(feedback_now, self.feedback_target, param_coef)
                    noise_now = approach(noise_now, self.noise_target, param_coef)
                    if not audio_weights:
                        for i in range(n_inputs):
                            weight_now[i] = approach(weight_now[i], weight_target[i], param_coef)
                s = bias_now
                if audio_weights:
                    for i in range(n_inputs):
                        s += finite_or_zero(weights[i, t]) * finite_or_zero(x[i, t])
                else:
                    for i in range(n_inputs):
                        s += weight_now[i] * finite_or_zero(x[i, t])
                delayed = last_feed if delay == 1 else ring[(write - delay) & mask]
                s += feedback_now * delayed
                # The generator advances every sample, so the noise heard does not depend on
                # when the noise amount was turned up (as in every nrcore kernel).
                s += noise_now * noise_next(&rng)
                y = activate(activation, safe(s), response)
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
                out[0, t] = <float>output_now
                out[1, t] = <float>firing
        self.bias_now = bias_now
        self.feedback_now = feedback_now
        self.noise_now = noise_now
        self.output_now = output_now
        self.firing = firing
        self.rng = rng
        self.delay_write = write
