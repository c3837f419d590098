// build-flags: -mbulk-memory
/* memops: memcpy/memmove/memset of mixed sizes over a 16 MiB buffer. Built
 * with bulk memory, so clang turns these calls into memory.copy and
 * memory.fill: this measures how fast those are. */
#include <string.h>
#include "kernel.h"

#define SIZE (16u << 20)
#define ROUNDS 10000
static unsigned char buf[SIZE];

int main(void) {
    for (uint32_t i = 0; i < SIZE; i++) buf[i] = (unsigned char)(i * 31 + 7);
    uint64_t h = 0;
    static const uint32_t sizes[] = {16, 64, 256, 1024, 4096, 65536, 1u << 20};
    for (int r = 0; r < ROUNDS; r++) {
        uint32_t len = sizes[r % 7];
        uint32_t src = lcg_next() % (SIZE - len), dst = lcg_next() % (SIZE - len);
        memmove(buf + dst, buf + src, len);
        if (r % 5 == 0) memset(buf + (lcg_next() % (SIZE - len)), r & 0xff, len);
        for (uint32_t k = 0; k < 64; k++) {
            uint32_t n = sizes[k % 4];
            uint32_t a = lcg_next() % (SIZE - n), b = lcg_next() % (SIZE - n);
            memcpy(buf + a, buf + b, n);
            h = h * 1099511628211ull + buf[a + n / 2];
        }
    }
    for (uint32_t i = 0; i < SIZE; i += 4099) h = h * 31 + buf[i];
    printf("memops %u MiB %d rounds hash %016llx\n", SIZE >> 20, ROUNDS, (unsigned long long)h);
    return 0;
}
