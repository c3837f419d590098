// build-clang: clang-22
// build-flags: -fwasm-exceptions -mllvm -wasm-enable-sjlj -mllvm -wasm-use-legacy-eh=false -Wno-deprecated c/support/sjlj_rt.c
/* setjmp/longjmp compiled to WebAssembly exceptions (try_table, throw):
 * a longjmp out of deep recursion, nested setjmp points in one function and
 * across functions, an error-recovery loop in a tiny expression evaluator,
 * and a million jumps (the exception objects must not pile up). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/sjlj.h"

static jmp_buf top;

static int dive(int n) {
    if (n == 0)
        longjmp(top, 42);
    return dive(n - 1) + 1;
}

/* An evaluator of "+-*" over single digits; errors longjmp to the caller. */
static jmp_buf on_error;
static const char *cursor;

static int number(void) {
    char c = *cursor++;
    if (c < '0' || c > '9')
        longjmp(on_error, c ? c : -1);
    return c - '0';
}

static int expr(void) {
    int v = number();
    while (*cursor == '+' || *cursor == '-' || *cursor == '*') {
        char op = *cursor++;
        int r = number();
        v = op == '+' ? v + r : op == '-' ? v - r : v * r;
    }
    if (*cursor)
        longjmp(on_error, *cursor);
    return v;
}

static void evaluate(const char *text) {
    int bad = setjmp(on_error);
    if (bad) {
        printf("eval \"%s\": error at '%c'\n", text, bad > 0 ? bad : '$');
        return;
    }
    cursor = text;
    printf("eval \"%s\" = %d\n", text, expr());
}

static int inner_level(jmp_buf outer, int which) {
    jmp_buf inner;
    int r = setjmp(inner);
    if (r)
        return 100 + r;
    if (which == 0)
        longjmp(inner, 5);
    longjmp(outer, 7);
}

static long counter;

static void bump(jmp_buf env, long i) {
    counter += i & 7;
    longjmp(env, (int)(i & 0xff) + 1);
}

int main(void) {
    int r = setjmp(top);
    if (r == 0) {
        printf("diving\n");
        dive(5000);
        printf("not reached\n");
    }
    printf("longjmp from depth 5000 gave %d\n", r);

    const char *inputs[] = {"1+2*3", "9-4", "7*", "2+x", "8*8-1", "", "3+4 "};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        evaluate(inputs[i]);

    jmp_buf outer;
    r = setjmp(outer);
    if (r == 0) {
        printf("inner jump: %d\n", inner_level(outer, 0));
        printf("outer jump next\n");
        inner_level(outer, 1);
    }
    printf("outer jump gave %d\n", r);

    long sum = 0;
    for (long i = 0; i < 1000000; i++) {
        jmp_buf env;
        int v = setjmp(env);
        if (v == 0)
            bump(env, i);
        sum += v;
    }
    printf("a million jumps: sum %ld counter %ld\n", sum, counter);
    return 0;
}
