#!/bin/sh
# Rebuilds greet.wasm (committed) from greet.c as a WASI reactor.
# Needs clang with wasi-libc (Debian: clang-16 wasi-libc libclang-rt-16-dev-wasm32).
set -eu
cd "$(dirname "$0")"
${CLANG:-clang-16} --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor greet.c -o greet.wasm
