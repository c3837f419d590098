/* Large initialized data: 320 KiB of tables in the data section, which the
 * compiler turns into an initial-memory image that the runtime maps
 * copy-on-write from the executable (guard mode) or copies (explicit mode).
 * Checks that every table reads back as initialized, that writes stay
 * private and survive memory growth, and that const and mutable data
 * beside each other keep their values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma clang diagnostic ignored "-Winitializer-overrides"

#define N (64 * 1024)

/* Designated ranges give non-zero data without a huge source file. */
static uint8_t bytes[N] = {[0 ... N - 1] = 0x5a, [0] = 1, [N / 2] = 2, [N - 1] = 3};
static const uint32_t words[N] = {[0 ... N - 1] = 0xdeadbeef, [7] = 7, [N - 7] = 0x12345678};
static char text[] = "the image holds this string, and it is writable";

static uint32_t fnv(const void *p, size_t n) {
    const uint8_t *b = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
    return h;
}

int main(void) {
    printf("bytes: %u %u %u %u fnv %08x\n", bytes[0], bytes[1], bytes[N / 2], bytes[N - 1], fnv(bytes, N));
    printf("words: %08x %u %08x fnv %08x\n", words[0], words[7], words[N - 7], fnv(words, sizeof words));
    printf("text: %s\n", text);

    /* Private writes: to the image's pages, then grow the memory. */
    for (size_t i = 0; i < N; i += 4096) bytes[i] ^= 0xff;
    memcpy(text, "THE", 3);
    size_t big = 8u << 20;
    uint8_t *heap = malloc(big);
    if (!heap) return 1;
    memset(heap, 0x11, big);
    printf("after writes: %u %u %u fnv %08x, heap fnv %08x\n", bytes[0], bytes[4096], bytes[4097], fnv(bytes, N),
           fnv(heap, big));
    printf("text: %s\n", text);
    free(heap);
    return 0;
}
