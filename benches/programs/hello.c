/* The start-up benchmark: print one line and exit. */
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
