# The rack's audio output path in C: a lock-free single-producer/single-consumer ring of float
# blocks and a PortAudio stream whose callback is plain C. The callback copies out of the ring
# (or writes zeros and counts an underrun), never takes the Python interpreter lock, never
# allocates and never waits. PortAudio is opened at run time with dlopen("libportaudio.so.2")
# and the handful of prototypes used are declared below (stable since PortAudio v19), so
# building nrcore needs no PortAudio headers and importing it needs no PortAudio at all.
from libc.stdint cimport uint64_t

import numpy as np

cdef extern from *:
    """
    #include <dlfcn.h>
    #include <errno.h>
    #include <pthread.h>
    #include <sched.h>
    #include <semaphore.h>
    #include <stdint.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include <sys/mman.h>
    #include <time.h>

    typedef int nr_PaError;
    typedef int nr_PaDeviceIndex;
    typedef double nr_PaTime;
    typedef struct { nr_PaTime in_adc, current, out_dac; } nr_PaTimeInfo;
    typedef int nr_PaCallback(const void *, void *, unsigned long, const nr_PaTimeInfo *,
                              unsigned long, void *);
    typedef struct {
        int structVersion; const char *name; int hostApi; int maxInputChannels;
        int maxOutputChannels; nr_PaTime defaultLowInputLatency;
        nr_PaTime defaultLowOutputLatency; nr_PaTime defaultHighInputLatency;
        nr_PaTime defaultHighOutputLatency; double defaultSampleRate;
    } nr_PaDeviceInfo;
    typedef struct {
        int structVersion; int type; const char *name; int deviceCount;
        nr_PaDeviceIndex defaultInputDevice; nr_PaDeviceIndex defaultOutputDevice;
    } nr_PaHostApiInfo;
    typedef struct {
        nr_PaDeviceIndex device; int channelCount; unsigned long sampleFormat;
        nr_PaTime suggestedLatency; void *hostApiSpecificStreamInfo;
    } nr_PaStreamParameters;

    #define NR_PA_FLOAT32 0x00000001UL
    #define NR_PA_CLIP_OFF 0x00000001UL
    #define NR_PA_OUTPUT_UNDERFLOW 0x00000004UL

    static struct {
        void *lib;
        nr_PaError (*Initialize)(void);
        nr_PaError (*Terminate)(void);
        const char *(*GetErrorText)(nr_PaError);
        nr_PaDeviceIndex (*GetDeviceCount)(void);
        const nr_PaDeviceInfo *(*GetDeviceInfo)(nr_PaDeviceIndex);
        const nr_PaHostApiInfo *(*GetHostApiInfo)(int);
        nr_PaDeviceIndex (*GetDefaultOutputDevice)(void);
        nr_PaError (*OpenStream)(void **, const nr_PaStreamParameters *,
                                 const nr_PaStreamParameters *, double, unsigned long,
                                 unsigned long, nr_PaCallback *, void *);
        nr_PaError (*StartStream)(void *);
        nr_PaError (*StopStream)(void *);
        nr_PaError (*AbortStream)(void *);
        nr_PaError (*CloseStream)(void *);
        nr_PaError (*IsStreamActive)(void *);
        double (*GetStreamCpuLoad)(void *);
    } nr_pa;

    static char nr_pa_error[512];

    /* Loads PortAudio; returns NULL, or a message naming what is missing. */
    static const char *nr_pa_load(const char *path) {
        if (nr_pa.lib) return NULL;
        void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!lib) {
            snprintf(nr_pa_error, sizeof nr_pa_error, "cannot load %s (%s); install "
                     "libportaudio2", path, dlerror());
            return nr_pa_error;
        }
    #define NR_SYM(field, name) \\
        *(void **)(&nr_pa.field) = dlsym(lib, name); \\
        if (!nr_pa.field) { \\
            snprintf(nr_pa_error, sizeof nr_pa_error, "%s lacks %s", path, name); \\
            dlclose(lib); return nr_pa_error; }
        NR_SYM(Initialize, "Pa_Initialize")
        NR_SYM(Terminate, "Pa_Terminate")
        NR_SYM(GetErrorText, "Pa_GetErrorText")
        NR_SYM(GetDeviceCount, "Pa_GetDeviceCount")
        NR_SYM(GetDeviceInfo, "Pa_GetDeviceInfo")
        NR_SYM(GetHostApiInfo, "Pa_GetHostApiInfo")
        NR_SYM(GetDefaultOutputDevice, "Pa_GetDefaultOutputDevice")
        NR_SYM(OpenStream, "Pa_OpenStream")
        NR_SYM(StartStream, "Pa_StartStream")
        NR_SYM(StopStream, "Pa_StopStream")
        NR_SYM(AbortStream, "Pa_AbortStream")
        NR_SYM(CloseStream, "Pa_CloseStream")
        NR_SYM(IsStreamActive, "Pa_IsStreamActive")
        NR_SYM(GetStreamCpuLoad, "Pa_GetStreamCpuLoad")
    #undef NR_SYM
        nr_pa.lib = lib;
        return NULL;
    }

    typedef struct {
        float *data;
        int slots;
        int block;
        uint64_t written;          /* advanced by the producer only (release) */
        uint64_t read;             /* advanced by the consumer only (release) */
        int offset;                /* consumer: frames of the oldest block already played */
        uint64_t underruns;        /* consumer pulls that found no block ready */
        uint64_t host_underflows;  /* callbacks flagged paOutputUnderflow by the host */
        uint64_t host_underflow_pull;  /* the pull count at the last such callback */
        uint64_t pulls;
        uint64_t frames;
        int mlocked;
        unsigned char *marked;     /* per slot: the producer flagged this block */
        uint64_t mark_ns[8192];    /* CLOCK_MONOTONIC when a flagged block began to play */
        uint64_t mark_count;
        uint64_t last_pull_ns;     /* consumer: CLOCK_MONOTONIC at the last pull */
        uint64_t last_gap_ns;      /* consumer: time between the last two pulls */
        /* The last 4096 ring underruns (kind 1) and host underflows (kind 2): the pull count
           and the time since the previous pull, so a report can tell a late render thread
           from a host that fell behind and then pulled several blocks at once. */
        uint64_t event_pull[4096];
        uint64_t event_gap_ns[4096];
        unsigned char event_kind[4096];
        uint64_t event_count;
        int want_priority;         /* the consumer asks SCHED_FIFO for itself once (0: no) */
        int sched_result;          /* -1: not tried; 0: ok / already real-time; else errno */
        sem_t space;               /* posted by the consumer each time a slot frees */
    } nr_ring;

    static int nr_ring_init(nr_ring *r, int slots, int block) {
        memset(r, 0, sizeof *r);
        r->data = (float *)calloc((size_t)slots * (size_t)block, sizeof(float));
        r->marked = (unsigned char *)calloc((size_t)slots, 1);
        if (!r->data || !r->marked) { free(r->data); free(r->marked); r->data = NULL; return ENOMEM; }
        r->sched_result = -1;
        r->slots = slots;
        r->block = block;
        r->mlocked = mlock(r->data, (size_t)slots * (size_t)block * sizeof(float)) == 0;
        sem_init(&r->space, 0, 0);
        return 0;
    }

    static void nr_ring_free(nr_ring *r) {
        if (r->data) {
            if (r->mlocked) munlock(r->data, (size_t)r->slots * (size_t)r->block * sizeof(float));
            free(r->data);
            free(r->marked);
            sem_destroy(&r->space);
            r->data = NULL;
        }
    }

    static inline uint64_t nr_ring_filled(nr_ring *r) {
        return __atomic_load_n(&r->written, __ATOMIC_ACQUIRE)
             - __atomic_load_n(&r->read, __ATOMIC_ACQUIRE);
    }

    /* Producer: copy one block in if a slot is free; returns 1 if written. */
    static int nr_ring_write(nr_ring *r, const float *src, int mark) {
        uint64_t w = __atomic_load_n(&r->written, __ATOMIC_RELAXED);
        uint64_t rd = __atomic_load_n(&r->read, __ATOMIC_ACQUIRE);
        if (w - rd >= (uint64_t)r->slots) return 0;
        memcpy(r->data + (size_t)(w % (uint64_t)r->slots) * (size_t)r->block, src,
               (size_t)r->block * sizeof(float));
        r->marked[w % (uint64_t)r->slots] = (unsigned char)(mark != 0);
        __atomic_store_n(&r->written, w + 1, __ATOMIC_RELEASE);
        return 1;
    }

    /* Producer: wait (at most timeout_s) until a slot is free; returns 1 if one is. */
    static int nr_ring_wait_space(nr_ring *r, double timeout_s) {
        if (nr_ring_filled(r) < (uint64_t)r->slots) return 1;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        long long ns = (long long)(timeout_s * 1e9);
        until.tv_sec += (time_t)(ns / 1000000000LL);
        until.tv_nsec += (long)(ns % 1000000000LL);
        if (until.tv_nsec >= 1000000000L) { until.tv_sec += 1; until.tv_nsec -= 1000000000L; }
        while (nr_ring_filled(r) >= (uint64_t)r->slots) {
            if (sem_timedwait(&r->space, &until) != 0 && errno == ETIMEDOUT) break;
        }
        return nr_ring_filled(r) < (uint64_t)r->slots;
    }

    /* Consumer (the real-time side): fill n frames from the ring, zeros where none is ready.
       No lock, no allocation, no wait: loads, stores, memcpy, and sem_post (one futex wake at
       most, and only when the producer sleeps on it). Returns 1 if every frame was there. */
    static void nr_ring_event(nr_ring *r, unsigned char kind) {
        uint64_t c = __atomic_load_n(&r->event_count, __ATOMIC_RELAXED);
        r->event_pull[c % 4096] = __atomic_load_n(&r->pulls, __ATOMIC_RELAXED);
        r->event_gap_ns[c % 4096] = r->last_gap_ns;
        r->event_kind[c % 4096] = kind;
        __atomic_store_n(&r->event_count, c + 1, __ATOMIC_RELEASE);
    }

    static int nr_ring_pull(nr_ring *r, float *out, unsigned long n) {
        unsigned long done = 0;
        int complete = 1;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec;
        r->last_gap_ns = r->last_pull_ns ? now_ns - r->last_pull_ns : 0;
        r->last_pull_ns = now_ns;
        while (done < n) {
            uint64_t rd = __atomic_load_n(&r->read, __ATOMIC_RELAXED);
            uint64_t w = __atomic_load_n(&r->written, __ATOMIC_ACQUIRE);
            if (w == rd) {
                memset(out + done, 0, (n - done) * sizeof(float));
                complete = 0;
                break;
            }
            const float *src = r->data + (size_t)(rd % (uint64_t)r->slots) * (size_t)r->block
                             + r->offset;
            if (r->offset == 0 && r->marked[rd % (uint64_t)r->slots]) {
                uint64_t c = __atomic_load_n(&r->mark_count, __ATOMIC_RELAXED);
                r->mark_ns[c % 8192] = now_ns;
                __atomic_store_n(&r->mark_count, c + 1, __ATOMIC_RELEASE);
            }
            unsigned long take = (unsigned long)(r->block - r->offset);
            if (take > n - done) take = n - done;
            memcpy(out + done, src, take * sizeof(float));
            done += take;
            r->offset += (int)take;
            if (r->offset == r->block) {
                r->offset = 0;
                __atomic_store_n(&r->read, rd + 1, __ATOMIC_RELEASE);
                sem_post(&r->space);
            }
        }
        if (!complete) {
            __atomic_add_fetch(&r->underruns, 1, __ATOMIC_RELAXED);
            nr_ring_event(r, 1);
        }
        __atomic_add_fetch(&r->pulls, 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&r->frames, n, __ATOMIC_RELAXED);
        return complete;
    }

    static int nr_set_thread_fifo(int priority) {
        struct sched_param p;
        memset(&p, 0, sizeof p);
        p.sched_priority = priority;
        return pthread_setschedparam(pthread_self(), SCHED_FIFO, &p);
    }

    static int nr_pa_callback(const void *in, void *out, unsigned long n,
                              const nr_PaTimeInfo *t, unsigned long flags, void *user) {
        nr_ring *r = (nr_ring *)user;
        (void)in; (void)t;
        if (r->sched_result == -1) {
            /* Once, on the first callback: PortAudio's ALSA thread is not real-time unless
               asked; JACK's already is (then nothing changes). */
            int policy = sched_getscheduler(0);
            if (policy == SCHED_FIFO || policy == SCHED_RR || r->want_priority <= 0)
                r->sched_result = 0;
            else
                r->sched_result = nr_set_thread_fifo(r->want_priority);
        }
        nr_ring_pull(r, (float *)out, n);
        if (flags & NR_PA_OUTPUT_UNDERFLOW) {
            __atomic_add_fetch(&r->host_underflows, 1, __ATOMIC_RELAXED);
            __atomic_store_n(&r->host_underflow_pull,
                             __atomic_load_n(&r->pulls, __ATOMIC_RELAXED) - 1, __ATOMIC_RELAXED);
            nr_ring_event(r, 2);
        }
        return 0;   /* paContinue */
    }


    static int nr_lock_memory(void) {
        return mlockall(MCL_CURRENT | MCL_FUTURE) == 0 ? 0 : errno;
    }
    """
    ctypedef int nr_PaError
    ctypedef struct nr_PaDeviceInfo:
        const char *name
        int hostApi
        int maxOutputChannels
        double defaultLowOutputLatency
        double defaultSampleRate
    ctypedef struct nr_PaHostApiInfo:
        const char *name
    ctypedef struct nr_PaStreamParameters:
        int device
        int channelCount
        unsigned long sampleFormat
        double suggestedLatency
        void *hostApiSpecificStreamInfo
    ctypedef int nr_PaCallback(const void *, void *, unsigned long, const void *,
                               unsigned long, void *)
    ctypedef struct nr_pa_table:
        void *lib
        nr_PaError (*Initialize)() nogil
        nr_PaError (*Terminate)() nogil
        const char *(*GetErrorText)(nr_PaError) nogil
        int (*GetDeviceCount)() nogil
        const nr_PaDeviceInfo *(*GetDeviceInfo)(int) nogil
        const nr_PaHostApiInfo *(*GetHostApiInfo)(int) nogil
        int (*GetDefaultOutputDevice)() nogil
        nr_PaError (*OpenStream)(void **, const nr_PaStreamParameters *,
                                 const nr_PaStreamParameters *, double, unsigned long,
                                 unsigned long, void *, void *) nogil
        nr_PaError (*StartStream)(void *) nogil
        nr_PaError (*StopStream)(void *) nogil
        nr_PaError (*AbortStream)(void *) nogil
        nr_PaError (*CloseStream)(void *) nogil
        nr_PaError (*IsStreamActive)(void *) nogil
        double (*GetStreamCpuLoad)(void *) nogil
    nr_pa_table nr_pa
    unsigned long NR_PA_FLOAT32
    unsigned long NR_PA_CLIP_OFF
    const char *nr_pa_load(const char *path) nogil

    ctypedef struct nr_ring:
        float *data
        int slots
        int block
        uint64_t written
        uint64_t read
        uint64_t underruns
        uint64_t host_underflows
        uint64_t host_underflow_pull
        uint64_t pulls
        uint64_t frames
        int mlocked
        uint64_t mark_ns[8192]
        uint64_t mark_count
        uint64_t event_pull[4096]
        uint64_t event_gap_ns[4096]
        unsigned char event_kind[4096]
        uint64_t event_count
        int want_priority
        int sched_result
    int nr_ring_init(nr_ring *r, int slots, int block) nogil
    void nr_ring_free(nr_ring *r) nogil
    uint64_t nr_ring_filled(nr_ring *r) nogil
    int nr_ring_write(nr_ring *r, const float *src, int mark) nogil
    int nr_ring_wait_space(nr_ring *r, double timeout_s) nogil
    int nr_ring_pull(nr_ring *r, float *out, unsigned long n) nogil
    int nr_pa_callback(const void *, void *, unsigned long, const void *, unsigned long,
                       void *) nogil
    int nr_set_thread_fifo(int priority) nogil
    int nr_lock_memory() nogil
    uint64_t __atomic_load_n(uint64_t *, int) nogil
    int __ATOMIC_ACQUIRE


