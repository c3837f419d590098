#!/bin/sh
# Rebuilds the committed benchmark modules and their expected output:
#
#   benches/build.sh          kernels/NAME.c -> kernels/wasm/NAME.wasm, fs/NAME.c -> fs/wasm/NAME.wasm,
#                             programs/hello.c -> programs/hello.wasm,
#                             programs/hello_rust.rs -> programs/hello_rust_p1.wasm (wasm32-wasip1) and
#                             programs/hello_rust_p2.wasm (a wasm32-wasip2 component)
#
# Needs clang-16 with wasi-libc (sysroot /usr), rustc with the wasm32-wasip1
# and wasm32-wasip2 targets, and wasmtime (WASMTIME=..., else the one on PATH). A source may ask for extra clang flags with a line
# `// build-flags: ...`. The expected stdout of each kernel
# (kernels/expected/NAME.stdout) is what wasmtime prints; the runner checks
# every build (wasm2native, wasmtime, gcc) against it.
set -eu
cd "$(dirname "$0")"

CLANG=${CLANG:-clang-16}
WASMTIME=${WASMTIME:-wasmtime}

flags_of() {
    sed -n 's|^// build-flags: ||p' "$1"
}

build() {
    src=$1 out=$2
    # shellcheck disable=SC2046
    $CLANG --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -Wl,--strip-debug \
        $(flags_of "$src") -o "$out" "$src" -lm
    echo "built $out ($(wc -c <"$out") bytes)"
}

mkdir -p kernels/wasm kernels/expected
for src in kernels/*.c; do
    name=$(basename "$src" .c)
    build "$src" "kernels/wasm/$name.wasm"
    "$WASMTIME" run "kernels/wasm/$name.wasm" >"kernels/expected/$name.stdout"
done
mkdir -p fs/wasm
for src in fs/*.c; do
    build "$src" "fs/wasm/$(basename "$src" .c).wasm"
done
build programs/hello.c programs/hello.wasm
for target in wasip1 wasip2; do
    out=programs/hello_rust_${target#wasi}.wasm
    rustc --edition 2021 --target "wasm32-$target" -O -C strip=debuginfo programs/hello_rust.rs -o "$out"
    echo "built $out ($(wc -c <"$out") bytes)"
done
