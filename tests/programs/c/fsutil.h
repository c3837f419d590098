/* Shared by the file-system test programs: the symbolic name of an errno,
 * and a directory's entries sorted by name. */
#ifndef FSUTIL_H
#define FSUTIL_H
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static inline const char *errname(int e) {
    switch (e) {
    case 0: return "0";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case EISDIR: return "EISDIR";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOENT: return "ENOENT";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    case ENOTDIR: return "ENOTDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EPERM: return "EPERM";
    case EROFS: return "EROFS";
    case EXDEV: return "EXDEV";
    case ESPIPE: return "ESPIPE";
    default: return "E?";
    }
}
static inline int fsutil_cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fills names[0..max) with strdup'ed entry names of dir, sorted, without
 * "." and ".."; returns how many, or -1 (errno set) if dir cannot be opened. */
static inline int sorted_entries(const char *dir, char **names, int max) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], fsutil_cmp_names);
    return n;
}
#endif
