/* The runtime of clang's `-mllvm -wasm-enable-sjlj` lowering, as
 * wasi-libc's libsetjmp provides it: the three functions it calls and the
 * `__c_longjmp` tag it throws. `longjmp` throws `__c_longjmp` with a pointer
 * to {env, val}; each function that calls `setjmp` catches it and checks
 * whether the env is one of its own. A separate translation unit: the
 * lowering declares these functions itself. */
#include "sjlj.h"

__asm__(".tagtype __c_longjmp i32\n.globl __c_longjmp\n__c_longjmp:\n");

void __wasm_setjmp(void *env, uint32_t label, void *func_invocation_id) {
    jmp_buf *jb = env;
    (*jb)->func_invocation_id = func_invocation_id;
    (*jb)->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *func_invocation_id) {
    jmp_buf *jb = env;
    return (*jb)->func_invocation_id == func_invocation_id ? (*jb)->label : 0;
}

void __wasm_longjmp(void *env, int val) {
    jmp_buf *jb = env;
    if (val == 0)
        val = 1;
    (*jb)->arg.env = env;
    (*jb)->arg.val = val;
    __builtin_wasm_throw(1, &(*jb)->arg);
}
