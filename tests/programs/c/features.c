// build-flags: -mbulk-memory -mnontrapping-fptoint -msign-ext -mmultivalue -Xclang -target-abi -Xclang experimental-mv
/* Built with post-MVP features enabled so that clang emits them: bulk
 * memory (memcpy/memset become memory.copy/memory.fill), saturating
 * float-to-int conversions, sign-extension operators, and the multi-value
 * ABI (small structs are returned as several values). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct pair {
    int64_t quot;
    int64_t rem;
};
struct rgb {
    float r, g, b;
};
struct mixed {
    int8_t tag;
    double value;
    uint32_t count;
};

/* Returned as multiple values under the experimental-mv ABI. */
__attribute__((noinline)) static struct pair divmod(int64_t a, int64_t b) {
    struct pair p = {a / b, a % b};
    return p;
}
__attribute__((noinline)) static struct rgb blend(struct rgb x, struct rgb y, float t) {
    struct rgb out = {x.r + (y.r - x.r) * t, x.g + (y.g - x.g) * t, x.b + (y.b - x.b) * t};
    return out;
}
__attribute__((noinline)) static struct mixed describe(int i) {
    struct mixed m = {(int8_t)(i * 37), i / 3.0, (uint32_t)i * 2654435761u};
    return m;
}

/* Out of line so the sizes are not known: these become memory.copy/fill. */
__attribute__((noinline)) static void move(char *d, const char *s, size_t n) { __builtin_memmove(d, s, n); }
__attribute__((noinline)) static void fill(char *d, int c, size_t n) { __builtin_memset(d, c, n); }

static volatile double conv_in[] = {1e10, -1e10, 3.99, -3.99, 0.0 / 0.0, 1.0 / 0.0, 2147483647.5};
static volatile int wide[] = {0x7f, 0x80, 0xff, 0x1234, 0x8001, -1, 0x12345678};

int main(void) {
    puts("== multi-value struct returns");
    for (int64_t a = -20; a <= 20; a += 13) {
        struct pair p = divmod(a, 7);
        printf("divmod(%lld, 7) = %lld, %lld\n", (long long)a, (long long)p.quot, (long long)p.rem);
    }
    struct rgb red = {1, 0, 0}, blue = {0, 0.25f, 1};
    for (int k = 0; k <= 4; k++) {
        struct rgb c = blend(red, blue, k / 4.0f);
        printf("blend %d/4 = %.4f %.4f %.4f\n", k, c.r, c.g, c.b);
    }
    for (int i = 1; i < 5; i++) {
        struct mixed m = describe(i);
        printf("describe(%d) = %d %.6f %u\n", i, m.tag, m.value, m.count);
    }

    puts("== saturating conversions (UB in C, defined by the instruction)");
    for (unsigned i = 0; i < sizeof conv_in / sizeof conv_in[0]; i++) {
        double d = conv_in[i];
        printf("%g -> i32 %d  u32 %u  i64 %lld\n", d == d ? d : 0.0, __builtin_wasm_trunc_saturate_s_i32_f64(d),
               __builtin_wasm_trunc_saturate_u_i32_f64(d), (long long)__builtin_wasm_trunc_saturate_s_i64_f64(d));
    }

    puts("== sign extension");
    for (unsigned i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        int v = wide[i];
        printf("%#x: i8 %d i16 %d i64 %lld\n", v, (int8_t)v, (int16_t)v, (long long)(int64_t)(int32_t)v);
    }

    puts("== bulk memory");
    static char buf[1 << 16];
    fill(buf, 'x', sizeof buf);
    fill(buf + 100, 0, 50);
    move(buf + 1000, "hello, bulk memory", 18);
    move(buf + 1004, buf + 1000, 18); /* overlapping, forward */
    move(buf + 1000, buf + 1006, 10); /* overlapping, backward */
    printf("%.30s\n", buf + 1000);
    for (int round = 0; round < 4; round++) {
        fill(buf + 20000 + round * 4096, 'a' + round, 4096);
        move(buf + round * 4096, buf + 20000 + round * 4096, 4096);
    }
    printf("after copies: %c %c %c %c\n", buf[0], buf[4096], buf[8192], buf[12288 + 4095]);
    move(buf + 5, buf + 5, 0);
    fill(buf + sizeof buf, 0, 0); /* zero length just past the array: no effect */
    unsigned long sum = 0;
    for (size_t i = 0; i < sizeof buf; i++) sum += (unsigned char)buf[i] * (i % 7 + 1);
    printf("checksum %lu\n", sum);
    return 0;
}
