/* The smallest JACK client: one output port written with zeros each cycle, counting JACK's
 * xrun callbacks. The peer for the rack's real-time check (benchmarks/bench_jack_xruns.py):
 * any xruns it sees on the same server, load and machine are not nrcore's.
 *
 * Declares the few libjack functions it uses itself (Debian ships libjack.so.0 without
 * headers unless libjack-jackd2-dev is installed). Build: cc -O2 -o jack_null_client
 * jack_null_client.c -l:libjack.so.0 ; run: jack_null_client SECONDS (prints "xruns N cycles N").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct _jack_client jack_client_t;
typedef struct _jack_port jack_port_t;
typedef uint32_t jack_nframes_t;
typedef int (*jack_process_cb)(jack_nframes_t, void *);
typedef int (*jack_xrun_cb)(void *);

extern jack_client_t *jack_client_open(const char *name, int options, int *status, ...);
extern int jack_set_process_callback(jack_client_t *, jack_process_cb, void *);
extern int jack_set_xrun_callback(jack_client_t *, jack_xrun_cb, void *);
extern jack_port_t *jack_port_register(jack_client_t *, const char *, const char *,
                                       unsigned long, unsigned long);
extern void *jack_port_get_buffer(jack_port_t *, jack_nframes_t);
extern int jack_activate(jack_client_t *);
extern int jack_connect(jack_client_t *, const char *, const char *);
extern const char *jack_port_name(const jack_port_t *);
extern int jack_client_close(jack_client_t *);

enum { JACK_NO_START_SERVER = 0x01, JACK_PORT_IS_OUTPUT = 0x2 };

static jack_port_t *port;
static volatile unsigned long xruns, cycles;

static int process(jack_nframes_t n, void *arg) {
    (void)arg;
    memset(jack_port_get_buffer(port, n), 0, n * sizeof(float));
    __atomic_add_fetch(&cycles, 1, __ATOMIC_RELAXED);
    return 0;
}

static int on_xrun(void *arg) {
    (void)arg;
    __atomic_add_fetch(&xruns, 1, __ATOMIC_RELAXED);
    return 0;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 10.0;
    int status = 0;
    jack_client_t *client = jack_client_open("nrcore-null", JACK_NO_START_SERVER, &status);
    if (!client) {
        fprintf(stderr, "jack_null_client: no JACK server (status 0x%x)\n", status);
        return 2;
    }
    port = jack_port_register(client, "out", "32 bit float mono audio", JACK_PORT_IS_OUTPUT, 0);
    jack_set_process_callback(client, process, NULL);
    jack_set_xrun_callback(client, on_xrun, NULL);
    if (!port || jack_activate(client) != 0) {
        fprintf(stderr, "jack_null_client: could not activate\n");
        return 2;
    }
    jack_connect(client, jack_port_name(port), "system:playback_1");
    usleep((useconds_t)(seconds * 1e6));
    printf("xruns %lu cycles %lu\n", xruns, cycles);
    jack_client_close(client);
    return 0;
}
