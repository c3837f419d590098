#!/bin/sh
# Rebuilds tests/debug/fib.wasm (a C program with DWARF, for the debugger
# test in tests/tests/debug_info.rs) from fib.c. Needs clang-16 with
# wasi-libc (sysroot /usr) and libclang-rt-16-dev-wasm32. The .wasm is
# committed, so running the tests does not need these.
set -eu
cd "$(dirname "$0")"
# -O1 keeps the functions and their lines apart while the code stays close
# to what people ship. The compilation directory is recorded as `.`, so a
# debugger run from this directory finds the source wherever the checkout is.
clang-16 --target=wasm32-wasi --sysroot=/usr -O1 -g -fdebug-prefix-map="$(pwd)"=. -o fib.wasm fib.c
echo "built fib.wasm ($(wc -c <fib.wasm) bytes)"
