/* A C program that traps (integer division by zero), for the debug-info
 * test (tests/tests/debug_info.rs): compiled with -g, its trap report
 * gives each wasm frame's source file and line. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) int divide(int a, int b) {
    return a / b;
}

int main(int argc, char **argv) {
    int d = argc > 1 ? atoi(argv[1]) : 0;
    printf("%d\n", divide(10, d));
    return 0;
}
