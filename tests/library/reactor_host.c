/* Drives reactor.wat compiled as a library (header: reactor.h): prints a
   transcript that tests/tests/library.rs compares with reactor_host.expected;
   lines "= EXPORT ARGS -> RESULTS" are also checked against wasmtime. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "reactor.h"

struct host { int upper_calls; };

int32_t wasm2native_import_host__upper(void *vmctx, int32_t ptr, int32_t len) {
    struct host *h = w2n_caller_host_data(vmctx);
    h->upper_calls++;
    size_t size;
    uint8_t *mem = w2n_caller_memory(vmctx, &size);
    if (ptr < 0 || len < 0 || (size_t)ptr + (size_t)len > size) w2n_caller_trap(vmctx, "upper: string out of bounds");
    int changed = 0;
    for (int32_t i = 0; i < len; i++) {
        int c = toupper(mem[ptr + i]);
        changed += c != mem[ptr + i];
        mem[ptr + i] = (uint8_t)c;
    }
    return changed;
}

void wasm2native_import_host__pair(void *vmctx, int64_t x, struct wasm2native_import_host__pair_results *r) {
    (void)vmctx;
    r->r0 = x * 2;
    r->r1 = 0.5;
}

/* Prints an error (and frees it); "ok" for success. */
static void show(const char *what, w2n_error *err) {
    int status;
    if (!err) {
        printf("%s: ok\n", what);
    } else if (w2n_error_exit_status(err, &status)) {
        printf("%s: exit %d (kind %d)\n", what, status, w2n_error_kind(err));
    } else {
        const char *msg = w2n_error_message(err);
        const char *nl = strchr(msg, '\n');
        int first = nl ? (int)(nl - msg) : (int)strlen(msg);
        printf("%s: kind %d trap %d \"%.*s\" backtrace %s\n", what, w2n_error_kind(err), w2n_error_trap_code(err),
               first, msg, *w2n_error_backtrace(err) ? "yes" : "no");
    }
    if (err) w2n_error_free(err);
}

static void must(const char *what, w2n_error *err) {
    if (err) {
        printf("%s failed: %s\n", what, w2n_error_message(err));
        exit(1);
    }
}

