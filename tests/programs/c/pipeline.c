/* A filter in a pipeline: reads all of stdin (prepared by the harness),
 * reports line/word/byte counts, sorts and de-duplicates the lines,
 * rot13-encodes them, then writes more output than a pipe holds: a table
 * of generated lines with progress reports on stderr, and one single
 * 72 KiB fwrite (one large fd_write). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void rot13(char *s) {
    for (; *s; s++) {
        if (islower((unsigned char)*s)) *s = (char)('a' + (*s - 'a' + 13) % 26);
        else if (isupper((unsigned char)*s)) *s = (char)('A' + (*s - 'A' + 13) % 26);
    }
}

int main(void) {
    char *lines[256];
    int n = 0;
    size_t bytes = 0, words = 0, longest = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) > 0 && n < 256) {
        bytes += (size_t)len;
        if (line[len - 1] == '\n') line[--len] = 0;
        if ((size_t)len > longest) longest = (size_t)len;
        int in_word = 0;
        for (char *p = line; *p; p++) {
            if (isspace((unsigned char)*p)) in_word = 0;
            else if (!in_word) in_word = 1, words++;
        }
        lines[n++] = strdup(line);
    }
    free(line);
    printf("stdin: %d lines, %zu words, %zu bytes, longest line %zu, eof=%d\n", n, words, bytes, longest,
           feof(stdin) != 0);

    qsort(lines, (size_t)n, sizeof lines[0], cmp);
    puts("sorted, with counts:");
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && !strcmp(lines[i], lines[j])) j++;
        printf("%4d  [%s]\n", j - i, lines[i]);
        i = j;
    }
    puts("rot13:");
    for (int i = 0; i < n; i++) {
        rot13(lines[i]);
        printf("  %s\n", lines[i]);
        free(lines[i]);
    }

    unsigned h = 2166136261u;
    for (int i = 0; i < 1200; i++) {
        h = (h ^ (unsigned)i) * 16777619u;
        printf("%05d %08x %-20.*s|\n", i, h, i % 21, "abcdefghijklmnopqrstuvwxyz");
        if (i % 300 == 299) fprintf(stderr, "progress: %d lines written\n", i + 1);
    }

    size_t big = 72 * 1024;
    char *block = malloc(big);
    for (size_t i = 0; i < big; i++) block[i] = (i % 64 == 63) ? '\n' : (char)('!' + (i * 7 + i / 64) % 90);
    fflush(stdout);
    size_t written = fwrite(block, 1, big, stdout);
    free(block);
    fflush(stdout);
    fprintf(stderr, "big block: %zu of %zu bytes written\n", written, big);
    return 0;
}
