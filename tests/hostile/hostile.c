/* A hostile WASI guest: calls wasi_snapshot_preview1 functions directly
 * (raw imports, every argument a plain integer) with out-of-bounds and
 * misaligned pointers, huge lengths, invalid and closed descriptors, bad
 * enum and flag values, and paths that try to leave the granted directory.
 *
 *   hostile list          prints every case name, one per line
 *   hostile CASE          runs one case and prints what each call returned
 *
 * The harness (tests/tests/hostile_guest.rs) runs every case under wasmtime
 * (to record the expected output, tests/hostile/expected.txt) and as a
 * wasm2native executable, with a fresh copy of this fixture granted as
 * /sandbox (fd 3):
 *
 *   sandbox/file.txt         "hello world\n"
 *   sandbox/dir/inner.txt    "inner"
 *   sandbox/empty_dir/
 *   sandbox/link_*           symlinks, see hostile_guest.rs
 *   outside/secret.txt       "secret", must never be reached
 *
 * A call the reference runtime refuses by ending the program (a pointer
 * out of bounds or misaligned) ends it here too; cases print "survived"
 * after such a call, so a runtime that carries on shows in the output.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t i32;
typedef int64_t i64;

#define WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))

WASI(args_get) i32 w_args_get(i32, i32);
WASI(args_sizes_get) i32 w_args_sizes_get(i32, i32);
WASI(environ_get) i32 w_environ_get(i32, i32);
WASI(environ_sizes_get) i32 w_environ_sizes_get(i32, i32);
WASI(clock_res_get) i32 w_clock_res_get(i32, i32);
WASI(clock_time_get) i32 w_clock_time_get(i32, i64, i32);
WASI(fd_advise) i32 w_fd_advise(i32, i64, i64, i32);
WASI(fd_allocate) i32 w_fd_allocate(i32, i64, i64);
WASI(fd_close) i32 w_fd_close(i32);
WASI(fd_datasync) i32 w_fd_datasync(i32);
WASI(fd_fdstat_get) i32 w_fd_fdstat_get(i32, i32);
WASI(fd_fdstat_set_flags) i32 w_fd_fdstat_set_flags(i32, i32);
WASI(fd_fdstat_set_rights) i32 w_fd_fdstat_set_rights(i32, i64, i64);
WASI(fd_filestat_get) i32 w_fd_filestat_get(i32, i32);
WASI(fd_filestat_set_size) i32 w_fd_filestat_set_size(i32, i64);
WASI(fd_filestat_set_times) i32 w_fd_filestat_set_times(i32, i64, i64, i32);
WASI(fd_pread) i32 w_fd_pread(i32, i32, i32, i64, i32);
WASI(fd_prestat_get) i32 w_fd_prestat_get(i32, i32);
WASI(fd_prestat_dir_name) i32 w_fd_prestat_dir_name(i32, i32, i32);
WASI(fd_pwrite) i32 w_fd_pwrite(i32, i32, i32, i64, i32);
WASI(fd_read) i32 w_fd_read(i32, i32, i32, i32);
WASI(fd_readdir) i32 w_fd_readdir(i32, i32, i32, i64, i32);
WASI(fd_renumber) i32 w_fd_renumber(i32, i32);
WASI(fd_seek) i32 w_fd_seek(i32, i64, i32, i32);
WASI(fd_sync) i32 w_fd_sync(i32);
WASI(fd_tell) i32 w_fd_tell(i32, i32);
WASI(fd_write) i32 w_fd_write(i32, i32, i32, i32);
WASI(path_create_directory) i32 w_path_create_directory(i32, i32, i32);
WASI(path_filestat_get) i32 w_path_filestat_get(i32, i32, i32, i32, i32);
WASI(path_filestat_set_times) i32 w_path_filestat_set_times(i32, i32, i32, i32, i64, i64, i32);
WASI(path_link) i32 w_path_link(i32, i32, i32, i32, i32, i32, i32);
WASI(path_open) i32 w_path_open(i32, i32, i32, i32, i32, i64, i64, i32, i32);
WASI(path_readlink) i32 w_path_readlink(i32, i32, i32, i32, i32, i32);
WASI(path_remove_directory) i32 w_path_remove_directory(i32, i32, i32);
WASI(path_rename) i32 w_path_rename(i32, i32, i32, i32, i32, i32);
WASI(path_symlink) i32 w_path_symlink(i32, i32, i32, i32, i32);
WASI(path_unlink_file) i32 w_path_unlink_file(i32, i32, i32);
WASI(poll_oneoff) i32 w_poll_oneoff(i32, i32, i32, i32);
WASI(proc_exit) _Noreturn void w_proc_exit(i32);
WASI(proc_raise) i32 w_proc_raise(i32);
WASI(sched_yield) i32 w_sched_yield(void);
WASI(random_get) i32 w_random_get(i32, i32);
WASI(sock_accept) i32 w_sock_accept(i32, i32, i32);
WASI(sock_recv) i32 w_sock_recv(i32, i32, i32, i32, i32, i32);
WASI(sock_send) i32 w_sock_send(i32, i32, i32, i32, i32);
WASI(sock_shutdown) i32 w_sock_shutdown(i32, i32);

/* ---- constants of wasi_snapshot_preview1 ---- */
#define R_FD_DATASYNC (1ull << 0)
#define R_FD_READ (1ull << 1)
#define R_FD_SEEK (1ull << 2)
#define R_FD_WRITE (1ull << 6)
#define R_ALL ((1ull << 30) - 1)
#define O_CREAT_ 1
#define O_DIRECTORY_ 2
#define O_EXCL_ 4
#define O_TRUNC_ 8
#define FOLLOW 1
#define PREOPEN 3

/* ---- output: straight to fd 1 through a valid iovec, unbuffered ---- */
static char out_buf[512];
static i32 out_iov[2] __attribute__((aligned(8)));
static i32 out_n;

static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out_buf, sizeof out_buf - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (n > (int)sizeof out_buf - 2) n = sizeof out_buf - 2;
    out_buf[n++] = '\n';
    int done = 0;
    while (done < n) {
        out_iov[0] = (i32)(uintptr_t)(out_buf + done);
        out_iov[1] = n - done;
        if (w_fd_write(1, (i32)(uintptr_t)out_iov, 1, (i32)(uintptr_t)&out_n) != 0 || out_n <= 0) return;
        done += out_n;
    }
}

/* Prints the errno of one call: "label: errno N". */
static i32 show(const char *label, i32 e) {
    say("%s: errno %d", label, e);
    return e;
}

/* ---- memory helpers ---- */
static uint32_t mem_end(void) { return (uint32_t)__builtin_wasm_memory_size(0) * 65536u; }
#define P(x) ((i32)(uintptr_t)(x))
/* An address whose `n` bytes straddle the end of memory. */
#define STRADDLE(n) ((i32)(mem_end() - (n) / 2))
/* Near the top of the 32-bit space: `ptr + len` wraps. */
#define WRAP ((i32)0xFFFFFFF0u)

static char buf[4096] __attribute__((aligned(16)));
static i32 iov[8] __attribute__((aligned(16)));
static uint64_t res64[8] __attribute__((aligned(16)));
static i32 res32[8] __attribute__((aligned(16)));
static uint8_t big_struct[256] __attribute__((aligned(16)));

static i32 plen(const char *s) { return (i32)strlen(s); }
#define PATH(s) P(s), plen(s)

/* Opens `path` below the preopen; returns the fd or -errno. */
static i32 open_at(i32 dir, const char *path, i32 oflags, uint64_t rights, i32 fdflags) {
    i32 e = w_path_open(dir, FOLLOW, PATH(path), oflags, (i64)rights, (i64)rights, fdflags, P(&res32[7]));
    return e ? -e : res32[7];
}
static i32 open_file(void) { return open_at(PREOPEN, "file.txt", 0, R_FD_READ | R_FD_WRITE | R_FD_SEEK, 0); }
static i32 open_ro(void) { return open_at(PREOPEN, "file.txt", 0, R_FD_READ, 0); }
static i32 open_dir(void) { return open_at(PREOPEN, "dir", O_DIRECTORY_, R_FD_READ, 0); }
static i32 closed_fd(void) {
    i32 fd = open_ro();
    w_fd_close(fd);
    return fd;
}

static void set_iov(int i, i32 ptr, i32 len) {
    iov[2 * i] = ptr;
    iov[2 * i + 1] = len;
}

/* Lists directory `fd` whole, in small slices (cookies), as "name/type"
 * pairs sorted by name (the host's order depends on the file system);
 * returns the errno of the first failing call. */
static char names[64][72];
static int nnames;
static int cmp_names(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }
static i32 list_dir(i32 fd, char *out, size_t cap) {
    static uint8_t dbuf[96] __attribute__((aligned(8)));
    uint64_t cookie = 0;
    nnames = 0;
    for (;;) {
        i32 e = w_fd_readdir(fd, P(dbuf), sizeof dbuf, (i64)cookie, P(res32));
        if (e) return e;
        uint32_t used = (uint32_t)res32[0], at = 0;
        int whole = 0;
        while (at + 24 <= used) {
            uint64_t next;
            uint32_t namlen;
            memcpy(&next, dbuf + at, 8);
            memcpy(&namlen, dbuf + at + 16, 4);
            if (at + 24 + namlen > used) break;
            if (nnames < 64) {
                snprintf(names[nnames], sizeof names[0], "%.*s/%u", (int)(namlen < 60 ? namlen : 60),
                         (const char *)dbuf + at + 24, dbuf[at + 20]);
                nnames++;
            }
            cookie = next;
            at += 24 + namlen;
            whole++;
        }
        if (used < sizeof dbuf) break; /* the end of the listing */
        if (!whole) return -1;         /* an entry larger than the buffer */
    }
    qsort(names, nnames, sizeof names[0], cmp_names);
    size_t n = 0;
    out[0] = 0;
    for (int i = 0; i < nnames && n + 1 < cap; i++) n += snprintf(out + n, cap - n, "%s ", names[i]);
    return 0;
}

#define CASE(name) static void name(void)
#define SURVIVED(e) say("survived: errno %d", (e))

/* ======================================================================
 * Out-of-bounds, wrapping and misaligned pointers, one function at a time.
 * ====================================================================== */

