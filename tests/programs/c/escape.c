/* Attempts to leave the granted directory /sandbox, all of which must fail:
 * "..", absolute paths, paths outside any grant, and symlinks (prepared by
 * the harness) that point outside. Prints the errno for each, and shows that
 * ordinary access and an inside symlink still work. The harness checks
 * afterwards that nothing was created outside the sandbox. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

static void try_open(const char *path, int flags) {
    errno = 0;
    int fd = open(path, flags, 0644);
    if (fd >= 0) {
        char buf[64] = {0};
        ssize_t n = read(fd, buf, sizeof buf - 1);
        buf[strcspn(buf, "\n")] = 0;
        printf("open %-28s OPENED (read %zd: %s)\n", path, n, buf);
        close(fd);
    } else {
        printf("open %-28s failed %s (%s)\n", path, errname(errno), strerror(errno));
    }
}

static void outcome(const char *what, int rc) {
    if (rc == 0) printf("%-40s SUCCEEDED\n", what);
    else printf("%-40s failed %s\n", what, errname(errno));
}

int main(void) {
    puts("-- allowed");
    try_open("/sandbox/inside.txt", O_RDONLY);
    try_open("/sandbox/link_inside", O_RDONLY);
    try_open("/sandbox/sub/../inside.txt", O_RDONLY);

    puts("-- reading outside");
    try_open("/sandbox/../outside.txt", O_RDONLY);
    try_open("/sandbox/sub/../../outside.txt", O_RDONLY);
    try_open("../outside.txt", O_RDONLY);
    try_open("/etc/passwd", O_RDONLY);
    try_open("/outside.txt", O_RDONLY);
    try_open("/", O_RDONLY);
    try_open("/sandbox/link_up", O_RDONLY);
    try_open("/sandbox/link_abs", O_RDONLY);
    try_open("/sandbox/link_dir_up/outside.txt", O_RDONLY);

    puts("-- writing outside");
    try_open("/sandbox/../escaped.txt", O_WRONLY | O_CREAT);
    try_open("/escaped.txt", O_WRONLY | O_CREAT);
    try_open("/sandbox/link_up", O_WRONLY | O_TRUNC);
    errno = 0;
    outcome("mkdir /sandbox/../newdir", mkdir("/sandbox/../newdir", 0755));
    errno = 0;
    outcome("rename inside.txt -> ../stolen.txt",
            rename("/sandbox/inside.txt", "/sandbox/../stolen.txt"));
    errno = 0;
    outcome("unlink /sandbox/../outside.txt", unlink("/sandbox/../outside.txt"));

    puts("-- metadata outside");
    struct stat st;
    errno = 0;
    outcome("stat /sandbox/..", stat("/sandbox/..", &st));
    errno = 0;
    outcome("stat /sandbox/link_up (follows)", stat("/sandbox/link_up", &st));
    errno = 0;
    int rc = lstat("/sandbox/link_up", &st);
    printf("%-40s %s\n", "lstat /sandbox/link_up", rc == 0 && S_ISLNK(st.st_mode) ? "is a symlink" : errname(errno));
    char target[64] = {0};
    ssize_t n = readlink("/sandbox/link_up", target, sizeof target - 1);
    printf("%-40s %zd %s\n", "readlink /sandbox/link_up", n, n > 0 ? target : errname(errno));
    errno = 0;
    DIR *d = opendir("/sandbox/..");
    printf("%-40s %s\n", "opendir /sandbox/..", d ? "OPENED" : errname(errno));
    if (d) closedir(d);
    errno = 0;
    outcome("chdir /sandbox", chdir("/sandbox"));
    try_open("inside.txt", O_RDONLY);
    try_open("../outside.txt", O_RDONLY);
    return 0;
}
