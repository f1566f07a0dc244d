/*
 * nrcore_loader.c: the entry point of the nrcore Pd library (nrcore.pd_linux).
 *
 * This binary links no Python. At load time it finds a Python, checks that it can be embedded
 * (its version has a bridge in this package, it has a shared libpython), loads that libpython
 * with RTLD_GLOBAL (numpy's extension modules need its symbols), then loads the bridge built
 * for that Python version (bridge/nrcore-pyX.Y.so, compiled from nrcore.c with NRCORE_CORE)
 * and calls its nrcore_core_start(). No path of the build machine is recorded anywhere.
 *
 * Where Python comes from, first match wins:
 *   1. the NRCORE_VENV environment variable (a virtual environment folder; optional, for
 *      development and tests),
 *   2. nrcore.cfg beside this binary: a line "python = /path/to/bin/python" (and optionally
 *      "path = dir1:dir2", extra import directories); written by the message
 *      [; nrcore python /path/to/bin/python( or by hand,
 *   3. the virtual environment venv/ beside this binary, made by [; nrcore setup( from a
 *      python3 on PATH and the nrcore wheel shipped in wheels/ beside this binary,
 *   4. python3 on PATH, if nrcore imports there (pip install nrcore).
 * If none works, the Pd console says what was tried and which message fixes it.
 *
 * Messages to the receiver "nrcore" (a message box [; nrcore setup( in any patch):
 *   setup [WHEELDIR]   make venv/ beside this binary and install nrcore into it from the
 *                      wheels/ folder (and numpy etc. from PyPI, or only from WHEELDIR if
 *                      given: offline); when it finishes, Python starts
 *   python PATH        remember PATH (a python executable) in nrcore.cfg and start it
 *   info               print what was found
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dladdr */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "m_pd.h"

#ifndef NRCORE_VERSION
#define NRCORE_VERSION "0.1.0"
#endif
/* Python versions this package may carry bridges for (the ones present are used). */
static const char *nrl_versions[] = {"3.10", "3.11", "3.12", "3.13", "3.14", NULL};

typedef int (*nrl_start_fn)(const char *python, const char *pythonpath, const char *dir);

static char nrl_dir[MAXPDSTRING];     /* the folder holding this binary */
static int nrl_running;               /* the bridge started Python */
static char nrl_running_python[MAXPDSTRING];
static t_class *nrl_class;
static t_pd *nrl_receiver;
static pid_t nrl_setup_pid;
static t_clock *nrl_setup_clock;
static char nrl_setup_python[MAXPDSTRING];

/* What a candidate interpreter told us about itself. */
typedef struct {
    char python[MAXPDSTRING];  /* the executable */
    char version[16];          /* "3.11" */
    char libpython[MAXPDSTRING]; /* full path of the shared libpython, or its soname */
    int shared;                /* built with --enable-shared */
    int numpy;                 /* numpy imports (found) */
    char nrcore[MAXPDSTRING];  /* where nrcore is, or "" */
} nrl_probe_t;

/* ------------------------------------------------------------------------------------------ */

