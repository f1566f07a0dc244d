# Waveform-rate kernel of the descriptor-driven synth runtime (nrcore.synthesis.runtime).
#
# One kernel is one sounding voice. Python computes the frame-rate controls (the GRU, the
# harmonic amplitudes, the mode frequencies and amplitudes, the noise magnitude response) and
# loads two frames, "a" (frame i) and "b" (frame i + 1); this loop renders every sample whose
# frame position p = n * ratio lies in [i, i + 1) and stops when it needs the next frame or
# the next noise grain, so the frame network runs once per frame and any block size gives the
# same samples.
#
# Per sample (alpha = p - floor(p)), exactly the equations of
# nrcore.synthesis.training.nsf_model.SincNSF:
#   f0     = f0_a + alpha (f0_b - f0_a);    phase = frac(phase + f0 / sr)
#   harm   = sum_k (A_a[k] + alpha (A_b[k] - A_a[k])) sin(2 pi (k + 1) phase)
#   modal  = sum_m Am_a[m] (Am_b[m] / Am_a[m])^alpha sin(2 pi psi_m),  psi_m += F_a[m] / sr
#   noise  = grain_cur[k + H] + grain_next[k]   (sine-windowed grains pushed by Python)
#   out   += gain * (harm + modal + noise) * min(1, (n_end - n) / release)
# The harmonic sines come from the Chebyshev recurrence (one sin and one cos per sample), the
# modes from complex rotations (renormalised at every frame), the geometric amplitudes from a
# per-sample factor set at every frame. soft_limit() is the output stage.

from libc.math cimport sin, cos, tanh, floor, exp, log, sqrt, fabs, pow, M_PI
from libc.stdint cimport uint64_t
cimport cython
from nrdsp cimport safe, noise_next, finite_or_zero

import numpy as np

cdef double LIMIT_KNEE = 0.9


@cython.boundscheck(False)
@cython.wraparound(False)
def soft_limit(float[::1] out, Py_ssize_t start, Py_ssize_t count):
    """The output stage: ``y`` below 0.9 in magnitude, ``sign(y) (0.9 + 0.1 tanh((|y| - 0.9)
    / 0.1))`` above, so no sample reaches full scale; NaN/inf become 0. In place."""
    if start < 0 or count < 0 or start + count > out.shape[0]:
        raise ValueError("soft_limit: start/count outside the buffer")
    cdef Py_ssize_t i
    cdef double y, a
    with nogil:
        for i in range(start, start + count):
            y = finite_or_zero(out[i])
            a = fabs(y)
            if a > LIMIT_KNEE:
                a = LIMIT_KNEE + (1.0 - LIMIT_KNEE) * tanh((a - LIMIT_KNEE) / (1.0 - LIMIT_KNEE))
                y = a if y > 0.0 else -a
            out[i] = <float>y