CASE(ptr_args_sizes_get_argc_oob) { SURVIVED(w_args_sizes_get(STRADDLE(4), P(res32))); }
CASE(ptr_args_sizes_get_size_oob) { SURVIVED(w_args_sizes_get(P(res32), WRAP)); }
CASE(ptr_args_sizes_get_misaligned) { SURVIVED(w_args_sizes_get(P(res32) + 1, P(res32 + 2))); }
CASE(ptr_args_get_argv_oob) { SURVIVED(w_args_get(STRADDLE(4), P(buf))); }
CASE(ptr_args_get_buf_oob) { SURVIVED(w_args_get(P(res32), mem_end() - 3)); }
CASE(ptr_args_get_buf_wrap) { SURVIVED(w_args_get(P(res32), WRAP)); }
CASE(ptr_args_get_argv_misaligned) { SURVIVED(w_args_get(P(res32) + 2, P(buf))); }
CASE(ptr_environ_sizes_get_oob) { SURVIVED(w_environ_sizes_get(P(res32), STRADDLE(4))); }
CASE(ptr_environ_get_oob) { SURVIVED(w_environ_get(WRAP, WRAP)); }
CASE(ptr_clock_res_get_oob) { SURVIVED(w_clock_res_get(0, STRADDLE(8))); }
CASE(ptr_clock_res_get_misaligned) { SURVIVED(w_clock_res_get(0, P(res64) + 4)); }
CASE(ptr_clock_time_get_oob) { SURVIVED(w_clock_time_get(1, 0, WRAP)); }
CASE(ptr_clock_time_get_misaligned) { SURVIVED(w_clock_time_get(1, 0, P(res64) + 1)); }
CASE(ptr_fd_fdstat_get_oob) { SURVIVED(w_fd_fdstat_get(1, STRADDLE(24))); }
CASE(ptr_fd_fdstat_get_misaligned) { SURVIVED(w_fd_fdstat_get(1, P(big_struct) + 4)); }
CASE(ptr_fd_fdstat_get_badfd_oob) { SURVIVED(w_fd_fdstat_get(99, WRAP)); }
CASE(ptr_fd_filestat_get_oob) { SURVIVED(w_fd_filestat_get(PREOPEN, STRADDLE(64))); }
CASE(ptr_fd_filestat_get_misaligned) { SURVIVED(w_fd_filestat_get(PREOPEN, P(big_struct) + 2)); }
CASE(ptr_fd_prestat_get_oob) { SURVIVED(w_fd_prestat_get(PREOPEN, STRADDLE(8))); }
CASE(ptr_fd_prestat_get_misaligned) { SURVIVED(w_fd_prestat_get(PREOPEN, P(big_struct) + 1)); }
CASE(ptr_fd_prestat_get_badfd_oob) { SURVIVED(w_fd_prestat_get(99, WRAP)); }
CASE(ptr_fd_prestat_dir_name_oob) { SURVIVED(w_fd_prestat_dir_name(PREOPEN, STRADDLE(8), 8)); }
CASE(ptr_fd_prestat_dir_name_wrap) { SURVIVED(w_fd_prestat_dir_name(PREOPEN, WRAP, 100)); }
CASE(ptr_fd_prestat_dir_name_short) { show("short", w_fd_prestat_dir_name(PREOPEN, P(buf), 3)); }
CASE(ptr_fd_prestat_dir_name_notpreopen_oob) { SURVIVED(w_fd_prestat_dir_name(1, WRAP, 100)); }

/* fd_write / fd_read / fd_pwrite / fd_pread: the iovec array, the buffers,
 * the result. */
CASE(ptr_fd_write_iovs_oob) { SURVIVED(w_fd_write(1, STRADDLE(8), 1, P(res32))); }
CASE(ptr_fd_write_iovs_wrap) { SURVIVED(w_fd_write(1, WRAP, 4, P(res32))); }
CASE(ptr_fd_write_iovs_misaligned) { SURVIVED(w_fd_write(1, P(iov) + 2, 1, P(res32))); }
CASE(ptr_fd_write_buf_oob) {
    set_iov(0, mem_end() - 2, 4);
    SURVIVED(w_fd_write(1, P(iov), 1, P(res32)));
}
CASE(ptr_fd_write_buf_wrap) {
    set_iov(0, WRAP, 0x20);
    SURVIVED(w_fd_write(1, P(iov), 1, P(res32)));
}
CASE(ptr_fd_write_nwritten_oob) {
    strcpy(buf, "data\n");
    set_iov(0, P(buf), 5);
    SURVIVED(w_fd_write(1, P(iov), 1, STRADDLE(4)));
}
CASE(ptr_fd_write_nwritten_misaligned) {
    strcpy(buf, "data\n");
    set_iov(0, P(buf), 5);
    SURVIVED(w_fd_write(1, P(iov), 1, P(res32) + 1));
}
CASE(ptr_fd_write_second_iov_oob) {
    /* Only the first non-empty buffer is written (as wasmtime does): the
     * second one is never looked at. */
    strcpy(buf, "first\n");
    set_iov(0, P(buf), 6);
    set_iov(1, WRAP, 100);
    show("write", w_fd_write(1, P(iov), 2, P(res32)));
    say("nwritten %d", res32[0]);
}
CASE(ptr_fd_write_empty_then_oob) {
    set_iov(0, P(buf), 0);
    set_iov(1, mem_end() - 1, 2);
    SURVIVED(w_fd_write(1, P(iov), 2, P(res32)));
}
CASE(ptr_fd_write_all_empty) {
    set_iov(0, mem_end(), 0);
    set_iov(1, WRAP, 0);
    show("write", w_fd_write(1, P(iov), 2, P(res32)));
    say("nwritten %d", res32[0]);
}
CASE(ptr_fd_write_zero_iovs_oob_array) {
    show("write", w_fd_write(1, WRAP, 0, P(res32)));
    say("nwritten %d", res32[0]);
}
CASE(ptr_fd_write_badfd_buf_oob) {
    set_iov(0, mem_end() - 2, 4);
    show("write", w_fd_write(99, P(iov), 1, P(res32)));
}
CASE(ptr_fd_write_badfd_iovs_oob) { SURVIVED(w_fd_write(99, WRAP, 1, P(res32))); }
CASE(ptr_fd_read_file_buf_oob) {
    i32 fd = open_ro();
    set_iov(0, mem_end() - 4, 8);
    SURVIVED(w_fd_read(fd, P(iov), 1, P(res32)));
}
CASE(ptr_fd_read_iovs_oob) {
    i32 fd = open_ro();
    SURVIVED(w_fd_read(fd, STRADDLE(8), 1, P(res32)));
}
CASE(ptr_fd_read_nread_oob) {
    i32 fd = open_ro();
    set_iov(0, P(buf), 5);
    SURVIVED(w_fd_read(fd, P(iov), 1, WRAP));
}
CASE(ptr_fd_read_nread_misaligned) {
    i32 fd = open_ro();
    set_iov(0, P(buf), 5);
    SURVIVED(w_fd_read(fd, P(iov), 1, P(res32) + 3));
}
CASE(ptr_fd_read_two_iovs) {
    i32 fd = open_ro();
    memset(buf, 0, 64);
    set_iov(0, P(buf), 3);
    set_iov(1, P(buf + 32), 8);
    show("read", w_fd_read(fd, P(iov), 2, P(res32)));
    say("nread %d: %.3s|%.8s", res32[0], buf, buf + 32);
    show("read again", w_fd_read(fd, P(iov), 2, P(res32)));
    say("nread %d: %.3s", res32[0], buf);
}
CASE(ptr_fd_read_stdin_buf_oob) {
    set_iov(0, mem_end() - 4, 8);
    show("read", w_fd_read(0, P(iov), 1, P(res32)));
    say("nread %d", res32[0]);
}
CASE(ptr_fd_pread_buf_oob) {
    i32 fd = open_ro();
    set_iov(0, mem_end() - 4, 8);
    SURVIVED(w_fd_pread(fd, P(iov), 1, 0, P(res32)));
}
CASE(ptr_fd_pread_buf_oob_at_eof) {
    i32 fd = open_ro();
    set_iov(0, mem_end() - 4, 8);
    show("pread", w_fd_pread(fd, P(iov), 1, 1000, P(res32)));
    say("nread %d", res32[0]);
}
CASE(ptr_fd_pread_nread_oob) {
    i32 fd = open_ro();
    set_iov(0, P(buf), 4);
    SURVIVED(w_fd_pread(fd, P(iov), 1, 0, STRADDLE(4)));
}
CASE(ptr_fd_pwrite_buf_oob) {
    i32 fd = open_file();
    set_iov(0, mem_end() - 4, 8);
    SURVIVED(w_fd_pwrite(fd, P(iov), 1, 0, P(res32)));
}
CASE(ptr_fd_pwrite_iovs_wrap) {
    i32 fd = open_file();
    SURVIVED(w_fd_pwrite(fd, WRAP, 3, 0, P(res32)));
}
CASE(ptr_fd_pwrite_nwritten_oob) {
    i32 fd = open_file();
    set_iov(0, P("XY"), 2);
    SURVIVED(w_fd_pwrite(fd, P(iov), 1, 0, WRAP));
}

CASE(ptr_fd_readdir_buf_oob) { SURVIVED(w_fd_readdir(PREOPEN, mem_end() - 10, 100, 0, P(res32))); }
CASE(ptr_fd_readdir_buf_wrap) { SURVIVED(w_fd_readdir(PREOPEN, WRAP, 0x100, 0, P(res32))); }
CASE(ptr_fd_readdir_bufused_oob) { SURVIVED(w_fd_readdir(PREOPEN, P(buf), 100, 0, STRADDLE(4))); }
CASE(ptr_fd_readdir_bufused_misaligned) { SURVIVED(w_fd_readdir(PREOPEN, P(buf), 100, 0, P(res32) + 2)); }
CASE(ptr_fd_readdir_zero_len_oob) {
    show("readdir", w_fd_readdir(PREOPEN, WRAP, 0, 0, P(res32)));
    say("bufused %d", res32[0]);
}
CASE(ptr_fd_readdir_badfd_oob) { SURVIVED(w_fd_readdir(99, WRAP, 100, 0, WRAP)); }
CASE(ptr_fd_seek_result_oob) {
    i32 fd = open_ro();
    SURVIVED(w_fd_seek(fd, 3, 0, STRADDLE(8)));
    show("tell", w_fd_tell(fd, P(res64)));
}
CASE(ptr_fd_seek_result_misaligned) {
    i32 fd = open_ro();
    SURVIVED(w_fd_seek(fd, 3, 0, P(res64) + 4));
}
CASE(ptr_fd_tell_oob) {
    i32 fd = open_ro();
    SURVIVED(w_fd_tell(fd, WRAP));
}
CASE(ptr_fd_seek_badfd_oob) { SURVIVED(w_fd_seek(99, 0, 0, WRAP)); }

