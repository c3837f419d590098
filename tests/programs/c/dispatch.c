/* Function pointers and big switch statements: a small stack-machine
 * interpreter whose opcode dispatch is a dense switch (a br_table), an
 * operator table of function pointers (call_indirect), callbacks, and a
 * sparse switch. */
#include <stdint.h>
#include <stdio.h>

typedef int64_t (*binop)(int64_t, int64_t);
static int64_t op_add(int64_t a, int64_t b) { return a + b; }
static int64_t op_sub(int64_t a, int64_t b) { return a - b; }
static int64_t op_mul(int64_t a, int64_t b) { return a * b; }
static int64_t op_div(int64_t a, int64_t b) { return b ? a / b : 0; }
static int64_t op_mod(int64_t a, int64_t b) { return b ? a % b : 0; }
static int64_t op_and(int64_t a, int64_t b) { return a & b; }
static int64_t op_or(int64_t a, int64_t b) { return a | b; }
static int64_t op_xor(int64_t a, int64_t b) { return a ^ b; }
static int64_t op_shl(int64_t a, int64_t b) { return (int64_t)((uint64_t)a << (b & 63)); }
static int64_t op_shr(int64_t a, int64_t b) { return a >> (b & 63); }
static int64_t op_min(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t op_max(int64_t a, int64_t b) { return a > b ? a : b; }

static const binop binops[] = {op_add, op_sub, op_mul, op_div, op_mod, op_and,
                               op_or,  op_xor, op_shl, op_shr, op_min, op_max};
static const char *const binop_names[] = {"add", "sub", "mul", "div", "mod", "and",
                                          "or",  "xor", "shl", "shr", "min", "max"};

enum op {
    PUSH, POP, DUP, SWAP, OVER, ADD, SUB, MUL, DIV, MOD, NEG, INC, DEC, JMP, JZ, JNZ,
    LOAD, STORE, PRINT, CALLOP, LT, EQ, NOT, HALT
};

/* Interpreter: a dense switch over 24 opcodes. */
static int64_t run(const int64_t *code, int64_t *vars, int trace) {
    int64_t stack[64];
    int sp = 0, pc = 0, steps = 0;
    for (;;) {
        steps++;
        int64_t op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case POP: sp--; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: { int64_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case NEG: stack[sp - 1] = -stack[sp - 1]; break;
        case INC: stack[sp - 1]++; break;
        case DEC: stack[sp - 1]--; break;
        case JMP: pc = (int)code[pc]; break;
        case JZ: pc = stack[--sp] == 0 ? (int)code[pc] : pc + 1; break;
        case JNZ: pc = stack[--sp] != 0 ? (int)code[pc] : pc + 1; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case PRINT: if (trace) printf("  vm print: %lld\n", (long long)stack[sp - 1]); break;
        case CALLOP: sp--; stack[sp - 1] = binops[code[pc++]](stack[sp - 1], stack[sp]); break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case NOT: stack[sp - 1] = !stack[sp - 1]; break;
        case HALT: printf("  vm halted after %d steps, sp=%d\n", steps, sp); return sp ? stack[sp - 1] : 0;
        default: printf("  bad opcode %lld\n", (long long)op); return -1;
        }
    }
}

static void interpreter(void) {
    /* factorial of vars[0], printing the accumulator on each iteration */
    const int64_t code[] = {
        PUSH, 1, STORE, 1,                /* 0: acc = 1 */
        LOAD, 0, JZ, 26,                  /* 4: while n != 0 */
        LOAD, 1, LOAD, 0, MUL, STORE, 1,  /* 8: acc *= n */
        LOAD, 0, DEC, STORE, 0,           /* 15: n -= 1 */
        LOAD, 1, PRINT, POP, JMP, 4,      /* 20: print acc, loop */
        HALT};                            /* 26 */
    int64_t vars[4] = {10, 0, 0, 0};
    run(code, vars, 1);
    printf("vm factorial(10) = %lld\n", (long long)vars[1]);

    /* sum of i*i for i < 1000 using CALLOP for the multiply and the add */
    const int64_t sumsq[] = {
        PUSH, 0, STORE, 0, PUSH, 0, STORE, 1,          /* i = 0, s = 0 */
        LOAD, 0, PUSH, 1000, LT, JZ, 33,               /* 8: while i < 1000 */
        LOAD, 0, DUP, CALLOP, 2, LOAD, 1, CALLOP, 0, STORE, 1, /* s = s + i*i */
        LOAD, 0, INC, STORE, 0, JMP, 8,                /* i++ */
        LOAD, 1, HALT};
    int64_t v2[4] = {0};
    printf("vm sum of squares = %lld\n", (long long)run(sumsq, v2, 0));
}

static void table_of_functions(void) {
    int64_t a = -1234567890123LL, b = 97;
    for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++)
        printf("%s(%lld, %lld) = %lld\n", binop_names[i], (long long)a, (long long)b,
               (long long)binops[i](a, b));
}

/* A callback-driven fold. */
static int64_t fold(const int64_t *v, int n, int64_t init, binop f) {
    for (int i = 0; i < n; i++) init = f(init, v[i]);
    return init;
}

/* A sparse switch (compiled as a compare tree, not a table). */
static const char *http_status(int code) {
    switch (code) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 418: return "I'm a teapot";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "?";
    }
}

/* A dense switch on characters with fallthrough. */
static int classify(int c) {
    int score = 0;
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': score += 10; /* fallthrough */
    case 'b': case 'c': case 'd': case 'f': case 'g': score += 1; break;
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9': score = 100 + (c - '0'); break;
    case ' ': score = -1; break;
    case '.': case ',': case ';': score = -2; break;
    default: score = 0;
    }
    return score;
}

struct shape {
    const char *name;
    double (*area)(const double *dims);
    double dims[2];
};
static double rect_area(const double *d) { return d[0] * d[1]; }
static double tri_area(const double *d) { return d[0] * d[1] / 2; }
static double circle_area(const double *d) { return 3.141592653589793 * d[0] * d[0]; }

int main(void) {
    interpreter();
    table_of_functions();
    int64_t v[] = {5, 3, 9, -4, 12, 7};
    printf("fold add=%lld mul=%lld max=%lld xor=%lld\n", (long long)fold(v, 6, 0, op_add),
           (long long)fold(v, 6, 1, op_mul), (long long)fold(v, 6, INT64_MIN, op_max),
           (long long)fold(v, 6, 0, op_xor));
    int codes[] = {200, 404, 418, 500, 302, 100, 204};
    for (int i = 0; i < 7; i++) printf("%d %s\n", codes[i], http_status(codes[i]));
    const char *text = "a quick, brown fox; 42 dogs.";
    int total = 0;
    for (const char *p = text; *p; p++) total += classify(*p);
    printf("classify score = %d\n", total);
    struct shape shapes[] = {{"rect", rect_area, {3, 4}},
                             {"tri", tri_area, {3, 4}},
                             {"circle", circle_area, {2, 0}}};
    for (int i = 0; i < 3; i++) printf("%s area %.4f\n", shapes[i].name, shapes[i].area(shapes[i].dims));
    return 0;
}