LIBRARY = "libportaudio.so.2"


class AudioError(RuntimeError):
    """PortAudio could not be loaded, or a stream could not be opened or kept running."""


cdef class Ring:
    """Pre-allocated blocks between one writer (the render thread) and one reader (the audio
    callback in C, or :meth:`read_into`).

    ``written`` and ``read`` only grow, each advanced by one side with release/acquire atomics,
    so neither side takes a lock. The reader may take any number of frames per pull (a partial
    block is remembered). The memory is locked (``mlock``) where permitted.

    Parameters
    ----------
    slots : int
        Blocks the ring holds, 1 ... 64 (the render thread keeps it full: the output latency
        is ``slots * block`` samples).
    block : int
        Samples per block, 1 ... 65536.
    """

    cdef nr_ring ring
    cdef readonly int slots
    cdef readonly int block

    def __cinit__(self, int slots, int block):
        if not 1 <= slots <= 64:
            raise ValueError(f"slots: {slots} is outside [1, 64]")
        if not 1 <= block <= 65536:
            raise ValueError(f"block: {block} is outside [1, 65536]")
        if nr_ring_init(&self.ring, slots, block) != 0:
            raise MemoryError("audio ring")
        self.slots = slots
        self.block = block

    def __dealloc__(self):
        nr_ring_free(&self.ring)

    @property
    def written(self) -> int:
        return __atomic_load_n(&self.ring.written, __ATOMIC_ACQUIRE)

    @property
    def read(self) -> int:
        return __atomic_load_n(&self.ring.read, __ATOMIC_ACQUIRE)

    @property
    def filled(self) -> int:
        """Blocks written and not yet read."""
        return nr_ring_filled(&self.ring)

    @property
    def underruns(self) -> int:
        """Pulls (callbacks) that found no block ready and played zeros."""
        return __atomic_load_n(&self.ring.underruns, __ATOMIC_ACQUIRE)

    @property
    def host_underflows(self) -> int:
        """Callbacks the host API flagged with an output underflow (its own xruns)."""
        return __atomic_load_n(&self.ring.host_underflows, __ATOMIC_ACQUIRE)

    @property
    def host_underflow_at(self) -> int:
        """The number of pulls before the last host-flagged underflow (0 if at the start)."""
        return __atomic_load_n(&self.ring.host_underflow_pull, __ATOMIC_ACQUIRE)

    @property
    def pulls(self) -> int:
        """Pulls so far (one per audio callback): the audio device's heartbeat."""
        return __atomic_load_n(&self.ring.pulls, __ATOMIC_ACQUIRE)

    @property
    def frames(self) -> int:
        return __atomic_load_n(&self.ring.frames, __ATOMIC_ACQUIRE)

    @property
    def memory_locked(self) -> bool:
        return bool(self.ring.mlocked)

    def mark_times(self) -> list:
        """CLOCK_MONOTONIC nanoseconds (``time.monotonic_ns``) at which the last (at most
        8192) marked blocks began to play, oldest first."""
        cdef uint64_t count = __atomic_load_n(&self.ring.mark_count, __ATOMIC_ACQUIRE)
        cdef uint64_t first = count - 8192 if count > 8192 else 0
        return [int(self.ring.mark_ns[i % 8192]) for i in range(first, count)]

    def events(self) -> list:
        """The last (at most 4096) ring underruns and host-flagged underflows, oldest first:
        ``(kind, pull, gap_ns)`` with kind ``"underrun"`` or ``"host"``, the pull (callback)
        count before it, and the time since the previous pull in nanoseconds (a host catching
        up after its own xrun pulls blocks much faster than one per period)."""
        cdef uint64_t count = __atomic_load_n(&self.ring.event_count, __ATOMIC_ACQUIRE)
        cdef uint64_t first = count - 4096 if count > 4096 else 0
        return [("underrun" if self.ring.event_kind[i % 4096] == 1 else "host",
                 int(self.ring.event_pull[i % 4096]), int(self.ring.event_gap_ns[i % 4096]))
                for i in range(first, count)]

    @property
    def callback_priority(self) -> int:
        """SCHED_FIFO priority the audio callback asks for itself on its first call (0: none).
        Set before the stream starts."""
        return self.ring.want_priority

    @callback_priority.setter
    def callback_priority(self, int value) -> None:
        if not 0 <= value <= 99:
            raise ValueError(f"callback_priority: {value} is outside [0, 99]")
        self.ring.want_priority = value

    @property
    def callback_sched(self) -> int:
        """-1 before the first callback; 0 when the callback thread is real-time; else the
        errno of the refused request."""
        return self.ring.sched_result

    def space(self) -> bool:
        """True when the writer may write a block now."""
        return nr_ring_filled(&self.ring) < <uint64_t>self.slots

    def write(self, const float[::1] samples, bint mark=False) -> bool:
        """Copy one block (float32, ``block`` samples) in; False (nothing written) if full.
        A ``mark``-ed block has the time it begins to play recorded (:meth:`mark_times`)."""
        if samples.shape[0] != self.block:
            raise ValueError(f"samples: {samples.shape[0]} samples, the ring's block is "
                             f"{self.block}")
        cdef int ok
        with nogil:
            ok = nr_ring_write(&self.ring, &samples[0], mark)
        return bool(ok)

    def wait_space(self, double timeout) -> bool:
        """Sleep (the interpreter lock released) until a slot frees or ``timeout`` seconds pass;
        True if the writer may write now."""
        cdef int ok
        if not timeout >= 0.0:
            timeout = 0.0
        with nogil:
            ok = nr_ring_wait_space(&self.ring, timeout)
        return bool(ok)

    def read_into(self, float[::1] out) -> bool:
        """Pull ``len(out)`` frames (the oldest first); zeros and an underrun where none is
        ready. Returns True if every frame was there."""
        cdef int ok = 1
        if out.shape[0] == 0:
            return True
        with nogil:
            ok = nr_ring_pull(&self.ring, &out[0], out.shape[0])
        return bool(ok)

    cdef nr_ring *ptr(self) noexcept nogil:
        return &self.ring


