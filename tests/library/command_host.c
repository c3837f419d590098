/* Runs a WASI command compiled as library `cmd` (its _start is cmd__start),
   twice on fresh instances, with the arguments given: prints how each run
   ended. A command's exit status comes back as an error; the host goes on. */
#include <stdio.h>
#include "cmd.h"

int main(int argc, char **argv) {
    w2n_wasi *wasi = w2n_wasi_new();
    for (int i = 1; i < argc; i++) w2n_wasi_arg(wasi, argv[i]);
    w2n_wasi_env(wasi, "USER", "embedder");
    w2n_wasi_inherit_stdio(wasi);
    for (int run = 1; run <= 2; run++) {
        cmd_instance *inst;
        w2n_error *err = cmd_instantiate(wasi, NULL, &inst);
        if (!err) err = cmd__start(inst);
        int status = 0;
        fflush(stdout);
        if (err && !w2n_error_exit_status(err, &status)) {
            printf("run %d failed: %s\n", run, w2n_error_message(err));
            return 1;
        }
        printf("run %d: exit status %d\n", run, status);
        fflush(stdout);
        w2n_error_free(err);
        cmd_instance_free(inst);
    }
    w2n_wasi_free(wasi);
    return 0;
}