/* Path strings. */
CASE(ptr_path_open_path_oob) { SURVIVED(w_path_open(PREOPEN, 0, mem_end() - 2, 4, 0, R_FD_READ, 0, 0, P(res32))); }
CASE(ptr_path_open_path_wrap) { SURVIVED(w_path_open(PREOPEN, 0, WRAP, 0x20, 0, R_FD_READ, 0, 0, P(res32))); }
CASE(ptr_path_open_badfd_path_oob) { SURVIVED(w_path_open(99, 0, WRAP, 0x20, 0, R_FD_READ, 0, 0, P(res32))); }
CASE(ptr_path_open_result_oob) {
    SURVIVED(w_path_open(PREOPEN, 0, PATH("created.txt"), O_CREAT_, R_FD_READ | R_FD_WRITE, 0, 0, STRADDLE(4)));
}
CASE(ptr_path_open_result_misaligned) {
    SURVIVED(w_path_open(PREOPEN, 0, PATH("file.txt"), 0, R_FD_READ, 0, 0, P(res32) + 1));
}
CASE(ptr_path_open_empty_path_oob) {
    show("open", w_path_open(PREOPEN, 0, WRAP, 0, 0, R_FD_READ, 0, 0, P(res32)));
}
CASE(ptr_path_create_directory_oob) { SURVIVED(w_path_create_directory(PREOPEN, mem_end() - 1, 2)); }
CASE(ptr_path_create_directory_badfd_oob) { SURVIVED(w_path_create_directory(99, WRAP, 0x20)); }
CASE(ptr_path_remove_directory_oob) { SURVIVED(w_path_remove_directory(PREOPEN, WRAP, 0x20)); }
CASE(ptr_path_unlink_file_oob) { SURVIVED(w_path_unlink_file(PREOPEN, mem_end() - 1, 2)); }
CASE(ptr_path_unlink_file_badfd_oob) { SURVIVED(w_path_unlink_file(99, WRAP, 0x20)); }
CASE(ptr_path_filestat_get_path_oob) { SURVIVED(w_path_filestat_get(PREOPEN, 0, WRAP, 0x20, P(big_struct))); }
CASE(ptr_path_filestat_get_stat_oob) { SURVIVED(w_path_filestat_get(PREOPEN, 0, PATH("file.txt"), STRADDLE(64))); }
CASE(ptr_path_filestat_get_stat_misaligned) { SURVIVED(w_path_filestat_get(PREOPEN, 0, PATH("file.txt"), P(big_struct) + 4)); }
CASE(ptr_path_filestat_get_missing_stat_oob) { show("stat", w_path_filestat_get(PREOPEN, 0, PATH("missing"), WRAP)); }
CASE(ptr_path_filestat_set_times_oob) { SURVIVED(w_path_filestat_set_times(PREOPEN, 0, WRAP, 0x20, 0, 0, 0)); }
CASE(ptr_path_link_old_oob) { SURVIVED(w_path_link(PREOPEN, 0, WRAP, 0x20, PREOPEN, PATH("hl"))); }
CASE(ptr_path_link_new_oob) { SURVIVED(w_path_link(PREOPEN, 0, PATH("file.txt"), PREOPEN, mem_end() - 1, 4)); }
CASE(ptr_path_rename_old_oob) { SURVIVED(w_path_rename(PREOPEN, WRAP, 0x20, PREOPEN, PATH("moved"))); }
CASE(ptr_path_rename_new_oob) { SURVIVED(w_path_rename(PREOPEN, PATH("file.txt"), PREOPEN, mem_end() - 1, 4)); }
CASE(ptr_path_rename_badfd_oob) { SURVIVED(w_path_rename(PREOPEN, WRAP, 0x20, 99, WRAP, 0x20)); }
CASE(ptr_path_symlink_old_oob) { SURVIVED(w_path_symlink(WRAP, 0x20, PREOPEN, PATH("sl"))); }
CASE(ptr_path_symlink_new_oob) { SURVIVED(w_path_symlink(PATH("file.txt"), PREOPEN, mem_end() - 1, 4)); }
CASE(ptr_path_readlink_path_oob) { SURVIVED(w_path_readlink(PREOPEN, WRAP, 0x20, P(buf), 100, P(res32))); }
CASE(ptr_path_readlink_buf_oob) { SURVIVED(w_path_readlink(PREOPEN, PATH("link_file"), mem_end() - 2, 100, P(res32))); }
CASE(ptr_path_readlink_buf_wrap) { SURVIVED(w_path_readlink(PREOPEN, PATH("link_file"), WRAP, 100, P(res32))); }
CASE(ptr_path_readlink_used_oob) { SURVIVED(w_path_readlink(PREOPEN, PATH("link_file"), P(buf), 100, STRADDLE(4))); }
CASE(ptr_path_readlink_short_buf) {
    memset(buf, 0, 16);
    show("readlink", w_path_readlink(PREOPEN, PATH("link_file"), P(buf), 3, P(res32)));
    say("used %d: %s", res32[0], buf);
}
CASE(ptr_path_readlink_zero_buf_oob) {
    show("readlink", w_path_readlink(PREOPEN, PATH("link_file"), WRAP, 0, P(res32)));
    say("used %d", res32[0]);
}

/* poll_oneoff: subscriptions, events, count. */
static uint8_t subs[4 * 48] __attribute__((aligned(8)));
static uint8_t events[4 * 32] __attribute__((aligned(8)));
static void sub_clock(int i, uint64_t userdata, i32 clock, uint64_t timeout, uint16_t flags) {
    uint8_t *s = subs + 48 * i;
    memset(s, 0, 48);
    memcpy(s, &userdata, 8);
    s[8] = 0;
    memcpy(s + 16, &clock, 4);
    memcpy(s + 24, &timeout, 8);
    memcpy(s + 40, &flags, 2);
}
static void sub_fd(int i, uint64_t userdata, uint8_t tag, i32 fd) {
    uint8_t *s = subs + 48 * i;
    memset(s, 0, 48);
    memcpy(s, &userdata, 8);
    s[8] = tag;
    memcpy(s + 16, &fd, 4);
}
static void show_events(i32 n) {
    for (i32 i = 0; i < n && i < 4; i++) {
        uint8_t *e = events + 32 * i;
        uint64_t ud, nbytes;
        uint16_t err, flags;
        memcpy(&ud, e, 8);
        memcpy(&err, e + 8, 2);
        memcpy(&nbytes, e + 16, 8);
        memcpy(&flags, e + 24, 2);
        say("event %d: userdata %llu error %u type %u nbytes %llu flags %u", (int)i, (unsigned long long)ud, err,
            e[10], (unsigned long long)nbytes, flags);
    }
}
CASE(ptr_poll_subs_oob) { SURVIVED(w_poll_oneoff(STRADDLE(48), P(events), 1, P(res32))); }
CASE(ptr_poll_subs_wrap) { SURVIVED(w_poll_oneoff(WRAP, P(events), 2, P(res32))); }
CASE(ptr_poll_subs_misaligned) {
    sub_clock(0, 1, 1, 1000, 0);
    SURVIVED(w_poll_oneoff(P(subs) + 4, P(events), 1, P(res32)));
}
CASE(ptr_poll_events_oob) {
    sub_clock(0, 7, 1, 1000, 0);
    SURVIVED(w_poll_oneoff(P(subs), STRADDLE(32), 1, P(res32)));
}
CASE(ptr_poll_events_oob_two) {
    sub_clock(0, 7, 1, 1000, 0);
    sub_clock(1, 8, 1, 1000000000, 0);
    SURVIVED(w_poll_oneoff(P(subs), WRAP, 2, P(res32)));
}
CASE(ptr_poll_nevents_oob) {
    sub_clock(0, 7, 1, 1000, 0);
    SURVIVED(w_poll_oneoff(P(subs), P(events), 1, WRAP));
}
CASE(ptr_poll_nevents_misaligned) {
    sub_clock(0, 7, 1, 1000, 0);
    sub_clock(1, 8, 0, 1000, 0);
    SURVIVED(w_poll_oneoff(P(subs), P(events), 2, P(res32) + 1));
}
CASE(ptr_poll_second_sub_oob) {
    /* The array as a whole reaches past the end: the first subscription is
     * fine, the second is not. */
    uint32_t at = mem_end() - 48 - 24;
    memset((void *)(uintptr_t)at, 0, 48 + 24);
    SURVIVED(w_poll_oneoff((i32)at, P(events), 2, P(res32)));
}

CASE(ptr_random_get_oob) { SURVIVED(w_random_get(mem_end() - 4, 8)); }
CASE(ptr_random_get_wrap) { SURVIVED(w_random_get(WRAP, 0x20)); }
CASE(ptr_random_get_zero_at_end) { show("random", w_random_get(mem_end(), 0)); }
CASE(ptr_random_get_zero_past_end) { SURVIVED(w_random_get(mem_end() + 8, 0)); }
CASE(ptr_sock_accept_oob) { SURVIVED(w_sock_accept(PREOPEN, 0, WRAP)); }
CASE(ptr_sock_recv_oob) { SURVIVED(w_sock_recv(PREOPEN, WRAP, 4, 0, WRAP, WRAP)); }
CASE(ptr_sock_send_oob) { SURVIVED(w_sock_send(1, WRAP, 4, 0, WRAP)); }
CASE(ptr_sock_recv_badfd_oob) { SURVIVED(w_sock_recv(99, WRAP, 4, 0, WRAP, WRAP)); }

