/* Latency of tanh in a serial chain, as in a neuron with 1-sample feedback: every sample needs
 * the previous output. Prints ns per step for glibc's tanh and for the exp form nrcore uses
 * (cython/nrdsp.pxd: tanh_exp), built with the flags of setup.py. */
#include <math.h>
#include <stdio.h>
#include <time.h>

static double tanh_exp(double x) {
    double e = exp(-2.0 * fabs(x));
    double t = (1.0 - e) / (1.0 + e);
    return x < 0.0 ? -t : t;
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

#define CHAIN(NAME, F)                                                          \
    do {                                                                        \
        double y = 0.0, sum = 0.0, best = 1e9;                                  \
        for (int r = 0; r < 3; r++) {                                           \
            double start = seconds();                                           \
            for (int i = 0; i < n; i++) {                                       \
                y = F(0.1 + 0.7 * y + (i & 7) * 0.01 - 0.3 * (i & 1));          \
                sum += y;                                                       \
            }                                                                   \
            double ns = (seconds() - start) * 1e9 / n;                          \
            if (ns < best) best = ns;                                           \
        }                                                                       \
        printf("%s %.2f %g\n", NAME, best, sum);                               \
    } while (0)

int main(void) {
    const int n = 20000000;
    CHAIN("glibc_tanh", tanh);
    CHAIN("nrcore_tanh_exp", tanh_exp);
    return 0;
}
