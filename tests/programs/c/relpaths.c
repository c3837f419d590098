/* Relative paths: the harness grants a directory as "." (the usual
 * `--dir .`), so relative names resolve inside it; chdir moves the emulated
 * working directory; ".." stays capped at the grant. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"

static void show(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("read %-22s -> %s\n", path, errname(errno));
        return;
    }
    char buf[64] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[strcspn(buf, "\n")] = 0;
    printf("read %-22s -> %zu bytes: %s\n", path, n, buf);
}

static void list(const char *dir) {
    char *names[32];
    int n = sorted_entries(dir, names, 32);
    if (n < 0) {
        printf("list %s -> %s\n", dir, errname(errno));
        return;
    }
    printf("list %s ->", dir);
    for (int i = 0; i < n; i++) printf(" %s", names[i]), free(names[i]);
    printf("\n");
}

int main(void) {
    char cwd[128];
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : errname(errno));
    show("notes.txt");
    show("./notes.txt");
    show("sub/inner.txt");
    show("sub/../notes.txt");
    show("../notes.txt");
    FILE *f = fopen("created.txt", "w");
    fputs("made with a relative path\n", f);
    fclose(f);
    show("created.txt");
    list(".");
    printf("chdir sub: %s\n", chdir("sub") == 0 ? "ok" : errname(errno));
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : errname(errno));
    show("inner.txt");
    show("../notes.txt");
    show("../../notes.txt");
    list("..");
    printf("chdir /nowhere: %s\n", chdir("/nowhere") == 0 ? "ok" : errname(errno));
    printf("chdir ..: %s\n", chdir("..") == 0 ? "ok" : errname(errno));
    printf("unlink created.txt: %s\n", unlink("created.txt") == 0 ? "ok" : errname(errno));
    list(".");
    return 0;
}
