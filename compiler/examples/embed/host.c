/* A host program embedding greet.wasm as a native library: the "greet"
   pattern. Build and run it (from the repository root):

     wasm2native compile compiler/examples/embed/greet.wasm --emit staticlib -o libgreet.a && wasm2native header compiler/examples/embed/greet.wasm > greet.h
     cc -I. compiler/examples/embed/host.c libgreet.a -lm -lpthread -ldl -o greet && ./greet World
*/
#include <stdio.h>
#include <string.h>
#include "greet.h"

static int fail(w2n_error *err) {
    fprintf(stderr, "%s\n", w2n_error_message(err));
    w2n_error_free(err);
    return 1;
}

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "world";
    w2n_wasi *wasi = w2n_wasi_new();       /* the guest's WASI: only stdout, inherited */
    w2n_wasi_stdout(wasi, 1);
    greet_instance *inst;
    w2n_error *err = greet_instantiate(wasi, NULL, &inst);
    if (err) return fail(err);

    /* Copy the name into guest memory. */
    int32_t len = (int32_t)strlen(name), name_ptr, out_ptr, len_ptr, answer;
    if ((err = greet_alloc(inst, len, &name_ptr)) || (err = greet_alloc(inst, 4, &len_ptr))) return fail(err);
    size_t size;
    uint8_t *mem = greet_memory(inst, &size);
    if (name_ptr == 0 || (size_t)name_ptr + len > size) return fprintf(stderr, "out of guest memory\n"), 1;
    memcpy(mem + name_ptr, name, len);

    /* Call it; read the answer back (memory may have moved or grown: ask again). */
    if ((err = greet_greet(inst, name_ptr, len, len_ptr, &answer))) return fail(err);
    mem = greet_memory(inst, &size);
    uint32_t answer_len;
    memcpy(&answer_len, mem + len_ptr, 4);
    if (answer == 0 || (size_t)answer + answer_len > size) return fprintf(stderr, "bad answer\n"), 1;
    printf("%.*s\n", (int)answer_len, (const char *)mem + answer);

    greet_dealloc(inst, answer);
    greet_instance_free(inst);
    w2n_wasi_free(wasi);
    return 0;
}
