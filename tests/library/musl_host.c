/* A host program for reactor.wat as a static library of a musl target,
   built without C library headers (it declares the few functions it uses)
   so that it compiles with any gcc and links against the musl that rustup
   provides (tests/tests/library.rs links it with rust-lld). */
#include "reactor.h"

int printf(const char *format, ...);
int fflush(void *stream);
void exit(int status);

int32_t wasm2native_import_host__upper(void *vmctx, int32_t ptr, int32_t len) {
    size_t size;
    uint8_t *mem = w2n_caller_memory(vmctx, &size);
    if (ptr < 0 || len < 0 || (size_t)ptr + (size_t)len > size) w2n_caller_trap(vmctx, "upper: out of bounds");
    for (int32_t i = 0; i < len; i++)
        if (mem[ptr + i] >= 'a' && mem[ptr + i] <= 'z') mem[ptr + i] -= 32;
    return len;
}
void wasm2native_import_host__pair(void *vmctx, int64_t x, struct wasm2native_import_host__pair_results *r) {
    (void)vmctx; r->r0 = x * 2; r->r1 = 0.5;
}

static void must(const char *what, w2n_error *err) {
    if (err) { printf("%s: %s\n", what, w2n_error_message(err)); exit(1); }
}

int main(void) {
    w2n_wasi *wasi = w2n_wasi_new();
    w2n_wasi_inherit_stdio(wasi);
    reactor_instance *inst;
    must("instantiate", reactor_instantiate(wasi, 0, &inst));
    int32_t i;
    double d;
    must("add_i32", reactor_add_i32(inst, 40, 2, &i));
    printf("add_i32: %d\n", i);
    w2n_error *err = reactor_div(inst, 1, 0, &i);
    printf("div: kind %d trap %d\n", w2n_error_kind(err), w2n_error_trap_code(err));
    w2n_error_free(err);
    err = reactor_exit(inst, 5);
    int status = -1;
    bool exited = w2n_error_exit_status(err, &status);
    printf("exit: %d %d\n", (int)exited, status);
    w2n_error_free(err);
    must("pair_sum", reactor_pair_sum(inst, 5, &d));
    printf("pair_sum: %d\n", (int)(d * 10));
    fflush(0);
    must("shout", reactor_shout(inst, &i));
    printf("calls: %d\n", reactor_calls_get(inst));
    reactor_instance_free(inst);
    w2n_wasi_free(wasi);
    return 0;
}
