# Frame-wise audio descriptor kernels for nrcore.descriptors.
#
# The Python side frames the signal and runs the FFTs (one windowed STFT shared by all four
# spectral descriptors, one autocorrelation FFT for YIN); everything that is a per-frame loop
# over samples, bins or lags lives here, in nogil C loops over preallocated outputs.
#
# Every definition follows librosa 0.11 with its defaults (center=True, zero padding, periodic
# Hann window, roll_percent 0.85, bandwidth p = 2, flatness amin 1e-10 on the power spectrum,
# ZCR with edge padding and threshold 1e-10, YIN with trough_threshold 0.1). Everything runs in
# double precision: librosa's float32 results agree to their own rounding error, not bit for bit.
# (The spectra must be double: the bandwidth weights the tiny high bins of a bass-heavy frame by
# f^2, and a float32 FFT's rounding floor there shifts a kick's bandwidth by 5 %.)

from libc.math cimport sqrt, log, exp, fabs, signbit
from libc.stdlib cimport malloc, free

# librosa uses util.tiny(x) = the smallest normal float32 for float32 data; matching it keeps
# "0 / (0 + tiny)" frames (digital silence) at exactly the same value.
cdef double FLOAT32_TINY = 1.1754943508222875e-38

# Flatness multiplies up to this many power values before taking one log, so the geometric
# mean costs one log per 8 bins instead of one per bin. For audio (powers in [amin, ~1e12], a
# full-scale 2048-point FFT) that is exactly what happens. So that no input can overflow or
# underflow the product (inf or 0 from finite input: flatness was inf above about 1e17), a
# power outside [POWER_LOW, POWER_HIGH] takes its own log, and the product is logged early
# once it leaves [PRODUCT_LOW, PRODUCT_HIGH]: a product there times a power in range stays
# well inside double range.
cdef enum:
    LOG_GROUP = 8
cdef double POWER_LOW = 1e-150
cdef double POWER_HIGH = 1e150
cdef double PRODUCT_LOW = 1e-100
cdef double PRODUCT_HIGH = 1e100


def frame_rms(const double[::1] buf, Py_ssize_t first, Py_ssize_t n_frames,
              Py_ssize_t frame_length, Py_ssize_t hop, double[::1] out, Py_ssize_t out_offset):
    """Root mean square of each frame: sqrt(mean(x^2)) over ``frame_length`` samples.

    Frame ``t`` is ``buf[first + t * hop : first + t * hop + frame_length]`` (the caller pads
    with zeros, as librosa's centred frames do); the result goes to ``out[out_offset + t]``.
    """
    cdef Py_ssize_t t, i, start
    cdef double acc, v
    if n_frames <= 0:
        return
    if first < 0 or first + (n_frames - 1) * hop + frame_length > buf.shape[0]:
        raise ValueError("frame_rms: frames reach outside the buffer")
    if out_offset < 0 or out_offset + n_frames > out.shape[0]:
        raise ValueError("frame_rms: output too short")
    with nogil:
        for t in range(n_frames):
            start = first + t * hop
            acc = 0.0
            for i in range(frame_length):
                v = buf[start + i]
                acc += v * v
            out[out_offset + t] = sqrt(acc / frame_length)


cdef inline bint _negative(double x, double threshold) noexcept nogil:
    """librosa.zero_crossings(zero_pos=True): |x| <= threshold counts as +0, else the sign bit."""
    if -threshold <= x <= threshold:
        return False
    return signbit(x) != 0


