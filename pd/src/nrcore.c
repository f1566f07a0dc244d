/*
 * nrcore.c: the nrcore bridge, Python objects for Pure Data 0.53 and newer.
 *
 * Loading this library ([declare -lib nrcore] or "pd -lib nrcore") starts CPython from the
 * project's virtual environment and registers a loader for NAME.pd_py files. A .pd_py file
 * defines Pd classes as subclasses of puredata.NewObject, the API of py4pd 1.x (which needs
 * Pd >= 0.56 and Python >= 3.13); this bridge implements the subset of that API nrcore's
 * objects use, so the same .pd_py files load in either host:
 *
 *   class attribute  name                      the Pd class name
 *   instance attrs   inlets, outlets           an int (message ports), puredata.SIGNAL,
 *                                              puredata.DATA, or a tuple of them
 *   methods          in_<inlet>_<selector>     0-based inlets; bang(), float(f), symbol(s),
 *                                              list(atoms), other selectors (atoms)
 *                    dsp(sr, blocksize, n_sig_inlets) -> bool
 *                    perform(ins) -> outputs
 *   self.out(outlet, puredata.FLOAT | SYMBOL | LIST, value), self.error(*args),
 *   self.logpost(level, *args), self.get_current_dir()
 *   puredata.post(*args), hasgui(), get_sample_rate(), new_clock(owner, callback)
 *
 * perform() receives one C-contiguous float32 numpy array shaped (signal inlets, blocksize),
 * filled with memcpy from Pd's signal vectors: no Python object per sample. It may return a
 * numpy array shaped (signal outlets, blocksize) (or (blocksize,) for one outlet), a tuple of
 * per-outlet arrays, or py4pd's tuple of float tuples. A Python exception or a bad return
 * value prints the traceback or the problem to the Pd console and silences that object until
 * DSP restarts; Pd keeps running.
 *
 * The direct block path (nrcore's own objects): at every DSP start the bridge calls the
 * object's optional direct_block(); a PyCapsule named "nrcore.block.v1" (cython/nrcore_block.h)
 * holds the kernel's C block function, which perform then calls with no GIL and no Python
 * object; messages still go through Python. None, or a kernel whose shape changed, means
 * perform(). NRCORE_PD_PERFORM=1 (environment) always calls perform(), as py4pd does.
 *
 * Threads: Pd 0.53 runs message passing and DSP on one scheduler thread. The interpreter is
 * started on that thread, the GIL is released right after start-up, and every entry point from
 * Pd (loader, creation, messages, clocks, dsp, perform, free) takes it with PyGILState_Ensure.
 * Python threads started by user code therefore run whenever Pd is not inside Python. Deleting
 * an object calls its nr_free() first (if it has one: stop its threads); at Pd's exit Python's
 * atexit functions run before the libraries are unloaded, and the GIL is then kept.
 *
 * Where Python comes from: this file is built once per Python version into
 * bridge/nrcore-pyX.Y.so and links no libpython; nrcore.pd_linux (nrcore_loader.c) finds a
 * Python (NRCORE_VENV, nrcore.cfg, the venv made by [; nrcore setup(, or python3 on PATH),
 * loads its libpython and calls nrcore_core_start() here. No build-machine path is recorded.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m_pd.h"
#include "m_imp.h"
#include "g_canvas.h"
#include "s_stuff.h"

#if PD_FLOATSIZE != 32
#error "the nrcore bridge hands float32 arrays to Python: build it against 32-bit-float Pd"
#endif

/* The direct block path (BLOCK-CAPSULE contract): the kernels' header when the source tree is
 * at hand, else the same declaration (it is an ABI: version 1 never changes). */
#if defined(__has_include)
#if __has_include("../../cython/nrcore_block.h")
#include "../../cython/nrcore_block.h"
#endif
#endif
#ifndef NRCORE_BLOCK_CAPSULE
#define NRCORE_BLOCK_CAPSULE "nrcore.block.v1"
typedef struct nrcore_block {
    int version;
    void *kernel;
    int (*process)(void *kernel, const float *const *ins, int n_in, float *const *outs,
                   int n_out, int n);
} nrcore_block;
#endif

#ifndef NRCORE_VERSION
#define NRCORE_VERSION "0.1.0"
#endif

/* puredata.PYOBJECT: the value py4pd uses; this bridge does not pass Python objects. */
#define NRB_PYOBJECT (-1997)
/* Refuse absurd port counts from a buggy .pd_py instead of allocating them. */
#define NRB_MAX_PORTS 512

typedef struct _nrb_obj t_nrb_obj;

/* ------------------------------------------------------------------------------------------ */
/* Python-side types                                                                            */
/* ------------------------------------------------------------------------------------------ */

/* puredata.NewObject: base class of every object defined in a .pd_py file. */
typedef struct {
    PyObject_HEAD
    t_nrb_obj *owner;  /* the Pd object; NULL before creation finishes and after deletion */
    PyObject *clocks;  /* list of the clocks created for this object (freed with it) */
} t_nrb_pyobject;

/* A Pd clock calling a Python callable, made by puredata.new_clock(owner, callback). */
typedef struct {
    PyObject_HEAD
    t_clock *clock;
    PyObject *callback; /* NULL once the owning Pd object is deleted */
    t_symbol *owner_name;
} t_nrb_clock;

static PyTypeObject nrb_newobject_type;
static PyTypeObject nrb_clock_type;

/* ------------------------------------------------------------------------------------------ */
/* Pd-side types                                                                                */
/* ------------------------------------------------------------------------------------------ */

/* Each message inlet forwards to the owner with its 0-based inlet index. */
typedef struct {
    t_pd pd;
    t_nrb_obj *owner;
    int index;
} t_nrb_proxy;

struct _nrb_obj {
    t_object x_obj;
    t_symbol *x_name;
    t_canvas *x_canvas;
    PyObject *x_self; /* the NewObject instance */

    int x_ninlets;
    t_nrb_proxy *x_proxies; /* one per inlet; only message inlets use theirs */
    int x_noutlets;
    t_outlet **x_outlets;
    unsigned char *x_outlet_is_signal;

    /* DSP */
    int x_nsigin, x_nsigout;
    /* Classes with perform() have a main inlet that takes signals AND messages, as vanilla
     * signal objects do (messages go to in_0_*). When the object's first port is a message
     * inlet, the main inlet is that inlet and its (unused) signal vector is skipped. */
    t_float x_f;
    int x_main_dummy;
    t_sample **x_invec, **x_outvec;
    int x_blocksize;
    PyObject *x_perform;  /* bound perform method */
    PyObject *x_inarray;  /* float32 numpy array (x_nsigin, x_blocksize) handed to perform */
    Py_buffer x_inview;   /* writable view of x_inarray, held while the array is in use */
    int x_have_view;
    int x_silent;  /* dsp() failed or declined: output zeros */
    int x_faulted; /* perform failed: output zeros until DSP restarts */

    /* Direct block path: the kernel's C block function, called without Python (see
     * direct_block() in nrcore/hosts/pd/base.py). Fetched at every DSP start. */
    PyObject *x_capsule;      /* strong reference: keeps the kernel alive */
    nrcore_block *x_block;    /* NULL: perform() in Python */
    float *x_scratch;         /* copies of the signal inlets (Pd may reuse an inlet's buffer
                                 for an outlet) */
    size_t x_scratch_len;     /* in floats */
    const float **x_direct_in;
    float **x_direct_out;
    int x_direct_copy;        /* an inlet's vector overlaps an outlet's: copy inlets first */
};

static t_class *nrb_proxy_class;

/* Interpreter state */
static int nrb_ready;
static PyObject *nrb_classes;   /* dict: Pd class name -> (Python class, capsule of t_class*) */
static PyObject *nrb_modules;   /* list of the modules made from .pd_py files (kept alive) */
static PyObject *nrb_numpy;     /* numpy module, imported at the first dsp */
static t_nrb_obj *nrb_constructing; /* Pd object whose Python instance is being created */
static int nrb_py4pd_lists;     /* NRCORE_PY4PD_COMPAT: hand perform() lists as py4pd does */
static int nrb_no_direct;       /* NRCORE_PD_PERFORM=1: always call perform() (for tests) */
static char nrb_package_dir[MAXPDSTRING]; /* the folder of nrcore.pd_linux and the .pd_py files */

/* ------------------------------------------------------------------------------------------ */
/* Error reporting                                                                              */
/* ------------------------------------------------------------------------------------------ */

