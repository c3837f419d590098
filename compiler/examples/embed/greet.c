/* The guest of the embedding example: a WASI reactor (no main) built with
   build.sh. The host copies a name into guest memory (allocated with
   `alloc`), calls `greet`, and reads the answer back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int greetings;

__attribute__((export_name("alloc"))) void *alloc(size_t size) { return malloc(size); }
__attribute__((export_name("dealloc"))) void dealloc(void *p) { free(p); }

/* Writes "Hello, NAME!" (NUL-terminated) into fresh guest memory; returns
   its address and stores its length at *len. Also logs to the guest's
   stdout, which the host decides about. */
__attribute__((export_name("greet"))) char *greet(const char *name, size_t name_len, size_t *len) {
    char *out = malloc(name_len + 16);
    if (!out) return NULL;
    *len = (size_t)snprintf(out, name_len + 16, "Hello, %.*s!", (int)name_len, name);
    printf("[guest] greeting #%d\n", ++greetings);
    fflush(stdout);
    return out;
}
