#!/bin/sh
# Rebuilds tests/debug/NAME.wasm (C programs with DWARF, for the debug-info
# tests in tests/tests/debug_info.rs) from NAME.c. Needs clang-16 with
# wasi-libc (sysroot /usr) and libclang-rt-16-dev-wasm32. The .wasm is
# committed, so running the tests does not need these.
set -eu
cd "$(dirname "$0")"
# -O1 keeps the functions and their lines apart while the code stays close
# to what people ship. The compilation directory is recorded as `.`, so a
# debugger run from this directory finds the source wherever the checkout is.
for src in *.c; do
    out=${src%.c}.wasm
    clang-16 --target=wasm32-wasi --sysroot=/usr -O1 -g -fdebug-prefix-map="$(pwd)"=. -o "$out" "$src"
    echo "built $out ($(wc -c <"$out") bytes)"
done