cdef class NSFVoiceKernel:
    """Waveform-rate state of one voice (see the file header for the equations).

    Parameters
    ----------
    harmonics : int
        Number of harmonics K.
    modes : int
        Number of modal resonators M.
    grain_hop : int
        Samples between noise grains H (grains are 2H long).
    """

    cdef public int harmonics, modes, grain_hop
    cdef double sample_rate, ratio, p0, release
    cdef double[::1] amps_a, amps_b, mf_a, mf_b, ma_a, ma_b, mag_a, mag_b
    cdef double[::1] zr, zi, cr, ci, mamp, mstep, grain_cur, grain_next
    cdef double f0_a, f0_b, phase
    cdef long long n, n_end, n0, frame, loaded
    cdef uint64_t rng

    def __cinit__(self, int harmonics, int modes, int grain_hop):
        if harmonics < 1 or modes < 1 or grain_hop < 1:
            raise ValueError("harmonics, modes and grain_hop must be at least 1")
        self.harmonics = harmonics
        self.modes = modes
        self.grain_hop = grain_hop
        self.amps_a = np.zeros(harmonics)
        self.amps_b = np.zeros(harmonics)
        self.mf_a = np.zeros(modes)
        self.mf_b = np.zeros(modes)
        self.ma_a = np.full(modes, 1e-9)
        self.ma_b = np.full(modes, 1e-9)
        self.mag_a = np.zeros(grain_hop + 1)
        self.mag_b = np.zeros(grain_hop + 1)
        self.zr = np.ones(modes)
        self.zi = np.zeros(modes)
        self.cr = np.ones(modes)
        self.ci = np.zeros(modes)
        self.mamp = np.zeros(modes)
        self.mstep = np.ones(modes)
        self.grain_cur = np.zeros(2 * grain_hop)
        self.grain_next = np.zeros(2 * grain_hop)
        self.sample_rate = 44100.0
        self.ratio = 1.0 / 512.0
        self.release = 1.0
        self.rng = 1
        self.n_end = 0
        self.n = 0
        self.loaded = -1

    def start(self, double sample_rate, double ratio, long long n_samples, uint64_t seed,
              double release):
        """Begin a new sound: clear phases and grains, set rate, length and release.

        Parameters
        ----------
        sample_rate : float
            Host rate in Hz.
        ratio : float
            Frames per sample (frame rate / sample rate, divided by any time stretch).
        n_samples : int
            Length of the sound in samples.
        seed : int
            Seed of the voice's xorshift noise (0 is replaced by 1).
        release : float
            Length of the release fade in samples (at least 1).
        """
        self.sample_rate = sample_rate
        self.ratio = ratio
        self.n_end = n_samples
        self.release = release if release >= 1.0 else 1.0
        self.n = 0
        self.n0 = 0
        self.p0 = 0.0
        self.frame = 0
        self.phase = 0.0
        self.loaded = -1
        self.grain_cur[:] = 0.0
        self.grain_next[:] = 0.0
        self.zr[:] = 1.0
        self.zi[:] = 0.0
        self.rng = seed if seed != 0 else 1

    cdef inline double position_at(self, long long n) noexcept nogil:
        # Frame position of sample n. With no tempo change (p0 = 0, n0 = 0) this is exactly
        # n * ratio, the torch model's formula.
        return self.p0 + <double>(n - self.n0) * self.ratio

    cdef void _segment(self) noexcept nogil:
        # Rotation steps and geometric amplitude of the modes for the frame loaded as a, from
        # the next sample on.
        cdef int m
        cdef double w, alpha, lr, mag
        alpha = self.position_at(self.n) - <double>self.frame
        for m in range(self.modes):
            w = 2.0 * M_PI * self.mf_a[m] / self.sample_rate
            self.cr[m] = cos(w)
            self.ci[m] = sin(w)
            lr = log(self.ma_b[m] / self.ma_a[m])
            self.mamp[m] = self.ma_a[m] * exp(alpha * lr)
            self.mstep[m] = exp(self.ratio * lr)
            mag = sqrt(self.zr[m] * self.zr[m] + self.zi[m] * self.zi[m])
            if mag > 0.0:
                self.zr[m] = self.zr[m] / mag
                self.zi[m] = self.zi[m] / mag

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
        self._segment()

    def resume(self, double position, double phase):
        """Begin this sound part-way into its first frame with the given harmonic phase (a
        sound continued from another voice: a model switch). Call after :meth:`start`, before
        :meth:`load`.

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

    def load(self, double[::1] amps_a, double f0_a, double[::1] mf_a, double[::1] ma_a,
             double[::1] mag_a, double[::1] amps_b, double f0_b, double[::1] mf_b,
             double[::1] ma_b, double[::1] mag_b):
        """Load the controls of frames i (a) and i + 1 (b)."""
        self.amps_a[:] = amps_a
        self.amps_b[:] = amps_b
        self.mf_a[:] = mf_a
        self.mf_b[:] = mf_b
        self.ma_a[:] = ma_a
        self.ma_b[:] = ma_b
        self.mag_a[:] = mag_a
        self.mag_b[:] = mag_b
        self.f0_a = f0_a
        self.f0_b = f0_b
        self._segment()

    def advance(self, double[::1] amps_b, double f0_b, double[::1] mf_b, double[::1] ma_b,
                double[::1] mag_b):
        """Frame b becomes frame a; the given controls become the new frame b."""
        self.amps_a[:] = self.amps_b
        self.mf_a[:] = self.mf_b
        self.ma_a[:] = self.ma_b
        self.mag_a[:] = self.mag_b
        self.f0_a = self.f0_b
        self.amps_b[:] = amps_b
        self.mf_b[:] = mf_b
        self.ma_b[:] = ma_b
        self.mag_b[:] = mag_b
        self.f0_b = f0_b
        self.frame += 1
        self._segment()

    @property
    def grain_alpha(self):
        """Interpolation weight of frame b for the next grain to push: its centre's frame
        position minus the loaded frame a, clamped to [0, 1]."""
        cdef double a = self.position_at((self.loaded + 1) * self.grain_hop) - self.frame
        return 0.0 if a < 0.0 else (1.0 if a > 1.0 else a)

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def grain_magnitude(self, double[::1] out):
        """Write the next grain's magnitude response (frames a and b at :attr:`grain_alpha`)."""
        if out.shape[0] != self.grain_hop + 1:
            raise ValueError("grain_magnitude: the buffer needs grain_hop + 1 values")
        cdef double a = self.grain_alpha
        cdef Py_ssize_t k
        for k in range(self.grain_hop + 1):
            out[k] = self.mag_a[k] + a * (self.mag_b[k] - self.mag_a[k])

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def draw_noise(self, double[::1] out):
        """Fill ``out`` with the voice's uniform noise in [-1, 1) (xorshift)."""
        cdef Py_ssize_t k
        with nogil:
            for k in range(out.shape[0]):
                out[k] = noise_next(&self.rng)

    def push_grain(self, double[::1] grain):
        """Append the next windowed noise grain (2H samples)."""
        if grain.shape[0] != 2 * self.grain_hop:
            raise ValueError("push_grain: a grain has 2 * grain_hop samples")
        self.grain_cur, self.grain_next = self.grain_next, self.grain_cur
        self.grain_next[:] = grain
        self.loaded += 1

    @property
    def grains_loaded(self):
        """Index of the newest grain pushed (-1: none)."""
        return self.loaded

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
    def needs_grain(self):
        """True when the next sample needs a noise grain not pushed yet."""
        return self.n < self.n_end and (self.loaded < 1 or self.n >= self.loaded * self.grain_hop)

    @property
    def position(self):
        """Samples rendered since the trigger."""
        return self.n

    def get_state(self):
        return {"phase": np.array([self.phase]),
                "n": np.array([self.n, self.n_end, self.frame, self.loaded, self.n0],
                              dtype=np.int64),
                "rng": np.array([self.rng], dtype=np.uint64),
                "amps": np.array([self.amps_a, self.amps_b]),
                "modes": np.array([self.mf_a, self.mf_b, self.ma_a, self.ma_b, self.zr, self.zi,
                                   self.cr, self.ci, self.mamp, self.mstep]),
                "mags": np.array([self.mag_a, self.mag_b]),
                "grains": np.array([self.grain_cur, self.grain_next]),
                "f0": np.array([self.f0_a, self.f0_b]),
                "rate": np.array([self.sample_rate, self.ratio, self.release, self.p0])}

    def set_state(self, state):
        self.phase = float(state["phase"][0])
        self.n, self.n_end, self.frame, self.loaded, self.n0 = (int(v) for v in state["n"])
        self.rng = int(state["rng"][0])
        np.asarray(self.amps_a)[:] = state["amps"][0]
        np.asarray(self.amps_b)[:] = state["amps"][1]
        for i, arr in enumerate((self.mf_a, self.mf_b, self.ma_a, self.ma_b, self.zr, self.zi,
                                 self.cr, self.ci, self.mamp, self.mstep)):
            np.asarray(arr)[:] = state["modes"][i]
        np.asarray(self.mag_a)[:] = state["mags"][0]
        np.asarray(self.mag_b)[:] = state["mags"][1]
        np.asarray(self.grain_cur)[:] = state["grains"][0]
        np.asarray(self.grain_next)[:] = state["grains"][1]
        self.f0_a, self.f0_b = (float(v) for v in state["f0"])
        self.sample_rate, self.ratio, self.release, self.p0 = (float(v)
                                                               for v in state["rate"])

    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.cdivision(True)
    def render(self, float[::1] out, Py_ssize_t start, Py_ssize_t count, double gain):
        """Add up to ``count`` samples, times ``gain``, into ``out[start:]``.

        Stops early when the sound ends, the next frame is needed (``needs_frame``) or the
        next noise grain is needed (``needs_grain``).

        Returns
        -------
        int
            Samples rendered.
        """
        if start < 0 or count < 0 or start + count > out.shape[0]:
            raise ValueError("render: start/count outside the output buffer")
        cdef Py_ssize_t done = 0, k, m
        cdef long long h = self.grain_hop, offset
        cdef double p, alpha, f0, s_prev, s_cur, s_next, c2, harm, modal, nz, y, fade, zr, zi
        cdef double two_pi = 2.0 * M_PI
        cdef double* aa = &self.amps_a[0]
        cdef double* ab = &self.amps_b[0]
        cdef double* pr = &self.zr[0]
        cdef double* pi_ = &self.zi[0]
        cdef double* rc = &self.cr[0]
        cdef double* rs = &self.ci[0]
        cdef double* amp = &self.mamp[0]
        cdef double* step = &self.mstep[0]
        cdef double* gc
        cdef double* gn
        with nogil:
            while done < count and self.n < self.n_end:
                p = self.position_at(self.n)
                if <long long>floor(p) > self.frame:
                    break
                if self.loaded < 1 or self.n >= self.loaded * h:
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
                modal = 0.0
                for m in range(self.modes):
                    zr = pr[m] * rc[m] - pi_[m] * rs[m]
                    zi = pr[m] * rs[m] + pi_[m] * rc[m]
                    pr[m] = zr
                    pi_[m] = zi
                    modal = modal + amp[m] * zi
                    amp[m] = amp[m] * step[m]
                offset = self.n - (self.loaded - 1) * h
                gc = &self.grain_cur[0]
                gn = &self.grain_next[0]
                nz = gc[offset + h] + gn[offset]
                y = harm + modal + nz
                fade = <double>(self.n_end - self.n) / self.release
                if fade > 1.0:
                    fade = 1.0
                out[start + done] = out[start + done] + <float>safe(gain * y * fade)
                self.n += 1
                done += 1
        return done


