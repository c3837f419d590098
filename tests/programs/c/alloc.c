/* Allocation-heavy code: linked lists, a binary search tree, realloc growth,
 * many small allocations and frees, and a hash table with chaining. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state = 12345;
static uint32_t rng(void) {
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) & 0x7fff;
}

/* ---- singly linked list ---- */
struct node {
    int value;
    struct node *next;
};

static struct node *push(struct node *head, int v) {
    struct node *n = malloc(sizeof *n);
    n->value = v;
    n->next = head;
    return n;
}

static struct node *reverse(struct node *head) {
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static void lists(void) {
    struct node *list = NULL;
    for (int i = 0; i < 10000; i++) list = push(list, i * 7 % 1000);
    list = reverse(list);
    long sum = 0, count = 0;
    for (struct node *n = list; n; n = n->next) sum += n->value, count++;
    printf("list: count=%ld sum=%ld first=%d second=%d\n", count, sum, list->value,
           list->next->value);
    /* remove every odd value in place */
    struct node **pp = &list;
    while (*pp) {
        if ((*pp)->value & 1) {
            struct node *dead = *pp;
            *pp = dead->next;
            free(dead);
        } else {
            pp = &(*pp)->next;
        }
    }
    count = sum = 0;
    for (struct node *n = list; n; n = n->next) sum += n->value, count++;
    printf("list after removing odds: count=%ld sum=%ld\n", count, sum);
    while (list) {
        struct node *next = list->next;
        free(list);
        list = next;
    }
}

/* ---- binary search tree ---- */
struct tree {
    int key;
    int count;
    struct tree *left, *right;
};

static struct tree *insert(struct tree *t, int key) {
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = key;
        t->count = 1;
        return t;
    }
    if (key < t->key) t->left = insert(t->left, key);
    else if (key > t->key) t->right = insert(t->right, key);
    else t->count++;
    return t;
}

static int height(const struct tree *t) {
    if (!t) return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}

static int printed;
static void inorder(const struct tree *t, long *nodes, long *total) {
    if (!t) return;
    inorder(t->left, nodes, total);
    ++*nodes;
    *total += t->count;
    if (printed < 12 && t->count > 1) {
        printf(" %d(x%d)", t->key, t->count);
        printed++;
    }
    inorder(t->right, nodes, total);
}

static void free_tree(struct tree *t) {
    if (!t) return;
    free_tree(t->left);
    free_tree(t->right);
    free(t);
}

static void trees(void) {
    struct tree *root = NULL;
    for (int i = 0; i < 20000; i++) root = insert(root, (int)(rng() % 5000));
    long nodes = 0, total = 0;
    printf("tree duplicates:");
    inorder(root, &nodes, &total);
    printf("\ntree: distinct=%ld total=%ld height=%d\n", nodes, total, height(root));
    free_tree(root);
}

/* ---- realloc growth ---- */
static void growth(void) {
    size_t cap = 1, len = 0;
    uint32_t *v = malloc(cap * sizeof *v);
    unsigned reallocs = 0;
    for (uint32_t i = 0; i < 300000; i++) {
        if (len == cap) {
            cap = cap * 3 / 2 + 1;
            v = realloc(v, cap * sizeof *v);
            reallocs++;
        }
        v[len++] = i * i;
    }
    uint64_t check = 0;
    for (size_t i = 0; i < len; i++) check = check * 31 + v[i];
    printf("growth: len=%zu cap=%zu reallocs=%u check=%llu\n", len, cap, reallocs,
           (unsigned long long)check);
    v = realloc(v, 10 * sizeof *v);
    printf("shrunk: %u %u %u\n", v[0], v[3], v[9]);
    free(v);

    /* a string built by repeated appends */
    char *s = NULL;
    size_t slen = 0;
    for (int i = 0; i < 2000; i++) {
        char piece[16];
        int n = snprintf(piece, sizeof piece, "%d,", i);
        s = realloc(s, slen + n + 1);
        memcpy(s + slen, piece, n + 1);
        slen += n;
    }
    printf("appended string: len=%zu head=%.20s tail=%s\n", slen, s, s + slen - 15);
    free(s);
}

/* ---- many small allocations, freed in a scrambled order ---- */
static void churn(void) {
    enum { N = 50000 };
    char **blocks = malloc(N * sizeof *blocks);
    size_t bytes = 0;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) {
            size_t sz = 1 + rng() % 64;
            blocks[i] = malloc(sz);
            memset(blocks[i], (char)(i + round), sz);
            blocks[i][sz - 1] = (char)sz;
            bytes += sz;
        }
        unsigned long check = 0;
        for (int i = 0; i < N; i++) check += (unsigned char)blocks[i][0];
        for (int i = 0; i < N; i++) {
            int j = (int)((i * 7919L) % N);
            free(blocks[j]);
        }
        printf("churn round %d: check=%lu\n", round, check);
    }
    printf("churn: total bytes=%zu\n", bytes);
    free(blocks);
}

/* ---- hash table with chaining ---- */
struct entry {
    char *key;
    int value;
    struct entry *next;
};

static unsigned hash(const char *s) {
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static void table(void) {
    enum { BUCKETS = 257 };
    struct entry *buckets[BUCKETS] = {0};
    for (int i = 0; i < 5000; i++) {
        char key[24];
        snprintf(key, sizeof key, "key-%d", i % 1500);
        unsigned b = hash(key) % BUCKETS;
        struct entry *e = buckets[b];
        while (e && strcmp(e->key, key) != 0) e = e->next;
        if (!e) {
            e = malloc(sizeof *e);
            e->key = strdup(key);
            e->value = 0;
            e->next = buckets[b];
            buckets[b] = e;
        }
        e->value += i;
    }
    int longest = 0, used = 0;
    long total = 0;
    for (int b = 0; b < BUCKETS; b++) {
        int len = 0;
        for (struct entry *e = buckets[b]; e; e = e->next) len++, total += e->value;
        if (len) used++;
        if (len > longest) longest = len;
    }
    const char *probe[] = {"key-0", "key-777", "key-1499", "key-1500"};
    for (int i = 0; i < 4; i++) {
        struct entry *e = buckets[hash(probe[i]) % BUCKETS];
        while (e && strcmp(e->key, probe[i]) != 0) e = e->next;
        printf("lookup %s -> %d\n", probe[i], e ? e->value : -1);
    }
    printf("table: used=%d longest=%d total=%ld\n", used, longest, total);
    for (int b = 0; b < BUCKETS; b++) {
        while (buckets[b]) {
            struct entry *next = buckets[b]->next;
            free(buckets[b]->key);
            free(buckets[b]);
            buckets[b] = next;
        }
    }
}

int main(void) {
    lists();
    trees();
    growth();
    churn();
    table();
    /* a big block well past the initial memory, forcing memory.grow */
    size_t big = 48u << 20;
    unsigned char *p = malloc(big);
    if (!p) {
        puts("big malloc failed");
        return 1;
    }
    for (size_t i = 0; i < big; i += 4096) p[i] = (unsigned char)(i >> 12);
    unsigned long s = 0;
    for (size_t i = 0; i < big; i += 4096) s += p[i];
    printf("big block: %lu\n", s);
    free(p);
    return 0;
}
