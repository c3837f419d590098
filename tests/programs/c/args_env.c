/* Command-line arguments and environment: prints argc/argv (including empty
 * and non-ASCII arguments), looks up granted variables and ones the harness
 * set only in the host environment (which must stay invisible), walks
 * environ sorted, parses numeric arguments, and writes a line to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) printf("argv[%d]=[%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is %s\n", argv[argc] ? "not NULL" : "NULL");

    long sum = 0;
    int numeric = 0;
    for (int i = 1; i < argc; i++) {
        char *end;
        long v = strtol(argv[i], &end, 10);
        if (*argv[i] && !*end) sum += v, numeric++;
    }
    printf("numeric args: %d, sum %ld\n", numeric, sum);

    const char *names[] = {"GREETING", "EMPTY", "WITH_EQUALS", "UNICODE", "W2N_HOST_SECRET", "HOME", "PATH"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        if (v) printf("getenv(%s) = [%s]\n", names[i], v);
        else printf("getenv(%s) = NULL\n", names[i]);
    }

    int n = 0;
    while (environ[n]) n++;
    char **copy = malloc((size_t)(n + 1) * sizeof *copy);
    memcpy(copy, environ, (size_t)(n + 1) * sizeof *copy);
    qsort(copy, (size_t)n, sizeof *copy, cmp);
    printf("environ has %d entries:\n", n);
    for (int i = 0; i < n; i++) printf("  %s\n", copy[i]);
    free(copy);

    setenv("ADDED", "later", 1);
    unsetenv("GREETING");
    printf("after setenv/unsetenv: ADDED=%s GREETING=%s\n", getenv("ADDED"),
           getenv("GREETING") ? getenv("GREETING") : "(unset)");
    fprintf(stderr, "this line goes to stderr (argc=%d)\n", argc);
    return 0;
}
