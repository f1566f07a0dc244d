/* The direct block path: a C entry point into an nrcore kernel, for hosts that run audio
 * blocks without the Python interpreter (nrcore's own Pd bridge, pd/src/nrcore.c).
 *
 * A processor's block_capsule() returns a PyCapsule named NRCORE_BLOCK_CAPSULE whose pointer
 * is an nrcore_block. The capsule keeps the kernel alive; the host keeps the capsule alive for
 * as long as it calls process. Contract: BLOCK-CAPSULE.md (project notes) and
 * nrcore.Neuron.block_capsule.
 */
#ifndef NRCORE_BLOCK_H
#define NRCORE_BLOCK_H

#ifdef __cplusplus
extern "C" {
#endif

#define NRCORE_BLOCK_CAPSULE "nrcore.block.v1"
#define NRCORE_BLOCK_VERSION 1

/* The block function's type (the same signature as nrcore_block.process). */
typedef int (*nrcore_block_fn)(void *kernel, const float *const *ins, int n_in,
                               float *const *outs, int n_out, int n);

typedef struct nrcore_block {
    int version;                 /* NRCORE_BLOCK_VERSION */
    void *kernel;                /* opaque; valid while the capsule object is alive */
    /* Process n samples: ins[i] (i < n_in) and outs[j] (j < n_out) each point at n floats,
       rows in the order of the processor's Python process(): its input signals, then any
       audio-rate rows (the neuron's weights, the learners' target), and its output rows.
       Callable without the GIL from any thread; takes the kernel's own lock (the same lock
       the Python setters, reset, set_state and structural changes take), never allocates,
       never touches Python objects. The caller guarantees no outs[j] aliases any ins[i].
       Returns 0, or -1 if n_in/n_out do not match the kernel's current shape or n < 0
       (then the caller outputs zeros and refetches the capsule at the next DSP start). */
    int (*process)(void *kernel, const float *const *ins, int n_in,
                   float *const *outs, int n_out, int n);
} nrcore_block;

#ifdef __cplusplus
}
#endif

#endif /* NRCORE_BLOCK_H */
