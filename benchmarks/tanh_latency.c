/* Latency of tanh in a serial chain, as in a neuron with 1-sample feedback: every sample needs
 * the previous output. Prints ns per step for glibc's tanh, the exp form nrcore used before
 * (one exp and one division) and the rational minimax form it uses now (cython/nrdsp.pxd:
 * tanh_rational, copied here with its coefficients), plus the sigmoid forms, built with the
 * flags of setup.py. */
#include <math.h>
#include <stdio.h>
#include <time.h>

static double tanh_exp(double x) {
    double e = exp(-2.0 * fabs(x));
    double t = (1.0 - e) / (1.0 + e);
    return x < 0.0 ? -t : t;
}

static double tanh_ratio(double x) {
    double u = x * x;
    double u2 = u * u;
    double xu = x * u;
    double xu2 = x * u2;
    double num = (x + 0.13380314416179453 * xu)
                 + xu2 * ((0.003494754542539902 + 2.0596017438119725e-05 * u)
                          + 1.3337958476421043e-08 * u2);
    double den = (1.0 + 0.46713631839742686 * u)
                 + u2 * ((0.025873777649009517 + 0.0003284298158116519 * u)
                         + 7.769419171906669e-07 * u2);
    return num / den;
}

static double tanh_rational(double x) {
    double r = tanh_ratio(x);
    if (x > 9.0) return tanh_ratio(9.0);
    if (x < -9.0) return -tanh_ratio(9.0);
    return r;
}

static double sigmoid_exp(double x) { return 1.0 / (1.0 + exp(-x)); }

static double sigmoid_ratio(double x) {
    double u = x * x;
    double u2 = u * u;
    double xu = x * u;
    double xu2 = x * u2;
    double num = (0.25 * x + 0.008362696510112158 * xu) + xu2 * ((5.460553972718597e-05 + 8.045319311765518e-08 * u) + 1.3025350074629925e-11 * u2);
    double den = (1.0 + 0.11678407959935672 * u) + u2 * ((0.0016171111030630948 + 5.131715872057061e-06 * u) + 3.0349293640260428e-09 * u2);
    return num / den;
}

static double sigmoid_rational(double x) {
    double r = sigmoid_ratio(x);
    if (x > 18.0) return 0.5 + sigmoid_ratio(18.0);
    if (x < -18.0) return 0.5 - sigmoid_ratio(18.0);
    return 0.5 + r;
}

static double softclip(double x) { return x / (1.0 + fabs(x)); }

static double seconds(void) {
    /* this thread's CPU time: time spent descheduled on a loaded machine does not count */
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

typedef double (*fn)(double);

/* ns per step of y = f(0.1 + 0.7 y + small input), each step needing the previous one */
static double chain(fn f, int n, double *sum) {
    double y = 0.0, s = 0.0;
    double start = seconds();
    for (int i = 0; i < n; i++) {
        y = f(0.1 + 0.7 * y + (i & 7) * 0.01 - 0.3 * (i & 1));
        s += y;
    }
    double ns = (seconds() - start) * 1e9 / n;
    *sum += s;
    return ns;
}

int main(void) {
    const int n = 4000000;
    const char *names[] = {"glibc_tanh", "nrcore_tanh_exp", "nrcore_tanh_rational",
                           "sigmoid_exp", "nrcore_sigmoid_rational", "nrcore_softclip"};
    fn fns[] = {tanh, tanh_exp, tanh_rational, sigmoid_exp, sigmoid_rational, softclip};
    const int count = sizeof(fns) / sizeof(fns[0]);
    double best[16], sums[16];
    for (int k = 0; k < count; k++) { best[k] = 1e9; sums[k] = 0.0; }
    /* round robin, best of 9: load drifts hit every form alike */
    for (int r = 0; r < 9; r++)
        for (int k = 0; k < count; k++) {
            double ns = chain(fns[k], n, &sums[k]);
            if (ns < best[k]) best[k] = ns;
        }
    for (int k = 0; k < count; k++) printf("%s %.2f %g\n", names[k], best[k], sums[k]);
    return 0;
}
