/* Each run of this program ends in one wasm trap, chosen by argv[1]. It first
 * does some real work and prints (and flushes) its result, so the test sees
 * that the program ran up to the trap, then triggers the trap through a
 * path clang cannot fold or remove (inputs come through volatile). */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int vzero = 0, vminus1 = -1, vintmin = INT_MIN;
static volatile double vnan = __builtin_nan(""), vbig = 5e9;
static volatile uint64_t vdepth = 1ull << 40;
static volatile uintptr_t vfar = 0xfffffff0u, vindex = 0x7ffffff0u;

/* Average of a sample, dividing by a count that ends up zero. */
static int average(const int *v, int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) sum += v[i];
    return sum / (n + vzero);
}

/* Non-tail recursion on the wasm stack: no address-taken locals, and the
 * result is combined after the call, so it cannot become a loop. */
static uint64_t descend(uint64_t n) {
    if (n == 0) return 1;
    uint64_t r = descend(n - 1);
    return r * 6364136223846793005ull + (n ^ (r >> 7));
}

static int square(int x) { return x * x; }
typedef int (*unary)(int);
typedef int (*binary)(int, int);

static void banner(const char *what) {
    int primes = 0;
    for (int n = 2; n < 2000; n++) {
        int p = 1;
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0) p = 0;
        primes += p;
    }
    printf("primes below 2000: %d\n", primes);
    printf("triggering: %s\n", what);
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: traps WHICH\n");
        return 2;
    }
    const char *w = argv[1];
    banner(w);
    if (!strcmp(w, "div-zero")) {
        int sample[] = {3, 1, 4, 1, 5};
        printf("average: %d\n", average(sample, 5 * vzero));
    } else if (!strcmp(w, "int-overflow")) {
        printf("quotient: %d\n", vintmin / vminus1);
    } else if (!strcmp(w, "oob-store")) {
        fprintf(stderr, "writing far beyond the linear memory\n");
        *(volatile int *)vfar = 42;
        printf("stored\n");
    } else if (!strcmp(w, "oob-load")) {
        printf("loaded: %d\n", *(volatile int *)(vfar + 12));
    } else if (!strcmp(w, "unreachable")) {
        __builtin_trap();
    } else if (!strcmp(w, "stack-overflow")) {
        printf("descend: %llu\n", (unsigned long long)descend(vdepth));
    } else if (!strcmp(w, "trunc-nan")) {
        printf("converted: %d\n", __builtin_wasm_trunc_s_i32_f64(vnan));
    } else if (!strcmp(w, "trunc-overflow")) {
        printf("converted: %d\n", __builtin_wasm_trunc_s_i32_f64(vbig));
    } else if (!strcmp(w, "null-call")) {
        unary volatile f = square;
        printf("square(9) = %d\n", f(9));
        fflush(stdout);
        f = NULL;
        printf("null call: %d\n", f(3));
    } else if (!strcmp(w, "bad-index")) {
        unary volatile f = (unary)vindex;
        printf("bad index call: %d\n", f(3));
    } else if (!strcmp(w, "signature")) {
        binary volatile g = (binary)(void *)square;
        printf("mismatched call: %d\n", g(3, 4));
    } else {
        fprintf(stderr, "unknown trap %s\n", w);
        return 2;
    }
    printf("not reached\n");
    return 0;
}
