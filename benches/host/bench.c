/* The `bench` imports of the sightglass programs, linked into wasm2native
 * executables with `wasm2native compile benchmark.wasm --link bench.c`.
 *
 * bench.start reads the monotonic clock; bench.end reads it again and writes
 * the elapsed nanoseconds to stderr as one line "@@w2n-bench-ns <decimal>\n",
 * which the runner takes out of stderr before comparing it with the expected
 * output. host/bench.wat does the same for wasmtime.
 *
 * Import `bench.start` is the C symbol wasm2native_import_bench__start
 * (module and field joined by "__", each non-alphanumeric byte written as
 * "_xx"), called as (void *vmctx, <wasm params>). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t start_ns;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void wasm2native_import_bench__start(void *vmctx) {
    (void)vmctx;
    start_ns = now_ns();
}

void wasm2native_import_bench__end(void *vmctx) {
    (void)vmctx;
    uint64_t elapsed = now_ns() - start_ns;
    char line[64];
    int len = snprintf(line, sizeof line, "@@w2n-bench-ns %llu\n", (unsigned long long)elapsed);
    /* One write(2), unbuffered, so it cannot interleave with the guest's
     * stderr mid-line. */
    if (len > 0) {
        ssize_t ignored = write(2, line, (size_t)len);
        (void)ignored;
    }
}
