/* setjmp/longjmp on WebAssembly exceptions, for clang's
 * `-mllvm -wasm-enable-sjlj` (Debian's wasi-libc ships neither <setjmp.h>
 * nor libsetjmp): the declarations; sjlj_rt.c has the runtime. */
#ifndef __wasm__
/* A native build (the benchmarks compare one) has the C library's. */
#include <setjmp.h>
#else
#include <stdint.h>

typedef struct {
    void *func_invocation_id;
    uint32_t label;
    struct { void *env; int val; } arg;
} jmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));
#endif
