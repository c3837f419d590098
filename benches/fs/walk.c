/* A file-system-heavy workload (benches/fs): walks a directory tree as a
 * search tool does (opendir/readdir, a stat per entry, open, read, close)
 * and counts the lines of every regular file. The per-byte work is kept
 * light, so the time is the system calls and the WASI layer's own.
 *
 *   walk DIR    prints the directories, files, bytes and lines seen */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long files, dirs, bytes, lines;
static char buf[1 << 16];

static void search(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); exit(1); }
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        bytes += (size_t)n;
        for (ssize_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
    }
    close(fd);
}

static void walk(char *path, size_t len) {
    DIR *d = opendir(path);
    if (!d) { perror(path); exit(1); }
    dirs++;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t n = strlen(e->d_name);
        path[len] = '/';
        memcpy(path + len + 1, e->d_name, n + 1);
        struct stat st;
        if (stat(path, &st) != 0) { perror(path); exit(1); }
        if (S_ISDIR(st.st_mode))
            walk(path, len + 1 + n);
        else if (S_ISREG(st.st_mode)) {
            files++;
            search(path);
        }
        path[len] = 0;
    }
    closedir(d);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: walk DIR\n"); return 2; }
    static char path[4096];
    strcpy(path, argv[1]);
    walk(path, strlen(path));
    printf("%lu dirs, %lu files, %lu bytes, %lu lines\n", dirs, files, bytes, lines);
    return 0;
}
