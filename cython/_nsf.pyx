# Waveform-rate kernel of the descriptor-driven Sinc-NSF runtime (nrcore.synth).
#
# One kernel is one sounding voice. Python computes the frame-rate controls (the GRU, the
# harmonic amplitudes, the band-pass sinc kernel, the waveshaper gains) and loads two frames,
# "a" (frame i) and "b" (frame i + 1); this loop renders every sample whose frame position
# p = n * ratio lies in [i, i + 1) and stops when it needs the next frame, so the frame network
# runs only once per frame and any block size gives the same samples.
#
# Per sample (alpha = p - floor(p)), exactly the equations of nrcore.nsf_model.SincNSF:
#   f0     = f0_a + alpha (f0_b - f0_a);    phase = frac(phase + f0 / sr)
#   harm   = sum_k (A_a[k] + alpha (A_b[k] - A_a[k])) sin(2 pi (k + 1) phase)
#   noise  = y_a + alpha (y_b - y_a),  y_x = sum_t h_x[t] u[n - t],  u = uniform * noise_scale
#   y      = harm + noise
#   out    = y + sum_j (g_a[j] + alpha (g_b[j] - g_a[j])) tanh(w_j y)
# The sines of the harmonics come from the Chebyshev recurrence
# sin((k + 1) x) = 2 cos(x) sin(k x) - sin((k - 1) x): one sin and one cos per sample.

from libc.math cimport sin, cos, tanh, floor, M_PI
from libc.stdint cimport uint64_t
cimport cython
from nrdsp cimport safe, flush, noise_next, finite_or_zero

import numpy as np