def _text(const char *s) -> str:
    return s.decode("utf-8", "replace") if s != NULL else ""


def load_portaudio(path: str = LIBRARY) -> None:
    """Load PortAudio (once). Raises AudioError naming the library when it is missing."""
    cdef bytes p = path.encode()
    cdef const char *err = nr_pa_load(p)
    if err != NULL:
        raise AudioError(_text(err))


cdef int _pa_init() except -1:
    load_portaudio()
    cdef nr_PaError e
    with nogil:
        e = nr_pa.Initialize()
    if e != 0:
        raise AudioError(f"Pa_Initialize: {_text(nr_pa.GetErrorText(e))}")
    return 0


cdef void _pa_done():
    with nogil:
        nr_pa.Terminate()


def output_devices() -> list:
    """``[(index, "name (host API)", max output channels, default rate Hz), ...]``."""
    _pa_init()
    out = []
    cdef const nr_PaDeviceInfo *info
    cdef const nr_PaHostApiInfo *api
    try:
        for i in range(nr_pa.GetDeviceCount()):
            info = nr_pa.GetDeviceInfo(i)
            if info == NULL or info.maxOutputChannels < 1:
                continue
            api = nr_pa.GetHostApiInfo(info.hostApi)
            out.append((i, f"{_text(info.name)} ({_text(api.name) if api != NULL else '?'})",
                        info.maxOutputChannels, info.defaultSampleRate))
    finally:
        _pa_done()
    return out


