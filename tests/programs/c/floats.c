/* Floating point: printf conversions, rounding modes of formatting,
 * NaN/infinity handling, and a tour of math.h. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

/* Inputs come through volatile so clang cannot fold the math at compile time. */
static volatile double vin[] = {0.0, -0.0, 0.5, 1.0, -1.5, 2.5, 3.14159265358979,
                                -7.25, 1e-300, 1e300, 123456.789, -0.1};
#define NIN (sizeof vin / sizeof vin[0])

static uint64_t bits(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static void formats(void) {
    puts("== printf formats");
    for (unsigned i = 0; i < NIN; i++) {
        double d = vin[i];
        printf("%u: f=%f e=%e g=%g .3f=%.3f .0f=%.0f 12.4e=[%12.4e] -10.2f=[%-10.2f] a=%a\n",
               i, d, d, d, d, d, d, d, d);
    }
    /* Round-half-even in the formatting of exactly representable halves. */
    double halves[] = {0.5, 1.5, 2.5, 3.5, -0.5, -2.5, 0.125, 0.375};
    for (unsigned i = 0; i < sizeof halves / sizeof halves[0]; i++)
        printf("half %g -> %.0f %.2f\n", halves[i], halves[i], halves[i]);
    printf("precision: %.17g %.17g %.20f\n", 0.1, 1.0 / 3.0, 0.1);
    printf("limits: %g %g %g %e\n", DBL_MAX, DBL_MIN, DBL_EPSILON, 4.9406564584124654e-324);
    printf("float: %f %.9g %g\n", (double)1.1f, (double)FLT_MAX, (double)FLT_MIN);
    printf("flags: [%+f] [% f] [%08.3f] [%#g] [%#.0f] [%G] [%E]\n", 3.5, 3.5, -3.5, 2.0, 7.0,
           1e-10, 12345.678);
}

static void specials(void) {
    puts("== specials");
    volatile double zero = 0.0;
    double inf = 1.0 / zero, ninf = -1.0 / zero, nan = zero / zero;
    printf("inf=%f ninf=%f nan=%f NAN=%F INF=%E\n", inf, ninf, fabs(nan), inf, ninf);
    printf("isnan %d %d isinf %d %d isfinite %d %d\n", isnan(nan), isnan(inf), isinf(inf) != 0,
           isinf(1.0), isfinite(1.0), isfinite(nan));
    printf("nan==nan %d nan!=nan %d nan<1 %d inf>DBL_MAX %d\n", nan == nan, nan != nan, nan < 1.0,
           inf > DBL_MAX);
    printf("signbit(-0.0)=%d signbit(0.0)=%d -0.0==0.0 %d 1/-0=%f\n", signbit(-zero) != 0,
           signbit(zero) != 0, -zero == zero, 1.0 / -zero);
    printf("copysign %f %f\n", copysign(3.0, -zero), copysign(-3.0, 1.0));
    printf("fpclassify %d %d %d %d %d\n", fpclassify(inf) == FP_INFINITE,
           fpclassify(nan) == FP_NAN, fpclassify(0.0) == FP_ZERO,
           fpclassify(1e-310) == FP_SUBNORMAL, fpclassify(1.0) == FP_NORMAL);
    printf("inf-inf nan? %d  inf*0 nan? %d  bits(-0.0)=%016llx bits(inf)=%016llx\n",
           isnan(inf - inf), isnan(inf * zero), (unsigned long long)bits(-zero),
           (unsigned long long)bits(inf));
}

static void mathfns(void) {
    puts("== math.h");
    for (unsigned i = 0; i < NIN; i++) {
        double x = vin[i];
        printf("x=%g sin=%.12f cos=%.12f tan=%.9g exp=%.12g log=%.12g sqrt=%.12g\n", x, sin(x),
               cos(x), tan(x), exp(x), log(fabs(x) + 1.0), sqrt(fabs(x)));
        printf("  floor=%g ceil=%g trunc=%g round=%g nearbyint=%g rint=%g lround=%ld\n",
               floor(x), ceil(x), trunc(x), round(x), nearbyint(x), rint(x),
               fabs(x) < 1e18 ? lround(x) : 0L);
    }
    printf("pow: %.15g %.15g %.15g %g isnan(pow(-8,1/3))=%d\n", pow(2.0, 0.5), pow(10.0, -3.0),
           pow(-2.0, 3.0), pow(0.0, 0.0), isnan(pow(-8.0, 1.0 / 3.0)));
    printf("fmod: %g %g %g %g remainder=%g\n", fmod(10.0, 3.0), fmod(-10.0, 3.0),
           fmod(5.5, 1.25), fmod(1.0, 0.1), remainder(10.0, 3.0));
    printf("atan2: %.12f %.12f hypot=%.12g cbrt=%.12g\n", atan2(1.0, -1.0), atan2(-0.0, -1.0),
           hypot(3.0, 4.0), cbrt(-27.0));
    printf("log2=%g log10=%g log1p=%.15g expm1=%.15g\n", log2(1024.0), log10(0.001), log1p(1e-10),
           expm1(1e-10));
    int e;
    double m = frexp(48.0, &e);
    printf("frexp(48)=%g,%d ldexp=%g modf:", m, e, ldexp(0.75, 6));
    double ip, fp = modf(-3.75, &ip);
    printf(" %g %g\n", ip, fp);
    printf("sinh=%.12g cosh=%.12g tanh=%.12g asin=%.12g acos=%.12g atan=%.12g\n", sinh(1.0),
           cosh(1.0), tanh(0.5), asin(0.5), acos(0.5), atan(1.0));
    printf("fmin/fmax with nan: %g %g  fdim=%g fma=%.17g\n", fmin(NAN, 2.0), fmax(-1.0, NAN),
           fdim(5.0, 3.0), fma(0.1, 10.0, -1.0));
}

static void conversions(void) {
    puts("== conversions");
    volatile double src[] = {2.9, -2.9, 1e10, -0.99, 4294967295.0, 9.007199254740993e15};
    for (unsigned i = 0; i < sizeof src / sizeof src[0]; i++) {
        double d = src[i];
        long long ll = (long long)d;
        unsigned u = (d >= 0 && d < 4294967296.0) ? (unsigned)d : 0;
        float f = (float)d;
        printf("%.17g -> ll=%lld u=%u f=%.9g\n", d, ll, u, (double)f);
    }
    volatile long long big = 9007199254740993LL;
    volatile unsigned long long ubig = 18446744073709551615ULL;
    printf("ll->d %.17g ull->d %.17g ull->f %.9g\n", (double)big, (double)ubig, (double)(float)ubig);
    /* Accumulation: summing 0.1 ten million times drifts in a known way. */
    double sum = 0;
    float fsum = 0;
    for (int i = 0; i < 1000000; i++) {
        sum += 0.1;
        fsum += 0.1f;
    }
    printf("sum=%.10f fsum=%.6f\n", sum, (double)fsum);
}

int main(void) {
    formats();
    specials();
    mathfns();
    conversions();
    return 0;
}
