// build-flags: -msimd128 -O3
/* 128-bit SIMD: loops clang auto-vectorizes (integer add/mul/reductions,
 * byte histograms, saxpy, clamping), and explicit wasm_simd128.h intrinsics
 * for shuffles, swizzles, saturating and widening arithmetic, comparisons
 * and bitmasks, lane loads/stores, conversions and float lanes. Results are
 * printed lane by lane. No NaN is produced by float lane arithmetic (its
 * sign would be unspecified). */
#include <stdint.h>
#include <stdio.h>
#include <wasm_simd128.h>

#define N 1024
static int32_t a[N], b[N], c[N];
static float fx[N], fy[N];
static uint8_t bytes[4 * N];

static void print_i32x4(const char *what, v128_t v) {
    printf("%-18s %d %d %d %d\n", what, wasm_i32x4_extract_lane(v, 0), wasm_i32x4_extract_lane(v, 1),
           wasm_i32x4_extract_lane(v, 2), wasm_i32x4_extract_lane(v, 3));
}
static void print_u8x16(const char *what, v128_t v) {
    uint8_t out[16];
    wasm_v128_store(out, v);
    printf("%-18s", what);
    for (int i = 0; i < 16; i++) printf(" %02x", out[i]);
    printf("\n");
}
static void print_i16x8(const char *what, v128_t v) {
    int16_t out[8];
    wasm_v128_store(out, v);
    printf("%-18s", what);
    for (int i = 0; i < 8; i++) printf(" %d", out[i]);
    printf("\n");
}
static void print_f32x4(const char *what, v128_t v) {
    printf("%-18s %.6g %.6g %.6g %.6g\n", what, wasm_f32x4_extract_lane(v, 0), wasm_f32x4_extract_lane(v, 1),
           wasm_f32x4_extract_lane(v, 2), wasm_f32x4_extract_lane(v, 3));
}

static void autovectorized(void) {
    puts("== auto-vectorized loops");
    for (int i = 0; i < N; i++) {
        a[i] = i * 7 - 3000;
        b[i] = (i * 13) % 101 - 50;
        fx[i] = (float)i * 0.25f;
        fy[i] = (float)(N - i) * 0.5f;
    }
    for (int i = 0; i < N; i++) c[i] = a[i] * b[i] + (a[i] >> 3);
    int64_t sum = 0;
    int32_t mx = INT32_MIN, mn = INT32_MAX;
    for (int i = 0; i < N; i++) {
        sum += c[i];
        mx = c[i] > mx ? c[i] : mx;
        mn = c[i] < mn ? c[i] : mn;
    }
    printf("c: sum=%lld max=%d min=%d c[5]=%d c[1000]=%d\n", (long long)sum, mx, mn, c[5], c[1000]);
    for (int i = 0; i < N; i++) fy[i] = 2.5f * fx[i] + fy[i];
    printf("saxpy: %.3f %.3f %.3f\n", fy[0], fy[511], fy[1023]);
    for (int i = 0; i < 4 * N; i++) bytes[i] = (uint8_t)(i * 37 + (i >> 5));
    unsigned hist[4] = {0};
    for (int i = 0; i < 4 * N; i++) hist[bytes[i] >> 6]++;
    for (int i = 0; i < 4 * N; i++) bytes[i] = bytes[i] > 200 ? 200 : bytes[i] < 20 ? 20 : bytes[i];
    unsigned bsum = 0;
    for (int i = 0; i < 4 * N; i++) bsum += bytes[i];
    printf("bytes: hist=%u,%u,%u,%u clamped sum=%u\n", hist[0], hist[1], hist[2], hist[3], bsum);
}

static void integer_lanes(void) {
    puts("== integer lanes");
    v128_t x = wasm_i32x4_make(1, -2, 0x7fffffff, INT32_MIN);
    v128_t y = wasm_i32x4_make(10, 20, 1, -1);
    print_i32x4("i32x4.add", wasm_i32x4_add(x, y));
    print_i32x4("i32x4.mul", wasm_i32x4_mul(x, y));
    print_i32x4("i32x4.min_s", wasm_i32x4_min(x, y));
    print_i32x4("i32x4.max_u", wasm_u32x4_max(x, y));
    print_i32x4("i32x4.shr_s 1", wasm_i32x4_shr(x, 1));
    print_i32x4("i32x4.shr_u 33", wasm_u32x4_shr(x, 33));
    print_i32x4("i32x4.lt_s", wasm_i32x4_lt(x, y));
    print_i32x4("i32x4.abs", wasm_i32x4_abs(x));
    v128_t h = wasm_i16x8_make(30000, -30000, 100, -1, 32767, -32768, 5, 7);
    v128_t k = wasm_i16x8_make(10000, -10000, 200, -1, 1, -1, -5, 9);
    print_i16x8("i16x8.add_sat_s", wasm_i16x8_add_sat(h, k));
    print_i16x8("i16x8.sub_sat_u", wasm_u16x8_sub_sat(h, k));
    print_i16x8("i16x8.q15mulr_sat", wasm_i16x8_q15mulr_sat(h, k));
    print_i32x4("i32x4.dot_i16x8", wasm_i32x4_dot_i16x8(h, k));
    print_i32x4("extmul_low_i16x8", wasm_i32x4_extmul_low_i16x8(h, k));
    print_i32x4("extend_high_u16", wasm_u32x4_extend_high_u16x8(h));
    print_i16x8("narrow_i32x4_s", wasm_i16x8_narrow_i32x4(x, y));
    v128_t bytes16 = wasm_i8x16_make(0, 1, 2, 3, 4, 5, 6, 7, -8, -7, -6, -5, -4, -3, -2, -1);
    print_u8x16("i8x16.popcnt", wasm_i8x16_popcnt(bytes16));
    print_u8x16("i8x16.avgr_u", wasm_u8x16_avgr(bytes16, wasm_i8x16_splat(9)));
    print_u8x16("i8x16.shl 3", wasm_i8x16_shl(bytes16, 3));
    printf("%-18s %#x\n", "i8x16.bitmask", wasm_i8x16_bitmask(bytes16));
    printf("%-18s %d %d\n", "any/all_true", wasm_v128_any_true(bytes16), wasm_i8x16_all_true(bytes16));
    v128_t l = wasm_i64x2_make(INT64_MIN, 0x0123456789abcdefLL);
    v128_t m = wasm_i64x2_mul(l, wasm_i64x2_splat(3));
    printf("%-18s %lld %lld\n", "i64x2.mul", (long long)wasm_i64x2_extract_lane(m, 0),
           (long long)wasm_i64x2_extract_lane(m, 1));
    printf("%-18s %#x\n", "i64x2.bitmask", wasm_i64x2_bitmask(l));
}

