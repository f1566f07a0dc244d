# Shared real-time helpers for every nrcore kernel: activations, their derivatives, a seeded
# noise source, and the guards that keep NaN, inf and denormals out of the signal path.
# Everything here is inline, nogil and allocation-free; the tests' numpy references mirror each
# function line for line, so a change here needs the same change in tests/ref_common.py.

from libc.math cimport exp, sin, cos, fabs, isfinite
from libc.stdint cimport uint64_t

# Activation ids. Their order is the order of nrcore.activations.ACTIVATIONS.
cdef enum:
    ACT_LINEAR = 0
    ACT_TANH = 1
    ACT_SIGMOID = 2
    ACT_RELU = 3
    ACT_HARDCLIP = 4
    ACT_SOFTCLIP = 5
    ACT_SINEFOLD = 6
    ACT_NLC = 7

# Any value leaving a kernel is clamped to +-SAFE_LIMIT (an unbounded linear neuron must still
# fit in float32 and not destroy a speaker); states below DENORMAL_FLOOR are flushed to zero.
cdef inline double safe_limit() noexcept nogil:
    return 1.0e4

cdef inline double denormal_floor() noexcept nogil:
    return 1.0e-30


cdef inline double finite_or_zero(double x) noexcept nogil:
    """Non-finite input samples count as silence, so one bad sample cannot poison the state."""
    if isfinite(x):
        return x
    return 0.0


cdef inline double clamp(double x, double lo, double hi) noexcept nogil:
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


cdef inline double safe(double x) noexcept nogil:
    """Finite and within +-safe_limit(); NaN becomes 0."""
    if not isfinite(x):
        if x > 0.0:
            return safe_limit()
        if x < 0.0:
            return -safe_limit()
        return 0.0
    return clamp(x, -safe_limit(), safe_limit())


cdef inline double flush(double x) noexcept nogil:
    """Flush denormals (and anything below audibility) in feedback state to exact zero."""
    if fabs(x) < denormal_floor():
        return 0.0
    return x


# tanh as a rational minimax approximation, x P(x^2) / Q(x^2), P and Q of degree 4 in x^2
# (benchmarks/fit_tanh.py: a linear-programming minimax fit of the absolute error on [0, 9]
# with P(0) = Q(0) = 1; benchmarks/tanh_latency.c measures its latency). Against libm's tanh
# over the whole double range: max abs error 2.1e-8 (below float32's resolution), odd,
# |tanh| < 1 (at most 1 - 1.0e-8), monotonic (in exact arithmetic; rounding moves neighbouring
# doubles' outputs by at most a few ulp), tanh(x) == x exactly for |x| < 1e-8 (no flush of
# small values). Its latency is that of a few multiplies and adds and one division, about two
# thirds of the exp form's (0.66x measured), and latency is what bounds a neuron with 1-sample
# feedback.
cdef inline double tanh_ratio(double x) noexcept nogil:
    """x P(x^2) / Q(x^2), P(0) = Q(0) = 1. Estrin's scheme with x folded into the numerator's
    terms: both polynomials in parallel, five operations deep, then the division."""
    cdef double u = x * x
    cdef double u2 = u * u
    cdef double xu = x * u
    cdef double xu2 = x * u2
    cdef double num = ((x + 0.13380314416179453 * xu)
                       + xu2 * ((0.003494754542539902 + 2.0596017438119725e-05 * u)
                                + 1.3337958476421043e-08 * u2))
    cdef double den = ((1.0 + 0.46713631839742686 * u)
                       + u2 * ((0.025873777649009517 + 0.0003284298158116519 * u)
                               + 7.769419171906669e-07 * u2))
    return num / den


cdef inline double tanh_rational(double x) noexcept nogil:
    # beyond +-9 (where tanh is within 3.1e-8 of +-1) the value at +-9; the comparison is off
    # the critical path, so the chain is the ratio's alone
    cdef double r = tanh_ratio(x)
    if x > 9.0:
        return tanh_ratio(9.0)
    if x < -9.0:
        return -tanh_ratio(9.0)
    return r


