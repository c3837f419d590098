#!/bin/sh
# Regenerates the expected results of every end-to-end case (programs and
# wat) by running it under wasmtime 49, the reference:
#
#   tests/programs/expect.sh                 all cases
#   tests/programs/expect.sh wat/ alloc      cases whose label (programs/NAME,
#                                            wat/NAME) contains a filter
#   tests/programs/expect.sh --check         compare with wasmtime, write nothing
#
# WASMTIME=/path/to/wasmtime overrides the wasmtime used. Rebuild the .wasm
# files first (build.sh) if a source changed.
set -eu
cd "$(dirname "$0")/../.."
exec cargo run --quiet -p wasm2native-tests --bin expect -- "$@"
