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
        cdef bint audio_weights = weights.shape[0] > 0
        cdef bint ramping = not self.settled()
        cdef double s, y, w, delayed, upper, lower, feed
        with nogil:
            upper = self.threshold + 0.5 * self.hysteresis
            lower = self.threshold - 0.5 * self.hysteresis
            for t in range(n):
                if ramping:
                    self.bias_now = approach(self.bias_now, self.bias_target, self.param_coef)
                    self.feedback_now = approach(self.feedback_now, self.feedback_target,
                                                 self.param_coef)
                    self.noise_now = approach(self.noise_now, self.noise_target, self.param_coef)
                    if not audio_weights:
                        for i in range(self.n_inputs):
                            self.weight_now[i] = approach(self.weight_now[i],
                                                          self.weight_target[i], self.param_coef)
                s = self.bias_now
                if audio_weights:
                    for i in range(self.n_inputs):
                        s += finite_or_zero(weights[i, t]) * finite_or_zero(x[i, t])
                else:
                    for i in range(self.n_inputs):
                        s += self.weight_now[i] * finite_or_zero(x[i, t])
                delayed = self.delay_line[(self.delay_write - self.delay) & self.delay_mask]
                s += self.feedback_now * delayed
                # The generator only runs while noise is on: silence costs nothing.
                if self.noise_now != 0.0:
                    s += self.noise_now * noise_next(&self.rng)
                y = activate(self.activation, safe(s), self.response)
                if self.output_coef < 1.0:
                    y = self.output_now + self.output_coef * (y - self.output_now)
                # Only the unbounded activations can leave the safe range.
                if self.activation == ACT_LINEAR or self.activation == ACT_RELU:
                    y = safe(y)
                self.output_now = flush(y)
                if self.firing:
                    if self.output_now < lower:
                        self.firing = 0
                elif self.output_now > upper:
                    self.firing = 1
                feed = <double>self.firing if self.feedback_from_fire else self.output_now
                self.delay_line[self.delay_write] = feed
                self.delay_write = (self.delay_write + 1) & self.delay_mask
                out[0, t] = <float>self.output_now
                out[1, t] = <float>self.firing