static void shuffles(void) {
    puts("== shuffles, swizzles, lanes");
    v128_t p = wasm_i8x16_make(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    v128_t q = wasm_i8x16_splat(0x40);
    print_u8x16("shuffle", wasm_i8x16_shuffle(p, q, 15, 0, 16, 1, 31, 2, 14, 3, 13, 4, 12, 5, 11, 6, 10, 7));
    print_u8x16("swizzle", wasm_i8x16_swizzle(p, wasm_u8x16_make(3, 3, 0, 15, 16, 255, 1, 2, 8, 9, 100, 7, 6, 5, 4, 0)));
    print_u8x16("replace_lane", wasm_i8x16_replace_lane(p, 9, 0xee));
    print_u8x16("bitselect", wasm_v128_bitselect(p, q, wasm_i8x16_splat(0x0f)));
    print_u8x16("andnot", wasm_v128_andnot(p, wasm_i8x16_splat(0x05)));
    static uint8_t mem[32];
    for (int i = 0; i < 32; i++) mem[i] = (uint8_t)(0xa0 + i);
    print_u8x16("load unaligned", wasm_v128_load(mem + 3));
    print_u8x16("load32_splat", wasm_v128_load32_splat(mem + 4));
    print_u8x16("load8x8_u", wasm_u16x8_load8x8(mem + 8));
    print_u8x16("load64_zero", wasm_v128_load64_zero(mem + 1));
    print_u8x16("load16_lane 3", wasm_v128_load16_lane(mem + 20, p, 3));
    wasm_v128_store32_lane(mem, wasm_i32x4_make(1, 2, 0x11223344, 4), 2);
    printf("%-18s %02x %02x %02x %02x %02x\n", "store32_lane", mem[0], mem[1], mem[2], mem[3], mem[4]);
}

static void float_lanes(void) {
    puts("== float lanes");
    v128_t f = wasm_f32x4_make(1.5f, -2.25f, 1e30f, -0.0f);
    v128_t g = wasm_f32x4_make(0.5f, 4.0f, 1e10f, 0.0f);
    print_f32x4("f32x4.add", wasm_f32x4_add(f, g));
    print_f32x4("f32x4.mul", wasm_f32x4_mul(f, g));
    print_f32x4("f32x4.div", wasm_f32x4_div(f, wasm_f32x4_make(0.5f, 4.0f, 1e10f, 8.0f)));
    print_f32x4("f32x4.min", wasm_f32x4_min(f, g));
    print_f32x4("f32x4.pmax", wasm_f32x4_pmax(f, g));
    print_f32x4("f32x4.sqrt(abs)", wasm_f32x4_sqrt(wasm_f32x4_abs(f)));
    print_f32x4("f32x4.nearest", wasm_f32x4_nearest(wasm_f32x4_make(0.5f, 1.5f, -2.5f, 2.6f)));
    print_i32x4("trunc_sat_f32x4", wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_make(3e9f, -3e9f, -1.9f, 1.9f)));
    print_i32x4("u32 trunc_sat", wasm_u32x4_trunc_sat_f32x4(wasm_f32x4_make(5e9f, -1.0f, 2.5e9f, 7.9f)));
    print_f32x4("convert_u32", wasm_f32x4_convert_u32x4(wasm_u32x4_make(0xffffffffu, 1, 0x80000000u, 16777217)));
    print_i32x4("f32x4.le", wasm_f32x4_le(f, g));
    v128_t d = wasm_f64x2_make(0.1, -1e300);
    v128_t e = wasm_f64x2_mul(d, wasm_f64x2_splat(1e10));
    printf("%-18s %.17g %.17g\n", "f64x2.mul", wasm_f64x2_extract_lane(e, 0), wasm_f64x2_extract_lane(e, 1));
    v128_t pr = wasm_f64x2_promote_low_f32x4(f);
    printf("%-18s %.17g %.17g\n", "promote_low", wasm_f64x2_extract_lane(pr, 0), wasm_f64x2_extract_lane(pr, 1));
    print_f32x4("demote_zero", wasm_f32x4_demote_f64x2_zero(wasm_f64x2_make(0.1, 1e40)));
}

int main(void) {
    autovectorized();
    integer_lanes();
    shuffles();
    float_lanes();
    return 0;
}
