// The bundled example: a small WASI program that greets its arguments,
// reads its environment and does some arithmetic, so one run shows the
// compiled executable working end to end.
//
// Rebuild: clang-16 --target=wasm32-wasi --sysroot=/usr -O2 hello.c -o hello.wasm
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long fib(unsigned n) {
    unsigned long long a = 0, b = 1;
    while (n--) {
        unsigned long long t = a + b;
        a = b;
        b = t;
    }
    return a;
}

static int cmp(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int main(int argc, char **argv) {
    printf("hello from wasm2native!\n");
    if (argc > 1) {
        qsort(argv + 1, argc - 1, sizeof *argv, cmp);
        for (int i = 1; i < argc; i++) printf("  arg %d: %s\n", i, argv[i]);
    }
    const char *user = getenv("USER");
    printf("USER is %s\n", user ? user : "not granted");
    printf("fib(90) = %llu\n", fib(90));
    return 0;
}