cdef class NSFVoiceKernel:
    """Waveform-rate state of one Sinc-NSF voice (see the file header for the equations).

    Parameters
    ----------
    harmonics : int
        Number of harmonics K.
    taps : int
        Length of the band-pass sinc kernels T.
    shaper_slopes : ndarray of float64
        Slopes ``w_j`` of the waveshaper units (J of them).
    """

    cdef public int harmonics, taps, shapers
    cdef double sample_rate, ratio, noise_scale, p0
    cdef double[::1] amps_a, amps_b, kern_a, kern_b, gain_a, gain_b, slopes, history
    cdef double f0_a, f0_b, phase
    cdef int hist_pos
    cdef long long n, n_end, n0
    cdef long long frame
    cdef uint64_t rng

    def __cinit__(self, int harmonics, int taps, double[::1] shaper_slopes):
        if harmonics < 1 or taps < 1 or shaper_slopes.shape[0] < 1:
            raise ValueError("harmonics, taps and shaper units must be at least 1")
        self.harmonics = harmonics
        self.taps = taps
        self.shapers = shaper_slopes.shape[0]
        self.slopes = np.array(shaper_slopes, dtype=np.float64)
        self.amps_a = np.zeros(harmonics)
        self.amps_b = np.zeros(harmonics)
        self.kern_a = np.zeros(taps)
        self.kern_b = np.zeros(taps)
        self.gain_a = np.zeros(self.shapers)
        self.gain_b = np.zeros(self.shapers)
        self.history = np.zeros(2 * taps)
        self.sample_rate = 44100.0
        self.ratio = 1.0 / 512.0
        self.noise_scale = 1.0
        self.rng = 1
        self.n_end = 0
        self.n = 0

    def start(self, double sample_rate, double ratio, double noise_scale, long long n_samples,
              uint64_t seed):
        """Begin a new sound: clear phase and noise history, set rate and length.

        Parameters
        ----------
        sample_rate : float
            Host rate in Hz.
        ratio : float
            Frames per sample (frame rate / sample rate, divided by any time stretch).
        noise_scale : float
            Factor on the uniform noise (sqrt(3 sr / reference rate)).
        n_samples : int
            Length of the sound in samples.
        seed : int
            Seed of the voice's xorshift noise (0 is replaced by 1).
        """
        self.sample_rate = sample_rate
        self.ratio = ratio
        self.noise_scale = noise_scale
        self.n_end = n_samples
        self.n = 0
        self.n0 = 0
        self.p0 = 0.0
        self.frame = 0
        self.phase = 0.0
        self.hist_pos = 0
        self.history[:] = 0.0
        self.rng = seed if seed != 0 else 1

    cdef inline double position_at(self, long long n) noexcept nogil:
        # Frame position of sample n. With no tempo change (p0 = 0, n0 = 0) this is exactly
        # n * ratio, the torch model's formula.
        return self.p0 + <double>(n - self.n0) * self.ratio

    def set_ratio(self, double ratio):
        """Change the frames per sample while sounding (time stretch): the frame position
        continues from where it is, and the end moves so the remaining frames still play."""
        if not ratio > 0.0:
            raise ValueError("ratio must be positive")
        cdef double now = self.position_at(self.n)
        cdef double remaining = <double>(self.n_end - self.n) * self.ratio
        self.p0 = now
        self.n0 = self.n
        self.ratio = ratio
        self.n_end = self.n + <long long>floor(remaining / ratio + 0.5)

    def resume(self, double position, double phase):
        """Begin this sound part-way into its first frame with the given harmonic phase (a
        sound continued from another voice: a model switch). Call after :meth:`start`, then
        :meth:`set_frames`.

        Parameters
        ----------
        position : float
            Frame position of the first sample, in [0, 1).
        phase : float
            Harmonic phase in cycles, in [0, 1), before the first sample's increment.
        """
        if not 0.0 <= position < 1.0:
            raise ValueError(f"position: {position!r} is outside [0, 1)")
        if not 0.0 <= phase < 1.0:
            raise ValueError(f"phase: {phase!r} is outside [0, 1)")
        if self.n != 0:
            raise ValueError("resume: the voice has already rendered samples")
        self.p0 = position
        self.phase = phase

    @property
    def frame_position(self):
        """Frame position of the next sample (frames since the start of the curves)."""
        return self.position_at(self.n)

    @property
    def harmonic_phase(self):
        """Harmonic phase in cycles after the last rendered sample."""
        return self.phase

    def set_frames(self, long long frames):
        """Set the sound's length in frames (the curves changed length while sounding)."""
        self.n_end = self.n0 + <long long>floor((frames - self.p0) / self.ratio + 0.5)
        if self.n_end < self.n:
            self.n_end = self.n

    def load(self, double[::1] amps_a, double f0_a, double[::1] kern_a, double[::1] gain_a,
             double[::1] amps_b, double f0_b, double[::1] kern_b, double[::1] gain_b):
        """Load the controls of frames i (a) and i + 1 (b)."""
        self.amps_a[:] = amps_a
        self.amps_b[:] = amps_b
        self.kern_a[:] = kern_a
        self.kern_b[:] = kern_b
        self.gain_a[:] = gain_a
        self.gain_b[:] = gain_b
        self.f0_a = f0_a
        self.f0_b = f0_b

    def advance(self, double[::1] amps_b, double f0_b, double[::1] kern_b, double[::1] gain_b):
        """Frame b becomes frame a; the given controls become the new frame b."""
        self.amps_a[:] = self.amps_b
        self.kern_a[:] = self.kern_b
        self.gain_a[:] = self.gain_b
        self.f0_a = self.f0_b
        self.amps_b[:] = amps_b
        self.kern_b[:] = kern_b
        self.gain_b[:] = gain_b
        self.f0_b = f0_b
        self.frame += 1

    @property
    def finished(self):
        return self.n >= self.n_end

    @property
    def frame_index(self):
        """Index of the frame loaded as a."""
        return self.frame

    @property
    def needs_frame(self):
        """True when the next sample lies in a later frame than the one loaded."""
        return self.n < self.n_end and <long long>floor(self.position_at(self.n)) > self.frame

    @property
    def position(self):
        """Samples rendered since the trigger."""
        return self.n

    def get_state(self):
        return {"phase": np.array([self.phase]),
                "n": np.array([self.n, self.n_end, self.frame, self.hist_pos, self.n0],
                              dtype=np.int64),
                "rng": np.array([self.rng], dtype=np.uint64),
                "history": np.array(self.history), "amps": np.array([self.amps_a, self.amps_b]),
                "kernels": np.array([self.kern_a, self.kern_b]),
                "gains": np.array([self.gain_a, self.gain_b]),
                "f0": np.array([self.f0_a, self.f0_b]),
                "rate": np.array([self.sample_rate, self.ratio, self.noise_scale, self.p0])}

    def set_state(self, state):
        self.phase = float(state["phase"][0])
        self.n, self.n_end, self.frame, self.hist_pos, self.n0 = (int(v) for v in state["n"])
        self.rng = int(state["rng"][0])
        np.asarray(self.history)[:] = state["history"]
        np.asarray(self.amps_a)[:] = state["amps"][0]
        np.asarray(self.amps_b)[:] = state["amps"][1]
        np.asarray(self.kern_a)[:] = state["kernels"][0]
        np.asarray(self.kern_b)[:] = state["kernels"][1]
        np.asarray(self.gain_a)[:] = state["gains"][0]
        np.asarray(self.gain_b)[:] = state["gains"][1]
        self.f0_a, self.f0_b = (float(v) for v in state["f0"])
        self.sample_rate, self.ratio, self.noise_scale, self.p0 = (float(v)
                                                                   for v in state["rate"])

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def render(self, float[::1] out, Py_ssize_t start, Py_ssize_t count, double gain,
               double[::1] noise=None):
        """Add up to ``count`` samples, times ``gain``, into ``out[start:]``.

        Stops early when the sound ends or the next frame is needed (see ``needs_frame``).
        ``noise`` (uniform in [-1, 1), indexed like ``out``) replaces the voice's own noise
        generator, so a test can feed the torch model and this kernel the same noise.

        Returns
        -------
        int
            Samples rendered.
        """
        if start < 0 or count < 0 or start + count > out.shape[0]:
            raise ValueError("render: start/count outside the output buffer")
        if noise is not None and noise.shape[0] < start + count:
            raise ValueError("render: the noise buffer is shorter than the output")
        cdef bint external = noise is not None
        cdef double* noise_ptr = &noise[0] if external and noise.shape[0] > 0 else NULL
        cdef Py_ssize_t done = 0, idx, k, j, taps = self.taps
        cdef double p, alpha, f0, s_prev, s_cur, s_next, c2, harm, ya, yb, ya2, yb2, u, y, shaped
        cdef double two_pi = 2.0 * M_PI
        cdef double* hist = &self.history[0]
        cdef double* ka = &self.kern_a[0]
        cdef double* kb = &self.kern_b[0]
        cdef double* aa = &self.amps_a[0]
        cdef double* ab = &self.amps_b[0]
        cdef double* ga = &self.gain_a[0]
        cdef double* gb = &self.gain_b[0]
        cdef double* w = &self.slopes[0]
        cdef double* hp
        with nogil:
            while done < count and self.n < self.n_end:
                p = self.position_at(self.n)
                if <long long>floor(p) > self.frame:
                    break
                alpha = p - floor(p)
                f0 = self.f0_a + alpha * (self.f0_b - self.f0_a)
                self.phase = self.phase + f0 / self.sample_rate
                self.phase = self.phase - floor(self.phase)
                s_cur = sin(two_pi * self.phase)
                c2 = 2.0 * cos(two_pi * self.phase)
                s_prev = 0.0
                harm = 0.0
                for k in range(self.harmonics):
                    harm = harm + (aa[k] + alpha * (ab[k] - aa[k])) * s_cur
                    s_next = c2 * s_cur - s_prev
                    s_prev = s_cur
                    s_cur = s_next
                if external:
                    u = finite_or_zero(noise_ptr[start + done])
                else:
                    u = noise_next(&self.rng)
                u = u * self.noise_scale
                self.hist_pos = self.hist_pos - 1
                if self.hist_pos < 0:
                    self.hist_pos = taps - 1
                hist[self.hist_pos] = u
                hist[self.hist_pos + taps] = u
                hp = hist + self.hist_pos
                # Two partial sums per kernel (even and odd taps) break the add dependency
                # chain; the order differs from a plain loop only by float rounding.
                ya = 0.0
                yb = 0.0
                ya2 = 0.0
                yb2 = 0.0
                k = 0
                while k + 1 < taps:
                    ya = ya + ka[k] * hp[k]
                    yb = yb + kb[k] * hp[k]
                    ya2 = ya2 + ka[k + 1] * hp[k + 1]
                    yb2 = yb2 + kb[k + 1] * hp[k + 1]
                    k = k + 2
                if k < taps:
                    ya = ya + ka[k] * hp[k]
                    yb = yb + kb[k] * hp[k]
                ya = ya + ya2
                yb = yb + yb2
                y = harm + ya + alpha * (yb - ya)
                shaped = y
                for j in range(self.shapers):
                    shaped = shaped + (ga[j] + alpha * (gb[j] - ga[j])) * tanh(w[j] * y)
                out[start + done] = out[start + done] + <float>safe(gain * shaped)
                self.n += 1
                done += 1
        return done


