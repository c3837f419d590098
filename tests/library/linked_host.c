/* A host of reactor.wat whose imports were compiled into the library
   (linked_imports.c, --link). */
#include <stdio.h>
#include "reactor.h"

int main(void) {
    w2n_wasi *wasi = w2n_wasi_new();
    reactor_instance *inst;
    double d;
    w2n_error *err = reactor_instantiate(wasi, NULL, &inst);
    if (!err) err = reactor_pair_sum(inst, 2, &d);
    if (err) { printf("%s\n", w2n_error_message(err)); return 1; }
    printf("pair_sum(2) = %g\n", d);
    reactor_instance_free(inst);
    w2n_wasi_free(wasi);
    return 0;
}
