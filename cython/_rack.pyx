# The rack engine's per-sample work: gate comparators, the gate-2 freeze looper, voice fades
# and the output stage. The neural synthesis itself runs in nrcore.synth; this kernel only
# shapes what it renders, so every per-sample loop of the rack is here, nogil and allocation-free.
from libc.math cimport exp, fabs, sin, tanh, M_PI

from nrdsp cimport approach, finite_or_zero, flush, safe, smoothing_coefficient

import numpy as np

#: The output's soft limiter: linear up to LIMIT_KNEE of full scale, then a tanh curve that
#: approaches (never reaches) full scale; continuous in value and slope at the knee.
LIMIT_KNEE = 0.75
DEF KNEE = 0.75


cdef inline double soft_limit(double x) noexcept nogil:
    cdef double a = fabs(x)
    cdef double room = 1.0 - KNEE
    if a <= KNEE:
        return x
    a = KNEE + room * tanh((a - KNEE) / room)
    return a if x > 0.0 else -a


cdef class RackKernel:
    """Per-sample core of :class:`nrcore.rack.engine.Rack`.

    Gates: a comparator per gate with hysteresis; high when the input (volts) rises above
    ``gate_on``, low again only when it falls below ``gate_on - hysteresis``.

    Freeze: while gate 2 is low the finished output is recorded into a ring. When gate 2 goes
    high the last ``loop + fade`` samples become the loop: ``loop`` samples played round and
    round, the last ``fade`` of them crossfaded into the ``fade`` samples recorded just before
    the loop start, so the wrap is continuous. Entering and leaving the freeze are linear
    crossfades of ``fade`` samples between the live signal and the loop.

    Fades: :meth:`fade_add` adds a source block into a mix with an equal-power gain ramp
    (weight ``sin(g * pi / 2)`` while ``g`` moves linearly towards its target), used for voice
    stealing and the model crossfade.
    """

    cdef double sample_rate
    cdef public double gate_on
    cdef public double hysteresis
    cdef int gate_state[2]
    cdef float[::1] ring
    cdef float[::1] loop
    cdef Py_ssize_t ring_size, loop_size, write_pos, loop_pos
    cdef public Py_ssize_t loop_len, fade_len
    cdef Py_ssize_t active_loop, active_fade
    cdef int frozen
    cdef double mix
    cdef double volume_now
    cdef public double volume_target
    cdef double volume_coef
    cdef double tilt_lp, tilt_now, tilt_a, tilt_coef
    cdef public double tilt_target

    def __init__(self, double sample_rate, double max_loop_s=0.1, double max_fade_s=0.025):
        self.sample_rate = sample_rate
        # The ring always records the live signal, so any capture is continuous audio; a
        # capture copies the loop and its lead-in out of it, so recording on can never
        # overwrite a loop that is still playing (or fading out, or fading back in).
        self.ring_size = <Py_ssize_t>(sample_rate * (max_loop_s + max_fade_s)) + 64
        self.ring = np.zeros(self.ring_size, dtype=np.float32)
        self.loop_size = <Py_ssize_t>(sample_rate * (max_loop_s + max_fade_s)) + 2
        self.loop = np.zeros(self.loop_size, dtype=np.float32)
        self.gate_on = 2.5
        self.hysteresis = 1.0
        self.loop_len = <Py_ssize_t>(0.08 * sample_rate)
        self.fade_len = <Py_ssize_t>(0.005 * sample_rate)
        self.volume_coef = smoothing_coefficient(0.005, sample_rate)
        self.volume_target = 1.0
        # CV3's brightness tilt: the band above a one-pole split at 1.5 kHz is scaled by
        # 1 + tilt (smoothed over 5 ms).
        self.tilt_a = 1.0 - exp(-2.0 * M_PI * 1500.0 / sample_rate)
        self.tilt_coef = smoothing_coefficient(0.005, sample_rate)
        self.tilt_target = 0.0
        self.reset()

    def reset(self):
        self.gate_state[0] = 0
        self.gate_state[1] = 0
        self.ring[:] = 0
        self.loop[:] = 0
        self.write_pos = 0
        self.loop_pos = 0
        self.active_loop = max(self.loop_len, 1)
        self.active_fade = 0
        self.frozen = 0
        self.mix = 0.0
        self.volume_now = self.volume_target
        self.tilt_lp = 0.0
        self.tilt_now = self.tilt_target

    def tilt_segment(self, float[::1] live, Py_ssize_t start, Py_ssize_t stop):
        """CV3's tilt over ``live[start:stop]`` in place: ``x + tilt * (x - lowpass(x))``,
        the lowpass a one-pole at 1.5 kHz, ``tilt`` approaching :attr:`tilt_target`."""
        cdef Py_ssize_t i
        cdef double x
        if not 0 <= start <= stop <= live.shape[0]:
            raise ValueError(f"tilt_segment: [{start}, {stop}) is outside the block")
        with nogil:
            for i in range(start, stop):
                x = finite_or_zero(live[i])
                self.tilt_lp = flush(self.tilt_lp + self.tilt_a * (x - self.tilt_lp))
                self.tilt_now = approach(self.tilt_now, self.tilt_target, self.tilt_coef)
                live[i] = <float>(x + self.tilt_now * (x - self.tilt_lp))

    @property
    def frozen_now(self):
        """True while the loop is audible (held, or fading back to the live signal)."""
        return bool(self.frozen)

    @property
    def gates(self):
        return (bool(self.gate_state[0]), bool(self.gate_state[1]))

    def gates_process(self, float[::1] gate1, float[::1] gate2, Py_ssize_t[::1] rises,
                      unsigned char[::1] hold):
        """Run both comparators over one block.

        Writes the sample positions of gate 1's rising edges into ``rises`` (at most its
        length; later ones in the same block are dropped) and gate 2's state per sample into
        ``hold``. Returns the number of rising edges written.
        """
        cdef Py_ssize_t n = gate1.shape[0], i, found = 0, room = rises.shape[0]
        cdef double v, off = self.gate_on - self.hysteresis
        cdef int s1 = self.gate_state[0], s2 = self.gate_state[1]
        with nogil:
            for i in range(n):
                v = finite_or_zero(gate1[i])
                if s1:
                    if v < off:
                        s1 = 0
                elif v > self.gate_on:
                    s1 = 1
                    if found < room:
                        rises[found] = i
                        found += 1
                v = finite_or_zero(gate2[i])
                if s2:
                    if v < off:
                        s2 = 0
                elif v > self.gate_on:
                    s2 = 1
                hold[i] = s2
        self.gate_state[0] = s1
        self.gate_state[1] = s2
        return found

    def fade_add(self, float[::1] source, float[::1] mix, Py_ssize_t start, double gain,
                 double target, double step):
        """Add ``source`` into ``mix[start:start + len(source)]`` with an equal-power ramp.

        ``gain`` moves linearly by ``step`` per sample towards ``target`` (both in [0, 1]);
        each sample is weighted by ``sin(gain * pi / 2)``. Returns the gain after the block.
        """
        cdef Py_ssize_t n = source.shape[0], i
        cdef double g = gain
        if start < 0 or start + n > mix.shape[0]:
            raise ValueError(f"fade_add: {n} samples at {start} do not fit a {mix.shape[0]}-"
                             "sample mix")
        with nogil:
            for i in range(n):
                if g < target:
                    g = g + step
                    if g > target:
                        g = target
                elif g > target:
                    g = g - step
                    if g < target:
                        g = target
                mix[start + i] = mix[start + i] + <float>(finite_or_zero(source[i])
                                                          * sin(g * M_PI * 0.5))
        return g

    def finish(self, float[::1] live, unsigned char[::1] hold, float[::1] out):
        """Freeze looper, smoothed volume and the output guard over one block."""
        cdef Py_ssize_t n = live.shape[0], i, j, k, size = self.ring_size
        cdef Py_ssize_t length, fade, first
        cdef double x, y, w, loop_value, step
        cdef float* ring = &self.ring[0]
        cdef float* loop = &self.loop[0]
        if hold.shape[0] != n or out.shape[0] != n:
            raise ValueError("finish: live, hold and out must have the same length")
        with nogil:
            for i in range(n):
                x = finite_or_zero(live[i])
                if hold[i] and not self.frozen:
                    # Capture: the last loop_len samples are the loop, the fade_len before
                    # them are what its end crossfades into; copied as [lead-in | loop].
                    self.frozen = 1
                    self.active_loop = self.loop_len
                    self.active_fade = self.fade_len
                    if self.active_fade * 2 > self.active_loop:
                        self.active_fade = self.active_loop // 2
                    first = self.write_pos - self.active_loop - self.active_fade + 2 * size
                    for j in range(self.active_fade + self.active_loop):
                        loop[j] = ring[(first + j) % size]
                    self.loop_pos = 0
                length = self.active_loop
                fade = self.active_fade
                if self.frozen:
                    k = self.loop_pos - (length - fade)
                    loop_value = loop[fade + self.loop_pos]
                    if k >= 0:
                        w = (k + 1.0) / (fade + 1.0)
                        loop_value = (1.0 - w) * loop_value + w * loop[k]
                    self.loop_pos += 1
                    if self.loop_pos >= length:
                        self.loop_pos = 0
                    step = 1.0 / (fade + 1.0)
                    if hold[i]:
                        self.mix = self.mix + step
                        if self.mix > 1.0:
                            self.mix = 1.0
                    else:
                        self.mix = self.mix - step
                        if self.mix <= 0.0:
                            self.mix = 0.0
                            self.frozen = 0
                    y = (1.0 - self.mix) * x + self.mix * loop_value
                else:
                    y = x
                ring[self.write_pos] = <float>x
                self.write_pos += 1
                if self.write_pos >= size:
                    self.write_pos = 0
                self.volume_now = approach(self.volume_now, self.volume_target, self.volume_coef)
                out[i] = <float>soft_limit(safe(flush(y * self.volume_now)))

    def get_state(self):
        return {
            "gates": np.array([self.gate_state[0], self.gate_state[1]], dtype=np.int64),
            "ring": np.asarray(self.ring).copy(),
            "loop": np.asarray(self.loop).copy(),
            "positions": np.array([self.write_pos, self.loop_pos,
                                   self.active_loop, self.active_fade, self.frozen],
                                  dtype=np.int64),
            "levels": np.array([self.mix, self.volume_now, self.tilt_lp, self.tilt_now,
                                self.tilt_target]),
        }

    def set_state(self, state):
        ring = np.asarray(state["ring"], dtype=np.float32)
        if ring.shape[0] != self.ring_size:
            raise ValueError(f"state: ring of {ring.shape[0]} samples, this kernel has "
                             f"{self.ring_size} (another sample rate?)")
        loop = np.asarray(state["loop"], dtype=np.float32)
        if loop.shape[0] != self.loop_size:
            raise ValueError(f"state: loop of {loop.shape[0]} samples, this kernel has "
                             f"{self.loop_size} (another sample rate?)")
        np.asarray(self.ring)[:] = ring
        np.asarray(self.loop)[:] = loop
        g = state["gates"]
        self.gate_state[0] = int(g[0])
        self.gate_state[1] = int(g[1])
        p = state["positions"]
        self.write_pos, self.loop_pos = int(p[0]), int(p[1])
        self.active_loop, self.active_fade, self.frozen = int(p[2]), int(p[3]), int(p[4])
        levels = state["levels"]
        self.mix, self.volume_now = float(levels[0]), float(levels[1])
        if len(levels) >= 4:
            self.tilt_lp, self.tilt_now = float(levels[2]), float(levels[3])
        if len(levels) >= 5:
            self.tilt_target = float(levels[4])