/* Run argv, capture up to size-1 bytes of its stdout (stderr to /dev/null); exit status or -1 */
static int nrl_capture(char *const argv[], char *out, size_t size) {
    int fd[2];
    out[0] = 0;
    if (pipe(fd) < 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, 2);
        close(fd[0]);
        close(fd[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    size_t got = 0;
    ssize_t n;
    while ((n = read(fd[0], out + got, size - 1 - got)) > 0 || (n < 0 && errno == EINTR)) {
        if (n > 0) got += (size_t)n;
        if (got >= size - 1) break;
    }
    out[got] = 0;
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Ask PYTHON about itself (version, libpython, numpy, nrcore), with EXTRA import dirs. */
static const char *nrl_probe_code =
    "import os, sys, sysconfig, importlib.util as u\n"
    "sys.path[:0] = [p for p in sys.argv[1].split(':') if p]\n"
    "g = sysconfig.get_config_var\n"
    "name = g('INSTSONAME') or g('LDLIBRARY') or ''\n"
    "dirs = [g('LIBDIR') or '', os.path.join(g('LIBDIR') or '', g('MULTIARCH') or ''),\n"
    "        os.path.join(sys.base_prefix, 'lib')]\n"
    "lib = next((os.path.join(d, name) for d in dirs if name and\n"
    "            os.path.exists(os.path.join(d, name))), name)\n"
    "def where(m):\n"
    "    try:\n"
    "        s = u.find_spec(m)\n"
    "    except Exception:\n"
    "        return ''\n"
    "    return (s.submodule_search_locations or [s.origin])[0] if s else ''\n"
    "print('%d.%d' % sys.version_info[:2])\n"
    "print(lib)\n"
    "print(int(bool(g('Py_ENABLE_SHARED'))))\n"
    "print(int(bool(where('numpy'))))\n"
    "print(where('nrcore'))\n";

static int nrl_probe(const char *python, const char *extra, nrl_probe_t *p) {
    char out[4 * MAXPDSTRING];
    char *argv[] = {(char *)python, "-c", (char *)nrl_probe_code, (char *)(extra ? extra : ""),
                    NULL};
    memset(p, 0, sizeof(*p));
    snprintf(p->python, sizeof(p->python), "%s", python);
    if (nrl_capture(argv, out, sizeof(out)) != 0) return 0;
    char *save = NULL, *line;
    int i = 0;
    for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), i++) {
        if (i == 0) snprintf(p->version, sizeof(p->version), "%s", line);
        if (i == 1) snprintf(p->libpython, sizeof(p->libpython), "%s", line);
        if (i == 2) p->shared = atoi(line);
        if (i == 3) p->numpy = atoi(line);
        if (i == 4) snprintf(p->nrcore, sizeof(p->nrcore), "%s", line);
    }
    return i >= 4;
}

/* bridge/nrcore-pyX.Y.so beside this binary, if this package has one for VERSION. */
static int nrl_core_path(const char *version, char *path, size_t size) {
    snprintf(path, size, "%s/bridge/nrcore-py%s.so", nrl_dir, version);
    return access(path, R_OK) == 0;
}

static void nrl_available(char *buf, size_t size) {
    char path[MAXPDSTRING];
    buf[0] = 0;
    for (int i = 0; nrl_versions[i]; i++) {
        if (!nrl_core_path(nrl_versions[i], path, sizeof(path))) continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len ? ", " : "", nrl_versions[i]);
    }
    if (!buf[0]) snprintf(buf, size, "none (the bridge/ folder is missing: reinstall nrcore)");
}

/* Read "key = value" from nrcore.cfg beside this binary. */
static int nrl_config(const char *key, char *value, size_t size) {
    char path[MAXPDSTRING], line[2 * MAXPDSTRING];
    snprintf(path, sizeof(path), "%s/nrcore.cfg", nrl_dir);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    int found = 0;
    size_t klen = strlen(key);
    while (!found && fgets(line, sizeof(line), f)) {
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (strncmp(s, key, klen) || (s[klen] != ' ' && s[klen] != '=' && s[klen] != '\t'))
            continue;
        s += klen;
        while (*s == ' ' || *s == '\t' || *s == '=') s++;
        size_t len = strcspn(s, "\r\n");
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
        snprintf(value, size, "%.*s", (int)len, s);
        found = 1;
    }
    fclose(f);
    return found;
}

static int nrl_write_config(const char *python) {
    char path[MAXPDSTRING], pathline[2 * MAXPDSTRING] = "";
    char extra[MAXPDSTRING];
    if (nrl_config("path", extra, sizeof(extra)))
        snprintf(pathline, sizeof(pathline), "path = %s\n", extra);
    snprintf(path, sizeof(path), "%s/nrcore.cfg", nrl_dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        pd_error(NULL, "nrcore: cannot write %s: %s", path, strerror(errno));
        return 0;
    }
    fprintf(f, "# Written by [; nrcore python ...(: the Python the nrcore bridge embeds.\n"
               "python = %s\n%s", python, pathline);
    fclose(f);
    post("nrcore: wrote %s", path);
    return 1;
}