static const char *nrb_objname(t_nrb_obj *x) {
    return (x && x->x_name) ? x->x_name->s_name : "nrcore";
}

/* Print the pending Python exception: a summary line as a Pd error (findable from the console)
 * followed by the traceback, one console line per traceback line. Clears the exception. The
 * caller holds the GIL. */
static void nrb_report(t_nrb_obj *x, const char *name, const char *context) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (!type) {
        pd_error(x, "[%s] %s: unknown Python error", name, context);
        return;
    }
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb && value) PyException_SetTraceback(value, tb);

    const char *tname = ((PyTypeObject *)type)->tp_name;
    const char *dot = strrchr(tname, '.');
    if (dot) tname = dot + 1;
    PyObject *text = value ? PyObject_Str(value) : NULL;
    const char *msg = text ? PyUnicode_AsUTF8(text) : NULL;
    if (!msg) {
        PyErr_Clear();
        msg = "";
    }
    pd_error(x, "[%s] %s: %s: %s", name, context, tname, msg);
    Py_XDECREF(text);

    int printed = 0;
    if (tb) {
        PyObject *tbmod = PyImport_ImportModule("traceback");
        PyObject *lines = tbmod ? PyObject_CallMethod(tbmod, "format_exception", "OOO", type,
                                                      value ? value : Py_None, tb)
                                : NULL;
        if (lines && PyList_Check(lines)) {
            PyObject *empty = PyUnicode_FromString("");
            PyObject *joined = empty ? PyUnicode_Join(empty, lines) : NULL;
            Py_XDECREF(empty);
            const char *all = joined ? PyUnicode_AsUTF8(joined) : NULL;
            if (all) {
                const char *p = all;
                while (*p) {
                    const char *nl = strchr(p, '\n');
                    int len = nl ? (int)(nl - p) : (int)strlen(p);
                    if (len > 0) logpost(x, PD_ERROR, "[%s]   %.*s", name, len, p);
                    p += len;
                    if (*p == '\n') p++;
                }
                printed = 1;
            }
            Py_XDECREF(joined);
        }
        Py_XDECREF(lines);
        Py_XDECREF(tbmod);
        if (!printed) PyErr_Clear();
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

/* A user's mistake (a ValueError: bad argument, unknown name, value out of range) is one
 * console line naming the object and the problem, with no traceback; anything else is an
 * internal fault and gets nrb_report()'s traceback. Clears the exception. GIL held. */
static void nrb_report_user(t_nrb_obj *x, const char *name, const char *context) {
    if (!PyErr_ExceptionMatches(PyExc_ValueError)) {
        nrb_report(x, name, context);
        return;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *text = value ? PyObject_Str(value) : NULL;
    const char *msg = text ? PyUnicode_AsUTF8(text) : NULL;
    if (!msg) PyErr_Clear();
    /* the adapters' messages already start with the object's name */
    size_t len = strlen(name);
    if (msg && !strncmp(msg, name, len) && msg[len] == ':')
        pd_error(x, "[%s]%s", name, msg + len + 1);
    else
        pd_error(x, "[%s] %s", name, msg ? msg : context);
    Py_XDECREF(text);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

/* Join str() of every item of args[start:] with spaces. New reference or NULL. */
static PyObject *nrb_join_args(PyObject *args, Py_ssize_t start) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *parts = PyList_New(0);
    if (!parts) return NULL;
    for (Py_ssize_t i = start; i < n; i++) {
        PyObject *s = PyObject_Str(PyTuple_GET_ITEM(args, i));
        if (!s || PyList_Append(parts, s) < 0) {
            Py_XDECREF(s);
            Py_DECREF(parts);
            return NULL;
        }
        Py_DECREF(s);
    }
    PyObject *sep = PyUnicode_FromString(" ");
    PyObject *joined = sep ? PyUnicode_Join(sep, parts) : NULL;
    Py_XDECREF(sep);
    Py_DECREF(parts);
    return joined;
}

/* ------------------------------------------------------------------------------------------ */
/* puredata.NewObject                                                                           */
/* ------------------------------------------------------------------------------------------ */

static PyObject *nrb_newobject_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    (void)args;
    (void)kwds;
    t_nrb_pyobject *self = (t_nrb_pyobject *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    self->owner = nrb_constructing;
    self->clocks = PyList_New(0);
    if (!self->clocks) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

/* A .pd_py class that defines no __init__ still gets the creation arguments: accept them. */
static int nrb_newobject_init(PyObject *self, PyObject *args, PyObject *kwds) {
    (void)self;
    (void)args;
    (void)kwds;
    return 0;
}

static void nrb_newobject_dealloc(t_nrb_pyobject *self) {
    Py_CLEAR(self->clocks);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static t_nrb_obj *nrb_owner_or_raise(t_nrb_pyobject *self, const char *what) {
    if (!self->owner) {
        PyErr_Format(PyExc_RuntimeError,
                     "%s: this object has no Pd object (called from __init__, or after the "
                     "object was deleted)",
                     what);
        return NULL;
    }
    return self->owner;
}

/* Fill *atom from a Python str or number; 0 and a TypeError otherwise. */
static int nrb_atom_from_py(PyObject *item, t_atom *atom, Py_ssize_t index) {
    if (PyUnicode_Check(item)) {
        const char *s = PyUnicode_AsUTF8(item);
        if (!s) return 0;
        SETSYMBOL(atom, gensym(s));
        return 1;
    }
    if (PyNumber_Check(item) && !PyBool_Check(item)) {
        double d = PyFloat_AsDouble(item);
        if (d == -1.0 && PyErr_Occurred()) return 0;
        SETFLOAT(atom, (t_float)d);
        return 1;
    }
    if (PyBool_Check(item)) {
        SETFLOAT(atom, item == Py_True ? 1 : 0);
        return 1;
    }
    PyErr_Format(PyExc_TypeError, "self.out: list item %zd is a %s; only numbers and str can "
                 "go to Pd", index, Py_TYPE(item)->tp_name);
    return 0;
}

static PyObject *nrb_out(t_nrb_pyobject *self, PyObject *args) {
    int outlet, type;
    PyObject *value;
    if (!PyArg_ParseTuple(args, "iiO:out", &outlet, &type, &value)) return NULL;
    t_nrb_obj *x = nrb_owner_or_raise(self, "self.out");
    if (!x) return NULL;
    if (!x->x_outlets) {
        PyErr_SetString(PyExc_RuntimeError, "self.out: outlets are created after __init__ "
                        "returns");
        return NULL;
    }
    if (outlet < 0 || outlet >= x->x_noutlets) {
        PyErr_Format(PyExc_IndexError, "self.out: outlet %d does not exist; this object has %d "
                     "outlet(s), numbered from 0", outlet, x->x_noutlets);
        return NULL;
    }
    if (x->x_outlet_is_signal[outlet]) {
        PyErr_Format(PyExc_ValueError, "self.out: outlet %d is a signal outlet; return its "
                     "samples from perform()", outlet);
        return NULL;
    }
    t_outlet *out = x->x_outlets[outlet];
    if (type == A_FLOAT) {
        double d = PyFloat_AsDouble(value);
        if (d == -1.0 && PyErr_Occurred()) return NULL;
        outlet_float(out, (t_float)d);
    } else if (type == A_SYMBOL) {
        if (!PyUnicode_Check(value)) {
            PyErr_Format(PyExc_TypeError, "self.out: puredata.SYMBOL needs a str, got %s",
                         Py_TYPE(value)->tp_name);
            return NULL;
        }
        const char *s = PyUnicode_AsUTF8(value);
        if (!s) return NULL;
        outlet_symbol(out, gensym(s));
    } else if (type == A_GIMME) {
        PyObject *seq = PySequence_Fast(value, "self.out: puredata.LIST needs a sequence");
        if (!seq) return NULL;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        t_atom stackatoms[64];
        t_atom *atoms = n <= 64 ? stackatoms : (t_atom *)getbytes(n * sizeof(t_atom));
        int ok = 1;
        for (Py_ssize_t i = 0; i < n && ok; i++)
            ok = nrb_atom_from_py(PySequence_Fast_GET_ITEM(seq, i), &atoms[i], i);
        Py_DECREF(seq);
        if (ok) outlet_list(out, &s_list, (int)n, atoms);
        if (atoms != stackatoms) freebytes(atoms, n * sizeof(t_atom));
        if (!ok) return NULL;
    } else if (type == NRB_PYOBJECT) {
        PyErr_SetString(PyExc_NotImplementedError,
                        "self.out: puredata.PYOBJECT is not supported by the nrcore bridge");
        return NULL;
    } else {
        PyErr_Format(PyExc_ValueError, "self.out: unknown output type %d; use puredata.FLOAT, "
                     "SYMBOL or LIST", type);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *nrb_error(t_nrb_pyobject *self, PyObject *args) {
    PyObject *msg = nrb_join_args(args, 0);
    if (!msg) return NULL;
    t_nrb_obj *x = self->owner;
    pd_error(x, "[%s] %s", nrb_objname(x), PyUnicode_AsUTF8(msg));
    Py_DECREF(msg);
    Py_RETURN_NONE;
}

static PyObject *nrb_logpost(t_nrb_pyobject *self, PyObject *args) {
    if (PyTuple_GET_SIZE(args) < 1) {
        PyErr_SetString(PyExc_TypeError, "self.logpost(level, *args): level is missing");
        return NULL;
    }
    long level = PyLong_AsLong(PyTuple_GET_ITEM(args, 0));
    if (level == -1 && PyErr_Occurred()) return NULL;
    PyObject *msg = nrb_join_args(args, 1);
    if (!msg) return NULL;
    t_nrb_obj *x = self->owner;
    logpost(x, (int)level, "[%s] %s", nrb_objname(x), PyUnicode_AsUTF8(msg));
    Py_DECREF(msg);
    Py_RETURN_NONE;
}

static PyObject *nrb_get_current_dir(t_nrb_pyobject *self, PyObject *noargs) {
    (void)noargs;
    t_nrb_obj *x = nrb_owner_or_raise(self, "self.get_current_dir");
    if (!x) return NULL;
    return PyUnicode_FromString(canvas_getdir(x->x_canvas)->s_name);
}

static PyMethodDef nrb_newobject_methods[] = {
    {"out", (PyCFunction)nrb_out, METH_VARARGS,
     "out(outlet, type, value): send a float, symbol or list out of a message outlet"},
    {"error", (PyCFunction)nrb_error, METH_VARARGS, "error(*args): print a Pd error"},
    {"logpost", (PyCFunction)nrb_logpost, METH_VARARGS,
     "logpost(level, *args): print to the Pd console at a log level (0 critical .. 4 all)"},
    {"get_current_dir", (PyCFunction)nrb_get_current_dir, METH_NOARGS,
     "get_current_dir(): the directory of the patch holding this object"},
    {NULL, NULL, 0, NULL}};

static PyTypeObject nrb_newobject_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "puredata.NewObject",
    .tp_doc = "Base class of Pd objects written in Python (py4pd 1.x API subset)",
    .tp_basicsize = sizeof(t_nrb_pyobject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_new = nrb_newobject_new,
    .tp_init = nrb_newobject_init,
    .tp_dealloc = (destructor)nrb_newobject_dealloc,
    .tp_methods = nrb_newobject_methods,
};

/* ------------------------------------------------------------------------------------------ */
/* Clocks                                                                                       */
/* ------------------------------------------------------------------------------------------ */

static void nrb_clock_tick(t_nrb_clock *c) {
    PyGILState_STATE g = PyGILState_Ensure();
    if (c->callback) {
        Py_INCREF(c); /* the callback may drop the last reference to its clock */
        PyObject *r = PyObject_CallNoArgs(c->callback);
        if (!r)
            nrb_report(NULL, c->owner_name ? c->owner_name->s_name : "nrcore", "clock callback");
        Py_XDECREF(r);
        Py_DECREF(c);
    }
    PyGILState_Release(g);
}

static void nrb_clock_dealloc(t_nrb_clock *c) {
    if (c->clock) clock_free(c->clock);
    Py_CLEAR(c->callback);
    Py_TYPE(c)->tp_free((PyObject *)c);
}

static int nrb_clock_alive(t_nrb_clock *c) {
    if (!c->callback) {
        PyErr_SetString(PyExc_RuntimeError, "clock: its Pd object was deleted");
        return 0;
    }
    return 1;
}

static PyObject *nrb_clock_delay(t_nrb_clock *c, PyObject *args) {
    double ms;
    if (!PyArg_ParseTuple(args, "d:delay", &ms)) return NULL;
    if (!nrb_clock_alive(c)) return NULL;
    clock_delay(c->clock, ms);
    Py_RETURN_NONE;
}

static PyObject *nrb_clock_unset(t_nrb_clock *c, PyObject *noargs) {
    (void)noargs;
    if (c->clock) clock_unset(c->clock);
    Py_RETURN_NONE;
}

static PyObject *nrb_clock_set(t_nrb_clock *c, PyObject *args) {
    double systime;
    if (!PyArg_ParseTuple(args, "d:set", &systime)) return NULL;
    if (!nrb_clock_alive(c)) return NULL;
    clock_set(c->clock, systime);
    Py_RETURN_NONE;
}

static PyMethodDef nrb_clock_methods[] = {
    {"delay", (PyCFunction)nrb_clock_delay, METH_VARARGS,
     "delay(ms): call the callback after ms milliseconds of logical time"},
    {"unset", (PyCFunction)nrb_clock_unset, METH_NOARGS, "unset(): cancel a pending call"},
    {"set", (PyCFunction)nrb_clock_set, METH_VARARGS,
     "set(systime): call the callback at an absolute logical time"},
    {NULL, NULL, 0, NULL}};

static PyTypeObject nrb_clock_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "puredata.Clock",
    .tp_doc = "A Pd clock calling a Python callable (made by puredata.new_clock)",
    .tp_basicsize = sizeof(t_nrb_clock),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = (destructor)nrb_clock_dealloc,
    .tp_methods = nrb_clock_methods,
};

/* ------------------------------------------------------------------------------------------ */
/* Module functions                                                                             */
/* ------------------------------------------------------------------------------------------ */

static PyObject *nrb_post(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *msg = nrb_join_args(args, 0);
    if (!msg) return NULL;
    post("%s", PyUnicode_AsUTF8(msg));
    Py_DECREF(msg);
    Py_RETURN_NONE;
}

/* _console(text, is_error): target of sys.stdout / sys.stderr inside Pd. */
static PyObject *nrb_console(PyObject *mod, PyObject *args) {
    (void)mod;
    const char *text;
    int is_error;
    if (!PyArg_ParseTuple(args, "sp", &text, &is_error)) return NULL;
    if (is_error)
        logpost(NULL, PD_ERROR, "%s", text);
    else
        post("%s", text);
    Py_RETURN_NONE;
}

static PyObject *nrb_hasgui(PyObject *mod, PyObject *noargs) {
    (void)mod;
    (void)noargs;
    return PyBool_FromLong(sys_havegui());
}

static PyObject *nrb_get_sample_rate(PyObject *mod, PyObject *noargs) {
    (void)mod;
    (void)noargs;
    return PyFloat_FromDouble(sys_getsr());
}

static PyObject *nrb_new_clock(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *owner, *callback;
    if (!PyArg_ParseTuple(args, "OO:new_clock", &owner, &callback)) return NULL;
    if (!PyObject_TypeCheck(owner, &nrb_newobject_type)) {
        PyErr_SetString(PyExc_TypeError, "new_clock(owner, callback): owner must be the "
                        "puredata.NewObject instance (self)");
        return NULL;
    }
    if (!PyCallable_Check(callback)) {
        PyErr_SetString(PyExc_TypeError, "new_clock(owner, callback): callback is not callable");
        return NULL;
    }
    t_nrb_pyobject *o = (t_nrb_pyobject *)owner;
    t_nrb_clock *c = PyObject_New(t_nrb_clock, &nrb_clock_type);
    if (!c) return NULL;
    Py_INCREF(callback);
    c->callback = callback;
    c->owner_name = o->owner ? o->owner->x_name : NULL;
    c->clock = clock_new(c, (t_method)nrb_clock_tick);
    if (PyList_Append(o->clocks, (PyObject *)c) < 0) {
        Py_DECREF(c);
        return NULL;
    }
    return (PyObject *)c;
}

static PyMethodDef nrb_module_methods[] = {
    {"post", nrb_post, METH_VARARGS, "post(*args): print to the Pd console"},
    {"hasgui", nrb_hasgui, METH_NOARGS, "hasgui(): True when Pd runs with its GUI"},
    {"get_sample_rate", nrb_get_sample_rate, METH_NOARGS,
     "get_sample_rate(): Pd's sample rate in Hz"},
    {"new_clock", nrb_new_clock, METH_VARARGS,
     "new_clock(owner, callback): a clock calling callback() in Pd's logical time"},
    {"_console", nrb_console, METH_VARARGS, "internal: sys.stdout/sys.stderr to the console"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef nrb_module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "puredata",
    .m_doc = "Pure Data from Python: the py4pd 1.x API subset provided by the nrcore bridge",
    .m_size = -1,
    .m_methods = nrb_module_methods,
};

static PyObject *nrb_module_init(void) {
    if (PyType_Ready(&nrb_newobject_type) < 0 || PyType_Ready(&nrb_clock_type) < 0) return NULL;
    PyObject *m = PyModule_Create(&nrb_module_def);
    if (!m) return NULL;
    int bad = 0;
    bad |= PyModule_AddIntConstant(m, "FLOAT", A_FLOAT);
    bad |= PyModule_AddIntConstant(m, "SYMBOL", A_SYMBOL);
    bad |= PyModule_AddIntConstant(m, "LIST", A_GIMME);
    bad |= PyModule_AddIntConstant(m, "PYOBJECT", NRB_PYOBJECT);
    bad |= PyModule_AddStringConstant(m, "SIGNAL", "signal");
    bad |= PyModule_AddStringConstant(m, "DATA", "anything");
    bad |= PyModule_AddStringConstant(m, "BRIDGE", "nrcore " NRCORE_VERSION);
    /* perform() gets and may return numpy arrays (py4pd hands lists and wants tuples) */
    bad |= PyModule_AddObject(m, "PERFORM_ARRAYS", PyBool_FromLong(!nrb_py4pd_lists));
    Py_INCREF(&nrb_newobject_type);
    bad |= PyModule_AddObject(m, "NewObject", (PyObject *)&nrb_newobject_type);
    Py_INCREF(&nrb_clock_type);
    bad |= PyModule_AddObject(m, "Clock", (PyObject *)&nrb_clock_type);
    if (bad) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

/* ------------------------------------------------------------------------------------------ */
/* Messages                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/* Atoms as a Python list: integral floats as int (as py4pd does), symbols as str. */
static PyObject *nrb_atoms_to_list(int argc, t_atom *argv) {
    PyObject *list = PyList_New(argc);
    if (!list) return NULL;
    for (int i = 0; i < argc; i++) {
        PyObject *item;
        if (argv[i].a_type == A_FLOAT) {
            t_float f = argv[i].a_w.w_float;
            /* range check first: casting an out-of-range float to long is undefined */
            if (fabs(f) < 9.0e15 && f == (t_float)(long)f)
                item = PyLong_FromLong((long)f);
            else
                item = PyFloat_FromDouble(f);
        } else if (argv[i].a_type == A_SYMBOL) {
            item = PyUnicode_FromString(argv[i].a_w.w_symbol->s_name);
        } else {
            Py_INCREF(Py_None);
            item = Py_None;
        }
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, item);
    }
    return list;
}

static void nrb_dispatch(t_nrb_obj *x, int inlet, t_symbol *s, int argc, t_atom *argv) {
    if (!x->x_self) return;
    char method[MAXPDSTRING];
    snprintf(method, sizeof(method), "in_%d_%s", inlet, s->s_name);
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *fn = PyObject_GetAttrString(x->x_self, method);
    if (!fn) {
        if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
            PyErr_Clear();
            pd_error(x, "[%s] inlet %d does not understand '%s' (the class defines no %s)",
                     nrb_objname(x), inlet, s->s_name, method);
        } else {
            nrb_report(x, nrb_objname(x), method);
        }
        PyGILState_Release(g);
        return;
    }
    PyObject *r = NULL;
    if (s == &s_bang) {
        r = PyObject_CallNoArgs(fn);
    } else {
        PyObject *arg;
        if (s == &s_float)
            arg = PyFloat_FromDouble(atom_getfloatarg(0, argc, argv));
        else if (s == &s_symbol)
            arg = PyUnicode_FromString(atom_getsymbolarg(0, argc, argv)->s_name);
        else
            arg = nrb_atoms_to_list(argc, argv);
        if (arg) {
            r = PyObject_CallOneArg(fn, arg);
            Py_DECREF(arg);
        }
    }
    if (!r) {
        char context[MAXPDSTRING + 32];
        snprintf(context, sizeof(context), "%s() raised", method);
        nrb_report(x, nrb_objname(x), context);
    } else if (r != Py_None) {
        pd_error(x, "[%s] %s returned a %s; message methods must return None (use self.out)",
                 nrb_objname(x), method, Py_TYPE(r)->tp_name);
    }
    Py_XDECREF(r);
    Py_DECREF(fn);
    PyGILState_Release(g);
}

static void nrb_proxy_anything(t_nrb_proxy *p, t_symbol *s, int argc, t_atom *argv) {
    nrb_dispatch(p->owner, p->index, s, argc, argv);
}

/* The main inlet of a signal class: messages always reach in_0_<selector>; a float is the
 * signal's value while nothing is connected (as in vanilla) unless inlet 0 is a message inlet. */
static void nrb_main_anything(t_nrb_obj *x, t_symbol *s, int argc, t_atom *argv) {
    nrb_dispatch(x, 0, s, argc, argv);
}

static void nrb_main_float(t_nrb_obj *x, t_float f) {
    if (x->x_main_dummy) {
        t_atom a;
        SETFLOAT(&a, f);
        nrb_dispatch(x, 0, &s_float, 1, &a);
    } else {
        x->x_f = f;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* DSP                                                                                          */
/* ------------------------------------------------------------------------------------------ */

static void nrb_zero_outputs(t_nrb_obj *x) {
    for (int j = 0; j < x->x_nsigout; j++)
        memset(x->x_outvec[j], 0, x->x_blocksize * sizeof(t_sample));
}

/* Copy one (n,) or (rows, n) float32 view row-by-row into outlets [first, first + rows). */
static int nrb_copy_view(t_nrb_obj *x, Py_buffer *v, int first, int rows, int n) {
    const char *fmt = v->format ? v->format : "B";
    char code = fmt[strlen(fmt) - 1];
    int shape_ok = (rows == 1 && v->ndim == 1 && v->shape[0] == n) ||
                   (v->ndim == 2 && v->shape[0] == rows && v->shape[1] == n);
    if (!shape_ok) {
        if (v->ndim == 2)
            pd_error(x, "[%s] perform() returned an array shaped (%zd, %zd); expected (%d, %d) "
                     "(signal outlets, block size)", nrb_objname(x), v->shape[0], v->shape[1],
                     rows, n);
        else if (v->ndim == 1)
            pd_error(x, "[%s] perform() returned an array of %zd samples; expected %s(%d, %d)",
                     nrb_objname(x), v->shape[0], rows == 1 ? "n or " : "", rows, n);
        else
            pd_error(x, "[%s] perform() returned a %d-D array; expected (%d, %d)",
                     nrb_objname(x), v->ndim, rows, n);
        return 0;
    }
    if (code != 'f' || v->itemsize != 4) {
        pd_error(x, "[%s] perform() output is not float32", nrb_objname(x));
        return 0;
    }
    const float *src = (const float *)v->buf;
    for (int r = 0; r < rows; r++)
        memcpy(x->x_outvec[first + r], src + (size_t)r * n, n * sizeof(t_sample));
    return 1;
}

/* Write an array-like into outlets [first, first + rows): float32 C-contiguous buffers are
 * copied with memcpy; anything else (float64, strided) is converted by numpy first. */
static int nrb_write_arraylike(t_nrb_obj *x, PyObject *obj, int first, int rows, int n) {
    Py_buffer v;
    if (PyObject_GetBuffer(obj, &v, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) == 0) {
        const char *fmt = v.format ? v.format : "B";
        if (fmt[strlen(fmt) - 1] == 'f' && v.itemsize == 4) {
            int ok = nrb_copy_view(x, &v, first, rows, n);
            PyBuffer_Release(&v);
            return ok;
        }
        PyBuffer_Release(&v);
    } else {
        PyErr_Clear();
    }
    PyObject *conv = PyObject_CallMethod(nrb_numpy, "ascontiguousarray", "Os", obj, "float32");
    if (!conv) {
        nrb_report(x, nrb_objname(x), "perform() output is not a numeric array");
        return 0;
    }
    int ok = 0;
    if (PyObject_GetBuffer(conv, &v, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) == 0) {
        ok = nrb_copy_view(x, &v, first, rows, n);
        PyBuffer_Release(&v);
    } else {
        nrb_report(x, nrb_objname(x), "perform() output");
    }
    Py_DECREF(conv);
    return ok;
}

/* py4pd's form: a sequence of n Python numbers for one outlet. */
static int nrb_write_numbers(t_nrb_obj *x, PyObject *seq, int outlet, int n) {
    PyObject *fast = PySequence_Fast(seq, "samples");
    if (!fast) {
        PyErr_Clear();
        pd_error(x, "[%s] perform(): output %d is not a sequence of samples", nrb_objname(x),
                 outlet);
        return 0;
    }
    Py_ssize_t len = PySequence_Fast_GET_SIZE(fast);
    if (len != n) {
        pd_error(x, "[%s] perform(): output %d has %zd samples; expected %d", nrb_objname(x),
                 outlet, len, n);
        Py_DECREF(fast);
        return 0;
    }
    t_sample *out = x->x_outvec[outlet];
    for (Py_ssize_t j = 0; j < len; j++) {
        double d = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, j));
        if (d == -1.0 && PyErr_Occurred()) {
            Py_DECREF(fast);
            nrb_report(x, nrb_objname(x), "perform() output sample");
            return 0;
        }
        out[j] = (t_sample)d;
    }
    Py_DECREF(fast);
    return 1;
}

static int nrb_write_outputs(t_nrb_obj *x, PyObject *r, int n) {
    int nout = x->x_nsigout;
    if (nout == 0) return 1;
    if (PyObject_CheckBuffer(r)) return nrb_write_arraylike(x, r, 0, nout, n);
    if (PyTuple_Check(r) || PyList_Check(r)) {
        Py_ssize_t len = PySequence_Size(r);
        if (len == nout && !(nout == 1 && len == n)) {
            for (int k = 0; k < nout; k++) {
                PyObject *item = PySequence_GetItem(r, k);
                if (!item) return 0;
                int ok = PyObject_CheckBuffer(item) ? nrb_write_arraylike(x, item, k, 1, n)
                                                    : nrb_write_numbers(x, item, k, n);
                Py_DECREF(item);
                if (!ok) return 0;
            }
            return 1;
        }
        if (nout == 1 && len == n) return nrb_write_numbers(x, r, 0, n);
        pd_error(x, "[%s] perform() returned %zd item(s); expected %d (one per signal outlet)%s",
                 nrb_objname(x), len, nout, nout == 1 ? " or the block's samples" : "");
        return 0;
    }
    pd_error(x, "[%s] perform() returned a %s; expected a float32 array shaped (%d, %d) or a "
             "tuple of per-outlet samples", nrb_objname(x), Py_TYPE(r)->tp_name, nout, n);
    return 0;
}

/* py4pd's form of perform()'s argument: a tuple of per-inlet lists of Python floats. */
static PyObject *nrb_inputs_as_lists(t_nrb_obj *x) {
    int n = x->x_blocksize;
    PyObject *ins = PyTuple_New(x->x_nsigin);
    if (!ins) return NULL;
    for (int i = 0; i < x->x_nsigin; i++) {
        PyObject *list = PyList_New(n);
        if (!list) {
            Py_DECREF(ins);
            return NULL;
        }
        const float *src = (const float *)x->x_inview.buf + (size_t)i * n;
        for (int j = 0; j < n; j++) PyList_SET_ITEM(list, j, PyFloat_FromDouble(src[j]));
        PyTuple_SET_ITEM(ins, i, list);
    }
    return ins;
}

static t_int *nrb_perform(t_int *w) {
    t_nrb_obj *x = (t_nrb_obj *)(w[1]);
    int n = x->x_blocksize;
    if (x->x_silent || x->x_faulted) {
        nrb_zero_outputs(x);
        return w + 2;
    }
    if (x->x_block) {
        /* The direct path: no GIL, no Python object; the kernel takes its own lock. When Pd
         * handed an inlet and an outlet the same vector, the inlets are copied first. */
        if (x->x_direct_copy)
            for (int i = 0; i < x->x_nsigin; i++)
                memcpy(x->x_scratch + (size_t)i * n, x->x_invec[i], n * sizeof(t_sample));
        if (x->x_block->process(x->x_block->kernel, x->x_direct_in, x->x_nsigin,
                                x->x_direct_out, x->x_nsigout, n) == 0)
            return w + 2;
        /* the kernel changed shape under a message: Python until the next DSP start */
        x->x_block = NULL;
        logpost(x, PD_DEBUG, "[%s] the kernel's shape changed: perform() until DSP restarts",
                nrb_objname(x));
    }
    /* Copy first: Pd may hand the same vector to an inlet and an outlet. */
    float *buf = (float *)x->x_inview.buf;
    for (int i = 0; i < x->x_nsigin; i++)
        memcpy(buf + (size_t)i * n, x->x_invec[i], n * sizeof(t_sample));

    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *r;
    if (nrb_py4pd_lists) {
        PyObject *ins = nrb_inputs_as_lists(x);
        r = ins ? PyObject_CallOneArg(x->x_perform, ins) : NULL;
        Py_XDECREF(ins);
    } else {
        r = PyObject_CallOneArg(x->x_perform, x->x_inarray);
    }
    if (!r) {
        nrb_report(x, nrb_objname(x), "perform() raised");
        x->x_faulted = 1;
    } else if (!nrb_write_outputs(x, r, n)) {
        x->x_faulted = 1;
    }
    Py_XDECREF(r);
    PyGILState_Release(g);
    if (x->x_faulted) {
        pd_error(x, "[%s] output is silent until DSP restarts", nrb_objname(x));
        nrb_zero_outputs(x);
    }
    return w + 2;
}

static void nrb_release_input(t_nrb_obj *x) {
    if (x->x_have_view) {
        PyBuffer_Release(&x->x_inview);
        x->x_have_view = 0;
    }
    Py_CLEAR(x->x_inarray);
}

/* Forget the direct block path (GIL held, DSP not running this object). */
static void nrb_release_direct(t_nrb_obj *x) {
    x->x_block = NULL;
    Py_CLEAR(x->x_capsule);
    if (x->x_scratch) freebytes(x->x_scratch, x->x_scratch_len * sizeof(float));
    x->x_scratch = NULL;
    x->x_scratch_len = 0;
    if (x->x_direct_in) freebytes(x->x_direct_in, (x->x_nsigin + 1) * sizeof(float *));
    if (x->x_direct_out) freebytes(x->x_direct_out, (x->x_nsigout + 1) * sizeof(float *));
    x->x_direct_in = NULL;
    x->x_direct_out = NULL;
}

/* Ask the Python object for its kernel's block function: self.direct_block() returns a
 * PyCapsule named NRCORE_BLOCK_CAPSULE, or None to stay on perform(). GIL held. */
static void nrb_prepare_direct(t_nrb_obj *x, int n) {
    nrb_release_direct(x);
    if (nrb_no_direct || nrb_py4pd_lists) return;
    PyObject *fn = PyObject_GetAttrString(x->x_self, "direct_block");
    if (!fn) {
        PyErr_Clear();
        return;
    }
    PyObject *cap = PyObject_CallNoArgs(fn);
    Py_DECREF(fn);
    if (!cap) {
        nrb_report(x, nrb_objname(x), "direct_block() raised; using perform()");
        return;
    }
    if (cap == Py_None) {
        Py_DECREF(cap);
        return;
    }
    nrcore_block *block = PyCapsule_IsValid(cap, NRCORE_BLOCK_CAPSULE)
                              ? (nrcore_block *)PyCapsule_GetPointer(cap, NRCORE_BLOCK_CAPSULE)
                              : NULL;
    if (!block || block->version != 1 || !block->process) {
        PyErr_Clear();
        pd_error(x, "[%s] direct_block() did not return a '%s' capsule (version 1); using "
                 "perform()", nrb_objname(x), NRCORE_BLOCK_CAPSULE);
        Py_DECREF(cap);
        return;
    }
    x->x_capsule = cap;
    x->x_scratch_len = (size_t)(x->x_nsigin > 0 ? x->x_nsigin : 1) * n;
    x->x_scratch = (float *)getbytes(x->x_scratch_len * sizeof(float));
    x->x_direct_in = (const float **)getbytes((x->x_nsigin + 1) * sizeof(float *));
    x->x_direct_out = (float **)getbytes((x->x_nsigout + 1) * sizeof(float *));
    /* Pd reuses signal vectors: an outlet may write where an inlet reads. Only then do the
     * inlets go through the scratch copies (the kernel needs outs and ins apart). */
    x->x_direct_copy = 0;
    for (int i = 0; i < x->x_nsigin; i++)
        for (int j = 0; j < x->x_nsigout; j++)
            if (x->x_invec[i] < x->x_outvec[j] + n && x->x_outvec[j] < x->x_invec[i] + n)
                x->x_direct_copy = 1;
    for (int i = 0; i < x->x_nsigin; i++)
        x->x_direct_in[i] = x->x_direct_copy ? x->x_scratch + (size_t)i * n : x->x_invec[i];
    for (int j = 0; j < x->x_nsigout; j++) x->x_direct_out[j] = x->x_outvec[j];
    x->x_block = block;
    logpost(x, PD_DEBUG, "[%s] direct block path%s", nrb_objname(x),
            x->x_direct_copy ? " (inlets copied)" : "");
}

/* (Re)allocate the float32 array perform() receives; 1 on success. GIL held. */
static int nrb_prepare_input(t_nrb_obj *x, int n) {
    if (x->x_inarray && x->x_have_view && x->x_inview.len == (Py_ssize_t)x->x_nsigin * n * 4)
        return 1;
    nrb_release_input(x);
    if (!nrb_numpy) {
        nrb_numpy = PyImport_ImportModule("numpy");
        if (!nrb_numpy) {
            nrb_report(x, nrb_objname(x), "numpy is needed for signal objects");
            return 0;
        }
    }
    x->x_inarray = PyObject_CallMethod(nrb_numpy, "zeros", "(ii)s", x->x_nsigin, n, "float32");
    if (!x->x_inarray) {
        nrb_report(x, nrb_objname(x), "allocating the input block");
        return 0;
    }
    if (PyObject_GetBuffer(x->x_inarray, &x->x_inview, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) <
        0) {
        nrb_report(x, nrb_objname(x), "allocating the input block");
        Py_CLEAR(x->x_inarray);
        return 0;
    }
    x->x_have_view = 1;
    return 1;
}

static void nrb_dsp(t_nrb_obj *x, t_signal **sp) {
    int nsig = x->x_nsigin + x->x_nsigout;
    if (nsig == 0 || !x->x_self) return;
    int n = sp[0]->s_n;
    sp += x->x_main_dummy; /* the main inlet's vector, when inlet 0 takes only messages */
    for (int i = 0; i < x->x_nsigin; i++) x->x_invec[i] = sp[i]->s_vec;
    for (int j = 0; j < x->x_nsigout; j++) x->x_outvec[j] = sp[x->x_nsigin + j]->s_vec;
    x->x_blocksize = n;
    x->x_faulted = 0;
    x->x_silent = 1;
    x->x_block = NULL;

    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *fn = PyObject_GetAttrString(x->x_self, "dsp");
    if (fn) {
        PyObject *r = PyObject_CallFunction(fn, "dii", (double)sp[0]->s_sr, n, x->x_nsigin);
        Py_DECREF(fn);
        if (!r) {
            nrb_report(x, nrb_objname(x), "dsp() raised; the object is silent");
            goto done;
        }
        int ok = PyObject_IsTrue(r);
        Py_DECREF(r);
        if (ok <= 0) {
            if (ok < 0) nrb_report(x, nrb_objname(x), "dsp() result");
            logpost(x, PD_NORMAL, "[%s] dsp() returned False: the object is silent",
                    nrb_objname(x));
            goto done;
        }
    } else {
        PyErr_Clear();
    }
    if (!nrb_prepare_input(x, n)) goto done;
    Py_CLEAR(x->x_perform);
    x->x_perform = PyObject_GetAttrString(x->x_self, "perform");
    if (!x->x_perform || !PyCallable_Check(x->x_perform)) {
        PyErr_Clear();
        Py_CLEAR(x->x_perform);
        pd_error(x, "[%s] has no callable perform(); the object is silent", nrb_objname(x));
        goto done;
    }
    nrb_prepare_direct(x, n);
    x->x_silent = 0;
done:
    PyGILState_Release(g);
    dsp_add(nrb_perform, 1, x);
}

/* ------------------------------------------------------------------------------------------ */
/* Object creation and deletion                                                                 */
/* ------------------------------------------------------------------------------------------ */

/* Read self.<attr> (inlets or outlets) into a count and per-port signal flags. A missing
 * attribute means one message port, as in py4pd's documentation. 1 on success. */
static int nrb_read_ports(t_nrb_obj *x, const char *attr, int *count, unsigned char **signal) {
    PyObject *spec = PyObject_GetAttrString(x->x_self, attr);
    *count = 0;
    *signal = NULL;
    if (!spec) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return 0;
        PyErr_Clear();
        spec = PyLong_FromLong(1);
    }
    int ok = 1;
    if (PyLong_Check(spec) && !PyBool_Check(spec)) {
        long k = PyLong_AsLong(spec);
        if (k < 0 || k > NRB_MAX_PORTS) {
            PyErr_Format(PyExc_ValueError, "self.%s = %ld: must be 0..%d", attr, k,
                         NRB_MAX_PORTS);
            ok = 0;
        } else {
            *count = (int)k;
            *signal = (unsigned char *)getbytes(k > 0 ? k : 1);
        }
    } else {
        PyObject *items = PyUnicode_Check(spec) ? PyTuple_Pack(1, spec)
                                                : PySequence_Tuple(spec);
        if (!items) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "self.%s must be an int, puredata.SIGNAL, "
                         "puredata.DATA or a tuple of them, not %s", attr,
                         Py_TYPE(spec)->tp_name);
            ok = 0;
        } else {
            Py_ssize_t k = PyTuple_GET_SIZE(items);
            if (k > NRB_MAX_PORTS) {
                PyErr_Format(PyExc_ValueError, "self.%s: %zd ports; at most %d", attr, k,
                             NRB_MAX_PORTS);
                ok = 0;
            } else {
                *signal = (unsigned char *)getbytes(k > 0 ? k : 1);
                *count = (int)k;
                for (Py_ssize_t i = 0; i < k && ok; i++) {
                    PyObject *it = PyTuple_GET_ITEM(items, i);
                    const char *kind = PyUnicode_Check(it) ? PyUnicode_AsUTF8(it) : NULL;
                    if (kind && !strcmp(kind, "signal"))
                        (*signal)[i] = 1;
                    else if (kind && !strcmp(kind, "anything"))
                        (*signal)[i] = 0;
                    else {
                        PyErr_Format(PyExc_ValueError, "self.%s[%zd] must be puredata.SIGNAL "
                                     "or puredata.DATA", attr, i);
                        ok = 0;
                    }
                }
            }
            Py_DECREF(items);
        }
    }
    Py_DECREF(spec);
    if (!ok && *signal) {
        freebytes(*signal, *count > 0 ? *count : 1);
        *signal = NULL;
        *count = 0;
    }
    return ok;
}

static void nrb_free(t_nrb_obj *x) {
    if (nrb_ready) {
        PyGILState_STATE g = PyGILState_Ensure();
        /* The object's own clean-up first (nr_free(): stop a background training...). */
        if (x->x_self && PyObject_HasAttrString(x->x_self, "nr_free")) {
            PyObject *r = PyObject_CallMethod(x->x_self, "nr_free", NULL);
            if (!r) nrb_report(x, nrb_objname(x), "nr_free()");
            Py_XDECREF(r);
        }
        if (x->x_self) {
            t_nrb_pyobject *o = (t_nrb_pyobject *)x->x_self;
            o->owner = NULL;
            if (o->clocks) {
                Py_ssize_t k = PyList_GET_SIZE(o->clocks);
                for (Py_ssize_t i = 0; i < k; i++) {
                    t_nrb_clock *c = (t_nrb_clock *)PyList_GET_ITEM(o->clocks, i);
                    if (c->clock) clock_unset(c->clock);
                    Py_CLEAR(c->callback); /* breaks self -> clock -> bound method -> self */
                }
                PyList_SetSlice(o->clocks, 0, k, NULL);
            }
        }
        Py_CLEAR(x->x_perform);
        nrb_release_input(x);
        nrb_release_direct(x);
        Py_CLEAR(x->x_self);
        PyGILState_Release(g);
    }
    if (x->x_proxies) freebytes(x->x_proxies, x->x_ninlets * sizeof(t_nrb_proxy));
    if (x->x_outlets) freebytes(x->x_outlets, x->x_noutlets * sizeof(t_outlet *));
    if (x->x_outlet_is_signal)
        freebytes(x->x_outlet_is_signal, x->x_noutlets > 0 ? x->x_noutlets : 1);
    if (x->x_invec) freebytes(x->x_invec, (x->x_nsigin + 1) * sizeof(t_sample *));
    if (x->x_outvec) freebytes(x->x_outvec, (x->x_nsigout + 1) * sizeof(t_sample *));
}

static void *nrb_new(t_symbol *s, int argc, t_atom *argv) {
    if (!nrb_ready) return NULL;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *entry = PyDict_GetItemString(nrb_classes, s->s_name); /* borrowed */
    if (!entry && strrchr(s->s_name, '/')) /* [nrcore/nr.neuron~]: the class is nr.neuron~ */
        entry = PyDict_GetItemString(nrb_classes, strrchr(s->s_name, '/') + 1);
    if (!entry) {
        pd_error(NULL, "[%s] no Python class registered under this name", s->s_name);
        PyGILState_Release(g);
        return NULL;
    }
    PyObject *pyclass = PyTuple_GET_ITEM(entry, 0);
    t_class *pdclass = (t_class *)PyCapsule_GetPointer(PyTuple_GET_ITEM(entry, 1), NULL);
    t_nrb_obj *x = (t_nrb_obj *)pd_new(pdclass);
    x->x_name = s;
    x->x_canvas = canvas_getcurrent();

    PyObject *args = PyList_New(argc);
    for (int i = 0; args && i < argc; i++) {
        PyObject *item;
        if (argv[i].a_type == A_FLOAT)
            item = PyFloat_FromDouble(argv[i].a_w.w_float);
        else if (argv[i].a_type == A_SYMBOL)
            item = PyUnicode_FromString(argv[i].a_w.w_symbol->s_name);
        else
            item = PyUnicode_FromString("");
        PyList_SET_ITEM(args, i, item);
    }
    t_nrb_obj *previous = nrb_constructing;
    nrb_constructing = x;
    x->x_self = args ? PyObject_CallOneArg(pyclass, args) : NULL;
    nrb_constructing = previous;
    Py_XDECREF(args);
    if (!x->x_self) {
        nrb_report_user(NULL, s->s_name, "creation failed");
        goto fail;
    }
    if (!PyObject_TypeCheck(x->x_self, &nrb_newobject_type)) {
        pd_error(NULL, "[%s] the class did not create a puredata.NewObject", s->s_name);
        goto fail;
    }
    ((t_nrb_pyobject *)x->x_self)->owner = x;

    unsigned char *insig = NULL;
    int nin = 0, nout = 0;
    if (!nrb_read_ports(x, "inlets", &nin, &insig) ||
        !nrb_read_ports(x, "outlets", &nout, &x->x_outlet_is_signal)) {
        if (insig) freebytes(insig, nin > 0 ? nin : 1);
        nrb_report(NULL, s->s_name, "creation failed");
        goto fail;
    }
    x->x_ninlets = nin;
    x->x_noutlets = nout;
    x->x_proxies = (t_nrb_proxy *)getbytes((nin > 0 ? nin : 1) * sizeof(t_nrb_proxy));
    /* a signal class has a main inlet (see nrb_main_anything): it is port 0 */
    int has_main = zgetfn(&x->x_obj.ob_pd, gensym("dsp")) != NULL;
    x->x_main_dummy = has_main && (nin == 0 || !insig[0]);
    for (int i = 0; i < nin; i++) {
        if (has_main && i == 0) {
            if (insig[0]) x->x_nsigin++;
            continue;
        }
        if (insig[i]) {
            /* a float sent to an unconnected signal inlet becomes its constant value */
            inlet_new(&x->x_obj, &x->x_obj.ob_pd, &s_signal, &s_signal);
            x->x_nsigin++;
        } else {
            x->x_proxies[i].pd = nrb_proxy_class;
            x->x_proxies[i].owner = x;
            x->x_proxies[i].index = i;
            inlet_new(&x->x_obj, &x->x_proxies[i].pd, 0, 0);
        }
    }
    freebytes(insig, nin > 0 ? nin : 1);
    x->x_outlets = (t_outlet **)getbytes((nout > 0 ? nout : 1) * sizeof(t_outlet *));
    for (int j = 0; j < nout; j++) {
        x->x_outlets[j] = outlet_new(&x->x_obj, x->x_outlet_is_signal[j] ? &s_signal
                                                                         : &s_anything);
        x->x_nsigout += x->x_outlet_is_signal[j];
    }
    /* +1: never allocate zero bytes */
    x->x_invec = (t_sample **)getbytes((x->x_nsigin + 1) * sizeof(t_sample *));
    x->x_outvec = (t_sample **)getbytes((x->x_nsigout + 1) * sizeof(t_sample *));
    PyGILState_Release(g);
    return x;

fail:
    PyGILState_Release(g);
    pd_free((t_pd *)x);
    return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Loading .pd_py files                                                                         */
/* ------------------------------------------------------------------------------------------ */

/* Make a Pd class for every puredata.NewObject subclass in the module's namespace. Returns the
 * number of classes registered. GIL held. */
static int nrb_register_classes(PyObject *module, const char *dir, const char *filename) {
    PyObject *dict = PyModule_GetDict(module); /* borrowed */
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    int count = 0;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (!PyType_Check(value) || value == (PyObject *)&nrb_newobject_type ||
            !PyType_IsSubtype((PyTypeObject *)value, &nrb_newobject_type))
            continue;
        PyObject *name = PyObject_GetAttrString(value, "name");
        if (!name || !PyUnicode_Check(name)) {
            PyErr_Clear();
            pd_error(NULL, "nrcore: class %s in %s has no str 'name' attribute (the Pd object "
                     "name); skipped", ((PyTypeObject *)value)->tp_name, filename);
            Py_XDECREF(name);
            continue;
        }
        const char *cname = PyUnicode_AsUTF8(name);
        if (PyDict_GetItemString(nrb_classes, cname)) {
            logpost(NULL, PD_DEBUG, "nrcore: [%s] already defined; %s ignored", cname,
                    filename);
            Py_DECREF(name);
            continue;
        }
        PyObject *perform = PyObject_GetAttrString(value, "perform");
        int has_dsp = perform && PyCallable_Check(perform);
        Py_XDECREF(perform);
        PyErr_Clear();

        /* so that Pd finds <name>-help.pd beside the .pd_py file */
        class_set_extern_dir(gensym(dir));
        t_class *c = class_new(gensym(cname), (t_newmethod)nrb_new, (t_method)nrb_free,
                               sizeof(t_nrb_obj), has_dsp ? CLASS_DEFAULT : CLASS_NOINLET,
                               A_GIMME, 0);
        class_set_extern_dir(&s_);
        if (has_dsp) {
            class_addmethod(c, (t_method)nrb_dsp, gensym("dsp"), A_CANT, 0);
            CLASS_MAINSIGNALIN(c, t_nrb_obj, x_f);
            class_addfloat(c, (t_method)nrb_main_float); /* after MAINSIGNALIN: it routes */
            class_addanything(c, (t_method)nrb_main_anything);
        }

        PyObject *capsule = PyCapsule_New(c, NULL, NULL);
        PyObject *entry = capsule ? PyTuple_Pack(2, value, capsule) : NULL;
        if (!entry || PyDict_SetItemString(nrb_classes, cname, entry) < 0)
            nrb_report(NULL, cname, "registering the class");
        else
            count++;
        Py_XDECREF(entry);
        Py_XDECREF(capsule);
        Py_DECREF(name);
    }
    return count;
}

static int nrb_load_file(const char *dir, const char *classname, const char *filename) {
    FILE *f = fopen(filename, "rb");
    if (!f) return 0;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *source = (char *)malloc(size + 1);
    if (!source || fread(source, 1, size, f) != (size_t)size) {
        fclose(f);
        free(source);
        pd_error(NULL, "nrcore: cannot read %s", filename);
        return 0;
    }
    source[size] = 0;
    fclose(f);

    int ok = 0;
    PyObject *module = PyModule_New(classname);
    PyObject *code = NULL;
    if (module) {
        PyObject *d = PyModule_GetDict(module);
        PyObject *fn = PyUnicode_FromString(filename);
        if (fn) PyDict_SetItemString(d, "__file__", fn);
        Py_XDECREF(fn);
        PyDict_SetItemString(d, "__builtins__", PyEval_GetBuiltins());
        code = Py_CompileString(source, filename, Py_file_input);
        PyObject *r = code ? PyEval_EvalCode(code, d, d) : NULL;
        if (r) {
            Py_DECREF(r);
            int n = nrb_register_classes(module, dir, filename);
            if (n == 0)
                pd_error(NULL, "nrcore: %s defines no puredata.NewObject subclass", filename);
            ok = n > 0;
            if (ok) PyList_Append(nrb_modules, module);
        }
    }
    if (PyErr_Occurred()) {
        char context[MAXPDSTRING + 16];
        snprintf(context, sizeof(context), "loading %s", filename);
        nrb_report(NULL, classname, context);
    }
    Py_XDECREF(code);
    Py_XDECREF(module);
    free(source);
    return ok;
}

/* Pd calls this for a class name it does not know, once per search directory. */
static int nrb_loader(t_canvas *canvas, const char *classname, const char *path) {
    (void)canvas;
    if (!nrb_ready || !path) return 0;
    const char *base = strrchr(classname, '/');
    base = base ? base + 1 : classname;
    if (base != classname) {
        /* the prefix form of a class already loaded under its plain name */
        PyGILState_STATE g = PyGILState_Ensure();
        int known = PyDict_GetItemString(nrb_classes, base) != NULL;
        PyGILState_Release(g);
        if (known) {
            class_addcreator((t_newmethod)nrb_new, gensym(classname), A_GIMME, 0);
            return 1;
        }
    }
    char filename[MAXPDSTRING];
    if (snprintf(filename, sizeof(filename), "%s/%s.pd_py", path, classname) >=
        (int)sizeof(filename))
        return 0;
    /* not on Pd's path: the package folder itself ([declare -lib nrcore] is enough), for
     * NAME and nrcore/NAME */
    if (access(filename, R_OK) != 0 && nrb_package_dir[0] &&
        (base == classname || !strncmp(classname, "nrcore/", 7)))
        snprintf(filename, sizeof(filename), "%s/%s.pd_py", nrb_package_dir, base);
    if (access(filename, R_OK) != 0) return 0;
    /* the file's own directory (classname may carry a sub-directory) */
    char dir[MAXPDSTRING];
    snprintf(dir, sizeof(dir), "%s", filename);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    PyGILState_STATE g = PyGILState_Ensure();
    int ok = nrb_load_file(dir, base, filename);
    PyGILState_Release(g);
    return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Interpreter start-up                                                                         */
/* ------------------------------------------------------------------------------------------ */

/* Runs once inside the new interpreter: extra import paths, console redirection. */
static const char *nrb_bootstrap =
    "import sys, puredata, warnings\n"
    "# Pd runs with denormals flushed to zero: numpy's finfo then warns, harmlessly\n"
    "warnings.filterwarnings('ignore', message='The value of the smallest subnormal')\n"
    "def _nrcore_paths(text):\n"
    "    for entry in reversed([p for p in text.split(':') if p]):\n"
    "        if entry not in sys.path:\n"
    "            sys.path.insert(0, entry)\n"
    "class _PdConsole:\n"
    "    '''sys.stdout / sys.stderr: whole lines to the Pd console.'''\n"
    "    def __init__(self, is_error):\n"
    "        self._pending = ''\n"
    "        self._is_error = is_error\n"
    "    def write(self, text):\n"
    "        self._pending += text\n"
    "        while '\\n' in self._pending:\n"
    "            line, self._pending = self._pending.split('\\n', 1)\n"
    "            puredata._console(line, self._is_error)\n"
    "        return len(text)\n"
    "    def flush(self):\n"
    "        if self._pending:\n"
    "            puredata._console(self._pending, self._is_error)\n"
    "            self._pending = ''\n"
    "    def isatty(self):\n"
    "        return False\n"
    "sys.stdout = _PdConsole(False)\n"
    "sys.stderr = _PdConsole(True)\n";

/* Start the interpreter of PYTHON (its executable; a venv's bin/python makes sys.prefix the
 * venv), chosen and checked by the loader (nrcore_loader.c), which has already loaded the
 * matching libpython with RTLD_GLOBAL. EXTRA: import directories to put first on sys.path. */
static int nrb_python_start(const char *python, const char *extra) {
    if (Py_IsInitialized()) {
        pd_error(NULL, "nrcore: a Python interpreter is already running in this Pd (py4pd or "
                 "pyext loaded?); the nrcore bridge cannot share it");
        return 0;
    }
    nrb_py4pd_lists = getenv("NRCORE_PY4PD_COMPAT") && *getenv("NRCORE_PY4PD_COMPAT") &&
                      strcmp(getenv("NRCORE_PY4PD_COMPAT"), "0") != 0;
    nrb_no_direct = getenv("NRCORE_PD_PERFORM") && *getenv("NRCORE_PD_PERFORM") &&
                    strcmp(getenv("NRCORE_PD_PERFORM"), "0") != 0;
    if (PyImport_AppendInittab("puredata", nrb_module_init) < 0) {
        pd_error(NULL, "nrcore: cannot register the puredata module");
        return 0;
    }
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0; /* Ctrl-C and friends stay Pd's */
    config.parse_argv = 0;
    /* the venv's interpreter path makes Python read pyvenv.cfg: sys.prefix is the venv */
    PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, python);
    if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        pd_error(NULL, "nrcore: Python failed to start from %s: %s", python,
                 status.err_msg ? status.err_msg : "unknown error");
        return 0;
    }
    nrb_classes = PyDict_New();
    nrb_modules = PyList_New(0);
    PyObject *main = PyImport_AddModule("__main__");
    PyObject *globals = main ? PyModule_GetDict(main) : NULL;
    PyObject *r = globals ? PyRun_String(nrb_bootstrap, Py_file_input, globals, globals) : NULL;
    if (!r) {
        nrb_report(NULL, "nrcore", "start-up");
    } else {
        Py_DECREF(r);
        PyObject *fn = PyDict_GetItemString(globals, "_nrcore_paths");
        PyObject *r2 = fn ? PyObject_CallFunction(fn, "s", extra) : NULL;
        if (!r2) nrb_report(NULL, "nrcore", "setting the import path");
        Py_XDECREF(r2);
    }
    post("nrcore %s: Python %s from %s", NRCORE_VERSION, Py_GetVersion(), python);
    /* From here on every entry point takes the GIL itself. */
    PyEval_SaveThread();
    return 1;
}

/* At process exit (pd quit, the last window closed): Pd calls exit(), which unloads the shared
 * libraries (numpy's BLAS among them) while Python threads may still be inside them; a
 * background training then crashes Pd on its way out. Python's own exit functions
 * (atexit.register: nrcore's stop and join its threads) run here, before the libraries go, and
 * the GIL is kept so that no Python thread runs again while the process unloads. */
static void nrb_at_exit(void) {
    if (!nrb_ready || !Py_IsInitialized()) return;
    PyGILState_Ensure();
    PyObject *mod = PyImport_ImportModule("atexit");
    PyObject *r = mod ? PyObject_CallMethod(mod, "_run_exitfuncs", NULL) : NULL;
    if (!r) {
        PyErr_Clear(); /* Pd's console may be gone already: say it on stderr */
        fprintf(stderr, "nrcore: Python's exit functions failed at Pd's exit\n");
    }
    Py_XDECREF(r);
    Py_XDECREF(mod);
}

/* Called once by the loader (nrcore.pd_linux) after it found PYTHON and loaded its libpython.
 * DIR: the package folder, searched for NAME.pd_py before Pd's path. 1 when Python runs. */
#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
int nrcore_core_start(const char *python, const char *extra, const char *dir) {
    if (nrb_ready) return 1;
    snprintf(nrb_package_dir, sizeof(nrb_package_dir), "%s", dir ? dir : "");
    nrb_proxy_class = class_new(gensym("nrcore inlet"), 0, 0, sizeof(t_nrb_proxy),
                                CLASS_PD, 0);
    class_addanything(nrb_proxy_class, (t_method)nrb_proxy_anything);
    if (!nrb_python_start(python, extra ? extra : "")) return 0;
    nrb_ready = 1;
    atexit(nrb_at_exit);
    sys_register_loader(nrb_loader);
    return 1;
}
