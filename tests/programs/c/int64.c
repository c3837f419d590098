// build-flags: c/support/stack_chk.c
/* 64-bit and 128-bit integer arithmetic: signed/unsigned mul, div, rem,
 * shifts, rotates, clz/ctz/popcnt, edge cases around INT64_MIN and
 * UINT64_MAX, widening/narrowing, and __int128 (lowered to libcalls and
 * multi-word arithmetic). Inputs go through volatile so nothing folds. */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

static volatile int64_t sv[] = {0, 1, -1, 2, -2, 7, -7, 1000000007, -999999999999,
                                INT64_MAX, INT64_MIN, INT64_MIN + 1, 0x123456789abcdefLL};
#define NSV (sizeof sv / sizeof sv[0])

static uint64_t rotl(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> ((64 - r) & 63)); }
static uint64_t rotr(uint64_t x, unsigned r) { return (x >> (r & 63)) | (x << ((64 - r) & 63)); }
static uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> ((32 - r) & 31)); }

static void print_u128(unsigned __int128 v) {
    char buf[48];
    int i = sizeof buf - 1;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    fputs(buf + i, stdout);
}

static void print_i128(__int128 v) {
    if (v < 0) {
        putchar('-');
        print_u128(-(unsigned __int128)v);
    } else {
        print_u128((unsigned __int128)v);
    }
}

static void arithmetic(void) {
    puts("== signed pairs (a, b): a*b a/b a%b a>>k");
    for (unsigned i = 0; i < NSV; i++) {
        for (unsigned j = 0; j < NSV; j++) {
            int64_t a = sv[i], b = sv[j];
            if ((i * 7 + j * 3) % 5 != 0) continue; /* a deterministic sample of the pairs */
            int64_t prod = (int64_t)((uint64_t)a * (uint64_t)b);
            printf("%" PRId64 " %" PRId64 ": mul=%" PRId64, a, b, prod);
            if (b != 0 && !(a == INT64_MIN && b == -1))
                printf(" div=%" PRId64 " rem=%" PRId64, a / b, a % b);
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            if (ub != 0) printf(" udiv=%" PRIu64 " urem=%" PRIu64, ua / ub, ua % ub);
            printf(" sar=%" PRId64 " shr=%" PRIx64 " shl=%" PRIx64 "\n", a >> (b & 63),
                   ua >> (b & 63), ua << (b & 63));
        }
    }
}

static void bits(void) {
    puts("== bit operations");
    for (unsigned i = 0; i < NSV; i++) {
        uint64_t x = (uint64_t)sv[i];
        uint32_t lo = (uint32_t)x;
        printf("%016" PRIx64 ": clz=%d ctz=%d pop=%d rotl13=%016" PRIx64 " rotr7=%016" PRIx64
               " lo32: clz=%d ctz=%d pop=%d rotl5=%08" PRIx32 " bswap=%016" PRIx64 "\n",
               x, x ? __builtin_clzll(x) : 64, x ? __builtin_ctzll(x) : 64,
               __builtin_popcountll(x), rotl(x, 13), rotr(x, 7), lo ? __builtin_clz(lo) : 32,
               lo ? __builtin_ctz(lo) : 32, __builtin_popcount(lo), rotl32(lo, 5),
               __builtin_bswap64(x));
    }
}

static void conversions(void) {
    puts("== widening and narrowing");
    for (unsigned i = 0; i < NSV; i++) {
        int64_t x = sv[i];
        printf("%" PRId64 ": i32=%" PRId32 " u32=%" PRIu32 " i16=%d u8=%u sext32=%" PRId64
               " zext32=%" PRIu64 "\n",
               x, (int32_t)x, (uint32_t)x, (int16_t)x, (uint8_t)x, (int64_t)(int32_t)x,
               (uint64_t)(uint32_t)x);
    }
    volatile int32_t m = INT32_MIN;
    volatile uint32_t um = UINT32_MAX;
    printf("int32 edges: %d %d %u %u %" PRId64 "\n", m - 1 + 1, -(m + 1), um + 1u, um * um,
           (int64_t)m * m);
}

static void overflow_checks(void) {
    puts("== overflow builtins");
    for (unsigned i = 0; i < NSV; i++) {
        int64_t a = sv[i], r;
        int o1 = __builtin_add_overflow(a, INT64_MAX / 2, &r);
        int o2 = __builtin_mul_overflow(a, (int64_t)3, &r);
        int o3 = __builtin_sub_overflow(a, INT64_MAX, &r);
        uint64_t ur;
        int o4 = __builtin_add_overflow((uint64_t)a, UINT64_MAX / 3, &ur);
        printf("%" PRId64 ": add=%d mul=%d sub=%d uadd=%d\n", a, o1, o2, o3, o4);
    }
}

static void wide(void) {
    puts("== __int128");
    unsigned __int128 f = 1;
    for (int i = 1; i <= 34; i++) {
        f *= (unsigned)i;
        if (i >= 20 && i % 2 == 0) {
            printf("%d! = ", i);
            print_u128(f);
            putchar('\n');
        }
    }
    __int128 a = (__int128)sv[9] * sv[9]; /* INT64_MAX^2 */
    __int128 b = (__int128)sv[10] * sv[12];
    printf("max^2 = ");
    print_i128(a);
    printf("\nmin*c = ");
    print_i128(b);
    printf("\nmax^2 / c = ");
    print_i128(a / sv[12]);
    printf("\nmax^2 %% 1000000007 = ");
    print_i128(a % sv[7]);
    printf("\nb >> 70 = ");
    print_i128(b >> 70);
    printf("\n(u)b >> 70 = ");
    print_u128((unsigned __int128)b >> 70);
    unsigned __int128 p = (unsigned __int128)(uint64_t)sv[12] << 64 | (uint64_t)sv[6];
    printf("\nclz128(high)=%d mulhi=%016" PRIx64 "\n", __builtin_clzll((uint64_t)(p >> 64)),
           (uint64_t)(((unsigned __int128)(uint64_t)sv[9] * (uint64_t)sv[12]) >> 64));
    /* 128-bit modular exponentiation, a typical bignum-lite workload */
    uint64_t mod = 0xffffffffffffffc5ull, base = 0x0123456789abcdefull, e = 0xfedcba9876543210ull,
             acc = 1;
    while (e) {
        if (e & 1) acc = (uint64_t)((unsigned __int128)acc * base % mod);
        base = (uint64_t)((unsigned __int128)base * base % mod);
        e >>= 1;
    }
    printf("powmod = %016" PRIx64 "\n", acc);
}

static void mixing(void) {
    puts("== hashing loop");
    uint64_t h = 0xcbf29ce484222325ull, x = 1;
    for (int i = 0; i < 100000; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        h ^= x >> 33;
        h *= 0x100000001b3ull;
        h = rotl(h, (unsigned)(x & 63));
    }
    printf("h=%016" PRIx64 " x=%016" PRIx64 "\n", h, x);
    /* signed division by powers of two and by constants (magic numbers) */
    int64_t sum = 0;
    for (int64_t v = -5000; v <= 5000; v += 7)
        sum += v / 8 + v % 8 + v / 7 + v % 7 + v / 1000 + (int64_t)((uint64_t)v / 3);
    printf("div-by-constant sum = %" PRId64 "\n", sum);
}

int main(void) {
    arithmetic();
    bits();
    conversions();
    overflow_checks();
    wide();
    mixing();
    return 0;
}
