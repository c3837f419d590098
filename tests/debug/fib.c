/* A C program for the debugger test (tests/tests/debug_info.rs): gdb on a
 * `wasm2native compile -g` build must stop at `fib` by name and show where
 * it is, file and line, down the whole backtrace. */
#include <stdio.h>
#include <stdlib.h>

static int calls;

__attribute__((noinline)) int fib(int n) {
    calls++;
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) int sum_fibs(int count) {
    int total = 0;
    for (int i = 0; i < count; i++)
        total += fib(i);
    return total;
}

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 10;
    int total = sum_fibs(count);
    printf("sum of the first %d Fibonacci numbers: %d (%d calls)\n", count, total, calls);
    return 0;
}
