/* String handling: strtok/strtok_r, sprintf/snprintf (including truncation
 * and return values), strtod/strtol/strtoul with end pointers and errno,
 * strstr/strchr/strrchr/strspn/strcspn, memmove overlap, case conversion,
 * and a word-frequency count. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void tokenizing(void) {
    puts("== strtok");
    char csv[] = "alpha,beta,,gamma;delta , epsilon;;zeta";
    int n = 0;
    for (char *tok = strtok(csv, ",;"); tok; tok = strtok(NULL, ",;"))
        printf("  token %d: [%s]\n", n++, tok);
    char kv[] = "name=wasm;size=42;mode=aot;empty=;=novalue";
    char *outer, *inner;
    for (char *pair = strtok_r(kv, ";", &outer); pair; pair = strtok_r(NULL, ";", &outer)) {
        char *k = strtok_r(pair, "=", &inner);
        char *v = strtok_r(NULL, "=", &inner);
        printf("  pair: key=%s value=%s\n", k ? k : "(null)", v ? v : "(null)");
    }
}

static void formatting(void) {
    puts("== sprintf/snprintf");
    char buf[64];
    int r = sprintf(buf, "%5d|%-5d|%05d|%+d|%x|%X|%#o|%c|%%", 42, 42, 42, 42, 255, 255, 8, 'Z');
    printf("  [%s] (%d)\n", buf, r);
    r = sprintf(buf, "%s|%10s|%-10s|%.3s|%*d|%-*d|", "abc", "right", "left", "truncate", 6, 7, 4, 8);
    printf("  [%s] (%d)\n", buf, r);
    r = sprintf(buf, "%ld %lu %lld %llx %hhd %hu %zu", -1L, 4000000000UL, -9000000000000LL,
                0xdeadbeefcafeULL, (char)300, (unsigned short)70000, sizeof(long long));
    printf("  [%s] (%d)\n", buf, r);
    char small[8];
    r = snprintf(small, sizeof small, "%s", "overflowing text");
    printf("  snprintf truncated: [%s] would be %d\n", small, r);
    r = snprintf(NULL, 0, "%d-%d-%d", 2024, 1, 31);
    printf("  snprintf size query: %d\n", r);
    r = snprintf(small, 1, "abc");
    printf("  snprintf size 1: [%s] %d\n", small, r);
    char *dyn = NULL;
    size_t need = (size_t)snprintf(NULL, 0, "%s/%s/%08.3f", "path", "to", 3.14159) + 1;
    dyn = malloc(need);
    snprintf(dyn, need, "%s/%s/%08.3f", "path", "to", 3.14159);
    printf("  dynamic: [%s] len %zu\n", dyn, strlen(dyn));
    free(dyn);
}

static void parsing(void) {
    puts("== strtod/strtol");
    const char *nums[] = {"3.14159", "  -2.5e-3xyz", "1e308", "1e309", "-1e-400", "0x1.8p3",
                          "inf", "-Infinity", "nan", ".5", "5.", "abc", "1,5", "123456789012345678901234567890"};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(nums[i], &end);
        printf("  strtod(\"%s\") = %.17g consumed=%d rest=\"%s\" erange=%d\n", nums[i], d,
               (int)(end - nums[i]), end, errno == ERANGE);
    }
    const char *ints[] = {"42", "-17", "0x1F", "0777", "2147483648", "-9223372036854775809",
                          "18446744073709551615", "  +12abc", "z", "1010"};
    int bases[] = {10, 10, 16, 0, 10, 10, 10, 10, 36, 2};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        char *end;
        errno = 0;
        long long v = strtoll(ints[i], &end, bases[i]);
        int e1 = errno;
        errno = 0;
        unsigned long long u = strtoull(ints[i], NULL, bases[i]);
        printf("  strtoll(\"%s\", %d) = %lld end=%d erange=%d; strtoull = %llu erange=%d\n",
               ints[i], bases[i], v, (int)(end - ints[i]), e1 == ERANGE, u, errno == ERANGE);
    }
    printf("  atoi=%d atol=%ld atof=%g\n", atoi("  -123xyz"), atol("99999"), atof("2.5e2"));
}

static void searching(void) {
    puts("== searching");
    const char *s = "the cat sat on the mat with the hat";
    printf("  strstr(the)=%ld strstr(hat)=%ld strstr(dog)=%s\n", (long)(strstr(s, "the") - s),
           (long)(strstr(s, "hat") - s), strstr(s, "dog") ? "found" : "null");
    printf("  strchr(a)=%ld strrchr(a)=%ld strchr(\\0)=%ld\n", (long)(strchr(s, 'a') - s),
           (long)(strrchr(s, 'a') - s), (long)(strchr(s, '\0') - s));
    printf("  strspn=%zu strcspn=%zu strpbrk=%s\n", strspn("aaabbbccc", "ab"),
           strcspn("hello, world", ",! "), strpbrk(s, "mw"));
    printf("  strcmp: %d %d %d strncmp=%d memcmp=%d\n", strcmp("abc", "abd") < 0,
           strcmp("b", "a") > 0, strcmp("same", "same"), strncmp("prefix-a", "prefix-b", 7),
           memcmp("\x01\xff", "\x01\x01", 2) > 0);
    int count = 0;
    for (const char *p = s; (p = strstr(p, "at")); p++) count++;
    printf("  occurrences of \"at\": %d\n", count);
}

static void mutating(void) {
    puts("== mutating");
    char buf[32] = "0123456789abcdef";
    memmove(buf + 4, buf, 10);
    printf("  memmove forward: %s\n", buf);
    memmove(buf, buf + 6, 10);
    printf("  memmove backward: %s\n", buf);
    char up[] = "Mixed Case 123 text!";
    for (char *p = up; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("  upper: %s\n", up);
    for (char *p = up; *p; p++) *p = (char)tolower((unsigned char)*p);
    printf("  lower: %s\n", up);
    char rev[] = "stressed desserts";
    for (size_t i = 0, j = strlen(rev) - 1; i < j; i++, j--) {
        char t = rev[i];
        rev[i] = rev[j];
        rev[j] = t;
    }
    printf("  reversed: %s\n", rev);
    char cat[40] = "con";
    strcat(cat, "cat");
    strncat(cat, "enation-and-more", 8);
    printf("  strcat: %s (%zu)\n", cat, strlen(cat));
    char *d = strdup(cat);
    d[0] = 'C';
    printf("  strdup: %s vs %s\n", d, cat);
    free(d);
}

struct word {
    char text[16];
    int count;
};

static int by_count(const void *a, const void *b) {
    const struct word *x = a, *y = b;
    if (x->count != y->count) return y->count - x->count;
    return strcmp(x->text, y->text);
}

static void word_frequency(void) {
    puts("== word frequency");
    const char *text =
        "It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
        "incredulity, it was the season of Light, it was the season of Darkness";
    struct word words[64];
    int nwords = 0;
    const char *p = text;
    while (*p) {
        while (*p && !isalpha((unsigned char)*p)) p++;
        if (!*p) break;
        char w[16];
        int len = 0;
        while (isalpha((unsigned char)*p)) {
            if (len < 15) w[len++] = (char)tolower((unsigned char)*p);
            p++;
        }
        w[len] = 0;
        int i;
        for (i = 0; i < nwords && strcmp(words[i].text, w); i++) {
        }
        if (i == nwords) {
            strcpy(words[nwords].text, w);
            words[nwords++].count = 0;
        }
        words[i].count++;
    }
    qsort(words, (size_t)nwords, sizeof words[0], by_count);
    for (int i = 0; i < nwords && i < 8; i++) printf("  %-8s %d\n", words[i].text, words[i].count);
    printf("  distinct words: %d\n", nwords);
}

int main(void) {
    tokenizing();
    formatting();
    parsing();
    searching();
    mutating();
    word_frequency();
    return 0;
}
