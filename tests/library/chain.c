/* The runtime's signal handlers must leave the host program its own
   faults: a SIGSEGV outside wasm code goes to the handler the host had
   installed before the library's, every time, while wasm traps keep being
   traps. With the argument "default" the host installs no handler: a
   fault outside wasm code then kills the process with SIGSEGV, as it
   would without the library. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "reactor.h"

int32_t wasm2native_import_host__upper(void *vmctx, int32_t ptr, int32_t len) { (void)vmctx; (void)ptr; return len; }
void wasm2native_import_host__pair(void *vmctx, int64_t x, struct wasm2native_import_host__pair_results *r) {
    (void)vmctx; r->r0 = x; r->r1 = 0;
}

static sigjmp_buf recover;
static volatile sig_atomic_t host_faults;

static void on_segv(int sig, siginfo_t *info, void *ctx) {
    (void)sig; (void)info; (void)ctx;
    host_faults++;
    siglongjmp(recover, 1);
}

static void trap_once(reactor_instance *inst, const char *what) {
    int32_t v;
    w2n_error *err = reactor_load(inst, 70000, &v);
    printf("%s: %s\n", what, err ? w2n_error_message(err) : "no trap");
    w2n_error_free(err);
}

int main(int argc, char **argv) {
    int with_handler = !(argc > 1 && strcmp(argv[1], "default") == 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (with_handler) sigaction(SIGSEGV, &sa, NULL);

    w2n_wasi *wasi = w2n_wasi_new();
    reactor_instance *inst;
    w2n_error *err = reactor_instantiate(wasi, NULL, &inst);
    if (err) { printf("%s\n", w2n_error_message(err)); return 1; }
    for (int round = 0; with_handler && round < 2; round++) {
        trap_once(inst, "wasm fault");
        if (sigsetjmp(recover, 1) == 0) {
            volatile int *null = NULL;
            printf("host fault: %d\n", *null);
        }
        printf("host handler ran %d times\n", (int)host_faults);
    }
    trap_once(inst, "wasm fault again");
    fflush(stdout);
    if (!with_handler) {
        volatile int *null = NULL;
        return *null;
    }
    reactor_instance_free(inst);
    w2n_wasi_free(wasi);
    return 0;
}
