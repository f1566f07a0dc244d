# The control-rate multilayer perceptron: one frame of inputs in, one frame of outputs out, with
# optional feedback of the previous outputs into the first layer.
cimport numpy as cnp
from cpython.pythread cimport PyThread_type_lock, PyThread_allocate_lock, PyThread_free_lock

from nrdsp cimport activate, finite_or_zero, flush, lock_give, lock_take, safe

import numpy as np

cnp.import_array()


cdef class MLPKernel:
    """Per-frame core of :class:`nrcore.MLP`.

    ``sizes`` are the layer widths including the first layer's feedback inputs:
    ``(inputs + outputs, hidden..., outputs)``. All weights live in one flat array: for each
    layer ``l`` its matrix (``sizes[l+1]`` rows x ``sizes[l]`` columns, row-major) followed by
    its bias (``sizes[l+1]`` values).

    Thread-safe: every method takes the kernel's lock (``process`` inside its nogil block), so
    weights, controls and state may change from one thread while another processes; a change
    lands between two blocks.
    """

    cdef public int n_inputs
    cdef public int n_outputs
    cdef public int n_layers
    cdef double _response
    cdef double _feedback
    cdef PyThread_type_lock lock
    cdef Py_ssize_t[::1] sizes
    cdef Py_ssize_t[::1] offsets   # start of each layer's matrix in ``params``
    cdef int[::1] activation
    cdef double[::1] params
    cdef double[::1] front         # the layer being read (scratch)
    cdef double[::1] back          # the layer being written (scratch)
    cdef double[::1] previous      # the outputs of the previous frame (feedback state)

    def __cinit__(self, *args):
        self.lock = PyThread_allocate_lock()
        if self.lock == NULL:
            raise MemoryError("MLPKernel: out of memory")

    def __dealloc__(self):
        if self.lock != NULL:
            PyThread_free_lock(self.lock)

    @property
    def response(self):
        return self._response

    @response.setter
    def response(self, double value):
        with nogil:
            lock_take(self.lock)
            self._response = value
            lock_give(self.lock)

    @property
    def feedback(self):
        return self._feedback

    @feedback.setter
    def feedback(self, double value):
        with nogil:
            lock_take(self.lock)
            self._feedback = value
            lock_give(self.lock)

    def __init__(self, sizes):
        cdef Py_ssize_t l, total = 0, widest = 0
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"MLPKernel: sizes {sizes} need >= 2 layers of >= 1 unit")
        self.n_layers = len(sizes) - 1
        self.n_outputs = sizes[self.n_layers]
        self.n_inputs = sizes[0] - self.n_outputs
        if self.n_inputs < 1:
            raise ValueError(f"MLPKernel: sizes[0] = {sizes[0]} must exceed the outputs "
                             f"{self.n_outputs} (it counts the feedback inputs)")
        self.sizes = np.array(sizes, dtype=np.intp)
        self.offsets = np.zeros(self.n_layers, dtype=np.intp)
        for l in range(self.n_layers):
            self.offsets[l] = total
            total += sizes[l + 1] * sizes[l] + sizes[l + 1]
        widest = max(sizes)
        self.params = np.zeros(total)
        self.front = np.zeros(widest)
        self.back = np.zeros(widest)
        self.previous = np.zeros(self.n_outputs)
        self.activation = np.ones(self.n_layers, dtype=np.intc)
        self._response = 0.5
        self._feedback = 0.0

    def parameter_count(self):
        return self.params.shape[0]

    def set_params(self, const double[::1] flat):
        cdef Py_ssize_t i
        if flat.shape[0] != self.params.shape[0]:
            raise ValueError(f"weights: expected {self.params.shape[0]} values in all, "
                             f"got {flat.shape[0]}")
        with nogil:
            lock_take(self.lock)
            for i in range(flat.shape[0]):
                self.params[i] = flat[i]
            lock_give(self.lock)

    def get_params(self):
        cdef double[::1] flat = np.empty(self.params.shape[0])
        cdef Py_ssize_t i
        with nogil:
            lock_take(self.lock)
            for i in range(flat.shape[0]):
                flat[i] = self.params[i]
            lock_give(self.lock)
        return np.asarray(flat)

    def set_activations(self, const int[::1] ids):
        cdef Py_ssize_t i
        if ids.shape[0] != self.n_layers:
            raise ValueError(f"activation: expected {self.n_layers} ids, got {ids.shape[0]}")
        with nogil:
            lock_take(self.lock)
            for i in range(ids.shape[0]):
                self.activation[i] = ids[i]
            lock_give(self.lock)

    def reset(self):
        cdef Py_ssize_t o
        with nogil:
            lock_take(self.lock)
            for o in range(self.n_outputs):
                self.previous[o] = 0.0
            lock_give(self.lock)

    def get_state(self):
        cdef double[::1] previous = np.empty(self.n_outputs)
        cdef Py_ssize_t o
        with nogil:
            lock_take(self.lock)
            for o in range(self.n_outputs):
                previous[o] = self.previous[o]
            lock_give(self.lock)
        return {"previous": np.asarray(previous)}

    def set_state(self, state):
        previous = np.asarray(state["previous"], dtype=np.float64)
        if previous.shape != (self.n_outputs,):
            raise ValueError(f"state: previous has shape {previous.shape}, "
                             f"expected ({self.n_outputs},)")
        if not np.all(np.isfinite(previous)):
            raise ValueError("state: previous holds NaN or inf")
        cdef const double[::1] values = np.ascontiguousarray(previous)
        cdef Py_ssize_t o
        with nogil:
            lock_take(self.lock)
            for o in range(self.n_outputs):
                self.previous[o] = values[o]
            lock_give(self.lock)

    def process(self, const float[:, ::1] x, float[:, ::1] out):
        """Compute ``x.shape[1]`` frames; ``x`` is (inputs, frames), ``out`` (outputs, frames)."""
        cdef Py_ssize_t frames = x.shape[1]
        cdef Py_ssize_t t, i, o, l, n_in, n_out, w_at, b_at
        cdef double s
        # raw pointers, so the two scratch layers can be swapped without reference counting
        cdef double* front = &self.front[0]
        cdef double* back = &self.back[0]
        cdef double* swap
        if x.shape[0] != self.n_inputs or out.shape[0] != self.n_outputs or out.shape[1] < frames:
            raise ValueError(f"process: expected x ({self.n_inputs}, frames) and out "
                             f"({self.n_outputs}, frames), got {tuple(x.shape)[:2]} and "
                             f"{tuple(out.shape)[:2]}")
        with nogil:
            lock_take(self.lock)
            for t in range(frames):
                for i in range(self.n_inputs):
                    front[i] = finite_or_zero(x[i, t])
                for o in range(self.n_outputs):
                    front[self.n_inputs + o] = self._feedback * self.previous[o]
                for l in range(self.n_layers):
                    n_in = self.sizes[l]
                    n_out = self.sizes[l + 1]
                    w_at = self.offsets[l]
                    b_at = w_at + n_out * n_in
                    for o in range(n_out):
                        s = self.params[b_at + o]
                        for i in range(n_in):
                            s += self.params[w_at + o * n_in + i] * front[i]
                        back[o] = safe(activate(self.activation[l], safe(s), self._response))
                    swap = front
                    front = back
                    back = swap
                for o in range(self.n_outputs):
                    self.previous[o] = flush(front[o])
                    out[o, t] = <float>self.previous[o]
            lock_give(self.lock)
