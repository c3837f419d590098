/* Control flow without setjmp: goto-based state machines, nested loops with
 * break/continue, early returns, mutual recursion, deep (but bounded)
 * recursion, the Ackermann function, Towers of Hanoi, an N-queens
 * backtracking search, and error propagation through return codes. */
#include <stdio.h>
#include <string.h>

static volatile int vol_n = 8;

/* A tokenizer written as a goto state machine. */
static void lex(const char *s) {
    const char *p = s, *start;
    int numbers = 0, idents = 0, ops = 0;
    printf("lex \"%s\":", s);
next:
    while (*p == ' ') p++;
    if (!*p) goto done;
    start = p;
    if (*p >= '0' && *p <= '9') goto number;
    if ((*p >= 'a' && *p <= 'z') || *p == '_') goto ident;
    ops++;
    printf(" op(%c)", *p++);
    goto next;
number:
    while (*p >= '0' && *p <= '9') p++;
    numbers++;
    printf(" num(%.*s)", (int)(p - start), start);
    goto next;
ident:
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') p++;
    idents++;
    printf(" id(%.*s)", (int)(p - start), start);
    goto next;
done:
    printf(" => %d numbers, %d identifiers, %d operators\n", numbers, idents, ops);
}

/* Nested loops with labelled-style exits. */
static void loops(void) {
    int found_i = -1, found_j = -1;
    for (int i = 1; i < 50; i++) {
        for (int j = i; j < 50; j++) {
            if ((i * j) % 7 != 0) continue;
            if (i * i + j * j == 1225) { /* 35^2: first Pythagorean pair with 7 | i*j */
                found_i = i;
                found_j = j;
                goto out;
            }
        }
    }
out:
    printf("pythagorean with hypotenuse 35: %d %d\n", found_i, found_j);
    int primes = 0, last = 0;
    for (int n = 2; n < 10000; n++) {
        int d = 2;
        for (; d * d <= n; d++)
            if (n % d == 0) break;
        if (d * d <= n) continue;
        primes++;
        last = n;
    }
    printf("primes below 10000: %d, largest %d\n", primes, last);
    int x = 0, iterations = 0;
    do {
        x = (x * 5 + 3) % 64;
        iterations++;
    } while (x != 0 && iterations < 1000);
    printf("lcg cycle length: %d\n", iterations);
    /* collatz with a while loop and an early break */
    int longest = 0, arg = 0;
    for (int start = 1; start < 30000; start++) {
        long long c = start;
        int steps = 0;
        while (c != 1) {
            c = (c & 1) ? 3 * c + 1 : c / 2;
            if (++steps > 1000) break;
        }
        if (steps > longest) longest = steps, arg = start;
    }
    printf("longest collatz below 30000: %d steps from %d\n", longest, arg);
}

static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static unsigned long ackermann(unsigned long m, unsigned long n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int moves;
static void hanoi(int n, char from, char to, char via, int print) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to, print);
    moves++;
    if (print) printf(" %c%c", from, to);
    hanoi(n - 1, via, to, from, print);
}

static int queens(int row, int n, unsigned cols, unsigned d1, unsigned d2) {
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        if (cols >> c & 1 || d1 >> (row + c) & 1 || d2 >> (row - c + n) & 1) continue;
        count += queens(row + 1, n, cols | 1u << c, d1 | 1u << (row + c), d2 | 1u << (row - c + n));
    }
    return count;
}

/* Error propagation through return codes with cleanup gotos. */
static int step(int i, int fail_at) { return i == fail_at ? -i : 0; }
static int pipeline(int fail_at, char *log, size_t cap) {
    int rc = 0;
    log[0] = 0;
    if ((rc = step(1, fail_at))) goto fail1;
    strncat(log, "a", cap - strlen(log) - 1);
    if ((rc = step(2, fail_at))) goto fail2;
    strncat(log, "b", cap - strlen(log) - 1);
    if ((rc = step(3, fail_at))) goto fail3;
    strncat(log, "c", cap - strlen(log) - 1);
    return 0;
fail3:
    strncat(log, "~b", cap - strlen(log) - 1);
fail2:
    strncat(log, "~a", cap - strlen(log) - 1);
fail1:
    return rc;
}

static long deep(int n) { return n == 0 ? 0 : n + deep(n - 1) % 1000003; }

int main(void) {
    lex("x1 = foo_bar + 42*(y - 7) / z9");
    lex("   ");
    loops();
    printf("is_even(10001)=%d is_odd(777)=%d\n", is_even(10001), is_odd(777));
    for (unsigned long m = 0; m <= 3; m++) {
        printf("ackermann(%lu, n):", m);
        for (unsigned long n = 0; n <= 4; n++) printf(" %lu", ackermann(m, n));
        printf("\n");
    }
    printf("hanoi(4):");
    hanoi(4, 'A', 'C', 'B', 1);
    printf(" (%d moves)\n", moves);
    moves = 0;
    hanoi(18, 'A', 'C', 'B', 0);
    printf("hanoi(18): %d moves\n", moves);
    for (int n = 1; n <= vol_n; n++) printf("queens(%d) = %d\n", n, queens(0, n, 0, 0, 0));
    char log[16];
    for (int f = 0; f <= 3; f++) {
        int rc = pipeline(f, log, sizeof log);
        printf("pipeline fail_at=%d rc=%d log=%s\n", f, rc, log);
    }
    printf("deep(5000) = %ld\n", deep(5000));
    return 0;
}