cdef class Output:
    """A mono float32 PortAudio output stream whose callback is C and reads ``ring``.

    Parameters
    ----------
    ring : Ring
        Where the blocks come from; the stream's buffer is ``ring.block`` frames.
    sample_rate : float
        Hz.
    device : str, optional
        A case-insensitive substring of a device's "name (host API)" (``"jack"`` picks the
        JACK host API's device); default: PortAudio's default output device.
    latency : float, optional
        Suggested output latency in seconds (default: the device's low latency).

    Raises AudioError (naming the available devices) when no such device exists or the stream
    cannot be opened.
    """

    cdef void *stream
    cdef readonly Ring ring
    cdef readonly str device_name
    cdef readonly double sample_rate
    cdef bint initialised

    def __cinit__(self):
        self.stream = NULL
        self.initialised = False

    def __init__(self, Ring ring, double sample_rate, device=None, latency=None):
        self.ring = ring
        self.sample_rate = sample_rate
        _pa_init()
        self.initialised = True
        cdef int index = -1
        cdef const nr_PaDeviceInfo *info
        cdef const nr_PaHostApiInfo *api
        cdef nr_PaStreamParameters params
        cdef nr_PaError e
        cdef void *stream = NULL
        cdef nr_ring *rp = ring.ptr()
        cdef unsigned long frames = ring.block
        names = {}
        for i in range(nr_pa.GetDeviceCount()):
            info = nr_pa.GetDeviceInfo(i)
            if info == NULL or info.maxOutputChannels < 1:
                continue
            api = nr_pa.GetHostApiInfo(info.hostApi)
            names[i] = f"{_text(info.name)} ({_text(api.name) if api != NULL else '?'})"
        if device:
            matches = [i for i, n in names.items() if str(device).lower() in n.lower()]
            if not matches:
                self.close()
                raise AudioError(f"audio.device: no output device matches {device!r}; "
                                 f"devices: {'; '.join(names.values()) or 'none'}")
            index = matches[0]
        else:
            index = nr_pa.GetDefaultOutputDevice()
            if index < 0 or index not in names:
                self.close()
                raise AudioError("no default output device; devices: "
                                 f"{'; '.join(names.values()) or 'none'}")
        info = nr_pa.GetDeviceInfo(index)
        self.device_name = names[index]
        params.device = index
        params.channelCount = 1
        params.sampleFormat = NR_PA_FLOAT32
        params.suggestedLatency = float(latency) if latency is not None else \
            info.defaultLowOutputLatency
        params.hostApiSpecificStreamInfo = NULL
        with nogil:
            e = nr_pa.OpenStream(&stream, NULL, &params, sample_rate, frames,
                                 NR_PA_CLIP_OFF, <void *>nr_pa_callback, <void *>rp)
        if e != 0:
            message = _text(nr_pa.GetErrorText(e))
            self.close()
            raise AudioError(f"cannot open {self.device_name} at {sample_rate:g} Hz, "
                             f"{ring.block}-frame buffers: {message}")
        self.stream = stream

    def start(self) -> None:
        cdef nr_PaError e
        if self.stream == NULL:
            raise AudioError("the stream is closed")
        with nogil:
            e = nr_pa.StartStream(self.stream)
        if e != 0:
            raise AudioError(f"Pa_StartStream: {_text(nr_pa.GetErrorText(e))}")

    @property
    def active(self) -> bool:
        """True while the stream runs (False once the host dropped it, e.g. JACK stopped)."""
        if self.stream == NULL:
            return False
        return nr_pa.IsStreamActive(self.stream) == 1

    @property
    def cpu_load(self) -> float:
        """PortAudio's estimate of the callback's share of its time budget (0 ... 1)."""
        return nr_pa.GetStreamCpuLoad(self.stream) if self.stream != NULL else 0.0

    @property
    def xruns(self) -> int:
        """Host-reported output underflows (ring underruns are :attr:`Ring.underruns`)."""
        return self.ring.host_underflows

    def stop(self) -> None:
        """Stop and close (the stream is aborted, not drained: nothing waits on Python)."""
        self.close()

    def close(self) -> None:
        cdef void *stream = self.stream
        self.stream = NULL
        if stream != NULL:
            with nogil:
                nr_pa.AbortStream(stream)
                nr_pa.CloseStream(stream)
        if self.initialised:
            self.initialised = False
            _pa_done()

    def __dealloc__(self):
        if self.stream != NULL:
            nr_pa.AbortStream(self.stream)
            nr_pa.CloseStream(self.stream)
            self.stream = NULL
        if self.initialised:
            nr_pa.Terminate()


def set_thread_realtime(int priority) -> int:
    """Ask SCHED_FIFO at ``priority`` (1 ... 99) for the calling thread; 0 or the errno."""
    if not 1 <= priority <= 99:
        raise ValueError(f"priority: {priority} is outside [1, 99]")
    return nr_set_thread_fifo(priority)


def lock_memory() -> int:
    """``mlockall(MCL_CURRENT | MCL_FUTURE)``; 0 or the errno."""
    return nr_lock_memory()