CASE(ptr_after_memory_grow) {
    uint32_t old_end = mem_end();
    if (__builtin_wasm_memory_grow(0, 1) == (size_t)-1) {
        say("grow failed");
        return;
    }
    char *p = (char *)(uintptr_t)old_end;
    memcpy(p, "grown\n", 6);
    set_iov(0, (i32)old_end, 6);
    show("write from new page", w_fd_write(1, P(iov), 1, P(res32)));
    show("random into last bytes", w_random_get(mem_end() - 8, 8));
}

/* ======================================================================
 * Descriptors: never opened, closed, of the wrong kind, renumbered.
 * ====================================================================== */

static void every_fd_function(i32 fd) {
    char label[64];
#define T(name, call)                                 \
    do {                                              \
        snprintf(label, sizeof label, "%s", name);    \
        show(label, call);                            \
    } while (0)
    strcpy(buf, "x");
    set_iov(0, P(buf), 1);
    T("fd_advise", w_fd_advise(fd, 0, 0, 0));
    T("fd_allocate", w_fd_allocate(fd, 0, 1));
    T("fd_datasync", w_fd_datasync(fd));
    T("fd_fdstat_get", w_fd_fdstat_get(fd, P(big_struct)));
    T("fd_fdstat_set_flags", w_fd_fdstat_set_flags(fd, 0));
    T("fd_fdstat_set_rights", w_fd_fdstat_set_rights(fd, 0, 0));
    T("fd_filestat_get", w_fd_filestat_get(fd, P(big_struct)));
    T("fd_filestat_set_size", w_fd_filestat_set_size(fd, 0));
    T("fd_filestat_set_times", w_fd_filestat_set_times(fd, 0, 0, 0));
    T("fd_pread", w_fd_pread(fd, P(iov), 1, 0, P(res32)));
    T("fd_prestat_get", w_fd_prestat_get(fd, P(big_struct)));
    T("fd_prestat_dir_name", w_fd_prestat_dir_name(fd, P(buf + 100), 100));
    T("fd_pwrite", w_fd_pwrite(fd, P(iov), 1, 0, P(res32)));
    T("fd_read", w_fd_read(fd, P(iov), 1, P(res32)));
    T("fd_readdir", w_fd_readdir(fd, P(buf + 200), 100, 0, P(res32)));
    T("fd_seek", w_fd_seek(fd, 0, 1, P(res64)));
    T("fd_sync", w_fd_sync(fd));
    T("fd_tell", w_fd_tell(fd, P(res64)));
    T("fd_write", w_fd_write(fd, P(iov), 0, P(res32)));
    T("path_create_directory", w_path_create_directory(fd, PATH("newdir")));
    T("path_filestat_get", w_path_filestat_get(fd, 0, PATH("file.txt"), P(big_struct)));
    T("path_filestat_set_times", w_path_filestat_set_times(fd, 0, PATH("file.txt"), 0, 0, 0));
    T("path_link_src", w_path_link(fd, 0, PATH("file.txt"), PREOPEN, PATH("hl")));
    T("path_link_dst", w_path_link(PREOPEN, 0, PATH("file.txt"), fd, PATH("hl")));
    T("path_open", w_path_open(fd, 0, PATH("file.txt"), 0, R_FD_READ, 0, 0, P(res32)));
    T("path_readlink", w_path_readlink(fd, PATH("link_file"), P(buf + 300), 100, P(res32)));
    T("path_remove_directory", w_path_remove_directory(fd, PATH("empty_dir")));
    T("path_rename_src", w_path_rename(fd, PATH("nothing"), PREOPEN, PATH("moved")));
    T("path_rename_dst", w_path_rename(PREOPEN, PATH("nothing"), fd, PATH("moved")));
    T("path_symlink", w_path_symlink(PATH("file.txt"), fd, PATH("sl")));
    T("path_unlink_file", w_path_unlink_file(fd, PATH("nothing")));
    T("sock_accept", w_sock_accept(fd, 0, P(res32)));
    T("sock_recv", w_sock_recv(fd, P(iov), 1, 0, P(res32), P(res32 + 1)));
    T("sock_send", w_sock_send(fd, P(iov), 1, 0, P(res32)));
    T("sock_shutdown", w_sock_shutdown(fd, 3));
    sub_fd(0, 5, 1, fd);
    T("poll_read", w_poll_oneoff(P(subs), P(events), 1, P(res32)));
    sub_fd(0, 5, 2, fd);
    T("poll_write", w_poll_oneoff(P(subs), P(events), 1, P(res32)));
    T("fd_renumber_from", w_fd_renumber(fd, 1));
    T("fd_close", w_fd_close(fd));
#undef T
}

CASE(fd_never_opened) { every_fd_function(99); }
CASE(fd_huge) { every_fd_function(0x7fffffff); }
CASE(fd_minus_one) { every_fd_function(-1); }
CASE(fd_closed) { every_fd_function(closed_fd()); }
CASE(fd_regular_file) { every_fd_function(open_file()); }
CASE(fd_readonly_file) { every_fd_function(open_ro()); }
CASE(fd_writeonly_file) { every_fd_function(open_at(PREOPEN, "file.txt", 0, R_FD_WRITE, 0)); }
CASE(fd_no_rights_file) { every_fd_function(open_at(PREOPEN, "file.txt", 0, 0, 0)); }
CASE(fd_opened_dir) { every_fd_function(open_dir()); }
CASE(fd_preopen) { every_fd_function(PREOPEN); }
CASE(fd_stdin) { every_fd_function(0); }
CASE(fd_stdout) { every_fd_function(1); }
CASE(fd_stderr) { every_fd_function(2); }

CASE(fd_close_twice) {
    i32 fd = open_ro();
    show("close", w_fd_close(fd));
    show("close again", w_fd_close(fd));
}
CASE(fd_numbers_reused) {
    i32 a = open_ro(), b = open_ro(), c = open_ro();
    say("opened %d %d %d", a, b, c);
    w_fd_close(a);
    w_fd_close(b);
    say("reopened %d %d %d", open_ro(), open_ro(), open_ro());
}
CASE(fd_close_preopen_then_use) {
    show("close preopen", w_fd_close(PREOPEN));
    show("open through it", w_path_open(PREOPEN, 0, PATH("file.txt"), 0, R_FD_READ, 0, 0, P(res32)));
    show("prestat", w_fd_prestat_get(PREOPEN, P(big_struct)));
    i32 fd = open_at(4, "file.txt", 0, R_FD_READ, 0);
    say("open via fd 4: %d", fd);
}
CASE(fd_close_stdout_then_write) {
    show("close stdout", w_fd_close(1));
    strcpy(buf, "lost\n");
    set_iov(0, P(buf), 5);
    i32 e = w_fd_write(1, P(iov), 1, P(res32));
    i32 fd = open_ro();
    /* The next open reuses number 1. */
    char line[64];
    int n = snprintf(line, sizeof line, "write to closed stdout: errno %d, reopened as %d\n", e, fd);
    set_iov(0, P(line), n);
    w_fd_write(2, P(iov), 1, P(res32));
}
CASE(fd_renumber_file_over_preopen) {
    i32 fd = open_ro();
    show("renumber", w_fd_renumber(fd, PREOPEN));
    show("old number", w_fd_fdstat_get(fd, P(big_struct)));
    show("path_open through file", w_path_open(PREOPEN, 0, PATH("file.txt"), 0, R_FD_READ, 0, 0, P(res32)));
    show("prestat", w_fd_prestat_get(PREOPEN, P(big_struct)));
    set_iov(0, P(buf), 5);
    show("read", w_fd_read(PREOPEN, P(iov), 1, P(res32)));
    say("read %d: %.5s", res32[0], buf);
}
CASE(fd_renumber_preopen_over_stdout) {
    show("renumber", w_fd_renumber(PREOPEN, 1));
    show("prestat 1", w_fd_prestat_get(1, P(big_struct)));
    set_iov(0, P("x\n"), 2);
    i32 e = w_fd_write(1, P(iov), 1, P(res32));
    i32 fd = open_at(1, "file.txt", 0, R_FD_READ, 0);
    char line[80];
    int n = snprintf(line, sizeof line, "write to 1: errno %d; open via 1: %d; prestat 3: %d\n", e, fd,
                     w_fd_prestat_get(PREOPEN, P(big_struct)));
    set_iov(0, P(line), n);
    w_fd_write(2, P(iov), 1, P(res32));
}
CASE(fd_renumber_to_self) { show("renumber", w_fd_renumber(PREOPEN, PREOPEN)); show("prestat", w_fd_prestat_get(PREOPEN, P(big_struct))); }
CASE(fd_renumber_to_unopened) { show("renumber", w_fd_renumber(PREOPEN, 50)); show("prestat", w_fd_prestat_get(PREOPEN, P(big_struct))); }
CASE(fd_renumber_from_unopened) { show("renumber", w_fd_renumber(50, PREOPEN)); show("prestat", w_fd_prestat_get(PREOPEN, P(big_struct))); }
CASE(fd_renumber_stdout_to_stderr) {
    show("renumber", w_fd_renumber(1, 2));
    set_iov(0, P("to fd 2\n"), 8);
    show("write 2", w_fd_write(2, P(iov), 1, P(res32)));
    show("write 1", w_fd_write(1, P(iov), 1, P(res32)));
}
CASE(fd_renumber_then_open) {
    i32 a = open_ro(), b = open_ro();
    show("renumber", w_fd_renumber(a, b));
    say("next open: %d", open_ro());
    say("and then: %d", open_ro());
}

/* ======================================================================
 * Invalid enum and flag values, and values out of range.
 * ====================================================================== */

/* One call per case where wasmtime may end the program (invalid enum or
 * flag values end it there), so every call is seen. */
