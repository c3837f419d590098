/* Two different modules' static libraries (libreactor.a, libcounter.a)
   linked into one program; both carry the runtime, the linker takes it once. */
#include <stdio.h>
#include "counter.h"
#include "reactor.h"

int32_t wasm2native_import_host__upper(void *vmctx, int32_t ptr, int32_t len) { (void)vmctx; (void)ptr; return len; }
void wasm2native_import_host__pair(void *vmctx, int64_t x, struct wasm2native_import_host__pair_results *r) {
    (void)vmctx; r->r0 = x; r->r1 = 0;
}

int main(void) {
    w2n_wasi *wasi = w2n_wasi_new();
    w2n_wasi_inherit_stdio(wasi);
    reactor_instance *r;
    counter_instance *c;
    w2n_error *err = reactor_instantiate(wasi, NULL, &r);
    if (!err) err = counter_instantiate(wasi, NULL, &c);
    if (err) { printf("%s\n", w2n_error_message(err)); return 1; }
    int32_t i;
    int64_t n;
    reactor_add_i32(r, 20, 22, &i);
    counter_bump(c, 5, &n);
    counter_bump(c, 6, &n);
    printf("reactor add %d, counter %lld (global %lld)\n", i, (long long)n, (long long)counter_count_get(c));
    fflush(stdout);
    counter_hello(c, &i);
    err = counter_div(c, 1, 0, &i);
    printf("counter trap: %s\n", w2n_error_message(err));
    w2n_error_free(err);
    err = reactor_div(r, 1, 0, &i);
    printf("reactor trap: %s\n", w2n_error_message(err));
    w2n_error_free(err);
    reactor_instance_free(r);
    counter_instance_free(c);
    w2n_wasi_free(wasi);
    return 0;
}
