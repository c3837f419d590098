#!/bin/sh
# Rebuilds tests/hostile/hostile.wasm from hostile.c (and nomem.wasm from
# nomem.wat). Needs clang-16 with wasi-libc (sysroot /usr) and
# libclang-rt-16-dev-wasm32, and wabt's wat2wasm. The .wasm files are
# committed, so running the tests needs none of this. After a rebuild,
# regenerate the expectations with expect.sh.
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-16}
WAT2WASM=${WAT2WASM:-wat2wasm}

# The case table: every `CASE(name)` of hostile.c, in source order.
sed -n 's/^\(CASE\|ONE\)(\([A-Za-z0-9_]*\)[,)].*/X(\2)/p' hostile.c >cases.inc
$CLANG --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -Wl,--strip-debug \
    -o hostile.wasm hostile.c
rm -f cases.inc
$WAT2WASM nomem.wat -o nomem.wasm
echo "built hostile.wasm ($(wc -c <hostile.wasm) bytes), nomem.wasm ($(wc -c <nomem.wasm) bytes)"
