/* Ubuntu's libclang_rt.builtins-wasm32.a is built with -fstack-protector, so
 * its 128-bit division routines (__divti3, __modti3, ...) reference these two
 * symbols, which wasi-libc does not define. Programs using __int128 division
 * link this file (see `// build-flags:` in their source). */
#include <stdint.h>

uintptr_t __stack_chk_guard = 0x2f8a61c3u;

void __stack_chk_fail(void) { __builtin_trap(); }