def frame_zcr(const double[::1] buf, Py_ssize_t first, Py_ssize_t n_frames,
              Py_ssize_t frame_length, Py_ssize_t hop, Py_ssize_t signal_start,
              Py_ssize_t signal_end, double threshold, double[::1] out, Py_ssize_t out_offset):
    """Zero-crossing rate of each frame in crossings per sample, as librosa computes it.

    librosa pads the signal with its *edge* values (not zeros) for the ZCR, so buffer positions
    before ``signal_start`` read ``buf[signal_start]`` and positions at or after ``signal_end``
    read ``buf[signal_end - 1]``. A frame counts sign changes between its ``frame_length - 1``
    neighbouring pairs and divides by ``frame_length``.
    """
    cdef Py_ssize_t t, j, lo, hi, start
    cdef Py_ssize_t* crossings
    cdef bint prev, cur
    if n_frames <= 0:
        return
    if signal_end <= signal_start or signal_start < 0 or signal_end > buf.shape[0]:
        raise ValueError("frame_zcr: empty or invalid signal range")
    if out_offset < 0 or out_offset + n_frames > out.shape[0]:
        raise ValueError("frame_zcr: output too short")
    # Frames overlap (hop < frame_length), so count each pair once: crossings[j - lo] is the
    # number of sign changes between pairs (i - 1, i) for lo < i <= j, and a frame's count is a
    # difference of two entries. Edge padding repeats a value, so a pair can only cross when
    # both of its samples lie inside the signal: signal_start < i < signal_end.
    lo = first
    hi = first + (n_frames - 1) * hop + frame_length
    crossings = <Py_ssize_t*>malloc((hi - lo) * sizeof(Py_ssize_t))
    if crossings == NULL:
        raise MemoryError()
    try:
        with nogil:
            crossings[0] = 0
            prev = _negative(buf[lo], threshold) if signal_start <= lo < signal_end else False
            for j in range(lo + 1, hi):
                if signal_start < j < signal_end:
                    cur = _negative(buf[j], threshold)
                    crossings[j - lo] = crossings[j - lo - 1] + (prev != cur)
                    prev = cur
                else:
                    crossings[j - lo] = crossings[j - lo - 1]
                    if j == signal_start:
                        prev = _negative(buf[j], threshold)
            for t in range(n_frames):
                start = t * hop
                out[out_offset + t] = (
                    <double>(crossings[start + frame_length - 1] - crossings[start]) / frame_length
                )
    finally:
        free(crossings)


def spectral_features(const double complex[:, ::1] spectrum, double bin_hz, double roll_percent,
                      double amin, double[::1] centroid, double[::1] rolloff,
                      double[::1] bandwidth, double[::1] flatness, Py_ssize_t out_offset):
    """Centroid, roll-off, bandwidth (Hz) and flatness of each row of an rfft spectrum.

    With S the magnitude of one frame and f_k = k * bin_hz:

    - centroid = sum(f_k S_k) / sum(S_k)  (0 for an all-zero frame)
    - roll-off = the lowest f_k whose cumulative sum of S reaches roll_percent of the total
    - bandwidth = sqrt(sum(S_k (f_k - centroid)^2) / sum(S_k))
    - flatness = geometric mean / arithmetic mean of max(amin, S_k^2)

    Every result is finite for a finite spectrum whose power sum stays inside double range
    (the caller scales huge signals by a power of two first).
    """
    cdef Py_ssize_t n_frames = spectrum.shape[0]
    cdef Py_ssize_t n_bins = spectrum.shape[1]
    cdef Py_ssize_t t, k, g
    cdef double total, weighted, c, norm, dev, spread, target, running, power
    cdef double log_sum, power_sum, product
    cdef double re, im
    cdef double* magnitude
    if n_frames == 0:
        return
    if out_offset < 0 or out_offset + n_frames > min(centroid.shape[0], rolloff.shape[0],
                                                     bandwidth.shape[0], flatness.shape[0]):
        raise ValueError("spectral_features: output too short")
    magnitude = <double*>malloc(n_bins * sizeof(double))
    if magnitude == NULL:
        raise MemoryError()
    try:
        with nogil:
            for t in range(n_frames):
                total = 0.0
                weighted = 0.0
                log_sum = 0.0
                power_sum = 0.0
                product = 1.0
                g = 0
                for k in range(n_bins):
                    re = spectrum[t, k].real
                    im = spectrum[t, k].imag
                    magnitude[k] = sqrt(re * re + im * im)
                    total += magnitude[k]
                    weighted += magnitude[k] * k
                    power = magnitude[k] * magnitude[k]
                    if power < amin:
                        power = amin
                    power_sum += power
                    if power < POWER_LOW or power > POWER_HIGH:
                        log_sum += log(power)
                        continue
                    product *= power
                    g += 1
                    if g == LOG_GROUP or product > PRODUCT_HIGH or product < PRODUCT_LOW:
                        log_sum += log(product)
                        product = 1.0
                        g = 0
                if g:
                    log_sum += log(product)
                flatness[out_offset + t] = exp(log_sum / n_bins) / (power_sum / n_bins)
                # librosa.util.normalize leaves a column untouched when its sum is below tiny.
                norm = total if total >= FLOAT32_TINY else 1.0
                c = weighted * bin_hz / norm
                centroid[out_offset + t] = c
                spread = 0.0
                target = roll_percent * total
                running = 0.0
                rolloff[out_offset + t] = (n_bins - 1) * bin_hz
                for k in range(n_bins):
                    dev = k * bin_hz - c
                    spread += magnitude[k] * dev * dev
                for k in range(n_bins):
                    running += magnitude[k]
                    if running >= target:
                        rolloff[out_offset + t] = k * bin_hz
                        break
                bandwidth[out_offset + t] = sqrt(spread / norm)
    finally:
        free(magnitude)