cdef inline void _matvec(const double* w, const double* x, const double* b, double* out,
                         Py_ssize_t rows, Py_ssize_t cols) noexcept nogil:
    # out = W x + b, W row-major (rows, cols); four partial sums per row break the add chain
    cdef Py_ssize_t i, j
    cdef double a0, a1, a2, a3
    cdef const double* row
    for i in range(rows):
        row = w + i * cols
        a0 = 0.0
        a1 = 0.0
        a2 = 0.0
        a3 = 0.0
        j = 0
        while j + 3 < cols:
            a0 = a0 + row[j] * x[j]
            a1 = a1 + row[j + 1] * x[j + 1]
            a2 = a2 + row[j + 2] * x[j + 2]
            a3 = a3 + row[j + 3] * x[j + 3]
            j = j + 4
        while j < cols:
            a0 = a0 + row[j] * x[j]
            j = j + 1
        out[i] = b[i] + ((a0 + a1) + (a2 + a3))


cdef inline double _softmax_into(double* o, Py_ssize_t n, double* out) noexcept nogil:
    # out = softmax(o); returns nothing useful (0)
    cdef Py_ssize_t i
    cdef double mx = o[0], total = 0.0
    for i in range(1, n):
        if o[i] > mx:
            mx = o[i]
    for i in range(n):
        out[i] = exp(o[i] - mx)
        total = total + out[i]
    for i in range(n):
        out[i] = out[i] / total
    return 0.0


