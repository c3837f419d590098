/* reactor.wat's host functions, compiled into the library with --link
   (linked_host.c then defines none). */
#include <stdint.h>

struct wasm2native_import_host__pair_results { int64_t r0; double r1; };

int32_t wasm2native_import_host__upper(void *vmctx, int32_t ptr, int32_t len) {
    (void)vmctx; (void)ptr;
    return len;
}

void wasm2native_import_host__pair(void *vmctx, int64_t x, struct wasm2native_import_host__pair_results *r) {
    (void)vmctx;
    r->r0 = x * 3;
    r->r1 = 0.25;
}
