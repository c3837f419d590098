/* qsort and bsearch with several comparators (called through function
 * pointers from libc, i.e. call_indirect), plus a hand-written merge sort
 * checked against qsort. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t seed = 0x9e3779b97f4a7c15ull;
static uint32_t next_rand(void) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (uint32_t)(seed >> 11);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}
static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct person {
    char name[12];
    int age;
    int id;
};
/* by age, then name, then id: a total order so the result is unique */
static int cmp_person(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    int c = strcmp(p->name, q->name);
    return c ? c : p->id - q->id;
}

static void merge_sort(int *v, int *tmp, size_t n, int (*cmp)(const void *, const void *)) {
    if (n < 2) return;
    size_t h = n / 2;
    merge_sort(v, tmp, h, cmp);
    merge_sort(v + h, tmp, n - h, cmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static void ints(void) {
    enum { N = 20000 };
    static int a[N], b[N], tmp[N];
    for (int i = 0; i < N; i++) a[i] = b[i] = (int)(next_rand() % 100000) - 50000;
    qsort(a, N, sizeof a[0], cmp_int);
    merge_sort(b, tmp, N, cmp_int);
    printf("ints: same=%d first=%d median=%d last=%d\n", memcmp(a, b, sizeof a) == 0, a[0],
           a[N / 2], a[N - 1]);
    int sorted = 1;
    for (int i = 1; i < N; i++) sorted &= a[i - 1] <= a[i];
    printf("sorted=%d\n", sorted);
    int keys[] = {a[0], a[777], a[N - 1], 123456, -50001};
    for (int i = 0; i < 5; i++) {
        int *hit = bsearch(&keys[i], a, N, sizeof a[0], cmp_int);
        /* bsearch may land on any of equal keys: report the value, not the index */
        printf("bsearch %d -> %s\n", keys[i], hit ? (*hit == keys[i] ? "found" : "WRONG") : "absent");
    }
    qsort(a, N, sizeof a[0], cmp_int_desc);
    printf("desc: %d %d %d\n", a[0], a[1], a[N - 1]);
}

static void strings(void) {
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry",
                           "grape", "kiwi", "lemon", "mango", "nectarine", "orange", "Apple",
                           "apples", "", "zebra", "apple"};
    size_t n = sizeof words / sizeof words[0];
    qsort(words, n, sizeof words[0], cmp_str);
    printf("words:");
    for (size_t i = 0; i < n; i++) printf(" [%s]", words[i]);
    printf("\n");
    const char *probe[] = {"fig", "apples", "zzz", ""};
    for (int i = 0; i < 4; i++) {
        const char **hit = bsearch(&probe[i], words, n, sizeof words[0], cmp_str);
        printf("bsearch \"%s\" -> %ld\n", probe[i], hit ? (long)(hit - words) : -1L);
    }
}

static void doubles(void) {
    double d[64];
    for (int i = 0; i < 64; i++) d[i] = (next_rand() % 20001) / 100.0 - 100.0;
    qsort(d, 64, sizeof d[0], cmp_double);
    printf("doubles: %.2f %.2f %.2f %.2f\n", d[0], d[1], d[32], d[63]);
}

static void structs(void) {
    const char *names[] = {"ada", "bob", "cy", "dee", "eve", "fay"};
    struct person people[40];
    for (int i = 0; i < 40; i++) {
        strcpy(people[i].name, names[next_rand() % 6]);
        people[i].age = 20 + (int)(next_rand() % 5);
        people[i].id = i;
    }
    qsort(people, 40, sizeof people[0], cmp_person);
    for (int i = 0; i < 40; i += 4)
        printf("person %2d: %-4s age=%d id=%d\n", i, people[i].name, people[i].age, people[i].id);
    struct person key = {"dee", 22, 0};
    int found = -1;
    for (int i = 0; i < 40; i++)
        if (!strcmp(people[i].name, key.name) && people[i].age == key.age) {
            found = people[i].id;
            break;
        }
    printf("first dee aged 22: id=%d\n", found);
}

int main(void) {
    ints();
    strings();
    doubles();
    structs();
    return 0;
}