cdef inline double sigmoid_ratio(double x) noexcept nogil:
    """0.5 tanh_ratio(x / 2) with the halvings folded into the coefficients (powers of two, so
    bit for bit the same value) to keep them off the chain."""
    cdef double u = x * x
    cdef double u2 = u * u
    cdef double xu = x * u
    cdef double xu2 = x * u2
    cdef double num = ((0.25 * x + 0.008362696510112158 * xu)
                       + xu2 * ((5.460553972718597e-05 + 8.045319311765518e-08 * u) + 1.3025350074629925e-11 * u2))
    cdef double den = ((1.0 + 0.11678407959935672 * u)
                       + u2 * ((0.0016171111030630948 + 5.131715872057061e-06 * u) + 3.0349293640260428e-09 * u2))
    return num / den


cdef inline double sigmoid_rational(double x) noexcept nogil:
    """1 / (1 + exp(-x)) = (1 + tanh(x / 2)) / 2, through the rational tanh: max abs error
    1.1e-8, monotonic, within [5e-9, 1 - 5e-9]."""
    cdef double r = sigmoid_ratio(x)
    if x > 18.0:
        return 0.5 + sigmoid_ratio(18.0)
    if x < -18.0:
        return 0.5 - sigmoid_ratio(18.0)
    return 0.5 + r


cdef inline double activate(int kind, double x, double response) noexcept nogil:
    """The neuron's nonlinearity. ``response`` is the Nonlinear Circuits spike level (nlc only)."""
    cdef double rect
    if kind == ACT_TANH:
        return tanh_rational(x)
    if kind == ACT_SIGMOID:
        return sigmoid_rational(x)
    if kind == ACT_RELU:
        return x if x > 0.0 else 0.0
    if kind == ACT_HARDCLIP:
        return clamp(x, -1.0, 1.0)
    if kind == ACT_SOFTCLIP:
        # already a short chain (one add, one division) and exact to rounding: odd, monotonic,
        # bounded by 1
        return x / (1.0 + fabs(x))
    if kind == ACT_SINEFOLD:
        return sin(x)
    if kind == ACT_NLC:
        # Summing rectifier into a comparator; 1.0 stands for the module's 10 V rail.
        rect = clamp(x, 0.0, 1.0)
        if rect > 0.0:
            return rect - response
        return response
    return x


cdef inline double activate_slope(int kind, double x, double y) noexcept nogil:
    """d activate / dx at pre-activation x, given y = activate(x) (cheaper for tanh, sigmoid)."""
    if kind == ACT_TANH:
        return 1.0 - y * y
    if kind == ACT_SIGMOID:
        return y * (1.0 - y)
    # relu and nlc take their right-hand slope at the kink, so a neuron starting from zero
    # weights (sum exactly 0) still learns.
    if kind == ACT_RELU:
        return 1.0 if x >= 0.0 else 0.0
    if kind == ACT_HARDCLIP:
        return 1.0 if (x > -1.0 and x < 1.0) else 0.0
    if kind == ACT_SOFTCLIP:
        return 1.0 / ((1.0 + fabs(x)) * (1.0 + fabs(x)))
    if kind == ACT_SINEFOLD:
        return cos(x)
    if kind == ACT_NLC:
        # The comparator's step has no useful gradient; the rectifier passes slope 1 inside its range.
        return 1.0 if (x >= 0.0 and x < 1.0) else 0.0
    return 1.0


cdef inline double noise_next(uint64_t* state) noexcept nogil:
    """xorshift64* white noise, uniform in [-1, 1). Seeded per processor, reproducible everywhere."""
    cdef uint64_t s = state[0]
    s ^= s >> 12
    s ^= s << 25
    s ^= s >> 27
    state[0] = s
    return <double>((s * <uint64_t>2685821657736338717ULL) >> 11) * (2.0 / 9007199254740992.0) - 1.0


