/* Runs QuickJS-NG's WASI reactor (../shared/corpora/real-wasi/quickjs-reactor),
   compiled as the static library libqjs.a (header qjs.h), as its
   run_qjs_reactor.py does: _initialize (at instantiation), argv strings
   malloc'd in guest memory, qjs_init_argv, qjs_destroy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qjs.h"

static int check(w2n_error *err, const char *what) {
    if (!err) return 0;
    fprintf(stderr, "%s: %s\n", what, w2n_error_message(err));
    w2n_error_free(err);
    exit(1);
}

int main(int argc, char **argv) {
    w2n_wasi *wasi = w2n_wasi_new();
    w2n_wasi_inherit_stdio(wasi);
    qjs_instance *qjs;
    check(qjs_instantiate(wasi, NULL, &qjs), "instantiate");
    int32_t n = argc, ptrs[64];
    if (n > 64) n = 64;
    for (int i = 0; i < n; i++) {
        const char *arg = i == 0 ? "qjs" : argv[i];
        int32_t len = (int32_t)strlen(arg) + 1, p;
        check(qjs_malloc(qjs, len, &p), "malloc");
        size_t size;
        uint8_t *mem = qjs_memory(qjs, &size);
        if (p == 0 || (size_t)p + len > size) { fprintf(stderr, "malloc failed\n"); return 1; }
        memcpy(mem + p, arg, len);
        ptrs[i] = p;
    }
    int32_t argv_ptr, rc;
    check(qjs_malloc(qjs, 4 * n, &argv_ptr), "malloc");
    size_t size;
    uint8_t *mem = qjs_memory(qjs, &size);
    for (int i = 0; i < n; i++) memcpy(mem + argv_ptr + 4 * i, &ptrs[i], 4);  /* little-endian host */
    check(qjs_qjs_init_argv(qjs, n, argv_ptr, &rc), "qjs_init_argv");
    check(qjs_qjs_destroy(qjs), "qjs_destroy");
    fprintf(stderr, "[qjs_init_argv returned %d]\n", rc);
    qjs_instance_free(qjs);
    w2n_wasi_free(wasi);
    return rc == 0 ? 0 : 1;
}