/* ------------------------------------------------------------------------------------------ */

/* Check P and start the bridge for it. Prints why not; 1 when Python runs. */
static int nrl_start(const nrl_probe_t *p, const char *extra, int quiet_if_no_nrcore) {
    char core[MAXPDSTRING], have[256];
    nrl_available(have, sizeof(have));
    if (!nrl_core_path(p->version, core, sizeof(core))) {
        pd_error(NULL, "nrcore: %s is Python %s, but this nrcore package has bridges only for "
                 "Python %s. Make a virtual environment with one of those versions, pip install "
                 "nrcore into it, and send [; nrcore python /path/to/venv/bin/python(",
                 p->python, p->version, have);
        return 0;
    }
    if (!p->shared) {
        pd_error(NULL, "nrcore: %s (Python %s) was built without a shared libpython, so Pd "
                 "cannot embed it. Use a Python built with --enable-shared (Debian/Ubuntu's "
                 "python3; with pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install %s)",
                 p->python, p->version, p->version);
        return 0;
    }
    if (!p->numpy || !p->nrcore[0]) {
        if (quiet_if_no_nrcore) return 0;
        pd_error(NULL, "nrcore: Python %s at %s has no %s. Install it there (%s -m pip install "
                 "nrcore), or send [; nrcore setup( to make a virtual environment in %s/venv "
                 "from the wheel in this package", p->version, p->python,
                 p->numpy ? "nrcore" : "numpy", p->python, nrl_dir);
        return 0;
    }
    /* numpy's extension modules expect libpython's symbols in the global namespace: load it
     * by its full path (no rpath needed, pyenv's Pythons included) */
    void *lib = dlopen(p->libpython, RTLD_NOW | RTLD_GLOBAL);
    if (!lib) {
        const char *base = strrchr(p->libpython, '/');
        if (base) lib = dlopen(base + 1, RTLD_NOW | RTLD_GLOBAL);
    }
    if (!lib) {
        pd_error(NULL, "nrcore: cannot load %s, the libpython of %s: %s (on Debian/Ubuntu: "
                 "apt install libpython%s)", p->libpython, p->python, dlerror(), p->version);
        return 0;
    }
    void *handle = dlopen(core, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        pd_error(NULL, "nrcore: cannot load the bridge %s for Python %s: %s", core, p->version,
                 dlerror());
        return 0;
    }
    nrl_start_fn start = (nrl_start_fn)dlsym(handle, "nrcore_core_start");
    if (!start) {
        pd_error(NULL, "nrcore: %s has no nrcore_core_start (a damaged install?)", core);
        return 0;
    }
    if (!start(p->python, extra ? extra : "", nrl_dir)) return 0;
    nrl_running = 1;
    snprintf(nrl_running_python, sizeof(nrl_running_python), "%s", p->python);
    return 1;
}

/* Another Python already in this process (py4pd, pyext): never start a second one. */
static int nrl_foreign_python(void) {
    int (*initialized)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "Py_IsInitialized");
    if (initialized && initialized()) {
        pd_error(NULL, "nrcore: a Python interpreter is already running in this Pd (py4pd or "
                 "pyext loaded first?); the nrcore bridge cannot share it. Under py4pd, load "
                 "nrcore's .pd_py files with [declare -lib py4pd] only (see nrcore's README)");
        return 1;
    }
    return 0;
}

