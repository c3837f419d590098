/* 1,000 instances of reactor.wat alive at once, each with its own memory
   and globals; then 2 threads calling 2 instances at the same time; then
   runaway recursion on a thread with a small stack (a trap, not a crash),
   the instance moving between threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reactor.h"

#define N 1000
#define CALLS 200000

int32_t wasm2native_import_host__upper(void *vmctx, int32_t ptr, int32_t len) {
    size_t size;
    uint8_t *mem = w2n_caller_memory(vmctx, &size);
    int *seen = w2n_caller_host_data(vmctx);
    if ((size_t)ptr + (size_t)len > size) w2n_caller_trap(vmctx, "out of bounds");
    *seen = mem[ptr];
    return len;
}
void wasm2native_import_host__pair(void *vmctx, int64_t x, struct wasm2native_import_host__pair_results *r) {
    (void)vmctx; r->r0 = x; r->r1 = 0;
}

static w2n_wasi *wasi;

static void must(w2n_error *err) {
    if (err) { printf("error: %s\n", w2n_error_message(err)); exit(1); }
}

static void *worker(void *arg) {
    reactor_instance *inst = arg;
    int32_t r, sum = 0;
    for (int32_t k = 0; k < CALLS; k++) {
        must(reactor_add_i32(inst, sum, 1, &r));
        sum = r;
        if (k % 50000 == 0) {
            w2n_error *e = reactor_div(inst, 1, 0, &r);  /* traps on both threads at once */
            if (!e || w2n_error_trap_code(e) != W2N_TRAP_INTEGER_DIVISION_BY_ZERO) { printf("no trap\n"); exit(1); }
            w2n_error_free(e);
        }
    }
    return (void *)(intptr_t)sum;
}

static void *recurse(void *arg) {
    int32_t r;
    w2n_error *e = reactor_deep(arg, 0, &r);
    int ok = e && w2n_error_trap_code(e) == W2N_TRAP_STACK_OVERFLOW;
    w2n_error_free(e);
    return (void *)(intptr_t)ok;
}

int main(void) {
    wasi = w2n_wasi_new();
    static reactor_instance *inst[N];
    static int seen[N];
    for (int i = 0; i < N; i++) {
        must(reactor_instantiate(wasi, &seen[i], &inst[i]));
        size_t size;
        uint8_t *mem = reactor_memory(inst[i], &size);
        memcpy(mem + 1000, &i, 4);
        reactor_calls_set(inst[i], i);
    }
    int ok = 1;
    for (int i = 0; i < N; i++) {
        int32_t v, changed;
        must(reactor_load(inst[i], 1000, &v));
        size_t size;
        uint8_t *mem = reactor_memory(inst[i], &size);
        mem[2000] = (uint8_t)(i % 251);
        must(reactor_upper_at(inst[i], 2000, 1, &changed));
        if (v != i || reactor_calls_get(inst[i]) != i || seen[i] != i % 251) ok = 0;
    }
    printf("%d instances alive, each with its own memory and globals: %s\n", N, ok ? "yes" : "NO");
    for (int i = 2; i < N; i++) reactor_instance_free(inst[i]);

    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, inst[i]);
    for (int i = 0; i < 2; i++) {
        void *sum;
        pthread_join(t[i], &sum);
        printf("thread %d: %d calls, sum %d, instance calls global %d\n", i, CALLS, (int)(intptr_t)sum,
               reactor_calls_get(inst[i]));
    }
    pthread_attr_t small;
    pthread_attr_init(&small);
    pthread_attr_setstacksize(&small, 128 << 10);
    void *ok_small, *ok_main;
    pthread_create(&t[0], &small, recurse, inst[0]);
    pthread_join(t[0], &ok_small);
    ok_main = recurse(inst[0]);
    printf("stack exhaustion on a 128 KiB thread, then on the main thread: %s, %s\n",
           ok_small ? "trap" : "NO TRAP", ok_main ? "trap" : "NO TRAP");
    reactor_instance_free(inst[0]);
    reactor_instance_free(inst[1]);
    w2n_wasi_free(wasi);
    return ok ? 0 : 1;
}
