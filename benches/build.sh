#!/bin/sh
# Rebuilds the committed benchmark modules and their expected output:
#
#   benches/build.sh          kernels/NAME.c -> kernels/wasm/NAME.wasm, programs/hello.c -> programs/hello.wasm
#
# Needs clang-16 with wasi-libc (sysroot /usr) and wasmtime (WASMTIME=..., else
# the one on PATH). A source may ask for extra clang flags with a line
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
build programs/hello.c programs/hello.wasm