static int nrl_discover(void) {
    char python[MAXPDSTRING], extra[MAXPDSTRING] = "";
    nrl_probe_t p;
    if (nrl_foreign_python()) return 0;
    const char *env_extra = getenv("NRCORE_PYTHONPATH");
    if (!nrl_config("path", extra, sizeof(extra)) && env_extra)
        snprintf(extra, sizeof(extra), "%s", env_extra);
    else if (env_extra && *env_extra) {
        char both[MAXPDSTRING];
        snprintf(both, sizeof(both), "%s:%s", env_extra, extra);
        snprintf(extra, sizeof(extra), "%s", both);
    }

    /* 1. NRCORE_VENV */
    const char *venv = getenv("NRCORE_VENV");
    if (venv && *venv) {
        snprintf(python, sizeof(python), "%s/bin/python", venv);
        if (access(python, X_OK) != 0) {
            pd_error(NULL, "nrcore: no Python at '%s'; set the NRCORE_VENV environment variable "
                     "to the nrcore virtual environment (the folder holding bin/python), or "
                     "unset it to use %s/nrcore.cfg", python, nrl_dir);
            return 0;
        }
        if (!nrl_probe(python, extra, &p)) {
            pd_error(NULL, "nrcore: %s (from NRCORE_VENV) does not run", python);
            return 0;
        }
        return nrl_start(&p, extra, 0);
    }
    /* 2. nrcore.cfg */
    if (nrl_config("python", python, sizeof(python))) {
        if (!nrl_probe(python, extra, &p)) {
            pd_error(NULL, "nrcore: %s (from %s/nrcore.cfg) does not run; send [; nrcore "
                     "python /path/to/bin/python( or [; nrcore setup(", python, nrl_dir);
            return 0;
        }
        return nrl_start(&p, extra, 0);
    }
    /* 3. venv/ made by [; nrcore setup( */
    snprintf(python, sizeof(python), "%s/venv/bin/python", nrl_dir);
    if (access(python, X_OK) == 0) {
        if (!nrl_probe(python, extra, &p)) {
            pd_error(NULL, "nrcore: %s does not run; delete %s/venv and send [; nrcore setup(",
                     python, nrl_dir);
            return 0;
        }
        return nrl_start(&p, extra, 0);
    }
    /* 4. python3 on PATH, when nrcore is installed there */
    if (nrl_probe("python3", extra, &p) && p.nrcore[0] && p.numpy) {
        char *argv[] = {"python3", "-c", "import sys; print(sys.executable)", NULL};
        char exe[MAXPDSTRING];
        if (nrl_capture(argv, exe, sizeof(exe)) == 0 && exe[0]) {
            exe[strcspn(exe, "\n")] = 0;
            snprintf(p.python, sizeof(p.python), "%s", exe);
        }
        return nrl_start(&p, extra, 0);
    }
    char have[256];
    nrl_available(have, sizeof(have));
    pd_error(NULL, "nrcore: no Python with nrcore found (no %s/nrcore.cfg, no %s/venv, and "
             "python3 on PATH %s). Send the message [; nrcore setup( (a message box) to make a "
             "virtual environment from python3 and the nrcore wheel in this package, or "
             "[; nrcore python /path/to/bin/python( to use a Python that has nrcore "
             "(bridges here: Python %s)", nrl_dir, nrl_dir,
             p.version[0] ? "has no nrcore" : "does not run", have);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* First-run set-up: venv/ beside this binary, nrcore from the wheels shipped in wheels/       */
/* ------------------------------------------------------------------------------------------ */

static void nrl_setup_tail(void) {
    char path[MAXPDSTRING], lines[8][512];
    int n = 0;
    snprintf(path, sizeof(path), "%s/venv-setup.log", nrl_dir);
    FILE *f = fopen(path, "r");
    if (!f) return;
    while (fgets(lines[n % 8], sizeof(lines[0]), f)) n++;
    fclose(f);
    for (int i = n > 8 ? n - 8 : 0; i < n; i++) {
        lines[i % 8][strcspn(lines[i % 8], "\r\n")] = 0;
        pd_error(NULL, "nrcore setup:   %s", lines[i % 8]);
    }
}

/* [r nrcore-ready] gets 1 when Python started after a set-up or a python message, 0 when the
 * set-up failed (a patch can wait for it). */
static void nrl_ready(int ok) {
    t_symbol *s = gensym("nrcore-ready");
    if (s->s_thing) pd_float(s->s_thing, ok);
}

static void nrl_setup_poll(void *dummy) {
    (void)dummy;
    int status = 0;
    pid_t r = waitpid(nrl_setup_pid, &status, WNOHANG);
    if (r == 0) {
        clock_delay(nrl_setup_clock, 500);
        return;
    }
    nrl_setup_pid = 0;
    if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        pd_error(NULL, "nrcore: setting up %s/venv failed (log: %s/venv-setup.log):", nrl_dir,
                 nrl_dir);
        nrl_setup_tail();
        nrl_ready(0);
        return;
    }
    post("nrcore: %s/venv is ready", nrl_dir);
    /* start the new venv itself (an nrcore.cfg naming another Python would win otherwise) */
    char python[MAXPDSTRING], extra[MAXPDSTRING] = "";
    nrl_probe_t p;
    snprintf(python, sizeof(python), "%s/venv/bin/python", nrl_dir);
    nrl_config("path", extra, sizeof(extra));
    if (!nrl_running && !nrl_foreign_python() && nrl_probe(python, extra, &p) &&
        nrl_start(&p, extra, 0))
        post("nrcore: Python started; objects that failed to create before: reopen the patch");
    nrl_ready(nrl_running);
}

