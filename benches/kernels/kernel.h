/* Shared helpers for the PolyBench-style kernels: deterministic
 * initialisation and a checksum printed at the end, so that the output of
 * every build (wasm2native, wasmtime, gcc) can be compared byte for byte.
 * Everything is plain C99 with no platform-specific code. */
#ifndef KERNEL_H
#define KERNEL_H
#include <stdint.h>
#include <stdio.h>

/* Sum of a double array, weighted by position so that permutations show. */
static inline double checksum_f64(const double *v, long n) {
    double s = 0.0;
    for (long i = 0; i < n; i++) s += v[i] * (double)(i % 7 + 1);
    return s;
}

/* FNV-1a over 32-bit values. */
static inline uint64_t checksum_i32(const int32_t *v, long n) {
    uint64_t h = 1469598103934665603ull;
    for (long i = 0; i < n; i++) {
        h ^= (uint32_t)v[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* A small linear congruential generator (the same on every platform). */
static uint32_t lcg_state = 12345u;
static inline uint32_t lcg_next(void) {
    lcg_state = lcg_state * 1103515245u + 12345u;
    return (lcg_state >> 8) & 0xffffffu;
}
#endif