cdef inline double smoothing_coefficient(double time_s, double sample_rate) noexcept nogil:
    """One-pole coefficient reaching 63 % of a step in ``time_s``; 1.0 (no smoothing) for 0."""
    if time_s <= 0.0 or sample_rate <= 0.0:
        return 1.0
    return 1.0 - exp(-1.0 / (time_s * sample_rate))


cdef inline double approach(double now, double target, double coef) noexcept nogil:
    """One step of one-pole parameter smoothing. It lands exactly on the target once within
    1e-12 of it, so kernels can tell a settled parameter (now == target) and skip the ramp."""
    cdef double gap = target - now
    if fabs(gap) < 1.0e-12:
        return target
    return now + coef * gap


# -- the kernel lock and the direct block path ---------------------------------------------
# Every kernel owns one PyThread lock. ``process`` takes it inside its nogil block; setters,
# reset, set_state and structural changes take it with the GIL released (so a thread waiting
# for the lock never holds the GIL) and never touch a Python object while holding it (so the
# audio thread never waits, through the lock, for the GIL).
from cpython.pythread cimport (PyThread_type_lock, PyThread_acquire_lock, PyThread_release_lock,
                               WAIT_LOCK)
from cpython.pycapsule cimport PyCapsule_New, PyCapsule_GetPointer, PyCapsule_GetContext, \
    PyCapsule_SetContext
from cpython.ref cimport Py_INCREF, Py_DECREF, PyObject
from libc.stdlib cimport malloc, free

cdef extern from "nrcore_block.h":
    ctypedef int (*nrcore_block_fn)(void* kernel, const float* const* ins, int n_in,
                                    float* const* outs, int n_out, int n) noexcept nogil
    ctypedef struct nrcore_block:
        int version
        void* kernel
        nrcore_block_fn process
    const char* NRCORE_BLOCK_CAPSULE
    int NRCORE_BLOCK_VERSION


cdef extern from *:
    """
    /* NRCORE_NO_LOCK builds a kernel without its lock, only so that benchmarks/bench_neuron.py
       and bench_networks.py can measure what the lock costs. Not thread-safe. */
    #ifdef NRCORE_NO_LOCK
    #define NRCORE_LOCKED 0
    #else
    #define NRCORE_LOCKED 1
    #endif
    """
    const int NRCORE_LOCKED


cdef inline void lock_take(PyThread_type_lock lock) noexcept nogil:
    if NRCORE_LOCKED:
        PyThread_acquire_lock(lock, WAIT_LOCK)


cdef inline void lock_give(PyThread_type_lock lock) noexcept nogil:
    if NRCORE_LOCKED:
        PyThread_release_lock(lock)


cdef inline void _block_capsule_free(object capsule) noexcept:
    cdef void* block = PyCapsule_GetPointer(capsule, NRCORE_BLOCK_CAPSULE)
    cdef void* owner = PyCapsule_GetContext(capsule)
    free(block)
    if owner != NULL:
        Py_DECREF(<object>owner)


cdef inline object block_capsule(object owner, void* kernel, nrcore_block_fn process):
    """A PyCapsule named NRCORE_BLOCK_CAPSULE holding an nrcore_block on ``kernel``; the
    capsule keeps ``owner`` (the kernel object that holds ``kernel``) alive."""
    cdef nrcore_block* block = <nrcore_block*>malloc(sizeof(nrcore_block))
    if block == NULL:
        raise MemoryError("block_capsule: out of memory")
    block.version = NRCORE_BLOCK_VERSION
    block.kernel = kernel
    block.process = process
    try:
        capsule = PyCapsule_New(block, NRCORE_BLOCK_CAPSULE, _block_capsule_free)
    except BaseException:
        free(block)
        raise
    Py_INCREF(owner)
    PyCapsule_SetContext(capsule, <void*>owner)
    return capsule
