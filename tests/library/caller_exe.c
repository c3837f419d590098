/* Host functions of caller_exe.wat. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

uint8_t *w2n_caller_memory(void *vmctx, size_t *size);
void *w2n_caller_host_data(void *vmctx);
void w2n_caller_trap(void *vmctx, const char *message);

void wasm2native_import_host__print(void *vmctx, int32_t ptr, int32_t len) {
    size_t size;
    uint8_t *mem = w2n_caller_memory(vmctx, &size);
    if (ptr < 0 || len < 0 || (size_t)ptr + (size_t)len > size) w2n_caller_trap(vmctx, "print: out of bounds");
    (void)!write(1, mem + ptr, (size_t)len);
}

int32_t wasm2native_import_host__answer(void *vmctx, int32_t ptr) {
    size_t size;
    uint8_t *mem = w2n_caller_memory(vmctx, &size);
    if (ptr < 0 || (size_t)ptr + 3 > size) w2n_caller_trap(vmctx, "answer: out of bounds");
    memcpy(mem + ptr, w2n_caller_host_data(vmctx) == NULL ? "42\n" : "??\n", 3);
    return 3;
}

void wasm2native_import_host__fail(void *vmctx, int32_t code) {
    char msg[64];
    snprintf(msg, sizeof msg, "host function failed with code %d", code);
    w2n_caller_trap(vmctx, msg);
}
