/* Loads ruby.wasm (../shared/corpora/real-wasi/ruby-reactor) compiled as the
   shared library libruby.so with dlopen and drives it as the corpus's
   run_ruby_reactor.py does. Its non-WASI imports are this program's
   functions (link it with -rdynamic so that the library finds them): the
   canonical-ABI resource table for handle<rb-abi-value>, and stubs that
   trap for the JavaScript host functions (ruby_stubs.c, generated from the
   header by the test, calling caller_trap).

   ruby_host LIB version          -> ruby-show-version
   ruby_host LIB eval CODE        -> ruby-init, then rb-eval-string-protect */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ruby.h"

/* The library's caller functions: it is loaded at run time, so the host
   functions reach them through pointers dlsym fills in. */
__typeof__(w2n_caller_host_data) *caller_host_data;
__typeof__(w2n_caller_trap) *caller_trap;

/* The resource table, per instance (host_data). */
struct handles { int32_t reps[4096]; int32_t len; };

int32_t wasm2native_import_canonical_5fabi__resource_5fnew_5frb_2dabi_2dvalue(void *vmctx, int32_t rep) {
    struct handles *h = caller_host_data(vmctx);
    if (h->len == 4096) caller_trap(vmctx, "resource table full");
    h->reps[h->len] = rep;
    return h->len++;
}

int32_t wasm2native_import_canonical_5fabi__resource_5fget_5frb_2dabi_2dvalue(void *vmctx, int32_t handle) {
    struct handles *h = caller_host_data(vmctx);
    if (handle <= 0 || handle >= h->len) caller_trap(vmctx, "invalid resource handle");
    return h->reps[handle];
}

static void *lib;
#define LOAD(sym) __typeof__(sym) *p_##sym = load(#sym)
static void *load(const char *name) {
    void *p = dlsym(lib, name);
    if (!p) { fprintf(stderr, "dlsym %s: %s\n", name, dlerror()); exit(1); }
    return p;
}

#define EXPORT_SHOW_VERSION ruby_ruby_2dshow_2dversion_3a_20func_28_29_20_2d_3e_20_28_29
#define EXPORT_INIT ruby_ruby_2dinit_3a_20func_28args_3a_20list_3cstring_3e_29_20_2d_3e_20_28_29
#define EXPORT_EVAL ruby_rb_2deval_2dstring_2dprotect_3a_20func_28str_3a_20string_29_20_2d_3e_20tuple_3chandle_3crb_2dabi_2dvalue_3e_2c_20s32_3e
#define STR(x) #x
#define XSTR(x) STR(x)

static __typeof__(w2n_error_message) *p_message;
static void check(w2n_error *err, const char *what) {
    if (err) { fprintf(stderr, "%s: %s\n", what, p_message(err)); exit(1); }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: ruby_host LIB version | LIB eval CODE\n"); return 2; }
    lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
    LOAD(w2n_wasi_new); LOAD(w2n_wasi_inherit_stdio); LOAD(w2n_wasi_free);
    LOAD(ruby_instantiate); LOAD(ruby_instance_free); LOAD(ruby_memory); LOAD(ruby_cabi_realloc);
    p_message = load("w2n_error_message");
    caller_host_data = load("w2n_caller_host_data");
    caller_trap = load("w2n_caller_trap");
    __typeof__(EXPORT_SHOW_VERSION) *show_version = load(XSTR(EXPORT_SHOW_VERSION));
    __typeof__(EXPORT_INIT) *init = load(XSTR(EXPORT_INIT));
    __typeof__(EXPORT_EVAL) *eval = load(XSTR(EXPORT_EVAL));

    w2n_wasi *wasi = p_w2n_wasi_new();
    p_w2n_wasi_inherit_stdio(wasi);
    static struct handles handles = {{0}, 1};
    ruby_instance *ruby;
    check(p_ruby_instantiate(wasi, &handles, &ruby), "instantiate");
    if (strcmp(argv[2], "version") == 0) {
        check(show_version(ruby), "ruby-show-version");
    } else {
        /* A string in guest memory, NUL-terminated: ruby_options() reads argv as C strings. */
        #define LOWER(s, ptr, len) do { \
            (len) = (int32_t)strlen(s); \
            check(p_ruby_cabi_realloc(ruby, 0, 0, 1, (len) + 1, &(ptr)), "cabi_realloc"); \
            size_t size_; uint8_t *mem_ = p_ruby_memory(ruby, &size_); \
            if ((size_t)(ptr) + (len) + 1 > size_) { fprintf(stderr, "realloc out of bounds\n"); exit(1); } \
            memcpy(mem_ + (ptr), (s), (len) + 1); } while (0)
        const char *args[] = {"ruby.wasm", "--disable-all", "-e_=0"};
        int32_t list;
        check(p_ruby_cabi_realloc(ruby, 0, 0, 4, 8 * 3, &list), "cabi_realloc");
        for (int i = 0; i < 3; i++) {
            int32_t p, n;
            LOWER(args[i], p, n);
            size_t size;
            uint8_t *mem = p_ruby_memory(ruby, &size);
            memcpy(mem + list + 8 * i, &p, 4);
            memcpy(mem + list + 8 * i + 4, &n, 4);
        }
        check(init(ruby, list, 3), "ruby-init");
        const char *suffix = "\n$stdout.flush; $stderr.flush";
        char *code = malloc(strlen(argv[3]) + strlen(suffix) + 1);
        strcpy(code, argv[3]);
        strcat(code, suffix);
        int32_t p, n, ret;
        LOWER(code, p, n);
        check(eval(ruby, p, n, &ret), "rb-eval-string-protect");
        size_t size;
        uint8_t *mem = p_ruby_memory(ruby, &size);
        int32_t state;
        memcpy(&state, mem + ret + 4, 4);
        fprintf(stderr, "[rb-eval-string-protect state=%d]\n", state);
        free(code);
        if (state != 0) return 1;
    }
    p_ruby_instance_free(ruby);
    p_w2n_wasi_free(wasi);
    return 0;
}