/* a python3.X on PATH whose version has a bridge here, preferring plain python3 */
static int nrl_setup_python_pick(char *out, size_t size) {
    nrl_probe_t p;
    char core[MAXPDSTRING];
    const char *names[] = {"python3", "python3.13", "python3.12", "python3.11", "python3.10",
                           "python3.14", NULL};
    for (int i = 0; names[i]; i++) {
        if (nrl_probe(names[i], "", &p) && nrl_core_path(p.version, core, sizeof(core)) &&
            p.shared) {
            snprintf(out, size, "%s", names[i]);
            return 1;
        }
    }
    return 0;
}

static void nrl_setup(t_pd *dummy, t_symbol *s, int argc, t_atom *argv) {
    (void)dummy;
    (void)s;
    if (nrl_setup_pid) {
        post("nrcore: the set-up is already running (log: %s/venv-setup.log)", nrl_dir);
        return;
    }
    if (nrl_running) {
        post("nrcore: Python is already running (%s); delete %s/venv and restart Pd to set up "
             "again", nrl_running_python, nrl_dir);
        return;
    }
    char wheels[MAXPDSTRING], offline[MAXPDSTRING] = "";
    snprintf(wheels, sizeof(wheels), "%s/wheels", nrl_dir);
    if (argc > 0 && argv[0].a_type == A_SYMBOL)
        snprintf(offline, sizeof(offline), "%s", atom_getsymbol(argv)->s_name);
    if (!nrl_setup_python_pick(nrl_setup_python, sizeof(nrl_setup_python))) {
        char have[256];
        nrl_available(have, sizeof(have));
        pd_error(NULL, "nrcore: setup needs python3 (version %s, with a shared libpython and "
                 "the venv module) on PATH; none found. Install one (Debian/Ubuntu: apt install "
                 "python3 python3-venv), or send [; nrcore python /path/to/bin/python(", have);
        return;
    }
    char venv[MAXPDSTRING], log[MAXPDSTRING];
    snprintf(venv, sizeof(venv), "%s/venv", nrl_dir);
    snprintf(log, sizeof(log), "%s/venv-setup.log", nrl_dir);
    post("nrcore: making %s with %s and installing nrcore from %s%s%s (about a minute; log: "
         "%s)", venv, nrl_setup_python, wheels, offline[0] ? " and, offline, " : "", offline,
         log);
    /* The shell script gets its paths as arguments: no quoting of user paths. */
    static const char *script =
        "set -e\n"
        "exec >\"$4\" 2>&1\n"
        "\"$1\" -m venv \"$2\"\n"
        "if [ -n \"$5\" ]; then\n"
        "  \"$2/bin/python\" -m pip install --no-index --find-links \"$3\" --find-links \"$5\" "
        "\"nrcore==$6\"\n"
        "else\n"
        "  \"$2/bin/python\" -m pip install --find-links \"$3\" \"nrcore==$6\"\n"
        "fi\n"
        "echo 'nrcore setup: done'\n";
    pid_t pid = fork();
    if (pid < 0) {
        pd_error(NULL, "nrcore: cannot start the set-up: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        /* a fresh process group, no inherited descriptors beyond stdio */
        setsid();
        for (int fd = 3; fd < 1024; fd++) close(fd);
        execl("/bin/sh", "sh", "-c", script, "nrcore-setup", nrl_setup_python, venv, wheels,
              log, offline, NRCORE_VERSION, (char *)NULL);
        _exit(127);
    }
    nrl_setup_pid = pid;
    if (!nrl_setup_clock) nrl_setup_clock = clock_new(nrl_receiver, (t_method)nrl_setup_poll);
    clock_delay(nrl_setup_clock, 500);
}

static void nrl_python(t_pd *dummy, t_symbol *sel, int argc, t_atom *argv) {
    (void)dummy;
    (void)sel;
    nrl_probe_t p;
    /* a path with spaces arrives as several symbols: join them again */
    char joined[MAXPDSTRING] = "";
    for (int i = 0; i < argc; i++) {
        size_t len = strlen(joined);
        char word[MAXPDSTRING];
        atom_string(argv + i, word, sizeof(word));
        snprintf(joined + len, sizeof(joined) - len, "%s%s", i ? " " : "", word);
    }
    t_symbol *path = gensym(joined);
    if (nrl_running) {
        post("nrcore: Python is already running (%s); the new choice applies after Pd restarts",
             nrl_running_python);
        if (path && *path->s_name) nrl_write_config(path->s_name);
        return;
    }
    if (!path || !*path->s_name) {
        pd_error(NULL, "nrcore: python needs the path of a python executable, e.g. "
                 "[; nrcore python /home/me/nrcore-venv/bin/python(");
        return;
    }
    char extra[MAXPDSTRING] = "";
    nrl_config("path", extra, sizeof(extra));
    if (!nrl_probe(path->s_name, extra, &p)) {
        pd_error(NULL, "nrcore: %s does not run as a Python interpreter", path->s_name);
        return;
    }
    if (!nrl_write_config(path->s_name)) return;
    if (nrl_start(&p, extra, 0))
        post("nrcore: Python started; objects that failed to create before: reopen the patch");
    nrl_ready(nrl_running);
}

static void nrl_info(t_pd *dummy) {
    (void)dummy;
    char have[256];
    nrl_available(have, sizeof(have));
    post("nrcore %s in %s: bridges for Python %s; %s", NRCORE_VERSION, nrl_dir, have,
         nrl_running ? nrl_running_python : "Python not running");
}

/* ------------------------------------------------------------------------------------------ */

static void nrl_find_dir(void) {
    Dl_info info;
    if (dladdr((void *)nrl_find_dir, &info) && info.dli_fname) {
        snprintf(nrl_dir, sizeof(nrl_dir), "%s", info.dli_fname);
        char *slash = strrchr(nrl_dir, '/');
        if (slash) *slash = 0;
        else snprintf(nrl_dir, sizeof(nrl_dir), ".");
    } else {
        snprintf(nrl_dir, sizeof(nrl_dir), ".");
    }
}

#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
void nrcore_setup(void) {
    t_symbol *recv = gensym("nrcore");
    /* Loaded again (at start-up and by [declare -lib nrcore], or a second copy of the
     * package): the first one stays in charge, quietly. */
    if (nrl_class) return;
    if (recv->s_thing) {
        logpost(NULL, PD_DEBUG, "nrcore: already loaded from another folder; this copy is "
                "not used");
        return;
    }
    nrl_find_dir();
    nrl_class = class_new(gensym("nrcore-loader"), 0, 0, sizeof(t_pd), CLASS_PD, 0);
    class_addmethod(nrl_class, (t_method)nrl_setup, gensym("setup"), A_GIMME, 0);
    class_addmethod(nrl_class, (t_method)nrl_python, gensym("python"), A_GIMME, 0);
    class_addmethod(nrl_class, (t_method)nrl_info, gensym("info"), 0);
    nrl_receiver = (t_pd *)getbytes(sizeof(t_pd));
    *nrl_receiver = nrl_class;
    pd_bind(nrl_receiver, recv);
    nrl_discover();
}