int main(void) {
    w2n_wasi *wasi = w2n_wasi_new();
    w2n_wasi_arg(wasi, "reactor");
    w2n_wasi_inherit_stdio(wasi);
    struct host ha = {0}, hb = {0};
    reactor_instance *a, *b, *none;
    must("instantiate a", reactor_instantiate(wasi, &ha, &a));
    must("instantiate b", reactor_instantiate(wasi, &hb, &b));
    show("instantiate without WASI", reactor_instantiate(NULL, NULL, &none));
    printf("no instance: %s\n", none == NULL ? "null" : "set");

    printf("globals: calls %d big %lld ratio %.9g pi %.17g\n", reactor_calls_get(a), (long long)reactor_big_get(a),
           reactor_ratio_get(a), reactor_pi_get(a));
    w2n_v128 lanes;
    reactor_lanes_get(a, &lanes);
    printf("lanes: %d %d %d %d\n", lanes.bytes[0], lanes.bytes[4], lanes.bytes[8], lanes.bytes[12]);

    int32_t i, j;
    int64_t l;
    float f;
    double d;
    must("add_i32", reactor_add_i32(a, 2, 3, &i));
    printf("= add_i32 2 3 -> %d\n", i);
    must("add_i32", reactor_add_i32(a, -7, 2147483647, &i));
    printf("= add_i32 -7 2147483647 -> %d\n", i);
    must("mix", reactor_mix(a, 3, 8589934593LL, 1.5f, 0.25, &d, &l, &f, &i));
    printf("= mix 3 8589934593 1.5 0.25 -> %.17g %lld %.9g %d\n", d, (long long)l, f, i);
    must("mix", reactor_mix(a, -1, -2, -0.125f, 1e300, NULL, &l, NULL, NULL));
    printf("mix with results not wanted: %lld\n", (long long)l);
    must("swap", reactor_swap(a, -9, 4, &i, &l));
    printf("= swap -9 4 -> %d %lld\n", i, (long long)l);
    must("div", reactor_div(a, -7, 2, &i));
    printf("= div -7 2 -> %d\n", i);
    must("load", reactor_load(a, 64, &i));
    printf("= load 64 -> %d\n", i);
    must("load_second", reactor_load_second(a, 100, &i));
    printf("= load_second 100 -> %d\n", i);

    w2n_v128 v = {{1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 250, 255, 255, 255}}, out;
    must("splat_add", reactor_splat_add(a, &v, 10, &out));
    printf("splat_add: %d %d %d %d\n", (int)*(int32_t *)&out.bytes[0], (int)*(int32_t *)&out.bytes[4],
           (int)*(int32_t *)&out.bytes[8], (int)*(int32_t *)&out.bytes[12]);
    void *fr0, *fr1, *ext;
    must("funcref_of", reactor_funcref_of(a, 0, &fr0));
    must("funcref_of", reactor_funcref_of(a, 1, &fr1));
    printf("funcref_of: %s %s\n", fr0 ? "function" : "null", fr1 ? "function" : "null");
    must("echo_extern", reactor_echo_extern(a, (void *)0x1234, &ext));
    printf("echo_extern: %p\n", ext);
    must("is_null", reactor_is_null(a, NULL, &i));
    must("is_null", reactor_is_null(a, &ha, &j));
    printf("is_null: %d %d\n", i, j);

    show("div by zero", reactor_div(a, 1, 0, &i));
    must("div after trap", reactor_div(a, 9, 3, &i));
    printf("div after trap: %d\n", i);
    show("trap", reactor_trap(a));
    show("load out of bounds", reactor_load(a, 65534, &i));
    show("deep recursion", reactor_deep(a, 0, &i));
    show("exit 7", reactor_exit(a, 7));
    show("exit 200", reactor_exit(a, 200));
    must("add after exit", reactor_add_i32(a, 40, 2, &i));
    printf("add after exit: %d\n", i);

    fflush(stdout);
    must("shout", reactor_shout(a, &i));
    printf("shout wrote %d bytes, upper called %d times (b: %d)\n", i, ha.upper_calls, hb.upper_calls);
    show("upper out of bounds", reactor_upper_at(a, 65530, 100, &i));
    must("upper_at", reactor_upper_at(a, 64, 2, &i));
    printf("upper_at after a host trap: %d changed\n", i);
    must("pair_sum", reactor_pair_sum(a, 5, &d));
    printf("pair_sum: %g\n", d);

    size_t size, size2;
    uint8_t *mem = reactor_memory(a, &size);
    uint8_t *second = reactor_second(a, &size2);
    printf("memory: %zu bytes \"%.5s\"; second: %zu bytes \"%.13s\"\n", size, mem + 64, size2, second + 100);
    memcpy(mem + 200, "\x2a\0\0\0", 4);
    must("load", reactor_load(a, 200, &i));
    must("load", reactor_load(b, 200, &j));
    printf("host write seen by a: %d, by b: %d\n", i, j);
    must("grow", reactor_grow(a, 1, &i));
    mem = reactor_memory(a, &size);
    printf("grow: old %d pages, now %zu bytes, byte 200 still %d\n", i, size, mem[200]);

    reactor_calls_set(a, 42);
    must("add_i32", reactor_add_i32(a, 0, 0, &i));
    printf("calls: a %d b %d\n", reactor_calls_get(a), reactor_calls_get(b));
    reactor_big_set(a, 1LL << 40);
    reactor_ratio_set(a, -2.5f);
    v.bytes[0] = 99;
    reactor_lanes_set(a, &v);
    reactor_lanes_get(a, &lanes);
    printf("set globals: big %lld ratio %g lanes[0] %d\n", (long long)reactor_big_get(a), reactor_ratio_get(a),
           lanes.bytes[0]);
    show("null instance", reactor_add_i32(NULL, 1, 2, &i));

    /* The guest's stdout as a pipe the host reads; and, by default, closed
       to the guest: its writes are discarded. */
    int fds[2];
    if (pipe(fds) != 0) return 1;
    w2n_wasi *piped = w2n_wasi_new(), *closed = w2n_wasi_new();
    w2n_wasi_stdout(piped, fds[1]);
    struct host hc = {0}, hd = {0};
    reactor_instance *c, *e;
    must("instantiate c", reactor_instantiate(piped, &hc, &c));
    must("instantiate e", reactor_instantiate(closed, &hd, &e));
    w2n_wasi_free(piped);
    must("shout", reactor_shout(c, &i));
    must("shout", reactor_shout(e, &j));
    close(fds[1]);
    char buf[64] = {0};
    ssize_t got = read(fds[0], buf, sizeof buf - 1);
    printf("piped stdout: %d bytes \"%.*s\"; closed stdout: wrote %d bytes\n", (int)got, (int)(got > 0 ? got - 1 : 0), buf, j);
    reactor_instance_free(c);
    reactor_instance_free(e);
    w2n_wasi_free(closed);

    reactor_instance_free(a);
    reactor_instance_free(b);
    w2n_wasi_free(wasi);
    printf("done\n");
    return 0;
}
