/* exit(3) from a nested call, with an atexit handler and buffered output
 * that must be flushed; the code after exit must not run. */
#include <stdio.h>
#include <stdlib.h>

static void goodbye(void) { printf("atexit handler runs, buffered output is flushed\n"); }

static int depth(int n) {
    if (n == 5) {
        printf("exiting with status 3 at depth %d", n); /* no newline: still in the buffer */
        exit(3);
    }
    return depth(n + 1) + 1;
}

int main(void) {
    atexit(goodbye);
    fprintf(stderr, "stderr before exit\n");
    printf("result %d\n", depth(0));
    printf("not reached\n");
    return 0;
}
