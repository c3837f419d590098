/* Returning 7 from main: the exit status of the process is main's value. */
#include <stdio.h>
#include <string.h>

static volatile int base = 3;

int main(int argc, char **argv) {
    (void)argv;
    int status = base * 2 + argc; /* argc is 1: status 7 */
    char msg[32];
    snprintf(msg, sizeof msg, "returning %d", status);
    puts(msg);
    fprintf(stderr, "%zu characters\n", strlen(msg));
    return status;
}
