#!/bin/sh
# Rebuilds tests/components/wasm/NAME.wasm from NAME.rs for wasm32-wasip2
# (rustup target add wasm32-wasip2): components. The .wasm files are
# committed, so the tests need no wasm toolchain.
set -eu
cd "$(dirname "$0")"
mkdir -p wasm
for src in *.rs; do
  name=${src%.rs}
  rustc --edition 2021 --target wasm32-wasip2 -O -C strip=debuginfo "$src" -o "wasm/$name.wasm"
done