cdef class NSFFrameNet:
    """Frame-rate network of the runtime in C: one GRU step and the synthesis controls of one
    frame, the equations of ``nrcore.synthesis.training.nsf_model.SincNSF.controls`` (the numpy
    reference is ``nrcore.synthesis.runtime.FrameNetwork``).

    Parameters
    ----------
    weights : dict of str to ndarray
        The model's tensors (float64), names as in ``nrcore.synthesis.modelfile.expected_shapes``.
    mean, std : ndarray
        Descriptor normalisation (7 values each).
    log_floors : ndarray
        Floor added before the log per descriptor; a negative value means linear.
    harmonics, bands, modes : int
        Sizes.
    band_lo, band_w : ndarray of (H + 1,) int64 / float64 pairs
        The band matrix in sparse form: bin k = w0 b[lo0] + w1 b[lo1] (see
        ``nrcore.synthesis.runtime.sparse_bands``), as arrays shaped (H + 1, 2).
    mode_ratios : ndarray
        Base octave offsets of the modes.
    sample_rate : float
        Host rate in Hz.
    """

    cdef double[:, ::1] w_in, w_ih, w_hh, w_out, band_w
    cdef long long[:, ::1] band_lo
    cdef double[::1] b_in, b_ih, b_hh, b_out, mean, std, floors, ratios
    cdef double[::1] x, xin, gi, gh, o, newstate, harm, band_amp, mode_raw
    cdef public int hidden, harmonics, bands, modes, bins
    cdef double sample_rate

    def __init__(self, dict weights, double[::1] mean, double[::1] std, double[::1] log_floors,
                 int harmonics, int bands, int modes, long long[:, ::1] band_lo,
                 double[:, ::1] band_w, double[::1] mode_ratios, double sample_rate):
        self.w_in = np.ascontiguousarray(weights["inp.weight"], dtype=np.float64)
        self.b_in = np.ascontiguousarray(weights["inp.bias"], dtype=np.float64)
        self.w_ih = np.ascontiguousarray(weights["gru.weight_ih_l0"], dtype=np.float64)
        self.w_hh = np.ascontiguousarray(weights["gru.weight_hh_l0"], dtype=np.float64)
        self.b_ih = np.ascontiguousarray(weights["gru.bias_ih_l0"], dtype=np.float64)
        self.b_hh = np.ascontiguousarray(weights["gru.bias_hh_l0"], dtype=np.float64)
        self.w_out = np.ascontiguousarray(weights["out.weight"], dtype=np.float64)
        self.b_out = np.ascontiguousarray(weights["out.bias"], dtype=np.float64)
        self.hidden = self.w_in.shape[0]
        self.harmonics, self.bands, self.modes = harmonics, bands, modes
        self.bins = band_lo.shape[0]
        if (self.w_in.shape[1] != 7 or self.w_ih.shape[0] != 3 * self.hidden
                or self.w_out.shape[0] != 3 + harmonics + bands + 2 * modes
                or mean.shape[0] != 7 or std.shape[0] != 7 or log_floors.shape[0] != 7
                or band_w.shape[0] != self.bins or band_lo.shape[1] != 2
                or band_w.shape[1] != 2 or mode_ratios.shape[0] != modes):
            raise ValueError("NSFFrameNet: weights do not fit the given sizes")
        if np.any(np.asarray(band_lo) < 0) or np.any(np.asarray(band_lo) >= bands):
            raise ValueError("NSFFrameNet: band indices out of range")
        self.band_lo = np.array(band_lo)
        self.band_w = np.array(band_w)
        self.mean = np.array(mean)
        self.std = np.array(std)
        self.floors = np.array(log_floors)
        self.ratios = np.array(mode_ratios)
        self.sample_rate = sample_rate
        self.x = np.zeros(7)
        self.xin = np.zeros(self.hidden)
        self.gi = np.zeros(3 * self.hidden)
        self.gh = np.zeros(3 * self.hidden)
        self.o = np.zeros(self.w_out.shape[0])
        self.newstate = np.zeros(self.hidden)
        self.harm = np.zeros(harmonics)
        self.band_amp = np.zeros(bands)
        self.mode_raw = np.zeros(modes)

    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.cdivision(True)
    def step(self, double[::1] frame, double[::1] state, double[::1] amps, double[::1] mfreq,
             double[::1] mamp, double[::1] mag):
        """Advance ``state`` (hidden,) by one raw descriptor ``frame`` (7,) and write the
        frame's controls: harmonic amplitudes (K), mode frequencies and amplitudes (M), noise
        magnitudes (H + 1). Returns f0 in Hz."""
        cdef int h = self.hidden
        if (frame.shape[0] != 7 or state.shape[0] != h or amps.shape[0] != self.harmonics
                or mfreq.shape[0] != self.modes or mamp.shape[0] != self.modes
                or mag.shape[0] != self.bins):
            raise ValueError("NSFFrameNet.step: buffer sizes do not fit the model")
        cdef int d, i, j, base, nb = self.bins
        cdef double v, acc, r, z, n, f0, rms, centroid, voicing, sr = self.sample_rate
        cdef double mix0, mix1, mix2, mx, tot, m, r_h, r_n, r_m, g_h, g_n, g_m, q, s
        cdef double* o
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
            _matvec(&self.w_ih[0, 0], &self.xin[0], &self.b_ih[0], &self.gi[0], 3 * h, h)
            _matvec(&self.w_hh[0, 0], &state[0], &self.b_hh[0], &self.gh[0], 3 * h, h)
            for i in range(h):
                r = 0.5 * (1.0 + tanh(0.5 * (self.gi[i] + self.gh[i])))
                z = 0.5 * (1.0 + tanh(0.5 * (self.gi[h + i] + self.gh[h + i])))
                n = tanh(self.gi[2 * h + i] + r * self.gh[2 * h + i])
                self.newstate[i] = (1.0 - z) * n + z * state[i]
            for i in range(h):
                state[i] = self.newstate[i]
            _matvec(&self.w_out[0, 0], &state[0], &self.b_out[0], &self.o[0],
                    self.o.shape[0], h)
            o = &self.o[0]

            rms = frame[0] if frame[0] > 0.0 else 0.0
            f0 = frame[6] if frame[6] > 0.0 else 0.0
            centroid = frame[2] if frame[2] > 1.0 else 1.0
            voicing = (f0 - 30.0) / 20.0
            voicing = 0.0 if voicing < 0.0 else (1.0 if voicing > 1.0 else voicing)
            mx = o[0]
            if o[1] > mx:
                mx = o[1]
            if o[2] > mx:
                mx = o[2]
            mix0 = exp(o[0] - mx)
            mix1 = exp(o[1] - mx)
            mix2 = exp(o[2] - mx)
            tot = mix0 + mix1 + mix2
            mix0 = mix0 / tot
            mix1 = mix1 / tot
            mix2 = mix2 / tot
            base = 3
            _softmax_into(o + base, self.harmonics, &self.harm[0])
            r_h = 0.0
            for i in range(self.harmonics):
                m = (0.45 * sr - (i + 1.0) * f0) / (0.05 * sr)
                m = 0.0 if m < 0.0 else (1.0 if m > 1.0 else m)
                self.harm[i] = self.harm[i] * m * voicing
                r_h = r_h + self.harm[i] * self.harm[i]
            r_h = 0.5 * r_h
            base = base + self.harmonics
            _softmax_into(o + base, self.bands, &self.band_amp[0])
            for i in range(self.bands):
                self.band_amp[i] = sqrt(self.band_amp[i])
            base = base + self.bands
            for i in range(self.modes):
                mfreq[i] = centroid * pow(2.0, self.ratios[i] + 0.5 * tanh(o[base + i]))
            base = base + self.modes
            _softmax_into(o + base, self.modes, &self.mode_raw[0])
            r_m = 0.0
            for i in range(self.modes):
                m = (0.45 * sr - mfreq[i]) / (0.05 * sr)
                m = 0.0 if m < 0.0 else (1.0 if m > 1.0 else m)
                self.mode_raw[i] = sqrt(self.mode_raw[i]) * m
                r_m = r_m + self.mode_raw[i] * self.mode_raw[i]
            r_m = 0.5 * r_m
            r_n = 0.0
            for i in range(nb):
                mag[i] = (self.band_w[i, 0] * self.band_amp[self.band_lo[i, 0]]
                          + self.band_w[i, 1] * self.band_amp[self.band_lo[i, 1]])
                if i == 0 or i == nb - 1:
                    r_n = r_n + mag[i] * mag[i]
                else:
                    r_n = r_n + 2.0 * mag[i] * mag[i]
            r_n = r_n / (2.0 * (nb - 1))
            g_h = sqrt(mix0 / (r_h + 1e-8))
            g_n = sqrt(mix1 / (r_n + 1e-8))
            g_m = sqrt(mix2 / (r_m + 1e-8))
            q = g_h * g_h * r_h + g_n * g_n * r_n + g_m * g_m * r_m
            s = rms / sqrt(q + 1e-12)
            for i in range(self.harmonics):
                amps[i] = s * g_h * self.harm[i]
            for i in range(self.modes):
                mamp[i] = s * g_m * self.mode_raw[i] + 1e-9
            for i in range(nb):
                mag[i] = s * g_n * mag[i]
        return f0
