/* File I/O inside granted directories: /input (prepared by the harness) and
 * /sandbox (empty). Creates, writes, reads back, seeks, truncates, appends,
 * lists a directory (sorted), stats sizes, renames, unlinks, mkdir/rmdir,
 * and reports errno for the operations that must fail. Leaves
 * /sandbox/result.txt behind for the harness to check. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

static void report(const char *what, int rc) {
    if (rc < 0) printf("%s: failed %s (%s)\n", what, errname(errno), strerror(errno));
    else printf("%s: ok\n", what);
}

static long file_size(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    return (long)st.st_size;
}

static void list(const char *dir) {
    char *names[64];
    int n = sorted_entries(dir, names, 64);
    if (n < 0) {
        printf("opendir %s: failed %s\n", dir, errname(errno));
        return;
    }
    printf("listing of %s (%d entries):\n", dir, n);
    for (int i = 0; i < n; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) printf("  %s/\n", names[i]);
        else printf("  %s %ld bytes\n", names[i], file_size(path));
        free(names[i]);
    }
}

static void read_input(void) {
    FILE *f = fopen("/input/poem.txt", "r");
    if (!f) {
        printf("open /input/poem.txt: %s\n", errname(errno));
        return;
    }
    char line[128];
    int n = 0;
    while (fgets(line, sizeof line, f)) printf("poem line %d: %s", ++n, line);
    printf("poem: %d lines, %ld bytes\n", n, file_size("/input/poem.txt"));
    fclose(f);
}

static void write_and_read(void) {
    FILE *f = fopen("/sandbox/numbers.txt", "w");
    for (int i = 1; i <= 100; i++) fprintf(f, "%d%c", i * i, i % 10 ? ' ' : '\n');
    fclose(f);
    printf("numbers.txt size %ld\n", file_size("/sandbox/numbers.txt"));
    f = fopen("/sandbox/numbers.txt", "r");
    long sum = 0;
    int v, count = 0;
    while (fscanf(f, "%d", &v) == 1) sum += v, count++;
    printf("read back %d numbers, sum %ld\n", count, sum);
    fseek(f, 0, SEEK_END);
    long end = ftell(f);
    fseek(f, -9, SEEK_END);
    char tail[16] = {0};
    size_t got = fread(tail, 1, sizeof tail - 1, f);
    printf("end at %ld, last %zu bytes: %s", end, got, tail);
    rewind(f);
    char head[12] = {0};
    fread(head, 1, 11, f);
    printf("first 11 bytes: [%s]\n", head);
    fclose(f);
}

static void raw_fd(void) {
    int fd = open("/sandbox/raw.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    report("open raw.bin", fd);
    unsigned char buf[256];
    for (int i = 0; i < 256; i++) buf[i] = (unsigned char)i;
    printf("write %zd\n", write(fd, buf, sizeof buf));
    printf("lseek SEEK_SET 100 -> %lld\n", (long long)lseek(fd, 100, SEEK_SET));
    unsigned char in[4];
    printf("read %zd: %u %u %u %u\n", read(fd, in, 4), in[0], in[1], in[2], in[3]);
    printf("lseek SEEK_CUR -50 -> %lld\n", (long long)lseek(fd, -50, SEEK_CUR));
    printf("read %zd: %u\n", read(fd, in, 1), in[0]);
    printf("pwrite %zd at 1000 (past the end)\n", pwrite(fd, "XYZ", 3, 1000));
    printf("size after pwrite %ld\n", file_size("/sandbox/raw.bin"));
    printf("pread %zd: %c%c\n", pread(fd, in, 2, 1001), in[0], in[1]);
    printf("pread in hole %zd: %u\n", pread(fd, in, 1, 500), in[0]);
    report("ftruncate 10", ftruncate(fd, 10));
    printf("size after truncate %ld, read at 10 gives %zd\n", file_size("/sandbox/raw.bin"),
           pread(fd, in, 1, 10));
    report("close", close(fd));
    report("close again", close(fd));
    errno = 0;
    report("lseek on closed fd", (int)lseek(fd, 0, SEEK_SET));

    fd = open("/sandbox/raw.bin", O_WRONLY | O_CREAT | O_EXCL, 0644);
    report("O_EXCL on existing file", fd);
    fd = open("/sandbox/log.txt", O_WRONLY | O_CREAT | O_APPEND, 0644);
    write(fd, "one\n", 4);
    lseek(fd, 0, SEEK_SET);
    write(fd, "two\n", 4); /* O_APPEND: still goes to the end */
    close(fd);
    char text[16] = {0};
    fd = open("/sandbox/log.txt", O_RDONLY);
    read(fd, text, sizeof text - 1);
    close(fd);
    printf("append log: %s", text);
    report("open missing file", open("/sandbox/missing.txt", O_RDONLY));
    report("open directory for writing", open("/sandbox", O_WRONLY));
}

static void directories(void) {
    report("mkdir sub", mkdir("/sandbox/sub", 0755));
    report("mkdir sub again", mkdir("/sandbox/sub", 0755));
    report("mkdir sub/deeper", mkdir("/sandbox/sub/deeper", 0755));
    for (int i = 3; i >= 0; i--) {
        char path[64];
        snprintf(path, sizeof path, "/sandbox/sub/file-%d.dat", i);
        FILE *f = fopen(path, "wb");
        for (int k = 0; k < i * 100; k++) fputc('a' + k % 26, f);
        fclose(f);
    }
    list("/sandbox");
    list("/sandbox/sub");
    report("rename numbers.txt -> sub/moved.txt", rename("/sandbox/numbers.txt", "/sandbox/sub/moved.txt"));
    printf("old name size %ld, new name size %ld\n", file_size("/sandbox/numbers.txt"),
           file_size("/sandbox/sub/moved.txt"));
    report("rename missing", rename("/sandbox/nothing", "/sandbox/something"));
    report("rmdir non-empty sub", rmdir("/sandbox/sub"));
    report("unlink a directory", unlink("/sandbox/sub/deeper"));
    report("rmdir a file", rmdir("/sandbox/log.txt"));
    report("rmdir sub/deeper", rmdir("/sandbox/sub/deeper"));
    DIR *d = opendir("/sandbox/sub");
    struct dirent *e;
    int removed = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[300];
        snprintf(path, sizeof path, "/sandbox/sub/%s", e->d_name);
        if (unlink(path) == 0) removed++;
    }
    closedir(d);
    printf("unlinked %d files\n", removed);
    report("rmdir sub", rmdir("/sandbox/sub"));
    report("unlink raw.bin", unlink("/sandbox/raw.bin"));
    report("unlink raw.bin again", unlink("/sandbox/raw.bin"));
    list("/sandbox");
}

int main(void) {
    read_input();
    write_and_read();
    raw_fd();
    directories();
    FILE *f = fopen("/sandbox/result.txt", "w");
    fputs("done\n", f);
    fclose(f);
    report("unlink log.txt", unlink("/sandbox/log.txt"));
    list("/sandbox");
    return 0;
}
