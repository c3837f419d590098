#!/bin/sh
# Rebuilds tests/threads/wasm/NAME.wasm from NAME.rs for wasm32-wasip1-threads
# (rustup target add wasm32-wasip1-threads). The .wasm files are committed,
# so the tests need no wasm toolchain; they build the same sources natively
# with rustc to compare outputs.
set -eu
cd "$(dirname "$0")"
mkdir -p wasm
for src in *.rs; do
  name=${src%.rs}
  rustc --edition 2021 --target wasm32-wasip1-threads -O -C strip=debuginfo "$src" -o "wasm/$name.wasm"
done