from libc.math cimport exp, log, pow, sqrt, exp2


cdef inline double _sigmoid(double x) noexcept nogil:
    return 1.0 / (1.0 + exp(-x))


cdef inline double _exp_sigmoid(double x) noexcept nogil:
    # 2 sigmoid(x) ** ln(10) + 1e-7, the positive amplitude scaling of the model.
    return 2.0 * pow(_sigmoid(x), 2.302585092994046) + 1e-7


cdef inline double _sinc(double x) noexcept nogil:
    if x == 0.0:
        return 1.0
    return sin(M_PI * x) / (M_PI * x)


cdef class NSFFrameNet:
    """Frame-rate network of the Sinc-NSF runtime in C: one GRU step and the synthesis
    controls of one frame, exactly the equations of ``nrcore.nsf_model.SincNSF.controls``
    (and of the numpy reference ``nrcore.synth.FrameNetwork``).

    Parameters
    ----------
    weights : dict of str to ndarray
        The model's tensors (float64), names as in ``nrcore.modelfile.expected_shapes``.
    mean, std : ndarray
        Descriptor normalisation (7 values each).
    log_floors : ndarray
        Floor added before the log per descriptor; a negative value means linear.
    harmonics, bands, shapers, taps : int
        Sizes (taps at the host rate).
    band_fmin, band_fmax : float
        Range of the band cutoffs in Hz.
    """

    cdef double[:, ::1] w_in, w_ih, w_hh, w_out
    cdef double[::1] b_in, b_ih, b_hh, b_out, mean, std, floors, window
    cdef double[::1] x, xin, gi, gh, o, newstate
    cdef public int hidden, harmonics, bands, shapers, taps
    cdef double band_fmin, log_span

    def __init__(self, dict weights, double[::1] mean, double[::1] std, double[::1] log_floors,
                 int harmonics, int bands, int shapers, int taps, double band_fmin,
                 double band_fmax):
        self.w_in = np.ascontiguousarray(weights["inp.weight"], dtype=np.float64)
        self.b_in = np.ascontiguousarray(weights["inp.bias"], dtype=np.float64)
        self.w_ih = np.ascontiguousarray(weights["gru.weight_ih_l0"], dtype=np.float64)
        self.w_hh = np.ascontiguousarray(weights["gru.weight_hh_l0"], dtype=np.float64)
        self.b_ih = np.ascontiguousarray(weights["gru.bias_ih_l0"], dtype=np.float64)
        self.b_hh = np.ascontiguousarray(weights["gru.bias_hh_l0"], dtype=np.float64)
        self.w_out = np.ascontiguousarray(weights["out.weight"], dtype=np.float64)
        self.b_out = np.ascontiguousarray(weights["out.bias"], dtype=np.float64)
        self.hidden = self.w_in.shape[0]
        self.harmonics, self.bands, self.shapers, self.taps = harmonics, bands, shapers, taps
        if (self.w_in.shape[1] != 7 or self.w_ih.shape[0] != 3 * self.hidden
                or self.w_out.shape[0] != 1 + harmonics + 3 * bands + shapers
                or mean.shape[0] != 7 or std.shape[0] != 7 or log_floors.shape[0] != 7):
            raise ValueError("NSFFrameNet: weights do not fit the given sizes")
        self.mean = np.array(mean)
        self.std = np.array(std)
        self.floors = np.array(log_floors)
        k = np.arange(taps, dtype=np.float64)
        self.window = 0.5 - 0.5 * np.cos(2.0 * np.pi * (k + 1.0) / (taps + 1.0))
        self.band_fmin = band_fmin
        self.log_span = log(band_fmax / band_fmin)
        self.x = np.zeros(7)
        self.xin = np.zeros(self.hidden)
        self.gi = np.zeros(3 * self.hidden)
        self.gh = np.zeros(3 * self.hidden)
        self.o = np.zeros(self.w_out.shape[0])
        self.newstate = np.zeros(self.hidden)

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def step(self, double[::1] frame, double[::1] state, double sample_rate,
             double[::1] amps, double[::1] kernel, double[::1] shaper):
        """Advance ``state`` (hidden,) by one raw descriptor ``frame`` (7,) and write the
        frame's controls at ``sample_rate`` into ``amps`` (K), ``kernel`` (taps) and
        ``shaper`` (J). Returns f0 in Hz."""
        cdef int h = self.hidden
        if (frame.shape[0] != 7 or state.shape[0] != h or amps.shape[0] != self.harmonics
                or kernel.shape[0] != self.taps or shaper.shape[0] != self.shapers):
            raise ValueError("NSFFrameNet.step: buffer sizes do not fit the model")
        cdef int d, i, j, b, t, base
        cdef double v, acc, r, z, n, f0, gain, mx, total, low, high, lo, hi, g, m, bp
        with nogil:
            for d in range(7):
                v = frame[d]
                if self.floors[d] >= 0.0:
                    v = log((v if v > 0.0 else 0.0) + self.floors[d])
                self.x[d] = (v - self.mean[d]) / self.std[d]
            for i in range(h):
                acc = self.b_in[i]
                for d in range(7):
                    acc = acc + self.w_in[i, d] * self.x[d]
                self.xin[i] = tanh(acc)
            for i in range(3 * h):
                acc = self.b_ih[i]
                for j in range(h):
                    acc = acc + self.w_ih[i, j] * self.xin[j]
                self.gi[i] = acc
                acc = self.b_hh[i]
                for j in range(h):
                    acc = acc + self.w_hh[i, j] * state[j]
                self.gh[i] = acc
            for i in range(h):
                r = _sigmoid(self.gi[i] + self.gh[i])
                z = _sigmoid(self.gi[h + i] + self.gh[h + i])
                n = tanh(self.gi[2 * h + i] + r * self.gh[2 * h + i])
                self.newstate[i] = (1.0 - z) * n + z * state[i]
            for i in range(h):
                state[i] = self.newstate[i]
            for i in range(self.o.shape[0]):
                acc = self.b_out[i]
                for j in range(h):
                    acc = acc + self.w_out[i, j] * state[j]
                self.o[i] = acc

            f0 = frame[6] if frame[6] > 0.0 else 0.0
            gain = _exp_sigmoid(self.o[0])
            mx = self.o[1]
            for i in range(1, self.harmonics):
                if self.o[1 + i] > mx:
                    mx = self.o[1 + i]
            total = 0.0
            for i in range(self.harmonics):
                amps[i] = exp(self.o[1 + i] - mx)
                total = total + amps[i]
            for i in range(self.harmonics):
                m = (0.45 * sample_rate - (i + 1.0) * f0) / (0.05 * sample_rate)
                m = 0.0 if m < 0.0 else (1.0 if m > 1.0 else m)
                amps[i] = gain * (amps[i] / total) * m
            base = 1 + self.harmonics
            for t in range(self.taps):
                kernel[t] = 0.0
            for b in range(self.bands):
                g = _exp_sigmoid(self.o[base + b])
                low = self.band_fmin * exp(_sigmoid(self.o[base + self.bands + b]) * self.log_span)
                high = low * exp2(0.1 + 4.0 * _sigmoid(self.o[base + 2 * self.bands + b]))
                lo = low / sample_rate
                hi = high / sample_rate
                if lo > 0.5:
                    lo = 0.5
                if hi > 0.5:
                    hi = 0.5
                for t in range(self.taps):
                    m = t - (self.taps - 1) / 2.0
                    bp = 2.0 * hi * _sinc(2.0 * hi * m) - 2.0 * lo * _sinc(2.0 * lo * m)
                    kernel[t] = kernel[t] + g * bp
            for t in range(self.taps):
                kernel[t] = kernel[t] * self.window[t]
            for j in range(self.shapers):
                shaper[j] = tanh(self.o[base + 3 * self.bands + j])
        return f0
