// build-clang: clang-22
// build-flags: -mtail-call -Wno-deprecated
/* Tail calls as clang emits them with -mtail-call (return_call,
 * return_call_indirect): a state machine and mutual recursion far deeper
 * than any stack, through direct calls and through function pointers. */
#include <stdio.h>

typedef unsigned long (*state_fn)(unsigned long n, unsigned long acc);

__attribute__((noinline)) static int is_even(unsigned long n);
__attribute__((noinline)) static int is_odd(unsigned long n) {
    if (n == 0)
        return 0;
    __attribute__((musttail)) return is_even(n - 1);
}
__attribute__((noinline)) static int is_even(unsigned long n) {
    if (n == 0)
        return 1;
    __attribute__((musttail)) return is_odd(n - 1);
}

static unsigned long s0(unsigned long n, unsigned long acc);
static unsigned long s1(unsigned long n, unsigned long acc);
static unsigned long s2(unsigned long n, unsigned long acc);
static state_fn volatile states[3] = {s0, s1, s2};

static unsigned long s0(unsigned long n, unsigned long acc) {
    if (n == 0)
        return acc;
    __attribute__((musttail)) return states[acc % 3](n - 1, acc * 31 + 1);
}
static unsigned long s1(unsigned long n, unsigned long acc) {
    if (n == 0)
        return acc;
    __attribute__((musttail)) return states[(acc >> 3) % 3](n - 1, acc ^ 0x5bd1e995);
}
static unsigned long s2(unsigned long n, unsigned long acc) {
    if (n == 0)
        return acc;
    __attribute__((musttail)) return states[(acc >> 7) % 3](n - 1, acc + n);
}

static unsigned long gcd(unsigned long a, unsigned long b) {
    if (b == 0)
        return a;
    __attribute__((musttail)) return gcd(b, a % b);
}

int main(void) {
    printf("is_even(100000000) = %d\n", is_even(100000000UL));
    printf("is_odd(77777777) = %d\n", is_odd(77777777UL));
    printf("state machine, 30M steps: %lu\n", s0(30000000UL, 7));
    printf("gcd(1071, 462) = %lu\n", gcd(1071, 462));
    return 0;
}