def yin_f0(const double[:, ::1] acf, const double[::1] buf, Py_ssize_t first, Py_ssize_t hop,
           Py_ssize_t min_period, Py_ssize_t max_period, double trough_threshold, double sr,
           double silence, double[::1] out, Py_ssize_t out_offset):
    """YIN fundamental frequency (Hz) of each frame, given its autocorrelation, as librosa.yin.

    ``acf[t, k]`` is the (unnormalised, linear) autocorrelation of frame ``t`` at lag ``k``
    (``k <= max_period``); the frame's samples are ``buf[first + t * hop + m]``, used for the
    energy term. With E(k) = sum_{m<k} x_m^2, librosa's difference function is
    d(k) = 2 (acf(0) - acf(k)) - E(k); the cumulative mean normalised difference is
    d'(k) = d(k) / (mean(d(1..k)) + tiny) for k in [min_period, max_period]. The period is the
    first local minimum of d' below ``trough_threshold`` (else the global minimum), refined by
    parabolic interpolation.

    A frame whose energy ``acf(0)`` is at most ``silence`` has no pitch: its f0 is 0
    (unvoiced). librosa reports a period of ``min_period`` (f0 near fmax) for digital silence,
    a pitch that is not there.
    """
    cdef Py_ssize_t n_frames = acf.shape[0]
    cdef Py_ssize_t n_lags = max_period - min_period + 1
    cdef Py_ssize_t t, k, i, start, best
    cdef double energy, v, d, cumulative, a, b, shift, lowest
    cdef double* cmnd
    if n_frames == 0:
        return
    if min_period < 1 or n_lags < 2 or acf.shape[1] < max_period + 1:
        raise ValueError("yin_f0: need 1 <= min_period < max_period < acf lags")
    if first < 0 or first + (n_frames - 1) * hop + max_period > buf.shape[0]:
        raise ValueError("yin_f0: frames reach outside the buffer")
    if out_offset < 0 or out_offset + n_frames > out.shape[0]:
        raise ValueError("yin_f0: output too short")
    cmnd = <double*>malloc(n_lags * sizeof(double))
    if cmnd == NULL:
        raise MemoryError()
    try:
        with nogil:
            for t in range(n_frames):
                start = first + t * hop
                if acf[t, 0] <= silence:
                    out[out_offset + t] = 0.0
                    continue
                energy = 0.0
                cumulative = 0.0
                for k in range(1, max_period + 1):
                    v = buf[start + k - 1]
                    energy += v * v
                    d = 2.0 * (acf[t, 0] - acf[t, k]) - energy
                    cumulative += d
                    if k >= min_period:
                        cmnd[k - min_period] = d / (cumulative / k + FLOAT32_TINY)
                # First trough below the threshold (librosa.util.localmin: strictly below the
                # left neighbour, not above the right one; the ends compare with one neighbour).
                best = -1
                if cmnd[0] < cmnd[1] and cmnd[0] < trough_threshold:
                    best = 0
                else:
                    for i in range(1, n_lags - 1):
                        if cmnd[i] < trough_threshold and cmnd[i] < cmnd[i - 1] and cmnd[i] <= cmnd[i + 1]:
                            best = i
                            break
                    if best < 0 and cmnd[n_lags - 1] < cmnd[n_lags - 2] and cmnd[n_lags - 1] < trough_threshold:
                        best = n_lags - 1
                if best < 0:
                    best = 0
                    lowest = cmnd[0]
                    for i in range(1, n_lags):
                        if cmnd[i] < lowest:
                            lowest = cmnd[i]
                            best = i
                shift = 0.0
                if 0 < best < n_lags - 1:
                    a = cmnd[best + 1] + cmnd[best - 1] - 2.0 * cmnd[best]
                    b = (cmnd[best + 1] - cmnd[best - 1]) / 2.0
                    if fabs(b) < fabs(a):
                        shift = -b / a
                out[out_offset + t] = sr / (min_period + best + shift)
    finally:
        free(cmnd)
