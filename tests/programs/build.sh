#!/bin/sh
# Rebuilds tests/programs/wasm/NAME.wasm from c/NAME.c and rust/NAME.rs.
#
#   tests/programs/build.sh            rebuild everything
#   tests/programs/build.sh NAME...    rebuild only these programs
#
# Needs clang-16 with wasi-libc (sysroot /usr) and libclang-rt-16-dev-wasm32
# (clang-22 and libclang-rt-22-dev-wasm32 for the sources that ask for it),
# and rustup's wasm32-wasip1 target. The .wasm files are committed, so running
# the tests does not need any of this. After a rebuild, regenerate the
# expectations with expect.sh.
#
# A source may ask for extra compiler flags with a line `// build-flags: ...`,
# and for another clang (one that knows WebAssembly 3.0's exceptions and tail
# calls) with `// build-clang: clang-22`.
set -eu
cd "$(dirname "$0")"

CLANG=${CLANG:-clang-16}
RUSTC=${RUSTC:-rustc}

flags_of() {
    sed -n 's|^// build-flags: ||p' "$1"
}

clang_of() {
    c=$(sed -n 's|^// build-clang: ||p' "$1")
    echo "${c:-$CLANG}"
}

build() {
    src=$1
    name=$(basename "$src")
    name=${name%.*}
    out=wasm/$name.wasm
    case $src in
    *.c)
        # shellcheck disable=SC2046
        $(clang_of "$src") --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -Wl,--strip-debug \
            $(flags_of "$src") -o "$out" "$src" -lm
        ;;
    *.rs)
        # Relative source path: it appears in panic messages.
        # shellcheck disable=SC2046
        $RUSTC --target wasm32-wasip1 --edition 2021 -C opt-level=2 -C strip=debuginfo -D warnings \
            $(flags_of "$src") -o "$out" "$src"
        ;;
    esac
    echo "built $out ($(wc -c <"$out") bytes)"
}

mkdir -p wasm
if [ $# -eq 0 ]; then
    for src in c/*.c rust/*.rs; do build "$src"; done
else
    for name in "$@"; do
        found=
        for src in "c/$name.c" "rust/$name.rs"; do
            if [ -f "$src" ]; then build "$src"; found=1; fi
        done
        [ -n "$found" ] || { echo "no source for $name" >&2; exit 1; }
    done
fi