#define ONE(name, setup, call) \
    static void name(void) {   \
        setup;                 \
        show(#name, call);     \
    }
#define NOSETUP (void)0
#define RO i32 fd = open_ro()
#define RW i32 fd = open_file()

ONE(val_seek_whence_3, RO, w_fd_seek(fd, 0, 3, P(res64)))
ONE(val_seek_whence_0x100, RO, w_fd_seek(fd, 0, 0x100, P(res64)))
ONE(val_seek_whence_minus_1, RO, w_fd_seek(fd, 0, -1, P(res64)))
ONE(val_seek_whence_3_badfd, NOSETUP, w_fd_seek(99, 0, 3, P(res64)))
ONE(val_seek_negative_from_start, RO, w_fd_seek(fd, -1, 0, P(res64)))
ONE(val_seek_negative_from_current, RO, w_fd_seek(fd, -100, 1, P(res64)))
ONE(val_seek_negative_from_end, RO, w_fd_seek(fd, -100, 2, P(res64)))
CASE(val_seek_far) {
    i32 fd = open_ro();
    show("to 2^62", w_fd_seek(fd, (i64)1 << 62, 0, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
    show("plus 2^62", w_fd_seek(fd, (i64)1 << 62, 1, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
    show("plus 2^62 more", w_fd_seek(fd, (i64)1 << 62, 1, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
    show("tell", w_fd_tell(fd, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
    set_iov(0, P(buf), 4);
    show("read there", w_fd_read(fd, P(iov), 1, P(res32)));
    say("nread %d", res32[0]);
}
CASE(val_seek_far_write) {
    i32 fd = open_file();
    show("to 2^63-1", w_fd_seek(fd, INT64_MAX, 0, P(res64)));
    strcpy(buf, "x");
    set_iov(0, P(buf), 1);
    show("write there", w_fd_write(fd, P(iov), 1, P(res32)));
    show("to 2^40", w_fd_seek(fd, (i64)1 << 40, 0, P(res64)));
    show("write there", w_fd_write(fd, P(iov), 1, P(res32)));
    show("tell", w_fd_tell(fd, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
}
CASE(val_seek_end) {
    i32 fd = open_ro();
    show("from end", w_fd_seek(fd, -2, 2, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
    show("past end", w_fd_seek(fd, 100, 2, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
    set_iov(0, P(buf), 4);
    show("read past end", w_fd_read(fd, P(iov), 1, P(res32)));
    say("nread %d", res32[0]);
}
CASE(val_seek_on_kinds) {
    show("stdin", w_fd_seek(0, 0, 1, P(res64)));
    show("stdout", w_fd_seek(1, 0, 1, P(res64)));
    show("preopen", w_fd_seek(PREOPEN, 0, 1, P(res64)));
    show("dir", w_fd_seek(open_dir(), 0, 1, P(res64)));
    show("tell stdout", w_fd_tell(1, P(res64)));
    show("tell dir", w_fd_tell(PREOPEN, P(res64)));
}
ONE(val_advise_5, RO, w_fd_advise(fd, 0, 0, 5))
ONE(val_advise_6, RO, w_fd_advise(fd, 0, 0, 6))
ONE(val_advise_0x100, RO, w_fd_advise(fd, 0, 0, 0x100))
ONE(val_advise_6_badfd, NOSETUP, w_fd_advise(99, 0, 0, 6))
ONE(val_advise_negative_offset, RO, w_fd_advise(fd, -1, 0, 0))
ONE(val_advise_huge_len, RO, w_fd_advise(fd, 0, -1, 0))
ONE(val_advise_dir, NOSETUP, w_fd_advise(PREOPEN, 0, 0, 0))
ONE(val_allocate_file, RW, w_fd_allocate(fd, 0, 100))
ONE(val_allocate_huge, RW, w_fd_allocate(fd, -1, -1))
ONE(val_allocate_dir, NOSETUP, w_fd_allocate(PREOPEN, 0, 1))
ONE(val_allocate_stdout, NOSETUP, w_fd_allocate(1, 0, 1))
CASE(val_clocks) {
    for (i32 id = 0; id < 4; id++) {
        char label[40];
        snprintf(label, sizeof label, "res %d", (int)id);
        show(label, w_clock_res_get(id, P(res64)));
        snprintf(label, sizeof label, "time %d", (int)id);
        show(label, w_clock_time_get(id, 0, P(res64)));
    }
    show("time huge precision", w_clock_time_get(1, -1, P(res64)));
}
ONE(val_clock_res_4, NOSETUP, w_clock_res_get(4, P(res64)))
ONE(val_clock_time_4, NOSETUP, w_clock_time_get(4, 0, P(res64)))
ONE(val_clock_time_0x100, NOSETUP, w_clock_time_get(0x100, 0, P(res64)))
ONE(val_clock_res_minus_1, NOSETUP, w_clock_res_get(-1, P(res64)))
ONE(val_clock_bad_id_oob, NOSETUP, w_clock_time_get(7, 0, WRAP))
ONE(val_clock_cpu_oob, NOSETUP, w_clock_time_get(2, 0, WRAP))
#define OPEN(oflags, rights, inh, fdflags, dirflags, path) \
    w_path_open(PREOPEN, dirflags, PATH(path), oflags, (i64)(rights), (i64)(inh), fdflags, P(res32))
ONE(val_open_oflags_0x10, NOSETUP, OPEN(0x10, R_FD_READ, 0, 0, 0, "file.txt"))
ONE(val_open_oflags_0x10000, NOSETUP, OPEN(0x10000, R_FD_READ, 0, 0, 0, "file.txt"))
ONE(val_open_fdflags_0x20, NOSETUP, OPEN(0, R_FD_READ, 0, 0x20, 0, "file.txt"))
ONE(val_open_fdflags_0x10000, NOSETUP, OPEN(0, R_FD_READ, 0, 0x10000, 0, "file.txt"))
ONE(val_open_rights_bit_30, NOSETUP, OPEN(0, 1ull << 30, 0, 0, 0, "file.txt"))
ONE(val_open_inheriting_bit_63, NOSETUP, OPEN(0, R_FD_READ, 1ull << 63, 0, 0, "file.txt"))
ONE(val_open_lookupflags_2, NOSETUP, OPEN(0, R_FD_READ, 0, 0, 2, "file.txt"))
ONE(val_open_bad_flags_bad_fd, NOSETUP,
    w_path_open(99, 0, PATH("file.txt"), 0x10, R_FD_READ, 0, 0, P(res32)))
ONE(val_open_dsync, NOSETUP, OPEN(0, R_FD_READ, 0, 2, 0, "file.txt"))
ONE(val_open_rsync, NOSETUP, OPEN(0, R_FD_READ, 0, 8, 0, "file.txt"))
ONE(val_open_sync_write, NOSETUP, OPEN(0, R_FD_READ | R_FD_WRITE, 0, 16, 0, "file.txt"))
ONE(val_open_directory_on_file, NOSETUP, OPEN(O_DIRECTORY_, R_FD_READ, 0, 0, 0, "file.txt"))
ONE(val_open_directory_creat, NOSETUP, OPEN(O_DIRECTORY_ | O_CREAT_, 0, 0, 0, 0, "dir"))
ONE(val_open_directory_creat_new, NOSETUP, OPEN(O_DIRECTORY_ | O_CREAT_, 0, 0, 0, 0, "newdir"))
ONE(val_open_directory_trunc, NOSETUP, OPEN(O_DIRECTORY_ | O_TRUNC_, 0, 0, 0, 0, "dir"))
ONE(val_open_directory_excl, NOSETUP, OPEN(O_DIRECTORY_ | O_EXCL_, 0, 0, 0, 0, "dir"))
ONE(val_open_excl_existing, NOSETUP, OPEN(O_CREAT_ | O_EXCL_, R_FD_READ, 0, 0, 0, "file.txt"))
ONE(val_open_excl_without_creat, NOSETUP, OPEN(O_EXCL_, R_FD_READ, 0, 0, 0, "file.txt"))
ONE(val_open_write_a_dir, NOSETUP, OPEN(0, R_FD_WRITE, 0, 0, 0, "dir"))
ONE(val_open_trunc_a_dir, NOSETUP, OPEN(O_TRUNC_, R_FD_READ, 0, 0, 0, "dir"))
ONE(val_open_creat_a_dir, NOSETUP, OPEN(O_CREAT_, R_FD_READ, 0, 0, 0, "dir"))
ONE(val_open_creat_excl_a_dir, NOSETUP, OPEN(O_CREAT_ | O_EXCL_, R_FD_READ, 0, 0, 0, "dir"))
ONE(val_open_trunc_read_only, NOSETUP, OPEN(O_TRUNC_, R_FD_READ, 0, 0, 0, "file.txt"))
ONE(val_open_creat_no_rights, NOSETUP, OPEN(O_CREAT_, 0, 0, 0, 0, "new.txt"))
ONE(val_open_via_stdout, NOSETUP, w_path_open(1, 0, PATH("file.txt"), 0, R_FD_READ, 0, 0, P(res32)))
ONE(val_open_via_file, RO, w_path_open(fd, 0, PATH("file.txt"), 0, R_FD_READ, 0, 0, P(res32)))
CASE(val_open_rights_reported) {
    static const uint64_t asks[] = {0, R_FD_READ, R_FD_WRITE, R_FD_READ | R_FD_WRITE, R_ALL, R_FD_SEEK};
    for (unsigned i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        for (int creat = 0; creat < 2; creat++) {
            i32 fd = open_at(PREOPEN, creat ? "new.txt" : "file.txt", creat ? O_CREAT_ : 0, asks[i], 0);
            if (fd < 0) {
                say("ask %llx creat %d: errno %d", (unsigned long long)asks[i], creat, -fd);
                continue;
            }
            i32 e = w_fd_fdstat_get(fd, P(big_struct));
            uint64_t base, inh;
            memcpy(&base, big_struct + 8, 8);
            memcpy(&inh, big_struct + 16, 8);
            strcpy(buf, "w");
            set_iov(0, P(buf), 1);
            i32 we = w_fd_write(fd, P(iov), 1, P(res32));
            set_iov(0, P(buf + 8), 1);
            i32 re = w_fd_pread(fd, P(iov), 1, 0, P(res32));
            i32 rr = w_fd_read(fd, P(iov), 1, P(res32));
            say("ask %llx creat %d: fdstat %d type %u flags %u base %llx inheriting %llx; write %d pread %d read %d",
                (unsigned long long)asks[i], creat, e, big_struct[0], big_struct[2] | (big_struct[3] << 8),
                (unsigned long long)base, (unsigned long long)inh, we, re, rr);
            w_fd_close(fd);
        }
    }
    static const uint64_t dir_asks[] = {0, R_FD_READ, R_ALL};
    for (unsigned i = 0; i < 3; i++) {
        i32 fd = open_at(PREOPEN, "dir", O_DIRECTORY_, dir_asks[i], 0);
        i32 e = w_fd_fdstat_get(fd, P(big_struct));
        uint64_t base, inh;
        memcpy(&base, big_struct + 8, 8);
        memcpy(&inh, big_struct + 16, 8);
        i32 re = w_fd_readdir(fd, P(buf), 100, 0, P(res32));
        say("dir ask %llx: fd %d fdstat %d type %u base %llx inheriting %llx; readdir %d", (unsigned long long)dir_asks[i],
            fd, e, big_struct[0], (unsigned long long)base, (unsigned long long)inh, re);
    }
    i32 e = w_fd_fdstat_get(PREOPEN, P(big_struct));
    uint64_t base, inh;
    memcpy(&base, big_struct + 8, 8);
    memcpy(&inh, big_struct + 16, 8);
    say("preopen: fdstat %d type %u base %llx inheriting %llx", e, big_struct[0], (unsigned long long)base,
        (unsigned long long)inh);
    for (i32 s = 0; s < 3; s++) {
        e = w_fd_fdstat_get(s, P(big_struct));
        memcpy(&base, big_struct + 8, 8);
        memcpy(&inh, big_struct + 16, 8);
        say("stdio %d: fdstat %d base %llx inheriting %llx", (int)s, e, (unsigned long long)base,
            (unsigned long long)inh);
    }
}
CASE(val_fdstat_set_rights) {
    i32 fd = open_file();
    show("drop all", w_fd_fdstat_set_rights(fd, 0, 0));
    show("same", w_fd_fdstat_set_rights(fd, (i64)R_ALL, (i64)R_ALL));
    show("preopen drop", w_fd_fdstat_set_rights(PREOPEN, 0, 0));
    show("stdout", w_fd_fdstat_set_rights(1, 0, 0));
    strcpy(buf, "still writable\n");
    set_iov(0, P(buf), 15);
    show("write after drop", w_fd_write(fd, P(iov), 1, P(res32)));
    show("open after preopen drop", w_path_open(PREOPEN, 0, PATH("file.txt"), 0, R_FD_READ, 0, 0, P(res32)));
}
ONE(val_fdstat_set_rights_bit_40, RW, w_fd_fdstat_set_rights(fd, (i64)(1ull << 40), 0))
ONE(val_fdstat_set_rights_bit_40_badfd, NOSETUP, w_fd_fdstat_set_rights(99, (i64)(1ull << 40), 0))
CASE(val_fdstat_set_flags) {
    i32 fd = open_file();
    show("append", w_fd_fdstat_set_flags(fd, 1));
    show("nonblock", w_fd_fdstat_set_flags(fd, 4));
    show("dsync", w_fd_fdstat_set_flags(fd, 2));
    show("stdout", w_fd_fdstat_set_flags(1, 0));
    show("dir", w_fd_fdstat_set_flags(PREOPEN, 0));
    show("append|nonblock", w_fd_fdstat_set_flags(fd, 5));
    w_fd_fdstat_get(fd, P(big_struct));
    say("flags now %u", big_struct[2] | (big_struct[3] << 8));
    strcpy(buf, "++");
    set_iov(0, P(buf), 2);
    show("write", w_fd_write(fd, P(iov), 1, P(res32)));
    show("tell", w_fd_tell(fd, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
    show("no flags", w_fd_fdstat_set_flags(fd, 0));
    show("write", w_fd_write(fd, P(iov), 1, P(res32)));
    show("tell", w_fd_tell(fd, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
}
ONE(val_fdstat_set_flags_0x20, RW, w_fd_fdstat_set_flags(fd, 0x20))
ONE(val_fdstat_set_flags_0x10000, RW, w_fd_fdstat_set_flags(fd, 0x10000))
ONE(val_fdstat_set_flags_0x20_badfd, NOSETUP, w_fd_fdstat_set_flags(99, 0x20))
ONE(val_set_times_atim_and_now, RW, w_fd_filestat_set_times(fd, 0, 0, 3))
ONE(val_set_times_mtim_and_now, RW, w_fd_filestat_set_times(fd, 0, 0, 12))
ONE(val_set_times_bit_4, RW, w_fd_filestat_set_times(fd, 0, 0, 0x10))
ONE(val_set_times_0x10000, RW, w_fd_filestat_set_times(fd, 0, 0, 0x10000))
ONE(val_set_times_both_badfd, NOSETUP, w_fd_filestat_set_times(99, 0, 0, 3))
ONE(val_set_times_stdout, NOSETUP, w_fd_filestat_set_times(1, 0, 0, 0))
ONE(val_path_set_times_both, NOSETUP, w_path_filestat_set_times(PREOPEN, 0, PATH("file.txt"), 0, 0, 3))
ONE(val_path_set_times_lookupflags_2, NOSETUP, w_path_filestat_set_times(PREOPEN, 2, PATH("file.txt"), 0, 0, 0))
ONE(val_path_stat_lookupflags_2, NOSETUP, w_path_filestat_get(PREOPEN, 2, PATH("file.txt"), P(big_struct)))
ONE(val_path_link_lookupflags_2, NOSETUP, w_path_link(PREOPEN, 2, PATH("file.txt"), PREOPEN, PATH("hl")))
CASE(val_set_times_values) {
    i32 fd = open_file();
    show("huge time", w_fd_filestat_set_times(fd, -1, -1, 5));
    show("set mtime 1s", w_fd_filestat_set_times(fd, 0, 1000000000, 4));
    w_fd_filestat_get(fd, P(big_struct));
    uint64_t mtim;
    memcpy(&mtim, big_struct + 48, 8);
    say("mtim %llu", (unsigned long long)mtim);
    show("path set atime 2.5s", w_path_filestat_set_times(PREOPEN, 0, PATH("file.txt"), 2500000000ull, 0, 1));
    w_path_filestat_get(PREOPEN, 0, PATH("file.txt"), P(big_struct));
    memcpy(&mtim, big_struct + 40, 8);
    say("atim %llu", (unsigned long long)mtim);
}
CASE(val_set_size) {
    i32 fd = open_file();
    show("2^63", w_fd_filestat_set_size(fd, (i64)(1ull << 63)));
    show("-1", w_fd_filestat_set_size(fd, -1));
    show("grow", w_fd_filestat_set_size(fd, 20));
    show("read-only", w_fd_filestat_set_size(open_ro(), 1));
    w_fd_filestat_get(fd, P(big_struct));
    uint64_t size;
    memcpy(&size, big_struct + 32, 8);
    say("size %llu", (unsigned long long)size);
}
CASE(val_pread_pwrite_offsets) {
    i32 fd = open_file();
    set_iov(0, P(buf), 4);
    show("pread 2^63", w_fd_pread(fd, P(iov), 1, (i64)(1ull << 63), P(res32)));
    show("pread -1", w_fd_pread(fd, P(iov), 1, -1, P(res32)));
    show("pread past end", w_fd_pread(fd, P(iov), 1, 1000, P(res32)));
    say("nread %d", res32[0]);
    strcpy(buf, "ZZ");
    set_iov(0, P(buf), 2);
    show("pwrite 2^63", w_fd_pwrite(fd, P(iov), 1, (i64)(1ull << 63), P(res32)));
    show("pwrite stdout", w_fd_pwrite(1, P(iov), 1, 0, P(res32)));
    show("pread stdin", w_fd_pread(0, P(iov), 1, 0, P(res32)));
    show("pwrite 5", w_fd_pwrite(fd, P(iov), 1, 5, P(res32)));
    set_iov(0, P(buf), 12);
    show("pread 0", w_fd_pread(fd, P(iov), 1, 0, P(res32)));
    say("nread %d: %.12s", res32[0], buf);
    show("tell", w_fd_tell(fd, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
}
CASE(val_append_mode) {
    i32 fd = open_at(PREOPEN, "file.txt", 0, R_FD_READ | R_FD_WRITE, 1);
    strcpy(buf, "++");
    set_iov(0, P(buf), 2);
    show("pwrite at 0", w_fd_pwrite(fd, P(iov), 1, 0, P(res32)));
    show("write", w_fd_write(fd, P(iov), 1, P(res32)));
    show("tell", w_fd_tell(fd, P(res64)));
    say("offset %llu", (unsigned long long)res64[0]);
    set_iov(0, P(buf), 32);
    memset(buf, 0, 40);
    w_fd_pread(fd, P(iov), 1, 0, P(res32));
    say("content %d: %.20s", res32[0], buf);
}
ONE(val_raise_0, NOSETUP, w_proc_raise(0))
ONE(val_raise_9, NOSETUP, w_proc_raise(9))
ONE(val_raise_30, NOSETUP, w_proc_raise(30))
ONE(val_raise_31, NOSETUP, w_proc_raise(31))
ONE(val_raise_0x100, NOSETUP, w_proc_raise(0x100))
ONE(val_sched_yield, NOSETUP, w_sched_yield())
ONE(val_shutdown_how_0, NOSETUP, w_sock_shutdown(1, 0))
ONE(val_shutdown_how_4, NOSETUP, w_sock_shutdown(1, 4))
ONE(val_shutdown_how_4_badfd, NOSETUP, w_sock_shutdown(99, 4))
ONE(val_recv_riflags_4, NOSETUP, w_sock_recv(1, P(iov), 1, 4, P(res32), P(res32 + 1)))
ONE(val_send_siflags_1, NOSETUP, w_sock_send(1, P(iov), 1, 1, P(res32)))
ONE(val_accept_flags_0x20, NOSETUP, w_sock_accept(1, 0x20, P(res32)))
ONE(val_accept_nonblock, NOSETUP, w_sock_accept(1, 4, P(res32)))
#define POLL(n) w_poll_oneoff(P(subs), P(events), n, P(res32))
ONE(val_poll_none, NOSETUP, POLL(0))
ONE(val_poll_tag_3, (sub_clock(0, 1, 1, 1000, 0), subs[8] = 3), POLL(1))
ONE(val_poll_tag_3_second, (sub_clock(0, 1, 1, 1000, 0), sub_clock(1, 1, 1, 1000, 0), subs[48 + 8] = 3), POLL(2))
ONE(val_poll_clock_9_alone, sub_clock(0, 1, 9, 1000, 0), POLL(1))
ONE(val_poll_clock_9_second, (sub_clock(0, 1, 1, 1000, 0), sub_clock(1, 1, 9, 1000, 0)), POLL(2))
ONE(val_poll_subclockflags_4, sub_clock(0, 1, 1, 1000, 4), POLL(1))
ONE(val_poll_cpu_clock_with_another, (sub_clock(0, 1, 2, 1000, 0), sub_clock(1, 2, 1, 1000, 0)), POLL(2))
ONE(val_poll_absolute_cpu_clock, sub_clock(0, 1, 3, 1000, 1), POLL(1))
CASE(val_poll_cpu_clock_alone) {
    sub_clock(0, 1, 2, 1000, 0);
    show("poll", POLL(1));
    say("nevents %d", res32[0]);
    show_events(res32[0]);
}
CASE(val_poll) {
    sub_clock(0, 11, 0, 1000, 0);
    show("realtime relative", POLL(1));
    show_events(res32[0]);
    sub_clock(0, 12, 1, 0, 1);
    show("monotonic absolute 0", POLL(1));
    show_events(res32[0]);
    sub_clock(0, 13, 0, 0, 1);
    sub_clock(1, 14, 1, 5000000000ull, 0);
    show("realtime absolute past + long", POLL(2));
    say("nevents %d", res32[0]);
    show_events(res32[0]);
    sub_clock(0, 15, 1, 1000, 0);
    sub_clock(1, 16, 0, 2000, 0);
    show("two short clocks", POLL(2));
    say("nevents %d", res32[0]);
    i32 fd = open_ro();
    sub_fd(0, 21, 1, fd);
    sub_fd(1, 22, 2, fd);
    sub_clock(2, 23, 1, 1000000000, 0);
    show("file read+write", POLL(3));
    say("nevents %d", res32[0]);
    show_events(res32[0]);
    w_fd_seek(fd, 0, 2, P(res64));
    sub_fd(0, 24, 1, fd);
    sub_clock(1, 25, 1, 1000000000, 0);
    show("file at end", POLL(2));
    show_events(res32[0]);
    sub_fd(0, 31, 1, PREOPEN);
    sub_clock(1, 32, 1, 1000, 0);
    show("dir read", POLL(2));
    sub_fd(0, 33, 2, 0);
    sub_clock(1, 34, 1, 1000, 0);
    show("stdin for writing", POLL(2));
    sub_fd(0, 35, 2, 1);
    show("stdout writable", POLL(1));
    show_events(res32[0]);
    sub_fd(0, 36, 1, 0);
    sub_clock(1, 37, 1, 1000000000, 0);
    show("stdin readable (at EOF)", POLL(2));
    show_events(res32[0]);
}

CASE(val_open_trunc_rights) {
    static const uint64_t asks[] = {0, R_FD_READ, R_FD_WRITE};
    for (unsigned i = 0; i < 3; i++) {
        i32 fd = open_at(PREOPEN, "file.txt", O_TRUNC_, asks[i], 0);
        if (fd < 0) {
            say("trunc ask %llx: errno %d", (unsigned long long)asks[i], -fd);
            continue;
        }
        w_fd_fdstat_get(fd, P(big_struct));
        uint64_t base;
        memcpy(&base, big_struct + 8, 8);
        w_fd_filestat_get(fd, P(big_struct + 64));
        say("trunc ask %llx: base %llx size %llu", (unsigned long long)asks[i], (unsigned long long)base,
            (unsigned long long)*(uint64_t *)(big_struct + 64 + 32));
        w_fd_close(fd);
    }
}
CASE(val_readdir_listing) {
    static char listing[1024];
    show("list sandbox", list_dir(PREOPEN, listing, sizeof listing));
    say("%s", listing);
    i32 fd = open_dir();
    show("list dir", list_dir(fd, listing, sizeof listing));
    say("%s", listing);
    /* d_ino agrees with the ino of a stat without following links. */
    static uint8_t dbuf[1024] __attribute__((aligned(8)));
    show("readdir", w_fd_readdir(PREOPEN, P(dbuf), sizeof dbuf, 0, P(res32)));
    uint32_t used = (uint32_t)res32[0], at = 0;
    int agree = 0, total = 0;
    while (at + 24 <= used) {
        uint64_t ino;
        uint32_t namlen;
        memcpy(&ino, dbuf + at + 8, 8);
        memcpy(&namlen, dbuf + at + 16, 4);
        if (at + 24 + namlen > used) break;
        i32 e = w_path_filestat_get(PREOPEN, 0, P(dbuf + at + 24), namlen, P(big_struct));
        uint64_t sino;
        memcpy(&sino, big_struct + 8, 8);
        total++;
        if (e == 0 && sino == ino) agree++;
        at += 24 + namlen;
    }
    say("entries %d, d_ino equal to the stat ino: %d", total, agree);
    show("cookie past the end", w_fd_readdir(PREOPEN, P(dbuf), sizeof dbuf, 1000, P(res32)));
    say("used %d", res32[0]);
    show("buffer of 10", w_fd_readdir(PREOPEN, P(dbuf), 10, 0, P(res32)));
    say("used %d: d_next %llu", res32[0], (unsigned long long)*(uint64_t *)dbuf);
}

/* ======================================================================
 * Huge lengths and counts.
 * ====================================================================== */

CASE(huge_fd_write_iovs_len) {
    strcpy(buf, "ok\n");
    set_iov(0, P(buf), 3);
    show("16M-1 iovecs", w_fd_write(1, P(iov), 0xFFFFFF, P(res32)));
    show("16M iovecs", w_fd_write(1, P(iov), 0x1000000, P(res32)));
    show("2^31 iovecs", w_fd_write(1, P(iov), (i32)0x80000000u, P(res32)));
    show("2^32-1 iovecs", w_fd_write(1, P(iov), -1, P(res32)));
    show("2^32-1 iovecs bad fd", w_fd_write(99, P(iov), -1, P(res32)));
}
CASE(huge_fd_write_iovs_len_oob_array) { SURVIVED(w_fd_write(1, mem_end() - 8, 0x100000, P(res32))); }
CASE(huge_fd_read_iovs_len) {
    i32 fd = open_ro();
    set_iov(0, P(buf), 3);
    show("2^32-1 iovecs", w_fd_read(fd, P(iov), -1, P(res32)));
    show("1M iovecs", w_fd_read(fd, P(iov), 0x100000, P(res32)));
    say("nread %d: %.3s", res32[0], buf);
}
CASE(huge_fd_write_buffer) {
    /* Buffers above 128 MiB: grow memory to hold one. */
    uint32_t pages = (129u << 20) / 65536 + 1;
    uint32_t base = mem_end();
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) {
        say("grow failed");
        return;
    }
    memset((void *)(uintptr_t)base, 'a', 16);
    i32 fd = open_file();
    set_iov(0, (i32)base, 128u << 20);
    show("128 MiB to a file", w_fd_write(fd, P(iov), 1, P(res32)));
    say("nwritten %d", res32[0]);
    set_iov(0, (i32)base, (128u << 20) + 1);
    show("128 MiB + 1 to a file", w_fd_write(fd, P(iov), 1, P(res32)));
    set_iov(0, (i32)base, (128u << 20) - 8);
    show("iovs + buffer above budget", w_fd_write(fd, P(iov), 2, P(res32)));
    set_iov(0, (i32)base, (128u << 20) + 1);
    show("read 128 MiB + 1", w_fd_read(fd, P(iov), 1, P(res32)));
    show("pread 128 MiB + 1", w_fd_pread(fd, P(iov), 1, 0, P(res32)));
    show("path_open long path", w_path_open(PREOPEN, 0, (i32)base, (128u << 20) + 1, 0, R_FD_READ, 0, 0, P(res32)));
    show("path_open 128 MiB path", w_path_open(PREOPEN, 0, (i32)base, 128u << 20, 0, R_FD_READ, 0, 0, P(res32)));
    show("unlink 128 MiB + 1 path", w_path_unlink_file(PREOPEN, (i32)base, (128u << 20) + 1));
    show("readdir 128 MiB + 1", w_fd_readdir(PREOPEN, (i32)base, (128u << 20) + 1, 0, P(res32)));
    say("bufused %d", res32[0]);
}
CASE(huge_path_len_oob) { SURVIVED(w_path_open(PREOPEN, 0, P(buf), 0x7fffffff, 0, R_FD_READ, 0, 0, P(res32))); }
CASE(huge_path_len_over_budget) {
    show("open", w_path_open(PREOPEN, 0, P(buf), (i32)0x90000000u, 0, R_FD_READ, 0, 0, P(res32)));
    show("mkdir", w_path_create_directory(PREOPEN, P(buf), (i32)0x90000000u));
    show("symlink", w_path_symlink(P(buf), (i32)0x90000000u, PREOPEN, PATH("x")));
}
CASE(huge_unlink_path_oob) { SURVIVED(w_path_unlink_file(PREOPEN, P(buf), (i32)0x90000000u)); }
CASE(huge_poll_count) {
    show("2^32-1 subscriptions", w_poll_oneoff(P(subs), P(events), -1, P(res32)));
    show("3M subscriptions", w_poll_oneoff(P(subs), P(events), 3000000, P(res32)));
}
CASE(huge_poll_count_oob) { SURVIVED(w_poll_oneoff(P(subs), P(events), 100000, P(res32))); }
CASE(huge_random_over_limit) {
    /* 64 MiB + 1, inside memory. */
    uint32_t base = mem_end();
    if (__builtin_wasm_memory_grow(0, (65u << 20) / 65536) == (size_t)-1) {
        say("grow failed");
        return;
    }
    show("random 64 MiB", w_random_get((i32)base, 64u << 20));
    SURVIVED(w_random_get((i32)base, (64u << 20) + 1));
}
CASE(huge_random_oob) { SURVIVED(w_random_get(P(buf), 0x7fffffff)); }
CASE(huge_readdir_len_oob) { SURVIVED(w_fd_readdir(PREOPEN, P(buf), 0x7fffffff, 0, P(res32))); }
CASE(huge_readdir_cookie) {
    show("cookie 2^63", w_fd_readdir(PREOPEN, P(buf), 100, (i64)(1ull << 63), P(res32)));
    say("bufused %d", res32[0]);
    show("cookie 1000", w_fd_readdir(PREOPEN, P(buf), 100, 1000, P(res32)));
    say("bufused %d", res32[0]);
}
CASE(huge_prestat_name_len) {
    memset(buf, 0, 32);
    show("name into 2^31", w_fd_prestat_dir_name(PREOPEN, P(buf), (i32)0x80000000u));
    say("name %s", buf);
}
CASE(huge_readlink_len_oob) { SURVIVED(w_path_readlink(PREOPEN, PATH("link_file"), P(buf), 0x7fffffff, P(res32))); }
CASE(exit_126) { w_proc_exit(126); }
CASE(exit_125) { w_proc_exit(125); }
CASE(exit_minus_one) { w_proc_exit(-1); }

/* ======================================================================
 * Paths that try to leave /sandbox, through every path function.
 * ====================================================================== */

struct named_path {
    const char *name;
    const char *bytes;
    int len; /* -1: strlen */
};

static char long_name[300];
static char long_path[5000];
static char deep_path[5000];

static const struct named_path PATHS[] = {
    {"dotdot", "..", -1},
    {"dotdot_secret", "../outside/secret.txt", -1},
    {"dir_dotdot_dotdot", "dir/../../outside/secret.txt", -1},
    {"abs_etc", "/etc/passwd", -1},
    {"abs_sandbox", "/sandbox/file.txt", -1},
    {"abs_root", "/", -1},
    {"link_out", "link_out/secret.txt", -1},
    {"link_out_file", "link_out_file", -1},
    {"link_abs", "link_abs", -1},
    {"link_etc", "link_etc", -1},
    {"link_dotdot", "link_dotdot/outside/secret.txt", -1},
    {"link_loop", "link_loop_a", -1},
    {"link_self", "link_self", -1},
    {"link_dangling", "link_dangling", -1},
    {"link_dir_slash", "link_dir/", -1},
    {"link_file_slash", "link_file/", -1},
    {"file_slash", "file.txt/", -1},
    {"file_slash_dot", "file.txt/.", -1},
    {"dir_slash", "dir/", -1},
    {"dir_dotdot", "dir/..", -1},
    {"dot", ".", -1},
    {"empty", "", -1},
    {"nul", "file.txt\0../x", 13},
    {"bad_utf8", "fil\xff", -1},
    {"long_name", long_name, -1},
    {"long_path", long_path, -1},
    {"deep_path", deep_path, -1},
    {"double_slash", "dir//inner.txt", -1},
    {"dot_file", "./file.txt", -1},
    {"missing", "missing/thing", -1},
};
#define NPATHS (sizeof PATHS / sizeof PATHS[0])

static void init_paths(void) {
    memset(long_name, 'n', sizeof long_name - 1);
    for (int i = 0; i + 2 < (int)sizeof long_path; i += 2) memcpy(long_path + i, "a/", 2);
    long_path[sizeof long_path - 1] = 0;
    for (int i = 0; i + 3 < (int)sizeof deep_path; i += 3) memcpy(deep_path + i, "../", 3);
    deep_path[sizeof deep_path - 1] = 0;
}

static i32 path_len(const struct named_path *p) { return p->len >= 0 ? p->len : (i32)strlen(p->bytes); }

/* What an opened descriptor leads to: its type, first bytes, entries. */
static void describe_fd(i32 fd) {
    i32 e = w_fd_fdstat_get(fd, P(big_struct));
    memset(buf, 0, 40);
    set_iov(0, P(buf), 32);
    i32 re = w_fd_read(fd, P(iov), 1, P(res32));
    for (int i = 0; i < 32; i++)
        if (buf[i] == '\n') buf[i] = '|';
    say("opened fd %d: fdstat %d type %u; read %d: %.32s", fd, e, big_struct[0], re, re ? "" : buf);
    static char listing[1024];
    i32 de = list_dir(fd, listing, sizeof listing);
    if (de == 0) say("entries: %s", listing);
}

/* A stat result: type, and the size of regular files (a directory's size
 * depends on the file system). */
static void say_stat(void) {
    if (big_struct[16] == 4)
        say("type %u size %llu", big_struct[16], (unsigned long long)*(uint64_t *)(big_struct + 32));
    else
        say("type %u", big_struct[16]);
}

static void escape_op(const char *op, const struct named_path *p) {
    i32 ptr = P(p->bytes), len = path_len(p);
    i32 e;
    if (!strcmp(op, "open")) {
        e = show("open", w_path_open(PREOPEN, FOLLOW, ptr, len, 0, R_FD_READ, 0, 0, P(res32)));
        if (e == 0) describe_fd(res32[0]);
    } else if (!strcmp(op, "open_nofollow")) {
        e = show("open", w_path_open(PREOPEN, 0, ptr, len, 0, R_FD_READ, 0, 0, P(res32)));
        if (e == 0) describe_fd(res32[0]);
    } else if (!strcmp(op, "open_dir")) {
        e = show("open", w_path_open(PREOPEN, FOLLOW, ptr, len, O_DIRECTORY_, R_FD_READ, 0, 0, P(res32)));
        if (e == 0) describe_fd(res32[0]);
    } else if (!strcmp(op, "create")) {
        e = show("open", w_path_open(PREOPEN, FOLLOW, ptr, len, O_CREAT_, R_FD_READ | R_FD_WRITE, 0, 0, P(res32)));
        if (e == 0) describe_fd(res32[0]);
    } else if (!strcmp(op, "trunc")) {
        e = show("open", w_path_open(PREOPEN, FOLLOW, ptr, len, O_TRUNC_, R_FD_WRITE, 0, 0, P(res32)));
        if (e == 0) {
            strcpy(buf, "pwned");
            set_iov(0, P(buf), 5);
            show("write", w_fd_write(res32[0], P(iov), 1, P(res32 + 1)));
        }
    } else if (!strcmp(op, "stat")) {
        e = show("stat", w_path_filestat_get(PREOPEN, FOLLOW, ptr, len, P(big_struct)));
        if (e == 0) say_stat();
    } else if (!strcmp(op, "lstat")) {
        e = show("lstat", w_path_filestat_get(PREOPEN, 0, ptr, len, P(big_struct)));
        if (e == 0) say_stat();
    } else if (!strcmp(op, "mkdir")) {
        show("mkdir", w_path_create_directory(PREOPEN, ptr, len));
    } else if (!strcmp(op, "rmdir")) {
        show("rmdir", w_path_remove_directory(PREOPEN, ptr, len));
    } else if (!strcmp(op, "unlink")) {
        show("unlink", w_path_unlink_file(PREOPEN, ptr, len));
    } else if (!strcmp(op, "readlink")) {
        memset(buf, 0, 64);
        e = show("readlink", w_path_readlink(PREOPEN, ptr, len, P(buf), 60, P(res32)));
        if (e == 0) say("target %.*s", res32[0], buf);
    } else if (!strcmp(op, "rename_from")) {
        show("rename", w_path_rename(PREOPEN, ptr, len, PREOPEN, PATH("moved")));
    } else if (!strcmp(op, "rename_to")) {
        show("rename", w_path_rename(PREOPEN, PATH("file.txt"), PREOPEN, ptr, len));
    } else if (!strcmp(op, "link_from")) {
        show("link", w_path_link(PREOPEN, 0, ptr, len, PREOPEN, PATH("hardlink")));
    } else if (!strcmp(op, "link_from_follow")) {
        show("link", w_path_link(PREOPEN, FOLLOW, ptr, len, PREOPEN, PATH("hardlink")));
    } else if (!strcmp(op, "link_to")) {
        show("link", w_path_link(PREOPEN, 0, PATH("file.txt"), PREOPEN, ptr, len));
    } else if (!strcmp(op, "symlink_at")) {
        show("symlink", w_path_symlink(PATH("file.txt"), PREOPEN, ptr, len));
    } else if (!strcmp(op, "symlink_to")) {
        e = show("symlink", w_path_symlink(ptr, len, PREOPEN, PATH("newlink")));
        if (e == 0) {
            memset(buf, 0, 64);
            show("readlink", w_path_readlink(PREOPEN, PATH("newlink"), P(buf), 60, P(res32)));
            e = show("open", w_path_open(PREOPEN, FOLLOW, PATH("newlink"), 0, R_FD_READ, 0, 0, P(res32)));
            if (e == 0) describe_fd(res32[0]);
        }
    } else if (!strcmp(op, "set_times")) {
        show("set_times", w_path_filestat_set_times(PREOPEN, FOLLOW, ptr, len, 0, 0, 5));
    } else if (!strcmp(op, "set_times_nofollow")) {
        show("set_times", w_path_filestat_set_times(PREOPEN, 0, ptr, len, 0, 0, 5));
    } else {
        say("unknown op %s", op);
    }
}

static const char *const OPS[] = {
    "open",   "open_nofollow", "open_dir",    "create",    "trunc",      "stat",
    "lstat",  "mkdir",         "rmdir",       "unlink",    "readlink",   "rename_from",
    "rename_to", "link_from",  "link_from_follow", "link_to", "symlink_at", "symlink_to",
    "set_times", "set_times_nofollow",
};
#define NOPS (sizeof OPS / sizeof OPS[0])

/* ====================================================================== */

struct kase {
    const char *name;
    void (*fn)(void);
};
#define X(n) {#n, n},
static const struct kase CASES[] = {
#include "cases.inc"
};
#undef X

int main(int argc, char **argv) {
    init_paths();
    if (argc < 2) {
        say("usage: hostile list | CASE");
        return 2;
    }
    const char *want = argv[1];
    if (!strcmp(want, "list")) {
        for (unsigned i = 0; i < sizeof CASES / sizeof CASES[0]; i++) say("%s", CASES[i].name);
        for (unsigned o = 0; o < NOPS; o++)
            for (unsigned p = 0; p < NPATHS; p++) say("esc.%s.%s", OPS[o], PATHS[p].name);
        return 0;
    }
    for (unsigned i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        if (!strcmp(want, CASES[i].name)) {
            CASES[i].fn();
            return 0;
        }
    }
    if (!strncmp(want, "esc.", 4)) {
        const char *rest = want + 4;
        for (unsigned o = 0; o < NOPS; o++) {
            size_t n = strlen(OPS[o]);
            if (strncmp(rest, OPS[o], n) || rest[n] != '.') continue;
            for (unsigned p = 0; p < NPATHS; p++) {
                if (!strcmp(rest + n + 1, PATHS[p].name)) {
                    escape_op(OPS[o], &PATHS[p]);
                    return 0;
                }
            }
        }
    }
    say("unknown case %s", want);
    return 2;
}
