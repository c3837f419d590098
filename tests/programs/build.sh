#!/bin/sh
# Rebuilds tests/programs/wasm/NAME.wasm from c/NAME.c and rust/NAME.rs.
#
#   tests/programs/build.sh            rebuild everything
#   tests/programs/build.sh NAME...    rebuild only these programs
#
# Needs clang-16 with wasi-libc (sysroot /usr) and libclang-rt-16-dev-wasm32,
# and rustup's wasm32-wasip1 target. The .wasm files are committed, so running
# the tests does not need any of this. After a rebuild, regenerate the
# expectations with expect.sh.
#
# A source may ask for extra compiler flags with a line `// build-flags: ...`.
set -eu
cd "$(dirname "$0")"

CLANG=${CLANG:-clang-16}
RUSTC=${RUSTC:-rustc}

flags_of() {
    sed -n 's|^// build-flags: ||p' "$1"
}

build() {
    src=$1
    name=$(basename "$src")
    name=${name%.*}
    out=wasm/$name.wasm
    case $src in
    *.c)
        # shellcheck disable=SC2046
        $CLANG --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -Wl,--strip-debug \
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
